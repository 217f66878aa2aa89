//! Where a slide's background image stands on its page: the CSS
//! `background-size` and `background-position` reveal.js gives it from
//! `data-background-size` and `data-background-position` (by default
//! `cover`, `50% 50%`, drawn once: reveal.js 3.9's
//! `.slide-background-content`).
//!
//! The sizes read: `cover`, `contain`, and one or two of `auto`, a length
//! in `px` (or `0`) and a percentage of the page. The positions: one or two
//! of the keywords `left`, `center`, `right`, `top`, `bottom` (in either
//! order), percentages and `px` lengths. Anything else (CSS's three- and
//! four-value positions, other units, `data-background-repeat`) is not
//! used, and said so ([`Unmapped`]): the image is then drawn as by default.

use schemars::JsonSchema;
use serde::Serialize;

/// A box on the page, in CSS px from its top left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Placed {
    /// From the page's left edge.
    pub x: f64,
    /// From the page's top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Placed {
    /// Whether the box is centred on a page of `page` (width, height).
    pub(crate) fn is_centred(&self, page: (f64, f64)) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        near(self.x, (page.0 - self.width) / 2.0) && near(self.y, (page.1 - self.height) / 2.0)
    }
}

/// A background attribute the PDF does not use, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unmapped {
    /// `data-background-size`: the image covers the page instead.
    Size(String),
    /// `data-background-position`: the image is centred instead.
    Position(String),
    /// `data-background-repeat` other than `no-repeat`: drawn once.
    Repeat(String),
}

impl Unmapped {
    /// The diagnostic's message.
    pub(crate) fn message(&self) -> String {
        match self {
            Unmapped::Size(v) => format!(
                "data-background-size=\"{v}\" is not used in the PDF: the image covers the page"
            ),
            Unmapped::Position(v) => format!(
                "data-background-position=\"{v}\" is not used in the PDF: the image is centred"
            ),
            Unmapped::Repeat(v) => format!(
                "data-background-repeat=\"{v}\" is not used in the PDF: the image is drawn once"
            ),
        }
    }

    /// The diagnostic's help.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            Unmapped::Size(_) => {
                "the PDF reads cover, contain, and one or two of auto, px lengths and percentages"
            }
            Unmapped::Position(_) => {
                "the PDF reads one or two of left, center, right, top, bottom, percentages and px lengths"
            }
            Unmapped::Repeat(_) => "the PDF draws a background image once, as no-repeat does",
        }
    }
}

/// Where a background image of `image` pixels (its natural size, as
/// shown) stands on a page of `page` CSS px, for the slide's
/// `data-background-size`, `-position` and `-repeat`; and what of them
/// the PDF does not use.
pub(crate) fn place(
    size: Option<&str>,
    position: Option<&str>,
    repeat: Option<&str>,
    image: (f64, f64),
    page: (f64, f64),
) -> (Placed, Vec<Unmapped>) {
    let mut unmapped = Vec::new();
    let (width, height) = match given(size) {
        None => cover(image, page),
        Some(v) => sized(v, image, page).unwrap_or_else(|| {
            unmapped.push(Unmapped::Size(v.to_owned()));
            cover(image, page)
        }),
    };
    let (fx, fy) = match given(position) {
        None => (Offset::Percent(50.0), Offset::Percent(50.0)),
        Some(v) => positioned(v).unwrap_or_else(|| {
            unmapped.push(Unmapped::Position(v.to_owned()));
            (Offset::Percent(50.0), Offset::Percent(50.0))
        }),
    };
    if let Some(v) = given(repeat).filter(|v| !v.eq_ignore_ascii_case("no-repeat")) {
        unmapped.push(Unmapped::Repeat(v.to_owned()));
    }
    let placed = Placed {
        x: fx.along(page.0, width),
        y: fy.along(page.1, height),
        width,
        height,
    };
    (placed, unmapped)
}

/// A value as given, without the white space around it (none when empty).
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The size `cover` gives: the page covered, the aspect ratio kept.
fn cover((w, h): (f64, f64), (pw, ph): (f64, f64)) -> (f64, f64) {
    let s = (pw / w).max(ph / h);
    (w * s, h * s)
}

/// A `background-size` value other than the default.
fn sized(value: &str, (w, h): (f64, f64), (pw, ph): (f64, f64)) -> Option<(f64, f64)> {
    if value.eq_ignore_ascii_case("cover") {
        return Some(cover((w, h), (pw, ph)));
    }
    if value.eq_ignore_ascii_case("contain") {
        let s = (pw / w).min(ph / h);
        return Some((w * s, h * s));
    }
    let mut parts = value.split_whitespace();
    let a = length(parts.next()?, pw)?;
    let b = match parts.next() {
        Some(b) => length(b, ph)?,
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(match (a, b) {
        (Some(x), Some(y)) => (x, y),
        (Some(x), None) => (x, x * h / w),
        (None, Some(y)) => (y * w / h, y),
        (None, None) => (w, h),
    })
}

/// One `background-size` value: `auto` (`None`), `px` or a percentage of
/// `whole`; `None` outside (not a size the PDF reads).
fn length(value: &str, whole: f64) -> Option<Option<f64>> {
    if value.eq_ignore_ascii_case("auto") {
        return Some(None);
    }
    match offset(value)? {
        Offset::Px(n) if n >= 0.0 => Some(Some(n)),
        Offset::Percent(p) if p >= 0.0 => Some(Some(whole * p / 100.0)),
        _ => None,
    }
}

/// A position along one side.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Offset {
    /// A percentage: that share of the room left (`(page − image) × p`).
    Percent(f64),
    /// A length from the page's edge.
    Px(f64),
}

impl Offset {
    /// Where the image's edge is along a page side of `page` for an image
    /// side of `image`.
    fn along(self, page: f64, image: f64) -> f64 {
        match self {
            Offset::Percent(p) => (page - image) * p / 100.0,
            Offset::Px(n) => n,
        }
    }
}

/// A number with `%` or `px` (or a bare `0`).
fn offset(value: &str) -> Option<Offset> {
    let number = |n: &str| -> Option<f64> {
        let valid = !n.is_empty()
            && n.trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.');
        n.parse::<f64>().ok().filter(|v| valid && v.is_finite())
    };
    if let Some(n) = value.strip_suffix('%') {
        return number(n).map(Offset::Percent);
    }
    if let Some(n) = value
        .strip_suffix("px")
        .or_else(|| value.strip_suffix("PX"))
    {
        return number(n).map(Offset::Px);
    }
    (number(value)? == 0.0).then_some(Offset::Px(0.0))
}

/// Which side a position value is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Horizontal,
    Vertical,
    Either,
}

/// One `background-position` value and the side it names.
fn part(value: &str) -> Option<(Side, Offset, bool)> {
    let keyword = |side, p| Some((side, Offset::Percent(p), true));
    match value.to_ascii_lowercase().as_str() {
        "left" => keyword(Side::Horizontal, 0.0),
        "right" => keyword(Side::Horizontal, 100.0),
        "top" => keyword(Side::Vertical, 0.0),
        "bottom" => keyword(Side::Vertical, 100.0),
        "center" => keyword(Side::Either, 50.0),
        _ => offset(value).map(|o| (Side::Either, o, false)),
    }
}

/// A `background-position` value of one or two parts: the horizontal and
/// the vertical offset.
fn positioned(value: &str) -> Option<(Offset, Offset)> {
    let centre = Offset::Percent(50.0);
    let parts: Vec<_> = value.split_whitespace().collect();
    match parts[..] {
        [one] => {
            let (side, o, _) = part(one)?;
            Some(if side == Side::Vertical {
                (centre, o)
            } else {
                (o, centre)
            })
        }
        [a, b] => {
            let (a, b) = (part(a)?, part(b)?);
            // Keywords may come in either order (`top left`); with a
            // number, the first is horizontal and the second vertical.
            let swapped = (a.0 == Side::Vertical || b.0 == Side::Horizontal) && a.2 && b.2;
            let (x, y) = if swapped { (b, a) } else { (a, b) };
            (x.0 != Side::Vertical && y.0 != Side::Horizontal).then_some((x.1, y.1))
        }
        _ => None,
    }
}

/// A CSS gradient as a slide background (`data-background="linear-gradient(…)"`),
/// as the template draws it: typst's gradient, interpolated in sRGB as a
/// browser does.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Gradient {
    /// `linear` or `radial` (an ellipse from the centre through the page's
    /// corners, CSS's default `farthest-corner`).
    pub kind: String,
    /// A linear gradient's direction in degrees as typst reads it (0: left
    /// to right, 90: top to bottom; CSS's 0 is bottom to top).
    pub angle: f64,
    /// The colour stops: `#rrggbb[aa]` and where, from 0 to 1.
    pub stops: Vec<(String, f64)>,
}

/// The gradient of a CSS background value on a page of `page` CSS px:
/// `linear-gradient()` with an optional angle (`deg`, `turn`, `rad`,
/// `grad`) or `to <side or corner>`, and `radial-gradient()` with its
/// default shape; colour stops with an optional percentage. `None` for
/// anything else (it is then said not to be used).
pub(crate) fn gradient(value: &str, page: (f64, f64)) -> Option<Gradient> {
    let v = value.trim();
    let open = v.find('(')?;
    let name = v[..open].trim().to_ascii_lowercase();
    let inner = v[open + 1..].strip_suffix(')')?;
    let args = top_level(inner);
    let (kind, angle, stops) = match name.as_str() {
        "linear-gradient" => match direction(args.first()?, page) {
            Some(angle) => ("linear", angle, &args[1..]),
            None => ("linear", 90.0, &args[..]),
        },
        "radial-gradient" => ("radial", 0.0, &args[..]),
        _ => return None,
    };
    Some(Gradient {
        kind: kind.to_owned(),
        angle,
        stops: color_stops(stops)?,
    })
}

/// `value` split at the commas outside parentheses, each part trimmed.
fn top_level(value: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(value[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(value[start..].trim());
    parts
}

/// A linear gradient's first argument as typst's angle on a page of
/// `page`, when it is a direction (not a colour stop). typst measures the
/// angle in the page's own pixels as CSS does, from the right instead of
/// from the top (checked against Chromium: `45deg` on a 16:9 page).
fn direction(arg: &str, (w, h): (f64, f64)) -> Option<f64> {
    let arg = arg.to_ascii_lowercase();
    if let Some(to) = arg.strip_prefix("to ") {
        let mut words: Vec<&str> = to.split_whitespace().collect();
        words.sort_unstable();
        // Towards a corner: at right angles to the line through the two
        // corners beside it (CSS), so it depends on the page's shape.
        let corner = |x: f64, y: f64| (y * w).atan2(x * h).to_degrees().rem_euclid(360.0);
        return match words[..] {
            ["right"] => Some(0.0),
            ["bottom", "right"] => Some(corner(1.0, 1.0)),
            ["bottom"] => Some(90.0),
            ["bottom", "left"] => Some(corner(-1.0, 1.0)),
            ["left"] => Some(180.0),
            ["left", "top"] => Some(corner(-1.0, -1.0)),
            ["top"] => Some(270.0),
            ["right", "top"] => Some(corner(1.0, -1.0)),
            _ => None,
        };
    }
    let units = [
        ("deg", 1.0),
        ("grad", 0.9),
        ("rad", 180.0 / std::f64::consts::PI),
        ("turn", 360.0),
    ];
    let degrees = units.iter().find_map(|(unit, k)| {
        let n: f64 = arg.strip_suffix(unit)?.trim().parse().ok()?;
        n.is_finite().then_some(n * k)
    })?;
    // CSS: 0deg points up; typst: 0deg points right; both clockwise.
    Some((degrees - 90.0).rem_euclid(360.0))
}

/// Colour stops: a CSS colour and an optional percentage each; missing
/// positions as CSS fills them (the first 0, the last 1, the others spread
/// evenly between their neighbours, none before the one before it).
fn color_stops(stops: &[&str]) -> Option<Vec<(String, f64)>> {
    if stops.len() < 2 {
        return None;
    }
    let mut parsed: Vec<(String, Option<f64>)> = Vec::new();
    for stop in stops {
        let (color, at) = match stop.rsplit_once(char::is_whitespace) {
            Some((c, p)) if p.ends_with('%') => {
                let n: f64 = p.trim_end_matches('%').parse().ok()?;
                (c.trim(), Some(n / 100.0))
            }
            _ => (*stop, None),
        };
        parsed.push((crate::style::color(color)?, at));
    }
    let n = parsed.len();
    let mut at: Vec<Option<f64>> = parsed.iter().map(|p| p.1).collect();
    at[0] = at[0].or(Some(0.0));
    at[n - 1] = at[n - 1].or(Some(1.0));
    let mut i = 0;
    while i < n {
        if at[i].is_none() {
            let start = i - 1;
            let end = (i..n).find(|&j| at[j].is_some())?;
            let (a, b) = (at[start]?, at[end]?);
            for (k, slot) in at.iter_mut().enumerate().take(end).skip(i) {
                *slot = Some(a + (b - a) * (k - start) as f64 / (end - start) as f64);
            }
            i = end;
        }
        i += 1;
    }
    let mut last = f64::MIN;
    Some(
        parsed
            .into_iter()
            .zip(at)
            .map(|((color, _), at)| {
                last = last.max(at.unwrap_or(0.0));
                (color, last.clamp(0.0, 1.0))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: (f64, f64) = (1244.0, 700.0);
    const PHOTO: (f64, f64) = (4032.0, 3024.0);

    fn at(size: Option<&str>, position: Option<&str>) -> (Placed, Vec<Unmapped>) {
        place(size, position, None, PHOTO, PAGE)
    }

    fn rounded(p: Placed) -> [f64; 4] {
        [p.x, p.y, p.width, p.height].map(|v| (v * 100.0).round() / 100.0)
    }

    #[test]
    fn by_default_a_background_covers_the_page_centred() {
        let (p, unmapped) = at(None, None);
        assert_eq!(rounded(p), [0.0, -116.5, 1244.0, 933.0]);
        assert!(unmapped.is_empty());
        assert!(p.is_centred(PAGE));
        for same in [
            (Some("cover"), Some("center")),
            (Some(" COVER "), Some("50% 50%")),
            (Some(""), Some("center center")),
        ] {
            assert_eq!(at(same.0, same.1), (p, vec![]), "{same:?}");
        }
    }

    #[test]
    fn sizes_as_css_reads_them() {
        let size = |v: &str| rounded(at(Some(v), None).0);
        // Contained: the whole picture, centred.
        assert_eq!(size("contain"), [155.33, 0.0, 933.33, 700.0]);
        // Stretched over the page.
        assert_eq!(size("100% 100%"), [0.0, 0.0, 1244.0, 700.0]);
        // Half the page's width, the height to keep the aspect ratio.
        assert_eq!(size("50%"), [311.0, 116.75, 622.0, 466.5]);
        assert_eq!(size("50% auto"), [311.0, 116.75, 622.0, 466.5]);
        assert_eq!(size("auto 350px"), [388.67, 175.0, 466.67, 350.0]);
        assert_eq!(size("400px 100px"), [422.0, 300.0, 400.0, 100.0]);
        // Its own size: larger than the page, centred.
        assert_eq!(size("auto"), [-1394.0, -1162.0, 4032.0, 3024.0]);
    }

    #[test]
    fn positions_as_css_reads_them() {
        let pos = |v: &str| {
            let (p, unmapped) = at(None, Some(v));
            assert!(unmapped.is_empty(), "{v}: {unmapped:?}");
            (p.x, (p.y * 100.0).round() / 100.0)
        };
        assert_eq!(pos("top"), (0.0, 0.0));
        assert_eq!(pos("bottom"), (0.0, -233.0));
        assert_eq!(pos("top left"), (0.0, 0.0));
        assert_eq!(pos("left top"), (0.0, 0.0));
        assert_eq!(pos("center bottom"), (0.0, -233.0));
        assert_eq!(pos("bottom center"), (0.0, -233.0));
        assert_eq!(pos("50% 0%"), (0.0, 0.0));
        assert_eq!(pos("0% 25%"), (0.0, -58.25));
        assert_eq!(pos("10px -20px"), (10.0, -20.0));
        assert_eq!(pos("0 0"), (0.0, 0.0));
        assert!(!at(None, Some("top")).0.is_centred(PAGE));
        // A contained picture moved to the right.
        let (p, _) = at(Some("contain"), Some("right"));
        assert_eq!(rounded(p), [310.67, 0.0, 933.33, 700.0]);
    }

    #[test]
    fn what_the_pdf_does_not_read_is_said_and_drawn_as_by_default() {
        let (default, _) = at(None, None);
        for (size, position, repeat, said) in [
            (Some("10em"), None, None, Unmapped::Size("10em".into())),
            (Some("1 2 3"), None, None, Unmapped::Size("1 2 3".into())),
            (Some("-5px"), None, None, Unmapped::Size("-5px".into())),
            (
                None,
                Some("left 10px top 5px"),
                None,
                Unmapped::Position("left 10px top 5px".into()),
            ),
            (
                None,
                Some("top 10%"),
                None,
                Unmapped::Position("top 10%".into()),
            ),
            (
                None,
                Some("left right"),
                None,
                Unmapped::Position("left right".into()),
            ),
            (None, Some("5vw"), None, Unmapped::Position("5vw".into())),
            (
                None,
                None,
                Some("repeat"),
                Unmapped::Repeat("repeat".into()),
            ),
        ] {
            let (p, unmapped) = place(size, position, repeat, PHOTO, PAGE);
            assert_eq!(p, default, "{size:?} {position:?}");
            assert_eq!(unmapped, vec![said.clone()]);
            assert!(said.message().contains("not used in the PDF"));
        }
        assert!(
            place(None, None, Some(" No-Repeat "), PHOTO, PAGE)
                .1
                .is_empty()
        );
    }

    #[test]
    fn gradients_as_css_draws_them() {
        let g = |v: &str| gradient(v, PAGE);
        let red_blue = vec![("#ff0000".to_owned(), 0.0), ("#0000ff".to_owned(), 1.0)];
        // Top to bottom by default and `to bottom`, 180deg, 0.5turn.
        for v in [
            "linear-gradient(red, blue)",
            "linear-gradient(to bottom, red, blue)",
            "linear-gradient(180deg, red 0%, blue 100%)",
            "Linear-Gradient(0.5turn, red, blue)",
        ] {
            let got = g(v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(
                (got.kind.as_str(), got.angle.round()),
                ("linear", 90.0),
                "{v}"
            );
            assert_eq!(got.stops, red_blue, "{v}");
        }
        // 90deg is to the right; a corner's angle is the page's: at right
        // angles to the diagonal through the other two corners.
        assert_eq!(g("linear-gradient(90deg, red, blue)").unwrap().angle, 0.0);
        assert_eq!(
            g("linear-gradient(-45deg, red, blue)").unwrap().angle,
            225.0
        );
        let corner = |v: &str| (g(v).unwrap().angle * 10.0).round() / 10.0;
        assert_eq!(corner("linear-gradient(to bottom right, red, blue)"), 60.6);
        assert_eq!(corner("linear-gradient(to left bottom, red, blue)"), 119.4);
        assert_eq!(corner("linear-gradient(to left top, red, blue)"), 240.6);
        assert_eq!(corner("linear-gradient(to top right, red, blue)"), 299.4);
        // Stops without a position are spread between their neighbours.
        let three = g("linear-gradient(#283b95, rgba(0, 0, 0, 0.5) , #17b2c3 80%, white)").unwrap();
        assert_eq!(
            three.stops,
            [
                ("#283b95".to_owned(), 0.0),
                ("#00000080".to_owned(), 0.4),
                ("#17b2c3".to_owned(), 0.8),
                ("#ffffff".to_owned(), 1.0)
            ]
        );
        assert_eq!(g("radial-gradient(red, blue)").unwrap().kind, "radial");
        for v in [
            "linear-gradient(red)",
            "linear-gradient(to middle, red, blue)",
            "linear-gradient(red 10px, blue)",
            "radial-gradient(circle at top, red, blue)",
            "conic-gradient(red, blue)",
            "url(x.png)",
            "red",
        ] {
            assert_eq!(g(v), None, "{v}");
        }
    }
}
