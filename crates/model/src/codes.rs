//! Every diagnostic code decktype emits, in one place: a constant per code
//! and [`ALL`], the table of codes with their names, summaries and the
//! stage that emits them.
//!
//! Codes are stable: a code is never reused for another meaning, and
//! `decktype check`, `decktype.toml` and SARIF output refer to them. Crates
//! emit codes only through these constants; a test fails on a `"DTnnn"`
//! literal anywhere else in a crate's source. `decktype-check` adds each
//! code's default level in a check (its `RULES`, in the order of [`ALL`]).

/// The part of decktype that emits a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The parser (`decktype_parse`), and reading a file (not UTF-8).
    Parse,
    /// The semantic pass (`decktype_semantics`).
    Semantics,
    /// `decktype check`'s own rules (`decktype_check`).
    Check,
    /// The HTML export (`decktype_export_html`).
    Html,
    /// The PDF export (`decktype_export_pdf`).
    Pdf,
    /// `decktype build` (`decktype_build`).
    Build,
}

impl Stage {
    /// The stage's name as written in docs and tests: `parse`, `semantics`,
    /// `check`, `html`, `pdf`, `build`.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Semantics => "semantics",
            Stage::Check => "check",
            Stage::Html => "html",
            Stage::Pdf => "pdf",
            Stage::Build => "build",
        }
    }
}

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable code, `DTnnn`.
    pub code: &'static str,
    /// A short kebab-case name (SARIF `rule.name`).
    pub name: &'static str,
    /// What the code reports, in one sentence.
    pub summary: &'static str,
    /// The stage that emits it. [`IMAGE_NOT_EMBEDDED`] is the HTML export's
    /// and the PDF export's: its stage is [`Stage::Html`].
    pub stage: Stage,
}

// Parser, and reading a file (DT001–DT023).

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
/// A `slideOptions` key HedgeDoc does not pass to reveal.js (a check rule).
pub const UNKNOWN_SLIDE_OPTION: &str = "DT008";
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
/// An `.element` attribute comment at the start of a definition (`<dd>`),
/// which the model keeps no attributes for.
pub const ELEMENT_ATTRIBUTES_UNUSED: &str = "DT018";
/// Containers nested too deeply were flattened (content kept).
pub const NESTING_TOO_DEEP: &str = "DT019";
/// The input is not valid UTF-8 (reported where files are read).
pub const NOT_UTF8: &str = "DT020";
/// An HTML element holding Markdown is not closed on its slide.
pub const ELEMENT_NOT_CLOSED: &str = "DT021";
/// The input is larger than the input size limit and was not read
/// (reported where files are read).
pub const INPUT_TOO_LARGE: &str = "DT022";
/// A control character (C0 but tab and line ends, DEL, C1) in the text: it
/// becomes U+FFFD.
pub const CONTROL_CHARACTER: &str = "DT023";

// Semantic pass (DT030–DT036).

/// No call date in any source.
pub const NO_CALL_DATE: &str = "DT030";
/// Two sources give different call dates.
pub const CONFLICTING_CALL_DATES: &str = "DT031";
/// A date-like text on an events slide that is not a calendar day.
pub const IMPOSSIBLE_DATE: &str = "DT032";
/// A date-like text on an event line that no date pattern reads.
pub const UNPARSED_DATE: &str = "DT033";
/// A team or SIG heading whose name is no team or SIG of the profile.
pub const UNKNOWN_GROUP: &str = "DT034";
/// A team or SIG heading whose name is a near miss of a profile name.
pub const GROUP_NAME_TYPO: &str = "DT035";
/// An item on a tenders slide that starts like a tender id but does not
/// match the profile's id pattern.
pub const TENDER_ID_PATTERN: &str = "DT036";

// `decktype check` (DT008, DT040–DT046).

/// The deck's JSON does not validate against the committed schema.
pub const SCHEMA_INVALID: &str = "DT040";
/// A heading with no content under it; a team or SIG with no report.
pub const EMPTY_SECTION: &str = "DT041";
/// A placeholder from the community's template left in the deck.
pub const TEMPLATE_PLACEHOLDER: &str = "DT042";
/// A local image that does not exist or lies outside the deck's folder.
pub const IMAGE_MISSING: &str = "DT043";
/// An uploaded image not stored next to the deck.
pub const IMAGE_NOT_ARCHIVED: &str = "DT044";
/// An image without alt text.
pub const IMAGE_WITHOUT_ALT: &str = "DT045";
/// A `<style>` that imports or loads from the network.
pub const REMOTE_STYLESHEET: &str = "DT046";

// The HTML export (DT050–DT052; DT050 is the PDF export's too).

/// An image or slide background not embedded (drawn as a placeholder with
/// its alt text and URL).
pub const IMAGE_NOT_EMBEDDED: &str = "DT050";
/// CSS the HTML export dropped (`@import`, a remote `url()`, `expression()` ...).
pub const CSS_DROPPED: &str = "DT051";
/// An embedded frame, video or audio, shown as a link.
pub const EMBED_AS_LINK: &str = "DT052";

// The PDF export (DT060–DT068).

/// CSS the PDF does not map onto its template.
pub const CSS_NOT_MAPPED: &str = "DT060";
/// Characters no font has (bundled, `--font-path` or the machine's).
pub const MISSING_GLYPH: &str = "DT061";
/// A slide scaled below the readable minimum to fit its page.
pub const SCALED_DOWN: &str = "DT062";
/// Speaker notes left out of the PDF.
pub const NOTES_LEFT_OUT: &str = "DT063";
/// typst failed (template error, or the output does not meet the PDF
/// standard asked for).
pub const TYPST_FAILED: &str = "DT064";
/// The PDF could not be made PDF/A and is plain PDF.
pub const NOT_ARCHIVAL: &str = "DT065";
/// Containers nested deeper than the PDF can lay out, flattened in the PDF
/// (content kept; the JSON and HTML keep the nesting).
pub const NESTING_FLATTENED_IN_PDF: &str = "DT066";
/// Text longer than a PDF string may be (32 767 bytes in PDF/A), shortened
/// where the PDF needs it as a string (title, bookmark, heading, alt text) or
/// a link left as text.
pub const TEXT_TRUNCATED_IN_PDF: &str = "DT067";
/// A CMYK JPEG without a colour profile, shown as an RGB copy in a PDF/A
/// (which has no device CMYK).
pub const IMAGE_CONVERTED_IN_PDF: &str = "DT068";

// `decktype build` (DT070–DT071).

/// A deck could not be read or one of its outputs not written.
pub const BUILD_IO_FAILED: &str = "DT070";
/// A deck's export went over its time or memory budget (or its worker
/// process died) and was stopped.
pub const DECK_OVER_BUDGET: &str = "DT071";

const fn c(
    code: &'static str,
    name: &'static str,
    stage: Stage,
    summary: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        name,
        summary,
        stage,
    }
}

use Stage::{Build, Check, Html, Parse, Pdf, Semantics};

/// Every code, in code order.
pub const ALL: &[CodeInfo] = &[
    c(
        FRONT_MATTER_NOT_AT_START,
        "front-matter-not-at-start",
        Parse,
        "Front matter not at byte 0: HedgeDoc shows it as text and ignores `type: slide`.",
    ),
    c(
        YAML_INVALID,
        "yaml-invalid",
        Parse,
        "The front matter is not valid YAML.",
    ),
    c(
        YAML_NOT_MAPPING,
        "front-matter-not-mapping",
        Parse,
        "The front matter is not a YAML mapping.",
    ),
    c(
        SEPARATOR_NOT_SPLIT,
        "separator-not-split",
        Parse,
        "A line looks like a slide separator but HedgeDoc does not split on it.",
    ),
    c(
        SEPARATOR_IN_CODE_OR_COMMENT,
        "separator-in-code-or-comment",
        Parse,
        "A separator inside a code fence or HTML comment: HedgeDoc splits there anyway.",
    ),
    c(
        NOT_A_SLIDE_DECK,
        "not-a-slide-deck",
        Parse,
        "`type: slide` is missing: HedgeDoc shows a document, not slides.",
    ),
    c(
        META_WRONG_TYPE,
        "meta-wrong-type",
        Parse,
        "A known front matter key has a value of the wrong type.",
    ),
    c(
        UNKNOWN_SLIDE_OPTION,
        "unknown-slide-option",
        Check,
        "A `slideOptions` key that HedgeDoc does not pass to reveal.js.",
    ),
    c(
        SLIDE_ATTRIBUTE_DROPPED,
        "slide-attribute-dropped",
        Parse,
        "A `.slide` attribute that HedgeDoc drops.",
    ),
    c(
        HTML_SHOWN_AS_TEXT,
        "html-shown-as-text",
        Parse,
        "An HTML tag HedgeDoc's sanitizer removes, shown as text (`<script>`, `<link>`).",
    ),
    c(
        UNCLOSED_COMMENT,
        "unclosed-comment",
        Parse,
        "An unclosed HTML comment hides the rest of the slide.",
    ),
    c(
        NOTES_AMBIGUOUS,
        "notes-ambiguous",
        Parse,
        "More than one `note:` line on a slide: HedgeDoc shows no speaker notes.",
    ),
    c(
        NOTES_IGNORED,
        "notes-ignored",
        Parse,
        "`Notes:` or an indented `Note:` is plain text, not speaker notes.",
    ),
    c(
        UNMATCHED_END_TAG,
        "unmatched-end-tag",
        Parse,
        "An HTML end tag that closes nothing.",
    ),
    c(
        SEPARATOR_WITHOUT_BLANK_LINES,
        "separator-without-blank-lines",
        Parse,
        "A split without blank lines around the separator (CRLF quirk).",
    ),
    c(EMPTY_FILE, "empty-file", Parse, "The file is empty."),
    c(
        HTML_SCRIPT_ATTRIBUTE,
        "html-script-attribute",
        Parse,
        "An HTML attribute that would run script (`on*`, `javascript:`); HedgeDoc strips it.",
    ),
    c(
        ELEMENT_ATTRIBUTES_UNUSED,
        "element-attributes-unused",
        Parse,
        "`.element` attributes at the start of a definition (`<dd>`), which keeps no attributes.",
    ),
    c(
        NESTING_TOO_DEEP,
        "nesting-too-deep",
        Parse,
        "Containers nested too deep; flattened, content kept.",
    ),
    c(NOT_UTF8, "not-utf8", Parse, "The file is not UTF-8."),
    c(
        ELEMENT_NOT_CLOSED,
        "element-not-closed",
        Parse,
        "An HTML element holding Markdown is not closed on its slide; it holds the rest of the slide.",
    ),
    c(
        INPUT_TOO_LARGE,
        "input-too-large",
        Parse,
        "The input is larger than the input size limit (64 MiB unless `--max-input-size` says otherwise): not read.",
    ),
    c(
        CONTROL_CHARACTER,
        "control-character",
        Parse,
        "A control character (NUL, ESC, DEL, C1 ...; not tab or line ends) in the text: it shows as U+FFFD.",
    ),
    c(
        NO_CALL_DATE,
        "no-call-date",
        Semantics,
        "No call date in the title slide, front matter or file name.",
    ),
    c(
        CONFLICTING_CALL_DATES,
        "conflicting-call-dates",
        Semantics,
        "The title slide, front matter, file name or `--date` disagree on the call date.",
    ),
    c(
        IMPOSSIBLE_DATE,
        "impossible-date",
        Semantics,
        "An event line with an impossible date or a year far from the call.",
    ),
    c(
        UNPARSED_DATE,
        "unparsed-date",
        Semantics,
        "An event line with something date-like that is not a date decktype can read.",
    ),
    c(
        UNKNOWN_GROUP,
        "unknown-group",
        Semantics,
        "A team or SIG heading that names no team or SIG of the profile.",
    ),
    c(
        GROUP_NAME_TYPO,
        "group-name-typo",
        Semantics,
        "A team or SIG heading with a misspelt name.",
    ),
    c(
        TENDER_ID_PATTERN,
        "tender-id-pattern",
        Semantics,
        "A tender item whose id does not match the profile's pattern.",
    ),
    c(
        SCHEMA_INVALID,
        "schema",
        Check,
        "The deck's JSON does not validate against schemas/deck.v1.schema.json.",
    ),
    c(
        EMPTY_SECTION,
        "empty-section",
        Check,
        "A heading with no content under it.",
    ),
    c(
        TEMPLATE_PLACEHOLDER,
        "template-placeholder",
        Check,
        "A placeholder from the community's template is still in the deck.",
    ),
    c(
        IMAGE_MISSING,
        "image-missing",
        Check,
        "A local image file that does not exist (or lies outside the deck's folder).",
    ),
    c(
        IMAGE_NOT_ARCHIVED,
        "image-not-archived",
        Check,
        "An uploaded image whose file is not stored next to the deck.",
    ),
    c(
        IMAGE_WITHOUT_ALT,
        "image-without-alt",
        Check,
        "An image without alt text.",
    ),
    c(
        REMOTE_STYLESHEET,
        "remote-stylesheet",
        Check,
        "A `<style>` that imports or loads from the network.",
    ),
    c(
        IMAGE_NOT_EMBEDDED,
        "image-not-embedded",
        Html,
        "An image or slide background the HTML or PDF export could not embed: a placeholder shows its alt text and URL.",
    ),
    c(
        CSS_DROPPED,
        "css-dropped",
        Html,
        "CSS the HTML export leaves out (`@import`, a remote `url()`, `expression()`).",
    ),
    c(
        EMBED_AS_LINK,
        "embed-as-link",
        Html,
        "An `<iframe>`, `<video>` or `<audio>` the HTML export shows as a link.",
    ),
    c(
        CSS_NOT_MAPPED,
        "css-not-mapped",
        Pdf,
        "CSS the PDF does not map onto its template (another selector, property or value).",
    ),
    c(
        MISSING_GLYPH,
        "missing-glyph",
        Pdf,
        "Characters no font has (bundled, --font-path or the machine's), one per slide, drawn as `U+XXXX` boxes in the PDF.",
    ),
    c(
        SCALED_DOWN,
        "scaled-down",
        Pdf,
        "A slide scaled below 50 % to fit its PDF page.",
    ),
    c(
        NOTES_LEFT_OUT,
        "notes-left-out",
        Pdf,
        "Speaker notes left out of the PDF.",
    ),
    c(
        TYPST_FAILED,
        "typst-failed",
        Pdf,
        "typst failed (a template error, a file it may not read, a PDF standard not met): no PDF is written.",
    ),
    c(
        NOT_ARCHIVAL,
        "not-archival",
        Pdf,
        "PDF/A was asked for but the deck has no date: the file is plain PDF.",
    ),
    c(
        NESTING_FLATTENED_IN_PDF,
        "nesting-flattened-in-pdf",
        Pdf,
        "Lists, quotes, elements or emphasis nested deeper than the PDF can lay out: flattened in the PDF, content kept.",
    ),
    c(
        TEXT_TRUNCATED_IN_PDF,
        "text-truncated-in-pdf",
        Pdf,
        "A title, heading, bookmark or alt text longer than a PDF string may be, shortened in the PDF (a link that long stays text).",
    ),
    c(
        IMAGE_CONVERTED_IN_PDF,
        "image-converted-in-pdf",
        Pdf,
        "A CMYK JPEG without a colour profile, which PDF/A cannot show as it is: the PDF/A shows an RGB copy (--pdf-standard none keeps its CMYK bytes).",
    ),
    c(
        BUILD_IO_FAILED,
        "build-io-failed",
        Build,
        "A deck could not be read or one of its outputs not written: the build skips it.",
    ),
    c(
        DECK_OVER_BUDGET,
        "deck-over-budget",
        Build,
        "A deck's export went over its time or memory budget (or its worker process died) and was stopped: the build skips its PDF (its JSON and HTML stay when they were written) and goes on.",
    ),
];

/// The registry entry of `code`, if it is one (usable in constants).
pub const fn info(code: &str) -> Option<&'static CodeInfo> {
    let mut i = 0;
    while i < ALL.len() {
        if same(ALL[i].code, code) {
            return Some(&ALL[i]);
        }
        i += 1;
    }
    None
}

/// `a == b`, in a `const fn`.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}",
                pair[0].code,
                pair[1].code
            );
        }
        for c in ALL {
            assert!(
                c.code.len() == 5
                    && c.code.starts_with("DT")
                    && c.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                c.code
            );
            assert!(
                !c.name.is_empty()
                    && c.name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}: {}",
                c.code,
                c.name
            );
            assert!(c.summary.ends_with('.'), "{}", c.code);
            assert_eq!(info(c.code), Some(c));
        }
        assert_eq!(info("DT999"), None);
        let mut names: Vec<_> = ALL.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "names are unique");
    }
}
