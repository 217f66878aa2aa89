//! What the last build recorded, for incremental builds: per deck, the key
//! of its inputs, the images it used and its outputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_archive::{ArchiveDeck, SlideText};
use decktype_pipeline::Resolver;
use serde::{Deserialize, Serialize};

use crate::{Options, TOOL};

/// The recorded state of the last build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) tool: String,
    pub(crate) decks: BTreeMap<String, DeckState>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeckState {
    /// Hash of the tool, the options and the source.
    pub(crate) key: String,
    /// The images the deck used and what they resolved to.
    pub(crate) images: Vec<ImageDep>,
    /// Output files, relative to the site folder.
    pub(crate) outputs: Vec<String>,
    /// The archive entry.
    pub(crate) entry: ArchiveDeck,
    /// The slides' text, for search.
    pub(crate) texts: Vec<SlideText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImageDep {
    pub(crate) url: String,
    /// The file, its size and modification time (ns); `None` when the URL
    /// resolved to no file (missing, or a `data:` URI).
    file: Option<(PathBuf, u64, u128)>,
}

fn stamp(path: &Path) -> Option<(PathBuf, u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some((path.to_owned(), meta.len(), mtime))
}

pub(crate) fn image_dep(resolver: &Resolver, url: &str) -> ImageDep {
    ImageDep {
        url: url.to_owned(),
        file: resolver.which(url).ok().flatten().and_then(|p| stamp(&p)),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    decktype_format::sha256_hex(bytes)
}

/// The part of the options that shapes a deck's outputs, hashed.
pub(crate) fn options_key(options: &Options) -> String {
    // Debug output: the profile holds only strings, lists and structs.
    let profile = format!("{:?}", options.profile);
    let text = format!(
        "{TOOL}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}\n{:?}\n{}\n{profile}",
        options.formats,
        options.pdf.page,
        options.pdf.notes,
        options.pdf.standard,
        options.pdf.timestamp,
        options
            .pdf
            .template
            .as_deref()
            .map_or_else(String::new, |t| sha256_hex(t.as_bytes())),
        options.images.assets,
        options.images.fetch.is_some(),
    );
    sha256_hex(text.as_bytes())
}
