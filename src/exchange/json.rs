//! The records as JSON: what `store.json` holds, written out and read back.

use super::{Incoming, check};
use crate::error::usage;
use crate::model::Process;
use crate::store::{self, Data, Refused, VERSION};
use anyhow::Result;
use chrono::{DateTime, TimeZone};
use std::path::Path;

/// The whole store as pretty JSON, every process in one list: those of `store.json` and of
/// `archive.json` together, without their checksums.
pub fn json(data: &Data) -> Vec<u8> {
    let all: Vec<&Process> = data.processes.iter().collect();
    let text = store::pretty(Some(data.next_id), &all);
    let mut bytes = crate::render::escape_json(text).into_bytes();
    bytes.push(b'\n');
    bytes
}

/// Reads a JSON export (or a `store.json`). A damaged file, one from a newer `followup`, or one
/// holding a process the command line would refuse (see [`check`]) is refused naming `path`.
pub fn read_json<Tz: TimeZone>(bytes: &[u8], path: &Path, now: &DateTime<Tz>) -> Result<Incoming> {
    let data = Data::parse(bytes).map_err(|refused| refusal(refused, path))?;
    for process in &data.processes {
        check(process, now).map_err(|err| {
            usage(format!(
                "{}: process #{} {:?}: {err}; nothing was imported",
                path.display(),
                process.id,
                process.company
            ))
        })?;
    }
    Ok(Incoming {
        processes: data
            .processes
            .into_iter()
            .map(|p| (Some(p.id), p))
            .collect(),
        next_id: Some(data.next_id),
        ..Incoming::default()
    })
}

/// Why a file that is not a store followup reads is refused.
fn refusal(refused: Refused, path: &Path) -> anyhow::Error {
    let shown = path.display();
    usage(match refused {
        Refused::Newer(version) => format!(
            "{shown} was written by a newer followup (format version {version}, this one reads {VERSION}): upgrade followup to import it; nothing was imported"
        ),
        Refused::Damaged(why) => format!(
            "{shown} is damaged or is not a followup JSON export: {why}; nothing was imported"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::super::{Same, merge};
    use super::*;

    #[test]
    fn json_into_an_empty_store_keeps_next_id() {
        let mut d = data(vec![process(
            2,
            "Acme",
            vec![round("2026-11-10T10:00:00+01:00", &[])],
        )]);
        d.next_id = 6;
        let bytes = json(&d);
        let incoming = read_json(&bytes, Path::new("export.json"), &now()).unwrap();
        let mut fresh = Data::default();
        merge(&mut fresh, incoming, Same::Everything).unwrap();
        assert_eq!(json(&fresh), bytes);
        // The store's own file, checksum and all, is read too.
        let incoming = read_json(&d.to_bytes(), Path::new("store.json"), &now()).unwrap();
        assert_eq!(incoming.processes.len(), 1);
        for (bad, says) in [
            (&b"{\"version\": 7}"[..], "newer followup (format version 7"),
            (b"{\"version\": 1", "x.json is damaged"),
            (b"[1, 2]", "not a followup JSON export"),
        ] {
            let err = format!(
                "{:#}",
                read_json(bad, Path::new("x.json"), &now()).unwrap_err()
            );
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn a_json_file_followup_does_not_read_says_why() {
        let d = data(vec![process(2, "Acme", vec![])]);
        let text = String::from_utf8(json(&d)).unwrap();
        let twice = text.replacen("\"processes\": [", "\"processes\": [{\"id\": 2, \"company\": \"B\", \"role\": \"R\", \"created\": \"2026-11-10T10:00:00+01:00\"}, ", 1);
        let old = text.replacen("\"version\": 5", "\"version\": 1", 1);
        for (bad, says) in [
            (twice, "process id 2 is used twice"),
            (old, "format version 1 is not one this followup reads"),
        ] {
            let err = format!(
                "{:#}",
                read_json(bad.as_bytes(), Path::new("x.json"), &now()).unwrap_err()
            );
            assert!(
                err.contains("x.json is damaged") && err.contains(says),
                "{err}"
            );
            assert!(!err.contains("checksum"), "{err}");
        }
    }
}
