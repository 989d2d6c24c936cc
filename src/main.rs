use clap::Parser;
use followup::error::{Ending, ending};
use std::process::ExitCode;

fn main() -> ExitCode {
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
