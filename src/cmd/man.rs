//! The manual pages: what clap_mangen makes of the command-line definitions, and the sections
//! it does not know: ENVIRONMENT, FILES, EXIT STATUS and EXAMPLES, with the release's date and
//! version on the `.TH` line. One page for `followup`, one per command (`followup-due.1`).

use crate::cli::Cli;
use crate::error::{EXIT_OVERDUE, EXIT_TROUBLE, EXIT_USAGE};
use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, italic, roman};
use std::io::{self, Write};
use std::path::Path;

/// The page of `followup` itself.
pub fn render(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(&page(&command(), &[])?)
}

/// Writes every page into `dir`: `followup.1` and one per command.
pub fn generate_to(dir: &Path) -> io::Result<()> {
    fn each(cmd: &clap::Command, path: &mut Vec<String>, dir: &Path) -> io::Result<()> {
        let name = cmd.get_display_name().unwrap_or(cmd.get_name());
        std::fs::write(dir.join(format!("{name}.1")), page(cmd, path)?)?;
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            path.push(sub.get_name().to_string());
            each(sub, path, dir)?;
            path.pop();
        }
        Ok(())
    }
    each(&command(), &mut Vec::new(), dir)
}

/// The definitions as the pages show them: built, so that subcommands carry the global flags
/// and their page names (`followup-due`), and without the `help` subcommand.
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The date on the pages: the release's, from `[package.metadata.followup]` in Cargo.toml,
/// so that the same version always prints the same page (the clock is never read).
fn release_date() -> String {
    const MANIFEST: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
    let manifest: toml::Table = toml::from_str(MANIFEST).unwrap_or_default();
    manifest
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("followup"))
        .and_then(|f| f.get("release-date"))
        .and_then(|d| d.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The page of the command at `path` (empty for `followup` itself).
fn page(cmd: &clap::Command, path: &[String]) -> io::Result<Vec<u8>> {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let man = Man::new(cmd.clone())
        .title(name.to_uppercase())
        .date(release_date())
        .source(format!("followup {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf)?;
    }
    let mut roff = Roff::new();
    if path.is_empty() {
        notes(&mut roff, cmd);
    }
    environment(&mut roff);
    files(&mut roff);
    exit_status(&mut roff, path);
    examples(&mut roff, path);
    if !path.is_empty() {
        roff.control("SH", ["SEE ALSO"]);
        roff.text([bold("followup"), roman("(1)")]);
    }
    roff.to_writer(&mut buf)?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut buf)?;
    }
    // Each part starts with the same definition of the apostrophe; once is enough.
    let text = String::from_utf8(buf).expect("roff is UTF-8");
    let preamble = Roff::new().render();
    let body = text.replace(&preamble, "");
    Ok(format!("{preamble}{body}").into_bytes())
}

/// The paragraphs of `--help`'s epilogue that no section of the page covers: how to write
/// dates, timelines and processes.
fn notes(roff: &mut Roff, cmd: &clap::Command) {
    let Some(after) = cmd.get_after_help().map(|a| a.to_string()) else {
        return;
    };
    let covered = ["Environment:", "Exit status:"];
    let paragraphs: Vec<&str> = after
        .split("\n\n")
        .filter(|p| !covered.iter().any(|c| p.starts_with(c)))
        .collect();
    if paragraphs.is_empty() {
        return;
    }
    roff.control("SH", ["NOTES"]);
    for paragraph in paragraphs {
        roff.control("PP", []).text([roman(paragraph)]);
    }
}

/// A tagged paragraph: `tag` in bold, then `text`.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []).text([bold(tag)]).text([roman(text)]);
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in [
        (
            "FOLLOWUP_DIR",
            "The data folder (an absolute path), unless --dir is given.",
        ),
        (
            "FOLLOWUP_CONFIG",
            "The config file, instead of config.toml in the platform config folder.",
        ),
        (
            "FOLLOWUP_NOW",
            "Pretend it is this time: RFC 3339, or YYYY-MM-DD HH:MM local (for trying things out and for tests).",
        ),
        ("TZ", "The time zone; otherwise the system's."),
        (
            "LC_ALL, LC_TIME, LANG",
            "The first one set says whether 11/12/2026 is month or day first, unless date_order is set in the config.",
        ),
        ("NO_COLOR", "No colour, even on a terminal."),
        ("VISUAL, EDITOR", "The editor for debrief (else vi)."),
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "The session bus due --notify sends its desktop notification on.",
        ),
        (
            "XDG_CONFIG_HOME",
            "Where schedule install writes the systemd user units (its systemd/user folder; else ~/.config/systemd/user).",
        ),
        (
            "COMPLETE",
            "Set by the completion scripts of followup completions when they call followup back at a TAB.",
        ),
    ] {
        item(roff, name, meaning);
    }
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for (file, meaning) in [
        (
            "~/.local/share/followup/",
            "The data folder on Linux (~/Library/Application Support/followup on macOS), unless \
             --dir or FOLLOWUP_DIR names another. Readable by you only (0700, files 0600).",
        ),
        (
            "~/.local/share/followup/store.json",
            "The processes in play, read by due and list: open ones, and closed ones with something left to do.",
        ),
        (
            "~/.local/share/followup/archive.json",
            "The closed processes with nothing left to do, read by list --all, show and export.",
        ),
        (
            "~/.local/share/followup/backups/",
            "The store as it was before each of the last 20 changes, for undo.",
        ),
        (
            "~/.local/share/followup/calendar.json",
            "What each calendar event last said, and what was pushed, so that SEQUENCE rises only when an event changes and a push sends only what changed.",
        ),
        (
            "~/.config/followup/config.toml",
            "The config file ([user], [policy], [calendar], [notify] and [schedule] settings), unless \
             FOLLOWUP_CONFIG names another; a missing file means every default. followup config \
             prints the one in force.",
        ),
        (
            "~/.config/followup/templates/ACTION.txt",
            "Your own draft for an action (thank-you.txt, follow-up.txt, ...), beside the config \
             file, in place of the built-in one.",
        ),
    ] {
        roff.control("TP", [])
            .text([italic(file)])
            .text([roman(meaning)]);
    }
}

fn exit_status(roff: &mut Roff, path: &[String]) {
    roff.control("SH", ["EXIT STATUS"]);
    item(
        roff,
        "0",
        "Success, also when the output pipe closes early (followup due | head -1).",
    );
    item(
        roff,
        &EXIT_TROUBLE.to_string(),
        "Trouble with the store or the system: a damaged store, one written by a newer followup, \
         a folder that cannot be written. The message names the file and the backup that restores it. \
         For calendar push: a server that cannot be reached, refuses the password or answers with \
         an error, or an event changed on the server and left as it is there (the others are sent); \
         for due --notify, a notification that could not be sent.",
    );
    item(
        roff,
        &EXIT_USAGE.to_string(),
        "Bad input: an unknown id or company, an ambiguous prefix, an unreadable date, an unknown \
         flag or action. One line on standard error names the value and the accepted forms; \
         nothing is changed.",
    );
    if path.is_empty() || path == ["due"] {
        item(
            roff,
            &EXIT_OVERDUE.to_string(),
            "due --exit-code: something is overdue. With --quiet, this status is all it says.",
        );
    }
}

/// Examples: (command line, what it does, whether `followup`'s own page shows it: a day's
/// work and the morning run). A command's page shows those that run it.
const EXAMPLES: &[(&str, &str, bool)] = &[
    (
        "followup add -c Acme -r \"Backend Engineer\" --at \"today 14:30\" -i \"Jane Doe <jane@acme.test>, Head of Platform\" --timeline \"two weeks\"",
        "Record an interview just held, with the interviewer and what they said about timing.",
        true,
    ),
    (
        "followup add",
        "Record an interview, asked for each part on a terminal.",
        false,
    ),
    (
        "followup add --process 2 --at \"next tuesday 10:00\"",
        "Schedule the next round of process 2.",
        false,
    ),
    (
        "followup apply -c Initech -r \"Data Engineer\" --link https://initech.example/jobs/7",
        "Record an application before any interview.",
        false,
    ),
    (
        "followup due",
        "What to send today and why, then the next 7 days.",
        true,
    ),
    (
        "followup due --days 14",
        "The same, two weeks ahead.",
        false,
    ),
    (
        "followup due --count",
        "Only how many actions are due or overdue, for a shell prompt.",
        false,
    ),
    (
        "followup due --quiet --exit-code; [ $? -eq 3 ] && echo 'followup: something is overdue'",
        "From cron: nothing printed unless something is overdue (exit status 3), then a line that cron mails you.",
        true,
    ),
    (
        "followup due --json | jq -r '.actions[] | select(.status == \"overdue\") | .done'",
        "The command that marks each overdue action done.",
        true,
    ),
    (
        "followup done acme thank-you --to jane",
        "Mark the thank-you to Jane (a name prefix) as sent.",
        true,
    ),
    (
        "followup done 2 follow-up --at yesterday",
        "Record a follow-up sent yesterday.",
        false,
    ),
    (
        "followup dismiss acme connect --to bob",
        "Drop an invitation you will not send.",
        false,
    ),
    (
        "followup snooze acme follow-up --until \"next monday\"",
        "Hide a follow-up until Monday.",
        false,
    ),
    (
        "followup log-reply acme --kind update --timeline \"end of next week\"",
        "They wrote with a new date: the follow-ups wait for it.",
        false,
    ),
    (
        "followup log-reply acme --kind offer --timeline \"Dec 4\"",
        "An offer with a deadline: acknowledge, decide, and tell the others.",
        false,
    ),
    (
        "followup close acme --outcome accepted",
        "Accept an offer: every other process gets a withdraw.",
        false,
    ),
    ("followup reopen 3", "Put process 3 back in play.", false),
    (
        "followup list --all",
        "Every process, closed ones too.",
        false,
    ),
    ("followup list --json", "The open processes as JSON.", false),
    (
        "followup show acme",
        "One process: rounds, debriefs, replies and plan.",
        false,
    ),
    (
        "followup edit acme --round-number 1 -i \"Jane Doe <jane@acme.test>, Head of Platform\"",
        "Set the interviewers of the first round.",
        false,
    ),
    (
        "followup edit 2 --at \"2026-12-08 14:30\"",
        "Move the scheduled interview of process 2.",
        false,
    ),
    (
        "followup note acme \"they run everything on Kafka\"",
        "Add a line to the latest debrief.",
        false,
    ),
    (
        "followup rm 3 --yes",
        "Delete process 3 without asking.",
        false,
    ),
    ("followup undo", "Go back before the last change.", false),
    (
        "followup undo --list",
        "The kept versions, newest first, to restore one with --restore N.",
        false,
    ),
    (
        "followup draft acme follow-up",
        "Print a follow-up ready to edit.",
        false,
    ),
    (
        "followup draft acme thank-you --to jane --eml thanks.eml",
        "Write the thank-you as an email draft to open in a mail client.",
        true,
    ),
    (
        "followup export --format ics -o ~/plan.ics",
        "The plan as a calendar file.",
        false,
    ),
    (
        "followup calendar push --dry-run",
        "Show the requests that would bring the calendar of [calendar] url up to date.",
        false,
    ),
    (
        "followup calendar push",
        "Write every planned action to your CalDAV calendar, and take done ones off.",
        true,
    ),
    (
        "followup schedule install",
        "Run due --notify every morning at 09:00 with a systemd user timer (and calendar push when configured).",
        true,
    ),
    (
        "followup schedule install --time 07:30 --dry-run",
        "Show the timer and service that would run at 07:30, and write nothing.",
        false,
    ),
    (
        "followup schedule",
        "Print the crontab line for a system without systemd, and the units install would write.",
        false,
    ),
    (
        "followup schedule remove",
        "Stop the morning run and delete its units.",
        false,
    ),
    (
        "followup due --notify",
        "One desktop notification for what is due now, or [notify] command run with the summary on its input; nothing when nothing is due.",
        false,
    ),
    (
        "followup export -o search.xlsx",
        "A workbook (named by its extension): the processes and the plan, with real date cells.",
        false,
    ),
    (
        "followup export --bom -o interviews.csv",
        "One row per interview round, for Excel or LibreOffice to open as UTF-8.",
        false,
    ),
    (
        "followup import --dry-run \"Job Applications.csv\"",
        "What a tracker's spreadsheet would create and plan, changing nothing.",
        false,
    ),
    (
        "followup import --map \"Stellentitel=role\" --date-order dmy bewerbungen.csv",
        "A spreadsheet with a header import does not know, and day-first dates.",
        false,
    ),
    (
        "followup export --format json -o backup.json",
        "The whole store, to keep or to move.",
        false,
    ),
    (
        "followup import --format csv applications.csv",
        "Bring in a spreadsheet: company, role and date columns at least.",
        false,
    ),
    (
        "followup import --format json backup.json",
        "Bring back an export.",
        false,
    ),
    (
        "followup debrief acme",
        "Write the debrief of the latest interview in your editor.",
        false,
    ),
    (
        "followup config > config.toml",
        "The settings in force, as a config file.",
        false,
    ),
    (
        "followup demo",
        "A week of job hunting in a throwaway store.",
        false,
    ),
    (
        "followup completions bash > ~/.local/share/bash-completion/completions/followup",
        "Completion for bash (also zsh, fish, elvish, powershell).",
        false,
    ),
    (
        "followup man --output-dir ~/.local/share/man/man1",
        "Install these pages: then man followup, man followup-due.",
        false,
    ),
];

/// The examples of the command at `path`; for `followup` itself, the chosen few.
fn examples_of(path: &[String]) -> Vec<(&'static str, &'static str)> {
    let command = std::iter::once("followup")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    EXAMPLES
        .iter()
        .filter(|(line, _, first)| {
            if path.is_empty() {
                *first
            } else {
                *line == command || line.starts_with(&format!("{command} "))
            }
        })
        .map(|(line, what, _)| (*line, *what))
        .collect()
}

fn examples(roff: &mut Roff, path: &[String]) {
    let examples = examples_of(path);
    if examples.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    for (line, what) in examples {
        roff.control("PP", []).text([roman(what)]);
        roff.control("RS", ["4"])
            .control("nf", [])
            .text([bold(line)])
            .control("fi", [])
            .control("RE", []);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Vec<Vec<String>> {
        fn each(cmd: &clap::Command, path: &mut Vec<String>, all: &mut Vec<Vec<String>>) {
            all.push(path.clone());
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                path.push(sub.get_name().to_string());
                each(sub, path, all);
                path.pop();
            }
        }
        let mut all = Vec::new();
        each(&command(), &mut Vec::new(), &mut all);
        all
    }

    #[test]
    fn files_name_every_config_section_and_exit_status_the_push() {
        let page = String::from_utf8(page(&command(), &[]).unwrap()).unwrap();
        let files = &page[page.find("FILES").unwrap()..page.find("EXIT STATUS").unwrap()];
        for section in ["[user]", "[policy]", "[calendar]", "[notify]", "[schedule]"] {
            assert!(files.contains(section), "{section} in {files}");
        }
        let status = &page[page.find("EXIT STATUS").unwrap()..];
        assert!(
            status.contains("For calendar push") && status.contains("left as it is there"),
            "{status}"
        );
    }

    #[test]
    fn every_page_has_examples_and_every_example_parses() {
        for path in pages() {
            assert!(
                !examples_of(&path).is_empty(),
                "`followup {}` has no example: add one to EXAMPLES in src/cmd/man.rs",
                path.join(" ")
            );
        }
        for (line, ..) in EXAMPLES {
            // The command line before any pipe or redirection, without its shell quoting.
            let end = [" |", " >", ";"].iter().filter_map(|s| line.find(s)).min();
            let line = &line[..end.unwrap_or(line.len())];
            let mut words = Vec::new();
            let mut quoted = None;
            for part in line.split_whitespace() {
                match &mut quoted {
                    Some(text) => {
                        *text = format!("{text} {part}");
                        if part.ends_with('"') {
                            words.push(quoted.take().unwrap().trim_matches('"').to_string());
                        }
                    }
                    None if part.starts_with('"') && !(part.len() > 1 && part.ends_with('"')) => {
                        quoted = Some(part.to_string())
                    }
                    None => words.push(part.trim_matches('"').to_string()),
                }
            }
            if let Err(err) = Cli::command().try_get_matches_from(&words) {
                panic!("{line}: {err}");
            }
        }
    }

    #[test]
    fn the_date_is_the_release_date_of_the_manifest() {
        let date = release_date();
        assert!(
            chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_ok(),
            "[package.metadata.followup] release-date in Cargo.toml: {date:?}"
        );
        let mut page = Vec::new();
        render(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        let title = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
        assert_eq!(
            title,
            format!(
                ".TH FOLLOWUP 1 {date} \"followup {}\" \"User Commands\"",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(page.matches(".ds Aq").count(), 2, "one preamble: {page}");
    }
}
