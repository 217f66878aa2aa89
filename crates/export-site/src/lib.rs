//! The archive's index page: one self-contained `index.html` for a whole
//! folder of community calls, read offline from `file://` or served as is.
//!
//! [`index_html`] is a plain function of an [`Archive`] and the slides'
//! texts: no files, no clock, no network; the same input gives the same
//! bytes.
//!
//! # What the page shows
//!
//! 1. **Header**: the title, how many calls, slides, events and tenders the
//!    archive holds, and the dates it covers.
//! 2. **Search** (see below).
//! 3. **Calls**, newest first (calls without a date last): date, title,
//!    links to the HTML, PDF and JSON outputs that were written, the kinds
//!    of the call's sections as badges, and the number of slides.
//! 4. **Tender board**: one row per tender id (ids in natural order, `VP2`
//!    before `VP10`; tenders reported without an id after them), with its
//!    status in every call that reported it, newest first and the newest
//!    highlighted. Each status links to its slide in that call's HTML
//!    (`deck.html#/h/v`).
//! 5. **Events**: every event, deduplicated across calls, sorted by start,
//!    with dates, name, location, the calls that announced it (links to
//!    their slides) and its URLs. Each event carries `data-start` and
//!    `data-end` (ISO dates); since the page must not depend on when it was
//!    built, the page's script splits them into *Upcoming* (ending today or
//!    later, soonest first) and *Past* (newest first) with the browser's
//!    date when the page loads. Without the script it is one list.
//! 6. **Team and SIG activity**: a matrix, rows the groups (teams, then
//!    SIGs), columns the calls by date; a mark where the group reported,
//!    linked to its first slide of the call, its topics as tooltip. The
//!    matrix scrolls horizontally (the script scrolls it to the newest
//!    calls).
//!
//! Links to a deck's slides need the deck's HTML output; where it was not
//! written the page shows plain text. A slide index without a known
//! `(h, v)` (no text for the deck) links to the deck's HTML itself.
//!
//! # Search
//!
//! The page embeds a search index: a JSON array in
//! `<script type="application/json" id="search-index">`, one object per
//! slide, newest call first:
//!
//! ```json
//! {"path": "2024-04-18.md", "date": "2024-04-18", "deck": "SCS Community Call",
//!  "href": "2024-04-18.md.html", "h": 3, "v": 0, "title": "Team IaaS", "text": "..."}
//! ```
//!
//! (`href` is the deck's HTML output, `null` when there is none.) The
//! script searches it in the browser, no server involved: the query is
//! split at whitespace, and a slide matches when *every* term is a
//! substring of its title and text, compared case-insensitively and
//! diacritics-insensitively (both folded to lowercase, Unicode NFD, combining
//! marks removed: `bruhl` finds `Brühl`). Results list the call date, deck
//! title, slide title and a snippet around the first match with the matches
//! in `<mark>`, and link to `deck.html#/h/v`; at most [`SEARCH_LIMIT`] are
//! shown, with the total count.
//!
//! The query can be given in the URL: `index.html#q=tender%20status` or
//! `index.html?q=tender+status` fills in the search box and runs it (the
//! fragment wins when both are given; a later `#q=` change runs again).
//!
//! # Safety
//!
//! Deck text, titles, paths and URLs are untrusted input:
//!
//! 1. Everything the page shows is rendered with maud, which escapes every
//!    text and attribute value.
//! 2. Only absolute `http:`, `https:`, `mailto:` and `tel:` URLs from decks
//!    become links, with `rel="noopener noreferrer"`
//!    ([`decktype_sanitize::link_target`]; relative targets are refused,
//!    as they would resolve against this page, not the deck); any other URL
//!    (`javascript:`, `data:`, `deck.md` ...) is shown as plain text.
//!    Output paths become relative links, percent-encoded so that no path
//!    can turn into a scheme, a host or a fragment.
//! 3. The search index is JSON inside a non-executed `<script>` data block,
//!    with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`
//!    ([`decktype_sanitize::script_json`]), so no deck text can close the
//!    element.
//! 4. The script builds search results with DOM APIs and `textContent`
//!    only, never `innerHTML`; it uses no `eval` and makes no request.
//! 5. A Content-Security-Policy (`default-src 'none'`, the page's one script
//!    and one stylesheet allowed by their SHA-256 hashes; see
//!    [`content_security_policy`]) lets nothing else load or run.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use decktype_archive::{Archive, ArchiveDeck, GroupKind, Mention, SlideText, TenderHistory};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::json;
use sha2::{Digest, Sha256};

const SITE_CSS: &str = include_str!("../assets/site.css");
const SITE_JS: &str = include_str!("../assets/site.js");

/// The most search results the page shows at once (it says how many more
/// there are).
pub const SEARCH_LIMIT: usize = 100;

fn sha256_base64(text: &str) -> String {
    base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        Sha256::digest(text.as_bytes()),
    )
}

/// The Content-Security-Policy of the page: its own script and stylesheet
/// by their hashes, nothing else (no images, fonts, frames, forms or
/// connections).
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'; connect-src 'none'",
        sha256_base64(SITE_JS),
        sha256_base64(SITE_CSS)
    )
}

/// What the renderer looks up: decks by path, slide positions.
struct Ctx<'a> {
    decks: HashMap<&'a str, &'a ArchiveDeck>,
    texts: &'a BTreeMap<String, Vec<SlideText>>,
}

impl Ctx<'_> {
    /// The relative link to the deck's HTML output, if it has one.
    fn deck_href(&self, path: &str) -> Option<String> {
        let deck = self.decks.get(path)?;
        deck.summary.outputs.html.as_deref().map(relative_href)
    }

    /// The link to slide `index` of deck `path`: `deck.html#/h/v`, or the
    /// deck's HTML when the slide's position is unknown.
    fn slide_href(&self, path: &str, index: usize) -> Option<String> {
        let base = self.deck_href(path)?;
        Some(match self.texts.get(path).and_then(|t| t.get(index)) {
            Some(s) => format!("{base}#/{}/{}", s.h, s.v),
            None => base,
        })
    }

    fn mention_href(&self, m: &Mention) -> Option<String> {
        self.slide_href(&m.deck, m.slide)
    }
}

/// A relative path as an href: every byte but unreserved characters and `/`
/// percent-encoded (so `:`, `?`, `#` and `%` stay part of the path), and a
/// leading `/` kept from making it absolute or host-relative.
fn relative_href(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    if path.starts_with('/') || path.starts_with('\\') {
        out.push_str("./");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A piece of a tender id for natural sorting: numbers by value (leading
/// zeros ignored), before text, which compares case-insensitively.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    /// Digits without leading zeros: by length, then by digits.
    Number(usize, String),
    Text(String),
}

fn natural_key(s: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let digits = c.is_ascii_digit();
        let end = rest
            .find(|ch: char| ch.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        out.push(if digits {
            let n = run.trim_start_matches('0');
            Chunk::Number(n.len(), n.to_owned())
        } else {
            Chunk::Text(run.to_lowercase())
        });
        rest = tail;
    }
    out
}

/// Natural order (`VP2` < `VP09a` < `VP10`), ties broken by the plain
/// string.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_key(a).cmp(&natural_key(b)).then_with(|| a.cmp(b))
}

/// The name of a section kind as in the JSON (`lightning_talk`).
fn kind_name<T: serde::Serialize>(kind: &T) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "other".to_owned())
}

fn deck_label(d: &ArchiveDeck) -> &str {
    d.summary.title.as_deref().unwrap_or(&d.summary.path)
}

fn date_or<'a>(date: Option<&'a str>, none: &'a str) -> &'a str {
    date.unwrap_or(none)
}

/// The archive's index page: calls, tender board, events, team and SIG
/// activity and full-text search, in one self-contained HTML document
/// titled `title`.
///
/// `texts` maps a deck's [`path`](decktype_archive::DeckSummary::path) to
/// its slides' texts by slide index ([`decktype_archive::slide_texts`]):
/// they give the slides' `(h, v)` for links and are the search index. A
/// deck missing from `texts` is listed but not searchable, and its links go
/// to the deck's HTML without a slide.
pub fn index_html(
    archive: &Archive,
    texts: &BTreeMap<String, Vec<SlideText>>,
    title: &str,
) -> String {
    let ctx = Ctx {
        decks: archive
            .decks
            .iter()
            .map(|d| (d.summary.path.as_str(), d))
            .collect(),
        texts,
    };
    // Newest first, undated last.
    let mut newest: Vec<&ArchiveDeck> = archive.decks.iter().collect();
    newest.sort_by(|a, b| {
        let (a, b) = (&a.summary, &b.summary);
        (a.date.is_none(), std::cmp::Reverse(&a.date), &a.path).cmp(&(
            b.date.is_none(),
            std::cmp::Reverse(&b.date),
            &b.path,
        ))
    });
    let slides: usize = archive.decks.iter().map(|d| d.summary.counts.slides).sum();
    let dates: Vec<&str> = archive
        .decks
        .iter()
        .filter_map(|d| d.summary.date.as_deref())
        .collect();
    let first = dates.iter().min();
    let last = dates.iter().max();
    let index = search_index(&newest, texts);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                meta name="generator" content=(archive.generator);
                style { (PreEscaped(SITE_CSS)) }
            }
            body {
                header class="site-header" {
                    h1 { (title) }
                    p class="totals" {
                        span { strong { (archive.decks.len()) } " calls" }
                        span { strong { (slides) } " slides" }
                        span { strong { (archive.events.len()) } " events" }
                        span { strong { (archive.tenders.len()) } " tenders" }
                    }
                    p class="range" {
                        @match (first, last) {
                            (Some(f), Some(l)) if f != l => {
                                "Calls from " time datetime=(f) { (f) } " to " time datetime=(l) { (l) }
                            }
                            (Some(f), _) => { "Calls of " time datetime=(f) { (f) } }
                            _ => { "No dated calls" }
                        }
                    }
                    nav aria-label="Sections" {
                        a href="#search-section" { "Search" }
                        a href="#calls" { "Calls" }
                        a href="#tenders" { "Tenders" }
                        a href="#events" { "Events" }
                        a href="#activity" { "Activity" }
                    }
                }
                main {
                    (search_section(index.1))
                    (calls_section(&newest))
                    (tenders_section(&ctx, &archive.tenders))
                    (events_section(&ctx, archive))
                    (activity_section(&ctx, archive))
                }
                footer { "Generated by " (archive.generator) ". Works offline: no request leaves this page." }
                script type="application/json" id="search-index" { (PreEscaped(index.0)) }
                script { (PreEscaped(SITE_JS)) }
            }
        }
    };
    page.into_string()
}

/// The search index as script-safe JSON, and its number of entries.
fn search_index(
    newest: &[&ArchiveDeck],
    texts: &BTreeMap<String, Vec<SlideText>>,
) -> (String, usize) {
    let mut entries = Vec::new();
    for d in newest {
        let Some(slides) = texts.get(&d.summary.path) else {
            continue;
        };
        let href = d.summary.outputs.html.as_deref().map(relative_href);
        for s in slides {
            entries.push(json!({
                "path": d.summary.path,
                "date": d.summary.date,
                "deck": deck_label(d),
                "href": href,
                "h": s.h,
                "v": s.v,
                "title": s.title,
                "text": s.text,
            }));
        }
    }
    let n = entries.len();
    let json = serde_json::Value::Array(entries).to_string();
    (decktype_sanitize::script_json(&json), n)
}

fn search_section(entries: usize) -> Markup {
    html! {
        section id="search-section" {
            h2 { "Search" }
            div class="search-box" role="search" {
                label for="search" { "Search the text of all " (entries) " slides" }
                input type="search" id="search" name="q" autocomplete="off" spellcheck="false" placeholder="e.g. tender status";
            }
            p id="search-status" aria-live="polite" { "Search needs JavaScript." }
            ol id="search-results" data-limit=(SEARCH_LIMIT) {}
        }
    }
}

fn calls_section(newest: &[&ArchiveDeck]) -> Markup {
    html! {
        section id="calls" {
            h2 { "Calls" }
            div class="table-wrap" {
                table class="calls" {
                    thead { tr { th { "Date" } th { "Call" } th { "Files" } th { "Sections" } th class="num" { "Slides" } } }
                    tbody {
                        @for d in newest {
                            @let s = &d.summary;
                            @let html_href = s.outputs.html.as_deref().map(relative_href);
                            tr {
                                td class="date" {
                                    @if let Some(date) = &s.date { time datetime=(date) { (date) } } @else { span class="muted" { "undated" } }
                                }
                                td class="call-title" {
                                    @if let Some(h) = &html_href { a href=(h) { (deck_label(d)) } } @else { (deck_label(d)) }
                                    @if s.title.is_some() { span class="path" { (s.path) } }
                                }
                                td class="files" {
                                    @if let Some(h) = &html_href { a class="file" href=(h) { "HTML" } }
                                    @if let Some(p) = &s.outputs.pdf { a class="file" href=(relative_href(p)) { "PDF" } }
                                    @if let Some(j) = &s.outputs.json { a class="file" href=(relative_href(j)) { "JSON" } }
                                }
                                td class="kinds" {
                                    @for k in &s.section_kinds {
                                        @let name = kind_name(k);
                                        span class="badge" data-kind=(name) { (name.replace('_', " ")) }
                                    }
                                }
                                td class="num" { (s.counts.slides) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn tenders_section(ctx: &Ctx<'_>, tenders: &[TenderHistory]) -> Markup {
    let mut sorted: Vec<&TenderHistory> = tenders.iter().collect();
    // Stable: tenders without id keep the archive's order, after the others.
    sorted.sort_by(|a, b| match (&a.id, &b.id) {
        (Some(x), Some(y)) => natural_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    html! {
        section id="tenders" {
            h2 { "Tender board" }
            @if sorted.is_empty() {
                p class="muted" { "No tenders reported." }
            } @else {
                div class="table-wrap" {
                    table class="tenders" {
                        thead { tr { th { "Tender" } th { "Topic" } th { "Status by call, newest first" } } }
                        tbody {
                            @for t in &sorted {
                                tr class="tender" {
                                    th scope="row" class="tender-id" {
                                        @if let Some(id) = &t.id { (id) } @else { span class="muted" { "no id" } }
                                    }
                                    td class="topic" { @if let Some(topic) = &t.topic { (topic) } }
                                    td {
                                        ol class="history" {
                                            @for (i, st) in t.history.iter().enumerate() {
                                                li class=(if i == 0 { "status newest" } else { "status" }) {
                                                    span class="date" { (date_or(st.at.date.as_deref(), "undated")) }
                                                    " "
                                                    @if let Some(h) = ctx.mention_href(&st.at) {
                                                        a class="status-text" href=(h) { (st.status) }
                                                    } @else {
                                                        span class="status-text" { (st.status) }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The first mention in each deck, in order.
fn first_per_deck(mentions: &[Mention]) -> Vec<&Mention> {
    let mut out: Vec<&Mention> = Vec::new();
    for m in mentions {
        if !out.iter().any(|o| o.deck == m.deck) {
            out.push(m);
        }
    }
    out
}

fn events_section(ctx: &Ctx<'_>, archive: &Archive) -> Markup {
    let mut events: Vec<_> = archive.events.iter().collect();
    events.sort_by(|a, b| (&a.start, &a.end, &a.name).cmp(&(&b.start, &b.end, &b.name)));
    html! {
        section id="events" {
            h2 { "Events" }
            @if events.is_empty() {
                p class="muted" { "No events announced." }
            } @else {
                div id="events-all" {
                    ul class="events" {
                        @for e in &events {
                            li class="event" data-start=(e.start) data-end=(e.end.as_deref().unwrap_or(&e.start)) {
                                div class="event-when" {
                                    time datetime=(e.start) { (e.start) }
                                    @if let Some(end) = e.end.as_ref().filter(|end| **end != e.start) {
                                        " – " time datetime=(end) { (end) }
                                    }
                                }
                                div class="event-what" {
                                    span class="event-name" { (e.name) }
                                    @if let Some(loc) = &e.location { span class="event-location" { (loc) } }
                                    div class="event-meta" {
                                        span class="label" { "Announced in" }
                                        @for m in first_per_deck(&e.announced_in) {
                                            @let label = date_or(m.date.as_deref(), &m.deck);
                                            @if let Some(h) = ctx.mention_href(m) {
                                                a class="announced" href=(h) { (label) }
                                            } @else {
                                                span class="announced" { (label) }
                                            }
                                        }
                                    }
                                    @if !e.urls.is_empty() {
                                        div class="event-links" {
                                            @for u in &e.urls {
                                                @if let Some(safe) = decktype_sanitize::link_target(u, decktype_sanitize::Relative::Refused) {
                                                    a class="url" href=(safe) rel="noopener noreferrer" { (u) }
                                                } @else {
                                                    span class="url plain" { (u) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                div id="events-split" hidden {
                    h3 { "Upcoming" }
                    ul class="events" id="events-upcoming" {}
                    p class="muted" id="events-upcoming-none" hidden { "No upcoming events announced." }
                    h3 { "Past" }
                    ul class="events" id="events-past" {}
                    p class="muted" id="events-past-none" hidden { "No past events." }
                }
            }
        }
    }
}

fn activity_section(ctx: &Ctx<'_>, archive: &Archive) -> Markup {
    let mut columns: Vec<&ArchiveDeck> = archive.decks.iter().collect();
    columns.sort_by(|a, b| {
        let (a, b) = (&a.summary, &b.summary);
        (a.date.is_none(), &a.date, &a.path).cmp(&(b.date.is_none(), &b.date, &b.path))
    });
    let mut groups: Vec<_> = archive.groups.iter().collect();
    groups.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    let teams = groups.iter().filter(|g| g.kind == GroupKind::Team).count();
    html! {
        section id="activity" {
            h2 { "Team and SIG activity" }
            @if groups.is_empty() {
                p class="muted" { "No team or SIG reports found." }
            } @else {
                p class="muted" { "A mark where the group reported in the call; it links to the report's first slide, its tooltip lists the topics." }
                div class="matrix-wrap" {
                    table class="matrix" {
                        thead {
                            tr {
                                th class="corner" { "Group" }
                                @for d in &columns {
                                    @let label = date_or(d.summary.date.as_deref(), "undated");
                                    th class="col" scope="col" title=(format!("{label}: {}", deck_label(d))) {
                                        @if let Some(h) = ctx.deck_href(&d.summary.path) {
                                            a href=(h) { span { (label) } }
                                        } @else {
                                            span { (label) }
                                        }
                                    }
                                }
                            }
                        }
                        tbody {
                            @for (i, g) in groups.iter().enumerate() {
                                @if i == 0 || i == teams {
                                    tr class="kind-row" {
                                        th class="row" { (if g.kind == GroupKind::Team { "Teams" } else { "SIGs" }) }
                                        td colspan=(columns.len()) {}
                                    }
                                }
                                tr {
                                    th class="row" scope="row" { (g.name) " " span class="muted" { "(" (g.calls.len()) ")" } }
                                    @for d in &columns {
                                        @let call = g.calls.iter().find(|c| c.deck == d.summary.path);
                                        @if let Some(c) = call {
                                            @let label = date_or(c.date.as_deref(), &c.deck);
                                            @let tip = if c.topics.is_empty() {
                                                format!("{} · {label}", g.name)
                                            } else {
                                                format!("{} · {label}: {}", g.name, c.topics.join(", "))
                                            };
                                            td class="hit" {
                                                @match c.slides.first().and_then(|&s| ctx.slide_href(&c.deck, s)) {
                                                    Some(h) => { a class="mark" href=(h) title=(tip) aria-label=(tip) { "●" } }
                                                    None => { span class="mark" title=(tip) aria-label=(tip) { "●" } }
                                                }
                                            }
                                        } @else {
                                            td {}
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut ids = vec![
            "VP10", "vp02", "VP09b-2", "VP9", "VP09a", "VP1", "VPX", "VP09b",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "VP1", "vp02", "VP9", "VP09a", "VP09b", "VP09b-2", "VP10", "VPX"
            ]
        );
    }

    #[test]
    fn hrefs_stay_relative_paths() {
        assert_eq!(relative_href("a b/c#d?.html"), "a%20b/c%23d%3F.html");
        assert_eq!(
            relative_href("javascript:alert(1)"),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(relative_href("//evil.example/x"), ".///evil.example/x");
        assert_eq!(relative_href("Brühl.md.html"), "Br%C3%BChl.md.html");
    }
}
