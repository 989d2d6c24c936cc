use clap::Parser;
use followup::error::{Ending, ending};
use std::process::ExitCode;

// Reading the store allocates many small strings; mimalloc makes that markedly cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same number in its versions 2 and 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A run lasts milliseconds and the system takes all its memory back at exit: handing freed
    // pages back to it one by one along the way would only cost time.
    // SAFETY: sets a number in mimalloc's options table; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = followup::cli::Cli::parse();
    match followup::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match ending(&err) {
            Ending::Quiet => ExitCode::SUCCESS,
            Ending::Silent(code) => ExitCode::from(code),
            Ending::Report(code) => {
                eprintln!("followup: {}", followup::render::clean(&format!("{err:#}")));
                ExitCode::from(code)
            }
        },
    }
}
