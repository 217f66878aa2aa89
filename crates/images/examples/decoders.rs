//! What preparing one image costs, by decoder and encoder (best of 7):
//! a full decode with the `image` crate (zune-jpeg, what typst does),
//! `jpeg-decoder` at each DCT scale, encoding a half-size copy with the
//! `image` crate's and `jpeg-encoder`'s JPEG encoders, and resampling with
//! the `image` crate. For BENCHMARKS.md (issue 19).
//!
//! ```text
//! cargo run --release -p decktype-images --example decoders -- PHOTO.jpg|SHOT.png
//! ```
use std::time::Instant;
fn t<R>(what: &str, f: impl Fn() -> R) -> R {
    let mut best = f64::MAX;
    let mut r = None;
    for _ in 0..7 {
        let s = Instant::now();
        r = Some(f());
        best = best.min(s.elapsed().as_secs_f64() * 1e3);
    }
    println!("{what}: {best:.1} ms");
    r.unwrap()
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    if path.ends_with(".png") {
        let img = t("png full decode (image)", || {
            image::load_from_memory(&bytes).unwrap()
        });
        println!("{}x{}", img.width(), img.height());
        return;
    }
    let img = t("zune-jpeg full (image crate)", || {
        image::load_from_memory(&bytes).unwrap()
    });
    println!("{}x{} {:?}", img.width(), img.height(), img.color());
    for (w, h) in [
        (0u16, 0u16),
        (img.width() as u16 / 2, img.height() as u16 / 2),
        (img.width() as u16 / 4, img.height() as u16 / 4),
        (img.width() as u16 / 8, img.height() as u16 / 8),
    ] {
        let px = t(&format!("jpeg-decoder scale to {w}x{h}"), || {
            let mut d = jpeg_decoder::Decoder::new(&bytes[..]);
            if w > 0 {
                d.scale(w, h).unwrap();
            }
            let p = d.decode().unwrap();
            (p.len(), d.info().unwrap().width, d.info().unwrap().height)
        });
        println!("  -> {:?}", px);
    }
    let small = image::load_from_memory(&bytes)
        .unwrap()
        .resize_exact(
            img.width() / 2,
            img.height() / 2,
            image::imageops::FilterType::Triangle,
        )
        .to_rgb8();
    for q in [80u8, 85, 90] {
        let out = t(
            &format!("encode {}x{} q{q}", small.width(), small.height()),
            || {
                let mut v = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut v, q)
                    .encode_image(&small)
                    .unwrap();
                v
            },
        );
        println!("  {} bytes", out.len());
    }
    for q in [85u8, 90] {
        let out = t(
            &format!("jpeg-encoder {}x{} q{q}", small.width(), small.height()),
            || {
                let mut v = Vec::new();
                jpeg_encoder::Encoder::new(&mut v, q)
                    .encode(
                        small.as_raw(),
                        small.width() as u16,
                        small.height() as u16,
                        jpeg_encoder::ColorType::Rgb,
                    )
                    .unwrap();
                v
            },
        );
        println!("  {} bytes", out.len());
    }
    let full = img.to_rgb8();
    for (nw, nh, f) in [
        (1866, 1400, image::imageops::FilterType::Triangle),
        (1866, 1400, image::imageops::FilterType::CatmullRom),
        (1866, 1400, image::imageops::FilterType::Lanczos3),
    ] {
        t(&format!("resize to {nw}x{nh} {f:?}"), || {
            image::imageops::resize(&full, nw, nh, f)
        });
    }
}
