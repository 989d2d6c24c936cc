//! `followup apply`: record an application, before any interview.

use super::{Context, Typed, link, print_plan, set_contact};
use crate::cli::ApplyArgs;
use crate::error::usage;
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: ApplyArgs, out: &mut dyn Write) -> Result<()> {
    let typed = Typed::read(&args.process)?;
    let applied = ctx.when_or_now("--at", args.at.as_deref())?;
    let link = args
        .link
        .as_deref()
        .map(|l| link("--link", l))
        .transpose()?;

    let (mut store, id, joined) =
        typed.open(ctx, &args.process, "to record the application on it")?;
    let process = store.data.process_mut(id).expect("matched id exists");
    let name = render::process_name(process);
    if joined && args.process.process.is_none() {
        return Err(usage(format!(
            "{name} is already recorded ({}): `followup add --process {id} --at WHEN` records its next interview, `followup edit {id} --link URL` changes its link; --new records this application as a separate process",
            process.stage(&ctx.now.fixed_offset())
        )));
    }
    if let Some(was) = &process.applied {
        return Err(usage(format!(
            "{name} already has its application, on {}: `followup edit {id} --link URL` changes the link, `followup edit {id} --contact \"Name <email>\"` the contact",
            render::day(was, &ctx.now)
        )));
    }
    if let Some(first) = process.rounds.iter().map(|r| r.at).min()
        && applied > first
    {
        return Err(usage(format!(
            "--at {} is after the first interview of {name}, on {}: an application comes before it; give its day with --at",
            render::day(&applied, &ctx.now),
            render::day(&first, &ctx.now)
        )));
    }
    process.applied = Some(applied);
    if link.is_some() {
        process.link = link;
    }
    if let Some(contact) = typed.contact {
        set_contact(process, contact);
    }
    ctx.save(&mut store)?;

    let process = store.data.process(id).expect("saved id exists");
    writeln!(
        out,
        "Recorded the application to {} (applied {}).",
        render::process_name(process),
        render::day(&applied, &ctx.now)
    )?;
    if let Some(contact) = &process.contact {
        writeln!(out, "Contact: {}.", render::clean(&contact.to_string()))?;
    }
    if process.rounds.is_empty() {
        writeln!(
            out,
            "When they invite you, `followup add --process {id} --at WHEN` (or the same company and role) makes it round 1."
        )?;
    }
    print_plan(ctx, &store.data, process, out)
}
