//! `followup calendar push`: every planned action as its own event on the user's CalDAV server,
//! sending only what changed since the last push.

use super::Context;
use crate::calendar::Locked;
use crate::calendar::caldav::{self, Collection, Failure, Guard, Server, Written};
use crate::cli::{CalendarArgs, CalendarCommand, PushArgs};
use crate::config::CalendarSettings;
use crate::error::usage;
use crate::exchange::{self, CalendarState, Pushed};
use crate::render::{self, count};
use anyhow::{Context as _, Result, anyhow};
use std::io::Write;
use std::process::{Command, Stdio};

pub fn run(ctx: &Context, args: CalendarArgs, out: &mut dyn Write) -> Result<()> {
    match args.command {
        CalendarCommand::Push(args) => push(ctx, args, out),
    }
}

/// What one request does to one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Create,
    Update,
    Delete,
}

impl Change {
    fn method(self) -> &'static str {
        match self {
            Change::Create | Change::Update => "PUT",
            Change::Delete => "DELETE",
        }
    }
}

/// One request of a push.
struct Step {
    change: Change,
    uid: String,
    href: String,
    /// The ETag to guard it with, when we have one.
    etag: Option<String>,
    why: String,
}

fn push(ctx: &Context, args: PushArgs, out: &mut dyn Write) -> Result<()> {
    let config_file = match &ctx.config_path {
        Some((path, _)) => render::clean(&path.display().to_string()).into_owned(),
        None => "the config file".to_string(),
    };
    let unset = |url: &Option<String>| url.as_deref().is_none_or(|u| u.trim().is_empty());
    if args.if_configured && unset(&ctx.calendar.url) {
        return Ok(());
    }
    ctx.calendar.refuse_password(&config_file)?;
    let (url, username, password_command) = settings_of(&ctx.calendar, &config_file)?;
    let password = password(&password_command, &config_file)?;
    let server = Server::new(&url, &username, &password);
    let failed = |failure: Failure, method: &str, target: &str, done: usize| {
        worded(failure, method, target, &server, &config_file, done)
    };

    // Under the lock from here: what the records plan and what the server was last sent.
    let mut locked = Locked::open(&ctx.dir)?;
    let planned = exchange::planned(&locked.data, &ctx.policy, &ctx.now);
    locked.state.sync(&planned, &ctx.now);
    let collection = server
        .collection()
        .map_err(|f| failed(f, "PROPFIND", &server.url, 0))?;
    let missing = collection == Collection::Missing;
    if missing {
        // A calendar deleted on the server takes what it held with it.
        locked.state.pushed.remove(&server.url);
    }
    let (steps, unchanged) = plan(&locked.state, &server);

    if args.dry_run {
        writeln!(
            out,
            "A dry run: nothing is sent but the PROPFIND that found {}.",
            if missing {
                "no calendar there"
            } else {
                "the calendar there"
            }
        )?;
        writeln!(out, "PROPFIND {}  is the calendar there", server.url)?;
        if missing {
            writeln!(out, "MKCALENDAR {}  create the calendar", server.url)?;
        }
        for step in &steps {
            writeln!(out, "{} {}  {}", step.change.method(), step.href, step.why)?;
        }
        writeln!(
            out,
            "{}; {} unchanged. Nothing was changed.",
            totals(steps.iter(), missing),
            count(unchanged, "event")
        )?;
        return Ok(());
    }

    if missing {
        server
            .make_calendar()
            .map_err(|f| failed(f, "MKCALENDAR", &server.url, 0))?;
    }
    let mut done: Vec<&Step> = Vec::new();
    let mut conflicts: Vec<&Step> = Vec::new();
    let mut failure = None;
    for step in &steps {
        let guard = match (&step.etag, step.change) {
            _ if args.force => Guard::None,
            (_, Change::Create) => Guard::New,
            (Some(etag), _) => Guard::Etag(etag),
            (None, _) => Guard::None,
        };
        let written = match step.change {
            Change::Create | Change::Update => {
                server.put(&step.href, &locked.state.resource(&step.uid), guard)
            }
            Change::Delete => server.delete(&step.href, guard),
        };
        match written {
            Ok(Written::Done(etag)) => {
                record(&mut locked.state, &server.url, step, etag);
                done.push(step);
            }
            Ok(Written::Conflict) => conflicts.push(step),
            Err(f) => {
                failure = Some(failed(f, step.change.method(), &step.href, done.len()));
                break;
            }
        }
    }
    // What went through is remembered, so the next push neither sends it again nor mistakes
    // it for someone else's change; with nothing through, nothing changes here either.
    if failure.is_none() || !done.is_empty() {
        locked.save()?;
    }
    if let Some(err) = failure {
        return Err(err);
    }
    if done.is_empty() && !missing && conflicts.is_empty() {
        writeln!(
            out,
            "{} is up to date: {} unchanged.",
            server.url,
            count(unchanged, "event")
        )?;
    } else {
        let left = match conflicts.len() {
            0 => String::new(),
            n => format!(", {n} left as the server has it"),
        };
        writeln!(
            out,
            "Pushed to {}: {}{left}; {} unchanged.",
            server.url,
            totals(done.iter().copied(), missing),
            count(unchanged, "event")
        )?;
    }
    if !conflicts.is_empty() {
        let list: Vec<String> = conflicts
            .iter()
            .map(|s| format!("{} ({})", s.href, s.why))
            .collect();
        let (events, them, they) = match conflicts.len() {
            1 => ("1 event was".to_string(), "it", "it is"),
            n => (format!("{n} events were"), "them", "they are"),
        };
        return Err(anyhow!(
            "{events} changed on the server since the last push (by another app or device: 412 Precondition Failed), so followup left {them} as {they}: {}. To replace {them} with followup's version, run `followup calendar push --force` (what was changed there is lost)",
            list.join(", "),
        ));
    }
    Ok(())
}

/// The URL, username and password command, each required, the URL checked.
fn settings_of(settings: &CalendarSettings, config_file: &str) -> Result<(String, String, String)> {
    let missing = |key: &str| {
        usage(format!(
            "`calendar push` needs {key} under [calendar] in {config_file}: set url (your calendar's address, such as https://dav.example.com/alex/followup/), username and password_command (a command that prints the password); see `followup calendar push --help`"
        ))
    };
    let url = settings.url.as_deref().ok_or_else(|| missing("url"))?;
    let url = caldav::collection_url(url).map_err(|err| {
        usage(format!(
            "[calendar] url {:?} in {config_file}: {err}",
            render::clean(&caldav::shown(url))
        ))
    })?;
    let username = settings
        .username
        .clone()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| missing("username"))?;
    let command = settings
        .password_command
        .clone()
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| missing("password_command"))?;
    Ok((url, username, command))
}

/// Runs the password command through the shell: its standard output, without the line break
/// at its end, is the password.
fn password(command: &str, config_file: &str) -> Result<String> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| "could not run a shell (sh) for password_command".to_string())?;
    let shown = render::clean(command).into_owned();
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = render::clean(said.trim()).into_owned();
        return Err(anyhow!(
            "password_command `{shown}` (under [calendar] in {config_file}) failed ({}){}: fix it so that it prints the password; nothing was changed",
            output.status,
            if said.is_empty() {
                String::new()
            } else {
                format!(": {said}")
            }
        ));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| {
        anyhow!(
            "password_command `{shown}` printed something that is not text; nothing was changed"
        )
    })?;
    let password = text.strip_suffix('\n').unwrap_or(&text);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(anyhow!(
            "password_command `{shown}` (under [calendar] in {config_file}) printed nothing: it must print the password; nothing was changed"
        ));
    }
    Ok(password.to_string())
}

/// The requests that bring the server to the state, and how many events need none.
fn plan(state: &CalendarState, server: &Server) -> (Vec<Step>, usize) {
    let empty = Default::default();
    let pushed = state.pushed.get(&server.url).unwrap_or(&empty);
    let mut steps = Vec::new();
    let mut unchanged = 0;
    // A request on what the server holds for `uid`.
    let on = |change, uid: &String, held: &Pushed, why| Step {
        change,
        uid: uid.clone(),
        href: held.href.clone(),
        etag: held.etag.clone(),
        why,
    };
    for (uid, event) in &state.events {
        let summary = summary(&event.lines);
        match (event.gone, pushed.get(uid)) {
            (None, None) => steps.push(Step {
                change: Change::Create,
                uid: uid.clone(),
                href: server.href(&format!("{uid}.ics")),
                etag: None,
                why: format!("new: {summary}"),
            }),
            (None, Some(held)) if held.sequence != event.sequence => {
                steps.push(on(Change::Update, uid, held, format!("changed: {summary}")))
            }
            (None, Some(_)) => unchanged += 1,
            (Some(_), Some(held)) => {
                let why = format!("done, dismissed or moot: {summary}");
                steps.push(on(Change::Delete, uid, held, why))
            }
            (Some(_), None) => {}
        }
    }
    // Held on the server, forgotten here (cancelled long ago, or the state was reset).
    for (uid, held) in pushed {
        if !state.events.contains_key(uid) {
            let why = "no longer planned".to_string();
            steps.push(on(Change::Delete, uid, held, why));
        }
    }
    (steps, unchanged)
}

/// Remembers a request that went through.
fn record(state: &mut CalendarState, url: &str, step: &Step, etag: Option<String>) {
    let resources = state.pushed.entry(url.to_string()).or_default();
    match step.change {
        Change::Delete => {
            resources.remove(&step.uid);
        }
        Change::Create | Change::Update => {
            let sequence = state.events.get(&step.uid).map_or(0, |e| e.sequence);
            resources.insert(
                step.uid.clone(),
                Pushed {
                    href: step.href.clone(),
                    etag,
                    sequence,
                },
            );
        }
    }
    if resources.is_empty() {
        state.pushed.remove(url);
    }
}

/// "1 calendar created, 3 events new, 1 changed, 2 deleted".
fn totals<'a>(steps: impl Iterator<Item = &'a Step> + Clone, made: bool) -> String {
    let n = |change| steps.clone().filter(|s| s.change == change).count();
    let mut parts = Vec::new();
    if made {
        parts.push("calendar created".to_string());
    }
    parts.push(format!("{} new", count(n(Change::Create), "event")));
    parts.push(format!("{} changed", n(Change::Update)));
    parts.push(format!("{} deleted", n(Change::Delete)));
    parts.join(", ")
}

/// The summary of an event, from its lines, for the messages.
fn summary(lines: &[String]) -> String {
    let text = lines
        .iter()
        .find_map(|l| l.strip_prefix("SUMMARY:"))
        .unwrap_or_default();
    // One pass: in `\\n` (a backslash, then n) the n is text, not a line break.
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push(' '),
                Some(escaped) => out.push(escaped),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// A failed request in words, saying what to do and what was kept.
fn worded(
    failure: Failure,
    method: &str,
    target: &str,
    server: &Server,
    config_file: &str,
    done: usize,
) -> anyhow::Error {
    let kept = match done {
        0 => "nothing was changed".to_string(),
        n => format!(
            "the {} before it went through and {} remembered",
            count(n, "request"),
            if n == 1 { "is" } else { "are" }
        ),
    };
    match failure {
        Failure::Unreachable(why) => anyhow!(
            "could not reach the calendar server at {target} ({why}): check that it is running and that url under [calendar] in {config_file} is right; {kept}"
        ),
        Failure::Unauthorized => anyhow!(
            "the calendar server at {target} refused username {:?} with the password from password_command (401 Unauthorized): check username and password_command under [calendar] in {config_file} (iCloud and Fastmail want an app password, not your account's); {kept}",
            render::clean(server.username())
        ),
        Failure::NotCalendar => anyhow!(
            "{target} is a collection on the calendar server but not a calendar (an address book, or the folder that holds your calendars?): set url under [calendar] in {config_file} to the address of a calendar, or to a new name inside that folder for followup to create; {kept}"
        ),
        Failure::Status(status, said) => {
            anyhow!("the calendar server answered {method} {target} with {status} {said}; {kept}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn a_summary_is_read_back_as_written() {
        let line = |text: &str| vec![format!("SUMMARY:{text}")];
        assert_eq!(
            summary(&line(r"follow-up · C:\\new\, Smith\; Co\nLtd")),
            r"follow-up · C:\new, Smith; Co Ltd"
        );
        assert_eq!(summary(&line(r"a \\\\ b")), r"a \\ b");
    }
}
