//! Date expressions as community-call decks write them, resolved to calendar
//! dates with [`chrono`].
//!
//! Forms (all seen in real decks): `5.9.2023`, `13.09.2023`, `5.-6.9.2023`,
//! `13-14.9.2023`, `26/27.9.2023`, `16.-19.10.2023`, `30.9.-2.10.2023`,
//! `14./15. May 2024`, `4.+5. Dec`, `Feb, 23`, `14. November`, `April 23`, `May 22-23`,
//! `June 18-22`, `Nov 6+7`, `March 5 and 6`, `Feb 3+4`, `Oct 31`, `Sep 30 - Oct 2`,
//! `2024-04-22`, `2025/08/28`, `2025/10/17-19`, `2025/11/3-4`; English and German
//! month names and abbreviations. A date without a year takes the year that
//! puts it nearest to the call date.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

/// A date or date range found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte range of the expression in the text.
    pub range: Range<usize>,
    /// What it resolved to, or why it could not be.
    pub value: Result<DateRange, DateProblem>,
}

/// A resolved date range; `end` is `None` for a single day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day, for ranges.
    pub end: Option<NaiveDate>,
}

/// Why a date-like expression did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// No such day in the calendar (`31.02.2024`).
    Impossible(String),
    /// The range ends before it starts.
    Backwards,
    /// No year given and no call date to infer it from.
    NoYear,
    /// The year is written but far from the call's (`16.11.2923` in a 2023
    /// call): a typo, not a guess to make.
    FarYear(i32),
}

/// How far a written year may be from the call's year.
const MAX_YEARS_AWAY: i32 = 10;

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateProblem::Impossible(what) => write!(f, "{what} is not a day in the calendar"),
            DateProblem::Backwards => write!(f, "the range ends before it starts"),
            DateProblem::NoYear => write!(f, "no year is given and the call date is unknown"),
            DateProblem::FarYear(y) => write!(
                f,
                "the year {y} is more than {MAX_YEARS_AWAY} years from the call date"
            ),
        }
    }
}

const MONTH: &str = r"(?P<MON>jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:arch|ar|ärz|är|aerz)|apr(?:il)?|ma[iy]|jun[ei]?|jul[yi]?|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)\.?";
const JOIN: &str = r"\s*(?:[-–/+&]|(?-u:\b)and(?-u:\b)|(?-u:\b)und(?-u:\b)|(?-u:\b)to(?-u:\b)|(?-u:\b)bis(?-u:\b))\s*";
const ORD: &str = r"(?:st|nd|rd|th)?";

/// The patterns, most specific first. Named groups: `y`, `m`, `d`, `d2`,
/// `m2`, `y2`, and `MON`/`MON2` for month names.
static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let mon2 = MONTH.replace("MON", "MON2");
    let pats = [
        // 2025/10/17-19, 2024-04-22, 2025/11/3-4
        r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:\s*[-–]\s*(?P<d2>\d{1,2}))?"
            .to_owned(),
        // 30.9.-2.10.2023 (range across months)
        format!(
            r"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.?{JOIN}(?P<d2>\d{{1,2}})\.(?P<m2>\d{{1,2}})\.(?P<y>\d{{4}})?"
        ),
        // 5.-6.9.2023, 13-14.9.2023, 26/27.9.2023, 16.-19.10.2023
        format!(r"(?P<d>\d{{1,2}})\.?{JOIN}(?P<d2>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})?"),
        // 5.9.2023, 13.09.2023, 31.02.
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})?".to_owned(),
        // 14./15. May 2024, 4.+5. Dec
        format!(
            r"(?i:(?P<d>\d{{1,2}})\.?{ORD}{JOIN}(?P<d2>\d{{1,2}})\.?{ORD}\s*(?:of\s+)?{MONTH})(?:,?\s*(?P<y>\d{{4}}))?"
        ),
        // 14. November, 23rd May 2024
        format!(r"(?i:(?P<d>\d{{1,2}})\.?{ORD}\s*(?:of\s+)?{MONTH})(?:,?\s*(?P<y>\d{{4}}))?"),
        // Sep 30 - Oct 2
        format!(
            r"(?i:{MONTH}\s*(?P<d>\d{{1,2}}){ORD}\s*[-–]\s*{mon2}\s*(?P<d2>\d{{1,2}}){ORD})(?:,?\s*(?P<y>\d{{4}}))?"
        ),
        // May 22-23, Nov 6+7, March 5 and 6, Oct 31, April 23
        format!(
            r"(?i:{MONTH},?\s*(?P<d>\d{{1,2}}){ORD}(?:{JOIN}(?P<d2>\d{{1,2}}){ORD})?)(?:,?\s*(?P<y>\d{{4}}))?"
        ),
    ];
    // `[0-9]` rather than `\d`: Unicode digits are not dates here, and the
    // automata stay small.
    pats.iter()
        .map(|p| Regex::new(&p.replace(r"\d", "[0-9]")).expect("date patterns are valid"))
        .collect()
});

/// All patterns in one, without groups: where the next date may start.
static ANY: LazyLock<Regex> = LazyLock::new(|| {
    let strip = Regex::new(r"\(\?P<[A-Za-z0-9]+>").expect("valid");
    let alternatives: Vec<String> = PATTERNS
        .iter()
        .map(|re| format!("(?:{})", strip.replace_all(re.as_str(), "(?:")))
        .collect();
    Regex::new(&alternatives.join("|")).expect("date patterns are valid")
});

/// Each pattern anchored at the start, to measure a match at a known start.
static ANCHORED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|re| Regex::new(&format!("^(?:{})", re.as_str())).expect("date patterns are valid"))
        .collect()
});

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" | "mär" | "mae" => 3,
        "apr" => 4,
        "may" | "mai" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" | "okt" => 10,
        "nov" => 11,
        "dec" | "dez" => 12,
        _ => {
            // "mär" is 4 bytes: take by chars.
            let three: String = n.chars().take(3).collect();
            return (three == "mär").then_some(3);
        }
    };
    Some(m)
}

fn num(c: &Captures<'_>, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

/// A match must not be glued to surrounding digits, letters or dots (version
/// numbers like `1.2.3` or `R5.1` are not dates).
fn is_free_standing(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '/');
    let glued_after = after.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic());
    !glued_before && !glued_after
}

/// Finds every date expression in `text`, left to right, without overlaps.
/// `call` resolves dates written without a year.
pub fn find_dates(text: &str, call: Option<NaiveDate>) -> Vec<DateMatch> {
    // Every form has a digit; most lines have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut found: Vec<DateMatch> = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        // The next place any pattern matches (one fast scan), then the
        // longest free-standing match of any pattern starting there.
        let Some(m) = ANY.find_at(text, pos) else {
            break;
        };
        let start = m.start();
        let best = ANCHORED
            .iter()
            .enumerate()
            .filter_map(|(i, re)| re.find(&text[start..]).map(|m| (i, start..start + m.end())))
            .filter(|(_, r)| !r.is_empty() && is_free_standing(text, r))
            .max_by_key(|(i, r)| (r.end, std::cmp::Reverse(*i)));
        let Some((i, range)) = best else {
            // Nothing free-standing starts here: look further on.
            pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        pos = range.end;
        if let Some(caps) = ANCHORED[i].captures(&text[range.start..]) {
            found.push(DateMatch {
                value: resolve(&caps, call),
                range,
            });
        }
    }
    found
}

fn resolve(c: &Captures<'_>, call: Option<NaiveDate>) -> Result<DateRange, DateProblem> {
    let month = num(c, "m")
        .or_else(|| c.name("MON").and_then(|m| month_number(m.as_str())))
        .unwrap_or(0);
    let month2 = num(c, "m2")
        .or_else(|| c.name("MON2").and_then(|m| month_number(m.as_str())))
        .unwrap_or(month);
    let day = num(c, "d").unwrap_or(0);
    let day2 = num(c, "d2");
    let year = num(c, "y").map(|y| y as i32);
    let describe = |y: Option<i32>, m: u32, d: u32| match y {
        Some(y) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("day {d} of month {m}"),
    };
    // Check the days exist in some year first (31.02. never does).
    let leap_ok = |m: u32, d: u32| NaiveDate::from_ymd_opt(2024, m, d).is_some();
    if !leap_ok(month, day) {
        return Err(DateProblem::Impossible(describe(year, month, day)));
    }
    if let Some(d2) = day2
        && !leap_ok(month2, d2)
    {
        return Err(DateProblem::Impossible(describe(year, month2, d2)));
    }
    if let (Some(y), Some(call)) = (year, call)
        && (y - call.year()).abs() > MAX_YEARS_AWAY
    {
        return Err(DateProblem::FarYear(y));
    }
    let start = match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day)
            .ok_or_else(|| DateProblem::Impossible(describe(year, month, day)))?,
        None => nearest(month, day, call.ok_or(DateProblem::NoYear)?)?,
    };
    let end = match day2 {
        None => None,
        Some(d2) => {
            let mut end = NaiveDate::from_ymd_opt(start.year_ce().1 as i32, month2, d2)
                .ok_or_else(|| {
                    DateProblem::Impossible(describe(Some(start.year_ce().1 as i32), month2, d2))
                })?;
            if end < start && month2 < month {
                // Dec 30 - Jan 2: the end is in the next year.
                end = NaiveDate::from_ymd_opt(start.year_ce().1 as i32 + 1, month2, d2)
                    .ok_or_else(|| DateProblem::Impossible(describe(None, month2, d2)))?;
            }
            if end < start {
                return Err(DateProblem::Backwards);
            }
            (end != start).then_some(end)
        }
    };
    Ok(DateRange { start, end })
}

use chrono::Datelike;

/// The date with this month and day nearest to `call` (previous, same or next year).
fn nearest(month: u32, day: u32, call: NaiveDate) -> Result<NaiveDate, DateProblem> {
    let y = call.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - call).num_days().abs())
        .ok_or_else(|| DateProblem::Impossible(format!("day {day} of month {month}")))
}

/// Compiles the date patterns now (see `Options::warm_up`).
pub(crate) fn warm_up() {
    LazyLock::force(&ANCHORED);
    LazyLock::force(&ANY);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The one date expression in `text`, as (start, end).
    fn one(text: &str, call: &str) -> (String, Option<String>) {
        let found = find_dates(text, Some(d(call)));
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        let r = found[0]
            .value
            .as_ref()
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        (r.start.to_string(), r.end.map(|e| e.to_string()))
    }

    #[test]
    fn every_form_seen_in_real_decks() {
        let call = "2023-09-07";
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            ("5.9.2023", call, "2023-09-05", None),
            ("13.09.2023", call, "2023-09-13", None),
            ("5.-6.9.2023", call, "2023-09-05", Some("2023-09-06")),
            ("13-14.9.2023", call, "2023-09-13", Some("2023-09-14")),
            ("26/27.9.2023", call, "2023-09-26", Some("2023-09-27")),
            ("16.-19.10.2023", call, "2023-10-16", Some("2023-10-19")),
            ("14./15. May 2024", call, "2024-05-14", Some("2024-05-15")),
            ("April 23", "2024-04-18", "2024-04-23", None),
            ("May 22-23", "2024-04-18", "2024-05-22", Some("2024-05-23")),
            ("June 18-22", "2024-06-06", "2024-06-18", Some("2024-06-22")),
            ("Nov 6+7", "2024-10-24", "2024-11-06", Some("2024-11-07")),
            ("4.+5. Dec", "2024-11-21", "2024-12-04", Some("2024-12-05")),
            ("14. November", "2024-10-24", "2024-11-14", None),
            (
                "March 5 and 6",
                "2024-02-22",
                "2024-03-05",
                Some("2024-03-06"),
            ),
            ("Feb 3+4", "2024-12-12", "2025-02-03", Some("2025-02-04")),
            ("Oct 31", "2024-10-24", "2024-10-31", None),
            ("2024-04-22", call, "2024-04-22", None),
            ("2025/08/28", call, "2025-08-28", None),
            ("2025/10/17-19", call, "2025-10-17", Some("2025-10-19")),
            ("2025/11/3-4", call, "2025-11-03", Some("2025-11-04")),
            ("30.9.-2.10.2023", call, "2023-09-30", Some("2023-10-02")),
            ("Sep 30 - Oct 2", call, "2023-09-30", Some("2023-10-02")),
            ("12. Oktober 2023", call, "2023-10-12", None),
            ("3.-4. März", "2024-02-22", "2024-03-03", Some("2024-03-04")),
            (
                "Dez 30 - Jan 2",
                "2024-12-12",
                "2024-12-30",
                Some("2025-01-02"),
            ),
            ("23rd May 2024", call, "2024-05-23", None),
            (
                "Feb, 26 + 27",
                "2024-02-22",
                "2024-02-26",
                Some("2024-02-27"),
            ),
        ];
        for (text, call, start, end) in cases {
            let got = one(text, call);
            assert_eq!(
                got,
                ((*start).to_owned(), end.map(str::to_owned)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn dates_inside_sentences() {
        let text = "SCS @ ALASCA Summit - 29./30. October in Dresden (Felix), then Cloud Expo 2025/10/17-19.";
        let found = find_dates(text, Some(d("2024-10-24")));
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "29./30. October");
        assert_eq!(found[0].value.as_ref().unwrap().start, d("2024-10-29"));
        assert_eq!(&text[found[1].range.clone()], "2025/10/17-19");
    }

    #[test]
    fn impossible_dates_are_problems_not_guesses() {
        let found = find_dates("on 31.02. we meet", Some(d("2024-01-10")));
        assert!(
            matches!(found[0].value, Err(DateProblem::Impossible(_))),
            "{found:?}"
        );
        let found = find_dates("April 31", Some(d("2024-04-10")));
        assert!(
            matches!(found[0].value, Err(DateProblem::Impossible(_))),
            "{found:?}"
        );
        let found = find_dates("29.02.2023", None);
        assert!(
            matches!(found[0].value, Err(DateProblem::Impossible(_))),
            "{found:?}"
        );
        assert!(find_dates("29.02.2024", None)[0].value.is_ok());
    }

    #[test]
    fn a_year_far_from_the_call_is_a_typo_not_a_date() {
        let found = find_dates(
            "Open Source Day - Berlin, 16.11.2923",
            Some(d("2023-09-14")),
        );
        assert_eq!(found[0].value, Err(DateProblem::FarYear(2923)));
        // Without a call date there is nothing to compare with.
        assert!(find_dates("16.11.2923", None)[0].value.is_ok());
    }

    #[test]
    fn a_year_is_needed_from_somewhere() {
        assert_eq!(
            find_dates("May 22", None)[0].value,
            Err(DateProblem::NoYear)
        );
    }

    #[test]
    fn version_numbers_and_other_numbers_are_not_dates() {
        for text in [
            "R5.1 is out",
            "OSISM 7.0.x",
            "version 1.2.3",
            "May 2024",
            "at 16:05 CEST",
            "scs-0302-v1",
            "PR #384",
            "2.5x faster",
        ] {
            assert!(
                find_dates(text, Some(d("2024-04-18"))).is_empty(),
                "{text:?}: {:?}",
                find_dates(text, Some(d("2024-04-18")))
            );
        }
    }
}
