//! The command-line tests, one crate: the real binary run in a private data folder per test,
//! with the builders and readers in `common`.

mod calendar;
mod cli;
mod common;
mod completion;
mod dates;
mod drafts;
mod durability;
mod exchange;
mod export;
mod fuzz_corpus;
mod hints;
mod import;
mod marks;
mod morning;
mod rendered;
mod scripting;
mod search;
mod story;
mod terminal;
mod ux;
