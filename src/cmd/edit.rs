//! `followup edit`: change what was recorded.

use super::{Context, interviewers, link, non_empty, person, required, set_contact, texts};
use crate::cli::EditArgs;
use crate::error::usage;
use crate::model::{Process, ReplyKind, Time};
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    let company = args
        .company
        .map(|c| required("--company", &c))
        .transpose()?;
    let role = args.role.map(|r| required("--role", &r)).transpose()?;
    let at = args
        .at
        .as_deref()
        .map(|t| {
            ctx.when("--at", t)
                .and_then(|at| ctx.within_horizon("--at", t, at))
        })
        .transpose()?;
    let interviewers = interviewers(&args.interviewer)?;
    let contact = clearable(&args.contact, |text| person("--contact", text))?;
    let new_link = clearable(&args.link, |text| link("--link", text))?;
    let question = texts(args.question);
    let highlight = texts(args.highlight);
    let stumped = texts(args.stumped);
    let red_flag = texts(args.red_flag);
    // Whether anything of a round is to change: only then is a round needed.
    let round_wanted = args.round_number.is_some()
        || at.is_some()
        || args.cancel
        || args.round.is_some()
        || !interviewers.is_empty()
        || args.timeline.is_some()
        || args.instructions.is_some()
        || args.notes.is_some()
        || !(question.is_empty()
            && highlight.is_empty()
            && stumped.is_empty()
            && red_flag.is_empty());

    let (data, id, (index, was)) = ctx.change(&args.process, |process| {
        let before = process.clone();
        process.company = company.unwrap_or(before.company.clone());
        process.role = role.unwrap_or(before.role.clone());
        match contact {
            Some(Some(person)) => set_contact(process, person),
            Some(None) => process.contact = None,
            None => {}
        }
        if let Some(new_link) = new_link {
            process.link = new_link;
        }
        let index = if round_wanted {
            let count = process.rounds.len();
            let index = match args.round_number {
                Some(n) if (1..=count).contains(&n) => n - 1,
                Some(n) if count == 0 => {
                    return Err(usage(format!(
                        "--round-number {n}: {} has no interview round yet (`followup add --process {} --at WHEN` records one)",
                        render::process_name(process),
                        process.id
                    )));
                }
                Some(n) => {
                    return Err(usage(format!(
                        "--round-number {n}: {} has rounds 1 to {count}",
                        render::process_name(process)
                    )));
                }
                None => process
                    .rounds
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, r)| r.at)
                    .map(|(i, _)| i)
                    .ok_or_else(|| {
                        usage(format!(
                            "{} has no interview round to edit yet (`followup add --process {} --at WHEN` records one)",
                            render::process_name(process),
                            process.id
                        ))
                    })?,
            };
            let name = render::process_name(process);
            if let (Some(new), Some(text)) = (at, args.at.as_deref())
                && let Some(reply) = left_without_its_round(process, index, new)
            {
                return Err(usage(format!(
                    "--at {text:?} is {}, before the next-round reply of {} that scheduled round {} of {name}: give a time after that reply (a reply's time is not edited: if it is the one that is wrong, `followup undo` back to before it and log it again with --at)",
                    render::moment(&new, &ctx.now),
                    render::moment(&reply, &ctx.now),
                    index + 1
                )));
            }
            let round = &mut process.rounds[index];
            if args.cancel {
                if round.cancelled {
                    return Err(usage(format!(
                        "round {} of {name} is already cancelled",
                        index + 1
                    )));
                }
                round.cancelled = true;
            }
            if let Some(at) = at {
                // Moving a cancelled round sets it back on: it was rescheduled after all.
                if !args.cancel {
                    round.cancelled = false;
                }
                round.at = at;
                // A span ("two weeks") counts from the interview: count it again from the new time.
                if args.timeline.is_none()
                    && let Some(stated) = &round.timeline
                {
                    round.timeline =
                        ctx.timeline(Some(&stated.text.clone()), &at)?;
                }
            }
            if args.round.is_some() {
                round.label = args.round.and_then(non_empty);
            }
            if !interviewers.is_empty() {
                round.replace_interviewers(interviewers);
            }
            match args.timeline.as_deref().map(str::trim) {
                Some("none") => round.timeline = None,
                Some(text) => {
                    round.timeline = ctx.timeline(Some(text), &round.at)?
                }
                None => {}
            }
            if let Some(text) = args.instructions {
                round.instructions = non_empty(text).filter(|text| text != "none");
            }
            if let Some(notes) = args.notes {
                round.debrief.notes = notes.trim().to_string();
            }
            round.debrief.questions.extend(question);
            round.debrief.highlights.extend(highlight);
            round.debrief.stumped.extend(stumped);
            round.debrief.red_flags.extend(red_flag);
            Some(index)
        } else {
            None
        };
        if *process == before {
            return Err(usage(
                "nothing to change: give at least one of --company, --role, --contact, --link, --at, --cancel, --round, --interviewer, --timeline, --instructions, --notes, --question, --highlight, --stumped, --red-flag with a value not already recorded",
            ));
        }
        Ok((index, index.map(|i| before.rounds[i].at)))
    })?;
    let process = data.process(id).expect("resolved id exists");
    let name = render::process_name(process);
    let Some(index) = index else {
        writeln!(out, "Updated {name}.")?;
        return Ok(());
    };
    writeln!(out, "Updated {name} (round {}).", index + 1)?;
    let round = &process.rounds[index];
    if args.cancel {
        writeln!(
            out,
            "Cancelled round {} ({}): it plans nothing now.",
            index + 1,
            render::moment(&round.at, &ctx.now)
        )?;
    }
    if let Some(was) = was.filter(|was| *was != round.at) {
        writeln!(
            out,
            "Moved round {} from {} to {}.",
            index + 1,
            render::moment(&was, &ctx.now),
            render::moment(&round.at, &ctx.now)
        )?;
    }
    Ok(())
}

/// The next-round reply (its time) that moving round `index` to `new` would leave with no round
/// at or after it, as if its round had never been recorded: the plan would prepare for it again.
/// The latest such reply.
fn left_without_its_round(process: &Process, index: usize, new: Time) -> Option<Time> {
    let rounds: Vec<Time> = process.rounds.iter().map(|r| r.at).collect();
    let mut moved = rounds.clone();
    moved[index] = new;
    let followed = |rounds: &[Time], reply: Time| rounds.iter().any(|at| *at >= reply);
    process
        .replies
        .iter()
        .filter(|r| r.kind == ReplyKind::NextRound && r.next_interview.is_some())
        .map(|r| r.at)
        .filter(|&reply| followed(&rounds, reply) && !followed(&moved, reply))
        .max()
}

/// A new value read by `read`, `Some(None)` for "none" (which clears), `None` when not given.
fn clearable<T>(
    text: &Option<String>,
    read: impl Fn(&str) -> Result<T>,
) -> Result<Option<Option<T>>> {
    match text.as_deref().map(str::trim) {
        None => Ok(None),
        Some("none") => Ok(Some(None)),
        Some(text) => Ok(Some(Some(read(text)?))),
    }
}
