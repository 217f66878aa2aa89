//! The fit protocol with the template: `fit` in `decktype.typ` labels each
//! box it lays out `decktype-fit-<key>` with a `<decktype-fit-limit>`
//! metadata of its height limit; this module finds the boxes laid out too
//! tall (to measure and scale in a second layout, named in `/fit.json`) and
//! the slides scaled below the readable minimum (`<decktype-fit>`).

use std::collections::{BTreeSet, HashMap};

use decktype_model::{Deck, Diagnostic, Severity};
use typst::foundations::{Bytes, Label, Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Frame, FrameItem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::SCALED_DOWN;

/// Where the exporter tells the template which boxes to measure and scale.
pub(crate) const FIT_JSON: &str = "/fit.json";

/// `/fit.json`: the keys of the boxes to measure.
pub(crate) fn fit_json(measure: &[String]) -> Bytes {
    Bytes::from_string(serde_json::json!({ "measure": measure }).to_string())
}

/// The keys of the template's boxes laid out taller than their limit: the
/// frames labelled `decktype-fit-<key>` against the `<decktype-fit-limit>`
/// metadata of the same key.
pub(crate) fn too_tall(document: &PagedDocument) -> Vec<String> {
    fn walk(frame: &Frame, out: &mut Vec<(String, f64)>) {
        for (_, item) in frame.items() {
            if let FrameItem::Group(group) = item {
                if let Some(key) = group.label.and_then(|l| {
                    l.resolve()
                        .as_str()
                        .strip_prefix("decktype-fit-")
                        .map(str::to_owned)
                }) {
                    out.push((key, group.frame.height().to_pt()));
                }
                walk(&group.frame, out);
            }
        }
    }
    let Some(label) = Label::new(PicoStr::intern("decktype-fit-limit")) else {
        return Vec::new();
    };
    let mut limits = HashMap::new();
    for content in document.introspector().query(&Selector::Label(label)) {
        if let Ok(Value::Dict(dict)) = content.get_by_name("value")
            && let (Ok(Value::Str(key)), Ok(Value::Float(limit))) =
                (dict.get("key"), dict.get("limit"))
        {
            limits.insert(key.as_str().to_owned(), *limit);
        }
    }
    let mut heights = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut heights);
    }
    let mut keys: Vec<String> = heights
        .into_iter()
        .filter(|(key, height)| limits.get(key).is_some_and(|limit| *height > limit + 0.01))
        .map(|(key, _)| key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Slides the template scaled below `min` to fit, from its
/// `<decktype-fit>` metadata.
pub(crate) fn scaled_slides(
    document: &PagedDocument,
    deck: &Deck,
    min: f64,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(label) = Label::new(PicoStr::intern("decktype-fit")) else {
        return;
    };
    let mut reported = BTreeSet::new();
    for content in document.introspector().query(&Selector::Label(label)) {
        let Ok(Value::Dict(dict)) = content.get_by_name("value") else {
            continue;
        };
        let number = |key: &str| match dict.get(key).ok() {
            Some(Value::Int(i)) => Some(*i as f64),
            Some(Value::Float(f)) => Some(*f),
            _ => None,
        };
        let (Some(index), Some(scale)) = (number("slide"), number("scale")) else {
            continue;
        };
        let Some(slide) = deck.slides.get(index as usize) else {
            continue;
        };
        if scale < min && reported.insert(slide.index) {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    SCALED_DOWN,
                    format!(
                        "slide {} is too long for its page and is scaled to {:.0}% to fit; its text is hard to read",
                        slide.index + 1,
                        scale * 100.0
                    ),
                    slide.span,
                )
                .with_help("split the slide with `----` (a vertical slide) or shorten it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use decktype_assets::Resolver;
    use decktype_format::Envelope;

    use super::*;
    use crate::prepare::deck_world;
    use crate::{NotesMode, Options};

    fn envelope(fixture: &str) -> Envelope {
        let path = format!("{}/../../fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        let parsed = decktype_parse::parse(&text, &Default::default());
        Envelope::new(Some(fixture), &text, parsed.deck, &parsed.diagnostics)
    }

    /// The boxes laid out taller than their page in the first layout.
    fn first_layout_too_tall(envelope: &Envelope, notes: NotesMode) -> Vec<String> {
        let resolver = Resolver::none();
        let mut options = Options::new(&resolver);
        options.notes = notes;
        let (_, world, _) = deck_world(envelope, &options);
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .expect("the fixture compiles");
        too_tall(&document)
    }

    #[test]
    fn the_first_layout_finds_exactly_the_long_slide() {
        let deck = envelope("pdf/features.md");
        let long = deck
            .deck
            .slides
            .iter()
            .find(|s| {
                s.blocks.iter().any(|b| {
                    serde_json::to_string(b)
                        .unwrap()
                        .contains("The last line of the long slide.")
                })
            })
            .expect("the fixture has a long slide")
            .index;
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::None),
            vec![format!("slide-{long}")]
        );
        // Notes pages fit (the notes are short), so adding them adds nothing.
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::Pages),
            vec![format!("slide-{long}")]
        );
    }

    #[test]
    fn long_notes_are_measured_on_their_own_page() {
        let notes: String = (1..=60).map(|i| format!("Note line {i}.\n\n")).collect();
        let text = format!("# Short slide\n\nnote: {notes}");
        let parsed = decktype_parse::parse(&text, &Default::default());
        let deck = Envelope::new(Some("notes.md"), &text, parsed.deck, &parsed.diagnostics);
        assert!(first_layout_too_tall(&deck, NotesMode::None).is_empty());
        assert_eq!(
            first_layout_too_tall(&deck, NotesMode::Pages),
            vec!["notes-0"]
        );
    }

    #[test]
    fn a_deck_that_fits_is_laid_out_once() {
        // Slides and notes pages that all fit. (`pdf/typst.md` did until
        // the PDF's lines took reveal.js's 1.3 line height; its vertical
        // slide is taller than a page's 660 px since.)
        let deck = envelope("notes.md");
        assert!(first_layout_too_tall(&deck, NotesMode::Pages).is_empty());
    }
}
