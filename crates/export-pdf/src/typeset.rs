//! The export: the deck's world, its layout (a second one only for boxes
//! that do not fit), checks of the laid-out document, and the PDF.

use std::sync::Arc;

use decktype_format::Envelope;
use decktype_model::Diagnostic;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use crate::View;
use crate::error::{Failure, TemplateError};
use crate::fit::{FIT_JSON, fit_json, scaled_slides, too_tall};
use crate::flatten::{self, Budget};
use crate::images::{mark_unusable, note_converted};
use crate::prepare::deck_world;
use crate::world::DeckWorld;
use crate::{NotesMode, Options, glyphs, write};
use decktype_model::codes::NESTING_FLATTENED_IN_PDF;

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
    let result = on_big_stack(|| export_inner(envelope, options));
    typst::comemo::evict(CACHE_AGE);
    result
}

/// The stack typst evaluates and realises the template on. typst bounds
/// its recursion (64 nested show rules, 80 nested calls), but a deck nested
/// up to those bounds needs more than a spawned thread's default 2 MiB
/// (a build's workers, a test) in a debug build; only the pages used are
/// ever mapped.
const STACK: usize = 64 << 20;

/// `f` run on a thread with a [`STACK`]-sized stack (here, if no thread
/// can be started).
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let f = std::sync::Mutex::new(Some(f));
    let run = || {
        let f = f.lock().ok().and_then(|mut f| f.take());
        f.map(|f| f())
    };
    let out = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("decktype-typst".to_owned())
            .stack_size(STACK)
            .spawn_scoped(scope, run);
        match spawned.map(|handle| handle.join()) {
            Ok(Ok(out)) => out,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        }
    });
    match out {
        Some(out) => out,
        None => run().unwrap_or_else(|| unreachable!("the closure runs once")),
    }
}

/// Drops everything typst has memoised (layouts, decoded images, shaped
/// text). [`export`] already drops entries unused in the last few exports,
/// so memory stays flat over many decks; this is for benchmarks that want
/// each export to start cold (the fonts stay loaded).
pub fn clear_caches() {
    typst::comemo::evict(0);
}

fn export_inner(envelope: &Envelope, options: &Options<'_>) -> Result<Export, Failure> {
    // Slides far longer than a page, cut (see `bound`).
    let cut = crate::bound::cut(envelope);
    let envelope = cut.as_ref().map_or(envelope, |(cut, _)| cut);
    let (mut view, mut world, mut diagnostics) = deck_world(envelope, options);
    if let Some((_, cut)) = &cut {
        diagnostics.extend(cut.iter().cloned());
    }
    let Warned {
        mut output,
        mut warnings,
    } = lay_out_with_images(&mut world, &mut view, &mut diagnostics);
    // Nested deeper than typst lays out (a custom template that nests more
    // than the built-in one): flattened further, down to no nesting at all.
    let mut budget = Budget::DEFAULT;
    while let Err(errors) = &output
        && errors.iter().any(too_deep)
        && let Some(tighter) = budget.tighter()
    {
        budget = tighter;
        let mut fresh = Vec::new();
        let notes = options.notes != NotesMode::None;
        let json = flatten::deck_json(envelope, &mut view, budget, notes, &mut fresh);
        diagnostics.retain(|d| d.code != NESTING_FLATTENED_IN_PDF);
        diagnostics.extend(
            fresh
                .into_iter()
                .filter(|d| d.code == NESTING_FLATTENED_IN_PDF),
        );
        world.set_file("/deck.json", json);
        world.set_file(FIT_JSON, fit_json(&[]));
        Warned { output, warnings } = lay_out(&mut world);
    }
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

/// The deck laid out while workers make and decode its raster images (see
/// [`crate::decode`]); laid out again, with them as placeholders, when some
/// turn out not to decode.
fn lay_out_with_images(
    world: &mut DeckWorld,
    view: &mut View,
    diagnostics: &mut Vec<Diagnostic>,
) -> Warned<typst::diag::SourceResult<PagedDocument>> {
    let jobs = Arc::clone(world.jobs());
    if jobs.is_empty() {
        return lay_out(world);
    }
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let laid_out = std::thread::scope(|scope| {
        jobs.start(scope, workers);
        lay_out(world)
    });
    note_converted(&jobs, diagnostics);
    let sources = jobs.sources_instead();
    if !mark_unusable(&jobs, &mut view.images, diagnostics) && sources.is_empty() {
        return laid_out;
    }
    for (id, source) in sources {
        world.set_file_id(id, source);
    }
    let view_json = serde_json::to_string(&*view).unwrap_or_default();
    world.set_file("/pdf.json", Bytes::from_string(view_json));
    world.set_file(FIT_JSON, fit_json(&[]));
    lay_out(world)
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

/// Whether typst's `error` is one of nesting too deep.
fn too_deep(error: &SourceDiagnostic) -> bool {
    [
        "maximum show rule depth exceeded",
        "maximum layout depth exceeded",
        "maximum function call depth exceeded",
    ]
    .iter()
    .any(|m| error.message.starts_with(m))
}

/// typst's messages, placed in the template files of `world`.
pub(crate) fn placed(world: &DeckWorld, diagnostics: &[SourceDiagnostic]) -> Vec<TemplateError> {
    diagnostics
        .iter()
        .map(|d| TemplateError::of(world, d))
        .collect()
}
