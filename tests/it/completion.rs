//! Completion of what people type, in a real bash, fish and zsh driven through tmux: the
//! company, the action planned for it and the interviewer for `--to`, each completed by TAB
//! from the store, then the completed line run.
//!
//! They need tmux, fish and zsh (`.ci/run` installs them when missing).

use crate::common::*;
use crate::terminal::Tmux;
use std::process::Command;

const NOW: &str = "2026-11-20 09:00";

/// Acme with a panel of two the day before, Beta with a round a week ago, Acme Labs (whose
/// name starts like Acme's) with nobody named.
fn story() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Li",
        ],
    );
    env.ok(
        "2026-11-13 16:00",
        &["add", "-c", "Beta", "-r", "SRE", "--at", "2026-11-13 10:00"],
    );
    env.ok(
        "2026-11-19 16:00",
        &[
            "apply",
            "-c",
            "Acme Labs",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 10:00",
        ],
    );
    env
}

fn need(shell: &str, package: &str) {
    assert!(
        Command::new(shell).arg("--version").output().is_ok(),
        "these tests need {shell} (apt install {package})"
    );
}

/// Types `text`, then TAB, and waits until the screen shows `expected`.
fn tab(tmux: &Tmux, text: &str, expected: &str) {
    // After `--`, a text such as "--to j" is not taken for an option of tmux.
    tmux.tmux(&["send-keys", "-l", "--", text]);
    tmux.tmux(&["send-keys", "Tab"]);
    tmux.wait_for(expected);
}

/// Runs `clear` and waits until the shell has: a marker printed that the typed line does not
/// show (bash, zsh and fish alike).
fn settle(tmux: &Tmux, step: u32) {
    tmux.line(&format!("clear; printf 'ste%s\\n' p-{step}"));
    tmux.wait_for(&format!("step-{step}"));
}

/// In a shell with followup's completions loaded: the company, the action and the person are
/// completed, and the lines run.
fn completes_what_people_type(tmux: &Tmux, env: &TestEnv, escaped_jane: &str) {
    // "acme l" is Acme Labs alone, a name with a space.
    tab(tmux, "followup show acme\\ l", "followup show acme\\ labs ");
    let shown = env.root.path().join("shown.json");
    tmux.tmux(&[
        "send-keys",
        "-l",
        "--",
        &format!("--json > '{}'", shown.display()),
    ]);
    tmux.line("");
    settle(tmux, 1);
    let shown: serde_json::Value = serde_json::from_slice(&std::fs::read(&shown).unwrap()).unwrap();
    assert_eq!(shown["process"]["company"], "Acme Labs");
    tab(tmux, "followup done b", "followup done beta ");
    tmux.tmux(&["send-keys", "C-u"]);
    settle(tmux, 2);
    // Only the actions planned for Acme: "d" is debrief, not decide or decline.
    tab(tmux, "followup done acme d", "followup done acme debrief ");
    tmux.line("");
    settle(tmux, 3);
    tab(
        tmux,
        "followup done acme th",
        "followup done acme thank-you ",
    );
    // The people owed a thank-you; "j" is Jane Doe.
    let done = format!("followup done acme thank-you --to {escaped_jane} ");
    tab(tmux, "--to j", &done);
    tmux.line("");
    settle(tmux, 4);
    let acme = env.store()["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["company"] == "Acme")
        .unwrap()
        .clone();
    let marked: Vec<&str> = acme["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["action"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["debrief", "thank-you"], "{acme:#}");
    // Bob is the one left: `--to <TAB>` completes him alone.
    tab(
        tmux,
        "followup done acme thank-you --to ",
        "followup done acme thank-you --to Bob\\ Li ",
    );
    tmux.tmux(&["send-keys", "C-u"]);
}

#[test]
fn bash_completes_companies_actions_and_people() {
    need("bash", "bash");
    let env = story();
    let tmux = Tmux::start(&env, "complete-bash", NOW);
    tmux.line(&format!("export HOME='{}'", env.root.path().display()));
    tmux.line("exec bash --norc --noprofile");
    tmux.line("PS1='$ '; source <(followup completions bash); clear; echo bash-$((1 + 1))");
    tmux.wait_for("bash-2");
    completes_what_people_type(&tmux, &env, "jane\\ Doe");
    eprintln!(
        "figure: bash: company, planned action and interviewer completed by TAB from the store"
    );
}

#[test]
fn bash_completes_a_word_begun_inside_quotes() {
    need("bash", "bash");
    let env = story();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme Corp",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 15:00",
            "-i",
            "D'Arcy Moe",
        ],
    );
    let tmux = Tmux::start(&env, "complete-bash-quotes", NOW);
    tmux.line(&format!("export HOME='{}'", env.root.path().display()));
    tmux.line("exec bash --norc --noprofile");
    tmux.line("PS1='$ '; source <(followup completions bash); clear; echo bash-$((1 + 1))");
    tmux.wait_for("bash-2");
    // Inside single quotes the name goes in as it is, and the quote is closed: no backslash.
    tab(&tmux, "followup show 'acme c", "followup show 'acme corp' ");
    let shown = env.root.path().join("shown.json");
    tmux.tmux(&[
        "send-keys",
        "-l",
        "--",
        &format!("--json > '{}'", shown.display()),
    ]);
    tmux.line("");
    settle(&tmux, 1);
    let shown: serde_json::Value = serde_json::from_slice(&std::fs::read(&shown).unwrap()).unwrap();
    assert_eq!(shown["process"]["company"], "Acme Corp");
    // Inside double quotes an apostrophe is kept, and nothing is escaped.
    tab(
        &tmux,
        "followup done 'acme corp' th",
        "followup done 'acme corp' thank-you ",
    );
    tab(
        &tmux,
        "--to \"D'",
        "followup done 'acme corp' thank-you --to \"D'Arcy Moe\" ",
    );
    tmux.line("");
    settle(&tmux, 2);
    let corp = env.store()["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["company"] == "Acme Corp")
        .unwrap()
        .clone();
    // The thank-you to D'Arcy Moe, the one person of that round: the name was found.
    let marked: Vec<(&str, bool)> = corp["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["action"].as_str().unwrap(), m["person"].is_string()))
        .collect();
    assert_eq!(marked, [("thank-you", true)], "{corp:#}");
    eprintln!("figure: bash: names completed inside single and double quotes, run as typed");
}

#[test]
fn fish_completes_companies_actions_and_people() {
    need("fish", "fish");
    let env = story();
    let tmux = Tmux::start(&env, "complete-fish", NOW);
    tmux.line(&format!("export HOME='{}'", env.root.path().display()));
    tmux.line("exec fish --no-config");
    tmux.line("set -g fish_autosuggestion_enabled 0; function fish_prompt; echo '$ '; end; followup completions fish | source; clear; echo fish-(math 1 + 2)");
    tmux.wait_for("fish-3");
    completes_what_people_type(&tmux, &env, "jane\\ Doe");
    eprintln!(
        "figure: fish: company, planned action and interviewer completed by TAB from the store"
    );
}

#[test]
fn zsh_completes_companies_actions_and_people() {
    need("zsh", "zsh");
    let env = story();
    let tmux = Tmux::start(&env, "complete-zsh", NOW);
    tmux.line(&format!("export HOME='{}'", env.root.path().display()));
    tmux.line("exec zsh -f");
    tmux.line("PS1='$ '; autoload -U compinit && compinit -u; source <(followup completions zsh); clear; echo zsh-$((1 + 3))");
    tmux.wait_for("zsh-4");
    completes_what_people_type(&tmux, &env, "jane\\ Doe");
    eprintln!(
        "figure: zsh: company, planned action and interviewer completed by TAB from the store"
    );
}

#[test]
fn completion_without_a_store_or_with_a_damaged_one_offers_nothing_and_says_nothing() {
    let env = TestEnv::new();
    let complete = |words: &[&str]| {
        let out = env
            .at(NOW)
            .env("COMPLETE", "fish")
            .arg("--")
            .arg("followup")
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // No store: no company (flags only), and every action name.
    let show = complete(&["show", ""]);
    assert!(
        show.contains("--json") && show.lines().all(|l| l.starts_with("--")),
        "{show}"
    );
    assert_eq!(
        complete(&["done", "acme", "d"]),
        "debrief\tNotes on the interview while it is fresh.\ndecide\tYour answer to an offer, by its deadline.\ndecline\tA gracious no to an offer you declined.\n"
    );
    // A damaged store: nothing from it, no error on the screen, and the store left as it was.
    std::fs::create_dir_all(env.data_dir()).unwrap();
    std::fs::write(env.store_path(), b"{ damaged").unwrap();
    assert_eq!(complete(&["done", "a"]), "");
    assert_eq!(std::fs::read(env.store_path()).unwrap(), b"{ damaged");
}
