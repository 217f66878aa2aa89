//! The command line, as clap types. [`crate::config`] turns them into the
//! libraries' settings; the [`crate::commands`] run them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "decktype", version, about = "Typed model, JSON and checks for HedgeDoc slide decks", long_about = None)]
pub(crate) struct Cli {
    /// When to colour diagnostics, reports and help: `auto` (when the
    /// stream is a terminal and neither `NO_COLOR` nor `CLICOLOR=0` is set,
    /// or when `CLICOLOR_FORCE` is), `always` or `never`.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN",
        hide_possible_values = true
    )]
    pub(crate) color: crate::color::ColorWhen,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Parse decks into decktype JSON (format version 1).
    ///
    /// One file gives one JSON document; several files or a folder (the
    /// decks below it) give a JSON array, or one line per deck with
    /// --jsonl. Diagnostics go to stderr.
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
    Check(CheckArgs),
    /// Export decks: one self-contained HTML file per deck, a PDF, or JSON.
    ///
    /// A folder stands for the decks below it: each deck's file is written
    /// next to it, or under --out-dir in the same subfolders.
    ///
    /// The HTML needs no network: CSS and script inline, images embedded
    /// when found next to the deck or in --assets folders (else a visible
    /// placeholder). Slide view (arrows, space, o, s, d) and document view.
    /// The PDF (`--to pdf`) is typeset in-process: one page per slide,
    /// bookmarks per section, PDF/A-2b, the same bytes for the same deck.
    Export(ExportArgs),
    /// Build a folder of decks into a site: JSON, HTML and PDF per deck,
    /// archive.json, index.jsonl, events.ics and an offline index.html.
    ///
    /// In parallel, incremental (unchanged decks are not rebuilt), and a
    /// broken deck is reported and skipped while the others build. Exit 0
    /// when every deck built, 1 when a deck had errors, 2 when the build
    /// could not run.
    Build(BuildArgs),
    /// Internal: one of `build`'s worker processes (reads decks on standard
    /// input, started by `build` with its own arguments).
    #[command(name = "__export-deck", hide = true)]
    ExportDeck(BuildArgs),
    /// Write next call's deck from the community's template, with its date
    /// filled in.
    New(NewArgs),
    /// Print a shell completion script to standard output.
    ///
    /// e.g. `decktype completions bash > ~/.local/share/bash-completion/completions/decktype`,
    /// `decktype completions zsh > ~/.zfunc/_decktype`,
    /// `decktype completions fish > ~/.config/fish/completions/decktype.fish`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print decktype's manual page (roff) to standard output, or write one
    /// page per command into a folder.
    ///
    /// `decktype man | man -l -` reads it; `decktype man -o DIR` writes
    /// `decktype.1`, `decktype-parse.1`, ... into DIR (for `MANPATH`).
    Man {
        /// Write one page per command into this folder (created when
        /// missing) instead of printing the main page; `-` prints it.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the JSON that `parse` writes (or of a
    /// profile, or of the PDF template's `/pdf.json`).
    Schema {
        /// Write the schema to this file (atomically) instead of stdout
        /// (`-`: stdout).
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
        /// Print the schema of the JSON report of `check --format json`
        /// (and `--message-format json`) instead.
        #[arg(long, conflicts_with_all = ["profile", "pdf_view", "archive", "index_line"])]
        check_report: bool,
    },
}

#[derive(clap::Args, Debug)]
pub(crate) struct EventsArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// JSON instead of a table: an array of events, each with its deck and
    /// 1-based line.
    #[arg(long)]
    pub(crate) json: bool,
    /// Write the table or JSON to this file (atomically) instead of stdout
    /// (`-`: stdout).
    #[arg(short, long, value_name = "OUT")]
    pub(crate) output: Option<PathBuf>,
}

/// Which decks to read, and how to read them.
#[derive(clap::Args, Debug)]
pub(crate) struct InputArgs {
    /// Markdown files to read; `-` reads standard input. A folder stands
    /// for the decks below it (every `*.md` with `type: slide` front
    /// matter, sorted; hidden files and folders skipped), as for `check`
    /// and `build`.
    #[arg(value_name = "FILES", required_unless_present = "sample")]
    pub(crate) files: Vec<String>,
    /// Read the sample deck bundled with decktype instead of files.
    #[arg(long, conflicts_with = "files")]
    pub(crate) sample: bool,
    /// Do not print diagnostics to stderr.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// The call's date, used when neither the title slide, the front matter
    /// nor the file name gives one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::config::parse_date)]
    pub(crate) date: Option<chrono::NaiveDate>,
    /// The community profile (TOML): team and SIG names and aliases, event,
    /// tender and talk rules. Default: the SCS profile built into decktype.
    #[arg(long, value_name = "FILE")]
    pub(crate) profile: Option<PathBuf>,
    /// How diagnostics are written to standard error: `human`, `short`
    /// (one line each), `json`, `github` (annotations) or `sarif`, as
    /// `decktype check --format`.
    #[arg(long, value_enum, default_value = "human", value_name = "FORMAT")]
    pub(crate) message_format: CheckFormat,
    /// The largest input read, in bytes (suffixes K, M, G: powers of 1024,
    /// e.g. `256M`). A larger file or standard input is reported (DT022)
    /// and not read past the limit.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::config::parse_size)]
    pub(crate) max_input_size: u64,
}

#[derive(clap::Args, Debug)]
pub(crate) struct ParseArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Write the JSON to this file (atomically) instead of stdout (`-`:
    /// stdout).
    #[arg(short, long, value_name = "OUT")]
    pub(crate) output: Option<PathBuf>,
    /// Compact JSON instead of pretty-printed.
    #[arg(long, conflicts_with = "jsonl")]
    pub(crate) compact: bool,
    /// JSON Lines: one compact envelope per line, one line per deck.
    #[arg(long)]
    pub(crate) jsonl: bool,
}

#[derive(clap::Args, Debug)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The output format.
    #[arg(long, value_enum, default_value = "html")]
    pub(crate) to: ExportFormat,
    /// Write to this file (one deck only; `-` for standard output). Default:
    /// next to each deck, with the format's extension (`deck.md` →
    /// `deck.html`); standard output for `-` and `--sample`.
    #[arg(short, long, value_name = "OUT", conflicts_with = "out_dir")]
    pub(crate) output: Option<PathBuf>,
    /// Write each deck's file into this folder instead of next to the deck.
    /// Decks found in a folder argument keep their subfolders below it
    /// (`decks/a/index.md` of `decks` → `DIR/a/index.html`).
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
    /// Decks exported at once (default: one per core). Messages and files
    /// come in the order the decks were given, whatever the number.
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    #[command(flatten)]
    pub(crate) images: ImageArgs,
    #[command(flatten)]
    pub(crate) pdf: PdfArgs,
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
    pub(crate) fetch_images: bool,
    /// Where --fetch-images keeps downloads (default
    /// `.decktype-cache/images`), and the PDF export its prepared images
    /// (in `prepared/`; only when this is given or the folder exists, so a
    /// plain export writes no folder; `build` keeps them in the site's
    /// `.decktype/images/`).
    #[arg(long, value_name = "DIR")]
    pub(crate) image_cache: Option<PathBuf>,
}

/// The PDF options of `export` and `build`.
#[derive(clap::Args, Debug)]
pub(crate) struct PdfArgs {
    /// PDF: the page shape. Default: the deck's slideOptions width and
    /// height when both are numbers, else 16:9.
    #[arg(long, value_enum, value_name = "SHAPE")]
    pub(crate) page: Option<PageArg>,
    /// PDF: speaker notes: left out (`none`), a notes page after each slide
    /// with notes (`pages`), or an A4 handout, four slides per page with
    /// their notes (`handout`).
    #[arg(long, value_enum, default_value = "none")]
    pub(crate) notes: NotesArg,
    /// PDF: the standard the file must meet; the export fails rather than
    /// write a file that does not.
    #[arg(long, value_enum, default_value = "a-2b")]
    pub(crate) pdf_standard: StandardArg,
    /// PDF: lay the deck out with this typst template instead of the
    /// built-in one. It reads the deck from `/deck.json` and `/pdf.json`
    /// and may import `/decktype.typ`; it can read no other file.
    #[arg(long, value_name = "FILE.typ")]
    pub(crate) template: Option<PathBuf>,
    /// PDF: date the file now (SOURCE_DATE_EPOCH when set). By default the
    /// PDF is dated with the call date, so the same deck always gives the
    /// same bytes.
    #[arg(long)]
    pub(crate) timestamp: bool,
    /// PDF: a folder of fonts (searched with its subfolders) for characters
    /// the bundled fonts lack, tried before the machine's fonts
    /// (repeatable, in order).
    #[arg(long = "font-path", value_name = "DIR")]
    pub(crate) font_paths: Vec<PathBuf>,
    /// PDF: do not use the machine's fonts for characters the bundled fonts
    /// (and --font-path) lack; they are drawn as `U+XXXX` boxes instead.
    #[arg(long)]
    pub(crate) ignore_system_fonts: bool,
    /// PDF: embed each JPEG and PNG as it is (`original`), or, when it is
    /// at least twice as large as its slide shows it at 200 % zoom, a copy
    /// reduced to that size (`prepared`: faster, smaller PDF; SVG and GIF
    /// always as they are).
    #[arg(long, value_enum, default_value = "prepared")]
    pub(crate) images: ImagesArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImagesArg {
    /// The source files' bytes.
    Original,
    /// Large photos and screenshots reduced to what the page shows at 200 %.
    Prepared,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PageArg {
    /// 16:9 slides.
    #[value(name = "16:9")]
    Wide,
    /// 4:3 slides.
    #[value(name = "4:3")]
    Standard,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotesArg {
    /// Speaker notes are not in the PDF.
    None,
    /// A notes page after each slide that has notes.
    Pages,
    /// An A4 handout: four slides per page, each with its notes.
    Handout,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StandardArg {
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
pub(crate) enum ExportFormat {
    /// One self-contained HTML file: slide view and document view.
    Html,
    /// An archival PDF, one page per slide.
    Pdf,
    /// The decktype JSON (as `decktype parse` writes it).
    Json,
}

#[derive(clap::Args, Debug)]
pub(crate) struct BuildArgs {
    /// The folder of decks (searched recursively for `*.md` with `type:
    /// slide` front matter).
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
    /// The site folder to write (created when missing). Not `-`: a site is
    /// many files.
    #[arg(short, long, value_name = "SITE", default_value = "site", value_parser = site_folder)]
    pub(crate) output: PathBuf,
    /// Which outputs per deck, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = crate::config::BUILD_FORMATS
    )]
    pub(crate) to: Vec<BuildFormat>,
    #[command(flatten)]
    pub(crate) images: ImageArgs,
    /// The community profile (TOML). Default: the built-in SCS profile.
    #[arg(long, value_name = "FILE")]
    pub(crate) profile: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub(crate) jobs: Option<usize>,
    /// Rebuild every deck, also the unchanged ones.
    #[arg(long)]
    pub(crate) force: bool,
    /// Stop a deck whose export takes longer than this (seconds): it gets
    /// a DT071 error and the other decks build. Each deck is exported in a
    /// worker process, which is killed.
    #[arg(long, value_name = "SECS", default_value = "120")]
    pub(crate) deck_timeout: f64,
    /// Stop a deck whose export needs more memory than this (MB; Linux:
    /// the worker process cannot allocate more; elsewhere not enforced).
    #[arg(long, value_name = "MB", default_value = "2048")]
    pub(crate) deck_memory: u64,
    /// Export the decks in the build's own threads, without a time or
    /// memory budget (one deck can then exhaust the machine).
    #[arg(long, conflicts_with_all = ["deck_timeout", "deck_memory"])]
    pub(crate) no_budget: bool,
    /// The archive's title, on the index page and in the calendar.
    #[arg(long, default_value = "SCS community call archive")]
    pub(crate) title: String,
    /// Print every diagnostic in full (by default only errors are, warnings
    /// are counted).
    #[arg(short, long, conflicts_with = "quiet")]
    pub(crate) verbose: bool,
    /// Print only errors and the summary.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) pdf: PdfArgs,
    /// How diagnostics are written to standard error: `human` (errors as
    /// they come; warnings too with -v), or `short`, `json`, `github`,
    /// `sarif`: every diagnostic of every deck built, as one report after
    /// the build (as `decktype check --format`).
    #[arg(long, value_enum, default_value = "human", value_name = "FORMAT")]
    pub(crate) message_format: CheckFormat,
    /// The largest input read, in bytes (suffixes K, M, G: powers of 1024,
    /// e.g. `256M`). A larger file or standard input is reported (DT022)
    /// and not read past the limit.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::config::parse_size)]
    pub(crate) max_input_size: u64,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BuildFormat {
    /// The decktype JSON.
    Json,
    /// Self-contained HTML.
    Html,
    /// PDF.
    Pdf,
}

#[derive(clap::Args, Debug)]
pub(crate) struct NewArgs {
    /// The call's date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::config::parse_date)]
    pub(crate) date: chrono::NaiveDate,
    /// The template (default: the SCS community call template built into
    /// decktype). Its date placeholder (`202X-XX-XX`, `YYYY-MM-DD`) or,
    /// in a previous call's deck, the call's date is replaced.
    #[arg(long, value_name = "TEMPLATE.md")]
    pub(crate) from: Option<PathBuf>,
    /// The file to write (`-`: print the deck to stdout). Default:
    /// `YYYYMMDD.md` (the community's naming) in the current folder.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub(crate) force: bool,
}

/// Output formats of `decktype check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CheckFormat {
    /// rustc-style: file:line:col, the source lines, carets and help.
    Human,
    /// One line per diagnostic: `file:line:col: level[CODE]: message`.
    Short,
    /// A JSON report (documented in the README), 1-based lines and columns.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// A Markdown table of every diagnostic, errors first, for a GitHub job
    /// summary (`$GITHUB_STEP_SUMMARY`) or a pull request comment.
    Markdown,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true)))]
pub(crate) struct CheckArgs {
    /// Decks and folders to check (folders: every `*.md` below them); `-`
    /// reads a deck from standard input.
    #[arg(value_name = "PATHS", required_unless_present = "list_rules")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: CheckFormat,
    /// Report these rules as errors; `--deny warnings` makes every warning an error.
    #[arg(long, value_name = "CODE")]
    pub(crate) deny: Vec<String>,
    /// Report these rules as warnings.
    #[arg(long, value_name = "CODE")]
    pub(crate) warn: Vec<String>,
    /// Do not report these rules.
    #[arg(long, value_name = "CODE")]
    pub(crate) allow: Vec<String>,
    /// Apply the safe fixes (those that leave the deck HedgeDoc shows as it
    /// is, e.g. empty lines around a separator that splits only through a
    /// `\r` quirk), atomically, then check. With `-`, the fixed deck is
    /// written to standard output and the report to standard error.
    #[arg(long)]
    pub(crate) fix: bool,
    /// With --fix: apply the unsafe fixes too, which change what HedgeDoc
    /// shows to what was most likely meant (a `---` that is now a heading
    /// underline or a rule becomes a slide split; blank lines before the
    /// front matter are removed). Without it they are shown as suggestions.
    #[arg(long, requires = "fixing")]
    pub(crate) unsafe_fixes: bool,
    /// Write nothing: print what --fix would change (a unified diff, or
    /// the changes in the --format given) and exit 1 if it would change
    /// anything, 0 if not.
    #[arg(long, visible_alias = "check", alias = "dry-run")]
    pub(crate) diff: bool,
    /// The path standard input's deck (`-`) is shown as; its
    /// `decktype.toml` is found from that path's folder and its relative
    /// images are resolved from there. Default: `<stdin>`, with the
    /// configuration of the current folder.
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Use this configuration file instead of the nearest `decktype.toml`
    /// above each deck.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The community profile (TOML); default: the SCS profile built in.
    #[arg(long, value_name = "FILE")]
    pub(crate) profile: Option<PathBuf>,
    /// The call's date when a deck does not give one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::config::parse_date)]
    pub(crate) date: Option<chrono::NaiveDate>,
    /// List the rules with their codes and default levels, and exit.
    #[arg(long)]
    pub(crate) list_rules: bool,
    /// The largest input read, in bytes (suffixes K, M, G: powers of 1024,
    /// e.g. `256M`). A larger file or standard input is reported (DT022)
    /// and not read past the limit.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = crate::config::parse_size)]
    pub(crate) max_input_size: u64,
}

/// `build -o`: a folder, never `-` (standard output cannot hold a site).
fn site_folder(value: &str) -> Result<PathBuf, String> {
    if value == "-" {
        return Err(
            "`-` (standard output) cannot hold a site of many files; name a folder".to_owned(),
        );
    }
    Ok(PathBuf::from(value))
}
