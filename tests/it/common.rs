//! What the command-line tests share: a private data folder per test, helpers to run the
//! binary in it, and readers of its JSON.
#![allow(dead_code)]

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt;
use serde_json::{Value, json};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process;
use std::time::Duration;
use tempfile::TempDir;

pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A private home for one test: a temporary folder whose `data` subfolder is `FOLLOWUP_DIR`.
pub struct TestEnv {
    pub root: TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            root: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// The config file the binary reads: absent unless a test writes it.
    pub fn config_path(&self) -> PathBuf {
        self.root.path().join("config").join("config.toml")
    }

    /// Writes the config file, and templates beside it.
    pub fn write_config(&self, toml: &str) {
        fs::create_dir_all(self.config_path().parent().unwrap()).unwrap();
        fs::write(self.config_path(), toml).unwrap();
    }

    pub fn write_template(&self, action: &str, text: &str) {
        let dir = self.config_path().parent().unwrap().join("templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(format!("{action}.txt")), text).unwrap();
    }

    pub fn store_path(&self) -> PathBuf {
        self.data_dir().join("store.json")
    }

    /// The store's bytes, or `None` when there is no store file.
    pub fn store_bytes(&self) -> Option<Vec<u8>> {
        fs::read(self.store_path()).ok()
    }

    /// The store's bytes and inode: a rewrite with the same content still changes the inode,
    /// since stores are replaced by renaming a new file over the old one.
    pub fn store_snapshot(&self) -> Option<(Vec<u8>, u64)> {
        let bytes = fs::read(self.store_path()).ok()?;
        let inode = fs::metadata(self.store_path()).ok()?.ino();
        Some((bytes, inode))
    }

    pub fn store(&self) -> Value {
        let bytes = fs::read(self.store_path()).expect("a store file");
        serde_json::from_slice(&bytes).expect("the store is JSON")
    }

    /// The archive (`archive.json`) as JSON.
    pub fn archive(&self) -> Value {
        let bytes = fs::read(self.data_dir().join("archive.json")).expect("an archive file");
        serde_json::from_slice(&bytes).expect("the archive is JSON")
    }

    /// The names in the data folder, sorted.
    pub fn data_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.data_dir())
            .expect("the data folder exists")
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// The binary as a plain `std` command, with an environment that only this test controls.
    pub fn std_command(&self) -> process::Command {
        let mut cmd = process::Command::cargo_bin("followup").expect("the followup binary");
        cmd.env_remove("HOME")
            .env_remove("NO_COLOR")
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .env_remove("FOLLOWUP_DIR")
            .env_remove("FOLLOWUP_NOW")
            .env("FOLLOWUP_DIR", self.data_dir())
            .env("FOLLOWUP_CONFIG", self.config_path())
            .env("TZ", "Europe/Paris")
            .current_dir(self.root.path());
        cmd
    }

    /// The binary with no `FOLLOWUP_NOW`.
    pub fn command(&self) -> Command {
        let mut cmd = Command::from_std(self.std_command());
        cmd.timeout(TIMEOUT);
        cmd
    }

    /// The binary run as if it were `now` (local time, `YYYY-MM-DD HH:MM`, or RFC 3339).
    pub fn at(&self, now: &str) -> Command {
        let mut cmd = self.command();
        cmd.env("FOLLOWUP_NOW", now);
        cmd
    }

    /// Runs a command that must succeed and returns its standard output.
    pub fn ok(&self, now: &str, args: &[&str]) -> String {
        self.run_ok(now, args)
    }

    /// Runs a command that must succeed and returns its standard output, and nothing else.
    pub fn run_ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.at(now).args(args).output().expect("followup runs");
        assert!(
            out.status.success(),
            "followup {args:?} at {now} failed with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must succeed and parses its standard output as JSON.
    pub fn json(&self, now: &str, args: &[&str]) -> Value {
        let text = self.ok(now, args);
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{args:?}: {err}\n{text}"))
    }

    /// `due --json --days N`, checked to be in the documented order.
    pub fn due(&self, now: &str, days: u32) -> Value {
        let report = self.json(now, &["due", "--json", "--days", &days.to_string()]);
        assert_most_urgent_first(&report);
        report
    }

    /// `due --json --days N` as one line per action, sorted (see [`plan`]).
    pub fn plan(&self, now: &str, days: u32) -> Vec<String> {
        plan(&self.due(now, days))
    }

    /// `show ID --json`.
    pub fn show(&self, now: &str, process: &str) -> Value {
        self.json(now, &["show", process, "--json"])
    }

    /// Runs a command that must be refused with `code`, print exactly one line on stderr, print
    /// nothing on stdout and leave the store's bytes unchanged. Returns the stderr line.
    pub fn refused(&self, cmd: &mut Command, code: i32) -> String {
        let before = self.store_snapshot();
        let out = cmd.output().expect("followup runs");
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 stderr");
        assert_eq!(
            out.status.code(),
            Some(code),
            "{cmd:?} should exit {code}; stderr: {stderr}"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{cmd:?} should explain itself in one line, got: {stderr:?}"
        );
        assert!(
            out.stdout.is_empty(),
            "{cmd:?} printed on stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            before == self.store_snapshot(),
            "{cmd:?} changed or rewrote the store although it was refused"
        );
        stderr.trim_end().to_string()
    }

    /// Records an interview; returns the id of its process, read back from `list`.
    pub fn add(&self, now: &str, args: &[&str]) -> u64 {
        let mut full = vec!["add"];
        full.extend_from_slice(args);
        self.ok(now, &full);
        let list = self.json(now, &["list", "--all", "--json"]);
        let company = args
            .iter()
            .position(|a| *a == "--company" || *a == "-c")
            .map(|i| args[i + 1])
            .expect("--company given");
        list.as_array()
            .unwrap()
            .iter()
            .filter(|row| {
                row["company"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(company)
            })
            .map(|row| row["id"].as_u64().unwrap())
            .max()
            .expect("the process is listed")
    }
}

/// The actions of a `due --json` or `show --json` report, one line each, sorted:
/// `#1 thank-you [Jane Doe] 2026-11-19T14:30:00+01:00 .. 2026-11-21T14:30:00+01:00 due`
/// (no brackets when there is no person, `-` when there is no deadline).
pub fn plan(report: &Value) -> Vec<String> {
    let mut lines: Vec<String> = report["actions"]
        .as_array()
        .expect("an actions array")
        .iter()
        .map(|a| {
            let person = match a["person"].as_str() {
                Some(p) => format!(" [{p}]"),
                None => String::new(),
            };
            format!(
                "#{} {}{person} {} .. {} {}",
                a["process"],
                a["action"].as_str().unwrap(),
                a["from"].as_str().unwrap(),
                a["by"].as_str().unwrap_or("-"),
                a["status"].as_str().unwrap()
            )
        })
        .collect();
    lines.sort();
    lines
}

/// Builds the sorted expectation for [`plan`].
pub fn expect(lines: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    lines.sort();
    lines
}

/// The one action of a report matching process, name and person; panics unless exactly one.
pub fn action<'a>(report: &'a Value, process: u64, name: &str, person: Option<&str>) -> &'a Value {
    let found: Vec<&Value> = report["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["process"] == json!(process)
                && a["action"] == json!(name)
                && a["person"].as_str() == person
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {name} for #{process}: {report:#}"
    );
    found[0]
}

/// Checks the documented order of `due --json`: overdue, then due, then upcoming; the nearest
/// deadline first among overdue and due actions, the nearest start first among upcoming ones.
pub fn assert_most_urgent_first(report: &Value) {
    let rank = |a: &Value| match a["status"].as_str().unwrap() {
        "overdue" => 0,
        "due" => 1,
        "upcoming" => 2,
        other => panic!("unknown status {other}"),
    };
    let time = |a: &Value, key: &str| {
        a[key]
            .as_str()
            .map(|t| chrono::DateTime::parse_from_rfc3339(t).expect("RFC 3339"))
    };
    let key = |a: &Value| {
        let when = if rank(a) == 2 {
            time(a, "from")
        } else {
            time(a, "by")
        };
        (rank(a), when.is_none(), when)
    };
    let actions = report["actions"].as_array().unwrap();
    for pair in actions.windows(2) {
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "not most urgent first: {:#} before {:#}",
            pair[0],
            pair[1]
        );
    }
}

/// The status column of `list --all --json` for a process.
pub fn status_of(list: &Value, id: u64) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == json!(id))
        .unwrap_or_else(|| panic!("#{id} is not listed: {list:#}"))["status"]
        .as_str()
        .unwrap()
        .to_string()
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A JSON value without its records' ids (`uid`), which differ from one store to another.
pub fn without_uids(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| key.as_str() != "uid")
                .map(|(key, value)| (key.clone(), without_uids(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_uids).collect()),
        other => other.clone(),
    }
}

/// The columns of `export --format csv`, in order: those of the workbook's process sheet, then
/// the dates again in local time.
pub const CSV_COLUMNS: [&str; 29] = [
    "id",
    "company",
    "role",
    "round",
    "date",
    "label",
    "interviewers",
    "timeline",
    "timeline_date",
    "status",
    "closed",
    "replies",
    "instructions",
    "notes",
    "answers",
    "feelings",
    "want_it",
    "questions",
    "highlights",
    "stumped",
    "red_flags",
    "applied",
    "contact",
    "link",
    "cancelled",
    "external_ref",
    "date_local",
    "closed_local",
    "applied_local",
];
