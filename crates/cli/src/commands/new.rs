//! `decktype new`: next call's deck from the community's template.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::args::NewArgs;
use crate::output::{emit, is_stdout, write_atomically};

pub(crate) fn run(args: NewArgs) -> Result<u8> {
    let template = match &args.from {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the template `{}`: {e}", path.display()))?,
        None => decktype_build::new::SCS_TEMPLATE.to_owned(),
    };
    let date = args.date.format("%Y-%m-%d").to_string();
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.md", args.date.format("%Y%m%d"))));
    let to_stdout = is_stdout(&target);
    if !to_stdout && target.exists() && !args.force {
        bail!(
            "`{}` exists; pass --force to replace it, or -o to write elsewhere",
            target.display()
        );
    }
    // Checked the way `build` will read it: with its file name (printed,
    // it has none: its date is read from the title slide).
    let file_name = target
        .file_name()
        .filter(|_| !to_stdout)
        .map(|n| n.to_string_lossy().into_owned());
    let new = decktype_build::new::new_deck(&template, &date, file_name.as_deref());
    let mut code = 0;
    if new.replaced == 0 {
        eprintln!(
            "warning: the template has no date to fill in (no {} placeholder and no call date on its title slide); add the date to the title slide by hand",
            decktype_build::new::PLACEHOLDERS.join(" / ")
        );
        code = 1;
    }
    if new.date_read.as_deref() != Some(date.as_str()) {
        eprintln!(
            "warning: decktype reads the new deck's date as {}, not {date}",
            new.date_read.as_deref().unwrap_or("missing")
        );
        code = 1;
    }
    if to_stdout {
        emit(None, new.text.as_bytes())?;
        return Ok(code);
    }
    write_atomically(Path::new(&target), new.text.as_bytes(), None)?;
    eprintln!(
        "wrote {} (call of {date}, {} slides, from {})",
        target.display(),
        new.slides,
        args.from
            .as_ref()
            .map_or("the SCS community call template".to_owned(), |p| p
                .display()
                .to_string())
    );
    Ok(code)
}
