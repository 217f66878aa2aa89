//! Snapshots of the HTML export of every fixture deck, and static checks of
//! the XSS fixture that need no browser (the browser test runs it for real).
//!
//! The page's own CSS and script and the embedded JSON are replaced by
//! markers, and a line break is put between tags, so the snapshots show the
//! deck's HTML and can be reviewed.

use std::path::{Path, PathBuf};

mod common;
use common::root;

fn export(path: &Path) -> (String, Vec<decktype_model::Diagnostic>) {
    let out = common::export(path);
    (out.html, out.diagnostics)
}

/// The page with its constant parts replaced by markers, one tag per line.
fn reviewable(html: &str) -> String {
    let mut s = html.to_owned();
    for (open, close, marker) in [
        ("<style>", "</style>", "<style>/* page.css */</style>"),
        (
            "<script type=\"application/json\" id=\"decktype-data\">",
            "</script>",
            "<script type=\"application/json\" id=\"decktype-data\">/* the JSON export */</script>",
        ),
        ("<script>", "</script>", "<script>/* nav.js */</script>"),
    ] {
        let start = s.find(open).expect("part present");
        let end = start + s[start..].find(close).expect("closed") + close.len();
        s.replace_range(start..end, marker);
    }
    let csp_start = s.find("script-src 'sha256-").unwrap() + "script-src 'sha256-".len();
    let csp_end = csp_start + s[csp_start..].find('\'').unwrap();
    s.replace_range(csp_start..csp_end, "HASH");
    s.replace("><", ">\n<")
}

#[test]
fn fixtures() {
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .chain(std::fs::read_dir(root().join("fixtures/html")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.sort();
    assert!(decks.len() >= 18);
    for deck in decks {
        let (html, diagnostics) = export(&deck);
        let name = deck.file_stem().unwrap().to_string_lossy().into_owned();
        let codes: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        insta::assert_snapshot!(
            name,
            format!(
                "{}\n\n-- export diagnostics --\n{}\n",
                reviewable(&html),
                codes.join("\n")
            )
        );
    }
}

#[test]
fn the_xss_fixture_leaves_nothing_executable_in_the_file() {
    let (html, diagnostics) = export(&root().join("fixtures/html/xss.md"));
    let lower = html.to_ascii_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        2,
        "only the JSON data and the page's script"
    );
    // Every tag of the file (text between tags is escaped, so hostile text
    // there is harmless and shows as text, as HedgeDoc shows it).
    let tags: Vec<&str> = lower
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
        .collect();
    for full in &tags {
        // Attribute values (always double-quoted, `"` escaped inside) are
        // data; the names around them are what could run.
        let names: String = full.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        let tag = &names;
        let name = tag.split([' ', '/', '\n']).next().unwrap_or("");
        assert!(
            ![
                "iframe", "object", "embed", "form", "input", "link", "base", "svg", "math",
                "textarea", "template", "noscript", "video", "audio"
            ]
            .contains(&name),
            "<{tag}> in the export"
        );
        assert!(!(name == "meta" && tag.contains("refresh")), "<{tag}>");
        for bad in [
            "href=\"javascript",
            "src=\"javascript",
            "href=\"data:",
            " on",
        ] {
            let tag: &str = if bad.contains('"') { full } else { tag };
            let hit = match bad {
                // An attribute named on...: ` on` then letters then `=`.
                " on" => tag.match_indices(" on").any(|(i, _)| {
                    tag[i + 3..].split('=').next().is_some_and(|a| {
                        !a.is_empty() && a.chars().all(|c| c.is_ascii_alphabetic())
                    })
                }),
                _ => tag.contains(bad),
            };
            assert!(!hit, "{bad} in <{tag}>");
        }
    }
    // The deck's CSS, filtered.
    let css_start = lower
        .find("<style id=\"decktype-deck-css\">")
        .expect("deck css kept");
    let css = &lower[css_start..css_start + lower[css_start..].find("</style>").unwrap()];
    for bad in [
        "expression(",
        "-moz-binding",
        "behavior",
        "url(http",
        "@import",
        "@font-face",
        "<script",
    ] {
        assert!(!css.contains(bad), "{bad} in the deck CSS: {css}");
    }
    // The CSP is the first thing in <head> after the charset.
    let head = &html[..html.find("<title>").unwrap()];
    assert!(head.contains("http-equiv=\"Content-Security-Policy\""));
    assert!(head.contains("default-src 'none'"));
    // The embedded JSON cannot end its script element.
    let data_start = html.find("id=\"decktype-data\">").unwrap();
    let data_end = data_start + html[data_start..].find("</script>").unwrap();
    let data = &html[data_start + "id=\"decktype-data\">".len()..data_end];
    assert!(!data.contains('<'), "raw < in the embedded JSON");
    let value: serde_json::Value = serde_json::from_str(data).expect("the embedded JSON parses");
    assert_eq!(value["format_version"], 1);
    // What was left out is reported.
    assert!(
        diagnostics.iter().any(|d| d.code == "DT051"),
        "dropped CSS is reported"
    );
    assert!(
        diagnostics.iter().any(|d| d.code == "DT050"),
        "unembedded images are reported"
    );
    assert!(
        diagnostics.iter().any(|d| d.code == "DT052"),
        "embeds shown as links are reported"
    );
}

#[test]
fn local_images_are_embedded_and_nothing_else_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let deck_dir = dir.path().join("deck");
    std::fs::create_dir(&deck_dir).unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    std::fs::write(deck_dir.join("logo.png"), png).unwrap();
    std::fs::write(dir.path().join("secret.png"), png).unwrap();
    let deck = deck_dir.join("deck.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n# Images\n\n![logo](logo.png =200x) ![again](./logo.png) ![out](../secret.png) <img src=\"logo.png\" alt=\"tag\">\n\n---\n\n<!-- .slide: data-background=\"logo.png\" -->\n\n# Background\n",
    )
    .unwrap();
    let (html, diagnostics) = export(&deck);
    assert_eq!(
        html.matches("<img src=\"data:image/png;base64,iVBORw0KGgo")
            .count(),
        3,
        "{html}"
    );
    assert!(!html.contains("#dt-img-"), "a placeholder token was left");
    assert!(html.contains("style=\"width: 200px\""));
    assert!(
        html.contains("background-image: url(&quot;data:image/png;base64,")
            || html.contains("background-image: url(\"data:image/png;base64,")
    );
    assert!(
        html.contains("Image not embedded: out"),
        "the image outside the deck's folder is a placeholder"
    );
    let outside: Vec<_> = diagnostics.iter().filter(|d| d.code == "DT050").collect();
    assert_eq!(outside.len(), 1, "{diagnostics:?}");
    assert!(outside[0].message.contains("outside the deck's folder"));
}

#[test]
fn theme_language_and_notes_come_from_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("d.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\nlang: de-DE\ndir: ltr\ntags: [scs, call]\nslideOptions:\n  theme: black\n---\n\n# Hallo\n\nNote: Sprechernotiz mit **Betonung**\n",
    )
    .unwrap();
    let (html, _) = export(&deck);
    assert!(
        html.contains("<html lang=\"de-DE\" dir=\"ltr\">"),
        "{}",
        &html[..200]
    );
    assert!(html.contains("class=\"dt-deck dt-theme-dark\""));
    assert!(html.contains("<meta name=\"keywords\" content=\"scs, call\">"));
    assert!(
        html.contains(
            "<aside class=\"dt-speaker\" data-for=\"slide-1\" aria-label=\"Speaker notes\"><p>Sprechernotiz mit <strong>Betonung</strong></p></aside>"
        ),
        "{html}"
    );
    std::fs::write(&deck, "---\ntype: slide\n---\n\n# Hello\n").unwrap();
    let (html, _) = export(&deck);
    assert!(html.contains("<html lang=\"en\">") && html.contains("dt-theme-light"));
}
