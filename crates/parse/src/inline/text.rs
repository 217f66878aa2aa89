//! Step 3 of the pass: what markdown-it renders inside text and pulldown-cmark
//! leaves as text. Each text node is split into text and the constructs found
//! in it (sized images, in-word sub/superscripts, emoji, bare links), then
//! `==mark==` and `++ins++` are paired across the siblings.

use decktype_model::{Inline, Span};

use super::autolink::{Found, bare_link, find_links};
use super::delimiters::pair_delimiters;
use super::emoji::emoji_at;
use super::imsize::{ImageScan, sized_image_at};
use super::sub_sup::script_at;
use super::{is_exact, map_children, piece};
use crate::Context;

/// Runs step 3 on `inlines` and their children. `in_link`: they are inside a
/// link, so bare URLs stay text.
pub(super) fn extend_text(ctx: &Context<'_>, inlines: Vec<Inline>, in_link: bool) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for node in inlines {
        match node {
            Inline::Text { text, span } => split_text(ctx, text, span, in_link, &mut out),
            Inline::Link { .. } => out.push(map_children(node, |c| extend_text(ctx, c, true))),
            other => out.push(map_children(other, |c| extend_text(ctx, c, in_link))),
        }
    }
    let out = pair_delimiters(ctx, out, "==");
    pair_delimiters(ctx, out, "++")
}

/// Splits one text node into text, images with sizes, sub/superscripts, emoji
/// and bare links.
fn split_text(ctx: &Context<'_>, text: String, span: Span, in_link: bool, out: &mut Vec<Inline>) {
    let mut last = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let exact = is_exact(ctx, &text, span);
    let push_text = |out: &mut Vec<Inline>, a: usize, b: usize| {
        if a < b {
            out.push(Inline::Text {
                text: text[a..b].to_owned(),
                span: piece(exact, span, a, b),
            });
        }
    };
    let links: Vec<Found> = if in_link {
        Vec::new()
    } else {
        find_links(&text)
    };
    let mut next_link = 0;
    let mut image_scan = ImageScan::default();
    while i < bytes.len() {
        let found = match links.get(next_link) {
            Some(found) if found.start == i => {
                next_link += 1;
                let (a, b) = (found.start, found.end);
                Some((bare_link(&text[a..b], found, piece(exact, span, a, b)), b))
            }
            _ => {
                let found = construct_at(&text, i, exact, span, &mut image_scan);
                // A sized image wins over the bare URL inside it; other
                // constructs must not swallow the start of a bare link.
                let found = found.filter(|(node, end)| {
                    matches!(node, Inline::Image(_))
                        || links.get(next_link).is_none_or(|f| f.start >= *end)
                });
                if let Some((Inline::Image(_), end)) = &found {
                    while links.get(next_link).is_some_and(|f| f.start < *end) {
                        next_link += 1;
                    }
                }
                found
            }
        };
        match found {
            Some((node, end)) => {
                push_text(out, last, i);
                out.push(node);
                i = end;
                last = end;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    push_text(out, last, bytes.len());
}

/// The sized image, sub/superscript or emoji that starts at `text[at]`, if
/// any, and its end offset.
fn construct_at(
    text: &str,
    at: usize,
    exact: bool,
    span: Span,
    image_scan: &mut ImageScan,
) -> Option<(Inline, usize)> {
    match text.as_bytes()[at] {
        b'!' => sized_image_at(text, at, exact, span, image_scan),
        b'~' | b'^' => script_at(text, at, exact, span),
        b':' => emoji_at(text, at, exact, span),
        _ => None,
    }
}
