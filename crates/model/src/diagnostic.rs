//! Diagnostics as data: what is wrong, where, and how to fix it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Span;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational: HedgeDoc behaves in a way the author may not expect.
    Info,
    /// Probably a mistake; the deck still renders.
    Warning,
    /// The deck is broken or cannot be read as intended.
    Error,
}

impl Severity {
    /// Lower-case name as used in output (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location with its own message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: String,
}

/// One finding about a deck. Spans are byte ranges; line/column are computed
/// where the diagnostic is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Diagnostic {
    /// Error, warning or info.
    pub severity: Severity,
    /// Stable code, e.g. `DT004`. Codes are never reused for another meaning.
    pub code: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Primary location.
    pub span: Span,
    /// Further locations.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without labels or help.
    pub fn new(severity: Severity, code: &str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity,
            code: code.to_owned(),
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}
