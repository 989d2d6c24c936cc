//! `followup import`.

use super::Context;
use crate::cli::ImportArgs;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_ctx: &Context, _args: ImportArgs, _out: &mut dyn Write) -> Result<()> {
    bail!("followup import is not available yet")
}
