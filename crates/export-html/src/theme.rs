//! The deck's reveal.js theme (`slideOptions.theme`) as CSS, from
//! [`decktype_theme`]'s table.
//!
//! The page writes it in `<style id="decktype-theme">`, after `page.css`
//! and before the deck's own CSS: its rules use `page.css`'s selectors (or
//! weaker ones), so they beat `page.css`'s defaults by coming later, and
//! the deck's CSS (scoped under `.dt-deck`, so at least as specific) beats
//! them in turn, as a deck's `<style>` beats the theme in HedgeDoc. Every
//! value is a constant of the table: nothing from the deck reaches it but
//! the choice of theme.

use decktype_model::Deck;
use decktype_theme::Theme;

/// Emoji fonts after every text font, as `page.css` has them.
const EMOJI: &str = "\"Noto Color Emoji\", \"Apple Color Emoji\", \"Segoe UI Emoji\"";

/// The theme of `deck`: its `slideOptions.theme`, else HedgeDoc's default.
pub(crate) fn of(deck: &Deck) -> &'static Theme {
    decktype_theme::theme(
        deck.meta
            .slide_options
            .as_ref()
            .and_then(|o| o.theme.as_deref()),
    )
}

/// The CSS of `theme`, one line.
pub(crate) fn css(theme: &Theme) -> String {
    let t = theme;
    let mut out = Vec::new();
    if t.heading_font.contains(decktype_theme::CONDENSED_FALLBACK) {
        // `local()` reads no URL: the page's Content-Security-Policy allows it.
        let local: Vec<String> = decktype_theme::CONDENSED_LOCAL
            .iter()
            .map(|f| format!("local(\"{f}\")"))
            .collect();
        out.push(format!(
            "@font-face {{ font-family: \"{}\"; src: {}; size-adjust: {}%; }}",
            decktype_theme::CONDENSED_FALLBACK,
            local.join(", "),
            decktype_theme::CONDENSED_SIZE_ADJUST
        ));
    }
    // Two classes: as specific as page.css's `.dt-deck.dt-theme-dark`, and later.
    out.push(format!(
        ".dt-deck.dt-deck {{ --dt-fg: {}; --dt-bg: {}; --dt-heading: {}; --dt-link: {}; }}",
        t.text, t.background, t.heading_color, t.link
    ));
    // No specificity, so the deck's `body`/`.reveal` fonts (scoped to
    // `.dt-deck`) still win and are inherited.
    out.push(format!(
        ":where(.dt-deck) {{ font-family: {}, {EMOJI}; }}",
        t.body_font
    ));
    let background = match t.background_gradient {
        Some((inner, outer)) => format!(
            "background: {}; background: radial-gradient(circle farthest-corner at center, {inner} 0%, {outer} 100%); ",
            t.background
        ),
        None => String::new(),
    };
    out.push(format!(
        ".dt-slide {{ {background}font-size: {}px; }}",
        t.font_size
    ));
    let mut heading = format!(
        ".dt-slide h1, .dt-slide h2, .dt-slide h3, .dt-slide h4, .dt-slide h5, .dt-slide h6 {{ font-family: {}, {EMOJI}; font-weight: {}; text-transform: {}; letter-spacing: {}; text-shadow: {}; }}",
        t.heading_font,
        t.heading_weight,
        if t.heading_uppercase {
            "uppercase"
        } else {
            "none"
        },
        if t.heading_letter_spacing == 0.0 {
            "normal".to_owned()
        } else {
            format!("{}em", t.heading_letter_spacing)
        },
        t.heading_shadow.unwrap_or("none"),
    );
    for (i, size) in t.heading_sizes.iter().enumerate() {
        heading.push_str(&format!(" .dt-slide h{} {{ font-size: {size}em; }}", i + 1));
    }
    out.push(heading);
    if let Some(shadow) = t.h1_shadow {
        out.push(format!(".dt-slide h1 {{ text-shadow: {shadow}; }}"));
    }
    if t.paragraph_weight != 400 || t.paragraph_shadow.is_some() {
        out.push(format!(
            ".dt-slide p {{ font-weight: {}; text-shadow: {}; }}",
            t.paragraph_weight,
            t.paragraph_shadow.unwrap_or("none")
        ));
    }
    out.push(format!(
        ".dt-slide pre {{ background: {}; color: {}; }}",
        t.code_background, t.code_text
    ));
    out.push(format!(
        ".dt-slide :where(:not(pre)) > code {{ background: {}; color: {}; padding: 0 0.15em; border-radius: 3px; text-transform: none; }}",
        t.inline_code_background, t.inline_code_text
    ));
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_is_one_safe_line() {
        for t in &decktype_theme::THEMES {
            let css = css(t);
            assert!(!css.contains('\n') && !css.contains("</"), "{css}");
            assert!(css.contains(t.background) && css.contains(t.link), "{css}");
            assert_eq!(css.matches('{').count(), css.matches('}').count());
        }
    }

    #[test]
    fn page_css_defaults_are_the_default_theme() {
        // page.css styles a page without the theme block as `white`.
        let page = include_str!("../assets/page.css");
        let white = decktype_theme::theme(None);
        let short = |c: &str| {
            let b = c.as_bytes();
            if b[1] == b[2] && b[3] == b[4] && b[5] == b[6] {
                format!("#{}{}{}", &c[1..2], &c[3..4], &c[5..6])
            } else {
                c.to_owned()
            }
        };
        let vars = format!(
            "--dt-fg: {}; --dt-bg: {}; --dt-heading: {}; --dt-link: {};",
            short(white.text),
            short(white.background),
            short(white.heading_color),
            white.link
        );
        assert!(page.contains(&vars), "{vars}");
    }
}
