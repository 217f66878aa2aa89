//! PDF export: an archival PDF of a deck, typeset in-process with typst.
//!
//! [`export`] is a plain function of the JSON envelope. One page per slide
//! (vertical slides included, in reading order), or an A4 handout; real,
//! selectable text; clickable links; a PDF outline with one entry per
//! section and its slides beneath; title, call date, tags and generator in
//! the metadata; PDF/A-2b by default; byte-identical output for the same
//! input.
//!
//! # Safe by construction
//!
//! The deck never becomes typst markup. The template (`assets/main.typ`
//! and the library `assets/decktype.typ`, or the user's `--template`) reads
//! the deck as data, with `json(...)`, from virtual files, and shows its
//! strings as text. The typst world serves only those files, the
//! template, the bundled fonts and the images the [`Resolver`] resolved:
//! every other path is refused, and there are no packages.
//!
//! # The template's data contract
//!
//! | path | what |
//! |---|---|
//! | `/deck.json` | the JSON export (`decktype.deck.v1`), as `decktype export --to json` writes it: `schemas/deck.v1.schema.json` |
//! | `/pdf.json` | the [`View`]: page size, resolved images, mapped colours and CSS, sections, options: `schemas/pdf-view.v1.schema.json` |
//! | `/images/<n>.<ext>` | the images named in `/pdf.json`'s `images` |
//! | `/decktype.typ` | the default template's functions, to import (`render-blocks`, `slide-box`, `deck-document` ...) |
//! | `/fit.json` | `{"measure": [keys]}`: the boxes of `decktype.typ`'s `fit` to measure and scale (empty in the first layout) |
//!
//! A template may record `metadata((slide: i, scale: f)) <decktype-fit>`
//! to have a slide reported when it was scaled below the readable minimum.
//!
//! # One layout, and a second only for slides that do not fit
//!
//! `fit` lays every box (a slide's content, a notes page) out at full size
//! and labels it `decktype-fit-<key>`, with its height limit as
//! `<decktype-fit-limit>` metadata. The exporter reads the labelled boxes'
//! heights from the laid-out frames; only if some box is too tall does it
//! lay the document out again, with those keys in `/fit.json`, and only
//! those boxes are measured and scaled (typst memoises the rest). Measuring
//! every slide up front laid every slide out twice.

mod style;
mod view;
mod world;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use decktype_assets::{Missing, Resolver};
use decktype_export_json::Envelope;
use decktype_model::{Block, Deck, Diagnostic, Inline, Severity, Span};
use rayon::prelude::*;
use typst::WorldExt;
use typst::diag::Warned;
use typst::foundations::{Bytes, Datetime, Label, Selector, Smart, Value};
use typst::layout::{Frame, FrameItem};
use typst::utils::PicoStr;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
use typst_layout::PagedDocument;

pub use style::Style;
pub use view::{ImageInfo, PageSize, View};

/// The default template.
pub const MAIN_TYP: &str = include_str!("../assets/main.typ");
/// The library the default template imports, served as `/decktype.typ`.
pub const LIBRARY_TYP: &str = include_str!("../assets/decktype.typ");

/// The typst version this crate pins.
const TYPST_VERSION: &str = "0.15.1";

/// Diagnostic code: an image or slide background not embedded (shared with
/// the HTML export).
pub const IMAGE_NOT_EMBEDDED: &str = "DT050";
/// Diagnostic code: CSS the PDF does not map onto its template.
pub const CSS_NOT_MAPPED: &str = "DT060";
/// Diagnostic code: a character no bundled font has.
pub const MISSING_GLYPH: &str = "DT061";
/// Diagnostic code: a slide scaled below the readable minimum to fit.
pub const SCALED_DOWN: &str = "DT062";
/// Diagnostic code: speaker notes left out of the PDF.
pub const NOTES_LEFT_OUT: &str = "DT063";
/// Diagnostic code: typst failed (template error, or the output does not
/// meet the PDF standard asked for).
pub const TYPST_FAILED: &str = "DT064";

/// Diagnostic code: the PDF could not be made PDF/A and is plain PDF.
pub const NOT_ARCHIVAL: &str = "DT065";

/// The shape of a slide page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageShape {
    /// 16:9 (1244 × 700 CSS px around reveal.js's 960 px wide slide).
    Wide,
    /// 4:3 (1040 × 780 CSS px).
    Standard,
}

/// Where speaker notes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotesMode {
    /// Not in the PDF (a diagnostic says so when the deck has notes).
    #[default]
    None,
    /// A notes page after each slide that has notes.
    Pages,
    /// An A4 handout: four slides per page, each with its notes beside it.
    Handout,
}

/// The PDF standard the output must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// Plain PDF 1.7.
    None,
    /// PDF/A-2b, for archiving.
    #[default]
    A2b,
    /// PDF/A-3b.
    A3b,
    /// PDF/UA-1 (accessible; stricter about structure).
    Ua1,
}

/// Options of the PDF export.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Finds the deck's images.
    pub resolver: &'a Resolver,
    /// The page shape; `None` takes the deck's `slideOptions` width and
    /// height when both are numbers, else 16:9.
    pub page: Option<PageShape>,
    /// Where speaker notes go.
    pub notes: NotesMode,
    /// The PDF standard.
    pub standard: Standard,
    /// A custom template (typst source) instead of the default.
    pub template: Option<&'a str>,
    /// A creation timestamp (Unix seconds, UTC). `None`, the default, dates
    /// the document with the call date (or not at all when the deck has
    /// none), so the same deck always gives the same bytes.
    pub timestamp: Option<i64>,
    /// A slide scaled below this factor to fit gets a diagnostic.
    pub min_scale: f64,
}

impl<'a> Options<'a> {
    /// The defaults: deck's page shape, no notes, PDF/A-2b, default template.
    pub fn new(resolver: &'a Resolver) -> Self {
        Options {
            resolver,
            page: None,
            notes: NotesMode::None,
            standard: Standard::A2b,
            template: None,
            timestamp: None,
            min_scale: 0.5,
        }
    }
}

/// A finished PDF and what the export had to say about the deck.
#[derive(Debug, Clone)]
pub struct Export {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Images not embedded, CSS not mapped, missing glyphs, scaled slides.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why no PDF was written: the diagnostics, errors among them.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Everything the export found, with at least one error.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors: Vec<&str> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.as_str())
            .collect();
        write!(f, "PDF export failed: {}", errors.join("; "))
    }
}

impl std::error::Error for Failure {}

/// The JSON Schema of `/pdf.json` (`schemas/pdf-view.v1.schema.json`).
pub fn view_schema_json() -> String {
    let mut schema = schemars::schema_for!(View);
    schema.insert(
        "$id".to_owned(),
        "https://decktype.invalid/schemas/pdf-view.v1.schema.json".into(),
    );
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The view a template receives as `/pdf.json`, with the diagnostics of
/// building it (images not found, CSS not mapped, missing glyphs).
pub fn view(envelope: &Envelope, options: &Options<'_>) -> (View, Vec<Diagnostic>) {
    let (view, _, diagnostics) = prepare(envelope, options);
    (view, diagnostics)
}

type Files = HashMap<typst::syntax::FileId, Bytes>;

/// The view and the image files of the typst world.
fn prepare(envelope: &Envelope, options: &Options<'_>) -> (View, Files, Vec<Diagnostic>) {
    let deck = &envelope.deck;
    let mut diagnostics = Vec::new();
    let mut files: Files = HashMap::new();
    let mut view = view_of(envelope, options, &mut diagnostics);

    // Images: resolved, decoded once to check typst can use them.
    let mut nodes = Nodes::default();
    let with_notes = options.notes != NotesMode::None;
    for slide in &deck.slides {
        nodes.blocks(&slide.blocks);
        if with_notes && let Some(notes) = &slide.notes {
            nodes.blocks(&notes.blocks);
        }
    }
    // Each image once, in order of first use; decoded in parallel (typst
    // memoises the decoded image, so its layout finds it ready).
    let mut wanted: Vec<(String, Span)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (url, span) in
        nodes
            .images
            .iter()
            .map(|(u, s)| (u.clone(), *s))
            .chain(deck.slides.iter().filter_map(|s| {
                let url = s.background.as_ref()?.image.clone()?;
                Some((url, background_span(s)))
            }))
    {
        if seen.insert(url.clone()) {
            wanted.push((url, span));
        }
    }
    let loaded: Vec<_> = wanted
        .par_iter()
        .enumerate()
        .map(|(n, (url, _))| load_image(options.resolver, url, n))
        .collect();
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
                let severity = match why {
                    Missing::Remote(_) => Severity::Info,
                    _ => Severity::Warning,
                };
                diagnostics.push(
                    Diagnostic::new(
                        severity,
                        IMAGE_NOT_EMBEDDED,
                        format!("image `{url}` is not in the PDF: {why}"),
                        span,
                    )
                    .with_help("the PDF shows a placeholder with the alt text and the URL; put the file next to the deck, pass --assets DIR, or --fetch-images"),
                );
                ImageInfo::Missing {
                    missing: why.to_string(),
                }
            }
        };
        view.images.insert(url, info);
    }
    for raw in &nodes.colors {
        if let Some(hex) = style::color(raw) {
            view.colors.insert(raw.clone(), hex);
        }
    }
    for slide in &deck.slides {
        if let Some(c) = slide.background.as_ref().and_then(|b| b.color.as_ref())
            && let Some(hex) = style::color(c)
        {
            view.colors.insert(c.clone(), hex);
        }
        if let Some(s) = slide.attributes.get("style") {
            view.slide_styles
                .insert(slide.index.to_string(), style::inline_style(s));
        }
    }
    for s in &nodes.styles {
        view.inline_styles.insert(s.clone(), style::inline_style(s));
    }
    view.missing_glyphs = missing_glyphs(&nodes.text, &mut diagnostics);
    if options.notes == NotesMode::None
        && let Some(first) = deck.slides.iter().find_map(|s| s.notes.as_ref())
    {
        let count = deck.slides.iter().filter(|s| s.notes.is_some()).count();
        diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                NOTES_LEFT_OUT,
                format!("{count} slide(s) have speaker notes, which are not in this PDF"),
                first.span,
            )
            .with_help("pass --notes pages (a notes page after each slide) or --notes handout (A4 with notes)"),
        );
    }
    (view, files, diagnostics)
}

/// Drops everything typst has memoised (layouts, decoded images, shaped
/// text). [`export`] already drops entries unused in the last few exports,
/// so memory stays flat over many decks; this is for benchmarks that want
/// each export to start cold (the fonts stay loaded).
pub fn clear_caches() {
    typst::comemo::evict(0);
}

/// How many exports a memoised typst result survives unused.
const CACHE_AGE: usize = 2;

/// Exports `envelope` as a PDF.
pub fn export(envelope: &Envelope, options: &Options<'_>) -> Result<Export, Failure> {
    let result = export_inner(envelope, options);
    typst::comemo::evict(CACHE_AGE);
    result
}

/// The typst world of a deck, ready for its first layout (no box measured).
fn deck_world(
    envelope: &Envelope,
    options: &Options<'_>,
) -> (View, world::DeckWorld, Vec<Diagnostic>) {
    let (view, mut files, diagnostics) = prepare(envelope, options);
    files.insert(
        world::file_id("/deck.json"),
        Bytes::from_string(envelope.to_json_line()),
    );
    let view_json = serde_json::to_string(&view).unwrap_or_default();
    files.insert(world::file_id("/pdf.json"), Bytes::from_string(view_json));
    files.insert(world::file_id(FIT_JSON), fit_json(&[]));
    let world = world::DeckWorld::new(options.template.unwrap_or(MAIN_TYP), files);
    (view, world, diagnostics)
}

fn export_inner(envelope: &Envelope, options: &Options<'_>) -> Result<Export, Failure> {
    let deck = &envelope.deck;
    let (view, mut world, mut diagnostics) = deck_world(envelope, options);

    // Every box at full size first; only when some are taller than their
    // page, again with those measured and scaled (the rest of the layout
    // is then memoised).
    let mut compiled = typst::compile::<PagedDocument>(&world);
    if let Ok(document) = &compiled.output {
        let too_tall = too_tall(document);
        if !too_tall.is_empty() {
            world.set_file(FIT_JSON, fit_json(&too_tall));
            compiled = typst::compile::<PagedDocument>(&world);
        }
    }
    let Warned { output, warnings } = compiled;
    for w in &warnings {
        diagnostics.push(typst_diagnostic(&world, w, Severity::Info));
    }
    let document = match output {
        Ok(d) => d,
        Err(errors) => {
            diagnostics.extend(
                errors
                    .iter()
                    .map(|e| typst_diagnostic(&world, e, Severity::Error)),
            );
            return Err(Failure { diagnostics });
        }
    };
    scaled_slides(&document, deck, options.min_scale, &mut diagnostics);
    let tofu = tofu(&document);
    if !tofu.is_empty() {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            MISSING_GLYPH,
            format!(
                "the PDF draws {} character(s) with no glyph: {}",
                tofu.len(),
                tofu.iter()
                    .map(|c| format!("U+{:04X}", *c as u32))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Span::new(0, 0),
        ));
    }

    let mut standard = options.standard;
    // The document date: the timestamp asked for, else the call date, so
    // the same deck always gives the same bytes.
    let timestamp = match options.timestamp {
        Some(secs) => datetime_of_unix(secs),
        None => view.date.and_then(|[y, m, d]| {
            Datetime::from_ymd(
                i32::try_from(y).ok()?,
                u8::try_from(m).ok()?,
                u8::try_from(d).ok()?,
            )
        }),
    }
    .map(typst_pdf::Timestamp::new_utc);
    if matches!(standard, Standard::A2b | Standard::A3b) && timestamp.is_none() {
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                NOT_ARCHIVAL,
                "PDF/A needs a document date and the deck has no call date, so this PDF is plain PDF, not PDF/A",
                deck.slides.first().map_or(Span::new(0, 0), |s| s.span),
            )
            .with_help("put the date on the title slide or in the file name, pass --date YYYY-MM-DD, or pass --timestamp"),
        );
        standard = Standard::None;
    }
    let standards: &[typst_pdf::PdfStandard] = match standard {
        Standard::None => &[],
        Standard::A2b => &[typst_pdf::PdfStandard::A_2b],
        Standard::A3b => &[typst_pdf::PdfStandard::A_3b],
        Standard::Ua1 => &[typst_pdf::PdfStandard::Ua_1],
    };
    let standards = typst_pdf::PdfStandards::new(standards).map_err(|e| Failure {
        diagnostics: vec![Diagnostic::new(
            Severity::Error,
            TYPST_FAILED,
            e.message().to_string(),
            Span::new(0, 0),
        )],
    })?;
    let pdf_options = typst_pdf::PdfOptions {
        ident: Smart::Custom(envelope.source.sha256.clone()),
        creator: Smart::Custom(Some(format!(
            "{} (typst {})",
            envelope.generator, TYPST_VERSION
        ))),
        timestamp,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    match typst_pdf::pdf(&document, &pdf_options) {
        Ok(pdf) => Ok(Export {
            pdf,
            pages: document.pages().len(),
            diagnostics,
        }),
        Err(errors) => {
            diagnostics.extend(
                errors
                    .iter()
                    .map(|e| typst_diagnostic(&world, e, Severity::Error)),
            );
            Err(Failure { diagnostics })
        }
    }
}

/// The page size, sections and metadata of the view; images, colours and
/// styles are filled in by [`export`].
fn view_of(envelope: &Envelope, options: &Options<'_>, diagnostics: &mut Vec<Diagnostic>) -> View {
    let deck = &envelope.deck;
    let slide_options = deck.meta.slide_options.as_ref();
    let number = |d: &Option<decktype_model::Dimension>| match d {
        Some(decktype_model::Dimension::Number(n)) if *n >= 100.0 && *n <= 10000.0 => Some(*n),
        _ => None,
    };
    let deck_size = slide_options.and_then(|o| Some((number(&o.width)?, number(&o.height)?)));
    let page = match (options.page, deck_size) {
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
    };
    let dark = deck.dark_theme();
    let title = deck.title().unwrap_or("Slides").to_owned();
    let lang = deck
        .meta
        .lang
        .as_deref()
        .and_then(|l| l.split(['-', '_']).next())
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()))
        .unwrap_or("en")
        .to_ascii_lowercase();
    let date = deck.meta.date.as_deref().and_then(|d| {
        let mut parts = d.splitn(3, '-').map(|p| p.parse::<i64>().ok());
        Some([parts.next()??, parts.next()??, parts.next()??])
    });
    let mut styles = style::DeckStyles::new();
    for sheet in &deck.styles {
        for u in styles.add_sheet(&sheet.css) {
            let what = if u.declaration.is_empty() {
                format!("`{}`", u.selector)
            } else {
                format!("`{}` in `{}`", u.declaration, u.selector)
            };
            diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    CSS_NOT_MAPPED,
                    format!("{what} is not used in the PDF: {}", u.why),
                    sheet.span,
                )
                .with_help("the PDF maps colours, font sizes, weights and alignment of headings, paragraphs, list items and the slide"),
            );
        }
    }
    View {
        version: 1,
        generator: envelope.generator.clone(),
        page,
        notes: match options.notes {
            NotesMode::None => "none",
            NotesMode::Pages => "pages",
            NotesMode::Handout => "handout",
        }
        .to_owned(),
        dark,
        lang,
        title,
        description: deck.meta.description.clone(),
        keywords: deck.meta.tags.clone(),
        date,
        sections: deck.sections_covering_all_slides(),
        images: BTreeMap::new(),
        colors: BTreeMap::new(),
        styles: styles.styles,
        list_block: styles.list_block,
        inline_styles: BTreeMap::new(),
        slide_styles: BTreeMap::new(),
        missing_glyphs: String::new(),
    }
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

/// Where a slide's background is written: its `.slide` comment, else the slide.
fn background_span(slide: &decktype_model::Slide) -> Span {
    slide
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Html { inlines, .. } | Block::Paragraph { inlines, .. } => Some(inlines),
            _ => None,
        })
        .flatten()
        .find_map(|i| match i {
            Inline::Comment { text, span } if text.contains("data-background") => Some(*span),
            _ => None,
        })
        .unwrap_or(slide.span)
}

/// What the export needs from the slides' nodes.
#[derive(Default)]
struct Nodes {
    images: Vec<(String, Span)>,
    colors: BTreeSet<String>,
    styles: BTreeSet<String>,
    /// Text the PDF shows, with where it is written.
    text: Vec<(String, Span)>,
}

impl Nodes {
    fn attributes(&mut self, attributes: &BTreeMap<String, String>) {
        if let Some(s) = attributes.get("style") {
            self.styles.insert(s.clone());
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading {
                inlines,
                attributes,
                ..
            }
            | Block::Paragraph {
                inlines,
                attributes,
                ..
            } => {
                self.attributes(attributes);
                self.inlines(inlines);
            }
            Block::Image(image) => self.image(image),
            Block::List {
                items, attributes, ..
            } => {
                self.attributes(attributes);
                for item in items {
                    self.attributes(&item.attributes);
                    self.blocks(&item.blocks);
                }
            }
            Block::CodeBlock { code, span, .. } => self.text.push((code.clone(), *span)),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    self.inlines(&cell.inlines);
                }
            }
            Block::Quote { blocks, .. } => self.blocks(blocks),
            Block::Html { inlines, .. } => self.inlines(inlines),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    self.inlines(&item.term);
                    for d in &item.definitions {
                        self.blocks(d);
                    }
                }
            }
            Block::FootnoteDefinition {
                label,
                blocks,
                span,
                ..
            } => {
                self.text.push((label.clone(), *span));
                self.blocks(blocks);
            }
            Block::Rule { .. } => {}
            _ => {}
        }
    }

    fn image(&mut self, image: &decktype_model::Image) {
        self.images.push((image.url.clone(), image.span));
        self.attributes(&image.attributes);
        self.text.push((image.alt.clone(), image.span));
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text, span } => self.text.push((text.clone(), *span)),
                Inline::Code { code, span } => self.text.push((code.clone(), *span)),
                Inline::Emoji { emoji, span, .. } => self.text.push((emoji.clone(), *span)),
                Inline::FootnoteReference { label, span } => {
                    self.text.push((label.clone(), *span));
                }
                Inline::Image(image) => self.image(image),
                Inline::Html {
                    attributes, color, ..
                } => {
                    self.attributes(attributes);
                    if let Some(c) = color {
                        self.colors.insert(c.clone());
                    }
                }
                _ => {}
            }
            self.inlines(inline.children());
        }
    }
}

/// Characters the PDF would draw as tofu: one diagnostic per character at
/// its first use, and the typst regex the template replaces them with.
fn missing_glyphs(text: &[(String, Span)], diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut seen: HashMap<char, bool> = HashMap::new();
    let mut missing = Vec::new();
    for (s, span) in text {
        for c in s.chars() {
            if c.is_ascii() || c.is_whitespace() || c.is_control() || ignorable(c) {
                continue;
            }
            let covered = *seen.entry(c).or_insert_with(|| {
                world::FONTS
                    .fonts
                    .iter()
                    .any(|f| f.info().coverage.contains(c as u32))
            });
            if !covered {
                seen.insert(c, true);
                missing.push(c);
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        MISSING_GLYPH,
                        format!("no bundled font has `{c}` (U+{:04X}); the PDF shows a box with its code instead", c as u32),
                        *span,
                    )
                    .with_help("the PDF bundles Lato, DejaVu Sans, DejaVu Sans Mono and Noto Color Emoji; use a character they have"),
                );
            }
        }
    }
    if missing.is_empty() {
        return String::new();
    }
    let mut re = String::from("[");
    for c in missing {
        re.push_str(&format!("\\x{{{:X}}}", c as u32));
    }
    re.push(']');
    re
}

/// Default-ignorable characters: shaping uses them, no font must draw them.
fn ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Characters laid out with glyph 0 (tofu) anywhere in the document.
fn tofu(document: &PagedDocument) -> BTreeSet<char> {
    fn walk(frame: &Frame, out: &mut BTreeSet<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    for glyph in &text.glyphs {
                        if glyph.id == 0 {
                            out.extend(
                                text.text
                                    .get(glyph.range())
                                    .unwrap_or_default()
                                    .chars()
                                    .filter(|c| !c.is_whitespace() && !ignorable(*c)),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// Where the exporter tells the template which boxes to measure and scale.
const FIT_JSON: &str = "/fit.json";

/// `/fit.json`: the keys of the boxes to measure.
fn fit_json(measure: &[String]) -> Bytes {
    Bytes::from_string(serde_json::json!({ "measure": measure }).to_string())
}

/// The keys of the template's boxes laid out taller than their limit: the
/// frames labelled `decktype-fit-<key>` against the `<decktype-fit-limit>`
/// metadata of the same key.
fn too_tall(document: &PagedDocument) -> Vec<String> {
    use typst::introspection::Introspector;
    fn walk(frame: &Frame, out: &mut Vec<(String, f64)>) {
        for (_, item) in frame.items() {
            if let FrameItem::Group(group) = item {
                if let Some(key) = group.label.and_then(|l| {
                    l.resolve()
                        .as_str()
                        .strip_prefix("decktype-fit-")
                        .map(str::to_owned)
                }) {
                    out.push((key, group.frame.height().to_pt()));
                }
                walk(&group.frame, out);
            }
        }
    }
    let Some(label) = Label::new(PicoStr::intern("decktype-fit-limit")) else {
        return Vec::new();
    };
    let mut limits = HashMap::new();
    for content in document.introspector().query(&Selector::Label(label)) {
        if let Ok(Value::Dict(dict)) = content.get_by_name("value")
            && let (Ok(Value::Str(key)), Ok(Value::Float(limit))) =
                (dict.get("key"), dict.get("limit"))
        {
            limits.insert(key.as_str().to_owned(), *limit);
        }
    }
    let mut heights = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut heights);
    }
    let mut keys: Vec<String> = heights
        .into_iter()
        .filter(|(key, height)| limits.get(key).is_some_and(|limit| *height > limit + 0.01))
        .map(|(key, _)| key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Slides the template scaled below `min` to fit, from its
/// `<decktype-fit>` metadata.
fn scaled_slides(
    document: &PagedDocument,
    deck: &Deck,
    min: f64,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use typst::introspection::Introspector;
    let Some(label) = Label::new(PicoStr::intern("decktype-fit")) else {
        return;
    };
    let mut reported = BTreeSet::new();
    for content in document.introspector().query(&Selector::Label(label)) {
        let Ok(Value::Dict(dict)) = content.get_by_name("value") else {
            continue;
        };
        let number = |key: &str| match dict.get(key).ok() {
            Some(Value::Int(i)) => Some(*i as f64),
            Some(Value::Float(f)) => Some(*f),
            _ => None,
        };
        let (Some(index), Some(scale)) = (number("slide"), number("scale")) else {
            continue;
        };
        let Some(slide) = deck.slides.get(index as usize) else {
            continue;
        };
        if scale < min && reported.insert(slide.index) {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    SCALED_DOWN,
                    format!(
                        "slide {} is too long for its page and is scaled to {:.0}% to fit; its text is hard to read",
                        slide.index + 1,
                        scale * 100.0
                    ),
                    slide.span,
                )
                .with_help("split the slide with `----` (a vertical slide) or shorten it"),
            );
        }
    }
}

/// A typst diagnostic, placed in the template it comes from.
fn typst_diagnostic(
    world: &world::DeckWorld,
    diagnostic: &typst::diag::SourceDiagnostic,
    severity: Severity,
) -> Diagnostic {
    let mut message = format!("typst: {}", diagnostic.message);
    if let Some(id) = diagnostic.span.id()
        && let Some(source) = world.typst_source(id)
        && let Some(range) = world.range(diagnostic.span)
        && let Some((line, column)) = source.lines().byte_to_line_column(range.start)
    {
        let name = if source.id() == world.main_id() {
            "template"
        } else {
            "decktype.typ"
        };
        message.push_str(&format!(" (at {name}:{}:{})", line + 1, column + 1));
    }
    for hint in &diagnostic.hints {
        message.push_str(&format!("; hint: {}", hint.v));
    }
    Diagnostic::new(severity, TYPST_FAILED, message, Span::new(0, 0))
}

/// A UTC datetime from Unix seconds.
fn datetime_of_unix(secs: i64) -> Option<Datetime> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(secs, 0)?;
    Datetime::from_ymd_hms(
        t.year(),
        u8::try_from(t.month()).ok()?,
        u8::try_from(t.day()).ok()?,
        u8::try_from(t.hour()).ok()?,
        u8::try_from(t.minute()).ok()?,
        u8::try_from(t.second()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(fixture: &str) -> Envelope {
        let path = format!("{}/../../fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        let parsed = decktype_parse::parse(&text, &Default::default());
        Envelope::new(Some(fixture), &text, parsed.deck, &parsed.diagnostics)
    }

    /// The boxes laid out taller than their page in the first layout.
    fn first_layout_too_tall(envelope: &Envelope, notes: NotesMode) -> Vec<String> {
        let resolver = Resolver::none();
        let mut options = Options::new(&resolver);
        options.notes = notes;
        let (_, world, _) = deck_world(envelope, &options);
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .expect("the fixture compiles");
        too_tall(&document)
    }

    #[test]
    fn the_first_layout_finds_exactly_the_long_slide() {
        let deck = envelope("pdf/features.md");
        let long = deck
            .deck
            .slides
            .iter()
            .find(|s| {
                s.blocks.iter().any(|b| {
                    serde_json::to_string(b)
                        .unwrap()
                        .contains("The last line of the long slide.")
                })
            })
            .expect("the fixture has a long slide")
            .index;
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::None),
            vec![format!("slide-{long}")]
        );
        // Notes pages fit (the notes are short), so adding them adds nothing.
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::Pages),
            vec![format!("slide-{long}")]
        );
    }

    #[test]
    fn long_notes_are_measured_on_their_own_page() {
        let notes: String = (1..=60).map(|i| format!("Note line {i}.\n\n")).collect();
        let text = format!("# Short slide\n\nnote: {notes}");
        let parsed = decktype_parse::parse(&text, &Default::default());
        let deck = Envelope::new(Some("notes.md"), &text, parsed.deck, &parsed.diagnostics);
        assert!(first_layout_too_tall(&deck, NotesMode::None).is_empty());
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::Pages),
            vec!["notes-0"]
        );
    }

    #[test]
    fn a_deck_that_fits_is_laid_out_once() {
        let deck = envelope("pdf/typst.md");
        assert!(first_layout_too_tall(&deck, NotesMode::Pages).is_empty());
    }
}
