//! `decktype check --fix`: rewrites what is mechanically safe.
//!
//! - blank lines before front matter that HedgeDoc then ignores (DT001 when
//!   only whitespace precedes it): removed;
//! - a separator-like line that does not split (DT004) because of spaces
//!   around the dashes or a missing blank line before or after it: trimmed,
//!   blank lines added.
//!
//! Only slide decks (front matter with `type: slide` at byte 0, after the
//! first fix) get separator fixes. Not fixed: a `---` on the last line with no line end (splitting there
//! would add an empty slide; the author decides), and any edit that would
//! put a split inside a code fence or an HTML comment (each edit is checked
//! by parsing the result).

use decktype_model::{LineIndex, Span};

/// One change made to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 1-based line in the original file.
    pub line: usize,
    /// What was changed, for people.
    pub description: String,
}

/// The result of fixing a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The new text.
    pub text: String,
    /// What changed, in line order.
    pub changes: Vec<Change>,
}

struct Edit {
    span: Span,
    replacement: String,
    description: String,
}

/// The fixed text of `source`, or `None` when there is nothing to fix.
pub fn fix(source: &str) -> Option<Fixed> {
    let index = LineIndex::new(source);
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut edits: Vec<Edit> = Vec::new();

    // Whitespace before the front matter: removed first, so that the
    // separators below are seen as HedgeDoc will see them afterwards.
    let lead = source
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || c == '\u{feff}'))
        .map_or(source.len(), |(i, _)| i);
    if lead > 0 && (source[lead..].starts_with("---\n") || source[lead..].starts_with("---\r\n")) {
        let shift = index.line_col(lead).line - 1;
        let mut changes = vec![Change {
            line: 1,
            description: "removed the blank lines before the front matter, so HedgeDoc reads it"
                .to_owned(),
        }];
        let rest = &source[lead..];
        let text = match fix(rest) {
            Some(more) => {
                changes.extend(more.changes.into_iter().map(|c| Change {
                    line: c.line + shift,
                    ..c
                }));
                more.text
            }
            None => rest.to_owned(),
        };
        return Some(Fixed { text, changes });
    }

    let parsed = decktype_parse::parse(source, &decktype_parse::Options::default());
    // Only a slide deck is split into slides; and in a file whose front
    // matter HedgeDoc does not see, its `---` lines are no separators to fix.
    if parsed.deck.front_matter.is_none() || parsed.deck.meta.doc_type.as_deref() != Some("slide") {
        return None;
    }
    let in_code_before = count(
        &parsed.diagnostics,
        decktype_parse::codes::SEPARATOR_IN_CODE_OR_COMMENT,
    );
    for d in &parsed.diagnostics {
        if d.code != decktype_parse::codes::SEPARATOR_NOT_SPLIT {
            continue;
        }
        let line = d.span;
        let text = &source[line.start..line.end];
        let sep = decktype_parse::separator_line(source, line);
        if sep.at_eof {
            continue; // last line without a line end: the author decides
        }
        let mut what = Vec::new();
        let mut replacement = String::new();
        if !sep.blank_before {
            replacement.push_str(newline);
            what.push("added an empty line before it");
        }
        replacement.push_str(sep.dashes);
        if sep.spaced {
            what.push("removed the spaces around the dashes");
        }
        if text.ends_with('\r') {
            replacement.push('\r');
        }
        if !sep.blank_after {
            replacement.push_str(newline);
            what.push("added an empty line after it");
        }
        if what.is_empty() {
            continue;
        }
        let edit = Edit {
            span: line,
            replacement,
            description: format!("`{}` now splits the slide: {}", sep.dashes, what.join(", ")),
        };
        // Keep an edit only if it does not put a split inside code or a
        // comment.
        let trial = apply(source, std::slice::from_ref(&edit));
        let after_parse = decktype_parse::parse(&trial, &decktype_parse::Options::default());
        if count(
            &after_parse.diagnostics,
            decktype_parse::codes::SEPARATOR_IN_CODE_OR_COMMENT,
        ) > in_code_before
        {
            continue;
        }
        edits.push(edit);
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.span.start);
    let text = apply(source, &edits);
    let changes = edits
        .iter()
        .map(|e| Change {
            line: index.line_col(e.span.start).line,
            description: e.description.clone(),
        })
        .collect();
    Some(Fixed { text, changes })
}

fn count(diagnostics: &[decktype_model::Diagnostic], code: &str) -> usize {
    diagnostics.iter().filter(|d| d.code == code).count()
}

/// `source` with `edits` (sorted, not overlapping) applied.
fn apply(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&source[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&source[at..]);
    out
}

/// A unified diff of `old` → `new` for `path` (`--fix --dry-run`).
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt004(text: &str) -> usize {
        count(
            &decktype_parse::parse(text, &Default::default()).diagnostics,
            decktype_parse::codes::SEPARATOR_NOT_SPLIT,
        )
    }

    #[test]
    fn separators_get_their_blank_lines_and_lose_their_spaces() {
        let src = "---\ntype: slide\n---\n\n# A\ntext\n---\n# B\n\n----  \n\n# C\n";
        assert_eq!(dt004(src), 2);
        let fixed = fix(src).unwrap();
        assert_eq!(
            fixed.text,
            "---\ntype: slide\n---\n\n# A\ntext\n\n---\n\n# B\n\n----\n\n# C\n"
        );
        assert_eq!(dt004(&fixed.text), 0);
        let parsed = decktype_parse::parse(&fixed.text, &Default::default());
        assert_eq!(parsed.deck.slides.len(), 3);
        assert_eq!(fixed.changes.len(), 2);
        assert_eq!(fixed.changes[0].line, 7);
        assert!(fixed.changes[0].description.contains("empty line before"));
        assert!(fixed.changes[1].description.contains("spaces"));
        // Fixing again finds nothing.
        assert_eq!(fix(&fixed.text), None);
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let src = "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\n---  \r\n\r\n# B\r\n";
        let fixed = fix(src).unwrap();
        assert_eq!(
            fixed.text,
            "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\n---\r\n\r\n# B\r\n"
        );
    }

    #[test]
    fn blank_lines_before_front_matter_are_removed() {
        let src = "\n\n---\ntype: slide\n---\n\n# A\n";
        let fixed = fix(src).unwrap();
        assert_eq!(fixed.text, "---\ntype: slide\n---\n\n# A\n");
        assert_eq!(fixed.changes[0].line, 1);
        assert!(
            decktype_parse::parse(&fixed.text, &Default::default())
                .deck
                .front_matter
                .is_some()
        );
        // Text before the front matter is not whitespace: left alone.
        assert_eq!(fix("hello\n---\ntype: slide\n---\n"), None);
    }

    #[test]
    fn what_is_not_safe_is_left_alone() {
        // The last line with no line end.
        assert_eq!(fix("---\ntype: slide\n---\n\n# A\n\nx\n\n---"), None);
        // Dashes inside a code fence are code: not reported, not fixed.
        let src = "---\ntype: slide\n---\n\n# A\n\n```\ncode\n---\nmore\n```\n";
        assert_eq!(dt004(src), 0);
        assert_eq!(fix(src), None);
        // The same outside the fence is reported and fixed.
        let src = "---\ntype: slide\n---\n\n# A\n\ncode\n---\nmore\n";
        assert_eq!(dt004(src), 1);
        assert!(fix(src).is_some());
    }

    #[test]
    fn the_diff_is_unified() {
        let d = diff("d.md", "a\nb\n", "a\n\nb\n");
        assert!(d.starts_with("--- a/d.md\n+++ b/d.md\n@@"), "{d}");
        assert!(d.contains("\n+\n"), "{d}");
    }
}
