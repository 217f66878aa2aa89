//! `decktype`: parse HedgeDoc community-call slide decks into typed, versioned
//! JSON, and print the JSON Schema of that format.
//!
//! The binary only composes the library crates (`decktype-parse`,
//! `decktype-export-json`) and handles files, exit codes and output.
//! Exit codes: 0 ok, 1 a deck has errors, 2 usage or I/O failure.

mod build;
mod check;
mod export;
mod render;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};
use decktype_export_json::{Envelope, schema_json};
use decktype_model::LineIndex;

/// The sample deck bundled into the binary (`decktype parse --sample`).
const SAMPLE: &str = include_str!("../../../fixtures/seed-community-call-2024-04-18.md");
const SAMPLE_NAME: &str = "sample/seed-community-call-2024-04-18.md";

#[derive(Parser, Debug)]
#[command(name = "decktype", version, about = "Typed model, JSON and checks for HedgeDoc slide decks", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse decks into decktype JSON (format version 1).
    ///
    /// One file gives one JSON document; several files give a JSON array, or
    /// one line per deck with --jsonl. Diagnostics go to stderr.
    Parse(ParseArgs),
    /// List the events the decks announce, as a table or as JSON.
    ///
    /// One row per event: dates, name, place and (for several decks) the deck
    /// and line it is written on, sorted by start date.
    Events(EventsArgs),
    /// Check decks for pull requests: schema, structure rules, levels from
    /// `decktype.toml`; output for people, editors and CI.
    ///
    /// Exit 0 when no error (warnings allowed unless `--deny warnings`), 1
    /// when a deck has errors, 2 on usage or I/O failure.
    Check(check::CheckArgs),
    /// Export decks: one self-contained HTML file per deck, a PDF, or JSON.
    ///
    /// The HTML needs no network: CSS and script inline, images embedded
    /// when found next to the deck or in --assets folders (else a visible
    /// placeholder). Slide view (arrows, space, o, s, d) and document view.
    /// The PDF (`--to pdf`) is typeset in-process: one page per slide,
    /// bookmarks per section, PDF/A-2b, the same bytes for the same deck.
    Export(export::ExportArgs),
    /// Build a folder of decks into a site: JSON, HTML and PDF per deck,
    /// archive.json, index.jsonl, events.ics and an offline index.html.
    ///
    /// In parallel, incremental (unchanged decks are not rebuilt), and a
    /// broken deck is reported and skipped while the others build. Exit 0
    /// when every deck built, 1 when a deck had errors, 2 when the build
    /// could not run.
    Build(build::BuildArgs),
    /// Write next call's deck from the community's template, with its date
    /// filled in.
    New(build::NewArgs),
    /// Print the JSON Schema of the JSON that `parse` writes (or of a
    /// profile, or of the PDF template's `/pdf.json`).
    Schema {
        /// Write the schema to this file (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the schema of a profile file (`--profile`) instead.
        #[arg(long, conflicts_with = "pdf_view")]
        profile: bool,
        /// Print the schema of `/pdf.json`, the data a PDF template gets
        /// besides the deck's JSON, instead.
        #[arg(long, conflicts_with_all = ["archive", "index_line"])]
        pdf_view: bool,
        /// Print the schema of the `archive.json` that `build` writes instead.
        #[arg(long, conflicts_with_all = ["profile", "index_line"])]
        archive: bool,
        /// Print the schema of one line of the `index.jsonl` that `build`
        /// writes instead.
        #[arg(long, conflicts_with = "profile")]
        index_line: bool,
    },
}

#[derive(clap::Args, Debug)]
struct EventsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// JSON instead of a table: an array of events, each with its deck and
    /// 1-based line.
    #[arg(long)]
    json: bool,
}

/// Which decks to read, and how to read them.
#[derive(clap::Args, Debug)]
struct InputArgs {
    /// Markdown files to read; `-` reads standard input.
    #[arg(value_name = "FILES", required_unless_present = "sample")]
    files: Vec<String>,
    /// Read the sample deck bundled with decktype instead of files.
    #[arg(long, conflicts_with = "files")]
    sample: bool,
    /// Do not print diagnostics to stderr.
    #[arg(short, long)]
    quiet: bool,
    /// The call's date, used when neither the title slide, the front matter
    /// nor the file name gives one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
    /// The community profile (TOML): team and SIG names and aliases, event,
    /// tender and talk rules. Default: the SCS profile built into decktype.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write the JSON to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Compact JSON instead of pretty-printed.
    #[arg(long, conflicts_with = "jsonl")]
    compact: bool,
    /// JSON Lines: one compact envelope per line, one line per deck.
    #[arg(long)]
    jsonl: bool,
}

/// The profile in `path`, or the built-in SCS profile.
fn load_profile(path: Option<&Path>) -> Result<decktype_semantics::Profile> {
    match path {
        None => Ok(decktype_semantics::Profile::default()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read profile `{}`", path.display()))?;
            decktype_semantics::Profile::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("invalid profile `{}`: {e}", path.display()))
        }
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date in YYYY-MM-DD form: {e}"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Schema {
            output,
            profile,
            pdf_view,
            archive,
            index_line,
        } => {
            let schema = if profile {
                decktype_semantics::profile::schema_json()
            } else if pdf_view {
                decktype_export_pdf::view_schema_json()
            } else if archive {
                decktype_archive::schema_json()
            } else if index_line {
                decktype_archive::index_line_schema_json()
            } else {
                schema_json()
            };
            emit(output.as_deref(), &schema)?;
            Ok(0)
        }
        Command::Parse(args) => parse(args),
        Command::Events(args) => events(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::Build(args) => build::run(args),
        Command::New(args) => build::new(args),
    }
}

/// A deck read from somewhere.
struct Input {
    /// Path as shown to the user.
    display: String,
    /// Path recorded in the JSON (`None` for stdin).
    json_path: Option<String>,
    text: String,
}

/// A deck read and analysed.
struct Analysed {
    input: Input,
    parsed: decktype_parse::Parsed,
}

/// Reads, parses and enriches every input, printing diagnostics unless
/// quiet. Returns the decks and the worst exit code so far (1: a deck has
/// errors, 2: an input could not be read).
fn analyse(args: &InputArgs) -> Result<(Vec<Analysed>, u8)> {
    let color = std::io::stderr().is_terminal();
    let profile = load_profile(args.profile.as_deref())?;
    let base_options = decktype_semantics::Options::new(None, args.date).with_profile(profile);
    let mut decks = Vec::new();
    let mut worst = 0u8;
    let inputs: Vec<String> = if args.sample {
        vec![String::new()]
    } else {
        args.files.clone()
    };
    let stdin_count = inputs.iter().filter(|f| *f == "-").count();
    if stdin_count > 1 {
        bail!("`-` (standard input) can be given only once");
    }
    for name in &inputs {
        let input = if args.sample {
            Ok(Input {
                display: SAMPLE_NAME.to_owned(),
                json_path: Some(SAMPLE_NAME.to_owned()),
                text: SAMPLE.to_owned(),
            })
        } else {
            read_input(name)
        };
        let input = match input {
            Ok(i) => i,
            Err(ReadFailure::Io(e)) => {
                eprintln!("error: {e:#}");
                worst = 2;
                continue;
            }
            Err(ReadFailure::NotUtf8 { display, bytes, at }) => {
                let d = decktype_parse::not_utf8_diagnostic(&bytes, at);
                let lossy = String::from_utf8_lossy(&bytes[..at.min(bytes.len())]).into_owned();
                if !args.quiet {
                    eprint!("{}", render::human(&display, &lossy, &[d], color));
                }
                worst = worst.max(1);
                continue;
            }
        };
        let mut parsed = decktype_parse::parse(&input.text, &decktype_parse::Options::default());
        let mut semantic_options = base_options.clone();
        semantic_options.file_name = input.json_path.clone();
        parsed.diagnostics.extend(decktype_semantics::enrich(
            &mut parsed.deck,
            &semantic_options,
        ));
        parsed
            .diagnostics
            .sort_by_key(|d| (d.span.start, d.span.end));
        if !args.quiet && !parsed.diagnostics.is_empty() {
            eprint!(
                "{}",
                render::human(&input.display, &input.text, &parsed.diagnostics, color)
            );
        }
        if parsed.has_errors() {
            worst = worst.max(1);
        }
        decks.push(Analysed { input, parsed });
    }
    Ok((decks, worst))
}

fn parse(args: ParseArgs) -> Result<u8> {
    let (decks, worst) = analyse(&args.input)?;
    let single = decks.len() == 1 && (args.input.sample || args.input.files.len() == 1);
    let envelopes: Vec<Envelope> = decks
        .into_iter()
        .map(|a| {
            Envelope::new(
                a.input.json_path.as_deref(),
                &a.input.text,
                a.parsed.deck,
                &a.parsed.diagnostics,
            )
        })
        .collect();
    if worst == 2 {
        // Never write partial output: an input could not be read.
        bail!("no output written because an input could not be read");
    }
    let text = if args.jsonl {
        let mut s = String::new();
        for e in &envelopes {
            s.push_str(&e.to_json_line());
            s.push('\n');
        }
        s
    } else if single {
        if args.compact {
            let mut s = envelopes[0].to_json_line();
            s.push('\n');
            s
        } else {
            envelopes[0].to_json_pretty()
        }
    } else {
        let mut s = if args.compact {
            serde_json::to_string(&envelopes)?
        } else {
            serde_json::to_string_pretty(&envelopes)?
        };
        s.push('\n');
        s
    };
    emit(args.output.as_deref(), &text)?;
    Ok(worst)
}

/// One row of `decktype events`.
#[derive(serde::Serialize)]
struct EventRow<'a> {
    /// The deck's path (`null` for standard input).
    deck: Option<&'a str>,
    /// The call's date.
    call_date: Option<&'a str>,
    /// 1-based line of the event in the deck.
    line: usize,
    #[serde(flatten)]
    event: &'a decktype_model::Event,
}

fn events(args: EventsArgs) -> Result<u8> {
    let (decks, worst) = analyse(&args.input)?;
    if worst == 2 {
        bail!("no output written because an input could not be read");
    }
    let mut rows: Vec<(EventRow<'_>, &str)> = Vec::new();
    for a in &decks {
        let index = LineIndex::new(&a.input.text);
        for event in &a.parsed.deck.events {
            rows.push((
                EventRow {
                    deck: a.input.json_path.as_deref(),
                    call_date: a.parsed.deck.meta.date.as_deref(),
                    line: index.line_col(event.span.start).line,
                    event,
                },
                a.input.display.as_str(),
            ));
        }
    }
    rows.sort_by(|(a, _), (b, _)| {
        (&a.event.start, &a.event.end, a.deck, a.line).cmp(&(
            &b.event.start,
            &b.event.end,
            b.deck,
            b.line,
        ))
    });
    let text = if args.json {
        let rows: Vec<&EventRow<'_>> = rows.iter().map(|(r, _)| r).collect();
        let mut s = serde_json::to_string_pretty(&rows)?;
        s.push('\n');
        s
    } else {
        events_table(&rows, decks.len() > 1)
    };
    emit(None, &text)?;
    Ok(worst)
}

/// The events as an aligned text table.
fn events_table(rows: &[(EventRow<'_>, &str)], with_deck: bool) -> String {
    let mut table: Vec<Vec<String>> = vec![
        ["START", "END", "NAME", "LOCATION"]
            .into_iter()
            .map(str::to_owned)
            .collect(),
    ];
    if with_deck {
        table[0].push("WHERE".to_owned());
    }
    for (row, display) in rows {
        let e = row.event;
        let mut cells = vec![
            e.start.clone(),
            e.end.clone().unwrap_or_else(|| "-".to_owned()),
            e.name.clone(),
            e.location.clone().unwrap_or_else(|| "-".to_owned()),
        ];
        if with_deck {
            cells.push(format!("{display}:{}", row.line));
        }
        table.push(cells);
    }
    if rows.is_empty() {
        return "no events found\n".to_owned();
    }
    let columns = table[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

enum ReadFailure {
    Io(anyhow::Error),
    NotUtf8 {
        display: String,
        bytes: Vec<u8>,
        at: usize,
    },
}

fn read_input(name: &str) -> Result<Input, ReadFailure> {
    let (display, json_path, bytes) = if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")
            .map_err(ReadFailure::Io)?;
        ("<stdin>".to_owned(), None, bytes)
    } else {
        let path = Path::new(name);
        let meta = std::fs::metadata(path)
            .with_context(|| format!("cannot read `{name}`"))
            .map_err(ReadFailure::Io)?;
        if meta.is_dir() {
            return Err(ReadFailure::Io(anyhow::anyhow!(
                "`{name}` is a directory; pass the Markdown files in it (e.g. `{}/*.md`)",
                name.trim_end_matches('/')
            )));
        }
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read `{name}`"))
            .map_err(ReadFailure::Io)?;
        (name.to_owned(), Some(name.to_owned()), bytes)
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input {
            display,
            json_path,
            text,
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(ReadFailure::NotUtf8 {
                display,
                bytes: e.into_bytes(),
                at,
            })
        }
    }
}

/// Writes `text` to `path` atomically (temp file in the same folder, then
/// rename), or to stdout when `path` is `None`.
fn emit(path: Option<&Path>, bytes: impl AsRef<[u8]>) -> Result<()> {
    let bytes = bytes.as_ref();
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.context("cannot write to standard output"),
        };
    };
    write_atomically(path, bytes, None)
}

/// Replaces `path` with `bytes` atomically ([`decktype_build::write_atomically`]:
/// a temporary file in the same folder, then a rename). With `permissions`,
/// the new file gets them (a rewritten deck keeps its mode).
fn write_atomically(
    path: &Path,
    bytes: impl AsRef<[u8]>,
    permissions: Option<std::fs::Permissions>,
) -> Result<()> {
    decktype_build::write_atomically(path, bytes.as_ref(), permissions)
        .map_err(|e| anyhow::anyhow!("{e}"))
}
