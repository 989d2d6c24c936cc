//! The physical floor a command that reads or changes the store cannot beat, over every `*.json`
//! file directly in the data folder DIR (`store.json`, and `archive.json` when there is one):
//!
//! - `floor DIR` reads each file and checks that it is valid JSON, building nothing
//!   (`serde::de::IgnoredAny`);
//! - `floor --write DIR` does the same, then writes each file's bytes back durably: a temp file
//!   in the same folder, written and synced, renamed over the file; then the folder is synced,
//!   once for all the renames.
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
    let (write, dir) = match args.as_slice() {
        [dir] => (false, dir),
        [flag, dir] if flag == "--write" => (true, dir),
        _ => {
            eprintln!("usage: floor [--write] DIR");
            return ExitCode::from(2);
        }
    };
    match run(Path::new(dir), write) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("floor: {dir}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path, write: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "json") && path.is_file());
    files.sort();
    if files.is_empty() {
        return Err("no *.json file".into());
    }
    for path in &files {
        let bytes = fs::read(path)?;
        serde_json::from_slice::<IgnoredAny>(&bytes)
            .map_err(|err| format!("{}: {err}", path.display()))?;
        if write {
            replace(dir, path, &bytes)?;
        }
    }
    if write {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Temp file, write, sync, rename over `path`.
fn replace(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let temp = dir.join(name);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, path)
}
