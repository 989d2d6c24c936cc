//! Durability tests of `followup`: concurrent writers, lost updates, writers killed mid-write,
//! a full disk, a read-only folder, damaged store files, file modes and hostile text.
//!
//! Each test owns a private data folder and runs the real binary with a fixed `FOLLOWUP_NOW` in
//! the Europe/Paris time zone. Each prints its figures on stderr in lines starting with
//! `figure:` and asserts them. The slow variants are `#[ignore]`d; `scripts/durability.sh` runs
//! everything in release mode and collects the figures.

use crate::common::{TestEnv, mode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{self, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Friday 20 November 2026, 10:00 in Paris.
const NOW: &str = "2026-11-20 10:00";
const TIMEOUT: Duration = Duration::from_secs(60);
const STORE: &str = "store.json";
/// How the store's temp files start: `.store.json.PID.tmp`.
const TEMP: &str = ".store.json.";
const BACKUPS: &str = "backups";

/// The binary under test.
fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("followup")
}

/// The tests' environment (`common::TestEnv`), run at a fixed `NOW`, with the binary replaceable
/// (by a copy another user can reach) and the whole data folder as a snapshot.
struct Durable {
    env: TestEnv,
    /// The binary to run: the built one, or a copy another user can reach.
    bin: PathBuf,
}

impl std::ops::Deref for Durable {
    type Target = TestEnv;

    fn deref(&self) -> &TestEnv {
        &self.env
    }
}

/// Every file under the data folder, by path relative to it, with its bytes.
type Snapshot = BTreeMap<String, Vec<u8>>;

impl Durable {
    fn new() -> Self {
        Durable {
            env: TestEnv::new(),
            bin: binary(),
        }
    }

    /// A new environment whose data folder is a copy of this one's.
    fn copy(&self) -> Durable {
        let env = Durable::new();
        fs::create_dir(env.data_dir()).unwrap();
        env.restore(&self.snapshot());
        env
    }

    fn store_bytes(&self) -> Vec<u8> {
        fs::read(self.store_path()).expect("a store file")
    }

    fn temp_exists(&self) -> bool {
        self.data_files().iter().any(|name| name.starts_with(TEMP))
    }

    /// The files of the backups (each a folder of the store's files), sorted by name (which is
    /// by sequence number).
    fn backup_files(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = match fs::read_dir(self.data_dir().join(BACKUPS)) {
            Ok(entries) => entries
                .flat_map(|entry| fs::read_dir(entry.unwrap().path()).unwrap())
                .map(|entry| entry.unwrap().path())
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        paths
    }

    /// Every file under the data folder with its bytes.
    fn snapshot(&self) -> Snapshot {
        fn walk(dir: &Path, prefix: &str, into: &mut Snapshot) {
            for entry in fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                if entry.file_type().unwrap().is_dir() {
                    walk(&entry.path(), &format!("{name}/"), into);
                } else {
                    into.insert(name, fs::read(entry.path()).unwrap());
                }
            }
        }
        let mut snapshot = Snapshot::new();
        walk(&self.data_dir(), "", &mut snapshot);
        snapshot
    }

    /// Makes the data folder hold exactly the files of `snapshot`.
    fn restore(&self, snapshot: &Snapshot) {
        for name in self.snapshot().keys() {
            if !snapshot.contains_key(name) {
                fs::remove_file(self.data_dir().join(name)).unwrap();
            }
        }
        for (name, bytes) in snapshot {
            let path = self.data_dir().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).unwrap();
        }
    }

    /// Sets the environment of a run: only this test decides it.
    fn configure(&self, cmd: &mut process::Command) {
        cmd.env_remove("HOME")
            .env_remove("NO_COLOR")
            .env_remove("EDITOR")
            .env("FOLLOWUP_DIR", self.data_dir())
            .env("FOLLOWUP_NOW", NOW)
            .env("TZ", "Europe/Paris")
            .current_dir(self.root.path());
    }

    /// The binary as a plain `std` command.
    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> process::Command {
        let mut cmd = process::Command::new(&self.bin);
        cmd.args(args);
        self.configure(&mut cmd);
        cmd
    }

    /// The binary started by `sh` after `prelude` (`ulimit -f 2`, `umask 022`...).
    fn shell<S: AsRef<OsStr>>(&self, prelude: &str, args: &[S]) -> process::Command {
        let mut cmd = process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!("{prelude}; exec \"$0\" \"$@\""))
            .arg(&self.bin)
            .args(args);
        self.configure(&mut cmd);
        cmd
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        output(self.command(args), TIMEOUT)
    }

    /// Runs a command that must succeed and returns its standard output.
    fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{}",
            describe(&self.command(args), &out)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must succeed and parses its standard output as JSON.
    fn json<S: AsRef<OsStr>>(&self, args: &[S]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("not JSON: {err}\n{text}"))
    }

    /// The company names in `list --all --json`.
    fn companies(&self) -> Vec<String> {
        self.json(&["list", "--all", "--json"])
            .as_array()
            .expect("a list")
            .iter()
            .map(|row| row["company"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Runs a command to its end, killing it after `timeout` (it then shows as killed by SIGKILL).
fn output(cmd: process::Command, timeout: Duration) -> Output {
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(timeout);
    cmd.output().expect("the command starts")
}

/// A run in words, for assertion messages.
fn describe(cmd: &process::Command, out: &Output) -> String {
    let args: Vec<String> = cmd
        .get_args()
        .map(|a| {
            let text = a.to_string_lossy();
            if text.len() > 80 {
                format!("{}... ({} bytes)", cut(&text, 80), a.len())
            } else {
                text.into_owned()
            }
        })
        .collect();
    format!(
        "{} {args:?} ended with {} (signal {:?})\nstdout: {}\nstderr: {}",
        cmd.get_program().to_string_lossy(),
        out.status,
        out.status.signal(),
        truncated(&String::from_utf8_lossy(&out.stdout)),
        truncated(&String::from_utf8_lossy(&out.stderr)),
    )
}

fn truncated(text: &str) -> String {
    if text.len() > 2000 {
        format!("{}... ({} bytes)", cut(text, 2000), text.len())
    } else {
        text.to_string()
    }
}

/// The start of `text`, at most `max` bytes, cut at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What differs between two snapshots, by file name: added, removed and changed files.
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut found = Vec::new();
    for (name, bytes) in after {
        match before.get(name) {
            None => found.push(format!("added {name} ({} bytes)", bytes.len())),
            Some(old) if old != bytes => found.push(format!(
                "changed {name} ({} -> {} bytes)",
                old.len(),
                bytes.len()
            )),
            Some(_) => {}
        }
    }
    for name in before.keys().filter(|name| !after.contains_key(*name)) {
        found.push(format!("removed {name}"));
    }
    found
}

/// A small deterministic generator (xorshift64), so every run makes the same choices.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Concurrent writers.

#[test]
fn concurrent_writers_all_land_with_unique_ids() {
    const TOTAL: usize = 40;
    const IN_FLIGHT: usize = 8;
    let env = Durable::new();
    let started = Instant::now();
    let mut running: Vec<(usize, process::Child)> = Vec::new();
    let mut launched = 0;
    let mut succeeded = 0;
    let mut failures = Vec::new();
    let mut peak = 0;
    while launched < TOTAL || !running.is_empty() {
        while launched < TOTAL && running.len() < IN_FLIGHT {
            launched += 1;
            let company = format!("Company {launched:02}");
            let child = env
                .command(&[
                    "add",
                    "--company",
                    &company,
                    "--role",
                    "Dev",
                    "-i",
                    "Jane Doe",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("followup starts");
            running.push((launched, child));
        }
        peak = peak.max(running.len());
        let mut still = Vec::new();
        for (i, mut child) in running.drain(..) {
            match child.try_wait().unwrap() {
                Some(status) if status.success() => succeeded += 1,
                Some(status) => {
                    let mut stderr = String::new();
                    child
                        .stderr
                        .take()
                        .unwrap()
                        .read_to_string(&mut stderr)
                        .unwrap();
                    failures.push(format!("add #{i}: {status}: {stderr}"));
                }
                None => still.push((i, child)),
            }
        }
        running = still;
        if started.elapsed() > TIMEOUT {
            for (_, child) in &mut running {
                let _ = child.kill();
            }
            panic!("concurrent adds still running after {TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(1));
    }

    let list = env.json(&["list", "--all", "--json"]);
    let rows = list.as_array().unwrap();
    let ids: BTreeSet<u64> = rows.iter().map(|r| r["id"].as_u64().unwrap()).collect();
    let companies: BTreeSet<&str> = rows
        .iter()
        .map(|r| r["company"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<String> = (1..=TOTAL).map(|i| format!("Company {i:02}")).collect();
    let temp_files = usize::from(env.temp_exists());
    let backups = env.backup_files().len();
    eprintln!(
        "figure: concurrent writers: {launched} launched ({peak} in flight), {succeeded} exited 0, {} present, {} unique ids, {temp_files} temp files, {backups} backups kept",
        rows.len(),
        ids.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(succeeded, TOTAL);
    assert_eq!(peak, IN_FLIGHT);
    assert_eq!(rows.len(), TOTAL);
    assert_eq!(ids, (1..=TOTAL as u64).collect());
    assert_eq!(
        companies,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    assert_eq!(temp_files, 0);
    assert_eq!(env.data_files(), [BACKUPS, STORE]);
    assert_eq!(backups, 20, "39 rewrites keep the last 20 versions");
}

// ---------------------------------------------------------------------------------------------
// 2. Lost update: two writers changing different fields of one record at once.

#[test]
fn two_writers_editing_one_record_lose_no_edit() {
    const TRIALS: usize = 100;
    let env = Durable::new();
    env.ok(&[
        "add",
        "-c",
        "Acme",
        "-r",
        "Dev",
        "--instructions",
        "email Sam",
    ]);
    let mut role = "Dev".to_string();
    let mut company = "Acme".to_string();
    let mut instructions = "email Sam".to_string();
    let mut notes: Vec<String> = Vec::new();
    let mut lost = Vec::new();
    for trial in 1..=TRIALS {
        // Odd trials race an edit of the role against a note; even ones two edits of one round.
        let pair: [Vec<String>; 2] = if trial % 2 == 1 {
            role = format!("R{trial}");
            notes.push(format!("N{trial}"));
            [
                vec!["edit".into(), "1".into(), "--role".into(), role.clone()],
                vec!["note".into(), "1".into(), format!("N{trial}")],
            ]
        } else {
            company = format!("Acme {trial}");
            instructions = format!("I{trial}");
            [
                vec![
                    "edit".into(),
                    "1".into(),
                    "--company".into(),
                    company.clone(),
                ],
                vec![
                    "edit".into(),
                    "1".into(),
                    "--instructions".into(),
                    instructions.clone(),
                ],
            ]
        };
        let children: Vec<process::Child> = pair
            .iter()
            .map(|args| {
                env.command(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("followup starts")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let shown = env.json(&["show", "1", "--json"]);
        let p = &shown["process"];
        let round = &p["rounds"][0];
        let got = (
            p["role"].as_str().unwrap(),
            p["company"].as_str().unwrap(),
            round["instructions"].as_str().unwrap(),
            round["debrief"]["notes"].as_str().unwrap_or(""),
        );
        let want_notes = notes.join("\n");
        let want = (
            role.as_str(),
            company.as_str(),
            instructions.as_str(),
            want_notes.as_str(),
        );
        if got != want {
            lost.push(format!("trial {trial}: got {got:?}, want {want:?}"));
        }
    }
    eprintln!(
        "figure: lost update: {TRIALS} trials of two concurrent writers, {} edits, {} lost",
        2 * TRIALS,
        lost.len()
    );
    assert!(lost.is_empty(), "{lost:#?}");
}

// ---------------------------------------------------------------------------------------------
// 3. A writer killed at a random moment.

#[test]
fn a_writer_killed_mid_write_loses_no_acknowledged_write() {
    const ROUNDS: usize = 200;
    const SEED: u64 = 0x2026_1120_dead_beef;
    let env = Durable::new();
    let mut rng = XorShift(SEED);
    let add = |company: &str| {
        env.command(&[
            "add",
            "--company",
            company,
            "--role",
            "Backend Engineer",
            "-i",
            "Jane Doe <jane@example.test>, Head of Platform",
            "--timeline",
            "two weeks",
            "--notes",
            "a long enough debrief to make the write take a little while",
        ])
    };
    // The kill lands within 15 ms, or within one and a half times a whole add when adds take
    // longer (a loaded machine, a slow fsync), so that some writers finish and some don't.
    let mut acknowledged: Vec<String> = Vec::new();
    let mut durations = Vec::new();
    for i in 1..=5 {
        let company = format!("Warm {i}");
        let started = Instant::now();
        let out = output(add(&company), TIMEOUT);
        durations.push(started.elapsed());
        assert!(out.status.success(), "{}", describe(&add(&company), &out));
        acknowledged.push(company);
    }
    durations.sort();
    let median = durations[durations.len() / 2];
    let max_delay = Duration::from_millis(15).max(median * 3 / 2);
    let mut killed = 0;
    let mut landed_although_killed = 0;
    let mut stale_temp = 0;
    let mut lost: Vec<String> = Vec::new();
    for round in 1..=ROUNDS {
        let delay = Duration::from_micros(rng.below(max_delay.as_micros() as u64));
        let company = format!("C{round}");
        let mut child = add(&company)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("followup starts");
        thread::sleep(delay);
        // SIGKILL; a process that already ended keeps its real exit status.
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if status.success() {
            acknowledged.push(company.clone());
        } else {
            assert_eq!(
                status.signal(),
                Some(9),
                "round {round}: the add failed on its own: {status}"
            );
            killed += 1;
        }

        // The store parses and holds every acknowledged write.
        let present: BTreeSet<String> = env.companies().into_iter().collect();
        if !status.success() && present.contains(&company) {
            landed_although_killed += 1;
        }
        for name in &acknowledged {
            if !present.contains(name) && !lost.contains(name) {
                lost.push(name.clone());
            }
        }

        // The next writer gets the lock (a stale temp file is then removed): `rm` of an unknown
        // id takes the lock, then refuses without writing.
        stale_temp += usize::from(env.temp_exists());
        let next = ["rm", "999999", "--yes"];
        let out = output(env.command(&next), Duration::from_secs(20));
        let cmd = env.command(&next);
        assert_eq!(
            out.status.code(),
            Some(2),
            "round {round}: the next run did not get the lock: {}",
            describe(&cmd, &out)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("no process with id 999999"),
            "{}",
            describe(&cmd, &out)
        );
        assert!(!env.temp_exists(), "round {round}: temp file left");
    }
    let damaged_backups = env
        .backup_files()
        .iter()
        .filter(|path| {
            let bytes = fs::read(path).unwrap();
            followup::store::Data::from_bytes(&bytes, path).is_err()
        })
        .count();
    eprintln!(
        "figure: crash mid-write: seed {SEED:#x}, kill after 0..{} ms (an add takes {} ms), {ROUNDS} rounds, {killed} killed mid-run ({landed_although_killed} of them after their write landed), {} acknowledged, {} lost, {stale_temp} stale temp files cleared by the next run, {damaged_backups} damaged backups left",
        max_delay.as_millis(),
        median.as_millis(),
        ROUNDS - killed,
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert!(
        killed > 0 && killed < ROUNDS,
        "the delays should both interrupt and spare some writers"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. A full disk, simulated by a file size limit (`ulimit -f`, in 512-byte blocks in dash and
// bash), with SIGXFSZ ignored so that the write fails with EFBIG instead of killing the run.

/// A store of three processes, written three times (two backups).
fn three_processes() -> Durable {
    let env = Durable::new();
    for company in ["Acme", "Beta", "Initech"] {
        env.ok(&[
            "add",
            "-c",
            company,
            "-r",
            "Backend Engineer",
            "-i",
            "Jane Doe",
        ]);
    }
    env
}

/// Runs `add` with a big debrief under a file size limit of `blocks` × 512 bytes; checks what
/// must hold whatever failed, and returns the stderr and the backups present before.
fn add_under_ulimit(env: &Durable, blocks: u64) -> (String, Snapshot) {
    let before = env.snapshot();
    let notes = "n".repeat(4000);
    let args = ["add", "-c", "Big", "-r", "Dev", "--notes", &notes];
    let prelude = format!("trap '' XFSZ; ulimit -f {blocks}");
    let out = output(env.shell(&prelude, &args), TIMEOUT);
    let what = describe(&env.shell(&prelude, &args), &out);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{what}");
    assert!(
        stderr.contains("File too large") && stderr.contains("was not changed"),
        "{what}"
    );
    assert!(
        stderr.contains(&env.store_path().display().to_string()),
        "{what}"
    );
    assert!(
        env.store_bytes() == before[STORE],
        "the store changed: {what}"
    );
    assert!(!env.temp_exists(), "temp file left: {what}");
    (stderr, before)
}

#[test]
fn a_full_disk_while_writing_the_store_changes_nothing() {
    let env = three_processes();
    let size = env.store_bytes().len() as u64;
    // Room for the backup (a copy of the current store) but not for the bigger new store.
    let blocks = size.div_ceil(512);
    assert!(blocks * 512 < size + 4000);
    let (stderr, before) = add_under_ulimit(&env, blocks);
    assert!(stderr.contains(TEMP), "{stderr}");
    // Backups already kept are untouched; a version kept before the failed write is a whole
    // copy of the unchanged store.
    let after = env.snapshot();
    let mut extra = 0;
    for (name, bytes) in &after {
        match before.get(name) {
            Some(old) => assert!(old == bytes, "{name} changed"),
            None => {
                assert!(name.starts_with("backups/"), "new file {name}");
                assert!(bytes == &before[STORE], "{name} is not a copy of the store");
                extra += 1;
            }
        }
    }
    // Once there is room again, the write goes through.
    env.ok(&["add", "-c", "Big", "-r", "Dev"]);
    assert!(env.companies().contains(&"Big".to_string()));
    eprintln!(
        "figure: full disk while writing the store: ulimit -f {blocks} ({} bytes) for a {size}-byte store growing by 4000: exit 1, \"File too large\", store unchanged, 0 temp files, {extra} backup(s) added that copy the unchanged store",
        blocks * 512
    );
}

#[test]
fn a_full_disk_while_keeping_the_backup_changes_nothing() {
    let env = three_processes();
    let size = env.store_bytes().len() as u64;
    // Not even room for a copy of the current store. (The backup is a hard link to it where
    // the file system allows, so it is the store write that fails then.)
    let blocks = 1;
    assert!(blocks * 512 < size);
    let (stderr, before) = add_under_ulimit(&env, blocks);
    assert!(stderr.contains("was not changed"), "{stderr}");
    let changed = changes(&before, &env.snapshot());
    // What the user meets next: `undo` goes back to the newest kept version.
    let undo = env.run(&["undo"]);
    eprintln!(
        "figure: full disk while keeping the backup: ulimit -f {blocks} ({} bytes) for a {size}-byte store: exit 1, store unchanged, 0 temp files, data folder changes {changed:?}, then `undo` exits {:?}: {:?}",
        blocks * 512,
        undo.status.code(),
        String::from_utf8_lossy(&undo.stderr).trim()
    );
    assert!(changed.is_empty(), "the data folder changed: {changed:?}");
    assert!(
        undo.status.success(),
        "undo after the failure: {}",
        describe(&env.command(&["undo"]), &undo)
    );
}

#[test]
fn a_failed_store_write_is_not_blamed_on_the_output() {
    let env = three_processes();
    let blocks = (env.store_bytes().len() as u64).div_ceil(512);
    let (stderr, _) = add_under_ulimit(&env, blocks);
    eprintln!("figure: full disk message: {:?}", stderr.trim());
    assert!(
        !stderr.contains("could not write the output"),
        "the output was never written to: {stderr}"
    );
    assert!(stderr.starts_with("followup: store "), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// 5. A read-only data folder, as a user that is not root (root may write anyway).

#[test]
fn a_read_only_folder_is_refused_and_changes_nothing() {
    const NOBODY: u32 = 65534;
    let probe = tempfile::tempdir().unwrap();
    let as_root = fs::metadata(probe.path()).unwrap().uid() == 0;
    let has_setpriv = process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if as_root && !has_setpriv {
        eprintln!(
            "figure: read-only folder: skipped: running as root and `setpriv` is missing, so there is no user that the folder's mode stops"
        );
        return;
    }
    let mut results = Vec::new();
    // With one earlier write there is no backups/ folder yet; with two there is.
    for writes in [1, 2] {
        let mut env = Durable::new();
        if as_root {
            // The built binary may sit where that user cannot reach it: copy it into the folder.
            let copy = env.root.path().join("followup");
            fs::copy(binary(), &copy).unwrap();
            fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).unwrap();
            std::os::unix::fs::chown(env.root.path(), Some(NOBODY), Some(NOBODY)).unwrap();
            std::os::unix::fs::chown(&copy, Some(NOBODY), Some(NOBODY)).unwrap();
            env.bin = copy;
        }
        let user_command = |env: &Durable, args: &[&str]| {
            if as_root {
                let mut cmd = process::Command::new("setpriv");
                cmd.arg(format!("--reuid={NOBODY}"))
                    .arg(format!("--regid={NOBODY}"))
                    .arg("--clear-groups")
                    .arg(&env.bin)
                    .args(args);
                env.configure(&mut cmd);
                cmd
            } else {
                env.command(args)
            }
        };
        for i in 1..=writes {
            let args = ["add", "-c", &format!("Company {i}"), "-r", "Dev"];
            let out = output(user_command(&env, &args), TIMEOUT);
            assert!(
                out.status.success(),
                "{}",
                describe(&user_command(&env, &args), &out)
            );
        }
        if as_root {
            assert_eq!(fs::metadata(env.store_path()).unwrap().uid(), NOBODY);
        }
        fs::set_permissions(env.data_dir(), fs::Permissions::from_mode(0o500)).unwrap();
        let before = env.snapshot();

        let args = ["add", "-c", "Refused", "-r", "Dev"];
        let out = output(user_command(&env, &args), TIMEOUT);
        let what = describe(&user_command(&env, &args), &out);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let after = env.snapshot();
        let temp = env.temp_exists();
        // Reading still works.
        let list = output(user_command(&env, &["list", "--all", "--json"]), TIMEOUT);
        fs::set_permissions(env.data_dir(), fs::Permissions::from_mode(0o700)).unwrap();

        assert_eq!(out.status.code(), Some(1), "{what}");
        assert!(stderr.contains("Permission denied"), "{what}");
        assert!(
            stderr.contains(&env.data_dir().display().to_string()),
            "the message names the folder: {what}"
        );
        assert!(after[STORE] == before[STORE], "the store changed: {what}");
        assert!(!temp, "temp file left: {what}");
        // Backups already kept are untouched; one kept before the failed write is a whole copy.
        let mut extra = 0;
        for (name, bytes) in &after {
            match before.get(name) {
                Some(old) => assert!(old == bytes, "{name} changed"),
                None => {
                    assert!(bytes == &before[STORE], "{name} is not a copy of the store");
                    extra += 1;
                }
            }
        }
        assert!(list.status.success(), "list in a read-only folder failed");
        let rows: Value = serde_json::from_slice(&list.stdout).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), writes);
        let message = stderr.trim().to_string();
        results.push(format!(
            "{writes} earlier write(s): exit 1, store unchanged, 0 temp files, {extra} backup(s) added, message {message:?}"
        ));
    }
    eprintln!(
        "figure: read-only folder (mode 0500, {}): {}",
        if as_root {
            format!("run as uid {NOBODY} through setpriv")
        } else {
            "run as this user".to_string()
        },
        results.join("; ")
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Damaged store files: refused by every command, nothing modified, backups untouched.

/// A real store: three processes with interviewers, a reply, marks and notes, seven writes.
fn recorded_store() -> Durable {
    let env = Durable::new();
    env.ok(&[
        "add",
        "-c",
        "Acme",
        "-r",
        "Backend Engineer",
        "--at",
        "2026-11-18 14:30",
        "-i",
        "Jane Doe <jane@acme.test>, Head of Platform",
        "-i",
        "Bob Smith",
        "--timeline",
        "end of next week",
        "--instructions",
        "Email Jane directly",
        "--notes",
        "went well",
        "--highlight",
        "the caching design",
    ]);
    env.ok(&[
        "add",
        "-c",
        "Beta",
        "-r",
        "SRE",
        "--at",
        "2026-11-16 10:00",
        "-i",
        "Carol",
    ]);
    env.ok(&[
        "add",
        "-c",
        "Initech",
        "-r",
        "Lead",
        "--at",
        "2026-11-10 09:00",
    ]);
    env.ok(&["done", "1", "thank-you", "--to", "jane"]);
    env.ok(&[
        "log-reply",
        "2",
        "--kind",
        "update",
        "--timeline",
        "two weeks",
        "--note",
        "still interviewing",
    ]);
    env.ok(&["note", "1", "they use Rust"]);
    env.ok(&["dismiss", "2", "connect", "--to", "carol"]);
    assert!(env.backup_files().len() >= 2);
    env
}

const DAMAGE_COMMANDS: [&[&str]; 11] = [
    &["due"],
    &["due", "--json"],
    &["list"],
    &["show", "1"],
    &["add", "-c", "X", "-r", "Y"],
    &["done", "1", "debrief"],
    &["log-reply", "1", "--kind", "update"],
    &["close", "1", "--outcome", "withdrawn"],
    &["note", "1", "x"],
    &["edit", "1", "--role", "Z"],
    &["rm", "1", "--yes"],
];

struct Variant {
    name: String,
    bytes: Vec<u8>,
    /// A flip inside the word `checksum`: the file then reads as a hand-edited store without
    /// a checksum, which is accepted.
    may_load: bool,
}

fn damaged_variants(good: &[u8], every_offset: bool, seed: u64) -> Vec<Variant> {
    let len = good.len();
    let variant = |name: String, bytes: Vec<u8>| Variant {
        name,
        bytes,
        may_load: false,
    };
    let mut offsets: BTreeSet<usize> = (0..20.min(len))
        .chain(len.saturating_sub(20)..len)
        .collect();
    if every_offset {
        offsets.extend(0..len);
    } else {
        // 40 more, spread evenly over the middle.
        offsets.extend((1..=40).map(|k| 20 + k * (len - 40) / 41));
    }
    let mut variants: Vec<Variant> = offsets
        .into_iter()
        .map(|at| variant(format!("truncated at {at}"), good[..at].to_vec()))
        .collect();
    variants.push(variant("empty".into(), Vec::new()));
    variants.push(variant("all NUL".into(), vec![0; len]));
    let text = String::from_utf8(good.to_vec()).unwrap();
    assert!(text.contains("\"version\": 5,"));
    let newer = text.replacen("\"version\": 5,", "\"version\": 99,", 1);
    variants.push(variant("version 99".into(), newer.clone().into_bytes()));
    let without_checksum: String = newer
        .lines()
        .filter(|l| !l.contains("\"checksum\""))
        .map(|l| format!("{l}\n"))
        .collect();
    variants.push(variant(
        "version 99 without checksum line".into(),
        without_checksum.into_bytes(),
    ));
    // The checksum line comes right after the opening brace.
    let checksum_line = good.len().min(40);
    let word = good[..checksum_line]
        .windows(b"checksum".len())
        .position(|w| w == b"checksum")
        .expect("the store starts with its checksum line");
    // One flip sure to land in the word: "checksum" becomes "Checksum".
    let mut bytes = good.to_vec();
    bytes[word] ^= 0x20;
    variants.push(Variant {
        name: format!("byte {word} xor 0x20 (the word `checksum`)"),
        bytes,
        may_load: true,
    });
    let mut rng = XorShift(seed);
    for _ in 0..50 {
        let at = rng.below(len as u64) as usize;
        let mask = 1 + rng.below(255) as u8;
        let mut bytes = good.to_vec();
        bytes[at] ^= mask;
        variants.push(Variant {
            name: format!("byte {at} xor {mask:#04x}"),
            bytes,
            may_load: (word..word + b"checksum".len()).contains(&at),
        });
    }
    variants
}

#[derive(Default)]
struct Tally {
    runs: usize,
    refused: usize,
    modified: usize,
    loaded_as_original: usize,
    failures: Vec<String>,
}

/// Checks `variants` in `env` (a copy of the recorded store).
fn check_variants(env: &Durable, variants: &[&Variant], original_list: &Value) -> Tally {
    let base = env.snapshot();
    let store = env.store_path();
    let store_text = store.display().to_string();
    let mut tally = Tally::default();
    for v in variants {
        let mut expected = base.clone();
        expected.insert(STORE.to_string(), v.bytes.clone());
        env.restore(&expected);
        if v.may_load {
            let out = env.run(&["list", "--all", "--json"]);
            tally.runs += 1;
            if out.status.success() {
                let list: Value = serde_json::from_slice(&out.stdout).unwrap();
                if &list == original_list {
                    tally.loaded_as_original += 1;
                } else {
                    tally
                        .failures
                        .push(format!("{}: loaded, but not as the original", v.name));
                }
            } else if out.status.code() == Some(1) {
                tally.refused += 1;
            }
            if env.snapshot() != expected {
                tally.modified += 1;
                tally
                    .failures
                    .push(format!("{}: list modified files", v.name));
            }
            continue;
        }
        for args in DAMAGE_COMMANDS {
            let out = env.run(args);
            tally.runs += 1;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let refused = out.status.code() == Some(1)
                && stderr.contains(&store_text)
                && out.stdout.is_empty();
            if refused {
                tally.refused += 1;
            } else {
                tally.failures.push(format!(
                    "{}: {args:?} not refused: {}",
                    v.name,
                    describe(&env.command(args), &out)
                ));
            }
            if v.name.starts_with("version 99") && !stderr.contains("version 99") {
                tally.failures.push(format!(
                    "{}: {args:?} does not say version 99: {stderr}",
                    v.name
                ));
            }
            if env.snapshot() != expected {
                tally.modified += 1;
                tally
                    .failures
                    .push(format!("{}: {args:?} modified files", v.name));
                env.restore(&expected);
            }
        }
    }
    tally
}

fn damaged_files(every_offset: bool) {
    const SEED: u64 = 0x0bad_5eed_1234_5678;
    let master = recorded_store();
    let good = master.store_bytes();
    let original_list = master.json(&["list", "--all", "--json"]);
    let variants = damaged_variants(&good, every_offset, SEED);
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    let started = Instant::now();
    let tallies: Vec<Tally> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine: Vec<&Variant> = variants.iter().skip(w).step_by(workers).collect();
                let env = master.copy();
                let original_list = &original_list;
                scope.spawn(move || check_variants(&env, &mine, original_list))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = Tally::default();
    for t in tallies {
        total.runs += t.runs;
        total.refused += t.refused;
        total.modified += t.modified;
        total.loaded_as_original += t.loaded_as_original;
        total.failures.extend(t.failures);
    }
    let truncations = variants
        .iter()
        .filter(|v| v.name.starts_with("truncated"))
        .count();
    let checksum_word = variants.iter().filter(|v| v.may_load).count();
    eprintln!(
        "figure: damaged files{}: {}-byte store, {} backups, flip seed {SEED:#x}: {} variants ({truncations} truncations, empty, all NUL, 2 version 99, 1 + 50 flips) x {} commands: {} runs, {} refused, {} modified; {checksum_word} flip(s) in the word `checksum`, {} loaded as the original; {:.1} s on {workers} workers",
        if every_offset { " (every offset)" } else { "" },
        good.len(),
        master.backup_files().len(),
        variants.len(),
        DAMAGE_COMMANDS.len(),
        total.runs,
        total.refused,
        total.modified,
        total.loaded_as_original,
        started.elapsed().as_secs_f64()
    );
    assert!(
        total.failures.is_empty(),
        "{} failures, first ones: {:#?}",
        total.failures.len(),
        &total.failures[..total.failures.len().min(10)]
    );
    assert_eq!(total.modified, 0);
    assert_eq!(total.refused + total.loaded_as_original, total.runs);
}

#[test]
fn damaged_files_are_refused_by_every_command_and_left_untouched() {
    damaged_files(false);
}

#[test]
#[ignore = "slow: truncates the store at every offset; run by scripts/durability.sh"]
fn damaged_files_at_every_offset_are_refused_and_left_untouched() {
    damaged_files(true);
}

// ---------------------------------------------------------------------------------------------
// 7. Private modes whatever the umask.

#[test]
fn the_store_is_private_under_a_permissive_umask() {
    let mut seen = Vec::new();
    for umask in ["022", "000"] {
        let env = Durable::new();
        let prelude = format!("umask {umask}");
        let run = |args: &[&str]| {
            let out = output(env.shell(&prelude, args), TIMEOUT);
            assert!(
                out.status.success(),
                "{}",
                describe(&env.shell(&prelude, args), &out)
            );
        };
        run(&["add", "-c", "Acme", "-r", "Dev", "-i", "Jane Doe"]);
        let first = (mode(&env.data_dir()), mode(&env.store_path()));
        assert_eq!(first, (0o700, 0o600), "umask {umask}, after create");
        assert!(env.backup_files().is_empty());

        run(&["done", "1", "thank-you"]);
        // A store whose mode was loosened by hand is private again after the next write.
        fs::set_permissions(env.store_path(), fs::Permissions::from_mode(0o644)).unwrap();
        run(&["note", "1", "fine"]);
        let backups = env.backup_files();
        assert_eq!(backups.len(), 2);
        let rewrite = (
            mode(&env.data_dir()),
            mode(&env.store_path()),
            mode(&env.data_dir().join(BACKUPS)),
        );
        assert_eq!(
            rewrite,
            (0o700, 0o600, 0o700),
            "umask {umask}, after rewrite"
        );
        for backup in &backups {
            assert_eq!(mode(backup), 0o600, "umask {umask}: {}", backup.display());
        }
        assert_eq!(env.data_files(), [BACKUPS, STORE]);
        seen.push(format!(
            "umask {umask}: data folder {:04o}, store.json {:04o} after create; data folder {:04o}, store.json {:04o} (after a chmod 0644), backups folder {:04o}, {} backup files {:?} after rewrites",
            first.0,
            first.1,
            rewrite.0,
            rewrite.1,
            rewrite.2,
            backups.len(),
            backups
                .iter()
                .map(|b| format!("{:04o}", mode(b)))
                .collect::<Vec<_>>()
        ));
    }
    eprintln!("figure: permissions: {}", seen.join("; "));
}

// ---------------------------------------------------------------------------------------------
// 8. Hostile text.

/// The characters a terminal would act on (C0 but newline, DEL, C1) or that reorder what is
/// displayed (bidirectional marks, overrides and isolates, line and paragraph separators), as
/// found.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}');
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || bidi(c))
        .map(|c| format!("{c:?}"))
        .collect()
}

#[test]
fn hostile_text_is_stored_faithfully_and_shown_escaped() {
    let env = Durable::new();
    let company = "Ac\"me\\ \u{1b}[31mRed\u{1b}[0m\tCorp\nsecond line ☃ 🚀 שלום עולם \u{202e}txet\u{9b}31m \u{7f}end \u{61c}mark\u{2028}line\u{2029}para";
    let role = "R\u{1b}]0;pwned title\u{7}ole \"quoted\" \\back\\slash\tand\r\nCRLF مرحبا 👩‍💻";
    let person = "J\u{1b}[2Jane \"Q\" O'Neil \\ \u{7} 山田";
    let instructions = "email \u{1b}[5mSam\u{1b}[0m \"now\"\n\tthen wait";
    let mut notes = String::new();
    while notes.len() < 100 * 1024 {
        notes.push_str("line \"q\" \\ \t\u{1b}[1mbold\u{1b}[0m é 🚀 \u{1}\u{8}\n");
    }
    notes.push_str("END");
    let long_company = format!("{}Z", "Ünïcode ".repeat(100 * 1024 / 9));
    let question = "what is \u{1b}[?1049h\u{1b}c reset?";

    let mut runs = 0;
    let mut clap_echoes = 0;
    let mut run_hostile = |args: Vec<&str>, must_succeed: bool| -> Output {
        let out = env.run(&args);
        let what = describe(&env.command(&args), &out);
        let code = out.status.code();
        assert!(code == Some(0) || code == Some(2), "{what}");
        if must_succeed {
            assert_eq!(code, Some(0), "{what}");
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{what}");
        assert_eq!(
            raw_controls(&out.stdout),
            Vec::<String>::new(),
            "stdout of {what}"
        );
        // Clap's own errors ("error: invalid value '...'") echo the argument as typed; the
        // messages of followup itself ("followup: ...", "warning: ...") escape it.
        if stderr.starts_with("error: ") {
            clap_echoes += usize::from(!raw_controls(&out.stderr).is_empty());
        } else {
            assert_eq!(
                raw_controls(&out.stderr),
                Vec::<String>::new(),
                "stderr of {what}"
            );
        }
        runs += 1;
        out
    };

    run_hostile(
        vec![
            "add",
            "--company",
            company,
            "--role",
            role,
            "-i",
            person,
            "--instructions",
            instructions,
            "--notes",
            &notes,
            "--question",
            question,
            "--red-flag",
            company,
        ],
        true,
    );
    run_hostile(
        vec![
            "add",
            "--company",
            &long_company,
            "--role",
            &notes,
            "--notes",
            &notes,
        ],
        true,
    );

    let one = env.json(&["show", "1", "--json"]);
    let two = env.json(&["show", "2", "--json"]);
    let (p1, round, p2) = (
        &one["process"],
        &one["process"]["rounds"][0],
        &two["process"],
    );
    let fields = [
        ("company", &p1["company"], company),
        ("role", &p1["role"], role),
        ("interviewer", &round["interviewers"][0]["name"], person),
        ("instructions", &round["instructions"], instructions),
        ("notes", &round["debrief"]["notes"], notes.as_str()),
        ("question", &round["debrief"]["questions"][0], question),
        ("red flag", &round["debrief"]["red_flags"][0], company),
        ("long company", &p2["company"], long_company.as_str()),
        ("long role", &p2["role"], notes.as_str()),
    ];
    for (name, got, want) in &fields {
        assert!(
            got.as_str() == Some(want),
            "{name} was not kept byte-for-byte"
        );
    }
    let faithful = fields.len();

    let mut human_bytes = 0;
    for args in [
        vec!["show", "1"],
        vec!["show", "2"],
        vec!["list"],
        vec!["list", "--all"],
        vec!["due"],
        vec!["due", "--days", "60"],
        vec!["due", "--json"],
        vec!["show", "1", "--json"],
        vec!["list", "--all", "--json"],
        vec!["export", "--format", "json"],
        vec!["note", "1", company],
        vec!["log-reply", "1", "--kind", "update", "--note", role],
        vec!["show", "1"],
        vec!["edit", "2", "--role", person],
        vec!["list"],
    ] {
        human_bytes += run_hostile(args, true).stdout.len();
    }
    let shown = env.json(&["show", "1", "--json"]);
    assert_eq!(
        shown["process"]["rounds"][0]["debrief"]["notes"].as_str(),
        Some(format!("{notes}\n{company}").as_str())
    );
    assert_eq!(shown["process"]["replies"][0]["note"].as_str(), Some(role));
    assert_eq!(
        env.json(&["show", "2", "--json"])["process"]["role"].as_str(),
        Some(person)
    );
    // Refused input is refused in words, without a panic and without raw control bytes.
    let before = env.snapshot();
    let mut refused = 0;
    for args in [
        vec!["show", company],
        vec!["done", "1", company],
        vec!["done", "1", "thank-you", "--to", role],
        vec!["add", "-c", "A", "-r", "B", "--at", company],
        vec!["add", "-c", "A", "-r", "B", "--timeline", role],
        vec!["add", "-c", "A", "-r", "B", "-i", "x <\u{1b}[31m>"],
        vec!["log-reply", "1", "--kind", company],
    ] {
        let out = run_hostile(args, false);
        refused += usize::from(out.status.code() == Some(2));
    }
    let changed = changes(&before, &env.snapshot());
    assert!(
        changed.is_empty(),
        "refused input changed the store: {changed:?}"
    );

    // Arguments that are not UTF-8 are refused clearly.
    let bad = OsStr::from_bytes(b"Ac\xffme");
    let non_utf8: Vec<Vec<&OsStr>> = vec![
        vec![
            "add".as_ref(),
            "--company".as_ref(),
            bad,
            "--role".as_ref(),
            "Dev".as_ref(),
        ],
        vec![
            "add".as_ref(),
            "-c".as_ref(),
            "Acme".as_ref(),
            "-r".as_ref(),
            bad,
        ],
        vec!["note".as_ref(), "1".as_ref(), bad],
        vec!["show".as_ref(), bad],
        vec!["edit".as_ref(), "1".as_ref(), "--role".as_ref(), bad],
    ];
    for args in &non_utf8 {
        let out = env.run(args);
        let what = describe(&env.command(args), &out);
        assert_eq!(out.status.code(), Some(2), "{what}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8"),
            "{what}"
        );
    }
    let changed = changes(&before, &env.snapshot());
    assert!(
        changed.is_empty(),
        "a non-UTF-8 argument changed the store: {changed:?}"
    );

    eprintln!(
        "figure: hostile text: {} runs with quotes, backslashes, newlines, tabs, CSI/OSC/C1 escapes, DEL, RTL, emoji and 100 KB strings: 0 panics, {faithful} fields read back byte-for-byte from show --json, {human_bytes} bytes of human output with 0 raw control characters, {refused} bad values refused with exit 2 ({clap_echoes} by clap, echoing raw control characters); {} non-UTF-8 arguments refused with exit 2 (\"invalid UTF-8\"), store unchanged",
        runs,
        non_utf8.len()
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Races decided under the lock, crashes at the worst moment, links, shared folders, newer
//    stores and numbers at the top of their range. The races are made certain with strace's
//    fault injection: a system call of one run is delayed while another run goes through.

impl Durable {
    /// The binary under strace, with `inject` (`flock:delay_enter=800000`: the first `flock`
    /// waits 0.8 s before it runs; `rename:signal=KILL:when=2`: killed at the second rename).
    fn traced(&self, inject: &str, args: &[&str]) -> process::Command {
        assert!(
            process::Command::new("strace")
                .arg("-V")
                .output()
                .is_ok_and(|out| out.status.success()),
            "these tests need strace (apt install strace)"
        );
        let mut cmd = process::Command::new("strace");
        cmd.args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!("inject={inject}"))
            .arg(&self.bin)
            .args(args);
        self.configure(&mut cmd);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    fn add_company(&self, company: &str) {
        self.ok(&["add", "-c", company, "-r", "Dev", "-i", "Jane Doe"]);
    }
}

/// Waits for a child started with piped output, killing it after `TIMEOUT`.
fn finish(child: process::Child) -> Output {
    let started = Instant::now();
    let mut child = child;
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
        }
        thread::sleep(Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn undo_chooses_what_to_undo_under_the_lock() {
    let env = Durable::new();
    env.add_company("Acme");
    env.add_company("Beta");
    // The undo waits before it takes the lock while another change goes through.
    let undo = env
        .traced("flock:delay_enter=1000000:when=1", &["undo"])
        .spawn()
        .unwrap();
    thread::sleep(Duration::from_millis(400));
    env.add_company("Initech");
    let out = finish(undo);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Exactly one change is undone, the last one when the undo ran: Initech's.
    assert_eq!(env.companies(), ["Acme", "Beta"]);

    // Two undos at once each undo one change.
    env.add_company("Initech");
    let undos: Vec<process::Child> = (0..2)
        .map(|_| {
            env.traced("flock:delay_enter=500000:when=1", &["undo"])
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<Output> = undos.into_iter().map(finish).collect();
    for out in &outs {
        assert!(out.status.success(), "{}", stderr_of(out));
    }
    assert_eq!(env.companies(), ["Acme"]);
    eprintln!(
        "figure: undo under the lock: an undo delayed 1 s at its lock while an add went through undid that add only; two undos delayed together each undid one change, both exit 0"
    );
}

#[test]
fn a_deleted_lock_file_lets_no_second_writer_in() {
    let env = Durable::new();
    env.add_company("Acme");
    // An older followup's lock file, deleted while the first writer holds the lock and waits
    // (after reading the store) at its first rename.
    fs::write(env.data_dir().join("store.lock"), b"").unwrap();
    let first = env
        .traced(
            "rename:delay_enter=1000000:when=1",
            &["add", "-c", "First", "-r", "Dev"],
        )
        .spawn()
        .unwrap();
    thread::sleep(Duration::from_millis(400));
    fs::remove_file(env.data_dir().join("store.lock")).unwrap();
    let second = env
        .command(&["add", "-c", "Second", "-r", "Dev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (first, second) = (finish(first), finish(second));
    assert!(first.status.success(), "{}", stderr_of(&first));
    assert!(second.status.success(), "{}", stderr_of(&second));
    let list = env.json(&["list", "--all", "--json"]);
    let ids: BTreeSet<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(env.companies(), ["Acme", "First", "Second"]);
    assert_eq!(ids, BTreeSet::from([1, 2, 3]));
    eprintln!(
        "figure: lock: a second writer started while the first held the lock and its lock file was deleted waited for it; 3 processes with 3 ids"
    );
}

#[test]
fn a_writer_killed_after_its_backup_leaves_undo_working() {
    let env = Durable::new();
    env.add_company("Acme");
    env.add_company("Beta");
    // Killed at its second rename: the backup is in place, the store not yet replaced.
    let out = output(
        env.traced(
            "rename:signal=KILL:when=2",
            &["add", "-c", "Initech", "-r", "Dev"],
        ),
        TIMEOUT,
    );
    assert!(!out.status.success());
    assert_eq!(env.companies(), ["Acme", "Beta"]);
    // The next undo undoes the last change that happened: Beta's add.
    let undo = env.ok(&["undo"]);
    assert_eq!(env.companies(), ["Acme"], "{undo}");
    eprintln!(
        "figure: a writer killed between its backup and its rename: the next undo undid the change before it"
    );
}

#[test]
fn a_store_with_one_id_twice_is_damage() {
    let env = Durable::new();
    env.add_company("Acme");
    env.add_company("Beta");
    // A hand edit: Beta given Acme's number, the checksum line deleted.
    let text = String::from_utf8(env.store_bytes()).unwrap();
    let edited: String = text
        .replace("\"id\": 2,", "\"id\": 1,")
        .lines()
        .filter(|l| !l.contains("checksum"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(env.store_path(), &edited).unwrap();
    let before = env.snapshot();
    for args in [&["due"][..], &["list"], &["done", "1", "thank-you"]] {
        let out = env.run(args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            describe(&env.command(args), &out)
        );
        let err = stderr_of(&out);
        assert!(
            err.contains("damaged") && err.contains("process id 1 is used twice"),
            "{err}"
        );
    }
    assert!(changes(&before, &env.snapshot()).is_empty());
    eprintln!(
        "figure: a store with a process id used twice: refused by due, list and done as damage, unchanged"
    );
}

#[test]
fn a_newer_store_is_never_replaced_not_even_by_undo() {
    let env = Durable::new();
    env.add_company("Acme");
    env.add_company("Beta");
    let newer = "{\"version\": 99, \"processes\": [], \"what\": \"a later format\"}\n";
    fs::write(env.store_path(), newer).unwrap();
    let before = env.snapshot();
    for args in [
        &["due"][..],
        &["add", "-c", "X", "-r", "Y"],
        &["undo"],
        &["undo", "--restore", "1"],
    ] {
        let out = env.run(args);
        let err = stderr_of(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            describe(&env.command(args), &out)
        );
        assert!(err.contains("upgrade followup"), "{err}");
        assert!(
            !err.contains("undo --restore"),
            "an older backup is no way out: {err}"
        );
    }
    assert!(changes(&before, &env.snapshot()).is_empty());
    eprintln!(
        "figure: a store of format 99: due, add, undo and undo --restore say \"upgrade followup\", point to no backup, change nothing"
    );
}

#[test]
fn a_linked_store_stays_a_link_and_its_target_is_replaced() {
    let env = Durable::new();
    env.add_company("Acme");
    // The user moves the store into a synced folder and links it back.
    let synced = env.root.path().join("synced");
    fs::create_dir(&synced).unwrap();
    let target = synced.join(STORE);
    fs::rename(env.store_path(), &target).unwrap();
    std::os::unix::fs::symlink(&target, env.store_path()).unwrap();
    let old = fs::read(&target).unwrap();
    env.add_company("Beta");
    let link = fs::symlink_metadata(env.store_path()).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(fs::read_link(env.store_path()).unwrap(), target);
    assert_eq!(env.companies(), ["Acme", "Beta"]);
    assert_eq!(mode(&target), 0o600);
    let leftovers: Vec<_> = fs::read_dir(&synced)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, [STORE], "no temp file beside the target");
    // The backup is the old content, a file, not the link.
    let backup = env.backup_files().pop().unwrap();
    assert!(fs::symlink_metadata(&backup).unwrap().is_file());
    assert_eq!(fs::read(&backup).unwrap(), old);
    env.ok(&["undo"]);
    assert!(
        fs::symlink_metadata(env.store_path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(env.companies(), ["Acme"]);
    eprintln!(
        "figure: a store linked into another folder: the link stays a link, its target is replaced there (0600, no temp left), the backup holds the old content, undo goes through the link"
    );
}

#[test]
fn a_data_folder_others_can_write_is_refused() {
    let env = Durable::new();
    env.add_company("Acme");
    env.add_company("Beta");
    let before = env.snapshot();
    let dir = env.data_dir();
    for (folder, mode) in [
        (dir.clone(), 0o777),
        (dir.clone(), 0o770),
        (dir.join(BACKUPS), 0o757),
    ] {
        fs::set_permissions(&folder, fs::Permissions::from_mode(mode)).unwrap();
        for args in [&["due"][..], &["undo"], &["add", "-c", "X", "-r", "Y"]] {
            let out = env.run(args);
            let err = stderr_of(&out);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}",
                describe(&env.command(args), &out)
            );
            assert!(
                err.contains("can be written by others")
                    && err.contains(&format!("chmod 700 {}", folder.display())),
                "{err}"
            );
        }
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();
    }
    assert!(changes(&before, &env.snapshot()).is_empty());
    // Owned by another user (root can make one): refused too.
    let root = fs::metadata(&dir).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&dir, Some(65534), None).unwrap();
        let out = env.run(&["due"]);
        std::os::unix::fs::chown(&dir, Some(0), None).unwrap();
        assert!(
            stderr_of(&out).contains("belongs to another user (uid 65534)"),
            "{}",
            stderr_of(&out)
        );
    }
    env.ok(&["due"]);
    eprintln!(
        "figure: a data folder or backups folder writable by group or others (0777, 0770, 0757) is refused by due, undo and add with the chmod to run{}",
        if root {
            "; one owned by another user too"
        } else {
            ""
        }
    );
}

#[test]
fn a_file_size_limit_is_a_clear_error_not_a_signal() {
    let env = three_processes();
    let before = env.snapshot();
    let args = [
        "add",
        "-c",
        "Big",
        "-r",
        "Dev",
        "--notes",
        &"n".repeat(4000),
    ];
    let out = output(env.shell("ulimit -f 1", &args), TIMEOUT);
    assert_eq!(out.status.signal(), None, "killed by a signal");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("File too large") && err.contains("was not changed"),
        "{err}"
    );
    assert!(changes(&before, &env.snapshot()).is_empty());
    eprintln!(
        "figure: ulimit -f 1: exit 1, {:?}, nothing changed",
        err.trim()
    );
}

#[test]
fn a_number_at_the_top_of_its_range_is_never_given_twice() {
    let env = Durable::new();
    env.add_company("Acme");
    // A JSON file numbering its process 4294967295.
    let export = env.ok(&["export", "--format", "json"]);
    let top = export
        .replace("\"id\": 1,", "\"id\": 4294967295,")
        .replace("\"Acme\"", "\"Top\"");
    let file = env.root.path().join("top.json");
    fs::write(&file, top).unwrap();
    let fresh = Durable::new();
    fresh.ok(&["import", "--format", "json", file.to_str().unwrap()]);
    fresh.add_company("Beta");
    fresh.add_company("Gamma");
    let list = fresh.json(&["list", "--all", "--json"]);
    let ids: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3], "renumbered, then counted on");
    fresh.ok(&["rm", "--yes", "2"]);
    assert_eq!(fresh.companies(), ["Top", "Gamma"]);

    // A store edited by hand to hold that number: no add reuses it.
    let text = String::from_utf8(env.store_bytes()).unwrap();
    let edited: String = text
        .replace("\"id\": 1,", "\"id\": 4294967295,")
        .replace("\"next_id\": 2,", "\"next_id\": 4294967295,")
        .lines()
        .filter(|l| !l.contains("checksum"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(env.store_path(), edited).unwrap();
    let before = env.snapshot();
    let out = env.run(&["add", "-c", "Beta", "-r", "Dev"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("no process number is left"),
        "{}",
        stderr_of(&out)
    );
    assert!(changes(&before, &env.snapshot()).is_empty());
    eprintln!(
        "figure: process numbers: an imported #4294967295 is renumbered #1 and adds count on from it; a store holding it refuses the next add, unchanged"
    );
}

/// A shell script for `$EDITOR` (it gets the file to edit as `$1`).
fn editor_script(env: &Durable, name: &str, body: &str) -> PathBuf {
    let path = env.root.path().join(name);
    fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_note_added_while_the_debrief_is_open_is_kept() {
    let env = Durable::new();
    env.add_company("Acme");
    env.ok(&["note", "1", "first note"]);
    let bin = env.bin.display().to_string();
    // While the editor is open, another run adds a note; then the user writes a red flag and
    // a line of their own notes.
    let editor = editor_script(
        &env,
        "editor",
        &format!(
            "\"{bin}\" note 1 'said meanwhile' >/dev/null\n\
             sed -i -e '/^## Red flags/a on-call every week' -e '/^## Other notes/a written in the editor' \"$1\""
        ),
    );
    let mut cmd = env.command(&["debrief", "1"]);
    cmd.env("EDITOR", &editor);
    let out = output(cmd, TIMEOUT);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let show = env.json(&["show", "1", "--json"]);
    let debrief = &show["process"]["rounds"][0]["debrief"];
    assert_eq!(
        debrief["red_flags"],
        serde_json::json!(["on-call every week"])
    );
    assert_eq!(
        debrief["notes"], "written in the editor\nfirst note\nsaid meanwhile",
        "{debrief}"
    );

    // Another debrief saved meanwhile, changing the same notes otherwise: refused, the text
    // kept in the file the message names.
    let inner = editor_script(
        &env,
        "inner",
        "sed -i 's/^written in the editor$/changed by the inner run/' \"$1\"",
    );
    let outer = editor_script(
        &env,
        "outer",
        &format!(
            "EDITOR=\"{}\" \"{bin}\" debrief 1 >/dev/null\n\
             sed -i 's/^first note$/changed by the outer run/' \"$1\"",
            inner.display()
        ),
    );
    let before = env.snapshot();
    let mut cmd = env.command(&["debrief", "1"]);
    cmd.env("EDITOR", &outer);
    let out = output(cmd, TIMEOUT);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let kept = err
        .split("your text is kept in ")
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"))
        .trim();
    assert!(
        fs::read_to_string(kept)
            .unwrap()
            .contains("changed by the outer run")
    );
    fs::remove_file(kept).unwrap();
    let notes =
        env.json(&["show", "1", "--json"])["process"]["rounds"][0]["debrief"]["notes"].clone();
    assert_eq!(
        notes,
        "changed by the inner run\nfirst note\nsaid meanwhile"
    );
    assert_eq!(
        changes(&before, &env.snapshot()).len(),
        2,
        "only the inner run's change and its backup"
    );
    eprintln!(
        "figure: debrief: a note added while the editor was open is merged in; a debrief saved meanwhile that changed the same text makes the outer save refuse, its text kept in a file"
    );
}

#[test]
fn outputs_write_into_devices_and_fifos_and_through_links() {
    use std::os::unix::fs::FileTypeExt;
    let env = Durable::new();
    env.add_company("Acme");
    let root = env.root.path();
    // `-` is standard output, for every path.
    let json = env.ok(&["export", "--format", "json", "-o", "-"]);
    assert!(json.contains("\"Acme\""), "{json}");
    let eml = env.ok(&["draft", "1", "thank-you", "--eml", "-"]);
    assert!(eml.contains("Subject:"), "{eml}");
    let fresh = Durable::new();
    fs::write(root.join("in.json"), &json).unwrap();
    let out = fresh
        .command(&["import", "--format", "json", "-"])
        .stdin(fs::File::open(root.join("in.json")).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fresh.companies(), ["Acme"]);

    // A device is written into, never replaced.
    env.ok(&["export", "--format", "ics", "-o", "/dev/null"]);
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // A FIFO is written into: its reader gets the export.
    let fifo = root.join("fifo");
    assert!(
        process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    env.ok(&["export", "--format", "csv", "-o", fifo.to_str().unwrap()]);
    assert!(reader.join().unwrap().contains("Acme"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // A link stays a link; its target is replaced in its own folder.
    let elsewhere = root.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("plan.ics"), "old").unwrap();
    std::os::unix::fs::symlink(elsewhere.join("plan.ics"), root.join("plan.ics")).unwrap();
    env.ok(&[
        "export",
        "--format",
        "ics",
        "-o",
        root.join("plan.ics").to_str().unwrap(),
    ]);
    assert!(
        fs::symlink_metadata(root.join("plan.ics"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(elsewhere.join("plan.ics"))
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
    eprintln!(
        "figure: outputs: `-` is standard output for export -o, draft --eml and import; /dev/null and a FIFO are written into, not replaced; a linked output stays a link, its target replaced"
    );
}
