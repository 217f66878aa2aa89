//! Every reveal.js theme HedgeDoc offers, from `fixtures/themes/`: `/pdf.json`
//! carries the theme, and the rendered page has its background; the
//! text-shadow deck's shadows are mapped and drawn.

use std::path::{Path, PathBuf};

use decktype_assets::Resolver;

mod common;
use common::{export, poppler, raster, root};

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/themes").join(format!("{name}.md"))
}

fn view(path: &Path) -> decktype_export_pdf::View {
    let envelope = common::envelope(path);
    let resolver = Resolver::none();
    decktype_export_pdf::view(&envelope, &decktype_export_pdf::Options::new(&resolver)).0
}

fn pixel(raster: &(usize, usize, Vec<u8>), x: usize, y: usize) -> [u8; 3] {
    let i = (y * raster.0 + x) * 3;
    [raster.2[i], raster.2[i + 1], raster.2[i + 2]]
}

fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[test]
fn every_theme_is_in_the_view() {
    for theme in &decktype_theme::THEMES {
        let view = view(&fixture(theme.name));
        let t = &view.theme;
        assert_eq!(t.name, theme.name);
        assert_eq!(t.background, theme.background);
        assert_eq!(t.text, theme.text);
        assert_eq!(t.heading_color, theme.heading_color);
        assert_eq!(t.link, theme.link);
        assert_eq!(t.inline_code_background, theme.inline_code_background);
        assert_eq!(t.inline_code_text, theme.inline_code_text);
        assert_eq!(t.heading_uppercase, theme.heading_uppercase);
        assert_eq!(t.body_font, theme.pdf_body_font);
        assert_eq!(view.dark, theme.dark, "{}", theme.name);
        // The theme's sizes, headings scaled where the PDF's font is wider.
        assert_eq!(view.styles["base"].size, Some(theme.font_size));
        let h1 = theme.heading_sizes[0] * theme.pdf_heading_scale * theme.font_size;
        assert_eq!(view.styles["h1"].size, Some(h1), "{}", theme.name);
        // reveal.js's 3D `h1` shadow, approximated as its deepest sharp step.
        if theme.h1_shadow.is_some() {
            let s = t.h1_shadow.as_ref().unwrap();
            assert_eq!((s.color.as_str(), s.dx, s.dy), ("#aaaaaa", 0.0, 5.0));
        }
    }
    assert_eq!(
        view(&fixture("serif")).theme.heading_font,
        "Libertinus Serif"
    );
}

#[test]
fn every_theme_s_page_has_its_background() {
    if !poppler() {
        return;
    }
    for theme in &decktype_theme::THEMES {
        let pdf = export(&fixture(theme.name)).pdf;
        let page = raster(&pdf, 20);
        let hex = |c: &str| decktype_theme::rgb(c).unwrap();
        // A corner: the background, or a gradient's outer colour.
        let corner = match theme.background_gradient {
            Some((_, outer)) => hex(outer),
            None => hex(theme.background),
        };
        let got = pixel(&page, 1, 1);
        assert!(
            close(got, corner, 6),
            "{}: corner {got:?}, expected {corner:?}",
            theme.name
        );
        // Towards the centre, a gradient is no longer its outer colour.
        if let Some((_, outer)) = theme.background_gradient {
            let mid = pixel(&page, page.0 / 2, page.1 - 3);
            assert!(!close(mid, hex(outer), 2), "{}: {mid:?}", theme.name);
        }
    }
}

#[test]
fn text_shadows_are_mapped_and_drawn() {
    let view = view(&fixture("text-shadow"));
    let shadows: Vec<_> = view
        .inline_styles
        .values()
        .filter_map(|s| s.shadow.as_ref())
        .map(|s| (s.color.as_str(), s.dx, s.dy, s.stroke))
        .collect();
    // SCS's outline (four 1px white shadows) and a soft drop shadow.
    assert!(shadows.contains(&("#ffffff", 0.0, 0.0, 2.0)), "{shadows:?}");
    assert!(
        shadows.contains(&("#00000080", 2.0, 2.0, 1.5)),
        "{shadows:?}"
    );
    if !poppler() {
        return;
    }
    // The slide is #222222 and the titles teal, blue and grey: only the
    // outline is white.
    let page = raster(&export(&fixture("text-shadow")).pdf, 72);
    let white = page
        .2
        .chunks(3)
        .filter(|p| p.iter().all(|c| *c > 230))
        .count();
    assert!(white > 200, "{white} white pixels");
    // Without the shadows, none.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.md");
    let text = std::fs::read_to_string(fixture("text-shadow")).unwrap();
    let text = text.replace("text-shadow:", "x-shadow:");
    std::fs::write(&plain, text).unwrap();
    let page = raster(&export(&plain).pdf, 72);
    let white = page
        .2
        .chunks(3)
        .filter(|p| p.iter().all(|c| *c > 230))
        .count();
    assert!(white < 20, "{white} white pixels without shadows");
}
