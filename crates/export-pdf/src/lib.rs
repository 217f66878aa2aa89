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
//! template, the fonts (bundled, and fonts from `--font-path` folders or
//! the machine for characters the bundled ones lack) and the images the
//! [`Resolver`](decktype_assets::Resolver) resolved:
//! every other path is refused, and there are no packages.
//!
//! # The template's data contract
//!
//! | path | what |
//! |---|---|
//! | `/deck.json` | the JSON export (`decktype.deck.v1`), as `decktype export --to json` writes it: `schemas/deck.v1.schema.json`; a deck nested deeper than typst lays out, or with text longer than a PDF string, is a flattened and shortened copy (see `flatten`) |
//! | `/pdf.json` | the [`View`]: page size, resolved images, mapped colours and CSS, the link targets that may be links, sections, options: `schemas/pdf-view.v1.schema.json` |
//! | `/images/<n>.<ext>` | the images named in `/pdf.json`'s `images`: the source's bytes, or with [`ImageMode::Prepared`] and the built-in template a smaller copy of a large JPEG or PNG, or in a PDF/A an sRGB copy of a CMYK JPEG (typst's PDF/A has no CMYK; DT068) (its `width` and `height` in `/pdf.json` stay the source's) |
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

mod backgrounds;
mod bound;
mod decode;
mod error;
mod fit;
mod flatten;
mod fonts;
mod glyphs;
mod images;
mod lists;
mod nodes;
mod options;
mod prepare;
mod strings;
mod style;
mod typeset;
mod view;
mod world;
mod write;

use decktype_format::Envelope;
use decktype_model::Diagnostic;

pub use error::{Failure, TemplateError, TemplateFile, TemplateSpan};
pub use options::{ImageMode, NotesMode, Options, PageShape, Settings, Standard};
pub use style::Style;
pub use typeset::{Export, clear_caches, export};
pub use view::{FontSource, FontUse, Gradient, ImageInfo, PageSize, Placed, View};

/// The default template.
pub const MAIN_TYP: &str = include_str!("../assets/main.typ");
/// The library the default template imports, served as `/decktype.typ`.
pub const LIBRARY_TYP: &str = include_str!("../assets/decktype.typ");

/// The typst version this crate pins.
pub(crate) const TYPST_VERSION: &str = "0.15.1";

/// Diagnostic code: an image or slide background not embedded (shared with
/// the HTML export).
pub const IMAGE_NOT_EMBEDDED: &str = decktype_model::codes::IMAGE_NOT_EMBEDDED;
/// Diagnostic code: CSS the PDF does not map onto its template.
pub const CSS_NOT_MAPPED: &str = decktype_model::codes::CSS_NOT_MAPPED;
/// Diagnostic code: characters no font has (one diagnostic per slide).
pub const MISSING_GLYPH: &str = decktype_model::codes::MISSING_GLYPH;
/// Diagnostic code: a slide scaled below the readable minimum to fit.
pub const SCALED_DOWN: &str = decktype_model::codes::SCALED_DOWN;
/// Diagnostic code: speaker notes left out of the PDF.
pub const NOTES_LEFT_OUT: &str = decktype_model::codes::NOTES_LEFT_OUT;
/// Diagnostic code: typst failed (template error, or the output does not
/// meet the PDF standard asked for).
pub const TYPST_FAILED: &str = decktype_model::codes::TYPST_FAILED;

/// Diagnostic code: the PDF could not be made PDF/A and is plain PDF.
pub const NOT_ARCHIVAL: &str = decktype_model::codes::NOT_ARCHIVAL;
/// Diagnostic code: containers nested deeper than the PDF lays out,
/// flattened in the PDF.
pub const NESTING_FLATTENED_IN_PDF: &str = decktype_model::codes::NESTING_FLATTENED_IN_PDF;
/// Diagnostic code: text longer than a PDF string, shortened in the PDF.
pub const TEXT_TRUNCATED_IN_PDF: &str = decktype_model::codes::TEXT_TRUNCATED_IN_PDF;
/// Diagnostic code: a CMYK JPEG without a colour profile, shown as an RGB
/// copy in a PDF/A (which has no device CMYK).
pub const IMAGE_CONVERTED_IN_PDF: &str = decktype_model::codes::IMAGE_CONVERTED_IN_PDF;

/// The JSON Schema of `/pdf.json` (`schemas/pdf-view.v1.schema.json`).
pub fn view_schema_json() -> String {
    decktype_model::schema::published::<View>("pdf-view.v1.schema.json")
}

/// The view a template receives as `/pdf.json`, with the diagnostics of
/// building it (images not found, CSS not mapped, missing glyphs). Finds
/// the fonts for characters the bundled fonts lack, as [`export`] does.
pub fn view(envelope: &Envelope, options: &Options<'_>) -> (View, Vec<Diagnostic>) {
    let mut prepared = prepare::prepare(envelope, options);
    images::mark_unusable(
        &prepared.jobs,
        &mut prepared.view.images,
        &mut prepared.diagnostics,
    );
    (prepared.view, prepared.diagnostics)
}
