//! `followup list`: the processes at a glance.

use super::Context;
use crate::cli::ListArgs;
use crate::model::Process;
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
        let rounds = render::count(p.rounds.len(), "round");
        let state = p.closed.as_ref().map(|c| format!(" [{}]", c.outcome));
        writeln!(
            out,
            "{}{}  ({rounds}, last {last})",
            render::process_name(p),
            state.unwrap_or_default()
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
