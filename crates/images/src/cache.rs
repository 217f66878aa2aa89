//! Prepared images on disk, by content: one file per source image, size
//! asked for and [`VERSION`](crate::VERSION).
//!
//! An entry is `<sha256 of the source>-<width>x<height>-v<version>.<ext>`
//! (`...-<width>x<height>-rgb-v<version>.jpg` for an [`rgb_copy`];
//! `...-<width>x<height>-<w>x<h>-v<version>.jpg` for a copy of the
//! [`Visible`] part `<w>` × `<h>` of a JPEG) and holds a header line, the SHA-256 of its payload and the payload:
//! the prepared image, or nothing when the image stays original (so a JPEG
//! whose copy is not smaller is not encoded again). An entry whose digest
//! does not match (truncated, damaged) is ignored and written again.
//! Entries are written to a temporary file and renamed, so a reader never
//! sees half an entry, and two processes preparing the same image at once
//! both write the same bytes.
//!
//! The cache is not bounded: each entry is smaller than its source (a few
//! hundred KB for a photo), one per image and size shown; delete the folder
//! at any time to empty it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::{Format, VERSION, Visible, prepare, rgb_copy};

/// The first bytes of every entry.
const MAGIC: &[u8] = b"decktype prepared image\n";

/// What a [`Cache::prepare`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The entry was there and sound.
    Hit,
    /// There was no entry: the image was prepared (and the entry written
    /// when the folder is writable).
    Miss,
    /// The entry was damaged: ignored, the image prepared again and the
    /// entry rewritten.
    Corrupt,
}

/// A folder of prepared images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache in `dir` (created when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Cache { dir: dir.into() }
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry of `bytes` made for `need`, of `kind` (`""` for a
    /// prepared copy, `"rgb-"` for an RGB copy) and `format`.
    fn entry(&self, bytes: &[u8], kind: &str, format: Format, need: (u32, u32)) -> PathBuf {
        let hash = hex(&Sha256::digest(bytes));
        self.dir.join(format!(
            "{hash}-{}x{}-{kind}v{VERSION}.{}",
            need.0,
            need.1,
            format.extension()
        ))
    }

    /// What [`prepare`] makes of `bytes` for `need` (`None`: keep the
    /// original), from the cache when it has it, else prepared and stored.
    /// A cache that cannot be read or written only costs the time of
    /// preparing again.
    pub fn prepare(
        &self,
        bytes: &[u8],
        format: Format,
        need: (u32, u32),
        visible: Visible,
    ) -> (Option<Vec<u8>>, Lookup) {
        // A PNG's copy is always whole: one entry whatever part is seen.
        let kind = if visible.is_all() || format == Format::Png {
            String::new()
        } else {
            // Rust writes an `f64` the shortest way that reads back the
            // same: the same part is the same name on every machine.
            let (w, h) = visible.normal();
            format!("{w}x{h}-")
        };
        let path = self.entry(bytes, &kind, format, need);
        self.made(&path, || {
            prepare(bytes, format, need, visible).map(|p| p.bytes)
        })
    }

    /// What [`rgb_copy`] makes of `bytes` for `need` (`None`: not a CMYK
    /// JPEG, or not decodable), from the cache when it has it, else made
    /// and stored.
    pub fn rgb_copy(&self, bytes: &[u8], need: (u32, u32)) -> (Option<Vec<u8>>, Lookup) {
        let path = self.entry(bytes, "rgb-", Format::Jpeg, need);
        self.made(&path, || rgb_copy(bytes, need).map(|p| p.bytes))
    }

    /// The payload of the entry at `path` (`None` for an empty one), else
    /// what `make` makes, stored there.
    fn made(
        &self,
        path: &Path,
        make: impl FnOnce() -> Option<Vec<u8>>,
    ) -> (Option<Vec<u8>>, Lookup) {
        let lookup = match std::fs::read(path) {
            Ok(entry) => match payload(&entry) {
                Some([]) => return (None, Lookup::Hit),
                Some(p) => return (Some(p.to_vec()), Lookup::Hit),
                None => Lookup::Corrupt,
            },
            Err(_) => Lookup::Miss,
        };
        let made = make();
        let _ = self.write(path, made.as_deref().unwrap_or_default());
        (made, lookup)
    }

    /// Writes the entry at `path` atomically.
    fn write(&self, path: &Path, payload: &[u8]) -> std::io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        std::fs::create_dir_all(&self.dir)?;
        let mut entry = Vec::with_capacity(MAGIC.len() + 32 + payload.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&Sha256::digest(payload));
        entry.extend_from_slice(payload);
        let tmp = path.with_extension(format!(
            "tmp-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&tmp, &entry)?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

/// The payload of a sound entry.
fn payload(entry: &[u8]) -> Option<&[u8]> {
    let rest = entry.strip_prefix(MAGIC)?;
    let (digest, payload) = (rest.get(..32)?, rest.get(32..)?);
    (Sha256::digest(payload).as_slice() == digest).then_some(payload)
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
