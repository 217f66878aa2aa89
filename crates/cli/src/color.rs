//! Whether to write colour (ANSI escape sequences), per stream: the one
//! place that decides it, for every command's diagnostics, `check`'s report
//! and clap's own help and errors.
//!
//! The rules, in order:
//! 1. `--color always` or `--color never` decide alone;
//! 2. else (`--color auto`, the default) `NO_COLOR` (set and not empty):
//!    never;
//! 3. `CLICOLOR_FORCE` (set, not empty and not `0`): always;
//! 4. `CLICOLOR=0`: never;
//! 5. `TERM=dumb`: never;
//! 6. else colour when the stream is a terminal.
//!
//! (`NO_COLOR` wins over `CLICOLOR_FORCE`, as <https://no-color.org> asks
//! and as clap's own terminal library does.)

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color`: when to write colour.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum ColorWhen {
    /// Colour when the stream is a terminal, unless `NO_COLOR` or
    /// `CLICOLOR=0` is set (or `CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    /// Always colour, also into a file or a pipe.
    Always,
    /// Never colour.
    Never,
}

/// An output stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// The environment variables the decision reads (a snapshot, so that the
/// rules can be tested without changing the process's environment).
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    no_color: Option<OsString>,
    clicolor_force: Option<OsString>,
    clicolor: Option<OsString>,
    term: Option<OsString>,
}

impl Env {
    /// The process's environment.
    pub(crate) fn current() -> Self {
        Env {
            no_color: std::env::var_os("NO_COLOR"),
            clicolor_force: std::env::var_os("CLICOLOR_FORCE"),
            clicolor: std::env::var_os("CLICOLOR"),
            term: std::env::var_os("TERM"),
        }
    }
}

/// The decision for a stream that is (`terminal`) or is not a terminal.
pub(crate) fn decide(when: ColorWhen, env: &Env, terminal: bool) -> bool {
    match when {
        ColorWhen::Always => return true,
        ColorWhen::Never => return false,
        ColorWhen::Auto => {}
    }
    if env.no_color.as_ref().is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if env
        .clicolor_force
        .as_ref()
        .is_some_and(|v| !v.is_empty() && v != "0")
    {
        return true;
    }
    if env.clicolor.as_ref().is_some_and(|v| v == "0") {
        return false;
    }
    if env.term.as_ref().is_some_and(|v| v == "dumb") {
        return false;
    }
    terminal
}

/// The `--color` given, set once by `main` (auto until then).
static WHEN: OnceLock<ColorWhen> = OnceLock::new();

/// Records the `--color` given (the first call wins).
pub(crate) fn init(when: ColorWhen) {
    let _ = WHEN.set(when);
}

/// Whether to write colour to `stream`, as the `--color` given says.
pub(crate) fn enabled(stream: Stream) -> bool {
    enabled_with(WHEN.get().copied().unwrap_or_default(), stream)
}

/// Whether to write colour to `stream` with `--color when`.
pub(crate) fn enabled_with(when: ColorWhen, stream: Stream) -> bool {
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    decide(when, &Env::current(), terminal)
}

/// Whether to write colour to standard output.
pub(crate) fn stdout() -> bool {
    enabled(Stream::Stdout)
}

/// Whether to write colour to standard error.
pub(crate) fn stderr() -> bool {
    enabled(Stream::Stderr)
}

/// Whether `build` draws a progress bar on standard error: it is a
/// terminal that can move the cursor (not `TERM=dumb`). The bar itself is
/// not coloured; where it is not drawn, progress is plain lines.
pub(crate) fn progress_bar() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// The `--color` among command-line arguments, read before clap parses
/// them (clap's own errors and help are coloured by it too): the last
/// `--color WHEN` or `--color=WHEN` before `--`. An invalid or missing
/// value is `auto` here (clap then reports it).
pub(crate) fn prescan(args: &[OsString]) -> ColorWhen {
    let mut when = ColorWhen::Auto;
    let parse = |v: &std::ffi::OsStr| match v.to_str() {
        Some("always") => Some(ColorWhen::Always),
        Some("never") => Some(ColorWhen::Never),
        Some("auto") => Some(ColorWhen::Auto),
        _ => None,
    };
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--color" {
            iter.next().and_then(|v| parse(v))
        } else {
            arg.to_str()
                .and_then(|a| a.strip_prefix("--color="))
                .and_then(|v| parse(v.as_ref()))
        };
        if let Some(w) = value {
            when = w;
        }
    }
    when
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        let mut e = Env::default();
        for (k, v) in pairs {
            let v = Some(OsString::from(v));
            match *k {
                "NO_COLOR" => e.no_color = v,
                "CLICOLOR_FORCE" => e.clicolor_force = v,
                "CLICOLOR" => e.clicolor = v,
                "TERM" => e.term = v,
                _ => unreachable!(),
            }
        }
        e
    }

    #[test]
    fn the_rules_in_order() {
        use ColorWhen::*;
        // (--color, environment, a terminal?, colour?)
        type Case = (
            ColorWhen,
            &'static [(&'static str, &'static str)],
            bool,
            bool,
        );
        let cases: &[Case] = &[
            (Auto, &[], true, true),
            (Auto, &[], false, false),
            (Always, &[], false, true),
            (Never, &[], true, false),
            (Auto, &[("NO_COLOR", "1")], true, false),
            (Auto, &[("NO_COLOR", "")], true, true),
            (Always, &[("NO_COLOR", "1")], false, true),
            (Auto, &[("CLICOLOR_FORCE", "1")], false, true),
            (Auto, &[("CLICOLOR_FORCE", "0")], false, false),
            (Auto, &[("CLICOLOR_FORCE", "")], false, false),
            (Never, &[("CLICOLOR_FORCE", "1")], true, false),
            (
                Auto,
                &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
                true,
                false,
            ),
            (Auto, &[("CLICOLOR", "0")], true, false),
            (Auto, &[("CLICOLOR", "1")], false, false),
            (
                Auto,
                &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")],
                false,
                true,
            ),
            (Always, &[("CLICOLOR", "0")], false, true),
            (Auto, &[("TERM", "dumb")], true, false),
            (Auto, &[("TERM", "xterm")], true, true),
        ];
        for (when, vars, terminal, want) in cases {
            assert_eq!(
                decide(*when, &env(vars), *terminal),
                *want,
                "{when:?} {vars:?} terminal={terminal}"
            );
        }
    }

    #[test]
    fn prescan_finds_the_flag_anywhere_before_dashdash() {
        let args = |a: &[&str]| -> Vec<OsString> { a.iter().map(OsString::from).collect() };
        assert_eq!(prescan(&args(&["decktype", "parse"])), ColorWhen::Auto);
        assert_eq!(
            prescan(&args(&["decktype", "--color", "never", "parse"])),
            ColorWhen::Never
        );
        assert_eq!(
            prescan(&args(&["decktype", "parse", "--color=always", "x.md"])),
            ColorWhen::Always
        );
        assert_eq!(
            prescan(&args(&[
                "decktype",
                "--color=always",
                "x",
                "--color",
                "never"
            ])),
            ColorWhen::Never
        );
        assert_eq!(
            prescan(&args(&["decktype", "parse", "--", "--color", "never"])),
            ColorWhen::Auto
        );
        assert_eq!(
            prescan(&args(&["decktype", "--color", "purple"])),
            ColorWhen::Auto
        );
        assert_eq!(prescan(&args(&["decktype", "--color"])), ColorWhen::Auto);
    }
}
