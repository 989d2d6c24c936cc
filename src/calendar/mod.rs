//! The calendar's memory: `calendar.json` in the data folder holds what each event last said
//! (so SEQUENCE rises exactly when an event changes, and a done action's event is kept as
//! cancelled) and what a CalDAV server holds of each (`calendar push`). It is read and written
//! under the store's lock, atomically, and is not part of the backups `undo` restores: after an
//! undo, the events simply change again.

pub mod caldav;

use crate::exchange::CalendarState;
use crate::files;
use crate::store::{Data, Store};
use anyhow::{Context, Result};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const STATE_FILE: &str = "calendar.json";

/// The records and the calendar's state, under the store's lock until dropped.
pub struct Locked {
    pub data: Data,
    pub state: CalendarState,
    /// The state as read, to write only what changed.
    read: CalendarState,
    path: PathBuf,
    /// `None` when there is no data folder: nothing to lock, nothing will be written.
    _store: Option<Store>,
}

impl Locked {
    /// Takes the lock of the data folder in `dir` and reads the whole store and the calendar's
    /// state. With no data folder, an empty store and state, and nothing created.
    pub fn open(dir: &Path) -> Result<Locked> {
        let path = dir.join(STATE_FILE);
        let (data, state, store) = match dir.is_dir() {
            false => (Data::default(), CalendarState::default(), None),
            true => {
                let mut store = Store::open_dir(dir)?;
                store.load_archive()?;
                sweep(dir)?;
                (std::mem::take(&mut store.data), read(&path)?, Some(store))
            }
        };
        Ok(Locked {
            data,
            read: state.clone(),
            state,
            path,
            _store: store,
        })
    }

    /// Writes the state if it changed (and there is a data folder to hold it).
    pub fn save(&mut self) -> Result<()> {
        if self._store.is_none() || self.state == self.read {
            return Ok(());
        }
        let mut bytes = serde_json::to_vec_pretty(&self.state)
            .context("could not encode the calendar state")?;
        bytes.push(b'\n');
        files::write_atomic(&self.path, &bytes).with_context(|| {
            format!("could not write the calendar state {}", self.path.display())
        })?;
        self.read = self.state.clone();
        Ok(())
    }
}

/// Reads `calendar.json`: missing is empty; damaged or of a newer format is refused, never
/// overwritten.
fn read(path: &Path) -> Result<CalendarState> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(CalendarState::default()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("could not read the calendar state {}", path.display()));
        }
    };
    let fix = "it was left untouched: delete it to start the calendar afresh (each event's SEQUENCE starts again at 0, and events cancelled since are not sent again)";
    let version = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("version")?.as_u64());
    if let Some(version) = version.filter(|v| *v > u64::from(CalendarState::VERSION)) {
        anyhow::bail!(
            "the calendar state {} has format version {version}, newer than this followup understands ({}); it was left untouched: upgrade followup",
            path.display(),
            CalendarState::VERSION
        );
    }
    serde_json::from_slice(&bytes).map_err(|err| {
        anyhow::anyhow!(
            "the calendar state {} is damaged ({err}); {fix}",
            path.display()
        )
    })
}

/// Removes the temp files of killed writers of the state: we hold the lock, so they are stale.
fn sweep(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)
        .with_context(|| format!("could not read {}", dir.display()))?
        .flatten()
    {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|name| files::is_temp_of(name, STATE_FILE))
        {
            let stale = entry.path();
            fs::remove_file(&stale)
                .with_context(|| format!("could not remove stale {}", stale.display()))?;
        }
    }
    Ok(())
}
