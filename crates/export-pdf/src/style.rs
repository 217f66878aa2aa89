//! The deck's simple CSS, mapped onto the template: heading colours, font
//! sizes, weights, alignment. Everything else is reported, not guessed.
//!
//! The CSS is first filtered by [`decktype_sanitize::css`], the filter the
//! HTML export uses too (no `url()` passes: the PDF embeds no image from
//! CSS); only what passes is mapped.

use std::collections::BTreeMap;

use decktype_sanitize::css::{self, Declaration, Rule};
use schemars::JsonSchema;
use serde::Serialize;

/// A mapped style: what the template applies to an element.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Style {
    /// Font size in CSS pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<f64>,
    /// Text colour, `#rrggbb` or `#rrggbbaa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Font weight, 100 to 900.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<u16>,
    /// Italic text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub italic: Option<bool>,
    /// Underlined text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub underline: Option<bool>,
    /// `left`, `right`, `center` or `justify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub align: Option<String>,
    /// `text-shadow`, approximated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
}

/// A CSS `text-shadow` as the PDF approximates it: the text drawn once
/// more beneath itself in the shadow's colour, with an outline stroke,
/// moved by the offset (no blur: typst has none for text).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Shadow {
    /// The colour, `#rrggbb` or `#rrggbbaa`.
    pub color: String,
    /// Horizontal offset in CSS pixels (0 for an outline).
    pub dx: f64,
    /// Vertical offset in CSS pixels (0 for an outline).
    pub dy: f64,
    /// The width of the outline stroke in CSS pixels: twice the spread of
    /// an outline (shadows on every side), else about the blur.
    pub stroke: f64,
}

impl Style {
    fn merge(&mut self, other: &Style) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f.clone(); } )* };
        }
        take!(size, color, weight, italic, underline, align, shadow);
    }
}

/// reveal.js white theme: 42 px text.
pub(crate) const BASE_SIZE: f64 = 42.0;

/// The sizes of `h5` and `h6` (and of `h1`..`h4` in the white theme), in
/// em of the base size.
const HEADING_EM: [f64; 6] = [2.5, 1.6, 1.3, 1.0, 1.0, 1.0];

/// CSS the PDF does not use, for a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unmapped {
    /// What, in backticks: `` `color: red` in `.box p` ``, `` `@media print` ``.
    pub(crate) what: String,
    pub(crate) why: &'static str,
}

/// The styles of a whole deck: `base`, `h1`..`h6`, `p`, `li`.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeckStyles {
    pub(crate) styles: BTreeMap<String, Style>,
    /// `ul { display: block }`: lists span the content width.
    pub(crate) list_block: bool,
    /// `ol { display: block }`: numbered lists span the content width.
    pub(crate) ordered_list_block: bool,
}

impl DeckStyles {
    #[cfg(test)]
    pub(crate) fn new() -> Self {
        Self::with_theme(decktype_theme::theme(None))
    }

    /// The styles of a deck in `theme`: its text size (40 or 42 px) and
    /// heading sizes (scaled by [`decktype_theme::Theme::pdf_heading_scale`]
    /// where the PDF's font is wider than the theme's).
    pub(crate) fn with_theme(theme: &decktype_theme::Theme) -> Self {
        let mut styles = BTreeMap::new();
        let base = theme.font_size;
        styles.insert(
            "base".to_owned(),
            Style {
                size: Some(base),
                ..Style::default()
            },
        );
        for (i, em) in HEADING_EM.iter().enumerate() {
            let em = match theme.heading_sizes.get(i) {
                Some(theme_em) => theme_em * theme.pdf_heading_scale,
                None => *em,
            };
            styles.insert(
                format!("h{}", i + 1),
                Style {
                    size: Some(em * base),
                    ..Style::default()
                },
            );
        }
        DeckStyles {
            styles,
            list_block: false,
            ordered_list_block: false,
        }
    }

    /// Adds a `<style>` block's rules; returns what the filter dropped and
    /// what the PDF could not map.
    pub(crate) fn add_sheet(&mut self, css: &str) -> Vec<Unmapped> {
        let mut dropped = Vec::new();
        let rules = css::filter_stylesheet(css, &css::no_urls, &mut dropped);
        let mut unmapped: Vec<Unmapped> = dropped
            .iter()
            .map(|d| Unmapped {
                what: format!("`{}`", d.what),
                why: d.reason(),
            })
            .collect();
        for rule in &rules {
            match rule {
                Rule::Style {
                    selectors,
                    declarations,
                } => {
                    let targets: Vec<Option<&'static str>> =
                        selectors.iter().map(|s| target(s)).collect();
                    for declaration in declarations {
                        for (selector, target) in selectors.iter().zip(&targets) {
                            let what = format!("`{declaration}` in `{selector}`");
                            let Some(target) = target else {
                                unmapped.push(Unmapped {
                                    what,
                                    why: "the PDF maps rules for headings, paragraphs, list items and the slide, not this selector",
                                });
                                continue;
                            };
                            if let Err(why) = self.apply(target, declaration) {
                                unmapped.push(Unmapped { what, why });
                            }
                        }
                    }
                }
                // @media, @supports: their rules are not mapped.
                Rule::Group { prelude, .. } => unmapped.push(Unmapped {
                    what: format!("`{prelude}`"),
                    why: "at-rules are not used in the PDF",
                }),
                _ => {}
            }
        }
        unmapped
    }

    fn apply(
        &mut self,
        target: &'static str,
        declaration: &Declaration,
    ) -> Result<(), &'static str> {
        let name = declaration.name.as_str();
        let value = declaration.value.as_str();
        let value = value
            .strip_suffix("!important")
            .map_or(value, str::trim_end);
        if name == "display" {
            return match (target, value) {
                ("ul", "block") => {
                    self.list_block = true;
                    Ok(())
                }
                ("ol", "block") => {
                    self.ordered_list_block = true;
                    Ok(())
                }
                _ => Err("only `display: block` on lists is used in the PDF"),
            };
        }
        if name == "font-family" {
            // The PDF always uses the bundled fonts; Lato is what SCS decks ask for.
            return if value.to_ascii_lowercase().contains("lato")
                || value.to_ascii_lowercase().contains("sans")
            {
                Ok(())
            } else {
                Err("the PDF uses its bundled fonts (Lato)")
            };
        }
        let target = match target {
            "ul" | "ol" => "li",
            t => t,
        };
        let parent = if target == "base" {
            BASE_SIZE
        } else {
            self.styles
                .get("base")
                .and_then(|s| s.size)
                .unwrap_or(BASE_SIZE)
        };
        let style = parse_declaration(name, value, parent)?;
        self.styles
            .entry(target.to_owned())
            .or_default()
            .merge(&style);
        Ok(())
    }
}

/// An inline `style` attribute, filtered and mapped; what the filter drops
/// and unmapped properties are left out.
pub(crate) fn inline_style(css: &str) -> Style {
    let mut style = Style::default();
    for d in css::filter_declarations(css, &css::no_urls, &mut Vec::new()) {
        if let Ok(s) = parse_declaration(
            &d.name,
            d.value.trim_end_matches("!important").trim(),
            BASE_SIZE,
        ) {
            style.merge(&s);
        }
    }
    style
}

fn parse_declaration(name: &str, value: &str, parent: f64) -> Result<Style, &'static str> {
    let mut s = Style::default();
    match name {
        "color" => {
            s.color = Some(color(value).ok_or(
                "not a CSS colour (a quoted value is not a colour; browsers ignore it too)",
            )?)
        }
        "font-size" => {
            s.size = Some(
                length(value, parent)
                    .ok_or("not a font size the PDF understands (px, pt, em, rem, %)")?,
            )
        }
        "font-weight" => {
            s.weight = Some(match value.to_ascii_lowercase().as_str() {
                "bold" | "bolder" => 700,
                "normal" | "lighter" => 400,
                v => v
                    .parse::<u16>()
                    .ok()
                    .filter(|w| (100..=900).contains(w))
                    .ok_or("not a font weight")?,
            });
        }
        "font-style" => s.italic = Some(matches!(value, "italic" | "oblique")),
        "text-decoration" | "text-decoration-line" => {
            s.underline = Some(value.contains("underline"));
        }
        "text-shadow" => {
            if matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "none" | "initial" | "unset" | "inherit"
            ) {
                return Err("`text-shadow: none` is not used in the PDF");
            }
            s.shadow =
                Some(shadow(value).ok_or(
                    "not a text shadow the PDF understands (px offsets and blur, a colour)",
                )?);
        }
        "text-align" => {
            let v = value.to_ascii_lowercase();
            if matches!(v.as_str(), "left" | "right" | "center" | "justify") {
                s.align = Some(v);
            } else {
                return Err("not a text alignment the PDF knows");
            }
        }
        _ => return Err("this property is not used in the PDF"),
    }
    Ok(s)
}

/// A CSS colour as `#rrggbb[aa]`.
pub(crate) fn color(value: &str) -> Option<String> {
    let value = value.trim();
    if value.starts_with(['"', '\'']) || value.is_empty() || value.len() > 64 {
        return None;
    }
    let c = csscolorparser::parse(value).ok()?;
    Some(c.to_css_hex())
}

/// A CSS `text-shadow` list, approximated by one [`Shadow`]: the first
/// shadow's colour; shadows on opposite sides of the text (the outline
/// trick: `-1px 1px 0 #fff, 1px -1px 0 #fff ...`) or one without offset
/// make an outline around the glyphs as wide as the largest offset (or
/// half the blur); else a copy moved by the largest sharp offset in that
/// colour (a drop shadow, or the last step of reveal.js's 3D `h1`).
pub(crate) fn shadow(value: &str) -> Option<Shadow> {
    // Split at commas outside parentheses (`rgba(0, 0, 0, .5)`).
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    let mut shadows = Vec::new();
    for part in parts.iter().take(32) {
        shadows.push(one_shadow(part)?);
    }
    let (first_color, ..) = shadows.first()?.clone();
    let same: Vec<&(String, f64, f64, f64)> =
        shadows.iter().filter(|s| s.0 == first_color).collect();
    let both_sides = |f: fn(&(String, f64, f64, f64)) -> f64| {
        same.iter().any(|s| f(s) < 0.0) && same.iter().any(|s| f(s) > 0.0)
    };
    let largest = |s: &&(String, f64, f64, f64)| s.1.abs().max(s.2.abs());
    let outline =
        both_sides(|s| s.1) || both_sides(|s| s.2) || same.iter().all(|s| s.1 == 0.0 && s.2 == 0.0);
    if outline {
        let spread = same
            .iter()
            .map(|s| largest(s).max(s.3 / 2.0))
            .fold(0.0, f64::max)
            .max(0.5);
        return Some(Shadow {
            color: first_color,
            dx: 0.0,
            dy: 0.0,
            stroke: (2.0 * spread).min(8.0),
        });
    }
    // A drop shadow: the largest offset among the sharp shadows (all of
    // them when none is sharp), in its own colour.
    let sharp: Vec<&(String, f64, f64, f64)> = shadows.iter().filter(|s| s.3 == 0.0).collect();
    let pool = if sharp.is_empty() {
        shadows.iter().collect()
    } else {
        sharp
    };
    let pick = pool
        .iter()
        .copied()
        .max_by(|a, b| largest(a).total_cmp(&largest(b)))?;
    Some(Shadow {
        color: pick.0.clone(),
        dx: pick.1.clamp(-50.0, 50.0),
        dy: pick.2.clamp(-50.0, 50.0),
        stroke: (pick.3 / 2.0).min(8.0),
    })
}

/// One shadow: `<dx> <dy> [<blur>] <color>` (the colour first or last),
/// as `(colour, dx, dy, blur)` in pixels. Lengths in other units than
/// `px`, a spread, or no colour (`currentcolor`) make it unmapped.
fn one_shadow(part: &str) -> Option<(String, f64, f64, f64)> {
    // Tokens at spaces outside parentheses (`rgba(0, 0, 0, .5)` is one).
    let mut tokens = Vec::new();
    let (mut depth, mut current) = (0usize, String::new());
    for c in part.trim().chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c.is_whitespace() && depth == 0 {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    let px = |t: &str| -> Option<f64> {
        let t = t.to_ascii_lowercase();
        let v = match t.strip_suffix("px") {
            Some(n) => n.parse::<f64>().ok()?,
            // A number without unit is a length only when it is 0.
            None => t.parse::<f64>().ok().filter(|v| *v == 0.0)?,
        };
        v.is_finite().then_some(v)
    };
    let mut lengths = Vec::new();
    let mut colour = None;
    for t in &tokens {
        match px(t) {
            Some(v) => lengths.push(v),
            None if colour.is_none() => colour = Some(color(t)?),
            None => return None,
        }
    }
    if !(2..=3).contains(&lengths.len()) {
        return None;
    }
    let blur = lengths.get(2).copied().unwrap_or(0.0).max(0.0);
    Some((colour?, lengths[0], lengths[1], blur))
}

/// A length in CSS pixels.
fn length(value: &str, parent: f64) -> Option<f64> {
    let v = value.trim().to_ascii_lowercase();
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
    };
    let px = if let Some(n) = v.strip_suffix("px") {
        num(n)?
    } else if let Some(n) = v.strip_suffix("pt") {
        num(n)? * 4.0 / 3.0
    } else if let Some(n) = v.strip_suffix("rem") {
        num(n)? * 16.0
    } else if let Some(n) = v.strip_suffix("em") {
        num(n)? * parent
    } else if let Some(n) = v.strip_suffix('%') {
        num(n)? / 100.0 * parent
    } else {
        match v.as_str() {
            "xx-small" => 9.0,
            "x-small" => 10.0,
            "small" => 13.0,
            "medium" => 16.0,
            "large" => 18.0,
            "x-large" => 24.0,
            "xx-large" => 32.0,
            _ => return None,
        }
    };
    Some(px.min(1000.0))
}

/// What a selector styles: `base` for the slide itself, or one element.
/// Prefixes that only say "in the slides" (`.reveal`, `.slides`,
/// `section`) are ignored.
fn target(selector: &str) -> Option<&'static str> {
    let parts: Vec<&str> = selector
        .split(|c: char| c.is_whitespace() || c == '>')
        .filter(|p| !p.is_empty())
        .collect();
    let (last, context) = parts.split_last()?;
    let scoping = |p: &str| {
        matches!(
            p,
            ".reveal" | ".slides" | "section" | ".reveal-viewport" | "body" | "html" | ".present"
        )
    };
    if !context.iter().all(|p| scoping(p)) {
        return None;
    }
    const TARGETS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "ul", "ol"];
    if scoping(last) {
        return Some("base");
    }
    TARGETS
        .iter()
        .copied()
        .find(|t| last.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scs_sheet_maps_sizes_and_reports_quoted_colours() {
        let mut s = DeckStyles::new();
        let unmapped = s.add_sheet(
            ".slides h1 { font-size: 36px; font-family: lato; color: \"#50c3a5\"; }\n\
             .slides h3, .slides h4 { font-size: 24px; }\n\
             .slides ul { display: block!important; }\n\
             /* .slides p { font-size: 99px; } */\n\
             .slides p { font-size: 20px; color: #0f5fe1 }",
        );
        assert_eq!(s.styles["h1"].size, Some(36.0));
        assert_eq!(s.styles["h1"].color, None);
        assert_eq!(s.styles["h3"].size, Some(24.0));
        assert_eq!(s.styles["h4"].size, Some(24.0));
        assert_eq!(s.styles["p"].size, Some(20.0));
        assert_eq!(s.styles["p"].color.as_deref(), Some("#0f5fe1"));
        assert!(s.list_block);
        // Only `ul`: a numbered list stays centred, as in HedgeDoc.
        assert!(!s.ordered_list_block);
        assert_eq!(unmapped.len(), 1, "{unmapped:?}");
        assert_eq!(unmapped[0].what, "`color: \"#50c3a5\"` in `.slides h1`");
    }

    #[test]
    fn only_what_the_filter_keeps_is_mapped() {
        let mut s = DeckStyles::new();
        let unmapped = s.add_sheet(
            "@import 'x.css'; h1 { color: red; font-size: expression(alert(1)) }\n\
             h2 { font-size: 2/**/0px; color: green }",
        );
        // The statement at-rule does not swallow the rule after it.
        assert_eq!(s.styles["h1"].color.as_deref(), Some("#ff0000"));
        assert_eq!(s.styles["h1"].size, Some(2.5 * BASE_SIZE));
        // A comment separates tokens, as in a browser: `2 0px` is no size.
        assert_eq!(s.styles["h2"].size, Some(1.6 * BASE_SIZE));
        assert_eq!(s.styles["h2"].color.as_deref(), Some("#008000"));
        let what: Vec<&str> = unmapped.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "`@import 'x.css'`",
                "`font-size: expression(alert(1))`",
                "`font-size: 2 0px` in `h2`"
            ]
        );
        assert_eq!(
            inline_style("color: red; font-size: 10px/* x */; font-weight: expression(1)"),
            Style {
                color: Some("#ff0000".to_owned()),
                size: Some(10.0),
                ..Style::default()
            }
        );
    }

    #[test]
    fn other_selectors_and_at_rules_are_reported() {
        let mut s = DeckStyles::new();
        let unmapped = s.add_sheet(
            "@media print { h1 { color: red } } .box h1 { color: red } .reveal { color: blue; text-align: left }",
        );
        assert_eq!(s.styles["h1"].color, None);
        assert_eq!(s.styles["base"].color.as_deref(), Some("#0000ff"));
        assert_eq!(s.styles["base"].align.as_deref(), Some("left"));
        assert_eq!(unmapped.len(), 2, "{unmapped:?}");
    }

    #[test]
    fn text_shadows() {
        let sh = |v: &str| shadow(v).map(|s| (s.color, s.dx, s.dy, s.stroke));
        // SCS's outline: white on every side, 1px.
        assert_eq!(
            sh("-1px 1px 0 #FFF, 1px 1px 0 #FFF, 1px -1px 0 #FFF, -1px -1px 0 #FFF"),
            Some(("#ffffff".to_owned(), 0.0, 0.0, 2.0))
        );
        // A glow (no offset): an outline as wide as half the blur.
        assert_eq!(
            sh("0px 0px 6px rgba(0, 0, 0, 0.2)"),
            Some(("#00000033".to_owned(), 0.0, 0.0, 6.0))
        );
        // A drop shadow, the colour first or last.
        assert_eq!(
            sh("#222 2px 2px 2px"),
            Some(("#222222".to_owned(), 2.0, 2.0, 1.0))
        );
        assert_eq!(
            sh("1px 1px #222"),
            Some(("#222222".to_owned(), 1.0, 1.0, 0.0))
        );
        // reveal.js's 3D h1: the deepest sharp step.
        assert_eq!(
            sh(
                "0 1px 0 #ccc, 0 2px 0 #c9c9c9, 0 5px 0 #aaa, 0 6px 1px rgba(0,0,0,.1), 0 20px 20px rgba(0,0,0,.15)"
            ),
            Some(("#aaaaaa".to_owned(), 0.0, 5.0, 0.0))
        );
        for bad in [
            "none",
            "1em 1em red",
            "1px 1px",
            "1px red",
            "1px 1px 1px 1px red",
            "red blue 1px 1px",
        ] {
            assert_eq!(sh(bad), None, "{bad}");
        }
        assert!(
            inline_style("text-shadow: 1px 1px 0 white")
                .shadow
                .is_some()
        );
        assert_eq!(inline_style("text-shadow: none").shadow, None);
    }

    #[test]
    fn theme_sizes() {
        let moon = DeckStyles::with_theme(decktype_theme::theme(Some("moon")));
        assert_eq!(moon.styles["base"].size, Some(40.0));
        assert_eq!(moon.styles["h1"].size, Some(3.77 * 0.55 * 40.0));
        assert_eq!(moon.styles["h5"].size, Some(40.0));
        let white = DeckStyles::new();
        assert_eq!(white.styles["h1"].size, Some(2.5 * 42.0));
    }

    #[test]
    fn lengths_and_colours() {
        assert_eq!(length("1.5em", 20.0), Some(30.0));
        assert_eq!(length("12pt", 42.0), Some(16.0));
        assert_eq!(length("50%", 42.0), Some(21.0));
        assert_eq!(length("-3px", 42.0), None);
        assert_eq!(length("calc(1px)", 42.0), None);
        assert_eq!(color("red").as_deref(), Some("#ff0000"));
        assert_eq!(color("#abc").as_deref(), Some("#aabbcc"));
        assert_eq!(color("rgba(0, 0, 255, 0.5)").as_deref(), Some("#0000ff80"));
        assert_eq!(color("'red'"), None);
        assert_eq!(color("url(x)"), None);
        assert_eq!(
            inline_style("color: green; font-size: 10px; position: absolute").size,
            Some(10.0)
        );
    }
}
