//! The JSON store: the processes in play in `store.json`, the closed ones with nothing left to
//! do in `archive.json`, each file written atomically and durably, private to the user and
//! checksummed, with concurrent runs serialised by a lock file and every change backed up.
//!
//! The store knows only storage: finding the data folder is `config`'s job.

use crate::files;
use crate::model::{ActionKey, ActionKind, Anchor, Mark, MarkState, Outcome, Process, Time, Uid};
use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs::{self, DirBuilder, File};
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The format this build writes. Format 4 is format 3 with timelines that may name no date
/// ("soon"), so that an older followup refuses such a store as newer rather than as damaged.
/// Format 5 is format 4 with a process's external reference (the id another tracker gave it),
/// which an older followup would drop without a word at its next change: it refuses the store
/// as newer instead. Formats 2 (one file, the archive in its `archived` list, after a head
/// line), 3 and 4 are read, and written as format 5 at the next change.
pub const VERSION: u32 = 5;
const OLDEST_VERSION: u32 = 2;
pub const STORE_FILE: &str = "store.json";
pub const ARCHIVE_FILE: &str = "archive.json";

/// Everything the user recorded (or, read with `read_in_play`, what is in play), processes in
/// the order of their ids.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Stored")]
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

    /// Takes the next id for a new process. `next_id` is above every id, so none is given out
    /// twice; `None` when none is left (`u32::MAX` is never given: it means that).
    pub fn allocate_id(&mut self) -> Option<u32> {
        let id = self.next_id.max(1);
        (id < u32::MAX).then(|| {
            self.next_id = id + 1;
            id
        })
    }

    /// Reads a file of processes: a JSON export, or a store file of format 2 (everything) or 3
    /// (what it holds). A file that fails to parse, is empty or truncated, or does not match its
    /// checksum is damage, named with `path`.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Data> {
        Data::parse(bytes).map_err(|refused| match refused {
            Refused::Newer(version) => newer(path, version),
            Refused::Damaged(why) => anyhow::anyhow!(
                "store {} is damaged and was left untouched: {why}",
                path.display()
            ),
        })
    }

    /// [`Data::from_bytes`], saying why a file is refused in a value.
    pub fn parse(bytes: &[u8]) -> Result<Data, Refused> {
        Stored::parse(bytes).map(Data::from)
    }

    /// Every process as one store file, checksummed (what a format 3 `store.json` may hold).
    pub fn to_bytes(&self) -> Vec<u8> {
        let all: Vec<&Process> = self.processes.iter().collect();
        file_bytes(Some(self.next_id), &all)
    }

    /// Adds processes read from another file, but those whose id is here already (a crash
    /// between the writes of one change leaves a process in both files: this one wins). Keeps
    /// the id order and `next_id` above every id.
    fn add(&mut self, more: Vec<Process>) {
        let known: HashSet<u32> = self.processes.iter().map(|p| p.id).collect();
        self.processes
            .extend(more.into_iter().filter(|p| !known.contains(&p.id)));
        self.processes.sort_by_key(|p| p.id);
        let highest = self.processes.last().map_or(0, |p| p.id);
        self.next_id = self.next_id.max(highest.saturating_add(1));
    }
}

/// Why a file of processes is not read.
#[derive(Debug)]
pub enum Refused {
    /// A newer followup wrote it, in this format version.
    Newer(u32),
    /// It is not a file followup reads, for this reason.
    Damaged(String),
}

/// A store file as written: the CRC-32 of the rest on its first line, then the format, the next
/// id (in `store.json`) and the processes.
#[derive(Serialize)]
struct Body<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_id: Option<u32>,
    processes: &'a [&'a Process],
}

/// The processes as pretty JSON, without a checksum (a JSON export is this).
pub fn pretty(next_id: Option<u32>, processes: &[&Process]) -> String {
    let body = Body {
        version: VERSION,
        next_id,
        processes,
    };
    serde_json::to_string_pretty(&body).expect("the store serialises")
}

fn file_bytes(next_id: Option<u32>, processes: &[&Process]) -> Vec<u8> {
    let mut body = pretty(next_id, processes).into_bytes();
    body.push(b'\n');
    // Pretty JSON of a struct starts with "{\n": the checksum line goes after it, with the
    // CRC-32 of all that follows.
    let rest = &body[2..];
    let mut bytes = format!(
        "{{\n  \"checksum\": \"crc32:{:08x}\",\n",
        crc32fast::hash(rest)
    )
    .into_bytes();
    bytes.extend_from_slice(rest);
    bytes
}

/// A store file or an export as read. Unknown fields are damage: a flipped bit in the word
/// `checksum` must not turn the check off.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    #[serde(default)]
    #[allow(dead_code)]
    checksum: Option<IgnoredAny>,
    version: u32,
    #[serde(default)]
    next_id: Option<u32>,
    processes: Vec<Process>,
    /// Format 2: the processes out of play.
    #[serde(default)]
    archived: Vec<Process>,
}

impl From<Stored> for Data {
    fn from(file: Stored) -> Data {
        let mut data = Data {
            version: file.version,
            next_id: file.next_id.unwrap_or(1),
            processes: file.processes,
        };
        data.add(file.archived);
        // Records without ids (a format 2 store, a hand edit) get ids from their process's
        // number: the same at every read, until the next change stores them.
        for process in &mut data.processes {
            let mut n = 0;
            let base = u64::from(process.id) << 32;
            process.fill_uids(|| {
                n += 1;
                Uid(mix(base | n))
            });
            // Before format 4, declining an offer left nothing to do: the note came with it.
            if file.version < 4
                && let Some(closure) = process
                    .closed
                    .as_ref()
                    .filter(|c| c.outcome == Outcome::Declined)
            {
                let key = ActionKey {
                    action: ActionKind::Decline,
                    anchor: Anchor::Process,
                    person: None,
                    seq: 0,
                };
                if process.mark_for(&key).is_none() {
                    let at = closure.at;
                    process.marks.push(Mark {
                        key,
                        state: MarkState::Done { at },
                    });
                }
            }
        }
        data
    }
}

/// SplitMix64's finaliser: a bijection, so distinct inputs give distinct ids.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Format 2, read to be upgraded: its marks name rounds and replies by their place (from 1) and
/// interviewers by name.
mod format2 {
    use crate::model::{ActionKey, ActionKind, Anchor, Mark, MarkState, Process, Uid};
    use serde::Deserialize;
    use serde::de::IgnoredAny;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub struct Stored {
        #[serde(default)]
        checksum: Option<IgnoredAny>,
        #[serde(default)]
        head: Option<IgnoredAny>,
        pub version: u32,
        next_id: u32,
        processes: Vec<Process2>,
        #[serde(default)]
        archived: Vec<Process2>,
    }

    /// A process as format 2 wrote it: as now, but for its marks.
    #[derive(Deserialize)]
    struct Process2 {
        #[serde(default)]
        marks: Vec<Mark2>,
        #[serde(flatten)]
        process: Process,
    }

    #[derive(Deserialize)]
    struct Mark2 {
        action: ActionKind,
        anchor: Anchor2,
        #[serde(default)]
        person: Option<String>,
        #[serde(default)]
        seq: u32,
        #[serde(flatten)]
        state: MarkState,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Anchor2 {
        Round(u32),
        Reply(u32),
        Process,
    }

    impl Stored {
        pub fn upgrade(self) -> super::Stored {
            super::Stored {
                checksum: None,
                version: self.version,
                next_id: Some(self.next_id),
                processes: self.processes.into_iter().map(Process2::upgrade).collect(),
                archived: self.archived.into_iter().map(Process2::upgrade).collect(),
            }
        }
    }

    impl Process2 {
        /// Gives the records their ids, then points every mark at them. A mark whose round or
        /// interviewer is gone gets an id of its own, which nothing has: kept, as before.
        fn upgrade(self) -> Process {
            let mut process = self.process;
            let mut n = 0;
            let base = u64::from(process.id) << 32;
            let mut fresh = || {
                n += 1;
                Uid(super::mix(base | n))
            };
            process.fill_uids(&mut fresh);
            for mark in self.marks {
                let nth = |n: u32| n.checked_sub(1).map(|i| i as usize);
                let round = match mark.anchor {
                    Anchor2::Round(n) => nth(n).and_then(|i| process.rounds.get(i)),
                    _ => None,
                };
                let anchor = match mark.anchor {
                    Anchor2::Round(_) => Anchor::Round(round.map_or_else(&mut fresh, |r| r.uid)),
                    Anchor2::Reply(n) => Anchor::Reply(
                        nth(n)
                            .and_then(|i| process.replies.get(i))
                            .map_or_else(&mut fresh, |r| r.uid),
                    ),
                    Anchor2::Process => Anchor::Process,
                };
                let person = mark.person.map(|name| {
                    round
                        .and_then(|r| r.interviewers.iter().find(|i| i.name == name))
                        .map_or_else(&mut fresh, |i| i.uid)
                });
                process.marks.push(Mark {
                    key: ActionKey {
                        action: mark.action,
                        anchor,
                        person,
                        seq: mark.seq,
                    },
                    state: mark.state,
                });
            }
            process
        }
    }
}

const CHECKSUM_START: &[u8] = b"{\n  \"checksum\": \"crc32:";
const CHECKSUM_END: &[u8] = b"\",\n";
const CHECKSUM_LINE_LEN: usize = CHECKSUM_START.len() + 8 + CHECKSUM_END.len();

impl Stored {
    fn parse(bytes: &[u8]) -> Result<Stored, Refused> {
        // A newer format may be checksummed or shaped otherwise: say so rather than "damaged".
        let damaged =
            |why: String| newer_format(bytes).map_or(Refused::Damaged(why), Refused::Newer);
        if !checksum_holds(bytes) {
            return Err(damaged(
                "its content does not match its checksum (if you edited it by hand and mean it, delete the \"checksum\" line)"
                    .to_string(),
            ));
        }
        let file = serde_json::from_slice::<Stored>(bytes).or_else(|err| {
            // Format 2 marks name rounds and replies by their place, interviewers by name.
            match serde_json::from_slice::<format2::Stored>(bytes) {
                Ok(old) if old.version == 2 => Ok(old.upgrade()),
                _ => Err(damaged(err.to_string())),
            }
        })?;
        if file.version > VERSION {
            Err(Refused::Newer(file.version))
        } else if file.version < OLDEST_VERSION {
            Err(Refused::Damaged(format!(
                "format version {} is not one this followup reads (it reads {OLDEST_VERSION} to {VERSION})",
                file.version
            )))
        } else if let Some(id) = file.duplicate() {
            Err(Refused::Damaged(format!("process id {id} is used twice")))
        } else {
            Ok(file)
        }
    }

    /// An id two processes of the file share (a hand edit): their actions would mix.
    fn duplicate(&self) -> Option<u32> {
        let mut seen = HashSet::new();
        self.processes
            .iter()
            .chain(&self.archived)
            .map(|p| p.id)
            .find(|id| !seen.insert(*id))
    }
}

/// Whether the checksum line, if there is one, matches the rest. No checksum line is fine: it
/// was written by hand, or deleted on purpose. One out of shape is damage.
fn checksum_holds(bytes: &[u8]) -> bool {
    if let Some(rest) = bytes.strip_prefix(CHECKSUM_START)
        && rest
            .get(8..)
            .is_some_and(|end| end.starts_with(CHECKSUM_END))
    {
        // Lowercase only, as written: an uppercase digit is a flipped bit too.
        let stated = std::str::from_utf8(&rest[..8])
            .ok()
            .filter(|h| h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        return stated == Some(crc32fast::hash(&bytes[CHECKSUM_LINE_LEN..]));
    }
    let head = &bytes[..bytes.len().min(CHECKSUM_LINE_LEN + 8)];
    !head.windows(b"checksum".len()).any(|w| w == b"checksum")
}

/// The format version of a file written by a newer followup, if it is one.
fn newer_format(bytes: &[u8]) -> Option<u32> {
    #[derive(Deserialize)]
    struct Probe {
        version: u32,
    }
    serde_json::from_slice::<Probe>(bytes)
        .ok()
        .map(|probe| probe.version)
        .filter(|version| *version > VERSION)
}

/// The error for a file of a newer format, if it is one.
fn newer_version(bytes: &[u8], path: &Path) -> Option<anyhow::Error> {
    newer_format(bytes).map(|version| newer(path, version))
}

fn newer(path: &Path, version: u32) -> anyhow::Error {
    anyhow::Error::new(Newer {
        path: path.to_path_buf(),
        version,
    })
}

/// A store file written by a newer followup: never replaced, not even by `undo`.
#[derive(Debug)]
struct Newer {
    path: PathBuf,
    version: u32,
}

impl std::fmt::Display for Newer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "store {} has format version {}, newer than this followup understands ({VERSION}); it was left untouched: upgrade followup",
            self.path.display(),
            self.version
        )
    }
}

impl std::error::Error for Newer {}

/// Refuses to replace the store in `dir` when a newer followup wrote it.
fn refuse_newer(dir: &Path) -> Result<()> {
    for file in [STORE_FILE, ARCHIVE_FILE] {
        let path = dir.join(file);
        if let Some(err) = read_bytes(&path)?.and_then(|bytes| newer_version(&bytes, &path)) {
            return Err(err);
        }
    }
    Ok(())
}

fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("could not read store {}", path.display())),
    }
}

/// Reads the store of a folder (the data folder or a backup's): `store.json`, and with `whole`
/// `archive.json` too. A missing store is empty.
fn read_folder(dir: &Path, whole: bool) -> Result<Data> {
    let path = dir.join(STORE_FILE);
    let mut data = match read_bytes(&path)? {
        Some(bytes) => Data::from_bytes(&bytes, &path)?,
        None if dir.join(ARCHIVE_FILE).exists() => anyhow::bail!(
            "store {} is missing, but its archive {ARCHIVE_FILE} is there: nothing was changed",
            path.display()
        ),
        None => Data::default(),
    };
    // A format 2 store holds its archive; an archive beside it is from an interrupted upgrade.
    if whole && data.version >= 3 {
        data.add(read_archive(dir)?);
    }
    Ok(data)
}

fn read_archive(dir: &Path) -> Result<Vec<Process>> {
    let path = dir.join(ARCHIVE_FILE);
    match read_bytes(&path)? {
        Some(bytes) => Ok(Data::from_bytes(&bytes, &path)?.processes),
        None => Ok(Vec::new()),
    }
}

/// Reads the whole store in `dir` without taking the lock or creating anything. A missing store
/// is empty; a damaged one is refused with the way back to the newest good backup.
pub fn read(dir: &Path) -> Result<Data> {
    check_private(dir)?;
    read_folder(dir, true).map_err(|err| point_to_backup(dir, err))
}

/// Reads what is in play (as the last change judged it, see [`InPlay`]): all that `due` and
/// `list` need, from `store.json` alone. A process out of play may be among them (a hand edit, a
/// format 2 store, a gracious reply that expired since).
pub fn read_in_play(dir: &Path) -> Result<Data> {
    check_private(dir)?;
    read_folder(dir, false).map_err(|err| point_to_backup(dir, err))
}

/// Refuses a data folder, or its backups, that someone else could write to: they could plant
/// records, or a backup for `undo` to restore. The way to fix it is in the message, as ssh does.
fn check_private(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    for folder in [dir.to_path_buf(), dir.join(BACKUP_DIR)] {
        let meta = match fs::metadata(&folder) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(err).with_context(|| format!("could not read {}", folder.display()));
            }
        };
        if meta.uid() != me {
            anyhow::bail!(
                "the data folder {} belongs to another user (uid {}), who could change your records: use a folder of your own, or as its owner run `chown -R {me} {}`",
                folder.display(),
                meta.uid(),
                dir.display()
            );
        }
        if meta.mode() & 0o022 != 0 {
            anyhow::bail!(
                "the data folder {} can be written by others (mode {:o}), who could plant records or backups in it: make it yours alone with `chmod 700 {}`",
                folder.display(),
                meta.mode() & 0o777,
                folder.display()
            );
        }
    }
    Ok(())
}

fn point_to_backup(dir: &Path, err: anyhow::Error) -> anyhow::Error {
    // A newer store is not damaged, and no older backup is the way out: an upgrade is.
    if err.is::<Newer>() {
        return err;
    }
    let good = backups(dir)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find(|b| b.read().is_ok());
    match good {
        Some(backup) => anyhow::anyhow!(
            "{err:#}. The newest good backup is {}: restore it with `followup undo --restore {}`",
            backup.path.display(),
            backup.name,
        ),
        None => err,
    }
}

/// Whether a process, among all, stays in `store.json` rather than the archive: the command
/// layer judges it (`rules::in_play_at`, at its moment and by its policy).
pub type InPlay<'a> = &'a dyn Fn(&Process, &[Process]) -> bool;

/// The store opened for a change: holds the lock until dropped. It holds what is in play; a
/// change that needs the archive too (a process found by name, a removal) calls `load_archive`.
pub struct Store {
    dir: PathBuf,
    pub data: Data,
    /// Whether the archive is read into `data`.
    archived: bool,
    _lock: File,
}

impl Store {
    /// Creates the data folder if needed (0700), takes the lock, then reads what is in play.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        let lock = lock(dir)?;
        let data = read_in_play(dir)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            data,
            archived: false,
            _lock: lock,
        })
    }

    /// Adds the archive to `data`.
    pub fn load_archive(&mut self) -> Result<()> {
        // A format 2 store holds its archive.
        if !self.archived && self.data.version >= 3 {
            let archive = read_archive(&self.dir).map_err(|e| point_to_backup(&self.dir, e))?;
            self.data.add(archive);
        }
        self.archived = true;
        Ok(())
    }

    /// Keeps the version being replaced in `backups/`, then writes the store. `command` and
    /// `at` say what made the change, for `undo --list`; `in_play` says which processes stay in
    /// `store.json` (the others go to the archive). A new record gets a random id.
    pub fn save(&mut self, command: &str, at: Time, in_play: InPlay) -> Result<()> {
        for process in &mut self.data.processes {
            process.fill_uids(|| Uid(fastrand::u64(..)));
        }
        let archive = if self.archived {
            Archive::Read
        } else {
            Archive::Unread
        };
        write(&self.dir, &self.data, archive, command, at, in_play)
    }
}

/// What a write knows of the archive.
enum Archive {
    /// It is in the data.
    Read,
    /// It was not read: the data holds what is in play.
    Unread,
    /// The data replaces the store, whatever it was (`undo`).
    Replaced,
}

/// Writes `data` as the store in `dir`, keeping the files it replaces as the newest backup.
///
/// No moment of the write leaves a process in neither file, nor a change half made: first the
/// archive gains the processes entering it (all else in it as it was), then `store.json` is
/// replaced, then the archive takes its new content. A process in both files is `store.json`'s.
/// A backup of a change that failed before any file was replaced is dropped, so `undo` never
/// undoes something that did not happen; after that, it is kept.
fn write(
    dir: &Path,
    data: &Data,
    archive: Archive,
    command: &str,
    at: Time,
    in_play: InPlay,
) -> Result<()> {
    let path = dir.join(STORE_FILE);
    let archive_path = dir.join(ARCHIVE_FILE);
    let (play, out): (Vec<&Process>, Vec<&Process>) = data
        .processes
        .iter()
        .partition(|p| in_play(p, &data.processes));
    // Nothing newly out of play, and the archive not read: it stays as it is.
    let untouched = matches!(archive, Archive::Unread) && out.is_empty() && data.version >= 3;
    // A format 2 store holds its archive: there is no archive file to keep.
    let old: Vec<Process> = match archive {
        _ if untouched || data.version < 3 => Vec::new(),
        Archive::Replaced => read_archive(dir).unwrap_or_default(),
        Archive::Read | Archive::Unread => read_archive(dir)?,
    };
    // The archive's first step and its new content, or `None` when it is not touched.
    let steps: Option<(Vec<&Process>, Vec<&Process>)> = (!untouched).then(|| {
        let mut new: Vec<&Process> = match archive {
            // Newly out of play: added to the archive as it is.
            Archive::Unread => {
                let mine: HashSet<u32> = data.processes.iter().map(|p| p.id).collect();
                old.iter()
                    .filter(|p| !mine.contains(&p.id))
                    .chain(out)
                    .collect()
            }
            Archive::Read | Archive::Replaced => out,
        };
        new.sort_by_key(|p| p.id);
        let held: HashSet<u32> = old.iter().map(|p| p.id).collect();
        let mut first: Vec<&Process> = old.iter().collect();
        first.extend(new.iter().copied().filter(|p| !held.contains(&p.id)));
        first.sort_by_key(|p| p.id);
        (first, new)
    });
    let backup = keep_backup(dir, command, at)
        .with_context(|| format!("store {} was not changed", path.display()))?;
    let mut replaced = false;
    let written = (|| -> Result<()> {
        let mut replace = |path: &Path, bytes: &[u8]| -> Result<()> {
            let target = files::replace(path, bytes, false)?;
            replaced = true;
            // On disk before the next rename, whatever the file system's ordering. A linked
            // file is replaced in its target's folder.
            files::sync_folder(files::folder(&target))
        };
        let store_bytes = file_bytes(Some(data.next_id), &play);
        let Some((first, new)) = &steps else {
            return replace(&path, &store_bytes);
        };
        let first_bytes = file_bytes(None, first);
        // No archive is an empty one.
        let unchanged = match read_bytes(&archive_path)? {
            Some(current) => current == first_bytes,
            None => first.is_empty(),
        };
        if !unchanged {
            replace(&archive_path, &first_bytes)?;
        }
        replace(&path, &store_bytes)?;
        let new_bytes = file_bytes(None, new);
        if new_bytes != first_bytes {
            replace(&archive_path, &new_bytes)?;
        }
        Ok(())
    })();
    match written {
        Err(err) if !replaced => {
            if let Some(backup) = backup {
                backup.discard();
            }
            Err(err.context(format!("store {} was not changed", path.display())))
        }
        Err(err) => Err(err.context(format!(
            "the change to the store in {} may be only partly written: `followup undo` puts back the version before it",
            dir.display()
        ))),
        Ok(()) => backup.map_or(Ok(()), NewBackup::keep),
    }
}

/// Creates the data folder if needed (0700), takes the lock and clears what killed writers left:
/// we hold the lock, so their temp files are stale, and a backup of a change that never got to
/// replace a file would undo nothing.
///
/// The lock is on the folder itself, which cannot be deleted or replaced under a writer the way
/// a lock file could.
fn lock(dir: &Path) -> Result<File> {
    if !dir.is_dir() {
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("could not create folder {}", parent.display()))?;
        }
        create_private_dir(dir)?;
        // The new folder's entry must reach the disk too.
        if let Some(parent) = dir.parent() {
            files::sync_folder(parent)?;
        }
    }
    check_private(dir)?;
    let lock = File::open(dir)
        .and_then(|folder| folder.lock().map(|()| folder))
        .with_context(|| format!("could not lock the data folder {}", dir.display()))?;
    for (folder, of) in [
        (dir.to_path_buf(), STORE_FILE),
        (dir.to_path_buf(), ARCHIVE_FILE),
        (dir.join(BACKUP_DIR), NEW_BACKUP),
    ] {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name
                .to_str()
                .is_some_and(|name| files::is_temp_of(name, of))
            {
                let stale = entry.path();
                remove(&stale)
                    .with_context(|| format!("could not remove stale {}", stale.display()))?;
            }
        }
    }
    drop_orphan_backup(dir)?;
    Ok(lock)
}

/// Removes the newest backup if it holds the store as it is: a writer killed after keeping it
/// and before replacing any file left it, and `undo` would restore nothing with it.
fn drop_orphan_backup(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(newest) = backups(dir)?.pop().filter(|b| b.path.is_dir()) else {
        return Ok(());
    };
    let same = |name: &str| -> Result<bool> {
        let (kept, current) = (newest.path.join(name), files::target(&dir.join(name))?);
        Ok(match (fs::metadata(&kept), fs::metadata(&current)) {
            (Ok(a), Ok(b)) if a.dev() == b.dev() && a.ino() == b.ino() => true,
            // A copy, where links were not possible.
            (Ok(a), Ok(b)) => a.len() == b.len() && fs::read(&kept)? == fs::read(&current)?,
            (Err(_), Err(_)) => true,
            _ => false,
        })
    };
    if same(STORE_FILE)? && same(ARCHIVE_FILE)? {
        newest
            .remove()
            .with_context(|| format!("could not remove {}", newest.path.display()))?;
        files::sync_folder(&dir.join(BACKUP_DIR))?;
    }
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    match DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err).with_context(|| format!("could not create folder {}", dir.display())),
    }
}

/// How many earlier versions `backups/` keeps.
pub const KEEP_BACKUPS: usize = 20;
pub const BACKUP_DIR: &str = "backups";
/// The command name of a backup taken by `undo` itself.
pub const UNDO: &str = "undo";
/// A backup being made: `.new.PID.tmp`, renamed to its name once whole.
const NEW_BACKUP: &str = "new";

/// One kept version of the store: a folder `backups/NNNNNN-YYYYMMDDTHHMMSSZ-command` holding the
/// store's files as they were (or, from format 2, one file of that name with `.json`).
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
        let stem = name.strip_suffix(".json").unwrap_or(name);
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

    /// The records it holds.
    pub fn read(&self) -> Result<Data> {
        if self.path.is_dir() {
            read_folder(&self.path, true)
        } else {
            let bytes = fs::read(&self.path)
                .with_context(|| format!("could not read backup {}", self.path.display()))?;
            Data::from_bytes(&bytes, &self.path)
        }
    }

    fn remove(&self) -> io::Result<()> {
        remove(&self.path)
    }
}

/// Removes a file, or a folder and all it holds.
fn remove(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
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

/// A backup just made, before the change it precedes is known to have gone through.
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
            old.remove()
                .with_context(|| format!("could not remove old backup {}", old.path.display()))?;
        }
        if excess > 0 {
            files::sync_folder(files::folder(&self.path))?;
        }
        Ok(())
    }

    /// The change failed: this backup would undo nothing.
    fn discard(self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Keeps the store's files as they are as the newest backup, whole or not at all: linked (they
/// are replaced, never written in place) into a new folder, which is then renamed. `None` when
/// there is no store yet.
fn keep_backup(dir: &Path, command: &str, at: Time) -> Result<Option<NewBackup>> {
    let present: Vec<&str> = [STORE_FILE, ARCHIVE_FILE]
        .into_iter()
        .filter(|name| dir.join(name).exists())
        .collect();
    if present.is_empty() {
        return Ok(None);
    }
    let folder = dir.join(BACKUP_DIR);
    create_private_dir(&folder)?;
    let older = backups(dir)?;
    let seq = older.last().map_or(1, |b| b.seq + 1);
    let name = format!(
        "{seq:06}-{}-{command}",
        at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
    );
    let temp = folder.join(format!(".{NEW_BACKUP}.{}.tmp", std::process::id()));
    let made = (|| -> io::Result<()> {
        let _ = fs::remove_dir_all(&temp);
        DirBuilder::new().mode(0o700).create(&temp)?;
        for file in &present {
            // A linked file is kept as it is, not as a link.
            let from = files::target(&dir.join(file)).map_err(io::Error::other)?;
            let to = temp.join(file);
            // Where links are not possible, a copy.
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to)?;
                File::open(&to)?.sync_all()?;
            }
            // Private like every backup, whatever was done to the store by hand.
            fs::set_permissions(&to, fs::Permissions::from_mode(0o600))?;
        }
        File::open(&temp)?.sync_all()?;
        fs::rename(&temp, folder.join(&name))?;
        File::open(&folder)?.sync_all()
    })();
    if let Err(err) = made {
        let _ = fs::remove_dir_all(&temp);
        return Err(err)
            .with_context(|| format!("could not keep a backup in {}", folder.display()));
    }
    Ok(Some(NewBackup {
        path: folder.join(name),
        older,
    }))
}

/// Puts a kept version back as the store: the one `choose` picks from the kept versions (oldest
/// first), which it returns. Everything is decided under the lock, so a change made meanwhile is
/// among the versions to choose from. The store being replaced, readable or not, is kept as a
/// backup of its own (command `undo`), so an undo can itself be undone with `--restore`; a store
/// of a newer format is never replaced.
pub fn restore(
    dir: &Path,
    at: Time,
    in_play: InPlay,
    choose: impl FnOnce(&[Backup]) -> Result<&Backup>,
) -> Result<Backup> {
    let _lock = lock(dir)?;
    refuse_newer(dir)?;
    let kept = backups(dir)?;
    let backup = choose(&kept)?.clone();
    let data = backup.read()?;
    write(dir, &data, Archive::Replaced, UNDO, at, in_play)?;
    // Restoring the oldest of a full set, the write's own pruning removed it already.
    match backup.remove() {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err)
            .with_context(|| format!("could not remove restored backup {}", backup.path.display())),
        _ => files::sync_folder(&dir.join(BACKUP_DIR)),
    }?;
    Ok(backup)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::fault;
    use crate::model::Process;
    use crate::rules;
    use chrono::DateTime;

    fn at() -> Time {
        DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap()
    }

    fn process(id: u32) -> Process {
        Process {
            applied: None,
            contact: None,
            external_ref: None,
            link: None,
            uid: Uid(u64::from(id)),
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
    fn processes_out_of_play_are_archived_and_read_only_when_asked() {
        use crate::model::{Closure, Outcome};
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let mut declined = process(2);
        declined.closed = Some(Closure {
            outcome: Outcome::Withdrawn,
            at: at(),
        });
        store.data.processes = vec![process(1), declined.clone(), process(3)];
        store.data.next_id = 4;
        store.save("add", at(), &rules::in_play_among).unwrap();
        drop(store);
        let ids = |data: &Data| data.processes.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(&read(dir.path()).unwrap()), [1, 2, 3]);
        let in_play = read_in_play(dir.path()).unwrap();
        assert_eq!((ids(&in_play), in_play.next_id), (vec![1, 3], 4));
        let archive = read_archive(dir.path()).unwrap();
        assert_eq!(archive, [declined.clone()]);

        // A change that does not need the archive leaves it alone, even damaged.
        fs::write(dir.path().join(ARCHIVE_FILE), b"{").unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        store.data.processes[0].role = "Lead".into();
        store.save("edit", at(), &rules::in_play_among).unwrap();
        assert!(read(dir.path()).is_err(), "a damaged archive is damage");
        drop(store);

        // A process in both files (a crash between the two writes of a change) is the store's.
        let mut reopened = declined;
        reopened.closed = None;
        reopened.role = "Reopened".into();
        let mut data = read_in_play(dir.path()).unwrap();
        data.processes.push(reopened);
        fs::write(dir.path().join(STORE_FILE), data.to_bytes()).unwrap();
        fs::write(
            dir.path().join(ARCHIVE_FILE),
            file_bytes(None, &[&archive[0]]),
        )
        .unwrap();
        let whole = read(dir.path()).unwrap();
        assert_eq!(ids(&whole), [1, 2, 3]);
        assert_eq!(whole.processes[1].role, "Reopened");
    }

    #[test]
    fn moving_between_the_files_never_leaves_a_process_in_neither() {
        use crate::model::{Closure, Outcome};
        use fault::Step;
        let closed = |mut p: Process| {
            p.closed = Some(Closure {
                outcome: Outcome::Withdrawn,
                at: at(),
            });
            p
        };
        // Into the archive (closing #2), and out of it (reopening #3), each failing at every
        // write of the files: every process is still found, in one state or the other.
        for reopen in [false, true] {
            for failing in [Step::Create, Step::Rename] {
                for nth in 0..3 {
                    let tmp = tempfile::tempdir().unwrap();
                    let dir = tmp.path();
                    let mut store = Store::open_dir(dir).unwrap();
                    store.data.processes = vec![process(1), process(2), closed(process(3))];
                    store.data.next_id = 4;
                    store.save("add", at(), &rules::in_play_among).unwrap();
                    drop(store);
                    let mut store = Store::open_dir(dir).unwrap();
                    store.load_archive().unwrap();
                    if reopen {
                        store.data.processes[2].closed = None;
                    } else {
                        store.data.processes[1] = closed(process(2));
                    }
                    let result = fault::fail_nth(failing, nth, || {
                        store.save("close", at(), &rules::in_play_among)
                    });
                    drop(store);
                    let whole = read(dir).unwrap();
                    let ids: Vec<u32> = whole.processes.iter().map(|p| p.id).collect();
                    assert_eq!(ids, [1, 2, 3], "{reopen} {failing:?} {nth}: {result:?}");
                }
            }
        }
    }

    #[test]
    fn a_change_failing_partway_loses_nothing_and_applies_nothing_to_the_archive() {
        use crate::model::{Closure, Outcome};
        use fault::Step;
        let closed = |mut p: Process| {
            p.closed = Some(Closure {
                outcome: Outcome::Withdrawn,
                at: at(),
            });
            p
        };
        let setup = |dir: &Path| {
            add_one(dir, "add");
            let mut store = Store::open_dir(dir).unwrap();
            store.data.processes.push(closed(process(2)));
            store.data.next_id = 3;
            store.save("close", at(), &rules::in_play_among).unwrap();
        };
        // An undo back to #1 alone, its store.json write failing: #2 is still there.
        for nth in 0..3 {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("data");
            add_one(&dir, "add");
            let mut store = Store::open_dir(&dir).unwrap();
            store.data.processes.push(closed(process(2)));
            store.data.next_id = 3;
            store.save("close", at(), &rules::in_play_among).unwrap();
            drop(store);
            let result = fault::fail_nth(Step::Rename, nth, || {
                restore(&dir, at(), &rules::in_play_among, |kept| Ok(&kept[0]))
            });
            let ids: Vec<u32> = read(&dir).unwrap().processes.iter().map(|p| p.id).collect();
            if result.is_err() {
                assert_eq!(ids, [1, 2], "rename {nth} failed: {result:?}");
            } else {
                // Undone: the version it replaced, with #2, is kept.
                assert_eq!(ids, [1]);
                let kept = backups(&dir).unwrap();
                assert!(kept.iter().any(|b| b.read().unwrap().process(2).is_some()));
            }
        }
        // A note on archived #2 whose store write fails is not half made.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        setup(&dir);
        let mut store = Store::open_dir(&dir).unwrap();
        store.load_archive().unwrap();
        store.data.processes[1].role = "Noted".into();
        let result = fault::fail_nth(Step::Rename, 0, || {
            store.save("note", at(), &rules::in_play_among)
        });
        drop(store);
        assert!(result.is_err());
        assert_eq!(read(&dir).unwrap().processes[1].role, "Engineer");
        // Restoring the oldest backup of a full set succeeds.
        for _ in 0..KEEP_BACKUPS {
            add_one(&dir, "add");
        }
        restore(&dir, at(), &rules::in_play_among, |kept| Ok(&kept[0])).unwrap();
    }

    #[test]
    fn a_store_missing_beside_its_archive_is_damage() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(ARCHIVE_FILE), file_bytes(None, &[])).unwrap();
        let err = format!("{:#}", read_in_play(tmp.path()).unwrap_err());
        assert!(err.contains("is missing"), "{err}");
    }

    #[test]
    fn save_then_read_is_identity_with_private_modes() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/data");
        let mut store = Store::open_dir(&dir).unwrap();
        let id = store.data.allocate_id().unwrap();
        store.data.processes.push(process(id));
        store.save("add", at(), &rules::in_play_among).unwrap();
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
        assert_eq!(names, ["store.json"]);
        // The file is the format and the checksum the reader checks.
        let text = fs::read_to_string(dir.join(STORE_FILE)).unwrap();
        assert!(text.starts_with("{\n  \"checksum\": \"crc32:"), "{text}");
        assert!(text.contains("\n  \"version\": 5,\n"), "{text}");
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
    fn a_format_3_file_is_read_as_it_is() {
        let mut data = Data::default();
        data.processes.push(process(1));
        let text = String::from_utf8(data.to_bytes()).unwrap();
        let three: String = text
            .replace("\"version\": 5,", "\"version\": 3,")
            .lines()
            .filter(|l| !l.contains("checksum"))
            .collect::<Vec<_>>()
            .join("\n");
        let read = Data::from_bytes(three.as_bytes(), Path::new("s")).unwrap();
        assert_eq!((read.version, read.processes), (3, data.processes));
    }

    #[test]
    fn a_format_4_file_is_read_as_it_is_and_an_external_reference_is_kept() {
        let mut data = Data::default();
        data.processes.push(process(1));
        let text = String::from_utf8(data.to_bytes()).unwrap();
        let four: String = text
            .replace("\"version\": 5,", "\"version\": 4,")
            .lines()
            .filter(|l| !l.contains("checksum"))
            .collect::<Vec<_>>()
            .join("\n");
        let read = Data::from_bytes(four.as_bytes(), Path::new("s")).unwrap();
        assert_eq!((read.version, &read.processes), (4, &data.processes));
        // Format 5 keeps the reference through a write and a read.
        data.processes[0].external_ref = Some("JOB_20261102_001".into());
        let bytes = data.to_bytes();
        assert!(String::from_utf8_lossy(&bytes).contains("\"external_ref\": \"JOB_20261102_001\""));
        let back = Data::from_bytes(&bytes, Path::new("s")).unwrap();
        assert_eq!(back.processes, data.processes);
    }

    #[test]
    fn a_declined_offer_of_an_older_format_owes_no_decline_note() {
        let mut data = Data::default();
        let mut declined = process(1);
        declined.closed = Some(crate::model::Closure {
            outcome: Outcome::Declined,
            at: at(),
        });
        data.processes.push(declined);
        let text = String::from_utf8(data.to_bytes()).unwrap();
        let read = |version: &str| {
            let text: String = text
                .replace("\"version\": 5,", version)
                .lines()
                .filter(|l| !l.contains("checksum"))
                .collect::<Vec<_>>()
                .join("\n");
            Data::from_bytes(text.as_bytes(), Path::new("s")).unwrap()
        };
        let plan = |data: &Data| {
            crate::rules::plan(&data.processes, &crate::policy::Policy::default(), &at())
                .iter()
                .map(|a| a.kind())
                .collect::<Vec<_>>()
        };
        assert_eq!(plan(&read("\"version\": 5,")), [ActionKind::Decline]);
        assert_eq!(plan(&read("\"version\": 4,")), [ActionKind::Decline]);
        let old = read("\"version\": 3,");
        assert!(plan(&old).is_empty());
        assert!(!crate::rules::in_play(&old.processes[0]));
    }

    #[test]
    fn ids_are_never_reused() {
        let mut data = Data::default();
        let first = data.allocate_id().unwrap();
        data.processes.push(process(first));
        let second = data.allocate_id().unwrap();
        data.processes.retain(|p| p.id != second);
        let third = data.allocate_id().unwrap();
        assert_eq!((first, second, third), (1, 2, 3));
        // At the top of the range, none is given twice: none at all.
        data.processes.push(process(u32::MAX - 1));
        data.add(Vec::new());
        assert_eq!(data.allocate_id(), None);
        data.processes.push(process(u32::MAX));
        data.add(Vec::new());
        assert_eq!((data.allocate_id(), data.allocate_id()), (None, None));
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
        let id = store.data.allocate_id().unwrap();
        store.data.processes.push(process(id));
        store.save(command, at(), &rules::in_play_among).unwrap();
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
        let newest = kept.last().unwrap().read().unwrap();
        assert_eq!(newest.processes.len(), 24);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join(BACKUP_DIR)), 0o700);
        assert_eq!(mode(&kept[0].path), 0o700);
        assert_eq!(mode(&kept[0].path.join(STORE_FILE)), 0o600);
    }

    #[test]
    fn restore_puts_a_version_back_and_sets_the_current_one_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        add_one(&dir, "add");
        add_one(&dir, "add");
        restore(&dir, at(), &rules::in_play_among, |kept| Ok(&kept[0])).unwrap();
        assert_eq!(read(&dir).unwrap().processes.len(), 1);
        let kept = backups(&dir).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].command, UNDO);
        restore(&dir, at(), &rules::in_play_among, |kept| Ok(&kept[0])).unwrap();
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
        let temp_files = |dir: &Path| {
            fs::read_dir(dir)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".tmp")
                })
                .count()
        };
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
            let id = store.data.allocate_id().unwrap();
            store.data.processes.push(process(id));
            let after = store.data.to_bytes();
            FAIL_AT.with(|f| f.set(Some(step)));
            let result = store.save("add", at(), &rules::in_play_among);
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
                assert!(err.contains("may be only partly written"), "{err}");
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
            assert_eq!(temp_files(&dir), 0, "{step:?}: no temp file left");
        }
    }

    mod round_trip {
        use super::super::*;
        use crate::model::*;
        use crate::testing::Shape;
        use proptest::prelude::*;

        proptest! {
            /// What is saved is what is loaded, whatever the text in it.
            #[test]
            fn load_of_save_is_the_identity(mut processes in prop::collection::vec(Shape::Store.process(), 0..6), next_id in 1000u32..5000) {
                // The store keeps processes in the order of their ids, which are unique.
                processes.sort_by_key(|p| p.id);
                processes.dedup_by_key(|p| p.id);
                // Every record has its id by the time it is saved.
                let mut n = 0;
                for p in &mut processes {
                    p.fill_uids(|| {
                        n += 1;
                        Uid(n)
                    });
                }
                let data = Data { version: VERSION, next_id, processes };
                let bytes = data.to_bytes();
                let loaded = Data::from_bytes(&bytes, Path::new("store.json")).unwrap();
                prop_assert_eq!(loaded, data);
            }
        }
    }
}
