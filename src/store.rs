//! The JSON store: one versioned file, written atomically and durably, private to the user,
//! with concurrent runs serialised by a lock file.
//!
//! The store knows only storage: finding the data folder is `config`'s job.

use crate::model::Process;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The format this build reads and writes.
pub const VERSION: u32 = 1;
pub const STORE_FILE: &str = "store.json";
pub const LOCK_FILE: &str = "store.lock";
const TEMP_FILE: &str = "store.json.tmp";

/// Everything the user recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data {
    pub version: u32,
    /// The id the next process gets; ids are never reused.
    pub next_id: u32,
    pub processes: Vec<Process>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            version: VERSION,
            next_id: 1,
            processes: Vec::new(),
        }
    }
}

impl Data {
    pub fn process(&self, id: u32) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }

    pub fn process_mut(&mut self, id: u32) -> Option<&mut Process> {
        self.processes.iter_mut().find(|p| p.id == id)
    }

    /// Takes the next id for a new process.
    pub fn allocate_id(&mut self) -> u32 {
        let used = self.processes.iter().map(|p| p.id).max().unwrap_or(0);
        let id = self.next_id.max(used + 1);
        self.next_id = id + 1;
        id
    }

    /// Reads a store file's bytes. An empty or truncated file is damage, not an empty store.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Data> {
        match serde_json::from_slice::<Data>(bytes) {
            Ok(data) if data.version > VERSION => Err(newer(path, data.version)),
            Ok(data) => Ok(data),
            Err(err) => {
                #[derive(Deserialize)]
                struct Probe {
                    version: u32,
                }
                if let Ok(probe) = serde_json::from_slice::<Probe>(bytes)
                    && probe.version > VERSION
                {
                    return Err(newer(path, probe.version));
                }
                bail!(
                    "store {} is damaged and was left untouched: {err}",
                    path.display()
                )
            }
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the store serialises");
        bytes.push(b'\n');
        bytes
    }
}

fn newer(path: &Path, version: u32) -> anyhow::Error {
    anyhow::anyhow!(
        "store {} has format version {version}, newer than this followup understands ({VERSION}); it was left untouched: upgrade followup",
        path.display()
    )
}

/// Reads the store in `dir` without taking the lock or creating anything. A missing file is an
/// empty store.
pub fn read(dir: &Path) -> Result<Data> {
    let path = dir.join(STORE_FILE);
    match fs::read(&path) {
        Ok(bytes) => Data::from_bytes(&bytes, &path),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Data::default()),
        Err(err) => Err(err).with_context(|| format!("could not read store {}", path.display())),
    }
}

/// The store opened for a change: holds the lock until dropped.
pub struct Store {
    dir: PathBuf,
    pub data: Data,
    _lock: File,
}

impl Store {
    /// Creates the data folder if needed (0700), takes the lock, then reads the store.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        if !dir.is_dir() {
            if let Some(parent) = dir.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("could not create folder {}", parent.display()))?;
            }
            match DirBuilder::new().mode(0o700).create(dir) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => {
                    return Err(err).with_context(|| {
                        format!("could not create data folder {}", dir.display())
                    });
                }
            }
        }
        let lock_path = dir.join(LOCK_FILE);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .with_context(|| format!("could not open lock file {}", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("could not lock {}", lock_path.display()))?;
        // A writer killed mid-write may have left its temp file; we hold the lock, so it is stale.
        let temp = dir.join(TEMP_FILE);
        if temp.exists() {
            fs::remove_file(&temp)
                .with_context(|| format!("could not remove stale {}", temp.display()))?;
        }
        let data = read(dir)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            data,
            _lock: lock,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(STORE_FILE)
    }

    /// Writes the store atomically and durably: temp file, write, sync, rename, sync the folder.
    pub fn save(&self) -> Result<()> {
        let path = self.path();
        let temp = self.dir.join(TEMP_FILE);
        let written = write_synced(&temp, &self.data.to_bytes()).and_then(|()| {
            fs::rename(&temp, &path)
                .with_context(|| format!("could not replace {}", path.display()))
        });
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(err.context(format!("store {} was not changed", path.display())));
        }
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("could not sync folder {}", self.dir.display()))
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("could not create {}", path.display()))?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .with_context(|| format!("could not set permissions on {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("could not write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("could not sync {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Process;
    use chrono::DateTime;

    fn process(id: u32) -> Process {
        Process {
            id,
            company: "Acme".into(),
            role: "Engineer".into(),
            created: DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
            rounds: vec![],
            replies: vec![],
            marks: vec![],
            closed: None,
        }
    }

    #[test]
    fn missing_store_is_empty_and_creates_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        assert_eq!(read(&dir).unwrap(), Data::default());
        assert!(!dir.exists());
    }

    #[test]
    fn save_then_read_is_identity_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/data");
        let mut store = Store::open_dir(&dir).unwrap();
        let id = store.data.allocate_id();
        store.data.processes.push(process(id));
        store.save().unwrap();
        let expected = store.data.clone();
        drop(store);
        assert_eq!(read(&dir).unwrap(), expected);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join(STORE_FILE)), 0o600);
        assert_eq!(mode(&dir), 0o700);
        let mut names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["store.json", "store.lock"]);
    }

    #[test]
    fn ids_are_never_reused() {
        let mut data = Data::default();
        let first = data.allocate_id();
        data.processes.push(process(first));
        let second = data.allocate_id();
        data.processes.retain(|p| p.id != second);
        let third = data.allocate_id();
        assert_eq!((first, second, third), (1, 2, 3));
    }

    #[test]
    fn damage_is_refused_naming_the_path() {
        let path = Path::new("/data/store.json");
        let good = Data::default().to_bytes();
        for bad in [&b""[..], &good[..good.len() / 2], b"\0\0\0\0", b"[]"] {
            let err = Data::from_bytes(bad, path).unwrap_err().to_string();
            assert!(
                err.contains("/data/store.json") && err.contains("damaged"),
                "{err}"
            );
        }
        let newer = br#"{"version": 99, "something": "else"}"#;
        let err = Data::from_bytes(newer, path).unwrap_err().to_string();
        assert!(
            err.contains("version 99") && err.contains("/data/store.json"),
            "{err}"
        );
    }
}
