//! One slide's Markdown → blocks, via pulldown-cmark's offset iterator.

use std::collections::BTreeMap;

use decktype_model::{
    Alignment, Block, DefinitionItem, Diagnostic, Image, Inline, LinkKind, ListItem, Severity,
    Span, TableCell,
};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::inline::{finish_inlines, html_block_inlines};
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

#[derive(Debug)]
enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    Code {
        info: String,
        fenced: bool,
    },
    Html,
    List {
        start: Option<u64>,
        loose: bool,
    },
    Item {
        checked: Option<bool>,
    },
    Footnote(String),
    DefList,
    DefTitle,
    DefDefinition,
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Link {
        url: String,
        title: String,
        kind: LinkKind,
    },
    Image {
        url: String,
        title: String,
    },
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    start: usize,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    items: Vec<ListItem>,
    cells: Vec<TableCell>,
    rows: Vec<Vec<TableCell>>,
    header: Vec<TableCell>,
    definitions: Vec<DefinitionItem>,
    /// Raw text of code and HTML blocks, with (offset in text, file offset) per chunk.
    text: String,
    chunks: Vec<(usize, usize)>,
}

impl Frame {
    fn new(kind: Kind, start: usize) -> Self {
        Frame {
            kind,
            start,
            blocks: Vec::new(),
            inlines: Vec::new(),
            items: Vec::new(),
            cells: Vec::new(),
            rows: Vec::new(),
            header: Vec::new(),
            definitions: Vec::new(),
            text: String::new(),
            chunks: Vec::new(),
        }
    }
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
    let mut stack = vec![Frame::new(Kind::Root, base)];
    // One entry per open pulldown-cmark tag: whether it has a frame (false:
    // flattened because of MAX_NESTING) and whether it is a flattened list or
    // definition list (whose items are then flattened too).
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut flattened_at: Option<usize> = None;
    let parser = Parser::new_ext(text, options()).into_offset_iter();
    for (event, offsets) in parser {
        let span = Span::new(base + offsets.start, base + offsets.end);
        match event {
            Event::Start(tag) => {
                let in_flattened_list = open.last().is_some_and(|(_, list)| *list);
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
                if flattenable && (stack.len() >= MAX_NESTING || in_flattened_list) {
                    flattened_at.get_or_insert(span.start);
                    if is_block_tag(&tag) || is_item {
                        flush_implicit_paragraph(ctx, stack.last_mut().expect("root frame"));
                    }
                    open.push((false, matches!(tag, Tag::List(_) | Tag::DefinitionList)));
                    continue;
                }
                if matches!(tag, Tag::Paragraph) {
                    mark_loose(&mut stack);
                }
                if is_block_tag(&tag) {
                    flush_implicit_paragraph(ctx, stack.last_mut().expect("root frame"));
                }
                open.push((true, false));
                stack.push(Frame::new(kind_of(tag), span.start));
            }
            Event::End(end) => {
                let (has_frame, _) = open.pop().unwrap_or((true, false));
                if !has_frame {
                    // A flattened list item, term or definition still ends
                    // its own paragraph.
                    if matches!(
                        end,
                        TagEnd::Item
                            | TagEnd::DefinitionListTitle
                            | TagEnd::DefinitionListDefinition
                    ) {
                        flush_implicit_paragraph(ctx, stack.last_mut().expect("root frame"));
                    }
                    continue;
                }
                if stack.len() < 2 {
                    continue;
                }
                let frame = stack.pop().expect("checked length");
                let parent = stack.last_mut().expect("checked length");
                close(ctx, frame, parent, span.end);
            }
            Event::Text(t) => {
                let top = stack.last_mut().expect("root frame");
                match top.kind {
                    Kind::Code { .. } | Kind::Html => {
                        top.chunks.push((top.text.len(), span.start));
                        top.text.push_str(&t);
                    }
                    _ => top.inlines.push(Inline::Text {
                        text: t.into_string(),
                        span,
                    }),
                }
            }
            Event::Code(code) => stack
                .last_mut()
                .expect("root frame")
                .inlines
                .push(Inline::Code {
                    code: code.into_string(),
                    span,
                }),
            Event::Html(html) => {
                let top = stack.last_mut().expect("root frame");
                top.chunks.push((top.text.len(), span.start));
                top.text.push_str(&html);
            }
            Event::InlineHtml(html) => {
                stack
                    .last_mut()
                    .expect("root frame")
                    .inlines
                    .push(Inline::RawHtml {
                        html: html.into_string(),
                        span,
                    })
            }
            Event::InlineMath(m) | Event::DisplayMath(m) => stack
                .last_mut()
                .expect("root frame")
                .inlines
                .push(Inline::Text {
                    text: m.into_string(),
                    span,
                }),
            Event::FootnoteReference(label) => {
                stack
                    .last_mut()
                    .expect("root frame")
                    .inlines
                    .push(Inline::FootnoteReference {
                        label: label.into_string(),
                        span,
                    })
            }
            Event::SoftBreak => {
                let node = if ctx.breaks {
                    Inline::LineBreak { span }
                } else {
                    Inline::SoftBreak { span }
                };
                stack.last_mut().expect("root frame").inlines.push(node);
            }
            Event::HardBreak => stack
                .last_mut()
                .expect("root frame")
                .inlines
                .push(Inline::LineBreak { span }),
            Event::Rule => {
                let top = stack.last_mut().expect("root frame");
                flush_implicit_paragraph(ctx, top);
                top.blocks.push(Block::Rule { span });
            }
            Event::TaskListMarker(checked) => {
                if let Some(frame) = stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.kind, Kind::Item { .. }))
                {
                    frame.kind = Kind::Item {
                        checked: Some(checked),
                    };
                }
            }
        }
    }
    // Unclosed frames cannot happen with pulldown-cmark, but never lose content.
    while stack.len() > 1 {
        let frame = stack.pop().expect("checked length");
        let parent = stack.last_mut().expect("checked length");
        let end = ctx.src.len().min(range.end);
        close(ctx, frame, parent, end);
    }
    let mut root = stack.pop().expect("root frame");
    flush_implicit_paragraph(ctx, &mut root);
    if let Some(at) = flattened_at {
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
    root.blocks
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

/// A paragraph inside a list item makes the list loose.
fn mark_loose(stack: &mut [Frame]) {
    let n = stack.len();
    if n >= 2
        && matches!(stack[n - 1].kind, Kind::Item { .. })
        && let Kind::List { loose, .. } = &mut stack[n - 2].kind
    {
        *loose = true;
    }
}

fn kind_of(tag: Tag<'_>) -> Kind {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { level, .. } => Kind::Heading(level as u8),
        Tag::BlockQuote(_) => Kind::Quote,
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code {
            info: info.into_string(),
            fenced: true,
        },
        Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code {
            info: String::new(),
            fenced: false,
        },
        Tag::HtmlBlock => Kind::Html,
        Tag::List(start) => Kind::List {
            start,
            loose: false,
        },
        Tag::Item => Kind::Item { checked: None },
        Tag::FootnoteDefinition(label) => Kind::Footnote(label.into_string()),
        Tag::DefinitionList => Kind::DefList,
        Tag::DefinitionListTitle => Kind::DefTitle,
        Tag::DefinitionListDefinition => Kind::DefDefinition,
        Tag::Table(aligns) => Kind::Table(
            aligns
                .into_iter()
                .map(|a| match a {
                    pulldown_cmark::Alignment::None => Alignment::None,
                    pulldown_cmark::Alignment::Left => Alignment::Left,
                    pulldown_cmark::Alignment::Center => Alignment::Center,
                    pulldown_cmark::Alignment::Right => Alignment::Right,
                })
                .collect(),
        ),
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::TableCell,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strong => Kind::Strong,
        Tag::Strikethrough => Kind::Strikethrough,
        Tag::Superscript => Kind::Superscript,
        Tag::Subscript => Kind::Subscript,
        Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        } => Kind::Link {
            url: dest_url.into_string(),
            title: title.into_string(),
            kind: link_kind(link_type),
        },
        Tag::Image {
            dest_url, title, ..
        } => Kind::Image {
            url: dest_url.into_string(),
            title: title.into_string(),
        },
        // Not enabled: metadata blocks, wiki links, container blocks.
        _ => Kind::Paragraph,
    }
}

fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::Inline => LinkKind::Inline,
        LinkType::Autolink => LinkKind::Autolink,
        LinkType::Email => LinkKind::Email,
        _ => LinkKind::Reference,
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Inline content directly in a block container (tight list items, definitions)
/// becomes a paragraph of its own before the next block.
fn flush_implicit_paragraph(ctx: &mut Context<'_>, frame: &mut Frame) {
    if frame.inlines.is_empty() {
        return;
    }
    let inlines = std::mem::take(&mut frame.inlines);
    let span = inlines
        .iter()
        .map(Inline::span)
        .reduce(Span::cover)
        .unwrap_or(Span::empty(frame.start));
    let inlines = finish_inlines(ctx, inlines);
    frame.blocks.push(paragraph(inlines, span));
}

/// A paragraph, or an image block when the paragraph is one image and nothing else.
fn paragraph(inlines: Vec<Inline>, span: Span) -> Block {
    let mut visible = inlines.iter().filter(|i| match i {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        Inline::SoftBreak { .. } | Inline::LineBreak { .. } => false,
        _ => true,
    });
    if let (Some(Inline::Image(_)), None) = (visible.next(), visible.next()) {
        let image = inlines
            .into_iter()
            .find_map(|i| match i {
                Inline::Image(image) => Some(image),
                _ => None,
            })
            .expect("checked above");
        return Block::Image(image);
    }
    Block::Paragraph {
        inlines,
        attributes: BTreeMap::new(),
        span,
    }
}

fn close(ctx: &mut Context<'_>, mut frame: Frame, parent: &mut Frame, end: usize) {
    let span = Span::new(frame.start, end);
    let kind = std::mem::replace(&mut frame.kind, Kind::Root);
    match kind {
        Kind::Root => {}
        Kind::Paragraph => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.blocks.push(paragraph(inlines, span));
        }
        Kind::Heading(level) => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.blocks.push(Block::Heading {
                level,
                inlines,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Quote => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.blocks.push(Block::Quote {
                blocks: frame.blocks,
                span,
            });
        }
        Kind::Code { info, fenced } => {
            let language = info.split_whitespace().next().map(str::to_owned);
            parent.blocks.push(Block::CodeBlock {
                language,
                info,
                code: frame.text,
                fenced,
                span,
            });
        }
        Kind::Html => {
            let inlines = html_block_inlines(ctx, &frame.text, &frame.chunks);
            parent.blocks.push(Block::Html {
                html: frame.text,
                inlines,
                span,
            });
        }
        Kind::List { start, loose } => parent.blocks.push(Block::List {
            ordered: start.is_some(),
            start,
            tight: !loose,
            items: frame.items,
            attributes: BTreeMap::new(),
            span,
        }),
        Kind::Item { checked } => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.items.push(ListItem {
                checked,
                blocks: frame.blocks,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Footnote(label) => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.blocks.push(Block::FootnoteDefinition {
                label,
                blocks: frame.blocks,
                span,
            });
        }
        Kind::DefList => parent.blocks.push(Block::DefinitionList {
            items: frame.definitions,
            span,
        }),
        Kind::DefTitle => {
            let term = finish_inlines(ctx, frame.inlines);
            parent.definitions.push(DefinitionItem {
                term,
                definitions: Vec::new(),
                span,
            });
        }
        Kind::DefDefinition => {
            flush_implicit_paragraph(ctx, &mut frame);
            match parent.definitions.last_mut() {
                Some(item) => {
                    item.definitions.push(frame.blocks);
                    item.span = item.span.cover(span);
                }
                None => parent.definitions.push(DefinitionItem {
                    term: Vec::new(),
                    definitions: vec![frame.blocks],
                    span,
                }),
            }
        }
        Kind::Table(alignments) => parent.blocks.push(Block::Table {
            alignments,
            header: frame.header,
            rows: frame.rows,
            span,
        }),
        Kind::TableHead => parent.header = frame.cells,
        Kind::TableRow => parent.rows.push(frame.cells),
        Kind::TableCell => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.cells.push(TableCell { inlines, span });
        }
        Kind::Emphasis => parent.inlines.push(Inline::Emphasis {
            children: frame.inlines,
            span,
        }),
        Kind::Strong => parent.inlines.push(Inline::Strong {
            children: frame.inlines,
            span,
        }),
        Kind::Strikethrough => parent.inlines.push(Inline::Strikethrough {
            children: frame.inlines,
            span,
        }),
        Kind::Superscript => parent.inlines.push(Inline::Superscript {
            children: frame.inlines,
            span,
        }),
        Kind::Subscript => parent.inlines.push(Inline::Subscript {
            children: frame.inlines,
            span,
        }),
        Kind::Link { url, title, kind } => parent.inlines.push(Inline::Link {
            url,
            title: non_empty(title),
            kind,
            children: frame.inlines,
            attributes: BTreeMap::new(),
            span,
        }),
        Kind::Image { url, title } => parent.inlines.push(Inline::Image(Image {
            url,
            alt: decktype_model::text::inlines_one_line(&frame.inlines),
            title: non_empty(title),
            width: None,
            height: None,
            attributes: BTreeMap::new(),
            span,
        })),
    }
}
