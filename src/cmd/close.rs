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
    let (data, id, ()) = ctx.change(&args.process, |process| {
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
        Ok(())
    })?;
    let process = data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Closed {} as {}.",
        render::process_name(process),
        args.outcome
    )?;
    let others: Vec<String> = data
        .processes
        .iter()
        .filter(|p| p.id != id && p.is_open())
        .map(render::process_name)
        .collect();
    if args.outcome == Outcome::Declined {
        writeln!(
            out,
            "Tell them graciously, leaving the door open: `followup due` lists a decline note, and `followup draft {id} decline` writes it."
        )?;
    }
    if args.outcome == Outcome::Accepted && !others.is_empty() {
        writeln!(
            out,
            "Congratulations. Don't ghost the others: tell them you are withdrawing ({}). `followup due` lists a withdraw for each.",
            others.join(", ")
        )?;
    }
    Ok(())
}
