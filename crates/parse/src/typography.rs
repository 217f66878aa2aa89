//! HedgeDoc's typographic replacements (markdown-it `typographer: true`).
//!
//! HedgeDoc shows `...` as `…`, `--` as `–` and straight quotes as curly ones.
//! markdown-it does this while it parses, as core rules after the inline rules,
//! which is why the port lives in the parser crate and not in the model.
//!
//! **Not applied yet.** The model keeps the source text (`Inline::Text` is the
//! text as written, and the JSON schema says so), so [`parse`](crate::parse)
//! does not call this module; today only the tests do (slide titles are
//! compared with HedgeDoc's after [`typographer`]). Where it is meant to go:
//! after the inline pass of each block (paragraph, heading, table cell,
//! definition term), on that block's inlines in order, as
//! [`typographer_tokens`] with their nesting levels, breaks and code spans (so
//! quotes pair across emphasis as in markdown-it), with the result kept beside
//! the source text rather than instead of it.
//!
//! This is a port of markdown-it 14's two core rules that the `typographer` option
//! turns on, run in markdown-it's order on the `text` tokens of one block:
//!
//! 1. `replacements` (`lib/rules_core/replacements.mjs`): `(c)` → ©, `(r)` → ®,
//!    `(tm)` → ™ (ASCII case-insensitive), `+-` → ±, `..`+ → …, `?…`/`!…` →
//!    `?..`/`!..`, four or more of `?`/`!` → three, `,,`+ → `,`, and the em and en
//!    dashes, each a linear scanner that matches exactly what markdown-it's
//!    regular expression matches (JavaScript `\s`, multi-line `^`/`$`, and matches
//!    that consume the character before the dashes). As in markdown-it, the
//!    "rare" replacements only run on a token containing `+-`, `..`, `????`,
//!    `!!!!`, `,,` or `--`, and text inside autolinks is left alone.
//! 2. `smartquotes` (`lib/rules_core/smartquotes.mjs`): the opener stack with
//!    nesting levels, the whitespace / punctuation checks on the characters around
//!    each quote (looked up across token boundaries, stopping at line breaks),
//!    apostrophes, the `1""` inch special case and the cap of 1000 openers. Quotes
//!    become `“”‘’` (markdown-it's default `quotes`).
//!
//! Like markdown-it, the checks look at UTF-16 code units: a character outside the
//! Basic Multilingual Plane (an emoji, say) next to a quote counts as a letter, not
//! as punctuation. [`typographer`] and [`typographer_runs`] cover the common cases;
//! [`typographer_tokens`] takes markdown-it's whole inline token stream (nesting
//! levels, breaks, code spans) for callers that have it.
//!
//! Every function is linear in the length of its input and never panics.

use std::borrow::Cow;

/// Applies markdown-it's replacements and smart quotes to one run of text.
pub fn typographer(text: &str) -> String {
    typographer_runs(&[text]).pop().unwrap_or_default()
}

/// Applies markdown-it's replacements and smart quotes to the text runs of one
/// block, in order, treating them as one text for quote pairing.
///
/// Each run stands for one markdown-it `text` token; the runs are taken to be
/// at the same nesting level, with only content-less tokens (such as
/// `strong_open`) between them. Returns one string per run.
pub fn typographer_runs(runs: &[&str]) -> Vec<String> {
    let tokens: Vec<InlineToken<'_>> = runs
        .iter()
        .map(|&content| InlineToken {
            kind: TokenKind::Text,
            content,
            level: 0,
        })
        .collect();
    typographer_tokens(&tokens)
}

/// What a markdown-it inline token is, as far as the typographer cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A `text` token: replacements and smart quotes rewrite it.
    Text,
    /// A `text` token inside an autolink (`<https://…>`) or a linkified URL:
    /// smart quotes rewrite it, replacements leave it alone.
    AutolinkText,
    /// A `softbreak` or `hardbreak`: looking for the character before or after a
    /// quote stops here, as at the start or end of a line.
    Break,
    /// Any other token. Its content (a `code_inline`'s code, an `html_inline`'s
    /// markup, a `text_special`'s character, an `image`'s alt text, or nothing for
    /// markup such as `strong_open`) is only read as the character next to a
    /// quote; it is never rewritten.
    Other,
}

/// One token of a block's inline content, as markdown-it's typographer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InlineToken<'a> {
    /// What the token is.
    pub kind: TokenKind,
    /// The token's `content`.
    pub content: &'a str,
    /// markdown-it's `token.level`: how many inline containers (emphasis, links,
    /// …) are open around it. Quotes only pair at the same level, and a token of
    /// a lower level discards the open quotes of higher ones.
    pub level: u32,
}

/// Applies markdown-it's replacements and smart quotes to the inline tokens of
/// one block, exactly as markdown-it 14's `replacements` and `smartquotes` core
/// rules do. Returns one string per token: the rewritten content of
/// [`TokenKind::Text`] and [`TokenKind::AutolinkText`] tokens, and the
/// unchanged content of the others.
pub fn typographer_tokens(tokens: &[InlineToken<'_>]) -> Vec<String> {
    let mut contents: Vec<Cow<'_, str>> = tokens
        .iter()
        .map(|token| match token.kind {
            TokenKind::Text => replacements(token.content),
            _ => Cow::Borrowed(token.content),
        })
        .collect();
    smartquotes(tokens, &mut contents);
    contents.into_iter().map(Cow::into_owned).collect()
}

// ---------------------------------------------------------------------------
// replacements

/// Runs markdown-it's `replace_scoped` then `replace_rare` on one text token.
fn replacements(text: &str) -> Cow<'_, str> {
    let mut s = Cow::Borrowed(text);
    if let Some(r) = replace_scoped(&s) {
        s = Cow::Owned(r);
    }
    if rare_test(&s) {
        s = Cow::Owned(replace_rare(&s));
    }
    s
}

/// `/\((c|tm|r)\)/ig` → © ™ ®. Without the `u` flag JavaScript only folds
/// the ASCII letters here.
fn replace_scoped(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'(' {
            i += 1;
            continue;
        }
        let found = match b.get(i + 1..) {
            Some([b'c' | b'C', b')', ..]) => Some(('©', 3)),
            Some([b'r' | b'R', b')', ..]) => Some(('®', 3)),
            Some([b't' | b'T', b'm' | b'M', b')', ..]) => Some(('™', 4)),
            _ => None,
        };
        match found {
            Some((symbol, len)) => {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                o.push_str(&s[copied..i]);
                o.push(symbol);
                i += len;
                copied = i;
            }
            None => i += 1,
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// markdown-it's `RARE_RE`: `/\+-|\.\.|\?\?\?\?|!!!!|,,|--/`.
fn rare_test(s: &str) -> bool {
    let b = s.as_bytes();
    let mut run = 0usize; // length of the current run of one of `?` / `!`
    let mut prev = 0u8;
    for &c in b {
        match (prev, c) {
            (b'+', b'-') | (b'.', b'.') | (b',', b',') | (b'-', b'-') => return true,
            _ => {}
        }
        run = if (c == b'?' || c == b'!') && c == prev {
            run + 1
        } else {
            1
        };
        if run >= 4 && (c == b'?' || c == b'!') {
            return true;
        }
        prev = c;
    }
    false
}

/// The chain of `replace` calls in markdown-it's `replace_rare`, in order.
fn replace_rare(s: &str) -> String {
    let mut s: Cow<'_, str> = Cow::Borrowed(s);
    // `.replace(/\+-/g, '±')`
    if s.contains("+-") {
        s = Cow::Owned(s.replace("+-", "±"));
    }
    // `.replace(/\.{2,}/g, '…')`
    if let Some(r) = replace_runs(&s, |c| c == b'.', 2, |_| "…") {
        s = Cow::Owned(r);
    }
    // `.replace(/([?!])…/g, '$1..')`
    if s.contains("?…") {
        s = Cow::Owned(s.replace("?…", "?.."));
    }
    if s.contains("!…") {
        s = Cow::Owned(s.replace("!…", "!.."));
    }
    // `.replace(/([?!]){4,}/g, '$1$1$1')`: `$1` is the run's last character.
    let question_or_bang = |c| c == b'?' || c == b'!';
    if let Some(r) = replace_runs(&s, question_or_bang, 4, |last| {
        if last == b'?' { "???" } else { "!!!" }
    }) {
        s = Cow::Owned(r);
    }
    // `.replace(/,{2,}/g, ',')`
    if let Some(r) = replace_runs(&s, |c| c == b',', 2, |_| ",") {
        s = Cow::Owned(r);
    }
    // em-dash: `.replace(/(^|[^-])---(?=[^-]|$)/mg, '$1\u2014')`
    let not_dash = |c: char| c != '-';
    if let Some(r) = replace_dashes(&s, 3, '—', not_dash, not_dash) {
        s = Cow::Owned(r);
    }
    // en-dash: `.replace(/(^|\s)--(?=\s|$)/mg, '$1\u2013')`
    if let Some(r) = replace_dashes(&s, 2, '–', is_js_space, is_js_space) {
        s = Cow::Owned(r);
    }
    // en-dash: `.replace(/(^|[^-\s])--(?=[^-\s]|$)/mg, '$1\u2013')`
    let word = |c: char| c != '-' && !is_js_space(c);
    if let Some(r) = replace_dashes(&s, 2, '–', word, word) {
        s = Cow::Owned(r);
    }
    s.into_owned()
}

/// Replaces every maximal run of at least `min` ASCII bytes matching `member`
/// with `with(last byte of the run)`. `None` when nothing changes.
fn replace_runs(
    s: &str,
    member: impl Fn(u8) -> bool,
    min: usize,
    with: impl Fn(u8) -> &'static str,
) -> Option<String> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if !member(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && member(b[i]) {
            i += 1;
        }
        if i - start >= min {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
            o.push_str(&s[copied..start]);
            o.push_str(with(b[i - 1]));
            copied = i;
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// A global, multi-line `/(^|BEFORE)-{count}(?=AFTER|$)/mg` replaced by
/// `$1` + `dash`, scanned left to right like JavaScript's `String.replace`:
/// a match consumes the character before the dashes (so it cannot start the
/// next match) but not the one after them. `before` must reject `-`.
/// `None` when nothing changes.
fn replace_dashes(
    s: &str,
    count: usize,
    dash: char,
    before: impl Fn(char) -> bool,
    after: impl Fn(char) -> bool,
) -> Option<String> {
    let b = s.as_bytes();
    let dashes_at = |at: usize| {
        b.get(at..at + count)
            .is_some_and(|d| d.iter().all(|&c| c == b'-'))
    };
    // `(?=AFTER|$)` at byte `at`; `$` also matches before a line terminator.
    let lookahead = |at: usize| {
        s.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| is_line_terminator(c) || after(c))
    };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        // The two alternatives of the group exclude each other: `^` needs a
        // dash at `i`, `BEFORE` a character other than a dash.
        let (dash_start, next) = if b[i] == b'-' {
            let line_start = s[..i].chars().next_back().is_none_or(is_line_terminator);
            (line_start.then_some(i), i + 1)
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            let end = i + c.len_utf8();
            (before(c).then_some(end), end)
        };
        match dash_start {
            Some(start) if dashes_at(start) && lookahead(start + count) => {
                let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                o.push_str(&s[copied..start]);
                o.push(dash);
                i = start + count;
                copied = i;
            }
            _ => i = next,
        }
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// JavaScript's `\s`: WhiteSpace and LineTerminator of ECMA-262.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The line terminators at which a multi-line JavaScript `^` / `$` match.
fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

// ---------------------------------------------------------------------------
// smartquotes

/// markdown-it's cap on open quotes per block ("caps memory on malicious input").
const MAX_OPENERS: usize = 1000;

/// An opening quote waiting for its closing one.
struct Opener {
    /// Index of the token that holds it.
    token: usize,
    /// Byte offset of the quote in that token's content.
    pos: usize,
    /// `'` rather than `"`.
    single: bool,
    /// The token's nesting level.
    level: u32,
    /// Stack index of the previous opener of the same quote type.
    prev_same: Option<usize>,
}

/// The stack of openers with the topmost opener of each type (`heads`).
#[derive(Default)]
struct Openers {
    stack: Vec<Opener>,
    /// Topmost double-quote opener.
    double: Option<usize>,
    /// Topmost single-quote opener.
    single: Option<usize>,
}

impl Openers {
    /// markdown-it's `truncateStack`.
    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            if let Some(item) = self.stack.pop() {
                if item.single {
                    self.single = item.prev_same;
                } else {
                    self.double = item.prev_same;
                }
            }
        }
    }
}

/// markdown-it's `process_inlines`: rewrites the quotes of the text tokens in
/// `contents` (which already went through the replacements).
fn smartquotes(tokens: &[InlineToken<'_>], contents: &mut [Cow<'_, str>]) {
    let is_text = |kind: TokenKind| matches!(kind, TokenKind::Text | TokenKind::AutolinkText);
    let has_quote = tokens
        .iter()
        .zip(contents.iter())
        .any(|(t, c)| is_text(t.kind) && c.bytes().any(|b| b == b'"' || b == b'\''));
    if !has_quote {
        return;
    }

    // The character markdown-it finds before the start (after the end) of each
    // token: the last (first) character of the nearest token with content,
    // or a space when a break or the block's edge comes first.
    let n = tokens.len().min(contents.len());
    let mut before = vec![' '; n];
    for i in 1..n {
        before[i] = if tokens[i - 1].kind == TokenKind::Break {
            ' '
        } else {
            contents[i - 1].chars().next_back().unwrap_or(before[i - 1])
        };
    }
    let mut after = vec![' '; n];
    for i in (0..n.saturating_sub(1)).rev() {
        after[i] = if tokens[i + 1].kind == TokenKind::Break {
            ' '
        } else {
            contents[i + 1].chars().next().unwrap_or(after[i + 1])
        };
    }

    let mut openers = Openers::default();
    // (token index, byte offset of the quote, replacement)
    let mut replacements: Vec<(usize, usize, char)> = Vec::new();

    for i in 0..n {
        let level = tokens[i].level;
        let keep = openers
            .stack
            .iter()
            .rposition(|o| o.level <= level)
            .map_or(0, |j| j + 1);
        openers.truncate(keep);

        if !is_text(tokens[i].kind) {
            continue;
        }
        let text: &str = &contents[i];
        let bytes = text.as_bytes();
        let mut pos = 0;
        while let Some(off) = bytes
            .get(pos..)
            .and_then(|rest| rest.iter().position(|&b| b == b'"' || b == b'\''))
        {
            let at = pos + off;
            pos = at + 1;
            let single = bytes[at] == b'\'';

            let last = text[..at].chars().next_back().unwrap_or(before[i]);
            let next = text[pos..].chars().next().unwrap_or(after[i]);

            let last_punct = is_punct(last);
            let next_punct = is_punct(next);
            let last_space = is_white_space(last);
            let next_space = is_white_space(next);

            let mut can_open = true;
            let mut can_close = true;
            if next_space || (next_punct && !(last_space || last_punct)) {
                can_open = false;
            }
            if last_space || (last_punct && !(next_space || next_punct)) {
                can_close = false;
            }
            if next == '"' && !single && last.is_ascii_digit() {
                // special case: 1"" - count first quote as an inch
                can_open = false;
                can_close = false;
            }
            if can_open && can_close {
                // Only between punctuation (`foo-"-bar-"-baz`), not inside words.
                can_open = last_punct;
                can_close = next_punct;
            }

            if !can_open && !can_close {
                // middle of word
                if single {
                    replacements.push((i, at, APOSTROPHE));
                }
                continue;
            }

            if can_close {
                let head = if single {
                    openers.single
                } else {
                    openers.double
                };
                if let Some(j) =
                    head.filter(|&j| openers.stack.get(j).is_some_and(|o| o.level == level))
                {
                    let (open, close) = if single {
                        ('‘', '’')
                    } else {
                        ('“', '”')
                    };
                    let opener = &openers.stack[j];
                    replacements.push((i, at, close));
                    replacements.push((opener.token, opener.pos, open));
                    openers.truncate(j);
                    continue;
                }
            }

            if can_open {
                if openers.stack.len() >= MAX_OPENERS {
                    // markdown-it gives up on the whole block.
                    return;
                }
                let prev_same = if single {
                    openers.single
                } else {
                    openers.double
                };
                openers.stack.push(Opener {
                    token: i,
                    pos: at,
                    single,
                    level,
                    prev_same,
                });
                let top = Some(openers.stack.len() - 1);
                if single {
                    openers.single = top;
                } else {
                    openers.double = top;
                }
            } else if can_close && single {
                replacements.push((i, at, APOSTROPHE));
            }
        }
    }

    replacements.sort_unstable_by_key(|&(token, pos, _)| (token, pos));
    let mut rest = replacements.as_slice();
    while let Some(&(token, _, _)) = rest.first() {
        let count = rest.iter().take_while(|r| r.0 == token).count();
        let (these, others) = rest.split_at(count);
        rest = others;
        let old: &str = &contents[token];
        let mut new = String::with_capacity(old.len() + 2 * these.len());
        let mut copied = 0;
        for &(_, pos, ch) in these {
            // Quotes are ASCII, so `pos` and `pos + 1` are char boundaries.
            new.push_str(old.get(copied..pos).unwrap_or_default());
            new.push(ch);
            copied = pos + 1;
        }
        new.push_str(old.get(copied..).unwrap_or_default());
        contents[token] = Cow::Owned(new);
    }
}

/// `’`, for apostrophes.
const APOSTROPHE: char = '\u{2019}';

/// markdown-it's `isWhiteSpace`: Unicode `Zs` and `[\t\n\v\f\r]`.
fn is_white_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// markdown-it's `isMdAsciiPunct(c) || isPunctCharCode(c)`: ASCII punctuation
/// and the Unicode `P` and `S` categories (uc.micro 2.1), for one UTF-16 code
/// unit. markdown-it reads a surrogate for a character outside the BMP, which
/// is never punctuation.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let Ok(unit) = u16::try_from(u32::from(c)) else {
        return false;
    };
    let i = PUNCT_RANGES.partition_point(|&(_, last)| last < unit);
    PUNCT_RANGES.get(i).is_some_and(|&(first, _)| first <= unit)
}

/// The BMP code points in uc.micro 2.1's `P` or `S` (Unicode punctuation or
/// symbol), as sorted inclusive ranges; generated from `uc.micro` with Node.
#[rustfmt::skip]
const PUNCT_RANGES: &[(u16, u16)] = &[
    (0x0021, 0x002F), (0x003A, 0x0040), (0x005B, 0x0060), (0x007B, 0x007E),
    (0x00A1, 0x00A9), (0x00AB, 0x00AC), (0x00AE, 0x00B1), (0x00B4, 0x00B4),
    (0x00B6, 0x00B8), (0x00BB, 0x00BB), (0x00BF, 0x00BF), (0x00D7, 0x00D7),
    (0x00F7, 0x00F7), (0x02C2, 0x02C5), (0x02D2, 0x02DF), (0x02E5, 0x02EB),
    (0x02ED, 0x02ED), (0x02EF, 0x02FF), (0x0375, 0x0375), (0x037E, 0x037E),
    (0x0384, 0x0385), (0x0387, 0x0387), (0x03F6, 0x03F6), (0x0482, 0x0482),
    (0x055A, 0x055F), (0x0589, 0x058A), (0x058D, 0x058F), (0x05BE, 0x05BE),
    (0x05C0, 0x05C0), (0x05C3, 0x05C3), (0x05C6, 0x05C6), (0x05F3, 0x05F4),
    (0x0606, 0x060F), (0x061B, 0x061B), (0x061D, 0x061F), (0x066A, 0x066D),
    (0x06D4, 0x06D4), (0x06DE, 0x06DE), (0x06E9, 0x06E9), (0x06FD, 0x06FE),
    (0x0700, 0x070D), (0x07F6, 0x07F9), (0x07FE, 0x07FF), (0x0830, 0x083E),
    (0x085E, 0x085E), (0x0888, 0x0888), (0x0964, 0x0965), (0x0970, 0x0970),
    (0x09F2, 0x09F3), (0x09FA, 0x09FB), (0x09FD, 0x09FD), (0x0A76, 0x0A76),
    (0x0AF0, 0x0AF1), (0x0B70, 0x0B70), (0x0BF3, 0x0BFA), (0x0C77, 0x0C77),
    (0x0C7F, 0x0C7F), (0x0C84, 0x0C84), (0x0D4F, 0x0D4F), (0x0D79, 0x0D79),
    (0x0DF4, 0x0DF4), (0x0E3F, 0x0E3F), (0x0E4F, 0x0E4F), (0x0E5A, 0x0E5B),
    (0x0F01, 0x0F17), (0x0F1A, 0x0F1F), (0x0F34, 0x0F34), (0x0F36, 0x0F36),
    (0x0F38, 0x0F38), (0x0F3A, 0x0F3D), (0x0F85, 0x0F85), (0x0FBE, 0x0FC5),
    (0x0FC7, 0x0FCC), (0x0FCE, 0x0FDA), (0x104A, 0x104F), (0x109E, 0x109F),
    (0x10FB, 0x10FB), (0x1360, 0x1368), (0x1390, 0x1399), (0x1400, 0x1400),
    (0x166D, 0x166E), (0x169B, 0x169C), (0x16EB, 0x16ED), (0x1735, 0x1736),
    (0x17D4, 0x17D6), (0x17D8, 0x17DB), (0x1800, 0x180A), (0x1940, 0x1940),
    (0x1944, 0x1945), (0x19DE, 0x19FF), (0x1A1E, 0x1A1F), (0x1AA0, 0x1AA6),
    (0x1AA8, 0x1AAD), (0x1B5A, 0x1B6A), (0x1B74, 0x1B7E), (0x1BFC, 0x1BFF),
    (0x1C3B, 0x1C3F), (0x1C7E, 0x1C7F), (0x1CC0, 0x1CC7), (0x1CD3, 0x1CD3),
    (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF),
    (0x1FED, 0x1FEF), (0x1FFD, 0x1FFE), (0x2010, 0x2027), (0x2030, 0x205E),
    (0x207A, 0x207E), (0x208A, 0x208E), (0x20A0, 0x20C0), (0x2100, 0x2101),
    (0x2103, 0x2106), (0x2108, 0x2109), (0x2114, 0x2114), (0x2116, 0x2118),
    (0x211E, 0x2123), (0x2125, 0x2125), (0x2127, 0x2127), (0x2129, 0x2129),
    (0x212E, 0x212E), (0x213A, 0x213B), (0x2140, 0x2144), (0x214A, 0x214D),
    (0x214F, 0x214F), (0x218A, 0x218B), (0x2190, 0x2426), (0x2440, 0x244A),
    (0x249C, 0x24E9), (0x2500, 0x2775), (0x2794, 0x2B73), (0x2B76, 0x2B95),
    (0x2B97, 0x2BFF), (0x2CE5, 0x2CEA), (0x2CF9, 0x2CFC), (0x2CFE, 0x2CFF),
    (0x2D70, 0x2D70), (0x2E00, 0x2E2E), (0x2E30, 0x2E5D), (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF), (0x3001, 0x3004),
    (0x3008, 0x3020), (0x3030, 0x3030), (0x3036, 0x3037), (0x303D, 0x303F),
    (0x309B, 0x309C), (0x30A0, 0x30A0), (0x30FB, 0x30FB), (0x3190, 0x3191),
    (0x3196, 0x319F), (0x31C0, 0x31E3), (0x31EF, 0x31EF), (0x3200, 0x321E),
    (0x322A, 0x3247), (0x3250, 0x3250), (0x3260, 0x327F), (0x328A, 0x32B0),
    (0x32C0, 0x33FF), (0x4DC0, 0x4DFF), (0xA490, 0xA4C6), (0xA4FE, 0xA4FF),
    (0xA60D, 0xA60F), (0xA673, 0xA673), (0xA67E, 0xA67E), (0xA6F2, 0xA6F7),
    (0xA700, 0xA716), (0xA720, 0xA721), (0xA789, 0xA78A), (0xA828, 0xA82B),
    (0xA836, 0xA839), (0xA874, 0xA877), (0xA8CE, 0xA8CF), (0xA8F8, 0xA8FA),
    (0xA8FC, 0xA8FC), (0xA92E, 0xA92F), (0xA95F, 0xA95F), (0xA9C1, 0xA9CD),
    (0xA9DE, 0xA9DF), (0xAA5C, 0xAA5F), (0xAA77, 0xAA79), (0xAADE, 0xAADF),
    (0xAAF0, 0xAAF1), (0xAB5B, 0xAB5B), (0xAB6A, 0xAB6B), (0xABEB, 0xABEB),
    (0xFB29, 0xFB29), (0xFBB2, 0xFBC2), (0xFD3E, 0xFD4F), (0xFDCF, 0xFDCF),
    (0xFDFC, 0xFDFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66),
    (0xFE68, 0xFE6B), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0xFFFC, 0xFFFD),
];
#[cfg(test)]
mod tests {
    use super::*;

    /// `(input, expected)`: markdown-it 14.3.3 run on one `text` token holding `input`
    /// (`replacements` then `smartquotes`, generated with Node).
    const SINGLE: &[(&str, &str)] = &[
        (
            "(c) (C) (tm) (TM) (Tm) (r) (R) (p) (P)",
            "© © ™ ™ ™ ® ® (p) (P)",
        ),
        (
            "Copyright (c)2024 ACME(tm), Inc(r).",
            "Copyright ©2024 ACME™, Inc®.",
        ),
        ("((c)) (c (cc) (t m) (tmm)", "(©) (c (cc) (t m) (tmm)"),
        ("+-", "±"),
        ("1 +- 2", "1 ± 2"),
        ("+-+-", "±±"),
        ("++--", "+±-"),
        ("-+-", "-±"),
        ("...", "…"),
        ("a..b", "a…b"),
        ("wait.....", "wait…"),
        ("Really?....", "Really?.."),
        ("Hey!....", "Hey!.."),
        ("?...", "?.."),
        ("!..", "!.."),
        (".?....", ".?.."),
        ("a?.. b!...", "a?.. b!.."),
        ("x…y ?… !…", "x…y ?… !…"),
        ("????", "???"),
        ("What?????", "What???"),
        ("!!!!", "!!!"),
        ("Wow!!!!!!", "Wow!!!"),
        ("?!?!", "?!?!"),
        ("?!?!..", "!!!.."),
        ("???!!!", "???!!!"),
        ("a!!!", "a!!!"),
        ("??? !!!", "??? !!!"),
        (",,", ","),
        ("a,,,b", "a,b"),
        (", ,", ", ,"),
        ("a--b", "a–b"),
        ("a -- b", "a – b"),
        ("a---b", "a—b"),
        ("a --- b", "a — b"),
        ("----", "----"),
        ("-----", "-----"),
        ("--a", "–a"),
        ("a--", "a–"),
        ("--", "–"),
        ("---", "—"),
        ("---a", "—a"),
        ("a---", "a—"),
        ("-- a", "– a"),
        ("a --", "a –"),
        (" -- ", " – "),
        ("a --b", "a --b"),
        ("a-- b", "a-- b"),
        ("a- -b", "a- -b"),
        ("a----b", "a----b"),
        ("---x---", "—x—"),
        ("a--b--c", "a–b–c"),
        ("x --- y --- z", "x — y — z"),
        ("1--2", "1–2"),
        ("pages 10--20", "pages 10–20"),
        ("foo---bar---baz", "foo—bar—baz"),
        ("--\n--", "–\n–"),
        ("a\n--\nb", "a\n–\nb"),
        ("a\u{a0}--\u{a0}b", "a\u{a0}–\u{a0}b"),
        ("a\u{2003}--\u{2003}b", "a\u{2003}–\u{2003}b"),
        ("é--ü", "é–ü"),
        ("é---ü", "é—ü"),
        ("日本--語", "日本–語"),
        ("😀--😀", "😀–😀"),
        ("😀---😀", "😀—😀"),
        ("--😀", "–😀"),
        ("😀 -- 😀", "😀 – 😀"),
        ("\"Hello\"", "“Hello”"),
        ("'Hello'", "‘Hello’"),
        ("don't", "don’t"),
        ("It's John's", "It’s John’s"),
        ("\"It's\"", "“It’s”"),
        ("\"outer 'inner' outer\"", "“outer ‘inner’ outer”"),
        ("'outer \"inner\" outer'", "‘outer “inner” outer’"),
        ("\"a\" \"b\"", "“a” “b”"),
        ("\"nested \"deep\" quote\"", "“nested “deep” quote”"),
        ("he said \"hi\".", "he said “hi”."),
        ("(\"parens\")", "(“parens”)"),
        ("\"quoted\", then", "“quoted”, then"),
        ("a\"b\"c", "a\"b\"c"),
        ("a'b'c", "a’b’c"),
        ("'90s", "'90s"),
        ("rock 'n' roll", "rock ‘n’ roll"),
        ("the \"1\" and the 2\"", "the “1” and the 2\""),
        ("1\"\" inch", "1\"\" inch"),
        ("5'10\"", "5’10\""),
        ("'tis", "'tis"),
        ("'", "’"),
        ("\"", "\""),
        ("''", "‘’"),
        ("\"\"", "“”"),
        ("\" \"", "\" \""),
        ("foo-\"-bar-\"-baz", "foo-“-bar-”-baz"),
        ("foo \" bar \" baz", "foo \" bar \" baz"),
        ("'single' and \"double\"", "‘single’ and “double”"),
        ("\"unclosed", "\"unclosed"),
        ("unopened\"", "unopened\""),
        ("\"a'b\"", "“a’b”"),
        ("l'été", "l’été"),
        ("«\"»", "«\"»"),
        ("\"…\"", "“…”"),
        ("\"—\"", "“—”"),
        ("\"¿Qué?\"", "“¿Qué?”"),
        ("x\"y", "x\"y"),
        ("\"😀\"", "“😀”"),
        ("😀's", "😀’s"),
        ("\"日本\"", "“日本”"),
        ("日本'語", "日本’語"),
        ("„\"", "„\""),
        ("\"$5\"", "“$5”"),
        ("\"+1\"", "“+1”"),
        ("\"©\"", "“©”"),
        ("\"(c)\"", "“©”"),
        ("'(tm)'", "‘™’"),
        ("\"...\"", "“…”"),
        (
            "He said, \"Wait...\" -- then left.",
            "He said, “Wait…” – then left.",
        ),
        (
            "https://example.com/a--b/c...d",
            "https://example.com/a–b/c…d",
        ),
        ("http://x.org/?q=a,,b", "http://x.org/?q=a,b"),
        ("see <https://a.com/x--y>", "see <https://a.com/x–y>"),
        ("mail me: a--b@example.com", "mail me: a–b@example.com"),
        ("C:\\path\\--flag", "C:\\path\\–flag"),
        ("`--verbose`", "`–verbose`"),
        ("a\t--\tb", "a\t–\tb"),
        ("", ""),
        ("a\u{2028}--", "a\u{2028}–"),
        ("--\u{2029}a", "–\u{2029}a"),
        ("\u{2028}---\u{2029}", "\u{2028}—\u{2029}"),
    ];

    /// `(markdown, text runs, expected)`: the text tokens markdown-it 14.3.3 parses
    /// `markdown` into (HedgeDoc's options) and their contents after the typographer.
    const RUNS: &[(&str, &[&str], &[&str])] = &[
        ("\"**bold**\"", &["\"", "bold", "\""], &["“", "bold", "”"]),
        (
            "\"*a*\" and '_b_'",
            &["\"", "a", "\" and '", "b", "'"],
            &["“", "a", "” and ‘", "b", "’"],
        ),
        (
            "\"a\" **\"b\"**",
            &["\"a\" ", "\"b\"", ""],
            &["“a” ", "“b”", ""],
        ),
        (
            "don't **stop** \"me\" now",
            &["don't ", "stop", " \"me\" now"],
            &["don’t ", "stop", " “me” now"],
        ),
        (
            "\"[link](http://x.com)\"",
            &["\"", "link", "\""],
            &["“", "link", "”"],
        ),
        ("\"*it's*\"", &["\"", "it's", "\""], &["“", "it’s", "”"]),
        ("-- **--** --", &["-- ", "--", " --"], &["– ", "–", " –"]),
        (
            "a (c) **(tm)** \"...\"",
            &["a (c) ", "(tm)", " \"...\""],
            &["a © ", "™", " “…”"],
        ),
        (
            "\"a **b \"c\" d** e\"",
            &["\"a ", "b \"c\" d", " e\""],
            &["“a ", "b “c” d", " e”"],
        ),
        ("'**x**'s", &["'", "x", "'s"], &["'", "x", "’s"]),
        (
            "\"x\"**y**\"z\"",
            &["\"x\"", "y", "\"z\""],
            &["“x\"", "y", "\"z”"],
        ),
        (
            "**\"**a**\"**",
            &["", "\"", "a", "\"", ""],
            &["", "“", "a", "”", ""],
        ),
        (
            "I **don**'t know",
            &["I ", "don", "'t know"],
            &["I ", "don", "’t know"],
        ),
        (
            "\"*Hello*,\" she said.",
            &["\"", "Hello", ",\" she said."],
            &["“", "Hello", ",” she said."],
        ),
        (
            "«**\"oui\"**»",
            &["«", "\"oui\"", "»"],
            &["«", "“oui”", "»"],
        ),
    ];

    /// One token: its kind, content and nesting level.
    type Tok = (TokenKind, &'static str, u32);

    /// `(markdown, tokens, expected)`: markdown-it 14.3.3's whole inline token stream
    /// for `markdown` (HedgeDoc's options) and every token's content after the typographer.
    const TOKENS: &[(&str, &[Tok], &[&str])] = &[
        (
            "\"**bold**\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "bold", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "", "bold", "", "”"],
        ),
        (
            "**\"bold**\"",
            &[
                (TokenKind::Text, "", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"bold", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["", "", "\"bold", "", "\""],
        ),
        (
            "\"*a*\" and '_b_'",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "a", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\" and '", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "b", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "'", 0),
            ],
            &["“", "", "a", "", "” and ‘", "", "b", "", "’"],
        ),
        (
            "\"a\" **\"b\"**",
            &[
                (TokenKind::Text, "\"a\" ", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"b\"", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "", 0),
            ],
            &["“a” ", "", "“b”", "", ""],
        ),
        (
            "*\"a*\"",
            &[
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"a", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["", "\"a", "", "\""],
        ),
        (
            "\"`code`\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "code", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "code", "”"],
        ),
        (
            "\"`code\"`",
            &[(TokenKind::Text, "\"", 0), (TokenKind::Other, "code\"", 0)],
            &["\"", "code\""],
        ),
        (
            "\"a\nb\"",
            &[
                (TokenKind::Text, "\"a", 0),
                (TokenKind::Break, "", 0),
                (TokenKind::Text, "b\"", 0),
            ],
            &["“a", "", "b”"],
        ),
        (
            "\"a  \nb\"",
            &[
                (TokenKind::Text, "\"a", 0),
                (TokenKind::Break, "", 0),
                (TokenKind::Text, "b\"", 0),
            ],
            &["“a", "", "b”"],
        ),
        (
            "don't **stop** \"me\" now",
            &[
                (TokenKind::Text, "don't ", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "stop", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, " \"me\" now", 0),
            ],
            &["don’t ", "", "stop", "", " “me” now"],
        ),
        (
            "\"[link](http://x.com)\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "link", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "", "link", "", "”"],
        ),
        (
            "\"<b>html</b>\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "<b>", 0),
                (TokenKind::Text, "html", 0),
                (TokenKind::Other, "</b>", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "<b>", "html", "</b>", "”"],
        ),
        (
            "\\\"escaped\\\"",
            &[
                (TokenKind::Other, "\"", 0),
                (TokenKind::Text, "escaped", 0),
                (TokenKind::Other, "\"", 0),
            ],
            &["\"", "escaped", "\""],
        ),
        (
            "\"https://example.com/a--b\" -- see",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::AutolinkText, "https://example.com/a--b", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\" -- see", 0),
            ],
            &["“", "", "https://example.com/a--b", "", "” – see"],
        ),
        (
            "<https://a.com/x--y> -- \"z\"",
            &[
                (TokenKind::Other, "", 0),
                (TokenKind::AutolinkText, "https://a.com/x--y", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, " -- \"z\"", 0),
            ],
            &["", "https://a.com/x--y", "", " – “z”"],
        ),
        (
            "\"![alt text](i.png)\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "alt text", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "alt text", "”"],
        ),
        (
            "\"a **b \"c\" d** e\"",
            &[
                (TokenKind::Text, "\"a ", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "b \"c\" d", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, " e\"", 0),
            ],
            &["“a ", "", "b “c” d", "", " e”"],
        ),
        (
            "'**x**'s",
            &[
                (TokenKind::Text, "'", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "x", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "'s", 0),
            ],
            &["'", "", "x", "", "’s"],
        ),
        ("**\"**a", &[(TokenKind::Text, "**\"**a", 0)], &["**\"**a"]),
        (
            "\"*it's*\"",
            &[
                (TokenKind::Text, "\"", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "it's", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "\"", 0),
            ],
            &["“", "", "it’s", "", "”"],
        ),
        (
            "-- **--** --",
            &[
                (TokenKind::Text, "-- ", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "--", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, " --", 0),
            ],
            &["– ", "", "–", "", " –"],
        ),
        (
            "a (c) **(tm)** \"...\"",
            &[
                (TokenKind::Text, "a (c) ", 0),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, "(tm)", 1),
                (TokenKind::Other, "", 0),
                (TokenKind::Text, " \"...\"", 0),
            ],
            &["a © ", "", "™", "", " “…”"],
        ),
    ];

    #[test]
    fn single_runs_match_markdown_it() {
        for &(input, expected) in SINGLE {
            assert_eq!(typographer(input), expected, "typographer({input:?})");
            assert_eq!(
                typographer_runs(&[input]),
                [expected],
                "typographer_runs([{input:?}])"
            );
        }
    }

    #[test]
    fn runs_of_one_block_match_markdown_it() {
        for &(markdown, runs, expected) in RUNS {
            assert_eq!(
                typographer_runs(runs),
                expected,
                "runs {runs:?} of {markdown:?}"
            );
        }
    }

    #[test]
    fn token_streams_match_markdown_it() {
        for &(markdown, tokens, expected) in TOKENS {
            let tokens: Vec<InlineToken<'_>> = tokens
                .iter()
                .map(|&(kind, content, level)| InlineToken {
                    kind,
                    content,
                    level,
                })
                .collect();
            assert_eq!(
                typographer_tokens(&tokens),
                expected,
                "tokens of {markdown:?}"
            );
        }
    }

    #[test]
    fn runs_ignore_nesting_levels() {
        // markdown-it leaves `**"bold**"` alone (the quotes are at different
        // levels); `typographer_runs` has no levels and pairs them.
        assert_eq!(typographer_runs(&["", "\"bold", "\""]), ["", "“bold", "”"]);
    }

    #[test]
    fn empty_input() {
        assert_eq!(typographer(""), "");
        assert!(typographer_runs(&[]).is_empty());
        assert!(typographer_tokens(&[]).is_empty());
    }

    #[test]
    fn too_many_openers_leave_the_block_alone() {
        // markdown-it stops at 1000 open quotes and applies no quote in the block
        // (the replacements still apply).
        let many = "\"a ".repeat(MAX_OPENERS + 1) + "b\" don't...";
        let expected = "\"a ".repeat(MAX_OPENERS + 1) + "b\" don't…";
        assert_eq!(typographer(&many), expected);
        let fewer = "\"a ".repeat(MAX_OPENERS) + "b\"";
        let out = typographer(&fewer);
        assert!(out.ends_with("b”"), "{out}");
    }

    #[test]
    fn never_panics_on_awkward_input() {
        let pieces = [
            "\"", "'", "-", "--", "---", ".", "..", "?", "!", ",", "+", "(", "c", "tm", ")", " ",
            "\n", "é", "日", "😀", "\u{2028}", "\u{a0}", "…", "’", "1", "«",
        ];
        // Every pair and triple of pieces, as one run and split into runs.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let joined = format!("{a}{b}{c}");
                    let out = typographer(&joined);
                    assert!(!out.is_empty());
                    assert_eq!(typographer_runs(&[a, b, c]).len(), 3);
                }
            }
        }
    }

    #[test]
    fn long_input_is_linear() {
        // Pathological shapes for backtracking regexes; must finish quickly.
        let n = 200_000;
        for unit in ["-", "- ", "'", "\"", "a'", "?!", ".", "(", "(t", "\"a\" "] {
            let s = unit.repeat(n);
            let out = typographer(&s);
            assert!(!out.is_empty());
        }
    }

    #[test]
    fn punct_table_is_sorted_and_disjoint() {
        for w in PUNCT_RANGES.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
        }
        assert!(is_punct('!') && is_punct('…') && is_punct('«') && is_punct('€') && is_punct('©'));
        assert!(!is_punct('a') && !is_punct('é') && !is_punct(' ') && !is_punct('日'));
        // Outside the BMP markdown-it sees a surrogate: never punctuation.
        assert!(!is_punct('😀') && !is_punct('\u{10100}'));
    }
}
