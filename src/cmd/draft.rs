//! `followup draft`: a ready-to-edit message for an action. Nothing is ever sent.

use super::{Context, resolve, warn};
use crate::cli::DraftArgs;
use crate::draft::{self, DRAFTABLE, Filled, Values};
use crate::error::usage;
use crate::model::{
    ActionKey, ActionKind, Anchor, Interviewer, MarkState, Process, Reply, ReplyKind, Round,
};
use crate::render;
use crate::rules::{self, Action, FoldedThanks, FollowUpAfter, Reason};
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
    // The interview a message is about: the latest one held (not called off, not still to come).
    let held = process
        .rounds
        .iter()
        .filter(|r| !r.cancelled && r.at <= ctx.now.fixed_offset())
        .max_by_key(|r| r.at);
    if held.is_none() && draft::needs_interview(kind) {
        let for_now: Vec<&str> = DRAFTABLE
            .iter()
            .filter(|k| !draft::needs_interview(**k))
            .map(|k| k.name())
            .collect();
        return Err(usage(format!(
            "{} has no interview yet, and a {kind} is written after one: record it with `followup add --process {} --at WHEN`; before an interview, drafts are for {}",
            render::process_name(process),
            process.id,
            for_now.join(", ")
        )));
    }
    let actions = rules::plan_process(process, &data.processes, &ctx.policy, &ctx.now);
    // --to picks whose thank-you this is, or, for the other messages, who receives it.
    let owed_to = args.to.as_deref().filter(|_| kind.is_per_person());
    let planned = super::pick(&actions, kind, owed_to, process)?;
    let round = match planned.map(|a| a.key.anchor) {
        Some(Anchor::Round(uid)) => process.rounds.iter().find(|r| r.uid == uid).or(held),
        _ => held,
    };
    let reply = match planned.map(|a| a.key.anchor) {
        Some(Anchor::Reply(uid)) => process.replies.iter().find(|r| r.uid == uid),
        _ => process.replies.last(),
    };
    // The offer the message is about: for an expedite, the one held elsewhere.
    let offer = match kind {
        ActionKind::Expedite => offer_elsewhere(&data.processes, process),
        _ => reply
            .filter(|r| r.kind == ReplyKind::Offer)
            .or_else(|| rules::latest_offer(process)),
    };
    let person = match (kind.is_per_person(), round) {
        (true, Some(round)) => interviewer(process, round, planned, args.to.as_deref())?,
        _ => addressee(process, round, args.to.as_deref())?,
    };

    if kind == ActionKind::Connect && (args.mailto || args.eml.is_some()) {
        let to = person
            .map(|p| format!(" --to {}", render::shell_quote(&p.name)))
            .unwrap_or_default();
        return Err(usage(format!(
            "a connect is an invitation on {}, not an email: run `followup draft {} connect{}` without --mailto or --eml",
            render::clean(&network(ctx)),
            process.id,
            render::clean(&to)
        )));
    }
    // Warned once the recipient is known, so a wrong --to gets one line.
    if planned.is_none() {
        warn(&format!(
            "no {kind} is planned for {} right now; here is a draft anyway",
            render::process_name(process)
        ));
    }
    let variant = match kind {
        ActionKind::Respond if reply.is_some_and(|r| r.kind == ReplyKind::Offer) => {
            Some(draft::RESPOND_OFFER)
        }
        ActionKind::FollowUp if round.is_none() => Some(draft::FOLLOW_UP_APPLICATION),
        ActionKind::FollowUp => follow_up_variant(planned),
        _ => None,
    };
    let (template, source) = template(ctx, kind, variant)?;
    let about = About {
        process,
        round,
        reply,
        offer,
        decide_by: actions
            .iter()
            .find(|a| a.kind() == ActionKind::Decide)
            .and_then(|a| a.by),
    };
    let values = values(ctx, &about, person, planned);
    let (filled, shortened) = match kind {
        ActionKind::Connect => draft::fill_invitation(&template, &values, draft::INVITATION_LIMIT),
        _ => draft::fill(&template, &values).map(|filled| (filled, false)),
    }
    .map_err(|err| usage(format!("template {source}: {err}")))?;

    // Said once the draft is written, so a template error gets one line.
    if let Some(action) = planned.filter(|a| ctx.now.fixed_offset() < a.from) {
        // The words `done` uses, with the date they gave for a follow-up.
        let early = rules::pester_warning(process, action, &ctx.now, &ctx.policy)
            .map(|warning| render::pester(&warning, &ctx.now))
            .unwrap_or_else(|| {
                format!(
                    "this {kind} is planned from {}: sending it early can read as pestering.",
                    render::moment(&action.from, &ctx.now)
                )
            });
        warn(&format!("{early} Here is the draft, to send from then."));
    }
    if kind == ActionKind::ThankYou
        && let (Some(person), Some(round)) = (person, round)
    {
        same_as_another(ctx, &template, &about, round, person, &filled);
    }
    if kind == ActionKind::FollowUp
        && let Some(instructions) = round.and_then(|r| r.instructions.as_ref())
    {
        warn(&format!(
            "their instructions for following up: {instructions}"
        ));
    }

    let to = person.and_then(|p| p.email.as_deref());
    if kind == ActionKind::Connect {
        let note = filled.body.trim_end();
        let length = note.chars().count();
        let who = person.map_or("the interviewer".into(), |p| render::clean(&p.name));
        writeln!(
            out,
            "Send {who} a personal invitation to connect on {}, with this note ({length} of {} characters):",
            render::clean(&network(ctx)),
            draft::INVITATION_LIMIT
        )?;
        writeln!(out)?;
        for line in note.lines() {
            writeln!(out, "{}", render::clean(line))?;
        }
        if shortened {
            warn(&format!(
                "the note is shortened to fit the {} characters an invitation takes (\"…\" marks what was cut): proofread it",
                draft::INVITATION_LIMIT
            ));
        }
        if length > draft::INVITATION_LIMIT {
            warn(&format!(
                "the note is {length} characters, and an invitation takes {} at most: shorten it",
                draft::INVITATION_LIMIT
            ));
        }
    } else if args.mailto {
        if to.is_none() {
            warn(&no_address(process, round, person, kind));
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

/// What a message is about: the process, its interview (none before the first), the reply it
/// answers and the offer it speaks of.
struct About<'a> {
    process: &'a Process,
    round: Option<&'a Round>,
    reply: Option<&'a Reply>,
    offer: Option<&'a Reply>,
    /// When the planned decision on an offer is due: the day the user promises an answer by.
    decide_by: Option<crate::model::Time>,
}

/// The latest offer with a deadline in another open process: the one an expedite speaks of.
fn offer_elsewhere<'a>(all: &'a [Process], process: &Process) -> Option<&'a Reply> {
    all.iter()
        .filter(|p| p.is_open() && p.id != process.id)
        .flat_map(|p| &p.replies)
        .filter(|r| r.kind == ReplyKind::Offer && r.timeline.is_some())
        .max_by_key(|r| r.at)
}

/// Who a thank-you goes to: the planned action's person, else `--to`, else the first
/// interviewer of the round. `None` writes to the hiring team.
fn interviewer<'a>(
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

/// Who a message to the company goes to: `--to` among the contact and the interviewers, else
/// [`draft::addressee`]. `None` writes to the hiring team.
fn addressee<'a>(
    process: &'a Process,
    round: Option<&'a Round>,
    to: Option<&str>,
) -> Result<Option<&'a Interviewer>> {
    match to {
        Some(to) => named(process, &draft::people(process), to).map(Some),
        None => Ok(draft::addressee(
            process,
            round.and_then(|r| r.instructions.as_deref()),
        )),
    }
}

/// The person `to` names among `people`: the whole name (in any case) first, else a unique
/// prefix.
fn named<'a>(process: &Process, people: &[&'a Interviewer], to: &str) -> Result<&'a Interviewer> {
    let wanted = to.trim().to_lowercase();
    if let Some(exact) = people.iter().find(|p| p.name.to_lowercase() == wanted) {
        return Ok(exact);
    }
    let matching: Vec<&Interviewer> = people
        .iter()
        .copied()
        .filter(|p| !wanted.is_empty() && p.name.to_lowercase().starts_with(&wanted))
        .collect();
    let names = |people: &[&Interviewer]| {
        people
            .iter()
            .map(|p| format!("{:?}", render::clean(&p.name)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(usage(format!(
            "--to {to:?} names nobody recorded at {}: {}",
            render::clean(&process.company),
            if people.is_empty() {
                "there is no contact or interviewer yet".to_string()
            } else {
                format!("the contact and interviewers are {}", names(people))
            }
        ))),
        several => Err(usage(format!(
            "--to {to:?} matches several people: {}; give more of the name",
            names(several)
        ))),
    }
}
/// The warning for a mailto link without an address, with the command that records one.
/// `edit --interviewer` replaces a round's whole panel, so the command gives every member as
/// recorded, the recipient with a placeholder for the address.
fn no_address(
    process: &Process,
    round: Option<&Round>,
    person: Option<&Interviewer>,
    kind: ActionKind,
) -> String {
    let interviewed = person.filter(|p| {
        kind.is_per_person() || process.contact.as_ref().is_none_or(|c| c.name != p.name)
    });
    let panel = interviewed.and_then(|p| {
        let on_panel = |r: &&Round| r.interviewers.iter().any(|i| i.uid == p.uid);
        let round = round
            .filter(on_panel)
            .or_else(|| process.rounds.iter().filter(on_panel).max_by_key(|r| r.at))?;
        let number = process.rounds.iter().position(|r| r.uid == round.uid)? + 1;
        Some((number, round, p))
    });
    match panel {
        Some((number, round, recipient)) => {
            let members: Vec<String> = round
                .interviewers
                .iter()
                .map(|i| {
                    let written = if i.uid == recipient.uid {
                        with_email_to_fill(i)
                    } else {
                        i.to_string()
                    };
                    format!("--interviewer {}", render::shell_quote(&written))
                })
                .collect();
            format!(
                "no email address is recorded for {}: add it with `followup edit {} --round-number {number} {}` (with their address for <email>)",
                render::clean(&recipient.name),
                process.id,
                render::clean(&members.join(" "))
            )
        }
        // The contact (or a person named elsewhere) keeps their name and title.
        None => {
            let contact = match person {
                Some(p) => render::shell_quote(&with_email_to_fill(p)),
                None => "\"Name <email>\"".to_string(),
            };
            format!(
                "no email address is recorded for the recipient: record the process's contact with `followup edit {} --contact {}`",
                process.id,
                render::clean(&contact)
            )
        }
    }
}

/// A person as `--interviewer` and `--contact` take them, with `email` for the address to fill in.
fn with_email_to_fill(person: &Interviewer) -> String {
    let person = Interviewer {
        email: Some("email".into()),
        ..person.clone()
    };
    person.to_string()
}

/// The network of `connect` invitations: the config's, else LinkedIn.
fn network(ctx: &Context) -> String {
    ctx.user
        .network
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "LinkedIn".to_string())
}

/// The template of an interview's follow-up: by its place among the allowed ones, and for the
/// first, by whether the employer gave a date.
fn follow_up_variant(planned: Option<&Action>) -> Option<(&'static str, &'static str)> {
    match planned.map(|a| &a.reason) {
        Some(Reason::FollowUp { number, of, .. }) if *number > 1 && number == of => {
            Some(draft::FOLLOW_UP_LAST)
        }
        Some(Reason::FollowUp { number, .. }) if *number > 1 => Some(draft::FOLLOW_UP_AGAIN),
        Some(Reason::FollowUp {
            after: FollowUpAfter::Stated { .. },
            ..
        }) => None,
        Some(Reason::FollowUp { .. }) => Some(draft::FOLLOW_UP_NO_DATE),
        _ => None,
    }
}

/// The user's template for `kind` from the config folder, else the built-in one.
/// A variant (an offer's answer, an application's follow-up) has a name and text of its own.
fn template(
    ctx: &Context,
    kind: ActionKind,
    variant: Option<(&'static str, &'static str)>,
) -> Result<(String, String)> {
    let (name, built_in) = variant.unwrap_or_else(|| {
        let built_in = draft::default_template(kind).expect("draftable actions have a template");
        (kind.name(), built_in)
    });
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
    about: &About,
    person: Option<&Interviewer>,
    planned: Option<&Action>,
) -> Values {
    let About {
        process,
        round,
        reply,
        offer,
        decide_by,
    } = *about;
    let local = |t: &crate::model::Time| t.with_timezone(&Local);
    let day = |t: &crate::model::Time| local(t).format("%A %-d %B").to_string();
    let date = |d: &chrono::NaiveDate| d.format("%A %-d %B").to_string();
    let interviewers = round.map_or(&[][..], |r| &r.interviewers[..]);
    let people: Vec<&str> = interviewers.iter().map(|i| i.name.as_str()).collect();
    let me = person.and_then(|p| people.iter().position(|n| *n == p.name));
    let (mine, general): (Vec<_>, Vec<_>) = round
        .iter()
        .flat_map(|r| &r.debrief.highlights)
        .map(|h| draft::highlight_owner(h, &people))
        .filter(|(owner, _)| owner.is_none() || *owner == me)
        .partition(|(owner, _)| owner.is_some());
    let highlight = if mine.is_empty() { general } else { mine };
    let highlight: Vec<&str> = highlight.into_iter().map(|(_, what)| what).collect();
    let since = round.map(|r| r.at).or(process.applied);
    let stated = process
        .replies
        .iter()
        .rev()
        .filter(|r| since.is_none_or(|since| r.at >= since))
        .find_map(|r| r.timeline.as_ref())
        .or(round.and_then(|r| r.timeline.as_ref()));
    let name = person.map_or("Hiring Team", |p| p.name.as_str());
    let first_name = person
        .and_then(|p| p.name.split_whitespace().next())
        .unwrap_or("Hiring Team");
    let signature = ctx.user.signature.as_ref().or(ctx.user.name.as_ref());
    // The first follow-up of the wait this one belongs to, when it went out.
    let first_follow_up = planned
        .filter(|a| a.kind() == ActionKind::FollowUp && a.key.seq > 1)
        .and_then(|a| {
            let first = ActionKey {
                seq: 1,
                ..a.key.clone()
            };
            match process.mark_for(&first)?.state {
                MarkState::Done { at } => Some(day(&at)),
                _ => None,
            }
        });
    // Thanks never sent, past their time: the note that carries them says them.
    let thanks = planned
        .and_then(|a| a.folded_thanks.as_ref())
        .map(|folded| match folded {
            FoldedThanks::Interview { interview, .. } => format!(
                "Thank you for the time you gave me at the {}; I enjoyed our conversation.",
                interview.label.as_deref().unwrap_or("interview")
            ),
            FoldedThanks::Rejection { .. } => {
                "Thank you for letting me know, and for the time you gave me during the process."
                    .to_string()
            }
        });
    let offer_deadline = offer
        .and_then(|r| r.timeline.as_ref()?.date)
        .map(|d| date(&d));
    // No deadline: the day you answer by is the end of the time the plan gives the decision.
    let answer_by = offer_deadline.clone().or(decide_by.map(|by| day(&by)));
    let optional = [
        ("first_name", Some(first_name.to_string())),
        ("name", Some(name.to_string())),
        ("company", Some(process.company.clone())),
        ("role", Some(process.role.clone())),
        (
            "round",
            round.map(|r| r.label.as_deref().unwrap_or("interview").to_string()),
        ),
        ("interview_date", round.map(|r| day(&r.at))),
        (
            "interview_month",
            round.map(|r| local(&r.at).format("%B").to_string()),
        ),
        ("highlight", Some(highlight.join(" and "))),
        (
            "stumped",
            round.and_then(|r| r.debrief.stumped.first().cloned()),
        ),
        ("stated_date", stated.and_then(|t| t.date).map(|d| date(&d))),
        ("reply_date", reply.map(|r| day(&r.at))),
        ("request", reply.and_then(|r| r.note.clone())),
        ("deadline", planned.and_then(|a| a.by.as_ref()).map(day)),
        ("offer_deadline", offer_deadline),
        ("answer_by", answer_by),
        ("applied_date", process.applied.as_ref().map(day)),
        ("link", process.link.clone()),
        ("first_follow_up_date", first_follow_up),
        ("thanks", thanks),
        ("network", Some(network(ctx))),
        ("my_name", ctx.user.name.clone()),
        ("signature", signature.cloned()),
    ];
    optional
        .into_iter()
        .map(|(name, value)| (name, value.unwrap_or_default()))
        .collect()
}

/// Warns when another panel member's thank-you would say exactly the same thing.
fn same_as_another(
    ctx: &Context,
    template: &str,
    about: &About,
    round: &Round,
    person: &Interviewer,
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
            draft::fill(template, &values(ctx, about, Some(other), None))
                .is_ok_and(|theirs| without_names(&theirs.body, other) == mine)
        })
        .map(|other| other.name.as_str())
        .collect();
    if !twins.is_empty() {
        warn(&format!(
            "this thank-you says the same as the one to {}: personalise it, e.g. `followup edit {} --round-number {} --highlight {}`",
            twins.join(", "),
            about.process.id,
            about
                .process
                .rounds
                .iter()
                .position(|r| r.uid == round.uid)
                .map_or(1, |i| i + 1),
            render::clean(&render::shell_quote(&format!(
                "{}: what you discussed",
                person
                    .name
                    .split_whitespace()
                    .next()
                    .unwrap_or(&person.name)
            )))
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
        .message_id(draft::message_id(
            ctx.user.email.as_deref(),
            ctx.now.timestamp_millis(),
            fastrand::u64(..),
        ))
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
