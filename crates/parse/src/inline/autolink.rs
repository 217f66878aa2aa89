//! Bare URLs and e-mail addresses in text, which markdown-it's `linkify`
//! (linkify-it with its defaults) turns into links.
//!
//! The `linkify` crate finds the candidates; linkify-it's rules then decide:
//! a URL with a scheme (`https://...`) is a link; one without (`kubernetes.io`,
//! `www.example.org/path`) and an e-mail address are "fuzzy" and are links
//! only when the host ends in a top-level domain linkify-it knows: a country
//! code or one of `biz com edu gov net org pro web xxx aero asia coop info
//! museum name shop рф` (so `info@scs.community` stays text, as in HedgeDoc).
//! A fuzzy link points to `http://` + the text. The link text is what
//! markdown-it shows: percent-escapes decoded (`good%20first` shows as
//! `good first`), the URL as written.

use std::collections::BTreeMap;

use decktype_model::{Inline, LinkKind, Span};

/// A bare URL or e-mail address found in text.
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// With a scheme: the text is the URL.
    Url,
    /// Without a scheme: `http://` + the text.
    Fuzzy,
    /// An e-mail address: `mailto:` + the text.
    Email,
}

/// linkify-it's top-level domains beyond the two-letter country codes.
const TLDS: &[&str] = &[
    "biz", "com", "edu", "gov", "net", "org", "pro", "web", "xxx", "aero", "asia", "coop", "info",
    "museum", "name", "shop", "рф",
];

/// linkify-it's two-letter country codes (`tlds_2ch_src_re`): a first letter
/// and the second letters it takes.
const CC_TLDS: &[(char, &str)] = &[
    ('a', "cdefgilmnoqrstuwxz"),
    ('b', "abdefghijmnorstvwyz"),
    ('c', "acdfghiklmnoruvwxyz"),
    ('d', "ejkmoz"),
    ('e', "cegrstu"),
    ('f', "ijkmor"),
    ('g', "abdefghilmnpqrstuwy"),
    ('h', "kmnrtu"),
    ('i', "delmnoqrst"),
    ('j', "emop"),
    ('k', "eghimnprwyz"),
    ('l', "abcikrstuvy"),
    ('m', "acdeghklmnopqrstuvwxyz"),
    ('n', "acefgilopruz"),
    ('o', "m"),
    ('p', "aefghklmnrstwy"),
    ('q', "a"),
    ('r', "eosuw"),
    ('s', "abcdeghijklmnortuvxyz"),
    ('t', "cdfghjklmnortvwz"),
    ('u', "agksyz"),
    ('v', "aceginu"),
    ('w', "fs"),
    ('y', "et"),
    ('z', "amw"),
];

/// Whether linkify-it knows `tld` (the last label of a host).
fn known_tld(tld: &str) -> bool {
    let tld = tld.to_lowercase();
    if TLDS.contains(&tld.as_str()) {
        return true;
    }
    let mut chars = tld.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), None) => CC_TLDS
            .iter()
            .any(|(first, seconds)| *first == a && seconds.contains(b)),
        _ => false,
    }
}

/// The host's top-level domain in a schemeless URL or an e-mail address.
fn tld_of(found: &str, email: bool) -> &str {
    let host = if email {
        found.rsplit('@').next().unwrap_or(found)
    } else {
        let end = found.find(['/', '?', '#']).unwrap_or(found.len());
        let host = &found[..end];
        // A port.
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    host.trim_end_matches('.').rsplit('.').next().unwrap_or("")
}

/// Bare URLs and e-mail addresses markdown-it links, in order.
pub(super) fn find_links(text: &str) -> Vec<Found> {
    if !text.contains(['.', '@']) {
        return Vec::new();
    }
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
    finder.url_must_have_scheme(false);
    finder
        .links(text)
        .filter_map(|l| {
            let s = l.as_str();
            let kind = if *l.kind() == linkify::LinkKind::Email {
                Kind::Email
            } else if s.contains("://") {
                Kind::Url
            } else {
                Kind::Fuzzy
            };
            // `mailto:` and other schemes linkify finds without `//`.
            let schemed = kind == Kind::Url || s.to_ascii_lowercase().starts_with("mailto:");
            if !schemed && !known_tld(tld_of(s, kind == Kind::Email)) {
                return None;
            }
            Some(Found {
                start: l.start(),
                end: l.end(),
                kind,
            })
        })
        .collect()
}

/// The link for a bare URL or e-mail address `text` found as `found`.
pub(super) fn bare_link(text: &str, found: &Found, span: Span) -> Inline {
    let url = match found.kind {
        Kind::Email if !text.to_ascii_lowercase().starts_with("mailto:") => {
            format!("mailto:{text}")
        }
        Kind::Fuzzy => format!("http://{text}"),
        _ => text.to_owned(),
    };
    Inline::Link {
        url,
        title: None,
        kind: LinkKind::Bare,
        children: vec![Inline::Text {
            text: decode_percent(text),
            span,
        }],
        attributes: BTreeMap::new(),
        span,
    }
}

/// mdurl's `decode` as markdown-it's `normalizeLinkText` uses it: `%XX`
/// sequences that form UTF-8 are decoded, except those for characters with a
/// meaning in URLs (`;/?:@&=+$,#`), which stay escaped.
fn decode_percent(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // A run of escapes that decodes to UTF-8.
        let mut run = Vec::new();
        let mut j = i;
        while j + 2 < bytes.len() && bytes[j] == b'%' {
            match (hex(bytes[j + 1]), hex(bytes[j + 2])) {
                (Some(h), Some(l)) => run.push(h * 16 + l),
                _ => break,
            }
            j += 3;
        }
        if run.is_empty() {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        match std::str::from_utf8(&run) {
            Ok(decoded) => {
                for (k, c) in decoded.char_indices() {
                    if ";/?:@&=+$,#".contains(c) {
                        out.push_str(&text[i + 3 * k..i + 3 * (k + 1)]);
                    } else {
                        out.push(c);
                    }
                }
            }
            Err(_) => out.push_str(&text[i..j]),
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(&str, String)> {
        find_links(text)
            .iter()
            .map(|f| {
                let s = &text[f.start..f.end];
                let Inline::Link { url, .. } = bare_link(s, f, Span::new(0, 0)) else {
                    unreachable!()
                };
                (s, url)
            })
            .collect()
    }

    #[test]
    fn fuzzy_links_need_a_known_tld() {
        assert_eq!(
            links("see kubernetes.io and docs.example.org/x"),
            [
                ("kubernetes.io", "http://kubernetes.io".to_owned()),
                ("docs.example.org/x", "http://docs.example.org/x".to_owned())
            ]
        );
        assert!(links("scs.community and info@scs.community").is_empty());
        assert_eq!(
            links("https://scs.community/ and a@b.de"),
            [
                (
                    "https://scs.community/",
                    "https://scs.community/".to_owned()
                ),
                ("a@b.de", "mailto:a@b.de".to_owned())
            ]
        );
    }

    #[test]
    fn link_text_is_decoded_as_markdown_it_shows_it() {
        assert_eq!(
            decode_percent("a/good%20first%20issue"),
            "a/good first issue"
        );
        assert_eq!(decode_percent("q%3Fx%3D1%C3%A4"), "q%3Fx%3D1ä");
        assert_eq!(decode_percent("bad%zz%FF"), "bad%zz%FF");
    }
}
