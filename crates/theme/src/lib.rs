//! The reveal.js themes HedgeDoc 1.x offers in `slideOptions.theme`, as
//! data: one table both exports read (the HTML export writes it as CSS, the
//! PDF export hands it to its typst template).
//!
//! The values are reveal.js 3.9.2's own, read from its compiled theme
//! stylesheets (`css/theme/<name>.css` of the `reveal.js@3.9.2` npm
//! package, the version HedgeDoc 1.x ships): background, text colour and
//! size, fonts, heading colour, weight, case, letter spacing, sizes and
//! text shadows, link colour. reveal.js 3.9 has eleven themes: `black`,
//! `white`, `league`, `beige`, `sky`, `night`, `serif`, `simple`,
//! `solarized`, `blood` and `moon`. HedgeDoc's slide mode loads `white`
//! unless the deck names another.
//!
//! What reveal.js leaves to others is decktype's choice, and says so:
//!
//! - code blocks keep the zenburn colours of HedgeDoc's highlighting
//!   (`#3f3f3f` / `#dcdcdc`) on every theme;
//! - inline code gets a faint box in a tint of the theme's background
//!   (reveal.js draws none, except `blood`'s `#23241f`), with a text
//!   colour of at least 4.5:1 contrast on it;
//! - fonts: the HTML names the theme's own families (reveal.js loads them
//!   from Google Fonts or its own files; the export's Content-Security-Policy
//!   loads nothing), then local look-alikes; the PDF has only its bundled
//!   fonts, so [`Theme::pdf_body_font`] and [`Theme::pdf_heading_font`]
//!   name the closest one (Lato for the sans-serif themes, Libertinus Serif
//!   for `serif`), and [`Theme::pdf_heading_scale`] shrinks headings whose
//!   condensed font (League Gothic) is drawn in the wider Lato.

/// One reveal.js theme. Colours are `#rrggbb`; sizes in CSS pixels or em.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme's name in `slideOptions.theme`, lower case.
    pub name: &'static str,
    /// A dark theme (light text on a dark background).
    pub dark: bool,
    /// The background colour (reveal.js's `background-color` of the page).
    pub background: &'static str,
    /// A radial gradient drawn over [`Theme::background`], from the centre
    /// colour to the colour at the farthest corner (`league`, `beige`,
    /// `sky`).
    pub background_gradient: Option<(&'static str, &'static str)>,
    /// The text colour.
    pub text: &'static str,
    /// The text size in CSS pixels (42 for `black` and `white`, else 40).
    pub font_size: f64,
    /// The body font, as a CSS `font-family` list: the theme's own, then
    /// local look-alikes and the generic family.
    pub body_font: &'static str,
    /// The heading font, as a CSS `font-family` list.
    pub heading_font: &'static str,
    /// The heading colour.
    pub heading_color: &'static str,
    /// The heading weight (100 to 900).
    pub heading_weight: u16,
    /// Headings in capitals (`text-transform: uppercase`).
    pub heading_uppercase: bool,
    /// The heading letter spacing in em (0 is `normal`).
    pub heading_letter_spacing: f64,
    /// The sizes of `h1`..`h4` in em of the text size.
    pub heading_sizes: [f64; 4],
    /// The `text-shadow` of every heading, as CSS.
    pub heading_shadow: Option<&'static str>,
    /// The `text-shadow` of `h1`, as CSS, when it differs.
    pub h1_shadow: Option<&'static str>,
    /// The paragraph weight (`blood` sets 300).
    pub paragraph_weight: u16,
    /// The `text-shadow` of paragraphs, as CSS (`blood`).
    pub paragraph_shadow: Option<&'static str>,
    /// The link colour.
    pub link: &'static str,
    /// The background of code blocks.
    pub code_background: &'static str,
    /// The text of code blocks.
    pub code_text: &'static str,
    /// The background of inline code.
    pub inline_code_background: &'static str,
    /// The text of inline code.
    pub inline_code_text: &'static str,
    /// The PDF's body font: the bundled font closest to the theme's.
    pub pdf_body_font: &'static str,
    /// The PDF's heading font.
    pub pdf_heading_font: &'static str,
    /// The PDF's heading sizes as a share of the theme's: below 1 when the
    /// theme's heading font is much narrower than the PDF's.
    pub pdf_heading_scale: f64,
}

/// HedgeDoc's slide theme when the deck names none (or one reveal.js 3.9
/// does not have).
pub const DEFAULT: &str = "white";

const SOURCE_SANS: &str = "\"Source Sans Pro\", \"Source Sans 3\", Lato, \"Helvetica Neue\", Helvetica, Arial, sans-serif";
const LATO: &str = "Lato, \"Helvetica Neue\", Helvetica, Arial, sans-serif";
/// League Gothic, else [`CONDENSED_FALLBACK`].
const LEAGUE_GOTHIC: &str =
    "\"League Gothic\", \"decktype condensed\", \"Liberation Sans Narrow\", sans-serif";

/// The family a page defines for a condensed heading font it may not have
/// (League Gothic): the machine's own narrow fonts, [`CONDENSED_LOCAL`],
/// drawn at [`CONDENSED_SIZE_ADJUST`] of their size, so a heading is about
/// as wide as in League Gothic.
pub const CONDENSED_FALLBACK: &str = "decktype condensed";
/// The local fonts behind [`CONDENSED_FALLBACK`], as `local()` names.
pub const CONDENSED_LOCAL: &[&str] = &[
    "Arial Narrow",
    "ArialNarrow",
    "Liberation Sans Narrow",
    "LiberationSansNarrow",
    "DejaVu Sans Condensed",
    "DejaVuSansCondensed",
];
/// The size of [`CONDENSED_FALLBACK`]'s glyphs, in per cent.
pub const CONDENSED_SIZE_ADJUST: f64 = 62.0;
const OPEN_SANS: &str = "\"Open Sans\", \"Noto Sans\", \"DejaVu Sans\", Arial, sans-serif";
const PALATINO: &str = "\"Palatino Linotype\", \"Book Antiqua\", Palatino, FreeSerif, \"TeX Gyre Pagella\", \"URW Palladio L\", \"Libertinus Serif\", serif";

const REVEAL_SIZES: [f64; 4] = [3.77, 2.11, 1.55, 1.0];
const WHITE_SIZES: [f64; 4] = [2.5, 1.6, 1.3, 1.0];
/// reveal.js's 3D `h1` shadow (`league`, `beige`, `blood`).
const H1_3D: &str = "0 1px 0 #ccc, 0 2px 0 #c9c9c9, 0 3px 0 #bbb, 0 4px 0 #b9b9b9, 0 5px 0 #aaa, 0 6px 1px rgba(0, 0, 0, 0.1), 0 0 5px rgba(0, 0, 0, 0.1), 0 1px 3px rgba(0, 0, 0, 0.3), 0 3px 5px rgba(0, 0, 0, 0.2), 0 5px 10px rgba(0, 0, 0, 0.25), 0 20px 20px rgba(0, 0, 0, 0.15)";
/// League Gothic is about 0.55 times as wide as Lato, which the PDF draws it
/// in: a heading as wide as reveal.js draws it, less tall.
const LEAGUE_GOTHIC_SCALE: f64 = 0.55;

/// The base every theme starts from: reveal.js's `template/settings.scss`
/// with HedgeDoc's code colours.
const BASE: Theme = Theme {
    name: "",
    dark: true,
    background: "#2b2b2b",
    background_gradient: None,
    text: "#eeeeee",
    font_size: 40.0,
    body_font: LATO,
    heading_font: LEAGUE_GOTHIC,
    heading_color: "#eeeeee",
    heading_weight: 400,
    heading_uppercase: true,
    heading_letter_spacing: 0.0,
    heading_sizes: REVEAL_SIZES,
    heading_shadow: None,
    h1_shadow: None,
    paragraph_weight: 400,
    paragraph_shadow: None,
    link: "#13daec",
    code_background: "#3f3f3f",
    code_text: "#dcdcdc",
    inline_code_background: "#3b3f43",
    inline_code_text: "#eeeeee",
    pdf_body_font: "Lato",
    pdf_heading_font: "Lato",
    pdf_heading_scale: LEAGUE_GOTHIC_SCALE,
};

/// Every theme, `white` (the default) first.
pub static THEMES: [Theme; 11] = [
    Theme {
        name: "white",
        dark: false,
        background: "#ffffff",
        text: "#222222",
        font_size: 42.0,
        body_font: SOURCE_SANS,
        heading_font: SOURCE_SANS,
        heading_color: "#222222",
        heading_weight: 600,
        heading_sizes: WHITE_SIZES,
        link: "#2a76dd",
        inline_code_background: "#ebebeb",
        inline_code_text: "#222222",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "black",
        dark: true,
        background: "#191919",
        text: "#ffffff",
        font_size: 42.0,
        body_font: SOURCE_SANS,
        heading_font: SOURCE_SANS,
        heading_color: "#ffffff",
        heading_weight: 600,
        heading_sizes: WHITE_SIZES,
        link: "#42affa",
        inline_code_background: "#333333",
        inline_code_text: "#ffffff",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "league",
        background: "#2b2b2b",
        background_gradient: Some(("#555a5f", "#1c1e20")),
        heading_shadow: Some("0px 0px 6px rgba(0, 0, 0, 0.2)"),
        h1_shadow: Some(H1_3D),
        ..BASE
    },
    Theme {
        name: "beige",
        dark: false,
        background: "#f7f3de",
        background_gradient: Some(("#ffffff", "#f7f2d3")),
        text: "#333333",
        heading_color: "#333333",
        h1_shadow: Some(H1_3D),
        link: "#8b743d",
        inline_code_background: "#ebe5c6",
        inline_code_text: "#333333",
        ..BASE
    },
    Theme {
        name: "sky",
        dark: false,
        background: "#f7fbfc",
        background_gradient: Some(("#f7fbfc", "#add9e4")),
        text: "#333333",
        body_font: OPEN_SANS,
        heading_font: "Quicksand, \"Open Sans\", \"DejaVu Sans\", sans-serif",
        heading_color: "#333333",
        heading_letter_spacing: -0.08,
        link: "#3b759e",
        inline_code_background: "#e1edf1",
        inline_code_text: "#333333",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "night",
        background: "#111111",
        body_font: OPEN_SANS,
        heading_font: "Montserrat, Impact, \"DejaVu Sans\", sans-serif",
        heading_uppercase: false,
        heading_letter_spacing: -0.03,
        link: "#e7ad52",
        inline_code_background: "#2b2b2b",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "serif",
        dark: false,
        background: "#f0f1eb",
        text: "#000000",
        body_font: PALATINO,
        heading_font: PALATINO,
        heading_color: "#383d3d",
        heading_uppercase: false,
        link: "#51483d",
        inline_code_background: "#dfe0d6",
        inline_code_text: "#000000",
        pdf_body_font: "Libertinus Serif",
        pdf_heading_font: "Libertinus Serif",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "simple",
        dark: false,
        background: "#ffffff",
        text: "#000000",
        heading_font: "\"News Cycle\", Impact, \"Liberation Sans Narrow\", \"DejaVu Sans Condensed\", sans-serif",
        heading_color: "#000000",
        heading_uppercase: false,
        link: "#00008b",
        inline_code_background: "#ebebeb",
        inline_code_text: "#000000",
        pdf_heading_scale: 0.85,
        ..BASE
    },
    Theme {
        name: "solarized",
        dark: false,
        background: "#fdf6e3",
        text: "#657b83",
        heading_color: "#586e75",
        link: "#268bd2",
        inline_code_background: "#eee8d5",
        inline_code_text: "#073642",
        ..BASE
    },
    Theme {
        name: "blood",
        background: "#222222",
        body_font: "Ubuntu, \"DejaVu Sans\", sans-serif",
        heading_font: "Ubuntu, \"DejaVu Sans\", sans-serif",
        heading_weight: 700,
        heading_shadow: Some("2px 2px 2px #222"),
        h1_shadow: Some(H1_3D),
        paragraph_weight: 300,
        paragraph_shadow: Some("1px 1px #222"),
        link: "#aa2233",
        inline_code_background: "#23241f",
        pdf_heading_scale: 1.0,
        ..BASE
    },
    Theme {
        name: "moon",
        background: "#002b36",
        text: "#93a1a1",
        heading_color: "#eee8d5",
        link: "#268bd2",
        inline_code_background: "#073642",
        inline_code_text: "#eee8d5",
        ..BASE
    },
];

/// The theme called `name` (in any case), else HedgeDoc's default
/// ([`DEFAULT`], `white`).
pub fn theme(name: Option<&str>) -> &'static Theme {
    name.map(str::trim)
        .and_then(|n| THEMES.iter().find(|t| t.name.eq_ignore_ascii_case(n)))
        .unwrap_or(&THEMES[0])
}

/// Whether `name` is one of reveal.js 3.9's themes.
pub fn is_known(name: &str) -> bool {
    THEMES
        .iter()
        .any(|t| t.name.eq_ignore_ascii_case(name.trim()))
}

/// `#rrggbb` as red, green and blue, 0 to 255.
pub fn rgb(hex: &str) -> Option<[u8; 3]> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let part = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([part(0)?, part(2)?, part(4)?])
}

/// WCAG 2's contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    let (la, lb) = (luminance(rgb(a)?), luminance(rgb(b)?));
    Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reveal_theme_once_and_the_default() {
        let names: Vec<&str> = THEMES.iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "white",
                "black",
                "league",
                "beige",
                "sky",
                "night",
                "serif",
                "simple",
                "solarized",
                "blood",
                "moon"
            ]
        );
        assert_eq!(theme(None).name, DEFAULT);
        assert_eq!(theme(Some("dracula")).name, DEFAULT);
        assert_eq!(theme(Some(" Moon ")).name, "moon");
        assert!(is_known("Solarized") && !is_known("dracula"));
    }

    #[test]
    fn colours_are_hex_and_dark_means_dark() {
        for t in &THEMES {
            for c in [
                t.background,
                t.text,
                t.heading_color,
                t.link,
                t.code_background,
                t.code_text,
                t.inline_code_background,
                t.inline_code_text,
            ] {
                assert!(rgb(c).is_some(), "{}: {c}", t.name);
                assert_eq!(c, c.to_ascii_lowercase(), "{}: {c}", t.name);
            }
            // Dark as `Deck::dark_theme` decides it, and as the colours say.
            let dark_bg = contrast(t.background, "#000000").unwrap()
                < contrast(t.background, "#ffffff").unwrap();
            assert_eq!(t.dark, dark_bg, "{}", t.name);
            assert_eq!(
                t.dark,
                ["black", "night", "league", "moon", "blood"].contains(&t.name),
                "{}",
                t.name
            );
        }
    }

    /// What reveal.js 3.9 itself sets below WCAG's 4.5:1, kept as it is
    /// (the exports show the theme as HedgeDoc does): `(theme, what, ratio)`.
    const REVEAL_BELOW_AA: &[(&str, &str, f64)] = &[
        ("white", "link", 4.44),
        ("beige", "link", 4.04),
        ("solarized", "text", 4.13),
        ("solarized", "link", 3.41),
        ("blood", "link", 2.26),
        ("moon", "link", 4.08),
    ];

    #[test]
    fn contrast_at_least_4_5_except_where_reveal_js_has_less() {
        let mut below = Vec::new();
        for t in &THEMES {
            let bg = t.background;
            let mut pairs = vec![
                ("text", t.text, bg),
                ("heading", t.heading_color, bg),
                ("link", t.link, bg),
                ("code", t.code_text, t.code_background),
                ("inline code", t.inline_code_text, t.inline_code_background),
            ];
            if let Some((inner, outer)) = t.background_gradient {
                pairs.push(("text", t.text, inner));
                pairs.push(("text", t.text, outer));
            }
            for (what, fg, back) in pairs {
                let ratio = contrast(fg, back).unwrap();
                if ratio < 4.5 {
                    below.push((t.name, what, (ratio * 100.0).round() / 100.0));
                }
            }
        }
        assert_eq!(below, REVEAL_BELOW_AA);
    }

    #[test]
    fn contrast_of_known_pairs() {
        assert_eq!(contrast("#000000", "#ffffff").map(f64::round), Some(21.0));
        assert_eq!(contrast("#777777", "#777777"), Some(1.0));
        assert_eq!(contrast("#fff", "#000000"), None);
    }
}
