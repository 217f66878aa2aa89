//! A slide's title: the text and level of its first heading, whether it is
//! written in Markdown (`## Title`) or as raw HTML (`<h2 class="r-fit-text">
//! Title</h2>`, alone in an HTML block or inline in a paragraph).
//!
//! The rule:
//!
//! * The blocks are searched in source order, in the places a Markdown
//!   heading can stand (the slide, quotes, list items, footnotes,
//!   definitions); the first heading found wins, Markdown or HTML.
//! * An HTML heading is an `h1`–`h6` element among the inlines of a
//!   paragraph or an HTML block, at any depth (`<div><h2>…</h2></div>`).
//!   Code, comments and `<style>` are not inlines of that kind, so a `<h1>`
//!   there is never a heading.
//! * Its title is its visible text ([`text::inlines_one_line`]: tags gone,
//!   entities decoded, whitespace collapsed); its level is the tag's digit.
//! * An HTML element holding Markdown (`<div>`, a blank line, Markdown, a
//!   blank line, `</div>`) is searched like the slide; when it is itself an
//!   `h1`–`h6`, its title is the visible text of the blocks it holds.
//! * When the HTML block ends before the heading's end tag (an empty line
//!   after `<h2>`, so that Markdown inside it is rendered), the heading goes
//!   on, as in a browser, through the following blocks up to the block with
//!   its `</h2>`. Without such an end tag, the heading holds the rest of
//!   the slide, as in a browser.
//! * Hidden headings are skipped: an element (the heading or one around it)
//!   whose `style` says `display: none` or `visibility: hidden`, and what is
//!   inside a `<details>` but not in its `<summary>` (HedgeDoc's sanitizer
//!   drops the `open` attribute, so a `<details>` never opens). The `hidden`
//!   attribute does not hide: HedgeDoc's sanitizer drops it, and the heading
//!   shows.
//!
//! The blocks are not changed: the HTML stays in the model as written, only
//! the title is derived from it.

use decktype_model::{Block, Inline, Span, text};

use crate::html::{self, Token};

/// The title and level of the first heading in `blocks`, if any. `src` is
/// the file the blocks' spans point into.
pub(crate) fn first_heading(src: &str, blocks: &[Block]) -> Option<(String, u8)> {
    for (i, block) in blocks.iter().enumerate() {
        let found = match block {
            Block::Heading { level, inlines, .. } => {
                Some((text::inlines_one_line(inlines), *level))
            }
            Block::Paragraph { inlines, .. } | Block::Html { inlines, .. } => html_heading(inlines)
                .map(|(element, level)| {
                    (heading_text(src, element, level, &blocks[i + 1..]), level)
                }),
            Block::Quote { blocks, .. } | Block::FootnoteDefinition { blocks, .. } => {
                first_heading(src, blocks)
            }
            Block::Element {
                attributes, tag, ..
            } if is_hidden(attributes.get("style").map(String::as_str)) || tag == "details" => {
                // A `<details>` holding Markdown: only a `<summary>` inside
                // it could show, and that is an HTML block of its own.
                match block.child_blocks() {
                    blocks if tag == "details" => blocks.iter().find_map(|b| match b {
                        Block::Html { inlines, .. } => inlines
                            .iter()
                            .filter(|i| matches!(i, Inline::Html { tag, .. } if tag == "summary"))
                            .find_map(|summary| html_heading(std::slice::from_ref(summary)))
                            .map(|(element, level)| {
                                (text::inlines_one_line(element.children()), level)
                            }),
                        _ => None,
                    }),
                    _ => None,
                }
            }
            Block::Element { tag, blocks, .. } => match heading_level(tag) {
                Some(level) => Some((
                    text::blocks(blocks)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    level,
                )),
                None => first_heading(src, blocks),
            },
            Block::List { items, .. } => items.iter().find_map(|i| first_heading(src, &i.blocks)),
            Block::DefinitionList { items, .. } => items
                .iter()
                .flat_map(|i| i.definitions.iter())
                .find_map(|d| first_heading(src, d)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The level of an `h1`–`h6` tag.
fn heading_level(tag: &str) -> Option<u8> {
    match tag.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// The first visible HTML heading element among `inlines`, at any depth,
/// with its level.
fn html_heading(inlines: &[Inline]) -> Option<(&Inline, u8)> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Html { attributes, .. }
            if is_hidden(attributes.get("style").map(String::as_str)) =>
        {
            None
        }
        Inline::Html { tag, children, .. } => match heading_level(tag) {
            Some(level) => Some((inline, level)),
            // A `<details>` stays closed: only its `<summary>` shows.
            None if tag == "details" => children
                .iter()
                .filter(|c| matches!(c, Inline::Html { tag, .. } if tag == "summary"))
                .find_map(|summary| html_heading(std::slice::from_ref(summary))),
            None => html_heading(children),
        },
        other => html_heading(other.children()),
    })
}

/// Whether a `style` attribute hides its element.
fn is_hidden(style: Option<&str>) -> bool {
    style.is_some_and(|style| {
        style.split(';').any(|declaration| {
            let Some((property, value)) = declaration.split_once(':') else {
                return false;
            };
            let value = value.trim().to_ascii_lowercase();
            let value = value
                .strip_suffix("!important")
                .unwrap_or(&value)
                .trim_end();
            let property = property.trim();
            (property.eq_ignore_ascii_case("display") && value == "none")
                || (property.eq_ignore_ascii_case("visibility") && value == "hidden")
        })
    })
}

/// The visible text of the heading `element`, continued through `following`
/// blocks when its end tag is in one of them.
fn heading_text(src: &str, element: &Inline, level: u8, following: &[Block]) -> String {
    let children = element.children();
    let tag = format!("h{level}");
    if ends_with_end_tag(src, element.span(), &tag) {
        return text::inlines_one_line(children);
    }
    let Some((last, end_at)) = following.iter().enumerate().find_map(|(b, block)| {
        let inlines = block_inlines(block)?;
        inlines
            .iter()
            .position(|i| is_end_tag(i, &tag))
            .map(|k| (b, k))
    }) else {
        return text::inlines_one_line(children);
    };
    let mut raw = String::new();
    text::push_inlines(&mut raw, children);
    raw.push('\n');
    text::push_blocks(&mut raw, &following[..last]);
    if let Some(inlines) = block_inlines(&following[last]) {
        text::push_inlines(&mut raw, &inlines[..end_at]);
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The inlines of a paragraph, heading or HTML block.
fn block_inlines(block: &Block) -> Option<&[Inline]> {
    match block {
        Block::Paragraph { inlines, .. }
        | Block::Html { inlines, .. }
        | Block::Heading { inlines, .. } => Some(inlines),
        _ => None,
    }
}

/// Whether `inline` is a stray `</tag>` (one that closed nothing in its own
/// block).
fn is_end_tag(inline: &Inline, tag: &str) -> bool {
    let Inline::RawHtml { html, .. } = inline else {
        return false;
    };
    matches!(
        html::lex_markup(html, 0),
        Some(Token::End { name, end, .. }) if name == tag && end == html.len()
    )
}

/// Whether the source of `span` ends with `</tag>`: the element was closed
/// in its own block.
fn ends_with_end_tag(src: &str, span: Span, tag: &str) -> bool {
    let Some(source) = src.get(span.start..span.end) else {
        return false;
    };
    let source = source.trim_end();
    source.rfind("</").is_some_and(|at| {
        matches!(
            html::lex_markup(source, at),
            Some(Token::End { name, end, .. }) if name == tag && end == source.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::{Options, parse};

    /// `(title, level)` of every slide of `src`.
    fn titles(src: &str) -> Vec<(Option<String>, Option<u8>)> {
        parse(src, &Options::default())
            .deck
            .slides
            .into_iter()
            .map(|s| (s.title, s.level))
            .collect()
    }

    fn one(src: &str) -> (Option<String>, Option<u8>) {
        titles(src).remove(0)
    }

    fn some(title: &str, level: u8) -> (Option<String>, Option<u8>) {
        (Some(title.to_owned()), Some(level))
    }

    #[test]
    fn an_html_heading_alone_on_its_line_is_the_title() {
        assert_eq!(one("<h1>Workshop</h1>\n\ntext\n"), some("Workshop", 1));
        assert_eq!(
            one("<H2 class=\"r-fit-text\">Why <em>version</em> control?</H2>\n"),
            some("Why version control?", 2)
        );
        assert_eq!(
            one("<h1 style=\"color:red\">Big <em>title</em></h1>\n"),
            some("Big title", 1)
        );
        assert_eq!(one("<h6>small</h6>\n"), some("small", 6));
    }

    #[test]
    fn text_on_the_following_lines_entities_and_whitespace() {
        assert_eq!(
            one("<h2>\n  Setup &amp;\n  installation &#x21;\n</h2>\n"),
            some("Setup & installation !", 2)
        );
        assert_eq!(
            one("<h3>A<br>B <img src=x.png alt=logo> <!-- c --> C</h3>\n"),
            some("A B C", 3)
        );
    }

    #[test]
    fn an_html_heading_inside_a_paragraph_or_other_elements() {
        assert_eq!(
            one("Questions? <h2>Thank you!</h2>\n"),
            some("Thank you!", 2)
        );
        assert_eq!(
            one("<div class=\"title\">\n<h2>Inside a div</h2>\n</div>\n"),
            some("Inside a div", 2)
        );
        assert_eq!(
            one("<center><a href=\"https://x.org\"><h1>Linked</h1></a></center>\n"),
            some("Linked", 1)
        );
    }

    #[test]
    fn the_first_heading_wins_markdown_or_html() {
        assert_eq!(one("## Markdown\n\n<h1>HTML</h1>\n"), some("Markdown", 2));
        assert_eq!(one("<h3>HTML</h3>\n\n# Markdown\n"), some("HTML", 3));
        assert_eq!(
            one("Intro\n\n<h2>After a paragraph</h2>\n\n## Later\n"),
            some("After a paragraph", 2)
        );
        assert_eq!(
            one("> <h2>In a quote</h2>\n\n# Later\n"),
            some("In a quote", 2)
        );
    }

    #[test]
    fn code_comments_and_styles_are_not_headings() {
        assert_eq!(
            one("```html\n<h1>code</h1>\n```\n\n<h2>Real</h2>\n"),
            some("Real", 2)
        );
        assert_eq!(one("    <h1>indented code</h1>\n"), (None, None));
        assert_eq!(one("`<h1>inline code</h1>`\n"), (None, None));
        assert_eq!(one("<!-- <h1>comment</h1> -->\n"), (None, None));
        assert_eq!(
            one("<style>\nh1::before { content: '<h1>x</h1>' }\n</style>\n"),
            (None, None)
        );
        // HedgeDoc shows a tag its sanitizer does not know as text.
        assert_eq!(one("<h7>no such heading</h7>\n"), (None, None));
    }

    #[test]
    fn hidden_headings_are_skipped_but_the_hidden_attribute_does_not_hide() {
        assert_eq!(
            one("<h1 style=\"display: none\">gone</h1>\n\n<h2>Shown</h2>\n"),
            some("Shown", 2)
        );
        assert_eq!(
            one("<div style=\"color: red; DISPLAY:none !important\">\n<h1>gone</h1>\n</div>\n"),
            (None, None)
        );
        assert_eq!(
            one("<h1 style=\"visibility:hidden\">gone</h1>\n"),
            (None, None)
        );
        assert_eq!(
            one("<h1>x</h1><!-- .element: style=\"display:none\" -->\n\n# Shown\n"),
            some("Shown", 1)
        );
        assert_eq!(one("<h1 hidden>Shown</h1>\n"), some("Shown", 1));
        assert_eq!(
            one("<details><summary><h3>Summary</h3></summary><h2>closed</h2></details>\n"),
            some("Summary", 3)
        );
        assert_eq!(
            one("<details><h2>closed</h2></details>\n\nno heading\n"),
            (None, None)
        );
    }

    #[test]
    fn a_heading_whose_end_tag_is_in_a_later_block() {
        assert_eq!(
            one("<h2 class=\"fragment\">\n\n**Markdown** inside\n\n</h2>\n\ntext\n"),
            some("Markdown inside", 2)
        );
        assert_eq!(
            one("<h2>Two\n\nparagraphs\n\nand</h2> more\n"),
            some("Two paragraphs and", 2)
        );
        // No end tag at all: as in a browser, the heading holds the rest of
        // the slide (and DT021 says so).
        assert_eq!(one("<h1>Open\n\nbody text\n"), some("Open body text", 1));
    }

    #[test]
    fn vertical_slides_and_levels() {
        assert_eq!(
            titles("<h1>Top</h1>\n\n----\n\n<h4>Below</h4>\n\n---\n\nnone\n"),
            vec![some("Top", 1), some("Below", 4), (None, None)]
        );
    }

    #[test]
    fn the_html_stays_in_the_blocks() {
        let src = "<h2 class=\"r-fit-text\">Title</h2>\n";
        let deck = parse(src, &Options::default()).deck;
        let slide = &deck.slides[0];
        assert_eq!(slide.title.as_deref(), Some("Title"));
        assert!(matches!(
            &slide.blocks[..],
            [decktype_model::Block::Html { html, .. }] if html == src
        ));
    }
}
