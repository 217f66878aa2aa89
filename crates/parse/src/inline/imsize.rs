//! markdown-it-imsize: `![alt](url =WxH "title")`, an image with a size, which
//! pulldown-cmark leaves as text.

use std::collections::BTreeMap;

use decktype_model::{Image, Inline, Span};

use super::piece;

/// The sized image at `text[at]` (a `!`) in a text node with `span` (see
/// [`piece`] for `exact`), and its end offset.
pub(super) fn sized_image_at(
    text: &str,
    at: usize,
    exact: bool,
    span: Span,
    scan: &mut ImageScan,
) -> Option<(Inline, usize)> {
    let (image, end) = sized_image(text, at, scan)?;
    let image = Image {
        span: piece(exact, span, at, end),
        ..image
    };
    Some((Inline::Image(image), end))
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
pub(super) struct ImageScan {
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
