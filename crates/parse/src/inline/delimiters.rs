//! `==mark==` (markdown-it-mark) and `++ins++` (markdown-it-ins): `==`/`++`
//! delimiter runs paired across sibling inlines.

use decktype_model::{Inline, Span};

use super::{is_exact, piece};
use crate::Context;

/// A delimiter run: (node index, byte offset in the node's text, can open,
/// can close).
type Run = (usize, usize, bool, bool);

/// A paired delimiter: (node index, byte offset, opens).
type Cut = (usize, usize, bool);

/// Pairs `==`/`++` delimiter runs across sibling inlines (markdown-it-mark and
/// markdown-it-ins), with CommonMark's flanking rules: each opener takes the
/// first closer after it, and the next opener is looked for after that closer.
/// One pass over the runs and one over the nodes: linear in the input.
pub(super) fn pair_delimiters(ctx: &Context<'_>, inlines: Vec<Inline>, delim: &str) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|n| matches!(n, Inline::Text { text, .. } if text.contains(delim)))
    {
        return inlines;
    }
    let cuts = pair_runs(&delimiter_runs(&inlines, delim));
    if cuts.is_empty() {
        return inlines;
    }
    cut(ctx, inlines, delim, cuts)
}

/// The delimiters that pair, in source order: opener, closer, opener, closer, ...
fn pair_runs(runs: &[Run]) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (on, oa, can_open, _) = runs[k];
        if can_open {
            let Some(c) = runs[k + 1..].iter().position(|r| r.3).map(|p| k + 1 + p) else {
                // No closer after this opener, so none after any later one.
                break;
            };
            cuts.push((on, oa, true));
            cuts.push((runs[c].0, runs[c].1, false));
            k = c + 1;
        } else {
            k += 1;
        }
    }
    cuts
}

/// Cuts the text nodes at the paired delimiters and wraps what is between
/// each pair in a mark (`==`) or an insert (`++`).
fn cut(ctx: &Context<'_>, inlines: Vec<Inline>, delim: &str, cuts: Vec<Cut>) -> Vec<Inline> {
    let d = delim.len();
    let mut cuts = cuts.into_iter().peekable();
    let mut out = Vec::with_capacity(inlines.len());
    // The children and the opener's span of the element being built.
    let mut inside: Option<(Vec<Inline>, Span)> = None;
    for (n, node) in inlines.into_iter().enumerate() {
        let Inline::Text { text, span } = node else {
            push_to(&mut out, &mut inside, node);
            continue;
        };
        let mut last = 0;
        let exact = cuts.peek().is_some_and(|c| c.0 == n) && is_exact(ctx, &text, span);
        while let Some((_, at, opens)) = cuts.next_if(|c| c.0 == n) {
            if last < at {
                let before = Inline::Text {
                    text: text[last..at].to_owned(),
                    span: piece(exact, span, last, at),
                };
                push_to(&mut out, &mut inside, before);
            }
            let delim_span = piece(exact, span, at, at + d);
            if opens {
                inside = Some((Vec::new(), delim_span));
            } else if let Some((children, open_span)) = inside.take() {
                let span = open_span.cover(delim_span);
                out.push(if delim == "==" {
                    Inline::Mark {
                        children,
                        attributes: Default::default(),
                        span,
                    }
                } else {
                    Inline::Inserted {
                        children,
                        attributes: Default::default(),
                        span,
                    }
                });
            }
            last = at + d;
        }
        if last == 0 {
            push_to(&mut out, &mut inside, Inline::Text { text, span });
        } else if last < text.len() {
            let rest = Inline::Text {
                text: text[last..].to_owned(),
                span: piece(exact, span, last, text.len()),
            };
            push_to(&mut out, &mut inside, rest);
        }
    }
    out
}

/// Adds `node` to the element being built, if any, else to `out`.
fn push_to(out: &mut Vec<Inline>, inside: &mut Option<(Vec<Inline>, Span)>, node: Inline) {
    match inside {
        Some((children, _)) => children.push(node),
        None => out.push(node),
    }
}

/// Every exact two-character run of `delim` in text nodes.
fn delimiter_runs(inlines: &[Inline], delim: &str) -> Vec<Run> {
    let c = delim.as_bytes()[0];
    let mut runs = Vec::new();
    for (n, node) in inlines.iter().enumerate() {
        let Inline::Text { text, .. } = node else {
            continue;
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != c {
                i += 1;
                continue;
            }
            let run_end = bytes[i..]
                .iter()
                .position(|b| *b != c)
                .map_or(bytes.len(), |p| i + p);
            if run_end - i == 2 {
                let prev = text[..i]
                    .chars()
                    .next_back()
                    .or_else(|| boundary_char(inlines, n, false));
                let next = text[run_end..]
                    .chars()
                    .next()
                    .or_else(|| boundary_char(inlines, n, true));
                let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let punct = |c: Option<char>| {
                    c.is_some_and(|c| {
                        c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
                    })
                };
                let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
                let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
                runs.push((n, i, left, right));
            }
            i = run_end;
        }
    }
    runs
}

/// The character next to a text node's edge: from a neighbouring text node, a
/// space at the container's edge, or punctuation for other markup.
fn boundary_char(inlines: &[Inline], n: usize, forward: bool) -> Option<char> {
    let neighbour = if forward {
        inlines.get(n + 1)
    } else {
        n.checked_sub(1).and_then(|p| inlines.get(p))
    };
    match neighbour {
        None => None,
        Some(Inline::Text { text, .. }) => {
            if forward {
                text.chars().next()
            } else {
                text.chars().next_back()
            }
        }
        Some(Inline::SoftBreak { .. } | Inline::LineBreak { .. }) => Some(' '),
        Some(_) => Some('*'),
    }
}
