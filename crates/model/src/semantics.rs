//! The semantic part of the model: what the semantic pass
//! (`decktype-semantics`) tells about a call. Empty after parsing alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Span;

/// One item on a tenders slide: `VP04 (Network Technology): Decision ...`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Tender {
    /// The tender id, normalised (`VP 09a` → `VP09a`); `None` when the item has
    /// no id matching the profile's pattern.
    #[schemars(regex(pattern = r"^\S+$"))]
    pub id: Option<String>,
    /// What the tender is about: the text in parentheses after the id, or
    /// before the colon.
    pub topic: Option<String>,
    /// The rest of the item: its status.
    pub status: String,
    /// Index of the slide.
    pub slide: usize,
    /// The list item.
    pub span: Span,
}

/// A logical section of a call: a column of slides, or consecutive columns of
/// the same team or SIG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Section {
    /// What the section is about.
    pub kind: SectionKind,
    /// Its title: the team's or SIG's canonical name, or the first slide title.
    pub title: String,
    /// Indices of its slides, in order.
    pub slides: Vec<usize>,
}

/// What a section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SectionKind {
    /// Title and welcome slides.
    Welcome,
    /// A team's report.
    Team,
    /// A SIG's report.
    Sig,
    /// Events.
    Events,
    /// Tenders.
    Tenders,
    /// Adoption.
    Adoption,
    /// A lightning talk.
    LightningTalk,
    /// General topics.
    General,
    /// Anything else (kept, never dropped).
    Other,
}

/// A team's or SIG's report in a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GroupReport {
    /// Canonical name from the profile ("IAM & Security"), or the name as
    /// written for a group the profile does not know.
    pub name: String,
    /// The slide titles that name the group, as written, in order.
    pub headings: Vec<String>,
    /// Indices of those slides.
    pub slides: Vec<usize>,
    /// Sub-topics from the headings ("Roles" from "Team IAM & Security - Roles"), without repeats.
    pub topics: Vec<String>,
}

/// A dated event listed in the call: `May 22-23 CloudExpo Europe in
/// Frankfurt/Main (Alex, Kurt)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Event {
    /// The event's name, without its date, place, people and URLs.
    pub name: String,
    /// First day (ISO `YYYY-MM-DD`).
    #[schemars(extend("format" = "date"))]
    pub start: String,
    /// Last day for events of several days, else `None`.
    #[schemars(extend("format" = "date"))]
    pub end: Option<String>,
    /// The city as written, `online`, or `None` when the deck does not say.
    pub location: Option<String>,
    /// People named with the event (names or `@handles`), as written.
    pub people: Vec<String>,
    /// URLs given with the event.
    pub urls: Vec<String>,
    /// The whole text the event was read from, on one line.
    pub text: String,
    /// Index of the slide.
    pub slide: usize,
    /// The list item, paragraph or heading the event was read from.
    pub span: Span,
}

/// A lightning talk given or announced in the call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LightningTalk {
    /// The talk's title, without the words "lightning talk".
    pub title: String,
    /// Speakers as written (names or `@handles`); empty when none is named.
    pub speakers: Vec<String>,
    /// Index of the slide.
    pub slide: usize,
}

/// A link or `@handle` mention in a slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Link {
    /// The target as written; for a mention, the profile's URL for the handle
    /// (`https://github.com/{handle}` for SCS).
    pub url: String,
    /// The link text (for a bare URL or a mention, the text as written).
    pub text: String,
    /// What the link points to.
    pub kind: LinkClass,
    /// `owner/name` of a GitHub repository, for GitHub links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"))]
    pub repo: Option<String>,
    /// Issue or pull request number, for `github_issue` and `github_pull`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
    /// The handle without `@`, for a `person`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// Index of the slide.
    pub slide: usize,
    /// Where it is written.
    pub span: Span,
}

/// What a [`Link`] points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LinkClass {
    /// A web page (`http`/`https`).
    Web,
    /// A `mailto:` address.
    Email,
    /// A GitHub issue: `repo` and `number` are set.
    GithubIssue,
    /// A GitHub pull request: `repo` and `number` are set.
    GithubPull,
    /// A GitHub repository or a page inside one other than an issue or pull
    /// request: `repo` is set.
    GithubRepo,
    /// A person: an `@handle` mention, or a link to a GitHub user's page;
    /// `handle` is set.
    Person,
    /// A link inside the document (`#anchor`) or a relative path.
    Internal,
    /// Any other scheme (`ftp:`, `tel:`, ...).
    Other,
}
