//! What `rgb_copy` and `cmyk` make of CMYK JPEGs: the PDF export shows
//! such an image as RGB in a PDF/A, which typst cannot give CMYK.

use decktype_images::{
    Cache, Cmyk, Format, Lookup, RGB_COPY_QUALITY, Visible, cmyk, prepare, rgb_copy,
};
use decktype_test_support::exif_with_orientation as exif;
use decktype_test_support::{CMYK_BLOCKS as BLOCKS, cmyk_blocks};

/// The blocks of [`BLOCKS`] side by side, `rows` times, as a CMYK JPEG
/// (`ycck`: stored as YCCK) with the `app` segments given.
fn cmyk_jpeg(rows: u16, ycck: bool, app: &[(u8, &[u8])], icc: Option<&[u8]>) -> Vec<u8> {
    let (w, h) = (32 * BLOCKS.len() as u16, 32 * rows);
    let px = cmyk_blocks(32, h);
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 100);
    for (n, data) in app {
        e.add_app_segment(*n, data).unwrap();
    }
    if let Some(icc) = icc {
        e.add_icc_profile(icc).unwrap();
    }
    let color = if ycck {
        jpeg_encoder::ColorType::CmykAsYcck
    } else {
        jpeg_encoder::ColorType::Cmyk
    };
    e.encode(&px, w, h, color).unwrap();
    out
}

/// A 128-byte ICC profile header: version `major`.`minor`, for `space`.
fn icc(major: u8, minor: u8, space: &[u8; 4]) -> Vec<u8> {
    let mut p = vec![0u8; 128];
    p[..4].copy_from_slice(&128u32.to_be_bytes());
    p[8] = major;
    p[9] = minor << 4;
    p[12..16].copy_from_slice(b"prtr");
    p[16..20].copy_from_slice(space);
    p[20..24].copy_from_slice(b"Lab ");
    p[36..40].copy_from_slice(b"acsp");
    p
}

/// Asserts that `copy` (an RGB JPEG of the blocks, `rows` high, each
/// block `side` pixels) shows each block's RGB within JPEG's error.
fn assert_blocks(copy: &[u8], side: u32, rows: u32, what: &str) {
    let image = image::load_from_memory(copy).unwrap();
    assert_eq!(image.color(), image::ColorType::Rgb8, "{what}");
    let image = image.into_rgb8();
    assert_eq!(
        image.dimensions(),
        (side * BLOCKS.len() as u32, side * rows),
        "{what}"
    );
    for (i, (cmyk, rgb)) in BLOCKS.iter().enumerate() {
        let px = image
            .get_pixel(side * i as u32 + side / 2, side * rows / 2)
            .0;
        let worst = (0..3)
            .map(|c| (i32::from(px[c]) - i32::from(rgb[c])).abs())
            .max()
            .unwrap();
        assert!(
            worst <= 6,
            "{what}: CMYK {cmyk:?} shows {px:?}, not {rgb:?}"
        );
    }
}

#[test]
fn a_cmyk_jpeg_and_its_profile_are_found_by_its_header() {
    let plain = cmyk_jpeg(1, false, &[], None);
    assert_eq!(cmyk(&plain), Some(Cmyk::WithoutProfile));
    assert_eq!(
        cmyk(&cmyk_jpeg(1, true, &[], None)),
        Some(Cmyk::WithoutProfile)
    );
    let profile = typst_assets::icc::CMYK_TO_XYZ;
    for ycck in [false, true] {
        let with = cmyk_jpeg(1, ycck, &[], Some(profile));
        assert_eq!(cmyk(&with), Some(Cmyk::WithProfile), "ycck {ycck}");
    }
    // A profile that is only a header, or one for RGB, does not convert.
    for bad in [icc(4, 2, b"CMYK"), icc(2, 1, b"RGB ")] {
        let with = cmyk_jpeg(1, false, &[], Some(&bad));
        assert_eq!(cmyk(&with), Some(Cmyk::WithoutProfile));
    }
    // Not CMYK, or not a JPEG.
    let mut rgb = Vec::new();
    jpeg_encoder::Encoder::new(&mut rgb, 90)
        .encode(&[0; 8 * 8 * 3], 8, 8, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    assert_eq!(cmyk(&rgb), None);
    assert_eq!(cmyk(b"not a jpeg"), None);
    // Cut before its frame header (cut later, the header still reads).
    assert_eq!(cmyk(&plain[..20]), None);
    assert_eq!(cmyk(&plain[..plain.len() / 3]), Some(Cmyk::WithoutProfile));
}

/// With its profile (typst's CGATS TR 001, the SWOP press), a CMYK JPEG
/// shows as Adobe's SWOP conversion shows the process inks (their
/// published sRGB values: cyan #00AEEF, magenta #EC008C, yellow #FFF200,
/// black #231F20, 50 % black #939598, red #ED1C24), not as the
/// profile-less convention (`0, 255, 255` for cyan); YCCK the same.
#[test]
fn the_rgb_copy_of_a_jpeg_with_its_profile_is_converted_by_it() {
    let profile = typst_assets::icc::CMYK_TO_XYZ;
    let (w, h) = (32 * BLOCKS.len() as u32, 32);
    let adobe: [Option<[u8; 3]>; 8] = [
        Some([255, 255, 255]),
        Some([0, 174, 239]),
        Some([236, 0, 140]),
        Some([255, 242, 0]),
        Some([35, 31, 32]),
        Some([147, 149, 152]),
        Some([237, 28, 36]),
        None,
    ];
    for ycck in [false, true] {
        let src = cmyk_jpeg(1, ycck, &[], Some(profile));
        let copy = rgb_copy(&src, (w, h)).unwrap();
        let image = image::load_from_memory(&copy.bytes).unwrap().into_rgb8();
        for (i, expected) in adobe.iter().enumerate() {
            let Some(expected) = expected else { continue };
            let shown = image.get_pixel(32 * i as u32 + 16, 16).0;
            let worst = (0..3)
                .map(|c| shown[c].abs_diff(expected[c]))
                .max()
                .unwrap();
            assert!(
                worst <= 4,
                "ycck {ycck}, CMYK {:?}: {shown:?}, not {expected:?}",
                BLOCKS[i].0
            );
        }
    }
}

#[test]
fn the_rgb_copy_shows_the_colours_every_reader_shows() {
    assert_eq!(RGB_COPY_QUALITY, 92);
    let (w, h) = (32 * BLOCKS.len() as u32, 64);
    for ycck in [false, true] {
        let src = cmyk_jpeg(2, ycck, &[], None);
        // At the source's size: asked for it, or for less than 1.25 times smaller.
        for need in [(w, h), (w * 9 / 10, h * 9 / 10)] {
            let copy = rgb_copy(&src, need).unwrap();
            assert_eq!((copy.width, copy.height), (w, h));
            assert_blocks(&copy.bytes, 32, 2, &format!("ycck {ycck}, {need:?}"));
        }
        // Shrunk to a quarter.
        let copy = rgb_copy(&src, (w / 4, h / 4)).unwrap();
        assert_eq!((copy.width, copy.height), (w / 4, h / 4));
        assert_blocks(&copy.bytes, 8, 2, &format!("ycck {ycck}, shrunk"));
    }
    // Not CMYK, or not decodable: no copy.
    let mut rgb = Vec::new();
    jpeg_encoder::Encoder::new(&mut rgb, 90)
        .encode(&[0; 8 * 8 * 3], 8, 8, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    assert_eq!(rgb_copy(&rgb, (8, 8)), None);
    let source = cmyk_jpeg(1, false, &[], None);
    let broken = decktype_test_support::jpeg_without_its_table(&source);
    assert_eq!(cmyk(&broken), Some(Cmyk::WithoutProfile));
    assert_eq!(rgb_copy(&broken, (256, 32)), None);
}

#[test]
fn the_rgb_copy_is_turned_as_the_source_shows() {
    let (w, h) = (32 * BLOCKS.len() as u32, 32);
    // Orientation 6: turned a quarter clockwise, so the blocks run top to
    // bottom and the size asked for is the turned one.
    let src = cmyk_jpeg(1, false, &[(1, &exif(6))], None);
    let copy = rgb_copy(&src, (h, w)).unwrap();
    assert_eq!((copy.width, copy.height), (h, w));
    let image = image::load_from_memory(&copy.bytes).unwrap().into_rgb8();
    for (i, (_, rgb)) in BLOCKS.iter().enumerate() {
        let px = image.get_pixel(16, 32 * i as u32 + 16).0;
        let worst = (0..3)
            .map(|c| (i32::from(px[c]) - i32::from(rgb[c])).abs())
            .max()
            .unwrap();
        assert!(worst <= 6, "block {i}: {px:?}, not {rgb:?}");
    }
    let has_orientation = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&copy.bytes))
        .is_ok();
    assert!(!has_orientation, "the copy has no EXIF turn");
}

#[test]
fn a_cmyk_jpeg_is_never_prepared_but_its_rgb_copy_is_cached_apart() {
    let src = cmyk_jpeg(8, false, &[], None);
    // `prepare` keeps CMYK as it is (a plain PDF embeds it as it is).
    assert_eq!(prepare(&src, Format::Jpeg, (64, 64), Visible::ALL), None);
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path());
    assert_eq!(
        cache.prepare(&src, Format::Jpeg, (64, 64), Visible::ALL),
        (None, Lookup::Miss)
    );
    let (copy, lookup) = cache.rgb_copy(&src, (64, 64));
    assert_eq!(lookup, Lookup::Miss, "not the prepared copy's entry");
    let copy = copy.unwrap();
    assert_eq!(copy, rgb_copy(&src, (64, 64)).unwrap().bytes);
    assert_eq!(cache.rgb_copy(&src, (64, 64)), (Some(copy), Lookup::Hit));
    assert_eq!(
        cache.prepare(&src, Format::Jpeg, (64, 64), Visible::ALL),
        (None, Lookup::Hit)
    );
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2);
    assert!(names[0].ends_with("-64x64-rgb-v5.jpg"), "{names:?}");
    assert!(names[1].ends_with("-64x64-v5.jpg"), "{names:?}");
}
