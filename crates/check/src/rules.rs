//! Every diagnostic code decktype emits, with its default level in a check.
//!
//! The codes, their names and summaries are the registry's,
//! [`decktype_model::codes`]; a rule adds the level a code is reported at
//! when the configuration says nothing. The parser (DT001–DT023) and the
//! semantic pass (DT030–DT036) emit theirs with a severity of their own,
//! and a check reports them at that same level, so a finding has one level
//! in `decktype parse`, `check` and `build` (a `decktype.toml` or a flag
//! changes it in `check`, the pull request's gate). A rule gives that level
//! (`Some`) or says "as emitted" (`None`: the parser tells a harmless
//! `<YOUR NAME>` from a `<script>`); a test runs every fixture through the
//! three and compares. A check adds its own rules (DT008, DT040–DT046). The
//! exports' and the build's codes (DT050–DT071) are listed too, as emitted:
//! `decktype check` does not export, but `--list-rules` and SARIF name
//! every code.

use decktype_model::codes::{self, CodeInfo};

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

/// The rule for the registered `code`; fails the build for a code that is
/// not in the registry.
const fn r(code: &str, default: Option<Level>) -> Rule {
    let CodeInfo {
        code,
        name,
        summary,
        ..
    } = match codes::info(code) {
        Some(info) => *info,
        None => panic!("a rule for a code that is not in decktype_model::codes"),
    };
    Rule {
        code,
        name,
        default,
        summary,
    }
}

use Level::{Error as E, Info as I, Warning as W};

/// All rules, in the registry's order ([`codes::ALL`]).
pub const RULES: &[Rule] = &[
    r(codes::FRONT_MATTER_NOT_AT_START, Some(W)),
    r(codes::YAML_INVALID, Some(E)),
    r(codes::YAML_NOT_MAPPING, Some(E)),
    r(codes::SEPARATOR_NOT_SPLIT, Some(W)),
    r(codes::SEPARATOR_IN_CODE_OR_COMMENT, Some(W)),
    r(codes::NOT_A_SLIDE_DECK, Some(W)),
    r(codes::META_WRONG_TYPE, Some(W)),
    r(codes::UNKNOWN_SLIDE_OPTION, Some(W)),
    r(codes::SLIDE_ATTRIBUTE_DROPPED, Some(W)),
    r(codes::HTML_SHOWN_AS_TEXT, None),
    r(codes::UNCLOSED_COMMENT, Some(W)),
    r(codes::NOTES_AMBIGUOUS, Some(W)),
    r(codes::NOTES_IGNORED, None),
    r(codes::UNMATCHED_END_TAG, None),
    r(codes::SEPARATOR_WITHOUT_BLANK_LINES, Some(W)),
    r(codes::EMPTY_FILE, Some(W)),
    r(codes::HTML_SCRIPT_ATTRIBUTE, Some(W)),
    r(codes::ELEMENT_ATTRIBUTES_UNUSED, None),
    r(codes::NESTING_TOO_DEEP, Some(W)),
    r(codes::NOT_UTF8, Some(E)),
    r(codes::ELEMENT_NOT_CLOSED, None),
    r(codes::INPUT_TOO_LARGE, Some(E)),
    r(codes::CONTROL_CHARACTER, None),
    r(codes::NO_CALL_DATE, Some(W)),
    r(codes::CONFLICTING_CALL_DATES, Some(W)),
    r(codes::IMPOSSIBLE_DATE, Some(W)),
    r(codes::UNPARSED_DATE, Some(W)),
    r(codes::UNKNOWN_GROUP, Some(W)),
    r(codes::GROUP_NAME_TYPO, Some(W)),
    r(codes::TENDER_ID_PATTERN, Some(W)),
    r(codes::SCHEMA_INVALID, Some(E)),
    r(codes::EMPTY_SECTION, Some(W)),
    r(codes::TEMPLATE_PLACEHOLDER, Some(W)),
    r(codes::IMAGE_MISSING, Some(E)),
    r(codes::IMAGE_NOT_ARCHIVED, Some(I)),
    r(codes::IMAGE_WITHOUT_ALT, Some(W)),
    r(codes::REMOTE_STYLESHEET, Some(W)),
    r(codes::IMAGE_NOT_EMBEDDED, None),
    r(codes::CSS_DROPPED, None),
    r(codes::EMBED_AS_LINK, None),
    r(codes::CSS_NOT_MAPPED, None),
    r(codes::MISSING_GLYPH, None),
    r(codes::SCALED_DOWN, None),
    r(codes::NOTES_LEFT_OUT, None),
    r(codes::TYPST_FAILED, None),
    r(codes::NOT_ARCHIVAL, None),
    r(codes::NESTING_FLATTENED_IN_PDF, None),
    r(codes::TEXT_TRUNCATED_IN_PDF, None),
    r(codes::IMAGE_CONVERTED_IN_PDF, None),
    r(codes::BUILD_IO_FAILED, None),
    r(codes::DECK_OVER_BUDGET, None),
];

/// The rule with `code`, if it is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_the_registry_list_the_same_codes_in_the_same_order() {
        let rules: Vec<_> = RULES.iter().map(|r| r.code).collect();
        let registry: Vec<_> = codes::ALL.iter().map(|c| c.code).collect();
        assert_eq!(rules, registry);
        for (rule, info) in RULES.iter().zip(codes::ALL) {
            assert_eq!((rule.name, rule.summary), (info.name, info.summary));
        }
    }

    #[test]
    fn codes_a_check_does_not_emit_keep_their_level() {
        use decktype_model::codes::Stage;
        for info in codes::ALL {
            if matches!(info.stage, Stage::Html | Stage::Pdf | Stage::Build) {
                assert_eq!(rule(info.code).unwrap().default, None, "{}", info.code);
            }
        }
    }
}
