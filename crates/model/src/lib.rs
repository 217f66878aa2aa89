//! The typed model of a HedgeDoc slide deck: the data every decktype crate shares.
//!
//! A [`Deck`] is plain data: front matter, slides in reading order, and inside each
//! slide a tree of [`Block`]s and [`Inline`]s. Every node carries the byte [`Span`]
//! of the source it came from; [`LineIndex`] turns spans into 1-based line/column
//! positions at the edges (CLI, diagnostics in JSON). [`Diagnostic`]s are data too;
//! [`codes`] is the registry of every code they carry.
//!
//! This crate does not parse (that is `decktype-parse`) and does not render (the
//! export crates do). Its only dependencies are serde, serde_json and schemars: the
//! types derive the JSON Schema that `schemas/deck.v1.schema.json` is generated from.
//!
//! Text policy: the model keeps the **source text** as the author wrote it (`...`
//! stays `...`). HedgeDoc's markdown-it runs with `typographer` on, a step of its
//! parser; the port of it is `decktype_parse::typography`.

mod block;
pub mod codes;
mod diagnostic;
mod inline;
pub mod schema;
mod semantics;
mod span;
pub mod text;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use block::DefinitionItem;
pub use block::{Alignment, Block, ListItem, TableCell};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use inline::{Image, Inline, LinkKind};
pub use semantics::{
    Event, GroupReport, LightningTalk, Link, LinkClass, Section, SectionKind, Tender,
};
pub use span::{LineCol, LineIndex, Span};

/// A whole deck: one Markdown file in HedgeDoc slide mode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Deck {
    /// Metadata from the YAML front matter (empty when there is none).
    pub meta: Meta,
    /// Where the front matter is, when HedgeDoc recognises one (the file starts
    /// with `---` at byte 0 and a later line starts with `---` or `...`).
    pub front_matter: Option<FrontMatter>,
    /// `<style>` blocks found in the slides, in source order, raw CSS kept.
    pub styles: Vec<StyleSheet>,
    /// The slides in reading order: each column top to bottom, columns left to right.
    pub slides: Vec<Slide>,
    /// The deck's logical sections in order (semantic pass): every slide is
    /// in exactly one section.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Teams that report in this call (semantic pass), in order of first appearance.
    #[serde(default)]
    pub teams: Vec<GroupReport>,
    /// Special interest groups that report in this call (semantic pass).
    #[serde(default)]
    pub sigs: Vec<GroupReport>,
    /// Items on the tenders slides (semantic pass).
    #[serde(default)]
    pub tenders: Vec<Tender>,
    /// Dated events listed on events-like slides (semantic pass).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Lightning talks given or announced in the call (semantic pass).
    #[serde(default)]
    pub lightning_talks: Vec<LightningTalk>,
    /// Every link and `@handle` mention in the slides, in reading order
    /// (semantic pass).
    #[serde(default)]
    pub links: Vec<Link>,
}

/// The recognised front matter block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing `---`/`...` marker.
    pub span: Span,
    /// The YAML text handed to the YAML parser (opening `---` line included, as
    /// HedgeDoc's meta-marked does).
    pub yaml: String,
    /// Whether the YAML parsed into a mapping. When false, HedgeDoc ignores the
    /// metadata (but still hides the block) and a diagnostic says why.
    pub valid: bool,
}

/// Metadata from the front matter: the keys HedgeDoc knows, typed, and every
/// other key kept losslessly in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Meta {
    /// The call's date (ISO `YYYY-MM-DD`), found by the semantic pass: from
    /// the title slide, else the front matter's `date`, else the file name,
    /// else the `--date` option. `None` when no source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Where `date` came from: `title_slide`, `front_matter`, `file_name` or `option`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<DateSource>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `tags`, given as a comma-separated string or as a list.
    pub tags: Vec<String>,
    /// `type`: `slide` for a slide deck.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// `lang`, a BCP 47 language tag.
    pub lang: Option<String>,
    /// `dir`: `ltr` or `rtl`.
    pub dir: Option<String>,
    /// `breaks`: whether a single newline inside a paragraph is a line break
    /// (HedgeDoc's default is true; this is the value as written, if any).
    pub breaks: Option<bool>,
    /// `robots`.
    pub robots: Option<String>,
    /// `GA`: a Google Analytics id.
    pub ga: Option<String>,
    /// `disqus`: a Disqus short name.
    pub disqus: Option<String>,
    /// `opengraph`: Open Graph overrides, kept as written.
    pub opengraph: Option<BTreeMap<String, serde_json::Value>>,
    /// `slideOptions`: reveal.js options.
    pub slide_options: Option<SlideOptions>,
    /// Every other key, and known keys whose value had the wrong type, as JSON.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Where the call date came from, most reliable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A full date in the title slide's text.
    TitleSlide,
    /// The front matter's `date` key.
    FrontMatter,
    /// The file name (`20240418.md`, `2024-04-18-call.md`).
    FileName,
    /// Given by the user (`--date`).
    Option,
}

/// `slideOptions` from the front matter: the reveal.js settings decks use, typed,
/// and every other key in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SlideOptions {
    /// `theme`: reveal.js theme name (`white`, `black`, ...).
    pub theme: Option<String>,
    /// `transition`: `none`, `fade`, `slide`, `convex`, `concave`, `zoom`.
    pub transition: Option<String>,
    /// `transitionSpeed`.
    pub transition_speed: Option<String>,
    /// `backgroundTransition`.
    pub background_transition: Option<String>,
    /// `parallaxBackgroundImage`: URL of a parallax background.
    pub parallax_background_image: Option<String>,
    /// `parallaxBackgroundSize`: CSS size such as `1920px 1080px`.
    pub parallax_background_size: Option<String>,
    /// `width`: presentation width, pixels or a percentage string.
    pub width: Option<Dimension>,
    /// `height`: presentation height, pixels or a percentage string.
    pub height: Option<Dimension>,
    /// Every other key, as JSON (key names as written).
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A reveal.js size: a number of pixels or a CSS string such as `100%`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Dimension {
    /// A number (pixels).
    Number(f64),
    /// A string, e.g. `"100%"`.
    Text(String),
}

/// A `<style>` block, collected from wherever it appears in the deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StyleSheet {
    /// The CSS between `<style>` and `</style>`, unchanged.
    pub css: String,
    /// Index of the slide the block is in.
    pub slide: usize,
    /// The whole `<style>...</style>` element.
    pub span: Span,
}

/// Which separator ends a slide's source (or begins the next one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeparatorKind {
    /// `---`: a new column.
    Horizontal,
    /// `----`: the next slide in the same column.
    Vertical,
}

/// One slide, as HedgeDoc shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Slide {
    /// Position in the flat list of slides (reading order).
    pub index: usize,
    /// Horizontal index: the column.
    pub h: usize,
    /// Vertical index inside the column; 0 for the top slide.
    pub v: usize,
    /// The slide's source text, between its separators (notes included).
    pub span: Span,
    /// The separator before this slide, if any.
    pub separator: Option<Separator>,
    /// Plain text of the slide's first heading, if it has one.
    pub title: Option<String>,
    /// Level (1-6) of that heading.
    pub level: Option<u8>,
    /// Attributes from `<!-- .slide: ... -->` comments that HedgeDoc keeps
    /// (`data-*`, `id`, `class`, `style`), by name.
    pub attributes: BTreeMap<String, String>,
    /// The slide background, typed from the `data-background*` attributes.
    pub background: Option<Background>,
    /// Speaker notes, when the slide has exactly one `note:` line.
    pub notes: Option<Notes>,
    /// The rendered content, notes excluded.
    pub blocks: Vec<Block>,
}

/// A slide separator line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Separator {
    /// Horizontal or vertical.
    pub kind: SeparatorKind,
    /// The `---`/`----` line itself.
    pub span: Span,
}

/// A slide background, from `data-background`, `data-background-image`,
/// `data-background-color` and their companions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Background {
    /// Image URL or path (from `data-background-image`, or `data-background`
    /// when reveal.js would treat it as an image: a URL or an image file name).
    pub image: Option<String>,
    /// CSS colour (from `data-background-color`, or `data-background` when it is not an image).
    pub color: Option<String>,
    /// `data-background-size`.
    pub size: Option<String>,
    /// `data-background-position`.
    pub position: Option<String>,
    /// `data-background-repeat`.
    pub repeat: Option<String>,
    /// `data-background-opacity`.
    pub opacity: Option<String>,
    /// `data-background-video`.
    pub video: Option<String>,
    /// `data-background-iframe`.
    pub iframe: Option<String>,
}

/// Speaker notes of a slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Notes {
    /// From the `note:` marker to the end of the slide.
    pub span: Span,
    /// The notes' Markdown source, trimmed, as reveal.js passes it on.
    pub markdown: String,
    /// The notes, parsed.
    pub blocks: Vec<Block>,
}

impl Slide {
    /// Where the slide's background is written: the first
    /// `<!-- .slide: ... -->` comment that sets a `data-background*`
    /// attribute, else the whole slide. For diagnostics about the
    /// background (an image not embedded, say).
    pub fn background_span(&self) -> Span {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Html { inlines, .. } | Block::Paragraph { inlines, .. } => Some(inlines),
                _ => None,
            })
            .flatten()
            .find_map(|i| match i {
                Inline::Comment { text, span } if text.contains("data-background") => Some(*span),
                _ => None,
            })
            .unwrap_or(self.span)
    }
}

impl Deck {
    /// The slide at horizontal index `h` and vertical index `v`.
    pub fn slide(&self, h: usize, v: usize) -> Option<&Slide> {
        self.slides.iter().find(|s| s.h == h && s.v == v)
    }

    /// Number of columns (horizontal slides).
    pub fn columns(&self) -> usize {
        self.slides.last().map_or(0, |s| s.h + 1)
    }

    /// The deck's title: the front matter's `title`, else the first slide
    /// title.
    pub fn title(&self) -> Option<&str> {
        self.meta
            .title
            .as_deref()
            .or_else(|| self.slides.iter().find_map(|s| s.title.as_deref()))
    }

    /// The front matter's `dir` when it is a value a browser takes for
    /// `<html dir>`: `ltr`, `rtl` or `auto`, in lower case (a browser reads
    /// the attribute without regard to ASCII case); `None` for any other.
    /// Both exports read the deck's direction from this.
    pub fn dir(&self) -> Option<&'static str> {
        let written = self.meta.dir.as_deref()?;
        ["ltr", "rtl", "auto"]
            .into_iter()
            .find(|d| d.eq_ignore_ascii_case(written))
    }

    /// Whether `slideOptions.theme` is one of reveal.js 3.9's dark themes
    /// (the themes HedgeDoc 1.x offers; `decktype_theme`'s table has them
    /// all, and the HTML export's theme test checks the two agree).
    pub fn dark_theme(&self) -> bool {
        self.meta
            .slide_options
            .as_ref()
            .and_then(|o| o.theme.as_deref())
            .is_some_and(|t| {
                matches!(
                    t.trim().to_ascii_lowercase().as_str(),
                    "black" | "night" | "league" | "moon" | "blood"
                )
            })
    }

    /// The sections, with every slide in one: slides the semantic pass did
    /// not place (or a deck it did not run on) get a section `Slides` of
    /// their own, in order, so an export that walks sections drops none.
    pub fn sections_covering_all_slides(&self) -> Vec<Section> {
        let mut placed = vec![false; self.slides.len()];
        for s in &self.sections {
            for &i in &s.slides {
                if let Some(p) = placed.get_mut(i) {
                    *p = true;
                }
            }
        }
        let mut out = self.sections.clone();
        let unplaced: Vec<usize> = (0..self.slides.len()).filter(|&i| !placed[i]).collect();
        if !unplaced.is_empty() {
            out.push(Section {
                kind: SectionKind::Other,
                title: "Slides".to_owned(),
                slides: unplaced,
            });
            out.sort_by_key(|s| s.slides.first().copied().unwrap_or(usize::MAX));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_is_what_a_browser_takes_for_html_dir() {
        let deck = |dir: Option<&str>| Deck {
            meta: Meta {
                dir: dir.map(str::to_owned),
                ..Meta::default()
            },
            ..Deck::default()
        };
        for (written, taken) in [
            (Some("rtl"), Some("rtl")),
            (Some("RTL"), Some("rtl")),
            (Some("Auto"), Some("auto")),
            (Some("ltr"), Some("ltr")),
            (Some("right-to-left"), None),
            (Some(""), None),
            (Some("rtl\" onload=\"x"), None),
            (None, None),
        ] {
            assert_eq!(deck(written).dir(), taken, "{written:?}");
        }
    }

    #[test]
    fn sections_covering_all_slides_adds_the_unplaced() {
        let slide = |index| Slide {
            index,
            h: index,
            v: 0,
            span: Span::new(0, 0),
            separator: None,
            title: None,
            level: None,
            attributes: BTreeMap::new(),
            background: None,
            notes: None,
            blocks: Vec::new(),
        };
        let deck = Deck {
            meta: Meta::default(),
            front_matter: None,
            styles: Vec::new(),
            slides: (0..4).map(slide).collect(),
            sections: vec![Section {
                kind: SectionKind::Team,
                title: "Team Ops".to_owned(),
                slides: vec![1, 2],
            }],
            teams: Vec::new(),
            sigs: Vec::new(),
            tenders: Vec::new(),
            events: Vec::new(),
            lightning_talks: Vec::new(),
            links: Vec::new(),
        };
        let all = deck.sections_covering_all_slides();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0].slides,
            vec![0, 3],
            "the unplaced slides, first by their first slide"
        );
        assert_eq!(all[0].title, "Slides");
        assert_eq!(all[1].title, "Team Ops");
        let placed = Deck {
            sections: all.clone(),
            ..deck
        };
        assert_eq!(placed.sections_covering_all_slides(), all);
        // The title falls back to the first slide that has one.
        assert_eq!(placed.title(), None);
        let mut titled = placed.clone();
        titled.slides[2].title = Some("Team Ops".to_owned());
        assert_eq!(titled.title(), Some("Team Ops"));
        titled.meta.title = Some("SCS Community Call".to_owned());
        assert_eq!(titled.title(), Some("SCS Community Call"));
        // Dark reveal.js themes, in any case.
        assert!(!titled.dark_theme());
        for (theme, dark) in [("Black", true), ("night", true), ("white", false)] {
            titled.meta.slide_options = Some(SlideOptions {
                theme: Some(theme.to_owned()),
                ..SlideOptions::default()
            });
            assert_eq!(titled.dark_theme(), dark, "{theme}");
        }
    }

    #[test]
    fn background_span_is_the_slide_comment_else_the_slide() {
        let comment = |text: &str, at: usize| Inline::Comment {
            text: text.to_owned(),
            span: Span::new(at, at + 10),
        };
        let mut slide = Slide {
            index: 0,
            h: 0,
            v: 0,
            span: Span::new(0, 100),
            separator: None,
            title: None,
            level: None,
            attributes: BTreeMap::new(),
            background: None,
            notes: None,
            blocks: vec![Block::Html {
                html: String::new(),
                inlines: vec![comment(" .slide: class=\"x\" ", 5)],
                span: Span::new(5, 15),
            }],
        };
        assert_eq!(slide.background_span(), Span::new(0, 100));
        slide.blocks.push(Block::Paragraph {
            inlines: vec![comment(" .slide: data-background=\"a.png\" ", 40)],
            attributes: BTreeMap::new(),
            span: Span::new(40, 50),
        });
        assert_eq!(slide.background_span(), Span::new(40, 50));
    }
}
