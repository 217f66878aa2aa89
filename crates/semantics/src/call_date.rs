//! The call's date, from the most reliable source available.

use chrono::NaiveDate;
use decktype_model::{Block, DateSource, Deck, Diagnostic, Inline, Severity, Span};

use crate::codes;
use crate::dates::find_dates;

/// Where a candidate date was found.
struct Candidate {
    date: NaiveDate,
    source: DateSource,
    span: Span,
}

fn describe(source: DateSource) -> &'static str {
    match source {
        DateSource::TitleSlide => "the title slide",
        DateSource::FrontMatter => "the front matter",
        DateSource::FileName => "the file name",
        DateSource::Option => "--date",
    }
}

/// Finds the call date and sets `deck.meta.date` and `date_source`.
/// `file_name` is the deck's file name, `option` the user's `--date`.
/// Sources, most reliable first: a full date in the title slide's visible text,
/// the front matter's `date`, the file name, `--date`. A disagreeing source gets
/// a diagnostic naming both; no source at all gets one too.
pub fn apply(
    deck: &mut Deck,
    file_name: Option<&str>,
    option: Option<NaiveDate>,
) -> (Option<NaiveDate>, Vec<Diagnostic>) {
    let mut candidates = Vec::new();
    // The title slide, or a title-like second slide ("SCS Community Call" with
    // a date heading under it, and nothing but headings).
    let title_slides = deck
        .slides
        .iter()
        .take(2)
        .enumerate()
        .filter(|(i, s)| *i == 0 || is_title_like(&s.blocks));
    if let Some((date, span)) = title_slides
        .into_iter()
        .find_map(|(_, s)| first_date_in_blocks(&s.blocks))
    {
        candidates.push(Candidate {
            date,
            source: DateSource::TitleSlide,
            span,
        });
    }
    let fm_span = deck
        .front_matter
        .as_ref()
        .map_or(Span::empty(0), |f| f.span);
    if let Some(value) = deck.meta.extra.get("date") {
        let text = value
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| value.to_string());
        if let Some(Ok(r)) = find_dates(&text, None).into_iter().next().map(|m| m.value) {
            candidates.push(Candidate {
                date: r.start,
                source: DateSource::FrontMatter,
                span: fm_span,
            });
        }
    }
    if let Some(date) = file_name.and_then(date_in_file_name) {
        candidates.push(Candidate {
            date,
            source: DateSource::FileName,
            span: Span::empty(0),
        });
    }
    if let Some(date) = option {
        candidates.push(Candidate {
            date,
            source: DateSource::Option,
            span: Span::empty(0),
        });
    }
    let mut diagnostics = Vec::new();
    let Some(best) = candidates.first() else {
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::NO_CALL_DATE,
                "the call's date is not found: not on the title slide, in the front matter, or in the file name",
                title_line(deck),
            )
            .with_help("write it on the title slide (`Community Call 2024-04-18`), name the file `YYYYMMDD.md`, or pass --date"),
        );
        return (None, diagnostics);
    };
    for other in &candidates[1..] {
        if other.date != best.date {
            let mut d = Diagnostic::new(
                Severity::Warning,
                codes::CONFLICTING_CALL_DATES,
                format!(
                    "{} says the call is on {}, but {} says {}; using {}",
                    describe(best.source),
                    best.date,
                    describe(other.source),
                    other.date,
                    best.date
                ),
                best.span,
            )
            .with_help("check which date is right and make them agree; decktype trusts the title slide first, as it is what participants see");
            if !other.span.is_empty() {
                d = d.with_label(other.span, format!("{} here", other.date));
            }
            diagnostics.push(d);
        }
    }
    deck.meta.date = Some(best.date.format("%Y-%m-%d").to_string());
    deck.meta.date_source = Some(best.source);
    (Some(best.date), diagnostics)
}

/// A slide of headings only (images and comments aside): a title slide.
fn is_title_like(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| matches!(b, Block::Heading { .. }))
        && blocks.iter().all(|b| match b {
            Block::Heading { .. } | Block::Image(_) => true,
            Block::Html { inlines, .. } => {
                inlines.iter().all(|i| matches!(i, Inline::Comment { .. }))
            }
            _ => false,
        })
}

/// Where the title slide's content starts (its first block that is not just a
/// comment): where a missing date would be written.
fn title_line(deck: &Deck) -> Span {
    let Some(slide) = deck.slides.first() else {
        return Span::empty(0);
    };
    let Some(first) = slide.blocks.iter().find(|b| !matches!(b, Block::Html { inlines, .. } if inlines.iter().all(|i| matches!(i, Inline::Comment { .. }))))
    else {
        return Span::empty(slide.span.start);
    };
    Span::empty(first.span().start)
}

/// `20240418.md`, `20230831-slides.md`, `2024-04-18-call.md`.
pub fn date_in_file_name(name: &str) -> Option<NaiveDate> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let digits: Vec<(usize, char)> = stem.char_indices().collect();
    for (i, _) in &digits {
        let rest = &stem[*i..];
        if i > &0
            && stem[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        for (fmt, len) in [("%Y%m%d", 8), ("%Y-%m-%d", 10)] {
            if let Some(candidate) = rest.get(..len)
                && !rest[len..].starts_with(|c: char| c.is_ascii_digit())
                && let Ok(date) = NaiveDate::parse_from_str(candidate, fmt)
            {
                return Some(date);
            }
        }
    }
    None
}

/// The first full date (with a year) in visible text, with its span.
fn first_date_in_blocks(blocks: &[Block]) -> Option<(NaiveDate, Span)> {
    for block in blocks {
        let found = match block {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines, .. }
            | Block::Html { inlines, .. } => first_date_in_inlines(inlines),
            Block::List { items, .. } => items.iter().find_map(|i| first_date_in_blocks(&i.blocks)),
            Block::Quote { blocks, .. } | Block::Element { blocks, .. } => {
                first_date_in_blocks(blocks)
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn first_date_in_inlines(inlines: &[Inline]) -> Option<(NaiveDate, Span)> {
    for inline in inlines {
        let found = match inline {
            Inline::Text { text, span } => find_dates(text, None).into_iter().find_map(|m| {
                let r = m.value.ok()?;
                let exact = span.len() == text.len();
                let s = if exact {
                    Span::new(span.start + m.range.start, span.start + m.range.end)
                } else {
                    *span
                };
                Some((r.start, s))
            }),
            other => first_date_in_inlines(other.children()),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(date_in_file_name("20230831-slides.md"), d("2023-08-31"));
        assert_eq!(
            date_in_file_name("decks/2024-04-18-call.md"),
            d("2024-04-18")
        );
        assert_eq!(date_in_file_name("x/20240418.md"), d("2024-04-18"));
        assert_eq!(date_in_file_name("template.md"), None);
        assert_eq!(date_in_file_name("202404180.md"), None);
        assert_eq!(date_in_file_name("20241340.md"), None);
    }
}
