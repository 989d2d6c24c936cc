//! The command line for the eye: grouped `due` with relative times and commands, colour only
//! when wanted, `--count` and `--exit-code`, and asking instead of failing on a terminal.

use crate::common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

const NOW: &str = "2026-11-20 09:00";

/// #1 Beta's thank-you overdue (Mon 16 Nov), #2 Acme's due (Thu 19 Nov), a follow-up coming up.
fn week() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-16 11:00",
        &[
            "add",
            "-c",
            "Beta",
            "-r",
            "SRE",
            "--at",
            "2026-11-16 10:00",
            "--notes",
            "ok",
        ],
    );
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
            "--notes",
            "fine",
            "--timeline",
            "by Monday",
        ],
    );
    env
}

#[test]
fn due_groups_with_relative_times_and_the_command_to_mark_each_done() {
    let env = week();
    let out = env.ok(NOW, &["due"]);
    let overdue = out.find("Overdue\n").expect("an overdue group");
    let today = out.find("Due now\n").expect("a due-now group");
    let coming = out
        .find("Coming up in the next 7 days\n")
        .expect("a coming-up group");
    assert!(overdue < today && today < coming, "{out}");
    assert!(
        out.contains("#1 Beta · SRE: thank-you (no interviewer named)  47 h late\n"),
        "{out}"
    );
    assert!(out.contains("      followup done 1 thank-you\n"), "{out}");
    assert!(
        out.contains("#2 Acme · Dev: thank-you to Jane Doe  5 h to the 24 h mark\n"),
        "{out}"
    );
    assert!(
        out.contains("      followup done 2 thank-you --to 'Jane Doe'\n"),
        "{out}"
    );
    // Monday 23 Nov + 3 business days: Thursday 26 Nov at midnight, 5 days and 15 hours away.
    assert!(
        out.contains("#2 Acme · Dev: follow-up  in 5 days\n"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no colour when not on a terminal: {out:?}"
    );
}

#[test]
fn the_printed_command_marks_the_action_done() {
    let env = week();
    let out = env.ok(NOW, &["due"]);
    let line = out
        .lines()
        .find(|l| l.contains("followup done 2 thank-you"))
        .unwrap()
        .trim();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(line.replacen(
            "followup",
            &format!("'{}'", assert_cmd::cargo::cargo_bin("followup").display()),
            1,
        ))
        .env("FOLLOWUP_DIR", env.data_dir())
        .env("FOLLOWUP_CONFIG", env.config_path())
        .env("FOLLOWUP_NOW", NOW)
        .env("TZ", "Europe/Paris")
        .status()
        .unwrap();
    assert!(status.success());
    let due = env.due(NOW, 7);
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !(a["process"] == 2 && a["action"] == "thank-you")),
        "{due:#}"
    );
}

#[test]
fn colour_when_asked_and_never_when_not() {
    let env = week();
    let always = env.ok(NOW, &["due", "--color", "always"]);
    assert!(
        always.contains("\u{1b}[1m\u{1b}[31mOverdue\u{1b}[0m"),
        "{always:?}"
    );
    let never = env.ok(NOW, &["due", "--color", "never"]);
    assert!(!never.contains('\u{1b}'), "{never:?}");
    // Not a terminal: auto means none, whatever NO_COLOR says.
    let auto = env
        .at(NOW)
        .args(["due"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8(auto.stdout).unwrap().contains('\u{1b}'));
    let bad = env
        .at(NOW)
        .args(["due", "--color", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8(bad.stderr).unwrap().contains("sometimes"));
}

#[test]
fn count_and_exit_code_for_prompts_and_scripts() {
    let env = week();
    // Beta: thank-you overdue, review-debrief due; Acme: thank-you, connect.
    assert_eq!(env.ok(NOW, &["due", "--count"]), "4\n");
    let out = env.at(NOW).args(["due", "--exit-code"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "something is overdue");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.ok(NOW, &["done", "beta", "thank-you"]);
    let out = env
        .at(NOW)
        .args(["due", "--exit-code", "--count"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "3\n");
    assert_eq!(TestEnv::new().ok(NOW, &["due", "--count"]), "0\n");
}

#[test]
fn add_without_a_terminal_names_the_missing_flags() {
    let env = TestEnv::new();
    let err = env.refused(env.at(NOW).args(["add", "--company", "Acme"]), 2);
    assert!(
        err.contains("missing --role") && err.contains("terminal"),
        "{err}"
    );
    let err = env.refused(env.at(NOW).args(["add"]), 2);
    assert!(err.contains("missing --company and --role"), "{err}");
    assert!(!env.data_dir().exists());
}

/// An editor that fills in the debrief: a script run as `$EDITOR FILE`.
fn editor(env: &TestEnv, python: &str) -> String {
    let path = env.root.path().join("editor.sh");
    fs::write(&path, format!("#!/bin/sh\npython3 - \"$1\" <<'PY'\nimport sys\np = sys.argv[1]\ns = open(p).read()\n{python}\nopen(p, 'w').write(s)\nPY\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

#[test]
fn the_debrief_is_written_in_the_editor_and_stored_as_structure() {
    let env = TestEnv::new();
    let ed = editor(
        &env,
        "s = s.replace('## Questions they asked\\n', '## Questions they asked\\n- design a rate limiter\\n- why us?\\n')\ns = s.replace('## What stumped you, to revisit\\n', '## What stumped you, to revisit\\nconsistent hashing\\n')\ns = s.replace('## Do you want this job? Why?\\n', '## Do you want this job? Why?\\nYes, the team.\\n')",
    );
    let out = env
        .at("2026-11-19 16:00")
        .args([
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "today 14:30",
            "--debrief",
        ])
        .env("EDITOR", &ed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Stored the debrief")
    );
    let debrief = &env.store()["processes"][0]["rounds"][0]["debrief"];
    assert_eq!(
        debrief["questions"],
        serde_json::json!(["design a rate limiter", "why us?"])
    );
    assert_eq!(
        debrief["stumped"],
        serde_json::json!(["consistent hashing"])
    );
    assert_eq!(debrief["want_it"], serde_json::json!("Yes, the team."));
    // With a debrief written, the plan asks to review it rather than write it.
    let plan = env.due("2026-11-19 16:05", 7);
    let names: Vec<&str> = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"debrief") && names.contains(&"review-debrief"),
        "{names:?}"
    );
}

#[test]
fn an_unchanged_debrief_stores_nothing_and_a_failed_editor_changes_nothing() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev"]);
    let before = env.store_bytes();
    let out = env
        .at(NOW)
        .args(["debrief", "acme"])
        .env("EDITOR", "true")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("nothing stored")
    );
    assert_eq!(env.store_bytes(), before);
    let out = env
        .at(NOW)
        .args(["debrief", "acme"])
        .env("VISUAL", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("nothing was stored")
    );
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn the_demo_plays_a_week_without_touching_the_users_store() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Mine", "-r", "Real"]);
    let before = env.store_bytes();
    let out = env.ok(NOW, &["demo"]);
    for expected in [
        "$ followup add --company Northwind",
        "Recorded #1 Northwind · Data Engineer.",
        "$ followup due",
        "Overdue",
        "Dear Priya,",
        "I particularly enjoyed talking about moving the pipelines to streaming.",
        "Logged next-round from #2 Contoso · Platform Engineer.",
        "Scheduled round 2 for",
        "upcoming prep, from ",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        !out.contains("Mine"),
        "the user's process leaked into the demo"
    );
    assert_eq!(env.store_bytes(), before);
    let scratch = out
        .split("throwaway store (")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the demo names its folder");
    assert!(
        !std::path::Path::new(scratch).exists(),
        "the demo's store is removed"
    );
}

#[test]
fn completions_and_man_page_come_from_the_definitions() {
    let env = TestEnv::new();
    // Each script calls followup back with COMPLETE set; what it offers comes from the
    // definitions.
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.ok(NOW, &["completions", shell]);
        assert!(
            out.contains("COMPLETE") && out.contains("followup"),
            "{shell}: {out}"
        );
    }
    let complete = |words: &[&str]| {
        let out = env
            .at(NOW)
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("followup")
            .args(words)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(complete(&["log"]).contains("log-reply\t"));
    assert!(complete(&["log-reply", "acme", "--next"]).starts_with("--next-interview\t"));
    let man = env.ok(NOW, &["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH followup"),
        "{man}"
    );
    assert!(man.contains("log\\-reply"), "{man}");
    let pages = env.root.path().join("man1");
    env.ok(NOW, &["man", "--output-dir", pages.to_str().unwrap()]);
    for page in ["followup.1", "followup-add.1", "followup-log-reply.1"] {
        assert!(pages.join(page).is_file(), "{page}");
    }
    // They need no data folder and no config, even a broken one.
    env.write_config("[nonsense]\n");
    env.ok(NOW, &["completions", "fish"]);
}

#[test]
fn config_shows_the_paths_their_sources_and_the_policy_in_force() {
    let env = TestEnv::new();
    let out = env.ok(NOW, &["config"]);
    assert!(
        out.contains(&format!(
            "data folder  {} (from $FOLLOWUP_DIR)",
            env.data_dir().display()
        )),
        "{out}"
    );
    assert!(out.contains("not found: defaults in use"), "{out}");
    assert!(out.contains("max_follow_ups = 2\n"), "{out}");
    env.write_config("[user]\nname = \"Alex\"\n\n[policy]\nmax_follow_ups = 3\n");
    let out = env.ok(NOW, &["config"]);
    assert!(out.contains("(from $FOLLOWUP_CONFIG; found)"), "{out}");
    assert!(out.contains("name = \"Alex\""), "{out}");
    assert!(out.contains("max_follow_ups = 3  # default: 2"), "{out}");
    env.write_config("[policy]\nmax_follow_ups = \"two\"\n");
    let err = env.refused(env.at(NOW).args(["config"]), 2);
    assert!(
        err.contains("line 2") && err.contains("max_follow_ups"),
        "{err}"
    );
}
