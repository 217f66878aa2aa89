//! `decktype schema`: the JSON Schemas of decktype's formats.

use std::path::PathBuf;

use anyhow::Result;

use crate::output::emit;

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// The deck envelope.
    Deck,
    /// A profile file.
    Profile,
    /// The PDF template's `/pdf.json`.
    PdfView,
    /// `archive.json`.
    Archive,
    /// One line of `index.jsonl`.
    IndexLine,
    /// The JSON report of `check`.
    CheckReport,
}

pub(crate) fn run(which: Which, output: Option<PathBuf>) -> Result<u8> {
    let schema = match which {
        Which::Profile => decktype_semantics::profile::schema_json(),
        #[cfg(feature = "pdf")]
        Which::PdfView => decktype_export_pdf::view_schema_json(),
        #[cfg(not(feature = "pdf"))]
        Which::PdfView => return Err(crate::config::without_pdf("--pdf-view")),
        Which::Archive => decktype_archive::schema_json(),
        Which::IndexLine => decktype_archive::index_line_schema_json(),
        Which::Deck => decktype_format::schema_json(),
        Which::CheckReport => decktype_check::report::schema_json(),
    };
    emit(output.as_deref(), &schema)?;
    Ok(0)
}
