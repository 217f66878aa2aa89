//! Deck text that typst writes as PDF strings, shortened to what PDF/A
//! allows: a string holds at most 32 767 bytes, and typst writes text that
//! is not ASCII as UTF-16 (two bytes a code unit, after a two-byte mark).
//! A longer one fails PDF/A ("a PDF string is longer than 32767
//! characters") and no PDF would be written.
//!
//! The strings: the document title, description and keywords (the info
//! dictionary), the outline's titles (sections and slide titles), each
//! heading's text (the title of its structure element in the tagged PDF),
//! image alt text, and link targets. Each is cut at [`LIMIT`] UTF-16 code
//! units (and never more than [`BYTES`] UTF-8 bytes) with an ellipsis, with
//! [`TEXT_TRUNCATED_IN_PDF`]; a link target that long is no link (its text
//! stays), since a shortened URL would lead elsewhere.

use decktype_model::codes::TEXT_TRUNCATED_IN_PDF;
use decktype_model::{Block, Deck, Diagnostic, Image, Inline, Severity, Span};

use crate::view::View;

/// The most UTF-16 code units a shortened string keeps (its ellipsis
/// included): 32 002 bytes as UTF-16 with its mark, well under 32 767.
pub(crate) const LIMIT: usize = 16_000;
/// The most UTF-8 bytes a shortened string keeps.
const BYTES: usize = 32_000;

/// Whether `s` is too long for a PDF string.
fn too_long(s: &str) -> bool {
    s.len() > BYTES || s.encode_utf16().count() > LIMIT
}

/// `s` cut to fit `units` UTF-16 code units and [`BYTES`] bytes, with room
/// for an ellipsis (not added).
fn cut(s: &str, units: usize) -> &str {
    let mut u = 0;
    for (i, c) in s.char_indices() {
        u += c.len_utf16();
        if u > units || i + c.len_utf8() > BYTES - 3 {
            return &s[..i];
        }
    }
    s
}

/// `s` shortened to a PDF string, if it is too long.
fn shorten(s: &str) -> Option<String> {
    too_long(s).then(|| format!("{}…", cut(s, LIMIT - 1)))
}

fn diagnostic(what: &str, len: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        TEXT_TRUNCATED_IN_PDF,
        format!(
            "{what} is {len} characters long, more than a PDF string may hold; the PDF has its first {}",
            LIMIT - 1
        ),
        span,
    )
    .with_help("PDF/A allows at most 32 767 bytes in a string (a title, bookmark, heading or alt text); shorten it")
}

/// Shortens the view's strings: title, description and keywords (with a
/// diagnostic when they come from the front matter; a title from a slide
/// is reported with its heading), section titles, and link targets (which
/// then are text, not links).
pub(crate) fn view(view: &mut View, deck: &Deck, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(short) = shorten(&view.title) {
        if deck.meta.title.is_some() {
            diagnostics.push(diagnostic(
                "the title",
                view.title.chars().count(),
                Span::new(0, 0),
            ));
        }
        view.title = short;
    }
    if let Some(d) = &mut view.description
        && let Some(short) = shorten(d)
    {
        diagnostics.push(diagnostic(
            "the description",
            d.chars().count(),
            Span::new(0, 0),
        ));
        *d = short;
    }
    // typst joins the keywords into one string, with ", " between.
    let total: usize = view.keywords.iter().map(|k| k.len() + 2).sum();
    if total > BYTES || view.keywords.iter().any(|k| too_long(k)) {
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                TEXT_TRUNCATED_IN_PDF,
                format!("the tags are {total} characters long together, more than the PDF's keywords (one PDF string) may hold; the PDF has the first ones that fit"),
                Span::new(0, 0),
            )
            .with_help("PDF/A allows at most 32 767 bytes in a string; use fewer or shorter tags"),
        );
        let (mut units_left, mut bytes_left) = (LIMIT, BYTES);
        let mut kept = Vec::new();
        for k in &view.keywords {
            let units = k.encode_utf16().count() + 2;
            if units <= units_left && k.len() + 2 <= bytes_left {
                units_left -= units;
                bytes_left -= k.len() + 2;
                kept.push(k.clone());
            } else {
                break;
            }
        }
        view.keywords = kept;
    }
    for section in &mut view.sections {
        if let Some(short) = shorten(&section.title) {
            section.title = short;
        }
    }
    let long: Vec<String> = view
        .links
        .iter()
        .filter(|(_, target)| too_long(target))
        .map(|(url, _)| url.clone())
        .collect();
    for url in long {
        view.links.remove(&url);
        let span = link_span(deck, &url).unwrap_or(Span::new(0, 0));
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                TEXT_TRUNCATED_IN_PDF,
                format!(
                    "a link's URL is {} characters long, more than a PDF string may hold; the PDF shows its text without the link",
                    url.chars().count()
                ),
                span,
            )
            .with_help("PDF/A allows at most 32 767 bytes in a string; shorten the URL"),
        );
    }
}

/// Where the first link to `url` is written.
fn link_span(deck: &Deck, url: &str) -> Option<Span> {
    fn in_inlines(inlines: &[Inline], url: &str) -> Option<Span> {
        inlines.iter().find_map(|i| match i {
            Inline::Link { url: u, span, .. } if u == url => Some(*span),
            _ => in_inlines(i.children(), url),
        })
    }
    let mut found = None;
    for slide in &deck.slides {
        let notes = slide.notes.as_ref().map_or(&[][..], |n| &n.blocks[..]);
        for blocks in [&slide.blocks[..], notes] {
            walk(blocks, &mut |inlines| {
                if found.is_none() {
                    found = in_inlines(inlines, url);
                }
            });
        }
    }
    found
}

/// Calls `f` with every run of inlines in `blocks`.
fn walk(blocks: &[Block], f: &mut impl FnMut(&[Inline])) {
    for block in blocks {
        match block {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines, .. }
            | Block::Html { inlines, .. } => f(inlines),
            Block::List { items, .. } => {
                for item in items {
                    walk(&item.blocks, f);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    f(&cell.inlines);
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    f(&item.term);
                    for d in &item.definitions {
                        walk(d, f);
                    }
                }
            }
            _ => walk(block.child_blocks(), f),
        }
    }
}

/// Calls `f` with every run of inlines in `blocks`, mutably, and the
/// heading's span when it is a heading's.
fn walk_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>, Option<Span>)) {
    for block in blocks {
        match block {
            Block::Heading { inlines, span, .. } => f(inlines, Some(*span)),
            Block::Paragraph { inlines, .. } | Block::Html { inlines, .. } => f(inlines, None),
            Block::List { items, .. } => {
                for item in items {
                    walk_mut(&mut item.blocks, f);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    f(&mut cell.inlines, None);
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    f(&mut item.term, None);
                    for d in &mut item.definitions {
                        walk_mut(d, f);
                    }
                }
            }
            Block::Quote { blocks, .. }
            | Block::Element { blocks, .. }
            | Block::FootnoteDefinition { blocks, .. } => walk_mut(blocks, f),
            _ => {}
        }
    }
}

/// Whether some text of `deck` (and its `notes`, if shown) that becomes a
/// PDF string is too long.
pub(crate) fn deck_too_long(deck: &Deck, notes: bool) -> bool {
    if deck.meta.title.as_deref().is_some_and(too_long)
        || deck.meta.description.as_deref().is_some_and(too_long)
    {
        return true;
    }
    let mut long = false;
    for slide in &deck.slides {
        long |= slide.title.as_deref().is_some_and(too_long);
        let notes = match &slide.notes {
            Some(n) if notes => &n.blocks[..],
            _ => &[][..],
        };
        for blocks in [&slide.blocks[..], notes] {
            long |= blocks_too_long(blocks);
        }
    }
    long
}

fn blocks_too_long(blocks: &[Block]) -> bool {
    blocks.iter().any(|block| match block {
        Block::Heading { inlines, .. } => plain_len(inlines) > LIMIT || inlines_too_long(inlines),
        Block::Image(image) => too_long(&image.alt),
        Block::Paragraph { inlines, .. } | Block::Html { inlines, .. } => inlines_too_long(inlines),
        Block::List { items, .. } => items.iter().any(|i| blocks_too_long(&i.blocks)),
        Block::Table { header, rows, .. } => header
            .iter()
            .chain(rows.iter().flatten())
            .any(|c| inlines_too_long(&c.inlines)),
        Block::DefinitionList { items, .. } => items
            .iter()
            .any(|i| inlines_too_long(&i.term) || i.definitions.iter().any(|d| blocks_too_long(d))),
        _ => blocks_too_long(block.child_blocks()),
    })
}

/// Whether an image's alt text or an HTML heading in `inlines` is too long.
fn inlines_too_long(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Image(image) => too_long(&image.alt),
        Inline::Html { tag, children, .. } if is_heading_tag(tag) => {
            plain_len(children) > LIMIT || inlines_too_long(children)
        }
        _ => inlines_too_long(i.children()),
    })
}

fn is_heading_tag(tag: &str) -> bool {
    matches!(
        tag.to_ascii_lowercase().as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// The length in UTF-16 code units (at least; bytes count for ASCII) of
/// the plain text typst makes of `inlines`.
fn plain_len(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => units(text),
            Inline::Code { code, .. } => units(code),
            Inline::Emoji { emoji, .. } => units(emoji),
            Inline::FootnoteReference { label, .. } => units(label),
            Inline::SoftBreak { .. } | Inline::LineBreak { .. } => 1,
            _ => plain_len(i.children()),
        })
        .sum()
}

/// A string's size as a PDF string, in UTF-16 code units, counting UTF-8
/// bytes when they are more than twice as many.
fn units(s: &str) -> usize {
    s.encode_utf16().count().max(s.len().div_ceil(2))
}

/// Shortens the text of `inlines` to `left` code units; whether it cut.
fn cut_inlines(inlines: &mut Vec<Inline>, left: &mut usize) -> bool {
    for i in 0..inlines.len() {
        let leaf = match &mut inlines[i] {
            Inline::Text { text, .. } => Some(text),
            Inline::Code { code, .. } => Some(code),
            Inline::Emoji { emoji, .. } => Some(emoji),
            Inline::FootnoteReference { label, .. } => Some(label),
            _ => None,
        };
        let cut_here = match leaf {
            Some(s) => {
                let n = units(s);
                if n <= *left {
                    *left -= n;
                    false
                } else {
                    let kept = cut(s, left.saturating_sub(1)).len();
                    s.truncate(kept);
                    s.push('…');
                    *left = 0;
                    true
                }
            }
            None => match inlines[i].children_mut() {
                Some(children) => cut_inlines(children, left),
                None => {
                    *left = left.saturating_sub(1);
                    false
                }
            },
        };
        if cut_here {
            inlines.truncate(i + 1);
            return true;
        }
    }
    false
}

/// Shortens `deck`'s strings that typst writes as PDF strings: headings
/// (Markdown and HTML), slide titles, image alt text, and the front
/// matter's title and description; a diagnostic for each heading and alt
/// text. Speaker notes only when they are shown (`notes`).
pub(crate) fn deck(deck: &mut Deck, notes: bool, diagnostics: &mut Vec<Diagnostic>) {
    for s in [&mut deck.meta.title, &mut deck.meta.description]
        .into_iter()
        .flatten()
    {
        if let Some(short) = shorten(s) {
            *s = short;
        }
    }
    for slide in &mut deck.slides {
        if let Some(title) = &mut slide.title
            && let Some(short) = shorten(title)
        {
            *title = short;
        }
        let notes = slide
            .notes
            .as_mut()
            .filter(|_| notes)
            .map(|n| &mut n.blocks);
        for blocks in std::iter::once(&mut slide.blocks).chain(notes) {
            block_images(blocks, diagnostics);
            walk_mut(blocks, &mut |inlines, heading| {
                if let Some(span) = heading {
                    shorten_heading(inlines, span, diagnostics);
                }
                shorten_inlines(inlines, diagnostics);
            });
        }
    }
}

fn shorten_heading(inlines: &mut Vec<Inline>, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    let len = plain_len(inlines);
    if len > LIMIT {
        let mut left = LIMIT;
        cut_inlines(inlines, &mut left);
        diagnostics.push(diagnostic("this heading", len, span));
    }
}

/// Shortens the alt text of images and the HTML headings in `inlines`.
fn shorten_inlines(inlines: &mut [Inline], diagnostics: &mut Vec<Diagnostic>) {
    for inline in inlines {
        match inline {
            Inline::Image(image) => shorten_alt(image, diagnostics),
            Inline::Html {
                tag,
                children,
                span,
                ..
            } if is_heading_tag(tag) => {
                shorten_heading(children, *span, diagnostics);
                shorten_inlines(children, diagnostics);
            }
            _ => {
                if let Some(children) = inline.children_mut() {
                    shorten_inlines(children, diagnostics);
                }
            }
        }
    }
}

/// Shortens the alt text of the images that are blocks, at any depth.
fn block_images(blocks: &mut [Block], diagnostics: &mut Vec<Diagnostic>) {
    for block in blocks {
        match block {
            Block::Image(image) => shorten_alt(image, diagnostics),
            Block::List { items, .. } => {
                for item in items {
                    block_images(&mut item.blocks, diagnostics);
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    for d in &mut item.definitions {
                        block_images(d, diagnostics);
                    }
                }
            }
            Block::Quote { blocks, .. }
            | Block::Element { blocks, .. }
            | Block::FootnoteDefinition { blocks, .. } => block_images(blocks, diagnostics),
            _ => {}
        }
    }
}

fn shorten_alt(image: &mut Image, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(short) = shorten(&image.alt) {
        diagnostics.push(diagnostic(
            "this image's alt text",
            image.alt.chars().count(),
            image.span,
        ));
        image.alt = short;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_fit_a_pdf_string() {
        for s in ["a".repeat(40_000), "é".repeat(40_000), "😀".repeat(40_000)] {
            let short = shorten(&s).expect("too long");
            assert!(!too_long(&short));
            let utf16 = 2 * short.encode_utf16().count() + 2;
            assert!(utf16 <= 32_767 && short.len() <= 32_767, "{utf16}");
            assert!(short.ends_with('…'));
        }
        assert_eq!(shorten("short"), None);
    }

    #[test]
    fn a_long_heading_keeps_its_start() {
        let span = Span::new(0, 1);
        let mut inlines = vec![
            Inline::Text {
                text: "Start ".into(),
                span,
            },
            Inline::Strong {
                children: vec![Inline::Text {
                    text: "x".repeat(40_000),
                    span,
                }],
                attributes: Default::default(),
                span,
            },
            Inline::Text {
                text: "end".into(),
                span,
            },
        ];
        let mut diagnostics = Vec::new();
        shorten_heading(&mut inlines, span, &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(inlines.len(), 2);
        assert!(plain_len(&inlines) <= LIMIT);
    }
}
