//! Errors that carry their exit status.
//!
//! Bad input from the user exits 2; trouble with the store or the system exits 1; a closed
//! output pipe (`followup due | head -1`) is not an error at all. `due --exit-code` exits 3 when
//! something is overdue, a code of its own, so a script tells it from a damaged store.

use std::fmt;
use std::io;

/// Trouble with the store or the system: damaged, newer, unwritable.
pub const EXIT_TROUBLE: u8 = 1;
/// A bad value given by the user (clap's own usage errors exit 2 too).
pub const EXIT_USAGE: u8 = 2;
/// `due --exit-code`: something is overdue.
pub const EXIT_OVERDUE: u8 = 3;

/// A bad value given by the user: exit status 2, nothing changed.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Ends the run with a status and no message (`due --exit-code` when something is overdue).
#[derive(Debug)]
pub struct SilentExit(pub u8);

impl fmt::Display for SilentExit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit status {}", self.0)
    }
}

impl std::error::Error for SilentExit {}

/// Builds an [`anyhow::Error`] for a bad value given by the user.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// How a failed run ends: its exit status, and whether to print the error.
pub enum Ending {
    /// A closed output pipe: end quietly with status 0.
    Quiet,
    Silent(u8),
    Report(u8),
}

/// A closed pipe ends quietly with status 0; a bad value exits 2, anything else 1.
pub fn ending(err: &anyhow::Error) -> Ending {
    if let Some(exit) = err.downcast_ref::<SilentExit>() {
        return Ending::Silent(exit.0);
    }
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return Ending::Report(EXIT_USAGE);
        }
        if cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        {
            return Ending::Quiet;
        }
    }
    Ending::Report(EXIT_TROUBLE)
}
