//! `decktype export`: self-contained HTML, PDF or JSON per deck.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};
use decktype_export_pdf::{TemplateError, TemplateFile};

use crate::args::{ExportArgs, ExportFormat};
use crate::input::analyse;
use crate::messages::Messages;
use crate::output::emit;
use crate::render;

pub(crate) fn run(args: ExportArgs) -> Result<u8> {
    let mut messages = Messages::new(args.input.message_format, args.input.quiet);
    let (decks, mut worst) = analyse(&args.input, &mut messages)?;
    if args.output.is_some() && decks.len() > 1 {
        bail!(
            "--output names one file, but {} decks were given; use --out-dir",
            decks.len()
        );
    }
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", dir.display()))?;
    }
    let color = std::io::stderr().is_terminal();
    let pdf = args.pdf.settings()?;
    let images = args.images.images();
    for a in decks {
        let display = &a.display;
        let a = a.analysed;
        let deck_path = a.path.as_deref().map(Path::new);
        let deck_dir = if args.input.sample {
            None
        } else {
            deck_path.map(decktype_pipeline::deck_dir)
        };
        let resolver = images.resolver(deck_dir);
        let bytes: Vec<u8> = match args.to {
            ExportFormat::Json => a.to_json().into_bytes(),
            ExportFormat::Pdf => {
                let (bytes, diagnostics, errors, warnings) = match a.to_pdf(&resolver, &pdf) {
                    Ok(export) => (
                        Some(export.pdf),
                        export.diagnostics,
                        Vec::new(),
                        export.template_warnings,
                    ),
                    Err(failure) => (
                        None,
                        failure.diagnostics,
                        failure.template_errors,
                        failure.template_warnings,
                    ),
                };
                if !args.input.quiet || bytes.is_none() {
                    eprint!("{}", render::human(display, &a.source, &diagnostics, color));
                    // typst's own messages point into the template, not the deck.
                    let template = args.pdf.template.as_deref();
                    eprint!("{}", template_messages(&errors, &warnings, template));
                }
                match bytes {
                    Some(bytes) => bytes,
                    None => {
                        eprintln!("error: no PDF written for {}", display);
                        worst = worst.max(1);
                        continue;
                    }
                }
            }
            ExportFormat::Html => {
                let export = a.to_html(&resolver);
                messages.add(display, &a.source, &export.diagnostics, false);
                export.html.into_bytes()
            }
        };
        let target = match (&args.output, &args.out_dir, deck_path) {
            (Some(o), _, _) if o.as_os_str() == "-" => None,
            (Some(o), _, _) => Some(o.clone()),
            (None, Some(dir), Some(p)) => Some(
                dir.join(
                    p.with_extension(args.to.extension())
                        .file_name()
                        .unwrap_or_default(),
                ),
            ),
            (None, Some(dir), None) => Some(dir.join(format!(
                "{}.{}",
                if args.input.sample { "sample" } else { "stdin" },
                args.to.extension()
            ))),
            (None, None, Some(p)) if !args.input.sample => {
                Some(p.with_extension(args.to.extension()))
            }
            (None, None, _) => None,
        };
        if let Some(t) = &target
            && deck_path.is_some_and(|p| p == t)
        {
            eprintln!(
                "error: refusing to overwrite the deck `{}` with its export",
                t.display()
            );
            worst = 2;
            continue;
        }
        if target.is_none() && args.to == ExportFormat::Pdf && std::io::stdout().is_terminal() {
            eprintln!(
                "error: refusing to write a PDF to the terminal; pass -o FILE.pdf (or redirect)"
            );
            worst = 2;
            continue;
        }
        if let Err(e) = emit(target.as_deref(), &bytes) {
            eprintln!("error: {e:#}");
            worst = 2;
            continue;
        }
        if let Some(t) = &target
            && !args.input.quiet
        {
            eprintln!("wrote {}", t.display());
        }
    }
    messages.finish();
    Ok(worst)
}

/// typst's messages about the PDF template, one line each:
/// `TEMPLATE:LINE:COL: message` (`warning: ` before a warning's message),
/// then its hints. `template` is the `--template` file, if one was given; a
/// built-in file is named `<built-in>/NAME`.
pub(crate) fn template_messages(
    errors: &[TemplateError],
    warnings: &[TemplateError],
    template: Option<&Path>,
) -> String {
    let marked = errors
        .iter()
        .map(|e| (e, ""))
        .chain(warnings.iter().map(|w| (w, "warning: ")));
    let mut out = String::new();
    for (message, kind) in marked {
        let at = match &message.at {
            Some(at) => {
                let file = match (at.file, template) {
                    (TemplateFile::Custom, Some(path)) => path.display().to_string(),
                    (file, _) => file.to_string(),
                };
                format!("{file}:{}:{}", at.line, at.column)
            }
            None => "typst".to_owned(),
        };
        out.push_str(&format!("{at}: {kind}{}\n", message.message));
        for hint in &message.hints {
            out.push_str(&format!("  hint: {hint}\n"));
        }
    }
    out
}
