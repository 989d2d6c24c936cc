//! `followup config`: the paths in use, where each came from, and the rules in force, as TOML
//! that reads back as the config in force (the paths are comments).

use super::Context;
use crate::policy::Policy;
use crate::render;
use crate::store;
use anyhow::{Context as _, Result};
use std::io::Write;
use std::path::Path;

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
    // One line each, whatever the path holds.
    let shown = |path: &Path| render::clean(&path.display().to_string()).into_owned();
    writeln!(
        out,
        "# data folder  {} ({})",
        shown(&ctx.dir),
        ctx.dir_source
    )?;
    writeln!(out, "# store        {} ({stored})", shown(&store_path))?;
    match &ctx.config_path {
        Some((path, source)) => {
            let state = if path.exists() {
                "found"
            } else {
                "not found: defaults in use"
            };
            writeln!(out, "# config file  {} ({source}; {state})", shown(path))?;
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
                render::clean(&found.join(", ")).into_owned()
            };
            writeln!(out, "# templates    {} ({listed})", shown(&templates))?;
        }
        None => writeln!(
            out,
            "# config file  none: no home folder to look in; defaults in use"
        )?,
    }
    writeln!(out, "\n[user]")?;
    let user = &ctx.user;
    keys(
        out,
        [
            ("name", &user.name, "is not set"),
            ("email", &user.email, "is not set"),
            (
                "signature",
                &user.signature,
                "is not set: drafts close with the name",
            ),
            (
                "network",
                &user.network,
                "is not set: invitations are for LinkedIn",
            ),
        ],
    )?;
    // The order numeric dates are read in: set, else the locale's, else none.
    match (user.date_order, crate::config::date_order(user)) {
        (Some(order), _) => writeln!(out, "date_order = \"{}\"", order.name())?,
        (None, Some(order)) => writeln!(
            out,
            "# date_order is not set: the locale reads dates as {}",
            order.name()
        )?,
        (None, None) => writeln!(
            out,
            "# date_order is not set, nor does the locale say: a date such as 11/12/2026 is refused"
        )?,
    }
    // How `due --notify` reaches you, and when the morning run of `schedule install` is.
    writeln!(out, "\n[notify]")?;
    match &ctx.notify.command {
        Some(command) => writeln!(out, "command = {}", toml_string(command))?,
        None => writeln!(
            out,
            "# command is not set: due --notify sends a desktop notification"
        )?,
    }
    writeln!(out, "\n[schedule]")?;
    match &ctx.schedule.time {
        Some(time) => writeln!(out, "time = {}", toml_string(time))?,
        None => writeln!(
            out,
            "# time is not set: the morning run is at {}",
            crate::config::DEFAULT_MORNING
        )?,
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
    calendar(ctx, out)?;
    Ok(())
}

/// The `[calendar]` section `calendar push` reads, as it is in the file.
fn calendar(ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let settings = &ctx.calendar;
    writeln!(out, "\n[calendar]  # where calendar push writes")?;
    keys(
        out,
        [
            (
                "url",
                &settings.url,
                "is not set: the CalDAV calendar to push to",
            ),
            ("username", &settings.username, "is not set"),
            (
                "password_command",
                &settings.password_command,
                "is not set: a command that prints the password",
            ),
        ],
    )?;
    if settings.has_password() {
        writeln!(
            out,
            "# password is set, and refused by calendar push and schedule install: {}",
            crate::config::PASSWORD_REFUSED
        )?;
    }
    Ok(())
}

/// One `key = "value"` line per setting, or a comment saying what it being unset means.
fn keys<const N: usize>(
    out: &mut dyn Write,
    settings: [(&str, &Option<String>, &str); N],
) -> Result<()> {
    for (key, value, unset) in settings {
        match value {
            Some(value) => writeln!(out, "{key} = {}", toml_string(value))?,
            None => writeln!(out, "# {key} {unset}")?,
        }
    }
    Ok(())
}

/// A TOML basic string on one line that reads back as `text`: quotes, backslashes and every
/// character a terminal could act on (line breaks among them) escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if render::unsafe_char(c) && u32::from(c) > 0xFFFF => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)))
            }
            c if render::unsafe_char(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn a_string_reads_back_as_itself() {
        for text in [
            "Alex Martin",
            "Alex \"Al\" Martin\n+44 20 7946 0000\n\\o/",
            "tab\there, bell\u{7}, rtl \u{202e}mark, line\u{2028}sep, é, \u{1f44b}",
            "'''\"\"\"",
            "",
        ] {
            let written = format!("k = {}", toml_string(text));
            assert!(
                !written.contains(['\n', '\u{7}', '\u{202e}', '\u{2028}']),
                "{written}"
            );
            let table: toml::Table = toml::from_str(&written).unwrap();
            assert_eq!(table["k"].as_str(), Some(text), "{written}");
        }
    }
}
