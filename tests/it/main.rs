//! The command-line tests, one crate: the real binary run in a private data folder per test,
//! with the builders and readers in `common`.

mod cli;
mod common;
mod dates;
mod drafts;
mod durability;
mod exchange;
mod fuzz_corpus;
mod hints;
mod import;
mod marks;
mod rendered;
mod search;
mod story;
mod terminal;
mod ux;
