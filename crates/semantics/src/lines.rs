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
    /// Ready for the next line: empty, nothing seen yet.
    fn reset(&mut self, emphasised_only: bool) {
        self.text.clear();
        self.urls.clear();
        self.emphasised_only = emphasised_only;
        self.any = false;
    }

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

    /// The links collected so far, leaving none behind.
    fn take_urls(&mut self) -> Vec<String> {
        std::mem::take(&mut self.urls)
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
    // Fast path, most lines: printable ASCII (a branch-free fold the
    // compiler vectorises) and no double space.
    if bytes
        .iter()
        .fold(true, |ok, &b| ok & (0x20..0x7f).contains(&b))
    {
        return memchr::memmem::find(bytes, b"  ").is_none();
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

fn is_line_break(inline: &Inline) -> bool {
    matches!(inline, Inline::LineBreak { .. } | Inline::SoftBreak { .. })
}

fn is_list(block: &&Block) -> bool {
    matches!(block, Block::List { .. })
}

fn span_of(inlines: &[Inline], fallback: Span) -> Span {
    match (inlines.first(), inlines.last()) {
        (Some(a), Some(b)) => Span::new(a.span().start, b.span().end),
        _ => fallback,
    }
}

/// The lines of `blocks`, in reading order.
pub(crate) fn lines(blocks: &[Block]) -> Vec<Line> {
    let mut walker = Walker {
        text: Text::default(),
        out: Vec::new(),
    };
    walker.walk(&mut blocks.iter(), &mut None, 0);
    walker.out
}

/// Walks blocks into lines, with one text buffer for all of them (building
/// the lines was a fifth of the semantic pass, most of it allocation).
struct Walker {
    text: Text,
    out: Vec<Line>,
}

impl Walker {
    /// `self.text`'s text as one line, and the line it stands for.
    fn line(&mut self, context: &Option<Rc<str>>, span: Span) -> Line {
        Line {
            text: self.text.one_line(),
            urls: self.text.take_urls(),
            context: context.clone(),
            rest: Rest::default(),
            heading: None,
            depth: None,
            span,
        }
    }

    fn walk(
        &mut self,
        blocks: &mut dyn Iterator<Item = &Block>,
        context: &mut Option<Rc<str>>,
        depth: usize,
    ) {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    inlines,
                    span,
                    ..
                } => {
                    self.text.reset(true);
                    self.text.push(inlines, false);
                    let line = Line {
                        heading: Some(*level),
                        ..self.line(context, *span)
                    };
                    if !line.text.is_empty() {
                        *context = Some(line.text.clone());
                    }
                    self.out.push(line);
                }
                Block::Paragraph { inlines, span, .. } | Block::Html { inlines, span, .. } => {
                    let first = self.out.len();
                    for part in inlines.split(is_line_break).filter(|p| !p.is_empty()) {
                        self.text.reset(true);
                        self.text.push(part, false);
                        let line = self.line(context, span_of(part, *span));
                        if line.text.is_empty() {
                            continue;
                        }
                        if self.text.any && self.text.emphasised_only {
                            *context = Some(line.text.clone());
                        }
                        self.out.push(line);
                    }
                    // Each line of the paragraph is followed by the next ones.
                    if self.out.len() - first > 1 {
                        let all: Rc<[Rc<str>]> =
                            self.out[first..].iter().map(|l| l.text.clone()).collect();
                        for (i, line) in self.out[first..].iter_mut().enumerate() {
                            line.rest = Rest::new(&all, i + 1);
                        }
                    }
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.text.reset(false);
                        for b in item.blocks.iter().filter(|b| !is_list(b)) {
                            if let Block::Paragraph { inlines, .. }
                            | Block::Heading { inlines, .. }
                            | Block::Html { inlines, .. } = b
                            {
                                self.text.push(inlines, false);
                                self.text.text.push(' ');
                            }
                        }
                        let line = Line {
                            depth: Some(depth),
                            ..self.line(context, item.span)
                        };
                        let mut inner_context = if line.text.is_empty() {
                            context.clone()
                        } else {
                            Some(line.text.clone())
                        };
                        let at = self.out.len();
                        let own = !line.text.is_empty();
                        if own {
                            self.out.push(line);
                        }
                        self.walk(
                            &mut item.blocks.iter().filter(is_list),
                            &mut inner_context,
                            depth + 1,
                        );
                        // An item is followed by its nested items.
                        if own && self.out.len() > at + 1 {
                            let nested: Rc<[Rc<str>]> =
                                self.out[at + 1..].iter().map(|l| l.text.clone()).collect();
                            self.out[at].rest = Rest::new(&nested, 0);
                        }
                    }
                }
                Block::Quote { blocks, .. }
                | Block::FootnoteDefinition { blocks, .. }
                | Block::Element { blocks, .. } => self.walk(&mut blocks.iter(), context, depth),
                Block::Table {
                    header, rows, span, ..
                } => {
                    for row in std::iter::once(header).chain(rows) {
                        self.text.reset(false);
                        for cell in row {
                            self.text.push(&cell.inlines, false);
                            self.text.text.push_str(", ");
                        }
                        let row_span = match (row.first(), row.last()) {
                            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
                            _ => *span,
                        };
                        let mut line = self.line(context, row_span);
                        line.text = line.text.trim_end_matches([',', ' ']).into();
                        if !line.text.is_empty() {
                            self.out.push(line);
                        }
                    }
                }
                Block::DefinitionList { items, .. } => {
                    for item in items {
                        self.text.reset(true);
                        self.text.push(&item.term, false);
                        let line = self.line(context, item.span);
                        let mut inner_context = Some(line.text.clone());
                        if !line.text.is_empty() {
                            self.out.push(line);
                        }
                        for definition in &item.definitions {
                            self.walk(&mut definition.iter(), &mut inner_context, depth);
                        }
                    }
                }
                _ => {}
            }
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
