//! The cap on how deep inline containers nest inside one block.

use decktype_model::{Diagnostic, Inline, Severity, Span};

use crate::Context;
use crate::codes;

/// How deep inline containers may nest inside one block, whatever made them:
/// emphasis from pulldown-cmark, inline HTML elements, `==mark==`, `++ins++`,
/// links, sub/superscripts. Each of these is capped on its own, but they stack
/// (every emphasis level can hold eight HTML levels and a mark and an insert),
/// so the total is capped here. With [`crate::markdown::MAX_NESTING`] for the
/// blocks above, this bounds the model's depth, and its JSON stays under
/// serde_json's read limit of 128 levels.
const MAX_INLINE_DEPTH: usize = 24;

/// Replaces inline containers deeper than [`MAX_INLINE_DEPTH`] by their
/// children (text kept, markup dropped) and says so once per block.
pub(super) fn limit_depth(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    let mut flattened = None;
    let inlines = flatten_below(inlines, 0, &mut flattened);
    if let Some(span) = flattened {
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::NESTING_TOO_DEEP,
                format!(
                    "inline markup nested more than {MAX_INLINE_DEPTH} levels deep is flattened; its text is kept"
                ),
                span,
            )
            .with_help("nest emphasis, marks and HTML elements less deeply"),
        );
    }
    inlines
}

/// Flattens the containers of `inlines` (at `depth`) that are too deep;
/// `flattened` gets the span of the first one.
fn flatten_below(inlines: Vec<Inline>, depth: usize, flattened: &mut Option<Span>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut node in inlines {
        let Some(children) = node.children_mut().map(std::mem::take) else {
            out.push(node);
            continue;
        };
        if depth >= MAX_INLINE_DEPTH {
            flattened.get_or_insert(node.span());
            out.extend(flatten_below(children, depth, flattened));
        } else {
            let children = flatten_below(children, depth + 1, flattened);
            if let Some(slot) = node.children_mut() {
                *slot = children;
            }
            out.push(node);
        }
    }
    out
}
