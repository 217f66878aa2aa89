//! The decktype JSON format: a versioned envelope around the deck model, JSON
//! Lines, and the JSON Schema generated from the types.
//!
//! # The format
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "generator": "decktype 0.1.0",
//!   "source": { "path": "deck.md", "sha256": "…", "bytes": 1234 },
//!   "deck": { "meta": {…}, "front_matter": {…}, "styles": […], "slides": […] },
//!   "diagnostics": [ { "severity": "warning", "code": "DT004", "message": "…",
//!                      "span": [10, 13], "start": {"line": 2, "column": 1},
//!                      "end": {"line": 2, "column": 4}, "labels": [], "help": "…" } ]
//! }
//! ```
//!
//! * Spans are `[start, end)` byte offsets into the source file (UTF-8, front
//!   matter included). Diagnostics also carry 1-based `line`/`column` (column
//!   in characters) for the start and the end of their span.
//! * Output is deterministic: fields in declaration order, maps sorted by key,
//!   no timestamps. The same input and version give the same bytes.
//! * Reading the JSON back into [`Envelope`] and writing it again gives the same
//!   bytes.
//! * `schemas/deck.v1.schema.json` (JSON Schema 2020-12) describes one envelope.
//!
//! # Versioning policy
//!
//! [`FORMAT_VERSION`] is the major version: bumped for any removal, rename,
//! or change of meaning of a field or enum value, with a new schema file
//! `schemas/deck.vN.schema.json`. Adding an optional field or an enum value
//! does not bump it (enums in the model are `#[non_exhaustive]`); it
//! regenerates the committed schema. So that such an addition breaks no
//! consumer, the published schema accepts unknown properties and the types
//! here read JSON with fields they do not know; decktype's own tests
//! validate against the strict variant ([`strict_schema_json`]). The whole
//! policy, shared by every decktype format, is in [`decktype_model::schema`].
//!
//! This crate holds the wire types (as rustdoc-json-types does for rustdoc);
//! it does not parse Markdown, and the JSON export (`decktype-export-json`)
//! is a plain function over it.

use decktype_model::{Deck, Diagnostic, LineCol, LineIndex, Severity, Span};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format version written into every envelope. See the crate docs for the
/// versioning policy.
pub const FORMAT_VERSION: u32 = 1;

/// The generator string: `decktype <version>`.
pub const GENERATOR: &str = concat!("decktype ", env!("CARGO_PKG_VERSION"));

/// One parsed deck with its provenance and diagnostics: the top-level JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "decktype deck",
    description = "A HedgeDoc slide deck parsed by decktype (format version 1)."
)]
pub struct Envelope {
    /// Always 1 for this format.
    #[schemars(extend("const" = 1))]
    pub format_version: u32,
    /// `decktype <version>` of the tool that wrote the file.
    pub generator: String,
    /// The source file.
    pub source: Source,
    /// The deck.
    pub deck: Deck,
    /// Diagnostics, sorted by position.
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// Where the deck came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    /// The path as given to decktype, `/`-separated; null for standard input.
    pub path: Option<String>,
    /// SHA-256 of the source bytes, lower-case hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// Size of the source in bytes.
    pub bytes: u64,
}

/// A diagnostic with line/column positions added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JsonDiagnostic {
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// Stable code such as `DT004`.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// Byte range in the source.
    pub span: Span,
    /// 1-based position of the span's start.
    pub start: LineCol,
    /// 1-based position of the span's end.
    pub end: LineCol,
    /// Secondary locations.
    pub labels: Vec<JsonLabel>,
    /// How to fix it.
    pub help: Option<String>,
}

/// A secondary location of a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JsonLabel {
    /// Byte range.
    pub span: Span,
    /// 1-based start.
    pub start: LineCol,
    /// 1-based end.
    pub end: LineCol,
    /// What about it.
    pub message: String,
}

impl JsonDiagnostic {
    /// Adds positions to `diagnostic` using `index`.
    pub fn new(diagnostic: &Diagnostic, index: &LineIndex<'_>) -> Self {
        JsonDiagnostic {
            severity: diagnostic.severity,
            code: diagnostic.code.clone(),
            message: diagnostic.message.clone(),
            span: diagnostic.span,
            start: index.line_col(diagnostic.span.start),
            end: index.line_col(diagnostic.span.end),
            labels: diagnostic
                .labels
                .iter()
                .map(|l| JsonLabel {
                    span: l.span,
                    start: index.line_col(l.span.start),
                    end: index.line_col(l.span.end),
                    message: l.message.clone(),
                })
                .collect(),
            help: diagnostic.help.clone(),
        }
    }

    /// Back to a plain diagnostic (positions dropped).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            code: self.code.clone(),
            message: self.message.clone(),
            span: self.span,
            labels: self
                .labels
                .iter()
                .map(|l| decktype_model::Label {
                    span: l.span,
                    message: l.message.clone(),
                })
                .collect(),
            help: self.help.clone(),
        }
    }
}

impl Envelope {
    /// Wraps a parsed deck. `path` is the path as the user gave it (`None` for
    /// standard input); `source` is the text the deck was parsed from.
    pub fn new(path: Option<&str>, source: &str, deck: Deck, diagnostics: &[Diagnostic]) -> Self {
        let index = LineIndex::new(source);
        Envelope {
            format_version: FORMAT_VERSION,
            generator: GENERATOR.to_owned(),
            source: Source {
                path: path.map(|p| p.replace('\\', "/")),
                sha256: sha256_hex(source.as_bytes()),
                bytes: source.len() as u64,
            },
            deck,
            diagnostics: diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(d, &index))
                .collect(),
        }
    }

    /// Pretty JSON (two-space indent) with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("the model always serializes");
        s.push('\n');
        s
    }

    /// Compact JSON on one line, without a newline: one JSON Lines record.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("the model always serializes")
    }

    /// Reads an envelope back, checking the format version.
    pub fn from_json(json: &str) -> Result<Self, ReadError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(ReadError::Json)?;
        match value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
        {
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            Some(v) => return Err(ReadError::Version(v)),
            None => return Err(ReadError::Version(0)),
        }
        serde_json::from_value(value).map_err(ReadError::Json)
    }
}

/// Why an envelope could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Not JSON, or not shaped like an envelope.
    #[error("not a decktype envelope: {0}")]
    Json(serde_json::Error),
    /// A format version this build does not read (0: missing).
    #[error("{}", version_message(*.0))]
    Version(u64),
}

fn version_message(v: u64) -> String {
    if v == 0 {
        "no `format_version` field".to_owned()
    } else {
        format!("format version {v} is not supported (this build reads {FORMAT_VERSION})")
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The JSON Schema (2020-12) of one envelope, pretty-printed with a final
/// newline: the content of `schemas/deck.v1.schema.json`.
pub fn schema_json() -> String {
    decktype_model::schema::published::<Envelope>(&schema_file_name())
}

/// The strict variant of [`schema_json`]: every object closed. decktype's
/// own tests validate every deck's JSON against it, so nothing the schema
/// does not describe can slip into the output (see
/// [`decktype_model::schema`] for the policy).
pub fn strict_schema_json() -> String {
    decktype_model::schema::strict::<Envelope>(&schema_file_name())
}

/// The file name of the committed schema for this format version.
pub fn schema_file_name() -> String {
    format!("deck.v{FORMAT_VERSION}.schema.json")
}
