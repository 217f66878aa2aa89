//! Characters no font has: found in the deck's text before the layout
//! (one diagnostic per slide, listing them, and the regex the template
//! draws as a `U+XXXX` box), and checked in the laid-out document after it.

use std::collections::BTreeSet;

use decktype_model::{Diagnostic, Severity, Slide, Span};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use crate::MISSING_GLYPH;

/// At most this many characters' codes are in a diagnostic's message.
const CODES_SHOWN: usize = 10;

/// Whether `c` is drawn with a glyph of a font (not a space, control or
/// default-ignorable character).
pub(crate) fn drawn(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || ignorable(c))
}

/// The characters the PDF draws from `text`.
pub(crate) fn drawn_chars<'a>(
    text: impl IntoIterator<Item = &'a (String, Span)>,
) -> BTreeSet<char> {
    text.into_iter()
        .flat_map(|(s, _)| s.chars())
        .filter(|c| drawn(*c))
        .collect()
}

/// One diagnostic for each slide whose `text` has characters of `missing`
/// (the characters no font has), listing them, at the first one's place.
/// `system` says whether the machine's fonts were searched, for the help.
pub(crate) fn missing_glyphs(
    slides: &[(&Slide, &[(String, Span)])],
    missing: &BTreeSet<char>,
    system: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if missing.is_empty() {
        return;
    }
    for (slide, text) in slides {
        let mut chars: Vec<char> = Vec::new();
        let mut first = None;
        for (s, span) in *text {
            for c in s.chars() {
                if missing.contains(&c) && !chars.contains(&c) {
                    chars.push(c);
                    first.get_or_insert(*span);
                }
            }
        }
        let Some(span) = first else {
            continue;
        };
        let mut codes: Vec<String> = chars
            .iter()
            .take(CODES_SHOWN)
            .map(|c| format!("U+{:04X}", *c as u32))
            .collect();
        if chars.len() > CODES_SHOWN {
            codes.push("…".to_owned());
        }
        let listed: String = chars.iter().collect();
        let help = if system {
            "the PDF uses its bundled fonts, then fonts in --font-path folders, then the machine's fonts: install a font with these characters (Debian: fonts-noto-cjk, fonts-noto-core ...) or pass --font-path DIR"
        } else {
            "the PDF uses its bundled fonts and fonts in --font-path folders, and the machine's fonts were ignored (--ignore-system-fonts): leave that out, or pass --font-path DIR with a font that has these characters"
        };
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                MISSING_GLYPH,
                if chars.len() == 1 {
                    format!(
                        "slide {}: no font has `{listed}` ({}); the PDF shows a box with its code instead",
                        slide.index + 1,
                        codes.join(" "),
                    )
                } else {
                    format!(
                        "slide {}: no font has these {} characters: `{listed}` ({}); the PDF shows each as a box with its code instead",
                        slide.index + 1,
                        chars.len(),
                        codes.join(" "),
                    )
                },
                span,
            )
            .with_help(help),
        );
    }
}

/// The typst regular expression of `missing`, which the template draws as
/// boxes (empty when there are none).
pub(crate) fn missing_regex(missing: &BTreeSet<char>) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let mut re = String::from("[");
    for c in missing {
        re.push_str(&format!("\\x{{{:X}}}", *c as u32));
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
