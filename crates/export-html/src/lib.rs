//! HTML export: one self-contained, safe file per deck.
//!
//! [`export`] is a plain function of the JSON envelope (the typed deck, its
//! semantics and diagnostics). The file it returns:
//!
//! - needs nothing from the network: CSS and the navigation script are
//!   inline, images are `data:` URIs (resolved by [`decktype_assets`]) or a
//!   visible placeholder with the alt text and the URL;
//! - has two views: a **slide view** (a stage scaled to the window: 1244 ×
//!   700, or the deck's `slideOptions` `width` × `height` with reveal.js's
//!   `margin` around it, content at the top for `center: false`; arrow
//!   keys, space, `Home`/`End`, `o` overview, `s` notes, `d` document
//!   view, `#/h/v` in the URL; `class="fragment"` elements step in
//!   reveal.js 3.9's order first) and a **document view** (every
//!   slide in order, with its notes, every fragment shown; what prints,
//!   one slide per page);
//! - nests the slides as reveal.js does (`div.reveal > div.slides >
//!   section`, a vertical stack as `section.stack > section`), so the
//!   deck's CSS written for HedgeDoc selects what it selects there; no
//!   other element of the page is a `section`, and page.css locks what the
//!   views need (which slide shows, the stage, the wrappers and notes) in a
//!   cascade layer that no deck rule, `!important` or not, can override;
//! - carries the semantics for machines: `<title>` and `<meta>` tags from the
//!   deck, `lang`/`dir`, a `div.dt-section-title` with an id and
//!   `data-kind` before each semantic section's slides (which say theirs in
//!   `data-section`), and the whole JSON export in
//!   `<script type="application/json" id="decktype-data">`.
//!
//! Safety, by construction and then checked:
//!
//! 1. Slide content is rendered from the typed model with maud, which
//!    escapes every text and attribute value; tag and attribute names come
//!    only from allowlists in this crate; link targets, the deck's CSS and
//!    the embedded JSON go through [`decktype_sanitize`]'s rules (links:
//!    http(s), mailto, tel or relative; CSS: its allowlists, scoped under
//!    the deck element).
//! 2. Each slide's HTML then goes through ammonia with the same allowlist;
//!    a `style` attribute stays only if it passes the CSS filter again.
//! 3. A Content-Security-Policy allows only the export's own script (by
//!    hash), inline styles and `data:` images: nothing else can load or run.

mod css;
mod render;
mod theme;

use decktype_assets::Resolver;
use decktype_format::Envelope;
use decktype_model::{Deck, Diagnostic, Dimension, SectionKind, Slide};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

pub use render::{CSS_DROPPED, EMBED_AS_LINK, IMAGE_NOT_EMBEDDED};

const PAGE_CSS: &str = include_str!("../assets/page.css");
const NAV_JS: &str = include_str!("../assets/nav.js");

/// Options of the HTML export.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Finds the deck's images.
    pub resolver: &'a Resolver,
}

/// The exported file and what the export had to say about the deck.
#[derive(Debug, Clone)]
pub struct Export {
    /// The whole HTML document.
    pub html: String,
    /// Images not embedded, CSS left out, embeds shown as links.
    pub diagnostics: Vec<Diagnostic>,
}

/// The Content-Security-Policy of every export: the page's own script by its
/// hash, styles inline, images only as `data:`; nothing else.
pub fn content_security_policy() -> String {
    let hash = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        Sha256::digest(NAV_JS.as_bytes()),
    );
    format!(
        "default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'; connect-src 'none'"
    )
}

/// Exports `envelope` as one HTML file.
pub fn export(envelope: &Envelope, options: &Options<'_>) -> Export {
    let deck = &envelope.deck;
    let mut ctx = render::Ctx {
        resolver: options.resolver,
        diagnostics: Vec::new(),
        images: Vec::new(),
    };
    let sanitizer = sanitizer();
    let deck_css = deck_css(deck, &mut ctx);
    let sections = deck.sections_covering_all_slides();
    let dark = deck.dark_theme();
    let title = deck.title().unwrap_or("Slides").to_owned();
    let lang = deck
        .meta
        .lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .unwrap_or("en");
    let dir = deck.dir();
    let body = html! {
        main class=(if dark { "dt-deck dt-theme-dark" } else { "dt-deck dt-theme-light" }) {
            div class="reveal" { div class="slides" {
                (slides_html(deck, &sections, &mut ctx, &sanitizer))
            } }
        }
    };
    let json = decktype_sanitize::script_json(&envelope.to_json_line());
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang) dir=[dir] {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy());
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                meta name="generator" content=(envelope.generator);
                @if let Some(d) = &deck.meta.date { meta name="date" content=(d); }
                @if let Some(d) = &deck.meta.description { meta name="description" content=(d); }
                @if !deck.meta.tags.is_empty() { meta name="keywords" content=(deck.meta.tags.join(", ")); }
                @if let Some(r) = &deck.meta.robots { meta name="robots" content=(r); }
                style { (PreEscaped(PAGE_CSS)) }
                style id="decktype-theme" { (PreEscaped(theme::css(theme::of(deck)))) }
                @if let Some(stage) = stage_css(deck) { style id="decktype-stage" { (PreEscaped(stage)) } }
                @if !deck_css.is_empty() { style id="decktype-deck-css" { (PreEscaped(&deck_css)) } }
            }
            body class="dt-document" {
                (body)
                div class="dt-hud" {
                    // Its own direction: "2 / 6" in a right-to-left deck too
                    // (inherited, the bidi algorithm showed "6 / 2").
                    span class="dt-number" dir="ltr" {}
                    button type="button" data-action="prev" title="Previous (←, p)" { "‹" }
                    button type="button" data-action="next" title="Next (→, space)" { "›" }
                    button type="button" data-action="overview" title="Overview (o)" { "▦" }
                    button type="button" data-action="notes" title="Speaker notes (s)" { "✎" }
                    button type="button" data-action="document" title="Document view (d)" { "☰" }
                }
                script type="application/json" id="decktype-data" { (PreEscaped(json)) }
                script { (PreEscaped(NAV_JS)) }
            }
        }
    };
    Export {
        html: ctx.embed_images(&page.into_string()),
        diagnostics: ctx.diagnostics,
    }
}

/// reveal.js 3.9's default `margin`: the share of the window left empty
/// around the slide.
const DEFAULT_MARGIN: f64 = 0.04;

/// The stage of a deck whose `slideOptions` shape it, as CSS overriding
/// `page.css`'s defaults; `None` keeps the default stage (1244 × 700 around
/// a 960px slide, centred).
///
/// As reveal.js lays the slide out: a `width` × `height` slide (both plain
/// numbers of pixels from 100 to 10000, the rule of the PDF export's page,
/// else the default stage) with `margin` (a number from 0 to 0.5, else
/// 0.04) of the stage left empty on each axis, so the stage has the
/// slide's aspect ratio; `center: false` puts the content at the top of
/// the slide instead of centring it. Other values (reveal.js's percentage
/// sizes, which follow the window, or nonsense) fall back to the defaults
/// silently: there is no diagnostic for them yet.
fn stage_css(deck: &Deck) -> Option<String> {
    let options = deck.meta.slide_options.as_ref()?;
    let pixels = |d: &Option<Dimension>| match d {
        Some(Dimension::Number(n)) if (100.0..=10000.0).contains(n) => Some(n.round()),
        _ => None,
    };
    let margin = options
        .extra
        .get("margin")
        .and_then(serde_json::Value::as_f64)
        .filter(|m| (0.0..=0.5).contains(m))
        .unwrap_or(DEFAULT_MARGIN);
    let top = options.extra.get("center") == Some(&serde_json::Value::Bool(false));
    let mut vars = Vec::new();
    let mut page = None;
    if let Some((width, height)) = pixels(&options.width).zip(pixels(&options.height)) {
        // reveal.js scales the slide to (1 - margin) of the window.
        let around = |n: f64| (n * margin / (2.0 * (1.0 - margin))).round();
        let (stage_w, stage_h) = (width + 2.0 * around(width), height + 2.0 * around(height));
        vars.push(format!("--dt-stage-w: {stage_w}px"));
        vars.push(format!("--dt-stage-h: {stage_h}px"));
        vars.push(format!("--dt-slide-w: {width}px"));
        vars.push(format!("--dt-pad-y: {}px", around(height)));
        page = Some(format!(
            "\n@media print {{ @page {{ size: {stage_w}px {stage_h}px; }} }}"
        ));
    }
    if top {
        vars.push("--dt-justify: flex-start".to_owned());
    }
    (!vars.is_empty()).then(|| {
        format!(
            ".dt-deck {{ {}; }}{}",
            vars.join("; "),
            page.unwrap_or_default()
        )
    })
}

fn kind_name(kind: SectionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "other".to_owned())
}

/// The slides as reveal.js nests them: `div.slides > section` per column,
/// and a column of more than one slide as a `section.stack` holding a
/// `section` per slide (`data-h`, `data-v`). Nothing else of decktype's is
/// a `section`, so a deck's `section` rules only ever reach slides.
///
/// The semantic sections cannot wrap slides (one may begin inside a column,
/// or be split): each slide says which it belongs to (`data-section`), and
/// a `div.dt-section-title` (`id="section-N"`, `data-kind`) stands before
/// the first slide of each run of its slides. Speaker notes follow their
/// slide as `aside.dt-speaker`: outside the slide as reveal.js keeps them
/// out of view, and with a class no `.notes` or `[class*=notes]` rule
/// matches (so `*:has(+ [class*=notes])` cannot reach the slide).
fn slides_html(
    deck: &Deck,
    sections: &[decktype_model::Section],
    ctx: &mut render::Ctx<'_>,
    sanitizer: &ammonia::Builder<'_>,
) -> Markup {
    let mut section_of = vec![None; deck.slides.len()];
    for (n, section) in sections.iter().enumerate() {
        for &i in &section.slides {
            if let Some(s) = section_of.get_mut(i)
                && s.is_none()
            {
                *s = Some(n);
            }
        }
    }
    let mut titled = vec![false; sections.len()];
    let mut previous: Option<usize> = None;
    let mut out = String::new();
    let mut i = 0;
    while i < deck.slides.len() {
        let h = deck.slides[i].h;
        let len = deck.slides[i..].iter().take_while(|s| s.h == h).count();
        let column = &deck.slides[i..i + len];
        let mut inner = String::new();
        for (k, slide) in column.iter().enumerate() {
            let n = section_of[i + k];
            if let Some(n) = n
                && previous != Some(n)
            {
                let section = &sections[n];
                let first = !std::mem::replace(&mut titled[n], true);
                inner.push_str(
                    &html! {
                        div class="dt-section-title" id=[first.then(|| format!("section-{}", n + 1))] data-kind=(kind_name(section.kind)) role="heading" aria-level="2" { (section.title) }
                    }
                    .into_string(),
                );
            }
            previous = n;
            let section_id = n.map(|n| format!("section-{}", n + 1));
            inner.push_str(&slide_html(slide, section_id, ctx, sanitizer).into_string());
        }
        if len > 1 {
            out.push_str(
                &html! { section class="dt-stack stack" data-h=(h) { (PreEscaped(inner)) } }
                    .into_string(),
            );
        } else {
            out.push_str(&inner);
        }
        i += len;
    }
    PreEscaped(out)
}

fn slide_html(
    slide: &Slide,
    section: Option<String>,
    ctx: &mut render::Ctx<'_>,
    sanitizer: &ammonia::Builder<'_>,
) -> Markup {
    let content = ctx.blocks(&slide.blocks).into_string();
    let content = sanitizer.clean(&content).to_string();
    let notes = slide.notes.as_ref().map(|n| {
        sanitizer
            .clean(&ctx.blocks(&n.blocks).into_string())
            .to_string()
    });
    let mut classes = vec!["dt-slide".to_owned()];
    if let Some(class) = slide.attributes.get("class") {
        classes.extend(
            class
                .split_whitespace()
                .map(render::clean_token)
                .filter(|c| !c.is_empty() && !c.starts_with("dt-")),
        );
    }
    // decktype shows and hides the slide: its own `style` may not do that
    // with `!important` (a style attribute's would beat page.css's lock).
    let style = slide
        .attributes
        .get("style")
        .map(|s| without_important(&ctx.style(s, slide.span)))
        .filter(|s| !s.is_empty());
    let background = background_style(slide, ctx);
    let bg_attr = |name: &str| {
        slide.attributes.get(name).map(|value| {
            if render::is_color(value) {
                return value.clone();
            }
            decktype_sanitize::link_target(value, decktype_sanitize::Relative::Allowed)
                .filter(|t| !t.to_ascii_lowercase().starts_with("data:"))
                .unwrap_or_default()
                .to_owned()
        })
    };
    // Other `data-*` attributes (transitions, state) drive reveal.js
    // behaviour the export does not have; they stay in the JSON.
    let user_id = slide
        .attributes
        .get("id")
        .map(|i| render::clean_token(i))
        .filter(|i| !i.is_empty())
        .map(|i| format!("u-{i}"));
    let id = format!("slide-{}", slide.index + 1);
    html! {
        section class=(classes.join(" ")) id=(id) data-h=(slide.h) data-v=(slide.v) data-index=(slide.index)
            data-section=[section] data-user-id=[user_id]
            data-background=[bg_attr("data-background")]
            data-background-color=[bg_attr("data-background-color")]
            data-background-image=[bg_attr("data-background-image")]
            data-background-size=[bg_attr("data-background-size")]
            data-background-position=[bg_attr("data-background-position")]
            data-background-repeat=[bg_attr("data-background-repeat")]
            data-background-opacity=[bg_attr("data-background-opacity")]
            style=[style] aria-label=[&slide.title] {
            @if let Some(bg) = background { div class="dt-bg" style=(bg) {} }
            div class="dt-content" { (PreEscaped(content)) }
        }
        @if let Some(notes) = notes { aside class="dt-speaker" data-for=(id) aria-label="Speaker notes" { (PreEscaped(notes)) } }
    }
}

/// `css` without `!important` (in any case and spacing).
fn without_important(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find('!') {
        out.push_str(&rest[..at]);
        let after = rest[at + 1..].trim_start();
        if after
            .get(..9)
            .is_some_and(|w| w.eq_ignore_ascii_case("important"))
        {
            out.truncate(out.trim_end().len());
            rest = &after[9..];
        } else {
            out.push('!');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out.trim_end().to_owned()
}

/// The slide background as CSS: colour, and the image when it can be
/// embedded (a remote image that cannot is left out, with a diagnostic).
fn background_style(slide: &Slide, ctx: &mut render::Ctx<'_>) -> Option<String> {
    let bg = slide.background.as_ref()?;
    let mut css = Vec::new();
    match bg.color.as_deref() {
        Some(c) if render::is_color(c) => css.push(format!("background-color: {c}")),
        // Another CSS background (`linear-gradient(…)`, as reveal.js takes
        // `data-background`): as the slide CSS is filtered, no `url()`.
        // One value only: a browser ignores `red; top: 0` as a whole.
        Some(c) => {
            let mut dropped = Vec::new();
            if c.contains([';', '{', '}']) {
                dropped.push(decktype_sanitize::css::Dropped {
                    what: format!("background: {}", c.chars().take(40).collect::<String>()),
                    why: Some("not one CSS value"),
                });
            } else {
                let kept = decktype_sanitize::css::filter_declarations(
                    &format!("background: {c}"),
                    &decktype_sanitize::css::no_urls,
                    &mut dropped,
                );
                css.extend(kept.iter().map(ToString::to_string));
            }
            ctx.css_dropped(&dropped, slide.background_span());
        }
        None => {}
    }
    for (what, url) in [("video", &bg.video), ("web page", &bg.iframe)] {
        if let Some(url) = url {
            ctx.diagnostics.push(
                Diagnostic::new(
                    decktype_model::Severity::Info,
                    IMAGE_NOT_EMBEDDED,
                    format!("the background {what} `{url}` is not in the HTML: a self-contained file loads nothing from elsewhere"),
                    slide.background_span(),
                )
                .with_help("give the slide a data-background-image as well (a still or a screenshot) to have it shown"),
            );
        }
    }
    if let Some(url) = &bg.image {
        match ctx.data_uri(url) {
            Ok(data) => css.push(format!("background-image: url(\"{data}\")")),
            Err(why) => ctx.diagnostics.push(
                Diagnostic::new(
                    decktype_model::Severity::Info,
                    IMAGE_NOT_EMBEDDED,
                    format!("background image `{url}` is not embedded: {why}"),
                    slide.background_span(),
                )
                .with_help("put the file next to the deck or pass --assets DIR"),
            ),
        }
    }
    let plain = |v: &str| {
        v.chars()
            .all(|c| c.is_ascii_alphanumeric() || " %.-".contains(c))
    };
    if let Some(s) = bg.size.as_deref().filter(|s| plain(s)) {
        css.push(format!("background-size: {s}"));
    }
    if let Some(s) = bg.position.as_deref().filter(|s| plain(s)) {
        css.push(format!("background-position: {s}"));
    }
    if let Some(s) = bg.repeat.as_deref().filter(|s| plain(s)) {
        css.push(format!("background-repeat: {s}"));
    }
    if let Some(s) = bg.opacity.as_deref().filter(|s| s.parse::<f64>().is_ok()) {
        css.push(format!("opacity: {s}"));
    }
    (!css.is_empty()).then(|| css.join("; "))
}

/// All `<style>` blocks of the deck, filtered and scoped.
fn deck_css(deck: &Deck, ctx: &mut render::Ctx<'_>) -> String {
    let mut out = String::new();
    for sheet in &deck.styles {
        let mut dropped = Vec::new();
        let resolver = ctx.resolver;
        out.push_str(&css::filter_stylesheet(
            &sheet.css,
            &|u: &str| resolver.resolve(u).ok().map(|a| a.data_uri()),
            &mut dropped,
        ));
        ctx.css_dropped(&dropped, sheet.span);
    }
    out
}

/// The second layer: ammonia with the export's allowlist.
fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    // The renderer's own allowlist, plus the elements it writes itself.
    b.add_tags(render::TAGS.iter().copied().chain(["a", "img", "br"]))
        .add_generic_attributes([
            "class",
            "id",
            "title",
            "lang",
            "dir",
            "align",
            "style",
            "role",
            "aria-label",
            // reveal.js's fragment order (`class="fragment"` steps in the
            // slide view): a number, else dropped.
            "data-fragment-index",
        ])
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("img", ["src", "alt"])
        .add_tag_attributes("font", ["color", "size", "face"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("details", ["open"])
        .url_schemes(
            decktype_sanitize::LINK_SCHEMES
                .into_iter()
                .chain(["data"])
                .collect(),
        )
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            let lower = value.trim_start().to_ascii_lowercase();
            match (element, attribute) {
                // data: only as an image source, and only for images.
                ("img", "src") if lower.starts_with("data:") => {
                    if lower.starts_with("data:image/")
                        && !lower.starts_with("data:image/svg+xml;utf8")
                    {
                        Some(value.into())
                    } else {
                        None
                    }
                }
                (_, "href" | "src") if lower.starts_with("data:") => None,
                (_, "data-fragment-index") => {
                    let v = value.trim();
                    (!v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| v.to_owned().into())
                }
                // The first layer wrote it through the CSS filter, images as
                // `data:image/` URIs: it must pass again, unchanged in meaning.
                (_, "style") => {
                    let mut dropped = Vec::new();
                    decktype_sanitize::css::filter_declarations(
                        value,
                        &|u: &str| Some(u.to_owned()),
                        &mut dropped,
                    );
                    dropped.is_empty().then(|| value.into())
                }
                _ => Some(value.into()),
            }
        });
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slide_style_loses_its_important() {
        assert_eq!(
            without_important("display: flex !important; color: red!IMPORTANT"),
            "display: flex; color: red"
        );
        assert_eq!(
            without_important("color: red ! important;top: 0"),
            "color: red;top: 0"
        );
        assert_eq!(without_important("content: '!'"), "content: '!'");
    }
}
