//! What the caller chooses: page shape, notes, PDF standard, template,
//! date, the scale below which a slide is reported and where fonts come
//! from; borrowed as [`Options`], owned as [`Settings`].

use std::path::{Path, PathBuf};

use decktype_assets::Resolver;

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

/// Which bytes of a raster image the PDF embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImageMode {
    /// The source file's bytes, as they are (the archival choice).
    Original,
    /// A JPEG or PNG at least twice as large on each side as the page shows
    /// it at 200 % zoom (144 dpi) is reduced to that size first
    /// (`decktype-images`); every other image is embedded as it is.
    #[default]
    Prepared,
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
    /// Folders (searched with their subfolders) with fonts for the
    /// characters the bundled fonts lack, tried in order before the
    /// machine's fonts.
    pub font_paths: &'a [PathBuf],
    /// Whether the machine's fonts serve the characters the bundled fonts
    /// and `font_paths` lack (searched once per process, and only when a
    /// deck has such a character).
    pub system_fonts: bool,
    /// Which bytes of a raster image the PDF embeds.
    pub images: ImageMode,
    /// Where prepared images are kept between exports (`None`: prepared
    /// again each time).
    pub image_cache: Option<&'a Path>,
}

impl<'a> Options<'a> {
    /// The defaults: deck's page shape, no notes, PDF/A-2b, default template.
    pub fn new(resolver: &'a Resolver) -> Self {
        Options::with_settings(resolver, &DEFAULT_SETTINGS)
    }

    /// Options from owned [`Settings`] (what `decktype export --to pdf` and
    /// `decktype build` take on their command line).
    pub fn with_settings(resolver: &'a Resolver, settings: &'a Settings) -> Self {
        Options {
            resolver,
            page: settings.page,
            notes: settings.notes,
            standard: settings.standard,
            template: settings.template.as_deref(),
            timestamp: settings.timestamp,
            min_scale: settings.min_scale,
            font_paths: &settings.font_paths,
            system_fonts: settings.system_fonts,
            images: settings.images,
            image_cache: settings.image_cache.as_deref(),
        }
    }
}

static DEFAULT_SETTINGS: Settings = Settings {
    page: None,
    notes: NotesMode::None,
    standard: Standard::A2b,
    template: None,
    timestamp: None,
    min_scale: 0.5,
    font_paths: Vec::new(),
    system_fonts: true,
    images: ImageMode::Prepared,
    image_cache: None,
};

/// The PDF settings a user chooses, owned: what [`Options`] borrows besides
/// the image resolver. The defaults are the deck's page shape, no notes,
/// PDF/A-2b, the built-in template, dated with the call date, a
/// diagnostic for slides scaled below half size, and the machine's fonts
/// for characters the bundled fonts lack.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The page shape; `None` takes the deck's `slideOptions` width and
    /// height when both are numbers, else 16:9.
    pub page: Option<PageShape>,
    /// Where speaker notes go.
    pub notes: NotesMode,
    /// The PDF standard.
    pub standard: Standard,
    /// A custom template's typst source instead of the built-in one.
    pub template: Option<String>,
    /// A creation timestamp (Unix seconds, UTC); `None` dates the document
    /// with the call date.
    pub timestamp: Option<i64>,
    /// A slide scaled below this factor to fit gets a diagnostic.
    pub min_scale: f64,
    /// Folders with fonts for the characters the bundled fonts lack, tried
    /// in order before the machine's fonts (`--font-path`).
    pub font_paths: Vec<PathBuf>,
    /// Whether the machine's fonts serve the characters the bundled fonts
    /// and `font_paths` lack (default; `--ignore-system-fonts` turns it off).
    pub system_fonts: bool,
    /// Which bytes of a raster image the PDF embeds (`--images`).
    pub images: ImageMode,
    /// Where prepared images are kept between exports (`--image-cache`'s
    /// `prepared/` for `export`, the site's `.decktype/images/` for
    /// `build`); `None`: prepared again each time.
    pub image_cache: Option<PathBuf>,
}

impl Settings {
    /// These settings with prepared images kept in `dir`.
    pub fn with_image_cache(mut self, dir: Option<PathBuf>) -> Self {
        self.image_cache = dir;
        self
    }
}

impl Default for Settings {
    fn default() -> Self {
        DEFAULT_SETTINGS.clone()
    }
}
