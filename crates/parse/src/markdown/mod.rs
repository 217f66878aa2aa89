//! One slide's Markdown → blocks, via pulldown-cmark's offset iterator.
//!
//! [`parse_blocks`] walks the events, keeping the open containers on a
//! [`Stack`] ([`frame`]); a container that ends is closed into its parent
//! ([`close`]).

mod close;
mod frame;

use decktype_model::{Block, Diagnostic, Inline, Severity, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use self::close::flush_implicit_paragraph;
use self::frame::{Frame, Stack, kind_of};
use crate::{Context, codes};

/// pulldown-cmark options matching what HedgeDoc's markdown-it enables and the
/// corpus uses. Superscript and subscript are on so that a single `~x~` is not
/// read as strikethrough (markdown-it needs `~~`); the inline pass then checks
/// them against markdown-it-sub/sup rules.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
}

/// How deep containers (quotes, lists, items, definition lists, emphasis ...) may nest in the
/// model. Deeper ones are flattened into their ancestor at this depth: their
/// content is kept, and a diagnostic says so. This bounds the recursion of
/// every consumer (and keeps the JSON well under serde_json's depth limit of
/// 128). HedgeDoc's markdown-it stops at 100 levels and drops the rest.
pub(crate) const MAX_NESTING: usize = 24;

/// Parses `ctx.src[range]` as one slide's Markdown. Spans are file offsets.
pub(crate) fn parse_blocks(ctx: &mut Context<'_>, range: Span) -> Vec<Block> {
    let text = &ctx.src[range.start..range.end];
    let base = range.start;
    let mut walk = Walk {
        stack: Stack::new(base),
        tags: Vec::new(),
        flattened_at: None,
    };
    for (event, offsets) in Parser::new_ext(text, options()).into_offset_iter() {
        let span = Span::new(base + offsets.start, base + offsets.end);
        walk.event(ctx, event, span);
    }
    // Unclosed frames cannot happen with pulldown-cmark, but never lose content.
    let blocks = walk.stack.into_blocks(ctx, ctx.src.len().min(range.end));
    if let Some(at) = walk.flattened_at {
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::NESTING_TOO_DEEP,
                format!("containers nested more than {MAX_NESTING} levels deep are flattened; their content is kept"),
                Span::new(at, (at + 1).min(range.end).max(at)),
            )
            .with_help("nest lists, quotes and emphasis less deeply (HedgeDoc stops rendering at 100 levels)"),
        );
    }
    blocks
}

/// The state of [`parse_blocks`] between events.
struct Walk {
    stack: Stack,
    /// One entry per open pulldown-cmark tag.
    tags: Vec<OpenTag>,
    /// Where the first container flattened because of [`MAX_NESTING`] starts.
    flattened_at: Option<usize>,
}

/// An open pulldown-cmark tag.
#[derive(Debug, Clone, Copy)]
struct OpenTag {
    /// Whether it has a frame (false: flattened because of [`MAX_NESTING`]).
    has_frame: bool,
    /// Whether it is a flattened list or definition list (whose items are
    /// then flattened too).
    flattened_list: bool,
}

impl Walk {
    fn event(&mut self, ctx: &mut Context<'_>, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(ctx, tag, span),
            Event::End(end) => self.end(ctx, end, span),
            Event::Text(t) => self.stack.top().push_text(t, span),
            Event::Code(code) => self.push_inline(Inline::Code {
                code: code.into_string(),
                attributes: Default::default(),
                span,
            }),
            Event::Html(html) => self.stack.top().push_raw(&html, span.start),
            Event::InlineHtml(html) => self.push_inline(Inline::RawHtml {
                html: html.into_string(),
                span,
            }),
            Event::InlineMath(m) | Event::DisplayMath(m) => self.push_inline(Inline::Text {
                text: m.into_string(),
                span,
            }),
            Event::FootnoteReference(label) => self.push_inline(Inline::FootnoteReference {
                label: label.into_string(),
                span,
            }),
            Event::SoftBreak if ctx.breaks => self.push_inline(Inline::LineBreak { span }),
            Event::SoftBreak => self.push_inline(Inline::SoftBreak { span }),
            Event::HardBreak => self.push_inline(Inline::LineBreak { span }),
            Event::Rule => {
                let top = self.stack.top();
                flush_implicit_paragraph(ctx, top);
                top.blocks.push(Block::Rule {
                    attributes: Default::default(),
                    span,
                });
            }
            Event::TaskListMarker(checked) => self.stack.check_item(checked),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        self.stack.top().inlines.push(inline);
    }

    fn start(&mut self, ctx: &mut Context<'_>, tag: Tag<'_>, span: Span) {
        let in_flattened_list = self.tags.last().is_some_and(|t| t.flattened_list);
        let is_item = matches!(
            tag,
            Tag::Item | Tag::DefinitionListTitle | Tag::DefinitionListDefinition
        );
        let flattenable = matches!(
            tag,
            Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::DefinitionList
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
        ) || (is_item && in_flattened_list);
        if flattenable && (self.stack.depth() >= MAX_NESTING || in_flattened_list) {
            self.flattened_at.get_or_insert(span.start);
            if is_block_tag(&tag) || is_item {
                flush_implicit_paragraph(ctx, self.stack.top());
            }
            self.tags.push(OpenTag {
                has_frame: false,
                flattened_list: matches!(tag, Tag::List(_) | Tag::DefinitionList),
            });
            return;
        }
        if matches!(tag, Tag::Paragraph) {
            self.stack.mark_loose();
        }
        if is_block_tag(&tag) {
            flush_implicit_paragraph(ctx, self.stack.top());
        }
        self.tags.push(OpenTag {
            has_frame: true,
            flattened_list: false,
        });
        self.stack.push(Frame::new(kind_of(tag), span.start));
    }

    fn end(&mut self, ctx: &mut Context<'_>, end: TagEnd, span: Span) {
        let tag = self.tags.pop().unwrap_or(OpenTag {
            has_frame: true,
            flattened_list: false,
        });
        if tag.has_frame {
            self.stack.close_top(ctx, span.end);
        } else if matches!(
            end,
            TagEnd::Item | TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition
        ) {
            // A flattened list item, term or definition still ends its own
            // paragraph.
            flush_implicit_paragraph(ctx, self.stack.top());
        }
    }
}

fn is_block_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::Table(_)
    )
}
