//! Machine formats of a check's results: `short` (one line each), `json`
//! (documented below), `github` (GitHub Actions workflow commands),
//! `markdown` (a job summary) and `sarif` (SARIF 2.1.0). The rustc-style
//! `human` format is the CLI's.
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

/// How many annotations of each kind (error, warning, notice) GitHub shows
/// for one step of a job; it drops the rest. GitHub's documentation of
/// workflow commands and annotations
/// (<https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>,
/// and the check runs API it writes to) gives the limits: 10 error, 10
/// warning and 10 notice annotations per step, 50 per job.
pub const GITHUB_ANNOTATIONS_PER_KIND: usize = 10;

/// How many annotations GitHub shows for one job (see
/// [`GITHUB_ANNOTATIONS_PER_KIND`]); [`github`] writes at most three times
/// the per-kind limit, which stays below it.
pub const GITHUB_ANNOTATIONS_PER_JOB: usize = 50;

const _: () = assert!(3 * GITHUB_ANNOTATIONS_PER_KIND <= GITHUB_ANNOTATIONS_PER_JOB);

/// The rank of a severity in the reports' order: errors first.
fn rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// Every diagnostic with the index of its file in `reports`: errors first,
/// then warnings, then infos; in file and source order within a level.
fn by_severity<'r>(reports: &'r [FileReport<'r>]) -> Vec<(usize, &'r Diagnostic)> {
    let mut all: Vec<_> = reports
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.diagnostics.iter().map(move |d| (i, d)))
        .collect();
    all.sort_by_key(|(_, d)| rank(d.severity));
    all
}

/// GitHub Actions workflow commands: each diagnostic becomes an annotation
/// on the pull request's diff. Control characters are made visible
/// ([`printable`]): a log is read in a terminal too.
///
/// GitHub shows only [`GITHUB_ANNOTATIONS_PER_KIND`] annotations of each kind
/// per step, the first ones written, so a pull request's own findings could
/// be crowded out by older ones: errors come first, then warnings, then
/// notices (infos), each in file and source order, and at most that many of
/// each are written. When some are left out, one notice (written before the
/// other notices, so that it is among those shown) says how many.
pub fn github(reports: &[FileReport<'_>]) -> String {
    let all = by_severity(reports);
    let count = |s: Severity| all.iter().filter(|(_, d)| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let cap = GITHUB_ANNOTATIONS_PER_KIND;
    let truncated = errors > cap || warnings > cap || infos > cap;
    // The overflow notice takes the place of one notice.
    let info_cap = if truncated { cap - 1 } else { cap };
    let left_out = [
        (errors.saturating_sub(cap), "error"),
        (warnings.saturating_sub(cap), "warning"),
        (infos.saturating_sub(info_cap), "notice"),
    ];
    let indexes: Vec<LineIndex<'_>> = reports.iter().map(|r| LineIndex::new(r.source)).collect();
    let mut out = String::new();
    let mut written = [0usize; 3];
    let mut noticed = false;
    for (file, d) in all {
        let level = usize::from(rank(d.severity));
        if level == 2 && truncated && !noticed {
            out.push_str(&overflow_notice(&left_out));
            noticed = true;
        }
        let limit = if level == 2 { info_cap } else { cap };
        if written[level] >= limit {
            continue;
        }
        written[level] += 1;
        let (line, col, end_line, end_col) = position(&indexes[file], d);
        let command = ["error", "warning", "notice"][level];
        let message = with_help(d);
        let _ = writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            gh_property(&printable(reports[file].path)),
            gh_property(&format!("decktype {}", d.code)),
            gh_data(&printable(&message))
        );
    }
    if truncated && !noticed {
        out.push_str(&overflow_notice(&left_out));
    }
    out
}

/// The notice of [`github`] saying how many annotations it left out.
fn overflow_notice(left_out: &[(usize, &str)]) -> String {
    let parts: Vec<String> = left_out
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, kind)| format!("{n} more {kind}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    let list = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!(
        "::notice title=decktype::{list} not shown as annotations (GitHub shows {GITHUB_ANNOTATIONS_PER_KIND} of each kind per step); see the job summary or the full output of decktype check\n"
    )
}

/// The most rows [`markdown`] writes; the rest are counted in one line.
pub const MARKDOWN_MAX_ROWS: usize = 1000;

/// The most bytes of table rows [`markdown`] writes: GitHub takes at most
/// 1 MiB of job summary per step
/// (<https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#adding-a-job-summary>),
/// and leaves a step's summary out when it is larger.
pub const MARKDOWN_MAX_BYTES: usize = 512 * 1024;

/// The most characters of one message (with its help) in [`markdown`]'s
/// table; a longer one ends in `…`.
const MARKDOWN_MAX_CELL: usize = 600;

/// A Markdown (GitHub Flavored) report for a job summary
/// (`$GITHUB_STEP_SUMMARY`) or a pull request comment: a heading with the
/// totals, then a table of every diagnostic (level, `file:line:col`, code,
/// message and help), errors first, then warnings, then infos, each in file
/// and source order; at most [`MARKDOWN_MAX_ROWS`] rows and
/// [`MARKDOWN_MAX_BYTES`] bytes, and a line counting the rest.
///
/// Paths and messages quote deck text, which is untrusted: every cell is
/// escaped ([`md_cell`]), so it cannot add Markdown, HTML, links or table
/// cells to the summary.
pub fn markdown(reports: &[FileReport<'_>]) -> String {
    let s = Summary::of(reports);
    let mut out = String::new();
    let counts = format!(
        "{} error{}, {} warning{}, {} info{} in {} file{}",
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.infos,
        plural(s.infos),
        s.files,
        plural(s.files)
    );
    let _ = writeln!(out, "### decktype check: {counts}\n");
    let all = by_severity(reports);
    if all.is_empty() {
        out.push_str("No problems found.\n");
        return out;
    }
    out.push_str("| Level | Location | Code | Message |\n| --- | --- | --- | --- |\n");
    let indexes: Vec<LineIndex<'_>> = reports.iter().map(|r| LineIndex::new(r.source)).collect();
    let mut rows = String::new();
    let mut shown = 0;
    for &(file, d) in &all {
        let (line, col, _, _) = position(&indexes[file], d);
        let mut message = one_line(&d.message);
        if let Some(help) = &d.help {
            message = format!("{message} (help: {})", one_line(help));
        }
        if message.chars().count() > MARKDOWN_MAX_CELL {
            message = message.chars().take(MARKDOWN_MAX_CELL).collect::<String>() + "…";
        }
        let row = format!(
            "| {} | {} | {} | {} |\n",
            d.severity.as_str(),
            md_cell(&format!("{}:{line}:{col}", reports[file].path)),
            md_cell(&d.code),
            md_cell(&message)
        );
        if shown == MARKDOWN_MAX_ROWS || rows.len() + row.len() > MARKDOWN_MAX_BYTES {
            break;
        }
        rows.push_str(&row);
        shown += 1;
    }
    out.push_str(&rows);
    let rest = all.len() - shown;
    if rest > 0 {
        let _ = writeln!(
            out,
            "\n… and {rest} more not shown here (the JSON report, `--format json`, has them all)."
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` as literal text in a GitHub Flavored Markdown table cell: every
/// ASCII punctuation character is backslash-escaped (CommonMark renders an
/// escaped punctuation character as itself, so no emphasis, code, link,
/// image, HTML tag, entity or autolink can start; a `|` cannot end the
/// cell), line breaks become spaces (a row is one line), and control
/// characters are made visible ([`printable`]).
pub fn md_cell(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
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
    sarif_with_fixes(reports, &[], tool_version)
}

/// [`sarif`], with the fixes available for the diagnostics: `fixes[i]`
/// are those of `reports[i]` ([`crate::fix::available`]), each matched to
/// its diagnostic by code and span start and written as the result's
/// SARIF `fixes` (a description and the replacement).
pub fn sarif_with_fixes(
    reports: &[FileReport<'_>],
    fixes: &[&[crate::fix::Fix]],
    tool_version: &str,
) -> String {
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
    for (i, r) in reports.iter().enumerate() {
        let index = LineIndex::new(r.source);
        let file_fixes = crate::fix::by_diagnostic(fixes.get(i).copied().unwrap_or(&[]));
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
            if let Some(f) = file_fixes.get(&(d.code.as_str(), d.span.start)) {
                let e = &f.edit;
                let (start, end) = (index.line_col(e.span.start), index.line_col(e.span.end));
                result["fixes"] = json!([{
                    "description": {"text": crate::fix::suggestion(f)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(r.path)},
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": start.line,
                                "startColumn": start.column,
                                "endLine": end.line,
                                "endColumn": end.column,
                                "byteOffset": e.span.start,
                                "byteLength": e.span.end - e.span.start,
                            },
                            "insertedContent": {"text": e.replacement},
                        }],
                    }],
                }]);
                let text = format!("{}\n{}", with_help(d), crate::fix::suggestion(f));
                result["message"] = json!({"text": text});
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

    /// `n` diagnostics of `severity` at the start of consecutive lines.
    fn many(severity: Severity, code: &str, n: usize) -> (String, Vec<Diagnostic>) {
        let source = "x\n".repeat(n.max(1));
        let diags = (0..n)
            .map(|i| {
                Diagnostic::new(
                    severity,
                    code,
                    format!("finding {i}"),
                    Span::new(2 * i, 2 * i + 1),
                )
            })
            .collect();
        (source, diags)
    }

    #[test]
    fn github_writes_errors_first_and_at_most_ten_of_each_kind() {
        let (ws, wd) = many(Severity::Warning, "DT041", 12);
        let (is, id) = many(Severity::Info, "DT044", 3);
        let (es, ed) = many(Severity::Error, "DT001", 14);
        let r = [
            FileReport {
                path: "w.md",
                source: &ws,
                diagnostics: &wd,
            },
            FileReport {
                path: "i.md",
                source: &is,
                diagnostics: &id,
            },
            FileReport {
                path: "e.md",
                source: &es,
                diagnostics: &ed,
            },
        ];
        let out = github(&r);
        let lines: Vec<&str> = out.lines().collect();
        let kinds: Vec<&str> = lines
            .iter()
            .map(|l| l.split([' ', ':']).nth(2).unwrap())
            .collect();
        let count = |k: &str| kinds.iter().filter(|x| **x == k).count();
        assert_eq!(count("error"), GITHUB_ANNOTATIONS_PER_KIND, "{out}");
        assert_eq!(count("warning"), GITHUB_ANNOTATIONS_PER_KIND, "{out}");
        // Three infos and the overflow notice.
        assert_eq!(count("notice"), 4, "{out}");
        // Errors, then warnings, then notices; the first ones of each kind,
        // in source order.
        assert!(lines[0].starts_with("::error file=e.md,line=1,"), "{out}");
        assert!(lines[9].starts_with("::error file=e.md,line=10,"), "{out}");
        assert!(
            lines[10].starts_with("::warning file=w.md,line=1,"),
            "{out}"
        );
        assert!(
            lines[19].starts_with("::warning file=w.md,line=10,"),
            "{out}"
        );
        assert_eq!(
            lines[20],
            "::notice title=decktype::4 more errors and 2 more warnings not shown as annotations (GitHub shows 10 of each kind per step); see the job summary or the full output of decktype check"
        );
        assert!(lines[21].starts_with("::notice file=i.md,line=1,"), "{out}");
        assert_eq!(lines.len(), 24);
    }

    #[test]
    fn github_overflow_notice_counts_notices_and_stays_within_ten() {
        let (is, id) = many(Severity::Info, "DT044", 12);
        let r = [FileReport {
            path: "i.md",
            source: &is,
            diagnostics: &id,
        }];
        let out = github(&r);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), GITHUB_ANNOTATIONS_PER_KIND, "{out}");
        assert!(
            lines[0].starts_with("::notice title=decktype::3 more notices not shown"),
            "{out}"
        );
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("::notice file=i.md,"))
        );
        // Up to the limit, nothing is left out and no notice is added.
        let (es, ed) = many(Severity::Error, "DT001", 10);
        let r = [FileReport {
            path: "e.md",
            source: &es,
            diagnostics: &ed,
        }];
        let out = github(&r);
        assert_eq!(out.lines().count(), 10);
        assert!(!out.contains("not shown"), "{out}");
        // Only errors over the limit: the notice comes last.
        let (es, ed) = many(Severity::Error, "DT001", 11);
        let r = [FileReport {
            path: "e.md",
            source: &es,
            diagnostics: &ed,
        }];
        let out = github(&r);
        assert!(
            out.lines()
                .last()
                .unwrap()
                .contains("::1 more error not shown"),
            "{out}"
        );
    }

    #[test]
    fn markdown_is_a_table_errors_first_with_totals() {
        let (source, diags) = report();
        let (es, ed) = many(Severity::Error, "DT001", 2);
        let r = [
            FileReport {
                path: "decks/w.md",
                source: &source,
                diagnostics: &diags,
            },
            FileReport {
                path: "decks/e.md",
                source: &es,
                diagnostics: &ed,
            },
            FileReport {
                path: "decks/ok.md",
                source: "",
                diagnostics: &[],
            },
        ];
        assert_eq!(
            markdown(&r),
            "### decktype check: 2 errors, 1 warning, 0 infos in 3 files\n\n\
             | Level | Location | Code | Message |\n\
             | --- | --- | --- | --- |\n\
             | error | decks\\/e\\.md\\:1\\:1 | DT001 | finding 0 |\n\
             | error | decks\\/e\\.md\\:2\\:1 | DT001 | finding 1 |\n\
             | warning | decks\\/w\\.md\\:6\\:1 | DT041 | two lines\\, a\\: colon \\(help\\: do 100\\% better\\) |\n"
        );
        let r = [FileReport {
            path: "ok.md",
            source: "",
            diagnostics: &[],
        }];
        assert_eq!(
            markdown(&r),
            "### decktype check: 0 errors, 0 warnings, 0 infos in 1 file\n\nNo problems found.\n"
        );
    }

    #[test]
    fn markdown_cells_cannot_inject_markup() {
        let source = "# t\n".to_owned();
        let hostile = "a | b `code` <img src=x onerror=alert(1)> **bold** [l](https://e.example) &amp; \\| \n| --- |\n# h";
        let diags = vec![Diagnostic::new(
            Severity::Error,
            "DT041",
            hostile,
            Span::new(0, 1),
        )];
        let r = [FileReport {
            path: "x|<b>`.md",
            source: &source,
            diagnostics: &diags,
        }];
        let out = markdown(&r);
        let row = out.lines().nth(4).unwrap();
        assert_eq!(out.lines().count(), 5, "one row: {out}");
        // Every punctuation character is escaped: an unescaped one would be
        // preceded by a character other than a backslash.
        let body = row.trim_start_matches("| error | ").trim_end_matches(" |");
        let cells: Vec<&str> = body.split(" | ").collect();
        assert_eq!(cells.len(), 3, "{row}");
        for cell in [cells[0], cells[2]] {
            let mut escaped = false;
            for c in cell.chars() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else {
                    assert!(!c.is_ascii_punctuation(), "unescaped {c:?} in {cell}");
                }
            }
        }
        assert!(
            cells[2].contains("\\<img src\\=x onerror\\=alert\\(1\\)\\>"),
            "{row}"
        );
        assert!(cells[2].contains("\\\\\\|"), "{row}");
    }

    #[test]
    fn markdown_cells_make_controls_visible_and_stay_on_one_line() {
        assert_eq!(md_cell("a\u{1b}[2J\r\nb\u{202e}"), "a␛\\[2J␍ b\u{fffd}");
        assert_eq!(md_cell("Team Ops 2"), "Team Ops 2");
    }

    #[test]
    fn markdown_caps_its_rows() {
        let (es, ed) = many(Severity::Error, "DT001", MARKDOWN_MAX_ROWS + 5);
        let r = [FileReport {
            path: "e.md",
            source: &es,
            diagnostics: &ed,
        }];
        let out = markdown(&r);
        assert_eq!(
            out.lines().filter(|l| l.starts_with("| error")).count(),
            MARKDOWN_MAX_ROWS
        );
        assert!(
            out.ends_with(
                "\n… and 5 more not shown here (the JSON report, `--format json`, has them all).\n"
            ),
            "{}",
            &out[out.len() - 200..]
        );
        // Long messages are cut, and the byte budget holds.
        let long = "y".repeat(5000);
        let source = "x\n".repeat(3000);
        let diags: Vec<_> = (0..3000)
            .map(|i| {
                Diagnostic::new(
                    Severity::Warning,
                    "DT041",
                    long.clone(),
                    Span::new(2 * i, 2 * i + 1),
                )
            })
            .collect();
        let r = [FileReport {
            path: "w.md",
            source: &source,
            diagnostics: &diags,
        }];
        let out = markdown(&r);
        assert!(out.len() <= MARKDOWN_MAX_BYTES + 1024, "{}", out.len());
        assert!(out.contains(&format!("{}…", "y".repeat(MARKDOWN_MAX_CELL))));
        assert!(!out.contains(&"y".repeat(MARKDOWN_MAX_CELL + 1)));
    }

    #[test]
    fn sarif_uris_are_relative_references() {
        assert_eq!(uri("./decks/a b.md"), "decks/a%20b.md");
        assert_eq!(uri("decks\\ä.md"), "decks/%C3%A4.md");
    }
}
