//! `/pdf.json`: what the template needs on top of the JSON export. Part of
//! the template's data contract (see the crate docs); its schema is
//! `schemas/pdf-view.v1.schema.json`.

use std::collections::BTreeMap;

use decktype_model::Section;
use schemars::JsonSchema;
use serde::Serialize;

use crate::style::Style;

/// Everything the template reads from `/pdf.json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct View {
    /// Always 1 for this format.
    pub version: u32,
    /// `decktype <version>`.
    pub generator: String,
    /// The slide size.
    pub page: PageSize,
    /// `none`, `pages` (a notes page after each slide with notes) or
    /// `handout` (A4, several slides per page with their notes).
    pub notes: String,
    /// A dark reveal.js theme (`black`, `night` ...).
    pub dark: bool,
    /// The deck's language (`lang`), for hyphenation and the PDF's language tag.
    pub lang: String,
    /// The document title: the front matter's `title`, else the first slide title.
    pub title: String,
    /// The front matter's `description`.
    pub description: Option<String>,
    /// The front matter's `tags`.
    pub keywords: Vec<String>,
    /// The call date as `[year, month, day]`. The exporter also gives it to
    /// typst as the document's date (unless a timestamp was asked for), so
    /// a template leaves `document(date: auto)`.
    pub date: Option<[i64; 3]>,
    /// The deck's sections, every slide in exactly one (slides the semantic
    /// pass did not place get a section `Slides`).
    pub sections: Vec<Section>,
    /// Every image and background URL of the deck: where the template finds
    /// it, or why it is missing.
    pub images: BTreeMap<String, ImageInfo>,
    /// Colours as written in the deck (`<font color>`, backgrounds) mapped
    /// to `#rrggbb[aa]`; a colour that is not here is not valid CSS.
    pub colors: BTreeMap<String, String>,
    /// The deck's `<style>` rules, mapped: `base`, `h1`..`h6`, `p`, `li`.
    pub styles: BTreeMap<String, Style>,
    /// `ul { display: block }` in the deck's CSS: lists span the content
    /// width instead of being centred as a block.
    pub list_block: bool,
    /// `style` attributes of elements (`.element` comments, HTML tags), mapped.
    pub inline_styles: BTreeMap<String, Style>,
    /// `style` attributes of slides (`.slide` comments), by slide index.
    pub slide_styles: BTreeMap<String, Style>,
    /// Link URLs as written in the deck (a link's `url` in `/deck.json`)
    /// mapped to the target the PDF may link to: only those that
    /// `decktype_sanitize::link_target` accepts with relative targets
    /// refused (an absolute `http`, `https`, `mailto` or `tel` URL, trimmed,
    /// no control characters). A link whose URL is not here is shown as
    /// text, not made clickable.
    pub links: BTreeMap<String, String>,
    /// A regular expression of the characters no bundled font has (empty
    /// when there are none): the template shows them as a `U+XXXX` box.
    pub missing_glyphs: String,
}

/// The page of one slide, in CSS pixels (1 px = 0.75 pt).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct PageSize {
    /// Page width.
    pub width: f64,
    /// Page height.
    pub height: f64,
    /// Width of the content box, centred on the page (reveal.js's slide width).
    pub content_width: f64,
}

/// A resolved image, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ImageInfo {
    /// An image the template can load.
    Found {
        /// Its path in the typst world (`/images/<n>.<ext>`).
        path: String,
        /// Natural width in pixels.
        width: f64,
        /// Natural height in pixels.
        height: f64,
    },
    /// Not embedded: the template draws a placeholder.
    Missing {
        /// Why, for the placeholder.
        missing: String,
    },
}
