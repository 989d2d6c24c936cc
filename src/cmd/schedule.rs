//! `followup schedule`: the morning run without remembering it. `install` writes a systemd user
//! timer and service that run `followup due --notify` (and `calendar push` when a calendar is
//! configured) with this executable and this data folder; `remove` takes them away; alone, it
//! prints the crontab line for a system without systemd, and what `install` would write.

use super::Context;
use crate::cli::{ScheduleAction, ScheduleArgs};
use crate::config;
use crate::error::usage;
use anyhow::{Context as _, Result, anyhow};
use chrono::{NaiveTime, Timelike};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The units' names: the timer starts the service of the same name.
pub const SERVICE: &str = "followup-due.service";
pub const TIMER: &str = "followup-due.timer";

/// What the morning run is: which program, on which data, when.
struct Run {
    exe: PathBuf,
    dir: PathBuf,
    /// `FOLLOWUP_CONFIG` when it names the config in use; the default is found again.
    config: Option<PathBuf>,
    time: NaiveTime,
}

impl Run {
    /// The variables the morning run is given, with the paths they name.
    fn variables(&self) -> impl Iterator<Item = (&'static str, &PathBuf)> {
        let config = self.config.as_ref().map(|path| (config::CONFIG_VAR, path));
        std::iter::once((config::DIR_VAR, &self.dir)).chain(config)
    }
}

pub fn run(ctx: &Context, args: ScheduleArgs, out: &mut dyn Write) -> Result<()> {
    let installing = matches!(args.action, Some(ScheduleAction::Install { .. }));
    let run = morning_run(ctx, args.time.as_deref(), installing)?;
    let units = config::systemd_user_dir()?;
    match args.action {
        None => show(&run, &units, out),
        Some(ScheduleAction::Install { dry_run: true }) => {
            writeln!(
                out,
                "Would write these units (nothing written, nothing run):"
            )?;
            print_units(&run, &units, out)?;
            writeln!(out, "and run:\n  {RELOAD}\n  {ENABLE}")?;
            Ok(())
        }
        Some(ScheduleAction::Install { dry_run: false }) => install(&run, &units, out),
        Some(ScheduleAction::Remove) => remove(&units, out),
    }
}

fn morning_run(ctx: &Context, flag: Option<&str>, installing: bool) -> Result<Run> {
    let path = ctx.config_path.as_ref().map(|(path, _)| path.as_path());
    if installing && let Some(path) = path {
        // The morning run would fail at its push every day: say so now.
        let shown = crate::render::clean(&path.display().to_string()).into_owned();
        ctx.calendar.refuse_password(&shown)?;
    }
    let time = match flag {
        Some(text) => config::morning_time(text).map_err(|err| usage(format!("--time {err}")))?,
        None => {
            let text = ctx.schedule.time.as_deref();
            config::morning_time(text.unwrap_or(config::DEFAULT_MORNING)).map_err(usage)?
        }
    };
    let exe = std::env::current_exe()
        .context("could not find the path of this followup executable for the units")?;
    let config = ctx
        .config_path
        .as_ref()
        .filter(|(_, source)| source.contains(config::CONFIG_VAR))
        .map(|(path, _)| std::path::absolute(path))
        .transpose()
        .context("could not resolve FOLLOWUP_CONFIG")?;
    let run = Run {
        exe,
        dir: ctx.dir.clone(),
        config,
        time,
    };
    for (_, path) in std::iter::once(("", &run.exe)).chain(run.variables()) {
        if path
            .to_str()
            .is_none_or(|p| p.chars().any(char::is_control))
        {
            return Err(usage(format!(
                "the path {:?} has characters a unit file or a crontab cannot hold: use a folder whose name is plain text",
                path.display().to_string()
            )));
        }
    }
    Ok(run)
}

/// The push of the morning run: nothing without a `[calendar]` url.
const PUSH: &str = "calendar push --if-configured";
const RELOAD: &str = "systemctl --user daemon-reload";
const ENABLE: &str = "systemctl --user enable --now followup-due.timer";
const DISABLE: &str = "systemctl --user disable --now followup-due.timer";

/// The service: one run of `due --notify`, then of `calendar push --if-configured`, which
/// pushes when the config names a calendar at the time it runs (so a calendar set up after
/// `install` is pushed too) and does nothing otherwise.
fn service_unit(run: &Run) -> String {
    let exe = unit_word(run.exe.to_str().expect("checked to be text"));
    let mut environment = String::new();
    for (var, path) in run.variables() {
        let assignment = unit_word(&format!("{var}={}", path.display()));
        environment.push_str(&format!("Environment={assignment}\n"));
    }
    // A oneshot service skips the ExecStart lines after one that fails; `-` lets the
    // notification fail (no desktop session, a notify command that is down) and the push run.
    format!(
        "# Written by `followup schedule install`; `followup schedule remove` takes it away.\n\
         [Unit]\n\
         Description=followup: the morning's follow-ups\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         {environment}\
         ExecStart=-{exe} due --notify\n\
         ExecStart={exe} {PUSH}\n"
    )
}

/// The timer: every day at the morning time; a morning missed while the machine was off runs
/// at the next start (`Persistent=true`).
fn timer_unit(run: &Run) -> String {
    let at = run.time.format("%H:%M");
    format!(
        "# Written by `followup schedule install`; `followup schedule remove` takes it away.\n\
         [Unit]\n\
         Description=followup: the morning's follow-ups, every day at {at}\n\
         \n\
         [Timer]\n\
         OnCalendar=*-*-* {at}:00\n\
         Persistent=true\n\
         Unit={SERVICE}\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n"
    )
}

/// A word of a unit file's command line or assignment: quoted when it holds spaces or quotes,
/// with `%` (specifiers) and `$` (variables) doubled so that they stay themselves.
fn unit_word(word: &str) -> String {
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if escaped.contains([' ', '\t', '"', '\'', '\\', ';']) {
        format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        escaped
    }
}

/// The crontab line for a system without systemd: cron starts jobs without the desktop
/// session's bus, so its address is given.
fn crontab_line(run: &Run) -> String {
    let uid = rustix::process::geteuid().as_raw();
    let word = |path: &Path| crate::render::shell_quote(path.to_str().expect("checked to be text"));
    let mut vars = format!("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{uid}/bus");
    for (var, path) in run.variables() {
        vars.push_str(&format!(" {var}={}", word(path)));
    }
    // `;`, not `&&`: as in the service, a failed notification does not stop the push.
    let command = format!(
        "{vars} {exe} due --notify; {vars} {exe} {PUSH}",
        exe = word(&run.exe)
    );
    // In a crontab, % ends the command.
    format!(
        "{} {} * * * {}",
        run.time.minute(),
        run.time.hour(),
        command.replace('%', "\\%")
    )
}

fn what_runs(run: &Run) -> String {
    format!(
        "`followup due --notify` then `followup {PUSH}` (a push when a url is set under [calendar]) every day at {}, on the data folder {}",
        run.time.format("%H:%M"),
        run.dir.display()
    )
}

fn print_units(run: &Run, units: &Path, out: &mut dyn Write) -> Result<()> {
    for (name, text) in [(SERVICE, service_unit(run)), (TIMER, timer_unit(run))] {
        writeln!(out, "\n--- {}", units.join(name).display())?;
        write!(out, "{text}")?;
    }
    writeln!(out)?;
    Ok(())
}

fn show(run: &Run, units: &Path, out: &mut dyn Write) -> Result<()> {
    let timer = units.join(TIMER);
    if timer.exists() && enabled(units) {
        writeln!(
            out,
            "Installed: {} (`followup schedule remove` takes it away).",
            timer.display()
        )?;
    } else if timer.exists() {
        writeln!(
            out,
            "Written, not enabled: {} is there but the timer is not on, so nothing runs in the morning: run `{RELOAD} && {ENABLE}` (or `followup schedule install` again), or `followup schedule remove`.",
            timer.display()
        )?;
    } else {
        writeln!(out, "Not installed.")?;
    }
    writeln!(
        out,
        "The morning run: {}.\n\nWithout systemd, add this line to your crontab (`crontab -e`):\n  {}\n\nWith systemd, `followup schedule install` writes these units and starts the timer:",
        what_runs(run),
        crontab_line(run)
    )?;
    print_units(run, units, out)
}

/// Whether the timer is enabled: the link `enable` makes in timers.target.wants is there.
fn enabled(units: &Path) -> bool {
    let wanted = units.join("timers.target.wants").join(TIMER);
    std::fs::symlink_metadata(&wanted).is_ok_and(|m| m.file_type().is_symlink())
}

fn install(run: &Run, units: &Path, out: &mut dyn Write) -> Result<()> {
    std::fs::create_dir_all(units)
        .with_context(|| format!("could not create the folder {}", units.display()))?;
    for (name, text) in [(SERVICE, service_unit(run)), (TIMER, timer_unit(run))] {
        let path = units.join(name);
        crate::files::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("could not write {}", path.display()))?;
    }
    // Said once the timer is on, or when there is no systemctl to start it with.
    let wrote = format!(
        "Wrote {SERVICE} and {TIMER} in {}: {}; a morning missed while the machine is off runs at its next start.",
        units.display(),
        what_runs(run)
    );
    let next = "start the timer with `systemctl --user daemon-reload && systemctl --user enable --now followup-due.timer` once your user's systemd runs, or use the crontab line `followup schedule` prints";
    let mut ran = Vec::new();
    for command in [RELOAD, ENABLE] {
        match systemctl(command) {
            Ok(true) => ran.push(format!("Ran `{command}`.")),
            Ok(false) => {
                writeln!(
                    out,
                    "{wrote}\nsystemctl is not on PATH, so the timer is not started: {next}:\n  {}",
                    crontab_line(run)
                )?;
                return Ok(());
            }
            Err(err) => {
                return Err(err.context(format!(
                    "the units are written in {}, but the timer is not started: {next}",
                    units.display()
                )));
            }
        }
    }
    writeln!(
        out,
        "{wrote}\n{}\nThe timer is on: `systemctl --user list-timers followup-due.timer` shows its next run, `journalctl --user -u followup-due` what it did.",
        ran.join("\n")
    )?;
    Ok(())
}

fn remove(units: &Path, out: &mut dyn Write) -> Result<()> {
    let files: Vec<PathBuf> = [SERVICE, TIMER].iter().map(|n| units.join(n)).collect();
    // The link `enable` made, should `disable` not be able to remove it.
    let wanted = units.join("timers.target.wants").join(TIMER);
    if !enabled(units) && !files.iter().any(|f| f.exists()) {
        writeln!(
            out,
            "Nothing to remove: no {TIMER} or {SERVICE} in {}.",
            units.display()
        )?;
        return Ok(());
    }
    let mut manager = true;
    match systemctl(DISABLE) {
        Ok(true) => writeln!(out, "Ran `{DISABLE}`.")?,
        Ok(false) => manager = false,
        Err(err) => super::warn(&format!("{err:#}; removing the units anyway")),
    }
    for path in files.iter().chain([&wanted]) {
        match std::fs::remove_file(path) {
            Ok(()) => writeln!(out, "Removed {}.", path.display())?,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(err).with_context(|| format!("could not remove {}", path.display()));
            }
        }
    }
    if manager {
        match systemctl(RELOAD) {
            Ok(true) => writeln!(out, "Ran `{RELOAD}`.")?,
            Ok(false) => {}
            Err(err) => super::warn(&format!("{err:#}")),
        }
    } else {
        writeln!(
            out,
            "systemctl is not on PATH: if a crontab line runs followup, remove it with `crontab -e`."
        )?;
    }
    Ok(())
}

/// Runs a `systemctl --user` command line: `Ok(false)` when there is no systemctl; an error
/// naming the command and what it said when it fails.
fn systemctl(command: &str) -> Result<bool> {
    let words: Vec<&str> = command.split(' ').collect();
    let output = match Command::new(words[0]).args(&words[1..]).output() {
        Ok(output) => output,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(err).with_context(|| format!("could not run `{command}`")),
    };
    if output.status.success() {
        return Ok(true);
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let said = said.trim();
    let said = if said.is_empty() {
        String::new()
    } else {
        format!(": {}", crate::render::clean(&said.replace('\n', " ")))
    };
    Err(anyhow!("`{command}` failed ({}){said}", output.status))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> Run {
        Run {
            exe: PathBuf::from("/opt/my tools/followup"),
            dir: PathBuf::from("/home/a/100%/data"),
            config: Some(PathBuf::from("/home/a/cfg.toml")),
            time: NaiveTime::from_hms_opt(7, 5, 0).unwrap(),
        }
    }

    #[test]
    fn the_units_quote_paths_and_keep_percent_signs() {
        let service = service_unit(&run());
        assert!(
            service.contains("ExecStart=-\"/opt/my tools/followup\" due --notify\n"),
            "{service}"
        );
        assert!(
            service.contains("Environment=FOLLOWUP_DIR=/home/a/100%%/data\n"),
            "{service}"
        );
        assert!(
            service.contains("Environment=FOLLOWUP_CONFIG=/home/a/cfg.toml\n"),
            "{service}"
        );
        // The notification may fail (`-`) without the push being skipped; the push's own
        // failure is the service's.
        assert!(
            service.contains(
                "ExecStart=-\"/opt/my tools/followup\" due --notify\nExecStart=\"/opt/my tools/followup\" calendar push --if-configured\n"
            ),
            "{service}"
        );
        let timer = timer_unit(&run());
        assert!(timer.contains("OnCalendar=*-*-* 07:05:00\n"), "{timer}");
        assert!(timer.contains("Persistent=true\n"), "{timer}");
        assert_eq!(unit_word("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(unit_word("$HOME"), "$$HOME");
    }

    #[test]
    fn the_crontab_line_escapes_percent_signs_and_quotes_paths() {
        let line = crontab_line(&run());
        assert!(
            line.starts_with("5 7 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/"),
            "{line}"
        );
        assert!(
            line.contains("FOLLOWUP_DIR='/home/a/100\\%/data'"),
            "{line}"
        );
        assert!(
            line.contains("'/opt/my tools/followup' due --notify;"),
            "{line}"
        );
        assert!(
            line.ends_with("'/opt/my tools/followup' calendar push --if-configured"),
            "{line}"
        );
    }
}
