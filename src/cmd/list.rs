//! `followup list`: the processes at a glance.

use super::Context;
use crate::cli::ListArgs;
use crate::model::{Contact, ContactKind, Process, ReplyKind, Stage, Time};
use crate::render;
use crate::rules::{self, Action};
use crate::store;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Serialize)]
struct Row<'a> {
    id: u32,
    company: &'a str,
    role: &'a str,
    rounds: usize,
    last_interview: Option<String>,
    /// `open` or the outcome.
    status: String,
    /// applied, scheduled, interviewing, offer, or how it ended.
    stage: Stage,
    last_contact: Option<ContactJson>,
    next: Option<render::ActionJson<'a>>,
}

/// The last contact: when, what (`interview`, `application`, the reply's kind or the action
/// sent) and which way (`both` for an interview, `in` from them, `out` from you).
#[derive(Serialize)]
struct ContactJson {
    at: String,
    what: String,
    direction: &'static str,
}

fn contact_json(contact: &Contact) -> ContactJson {
    let (what, direction) = match contact.what {
        ContactKind::Interview => ("interview".to_string(), "both"),
        ContactKind::Application => ("application".to_string(), "out"),
        ContactKind::Reply(kind) => (kind.to_string(), "in"),
        ContactKind::Sent(kind) => (kind.to_string(), "out"),
    };
    ContactJson {
        at: render::rfc3339(&contact.at),
        what,
        direction,
    }
}

/// The last contact in words: "their offer, 3 days ago", "you sent a follow-up, today".
fn contact_text(contact: &Contact, now: &Time) -> String {
    let what = match contact.what {
        ContactKind::Interview => "interview".to_string(),
        ContactKind::Application => "you applied".to_string(),
        ContactKind::Reply(ReplyKind::NextRound) => "their invitation to a next round".to_string(),
        ContactKind::Reply(kind) => format!("their {kind}"),
        ContactKind::Sent(kind) => format!("you sent the {kind}"),
    };
    format!("{what}, {}", ago(&contact.at, now))
}

/// How long ago, in days: "today", "yesterday", "5 days ago".
fn ago(at: &Time, now: &Time) -> String {
    let days = (now.date_naive() - at.with_timezone(&now.timezone()).date_naive()).num_days();
    match days {
        ..=0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    }
}

pub fn run(ctx: &Context, args: ListArgs, out: &mut dyn Write) -> Result<()> {
    // Without --all, only open processes are shown, and those in play are all the plan needs.
    let data = if args.all {
        store::read(&ctx.dir)?
    } else {
        store::read_in_play(&ctx.dir)?
    };
    let shown: Vec<&Process> = data
        .processes
        .iter()
        .filter(|p| args.all || p.is_open())
        .collect();
    let now = ctx.now.fixed_offset();
    // The first (most urgent) action of each process.
    let mut next: HashMap<u32, Action> = HashMap::new();
    for action in rules::plan(&data.processes, &ctx.policy, &ctx.now) {
        next.entry(action.process).or_insert(action);
    }

    if args.json {
        let rows: Vec<Row> = shown
            .iter()
            .map(|p| Row {
                id: p.id,
                company: &p.company,
                role: &p.role,
                rounds: p.rounds.len(),
                last_interview: p.latest_round().map(|r| render::rfc3339(&r.at)),
                status: p
                    .closed
                    .as_ref()
                    .map_or("open".into(), |c| c.outcome.to_string()),
                stage: p.stage(&now),
                last_contact: p.last_contact(&now).as_ref().map(contact_json),
                next: next.get(&p.id).map(|a| render::action_json(a, p, &ctx.now)),
            })
            .collect();
        render::json(out, &rows)?;
        return Ok(());
    }

    if shown.is_empty() {
        let hint = if data.processes.is_empty() && store::read(&ctx.dir)?.processes.is_empty() {
            "record an application with `followup apply --company C --role R`, or an interview with `followup add --company C --role R`"
        } else {
            "`followup list --all` shows the closed ones"
        };
        writeln!(out, "No open processes: {hint}.")?;
        return Ok(());
    }
    for p in shown {
        let rounds = match p.rounds.iter().filter(|r| !r.cancelled).count() {
            0 => "no interview yet".to_string(),
            n => render::count(n, "round"),
        };
        let stage = match p.stage(&now) {
            Stage::Scheduled => format!(
                "scheduled {}",
                p.latest_held_or_scheduled()
                    .map(|r| render::moment(&r.at, &ctx.now))
                    .unwrap_or_default()
            ),
            stage => stage.to_string(),
        };
        let last = p
            .last_contact(&now)
            .map(|c| contact_text(&c, &now))
            .unwrap_or_else(|| "none yet".to_string());
        writeln!(
            out,
            "{}  [{stage}]  ({rounds}; last contact: {last})",
            render::process_name(p),
        )?;
        if let Some(action) = next.get(&p.id) {
            writeln!(
                out,
                "    next: {}, {} ({})",
                render::title(action),
                render::window(action, &ctx.now),
                action.status
            )?;
        }
    }
    Ok(())
}
