//! Teams and SIGs: which report in a call, under which headings and topics.

use decktype_model::{Deck, GroupReport};

use crate::profile::Groups;

/// A profile's groups, normalised once for matching many titles.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    prefixes: Vec<String>,
    /// Canonical name and normalised aliases.
    groups: Vec<(String, Vec<String>)>,
}

impl Matcher {
    pub(crate) fn new(groups: &Groups) -> Self {
        Matcher {
            prefixes: groups.prefixes.clone(),
            groups: groups
                .groups
                .iter()
                .map(|g| {
                    (
                        g.name.clone(),
                        g.aliases.iter().map(|a| normalise(a)).collect(),
                    )
                })
                .collect(),
        }
    }
}

/// Lower-case, `&` → `and`, no spaces around `/`, single spaces, no other punctuation.
fn normalise(s: &str) -> String {
    // One pass over the lower-cased text (titles are normalised for every
    // slide, so this runs often): a separator becomes one space, and only
    // when a word follows that is not after or before a `/`.
    let lower = s.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 8);
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() || c == '/' {
            if space && !out.is_empty() && c != '/' && !out.ends_with('/') {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    };
    for c in lower.chars() {
        if c == '&' {
            for c in [' ', 'a', 'n', 'd', ' '] {
                push(c, &mut out);
            }
        } else {
            push(c, &mut out);
        }
    }
    out
}

/// Whether `written` names the alias, exactly or with a typo or two.
fn same_name(written: &str, alias: &str) -> bool {
    if written == alias {
        return true;
    }
    let longest = written.chars().count().max(alias.chars().count());
    longest >= 6 && strsim::levenshtein(written, alias) <= 2
}

/// The group `name_part` names: the canonical name, or `None` when the
/// profile knows no such group.
fn canonical<'p>(groups: &'p Matcher, name_part: &str) -> Option<&'p str> {
    let written = normalise(name_part);
    // Exact matches first, so "IAM" does not fuzzily become something else.
    let exact = groups
        .groups
        .iter()
        .find(|(_, aliases)| aliases.contains(&written));
    exact
        .or_else(|| {
            groups
                .groups
                .iter()
                .find(|(_, aliases)| aliases.iter().any(|a| same_name(&written, a)))
        })
        .map(|(name, _)| name.as_str())
}

/// The name part and topic of a group heading: `Team X - Topic` gives
/// (`X`, `Topic`). `None` if `title` does not start with a profile prefix.
fn split_title<'t>(groups: &Matcher, title: &'t str) -> Option<(&'t str, Option<&'t str>)> {
    let title = strip_part_counter(title.trim());
    let rest = groups.prefixes.iter().find_map(|p| {
        let head = title.get(..p.len())?;
        let rest = &title[p.len()..];
        (head.eq_ignore_ascii_case(p) && rest.starts_with([' ', ':']))
            .then(|| rest.trim_start_matches([' ', ':']))
    })?;
    if rest.is_empty() {
        return None;
    }
    // "Team X - Topic" / "Team X: Topic"
    Some(
        match rest
            .split_once(" - ")
            .or_else(|| rest.split_once(" – "))
            .or_else(|| rest.split_once(": "))
        {
            Some((n, t)) => (n.trim(), Some(t.trim())),
            None => (rest.trim(), None),
        },
    )
}

/// What is wrong with the name in a group heading, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameProblem {
    /// A near miss of a profile name (`IAM & Secruity`).
    Typo { written: String, canonical: String },
    /// No profile name; the nearest one if any is close.
    Unknown {
        written: String,
        nearest: Option<String>,
    },
}

/// Checks the group name in `title` against the profile.
pub(crate) fn name_problem(groups: &Matcher, title: &str) -> Option<NameProblem> {
    let (name_part, _) = split_title(groups, title)?;
    let exact = |part: &str| {
        let written = normalise(part);
        groups
            .groups
            .iter()
            .any(|(_, aliases)| aliases.contains(&written))
    };
    let before_slash = name_part.split_once('/').map(|(b, _)| b);
    if exact(name_part) || before_slash.is_some_and(exact) {
        return None;
    }
    if let Some(canonical) =
        canonical(groups, name_part).or_else(|| before_slash.and_then(|b| canonical(groups, b)))
    {
        return Some(NameProblem::Typo {
            written: name_part.to_owned(),
            canonical: canonical.to_owned(),
        });
    }
    let written = normalise(name_part);
    let written = written.as_str();
    let nearest = groups
        .groups
        .iter()
        .flat_map(|(name, aliases)| {
            aliases
                .iter()
                .map(move |a| (strsim::levenshtein(written, a), name))
        })
        .min()
        .filter(|(d, _)| *d <= written.chars().count().max(4) / 2)
        .map(|(_, name)| name.clone());
    Some(NameProblem::Unknown {
        written: name_part.to_owned(),
        nearest,
    })
}

/// Whether `title` is a group heading that names one of the profile's
/// groups (what makes a team or SIG section; a report also has a name the
/// profile does not know, see [`group_of`]).
pub(crate) fn names_group(groups: &Matcher, title: &str) -> bool {
    split_title(groups, title).is_some_and(|(name_part, _)| {
        canonical(groups, name_part).is_some()
            || name_part
                .split_once('/')
                .is_some_and(|(before, _)| canonical(groups, before).is_some())
    })
}

/// Splits a slide title into (group name, topic) when it starts with one of
/// the profile's prefixes. `None` if it is not a group heading.
pub(crate) fn group_of(groups: &Matcher, title: &str) -> Option<(String, Option<String>)> {
    let (name_part, topic) = split_title(groups, title)?;
    if let Some(name) = canonical(groups, name_part) {
        return Some((
            name.to_owned(),
            topic.filter(|t| !t.is_empty()).map(str::to_owned),
        ));
    }
    // "Team IAM/Roles": a known group before the slash, the topic after it.
    if let Some((before, after)) = name_part.split_once('/')
        && let Some(name) = canonical(groups, before)
    {
        let topic = topic.map_or_else(
            || after.trim().to_owned(),
            |t| format!("{} - {t}", after.trim()),
        );
        return Some((name.to_owned(), Some(topic)));
    }
    // A group the profile does not know: its name as written.
    Some((name_part.to_owned(), topic.map(str::to_owned)))
}

/// "Team Ops (2/2)" → "Team Ops".
fn strip_part_counter(title: &str) -> &str {
    if let Some(open) = title.rfind('(')
        && title.ends_with(')')
        && title[open + 1..title.len() - 1]
            .split('/')
            .all(|n| !n.is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()))
    {
        return title[..open].trim_end();
    }
    title
}

/// The reports in `deck`, in order of first appearance, from each slide's
/// group (`per_slide[i]`: name and topic, or `None`).
pub(crate) fn reports(
    deck: &Deck,
    per_slide: &[Option<(String, Option<String>)>],
) -> Vec<GroupReport> {
    let mut out: Vec<GroupReport> = Vec::new();
    for (slide, group) in deck.slides.iter().zip(per_slide) {
        let (Some(title), Some((name, topic))) = (&slide.title, group) else {
            continue;
        };
        let index = match out.iter().position(|r| &r.name == name) {
            Some(i) => i,
            None => {
                out.push(GroupReport {
                    name: name.clone(),
                    headings: Vec::new(),
                    slides: Vec::new(),
                    topics: Vec::new(),
                });
                out.len() - 1
            }
        };
        let report = &mut out[index];
        report.headings.push(title.clone());
        report.slides.push(slide.index);
        if let Some(topic) = topic
            && !report.topics.contains(topic)
        {
            report.topics.push(topic.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    /// The first, allocation-heavy `normalise`, kept as the oracle.
    fn normalise_reference(s: &str) -> String {
        let s = s.to_lowercase().replace('&', " and ");
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_alphanumeric() || c == '/' {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out.replace(" /", "/").replace("/ ", "/").trim().to_owned()
    }

    #[test]
    fn normalise_matches_its_reference() {
        for s in [
            "",
            " ",
            "&",
            "IAM & Security",
            "IAM&Security",
            "Std / Cert",
            "Std/ Cert",
            " /a/ / b/ ",
            "a//b",
            "/ /",
            "Team  Ops -- Zuul!",
            "ÄÖÜ & ß",
            "ΣΑΣ",
            "Security & Identity/IAM ",
            "x - / - y",
            "  ops  ",
        ] {
            assert_eq!(normalise(s), normalise_reference(s), "{s:?}");
        }
    }

    #[test]
    fn headings_as_written_in_real_decks() {
        let p = Profile::default();
        let teams = Matcher::new(&p.teams);
        let sig_matcher = Matcher::new(&p.sigs);
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "Team IAM & Security - Roles",
                "IAM & Security",
                Some("Roles"),
            ),
            ("Team IAM/Sec", "IAM & Security", None),
            ("Team IAM/Roles", "IAM & Security", Some("Roles")),
            ("Team IAM & Secruity - IAM", "IAM & Security", Some("IAM")),
            ("Team Iaas", "IaaS", None),
            ("Team Ops (2/2)", "Ops", None),
            (
                "Team Container - Cluster Stacks usability feedback",
                "Container",
                Some("Cluster Stacks usability feedback"),
            ),
        ];
        for (title, name, topic) in cases {
            let got = group_of(&teams, title).unwrap_or_else(|| panic!("{title}"));
            assert_eq!(
                (got.0.as_str(), got.1.as_deref()),
                (*name, *topic),
                "{title}"
            );
        }
        let sigs: &[(&str, &str)] = &[
            (
                "SIG Std/Cert - A new topic",
                "Standardization/Certification",
            ),
            (
                "SIG Standarization/Certification",
                "Standardization/Certification",
            ),
            (
                "SIG Standardization / Certification",
                "Standardization/Certification",
            ),
            (
                "SIG Standardization and Certification",
                "Standardization/Certification",
            ),
            ("SIG Central API MVP", "Central API"),
            ("SIG Central API (1/2)", "Central API"),
            (
                "SIG Documentation - The return of the Jedi",
                "Documentation",
            ),
            ("SIG Weather", "Weather"),
        ];
        for (title, name) in sigs {
            assert_eq!(
                group_of(&sig_matcher, title).map(|g| g.0).as_deref(),
                Some(*name),
                "{title}"
            );
        }
        for title in [
            "Teams",
            "Team",
            "Updates from the Teams",
            "Significant news",
            "Teamwork",
        ] {
            assert_eq!(group_of(&teams, title), None, "{title}");
            assert_eq!(group_of(&sig_matcher, title), None, "{title}");
        }
        // Only a profile group makes a section: not a book, not a SIG the
        // profile does not list yet (their reports keep the name).
        for (matcher, title, names) in [
            (&teams, "Team IAM & Secruity - IAM", true),
            (&teams, "Team IAM/Roles", true),
            (&teams, "Team Topologies", false),
            (&sig_matcher, "SIG Std/Cert", true),
            (&sig_matcher, "SIG Weather", false),
            (&teams, "Updates from the Teams", false),
        ] {
            assert_eq!(names_group(matcher, title), names, "{title}");
        }
    }
}
