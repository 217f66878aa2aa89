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
        /// Source range.
        span: Span,
    },
    /// A block quote.
    Quote {
        /// Quoted content.
        blocks: Vec<Block>,
        /// Source range.
        span: Span,
    },
    /// A thematic break (`***`, `___`, or a `---` that is not a slide separator).
    Rule {
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
        /// Source range.
        span: Span,
    },
    /// A footnote definition `[^label]: ...`.
    FootnoteDefinition {
        /// The label.
        label: String,
        /// Its content.
        blocks: Vec<Block>,
        /// Source range.
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
    /// Source range.
    pub span: Span,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TableCell {
    /// Cell content.
    pub inlines: Vec<Inline>,
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
            | Block::Rule { span }
            | Block::Html { span, .. }
            | Block::DefinitionList { span, .. }
            | Block::FootnoteDefinition { span, .. } => *span,
            Block::Image(image) => image.span,
        }
    }
}
