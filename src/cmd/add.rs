//! `followup add`: record an interview and print the plan.

use super::{Context, required};
use crate::cli::AddArgs;
use crate::dates;
use crate::error::usage;
use crate::model::{Debrief, Interviewer, Process, Round, Timeline};
use crate::render;
use crate::rules;
use crate::store::Store;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: AddArgs, out: &mut dyn Write) -> Result<()> {
    let company = required("--company", &args.company)?;
    let role = required("--role", &args.role)?;
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    let interviewers = args
        .interviewer
        .iter()
        .map(|text| Interviewer::parse(text).map_err(|err| usage(format!("--interviewer: {err}"))))
        .collect::<Result<Vec<_>>>()?;
    let timeline = timeline(args.timeline.as_deref(), &at)?;
    let round = Round {
        at,
        label: non_empty(args.round),
        interviewers,
        timeline,
        instructions: non_empty(args.instructions),
        debrief: Debrief {
            notes: args.notes.map(|n| n.trim().to_string()).unwrap_or_default(),
            questions: texts(args.question),
            highlights: texts(args.highlight),
            stumped: texts(args.stumped),
            red_flags: texts(args.red_flag),
        },
    };

    let mut store = Store::open_dir(&ctx.dir)?;
    let existing = (!args.new)
        .then(|| {
            store.data.processes.iter().position(|p| {
                p.is_open()
                    && p.company.to_lowercase() == company.to_lowercase()
                    && p.role.to_lowercase() == role.to_lowercase()
            })
        })
        .flatten();
    let index = match existing {
        Some(index) => {
            store.data.processes[index].rounds.push(round);
            index
        }
        None => {
            let id = store.data.allocate_id();
            store.data.processes.push(Process {
                id,
                company,
                role,
                created: ctx.now.fixed_offset(),
                rounds: vec![round],
                replies: vec![],
                marks: vec![],
                closed: None,
            });
            store.data.processes.len() - 1
        }
    };
    ctx.save(&store)?;

    let process = &store.data.processes[index];
    let verb = if existing.is_some() {
        format!("Added round {} to", process.rounds.len())
    } else {
        "Recorded".to_string()
    };
    writeln!(out, "{verb} {}.", render::process_name(process))?;
    writeln!(out, "Plan:")?;
    let actions = rules::plan_process(process, &store.data.processes, &ctx.policy, &ctx.now);
    render::plan(out, &actions, &ctx.now)?;
    Ok(())
}

/// Reads an employer's timeline against the moment it was given.
pub fn timeline(text: Option<&str>, given: &crate::model::Time) -> Result<Option<Timeline>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let date =
        dates::parse_timeline(text, given).map_err(|err| usage(format!("--timeline: {err}")))?;
    Ok(Some(Timeline {
        text: text.to_string(),
        date,
    }))
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

pub fn texts(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}
