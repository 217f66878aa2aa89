//! Slide content as HTML: every block and inline of the model, through maud
//! (which escapes every text and attribute value), with tag names and
//! attribute names only ever taken from the allowlists in this file.

use std::collections::BTreeMap;

use decktype_assets::{Missing, Resolver};
use decktype_model::{
    Alignment, Block, DefinitionItem, Diagnostic, Image, Inline, ListItem, Severity, Span,
    TableCell,
};
use maud::{Markup, PreEscaped, html};

use decktype_sanitize::css::Dropped;
use decktype_sanitize::{Relative, link_target};

use crate::css;

/// Diagnostic code: an image that could not be embedded (drawn as a
/// placeholder with its alt text and URL).
pub const IMAGE_NOT_EMBEDDED: &str = decktype_model::codes::IMAGE_NOT_EMBEDDED;
/// Diagnostic code: CSS the export dropped (`@import`, a remote `url()`,
/// `expression()` ...).
pub const CSS_DROPPED: &str = decktype_model::codes::CSS_DROPPED;
/// Diagnostic code: an embedded frame, video or audio, shown as a link.
pub const EMBED_AS_LINK: &str = decktype_model::codes::EMBED_AS_LINK;

/// The placeholder `src` of an embedded image until the sanitizer is done.
const IMAGE_TOKEN: &str = "#dt-img-";

/// HTML elements a deck may use, as the export writes them. Anything else
/// the parser let through renders its children only.
pub(crate) const TAGS: &[&str] = &[
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "rp",
    "rt",
    "ruby",
    "s",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
];

/// Void elements among [`TAGS`].
const VOID: &[&str] = &["col", "hr"];

/// Rendering state for one deck.
pub(crate) struct Ctx<'a> {
    pub(crate) resolver: &'a Resolver,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The `data:` URIs of the embedded `<img>`s, in order. The slide HTML
    /// carries `src="#dt-img-N"` while it goes through the sanitizer (which
    /// would otherwise parse megabytes of base64); [`Ctx::embed_images`]
    /// puts the URIs in afterwards. Only this renderer writes `img src`, so
    /// no deck text can produce such a token.
    pub(crate) images: Vec<String>,
}

impl Ctx<'_> {
    /// The `data:` URI of an image URL, if it can be embedded.
    pub(crate) fn data_uri(&self, url: &str) -> Result<String, Missing> {
        self.resolver.resolve(url).map(|a| a.data_uri())
    }

    /// Filters a `style` attribute, reporting what it dropped.
    pub(crate) fn style(&mut self, style: &str, span: Span) -> String {
        let mut dropped = Vec::new();
        let resolver = self.resolver;
        let out = css::filter_declarations(
            style,
            &|u: &str| resolver.resolve(u).ok().map(|a| a.data_uri()),
            &mut dropped,
        );
        self.css_dropped(&dropped, span);
        out
    }

    /// `html` with each `src="#dt-img-N"` replaced by its `data:` URI.
    pub(crate) fn embed_images(&self, html: &str) -> String {
        let needle = format!("src=\"{IMAGE_TOKEN}");
        let extra: usize = self.images.iter().map(String::len).sum();
        let mut out = String::with_capacity(html.len() + extra);
        let mut rest = html;
        while let Some(at) = rest.find(&needle) {
            let digits_start = at + needle.len();
            let digits = rest[digits_start..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let n: Option<usize> = rest[digits_start..digits_start + digits].parse().ok();
            match n.and_then(|n| self.images.get(n)) {
                Some(uri) if rest[digits_start + digits..].starts_with('"') => {
                    out.push_str(&rest[..at]);
                    out.push_str("src=\"");
                    out.push_str(uri);
                    rest = &rest[digits_start + digits..];
                }
                _ => {
                    out.push_str(&rest[..digits_start]);
                    rest = &rest[digits_start..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    pub(crate) fn css_dropped(&mut self, dropped: &[Dropped], span: Span) {
        if dropped.is_empty() {
            return;
        }
        self.diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                CSS_DROPPED,
                format!(
                    "the HTML export leaves out CSS that could load or run something: {}",
                    dropped
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                span,
            )
            .with_help("keep slide CSS to plain properties; images in url() must be files next to the deck"),
        );
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block]) -> Markup {
        html! { @for block in blocks { (self.block(block)) } }
    }

    fn block(&mut self, block: &Block) -> Markup {
        match block {
            Block::Heading {
                level,
                inlines,
                attributes,
                span,
            } => {
                let tag =
                    ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from((*level).clamp(1, 6)) - 1];
                let attrs = self.attributes(attributes, *span);
                let inner = self.inlines(inlines);
                element(tag, &attrs, inner)
            }
            Block::Paragraph {
                inlines,
                attributes,
                span,
            } => {
                let attrs = self.attributes(attributes, *span);
                let inner = self.inlines(inlines);
                element("p", &attrs, inner)
            }
            Block::Image(image) => html! { p { (self.image(image)) } },
            Block::List {
                ordered,
                start,
                tight,
                items,
                attributes,
                span,
            } => {
                let mut attrs = self.attributes(attributes, *span);
                if *ordered && start.is_some_and(|s| s != 1) {
                    attrs.push(("start", start.unwrap_or(1).to_string()));
                }
                let inner = html! { @for item in items { (self.item(item, *tight)) } };
                element(if *ordered { "ol" } else { "ul" }, &attrs, inner)
            }
            Block::CodeBlock {
                language,
                code,
                attributes,
                span,
                ..
            } => {
                // As markdown-it: `<pre><code class="language-x">`; an
                // `.element` comment after the fence goes to the `<pre>`.
                let attrs = self.attributes(attributes, *span);
                let class = language
                    .as_deref()
                    .map(|l| format!("language-{}", clean_token(l)));
                element("pre", &attrs, html! { code class=[class] { (code) } })
            }
            Block::Table {
                alignments,
                header,
                rows,
                attributes,
                span,
            } => {
                let attrs = self.attributes(attributes, *span);
                let head = html! {
                    @for (i, cell) in header.iter().enumerate() { (self.cell("th", cell, alignments.get(i))) }
                };
                let body = html! {
                    @for row in rows { tr { @for (i, cell) in row.iter().enumerate() { (self.cell("td", cell, alignments.get(i))) } } }
                };
                element(
                    "table",
                    &attrs,
                    html! {
                        thead { tr { (head) } }
                        @if !rows.is_empty() { tbody { (body) } }
                    },
                )
            }
            Block::Quote {
                blocks,
                attributes,
                span,
            } => {
                let attrs = self.attributes(attributes, *span);
                let inner = self.blocks(blocks);
                element("blockquote", &attrs, inner)
            }
            Block::Rule { attributes, span } => {
                let attrs = self.attributes(attributes, *span);
                void_element("hr", &attrs)
            }
            // A block of only comments (`<!-- .slide: ... -->`) shows nothing.
            Block::Html { inlines, .. }
                if inlines.iter().all(|i| {
                    matches!(
                        i,
                        Inline::Comment { .. } | Inline::RawHtml { .. } | Inline::SoftBreak { .. }
                    )
                }) =>
            {
                html! {}
            }
            // Block-level HTML (`<p class=..>`, `<summary>`, `<div>` ...)
            // stands as written, as in HedgeDoc: a `<summary>` must be the
            // first child of its `<details>`, and deck CSS such as
            // `section > p` must match. Other raw HTML (text, `<font>`)
            // gets a block of its own.
            Block::Html { inlines, .. } if inlines.iter().all(is_block_level_or_blank) => {
                self.inlines(inlines)
            }
            Block::Html { inlines, .. } => {
                html! { div class="dt-html" { (self.inlines(inlines)) } }
            }
            Block::Element {
                tag,
                attributes,
                color,
                blocks,
                span,
            } => {
                let inner = self.blocks(blocks);
                self.html_element(tag, attributes, color.as_deref(), inner, *span)
            }
            Block::DefinitionList {
                items,
                attributes,
                span,
            } => {
                let attrs = self.attributes(attributes, *span);
                let inner = html! {
                    @for item in items {
                        (self.term(item))
                        @for d in &item.definitions { (self.definition(d)) }
                    }
                };
                element("dl", &attrs, inner)
            }
            Block::FootnoteDefinition {
                label,
                blocks,
                attributes,
                span,
            } => {
                let mut attrs = self.attributes(attributes, *span);
                prepend_class(&mut attrs, "dt-footnote");
                attrs.push(("id", format!("fn-{}", clean_token(label))));
                let inner = html! { sup { (label) } " " (self.blocks(blocks)) };
                element("div", &attrs, inner)
            }
            #[allow(unreachable_patterns)]
            _ => html! {},
        }
    }

    /// A table cell with its column's alignment and its own attributes.
    fn cell(&mut self, tag: &'static str, cell: &TableCell, align: Option<&Alignment>) -> Markup {
        let mut attrs = self.attributes(&cell.attributes, cell.span);
        let align = match align {
            Some(Alignment::Left) => Some("text-align: left"),
            Some(Alignment::Center) => Some("text-align: center"),
            Some(Alignment::Right) => Some("text-align: right"),
            _ => None,
        };
        if let Some(align) = align {
            match attrs.iter_mut().find(|(name, _)| *name == "style") {
                Some((_, style)) => *style = format!("{align}; {style}"),
                None => attrs.push(("style", align.to_owned())),
            }
        }
        let inner = self.inlines(&cell.inlines);
        element(tag, &attrs, inner)
    }

    /// One definition. A definition of one paragraph is written without
    /// the `<p>`, as markdown-it-deflist writes a tight one, and the
    /// paragraph's `.element` attributes go to the `<dd>`, as reveal.js
    /// gives them.
    fn definition(&mut self, blocks: &[Block]) -> Markup {
        if let [
            Block::Paragraph {
                inlines,
                attributes,
                span,
            },
        ] = blocks
        {
            let attrs = self.attributes(attributes, *span);
            let inner = self.inlines(inlines);
            return element("dd", &attrs, inner);
        }
        let inner = self.blocks(blocks);
        element("dd", &[], inner)
    }

    /// A definition list's term.
    fn term(&mut self, item: &DefinitionItem) -> Markup {
        let attrs = self.attributes(&item.attributes, item.span);
        let inner = self.inlines(&item.term);
        element("dt", &attrs, inner)
    }

    fn item(&mut self, item: &ListItem, tight: bool) -> Markup {
        let attrs = self.attributes(&item.attributes, item.span);
        let check = item.checked.map(|c| if c { "☑ " } else { "☐ " });
        let inner = html! {
            @if let Some(c) = check { span class="dt-task" { (c) } }
            @for block in &item.blocks {
                @match block {
                    // A tight list shows its paragraphs without spacing.
                    Block::Paragraph { inlines, .. } if tight => (self.inlines(inlines)),
                    other => (self.block(other)),
                }
            }
        };
        element("li", &attrs, inner)
    }

    pub(crate) fn inlines(&mut self, inlines: &[Inline]) -> Markup {
        html! { @for inline in inlines { (self.inline(inline)) } }
    }

    fn inline(&mut self, inline: &Inline) -> Markup {
        match inline {
            Inline::Text { text, .. } => html! { (text) },
            Inline::Code {
                code,
                attributes,
                span,
            } => {
                let attrs = self.attributes(attributes, *span);
                element("code", &attrs, html! { (code) })
            }
            Inline::Emphasis {
                children,
                attributes,
                span,
            } => self.markup("em", children, attributes, *span),
            Inline::Strong {
                children,
                attributes,
                span,
            } => self.markup("strong", children, attributes, *span),
            Inline::Strikethrough {
                children,
                attributes,
                span,
            } => self.markup("s", children, attributes, *span),
            Inline::Mark {
                children,
                attributes,
                span,
            } => self.markup("mark", children, attributes, *span),
            Inline::Inserted {
                children,
                attributes,
                span,
            } => self.markup("ins", children, attributes, *span),
            Inline::Superscript {
                children,
                attributes,
                span,
            } => self.markup("sup", children, attributes, *span),
            Inline::Subscript {
                children,
                attributes,
                span,
            } => self.markup("sub", children, attributes, *span),
            Inline::Link {
                url,
                title,
                children,
                ..
            } => {
                let inner = self.inlines(children);
                match link_target(url, Relative::Allowed) {
                    Some(href) => {
                        html! { a href=(href) title=[title] rel="noopener noreferrer" { (inner) } }
                    }
                    // The text stays; the target could run something.
                    None => {
                        html! { span class="dt-link dt-blocked" title=(format!("blocked link target: {url}")) { (inner) } }
                    }
                }
            }
            Inline::Image(image) => self.image(image),
            Inline::Html {
                tag,
                attributes,
                color,
                children,
                span,
            } => {
                let inner = self.inlines(children);
                self.html_element(tag, attributes, color.as_deref(), inner, *span)
            }
            // Unmatched end tags and the like: browsers ignore them too.
            Inline::RawHtml { .. } | Inline::Comment { .. } => html! {},
            Inline::LineBreak { .. } => html! { br; },
            Inline::SoftBreak { .. } => html! { "\n" },
            Inline::Emoji {
                shortcode, emoji, ..
            } => html! { span class="dt-emoji" title=(format!(":{shortcode}:")) { (emoji) } },
            Inline::FootnoteReference { label, .. } => html! {
                sup class="dt-footnote-ref" { a href=(format!("#fn-{}", clean_token(label))) { (label) } }
            },
            #[allow(unreachable_patterns)]
            _ => html! {},
        }
    }

    /// Emphasis, strong ... with the attributes of an `.element` comment.
    fn markup(
        &mut self,
        tag: &'static str,
        children: &[Inline],
        attributes: &BTreeMap<String, String>,
        span: Span,
    ) -> Markup {
        let attrs = self.attributes(attributes, span);
        let inner = self.inlines(children);
        element(tag, &attrs, inner)
    }

    fn html_element(
        &mut self,
        tag: &str,
        attributes: &BTreeMap<String, String>,
        color: Option<&str>,
        inner: Markup,
        span: Span,
    ) -> Markup {
        if matches!(tag, "iframe" | "video" | "audio") {
            let src = attributes.get("src").cloned().unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    EMBED_AS_LINK,
                    format!("the HTML export shows the <{tag}> as a link: embedded content would load from the network"),
                    span,
                )
                .with_help("link the media instead, or add a screenshot"),
            );
            return html! {
                span class="dt-embed" {
                    "▶ " (tag) ": "
                    @if let Some(href) = link_target(&src, Relative::Allowed) { a href=(href) rel="noopener noreferrer" { (src) } } @else { (src) }
                    (inner)
                }
            };
        }
        let Some(tag) = TAGS.iter().copied().find(|t| *t == tag) else {
            return inner;
        };
        let mut attrs = self.attributes(attributes, span);
        if tag == "font" {
            if let Some(c) = color.filter(|c| is_color(c)) {
                attrs.push(("color", c.to_owned()));
            }
            if let Some(size) = attributes.get("size").filter(|s| {
                s.len() <= 3
                    && s.chars()
                        .all(|c| c.is_ascii_digit() || c == '+' || c == '-')
            }) {
                attrs.push(("size", size.clone()));
            }
            if let Some(face) = attributes.get("face").filter(|f| {
                f.len() < 100
                    && f.chars()
                        .all(|c| c.is_alphanumeric() || " ,-_'".contains(c))
            }) {
                attrs.push(("face", face.clone()));
            }
        } else if let Some(c) = color.filter(|c| is_color(c))
            && !attributes.contains_key("style")
        {
            attrs.push(("style", format!("color: {c}")));
        }
        for name in ["colspan", "rowspan", "start"] {
            if let Some(v) = attributes
                .get(name)
                .filter(|v| !v.is_empty() && v.len() < 5 && v.chars().all(|c| c.is_ascii_digit()))
            {
                attrs.push((name, v.clone()));
            }
        }
        if VOID.contains(&tag) {
            return void_element(tag, &attrs);
        }
        element(tag, &attrs, inner)
    }

    /// The attributes of `.element` comments and HTML tags that the export
    /// keeps: `class`, `id` (prefixed), `title`, `lang`, `dir`, `align` and a
    /// filtered `style`.
    fn attributes(
        &mut self,
        attributes: &BTreeMap<String, String>,
        span: Span,
    ) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(class) = attributes.get("class") {
            let class = class
                .split_whitespace()
                .map(clean_token)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if !class.is_empty() {
                out.push(("class", class));
            }
        }
        if let Some(id) = attributes
            .get("id")
            .map(|i| clean_token(i))
            .filter(|i| !i.is_empty())
        {
            out.push(("id", format!("u-{id}")));
        }
        for name in ["title", "lang"] {
            if let Some(v) = attributes.get(name) {
                out.push((name, v.clone()));
            }
        }
        if let Some(dir) = attributes
            .get("dir")
            .filter(|d| matches!(d.as_str(), "ltr" | "rtl" | "auto"))
        {
            out.push(("dir", dir.clone()));
        }
        if let Some(align) = attributes
            .get("align")
            .map(|a| a.to_ascii_lowercase())
            .filter(|a| matches!(a.as_str(), "left" | "right" | "center" | "justify"))
        {
            out.push(("align", align));
        }
        if let Some(style) = attributes.get("style") {
            let style = self.style(style, span);
            if !style.is_empty() {
                out.push(("style", style));
            }
        }
        // reveal.js's fragment order.
        if let Some(index) = attributes
            .get("data-fragment-index")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && v.len() < 6 && v.chars().all(|c| c.is_ascii_digit()))
        {
            out.push(("data-fragment-index", index.to_owned()));
        }
        out
    }

    /// An embedded image, or a visible placeholder with its alt text and URL.
    pub(crate) fn image(&mut self, image: &Image) -> Markup {
        let mut style = Vec::new();
        for (name, value) in [("width", &image.width), ("height", &image.height)] {
            if let Some(v) = value.as_deref().and_then(css_length) {
                style.push(format!("{name}: {v}"));
            }
        }
        // `class`, `id`, `lang`, `dir`, `align`, the fragment index and the
        // filtered `style` of the tag or its `.element` comment.
        let mut attrs = self.attributes(&image.attributes, image.span);
        attrs.retain(|(name, _)| *name != "title");
        if let Some(at) = attrs.iter().position(|(name, _)| *name == "style") {
            style.push(attrs.remove(at).1);
        }
        let style = (!style.is_empty()).then(|| style.join("; "));
        let class = attrs
            .iter()
            .find(|(name, _)| *name == "class")
            .map(|(_, c)| c.clone());
        match self.data_uri(&image.url) {
            Ok(src) => {
                self.images.push(src);
                let token = format!("{IMAGE_TOKEN}{}", self.images.len() - 1);
                let mut all = vec![("src", token), ("alt", image.alt.clone())];
                if let Some(title) = &image.title {
                    all.push(("title", title.clone()));
                }
                if let Some(style) = style {
                    all.push(("style", style));
                }
                all.extend(attrs);
                void_element("img", &all)
            }
            Err(why) => {
                let severity = match why {
                    Missing::Remote(_) => Severity::Info,
                    _ => Severity::Warning,
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        severity,
                        IMAGE_NOT_EMBEDDED,
                        format!("image `{}` is not embedded: {why}", image.url),
                        image.span,
                    )
                    .with_help("the export shows a placeholder with the alt text and the URL; put the file next to the deck or pass --assets DIR"),
                );
                let class = match class {
                    Some(c) => format!("dt-missing-image {c}"),
                    None => "dt-missing-image".to_owned(),
                };
                html! {
                    span class=(class) role="img" aria-label=(image.alt) style=[style] {
                        span class="dt-missing-alt" { "Image not embedded: " (if image.alt.is_empty() { "(no alt text)" } else { image.alt.as_str() }) }
                        " "
                        @if let Some(href) = link_target(&image.url, Relative::Allowed) {
                            a class="dt-missing-url" href=(href) rel="noopener noreferrer" { (image.url) }
                        } @else {
                            span class="dt-missing-url" { (image.url) }
                        }
                    }
                }
            }
        }
    }
}

/// An HTML element that is a block of its own in a browser, or what shows
/// nothing (white space, comments, stray tags).
fn is_block_level_or_blank(inline: &Inline) -> bool {
    match inline {
        Inline::Html { tag, .. } => matches!(
            tag.as_str(),
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "center"
                | "details"
                | "div"
                | "dl"
                | "figure"
                | "footer"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "hr"
                | "nav"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "summary"
                | "table"
                | "ul"
        ),
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::SoftBreak { .. } | Inline::Comment { .. } | Inline::RawHtml { .. } => true,
        _ => false,
    }
}

/// Puts `class` first in the `class` attribute of `attrs`.
fn prepend_class(attrs: &mut Vec<(&'static str, String)>, class: &str) {
    match attrs.iter_mut().find(|(name, _)| *name == "class") {
        Some((_, value)) => *value = format!("{class} {value}"),
        None => attrs.insert(0, ("class", class.to_owned())),
    }
}

/// `<tag attrs>inner</tag>`; `tag` and the attribute names come from this
/// crate's constants, values are escaped by maud.
fn element(tag: &'static str, attrs: &[(&'static str, String)], inner: Markup) -> Markup {
    html! {
        (PreEscaped("<")) (PreEscaped(tag))
        @for (name, value) in attrs { (PreEscaped(" ")) (PreEscaped(*name)) (PreEscaped("=\"")) (value) (PreEscaped("\"")) }
        (PreEscaped(">")) (inner) (PreEscaped("</")) (PreEscaped(tag)) (PreEscaped(">"))
    }
}

fn void_element(tag: &'static str, attrs: &[(&'static str, String)]) -> Markup {
    html! {
        (PreEscaped("<")) (PreEscaped(tag))
        @for (name, value) in attrs { (PreEscaped(" ")) (PreEscaped(*name)) (PreEscaped("=\"")) (value) (PreEscaped("\"")) }
        (PreEscaped(">"))
    }
}

/// A CSS colour a deck may give: a name, `#hex`, or `rgb()`/`hsl()` with
/// plain numbers.
pub(crate) fn is_color(c: &str) -> bool {
    let c = c.trim();
    let plain = !c.is_empty()
        && c.len() <= 40
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "#(),.% ".contains(ch));
    // The only functions: `rgb()`, `rgba()`, `hsl()`, `hsla()`, once, at the
    // end (no `expression(`: the fuzz target html_export found it passing).
    plain
        && match c.find('(') {
            None => !c.contains(')'),
            Some(open) => {
                matches!(
                    c[..open].trim().to_ascii_lowercase().as_str(),
                    "rgb" | "rgba" | "hsl" | "hsla"
                ) && c.ends_with(')')
                    && c.matches('(').count() == 1
                    && c.matches(')').count() == 1
            }
        }
}

/// `300` → `300px`, `50%` → `50%`, `12em` → `12em`; anything else `None`.
pub(crate) fn css_length(v: &str) -> Option<String> {
    let v = v.trim();
    let digits = v.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    let unit = &v[digits.len()..];
    let number_ok = !digits.is_empty()
        && digits.len() <= 8
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    match unit {
        _ if !number_ok => None,
        "" => Some(format!("{digits}px")),
        "px" | "%" | "em" | "rem" | "vw" | "vh" => Some(v.to_owned()),
        _ => None,
    }
}

/// Letters, digits, `-` and `_` only: for class names and id fragments.
pub(crate) fn clean_token(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_colours() {
        assert_eq!(css_length("300").as_deref(), Some("300px"));
        assert_eq!(css_length("50%").as_deref(), Some("50%"));
        assert_eq!(css_length("1e3;x:y"), None);
        assert_eq!(css_length("calc(1px)"), None);
        assert!(is_color("#50c3a5") && is_color("red") && is_color("rgb(1, 2, 3)"));
        assert!(!is_color("red;background:url(x)") && !is_color("\"red\""));
        assert!(!is_color("#expression(") && !is_color("expression(alert(1))"));
        assert!(!is_color("rgb(1,2,3) url(x)") && is_color("hsla(1, 2%, 3%, 0.5)"));
    }
}
