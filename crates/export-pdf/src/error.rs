//! Why no PDF was written, and typst's own messages as data: each placed in
//! the template file it points into (line and column, not text to parse).

use std::fmt;

use decktype_model::{Diagnostic, Severity, Span};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::syntax::DiagSpan;

use crate::TYPST_FAILED;
use crate::world::DeckWorld;

/// Why no PDF was written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("PDF export failed: {}", self.summary())]
pub struct Failure {
    /// Everything the export found about the deck, with at least one error:
    /// a [`TYPST_FAILED`] error says that typst failed and no PDF was
    /// written; [`Failure::template_errors`] say why.
    pub diagnostics: Vec<Diagnostic>,
    /// typst's errors: in the template, a file it may not read, or a PDF
    /// standard not met.
    pub template_errors: Vec<TemplateError>,
    /// typst's warnings, as in [`Export::template_warnings`](crate::Export::template_warnings).
    pub template_warnings: Vec<TemplateError>,
}

impl Failure {
    /// A failure with typst's `errors` on top of the deck's `diagnostics`.
    pub(crate) fn typst(
        mut diagnostics: Vec<Diagnostic>,
        template_errors: Vec<TemplateError>,
        template_warnings: Vec<TemplateError>,
    ) -> Self {
        let n = template_errors.len();
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                TYPST_FAILED,
                format!(
                    "typst failed with {n} error{}; no PDF is written",
                    if n == 1 { "" } else { "s" }
                ),
                Span::new(0, 0),
            )
            .with_help("an error in the template, a file it may not read, or a PDF standard not met (--pdf-standard none writes plain PDF)"),
        );
        Failure {
            diagnostics,
            template_errors,
            template_warnings,
        }
    }

    /// The errors, deck's and typst's, on one line.
    fn summary(&self) -> String {
        let deck = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone());
        let typst = self.template_errors.iter().map(ToString::to_string);
        deck.chain(typst).collect::<Vec<_>>().join("; ")
    }
}

/// One of typst's messages (an error or, in
/// [`Export::template_warnings`](crate::Export::template_warnings), a
/// warning). Displayed as `template:LINE:COL: message`, or the message
/// alone when typst gives no place (a PDF standard not met by the whole
/// document); an error in the built-in library that a custom template
/// called ends with `(called from template:LINE:COL)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}{message}{}",
    at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default(),
    called_from.as_ref().map(|c| format!(" (called from {c})")).unwrap_or_default()
)]
pub struct TemplateError {
    /// Where in a template, if typst says.
    pub at: Option<TemplateSpan>,
    /// typst's message.
    pub message: String,
    /// typst's hints.
    pub hints: Vec<String>,
    /// For an error in the built-in library (`<built-in>/decktype.typ`) that
    /// a custom template called: the call in the template (the innermost),
    /// where the template's author can change something.
    pub called_from: Option<TemplateSpan>,
}

/// A place in a template: `file:line:column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateSpan {
    /// The template file.
    pub file: TemplateFile,
    /// Line, 1-based.
    pub line: usize,
    /// Column in characters, 1-based.
    pub column: usize,
}

impl fmt::Display for TemplateSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Which template file: the caller's own, or one built into this crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFile {
    /// The template the caller gave ([`Options::template`](crate::Options::template)).
    /// Displayed as `template`: only the caller knows its path.
    Custom,
    /// A built-in file: `main.typ` (the default template, [`MAIN_TYP`](crate::MAIN_TYP))
    /// or `decktype.typ` (its library, [`LIBRARY_TYP`](crate::LIBRARY_TYP)).
    /// Displayed as `<built-in>/main.typ`.
    Builtin(&'static str),
}

impl fmt::Display for TemplateFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateFile::Custom => f.write_str("template"),
            TemplateFile::Builtin(name) => write!(f, "<built-in>/{name}"),
        }
    }
}

impl TemplateError {
    /// typst's `diagnostic`, placed in the template file of `world` it
    /// points into.
    pub(crate) fn of(world: &DeckWorld, diagnostic: &SourceDiagnostic) -> Self {
        let at = place(world, diagnostic.span);
        // typst's trace lists the calls and show rules that led there,
        // innermost first.
        let called_from = match at {
            Some(TemplateSpan {
                file: TemplateFile::Custom,
                ..
            }) => None,
            _ => diagnostic
                .trace
                .iter()
                .filter_map(|point| place(world, point.span))
                .find(|at| at.file == TemplateFile::Custom),
        };
        TemplateError {
            at,
            message: diagnostic.message.to_string(),
            hints: diagnostic.hints.iter().map(|h| h.v.to_string()).collect(),
            called_from,
        }
    }

    /// A message with no place in a template.
    pub(crate) fn unplaced(message: impl Into<String>) -> Self {
        TemplateError {
            at: None,
            message: message.into(),
            hints: Vec::new(),
            called_from: None,
        }
    }
}

/// Where `span` is in a template file of `world`: line and column, 1-based.
fn place(world: &DeckWorld, span: impl Into<DiagSpan>) -> Option<TemplateSpan> {
    let span: DiagSpan = span.into();
    let id = span.id()?;
    let file = world.template_file(id)?;
    let source = world.typst_source(id)?;
    let range = world.range(span)?;
    let (line, column) = source.lines().byte_to_line_column(range.start)?;
    Some(TemplateSpan {
        file,
        line: line + 1,
        column: column + 1,
    })
}
