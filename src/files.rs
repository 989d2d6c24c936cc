//! Files written whole or not at all: the store, exports and drafts all go through `replace`.

use anyhow::{Context, Result};
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Writes a file the user asked for: a device or a FIFO (`/dev/stdout`, a pipe) is written into,
/// never replaced; anything else is replaced atomically and durably, keeping its permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes))
            .with_context(|| format!("could not write {}", path.display())),
        _ => {
            let target = replace(path, bytes, true)?;
            sync_folder(folder(&target))
        }
    }
}

/// The file a write to `path` replaces: the target of a link (a file linked into a synced
/// folder stays a link, and its target is replaced in its own folder), else `path` itself.
pub fn target(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).with_context(|| {
            format!(
                "{} is a link to a file that cannot be reached",
                path.display()
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

/// Writes `bytes` to a new temp file beside the file `path` names (its `target`), created
/// exclusively, so never through a link; syncs it and renames it over that file, which it
/// returns. A failure leaves the old file, or none, and no temp file. The file is private
/// (0600), unless `keep_mode` and it replaces a file whose permissions it then keeps. The rename
/// reaches the disk once the returned file's folder is synced.
pub fn replace(path: &Path, bytes: &[u8], keep_mode: bool) -> Result<PathBuf> {
    let path = &target(path)?;
    let temp = temp_path(path);
    // One of ours, from a run with this process id that was killed: never a link followed.
    let _ = fs::remove_file(&temp);
    let written = (|| -> Result<()> {
        let mut file = fault::check(fault::Step::Create)
            .and_then(|()| {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&temp)
            })
            .with_context(|| format!("could not create {}", temp.display()))?;
        // Private whatever the umask, unless it replaces a file whose permissions it keeps.
        let permissions = match fs::metadata(path) {
            Ok(existing) if keep_mode && existing.is_file() => existing.permissions(),
            _ => fs::Permissions::from_mode(0o600),
        };
        file.set_permissions(permissions)
            .with_context(|| format!("could not set permissions on {}", temp.display()))?;
        fault::check(fault::Step::Write)
            .and_then(|()| file.write_all(bytes))
            .with_context(|| format!("could not write {}", temp.display()))?;
        fault::check(fault::Step::Sync)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("could not sync {}", temp.display()))?;
        fault::check(fault::Step::Rename)
            .and_then(|()| fs::rename(&temp, path))
            .with_context(|| format!("could not replace {}", path.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map(|()| path.clone())
}

/// `.NAME.PID.tmp` beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Whether `name` is a temp file `replace` makes for a file named `of`.
pub fn is_temp_of(name: &str, of: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(of))
        .is_some_and(|rest| rest.starts_with('.') && rest.ends_with(".tmp"))
}

/// The folder `path` is in ("." for a bare file name).
pub fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the entries of `dir` (a rename, a new file) reach the disk.
pub fn sync_folder(dir: &Path) -> Result<()> {
    fault::check(fault::Step::SyncFolder)
        .and_then(|()| File::open(dir)?.sync_all())
        .with_context(|| format!("could not sync folder {}", dir.display()))
}

/// Failures injected at each step of a write, to test that none of them loses data.
pub mod fault {
    use std::io;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Step {
        Create,
        Write,
        Sync,
        Rename,
        SyncFolder,
    }

    #[cfg(test)]
    thread_local! {
        /// The step that fails.
        pub static FAIL_AT: std::cell::Cell<Option<Step>> = const { std::cell::Cell::new(None) };
        /// How many times that step succeeds first.
        static PASSES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    #[cfg(test)]
    pub fn check(step: Step) -> io::Result<()> {
        if FAIL_AT.with(|f| f.get()) == Some(step) {
            if PASSES.with(|p| p.get()) == 0 {
                return Err(io::Error::other(format!("injected failure at {step:?}")));
            }
            PASSES.with(|p| p.set(p.get() - 1));
        }
        Ok(())
    }

    /// Runs `f` with the `nth` time (from 0) it reaches `step` failing.
    #[cfg(test)]
    pub fn fail_nth<T>(step: Step, nth: u32, f: impl FnOnce() -> T) -> T {
        FAIL_AT.with(|s| s.set(Some(step)));
        PASSES.with(|p| p.set(nth));
        let result = f();
        FAIL_AT.with(|s| s.set(None));
        PASSES.with(|p| p.set(0));
        result
    }

    #[cfg(not(test))]
    pub fn check(_step: Step) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_planted_at_the_temp_path_is_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, outside) = (tmp.path().join("store.json"), tmp.path().join("outside"));
        std::os::unix::fs::symlink(&outside, temp_path(&store)).unwrap();
        replace(&store, b"private", false).unwrap();
        assert!(!outside.exists(), "written through the link");
        assert_eq!(fs::read(&store).unwrap(), b"private");
        assert!(fs::symlink_metadata(temp_path(&store)).is_err());
        // A link to an existing file: neither followed nor changed.
        fs::write(&outside, b"theirs").unwrap();
        std::os::unix::fs::symlink(&outside, temp_path(&store)).unwrap();
        replace(&store, b"again", false).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"theirs");
        assert_eq!(fs::read(&store).unwrap(), b"again");
    }

    #[test]
    fn a_linked_file_is_replaced_at_its_target() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("synced");
        fs::create_dir(&elsewhere).unwrap();
        let (link, target) = (tmp.path().join("store.json"), elsewhere.join("store.json"));
        fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(replace(&link, b"new", false).unwrap(), target);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"new");
        // A link to nothing is refused, and nothing is created.
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("missing/file"), &dangling).unwrap();
        let err = format!("{:#}", replace(&dangling, b"x", false).unwrap_err());
        assert!(err.contains("cannot be reached"), "{err}");
    }
}
