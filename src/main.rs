use followup::error::{Ending, ending};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Over a file size limit (`ulimit -f`), a write fails with "File too large" instead of the
    // signal killing the process mid-change: the store is then left as it was, with a message.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let (cli, command) = followup::cli::Cli::parse_named();
    match followup::cmd::run(cli, command) {
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
