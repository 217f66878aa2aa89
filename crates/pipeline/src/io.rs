//! Writing files so that no reader ever sees half of one.

use std::io::Write as _;
use std::path::Path;

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder, synced, then renamed over it, so readers never see a
/// half-written file. The new file gets `permissions`, else those of the
/// file it replaces, else 0644. The folder must exist.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
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
