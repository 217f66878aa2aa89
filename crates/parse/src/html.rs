//! A small lexer for the raw HTML that appears in Markdown: start and end tags
//! with attributes, comments, and text. It follows CommonMark's grammar for
//! "raw HTML"; anything else is text. It never fails.

use std::collections::BTreeMap;

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// Text between tags (entities not yet decoded).
    Text { start: usize, end: usize },
    /// `<name attr="v">` or `<name/>`.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        start: usize,
        end: usize,
    },
    /// `</name>`.
    End {
        name: String,
        start: usize,
        end: usize,
    },
    /// `<!-- text -->`; `closed` is false when the comment runs to the end.
    Comment {
        text_start: usize,
        text_end: usize,
        start: usize,
        end: usize,
        closed: bool,
    },
    /// `<!DOCTYPE ...>`, `<?...?>`, `<![CDATA[...]]>`: not rendered as text.
    Other { start: usize, end: usize },
}

/// Splits `html` into tokens. Offsets are byte offsets into `html`.
pub(crate) fn lex(html: &str) -> Vec<Token> {
    let bytes = html.as_bytes();
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if let Some(token) = lex_markup(html, i) {
            if text_start < i {
                tokens.push(Token::Text {
                    start: text_start,
                    end: i,
                });
            }
            i = token_end(&token);
            text_start = i;
            tokens.push(token);
        } else {
            i += 1;
        }
    }
    if text_start < bytes.len() {
        tokens.push(Token::Text {
            start: text_start,
            end: bytes.len(),
        });
    }
    tokens
}

pub(crate) fn token_end(token: &Token) -> usize {
    match token {
        Token::Text { end, .. }
        | Token::Start { end, .. }
        | Token::End { end, .. }
        | Token::Comment { end, .. }
        | Token::Other { end, .. } => *end,
    }
}

/// Tries to read one piece of markup at `at` (which holds `<`).
pub(crate) fn lex_markup(html: &str, at: usize) -> Option<Token> {
    let rest = &html[at..];
    if let Some(after) = rest.strip_prefix("<!--") {
        let text_start = at + 4;
        // CommonMark: `<!-->` and `<!--->` are (empty) comments too.
        if after.starts_with('>') {
            return Some(Token::Comment {
                text_start,
                text_end: text_start,
                start: at,
                end: text_start + 1,
                closed: true,
            });
        }
        if after.starts_with("->") {
            return Some(Token::Comment {
                text_start,
                text_end: text_start,
                start: at,
                end: text_start + 2,
                closed: true,
            });
        }
        return Some(match after.find("-->") {
            Some(pos) => Token::Comment {
                text_start,
                text_end: text_start + pos,
                start: at,
                end: text_start + pos + 3,
                closed: true,
            },
            None => Token::Comment {
                text_start,
                text_end: html.len(),
                start: at,
                end: html.len(),
                closed: false,
            },
        });
    }
    if rest.starts_with("<![CDATA[") {
        let end = rest.find("]]>").map_or(html.len(), |p| at + p + 3);
        return Some(Token::Other { start: at, end });
    }
    if rest.starts_with("<?") {
        let end = rest.find("?>").map_or(html.len(), |p| at + p + 2);
        return Some(Token::Other { start: at, end });
    }
    if rest.starts_with("<!") && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        let end = rest.find('>').map_or(html.len(), |p| at + p + 1);
        return Some(Token::Other { start: at, end });
    }
    if let Some(after) = rest.strip_prefix("</") {
        let name_len = tag_name_len(after)?;
        let name = after[..name_len].to_ascii_lowercase();
        let tail = &after[name_len..];
        let ws = tail.len() - tail.trim_start().len();
        if tail[ws..].starts_with('>') {
            return Some(Token::End {
                name,
                start: at,
                end: at + 2 + name_len + ws + 1,
            });
        }
        return None;
    }
    let after = &rest[1..];
    let name_len = tag_name_len(after)?;
    let name = after[..name_len].to_ascii_lowercase();
    let mut pos = at + 1 + name_len;
    let mut attrs = Vec::new();
    loop {
        let tail = &html[pos..];
        let ws = tail.len() - tail.trim_start().len();
        let tail_ws = &tail[ws..];
        if tail_ws.starts_with("/>") {
            return Some(Token::Start {
                name,
                attrs,
                self_closing: true,
                start: at,
                end: pos + ws + 2,
            });
        }
        if tail_ws.starts_with('>') {
            return Some(Token::Start {
                name,
                attrs,
                self_closing: false,
                start: at,
                end: pos + ws + 1,
            });
        }
        // An attribute needs whitespace before it.
        if ws == 0 {
            return None;
        }
        let (attr, len) = attribute(tail_ws)?;
        attrs.push(attr);
        pos += ws + len;
    }
}

fn tag_name_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    Some(
        bytes
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .unwrap_or(bytes.len()),
    )
}

/// Reads `name`, `name=value`, `name="value"` or `name='value'`.
fn attribute(s: &str) -> Option<((String, String), usize)> {
    let bytes = s.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b':') {
        return None;
    }
    let name_len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-')))
        .unwrap_or(bytes.len());
    let name = s[..name_len].to_ascii_lowercase();
    let rest = &s[name_len..];
    let ws = rest.len() - rest.trim_start().len();
    let Some(value_part) = rest[ws..].strip_prefix('=') else {
        return Some(((name, String::new()), name_len));
    };
    let ws2 = value_part.len() - value_part.trim_start().len();
    let value_str = &value_part[ws2..];
    let consumed_before = name_len + ws + 1 + ws2;
    let quote = value_str.chars().next()?;
    if quote == '"' || quote == '\'' {
        let close = value_str[1..].find(quote)?;
        let raw = &value_str[1..1 + close];
        Some(((name, decode(raw)), consumed_before + close + 2))
    } else {
        let len = value_str
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`'))
            .unwrap_or(value_str.len());
        if len == 0 {
            return None;
        }
        Some(((name, decode(&value_str[..len])), consumed_before + len))
    }
}

/// Decodes HTML character references.
pub(crate) fn decode(text: &str) -> String {
    if text.contains('&') {
        html_escape::decode_html_entities(text).into_owned()
    } else {
        text.to_owned()
    }
}

/// Attributes as a map (the first of duplicated names wins, as in browsers).
pub(crate) fn attr_map(attrs: &[(String, String)]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (name, value) in attrs {
        map.entry(name.clone()).or_insert_with(|| value.clone());
    }
    map
}

/// Elements HedgeDoc's sanitizer (js-xss with HedgeDoc's additions) lets
/// through. Any other tag is escaped by HedgeDoc and shows as literal text.
pub(crate) fn is_allowed_tag(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "address"
            | "area"
            | "article"
            | "aside"
            | "audio"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "dd"
            | "del"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "figcaption"
            | "figure"
            | "font"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "i"
            | "iframe"
            | "img"
            | "ins"
            | "kbd"
            | "li"
            | "mark"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "rp"
            | "rt"
            | "ruby"
            | "s"
            | "section"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "style"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "tt"
            | "u"
            | "ul"
            | "video"
    )
}

/// Void elements: never have an end tag or children.
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_tags_attributes_comments_and_text() {
        let html = r##"a<font color="#50c3a5" style='x'>b</font ><br/><!-- c -->d < e"##;
        let tokens = lex(html);
        assert!(matches!(tokens[0], Token::Text { start: 0, end: 1 }));
        let Token::Start { name, attrs, .. } = &tokens[1] else {
            panic!("{tokens:?}")
        };
        assert_eq!(name, "font");
        assert_eq!(attrs[0], ("color".into(), "#50c3a5".into()));
        assert_eq!(attrs[1], ("style".into(), "x".into()));
        assert!(matches!(&tokens[3], Token::End { name, .. } if name == "font"));
        assert!(matches!(
            &tokens[4],
            Token::Start {
                self_closing: true,
                ..
            }
        ));
        let Token::Comment {
            text_start,
            text_end,
            closed: true,
            ..
        } = tokens[5]
        else {
            panic!()
        };
        assert_eq!(&html[text_start..text_end], " c ");
        assert!(matches!(tokens.last(), Some(Token::Text { .. })));
    }

    #[test]
    fn not_a_tag_is_text() {
        for s in ["<3", "a < b", "<>", "</ >", "<a b=>", "<a\"x\">"] {
            assert!(
                lex(s).iter().all(|t| matches!(t, Token::Text { .. })),
                "{s}"
            );
        }
    }

    #[test]
    fn unclosed_comment_runs_to_the_end() {
        let tokens = lex("x <!-- open");
        assert!(matches!(
            tokens[1],
            Token::Comment {
                closed: false,
                end: 11,
                ..
            }
        ));
    }

    #[test]
    fn unquoted_and_boolean_attributes() {
        let tokens = lex("<img src=a.png width=50% hidden>");
        let Token::Start { attrs, .. } = &tokens[0] else {
            panic!()
        };
        assert_eq!(attrs.len(), 3);
        assert_eq!(attrs[1], ("width".into(), "50%".into()));
        assert_eq!(attrs[2], ("hidden".into(), String::new()));
    }
}
