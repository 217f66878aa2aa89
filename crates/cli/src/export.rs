//! `decktype export`: self-contained HTML, PDF or JSON per deck.

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
    #[command(flatten)]
    images: ImageArgs,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// Where the images of `export` and `build` come from.
#[derive(clap::Args, Debug)]
pub(crate) struct ImageArgs {
    /// Another folder images may come from (repeatable). Images are only read
    /// from the deck's folder and these.
    #[arg(long = "assets", value_name = "DIR")]
    pub(crate) assets: Vec<PathBuf>,
    /// Download remote images that have no local copy (10 s timeout, 25 MiB
    /// limit), into --image-cache. Off by default: exporting never goes to
    /// the network unless asked.
    #[arg(long)]
    fetch_images: bool,
    /// Where --fetch-images keeps downloads.
    #[arg(long, value_name = "DIR", default_value = ".decktype-cache/images")]
    image_cache: PathBuf,
}

impl ImageArgs {
    /// The download settings, when --fetch-images asks for downloads.
    pub(crate) fn fetch(&self) -> Option<Fetch> {
        self.fetch_images.then(|| Fetch::new(&self.image_cache))
    }
}

/// The PDF options of `export` and `build`.
#[derive(clap::Args, Debug)]
pub(crate) struct PdfArgs {
    /// PDF: the page shape. Default: the deck's slideOptions width and
    /// height when both are numbers, else 16:9.
    #[arg(long, value_enum, value_name = "SHAPE")]
    page: Option<PageArg>,
    /// PDF: speaker notes: left out (`none`), a notes page after each slide
    /// with notes (`pages`), or an A4 handout, four slides per page with
    /// their notes (`handout`).
    #[arg(long, value_enum, default_value = "none")]
    notes: NotesArg,
    /// PDF: the standard the file must meet; the export fails rather than
    /// write a file that does not.
    #[arg(long, value_enum, default_value = "a-2b")]
    pdf_standard: StandardArg,
    /// PDF: lay the deck out with this typst template instead of the
    /// built-in one. It reads the deck from `/deck.json` and `/pdf.json`
    /// and may import `/decktype.typ`; it can read no other file.
    #[arg(long, value_name = "FILE.typ")]
    pub(crate) template: Option<PathBuf>,
    /// PDF: date the file now (SOURCE_DATE_EPOCH when set). By default the
    /// PDF is dated with the call date, so the same deck always gives the
    /// same bytes.
    #[arg(long)]
    timestamp: bool,
}

impl PdfArgs {
    /// The settings these arguments ask for (reads the template).
    pub(crate) fn settings(&self) -> Result<decktype_build::PdfSettings> {
        let template = match &self.template {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("cannot read the template `{}`: {e}", path.display())
            })?),
            None => None,
        };
        let timestamp = if self.timestamp {
            Some(match std::env::var("SOURCE_DATE_EPOCH") {
                Ok(v) => v.trim().parse::<i64>().map_err(|_| {
                    anyhow::anyhow!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds")
                })?,
                Err(_) => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            })
        } else {
            None
        };
        Ok(decktype_build::PdfSettings {
            page: self.page.map(|p| match p {
                PageArg::Wide => decktype_export_pdf::PageShape::Wide,
                PageArg::Standard => decktype_export_pdf::PageShape::Standard,
            }),
            notes: match self.notes {
                NotesArg::None => decktype_export_pdf::NotesMode::None,
                NotesArg::Pages => decktype_export_pdf::NotesMode::Pages,
                NotesArg::Handout => decktype_export_pdf::NotesMode::Handout,
            },
            standard: match self.pdf_standard {
                StandardArg::A2b => decktype_export_pdf::Standard::A2b,
                StandardArg::A3b => decktype_export_pdf::Standard::A3b,
                StandardArg::Ua1 => decktype_export_pdf::Standard::Ua1,
                StandardArg::None => decktype_export_pdf::Standard::None,
            },
            template,
            timestamp,
        })
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PageArg {
    /// 16:9 slides.
    #[value(name = "16:9")]
    Wide,
    /// 4:3 slides.
    #[value(name = "4:3")]
    Standard,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum NotesArg {
    /// Speaker notes are not in the PDF.
    None,
    /// A notes page after each slide that has notes.
    Pages,
    /// An A4 handout: four slides per page, each with its notes.
    Handout,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum StandardArg {
    /// PDF/A-2b (archival).
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/UA-1 (accessibility).
    #[value(name = "ua-1")]
    Ua1,
    /// Plain PDF.
    None,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One self-contained HTML file: slide view and document view.
    Html,
    /// An archival PDF, one page per slide.
    Pdf,
    /// The decktype JSON (as `decktype parse` writes it).
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
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
    let pdf = args.pdf.settings()?;
    for a in decks {
        let deck_path = a.input.json_path.as_deref().map(Path::new);
        let deck_dir = deck_path.map(|p| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        });
        let deck_dir = if args.input.sample { None } else { deck_dir };
        let mut resolver = Resolver::new(deck_dir, &args.images.assets);
        if let Some(fetch) = args.images.fetch() {
            resolver = resolver.with_fetch(fetch);
        }
        let envelope = Envelope::new(
            a.input.json_path.as_deref(),
            &a.input.text,
            a.parsed.deck,
            &a.parsed.diagnostics,
        );
        let bytes: Vec<u8> = match args.to {
            Format::Json => envelope.to_json_pretty().into_bytes(),
            Format::Pdf => {
                let mut options = decktype_export_pdf::Options::new(&resolver);
                options.page = pdf.page;
                options.notes = pdf.notes;
                options.standard = pdf.standard;
                options.template = pdf.template.as_deref();
                options.timestamp = pdf.timestamp;
                let (bytes, diagnostics) = match decktype_export_pdf::export(&envelope, &options) {
                    Ok(export) => (Some(export.pdf), export.diagnostics),
                    Err(failure) => (None, failure.diagnostics),
                };
                if !diagnostics.is_empty() && (!args.input.quiet || bytes.is_none()) {
                    // typst's own errors point into the template, not the deck.
                    let (typst, deck): (Vec<_>, Vec<_>) = diagnostics
                        .into_iter()
                        .partition(|d| d.code == decktype_export_pdf::TYPST_FAILED);
                    eprint!(
                        "{}",
                        render::human(&a.input.display, &a.input.text, &deck, color)
                    );
                    let template_name = args
                        .pdf
                        .template
                        .as_ref()
                        .map_or("the built-in template".to_owned(), |t| {
                            t.display().to_string()
                        });
                    for d in typst {
                        eprintln!(
                            "{}[{}]: {}: {}",
                            d.severity.as_str(),
                            d.code,
                            a.input.display,
                            d.message
                                .replace("(at template:", &format!("(at {template_name}:"))
                        );
                    }
                }
                match bytes {
                    Some(bytes) => bytes,
                    None => {
                        eprintln!("error: no PDF written for {}", a.input.display);
                        worst = worst.max(1);
                        continue;
                    }
                }
            }
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
        if target.is_none() && args.to == Format::Pdf && std::io::stdout().is_terminal() {
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
    Ok(worst)
}
