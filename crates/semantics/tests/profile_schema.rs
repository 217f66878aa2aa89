//! The committed profile schema is current, and the embedded profile (TOML)
//! validates against it.

use std::path::Path;

#[test]
fn committed_profile_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/profile.v1.schema.json");
    let committed =
        std::fs::read_to_string(&path).expect("schemas/profile.v1.schema.json is committed");
    assert!(
        committed == decktype_semantics::profile::schema_json(),
        "schemas/profile.v1.schema.json is out of date.\nRegenerate it with:\n\n    cargo run -p decktype -- schema --profile -o schemas/profile.v1.schema.json\n"
    );
}

#[test]
fn embedded_profile_validates_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&decktype_semantics::profile::schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let profile: serde_json::Value =
        toml::from_str(decktype_semantics::profile::DEFAULT_PROFILE).unwrap();
    assert!(validator.is_valid(&profile));
    let mut broken = profile.clone();
    broken["teams"]["prefixes"] = serde_json::json!("Team");
    assert!(!validator.is_valid(&broken));
}
