//! How decktype publishes the JSON Schemas of its formats, and the one
//! compatibility policy behind them.
//!
//! # The policy
//!
//! * Every output format has a major version (`format_version: 1` in a deck's
//!   JSON, `version` in the check report, `.v1.` in each schema's file name).
//!   It changes only for a breaking change: a field or enum value removed or
//!   renamed, or its meaning changed.
//! * Within a major version decktype may add optional fields and enum values
//!   (enums are `#[non_exhaustive]`). Consumers ignore what they do not
//!   know, so the **published schemas accept unknown properties**
//!   ([`Openness::Open`]) and decktype's own Rust types read JSON with fields
//!   they do not know (the output types carry `#[schemars(deny_unknown_fields)]`,
//!   which closes the generated schema, not `#[serde(deny_unknown_fields)]`,
//!   which would make reading fail).
//! * decktype's tests validate every output against a **strict variant**
//!   ([`Openness::Strict`]: every object closed), so nothing undocumented
//!   slips into the output: a new field must be in the types (and so in the
//!   regenerated schema) before it can be written.
//! * Input formats (a profile, `decktype.toml`) stay closed: a typo in a key
//!   is an error, not a silently ignored setting.
//!
//! Each schema's `$id` is the URL of the committed file in the repository
//! ([`SCHEMA_BASE`]), so it resolves.

use serde_json::Value;

/// Where the committed schemas are published: the raw files of the
/// repository's `schemas/` folder on its main branch.
pub const SCHEMA_BASE: &str = "https://raw.githubusercontent.com/decktype/decktype/main/schemas/";

/// Whether a schema's objects accept properties they do not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    /// Published output schemas: unknown properties allowed (see the
    /// policy).
    Open,
    /// decktype's own tests, and input formats: every object with listed
    /// properties is closed (`additionalProperties: false`), unless it
    /// already says what extra properties may hold (a map).
    Strict,
}

/// `schema` as the text of the committed file `file`: its `$id` set, its
/// objects opened or closed, pretty-printed with a final newline.
pub fn document(schema: schemars::Schema, file: &str, openness: Openness) -> String {
    let mut value = schema.to_value();
    set_openness(&mut value, openness);
    if let Value::Object(map) = &mut value {
        map.insert(
            "$id".to_owned(),
            Value::String(format!("{SCHEMA_BASE}{file}")),
        );
    }
    // Back into a Schema: its serializer writes the keywords in schemars'
    // readable order ($schema, $id, title, ... properties), not sorted.
    let schema = schemars::Schema::try_from(value).expect("still a schema object");
    let mut s = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    s.push('\n');
    s
}

/// The schema of `T` as the committed file `file`, open (published output
/// schemas).
pub fn published<T: schemars::JsonSchema>(file: &str) -> String {
    document(schemars::schema_for!(T), file, Openness::Open)
}

/// The schema of `T` with every object closed: the variant decktype's own
/// tests validate its output against, and the form of input schemas.
pub fn strict<T: schemars::JsonSchema>(file: &str) -> String {
    document(schemars::schema_for!(T), file, Openness::Strict)
}

/// Opens or closes every object schema in `value` (see [`Openness`]).
pub fn set_openness(value: &mut Value, openness: Openness) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") {
                match openness {
                    Openness::Open => {
                        if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                            map.remove("additionalProperties");
                        }
                    }
                    // An object that also takes properties from a `$ref` or
                    // `allOf` cannot be closed here (additionalProperties
                    // does not see through them).
                    Openness::Strict if !map.contains_key("$ref") && !map.contains_key("allOf") => {
                        map.entry("additionalProperties")
                            .or_insert(Value::Bool(false));
                    }
                    Openness::Strict => {}
                }
            }
            for v in map.values_mut() {
                set_openness(v, openness);
            }
        }
        Value::Array(items) => {
            for v in items {
                set_openness(v, openness);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn open_and_strict() {
        let mut v = json!({"type": "object", "properties": {"a": {"type": "object",
            "properties": {}, "additionalProperties": false}},
            "$defs": {"Map": {"type": "object", "additionalProperties": {"type": "string"}}}});
        let mut strict = v.clone();
        set_openness(&mut strict, Openness::Strict);
        assert_eq!(strict["additionalProperties"], false);
        assert_eq!(strict["properties"]["a"]["additionalProperties"], false);
        assert_eq!(
            strict["$defs"]["Map"]["additionalProperties"],
            json!({"type": "string"})
        );
        set_openness(&mut v, Openness::Open);
        assert!(v.get("additionalProperties").is_none());
        assert!(v["properties"]["a"].get("additionalProperties").is_none());
        assert_eq!(
            v["$defs"]["Map"]["additionalProperties"],
            json!({"type": "string"})
        );
    }
}
