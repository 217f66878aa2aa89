//! Fuzz target: the PDF export's view of a deck (`/pdf.json`), built
//! without running typst (decktype-export-pdf `view`).
//!
//! Any UTF-8 input is parsed as a deck, enriched and turned into the view,
//! with images resolved only from `data:` URIs and no system fonts (the
//! bundled fonts only). The view must be built without a panic, serialise
//! to JSON that validates against `schemas/pdf-view.v1.schema.json`
//! (`view_schema_json`), have a finite, positive page size, a
//! `missing_glyphs` pattern that compiles, and no `javascript:`,
//! `vbscript:` or `data:text/html` link target or mapped colour/style.

#![no_main]

use std::sync::OnceLock;

use decktype_assets::Resolver;
use decktype_format::Envelope;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema: Value = serde_json::from_str(&decktype_export_pdf::view_schema_json())
            .expect("the view schema is JSON");
        jsonschema::options()
            .build(&schema)
            .expect("the view schema compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let mut parsed = decktype_parse::parse(source, &Default::default());
    let options = decktype_semantics::Options::new(Some("deck.md"), None);
    let found = decktype_semantics::enrich(&mut parsed.deck, &options);
    parsed.diagnostics.extend(found);
    let envelope = Envelope::new(Some("deck.md"), source, parsed.deck, &parsed.diagnostics);
    let resolver = Resolver::none();
    let mut options = decktype_export_pdf::Options::new(&resolver);
    options.system_fonts = false;
    let (view, _diagnostics) = decktype_export_pdf::view(&envelope, &options);

    let json = serde_json::to_value(&view).expect("the view serialises");
    if let Some(e) = schema().iter_errors(&json).next() {
        panic!("the view does not match its schema: {e}\n{json}");
    }
    let page = &view.page;
    let size = serde_json::to_value(page).expect("page size serialises");
    for v in size.as_object().into_iter().flat_map(|m| m.values()) {
        if let Some(n) = v.as_f64() {
            assert!(n.is_finite() && n > 0.0, "page size {size}");
        }
    }
    if !view.missing_glyphs.is_empty() {
        if let Err(e) = regex::Regex::new(&view.missing_glyphs) {
            panic!(
                "missing_glyphs does not compile: {e}\n{}",
                view.missing_glyphs
            );
        }
    }
    for target in view.links.values() {
        let url: String = target
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .flat_map(char::to_lowercase)
            .collect();
        for bad in ["javascript:", "vbscript:", "data:", "file:"] {
            assert!(!url.starts_with(bad), "link target `{target}`");
        }
    }
    for style in ["colors", "styles", "inline_styles", "slide_styles"] {
        // What the view maps a deck's text to, not the keys: a key is the
        // deck's own attribute text (inert, only looked up by the
        // template), e.g. `width: expression(…)` mapped to no property.
        let text = match json.get(style) {
            Some(Value::Object(map)) => map
                .values()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            Some(other) => other.to_string(),
            None => String::new(),
        }
        .to_ascii_lowercase();
        for bad in ["javascript:", "vbscript:", "expression(", "@import"] {
            assert!(!text.contains(bad), "`{bad}` in the view's {style}\n{text}");
        }
    }
});
