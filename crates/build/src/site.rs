//! The site folder: its lock, its atomic writes, and the temporary files a
//! killed build left.

use std::path::Path;

use crate::{BuildError, LOCK_FILE};

/// Takes the site's build lock, or says that another build holds it.
pub(crate) fn lock_site(site: &Path) -> Result<std::fs::File, BuildError> {
    let path = site.join(LOCK_FILE);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("cannot create", parent, e))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(BuildError::Locked(site.to_owned())),
        Err(std::fs::TryLockError::Error(e)) => Err(io_error("cannot lock", &path, e)),
    }
}

pub(crate) fn io_error(what: &'static str, path: &Path, e: std::io::Error) -> BuildError {
    BuildError::Io {
        what,
        path: path.to_owned(),
        error: e,
    }
}

/// Removes the temporary files (`.tmp*`) an earlier build left in the site
/// folder when it was killed between writing a file and renaming it.
pub(crate) fn remove_temporary_files(site: &Path) {
    let mut stack = vec![site.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && entry.file_name().to_string_lossy().starts_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `bytes` to `path` atomically unless it already holds them.
/// Returns whether it wrote.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_site_file(path, bytes)?;
    Ok(true)
}

/// Writes a site file: creates its folder, then [`write_atomically`].
pub(crate) fn write_site_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    }
    decktype_pipeline::io::write_atomically(path, bytes, None)
        .map_err(|e| io_error("cannot write", path, e))
}
