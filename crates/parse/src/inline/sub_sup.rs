//! Subscripts and superscripts as markdown-it-sub and markdown-it-sup read
//! them: the content has no unescaped whitespace. Those pulldown-cmark found
//! that break this go back to text; in-word ones it leaves as text (`H~2~O`,
//! `x^2^`) are found here.

use decktype_model::{Inline, Span};

use super::{map_children, merge_texts, piece};

/// pulldown-cmark reads `~a b~` as subscript; markdown-it-sub does not allow
/// unescaped spaces inside. Such nodes go back to text.
pub(super) fn check_sub_sup(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for node in inlines {
        let node = map_children(node, check_sub_sup);
        let (delim, children, span) = match node {
            Inline::Subscript { children, span, .. } if !is_plain_word(&children) => {
                ("~", children, span)
            }
            Inline::Superscript { children, span, .. } if !is_plain_word(&children) => {
                ("^", children, span)
            }
            other => {
                out.push(other);
                continue;
            }
        };
        out.push(Inline::Text {
            text: delim.to_owned(),
            span: Span::new(span.start, (span.start + 1).min(span.end)),
        });
        out.extend(children);
        out.push(Inline::Text {
            text: delim.to_owned(),
            span: Span::new(span.end.saturating_sub(1).max(span.start), span.end),
        });
    }
    merge_texts(out)
}

fn is_plain_word(children: &[Inline]) -> bool {
    !children.is_empty()
        && children.iter().all(
            |c| matches!(c, Inline::Text { text, .. } if !text.chars().any(char::is_whitespace)),
        )
}

/// The in-word subscript or superscript at `text[at]` (a `~` or `^`) in a text
/// node with `span` (see [`piece`] for `exact`), and its end offset.
pub(super) fn script_at(text: &str, at: usize, exact: bool, span: Span) -> Option<(Inline, usize)> {
    let (inner, end) = script(text, at)?;
    let s = piece(exact, span, at, end);
    let children = vec![Inline::Text {
        text: inner.to_owned(),
        span: piece(exact, span, at + 1, end - 1),
    }];
    let node = if text.as_bytes()[at] == b'~' {
        Inline::Subscript {
            children,
            attributes: Default::default(),
            span: s,
        }
    } else {
        Inline::Superscript {
            children,
            attributes: Default::default(),
            span: s,
        }
    };
    Some((node, end))
}

/// markdown-it-sub/sup inside a word: `H~2~O`, `x^2^`; the content has no
/// whitespace and no delimiter.
fn script(text: &str, at: usize) -> Option<(&str, usize)> {
    let delim = text.as_bytes()[at];
    let rest = &text[at + 1..];
    let close = rest.find(delim as char)?;
    let inner = &rest[..close];
    if inner.is_empty() || inner.chars().any(char::is_whitespace) {
        return None;
    }
    Some((inner, at + 1 + close + 1))
}
