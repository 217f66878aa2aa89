//! `decktype check`: deck validation for pull requests.
//!
//! A check is a plain function of a parsed, enriched deck and its source: it
//! validates the deck's JSON against the committed schema ([`schema`]), runs
//! the structure rules ([`lints`]) on top of the diagnostics the parser and
//! the semantic pass already found, and applies the rule levels a community
//! configured ([`Config`]). Output formats for people and for CI are in
//! [`format`](mod@format); mechanically safe rewrites in [`fix`].
//!
//! Diagnostics stay data with byte spans until the edge: only the formats
//! turn spans into lines and columns.

/// `decktype.toml`: which files are decks (`[files]`), and rule levels.
pub mod config;
/// `--fix`: mechanically safe rewrites.
pub mod fix;
/// Output formats.
pub mod format;
/// Structure rules.
pub mod lints;
/// The JSON report's types and schema.
pub mod report;
/// The rule registry.
pub mod rules;
/// A whole run: files, configurations, `--fix`, checks.
pub mod run;
/// Schema validation (DT040).
pub mod schema;

use std::path::Path;

pub use config::{Config, ConfigError, Level};
use decktype_model::{Deck, Diagnostic};
pub use rules::{RULES, Rule, rule};

/// What a check needs to know about one deck.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The deck's source text.
    pub source: &'a str,
    /// The deck's file, for resolving images next to it (`None`: standard
    /// input, where local images are not checked).
    pub path: Option<&'a Path>,
    /// The deck after the semantic pass, in the envelope the pipeline built
    /// (the schema rule validates that envelope as it is written).
    pub envelope: &'a decktype_format::Envelope,
    /// The profile the semantic pass used.
    pub profile: &'a decktype_semantics::Profile,
}

impl<'a> Input<'a> {
    /// The deck.
    pub fn deck(&self) -> &'a Deck {
        &self.envelope.deck
    }
}

/// Runs every rule on `input`, adds the diagnostics the parser and the
/// semantic pass found (`found`), applies `config`'s levels, and returns what
/// is left, in source order.
pub fn check(input: &Input<'_>, found: &[Diagnostic], config: &Config) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = found.to_vec();
    all.extend(schema::validate(input.envelope));
    all.extend(lints::run(input));
    let mut out = config.apply(all);
    for d in &mut out {
        d.span = d.span.trim_end(input.source);
    }
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    out
}

/// Analyses `source` with the pipeline ([`decktype_pipeline::analyse`], the
/// same as `decktype parse`) and checks the result: what `decktype check`
/// does for one file. `path` is the deck's path as the user gave it.
pub fn check_source(
    source: &str,
    path: Option<&Path>,
    options: &decktype_pipeline::Options,
    config: &Config,
) -> (Deck, Vec<Diagnostic>) {
    let name = path.map(|p| p.to_string_lossy().into_owned());
    let analysed = decktype_pipeline::analyse(name.as_deref(), source, options);
    let input = Input {
        source,
        path,
        envelope: &analysed.envelope,
        profile: options.semantics.profile(),
    };
    let diagnostics = check(&input, &analysed.diagnostics, config);
    (analysed.envelope.deck, diagnostics)
}
