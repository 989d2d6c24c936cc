//! For scripts and cron: `--quiet` on every command, exit statuses of their own, `due --json`
//! actions with a stable id and the `done` command run by a real shell, and the manual pages
//! read by a real `man`.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process;

const NOW: &str = "2026-11-20 09:00";

/// #1 Initech, applied on Mon 9 Nov; #2 Acme, a panel interviewed on Mon 16 Nov whose
/// thank-yous are overdue, with the user's address for drafts.
fn search() -> TestEnv {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    env.ok(
        "2026-11-09 10:00",
        &["apply", "-c", "Initech", "-r", "Data Engineer"],
    );
    env.ok(
        "2026-11-16 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-16 14:30",
            "-i",
            "Jane Doe <jane@acme.test>",
            "-i",
            "Bob O'Neil <bob@acme.test>",
        ],
    );
    env
}

/// Runs `args` and returns (exit status, stdout, stderr).
fn run(env: &TestEnv, now: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = env.at(now).args(args).output().expect("followup runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `args` with `--quiet` (placed after them, as a global flag may be): it must succeed
/// and print nothing on stdout. Returns what it printed on stderr.
fn quiet_err(env: &TestEnv, now: &str, args: &[&str]) -> String {
    let mut full = args.to_vec();
    full.push("--quiet");
    let (code, out, err) = run(env, now, &full);
    assert_eq!(code, Some(0), "{full:?}: {err}");
    assert_eq!(out, "", "{full:?} printed on stdout");
    err
}

/// As [`quiet_err`], and nothing on stderr either.
fn quiet(env: &TestEnv, now: &str, args: &[&str]) {
    let err = quiet_err(env, now, args);
    assert_eq!(err, "", "{args:?} --quiet printed on stderr");
}

fn companies(env: &TestEnv) -> Vec<String> {
    let list = env.json(NOW, &["list", "--all", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|row| format!("{} {}", row["company"].as_str().unwrap(), row["status"]))
        .collect()
}

#[test]
fn quiet_commands_print_nothing_and_still_do_their_work() {
    let env = search();
    // What prints only: with -q, nothing, and the same exit status.
    let reading: &[&[&str]] = &[
        &["due"],
        &["due", "--json"],
        &["due", "--count"],
        &["list"],
        &["list", "--json"],
        &["show", "acme"],
        &["show", "acme", "--json"],
        &["draft", "acme", "thank-you", "--to", "jane"],
        &["draft", "acme", "thank-you", "--to", "jane", "--mailto"],
        &["draft", "acme", "thank-you", "--to", "jane", "--eml", "-"],
        &["export", "--format", "ics"],
        &["export", "--format", "csv"],
        &["export", "--format", "json"],
        &["config"],
        &["completions", "bash"],
        &["man"],
        &["demo"],
    ];
    for args in reading {
        let (code, out, err) = run(&env, NOW, args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!out.is_empty(), "{args:?} prints something without -q");
        assert_eq!(
            quiet_err(&env, NOW, args),
            err,
            "{args:?}: the same warnings"
        );
    }
    let store = env.store_bytes();
    // `-q` before the command works as well as after it.
    let (code, out, _) = run(&env, NOW, &["-q", "due"]);
    assert_eq!((code, out.as_str()), (Some(0), ""));
    assert_eq!(env.store_bytes(), store, "reading changed nothing");

    // Files asked for are still written.
    let calendar = env.root.path().join("plan.ics");
    quiet(
        &env,
        NOW,
        &[
            "export",
            "--format",
            "ics",
            "-o",
            calendar.to_str().unwrap(),
        ],
    );
    assert!(
        fs::read_to_string(&calendar)
            .unwrap()
            .contains("BEGIN:VEVENT")
    );
    let eml = env.root.path().join("thanks.eml");
    // A warning (the two thank-yous say the same) is not output: it stays.
    let warned = quiet_err(
        &env,
        NOW,
        &[
            "draft",
            "acme",
            "thank-you",
            "--to",
            "jane",
            "--eml",
            eml.to_str().unwrap(),
        ],
    );
    assert!(warned.starts_with("warning: "), "{warned}");
    assert!(fs::read_to_string(&eml).unwrap().contains("Subject: "));
    let pages = env.root.path().join("man1");
    quiet(&env, NOW, &["man", "--output-dir", pages.to_str().unwrap()]);
    assert!(pages.join("followup-due.1").is_file());

    // Changes are made as without -q.
    quiet(&env, NOW, &["done", "acme", "thank-you", "--to", "jane"]);
    let plan = env.plan(NOW, 7);
    assert!(
        !plan.iter().any(|a| a.contains("thank-you [Jane Doe]")),
        "{plan:#?}"
    );
    assert!(
        plan.iter().any(|a| a.contains("thank-you [Bob O'Neil]")),
        "{plan:#?}"
    );
    quiet(
        &env,
        NOW,
        &[
            "snooze", "acme", "connect", "--to", "bob", "--until", "monday",
        ],
    );
    quiet(&env, NOW, &["dismiss", "acme", "connect", "--to", "jane"]);
    let plan = env.plan(NOW, 30);
    assert!(!plan.iter().any(|a| a.contains("connect")), "{plan:#?}");
    quiet(&env, NOW, &["note", "acme", "they liked the demo"]);
    quiet(&env, NOW, &["edit", "acme", "--role", "Backend Dev"]);
    let acme = env.show(NOW, "acme");
    assert_eq!(acme["process"]["role"], "Backend Dev");
    assert!(
        acme["process"]["rounds"][0]["debrief"]["notes"]
            .as_str()
            .is_some_and(|n| n.contains("they liked the demo"))
    );
    quiet(&env, NOW, &["log-reply", "initech", "--kind", "update"]);
    quiet(&env, NOW, &["close", "initech", "--outcome", "withdrawn"]);
    assert!(companies(&env).contains(&"Initech \"withdrawn\"".to_string()));
    quiet(&env, NOW, &["reopen", "initech"]);
    assert!(companies(&env).contains(&"Initech \"open\"".to_string()));
    quiet(&env, NOW, &["undo"]);
    assert!(companies(&env).contains(&"Initech \"withdrawn\"".to_string()));
    let backup = env.root.path().join("all.json");
    quiet(
        &env,
        NOW,
        &["export", "--format", "json", "-o", backup.to_str().unwrap()],
    );
    quiet(&env, NOW, &["rm", "acme", "--yes"]);
    assert_eq!(companies(&env), ["Initech \"withdrawn\""]);
    quiet(
        &env,
        NOW,
        &["apply", "-c", "Globex", "-r", "SRE", "--at", "2026-11-19"],
    );
    quiet(
        &env,
        NOW,
        &[
            "add",
            "-c",
            "Globex",
            "-r",
            "SRE",
            "--at",
            "2026-11-20 08:00",
        ],
    );
    let globex = env.show(NOW, "globex");
    assert_eq!(globex["process"]["rounds"].as_array().unwrap().len(), 1);
    let fresh = TestEnv::new();
    quiet(
        &fresh,
        NOW,
        &["import", "--format", "json", backup.to_str().unwrap()],
    );
    assert_eq!(
        companies(&fresh),
        ["Initech \"withdrawn\"", "Acme \"open\""]
    );
}

#[test]
fn quiet_keeps_warnings_and_errors_on_stderr_with_their_status() {
    let env = search();
    // Initech's follow-up opens Mon 16 Nov: sending it on the 12th is early, and said.
    let (code, out, err) = run(
        &env,
        "2026-11-12 09:00",
        &["--quiet", "done", "initech", "follow-up"],
    );
    assert_eq!((code, out.as_str()), (Some(0), ""));
    assert!(err.starts_with("warning: "), "{err}");
    let err = env.refused(env.at(NOW).args(["--quiet", "show", "umbrella"]), 2);
    assert!(err.contains("\"umbrella\""), "{err}");
    let (code, out, err) = run(&env, NOW, &["due", "-q", "--days", "many"]);
    assert_eq!((code, out.as_str()), (Some(2), ""), "bad usage");
    assert!(err.contains("'many'"), "{err}");
    fs::write(env.store_path(), "{ not json").unwrap();
    let (code, out, err) = run(&env, NOW, &["due", "-q", "--exit-code"]);
    assert_eq!((code, out.as_str()), (Some(1), ""), "a damaged store");
    assert!(err.contains("store.json"), "{err}");
}

#[test]
fn due_exit_code_is_3_when_something_is_overdue_and_0_otherwise() {
    let env = search();
    // The thank-yous of Mon 16 Nov 14:30 were late from Wed 18 Nov 14:30.
    let (code, out, err) = run(&env, NOW, &["due", "--quiet", "--exit-code"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (Some(3), "", ""),
        "only the status tells"
    );
    let (code, out, _) = run(&env, NOW, &["due", "--exit-code"]);
    assert_eq!(code, Some(3));
    assert!(out.starts_with("Overdue\n"), "{out}");
    let (code, out, _) = run(&env, NOW, &["due", "--exit-code", "--json"]);
    assert_eq!(code, Some(3));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(report["actions"][0]["status"] == "overdue", "{report:#}");
    // Due but not overdue: 0.
    let (code, ..) = run(&env, "2026-11-17 09:00", &["due", "-q", "--exit-code"]);
    assert_eq!(code, Some(0), "nothing is late yet on Tue 17 Nov");
    // The thank-yous and the debrief (late since Tue 17 Nov 14:30) done, the rest is in time.
    for person in ["jane", "bob"] {
        env.ok(NOW, &["done", "acme", "thank-you", "--to", person]);
    }
    let (code, ..) = run(&env, NOW, &["due", "-q", "--exit-code"]);
    assert_eq!(code, Some(3), "the debrief is still late");
    env.ok(NOW, &["done", "acme", "debrief"]);
    let plan = env.plan(NOW, 0);
    assert!(
        !plan.is_empty() && plan.iter().all(|a| a.ends_with(" due")),
        "{plan:#?}"
    );
    let (code, out, err) = run(&env, NOW, &["due", "-q", "--exit-code"]);
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "", ""));
}

#[test]
fn help_says_what_quiet_does_and_what_each_exit_status_means() {
    let env = TestEnv::new();
    let help = env.ok(NOW, &["--help"]);
    assert!(help.contains("-q, --quiet"), "{help}");
    let status = help
        .split("Exit status:")
        .nth(1)
        .expect("an exit status paragraph");
    for needed in [
        "0 success",
        "1 trouble",
        "2 bad input",
        "3 `due --exit-code`",
    ] {
        assert!(status.contains(needed), "{needed:?} in {status}");
    }
    let due = env.ok(NOW, &["due", "--help"]);
    assert!(due.contains("--quiet") && due.contains("status 3"), "{due}");
}

/// Runs `line` in a real POSIX shell with `followup` on the PATH, in this test's folder.
fn in_shell(env: &TestEnv, now: &str, line: &str) -> process::Output {
    let followup = env.std_command();
    let bin = Path::new(followup.get_program()).parent().unwrap();
    let mut sh = process::Command::new("sh");
    for (name, value) in followup.get_envs() {
        match value {
            Some(value) => sh.env(name, value),
            None => sh.env_remove(name),
        };
    }
    let path = std::env::var("PATH").unwrap_or_default();
    sh.env("PATH", format!("{}:{path}", bin.display()))
        .env("FOLLOWUP_NOW", now)
        .current_dir(env.root.path())
        .args(["-c", line])
        .output()
        .expect("sh runs")
}

/// The ids of a `due --json` report, by what each action is.
fn ids(report: &Value) -> BTreeMap<String, String> {
    report["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let what = format!("#{} {} {}", a["process"], a["action"], a["person"]);
            (what, a["id"].as_str().expect("an id").to_string())
        })
        .collect()
}

#[test]
fn due_json_ids_are_the_calendars_uids_and_each_done_command_marks_its_action() {
    let env = search();
    let report = env.due(NOW, 30);
    let actions = report["actions"].as_array().unwrap();
    assert!(actions.len() >= 5, "{report:#}");
    let by_what = ids(&report);
    assert_eq!(
        by_what.len(),
        actions.len(),
        "one id per action: {by_what:#?}"
    );
    let unique: BTreeSet<&String> = by_what.values().collect();
    assert_eq!(unique.len(), actions.len(), "{by_what:#?}");
    // The same UIDs as the calendar's events.
    let calendar = env.ok(NOW, &["export", "--format", "ics"]);
    let uids: BTreeSet<String> = ical::IcalParser::new(calendar.as_bytes())
        .flat_map(|c| c.expect("the calendar parses").events)
        .flat_map(|event| event.properties)
        .filter(|p| p.name == "UID")
        .filter_map(|p| p.value)
        .collect();
    for id in by_what.values() {
        assert!(uids.contains(id), "{id} not in {uids:?}");
    }
    // Stable: a day later, after an edit, the same actions have the same ids.
    env.ok(NOW, &["edit", "acme", "--company", "Acme Corp"]);
    let later = ids(&env.due("2026-11-21 09:00", 30));
    for (what, id) in &later {
        if let Some(before) = by_what.get(what) {
            assert_eq!(before, id, "{what}");
        }
    }
    // Each `done` pasted into a shell marks its own action and no other.
    for action in actions {
        let before = ids(&env.due(NOW, 30));
        let id = action["id"].as_str().unwrap();
        if !before.values().any(|i| i == id) {
            continue; // made moot by an earlier one
        }
        let done = action["done"].as_str().expect("a done command");
        assert!(done.starts_with("followup done "), "{done}");
        let run = in_shell(&env, NOW, done);
        assert!(
            run.status.success(),
            "{done}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let after = ids(&env.due(NOW, 30));
        assert!(!after.values().any(|i| i == id), "{done} left {id}");
        for (what, other) in before.iter().filter(|(_, other)| *other != id) {
            let moot = action["action"] == "follow-up" || action["action"] == "move-on";
            assert!(
                moot || after.values().any(|i| i == other),
                "{done} also took {what}"
            );
        }
    }
}

#[test]
fn a_done_command_of_due_json_marks_its_own_action_among_several_of_its_kind() {
    // Two offers elsewhere: process 1 owes an expedite for each.
    let env = TestEnv::new();
    for company in ["Acme", "Beta", "Gamma"] {
        env.ok(
            NOW,
            &[
                "add",
                "-c",
                company,
                "-r",
                "Dev",
                "--at",
                "2026-11-12 10:00",
                "-i",
                "X",
            ],
        );
    }
    env.ok(
        NOW,
        &[
            "log-reply",
            "beta",
            "--kind",
            "offer",
            "--timeline",
            "by Nov 27",
        ],
    );
    env.ok(
        NOW,
        &[
            "log-reply",
            "gamma",
            "--kind",
            "offer",
            "--timeline",
            "by Nov 25",
        ],
    );
    let expedites = |report: &Value| -> Vec<(String, String)> {
        report["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["action"] == "expedite" && a["process"] == 1)
            .map(|a| {
                (
                    a["id"].as_str().unwrap().into(),
                    a["done"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let before = expedites(&env.due(NOW, 30));
    assert_eq!(before.len(), 2, "{before:?}");
    // The second one listed, which `followup done 1 expedite` alone would not pick.
    let (id, done) = &before[1];
    let run = in_shell(&env, NOW, done);
    assert!(run.status.success(), "{done}: {run:?}");
    let after = expedites(&env.due(NOW, 30));
    assert_eq!(after, vec![before[0].clone()], "{done}");
    // An id of another kind, or of nothing, is refused and changes nothing.
    let err = env.refused(
        env.at(NOW)
            .args(["done", "1", "decide", "--id", &before[0].0]),
        2,
    );
    assert!(
        err.contains("is the expedite of #1 Acme · Dev, not a decide"),
        "{err}"
    );
    let err = env.refused(env.at(NOW).args(["done", "1", "expedite", "--id", id]), 2);
    assert!(
        err.contains("no action of #1 Acme · Dev pending has that id"),
        "{err}"
    );
    assert_eq!(expedites(&env.due(NOW, 30)), after);
}

/// Runs a tool the test needs, failing with the Debian package to install when it is missing.
fn tool(name: &str, package: &str) -> process::Command {
    let found = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "this test renders the manual pages with `{name}`: install it (Debian: apt-get install {package})"
    );
    process::Command::new(name)
}

/// The date the pages carry: the release's, from Cargo.toml.
fn release_date() -> String {
    let manifest: toml::Table = toml::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/Cargo.toml"
    )))
    .unwrap();
    manifest["package"]["metadata"]["followup"]["release-date"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn manual_pages_read_by_man_have_environment_files_exit_status_and_examples() {
    let env = TestEnv::new();
    let dir = env.root.path().join("man1");
    env.ok(NOW, &["man", "--output-dir", dir.to_str().unwrap()]);
    let mut pages: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert!(pages.len() > 20, "{pages:?}");
    assert!(pages.contains(&"followup.1".to_string()), "{pages:?}");
    // The same bytes whenever they are made: the date is the release's, not the clock's.
    let first = fs::read(dir.join("followup.1")).unwrap();
    let printed = env
        .at("2031-06-01 12:00")
        .arg("man")
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        first, printed,
        "followup man prints followup.1, whatever the day"
    );
    let date = release_date();
    let version = env!("CARGO_PKG_VERSION");
    for page in &pages {
        let path = dir.join(page);
        // groff, warnings on: a page it complains about is not a good page.
        let checked = tool("groff", "groff-base")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(checked.status.success(), "groff on {page}");
        assert_eq!(
            String::from_utf8_lossy(&checked.stderr),
            "",
            "groff warns about {page}"
        );
        let shown = tool("man", "man-db")
            .arg("-l")
            .arg(&path)
            .env("MANWIDTH", "100")
            .env("LANG", "C.UTF-8")
            .env("MANPAGER", "cat")
            .env_remove("MAN_KEEP_FORMATTING")
            .output()
            .unwrap();
        assert!(shown.status.success(), "man -l {page}");
        let text = String::from_utf8(shown.stdout).unwrap();
        let headings: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        for section in [
            "NAME",
            "SYNOPSIS",
            "ENVIRONMENT",
            "FILES",
            "EXIT STATUS",
            "EXAMPLES",
        ] {
            assert!(
                headings.contains(&section),
                "{page}: no {section} in {headings:?}"
            );
        }
        let footer = text.trim_end().lines().last().unwrap();
        assert!(
            footer.contains(&format!("followup {version}")) && footer.contains(&date),
            "{page}: {footer}"
        );
        assert!(text.contains("FOLLOWUP_DIR"), "{page}");
        let examples = text.split("\nEXAMPLES\n").nth(1).unwrap();
        // `followup-log-reply.1` is `followup log-reply`, `followup-calendar-push.1` is
        // `followup calendar push`
        let name = page.trim_end_matches(".1");
        let commands = [name.replacen('-', " ", 1), name.replace('-', " ")];
        if page != "followup.1" {
            assert!(
                commands
                    .iter()
                    .any(|command| examples.contains(command.as_str())),
                "{page}: examples of another command:\n{examples}"
            );
        }
    }
    let due = fs::read_to_string(dir.join("followup-due.1")).unwrap();
    assert!(due.contains("\\-\\-exit\\-code"), "{due}");
    let shown = tool("man", "man-db")
        .arg("-l")
        .arg(dir.join("followup-due.1"))
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    let status = text.split("EXIT STATUS").nth(1).unwrap();
    assert!(
        status.contains("3      due --exit-code: something is overdue"),
        "{status}"
    );
}
