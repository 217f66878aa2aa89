//! rustc-style rendering of diagnostics for people (stderr).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
use decktype_model::{Diagnostic, Severity};

/// Renders `diagnostics` of the file at `path` with source excerpts, carets
/// and help lines. `color` selects ANSI styling.
pub(crate) fn human(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let span = d.span.trim_end(source);
        let start = span.start.min(source.len());
        let end = span.end.clamp(start, source.len());
        let mut snippet = Snippet::source(source)
            .path(path)
            .fold(true)
            .annotation(AnnotationKind::Primary.span(start..end));
        for label in &d.labels {
            let s = label.span.start.min(source.len());
            let e = label.span.end.clamp(s, source.len());
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(s..e)
                    .label(label.message.as_str()),
            );
        }
        let mut group = level
            .primary_title(d.message.as_str())
            .id(d.code.as_str())
            .element(snippet);
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
        }
        let report: [Group<'_>; 1] = [group];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}
