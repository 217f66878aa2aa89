//! `decktype parse`: decks to decktype JSON.
//!
//! One file gives one JSON document; several files, or a folder (however
//! many decks it holds), give an array (or JSON Lines with `--jsonl`).

use anyhow::{Result, bail};

use crate::args::ParseArgs;
use crate::input::analyse;
use crate::messages::Messages;
use crate::output::emit;

pub(crate) fn run(args: ParseArgs) -> Result<u8> {
    let mut messages = Messages::new(args.input.message_format, args.input.quiet);
    let (decks, worst) = analyse(&args.input, &mut messages)?;
    messages.finish();
    let single = decks.len() == 1
        && decks[0].rel.is_none()
        && (args.input.sample || args.input.files.len() == 1);
    if worst == 2 {
        // Never write partial output: an input could not be read.
        bail!("no output written because an input could not be read");
    }
    let layout = if args.jsonl {
        decktype_pipeline::JsonLayout::Lines
    } else if args.compact {
        decktype_pipeline::JsonLayout::Compact
    } else {
        decktype_pipeline::JsonLayout::Pretty
    };
    let decks: Vec<decktype_pipeline::Analysed> = decks.into_iter().map(|a| a.analysed).collect();
    let text = decktype_pipeline::to_json_many(&decks, layout, single);
    emit(args.output.as_deref(), &text)?;
    Ok(worst)
}
