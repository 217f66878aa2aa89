//! Stable diagnostic codes of the semantic pass (DT03x). Never reused.

/// No call date in any source.
pub const NO_CALL_DATE: &str = "DT030";
/// Two sources give different call dates.
pub const CONFLICTING_CALL_DATES: &str = "DT031";
/// A date-like text on an events slide that is not a calendar day.
pub const IMPOSSIBLE_DATE: &str = "DT032";
