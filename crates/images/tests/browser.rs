//! The RGB copy of a CMYK JPEG without a colour profile against an
//! independent oracle: Chromium's own decoding of the same JPEG, the way
//! the deck's reader saw it in HedgeDoc (the Adobe convention: each ink
//! times black). A JPEG with its profile is checked against Adobe's
//! published conversions in `rgb_copy.rs`: Chromium's engine (skcms) gives
//! a lighter, warmer black for typst's compact press profile ((53, 54, 58)
//! for full black, where Adobe's SWOP conversion and the copy give
//! (35, 31, 32)).

use base64::Engine;
use decktype_images::rgb_copy;
use decktype_test_browser::{PageLog, browser_or_skip};
use decktype_test_support::{CMYK_BLOCKS, cmyk_blocks};

/// The block centres of `jpeg` (the [`CMYK_BLOCKS`], 32 pixels square) as
/// Chromium decodes it: drawn on a canvas, read back as sRGB.
fn chromium_blocks(
    browser: &mut decktype_test_browser::Browser,
    session: &str,
    jpeg: &[u8],
    log: &mut PageLog,
) -> Vec<[u8; 3]> {
    let url = format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    );
    let script = format!(
        r#"(async () => {{
            const img = new Image();
            img.src = "{url}";
            await img.decode();
            const canvas = document.createElement("canvas");
            canvas.width = img.width;
            canvas.height = img.height;
            const ctx = canvas.getContext("2d", {{ colorSpace: "srgb" }});
            ctx.drawImage(img, 0, 0);
            const out = [];
            for (let i = 0; i < {n}; i++) {{
                const d = ctx.getImageData(32 * i + 16, 16, 1, 1).data;
                out.push([d[0], d[1], d[2]]);
            }}
            return out;
        }})()"#,
        n = CMYK_BLOCKS.len()
    );
    let value = browser.eval_await(session, &script, log);
    serde_json::from_value(value).expect("Chromium read the blocks")
}

#[test]
fn the_rgb_copy_shows_what_chromium_shows() {
    let Some(mut browser) = browser_or_skip("the_rgb_copy_shows_what_chromium_shows") else {
        return;
    };
    let mut log = PageLog::default();
    let session = browser.open("about:blank", &mut log);
    let (w, h) = (32 * CMYK_BLOCKS.len() as u16, 32);
    for (what, color) in [
        ("CMYK", jpeg_encoder::ColorType::Cmyk),
        ("YCCK", jpeg_encoder::ColorType::CmykAsYcck),
    ] {
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 100)
            .encode(&cmyk_blocks(32, h), w, h, color)
            .unwrap();
        let shown = chromium_blocks(&mut browser, &session, &jpeg, &mut log);
        let copy = rgb_copy(&jpeg, (u32::from(w), u32::from(h))).unwrap();
        let copy = image::load_from_memory(&copy.bytes).unwrap().into_rgb8();
        for (i, (cmyk, chromium)) in CMYK_BLOCKS.iter().map(|b| b.0).zip(&shown).enumerate() {
            let ours = copy.get_pixel(32 * i as u32 + 16, 16).0;
            let worst = (0..3).map(|c| ours[c].abs_diff(chromium[c])).max().unwrap();
            assert!(
                worst <= 2,
                "{what} {cmyk:?}: the copy shows {ours:?}, Chromium {chromium:?}"
            );
        }
    }
    assert!(log.is_quiet(), "{:?}", log.problems());
}
