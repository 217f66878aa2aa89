//! One deck: found unchanged, or analysed and exported through the
//! pipeline ([`decktype_pipeline`]) and written.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use decktype_archive::{ArchiveDeck, Counts};
use decktype_model::{Diagnostic, Severity, Span};
use decktype_pipeline::Resolver;

use crate::site::write_site_file;
use crate::state::{DeckState, State, image_dep, sha256_hex};
use decktype_pipeline::discover::Found;

use crate::{DeckReport, IO_FAILED, Options, Status, output_list, output_paths};

pub(crate) struct Ctx<'a> {
    pub(crate) dir: &'a Path,
    pub(crate) site: &'a Path,
    pub(crate) options: &'a Options,
    pub(crate) key: &'a str,
    pub(crate) old: &'a State,
    pub(crate) analysis: &'a decktype_pipeline::Options,
}

impl Ctx<'_> {
    fn resolver(&self, file: &Path) -> Resolver {
        let deck_dir = file.parent().unwrap_or(self.dir);
        self.options.images.resolver(Some(deck_dir))
    }

    /// Builds one deck (or finds it unchanged).
    pub(crate) fn deck(&self, f: &Found, bytes: &[u8]) -> (DeckReport, Option<DeckState>) {
        let mut report = DeckReport {
            path: f.rel.clone(),
            file: f.file.clone(),
            status: Status::Failed,
            source: None,
            diagnostics: Vec::new(),
            template_errors: Vec::new(),
            template_warnings: Vec::new(),
            slides: 0,
            warnings: 0,
            errors: 0,
            elapsed: Duration::ZERO,
        };
        let sha = sha256_hex(bytes);
        let key = sha256_hex(format!("{}\n{sha}", self.key).as_bytes());
        let resolver = self.resolver(&f.file);
        if !self.options.force
            && let Some(old) = self.old.decks.get(&f.rel)
            && old.key == key
            && old
                .images
                .iter()
                .all(|dep| image_dep(&resolver, &dep.url) == *dep)
            && old.outputs.iter().all(|o| self.site.join(o).is_file())
        {
            report.status = Status::Unchanged;
            report.slides = old.entry.summary.counts.slides;
            report.warnings = old.entry.summary.counts.warnings;
            return (report, Some(old.clone()));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let failure = decktype_pipeline::decode(bytes.to_vec())
                    .expect_err("not UTF-8, as from_utf8 said");
                report.diagnostics.push(failure.diagnostic);
                report.errors = 1;
                report.source = Some(Arc::from(failure.valid));
                return (report, None);
            }
        };
        // The same pipeline as `decktype parse`: the deck's JSON here is the
        // JSON `decktype parse <rel>` writes from the folder built.
        let analysed = decktype_pipeline::analyse(Some(&f.rel), text, self.analysis);
        let mut diagnostics = analysed.diagnostics.clone();
        let slides = analysed.deck().slides.len();
        let outputs = output_paths(&f.rel, self.options.formats);
        let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
        if !analysed.has_errors() {
            if let Some(p) = &outputs.json {
                files.push((p, analysed.to_json().into_bytes()));
            }
            if let Some(p) = &outputs.html {
                let export = analysed.to_html(&resolver);
                diagnostics.extend(export.diagnostics);
                files.push((p, export.html.into_bytes()));
            }
            if let Some(p) = &outputs.pdf {
                match analysed.to_pdf(&resolver, &self.options.pdf) {
                    Ok(export) => {
                        diagnostics.extend(export.diagnostics);
                        report.template_warnings = export.template_warnings;
                        files.push((p, export.pdf));
                    }
                    Err(failure) => {
                        diagnostics.extend(failure.diagnostics);
                        report.template_errors = failure.template_errors;
                        report.template_warnings = failure.template_warnings;
                    }
                }
            }
        }
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        report.slides = slides;
        report.warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        report.errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if !diagnostics.is_empty() {
            report.source = Some(Arc::from(text));
        }
        report.diagnostics = diagnostics;
        if report.errors > 0 {
            return (report, None);
        }
        for (rel, bytes) in &files {
            if let Err(e) = write_site_file(&self.site.join(rel), bytes) {
                report.diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    IO_FAILED,
                    e.to_string(),
                    Span::empty(0),
                ));
                report.errors += 1;
                report.source.get_or_insert_with(|| Arc::from(text));
                return (report, None);
            }
        }
        report.status = Status::Built;
        let counts = Counts {
            warnings: report.warnings,
            errors: report.errors,
            ..Counts::default()
        };
        let entry = ArchiveDeck::new(&f.rel, &sha, analysed.deck(), outputs.clone(), counts);
        let images = resolver
            .requested()
            .iter()
            .map(|u| image_dep(&resolver, u))
            .collect();
        let state = DeckState {
            key,
            images,
            outputs: output_list(&outputs),
            entry,
            texts: decktype_archive::slide_texts(analysed.deck()),
        };
        (report, Some(state))
    }
}
