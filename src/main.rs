use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = followup::cli::Cli::parse();
    match followup::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match followup::error::exit_code(&err) {
            None => ExitCode::SUCCESS,
            Some(code) => {
                eprintln!("followup: {}", followup::render::clean(&format!("{err:#}")));
                ExitCode::from(code as u8)
            }
        },
    }
}
