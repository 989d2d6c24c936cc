//! `followup config`: the paths in use, where each came from, and the rules in force.

use super::Context;
use crate::policy::Policy;
use crate::render;
use crate::store;
use anyhow::{Context as _, Result};
use std::io::Write;

pub fn run(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let store_path = ctx.dir.join(store::STORE_FILE);
    let stored = if store_path.exists() {
        match store::read(&ctx.dir) {
            Ok(data) => format!("{} processes", data.processes.len()),
            Err(_) => "damaged: see `followup list`".to_string(),
        }
    } else {
        "not created yet".to_string()
    };
    writeln!(
        out,
        "data folder  {} ({})",
        ctx.dir.display(),
        ctx.dir_source
    )?;
    writeln!(out, "store        {} ({stored})", store_path.display())?;
    match &ctx.config_path {
        Some((path, source)) => {
            let state = if path.exists() {
                "found"
            } else {
                "not found: defaults in use"
            };
            writeln!(out, "config file  {} ({source}; {state})", path.display())?;
            let templates = path.with_file_name("templates");
            let mut found: Vec<String> = std::fs::read_dir(&templates)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .filter(|name| name.ends_with(".txt"))
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            let listed = if found.is_empty() {
                "none: built-in drafts".to_string()
            } else {
                found.join(", ")
            };
            writeln!(out, "templates    {} ({listed})", templates.display())?;
        }
        None => writeln!(
            out,
            "config file  none: no home folder to look in; defaults in use"
        )?,
    }
    writeln!(out, "\n[user]")?;
    let user = &ctx.user;
    for (key, value) in [
        ("name", &user.name),
        ("email", &user.email),
        ("signature", &user.signature),
    ] {
        match value {
            Some(value) => writeln!(
                out,
                "{key} = {}",
                render::clean(&toml::Value::from(value.as_str()).to_string())
            )?,
            None => writeln!(out, "# {key} is not set")?,
        }
    }
    writeln!(
        out,
        "\n[policy]  # in force; \"# default\" marks a value you changed"
    )?;
    let current = toml::Table::try_from(&ctx.policy).context("could not show the policy")?;
    let defaults = toml::Table::try_from(Policy::default()).context("could not show the policy")?;
    for (key, value) in &current {
        match defaults.get(key) {
            Some(default) if default != value => {
                writeln!(out, "{key} = {value}  # default: {default}")?
            }
            _ => writeln!(out, "{key} = {value}")?,
        }
    }
    Ok(())
}
