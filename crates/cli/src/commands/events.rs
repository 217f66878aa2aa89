//! `decktype events`: the events the decks announce.

use anyhow::{Result, bail};
use decktype_archive::listing::{self, ListedDeck};

use crate::args::EventsArgs;
use crate::input::analyse;
use crate::messages::Messages;
use crate::output::emit;

pub(crate) fn run(args: EventsArgs) -> Result<u8> {
    let mut messages = Messages::new(args.input.message_format, args.input.quiet);
    let (decks, worst) = analyse(&args.input, &mut messages)?;
    messages.finish();
    if worst == 2 {
        bail!("no output written because an input could not be read");
    }
    let listed: Vec<ListedDeck<'_>> = decks
        .iter()
        .map(|a| ListedDeck {
            path: a.analysed.path.as_deref(),
            display: &a.display,
            source: &a.analysed.source,
            deck: a.analysed.deck(),
        })
        .collect();
    let rows = listing::rows(&listed);
    let text = if args.json {
        listing::json(&rows)
    } else {
        listing::table(&rows, decks.len() > 1)
    };
    emit(args.output.as_deref(), &text)?;
    Ok(worst)
}
