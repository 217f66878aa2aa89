//! The inline pass over a block's inlines, after pulldown-cmark:
//!
//! 1. adjacent text is merged;
//! 2. raw inline HTML is paired into elements (`<font color>` ... `</font>`),
//!    `<br>`, `<img>` and `<a href>` become line breaks, images and links, tags
//!    HedgeDoc's sanitizer does not allow stay text (HedgeDoc escapes them);
//! 3. what markdown-it renders and pulldown-cmark does not: `=WxH` image sizes,
//!    `==mark==`, `++ins++`, in-word `~sub~`/`^sup^`, `:emoji:`, bare URLs.

use std::collections::BTreeMap;

use decktype_model::{Diagnostic, Image, Inline, LinkKind, Severity, Span};

use crate::Context;
use crate::codes;
use crate::html::{self, Token};

/// Runs the whole pass on the inlines of one block.
pub(crate) fn finish_inlines(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    let inlines = merge_texts(inlines);
    let inlines = pair_html(ctx, inlines);
    let inlines = check_sub_sup(inlines);
    let inlines = extend_text(ctx, inlines, false);
    limit_depth(ctx, inlines)
}

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
fn limit_depth(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
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

/// Parses the raw text of an HTML block into inlines. `chunks` maps offsets in
/// `text` to file offsets.
pub(crate) fn html_block_inlines(
    ctx: &mut Context<'_>,
    text: &str,
    chunks: &[(usize, usize)],
) -> Vec<Inline> {
    let map = |offset: usize| -> usize {
        let i = chunks
            .partition_point(|(t, _)| *t <= offset)
            .saturating_sub(1);
        match chunks.get(i) {
            Some((t, f)) => f + (offset - t),
            None => offset,
        }
    };
    let span = |a: usize, b: usize| Span::new(map(a), map(b.max(a)).max(map(a)));
    let tokens = html::lex(text);
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text { start, end } => {
                let raw = &text[*start..*end];
                if !(raw.trim().is_empty() && raw.contains('\n')) {
                    nodes.push(Inline::Text {
                        text: html::decode(raw),
                        span: span(*start, *end),
                    });
                }
            }
            Token::Start {
                name, start, end, ..
            } if name == "style" => {
                let close = tokens[i + 1..]
                    .iter()
                    .position(|t| matches!(t, Token::End { name, .. } if name == "style"))
                    .map(|p| i + 1 + p);
                let (css_end, element_end, next) = match close {
                    Some(c) => match &tokens[c] {
                        Token::End {
                            start: s, end: e, ..
                        } => (*s, *e, c + 1),
                        _ => unreachable!("matched End above"),
                    },
                    None => (text.len(), text.len(), tokens.len()),
                };
                ctx.styles
                    .push((text[*end..css_end].to_owned(), span(*start, element_end)));
                i = next;
                continue;
            }
            Token::Comment {
                text_start,
                text_end,
                start,
                end,
                closed,
            } => {
                if !closed {
                    ctx.diagnostics
                        .push(unclosed_comment(span(*start, (*start + 4).min(*end))));
                }
                nodes.push(Inline::Comment {
                    text: text[*text_start..*text_end].to_owned(),
                    span: span(*start, *end),
                });
            }
            Token::Start { start, end, .. }
            | Token::End { start, end, .. }
            | Token::Other { start, end } => {
                nodes.push(Inline::RawHtml {
                    html: text[*start..*end].to_owned(),
                    span: span(*start, *end),
                });
            }
        }
        i += 1;
    }
    let nodes = pair_html(ctx, nodes);
    let nodes = extend_text(ctx, nodes, false);
    limit_depth(ctx, nodes)
}

fn unclosed_comment(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        codes::UNCLOSED_COMMENT,
        "HTML comment is never closed: it hides the rest of the slide",
        span,
    )
    .with_help("close the comment with `-->`")
}

// ---------------------------------------------------------------------------
// 1. merging text

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

// ---------------------------------------------------------------------------
// 2. inline HTML

/// How deep inline HTML elements may nest inside one block.
const MAX_HTML_NESTING: usize = 8;

struct Open {
    name: String,
    attrs: Vec<(String, String)>,
    start: usize,
    /// Index in `out` where the element's children begin.
    at: usize,
}

fn pair_html(ctx: &mut Context<'_>, inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    let mut open: Vec<Open> = Vec::new();
    let mut iter = inlines.into_iter().peekable();
    while let Some(node) = iter.next() {
        let (raw, span) = match node {
            Inline::RawHtml { html, span } => (html, span),
            other => {
                out.push(map_children(other, |c| pair_html(ctx, c)));
                continue;
            }
        };
        let Some(token) = html::lex_markup(&raw, 0)
            .filter(|t| html::token_end(t) == raw.len() || is_open_comment(t))
        else {
            out.push(Inline::RawHtml { html: raw, span });
            continue;
        };
        match token {
            Token::Comment {
                closed: true,
                text_start,
                text_end,
                ..
            } => out.push(Inline::Comment {
                text: raw[text_start..text_end].to_owned(),
                span,
            }),
            Token::Comment { .. } => {
                // An inline comment that pulldown-cmark split across lines:
                // gather source up to the `-->`.
                let mut end = span.end;
                while !ctx.src[span.start..end].contains("-->") {
                    match iter.next() {
                        Some(next) => end = next.span().end,
                        None => break,
                    }
                }
                let full = &ctx.src[span.start..end];
                let text = full
                    .strip_prefix("<!--")
                    .map(|t| t.split("-->").next().unwrap_or(t))
                    .unwrap_or(full)
                    .to_owned();
                if !full.contains("-->") {
                    ctx.diagnostics.push(unclosed_comment(span));
                }
                out.push(Inline::Comment {
                    text,
                    span: Span::new(span.start, end),
                });
            }
            Token::Start {
                name,
                attrs,
                self_closing,
                ..
            } => {
                if !html::is_allowed_tag(&name) {
                    not_allowed(ctx, &name, &raw, span);
                    out.push(Inline::Text { text: raw, span });
                    continue;
                }
                check_attributes(ctx, &name, &attrs, span);
                match name.as_str() {
                    "br" => out.push(Inline::LineBreak { span }),
                    "img" => out.push(Inline::Image(html_image(&attrs, span))),
                    _ if html::is_void(&name) || (self_closing && name != "a") => {
                        out.push(Inline::Html {
                            color: color_of(&attrs),
                            tag: name,
                            attributes: html::attr_map(&attrs),
                            children: Vec::new(),
                            span,
                        })
                    }
                    // Beyond the nesting cap an element is not opened; its tags
                    // stay as raw HTML and its content stays in place.
                    _ if open.len() >= MAX_HTML_NESTING => {
                        out.push(Inline::RawHtml { html: raw, span })
                    }
                    _ => open.push(Open {
                        name,
                        attrs,
                        start: span.start,
                        at: out.len(),
                    }),
                }
            }
            Token::End { name, .. } => {
                if name == "br" {
                    // Browsers read `</br>` as `<br>`.
                    out.push(Inline::LineBreak { span });
                    continue;
                }
                if let Some(pos) = open.iter().rposition(|o| o.name == name) {
                    while open.len() > pos + 1 {
                        let inner = open.pop().expect("len checked");
                        let end = out.last().map_or(inner.start, |n| n.span().end);
                        wrap(&mut out, inner, end);
                    }
                    let element = open.pop().expect("len checked");
                    wrap(&mut out, element, span.end);
                } else if !html::is_allowed_tag(&name) {
                    not_allowed(ctx, &name, &raw, span);
                    out.push(Inline::Text { text: raw, span });
                } else {
                    ctx.diagnostics.push(
                        Diagnostic::new(
                            Severity::Info,
                            codes::UNMATCHED_END_TAG,
                            format!("`</{name}>` closes nothing here; browsers ignore it"),
                            span,
                        )
                        .with_help(format!(
                            "remove it, or add the matching `<{name}>` in the same paragraph"
                        )),
                    );
                    out.push(Inline::RawHtml { html: raw, span });
                }
            }
            Token::Other { .. } | Token::Text { .. } => {
                out.push(Inline::RawHtml { html: raw, span })
            }
        }
    }
    // Unclosed elements extend to the end of their block, as in browsers.
    while let Some(element) = open.pop() {
        let end = out.last().map_or(element.start, |n| n.span().end);
        wrap(&mut out, element, end);
    }
    out
}

fn is_open_comment(token: &Token) -> bool {
    matches!(token, Token::Comment { closed: false, .. })
}

fn wrap(out: &mut Vec<Inline>, element: Open, end: usize) {
    let children: Vec<Inline> = out.drain(element.at.min(out.len())..).collect();
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
fn color_of(attrs: &[(String, String)]) -> Option<String> {
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

fn not_allowed(ctx: &mut Context<'_>, name: &str, raw: &str, span: Span) {
    let dangerous = matches!(
        name,
        "script"
            | "link"
            | "meta"
            | "base"
            | "object"
            | "embed"
            | "form"
            | "input"
            | "button"
            | "svg"
            | "math"
    );
    let (severity, help) = if dangerous {
        (
            Severity::Warning,
            "HedgeDoc will not run or load this; remove it or write it as code (`<tag>`)",
        )
    } else {
        (
            Severity::Info,
            "if you meant the text, write it as code (`<like this>`) or escape it as `&lt;`",
        )
    };
    ctx.diagnostics.push(
        Diagnostic::new(
            severity,
            codes::HTML_SHOWN_AS_TEXT,
            format!(
                "`{}` is not an HTML tag HedgeDoc allows; it shows as text",
                raw.trim()
            ),
            span,
        )
        .with_help(help),
    );
}

fn check_attributes(ctx: &mut Context<'_>, tag: &str, attrs: &[(String, String)], span: Span) {
    for (name, value) in attrs {
        let scripted = name.starts_with("on")
            || ((name == "href" || name == "src")
                && value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"));
        if scripted {
            ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::HTML_SCRIPT_ATTRIBUTE,
                    format!("`{name}` on `<{tag}>` runs script; HedgeDoc strips it"),
                    span,
                )
                .with_help(format!("remove the `{name}` attribute")),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 3. markdown-it extensions

/// pulldown-cmark reads `~a b~` as subscript; markdown-it-sub does not allow
/// unescaped spaces inside. Such nodes go back to text.
fn check_sub_sup(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for node in inlines {
        let node = map_children(node, check_sub_sup);
        let (delim, children, span) = match node {
            Inline::Subscript { children, span } if !is_plain_word(&children) => {
                ("~", children, span)
            }
            Inline::Superscript { children, span } if !is_plain_word(&children) => {
                ("^", children, span)
            }
            other => {
                out.push(other);
                continue;
            }
        };
        out.push(Inline::Text {
            text: delim.to_owned(),
            span: Span::new(span.start, (span.start + 1).min(span.end)),
        });
        out.extend(children);
        out.push(Inline::Text {
            text: delim.to_owned(),
            span: Span::new(span.end.saturating_sub(1).max(span.start), span.end),
        });
    }
    merge_texts(out)
}

fn is_plain_word(children: &[Inline]) -> bool {
    !children.is_empty()
        && children.iter().all(
            |c| matches!(c, Inline::Text { text, .. } if !text.chars().any(char::is_whitespace)),
        )
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

fn extend_text(ctx: &mut Context<'_>, inlines: Vec<Inline>, in_link: bool) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for node in inlines {
        match node {
            Inline::Text { text, span } => split_text(ctx, text, span, in_link, &mut out),
            Inline::Link { .. } => out.push(map_children(node, |c| extend_text(ctx, c, true))),
            other => out.push(map_children(other, |c| extend_text(ctx, c, in_link))),
        }
    }
    let out = pair_delimiters(ctx, out, "==");
    pair_delimiters(ctx, out, "++")
}

/// Splits one text node into text, images with sizes, sub/superscripts, emoji
/// and bare links.
fn split_text(
    ctx: &mut Context<'_>,
    text: String,
    span: Span,
    in_link: bool,
    out: &mut Vec<Inline>,
) {
    let mut last = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    let exact = is_exact(ctx, &text, span);
    let push_text = |out: &mut Vec<Inline>, a: usize, b: usize| {
        if a < b {
            out.push(Inline::Text {
                text: text[a..b].to_owned(),
                span: piece(exact, span, a, b),
            });
        }
    };
    let links: Vec<(usize, usize, bool)> = if in_link {
        Vec::new()
    } else {
        find_links(&text)
    };
    let mut next_link = 0;
    let mut image_scan = ImageScan::default();
    while i < bytes.len() {
        if let Some(&(a, b, email)) = links.get(next_link)
            && a == i
        {
            push_text(out, last, a);
            let url = if email {
                format!("mailto:{}", &text[a..b])
            } else {
                text[a..b].to_owned()
            };
            let s = piece(exact, span, a, b);
            out.push(Inline::Link {
                url,
                title: None,
                kind: LinkKind::Bare,
                children: vec![Inline::Text {
                    text: text[a..b].to_owned(),
                    span: s,
                }],
                attributes: BTreeMap::new(),
                span: s,
            });
            next_link += 1;
            i = b;
            last = b;
            continue;
        }
        let found = match bytes[i] {
            b'!' => sized_image(&text, i, &mut image_scan).map(|(image, end)| {
                (
                    Inline::Image(Image {
                        span: piece(exact, span, i, end),
                        ..image
                    }),
                    end,
                )
            }),
            b'~' | b'^' => script(&text, i).map(|(inner, end)| {
                let s = piece(exact, span, i, end);
                let children = vec![Inline::Text {
                    text: inner.to_owned(),
                    span: piece(exact, span, i + 1, end - 1),
                }];
                let node = if bytes[i] == b'~' {
                    Inline::Subscript { children, span: s }
                } else {
                    Inline::Superscript { children, span: s }
                };
                (node, end)
            }),
            b':' => emoji(&text, i).map(|(shortcode, glyph, end)| {
                (
                    Inline::Emoji {
                        shortcode: shortcode.to_owned(),
                        emoji: glyph.to_owned(),
                        span: piece(exact, span, i, end),
                    },
                    end,
                )
            }),
            _ => None,
        };
        // A sized image wins over the bare URL inside it; other constructs must
        // not swallow the start of a bare link.
        let found = found.filter(|(node, end)| {
            matches!(node, Inline::Image(_))
                || links.get(next_link).is_none_or(|&(a, _, _)| a >= *end)
        });
        if let Some((Inline::Image(_), end)) = &found {
            while links.get(next_link).is_some_and(|&(a, _, _)| a < *end) {
                next_link += 1;
            }
        }
        match found {
            Some((node, end)) => {
                push_text(out, last, i);
                out.push(node);
                i = end;
                last = end;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    push_text(out, last, bytes.len());
}

/// Bare URLs and e-mail addresses, as (start, end, is_email).
fn find_links(text: &str) -> Vec<(usize, usize, bool)> {
    if !text.contains(['.', '@']) {
        return Vec::new();
    }
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
    finder
        .links(text)
        .map(|l| (l.start(), l.end(), *l.kind() == linkify::LinkKind::Email))
        .collect()
}

/// markdown-it-imsize: `![alt](url =WxH "title")`, which pulldown-cmark leaves
/// as text. Returns the image and the end offset. `scan` carries what earlier
/// calls on the same text found (see [`ImageScan`]).
fn sized_image(text: &str, at: usize, scan: &mut ImageScan) -> Option<(Image, usize)> {
    if !text[at..].starts_with("![") {
        return None;
    }
    let alt_end = scan.close_bracket.find(text, at + 2, |c| c == ']')?;
    let tail = match &scan.tail {
        Some((end, tail)) if *end == alt_end => tail.clone(),
        _ => {
            let tail = image_tail(text, alt_end, scan);
            scan.tail = Some((alt_end, tail.clone()));
            tail
        }
    }?;
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Some((
        Image {
            url: text[tail.url.0..tail.url.1].to_owned(),
            alt: text[at + 2..alt_end].to_owned(),
            title: tail.title.map(|(a, b)| text[a..b].to_owned()),
            width: non_empty(&text[tail.width.0..tail.width.1]),
            height: non_empty(&text[tail.height.0..tail.height.1]),
            attributes: BTreeMap::new(),
            span: Span::default(),
        },
        tail.end,
    ))
}

/// What `sized_image` remembers between its calls on one text. The `!`s of a
/// text are tried left to right, and every try used to scan ahead for `]`, the
/// end of the URL, `(`/`)` in it and a `"`, to the end of the text when there
/// is none: quadratic in the number of `![` (a megabyte of `![a ` took
/// seconds). Each `![` before the same `]` has the same tail, and each URL
/// ending at the same place the same size and title, so those are kept too.
#[derive(Default)]
struct ImageScan {
    close_bracket: NextMatch,
    space: NextMatch,
    open_paren: NextMatch,
    close_paren: NextMatch,
    quote: NextMatch,
    /// The last `]` tried and the tail after it.
    tail: Option<(usize, Option<ImageTail>)>,
    /// The last URL end tried and the size and title after it.
    after_url: Option<(usize, Option<SizeTitle>)>,
}

/// The first match at or after a position, remembered: for queries whose
/// position never decreases, the scans never overlap.
#[derive(Default)]
struct NextMatch {
    /// `(from, found)`: the last scan started at `from` and found this.
    last: Option<(usize, Option<usize>)>,
}

impl NextMatch {
    fn find(&mut self, text: &str, at: usize, pred: impl Fn(char) -> bool) -> Option<usize> {
        match self.last {
            Some((from, found)) if from <= at && found.is_none_or(|f| f >= at) => found,
            _ => {
                let found = text[at..].find(pred).map(|p| at + p);
                self.last = Some((at, found));
                found
            }
        }
    }
}

/// `](url =WxH "title")` after an image's alt text, as byte ranges.
#[derive(Clone)]
struct ImageTail {
    url: (usize, usize),
    width: (usize, usize),
    height: (usize, usize),
    title: Option<(usize, usize)>,
    end: usize,
}

/// ` =WxH "title")` after an image's URL, as byte ranges.
#[derive(Clone)]
struct SizeTitle {
    width: (usize, usize),
    height: (usize, usize),
    title: Option<(usize, usize)>,
    end: usize,
}

/// The tail of a sized image whose alt text ends at `alt_end` (a `]`).
fn image_tail(text: &str, alt_end: usize, scan: &mut ImageScan) -> Option<ImageTail> {
    let rest = text[alt_end..].strip_prefix("](")?;
    let url_start = alt_end + 2 + (rest.len() - rest.trim_start().len());
    let url_end = scan.space.find(text, url_start, char::is_whitespace)?;
    let before_url_end = |found: Option<usize>| found.is_some_and(|p| p < url_end);
    let has_close = before_url_end(scan.close_paren.find(text, url_start, |c| c == ')'));
    let has_open = before_url_end(scan.open_paren.find(text, url_start, |c| c == '('));
    if url_start == url_end || has_close && !has_open {
        return None;
    }
    let after = match &scan.after_url {
        Some((end, after)) if *end == url_end => after.clone(),
        _ => {
            let after = size_and_title(text, url_end, scan);
            scan.after_url = Some((url_end, after.clone()));
            after
        }
    }?;
    Some(ImageTail {
        url: (url_start, url_end),
        width: after.width,
        height: after.height,
        title: after.title,
        end: after.end,
    })
}

/// ` =WxH "title")` at `pos`, the end of an image's URL.
fn size_and_title(text: &str, mut pos: usize, scan: &mut ImageScan) -> Option<SizeTitle> {
    let skip_space = |pos: usize| pos + (text[pos..].len() - text[pos..].trim_start().len());
    pos = skip_space(pos);
    pos += text[pos..].strip_prefix('=').map(|_| 1)?;
    let dimension = |pos: usize| {
        let len = text[pos..]
            .find(|c: char| !(c.is_ascii_digit() || c == '%'))
            .unwrap_or(text.len() - pos);
        (pos, pos + len)
    };
    let width = dimension(pos);
    pos = width.1;
    pos += text[pos..].strip_prefix('x').map(|_| 1)?;
    let height = dimension(pos);
    if width.0 == width.1 && height.0 == height.1 {
        return None;
    }
    pos = skip_space(height.1);
    let mut title = None;
    if text[pos..].starts_with('"') {
        let close = scan.quote.find(text, pos + 1, |c| c == '"')?;
        title = Some((pos + 1, close));
        pos = skip_space(close + 1);
    }
    if !text[pos..].starts_with(')') {
        return None;
    }
    Some(SizeTitle {
        width,
        height,
        title,
        end: pos + 1,
    })
}

/// markdown-it-sub/sup inside a word: `H~2~O`, `x^2^`; the content has no
/// whitespace and no delimiter.
fn script(text: &str, at: usize) -> Option<(&str, usize)> {
    let delim = text.as_bytes()[at];
    let rest = &text[at + 1..];
    let close = rest.find(delim as char)?;
    let inner = &rest[..close];
    if inner.is_empty() || inner.chars().any(char::is_whitespace) {
        return None;
    }
    Some((inner, at + 1 + close + 1))
}

/// `:shortcode:` with a known shortcode, not glued to a preceding letter or digit.
fn emoji(text: &str, at: usize) -> Option<(&str, &'static str, usize)> {
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let rest = &text[at + 1..];
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))?;
    if len == 0 || !rest[len..].starts_with(':') {
        return None;
    }
    let name = &rest[..len];
    let emoji = emojis::get_by_shortcode(name)?;
    Some((name, emoji.as_str(), at + 1 + len + 1))
}

/// Pairs `==`/`++` delimiter runs across sibling inlines (markdown-it-mark and
/// markdown-it-ins), with CommonMark's flanking rules: each opener takes the
/// first closer after it, and the next opener is looked for after that closer.
/// One pass over the runs and one over the nodes: linear in the input.
fn pair_delimiters(ctx: &Context<'_>, inlines: Vec<Inline>, delim: &str) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|n| matches!(n, Inline::Text { text, .. } if text.contains(delim)))
    {
        return inlines;
    }
    let runs = delimiter_runs(&inlines, delim);
    // (node index, byte offset, opens) of every delimiter that is paired, in
    // source order: opener, closer, opener, closer, ...
    let mut cuts = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (on, oa, can_open, _) = runs[k];
        if can_open {
            let Some(c) = runs[k + 1..].iter().position(|r| r.3).map(|p| k + 1 + p) else {
                // No closer after this opener, so none after any later one.
                break;
            };
            cuts.push((on, oa, true));
            cuts.push((runs[c].0, runs[c].1, false));
            k = c + 1;
        } else {
            k += 1;
        }
    }
    if cuts.is_empty() {
        return inlines;
    }
    let d = delim.len();
    let mut cuts = cuts.into_iter().peekable();
    let mut out = Vec::with_capacity(inlines.len());
    // The children and the opener's span of the element being built.
    let mut inside: Option<(Vec<Inline>, Span)> = None;
    for (n, node) in inlines.into_iter().enumerate() {
        let Inline::Text { text, span } = node else {
            push_to(&mut out, &mut inside, node);
            continue;
        };
        let mut last = 0;
        let exact = cuts.peek().is_some_and(|c| c.0 == n) && is_exact(ctx, &text, span);
        while let Some((_, at, opens)) = cuts.next_if(|c| c.0 == n) {
            if last < at {
                let before = Inline::Text {
                    text: text[last..at].to_owned(),
                    span: piece(exact, span, last, at),
                };
                push_to(&mut out, &mut inside, before);
            }
            let delim_span = piece(exact, span, at, at + d);
            if opens {
                inside = Some((Vec::new(), delim_span));
            } else if let Some((children, open_span)) = inside.take() {
                let span = open_span.cover(delim_span);
                out.push(if delim == "==" {
                    Inline::Mark { children, span }
                } else {
                    Inline::Inserted { children, span }
                });
            }
            last = at + d;
        }
        if last == 0 {
            push_to(&mut out, &mut inside, Inline::Text { text, span });
        } else if last < text.len() {
            let rest = Inline::Text {
                text: text[last..].to_owned(),
                span: piece(exact, span, last, text.len()),
            };
            push_to(&mut out, &mut inside, rest);
        }
    }
    out
}

/// Adds `node` to the element being built, if any, else to `out`.
fn push_to(out: &mut Vec<Inline>, inside: &mut Option<(Vec<Inline>, Span)>, node: Inline) {
    match inside {
        Some((children, _)) => children.push(node),
        None => out.push(node),
    }
}

/// Every exact two-character run of `delim` in text nodes:
/// (node index, byte offset, can open, can close).
fn delimiter_runs(inlines: &[Inline], delim: &str) -> Vec<(usize, usize, bool, bool)> {
    let c = delim.as_bytes()[0];
    let mut runs = Vec::new();
    for (n, node) in inlines.iter().enumerate() {
        let Inline::Text { text, .. } = node else {
            continue;
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != c {
                i += 1;
                continue;
            }
            let run_end = bytes[i..]
                .iter()
                .position(|b| *b != c)
                .map_or(bytes.len(), |p| i + p);
            if run_end - i == 2 {
                let prev = text[..i]
                    .chars()
                    .next_back()
                    .or_else(|| boundary_char(inlines, n, false));
                let next = text[run_end..]
                    .chars()
                    .next()
                    .or_else(|| boundary_char(inlines, n, true));
                let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let punct = |c: Option<char>| {
                    c.is_some_and(|c| {
                        c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
                    })
                };
                let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
                let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
                runs.push((n, i, left, right));
            }
            i = run_end;
        }
    }
    runs
}

/// The character next to a text node's edge: from a neighbouring text node, a
/// space at the container's edge, or punctuation for other markup.
fn boundary_char(inlines: &[Inline], n: usize, forward: bool) -> Option<char> {
    let neighbour = if forward {
        inlines.get(n + 1)
    } else {
        n.checked_sub(1).and_then(|p| inlines.get(p))
    };
    match neighbour {
        None => None,
        Some(Inline::Text { text, .. }) => {
            if forward {
                text.chars().next()
            } else {
                text.chars().next_back()
            }
        }
        Some(Inline::SoftBreak { .. } | Inline::LineBreak { .. }) => Some(' '),
        Some(_) => Some('*'),
    }
}
