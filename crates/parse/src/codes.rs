//! Stable diagnostic codes of the parser. A code is never reused for another
//! meaning; `decktype check` (and `decktype.toml`) refer to them.

/// Front matter is not at byte 0 (blank lines or a BOM before `---`), so
/// HedgeDoc does not see it.
pub const FRONT_MATTER_NOT_AT_START: &str = "DT001";
/// The front matter YAML does not parse.
pub const YAML_INVALID: &str = "DT002";
/// The front matter YAML is not a mapping.
pub const YAML_NOT_MAPPING: &str = "DT003";
/// A line looks like a slide separator but HedgeDoc does not split on it.
pub const SEPARATOR_NOT_SPLIT: &str = "DT004";
/// HedgeDoc splits on a separator inside a code fence or an HTML comment.
pub const SEPARATOR_IN_CODE_OR_COMMENT: &str = "DT005";
/// The document is not a slide deck (`type: slide` missing).
pub const NOT_A_SLIDE_DECK: &str = "DT006";
/// A known front matter key has a value of the wrong type.
pub const META_WRONG_TYPE: &str = "DT007";
/// A slide attribute HedgeDoc drops (only `data-*`, `id`, `class`, `style` stay).
pub const SLIDE_ATTRIBUTE_DROPPED: &str = "DT009";
/// An HTML tag HedgeDoc's sanitizer does not allow: it shows as text.
pub const HTML_SHOWN_AS_TEXT: &str = "DT010";
/// An HTML comment is never closed and hides the rest of the slide.
pub const UNCLOSED_COMMENT: &str = "DT011";
/// A slide has more than one `note:` line, so HedgeDoc shows no notes.
pub const NOTES_AMBIGUOUS: &str = "DT012";
/// `Notes:` or an indented `Note:` is plain text, not speaker notes.
pub const NOTES_IGNORED: &str = "DT013";
/// An HTML end tag that closes nothing.
pub const UNMATCHED_END_TAG: &str = "DT014";
/// HedgeDoc splits on a `---` line without blank lines around it (only with
/// `\r` line ends, through a JavaScript regular expression quirk).
pub const SEPARATOR_WITHOUT_BLANK_LINES: &str = "DT015";
/// The file is empty.
pub const EMPTY_FILE: &str = "DT016";
/// An HTML attribute that runs script (`on*`, `javascript:`); HedgeDoc strips it.
pub const HTML_SCRIPT_ATTRIBUTE: &str = "DT017";
/// An `.element` attribute comment with nothing it can apply to.
pub const ELEMENT_ATTRIBUTES_UNUSED: &str = "DT018";
/// Containers nested too deeply were flattened (content kept).
pub const NESTING_TOO_DEEP: &str = "DT019";
/// The input is not valid UTF-8 (reported by the CLI, which reads files).
pub const NOT_UTF8: &str = "DT020";

/// Every code above.
pub const ALL: &[&str] = &[
    FRONT_MATTER_NOT_AT_START,
    YAML_INVALID,
    YAML_NOT_MAPPING,
    SEPARATOR_NOT_SPLIT,
    SEPARATOR_IN_CODE_OR_COMMENT,
    NOT_A_SLIDE_DECK,
    META_WRONG_TYPE,
    SLIDE_ATTRIBUTE_DROPPED,
    HTML_SHOWN_AS_TEXT,
    UNCLOSED_COMMENT,
    NOTES_AMBIGUOUS,
    NOTES_IGNORED,
    UNMATCHED_END_TAG,
    SEPARATOR_WITHOUT_BLANK_LINES,
    EMPTY_FILE,
    HTML_SCRIPT_ATTRIBUTE,
    ELEMENT_ATTRIBUTES_UNUSED,
    NESTING_TOO_DEEP,
    NOT_UTF8,
];
