//! `followup log-reply`: the employer answered.

use super::{Context, non_empty, person, print_plan};
use crate::cli::LogReplyArgs;
use crate::error::usage;
use crate::model::{Closure, Debrief, Outcome, Reply, ReplyKind, Round, Time};
use crate::render;
use anyhow::Result;
use std::io::Write;

/// What the reply changed besides itself, for the output.
#[derive(Default)]
struct Changes {
    /// The closure of a no-response process the reply reopened.
    reopened: Option<Closure>,
    /// The scheduled round's number, and its time before when it was moved.
    scheduled: Option<(usize, Option<Time>)>,
    /// The writer became the process's contact.
    new_contact: bool,
}

pub fn run(ctx: &Context, args: LogReplyArgs, out: &mut dyn Write) -> Result<()> {
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    let now = ctx.now.fixed_offset();
    let timeline = ctx.timeline(args.timeline.as_deref(), &at)?;
    let next_interview = match (&args.next_interview, args.kind) {
        (None, _) => None,
        (Some(text), ReplyKind::NextRound) => Some(ctx.when_ahead("--next-interview", text)?),
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
    let from = args
        .from
        .as_deref()
        .map(|text| person("--from", text))
        .transpose()?;

    let (data, id, changes) = ctx.change(&args.process, |process| {
        let mut changes = Changes::default();
        if let Some(closure) = &process.closed {
            // A late answer to a silence puts the process back in play; other endings are the
            // user's to undo.
            if closure.outcome != Outcome::NoResponse {
                return Err(usage(format!(
                    "{} was closed ({}) on {}: `followup reopen {}` puts it back in play, then log the reply",
                    render::process_name(process),
                    closure.outcome,
                    render::moment(&closure.at, &ctx.now),
                    process.id
                )));
            }
            changes.reopened = process.closed.take();
        }
        if let Some(writer) = &from
            && process.contact.is_none()
        {
            process.contact = Some(writer.clone());
            changes.new_contact = true;
        }
        process.replies.push(Reply {
            from,
            uid: Default::default(),
            at,
            kind: args.kind,
            note: args.note.and_then(non_empty),
            timeline,
            next_interview,
        });
        if let Some(interview) = next_interview {
            // Never two scheduled rounds: a new date moves the one already scheduled.
            changes.scheduled = Some(match process.scheduled_round(&now) {
                Some(index) => {
                    let round = &mut process.rounds[index];
                    let was = round.at;
                    round.at = interview;
                    if let Some(stated) = &round.timeline {
                        round.timeline = ctx.timeline(Some(&stated.text.clone()), &interview)?;
                    }
                    (index + 1, Some(was))
                }
                None => {
                    process.rounds.push(Round {
                        uid: Default::default(),
                        at: interview,
                        label: None,
                        interviewers: vec![],
                        timeline: None,
                        instructions: None,
                        debrief: Debrief::default(),
                        cancelled: false,
                    });
                    (process.rounds.len(), None)
                }
            });
        }
        if args.kind == ReplyKind::Rejection {
            process.closed = Some(Closure {
                outcome: Outcome::Rejected,
                at,
            });
        }
        Ok(changes)
    })?;
    let process = data.process(id).expect("resolved id exists");
    let name = render::process_name(process);
    if let Some(closure) = &changes.reopened {
        writeln!(
            out,
            "Reopened {name}: it was closed as no-response on {}, and they answered.",
            render::moment(&closure.at, &ctx.now)
        )?;
    }
    writeln!(out, "Logged {} from {name}.", args.kind)?;
    if args.kind == ReplyKind::Rejection {
        writeln!(out, "Closed as rejected.")?;
    }
    match changes.scheduled {
        Some((number, Some(was))) => writeln!(
            out,
            "Moved round {number} from {} to {}.",
            render::moment(&was, &ctx.now),
            render::moment(&process.rounds[number - 1].at, &ctx.now)
        )?,
        Some((number, None)) => writeln!(
            out,
            "Scheduled round {number} for {}; add who you will meet with `followup edit {id} --round-number {number} --interviewer \"Name <email>, Title\"`.",
            render::moment(&process.rounds[number - 1].at, &ctx.now)
        )?,
        None => {}
    }
    if changes.new_contact
        && let Some(contact) = &process.contact
    {
        writeln!(
            out,
            "{} is now the contact of {name}: follow-ups go to them (`followup edit {id} --contact ...` changes it).",
            render::clean(&contact.to_string())
        )?;
    }
    print_plan(ctx, &data, process, out)
}
