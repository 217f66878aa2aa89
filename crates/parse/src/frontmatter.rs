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
            let mut message = error.to_string();
            if let Some(pos) = message.rfind(" at line ") {
                message.truncate(pos);
            }
            let end = next_char_boundary(src, offset, yaml_end);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    codes::YAML_INVALID,
                    format!("invalid YAML in front matter: {message}"),
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
