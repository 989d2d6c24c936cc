//! `followup list`: the processes at a glance.

use super::Context;
use crate::cli::ListArgs;
use crate::model::{Outcome, Process};
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
    next: Option<render::ActionJson<'a>>,
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
    // The first (most urgent) action of each process.
    let mut next: HashMap<u32, Action> = HashMap::new();
    for action in rules::plan(&data.processes, &ctx.policy, &ctx.now) {
        next.entry(action.process).or_insert(action);
    }
    let status = |p: &Process| match &p.closed {
        None => "open".to_string(),
        Some(c) => c.outcome.to_string(),
    };

    if args.json {
        let rows: Vec<Row> = shown
            .iter()
            .map(|p| Row {
                id: p.id,
                company: &p.company,
                role: &p.role,
                rounds: p.rounds.len(),
                last_interview: p.latest_round().map(|r| render::rfc3339(&r.at)),
                status: status(p),
                next: next.get(&p.id).map(|a| render::action_json(a, p, &ctx.now)),
            })
            .collect();
        render::json(out, &rows)?;
        return Ok(());
    }

    if shown.is_empty() {
        let hint = if data.processes.is_empty() && store::read(&ctx.dir)?.processes.is_empty() {
            "record an interview with `followup add --company C --role R`"
        } else {
            "`followup list --all` shows the closed ones"
        };
        writeln!(out, "No open processes: {hint}.")?;
        return Ok(());
    }
    for p in shown {
        let last = p
            .latest_round()
            .map(|r| render::moment(&r.at, &ctx.now))
            .unwrap_or_else(|| "-".to_string());
        let rounds = match p.rounds.len() {
            1 => "1 round".to_string(),
            n => format!("{n} rounds"),
        };
        let state = match p.closed.as_ref().map(|c| c.outcome) {
            None => String::new(),
            Some(Outcome::Rejected) => " [rejected]".to_string(),
            Some(outcome) => format!(" [{outcome}]"),
        };
        writeln!(
            out,
            "{}{state}  ({rounds}, last {last})",
            render::process_name(p)
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
