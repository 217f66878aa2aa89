//! From the deck to the typst world: the [`View`] (`/pdf.json`), the
//! deck's JSON, the images, the fonts, and the diagnostics of getting them
//! (images not found, CSS not mapped, missing glyphs, notes left out).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use decktype_format::Envelope;
use decktype_model::{Deck, Diagnostic, Severity};
use decktype_sanitize::{Relative, link_target};
use typst::foundations::Bytes;
use typst::syntax::FileId;

use crate::decode::Jobs;
use crate::fit::{FIT_JSON, fit_json};
use crate::flatten::{self, Budget};
use crate::fonts::{self, WorldFonts};
use crate::nodes::Nodes;
use crate::view::{ImageInfo, PageSize, View};
use crate::world::{self, DeckWorld};
use crate::{
    CSS_NOT_MAPPED, IMAGE_NOT_EMBEDDED, NOTES_LEFT_OUT, NotesMode, Options, PageShape, glyphs,
    images, style,
};

/// The files of the typst world besides the template and its library.
pub(crate) type Files = HashMap<FileId, Bytes>;

/// The typst world of a deck, ready for its first layout (no box
/// measured), with its view and the diagnostics of preparing it.
pub(crate) fn deck_world(
    envelope: &Envelope,
    options: &Options<'_>,
) -> (View, DeckWorld, Vec<Diagnostic>) {
    let Prepared {
        mut view,
        mut files,
        jobs,
        fonts,
        mut diagnostics,
    } = prepare(envelope, options);
    // A copy flattened and shortened where the PDF cannot take the deck as it is.
    let notes = options.notes != NotesMode::None;
    let deck_json = flatten::deck_json(
        envelope,
        &mut view,
        Budget::DEFAULT,
        notes,
        &mut diagnostics,
    );
    files.insert(world::file_id("/deck.json"), deck_json);
    let view_json = serde_json::to_string(&view).unwrap_or_default();
    files.insert(world::file_id("/pdf.json"), Bytes::from_string(view_json));
    files.insert(world::file_id(FIT_JSON), fit_json(&[]));
    let world = DeckWorld::new(options.template, files, Arc::new(jobs), fonts);
    (view, world, diagnostics)
}

/// What [`prepare`] makes of a deck.
pub(crate) struct Prepared {
    /// `/pdf.json`.
    pub(crate) view: View,
    /// The SVG images of the typst world.
    pub(crate) files: Files,
    /// The raster images of the typst world, to make and decode.
    pub(crate) jobs: Jobs,
    /// The fonts of the typst world.
    pub(crate) fonts: Arc<WorldFonts>,
    /// Images not found, CSS not mapped, missing glyphs, notes left out.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The view, the image files and the fonts of the typst world.
pub(crate) fn prepare(envelope: &Envelope, options: &Options<'_>) -> Prepared {
    let deck = &envelope.deck;
    let mut diagnostics = Vec::new();
    let mut files = Files::new();
    let mut view = view_of(envelope, options, &mut diagnostics);
    let mut nodes = Nodes::default();
    let with_notes = options.notes != NotesMode::None;
    // Where each slide's text (and its notes' when they are shown) starts.
    let mut starts = Vec::with_capacity(deck.slides.len());
    for slide in &deck.slides {
        starts.push(nodes.text.len());
        nodes.blocks(&slide.blocks);
        if with_notes && let Some(notes) = &slide.notes {
            nodes.blocks(&notes.blocks);
        }
    }
    let archival = crate::write::archival(options, view.date);
    let (infos, jobs) = images::load(
        options,
        archival,
        deck,
        &nodes,
        &view.page,
        &mut files,
        &mut diagnostics,
    );
    view.images = infos;
    map_backgrounds(&mut view, deck, &mut diagnostics);
    map_styles(&mut view, deck, &nodes);
    view.links = links(&nodes.links);
    let body = view.theme.body_font.clone();
    view.list_widths =
        crate::lists::list_widths(&deck.slides, |c| fonts::narrowest_advance(c, &body));

    let chosen = fonts::choose(
        &glyphs::drawn_chars(&nodes.text),
        fonts::Sources {
            paths: options.font_paths,
            system: options.system_fonts,
        },
        &view.theme.body_font,
        deck.meta.lang.as_deref().unwrap_or_default(),
    );
    let ends = starts.iter().skip(1).copied().chain([nodes.text.len()]);
    let slides: Vec<_> = deck
        .slides
        .iter()
        .zip(starts.iter().copied().zip(ends))
        .map(|(slide, (start, end))| (slide, &nodes.text[start..end]))
        .collect();
    glyphs::missing_glyphs(
        &slides,
        &chosen.missing,
        options.system_fonts,
        &mut diagnostics,
    );
    view.missing_glyphs = glyphs::missing_regex(&chosen.missing);
    view.fonts = chosen.uses;
    if options.notes == NotesMode::None {
        diagnostics.extend(notes_left_out(deck));
    }
    Prepared {
        view,
        files,
        jobs,
        fonts: chosen.world,
        diagnostics,
    }
}

/// Each slide's background for the template: its colour or gradient
/// mapped, and where its image (when found) stands on the page; a DT060
/// for each background value the PDF does not use, and a DT050 for a
/// background video or web page (which no PDF shows).
fn map_backgrounds(view: &mut View, deck: &Deck, diagnostics: &mut Vec<Diagnostic>) {
    let page = (view.page.width, view.page.height);
    for slide in &deck.slides {
        let Some(bg) = &slide.background else {
            continue;
        };
        let span = slide.background_span();
        if let Some(c) = bg.color.as_deref() {
            if let Some(hex) = style::color(c) {
                view.colors.insert(c.to_owned(), hex);
            } else if let Some(g) = crate::backgrounds::gradient(c, page) {
                view.gradients.insert(c.to_owned(), g);
            } else {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Info,
                        CSS_NOT_MAPPED,
                        format!("the slide background `{c}` is not used in the PDF: it is not a colour or gradient the PDF reads"),
                        span,
                    )
                    .with_help("the PDF reads CSS colours (names, #rgb, rgb(), hsl()) and linear and radial gradients of such colours with percentages"),
                );
            }
        }
        for (what, url) in [("video", &bg.video), ("web page", &bg.iframe)] {
            if let Some(url) = url {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Info,
                        IMAGE_NOT_EMBEDDED,
                        format!("the background {what} `{url}` is not in the PDF: a PDF shows no {what}"),
                        span,
                    )
                    .with_help("give the slide a data-background-image as well (a still or a screenshot) to have it shown"),
                );
            }
        }
        let found = bg
            .image
            .as_ref()
            .and_then(|url| match view.images.get(url) {
                Some(ImageInfo::Found { width, height, .. }) => Some((*width, *height)),
                _ => None,
            });
        let Some(image) = found else {
            continue;
        };
        let (placed, unmapped) = crate::backgrounds::place(
            bg.size.as_deref(),
            bg.position.as_deref(),
            bg.repeat.as_deref(),
            image,
            page,
        );
        view.backgrounds.insert(slide.index.to_string(), placed);
        for u in unmapped {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    CSS_NOT_MAPPED,
                    u.message(),
                    slide.background_span(),
                )
                .with_help(u.help()),
            );
        }
    }
}

/// The colours and `style` attributes of the deck (besides slide
/// backgrounds: [`map_backgrounds`]), mapped to typst values.
fn map_styles(view: &mut View, deck: &Deck, nodes: &Nodes) {
    for raw in &nodes.colors {
        if let Some(hex) = style::color(raw) {
            view.colors.insert(raw.clone(), hex);
        }
    }
    for slide in &deck.slides {
        if let Some(s) = slide.attributes.get("style") {
            view.slide_styles
                .insert(slide.index.to_string(), style::inline_style(s));
        }
    }
    for s in &nodes.styles {
        view.inline_styles.insert(s.clone(), style::inline_style(s));
    }
}

/// The link URLs that may be links, with their targets: the code base's
/// one rule, with relative targets refused (the PDF has no place the deck
/// stands in).
fn links(urls: &BTreeSet<String>) -> BTreeMap<String, String> {
    urls.iter()
        .filter_map(|url| {
            let target = link_target(url, Relative::Refused)?;
            Some((url.clone(), target.to_owned()))
        })
        .collect()
}

/// The diagnostic that the deck's speaker notes are not in the PDF, if it
/// has any.
fn notes_left_out(deck: &Deck) -> Option<Diagnostic> {
    let first = deck.slides.iter().find_map(|s| s.notes.as_ref())?;
    let count = deck.slides.iter().filter(|s| s.notes.is_some()).count();
    Some(
        Diagnostic::new(
            Severity::Info,
            NOTES_LEFT_OUT,
            format!("{count} slide(s) have speaker notes, which are not in this PDF"),
            first.span,
        )
        .with_help(
            "pass --notes pages (a notes page after each slide) or --notes handout (A4 with notes)",
        ),
    )
}

/// The page size, sections and metadata of the view, and the deck's CSS
/// mapped; images, colours, inline styles and links are filled in by
/// [`prepare`].
fn view_of(envelope: &Envelope, options: &Options<'_>, diagnostics: &mut Vec<Diagnostic>) -> View {
    let deck = &envelope.deck;
    let styles = deck_styles(deck, diagnostics);
    View {
        version: 1,
        generator: envelope.generator.clone(),
        page: page_size(deck, options.page),
        notes: match options.notes {
            NotesMode::None => "none",
            NotesMode::Pages => "pages",
            NotesMode::Handout => "handout",
        }
        .to_owned(),
        dark: deck.dark_theme(),
        theme: crate::view::ThemeView::of(deck),
        lang: lang(deck),
        rtl: rtl(deck),
        title: deck.title().unwrap_or("Slides").to_owned(),
        description: deck.meta.description.clone(),
        keywords: deck.meta.tags.clone(),
        date: date(deck),
        sections: deck.sections_covering_all_slides(),
        images: BTreeMap::new(),
        backgrounds: BTreeMap::new(),
        gradients: BTreeMap::new(),
        colors: BTreeMap::new(),
        styles: styles.styles,
        list_block: styles.list_block,
        ordered_list_block: styles.ordered_list_block,
        inline_styles: BTreeMap::new(),
        slide_styles: BTreeMap::new(),
        links: BTreeMap::new(),
        list_widths: BTreeMap::new(),
        missing_glyphs: String::new(),
        fonts: Vec::new(),
    }
}

/// The page: the shape asked for, else the deck's `slideOptions` size when
/// both are plausible numbers, else 16:9.
fn page_size(deck: &Deck, shape: Option<PageShape>) -> PageSize {
    let slide_options = deck.meta.slide_options.as_ref();
    let number = |d: &Option<decktype_model::Dimension>| match d {
        Some(decktype_model::Dimension::Number(n)) if *n >= 100.0 && *n <= 10000.0 => Some(*n),
        _ => None,
    };
    let deck_size = slide_options.and_then(|o| Some((number(&o.width)?, number(&o.height)?)));
    match (shape, deck_size) {
        (Some(PageShape::Standard), _) => PageSize {
            width: 1040.0,
            height: 780.0,
            content_width: 960.0,
        },
        (None, Some((w, h))) => PageSize {
            width: (w * 1.08).round(),
            height: (h * 1.08).round(),
            content_width: w,
        },
        _ => PageSize {
            width: 1244.0,
            height: 700.0,
            content_width: 960.0,
        },
    }
}

/// The deck's language as a two- or three-letter code (`en` by default).
fn lang(deck: &Deck) -> String {
    deck.meta
        .lang
        .as_deref()
        .and_then(|l| l.split(['-', '_']).next())
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()))
        .unwrap_or("en")
        .to_ascii_lowercase()
}

/// Whether the deck's base direction is right-to-left (`View::rtl`):
/// `dir: rtl`, or `dir: auto` with a language typst writes right to left.
fn rtl(deck: &Deck) -> bool {
    // The values the HTML export writes as `<html dir>`, and only those.
    match deck.dir() {
        Some("rtl") => true,
        Some("auto") => lang(deck)
            .parse::<typst::text::Lang>()
            .is_ok_and(|l| l.dir() == typst::layout::Dir::RTL),
        _ => false,
    }
}

/// The call date as `[year, month, day]`.
fn date(deck: &Deck) -> Option<[i64; 3]> {
    let d = deck.meta.date.as_deref()?;
    let mut parts = d.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    Some([parts.next()??, parts.next()??, parts.next()??])
}

/// The deck's `<style>` sheets mapped onto the template, with a diagnostic
/// for each rule or declaration not used.
fn deck_styles(deck: &Deck, diagnostics: &mut Vec<Diagnostic>) -> style::DeckStyles {
    let mut styles = style::DeckStyles::with_theme(crate::view::deck_theme(deck));
    for sheet in &deck.styles {
        for u in styles.add_sheet(&sheet.css) {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    CSS_NOT_MAPPED,
                    format!("{} is not used in the PDF: {}", u.what, u.why),
                    sheet.span,
                )
                .with_help("the PDF maps colours, font sizes, weights and alignment of headings, paragraphs, list items and the slide"),
            );
        }
    }
    styles
}

#[cfg(test)]
mod tests {
    use decktype_assets::Resolver;

    use super::*;

    #[test]
    fn only_the_link_rule_s_targets_are_links() {
        let text = "# Links\n\n[web](https://x.org) [upper](HTTPS://X.ORG) [mail](mailto:a@b.c) \
                    [script](javascript:alert(1)) [anchor](#x) [relative](slides.md) [data](data:text/html,x)\n";
        let parsed = decktype_parse::parse(text, &Default::default());
        let envelope = Envelope::new(Some("links.md"), text, parsed.deck, &parsed.diagnostics);
        let resolver = Resolver::none();
        let view = prepare(&envelope, &Options::new(&resolver)).view;
        let links: Vec<(&str, &str)> = view
            .links
            .iter()
            .map(|(url, target)| (url.as_str(), target.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("HTTPS://X.ORG", "HTTPS://X.ORG"),
                ("https://x.org", "https://x.org"),
                ("mailto:a@b.c", "mailto:a@b.c"),
            ]
        );
    }
}
