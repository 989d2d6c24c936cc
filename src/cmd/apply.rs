//! `followup apply`: record an application, before any interview.

use super::{Context, link, matching_process, person, required, set_contact};
use crate::cli::ApplyArgs;
use crate::error::usage;
use crate::model::Process;
use crate::render;
use crate::rules;
use crate::store::Store;
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(ctx: &Context, args: ApplyArgs, out: &mut dyn Write) -> Result<()> {
    let company = args
        .company
        .as_deref()
        .map(|c| required("--company", c))
        .transpose()?;
    let role = args
        .role
        .as_deref()
        .map(|r| required("--role", r))
        .transpose()?;
    let applied = ctx.when_or_now("--at", args.at.as_deref())?;
    let link = args
        .link
        .as_deref()
        .map(|l| link("--link", l))
        .transpose()?;
    let contact = args
        .contact
        .as_deref()
        .map(|c| person("--contact", c))
        .transpose()?;

    let mut store = Store::open_dir(&ctx.dir)?;
    let joined = matching_process(
        &mut store,
        company.as_deref().unwrap_or_default(),
        role.as_deref().unwrap_or_default(),
        &args.which,
        "to record the application on it",
    )?;
    let id = match joined {
        Some(id) => {
            let process = store.data.process_mut(id).expect("matched id exists");
            let name = render::process_name(process);
            if args.which.process.is_none() {
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
            if let Some(contact) = contact {
                set_contact(process, contact);
            }
            id
        }
        None => {
            let Some(id) = store.data.allocate_id() else {
                bail!(
                    "no process number is left: #{} is taken; `followup export --format json -o all.json` then `followup --dir NEW-FOLDER import --format json all.json` numbers them afresh in a new data folder",
                    u32::MAX
                );
            };
            store.data.processes.push(Process {
                applied: Some(applied),
                link,
                contact,
                external_ref: None,
                uid: Default::default(),
                id,
                company: company.expect("required by the command line"),
                role: role.expect("required by the command line"),
                created: ctx.now.fixed_offset(),
                rounds: vec![],
                replies: vec![],
                marks: vec![],
                closed: None,
            });
            id
        }
    };
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
    writeln!(out, "Plan:")?;
    let actions = rules::plan_process(process, &store.data.processes, &ctx.policy, &ctx.now);
    render::plan(out, &actions, &ctx.now)?;
    Ok(())
}
