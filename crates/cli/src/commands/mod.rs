//! One module per command: each turns its arguments into the libraries'
//! settings and calls them.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod events;
pub(crate) mod export;
pub(crate) mod new;
pub(crate) mod parse;
pub(crate) mod schema;
pub(crate) mod shell;
pub(crate) mod worker;
