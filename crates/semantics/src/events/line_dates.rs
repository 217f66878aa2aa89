//! The dates of a candidate line: the date expressions [`crate::dates`]
//! finds, else a day relative to the call ("today"); and the diagnostics for
//! dates that cannot be read or cannot be.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use decktype_model::{Diagnostic, Severity};
use regex::Regex;

use crate::codes;
use crate::dates::{DateMatch, DateProblem, DateRange, find_dates};
use crate::lines::Line;

/// A day given relative to the call.
pub(super) static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:today|tomorrow|heute|morgen)(?-u:\b)").expect("valid")
});

/// Something shaped like a numeric date (`5/9/2023`, `2023.9.05`), for
/// lines where no date pattern matched.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}(?-u:\b)").expect("valid")
});

/// The dates in `text`; with none, a day relative to the `call` date
/// ("PaaS Mini Hackathon - today").
pub(super) fn dates_of(text: &str, call: Option<NaiveDate>) -> Vec<DateMatch> {
    let mut found = find_dates(text, call);
    if found.is_empty()
        && let Some(call) = call
        && let Some(m) = RELATIVE.find(text)
    {
        let word = m.as_str().to_lowercase();
        let days = u64::from(word == "tomorrow" || word == "morgen");
        let day = call + chrono::Days::new(days);
        found.push(DateMatch {
            range: m.range(),
            value: Ok(DateRange {
                start: day,
                end: None,
            }),
        });
    }
    found
}

/// A warning for an event line without a date but with something shaped like one.
pub(super) fn unreadable_date(line: &Line) -> Option<Diagnostic> {
    let m = DATE_LIKE.find(&line.text)?;
    Some(
        Diagnostic::new(
            Severity::Warning,
            codes::UNPARSED_DATE,
            format!(
                "`{}` on this event line looks like a date, but is not one decktype can read",
                m.as_str()
            ),
            line.span,
        )
        .with_help("write the date as `13.09.2023`, `2023-09-13` or `Sep 13, 2023` (day before month with dots, ISO, or a month name)"),
    )
}

/// A warning for the date at `range` of an event line that cannot be; `None`
/// for a date that only lacks its year.
pub(super) fn impossible_date(
    line: &Line,
    range: Range<usize>,
    problem: DateProblem,
) -> Option<Diagnostic> {
    match problem {
        DateProblem::Impossible(_) | DateProblem::Backwards | DateProblem::FarYear(_) => {
            let written = &line.text[range];
            let mut d = Diagnostic::new(
                Severity::Warning,
                codes::IMPOSSIBLE_DATE,
                format!("the event date `{written}` is impossible: {problem}"),
                line.span,
            );
            d.help = Some("write a date that exists; the event is left out until then".to_owned());
            Some(d)
        }
        DateProblem::NoYear => None,
    }
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    for re in [&RELATIVE, &DATE_LIKE] {
        LazyLock::force(re);
    }
}
