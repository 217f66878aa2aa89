//! The raw text of an HTML block, read into inlines: text, comments, raw tags
//! (then paired into elements like inline HTML), and `<style>` elements taken
//! out into the deck's style sheets.

use decktype_model::{Inline, Span};

use super::html_checks::unclosed_comment;
use super::{depth, elements, text};
use crate::Context;
use crate::html::{self, Token};

/// Parses the raw text of an HTML block into inlines. `chunks` maps offsets in
/// `text` to file offsets.
pub(crate) fn html_block_inlines(
    ctx: &mut Context<'_>,
    text: &str,
    chunks: &[(usize, usize)],
) -> Vec<Inline> {
    let map = |offset: usize| -> usize {
        let i = chunks
            .partition_point(|(t, _)| *t <= offset)
            .saturating_sub(1);
        match chunks.get(i) {
            Some((t, f)) => f + (offset - t),
            None => offset,
        }
    };
    let span = |a: usize, b: usize| Span::new(map(a), map(b.max(a)).max(map(a)));
    let tokens = html::lex(text);
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text { start, end } => {
                let raw = &text[*start..*end];
                if raw.trim().is_empty() && raw.contains('\n') {
                    // White space between tags on separate lines: a space
                    // between inline elements (`</span>`, a line end,
                    // `<span>`), nothing between blocks, as in a browser.
                    // At the block's ends and beside comments it shows
                    // nothing and is left out.
                    let tag = |t: Option<&Token>| {
                        matches!(
                            t,
                            Some(
                                Token::Start { .. }
                                    | Token::End { .. }
                                    | Token::Other { .. }
                                    | Token::Text { .. }
                            )
                        )
                    };
                    if i > 0 && tag(tokens.get(i - 1)) && tag(tokens.get(i + 1)) {
                        nodes.push(Inline::SoftBreak {
                            span: span(*start, *end),
                        });
                    }
                } else {
                    nodes.push(Inline::Text {
                        text: html::decode(raw),
                        span: span(*start, *end),
                    });
                }
            }
            Token::Start {
                name, start, end, ..
            } if name == "style" => {
                let (css_end, element_end, next) = style_end(&tokens, i, text.len());
                ctx.styles
                    .push((text[*end..css_end].to_owned(), span(*start, element_end)));
                i = next;
                continue;
            }
            Token::Comment {
                text_start,
                text_end,
                start,
                end,
                closed,
            } => {
                if !closed {
                    ctx.diagnostics
                        .push(unclosed_comment(span(*start, (*start + 4).min(*end))));
                }
                nodes.push(Inline::Comment {
                    text: text[*text_start..*text_end].to_owned(),
                    span: span(*start, *end),
                });
            }
            Token::Start { start, end, .. }
            | Token::End { start, end, .. }
            | Token::Other { start, end } => {
                nodes.push(Inline::RawHtml {
                    html: text[*start..*end].to_owned(),
                    span: span(*start, *end),
                });
            }
        }
        i += 1;
    }
    let nodes = elements::pair_block_html(ctx, nodes);
    let nodes = text::extend_text(ctx, nodes, false);
    depth::limit_depth(ctx, nodes)
}

/// Where the `<style>` element starting at `tokens[open]` ends: the end of
/// its CSS, the end of the element and the index of the next token. An
/// unclosed one runs to the end of the text (`text_len`).
fn style_end(tokens: &[Token], open: usize, text_len: usize) -> (usize, usize, usize) {
    tokens[open + 1..]
        .iter()
        .enumerate()
        .find_map(|(p, t)| match t {
            Token::End { name, start, end } if name == "style" => {
                Some((*start, *end, open + 1 + p + 1))
            }
            _ => None,
        })
        .unwrap_or((text_len, text_len, tokens.len()))
}
