//! `followup due`: what to send today and why.

mod cache;

use super::Context;
use crate::cli::DueArgs;
use crate::error::SilentExit;
use crate::model::{Outcome, Process, Time};
use crate::policy::Policy;
use crate::render::{self, Paint};
use crate::rules::{self, Status};
use crate::store;
use anyhow::Result;
use chrono::{DateTime, Duration, Local};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::time::SystemTime;

#[derive(Serialize)]
struct DueJson<'a> {
    now: String,
    open_processes: usize,
    actions: Vec<render::ActionJson<'a>>,
}

pub fn run(ctx: &Context, args: DueArgs, out: &mut dyn Write) -> Result<()> {
    let overdue = if args.json {
        json(ctx, &args, out)?
    } else {
        text(ctx, &args, out)?
    };
    if args.exit_code && overdue {
        return Err(SilentExit(1).into());
    }
    Ok(())
}

/// The text report (or the count): from the cache while the store, the settings and the time
/// zone are unchanged, otherwise from the store (then cached). Says whether anything is overdue.
fn text(ctx: &Context, args: &DueArgs, out: &mut dyn Write) -> Result<bool> {
    let started = SystemTime::now();
    let stamp = store::stamp(&ctx.dir);
    let key = stamp.as_ref().and_then(|stamp| cache::key(ctx, stamp));
    let cached = stamp
        .as_ref()
        .zip(key.as_deref())
        .and_then(|(stamp, key)| cache::load(&ctx.dir, stamp, key));
    if let Some(plan) = cached.as_deref().and_then(cache::parse) {
        return show(ctx, args, &plan, out);
    }
    // Closed processes with nothing left to do are not decoded (only checksummed).
    let data = store::read_in_play(&ctx.dir)?;
    let plan = Plan::new(&data.processes, &ctx.policy, &ctx.now);
    // Cached only if the file read is the one stamped: a change may have replaced it between.
    if let Some((stamp, key)) = stamp.as_ref().zip(key.as_deref())
        && store::stamp(&ctx.dir).as_ref() == Some(stamp)
    {
        cache::save(&ctx.dir, stamp, key, &plan, started);
    }
    let overdue = show(ctx, args, &plan, out)?;
    // The process ends right after: freeing the records one by one would only cost time.
    std::mem::forget(plan);
    std::mem::forget(data);
    Ok(overdue)
}

/// Writes the cache for a store just saved with these processes and this stamp.
pub fn remember(ctx: &Context, processes: &[Process], stamp: &store::Stamp) {
    // An offset with seconds (a local mean time of long ago) is stored rounded to the minute:
    // the records as read back would not be these.
    let exact = processes
        .iter()
        .flat_map(Process::times)
        .all(|at| at.offset().local_minus_utc() % 60 == 0);
    if !exact {
        return;
    }
    if let Some(key) = cache::key(ctx, stamp) {
        let plan = Plan::new(processes, &ctx.policy, &ctx.now);
        cache::save(&ctx.dir, stamp, &key, &plan, SystemTime::now());
    }
}

fn json(ctx: &Context, args: &DueArgs, out: &mut dyn Write) -> Result<bool> {
    let data = store::read_in_play(&ctx.dir)?;
    let horizon = ctx.now.fixed_offset() + Duration::days(i64::from(args.days));
    let mut actions = rules::plan(&data.processes, &ctx.policy, &ctx.now);
    actions.retain(|a| in_sight(a.status, a.from, a.snoozed, horizon));
    let overdue = actions.iter().any(|a| a.status == Status::Overdue);
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
    std::mem::forget(actions);
    std::mem::forget(data);
    Ok(overdue)
}

/// Whether `due` shows an action: due or overdue, or upcoming within the horizon unless the user
/// snoozed it out of sight.
fn in_sight(status: Status, from: Time, snoozed: bool, horizon: Time) -> bool {
    status != Status::Upcoming || (from <= horizon && !snoozed)
}

/// Every pending action as `due` prints it, whatever the time: the words depend only on the
/// records, the settings, the time zone and the year. Where each action stands, and so the
/// order, is worked out when shown.
struct Plan<'a> {
    open: usize,
    accepted: bool,
    /// In the rules' order, then by process and person: sorting by urgency (a stable sort) then
    /// gives `rules::plan`'s order at any time.
    rows: Vec<Row<'a>>,
}

/// One action, its texts ready to print (control characters shown as escapes).
#[derive(Debug, Clone, PartialEq)]
struct Row<'a> {
    from: Time,
    by: Option<Time>,
    snoozed: bool,
    process: Cow<'a, str>,
    title: Cow<'a, str>,
    reason: Cow<'a, str>,
    instructions: Option<Cow<'a, str>>,
    done: Cow<'a, str>,
}

impl Plan<'static> {
    fn new(processes: &[Process], policy: &Policy, now: &DateTime<Local>) -> Plan<'static> {
        let by_id: HashMap<u32, &Process> = processes.iter().map(|p| (p.id, p)).collect();
        let mut actions = rules::plan_unsorted(processes, policy, now);
        actions.sort_by(|a, b| {
            (a.process, a.key.person.as_deref()).cmp(&(b.process, b.key.person.as_deref()))
        });
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        let rows = actions
            .into_iter()
            .map(|action| Row {
                process: Cow::Owned(render::process_name(by_id[&action.process])),
                title: Cow::Owned(render::title(&action)),
                reason: owned(render::clean(&action.reason)),
                instructions: action.instructions.as_deref().map(render::clean).map(owned),
                done: owned(render::clean(&render::done_command(&action))),
                from: action.from,
                by: action.by,
                snoozed: action.snoozed,
            })
            .collect();
        Plan {
            open: processes.iter().filter(|p| p.is_open()).count(),
            accepted: processes.iter().any(|p| {
                p.closed
                    .as_ref()
                    .is_some_and(|c| c.outcome == Outcome::Accepted)
            }),
            rows,
        }
    }
}

/// Prints the plan as it stands now; says whether anything is overdue.
fn show(ctx: &Context, args: &DueArgs, plan: &Plan, out: &mut dyn Write) -> Result<bool> {
    let rows = pending(plan, &ctx.now, args.days);
    let overdue = rows.iter().any(|(status, _)| *status == Status::Overdue);
    if args.count {
        let pressing = rows
            .iter()
            .filter(|(status, _)| *status != Status::Upcoming)
            .count();
        writeln!(out, "{pressing}")?;
    } else {
        human(ctx, plan, &rows, args.days, out)?;
    }
    Ok(overdue)
}

/// The actions to show now, most urgent first, each with where it stands: those due or overdue,
/// and those coming within `days` unless snoozed out of sight.
fn pending<'p, 'a>(
    plan: &'p Plan<'a>,
    now: &DateTime<Local>,
    days: u32,
) -> Vec<(Status, &'p Row<'a>)> {
    let now = now.fixed_offset();
    let horizon = now + Duration::days(i64::from(days));
    let mut rows: Vec<_> = plan
        .rows
        .iter()
        .map(|row| (rules::status_at(row.from, row.by, now), row))
        .filter(|(status, row)| in_sight(*status, row.from, row.snoozed, horizon))
        .map(|(status, row)| (rules::urgency(status, row.from, row.by), status, row))
        .collect();
    // Stable: equally urgent actions keep the plan's order.
    rows.sort_by_key(|row| row.0);
    rows.into_iter()
        .map(|(_, status, row)| (status, row))
        .collect()
}

fn human(
    ctx: &Context,
    plan: &Plan,
    rows: &[(Status, &Row)],
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
    let mut first_section = true;
    let mut section = |out: &mut dyn Write| -> std::io::Result<()> {
        if !std::mem::take(&mut first_section) {
            writeln!(out)?;
        }
        Ok(())
    };
    if !rows.iter().any(|(status, _)| *status != Status::Upcoming) {
        section(out)?;
        writeln!(out, "{}", paint.good("Nothing due."))?;
    }
    for (status, heading) in groups {
        let mut group = rows.iter().filter(|(s, _)| *s == status).peekable();
        if group.peek().is_none() {
            continue;
        }
        section(out)?;
        writeln!(out, "{}", paint.heading(status, &heading))?;
        for (_, row) in group {
            writeln!(
                out,
                "  {}: {}  {}",
                row.process,
                paint.strong(&row.title),
                paint.status(
                    status,
                    &render::relative(status, row.from, row.by, &ctx.now)
                ),
            )?;
            writeln!(out, "      {}", row.reason)?;
            if let Some(instructions) = &row.instructions {
                writeln!(out, "      their instructions: {instructions}")?;
            }
            if status != Status::Upcoming {
                writeln!(out, "      {}", paint.dim(&row.done))?;
            }
        }
    }
    // Keep the pipeline full, unless the search is over.
    if plan.open < ctx.policy.min_open_processes as usize && !plan.accepted {
        let count = match plan.open {
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

#[cfg(test)]
mod tests;
