//! rustc-style rendering of diagnostics for people (stderr).
//!
//! In time linear in the diagnostics: each is rendered from an excerpt of
//! the file (the lines its spans touch, found through the file's line
//! starts, computed once), not from the whole file, and at most
//! [`FULL_PER_CODE`] diagnostics of one code are rendered per file, the
//! others counted ("and 4 812 more DT014 in this file"). Handing the whole
//! file to the renderer for every diagnostic took 23 s for 20 000 of them
//! (issue 17).

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
use decktype_check::format::printable;
use decktype_model::{Diagnostic, Severity};

/// How many diagnostics of one code are rendered in full per file.
pub(crate) const FULL_PER_CODE: usize = 20;

/// The byte offsets where the lines of a text start.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts(starts)
    }

    /// The 0-based line of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The bytes of 0-based lines `first..=last`, with the last one's line
    /// end.
    fn range(&self, first: usize, last: usize, len: usize) -> std::ops::Range<usize> {
        self.0[first]..self.0.get(last + 1).copied().unwrap_or(len)
    }
}

/// Renders `diagnostics` of the file at `path` with source excerpts, carets
/// and help lines. `color` selects ANSI styling. Text from the deck (the
/// path, messages, labels, help) has its control characters made visible.
pub(crate) fn human(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path = printable(path);
    let lines = LineStarts::new(source);
    let mut rendered: HashMap<&str, usize> = HashMap::new();
    // Codes with diagnostics not rendered, in the order first met.
    let mut counted: Vec<(&str, usize)> = Vec::new();
    let mut out = String::new();
    for d in diagnostics {
        let n = rendered.entry(d.code.as_str()).or_default();
        if *n >= FULL_PER_CODE {
            match counted.iter_mut().find(|(code, _)| *code == d.code) {
                Some((_, more)) => *more += 1,
                None => counted.push((d.code.as_str(), 1)),
            }
            continue;
        }
        *n += 1;
        out.push_str(&one(&renderer, &path, source, &lines, d));
        out.push_str("\n\n");
    }
    for (code, more) in counted {
        out.push_str(&format!(
            "note: and {} more {code} in this file ({path})\n\n",
            thousands(more)
        ));
    }
    out
}

/// One diagnostic, rendered from the lines its spans touch.
fn one(
    renderer: &Renderer,
    path: &str,
    source: &str,
    lines: &LineStarts,
    d: &Diagnostic,
) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let clamp = |start: usize, end: usize| {
        let s = start.min(source.len());
        (s, end.clamp(s, source.len()))
    };
    let span = d.span.trim_end(source);
    let primary = clamp(span.start, span.end);
    let labels: Vec<((usize, usize), String)> = d
        .labels
        .iter()
        .map(|l| {
            (
                clamp(l.span.start, l.span.end),
                printable(&l.message).into_owned(),
            )
        })
        .collect();
    let low = labels.iter().map(|l| l.0.0).fold(primary.0, usize::min);
    let high = labels.iter().map(|l| l.0.1).fold(primary.1, usize::max);
    let excerpt = lines.range(lines.line_of(low), lines.line_of(high), source.len());
    let base = excerpt.start;
    let mut snippet = Snippet::source(&source[excerpt])
        .line_start(lines.line_of(low) + 1)
        .path(path)
        .fold(true)
        .annotation(AnnotationKind::Primary.span(primary.0 - base..primary.1 - base));
    for ((s, e), message) in &labels {
        snippet = snippet.annotation(
            AnnotationKind::Context
                .span(s - base..e - base)
                .label(message.as_str()),
        );
    }
    let message = printable(&d.message);
    let mut group = level
        .primary_title(message.as_ref())
        .id(d.code.as_str())
        .element(snippet);
    // A help message is not normalised by the renderer (it may be styled).
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(normalize_untrusted_str(&printable(help))));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}

/// `n` with a space between thousands: `4 812`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_model::Span;

    /// The renderer as it was: the whole file for every diagnostic.
    fn whole_file(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
        let renderer = Renderer::plain();
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
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
        out
    }

    /// Every deck of the repository's fixtures and examples.
    fn decks() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut out = Vec::new();
        let mut stack = vec![root.join("fixtures"), root.join("examples")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    /// `text` without the gutter's width: the whole-file renderer sized it
    /// wrongly in a file's last lines (`10| # Types` under ` --> d.md:10:1`),
    /// the excerpts size it by the line numbers shown (`10 | # Types`).
    fn without_gutter_width(text: &str) -> String {
        text.lines()
            .map(|l| {
                let l = l.trim_start();
                let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0 && l[digits..].starts_with('|') {
                    format!("{} {}", &l[..digits], &l[digits..])
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn excerpts_render_as_the_whole_file_did() {
        let options = decktype_pipeline::Options::default();
        let config = decktype_check::Config::default();
        let mut compared = 0;
        for path in decks() {
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (_, mut diagnostics) =
                decktype_check::check_source(&source, Some(&path), &options, &config);
            // Below the per-code limit, as the old renderer had none.
            let mut seen: HashMap<String, usize> = HashMap::new();
            diagnostics.retain(|d| {
                let n = seen.entry(d.code.clone()).or_default();
                *n += 1;
                *n <= FULL_PER_CODE
            });
            compared += diagnostics.len();
            assert_eq!(
                without_gutter_width(&human("d.md", &source, &diagnostics, false)),
                without_gutter_width(&whole_file("d.md", &source, &diagnostics)),
                "{}",
                path.display()
            );
        }
        assert!(compared > 100, "only {compared} diagnostics compared");
    }

    #[test]
    fn spans_at_the_ends_render_as_before() {
        for source in ["", "a", "a\n", "a\nb", "a\nb\n", "a\n\n\n"] {
            let mut ds = Vec::new();
            for start in 0..=source.len() {
                for end in start..=source.len() + 1 {
                    let d = Diagnostic::new(Severity::Warning, "DT041", "m", Span::new(start, end))
                        .with_label(Span::new(0, end.min(source.len())), "here")
                        .with_help("h");
                    ds.push(d);
                }
            }
            for d in ds {
                let d = [d];
                assert_eq!(
                    without_gutter_width(&human("d.md", source, &d, false)),
                    without_gutter_width(&whole_file("d.md", source, &d)),
                    "{source:?} {:?}",
                    d[0].span
                );
            }
        }
    }

    #[test]
    fn identical_codes_are_counted_past_the_limit() {
        let source = "<x>\n".repeat(5000);
        let ds: Vec<Diagnostic> = (0..5000)
            .map(|i| {
                Diagnostic::new(
                    Severity::Info,
                    "DT014",
                    "end tag",
                    Span::new(i * 4, i * 4 + 3),
                )
            })
            .chain([Diagnostic::new(
                Severity::Warning,
                "DT041",
                "other",
                Span::new(0, 1),
            )])
            .collect();
        let out = human("d.md", &source, &ds, false);
        assert_eq!(out.matches("info[DT014]").count(), FULL_PER_CODE);
        assert_eq!(out.matches("warning[DT041]").count(), 1);
        assert!(
            out.contains("note: and 4 980 more DT014 in this file (d.md)"),
            "{out}"
        );
        assert!(out.contains("--> d.md:20:1"), "{out}");
    }

    #[test]
    fn deck_text_cannot_drive_the_terminal() {
        let source = "a\u{1b}]0;x\u{7}b\n";
        let d = [Diagnostic::new(
            Severity::Warning,
            "DT041",
            "m \u{9b}1m \u{1b}[2J",
            Span::new(0, 3),
        )
        .with_label(Span::new(0, 1), "l \u{1b}[31m")
        .with_help("h \u{1b}]0;t\u{7}")];
        let out = human("p\u{1b}[1m.md", source, &d, false);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    }

    #[test]
    fn thousands_are_spaced() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(4812), "4 812");
        assert_eq!(thousands(1_234_567), "1 234 567");
    }
}
