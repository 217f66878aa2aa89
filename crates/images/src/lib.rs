//! Raster images prepared for the size a page shows them at: one job.
//!
//! A deck's photo is often far larger than its slide shows it (a 4032×3024
//! phone photo behind a 1244×700 slide). [`prepare`] makes a copy no
//! smaller than the pixel size asked for, when that saves enough
//! ([`worth_preparing`]):
//!
//! * **JPEG** (at least [`MIN_JPEG_SHRINK`] times the size asked for on
//!   both sides): decoded at 1/2, 1/4 or 1/8 scale in the DCT domain
//!   (`jpeg-decoder`) when that is still as large as asked, resampled to the
//!   size asked for (Lanczos3, `fast_image_resize`; the aspect ratio kept),
//!   and encoded once at quality [`JPEG_QUALITY`], with the source's ICC
//!   profile. A CMYK or 16-bit JPEG and a copy that is not smaller in bytes
//!   stay original. When only the middle of the image is seen ([`Visible`]:
//!   a cover background whose aspect ratio is not the page's), the copy is
//!   of that part only.
//! * **PNG** (at least twice the size asked for): decoded, averaged over
//!   whole blocks of pixels (alpha-weighted,
//!   so transparent pixels do not darken their neighbours) and written as
//!   PNG again (screenshots and transparency stay lossless), with the
//!   source's ICC profile. A PNG whose alpha channel is opaque everywhere
//!   (at any size) loses it in the copy: it shows the same, and a PDF
//!   embeds it without a soft mask ([`worth_preparing_image`]).
//! * A JPEG or PNG whose EXIF orientation turns it (phone photos) is turned
//!   in the copy, which has no orientation: it shows as the source does.
//!   `need` is always the size as shown, turned.
//! * Anything else (SVG, GIF, WebP) is not this crate's business.
//!
//! [`rgb_copy`] makes another kind of copy: a CMYK JPEG ([`cmyk`]) as
//! sRGB, converted by its own profile when it has one, for a PDF that may
//! not show CMYK (typst's PDF/A).
//!
//! [`Cache`] keeps prepared copies on disk by content hash, size asked for
//! and [`VERSION`], so an image reused across decks is prepared once. The
//! crate reads no file but its cache: the caller hands it bytes it
//! resolved under its own policy.
//!
//! Nothing here panics on any input: bytes that do not decode stay original.

mod cache;
mod reduce;

pub use cache::{Cache, Lookup};

use std::io::Cursor;

use image::ImageDecoder;

/// The preparation's version, part of every cache key: a change of what
/// [`prepare`] makes (quality, filter, encoder) must bump it.
pub const VERSION: u32 = 5;

/// How many times larger than asked (on both sides) a JPEG must be to be
/// prepared: below it the copy would save too little to pay for a lossy
/// re-encoding. From 1.25 on a copy has at most 64 % of the pixels.
pub const MIN_JPEG_SHRINK: f64 = 1.25;

/// The JPEG quality of a prepared JPEG (`jpeg-encoder` uses 4:2:0 chroma
/// below 90). Chosen by measurement: a 1280×960 copy of a photo is 342 KB
/// in 15 ms at 85, 546 KB in 26 ms at 90 (4:4:4); the copy is at least the
/// pixels a reader sees at 200 % zoom, where crops of prepared and original
/// pages showed no visible difference.
pub const JPEG_QUALITY: u8 = 85;

/// The JPEG quality of an [`rgb_copy`]: often the image's own size, so
/// the copy keeps more than a prepared one, which has at least the pixels
/// a reader sees at 200 % zoom.
pub const RGB_COPY_QUALITY: u8 = 92;

/// The most bytes of pixels decoded for one image (as the `image`
/// crate's default limit); a larger image stays original.
const MAX_PIXEL_BYTES: usize = 512 * 1024 * 1024;

/// The image formats this crate prepares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG (`image/jpeg`).
    Jpeg,
    /// PNG (`image/png`).
    Png,
}

impl Format {
    /// The format of a media type, if this crate prepares it.
    pub fn of_mime(mime: &str) -> Option<Format> {
        match mime {
            "image/jpeg" => Some(Format::Jpeg),
            "image/png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The file extension (`jpg`, `png`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// The part of an image a page shows, as fractions of its width and height
/// (as shown, turned by its EXIF orientation), centred: a cover background
/// whose aspect ratio is not the page's shows the middle of the image and
/// cuts the rest off at two opposite sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visible {
    /// The fraction of the width shown (0 to 1).
    pub width: f64,
    /// The fraction of the height shown (0 to 1).
    pub height: f64,
}

impl Visible {
    /// The whole image.
    pub const ALL: Visible = Visible {
        width: 1.0,
        height: 1.0,
    };

    /// Whether this is the whole image (or not a fraction at all).
    pub fn is_all(self) -> bool {
        proper(self.width).is_none() && proper(self.height).is_none()
    }

    /// The fractions, each 1 when it is not a proper one (0 < f < 1).
    pub(crate) fn normal(self) -> (f64, f64) {
        let f = |v: f64| proper(v).unwrap_or(1.0);
        (f(self.width), f(self.height))
    }

    /// The same part of the image before a quarter turn (EXIF orientation
    /// 5 to 8); a centred part is the same before and after a flip.
    fn unturned(self, turn: u32) -> Visible {
        if (5..=8).contains(&turn) {
            Visible {
                width: self.height,
                height: self.width,
            }
        } else {
            self
        }
    }
}

/// `f` when it is a proper fraction (more than 0, less than 1).
fn proper(f: f64) -> Option<f64> {
    (f > 0.0 && f < 1.0).then_some(f)
}

/// Source pixels kept around the part shown, on each cut side: the copy's
/// size is rounded to whole pixels, so its edges must lie outside the page.
const CROP_MARGIN: u32 = 2;

/// Where the centred `fraction` of `len` pixels starts, and how long it is:
/// rounded out to whole pixels, with [`CROP_MARGIN`] on each side, and of
/// the same parity as `len`, so that it is centred on whole pixels (a frame
/// that centres the copy puts it exactly where it was cut from).
fn centred(len: u32, fraction: f64) -> (u32, u32) {
    let Some(fraction) = proper(fraction) else {
        return (0, len);
    };
    let kept = ((f64::from(len) * fraction).ceil() as u32).saturating_add(2 * CROP_MARGIN);
    let kept = kept.saturating_add((len.wrapping_sub(kept)) % 2).min(len);
    ((len - kept) / 2, kept)
}

/// A prepared copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The encoded image (the source's format).
    pub bytes: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// The width and height of an image in pixels, from its header only
/// (`None`: not an image of that format).
pub fn dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    match format {
        Format::Jpeg => {
            let mut d = jpeg_decoder::Decoder::new(bytes);
            d.read_info().ok()?;
            let info = d.info()?;
            Some((u32::from(info.width), u32::from(info.height)))
        }
        Format::Png => image::codecs::png::PngDecoder::new(Cursor::new(bytes))
            .ok()
            .map(|d| d.dimensions()),
    }
}

/// By how many whole times an image of `size` may shrink and still cover
/// `need` (both sides at least as large): 1 when it may not.
pub fn reduction(size: (u32, u32), need: (u32, u32)) -> u32 {
    let per = |have: u32, want: u32| have / want.max(1);
    per(size.0, need.0).min(per(size.1, need.1)).max(1)
}

/// Whether an image of `format` and `size` is worth preparing for `need`:
/// a JPEG at least [`MIN_JPEG_SHRINK`] times as large on both sides, a PNG
/// twice (screenshots are shrunk by whole blocks only, so they stay crisp).
pub fn worth_preparing(size: (u32, u32), need: (u32, u32), format: Format) -> bool {
    match format {
        Format::Jpeg => shrink(size, need) >= MIN_JPEG_SHRINK,
        Format::Png => reduction(size, need) >= 2,
    }
}

/// Whether the image `bytes` (of `format`, `size` pixels as shown) is worth
/// preparing for `need`: as [`worth_preparing`] says by size, or a PNG with
/// an alpha channel, which is often opaque everywhere (screenshots): its
/// copy then has none, and the PDF no soft mask. Reads the PNG's chunk
/// headers only.
pub fn worth_preparing_image(
    bytes: &[u8],
    size: (u32, u32),
    need: (u32, u32),
    format: Format,
) -> bool {
    worth_preparing(size, need, format) || (format == Format::Png && png_has_alpha(bytes))
}

/// Whether the PNG `bytes` decodes with an alpha channel: grey or RGB with
/// alpha, or a `tRNS` chunk before the image data.
fn png_has_alpha(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return false;
    }
    // IHDR's colour type: 4 (grey, alpha) or 6 (RGB, alpha).
    if matches!(bytes.get(25), Some(4 | 6)) {
        return true;
    }
    let mut at = 8usize;
    while let Some(head) = at.checked_add(8).and_then(|end| bytes.get(at..end)) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        match &head[4..8] {
            b"tRNS" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        at = match at.checked_add(12).and_then(|a| a.checked_add(len)) {
            Some(next) => next,
            None => return false,
        };
    }
    false
}

/// How many times an image of `size` may shrink and still cover `need`.
fn shrink(size: (u32, u32), need: (u32, u32)) -> f64 {
    let per = |have: u32, want: u32| f64::from(have) / f64::from(want.max(1));
    per(size.0, need.0).min(per(size.1, need.1))
}

/// The size an image of `size` is resampled to for `need`: the aspect
/// ratio kept, both sides at least as large as needed, none larger than
/// the source.
pub fn fitted(size: (u32, u32), need: (u32, u32)) -> (u32, u32) {
    let s = (f64::from(need.0) / f64::from(size.0.max(1)))
        .max(f64::from(need.1) / f64::from(size.1.max(1)))
        .min(1.0);
    let side = |have: u32, want: u32| {
        ((f64::from(have) * s).round() as u32)
            .max(want)
            .clamp(1, have.max(1))
    };
    (side(size.0, need.0), side(size.1, need.1))
}

/// The DCT scale (1, 2, 4 or 8: decode at 1/n) for a JPEG that may shrink
/// `reduction` times: the largest that is not more.
pub fn jpeg_scale(reduction: u32) -> u32 {
    [8, 4, 2, 1]
        .into_iter()
        .find(|&n| n <= reduction)
        .unwrap_or(1)
}

/// A copy of the image `bytes` (of `format`) no smaller than `need` pixels
/// (width, height of the whole image as it is shown: turned by its EXIF
/// orientation) on either side, or `None` when the image should stay as it
/// is: not large enough to be worth it ([`worth_preparing`]), not
/// decodable, or its copy not smaller.
///
/// A JPEG's copy has only the `visible` part of the image (and
/// two source pixels around it), at the same resolution: its aspect
/// ratio is that part's, and a viewer that centres it in the whole image's
/// box shows it where it was. A PNG's copy is always of the whole image.
pub fn prepare(
    bytes: &[u8],
    format: Format,
    need: (u32, u32),
    visible: Visible,
) -> Option<Prepared> {
    match format {
        Format::Jpeg => prepare_jpeg(bytes, need, visible),
        Format::Png => prepare_png(bytes, need),
    }
}

fn prepare_jpeg(bytes: &[u8], need: (u32, u32), visible: Visible) -> Option<Prepared> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // As the `image` crate's default limit: a header may claim any size.
    decoder.set_max_decoding_buffer_size(MAX_PIXEL_BYTES);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    let channels = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => 3,
        jpeg_decoder::PixelFormat::L8 => 1,
        _ => return None,
    };
    let turn = orientation(bytes);
    let need = unturned(need, turn);
    let size = (u32::from(info.width), u32::from(info.height));
    if !worth_preparing(size, need, Format::Jpeg) {
        return None;
    }
    let n = jpeg_scale(reduction(size, need));
    let decoded = if n > 1 {
        let w = u16::try_from(size.0.div_ceil(n)).ok()?;
        let h = u16::try_from(size.1.div_ceil(n)).ok()?;
        decoder.scale(w, h).ok()?;
        let pixels = decoder.decode().ok()?;
        let info = decoder.info()?;
        reduce::Pixels {
            data: pixels,
            width: u32::from(info.width),
            height: u32::from(info.height),
            channels,
        }
    } else {
        decode_full(bytes, size, channels)?
    };
    let icc = decoder.icc_profile();
    if decoded.data.len() != decoded.width as usize * decoded.height as usize * channels {
        return None;
    }
    // The part kept, in the decoded pixels, and what it needs.
    let visible = visible.unturned(turn);
    let (x, kept_w) = centred(decoded.width, visible.width);
    let (y, kept_h) = centred(decoded.height, visible.height);
    let part = |need: u32, kept: u32, len: u32| {
        (f64::from(need) * f64::from(kept) / f64::from(len.max(1))).ceil() as u32
    };
    let need = (
        part(need.0, kept_w, decoded.width),
        part(need.1, kept_h, decoded.height),
    );
    let image = reduce::orient(resample(decoded, (x, y, kept_w, kept_h), need)?, turn);
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    if let Some(icc) = &icc {
        encoder.add_icc_profile(icc).ok()?;
    }
    let color = if channels == 3 {
        jpeg_encoder::ColorType::Rgb
    } else {
        jpeg_encoder::ColorType::Luma
    };
    let (w, h) = (
        u16::try_from(image.width).ok()?,
        u16::try_from(image.height).ok()?,
    );
    encoder.encode(&image.data, w, h, color).ok()?;
    (out.len() < bytes.len()).then_some(Prepared {
        bytes: out,
        width: image.width,
        height: image.height,
    })
}

/// What a CMYK JPEG brings to convert its colours with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmyk {
    /// A CMYK ICC profile that converts to sRGB.
    WithProfile,
    /// No profile, or one that does not convert (not for CMYK, damaged).
    WithoutProfile,
}

/// Whether the JPEG `bytes` is CMYK (or YCCK), and with a profile that
/// converts it; `None` for any other JPEG, or bytes whose header does not
/// read. A PDF shows such an image as device CMYK or with its profile;
/// typst's PDF/A refuses both (krilla 0.8 has no CMYK output intent).
pub fn cmyk(bytes: &[u8]) -> Option<Cmyk> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().ok()?;
    if decoder.info()?.pixel_format != jpeg_decoder::PixelFormat::CMYK32 {
        return None;
    }
    Some(match decoder.icc_profile().and_then(|icc| to_srgb(&icc)) {
        Some(_) => Cmyk::WithProfile,
        None => Cmyk::WithoutProfile,
    })
}

/// The conversion of CMYK inks (0: none, 255: full; four bytes a pixel)
/// to sRGB by the ICC profile `icc`, perceptual (else relative
/// colorimetric, when the profile has no perceptual table), if it is a
/// CMYK profile that reads.
fn to_srgb(icc: &[u8]) -> Option<std::sync::Arc<moxcms::Transform8BitExecutor>> {
    use moxcms::{ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformOptions};
    let profile = ColorProfile::new_from_slice(icc).ok()?;
    if profile.color_space != DataColorSpace::Cmyk {
        return None;
    }
    let srgb = ColorProfile::new_srgb();
    [
        RenderingIntent::Perceptual,
        RenderingIntent::RelativeColorimetric,
    ]
    .into_iter()
    .find_map(|rendering_intent| {
        let options = TransformOptions {
            rendering_intent,
            ..TransformOptions::default()
        };
        profile
            .create_transform_8bit(Layout::Rgba, &srgb, Layout::Rgb, options)
            .ok()
    })
}

/// An RGB copy of the CMYK (or YCCK) JPEG `bytes`, no smaller than `need`
/// (as shown: turned by its EXIF orientation) on either side: shrunk to it
/// when the source is at least [`MIN_JPEG_SHRINK`] times as large, else
/// at the source's size, and turned as the source shows. The colours are
/// converted by the JPEG's own CMYK profile ([`Cmyk::WithProfile`]), else
/// as browsers, typst and the `image` crate convert a CMYK JPEG without
/// one (each ink times black, the inks stored inverted as Adobe writes
/// them, which is also how a PDF's device CMYK gets them). The copy is
/// sRGB, without a profile, at [`RGB_COPY_QUALITY`]. `None`: not a CMYK
/// JPEG, or not decodable.
pub fn rgb_copy(bytes: &[u8], need: (u32, u32)) -> Option<Prepared> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(MAX_PIXEL_BYTES);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    if info.pixel_format != jpeg_decoder::PixelFormat::CMYK32 {
        return None;
    }
    let turn = orientation(bytes);
    let need = unturned(need, turn);
    let size = (u32::from(info.width), u32::from(info.height));
    let decoded = match decoder.icc_profile().and_then(|icc| to_srgb(&icc)) {
        Some(transform) => {
            // jpeg-decoder gives the inks (0: none), from CMYK and YCCK.
            let inks = decoder.decode().ok()?;
            let pixels = size.0 as usize * size.1 as usize;
            if inks.len() != pixels * 4 {
                return None;
            }
            let mut rgb = vec![0; pixels * 3];
            transform.transform(&inks, &mut rgb).ok()?;
            reduce::Pixels {
                data: rgb,
                width: size.0,
                height: size.1,
                channels: 3,
            }
        }
        None => decode_full(bytes, size, 3)?,
    };
    let image = if shrink(size, need) >= MIN_JPEG_SHRINK {
        let whole = (0, 0, decoded.width, decoded.height);
        resample(decoded, whole, need)?
    } else {
        decoded
    };
    let image = reduce::orient(image, turn);
    let (w, h) = (
        u16::try_from(image.width).ok()?,
        u16::try_from(image.height).ok()?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, RGB_COPY_QUALITY)
        .encode(&image.data, w, h, jpeg_encoder::ColorType::Rgb)
        .ok()?;
    Some(Prepared {
        bytes: out,
        width: image.width,
        height: image.height,
    })
}

/// The JPEG `bytes` of `size` decoded at full scale to `channels` (1: grey,
/// 3: RGB, from CMYK too) with zune-jpeg's portable code: 26 ms for a
/// 2560x1920 photo, where jpeg-decoder's portable code takes 38 (it
/// decodes the DCT scales, which zune-jpeg does not). Its platform intrinsics are off, so
/// every CPU gets the same pixels.
fn decode_full(bytes: &[u8], size: (u32, u32), channels: usize) -> Option<reduce::Pixels> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let (w, h) = (usize::try_from(size.0).ok()?, usize::try_from(size.1).ok()?);
    if (w as u64) * (h as u64) * (channels as u64) > MAX_PIXEL_BYTES as u64 {
        return None;
    }
    let out = if channels == 3 {
        ColorSpace::RGB
    } else {
        ColorSpace::Luma
    };
    let options = DecoderOptions::default()
        .set_use_unsafe(false)
        .set_max_width(w)
        .set_max_height(h)
        .jpeg_set_out_colorspace(out);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(bytes), options);
    let data = decoder.decode().ok()?;
    let (dw, dh) = decoder.dimensions()?;
    ((dw, dh) == (w, h) && data.len() == w * h * channels).then_some(reduce::Pixels {
        data,
        width: size.0,
        height: size.1,
        channels,
    })
}

/// The part `(x, y, width, height)` of `image` (grey or RGB) resampled to
/// [`fitted`] for `need` with a Lanczos3 filter; as it is when that is the
/// whole image at its size.
fn resample(
    image: reduce::Pixels,
    (x, y, kept_w, kept_h): (u32, u32, u32, u32),
    need: (u32, u32),
) -> Option<reduce::Pixels> {
    use fast_image_resize as fr;
    let (width, height) = fitted((kept_w, kept_h), need);
    let whole = (x, y, kept_w, kept_h) == (0, 0, image.width, image.height);
    if whole && (width, height) == (image.width, image.height) {
        return Some(image);
    }
    let pixel = match image.channels {
        1 => fr::PixelType::U8,
        3 => fr::PixelType::U8x3,
        _ => return None,
    };
    let channels = image.channels;
    let source =
        fr::images::Image::from_vec_u8(image.width, image.height, image.data, pixel).ok()?;
    let mut target = fr::images::Image::new(width, height, pixel);
    let options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .crop(
            f64::from(x),
            f64::from(y),
            f64::from(kept_w),
            f64::from(kept_h),
        );
    fr::Resizer::new()
        .resize(&source, &mut target, &options)
        .ok()?;
    Some(reduce::Pixels {
        data: target.into_vec(),
        width,
        height,
        channels,
    })
}

fn prepare_png(bytes: &[u8], need: (u32, u32)) -> Option<Prepared> {
    let mut decoder = image::codecs::png::PngDecoder::new(Cursor::new(bytes)).ok()?;
    let turn = orientation(bytes);
    let need = unturned(need, turn);
    let r = reduction(decoder.dimensions(), need);
    // A PNG not worth shrinking may still lose an alpha channel that is
    // opaque everywhere; one without alpha stays as it is.
    if r < 2 && !decoder.color_type().has_alpha() {
        return None;
    }
    // A header may claim any size: the pixels are allocated before a byte
    // of them is read (a fuzzed deck's PNG asked for 256 GiB and aborted
    // the process). As the `image` crate's own default limits.
    if usize::try_from(decoder.total_bytes()).map_or(true, |n| n > MAX_PIXEL_BYTES) {
        return None;
    }
    decoder.set_limits(image::Limits::default()).ok()?;
    let icc = decoder.icc_profile().ok().flatten();
    let decoded = image::DynamicImage::from_decoder(decoder).ok()?;
    let color = decoded.color().has_color();
    let mut channels = match (color, decoded.color().has_alpha()) {
        (true, true) => 4,
        (true, false) => 3,
        (false, true) => 2,
        (false, false) => 1,
    };
    let (width, height) = (decoded.width(), decoded.height());
    let mut data = match channels {
        4 => decoded.into_rgba8().into_raw(),
        3 => decoded.into_rgb8().into_raw(),
        2 => decoded.into_luma_alpha8().into_raw(),
        _ => decoded.into_luma8().into_raw(),
    };
    // An alpha channel opaque everywhere (at the 8 bits typst embeds) is
    // dropped: the copy shows the same, and the PDF needs no soft mask.
    if channels % 2 == 0
        && data
            .chunks_exact(channels)
            .all(|px| px[channels - 1] == 255)
    {
        data = without_alpha(&data, channels);
        channels -= 1;
    } else if r < 2 {
        return None;
    }
    let color = match (color, channels) {
        (true, 4) => image::ExtendedColorType::Rgba8,
        (true, _) => image::ExtendedColorType::Rgb8,
        (false, 2) => image::ExtendedColorType::La8,
        (false, _) => image::ExtendedColorType::L8,
    };
    let source = reduce::Pixels {
        width,
        height,
        data,
        channels,
    };
    let image = reduce::orient(
        reduce::reduce(&source, reduction((source.width, source.height), need)),
        turn,
    );
    let mut out = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    if let Some(icc) = icc {
        // An encoder that cannot take a profile keeps the image without it.
        let _ = image::ImageEncoder::set_icc_profile(&mut encoder, icc);
    }
    image::ImageEncoder::write_image(encoder, &image.data, image.width, image.height, color)
        .ok()?;
    Some(Prepared {
        bytes: out,
        width: image.width,
        height: image.height,
    })
}

/// Interleaved `channels` (2 or 4, alpha last) without the alpha channel.
fn without_alpha(data: &[u8], channels: usize) -> Vec<u8> {
    data.chunks_exact(channels)
        .flat_map(|px| &px[..channels - 1])
        .copied()
        .collect()
}

/// The EXIF orientation of the image `bytes` (any format typst reads EXIF
/// from), read as typst reads it (kamadak-exif, the primary image's tag), so
/// a copy is turned, and a size swapped, exactly when typst turns the
/// source: 1 to 8 (5 to 8 turn it a quarter); anything else is no turn.
pub fn orientation(bytes: &[u8]) -> u32 {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()
        .and_then(|exif| {
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
                .value
                .get_uint(0)
        })
        .unwrap_or(1)
}

/// The size `need` (as shown) in the source's own pixels before the
/// `turn`: the sides swapped when it turns a quarter (5 to 8).
fn unturned(need: (u32, u32), turn: u32) -> (u32, u32) {
    if (5..=8).contains(&turn) {
        (need.1, need.0)
    } else {
        need
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centred_part_is_whole_pixels_with_a_margin_and_the_parity_of_the_whole() {
        // 1500 rows, three quarters seen: 1125, 2 more on each side, and
        // one more to be centred on whole rows (185 above, 185 below).
        assert_eq!(centred(1500, 0.75), (185, 1130));
        // 1125.75 rows of 1501: 1126 (rounded out), 1130, 1131.
        assert_eq!(centred(1501, 0.75), (185, 1131));
        assert_eq!(centred(1000, 0.5), (248, 504));
        // All of it, or nothing sensible: the whole.
        for f in [1.0, 1.5, 0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(centred(1500, f), (0, 1500), "{f}");
        }
        // Nearly all: no more than the whole.
        assert_eq!(centred(1500, 0.9999), (0, 1500));
        assert_eq!(centred(1, 0.5), (0, 1));
        assert!(Visible::ALL.is_all());
        assert!(
            !Visible {
                width: 1.0,
                height: 0.5
            }
            .is_all()
        );
        assert_eq!(
            Visible {
                width: 1.0,
                height: 0.5
            }
            .unturned(6),
            Visible {
                width: 0.5,
                height: 1.0
            }
        );
        assert_eq!(
            Visible {
                width: 1.0,
                height: 0.5
            }
            .unturned(3),
            Visible {
                width: 1.0,
                height: 0.5
            }
        );
    }
}
