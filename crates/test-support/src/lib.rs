//! What the tests share about outside inputs: the real corpus
//! (`../shared/corpus`), and one rule for a test that cannot run because
//! something outside the repository is missing.
//!
//! The rule: a test skips with a message, unless the matching
//! `DECKTYPE_REQUIRE_*` variable is `1`, and then it fails. CI
//! (`.ci/run`) sets `DECKTYPE_REQUIRE_CORPUS`, `DECKTYPE_REQUIRE_BROWSER`
//! and `DECKTYPE_REQUIRE_POPPLER` unconditionally, so nothing skips there.
//!
//! Skips must be seen: `cargo test` hides a passing test's output, so each
//! skip is also appended to the file `$DECKTYPE_SKIP_LOG` when that is set
//! (`scripts/test.sh` sets it and prints the file at the end).

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether `DECKTYPE_REQUIRE_<what>` is `1`.
pub fn required(what: &str) -> bool {
    std::env::var(format!("DECKTYPE_REQUIRE_{what}")).is_ok_and(|v| v == "1")
}

/// The running test's name (libtest names each test's thread after it).
pub fn test_name() -> String {
    std::thread::current().name().unwrap_or("a test").to_owned()
}

/// Skips the running test because `why`, or fails it when
/// `DECKTYPE_REQUIRE_<what>` is `1`. Returns so the caller can `return`.
///
/// # Panics
///
/// When the input is required.
pub fn skip(what: &str, why: &str) {
    let test = test_name();
    assert!(
        !required(what),
        "{test}: {why}, but DECKTYPE_REQUIRE_{what}=1: this test must run here"
    );
    let line = format!("SKIPPED {test}: {why}");
    eprintln!("{line}");
    if let Some(log) = std::env::var_os("DECKTYPE_SKIP_LOG")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
    {
        let _ = writeln!(f, "{line}");
    }
}

/// The corpus folder as `$DECKTYPE_CORPUS` names it (a relative path is
/// taken from the workspace root, where `scripts/test.sh` runs), else
/// `../shared/corpus` beside the workspace.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("DECKTYPE_CORPUS").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        Some(p) => workspace().join(p),
        None => workspace().join("../shared/corpus"),
    }
}

/// The corpus folder, or `None` after [`skip`]ping the running test (a
/// failure under `DECKTYPE_REQUIRE_CORPUS=1`).
pub fn corpus() -> Option<PathBuf> {
    let dir = corpus_dir();
    if dir.join("hedgedoc-structure.json").is_file() {
        Some(dir)
    } else {
        skip(
            "CORPUS",
            &format!(
                "corpus not found at {} (set DECKTYPE_CORPUS)",
                dir.display()
            ),
        );
        None
    }
}

/// Path of a deck named as in `hedgedoc-structure.json`.
pub fn deck_path(corpus: &Path, name: &str) -> PathBuf {
    if name.starts_with("seed-") {
        corpus.join(name)
    } else {
        corpus.join("scs-community-call").join(name)
    }
}

/// All `*.md` files in a folder, sorted.
///
/// # Panics
///
/// When the folder cannot be read.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// The community-call decks (`scs-community-call/*.md`, the template
/// among them), or `None` after skipping the running test.
pub fn call_decks() -> Option<Vec<PathBuf>> {
    corpus().map(|c| markdown_files(&c.join("scs-community-call")))
}

/// One PNG chunk: length, `kind`, `data` and its CRC-32.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = !0u32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut chunk = u32::try_from(data.len())
        .unwrap_or(0)
        .to_be_bytes()
        .to_vec();
    chunk.extend(kind);
    chunk.extend(data);
    chunk.extend((!crc).to_be_bytes());
    chunk
}

/// A PNG whose header claims `side` × `side` RGBA pixels and that holds
/// no pixel data: what a decoder that trusts the header would allocate
/// for (262 144 gives 256 GiB; the `pdf_view` fuzz target found one).
pub fn png_claiming(side: u32) -> Vec<u8> {
    let ihdr = [
        &side.to_be_bytes()[..],
        &side.to_be_bytes()[..],
        &[8, 6, 0, 0, 0],
    ]
    .concat();
    let idat = [0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
    [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        png_chunk(b"IHDR", &ihdr),
        png_chunk(b"IDAT", &idat),
        png_chunk(b"IEND", &[]),
    ]
    .concat()
}

/// The pixels of a noisy RGB picture, `width`×`height`, row by row, three
/// bytes a pixel: smooth ramps with xorshift noise on top, so a JPEG of it
/// has a photo's high frequencies. The same bytes every time.
pub fn noisy_rgb(width: u16, height: u16) -> Vec<u8> {
    let mut px = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    let mut seed = 0x2545_f491_u32;
    for y in 0..height {
        for x in 0..width {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let n = (seed % 32) as u16;
            px.extend([
                ((x / 8 + n) % 256) as u8,
                ((y / 8 + n) % 256) as u8,
                ((x + y) / 16 % 256) as u8,
            ]);
        }
    }
    px
}

/// An EXIF block (as in a JPEG's APP1 segment) whose only tag is the
/// orientation `o`.
pub fn exif_with_orientation(o: u16) -> Vec<u8> {
    let mut v = b"Exif\0\0II*\0".to_vec();
    v.extend(8u32.to_le_bytes());
    v.extend(1u16.to_le_bytes());
    v.extend(0x0112u16.to_le_bytes());
    v.extend(3u16.to_le_bytes());
    v.extend(1u32.to_le_bytes());
    v.extend(o.to_le_bytes());
    v.extend([0, 0]);
    v.extend(0u32.to_le_bytes());
    v
}

/// CMYK inks (0: no ink, 255: full ink) and the RGB each shows as by the
/// Adobe convention every JPEG reader without a colour profile uses
/// (`255 × (1 − c) × (1 − k)` per channel), worked out by hand: white, the
/// three inks, black, half black, red, half cyan on half black.
pub const CMYK_BLOCKS: [([u8; 4], [u8; 3]); 8] = [
    ([0, 0, 0, 0], [255, 255, 255]),
    ([255, 0, 0, 0], [0, 255, 255]),
    ([0, 255, 0, 0], [255, 0, 255]),
    ([0, 0, 255, 0], [255, 255, 0]),
    ([0, 0, 0, 255], [0, 0, 0]),
    ([0, 0, 0, 128], [127, 127, 127]),
    ([0, 255, 255, 0], [255, 0, 0]),
    ([128, 0, 0, 128], [63, 127, 127]),
];

/// The pixels of the [`CMYK_BLOCKS`] side by side, each `block_width`
/// wide and `height` high, row by row, four bytes (C, M, Y, K) a pixel.
pub fn cmyk_blocks(block_width: u16, height: u16) -> Vec<u8> {
    let width = usize::from(block_width) * CMYK_BLOCKS.len();
    let mut px = Vec::with_capacity(width * usize::from(height) * 4);
    for _ in 0..height {
        for x in 0..width {
            px.extend(CMYK_BLOCKS[x / usize::from(block_width)].0);
        }
    }
    px
}

/// `jpeg` (a baseline JPEG) with its first component's quantisation table
/// one it does not have: its header reads (size, colour), its pixels do
/// not decode. A truncated JPEG would not do: decoders fill in what is
/// missing.
pub fn jpeg_without_its_table(jpeg: &[u8]) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let sof = out
        .windows(2)
        .position(|w| w == [0xff, 0xc0])
        .expect("a baseline JPEG");
    // Marker, length, precision, height, width, count, then the first
    // component: id, sampling, table.
    out[sof + 2 + 8 + 2] = 3;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_corpus_paths_start_at_the_workspace() {
        // Only the path logic: no environment is changed here.
        let root = workspace();
        assert!(root.join("Cargo.toml").is_file());
        assert!(deck_path(Path::new("/c"), "seed-a.md").ends_with("c/seed-a.md"));
        assert!(
            deck_path(Path::new("/c"), "20240418.md").ends_with("scs-community-call/20240418.md")
        );
    }
}
