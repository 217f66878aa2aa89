//! Reading decks (files, standard input, the bundled sample) and running
//! the pipeline on them.

use std::io::Read;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::args::InputArgs;
use crate::config::load_profile;
use crate::messages::Messages;

/// The sample deck bundled into the binary (`decktype parse --sample`).
pub(crate) const SAMPLE: &str = include_str!("../../../fixtures/seed-community-call-2024-04-18.md");
pub(crate) const SAMPLE_NAME: &str = "sample/seed-community-call-2024-04-18.md";

/// A deck read from somewhere.
pub(crate) struct Input {
    /// Path as shown to the user.
    display: String,
    /// Path recorded in the JSON (`None` for stdin).
    json_path: Option<String>,
    text: String,
}

/// A deck read and analysed.
pub(crate) struct Analysed {
    /// Path as shown to the user.
    pub(crate) display: String,
    /// The pipeline's result.
    pub(crate) analysed: decktype_pipeline::Analysed,
}

/// Reads every input and runs the pipeline on it ([`decktype_pipeline::analyse`]),
/// reporting diagnostics to `messages`. Returns the decks and the worst exit
/// code so far (1: a deck has errors, 2: an input could not be read).
pub(crate) fn analyse(args: &InputArgs, messages: &mut Messages) -> Result<(Vec<Analysed>, u8)> {
    let profile = load_profile(args.profile.as_deref())?;
    let options = decktype_pipeline::Options::new(profile, args.date);
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
            Err(ReadFailure::NotUtf8 { display, failure }) => {
                messages.add(&display, &failure.valid, &[failure.diagnostic], false);
                worst = worst.max(1);
                continue;
            }
        };
        let analysed = decktype_pipeline::analyse(input.json_path.as_deref(), input.text, &options);
        messages.add(
            &input.display,
            &analysed.source,
            &analysed.diagnostics,
            false,
        );
        if analysed.has_errors() {
            worst = worst.max(1);
        }
        decks.push(Analysed {
            display: input.display,
            analysed,
        });
    }
    Ok((decks, worst))
}

enum ReadFailure {
    Io(anyhow::Error),
    NotUtf8 {
        display: String,
        failure: Box<decktype_pipeline::NotUtf8>,
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
    match decktype_pipeline::decode(bytes) {
        Ok(text) => Ok(Input {
            display,
            json_path,
            text,
        }),
        Err(failure) => Err(ReadFailure::NotUtf8 { display, failure }),
    }
}
