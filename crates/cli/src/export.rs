//! `decktype export`: self-contained HTML (or JSON) per deck.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use decktype_assets::{Fetch, Resolver};
use decktype_export_json::Envelope;

use crate::{InputArgs, analyse, emit, render};

#[derive(clap::Args, Debug)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, value_enum, default_value = "html")]
    to: Format,
    /// Write to this file (one deck only; `-` for standard output). Default:
    /// next to each deck, with the format's extension (`deck.md` →
    /// `deck.html`); standard output for `-` and `--sample`.
    #[arg(short, long, value_name = "OUT", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write each deck's file into this folder instead of next to the deck.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Another folder images may come from (repeatable). Images are only read
    /// from the deck's folder and these.
    #[arg(long = "assets", value_name = "DIR")]
    assets: Vec<PathBuf>,
    /// Download remote images that have no local copy (10 s timeout, 25 MiB
    /// limit), into --image-cache. Off by default: exporting never goes to
    /// the network unless asked.
    #[arg(long)]
    fetch_images: bool,
    /// Where --fetch-images keeps downloads.
    #[arg(long, value_name = "DIR", default_value = ".decktype-cache/images")]
    image_cache: PathBuf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One self-contained HTML file: slide view and document view.
    Html,
    /// The decktype JSON (as `decktype parse` writes it).
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

pub(crate) fn run(args: ExportArgs) -> Result<u8> {
    let (decks, mut worst) = analyse(&args.input)?;
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
    for a in decks {
        let deck_path = a.input.json_path.as_deref().map(Path::new);
        let deck_dir = deck_path.map(|p| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        });
        let deck_dir = if args.input.sample { None } else { deck_dir };
        let mut resolver = Resolver::new(deck_dir, &args.assets);
        if args.fetch_images {
            resolver = resolver.with_fetch(Fetch::new(&args.image_cache));
        }
        let envelope = Envelope::new(
            a.input.json_path.as_deref(),
            &a.input.text,
            a.parsed.deck,
            &a.parsed.diagnostics,
        );
        let text = match args.to {
            Format::Json => envelope.to_json_pretty(),
            Format::Html => {
                let export = decktype_export_html::export(
                    &envelope,
                    &decktype_export_html::Options {
                        resolver: &resolver,
                    },
                );
                if !args.input.quiet && !export.diagnostics.is_empty() {
                    eprint!(
                        "{}",
                        render::human(&a.input.display, &a.input.text, &export.diagnostics, color)
                    );
                }
                export.html
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
        if let Err(e) = emit(target.as_deref(), &text) {
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
    Ok(worst)
}
