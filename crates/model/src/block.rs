//! Block-level nodes of a slide.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Inline, Span, inline::Image};

/// A block-level node. Serialized with a `"type"` tag in snake case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub enum Block {
    /// `# Heading` (ATX) or a setext heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Heading content.
        inlines: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A paragraph.
    Paragraph {
        /// Paragraph content.
        inlines: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A paragraph that holds nothing but one image.
    Image(Image),
    /// A bullet or ordered list.
    List {
        /// Ordered (`1.`) or bullet (`*`, `-`, `+`).
        ordered: bool,
        /// Start number of an ordered list.
        start: Option<u64>,
        /// Tight lists render items without paragraph spacing.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// Fenced or indented code.
    CodeBlock {
        /// First word of the info string, if any (`rust` in ```` ```rust ````).
        language: Option<String>,
        /// The whole info string.
        info: String,
        /// The code, without the fences.
        code: String,
        /// Fenced (true) or indented (false).
        fenced: bool,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A pipe table.
    Table {
        /// Column alignments.
        alignments: Vec<Alignment>,
        /// Header row.
        header: Vec<TableCell>,
        /// Body rows.
        rows: Vec<Vec<TableCell>>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A block quote.
    Quote {
        /// Quoted content.
        blocks: Vec<Block>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A thematic break (`***`, `___`, or a `---` that is not a slide separator).
    Rule {
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A raw HTML block. `html` is the source; `inlines` is what it renders as
    /// (elements, text, comments), as far as decktype understands it.
    Html {
        /// The raw HTML, unchanged.
        html: String,
        /// The parsed content.
        inlines: Vec<Inline>,
        /// Source range.
        span: Span,
    },
    /// A definition list (`Term` / `: definition`).
    DefinitionList {
        /// Terms with their definitions.
        items: Vec<DefinitionItem>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A footnote definition `[^label]: ...`.
    FootnoteDefinition {
        /// The label.
        label: String,
        /// Its content.
        blocks: Vec<Block>,
        /// Attributes from an `<!-- .element: ... -->` comment.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// An HTML element that holds blocks: a `<div>` (or any element HedgeDoc
    /// allows) opened in one raw HTML block and closed in a later one, with
    /// Markdown between them, as browsers nest it:
    /// `<div class="col">`, a blank line, Markdown, a blank line, `</div>`.
    /// An element never closed on its slide holds the rest of the slide.
    Element {
        /// Lower-case tag name.
        tag: String,
        /// Its attributes as written (entities decoded), with those of
        /// `<!-- .element: ... -->` comments that apply to it.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Text colour, from a `color` attribute or a `color:` style declaration.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        color: Option<String>,
        /// The blocks inside.
        blocks: Vec<Block>,
        /// Source range, from the start tag to the end tag (or the last block
        /// inside when it is never closed).
        span: Span,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ListItem {
    /// `Some(true)` for `[x]`, `Some(false)` for `[ ]`, `None` for a plain item.
    pub checked: Option<bool>,
    /// Item content; nested lists are blocks here.
    pub blocks: Vec<Block>,
    /// Attributes from an `<!-- .element: ... -->` comment.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Source range.
    pub span: Span,
}

/// A term of a definition list with its definitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DefinitionItem {
    /// The term.
    pub term: Vec<Inline>,
    /// Each definition's blocks.
    pub definitions: Vec<Vec<Block>>,
    /// Attributes of the term (`<dt>`) from an `<!-- .element: ... -->` comment.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Source range.
    pub span: Span,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TableCell {
    /// Cell content.
    pub inlines: Vec<Inline>,
    /// Attributes from an `<!-- .element: ... -->` comment in the cell.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Source range.
    pub span: Span,
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

impl Block {
    /// The block's source range.
    pub fn span(&self) -> Span {
        match self {
            Block::Heading { span, .. }
            | Block::Paragraph { span, .. }
            | Block::List { span, .. }
            | Block::CodeBlock { span, .. }
            | Block::Table { span, .. }
            | Block::Quote { span, .. }
            | Block::Rule { span, .. }
            | Block::Html { span, .. }
            | Block::DefinitionList { span, .. }
            | Block::FootnoteDefinition { span, .. }
            | Block::Element { span, .. } => *span,
            Block::Image(image) => image.span,
        }
    }

    /// The block's attributes: from `<!-- .element: ... -->` comments, and
    /// an element's or image's own. `None` for a raw HTML block, which is no
    /// element of its own (comments after it go to the block before it).
    pub fn attributes(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Block::Heading { attributes, .. }
            | Block::Paragraph { attributes, .. }
            | Block::List { attributes, .. }
            | Block::CodeBlock { attributes, .. }
            | Block::Table { attributes, .. }
            | Block::Quote { attributes, .. }
            | Block::Rule { attributes, .. }
            | Block::DefinitionList { attributes, .. }
            | Block::FootnoteDefinition { attributes, .. }
            | Block::Element { attributes, .. } => Some(attributes),
            Block::Image(image) => Some(&image.attributes),
            Block::Html { .. } => None,
        }
    }

    /// Mutable [`Block::attributes`].
    pub fn attributes_mut(&mut self) -> Option<&mut BTreeMap<String, String>> {
        match self {
            Block::Heading { attributes, .. }
            | Block::Paragraph { attributes, .. }
            | Block::List { attributes, .. }
            | Block::CodeBlock { attributes, .. }
            | Block::Table { attributes, .. }
            | Block::Quote { attributes, .. }
            | Block::Rule { attributes, .. }
            | Block::DefinitionList { attributes, .. }
            | Block::FootnoteDefinition { attributes, .. }
            | Block::Element { attributes, .. } => Some(attributes),
            Block::Image(image) => Some(&mut image.attributes),
            Block::Html { .. } => None,
        }
    }

    /// The blocks directly inside a quote, footnote or HTML element (not
    /// those of list items or definitions); empty for other blocks.
    pub fn child_blocks(&self) -> &[Block] {
        match self {
            Block::Quote { blocks, .. }
            | Block::FootnoteDefinition { blocks, .. }
            | Block::Element { blocks, .. } => blocks,
            _ => &[],
        }
    }
}
