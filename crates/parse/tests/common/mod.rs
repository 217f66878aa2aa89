//! Shared helpers for tests that use the real corpus in `../shared/corpus`:
//! the workspace's one rule for finding it and for skipping (or, under
//! `DECKTYPE_REQUIRE_CORPUS=1`, failing) without it, in
//! `decktype-test-support`.

#![allow(unused_imports, unreachable_pub)]

pub use decktype_test_support::{corpus, deck_path, markdown_files};
