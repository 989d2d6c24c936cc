//! `followup add`: record an interview and print the plan.

use super::{Context, interviewers, non_empty, required, texts, timeline};
use crate::cli::AddArgs;
use crate::error::usage;
use crate::model::{Debrief, Interviewer, Process, Round};
use crate::render;
use crate::rules;
use crate::store::Store;
use anyhow::{Result, bail};
use std::io::{self, IsTerminal, Write};

/// Returns the id of the process the interview was added to.
pub fn run(ctx: &Context, args: AddArgs, out: &mut dyn Write) -> Result<u32> {
    let args = ask_missing(ctx, args)?;
    let company = required("--company", args.company.as_deref().unwrap_or_default())?;
    let role = required("--role", args.role.as_deref().unwrap_or_default())?;
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    let interviewers = interviewers(&args.interviewer)?;
    let timeline = timeline(args.timeline.as_deref(), &at, ctx.policy.workweek())?;
    let round = Round {
        cancelled: false,
        uid: Default::default(),
        at,
        label: args.round.and_then(non_empty),
        interviewers,
        timeline,
        instructions: args.instructions.and_then(non_empty),
        debrief: Debrief {
            notes: args.notes.and_then(non_empty).unwrap_or_default(),
            questions: texts(args.question),
            highlights: texts(args.highlight),
            stumped: texts(args.stumped),
            red_flags: texts(args.red_flag),
            ..Debrief::default()
        },
    };

    let mut store = Store::open_dir(&ctx.dir)?;
    let existing = store.data.processes.iter().position(|p| {
        !args.new
            && p.is_open()
            && p.company.to_lowercase() == company.to_lowercase()
            && p.role.to_lowercase() == role.to_lowercase()
    });
    let index = match existing {
        Some(index) => {
            store.data.processes[index].rounds.push(round);
            index
        }
        None => {
            let Some(id) = store.data.allocate_id() else {
                bail!(
                    "no process number is left: #{} is taken; `followup export` then `followup import` into a new data folder numbers them afresh",
                    u32::MAX
                );
            };
            store.data.processes.push(Process {
                applied: None,
                link: None,
                contact: None,
                uid: Default::default(),
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
    ctx.save(&mut store)?;

    let process = &store.data.processes[index];
    let id = process.id;
    let verb = if existing.is_some() {
        format!("Added round {} to", process.rounds.len())
    } else {
        "Recorded".to_string()
    };
    writeln!(out, "{verb} {}.", render::process_name(process))?;
    writeln!(out, "Plan:")?;
    let actions = rules::plan_process(process, &store.data.processes, &ctx.policy, &ctx.now);
    render::plan(out, &actions, &ctx.now)?;
    Ok(id)
}

/// Without company and role, asks for what is missing on a terminal; without a terminal, says
/// which flags to pass rather than waiting for input that will never come.
fn ask_missing(ctx: &Context, mut args: AddArgs) -> Result<AddArgs> {
    if args.company.is_some() && args.role.is_some() {
        return Ok(args);
    }
    if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
        let (missing, them) = match (&args.company, &args.role) {
            (None, None) => ("--company and --role", "them"),
            (None, _) => ("--company", "it"),
            _ => ("--role", "it"),
        };
        return Err(usage(format!(
            "missing {missing}: pass {them}, or run `followup add` on a terminal to be asked"
        )));
    }
    let theme = dialoguer::theme::SimpleTheme;
    let text = |prompt: &str, default: Option<&str>, check: &dyn Fn(&str) -> Result<()>| {
        let mut input = dialoguer::Input::<String>::with_theme(&theme)
            .with_prompt(prompt)
            .allow_empty(default.is_some())
            .validate_with(|value: &String| check(value).map_err(|err| err.to_string()));
        if let Some(default) = default {
            input = input
                .default(default.to_string())
                .show_default(!default.is_empty());
        }
        input.interact_text().map(|v| v.trim().to_string())
    };
    if args.company.is_none() {
        args.company = Some(text("Company", None, &|v| {
            required("company", v).map(drop)
        })?);
    }
    if args.role.is_none() {
        args.role = Some(text("Role", None, &|v| required("role", v).map(drop))?);
    }
    if args.at.is_none() {
        args.at = Some(text("When was it", Some("now"), &|v| {
            ctx.when_past("when", v).map(drop)
        })?);
    }
    if args.interviewer.is_empty() {
        eprintln!(
            "Who interviewed you? One per line: Name, or Name <email>, Title; an empty line ends."
        );
        loop {
            let person = text("Interviewer", Some(""), &|v| {
                if v.trim().is_empty() {
                    return Ok(());
                }
                Interviewer::parse(v).map(drop).map_err(usage)
            })?;
            if person.is_empty() {
                break;
            }
            args.interviewer.push(person);
        }
    }
    if args.timeline.is_none() {
        let at = ctx.when_past("--at", args.at.as_deref().unwrap_or("now"))?;
        let said = text(
            "What did they say about timing (\"two weeks\", \"by Dec 4\"; empty if nothing)",
            Some(""),
            &|v| timeline(Some(v), &at, ctx.policy.workweek()).map(drop),
        )?;
        args.timeline = Some(said).filter(|t| !t.is_empty());
    }
    Ok(args)
}
