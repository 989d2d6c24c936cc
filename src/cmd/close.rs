//! `followup close`: a process ends.

use super::Context;
use crate::cli::CloseArgs;
use crate::error::usage;
use crate::model::{Closure, Outcome};
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: CloseArgs, out: &mut dyn Write) -> Result<()> {
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    let (mut store, id) = ctx.open_process(&args.process)?;
    let process = store.data.process_mut(id).expect("resolved id exists");
    if let Some(closure) = &process.closed {
        return Err(usage(format!(
            "{} is already closed ({}) since {}",
            render::process_name(process),
            closure.outcome,
            render::moment(&closure.at, &ctx.now)
        )));
    }
    process.closed = Some(Closure {
        outcome: args.outcome,
        at,
    });
    ctx.save(&mut store)?;

    let process = store.data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Closed {} as {}.",
        render::process_name(process),
        args.outcome
    )?;
    if args.outcome == Outcome::Accepted {
        let others: Vec<String> = store
            .data
            .processes
            .iter()
            .filter(|p| p.id != id && p.is_open())
            .map(render::process_name)
            .collect();
        if !others.is_empty() {
            writeln!(
                out,
                "Congratulations. Don't ghost the others: tell them you are withdrawing ({}). `followup due` lists a withdraw for each.",
                others.join(", ")
            )?;
        }
    }
    Ok(())
}
