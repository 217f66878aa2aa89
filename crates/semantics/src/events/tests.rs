//! Tests of reading event lines, unchanged from when events were one file.

use chrono::NaiveDate;

use super::Rules;
use super::candidates::{has_digit, has_relative_day};
use super::event::event_of;
use super::line_dates::RELATIVE;
use crate::dates::find_dates;
use crate::lines::Line;
use crate::profile::Profile;
#[test]
fn relative_days_are_ascii_words() {
    let re = &*RELATIVE;
    for text in [
        "today",
        "Today!",
        "x today",
        "todays",
        "_today",
        "ätoday",
        "today_",
        "TOMORROW 10:00",
        "heute",
        "morgens",
        "1morgen",
        "no",
    ] {
        assert_eq!(has_relative_day(text), re.is_match(text), "{text}");
    }
    assert!(has_digit("a 1") && !has_digit("ä b"));
}

fn one(line: &str, call: &str) -> (String, String, Option<String>, Option<String>) {
    let rules = Rules::new(&Profile::default());
    let call = NaiveDate::parse_from_str(call, "%Y-%m-%d").unwrap();
    let found = find_dates(line, Some(call));
    let m = found.into_iter().find(|m| m.value.is_ok()).expect("a date");
    let l = Line {
        text: line.into(),
        urls: Vec::new(),
        context: None,
        rest: Default::default(),
        heading: None,
        depth: None,
        span: decktype_model::Span::new(0, line.len()),
    };
    let e = event_of(&l, m.range, m.value.unwrap(), 0, None, &rules).unwrap();
    (e.name, e.start, e.end, e.location)
}

#[test]
fn lines_as_real_decks_write_them() {
    let s = |v: &str| Some(v.to_owned());
    /// Line, call date, and the expected name, start, end and location.
    type Case = (
        &'static str,
        &'static str,
        (&'static str, &'static str, Option<String>, Option<String>),
    );
    let cases: &[Case] = &[
        (
            "Container Days – Hamburg, 11.-12.9.2023, Jan will participate in the conference",
            "2023-08-31",
            (
                "Container Days",
                "2023-09-11",
                s("2023-09-12"),
                s("Hamburg"),
            ),
        ),
        (
            "artcodix – SCS Launch Event, Rosenheim, 12.9.2023",
            "2023-08-31",
            (
                "artcodix – SCS Launch Event",
                "2023-09-12",
                None,
                s("Rosenheim"),
            ),
        ),
        (
            "May 22-23 CloudExpo Europe in Frankfurt/Main (Alex, Kurt/Felix)",
            "2024-04-18",
            (
                "CloudExpo Europe",
                "2024-05-22",
                s("2024-05-23"),
                s("Frankfurt/Main"),
            ),
        ),
        (
            "July 3 GeoWebTalk Geonetzwerk.metropoleRuhr (online) (Manuela with talk)",
            "2024-06-06",
            (
                "GeoWebTalk Geonetzwerk.metropoleRuhr",
                "2024-07-03",
                None,
                s("online"),
            ),
        ),
        (
            "SCS @ ALASCA Summit - 29./30. October in Dresden (Felix (talk), Artem)",
            "2024-10-24",
            ("ALASCA Summit", "2024-10-29", s("2024-10-30"), s("Dresden")),
        ),
        (
            "FOSDEM (and Open Src Policy Summit and ...): Feb 3+4, Brussels (@fkr, @garloff)",
            "2024-01-11",
            ("FOSDEM", "2024-02-03", s("2024-02-04"), s("Brussels")),
        ),
        (
            "July 9+10 UN Symposium OSPOs for Good, New York (Kurt)",
            "2024-06-06",
            (
                "UN Symposium OSPOs for Good",
                "2024-07-09",
                s("2024-07-10"),
                s("New York"),
            ),
        ),
        (
            "Feb, 23: ALASCA Tech Talk #13: Clouditor",
            "2024-02-22",
            ("ALASCA Tech Talk #13: Clouditor", "2024-02-23", None, None),
        ),
        (
            "June 3 OpenInfraDay Hungary: Eclipse xPanse Talk (Alex)",
            "2024-04-18",
            ("OpenInfraDay Hungary", "2024-06-03", None, None),
        ),
        (
            "October 29/30: ALASCA Summit Dresden",
            "2024-07-18",
            ("ALASCA Summit", "2024-10-29", s("2024-10-30"), s("Dresden")),
        ),
        (
            "🐱 OpenInfra Summit Europe 2025/10/17-19: https://summit2025.openinfra.org/",
            "2025-08-08",
            (
                "OpenInfra Summit Europe",
                "2025-10-17",
                s("2025-10-19"),
                None,
            ),
        ),
        (
            "2024-02-09 13:05 - 14:55 CET: Hacking Session to get pages - you are all invited",
            "2024-01-11",
            ("Hacking Session to get pages", "2024-02-09", None, None),
        ),
    ];
    let mut wrong = Vec::new();
    for (line, call, (name, start, end, location)) in cases {
        let want = (
            (*name).to_owned(),
            (*start).to_owned(),
            end.clone(),
            location.clone(),
        );
        let got = one(line, call);
        if got != want {
            wrong.push(format!("{line}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
