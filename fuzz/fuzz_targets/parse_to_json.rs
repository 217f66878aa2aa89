//! Fuzz target: any UTF-8 input parses without panicking, every span in the
//! result is a valid byte range of the input on char boundaries, and the JSON
//! envelope survives a write/read/write round trip byte for byte.

#![no_main]

use decktype_format::Envelope;
use decktype_model::{Block, Inline, Span};
use decktype_parse::{Options, Parsed, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse(source, &Options::default());
    check_spans(source, &parsed);

    let envelope = Envelope::new(
        Some("x.md"),
        source,
        parsed.deck.clone(),
        &parsed.diagnostics,
    );
    let line = envelope.to_json_line();
    let back = match Envelope::from_json(&line) {
        Ok(back) => back,
        Err(e) => panic!("envelope does not read back: {e}\n{line}"),
    };
    assert!(back == envelope, "envelope read back differs\n{line}");
    let again = back.to_json_line();
    assert!(
        again == line,
        "JSON not byte-identical after a round trip\n{line}\n{again}"
    );
});

fn check_spans(source: &str, parsed: &Parsed) {
    let ok = |what: &str, span: Span| {
        assert!(
            span.start <= span.end
                && span.end <= source.len()
                && source.is_char_boundary(span.start)
                && source.is_char_boundary(span.end),
            "{what}: bad span {span:?} (source is {} bytes)",
            source.len()
        );
    };
    let deck = &parsed.deck;
    if let Some(fm) = &deck.front_matter {
        ok("front matter", fm.span);
    }
    for style in &deck.styles {
        ok("style", style.span);
    }
    for slide in &deck.slides {
        ok("slide", slide.span);
        if let Some(sep) = &slide.separator {
            ok("separator", sep.span);
        }
        if let Some(notes) = &slide.notes {
            ok("notes", notes.span);
            blocks(&ok, &notes.blocks);
        }
        blocks(&ok, &slide.blocks);
    }
    for d in &parsed.diagnostics {
        ok(&d.code, d.span);
        for label in &d.labels {
            ok(&d.code, label.span);
        }
    }
}

fn blocks(ok: &impl Fn(&str, Span), list: &[Block]) {
    for block in list {
        ok("block", block.span());
        match block {
            Block::Heading { inlines: i, .. }
            | Block::Paragraph { inlines: i, .. }
            | Block::Html { inlines: i, .. } => inlines(ok, i),
            Block::Image(image) => ok("image block", image.span),
            Block::List { items, .. } => {
                for item in items {
                    ok("list item", item.span);
                    blocks(ok, &item.blocks);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    ok("table cell", cell.span);
                    inlines(ok, &cell.inlines);
                }
            }
            Block::Quote { blocks: b, .. } | Block::FootnoteDefinition { blocks: b, .. } => {
                blocks(ok, b)
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    ok("definition item", item.span);
                    inlines(ok, &item.term);
                    for definition in &item.definitions {
                        blocks(ok, definition);
                    }
                }
            }
            _ => {}
        }
    }
}

fn inlines(ok: &impl Fn(&str, Span), list: &[Inline]) {
    for inline in list {
        ok("inline", inline.span());
        if let Inline::Image(image) = inline {
            ok("inline image", image.span);
        }
        inlines(ok, inline.children());
    }
}
