//! `decktype __export-deck BUILD-ARGS` (hidden): one of `build`'s worker
//! processes. `build` starts one per thread with its own arguments, so the
//! worker makes the same options; the decks come on standard input
//! ([`decktype_build::worker::serve`]).

use anyhow::Result;

use crate::args::BuildArgs;

pub(crate) fn run(args: BuildArgs) -> Result<u8> {
    let options = super::build::options(&args)?;
    decktype_build::worker::serve(&options)?;
    Ok(0)
}
