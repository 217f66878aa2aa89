//! `decktype`: parse HedgeDoc community-call slide decks into typed, versioned
//! JSON, and print the JSON Schema of that format.
//!
//! The binary only composes the library crates (`decktype-parse`,
//! `decktype-export-json`) and handles files, exit codes and output.
//! Exit codes: 0 ok, 1 a deck has errors, 2 usage or I/O failure.

mod render;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};
use decktype_export_json::{Envelope, schema_json};
use decktype_model::{Diagnostic, LineIndex, Severity, Span};

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
    /// Print the JSON Schema of the JSON that `parse` writes (or of a profile).
    Schema {
        /// Write the schema to this file (atomically) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the schema of a profile file (`--profile`) instead.
        #[arg(long)]
        profile: bool,
    },
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    /// Markdown files to parse; `-` reads standard input.
    #[arg(value_name = "FILES", required_unless_present = "sample")]
    files: Vec<String>,
    /// Parse the sample deck bundled with decktype instead of files.
    #[arg(long, conflicts_with = "files")]
    sample: bool,
    /// Write the JSON to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Compact JSON instead of pretty-printed.
    #[arg(long, conflicts_with = "jsonl")]
    compact: bool,
    /// JSON Lines: one compact envelope per line, one line per deck.
    #[arg(long)]
    jsonl: bool,
    /// Do not print diagnostics to stderr (they stay in the JSON).
    #[arg(short, long)]
    quiet: bool,
    /// The call's date, used when neither the title slide, the front matter
    /// nor the file name gives one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
    /// The community profile (TOML): team and SIG names and aliases. Default:
    /// the SCS profile built into decktype.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
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
        Command::Schema { output, profile } => {
            let schema = if profile {
                decktype_semantics::profile::schema_json()
            } else {
                schema_json()
            };
            emit(output.as_deref(), &schema)?;
            Ok(0)
        }
        Command::Parse(args) => parse(args),
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

fn parse(args: ParseArgs) -> Result<u8> {
    let color = std::io::stderr().is_terminal();
    let profile = match &args.profile {
        None => decktype_semantics::Profile::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read profile `{}`", path.display()))?;
            decktype_semantics::Profile::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("invalid profile `{}`: {e}", path.display()))?
        }
    };
    let mut envelopes = Vec::new();
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
                let d = not_utf8_diagnostic(&bytes, at);
                let lossy = String::from_utf8_lossy(&bytes[..at.min(bytes.len())]).into_owned();
                if !args.quiet {
                    eprint!("{}", render::human(&display, &lossy, &[d], color));
                }
                worst = worst.max(1);
                continue;
            }
        };
        let mut parsed = decktype_parse::parse(&input.text, &decktype_parse::Options::default());
        let mut semantic_options =
            decktype_semantics::Options::new(input.json_path.as_deref(), args.date);
        semantic_options.profile = profile.clone();
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
        envelopes.push(Envelope::new(
            input.json_path.as_deref(),
            &input.text,
            parsed.deck,
            &parsed.diagnostics,
        ));
    }
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
    } else if envelopes.len() == 1 && (args.sample || args.files.len() == 1) {
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

fn not_utf8_diagnostic(bytes: &[u8], at: usize) -> Diagnostic {
    let valid = String::from_utf8_lossy(&bytes[..at]);
    let pos = LineIndex::new(&valid).line_col(valid.len());
    Diagnostic::new(
        Severity::Error,
        decktype_parse::codes::NOT_UTF8,
        format!(
            "the file is not valid UTF-8: byte 0x{:02x} at line {}, column {} (byte offset {at})",
            bytes[at], pos.line, pos.column
        ),
        Span::empty(valid.len()),
    )
    .with_help("save the file as UTF-8 (HedgeDoc stores notes as UTF-8)")
}

/// Writes `text` to `path` atomically (temp file in the same folder, then
/// rename), or to stdout when `path` is `None`.
fn emit(path: Option<&Path>, text: &str) -> Result<()> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.context("cannot write to standard output"),
        };
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}
