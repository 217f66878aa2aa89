//! The lines of a slide as a reader takes them in: headings, paragraph lines,
//! list items and table rows, each with the heading or lead-in line it stands
//! under. Events and lightning talks are read from these.

use std::rc::Rc;

use decktype_model::{Block, Inline, Span};

/// One line of a slide.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Visible text on one line, without struck-through text.
    pub(crate) text: Rc<str>,
    /// Targets of the links in the line, in order.
    pub(crate) urls: Vec<String>,
    /// The heading, bold lead-in line or parent list item this line stands
    /// under, if any.
    pub(crate) context: Option<Rc<str>>,
    /// What follows in the same block: the next lines of a paragraph, or the
    /// nested items of a list item.
    pub(crate) rest: Rest,
    /// Heading level, for headings.
    pub(crate) heading: Option<u8>,
    /// Nesting depth, for list items (0: a top-level item).
    pub(crate) depth: Option<usize>,
    /// Source range of the line (for a list item, the whole item).
    pub(crate) span: Span,
}

/// The lines that follow a line in its block, shared by all the block's
/// lines (a paragraph of n lines holds its lines once, not n times).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rest {
    all: Option<Rc<[Rc<str>]>>,
    from: usize,
}

impl Rest {
    fn new(all: &Rc<[Rc<str>]>, from: usize) -> Self {
        Rest {
            all: Some(Rc::clone(all)),
            from,
        }
    }

    /// The following lines, in order.
    pub(crate) fn lines(&self) -> &[Rc<str>] {
        self.all
            .as_deref()
            .map_or(&[], |all| &all[self.from.min(all.len())..])
    }
}

/// Visible text of inlines, struck-through text left out, links collected.
#[derive(Default)]
struct Text {
    text: String,
    urls: Vec<String>,
    /// Only strong/emphasis text (a bold lead-in line) so far.
    emphasised_only: bool,
    any: bool,
}

impl Text {
    fn push(&mut self, inlines: &[Inline], emphasised: bool) {
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } | Inline::Code { code: text, .. } => {
                    if !text.trim().is_empty() {
                        self.any = true;
                        self.emphasised_only &= emphasised;
                    }
                    self.text.push_str(text);
                }
                Inline::Emoji { emoji, .. } => self.text.push_str(emoji),
                Inline::LineBreak { .. } | Inline::SoftBreak { .. } => self.text.push(' '),
                Inline::Strikethrough { .. }
                | Inline::Image(_)
                | Inline::Comment { .. }
                | Inline::RawHtml { .. }
                | Inline::FootnoteReference { .. } => {}
                Inline::Link { url, children, .. } => {
                    self.urls.push(url.clone());
                    self.push(children, emphasised);
                }
                Inline::Strong { children, .. } | Inline::Emphasis { children, .. } => {
                    self.push(children, true)
                }
                other => self.push(other.children(), emphasised),
            }
        }
    }

    fn one_line(&self) -> Rc<str> {
        one_line(&self.text)
    }
}

/// `text` with its whitespace runs as single spaces, trimmed.
fn one_line(text: &str) -> Rc<str> {
    // Most text is clean already: single spaces, nothing at the ends.
    let text = text.trim_matches(' ');
    if is_one_line(text) {
        return Rc::from(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.into()
}

/// Whether `text` has no whitespace but single spaces between words.
fn is_one_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            0x09..=0x0d => return false,
            // Lead bytes of the non-ASCII whitespace (U+0085, U+00A0,
            // U+1680, U+2000–U+205F, U+3000): decode and look.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() {
                    return false;
                }
                after_space = false;
                i += c.len_utf8();
                continue;
            }
            _ => after_space = false,
        }
        i += 1;
    }
    true
}

fn text_of(inlines: &[Inline]) -> Text {
    let mut t = Text {
        emphasised_only: true,
        ..Text::default()
    };
    t.push(inlines, false);
    t
}

/// Splits inlines at line breaks (HedgeDoc shows soft breaks as breaks too).
fn split_lines(inlines: &[Inline]) -> Vec<&[Inline]> {
    inlines
        .split(|i| matches!(i, Inline::LineBreak { .. } | Inline::SoftBreak { .. }))
        .filter(|part| !part.is_empty())
        .collect()
}

fn span_of(inlines: &[Inline], fallback: Span) -> Span {
    match (inlines.first(), inlines.last()) {
        (Some(a), Some(b)) => Span::new(a.span().start, b.span().end),
        _ => fallback,
    }
}

/// The lines of `blocks`, in reading order.
pub(crate) fn lines(blocks: &[Block]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut context = None;
    let refs: Vec<&Block> = blocks.iter().collect();
    walk(&refs, &mut context, &mut out, 0);
    out
}

fn walk(blocks: &[&Block], context: &mut Option<Rc<str>>, out: &mut Vec<Line>, depth: usize) {
    for &block in blocks {
        match block {
            Block::Heading {
                level,
                inlines,
                span,
                ..
            } => {
                let t = text_of(inlines);
                let text = t.one_line();
                out.push(Line {
                    text: text.clone(),
                    urls: t.urls,
                    context: context.clone(),
                    rest: Rest::default(),
                    heading: Some(*level),
                    depth: None,
                    span: *span,
                });
                if !text.is_empty() {
                    *context = Some(text);
                }
            }
            Block::Paragraph { inlines, span, .. } | Block::Html { inlines, span, .. } => {
                let parts = split_lines(inlines);
                let texts: Vec<Text> = parts.iter().map(|p| text_of(p)).collect();
                let ones: Rc<[Rc<str>]> = texts.iter().map(Text::one_line).collect();
                for (i, (t, part)) in texts.into_iter().zip(&parts).enumerate() {
                    if ones[i].is_empty() {
                        continue;
                    }
                    out.push(Line {
                        text: ones[i].clone(),
                        urls: t.urls,
                        context: context.clone(),
                        rest: Rest::new(&ones, i + 1),
                        heading: None,
                        depth: None,
                        span: span_of(part, *span),
                    });
                    if t.any && t.emphasised_only {
                        *context = Some(ones[i].clone());
                    }
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    let own: Vec<&Block> = item
                        .blocks
                        .iter()
                        .filter(|b| !matches!(b, Block::List { .. }))
                        .collect();
                    let mut t = Text::default();
                    for b in &own {
                        if let Block::Paragraph { inlines, .. }
                        | Block::Heading { inlines, .. }
                        | Block::Html { inlines, .. } = b
                        {
                            t.push(inlines, false);
                            t.text.push(' ');
                        }
                    }
                    let text = t.one_line();
                    let nested: Vec<&Block> = item
                        .blocks
                        .iter()
                        .filter(|b| matches!(b, Block::List { .. }))
                        .collect();
                    let mut inner = Vec::new();
                    let mut inner_context = if text.is_empty() {
                        context.clone()
                    } else {
                        Some(text.clone())
                    };
                    walk(&nested, &mut inner_context, &mut inner, depth + 1);
                    if !text.is_empty() {
                        out.push(Line {
                            text,
                            urls: t.urls,
                            context: context.clone(),
                            rest: Rest::new(&inner.iter().map(|l| Rc::clone(&l.text)).collect(), 0),
                            heading: None,
                            depth: Some(depth),
                            span: item.span,
                        });
                    }
                    out.extend(inner);
                }
            }
            Block::Quote { blocks, .. } => {
                walk(&blocks.iter().collect::<Vec<_>>(), context, out, depth)
            }
            Block::Table {
                header, rows, span, ..
            } => {
                for row in std::iter::once(header).chain(rows) {
                    let mut t = Text::default();
                    for cell in row {
                        t.push(&cell.inlines, false);
                        t.text.push_str(", ");
                    }
                    let text: Rc<str> = t.one_line().trim_end_matches([',', ' ']).into();
                    if text.is_empty() {
                        continue;
                    }
                    let row_span = match (row.first(), row.last()) {
                        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
                        _ => *span,
                    };
                    out.push(Line {
                        text,
                        urls: t.urls,
                        context: context.clone(),
                        rest: Rest::default(),
                        heading: None,
                        depth: None,
                        span: row_span,
                    });
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    let t = text_of(&item.term);
                    let text = t.one_line();
                    if !text.is_empty() {
                        out.push(Line {
                            text: text.clone(),
                            urls: t.urls,
                            context: context.clone(),
                            rest: Rest::default(),
                            heading: None,
                            depth: None,
                            span: item.span,
                        });
                    }
                    let mut inner_context = Some(text);
                    for definition in &item.definitions {
                        walk(
                            &definition.iter().collect::<Vec<_>>(),
                            &mut inner_context,
                            out,
                            depth,
                        );
                    }
                }
            }
            Block::FootnoteDefinition { blocks, .. } => {
                walk(&blocks.iter().collect::<Vec<_>>(), context, out, depth)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slide_lines(md: &str) -> Vec<Line> {
        let parsed = decktype_parse::parse(md, &Default::default());
        lines(&parsed.deck.slides[0].blocks)
    }

    #[test]
    fn one_line_matches_split_whitespace() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a  b ",
            "a\tb",
            "a\u{a0}b",
            "a\u{2028}b",
            "a\u{3000}b",
            "a\u{85}b",
            "– “quoted” — ok ",
            "ä ö\u{2009}ü",
            "x\r\ny",
            "emoji 🎉 end",
        ] {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(&*one_line(text), want, "{text:?}");
        }
    }

    #[test]
    fn lines_carry_their_context() {
        let got = slide_lines(
            "# Team Container\n\n**KaaS Hackathon in Bratislava**\n\nKeep an eye out\n\n- Dates: March 5th and 6th\n  - Location: Bratislava\n",
        );
        let texts: Vec<_> = got.iter().map(|l| &*l.text).collect();
        assert_eq!(
            texts,
            [
                "Team Container",
                "KaaS Hackathon in Bratislava",
                "Keep an eye out",
                "Dates: March 5th and 6th",
                "Location: Bratislava"
            ]
        );
        assert_eq!(
            got[3].context.as_deref(),
            Some("KaaS Hackathon in Bratislava")
        );
        assert_eq!(got[3].rest.lines(), [Rc::from("Location: Bratislava")]);
        assert_eq!(got[4].context.as_deref(), Some("Dates: March 5th and 6th"));
    }

    #[test]
    fn struck_text_and_images_are_not_read_and_links_are_collected() {
        let got = slide_lines(
            "# Lightning Talk\n\n## ~~Soccer?~~\n\n- SCS @ [ALASCA](https://alasca.cloud) (~~Anna~~, Bob) ![x](y.png)\n",
        );
        assert_eq!(&*got[1].text, "");
        assert_eq!(&*got[2].text, "SCS @ ALASCA (, Bob)");
        assert_eq!(got[2].urls, ["https://alasca.cloud"]);
    }
}
