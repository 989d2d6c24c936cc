//! `followup show`: everything about one process.

use super::{Context, resolve};
use crate::cli::ShowArgs;
use crate::exchange;
use crate::model::{MarkState, Process, Timeline};
use crate::render::{self, clean};
use crate::rules;
use crate::store;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct ShowJson<'a> {
    process: &'a Process,
    actions: Vec<render::ActionJson<'a>>,
    expired: Vec<ExpiredJson<'a>>,
}

/// An action that expired unsent: its shape in `due --json`, and when it expired.
#[derive(Serialize)]
struct ExpiredJson<'a> {
    #[serde(flatten)]
    action: render::ActionJson<'a>,
    expired: String,
}

pub fn run(ctx: &Context, args: ShowArgs, out: &mut dyn Write) -> Result<()> {
    let data = store::read(&ctx.dir)?;
    let id = resolve(&data, &args.process)?;
    let p = data.process(id).expect("resolved id exists");
    let actions = rules::plan_process(p, &data.processes, &ctx.policy, &ctx.now);
    let expired = rules::expired_process(p, &data.processes, &ctx.policy, &ctx.now);
    if args.json {
        let report = ShowJson {
            process: p,
            actions: actions
                .iter()
                .map(|a| render::action_json(a, p, &ctx.now))
                .collect(),
            expired: expired
                .iter()
                .map(|e| ExpiredJson {
                    action: render::action_json(&e.action, p, &ctx.now),
                    expired: render::rfc3339(&e.at),
                })
                .collect(),
        };
        render::json(out, &report)?;
        return Ok(());
    }

    let when = |t| render::moment(t, &ctx.now);
    let stated = |t: &Timeline| match t.date {
        Some(date) => format!("{} ({})", clean(&t.text), render::date(date, &ctx.now)),
        None => format!("{} (no date)", clean(&t.text)),
    };
    writeln!(out, "{}", render::process_name(p))?;
    match &p.closed {
        None => writeln!(out, "open since {}", when(&p.created))?,
        Some(c) => writeln!(out, "closed: {} on {}", c.outcome, when(&c.at))?,
    }
    if let Some(applied) = &p.applied {
        writeln!(out, "applied {}", when(applied))?;
    }
    if let Some(link) = &p.link {
        writeln!(out, "posting: {}", clean(link))?;
    }
    if let Some(contact) = &p.contact {
        writeln!(out, "contact: {}", clean(&contact.to_string()))?;
    }
    // The id another tracker gave it; not the fingerprint an import keeps of a row without one.
    if let Some(external) = p.external_ref.as_ref().filter(|r| exchange::is_their_id(r)) {
        writeln!(out, "tracker id: {}", clean(external))?;
    }
    for (i, round) in p.rounds.iter().enumerate() {
        let label = clean(round.label.as_deref().unwrap_or("interview"));
        let state = if round.cancelled {
            " (cancelled)"
        } else if round.at > ctx.now.fixed_offset() {
            " (scheduled)"
        } else {
            ""
        };
        writeln!(
            out,
            "\nRound {}: {label}, {}{state}",
            i + 1,
            when(&round.at)
        )?;
        for person in &round.interviewers {
            writeln!(out, "  with {}", clean(&person.to_string()))?;
        }
        if let Some(t) = &round.timeline {
            writeln!(out, "  they said: {}", stated(t))?;
        }
        if let Some(instructions) = &round.instructions {
            writeln!(out, "  follow-up instructions: {}", clean(instructions))?;
        }
        let d = &round.debrief;
        if d.is_empty() && !round.cancelled && round.at <= ctx.now.fixed_offset() {
            writeln!(out, "  no debrief yet")?;
            continue;
        }
        if d.is_empty() {
            continue;
        }
        let prose = [
            ("notes", &d.notes),
            ("answers", &d.answers),
            ("felt", &d.feelings),
            ("want it", &d.want_it),
        ];
        for (name, text) in prose {
            for line in text.lines() {
                writeln!(out, "  {name}: {}", clean(line))?;
            }
        }
        let lists = [
            ("asked", &d.questions),
            ("highlight", &d.highlights),
            ("stumped", &d.stumped),
            ("red flag", &d.red_flags),
        ];
        for (name, items) in lists {
            for item in items {
                writeln!(out, "  {name}: {}", clean(item))?;
            }
        }
    }
    if !p.replies.is_empty() {
        writeln!(out, "\nReplies")?;
        for reply in &p.replies {
            write!(out, "  {} {}", when(&reply.at), reply.kind)?;
            if let Some(t) = &reply.timeline {
                write!(out, ", {}", stated(t))?;
            }
            if let Some(next) = &reply.next_interview {
                write!(out, ", next interview {}", when(next))?;
            }
            if let Some(from) = &reply.from {
                write!(out, ", from {}", clean(&from.name))?;
            }
            if let Some(note) = &reply.note {
                write!(out, ": {}", clean(note))?;
            }
            writeln!(out)?;
        }
    }
    if !p.marks.is_empty() {
        writeln!(out, "\nDone and set aside")?;
        for mark in &p.marks {
            let person = mark
                .key
                .person
                .and_then(|uid| p.interviewer(uid))
                .map(|i| format!(" to {}", clean(&i.name)))
                .unwrap_or_default();
            let state = match &mark.state {
                MarkState::Done { at } => format!("done {}", when(at)),
                MarkState::Dismissed { at } => format!("dismissed {}", when(at)),
                MarkState::Snoozed { until } => format!("snoozed until {}", when(until)),
            };
            writeln!(out, "  {}{person}: {state}", mark.key.action)?;
        }
    }
    writeln!(out, "\nPlan")?;
    render::plan(out, &actions, &ctx.now)?;
    for gone in &expired {
        writeln!(out, "  {}", render::expired(gone, &ctx.now))?;
    }
    Ok(())
}
