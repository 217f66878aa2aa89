//! Nothing lost: for every corpus deck, the visible text of the model's slides
//! equals an independent reference, modulo whitespace.
//!
//! The reference for a slide is pulldown-cmark's own HTML rendering of the
//! slide's source (`push_html`, not decktype's tree builder), with text taken
//! out by a real HTML parser (html5ever, through scraper), skipping `<style>`.
//! Both sides are then normalised the same way: whitespace removed; the
//! delimiter characters of markdown-it extensions pulldown-cmark does not know
//! (`= + ^ ~`) removed; tag-like text `<...>` removed (HedgeDoc shows tags it does
//! not allow as text, a browser parsing pulldown's HTML hides them).
//! Emoji are compared as their `:shortcode:`; `=WxH` image sizes, which
//! pulldown-cmark does not know, are removed from the reference input.

mod common;

use decktype_model::{Block, Inline, Slide};
use decktype_parse::{Options, parse};

fn model_text(slide: &Slide) -> String {
    let mut out = String::new();
    blocks(&mut out, &slide.blocks);
    if let Some(notes) = &slide.notes {
        blocks(&mut out, &notes.blocks);
    }
    out
}

fn blocks(out: &mut String, blocks_: &[Block]) {
    for b in blocks_ {
        match b {
            Block::Heading { inlines: i, .. }
            | Block::Paragraph { inlines: i, .. }
            | Block::Html { inlines: i, .. } => inlines(out, i),
            Block::List { items, .. } => items.iter().for_each(|it| blocks(out, &it.blocks)),
            Block::CodeBlock { code, .. } => out.push_str(code),
            Block::Table { header, rows, .. } => header
                .iter()
                .chain(rows.iter().flatten())
                .for_each(|c| inlines(out, &c.inlines)),
            Block::Quote { blocks: b, .. } | Block::Element { blocks: b, .. } => blocks(out, b),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    inlines(out, &item.term);
                    item.definitions.iter().for_each(|d| blocks(out, d));
                }
            }
            Block::FootnoteDefinition {
                label, blocks: b, ..
            } => {
                out.push_str(label);
                blocks(out, b);
            }
            _ => {}
        }
        out.push('\n');
    }
}

fn inlines(out: &mut String, inlines_: &[Inline]) {
    for i in inlines_ {
        match i {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Code { code, .. } => out.push_str(code),
            Inline::Emoji { shortcode, .. } => {
                out.push(':');
                out.push_str(shortcode);
                out.push(':');
            }
            Inline::FootnoteReference { label, .. } => out.push_str(label),
            Inline::LineBreak { .. } | Inline::SoftBreak { .. } => out.push(' '),
            other => inlines(out, other.children()),
        }
    }
}

/// Removes markdown-it-imsize's ` =WxH` from `![alt](url =WxH)`.
fn strip_image_sizes(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(p) = rest.find("![") {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(close) = rest.find(')') else { break };
        let link = &rest[..=close];
        match link.rfind(" =") {
            Some(q)
                if link[q + 2..close]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == 'x' || c == '%')
                    && link[q + 2..close].contains('x') =>
            {
                out.push_str(&link[..q]);
                out.push(')');
            }
            _ => out.push_str(link),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn reference_text(markdown: &str) -> String {
    let markdown = strip_image_sizes(markdown);
    let parser = pulldown_cmark::Parser::new_ext(
        &markdown,
        pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES
            | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
            | pulldown_cmark::Options::ENABLE_TASKLISTS
            | pulldown_cmark::Options::ENABLE_DEFINITION_LIST
            | pulldown_cmark::Options::ENABLE_SUPERSCRIPT
            | pulldown_cmark::Options::ENABLE_SUBSCRIPT,
    );
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let doc = scraper::Html::parse_fragment(&html);
    let mut out = String::new();
    for node in doc.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let in_style = node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "style"));
            if !in_style {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Drop tag-like runs `<x...>` and `</x...>`.
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let tagish = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (tagish, after.find('>'), after.find('<')) {
            (true, Some(close), next) if next.is_none_or(|n| n > close) => {
                rest = &after[close + 1..]
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '=' | '+' | '^' | '~'))
        .collect()
}

fn first_difference(a: &str, b: &str) -> String {
    let pos = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let ctx = |s: &str| {
        s.chars()
            .skip(pos.saturating_sub(30))
            .take(70)
            .collect::<String>()
    };
    format!(
        "at char {pos}:\n  model:     {}\n  reference: {}",
        ctx(a),
        ctx(b)
    )
}

fn check_file(path: &std::path::Path) -> Vec<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let parsed = parse(&source, &Options::default());
    let mut failures = Vec::new();
    for slide in &parsed.deck.slides {
        let mut markdown = source[slide.span.start..slide.span.end].to_owned();
        if let Some(notes) = &slide.notes {
            // The `note:` marker itself is not content.
            let at = notes.span.start - slide.span.start;
            markdown.replace_range(at..at + 5, "\n\n");
        }
        let model = normalise(&model_text(slide));
        let reference = normalise(&reference_text(&markdown));
        if model != reference {
            failures.push(format!(
                "{} slide {}/{}: {}",
                path.display(),
                slide.h,
                slide.v,
                first_difference(&model, &reference)
            ));
        }
    }
    failures
}

fn assert_nothing_lost(files: &[std::path::PathBuf]) {
    let failures: Vec<String> = files.iter().flat_map(|f| check_file(f)).collect();
    assert!(
        failures.is_empty(),
        "{} slides differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rendered_character_reaches_the_model() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut files = common::markdown_files(&corpus.join("scs-community-call"));
    files.extend(common::markdown_files(&corpus.join("scs-tech-weekly")));
    files.push(corpus.join("seed-community-call-2023-08.md"));
    files.push(corpus.join("seed-community-call-2024-04-18.md"));
    assert!(
        files.len() >= 85,
        "expected the whole corpus, found {}",
        files.len()
    );
    assert_nothing_lost(&files);
}

#[test]
fn fixtures_lose_nothing_either() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let files: Vec<_> = common::markdown_files(&dir)
        .into_iter()
        .filter(|f| !f.to_string_lossy().contains("broken-"))
        .collect();
    assert!(files.len() >= 10);
    assert_nothing_lost(&files);
}

#[test]
fn the_check_notices_a_lost_word() {
    // The comparison itself must be able to fail.
    assert_ne!(
        normalise("Hello brave world"),
        normalise(&reference_text("Hello world"))
    );
    assert_eq!(
        normalise("Hello world"),
        normalise(&reference_text("Hello *world*"))
    );
}
