//! Shared by the export tests: a deck file through parse, semantics and the
//! HTML export, as `decktype export` does it.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use decktype_assets::Resolver;
use decktype_format::Envelope;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Exports the deck at `path`, images resolved next to it.
pub fn export(path: &Path) -> decktype_export_html::Export {
    let text = std::fs::read_to_string(path).unwrap();
    let mut parsed = decktype_parse::parse(&text, &Default::default());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let options = decktype_semantics::Options::new(Some(&name), None);
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
    let envelope = Envelope::new(Some(&name), &text, parsed.deck, &parsed.diagnostics);
    let resolver = Resolver::new(path.parent(), &[]);
    decktype_export_html::export(
        &envelope,
        &decktype_export_html::Options {
            resolver: &resolver,
        },
    )
}
