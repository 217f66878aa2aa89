//! `/pdf.json`: what the template needs on top of the JSON export. Part of
//! the template's data contract (see the crate docs); its schema is
//! `schemas/pdf-view.v1.schema.json`.

use std::collections::BTreeMap;

use decktype_model::Section;
use schemars::JsonSchema;
use serde::Serialize;

pub use crate::backgrounds::{Gradient, Placed};
use crate::style::{Shadow, Style};

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
    /// The deck's reveal.js theme (`slideOptions.theme`, else `white`),
    /// from `decktype_theme`'s table.
    pub theme: ThemeView,
    /// The deck's language (`lang`), for hyphenation and the PDF's language tag.
    pub lang: String,
    /// Whether the deck's base direction is right-to-left: its `dir` is
    /// `rtl`, or `auto` with a right-to-left `lang`. As in a browser, and
    /// in the HTML export, `lang` alone does not turn a deck right-to-left.
    pub rtl: bool,
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
    /// Where each slide's background image stands on its page (CSS px),
    /// by slide index: its `data-background-size` and `-position` as CSS
    /// reads them (by default covering the page, centred). Only slides
    /// whose background image was found.
    pub backgrounds: BTreeMap<String, Placed>,
    /// Slide backgrounds that are CSS gradients, as written in the deck
    /// (`data-background="linear-gradient(…)"`), mapped to the gradient
    /// the template draws.
    pub gradients: BTreeMap<String, Gradient>,
    /// Colours as written in the deck (`<font color>`, backgrounds) mapped
    /// to `#rrggbb[aa]`; a colour that is not here is not valid CSS.
    pub colors: BTreeMap<String, String>,
    /// The deck's `<style>` rules, mapped: `base`, `h1`..`h6`, `p`, `li`.
    pub styles: BTreeMap<String, Style>,
    /// `ul { display: block }` in the deck's CSS: bulleted lists span the
    /// content width instead of being centred as a block.
    pub list_block: bool,
    /// `ol { display: block }` in the deck's CSS: numbered lists span the
    /// content width (the SCS decks' CSS makes only `ul` a block).
    pub ordered_list_block: bool,
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
    /// For each list the template may centre as a whole (one not inside a
    /// list item, with tight items), by the byte offset its `span` starts
    /// at: its widest line is at least this many em of the list's text
    /// size wide (each character in the narrowest style of the bundled
    /// font that serves it, less 10 % for kerning). The template lays a
    /// list this wide out as a block instead of a box when the bound
    /// exceeds the room it has: it wraps in any case, so, as in reveal.js,
    /// it spans the content width. Lists under 10 em are left out.
    pub list_widths: BTreeMap<String, f64>,
    /// A regular expression of the characters no font has (empty when
    /// there are none): the template shows them as a `U+XXXX` box.
    pub missing_glyphs: String,
    /// Which font serves the characters of each script the deck shows
    /// (digits, punctuation and symbols shared by scripts left out), sorted
    /// by script, source and family: a bundled font where one has the
    /// character (the first of the theme's body font, Lato, DejaVu Sans,
    /// Noto Color Emoji and typst's text fonts that does, as the body text
    /// asks for them), else a family from a `--font-path` folder or the
    /// machine, else typst's math font (New Computer Modern Math). A script
    /// can be served by several fonts, and a script no font serves is not
    /// here (see `missing_glyphs`).
    pub fonts: Vec<FontUse>,
}

/// A font that serves (some of) the characters of a script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FontUse {
    /// The Unicode script, by its long name (`Latin`, `Han`, `Hiragana`,
    /// `Hangul`, `Arabic`, `Hebrew`, `Devanagari` ...).
    pub script: String,
    /// The font family.
    pub family: String,
    /// Where the font comes from.
    pub source: FontSource,
}

/// Where a font comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FontSource {
    /// Bundled with decktype: the same on every machine.
    Bundled,
    /// A folder given with `--font-path`.
    Path,
    /// The machine's fonts.
    System,
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

/// The deck's reveal.js theme as the template uses it: colours
/// `#rrggbb`, sizes in CSS pixels or em, fonts among the bundled ones.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ThemeView {
    /// The theme's name (`white`, `moon` ...).
    pub name: String,
    /// The slide background.
    pub background: String,
    /// A radial gradient over the background: `[centre, corner]`.
    pub gradient: Option<[String; 2]>,
    /// The text colour.
    pub text: String,
    /// The body font: a bundled font (`Lato`, `Libertinus Serif`).
    pub body_font: String,
    /// The heading font: a bundled font.
    pub heading_font: String,
    /// The heading colour, unless the deck's CSS gives one.
    pub heading_color: String,
    /// The heading weight, unless the deck's CSS gives one.
    pub heading_weight: u16,
    /// Headings in capitals.
    pub heading_uppercase: bool,
    /// The heading letter spacing in em.
    pub heading_tracking: f64,
    /// The headings' text shadow.
    pub heading_shadow: Option<Shadow>,
    /// The text shadow of `h1`, when it differs from the other headings'.
    pub h1_shadow: Option<Shadow>,
    /// The link colour.
    pub link: String,
    /// Code blocks: background and text.
    pub code_background: String,
    /// The text of code blocks.
    pub code_text: String,
    /// Inline code: background and text.
    pub inline_code_background: String,
    /// The text of inline code.
    pub inline_code_text: String,
}

/// The reveal.js theme of `deck`.
pub(crate) fn deck_theme(deck: &decktype_model::Deck) -> &'static decktype_theme::Theme {
    decktype_theme::theme(
        deck.meta
            .slide_options
            .as_ref()
            .and_then(|o| o.theme.as_deref()),
    )
}

impl ThemeView {
    /// The view of the theme of `deck`.
    pub(crate) fn of(deck: &decktype_model::Deck) -> Self {
        let t = deck_theme(deck);
        let shadow = |css: Option<&str>| css.and_then(crate::style::shadow);
        ThemeView {
            name: t.name.to_owned(),
            background: t.background.to_owned(),
            gradient: t
                .background_gradient
                .map(|(inner, outer)| [inner.to_owned(), outer.to_owned()]),
            text: t.text.to_owned(),
            body_font: t.pdf_body_font.to_owned(),
            heading_font: t.pdf_heading_font.to_owned(),
            heading_color: t.heading_color.to_owned(),
            heading_weight: t.heading_weight,
            heading_uppercase: t.heading_uppercase,
            heading_tracking: t.heading_letter_spacing,
            heading_shadow: shadow(t.heading_shadow),
            h1_shadow: shadow(t.h1_shadow),
            link: t.link.to_owned(),
            code_background: t.code_background.to_owned(),
            code_text: t.code_text.to_owned(),
            inline_code_background: t.inline_code_background.to_owned(),
            inline_code_text: t.inline_code_text.to_owned(),
        }
    }
}
