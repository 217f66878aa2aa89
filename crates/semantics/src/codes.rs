//! The semantic pass's diagnostic codes (DT030–DT036), re-exported from the
//! registry, [`decktype_model::codes`], where their names and summaries are.

pub use decktype_model::codes::{
    CONFLICTING_CALL_DATES, GROUP_NAME_TYPO, IMPOSSIBLE_DATE, NO_CALL_DATE, TENDER_ID_PATTERN,
    UNKNOWN_GROUP, UNPARSED_DATE,
};
