//! Stable diagnostic codes of the semantic pass (DT03x). Never reused.

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

/// Every code above.
pub const ALL: &[&str] = &[
    NO_CALL_DATE,
    CONFLICTING_CALL_DATES,
    IMPOSSIBLE_DATE,
    UNPARSED_DATE,
    UNKNOWN_GROUP,
    GROUP_NAME_TYPO,
    TENDER_ID_PATTERN,
];
