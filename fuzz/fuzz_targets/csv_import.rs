//! Any bytes given to the spreadsheet import: it never panics; it either refuses with a message
//! or reads processes whose rounds all have a company and a role.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T09:00:00+01:00").unwrap();
    if let Ok(incoming) = followup::exchange::read_csv(bytes, &now) {
        for (_, process) in &incoming.processes {
            assert!(!process.company.trim().is_empty() && !process.role.trim().is_empty());
            assert!(!process.rounds.is_empty());
        }
    }
});
