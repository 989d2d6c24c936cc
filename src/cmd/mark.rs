//! `followup done`, `dismiss` and `snooze`: what the user did about a planned action.

use super::{Context, interviewer, pick, warn};
use crate::cli::{DoneArgs, MarkArgs, SnoozeArgs};
use crate::error::usage;
use crate::model::{ActionKind, Closure, Mark, MarkState, Outcome, Process, Time};
use crate::render;
use crate::rules::{self, Action};
use anyhow::Result;
use std::io::Write;

pub fn done(ctx: &Context, args: DoneArgs, out: &mut dyn Write) -> Result<()> {
    let at = ctx.when_or_now("--at", args.at.as_deref())?;
    apply(ctx, &args.mark, MarkState::Done { at }, args.again, out)
}

pub fn dismiss(ctx: &Context, args: MarkArgs, out: &mut dyn Write) -> Result<()> {
    let at = ctx.now.fixed_offset();
    apply(ctx, &args, MarkState::Dismissed { at }, false, out)
}

pub fn snooze(ctx: &Context, args: SnoozeArgs, out: &mut dyn Write) -> Result<()> {
    let until = ctx.when("--until", &args.until)?;
    if until <= ctx.now.fixed_offset() {
        return Err(usage(format!(
            "--until {:?} is not in the future: snooze until a later date, such as tomorrow or \"next monday\"",
            args.until
        )));
    }
    apply(ctx, &args.mark, MarkState::Snoozed { until }, false, out)
}

fn apply(
    ctx: &Context,
    args: &MarkArgs,
    state: MarkState,
    // `done --again`: a second follow-up or stay-in-touch within the slip window is meant.
    again: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let kind: ActionKind = args.action.parse().map_err(usage)?;
    let (mut store, id) = ctx.open_process(&args.process)?;
    let process = store.data.process(id).expect("resolved id exists");
    // The same follow-up marked twice (up-arrow, Enter) would bring the next steps forward.
    if let (MarkState::Done { at }, false) = (&state, again)
        && let Some(previous) = rules::double_mark(process, kind, *at, &ctx.policy)
    {
        return Err(usage(format!(
            "a {kind} for {} was already recorded at {}, less than {} minutes from this one: taken as the same one marked twice, nothing changed; if you sent another, add --again",
            render::process_name(process),
            render::moment(&previous, &ctx.now),
            ctx.policy.double_mark_minutes
        )));
    }
    let actions = rules::plan_process(process, &store.data.processes, &ctx.policy, &ctx.now);

    // An expired action can still be recorded: a thank-you sent late is no longer owed in the
    // follow-up.
    let expired: Vec<Action> =
        rules::expired_process(process, &store.data.processes, &ctx.policy, &ctx.now)
            .into_iter()
            .map(|e| e.action)
            .collect();
    let picked = match &args.id {
        Some(wanted) => Some(by_id(process, kind, wanted, &actions, &expired)?),
        None => match pick(&actions, kind, args.to.as_deref(), process)? {
            Some(action) => Some(action),
            None => pick(&expired, kind, args.to.as_deref(), process)?,
        },
    };
    let Some(action) = picked else {
        // Done twice is done once.
        if let MarkState::Done { .. } = state
            && let Some(previous) = already_done(process, kind, args.to.as_deref())?
        {
            writeln!(
                out,
                "{} for {} was already marked done on {}; nothing changed.",
                kind,
                render::process_name(process),
                render::moment(&previous, &ctx.now)
            )?;
            return Ok(());
        }
        return Err(nothing_pending(process, kind, &actions));
    };
    let action = action.clone();

    if let MarkState::Done { at } = &state
        && let Some(warning) = rules::pester_warning(
            process,
            &action,
            &at.with_timezone(&ctx.now.timezone()),
            &ctx.policy,
        )
    {
        warn(&format!(
            "{} Recorded anyway.",
            render::pester(&warning, &ctx.now)
        ));
    }
    let process = store.data.process_mut(id).expect("resolved id exists");
    process.marks.push(Mark {
        key: action.key.clone(),
        state: state.clone(),
    });
    // Some actions end the process when done.
    let closes = match (&state, action.kind()) {
        (MarkState::Done { at }, ActionKind::MoveOn) => Some((Outcome::NoResponse, *at)),
        (MarkState::Done { at }, ActionKind::Withdraw) => Some((Outcome::Withdrawn, *at)),
        _ => None,
    };
    if let Some((outcome, at)) = closes {
        process.closed = Some(Closure { outcome, at });
    }
    ctx.save(&mut store)?;

    let process = store.data.process(id).expect("resolved id exists");
    let what = match &state {
        MarkState::Done { .. } => "done".to_string(),
        MarkState::Dismissed { .. } => "dismissed".to_string(),
        MarkState::Snoozed { until } => {
            format!("snoozed until {}", render::moment(until, &ctx.now))
        }
    };
    writeln!(
        out,
        "{}: {} {what}.",
        render::process_name(process),
        render::title(&action)
    )?;
    if let Some((outcome, _)) = closes {
        writeln!(out, "Closed as {outcome}.")?;
    }
    let next = rules::plan_process(process, &store.data.processes, &ctx.policy, &ctx.now);
    if let Some(first) = next.first() {
        writeln!(
            out,
            "Next: {}, {}.",
            render::title(first),
            render::window(first, &ctx.now)
        )?;
    }
    Ok(())
}

/// When `kind` was last marked done, for the person `--to` names (found as `pick` finds them).
fn already_done(process: &Process, kind: ActionKind, to: Option<&str>) -> Result<Option<Time>> {
    let person = to.map(|to| interviewer(process, to)).transpose()?;
    Ok(process
        .marks
        .iter()
        .rev()
        .filter(|m| m.key.action == kind)
        .filter(|m| {
            person.is_none_or(|p| {
                m.key
                    .person
                    .and_then(|uid| process.interviewer(uid))
                    .is_some_and(|i| i.name == p.name)
            })
        })
        .find_map(|m| match m.state {
            MarkState::Done { at } => Some(at),
            _ => None,
        }))
}

fn nothing_pending(process: &Process, kind: ActionKind, actions: &[Action]) -> anyhow::Error {
    let mut pending: Vec<String> = actions.iter().map(render::title).collect();
    pending.dedup();
    let pending = if pending.is_empty() {
        "nothing is planned for it".to_string()
    } else {
        format!("planned: {}", pending.join(", "))
    };
    usage(format!(
        "no {kind} is planned for {}; {pending}",
        render::process_name(process)
    ))
}

/// The planned (or expired) action of `process` whose id is `wanted`, which must be a `kind`.
fn by_id<'a>(
    process: &Process,
    kind: ActionKind,
    wanted: &str,
    actions: &'a [Action],
    expired: &'a [Action],
) -> Result<&'a Action> {
    let found = actions
        .iter()
        .chain(expired)
        .find(|a| crate::exchange::event_uid(process, &a.key) == wanted.trim());
    match found {
        Some(action) if action.kind() == kind => Ok(action),
        Some(action) => Err(usage(format!(
            "--id {wanted:?} is the {} of {}, not a {kind}",
            action.kind(),
            render::process_name(process)
        ))),
        None => Err(usage(format!(
            "--id {wanted:?}: no action of {} pending has that id; `followup due --json` lists each action's id",
            render::process_name(process)
        ))),
    }
}
