//! Any bytes given to the store loader: it never panics, a refusal names the file, and a store
//! it accepts is written back to bytes that load as the same store and are written the same way.
//!
//! The same checks replay this target's corpus in `tests/fuzz_corpus.rs`.

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::check_store(bytes));
