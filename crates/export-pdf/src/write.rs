//! Writing the laid-out document as a PDF: the document date (the call
//! date unless a timestamp is asked for), the standard (plain PDF, with a
//! diagnostic, when PDF/A has no date), the identifier (the deck's SHA-256)
//! and the creator.

use decktype_format::Envelope;
use decktype_model::{Diagnostic, Severity, Span};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::TemplateError;
use crate::typeset::placed;
use crate::world::DeckWorld;
use crate::{NOT_ARCHIVAL, Options, Standard, TYPST_VERSION};

/// The PDF of `document`, or typst's errors (a standard not met).
pub(crate) fn pdf(
    document: &PagedDocument,
    envelope: &Envelope,
    date: Option<[i64; 3]>,
    options: &Options<'_>,
    world: &DeckWorld,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>, Vec<TemplateError>> {
    let timestamp = timestamp(options.timestamp, date);
    let mut standard = options.standard;
    if is_archival(standard) && timestamp.is_none() {
        let first_slide = envelope.deck.slides.first();
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                NOT_ARCHIVAL,
                "PDF/A needs a document date and the deck has no call date, so this PDF is plain PDF, not PDF/A",
                first_slide.map_or(Span::new(0, 0), |s| s.span),
            )
            .with_help("put the date on the title slide or in the file name, pass --date YYYY-MM-DD, or pass --timestamp"),
        );
        standard = Standard::None;
    }
    let standards = standards(standard).map_err(|e| vec![TemplateError::unplaced(e)])?;
    let pdf_options = PdfOptions {
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
    typst_pdf::pdf(document, &pdf_options).map_err(|errors| placed(world, &errors))
}

/// Whether the PDF of a deck with the call date `date` is PDF/A: asked
/// for, and with a document date (else it is plain PDF, see [`pdf`]).
pub(crate) fn archival(options: &Options<'_>, date: Option<[i64; 3]>) -> bool {
    is_archival(options.standard) && timestamp(options.timestamp, date).is_some()
}

/// Whether `standard` is a PDF/A.
fn is_archival(standard: Standard) -> bool {
    matches!(standard, Standard::A2b | Standard::A3b)
}

/// The document date: the timestamp asked for, else the call date, so the
/// same deck always gives the same bytes.
fn timestamp(unix: Option<i64>, date: Option<[i64; 3]>) -> Option<Timestamp> {
    match unix {
        Some(secs) => datetime_of_unix(secs),
        None => date.and_then(|[y, m, d]| {
            Datetime::from_ymd(
                i32::try_from(y).ok()?,
                u8::try_from(m).ok()?,
                u8::try_from(d).ok()?,
            )
        }),
    }
    .map(Timestamp::new_utc)
}

/// typst's standards for `standard`.
fn standards(standard: Standard) -> Result<PdfStandards, String> {
    let standards: &[PdfStandard] = match standard {
        Standard::None => &[],
        Standard::A2b => &[PdfStandard::A_2b],
        Standard::A3b => &[PdfStandard::A_3b],
        Standard::Ua1 => &[PdfStandard::Ua_1],
    };
    PdfStandards::new(standards).map_err(|e| e.message().to_string())
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
