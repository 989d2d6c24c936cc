//! Any text given to the date, timeline and instant parsers, against a few fixed moments, and
//! what follows the first ten bytes against a moment taken from those bytes: they never panic, what they accept lies in years 1 to
//! 9999 and reads back the same from its RFC 3339 text, and what they refuse gives a one-line
//! message about that very input.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::check_dates(bytes));
