//! What HedgeDoc does with raw HTML that the pass cannot turn into an element,
//! as diagnostics: tags its sanitizer does not allow, script attributes,
//! unclosed comments and end tags that close nothing.

use decktype_model::{Diagnostic, Severity, Span};

use crate::Context;
use crate::codes;

/// A comment that runs to the end of the block.
pub(super) fn unclosed_comment(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        codes::UNCLOSED_COMMENT,
        "HTML comment is never closed: it hides the rest of the slide",
        span,
    )
    .with_help("close the comment with `-->`")
}

/// An end tag for an allowed element that is not open.
pub(crate) fn unmatched_end_tag(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Info,
        codes::UNMATCHED_END_TAG,
        format!("`</{name}>` closes nothing here; browsers ignore it"),
        span,
    )
    .with_help(format!(
        "remove it, or add the matching `<{name}>` in the same paragraph"
    ))
}

/// A tag HedgeDoc's sanitizer does not allow: it shows as text.
pub(super) fn not_allowed(ctx: &mut Context<'_>, name: &str, raw: &str, span: Span) {
    let dangerous = matches!(
        name,
        "script"
            | "link"
            | "meta"
            | "base"
            | "object"
            | "embed"
            | "form"
            | "input"
            | "button"
            | "svg"
            | "math"
    );
    let (severity, help) = if dangerous {
        (
            Severity::Warning,
            "HedgeDoc will not run or load this; remove it or write it as code (`<tag>`)",
        )
    } else {
        (
            Severity::Info,
            "if you meant the text, write it as code (`<like this>`) or escape it as `&lt;`",
        )
    };
    ctx.diagnostics.push(
        Diagnostic::new(
            severity,
            codes::HTML_SHOWN_AS_TEXT,
            format!(
                "`{}` is not an HTML tag HedgeDoc allows; it shows as text",
                raw.trim()
            ),
            span,
        )
        .with_help(help),
    );
}

/// Event handlers and `javascript:` URLs, which HedgeDoc strips.
pub(super) fn check_attributes(
    ctx: &mut Context<'_>,
    tag: &str,
    attrs: &[(String, String)],
    span: Span,
) {
    for (name, value) in attrs {
        let scripted = name.starts_with("on")
            || ((name == "href" || name == "src")
                && value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"));
        if scripted {
            ctx.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    codes::HTML_SCRIPT_ATTRIBUTE,
                    format!("`{name}` on `<{tag}>` runs script; HedgeDoc strips it"),
                    span,
                )
                .with_help(format!("remove the `{name}` attribute")),
            );
        }
    }
}
