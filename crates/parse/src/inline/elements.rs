//! Raw inline HTML paired into elements: `<font color>` ... `</font>` becomes
//! one element holding what is between, `<br>` a line break, `<img>` an image,
//! `<a href>` a link, `<!-- -->` a comment. Tags HedgeDoc's sanitizer does not
//! allow stay text, as HedgeDoc escapes them.

use std::collections::HashMap;

use decktype_model::{Diagnostic, Image, Inline, LinkKind, Severity, Span};

use super::html_checks::{check_attributes, not_allowed, unclosed_comment, unmatched_end_tag};
use super::map_children;
use crate::html::{self, Token};
use crate::{Context, codes};

/// How deep inline HTML elements may nest inside one block.
const MAX_HTML_NESTING: usize = 8;

/// An element whose end tag has not come yet.
struct Open {
    name: String,
    attrs: Vec<(String, String)>,
    /// The start tag as written, and where it ends.
    raw: String,
    tag_end: usize,
    start: usize,
    /// Index in `out` where the element's children begin.
    at: usize,
}

/// Pairs the raw HTML among `inlines` (and inside their children) into
/// elements.
pub(super) fn pair_html(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    pair(ctx, inlines, false)
}

/// [`pair_html`] for the top level of a raw HTML block, whose tags may pair
/// with tags of other blocks (`<div>`, Markdown, `</div>`): an element still
/// open at the end of the block stays a raw start tag followed by its
/// content, and an end tag that closes nothing stays a raw end tag without a
/// diagnostic. [`crate::containers`] pairs them across blocks.
pub(super) fn pair_block_html(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    pair(ctx, inlines, true)
}

fn pair(ctx: &mut Context<'_>, inlines: Vec<Inline>, across_blocks: bool) -> Vec<Inline> {
    let mut pairing = Pairing {
        ctx,
        out: Vec::with_capacity(inlines.len()),
        open: Vec::new(),
        deeper: Deeper::default(),
        across_blocks,
    };
    let mut iter = inlines.into_iter();
    while let Some(node) = iter.next() {
        let (raw, span) = match node {
            Inline::RawHtml { html, span } => (html, span),
            other => {
                let node = map_children(other, |c| pair_html(pairing.ctx, c));
                pairing.out.push(node);
                continue;
            }
        };
        pairing.raw_html(raw, span, &mut iter);
    }
    pairing.finish()
}

fn is_open_comment(token: &Token) -> bool {
    matches!(token, Token::Comment { closed: false, .. })
}

/// The state of [`pair_html`] over one list of siblings.
struct Pairing<'s, 'a> {
    ctx: &'s mut Context<'a>,
    /// The siblings so far; the children of open elements at their end.
    out: Vec<Inline>,
    /// The open elements, outermost first.
    open: Vec<Open>,
    /// The elements opened beyond [`MAX_HTML_NESTING`], inside `open`.
    deeper: Deeper,
    /// The top level of a raw HTML block: see [`pair_block_html`].
    across_blocks: bool,
}

impl Pairing<'_, '_> {
    /// One raw HTML node. `rest` are the siblings after it (a comment that
    /// pulldown-cmark split across lines takes some of them).
    fn raw_html(&mut self, raw: String, span: Span, rest: &mut impl Iterator<Item = Inline>) {
        let Some(token) = html::lex_markup(&raw, 0)
            .filter(|t| html::token_end(t) == raw.len() || is_open_comment(t))
        else {
            self.out.push(Inline::RawHtml { html: raw, span });
            return;
        };
        match token {
            Token::Comment {
                closed: true,
                text_start,
                text_end,
                ..
            } => self.out.push(Inline::Comment {
                text: raw[text_start..text_end].to_owned(),
                span,
            }),
            Token::Comment { .. } => self.split_comment(span, rest),
            Token::Start {
                name,
                attrs,
                self_closing,
                ..
            } => self.start_tag(name, attrs, self_closing, raw, span),
            Token::End { name, .. } => self.end_tag(&name, raw, span),
            Token::Other { .. } | Token::Text { .. } => {
                self.out.push(Inline::RawHtml { html: raw, span })
            }
        }
    }

    /// An inline comment that pulldown-cmark split across lines: gathers
    /// source up to the `-->`.
    fn split_comment(&mut self, span: Span, rest: &mut impl Iterator<Item = Inline>) {
        let src = self.ctx.src;
        let mut end = span.end;
        while !src[span.start..end].contains("-->") {
            match rest.next() {
                Some(next) => end = next.span().end,
                None => break,
            }
        }
        let full = &src[span.start..end];
        let text = full
            .strip_prefix("<!--")
            .map(|t| t.split("-->").next().unwrap_or(t))
            .unwrap_or(full)
            .to_owned();
        if !full.contains("-->") {
            self.ctx.diagnostics.push(unclosed_comment(span));
        }
        self.out.push(Inline::Comment {
            text,
            span: Span::new(span.start, end),
        });
    }

    fn start_tag(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        raw: String,
        span: Span,
    ) {
        if !html::is_allowed_tag(&name) {
            not_allowed(self.ctx, &name, &raw, span);
            self.out.push(Inline::Text { text: raw, span });
            return;
        }
        check_attributes(self.ctx, &name, &attrs, span);
        match name.as_str() {
            "br" => self.out.push(Inline::LineBreak { span }),
            "img" => self.out.push(Inline::Image(html_image(&attrs, span))),
            _ if html::is_void(&name) || (self_closing && name != "a") => {
                self.out.push(Inline::Html {
                    color: color_of(&attrs),
                    tag: name,
                    attributes: html::attr_map(&attrs),
                    children: Vec::new(),
                    span,
                })
            }
            // Beyond the nesting cap an element is not opened; its tags
            // stay as raw HTML and its content stays in place.
            _ if self.open.len() >= MAX_HTML_NESTING => {
                self.deeper.open(name, span);
                self.out.push(Inline::RawHtml { html: raw, span })
            }
            _ => self.open.push(Open {
                name,
                attrs,
                raw,
                tag_end: span.end,
                start: span.start,
                at: self.out.len(),
            }),
        }
    }

    fn end_tag(&mut self, name: &str, raw: String, span: Span) {
        if name == "br" {
            // Browsers read `</br>` as `<br>`.
            self.out.push(Inline::LineBreak { span });
            return;
        }
        // The end tag of an element beyond the cap (the innermost ones)
        // stays raw HTML too, and closes nothing that is open.
        if self.deeper.close(name) {
            self.out.push(Inline::RawHtml { html: raw, span });
            return;
        }
        if let Some(pos) = self.open.iter().rposition(|o| o.name == name) {
            // Elements beyond the cap were inside it: they end too.
            self.deeper.clear();
            // Elements opened inside this one end where their content ends.
            for inner in self.open.split_off(pos + 1).into_iter().rev() {
                let end = self.out.last().map_or(inner.start, |n| n.span().end);
                wrap(&mut self.out, inner, end);
            }
            if let Some(element) = self.open.pop() {
                wrap(&mut self.out, element, span.end);
            }
        } else if !html::is_allowed_tag(name) {
            not_allowed(self.ctx, name, &raw, span);
            self.out.push(Inline::Text { text: raw, span });
        } else if self.across_blocks {
            self.out.push(Inline::RawHtml { html: raw, span });
        } else {
            self.ctx.diagnostics.push(unmatched_end_tag(name, span));
            self.out.push(Inline::RawHtml { html: raw, span });
        }
    }

    /// Unclosed elements extend to the end of their block, as in browsers.
    fn finish(mut self) -> Vec<Inline> {
        if let Some(span) = self.deeper.first {
            self.ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::NESTING_TOO_DEEP,
                    format!(
                        "inline HTML elements are nested more than {MAX_HTML_NESTING} levels deep; the tags of the deeper ones are left out and their content kept in place"
                    ),
                    span,
                )
                .with_help("nest HTML elements less deeply"),
            );
        }
        if self.across_blocks {
            // Left open for `containers` to pair: the start tag goes back in
            // front of its content.
            for element in self.open.into_iter().rev() {
                let at = element.at.min(self.out.len());
                let end = element.tag_end;
                self.out.insert(
                    at,
                    Inline::RawHtml {
                        html: element.raw,
                        span: Span::new(element.start, end),
                    },
                );
            }
            return self.out;
        }
        while let Some(element) = self.open.pop() {
            let end = self.out.last().map_or(element.start, |n| n.span().end);
            wrap(&mut self.out, element, end);
        }
        self.out
    }
}

/// The start tags met while as many elements as may nest were open (here
/// [`MAX_HTML_NESTING`]; [`crate::containers`] uses it too): they open
/// nothing, and the end tags that match them close nothing. Their names are
/// kept, innermost last, with a count per name, so that an end tag finds its
/// start tag (or that there is none) in time proportional to the elements it
/// closes, however many there are.
#[derive(Default)]
pub(crate) struct Deeper {
    names: Vec<String>,
    count: HashMap<String, usize>,
    /// The first of them.
    pub(crate) first: Option<Span>,
}

impl Deeper {
    pub(crate) fn open(&mut self, name: String, span: Span) {
        self.first.get_or_insert(span);
        *self.count.entry(name.clone()).or_default() += 1;
        self.names.push(name);
    }

    pub(crate) fn clear(&mut self) {
        self.names.clear();
        self.count.clear();
    }

    /// Closes the innermost element named `name` (and those inside it), if
    /// one is open.
    pub(crate) fn close(&mut self, name: &str) -> bool {
        if self.count.get(name).is_none_or(|n| *n == 0) {
            return false;
        }
        while let Some(inner) = self.names.pop() {
            if let Some(n) = self.count.get_mut(&inner) {
                *n -= 1;
            }
            if inner == name {
                break;
            }
        }
        true
    }
}

/// Ends `element` at `end`: the nodes after its start tag become its children.
fn wrap(out: &mut Vec<Inline>, element: Open, end: usize) {
    let children = merge_raw(out.drain(element.at.min(out.len())..));
    let span = Span::new(element.start, end);
    let mut attributes = html::attr_map(&element.attrs);
    let node = if element.name == "a" {
        let url = attributes.remove("href").unwrap_or_default();
        let title = attributes.remove("title");
        Inline::Link {
            url,
            title,
            kind: LinkKind::Html,
            children,
            attributes,
            span,
        }
    } else {
        Inline::Html {
            color: color_of(&element.attrs),
            tag: element.name,
            attributes,
            children,
            span,
        }
    };
    out.push(node);
}

/// Merges raw HTML nodes that follow each other in the source into one: the
/// tags of elements beyond [`MAX_HTML_NESTING`] are 200 000 nodes for 100 000
/// nested `<span>`s, which every export walks, but they show nothing. Only
/// inside an element: at the top level of an HTML block
/// [`crate::containers`] reads the raw tags one by one.
fn merge_raw(nodes: impl Iterator<Item = Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for node in nodes {
        if let Inline::RawHtml { html, span } = &node
            && let Some(Inline::RawHtml {
                html: prev,
                span: prev_span,
            }) = out.last_mut()
            && prev_span.end == span.start
        {
            prev.push_str(html);
            prev_span.end = span.end;
            continue;
        }
        out.push(node);
    }
    out
}

fn html_image(attrs: &[(String, String)], span: Span) -> Image {
    let mut attributes = html::attr_map(attrs);
    Image {
        url: attributes.remove("src").unwrap_or_default(),
        alt: attributes.remove("alt").unwrap_or_default(),
        title: attributes.remove("title"),
        width: attributes.remove("width"),
        height: attributes.remove("height"),
        attributes,
        span,
    }
}

/// Text colour from `color="..."` or a `color:` declaration in `style`.
pub(crate) fn color_of(attrs: &[(String, String)]) -> Option<String> {
    let map = html::attr_map(attrs);
    if let Some(style) = map.get("style") {
        for declaration in style.split(';') {
            if let Some((property, value)) = declaration.split_once(':')
                && property.trim().eq_ignore_ascii_case("color")
            {
                return Some(value.trim().to_owned());
            }
        }
    }
    map.get("color").map(|c| c.trim().to_owned())
}
