//! The export: the deck's world, its layout (a second one only for boxes
//! that do not fit), checks of the laid-out document, and the PDF.

use decktype_format::Envelope;
use decktype_model::Diagnostic;
use typst::diag::{SourceDiagnostic, Warned};
use typst_layout::PagedDocument;

use crate::error::{Failure, TemplateError};
use crate::fit::{FIT_JSON, fit_json, scaled_slides, too_tall};
use crate::prepare::deck_world;
use crate::world::DeckWorld;
use crate::{Options, glyphs, write};

/// A finished PDF and what the export had to say about the deck.
#[derive(Debug, Clone)]
pub struct Export {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Images not embedded, CSS not mapped, missing glyphs, scaled slides.
    pub diagnostics: Vec<Diagnostic>,
    /// typst's warnings about the template (the same data as its errors in
    /// a [`Failure`]: where in which template file, message, hints).
    pub template_warnings: Vec<TemplateError>,
}

/// How many exports a memoised typst result survives unused.
const CACHE_AGE: usize = 2;

/// Exports `envelope` as a PDF.
pub fn export(envelope: &Envelope, options: &Options<'_>) -> Result<Export, Failure> {
    let result = export_inner(envelope, options);
    typst::comemo::evict(CACHE_AGE);
    result
}

/// Drops everything typst has memoised (layouts, decoded images, shaped
/// text). [`export`] already drops entries unused in the last few exports,
/// so memory stays flat over many decks; this is for benchmarks that want
/// each export to start cold (the fonts stay loaded).
pub fn clear_caches() {
    typst::comemo::evict(0);
}

fn export_inner(envelope: &Envelope, options: &Options<'_>) -> Result<Export, Failure> {
    let (view, mut world, mut diagnostics) = deck_world(envelope, options);
    let Warned { output, warnings } = lay_out(&mut world);
    let template_warnings = placed(&world, &warnings);
    let document = match output {
        Ok(document) => document,
        Err(errors) => {
            let errors = placed(&world, &errors);
            return Err(Failure::typst(diagnostics, errors, template_warnings));
        }
    };
    scaled_slides(
        &document,
        &envelope.deck,
        options.min_scale,
        &mut diagnostics,
    );
    diagnostics.extend(glyphs::tofu_diagnostic(&document));
    let written = write::pdf(
        &document,
        envelope,
        view.date,
        options,
        &world,
        &mut diagnostics,
    );
    match written {
        Ok(pdf) => Ok(Export {
            pdf,
            pages: document.pages().len(),
            diagnostics,
            template_warnings,
        }),
        Err(errors) => Err(Failure::typst(diagnostics, errors, template_warnings)),
    }
}

/// Every box at full size first; only when some are taller than their
/// page, again with those measured and scaled (the rest of the layout is
/// then memoised).
fn lay_out(world: &mut DeckWorld) -> Warned<typst::diag::SourceResult<PagedDocument>> {
    let compiled = typst::compile::<PagedDocument>(world);
    if let Ok(document) = &compiled.output {
        let too_tall = too_tall(document);
        if !too_tall.is_empty() {
            world.set_file(FIT_JSON, fit_json(&too_tall));
            return typst::compile::<PagedDocument>(world);
        }
    }
    compiled
}

/// typst's messages, placed in the template files of `world`.
pub(crate) fn placed(world: &DeckWorld, diagnostics: &[SourceDiagnostic]) -> Vec<TemplateError> {
    diagnostics
        .iter()
        .map(|d| TemplateError::of(world, d))
        .collect()
}
