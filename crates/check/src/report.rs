//! The JSON report of `decktype check --format json` (and of
//! `--message-format json` on the other commands), as types: what
//! [`crate::format::json`] writes and what `schemas/check-report.v1.schema.json`
//! describes. The compatibility policy is decktype's one policy
//! ([`decktype_model::schema`]): `version` is the major version, fields may be
//! added within it, the published schema accepts unknown properties.

use decktype_model::{Diagnostic, LineIndex, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fix::{Applicability, Fix};
use crate::format::{FileReport, Summary};

/// The report's major version.
pub const REPORT_VERSION: u32 = 1;

/// The committed schema's file name.
pub const SCHEMA_FILE: &str = "check-report.v1.schema.json";

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "decktype check report",
    description = "What `decktype check --format json` found in each file (version 1)."
)]
pub struct Report {
    /// Always 1 for this version.
    #[schemars(extend("const" = 1))]
    pub version: u32,
    /// Each file, in the order checked.
    pub files: Vec<ReportFile>,
    /// Counts over all files.
    pub summary: ReportSummary,
}

/// One file's findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportFile {
    /// The path as given.
    pub path: String,
    /// Its diagnostics, in source order.
    pub diagnostics: Vec<ReportDiagnostic>,
}

/// One finding, with 1-based positions (columns count characters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportDiagnostic {
    /// The stable code, `DTnnn`.
    #[schemars(regex(pattern = r"^DT[0-9]{3}$"))]
    pub code: String,
    /// `error`, `warning` or `info`, at the configured level.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Line of the start.
    pub line: usize,
    /// Column of the start.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end (exclusive).
    pub end_column: usize,
    /// Byte range in the file.
    pub span: [usize; 2],
    /// Secondary locations.
    pub labels: Vec<ReportLabel>,
    /// A fix for it that this run did not apply (absent when there is
    /// none): `decktype check --fix` applies a safe one, `--fix
    /// --unsafe-fixes` an unsafe one too. A new optional field of version
    /// 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<ReportFix>,
}

/// A fix available for a diagnostic ([`crate::fix`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportFix {
    /// `safe`: the deck HedgeDoc shows stays the same (applied by
    /// `--fix`); `unsafe`: it changes, to what the author most likely
    /// meant (applied only with `--fix --unsafe-fixes`).
    pub applicability: Applicability,
    /// What the fix does.
    pub description: String,
    /// For an unsafe fix: what changes for the reader.
    pub risk: Option<String>,
    /// The edits, on the file as checked.
    pub edits: Vec<ReportEdit>,
}

/// One replacement of a byte range of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportEdit {
    /// Line of the start.
    pub line: usize,
    /// Column of the start.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end (exclusive).
    pub end_column: usize,
    /// Byte range replaced.
    pub span: [usize; 2],
    /// The text that replaces it.
    pub replacement: String,
}

/// A secondary location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportLabel {
    /// What about it.
    pub message: String,
    /// Line of the start.
    pub line: usize,
    /// Column of the start.
    pub column: usize,
    /// Byte range in the file.
    pub span: [usize; 2],
}

/// Counts of the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReportSummary {
    /// Files in the report.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Safe fixes available (not applied), when there are any.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub safe_fixes: usize,
    /// Unsafe fixes available (not applied), when there are any.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unsafe_fixes: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl From<Summary> for ReportSummary {
    fn from(s: Summary) -> Self {
        ReportSummary {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            safe_fixes: 0,
            unsafe_fixes: 0,
        }
    }
}

impl ReportFix {
    /// The report of `fix`, on the text `index` indexes.
    pub fn new(fix: &Fix, index: &LineIndex<'_>) -> Self {
        let e = &fix.edit;
        let start = index.line_col(e.span.start);
        let end = index.line_col(e.span.end.max(e.span.start));
        ReportFix {
            applicability: fix.applicability,
            description: fix.description.clone(),
            risk: fix.risk.clone(),
            edits: vec![ReportEdit {
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: [e.span.start, e.span.end],
                replacement: e.replacement.clone(),
            }],
        }
    }
}

impl ReportDiagnostic {
    fn new(d: &Diagnostic, index: &LineIndex<'_>) -> Self {
        let start = index.line_col(d.span.start);
        let end = index.line_col(d.span.end.max(d.span.start));
        ReportDiagnostic {
            code: d.code.clone(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            span: [d.span.start, d.span.end],
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let s = index.line_col(l.span.start);
                    ReportLabel {
                        message: l.message.clone(),
                        line: s.line,
                        column: s.column,
                        span: [l.span.start, l.span.end],
                    }
                })
                .collect(),
            fix: None,
        }
    }
}

impl Report {
    /// The report of `reports`.
    pub fn of(reports: &[FileReport<'_>]) -> Self {
        Report {
            version: REPORT_VERSION,
            files: reports
                .iter()
                .map(|r| {
                    let index = LineIndex::new(r.source);
                    ReportFile {
                        path: r.path.to_owned(),
                        diagnostics: r
                            .diagnostics
                            .iter()
                            .map(|d| ReportDiagnostic::new(d, &index))
                            .collect(),
                    }
                })
                .collect(),
            summary: Summary::of(reports).into(),
        }
    }

    /// The report of `reports` with the fixes available for their
    /// diagnostics: `fixes[i]` are those of `reports[i]` (see
    /// [`crate::fix::available`]), each matched to its diagnostic by code
    /// and span start, and counted in the summary.
    pub fn with_fixes(reports: &[FileReport<'_>], fixes: &[&[Fix]]) -> Self {
        let mut report = Report::of(reports);
        for ((file, r), fixes) in report.files.iter_mut().zip(reports).zip(fixes) {
            let index = LineIndex::new(r.source);
            let by = crate::fix::by_diagnostic(fixes);
            for d in &mut file.diagnostics {
                let found = by.get(&(d.code.as_str(), d.span[0]));
                if let Some(f) = found {
                    match f.applicability {
                        Applicability::Safe => report.summary.safe_fixes += 1,
                        Applicability::Unsafe => report.summary.unsafe_fixes += 1,
                    }
                    d.fix = Some(ReportFix::new(f, &index));
                }
            }
        }
        report
    }
}

/// The published JSON Schema of the report (`schemas/check-report.v1.schema.json`).
pub fn schema_json() -> String {
    decktype_model::schema::published::<Report>(SCHEMA_FILE)
}

/// The strict variant, for decktype's own tests.
pub fn strict_schema_json() -> String {
    decktype_model::schema::strict::<Report>(SCHEMA_FILE)
}
