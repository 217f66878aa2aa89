//! Community-call semantics over a parsed deck: the call's date (this
//! version); sections, teams, SIGs, events, tenders, lightning talks and links
//! are the next steps.
//!
//! Not a parser (that is `decktype-parse`) and not an exporter: it reads a
//! [`decktype_model::Deck`], fills in what it can tell about the call, and
//! reports what it could not, as diagnostics.

pub mod call_date;
pub mod codes;
pub mod dates;
mod events;
mod groups;
mod lazy;
mod lines;
mod links;
pub mod profile;
mod sections;
mod talks;
mod tenders;

pub use profile::Profile;

use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use decktype_model::{Deck, Diagnostic};

/// A profile with its rules prepared (regular expressions compiled, names
/// normalised): built once, shared by every deck.
#[derive(Debug)]
struct Prepared {
    profile: Profile,
    teams: groups::Matcher,
    sigs: groups::Matcher,
    words: sections::Words,
    tenders: tenders::Rules,
    events: events::Rules,
    talks: talks::Rules,
}

impl Prepared {
    fn new(profile: Profile) -> Self {
        Prepared {
            teams: groups::Matcher::new(&profile.teams),
            sigs: groups::Matcher::new(&profile.sigs),
            words: sections::Words::new(&profile),
            tenders: tenders::Rules::new(&profile),
            events: events::Rules::new(&profile),
            talks: talks::Rules::new(&profile),
            profile,
        }
    }
}

/// The embedded profile, prepared once per process.
static DEFAULT: LazyLock<Arc<Prepared>> =
    LazyLock::new(|| Arc::new(Prepared::new(Profile::default())));

/// Options of the semantic pass. Cheap to clone: the prepared profile is
/// shared.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The deck's file name, a source for the call date.
    pub file_name: Option<String>,
    /// The call date the user gave (`--date`), the last resort.
    pub date: Option<NaiveDate>,
    prepared: Arc<Prepared>,
}

impl Default for Options {
    fn default() -> Self {
        Options::new(None, None)
    }
}

impl Options {
    /// Options with a file name and an optional `--date`, and the SCS profile.
    pub fn new(file_name: Option<&str>, date: Option<NaiveDate>) -> Self {
        Options {
            file_name: file_name.map(str::to_owned),
            date,
            prepared: Arc::clone(&DEFAULT),
        }
    }

    /// The same options with another community's profile.
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.prepared = Arc::new(Prepared::new(profile));
        self
    }

    /// The profile in use.
    pub fn profile(&self) -> &Profile {
        &self.prepared.profile
    }

    /// Compiles every pattern the semantic pass may use now: the profile's
    /// and the pass's own. A process calls it on a thread of its own while
    /// it reads and parses its first deck, so that deck does not wait for
    /// its patterns (about 12 ms of a one-deck command); whichever thread
    /// comes first compiles a pattern, once per process and profile, and
    /// the other waits for it rather than compiling it twice. Without the
    /// call, each pattern is compiled when a deck first needs it, and
    /// patterns no deck needs never are (that costs the warm-up some CPU).
    pub fn warm_up(&self) {
        // About the reverse order of the pass, so that the two threads
        // meet in the middle.
        let rules = &*self.prepared;
        links::warm_up();
        talks::warm_up();
        rules.talks.warm_up();
        events::warm_up();
        rules.events.warm_up();
        tenders::warm_up();
        rules.tenders.warm_up();
        rules.words.warm_up();
        dates::warm_up();
    }
}

/// DT034/DT035: team and SIG headings whose name the profile does not know.
fn group_name_problems(
    deck: &Deck,
    rules: &Prepared,
    team_of: &[Option<(String, Option<String>)>],
    sig_of: &[Option<(String, Option<String>)>],
) -> Vec<Diagnostic> {
    use decktype_model::{Block, Severity};
    let mut out = Vec::new();
    for slide in &deck.slides {
        let (Some(title), Some(span)) = (
            slide.title.as_deref(),
            slide.blocks.iter().find_map(|b| match b {
                Block::Heading { span, .. } => Some(*span),
                _ => None,
            }),
        ) else {
            continue;
        };
        let (matcher, what) = if team_of[slide.index].is_some() {
            (&rules.teams, "team")
        } else if sig_of[slide.index].is_some() {
            (&rules.sigs, "SIG")
        } else {
            continue;
        };
        match groups::name_problem(matcher, title) {
            None => {}
            Some(groups::NameProblem::Typo { written, canonical }) => out.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::GROUP_NAME_TYPO,
                    format!("`{written}` looks like a misspelt {what} name: did you mean `{canonical}`?"),
                    span,
                )
                .with_help(format!("write the {what}'s name as the profile knows it (`{canonical}` or one of its aliases)")),
            ),
            Some(groups::NameProblem::Unknown { written, nearest }) => {
                let groups = if what == "team" {
                    &rules.profile.teams.groups
                } else {
                    &rules.profile.sigs.groups
                };
                let known: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
                let help = match nearest {
                    Some(n) => format!("did you mean `{n}`? If `{written}` is a new {what}, add it to the profile"),
                    None => format!(
                        "known {what}s: {}; if `{written}` is a new {what}, add it to the profile",
                        known.join(", ")
                    ),
                };
                out.push(
                    Diagnostic::new(
                        Severity::Warning,
                        codes::UNKNOWN_GROUP,
                        format!("`{written}` is not a {what} the profile knows"),
                        span,
                    )
                    .with_help(help),
                );
            }
        }
    }
    out
}

/// Runs the semantic pass on `deck`, filling in its semantic fields, and
/// returns the diagnostics it found.
pub fn enrich(deck: &mut Deck, options: &Options) -> Vec<Diagnostic> {
    let rules = &*options.prepared;
    let (_date, mut diagnostics) =
        call_date::apply(deck, options.file_name.as_deref(), options.date);
    // Match each slide title against the profile once; teams, SIGs and
    // sections all use the result.
    let (teams, sigs) = (&rules.teams, &rules.sigs);
    let mut team_of = Vec::with_capacity(deck.slides.len());
    let mut sig_of = Vec::with_capacity(deck.slides.len());
    let mut group_of = Vec::with_capacity(deck.slides.len());
    for slide in &deck.slides {
        let team = slide
            .title
            .as_deref()
            .and_then(|t| groups::group_of(teams, t));
        let sig = match team {
            Some(_) => None,
            None => slide
                .title
                .as_deref()
                .and_then(|t| groups::group_of(sigs, t)),
        };
        // A team's or SIG's section needs a group the profile knows; a
        // report also keeps a name it does not (`Team Topologies`: DT034).
        let title = slide.title.as_deref().unwrap_or_default();
        group_of.push(
            team.as_ref()
                .filter(|_| groups::names_group(teams, title))
                .map(|(n, _)| (decktype_model::SectionKind::Team, n.clone()))
                .or_else(|| {
                    sig.as_ref()
                        .filter(|_| groups::names_group(sigs, title))
                        .map(|(n, _)| (decktype_model::SectionKind::Sig, n.clone()))
                }),
        );
        team_of.push(team);
        sig_of.push(sig);
    }
    diagnostics.extend(group_name_problems(deck, rules, &team_of, &sig_of));
    deck.teams = groups::reports(deck, &team_of);
    deck.sigs = groups::reports(deck, &sig_of);
    // Kinds as the titles propose them: the extractors below read the
    // lines of events and tenders sections; `confirm` then keeps a kind
    // only where the section holds what the kind says.
    deck.sections = sections::sections(deck, &rules.words, &group_of);
    let slide_lines: Vec<Vec<lines::Line>> = deck
        .slides
        .iter()
        .map(|s| lines::lines(&s.blocks))
        .collect();
    let (tenders, tender_diagnostics) = tenders::tenders(deck, &slide_lines, &rules.tenders);
    deck.tenders = tenders;
    diagnostics.extend(tender_diagnostics);
    let call = deck
        .meta
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let (events, event_diagnostics, events_read_on) =
        events::events(deck, &slide_lines, &rules.events, call, &|name| {
            groups::group_of(teams, name).is_some() || groups::group_of(sigs, name).is_some()
        });
    deck.events = events;
    let (talks, talks_read_on) = talks::talks(deck, &slide_lines, &rules.talks);
    deck.lightning_talks = talks;
    let mut tenders_on = vec![false; deck.slides.len()];
    for tender in &deck.tenders {
        tenders_on[tender.slide] = true;
    }
    let evidence = sections::Evidence {
        events: events_read_on,
        tenders: tenders_on,
        talks: talks_read_on,
        community: group_of.iter().any(Option::is_some),
    };
    sections::confirm(&mut deck.sections, &rules.words, &evidence);
    deck.links = links::links(deck, &rules.profile.links.mention_url);
    diagnostics.extend(event_diagnostics);
    diagnostics
}

#[cfg(test)]
mod laziness_tests {
    use super::*;

    /// Preparing a profile compiles none of its patterns (that was half of
    /// a small deck's process, issue 17); a deck compiles what it uses.
    #[test]
    fn preparing_a_profile_compiles_no_pattern() {
        let prepared = Prepared::new(Profile::default());
        assert!(!prepared.tenders.is_compiled());
        assert!(!prepared.events.is_compiled());
        assert!(!prepared.talks.is_compiled());
        assert!(!prepared.words.is_compiled());
        // A deck without events, tenders or talks leaves them uncompiled.
        let options = Options {
            file_name: None,
            date: None,
            prepared: Arc::new(prepared),
        };
        let mut deck = Deck::default();
        let _ = enrich(&mut deck, &options);
        assert!(!options.prepared.tenders.is_compiled());
        assert!(!options.prepared.events.is_compiled());
    }

    /// Warming up compiles the profile's patterns; a deck enriched while
    /// another thread warms up (both compiling, each waiting for the
    /// other's) comes out exactly as one enriched alone, for the seed
    /// decks, every time.
    #[test]
    fn warming_up_compiles_the_patterns_and_changes_no_result() {
        let fresh = || Options::new(None, None).with_profile(Profile::default());
        let options = fresh();
        options.warm_up();
        let rules = &options.prepared;
        assert!(rules.tenders.is_compiled());
        assert!(rules.events.is_compiled());
        assert!(rules.talks.is_compiled());
        assert!(rules.words.is_compiled());
        for name in [
            "seed-community-call-2024-04-18.md",
            "seed-community-call-2023-08.md",
            "semantics.md",
        ] {
            let path = decktype_test_support::workspace()
                .join("fixtures")
                .join(name);
            let source = std::fs::read_to_string(path).unwrap();
            let enriched = |options: &Options| {
                let mut deck = decktype_parse::parse(&source, &Default::default()).deck;
                let diagnostics = enrich(&mut deck, options);
                format!("{deck:?}\n{diagnostics:?}")
            };
            let alone = enriched(&fresh());
            for _ in 0..4 {
                let options = fresh();
                let racing = std::thread::scope(|scope| {
                    scope.spawn(|| options.warm_up());
                    enriched(&options)
                });
                assert_eq!(racing, alone);
            }
        }
    }
}
