//! `followup edit`: change what was recorded.

use super::{Context, interviewers, non_empty, required, texts, timeline};
use crate::cli::EditArgs;
use crate::error::usage;
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: EditArgs, out: &mut dyn Write) -> Result<()> {
    let company = args
        .company
        .map(|c| required("--company", &c))
        .transpose()?;
    let role = args.role.map(|r| required("--role", &r)).transpose()?;
    let at = args.at.map(|t| ctx.when("--at", &t)).transpose()?;
    let interviewers = interviewers(&args.interviewer)?;

    let (data, id, index) = ctx.change(&args.process, |process| {
        let before = process.clone();
        process.company = company.unwrap_or(before.company.clone());
        process.role = role.unwrap_or(before.role.clone());
        let count = process.rounds.len();
        let index = match args.round_number {
            Some(n) if (1..=count).contains(&n) => n - 1,
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
                .ok_or_else(|| usage("this process has no interview round to edit"))?,
        };
        let round = &mut process.rounds[index];
        if let Some(at) = at {
            round.at = at;
            // A span ("two weeks") counts from the interview: count it again from the new time.
            if args.timeline.is_none()
                && let Some(stated) = &round.timeline
            {
                round.timeline = timeline(Some(&stated.text.clone()), &at, ctx.policy.workweek())?;
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
            Some(text) => round.timeline = timeline(Some(text), &round.at, ctx.policy.workweek())?,
            None => {}
        }
        if let Some(text) = args.instructions {
            round.instructions = non_empty(text).filter(|text| text != "none");
        }
        if let Some(notes) = args.notes {
            round.debrief.notes = notes.trim().to_string();
        }
        round.debrief.questions.extend(texts(args.question));
        round.debrief.highlights.extend(texts(args.highlight));
        round.debrief.stumped.extend(texts(args.stumped));
        round.debrief.red_flags.extend(texts(args.red_flag));
        if *process == before {
            return Err(usage(
                "nothing to change: give at least one of --company, --role, --at, --round, --interviewer, --timeline, --instructions, --notes, --question, --highlight, --stumped, --red-flag with a value not already recorded",
            ));
        }
        Ok(index)
    })?;
    let process = data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Updated {} (round {}).",
        render::process_name(process),
        index + 1
    )?;
    Ok(())
}
