//! Fuzz target: `decktype check --fix` (decktype-check `fix::fix`).
//!
//! For any UTF-8 input, when `fix` changes something:
//!
//! - it is idempotent: fixing the fixed text changes nothing more
//!   (`fix(fix(x)) == fix(x)`);
//! - it changes only the intended lines: with every line trimmed and
//!   blank lines left out, the text is the same before and after (the fix
//!   only removes whitespace before the front matter, trims the spaces
//!   around a separator's dashes and adds blank lines);
//! - it puts no split into a code fence or an HTML comment (no more
//!   `SEPARATOR_IN_CODE_OR_COMMENT` diagnostics than before) and leaves no
//!   fixable `SEPARATOR_NOT_SPLIT` it could have fixed (idempotence);
//! - each change names a line of the original file.
//!
//! Not asserted: that the parsed slides show the same words. A split
//! legitimately changes how the text around it parses (which `Note:` starts
//! a slide's notes, where an HTML block ends); the known finds of such a
//! check (a split inside an unclosed `<style>` or an HTML block, whose text
//! then shows) are in BENCHMARKS.md and fuzz/seeds/check_fix/find-*.

#![no_main]

use decktype_check::fix::fix;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Some(fixed) = fix(source) else {
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
    if let Some(again) = fix(&fixed.text) {
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
    let options = decktype_parse::Options::default();
    let before = decktype_parse::parse(source, &options);
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
});

/// The lines with text, trimmed (whitespace and byte order marks).
fn content_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .collect()
}
