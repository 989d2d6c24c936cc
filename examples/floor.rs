//! The physical floor a command that reads or changes the store cannot beat:
//!
//! - `floor FILE` reads the file and checks that it is valid JSON, building nothing
//!   (`serde::de::IgnoredAny`);
//! - `floor --write FILE` does the same, then writes the same bytes back durably the way the
//!   store does: a temp file in the same folder, written and synced, renamed over FILE, then the
//!   folder synced.
//!
//! `bench/run.sh` times `followup` against these.

use serde::de::IgnoredAny;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (write, path) = match args.as_slice() {
        [path] => (false, path),
        [flag, path] if flag == "--write" => (true, path),
        _ => {
            eprintln!("usage: floor [--write] FILE");
            return ExitCode::from(2);
        }
    };
    match run(Path::new(path), write) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("floor: {path}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &Path, write: bool) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = fs::read(path)?;
    serde_json::from_slice::<IgnoredAny>(&bytes)?;
    if write {
        replace(path, &bytes)?;
    }
    Ok(())
}

/// Temp file, write, sync, rename, sync the folder.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let temp = folder.join(name);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, path)?;
    File::open(&folder)?.sync_all()
}
