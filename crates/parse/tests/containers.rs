//! Issue 16, points 1 and 2: raw HTML that wraps Markdown becomes an element
//! holding blocks (as the browser nests what markdown-it writes), and
//! `<!-- .element: ... -->` reaches every kind of element, as reveal.js's
//! markdown plugin applies it. The fixtures are `fixtures/html-containers.md`
//! and `fixtures/element-attributes.md`; the markdown-it + reveal.js oracle
//! (`crates/export-html/tests/oracle.rs`) checks the same decks independently.

use std::collections::BTreeMap;
use std::path::Path;

use decktype_model::{Block, Deck, Inline};
use decktype_parse::{Options, parse};

fn fixture(name: &str) -> (Deck, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    let src = std::fs::read_to_string(&path).unwrap();
    let parsed = parse(&src, &Options::default());
    let codes = parsed.diagnostics.iter().map(|d| d.code.clone()).collect();
    (parsed.deck, codes)
}

fn parse_str(src: &str) -> (Vec<Block>, Vec<String>) {
    let src = format!("---\ntype: slide\n---\n\n{src}");
    let parsed = parse(&src, &Options::default());
    let codes = parsed.diagnostics.iter().map(|d| d.code.clone()).collect();
    (parsed.deck.slides[0].blocks.clone(), codes)
}

/// A short outline of blocks: `type[tag](child, child)`, HTML blocks of
/// comments only left out.
fn outline(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter(|b| {
            !matches!(b, Block::Html { inlines, .. }
                if inlines.iter().all(|i| matches!(i, Inline::Comment { .. })))
        })
        .map(|b| match b {
            Block::Element { tag, blocks, .. } => format!("{tag}({})", outline(blocks)),
            Block::Heading { level, .. } => format!("h{level}"),
            Block::Paragraph { .. } => "p".to_owned(),
            Block::List { items, .. } => format!(
                "list({})",
                items
                    .iter()
                    .map(|i| outline(&i.blocks))
                    .collect::<Vec<_>>()
                    .join(";")
            ),
            Block::Quote { blocks, .. } => format!("quote({})", outline(blocks)),
            Block::Html { .. } => "html".to_owned(),
            Block::CodeBlock { .. } => "code".to_owned(),
            Block::Table { .. } => "table".to_owned(),
            Block::Image(_) => "image".to_owned(),
            Block::Rule { .. } => "hr".to_owned(),
            Block::DefinitionList { .. } => "dl".to_owned(),
            _ => "other".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn html_elements_hold_the_markdown_between_their_tags() {
    let (deck, codes) = fixture("html-containers.md");
    let outlines: Vec<String> = deck.slides.iter().map(|s| outline(&s.blocks)).collect();
    assert_eq!(
        outlines,
        [
            "h1 div(p)",
            "h2 div(div(h3 list(p;p)) div(h3 list(p;p)))",
            "h2 div(p) div(p)",
            "h2 div(p)",
            "h2(p) p",
            "h2 div(p) details(html p)",
            "h2 section(p quote(p))",
        ]
    );
    // Balanced tags are not flagged; the one element never closed is.
    assert!(!codes.iter().any(|c| c == "DT014"), "{codes:?}");
    assert_eq!(codes.iter().filter(|c| *c == "DT021").count(), 1);
    // The `<summary>` is not a title.
    assert_eq!(deck.slides[5].title.as_deref(), Some("Bare elements"));
    // The HTML heading holding Markdown is the slide's title.
    assert_eq!(
        deck.slides[4].title.as_deref(),
        Some("Markdown inside an HTML heading")
    );
    // The element keeps its attributes and colour.
    let Block::Element {
        attributes, color, ..
    } = &deck.slides[0].blocks[1]
    else {
        panic!("not an element: {:?}", deck.slides[0].blocks[1]);
    };
    assert_eq!(attributes, &attrs(&[("style", "color: #1f6feb;")]));
    assert_eq!(color.as_deref(), Some("#1f6feb"));
}

#[test]
fn nesting_follows_the_browser() {
    // An end tag closes the elements opened inside its element too.
    let (blocks, codes) = parse_str(
        "<div class=\"a\">\n<div class=\"b\">\n\ninner\n\n</div>\n\nafter b\n\n</div>\n\nout\n",
    );
    assert_eq!(outline(&blocks), "div(div(p) p) p");
    assert!(codes.is_empty(), "{codes:?}");
    // An end tag in a paragraph's text ends the paragraph and the element.
    let (blocks, codes) = parse_str("<h2>Two\n\nparagraphs\n\nand</h2> more\n");
    assert_eq!(outline(&blocks), "h2(html p p) p");
    assert!(!codes.iter().any(|c| c == "DT014"), "{codes:?}");
    // An end tag that closes nothing is still reported.
    let (blocks, codes) = parse_str("text\n\n</div>\n");
    assert_eq!(outline(&blocks), "p html");
    assert_eq!(codes, ["DT014"]);
    // Tags paired inside one HTML block stay inline elements.
    let (blocks, _) = parse_str("<div class=\"x\">one block</div>\n");
    assert_eq!(outline(&blocks), "html");
    // Elements in list items and quotes nest there.
    let (blocks, _) = parse_str("> <div>\n>\n> quoted\n>\n> </div>\n");
    assert_eq!(outline(&blocks), "quote(div(p))");
}

#[test]
fn element_nesting_is_bounded() {
    let src = "<div>\n\n".repeat(50) + "deep\n";
    let (blocks, codes) = parse_str(&src);
    let mut depth = 0;
    let mut level = &blocks;
    while let Some(Block::Element { blocks, .. }) =
        level.iter().find(|b| matches!(b, Block::Element { .. }))
    {
        depth += 1;
        level = blocks;
    }
    assert_eq!(depth, 6);
    assert!(codes.iter().any(|c| c == "DT019"), "{codes:?}");
    // Nothing lost: the text is still there.
    assert!(decktype_model::text::blocks(&blocks).contains("deep"));
}

#[test]
fn element_comments_reach_every_element() {
    let (deck, codes) = fixture("element-attributes.md");
    assert!(!codes.iter().any(|c| c == "DT018"), "{codes:?}");
    let blocks = |i: usize| &deck.slides[i].blocks;
    // Paragraph and list items (tight: the `<li>`).
    assert_eq!(
        blocks(0)[1].attributes(),
        Some(&attrs(&[("class", "lead")]))
    );
    let Block::List { items, .. } = &blocks(0)[2] else {
        panic!()
    };
    assert_eq!(
        items[1].attributes,
        attrs(&[("class", "fragment"), ("data-fragment-index", "2")])
    );
    assert!(
        matches!(&items[1].blocks[0], Block::Paragraph { attributes, .. } if attributes.is_empty())
    );
    // Code block, table, table cell, quote.
    let find = |i: usize, pred: fn(&Block) -> bool| blocks(i).iter().find(|b| pred(b)).unwrap();
    let code = find(1, |b| matches!(b, Block::CodeBlock { .. }));
    assert_eq!(code.attributes(), Some(&attrs(&[("class", "stretch")])));
    let table = find(1, |b| matches!(b, Block::Table { .. }));
    assert_eq!(table.attributes(), Some(&attrs(&[("class", "fragment")])));
    let Block::Table { rows, .. } = table else {
        panic!()
    };
    assert_eq!(rows[0][1].attributes, attrs(&[("style", "color: #c00;")]));
    let quote = find(1, |b| matches!(b, Block::Quote { .. }));
    assert_eq!(
        quote.attributes(),
        Some(&attrs(&[("class", "fragment fade-up")]))
    );
    // First on a slide: the slide itself.
    assert_eq!(
        deck.slides[2].attributes.get("class").map(String::as_str),
        Some("slide-level")
    );
    // An image paragraph: the comment on the next line goes to the `<p>`.
    let Block::Paragraph {
        inlines,
        attributes,
        ..
    } = &blocks(2)[2]
    else {
        panic!("{:?}", blocks(2)[2])
    };
    assert!(matches!(inlines[..], [Inline::Image(_)]));
    assert_eq!(
        attributes,
        &attrs(&[("class", "fragment"), ("style", "width: 40%;")])
    );
    // Heading (comment inside it), rule, definition.
    let heading = find(2, |b| matches!(b, Block::Heading { level: 3, .. }));
    assert_eq!(heading.attributes(), Some(&attrs(&[("id", "with-id")])));
    let rule = find(2, |b| matches!(b, Block::Rule { .. }));
    assert_eq!(rule.attributes(), Some(&attrs(&[("class", "thick")])));
}

#[test]
fn element_comments_inside_an_element_go_to_it() {
    // No element before the comment inside the div: the div gets it.
    let (blocks, _) = parse_str("<div>\n<!-- .element: class=\"fragment\" -->\n\ntext\n\n</div>\n");
    assert_eq!(
        blocks[0].attributes(),
        Some(&attrs(&[("class", "fragment")]))
    );
    // After the div: the div too.
    let (blocks, _) = parse_str("<div>\n\ntext\n\n</div>\n<!-- .element: class=\"boxed\" -->\n");
    assert_eq!(blocks[0].attributes(), Some(&attrs(&[("class", "boxed")])));
}
