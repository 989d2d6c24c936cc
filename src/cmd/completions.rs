//! `followup completions` and `followup man`, generated from the clap definitions.

use crate::cli::{Cli, CompletionsArgs};
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    clap_complete::generate(args.shell, &mut Cli::command(), "followup", out);
    Ok(())
}

pub fn man(out: &mut dyn Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
