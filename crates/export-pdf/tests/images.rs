//! Prepared images (issue 19): a photo larger than its slide shows it is
//! reduced before typst sees it, `ImageMode::Original` embeds the source
//! bytes, and the cache is used.

mod common;

use std::path::Path;

use decktype_export_pdf::ImageMode;

/// A noisy RGB photo, `w`×`h`, as a JPEG at quality 95.
fn photo(w: u16, h: u16) -> Vec<u8> {
    let px = decktype_test_support::noisy_rgb(w, h);
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 95)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// A deck in `dir` with `photo.jpg` as a background and as an image node.
fn deck(dir: &Path, jpeg: &[u8]) -> std::path::PathBuf {
    std::fs::write(dir.join("photo.jpg"), jpeg).unwrap();
    let deck = dir.join("20240418.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n<!-- .slide: data-background=\"photo.jpg\" -->\n\n# Title\n\n---\n\n![a photo](photo.jpg =400x)\n",
    )
    .unwrap();
    deck
}

/// Exports `deck` with `images` and `cache`.
fn export(deck: &Path, images: ImageMode, cache: Option<&Path>) -> decktype_export_pdf::Export {
    let envelope = common::envelope(deck);
    let resolver = decktype_assets::Resolver::new(deck.parent(), &[]);
    let mut options = decktype_export_pdf::Options::new(&resolver);
    options.images = images;
    options.image_cache = cache;
    decktype_export_pdf::export(&envelope, &options).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn original_embeds_the_source_bytes_and_prepared_a_smaller_copy() {
    let dir = tempfile::tempdir().unwrap();
    // 4000×2800 behind a 1244×700 page needs 1866×1313 at 200 %: half.
    let jpeg = photo(4000, 2800);
    let deck = deck(dir.path(), &jpeg);
    let original = export(&deck, ImageMode::Original, None);
    assert!(
        contains(&original.pdf, &jpeg),
        "the JPEG's bytes are in the PDF"
    );
    let cache = dir.path().join("cache");
    let prepared = export(&deck, ImageMode::Prepared, Some(&cache));
    assert!(!contains(&prepared.pdf, &jpeg[..4096]));
    assert!(
        prepared.pdf.len() * 2 < original.pdf.len(),
        "{} vs {}",
        prepared.pdf.len(),
        original.pdf.len()
    );
    assert_eq!(prepared.pages, original.pages);
    assert!(
        prepared.diagnostics.is_empty(),
        "{:?}",
        prepared.diagnostics
    );
    // One entry: the largest use (the background) decides for both.
    let entries: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert_eq!(entries.len(), 1);
    // The same again from the cache: the same bytes.
    let again = export(&deck, ImageMode::Prepared, Some(&cache));
    assert_eq!(again.pdf, prepared.pdf);
    // Without a cache: the same bytes too.
    let uncached = export(&deck, ImageMode::Prepared, None);
    assert_eq!(uncached.pdf, prepared.pdf);
    // Where the text is, it is the same text.
    if common::poppler() {
        assert_eq!(
            common::page_texts(&prepared.pdf),
            common::page_texts(&original.pdf)
        );
    }
}

#[test]
fn a_custom_template_gets_the_original_image() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = photo(4000, 2800);
    let deck = deck(dir.path(), &jpeg);
    let template =
        "#let view = json(\"/pdf.json\")\n#for (url, info) in view.images { image(info.path) }\n";
    let out = common::export_with(&deck, |o| o.template = Some(template)).unwrap();
    assert!(contains(&out.pdf, &jpeg));
}

/// An image whose header reads but whose data does not decode is found
/// out only while typst lays the deck out (its decoding runs beside the
/// layout): it becomes a placeholder with a DT050 where the deck shows it,
/// in a PDF laid out again without it, with the other images in place and
/// the same bytes every time.
#[test]
fn an_image_that_does_not_decode_is_a_placeholder_beside_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = photo(640, 480);
    std::fs::write(dir.path().join("good.jpg"), &good).unwrap();
    // PNGs whose header reads, cut in their pixel data.
    for (name, size) in [("cut.png", 2000), ("also-cut.png", 300)] {
        let mut png = Vec::new();
        image::RgbImage::from_fn(size, size, |x, y| image::Rgb([x as u8, y as u8, 7]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png.truncate(png.len() / 2);
        std::fs::write(dir.path().join(name), &png).unwrap();
    }
    // A JPEG large enough to prepare (so shown through a frame, its copy
    // unread by typst), whose pixels do not decode: no copy, the source
    // decoded and refused.
    let unreadable = decktype_test_support::jpeg_without_its_table(&photo(2000, 1500));
    std::fs::write(dir.path().join("unreadable.jpg"), unreadable).unwrap();
    let deck = dir.path().join("20240418.md");
    let text = "---\ntype: slide\n---\n\n<!-- .slide: data-background=\"cut.png\" -->\n\n# Title\n\n---\n\n![half a screenshot](also-cut.png)\n\n---\n\n![a photo](good.jpg)\n\n![unreadable](unreadable.jpg =200x)\n";
    std::fs::write(&deck, text).unwrap();
    for images in [ImageMode::Prepared, ImageMode::Original] {
        let out = export(&deck, images, None);
        assert_eq!(out.pages, 3);
        let lines: Vec<(&str, &str)> = out
            .diagnostics
            .iter()
            .map(|d| {
                let start = text[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
                (d.code.as_str(), text[start..].lines().next().unwrap())
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("DT050", "<!-- .slide: data-background=\"cut.png\" -->"),
                ("DT050", "![half a screenshot](also-cut.png)"),
                ("DT050", "![unreadable](unreadable.jpg =200x)"),
            ],
            "{:?}",
            out.diagnostics
        );
        assert!(out.diagnostics[0].message.contains("not an image"));
        assert!(contains(&out.pdf, &good), "the good photo is embedded");
        assert_eq!(export(&deck, images, None).pdf, out.pdf);
        if common::poppler() {
            let texts = common::page_texts(&out.pdf).concat();
            assert!(texts.contains("half a screenshot"), "{texts}");
            assert!(texts.contains("unreadable"), "{texts}");
        }
    }
}

/// A phone photo: 2400×1800 pixels stored sideways, upright by its EXIF
/// orientation 6 (shown 1800×2400), three blocks of colour from top to
/// bottom as shown.
fn phone_photo() -> Vec<u8> {
    // Stored turned a quarter to the left: the top of the picture as shown
    // is the stored picture's left edge.
    const SHOWN_TOP_TO_BOTTOM: [[u8; 3]; 3] = [[220, 40, 40], [40, 180, 40], [40, 40, 220]];
    let (w, h) = (2400u16, 1800u16);
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for _ in 0..h {
        for x in 0..w {
            px.extend(SHOWN_TOP_TO_BOTTOM[usize::from(x) * 3 / usize::from(w)]);
        }
    }
    // A TIFF block with one entry: Orientation (0x0112) = 6.
    let mut exif = b"Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0".to_vec();
    exif.extend(0u32.to_le_bytes());
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 90);
    e.add_app_segment(1, &exif).unwrap();
    e.encode(&px, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A phone photo turned by its EXIF orientation is prepared like any other
/// (it was embedded at full size until issue 19's third round) and shows
/// upright: its page from the prepared PDF, rasterised by poppler, is the
/// page of the original, which typst turns itself.
#[test]
fn a_phone_photo_turned_by_exif_is_prepared_and_stays_upright() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = phone_photo();
    std::fs::write(dir.path().join("phone.jpg"), &jpeg).unwrap();
    let deck = dir.path().join("20240418.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n# Upright\n\n![a phone photo](phone.jpg =x400)\n",
    )
    .unwrap();
    let original = export(&deck, ImageMode::Original, None);
    let prepared = export(&deck, ImageMode::Prepared, None);
    assert!(contains(&original.pdf, &jpeg));
    assert!(!contains(&prepared.pdf, &jpeg[..4096]));
    // Shown 300×400 CSS px: a 450×600 copy at most 1/16 of the pixels.
    assert!(
        prepared.pdf.len() * 4 < original.pdf.len(),
        "{} vs {}",
        prepared.pdf.len(),
        original.pdf.len()
    );
    assert!(
        prepared.diagnostics.is_empty(),
        "{:?}",
        prepared.diagnostics
    );
    if !common::poppler() {
        return;
    }
    let (a, b) = (
        common::raster(&original.pdf, 48),
        common::raster(&prepared.pdf, 48),
    );
    assert_eq!((a.0, a.1), (b.0, b.1));
    let worst = a.2.iter().zip(&b.2).map(|(x, y)| x.abs_diff(*y)).max();
    let mean =
        a.2.iter()
            .zip(&b.2)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum::<u64>()
            / a.2.len() as u64;
    assert!(
        mean <= 1,
        "pages differ by {mean} of 255 on average (worst {worst:?})"
    );
    // And the photo is upright: red above green above blue down the
    // middle of the page.
    let column: Vec<[u8; 3]> = (0..a.1)
        .map(|y| {
            let i = (y * a.0 + a.0 / 2) * 3;
            [b.2[i], b.2[i + 1], b.2[i + 2]]
        })
        .collect();
    // The first row where channel `c` is bright and the others dark.
    let first = |c: usize| {
        column
            .iter()
            .position(|p| (0..3).all(|k| if k == c { p[k] > 150 } else { p[k] < 100 }))
    };
    let (red, green, blue) = (first(0), first(1), first(2));
    assert!(
        matches!((red, green, blue), (Some(r), Some(g), Some(b)) if r < g && g < b),
        "{red:?} {green:?} {blue:?}"
    );
}

/// A prepared JPEG reaches the PDF as its own bytes, unread: the template
/// shows it through an SVG frame the size of the source, and typst's PDF
/// export reads a JPEG in an SVG by its header only (a raster image typst
/// decodes in full first). It shows where and as large as the source does,
/// as a background (cover, cropped) and in a node.
#[test]
fn a_prepared_jpeg_is_embedded_as_it_is_where_the_source_shows() {
    let dir = tempfile::tempdir().unwrap();
    // Smooth, so that prepared and original pages compare pixel by pixel.
    let (w, h) = (4000u16, 2800u16);
    let jpeg = smooth_photo(w, h);
    let deck = deck(dir.path(), &jpeg);
    let cache = dir.path().join("cache");
    let prepared = export(&deck, ImageMode::Prepared, Some(&cache));
    assert!(
        prepared.diagnostics.is_empty(),
        "{:?}",
        prepared.diagnostics
    );
    // The cache's one entry: a header line, the payload's digest, the copy.
    let entry = std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap();
    let entry = std::fs::read(entry.path()).unwrap();
    let copy = &entry[b"decktype prepared image\n".len() + 32..];
    let (cw, ch) = decktype_images::dimensions(copy, decktype_images::Format::Jpeg).unwrap();
    assert!(cw < u32::from(w) && ch < u32::from(h), "{cw}x{ch}");
    assert!(
        contains(&prepared.pdf, copy),
        "the copy's bytes, as they are"
    );
    if !common::poppler() {
        return;
    }
    // One image: the copy, as a JPEG, on both pages.
    // Columns: page, num, type, width, height, color, comp, bpc, enc,
    // interp, object ID.
    let listed = pdf_image_rows(&prepared.pdf);
    assert_eq!(listed.len(), 2, "{listed:?}");
    for (page, row) in ["1", "2"].into_iter().zip(&listed) {
        let (w, h) = (cw.to_string(), ch.to_string());
        assert_eq!(
            [&row[0], &row[2], &row[3], &row[4], &row[8]],
            [page, "image", &w, &h, "jpeg"]
        );
    }
    assert_eq!(listed[0][10], listed[1][10], "one object");
    // Both pages look as with the source itself.
    let original = export(&deck, ImageMode::Original, None);
    for page in [1, 2] {
        let (a, b) = (
            common::raster_page(&original.pdf, 48, page),
            common::raster_page(&prepared.pdf, 48, page),
        );
        assert_eq!((a.0, a.1), (b.0, b.1));
        let mean =
            a.2.iter()
                .zip(&b.2)
                .map(|(x, y)| u64::from(x.abs_diff(*y)))
                .sum::<u64>() as f64
                / a.2.len() as f64;
        assert!(
            mean < 1.0,
            "page {page} differs by {mean:.2} of 255 on average"
        );
    }
}

/// A smooth 4:3 JPEG (gradients and large blocks), so that prepared and
/// original pages compare pixel by pixel: a shift or a stretch of the
/// picture shows in its gradients.
fn smooth_photo(w: u16, h: u16) -> Vec<u8> {
    let (fw, fh) = (u32::from(w), u32::from(h));
    let px: Vec<u8> = (0..fh)
        .flat_map(|y| {
            (0..fw).flat_map(move |x| {
                let block = if (x * 8 / fw + y * 6 / fh) % 2 == 0 {
                    40
                } else {
                    200
                };
                [(x * 255 / fw) as u8, (y * 255 / fh) as u8, block]
            })
        })
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 95)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    jpeg
}

/// A 4:3 photo as the centred cover background of a 16:9 page shows only
/// its middle three quarters: the copy has that part only (at the same
/// resolution, so a quarter fewer pixels to resample, encode and embed),
/// and the page looks as with the source, up to its top and bottom rows.
/// Placed anywhere else, or also shown elsewhere, the copy is whole.
#[test]
fn a_cover_background_copy_has_only_the_part_the_page_shows() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = smooth_photo(4000, 3000);
    std::fs::write(dir.path().join("photo.jpg"), &jpeg).unwrap();
    let write = |name: &str, attributes: &str| {
        let deck = dir.path().join(name);
        std::fs::write(
            &deck,
            format!(
                "---\ntype: slide\n---\n\n<!-- .slide: data-background=\"photo.jpg\"{attributes} -->\n\n# Title\n"
            ),
        )
        .unwrap();
        deck
    };
    let copy_size = |pdf: &[u8], cache: &Path| {
        let entries: Vec<_> = std::fs::read_dir(cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        let entry = std::fs::read(&entries[0]).unwrap();
        let copy = &entry[b"decktype prepared image\n".len() + 32..];
        assert!(contains(pdf, copy), "the copy's bytes, as they are");
        let name = entries[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        (
            decktype_images::dimensions(copy, decktype_images::Format::Jpeg).unwrap(),
            name,
        )
    };

    // Centred cover (the default): shown 1244 × 933 px, the page cuts 116.5 px
    // off the top and the bottom. 1866 × 1400 pixels are needed for the
    // whole picture at 200 %, so the copy is 1867 wide and about 1050 high.
    let deck = write("20240418.md", "");
    let cache = dir.path().join("cache-cover");
    let prepared = export(&deck, ImageMode::Prepared, Some(&cache));
    assert!(
        prepared.diagnostics.is_empty(),
        "{:?}",
        prepared.diagnostics
    );
    let ((cw, ch), name) = copy_size(&prepared.pdf, &cache);
    assert!((1866..=1868).contains(&cw), "{cw}x{ch}");
    assert!((1050..=1060).contains(&ch), "{cw}x{ch}: 1050 and a margin");
    assert!(name.contains("-1866x1400-1x0.75"), "{name}");
    // The same bytes without a cache, and from it.
    assert_eq!(export(&deck, ImageMode::Prepared, None).pdf, prepared.pdf);
    assert_eq!(
        export(&deck, ImageMode::Prepared, Some(&cache)).pdf,
        prepared.pdf
    );

    // Positioned, stretched, contained, or also a node: the whole picture.
    for (attributes, also) in [
        (" data-background-position=\"top\"", ""),
        (" data-background-size=\"100% 100%\"", ""),
        (" data-background-size=\"contain\"", ""),
        ("", "\n---\n\n![a photo](photo.jpg =400x)\n"),
    ] {
        let deck = write("20240419.md", attributes);
        if !also.is_empty() {
            let text = std::fs::read_to_string(&deck).unwrap() + also;
            std::fs::write(&deck, text).unwrap();
        }
        let cache = tempfile::tempdir().unwrap();
        let pdf = export(&deck, ImageMode::Prepared, Some(cache.path())).pdf;
        let ((w, h), _) = copy_size(&pdf, cache.path());
        let ratio = f64::from(w) / f64::from(h);
        assert!(
            (ratio - 4.0 / 3.0).abs() < 0.01,
            "{attributes}{also}: {w}x{h}"
        );
    }

    if !common::poppler() {
        return;
    }
    // The page looks as with the source, to its edges (no row of the
    // background colour where the part's copy ends), and as close to it
    // as with a copy of the whole picture (both re-encoded: the blue
    // channel's sharp block edges lose a little to 4:2:0 chroma).
    let original = common::raster_page(&export(&deck, ImageMode::Original, None).pdf, 72, 1);
    let whole = {
        let deck = write("20240420.md", "");
        let text = std::fs::read_to_string(&deck).unwrap();
        std::fs::write(&deck, text + "\n---\n\n![a photo](photo.jpg =400x)\n").unwrap();
        common::raster_page(&export(&deck, ImageMode::Prepared, None).pdf, 72, 1)
    };
    let part = common::raster_page(&prepared.pdf, 72, 1);
    let (width, height) = (original.0, original.1);
    assert_eq!((part.0, part.1), (width, height));
    let row_mean = |page: &(usize, usize, Vec<u8>), y: usize| {
        let row = y * width * 3..(y + 1) * width * 3;
        original.2[row.clone()]
            .iter()
            .zip(&page.2[row])
            .map(|(x, y)| f64::from(x.abs_diff(*y)))
            .sum::<f64>()
            / (width * 3) as f64
    };
    for y in [0, 1, height - 2, height - 1] {
        let mean = row_mean(&part, y);
        assert!(
            mean < 3.0,
            "row {y} of {height} differs by {mean:.2} of 255"
        );
    }
    let page_mean = |page| (0..height).map(|y| row_mean(page, y)).sum::<f64>() / height as f64;
    let (part, whole) = (page_mean(&part), page_mean(&whole));
    assert!(
        part < 1.5 && part <= whole + 0.15,
        "the page differs by {part:.2} of 255 on average, with a whole copy {whole:.2}"
    );
}

/// A background stands where CSS puts it for its `data-background-size`
/// and `-position` (reveal.js: `cover` and `50% 50%` by default): a 4:3
/// picture whose red channel runs from 0 at its top to 255 at its bottom,
/// covering a 16:9 page, shows 75 % of its height; which 75 % is the
/// position's. Contained at the right, it leaves the page's left part to
/// the theme. A repeat is said not to be used.
///
/// The oracle: reveal.js 3.9.2 in Chromium, a 1244 × 700 window, the same
/// picture and attributes: the middle column's red at the top and the
/// bottom row is 31 / 222 centred, 0 / 191 at `top`, 63 / 255 at `center
/// bottom`; contained at the right, the left edge is white (255, 255, 255)
/// and the right one (127, 0, 0).
#[test]
fn a_background_stands_where_its_size_and_position_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let picture =
        image::RgbImage::from_fn(400, 300, |_, y| image::Rgb([(y * 255 / 299) as u8, 0, 0]));
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    std::fs::write(dir.path().join("ramp.png"), png.into_inner()).unwrap();
    let page = |attributes: &str| {
        let deck = dir.path().join("20240418.md");
        std::fs::write(
            &deck,
            format!("---\ntype: slide\n---\n\n<!-- .slide: data-background=\"ramp.png\"{attributes} -->\n"),
        )
        .unwrap();
        let export = export(&deck, ImageMode::Prepared, None);
        let codes: Vec<_> = export.diagnostics.iter().map(|d| d.code.clone()).collect();
        (export.pdf, codes)
    };
    let (pdf, codes) = page(" data-background-repeat=\"repeat\"");
    assert_eq!(codes, ["DT060"]);
    if !common::poppler() {
        return;
    }
    let _ = pdf;
    // The red of the first and the last row of a page, at the middle.
    let red = |attributes: &str| {
        let (pdf, codes) = page(attributes);
        assert!(codes.is_empty(), "{attributes}: {codes:?}");
        let (w, h, px) = common::raster_page(&pdf, 36, 1);
        let at = |x: usize, y: usize| px[(y * w + x) * 3..(y * w + x) * 3 + 3].to_vec();
        (
            at(w / 2, 0)[0],
            at(w / 2, h - 1)[0],
            at(2, h / 2),
            at(w - 3, h / 2),
        )
    };
    let near = |got: u8, want: u8| got.abs_diff(want) <= 8;
    // Centred: rows 12.5 % to 87.5 % of the picture.
    let (top, bottom, ..) = red("");
    assert!(
        near(top, 32) && near(bottom, 223),
        "centred: {top} .. {bottom}"
    );
    let (top, bottom, ..) = red(" data-background-position=\"top\"");
    assert!(near(top, 0) && near(bottom, 191), "top: {top} .. {bottom}");
    let (top, bottom, ..) = red(" data-background-position=\"center bottom\"");
    assert!(
        near(top, 64) && near(bottom, 255),
        "bottom: {top} .. {bottom}"
    );
    // Contained at the right: the left edge is the white theme's page.
    let (.., left, right) =
        red(" data-background-size=\"contain\" data-background-position=\"right\"");
    assert_eq!(left, [255, 255, 255], "left");
    assert!(near(right[0], 128) && right[1] < 8, "right: {right:?}");
}

/// The RGB pixel of a rasterised page at (`fx`, `fy`) of its width and
/// height, and how far it is from `want` in its worst channel.
fn sample(page: &(usize, usize, Vec<u8>), fx: f64, fy: f64, want: [u8; 3]) -> ([u8; 3], u8) {
    let (w, h, px) = page;
    let (x, y) = ((fx * *w as f64) as usize, (fy * *h as f64) as usize);
    let at = (y * w + x) * 3;
    let got = [px[at], px[at + 1], px[at + 2]];
    let worst = got
        .iter()
        .zip(want)
        .map(|(a, b)| a.abs_diff(b))
        .max()
        .unwrap_or(0);
    (got, worst)
}

/// A CSS gradient as a slide background (`data-background="linear-gradient(…)"`,
/// which reveal.js gives the slide as its CSS background) is drawn as a
/// browser draws it: angles, `to <side or corner>`, stops with and without
/// positions, the default radial shape, blended in sRGB; and so is a
/// theme's gradient.
///
/// The oracle: reveal.js 3.9.2 in Chromium at 1244 × 700, the same
/// backgrounds; the colours at five points of each page below are the
/// browser's. The PDF, rasterised, is within 6 of 255 of each.
#[test]
fn a_gradient_background_is_drawn_as_a_browser_draws_it() {
    if !common::poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let gradients = [
        "linear-gradient(to bottom, #283b95, #17b2c3)",
        "linear-gradient(45deg, red, blue)",
        "radial-gradient(#ffffff, #000000)",
        "linear-gradient(to bottom right, #ff0, #0a0 30%, #00f)",
    ];
    let text = gradients
        .iter()
        .map(|g| format!("<!-- .slide: data-background=\"{g}\" -->\n"))
        .collect::<Vec<_>>()
        .join("\n---\n\n");
    let deck = dir.path().join("20240418.md");
    std::fs::write(&deck, format!("---\ntype: slide\n---\n\n{text}")).unwrap();
    let out = export(&deck, ImageMode::Prepared, None);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let points = [
        (0.02, 0.02),
        (0.5, 0.5),
        (0.98, 0.98),
        (0.25, 0.75),
        (0.75, 0.25),
    ];
    let chromium: [[[u8; 3]; 5]; 4] = [
        [
            [39, 61, 150],
            [31, 118, 172],
            [24, 176, 194],
            [27, 148, 183],
            [36, 89, 160],
        ],
        [
            [162, 0, 93],
            [127, 0, 127],
            [94, 0, 162],
            [191, 0, 64],
            [64, 0, 191],
        ],
        [
            [10, 10, 10],
            [254, 254, 254],
            [10, 10, 10],
            [127, 127, 127],
            [127, 127, 127],
        ],
        [
            [237, 249, 0],
            [0, 121, 73],
            [0, 5, 248],
            [0, 121, 73],
            [0, 121, 73],
        ],
    ];
    for (page, want) in chromium.iter().enumerate() {
        let raster = common::raster_page(&out.pdf, 72, page + 1);
        for (&(fx, fy), want) in points.iter().zip(want) {
            let (got, worst) = sample(&raster, fx, fy, *want);
            assert!(
                worst <= 6,
                "{} at ({fx}, {fy}): {got:?}, the browser {want:?}",
                gradients[page]
            );
        }
    }
    // The league theme's own gradient (`circle cover`, behind every slide):
    // a circle to the page's corners, not an ellipse. Chromium's colours;
    // the ellipse was 4 to 5 of 255 lighter at the second and third point.
    std::fs::write(
        &deck,
        "---\ntype: slide\nslideOptions:\n  theme: league\n---\n\n<!-- .slide: class=\"x\" -->\n",
    )
    .unwrap();
    let out = export(&deck, ImageMode::Prepared, None);
    let raster = common::raster_page(&out.pdf, 72, 1);
    for ((fx, fy), want) in [
        ((0.5, 0.5), [85, 90, 95]),
        ((0.3, 0.5), [66, 70, 74]),
        ((0.15, 0.3), [48, 51, 54]),
        ((0.5, 0.02), [58, 61, 65]),
        ((0.02, 0.02), [30, 32, 34]),
    ] {
        let (got, worst) = sample(&raster, fx, fy, want);
        assert!(
            worst <= 2,
            "league at ({fx}, {fy}): {got:?}, the browser {want:?}"
        );
    }
}

/// What of a slide background no PDF shows is said, on the slide's
/// comment: a CSS background that is not a colour or a gradient it reads
/// (a conic gradient: DT060), a background video or web page (DT050).
#[test]
fn a_background_the_pdf_cannot_show_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntype: slide\n---\n\n\
                <!-- .slide: data-background=\"conic-gradient(red, blue)\" -->\n\n# Gradient\n\n---\n\n\
                <!-- .slide: data-background-video=\"https://example.org/v.mp4\" -->\n\n# Video\n\n---\n\n\
                <!-- .slide: data-background-iframe=\"https://example.org\" data-background-color=\"#123456\" -->\n\n# Page\n";
    let deck = dir.path().join("20240418.md");
    std::fs::write(&deck, text).unwrap();
    let out = export(&deck, ImageMode::Prepared, None);
    let said: Vec<_> = out
        .diagnostics
        .iter()
        .map(|d| {
            let line = text[..d.span.start].matches('\n').count() + 1;
            (d.code.as_str(), line, d.message.as_str())
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "DT060",
                5,
                "the slide background `conic-gradient(red, blue)` is not used in the PDF: it is not a colour or gradient the PDF reads"
            ),
            (
                "DT050",
                11,
                "the background video `https://example.org/v.mp4` is not in the PDF: a PDF shows no video"
            ),
            (
                "DT050",
                17,
                "the background web page `https://example.org` is not in the PDF: a PDF shows no web page"
            ),
        ]
    );
}

/// The image rows `pdfimages -list` gives for `pdf`: type (`image`,
/// `smask`), width and height.
fn pdf_images(pdf: &[u8]) -> Vec<(String, u32, u32)> {
    pdf_image_rows(pdf)
        .into_iter()
        .map(|f| (f[2].clone(), f[3].parse().unwrap(), f[4].parse().unwrap()))
        .collect()
}

/// The rows of `pdfimages -list` for `pdf`, each split into its columns.
fn pdf_image_rows(pdf: &[u8]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// A screenshot saved as RGBA with an alpha channel opaque everywhere (as
/// many tools save them) is prepared without it even though it is not
/// shrunk: the PDF has its image and no soft mask, the page looks exactly
/// the same as with the original (whose soft mask is all opaque), and the
/// bytes are the same with and without a cache.
#[test]
fn an_opaque_rgba_screenshot_gets_no_soft_mask() {
    let dir = tempfile::tempdir().unwrap();
    let shot = image::RgbaImage::from_fn(900, 500, |x, y| {
        let on = (x / 30 + y / 30) % 2 == 0;
        image::Rgba(if on {
            [20, 90, 200, 255]
        } else {
            [250, 250, 240, 255]
        })
    });
    let mut png = std::io::Cursor::new(Vec::new());
    shot.write_to(&mut png, image::ImageFormat::Png).unwrap();
    std::fs::write(dir.path().join("shot.png"), png.into_inner()).unwrap();
    let deck = dir.path().join("20240418.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n# A screenshot\n\n![shot](shot.png)\n",
    )
    .unwrap();
    let original = export(&deck, ImageMode::Original, None);
    let cache = dir.path().join("cache");
    let prepared = export(&deck, ImageMode::Prepared, Some(&cache));
    assert!(
        prepared.diagnostics.is_empty(),
        "{:?}",
        prepared.diagnostics
    );
    assert!(prepared.pdf.len() < original.pdf.len());
    assert_eq!(export(&deck, ImageMode::Prepared, None).pdf, prepared.pdf);
    assert_eq!(
        export(&deck, ImageMode::Prepared, Some(&cache)).pdf,
        prepared.pdf
    );
    if !common::poppler() {
        return;
    }
    let image = |t: &str| (t.to_owned(), 900, 500);
    assert_eq!(pdf_images(&original.pdf), [image("image"), image("smask")]);
    assert_eq!(pdf_images(&prepared.pdf), [image("image")]);
    let (a, b) = (
        common::raster(&original.pdf, 72),
        common::raster(&prepared.pdf, 72),
    );
    assert_eq!((a.0, a.1), (b.0, b.1));
    let worst = a.2.iter().zip(&b.2).map(|(x, y)| x.abs_diff(*y)).max();
    assert!(worst <= Some(1), "the pages differ by {worst:?} of 255");
}

/// `px` (CMYK, from `decktype_test_support::cmyk_blocks`) as a JPEG, with
/// the ICC profile `icc` when given.
fn cmyk_jpeg(px: &[u8], w: u16, h: u16, icc: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 95);
    if let Some(icc) = icc {
        e.add_icc_profile(icc).unwrap();
    }
    e.encode(px, w, h, jpeg_encoder::ColorType::Cmyk).unwrap();
    out
}

/// typst's PDF/A has no CMYK (krilla 0.8 asks for a CMYK output intent it
/// cannot have, even for a JPEG with its own profile), and it refused the
/// whole deck for one CMYK JPEG. Such an image is now an RGB copy (at its
/// own size, or prepared), with DT068, in both image modes: without a
/// profile it shows the colours every browser shows, with one converted
/// by it. Every CMYK JPEG of a plain PDF stays as it is.
#[test]
fn a_cmyk_jpeg_is_an_rgb_copy_in_pdf_a() {
    use decktype_export_pdf::Standard;
    use decktype_test_support::{CMYK_BLOCKS, cmyk_blocks};
    let dir = tempfile::tempdir().unwrap();
    let blocks = CMYK_BLOCKS.len() as u16;
    // Behind a 1244×700 page, stretched: 1.6 times what 200 % zoom needs.
    let (bw, bh) = (375u16, 1600u16);
    let big = cmyk_jpeg(&cmyk_blocks(bw, bh), bw * blocks, bh, None);
    let small = cmyk_jpeg(&cmyk_blocks(16, 32), 16 * blocks, 32, None);
    let profile = typst_assets::icc::CMYK_TO_XYZ;
    let profiled = cmyk_jpeg(&cmyk_blocks(16, 32), 16 * blocks, 32, Some(profile));
    for (name, bytes) in [("big", &big), ("small", &small), ("profiled", &profiled)] {
        std::fs::write(dir.path().join(format!("{name}.jpg")), bytes).unwrap();
    }
    let deck = dir.path().join("20240418.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n<!-- .slide: data-background=\"big.jpg\" data-background-size=\"100% 100%\" -->\n\n---\n\n![small](small.jpg)\n\n![profiled](profiled.jpg)\n",
    )
    .unwrap();
    let envelope = common::envelope(&deck);
    let resolver = decktype_assets::Resolver::new(deck.parent(), &[]);
    let cache = dir.path().join("cache");
    let export = |images, standard| {
        let mut options = decktype_export_pdf::Options::new(&resolver);
        options.images = images;
        options.standard = standard;
        options.image_cache = Some(&cache);
        decktype_export_pdf::export(&envelope, &options)
            .unwrap_or_else(|f| panic!("{images:?}, {standard:?}: no PDF: {f:?}"))
    };
    let codes = |e: &decktype_export_pdf::Export| -> Vec<(String, String)> {
        e.diagnostics
            .iter()
            .map(|d| (d.code.clone(), d.message.clone()))
            .collect()
    };
    for images in [ImageMode::Prepared, ImageMode::Original] {
        let pdf = export(images, Standard::A2b);
        let found = codes(&pdf);
        assert_eq!(found.len(), 3, "{images:?}: {found:?}");
        // In the order the deck shows them.
        let expected = [
            ("big.jpg", "as browsers show"),
            ("small.jpg", "as browsers show"),
            ("profiled.jpg", "by its colour profile"),
        ];
        for ((code, message), (url, how)) in found.iter().zip(expected) {
            assert_eq!(code, "DT068", "{images:?}");
            assert!(message.contains(&format!("`{url}`")), "{message}");
            assert!(message.contains(how), "{message}");
        }
        // The same bytes again, from the cache.
        assert_eq!(export(images, Standard::A2b).pdf, pdf.pdf, "{images:?}");
        if !common::poppler() {
            continue;
        }
        // Columns: page, num, type, width, height, color, comp, ...
        let listed: Vec<_> = pdf_image_rows(&pdf.pdf)
            .into_iter()
            .map(|r| (r[3].clone(), r[4].clone(), r[5].clone(), r[6].clone()))
            .collect();
        let big_size = match images {
            // Covering 1312.5 × 700 CSS px: 1969 × 1050 pixels at 1.5 a px.
            ImageMode::Prepared => ("1969", "1050"),
            ImageMode::Original => ("3000", "1600"),
        };
        let row = |(w, h): (&str, &str), color: &str, comp: &str| {
            (
                w.to_owned(),
                h.to_owned(),
                color.to_owned(),
                comp.to_owned(),
            )
        };
        // sRGB, as every RGB image of a PDF/A: ICC-based, three components.
        assert_eq!(
            listed,
            [
                row(big_size, "icc", "3"),
                row(("128", "32"), "icc", "3"),
                row(("128", "32"), "icc", "3"),
            ],
            "{images:?}"
        );
        // Page 1 is the big image, stretched: its blocks side by side.
        let (w, h, px) = common::raster_page(&pdf.pdf, 36, 1);
        for (i, (cmyk, rgb)) in CMYK_BLOCKS.iter().enumerate() {
            let x = w * (2 * i + 1) / (2 * CMYK_BLOCKS.len());
            let at = (h / 2 * w + x) * 3;
            let shown = &px[at..at + 3];
            let worst = (0..3).map(|c| shown[c].abs_diff(rgb[c])).max().unwrap();
            assert!(
                worst <= 10,
                "{images:?}: CMYK {cmyk:?} shows {shown:?}, not {rgb:?}"
            );
        }
    }
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.contains("-rgb-"))
        .collect();
    assert_eq!(entries.len(), 4, "{entries:?}: big twice, the others once");
    // A plain PDF keeps every CMYK JPEG as it is.
    let plain = export(ImageMode::Original, Standard::None);
    assert_eq!(codes(&plain), []);
    assert!(contains(&plain.pdf, &big) && contains(&plain.pdf, &small));
    if common::poppler() {
        let colors: Vec<_> = pdf_image_rows(&plain.pdf)
            .into_iter()
            .map(|r| format!("{} {}", r[5], r[6]))
            .collect();
        assert_eq!(colors, ["cmyk 4", "cmyk 4", "icc 4"]);
    }
}

/// Two decks exported one after the other in one process (as `build`
/// does), each with its own photo of the same size at the same place: each
/// PDF has its own photo's copy. typst knows a framed JPEG by the frame's
/// bytes, which were the same for both photos, so the second PDF got the
/// first one's photo; the frame now names what it shows.
#[test]
fn decks_exported_in_one_process_each_show_their_own_photo() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (4000u16, 2800u16);
    let first = photo(w, h);
    let mut px = decktype_test_support::noisy_rgb(w, h);
    px.iter_mut().for_each(|p| *p = 255 - *p);
    let mut second = Vec::new();
    jpeg_encoder::Encoder::new(&mut second, 95)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    let copy = |jpeg: &[u8]| {
        let need = (1866, 1307);
        decktype_images::prepare(
            jpeg,
            decktype_images::Format::Jpeg,
            need,
            decktype_images::Visible::ALL,
        )
        .unwrap()
        .bytes
    };
    for (name, jpeg) in [("a", &first), ("b", &second)] {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        let deck = deck(&sub, jpeg);
        let pdf = export(&deck, ImageMode::Prepared, None).pdf;
        let own = copy(jpeg);
        assert!(contains(&pdf, &own), "deck {name}: its own photo");
    }
}

/// A CMYK JPEG whose pixels do not decode cannot be converted; in a PDF/A
/// it is a placeholder (DT050) and the deck still gets its PDF.
#[test]
fn a_cmyk_jpeg_that_does_not_decode_is_a_placeholder_in_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmyk = Vec::new();
    jpeg_encoder::Encoder::new(&mut cmyk, 90)
        .encode(
            &decktype_test_support::cmyk_blocks(16, 32),
            128,
            32,
            jpeg_encoder::ColorType::Cmyk,
        )
        .unwrap();
    let broken = decktype_test_support::jpeg_without_its_table(&cmyk);
    let deck = deck(dir.path(), &broken);
    for images in [ImageMode::Prepared, ImageMode::Original] {
        let out = export(&deck, images, None);
        let codes: Vec<_> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["DT050"], "{images:?}: {:?}", out.diagnostics);
        assert!(out.pdf.starts_with(b"%PDF-"));
    }
}
