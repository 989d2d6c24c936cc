//! `followup due`: what to send today and why.

use super::Context;
use crate::cli::DueArgs;
use crate::error::{EXIT_OVERDUE, SilentExit};
use crate::model::Process;
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
    // Closed processes with nothing left to do are in the archive, which `due` does not read.
    let data = store::read_in_play(&ctx.dir)?;
    let horizon = ctx.now.fixed_offset() + Duration::days(i64::from(args.days));
    let mut actions = rules::plan(&data.processes, &ctx.policy, &ctx.now);
    // Due or overdue, or upcoming within the horizon unless the user snoozed it out of sight.
    actions.retain(|a| a.status != Status::Upcoming || (a.from <= horizon && a.snoozed.is_none()));
    let by_id: HashMap<u32, &Process> = data.processes.iter().map(|p| (p.id, p)).collect();
    let open = data.processes.iter().filter(|p| p.is_open()).count();
    // One notification for what is due now, or nothing at all; nothing on the output.
    if args.notify {
        let path = ctx.config_path.as_ref().map(|(path, _)| path.as_path());
        return crate::notify::send(&ctx.notify, path, &actions, &by_id, &ctx.now);
    }
    if args.json {
        let report = DueJson {
            now: render::rfc3339(&ctx.now.fixed_offset()),
            open_processes: open,
            actions: actions
                .iter()
                .map(|a| render::action_json(a, by_id[&a.process], &ctx.now))
                .collect(),
        };
        render::json(out, &report)?;
    } else if args.count {
        let pressing = actions
            .iter()
            .filter(|a| a.status != Status::Upcoming)
            .count();
        writeln!(out, "{pressing}")?;
    } else {
        // Nothing in play may still mean closed processes in the archive: only a store with
        // nothing at all is a new user's.
        if data.processes.is_empty() && store::read(&ctx.dir)?.processes.is_empty() {
            writeln!(out, "Nothing due: nothing is recorded yet.")?;
            writeln!(
                out,
                "Start with an application, `followup apply --company C --role R`, or an interview, `followup add --company C --role R --at WHEN`."
            )?;
            writeln!(
                out,
                "`followup demo` shows a week at work in a throwaway store."
            )?;
        } else {
            human(
                ctx,
                &actions,
                &by_id,
                open,
                rules::search_over(&data.processes),
                args.days,
                out,
            )?;
        }
    }
    if args.exit_code && actions.iter().any(|a| a.status == Status::Overdue) {
        return Err(SilentExit(EXIT_OVERDUE).into());
    }
    Ok(())
}

/// The actions of one status gathered by panel: those that differ only by the person they are
/// owed to, with the same window (the thank-yous of one round, its connects), in one group, in
/// the order of the first of each.
fn panels<'a>(actions: impl Iterator<Item = &'a Action>) -> Vec<Vec<&'a Action>> {
    let mut panels: Vec<Vec<&Action>> = Vec::new();
    // Each panel's place by what its actions share, so grouping stays linear in the plan.
    let mut places: HashMap<_, usize> = HashMap::new();
    for action in actions {
        let k = &action.key;
        let same = (
            action.process,
            k.action,
            k.anchor,
            k.seq,
            action.from,
            action.by,
            action.snoozed,
        );
        match places.get(&same) {
            Some(&place) => panels[place].push(action),
            None => {
                places.insert(same, panels.len());
                panels.push(vec![action]);
            }
        }
    }
    panels
}

fn human(
    ctx: &Context,
    actions: &[Action],
    by_id: &HashMap<u32, &Process>,
    open: usize,
    accepted: bool,
    days: u32,
    out: &mut dyn Write,
) -> Result<()> {
    let paint = Paint::new(ctx.color);
    let groups = [
        (Status::Overdue, "Overdue".to_string()),
        (Status::Due, "Due now".to_string()),
        (
            Status::Upcoming,
            format!("Coming up in the next {days} days"),
        ),
    ];
    // Sections are separated by a blank line.
    let mut blank = "";
    if actions.iter().all(|a| a.status == Status::Upcoming) {
        writeln!(out, "{}", paint.good("Nothing due."))?;
        blank = "\n";
    }
    for (status, heading) in groups {
        let mut group = actions.iter().filter(|a| a.status == status).peekable();
        if group.peek().is_none() {
            continue;
        }
        writeln!(out, "{blank}{}", paint.heading(status, &heading))?;
        blank = "\n";
        for mut panel in panels(group) {
            // The people in the order the round lists them.
            let process = by_id[&panel[0].process];
            let place = |a: &Action| {
                process
                    .rounds
                    .iter()
                    .flat_map(|r| &r.interviewers)
                    .position(|i| Some(i.uid) == a.key.person)
            };
            panel.sort_by_key(|a| place(a));
            let action = panel[0];
            writeln!(
                out,
                "  {}: {}  {}",
                render::process_name(by_id[&action.process]),
                paint.strong(&render::group_title(&panel)),
                paint.status(status, &render::relative(action, &ctx.now)),
            )?;
            render::details(out, "      ", action, &ctx.now)?;
            if status != Status::Upcoming {
                // One command per person, each complete when pasted.
                for action in &panel {
                    let hint = render::hint_command(action);
                    writeln!(out, "      {}", paint.dim(&render::clean(&hint)))?;
                }
            }
        }
    }
    // Keep the pipeline full, unless the search is over.
    if open < ctx.policy.min_open_processes as usize && !accepted {
        let count = match open {
            0 => "No process is open".to_string(),
            1 => "Only 1 process is open".to_string(),
            n => format!("Only {n} processes are open"),
        };
        writeln!(
            out,
            "{blank}{count}: keep applying, a full pipeline takes the pressure off each one."
        )?;
    }
    Ok(())
}
