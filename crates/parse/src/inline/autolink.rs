//! Bare URLs and e-mail addresses in text, which markdown-it's `linkify`
//! turns into links.

use std::collections::BTreeMap;

use decktype_model::{Inline, LinkKind, Span};

/// Bare URLs and e-mail addresses, as (start, end, is_email).
pub(super) fn find_links(text: &str) -> Vec<(usize, usize, bool)> {
    if !text.contains(['.', '@']) {
        return Vec::new();
    }
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
    finder
        .links(text)
        .map(|l| (l.start(), l.end(), *l.kind() == linkify::LinkKind::Email))
        .collect()
}

/// The link for a bare URL or (when `email`) e-mail address `found`.
pub(super) fn bare_link(found: &str, email: bool, span: Span) -> Inline {
    let url = if email {
        format!("mailto:{found}")
    } else {
        found.to_owned()
    };
    Inline::Link {
        url,
        title: None,
        kind: LinkKind::Bare,
        children: vec![Inline::Text {
            text: found.to_owned(),
            span,
        }],
        attributes: BTreeMap::new(),
        span,
    }
}
