//! The morning run: `due --notify` against a real session bus (a `dbus-daemon` of the test's
//! own, with a listener that owns org.freedesktop.Notifications and answers), the `[notify]
//! command` through a real shell, and `schedule install`/`remove` with the units checked by
//! `systemd-analyze verify`.
//!
//! They need dbus-daemon (apt install dbus-daemon) and systemd-analyze (apt install systemd);
//! `.ci/run` installs them when missing.

use crate::common::*;
use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;
use tempfile::TempDir;
use zbus::export::futures_core::Stream;

/// A session bus of the test's own: a `dbus-daemon` on a socket in a temporary folder.
struct Bus {
    daemon: Child,
    address: String,
    _dir: TempDir,
}

impl Bus {
    fn start() -> Bus {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("bus.conf");
        fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().join("bus").display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("these tests need dbus-daemon (apt install dbus-daemon): {err}")
            });
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_string();
        assert!(address.starts_with("unix:"), "dbus-daemon printed {line:?}");
        Bus {
            daemon,
            address,
            _dir: dir,
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// A Notify call as the listener received it.
#[derive(Debug, Clone, PartialEq)]
struct Notification {
    app: String,
    summary: String,
    body: String,
    timeout: i32,
}

/// A notification service on the bus: owns org.freedesktop.Notifications, answers
/// GetCapabilities with `capabilities` and Notify with an id, and records every Notify.
fn listen(bus: &Bus, capabilities: &[&str]) -> Arc<Mutex<Vec<Notification>>> {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let recorded = calls.clone();
    let address = bus.address.clone();
    let capabilities: Vec<String> = capabilities.iter().map(|c| c.to_string()).collect();
    let (ready, started) = mpsc::channel();
    std::thread::spawn(move || {
        zbus::block_on(async move {
            let connection = zbus::connection::Builder::address(address.as_str())
                .build()
                .await
                .unwrap();
            let mut stream = zbus::MessageStream::from(&connection);
            connection
                .request_name("org.freedesktop.Notifications")
                .await
                .unwrap();
            ready.send(()).unwrap();
            let mut id = 0u32;
            while let Some(Ok(message)) =
                std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await
            {
                let header = message.header();
                if header.message_type() != zbus::message::Type::MethodCall {
                    continue;
                }
                match header.member().map(|m| m.as_str()) {
                    Some("GetCapabilities") => {
                        connection.reply(&header, &capabilities).await.unwrap();
                    }
                    Some("Notify") => {
                        type Call = (
                            String,
                            u32,
                            String,
                            String,
                            String,
                            Vec<String>,
                            HashMap<String, zbus::OwnedVariant>,
                            i32,
                        );
                        let (app, _replaces, _icon, summary, body, _actions, _hints, timeout): Call =
                            message.body().deserialize().unwrap();
                        recorded.lock().unwrap().push(Notification {
                            app,
                            summary,
                            body,
                            timeout,
                        });
                        id += 1;
                        connection.reply(&header, &id).await.unwrap();
                    }
                    _ => {}
                }
            }
        })
    });
    started
        .recv_timeout(Duration::from_secs(20))
        .expect("the notification listener owns its name on the bus");
    calls
}

/// An interview with a panel of two, the day before `NOTIFY_AT`.
fn panel(env: &TestEnv, company: &str) {
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            company,
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
}

const NOTIFY_AT: &str = "2026-11-20 09:00";

fn notify(env: &TestEnv, bus: &Bus, now: &str) -> std::process::Output {
    env.at(now)
        .args(["due", "--notify"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .unwrap()
}

#[test]
fn a_desktop_notification_summarises_what_is_due() {
    let env = TestEnv::new();
    panel(&env, "Acme");
    let bus = Bus::start();
    let calls = listen(&bus, &["body"]);
    let out = notify(&env, &bus, NOTIFY_AT);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "prints nothing: {:?}", out.stdout);
    assert_eq!(
        *calls.lock().unwrap(),
        [Notification {
            app: "followup".into(),
            summary: "5 follow-ups due".into(),
            body: "debrief at Acme, thank-you to Jane Doe and Bob Li at Acme and connect to Jane Doe and Bob Li at Acme".into(),
            timeout: -1,
        }]
    );
    // Two days on, with another process: the overdue ones counted, the first three named.
    env.ok(
        "2026-11-21 10:00",
        &["add", "-c", "Beta", "-r", "SRE", "--at", "2026-11-21 09:00"],
    );
    env.ok("2026-11-21 10:00", &["done", "acme", "debrief"]);
    let out = notify(&env, &bus, "2026-11-21 16:00");
    assert!(out.status.success());
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[1].summary, "6 follow-ups due (2 overdue)");
    assert_eq!(
        calls[1].body,
        "thank-you to Jane Doe and Bob Li at Acme, debrief at Beta, thank-you (no interviewer named) at Beta and 1 more"
    );
    eprintln!(
        "figure: due --notify: one Notify call received on a real session bus, with the count and the first three actions"
    );
}

#[test]
fn nothing_due_sends_nothing() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "apply",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 10:00",
        ],
    );
    let bus = Bus::start();
    let calls = listen(&bus, &[]);
    let out = notify(&env, &bus, NOTIFY_AT);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // The application's follow-up opens on the 26th: then it is sent.
    assert!(
        calls.lock().unwrap().is_empty(),
        "{:?}",
        calls.lock().unwrap()
    );
    assert!(notify(&env, &bus, "2026-11-26 09:00").status.success());
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].summary, "1 follow-up due");
    assert_eq!(calls[0].body, "follow-up at Acme");
}

#[test]
fn markup_in_names_is_escaped_for_a_service_that_reads_it() {
    let env = TestEnv::new();
    panel(&env, "Smith & <Sons>");
    let bus = Bus::start();
    let calls = listen(&bus, &["body", "body-markup"]);
    assert!(notify(&env, &bus, NOTIFY_AT).status.success());
    let body = calls.lock().unwrap()[0].body.clone();
    assert!(
        body.starts_with("debrief at Smith &amp; &lt;Sons&gt;, "),
        "{body}"
    );
}

#[test]
fn a_bus_without_a_notification_service_or_no_bus_is_a_clear_error() {
    let env = TestEnv::new();
    panel(&env, "Acme");
    let bus = Bus::start();
    let err = env.refused(
        env.at(NOTIFY_AT)
            .args(["due", "--notify"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address),
        1,
    );
    assert!(
        err.contains("could not send the desktop notification: no notification service is running on the session bus unix:path=")
            && err.contains("[notify]"),
        "{err}"
    );
    let missing = env.root.path().join("no-bus");
    let err = env.refused(
        env.at(NOTIFY_AT).args(["due", "--notify"]).env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", missing.display()),
        ),
        1,
    );
    assert!(
        err.contains("could not reach the session bus unix:path=") && err.contains("no-bus"),
        "{err}"
    );
}

#[test]
fn the_notify_command_reads_the_summary_on_its_input() {
    let env = TestEnv::new();
    panel(&env, "Acme");
    let inbox = env.root.path().join("inbox.txt");
    env.write_config(&format!(
        "[notify]\ncommand = \"cat > '{}'\"\n",
        inbox.display()
    ));
    let out = env
        .at(NOTIFY_AT)
        .args(["due", "--notify"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(&inbox).unwrap(),
        "5 follow-ups due: debrief at Acme, thank-you to Jane Doe and Bob Li at Acme and connect to Jane Doe and Bob Li at Acme\n\
         \x20 #1 Acme · Backend Engineer: debrief  5 h left\n\
         \x20 #1 Acme · Backend Engineer: thank-you to Jane Doe and Bob Li  5 h to the 24 h mark\n\
         \x20 #1 Acme · Backend Engineer: connect to Jane Doe and Bob Li  6 days left\n"
    );
    // Nothing due: the command is not run.
    fs::remove_file(&inbox).unwrap();
    env.ok("2026-11-20 09:30", &["done", "acme", "debrief"]);
    for person in ["jane", "bob"] {
        env.ok(
            "2026-11-20 09:30",
            &["done", "acme", "thank-you", "--to", person],
        );
        env.ok(
            "2026-11-20 09:30",
            &["dismiss", "acme", "connect", "--to", person],
        );
    }
    env.ok("2026-11-20 10:00", &["due", "--notify"]);
    assert!(!inbox.exists(), "the command ran with nothing due");
    // A failing command is an error naming it and its status.
    panel(&env, "Beta");
    env.write_config("[notify]\ncommand = \"cat >/dev/null; exit 3\"\n");
    let err = env.refused(env.at(NOTIFY_AT).args(["due", "--notify"]), 1);
    assert!(
        err.contains("the notify command \"cat >/dev/null; exit 3\" ([notify] command in ")
            && err.contains("exited with status 3"),
        "{err}"
    );
}

/// A folder to be the whole PATH of a run, with a `systemctl` that records its arguments in
/// `systemctl.log` and exits with `status`, or none.
fn path_with_systemctl(env: &TestEnv, status: Option<i32>) -> PathBuf {
    let bin = env.root.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    if let Some(status) = status {
        let script = bin.join("systemctl");
        fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"$*\" >> '{}'\n[ {status} -eq 0 ] || echo 'Failed to connect to bus: No medium found' >&2\nexit {status}\n",
                env.root.path().join("systemctl.log").display()
            ),
        )
        .unwrap();
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

fn units(env: &TestEnv) -> PathBuf {
    env.root.path().join("xdg").join("systemd").join("user")
}

fn schedule(env: &TestEnv, bin: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.at(NOTIFY_AT);
    cmd.arg("schedule")
        .args(args)
        .env("PATH", bin)
        .env("XDG_CONFIG_HOME", env.root.path().join("xdg"));
    cmd
}

/// The keys and values of a unit file's lines, section by section: `[Timer] Persistent=true`.
fn unit_lines(text: &str) -> Vec<String> {
    let mut section = String::new();
    let mut lines = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_string();
        } else if !line.is_empty() && !line.starts_with('#') {
            lines.push(format!("{section} {line}"));
        }
    }
    lines
}

#[test]
fn schedule_install_writes_units_that_systemd_accepts_and_remove_takes_them_away() {
    let env = TestEnv::new();
    let bin = path_with_systemctl(&env, Some(0));
    env.write_config(
        "[schedule]\ntime = \"7:45\"\n\n[calendar]\nurl = \"http://127.0.0.1:5299/alex/followup/\"\nusername = \"alex\"\npassword_command = \"echo pw\"\n",
    );
    let out = schedule(&env, &bin, &["install"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Ran `systemctl --user daemon-reload`.")
            && stdout.contains("Ran `systemctl --user enable --now followup-due.timer`.")
            && stdout.contains("every day at 07:45"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(env.root.path().join("systemctl.log")).unwrap(),
        "--user daemon-reload\n--user enable --now followup-due.timer\n"
    );
    let exe = assert_cmd::cargo::cargo_bin("followup");
    let service = fs::read_to_string(units(&env).join("followup-due.service")).unwrap();
    assert_eq!(
        unit_lines(&service),
        [
            "[Unit] Description=followup: the morning's follow-ups".to_string(),
            "[Service] Type=oneshot".to_string(),
            format!(
                "[Service] Environment=FOLLOWUP_DIR={}",
                env.data_dir().display()
            ),
            format!(
                "[Service] Environment=FOLLOWUP_CONFIG={}",
                env.config_path().display()
            ),
            // A failed notification (`-`) does not skip the push after it.
            format!("[Service] ExecStart=-{} due --notify", exe.display()),
            format!(
                "[Service] ExecStart={} calendar push --if-configured",
                exe.display()
            ),
        ]
    );
    let timer = fs::read_to_string(units(&env).join("followup-due.timer")).unwrap();
    let timer_lines = unit_lines(&timer);
    for line in [
        "[Timer] OnCalendar=*-*-* 07:45:00",
        "[Timer] Persistent=true",
        "[Timer] Unit=followup-due.service",
        "[Install] WantedBy=timers.target",
    ] {
        assert!(timer_lines.iter().any(|l| l == line), "{line} in {timer}");
    }
    // systemd itself reads them: the timer, its service and the executable it runs.
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(units(&env).join("followup-due.timer"))
        .arg(units(&env).join("followup-due.service"))
        .output()
        .unwrap_or_else(|err| {
            panic!("this test needs systemd-analyze (apt install systemd): {err}")
        });
    // An unknown key is only a warning, naming the file: none may name ours.
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(
        verify.status.success() && !said.contains("followup-due"),
        "systemd-analyze verify: {said}"
    );
    // And its calendar expression: every day at 07:45.
    let on_calendar = timer_lines
        .iter()
        .find_map(|l| l.strip_prefix("[Timer] OnCalendar="))
        .unwrap();
    let calendar = Command::new("systemd-analyze")
        .args(["calendar", on_calendar])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&calendar.stdout);
    assert!(
        calendar.status.success() && said.contains("Normalized form: *-*-* 07:45:00"),
        "{said}"
    );
    // This systemctl made no link: written, not enabled, nothing runs in the morning.
    let shown = schedule(&env, &bin, &[]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.starts_with("Written, not enabled: ")
            && shown.contains("systemctl --user enable --now followup-due.timer"),
        "{shown}"
    );
    // As `enable` would, a link in timers.target.wants; remove takes it too.
    let wants = units(&env).join("timers.target.wants");
    fs::create_dir_all(&wants).unwrap();
    std::os::unix::fs::symlink(
        units(&env).join("followup-due.timer"),
        wants.join("followup-due.timer"),
    )
    .unwrap();
    let shown = schedule(&env, &bin, &[]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.starts_with("Installed: "), "{shown}");
    let out = schedule(&env, &bin, &["remove"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("Ran `systemctl --user disable --now followup-due.timer`."),
        "{stdout}"
    );
    assert!(
        fs::read_dir(units(&env))
            .unwrap()
            .all(|e| e.unwrap().file_name() == "timers.target.wants")
    );
    assert!(fs::read_dir(&wants).unwrap().next().is_none());
    assert!(
        fs::read_to_string(env.root.path().join("systemctl.log"))
            .unwrap()
            .ends_with("--user disable --now followup-due.timer\n--user daemon-reload\n")
    );
    // Again: nothing to remove.
    let out = schedule(&env, &bin, &["remove"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Nothing to remove"));
    eprintln!(
        "figure: schedule install: timer and service accepted by systemd-analyze verify; remove left no unit behind"
    );
}

#[test]
fn without_systemctl_install_says_what_to_run_and_a_failing_one_is_an_error() {
    let env = TestEnv::new();
    let bin = path_with_systemctl(&env, None);
    let out = schedule(&env, &bin, &["install"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("systemctl is not on PATH, so the timer is not started")
            && stdout.contains(
                "systemctl --user daemon-reload && systemctl --user enable --now followup-due.timer"
            )
            && stdout.contains("\n  0 9 * * * DBUS_SESSION_BUS_ADDRESS="),
        "{stdout}"
    );
    assert!(units(&env).join("followup-due.timer").exists());
    // A systemctl that fails: an error naming the command and what it said.
    let bin = path_with_systemctl(&env, Some(1));
    let err = env.refused(&mut schedule(&env, &bin, &["install"]), 1);
    assert!(
        err.contains("the units are written in ")
            && err.contains("but the timer is not started")
            && err.ends_with("`systemctl --user daemon-reload` failed (exit status: 1): Failed to connect to bus: No medium found"),
        "{err}"
    );
    // Remove with that systemctl: it warns, and the units go all the same.
    let out = schedule(&env, &bin, &["remove"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.starts_with("warning: `systemctl --user disable --now followup-due.timer` failed (exit status: 1): Failed to connect to bus: No medium found; removing the units anyway\n"),
        "{stderr}"
    );
    assert!(!units(&env).join("followup-due.timer").exists());
    assert!(!units(&env).join("followup-due.service").exists());
}

#[test]
fn schedule_alone_prints_the_crontab_line_and_dry_run_writes_nothing() {
    let env = TestEnv::new();
    let bin = path_with_systemctl(&env, Some(0));
    let exe = assert_cmd::cargo::cargo_bin("followup");
    let out = schedule(&env, &bin, &["--time", "06:05"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let uid = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    let vars = format!(
        "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{}/bus FOLLOWUP_DIR={} FOLLOWUP_CONFIG={}",
        uid.trim(),
        env.data_dir().display(),
        env.config_path().display(),
    );
    // `;`: the push runs whatever became of the notification.
    let line = format!(
        "  5 6 * * * {vars} {exe} due --notify; {vars} {exe} calendar push --if-configured\n",
        exe = exe.display()
    );
    assert!(stdout.starts_with("Not installed."), "{stdout}");
    assert!(stdout.contains(&line), "{line} in {stdout}");
    assert!(stdout.contains("OnCalendar=*-*-* 06:05:00"), "{stdout}");
    let out = schedule(&env, &bin, &["install", "--dry-run"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("OnCalendar=*-*-* 09:00:00") && stdout.contains("Persistent=true"),
        "{stdout}"
    );
    assert!(
        !env.root.path().join("xdg").exists(),
        "dry run wrote something"
    );
    assert!(
        !env.root.path().join("systemctl.log").exists(),
        "dry run ran systemctl"
    );
    // A time that is not one.
    let err = env.refused(&mut schedule(&env, &bin, &["install", "--time", "9am"]), 2);
    assert!(
        err.contains("--time \"9am\" is not a time of day") && err.contains("HH:MM"),
        "{err}"
    );
    assert!(!env.root.path().join("xdg").exists());
}

#[test]
fn config_shows_the_notify_command_and_the_morning_time() {
    let env = TestEnv::new();
    let printed = env.ok(NOTIFY_AT, &["config"]);
    assert!(
        printed.contains(
            "[notify]\n# command is not set: due --notify sends a desktop notification\n"
        ) && printed.contains("[schedule]\n# time is not set: the morning run is at 09:00\n"),
        "{printed}"
    );
    env.write_config(
        "[notify]\ncommand = \"ntfy publish \\\"my topic\\\"\"\n\n[schedule]\ntime = \"06:30\"\n",
    );
    let printed = env.ok(NOTIFY_AT, &["config"]);
    assert!(
        printed.contains("[notify]\ncommand = \"ntfy publish \\\"my topic\\\"\"\n")
            && printed.contains("[schedule]\ntime = \"06:30\"\n"),
        "{printed}"
    );
    // It reads back as the config in force.
    env.write_config(&printed);
    assert_eq!(env.ok(NOTIFY_AT, &["config"]), printed);
}

#[test]
fn a_password_in_the_config_stops_only_the_push_and_the_install() {
    let env = TestEnv::new();
    let bin = path_with_systemctl(&env, Some(0));
    env.write_config(
        "[calendar]\nurl = \"http://127.0.0.1:5299/alex/followup/\"\nusername = \"alex\"\npassword = \"hunter2\"\n",
    );
    // The other commands work on; config shows the problem.
    env.ok(NOTIFY_AT, &["due"]);
    let printed = env.ok(NOTIFY_AT, &["config"]);
    assert!(
        printed.contains("# password is set, and refused by calendar push and schedule install")
            && !printed.contains("hunter2"),
        "{printed}"
    );
    for args in [&["calendar", "push"][..], &["schedule", "install"][..]] {
        let mut cmd = env.at(NOTIFY_AT);
        cmd.args(args)
            .env("PATH", &bin)
            .env("XDG_CONFIG_HOME", env.root.path().join("xdg"));
        let err = env.refused(&mut cmd, 2);
        assert!(
            err.contains("[calendar] password: a password is not kept in the config file")
                && err.contains("password_command")
                && !err.contains("hunter2"),
            "{args:?}: {err}"
        );
    }
    assert!(!env.root.path().join("xdg").exists(), "install wrote units");
    assert!(!env.root.path().join("systemctl.log").exists());
}
