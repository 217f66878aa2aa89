//! Reading decks (files, standard input, the bundled sample) and running
//! the pipeline on them.
//!
//! A folder named on the command line stands for the decks below it:
//! [`names`] walks it with the one walker of `check` and `build`
//! ([`decktype_pipeline::discover::walk`]) and keeps the Markdown files
//! that are decks ([`decktype_pipeline::is_slide_deck`]), sorted.
//!
//! Every input is read within `--max-input-size` (64 MiB by default,
//! [`decktype_pipeline::io::DEFAULT_MAX_INPUT`]): a larger one is DT022 and
//! is not read past the limit (`decktype parse /dev/zero` stops there).

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use decktype_check::format::printable;
use decktype_model::Diagnostic;

use crate::args::InputArgs;
use crate::config::load_profile;
use crate::messages::Messages;

/// The sample deck bundled into the binary (`decktype parse --sample`).
pub(crate) const SAMPLE: &str = include_str!("../sample/seed-community-call-2024-04-18.md");
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
    /// For a deck found in a folder argument: its path below that folder.
    pub(crate) rel: Option<String>,
    /// The pipeline's result.
    pub(crate) analysed: decktype_pipeline::Analysed,
}

/// What a command has to say about one deck, in order: diagnostics (for
/// [`Messages`]) and lines for standard error. Work done on several
/// threads says it through these, and they are replayed in input order.
pub(crate) enum Said {
    /// Diagnostics of the file shown as `display` (see [`Messages::add`]).
    Diagnostics {
        display: String,
        source: String,
        diagnostics: Vec<Diagnostic>,
        force: bool,
    },
    /// A line for standard error (already [`printable`]).
    Line(String),
    /// Text for standard error, as it is (already [`printable`]).
    Text(String),
}

impl Said {
    /// Says it: diagnostics to `messages`, lines to standard error.
    pub(crate) fn replay(self, messages: &mut Messages) {
        match self {
            Said::Diagnostics {
                display,
                source,
                diagnostics,
                force,
            } => messages.add(&display, &source, &diagnostics, force),
            Said::Line(line) => eprintln!("{line}"),
            Said::Text(text) => eprint!("{text}"),
        }
    }
}

/// One input to read, after folders are expanded ([`names`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    /// What to read: a file's path, `-` (standard input) or `""` (the
    /// sample).
    pub(crate) path: String,
    /// For a deck found in a folder argument: its path below that folder,
    /// `/`-separated (`a/index.md`); `export --out-dir` keeps it.
    pub(crate) rel: Option<String>,
}

/// The inputs named by `args`, folders expanded.
pub(crate) struct Names {
    /// The inputs, in the order given (a folder's decks sorted by path).
    pub(crate) names: Vec<Name>,
    /// What to say about the folders: files not taken, folders not read.
    pub(crate) said: Vec<Said>,
    /// 2 when a folder (or a folder in it) could not be read, else 0.
    pub(crate) worst: u8,
}

/// The inputs named by `args` (`""` for the sample), each folder replaced
/// by the decks below it ([`folder_decks`]).
pub(crate) fn names(args: &InputArgs) -> Result<Names> {
    let mut out = Names {
        names: Vec::new(),
        said: Vec::new(),
        worst: 0,
    };
    if args.sample {
        out.names.push(Name {
            path: String::new(),
            rel: None,
        });
        return Ok(out);
    }
    let stdin_count = args.files.iter().filter(|f| *f == "-").count();
    if stdin_count > 1 {
        bail!("`-` (standard input) can be given only once");
    }
    for file in &args.files {
        if file != "-" && Path::new(file).is_dir() {
            folder_decks(file, args, &mut out);
        } else {
            out.names.push(Name {
                path: file.clone(),
                rel: None,
            });
        }
    }
    Ok(out)
}

/// Adds the decks below the folder `dir` to `out`: the Markdown files the
/// walker finds that are decks (`type: slide` front matter; a file that
/// cannot be read, or is too large, is kept, to be reported when read).
fn folder_decks(dir: &str, args: &InputArgs, out: &mut Names) {
    let walk = decktype_pipeline::discover::walk(Path::new(dir), &[]);
    for (folder, e) in &walk.errors {
        out.said.push(Said::Line(format!(
            "error: {}",
            printable(&format!("cannot read folder `{}`: {e}", folder.display()))
        )));
        out.worst = 2;
    }
    if !args.quiet {
        for s in &walk.skipped {
            out.said.push(Said::Line(format!(
                "warning: {}",
                printable(&format!(
                    "not read `{}`: {}",
                    Path::new(dir).join(&s.rel).display(),
                    s.reason
                ))
            )));
        }
    }
    let mut not_decks = Vec::new();
    for found in walk.found {
        // `decktype parse .` finds `./a.md`: shown (and recorded) as `a.md`.
        let path = found.file.strip_prefix(".").unwrap_or(&found.file);
        let path = path.to_string_lossy().into_owned();
        let deck = match decktype_pipeline::io::read_file(&found.file, args.max_input_size) {
            Ok(bytes) => decktype_pipeline::is_slide_deck(&String::from_utf8_lossy(&bytes)),
            Err(_) => true,
        };
        if deck {
            out.names.push(Name {
                path,
                rel: Some(found.rel),
            });
        } else {
            not_decks.push(path);
        }
    }
    if !not_decks.is_empty() && !args.quiet {
        out.said.push(Said::Line(format!(
            "note: {} Markdown file{} in `{}` without `type: slide` front matter skipped: {}",
            not_decks.len(),
            if not_decks.len() == 1 { "" } else { "s" },
            printable(dir),
            printable(&not_decks.join(", "))
        )));
    }
}

/// The pipeline options `args` ask for (reads the profile).
pub(crate) fn options(args: &InputArgs) -> Result<decktype_pipeline::Options> {
    let profile = load_profile(args.profile.as_deref())?;
    let options = decktype_pipeline::Options::new(profile, args.date);
    options.warm_up_in_background();
    Ok(options)
}

/// Reads and analyses the input `name` ([`names`]): the deck (if it could
/// be read), what is to be said about it, and the exit code it asks for
/// (1: errors, 2: it could not be read).
pub(crate) fn analyse_one(
    name: &Name,
    args: &InputArgs,
    options: &decktype_pipeline::Options,
    said: &mut Vec<Said>,
) -> (Option<Analysed>, u8) {
    let input = if args.sample {
        Ok(Input {
            display: SAMPLE_NAME.to_owned(),
            json_path: Some(SAMPLE_NAME.to_owned()),
            text: SAMPLE.to_owned(),
        })
    } else {
        read_input(&name.path, args.max_input_size)
    };
    let input = match input {
        Ok(i) => i,
        Err(ReadFailure::Io(e)) => {
            said.push(Said::Line(format!(
                "error: {}",
                printable(&format!("{e:#}"))
            )));
            return (None, 2);
        }
        Err(ReadFailure::Diagnostic {
            display,
            source,
            diagnostic,
        }) => {
            said.push(Said::Diagnostics {
                display,
                source,
                diagnostics: vec![*diagnostic],
                force: false,
            });
            return (None, 1);
        }
    };
    let analysed = decktype_pipeline::analyse(input.json_path.as_deref(), input.text, options);
    said.push(Said::Diagnostics {
        display: input.display.clone(),
        source: analysed.source.clone(),
        diagnostics: analysed.diagnostics.clone(),
        force: false,
    });
    let worst = u8::from(analysed.has_errors());
    (
        Some(Analysed {
            display: input.display,
            rel: name.rel.clone(),
            analysed,
        }),
        worst,
    )
}

/// Reads every input and runs the pipeline on it ([`decktype_pipeline::analyse`]),
/// reporting diagnostics to `messages`. Returns the decks and the worst exit
/// code so far (1: a deck has errors, 2: an input could not be read).
pub(crate) fn analyse(args: &InputArgs, messages: &mut Messages) -> Result<(Vec<Analysed>, u8)> {
    let options = options(args)?;
    let mut decks = Vec::new();
    let Names {
        names,
        said,
        mut worst,
    } = names(args)?;
    for s in said {
        s.replay(messages);
    }
    for name in &names {
        let mut said = Vec::new();
        let (deck, code) = analyse_one(name, args, &options, &mut said);
        for s in said {
            s.replay(messages);
        }
        worst = worst.max(code);
        decks.extend(deck);
    }
    Ok((decks, worst))
}

enum ReadFailure {
    Io(anyhow::Error),
    /// Not UTF-8 (DT020), or too large (DT022): a diagnostic on the file.
    Diagnostic {
        display: String,
        /// The text to show the diagnostic in.
        source: String,
        diagnostic: Box<Diagnostic>,
    },
}

fn read_input(name: &str, limit: u64) -> Result<Input, ReadFailure> {
    let too_large = |display: &str| ReadFailure::Diagnostic {
        display: display.to_owned(),
        source: String::new(),
        diagnostic: Box::new(decktype_pipeline::io::too_large_diagnostic(limit)),
    };
    let (display, json_path, bytes) = if name == "-" {
        let display = "<stdin>";
        let bytes = match decktype_pipeline::io::read_limited(std::io::stdin().lock(), limit) {
            Ok(bytes) => bytes,
            Err(e) if decktype_pipeline::io::is_too_large(&e) => return Err(too_large(display)),
            Err(e) => {
                return Err(ReadFailure::Io(
                    anyhow::Error::new(e).context("cannot read standard input"),
                ));
            }
        };
        (display.to_owned(), None, bytes)
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
        let bytes = match decktype_pipeline::io::read_file(path, limit) {
            Ok(bytes) => bytes,
            Err(e) if decktype_pipeline::io::is_too_large(&e) => return Err(too_large(name)),
            Err(e) => {
                return Err(ReadFailure::Io(
                    anyhow::Error::new(e).context(format!("cannot read `{name}`")),
                ));
            }
        };
        (name.to_owned(), Some(name.to_owned()), bytes)
    };
    match decktype_pipeline::decode(bytes) {
        Ok(text) => Ok(Input {
            display,
            json_path,
            text,
        }),
        Err(failure) => Err(ReadFailure::Diagnostic {
            display,
            source: failure.valid,
            diagnostic: Box::new(failure.diagnostic),
        }),
    }
}
