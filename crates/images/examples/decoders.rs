//! What preparing one image costs, by decoder and encoder (best of 7):
//! a full decode with the `image` crate (zune-jpeg, what typst does),
//! `jpeg-decoder` at each DCT scale, encoding a half-size copy with the
//! `image` crate's and `jpeg-encoder`'s JPEG encoders, resampling with the
//! `image` crate and with `fast_image_resize` (what `prepare` uses), and
//! `prepare` itself for 200 % zoom of a 1244×700 cover (of the whole
//! picture, and of the part the page shows). For BENCHMARKS.md
//! (issue 19).
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
    use fast_image_resize as fr;
    for f in [
        fr::FilterType::Bilinear,
        fr::FilterType::CatmullRom,
        fr::FilterType::Lanczos3,
    ] {
        t(&format!("fast_image_resize to 1866x1400 {f:?}"), || {
            let src = fr::images::Image::from_vec_u8(
                full.width(),
                full.height(),
                full.as_raw().clone(),
                fr::PixelType::U8x3,
            )
            .unwrap();
            let mut dst = fr::images::Image::new(1866, 1400, fr::PixelType::U8x3);
            fr::Resizer::new()
                .resize(
                    &src,
                    &mut dst,
                    &fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(f)),
                )
                .unwrap();
            dst.into_vec()
        });
    }
    // A cover of a 1244x700 page at 200 % zoom (1.5 px per CSS px).
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let s = (1244.0 / w).max(700.0 / h) * 1.5;
    let need = ((w * s).ceil() as u32, (h * s).ceil() as u32);
    let p = t(&format!("prepare for {need:?}"), || {
        decktype_images::prepare(
            &bytes,
            decktype_images::Format::Jpeg,
            need,
            decktype_images::Visible::ALL,
        )
    });
    if let Some(p) = p {
        println!(
            "  {}x{}, {} bytes (source {} bytes)",
            p.width,
            p.height,
            p.bytes.len(),
            bytes.len()
        );
        t("zune-jpeg full decode of the copy", || {
            image::load_from_memory(&p.bytes).unwrap()
        });
        if let Some(out) = std::env::args().nth(2) {
            std::fs::write(out, &p.bytes).unwrap();
        }
    }
    // The same cover, of only the part the page shows (its middle).
    let visible = decktype_images::Visible {
        width: (1244.0 / (w * s / 1.5)).min(1.0),
        height: (700.0 / (h * s / 1.5)).min(1.0),
    };
    let p = t(&format!("prepare for {need:?}, {visible:?}"), || {
        decktype_images::prepare(&bytes, decktype_images::Format::Jpeg, need, visible)
    });
    if let Some(p) = p {
        println!("  {}x{}, {} bytes", p.width, p.height, p.bytes.len());
    }
}
