//! Paths, environment and the config file, read in one place: `FOLLOWUP_DIR`, `FOLLOWUP_NOW`,
//! `FOLLOWUP_CONFIG`, and the locale (`LC_ALL`, `LC_TIME`, `LANG`) for the order of dates.

use crate::cli::ColorChoice;
use crate::dates::DateOrder;
use crate::error::usage;
use crate::policy::Policy;
use anyhow::{Context, Result};
use chrono::{DateTime, Local};
use serde::Deserialize;
use std::env;
use std::path::{Path, PathBuf};

pub const DIR_VAR: &str = "FOLLOWUP_DIR";
pub const NOW_VAR: &str = "FOLLOWUP_NOW";

/// Where a path in use came from, in words for `followup config`: "from --dir".
pub type Source = &'static str;

const PLATFORM_DEFAULT: Source = "the platform default";

/// The data folder: `--dir`, else `$FOLLOWUP_DIR` (absolute), else the platform data folder.
pub fn data_dir(flag: Option<&Path>) -> Result<(PathBuf, Source)> {
    if let Some(dir) = flag {
        let dir = std::path::absolute(dir)
            .with_context(|| format!("could not resolve --dir {}", dir.display()))?;
        return Ok((dir, "from --dir"));
    }
    if let Some(value) = env::var_os(DIR_VAR).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(value);
        if !dir.is_absolute() {
            return Err(usage(format!(
                "{DIR_VAR} must be an absolute path, not {:?}: set it to a folder such as /home/you/followup-data, or unset it",
                dir.display().to_string()
            )));
        }
        return Ok((dir, "from $FOLLOWUP_DIR"));
    }
    let dirs = directories::ProjectDirs::from("", "", "followup").ok_or_else(|| {
        usage(format!(
            "could not find a home folder for the data: set {DIR_VAR} or pass --dir"
        ))
    })?;
    // A relative HOME would put the store in whatever folder the command runs from.
    if !dirs.data_dir().is_absolute() {
        return Err(usage(format!(
            "HOME is not an absolute path ({:?}), so there is no data folder to use: set HOME to your home folder, or set {DIR_VAR}",
            env::var_os("HOME").unwrap_or_default().to_string_lossy()
        )));
    }
    Ok((dirs.data_dir().to_path_buf(), PLATFORM_DEFAULT))
}

/// The current time: `$FOLLOWUP_NOW` when set (RFC 3339 or `YYYY-MM-DD HH:MM` local), else the
/// system clock. This is the only place the clock is read.
pub fn now() -> Result<DateTime<Local>> {
    match env::var(NOW_VAR) {
        Ok(value) if !value.trim().is_empty() => {
            let instant = crate::dates::parse_instant(&value, &Local).map_err(|_| {
                usage(format!(
                    "{NOW_VAR} is {value:?}: use RFC 3339 (2026-11-20T14:30:00+01:00) or local \"YYYY-MM-DD HH:MM\", or unset it"
                ))
            })?;
            Ok(instant.with_timezone(&Local))
        }
        Ok(_) | Err(env::VarError::NotPresent) => Ok(Local::now()),
        Err(env::VarError::NotUnicode(value)) => Err(usage(format!(
            "{NOW_VAR} is not valid text ({value:?}): use RFC 3339 or \"YYYY-MM-DD HH:MM\", or unset it"
        ))),
    }
}

pub const CONFIG_VAR: &str = "FOLLOWUP_CONFIG";

/// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org); `--color` decides
/// otherwise.
pub fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The user's editor: `$VISUAL`, else `$EDITOR`, else `vi`. It may carry arguments
/// (`code --wait`), so it is run through the shell.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}
pub const CONFIG_FILE: &str = "config.toml";

/// The user's settings, from the TOML config file. Every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Who the user is, for the notes they send.
    pub user: User,
    /// The etiquette's numbers and the working week.
    pub policy: Policy,
    /// The CalDAV calendar `calendar push` writes to.
    pub calendar: CalendarSettings,
    /// How `due --notify` reaches the user: a desktop notification, or a command of theirs.
    pub notify: Notify,
    /// When the morning run of `followup schedule install` happens.
    pub schedule: Schedule,
}

/// `[notify]`: without a command, `due --notify` sends a desktop notification over D-Bus.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Notify {
    /// Run through `sh -c` with the summary on its standard input (ntfy, mail, a phone).
    pub command: Option<String>,
}

/// `[schedule]`: the morning run's time, `HH:MM` local (09:00 when not set).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Schedule {
    pub time: Option<String>,
}

/// The folder of the user's systemd units: `$XDG_CONFIG_HOME/systemd/user`, else
/// `~/.config/systemd/user`. A relative or empty `XDG_CONFIG_HOME` is ignored, as the XDG
/// base directory specification says, and as the config file's folder ignores it.
pub fn systemd_user_dir() -> Result<PathBuf> {
    match directories::BaseDirs::new() {
        Some(dirs) if dirs.config_dir().is_absolute() => {
            Ok(dirs.config_dir().join("systemd").join("user"))
        }
        _ => Err(usage(
            "no home folder for the systemd units: set HOME (an absolute path) or XDG_CONFIG_HOME",
        )),
    }
}

/// The morning run's time when none is configured.
pub const DEFAULT_MORNING: &str = "09:00";

/// Reads a time of day for the morning run: `HH:MM` (or `H:MM`), 24-hour clock.
pub fn morning_time(text: &str) -> Result<chrono::NaiveTime, String> {
    let text = text.trim();
    let parsed = text
        .split_once(':')
        .filter(|(h, m)| (1..=2).contains(&h.len()) && m.len() == 2)
        .filter(|(h, m)| h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
        .and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0));
    parsed.ok_or_else(|| {
        format!(
            "{text:?} is not a time of day: give HH:MM on the 24-hour clock, such as 09:00 or 7:30"
        )
    })
}

/// Where `calendar push` writes, and how it signs in: the password comes from a command, never
/// from the file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarSettings {
    /// The calendar collection's URL.
    pub url: Option<String>,
    pub username: Option<String>,
    /// A shell command whose standard output is the password.
    pub password_command: Option<String>,
    /// Refused by `calendar push` and `schedule install` when present: a password is never
    /// kept in the config file. Other commands work on, and `followup config` shows it.
    password: Option<toml::Value>,
}

impl CalendarSettings {
    /// An error when the file holds a `password`, naming the file and what to set instead.
    pub fn refuse_password(&self, config_file: &str) -> Result<()> {
        if self.password.is_none() {
            return Ok(());
        }
        Err(usage(format!(
            "config {config_file}, [calendar] password: {PASSWORD_REFUSED}"
        )))
    }

    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }
}

/// Why a `password` under `[calendar]` is refused, and what to do.
pub const PASSWORD_REFUSED: &str = "a password is not kept in the config file: remove it and set password_command to a command that prints it, such as \"pass show calendar\" or \"secret-tool lookup service followup-calendar\"";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct User {
    pub name: Option<String>,
    pub email: Option<String>,
    /// Closes every draft; defaults to the name.
    pub signature: Option<String>,
    /// Where `connect` invitations go; "LinkedIn" when not set.
    pub network: Option<String>,
    /// How a numeric date such as 11/12/2026 reads: `mdy`, `dmy` or `ymd`; else the locale's.
    pub date_order: Option<DateOrder>,
}

/// The locale variables that may say how dates are written, in the order they are looked at.
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_TIME", "LANG"];

/// The order of day and month in numeric dates: `date_order` in the config, else the
/// locale's, else none (a date that reads two ways is then refused).
pub fn date_order(user: &User) -> Option<DateOrder> {
    user.date_order.or_else(|| {
        // the first variable set decides, as the C library reads them
        let locale = LOCALE_VARS
            .iter()
            .filter_map(|name| env::var(name).ok())
            .find(|value| !value.is_empty())?;
        locale_order(&locale)
    })
}

/// The date order a locale name implies: month first for the United States and the other
/// month-first locales (`en_US`, `en_PH`, `es_US`), day first for any other named locale, and
/// nothing for `C` and `POSIX` (`C.UTF-8` included), which say nothing about it.
pub fn locale_order(locale: &str) -> Option<DateOrder> {
    const MONTH_FIRST: [&str; 3] = ["en_US", "en_PH", "es_US"];
    // language_TERRITORY.codeset@modifier
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    if matches!(name, "" | "C" | "POSIX") {
        return None;
    }
    Some(if MONTH_FIRST.contains(&name) {
        DateOrder::Mdy
    } else {
        DateOrder::Dmy
    })
}

/// The config file: `$FOLLOWUP_CONFIG` when set, else `config.toml` in the platform config
/// folder (`~/.config/followup` on Linux). `None` when there is no home to find it in.
pub fn config_path() -> Option<(PathBuf, Source)> {
    match env::var_os(CONFIG_VAR).filter(|v| !v.is_empty()) {
        Some(path) => Some((PathBuf::from(path), "from $FOLLOWUP_CONFIG")),
        None => directories::ProjectDirs::from("", "", "followup")
            .filter(|dirs| dirs.config_dir().is_absolute())
            .map(|dirs| (dirs.config_dir().join(CONFIG_FILE), PLATFORM_DEFAULT)),
    }
}

/// Reads the config file; a missing file means every default. A bad key or value is refused,
/// naming the file, the key and the line.
pub fn load_config(path: Option<&Path>) -> Result<Config> {
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(err) => {
            return Err(err).with_context(|| format!("could not read config {}", path.display()));
        }
    };
    let config: Config = toml::from_str(&text).map_err(|err| {
        let message = err.message().trim().replace('\n', " ");
        let Some(span) = err.span() else {
            return usage(format!("config {}: {message}", path.display()));
        };
        let start = span.start.min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        // Name the key of that line when the message does not.
        let key = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.split_once('='))
            .map(|(key, _)| key.trim())
            .filter(|key| !key.is_empty() && !message.contains(*key));
        let key = key.map(|key| format!(", {key}")).unwrap_or_default();
        usage(format!(
            "config {} line {line}{key}: {message}",
            path.display()
        ))
    })?;
    // A value read but refused: named by the line of its key.
    let refuse = |key: &str, message: String| {
        let line = text
            .lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map(|index| format!(" line {}", index + 1))
            .unwrap_or_default();
        usage(format!("config {}{line}, {key}: {message}", path.display()))
    };
    config
        .policy
        .check()
        .map_err(|(key, message)| refuse(key, message))?;
    if let Some(time) = &config.schedule.time {
        morning_time(time).map_err(|message| refuse("time", message))?;
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn load(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, text).unwrap();
        load_config(Some(&path))
    }

    #[test]
    fn locales_say_the_order_of_day_and_month() {
        for (locale, order) in [
            ("en_US.UTF-8", Some(DateOrder::Mdy)),
            ("en_US", Some(DateOrder::Mdy)),
            ("en_PH.UTF-8", Some(DateOrder::Mdy)),
            ("es_US.UTF-8", Some(DateOrder::Mdy)),
            ("en_GB.UTF-8", Some(DateOrder::Dmy)),
            ("de_DE.UTF-8@euro", Some(DateOrder::Dmy)),
            ("fr_FR", Some(DateOrder::Dmy)),
            ("C", None),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("", None),
        ] {
            assert_eq!(locale_order(locale), order, "{locale:?}");
        }
    }

    #[test]
    fn reads_the_date_order() {
        let config = load("[user]\ndate_order = \"dmy\"\n").unwrap();
        assert_eq!(config.user.date_order, Some(DateOrder::Dmy));
        // the setting wins over any locale
        assert_eq!(date_order(&config.user), Some(DateOrder::Dmy));
        let err = load("[user]\ndate_order = \"dm\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("mdy") && err.contains("dmy"),
            "{err}"
        );
    }

    #[test]
    fn reads_the_notify_command_and_the_morning_time() {
        let config =
            load("[notify]\ncommand = \"ntfy publish me\"\n\n[schedule]\ntime = \"7:30\"\n")
                .unwrap();
        assert_eq!(config.notify.command.as_deref(), Some("ntfy publish me"));
        assert_eq!(config.schedule.time.as_deref(), Some("7:30"));
        let err = load("[schedule]\n\ntime = \"25:00\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 3, time") && err.contains("\"25:00\"") && err.contains("HH:MM"),
            "{err}"
        );
        let err = load("[notify]\ncomand = \"x\"\n").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("comand"), "{err}");
    }

    #[test]
    fn morning_times_read_on_the_24_hour_clock() {
        let at = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(morning_time("09:00"), Ok(at(9, 0)));
        assert_eq!(morning_time("7:30"), Ok(at(7, 30)));
        assert_eq!(morning_time(" 23:59 "), Ok(at(23, 59)));
        for bad in [
            "9", "9am", "24:00", "12:60", "9:5", "-1:00", "09:00:00", "", "+9:00",
        ] {
            assert!(morning_time(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_missing_file_is_every_default() {
        let dir = tempfile::tempdir().unwrap();
        let config = load_config(Some(&dir.path().join("none.toml"))).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(load_config(None).unwrap(), Config::default());
    }

    #[test]
    fn reads_the_user_and_the_policy() {
        let config = load(
            "[user]\nname = \"Alex Martin\"\nsignature = \"Alex\\n+44 1234\"\n\n[policy]\nmax_follow_ups = 3\nconnect = false\nworking_days = [\"Mon\", \"tuesday\", \"Wed\", \"Thu\"]\nholidays = [2026-12-25, \"2026-12-26\"]\n",
        )
        .unwrap();
        assert_eq!(config.user.name.as_deref(), Some("Alex Martin"));
        assert_eq!(config.user.signature.as_deref(), Some("Alex\n+44 1234"));
        assert_eq!(config.policy.max_follow_ups, 3);
        assert!(!config.policy.connect);
        assert_eq!(config.policy.working_days.len(), 4);
        assert_eq!(
            config.policy.holidays,
            [
                NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 26).unwrap()
            ]
        );
        assert_eq!(
            config.policy.thank_you_latest_hours, 48,
            "the rest stays default"
        );
    }

    #[test]
    fn a_bad_key_or_value_names_the_key_and_line() {
        let err = load("[user]\nname = \"A\"\n\n[policy]\nmax_folow_ups = 3\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 5") && err.contains("max_folow_ups"),
            "{err}"
        );
        let err = load("[policy]\npester_days = -1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("-1"), "{err}");
        let err = load("[policy]\nholidays = [\"25/12/2026\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("25/12/2026"),
            "{err}"
        );
        let err = load("[colour]\n").unwrap_err().to_string();
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn numbers_no_one_means_are_refused_by_key_and_line() {
        let err = load("[policy]\nconnect = true\nthank_you_latest_hours = 4294967295\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 3, thank_you_latest_hours") && err.contains("ten years"),
            "{err}"
        );
        let err = load("[policy]\nworking_days = []\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2, working_days"), "{err}");
        let err = load("[policy]\nthank_you_recommended_hours = 72\nthank_you_latest_hours = 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2, thank_you_recommended_hours")
                && err.contains("cannot close before it opens"),
            "{err}"
        );
        assert!(
            load("[policy]\nthank_you_latest_hours = 87840\nstay_in_touch_days = 3660\n").is_ok()
        );
    }

    #[test]
    fn reads_the_calendar_and_refuses_a_password_in_the_file() {
        let config = load(
            "[calendar]\nurl = \"https://dav.example/a/\"\nusername = \"a\"\npassword_command = \"pass show dav\"\n",
        )
        .unwrap();
        assert_eq!(
            config.calendar.url.as_deref(),
            Some("https://dav.example/a/")
        );
        assert_eq!(config.calendar.username.as_deref(), Some("a"));
        assert_eq!(
            config.calendar.password_command.as_deref(),
            Some("pass show dav")
        );
        // Read (other commands work on), refused by the commands that would use it.
        let config = load("[calendar]\npassword = \"hunter2\"\n").unwrap();
        assert!(config.calendar.has_password());
        let err = config
            .calendar
            .refuse_password("/c/config.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[calendar] password") && err.contains("password_command"),
            "{err}"
        );
        assert!(!err.contains("hunter2"), "{err}");
        let err = load("[calendar]\nurll = \"x\"\n").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("urll"), "{err}");
    }

    #[test]
    fn the_readme_example_is_the_defaults() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").expect("a TOML example") + "```toml\n".len();
        let end = start + readme[start..].find("```").unwrap();
        let config = load(&readme[start..end]).unwrap();
        let defaults = Policy {
            holidays: config.policy.holidays.clone(),
            ..Policy::default()
        };
        assert_eq!(config.policy, defaults);
        assert_eq!(config.policy.holidays.len(), 2);
    }
}
