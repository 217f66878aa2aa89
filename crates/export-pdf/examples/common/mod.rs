//! What the examples share: a deck read, parsed and enriched as the CLI
//! does it, and the resolver for the images next to it.

use std::path::Path;

/// The JSON envelope of the deck at `path` (parse + semantic pass).
pub(crate) fn envelope(path: &str) -> decktype_format::Envelope {
    let text = std::fs::read_to_string(path).expect("readable deck");
    let mut parsed = decktype_parse::parse(&text, &Default::default());
    let options = decktype_semantics::Options::new(Some(path), None);
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
    decktype_format::Envelope::new(Some(path), &text, parsed.deck, &parsed.diagnostics)
}

/// A resolver for the images next to the deck at `path` (also when `path`
/// has no folder part: then the current folder).
pub(crate) fn resolver(path: &str) -> decktype_assets::Resolver {
    let dir = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    decktype_assets::Resolver::new(Some(dir), &[])
}
