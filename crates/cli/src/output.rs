//! Writing results: standard output, or a file replaced atomically.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

/// Whether the output path `path` means standard output: `-` (as in
/// `-o -`).
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `text` to `path` atomically (temp file in the same folder, then
/// rename), or to stdout when `path` is `None` or `-` ([`is_stdout`]).
pub(crate) fn emit(path: Option<&Path>, bytes: impl AsRef<[u8]>) -> Result<()> {
    let bytes = bytes.as_ref();
    let Some(path) = path.filter(|p| !is_stdout(p)) else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.context("cannot write to standard output"),
        };
    };
    write_atomically(path, bytes, None)
}

/// Replaces `path` with `bytes` atomically ([`decktype_pipeline::io::write_atomically`]:
/// a temporary file in the same folder, then a rename). With `permissions`,
/// the new file gets them (a rewritten deck keeps its mode).
pub(crate) fn write_atomically(
    path: &Path,
    bytes: impl AsRef<[u8]>,
    permissions: Option<std::fs::Permissions>,
) -> Result<()> {
    decktype_pipeline::io::write_atomically(path, bytes.as_ref(), permissions)
        .with_context(|| format!("cannot write `{}`", path.display()))
}
