//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) through the checks of each fuzz target in
//! `fuzz/fuzz_targets/`, on stable Rust, so that an input the fuzzer once found interesting is
//! checked on every `cargo test`. The checks themselves are `fuzz/checks.rs`, which the targets
//! share.

#[path = "../../fuzz/checks.rs"]
mod checks;

use checks::{check_csv, check_dates, check_store};
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Every file of one target's corpus, sorted by name.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("could not read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    files
}

/// Runs `check` on every file of the corpus and fails naming each input that panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let files = corpus(target);
    let mut failed = Vec::new();
    for file in &files {
        let bytes = fs::read(file).expect("a readable corpus file");
        if let Err(panic) = panic::catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            failed.push(format!("{}: {message}", file.display()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs failed:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn store_loader_corpus() {
    replay("store_loader", check_store);
}

#[test]
fn dates_corpus() {
    replay("dates", check_dates);
}

#[test]
fn csv_import_corpus() {
    replay("csv_import", check_csv);
}
