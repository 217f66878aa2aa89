//! `decktype completions SHELL` and `decktype man`: shell completion
//! scripts (clap_complete) and manual pages (clap_mangen), both made from
//! the clap definition of the command line, so they never drift from it.

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;

use crate::args::Cli;
use crate::output::{emit, is_stdout, write_atomically};

/// Prints the completion script for `shell`.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut without_hidden(Cli::command()),
        "decktype",
        &mut script,
    );
    emit(None, &script)?;
    Ok(0)
}

/// `cmd` without its hidden commands (`build`'s worker, which is not for
/// people: the completion scripts would offer it). clap cannot remove a
/// command, so the top command is made anew from `cmd`'s parts.
fn without_hidden(cmd: clap::Command) -> clap::Command {
    let mut out = clap::Command::new("decktype")
        .version(env!("CARGO_PKG_VERSION"))
        .args(cmd.get_arguments().cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    out
}

/// Prints the main manual page (`output` absent or `-`), or writes one page
/// per command into the folder `output`: `decktype.1`, `decktype-parse.1`,
/// ... (hidden commands left out).
pub(crate) fn man(output: Option<&Path>) -> Result<u8> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = output.filter(|o| !is_stdout(o)) else {
        emit(None, render(cmd)?)?;
        return Ok(0);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut pending = vec![cmd];
    let mut written = 0;
    while let Some(cmd) = pending.pop() {
        pending.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let name = clap_mangen::Man::new(cmd.clone()).get_filename();
        write_atomically(&dir.join(name), render(cmd)?, None)?;
        written += 1;
    }
    eprintln!(
        "wrote {written} manual pages into {}",
        decktype_check::format::printable(&dir.display().to_string())
    );
    Ok(0)
}

/// The roff of `cmd`'s page.
fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut roff)
        .context("cannot render the manual page")?;
    Ok(roff)
}
