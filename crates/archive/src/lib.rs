//! The cross-call model of a folder of decks: what `decktype build` writes as
//! `archive.json` (every deck's semantic data in one document, plus the views
//! across calls) and as `index.jsonl` (one summary line per deck).
//!
//! Everything here is a plain function of the decks' models: no files, no
//! rendering. The backends (`decktype-export-ics`, `decktype-export-site`)
//! take an [`Archive`] and nothing else.
//!
//! # The views across calls
//!
//! * **Events** ([`Archive::events`]): every event any call announced,
//!   deduplicated. Two announcements are the same event when they start on
//!   the same day and one's name, reduced to lowercase letters and digits,
//!   contains the other's (`KaaS Hackathon` and `dNation KaaS-Hackathon`).
//!   The newest announcement gives the name, end and location; the oldest
//!   gives the [`CalendarEvent::uid`], so the UID stays the same while later
//!   calls add details.
//! * **Tenders** ([`Archive::tenders`]): each tender id with its status in
//!   every call that reported it, newest first.
//! * **Activity** ([`Archive::groups`]): for each team and SIG, the calls it
//!   reported in.
//!
//! # Format and versioning
//!
//! `archive.json` is an [`Archive`]; its JSON Schema is
//! `schemas/archive.v1.schema.json` ([`schema_json`]). Each line of
//! `index.jsonl` is a [`DeckSummary`] (`schemas/index-line.v1.schema.json`,
//! [`index_line_schema_json`]). The versioning policy is the deck format's:
//! [`FORMAT_VERSION`] is bumped for a removal, rename or change of meaning,
//! not for an added optional field. Spans are byte ranges in the deck's
//! source, as in the deck JSON. Output is deterministic: decks are sorted by
//! date then path, and nothing depends on the clock.

/// The events the decks announce, as `decktype events` lists them.
pub mod listing;

use std::collections::BTreeMap;

use decktype_model::{
    Deck, Event, GroupReport, LightningTalk, Link, Section, SectionKind, Span, Tender,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The archive format version. See the crate docs for the policy.
pub const FORMAT_VERSION: u32 = 1;

/// `archive.json`: every built deck and the views across them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(
    title = "decktype archive",
    description = "A folder of HedgeDoc slide decks built by `decktype build`: every deck's semantic data and the views across calls (format version 1)."
)]
pub struct Archive {
    /// Always 1 for this format.
    #[schemars(extend("const" = 1))]
    pub format_version: u32,
    /// `decktype <version>` of the tool that wrote the file.
    pub generator: String,
    /// Every deck that built, oldest call first (decks without a date last),
    /// then by path.
    pub decks: Vec<ArchiveDeck>,
    /// Every announced event, deduplicated across calls, by start date.
    pub events: Vec<CalendarEvent>,
    /// Every tender, by id, with its status in each call.
    pub tenders: Vec<TenderHistory>,
    /// Every team and SIG, with the calls it reported in.
    pub groups: Vec<GroupActivity>,
}

/// One deck in the archive: its summary (the `index.jsonl` line) and its
/// semantic data, as in the deck JSON.
// No `deny_unknown_fields` here and in `DeckSummary`: serde does not
// support it together with `flatten`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ArchiveDeck {
    /// Where the deck and its outputs are, and what it holds.
    #[serde(flatten)]
    pub summary: DeckSummary,
    /// The deck's sections.
    pub sections: Vec<Section>,
    /// Team reports.
    pub teams: Vec<GroupReport>,
    /// SIG reports.
    pub sigs: Vec<GroupReport>,
    /// Tenders and their status.
    pub tenders: Vec<Tender>,
    /// Announced events.
    pub events: Vec<Event>,
    /// Lightning talks.
    pub lightning_talks: Vec<LightningTalk>,
    /// Every link.
    pub links: Vec<Link>,
}

/// One line of `index.jsonl`: a deck, where its outputs are, and counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(
    title = "decktype index line",
    description = "One line of the index.jsonl that `decktype build` writes: one deck (format version 1)."
)]
pub struct DeckSummary {
    /// The deck's path relative to the folder that was built, with `/`.
    pub path: String,
    /// The call's date (`YYYY-MM-DD`), if decktype found one.
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// The deck's title: the front matter's, else the first slide title.
    pub title: Option<String>,
    /// SHA-256 of the deck's bytes, lowercase hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// The files written for the deck, relative to the site folder.
    pub outputs: Outputs,
    /// How much the deck holds, and its diagnostics.
    pub counts: Counts,
    /// The kinds of the deck's sections, in deck order, each once.
    pub section_kinds: Vec<SectionKind>,
}

/// The files written for a deck, relative to the site folder (`/`
/// separators); `None` for a format that was not asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Outputs {
    /// The decktype JSON.
    pub json: Option<String>,
    /// The self-contained HTML.
    pub html: Option<String>,
    /// The PDF.
    pub pdf: Option<String>,
}

/// Counts for one deck.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Counts {
    /// Slides, vertical ones included.
    pub slides: usize,
    /// Sections.
    pub sections: usize,
    /// Announced events.
    pub events: usize,
    /// Tender mentions.
    pub tenders: usize,
    /// Links.
    pub links: usize,
    /// Error diagnostics (parsing, semantics and the exports).
    pub errors: usize,
    /// Warning diagnostics.
    pub warnings: usize,
}

/// An event, deduplicated across the calls that announced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CalendarEvent {
    /// A stable identifier (`<start>-<hash>@decktype`): from the start date
    /// and the name in the first announcement, so it does not change when
    /// later calls announce the event again. `events.ics` uses it as `UID`.
    pub uid: String,
    /// The name, as the newest announcement writes it.
    pub name: String,
    /// First day.
    #[schemars(extend("format" = "date"))]
    pub start: String,
    /// Last day (inclusive), if it spans several.
    #[schemars(extend("format" = "date"))]
    pub end: Option<String>,
    /// Where, from the newest announcement that says.
    pub location: Option<String>,
    /// Every URL any announcement gives, first seen first.
    pub urls: Vec<String>,
    /// The announcement's text, from the newest call.
    pub text: String,
    /// Every call that announced it, oldest first.
    pub announced_in: Vec<Mention>,
}

/// Where in which deck something was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Mention {
    /// The deck's path, as in [`DeckSummary::path`].
    pub deck: String,
    /// The call's date.
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Index of the slide in the deck.
    pub slide: usize,
    /// Byte range in the deck's source.
    pub span: Span,
}

/// One tender across calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TenderHistory {
    /// The tender's id (`VP04`, `VP09b-2`); `None` for tenders reported
    /// without one, which are grouped by topic.
    pub id: Option<String>,
    /// The topic, from the newest call that names one.
    pub topic: Option<String>,
    /// Its status in each call that reported it, newest call first.
    pub history: Vec<TenderStatus>,
}

/// A tender's status in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TenderStatus {
    /// The status text as written.
    pub status: String,
    /// The topic as written in this call.
    pub topic: Option<String>,
    /// Where.
    pub at: Mention,
}

/// Which kind of group.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A team (IaaS, Ops ...).
    Team,
    /// A special interest group.
    Sig,
}

/// A team or SIG and the calls it reported in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GroupActivity {
    /// Team or SIG.
    pub kind: GroupKind,
    /// Its canonical name (from the profile).
    pub name: String,
    /// Each call it reported in, oldest first.
    pub calls: Vec<GroupCall>,
}

/// A group's report in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GroupCall {
    /// The deck's path.
    pub deck: String,
    /// The call's date.
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// The slides of the report.
    pub slides: Vec<usize>,
    /// The topics it reported on.
    pub topics: Vec<String>,
}

/// The visible text of one slide, for full-text search (not part of
/// `archive.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlideText {
    /// Horizontal index (0-based), as in the HTML's `#/h/v`.
    pub h: usize,
    /// Vertical index (0-based).
    pub v: usize,
    /// The slide's title.
    pub title: Option<String>,
    /// Its text: headings, paragraphs, lists, tables, notes excluded.
    pub text: String,
}

impl ArchiveDeck {
    /// The archive entry of `deck`, found at `path` (relative to the folder
    /// built), whose source hashes to `sha256`.
    pub fn new(path: &str, sha256: &str, deck: &Deck, outputs: Outputs, counts: Counts) -> Self {
        let mut section_kinds: Vec<SectionKind> = Vec::new();
        for s in &deck.sections {
            if !section_kinds.contains(&s.kind) {
                section_kinds.push(s.kind);
            }
        }
        let title = deck.title().map(str::to_owned);
        ArchiveDeck {
            summary: DeckSummary {
                path: path.to_owned(),
                date: deck.meta.date.clone(),
                title,
                sha256: sha256.to_owned(),
                outputs,
                counts: Counts {
                    slides: deck.slides.len(),
                    sections: deck.sections.len(),
                    events: deck.events.len(),
                    tenders: deck.tenders.len(),
                    links: deck.links.len(),
                    ..counts
                },
                section_kinds,
            },
            sections: deck.sections.clone(),
            teams: deck.teams.clone(),
            sigs: deck.sigs.clone(),
            tenders: deck.tenders.clone(),
            events: deck.events.clone(),
            lightning_talks: deck.lightning_talks.clone(),
            links: deck.links.clone(),
        }
    }

    fn mention(&self, slide: usize, span: Span) -> Mention {
        Mention {
            deck: self.summary.path.clone(),
            date: self.summary.date.clone(),
            slide,
            span,
        }
    }
}

/// The searchable text of every slide of `deck`.
pub fn slide_texts(deck: &Deck) -> Vec<SlideText> {
    deck.slides
        .iter()
        .map(|s| SlideText {
            h: s.h,
            v: s.v,
            title: s.title.clone(),
            text: decktype_model::text::slide(s),
        })
        .collect()
}

/// Oldest first, decks without a date last, then by path.
fn chronological(a: &DeckSummary, b: &DeckSummary) -> std::cmp::Ordering {
    (a.date.is_none(), &a.date, &a.path).cmp(&(b.date.is_none(), &b.date, &b.path))
}

impl Archive {
    /// The archive of `decks` (in any order): sorts them and computes the
    /// views across calls.
    pub fn new(mut decks: Vec<ArchiveDeck>) -> Self {
        decks.sort_by(|a, b| chronological(&a.summary, &b.summary));
        let events = events(&decks);
        let tenders = tenders(&decks);
        let groups = groups(&decks);
        Archive {
            format_version: FORMAT_VERSION,
            generator: concat!("decktype ", env!("CARGO_PKG_VERSION")).to_owned(),
            decks,
            events,
            tenders,
            groups,
        }
    }

    /// The archive as pretty-printed JSON with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("the archive serializes");
        s.push('\n');
        s
    }

    /// `index.jsonl`: one compact [`DeckSummary`] per line, newest call
    /// first, decks without a date last.
    pub fn index_jsonl(&self) -> String {
        let mut out = String::new();
        for d in newest_first(&self.decks) {
            out.push_str(&serde_json::to_string(&d.summary).expect("summaries serialize"));
            out.push('\n');
        }
        out
    }
}

/// `decks` (sorted oldest first) newest first, decks without a date last.
fn newest_first(decks: &[ArchiveDeck]) -> impl Iterator<Item = &ArchiveDeck> {
    let dated = decks.iter().filter(|d| d.summary.date.is_some());
    let undated = decks.iter().filter(|d| d.summary.date.is_none());
    dated.rev().chain(undated)
}

/// A name reduced to lowercase letters and digits, for comparing event names.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_event(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

/// Events deduplicated across `decks` (sorted oldest first).
fn events(decks: &[ArchiveDeck]) -> Vec<CalendarEvent> {
    struct Cluster {
        keys: Vec<String>,
        event: CalendarEvent,
    }
    // Clusters per start date.
    let mut by_start: BTreeMap<String, Vec<Cluster>> = BTreeMap::new();
    for deck in decks {
        for e in &deck.events {
            let key = name_key(&e.name);
            let mention = deck.mention(e.slide, e.span);
            let clusters = by_start.entry(e.start.clone()).or_default();
            let found = clusters
                .iter_mut()
                .find(|c| c.keys.iter().any(|k| same_event(k, &key)));
            match found {
                Some(c) => {
                    if !c.keys.contains(&key) {
                        c.keys.push(key);
                    }
                    // Newer announcements (decks are oldest first) win.
                    let ev = &mut c.event;
                    ev.name = e.name.clone();
                    if e.end.is_some() {
                        ev.end = e.end.clone();
                    }
                    if e.location.is_some() {
                        ev.location = e.location.clone();
                    }
                    for u in &e.urls {
                        if !ev.urls.contains(u) {
                            ev.urls.push(u.clone());
                        }
                    }
                    ev.text = e.text.clone();
                    ev.announced_in.push(mention);
                }
                None => {
                    let hash = Sha256::digest(key.as_bytes());
                    let short: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
                    clusters.push(Cluster {
                        keys: vec![key],
                        event: CalendarEvent {
                            uid: format!("{}-{short}@decktype", e.start),
                            name: e.name.clone(),
                            start: e.start.clone(),
                            end: e.end.clone(),
                            location: e.location.clone(),
                            urls: e.urls.clone(),
                            text: e.text.clone(),
                            announced_in: vec![mention],
                        },
                    });
                }
            }
        }
    }
    let mut out: Vec<CalendarEvent> = by_start
        .into_values()
        .flat_map(|cs| cs.into_iter().map(|c| c.event))
        .collect();
    out.sort_by(|a, b| (&a.start, name_key(&a.name)).cmp(&(&b.start, name_key(&b.name))));
    out
}

/// Tenders by id (those without an id by topic, after the others).
fn tenders(decks: &[ArchiveDeck]) -> Vec<TenderHistory> {
    let mut by_key: BTreeMap<(bool, String), TenderHistory> = BTreeMap::new();
    for deck in newest_first(decks) {
        for t in &deck.tenders {
            let key = match &t.id {
                Some(id) => (false, id.to_ascii_uppercase()),
                None => (true, t.topic.as_deref().map(name_key).unwrap_or_default()),
            };
            let entry = by_key.entry(key).or_insert_with(|| TenderHistory {
                id: t.id.clone(),
                topic: None,
                history: Vec::new(),
            });
            if entry.topic.is_none() {
                entry.topic = t.topic.clone();
            }
            entry.history.push(TenderStatus {
                status: t.status.clone(),
                topic: t.topic.clone(),
                at: deck.mention(t.slide, t.span),
            });
        }
    }
    by_key.into_values().collect()
}

/// Teams, then SIGs, each by name, with the calls they reported in.
fn groups(decks: &[ArchiveDeck]) -> Vec<GroupActivity> {
    let mut by_key: BTreeMap<(GroupKind, String), Vec<GroupCall>> = BTreeMap::new();
    for deck in decks {
        let all = deck
            .teams
            .iter()
            .map(|g| (GroupKind::Team, g))
            .chain(deck.sigs.iter().map(|g| (GroupKind::Sig, g)));
        for (kind, g) in all {
            by_key
                .entry((kind, g.name.clone()))
                .or_default()
                .push(GroupCall {
                    deck: deck.summary.path.clone(),
                    date: deck.summary.date.clone(),
                    slides: g.slides.clone(),
                    topics: g.topics.clone(),
                });
        }
    }
    by_key
        .into_iter()
        .map(|((kind, name), calls)| GroupActivity { kind, name, calls })
        .collect()
}

/// The strict variant of [`schema_json`] (every object closed), which
/// decktype's own tests validate `archive.json` against.
pub fn strict_schema_json() -> String {
    decktype_model::schema::strict::<Archive>(SCHEMA_FILE)
}

/// The strict variant of [`index_line_schema_json`].
pub fn strict_index_line_schema_json() -> String {
    decktype_model::schema::strict::<DeckSummary>(INDEX_LINE_SCHEMA_FILE)
}

/// The file name of the committed archive schema.
pub const SCHEMA_FILE: &str = "archive.v1.schema.json";
/// The file name of the committed index line schema.
pub const INDEX_LINE_SCHEMA_FILE: &str = "index-line.v1.schema.json";

/// The JSON Schema (2020-12) of `archive.json`: the content of
/// `schemas/archive.v1.schema.json`.
pub fn schema_json() -> String {
    decktype_model::schema::published::<Archive>(SCHEMA_FILE)
}

/// The JSON Schema of one `index.jsonl` line: the content of
/// `schemas/index-line.v1.schema.json`.
pub fn index_line_schema_json() -> String {
    decktype_model::schema::published::<DeckSummary>(INDEX_LINE_SCHEMA_FILE)
}
