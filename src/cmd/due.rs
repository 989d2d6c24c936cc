//! `followup due`: what to send today and why.

use super::Context;
use crate::cli::DueArgs;
use crate::error::SilentExit;
use crate::model::{Outcome, Process};
use crate::render::{self, Paint};
use crate::rules::{self, Action, Status};
use crate::store;
use anyhow::Result;
use chrono::Duration;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Serialize)]
struct DueJson<'a> {
    now: String,
    open_processes: usize,
    actions: Vec<render::ActionJson<'a>>,
}

pub fn run(ctx: &Context, args: DueArgs, out: &mut dyn Write) -> Result<()> {
    // Closed processes with nothing left to do are not decoded (only checksummed).
    let data = store::read_in_play(&ctx.dir)?;
    let horizon = ctx.now.fixed_offset() + Duration::days(i64::from(args.days));
    let mut actions = rules::plan(&data.processes, &ctx.policy, &ctx.now);
    // Upcoming actions within the horizon, unless the user snoozed them out of sight.
    actions.retain(|a| a.status != Status::Upcoming || (a.from <= horizon && !a.snoozed));
    let overdue = actions.iter().any(|a| a.status == Status::Overdue);

    if args.count {
        let pressing = actions
            .iter()
            .filter(|a| a.status != Status::Upcoming)
            .count();
        writeln!(out, "{pressing}")?;
    } else if args.json {
        let by_id: HashMap<u32, &Process> = data.processes.iter().map(|p| (p.id, p)).collect();
        let report = DueJson {
            now: render::rfc3339(&ctx.now.fixed_offset()),
            open_processes: data.processes.iter().filter(|p| p.is_open()).count(),
            actions: actions
                .iter()
                .map(|a| render::action_json(a, by_id[&a.process]))
                .collect(),
        };
        render::json(out, &report)?;
    } else {
        human(ctx, &data.processes, &actions, args.days, out)?;
    }
    // The process ends right after: freeing the records one by one would only cost time.
    std::mem::forget(actions);
    std::mem::forget(data);
    if args.exit_code && overdue {
        return Err(SilentExit(1).into());
    }
    Ok(())
}

fn human(
    ctx: &Context,
    processes: &[Process],
    actions: &[Action],
    days: u32,
    out: &mut dyn Write,
) -> Result<()> {
    let paint = Paint::new(ctx.color);
    let by_id: HashMap<u32, &Process> = processes.iter().map(|p| (p.id, p)).collect();
    let groups = [
        (Status::Overdue, "Overdue".to_string()),
        (Status::Due, "Due now".to_string()),
        (
            Status::Upcoming,
            format!("Coming up in the next {days} days"),
        ),
    ];
    // Sections are separated by a blank line.
    let mut first_section = true;
    let mut section = |out: &mut dyn Write| -> std::io::Result<()> {
        if !std::mem::take(&mut first_section) {
            writeln!(out)?;
        }
        Ok(())
    };
    if !actions.iter().any(|a| a.status != Status::Upcoming) {
        section(out)?;
        writeln!(out, "{}", paint.good("Nothing due."))?;
    }
    for (status, heading) in groups {
        let group: Vec<&Action> = actions.iter().filter(|a| a.status == status).collect();
        if group.is_empty() {
            continue;
        }
        section(out)?;
        writeln!(out, "{}", paint.heading(status, &heading))?;
        for action in group {
            let process = by_id[&action.process];
            writeln!(
                out,
                "  {}: {}  {}",
                render::process_name(process),
                paint.strong(&render::title(action)),
                paint.status(status, &render::relative(action, &ctx.now)),
            )?;
            writeln!(out, "      {}", render::clean(&action.reason))?;
            if let Some(instructions) = &action.instructions {
                writeln!(
                    out,
                    "      their instructions: {}",
                    render::clean(instructions)
                )?;
            }
            if status != Status::Upcoming {
                writeln!(
                    out,
                    "      {}",
                    paint.dim(&render::clean(&render::done_command(action)))
                )?;
            }
        }
    }
    // Keep the pipeline full, unless the search is over.
    let open = processes.iter().filter(|p| p.is_open()).count();
    let accepted = processes.iter().any(|p| {
        p.closed
            .as_ref()
            .is_some_and(|c| c.outcome == Outcome::Accepted)
    });
    if open < ctx.policy.min_open_processes as usize && !accepted {
        let count = match open {
            0 => "No process is open".to_string(),
            1 => "Only 1 process is open".to_string(),
            n => format!("Only {n} processes are open"),
        };
        section(out)?;
        writeln!(
            out,
            "{count}: keep applying, a full pipeline takes the pressure off each one."
        )?;
    }
    Ok(())
}
