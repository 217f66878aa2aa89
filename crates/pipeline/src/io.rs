//! Reading inputs within a size limit, and writing files so that no
//! reader ever sees half of one.

use std::io::{Read, Write as _};
use std::path::Path;

/// The default limit on one input (a deck, standard input): 64 MiB, far
/// above any real deck (the largest of the corpus is under 100 KB), so that
/// `decktype parse /dev/zero` stops instead of filling the memory.
pub const DEFAULT_MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Reads `reader` to its end, but no more than `limit` bytes: one byte more
/// is an error of kind [`std::io::ErrorKind::FileTooLarge`] (see
/// [`is_too_large`]), and reading stops there.
pub fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// Reads the file at `path` within `limit` bytes ([`read_limited`]); a
/// regular file larger than that is refused before any of it is read.
pub fn read_file(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > limit
    {
        return Err(too_large(limit));
    }
    read_limited(file, limit)
}

/// The error of an input over `limit` bytes.
fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "larger than the input limit of {} (--max-input-size raises it)",
            format_size(limit)
        ),
    )
}

/// Whether `error` is [`read_limited`]'s "over the limit".
pub fn is_too_large(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::FileTooLarge
}

/// `bytes` as people write sizes: `64 MiB`, `512 KiB`, else `1234 bytes`.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// DT022: the input at hand is over `limit` bytes and was not read.
pub fn too_large_diagnostic(limit: u64) -> decktype_model::Diagnostic {
    decktype_model::Diagnostic::new(
        decktype_model::Severity::Error,
        decktype_model::codes::INPUT_TOO_LARGE,
        format!(
            "the input is larger than {}, the input size limit: not read",
            format_size(limit)
        ),
        decktype_model::Span::empty(0),
    )
    .with_help(
        "a deck is far smaller; if this one is a deck, raise the limit with --max-input-size (e.g. `--max-input-size 256M`)",
    )
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder, synced, then renamed over it, so readers never see a
/// half-written file. The new file gets `permissions`, else those of the
/// file it replaces, else 0644. The folder must exist.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is
    // written to, not replaced: renaming a file over it would swap the
    // machine's `/dev/null` for a regular file when run as root.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut out = std::fs::OpenOptions::new().write(true).open(path)?;
        return out.write_all(bytes).and_then(|()| out.flush());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)
        .and_then(|()| {
            // The temporary file is private (0600).
            match permissions.or_else(|| std::fs::metadata(path).ok().map(|m| m.permissions())) {
                Some(p) => tmp.as_file().set_permissions(p),
                #[cfg(unix)]
                None => {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))
                }
                #[cfg(not(unix))]
                None => Ok(()),
            }
        })
        .and_then(|()| tmp.as_file().sync_all())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_to_not_replaced() {
        // `-o /dev/null` once replaced the machine's /dev/null with a
        // regular file (as root); a FIFO stands in for the device here.
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        match std::process::Command::new("mkfifo").arg(&fifo).status() {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("SKIP: mkfifo is not available");
                return;
            }
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomically(&fifo, b"through the pipe", None).unwrap();
        // Checked before joining: a replaced FIFO leaves the reader
        // waiting for ever (the process ends it).
        let meta = std::fs::symlink_metadata(&fifo).unwrap();
        assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
        assert_eq!(reader.join().unwrap(), b"through the pipe");
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        // An endless reader: the limit ends it.
        let err = read_limited(std::io::repeat(0), 1000).unwrap_err();
        assert!(is_too_large(&err), "{err}");
        assert!(err.to_string().contains("1000 bytes"), "{err}");
        assert_eq!(read_limited(&b"12345"[..], 5).unwrap(), b"12345");
        assert!(is_too_large(&read_limited(&b"123456"[..], 5).unwrap_err()));
    }

    #[test]
    fn a_large_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(10 * 1024 * 1024).unwrap(); // sparse
        let err = read_file(&path, 1024 * 1024).unwrap_err();
        assert!(is_too_large(&err));
        assert!(err.to_string().contains("1 MiB"), "{err}");
        assert_eq!(read_file(&path, DEFAULT_MAX_INPUT).unwrap().len(), 10 << 20);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(format_size(DEFAULT_MAX_INPUT), "64 MiB");
        assert_eq!(format_size(3 << 30), "3 GiB");
        assert_eq!(format_size(1536), "1536 bytes");
        assert_eq!(format_size(2048), "2 KiB");
    }
}
