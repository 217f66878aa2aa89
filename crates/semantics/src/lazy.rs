//! Regular expressions compiled when first used, not when a profile is
//! prepared: compiling every pattern of a profile took half of a small
//! deck's whole process (issue 17), and most decks need only a few of them
//! (a deck without a tenders slide never reads a tender id).

use std::sync::OnceLock;

use regex::Regex;

/// A pattern, compiled on the first [`LazyRegex::get`] (once per process
/// and profile, shared by every thread).
#[derive(Debug, Default)]
pub(crate) struct LazyRegex {
    pattern: Option<String>,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// `pattern`, to compile when needed; `None`: no pattern (never matches).
    pub(crate) fn new(pattern: Option<String>) -> Self {
        LazyRegex {
            pattern,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern; `None` without one, or when it is invalid
    /// (a profile validates its patterns when it is read).
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| self.pattern.as_deref().and_then(|p| Regex::new(p).ok()))
            .as_ref()
    }

    /// Whether the pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_on_first_use_only() {
        let re = LazyRegex::new(Some("a+".to_owned()));
        assert!(!re.is_compiled());
        assert!(re.get().is_some_and(|r| r.is_match("caat")));
        assert!(re.is_compiled());
        assert!(LazyRegex::new(None).get().is_none());
        assert!(LazyRegex::new(Some("(".to_owned())).get().is_none());
    }
}
