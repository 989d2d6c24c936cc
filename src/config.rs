//! Paths and environment, read in one place: `FOLLOWUP_DIR`, `FOLLOWUP_NOW`.

use crate::error::usage;
use anyhow::{Context, Result};
use chrono::{DateTime, Local};
use std::env;
use std::path::{Path, PathBuf};

pub const DIR_VAR: &str = "FOLLOWUP_DIR";
pub const NOW_VAR: &str = "FOLLOWUP_NOW";

/// The data folder: `--dir`, else `$FOLLOWUP_DIR` (absolute), else the platform data folder.
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        let dir = std::path::absolute(dir)
            .with_context(|| format!("could not resolve --dir {}", dir.display()))?;
        return Ok(dir);
    }
    if let Some(value) = env::var_os(DIR_VAR).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(value);
        if !dir.is_absolute() {
            return Err(usage(format!(
                "{DIR_VAR} must be an absolute path, not {:?}: set it to a folder such as /home/you/followup-data, or unset it",
                dir.display().to_string()
            )));
        }
        return Ok(dir);
    }
    let dirs = directories::ProjectDirs::from("", "", "followup").ok_or_else(|| {
        usage(format!(
            "could not find a home folder for the data: set {DIR_VAR} or pass --dir"
        ))
    })?;
    Ok(dirs.data_dir().to_path_buf())
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
        Ok(_) => Ok(Local::now()),
        Err(env::VarError::NotPresent) => Ok(Local::now()),
        Err(env::VarError::NotUnicode(value)) => Err(usage(format!(
            "{NOW_VAR} is not valid text ({value:?}): use RFC 3339 or \"YYYY-MM-DD HH:MM\", or unset it"
        ))),
    }
}
