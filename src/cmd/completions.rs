//! `followup completions` and `followup man`, generated from the clap definitions.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use anyhow::{Context as _, Result};
use clap::CommandFactory;
use std::io::Write;

pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    clap_complete::generate(args.shell, &mut Cli::command(), "followup", out);
    Ok(())
}

pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<()> {
    match args.output_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .and_then(|()| super::man::generate_to(&dir))
                .with_context(|| {
                    format!("could not write the manual pages to {}", dir.display())
                })?;
            writeln!(out, "Wrote the manual pages to {}.", dir.display())?;
        }
        None => super::man::render(out)?,
    }
    Ok(())
}
