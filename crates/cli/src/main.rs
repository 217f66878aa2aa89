//! The `decktype` binary: the command line in the library ([`decktype::run`]).

fn main() -> std::process::ExitCode {
    decktype::run()
}
