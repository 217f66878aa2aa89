//! `decktype`: typed model, JSON, HTML, PDF and checks for HedgeDoc slide
//! decks.
//!
//! The binary is thin, as ripgrep's: [`args`] holds the clap types,
//! [`config`] turns them into the libraries' settings, and each command in
//! [`commands`] calls the libraries (the pipeline facade
//! `decktype-pipeline`, `decktype-check`, `decktype-build`). This file only
//! dispatches. Exit codes: 0 ok, 1 a deck has errors, 2 usage or I/O failure.

mod args;
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
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
