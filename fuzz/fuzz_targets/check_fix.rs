//! Fuzz target: `decktype check --fix` (decktype-check `fix::fix`).
//!
//! For any UTF-8 input, with only the safe fixes (`--fix`):
//!
//! - the parsed deck is the same before and after, byte spans aside (what
//!   makes a fix safe);
//!
//! and with the unsafe fixes too (`--fix --unsafe-fixes`), when a fix
//! changes something:
//!
//! - it is idempotent: fixing the fixed text changes nothing more
//!   (`fix(fix(x)) == fix(x)`);
//! - it changes only the intended lines: with every line trimmed and
//!   blank lines left out, the text is the same before and after (the fix
//!   only removes whitespace before the front matter, trims the spaces
//!   around a separator's dashes and adds blank lines);
//! - it puts no split into a code fence or an HTML comment (no more
//!   `SEPARATOR_IN_CODE_OR_COMMENT` diagnostics than before);
//! - it cuts no HTML block, code block or HTML element holding blocks:
//!   each of the deck before is in the deck after, with the same text (a
//!   split inside an unclosed `<style>` or an HTML block would show what
//!   it hid: the finds in fuzz/finds/check_fix/);
//! - each change names a line of the original file.
//!
//! The model is read back here with its own code (JSON without `span`
//! keys), not with the fix's.

#![no_main]

use decktype_check::fix::fix;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let options = decktype_parse::Options::default();
    let before = decktype_parse::parse(source, &options);
    if let Some(safe) = fix(source, false) {
        let after = decktype_parse::parse(&safe.text, &options);
        assert!(
            shape(&before) == shape(&after),
            "a safe fix changed the deck\n--- fixed ---\n{}\n--- changes ---\n{:?}",
            safe.text,
            safe.changes
        );
        assert_eq!(
            fix(&safe.text, false),
            None,
            "safe fixes are not idempotent"
        );
    }
    let Some(fixed) = fix(source, true) else {
        return;
    };
    assert!(!fixed.changes.is_empty(), "a fix with no changes");
    let lines = source.split('\n').count();
    for change in &fixed.changes {
        assert!(
            (1..=lines).contains(&change.line),
            "change on line {} of a {lines}-line file: {change:?}",
            change.line
        );
    }
    if let Some(again) = fix(&fixed.text, true) {
        assert!(
            again.text == fixed.text,
            "fix is not idempotent\n--- once ---\n{}\n--- twice ---\n{}\n--- changes the second time ---\n{:?}",
            fixed.text,
            again.text,
            again.changes
        );
    }
    assert_eq!(
        content_lines(source),
        content_lines(&fixed.text),
        "the fix changed more than whitespace and blank lines\n--- fixed ---\n{}",
        fixed.text
    );
    let after = decktype_parse::parse(&fixed.text, &options);
    let in_code = |p: &decktype_parse::Parsed| {
        p.diagnostics
            .iter()
            .filter(|d| d.code == decktype_parse::codes::SEPARATOR_IN_CODE_OR_COMMENT)
            .count()
    };
    assert!(
        in_code(&after) <= in_code(&before),
        "the fix put a split into code or a comment\n--- fixed ---\n{}",
        fixed.text
    );
    let mut kept = hidden(&shape(&after));
    for block in hidden(&shape(&before)) {
        let Some(i) = kept.iter().position(|k| *k == block) else {
            panic!(
                "the fix cut an HTML or code block: {block}\n--- fixed ---\n{}",
                fixed.text
            );
        };
        kept.swap_remove(i);
    }
});

/// The lines with text, trimmed (whitespace and byte order marks).
fn content_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The parsed deck as JSON, without its `span`s.
fn shape(parsed: &decktype_parse::Parsed) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(&parsed.deck).expect("a deck serializes");
    strip(&mut v);
    v
}

/// The raw HTML blocks, code blocks and HTML elements of a deck's JSON.
fn hidden(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                match (m.get("type").and_then(Value::as_str), m.get("html")) {
                    (Some("html"), Some(html)) => out.push(format!("html {html}")),
                    (Some("code_block"), _) => out.push(format!("code {v}")),
                    (Some("element"), _) => out.push(format!("element {v}")),
                    _ => {}
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}
