//! `decktype-hook`: the `decktype` command line, light build (no PDF export,
//! no image downloads), as pre-commit installs it from the repository root
//! for the hooks in `.pre-commit-hooks.yaml`. It takes the same arguments as
//! `decktype`.

fn main() -> std::process::ExitCode {
    decktype::run()
}
