//! `<!-- .slide: ... -->` and `<!-- .element: ... -->` comments, read the way
//! reveal.js 3.9's markdown plugin reads them.

/// What an attribute comment says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AttrComment {
    /// `.slide:` attributes for the slide.
    Slide(Vec<(String, String)>),
    /// `.element:` attributes for the preceding element.
    Element(Vec<(String, String)>),
}

/// Reads a comment's text. reveal.js tries `.element` first (regex
/// `\.element\s*?(.+?)$`), then `.slide:` (`\.slide:\s*?(\S.+?)$`), both with the
/// `m` flag, first match only; attribute pairs are then matched with
/// `([^"= ]+?)="([^"]+?)"|(data-[^"= ]+?)(?=[" ])`.
pub(crate) fn parse_comment(text: &str) -> Option<AttrComment> {
    if let Some(rest) = find_directive(text, ".element", false) {
        return Some(AttrComment::Element(attribute_pairs(rest)));
    }
    find_directive(text, ".slide:", true).map(|rest| AttrComment::Slide(attribute_pairs(rest)))
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Finds `marker`, skips (lazily) whitespace, and returns the rest of that
/// line: the regex group `(.+?)$` (or `(\S.+?)$` when `needs_non_space`).
fn find_directive<'a>(text: &'a str, marker: &str, needs_non_space: bool) -> Option<&'a str> {
    let mut search = 0;
    while let Some(pos) = text[search..].find(marker) {
        let after = search + pos + marker.len();
        // `\s*?` is lazy: try each amount of leading whitespace in turn.
        let mut start = after;
        loop {
            let rest = &text[start..];
            if let Some(group) = line_group(rest, needs_non_space) {
                return Some(group);
            }
            match rest.chars().next() {
                Some(c) if is_js_space(c) => start += c.len_utf8(),
                _ => break,
            }
        }
        search = after;
    }
    None
}

/// `(.+?)$` or `(\S.+?)$` at the start of `rest`: the shortest non-empty run of
/// non-terminators followed by a line end; since `.` cannot cross a line
/// terminator, that is the rest of the line if it has at least the minimum length.
fn line_group(rest: &str, needs_non_space: bool) -> Option<&str> {
    // Look at the first character before finding the line end: the caller
    // tries every position of a whitespace run, and scanning the whole line
    // for each of them was quadratic.
    let first = rest.chars().next()?;
    if is_line_terminator(first) || (needs_non_space && is_js_space(first)) {
        return None;
    }
    let line_end = rest.find(is_line_terminator).unwrap_or(rest.len());
    let line = &rest[..line_end];
    // Lazy `.+?` followed by `$`: inside one line, `$` only holds at the line
    // end, so the group is the rest of the line.
    if needs_non_space && line.chars().nth(1).is_none() {
        return None;
    }
    Some(line)
}

/// All `name="value"` pairs and bare `data-x` flags in `group`.
pub(crate) fn attribute_pairs(group: &str) -> Vec<(String, String)> {
    let bytes = group.as_bytes();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some((pair, end)) = quoted_pair(group, i) {
            pairs.push(pair);
            i = end;
        } else if let Some((name, end)) = data_flag(group, i) {
            pairs.push((name, String::new()));
            i = end;
        } else {
            i += group[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    pairs
}

/// `([^"= ]+?)="([^"]+?)"` at `i`.
fn quoted_pair(s: &str, i: usize) -> Option<((String, String), usize)> {
    let rest = &s[i..];
    let name_len = rest.find(['"', '=', ' ']).unwrap_or(rest.len());
    if name_len == 0 || !rest[name_len..].starts_with("=\"") {
        return None;
    }
    let value_start = name_len + 2;
    let close = rest[value_start..].find('"')?;
    if close == 0 {
        return None;
    }
    Some((
        (
            rest[..name_len].to_owned(),
            rest[value_start..value_start + close].to_owned(),
        ),
        i + value_start + close + 1,
    ))
}

/// `(data-[^"= ]+?)(?=[" ])` at `i`.
fn data_flag(s: &str, i: usize) -> Option<(String, usize)> {
    let rest = s[i..].strip_prefix("data-")?;
    let len = rest.find(['"', '=', ' '])?;
    if len == 0 || rest[len..].starts_with('=') {
        return None;
    }
    Some((format!("data-{}", &rest[..len]), i + 5 + len))
}

/// Whether HedgeDoc keeps a slide attribute: `data-*`, `id`, `class`, `style`.
pub(crate) fn is_kept_attribute(name: &str) -> bool {
    name.starts_with("data-") || matches!(name, "id" | "class" | "style")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn slide_background() {
        assert_eq!(
            parse_comment(r#" .slide: data-background="https://x/y.jpg" "#),
            Some(AttrComment::Slide(pairs(&[(
                "data-background",
                "https://x/y.jpg"
            )])))
        );
    }

    #[test]
    fn empty_value_sets_nothing() {
        assert_eq!(
            parse_comment(r#" .slide: data-background="" "#),
            Some(AttrComment::Slide(vec![]))
        );
    }

    #[test]
    fn several_pairs_and_flags() {
        assert_eq!(
            parse_comment(r#" .slide: data-state="a" class="b c" data-auto-animate "#),
            Some(AttrComment::Slide(pairs(&[
                ("data-state", "a"),
                ("class", "b c"),
                ("data-auto-animate", "")
            ])))
        );
    }

    #[test]
    fn element_comment() {
        assert_eq!(
            parse_comment(r#" .element: class="fragment" "#),
            Some(AttrComment::Element(pairs(&[("class", "fragment")])))
        );
    }

    #[test]
    fn plain_comment_is_none() {
        assert_eq!(parse_comment(" just a note "), None);
        // `\S.+?` needs two characters
        assert_eq!(parse_comment(".slide: x"), None);
    }
}
