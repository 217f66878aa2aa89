//! The index page of the fixture decks (plus a hostile synthetic deck): every
//! call, tender status, event and group report is on the page and linked to
//! its slide; the page is self-contained and allowed to run only its own
//! script; the search index holds every slide; deck text cannot inject
//! markup or links.

mod common;

use std::collections::BTreeMap;

use base64::Engine;
use common::{BAD_URLS, HOSTILE_NAME, Texts, element, escaped, section};
use decktype_archive::{Archive, GroupKind};
use decktype_export_site::{SEARCH_LIMIT, content_security_policy, index_html};
use sha2::{Digest, Sha256};

const TITLE: &str = "SCS community calls";

fn page(archive: &Archive, texts: &Texts) -> String {
    index_html(archive, texts, TITLE)
}

/// `deck.html#/h/v` of slide `index` of deck `path`.
fn slide_href(archive: &Archive, texts: &Texts, path: &str, index: usize) -> String {
    let deck = archive
        .decks
        .iter()
        .find(|d| d.summary.path == path)
        .unwrap();
    let s = &texts[path][index];
    format!(
        "{}#/{}/{}",
        deck.summary.outputs.html.as_ref().unwrap(),
        s.h,
        s.v
    )
}

#[test]
fn the_fixture_archive_has_something_to_show() {
    let (archive, _) = common::fixture_archive();
    assert!(archive.decks.len() >= 10, "{}", archive.decks.len());
    assert!(!archive.tenders.is_empty());
    assert!(!archive.events.is_empty());
    assert!(archive.groups.iter().any(|g| g.kind == GroupKind::Team));
    assert!(
        archive
            .decks
            .iter()
            .any(|d| d.summary.path == "seed-community-call-2024-04-18.md")
    );
}

#[test]
fn every_call_is_listed_newest_first_with_its_outputs() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let calls = section(&html, "calls");
    for d in &archive.decks {
        let s = &d.summary;
        let title = s.title.as_deref().unwrap_or(&s.path);
        assert!(
            calls.contains(&escaped(title)),
            "{}: title {title:?}",
            s.path
        );
        if let Some(date) = &s.date {
            assert!(
                calls.contains(&format!("<time datetime=\"{date}\">{date}</time>")),
                "{date}"
            );
        }
        for out in [&s.outputs.html, &s.outputs.pdf, &s.outputs.json] {
            let href = format!("href=\"{}\"", out.as_ref().unwrap());
            assert!(calls.contains(&href), "{}: {href}", s.path);
        }
        for kind in &s.section_kinds {
            let name = serde_json::to_value(kind).unwrap();
            let name = name.as_str().unwrap();
            assert!(calls.contains(&format!("data-kind=\"{name}\"")), "{name}");
        }
    }
    // One row per call, newest first, undated last.
    let rows: Vec<&str> = calls.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), archive.decks.len());
    let dates: Vec<Option<&str>> = rows
        .iter()
        .map(|r| {
            r.split("<time datetime=\"")
                .nth(1)
                .map(|t| &t[..t.find('"').unwrap()])
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| {
        (a.is_none(), std::cmp::Reverse(a)).cmp(&(b.is_none(), std::cmp::Reverse(b)))
    });
    assert_eq!(dates, sorted);
    assert!(dates.first().unwrap().is_some() && dates.last().unwrap().is_none());
    // The header counts.
    let header = element(&html, "<header class=\"site-header\">", "</header>");
    let slides: usize = archive.decks.iter().map(|d| d.summary.counts.slides).sum();
    for (n, what) in [
        (archive.decks.len(), "calls"),
        (slides, "slides"),
        (archive.events.len(), "events"),
        (archive.tenders.len(), "tenders"),
    ] {
        assert!(
            header.contains(&format!("<strong>{n}</strong> {what}")),
            "{n} {what}: {header}"
        );
    }
    let first = archive
        .decks
        .iter()
        .filter_map(|d| d.summary.date.as_deref())
        .min()
        .unwrap();
    let last = archive
        .decks
        .iter()
        .filter_map(|d| d.summary.date.as_deref())
        .max()
        .unwrap();
    assert!(header.contains(&format!("Calls from <time datetime=\"{first}\">{first}</time> to <time datetime=\"{last}\">{last}</time>")), "{header}");
}

#[test]
fn the_tender_board_shows_every_status_linked_to_its_slide() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let board = section(&html, "tenders");
    let rows: Vec<&str> = board.split("<tr class=\"tender\">").skip(1).collect();
    assert_eq!(rows.len(), archive.tenders.len());
    for t in &archive.tenders {
        let row = rows
            .iter()
            .find(|r| match &t.id {
                Some(id) => r.contains(&format!(
                    "<th scope=\"row\" class=\"tender-id\">{}</th>",
                    escaped(id)
                )),
                None => t
                    .topic
                    .as_ref()
                    .is_some_and(|topic| r.contains(&escaped(topic))),
            })
            .unwrap_or_else(|| panic!("no row for {t:?}"));
        assert_eq!(
            row.matches("<li class=\"status").count(),
            t.history.len(),
            "{t:?}"
        );
        for (i, st) in t.history.iter().enumerate() {
            let href = slide_href(&archive, &texts, &st.at.deck, st.at.slide);
            let link = format!(
                "<a class=\"status-text\" href=\"{href}\">{}</a>",
                escaped(&st.status)
            );
            assert!(row.contains(&link), "{link}\nnot in\n{row}");
            if i == 0 {
                let newest = element(row, "<li class=\"status newest\">", "</li>");
                assert!(newest.contains(&link), "newest: {newest}");
            }
        }
    }
    // Every status of every deck is there.
    for d in &archive.decks {
        for t in &d.tenders {
            assert!(
                board.contains(&escaped(&t.status)),
                "{}: {:?}",
                d.summary.path,
                t.status
            );
        }
    }
    // Ids in natural order, tenders without id after them.
    let ids: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            let cell = element(r, "class=\"tender-id\">", "</th>");
            (!cell.contains("no id")).then(|| cell.to_owned())
        })
        .collect();
    let first_none = ids.iter().position(Option::is_none).unwrap_or(ids.len());
    assert!(ids[first_none..].iter().all(Option::is_none), "{ids:?}");
    assert!(ids.len() >= 2, "{ids:?}");
}

#[test]
fn tender_ids_sort_naturally() {
    let (mut archive, texts) = common::fixture_archive();
    let template = archive.tenders[0].clone();
    archive.tenders = ["VP10", "VP9", "VP09a", "VP1"]
        .iter()
        .map(|id| {
            let mut t = template.clone();
            t.id = Some((*id).to_owned());
            t
        })
        .collect();
    let html = page(&archive, &texts);
    let board = section(&html, "tenders");
    let order: Vec<usize> = ["VP1", "VP9", "VP09a", "VP10"]
        .iter()
        .map(|id| {
            board
                .find(&format!("class=\"tender-id\">{id}</th>"))
                .unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn every_event_appears_once_with_its_dates_calls_and_links() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let events = common::assert_events_listed(&html, &archive);
    for e in &archive.events {
        let end = e.end.as_deref().unwrap_or(&e.start);
        assert!(
            events.contains(&format!(
                "<li class=\"event\" data-start=\"{}\" data-end=\"{end}\">",
                e.start
            )),
            "{e:?}"
        );
        for m in &e.announced_in {
            let href = slide_href(&archive, &texts, &m.deck, m.slide);
            assert!(
                events.contains(&format!("href=\"{href}\"")),
                "{}: {href}",
                e.name
            );
        }
        for u in &e.urls {
            assert!(
                events.contains(&format!(
                    "<a class=\"url\" href=\"{}\" rel=\"noopener noreferrer\">",
                    escaped(u)
                )),
                "{u}"
            );
        }
    }
    // Sorted by start.
    let starts: Vec<&str> = events
        .split("data-start=\"")
        .skip(1)
        .map(|s| &s[..10])
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    // Upcoming and Past are there for the script to fill.
    for id in ["events-all", "events-upcoming", "events-past"] {
        assert!(events.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[test]
fn the_activity_matrix_marks_every_report() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let matrix = section(&html, "activity");
    let head = element(matrix, "<thead>", "</thead>");
    assert_eq!(
        head.matches("<th class=\"col\"").count(),
        archive.decks.len()
    );
    let body = element(matrix, "<tbody>", "</tbody>");
    let calls: usize = archive.groups.iter().map(|g| g.calls.len()).sum();
    assert_eq!(body.matches("<td class=\"hit\">").count(), calls);
    // Teams first, then SIGs.
    let mut last_at = 0;
    for g in &archive.groups {
        let at = body
            .find(&format!(
                "<th class=\"row\" scope=\"row\">{} ",
                escaped(&g.name)
            ))
            .unwrap_or_else(|| panic!("no row for {}", g.name));
        // The archive lists teams, then SIGs, each by name: so does the page.
        assert!(at > last_at, "{} out of order", g.name);
        last_at = at;
        for c in &g.calls {
            let href = slide_href(&archive, &texts, &c.deck, c.slides[0]);
            let mark = format!("<a class=\"mark\" href=\"{href}\" title=\"");
            let cell = element(&body[at..], &mark, "\"");
            for topic in &c.topics {
                assert!(
                    cell.contains(&escaped(topic)),
                    "{}: {topic} not in {cell}",
                    g.name
                );
            }
        }
    }
}

#[test]
fn only_the_pages_own_script_and_style_may_run() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let csp = element(
        &html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    assert_eq!(csp, content_security_policy());
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    let hash =
        |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()));
    let script = element(&html, "<script>", "</script>");
    assert!(script.len() > 1000);
    assert!(
        csp.contains(&format!("script-src 'sha256-{}';", hash(script))),
        "{csp}"
    );
    let style = element(&html, "<style>", "</style>");
    assert!(
        csp.contains(&format!("style-src 'sha256-{}';", hash(style))),
        "{csp}"
    );
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("<style").count(), 1);
    for resource in [
        "<link", "<img", "<iframe", "src=", "url(", "@import", "style=\"",
    ] {
        assert!(!html.contains(resource), "{resource}");
    }
    // No innerHTML, eval or network API in the script.
    for api in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "Function(",
        "fetch(",
        "XMLHttpRequest",
        "document.write",
    ] {
        assert!(!script.contains(api), "{api}");
    }
    // Deterministic.
    assert_eq!(html, page(&archive, &texts));
}

#[test]
fn the_search_index_has_one_entry_per_slide() {
    let (archive, texts) = common::fixture_archive();
    let html = page(&archive, &texts);
    let json = element(
        &html,
        "<script type=\"application/json\" id=\"search-index\">",
        "</script>",
    );
    assert!(!json.contains('<'));
    let index: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let slides: usize = archive.decks.iter().map(|d| d.summary.counts.slides).sum();
    assert_eq!(index.len(), slides);
    assert_eq!(index.len(), texts.values().map(Vec::len).sum::<usize>());
    let mut per_deck: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &index {
        let path = e["path"].as_str().unwrap();
        let deck = archive
            .decks
            .iter()
            .find(|d| d.summary.path == path)
            .unwrap();
        let i = per_deck.entry(path).or_default();
        let t = &texts[path][*i];
        *i += 1;
        assert_eq!(e["date"].as_str(), deck.summary.date.as_deref());
        assert_eq!(
            e["deck"].as_str(),
            Some(deck.summary.title.as_deref().unwrap_or(path))
        );
        assert_eq!(e["href"].as_str(), deck.summary.outputs.html.as_deref());
        assert_eq!(e["h"], t.h);
        assert_eq!(e["v"], t.v);
        assert_eq!(e["title"].as_str(), t.title.as_deref());
        assert_eq!(e["text"].as_str(), Some(t.text.as_str()));
    }
    assert_eq!(per_deck.len(), archive.decks.len());
    for (path, n) in per_deck {
        assert_eq!(n, texts[path].len(), "{path}");
    }
    assert!(html.contains(&format!(
        "<ol id=\"search-results\" data-limit=\"{SEARCH_LIMIT}\">"
    )));
    assert!(html.contains("<input type=\"search\" id=\"search\""));
}

#[test]
fn hostile_deck_text_is_escaped_and_never_a_link() {
    let (archive, texts) = common::fixture_and_hostile_archive();
    let hostile = archive
        .decks
        .iter()
        .find(|d| d.summary.path == HOSTILE_NAME)
        .unwrap();
    // The deck is what the test thinks it is.
    assert!(
        hostile
            .summary
            .title
            .as_deref()
            .unwrap()
            .contains("</script>")
    );
    assert!(
        hostile
            .tenders
            .iter()
            .any(|t| t.id.as_deref() == Some("VP99"))
    );
    assert!(!hostile.teams.is_empty());
    let html = page(&archive, &texts);
    assert_eq!(
        html.matches("<script").count(),
        2,
        "a deck opened a script element"
    );
    for injected in ["<img", "<svg", "<b ", "onerror=alert(2)>", "<script>alert"] {
        assert!(!html.contains(injected), "{injected} is in the page");
    }
    assert!(html.contains(&escaped(hostile.summary.title.as_deref().unwrap())));
    // The title in <title>, escaped.
    let tender = archive
        .tenders
        .iter()
        .find(|t| t.id.as_deref() == Some("VP99"))
        .unwrap();
    let board = section(&html, "tenders");
    assert!(board.contains(&escaped(&tender.history[0].status)));
    assert!(board.contains(&escaped(tender.topic.as_deref().unwrap())));
    // Links: http(s) and mailto from decks, relative paths of outputs,
    // in-page anchors; nothing else.
    let lower = html.to_ascii_lowercase();
    for href in lower.split("href=\"").skip(1) {
        let href = &href[..href.find('"').unwrap()];
        let ok = href.starts_with("http://")
            || href.starts_with("https://")
            || href.starts_with("mailto:")
            || href.starts_with('#')
            || !href.contains(':');
        assert!(ok, "href {href:?}");
    }
    let events = section(&html, "events");
    for bad in BAD_URLS {
        assert!(
            events.contains(&format!(
                "<span class=\"url plain\">{}</span>",
                escaped(bad)
            )),
            "{bad} is not plain text"
        );
    }
    assert!(events.contains("<a class=\"url\" href=\"https://future.example/summit\""));
    // The search index keeps the text, unable to close its element.
    let json = element(
        &html,
        "<script type=\"application/json\" id=\"search-index\">",
        "</script>",
    );
    let index: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    assert!(index.iter().any(|e| {
        e["text"]
            .as_str()
            .is_some_and(|t| t.contains("</script><script>alert(3)</script>"))
    }));
}

#[test]
fn missing_slide_texts_do_not_panic_and_link_the_deck() {
    let (mut archive, texts) = common::fixture_archive();
    let html = index_html(&archive, &BTreeMap::new(), "No texts");
    let json = element(
        &html,
        "<script type=\"application/json\" id=\"search-index\">",
        "</script>",
    );
    assert_eq!(json, "[]");
    let t = &archive.tenders[0].history[0];
    let deck_html = format!("{}.html", t.at.deck);
    assert!(section(&html, "tenders").contains(&format!("href=\"{deck_html}\">")));
    // Slide indices out of range, decks without outputs or dates.
    let mut short = texts.clone();
    for v in short.values_mut() {
        v.truncate(1);
    }
    for d in &mut archive.decks {
        d.summary.outputs = Default::default();
        d.summary.date = None;
        d.summary.title = None;
    }
    let html = index_html(&archive, &short, "Broken");
    assert!(html.contains("<h1>Broken</h1>"));
    assert!(!section(&html, "tenders").contains("href="));
    let empty = index_html(&Archive::new(Vec::new()), &BTreeMap::new(), "Empty");
    assert!(empty.contains("No dated calls") && empty.contains("No tenders reported."));
}
