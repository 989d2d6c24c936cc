use followup::error::{Ending, ending};
use std::process::ExitCode;

fn main() -> ExitCode {
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
