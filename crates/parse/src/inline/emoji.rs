//! `:shortcode:` emoji, as markdown-it-emoji renders them.

use decktype_model::{Inline, Span};

use super::piece;

/// The emoji at `text[at]` (a `:`) in a text node with `span` (see [`piece`]
/// for `exact`), and its end offset.
pub(super) fn emoji_at(text: &str, at: usize, exact: bool, span: Span) -> Option<(Inline, usize)> {
    let (shortcode, glyph, end) = emoji(text, at)?;
    let node = Inline::Emoji {
        shortcode: shortcode.to_owned(),
        emoji: glyph.to_owned(),
        span: piece(exact, span, at, end),
    };
    Some((node, end))
}

/// `:shortcode:` with a known shortcode, not glued to a preceding letter or digit.
fn emoji(text: &str, at: usize) -> Option<(&str, &'static str, usize)> {
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let rest = &text[at + 1..];
    let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))?;
    if len == 0 || !rest[len..].starts_with(':') {
        return None;
    }
    let name = &rest[..len];
    let emoji = emojis::get_by_shortcode(name)?;
    Some((name, emoji.as_str(), at + 1 + len + 1))
}
