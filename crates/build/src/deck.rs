//! One deck: found unchanged, or analysed and exported through the
//! pipeline ([`decktype_pipeline`]) and written ([`crate::worker`]), in
//! the build's thread or in a worker process.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use decktype_model::Severity;
use decktype_pipeline::Resolver;
use decktype_pipeline::discover::Found;

use crate::isolate::Isolated;
use crate::state::{DeckState, OverBudget, State, budget_key, image_dep, sha256_hex};
use crate::worker::{Reply, Request, export_deck};
use crate::{DeckReport, Options, Status};

/// Where a build thread exports its decks.
pub(crate) enum Runner<'a> {
    /// In the thread (no budget).
    InProcess,
    /// In the thread's worker process, within the budget.
    Isolated(Isolated<'a>),
}

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

    /// Builds one deck (or finds it unchanged): in this thread, or in the
    /// thread's worker process. The state is `Some` when the deck is in the
    /// site (built, or its JSON and HTML without the PDF); the record
    /// `Some` when it went over its budget (now, or in the last build and
    /// nothing changed since).
    pub(crate) fn deck(
        &self,
        f: &Found,
        bytes: &[u8],
        runner: &mut Runner<'_>,
    ) -> (DeckReport, Option<DeckState>, Option<OverBudget>) {
        let mut report = DeckReport {
            path: f.rel.clone(),
            file: f.file.clone(),
            status: Status::Failed,
            source: None,
            diagnostics: Vec::new(),
            #[cfg(feature = "pdf")]
            template_errors: Vec::new(),
            #[cfg(feature = "pdf")]
            template_warnings: Vec::new(),
            slides: 0,
            warnings: 0,
            errors: 0,
            written: Vec::new(),
            elapsed: Duration::ZERO,
        };
        let sha = sha256_hex(bytes);
        let key = sha256_hex(format!("{}\n{sha}", self.key).as_bytes());
        let resolver = self.resolver(&f.file);
        if !self.options.force
            && let Some(old) = self.old.decks.get(&f.rel)
            && old.key == key
            && old.complete
            && old
                .images
                .iter()
                .all(|dep| image_dep(&resolver, &dep.url) == *dep)
            && old.outputs.iter().all(|o| self.site.join(o).is_file())
        {
            report.status = Status::Unchanged;
            report.slides = old.entry.summary.counts.slides;
            report.warnings = old.entry.summary.counts.warnings;
            return (report, Some(old.clone()), None);
        }
        // Stopped by the same budget last time, and nothing changed: not
        // tried again (it would only wait for the budget once more).
        if !self.options.force
            && let Some(budget) = &self.options.budget
            && let Some(stopped) = self.old.over_budget.get(&f.rel)
            && stopped.key == key
            && stopped.budget == budget_key(budget)
            && stopped
                .images
                .iter()
                .all(|dep| image_dep(&resolver, &dep.url) == *dep)
        {
            // What it had written (its JSON and HTML), if still there.
            let kept = self
                .old
                .decks
                .get(&f.rel)
                .filter(|old| old.key == key)
                .filter(|old| old.outputs.iter().all(|o| self.site.join(o).is_file()))
                .cloned();
            let mut diagnostic = stopped.diagnostic.clone();
            diagnostic.message.push_str(
                " (in the last build; not tried again: the deck, its images and the budget are unchanged)",
            );
            diagnostic.help = Some(
                "`--force` tries it again; if this deck is legitimately this big, raise \
                 `--deck-timeout` or `--deck-memory` (or build with `--no-budget`)"
                    .to_owned(),
            );
            report.diagnostics.push(diagnostic);
            report.errors = 1;
            report.source = Some(Arc::from(String::from_utf8_lossy(bytes).as_ref()));
            if let Some(old) = &kept {
                report.slides = old.entry.summary.counts.slides;
                report.written = old.outputs.clone();
            }
            return (report, kept, Some(stopped.clone()));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let failure = decktype_pipeline::decode(bytes.to_vec())
                    .expect_err("not UTF-8, as from_utf8 said");
                report.diagnostics.push(failure.diagnostic);
                report.errors = 1;
                report.source = Some(Arc::from(failure.valid));
                return (report, None, None);
            }
        };
        let request = Request {
            rel: f.rel.clone(),
            deck_dir: f.file.parent().unwrap_or(self.dir).to_owned(),
            site: self.site.to_owned(),
            key: key.clone(),
            sha,
            text: text.to_owned(),
        };
        let mut over_budget = None;
        let outcome = match runner {
            Runner::InProcess => {
                let mut done = None;
                export_deck(self.options, self.analysis, &request, &mut |reply| {
                    if let Reply::Done(o) = reply {
                        done = Some(o);
                    }
                });
                done.expect("export_deck ends with Done")
            }
            Runner::Isolated(worker) => match worker.run(&request) {
                Ok(outcome) => outcome,
                Err(stopped) => {
                    let mut outcome = stopped.checkpoint.map(|o| *o).unwrap_or_default();
                    if stopped.diagnostic.code == crate::DECK_OVER_BUDGET
                        && let Some(budget) = &self.options.budget
                    {
                        over_budget = Some(OverBudget {
                            key,
                            budget: budget_key(budget),
                            images: outcome
                                .state
                                .as_ref()
                                .map(|s| s.images.clone())
                                .unwrap_or_default(),
                            diagnostic: stopped.diagnostic.clone(),
                        });
                    }
                    outcome.diagnostics.push(stopped.diagnostic);
                    if let Some(state) = &mut outcome.state {
                        state.complete = false;
                        state.entry.summary.counts.errors += 1;
                    }
                    outcome
                }
            },
        };
        report.slides = outcome.slides;
        report.warnings = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        report.errors = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if !outcome.diagnostics.is_empty() {
            report.source = Some(Arc::from(text));
        }
        report.diagnostics = outcome.diagnostics;
        #[cfg(feature = "pdf")]
        {
            report.template_errors = outcome
                .template_errors
                .into_iter()
                .map(Into::into)
                .collect();
            report.template_warnings = outcome
                .template_warnings
                .into_iter()
                .map(Into::into)
                .collect();
        }
        report.written = outcome.written;
        report.status = if report.errors == 0 {
            Status::Built
        } else {
            Status::Failed
        };
        (report, outcome.state, over_budget)
    }
}
