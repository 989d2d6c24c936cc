//! The tool in a real terminal, driven through tmux: the guided `add` answering its prompts, the
//! debrief round trip through vi, and colour on a terminal (and off with NO_COLOR).
//!
//! They need tmux and vi (`.ci/run` installs them when missing); `scripts/terminal.sh` runs
//! them alone.

use crate::common::*;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A tmux server of our own, with one window running a shell in the test's environment.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(env: &TestEnv, name: &str, now: &str) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "these tests need tmux (apt install tmux)"
        );
        let socket = format!("followup-test-{}-{name}", std::process::id());
        let bin = assert_cmd::cargo::cargo_bin("followup");
        let path = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let vars = [
            format!("PATH={path}"),
            format!("FOLLOWUP_DIR={}", env.data_dir().display()),
            format!("FOLLOWUP_CONFIG={}", env.config_path().display()),
            format!("FOLLOWUP_NOW={now}"),
            "TZ=Europe/Paris".to_string(),
            "TERM=xterm-256color".to_string(),
            "EDITOR=vi".to_string(),
            "PS1=$ ".to_string(),
        ];
        let mut new = Command::new("tmux");
        new.args([
            "-L",
            &socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "160",
            "-y",
            "50",
            "sh",
        ])
        .env_remove("NO_COLOR")
        .env_remove("TMUX");
        assert!(new.status().unwrap().success(), "tmux starts");
        let tmux = Tmux { socket };
        for var in &vars {
            tmux.line(&format!("export '{var}'"));
        }
        tmux.line("unset NO_COLOR; clear; echo ready-$((20 + 6))");
        tmux.wait_for("ready-26");
        tmux
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types text, then Enter.
    pub fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
        self.tmux(&["send-keys", "Enter"]);
    }

    /// The screen, with escape sequences when `escapes`.
    pub fn screen(&self, escapes: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-J", "-S", "-200"];
        if escapes {
            args.push("-e");
        }
        self.tmux(&args)
    }

    /// Waits until the screen shows `text`, or fails with what it shows.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(false);
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("waited 20 s for {text:?}; the screen shows:\n{screen}");
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

#[test]
fn guided_add_asks_for_what_is_missing() {
    let env = TestEnv::new();
    let tmux = Tmux::start(&env, "add", "2026-11-19 16:00");
    tmux.line("followup add");
    tmux.wait_for("Company");
    tmux.line("Acme");
    tmux.wait_for("Role");
    tmux.line("Backend Engineer");
    tmux.wait_for("When was it");
    tmux.line("today 14:30");
    tmux.wait_for("Interviewer");
    tmux.line("Jane Doe <jane@acme.test>, Head of Platform");
    // A bad line is refused and asked again.
    tmux.wait_for("Interviewer");
    tmux.line("Bob <not an email>");
    tmux.wait_for("is not an email address");
    tmux.line("Bob Smith");
    tmux.line("");
    tmux.wait_for("timing");
    tmux.line("end of next week");
    let screen = tmux.wait_for("Recorded #1 Acme");
    assert!(screen.contains("thank-you to Jane Doe"), "{screen}");
    let store = env.store();
    let round = &store["processes"][0]["rounds"][0];
    assert_eq!(round["at"], "2026-11-19T14:30:00+01:00");
    assert_eq!(round["interviewers"][0]["email"], "jane@acme.test");
    assert_eq!(round["interviewers"][1]["name"], "Bob Smith");
    assert_eq!(round["timeline"]["date"], "2026-11-27");
}

#[test]
fn the_debrief_round_trips_through_a_real_editor() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "today 14:30"],
    );
    let tmux = Tmux::start(&env, "debrief", "2026-11-19 16:05");
    tmux.line("followup debrief acme");
    tmux.wait_for("## Red flags");
    // In vi: go to the heading, open a line below it, type, leave insert mode, save.
    tmux.tmux(&["send-keys", "-l", "/^## Red flags"]);
    tmux.tmux(&["send-keys", "Enter"]);
    tmux.tmux(&["send-keys", "-l", "oon-call every other week"]);
    tmux.tmux(&["send-keys", "Escape"]);
    tmux.tmux(&["send-keys", "-l", ":wq"]);
    tmux.tmux(&["send-keys", "Enter"]);
    tmux.wait_for("Stored the debrief");
    let store = env.store();
    assert_eq!(
        store["processes"][0]["rounds"][0]["debrief"]["red_flags"],
        serde_json::json!(["on-call every other week"])
    );
    // Quitting without a change stores nothing.
    let before = env.store_bytes();
    tmux.line("clear; followup debrief acme");
    tmux.wait_for("## Red flags");
    tmux.tmux(&["send-keys", "-l", ":q"]);
    tmux.tmux(&["send-keys", "Enter"]);
    tmux.wait_for("nothing stored");
    assert_eq!(env.store_bytes(), before);
}

#[test]
fn colour_on_a_terminal_and_off_with_no_color() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-16 11:00",
        &["add", "-c", "Beta", "-r", "SRE", "--at", "2026-11-16 10:00"],
    );
    let tmux = Tmux::start(&env, "colour", "2026-11-20 09:00");
    tmux.line("followup due");
    tmux.wait_for("Overdue");
    let coloured = tmux.screen(true);
    assert!(
        coloured.contains("\u{1b}["),
        "colour on a terminal: {coloured:?}"
    );
    // The marker is computed by the shell, so that the typed line does not match it.
    tmux.line("clear; NO_COLOR=1 followup due; echo finished-$((1 + 1))-plain");
    tmux.wait_for("finished-2-plain");
    let plain = tmux.screen(true);
    let after_clear = plain.split("NO_COLOR=1").last().unwrap();
    assert!(after_clear.contains("Overdue"), "{plain}");
    assert!(
        !after_clear.contains("\u{1b}[1m"),
        "no colour with NO_COLOR: {plain:?}"
    );
    tmux.line("clear; followup due --color never; echo finished-$((1 + 2))-never");
    tmux.wait_for("finished-3-never");
    let never = tmux.screen(true);
    assert!(
        !never
            .split("--color never")
            .last()
            .unwrap()
            .contains("\u{1b}[1m"),
        "{never:?}"
    );
}

#[test]
fn rm_deletes_exactly_the_process_it_asked_about() {
    let env = TestEnv::new();
    let now = "2026-11-19 16:00";
    env.ok(
        now,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Old role",
            "--at",
            "2026-10-01 10:00",
        ],
    );
    env.ok(now, &["close", "1", "--outcome", "withdrawn"]);
    let tmux = Tmux::start(&env, "rm", now);
    tmux.line("followup rm acme");
    tmux.wait_for("Delete #1 Acme");
    // While the question waits, a new Acme process is recorded: "acme" now names it.
    env.ok(now, &["add", "-c", "Acme", "-r", "New role"]);
    tmux.line("y");
    tmux.wait_for("Deleted #1 Acme");
    let list = env.json(now, &["list", "--all", "--json"]);
    let left: Vec<(u64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_u64().unwrap(), p["role"].as_str().unwrap()))
        .collect();
    assert_eq!(left, [(2, "New role")]);
    eprintln!(
        "figure: rm: a process recorded under the same name while the question waited was kept; the one asked about was deleted"
    );
}

#[test]
fn export_to_a_terminal_shows_escapes_and_piped_stays_exact() {
    let env = TestEnv::new();
    let now = "2026-11-19 16:00";
    let notes = "\u{1b}]2;pwned\u{7}\u{1b}[2J\u{1b}[Hcleared";
    env.ok(now, &["add", "-c", "Acme", "-r", "Dev", "--notes", notes]);
    let tmux = Tmux::start(&env, "export", now);
    let title = tmux.tmux(&["display-message", "-p", "#{pane_title}"]);
    tmux.line("echo before-export; followup export --format csv; followup export --format json; echo after-export-$((40 + 2))");
    let screen = tmux.wait_for("after-export-42");
    assert!(
        screen.contains("before-export"),
        "the screen was cleared: {screen}"
    );
    assert!(screen.contains("\\u{1b}]2;pwned"), "{screen}");
    assert!(screen.contains("\\u001b]2;pwned"), "{screen}");
    assert_eq!(
        tmux.tmux(&["display-message", "-p", "#{pane_title}"]),
        title
    );
    // Piped, the bytes are the records' own.
    let piped = env.ok(now, &["export", "--format", "csv"]);
    assert!(piped.contains(notes), "{piped:?}");
    eprintln!(
        "figure: export on a terminal: OSC title and clear-screen sequences in a record shown escaped in CSV and JSON, screen and title untouched; piped, the bytes are exact"
    );
}
