//! Which URLs from a deck may become a link.

/// The schemes a link may have: web pages, mail and phone numbers. Nothing
/// that runs (`javascript:`, `vbscript:`), carries a document (`data:`) or
/// reads local files (`file:`).
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether a link target without a scheme (`slides.md`, `#x`, `?q`,
/// `//host/x`) may be a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relative {
    /// Yes: the page stands where the deck does (the HTML export of a
    /// deck), so a relative link means what it meant in the deck.
    Allowed,
    /// No: the page stands elsewhere (the site's index page shows URLs from
    /// many decks), where a deck's relative link would point somewhere else.
    Refused,
}

/// `url`, trimmed, if it may be a link target: a scheme from
/// [`LINK_SCHEMES`] (in any case), or, when `relative` allows it, no scheme
/// at all. A control character anywhere (`java\tscript:`) or an empty URL
/// gives `None`; so does any other scheme. The caller shows the URL as text
/// then.
///
/// A scheme is what stands before the first `:` when no `/`, `?` or `#`
/// comes earlier (so `a/b:c` is a relative path).
pub fn link_target(url: &str, relative: Relative) -> Option<&str> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(char::is_control) {
        return None;
    }
    match scheme(url) {
        Some(scheme) => LINK_SCHEMES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
            .then_some(url),
        None => (relative == Relative::Allowed).then_some(url),
    }
}

/// The scheme of `url`, if it has one.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    match url.find(['/', '?', '#']) {
        Some(special) if special < colon => None,
        _ => Some(&url[..colon]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets_are_links_where_allowed() {
        for ok in [
            "https://scs.community",
            "http://x",
            "mailto:a@b.c",
            "tel:+49301234",
            "#x",
            "slides.md",
            "./a/b",
            "a/b:c",
            "?q",
        ] {
            assert_eq!(link_target(ok, Relative::Allowed), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "java\tscript:x",
            "file:///etc/passwd",
            "",
        ] {
            assert_eq!(link_target(bad, Relative::Allowed), None, "{bad}");
        }
    }

    #[test]
    fn only_absolute_web_mail_and_phone_urls_where_relative_is_refused() {
        let refused = |u| link_target(u, Relative::Refused);
        assert_eq!(refused(" https://x.org/ "), Some("https://x.org/"));
        assert_eq!(refused("HTTP://x.org"), Some("HTTP://x.org"));
        assert_eq!(refused("mailto:a@b.c"), Some("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "//x.org",
            "x.org",
            "#x",
            "https://x.org/\u{0}",
        ] {
            assert_eq!(refused(bad), None, "{bad}");
        }
    }
}
