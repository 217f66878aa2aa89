//! The deck's CSS, filtered and scoped.
//!
//! Decks bring CSS in `<style>` blocks and `style` attributes. What passes:
//! plain declarations (`property: value`) whose value has no backslash
//! escape, no `<`, no `expression(`, `javascript:`, `behavior`, `-moz-binding`
//! and no `url()` except one that resolves to an embedded image (it is
//! rewritten to the image's `data:` URI). `@import`, `@font-face`,
//! `@namespace` and `@charset` are dropped; `@media` and `@supports` keep
//! their (filtered) rules. Every selector is scoped under `.dt-deck`, so a
//! deck styles its slides and never the page around them; `html`, `body` and
//! `:root` stand for the deck itself.

/// Resolves a `url()` target to a `data:` URI, or `None` to drop it.
pub(crate) type UrlResolver<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// What the filter dropped, for the export's diagnostics.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// Short descriptions (`@import`, `url(https://…)`, ...).
    pub(crate) items: Vec<String>,
}

/// Filters one `style` attribute: the declarations that pass, joined.
pub(crate) fn filter_declarations(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Dropped,
) -> String {
    let css = strip_comments(css);
    let mut out = Vec::new();
    for decl in split_top(&css, ';') {
        let decl = decl.trim();
        if decl.is_empty() {
            continue;
        }
        match filter_declaration(decl, urls) {
            Ok(d) => out.push(d),
            Err(why) => dropped.items.push(why),
        }
    }
    out.join("; ")
}

fn filter_declaration(decl: &str, urls: &UrlResolver<'_>) -> Result<String, String> {
    let Some((name, value)) = decl.split_once(':') else {
        return Err(format!("`{}` (not a declaration)", short(decl)));
    };
    let name = name.trim().to_ascii_lowercase();
    let value = value.trim();
    let name_ok = !name.is_empty()
        && name
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name_ok {
        return Err(format!("`{}` (not a property name)", short(&name)));
    }
    let lower = value.to_ascii_lowercase();
    let bad = [
        "expression(",
        "javascript:",
        "vbscript:",
        "behavior",
        "-moz-binding",
        "@import",
        "image-set(",
    ];
    if value.contains(['\\', '<', '>', '{', '}', '\0'])
        || bad.iter().any(|b| lower.contains(b))
        || name == "behavior"
        || name == "-moz-binding"
    {
        return Err(format!("`{name}: {}`", short(value)));
    }
    // A deck names web fonts HedgeDoc loads (`lato`); offline, a list
    // without a generic family would fall back to a serif face.
    let generic = [
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
    ];
    let value = if name == "font-family"
        && !generic.iter().any(|g| {
            lower
                .split(',')
                .any(|f| f.trim().trim_matches(['"', '\'']) == *g)
        }) {
        format!("{value}, sans-serif")
    } else {
        value.to_owned()
    };
    let value = rewrite_urls(&value, urls).ok_or_else(|| {
        format!(
            "`{name}: {}` (a url() that is not an embedded image)",
            short(&value)
        )
    })?;
    Ok(format!("{name}: {value}"))
}

/// Replaces each `url(...)` with the embedded image it names; `None` when
/// one of them cannot be embedded.
fn rewrite_urls(value: &str, urls: &UrlResolver<'_>) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if !lower.contains("url(") {
        return Some(value.to_owned());
    }
    let mut out = String::new();
    let mut rest = value;
    loop {
        let Some(at) = rest.to_ascii_lowercase().find("url(") else {
            out.push_str(rest);
            return Some(out);
        };
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let close = after.find(')')?;
        let target = after[..close].trim().trim_matches(['"', '\'']).trim();
        let data = urls(target)?;
        out.push_str("url(\"");
        out.push_str(&data);
        out.push_str("\")");
        rest = &after[close + 1..];
    }
}

/// Filters and scopes a `<style>` block.
pub(crate) fn filter_stylesheet(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Dropped,
) -> String {
    let css = strip_comments(css);
    let mut out = String::new();
    rules(&css, urls, dropped, &mut out, 0);
    out
}

fn rules(css: &str, urls: &UrlResolver<'_>, dropped: &mut Dropped, out: &mut String, depth: usize) {
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
                dropped.items.push(format!("`{}`", short(rest[..s].trim())));
                rest = &rest[s + 1..];
            }
            (None, Some(s)) => {
                dropped.items.push(format!("`{}`", short(rest[..s].trim())));
                rest = &rest[s + 1..];
            }
            (None, None) => {
                dropped
                    .items
                    .push(format!("`{}` (no block)", short(rest.trim())));
                return;
            }
            (Some(b), _) => {
                let prelude = rest[..b].trim();
                let Some(end) = matching_brace(rest, b) else {
                    dropped
                        .items
                        .push(format!("`{}` (unclosed block)", short(prelude)));
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
                    let prelude_ok = !prelude.contains(['\\', '<', '>', '{', '}']);
                    if matches!(keyword.as_str(), "media" | "supports") && prelude_ok && depth < 4 {
                        out.push_str(prelude);
                        out.push_str(" {\n");
                        rules(body, urls, dropped, out, depth + 1);
                        out.push_str("}\n");
                    } else {
                        dropped.items.push(format!("`@{keyword}`"));
                    }
                    continue;
                }
                let Some(selectors) = scope(prelude) else {
                    dropped
                        .items
                        .push(format!("`{}` (selector)", short(prelude)));
                    continue;
                };
                let declarations = filter_declarations(body, urls, dropped);
                if declarations.is_empty() {
                    continue;
                }
                out.push_str(&selectors);
                out.push_str(" { ");
                out.push_str(&declarations);
                out.push_str(" }\n");
            }
        }
    }
}

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

/// Scopes a selector list under `.dt-deck`; `None` for a selector that is
/// not plain (escapes, `<`, a `}`).
fn scope(prelude: &str) -> Option<String> {
    // `>` is the child combinator; `<` could end the `<style>` element.
    if prelude.is_empty() || prelude.contains(['\\', '<', '{', '}', ';', '@']) {
        return None;
    }
    let mut out = Vec::new();
    for selector in split_top(prelude, ',') {
        let selector = selector.trim();
        if selector.is_empty() {
            return None;
        }
        // `html`, `body` and `:root` at the start mean the deck itself.
        let mut rest = selector;
        loop {
            let lower = rest.to_ascii_lowercase();
            let word = ["html", "body", ":root"].into_iter().find(|w| {
                lower.starts_with(w)
                    && !lower[w.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
            });
            match word {
                Some(w) => {
                    rest = rest[w.len()..]
                        .trim_start()
                        .trim_start_matches('>')
                        .trim_start()
                }
                None => break,
            }
        }
        out.push(if rest.is_empty() {
            ".dt-deck".to_owned()
        } else {
            format!(".dt-deck {rest}")
        });
    }
    Some(out.join(", "))
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

    fn no_urls(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn declarations_pass_or_are_dropped() {
        let mut d = Dropped::default();
        assert_eq!(
            filter_declarations("color: red; font-size:20px", &no_urls, &mut d),
            "color: red; font-size: 20px"
        );
        for bad in [
            "width: expression(alert(1))",
            "background: url(https://evil.example/x.png)",
            "background: u\\72l(https://evil.example/x.png)",
            "behavior: url(x.htc)",
            "-moz-binding: url(x.xml#xss)",
            "color: red</style><script>alert(1)</script>",
            "background-image: image-set(\"https://e.example/a.png\" 1x)",
            "x: javascript:alert(1)",
        ] {
            let mut d = Dropped::default();
            assert_eq!(filter_declarations(bad, &no_urls, &mut d), "", "{bad}");
            assert_eq!(d.items.len(), 1, "{bad}");
        }
        let embed = |u: &str| (u == "logo.png").then(|| "data:image/png;base64,AAAA".to_owned());
        assert_eq!(
            filter_declarations("background: url('logo.png') no-repeat", &embed, &mut d),
            "background: url(\"data:image/png;base64,AAAA\") no-repeat"
        );
    }

    #[test]
    fn stylesheets_are_filtered_and_scoped() {
        let mut d = Dropped::default();
        let css = "@import url(https://evil.example/x.css);\n/* c */ .slides h1 { font-size: 40px; color: \"#50c3a5\"; }\nh1,h2 { color: blue }\nbody { background: black }\n@media print { p { color: red } }\n@font-face { font-family: x; src: url(https://e.example/f.woff) }\n.reveal section img { border: none }\n";
        let got = filter_stylesheet(css, &no_urls, &mut d);
        assert_eq!(
            got,
            ".dt-deck .slides h1 { font-size: 40px; color: \"#50c3a5\" }\n.dt-deck h1, .dt-deck h2 { color: blue }\n.dt-deck { background: black }\n@media print {\n.dt-deck p { color: red }\n}\n.dt-deck .reveal section img { border: none }\n"
        );
        assert_eq!(
            d.items,
            ["`@import url(https://evil.example/x.css)`", "`@font-face`"]
        );
        let mut d = Dropped::default();
        assert_eq!(filter_stylesheet("h1 { color: red", &no_urls, &mut d), "");
        assert_eq!(
            filter_stylesheet("h1\\3c { color: red }", &no_urls, &mut d),
            ""
        );
        assert_eq!(
            filter_stylesheet("ul > li { color: red }", &no_urls, &mut d),
            ".dt-deck ul > li { color: red }\n"
        );
    }
}
