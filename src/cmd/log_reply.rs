//! `followup log-reply`: the employer answered.

use super::{Context, non_empty};
use crate::cli::LogReplyArgs;
use crate::error::usage;
use crate::model::{Closure, Outcome, Reply, ReplyKind};
use crate::render;
use crate::rules;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: LogReplyArgs, out: &mut dyn Write) -> Result<()> {
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    let timeline = super::timeline(args.timeline.as_deref(), &at, ctx.policy.workweek())?;
    let next_interview = match (&args.next_interview, args.kind) {
        (None, _) => None,
        (Some(text), ReplyKind::NextRound) => Some(ctx.when("--next-interview", text)?),
        (Some(_), kind) => {
            return Err(usage(format!(
                "--next-interview goes with --kind next-round, not {kind}"
            )));
        }
    };
    if timeline.is_some() && matches!(args.kind, ReplyKind::NextRound | ReplyKind::Rejection) {
        return Err(usage(format!(
            "--timeline goes with --kind update, offer or request, not {}",
            args.kind
        )));
    }

    let (data, id, ()) = ctx.change(&args.process, |process| {
        if let Some(closure) = &process.closed {
            return Err(usage(format!(
                "{} was closed ({}) on {}: replies can only be logged on open processes",
                render::process_name(process),
                closure.outcome,
                render::moment(&closure.at, &ctx.now)
            )));
        }
        process.replies.push(Reply {
            from: None,
            uid: Default::default(),
            at,
            kind: args.kind,
            note: args.note.and_then(non_empty),
            timeline,
            next_interview,
        });
        if args.kind == ReplyKind::Rejection {
            process.closed = Some(Closure {
                outcome: Outcome::Rejected,
                at,
            });
        }
        Ok(())
    })?;
    let process = data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Logged {} from {}.",
        args.kind,
        render::process_name(process)
    )?;
    if args.kind == ReplyKind::Rejection {
        writeln!(out, "Closed as rejected.")?;
    }
    writeln!(out, "Plan:")?;
    let actions = rules::plan_process(process, &data.processes, &ctx.policy, &ctx.now);
    render::plan(out, &actions, &ctx.now)?;
    Ok(())
}
