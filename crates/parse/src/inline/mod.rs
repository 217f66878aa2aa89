//! The inline pass over a block's inlines, after pulldown-cmark:
//!
//! 1. adjacent text is merged;
//! 2. raw inline HTML is paired into elements (`<font color>` ... `</font>`),
//!    `<br>`, `<img>` and `<a href>` become line breaks, images and links, tags
//!    HedgeDoc's sanitizer does not allow stay text (HedgeDoc escapes them);
//! 3. what markdown-it renders and pulldown-cmark does not: `=WxH` image sizes,
//!    `==mark==`, `++ins++`, in-word `~sub~`/`^sup^`, `:emoji:`, bare URLs;
//! 4. containers nested too deeply are flattened.
//!
//! One job per module: [`elements`] pairs raw inline HTML (step 2) and
//! [`html_checks`] says what HedgeDoc does with it; [`html_block`] reads the
//! raw text of an HTML block into inlines; [`text`] splits text nodes (step 3)
//! into [`imsize`] images, [`sub_sup`] scripts, [`emoji`] and [`autolink`]
//! links, and [`delimiters`] pairs `==`/`++`; [`depth`] caps the nesting
//! (step 4). This module runs the steps and holds what they share.

mod autolink;
mod delimiters;
mod depth;
mod elements;
mod emoji;
mod html_block;
mod html_checks;
mod imsize;
mod sub_sup;
mod text;

use decktype_model::{Inline, Span};

use crate::Context;

pub(crate) use elements::{Deeper, color_of};
pub(crate) use html_block::html_block_inlines;
pub(crate) use html_checks::unmatched_end_tag;

/// Runs the whole pass on the inlines of one block.
pub(crate) fn finish_inlines(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    let inlines = merge_texts(inlines);
    let inlines = elements::pair_html(ctx, inlines);
    let inlines = sub_sup::check_sub_sup(inlines);
    let inlines = text::extend_text(ctx, inlines, false);
    depth::limit_depth(ctx, inlines)
}

/// Merges adjacent text nodes, at every level.
fn merge_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for node in inlines {
        let node = map_children(node, merge_texts);
        if let Inline::Text { text, span } = &node
            && let Some(Inline::Text {
                text: prev,
                span: prev_span,
            }) = out.last_mut()
        {
            prev.push_str(text);
            *prev_span = prev_span.cover(*span);
            continue;
        }
        out.push(node);
    }
    out
}

/// Applies `f` to the children of a container inline.
fn map_children(mut node: Inline, f: impl FnOnce(Vec<Inline>) -> Vec<Inline>) -> Inline {
    if let Some(children) = node.children_mut() {
        *children = f(std::mem::take(children));
    }
    node
}

/// Whether a text node's source is exactly its text, so that byte ranges of
/// the text are byte ranges of the source. Compare once per node: it is
/// linear in the text.
fn is_exact(ctx: &Context<'_>, text: &str, span: Span) -> bool {
    span.text(ctx.src) == Some(text)
}

/// The span of `text[a..b]` for a text node: exact when the node is
/// [`is_exact`], else the node's whole span.
fn piece(exact: bool, span: Span, a: usize, b: usize) -> Span {
    if exact {
        Span::new(span.start + a, span.start + b)
    } else {
        span
    }
}
