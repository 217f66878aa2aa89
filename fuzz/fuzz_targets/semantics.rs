//! Fuzz target: the semantic pass (decktype-semantics `enrich`).
//!
//! Any UTF-8 input is parsed as a deck and enriched, with a file name made
//! from its first line (the call date may come from the file name). The
//! pass must not panic; every span in the enriched deck and its
//! diagnostics (found by walking the JSON envelope: every `span`) is a
//! valid byte range of the input on char boundaries; the envelope survives
//! a JSON write/read/write round trip byte for byte; and enriching is
//! deterministic (a second parse and pass give the same envelope).

#![no_main]

use decktype_format::Envelope;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let first: String = source
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    let _ = decktype_semantics::call_date::date_in_file_name(&first);
    let name = format!("{}.md", first.replace(['/', '\\'], "-"));
    let envelope = enriched(source, &name);
    let line = envelope.to_json_line();

    let value: Value = serde_json::from_str(&line).expect("the envelope is JSON");
    spans(source, &value, &line);

    let back = match Envelope::from_json(&line) {
        Ok(back) => back,
        Err(e) => panic!("envelope does not read back: {e}\n{line}"),
    };
    assert!(back == envelope, "envelope read back differs\n{line}");
    let again = back.to_json_line();
    assert!(
        again == line,
        "JSON not byte-identical after a round trip\n{line}\n{again}"
    );
    let second = enriched(source, &name).to_json_line();
    assert!(
        second == line,
        "enrich is not deterministic\n{line}\n{second}"
    );
});

fn enriched(source: &str, name: &str) -> Envelope {
    let mut parsed = decktype_parse::parse(source, &Default::default());
    let options = decktype_semantics::Options::new(Some(name), None);
    let found = decktype_semantics::enrich(&mut parsed.deck, &options);
    parsed.diagnostics.extend(found);
    Envelope::new(Some(name), source, parsed.deck, &parsed.diagnostics)
}

/// Every `"span": [start, end]` (or a key ending in `span`/`Span`) in the
/// JSON is a valid range of `source`. The deck's own data is not walked:
/// front matter keys decktype does not know (`meta.extra`), `slideOptions`
/// and attributes are the author's names and values (a front matter
/// `span: slide` is not a span).
fn spans(source: &str, value: &Value, line: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if matches!(key.as_str(), "extra" | "slide_options" | "attributes") {
                    continue;
                }
                if key == "span" || key.ends_with("_span") || key.ends_with("Span") {
                    check(source, key, v, line);
                }
                spans(source, v, line);
            }
        }
        Value::Array(list) => list.iter().for_each(|v| spans(source, v, line)),
        _ => {}
    }
}

fn check(source: &str, key: &str, v: &Value, line: &str) {
    let Some([start, end]) = v.as_array().map(Vec::as_slice) else {
        if !v.is_null() {
            panic!("`{key}` is not a [start, end] pair: {v}\n{line}");
        }
        return;
    };
    let (Some(start), Some(end)) = (start.as_u64(), end.as_u64()) else {
        panic!("`{key}` is not a pair of offsets: {v}\n{line}");
    };
    let (start, end) = (start as usize, end as usize);
    assert!(
        start <= end
            && end <= source.len()
            && source.is_char_boundary(start)
            && source.is_char_boundary(end),
        "`{key}`: bad span [{start}, {end}] (source is {} bytes)\n{line}",
        source.len()
    );
}
