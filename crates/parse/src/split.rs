//! Front matter and slide splitting, exactly as HedgeDoc 1.x does it.
//!
//! HedgeDoc strips the front matter with meta-marked (`---` at byte 0, ended by
//! the first `\n---` or `\n...`), then reveal.js's markdown plugin splits the rest
//! with the regular expressions `^(\r\n?|\n)---(\r\n?|\n)$` (horizontal) and
//! `^(\r\n?|\n)----(\r\n?|\n)$` (vertical), flags `mg`, on the raw text: blind to
//! code fences and comments. This module emulates those JavaScript regular
//! expressions byte for byte (in JavaScript, `^` and `$` also match next to `\r`,
//! U+2028 and U+2029).

use decktype_model::{Separator, SeparatorKind, Span};

/// Where the front matter is, per meta-marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrontMatterSplit {
    /// The YAML passed to the YAML parser: from byte 0 up to the `\n` before the
    /// closing marker.
    pub(crate) yaml_end: usize,
    /// First byte after the closing `---`/`...` (the Markdown starts here).
    pub(crate) markdown_start: usize,
}

/// meta-marked's `splitInput`: front matter only when the text starts with `---`.
pub(crate) fn front_matter(src: &str) -> Option<FrontMatterSplit> {
    if !src.starts_with("---") {
        return None;
    }
    let bytes = src.as_bytes();
    let mut from = 0;
    while let Some(pos) = memchr(b'\n', &bytes[from..]) {
        let nl = from + pos;
        let after = &bytes[nl + 1..];
        if after.starts_with(b"---") || after.starts_with(b"...") {
            return Some(FrontMatterSplit {
                yaml_end: nl,
                markdown_start: nl + 4,
            });
        }
        from = nl + 1;
    }
    None
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

/// A slide as the splitter sees it: its place and its source range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawSlide {
    pub(crate) h: usize,
    pub(crate) v: usize,
    pub(crate) span: Span,
    pub(crate) separator: Option<Separator>,
}

/// One separator match of the reveal.js regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SeparatorMatch {
    /// The whole regex match (leading newline to trailing newline).
    pub(crate) matched: Span,
    /// The dashes.
    pub(crate) line: Span,
    pub(crate) kind: SeparatorKind,
    /// The separator has a blank line before and after it. Without one it can
    /// only match through JavaScript's `^`/`$` next to a lone `\r`.
    pub(crate) blank_around: bool,
}

fn is_terminator_before(md: &[u8], p: usize) -> bool {
    // `^` in multiline mode: start of input or after \n, \r, U+2028, U+2029.
    p == 0
        || matches!(md[p - 1], b'\n' | b'\r')
        || (p >= 3 && md[p - 3] == 0xE2 && md[p - 2] == 0x80 && matches!(md[p - 1], 0xA8 | 0xA9))
}

fn is_terminator_at(md: &[u8], p: usize) -> bool {
    // `$` in multiline mode: end of input or before a line terminator.
    p == md.len()
        || matches!(md[p], b'\n' | b'\r')
        || (p + 2 < md.len()
            && md[p] == 0xE2
            && md[p + 1] == 0x80
            && matches!(md[p + 2], 0xA8 | 0xA9))
}

/// The lengths `(\r\n?|\n)` can match at `p`, in backtracking order.
fn newline_options(md: &[u8], p: usize) -> &'static [usize] {
    match md.get(p) {
        Some(b'\r') if md.get(p + 1) == Some(&b'\n') => &[2, 1],
        Some(b'\r') | Some(b'\n') => &[1],
        _ => &[],
    }
}

/// `separatorRegex.exec(markdown)` from `from`: the leftmost match, horizontal
/// alternative before vertical at the same position.
fn find_separator(md: &[u8], from: usize) -> Option<(usize, usize, usize, SeparatorKind)> {
    let mut p = from;
    while p < md.len() {
        // A match starts with \r or \n at a line start.
        let off = md[p..].iter().position(|b| matches!(b, b'\n' | b'\r'))?;
        p += off;
        if is_terminator_before(md, p) {
            for (dashes, kind) in [(3, SeparatorKind::Horizontal), (4, SeparatorKind::Vertical)] {
                for &a in newline_options(md, p) {
                    let q = p + a;
                    if md.len() < q + dashes || md[q..q + dashes].iter().any(|b| *b != b'-') {
                        continue;
                    }
                    let r = q + dashes;
                    for &b in newline_options(md, r) {
                        if is_terminator_at(md, r + b) {
                            return Some((p, r + b, q, kind));
                        }
                    }
                }
            }
        }
        p += 1;
    }
    None
}

fn strip_line_end_suffix(s: &[u8]) -> Option<&[u8]> {
    s.strip_suffix(b"\r\n")
        .or_else(|| s.strip_suffix(b"\n"))
        .or_else(|| s.strip_suffix(b"\r"))
}

fn strip_line_end_prefix(s: &[u8]) -> Option<&[u8]> {
    s.strip_prefix(b"\r\n")
        .or_else(|| s.strip_prefix(b"\n"))
        .or_else(|| s.strip_prefix(b"\r"))
}

/// Whether the dash line `md[q..r]` has an empty line (or the start of the
/// Markdown) before it and an empty line (or the end) after it, counting `\r\n`
/// as one line end.
fn blank_line_around(md: &[u8], q: usize, r: usize) -> bool {
    let before = strip_line_end_suffix(&md[..q])
        .is_some_and(|b| b.is_empty() || strip_line_end_suffix(b).is_some());
    let after = strip_line_end_prefix(&md[r..])
        .is_some_and(|a| a.is_empty() || strip_line_end_prefix(a).is_some());
    before && after
}

/// Splits the Markdown part `src[base..]` into slides, as reveal.js's `slidify`
/// does, and returns the slides (file offsets) and the separator matches.
pub(crate) fn split_slides(src: &str, base: usize) -> (Vec<RawSlide>, Vec<SeparatorMatch>) {
    let md = &src.as_bytes()[base..];
    enum Column {
        Single(RawSlide),
        Stack(Vec<RawSlide>),
    }
    let mut columns: Vec<Column> = Vec::new();
    let mut matches = Vec::new();
    let mut last = 0;
    let mut was_horizontal = true;
    let mut pending_separator: Option<Separator> = None;
    while let Some((start, end, dash_start, kind)) = find_separator(md, last) {
        let is_horizontal = kind == SeparatorKind::Horizontal;
        let dash_len = if is_horizontal { 3 } else { 4 };
        let line = Span::new(base + dash_start, base + dash_start + dash_len);
        let blank_around = blank_line_around(md, dash_start, dash_start + dash_len);
        matches.push(SeparatorMatch {
            matched: Span::new(base + start, base + end),
            line,
            kind,
            blank_around,
        });
        if !is_horizontal && was_horizontal {
            columns.push(Column::Stack(Vec::new()));
        }
        let slide = RawSlide {
            h: 0,
            v: 0,
            span: Span::new(base + last, base + start),
            separator: pending_separator.take(),
        };
        if is_horizontal && was_horizontal {
            columns.push(Column::Single(slide));
        } else if let Some(Column::Stack(stack)) = columns.last_mut() {
            stack.push(slide);
        }
        pending_separator = Some(Separator { kind, span: line });
        last = end;
        was_horizontal = is_horizontal;
    }
    let rest = RawSlide {
        h: 0,
        v: 0,
        span: Span::new(base + last, src.len()),
        separator: pending_separator,
    };
    if was_horizontal {
        columns.push(Column::Single(rest));
    } else if let Some(Column::Stack(stack)) = columns.last_mut() {
        stack.push(rest);
    }
    let mut slides = Vec::new();
    for (h, column) in columns.into_iter().enumerate() {
        match column {
            Column::Single(mut slide) => {
                slide.h = h;
                slides.push(slide);
            }
            Column::Stack(stack) => {
                for (v, mut slide) in stack.into_iter().enumerate() {
                    slide.h = h;
                    slide.v = v;
                    slides.push(slide);
                }
            }
        }
    }
    (slides, matches)
}

/// Lines of `src[base..]` that look like a separator (only dashes, three or
/// four, maybe with spaces around) but are not one of the `matches`.
pub(crate) fn separator_like_lines(
    src: &str,
    base: usize,
    matches: &[SeparatorMatch],
) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let bytes = src.as_bytes();
    while line_start <= bytes.len() {
        let line_end = memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |p| line_start + p);
        if line_start >= base {
            let line = &src[line_start..line_end];
            let trimmed = line.trim_matches(|c: char| c.is_whitespace());
            // `matches` is sorted by position: find the first at or after the line.
            let first = matches.partition_point(|m| m.line.start < line_start);
            let is_split = matches.get(first).is_some_and(|m| m.line.end <= line_end);
            if (trimmed == "---" || trimmed == "----") && !is_split {
                out.push(Span::new(line_start, line_end));
            }
        }
        if line_end == bytes.len() {
            break;
        }
        line_start = line_end + 1;
    }
    out
}

/// reveal.js's notes split: `content.split(/^note:/mgi)`; notes only when there
/// is exactly one match. Returns the byte offset (relative to `content`) of the
/// `note:` marker.
pub(crate) fn find_notes(content: &str) -> Result<Option<usize>, Vec<usize>> {
    let bytes = content.as_bytes();
    let mut found = Vec::new();
    let mut p = 0;
    while p + 5 <= bytes.len() {
        if is_terminator_before(bytes, p) && bytes[p..p + 5].eq_ignore_ascii_case(b"note:") {
            found.push(p);
            p += 5;
        } else {
            p += 1;
        }
    }
    match found.len() {
        0 => Ok(None),
        1 => Ok(Some(found[0])),
        _ => Err(found),
    }
}

/// For each offset (ascending) of a separator's dash line in `md`, whether it
/// lies inside a fenced code block or an HTML comment when the text is read
/// as one document (ignoring the split).
pub(crate) fn code_and_comment_state(
    md: &str,
    offsets: impl Iterator<Item = usize>,
) -> Vec<Option<&'static str>> {
    let mut offsets = offsets.peekable();
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut in_comment = false;
    let mut pos = 0;
    for line in md.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        while offsets.peek().is_some_and(|o| *o < start) {
            offsets.next();
            out.push(None);
        }
        if offsets.peek() == Some(&start) {
            offsets.next();
            out.push(if fence.is_some() {
                Some("a fenced code block")
            } else if in_comment {
                Some("an HTML comment")
            } else {
                None
            });
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let trimmed = &body[indent..];
        if let Some((c, len)) = fence {
            let run = trimmed.bytes().take_while(|b| *b == c).count();
            if indent < 4 && run >= len && trimmed[run..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if in_comment {
            if let Some(p) = body.find("-->") {
                in_comment = comment_opens(&body[p + 3..]);
            }
            continue;
        }
        if indent < 4 {
            for c in [b'`', b'~'] {
                let run = trimmed.bytes().take_while(|b| *b == c).count();
                if run >= 3 && !(c == b'`' && trimmed[run..].contains('`')) {
                    fence = Some((c, run));
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        in_comment = comment_opens(body);
    }
    while offsets.next().is_some() {
        out.push(None);
    }
    out
}

/// Whether `text` leaves an HTML comment open at its end.
fn comment_opens(text: &str) -> bool {
    let mut open = false;
    let mut rest = text;
    loop {
        if open {
            match rest.find("-->") {
                Some(p) => {
                    open = false;
                    rest = &rest[p + 3..];
                }
                None => return true,
            }
        } else {
            match rest.find("<!--") {
                Some(p) => {
                    open = true;
                    rest = &rest[p + 4..];
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(src: &str) -> Vec<(usize, usize, String)> {
        let (slides, _) = split_slides(src, 0);
        slides
            .into_iter()
            .map(|s| (s.h, s.v, src[s.span.start..s.span.end].to_owned()))
            .collect()
    }

    #[test]
    fn horizontal_and_vertical() {
        let s = shape("A\n\n---\n\nB\n\n----\n\nC\n\n---\n\nD");
        let got: Vec<_> = s
            .iter()
            .map(|(h, v, t)| (*h, *v, t.trim().to_owned()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, "A".into()),
                (1, 0, "B".into()),
                (1, 1, "C".into()),
                (2, 0, "D".into())
            ]
        );
    }

    #[test]
    fn needs_blank_lines_around() {
        assert_eq!(shape("A\n---\n\nB").len(), 1);
        assert_eq!(shape("A\n\n---\nB").len(), 1);
        assert_eq!(shape("A\n\n--- \n\nB").len(), 1);
    }

    #[test]
    fn final_separator_with_and_without_newline() {
        assert_eq!(shape("A\n\n---\n").len(), 2);
        assert_eq!(shape("A\n\n---").len(), 1);
    }

    #[test]
    fn crlf_counts_as_line_end() {
        assert_eq!(shape("A\r\n\r\n---\r\n\r\nB").len(), 2);
        assert_eq!(shape("A\r\n\r\n----\r\n\r\nB")[1].1, 1);
    }

    #[test]
    fn javascript_caret_matches_between_cr_and_lf() {
        // In JavaScript, `^` matches after a lone `\r`, so with CRLF line ends a
        // `---` line splits even without blank lines around it.
        let (slides, matches) = split_slides("A\r\n---\r\nB", 0);
        assert_eq!(slides.len(), 2);
        assert!(!matches[0].blank_around);
    }

    #[test]
    fn first_separator_vertical_starts_a_stack() {
        let s = shape("A\n\n----\n\nB\n\n---\n\nC");
        let got: Vec<_> = s.iter().map(|(h, v, _)| (*h, *v)).collect();
        assert_eq!(got, vec![(0, 0), (0, 1), (1, 0)]);
    }

    #[test]
    fn adjacent_separators_make_an_empty_slide() {
        let s = shape("A\n\n---\n\n---\n\nB");
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].2, "");
    }

    #[test]
    fn front_matter_rules() {
        assert_eq!(front_matter("\n---\na: 1\n---\n"), None);
        let fm = front_matter("---\na: 1\n---\nrest").unwrap();
        assert_eq!(fm.yaml_end, 8);
        assert_eq!(fm.markdown_start, 12);
        assert!(front_matter("---\na: 1\n...\n").is_some());
        assert!(front_matter("---\na: 1\n").is_none());
    }

    #[test]
    fn notes_need_exactly_one_marker_at_line_start() {
        assert_eq!(find_notes("a\nNote: b"), Ok(Some(2)));
        assert_eq!(find_notes("a\nNOTE: b"), Ok(Some(2)));
        assert_eq!(find_notes("a\n  Note: b"), Ok(None));
        assert_eq!(find_notes("a\nNotes: b"), Ok(None));
        assert_eq!(find_notes("note: a\nnote: b"), Err(vec![0, 8]));
    }
}

/// How a separator-like line sits in the source: what keeps HedgeDoc from
/// splitting on it (the span of a DT004 diagnostic is such a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeparatorLine<'a> {
    /// The dashes, without spaces or line end.
    pub dashes: &'a str,
    /// Spaces (or tabs) around the dashes.
    pub spaced: bool,
    /// The line before is empty (or there is none).
    pub blank_before: bool,
    /// The line after is empty (or the file ends after the line end).
    pub blank_after: bool,
    /// The line is the last one and has no line end.
    pub at_eof: bool,
}

/// Reads the separator-like line `line` (without its `\n`; a `\r` may be
/// part of it) of `src`.
pub fn separator_line(src: &str, line: Span) -> SeparatorLine<'_> {
    let text = &src[line.start..line.end];
    let dashes = text.trim();
    let blank_before = src[..line.start]
        .strip_suffix('\n')
        .map(|b| b.strip_suffix('\r').unwrap_or(b))
        .is_none_or(|b| b.is_empty() || b.ends_with('\n'));
    let after = src[line.end..].strip_prefix('\n');
    SeparatorLine {
        dashes,
        spaced: text.trim_end_matches('\r') != dashes,
        blank_before,
        blank_after: after
            .is_some_and(|a| a.is_empty() || a.starts_with('\n') || a.starts_with("\r\n")),
        at_eof: line.end == src.len(),
    }
}
