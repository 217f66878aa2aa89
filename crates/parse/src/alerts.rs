//! HedgeDoc's `:::` boxes (markdown-it-container, as HedgeDoc 1.x registers
//! it): `:::success`, `:::info`, `:::warning` and `:::danger` become
//! `<div class="alert alert-NAME" role="alert">`, `:::spoiler Title` a
//! `<details>` with `<summary>Title</summary>`. Other names are no box:
//! their lines stay text, as in HedgeDoc.
//!
//! As the plugin reads them: an opening line of three or more `:` (indented
//! less than four spaces) and a name; the box ends at the first later line
//! of at least as many `:` and nothing else but spaces (that search is blind
//! to code fences inside, as the plugin's is), or at the end of the slide.
//! The content is parsed like the slide, so boxes nest (`::::info` around a
//! `:::warning`). Only boxes at the top of a slide (not inside a list or a
//! quote) are read; markdown-it lets a box interrupt a paragraph there, and
//! so does this.

use std::collections::BTreeMap;

use decktype_model::{Block, Inline, Span};

use crate::{Context, markdown};

/// The box names HedgeDoc registers.
const ALERTS: &[&str] = &["success", "info", "warning", "danger"];

/// How deep boxes may nest; deeper opening lines stay text.
const MAX_DEPTH: usize = 4;

/// Parses `range` of the source as blocks, with HedgeDoc's `:::` boxes.
pub(crate) fn parse_blocks(ctx: &mut Context<'_>, range: Span) -> Vec<Block> {
    parse_at(ctx, range, 0)
}

fn parse_at(ctx: &mut Context<'_>, range: Span, depth: usize) -> Vec<Block> {
    let Some(open) = (depth < MAX_DEPTH)
        .then(|| find_open(ctx.src, range))
        .flatten()
    else {
        return markdown::parse_blocks(ctx, range);
    };
    let mut blocks = if open.line.start > range.start {
        markdown::parse_blocks(ctx, Span::new(range.start, open.line.start))
    } else {
        Vec::new()
    };
    let (inner, close_end) = match find_close(ctx.src, open.line.end, range.end, open.markers) {
        Some(close) => (Span::new(open.line.end, close.start), close.end),
        None => (Span::new(open.line.end, range.end), range.end),
    };
    let content = parse_at(ctx, inner, depth + 1);
    let span = Span::new(open.line.start, close_end);
    blocks.push(element(ctx.src, &open, content, span));
    if close_end < range.end {
        blocks.extend(parse_at(ctx, Span::new(close_end, range.end), depth));
    }
    blocks
}

/// An opening line.
struct Open {
    /// The line, without its line end.
    line: Span,
    markers: usize,
    name: &'static str,
    /// What follows the name (a spoiler's title).
    params: String,
    /// Where the params start.
    params_at: usize,
}

/// The box for an opening line.
fn element(src: &str, open: &Open, mut content: Vec<Block>, span: Span) -> Block {
    if open.name == "spoiler" {
        // `<details><summary>Title</summary>` (an empty title reads
        // "spoiler", as HedgeDoc writes it).
        let title = if open.params.is_empty() {
            "spoiler".to_owned()
        } else {
            open.params.clone()
        };
        let title_span = Span::new(open.params_at, open.line.end);
        let summary = Inline::Html {
            tag: "summary".to_owned(),
            attributes: BTreeMap::new(),
            color: None,
            children: vec![Inline::Text {
                text: title,
                span: title_span,
            }],
            span: open.line,
        };
        content.insert(
            0,
            Block::Html {
                html: src[open.line.start..open.line.end].to_owned(),
                inlines: vec![summary],
                span: open.line,
            },
        );
        return Block::Element {
            tag: "details".to_owned(),
            attributes: BTreeMap::new(),
            color: None,
            blocks: content,
            span,
        };
    }
    let attributes = BTreeMap::from([
        ("class".to_owned(), format!("alert alert-{}", open.name)),
        ("role".to_owned(), "alert".to_owned()),
    ]);
    Block::Element {
        tag: "div".to_owned(),
        attributes,
        color: None,
        blocks: content,
        span,
    }
}

/// Lines of `range` with their spans (without line ends).
fn lines(src: &str, range: Span) -> impl Iterator<Item = (Span, Span)> + '_ {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let rest = &src[at..range.end];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let full = Span::new(at, at + len);
        let text = rest[..len].trim_end_matches(['\n', '\r']);
        at += len;
        Some((Span::new(full.start, full.start + text.len()), full))
    })
}

/// Leading spaces (a tab counts four) and the rest of a line.
fn indent(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return (width, &line[i..]),
        }
    }
    (width, "")
}

/// The first opening line in `range` at the top level: outside fenced code,
/// indented less than four spaces.
fn find_open(src: &str, range: Span) -> Option<Open> {
    let mut fence: Option<(char, usize)> = None;
    let mut blank_before = true;
    let mut in_indented_code = false;
    for (line, _) in lines(src, range) {
        let text = &src[line.start..line.end];
        let (width, rest) = indent(text);
        // Fenced code: nothing inside is a box.
        if let Some((ch, n)) = fence {
            let run = rest.chars().take_while(|c| *c == ch).count();
            if width < 4 && run >= n && rest[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        let is_blank = rest.is_empty();
        if width >= 4 && (blank_before || in_indented_code) && !is_blank {
            in_indented_code = true;
            blank_before = false;
            continue;
        }
        if !is_blank {
            in_indented_code = false;
        }
        for ch in ['`', '~'] {
            let run = rest.chars().take_while(|c| *c == ch).count();
            if run >= 3 && !(ch == '`' && rest[run..].contains('`')) {
                fence = Some((ch, run));
            }
        }
        if fence.is_some() {
            continue;
        }
        if width < 4 {
            let markers = rest.chars().take_while(|c| *c == ':').count();
            if markers >= 3 {
                let after = &rest[markers..];
                let params = after.trim();
                let word = params.split(' ').next().unwrap_or("");
                let name = ALERTS
                    .iter()
                    .chain(&["spoiler"])
                    .copied()
                    .find(|n| *n == word);
                if let Some(name) = name {
                    let lead = text.len() - rest.len();
                    let after_ws = after.len() - after.trim_start().len();
                    let title = &after.trim_start()[word.len()..];
                    let title_ws = title.len() - title.trim_start().len();
                    let params_at = line.start + lead + markers + after_ws + word.len() + title_ws;
                    return Some(Open {
                        line,
                        markers,
                        name,
                        params: title.trim().to_owned(),
                        params_at: params_at.min(line.end),
                    });
                }
            }
        }
        blank_before = is_blank;
    }
    None
}

/// The closing line after `from`: at least `markers` colons and nothing else
/// but spaces, indented less than four. Its span includes its line end.
fn find_close(src: &str, from: usize, end: usize, markers: usize) -> Option<Span> {
    let start = src[from..end].find('\n').map_or(end, |i| from + i + 1);
    lines(src, Span::new(start.min(end), end)).find_map(|(line, full)| {
        let (width, rest) = indent(&src[line.start..line.end]);
        let run = rest.chars().take_while(|c| *c == ':').count();
        (width < 4 && run >= markers && rest[run..].trim().is_empty()).then_some(full)
    })
}

#[cfg(test)]
mod tests {
    use decktype_model::Block;

    use crate::{Options, parse};

    fn blocks(md: &str) -> Vec<Block> {
        let src = format!("---\ntype: slide\n---\n\n{md}");
        parse(&src, &Options::default())
            .deck
            .slides
            .remove(0)
            .blocks
    }

    fn outline(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(|b| match b {
                Block::Element {
                    tag,
                    attributes,
                    blocks,
                    ..
                } => format!(
                    "{tag}[{}]({})",
                    attributes.get("class").map_or("", String::as_str),
                    outline(blocks)
                ),
                Block::Paragraph { .. } => "p".to_owned(),
                Block::Heading { .. } => "h".to_owned(),
                Block::Html { .. } => "html".to_owned(),
                Block::CodeBlock { .. } => "code".to_owned(),
                Block::List { .. } => "list".to_owned(),
                _ => "other".to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn alert_boxes() {
        assert_eq!(
            outline(&blocks("## T\n:::info\n**Note:** text\n:::\n\n- a\n")),
            "h div[alert alert-info](p) list"
        );
        assert_eq!(
            outline(&blocks("intro\n:::danger\nstop\n:::\nafter\n")),
            "p div[alert alert-danger](p) p"
        );
        // Nested by marker count; unclosed runs to the end of the slide.
        assert_eq!(
            outline(&blocks(
                "::::warning\n:::success\nok\n:::\nstill warning\n::::\n"
            )),
            "div[alert alert-warning](div[alert alert-success](p) p)"
        );
        assert_eq!(
            outline(&blocks(":::info\nopen to the end\n")),
            "div[alert alert-info](p)"
        );
    }

    #[test]
    fn spoilers_and_other_names() {
        let b = blocks(":::spoiler Click to show\nhidden\n:::\n");
        assert_eq!(outline(&b), "details[](html p)");
        let Block::Element { blocks: inside, .. } = &b[0] else {
            panic!()
        };
        assert_eq!(
            decktype_model::text::blocks(&inside[..1]).trim(),
            "Click to show"
        );
        // Unknown names and code are no boxes.
        assert!(!outline(&blocks(":::note\ntext\n:::\n")).contains("div"));
        assert_eq!(outline(&blocks("```\n:::info\n```\n")), "code");
    }
}
