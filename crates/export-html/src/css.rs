//! The deck's CSS as the HTML export writes it.
//!
//! What may pass is decided by [`decktype_sanitize::css`] (allowlists; a
//! `url()` only as an embedded image, rewritten to its `data:` URI). This
//! module does what is particular to the HTML page: every selector is
//! scoped under `.dt-deck`, so a deck styles its slides and never the page
//! around them (`html`, `body` and `:root` stand for the deck itself), and a
//! `font-family` list without a generic family gets `sans-serif`.

use decktype_sanitize::css::{self, Declaration, Dropped, Rule, UrlResolver};

/// Filters one `style` attribute: the declarations that pass, written.
pub(crate) fn filter_declarations(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Vec<Dropped>,
) -> String {
    declarations(&css::filter_declarations(css, urls, dropped))
}

/// Filters a `<style>` block: the rules that pass, scoped and written.
pub(crate) fn filter_stylesheet(
    css: &str,
    urls: &UrlResolver<'_>,
    dropped: &mut Vec<Dropped>,
) -> String {
    let mut out = String::new();
    write_rules(&css::filter_stylesheet(css, urls, dropped), &mut out);
    out
}

fn write_rules(rules: &[Rule], out: &mut String) {
    for rule in rules {
        match rule {
            Rule::Style {
                selectors,
                declarations: list,
            } => {
                let scoped: Vec<String> = selectors.iter().filter_map(|s| scope(s)).collect();
                if scoped.is_empty() {
                    continue;
                }
                out.push_str(&scoped.join(", "));
                out.push_str(" { ");
                out.push_str(&declarations(list));
                out.push_str(" }\n");
            }
            Rule::Group { prelude, rules } => {
                out.push_str(prelude);
                out.push_str(" {\n");
                write_rules(rules, out);
                out.push_str("}\n");
            }
            _ => {}
        }
    }
}

/// The declarations, joined with `; `.
fn declarations(list: &[Declaration]) -> String {
    list.iter()
        .map(|d| {
            let lower = d.value.to_ascii_lowercase();
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
            if d.name == "font-family"
                && !generic.iter().any(|g| {
                    lower
                        .split(',')
                        .any(|f| f.trim().trim_matches(['"', '\'']) == *g)
                })
            {
                format!("{d}, sans-serif")
            } else {
                d.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One selector scoped under `.dt-deck`; `html`, `body` and `:root` at its
/// start mean the deck itself. `None` for a selector that would then start
/// with a sibling combinator (`body ~ div`, `html + *`): it matches nothing
/// in a page, and under `.dt-deck` it would reach the page's controls
/// beside the deck.
fn scope(selector: &str) -> Option<String> {
    let mut rest = selector;
    loop {
        let lower = rest.to_ascii_lowercase();
        let word = ["html", "body", ":root"].into_iter().find(|w| {
            lower.starts_with(w)
                && !lower[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
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
    if rest.starts_with(['~', '+']) {
        None
    } else if rest.is_empty() {
        Some(".dt-deck".to_owned())
    } else {
        Some(format!(".dt-deck {rest}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_are_filtered_and_scoped() {
        let mut d = Vec::new();
        let css = "@import url(https://evil.example/x.css);\n/* c */ .slides h1 { font-size: 40px; color: \"#50c3a5\"; }\nh1,h2 { color: blue }\nbody { background: black }\nhtml > body p, :root h2 { color: red }\n@media print { p { color: red } }\n@font-face { font-family: x; src: url(https://e.example/f.woff) }\n.reveal section img { border: none }\n";
        let got = filter_stylesheet(css, &css::no_urls, &mut d);
        assert_eq!(
            got,
            ".dt-deck .slides h1 { font-size: 40px; color: \"#50c3a5\" }\n.dt-deck h1, .dt-deck h2 { color: blue }\n.dt-deck { background: black }\n.dt-deck p, .dt-deck h2 { color: red }\n@media print {\n.dt-deck p { color: red }\n}\n.dt-deck .reveal section img { border: none }\n"
        );
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["`@import url(https://evil.example/x.css)`", "`@font-face`"]
        );
        let mut d = Vec::new();
        assert_eq!(
            filter_stylesheet("ul > li { color: red }", &css::no_urls, &mut d),
            ".dt-deck ul > li { color: red }\n"
        );
        // Nothing reaches past the deck: a sibling of the deck is the page's
        // controls, and `*` or `:has()` stay inside it.
        assert_eq!(
            filter_stylesheet(
                "body ~ div, html + * { display: none }\n:root ~ p, h1 { color: red }\n* , *:has(+ [class*=notes]) { display: none }\n~ div { color: red }",
                &css::no_urls,
                &mut d
            ),
            ".dt-deck h1 { color: red }\n.dt-deck *, .dt-deck *:has(+ [class*=notes]) { display: none }\n"
        );
    }

    #[test]
    fn font_lists_end_in_a_generic_family() {
        let mut d = Vec::new();
        assert_eq!(
            filter_declarations("font-family: lato; color: red", &css::no_urls, &mut d),
            "font-family: lato, sans-serif; color: red"
        );
        assert_eq!(
            filter_declarations("font-family: 'Lato', serif", &css::no_urls, &mut d),
            "font-family: 'Lato', serif"
        );
        assert!(d.is_empty(), "{d:?}");
    }
}
