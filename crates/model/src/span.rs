//! Byte spans into the source file and their conversion to line/column.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open byte range `start..end` into the original source file (the whole
/// file, front matter included). Serialized as a two-element array `[start, end]`.
///
/// Both ends always lie on UTF-8 character boundaries of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// The span without the whitespace (line ends included) at its end in
    /// `source`, for showing it: a list item's span runs up to the next
    /// item. Never shorter than one character if it had one; unchanged when
    /// it is not a valid range of `source`.
    pub fn trim_end(self, source: &str) -> Span {
        let Some(text) = source.get(self.start..self.end) else {
            return self;
        };
        let trimmed = text.trim_end();
        if trimmed.is_empty() {
            return self;
        }
        Span::new(self.start, self.start + trimmed.len())
    }

    /// Creates a span; `end` is clamped so that `start <= end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// An empty span at `at`.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span shifted right by `offset` bytes.
    pub fn offset(self, offset: usize) -> Self {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Self {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The source text this span covers, if it is in bounds and on char boundaries.
    pub fn text(self, source: &str) -> Option<&str> {
        source.get(self.start..self.end)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.start, self.end).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (start, end) = <(usize, usize)>::deserialize(deserializer)?;
        if end < start {
            return Err(serde::de::Error::custom(format!(
                "span end {end} is before its start {start}"
            )));
        }
        Ok(Span { start, end })
    }
}

impl JsonSchema for Span {
    fn schema_name() -> Cow<'static, str> {
        "Span".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Half-open byte range [start, end) into the source file (UTF-8 bytes, front matter included).",
            "type": "array",
            "prefixItems": [
                { "type": "integer", "minimum": 0 },
                { "type": "integer", "minimum": 0 }
            ],
            "items": false,
            "minItems": 2,
            "maxItems": 2
        })
    }
}

/// A 1-based line and column. The column counts Unicode scalar values (characters),
/// not bytes, so it matches what editors show.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets of one source text to 1-based line/column positions.
///
/// Lines end at `\n`; a `\r` directly before it belongs to the line ending. This
/// is the only place where byte offsets become line numbers: the model keeps
/// byte spans, and the edges (CLI, JSON diagnostics) convert them.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// For long lines: how many characters start before every
    /// [`CHUNK`]-th byte of the source (computed at the first column asked
    /// for on a long line), so that a column costs at most two chunks of
    /// counting, not the line up to it: many diagnostics on one line of a
    /// megabyte were quadratic.
    chars_before_chunk: std::cell::OnceCell<Vec<usize>>,
}

/// See [`LineIndex::chars_before_chunk`]; columns on lines shorter than this
/// are counted directly.
const CHUNK: usize = 4096;

/// How many characters start in `bytes` (UTF-8: the bytes that are not
/// continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

impl<'a> LineIndex<'a> {
    /// Indexes `source`.
    pub fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(source.as_bytes()).map(|i| i + 1));
        LineIndex {
            source,
            starts,
            chars_before_chunk: std::cell::OnceCell::new(),
        }
    }

    /// How many characters start before byte `offset`, through the chunk
    /// table.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.source.as_bytes();
        let table = self.chars_before_chunk.get_or_init(|| {
            let mut table = Vec::with_capacity(bytes.len() / CHUNK + 2);
            let mut total = 0;
            table.push(0);
            for chunk in bytes.chunks(CHUNK) {
                total += char_starts(chunk);
                table.push(total);
            }
            table
        });
        let k = offset / CHUNK;
        table[k] + char_starts(&bytes[k * CHUNK..offset])
    }

    /// Number of lines (a trailing newline starts one more, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line/column of byte `offset`. Offsets past the end map to the
    /// end; offsets inside a multi-byte character map to that character.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.source.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start < CHUNK {
            self.source[start..end].chars().count()
        } else {
            self.chars_before(end) - self.chars_before(start)
        } + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let start = self.line_start(line)?;
        let end = self.starts.get(line).copied().unwrap_or(self.source.len());
        let text = &self.source[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// The byte offset of a 1-based line/column (column in characters), clamped
    /// to the line's end.
    pub fn offset(&self, pos: LineCol) -> Option<usize> {
        let start = self.line_start(pos.line)?;
        let text = self.line_text(pos.line)?;
        let col = pos.column.saturating_sub(1);
        Some(
            start
                + text
                    .char_indices()
                    .nth(col)
                    .map(|(i, _)| i)
                    .unwrap_or(text.len()),
        )
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let src = "ab\nçd\r\nx";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        // 'd' is after the two-byte 'ç'
        assert_eq!(idx.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_col(8), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(100), LineCol { line: 3, column: 2 });
        assert_eq!(idx.line_text(2), Some("çd"));
        assert_eq!(idx.offset(LineCol { line: 2, column: 2 }), Some(5));
    }

    #[test]
    fn columns_on_long_lines_count_characters() {
        let line = "aé€😀".repeat(3000);
        let src = format!("x\n{line}{line}\nz");
        let idx = LineIndex::new(&src);
        for offset in (0..src.len())
            .step_by(997)
            .chain([src.len() - 2, src.len()])
        {
            let mut end = offset;
            while !src.is_char_boundary(end) {
                end -= 1;
            }
            let line_start = src[..end].rfind('\n').map_or(0, |i| i + 1);
            let column = src[line_start..end].chars().count() + 1;
            assert_eq!(idx.line_col(offset).column, column, "{offset}");
        }
    }

    #[test]
    fn offsets_inside_a_character_map_to_it() {
        let idx = LineIndex::new("é");
        assert_eq!(idx.line_col(1), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn span_serializes_as_pair() {
        let json = serde_json::to_string(&Span::new(3, 7)).unwrap();
        assert_eq!(json, "[3,7]");
        let back: Span = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Span::new(3, 7));
        assert!(serde_json::from_str::<Span>("[7,3]").is_err());
    }
}

#[cfg(test)]
mod trim_tests {
    use super::Span;

    #[test]
    fn trim_end_drops_trailing_line_ends_only() {
        let src = "* a b  \n* c\n";
        assert_eq!(Span::new(0, 8).trim_end(src), Span::new(0, 5));
        assert_eq!(Span::new(8, 8).trim_end(src), Span::new(8, 8));
        assert_eq!(Span::new(5, 8).trim_end(src), Span::new(5, 8));
        assert_eq!(Span::new(0, 99).trim_end(src), Span::new(0, 99));
    }
}
