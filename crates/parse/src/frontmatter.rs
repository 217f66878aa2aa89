//! The YAML front matter: typed fields HedgeDoc knows, everything else kept.

use std::collections::BTreeMap;

use decktype_model::{
    Diagnostic, Dimension, LineCol, LineIndex, Meta, Severity, SlideOptions, Span,
};
use serde_json::{Map, Value};

use crate::codes;

/// Parses the YAML text `src[..yaml_end]` (which starts at byte 0, so YAML
/// positions are file positions). Returns the metadata, whether the YAML was a
/// valid mapping (or empty), and diagnostics.
pub(crate) fn parse_front_matter(src: &str, yaml_end: usize) -> (Meta, bool, Vec<Diagnostic>) {
    let yaml = &src[..yaml_end];
    let mut diagnostics = Vec::new();
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    let value = match serde_saphyr::from_str_with_options::<Value>(yaml, options) {
        Ok(value) => value,
        Err(error) => {
            let index = LineIndex::new(src);
            let offset = error
                .location()
                .and_then(|l| {
                    let by_line = index.offset(LineCol {
                        line: l.line() as usize,
                        column: l.column() as usize,
                    });
                    l.span()
                        .byte_offset()
                        .map(|b| b as usize)
                        .filter(|b| *b <= yaml_end)
                        .or(by_line)
                })
                .unwrap_or(0)
                .min(yaml_end);
            let message = yaml_message(&error, yaml, &index, offset);
            let end = next_char_boundary(src, offset, yaml_end);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    codes::YAML_INVALID,
                    message,
                    Span::new(offset, end),
                )
                .with_help(
                    "fix the YAML; until then HedgeDoc ignores all front matter settings (title, slideOptions, ...)",
                ),
            );
            return (Meta::default(), false, diagnostics);
        }
    };
    let map = match value {
        Value::Null => return (Meta::default(), true, diagnostics),
        Value::Object(map) => map,
        other => {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    codes::YAML_NOT_MAPPING,
                    format!(
                        "front matter is a YAML {}, not a mapping of keys to values",
                        kind(&other)
                    ),
                    Span::new(0, yaml_end),
                )
                .with_help("write the front matter as `key: value` lines, e.g. `type: slide`"),
            );
            return (Meta::default(), false, diagnostics);
        }
    };
    let mut typed = Typed {
        diagnostics: &mut diagnostics,
        yaml,
    };
    let meta = typed.meta(map);
    (meta, true, diagnostics)
}

/// What is wrong with the front matter, in the deck's terms: serde-saphyr's
/// messages name its own types and options (`budget breached: Nodes { nodes:
/// 250001 }`, `set DuplicateKeyPolicy in Options`). `offset` is where the
/// error is (the diagnostic's span gives its line and column).
fn yaml_message(
    error: &serde_saphyr::Error,
    yaml: &str,
    index: &LineIndex<'_>,
    offset: usize,
) -> String {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    let error = match error.without_snippet() {
        // An error met while expanding an alias: the error itself.
        Error::AliasError { error, .. } => error.without_snippet(),
        other => other,
    };
    let stops = "decktype stops reading it there";
    match error {
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Nodes { .. } => format!(
                "the front matter has more than {} YAML nodes (keys, values, lists and mappings); {stops}",
                grouped(serde_saphyr::Budget::default().max_nodes)
            ),
            BudgetBreach::Depth { .. } => format!(
                "the front matter nests lists and mappings more than {} levels deep; {stops}",
                serde_saphyr::Budget::default().max_depth
            ),
            BudgetBreach::Events { .. } => format!(
                "the front matter is too long: more than {} YAML events; {stops}",
                grouped(serde_saphyr::Budget::default().max_events)
            ),
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. }
            | BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::MergeKeys { .. } => {
                format!("the front matter uses too many YAML anchors (`&name`), aliases (`*name`) or merge keys (`<<`); {stops}")
            }
            BudgetBreach::ScalarBytes { .. } => {
                format!("the front matter's values are too long in total; {stops}")
            }
            BudgetBreach::Documents { .. } => {
                format!("the front matter holds too many YAML documents; {stops}")
            }
            _ => format!("the front matter is too large for decktype to read; {stops}"),
        },
        Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => format!(
            "the front matter's aliases (`*name`) expand to too much YAML (aliases of aliases of ...); {stops}"
        ),
        Error::DuplicateMappingKey { key, .. } => {
            let at = index.line_col(offset);
            let line = at.line;
            let key = key.as_deref().unwrap_or("");
            // The first occurrence, for a top-level key.
            let first = (!key.is_empty() && at.column == 1)
                .then(|| key_span(yaml, key))
                .filter(|s| s.start < offset && s.end <= yaml.len() && s.len() < yaml.len())
                .map(|s| index.line_col(s.start).line)
                .filter(|first| *first < line);
            let lines = match first {
                Some(first) => format!("lines {first} and {line}"),
                None => format!("line {line}"),
            };
            if key.is_empty() {
                format!("a key appears twice in the same mapping of the front matter ({lines})")
            } else {
                format!("key `{key}` appears twice in the front matter ({lines})")
            }
        }
        Error::UnknownAnchor { .. } => {
            "invalid YAML in front matter: an alias (`*name`) refers to an anchor (`&name`) that is not defined before it".to_owned()
        }
        Error::MultipleDocuments { .. } => {
            "invalid YAML in front matter: it holds more than one YAML document (a `---` or `...` line inside it)".to_owned()
        }
        Error::Eof { .. } => {
            "invalid YAML in front matter: it ends in the middle of a value (an unclosed quote or bracket?)".to_owned()
        }
        Error::NonFiniteFloat { value, .. } => format!(
            "invalid YAML in front matter: `{value}` is not a finite number; quote it to keep it as text"
        ),
        Error::RecursiveReferencesRequireWeakTypes { .. } => format!(
            "the front matter's aliases (`*name`) refer to the mapping or list that holds them; {stops}"
        ),
        other => {
            let mut message = other.to_string();
            if let Some(pos) = message.rfind(" at line ") {
                message.truncate(pos);
            }
            format!("invalid YAML in front matter: {message}")
        }
    }
}

/// `250000` as `250 000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(d);
    }
    out
}

fn next_char_boundary(src: &str, offset: usize, limit: usize) -> usize {
    let mut end = (offset + 1).min(limit.max(offset));
    while end < src.len() && !src.is_char_boundary(end) {
        end += 1;
    }
    end.max(offset)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

struct Typed<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    yaml: &'a str,
}

/// The span of `key` in the YAML: a top-level `key:` line, or for
/// `parent.key` an indented `key:` line after the `parent:` line. Falls back
/// to the whole YAML.
fn key_span(yaml: &str, path: &str) -> Span {
    let (parent, key) = match path.split_once('.') {
        Some((p, k)) => (Some(p), k),
        None => (None, path),
    };
    let mut offset = 0;
    let mut in_parent = parent.is_none();
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indented = trimmed.len() < line.len();
        let starts_key = |k: &str| {
            trimmed
                .strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        if let Some(p) = parent
            && !indented
        {
            in_parent = starts_key(p);
        }
        if in_parent && indented == parent.is_some() && starts_key(key) {
            let start = offset + (line.len() - trimmed.len());
            return Span::new(start, start + key.len());
        }
        offset += line.len();
    }
    Span::new(0, yaml.len())
}

impl Typed<'_> {
    fn wrong_type(&mut self, key: &str, expected: &str, value: &Value) {
        self.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::META_WRONG_TYPE,
                format!(
                    "front matter key `{key}` should be {expected}, found a {}; kept under `extra`",
                    kind(value)
                ),
                key_span(self.yaml, key),
            )
            .with_help(format!("write `{key}` as {expected}")),
        );
    }

    fn string(
        &mut self,
        map: &mut Map<String, Value>,
        extra: &mut BTreeMap<String, Value>,
        key: &str,
    ) -> Option<String> {
        match map.remove(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            // `title: 2024` is a title for HedgeDoc too (JavaScript coerces it).
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.wrong_type(key, "a string", &other);
                extra.insert(key.to_owned(), other);
                None
            }
        }
    }

    fn meta(&mut self, mut map: Map<String, Value>) -> Meta {
        let mut extra = BTreeMap::new();
        let mut meta = Meta {
            title: self.string(&mut map, &mut extra, "title"),
            description: self.string(&mut map, &mut extra, "description"),
            doc_type: self.string(&mut map, &mut extra, "type"),
            lang: self.string(&mut map, &mut extra, "lang"),
            dir: self.string(&mut map, &mut extra, "dir"),
            robots: self.string(&mut map, &mut extra, "robots"),
            ga: self.string(&mut map, &mut extra, "GA"),
            disqus: self.string(&mut map, &mut extra, "disqus"),
            ..Meta::default()
        };
        match map.remove("tags") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                meta.tags = s
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            Some(Value::Array(items))
                if items
                    .iter()
                    .all(|i| matches!(i, Value::String(_) | Value::Number(_))) =>
            {
                meta.tags = items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect();
            }
            Some(other) => {
                self.wrong_type("tags", "a string or a list of strings", &other);
                extra.insert("tags".to_owned(), other);
            }
        }
        match map.remove("breaks") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => meta.breaks = Some(b),
            Some(other) => {
                self.wrong_type("breaks", "true or false", &other);
                extra.insert("breaks".to_owned(), other);
            }
        }
        match map.remove("opengraph") {
            None | Some(Value::Null) => {}
            Some(Value::Object(og)) => meta.opengraph = Some(og.into_iter().collect()),
            Some(other) => {
                self.wrong_type("opengraph", "a mapping", &other);
                extra.insert("opengraph".to_owned(), other);
            }
        }
        match map.remove("slideOptions") {
            None | Some(Value::Null) => {}
            Some(Value::Object(options)) => meta.slide_options = Some(self.slide_options(options)),
            Some(other) => {
                self.wrong_type("slideOptions", "a mapping", &other);
                extra.insert("slideOptions".to_owned(), other);
            }
        }
        extra.extend(map);
        meta.extra = extra;
        meta
    }

    fn dimension(
        &mut self,
        map: &mut Map<String, Value>,
        extra: &mut BTreeMap<String, Value>,
        key: &str,
    ) -> Option<Dimension> {
        match map.remove(key)? {
            Value::Null => None,
            Value::Number(n) => n.as_f64().map(Dimension::Number),
            Value::String(s) => Some(Dimension::Text(s)),
            other => {
                self.wrong_type(
                    &format!("slideOptions.{key}"),
                    "a number or a string",
                    &other,
                );
                extra.insert(key.to_owned(), other);
                None
            }
        }
    }

    fn slide_options(&mut self, mut map: Map<String, Value>) -> SlideOptions {
        let mut extra = BTreeMap::new();
        let mut s = |t: &mut Self, key: &str| t.string(&mut map, &mut extra, key);
        let theme = s(self, "theme");
        let transition = s(self, "transition");
        let transition_speed = s(self, "transitionSpeed");
        let background_transition = s(self, "backgroundTransition");
        let parallax_background_image = s(self, "parallaxBackgroundImage");
        let parallax_background_size = s(self, "parallaxBackgroundSize");
        let width = self.dimension(&mut map, &mut extra, "width");
        let height = self.dimension(&mut map, &mut extra, "height");
        extra.extend(map);
        SlideOptions {
            theme,
            transition,
            transition_speed,
            background_transition,
            parallax_background_image,
            parallax_background_size,
            width,
            height,
            extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use decktype_model::{Diagnostic, LineIndex};

    use crate::{Options, codes, parse};

    /// The YAML error of a deck whose front matter is `yaml`, and its line and
    /// column.
    fn yaml_error(yaml: &str) -> (Diagnostic, usize, usize) {
        let src = format!("---\n{yaml}---\n# A\n");
        let parsed = parse(&src, &Options::default());
        let d = parsed
            .diagnostics
            .into_iter()
            .find(|d| d.code == codes::YAML_INVALID)
            .unwrap_or_else(|| panic!("no YAML error for {yaml:?}"));
        let at = LineIndex::new(&src).line_col(d.span.start);
        for internal in ["Budget", "breach", "Policy", "Options", "{", "Error"] {
            assert!(
                !d.message.contains(internal),
                "{internal} in {:?}",
                d.message
            );
        }
        (d, at.line, at.column)
    }

    #[test]
    fn duplicate_keys_name_the_key_and_both_lines() {
        let (d, line, column) = yaml_error("title: A\ntype: slide\ntitle: B\n");
        assert_eq!(
            d.message,
            "key `title` appears twice in the front matter (lines 2 and 4)"
        );
        assert_eq!((line, column), (4, 1));
        let (d, line, _) = yaml_error("slideOptions:\n  theme: a\n  theme: b\n");
        assert_eq!(
            d.message,
            "key `theme` appears twice in the front matter (line 4)"
        );
        assert_eq!(line, 4);
    }

    #[test]
    fn too_many_nodes_say_so_in_numbers() {
        let yaml = format!("tags: [{}]\n", "a,".repeat(250_001));
        let (d, line, _) = yaml_error(&yaml);
        assert_eq!(
            d.message,
            "the front matter has more than 250 000 YAML nodes (keys, values, lists and mappings); decktype stops reading it there"
        );
        assert_eq!(line, 2);
    }

    #[test]
    fn too_deep_nesting_says_how_deep() {
        let yaml = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
        let (d, line, _) = yaml_error(&yaml);
        assert_eq!(
            d.message,
            "the front matter nests lists and mappings more than 64 levels deep; decktype stops reading it there"
        );
        assert_eq!(line, 2);
    }

    #[test]
    fn alias_bombs_are_named_in_yaml_terms() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let (d, _, _) = yaml_error(&yaml);
        // A billion laughs: read as far as the budget, in YAML's terms.
        assert!(
            d.message.starts_with("the front matter")
                && d.message.ends_with("decktype stops reading it there"),
            "{}",
            d.message
        );
        let (d, _, _) = yaml_error("a: *nowhere\n");
        assert_eq!(
            d.message,
            "invalid YAML in front matter: an alias (`*name`) refers to an anchor (`&name`) that is not defined before it"
        );
    }

    #[test]
    fn syntax_and_type_errors_keep_their_line() {
        let (d, line, _) = yaml_error("title: A\ntype: slide: x\n");
        assert!(
            d.message.starts_with("invalid YAML in front matter: "),
            "{}",
            d.message
        );
        assert_eq!(line, 3);
        let (d, line, _) = yaml_error("title: \"A\n");
        assert!(
            d.message.starts_with("invalid YAML in front matter: "),
            "{}",
            d.message
        );
        assert_eq!(line, 2);
        let (d, line, _) = yaml_error("title: A\nwidth: .nan\n");
        assert_eq!(
            d.message,
            "invalid YAML in front matter: `.nan` is not a finite number; quote it to keep it as text"
        );
        assert_eq!(line, 3);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::grouped(250_000), "250 000");
        assert_eq!(super::grouped(1_000_000), "1 000 000");
        assert_eq!(super::grouped(64), "64");
    }
}
