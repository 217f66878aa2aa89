//! `decktype check --fix`: rewrites, each classified as ruff classifies
//! its fixes.
//!
//! A **safe** fix keeps the deck HedgeDoc shows: the model
//! [`decktype_parse::parse`] builds is the same before and after the fix,
//! byte spans aside. That is not a promise but a check: every fix is tried
//! on the text and parsed, and it is safe only when the two models are
//! equal (the tests assert the same over every fixture and corpus deck).
//! An **unsafe** fix changes what HedgeDoc shows, to what the author most
//! likely meant; `--fix` applies it only with `--unsafe-fixes`, and
//! otherwise it is shown as a suggestion.
//!
//! | fix | for | class | why |
//! |---|---|---|---|
//! | empty lines added around a separator that splits only through the `\r` line end quirk | DT015 | safe | the slides are the same; empty lines at a slide's edge render nothing |
//! | a separator-like line made a separator: spaces around the dashes removed, empty lines added | DT004 | unsafe | HedgeDoc splits only on `---` alone between empty lines: it shows this line as a horizontal rule, or, right under a line of text, as the underline of a setext heading (`Agenda` over `---` is a heading) |
//! | whitespace before the front matter removed | DT001 | unsafe | HedgeDoc does not see that front matter: it shows it as text and the file as a note |
//!
//! So spacing HedgeDoc ignores is safe to change; trailing spaces on a
//! separator line and blank lines before the front matter are not spacing
//! HedgeDoc ignores (each keeps it from splitting or from reading the
//! front matter), so their fixes are unsafe.
//!
//! Never touched, safe or not: a line inside an HTML block (an HTML comment
//! on lines of its own is one), a multi-line HTML comment, or a code block
//! (fenced or indented), as markdown-it reads the Markdown both as one
//! document and slide by slide; a `---` on the last line with no line end
//! (splitting there would add an empty slide). And after each edit the
//! text is parsed again: a fix that changes the text of an HTML block, a
//! code block or an HTML element holding blocks (which a split inside it
//! would cut, showing what it hid), or that adds a split inside code or a
//! comment (DT005), is dropped.
//!
//! The cost is linear in the text, however many fixes it has: the fixes
//! are tried all together (one parse), and one by one only within a budget
//! of parses; positions are mapped back, and fixes matched to their
//! diagnostics, in one pass; and `--diff` runs the Myers diff only on the
//! lines around each edit ([`diff()`](crate::fix::diff)).

use std::cell::Cell;
use std::collections::HashMap;

use decktype_model::{LineIndex, Span};
use decktype_parse::codes;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether a fix keeps what HedgeDoc shows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The parsed deck is the same before and after, spans aside: applied
    /// by `--fix`.
    Safe,
    /// The deck HedgeDoc shows changes: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A replacement of a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub replacement: String,
}

/// A fix available on a text, for one diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The code of the diagnostic it fixes (`DT004`).
    pub code: &'static str,
    /// The start of that diagnostic's span (how the fix is matched to it).
    pub at: usize,
    /// 1-based line of the edit.
    pub line: usize,
    /// What the fix does, as an instruction (`add an empty line before …`).
    pub description: String,
    /// For an unsafe fix: what changes for the reader.
    pub risk: Option<String>,
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The edit.
    pub edit: Edit,
}

/// One change made to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// 1-based line in the original file.
    pub line: usize,
    /// The code of the diagnostic fixed.
    pub code: &'static str,
    /// What was changed, for people.
    pub description: String,
    /// Safe or unsafe.
    pub applicability: Applicability,
}

/// The result of fixing a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The new text.
    pub text: String,
    /// What changed, in line order.
    pub changes: Vec<Change>,
    /// The edits that turn the source into [`Fixed::text`], spans in the
    /// source, sorted and not touching (edits of later rounds merged into
    /// those they touch): what [`diff`] shows.
    pub edits: Vec<Edit>,
}

/// How many fixes are tried one by one on a text (each is a parse of the
/// whole file), at most; and how many bytes such trials may parse in all.
const MAX_TRIALS: usize = 64;
const TRIAL_BUDGET: usize = 16 * 1024 * 1024;

/// How many rounds [`fix`] runs (a round can make new fixes possible:
/// once the front matter is seen, its separators are).
const MAX_ROUNDS: usize = 8;

thread_local! {
    /// How many times this module has parsed a text on this thread (see
    /// [`parse`]): the tests assert it does not grow with the number of
    /// fixes.
    static PARSES: Cell<usize> = const { Cell::new(0) };
    /// The most lines [`diff`] has passed to one Myers diff on this thread:
    /// the tests assert it does not grow with the number of edits (the
    /// cost of a Myers diff is quadratic in its lines, at worst).
    static DIFFED: Cell<usize> = const { Cell::new(0) };
}

/// [`decktype_parse::parse`] with the default options, counted in
/// [`PARSES`]. Every parse of the fixing code goes through here: a parse
/// per fix would make a file with many fixes quadratic.
fn parse(source: &str) -> decktype_parse::Parsed {
    PARSES.with(|p| p.set(p.get() + 1));
    decktype_parse::parse(source, &decktype_parse::Options::default())
}

/// Every fix available on `source` as it is, each tried and classified (see
/// the module documentation), in source order. A fix that fails the
/// checks after its edit is not offered.
pub fn available(source: &str) -> Vec<Fix> {
    if !source.contains("---") {
        return Vec::new();
    }
    let parsed = parse(source);
    let candidates = candidates(source, &parsed);
    if candidates.is_empty() {
        return Vec::new();
    }
    let before = Facts::of_parsed(&parsed);
    let mut trials = (TRIAL_BUDGET / source.len().max(1)).clamp(1, MAX_TRIALS);
    let mut alone = |c: &Candidate| {
        if trials == 0 {
            return None;
        }
        trials -= 1;
        Some(Facts::of(&apply(source, &[&c.fix.edit])))
    };
    // Which fixes pass the checks: all, when they pass applied together
    // (one parse); else each that passes alone.
    let all: Vec<&Edit> = candidates.iter().map(|c| &c.fix.edit).collect();
    let valid: Vec<bool> = if Facts::of(&apply(source, &all)).keeps_hidden(&before) {
        vec![true; candidates.len()]
    } else {
        candidates
            .iter()
            .map(|c| alone(c).is_some_and(|after| after.keeps_hidden(&before)))
            .collect()
    };
    // A fix that makes a split, or front matter, that HedgeDoc does not
    // see now changes the deck: unsafe by construction. Any other fix is
    // safe only when the deck stays the same: all of them together, or
    // else each alone.
    let maybe_safe: Vec<usize> = (0..candidates.len())
        .filter(|&i| valid[i] && !candidates[i].changes_the_deck)
        .collect();
    let mut safe = vec![false; candidates.len()];
    if !maybe_safe.is_empty() {
        let edits: Vec<&Edit> = maybe_safe
            .iter()
            .map(|&i| &candidates[i].fix.edit)
            .collect();
        if Facts::of(&apply(source, &edits)).shape == before.shape {
            maybe_safe.iter().for_each(|&i| safe[i] = true);
        } else {
            for &i in &maybe_safe {
                safe[i] = alone(&candidates[i]).is_some_and(|after| after.shape == before.shape);
            }
        }
    }
    candidates
        .into_iter()
        .zip(valid.into_iter().zip(safe))
        .filter(|(_, (valid, _))| *valid)
        .map(|(c, (_, safe))| {
            let applicability = if safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            Fix {
                applicability,
                risk: (!safe).then_some(c.risk),
                ..c.fix
            }
        })
        .collect()
}

/// The fixed text of `source`: its safe fixes, and its unsafe ones too with
/// `unsafe_fixes`, applied until none is left; `None` when there is nothing
/// to fix. Fixing the result again changes nothing. With only safe fixes,
/// the parsed deck of the result equals that of `source`, spans aside.
pub fn fix(source: &str, unsafe_fixes: bool) -> Option<Fixed> {
    fix_only(source, unsafe_fixes, |_| true)
}

/// [`fix`], fixing only the diagnostics whose code `enabled` accepts (a
/// rule a configuration allows is not fixed).
pub fn fix_only(source: &str, unsafe_fixes: bool, enabled: impl Fn(&str) -> bool) -> Option<Fixed> {
    let wanted =
        |f: &Fix| (unsafe_fixes || f.applicability == Applicability::Safe) && enabled(f.code);
    let original = if unsafe_fixes {
        None
    } else {
        Some(Facts::of(source).shape)
    };
    let index = LineIndex::new(source);
    let mut text = source.to_owned();
    // Each round's edits (their spans in the round's text, the lengths of
    // their replacements), to map positions back to `source`.
    let mut rounds: Vec<Vec<(Span, usize)>> = Vec::new();
    // The edits of all rounds so far, as edits of `source`.
    let mut composed: Vec<Edit> = Vec::new();
    let mut changes = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let fixes: Vec<Fix> = available(&text).into_iter().filter(wanted).collect();
        if fixes.is_empty() {
            break;
        }
        let chosen = choose(&text, fixes, original.as_ref());
        if chosen.is_empty() {
            break;
        }
        let starts: Vec<usize> = chosen.iter().map(|f| f.edit.span.start).collect();
        for (f, at) in chosen.iter().zip(map_back(&rounds, &starts)) {
            changes.push(Change {
                line: index.line_col(at).line,
                code: f.code,
                description: f.description.clone(),
                applicability: f.applicability,
            });
        }
        let edits: Vec<&Edit> = chosen.iter().map(|f| &f.edit).collect();
        let next = apply(&text, &edits);
        composed = compose(&composed, &edits, &next);
        text = next;
        rounds.push(
            edits
                .iter()
                .map(|e| (e.span, e.replacement.len()))
                .collect(),
        );
    }
    if changes.is_empty() {
        return None;
    }
    changes.sort_by_key(|c| c.line);
    Some(Fixed {
        text,
        changes,
        edits: composed,
    })
}

/// `earlier` (edits of a source, sorted, not overlapping) followed by
/// `later` (edits of the text `earlier` made, the same), as edits of the
/// source; `next` is the text after both. Edits that overlap or touch in
/// the text between are merged into one. Linear in the edits and the text
/// they replace.
fn compose(earlier: &[Edit], later: &[&Edit], next: &str) -> Vec<Edit> {
    // Each edit as a range of the text between, with what it adds to the
    // length: `earlier`'s replacements, `later`'s spans.
    struct Range {
        start: usize,
        end: usize,
        earlier_delta: isize,
        later_delta: isize,
    }
    let delta = |e: &Edit| e.replacement.len() as isize - e.span.len() as isize;
    let mut ranges = Vec::with_capacity(earlier.len() + later.len());
    let (mut i, mut j, mut shift) = (0, 0, 0isize);
    while i < earlier.len() || j < later.len() {
        let a = earlier.get(i).map(|e| {
            let start = e.span.start.saturating_add_signed(shift);
            (start, start + e.replacement.len(), delta(e))
        });
        let b = later.get(j);
        match a {
            Some((start, end, d)) if b.is_none_or(|b| start <= b.span.start) => {
                ranges.push(Range {
                    start,
                    end,
                    earlier_delta: d,
                    later_delta: 0,
                });
                shift += d;
                i += 1;
            }
            _ => {
                let Some(b) = b else { break };
                ranges.push(Range {
                    start: b.span.start,
                    end: b.span.end,
                    earlier_delta: 0,
                    later_delta: delta(b),
                });
                j += 1;
            }
        }
    }
    let mut out = Vec::new();
    // What the edits before the current cluster add to the length.
    let (mut earlier_before, mut later_before) = (0isize, 0isize);
    let mut k = 0;
    while k < ranges.len() {
        let (lo, mut hi) = (ranges[k].start, ranges[k].end);
        let (mut earlier_in, mut later_in) = (0isize, 0isize);
        while k < ranges.len() && ranges[k].start <= hi {
            hi = hi.max(ranges[k].end);
            earlier_in += ranges[k].earlier_delta;
            later_in += ranges[k].later_delta;
            k += 1;
        }
        let span = Span::new(
            lo.saturating_add_signed(-earlier_before),
            hi.saturating_add_signed(-(earlier_before + earlier_in)),
        );
        let new_lo = lo.saturating_add_signed(later_before);
        let new_hi = hi.saturating_add_signed(later_before + later_in);
        out.push(Edit {
            span,
            replacement: next.get(new_lo..new_hi).unwrap_or_default().to_owned(),
        });
        earlier_before += earlier_in;
        later_before += later_in;
    }
    out
}

/// The fixes of `fixes` (each valid alone on `text`, in source order, not
/// overlapping) that hold together: all, when their joint result passes
/// the checks; else, one by one, each that passes with those kept before.
fn choose(text: &str, fixes: Vec<Fix>, original: Option<&Value>) -> Vec<Fix> {
    let before = Facts::of(text);
    let passes = |kept: &[&Fix]| {
        let edits: Vec<&Edit> = kept.iter().map(|f| &f.edit).collect();
        let after = Facts::of(&apply(text, &edits));
        after.keeps_hidden(&before) && original.is_none_or(|o| *o == after.shape)
    };
    let all: Vec<&Fix> = fixes.iter().collect();
    if passes(&all) {
        return fixes;
    }
    let trials = (TRIAL_BUDGET / text.len().max(1)).clamp(1, MAX_TRIALS);
    let mut kept: Vec<&Fix> = Vec::new();
    for f in all.into_iter().take(trials) {
        kept.push(f);
        if !passes(&kept) {
            kept.pop();
        }
    }
    kept.into_iter().cloned().collect()
}

/// Positions in the text after `rounds` of edits (sorted), as positions in
/// the text before them (a position inside a replacement maps to its
/// start), in the same order. One pass over each round's edits for all the
/// positions: mapping each alone was quadratic.
fn map_back(rounds: &[Vec<(Span, usize)>], positions: &[usize]) -> Vec<usize> {
    let mut out = positions.to_vec();
    for edits in rounds.iter().rev() {
        // The mapping is monotone: `out` stays sorted round after round.
        let mut shift: isize = 0;
        let mut next = edits.iter().peekable();
        for at in out.iter_mut() {
            let mut mapped = None;
            while let Some((span, len)) = next.peek() {
                let start = span.start.saturating_add_signed(shift);
                if *at < start {
                    break;
                }
                if *at < start + len {
                    mapped = Some(span.start);
                    break;
                }
                shift += *len as isize - (span.end - span.start) as isize;
                next.next();
            }
            *at = mapped.unwrap_or_else(|| at.saturating_add_signed(-shift));
        }
    }
    out
}

/// A fix before it is tried: its applicability is not known yet.
struct Candidate {
    fix: Fix,
    /// What changes for the reader, if the fix is unsafe.
    risk: String,
    /// The fix makes a split or front matter HedgeDoc does not see now.
    changes_the_deck: bool,
}

/// The fixes one could make to `source`, before they are tried, in source
/// order and not overlapping.
fn candidates(source: &str, parsed: &decktype_parse::Parsed) -> Vec<Candidate> {
    let index = LineIndex::new(source);
    // Whitespace before the front matter: its fix comes alone (the
    // separators of a file whose front matter HedgeDoc does not see are no
    // separators to fix; they are once the front matter is read).
    let lead = source
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || c == '\u{feff}'))
        .map_or(source.len(), |(i, _)| i);
    if lead > 0 && (source[lead..].starts_with("---\n") || source[lead..].starts_with("---\r\n")) {
        return vec![Candidate {
            fix: Fix {
                code: codes::FRONT_MATTER_NOT_AT_START,
                at: lead,
                line: 1,
                description: "remove what precedes the front matter (blank lines or a byte order mark)"
                    .to_owned(),
                risk: None,
                applicability: Applicability::Unsafe,
                edit: Edit {
                    span: Span::new(0, lead),
                    replacement: String::new(),
                },
            },
            risk: "HedgeDoc does not read this front matter now: it shows it as text, and the file as a note, not as slides".to_owned(),
            changes_the_deck: true,
        }];
    }
    // Only a slide deck is split into slides.
    if parsed.deck.front_matter.is_none() || parsed.deck.meta.doc_type.as_deref() != Some("slide") {
        return Vec::new();
    }
    let protected = Protected::new(protected(source, &parsed.deck));
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out: Vec<Candidate> = Vec::new();
    for d in &parsed.diagnostics {
        let splits = match d.code.as_str() {
            codes::SEPARATOR_NOT_SPLIT => false,
            codes::SEPARATOR_WITHOUT_BLANK_LINES => true,
            _ => continue,
        };
        let Some(line) = whole_line(source, d.span) else {
            continue;
        };
        if protected.covers(line.start) {
            continue;
        }
        let text = &source[line.start..line.end];
        let sep = decktype_parse::separator_line(source, line);
        if sep.at_eof || !matches!(sep.dashes, "---" | "----") {
            continue; // the last line, with no line end: the author decides
        }
        let eol = if text.ends_with('\r') { "\r\n" } else { "\n" };
        let mut what = Vec::new();
        let mut replacement = String::new();
        if !sep.blank_before {
            replacement.push_str(newline);
            what.push("add an empty line before it");
        }
        replacement.push_str(sep.dashes);
        replacement.push_str(eol);
        if sep.spaced {
            what.push("remove the spaces around the dashes");
        }
        if !sep.blank_after {
            replacement.push_str(newline);
            what.push("add an empty line after it");
        }
        if what.is_empty() {
            continue;
        }
        let dashes = sep.dashes;
        let (description, risk) = if splits {
            (
                format!(
                    "{}: it splits the slide as before, without the `\\r` line end quirk",
                    join(&what)
                ),
                "the slides decktype reads differ after it (an unusual mix of line ends)"
                    .to_owned(),
            )
        } else {
            let now = if !sep.blank_before && dashes == "---" {
                "HedgeDoc shows `---` as a heading underline now (the line above is a setext heading); after the fix that line is text at the end of the slide before, and a new slide starts here"
            } else {
                "HedgeDoc shows this line as a horizontal rule now; after the fix a new slide starts here"
            };
            (
                format!("make `{dashes}` a slide separator: {}", join(&what)),
                now.to_owned(),
            )
        };
        let span = Span::new(line.start, (line.end + 1).min(source.len()));
        if out.last().is_some_and(|c| c.fix.edit.span.end > span.start) {
            continue;
        }
        out.push(Candidate {
            fix: Fix {
                code: if splits {
                    codes::SEPARATOR_WITHOUT_BLANK_LINES
                } else {
                    codes::SEPARATOR_NOT_SPLIT
                },
                at: d.span.start,
                line: index.line_col(line.start).line,
                description,
                risk: None,
                applicability: Applicability::Unsafe,
                edit: Edit { span, replacement },
            },
            risk,
            changes_the_deck: !splits,
        });
    }
    out
}

fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The line holding `span` (from its start to before its `\n`, a `\r`
/// included), when `span` starts it and the rest of the line is the
/// span's text plus maybe spaces and a `\r`.
fn whole_line(source: &str, span: Span) -> Option<Span> {
    let start = source[..span.start.min(source.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    if span.end > end {
        return None;
    }
    let text = source[start..end].trim_end_matches('\r');
    let dashes = text.trim_matches([' ', '\t']);
    (!text.contains('\r') && matches!(dashes, "---" | "----")).then_some(Span::new(start, end))
}

/// The byte ranges of HTML blocks and code blocks (a multi-line HTML
/// comment on lines of its own is an HTML block) as markdown-it reads
/// them: in the Markdown as one document, and in each slide's content and
/// notes as HedgeDoc renders them.
fn protected(source: &str, deck: &decktype_model::Deck) -> Vec<Span> {
    let mut out = Vec::new();
    let mut scan = |range: Span| {
        let Some(text) = source.get(range.start..range.end) else {
            return;
        };
        let options = pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES
            | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
            | pulldown_cmark::Options::ENABLE_TASKLISTS
            | pulldown_cmark::Options::ENABLE_DEFINITION_LIST;
        for (event, at) in pulldown_cmark::Parser::new_ext(text, options).into_offset_iter() {
            if let pulldown_cmark::Event::Start(
                pulldown_cmark::Tag::HtmlBlock | pulldown_cmark::Tag::CodeBlock(_),
            ) = event
            {
                out.push(Span::new(range.start + at.start, range.start + at.end));
            }
        }
    };
    let markdown = deck.front_matter.as_ref().map_or(0, |f| f.span.end);
    scan(Span::new(markdown, source.len()));
    for slide in &deck.slides {
        let notes = slide.notes.as_ref().map(|n| n.span);
        scan(Span::new(
            slide.span.start,
            notes.map_or(slide.span.end, |n| n.start),
        ));
        if let Some(n) = notes {
            scan(n);
        }
    }
    out
}

/// Byte ranges, sorted by start, each with the furthest end of it and
/// those before it: whether any covers a position is a binary search, not
/// a scan of them all for each diagnostic.
struct Protected {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
}

impl Protected {
    fn new(mut spans: Vec<Span>) -> Protected {
        spans.sort_by_key(|s| s.start);
        let starts = spans.iter().map(|s| s.start).collect();
        let furthest_end = spans
            .iter()
            .scan(0, |end, s| {
                *end = s.end.max(*end);
                Some(*end)
            })
            .collect();
        Protected {
            starts,
            furthest_end,
        }
    }

    /// Whether a range starts at or before `at` and ends after it.
    fn covers(&self, at: usize) -> bool {
        match self.starts.partition_point(|&s| s <= at) {
            0 => false,
            n => self.furthest_end[n - 1] > at,
        }
    }
}

/// What a fix is checked against: the parsed deck without spans, the
/// texts it must keep, and how many splits fall inside code or comments.
struct Facts {
    shape: Value,
    hidden: Vec<String>,
    in_code: usize,
}

impl Facts {
    fn of(source: &str) -> Facts {
        Facts::of_parsed(&parse(source))
    }

    fn of_parsed(parsed: &decktype_parse::Parsed) -> Facts {
        let mut shape = serde_json::to_value(&parsed.deck).unwrap_or(Value::Null);
        strip_spans(&mut shape);
        let mut hidden = Vec::new();
        collect_hidden(&shape, &mut hidden);
        hidden.sort();
        Facts {
            shape,
            hidden,
            in_code: parsed
                .diagnostics
                .iter()
                .filter(|d| d.code == codes::SEPARATOR_IN_CODE_OR_COMMENT)
                .count(),
        }
    }

    /// Whether every HTML block, code block and HTML element of `before`
    /// is still here, unchanged, and no split is newly inside code or a
    /// comment.
    fn keeps_hidden(&self, before: &Facts) -> bool {
        if self.in_code > before.in_code {
            return false;
        }
        // Both sorted: `before.hidden` is a sub-multiset of `self.hidden`.
        let mut mine = self.hidden.iter().peekable();
        before.hidden.iter().all(|h| {
            while mine.next_if(|m| *m < h).is_some() {}
            mine.next_if(|m| *m == h).is_some()
        })
    }
}

fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            map.values_mut().for_each(strip_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// The blocks whose text a split must not cut, as strings: raw HTML
/// blocks, code blocks and HTML elements holding blocks.
fn collect_hidden(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            match map.get("type").and_then(Value::as_str) {
                Some("html") if map.contains_key("html") => {
                    out.push(format!("html:{}", map["html"]))
                }
                Some("code_block") => {
                    out.push(format!("code:{}", map.get("code").unwrap_or(&Value::Null)))
                }
                Some("element") => out.push(format!("element:{value}")),
                _ => {}
            }
            map.values().for_each(|v| collect_hidden(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_hidden(v, out)),
        _ => {}
    }
}

/// `source` with `edits` (sorted, not overlapping) applied.
fn apply(source: &str, edits: &[&Edit]) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut at = 0;
    for e in edits {
        out.push_str(&source[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&source[at..]);
    out
}

/// How a fix not applied is shown in the text formats: one line, saying
/// which flags apply it and, for an unsafe one, what changes.
pub fn suggestion(fix: &Fix) -> String {
    match (fix.applicability, &fix.risk) {
        (Applicability::Unsafe, Some(risk)) => format!(
            "suggestion (unsafe fix, applied by `--fix --unsafe-fixes`): {}; {risk}",
            fix.description
        ),
        (Applicability::Unsafe, None) => format!(
            "suggestion (unsafe fix, applied by `--fix --unsafe-fixes`): {}",
            fix.description
        ),
        (Applicability::Safe, _) => format!(
            "suggestion (safe fix, applied by `--fix`): {}",
            fix.description
        ),
    }
}

/// The fixes of `fixes` by the diagnostic each fixes, matched by code
/// and span start (the first fix, when several match): a lookup for each
/// diagnostic, not a scan of every fix for each (which was quadratic in a
/// file with many fixes).
pub fn by_diagnostic(fixes: &[Fix]) -> HashMap<(&str, usize), &Fix> {
    let mut out = HashMap::with_capacity(fixes.len());
    for f in fixes {
        out.entry((f.code, f.at)).or_insert(f);
    }
    out
}

/// `diagnostics` with the [`suggestion`] of each one's fix among `fixes`
/// (matched by code and span start) added to its help, on a line of its
/// own: how the human, GitHub and Markdown formats show fixes.
pub fn with_suggestions(
    diagnostics: &[decktype_model::Diagnostic],
    fixes: &[Fix],
) -> Vec<decktype_model::Diagnostic> {
    let fixes = by_diagnostic(fixes);
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(f) = fixes.get(&(d.code.as_str(), d.span.start)) {
                let line = suggestion(f);
                d.help = Some(match d.help.take() {
                    Some(help) => format!("{help}\n{line}"),
                    None => line,
                });
            }
            d
        })
        .collect()
}

/// How many lines of context a hunk of [`diff`] shows around a change.
const CONTEXT: usize = 2;

/// The most lines (old and new) of a run of edited lines that [`diff`]
/// diffs line by line; a longer run is shown as replaced as a whole, so
/// that the diff costs at most this many times the number of lines.
const MAX_DIFFED: usize = 2000;

/// How many equal lines [`diff`] takes on each side of a run of edited
/// lines, at most, into the Myers diff of the run.
const AROUND: usize = 4;

/// The unified diff of `old` → `old` with `edits` applied (sorted, not
/// overlapping: [`Fixed::edits`]; an edit that overlaps one before it or
/// does not fit `old` is ignored) for `path` (`--fix --diff`), with two
/// lines of context: what `similar`'s line diff of the two texts shows
/// (when lines repeat, another diff as short may be shown).
///
/// The lines the edits do not touch are known to be the same: only the
/// lines around each edit are diffed (Myers), so the cost is linear in
/// the text. (A Myers diff of the two whole texts costs the text's length
/// times the number of changed lines: minutes for a deck with 40 000
/// fixes.)
pub fn diff(path: &str, old: &str, edits: &[Edit]) -> String {
    use similar::DiffableStr;
    use std::fmt::Write;

    // An edit that is not one (out of order, outside `old`, not on
    // character boundaries) is left out.
    let mut end = 0;
    let edits: Vec<&Edit> = edits
        .iter()
        .filter(|e| {
            let fits = end <= e.span.start
                && e.span.start <= e.span.end
                && old.is_char_boundary(e.span.start)
                && old.is_char_boundary(e.span.end);
            if fits {
                end = e.span.end;
            }
            fits
        })
        .collect();
    let new = apply(old, &edits);
    let old_lines = old.tokenize_lines();
    let new_lines = new.as_str().tokenize_lines();
    let old_starts = line_starts(&old_lines);
    let new_starts = line_starts(&new_lines);
    // The lines each edit touches, in both texts (`[old from, old to, new
    // from, new to]`, line numbers): from the line starting at the edit,
    // or else the line holding the byte before it (a `\r` ends a line
    // unless a `\n` follows, and that `\n` may be the edit's), to the line
    // ending where the edit ends in both texts, or else the line holding
    // the edit's end.
    let after_newline = |text: &str, at: usize| at == 0 || text.as_bytes()[at - 1] == b'\n';
    let before = |starts: &[usize], at: usize| starts.partition_point(|&s| s < at);
    let mut regions: Vec<[usize; 4]> = Vec::with_capacity(edits.len());
    let mut shift = 0isize;
    for e in &edits {
        let (start, end) = (e.span.start, e.span.end);
        let new_start = start.saturating_add_signed(shift);
        shift += e.replacement.len() as isize - e.span.len() as isize;
        let new_end = end.saturating_add_signed(shift);
        let (old_from, new_from) = if after_newline(old, start) {
            (before(&old_starts, start), before(&new_starts, new_start))
        } else {
            (
                before(&old_starts, start).saturating_sub(1),
                before(&new_starts, new_start).saturating_sub(1),
            )
        };
        let (old_to, new_to) = if after_newline(old, end) && after_newline(&new, new_end) {
            (before(&old_starts, end), before(&new_starts, new_end))
        } else {
            (
                (before(&old_starts, end) + 1).min(old_lines.len()),
                (before(&new_starts, new_end) + 1).min(new_lines.len()),
            )
        };
        regions.push([old_from, old_to, new_from, new_to]);
    }
    // Merge regions that meet, or whose lines between differ (never, as
    // the lines between are not edited; but only lines checked equal are
    // shown as equal).
    let same = |o: std::ops::Range<usize>, n: std::ops::Range<usize>| {
        o.len() == n.len() && old_lines[o] == new_lines[n]
    };
    let mut merged: Vec<[usize; 4]> = Vec::with_capacity(regions.len());
    for r in regions {
        match merged.last_mut() {
            Some(m) if r[0] <= m[1] || r[2] <= m[3] || !same(m[1]..r[0], m[3]..r[2]) => {
                m[1] = m[1].max(r[1]);
                m[3] = m[3].max(r[3]);
            }
            _ => merged.push(r),
        }
    }
    if let Some(first) = merged.first_mut()
        && !same(0..first[0], 0..first[2])
    {
        (first[0], first[2]) = (0, 0);
    }
    if let Some(last) = merged.last_mut()
        && !same(last[1]..old_lines.len(), last[3]..new_lines.len())
    {
        (last[1], last[3]) = (old_lines.len(), new_lines.len());
    }
    // The operations: the lines between regions equal, each region diffed.
    let mut ops: Vec<similar::DiffOp> = Vec::new();
    let mut push = |op: similar::DiffOp| {
        if let (
            Some(similar::DiffOp::Equal { len, .. }),
            similar::DiffOp::Equal { len: more, .. },
        ) = (ops.last_mut(), op)
        {
            *len += more;
        } else if op.old_range().len() + op.new_range().len() > 0 {
            ops.push(op);
        }
    };
    // Each region is diffed with up to `AROUND` equal lines on each side
    // (half the lines between two regions, when fewer): where the lines
    // around are alike, which of them Myers keeps depends on them.
    let (mut o, mut n) = (0, 0);
    for (i, &[core_o0, o1, core_n0, n1]) in merged.iter().enumerate() {
        // The lines between this region and the previous one's lines after.
        let before = AROUND.min(core_o0 - o);
        let gap_after = merged
            .get(i + 1)
            .map_or(old_lines.len() - o1, |next| (next[0] - o1).div_ceil(2));
        let after = AROUND.min(gap_after);
        let (o0, n0) = (core_o0 - before, core_n0 - before);
        push(similar::DiffOp::Equal {
            old_index: o,
            new_index: n,
            len: o0 - o,
        });
        let lines = (o1 - core_o0) + (n1 - core_n0);
        let (o1, n1) = (o1 + after, n1 + after);
        if lines <= MAX_DIFFED {
            DIFFED.with(|d| d.set(d.get().max((o1 - o0) + (n1 - n0))));
            for op in similar::capture_diff_slices(
                similar::Algorithm::Myers,
                &old_lines[o0..o1],
                &new_lines[n0..n1],
            ) {
                push(shifted(op, o0, n0));
            }
        } else {
            // Edits on so many lines in a row: shown as replaced, with no
            // line kept (the Myers diff of the region would be quadratic).
            push(similar::DiffOp::Equal {
                old_index: o0,
                new_index: n0,
                len: before,
            });
            push(similar::DiffOp::Replace {
                old_index: core_o0,
                old_len: o1 - after - core_o0,
                new_index: core_n0,
                new_len: n1 - after - core_n0,
            });
            push(similar::DiffOp::Equal {
                old_index: o1 - after,
                new_index: n1 - after,
                len: after,
            });
        }
        (o, n) = (o1, n1);
    }
    push(similar::DiffOp::Equal {
        old_index: o,
        new_index: n,
        len: old_lines.len() - o,
    });
    // Shown as `similar` shows a unified diff.
    let mut out = String::new();
    for (i, group) in similar::group_diff_ops(ops, CONTEXT).iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(group));
        for op in group {
            for change in op.iter_changes(&old_lines, &new_lines) {
                let _ = write!(out, "{}{}", change.tag(), change.value());
                if change.missing_newline() {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// The byte offset of each of `lines` (consecutive slices of one text).
fn line_starts(lines: &[&str]) -> Vec<usize> {
    lines
        .iter()
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some(start)
        })
        .collect()
}

/// `op` with its line numbers moved on by `old` and `new`.
fn shifted(op: similar::DiffOp, old: usize, new: usize) -> similar::DiffOp {
    use similar::DiffOp::*;
    match op {
        Equal {
            old_index,
            new_index,
            len,
        } => Equal {
            old_index: old_index + old,
            new_index: new_index + new,
            len,
        },
        Delete {
            old_index,
            old_len,
            new_index,
        } => Delete {
            old_index: old_index + old,
            old_len,
            new_index: new_index + new,
        },
        Insert {
            old_index,
            new_index,
            new_len,
        } => Insert {
            old_index: old_index + old,
            new_index: new_index + new,
            new_len,
        },
        Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => Replace {
            old_index: old_index + old,
            old_len,
            new_index: new_index + new,
            new_len,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str, code: &str) -> usize {
        decktype_parse::parse(text, &Default::default())
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .count()
    }

    #[test]
    fn separators_get_their_blank_lines_and_lose_their_spaces_unsafely() {
        let src = "---\ntype: slide\n---\n\n# A\ntext\n---\n# B\n\n----  \n\n# C\n";
        assert_eq!(count(src, codes::SEPARATOR_NOT_SPLIT), 2);
        // Both change what HedgeDoc shows: nothing safe to do.
        assert_eq!(fix(src, false), None);
        let found = available(src);
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .all(|f| f.applicability == Applicability::Unsafe && f.risk.is_some())
        );
        let fixed = fix(src, true).unwrap();
        assert_eq!(
            fixed.text,
            "---\ntype: slide\n---\n\n# A\ntext\n\n---\n\n# B\n\n----\n\n# C\n"
        );
        assert_eq!(count(&fixed.text, codes::SEPARATOR_NOT_SPLIT), 0);
        let parsed = decktype_parse::parse(&fixed.text, &Default::default());
        assert_eq!(parsed.deck.slides.len(), 3);
        assert_eq!(fixed.changes.len(), 2);
        assert_eq!(fixed.changes[0].line, 7);
        assert!(fixed.changes[0].description.contains("empty line before"));
        assert!(fixed.changes[1].description.contains("spaces"));
        // Fixing again finds nothing.
        assert_eq!(fix(&fixed.text, true), None);
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let src = "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\n---  \r\n# B\r\n";
        let fixed = fix(src, true).unwrap();
        assert_eq!(
            fixed.text,
            "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\n---\r\n\r\n# B\r\n"
        );
    }

    #[test]
    fn a_split_through_the_cr_quirk_gets_its_empty_lines_safely() {
        let src = "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n---\r\n# B\r\n";
        assert_eq!(count(src, codes::SEPARATOR_WITHOUT_BLANK_LINES), 1);
        let found = available(src);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].applicability, Applicability::Safe);
        let fixed = fix(src, false).unwrap();
        assert_eq!(
            fixed.text,
            "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\n---\r\n\r\n# B\r\n"
        );
        assert_eq!(fixed.changes[0].line, 6);
        assert_eq!(Facts::of(src).shape, Facts::of(&fixed.text).shape);
    }

    #[test]
    fn blank_lines_before_front_matter_are_an_unsafe_fix() {
        let src = "\n\n---\ntype: slide\n---\n\n# A\n";
        assert_eq!(fix(src, false), None);
        let fixed = fix(src, true).unwrap();
        assert_eq!(fixed.text, "---\ntype: slide\n---\n\n# A\n");
        assert_eq!(fixed.changes[0].line, 1);
        assert!(
            decktype_parse::parse(&fixed.text, &Default::default())
                .deck
                .front_matter
                .is_some()
        );
        // Text before the front matter is not whitespace: left alone.
        assert_eq!(fix("hello\n---\ntype: slide\n---\n", true), None);
    }

    #[test]
    fn later_rounds_map_their_lines_to_the_original() {
        let src = "\n\n---\ntype: slide\n---\n\n# A\ntext\n---\n\n# B\n";
        let fixed = fix(src, true).unwrap();
        assert_eq!(fixed.changes.len(), 2);
        assert_eq!(fixed.changes[0].line, 1);
        assert_eq!(fixed.changes[1].line, 9);
        assert_eq!(&src.lines().nth(8), &Some("---"));
    }

    #[test]
    fn what_is_not_safe_is_left_alone() {
        // The last line with no line end.
        assert_eq!(fix("---\ntype: slide\n---\n\n# A\n\nx\n\n---", true), None);
        // Dashes inside a code fence are code: not reported, not fixed.
        let src = "---\ntype: slide\n---\n\n# A\n\n```\ncode\n---\nmore\n```\n";
        assert_eq!(count(src, codes::SEPARATOR_NOT_SPLIT), 0);
        assert_eq!(fix(src, true), None);
        // The same outside the fence is reported and fixed.
        let src = "---\ntype: slide\n---\n\n# A\n\ncode\n---\nmore\n";
        assert_eq!(count(src, codes::SEPARATOR_NOT_SPLIT), 1);
        assert!(fix(src, true).is_some());
        // Inside an unclosed <style> (an HTML block to the end) and an
        // HTML block that a blank line would end: never touched.
        for src in [
            "---\ntype: slide\n---\n\n# A\n\n<style>\n.a { color: red }\n---\n# Hidden\n",
            "---\ntype: slide\n---\n \n#A\n\n<sKKtyle>\n.a { color: red }\n---\n# Hidden\n",
            "---\ntype: slide\n---\n\n# A\n\n<div hidden>\n\nx\n\n--- \n\ny\n\n</div>\n",
            "---\ntype: slide\n---\n\n# A\n\n    ---  \n\nz\n",
        ] {
            assert_eq!(count(src, codes::SEPARATOR_NOT_SPLIT), 1, "{src}");
            assert_eq!(fix(src, true), None, "{src}");
            assert!(available(src).is_empty(), "{src}");
        }
    }

    #[test]
    fn positions_map_back_through_rounds() {
        // Round 1 removed 2 bytes at 0; round 2 replaced 10..14 by 6 bytes.
        let rounds = vec![vec![(Span::new(0, 2), 0)], vec![(Span::new(10, 14), 6)]];
        assert_eq!(map_back(&rounds, &[5]), [7]);
        assert_eq!(map_back(&rounds, &[12]), [12]);
        assert_eq!(map_back(&rounds, &[20]), [20]);
        // All at once, as `fix_only` maps them.
        assert_eq!(map_back(&rounds, &[5, 12, 20]), [7, 12, 20]);
    }

    /// A deck of `n` setext headings (`Heading i` over `---`): `n` DT004
    /// findings, each with an unsafe fix.
    fn setext(n: usize) -> String {
        let mut s = "---\ntype: slide\n---\n\n".to_owned();
        for i in 0..n {
            s.push_str(&format!("Heading {i}\n---\n\n"));
        }
        s
    }

    /// How many parses `f` makes.
    fn parses<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = PARSES.with(Cell::get);
        let out = f();
        (out, PARSES.with(Cell::get) - before)
    }

    #[test]
    fn the_parses_do_not_grow_with_the_number_of_fixes() {
        // Not timed: the number of whole-file parses is what made many
        // fixes quadratic; it must not depend on how many there are.
        let counts: Vec<[usize; 3]> = [50, 100, 200, 400]
            .into_iter()
            .map(|n| {
                let src = setext(n);
                let (found, a) = parses(|| available(&src));
                assert_eq!(found.len(), n);
                let (fixed, u) = parses(|| fix(&src, true));
                let fixed = fixed.unwrap();
                assert_eq!(fixed.changes.len(), n);
                assert_eq!(fixed.edits.len(), n);
                let (none, s) = parses(|| fix(&src, false));
                assert_eq!(none, None);
                [a, u, s]
            })
            .collect();
        assert!(counts.windows(2).all(|w| w[0] == w[1]), "{counts:?}");
        assert!(counts[0].iter().all(|&c| c <= 8), "{counts:?}");
    }

    #[test]
    fn the_diff_compares_only_the_lines_around_the_edits() {
        // The largest Myers diff [`diff`] runs, in lines: the same whatever
        // the number of fixes (a diff of the whole texts is quadratic).
        let largest: Vec<usize> = [50, 100, 200, 400]
            .into_iter()
            .map(|n| {
                let src = setext(n);
                let fixed = fix(&src, true).unwrap();
                DIFFED.with(|d| d.set(0));
                let d = diff("d.md", &src, &fixed.edits);
                assert_eq!(d.matches("\n+---\n").count(), 0, "no line is new");
                assert_eq!(d.matches("\n+\n").count(), n);
                DIFFED.with(Cell::get)
            })
            .collect();
        assert!(largest.windows(2).all(|w| w[0] == w[1]), "{largest:?}");
        // A fix's lines, old and new, and the lines around them.
        assert!(largest[0] <= 3 + 2 * (2 * AROUND), "{largest:?}");
        // Edits on every line of a long run: replaced as a whole, past the
        // bound, as the Myers diff shows lines that all differ.
        let old = "x\n".repeat(MAX_DIFFED);
        let edits: Vec<Edit> = (0..MAX_DIFFED)
            .map(|i| Edit {
                span: Span::new(2 * i, 2 * i + 2),
                replacement: "y\n".to_owned(),
            })
            .collect();
        DIFFED.with(|d| d.set(0));
        let d = diff("d.md", &old, &edits);
        assert_eq!(DIFFED.with(Cell::get), 0);
        assert_eq!(d, whole_diff(&old, &"y\n".repeat(MAX_DIFFED)));
    }

    #[test]
    fn fixes_over_rounds_compose_into_edits_of_the_source() {
        // Round 1 removes the blank lines before the front matter; round 2
        // fixes a separator: both as edits of the source.
        let src = "\n\n---\ntype: slide\n---\n\n# A\ntext\n---\n\n# B\n";
        let fixed = fix(src, true).unwrap();
        let edits: Vec<&Edit> = fixed.edits.iter().collect();
        assert_eq!(edits.len(), 2, "{edits:?}");
        assert_eq!(edits[0].span, Span::new(0, 2));
        assert_eq!(&src[edits[1].span.start..edits[1].span.end], "---\n");
        assert_eq!(apply(src, &edits), fixed.text);
        // Edits of a later round that touch earlier ones are merged.
        let earlier = [Edit {
            span: Span::new(2, 4),
            replacement: "XYZ".to_owned(),
        }];
        let later = Edit {
            span: Span::new(5, 6),
            replacement: "W".to_owned(),
        };
        let text = apply("abcdefg", &[&earlier[0]]);
        assert_eq!(text, "abXYZefg");
        let next = apply(&text, &[&later]);
        assert_eq!(next, "abXYZWfg");
        let composed = compose(&earlier, &[&later], &next);
        assert_eq!(
            composed,
            [Edit {
                span: Span::new(2, 5),
                replacement: "XYZW".to_owned(),
            }]
        );
        assert_eq!(apply("abcdefg", &composed.iter().collect::<Vec<_>>()), next);
    }

    /// `similar`'s unified diff of the two whole texts: what [`diff`] must
    /// show.
    fn whole_diff(old: &str, new: &str) -> String {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(CONTEXT)
            .header("a/d.md", "b/d.md")
            .to_string()
    }

    #[test]
    fn the_diff_of_the_edits_is_the_diff_of_the_texts() {
        /// A text and edits of it: (start, end, replacement).
        type Case<'a> = (&'a str, &'a [(usize, usize, &'a str)]);
        let cases: &[Case] = &[
            ("a\nb\n", &[(2, 2, "\n")]),
            ("a\nb", &[(2, 3, "c")]),
            ("a\nb", &[(0, 0, "x\n")]),
            ("a\r\nb\r\n", &[(1, 3, "\n")]),
            ("a\rb\rc\n", &[(2, 3, "\r\n")]),
            ("", &[(0, 0, "new\n")]),
            ("a\nb\nc\n", &[(0, 6, "")]),
            (
                "1\n2\n3\n4\n5\n6\n7\n8\n",
                &[(2, 4, "x\n"), (12, 14, "y\n\n")],
            ),
            ("1\n2\n3\n4\n5\n6\n7\n8\n", &[(0, 0, "\n"), (14, 16, "")]),
            (
                "x\n---\nx\n---\nx\n",
                &[(2, 6, "\n---\n\n"), (8, 12, "\n---\n\n")],
            ),
        ];
        for (old, edits) in cases {
            let edits: Vec<Edit> = edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: Span::new(s, e),
                    replacement: r.to_owned(),
                })
                .collect();
            let new = apply(old, &edits.iter().collect::<Vec<_>>());
            assert_eq!(
                diff("d.md", old, &edits),
                whole_diff(old, &new),
                "{old:?} → {new:?}"
            );
        }
        // Edits that are not edits of the text are left out, not a panic.
        let odd = [
            Edit {
                span: Span::new(2, 3),
                replacement: "B".to_owned(),
            },
            Edit {
                span: Span::new(0, 9),
                replacement: "x".to_owned(),
            },
            Edit {
                span: Span::new(3, 3),
                replacement: "\n".to_owned(),
            },
        ];
        assert_eq!(
            diff("d.md", "a\nb\n", &odd),
            whole_diff("a\nb\n", "a\nB\n\n")
        );
        // And on a deck with many fixes.
        let src = setext(300).replace("Heading 7\n", "Heading 7\n\n");
        let fixed = fix(&src, true).unwrap();
        assert_eq!(
            diff("d.md", &src, &fixed.edits),
            whole_diff(&src, &fixed.text)
        );
    }

    #[test]
    fn suggestions_go_to_the_diagnostics_they_fix() {
        let src = setext(3);
        let fixes = available(&src);
        let diagnostics = decktype_parse::parse(&src, &Default::default()).diagnostics;
        let shown = with_suggestions(&diagnostics, &fixes);
        assert_eq!(shown.len(), diagnostics.len());
        let suggested: Vec<usize> = shown
            .iter()
            .filter(|d| {
                d.help
                    .as_deref()
                    .is_some_and(|h| h.contains("suggestion (unsafe fix"))
            })
            .map(|d| d.span.start)
            .collect();
        let fixed: Vec<usize> = fixes.iter().map(|f| f.at).collect();
        assert_eq!(suggested, fixed);
    }

    #[test]
    fn the_diff_is_unified() {
        let edit = Edit {
            span: Span::new(2, 2),
            replacement: "\n".to_owned(),
        };
        let d = diff("d.md", "a\nb\n", &[edit]);
        assert!(d.starts_with("--- a/d.md\n+++ b/d.md\n@@"), "{d}");
        assert!(d.contains("\n+\n"), "{d}");
    }
}
