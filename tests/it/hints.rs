//! Hints that work: a story through the CLI collects every `followup ...` command the tool
//! prints (in backticks, or alone on an indented line) and runs each, placeholders filled in, in
//! a copy of the data folder as it was when the command was printed. And `followup config`
//! prints TOML that the config reader reads back as the config in force.

use crate::common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Every `followup ...` command in `text`: a backticked span that starts with it, or an indented
/// line that is nothing else.
fn commands(text: &str) -> Vec<String> {
    let is_command = |s: &str| s == "followup" || s.starts_with("followup ");
    let mut found: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| is_command(span))
        .map(str::to_string)
        .collect();
    found.extend(
        text.lines()
            .filter(|line| line.starts_with(' '))
            .map(str::trim)
            .filter(|line| is_command(line) && !line.contains('`'))
            .map(str::to_string),
    );
    found
}

/// The command with its placeholders ("Name <email>, Title", WHEN, ...) given real values.
fn filled(command: &str) -> String {
    [
        (
            "\"Name <email>, Title\"",
            "'Kim Park <kim@acme.test>, Engineer'",
        ),
        ("\"Name <email>\"", "'Sam Lee <sam@acme.test>'"),
        ("<email>", "<someone@acme.test>"),
        ("--contact ...", "--contact 'Sam Lee <sam@acme.test>'"),
        ("--at WHEN", "--at '2026-12-14 10:00'"),
        ("--company C", "--company Umbrella"),
        ("--role R", "--role Analyst"),
        ("--link URL", "--link https://example.test/job"),
        ("--dir NEW-FOLDER", "--dir renumbered"),
    ]
    .iter()
    .fold(command.to_string(), |command, (placeholder, value)| {
        command.replace(placeholder, value)
    })
}

/// Splits a command line as a POSIX shell does, for the quoting `followup` prints: plain words,
/// 'single quotes' (with '\'' for a quote), "double quotes" with backslash escapes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    fs::set_permissions(to, fs::Permissions::from_mode(0o700)).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A story whose every printed command is tried as it is printed.
struct Story {
    env: TestEnv,
    config: String,
    /// Each command tried: what printed it, the command as pasted, and how it went.
    tried: Vec<(String, String, Result<(), String>)>,
}

impl Story {
    fn new(config: &str) -> Story {
        let env = TestEnv::new();
        env.write_config(config);
        Story {
            env,
            config: config.to_string(),
            tried: Vec::new(),
        }
    }

    /// Runs `args` at `now` (it may fail: error messages hold hints too), then every command
    /// its output names.
    fn step(&mut self, now: &str, args: &[&str]) -> String {
        let out = self.env.at(now).args(args).output().expect("followup runs");
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
        self.try_commands(now, &format!("followup {}", args.join(" ")), &text);
        if args == ["due"] {
            self.due_json(now);
        }
        text
    }

    /// Runs `due --json` at `now`, then the `done` command of every action it lists.
    fn due_json(&mut self, now: &str) {
        let report = self.env.json(now, &["due", "--json"]);
        let lines: String = report["actions"]
            .as_array()
            .expect("actions")
            .iter()
            .map(|a| format!("  {}\n", a["done"].as_str().expect("a done command")))
            .collect();
        self.try_commands(now, "followup due --json", &lines);
    }

    /// Runs every command `text` names, in order, each in a copy of the data folder as it is.
    fn try_commands(&mut self, now: &str, by: &str, text: &str) {
        // Each command gets its own copy, so each `due` line is tried alone; they share a
        // working folder, for "export, then import".
        let work = tempfile::tempdir().unwrap();
        for command in commands(text) {
            let pasted = filled(&command);
            let words = shell_words(&pasted);
            let copy = TestEnv::new();
            copy.write_config(&self.config);
            if self.env.data_dir().exists() {
                copy_dir(&self.env.data_dir(), &copy.data_dir());
            }
            let run = copy
                .at(now)
                // `followup debrief N` opens the editor: one that leaves the file as it is.
                .env("EDITOR", "true")
                .current_dir(work.path())
                .args(&words[1..])
                .output()
                .expect("followup runs");
            let result = if run.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "exit {:?}: {}",
                    run.status.code(),
                    String::from_utf8_lossy(&run.stderr).trim_end()
                ))
            };
            self.tried.push((by.to_string(), pasted, result));
        }
    }
}

#[test]
fn the_commands_in_backticks_and_on_indented_lines_are_found_and_filled() {
    let text = "warning: add it with `followup edit 1 --interviewer \"Name <email>, Title\"` now\n  followup done 1 thank-you --to 'Bob Smith'\nfollowup: no process; see `--help` or `followup list --all`\n";
    assert_eq!(
        commands(text),
        [
            "followup edit 1 --interviewer \"Name <email>, Title\"",
            "followup list --all",
            "followup done 1 thank-you --to 'Bob Smith'",
        ]
    );
    assert_eq!(
        shell_words(&filled(&commands(text)[0])),
        [
            "followup",
            "edit",
            "1",
            "--interviewer",
            "Kim Park <kim@acme.test>, Engineer"
        ]
    );
    assert_eq!(
        shell_words("followup x 'it'\\''s' \"a \\\"b\\\"\" c\\ d"),
        ["followup", "x", "it's", "a \"b\"", "c d"]
    );
}

#[test]
fn every_command_printed_in_a_search_runs_when_pasted() {
    let mut story = Story::new("[user]\nname = \"Alex Martin\"\n");
    let day = "2026-11-16 09:00";
    // An empty store.
    story.step(day, &["due"]);
    story.step(day, &["list"]);
    // The demo's last line (the rest speaks of its own throwaway store).
    let demo = story.env.ok(day, &["demo"]);
    let last = demo
        .trim_end()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    story.try_commands(day, "followup demo", &last);
    // An application, then mistakes about it.
    story.step(
        day,
        &[
            "apply",
            "-c",
            "Initech",
            "-r",
            "Data Engineer",
            "--link",
            "https://initech.test/jobs/7",
        ],
    );
    story.step(day, &["apply", "-c", "Initech", "-r", "Data Engineer"]);
    story.step(day, &["apply", "--process", "1"]);
    story.step(day, &["edit", "initech", "-i", "Kim Park"]);
    story.step(
        day,
        &["edit", "initech", "--round-number", "1", "-i", "Kim Park"],
    );
    story.step(day, &["draft", "initech", "thank-you"]);
    story.step(day, &["draft", "umbrela", "follow-up"]);
    // An interview held this morning, with a panel of two alike.
    story.step(
        day,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 08:00",
            "-i",
            "Jane Doe, Head of Platform",
            "-i",
            "Bob Smith <bob@acme.test>",
            "--highlight",
            "the team's roadmap",
        ],
    );
    story.step(
        day,
        &["draft", "acme", "thank-you", "--to", "jane", "--mailto"],
    );
    story.step(day, &["draft", "acme", "follow-up", "--mailto"]);
    story.step(
        day,
        &["draft", "acme", "connect", "--to", "bob", "--mailto"],
    );
    story.step(day, &["due"]);
    story.step(day, &["show", "acme"]);
    // A next round, recorded ahead; then undone and invited to by the recruiter instead.
    story.step(day, &["add", "--process", "2", "--at", "2026-11-23 10:00"]);
    story.step(day, &["undo"]);
    story.step(
        "2026-11-17 11:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-24 10:00",
            "--from",
            "Sam Lee <sam@acme.test>, Recruiter",
        ],
    );
    story.step(
        "2026-11-17 11:05",
        &["add", "--process", "2", "-i", "Kim Park"],
    );
    // A third process, closed, then a late word from it.
    story.step(
        "2026-11-17 12:00",
        &[
            "apply",
            "-c",
            "Globex",
            "-r",
            "Platform Engineer",
            "--contact",
            "Pat Kim, Recruiter",
        ],
    );
    story.step(
        "2026-11-17 12:00",
        &["draft", "globex", "follow-up", "--mailto"],
    );
    story.step(
        "2026-11-17 12:05",
        &["close", "globex", "--outcome", "withdrawn"],
    );
    story.step(
        "2026-11-18 09:00",
        &["log-reply", "globex", "--kind", "update"],
    );
    // Follow-ups, early and on time, and the offer accepted.
    story.step("2026-11-25 09:00", &["due"]);
    story.step(
        "2026-11-25 09:00",
        &["draft", "initech", "follow-up", "--mailto"],
    );
    story.step(
        "2026-11-26 09:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "Dec 4",
        ],
    );
    story.step("2026-11-26 09:00", &["due"]);
    story.step(
        "2026-11-30 09:00",
        &["close", "acme", "--outcome", "accepted"],
    );
    story.step("2026-11-30 09:05", &["due"]);
    story.step("2026-11-30 09:05", &["config"]);
    // A store edited by hand to hold the last process number: the next add says how to go on.
    let text = fs::read_to_string(story.env.store_path()).unwrap();
    let top: String = text
        .replace("\"id\": 3,", "\"id\": 4294967295,")
        .replace("\"next_id\": 4,", "\"next_id\": 4294967295,")
        .lines()
        .filter(|l| !l.contains("checksum"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(story.env.store_path(), top).unwrap();
    let refused = story.step("2026-11-30 09:06", &["apply", "-c", "Hooli", "-r", "Dev"]);
    assert!(refused.contains("no process number is left"), "{refused}");
    // A damaged store names the backup that restores it.
    fs::write(story.env.store_path(), "{ not json").unwrap();
    story.step("2026-11-30 09:10", &["list"]);

    let report: Vec<String> = story
        .tried
        .iter()
        .map(|(by, pasted, result)| match result {
            Ok(()) => format!("ok    {pasted}    (from {by})"),
            Err(err) => format!("FAIL  {pasted}    (from {by}): {err}"),
        })
        .collect();
    println!("{}", report.join("\n"));
    for needed in [
        "followup edit 2 --round-number 1 --interviewer 'Jane Doe <someone@acme.test>, Head of Platform' --interviewer 'Bob Smith <bob@acme.test>'",
        "followup add --process 1 --at '2026-12-14 10:00'",
        "followup done 2 thank-you --to 'Bob Smith'",
        "followup reopen 3",
        "followup edit 3 --contact 'Pat Kim <someone@acme.test>, Recruiter'",
        "followup --dir renumbered import --format json all.json",
        "followup add --company Umbrella --role Analyst --at '2026-12-14 10:00'",
    ] {
        assert!(
            story.tried.iter().any(|(_, pasted, _)| pasted == needed),
            "the story printed no {needed:?}:\n{}",
            report.join("\n")
        );
    }
    // `due --json` names the same commands, each action's own.
    for needed in [
        "followup done 2 thank-you --to 'Jane Doe'",
        "followup done 2 debrief",
        "followup done 1 follow-up",
    ] {
        assert!(
            story
                .tried
                .iter()
                .any(|(by, pasted, _)| by == "followup due --json"
                    && pasted.starts_with(&format!("{needed} --id "))),
            "due --json gave no {needed:?}:\n{}",
            report.join("\n")
        );
    }
    let failed: Vec<&String> = report.iter().filter(|r| r.starts_with("FAIL")).collect();
    assert!(
        failed.is_empty(),
        "{} of {} printed commands fail when pasted:\n{}",
        failed.len(),
        report.len(),
        report.join("\n")
    );
}

#[test]
fn config_prints_toml_that_reads_back_as_the_config_in_force() {
    let env = TestEnv::new();
    let config = "[user]\nname = \"Alex \\\"Al\\\" Martin\"\nemail = \"alex@example.test\"\nsignature = \"Alex Martin\\n+44 20 7946 0000\\n\\\\o/ 'quoted' \\\"twice\\\"\\tand a tab\"\nnetwork = \"XING\"\ndate_order = \"ymd\"\n\n[policy]\nmax_follow_ups = 3\nconnect = false\nworking_days = [\"Mon\", \"Tue\", \"Wed\", \"Thu\"]\nholidays = [2026-12-25, \"2027-01-01\"]\n";
    env.write_config(config);
    let printed = env.ok("2026-11-19 16:00", &["config"]);
    let read = |text: &str| {
        let path = env.root.path().join("read-back.toml");
        fs::write(&path, text).unwrap();
        followup::config::load_config(Some(&path)).expect("the output reads back")
    };
    let original = read(config);
    assert_eq!(
        original.user.signature.as_deref(),
        Some("Alex Martin\n+44 20 7946 0000\n\\o/ 'quoted' \"twice\"\tand a tab")
    );
    assert_eq!(read(&printed), original, "{printed}");
    // And again from what it printed: the same text.
    env.write_config(&printed);
    assert_eq!(env.ok("2026-11-19 16:00", &["config"]), printed);
    // Unset keys are comments; the defaults read back as the defaults.
    env.write_config("");
    let printed = env.ok("2026-11-19 16:00", &["config"]);
    assert!(printed.contains("# network is not set"), "{printed}");
    assert_eq!(read(&printed), followup::config::Config::default());
}
