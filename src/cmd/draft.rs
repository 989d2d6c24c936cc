//! `followup draft`: a ready-to-edit message for an action. Nothing is ever sent.

use super::{Context, resolve, warn};
use crate::cli::DraftArgs;
use crate::draft::{self, DRAFTABLE, Filled, Values};
use crate::error::usage;
use crate::model::{ActionKind, Anchor, Interviewer, Process, Reply, ReplyKind, Round};
use crate::render;
use crate::rules::{self, Action};
use crate::store;
use anyhow::{Context as _, Result};
use chrono::Local;
use std::io::Write;

pub fn run(ctx: &Context, args: DraftArgs, out: &mut dyn Write) -> Result<()> {
    let kind: ActionKind = args.action.parse().map_err(usage)?;
    if !DRAFTABLE.contains(&kind) {
        let names: Vec<&str> = DRAFTABLE.iter().map(|k| k.name()).collect();
        return Err(usage(format!(
            "there is no draft for {kind}: drafts are for {}",
            names.join(", ")
        )));
    }
    let data = store::read(&ctx.dir)?;
    let process = data
        .process(resolve(&data, &args.process)?)
        .expect("resolved id exists");
    let Some(latest) = process.latest_round() else {
        return Err(usage(format!(
            "{} has no interview to write about",
            render::process_name(process)
        )));
    };
    let actions = rules::plan_process(process, &data.processes, &ctx.policy, &ctx.now);
    // --to picks whose thank-you this is, or, for the other messages, who receives it.
    let owed_to = args.to.as_deref().filter(|_| kind.is_per_person());
    let planned = super::pick(&actions, kind, owed_to, process)?;
    if planned.is_none() {
        warn(&format!(
            "no {kind} is planned for {} right now; here is a draft anyway",
            render::process_name(process)
        ));
    }
    let round = match planned.map(|a| a.key.anchor) {
        Some(Anchor::Round(uid)) => process
            .rounds
            .iter()
            .find(|r| r.uid == uid)
            .unwrap_or(latest),
        _ => latest,
    };
    let reply = match planned.map(|a| a.key.anchor) {
        Some(Anchor::Reply(uid)) => process.replies.iter().find(|r| r.uid == uid),
        _ => process.replies.last(),
    };
    let person = recipient(process, round, planned, args.to.as_deref())?;

    let offer = kind == ActionKind::Respond && reply.is_some_and(|r| r.kind == ReplyKind::Offer);
    let (template, source) = template(ctx, kind, offer)?;
    let filled = draft::fill(
        &template,
        &values(ctx, process, round, person, reply, planned),
    )
    .map_err(|err| usage(format!("template {source}: {err}")))?;

    if kind == ActionKind::ThankYou
        && let Some(person) = person
    {
        same_as_another(ctx, &template, process, round, person, reply, &filled);
    }
    if kind == ActionKind::FollowUp
        && let Some(instructions) = &round.instructions
    {
        warn(&format!(
            "their instructions for following up: {instructions}"
        ));
    }

    let to = person.and_then(|p| p.email.as_deref());
    if args.mailto {
        if to.is_none() {
            warn(
                "no email address is recorded for the recipient: add it with `followup edit --interviewer \"Name <email>\"`",
            );
        }
        writeln!(out, "{}", draft::mailto(to, &filled))?;
    } else if let Some(path) = &args.eml {
        if ctx.user.email.is_none() {
            warn(
                "the draft has no From: set your address under [user] in the config file (`email = \"...\"`)",
            );
        }
        let message = eml(ctx, person, &filled)?;
        if super::write_to("--eml", path, &message, out)? {
            writeln!(
                out,
                "Wrote the draft to {}: open it in your mail client, proofread, send.",
                path.display()
            )?;
        }
    } else {
        if let Some(person) = person {
            writeln!(out, "To: {}", render::clean(&recipient_line(person)))?;
        }
        writeln!(out, "Subject: {}", render::clean(&filled.subject))?;
        writeln!(out)?;
        for line in filled.body.lines() {
            writeln!(out, "{}", render::clean(line))?;
        }
    }
    if ctx.user.name.is_none() && ctx.user.signature.is_none() {
        warn("sign with your name: set it under [user] in the config file (`name = \"...\"`)");
    }
    Ok(())
}

/// Who the message goes to: the planned action's person, else `--to`, else the first
/// interviewer of the round. `None` writes to the hiring team.
fn recipient<'a>(
    process: &'a Process,
    round: &'a Round,
    planned: Option<&Action>,
    to: Option<&str>,
) -> Result<Option<&'a Interviewer>> {
    if let Some(uid) = planned.and_then(|a| a.key.person)
        && let Some(person) = round.interviewers.iter().find(|i| i.uid == uid)
    {
        return Ok(Some(person));
    }
    match to {
        Some(to) => super::interviewer(process, to).map(Some),
        None => Ok(round.interviewers.first()),
    }
}

/// The user's template for `kind` from the config folder, else the built-in one.
fn template(ctx: &Context, kind: ActionKind, offer: bool) -> Result<(String, String)> {
    let (name, built_in) = if offer {
        draft::RESPOND_OFFER
    } else {
        let built_in = draft::default_template(kind).expect("draftable actions have a template");
        (kind.name(), built_in)
    };
    let dir = ctx.config_path.as_ref().and_then(|(p, _)| p.parent());
    if let Some(path) = dir.map(|dir| dir.join("templates").join(format!("{name}.txt"))) {
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok((text, path.display().to_string())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
                return Err(usage(format!(
                    "template {} is not UTF-8 text: save it as UTF-8",
                    path.display()
                )));
            }
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("could not read template {}", path.display()));
            }
        }
    }
    Ok((built_in.to_string(), format!("built-in {name}")))
}

fn values(
    ctx: &Context,
    process: &Process,
    round: &Round,
    person: Option<&Interviewer>,
    reply: Option<&Reply>,
    planned: Option<&Action>,
) -> Values {
    let local = |t: &crate::model::Time| t.with_timezone(&Local);
    let day = |t: &crate::model::Time| local(t).format("%A %-d %B").to_string();
    let people: Vec<&str> = round.interviewers.iter().map(|i| i.name.as_str()).collect();
    let me = person.and_then(|p| people.iter().position(|n| *n == p.name));
    let (mine, general): (Vec<_>, Vec<_>) = round
        .debrief
        .highlights
        .iter()
        .map(|h| draft::highlight_owner(h, &people))
        .filter(|(owner, _)| owner.is_none() || *owner == me)
        .partition(|(owner, _)| owner.is_some());
    let highlight = if mine.is_empty() { general } else { mine };
    let highlight: Vec<&str> = highlight.into_iter().map(|(_, what)| what).collect();
    let stated = process
        .replies
        .iter()
        .rev()
        .filter(|r| r.at >= round.at)
        .find_map(|r| r.timeline.as_ref())
        .or(round.timeline.as_ref());
    let name = person.map_or("Hiring Team", |p| p.name.as_str());
    let first_name = person
        .and_then(|p| p.name.split_whitespace().next())
        .unwrap_or("Hiring Team");
    let signature = ctx.user.signature.as_ref().or(ctx.user.name.as_ref());
    Values::from([
        ("first_name", first_name.to_string()),
        ("name", name.to_string()),
        ("company", process.company.clone()),
        ("role", process.role.clone()),
        (
            "round",
            round.label.as_deref().unwrap_or("interview").to_string(),
        ),
        ("interview_date", day(&round.at)),
        ("interview_month", local(&round.at).format("%B").to_string()),
        ("highlight", highlight.join(" and ")),
        (
            "stumped",
            round.debrief.stumped.first().cloned().unwrap_or_default(),
        ),
        (
            "stated_date",
            stated
                .map(|t| t.date.format("%A %-d %B").to_string())
                .unwrap_or_default(),
        ),
        ("reply_date", reply.map(|r| day(&r.at)).unwrap_or_default()),
        (
            "request",
            reply.and_then(|r| r.note.clone()).unwrap_or_default(),
        ),
        (
            "deadline",
            planned
                .and_then(|a| a.by.as_ref())
                .map(day)
                .unwrap_or_default(),
        ),
        ("my_name", ctx.user.name.clone().unwrap_or_default()),
        ("signature", signature.cloned().unwrap_or_default()),
    ])
}

/// Warns when another panel member's thank-you would say exactly the same thing.
fn same_as_another(
    ctx: &Context,
    template: &str,
    process: &Process,
    round: &Round,
    person: &Interviewer,
    reply: Option<&Reply>,
    filled: &Filled,
) {
    let without_names = |body: &str, who: &Interviewer| {
        let first = who.name.split_whitespace().next().unwrap_or_default();
        body.replace(&who.name, "").replace(first, "")
    };
    let mine = without_names(&filled.body, person);
    let twins: Vec<&str> = round
        .interviewers
        .iter()
        .filter(|other| other.name != person.name)
        .filter(|other| {
            draft::fill(
                template,
                &values(ctx, process, round, Some(other), reply, None),
            )
            .is_ok_and(|theirs| without_names(&theirs.body, other) == mine)
        })
        .map(|other| other.name.as_str())
        .collect();
    if !twins.is_empty() {
        warn(&format!(
            "this thank-you says the same as the one to {}: personalise it, e.g. --highlight \"{}: what you discussed\" with `followup edit`",
            twins.join(", "),
            person
                .name
                .split_whitespace()
                .next()
                .unwrap_or(&person.name)
        ));
    }
}

fn recipient_line(person: &Interviewer) -> String {
    match &person.email {
        Some(email) => format!("{} <{email}>", person.name),
        None => person.name.clone(),
    }
}

/// An RFC 5322 draft message, marked unsent so mail clients open it for editing.
fn eml(ctx: &Context, person: Option<&Interviewer>, filled: &Filled) -> Result<Vec<u8>> {
    use mail_builder::MessageBuilder;
    use mail_builder::headers::address::Address;
    use mail_builder::headers::raw::Raw;
    let mut message = MessageBuilder::new()
        .subject(filled.subject.as_str())
        .date(ctx.now.timestamp())
        .message_id(format!("{}.followup@localhost", ctx.now.timestamp_millis()))
        .header("X-Unsent", Raw::new("1"))
        .text_body(filled.body.as_str());
    if let Some(person) = person
        && let Some(email) = &person.email
    {
        message = message.to(Address::new_address(
            Some(person.name.as_str()),
            email.as_str(),
        ));
    }
    if let Some(email) = &ctx.user.email {
        message = message.from(Address::new_address(
            ctx.user.name.as_deref(),
            email.as_str(),
        ));
    }
    Ok(message.write_to_vec()?)
}
