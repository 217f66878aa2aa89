//! Control characters (NUL, ESC, DEL, C1 ...) become U+FFFD in every text of
//! the deck, with one DT023 per line; spans still point at the source.

use decktype_model::codes;
use decktype_parse::{Options, parse};

fn control_free(json: &str) -> bool {
    // serde_json writes control characters as `\u00XX` escapes.
    !json.contains("\\u00") && !json.contains('\u{7f}') && !json.contains('\u{85}')
}

#[test]
fn control_characters_become_replacement_characters() {
    let src = "---\ntitle: \"A\\0B\"\ntype: slide\n---\n\n# T\u{0}tle\n\nx\u{1b}[1m `c\u{0}d` \u{7f}\u{7f} <span title=\"\u{85}\">s</span>\n\n```\n\u{8}\tcode\r\n```\n\n<div>\u{0}</div>\n\nNote: \u{1}\n";
    let parsed = parse(src, &Options::default());
    let json = serde_json::to_string(&parsed.deck).unwrap();
    assert!(control_free(&json), "{json}");
    assert_eq!(parsed.deck.slides[0].title.as_deref(), Some("T\u{fffd}tle"));
    assert!(json.contains("\u{fffd}[1m"));
    assert!(json.contains("c\u{fffd}d"));
    assert!(json.contains("\u{fffd}\u{fffd}"));
    // Tab and line ends are text.
    assert!(json.contains("\u{fffd}\\tcode"), "{json}");
    // The front matter's `\0` escape is YAML's: the title holds a NUL.
    assert_eq!(parsed.deck.meta.title.as_deref(), Some("A\u{fffd}B"));
    let lines: Vec<usize> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::CONTROL_CHARACTER)
        .map(|d| {
            assert_eq!(&src[..d.span.start].len(), &d.span.start);
            src[..d.span.start].matches('\n').count() + 1
        })
        .collect();
    // One per line with control characters in the source (the YAML escape
    // `\0` is no control character in the source).
    assert_eq!(lines, [6, 8, 11, 14, 16]);
    let x = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == codes::CONTROL_CHARACTER && d.message.contains("5 control"))
        .expect("line 8 has 5");
    assert!(x.message.contains("the first: U+001B ESC"), "{}", x.message);
}

#[test]
fn decks_without_control_characters_are_untouched() {
    let src = "---\ntype: slide\n---\n\n# T\n\ttab\r\nline\n";
    let parsed = parse(src, &Options::default());
    assert!(
        !parsed
            .diagnostics
            .iter()
            .any(|d| d.code == codes::CONTROL_CHARACTER)
    );
}

#[test]
fn a_megabyte_of_nul_is_one_diagnostic() {
    let src = format!("# T\n\n{}\n", "\0".repeat(1 << 20));
    let parsed = parse(&src, &Options::default());
    let d: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::CONTROL_CHARACTER)
        .collect();
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message.contains("1048576 control characters"),
        "{}",
        d[0].message
    );
    assert!(control_free(&serde_json::to_string(&parsed.deck).unwrap()));
}
