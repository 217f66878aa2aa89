//! What of a deck's untrusted text may reach an output: one rule per
//! question, shared by every decktype export.
//!
//! - [`css`]: the deck's CSS (`<style>` blocks and `style` attributes),
//!   filtered against allowlists. The HTML export scopes and writes what
//!   passes; the PDF export maps it onto its template.
//! - [`link_target`]: which URLs may become a link (the HTML export and the
//!   site index page).
//! - [`script_json`]: JSON text that cannot end the `<script>` element it
//!   is embedded in (the HTML export's deck data, the site's search index).
//!
//! Not for: HTML itself (the HTML export renders from the typed model and
//! runs ammonia over the result), resolving images (`decktype-assets`), or
//! what an output makes of the filtered CSS (scoping under the deck
//! element, colours for typst). The crate has no dependencies and does no
//! I/O; the CSS filter asks its caller which `url()` targets are embedded
//! images.
//!
//! # Why not ammonia's CSS filter
//!
//! ammonia 4, which the HTML export uses for its second layer, has a CSS
//! property filter built on cssparser (`Builder::filter_style_properties`).
//! It does not fit this job:
//!
//! - it filters `style` *attributes* only, inside HTML given to
//!   `Builder::clean`; the declaration filter itself is private, so the PDF
//!   export could only reach it by wrapping CSS in HTML (and linking
//!   html5ever);
//! - it does not filter stylesheets: allowing `<style>` together with the
//!   property filter panics ("we don't implement selector sanitizing"), and
//!   decks bring most of their CSS in `<style>` blocks with selectors and
//!   `@media`;
//! - it keeps any function in a value (`expression()`, `image-set()`,
//!   `attr()` ...) and any `url()` whose scheme is allowed, where decks need
//!   "a `url()` only as an embedded image, rewritten to its `data:` URI";
//! - it drops silently, where the exports report what they left out;
//! - it re-serialises what it keeps (`color:red`), so every export and
//!   snapshot would change for no gain.
//!
//! The filter here is written by hand instead of on cssparser's tokenizer,
//! and is safe without one: a value or selector keeps only characters from
//! small allowlists (no `\` escapes, no `<`, no braces), so there is no
//! escape, comment or bad-string trick by which a browser could read a
//! different token than the filter did.

pub mod css;
mod link;
mod script;

pub use link::{LINK_SCHEMES, Relative, link_target};
pub use script::script_json;
