//! One slide: notes, blocks, attributes from comments, title, background; and
//! the diagnostics about separators.

use std::collections::BTreeMap;

use decktype_model::{Background, Block, Diagnostic, Inline, Notes, Severity, Slide, Span};

use crate::attrs::{self, AttrComment};
use crate::split::{self, RawSlide, SeparatorMatch};
use crate::{Context, alerts, codes, containers, title};

/// Builds slide `index` from its raw range.
pub(crate) fn build(ctx: &mut Context<'_>, index: usize, raw: RawSlide) -> Slide {
    let content = &ctx.src[raw.span.start..raw.span.end];
    let (main, notes_span) = match split::find_notes(content) {
        Ok(Some(at)) => {
            let marker = raw.span.start + at;
            (
                Span::new(raw.span.start, marker),
                Some(Span::new(marker, raw.span.end)),
            )
        }
        Ok(None) => (raw.span, None),
        Err(markers) => {
            let mut d = Diagnostic::new(
                Severity::Warning,
                codes::NOTES_AMBIGUOUS,
                format!(
                    "this slide has {} lines starting with `note:`; HedgeDoc shows no speaker notes unless there is exactly one",
                    markers.len()
                ),
                Span::new(raw.span.start + markers[0], raw.span.start + markers[0] + 5),
            )
            .with_help("keep one `Note:` line and put all notes below it");
            for m in &markers[1..] {
                d = d.with_label(
                    Span::new(raw.span.start + m, raw.span.start + m + 5),
                    "another `note:` line",
                );
            }
            ctx.diagnostics.push(d);
            (raw.span, None)
        }
    };
    ignored_note_lines(ctx, main);
    let blocks = alerts::parse_blocks(ctx, main);
    let mut blocks = containers::nest(ctx, blocks);
    let notes = notes_span.map(|span| {
        // reveal.js renders `notesMatch[1].trim()`.
        let body = Span::new(span.start + 5, span.end);
        let text = &ctx.src[body.start..body.end];
        let trimmed = text.trim_matches(is_js_space);
        let lead = text.len() - text.trim_start_matches(is_js_space).len();
        let inner = Span::new(body.start + lead, body.start + lead + trimmed.len());
        Notes {
            span,
            markdown: trimmed.to_owned(),
            blocks: {
                let blocks = alerts::parse_blocks(ctx, inner);
                containers::nest(ctx, blocks)
            },
        }
    });
    let mut attributes = BTreeMap::new();
    apply_slide_comments(ctx, &mut blocks, &mut attributes);
    let background = background(&attributes);
    let (title, level) = title::first_heading(ctx.src, &blocks)
        .map(|(title, level)| (Some(title), Some(level)))
        .unwrap_or((None, None));
    Slide {
        index,
        h: raw.h,
        v: raw.v,
        span: raw.span,
        separator: raw.separator,
        title,
        level,
        attributes,
        background,
        notes,
        blocks,
    }
}

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `Notes:` or an indented `Note:` look like notes but are plain text.
fn ignored_note_lines(ctx: &mut Context<'_>, range: Span) {
    let text = &ctx.src[range.start..range.end];
    let mut offset = range.start;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let lower: String = trimmed
            .chars()
            .take(6)
            .collect::<String>()
            .to_ascii_lowercase();
        let (hit, why) = if lower.starts_with("notes:") {
            (
                true,
                "`Notes:` is not a notes marker; HedgeDoc only knows `Note:`",
            )
        } else if indent > 0 && lower.starts_with("note:") {
            (
                true,
                "an indented `Note:` is not a notes marker; it must start the line",
            )
        } else {
            (false, "")
        };
        if hit {
            ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    codes::NOTES_IGNORED,
                    format!("{why}, so this shows on the slide"),
                    Span::new(offset + indent, offset + indent + 5),
                )
                .with_help("write `Note:` at the start of the line to make speaker notes"),
            );
        }
        offset += line.len();
    }
}

/// reveal.js: `data-background` is an image when it looks like a URL or an
/// image file, otherwise a CSS background (a colour).
fn background(attributes: &BTreeMap<String, String>) -> Option<Background> {
    let get = |k: &str| attributes.get(k).cloned();
    let mut bg = Background {
        image: get("data-background-image"),
        color: get("data-background-color"),
        size: get("data-background-size"),
        position: get("data-background-position"),
        repeat: get("data-background-repeat"),
        opacity: get("data-background-opacity"),
        video: get("data-background-video"),
        iframe: get("data-background-iframe"),
    };
    if let Some(value) = attributes.get("data-background") {
        let lower = value.to_ascii_lowercase();
        let is_image =
            lower.starts_with("http") || lower.starts_with("file") || lower.starts_with("//") || {
                [".svg", ".png", ".jpg", ".jpeg", ".gif", ".bmp"]
                    .iter()
                    .any(|ext| {
                        lower.match_indices(ext).any(|(i, _)| {
                            matches!(
                                lower.as_bytes().get(i + ext.len()),
                                None | Some(b'?' | b'#' | b' ' | b'\t' | b'\n')
                            )
                        })
                    })
            };
        if is_image {
            bg.image.get_or_insert_with(|| value.clone());
        } else {
            bg.color.get_or_insert_with(|| value.clone());
        }
    }
    (bg != Background::default()).then_some(bg)
}

/// Applies `.slide:` comments to the slide and `.element:` comments as
/// reveal.js's markdown plugin does: to the element before the comment among
/// its siblings (text does not count), else to the element holding it; at
/// the top of a slide, that is the slide itself.
fn apply_slide_comments(
    ctx: &mut Context<'_>,
    blocks: &mut [Block],
    slide: &mut BTreeMap<String, String>,
) {
    let mut on_section = BTreeMap::new();
    apply_attribute_comments(ctx, blocks, slide, &mut on_section, false);
    if on_section.is_empty() {
        return;
    }
    let span = blocks.first().map(Block::span).unwrap_or_default();
    for (name, value) in on_section {
        keep_slide_attribute(ctx, slide, name, value, span);
    }
}

/// A `.slide:` attribute (or an `.element` one that lands on the slide), as
/// HedgeDoc keeps it.
fn keep_slide_attribute(
    ctx: &mut Context<'_>,
    slide: &mut BTreeMap<String, String>,
    name: String,
    value: String,
    span: Span,
) {
    if attrs::is_kept_attribute(&name) {
        slide.insert(name, value);
    } else {
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::SLIDE_ATTRIBUTE_DROPPED,
                format!("slide attribute `{name}` is dropped by HedgeDoc"),
                span,
            )
            .with_help("HedgeDoc keeps only `data-*`, `id`, `class` and `style` on slides"),
        );
    }
}

/// [`apply_slide_comments`] for one list of sibling blocks inside an element
/// whose attributes are `parent`. In a tight list item (`tight`) the text is
/// no paragraph of its own: what its comments give the paragraph goes to the
/// item, as reveal.js sees an `<li>` with text.
fn apply_attribute_comments(
    ctx: &mut Context<'_>,
    blocks: &mut [Block],
    slide: &mut BTreeMap<String, String>,
    parent: &mut BTreeMap<String, String>,
    tight: bool,
) {
    for i in 0..blocks.len() {
        let (before, rest) = blocks.split_at_mut(i);
        let block = &mut rest[0];
        let for_previous = match block {
            Block::Heading {
                inlines,
                attributes,
                ..
            } => {
                attributes.extend(walk_inlines(ctx, inlines, slide));
                BTreeMap::new()
            }
            Block::Paragraph {
                inlines,
                attributes,
                ..
            } => {
                let found = walk_inlines(ctx, inlines, slide);
                if tight {
                    parent.extend(found);
                } else {
                    attributes.extend(found);
                }
                BTreeMap::new()
            }
            // A raw HTML block is no element: its comments go to the element
            // before it.
            Block::Html { inlines, .. } => walk_inlines(ctx, inlines, slide),
            Block::List { items, tight, .. } => {
                for item in items.iter_mut() {
                    apply_attribute_comments(
                        ctx,
                        &mut item.blocks,
                        slide,
                        &mut item.attributes,
                        *tight,
                    );
                }
                BTreeMap::new()
            }
            Block::Quote {
                blocks, attributes, ..
            }
            | Block::FootnoteDefinition {
                blocks, attributes, ..
            }
            | Block::Element {
                blocks, attributes, ..
            } => {
                apply_attribute_comments(ctx, blocks, slide, attributes, false);
                BTreeMap::new()
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    let found = walk_inlines(ctx, &mut cell.inlines, slide);
                    cell.attributes.extend(found);
                }
                BTreeMap::new()
            }
            Block::DefinitionList { items, .. } => {
                for item in items.iter_mut() {
                    let found = walk_inlines(ctx, &mut item.term, slide);
                    item.attributes.extend(found);
                    for d in item.definitions.iter_mut() {
                        // A `<dd>` has no attributes in the model.
                        let mut on_definition = BTreeMap::new();
                        apply_attribute_comments(ctx, d, slide, &mut on_definition, false);
                        let at = d.first().map_or(item.span, Block::span);
                        unused_element_attributes(ctx, &on_definition, at);
                    }
                }
                BTreeMap::new()
            }
            Block::CodeBlock { .. } | Block::Rule { .. } | Block::Image(_) => BTreeMap::new(),
            #[allow(unreachable_patterns)]
            _ => BTreeMap::new(),
        };
        if !for_previous.is_empty() {
            match previous_element(before) {
                Some(target) => target.extend(for_previous),
                None => parent.extend(for_previous),
            }
        }
    }
}

/// The attributes of the last element among `before`: the last block that
/// is an element, or the last element inside a raw HTML block. An image
/// block is a paragraph holding one image: the comment after it goes to the
/// paragraph (`<p>`), as in the browser, so it becomes one.
fn previous_element(before: &mut [Block]) -> Option<&mut BTreeMap<String, String>> {
    if let Some(last) = before
        .iter()
        .rposition(|b| !matches!(b, Block::Html { .. }))
    {
        let is_target = before[last + 1..].iter().all(|b| match b {
            Block::Html { inlines, .. } => !inlines.iter().any(|i| {
                matches!(
                    i,
                    Inline::Image(_) | Inline::Link { .. } | Inline::Html { .. }
                )
            }),
            _ => false,
        });
        if is_target && let Block::Image(image) = &before[last] {
            before[last] = Block::Paragraph {
                inlines: vec![Inline::Image(image.clone())],
                attributes: BTreeMap::new(),
                span: image.span,
            };
        }
    }
    for block in before.iter_mut().rev() {
        if let Block::Html { inlines, .. } = block {
            let last = inlines.iter_mut().rev().find_map(|i| match i {
                Inline::Image(image) => Some(&mut image.attributes),
                Inline::Link { attributes, .. } | Inline::Html { attributes, .. } => {
                    Some(attributes)
                }
                _ => None,
            });
            match last {
                Some(attributes) => return Some(attributes),
                None => continue,
            }
        }
        return block.attributes_mut();
    }
    None
}

/// Walks inlines: records `.slide:` attributes, attaches `.element:` attributes
/// to the preceding element sibling (code, emphasis, a link, an image, an
/// HTML element ...: text and line breaks do not count, as in reveal.js), and
/// returns those meant for the element holding them.
fn walk_inlines(
    ctx: &mut Context<'_>,
    inlines: &mut [Inline],
    slide: &mut BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut for_container = BTreeMap::new();
    // The last element sibling so far, which an `.element` comment applies
    // to. Tracked rather than searched for: a search back from every comment
    // was quadratic in the number of comments.
    let mut last_element = None;
    for i in 0..inlines.len() {
        let (before, rest) = inlines.split_at_mut(i);
        let node = &mut rest[0];
        match node {
            Inline::Comment { text, span } => match attrs::parse_comment(text) {
                Some(AttrComment::Slide(pairs)) => {
                    for (name, value) in pairs {
                        keep_slide_attribute(ctx, slide, name, value, *span);
                    }
                }
                Some(AttrComment::Element(pairs)) => {
                    match last_element.and_then(|t: usize| before[t].attributes_mut()) {
                        Some(target) => target.extend(pairs),
                        None => for_container.extend(pairs),
                    }
                }
                None => {}
            },
            other => {
                // `.element` comments inside an element with no element
                // before them apply to it.
                if let Some(children) = other.children_mut() {
                    let found = walk_inlines(ctx, children, slide);
                    match other.attributes_mut() {
                        Some(attributes) => attributes.extend(found),
                        None => for_container.extend(found),
                    }
                }
            }
        }
        if inlines[i].attributes().is_some() {
            last_element = Some(i);
        }
    }
    for_container
}

fn unused_element_attributes(ctx: &mut Context<'_>, found: &BTreeMap<String, String>, span: Span) {
    if found.is_empty() {
        return;
    }
    ctx.diagnostics.push(
        Diagnostic::new(
            Severity::Info,
            codes::ELEMENT_ATTRIBUTES_UNUSED,
            "`.element` attributes at the start of a definition go to its `<dd>`, and decktype keeps no attributes for a definition",
            span,
        )
        .with_help("put the comment after the definition's text: its paragraph gets them"),
    );
}

/// Diagnostics about separators: lines that look like one but do not split,
/// splits inside code fences or comments, and splits without blank lines.
pub(crate) fn separator_diagnostics(
    ctx: &mut Context<'_>,
    base: usize,
    matches: &[SeparatorMatch],
) {
    let src = ctx.src;
    let like: Vec<_> = split::separator_like_lines(src, base, matches)
        .into_iter()
        .collect();
    // A dash line inside a code fence or an HTML comment is content, not a
    // separator someone meant: no DT004 for it.
    let inside = split::code_and_comment_state(&src[base..], like.iter().map(|l| l.start - base));
    for (i, line) in like.into_iter().enumerate() {
        if inside.get(i).copied().flatten().is_some() {
            continue;
        }
        let sep = split::separator_line(src, line);
        let (trimmed, before_blank) = (sep.dashes, sep.blank_before);
        let why = if sep.spaced {
            "it has spaces around the dashes"
        } else if !before_blank {
            "the line before it is not empty"
        } else if sep.at_eof {
            "it is the last line and has no line end after it"
        } else if !sep.blank_after {
            "the line after it is not empty"
        } else {
            "it is not a separator for HedgeDoc"
        };
        let renders = if !before_blank && trimmed == "---" {
            "HedgeDoc renders it as a heading underline (the line above becomes a heading)"
        } else {
            "HedgeDoc renders it as a horizontal rule"
        };
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::SEPARATOR_NOT_SPLIT,
                format!("`{trimmed}` looks like a slide separator but does not split the slide: {why}"),
                line,
            )
            .with_help(format!(
                "{renders}; to split here, put `{trimmed}` alone on its line with an empty line before and after it"
            )),
        );
    }
    let states =
        split::code_and_comment_state(&src[base..], matches.iter().map(|m| m.line.start - base));
    for (m, state) in matches.iter().zip(states) {
        if let Some(inside) = state {
            ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::SEPARATOR_IN_CODE_OR_COMMENT,
                    format!("this separator is inside {inside}, but HedgeDoc splits the slide here anyway"),
                    m.line,
                )
                .with_help(match inside {
                    "a fenced code block" => "the code block is cut in two; indent the line or change it (e.g. `- - -`) to keep it inside the code",
                    _ => "the comment now ends on the next slide and what it hid becomes visible; remove the empty lines around the dashes or close the comment before them",
                }),
            );
        }
        if !m.blank_around {
            ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::SEPARATOR_WITHOUT_BLANK_LINES,
                    "HedgeDoc splits the slide here although there is no empty line around the separator (a `\\r` line end quirk)",
                    m.line,
                )
                .with_help("use `\\n` or `\\r\\n` line ends and put empty lines around separators"),
            );
        }
    }
}
