//! Characters no bundled font has: found in the deck's text before the
//! layout (one diagnostic each, and the regex the template draws as a
//! `U+XXXX` box), and checked in the laid-out document after it.

use std::collections::{BTreeSet, HashMap};

use decktype_model::{Diagnostic, Severity, Span};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use crate::{MISSING_GLYPH, world};

/// Characters the PDF would draw as tofu: one diagnostic per character at
/// its first use, and the typst regex the template replaces them with.
pub(crate) fn missing_glyphs(text: &[(String, Span)], diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut seen: HashMap<char, bool> = HashMap::new();
    let mut missing = Vec::new();
    for (s, span) in text {
        for c in s.chars() {
            if c.is_ascii() || c.is_whitespace() || c.is_control() || ignorable(c) {
                continue;
            }
            let covered = *seen.entry(c).or_insert_with(|| {
                world::FONTS
                    .fonts
                    .iter()
                    .any(|f| f.info().coverage.contains(c as u32))
            });
            if !covered {
                seen.insert(c, true);
                missing.push(c);
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        MISSING_GLYPH,
                        format!("no bundled font has `{c}` (U+{:04X}); the PDF shows a box with its code instead", c as u32),
                        *span,
                    )
                    .with_help("the PDF bundles Lato, DejaVu Sans, DejaVu Sans Mono and Noto Color Emoji; use a character they have"),
                );
            }
        }
    }
    if missing.is_empty() {
        return String::new();
    }
    let mut re = String::from("[");
    for c in missing {
        re.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
    re.push(']');
    re
}

/// Default-ignorable characters: shaping uses them, no font must draw them.
fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// The warning that the laid-out `document` draws characters with no
/// glyph (a custom template's text, say), if it does.
pub(crate) fn tofu_diagnostic(document: &PagedDocument) -> Option<Diagnostic> {
    let tofu = tofu(document);
    if tofu.is_empty() {
        return None;
    }
    Some(Diagnostic::new(
        Severity::Warning,
        MISSING_GLYPH,
        format!(
            "the PDF draws {} character(s) with no glyph: {}",
            tofu.len(),
            tofu.iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Span::new(0, 0),
    ))
}

/// Characters laid out with glyph 0 (tofu) anywhere in the document.
fn tofu(document: &PagedDocument) -> BTreeSet<char> {
    fn walk(frame: &Frame, out: &mut BTreeSet<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in &text.glyphs {
                        if glyph.id == 0 {
                            out.extend(
                                text.text
                                    .get(glyph.range())
                                    .unwrap_or_default()
                                    .chars()
                                    .filter(|c| !c.is_whitespace() && !ignorable(*c)),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}
