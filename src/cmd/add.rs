//! `followup add`: record an interview and print the plan.

use super::{Context, Typed, interviewers, non_empty, print_plan, required, set_contact, texts};
use crate::cli::AddArgs;
use crate::error::usage;
use crate::model::{Debrief, Interviewer, Process, Round, Time};
use crate::render;
use anyhow::Result;
use std::io::{self, IsTerminal, Write};

/// Returns the id of the process the interview was added to.
pub fn run(ctx: &Context, args: AddArgs, out: &mut dyn Write) -> Result<u32> {
    let args = if args.process.process.is_some() {
        args
    } else {
        ask_missing(ctx, args)?
    };
    let typed = Typed::read(&args.process)?;
    let now = ctx.now.fixed_offset();
    let at_given = args
        .at
        .as_deref()
        .map(|text| ctx.when_interview("--at", text))
        .transpose()?;
    let interviewers = interviewers(&args.interviewer)?;
    // Checked against the interview's time once it is known; read here so that a bad one is
    // refused before the store is opened.
    ctx.timeline(args.timeline.as_deref(), &at_given.unwrap_or(now))?;

    let (mut store, id, joined) = typed.open(ctx, &args.process, "to add this interview to it")?;
    let debrief = Debrief {
        notes: args.notes.and_then(non_empty).unwrap_or_default(),
        questions: texts(args.question),
        highlights: texts(args.highlight),
        stumped: texts(args.stumped),
        red_flags: texts(args.red_flag),
        ..Debrief::default()
    };
    let label = args.round.and_then(non_empty);
    let instructions = args.instructions.and_then(non_empty);
    let process = store.data.process_mut(id).expect("matched id exists");
    let filled = scheduled_to_fill(process, at_given, &now);
    let index = match filled {
        Some((index, was)) => {
            let round = &mut process.rounds[index];
            round.at = at_given.unwrap_or(was.min(now));
            round.label = label.or(round.label.take());
            add_people(round, interviewers);
            round.instructions = instructions.or(round.instructions.take());
            let stated = args
                .timeline
                .clone()
                .or(round.timeline.as_ref().map(|t| t.text.clone()));
            round.timeline = ctx.timeline(stated.as_deref(), &round.at)?;
            round.debrief = debrief;
            index
        }
        None => {
            let at = at_given.unwrap_or(now);
            process.rounds.push(Round {
                cancelled: false,
                uid: Default::default(),
                at,
                label,
                interviewers,
                timeline: ctx.timeline(args.timeline.as_deref(), &at)?,
                instructions,
                debrief,
            });
            process.rounds.len() - 1
        }
    };
    if let Some(contact) = typed.contact {
        set_contact(process, contact);
    }
    let filled = filled.map(|(_, was)| was);
    ctx.save(&mut store)?;

    let process = store.data.process(id).expect("saved id exists");
    let name = render::process_name(process);
    let round = &process.rounds[index];
    let number = index + 1;
    match filled {
        _ if !joined => writeln!(out, "Recorded {name}.")?,
        Some(was) if was == round.at => writeln!(
            out,
            "Recorded round {number} of {name}: the interview set for {}.",
            render::moment(&was, &ctx.now)
        )?,
        Some(was) => writeln!(
            out,
            "Recorded round {number} of {name}: the interview set for {}, now {}.",
            render::moment(&was, &ctx.now),
            render::moment(&round.at, &ctx.now)
        )?,
        None => writeln!(out, "Added round {number} to {name}.")?,
    }
    if filled.is_some() && args.at.is_none() {
        writeln!(
            out,
            "Another interview that day? `followup undo`, then add it with its `--at`."
        )?;
    }
    if joined && args.process.process.is_none() {
        writeln!(
            out,
            "It is the open process for {:?} and {:?}; `--new` starts a separate one.",
            render::clean(typed.company.as_deref().unwrap_or_default()),
            render::clean(typed.role.as_deref().unwrap_or_default())
        )?;
    }
    if round.at > now {
        writeln!(
            out,
            "Scheduled for {}: its prep comes before it, its thank-yous after it.",
            render::moment(&round.at, &ctx.now)
        )?;
        if round.interviewers.is_empty() {
            writeln!(
                out,
                "Add who you will meet with `followup edit {id} --round-number {number} --interviewer \"Name <email>, Title\"`."
            )?;
        }
    }
    if let (Some(contact), true) = (&process.contact, args.process.contact.is_some()) {
        writeln!(out, "Contact: {}.", render::clean(&contact.to_string()))?;
    }
    print_plan(ctx, &store.data, process, out)?;
    Ok(id)
}

/// The round of a joined process this interview is the record of, and its scheduled time: the
/// latest round, when it was scheduled (not cancelled, no debrief yet) and this is the same
/// interview: given at its very time, moved while both are ahead, or given no time on its day.
fn scheduled_to_fill(process: &Process, at: Option<Time>, now: &Time) -> Option<(usize, Time)> {
    let (index, round) = process
        .rounds
        .iter()
        .enumerate()
        .max_by_key(|(_, r)| r.at)?;
    if round.cancelled || !round.debrief.is_empty() {
        return None;
    }
    let same = match at {
        Some(at) => at == round.at || (at > *now && round.at > *now),
        None => round.at.with_timezone(&now.timezone()).date_naive() == now.date_naive(),
    };
    same.then_some((index, round.at))
}

/// Adds people to a round: one already there (same email, else same name) is updated in place.
fn add_people(round: &mut Round, people: Vec<Interviewer>) {
    for person in people {
        let found = round.interviewers.iter_mut().find(|old| {
            matches!((&old.email, &person.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
                || old.name.eq_ignore_ascii_case(&person.name)
        });
        match found {
            Some(old) => {
                old.name = person.name;
                old.email = person.email.or(old.email.take());
                old.title = person.title.or(old.title.take());
            }
            None => round.interviewers.push(person),
        }
    }
}

/// Without company and role, asks for what is missing on a terminal; without a terminal, says
/// which flags to pass rather than waiting for input that will never come.
fn ask_missing(ctx: &Context, mut args: AddArgs) -> Result<AddArgs> {
    let fields = &mut args.process;
    if fields.company.is_some() && fields.role.is_some() {
        return Ok(args);
    }
    if !(io::stdin().is_terminal() && io::stderr().is_terminal()) {
        let (missing, them) = match (&fields.company, &fields.role) {
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
    if fields.company.is_none() {
        fields.company = Some(text("Company", None, &|v| {
            required("company", v).map(drop)
        })?);
    }
    if fields.role.is_none() {
        fields.role = Some(text("Role", None, &|v| required("role", v).map(drop))?);
    }
    if args.at.is_none() {
        args.at = Some(text("When was it (or will it be)", Some("now"), &|v| {
            ctx.when_interview("when", v).map(drop)
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
        let at = ctx.when_interview("--at", args.at.as_deref().unwrap_or("now"))?;
        let said = text(
            "What did they say about timing (\"two weeks\", \"by Dec 4\"; empty if nothing)",
            Some(""),
            &|v| ctx.timeline(Some(v), &at).map(drop),
        )?;
        args.timeline = Some(said).filter(|t| !t.is_empty());
    }
    Ok(args)
}
