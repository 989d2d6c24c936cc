//! What `due` keeps between runs: its plan, ready to print, in `due.cache` beside the store.
//!
//! `due` runs every morning, from shell start-up files and status bars, while the store changes
//! a few times a day. The cache holds every pending action with its words (which depend only on
//! the records, the settings, the time zone and the year), so that an unchanged store is neither
//! read nor planned again. Every change writes it; `due` writes it when it had to read the store.
//! It is used only when its key line matches:
//!
//! - the store file's stamp (device, inode, size, modification time, checksum and head lines):
//!   every change replaces the file, so it gets a new inode;
//! - the settings (the whole policy), the time zone (`TZ`, checksums of the zone files, the
//!   offset now) and the year;
//! - this program (its version, and the inode, size and change time of its executable).
//!
//! A store without a checksum line (edited by hand) must also have been left alone for `SETTLE`
//! when its stamp was taken, so that an edit in place within the same tick of the file system's
//! clock cannot go unseen; with one, any change but damage changes the line. Its own CRC-32
//! guards against a torn or damaged cache, which is then simply ignored and rewritten. The file
//! is private (0600), written to a temp file and renamed; a failure to write it is not an error,
//! since it only costs time.

use super::{Plan, Row};
use crate::cmd::Context;
use crate::model::Time;
use crate::store::{DUE_CACHE_FILE, Stamp};
use chrono::{Datelike, FixedOffset, Offset, TimeZone};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The first words of the file; the number changes with the layout.
const MAGIC: &str = "followup due cache 1";

/// How long after the store's last modification a cache may be trusted. File times move in
/// ticks of the kernel's clock (a few milliseconds); two seconds also cover coarser file systems.
const SETTLE: Duration = Duration::from_secs(2);

/// Everything the cached plan depends on besides the store's content, on one line; `None` when
/// something cannot be known.
pub fn key(ctx: &Context, stamp: &Stamp) -> Option<String> {
    let exe = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let key = format!(
        "{} exe {}:{}:{}.{} store {}:{}:{} {:?} {} policy {:?} zone {} {} year {}",
        env!("CARGO_PKG_VERSION"),
        exe.ino(),
        exe.len(),
        exe.ctime(),
        exe.ctime_nsec(),
        stamp.device,
        stamp.inode,
        stamp.len,
        stamp.modified,
        stamp.lines.escape_ascii(),
        ctx.policy,
        zone(),
        ctx.now.offset().fix().local_minus_utc(),
        ctx.now.year(),
    );
    (!key.contains('\n')).then_some(key)
}

/// The local time zone's rules as the system gives them: `TZ`, and a checksum of each file the
/// zone may be read from (the file `TZ` names, `/etc/localtime`, `/etc/timezone` and the file
/// it names), so that an update of the zone data is seen too.
fn zone() -> String {
    const ZONE_FOLDERS: [&str; 4] = [
        "/usr/share/zoneinfo",
        "/share/zoneinfo",
        "/etc/zoneinfo",
        "/usr/share/lib/zoneinfo",
    ];
    let candidates = |name: &str| -> Vec<std::path::PathBuf> {
        let name = Path::new(name.strip_prefix(':').unwrap_or(name));
        if name.is_absolute() {
            vec![name.to_path_buf()]
        } else {
            ZONE_FOLDERS
                .iter()
                .map(|folder| Path::new(folder).join(name))
                .collect()
        }
    };
    let tz = std::env::var_os("TZ");
    let named = fs::read_to_string("/etc/timezone").unwrap_or_default();
    let mut files = vec![
        Path::new("/etc/localtime").to_path_buf(),
        Path::new("/etc/timezone").to_path_buf(),
    ];
    if !named.trim().is_empty() {
        files.extend(candidates(named.trim()));
    }
    if let Some(tz) = &tz {
        files.extend(candidates(&tz.to_string_lossy()));
    }
    let mut text = format!("{tz:?}");
    for path in files {
        match fs::read(path) {
            Ok(bytes) => write!(text, " {:08x}", crc32fast::hash(&bytes)),
            Err(_) => write!(text, " -"),
        }
        .ok();
    }
    text
}

/// The cache's text when it was written for `key`, settled and intact.
pub fn load(dir: &Path, stamp: &Stamp, key: &str) -> Option<String> {
    let mut file = File::open(dir.join(DUE_CACHE_FILE)).ok()?;
    // `save` writes only settled plans; a cache written too soon came from elsewhere.
    let written = file.metadata().ok()?.modified().ok()?;
    if !settled(stamp, written) {
        return None;
    }
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    let (first, rest) = text.split_once('\n')?;
    let crc = first.strip_prefix(MAGIC)?.strip_prefix(" crc32:")?;
    if u32::from_str_radix(crc, 16).ok()? != crc32fast::hash(rest.as_bytes()) {
        return None;
    }
    (rest.split_once('\n')?.0 == key).then_some(text)
}

/// Whether a stamp taken at `taken` tells for sure which content the store has. With a checksum
/// line, any change but damage changes the line. Without one (a store edited by hand), the store
/// must have been left alone for `SETTLE` before: an edit in place in the same tick of the file
/// system's clock, of the same size, would leave the stamp as it was.
fn settled(stamp: &Stamp, taken: SystemTime) -> bool {
    stamp.checksummed()
        || stamp
            .modified
            .checked_add(SETTLE)
            .is_some_and(|settled| taken >= settled)
}

/// The plan in a text `load` accepted: borrowed from it, nothing copied.
///
/// After the magic, key and counts lines, each action is a line of numbers, a tab, then its texts
/// one after the other: `FROM BY SNOOZED LENGTHS\tTEXTS\n`, where a moment is three numbers
/// (`put_time`), BY is `-` when there is no deadline, and LENGTHS are the byte lengths of the
/// process, title, reason, instructions (`-` when none) and done command. Lengths rather than
/// separators: a parse then never scans the texts.
pub fn parse(text: &str) -> Option<Plan<'_>> {
    let mut rest = text;
    let mut line = || {
        let (line, after) = rest.split_once('\n')?;
        rest = after;
        Some(line)
    };
    // The magic and key lines, checked by `load`.
    line()?;
    line()?;
    let (open, accepted) = line()?.strip_prefix("processes ")?.split_once(' ')?;
    let mut plan = Plan {
        open: open.parse().ok()?,
        accepted: flag(accepted)?,
        rows: Vec::new(),
    };
    while !rest.is_empty() {
        let tab = rest.bytes().position(|b| b == b'\t')?;
        // Not `split(' ')`, made for long texts: these are a few digits.
        let mut numbers = rest[..tab].split_ascii_whitespace();
        let mut number = || numbers.next();
        let from = time(number()?, number()?, number()?)?;
        let by = match number()? {
            "-" => None,
            seconds => Some(time(seconds, number()?, number()?)?),
        };
        let snoozed = flag(number()?)?;
        let mut lengths = [0; 5];
        for (index, length) in lengths.iter_mut().enumerate() {
            *length = match number()? {
                "-" if index == 3 => usize::MAX,
                digits => digits.parse().ok()?,
            };
        }
        if numbers.next().is_some() {
            return None;
        }
        rest = &rest[tab + 1..];
        let mut take = |length: usize| {
            let text = rest.get(..length)?;
            rest = &rest[length..];
            Some(Cow::Borrowed(text))
        };
        plan.rows.push(Row {
            from,
            by,
            snoozed,
            process: take(lengths[0])?,
            title: take(lengths[1])?,
            reason: take(lengths[2])?,
            instructions: match lengths[3] {
                usize::MAX => None,
                length => Some(take(length)?),
            },
            done: take(lengths[4])?,
        });
        rest = rest.strip_prefix('\n')?;
    }
    Some(plan)
}

fn flag(text: &str) -> Option<bool> {
    match text {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    }
}

/// Writes the cache for `key`, unless the store had changed too recently to be trusted when its
/// stamp was taken (`started` is a moment before that).
pub fn save(dir: &Path, stamp: &Stamp, key: &str, plan: &Plan, started: SystemTime) {
    if !settled(stamp, started) {
        return;
    }
    let text = text(key, plan);
    // A name of its own: two runs may write at once.
    let temp = dir.join(format!("{DUE_CACHE_FILE}.{}.tmp", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .and_then(|()| fs::rename(&temp, dir.join(DUE_CACHE_FILE)));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
}

/// The whole file.
pub fn text(key: &str, plan: &Plan) -> String {
    let body = body(key, plan);
    format!(
        "{MAGIC} crc32:{:08x}\n{body}",
        crc32fast::hash(body.as_bytes())
    )
}

/// The file after its first line.
fn body(key: &str, plan: &Plan) -> String {
    let mut out = String::with_capacity(key.len() + 64 + plan.rows.len() * 256);
    let _ = writeln!(out, "{key}");
    let _ = writeln!(out, "processes {} {}", plan.open, u8::from(plan.accepted));
    for row in &plan.rows {
        put_time(&mut out, &row.from);
        match &row.by {
            Some(by) => {
                out.push(' ');
                put_time(&mut out, by);
            }
            None => out.push_str(" -"),
        }
        let instructions = row.instructions.as_ref().map(|text| text.len());
        let _ = write!(
            out,
            " {} {} {} {} {} {}\t",
            u8::from(row.snoozed),
            row.process.len(),
            row.title.len(),
            row.reason.len(),
            instructions.map_or("-".to_string(), |length| length.to_string()),
            row.done.len(),
        );
        for text in [&row.process, &row.title, &row.reason]
            .into_iter()
            .chain(&row.instructions)
            .chain([&row.done])
        {
            out.push_str(text);
        }
        out.push('\n');
    }
    out
}

/// A moment as seconds, nanoseconds and offset from UTC in seconds: "1763629200 0 3600".
fn put_time(out: &mut String, at: &Time) {
    let _ = write!(
        out,
        "{} {} {}",
        at.timestamp(),
        at.timestamp_subsec_nanos(),
        at.offset().local_minus_utc()
    );
}

fn time(seconds: &str, nanos: &str, offset: &str) -> Option<Time> {
    FixedOffset::east_opt(offset.parse().ok()?)?
        .timestamp_opt(seconds.parse().ok()?, nanos.parse().ok()?)
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn plan() -> Plan<'static> {
        let at = |text| chrono::DateTime::parse_from_rfc3339(text).unwrap();
        let row = Row {
            from: at("2026-11-20T09:00:00.5+01:00"),
            by: Some(at("2026-11-21T09:00:00-05:30")),
            snoozed: false,
            process: Cow::Borrowed("#1 Acme · Engineer"),
            title: Cow::Borrowed("thank-you to Zoë"),
            reason: Cow::Borrowed("within a day of the interview"),
            instructions: Some(Cow::Borrowed("")),
            done: Cow::Borrowed("followup done 1 thank-you --to 'Zoë'"),
        };
        let open_ended = Row {
            by: None,
            snoozed: true,
            instructions: None,
            ..row.clone()
        };
        Plan {
            open: 2,
            accepted: true,
            rows: vec![row, open_ended],
        }
    }

    /// A store last changed an hour ago (or `ago`).
    fn stamp(ago: Duration) -> Stamp {
        Stamp {
            device: 1,
            inode: 2,
            len: 3,
            modified: SystemTime::now() - ago,
            lines: b"{\n".to_vec(),
        }
    }

    #[test]
    fn reads_back_what_it_wrote_for_the_same_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = stamp(Duration::from_secs(3600));
        save(dir.path(), &stamp, "key one", &plan(), SystemTime::now());
        let path = dir.path().join(DUE_CACHE_FILE);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the cache holds personal notes");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [DUE_CACHE_FILE], "no temporary file left");

        let text = load(dir.path(), &stamp, "key one").expect("a fresh cache");
        let read = parse(&text).unwrap();
        assert_eq!(read.rows, plan().rows);
        // Equal moments compare equal whatever their offset: the offsets are checked apart.
        let moments = |plan: &Plan| -> Vec<_> {
            let rows = plan.rows.iter();
            rows.map(|r| (r.from.to_rfc3339(), r.by.map(|b| b.to_rfc3339())))
                .collect()
        };
        assert_eq!(moments(&read), moments(&plan()));
        assert_eq!((read.open, read.accepted), (2, true));
        assert_eq!(load(dir.path(), &stamp, "key two"), None);
        assert_eq!(load(dir.path(), &stamp, "key on"), None);
    }

    proptest::proptest! {
        /// `load` checks the CRC, so `parse` sees only what `save` wrote; still, any text is
        /// read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused(
            rows in "(processes [0-9] [01]\n)?([-0-9 ]{0,40}\t[^\n]{0,60}\n?){0,3}",
            noise in ".{0,80}",
        ) {
            let _ = parse(&format!("magic\nkey\n{rows}"));
            let _ = parse(&noise);
        }
    }

    #[test]
    fn a_damaged_or_cut_cache_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = stamp(Duration::from_secs(3600));
        save(dir.path(), &stamp, "key", &plan(), SystemTime::now());
        let path = dir.path().join(DUE_CACHE_FILE);
        let good = fs::read(&path).unwrap();
        for at in [0, 10, 40, good.len() / 2, good.len() - 2] {
            let mut bad = good.clone();
            bad[at] ^= 0x01;
            fs::write(&path, &bad).unwrap();
            assert_eq!(load(dir.path(), &stamp, "key"), None, "byte {at} flipped");
        }
        fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert_eq!(load(dir.path(), &stamp, "key"), None, "cut short");
        // Parsing alone refuses a body whose lengths don't fit.
        let text = String::from_utf8(good).unwrap();
        assert!(parse(&text).is_some());
        let length = plan().rows[0].process.len();
        let longer = text.replacen(&format!(" {length} "), &format!(" {} ", length + 1), 1);
        assert_ne!(longer, text);
        assert!(parse(&longer).is_none());
        assert!(parse(&text[..text.len() - 1]).is_none());
    }

    #[test]
    fn a_store_without_checksum_changed_just_now_is_not_cached_nor_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(DUE_CACHE_FILE);
        // Edited by hand a moment ago: within the same clock tick, another edit in place could
        // keep the same time and size.
        let now = SystemTime::now();
        save(dir.path(), &stamp(Duration::ZERO), "key", &plan(), now);
        assert!(!cache.exists());
        // Nor one whose stamp was taken too soon after, however late it is written.
        let settled = stamp(Duration::from_secs(3600));
        let soon = settled.modified + Duration::from_secs(1);
        save(dir.path(), &settled, "key", &plan(), soon);
        assert!(!cache.exists());
        save(dir.path(), &settled, "key", &plan(), SystemTime::now());
        assert!(load(dir.path(), &settled, "key").is_some());
        // A cache written less than SETTLE after the store's time is not used either.
        let recent = Stamp {
            modified: SystemTime::now(),
            ..settled.clone()
        };
        assert_eq!(load(dir.path(), &recent, "key"), None);

        // With a checksum line, any change but damage shows in the stamp: no wait.
        let checksummed = Stamp {
            lines: b"{\n  \"checksum\": \"crc32:0123abcd\",\n".to_vec(),
            ..recent
        };
        assert!(checksummed.checksummed());
        fs::remove_file(&cache).unwrap();
        save(dir.path(), &checksummed, "key", &plan(), SystemTime::now());
        assert!(load(dir.path(), &checksummed, "key").is_some());
    }
}
