//! What `prepare` and the cache make of real encoded images.

use decktype_images::{
    Cache, Format, Lookup, Visible, dimensions, fitted, jpeg_scale, prepare, reduction,
    worth_preparing,
};
use decktype_test_support::exif_with_orientation as exif;

/// A smooth RGB test picture, `w`×`h`, as a JPEG (with `exif` and `icc`
/// segments when given).
fn jpeg(w: u16, h: u16, exif: Option<&[u8]>, icc: Option<&[u8]>) -> Vec<u8> {
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            px.extend([(x % 256) as u8, (y % 256) as u8, ((x + y) / 16 % 256) as u8]);
        }
    }
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 95);
    if let Some(exif) = exif {
        e.add_app_segment(1, exif).unwrap();
    }
    if let Some(icc) = icc {
        e.add_icc_profile(icc).unwrap();
    }
    e.encode(&px, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// An RGBA PNG, `w`×`h`: left half opaque red, right half transparent.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            image::Rgba([255, 0, 0, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn the_reduction_keeps_both_sides_at_least_as_large_as_needed() {
    assert_eq!(reduction((4032, 3024), (1866, 1400)), 2);
    assert_eq!(reduction((2560, 1920), (1866, 1400)), 1);
    assert_eq!(reduction((1000, 1000), (100, 400)), 2);
    assert_eq!(reduction((100, 100), (400, 400)), 1);
    assert_eq!(reduction((100, 100), (0, 0)), 100);
}

#[test]
fn the_jpeg_scale_is_the_largest_dct_scale_not_above_the_reduction() {
    let scales: Vec<u32> = (0..=17).map(jpeg_scale).collect();
    assert_eq!(
        scales,
        [1, 1, 2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8]
    );
}

#[test]
fn the_fitted_size_keeps_the_aspect_and_covers_the_need() {
    // The corpus's title photo behind a 1244×700 slide at 200 % zoom.
    assert_eq!(fitted((2560, 1920), (1866, 1400)), (1867, 1400));
    assert_eq!(fitted((800, 600), (700, 500)), (700, 525));
    assert_eq!(fitted((400, 300), (390, 290)), (390, 293));
    assert_eq!(fitted((400, 300), (400, 300)), (400, 300));
    // Never larger than the source, whatever is asked.
    assert_eq!(fitted((100, 50), (400, 400)), (100, 50));
    assert_eq!(fitted((100, 50), (0, 0)), (1, 1));
}

#[test]
fn a_jpeg_is_worth_preparing_from_a_quarter_larger_a_png_from_twice() {
    let need = (1000, 750);
    assert!(worth_preparing((1250, 938), need, Format::Jpeg));
    assert!(!worth_preparing((1249, 2000), need, Format::Jpeg));
    // The corpus's title photo: 1.37 times what 200 % zoom shows.
    assert!(worth_preparing((2560, 1920), (1866, 1400), Format::Jpeg));
    assert!(!worth_preparing((2560, 1920), (2100, 1575), Format::Jpeg));
    assert!(!worth_preparing((1999, 1500), need, Format::Png));
    assert!(worth_preparing((2000, 1500), need, Format::Png));
}

#[test]
fn a_large_jpeg_is_decoded_at_a_dct_scale_and_resampled_to_the_need() {
    let src = jpeg(1600, 1200, None, None);
    for (need, size) in [
        ((1280, 960), (1280, 960)),
        ((700, 500), (700, 525)),
        ((400, 300), (400, 300)),
        ((390, 290), (390, 293)),
        ((100, 75), (100, 75)),
        ((60, 45), (60, 45)),
    ] {
        let p =
            prepare(&src, Format::Jpeg, need, Visible::ALL).unwrap_or_else(|| panic!("{need:?}"));
        assert_eq!((p.width, p.height), size, "{need:?}");
        assert_eq!(dimensions(&p.bytes, Format::Jpeg), Some(size));
        assert!(p.bytes.len() < src.len());
        assert!(p.width >= need.0 && p.height >= need.1);
    }
}

#[test]
fn a_jpeg_not_large_enough_or_not_a_jpeg_stays_original() {
    let src = jpeg(1600, 1200, None, None);
    assert_eq!(prepare(&src, Format::Jpeg, (1281, 960), Visible::ALL), None);
    assert_eq!(
        prepare(&src, Format::Jpeg, (1600, 1200), Visible::ALL),
        None
    );
    let upright = jpeg(1600, 1200, Some(&exif(1)), None);
    assert!(prepare(&upright, Format::Jpeg, (400, 300), Visible::ALL).is_some());
    assert_eq!(
        prepare(b"not a jpeg", Format::Jpeg, (1, 1), Visible::ALL),
        None
    );
    assert_eq!(
        prepare(
            &src[..src.len() / 3],
            Format::Jpeg,
            (400, 300),
            Visible::ALL
        ),
        None
    );
    assert_eq!(dimensions(b"\xff\xd8\xff", Format::Jpeg), None);
}

/// The resampled copy shows the same picture: the test picture's smooth
/// gradients, sampled where the copy's pixels map back to the source, are
/// within JPEG noise of what the source has there.
#[test]
fn the_resampled_copy_is_the_same_picture() {
    let src = jpeg(1600, 1200, None, None);
    let p = prepare(&src, Format::Jpeg, (1100, 825), Visible::ALL).unwrap();
    assert_eq!((p.width, p.height), (1100, 825));
    let copy = image::load_from_memory(&p.bytes).unwrap().into_rgb8();
    let original = image::load_from_memory(&src).unwrap().into_rgb8();
    let scale = 1600.0 / 1100.0;
    let mut worst = 0i32;
    // Inside the smooth ramps (not on the red channel's wrap at x = 256k).
    for (x, y) in [(20, 20), (100, 150), (300, 700), (650, 400), (1000, 800)] {
        let (sx, sy) = (
            (f64::from(x) + 0.5) * scale - 0.5,
            (f64::from(y) + 0.5) * scale - 0.5,
        );
        let (sx, sy) = (sx.round() as u32, sy.round() as u32);
        if sx % 256 < 4 || sx % 256 > 251 || sy % 256 < 4 || sy % 256 > 251 {
            continue;
        }
        let a = copy.get_pixel(x, y).0;
        let b = original.get_pixel(sx, sy).0;
        for c in 0..3 {
            worst = worst.max((i32::from(a[c]) - i32::from(b[c])).abs());
        }
    }
    assert!(worst <= 12, "the copy differs by {worst} of 255");
}

/// Nine blocks of distinct colours, 3×3, `w`×`h` RGB pixels.
fn blocks(w: u32, h: u32) -> image::RgbImage {
    const COLOURS: [[u8; 3]; 9] = [
        [230, 30, 30],
        [30, 200, 30],
        [30, 30, 230],
        [230, 230, 30],
        [30, 220, 220],
        [220, 30, 220],
        [250, 250, 250],
        [10, 10, 10],
        [130, 130, 130],
    ];
    image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb(COLOURS[(y * 3 / h * 3 + x * 3 / w) as usize])
    })
}

/// The largest difference between two RGB pixels in any channel.
fn worst_channel(a: [u8; 3], b: [u8; 3]) -> u8 {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.abs_diff(y))
        .max()
        .unwrap_or(0)
}

/// `png` with a chunk of `kind` holding `data`, after its header.
fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    // The signature (8 bytes) and the IHDR chunk (25).
    [
        &png[..33],
        &decktype_test_support::png_chunk(kind, data),
        &png[33..],
    ]
    .concat()
}

/// `png` with an `eXIf` chunk holding orientation `o`.
fn png_with_exif(png: &[u8], o: u16) -> Vec<u8> {
    with_chunk(png, b"eXIf", &exif(o)[6..])
}

/// `image` as a PNG.
fn encode_png(image: &image::DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// An RGBA screenshot whose alpha is 255 everywhere loses its alpha
/// channel, at any size (the PDF then needs no soft mask), with exactly
/// the same colours; grey with alpha likewise; one translucent pixel keeps
/// a PNG not worth shrinking as it is.
#[test]
fn an_alpha_channel_opaque_everywhere_is_dropped() {
    let rgba = image::RgbaImage::from_fn(400, 300, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, ((x * y) % 251) as u8, 255])
    });
    let src = encode_png(&image::DynamicImage::ImageRgba8(rgba.clone()));
    assert!(!worth_preparing((400, 300), (400, 300), Format::Png));
    assert!(decktype_images::worth_preparing_image(
        &src,
        (400, 300),
        (400, 300),
        Format::Png
    ));
    let p = prepare(&src, Format::Png, (400, 300), Visible::ALL)
        .expect("an opaque RGBA PNG is prepared");
    assert_eq!((p.width, p.height), (400, 300));
    let copy = image::load_from_memory(&p.bytes).unwrap();
    assert_eq!(copy.color(), image::ColorType::Rgb8);
    assert_eq!(
        copy.into_rgb8().into_raw(),
        image::DynamicImage::ImageRgba8(rgba.clone())
            .into_rgb8()
            .into_raw()
    );
    // Shrunk too when it is large: still without alpha.
    let p = prepare(&src, Format::Png, (200, 150), Visible::ALL).unwrap();
    assert_eq!((p.width, p.height), (200, 150));
    assert_eq!(
        image::load_from_memory(&p.bytes).unwrap().color(),
        image::ColorType::Rgb8
    );
    // Grey with alpha.
    let la = image::GrayAlphaImage::from_fn(300, 200, |x, _| image::LumaA([(x % 256) as u8, 255]));
    let p = prepare(
        &encode_png(&la.into()),
        Format::Png,
        (300, 200),
        Visible::ALL,
    )
    .unwrap();
    assert_eq!(
        image::load_from_memory(&p.bytes).unwrap().color(),
        image::ColorType::L8
    );
    // One pixel at 254: the alpha stays, and so does the PNG.
    let mut translucent = rgba;
    translucent.get_pixel_mut(399, 299).0[3] = 254;
    let src = encode_png(&image::DynamicImage::ImageRgba8(translucent));
    assert_eq!(prepare(&src, Format::Png, (400, 300), Visible::ALL), None);
    assert!(prepare(&src, Format::Png, (200, 150), Visible::ALL).is_some());
}

/// Only a PNG with alpha (an RGBA or grey-alpha one, or a `tRNS` chunk) is
/// a candidate when its size does not ask for a copy.
#[test]
fn a_png_is_a_candidate_for_its_alpha_by_its_header() {
    let rgb = encode_png(&image::RgbImage::new(40, 30).into());
    let candidate = |bytes: &[u8]| {
        decktype_images::worth_preparing_image(bytes, (40, 30), (40, 30), Format::Png)
    };
    assert!(!candidate(&rgb));
    assert!(candidate(&encode_png(
        &image::RgbaImage::new(40, 30).into()
    )));
    assert!(candidate(&encode_png(
        &image::GrayAlphaImage::new(40, 30).into()
    )));
    assert!(candidate(&with_chunk(&rgb, b"tRNS", &[0, 0, 0, 0, 0, 0])));
    assert!(!candidate(&with_chunk(&rgb, b"tEXt", b"a\0b")));
    assert!(!candidate(b"\x89PNG\r\n\x1a\n"));
    assert!(!candidate(&rgb[..20]));
    // An RGB PNG with a tRNS colour no pixel has: decoded with alpha, all
    // opaque, so the copy drops it again.
    let p = prepare(
        &with_chunk(&rgb, b"tRNS", &[0, 9, 0, 9, 0, 9]),
        Format::Png,
        (40, 30),
        Visible::ALL,
    );
    assert_eq!(
        image::load_from_memory(&p.unwrap().bytes).unwrap().color(),
        image::ColorType::Rgb8
    );
    // By size alone it is still the size rule.
    assert!(decktype_images::worth_preparing_image(
        &rgb,
        (80, 60),
        (40, 30),
        Format::Png
    ));
}

/// A JPEG or PNG turned by its EXIF orientation (a phone photo) is
/// prepared turned, as typst shows the source: for each orientation the
/// copy has the turned size, no orientation of its own, and the colour of
/// each block where the `image` crate's `apply_orientation` (the turn typst
/// applies to the source) puts it.
#[test]
fn an_image_turned_by_exif_is_prepared_turned() {
    use image::metadata::Orientation;
    let picture = blocks(1600, 1200);
    let mut plain_png = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut plain_png, image::ImageFormat::Png)
        .unwrap();
    let plain_png = plain_png.into_inner();
    for o in 1..=8u16 {
        let sources = [
            (Format::Jpeg, {
                let mut out = Vec::new();
                let mut e = jpeg_encoder::Encoder::new(&mut out, 95);
                e.add_app_segment(1, &exif(o)).unwrap();
                e.encode(picture.as_raw(), 1600, 1200, jpeg_encoder::ColorType::Rgb)
                    .unwrap();
                out
            }),
            (Format::Png, png_with_exif(&plain_png, o)),
        ];
        for (format, src) in sources {
            let mut shown = image::load_from_memory(&src).unwrap();
            shown.apply_orientation(Orientation::from_exif(o as u8).unwrap());
            let shown = shown.into_rgb8();
            let need = (shown.width() / 4, shown.height() / 4);
            let p = prepare(&src, format, need, Visible::ALL)
                .unwrap_or_else(|| panic!("orientation {o}, {format:?}: not prepared"));
            assert_eq!((p.width, p.height), need, "orientation {o}, {format:?}");
            let has_orientation = exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(&p.bytes))
                .ok()
                .and_then(|e| {
                    e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                        .cloned()
                })
                .is_some();
            assert!(
                !has_orientation,
                "orientation {o}, {format:?}: the copy has one"
            );
            let copy = image::load_from_memory(&p.bytes).unwrap().into_rgb8();
            for (bx, by) in (0..3).flat_map(|y| (0..3).map(move |x| (x, y))) {
                let at = |w: u32, h: u32| (w * (2 * bx + 1) / 6, h * (2 * by + 1) / 6);
                let (cx, cy) = at(copy.width(), copy.height());
                let (sx, sy) = at(shown.width(), shown.height());
                let (a, b) = (copy.get_pixel(cx, cy).0, shown.get_pixel(sx, sy).0);
                assert!(
                    worst_channel(a, b) <= 12,
                    "orientation {o}, {format:?}, block ({bx}, {by}): {a:?} vs {b:?}"
                );
            }
        }
    }
}

/// Only the middle half of a JPEG's height seen (a cover background cut at
/// the top and the bottom), for each EXIF orientation: the copy is that
/// part of the picture as shown, upright, at the resolution asked for the
/// whole; a PNG's copy stays whole; the cache keeps part and whole apart.
#[test]
fn a_jpeg_copy_of_the_visible_part_is_that_part_as_shown() {
    use image::metadata::Orientation;
    let picture = blocks(1600, 1200);
    let half = Visible {
        width: 1.0,
        height: 0.5,
    };
    for o in 1..=8u16 {
        let mut src = Vec::new();
        let mut e = jpeg_encoder::Encoder::new(&mut src, 95);
        e.add_app_segment(1, &exif(o)).unwrap();
        e.encode(picture.as_raw(), 1600, 1200, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        let mut shown = image::load_from_memory(&src).unwrap();
        shown.apply_orientation(Orientation::from_exif(o as u8).unwrap());
        let shown = shown.into_rgb8();
        let (sw, sh) = (shown.width(), shown.height());
        let need = (sw / 4, sh / 4);
        let p = prepare(&src, Format::Jpeg, need, half)
            .unwrap_or_else(|| panic!("orientation {o}: not prepared"));
        // The whole width at the width needed; half the height, and a
        // margin of two source pixels (a few of the copy's) at each end.
        assert_eq!(p.width, need.0, "orientation {o}: {}x{}", p.width, p.height);
        assert!(
            (need.1 / 2..=need.1 / 2 + 4).contains(&p.height),
            "orientation {o}: {}x{}",
            p.width,
            p.height
        );
        let copy = image::load_from_memory(&p.bytes).unwrap().into_rgb8();
        // A point of the copy at (fx, fy) is the point of the picture
        // shown at (fx, 1/4 + fy / 2): away from the blocks' edges.
        for (fx, fy) in [1.0, 3.0, 5.0]
            .into_iter()
            .flat_map(|x: f64| [0.1, 0.5, 0.9].map(move |y| (x / 6.0, y)))
        {
            let at = |w: u32, fx: f64| ((f64::from(w) * fx) as u32).min(w - 1);
            let a = copy
                .get_pixel(at(copy.width(), fx), at(copy.height(), fy))
                .0;
            let b = shown.get_pixel(at(sw, fx), at(sh, 0.25 + fy / 2.0)).0;
            assert!(
                worst_channel(a, b) <= 12,
                "orientation {o}, at ({fx:.2}, {fy:.2}): {a:?} vs {b:?}"
            );
        }
    }
    // A PNG's copy is whole whatever part is seen.
    let mut png = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let p = prepare(png.get_ref(), Format::Png, (400, 300), half).unwrap();
    assert_eq!((p.width, p.height), (400, 300));
    // Part and whole are two entries of the cache; each found again.
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    let src = jpeg(1600, 1200, None, None);
    let (part, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), half);
    assert_eq!(lookup, Lookup::Miss);
    let (whole, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), Visible::ALL);
    assert_eq!(lookup, Lookup::Miss);
    assert_ne!(part, whole);
    assert_eq!(
        cache.prepare(&src, Format::Jpeg, (400, 300), half),
        (part, Lookup::Hit)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A PNG whose header claims 262 144 × 262 144 RGBA pixels (256 GiB), with
/// no pixel data: found by the `pdf_view` fuzz target, where decoding it
/// allocated the whole claim and aborted the process. It stays original.
#[test]
fn a_png_claiming_more_pixels_than_the_limit_is_not_decoded() {
    let png = decktype_test_support::png_claiming(262_144);
    assert_eq!(dimensions(&png, Format::Png), Some((262_144, 262_144)));
    assert_eq!(prepare(&png, Format::Png, (100, 100), Visible::ALL), None);
}

#[test]
fn the_icc_profile_is_kept() {
    let icc: Vec<u8> = (0..=255).collect();
    let src = jpeg(800, 600, None, Some(&icc));
    // At a DCT scale (jpeg-decoder) and at full scale (zune-jpeg).
    for need in [(200, 150), (600, 450)] {
        let p = prepare(&src, Format::Jpeg, need, Visible::ALL).unwrap();
        let mut d = jpeg_decoder::Decoder::new(&p.bytes[..]);
        d.read_info().unwrap();
        assert_eq!(d.icc_profile(), Some(icc.clone()), "{need:?}");
    }
}

/// A grey JPEG stays grey, at a DCT scale and at full scale, and shows the
/// same picture.
#[test]
fn a_grey_jpeg_is_prepared_grey() {
    let (w, h) = (800u16, 600u16);
    let px: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .map(|i| ((i % u32::from(w)) / 4 % 256) as u8)
        .collect();
    let mut src = Vec::new();
    jpeg_encoder::Encoder::new(&mut src, 95)
        .encode(&px, w, h, jpeg_encoder::ColorType::Luma)
        .unwrap();
    for (need, size) in [((200, 150), (200, 150)), ((600, 450), (600, 450))] {
        let p = prepare(&src, Format::Jpeg, need, Visible::ALL).unwrap();
        assert_eq!((p.width, p.height), size);
        let copy = image::load_from_memory(&p.bytes).unwrap();
        assert_eq!(copy.color(), image::ColorType::L8, "{need:?}");
        // The ramp: column x of the copy is column x * 800 / w of the source.
        let grey = copy.into_luma8();
        let x = size.0 / 2;
        let expected = f64::from(x) * 800.0 / f64::from(size.0) / 4.0;
        let got = f64::from(grey.get_pixel(x, size.1 / 2).0[0]);
        assert!(
            (got - expected).abs() <= 4.0,
            "{need:?}: {got} vs {expected}"
        );
    }
}

#[test]
fn a_small_png_stays_and_a_large_one_is_reduced_with_its_alpha() {
    let small = png(400, 300);
    assert_eq!(prepare(&small, Format::Png, (400, 300), Visible::ALL), None);
    assert_eq!(prepare(&small, Format::Png, (201, 150), Visible::ALL), None);
    let large = png(2000, 1000);
    let p = prepare(&large, Format::Png, (500, 250), Visible::ALL).unwrap();
    assert_eq!((p.width, p.height), (500, 250));
    let img = image::load_from_memory(&p.bytes).unwrap().into_rgba8();
    assert_eq!(img.dimensions(), (500, 250));
    assert_eq!(img.get_pixel(10, 10).0, [255, 0, 0, 255]);
    assert_eq!(img.get_pixel(490, 10).0[3], 0);
    assert_eq!(
        prepare(
            b"\x89PNG\r\n\x1a\nbroken",
            Format::Png,
            (1, 1),
            Visible::ALL
        ),
        None
    );
}

#[test]
fn the_cache_misses_then_hits_and_rebuilds_a_damaged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("prepared"));
    let src = jpeg(1600, 1200, None, None);
    let (first, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), Visible::ALL);
    assert_eq!(lookup, Lookup::Miss);
    let first = first.unwrap();
    assert_eq!(
        first,
        prepare(&src, Format::Jpeg, (400, 300), Visible::ALL)
            .unwrap()
            .bytes
    );
    let (again, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), Visible::ALL);
    assert_eq!((again.as_ref(), lookup), (Some(&first), Lookup::Hit));
    // Another size is another entry.
    let (_, lookup) = cache.prepare(&src, Format::Jpeg, (800, 600), Visible::ALL);
    assert_eq!(lookup, Lookup::Miss);
    let entries: Vec<_> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}: no temporary file left");
    // Damaged: truncated, or a flipped byte.
    for damage in [
        |e: &mut Vec<u8>| e.truncate(e.len() / 2),
        |e: &mut Vec<u8>| {
            let n = e.len() - 10;
            e[n] ^= 0xff;
        },
        |e: &mut Vec<u8>| e.clear(),
    ] {
        for path in &entries {
            let mut entry = std::fs::read(path).unwrap();
            damage(&mut entry);
            std::fs::write(path, entry).unwrap();
        }
        let (rebuilt, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), Visible::ALL);
        assert_eq!((rebuilt.as_ref(), lookup), (Some(&first), Lookup::Corrupt));
        let (_, lookup) = cache.prepare(&src, Format::Jpeg, (400, 300), Visible::ALL);
        assert_eq!(lookup, Lookup::Hit);
    }
}

#[test]
fn the_cache_remembers_an_image_kept_original_and_survives_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("c"));
    let small = png(100, 100);
    assert_eq!(
        cache.prepare(&small, Format::Png, (100, 100), Visible::ALL),
        (None, Lookup::Miss)
    );
    assert_eq!(
        cache.prepare(&small, Format::Png, (100, 100), Visible::ALL),
        (None, Lookup::Hit)
    );
    // A cache that cannot be written (a file where the folder should be).
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, b"x").unwrap();
    let cache = Cache::new(blocked.join("prepared"));
    let src = jpeg(800, 600, None, None);
    let (p, lookup) = cache.prepare(&src, Format::Jpeg, (200, 150), Visible::ALL);
    assert_eq!(lookup, Lookup::Miss);
    assert!(p.is_some());
}

/// A noisy RGB picture, `w`×`h`, as a JPEG at quality 95: high
/// frequencies, like a photo.
fn noisy_jpeg(w: u16, h: u16) -> Vec<u8> {
    let px = decktype_test_support::noisy_rgb(w, h);
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 95)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The same source gives the same copy, byte for byte, on every machine:
/// an archive's PDFs must not depend on the CPU that made them. The
/// sources' and copies' SHA-256 are pinned. jpeg-decoder's SSSE3 IDCT gave
/// other pixels than its portable code (the copies' hashes differed), so it
/// runs its portable code everywhere (`platform_independent`), and so does
/// zune-jpeg for full-scale decodes (intrinsics off); jpeg-encoder runs its
/// portable code (no `simd`); fast_image_resize's own tests pin its
/// Lanczos3 output to one checksum on every CPU extension. A change
/// here changes the prepared images of every PDF: the cache's `VERSION`
/// must change with it.
#[test]
fn the_copy_is_the_same_bytes_on_every_machine() {
    const SMOOTH: &str = "dc9157eb04ed2773e6f812b3f49679bdb5c731da7ebf1b4fe48abaeeaffbeb47";
    const NOISY: &str = "0eaab61e1135f4658e9af69c5489f7dae0ecf43a9119d2b7154625630fedd2f6";
    let smooth = jpeg(1600, 1200, None, None);
    let noisy = noisy_jpeg(2560, 1920);
    let cases = [
        // Resampled at full scale (1.45x), at DCT scale 1/2, and 1.37x
        // (as the target deck's title photo).
        (
            &smooth,
            (1100, 825),
            SMOOTH,
            "b1d6623e77cc72cc04e2bc2c2a926d5c196bcdf8aaed011204059264760d5f20",
        ),
        (
            &smooth,
            (700, 500),
            SMOOTH,
            "711e6a389bc2c5ef1df71e5bc82ed920af0e4ebdf472a12bd15f94f48973893c",
        ),
        (
            &noisy,
            (1866, 1400),
            NOISY,
            "00a4069e0d8c35d261d1ea6680d3610d8583e39fa9847c1a802c93866916de69",
        ),
        (
            &noisy,
            (600, 450),
            NOISY,
            "37f622d84d514a8bc122313a6acfb79b797498f9242f44c8a1e781ea0df1d0a9",
        ),
    ];
    let made: Vec<_> = cases
        .iter()
        .map(|(src, need, ..)| {
            let p = prepare(src, Format::Jpeg, *need, Visible::ALL).unwrap();
            (*need, sha256(src), sha256(&p.bytes))
        })
        .collect();
    let pinned: Vec<_> = cases
        .iter()
        .map(|(_, need, source, copy)| (*need, source.to_string(), copy.to_string()))
        .collect();
    assert_eq!(made, pinned);
}
