//! Structure rules that need the whole deck, its file and the profile:
//! unknown `slideOptions` keys (DT008), headings with no content (DT041),
//! template placeholders (DT042), images (DT043–DT045) and stylesheets that
//! load from the network (DT046).

use std::path::Path;

use decktype_model::{Block, Deck, Diagnostic, Image, Inline, Severity, Span, codes};
use regex::Regex;

use crate::Input;

/// Everything reveal.js 3.9.2 (HedgeDoc 1.x's slide engine) reads from its
/// configuration, plus HedgeDoc's `theme`, minus `dependencies` (scripts,
/// never taken from a deck). Reconstructed from reveal.js 3.9.2's
/// documented defaults.
pub const SLIDE_OPTIONS: &[&str] = &[
    "autoPlayMedia",
    "autoSlide",
    "autoSlideMethod",
    "autoSlideStoppable",
    "backgroundTransition",
    "center",
    "controls",
    "controlsBackArrows",
    "controlsLayout",
    "controlsTutorial",
    "defaultTiming",
    "disableLayout",
    "display",
    "embedded",
    "fragmentInURL",
    "fragments",
    "hash",
    "hashOneBasedIndex",
    "height",
    "help",
    "hideAddressBar",
    "hideCursorTime",
    "hideInactiveCursor",
    "history",
    "keyboard",
    "loop",
    "margin",
    "maxScale",
    "minScale",
    "mobileViewDistance",
    "mouseWheel",
    "navigationMode",
    "overview",
    "parallaxBackgroundHorizontal",
    "parallaxBackgroundImage",
    "parallaxBackgroundPosition",
    "parallaxBackgroundRepeat",
    "parallaxBackgroundSize",
    "parallaxBackgroundVertical",
    "pause",
    "pdfMaxPagesPerSlide",
    "pdfPageHeightOffset",
    "pdfSeparateFragments",
    "preloadIframes",
    "previewLinks",
    "progress",
    "rollingLinks",
    "rtl",
    "showNotes",
    "showSlideNumber",
    "shuffle",
    "slideNumber",
    "theme",
    "touch",
    "transition",
    "transitionSpeed",
    "viewDistance",
    "width",
];

/// Runs every rule of this module on `input`.
pub fn run(input: &Input<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    slide_options(input, &mut out);
    empty_headings(input.deck(), &mut out);
    placeholders(input, &mut out);
    images(input, &mut out);
    stylesheets(input.deck(), &mut out);
    out
}

/// DT008: `slideOptions` keys reveal.js does not know.
fn slide_options(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some(options) = &input.deck().meta.slide_options else {
        return;
    };
    let fm = input.deck().front_matter.as_ref().map(|f| f.span);
    for key in options.extra.keys() {
        if SLIDE_OPTIONS.contains(&key.as_str()) {
            continue;
        }
        let span = fm
            .and_then(|fm| key_span(input.source, fm, key))
            .or(fm)
            .unwrap_or(Span::empty(0));
        let nearest = SLIDE_OPTIONS
            .iter()
            .map(|k| {
                (
                    strsim::levenshtein(&k.to_lowercase(), &key.to_lowercase()),
                    k,
                )
            })
            .min();
        let help = match nearest {
            Some((d, k)) if d <= 3 => format!("did you mean `{k}`?"),
            _ => "remove it, or see reveal.js 3.9's configuration options for the keys HedgeDoc passes on".to_owned(),
        };
        out.push(
            Diagnostic::new(
                Severity::Warning,
                codes::UNKNOWN_SLIDE_OPTION,
                format!("`slideOptions.{key}` is not a reveal.js option: HedgeDoc ignores it"),
                span,
            )
            .with_help(help),
        );
    }
}

/// The span of `key:` in the front matter `fm` of `source`.
fn key_span(source: &str, fm: Span, key: &str) -> Option<Span> {
    let text = source.get(fm.start..fm.end)?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        if let Some(rest) = unquoted.strip_prefix(key)
            && rest
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        {
            let start = fm.start + offset + (line.len() - trimmed.len());
            let quote = trimmed.len() - unquoted.len();
            return Some(Span::new(start, start + quote + key.len() + quote));
        }
        offset += line.len();
    }
    None
}

/// Whether a block shows something (not only whitespace, comments or rules).
fn has_content(block: &Block) -> bool {
    match block {
        Block::Heading { .. } | Block::Rule { .. } => false,
        Block::Paragraph { inlines, .. } | Block::Html { inlines, .. } => {
            inlines.iter().any(shows_something)
        }
        _ => true,
    }
}

fn shows_something(inline: &Inline) -> bool {
    match inline {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        Inline::Comment { .. } | Inline::SoftBreak { .. } | Inline::LineBreak { .. } => false,
        other => other.children().is_empty() || other.children().iter().any(shows_something),
    }
}

/// DT041: a slide that ends with a heading whose earlier siblings (same
/// level) have content, so this one was never written; and a team's or
/// SIG's report with no content on any of its slides. A slide of
/// headings only (a title, a divider such as "# Updates from the Teams") is
/// intended and not reported.
fn empty_headings(deck: &Deck, out: &mut Vec<Diagnostic>) {
    for slide in &deck.slides {
        let blocks = &slide.blocks;
        // A slide of headings only is a title, a divider or a question
        // slide: intended.
        if !blocks.iter().any(has_content) {
            continue;
        }
        // The last block is a heading, and an earlier heading of the same
        // level has content under it: "## Topic A / - item / ## Topic B"
        // with Topic B never written. Headings stacked as styled text (a
        // title, a closing line) are not reported.
        let Some(Block::Heading { level, span, .. }) = blocks.last() else {
            continue;
        };
        let sibling_with_content = blocks.iter().enumerate().any(|(i, b)| {
            matches!(b, Block::Heading { level: l, .. } if l == level)
                && blocks[i + 1..]
                    .iter()
                    .take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level))
                    .any(has_content)
        });
        if sibling_with_content {
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::EMPTY_SECTION,
                    "this heading has no content under it",
                    *span,
                )
                .with_help("add the content, or remove the heading"),
            );
        }
    }
    // A team or SIG section with no content on any slide.
    for section in &deck.sections {
        use decktype_model::SectionKind;
        if !matches!(section.kind, SectionKind::Team | SectionKind::Sig) {
            continue;
        }
        let slides: Vec<_> = section
            .slides
            .iter()
            .filter_map(|&i| deck.slides.get(i))
            .collect();
        let empty = slides.iter().all(|s| !s.blocks.iter().any(has_content));
        if let (true, Some(first)) = (empty, slides.first()) {
            let span = first.blocks.first().map_or(first.span, Block::span);
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::EMPTY_SECTION,
                    format!(
                        "`{}` has a heading and no report",
                        section.title
                    ),
                    span,
                )
                .with_help("add the report, or remove the section if the group has nothing to say this week"),
            );
        }
    }
}

/// What [`each_leaf`] visits: a run of inlines with the span of the block
/// it is in, or an image that is a block of its own.
enum Leaf<'a> {
    Text(&'a [Inline], Span),
    Image(&'a Image),
}

/// Visits every inline run and block image of `blocks`, in order.
fn each_leaf<'a>(blocks: &'a [Block], f: &mut dyn FnMut(Leaf<'a>)) {
    for block in blocks {
        match block {
            Block::Heading { inlines, span, .. }
            | Block::Paragraph { inlines, span, .. }
            | Block::Html { inlines, span, .. } => f(Leaf::Text(inlines, *span)),
            Block::Image(image) => f(Leaf::Image(image)),
            Block::List { items, .. } => {
                for item in items {
                    each_leaf(&item.blocks, f);
                }
            }
            Block::Quote { blocks, .. }
            | Block::FootnoteDefinition { blocks, .. }
            | Block::Element { blocks, .. } => each_leaf(blocks, f),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    f(Leaf::Text(&cell.inlines, cell.span));
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    f(Leaf::Text(&item.term, item.span));
                    for d in &item.definitions {
                        each_leaf(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Visits every inline (depth first) of `inlines`.
fn each_inline<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        each_inline(inline.children(), f);
    }
}

/// The placeholder patterns compiled, once per process for each list.
fn compiled(patterns: &[String]) -> std::sync::Arc<Vec<Regex>> {
    type Cache = std::sync::Mutex<Option<(Vec<String>, std::sync::Arc<Vec<Regex>>)>>;
    static CACHE: Cache = std::sync::Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((key, regexes)) = &*cache
        && key == patterns
    {
        return std::sync::Arc::clone(regexes);
    }
    let regexes = std::sync::Arc::new(
        patterns
            .iter()
            .filter_map(|p| Regex::new(&format!("(?im){p}")).ok())
            .collect::<Vec<_>>(),
    );
    *cache = Some((patterns.to_vec(), std::sync::Arc::clone(&regexes)));
    regexes
}

/// DT042: a placeholder of the community's template left in.
fn placeholders(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let patterns = compiled(&input.profile.check.placeholders);
    if patterns.is_empty() {
        return;
    }
    let mut seen: Vec<Span> = Vec::new();
    for slide in &input.deck().slides {
        each_leaf(&slide.blocks, &mut |leaf| {
            let Leaf::Text(inlines, span) = leaf else {
                return;
            };
            // Lines as the reader sees them.
            let text = decktype_model::text::inlines(inlines);
            let mut urls = Vec::new();
            each_inline(inlines, &mut |i| {
                if let Inline::Link { url, .. } = i {
                    urls.push(url.as_str());
                }
            });
            let found = text.lines().map(str::trim).chain(urls).find_map(|t| {
                patterns
                    .iter()
                    .find_map(|re| re.find(t).map(|m| m.as_str().to_owned()))
            });
            if let Some(what) = found
                && !seen.contains(&span)
            {
                seen.push(span);
                out.push(
                    Diagnostic::new(
                        Severity::Warning,
                        codes::TEMPLATE_PLACEHOLDER,
                        format!(
                            "`{}` is a placeholder from the deck template",
                            what.trim().trim_start_matches(['-', '–', ':', ' '])
                        ),
                        span,
                    )
                    .with_help("replace it with the real content, or remove it"),
                );
            }
        });
    }
}

/// An image reference: URL, alt text (`None`: not applicable, a slide
/// background) and where it is written.
struct ImageRef<'a> {
    url: &'a str,
    alt: Option<&'a str>,
    span: Span,
}

fn image_refs<'a>(
    deck: &'a Deck,
    slide_attr_span: impl Fn(usize, &str) -> Span,
) -> Vec<ImageRef<'a>> {
    let mut refs = Vec::new();
    for slide in &deck.slides {
        if let Some(url) = slide.background.as_ref().and_then(|b| b.image.as_deref()) {
            refs.push(ImageRef {
                url,
                alt: None,
                span: slide_attr_span(slide.index, url),
            });
        }
        let of = |image: &'a Image| ImageRef {
            url: &image.url,
            alt: Some(&image.alt),
            span: image.span,
        };
        each_leaf(&slide.blocks, &mut |leaf| match leaf {
            Leaf::Image(image) => refs.push(of(image)),
            Leaf::Text(inlines, _) => each_inline(inlines, &mut |i| match i {
                Inline::Image(image) => refs.push(of(image)),
                Inline::Html {
                    tag,
                    attributes,
                    span,
                    ..
                } if tag == "img" => {
                    if let Some(src) = attributes.get("src") {
                        refs.push(ImageRef {
                            url: src,
                            alt: Some(attributes.get("alt").map_or("", String::as_str)),
                            span: *span,
                        });
                    }
                }
                _ => {}
            }),
        });
    }
    refs
}

/// DT043–DT045: images.
fn images(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let deck = input.deck();
    // A background is written in the slide's `.slide` comment: point at
    // its URL there.
    let slide_span = |i: usize, url: &str| {
        deck.slides.get(i).map_or(Span::empty(0), |s| {
            input
                .source
                .get(s.span.start..s.span.end)
                .and_then(|text| text.find(url))
                .map_or(Span::empty(s.span.start), |at| {
                    Span::new(s.span.start + at, s.span.start + at + url.len())
                })
        })
    };
    let dir = input
        .path
        .map(|p| p.parent().unwrap_or(Path::new("")).to_owned());
    let mut resolvers = std::collections::HashMap::new();
    for image in image_refs(deck, slide_span) {
        if image.alt.is_some_and(|a| a.trim().is_empty()) {
            out.push(
                Diagnostic::new(Severity::Warning, codes::IMAGE_WITHOUT_ALT, "this image has no alt text", image.span)
                    .with_help("describe the image in the brackets: `![what it shows](url)`; screen readers and the PDF archive use it"),
            );
        }
        let Some(dir) = &dir else { continue };
        let url = image.url.split(['?', '#']).next().unwrap_or("");
        let lower = url.to_ascii_lowercase();
        if let Some(prefix) = input
            .profile
            .check
            .upload_prefixes
            .iter()
            .find(|p| lower.starts_with(&p.to_ascii_lowercase()))
        {
            let name = &url[prefix.len()..];
            let archived = !name.is_empty()
                && !name.contains(['/', '\\'])
                && name != ".."
                && dir.join(name).is_file();
            if !archived {
                out.push(
                    Diagnostic::new(
                        Severity::Info,
                        codes::IMAGE_NOT_ARCHIVED,
                        format!("the uploaded image `{name}` is not stored next to the deck"),
                        image.span,
                    )
                    .with_help(format!(
                        "download it into `{}` so the archive keeps it (exports embed it from there)",
                        if dir.as_os_str().is_empty() { Path::new(".") } else { dir }.display()
                    )),
                );
            }
            continue;
        }
        let has_scheme = url.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && s.len() > 1
        });
        if has_scheme || url.starts_with("//") || url.is_empty() {
            continue;
        }
        // The exports' own rules (decktype-assets): inside the deck's
        // folder after following symlinks, so what check accepts, the HTML
        // and PDF exports embed.
        let dir_or_here = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        let resolver = resolvers
            .entry(dir_or_here.to_owned())
            .or_insert_with(|| decktype_assets::Resolver::new(Some(dir_or_here), &[]));
        match resolver.locate(url) {
            Ok(_) => {}
            Err(decktype_assets::Missing::NotFound(decoded)) => out.push(
                Diagnostic::new(
                    Severity::Error,
                    codes::IMAGE_MISSING,
                    format!("the image file `{url}` does not exist"),
                    image.span,
                )
                .with_help(format!(
                    "add the file at `{}`, or fix the path",
                    dir.join(decoded).display()
                )),
            ),
            // Outside the folder, absolute, or a drive letter (`C:\x.png`).
            Err(_) => out.push(
                Diagnostic::new(
                    Severity::Error,
                    codes::IMAGE_MISSING,
                    format!("the image `{url}` is outside the deck's folder"),
                    image.span,
                )
                .with_help("keep images in the deck's folder (or below it) and link them with a relative path"),
            ),
        }
    }
}

/// DT046: `<style>` that loads from the network.
fn stylesheets(deck: &Deck, out: &mut Vec<Diagnostic>) {
    static REMOTE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"(?i)@import\b|url\(\s*['"]?\s*(?:https?:)?//"#).expect("valid")
    });
    for style in &deck.styles {
        if let Some(m) = REMOTE.find(&style.css) {
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::REMOTE_STYLESHEET,
                    format!(
                        "this stylesheet loads from the network (`{}`): an archived deck must not depend on it",
                        m.as_str().trim()
                    ),
                    style.span,
                )
                .with_help("put the CSS itself in the `<style>`; exports drop `@import` and remote `url()`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_spans_point_at_the_key() {
        let src = "---\ntype: slide\nslideOptions:\n  theme: white\n  trnasition: fade\n---\n";
        let fm = Span::new(0, src.len());
        let s = key_span(src, fm, "trnasition").unwrap();
        assert_eq!(&src[s.start..s.end], "trnasition");
    }
}
