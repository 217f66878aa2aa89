//! Every diagnostic code decktype emits, with its default level in a check.
//!
//! Codes are stable: a code is never reused for another meaning. The parser
//! (DT001–DT020) and the semantic pass (DT030–DT036) emit theirs with a
//! severity of their own; a check raises some of them (a deck HedgeDoc does
//! not render as intended is an error in a pull request), and adds its own
//! rules (DT008, DT040–DT046).

use crate::Level;

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, `DTnnn`.
    pub code: &'static str,
    /// A short kebab-case name (SARIF `rule.name`).
    pub name: &'static str,
    /// The level in a check when the configuration says nothing. `None`:
    /// the severity the diagnostic was emitted with (the parser tells a
    /// harmless `<YOUR NAME>` from a `<script>`).
    pub default: Option<Level>,
    /// What the rule finds, in one sentence.
    pub summary: &'static str,
}

const fn r(
    code: &'static str,
    name: &'static str,
    default: Option<Level>,
    summary: &'static str,
) -> Rule {
    Rule {
        code,
        name,
        default,
        summary,
    }
}

use Level::{Error as E, Info as I, Warning as W};

/// All rules, by code.
pub const RULES: &[Rule] = &[
    r(
        "DT001",
        "front-matter-not-at-start",
        Some(E),
        "Front matter not at byte 0: HedgeDoc shows it as text and ignores `type: slide`.",
    ),
    r(
        "DT002",
        "yaml-invalid",
        Some(E),
        "The front matter is not valid YAML.",
    ),
    r(
        "DT003",
        "front-matter-not-mapping",
        Some(E),
        "The front matter is not a YAML mapping.",
    ),
    r(
        "DT004",
        "separator-not-split",
        Some(W),
        "A line looks like a slide separator but HedgeDoc does not split on it.",
    ),
    r(
        "DT005",
        "separator-in-code-or-comment",
        Some(W),
        "A separator inside a code fence or HTML comment: HedgeDoc splits there anyway.",
    ),
    r(
        "DT006",
        "not-a-slide-deck",
        Some(E),
        "`type: slide` is missing: HedgeDoc shows a document, not slides.",
    ),
    r(
        "DT007",
        "meta-wrong-type",
        Some(W),
        "A known front matter key has a value of the wrong type.",
    ),
    r(
        "DT008",
        "unknown-slide-option",
        Some(W),
        "A `slideOptions` key that HedgeDoc does not pass to reveal.js.",
    ),
    r(
        "DT009",
        "slide-attribute-dropped",
        Some(W),
        "A `.slide` attribute that HedgeDoc drops.",
    ),
    r(
        "DT010",
        "html-shown-as-text",
        None,
        "An HTML tag HedgeDoc's sanitizer removes, shown as text (`<script>`, `<link>`).",
    ),
    r(
        "DT011",
        "unclosed-comment",
        Some(E),
        "An unclosed HTML comment hides the rest of the slide.",
    ),
    r(
        "DT012",
        "notes-ambiguous",
        Some(W),
        "More than one `note:` line on a slide: HedgeDoc shows no speaker notes.",
    ),
    r(
        "DT013",
        "notes-ignored",
        None,
        "`Notes:` or an indented `Note:` is plain text, not speaker notes.",
    ),
    r(
        "DT014",
        "unmatched-end-tag",
        None,
        "An HTML end tag that closes nothing.",
    ),
    r(
        "DT015",
        "separator-without-blank-lines",
        Some(W),
        "A split without blank lines around the separator (CRLF quirk).",
    ),
    r("DT016", "empty-file", Some(W), "The file is empty."),
    r(
        "DT017",
        "html-script-attribute",
        Some(W),
        "An HTML attribute that would run script (`on*`, `javascript:`); HedgeDoc strips it.",
    ),
    r(
        "DT018",
        "element-attributes-unused",
        None,
        "`.element` attributes with nothing to attach to.",
    ),
    r(
        "DT019",
        "nesting-too-deep",
        Some(W),
        "Containers nested too deep; flattened, content kept.",
    ),
    r("DT020", "not-utf8", Some(E), "The file is not UTF-8."),
    r(
        "DT030",
        "no-call-date",
        Some(W),
        "No call date in the title slide, front matter or file name.",
    ),
    r(
        "DT031",
        "conflicting-call-dates",
        Some(W),
        "The title slide, front matter, file name or `--date` disagree on the call date.",
    ),
    r(
        "DT032",
        "impossible-date",
        Some(W),
        "An event line with an impossible date or a year far from the call.",
    ),
    r(
        "DT033",
        "unparsed-date",
        Some(W),
        "An event line with something date-like that is not a date decktype can read.",
    ),
    r(
        "DT034",
        "unknown-group",
        Some(W),
        "A team or SIG heading that names no team or SIG of the profile.",
    ),
    r(
        "DT035",
        "group-name-typo",
        Some(W),
        "A team or SIG heading with a misspelt name.",
    ),
    r(
        "DT036",
        "tender-id-pattern",
        Some(W),
        "A tender item whose id does not match the profile's pattern.",
    ),
    r(
        "DT040",
        "schema",
        Some(E),
        "The deck's JSON does not validate against schemas/deck.v1.schema.json.",
    ),
    r(
        "DT041",
        "empty-section",
        Some(W),
        "A heading with no content under it.",
    ),
    r(
        "DT042",
        "template-placeholder",
        Some(W),
        "A placeholder from the community's template is still in the deck.",
    ),
    r(
        "DT043",
        "image-missing",
        Some(E),
        "A local image file that does not exist (or lies outside the deck's folder).",
    ),
    r(
        "DT044",
        "image-not-archived",
        Some(I),
        "An uploaded image whose file is not stored next to the deck.",
    ),
    r(
        "DT045",
        "image-without-alt",
        Some(W),
        "An image without alt text.",
    ),
    r(
        "DT046",
        "remote-stylesheet",
        Some(W),
        "A `<style>` that imports or loads from the network.",
    ),
];

/// The rule with `code`, if it is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} then {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in RULES {
            assert!(
                rule.code.len() == 5 && rule.code.starts_with("DT"),
                "{}",
                rule.code
            );
            assert!(rule.summary.ends_with('.'), "{}", rule.code);
        }
    }

    #[test]
    fn every_code_the_parser_and_semantics_emit_is_a_rule() {
        for code in decktype_parse::codes::ALL
            .iter()
            .chain(decktype_semantics::codes::ALL)
        {
            assert!(rule(code).is_some(), "{code} has no rule");
        }
    }
}
