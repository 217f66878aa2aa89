//! `decktype`: typed model, JSON, HTML, PDF and checks for HedgeDoc slide
//! decks.
//!
//! The binary is thin, as ripgrep's: `args` holds the clap types, `config`
//! turns them into the libraries' settings, and each command in `commands`
//! calls the libraries (the pipeline facade `decktype-pipeline`,
//! `decktype-check`, `decktype-build`); `color` decides, for every command,
//! whether to colour. [`run`] only dispatches. Exit codes: 0 ok, 1 a deck
//! has errors, 2 usage or I/O failure.
//!
//! The command line is a library so that two binaries can be it: `decktype`
//! (this package, `src/main.rs`) and `decktype-hook`, the light build
//! pre-commit installs from the repository root (`.pre-commit-hooks.yaml`).

mod args;
mod color;
mod commands;
mod config;
mod input;
mod messages;
mod output;
mod render;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use commands::schema::Which;

/// Runs the command line of this process (`std::env::args_os`) and
/// returns its exit code.
pub fn run() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return clap_message(&e, color::prescan(&argv)),
    };
    color::init(cli.color);
    let result = match cli.command {
        Command::Completions { shell } => commands::shell::completions(shell),
        Command::Man { output } => commands::shell::man(output.as_deref()),
        Command::Schema {
            output,
            profile,
            pdf_view,
            archive,
            index_line,
            check_report,
        } => {
            let which = if profile {
                Which::Profile
            } else if pdf_view {
                Which::PdfView
            } else if archive {
                Which::Archive
            } else if index_line {
                Which::IndexLine
            } else if check_report {
                Which::CheckReport
            } else {
                Which::Deck
            };
            commands::schema::run(which, output)
        }
        Command::Parse(args) => commands::parse::run(args),
        Command::Events(args) => commands::events::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Build(args) => commands::build::run(args),
        Command::ExportDeck(args) => commands::worker::run(args),
        Command::New(args) => commands::new::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A path or message from a deck must not drive the terminal.
            let message = format!("{e:#}");
            eprintln!("error: {}", decktype_check::format::printable(&message));
            ExitCode::from(2)
        }
    }
}

/// Writes clap's help, version or usage error (coloured as `--color`
/// says, read from the raw arguments since they did not parse); exit 0 for
/// help and version, 2 for a usage error.
fn clap_message(e: &clap::Error, when: color::ColorWhen) -> ExitCode {
    use std::io::Write as _;
    let (stream, code) = if e.use_stderr() {
        (color::Stream::Stderr, 2)
    } else {
        (color::Stream::Stdout, 0)
    };
    let styled = e.render();
    let text = if color::enabled_with(when, stream) {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    // A closed pipe (`decktype --help | head -1`) is not an error.
    let _ = match stream {
        color::Stream::Stdout => std::io::stdout().lock().write_all(text.as_bytes()),
        color::Stream::Stderr => std::io::stderr().lock().write_all(text.as_bytes()),
    };
    ExitCode::from(code)
}
