//! Control characters: C0 controls but tab, line feed and carriage return,
//! DEL and the C1 controls. No one means them as text (a NUL byte, an
//! escape sequence pasted from a terminal), HTML forbids them, and browsers
//! and PDF readers show them as they like or stop at them. They become
//! U+FFFD REPLACEMENT CHARACTER in the deck's text, as HTML parsers do with
//! NUL, so that every export is safe; spans stay those of the source. Each
//! line holding some gets one diagnostic (up to [`MAX_REPORTED_LINES`]).

use decktype_model::{Deck, Diagnostic, Severity, Span};

use crate::codes;

/// How many lines get a diagnostic of their own; the lines after them share
/// one.
const MAX_REPORTED_LINES: usize = 20;

/// Whether `c` is a control character that becomes U+FFFD.
pub(crate) fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// The diagnostics for the control characters in `source` (none for most
/// files: the scan is one pass over the bytes).
pub(crate) fn diagnostics(source: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !source.contains(is_control) {
        return out;
    }
    // (first control character, its offset, how many) for each line.
    let mut lines: Vec<(char, usize, usize)> = Vec::new();
    let (mut line, mut last_line) = (0, None);
    for (at, c) in source.char_indices() {
        if c == '\n' {
            line += 1;
        } else if is_control(c) {
            match lines.last_mut() {
                Some((_, _, count)) if last_line == Some(line) => *count += 1,
                _ => {
                    lines.push((c, at, 1));
                    last_line = Some(line);
                }
            }
        }
    }
    for &(first, at, count) in lines.iter().take(MAX_REPORTED_LINES) {
        let what = if count == 1 {
            format!("a control character ({})", name(first))
        } else {
            format!("{count} control characters (the first: {})", name(first))
        };
        out.push(
            Diagnostic::new(
                Severity::Warning,
                codes::CONTROL_CHARACTER,
                format!("this line has {what}; decktype shows each as `\u{fffd}` (U+FFFD)"),
                Span::new(at, at + first.len_utf8()),
            )
            .with_help("remove it: a control character is not text (tab and line ends are kept)"),
        );
    }
    if let Some(&(first, at, _)) = lines.get(MAX_REPORTED_LINES) {
        let rest = &lines[MAX_REPORTED_LINES..];
        let total: usize = rest.iter().map(|l| l.2).sum();
        out.push(
            Diagnostic::new(
                Severity::Warning,
                codes::CONTROL_CHARACTER,
                format!(
                    "{} more lines from here have {total} control characters; decktype shows each as `\u{fffd}` (U+FFFD)",
                    rest.len()
                ),
                Span::new(at, at + first.len_utf8()),
            )
            .with_help("remove them: a control character is not text (tab and line ends are kept)"),
        );
    }
    out
}

/// `U+0000 NUL`, `U+001B ESC` ...: the code point and its usual name.
fn name(c: char) -> String {
    let short = match c {
        '\0' => " NUL",
        '\u{7}' => " BEL",
        '\u{8}' => " BS",
        '\u{b}' => " VT",
        '\u{c}' => " FF",
        '\u{1b}' => " ESC",
        '\u{7f}' => " DEL",
        _ => "",
    };
    format!("U+{:04X}{short}", u32::from(c))
}

/// Replaces the control characters in every text of `deck` by U+FFFD.
/// Spans are left as they are: they still point at the source.
pub(crate) fn replace(deck: &mut Deck) {
    // Every string of the deck, whatever field holds it: through its JSON
    // value, which the model round-trips (and only for the rare deck with
    // control characters).
    let Ok(mut value) = serde_json::to_value(&*deck) else {
        return;
    };
    replace_in(&mut value);
    if let Ok(clean) = serde_json::from_value(value) {
        *deck = clean;
    }
}

fn replace_in(value: &mut serde_json::Value) {
    use serde_json::Value;
    // A stack, not recursion: the deck's depth is bounded, but this need
    // not rely on it.
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(s) if s.contains(is_control) => {
                *s = s.replace(is_control, "\u{fffd}");
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => {
                let keys: Vec<String> = map
                    .keys()
                    .filter(|k| k.contains(is_control))
                    .cloned()
                    .collect();
                for key in keys {
                    if let Some(v) = map.remove(&key) {
                        map.insert(key.replace(is_control, "\u{fffd}"), v);
                    }
                }
                stack.extend(map.values_mut());
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_but_tab_and_line_ends() {
        for c in [
            '\0', '\u{1}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9f}',
        ] {
            assert!(is_control(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', '\u{a0}', '\u{fffd}', 'a'] {
            assert!(!is_control(c), "{c:?}");
        }
    }

    #[test]
    fn one_diagnostic_per_line_then_one_for_the_rest() {
        assert!(diagnostics("# A\n\ttab\r\n").is_empty());
        let d = diagnostics("a\0b\0c\n\nd\u{1b}[0m\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span, Span::new(1, 2));
        assert!(
            d[0].message
                .contains("2 control characters (the first: U+0000 NUL)"),
            "{}",
            d[0].message
        );
        assert_eq!(d[1].span, Span::new(8, 9));
        assert!(
            d[1].message.contains("a control character (U+001B ESC)"),
            "{}",
            d[1].message
        );
        let many = "x\0\n".repeat(100);
        let d = diagnostics(&many);
        assert_eq!(d.len(), MAX_REPORTED_LINES + 1);
        assert!(
            d[MAX_REPORTED_LINES]
                .message
                .starts_with("80 more lines from here have 80 control characters")
        );
    }
}
