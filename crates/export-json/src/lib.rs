//! The JSON export: a plain function of the analysed decks, like the HTML
//! and PDF exports. The wire types (the envelope, the format version, the
//! schema) live in `decktype-format`; this crate only lays envelopes out as
//! text.

use decktype_format::Envelope;

/// How several envelopes are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Two-space indented JSON.
    #[default]
    Pretty,
    /// JSON on one line.
    Compact,
    /// JSON Lines: one compact envelope per line, also for a single deck.
    Lines,
}

/// One envelope as pretty JSON with a final newline: what `decktype parse`
/// writes for one deck and what `decktype build` writes per deck.
pub fn to_json(envelope: &Envelope) -> String {
    envelope.to_json_pretty()
}

/// The text for `envelopes`: a single document when `single` (one deck was
/// asked for), else a JSON array, or one line per deck with
/// [`Layout::Lines`]. Always ends with a newline.
pub fn export(envelopes: &[&Envelope], layout: Layout, single: bool) -> String {
    let mut s = match (layout, single) {
        (Layout::Lines, _) => {
            let mut s = String::new();
            for e in envelopes {
                s.push_str(&e.to_json_line());
                s.push('\n');
            }
            return s;
        }
        (Layout::Pretty, true) if envelopes.len() == 1 => return envelopes[0].to_json_pretty(),
        (Layout::Compact, true) if envelopes.len() == 1 => envelopes[0].to_json_line(),
        (Layout::Pretty, _) => {
            serde_json::to_string_pretty(envelopes).expect("the model always serializes")
        }
        (Layout::Compact, _) => {
            serde_json::to_string(envelopes).expect("the model always serializes")
        }
    };
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_format::Envelope;
    use decktype_model::Deck;

    fn envelope(path: &str) -> Envelope {
        Envelope::new(Some(path), "", Deck::default(), &[])
    }

    #[test]
    fn layouts() {
        let (a, b) = (envelope("a.md"), envelope("b.md"));
        let one = [&a];
        let two = [&a, &b];
        assert_eq!(export(&one, Layout::Pretty, true), one[0].to_json_pretty());
        assert_eq!(
            export(&one, Layout::Compact, true),
            format!("{}\n", one[0].to_json_line())
        );
        assert!(export(&one, Layout::Pretty, false).starts_with("[\n"));
        let lines = export(&two, Layout::Lines, false);
        assert_eq!(lines.lines().count(), 2);
        for (line, e) in lines.lines().zip(&two) {
            assert_eq!(Envelope::from_json(line).unwrap(), **e);
        }
        let array: Vec<Envelope> =
            serde_json::from_str(&export(&two, Layout::Compact, false)).unwrap();
        assert_eq!(array, [a, b]);
    }
}
