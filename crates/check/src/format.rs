//! Machine formats of a check's results: `short` (one line each), `json`
//! (documented below), `github` (GitHub Actions workflow commands) and
//! `sarif` (SARIF 2.1.0). The rustc-style `human` format is the CLI's.
//!
//! This is the edge where byte spans become 1-based lines and columns
//! (columns count characters, as editors do).
//!
//! # The JSON format (`--format json`, version 1)
//!
//! ```json
//! {
//!   "version": 1,
//!   "files": [
//!     { "path": "decks/20241121.md",
//!       "diagnostics": [
//!         { "code": "DT004", "severity": "warning", "message": "…", "help": "…",
//!           "line": 167, "column": 1, "end_line": 167, "end_column": 4,
//!           "span": [5123, 5126], "labels": [] } ] } ],
//!   "summary": { "files": 1, "errors": 0, "warnings": 1, "infos": 0 }
//! }
//! ```
//!
//! `end_column` is exclusive; `span` is the byte range in the file. A new
//! field may be added without a version change; removing or changing one
//! bumps `version`. The types are in [`crate::report`]; the published schema
//! is `schemas/check-report.v1.schema.json` (`decktype schema --check-report`).

use std::borrow::Cow;
use std::fmt::Write as _;

use decktype_model::{Diagnostic, LineIndex, Severity};
use serde::Serialize;
use serde_json::json;

use crate::RULES;

/// The results of one file.
#[derive(Debug, Clone)]
pub struct FileReport<'a> {
    /// The path as given (shown and written into every format).
    pub path: &'a str,
    /// The file's text.
    pub source: &'a str,
    /// What the check found, at their configured levels.
    pub diagnostics: &'a [Diagnostic],
}

/// Counts of a check's results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Summary {
    /// Counts `reports`.
    pub fn of(reports: &[FileReport<'_>]) -> Self {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for d in reports.iter().flat_map(|r| r.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// 1-based (line, column, end line, end column) of `d` in `index`.
fn position(index: &LineIndex<'_>, d: &Diagnostic) -> (usize, usize, usize, usize) {
    let start = index.line_col(d.span.start);
    let end = index.line_col(d.span.end.max(d.span.start));
    (start.line, start.column, end.line, end.column)
}

/// `text` safe to write to a terminal: control characters (C0 but line
/// feed and tab, DEL, C1) become visible symbols (`ESC` is `␛`, as the human
/// format shows it; a C1 control is `�`), so an escape sequence in a deck or
/// a file name cannot retitle, recolour or rewrite the terminal; the
/// Unicode controls that reorder text (bidirectional overrides) become `�`.
/// Borrowed when there is nothing to replace.
pub fn printable(text: &str) -> Cow<'_, str> {
    fn replacement(c: char) -> Option<char> {
        match c {
            '\n' | '\t' => None,
            // U+2400.. are the control pictures of U+0000..U+001F.
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
            '\u{7f}' => Some('␡'),
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                Some('\u{fffd}')
            }
            _ => None,
        }
    }
    if !text.chars().any(|c| replacement(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| replacement(c).unwrap_or(c)).collect())
}

/// `path:line:col: severity[CODE]: message`, one line per diagnostic.
/// Control characters in the path and message are made visible
/// ([`printable`]).
pub fn short(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for r in reports {
        let index = LineIndex::new(r.source);
        let path = printable(r.path);
        for d in r.diagnostics {
            let (line, col, _, _) = position(&index, d);
            let _ = writeln!(
                out,
                "{path}:{line}:{col}: {}[{}]: {}",
                d.severity.as_str(),
                d.code,
                printable(&one_line(&d.message))
            );
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The documented JSON report (see the module documentation and
/// [`crate::report`], whose types it is).
pub fn json(reports: &[FileReport<'_>]) -> String {
    let mut s = serde_json::to_string_pretty(&crate::report::Report::of(reports))
        .expect("reports serialize");
    s.push('\n');
    s
}

/// GitHub Actions workflow commands: each diagnostic becomes an annotation
/// on the pull request's diff. Control characters are made visible
/// ([`printable`]): a log is read in a terminal too.
pub fn github(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for r in reports {
        let index = LineIndex::new(r.source);
        for d in r.diagnostics {
            let (line, col, end_line, end_col) = position(&index, d);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = with_help(d);
            let _ = writeln!(
                out,
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                gh_property(&printable(r.path)),
                gh_property(&format!("decktype {}", d.code)),
                gh_data(&printable(&message))
            );
        }
    }
    out
}

/// The message, and the help on a line of its own.
fn with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The SARIF log's `$schema`.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF 2.1.0 log with one run: the rules decktype knows and a result
/// per diagnostic, located by line/column (Unicode code points) and bytes.
pub fn sarif(reports: &[FileReport<'_>], tool_version: &str) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            let level = match r.default {
                Some(crate::Level::Error) => "error",
                Some(crate::Level::Warning) | None => "warning",
                Some(crate::Level::Info) => "note",
                Some(crate::Level::Allow) => "none",
            };
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"level": level},
                "helpUri": format!("https://github.com/decktype/decktype#{}", r.code.to_lowercase()),
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let index = LineIndex::new(r.source);
        for d in r.diagnostics {
            let (line, col, end_line, end_col) = position(&index, d);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let text = with_help(d);
            let mut result = json!({
                "ruleId": d.code,
                "level": level,
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(r.path)},
                        "region": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                            "byteOffset": d.span.start,
                            "byteLength": d.span.end.saturating_sub(d.span.start),
                        }
                    }
                }],
            });
            if let Some(i) = RULES.iter().position(|rule| rule.code == d.code) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "decktype",
                "version": tool_version,
                "informationUri": "https://github.com/decktype/decktype",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("JSON values serialize");
    s.push('\n');
    s
}

/// A relative URI reference for `path`: forward slashes, everything but
/// unreserved characters percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_model::Span;

    fn report() -> (String, Vec<Diagnostic>) {
        let source = "---\ntype: slide\n---\n\n# Ä title\ntext, with: 100% \n".to_owned();
        let at = source.find("text").unwrap();
        let d = Diagnostic::new(
            Severity::Warning,
            "DT041",
            "two\nlines, a: colon",
            Span::new(at, at + 4),
        )
        .with_help("do 100% better");
        (source, vec![d])
    }

    #[test]
    fn short_and_json_give_one_based_positions() {
        let (source, diags) = report();
        let r = [FileReport {
            path: "d.md",
            source: &source,
            diagnostics: &diags,
        }];
        assert_eq!(short(&r), "d.md:6:1: warning[DT041]: two lines, a: colon\n");
        let v: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
        let d = &v["files"][0]["diagnostics"][0];
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(6), Some(1))
        );
        assert_eq!(d["end_column"].as_u64(), Some(5));
        assert_eq!(v["summary"]["warnings"].as_u64(), Some(1));
        assert_eq!(v["version"].as_u64(), Some(1));
    }

    #[test]
    fn github_commands_are_escaped() {
        let (source, diags) = report();
        let r = [FileReport {
            path: "a,b:c.md",
            source: &source,
            diagnostics: &diags,
        }];
        assert_eq!(
            github(&r),
            "::warning file=a%2Cb%3Ac.md,line=6,col=1,endLine=6,endColumn=5,title=decktype DT041::two%0Alines, a: colon%0Ahelp: do 100%25 better\n"
        );
    }

    #[test]
    fn control_characters_are_made_visible() {
        let source = "# t\n".to_owned();
        let diags = vec![Diagnostic::new(
            Severity::Warning,
            "DT041",
            "`\u{1b}]0;owned\u{7}` and \u{9b}31m and \u{202e}",
            Span::new(0, 1),
        )];
        let r = [FileReport {
            path: "a\u{1b}[2J.md",
            source: &source,
            diagnostics: &diags,
        }];
        for out in [short(&r), github(&r)] {
            assert!(
                !out.chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
                "{out:?}"
            );
            assert!(out.contains("a␛[2J.md"), "{out}");
            assert!(out.contains("␛]0;owned␇"), "{out}");
        }
        assert_eq!(printable("plain\ttext\n"), Cow::Borrowed("plain\ttext\n"));
        assert_eq!(printable("\r\u{7f}\u{85}"), "␍␡\u{fffd}");
    }

    #[test]
    fn sarif_uris_are_relative_references() {
        assert_eq!(uri("./decks/a b.md"), "decks/a%20b.md");
        assert_eq!(uri("decks\\ä.md"), "decks/%C3%A4.md");
    }
}
