//! `followup reopen`: a closed process comes back in play.

use super::{Context, print_plan};
use crate::cli::ProcessArg;
use crate::error::usage;
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: ProcessArg, out: &mut dyn Write) -> Result<()> {
    let (data, id, closure) = ctx.change(&args.process, |process| {
        process.closed.take().ok_or_else(|| {
            usage(format!(
                "{} is open: there is nothing to reopen",
                render::process_name(process)
            ))
        })
    })?;
    let process = data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Reopened {} (it was closed as {} on {}).",
        render::process_name(process),
        closure.outcome,
        render::moment(&closure.at, &ctx.now)
    )?;
    print_plan(ctx, &data, process, out)
}
