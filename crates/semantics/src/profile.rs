//! The profile: what a community's call looks like (team and SIG names with
//! their aliases, heading prefixes). SCS's is embedded; `--profile FILE`
//! replaces it.

use schemars::JsonSchema;
use serde::Deserialize;

/// The embedded SCS profile, as TOML.
pub const DEFAULT_PROFILE: &str = include_str!("../profile.toml");

/// A community's call structure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(
    title = "decktype profile",
    description = "What a community's call looks like: team and SIG names, aliases and heading prefixes. Written as TOML."
)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// A name for the profile.
    pub name: String,
    /// Teams reporting in the call.
    pub teams: Groups,
    /// Special interest groups.
    pub sigs: Groups,
    /// Words that give a section its kind.
    #[serde(default)]
    pub sections: SectionWords,
    /// Tender items.
    #[serde(default)]
    pub tenders: TenderRules,
    /// Events.
    #[serde(default)]
    pub events: EventRules,
    /// Links and mentions.
    #[serde(default)]
    pub links: LinkRules,
    /// Lightning talks.
    #[serde(default)]
    pub lightning_talks: TalkRules,
    /// What `decktype check` needs to know about the community's decks.
    #[serde(default)]
    pub check: CheckRules,
}

/// Community knowledge for `decktype check`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRules {
    /// Placeholders of the community's deck template that must not stay in
    /// a deck (regular expressions, case-insensitive, matched against each
    /// line's visible text and each link's URL).
    #[serde(default)]
    pub placeholders: Vec<String>,
    /// URL prefixes of the community's image uploads. An image under one
    /// of them is expected next to the deck under the same file name
    /// (the archive convention); DT044 when it is not.
    #[serde(default)]
    pub upload_prefixes: Vec<String>,
}

/// How lightning talks are announced in lines of text.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TalkRules {
    /// Regular expressions (case-insensitive) with a `title` group.
    #[serde(default)]
    pub mentions: Vec<String>,
}

/// How events are recognised and read.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRules {
    /// Words or phrases that make a dated line an event anywhere in the deck.
    #[serde(default)]
    pub words: Vec<String>,
    /// Regular expressions (case-insensitive) of lines that are not events.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Removed from the start of event names.
    #[serde(default)]
    pub name_prefixes: Vec<String>,
    /// Words that make an event without a city `online`.
    #[serde(default)]
    pub online: Vec<String>,
    /// Known places (cities), as written in decks.
    #[serde(default)]
    pub places: Vec<String>,
}

/// How links and mentions are typed.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRules {
    /// URL of an `@handle` mention, with `{handle}` in it; empty: mentions are
    /// not collected.
    #[serde(default)]
    pub mention_url: String,
}

/// How tender items look.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenderRules {
    /// Regular expression of a tender id; empty: no ids.
    #[serde(default)]
    pub id_pattern: String,
    /// Words that make a line a tender without an id ("tendering", "call
    /// for"), and a heading a tender heading.
    #[serde(default)]
    pub words: Vec<String>,
    /// What a tender id looks like at the start of an item, right or
    /// wrong (a regular expression); an item that matches it but not
    /// `id_pattern` gets DT036. Empty: no check.
    #[serde(default)]
    pub id_like: String,
}

/// Words or phrases in a column's title that give its section a kind.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionWords {
    /// Greeting and title slides.
    #[serde(default)]
    pub welcome: Vec<String>,
    /// Events.
    #[serde(default)]
    pub events: Vec<String>,
    /// Tenders.
    #[serde(default)]
    pub tenders: Vec<String>,
    /// Adoption.
    #[serde(default)]
    pub adoption: Vec<String>,
    /// Lightning talks.
    #[serde(default)]
    pub lightning_talk: Vec<String>,
    /// General topics.
    #[serde(default)]
    pub general: Vec<String>,
}

/// Named groups (teams or SIGs) and the heading prefixes that introduce them.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// Words that start a group's slide title (`Team`, `SIG`).
    pub prefixes: Vec<String>,
    /// The known groups.
    #[serde(default)]
    pub groups: Vec<Group>,
}

/// One team or SIG with the names it goes by.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Canonical name, as it appears in the JSON.
    pub name: String,
    /// Names as written in decks.
    pub aliases: Vec<String>,
}

/// Why a profile could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// Not valid TOML, or not shaped like a profile (with line and column).
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// A pattern is not a valid regular expression.
    #[error("{field}: `{pattern}` is not a valid regular expression: {error}")]
    Pattern {
        /// The profile's key (`events.exclude`).
        field: &'static str,
        /// The pattern as written.
        pattern: String,
        /// What the regex parser said.
        error: regex::Error,
    },
    /// A lightning-talk pattern has no `title` group.
    #[error("lightning_talks.mentions: `{0}` has no `(?P<title>...)` group")]
    NoTitleGroup(String),
    /// A team or SIG heading prefix is empty.
    #[error("a heading prefix is empty")]
    EmptyPrefix,
    /// A team or SIG has no aliases.
    #[error("group `{0}` has no aliases")]
    NoAliases(String),
}

impl Profile {
    /// Reads a profile from TOML, with line/column in the error.
    pub fn from_toml(text: &str) -> Result<Self, ProfileError> {
        let profile: Profile = toml::from_str(text)?;
        let pattern = |field: &'static str, pattern: &str| {
            regex::Regex::new(pattern).map_err(|error| ProfileError::Pattern {
                field,
                pattern: pattern.to_owned(),
                error,
            })
        };
        pattern("tenders.id_pattern", &profile.tenders.id_pattern)?;
        pattern("tenders.id_like", &profile.tenders.id_like)?;
        for p in &profile.events.exclude {
            pattern("events.exclude", p)?;
        }
        for p in &profile.lightning_talks.mentions {
            let re = pattern("lightning_talks.mentions", p)?;
            if !re.capture_names().any(|n| n == Some("title")) {
                return Err(ProfileError::NoTitleGroup(p.clone()));
            }
        }
        for p in &profile.check.placeholders {
            pattern("check.placeholders", p)?;
        }
        for groups in [&profile.teams, &profile.sigs] {
            if groups.prefixes.iter().any(|p| p.trim().is_empty()) {
                return Err(ProfileError::EmptyPrefix);
            }
            for g in &groups.groups {
                if g.aliases.is_empty() {
                    return Err(ProfileError::NoAliases(g.name.clone()));
                }
            }
        }
        Ok(profile)
    }
}

/// The JSON Schema of a profile (the TOML's structure), pretty-printed with a
/// final newline: the content of `schemas/profile.v1.schema.json`.
pub fn schema_json() -> String {
    // An input format: closed, so a misspelt key is an error.
    decktype_model::schema::strict::<Profile>("profile.v1.schema.json")
}

/// The embedded profile, read once per process. Its patterns are not
/// compiled to validate them here (that took a third of a small deck's
/// whole process): `embedded_profile_is_valid` holds them valid, and the
/// semantic pass compiles each when it first needs it.
static EMBEDDED: std::sync::LazyLock<Profile> = std::sync::LazyLock::new(|| {
    toml::from_str(DEFAULT_PROFILE).expect("the embedded profile is valid")
});

impl Default for Profile {
    fn default() -> Self {
        EMBEDDED.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profile_loads() {
        let p = Profile::default();
        assert_eq!(p.teams.groups.len(), 4);
        assert!(
            p.sigs
                .groups
                .iter()
                .any(|g| g.name == "Standardization/Certification")
        );
    }

    #[test]
    fn embedded_profile_is_valid() {
        // `Profile::default` does not validate it: this test does.
        Profile::from_toml(DEFAULT_PROFILE).expect("the embedded profile is valid");
    }

    #[test]
    fn bad_profiles_are_clear_errors() {
        let e = Profile::from_toml("name = \"x\"\n[teams]\nprefixes = [\"Team\"]\n").unwrap_err();
        assert!(e.to_string().contains("sigs"), "{e}");
        let e = Profile::from_toml("name = 3").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
