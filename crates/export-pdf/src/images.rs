//! The deck's images: each resolved once, in order of first use, and
//! decoded (in parallel) to check typst can use it; the ones found become
//! `/images/<n>.<ext>` files of the world, the others placeholders with a
//! diagnostic. An SVG that links another image (`<image href="b.png">`)
//! is a placeholder too: typst would read the linked file from the world,
//! which serves no such file, and fail the whole document.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Mutex;

use decktype_assets::{Missing, Resolver};
use decktype_model::{Deck, Diagnostic, Severity, Span};
use rayon::prelude::*;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use crate::view::ImageInfo;
use crate::{IMAGE_NOT_EMBEDDED, prepare::Files, world};

/// Resolves and loads `images` (URL and where written, in order) and the
/// slides' background images: what the view says about each URL. The
/// images found are added to `files`.
pub(crate) fn load(
    resolver: &Resolver,
    deck: &Deck,
    images: &[(String, Span)],
    files: &mut Files,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, ImageInfo> {
    let wanted = wanted(deck, images);
    // Decoded in parallel (typst memoises the decoded image, so its layout
    // finds it ready).
    let loaded: Vec<_> = wanted
        .par_iter()
        .enumerate()
        .map(|(n, (url, _))| load_image(resolver, url, n))
        .collect();
    let mut infos = BTreeMap::new();
    for ((url, span), loaded) in wanted.into_iter().zip(loaded) {
        let info = match loaded {
            Ok((path, bytes, width, height)) => {
                files.insert(world::file_id(&path), bytes);
                ImageInfo::Found {
                    path,
                    width,
                    height,
                }
            }
            Err(why) => {
                diagnostics.push(not_embedded(&url, &why, span));
                ImageInfo::Missing {
                    missing: why.to_string(),
                }
            }
        };
        infos.insert(url, info);
    }
    infos
}

/// Each image once, in order of first use: the nodes' images, then the
/// slide backgrounds.
fn wanted(deck: &Deck, images: &[(String, Span)]) -> Vec<(String, Span)> {
    let backgrounds = deck.slides.iter().filter_map(|s| {
        let url = s.background.as_ref()?.image.clone()?;
        Some((url, s.background_span()))
    });
    let mut seen = BTreeSet::new();
    images
        .iter()
        .cloned()
        .chain(backgrounds)
        .filter(|(url, _)| seen.insert(url.clone()))
        .collect()
}

/// Why an image is not in the PDF.
enum Unusable {
    /// Not resolved, or not an image.
    Missing(Missing),
    /// An SVG that links another image (the `href` as written).
    LinksImage(String),
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

/// Resolves and decodes an image; returns its world path, bytes and size.
fn load_image(
    resolver: &Resolver,
    url: &str,
    n: usize,
) -> Result<(String, Bytes, f64, f64), Unusable> {
    let asset = resolver.resolve(url)?;
    let bytes = Bytes::new(world::Shared(asset.clone()));
    let (ext, width, height) = match asset.mime {
        "image/svg+xml" => {
            let svg = SvgImage::new(bytes.clone()).map_err(|_| Missing::NotAnImage)?;
            if let Some(href) = svg_linked_image(&asset.bytes) {
                return Err(Unusable::LinksImage(href));
            }
            ("svg", svg.width(), svg.height())
        }
        mime => {
            let (ext, format) = match mime {
                "image/png" => ("png", ExchangeFormat::Png),
                "image/jpeg" => ("jpg", ExchangeFormat::Jpg),
                "image/gif" => ("gif", ExchangeFormat::Gif),
                "image/webp" => ("webp", ExchangeFormat::Webp),
                _ => return Err(Missing::NotAnImage.into()),
            };
            let image =
                RasterImage::plain(bytes.clone(), format).map_err(|_| Missing::NotAnImage)?;
            (ext, f64::from(image.width()), f64::from(image.height()))
        }
    };
    if !(width > 0.0 && height > 0.0) {
        return Err(Missing::NotAnImage.into());
    }
    Ok((format!("/images/{n}.{ext}"), bytes, width, height))
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
    use super::svg_linked_image;

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
