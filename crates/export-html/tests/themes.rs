//! Every reveal.js theme HedgeDoc offers, from `fixtures/themes/`: the page
//! carries the theme's colours and fonts, after `page.css` and before the
//! deck's CSS; the text-shadow deck keeps its shadows.

use std::path::PathBuf;

mod common;
use common::root;

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/themes").join(format!("{name}.md"))
}

/// The content of `<style id="decktype-theme">`.
fn theme_css(html: &str) -> &str {
    let open = "<style id=\"decktype-theme\">";
    let start = html.find(open).expect("theme block") + open.len();
    let end = start + html[start..].find("</style>").expect("closed");
    &html[start..end]
}

#[test]
fn every_theme_deck_carries_its_theme() {
    for theme in &decktype_theme::THEMES {
        let out = common::export(&fixture(theme.name));
        let html = &out.html;
        let css = theme_css(html);
        let vars = format!(
            "--dt-fg: {}; --dt-bg: {}; --dt-heading: {}; --dt-link: {};",
            theme.text, theme.background, theme.heading_color, theme.link
        );
        assert!(css.contains(&vars), "{}: {css}", theme.name);
        for needle in [
            format!("font-family: {}", theme.body_font),
            format!("font-family: {}", theme.heading_font),
            format!("font-size: {}px", theme.font_size),
            format!("font-weight: {}", theme.heading_weight),
            format!("h1 {{ font-size: {}em; }}", theme.heading_sizes[0]),
            format!(
                "text-transform: {}",
                if theme.heading_uppercase {
                    "uppercase"
                } else {
                    "none"
                }
            ),
            format!(
                "background: {}; color: {}; padding",
                theme.inline_code_background, theme.inline_code_text
            ),
            format!(
                "pre {{ background: {}; color: {}; }}",
                theme.code_background, theme.code_text
            ),
        ] {
            assert!(css.contains(&needle), "{}: {needle} in {css}", theme.name);
        }
        if let Some((inner, outer)) = theme.background_gradient {
            assert!(
                css.contains(&format!("{inner} 0%, {outer} 100%")),
                "{}",
                theme.name
            );
        }
        for shadow in [theme.heading_shadow, theme.h1_shadow]
            .into_iter()
            .flatten()
        {
            assert!(css.contains(shadow), "{}: {shadow}", theme.name);
        }
        // League Gothic's stand-in is defined with local fonts only.
        assert_eq!(
            css.contains("@font-face"),
            theme.heading_font.contains("League Gothic"),
            "{}",
            theme.name
        );
        assert!(!css.contains("url("), "{}", theme.name);
        // The class the page's own CSS and script know.
        let class = if theme.dark {
            "dt-deck dt-theme-dark"
        } else {
            "dt-deck dt-theme-light"
        };
        assert!(
            html.contains(&format!("<main class=\"{class}\"")),
            "{}",
            theme.name
        );
        // After page.css (so it wins), before the deck's CSS (so that wins).
        let page = html.find("<style>").unwrap();
        let block = html.find("<style id=\"decktype-theme\">").unwrap();
        assert!(page < block, "{}", theme.name);
        if let Some(deck) = html.find("<style id=\"decktype-deck-css\">") {
            assert!(block < deck, "{}", theme.name);
        }
    }
}

#[test]
fn unknown_or_missing_themes_are_white() {
    let white = theme_css(&common::export(&fixture("white")).html).to_owned();
    // A deck without slideOptions and one with a theme reveal.js 3.9 lacks.
    let dir = tempfile::tempdir().unwrap();
    for (name, front) in [
        ("none.md", "---\ntitle: x\n---\n"),
        ("dracula.md", "---\nslideOptions:\n  theme: dracula\n---\n"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{front}\n# Hello\n")).unwrap();
        assert_eq!(theme_css(&common::export(&path).html), white, "{name}");
    }
}

#[test]
fn text_shadows_stay_in_the_html() {
    let html = common::export(&fixture("text-shadow")).html;
    assert!(
        html.contains(
            "text-shadow: -1px 1px 0 #FFF, 1px 1px 0 #FFF, 1px -1px 0 #FFF, -1px -1px 0 #FFF"
        ),
        "{html}"
    );
    assert!(html.contains("text-shadow: 2px 2px 3px rgba(0, 0, 0, 0.5)"));
}
