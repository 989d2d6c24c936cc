//! The calendar against real readers and a real server: the export checked by libical's
//! restriction check (a small C program built against libical-dev) and read by Python's
//! `icalendar`; `calendar push` against a Radicale started on 127.0.0.1 for each test.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{self, Child, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-20 09:00";

/// Two processes: Acme interviewed yesterday by Jane Doe (thank-you, connect, debrief...), and
/// Beta a week ago, so that some of its actions are late.
fn two_processes() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 15:00",
        &[
            "add",
            "--company",
            "Acme",
            "--role",
            "Backend Engineer",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
        ],
    );
    env.ok(
        "2026-11-12 12:00",
        &[
            "add",
            "--company",
            "Beta",
            "--role",
            "SRE",
            "--at",
            "2026-11-12 10:00",
        ],
    );
    env
}

// ---------------------------------------------------------------------------------------------
// libical and Python icalendar

/// A program that parses a calendar file with libical, runs `icalrestriction_check` on it and
/// fails, printing them, on any X-LIC-ERROR the parser or the check left in it.
const LIBICAL_CHECK: &str = r#"
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 3; }
    static char text[1 << 22];
    size_t n = fread(text, 1, sizeof text - 1, file);
    text[n] = 0;
    icalcomponent *calendar = icalparser_parse_string(text);
    if (!calendar) { fprintf(stderr, "libical could not parse it\n"); return 2; }
    int valid = icalrestriction_check(calendar);
    int errors = icalcomponent_count_errors(calendar);
    int events = icalcomponent_count_components(calendar, ICAL_VEVENT_COMPONENT);
    if (!valid || errors) {
        fprintf(stderr, "restriction check %s, %d errors:\n", valid ? "passed" : "failed", errors);
        char *line = strtok(icalcomponent_as_ical_string(calendar), "\n");
        for (; line; line = strtok(NULL, "\n"))
            if (strstr(line, "X-LIC-ERROR")) fprintf(stderr, "%s\n", line);
        return 1;
    }
    printf("%d\n", events);
    return 0;
}
"#;

/// The libical checker, built once.
fn libical_checker() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let (source, binary) = (dir.join("libical_check.c"), dir.join("libical_check"));
        fs::write(&source, LIBICAL_CHECK).unwrap();
        let flags = process::Command::new("pkg-config")
            .args(["--cflags", "--libs", "libical"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .unwrap_or_else(|| {
                panic!(
                    "libical is missing: install the Debian packages libical-dev and pkg-config (apt-get install libical-dev pkg-config; .ci/run does)"
                )
            });
        let flags = String::from_utf8(flags.stdout).unwrap();
        let out = process::Command::new("cc")
            .arg(&source)
            .arg("-o")
            .arg(&binary)
            .args(flags.split_whitespace())
            .output()
            .expect("a C compiler, cc (Debian: gcc)");
        assert!(
            out.status.success(),
            "could not build the libical checker: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        binary
    })
}

/// Runs libical's restriction check on a calendar; returns how many events libical read.
fn libical_check(text: &str) -> usize {
    let file = tempfile::NamedTempFile::new().unwrap();
    fs::write(file.path(), text).unwrap();
    let out = process::Command::new(libical_checker())
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "libical refuses the calendar: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Reads a calendar with Python's `icalendar`, which must find no error in any component, and
/// gives its events as JSON: uid, status, sequence, start, end (ISO dates), summary, and each
/// alarm's trigger in seconds with what it is related to.
fn python_icalendar(text: &str) -> Vec<Value> {
    const SCRIPT: &str = r#"
import json, sys
try:
    import icalendar
except ImportError:
    sys.exit("Python's icalendar is missing: pip install icalendar (.ci/run does)")
calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
errors = [(c.name, e) for c in calendar.walk() for e in c.errors]
if errors:
    sys.exit("icalendar found errors: %r" % errors)
events = []
for event in calendar.walk("VEVENT"):
    alarms = []
    for alarm in event.walk("VALARM"):
        trigger = alarm["TRIGGER"]
        alarms.append({"seconds": int(alarm.decoded("TRIGGER").total_seconds()),
                       "related": trigger.params.get("RELATED", "START"),
                       "action": str(alarm["ACTION"])})
    events.append({"uid": str(event["UID"]), "status": str(event["STATUS"]),
                   "sequence": int(event["SEQUENCE"]),
                   "start": event.decoded("DTSTART").isoformat(),
                   "end": event.decoded("DTEND").isoformat(),
                   "stamp": event.decoded("DTSTAMP").isoformat(),
                   "summary": str(event["SUMMARY"]), "alarms": alarms})
print(json.dumps(events))
"#;
    let mut child = process::Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (Debian: python3), with icalendar (pip install icalendar)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python icalendar: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The events read by Python's icalendar, by UID.
fn by_uid(events: Vec<Value>) -> BTreeMap<String, Value> {
    events
        .into_iter()
        .map(|e| (e["uid"].as_str().unwrap().to_string(), e))
        .collect()
}

/// The UID of the one event whose summary contains `part`.
fn uid_with(events: &BTreeMap<String, Value>, part: &str) -> String {
    let found: Vec<&String> = events
        .iter()
        .filter(|(_, e)| e["summary"].as_str().unwrap().contains(part))
        .map(|(uid, _)| uid)
        .collect();
    assert_eq!(found.len(), 1, "{part}: {events:?}");
    found[0].clone()
}

#[test]
fn the_export_passes_libical_and_python_icalendar_and_stays_true() {
    let env = two_processes();
    let text = env.ok(NOW, &["export", "--format", "ics"]);
    let due = env.due(NOW, 3660);
    let actions = due["actions"].as_array().unwrap().len();
    assert_eq!(libical_check(&text), actions);
    assert!(
        !text.contains("METHOD:"),
        "no iTIP method without an organizer"
    );
    let events = by_uid(python_icalendar(&text));
    assert_eq!(events.len(), actions);

    // The thank-you to Jane: the 19th (the interview) to the 21st (48 hours on), reminded at
    // 09:00 the first morning and the last.
    let jane = &events[&uid_with(&events, "thank-you to Jane Doe")];
    assert_eq!(jane["start"], "2026-11-19");
    assert_eq!(
        jane["end"], "2026-11-22",
        "the end of an all-day event is exclusive"
    );
    assert_eq!(jane["status"], "CONFIRMED");
    assert_eq!(jane["sequence"], 0);
    let alarms = jane["alarms"].as_array().unwrap();
    assert_eq!(alarms.len(), 2, "{jane}");
    assert_eq!(alarms[0]["seconds"], 9 * 3600);
    assert_eq!(alarms[0]["related"], "START");
    // Two days and nine hours after the start is 09:00 of the last day.
    assert_eq!(alarms[1]["seconds"], 2 * 86400 + 9 * 3600);
    assert_eq!(alarms[1]["related"], "START");
    // Beta's debrief was due by the 13th: late, so it runs up to today, the 20th.
    let debrief = &events[&uid_with(&events, "debrief · Beta")];
    assert!(debrief["summary"].as_str().unwrap().starts_with("late: "));
    assert_eq!(debrief["start"], "2026-11-12");
    assert_eq!(debrief["end"], "2026-11-21", "{debrief}");

    // Exported again with nothing changed: the same file, the same revisions.
    assert_eq!(
        env.ok("2026-11-20 09:00:30", &["export", "--format", "ics"]),
        text
    );
    // Two changes within one minute: two revisions of Acme's events, Beta's untouched.
    env.ok(
        "2026-11-20 09:00:35",
        &["edit", "acme", "--role", "Staff Engineer"],
    );
    let first = by_uid(python_icalendar(
        &env.ok("2026-11-20 09:00:40", &["export", "--format", "ics"]),
    ));
    env.ok(
        "2026-11-20 09:00:45",
        &["edit", "acme", "--role", "Principal Engineer"],
    );
    let second_text = env.ok("2026-11-20 09:00:50", &["export", "--format", "ics"]);
    libical_check(&second_text);
    let second = by_uid(python_icalendar(&second_text));
    let jane_uid = uid_with(&events, "thank-you to Jane Doe");
    assert_eq!(first[&jane_uid]["sequence"], 1);
    assert_eq!(second[&jane_uid]["sequence"], 2);
    assert_eq!(second[&jane_uid]["stamp"], "2026-11-20T08:00:50+00:00");
    let beta = uid_with(&events, "debrief · Beta");
    assert_eq!(second[&beta]["sequence"], 0, "unchanged, not revised");

    // Done: kept, cancelled, under the same UID, one revision up and without reminders.
    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    let text = env.ok("2026-11-20 10:00", &["export", "--format", "ics"]);
    assert_eq!(libical_check(&text), actions);
    let after = by_uid(python_icalendar(&text));
    assert_eq!(after.len(), actions);
    assert_eq!(after[&jane_uid]["status"], "CANCELLED");
    assert_eq!(after[&jane_uid]["sequence"], 3);
    assert_eq!(after[&jane_uid]["alarms"], serde_json::json!([]));
    // The next day Beta's late debrief reaches the new day: a new revision.
    let next_day = by_uid(python_icalendar(
        &env.ok("2026-11-21 08:00", &["export", "--format", "ics"]),
    ));
    assert_eq!(next_day[&beta]["end"], "2026-11-22");
    assert_eq!(next_day[&beta]["sequence"], 1);
    assert_eq!(
        next_day[&jane_uid]["sequence"], 3,
        "the cancelled one stays as it was"
    );
    // Thirty days after it was done it is gone from the file.
    let later = by_uid(python_icalendar(
        &env.ok("2026-12-20 11:00", &["export", "--format", "ics"]),
    ));
    assert!(!later.contains_key(&jane_uid));
}

#[test]
fn a_damaged_calendar_state_is_refused_and_left_as_it_is() {
    let env = two_processes();
    env.ok(NOW, &["export", "--format", "ics"]);
    let state = env.data_dir().join("calendar.json");
    let parsed: Value = serde_json::from_slice(&fs::read(&state).unwrap()).unwrap();
    assert_eq!(parsed["version"], 1);
    assert_eq!(mode(&state), 0o600);
    fs::write(&state, b"{\"version\": 1, \"events\": 3").unwrap();
    let err = env.refused(env.at(NOW).args(["export", "--format", "ics"]), 1);
    assert!(
        err.contains("calendar.json is damaged") && err.contains("delete it"),
        "{err}"
    );
    assert_eq!(fs::read(&state).unwrap(), b"{\"version\": 1, \"events\": 3");
    fs::write(&state, b"{\"version\": 9}").unwrap();
    let err = env.refused(env.at(NOW).args(["export", "--format", "ics"]), 1);
    assert!(
        err.contains("version 9") && err.contains("upgrade followup"),
        "{err}"
    );
}

#[test]
fn config_shows_the_calendar_section_as_toml_that_reads_back() {
    let env = TestEnv::new();
    env.write_config(
        "[calendar]\nurl = \"https://dav.example/alex/followup/\"\nusername = \"alex\"\npassword_command = \"pass show \\\"dav\\\"\"\n",
    );
    let shown = env.ok(NOW, &["config"]);
    let table: toml::Table = toml::from_str(&shown).unwrap();
    let calendar = table["calendar"].as_table().unwrap();
    assert_eq!(
        calendar["url"].as_str(),
        Some("https://dav.example/alex/followup/")
    );
    assert_eq!(calendar["username"].as_str(), Some("alex"));
    assert_eq!(
        calendar["password_command"].as_str(),
        Some("pass show \"dav\"")
    );
    // Written back as the config, it shows the same.
    env.write_config(&shown);
    assert_eq!(env.ok(NOW, &["config"]), shown);
    env.write_config("");
    let shown = env.ok(NOW, &["config"]);
    assert!(
        shown.contains("\n[calendar]") && shown.contains("# url is not set"),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// Radicale

/// A Radicale server on 127.0.0.1 with one user, its storage in a temp folder; stopped when
/// dropped.
struct Radicale {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

const USER: &str = "alex";
const PASSWORD: &str = "s3cret pass";

impl Radicale {
    fn start() -> Radicale {
        let present = process::Command::new("python3")
            .args(["-c", "import radicale"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            present,
            "Radicale is missing: pip install radicale (.ci/run does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let users = dir.path().join("users");
        fs::write(&users, format!("{USER}:{PASSWORD}\n")).unwrap();
        let config = dir.path().join("config");
        fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\nhtpasswd_encryption = plain\ndelay = 0\n[storage]\nfilesystem_folder = {}\n[rights]\ntype = owner_only\n[logging]\nlevel = info\n",
                users.display(),
                dir.path().join("storage").display()
            ),
        )
        .unwrap();
        let log = fs::File::create(dir.path().join("log")).unwrap();
        let child = process::Command::new("python3")
            .args(["-m", "radicale", "--config"])
            .arg(&config)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("python3 runs");
        let server = Radicale { child, port, dir };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Radicale did not start: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{USER}/followup/", self.port)
    }

    /// How many PUT requests the server logged.
    fn puts(&self) -> usize {
        self.log().matches("PUT request for").count()
    }

    /// Each resource of the calendar as (ETag, body) by name, through the server; `None` when
    /// the calendar is not there.
    fn resources(&self) -> Option<BTreeMap<String, (String, String)>> {
        let agent = agent();
        let auth = format!("Basic {}", basic(USER, PASSWORD));
        let request = ureq::http::Request::builder()
            .method(ureq::http::Method::from_bytes(b"PROPFIND").unwrap())
            .uri(self.url())
            .header("Depth", "1")
            .header("Authorization", &auth)
            .body(
                r#"<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"#,
            )
            .unwrap();
        let mut response = agent.run(request).unwrap();
        if response.status() == 404 {
            return None;
        }
        assert_eq!(response.status(), 207);
        let xml = response.body_mut().read_to_string().unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let mut found = BTreeMap::new();
        for item in doc
            .descendants()
            .filter(|n| n.has_tag_name(("DAV:", "response")))
        {
            let href = item
                .descendants()
                .find(|n| n.has_tag_name(("DAV:", "href")))
                .and_then(|n| n.text())
                .unwrap();
            let Some(etag) = item
                .descendants()
                .find(|n| n.has_tag_name(("DAV:", "getetag")))
                .and_then(|n| n.text())
            else {
                continue;
            };
            let name = href.rsplit('/').next().unwrap();
            let name = percent_encoding::percent_decode_str(name)
                .decode_utf8()
                .unwrap()
                .to_string();
            if name.is_empty() {
                continue;
            }
            let url = format!("{}{name}", self.url());
            let body = agent
                .get(&url)
                .header("Authorization", &auth)
                .call()
                .unwrap()
                .body_mut()
                .read_to_string()
                .unwrap();
            found.insert(name, (etag.to_string(), body));
        }
        Some(found)
    }

    /// Replaces a resource behind followup's back, as another device would.
    fn overwrite(&self, name: &str, body: &str) {
        let response = agent()
            .put(format!("{}{name}", self.url()))
            .header("Authorization", format!("Basic {}", basic(USER, PASSWORD)))
            .header("Content-Type", "text/calendar")
            .send(body)
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .build(),
    )
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
}

/// A port nothing listens on, just now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The config pointing at `url`, the password printed by a command.
fn configure(env: &TestEnv, url: &str, password: &str) {
    env.write_config(&format!(
        "[calendar]\nurl = {url:?}\nusername = {USER:?}\npassword_command = \"printf '%s\\\\n' '{password}'\"\n"
    ));
}

/// Every file under the data folder with its bytes.
fn data_folder(env: &TestEnv) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, found: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(&env.data_dir(), &mut found);
    found
}

/// Runs a push that must fail with status 1; its one line of error.
fn push_fails(env: &TestEnv, now: &str, args: &[&str]) -> String {
    let out = env.at(now).args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn push_creates_the_calendar_then_sends_only_what_changed() {
    let server = Radicale::start();
    let env = two_processes();
    configure(&env, &server.url(), PASSWORD);
    let due = env.due(NOW, 3660);
    let actions = due["actions"].as_array().unwrap().len();
    assert!(server.resources().is_none(), "no calendar yet");

    let said = env.ok(NOW, &["calendar", "push"]);
    assert_eq!(
        said,
        format!(
            "Pushed to {}: calendar created, {actions} events new, 0 changed, 0 deleted; 0 events unchanged.\n",
            server.url()
        )
    );
    let first = server.resources().expect("the calendar was created");
    assert_eq!(first.len(), actions);
    assert_eq!(server.puts(), actions);
    for (name, (_, body)) in &first {
        // One event per resource, valid for libical and icalendar, named after its UID, with
        // its reminder at 09:00 the day it opens.
        assert_eq!(libical_check(body), 1, "{name}");
        let events = python_icalendar(body);
        assert_eq!(events.len(), 1);
        assert_eq!(format!("{}.ics", events[0]["uid"].as_str().unwrap()), *name);
        let alarm = &events[0]["alarms"][0];
        assert_eq!(
            (alarm["seconds"].as_i64(), alarm["related"].as_str()),
            (Some(9 * 3600), Some("START"))
        );
        assert_eq!(alarm["action"], "DISPLAY");
    }

    // Nothing changed: no PUT, by what it says, by the server's log and by the ETags.
    let said = env.ok("2026-11-20 09:30", &["calendar", "push"]);
    assert_eq!(
        said,
        format!(
            "{} is up to date: {actions} events unchanged.\n",
            server.url()
        )
    );
    assert_eq!(server.puts(), actions);
    assert_eq!(server.resources().unwrap(), first);

    // Done: the event is deleted; the others are left as they were.
    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    let said = env.ok("2026-11-20 10:05", &["calendar", "push"]);
    assert_eq!(
        said,
        format!(
            "Pushed to {}: 0 events new, 0 changed, 1 deleted; {} events unchanged.\n",
            server.url(),
            actions - 1
        )
    );
    let after = server.resources().unwrap();
    let gone: Vec<&String> = first.keys().filter(|k| !after.contains_key(*k)).collect();
    assert_eq!(gone.len(), 1);
    assert!(gone[0].contains("-thank-you-round-"), "{gone:?}");
    for (name, resource) in &after {
        assert_eq!(&first[name], resource, "{name} untouched");
    }
    assert_eq!(server.puts(), actions);

    // A day later Beta's late actions reach the new day: those alone are sent again.
    let said = env.ok("2026-11-21 08:00", &["calendar", "push"]);
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| server.resources().unwrap()[*k] != after[*k])
        .collect();
    assert!(!changed.is_empty());
    assert!(
        said.contains(&format!(
            "0 events new, {} changed, 0 deleted",
            changed.len()
        )),
        "{said}"
    );
}

#[test]
fn dry_run_lists_the_requests_and_changes_nothing() {
    let server = Radicale::start();
    let env = two_processes();
    configure(&env, &server.url(), PASSWORD);
    let before = data_folder(&env);
    let said = env.ok(NOW, &["calendar", "push", "--dry-run"]);
    let lines: Vec<&str> = said.lines().collect();
    let due = env.due(NOW, 3660);
    let actions = due["actions"].as_array().unwrap();
    assert_eq!(
        lines[1],
        format!("PROPFIND {}  is the calendar there", server.url())
    );
    assert_eq!(
        lines[2],
        format!("MKCALENDAR {}  create the calendar", server.url())
    );
    let puts: Vec<&&str> = lines.iter().filter(|l| l.starts_with("PUT ")).collect();
    assert_eq!(puts.len(), actions.len(), "{said}");
    assert!(
        puts.iter()
            .any(|l| l.starts_with(&format!("PUT {}", server.url()))
                && l.ends_with(".ics  new: thank-you to Jane Doe · Acme (Backend Engineer)")),
        "{said}"
    );
    assert!(
        said.ends_with("0 events unchanged. Nothing was changed.\n"),
        "{said}"
    );
    assert!(
        server.resources().is_none(),
        "nothing created on the server"
    );
    assert_eq!(server.puts(), 0);
    assert_eq!(data_folder(&env), before, "nothing changed here");

    // After a push, a dry run after a `done` plans its DELETE, and sends it not.
    env.ok(NOW, &["calendar", "push"]);
    let held = server.resources().unwrap();
    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    let before = data_folder(&env);
    let said = env.ok("2026-11-20 10:00", &["calendar", "push", "--dry-run"]);
    let deletes: Vec<&str> = said.lines().filter(|l| l.starts_with("DELETE ")).collect();
    assert_eq!(deletes.len(), 1, "{said}");
    assert!(
        deletes[0]
            .ends_with("done, dismissed or moot: thank-you to Jane Doe · Acme (Backend Engineer)"),
        "{said}"
    );
    assert_eq!(server.resources().unwrap(), held);
    assert_eq!(data_folder(&env), before);
}

#[test]
fn a_server_that_is_down_is_named_and_nothing_changes() {
    let env = two_processes();
    let url = format!("http://127.0.0.1:{}/{USER}/followup/", free_port());
    configure(&env, &url, PASSWORD);
    let before = data_folder(&env);
    let err = push_fails(&env, NOW, &["calendar", "push"]);
    assert!(
        err.contains(&format!(
            "could not reach the calendar server at {url} (connection refused)"
        )) && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(data_folder(&env), before);

    // Down after a push: what the `done` changed is still sent once it is back.
    let server = Radicale::start();
    configure(&env, &server.url(), PASSWORD);
    env.ok(NOW, &["calendar", "push"]);
    let held = server.resources().unwrap().len();
    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    let port = server.port;
    drop(server);
    let before = data_folder(&env);
    let err = push_fails(&env, "2026-11-20 10:05", &["calendar", "push"]);
    assert!(
        err.contains("connection refused") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(data_folder(&env), before);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    let server = Radicale::start();
    configure(&env, &server.url(), PASSWORD);
    // A new server: the calendar is made again and holds what is planned now.
    let said = env.ok("2026-11-20 10:10", &["calendar", "push"]);
    assert!(said.contains("calendar created"), "{said}");
    assert_eq!(server.resources().unwrap().len(), held - 1);
}

#[test]
fn a_wrong_password_is_named_and_nothing_changes() {
    let server = Radicale::start();
    let env = two_processes();
    configure(&env, &server.url(), "not the password");
    let before = data_folder(&env);
    let err = push_fails(&env, NOW, &["calendar", "push"]);
    assert!(
        err.contains("401 Unauthorized")
            && err.contains("check username and password_command under [calendar]")
            && err.contains("nothing was changed"),
        "{err}"
    );
    assert!(
        !err.contains("not the password"),
        "the password is never shown: {err}"
    );
    assert_eq!(data_folder(&env), before);
    configure(&env, &server.url(), PASSWORD);
    assert!(server.resources().is_none());

    // A password command that fails says so, and sends nothing.
    env.write_config(&format!(
        "[calendar]\nurl = {:?}\nusername = \"alex\"\npassword_command = \"echo locked >&2; exit 3\"\n",
        server.url()
    ));
    let err = push_fails(&env, NOW, &["calendar", "push"]);
    assert!(
        err.contains("password_command") && err.contains("locked"),
        "{err}"
    );
    // A password in the file is refused.
    env.write_config("[calendar]\nurl = \"http://127.0.0.1:1/\"\npassword = \"x\"\n");
    let err = env.refused(env.at(NOW).args(["calendar", "push"]), 2);
    assert!(err.contains("password_command"), "{err}");
    // No [calendar] at all: what to set.
    env.write_config("");
    let err = env.refused(env.at(NOW).args(["calendar", "push"]), 2);
    assert!(err.contains("needs url under [calendar]"), "{err}");
    assert_eq!(data_folder(&env), before);
}

#[test]
fn an_event_changed_elsewhere_is_left_until_forced() {
    let server = Radicale::start();
    let env = two_processes();
    configure(&env, &server.url(), PASSWORD);
    env.ok(NOW, &["calendar", "push"]);
    let held = server.resources().unwrap();
    let (name, (_, body)) = held
        .iter()
        .find(|(name, _)| name.contains("-thank-you-round-"))
        .unwrap();
    // Someone moves it on their phone; then followup renames the role.
    let theirs = body.replace("SUMMARY:", "SUMMARY:moved: ");
    server.overwrite(name, &theirs);
    env.ok(
        "2026-11-20 09:10",
        &["edit", "acme", "--role", "Staff Engineer"],
    );
    let out = env
        .at("2026-11-20 09:15")
        .args(["calendar", "push"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr)
        .unwrap()
        .trim_end()
        .to_string();
    // The summary counts the event left alone, so it does not read as a clean push.
    let said = String::from_utf8(out.stdout).unwrap();
    let acme = by_uid_count(&server, name);
    assert_eq!(
        said,
        format!(
            "Pushed to {}: 0 events new, {} changed, 0 deleted, 1 left as the server has it; {} unchanged.\n",
            server.url(),
            acme - 1,
            count_events(held.len() - acme)
        ),
        "{err}"
    );
    assert!(
        err.contains("1 event was changed on the server since the last push")
            && err.contains("412")
            && err.contains(name.as_str())
            && err.contains("followup calendar push --force"),
        "{err}"
    );
    let now_held = server.resources().unwrap();
    assert!(now_held[name].1.contains("moved: "), "left as they made it");
    // The other events of Acme went through.
    assert!(
        now_held
            .iter()
            .filter(|(n, _)| *n != name && n.starts_with(name.split("-thank-you").next().unwrap()))
            .all(|(_, (_, b))| b.contains("Staff Engineer"))
    );
    let said = env.ok("2026-11-20 09:20", &["calendar", "push", "--force"]);
    assert!(said.contains("1 changed"), "{said}");
    let forced = &server.resources().unwrap()[name].1;
    assert!(
        !forced.contains("moved: ") && forced.contains("Staff Engineer"),
        "{forced}"
    );
}

/// How many events the server holds for the process of the resource `name` (its id starts it).
fn by_uid_count(server: &Radicale, name: &str) -> usize {
    let process = name.split("-thank-you").next().unwrap();
    server
        .resources()
        .unwrap()
        .keys()
        .filter(|n| n.starts_with(process))
        .count()
}

fn count_events(n: usize) -> String {
    match n {
        1 => "1 event".to_string(),
        n => format!("{n} events"),
    }
}

#[test]
fn a_url_with_a_password_or_plain_http_to_another_host_is_refused() {
    let env = two_processes();
    let before = data_folder(&env);
    // A password in the URL is never sent, printed nor kept.
    configure(
        &env,
        "http://alex:secret@127.0.0.1:5299/alex/followup/",
        PASSWORD,
    );
    for args in [
        &["calendar", "push", "--dry-run"][..],
        &["calendar", "push"],
    ] {
        let err = env.refused(env.at(NOW).args(args), 2);
        assert!(
            err.contains("[calendar] url \"http://alex:***@127.0.0.1:5299/alex/followup/\"")
                && err.contains("user name or password")
                && err.contains("password_command")
                && !err.contains("secret"),
            "{err}"
        );
    }
    // Plain HTTP to another machine would send the password in clear.
    configure(&env, "http://dav.example.test/alex/followup/", PASSWORD);
    let err = env.refused(env.at(NOW).args(["calendar", "push", "--dry-run"]), 2);
    assert!(
        err.contains("[calendar] url \"http://dav.example.test/alex/followup/\"")
            && err.contains("in clear")
            && err.contains("use https://"),
        "{err}"
    );
    assert_eq!(data_folder(&env), before, "nothing written");
}

#[test]
fn a_collection_that_is_not_a_calendar_is_named_and_nothing_changes() {
    let server = Radicale::start();
    let env = two_processes();
    // Make the calendar, so the user's home folder is there: a collection, not a calendar.
    configure(&env, &server.url(), PASSWORD);
    env.ok(NOW, &["calendar", "push"]);
    let home = server.url().trim_end_matches("followup/").to_string();
    configure(&env, &home, PASSWORD);
    let before = data_folder(&env);
    let err = push_fails(&env, NOW, &["calendar", "push"]);
    assert!(
        err.starts_with(&format!(
            "followup: {home} is a collection on the calendar server but not a calendar"
        )) && err.contains("set url under [calendar]")
            && err.ends_with("nothing was changed"),
        "{err}"
    );
    assert_eq!(data_folder(&env), before);
}

#[test]
fn push_if_configured_does_nothing_without_a_calendar_and_pushes_with_one() {
    let env = two_processes();
    let before = data_folder(&env);
    // No [calendar] url: nothing said, nothing written, success (the morning run).
    let out = env
        .at(NOW)
        .args(["calendar", "push", "--if-configured"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert_eq!(data_folder(&env), before);
    // Without the flag, the same config is an error naming what to set.
    let err = env.refused(env.at(NOW).args(["calendar", "push"]), 2);
    assert!(err.contains("needs url under [calendar]"), "{err}");
    // A calendar set up later: pushed, with no install again.
    let server = Radicale::start();
    configure(&env, &server.url(), PASSWORD);
    let said = env.ok(NOW, &["calendar", "push", "--if-configured"]);
    assert!(
        said.starts_with("Pushed to ") && said.contains("calendar created"),
        "{said}"
    );
    assert!(!server.resources().unwrap().is_empty());
}
