//! The index page in a real browser: headless Debian Chromium over the
//! DevTools protocol (`decktype-test-browser`).
//!
//! The page of the fixture decks plus a hostile synthetic deck (and of the
//! corpus, when present) loads from `file://` with no console error, no
//! uncaught exception, no dialog and no network request; its script splits
//! the events into Upcoming and Past by the browser's date; typing a phrase
//! from one slide into the search box lists that slide with its `#/h/v`
//! link and the match in `<mark>`; a `#q=` URL prefills the search,
//! diacritics-insensitively; a nonsense query shows no result; a hostile
//! query adds no element but text and marks.
//!
//! Without Chromium the tests skip with a message, unless
//! `DECKTYPE_REQUIRE_BROWSER=1`, where they fail.

mod common;

use std::path::{Path, PathBuf};

use common::Texts;
use decktype_archive::Archive;
use decktype_export_site::index_html;
use decktype_test_browser::{Browser, PageLog, browser_or_skip, file_url};
use serde_json::{Value, json};

fn write_index(archive: &Archive, texts: &Texts, dir: &Path) -> PathBuf {
    let path = dir.join("index.html");
    std::fs::write(&path, index_html(archive, texts, "SCS community calls")).unwrap();
    path
}

/// What the results list shows: `[href, slide title, snippet, marks]` per
/// result, and the status line.
fn results(browser: &mut Browser, tab: &str, log: &mut PageLog) -> (Vec<Value>, String) {
    let v = browser.eval(
        tab,
        r#"(() => ({
            status: document.getElementById('search-status').textContent,
            results: [...document.querySelectorAll('#search-results > li')].map(li => {
                const a = li.querySelector('a.result-head');
                const p = li.querySelector('.result-snippet');
                return [a ? a.getAttribute('href') : null,
                        li.querySelector('.result-slide').textContent,
                        p ? p.textContent : '',
                        [...li.querySelectorAll('mark')].map(m => m.textContent)];
            }),
        }))()"#,
        log,
    );
    (
        v["results"].as_array().cloned().unwrap_or_default(),
        v["status"].as_str().unwrap_or("").to_owned(),
    )
}

/// Clears the search box and types `text` into it as a user would.
fn type_query(browser: &mut Browser, tab: &str, text: &str, log: &mut PageLog) {
    browser.eval(
        tab,
        "(() => { const i = document.getElementById('search'); i.value = ''; i.dispatchEvent(new Event('input')); i.focus(); })()",
        log,
    );
    browser.insert_text(tab, text, log);
    browser.eval_await(tab, "new Promise(r => setTimeout(r, 30))", log);
}

/// Checks the event split: every event in Upcoming or Past by the browser's
/// date, the unsplit list hidden. Returns (upcoming, past).
fn check_events(
    browser: &mut Browser,
    tab: &str,
    archive: &Archive,
    log: &mut PageLog,
) -> (u64, u64) {
    let v = browser.eval(
        tab,
        r#"(() => {
            const d = new Date(), p = n => String(n).padStart(2, '0');
            const today = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
            const up = [...document.querySelectorAll('#events-upcoming > li.event')];
            const past = [...document.querySelectorAll('#events-past > li.event')];
            const visible = el => el.offsetParent !== null;
            return {
                up: up.length, past: past.length,
                upOk: up.every(li => li.dataset.end >= today),
                pastOk: past.every(li => li.dataset.end < today),
                upSorted: up.every((li, i) => i === 0 || up[i - 1].dataset.start <= li.dataset.start),
                pastSorted: past.every((li, i) => i === 0 || past[i - 1].dataset.start >= li.dataset.start),
                allHidden: !visible(document.getElementById('events-all')),
                splitShown: visible(document.getElementById('events-split')),
                left: document.querySelectorAll('#events-all li').length,
            };
        })()"#,
        log,
    );
    assert_eq!(
        v["up"].as_u64().unwrap() + v["past"].as_u64().unwrap(),
        archive.events.len() as u64,
        "{v}"
    );
    for k in [
        "upOk",
        "pastOk",
        "upSorted",
        "pastSorted",
        "allHidden",
        "splitShown",
    ] {
        assert_eq!(v[k], json!(true), "{k}: {v}");
    }
    assert_eq!(v["left"], json!(0));
    (v["up"].as_u64().unwrap(), v["past"].as_u64().unwrap())
}

/// ASCII words of a slide's text, and a phrase of `n` of them that matches
/// only that slide of the whole archive (by the page's rules: every term a
/// case-insensitive substring of title + text).
fn unique_phrase(texts: &Texts, deck: &str) -> Option<(usize, String)> {
    let hay: Vec<String> = texts
        .values()
        .flatten()
        .map(|s| format!("{}\n{}", s.title.as_deref().unwrap_or(""), s.text).to_lowercase())
        .collect();
    for (i, slide) in texts[deck].iter().enumerate() {
        let words: Vec<&str> = slide
            .text
            .split_whitespace()
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        for window in words.windows(4) {
            let terms: Vec<String> = window.iter().map(|w| w.to_lowercase()).collect();
            let matches = hay
                .iter()
                .filter(|h| terms.iter().all(|t| h.contains(t.as_str())))
                .count();
            if matches == 1 {
                return Some((i, window.join(" ")));
            }
        }
    }
    None
}

/// Loads the page, checks events and search with a phrase from `deck`.
fn check_page(browser: &mut Browser, archive: &Archive, texts: &Texts, deck: &str) -> (u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let index = write_index(archive, texts, dir.path());
    let mut log = PageLog::default();
    let tab = browser.open(&file_url(&index), &mut log);

    let split = check_events(browser, &tab, archive, &mut log);

    // The initial status and an empty result list.
    let (found, status) = results(browser, &tab, &mut log);
    assert!(found.is_empty());
    assert!(status.starts_with("Type words to search"), "{status}");

    // A phrase of one slide: that slide, with its #/h/v link.
    let (slide, phrase) = unique_phrase(texts, deck).expect("a phrase unique to one slide");
    let s = &texts[deck][slide];
    let html_out = archive
        .decks
        .iter()
        .find(|d| d.summary.path == deck)
        .and_then(|d| d.summary.outputs.html.clone())
        .unwrap();
    let want = format!("{html_out}#/{}/{}", s.h, s.v);
    // Typed in other case: the search ignores case.
    type_query(browser, &tab, &phrase.to_uppercase(), &mut log);
    let (found, status) = results(browser, &tab, &mut log);
    // Unique by plain lowercase; the page also folds diacritics, which
    // could add a slide or two.
    assert!(found.len() <= 3, "{phrase:?}: {status} {found:?}");
    let hit = found
        .iter()
        .find(|r| r[0] == json!(want))
        .unwrap_or_else(|| panic!("{phrase:?}: no {want} in {status} {found:?}"));
    let marks: Vec<String> = hit[3]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_lowercase())
        .collect();
    let first = phrase.split(' ').next().unwrap().to_lowercase();
    assert!(marks.contains(&first), "{marks:?} lacks {first}");
    // The link opens that deck's HTML at the slide.
    let hrefs = browser.eval(
        &tab,
        "[...document.querySelectorAll('#search-results a.result-head')].map(a => a.href)",
        &mut log,
    );
    let target = url_path_join(&index, &want);
    assert!(
        hrefs.as_array().unwrap().contains(&json!(target)),
        "{target} not in {hrefs}"
    );

    // Nonsense: no result.
    type_query(browser, &tab, "zzqxj-nonsense qwxv", &mut log);
    let (found, status) = results(browser, &tab, &mut log);
    assert!(found.is_empty(), "{found:?}");
    assert!(status.starts_with("No results"), "{status}");

    // A common letter: at most 100 shown, the count says how many match.
    type_query(browser, &tab, "e", &mut log);
    let (found, status) = results(browser, &tab, &mut log);
    let at_least = texts
        .values()
        .flatten()
        .filter(|s| {
            format!("{}\n{}", s.title.as_deref().unwrap_or(""), s.text)
                .to_lowercase()
                .contains('e')
        })
        .count();
    if found.len() == 100 {
        let total: usize = status
            .strip_suffix(" results, showing first 100.")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("status {status:?}"));
        assert!(total > 100 && total >= at_least, "{total}, {at_least}");
    } else {
        assert!(found.len() >= at_least, "{} < {at_least}", found.len());
        assert_eq!(status, format!("{} results.", found.len()));
    }

    browser.eval_await(&tab, "new Promise(r => setTimeout(r, 50))", &mut log);
    browser.close(&tab, &mut log);
    assert!(log.is_quiet(), "{}", log.problems().join("\n"));
    split
}

/// The absolute URL of `relative` next to `index`.
fn url_path_join(index: &Path, relative: &str) -> String {
    let base = file_url(index);
    let dir = &base[..base.rfind('/').unwrap() + 1];
    format!("{dir}{relative}")
}

#[test]
fn the_fixture_index_works_offline_in_chromium() {
    let Some(mut browser) = browser_or_skip("the_fixture_index_works_offline_in_chromium") else {
        return;
    };
    let (archive, texts) = common::fixture_and_hostile_archive();
    let (upcoming, past) = check_page(
        &mut browser,
        &archive,
        &texts,
        "seed-community-call-2024-04-18.md",
    );
    // The hostile deck's event is in 2099, the seeds' are long past.
    assert!(
        upcoming >= 1 && past >= 1,
        "{upcoming} upcoming, {past} past"
    );
}

#[test]
fn url_query_prefills_a_diacritics_insensitive_search_and_hostile_queries_stay_text() {
    let Some(mut browser) = browser_or_skip(
        "url_query_prefills_a_diacritics_insensitive_search_and_hostile_queries_stay_text",
    ) else {
        return;
    };
    let (archive, texts) = common::fixture_and_hostile_archive();
    let dir = tempfile::tempdir().unwrap();
    let index = write_index(&archive, &texts, dir.path());
    let deck = "seed-community-call-2024-04-18.md";
    let (slide, _) = texts[deck]
        .iter()
        .enumerate()
        .find(|(_, s)| s.text.contains("CloudLand in Brühl"))
        .expect("the seed lists CloudLand in Brühl");
    let s = &texts[deck][slide];
    let want = format!("{deck}.html#/{}/{}", s.h, s.v);

    for url in [
        format!("{}#q=cloudland%20BRUHL", file_url(&index)),
        format!("{}?q=cloudland+bruhl", file_url(&index)),
    ] {
        let mut log = PageLog::default();
        let tab = browser.open(&url, &mut log);
        let value = browser.eval(&tab, "document.getElementById('search').value", &mut log);
        assert_eq!(
            value.as_str().map(str::to_lowercase),
            Some("cloudland bruhl".to_owned())
        );
        let (found, status) = results(&mut browser, &tab, &mut log);
        let hit = found
            .iter()
            .find(|r| r[0] == json!(want))
            .unwrap_or_else(|| panic!("{url}: no {want} in {status} {found:?}"));
        let marks = hit[3].as_array().unwrap();
        assert!(marks.contains(&json!("Brühl")), "{marks:?}");
        assert!(marks.contains(&json!("CloudLand")), "{marks:?}");
        browser.close(&tab, &mut log);
        assert!(log.is_quiet(), "{url}: {}", log.problems().join("\n"));
    }

    // A hostile query, matching hostile text: results are text and marks only.
    let mut log = PageLog::default();
    let tab = browser.open(&file_url(&index), &mut log);
    type_query(
        &mut browser,
        &tab,
        "</script><script>alert(3)</script>",
        &mut log,
    );
    let (found, _) = results(&mut browser, &tab, &mut log);
    assert!(!found.is_empty());
    let elements = browser.eval(
        &tab,
        "[...document.querySelectorAll('#search-results *')].map(e => e.tagName.toLowerCase()).filter(t => !['li','a','span','p','mark'].includes(t))",
        &mut log,
    );
    assert_eq!(elements, json!([]));
    let scripts = browser.eval(&tab, "document.scripts.length", &mut log);
    assert_eq!(scripts, json!(2));
    browser.close(&tab, &mut log);
    assert!(log.is_quiet(), "{}", log.problems().join("\n"));
}

#[test]
fn the_corpus_index_works_offline_in_chromium() {
    let test = "the_corpus_index_works_offline_in_chromium";
    let Some(decks) = common::corpus_decks(test) else {
        return;
    };
    let Some(mut browser) = browser_or_skip(test) else {
        return;
    };
    let (archive, texts) = common::archive_of(&decks);
    // The newest dated call with a unique phrase.
    let deck = archive
        .decks
        .iter()
        .rev()
        .filter(|d| d.summary.date.is_some())
        .map(|d| d.summary.path.clone())
        .find(|p| unique_phrase(&texts, p).is_some())
        .expect("a corpus deck with a unique phrase");
    let (upcoming, past) = check_page(&mut browser, &archive, &texts, &deck);
    eprintln!("corpus: {upcoming} upcoming, {past} past events; searched {deck}");
}
