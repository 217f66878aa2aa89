//! Markdown → [`decktype_model::Deck`], with HedgeDoc 1.x's semantics.
//!
//! [`parse`] never fails and never panics: whatever the input, it returns a deck
//! and the [`Diagnostic`]s found on the way. It follows HedgeDoc exactly where
//! HedgeDoc's own code decides the structure:
//!
//! * front matter only when the file starts with `---` at byte 0 (meta-marked);
//! * slides split on the raw text by reveal.js's separator regular expressions,
//!   blind to code fences and comments (see [`split`](crate) rules in the docs
//!   of the `split` module);
//! * speaker notes only when a slide has exactly one line starting with `note:`;
//! * slide attributes from `<!-- .slide: ... -->` comments;
//! * inside a slide, CommonMark with what HedgeDoc's markdown-it enables.
//!
//! It does not validate semantics (that is `decktype check`) and does not render.
//!
//! [`typography`] is HedgeDoc's typographer (markdown-it's smart quotes and
//! replacements), kept beside the parser because markdown-it applies it while
//! parsing; the deck keeps the source text, so `parse` does not call it yet.

mod alerts;
mod attrs;
pub mod codes;
mod containers;
mod controls;
mod frontmatter;
mod html;
mod inline;
mod markdown;
mod slide;
mod split;
mod title;
pub mod typography;

pub use split::{SeparatorLine, separator_line};

use decktype_model::{Deck, Diagnostic, FrontMatter, Meta, Severity, Span, StyleSheet};

/// Parser options.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Use this `breaks` setting when the front matter has none (HedgeDoc's
    /// default is `true`: a single newline in a paragraph is a line break).
    pub default_breaks: Option<bool>,
}

/// The result of parsing: always a deck, plus diagnostics in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The deck.
    pub deck: Deck,
    /// What the parser noticed, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Shared state while parsing one file.
pub(crate) struct Context<'a> {
    pub(crate) src: &'a str,
    pub(crate) breaks: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// `<style>` blocks found so far: CSS and the element's span.
    pub(crate) styles: Vec<(String, Span)>,
}

/// The diagnostic for a file that is not UTF-8: `bytes` are valid up to
/// `at` (as [`std::str::Utf8Error::valid_up_to`] says). It points at the
/// first bad byte, by line and column of the valid part.
pub fn not_utf8_diagnostic(bytes: &[u8], at: usize) -> Diagnostic {
    let valid = String::from_utf8_lossy(&bytes[..at]);
    let pos = decktype_model::LineIndex::new(&valid).line_col(valid.len());
    Diagnostic::new(
        Severity::Error,
        codes::NOT_UTF8,
        format!(
            "the file is not valid UTF-8: byte 0x{:02x} at line {}, column {} (byte offset {at})",
            bytes[at], pos.line, pos.column
        ),
        Span::empty(valid.len()),
    )
    .with_help("save the file as UTF-8 (HedgeDoc stores notes as UTF-8)")
}

/// Parses one deck.
pub fn parse(source: &str, options: &Options) -> Parsed {
    let mut diagnostics = Vec::new();
    let fm_split = split::front_matter(source);
    let (meta, front_matter, markdown_start) = match fm_split {
        Some(fm) => {
            let (meta, valid, diags) = frontmatter::parse_front_matter(source, fm.yaml_end);
            diagnostics.extend(diags);
            (
                meta,
                Some(FrontMatter {
                    span: Span::new(0, fm.markdown_start),
                    yaml: source[..fm.yaml_end].to_owned(),
                    valid,
                }),
                fm.markdown_start,
            )
        }
        None => {
            let late = front_matter_not_at_start(source);
            let found_late = late.is_some();
            diagnostics.extend(late);
            // The late front matter is the problem to fix, not a missing `type`.
            if found_late {
                return finish(
                    source,
                    options,
                    diagnostics,
                    Meta::default(),
                    None,
                    0,
                    false,
                );
            }
            (Meta::default(), None, 0)
        }
    };
    if source.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::EMPTY_FILE,
                "the file is empty",
                Span::empty(0),
            )
            .with_help("start a deck with front matter containing `type: slide`"),
        );
    }
    // With invalid YAML the YAML error is the one to fix; do not pile on.
    let yaml_ok = front_matter.as_ref().is_none_or(|fm| fm.valid);
    finish(
        source,
        options,
        diagnostics,
        meta,
        front_matter,
        markdown_start,
        yaml_ok,
    )
}

fn finish(
    source: &str,
    options: &Options,
    mut diagnostics: Vec<Diagnostic>,
    meta: Meta,
    front_matter: Option<FrontMatter>,
    markdown_start: usize,
    check_type: bool,
) -> Parsed {
    if check_type && meta.doc_type.as_deref() != Some("slide") {
        diagnostics.push(not_a_slide_deck(&meta, front_matter.as_ref(), source));
    }
    let breaks = meta.breaks.or(options.default_breaks).unwrap_or(true);
    let mut ctx = Context {
        src: source,
        breaks,
        diagnostics,
        styles: Vec::new(),
    };
    let (raw_slides, matches) = split::split_slides(source, markdown_start);
    slide::separator_diagnostics(&mut ctx, markdown_start, &matches);
    let mut slides = Vec::with_capacity(raw_slides.len());
    let mut styles = Vec::new();
    for (index, raw) in raw_slides.into_iter().enumerate() {
        slides.push(slide::build(&mut ctx, index, raw));
        styles.extend(ctx.styles.drain(..).map(|(css, span)| StyleSheet {
            css,
            slide: index,
            span,
        }));
    }
    let mut diagnostics = ctx.diagnostics;
    let controls = controls::diagnostics(source);
    let mut deck = Deck {
        meta,
        front_matter,
        styles,
        slides,
        // The semantic pass fills the rest.
        ..Deck::default()
    };
    if !controls.is_empty() {
        controls::replace(&mut deck);
        diagnostics.extend(controls);
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    Parsed { deck, diagnostics }
}

/// A file whose front matter HedgeDoc misses: blank lines or a BOM before `---`.
fn front_matter_not_at_start(source: &str) -> Option<Diagnostic> {
    let trimmed = source.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let skipped = source.len() - trimmed.len();
    if skipped == 0 || !trimmed.starts_with("---") || split::front_matter(trimmed).is_none() {
        return None;
    }
    let what = if source.starts_with('\u{feff}') {
        "a byte order mark"
    } else {
        "blank lines"
    };
    Some(
        Diagnostic::new(
            Severity::Warning,
            codes::FRONT_MATTER_NOT_AT_START,
            format!("front matter is preceded by {what}, so HedgeDoc does not recognise it and shows it as text"),
            Span::new(skipped, skipped + 3),
        )
        .with_help("remove everything before the first `---` so the file starts with it"),
    )
}

fn not_a_slide_deck(meta: &Meta, front_matter: Option<&FrontMatter>, source: &str) -> Diagnostic {
    let (message, span) = match (front_matter, &meta.doc_type) {
        (None, _) => (
            "the document has no front matter with `type: slide`: HedgeDoc shows it as a document, not as slides".to_owned(),
            Span::empty(0),
        ),
        (Some(fm), None) => (
            "the front matter has no `type: slide`: HedgeDoc shows the document as a note, not as slides".to_owned(),
            fm.span,
        ),
        (Some(fm), Some(other)) => (
            format!("`type: {other}` is not a slide deck: HedgeDoc shows slides only for `type: slide`"),
            fm.span,
        ),
    };
    let span = Span::new(span.start, span.end.min(source.len()));
    Diagnostic::new(Severity::Warning, codes::NOT_A_SLIDE_DECK, message, span)
        .with_help("add `type: slide` to the front matter")
}

/// Whether `source` declares itself a slide deck: its front matter says
/// `type: slide`. Blank lines or a byte order mark before the front matter
/// (which hide it from HedgeDoc) do not matter here: such a file is a deck
/// with a problem to report, not a note. A front matter that is not valid
/// YAML counts when one of its lines reads `type: slide`, so its YAML error
/// is reported rather than the file passed over.
///
/// This is the one test of "is this Markdown file a deck?" for every
/// command that walks folders.
pub fn is_slide_deck(source: &str) -> bool {
    let trimmed = source.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let Some(fm) = split::front_matter(trimmed) else {
        return false;
    };
    let (meta, valid, _) = frontmatter::parse_front_matter(trimmed, fm.yaml_end);
    if valid {
        return meta.doc_type.as_deref() == Some("slide");
    }
    trimmed[..fm.yaml_end].lines().any(|line| {
        line.trim_end()
            .strip_prefix("type:")
            .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == "slide")
    })
}

#[cfg(test)]
mod sniff_tests {
    use super::is_slide_deck;

    #[test]
    fn decks_and_notes() {
        assert!(is_slide_deck("---\ntype: slide\n---\n# A\n"));
        assert!(is_slide_deck("\n\n---\ntype: 'slide'\n---\n# A\n"));
        assert!(is_slide_deck("\u{feff}---\ntitle: x\ntype: slide\n---\n"));
        // Broken YAML, but it says it is a deck: reported, not skipped.
        assert!(is_slide_deck("---\ntype: slide\nbad: [\n---\n"));
        assert!(!is_slide_deck("---\ntitle: notes\n---\n# A\n"));
        assert!(!is_slide_deck("---\ntype: note\n---\n"));
        assert!(!is_slide_deck("# Just Markdown\n\ntype: slide\n"));
        assert!(!is_slide_deck(""));
    }
}
