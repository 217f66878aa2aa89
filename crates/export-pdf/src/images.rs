//! The deck's images: each resolved once, in order of first use, its size
//! read from its header (an SVG parsed); the ones found become
//! `/images/<n>.<ext>` files of the world (a raster image's bytes made and
//! decoded beside the layout, see [`crate::decode`]; a JPEG to prepare
//! shown through an SVG frame, so that typst does not decode its copy,
//! see [`frame`]), the others
//! placeholders with a diagnostic. An SVG that links another image (`<image href="b.png">`)
//! is a placeholder too: typst would read the linked file from the world,
//! which serves no such file, and fail the whole document.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Mutex;

use decktype_assets::{Missing, Resolver};
use decktype_images::{Cmyk, Visible};
use decktype_model::{Deck, Diagnostic, Severity, Span};
use rayon::prelude::*;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, SvgImage};

use crate::backgrounds::{self, Placed};
use crate::decode::{Job, Jobs, Preparation};
use crate::nodes::Nodes;
use crate::view::{ImageInfo, PageSize};
use crate::{
    IMAGE_CONVERTED_IN_PDF, IMAGE_NOT_EMBEDDED, ImageMode, Options, prepare::Files, world,
};

/// Resolves the nodes' images and the slides' background images: what
/// the view says about each URL. An image found is added to `files` (an
/// SVG, parsed now) or becomes a [`Job`] (a raster image, its size read
/// from its header; prepared for the size `page` shows it at when the
/// options ask for prepared images, and decoded, beside the layout).
pub(crate) fn load(
    options: &Options<'_>,
    archival: bool,
    deck: &Deck,
    nodes: &Nodes,
    page: &PageSize,
    files: &mut Files,
    diagnostics: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, ImageInfo>, Jobs) {
    let wanted = wanted(deck, nodes);
    // Prepared only for the built-in template, whose sizes are known here.
    let prepare = options.images == ImageMode::Prepared && options.template.is_none();
    let how = How {
        preparing: prepare.then_some(page),
        rgb: archival,
        framing: options.template.is_none(),
    };
    // Read (and SVGs parsed) in parallel.
    let loaded: Vec<_> = wanted
        .par_iter()
        .enumerate()
        .map(|(n, w)| load_image(options.resolver, w, n, &how))
        .collect();
    let mut infos = BTreeMap::new();
    let mut jobs = Vec::new();
    for (w, loaded) in wanted.into_iter().zip(loaded) {
        let info = match loaded {
            Ok(Loaded {
                path,
                bytes,
                width,
                height,
                raster,
                frame,
                rgb,
            }) => {
                let id = world::file_id(&path);
                match raster {
                    Some((format, prepare)) => {
                        let span = w.span;
                        let mut job = match frame {
                            // The template loads the frame; the job
                            // serves the JPEG the frame links.
                            Some(Frame { svg, linked }) => {
                                files.insert(id, svg);
                                Job::new(
                                    w.url.clone(),
                                    span,
                                    world::file_id(&linked),
                                    bytes,
                                    format,
                                    prepare,
                                )
                                .trusting_its_copy()
                            }
                            None => Job::new(w.url.clone(), span, id, bytes, format, prepare),
                        };
                        if let Some((need, cmyk)) = rgb {
                            job = job.converting_to_rgb(need, cmyk);
                        }
                        jobs.push(job);
                    }
                    None => {
                        files.insert(id, bytes);
                    }
                }
                ImageInfo::Found {
                    path,
                    width,
                    height,
                }
            }
            Err(why) => {
                diagnostics.push(not_embedded(&w.url, &why, w.span));
                ImageInfo::Missing {
                    missing: why.to_string(),
                }
            }
        };
        infos.insert(w.url, info);
    }
    // The cache keeps prepared copies, and RGB copies in either mode.
    let cache = (prepare || jobs.iter().any(Job::converts))
        .then_some(options.image_cache)
        .flatten()
        .map(decktype_images::Cache::new);
    (infos, Jobs::new(jobs, cache))
}

/// `url` as a message names it: a long one (a `data:` URL) by its first
/// 60 characters.
fn named(url: &str) -> String {
    match url.char_indices().nth(60) {
        Some((cut, _)) if url.len() > 100 => format!("{}…", &url[..cut]),
        _ => url.to_owned(),
    }
}

/// What the export does with the images it loads.
struct How<'a> {
    /// The page, when large JPEGs and PNGs are prepared for the size it
    /// shows them at.
    preparing: Option<&'a PageSize>,
    /// Whether a CMYK JPEG is shown as an RGB copy (in a PDF/A, which
    /// typst cannot give CMYK).
    rgb: bool,
    /// Whether a JPEG decktype copies may be framed (the built-in
    /// template; a custom one gets plain image paths).
    framing: bool,
}

/// The diagnostics of the images of `jobs` the PDF shows as an RGB copy
/// of their CMYK (see [`How::rgb`]).
pub(crate) fn note_converted(jobs: &Jobs, diagnostics: &mut Vec<Diagnostic>) {
    for (url, span, cmyk) in jobs.converted() {
        let url = named(url);
        let (how, help) = match cmyk {
            Cmyk::WithProfile => (
                "converted to sRGB by its colour profile",
                "save it as RGB to choose the conversion yourself",
            ),
            Cmyk::WithoutProfile => (
                "converted to sRGB as browsers show a CMYK JPEG without a colour profile",
                "embed a CMYK colour profile in the JPEG, or save it as RGB, to choose its colours",
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                IMAGE_CONVERTED_IN_PDF,
                format!("image `{url}` is a CMYK JPEG, which the PDF/A cannot show as it is: it is {how}"),
                span,
            )
            .with_help(format!("{help}; --pdf-standard none keeps its CMYK bytes, in a PDF that is not PDF/A")),
        );
    }
}

/// Marks the images of `jobs` that typst cannot decode as missing in
/// `infos`, with their diagnostics; whether there were any.
pub(crate) fn mark_unusable(
    jobs: &Jobs,
    infos: &mut BTreeMap<String, ImageInfo>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let unusable = jobs.unusable();
    for &(url, span) in &unusable {
        let why = Unusable::Missing(Missing::NotAnImage);
        diagnostics.push(not_embedded(url, &why, span));
        infos.insert(
            url.to_owned(),
            ImageInfo::Missing {
                missing: why.to_string(),
            },
        );
    }
    !unusable.is_empty()
}

/// An image the deck shows: its URL, where it is first written, and every
/// place it is shown.
struct Wanted {
    url: String,
    span: Span,
    uses: Vec<Use>,
}

/// A place an image is shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Use {
    /// An image node, with its `=WxH` width and height as written.
    Node(Option<String>, Option<String>),
    /// A slide background, with its `data-background-size` and
    /// `data-background-position`.
    Background(Option<String>, Option<String>),
}

/// Each image once, in order of first use (the nodes' images, then the
/// slide backgrounds), with all its uses.
fn wanted(deck: &Deck, nodes: &Nodes) -> Vec<Wanted> {
    let sizes = nodes
        .image_sizes
        .iter()
        .cloned()
        .map(|(w, h)| Use::Node(w, h));
    let backgrounds = deck.slides.iter().filter_map(|s| {
        let bg = s.background.as_ref()?;
        let url = bg.image.clone()?;
        Some((
            url,
            s.background_span(),
            Use::Background(bg.size.clone(), bg.position.clone()),
        ))
    });
    let mut order: Vec<Wanted> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let nodes = nodes
        .images
        .iter()
        .cloned()
        .zip(sizes)
        .map(|((u, s), x)| (u, s, x));
    for (url, span, used) in nodes.chain(backgrounds) {
        match index.get(&url) {
            Some(&i) => order[i].uses.push(used),
            None => {
                index.insert(url.clone(), order.len());
                order.push(Wanted {
                    url,
                    span,
                    uses: vec![used],
                });
            }
        }
    }
    order
}

/// Pixels of a prepared image per CSS pixel of the page: a CSS pixel is
/// 0.75 pt, and a reader at 200 % zoom sees 144 pixels an inch (2 per pt).
const PIXELS_PER_CSS_PX: f64 = 1.5;

/// The size in CSS pixels the built-in template shows an image of `size`
/// (pixels) at, for one use: an image node as `picture` in `decktype.typ`
/// sizes it (`=WxH` in pixels or per cent, kept inside the content width
/// and 600 px high), a background as the page's cover, contain or stretch.
pub(crate) fn shown(used: &Use, size: (f64, f64), page: &PageSize) -> (f64, f64) {
    let (w0, h0) = size;
    match used {
        Use::Node(width, height) => {
            let cw = page.content_width;
            let w = width.as_deref().and_then(|v| dimension(v, cw));
            let h = height.as_deref().and_then(|v| dimension(v, 700.0));
            let (w, h) = match (w, h) {
                (None, None) => (w0, h0),
                (Some(w), None) => (w, w * h0 / w0),
                (None, Some(h)) => (h * w0 / h0, h),
                (Some(w), Some(h)) => (w, h),
            };
            let k = 1f64.min(cw / w).min(600.0 / h);
            (w * k, h * k)
        }
        Use::Background(fit, position) => {
            let p = background(fit, position, size, page);
            (p.width, p.height)
        }
    }
}

/// Where a background of `size` pixels stands on the page.
fn background(
    size: &Option<String>,
    position: &Option<String>,
    image: (f64, f64),
    page: &PageSize,
) -> Placed {
    backgrounds::place(
        size.as_deref(),
        position.as_deref(),
        None,
        image,
        (page.width, page.height),
    )
    .0
}

/// The part of an image of `size` (pixels, as shown) the pages show
/// wherever it is used: the middle of a centred background larger than the
/// page (a cover whose aspect ratio is not the page's: the page cuts off
/// the rest), else all of it.
pub(crate) fn visible(uses: &[Use], size: (f64, f64), page: &PageSize) -> Visible {
    let mut part: Option<Visible> = None;
    for used in uses {
        let Use::Background(fit, position) = used else {
            return Visible::ALL;
        };
        let placed = background(fit, position, size, page);
        if !placed.is_centred((page.width, page.height)) {
            return Visible::ALL;
        }
        let (w, h) = (placed.width, placed.height);
        // The side the page spans is all seen (not 1 − ε by rounding).
        let seen = |page: f64, shown: f64| {
            let f = page / shown;
            if f > 1.0 - 1e-9 { 1.0 } else { f }
        };
        let this = Visible {
            width: seen(page.width, w),
            height: seen(page.height, h),
        };
        part = Some(match part {
            None => this,
            Some(p) => Visible {
                width: p.width.max(this.width),
                height: p.height.max(this.height),
            },
        });
    }
    part.unwrap_or(Visible::ALL)
}

/// A `=WxH` size as `picture` reads it: `300`, `300px` or `50%` (of
/// `whole`); anything else (`auto`, `10em`, zero) is no size.
fn dimension(value: &str, whole: f64) -> Option<f64> {
    let v = value.trim();
    let (number, percent) = match v.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (v.strip_suffix("px").unwrap_or(v).trim_end(), false),
    };
    let valid = !number.is_empty()
        && !number.starts_with('.')
        && !number.ends_with('.')
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.matches('.').count() <= 1;
    let n: f64 = number.parse().ok().filter(|_| valid)?;
    (n > 0.0).then_some(if percent { n / 100.0 * whole } else { n })
}

/// The pixels an image of `size` needs to be sharp at 200 % zoom wherever
/// it is shown (the largest of its uses), rounded up.
pub(crate) fn needed(uses: &[Use], size: (f64, f64), page: &PageSize) -> Option<(u32, u32)> {
    let mut need = (0f64, 0f64);
    for used in uses {
        let (w, h) = shown(used, size, page);
        need = (need.0.max(w), need.1.max(h));
    }
    let px = |v: f64| {
        let v = (v * PIXELS_PER_CSS_PX).ceil();
        // Not finite (a zero-sized image): no preparation.
        (v.is_finite() && v >= 1.0).then(|| v.min(f64::from(u32::MAX)) as u32)
    };
    Some((px(need.0)?, px(need.1)?))
}

/// Why an image is not in the PDF.
enum Unusable {
    /// Not resolved, or not an image.
    Missing(Missing),
    /// An SVG that links another image (the `href` as written).
    LinksImage(String),
    /// A raster image whose header claims more pixels than are decoded
    /// (width, height).
    TooManyPixels(u32, u32),
}

/// The most bytes of pixels a raster image may decode to (as the `image`
/// crate's default allocation limit). typst decodes every raster image in
/// full and allocates what its header claims before reading a pixel: a
/// PNG of a few bytes claiming 262 144 × 262 144 pixels asked for 256 GiB
/// and aborted the process (found by the `pdf_view` fuzz target).
const MAX_PIXEL_BYTES: u64 = 512 * 1024 * 1024;

/// The width and height (pixels) the header of the raster image `bytes`
/// claims, its format guessed from its first bytes; `None` when no header
/// is read (typst then refuses it).
fn header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    reader.into_dimensions().ok()
}

/// Whether an image of `size` (pixels) decodes to more than
/// [`MAX_PIXEL_BYTES`] (four bytes a pixel, the most a decoder makes of a
/// PNG, JPEG, GIF or WebP).
fn too_many_pixels((w, h): (u32, u32)) -> bool {
    u64::from(w) * u64::from(h) * 4 > MAX_PIXEL_BYTES
}

impl From<Missing> for Unusable {
    fn from(missing: Missing) -> Self {
        Unusable::Missing(missing)
    }
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::Missing(missing) => missing.fmt(f),
            Unusable::TooManyPixels(w, h) => write!(
                f,
                "it claims {w} × {h} pixels, more than the PDF export decodes ({} MiB of pixels); scale it down",
                MAX_PIXEL_BYTES / 1024 / 1024
            ),
            Unusable::LinksImage(href) => write!(
                f,
                "it is an SVG that links another image (`{}`), and the PDF reads no file an image links (embed it in the SVG as a data: URL)",
                href.chars().take(200).collect::<String>()
            ),
        }
    }
}

/// The diagnostic of an image the PDF shows as a placeholder.
fn not_embedded(url: &str, why: &Unusable, span: Span) -> Diagnostic {
    let severity = match why {
        Unusable::Missing(Missing::Remote(_)) => Severity::Info,
        _ => Severity::Warning,
    };
    Diagnostic::new(
        severity,
        IMAGE_NOT_EMBEDDED,
        format!("image `{url}` is not in the PDF: {why}"),
        span,
    )
    .with_help("the PDF shows a placeholder with the alt text and the URL; put the file next to the deck, pass --assets DIR, or --fetch-images")
}

/// An image found: its world path, the source's bytes and size (pixels,
/// as typst sees it: turned by its EXIF orientation), and for a raster
/// image how typst decodes it and what copy to prepare.
struct Loaded {
    path: String,
    bytes: Bytes,
    width: f64,
    height: f64,
    raster: Option<(ExchangeFormat, Preparation)>,
    /// For a JPEG to prepare: the SVG that frames it (see [`frame`]).
    frame: Option<Frame>,
    /// For a CMYK JPEG shown as an RGB copy: the copy's size (pixels, as
    /// shown; see [`How::rgb`]) and what converts it.
    rgb: Option<((u32, u32), Cmyk)>,
}

/// An SVG the size of a JPEG that shows it, linking it by its world path.
struct Frame {
    /// The SVG's bytes (served as `path`).
    svg: Bytes,
    /// The world path of the JPEG it links (`/images/<n>.jpg`).
    linked: String,
}

/// The frame of the `n`th image, a JPEG of `width` × `height` pixels:
/// an SVG of that size whose one element is the JPEG, linked as
/// `<n>.jpg` beside it, and a comment with `shows`, a hash of the JPEG
/// served (its source and what copy is made of it).
///
/// The comment is needed: typst knows an SVG by its bytes (and fonts),
/// not by the images it links, so two frames with the same bytes are one
/// image to its caches. Without it, the second of two decks exported in
/// one process (`build`) with a photo of the same size at the same place
/// showed the first one's photo.
///
/// Why: typst decodes every raster image in full when it loads it (its
/// `RasterImage`), although its PDF export embeds a JPEG's bytes as they
/// are and reads only their header (krilla's `Image::from_jpeg`). A JPEG
/// linked from an SVG takes the second way only: usvg reads its size from
/// its header and the PDF gets the same bytes, unread. That is decktype's
/// own copy (the only JPEG framed), so there is nothing to check by
/// decoding it; a source served instead (when no copy is made) is decoded
/// beside the layout, as every raster image is ([`Job`]).
fn frame(n: usize, (width, height): (u32, u32), part: bool, shows: u128) -> Frame {
    // A copy of the whole image fills the frame exactly (its size is
    // rounded to whole pixels); a copy of a centred part keeps its aspect
    // ratio and is centred, where it was cut from (a source served instead
    // fills the frame either way).
    let fit = if part { "xMidYMid meet" } else { "none" };
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><!-- {shows:032x} --><image href="{n}.jpg" width="{width}" height="{height}" preserveAspectRatio="{fit}"/></svg>"#
    );
    Frame {
        svg: Bytes::from_string(svg),
        linked: format!("/images/{n}.jpg"),
    }
}

/// Resolves an image and reads its size: an SVG parsed, a raster image's
/// header read (its decoding is a [`Job`]), its copies decided as `how`
/// says.
fn load_image(
    resolver: &Resolver,
    wanted: &Wanted,
    n: usize,
    how: &How<'_>,
) -> Result<Loaded, Unusable> {
    let asset = resolver.resolve(&wanted.url)?;
    // A raster image's header, read once: its claim checked before typst
    // allocates it, its size the layout's.
    let size = (asset.mime != "image/svg+xml")
        .then(|| header_size(&asset.bytes))
        .flatten();
    if let Some((w, h)) = size.filter(|&size| too_many_pixels(size)) {
        return Err(Unusable::TooManyPixels(w, h));
    }
    let bytes = Bytes::new(world::Shared(asset.clone()));
    let (ext, width, height, raster, frame, rgb) = match asset.mime {
        "image/svg+xml" => {
            let svg = SvgImage::new(bytes.clone()).map_err(|_| Missing::NotAnImage)?;
            if let Some(href) = svg_linked_image(&asset.bytes) {
                return Err(Unusable::LinksImage(href));
            }
            ("svg", svg.width(), svg.height(), None, None, None)
        }
        mime => {
            let (ext, format) = match mime {
                "image/png" => ("png", ExchangeFormat::Png),
                "image/jpeg" => ("jpg", ExchangeFormat::Jpg),
                "image/gif" => ("gif", ExchangeFormat::Gif),
                "image/webp" => ("webp", ExchangeFormat::Webp),
                _ => return Err(Missing::NotAnImage.into()),
            };
            // Read once: it sizes the image and decides its frame.
            let orientation = decktype_images::orientation(&asset.bytes);
            let (w, h) = turned(orientation, size.ok_or(Missing::NotAnImage)?);
            let prepare = how.preparing.and_then(|page| {
                let format = decktype_images::Format::of_mime(mime)?;
                let size = (f64::from(w), f64::from(h));
                let need = needed(&wanted.uses, size, page)?;
                decktype_images::worth_preparing_image(&asset.bytes, (w, h), need, format)
                    .then(|| (format, need, visible(&wanted.uses, size, page)))
            });
            // typst's PDF/A has no CMYK: an RGB copy, for the size shown
            // when images are prepared, else at the source's size.
            let rgb = (how.rgb && format == ExchangeFormat::Jpg)
                .then(|| decktype_images::cmyk(&asset.bytes))
                .flatten()
                .map(|cmyk| (prepare.map_or((w, h), |(_, need, _)| need), cmyk));
            // A JPEG to prepare is framed (see `frame`), unless a source
            // served in place of its copy would need typst's turn; an RGB
            // copy is always the copy (its source is never served).
            let framed = (prepare.is_some() && orientation == 1) || (rgb.is_some() && how.framing);
            let frame = (format == ExchangeFormat::Jpg && framed).then(|| {
                // A copy of a part only is centred in the frame (the
                // source, served instead, fills it); the RGB copy is whole.
                let part = prepare
                    .map(|(_, _, part)| part)
                    .filter(|part| !part.is_all() && rgb.is_none());
                let key = prepare.map(|(format, need, part)| {
                    (format, need, part.width.to_bits(), part.height.to_bits())
                });
                let shows = typst::utils::hash128(&(asset.bytes.as_slice(), key, rgb));
                frame(n, (w, h), part.is_some(), shows)
            });
            let ext = if frame.is_some() { "svg" } else { ext };
            (
                ext,
                f64::from(w),
                f64::from(h),
                Some((format, prepare)),
                frame,
                rgb,
            )
        }
    };
    if !(width > 0.0 && height > 0.0) {
        return Err(Missing::NotAnImage.into());
    }
    Ok(Loaded {
        path: format!("/images/{n}.{ext}"),
        bytes,
        width,
        height,
        raster,
        frame,
        rgb,
    })
}

/// The size (pixels) typst gives a raster image whose header says
/// `(w, h)` and whose EXIF orientation (`decktype_images::orientation`,
/// read as typst reads it) is `orientation`: turned a quarter for 5 to 8.
fn turned(orientation: u32, (w, h): (u32, u32)) -> (u32, u32) {
    if (5..=8).contains(&orientation) {
        (h, w)
    } else {
        (w, h)
    }
}

/// The first image the SVG `bytes` links (an `<image>` or `<feImage>`
/// whose `href` is no `data:` URL), found as typst finds it: usvg asks its
/// resolver for each while it parses. Parsed only when the text has an
/// `href` (or is compressed, `.svgz`).
fn svg_linked_image(bytes: &[u8]) -> Option<String> {
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    if !gzip && !bytes.windows(4).any(|w| w == b"href") {
        return None;
    }
    let found: Mutex<Option<String>> = Mutex::new(None);
    let options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|href, _| {
                if let Ok(mut found) = found.lock() {
                    found.get_or_insert_with(|| href.to_owned());
                }
                None
            }),
        },
        ..usvg::Options::default()
    };
    let _ = usvg::Tree::from_data(bytes, &options);
    drop(options);
    found.into_inner().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: PageSize = PageSize {
        width: 1244.0,
        height: 700.0,
        content_width: 960.0,
    };

    fn node(w: Option<&str>, h: Option<&str>) -> Use {
        Use::Node(w.map(str::to_owned), h.map(str::to_owned))
    }

    #[test]
    fn a_long_url_is_named_by_its_start() {
        assert_eq!(named("photo.jpg"), "photo.jpg");
        let short = format!("data:image/jpeg;base64,{}", "A".repeat(70));
        assert_eq!(named(&short), short);
        let long = format!("data:image/jpeg;base64,{}", "é".repeat(100));
        let shown = named(&long);
        assert_eq!(shown.chars().count(), 61);
        assert!(shown.starts_with("data:image/jpeg;base64,éé") && shown.ends_with("é…"));
    }

    #[test]
    fn a_node_is_shown_at_its_size_inside_the_content_box() {
        let photo = (4032.0, 3024.0);
        // Natural size, kept 600 px high.
        assert_eq!(shown(&node(None, None), photo, &WIDE), (800.0, 600.0));
        // `=400x`: 400 wide, the height from the aspect ratio.
        assert_eq!(
            shown(&node(Some("400"), None), photo, &WIDE),
            (400.0, 300.0)
        );
        assert_eq!(
            shown(&node(Some("400px"), None), photo, &WIDE),
            (400.0, 300.0)
        );
        // `=x300`, `=50%x` (of the content width), `=200x100` (stretched).
        assert_eq!(
            shown(&node(None, Some("300")), photo, &WIDE),
            (400.0, 300.0)
        );
        assert_eq!(
            shown(&node(Some("50%"), None), photo, &WIDE),
            (480.0, 360.0)
        );
        assert_eq!(
            shown(&node(Some("200"), Some("100")), photo, &WIDE),
            (200.0, 100.0)
        );
        // No size, or too wide for the content: fitted.
        assert_eq!(
            shown(&node(Some("auto"), None), photo, &WIDE),
            (800.0, 600.0)
        );
        assert_eq!(
            shown(&node(Some("10em"), Some("0")), photo, &WIDE),
            (800.0, 600.0)
        );
        assert_eq!(
            shown(&node(Some("1920"), Some("100")), photo, &WIDE),
            (960.0, 50.0)
        );
        // A small screenshot stays at its size.
        assert_eq!(
            shown(&node(None, None), (300.0, 200.0), &WIDE),
            (300.0, 200.0)
        );
    }

    #[test]
    fn a_centred_cover_background_shows_the_middle_of_the_picture() {
        let bg = |size: Option<&str>, centred: bool| {
            Use::Background(
                size.map(str::to_owned),
                (!centred).then(|| "top".to_owned()),
            )
        };
        let part = |uses: &[Use], size| {
            let v = visible(uses, size, &WIDE);
            (
                (v.width * 1e4).round() / 1e4,
                (v.height * 1e4).round() / 1e4,
            )
        };
        // 4:3 on 16:9: shown 1244 × 933, 700 of 933 rows seen.
        assert_eq!(part(&[bg(None, true)], (4032.0, 3024.0)), (1.0, 0.7503));
        assert_eq!(
            part(&[bg(Some(" cover "), true)], (4032.0, 3024.0)),
            (1.0, 0.7503)
        );
        // A panorama, shown 2800 × 700: the middle of its width.
        assert_eq!(part(&[bg(None, true)], (4000.0, 1000.0)), (0.4443, 1.0));
        // The page's own aspect ratio: all of it.
        assert_eq!(part(&[bg(None, true)], (2488.0, 1400.0)), (1.0, 1.0));
        // The side the page spans is all seen, exactly.
        let v = visible(&[bg(None, true)], (2560.0, 1920.0), &WIDE);
        assert_eq!(v.width, 1.0);
        // Two slides with it: the same part.
        assert_eq!(
            part(&[bg(None, true), bg(None, true)], (4032.0, 3024.0)),
            (1.0, 0.7503)
        );
        // Centred and larger than the page at its own size: the middle.
        assert_eq!(
            part(&[bg(Some("auto"), true)], (4032.0, 3024.0)),
            (0.3085, 0.2315)
        );
        // Not centred, contained, stretched, or also an image node: all.
        for uses in [
            vec![bg(None, false)],
            vec![bg(Some("contain"), true)],
            vec![bg(Some("100% 100%"), true)],
            vec![bg(None, true), node(Some("400"), None)],
            vec![],
        ] {
            assert!(visible(&uses, (4032.0, 3024.0), &WIDE).is_all(), "{uses:?}");
        }
    }

    #[test]
    fn a_background_covers_or_is_contained_in_the_page() {
        let photo = (4032.0, 3024.0);
        let cover = shown(&Use::Background(None, None), photo, &WIDE);
        assert!(
            (cover.0 - 1244.0).abs() < 1e-9 && (cover.1 - 933.0).abs() < 1e-9,
            "{cover:?}"
        );
        let named = shown(&Use::Background(Some("cover".into()), None), photo, &WIDE);
        assert_eq!(named, cover);
        let stretched = shown(
            &Use::Background(Some("100% 100%".into()), None),
            photo,
            &WIDE,
        );
        // Stretched over the page: each side needs the page's (the copy
        // keeps its aspect ratio, so it is as large as a cover's).
        assert_eq!(stretched, (1244.0, 700.0));
        let contain = shown(
            &Use::Background(Some(" contain ".into()), None),
            photo,
            &WIDE,
        );
        assert!(
            (contain.0 - 933.333).abs() < 1e-3 && (contain.1 - 700.0).abs() < 1e-9,
            "{contain:?}"
        );
    }

    #[test]
    fn the_need_is_the_largest_use_at_200_per_cent_zoom() {
        let photo = (4032.0, 3024.0);
        // 1.5 pixels a CSS pixel: 144 dpi of a 0.75 pt pixel.
        assert_eq!(
            needed(&[node(Some("400"), None)], photo, &WIDE),
            Some((600, 450))
        );
        assert_eq!(
            needed(
                &[node(Some("400"), None), Use::Background(None, None)],
                photo,
                &WIDE
            ),
            Some((1866, 1400))
        );
        assert_eq!(needed(&[], photo, &WIDE), None);
        assert_eq!(needed(&[node(None, None)], (0.0, 0.0), &WIDE), None);
    }

    /// A PNG whose header claims 262 144 × 262 144 pixels (found by the
    /// `pdf_view` fuzz target: typst allocated 256 GiB for it and the
    /// process aborted) is not handed to typst, prepared or not, and the
    /// reason names its size; a PNG within the limit is.
    #[test]
    fn an_image_claiming_billions_of_pixels_is_refused_before_typst_decodes_it() {
        let png = decktype_test_support::png_claiming;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("huge.png"), png(262_144)).unwrap();
        let resolver = Resolver::new(Some(dir.path()), &[]);
        let wanted = Wanted {
            url: "huge.png".to_owned(),
            span: Span::default(),
            uses: vec![node(None, None)],
        };
        for prepare in [Some(&WIDE), None] {
            let how = How {
                preparing: prepare,
                rgb: true,
                framing: true,
            };
            match load_image(&resolver, &wanted, 0, &how) {
                Err(why @ Unusable::TooManyPixels(262_144, 262_144)) => {
                    assert!(why.to_string().contains("262144 × 262144 pixels"), "{why}");
                }
                Err(other) => panic!("{other}"),
                Ok(_) => panic!("handed to typst"),
            }
        }
        // 8192 × 8192 RGBA is 256 MiB: within the limit (typst then finds
        // the pixel data missing, a plain "not an image").
        let claim = |side| header_size(&png(side)).filter(|&size| too_many_pixels(size));
        assert_eq!(claim(8192), None);
        assert_eq!(claim(11_585), None);
        assert_eq!(claim(11_586), Some((11_586, 11_586)));
    }

    #[test]
    fn a_small_png_is_embedded_byte_for_byte_an_opaque_one_without_alpha_and_a_large_jpeg_prepared()
    {
        let dir = tempfile::tempdir().unwrap();
        // A 300×200 PNG with transparency, shown at its size: its own bytes.
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(300, 200, image::Rgba([10, 20, 30, 200]));
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        std::fs::write(dir.path().join("shot.png"), &png).unwrap();
        // The same opaque everywhere: a copy without the alpha channel.
        let mut opaque = Vec::new();
        image::RgbaImage::from_pixel(300, 200, image::Rgba([10, 20, 30, 255]))
            .write_to(
                &mut std::io::Cursor::new(&mut opaque),
                image::ImageFormat::Png,
            )
            .unwrap();
        std::fs::write(dir.path().join("opaque.png"), &opaque).unwrap();
        // A 2000×1500 JPEG shown 400 px wide needs 600×450: it may shrink 3
        // times, is decoded at the DCT scale 1/2 and resampled to 600×450.
        let mut jpeg = Vec::new();
        let px: Vec<u8> = (0..2000 * 1500 * 3).map(|i| (i % 251) as u8).collect();
        jpeg_encoder::Encoder::new(&mut jpeg, 95)
            .encode(&px, 2000, 1500, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        std::fs::write(dir.path().join("photo.jpg"), &jpeg).unwrap();
        let resolver = Resolver::new(Some(dir.path()), &[]);
        let wanted = |url: &str, used: Use| Wanted {
            url: url.to_owned(),
            span: Span::default(),
            uses: vec![used],
        };
        let (path, bytes, w, h) = served(
            &resolver,
            &wanted("shot.png", node(None, None)),
            0,
            Some(&WIDE),
        );
        assert_eq!(
            (path.as_str(), bytes.as_slice(), w, h),
            ("/images/0.png", &png[..], 300.0, 200.0)
        );
        let (_, bytes, w, h) = served(
            &resolver,
            &wanted("opaque.png", node(None, None)),
            0,
            Some(&WIDE),
        );
        let copy = image::load_from_memory(bytes.as_slice()).unwrap();
        assert_eq!((copy.color(), w, h), (image::ColorType::Rgb8, 300.0, 200.0));
        assert_eq!(copy.to_rgb8().get_pixel(7, 7).0, [10, 20, 30]);
        let (path, bytes, w, h) = served(
            &resolver,
            &wanted("photo.jpg", node(Some("400"), None)),
            1,
            Some(&WIDE),
        );
        // The source's size for the layout, a smaller copy for the PDF,
        // shown through an SVG frame (typst then does not decode it).
        assert_eq!((path.as_str(), w, h), ("/images/1.svg", 2000.0, 1500.0));
        assert!(
            bytes.len() < jpeg.len() / 2,
            "{} of {}",
            bytes.len(),
            jpeg.len()
        );
        let size = decktype_images::dimensions(bytes.as_slice(), decktype_images::Format::Jpeg);
        assert_eq!(size, Some((600, 450)));
        // Without preparing: the source's bytes, unframed.
        let (path, bytes, ..) = served(
            &resolver,
            &wanted("photo.jpg", node(Some("400"), None)),
            1,
            None,
        );
        assert_eq!(
            (path.as_str(), bytes.as_slice()),
            ("/images/1.jpg", &jpeg[..])
        );
    }

    /// The world path, bytes served and size of the image `wanted`.
    fn served(
        resolver: &Resolver,
        wanted: &Wanted,
        n: usize,
        preparing: Option<&PageSize>,
    ) -> (String, Bytes, f64, f64) {
        let how = How {
            preparing,
            rgb: false,
            framing: true,
        };
        let loaded = load_image(resolver, wanted, n, &how).unwrap_or_else(|_| panic!("found"));
        let (format, prepare) = loaded.raster.expect("a raster image");
        // A framed JPEG is served as the file its frame links.
        let id = world::file_id(loaded.frame.as_ref().map_or(&loaded.path, |f| &f.linked));
        let job = Job::new(
            wanted.url.clone(),
            wanted.span,
            id,
            loaded.bytes,
            format,
            prepare,
        );
        let bytes = Jobs::new(vec![job], None).file(id).expect("served");
        (loaded.path, bytes, loaded.width, loaded.height)
    }

    /// The size a raster image is laid out at is read from its header,
    /// turned as typst turns it: the same as typst's decoded image, for
    /// every EXIF orientation, in JPEG and PNG.
    #[test]
    fn the_size_from_the_header_is_the_size_typst_decodes() {
        use typst::visualize::RasterImage;
        let px: Vec<u8> = (0..30 * 20 * 3).map(|i| (i % 7 * 30) as u8).collect();
        for orientation in 0..=8u8 {
            // A TIFF structure (big-endian) with one entry: Orientation.
            let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0".to_vec();
            exif.extend([orientation, 0, 0, 0, 0, 0, 0]);
            let mut jpeg = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 90);
            if orientation > 0 {
                encoder.add_app_segment(1, &exif).unwrap();
            }
            encoder
                .encode(&px, 30, 20, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            let mut png = Vec::new();
            let mut encoder = image::codecs::png::PngEncoder::new(std::io::Cursor::new(&mut png));
            if orientation > 0 {
                image::ImageEncoder::set_exif_metadata(&mut encoder, exif[6..].to_vec()).unwrap();
            }
            image::ImageEncoder::write_image(encoder, &px, 30, 20, image::ExtendedColorType::Rgb8)
                .unwrap();
            for (bytes, format, exchange) in [
                (&jpeg, image::ImageFormat::Jpeg, ExchangeFormat::Jpg),
                (&png, image::ImageFormat::Png, ExchangeFormat::Png),
            ] {
                let typst = RasterImage::plain(Bytes::new(bytes.clone()), exchange).unwrap();
                let expected = (typst.width(), typst.height());
                assert_eq!(
                    header_size(bytes)
                        .map(|size| turned(decktype_images::orientation(bytes), size)),
                    Some(expected),
                    "orientation {orientation}, {format:?}"
                );
                if (5..=8).contains(&orientation) {
                    assert_eq!(expected, (20, 30), "typst turns it");
                }
            }
        }
    }

    #[test]
    fn an_svg_that_links_an_image_is_found() {
        let svg = |image: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{image}</svg>"#
            )
        };
        for (image, linked) in [
            (
                r#"<image href="other.png" width="5" height="5"/>"#,
                Some("other.png"),
            ),
            (
                r#"<image xlink:href="/etc/passwd" width="5" height="5"/>"#,
                Some("/etc/passwd"),
            ),
            (
                r#"<image href="https://x.org/a.png" width="5" height="5"/>"#,
                Some("https://x.org/a.png"),
            ),
            (
                r#"<image href="data:image/png;base64,AAAA" width="5" height="5"/>"#,
                None,
            ),
            (r#"<rect width="5" height="5"/>"#, None),
        ] {
            assert_eq!(
                svg_linked_image(svg(image).as_bytes()).as_deref(),
                linked,
                "{image}"
            );
        }
    }
}
