//! What the last build recorded, for incremental builds: per deck, the key
//! of its inputs, the images it used and its outputs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_archive::{ArchiveDeck, SlideText};
use decktype_pipeline::Resolver;
use serde::{Deserialize, Serialize};

use crate::{Options, TOOL};

/// The recorded state of the last build.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) tool: String,
    pub(crate) decks: BTreeMap<String, DeckState>,
    /// Decks the last build stopped for going over their budget (DT071):
    /// not tried again while the deck, its images, the options and the
    /// budget are the same (`--force` tries).
    #[serde(default)]
    pub(crate) over_budget: BTreeMap<String, OverBudget>,
}

/// A deck stopped for going over its budget, and what it was stopped with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct OverBudget {
    /// The deck's key ([`DeckState::key`]) when it was stopped.
    pub(crate) key: String,
    /// The budget it went over ([`budget_key`]).
    pub(crate) budget: String,
    /// The images it used, as far as it got (none when stopped before its
    /// JSON was written).
    pub(crate) images: Vec<ImageDep>,
    /// The DT071 error it got.
    pub(crate) diagnostic: decktype_model::Diagnostic,
}

/// The budget's time and memory, as recorded in [`OverBudget::budget`].
pub(crate) fn budget_key(budget: &crate::Budget) -> String {
    format!("{:?} {:?}", budget.time, budget.memory)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeckState {
    /// Hash of the tool, the options and the source.
    pub(crate) key: String,
    /// Whether every output asked for was made. A deck whose PDF failed (or
    /// went over its budget) keeps its JSON and HTML and is in the feeds,
    /// but is never taken as unchanged: the next build tries it again.
    #[serde(default = "yes")]
    pub(crate) complete: bool,
    /// The images the deck used and what they resolved to.
    pub(crate) images: Vec<ImageDep>,
    /// Output files, relative to the site folder.
    pub(crate) outputs: Vec<String>,
    /// The archive entry.
    pub(crate) entry: ArchiveDeck,
    /// The slides' text, for search.
    pub(crate) texts: Vec<SlideText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImageDep {
    pub(crate) url: String,
    /// The file, its size and modification time (ns); `None` when the URL
    /// resolved to no file (missing, or a `data:` URI).
    file: Option<(PathBuf, u64, u128)>,
}

fn yes() -> bool {
    true
}

fn stamp(path: &Path) -> Option<(PathBuf, u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some((path.to_owned(), meta.len(), mtime))
}

pub(crate) fn image_dep(resolver: &Resolver, url: &str) -> ImageDep {
    ImageDep {
        url: url.to_owned(),
        file: resolver.which(url).ok().flatten().and_then(|p| stamp(&p)),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    decktype_format::sha256_hex(bytes)
}

/// The part of the options that shapes a deck's outputs, hashed.
pub(crate) fn options_key(options: &Options) -> String {
    // Debug output: the profile holds only strings, lists and structs.
    let profile = format!("{:?}", options.profile);
    let text = format!(
        "{TOOL}\n{:?}\n{}{:?}\n{}\n{profile}",
        options.formats,
        pdf_key(options),
        options.images.assets,
        options.images.fetch.is_some(),
    );
    sha256_hex(text.as_bytes())
}

/// The PDF settings' part of [`options_key`] (nothing without the PDF).
#[cfg(feature = "pdf")]
fn pdf_key(options: &Options) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{}\n{:?}\n",
        options.pdf.page,
        options.pdf.notes,
        options.pdf.standard,
        options.pdf.timestamp,
        template_key(options.pdf.template.as_deref()),
        options.pdf.images,
    )
}

/// The template's part of [`pdf_key`]: the hash of the deck's template,
/// or of the built-in one, so that a decktype whose built-in template
/// changed (a build from git between two releases: [`TOOL`] is the same)
/// makes its PDFs again.
#[cfg(feature = "pdf")]
fn template_key(template: Option<&str>) -> String {
    match template {
        Some(t) => sha256_hex(t.as_bytes()),
        None => built_in_key(
            decktype_export_pdf::MAIN_TYP,
            decktype_export_pdf::LIBRARY_TYP,
        ),
    }
}

/// The key of the built-in template, from its two files.
#[cfg(feature = "pdf")]
fn built_in_key(main: &str, library: &str) -> String {
    sha256_hex(format!("built-in\n{}\n{main}\n{library}", main.len()).as_bytes())
}

#[cfg(not(feature = "pdf"))]
fn pdf_key(_options: &Options) -> String {
    String::new()
}

/// Where a running build records each deck as it finishes (relative to the
/// site folder), so that a build killed midway (`kill -9`, a power cut)
/// does not redo the decks it finished: one small file per deck, written
/// atomically, read over the last complete state by the next build and
/// removed once the state file is written.
pub(crate) const JOURNAL_DIR: &str = ".decktype/finished";

/// One journal file: a deck a build finished.
#[derive(Serialize, Deserialize)]
struct Finished {
    tool: String,
    path: String,
    #[serde(default)]
    deck: Option<DeckState>,
    #[serde(default)]
    over_budget: Option<OverBudget>,
}

fn journal_file(site: &Path, rel: &str) -> PathBuf {
    let name = &sha256_hex(rel.as_bytes())[..32];
    site.join(JOURNAL_DIR).join(format!("{name}.json"))
}

impl State {
    /// The last build's state: the state file, and over it the decks a
    /// build that did not finish recorded in the journal.
    pub(crate) fn load(site: &Path) -> State {
        let mut state: State = std::fs::read_to_string(site.join(crate::STATE_FILE))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(|s: &State| s.tool == TOOL)
            .unwrap_or_default();
        state.tool = TOOL.to_owned();
        let Ok(entries) = std::fs::read_dir(site.join(JOURNAL_DIR)) else {
            return state;
        };
        for entry in entries.flatten() {
            let finished = std::fs::read_to_string(entry.path())
                .ok()
                .and_then(|t| serde_json::from_str::<Finished>(&t).ok())
                .filter(|f| f.tool == TOOL);
            if let Some(f) = finished {
                match f.deck {
                    Some(deck) => state.decks.insert(f.path.clone(), deck),
                    None => state.decks.remove(&f.path),
                };
                match f.over_budget {
                    Some(o) => state.over_budget.insert(f.path, o),
                    None => state.over_budget.remove(&f.path),
                };
            }
        }
        state
    }
}

/// Records that the deck at `rel` finished with `deck` (`None`: it failed)
/// and, when it went over its budget, `over_budget`. A deck that failed
/// otherwise removes an earlier record of it.
pub(crate) fn record(
    site: &Path,
    rel: &str,
    deck: Option<&DeckState>,
    over_budget: Option<&OverBudget>,
) -> std::io::Result<()> {
    let path = journal_file(site, rel);
    if deck.is_none() && over_budget.is_none() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    #[derive(Serialize)]
    struct FinishedRef<'a> {
        tool: &'a str,
        path: &'a str,
        deck: Option<&'a DeckState>,
        over_budget: Option<&'a OverBudget>,
    }
    let json = serde_json::to_vec(&FinishedRef {
        tool: TOOL,
        path: rel,
        deck,
        over_budget,
    })
    .expect("the state serializes");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    decktype_pipeline::io::write_atomically(&path, &json, None)
}

/// Removes the journal once the state file holds what it recorded.
pub(crate) fn clear_journal(site: &Path) {
    let _ = std::fs::remove_dir_all(site.join(JOURNAL_DIR));
}

#[cfg(all(test, feature = "pdf"))]
mod tests {
    use super::*;

    #[test]
    fn a_change_to_the_built_in_template_changes_the_key() {
        let (main, library) = (
            decktype_export_pdf::MAIN_TYP,
            decktype_export_pdf::LIBRARY_TYP,
        );
        let key = template_key(None);
        assert_eq!(key, built_in_key(main, library));
        // One character more in either file, or moved from one to the other.
        assert_ne!(key, built_in_key(main, &format!("{library} ")));
        assert_ne!(key, built_in_key(&format!("{main} "), library));
        assert_ne!(
            built_in_key("ab", "c"),
            built_in_key("a", "bc"),
            "the files' boundary counts"
        );
        // A deck's own template keys by its text alone.
        assert_ne!(key, template_key(Some(library)));
    }
}
