//! What [`parse_blocks`](super::parse_blocks) keeps while pulldown-cmark's
//! events come: a [`Frame`] per open container, on a [`Stack`] whose top
//! always exists.

use decktype_model::{
    Alignment, Block, DefinitionItem, Inline, LinkKind, ListItem, Span, TableCell,
};
use pulldown_cmark::{CodeBlockKind, CowStr, LinkType, Tag};

use super::close::{close, flush_implicit_paragraph};
use crate::Context;

/// What an open container is.
#[derive(Debug)]
pub(super) enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    Code { info: String, fenced: bool },
    Html,
    List { start: Option<u64>, loose: bool },
    Item { checked: Option<bool> },
    Footnote(String),
    DefList,
    DefTitle,
    DefDefinition,
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Inline(InlineKind),
}

/// An open inline container.
#[derive(Debug)]
pub(super) enum InlineKind {
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

/// An open container and what it has gathered so far.
#[derive(Debug)]
pub(super) struct Frame {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) blocks: Vec<Block>,
    pub(super) inlines: Vec<Inline>,
    pub(super) items: Vec<ListItem>,
    pub(super) cells: Vec<TableCell>,
    pub(super) rows: Vec<Vec<TableCell>>,
    pub(super) header: Vec<TableCell>,
    pub(super) definitions: Vec<DefinitionItem>,
    /// Raw text of code and HTML blocks, with (offset in text, file offset) per chunk.
    pub(super) text: String,
    pub(super) chunks: Vec<(usize, usize)>,
}

impl Frame {
    pub(super) fn new(kind: Kind, start: usize) -> Self {
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

    /// Text: raw text in code and HTML blocks, an inline elsewhere.
    pub(super) fn push_text(&mut self, text: CowStr<'_>, span: Span) {
        match self.kind {
            Kind::Code { .. } | Kind::Html => self.push_raw(&text, span.start),
            _ => self.inlines.push(Inline::Text {
                text: text.into_string(),
                span,
            }),
        }
    }

    /// Raw text starting at file offset `at`.
    pub(super) fn push_raw(&mut self, raw: &str, at: usize) {
        self.chunks.push((self.text.len(), at));
        self.text.push_str(raw);
    }
}

/// The open frames: the slide's root at the bottom, always there, and the
/// containers open inside it.
pub(super) struct Stack {
    root: Frame,
    open: Vec<Frame>,
}

impl Stack {
    pub(super) fn new(start: usize) -> Self {
        Stack {
            root: Frame::new(Kind::Root, start),
            open: Vec::new(),
        }
    }

    /// The innermost open frame.
    pub(super) fn top(&mut self) -> &mut Frame {
        self.open.last_mut().unwrap_or(&mut self.root)
    }

    /// How many frames are open, the root included.
    pub(super) fn depth(&self) -> usize {
        1 + self.open.len()
    }

    pub(super) fn push(&mut self, frame: Frame) {
        self.open.push(frame);
    }

    /// Closes the top frame into its parent, its span ending at `end`. The
    /// root stays open.
    pub(super) fn close_top(&mut self, ctx: &mut Context<'_>, end: usize) {
        if let Some(frame) = self.open.pop() {
            close(ctx, frame, self.top(), end);
        }
    }

    /// A paragraph inside a list item makes the list loose.
    pub(super) fn mark_loose(&mut self) {
        if let [.., parent, top] = self.open.as_mut_slice()
            && matches!(top.kind, Kind::Item { .. })
            && let Kind::List { loose, .. } = &mut parent.kind
        {
            *loose = true;
        }
    }

    /// A task list marker: the innermost list item is a task.
    pub(super) fn check_item(&mut self, checked: bool) {
        if let Some(frame) = self
            .open
            .iter_mut()
            .rev()
            .find(|f| matches!(f.kind, Kind::Item { .. }))
        {
            frame.kind = Kind::Item {
                checked: Some(checked),
            };
        }
    }

    /// Closes every frame still open (at `end`) and returns the root's blocks.
    pub(super) fn into_blocks(mut self, ctx: &mut Context<'_>, end: usize) -> Vec<Block> {
        while !self.open.is_empty() {
            self.close_top(ctx, end);
        }
        flush_implicit_paragraph(ctx, &mut self.root);
        self.root.blocks
    }
}

/// The frame kind for a pulldown-cmark start tag.
pub(super) fn kind_of(tag: Tag<'_>) -> Kind {
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
        Tag::Table(aligns) => Kind::Table(aligns.into_iter().map(alignment).collect()),
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::TableCell,
        Tag::Emphasis => Kind::Inline(InlineKind::Emphasis),
        Tag::Strong => Kind::Inline(InlineKind::Strong),
        Tag::Strikethrough => Kind::Inline(InlineKind::Strikethrough),
        Tag::Superscript => Kind::Inline(InlineKind::Superscript),
        Tag::Subscript => Kind::Inline(InlineKind::Subscript),
        Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        } => Kind::Inline(InlineKind::Link {
            url: dest_url.into_string(),
            title: title.into_string(),
            kind: link_kind(link_type),
        }),
        Tag::Image {
            dest_url, title, ..
        } => Kind::Inline(InlineKind::Image {
            url: dest_url.into_string(),
            title: title.into_string(),
        }),
        // Not enabled: metadata blocks, wiki links, container blocks.
        _ => Kind::Paragraph,
    }
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
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
