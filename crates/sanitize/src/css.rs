//! The deck's CSS, filtered against allowlists: the one filter of every
//! export.
//!
//! Decks bring CSS in `<style>` blocks ([`filter_stylesheet`]) and `style`
//! attributes ([`filter_declarations`]). What passes:
//!
//! - **Comments** become one space, as in CSS, where a comment ends a token
//!   (`1px/**/2px` is two lengths, `ex/**/pression(` a word and a
//!   parenthesis); an unclosed comment runs to the end of the CSS.
//! - **Style rules** whose selectors use only letters, digits, whitespace
//!   and `. # - _ > + ~ * : ( ) [ ] = ^ $ | " ' ,` (so no `\` escape, no
//!   `<`, `/`, `;`, `@` or braces), with no empty selector in the list.
//! - **`@media` and `@supports`** whose prelude uses only letters, digits,
//!   whitespace and `- _ ( ) : , . % /`, up to four levels deep; their rules
//!   pass by the same rules. Every other at-rule (`@import`, `@font-face`,
//!   `@namespace`, `@charset`, `@keyframes`, `@page` ...) is dropped, as is
//!   a block that is never closed and text that is not a rule.
//! - **Declarations** `property: value` with the property in [`PROPERTIES`]
//!   (no custom properties, no vendor prefixes, no `behavior` or
//!   `-moz-binding`) and a value that
//!   - is not empty and has no `\`, `<`, `>`, `{`, `}` or NUL, and none of
//!     [`DENIED`] in any case, not even in a string;
//!   - outside strings has only words, numbers, whitespace, balanced
//!     parentheses and `# % + - * / , . !`, and calls no function but
//!     those in [`FUNCTIONS`] and `url()`;
//!   - closes its strings on their line;
//!   - has a `url()` only where the caller's resolver turns its target into
//!     a `data:image/` URI, which the `url()` is rewritten to.
//!
//! Whatever is dropped is reported as a [`Dropped`]. Nothing is scoped or
//! mapped here: the HTML export puts the selectors under its deck element,
//! the PDF export maps the declarations onto its template.

use std::fmt;

/// The properties a deck may set, sorted: text, colour, box, layout and
/// background properties. Everything else is dropped: custom properties
/// (`--x`), vendor-prefixed ones, and those that run code (`behavior`,
/// `-moz-binding`), generate content (`content`) or animate.
pub const PROPERTIES: &[&str] = &[
    "align-content",
    "align-items",
    "align-self",
    "background",
    "background-attachment",
    "background-clip",
    "background-color",
    "background-image",
    "background-origin",
    "background-position",
    "background-position-x",
    "background-position-y",
    "background-repeat",
    "background-size",
    "border",
    "border-bottom",
    "border-bottom-color",
    "border-bottom-left-radius",
    "border-bottom-right-radius",
    "border-bottom-style",
    "border-bottom-width",
    "border-collapse",
    "border-color",
    "border-left",
    "border-left-color",
    "border-left-style",
    "border-left-width",
    "border-radius",
    "border-right",
    "border-right-color",
    "border-right-style",
    "border-right-width",
    "border-spacing",
    "border-style",
    "border-top",
    "border-top-color",
    "border-top-left-radius",
    "border-top-right-radius",
    "border-top-style",
    "border-top-width",
    "border-width",
    "bottom",
    "box-shadow",
    "box-sizing",
    "caption-side",
    "clear",
    "color",
    "column-count",
    "column-gap",
    "column-rule",
    "column-width",
    "columns",
    "direction",
    "display",
    "empty-cells",
    "flex",
    "flex-basis",
    "flex-direction",
    "flex-flow",
    "flex-grow",
    "flex-shrink",
    "flex-wrap",
    "float",
    "font",
    "font-family",
    "font-size",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "gap",
    "grid-area",
    "grid-column",
    "grid-row",
    "grid-template-columns",
    "grid-template-rows",
    "height",
    "hyphens",
    "justify-content",
    "justify-items",
    "justify-self",
    "left",
    "letter-spacing",
    "line-height",
    "list-style",
    "list-style-image",
    "list-style-position",
    "list-style-type",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "max-height",
    "max-width",
    "min-height",
    "min-width",
    "object-fit",
    "object-position",
    "opacity",
    "order",
    "outline",
    "outline-color",
    "outline-style",
    "outline-width",
    "overflow",
    "overflow-wrap",
    "overflow-x",
    "overflow-y",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "place-content",
    "place-items",
    "position",
    "right",
    "row-gap",
    "table-layout",
    "text-align",
    "text-decoration",
    "text-decoration-color",
    "text-decoration-line",
    "text-decoration-style",
    "text-indent",
    "text-overflow",
    "text-shadow",
    "text-transform",
    "top",
    "transform",
    "transform-origin",
    "vertical-align",
    "visibility",
    "white-space",
    "width",
    "word-break",
    "word-spacing",
    "word-wrap",
    "writing-mode",
    "z-index",
];

/// The functions a value may call besides `url()`, sorted: colours,
/// arithmetic, gradients, transforms, timing and grid sizes. Not
/// `expression()`, `image-set()`, `image()`, `element()`, `cross-fade()`,
/// `attr()`, `var()`, `env()` or anything else.
pub const FUNCTIONS: &[&str] = &[
    "calc",
    "clamp",
    "color",
    "color-mix",
    "conic-gradient",
    "cubic-bezier",
    "fit-content",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "linear-gradient",
    "matrix",
    "matrix3d",
    "max",
    "min",
    "minmax",
    "oklab",
    "oklch",
    "perspective",
    "radial-gradient",
    "repeat",
    "repeating-conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
    "rgb",
    "rgba",
    "rotate",
    "rotate3d",
    "rotatex",
    "rotatey",
    "rotatez",
    "scale",
    "scale3d",
    "scalex",
    "scaley",
    "skew",
    "skewx",
    "skewy",
    "steps",
    "translate",
    "translate3d",
    "translatex",
    "translatey",
];

/// Text no value may contain, in any case, not even in a string (what
/// would run or load something in some browser).
pub const DENIED: &[&str] = &[
    "expression(",
    "javascript:",
    "vbscript:",
    "behavior",
    "-moz-binding",
    "@import",
    "image-set(",
];

/// How deep `@media` and `@supports` may nest.
const MAX_DEPTH: usize = 4;

/// Resolves a `url()` target to a `data:image/` URI, or `None` to drop the
/// declaration. A result that is not a plain `data:image/` URI is treated
/// as `None`.
pub type UrlResolver<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// The resolver of an output that embeds no image from CSS: every `url()`
/// is dropped.
pub fn no_urls(_: &str) -> Option<String> {
    None
}

/// A declaration that passed: the property (lowercase) and its value
/// (trimmed, `url()`s rewritten to their `data:` URIs, `!important` kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The property name, lowercase.
    pub name: String,
    /// The value as written, but trimmed and with `url()`s rewritten.
    pub value: String,
}

impl fmt::Display for Declaration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}

/// A rule of a stylesheet that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// `selectors { declarations }`; never without declarations.
    Style {
        /// The selector list, split at its top-level commas, each trimmed.
        selectors: Vec<String>,
        /// The declarations that passed, in order.
        declarations: Vec<Declaration>,
    },
    /// `@media ... { rules }` or `@supports ... { rules }`.
    Group {
        /// `@media print`, as written (trimmed).
        prelude: String,
        /// The rules inside that passed (possibly none).
        rules: Vec<Rule>,
    },
}

/// Something the filter left out, for the export's diagnostics.
///
/// Displays as `` `what` `` followed by ` (why)` when there is a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// A short form of what was dropped (`@import url(…)`,
    /// `width: expression(…)`), at most 60 characters.
    pub what: String,
    /// Why, when it is not "it could load or run something".
    pub why: Option<&'static str>,
}

impl Dropped {
    fn new(what: String, why: Option<&'static str>) -> Self {
        Dropped { what, why }
    }

    /// Why it was dropped, in words.
    pub fn reason(&self) -> &'static str {
        self.why.unwrap_or("it could load or run something")
    }
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.what)?;
        if let Some(why) = self.why {
            write!(f, " ({why})")?;
        }
        Ok(())
    }
}

/// Filters a `<style>` block: the rules that pass, in order.
pub fn filter_stylesheet(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Vec<Dropped>,
) -> Vec<Rule> {
    let css = strip_comments(css);
    let mut out = Vec::new();
    rules(&css, urls, dropped, &mut out, 0);
    out
}

/// Filters a declaration list (a `style` attribute, a rule's body): the
/// declarations that pass, in order.
pub fn filter_declarations(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Vec<Dropped>,
) -> Vec<Declaration> {
    let css = strip_comments(css);
    let mut out = Vec::new();
    for decl in split_top(&css, ';') {
        let decl = decl.trim();
        if decl.is_empty() {
            continue;
        }
        match declaration(decl, urls) {
            Ok(d) => out.push(d),
            Err(d) => dropped.push(d),
        }
    }
    out
}

fn declaration(decl: &str, urls: &UrlResolver<'_>) -> Result<Declaration, Dropped> {
    let Some((name, value)) = decl.split_once(':') else {
        return Err(Dropped::new(short(decl), Some("not a declaration")));
    };
    let name = name.trim().to_ascii_lowercase();
    let value = value.trim();
    let name_ok = !name.is_empty()
        && name
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name_ok {
        return Err(Dropped::new(short(&name), Some("not a property name")));
    }
    let what = || format!("{name}: {}", short(value));
    if PROPERTIES.binary_search(&name.as_str()).is_err() {
        return Err(Dropped::new(what(), Some("not an allowed property")));
    }
    if value.is_empty() {
        return Err(Dropped::new(what(), Some("no value")));
    }
    let lower = value.to_ascii_lowercase();
    if value.contains(['\\', '<', '>', '{', '}', '\0']) || DENIED.iter().any(|d| lower.contains(d))
    {
        return Err(Dropped::new(what(), None));
    }
    let value = plain_value(value, urls).map_err(|why| Dropped::new(what(), Some(why)))?;
    Ok(Declaration { name, value })
}

const NOT_PLAIN: &str = "not plain CSS";
const NOT_A_FUNCTION: &str = "a function that is not allowed";
const NOT_AN_IMAGE: &str = "a url() that is not an embedded image";

/// Checks a value against the allowlists and rewrites its `url()`s.
fn plain_value(value: &str, urls: &UrlResolver<'_>) -> Result<String, &'static str> {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0usize;
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if c == '"' || c == '\'' {
            let end = rest[1..]
                .find([c, '\n', '\r', '\x0c'])
                .filter(|&i| rest[1 + i..].starts_with(c))
                .ok_or(NOT_PLAIN)?;
            let (string, tail) = rest.split_at(end + 2);
            out.push_str(string);
            rest = tail;
        } else if c.is_alphabetic() || c == '-' || c == '_' {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_'))
                .unwrap_or(rest.len());
            let (word, tail) = rest.split_at(len);
            if let Some(args) = tail.strip_prefix('(') {
                let function = word.to_ascii_lowercase();
                if function == "url" {
                    let (target, after) = url_target(args).ok_or(NOT_AN_IMAGE)?;
                    let data = urls(target)
                        .filter(|d| is_data_image(d))
                        .ok_or(NOT_AN_IMAGE)?;
                    out.push_str("url(\"");
                    out.push_str(&data);
                    out.push_str("\")");
                    rest = after;
                    continue;
                }
                if FUNCTIONS.binary_search(&function.as_str()).is_err() {
                    return Err(NOT_A_FUNCTION);
                }
            }
            out.push_str(word);
            rest = tail;
        } else {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.checked_sub(1).ok_or(NOT_PLAIN)?,
                c if c.is_ascii_digit() || c.is_whitespace() || "#%+*/,.!".contains(c) => {}
                _ => return Err(NOT_PLAIN),
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if depth != 0 {
        return Err(NOT_PLAIN);
    }
    Ok(out)
}

/// The target of a `url(` whose `(` ends just before `args`, and the text
/// after its `)`. A quoted target may hold spaces; an unquoted one may not.
fn url_target(args: &str) -> Option<(&str, &str)> {
    let args = args.trim_start();
    let (target, after) = match args.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let end = args[1..].find(q)?;
            (&args[1..1 + end], &args[1 + end + 1..])
        }
        _ => {
            let end = args.find(')')?;
            let target = &args[..end];
            if target
                .trim()
                .contains(|c: char| c.is_whitespace() || "\"'(".contains(c))
            {
                return None;
            }
            (target, &args[end..])
        }
    };
    let after = after.trim_start().strip_prefix(')')?;
    let target = target.trim();
    (!target.is_empty() && !target.contains(['\n', '\r'])).then_some((target, after))
}

/// A `data:image/` URI of plain characters (base64 and the media type).
fn is_data_image(uri: &str) -> bool {
    uri.starts_with("data:image/")
        && uri
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=;,.:_-".contains(c))
}

fn rules(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Vec<Dropped>,
    out: &mut Vec<Rule>,
    depth: usize,
) {
    let mut rest = css;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return;
        }
        // The prelude runs to `{` (a block) or `;` (a statement at-rule).
        let brace = rest.find('{');
        let semi = rest.find(';');
        match (brace, semi) {
            (Some(b), Some(s)) if s < b => {
                dropped.push(Dropped::new(short(rest[..s].trim()), None));
                rest = &rest[s + 1..];
            }
            (None, Some(s)) => {
                dropped.push(Dropped::new(short(rest[..s].trim()), None));
                rest = &rest[s + 1..];
            }
            (None, None) => {
                dropped.push(Dropped::new(short(rest.trim()), Some("no block")));
                return;
            }
            (Some(b), _) => {
                let prelude = rest[..b].trim();
                let Some(end) = matching_brace(rest, b) else {
                    dropped.push(Dropped::new(short(prelude), Some("unclosed block")));
                    return;
                };
                let body = &rest[b + 1..end];
                rest = &rest[end + 1..];
                if let Some(at) = prelude.strip_prefix('@') {
                    let keyword = at
                        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    let prelude_ok = prelude[1..].chars().all(|c| {
                        c.is_ascii_alphanumeric() || c.is_whitespace() || "-_():,.%/".contains(c)
                    });
                    if matches!(keyword.as_str(), "media" | "supports")
                        && prelude_ok
                        && depth < MAX_DEPTH
                    {
                        let mut inner = Vec::new();
                        rules(body, urls, dropped, &mut inner, depth + 1);
                        out.push(Rule::Group {
                            prelude: prelude.to_owned(),
                            rules: inner,
                        });
                    } else {
                        dropped.push(Dropped::new(format!("@{keyword}"), None));
                    }
                    continue;
                }
                let Some(selectors) = selectors(prelude) else {
                    dropped.push(Dropped::new(short(prelude), Some("selector")));
                    continue;
                };
                let declarations = filter_declarations(body, urls, dropped);
                if !declarations.is_empty() {
                    out.push(Rule::Style {
                        selectors,
                        declarations,
                    });
                }
            }
        }
    }
}

/// The selectors of a rule's prelude; `None` when it is not plain.
fn selectors(prelude: &str) -> Option<Vec<String>> {
    let plain =
        |c: char| c.is_alphanumeric() || c.is_whitespace() || ".#-_>+~*:()[]=^$|\"',".contains(c);
    if prelude.is_empty() || !prelude.chars().all(plain) {
        return None;
    }
    let list: Vec<String> = split_top(prelude, ',')
        .into_iter()
        .map(|s| s.trim().to_owned())
        .collect();
    (!list.iter().any(String::is_empty)).then_some(list)
}

/// The index of the `}` that closes the block opened at `open`.
fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside parentheses and quotes.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `css` with each comment replaced by one space; an unclosed comment runs
/// to the end.
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// Whitespace folded, at most 60 characters.
fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls(css: &str, urls: &UrlResolver<'_>, dropped: &mut Vec<Dropped>) -> String {
        filter_declarations(css, urls, dropped)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn sheet(css: &str, dropped: &mut Vec<Dropped>) -> String {
        fn write(rules: &[Rule], out: &mut String) {
            for rule in rules {
                match rule {
                    Rule::Style {
                        selectors,
                        declarations,
                    } => {
                        let d: Vec<String> = declarations.iter().map(ToString::to_string).collect();
                        out.push_str(&format!(
                            "{} {{ {} }}\n",
                            selectors.join(", "),
                            d.join("; ")
                        ));
                    }
                    Rule::Group { prelude, rules } => {
                        out.push_str(prelude);
                        out.push_str(" {\n");
                        write(rules, out);
                        out.push_str("}\n");
                    }
                }
            }
        }
        let mut out = String::new();
        write(&filter_stylesheet(css, &no_urls, dropped), &mut out);
        out
    }

    #[test]
    fn the_allowlists_are_sorted() {
        for list in [PROPERTIES, FUNCTIONS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn declarations_pass_or_are_dropped() {
        let mut d = Vec::new();
        assert_eq!(
            decls("color: red; font-size:20px", &no_urls, &mut d),
            "color: red; font-size: 20px"
        );
        assert_eq!(
            decls(
                "text-shadow: -1px 1px 0 #FFF, 1px 1px 0 #FFF; display: block!important; color: rgb(1, 2, 3); width: calc(100% - 2em)",
                &no_urls,
                &mut d
            ),
            "text-shadow: -1px 1px 0 #FFF, 1px 1px 0 #FFF; display: block!important; color: rgb(1, 2, 3); width: calc(100% - 2em)"
        );
        assert!(d.is_empty(), "{d:?}");
        for (bad, why) in [
            ("width: expression(alert(1))", None),
            (
                "background: url(https://evil.example/x.png)",
                Some(NOT_AN_IMAGE),
            ),
            ("background: u\\72l(https://evil.example/x.png)", None),
            ("behavior: url(x.htc)", Some("not an allowed property")),
            (
                "-moz-binding: url(x.xml#xss)",
                Some("not an allowed property"),
            ),
            ("color: red</style><script>alert(1)</script>", None),
            (
                "background-image: image-set(\"https://e.example/a.png\" 1x)",
                None,
            ),
            ("x: javascript:alert(1)", Some("not an allowed property")),
            ("color: javascript:alert(1)", None),
            ("font-family: \"behavior\"", None),
            ("--main: red", Some("not an allowed property")),
            (
                "-webkit-text-stroke: 1px red",
                Some("not an allowed property"),
            ),
            ("color:", Some("no value")),
            ("color: attr(title)", Some(NOT_A_FUNCTION)),
            ("color: var(--x)", Some(NOT_A_FUNCTION)),
            (
                "filter: progid:DXImageTransform.Microsoft.Alpha(opacity=50)",
                Some("not an allowed property"),
            ),
            ("opacity: progid:x(opacity=50)", Some(NOT_PLAIN)),
            ("color: red)", Some(NOT_PLAIN)),
            ("color: (red", Some(NOT_PLAIN)),
            ("font-family: \"Lato", Some(NOT_PLAIN)),
            ("color: red; = x", Some("not a declaration")),
            ("col or: red", Some("not a property name")),
        ] {
            let mut d = Vec::new();
            let kept = decls(bad, &no_urls, &mut d);
            let expected = if bad.starts_with("color: red;") {
                "color: red"
            } else {
                ""
            };
            assert_eq!(kept, expected, "{bad}");
            assert_eq!(d.len(), 1, "{bad}");
            assert_eq!(d[0].why, why, "{bad}");
        }
        let embed = |u: &str| (u == "logo.png").then(|| "data:image/png;base64,AAAA".to_owned());
        assert_eq!(
            decls("background: url('logo.png') no-repeat", &embed, &mut d),
            "background: url(\"data:image/png;base64,AAAA\") no-repeat"
        );
        assert_eq!(
            decls("background: URL( logo.png ) no-repeat", &embed, &mut d),
            "background: url(\"data:image/png;base64,AAAA\") no-repeat"
        );
        assert!(d.is_empty(), "{d:?}");
        // A resolver can only put a plain `data:image/` URI in.
        for uri in [
            "data:text/css,x",
            "data:image/png;base64,A\")x",
            "https://x/a.png",
        ] {
            let mut d = Vec::new();
            let bad = |_: &str| Some(uri.to_owned());
            assert_eq!(decls("background: url(a.png)", &bad, &mut d), "", "{uri}");
            assert_eq!(d[0].why, Some(NOT_AN_IMAGE));
        }
        // What the HTML export writes passes again unchanged.
        let written = "background: url(\"data:image/png;base64,AAAA\") no-repeat";
        let keep = |u: &str| Some(u.to_owned());
        assert_eq!(decls(written, &keep, &mut d), written);
    }

    #[test]
    fn comments_become_a_space() {
        let mut d = Vec::new();
        assert_eq!(
            decls("margin: 1px/**/2px; color: /* x */ red", &no_urls, &mut d),
            "margin: 1px 2px; color: red"
        );
        assert_eq!(
            decls("color: red; /* unclosed", &no_urls, &mut d),
            "color: red"
        );
        assert!(d.is_empty(), "{d:?}");
        // A comment separates what it stands between, as in a browser.
        assert_eq!(decls("color: r/**/ed", &no_urls, &mut d), "color: r ed");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            decls("width: ex/**/pression(alert(1))", &no_urls, &mut d),
            ""
        );
        assert_eq!(d[0].why, Some(NOT_A_FUNCTION));
    }

    #[test]
    fn stylesheets_are_filtered() {
        let mut d = Vec::new();
        let css = "@import url(https://evil.example/x.css);\n/* c */ .slides h1 { font-size: 40px; color: \"#50c3a5\"; }\nh1,h2 { color: blue }\nbody { background: black }\n@media print { p { color: red } }\n@font-face { font-family: x; src: url(https://e.example/f.woff) }\n.reveal section img { border: none }\n";
        assert_eq!(
            sheet(css, &mut d),
            ".slides h1 { font-size: 40px; color: \"#50c3a5\" }\nh1, h2 { color: blue }\nbody { background: black }\n@media print {\np { color: red }\n}\n.reveal section img { border: none }\n"
        );
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["`@import url(https://evil.example/x.css)`", "`@font-face`"]
        );
        let mut d = Vec::new();
        assert_eq!(sheet("h1 { color: red", &mut d), "");
        assert_eq!(sheet("h1\\3c { color: red }", &mut d), "");
        assert_eq!(sheet("h1, { color: red }", &mut d), "");
        assert_eq!(sheet("a/deep/b { color: red }", &mut d), "");
        assert_eq!(sheet("@media (x<y) { p { color: red } }", &mut d), "");
        assert_eq!(sheet("@media \"x\" { p { color: red } }", &mut d), "");
        assert_eq!(
            sheet("ul > li, a[href^=\"x\"]:not(.y) { color: red }", &mut d),
            "ul > li, a[href^=\"x\"]:not(.y) { color: red }\n"
        );
        assert_eq!(
            sheet(
                "@media screen and (min-width: 16/9) { @supports (display: grid) { p { color: red } } }",
                &mut d
            ),
            "@media screen and (min-width: 16/9) {\n@supports (display: grid) {\np { color: red }\n}\n}\n"
        );
        let deep =
            "@media a { @media b { @media c { @media d { @media e { p { color: red } } } } } }";
        assert!(!sheet(deep, &mut d).contains("@media e"));
        // A statement at-rule does not swallow the rule after it.
        let mut d = Vec::new();
        assert_eq!(
            sheet("@import 'x.css'; h1 { color: red }", &mut d),
            "h1 { color: red }\n"
        );
        assert_eq!(d.len(), 1);
    }
}
