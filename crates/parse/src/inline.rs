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

/// The span of `text[a..b]` for a text node: exact when the node's source is
/// its text, else the node's whole span.
fn piece(ctx: &Context<'_>, text: &str, span: Span, a: usize, b: usize) -> Span {
    if span.text(ctx.src) == Some(text) {
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
    let push_text = |out: &mut Vec<Inline>, a: usize, b: usize| {
        if a < b {
            out.push(Inline::Text {
                text: text[a..b].to_owned(),
                span: piece(ctx, &text, span, a, b),
            });
        }
    };
    let links: Vec<(usize, usize, bool)> = if in_link {
        Vec::new()
    } else {
        find_links(&text)
    };
    let mut next_link = 0;
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
            let s = piece(ctx, &text, span, a, b);
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
            b'!' => sized_image(&text, i).map(|(image, end)| {
                (
                    Inline::Image(Image {
                        span: piece(ctx, &text, span, i, end),
                        ..image
                    }),
                    end,
                )
            }),
            b'~' | b'^' => script(&text, i).map(|(inner, end)| {
                let s = piece(ctx, &text, span, i, end);
                let children = vec![Inline::Text {
                    text: inner.to_owned(),
                    span: piece(ctx, &text, span, i + 1, end - 1),
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
                        span: piece(ctx, &text, span, i, end),
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
/// as text. Returns the image and the end offset.
fn sized_image(text: &str, at: usize) -> Option<(Image, usize)> {
    let rest = text[at..].strip_prefix("![")?;
    let alt_end = rest.find(']')?;
    let alt = &rest[..alt_end];
    let rest = rest[alt_end..].strip_prefix("](")?;
    let mut pos = at + 2 + alt_end + 2;
    let rest_trim = rest.trim_start();
    pos += rest.len() - rest_trim.len();
    let url_len = rest_trim.find(char::is_whitespace)?;
    let url = &rest_trim[..url_len];
    if url.is_empty() || url.contains(')') && !url.contains('(') {
        return None;
    }
    pos += url_len;
    let after = &text[pos..];
    let after_trim = after.trim_start();
    pos += after.len() - after_trim.len();
    let size = after_trim.strip_prefix('=')?;
    let width_len = size
        .find(|c: char| !(c.is_ascii_digit() || c == '%'))
        .unwrap_or(size.len());
    let width = &size[..width_len];
    let size = size[width_len..].strip_prefix('x')?;
    let height_len = size
        .find(|c: char| !(c.is_ascii_digit() || c == '%'))
        .unwrap_or(size.len());
    let height = &size[..height_len];
    if width.is_empty() && height.is_empty() {
        return None;
    }
    pos += 1 + width_len + 1 + height_len;
    let tail = &text[pos..];
    let tail_trim = tail.trim_start();
    pos += tail.len() - tail_trim.len();
    let mut title = None;
    if let Some(q) = tail_trim.strip_prefix('"') {
        let close = q.find('"')?;
        title = Some(q[..close].to_owned());
        pos += close + 2;
        let t = &text[pos..];
        pos += t.len() - t.trim_start().len();
    }
    if !text[pos..].starts_with(')') {
        return None;
    }
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Some((
        Image {
            url: url.to_owned(),
            alt: alt.to_owned(),
            title,
            width: non_empty(width),
            height: non_empty(height),
            attributes: BTreeMap::new(),
            span: Span::default(),
        },
        pos + 1,
    ))
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
/// first closer after it. Iterative, so any number of pairs is fine.
fn pair_delimiters(ctx: &Context<'_>, inlines: Vec<Inline>, delim: &str) -> Vec<Inline> {
    let mut done = Vec::new();
    let mut rest = inlines;
    loop {
        if !rest
            .iter()
            .any(|n| matches!(n, Inline::Text { text, .. } if text.contains(delim)))
        {
            done.extend(rest);
            return done;
        }
        let candidates = delimiter_runs(&rest, delim);
        let pair = candidates
            .iter()
            .enumerate()
            .find_map(|(oi, &(on, oa, can_open, _))| {
                if !can_open {
                    return None;
                }
                candidates[oi + 1..]
                    .iter()
                    .find(|&&(_, _, _, can_close)| can_close)
                    .map(|&(cn, ca, _, _)| (on, oa, cn, ca))
            });
        let Some((on, oa, cn, ca)) = pair else {
            done.extend(rest);
            return done;
        };
        let mut inside = Vec::new();
        let mut after = Vec::new();
        let mut open_span = Span::default();
        let mut close_span = Span::default();
        for (n, node) in rest.into_iter().enumerate() {
            if n < on {
                done.push(node);
            } else if n > cn {
                after.push(node);
            } else if let Inline::Text { text, span } = node {
                let push = |dest: &mut Vec<Inline>, a: usize, b: usize| {
                    if a < b {
                        dest.push(Inline::Text {
                            text: text[a..b].to_owned(),
                            span: piece(ctx, &text, span, a, b),
                        });
                    }
                };
                let len = text.len();
                let d = delim.len();
                if n == on {
                    push(&mut done, 0, oa);
                    open_span = piece(ctx, &text, span, oa, oa + d);
                }
                if n == on && n == cn {
                    push(&mut inside, oa + d, ca);
                } else if n == on {
                    push(&mut inside, oa + d, len);
                } else if n == cn {
                    push(&mut inside, 0, ca);
                } else {
                    inside.push(Inline::Text {
                        text: text.clone(),
                        span,
                    });
                }
                if n == cn {
                    push(&mut after, ca + d, len);
                    close_span = piece(ctx, &text, span, ca, ca + d);
                }
            } else {
                inside.push(node);
            }
        }
        let span = open_span.cover(close_span);
        done.push(if delim == "==" {
            Inline::Mark {
                children: inside,
                span,
            }
        } else {
            Inline::Inserted {
                children: inside,
                span,
            }
        });
        rest = after;
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
