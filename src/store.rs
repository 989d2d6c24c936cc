//! The JSON store: one versioned file, written atomically and durably, private to the user,
//! with concurrent runs serialised by a lock file.
//!
//! The store knows only storage: finding the data folder is `config`'s job.

use crate::model::{Process, Time};
use crate::rules;
use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The format this build writes. Version 1 had no head line and no `archived` list; it is still
/// read, and written as version 2 at the next change.
pub const VERSION: u32 = 2;
const OLDEST_VERSION: u32 = 1;
pub const STORE_FILE: &str = "store.json";
pub const LOCK_FILE: &str = "store.lock";
const TEMP_FILE: &str = "store.json.tmp";
const BACKUP_TEMP_FILE: &str = "backup.json.tmp";

/// Everything the user recorded, processes in the order of their ids. The store file, from
/// `to_bytes`, keeps those out of play (`rules::in_play`) in a second list, `archived`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Stored")]
pub struct Data {
    pub version: u32,
    /// The id the next process gets; ids are never reused.
    pub next_id: u32,
    pub processes: Vec<Process>,
}

/// A store file or an export as read: version 1 files and exports have no `archived` list.
#[derive(Deserialize)]
struct Stored {
    version: u32,
    next_id: u32,
    processes: Vec<Process>,
    #[serde(default)]
    archived: Vec<Process>,
}

impl From<Stored> for Data {
    fn from(stored: Stored) -> Data {
        let mut processes = stored.processes;
        processes.extend(stored.archived);
        // Two runs in id order, merged in one pass by the stable sort.
        processes.sort_by_key(|p| p.id);
        Data {
            version: stored.version,
            next_id: stored.next_id,
            processes,
        }
    }
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
        let id = self.next_id.max(used.saturating_add(1));
        self.next_id = id.saturating_add(1);
        id
    }

    /// Reads a store file's bytes. An empty or truncated file is damage, not an empty store,
    /// and so is a file whose checksum does not match its content.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Data> {
        let damaged = |why: String| {
            anyhow::anyhow!(
                "store {} is damaged and was left untouched: {why}",
                path.display()
            )
        };
        let checked = checksum(bytes);
        let parsed = match checked {
            Checksum::Mismatch => Err(damaged(
                "its content does not match its checksum (if you edited it by hand and mean it, delete the \"checksum\" line)"
                    .to_string(),
            )),
            // One UTF-8 check of the whole file is cheaper than one per string.
            Checksum::Valid | Checksum::Absent => std::str::from_utf8(bytes)
                .map_err(|err| damaged(err.to_string()))
                .and_then(|text| {
                    serde_json::from_str::<Data>(text).map_err(|err| damaged(err.to_string()))
                }),
        };
        match parsed {
            Ok(data) if data.version > VERSION => Err(newer(path, data.version)),
            Ok(data) if data.version < OLDEST_VERSION => Err(damaged(format!(
                "format version {} is not one followup ever wrote",
                data.version
            ))),
            Ok(data) => Ok(data),
            Err(err) => {
                // A newer format may be laid out differently: say so rather than "damaged".
                #[derive(Deserialize)]
                struct Probe {
                    version: u32,
                }
                match serde_json::from_slice::<Probe>(bytes) {
                    Ok(probe) if probe.version > VERSION => Err(newer(path, probe.version)),
                    _ => Err(err),
                }
            }
        }
    }

    /// The processes in play and the rest of the head of a store file, if it has a head line and
    /// its checksum holds: what `read_in_play` decodes.
    pub fn from_head(bytes: &[u8]) -> Option<Data> {
        read_head(bytes, bytes.len() as u64)
    }

    /// The file's bytes: pretty JSON whose first field is a CRC-32 of everything after it, so
    /// that a flipped byte anywhere is noticed. The second, `head`, is the length of the part
    /// `due` decodes: the format version, the next id and the processes in play
    /// (`rules::in_play`). The processes out of play come after it, in `archived`.
    pub fn to_bytes(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Head<'a> {
            version: u32,
            next_id: u32,
            processes: Vec<&'a Process>,
        }
        #[derive(Serialize)]
        struct Archive<'a> {
            archived: Vec<&'a Process>,
        }
        let (processes, archived): (Vec<&Process>, Vec<&Process>) =
            self.processes.iter().partition(|p| rules::in_play(p));
        // Pretty JSON of a struct is "{\n" + its fields + "\n}". The head is written after room
        // for the two header lines, which then go over that room and the "{\n"; its "\n}"
        // becomes the ",\n" before the archive's fields. No copy of the whole file.
        let lines = CHECKSUM_LINE_LEN + HEAD_LINE_LEN;
        let mut bytes = Vec::with_capacity(self.processes.len() * 4096 + 4096);
        bytes.resize(lines - 2, b' ');
        let head = Head {
            version: VERSION,
            next_id: self.next_id,
            processes,
        };
        serde_json::to_writer_pretty(&mut bytes, &head).expect("the store serialises");
        let head_end = bytes.len() - 2;
        bytes.truncate(head_end);
        let archive = bytes.len();
        serde_json::to_writer_pretty(&mut bytes, &Archive { archived })
            .expect("the store serialises");
        bytes[archive..archive + 2].copy_from_slice(b",\n");
        bytes.push(b'\n');

        let head_line = format!("{HEAD_START}{:0HEAD_DIGITS$}{HEAD_END}", head_end - lines);
        bytes[CHECKSUM_LINE_LEN..lines].copy_from_slice(head_line.as_bytes());
        let crc = crc32fast::hash(&bytes[CHECKSUM_LINE_LEN..]);
        let mut line = Vec::with_capacity(CHECKSUM_LINE_LEN);
        line.extend_from_slice(CHECKSUM_START);
        line.extend_from_slice(format!("{crc:08x}").as_bytes());
        line.extend_from_slice(CHECKSUM_END);
        bytes[..CHECKSUM_LINE_LEN].copy_from_slice(&line);
        bytes
    }
}

const CHECKSUM_START: &[u8] = b"{\n  \"checksum\": \"crc32:";
const CHECKSUM_END: &[u8] = b"\",\n";
const CHECKSUM_LINE_LEN: usize = CHECKSUM_START.len() + 8 + CHECKSUM_END.len();

// The head line: how many bytes after it hold the head. Its last words name the rules that split
// the processes: were `rules::in_play` to change, files written before would be read whole until
// their next change splits them anew.
const HEAD_START: &str = "  \"head\": \"bytes:";
const HEAD_DIGITS: usize = 12;
const HEAD_END: &str = " in-play:1\",\n";
const HEAD_LINE_LEN: usize = HEAD_START.len() + HEAD_DIGITS + HEAD_END.len();

/// The length the head line states, if `line` is one.
fn head_line(line: &[u8]) -> Option<usize> {
    let line = std::str::from_utf8(line.get(..HEAD_LINE_LEN)?).ok()?;
    let digits = line.strip_prefix(HEAD_START)?.strip_suffix(HEAD_END)?;
    if digits.len() == HEAD_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

enum Checksum {
    Valid,
    Mismatch,
    /// No checksum: written by hand, or with the checksum line deleted on purpose.
    Absent,
}

fn checksum(bytes: &[u8]) -> Checksum {
    if let Some(crc) = stated_crc(bytes) {
        return if crc == crc32fast::hash(&bytes[CHECKSUM_LINE_LEN..]) {
            Checksum::Valid
        } else {
            Checksum::Mismatch
        };
    }
    // A checksum line that is there but out of shape is damage too.
    let head = &bytes[..bytes.len().min(CHECKSUM_LINE_LEN + 8)];
    if head.windows(b"checksum".len()).any(|w| w == b"checksum") {
        Checksum::Mismatch
    } else {
        Checksum::Absent
    }
}

/// The CRC-32 stated by the checksum line `bytes` start with, if they start with one in shape.
fn stated_crc(bytes: &[u8]) -> Option<u32> {
    let rest = bytes.strip_prefix(CHECKSUM_START)?;
    if !rest.get(8..)?.starts_with(CHECKSUM_END) {
        return None;
    }
    // Lowercase only, as written: an uppercase digit is a flipped bit too.
    std::str::from_utf8(&rest[..8])
        .ok()
        .filter(|h| h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
}

/// Reads a store file whose first two lines are a checksum and a head line: decodes the head
/// and checks the CRC-32 of the whole file, streaming the rest through a small buffer rather
/// than keeping it. `None` when the file is not such a file or anything about it is off; a whole
/// read then says what.
fn read_head(mut file: impl Read, size: u64) -> Option<Data> {
    let mut lines = [0u8; CHECKSUM_LINE_LEN + HEAD_LINE_LEN];
    file.read_exact(&mut lines).ok()?;
    let stated = stated_crc(&lines)?;
    let len = head_line(&lines[CHECKSUM_LINE_LEN..])?;
    if len as u64 > size - lines.len() as u64 {
        return None;
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&lines[CHECKSUM_LINE_LEN..]);
    // The head is the first fields of the file's object: in braces, an object of its own.
    let mut head = Vec::with_capacity(len + 4);
    head.extend_from_slice(b"{\n");
    file.by_ref().take(len as u64).read_to_end(&mut head).ok()?;
    if head.len() != len + 2 {
        return None;
    }
    crc.update(&head[2..]);
    // Then ",\n" and the archive.
    let mut comma = [0; 2];
    file.read_exact(&mut comma).ok()?;
    if &comma != b",\n" {
        return None;
    }
    crc.update(&comma);
    let mut chunk = vec![0; 64 * 1024];
    loop {
        match file.read(&mut chunk).ok()? {
            0 => break,
            n => crc.update(&chunk[..n]),
        }
    }
    if crc.finalize() != stated {
        return None;
    }
    head.extend_from_slice(b"\n}");
    let text = std::str::from_utf8(&head).ok()?;
    serde_json::from_str::<Data>(text)
        .ok()
        .filter(|d| d.version == VERSION)
}

fn newer(path: &Path, version: u32) -> anyhow::Error {
    anyhow::anyhow!(
        "store {} has format version {version}, newer than this followup understands ({VERSION}); it was left untouched: upgrade followup",
        path.display()
    )
}

/// Reads the store in `dir` without taking the lock or creating anything. A missing file is an
/// empty store. A damaged one is refused with the way back to the newest good backup.
pub fn read(dir: &Path) -> Result<Data> {
    let path = dir.join(STORE_FILE);
    match read_bytes(&path)? {
        Some(bytes) => parse_or_point_to_backup(dir, &bytes),
        None => Ok(Data::default()),
    }
}

/// Reads the store in `dir` as `read` does, checksum included, but decodes only the processes in
/// play (`rules::in_play`): all that `due` needs. A file without a head line (written by hand, or
/// before format 2) is decoded whole.
pub fn read_in_play(dir: &Path) -> Result<Data> {
    let head = File::open(dir.join(STORE_FILE)).ok().and_then(|file| {
        let size = file.metadata().ok()?.len();
        read_head(file, size)
    });
    match head {
        Some(data) => Ok(data),
        None => read(dir),
    }
}

fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("could not read store {}", path.display())),
    }
}

fn parse_or_point_to_backup(dir: &Path, bytes: &[u8]) -> Result<Data> {
    let path = dir.join(STORE_FILE);
    Data::from_bytes(bytes, &path).map_err(|err| {
        let good = backups(dir)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .find(|b| fs::read(&b.path).is_ok_and(|bytes| Data::from_bytes(&bytes, &b.path).is_ok()));
        match good {
            Some(backup) => anyhow::anyhow!(
                "{err:#}. The newest good backup is {}: restore it with `followup undo --restore {}`, or copy it over {}",
                backup.path.display(),
                backup.name,
                path.display()
            ),
            None => err,
        }
    })
}

/// The store opened for a change: holds the lock until dropped.
pub struct Store {
    dir: PathBuf,
    pub data: Data,
    /// The file as it was read, kept as a backup when the store is replaced.
    original: Option<Vec<u8>>,
    _lock: File,
}

impl Store {
    /// Creates the data folder if needed (0700), takes the lock, then reads the store.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        let lock = lock(dir)?;
        let original = read_bytes(&dir.join(STORE_FILE))?;
        let data = match &original {
            Some(bytes) => parse_or_point_to_backup(dir, bytes)?,
            None => Data::default(),
        };
        Ok(Store {
            dir: dir.to_path_buf(),
            data,
            original,
            _lock: lock,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(STORE_FILE)
    }

    /// Keeps the previous version in `backups/`, then writes the store atomically and durably.
    /// `command` and `at` say what made the change, for `undo --list`.
    pub fn save(&self, command: &str, at: Time) -> Result<()> {
        replace_keeping(
            &self.dir,
            self.original.as_deref(),
            &self.data.to_bytes(),
            command,
            at,
        )
    }
}

/// Creates the data folder if needed (0700), takes the lock and clears a stale temp file.
fn lock(dir: &Path) -> Result<File> {
    if !dir.is_dir() {
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("could not create folder {}", parent.display()))?;
        }
        create_private_dir(dir)?;
        // The new folder's entry must reach the disk too.
        if let Some(parent) = dir.parent() {
            File::open(parent)
                .and_then(|d| d.sync_all())
                .with_context(|| format!("could not sync folder {}", parent.display()))?;
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
    for temp in [
        dir.join(TEMP_FILE),
        dir.join(BACKUP_DIR).join(BACKUP_TEMP_FILE),
    ] {
        if temp.exists() {
            fs::remove_file(&temp)
                .with_context(|| format!("could not remove stale {}", temp.display()))?;
        }
    }
    Ok(lock)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    match DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err).with_context(|| format!("could not create folder {}", dir.display())),
    }
}

/// Replaces the store with `bytes`, keeping `previous` (the bytes being replaced) as the newest
/// backup: temp file, write, sync, rename, sync the folder. A backup of a change that failed is
/// dropped again, so `undo` never undoes something that did not happen.
fn replace_keeping(
    dir: &Path,
    previous: Option<&[u8]>,
    bytes: &[u8],
    command: &str,
    at: Time,
) -> Result<()> {
    let path = dir.join(STORE_FILE);
    let backup = previous
        .map(|previous| keep_backup(dir, previous, command, at))
        .transpose()
        .with_context(|| format!("store {} was not changed", path.display()))?;
    let temp = dir.join(TEMP_FILE);
    let written = write_synced(&temp, bytes).and_then(|meta| {
        fault::check(fault::Step::Rename)
            .and_then(|()| fs::rename(&temp, &path))
            .with_context(|| format!("could not replace {}", path.display()))?;
        Ok(meta)
    });
    match written {
        Ok(_) => {}
        Err(err) => {
            let _ = fs::remove_file(&temp);
            if let Some(backup) = backup {
                backup.discard();
            }
            return Err(err.context(format!("store {} was not changed", path.display())));
        }
    };
    if let Some(backup) = backup {
        backup.keep()?;
    }
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> Result<()> {
    fault::check(fault::Step::SyncFolder)
        .and_then(|()| File::open(dir)?.sync_all())
        .with_context(|| {
            format!(
                "the store in {} was replaced, but the folder could not be synced to disk",
                dir.display()
            )
        })
}

/// Writes `bytes` to a new or truncated private file and syncs it; its metadata then.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<fs::Metadata> {
    // Failures are injected into the store's own write, not into its backups.
    let check = |step| {
        if path.ends_with(TEMP_FILE) {
            fault::check(step)
        } else {
            Ok(())
        }
    };
    let mut file = check(fault::Step::Create)
        .and_then(|()| {
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(path)
        })
        .with_context(|| format!("could not create {}", path.display()))?;
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .with_context(|| format!("could not set permissions on {}", path.display()))?;
    check(fault::Step::Write)
        .and_then(|()| file.write_all(bytes))
        .with_context(|| format!("could not write {}", path.display()))?;
    check(fault::Step::Sync)
        .and_then(|()| file.sync_all())
        .and_then(|()| file.metadata())
        .with_context(|| format!("could not sync {}", path.display()))
}

/// How many earlier versions `backups/` keeps.
pub const KEEP_BACKUPS: usize = 20;
pub const BACKUP_DIR: &str = "backups";
/// The command name of a backup taken by `undo` itself.
pub const UNDO: &str = "undo";

/// One kept version of the store: `backups/NNNNNN-YYYYMMDDTHHMMSSZ-command.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    pub path: PathBuf,
    pub name: String,
    pub seq: u64,
    /// When the version was replaced.
    pub at: DateTime<Utc>,
    /// The command that replaced it.
    pub command: String,
}

impl Backup {
    fn from_name(dir: &Path, name: &str) -> Option<Backup> {
        let stem = name.strip_suffix(".json")?;
        let mut parts = stem.splitn(3, '-');
        let seq = parts.next()?.parse().ok()?;
        let at = NaiveDateTime::parse_from_str(parts.next()?, "%Y%m%dT%H%M%SZ").ok()?;
        let command = parts.next()?.to_string();
        Some(Backup {
            path: dir.join(name),
            name: name.to_string(),
            seq,
            at: at.and_utc(),
            command,
        })
    }
}

/// The kept versions, oldest first. No folder means none.
pub fn backups(dir: &Path) -> Result<Vec<Backup>> {
    let folder = dir.join(BACKUP_DIR);
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(err).with_context(|| format!("could not read {}", folder.display()));
        }
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("could not read {}", folder.display()))?;
        if let Some(backup) = entry
            .file_name()
            .to_str()
            .and_then(|name| Backup::from_name(&folder, name))
        {
            found.push(backup);
        }
    }
    found.sort_by_key(|b| b.seq);
    Ok(found)
}

/// A backup just written, before the change it precedes is known to have gone through.
struct NewBackup {
    path: PathBuf,
    /// The backups there were before it, oldest first.
    older: Vec<Backup>,
}

impl NewBackup {
    /// The change went through: drop the oldest backups beyond [`KEEP_BACKUPS`].
    fn keep(self) -> Result<()> {
        let excess = (self.older.len() + 1).saturating_sub(KEEP_BACKUPS);
        for old in &self.older[..excess] {
            fs::remove_file(&old.path)
                .with_context(|| format!("could not remove old backup {}", old.path.display()))?;
        }
        match self.path.parent() {
            Some(folder) => sync_backups(folder),
            None => Ok(()),
        }
    }

    /// The change failed: this backup would undo nothing.
    fn discard(self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Writes `bytes` as the newest backup, whole or not at all (temp file and rename).
fn keep_backup(dir: &Path, bytes: &[u8], command: &str, at: Time) -> Result<NewBackup> {
    let folder = dir.join(BACKUP_DIR);
    if !folder.is_dir() {
        create_private_dir(&folder)?;
    }
    let older = backups(dir)?;
    let seq = older.last().map_or(1, |b| b.seq + 1);
    let name = format!(
        "{seq:06}-{}-{command}.json",
        at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
    );
    let path = folder.join(&name);
    // The version being replaced is the file in place, whole and synced: link it rather than
    // write it again. (Where links are not possible, copy it.)
    if fs::hard_link(dir.join(STORE_FILE), &path).is_ok() {
        // Private like every backup, whatever was done to the store by hand.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
            .with_context(|| format!("could not set permissions on {}", path.display()))?;
        return Ok(NewBackup { path, older });
    }
    let temp = folder.join(BACKUP_TEMP_FILE);
    let written = write_synced(&temp, bytes).and_then(|_| {
        fs::rename(&temp, &path).with_context(|| format!("could not create {}", path.display()))
    });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err.context(format!("could not keep a backup in {}", folder.display())));
    }
    Ok(NewBackup { path, older })
}

fn sync_backups(folder: &Path) -> Result<()> {
    File::open(folder)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("could not sync folder {}", folder.display()))
}

/// Puts a kept version back as the store. The store being replaced, readable or not, is kept as
/// a backup of its own (command `undo`), so an undo can itself be undone with `--restore`.
/// Returns the records restored.
pub fn restore(dir: &Path, backup: &Backup, at: Time) -> Result<Data> {
    let _lock = lock(dir)?;
    let bytes = fs::read(&backup.path)
        .with_context(|| format!("could not read backup {}", backup.path.display()))?;
    let data = Data::from_bytes(&bytes, &backup.path)?;
    let current = read_bytes(&dir.join(STORE_FILE))?;
    replace_keeping(dir, current.as_deref(), &bytes, UNDO, at)?;
    fs::remove_file(&backup.path)
        .with_context(|| format!("could not remove restored backup {}", backup.path.display()))?;
    sync_backups(&dir.join(BACKUP_DIR))?;
    Ok(data)
}

/// Failures injected at each step of a write, to test that none of them loses data.
pub mod fault {
    use std::io;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Step {
        Create,
        Write,
        Sync,
        Rename,
        SyncFolder,
    }

    #[cfg(test)]
    thread_local! {
        pub static FAIL_AT: std::cell::Cell<Option<Step>> = const { std::cell::Cell::new(None) };
    }

    #[cfg(test)]
    pub fn check(step: Step) -> io::Result<()> {
        if FAIL_AT.with(|f| f.get()) == Some(step) {
            return Err(io::Error::other(format!("injected failure at {step:?}")));
        }
        Ok(())
    }

    #[cfg(not(test))]
    #[inline(always)]
    pub fn check(_step: Step) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Process;
    use chrono::DateTime;

    fn at() -> Time {
        DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap()
    }

    fn process(id: u32) -> Process {
        Process {
            id,
            company: "Acme".into(),
            role: "Engineer".into(),
            created: at(),
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
    fn due_decodes_the_head_alone_and_the_archive_is_kept_after_it() {
        use crate::model::{Closure, Outcome};
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let mut declined = process(2);
        declined.closed = Some(Closure {
            outcome: Outcome::Declined,
            at: at(),
        });
        store.data.processes = vec![process(1), declined, process(3)];
        store.data.next_id = 4;
        store.save("add", at()).unwrap();
        drop(store);
        let whole = read(dir.path()).unwrap();
        assert_eq!(
            whole.processes.iter().map(|p| p.id).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let in_play = read_in_play(dir.path()).unwrap();
        assert_eq!(
            in_play.processes.iter().map(|p| p.id).collect::<Vec<_>>(),
            [1, 3]
        );
        assert_eq!(in_play.next_id, 4);

        // The archive is not decoded: with a valid checksum over an archive that is not a
        // list of processes, `read` refuses the file and `read_in_play` does not notice.
        let text = String::from_utf8(fs::read(dir.path().join(STORE_FILE)).unwrap()).unwrap();
        let archive = text.find("  \"archived\": [").unwrap();
        let rest = format!(
            "{}  \"archived\": 12\n}}\n",
            &text[CHECKSUM_LINE_LEN..archive]
        );
        let odd = format!(
            "{}{:08x}{}{rest}",
            std::str::from_utf8(CHECKSUM_START).unwrap(),
            crc32fast::hash(rest.as_bytes()),
            std::str::from_utf8(CHECKSUM_END).unwrap()
        );
        fs::write(dir.path().join(STORE_FILE), odd).unwrap();
        assert!(read(dir.path()).is_err());
        assert_eq!(read_in_play(dir.path()).unwrap(), in_play);
    }

    #[test]
    fn save_then_read_is_identity_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/data");
        let mut store = Store::open_dir(&dir).unwrap();
        let id = store.data.allocate_id();
        store.data.processes.push(process(id));
        store.save("add", at()).unwrap();
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
    fn the_checksum_line_may_be_deleted_after_a_hand_edit() {
        let mut data = Data::default();
        data.processes.push(process(1));
        let text = String::from_utf8(data.to_bytes()).unwrap();
        assert!(text.starts_with("{\n  \"checksum\": \"crc32:"), "{text}");
        let edited = text.replace("\"Acme\"", "\"Acme Corp\"");
        assert!(Data::from_bytes(edited.as_bytes(), Path::new("s")).is_err());
        let without: String = edited
            .lines()
            .filter(|l| !l.contains("checksum"))
            .collect::<Vec<_>>()
            .join("\n");
        let loaded = Data::from_bytes(without.as_bytes(), Path::new("s")).unwrap();
        assert_eq!(loaded.processes[0].company, "Acme Corp");
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
        let mut flipped = good.clone();
        flipped[good.len() / 3] ^= 0x01;
        let err = Data::from_bytes(&flipped, path).unwrap_err().to_string();
        assert!(err.contains("checksum"), "{err}");
        let newer = br#"{"version": 99, "something": "else"}"#;
        let err = Data::from_bytes(newer, path).unwrap_err().to_string();
        assert!(
            err.contains("version 99") && err.contains("/data/store.json"),
            "{err}"
        );
    }

    /// Adds one process through the store, as a command would.
    fn add_one(dir: &Path, command: &str) -> u32 {
        let mut store = Store::open_dir(dir).unwrap();
        let id = store.data.allocate_id();
        store.data.processes.push(process(id));
        store.save(command, at()).unwrap();
        id
    }

    #[test]
    fn each_change_keeps_the_previous_version_and_only_twenty() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        add_one(&dir, "add");
        assert!(
            backups(&dir).unwrap().is_empty(),
            "nothing to keep before the first write"
        );
        for _ in 0..24 {
            add_one(&dir, "log-reply");
        }
        let kept = backups(&dir).unwrap();
        assert_eq!(kept.len(), KEEP_BACKUPS);
        assert_eq!(kept.first().unwrap().seq, 5);
        assert_eq!(kept.last().unwrap().seq, 24);
        assert_eq!(kept.last().unwrap().command, "log-reply");
        assert_eq!(kept.last().unwrap().at, at().with_timezone(&Utc));
        // The newest backup is the store as it was before the last write: 24 processes.
        let newest = Data::from_bytes(
            &fs::read(&kept.last().unwrap().path).unwrap(),
            Path::new("b"),
        )
        .unwrap();
        assert_eq!(newest.processes.len(), 24);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join(BACKUP_DIR)), 0o700);
        assert_eq!(mode(&kept[0].path), 0o600);
    }

    #[test]
    fn restore_puts_a_version_back_and_sets_the_current_one_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        add_one(&dir, "add");
        add_one(&dir, "add");
        let kept = backups(&dir).unwrap();
        restore(&dir, &kept[0], at()).unwrap();
        assert_eq!(read(&dir).unwrap().processes.len(), 1);
        let kept = backups(&dir).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].command, UNDO);
        restore(&dir, &kept[0], at()).unwrap();
        assert_eq!(read(&dir).unwrap().processes.len(), 2, "the undo is undone");
    }

    #[test]
    fn a_damaged_store_names_the_newest_good_backup() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        add_one(&dir, "add");
        add_one(&dir, "note");
        fs::write(dir.join(STORE_FILE), b"{\"version\": 1, \"next").unwrap();
        let err = format!("{:#}", read(&dir).unwrap_err());
        let newest = backups(&dir).unwrap().pop().unwrap();
        assert!(err.contains("damaged"), "{err}");
        assert!(
            err.contains(&format!("followup undo --restore {}", newest.name)),
            "{err}"
        );
    }

    #[test]
    fn a_failure_at_any_step_of_a_write_loses_nothing() {
        use fault::{FAIL_AT, Step};
        for step in [
            Step::Create,
            Step::Write,
            Step::Sync,
            Step::Rename,
            Step::SyncFolder,
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("data");
            add_one(&dir, "add");
            add_one(&dir, "add");
            let before = fs::read(dir.join(STORE_FILE)).unwrap();
            let kept_before = backups(&dir).unwrap();
            let mut store = Store::open_dir(&dir).unwrap();
            let id = store.data.allocate_id();
            store.data.processes.push(process(id));
            let after = store.data.to_bytes();
            FAIL_AT.with(|f| f.set(Some(step)));
            let result = store.save("add", at());
            FAIL_AT.with(|f| f.set(None));
            drop(store);
            let err = format!("{:#}", result.expect_err("the failure is reported"));
            assert!(
                err.contains(&format!("injected failure at {step:?}")),
                "{step:?}: {err}"
            );
            let now = fs::read(dir.join(STORE_FILE)).unwrap();
            if step == Step::SyncFolder {
                // The rename happened: the new content is in place; the message says what is unsure.
                assert_eq!(now, after, "{step:?}");
                assert!(err.contains("could not be synced"), "{err}");
            } else {
                assert_eq!(
                    now, before,
                    "{step:?}: the store is unchanged before the rename"
                );
                assert!(err.contains("was not changed"), "{err}");
                assert_eq!(
                    backups(&dir).unwrap(),
                    kept_before,
                    "{step:?}: no backup of a change that failed"
                );
            }
            assert!(!dir.join(TEMP_FILE).exists(), "{step:?}: no temp file left");
        }
    }

    mod round_trip {
        use super::super::*;
        use crate::model::*;
        use chrono::{FixedOffset, NaiveDate, TimeZone};
        use proptest::prelude::*;

        fn time() -> impl Strategy<Value = Time> {
            (-50_000_000i64..2_000_000_000, -14 * 4..=14 * 4).prop_map(|(secs, quarters)| {
                FixedOffset::east_opt(quarters * 900)
                    .unwrap()
                    .timestamp_opt(secs, 0)
                    .unwrap()
            })
        }

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![any::<String>(), "[a-zA-Z \"\\\\\n\t\u{1b}é😀]{0,24}"]
        }

        fn texts() -> impl Strategy<Value = Vec<String>> {
            prop::collection::vec(text(), 0..3)
        }

        fn timeline() -> impl Strategy<Value = Option<Timeline>> {
            prop::option::of((text(), 0i64..3_000_000).prop_map(|(text, days)| Timeline {
                text,
                date: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
                    + chrono::Duration::days(days % 2_900_000),
            }))
        }

        fn round() -> impl Strategy<Value = Round> {
            (
                time(),
                prop::option::of(text()),
                prop::collection::vec(
                    (text(), prop::option::of(text()), prop::option::of(text()))
                        .prop_map(|(name, email, title)| Interviewer { name, email, title }),
                    0..3,
                ),
                timeline(),
                prop::option::of(text()),
                (
                    text(),
                    texts(),
                    texts(),
                    texts(),
                    texts(),
                    text(),
                    text(),
                    text(),
                ),
            )
                .prop_map(|(at, label, interviewers, timeline, instructions, d)| {
                    Round {
                        at,
                        label,
                        interviewers,
                        timeline,
                        instructions,
                        debrief: Debrief {
                            notes: d.0,
                            questions: d.1,
                            highlights: d.2,
                            stumped: d.3,
                            red_flags: d.4,
                            answers: d.5,
                            feelings: d.6,
                            want_it: d.7,
                        },
                    }
                })
        }

        fn reply() -> impl Strategy<Value = Reply> {
            let kinds = [
                ReplyKind::Update,
                ReplyKind::NextRound,
                ReplyKind::Offer,
                ReplyKind::Rejection,
                ReplyKind::Request,
            ];
            (
                time(),
                0usize..5,
                prop::option::of(text()),
                timeline(),
                prop::option::of(time()),
            )
                .prop_map(move |(at, kind, note, timeline, next_interview)| Reply {
                    at,
                    kind: kinds[kind],
                    note,
                    timeline,
                    next_interview,
                })
        }

        fn mark() -> impl Strategy<Value = Mark> {
            (
                0usize..11,
                0u32..3,
                0u32..9,
                prop::option::of(text()),
                0u32..4,
                time(),
                0usize..3,
            )
                .prop_map(|(action, anchor, n, person, seq, at, state)| Mark {
                    key: ActionKey {
                        action: ActionKind::ALL[action],
                        anchor: match anchor {
                            0 => Anchor::Round(n),
                            1 => Anchor::Reply(n),
                            _ => Anchor::Process,
                        },
                        person,
                        seq,
                    },
                    state: match state {
                        0 => MarkState::Done { at },
                        1 => MarkState::Dismissed { at },
                        _ => MarkState::Snoozed { until: at },
                    },
                })
        }

        fn process() -> impl Strategy<Value = Process> {
            (
                1u32..1000,
                text(),
                text(),
                time(),
                prop::collection::vec(round(), 0..3),
                prop::collection::vec(reply(), 0..3),
                prop::collection::vec(mark(), 0..4),
                prop::option::of((0usize..5, time())),
            )
                .prop_map(
                    |(id, company, role, created, rounds, replies, marks, closed)| Process {
                        id,
                        company,
                        role,
                        created,
                        rounds,
                        replies,
                        marks,
                        closed: closed.map(|(o, at)| Closure {
                            outcome: [
                                Outcome::Accepted,
                                Outcome::Declined,
                                Outcome::Withdrawn,
                                Outcome::NoResponse,
                                Outcome::Rejected,
                            ][o],
                            at,
                        }),
                    },
                )
        }

        proptest! {
            /// What is saved is what is loaded, whatever the text in it.
            #[test]
            fn load_of_save_is_the_identity(mut processes in prop::collection::vec(process(), 0..6), next_id in 1u32..5000) {
                // The store keeps processes in the order of their ids, which are unique.
                processes.sort_by_key(|p| p.id);
                processes.dedup_by_key(|p| p.id);
                let data = Data { version: VERSION, next_id, processes };
                let bytes = data.to_bytes();
                let loaded = Data::from_bytes(&bytes, Path::new("store.json")).unwrap();
                prop_assert_eq!(loaded, data);
            }
        }
    }
}
