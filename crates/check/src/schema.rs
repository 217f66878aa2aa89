//! DT040: the deck's JSON validated against the committed schema, each error
//! mapped back to the source span of the nearest node that has one.

use std::sync::LazyLock;

use decktype_model::{Diagnostic, Severity, Span};
use serde_json::Value;

/// `schemas/deck.v1.schema.json` as committed (a test in `decktype-export-json`
/// keeps it equal to the generated one).
pub const SCHEMA: &str = include_str!("../schemas/deck.v1.schema.json");

static VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(SCHEMA).map_err(|e| e.to_string())?;
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| e.to_string())
});

/// The rule's code.
pub const CODE: &str = decktype_model::codes::SCHEMA_INVALID;

/// Schema errors of `deck` (parsed from `source`), as diagnostics.
pub fn validate(envelope: &decktype_format::Envelope) -> Vec<Diagnostic> {
    match serde_json::to_value(envelope) {
        Ok(value) => errors(&value),
        Err(e) => vec![Diagnostic::new(
            Severity::Error,
            CODE,
            format!("the deck cannot be written as JSON: {e}"),
            Span::empty(0),
        )],
    }
}

/// Schema errors of an envelope's JSON `value`, as diagnostics.
pub fn errors(value: &Value) -> Vec<Diagnostic> {
    let validator = match &*VALIDATOR {
        Ok(v) => v,
        Err(e) => {
            return vec![Diagnostic::new(
                Severity::Error,
                CODE,
                format!("the committed schema cannot be used: {e}"),
                Span::empty(0),
            )];
        }
    };
    validator
        .iter_errors(value)
        .map(|e| {
            let pointer = e.instance_path().to_string();
            let span = span_near(value, &pointer);
            Diagnostic::new(
                Severity::Error,
                CODE,
                format!(
                    "the deck's JSON does not match schemas/deck.v1.schema.json at `{pointer}`: {}",
                    e.masked()
                ),
                span,
            )
            .with_help("this is a decktype bug or a profile producing invalid values; please report it with the deck")
        })
        .collect()
}

/// The span of the node at `pointer`, or of the nearest node above it that
/// has one (`{"span": [start, end]}`); the start of the file when none has.
pub fn span_near(value: &Value, pointer: &str) -> Span {
    let mut path = pointer;
    loop {
        if let Some(span) = value.pointer(path).and_then(span_of) {
            return span;
        }
        match path.rfind('/') {
            Some(i) => path = &path[..i],
            None => return Span::empty(0),
        }
    }
}

fn span_of(node: &Value) -> Option<Span> {
    let pair = node.get("span")?.as_array()?;
    let start = usize::try_from(pair.first()?.as_u64()?).ok()?;
    let end = usize::try_from(pair.get(1)?.as_u64()?).ok()?;
    (start <= end).then(|| Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(md: &str) -> Value {
        let parsed = decktype_parse::parse(md, &Default::default());
        let e = decktype_format::Envelope::new(None, md, parsed.deck, &[]);
        serde_json::to_value(&e).unwrap()
    }

    #[test]
    fn a_valid_deck_has_no_schema_errors() {
        let md = "---\ntype: slide\n---\n\n# A\n\n- [x](https://e.org)\n";
        let parsed = decktype_parse::parse(md, &Default::default());
        assert!(validate(&decktype_format::Envelope::new(None, md, parsed.deck, &[])).is_empty());
    }

    #[test]
    fn an_error_points_at_the_nearest_node_with_a_span() {
        let md = "---\ntype: slide\n---\n\n# A\n\nsome *text* here\n";
        let mut v = envelope(md);
        // Break an inline deep inside the second block.
        let inline = v.pointer_mut("/deck/slides/0/blocks/1/inlines/1").unwrap();
        let span = span_of(inline).unwrap();
        inline["type"] = Value::from("no-such-inline");
        let found = errors(&v);
        assert!(!found.is_empty());
        assert!(found.iter().all(|d| d.code == CODE));
        assert_eq!(&md[span.start..span.end], "*text*");
        // `oneOf` fails at the paragraph that holds the inline: its span.
        assert!(
            found.iter().any(|d| d.span.start <= span.start
                && span.end <= d.span.end
                && d.span != Span::new(0, md.len())),
            "{found:?}"
        );
        assert!(found.iter().all(|d| d.message.len() < 300), "{found:?}");
        // A field without a span of its own: the enclosing block's.
        let mut v = envelope(md);
        let block_span = span_of(v.pointer("/deck/slides/0/blocks/0").unwrap()).unwrap();
        v.pointer_mut("/deck/slides/0/blocks/0").unwrap()["level"] = Value::from("nine");
        let found = errors(&v);
        assert!(found.iter().any(|d| d.span == block_span), "{found:?}");
        assert!(
            found[0].message.contains("/deck/slides/0/blocks/0"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn no_node_with_a_span_means_the_start_of_the_file() {
        assert_eq!(
            span_near(&serde_json::json!({"a": [1]}), "/a/0"),
            Span::empty(0)
        );
    }
}
