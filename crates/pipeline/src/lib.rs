//! decktype's facade, as `typst` is to its crates: one place that turns a
//! deck's source into an [`Analysed`] deck and exports it to each format.
//!
//! The pipeline is always the same, whoever calls it (`decktype parse`,
//! `export`, `check`, `build`):
//!
//! 1. [`decode`] the file's bytes (not UTF-8 is a diagnostic, not a failure);
//! 2. parse the Markdown ([`decktype_parse`]);
//! 3. enrich the deck with its meaning ([`decktype_semantics`]: call date,
//!    sections, teams, events, tenders, talks, links);
//! 4. sort the diagnostics by position (stable: equal spans keep the order
//!    the passes found them in);
//! 5. wrap deck and diagnostics in the versioned [`Envelope`]
//!    ([`decktype_format`]), recording the path exactly as given.
//!
//! The exports are plain functions of the result: [`Analysed::to_json`],
//! [`Analysed::to_html`] and (with the default `pdf` feature)
//! [`Analysed::to_pdf`].

pub mod discover;
pub mod io;

use std::path::{Path, PathBuf};

pub use decktype_parse::is_slide_deck;

pub use decktype_assets::{Fetch, Resolver};
#[cfg(feature = "pdf")]
pub use decktype_export_pdf::Settings as PdfSettings;
pub use decktype_format::{Envelope, FORMAT_VERSION};
pub use decktype_model::{Deck, Diagnostic, Severity};
pub use decktype_semantics::Profile;

/// How decks are analysed: the same for every deck of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Parser options.
    pub parse: decktype_parse::Options,
    /// The community profile and the user's `--date`. Its `file_name` is
    /// ignored: [`analyse`] sets it from the deck's path.
    pub semantics: decktype_semantics::Options,
}

impl Options {
    /// Options with `profile` and the user's fallback call date.
    pub fn new(profile: Profile, date: Option<chrono::NaiveDate>) -> Self {
        Options {
            parse: decktype_parse::Options::default(),
            semantics: decktype_semantics::Options::new(None, date).with_profile(profile),
        }
    }

    /// Compiles the semantic pass's patterns on a thread of their own
    /// (`decktype_semantics::Options::warm_up`), so that the first deck,
    /// read and parsed meanwhile, finds most of them ready: a one-deck
    /// command does not wait ~12 ms for them. The thread is not joined: a
    /// process that ends first leaves it unfinished. When no thread can be
    /// started, each pattern is compiled when first needed, as without
    /// the call.
    pub fn warm_up_in_background(&self) {
        let semantics = self.semantics.clone();
        let _ = std::thread::Builder::new()
            .name("decktype-warm-up".to_owned())
            .spawn(move || semantics.warm_up());
    }
}

/// A deck read and analysed: its source, its envelope (deck and
/// diagnostics as the JSON carries them) and the diagnostics as data with
/// byte spans, for renderers.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The path as the user gave it, `/`-separated (`None`: standard input
    /// or a source without a file).
    pub path: Option<String>,
    /// The source text.
    pub source: String,
    /// The deck and its diagnostics, ready to write.
    pub envelope: Envelope,
    /// The same diagnostics as [`Envelope::diagnostics`], with byte spans
    /// only, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyses one deck: parse, enrich, sort diagnostics, envelope. `path` is
/// the path as the user gave it (recorded in the JSON and read for a date
/// in the file name).
pub fn analyse(path: Option<&str>, source: impl Into<String>, options: &Options) -> Analysed {
    let source = source.into();
    let path = path.map(|p| p.replace('\\', "/"));
    let mut parsed = decktype_parse::parse(&source, &options.parse);
    let mut semantics = options.semantics.clone();
    semantics.file_name = path.clone();
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &semantics));
    let mut diagnostics = parsed.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    let envelope = Envelope::new(path.as_deref(), &source, parsed.deck, &diagnostics);
    Analysed {
        path,
        source,
        envelope,
        diagnostics,
    }
}

/// A file that is not UTF-8: the diagnostic, and the valid text before the
/// first bad byte (to show the diagnostic's line).
#[derive(Debug, Clone)]
pub struct NotUtf8 {
    /// DT-coded error pointing at the first bad byte.
    pub diagnostic: Diagnostic,
    /// The text before it.
    pub valid: String,
}

/// The deck's text, or why it is not text.
pub fn decode(bytes: Vec<u8>) -> Result<String, Box<NotUtf8>> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        Box::new(NotUtf8 {
            diagnostic: decktype_parse::not_utf8_diagnostic(&bytes, at),
            valid: String::from_utf8_lossy(&bytes[..at]).into_owned(),
        })
    })
}

/// Where a deck's images may come from besides its own folder.
#[derive(Debug, Clone, Default)]
pub struct Images {
    /// More folders images may be read from (`--assets`).
    pub assets: Vec<PathBuf>,
    /// Download remote images without a local copy (`--fetch-images`).
    pub fetch: Option<Fetch>,
}

impl Images {
    /// The resolver for a deck in `deck_dir` (`None`: a deck without a
    /// folder, standard input or the bundled sample).
    pub fn resolver(&self, deck_dir: Option<&Path>) -> Resolver {
        let mut r = Resolver::new(deck_dir, &self.assets);
        if let Some(fetch) = &self.fetch {
            r = r.with_fetch(fetch.clone());
        }
        r
    }
}

/// The folder of a deck file as given (`deck.md` is in `.`).
pub fn deck_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl Analysed {
    /// The deck.
    pub fn deck(&self) -> &Deck {
        &self.envelope.deck
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The deck's JSON, pretty, with a final newline.
    pub fn to_json(&self) -> String {
        decktype_export_json::to_json(&self.envelope)
    }

    /// The deck as one self-contained HTML file.
    pub fn to_html(&self, resolver: &Resolver) -> decktype_export_html::Export {
        decktype_export_html::export(&self.envelope, &decktype_export_html::Options { resolver })
    }

    /// The deck as a PDF.
    #[cfg(feature = "pdf")]
    pub fn to_pdf(
        &self,
        resolver: &Resolver,
        settings: &PdfSettings,
    ) -> Result<decktype_export_pdf::Export, decktype_export_pdf::Failure> {
        decktype_export_pdf::export(
            &self.envelope,
            &decktype_export_pdf::Options::with_settings(resolver, settings),
        )
    }
}

/// Several decks' JSON as one text (see [`decktype_export_json::export`]).
pub fn to_json_many(
    decks: &[Analysed],
    layout: decktype_export_json::Layout,
    single: bool,
) -> String {
    let envelopes: Vec<&Envelope> = decks.iter().map(|a| &a.envelope).collect();
    decktype_export_json::export(&envelopes, layout, single)
}

pub use decktype_export_json::Layout as JsonLayout;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_are_sorted_and_in_the_envelope() {
        let source = "---\ntype: slide\n---\n\n# One\n\n<div>\n\n---\n\n# Two\n";
        let a = analyse(Some("dir\\20240418.md"), source, &Options::default());
        assert_eq!(a.path.as_deref(), Some("dir/20240418.md"));
        assert_eq!(a.envelope.source.path.as_deref(), Some("dir/20240418.md"));
        // The date comes from the file name in the path.
        assert_eq!(a.deck().meta.date.as_deref(), Some("2024-04-18"));
        let spans: Vec<_> = a.diagnostics.iter().map(|d| d.span.start).collect();
        let mut sorted = spans.clone();
        sorted.sort();
        assert_eq!(spans, sorted);
        assert_eq!(a.envelope.diagnostics.len(), a.diagnostics.len());
    }

    #[test]
    fn not_utf8_is_a_diagnostic() {
        let e = decode(b"# ok\n\xff".to_vec()).unwrap_err();
        assert_eq!(e.valid, "# ok\n");
        assert_eq!(e.diagnostic.severity, Severity::Error);
        assert_eq!(decode(b"# ok".to_vec()).unwrap(), "# ok");
    }
}
