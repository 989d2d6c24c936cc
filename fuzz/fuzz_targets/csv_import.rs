//! Any bytes given to the spreadsheet import: it never panics; it either refuses with a message
//! or reads processes whose rounds all have a company and a role.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::check_csv(bytes));
