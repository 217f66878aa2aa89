//! Fuzz target: the HTML export of any deck is safe when a browser reads it.
//!
//! Any UTF-8 input is parsed as a deck, enriched and exported to HTML as
//! `decktype export --to html` does (images: only `data:` ones resolve).
//! The file is then parsed with html5ever (scraper), as a browser would,
//! and must have:
//!
//! - exactly two `<script>` elements: decktype's data
//!   (`script#decktype-data`, `type="application/json"`, whose text is JSON)
//!   and the navigation script, whose text is the export's own `nav.js`
//!   byte for byte (the one script the Content-Security-Policy allows);
//! - one CSP `<meta>`, equal to the export's policy, and no other
//!   `http-equiv` (no refresh), no `<base>`, `<iframe>`, `<frame>`,
//!   `<object>`, `<embed>`, `<applet>`, `<form>`, `<link>`;
//! - no `on*` event-handler attribute on any element;
//! - no `javascript:`, `vbscript:` or `data:text/html` URL in any URL
//!   attribute (`href`, `xlink:href`, `src`, `action`, `formaction`,
//!   `poster` ...; entities are decoded by the parser, and whitespace,
//!   control characters and case are ignored as a browser ignores them),
//!   links only to http(s), mailto, tel or relative targets, and `src` only
//!   `data:image/`;
//! - no `@import` in any `<style>` element, and no `javascript:`,
//!   `expression(`, `behavior`, `-moz-binding` in any declaration (of a
//!   `<style>` rule or a `style` attribute), every CSS `url(` there a
//!   `data:image/` URI.

#![no_main]

use decktype_assets::Resolver;
use decktype_format::Envelope;
use libfuzzer_sys::fuzz_target;
use scraper::{Html, Node};

/// The export's navigation script (crates/export-html/assets/nav.js).
const NAV_JS: &str = include_str!("../../crates/export-html/assets/nav.js");

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let mut parsed = decktype_parse::parse(source, &Default::default());
    let options = decktype_semantics::Options::new(Some("deck.md"), None);
    let found = decktype_semantics::enrich(&mut parsed.deck, &options);
    parsed.diagnostics.extend(found);
    let envelope = Envelope::new(Some("deck.md"), source, parsed.deck, &parsed.diagnostics);
    let resolver = Resolver::none();
    let export = decktype_export_html::export(
        &envelope,
        &decktype_export_html::Options {
            resolver: &resolver,
        },
    );
    check(&export.html);
});

fn check(html: &str) {
    let doc = Html::parse_document(html);
    let csp = decktype_export_html::content_security_policy();
    let mut scripts = 0;
    let (mut data, mut nav, mut csp_metas) = (false, false, 0);
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name();
        let fail = |what: &str| -> ! {
            panic!(
                "{what} in <{name}> ({:?})\n{html}",
                el.attrs().collect::<Vec<_>>()
            )
        };
        let text = || -> String {
            node.children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect()
        };
        match name {
            "script" => {
                scripts += 1;
                let body = text();
                if el.id() == Some("decktype-data") && el.attr("type") == Some("application/json") {
                    assert!(!data, "two data scripts\n{html}");
                    data = true;
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(&body) {
                        fail(&format!("data script is not JSON ({e})"));
                    }
                } else if body == NAV_JS && el.attrs().count() == 0 {
                    assert!(!nav, "two navigation scripts\n{html}");
                    nav = true;
                } else {
                    fail("a script that is not decktype's");
                }
            }
            "base" | "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "form"
            | "link" | "portal" | "fencedframe" => fail("a forbidden element"),
            "meta" if el.attr("http-equiv").is_some() => {
                let ok = el
                    .attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("Content-Security-Policy"))
                    && el.attr("content") == Some(csp.as_str());
                if !ok {
                    fail("an http-equiv meta that is not the CSP");
                }
                csp_metas += 1;
            }
            "style" => {
                if let Some(why) = bad_sheet(&text()) {
                    fail(&format!("a style element with {why}"));
                }
            }
            _ => {}
        }
        for (attr, value) in el.attrs() {
            let attr_lower = attr.to_ascii_lowercase();
            if attr_lower.starts_with("on") && attr_lower != "open" {
                fail(&format!("event handler attribute `{attr}`"));
            }
            if attr_lower == "style" {
                if let Some(why) = bad_declarations(value) {
                    fail(&format!("a style attribute with {why}"));
                }
            }
            if URL_ATTRIBUTES.contains(&attr_lower.as_str()) {
                let url = normalise_url(value);
                for bad in ["javascript:", "vbscript:", "data:text/html", "livescript:"] {
                    if url.starts_with(bad) {
                        fail(&format!("`{bad}` in `{attr}`"));
                    }
                }
                if attr_lower == "href" && !link_ok(&url) {
                    fail(&format!("a link to `{value}`"));
                }
                if attr_lower == "src" && !url.starts_with("data:image/") {
                    fail(&format!("a src that is not an embedded image: `{value}`"));
                }
            }
            // srcset and SVG animation values carry URLs in lists.
            if matches!(
                attr_lower.as_str(),
                "srcset" | "values" | "to" | "from" | "by"
            ) {
                let v = normalise_url(value);
                if v.contains("javascript:") || v.contains("vbscript:") {
                    fail(&format!("a script URL in `{attr}`"));
                }
            }
        }
    }
    assert_eq!(scripts, 2, "not exactly two scripts\n{html}");
    assert!(
        data && nav,
        "decktype's two scripts not both present\n{html}"
    );
    assert_eq!(csp_metas, 1, "not exactly one CSP meta\n{html}");
}

const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "codebase",
    "ping",
    "lowsrc",
    "dynsrc",
    "manifest",
    "icon",
    "longdesc",
    "usemap",
    "xlink:href",
];

/// A URL as a browser reads its scheme: leading C0 controls and spaces
/// stripped, tabs and line breaks removed anywhere, lowercase.
fn normalise_url(value: &str) -> String {
    value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// http(s), mailto, tel, or no scheme at all (relative, `#fragment`).
fn link_ok(url: &str) -> bool {
    match url.find(':') {
        None => true,
        Some(colon) => {
            let before = &url[..colon];
            // A `/`, `?` or `#` before the colon: a relative URL.
            if before.contains(['/', '?', '#']) {
                return true;
            }
            matches!(before, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// What is wrong with a stylesheet: `@import` or `</style` anywhere, or a
/// declaration block (the text between a `{` and the next `}`: the filter
/// lets no brace into a selector or value) that [`bad_declarations`]
/// rejects. Selectors are not held to the value rules: a selector such as
/// `a[href^="javascript:"]` is inert and allowed.
fn bad_sheet(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    for bad in ["@import", "</style"] {
        if lower.contains(bad) {
            return Some(format!("`{bad}`"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(close) = rest.find('}') {
        let block = &rest[..close];
        if let Some(open) = block.rfind('{') {
            if let Some(why) = bad_declarations(&block[open + 1..]) {
                return Some(why);
            }
        }
        rest = &rest[close + 1..];
    }
    None
}

/// What is wrong with declarations (a `style` attribute, a rule's body):
/// `javascript:`, `vbscript:`, `expression(`, `@import`, `behavior`,
/// `-moz-binding`, or a `url(` that is not a `data:image/` URI.
fn bad_declarations(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    for bad in [
        "javascript:",
        "vbscript:",
        "expression(",
        "@import",
        "behavior",
        "-moz-binding",
        "</style",
    ] {
        if squeezed.contains(bad) {
            return Some(format!("`{bad}`"));
        }
    }
    let mut rest = squeezed.as_str();
    while let Some(at) = rest.find("url(") {
        let target = rest[at + 4..].trim_start_matches(['"', '\'']);
        if !target.starts_with("data:image/") {
            let shown: String = rest[at..].chars().take(40).collect();
            return Some(format!("a url() that is not an embedded image: `{shown}`"));
        }
        rest = &rest[at + 4..];
    }
    None
}
