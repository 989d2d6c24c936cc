//! `due --notify`: one message summarising what is due now, sent as a desktop notification over
//! D-Bus (the freedesktop.org Notifications service), or given on standard input to a command of
//! the user's (`[notify] command`: ntfy, mail, a phone).

use crate::config;
use crate::model::Process;
use crate::render;
use crate::rules::{Action, Status};
use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, Local};
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// How many groups of actions the one-line summary names before "and N more".
const NAMED: usize = 3;

/// What is due, in words: a title ("3 follow-ups due"), a line naming the first few ("thank-you
/// to Jane Doe and Bob Li at Acme, debrief at Acme and 1 more"), and one line per group with
/// its process and how far it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub body: String,
    pub lines: Vec<String>,
}

impl Message {
    /// The text a `[notify] command` reads: the summary on the first line, then the details.
    pub fn text(&self) -> String {
        let mut text = format!("{}: {}\n", self.title, self.body);
        for line in &self.lines {
            text.push_str(&format!("  {line}\n"));
        }
        text
    }
}

/// The message for the actions due or overdue now, most urgent first; `None` when there are
/// none. The actions of one process and kind (a panel's thank-yous) are named together.
pub fn message(
    actions: &[Action],
    processes: &HashMap<u32, &Process>,
    now: &DateTime<Local>,
) -> Option<Message> {
    let pressing: Vec<&Action> = actions
        .iter()
        .filter(|a| a.status != Status::Upcoming)
        .collect();
    if pressing.is_empty() {
        return None;
    }
    let mut groups: Vec<Vec<&Action>> = Vec::new();
    for action in &pressing {
        match groups.iter_mut().find(|g| {
            g[0].process == action.process
                && g[0].kind() == action.kind()
                && g[0].status == action.status
        }) {
            Some(group) => group.push(action),
            None => groups.push(vec![action]),
        }
    }
    // The people of a group in the order the rounds list them, as `due` shows them.
    for group in &mut groups {
        let process = processes[&group[0].process];
        group.sort_by_key(|a| {
            process
                .rounds
                .iter()
                .flat_map(|r| &r.interviewers)
                .position(|i| Some(i.uid) == a.key.person)
        });
    }
    let company = |a: &Action| render::clean(&processes[&a.process].company).into_owned();
    let named: Vec<String> = groups
        .iter()
        .take(NAMED)
        .map(|g| format!("{} at {}", render::group_title(g), company(g[0])))
        .collect();
    let mut body = match named.split_last() {
        Some((last, rest)) if !rest.is_empty() && groups.len() <= NAMED => {
            format!("{} and {last}", rest.join(", "))
        }
        _ => named.join(", "),
    };
    if groups.len() > NAMED {
        body.push_str(&format!(" and {} more", groups.len() - NAMED));
    }
    let overdue = pressing
        .iter()
        .filter(|a| a.status == Status::Overdue)
        .count();
    let mut title = format!("{} due", render::count(pressing.len(), "follow-up"));
    if overdue > 0 {
        title.push_str(&format!(" ({overdue} overdue)"));
    }
    let lines = groups
        .iter()
        .map(|g| {
            format!(
                "{}: {}  {}",
                render::process_name(processes[&g[0].process]),
                render::group_title(g),
                render::relative(g[0], now)
            )
        })
        .collect();
    Some(Message { title, body, lines })
}

/// Sends the message for what is due: to the configured command, else as a desktop
/// notification. Nothing due sends nothing and runs nothing.
pub fn send(
    settings: &config::Notify,
    config_path: Option<&Path>,
    actions: &[Action],
    processes: &HashMap<u32, &Process>,
    now: &DateTime<Local>,
) -> Result<()> {
    let Some(message) = message(actions, processes, now) else {
        return Ok(());
    };
    match &settings.command {
        Some(command) => run_command(command, config_path, &message.text()),
        None => desktop(&message.title, &message.body),
    }
}

/// Runs the user's command through `sh -c`, the text on its standard input; a command that
/// fails is an error naming it and how it ended.
pub fn run_command(command: &str, config_path: Option<&Path>, text: &str) -> Result<()> {
    let from = match config_path {
        Some(path) => format!("[notify] command in {}", path.display()),
        None => "[notify] command".to_string(),
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!("could not run the notify command {command:?} ({from}) with sh")
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A command that does not read its input (`notify-send hi`) is not a failure.
    match stdin.write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(err).with_context(|| {
                format!("could not give the summary to the notify command {command:?}")
            });
        }
        _ => drop(stdin),
    }
    let status = child
        .wait()
        .with_context(|| format!("could not wait for the notify command {command:?}"))?;
    if status.success() {
        return Ok(());
    }
    let how = match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        (None, None) => format!("failed ({status})"),
    };
    Err(anyhow!(
        "the notify command {command:?} ({from}) {how}: the notification was not sent"
    ))
}

const SERVICE: &str = "org.freedesktop.Notifications";
const OBJECT: &str = "/org/freedesktop/Notifications";

/// Sends a desktop notification through the session bus's Notifications service.
pub fn desktop(title: &str, body: &str) -> Result<()> {
    let bus = std::env::var("DBUS_SESSION_BUS_ADDRESS")
        .map(|address| format!("the session bus {address}"))
        .unwrap_or_else(|_| "the session bus (DBUS_SESSION_BUS_ADDRESS is not set)".to_string());
    let advice = "run it in your desktop session, or set `command` under [notify] in the config to send it another way";
    zbus::block_on(async {
        let connection = zbus::connection::Builder::session()
            .method_timeout(Duration::from_secs(10))
            .build()
            .await
            .map_err(|err| {
            anyhow!(
                "could not send the desktop notification: could not reach {bus}: {err}; {advice}"
            )
        })?;
        let failed = |err: zbus::Error| {
            let why = match &err {
                zbus::Error::FDO(fdo) if matches!(**fdo, zbus::fdo::Error::ServiceUnknown(_)) => {
                    format!("no notification service is running on {bus}")
                }
                _ => format!("the notification service on {bus} refused it: {err}"),
            };
            anyhow!("could not send the desktop notification: {why}; {advice}")
        };
        let capabilities: Vec<String> = connection
            .call_method(Some(SERVICE), OBJECT, Some(SERVICE), "GetCapabilities", &())
            .await
            .and_then(|reply| reply.body().deserialize())
            .map_err(failed)?;
        // A service that reads markup in bodies would take "AT&T" or "<b>" as markup.
        let body = if capabilities.iter().any(|c| c == "body-markup") {
            escape_markup(body)
        } else {
            body.to_string()
        };
        let hints: HashMap<&str, zbus::Variant<'_>> = HashMap::new();
        connection
            .call_method(
                Some(SERVICE),
                OBJECT,
                Some(SERVICE),
                "Notify",
                &(
                    "followup",
                    0u32,
                    "",
                    title,
                    body.as_str(),
                    Vec::<&str>::new(),
                    hints,
                    -1i32,
                ),
            )
            .await
            .and_then(|reply| reply.body().deserialize::<u32>())
            .map_err(failed)?;
        Ok(())
    })
}

/// Escapes the characters that notification markup reads.
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_markup("Smith & Sons <b>"),
            "Smith &amp; Sons &lt;b&gt;"
        );
    }
}
