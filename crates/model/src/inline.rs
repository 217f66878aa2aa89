//! Inline nodes: text and its markup inside a block.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Span;

/// An inline node. Serialized with a `"type"` tag in snake case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[schemars(deny_unknown_fields)]
#[non_exhaustive]
pub enum Inline {
    /// Text, entities decoded, as written (no typographic replacements).
    Text {
        /// The text.
        text: String,
        /// Source range.
        span: Span,
    },
    /// `` `code` ``.
    Code {
        /// The code.
        code: String,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `*emphasis*`.
    Emphasis {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `**strong**`.
    Strong {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `~~strikethrough~~`.
    Strikethrough {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `==mark==` (highlight).
    Mark {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `++inserted++`.
    Inserted {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `^superscript^`.
    Superscript {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// `~subscript~`.
    Subscript {
        /// Content.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment after it
        /// (reveal.js gives them to the last element before the comment).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// A link of any kind.
    Link {
        /// Target URL as written (entities decoded).
        url: String,
        /// Link title, if any.
        title: Option<String>,
        /// How the link was written.
        kind: LinkKind,
        /// Link text.
        children: Vec<Inline>,
        /// Attributes from an `<!-- .element: ... -->` comment, or the other
        /// attributes of an `<a>` tag.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        /// Source range.
        span: Span,
    },
    /// An image.
    Image(Image),
    /// An HTML element written in the Markdown, such as `<font color="...">`,
    /// `<span>`, `<small>`: its children are parsed like any other inline.
    Html {
        /// Lower-case tag name.
        tag: String,
        /// Its attributes as written (entities decoded).
        attributes: BTreeMap<String, String>,
        /// Text colour, from a `color` attribute or a `color:` style declaration.
        color: Option<String>,
        /// Content.
        children: Vec<Inline>,
        /// Source range, from the start tag to the end tag.
        span: Span,
    },
    /// Raw HTML decktype keeps but does not interpret (an unpaired end tag, a
    /// `<script>` HedgeDoc strips, ...). A diagnostic says why.
    RawHtml {
        /// The HTML as written.
        html: String,
        /// Source range.
        span: Span,
    },
    /// An HTML comment; not rendered.
    Comment {
        /// The text between `<!--` and `-->`.
        text: String,
        /// Source range.
        span: Span,
    },
    /// A line break: a hard break, `<br>`, or (with `breaks: true`, HedgeDoc's
    /// default) a single newline inside a paragraph.
    LineBreak {
        /// Source range.
        span: Span,
    },
    /// A newline that renders as a space (`breaks: false`).
    SoftBreak {
        /// Source range.
        span: Span,
    },
    /// An `:emoji:` shortcode, resolved to Unicode.
    Emoji {
        /// The shortcode without colons.
        shortcode: String,
        /// The emoji.
        emoji: String,
        /// Source range.
        span: Span,
    },
    /// A footnote reference `[^label]`.
    FootnoteReference {
        /// The label.
        label: String,
        /// Source range.
        span: Span,
    },
}

/// An image, inline or as a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Image {
    /// Image URL or path, as written.
    pub url: String,
    /// Alternative text (plain text).
    pub alt: String,
    /// Title, if any.
    pub title: Option<String>,
    /// Width from `=WxH` or a `width` attribute (`300`, `50%`).
    pub width: Option<String>,
    /// Height from `=WxH` or a `height` attribute.
    pub height: Option<String>,
    /// Other attributes (from `<img>` or an `.element` comment).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Source range.
    pub span: Span,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `[text](url)`.
    Inline,
    /// `[text][ref]` or `[ref]` with a definition.
    Reference,
    /// `<https://...>`.
    Autolink,
    /// `<user@example.org>`.
    Email,
    /// A bare URL in text, linkified as HedgeDoc does.
    Bare,
    /// An `<a href>` tag.
    Html,
}

impl Inline {
    /// The node's source range.
    pub fn span(&self) -> Span {
        match self {
            Inline::Text { span, .. }
            | Inline::Code { span, .. }
            | Inline::Emphasis { span, .. }
            | Inline::Strong { span, .. }
            | Inline::Strikethrough { span, .. }
            | Inline::Mark { span, .. }
            | Inline::Inserted { span, .. }
            | Inline::Superscript { span, .. }
            | Inline::Subscript { span, .. }
            | Inline::Link { span, .. }
            | Inline::Html { span, .. }
            | Inline::RawHtml { span, .. }
            | Inline::Comment { span, .. }
            | Inline::LineBreak { span }
            | Inline::SoftBreak { span }
            | Inline::Emoji { span, .. }
            | Inline::FootnoteReference { span, .. } => *span,
            Inline::Image(image) => image.span,
        }
    }

    /// Mutable child inlines of a container node; `None` for leaves.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis { children, .. }
            | Inline::Strong { children, .. }
            | Inline::Strikethrough { children, .. }
            | Inline::Mark { children, .. }
            | Inline::Inserted { children, .. }
            | Inline::Superscript { children, .. }
            | Inline::Subscript { children, .. }
            | Inline::Link { children, .. }
            | Inline::Html { children, .. } => Some(children),
            _ => None,
        }
    }

    /// The attributes of an inline that is an HTML element of its own
    /// (code, emphasis ... link, image, an HTML element); `None` for text,
    /// breaks, comments, emoji and footnote references.
    pub fn attributes_mut(&mut self) -> Option<&mut BTreeMap<String, String>> {
        match self {
            Inline::Code { attributes, .. }
            | Inline::Emphasis { attributes, .. }
            | Inline::Strong { attributes, .. }
            | Inline::Strikethrough { attributes, .. }
            | Inline::Mark { attributes, .. }
            | Inline::Inserted { attributes, .. }
            | Inline::Superscript { attributes, .. }
            | Inline::Subscript { attributes, .. }
            | Inline::Link { attributes, .. }
            | Inline::Html { attributes, .. } => Some(attributes),
            Inline::Image(image) => Some(&mut image.attributes),
            _ => None,
        }
    }

    /// The attributes of an inline element (see [`Inline::attributes_mut`]).
    pub fn attributes(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Inline::Code { attributes, .. }
            | Inline::Emphasis { attributes, .. }
            | Inline::Strong { attributes, .. }
            | Inline::Strikethrough { attributes, .. }
            | Inline::Mark { attributes, .. }
            | Inline::Inserted { attributes, .. }
            | Inline::Superscript { attributes, .. }
            | Inline::Subscript { attributes, .. }
            | Inline::Link { attributes, .. }
            | Inline::Html { attributes, .. } => Some(attributes),
            Inline::Image(image) => Some(&image.attributes),
            _ => None,
        }
    }

    /// Child inlines of a container node (empty for leaves).
    pub fn children(&self) -> &[Inline] {
        match self {
            Inline::Emphasis { children, .. }
            | Inline::Strong { children, .. }
            | Inline::Strikethrough { children, .. }
            | Inline::Mark { children, .. }
            | Inline::Inserted { children, .. }
            | Inline::Superscript { children, .. }
            | Inline::Subscript { children, .. }
            | Inline::Link { children, .. }
            | Inline::Html { children, .. } => children,
            _ => &[],
        }
    }
}
