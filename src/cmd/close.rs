//! `followup close`: a process ends.

use super::Context;
use crate::cli::CloseArgs;
use crate::error::usage;
use crate::model::{Closure, Outcome, ReplyKind};
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
        // Declining is turning an offer down (the decline note says no to it).
        if args.outcome == Outcome::Declined
            && !process.replies.iter().any(|r| r.kind == ReplyKind::Offer)
        {
            return Err(usage(format!(
                "--outcome declined: {} has no offer logged, and declining is turning one down: `followup close {id} --outcome withdrawn` ends it on your side, or log the offer first with `followup log-reply {id} --kind offer`",
                render::process_name(process),
                id = process.id
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
