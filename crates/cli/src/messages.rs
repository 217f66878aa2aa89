//! Diagnostics as the user asked for them: every command writes them in the
//! five formats of `decktype check --format` (`human`, `short`, `json`,
//! `github`, `sarif`). `check` writes its report to standard output; the
//! other commands (`--message-format`) to standard error, since their
//! standard output is the product (JSON, HTML, PDF).

use decktype_check::format::FileReport;
use decktype_model::Diagnostic;

use crate::args::CheckFormat;
use crate::render;

/// `reports` in `format`; `color` for the human format.
pub(crate) fn render(format: CheckFormat, reports: &[FileReport<'_>], color: bool) -> String {
    match format {
        CheckFormat::Human => {
            let mut s = String::new();
            for r in reports {
                s.push_str(&render::human(r.path, r.source, r.diagnostics, color));
            }
            s
        }
        CheckFormat::Short => decktype_check::format::short(reports),
        CheckFormat::Json => decktype_check::format::json(reports),
        CheckFormat::Github => decktype_check::format::github(reports),
        CheckFormat::Markdown => decktype_check::format::markdown(reports),
        CheckFormat::Sarif => decktype_check::format::sarif(reports, env!("CARGO_PKG_VERSION")),
    }
}

/// One file's diagnostics, collected: (shown path, source, diagnostics).
pub(crate) type Collected = (String, String, Vec<Diagnostic>);

/// The diagnostics of a command, written to standard error: at once in the
/// human format, collected into one document for the others (a JSON or
/// SARIF report must be whole) and written by [`Messages::finish`].
pub(crate) struct Messages {
    format: CheckFormat,
    quiet: bool,
    color: bool,
    /// (shown path, source, diagnostics) per file, in order.
    files: Vec<Collected>,
}

impl Messages {
    /// Messages in `format`; `quiet` drops the human format's output (a
    /// machine format is written whole, also when quiet: it was asked for).
    pub(crate) fn new(format: CheckFormat, quiet: bool) -> Self {
        Messages {
            format,
            quiet,
            color: crate::color::stderr(),
            files: Vec::new(),
        }
    }

    /// Whether diagnostics are shown as they come (the human format).
    pub(crate) fn is_human(&self) -> bool {
        self.format == CheckFormat::Human
    }

    /// Reports `diagnostics` of the file shown as `path`. In the human
    /// format they are printed now (unless quiet, or `force`: an error that
    /// stops the command is always shown).
    pub(crate) fn add(
        &mut self,
        path: &str,
        source: &str,
        diagnostics: &[Diagnostic],
        force: bool,
    ) {
        if self.is_human() {
            if (!self.quiet || force) && !diagnostics.is_empty() {
                let report = FileReport {
                    path,
                    source,
                    diagnostics,
                };
                eprint!("{}", render(self.format, &[report], self.color));
            }
            return;
        }
        match self.files.iter_mut().find(|(p, _, _)| p == path) {
            Some((_, _, found)) => found.extend_from_slice(diagnostics),
            None => self
                .files
                .push((path.to_owned(), source.to_owned(), diagnostics.to_vec())),
        }
    }

    /// Writes the collected report (machine formats).
    pub(crate) fn finish(self) {
        if self.is_human() {
            return;
        }
        eprint!("{}", render_files(self.format, &self.files));
    }
}

/// Collected `(shown path, source, diagnostics)` in `format`, no colour.
pub(crate) fn render_files(
    format: CheckFormat,
    files: &[(String, String, Vec<Diagnostic>)],
) -> String {
    let reports: Vec<FileReport<'_>> = files
        .iter()
        .map(|(path, source, diagnostics)| FileReport {
            path,
            source,
            diagnostics,
        })
        .collect();
    render(format, &reports, false)
}
