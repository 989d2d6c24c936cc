//! `followup export`.

use super::Context;
use crate::cli::ExportArgs;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(_ctx: &Context, _args: ExportArgs, _out: &mut dyn Write) -> Result<()> {
    bail!("followup export is not available yet")
}
