//! The deck's images: each resolved once, in order of first use, and
//! decoded (in parallel) to check typst can use it; the ones found become
//! `/images/<n>.<ext>` files of the world, the others placeholders with a
//! diagnostic.

use std::collections::{BTreeMap, BTreeSet};

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

/// The diagnostic of an image the PDF shows as a placeholder.
fn not_embedded(url: &str, why: &Missing, span: Span) -> Diagnostic {
    let severity = match why {
        Missing::Remote(_) => Severity::Info,
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
) -> Result<(String, Bytes, f64, f64), Missing> {
    let asset = resolver.resolve(url)?;
    let bytes = Bytes::new(world::Shared(asset.clone()));
    let (ext, width, height) = match asset.mime {
        "image/svg+xml" => {
            let svg = SvgImage::new(bytes.clone()).map_err(|_| Missing::NotAnImage)?;
            ("svg", svg.width(), svg.height())
        }
        mime => {
            let (ext, format) = match mime {
                "image/png" => ("png", ExchangeFormat::Png),
                "image/jpeg" => ("jpg", ExchangeFormat::Jpg),
                "image/gif" => ("gif", ExchangeFormat::Gif),
                "image/webp" => ("webp", ExchangeFormat::Webp),
                _ => return Err(Missing::NotAnImage),
            };
            let image =
                RasterImage::plain(bytes.clone(), format).map_err(|_| Missing::NotAnImage)?;
            (ext, f64::from(image.width()), f64::from(image.height()))
        }
    };
    if !(width > 0.0 && height > 0.0) {
        return Err(Missing::NotAnImage);
    }
    Ok((format!("/images/{n}.{ext}"), bytes, width, height))
}
