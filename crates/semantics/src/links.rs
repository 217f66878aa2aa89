//! Links: every link and `@handle` mention in the slides and their notes,
//! typed (GitHub issue, pull request, repository, e-mail, web ...).

use std::sync::LazyLock;

use decktype_model::{Block, Deck, Inline, Link, LinkClass, Span, text};
use regex::Regex;

/// An issue or pull request in a GitHub URL: the kind as written
/// (`issues`, `pull`, `pulls`) and the number.
type Item<'a> = (&'a str, &'a str);

/// A GitHub repository URL, read by hand: the regex it replaces,
/// `(?i)^https?://(?:www\.)?github\.com/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9_.-]+?)(?:\.git)?(?:/(issues|pull|pulls)/(\d+))?(?:[/?#].*)?$`,
/// needed the backtracker for its groups and was a tenth of the link pass.
/// Returns owner, repository, and the kind (`issues`, `pull` ...) with the
/// number when the URL points at one.
fn github_repo(url: &str) -> Option<(&str, &str, Option<Item<'_>>)> {
    fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
        let head = s.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| &s[prefix.len()..])
    }
    if url.contains('\n') {
        return None;
    }
    let rest = strip_ci(url, "https://").or_else(|| strip_ci(url, "http://"))?;
    let rest = strip_ci(rest, "www.").unwrap_or(rest);
    let rest = strip_ci(rest, "github.com/")?;
    let owner_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let owner = &rest[..owner_len];
    if !owner.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    let rest = rest[owner_len..].strip_prefix('/')?;
    let run_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
        .unwrap_or(rest.len());
    let (run, after) = rest.split_at(run_len);
    if run.is_empty() || !(after.is_empty() || after.starts_with(['/', '?', '#'])) {
        return None;
    }
    // The repository is the shortest run the rest can follow: without a
    // trailing `.git`.
    let repo = match run.len().checked_sub(4) {
        Some(cut) if cut > 0 && run[cut..].eq_ignore_ascii_case(".git") => &run[..cut],
        _ => run,
    };
    let item = after.strip_prefix('/').and_then(|a| {
        let (kind, a) = ["issues", "pulls", "pull"].iter().find_map(|k| {
            let rest = strip_ci(a, k)?.strip_prefix('/')?;
            Some((&a[..k.len()], rest))
        })?;
        let digits = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
        (digits > 0 && (digits == a.len() || a[digits..].starts_with(['/', '?', '#'])))
            .then(|| (kind, &a[..digits]))
    });
    Some((owner, repo, item))
}
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w@./:+-])@([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38})(?-u:\b)")
        .expect("valid")
});
/// `https://github.com/handle`: a person's (or organisation's) page.
static GITHUB_USER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^https?://(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38})/?(?:[?#].*)?$")
        .expect("valid")
});
static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").expect("valid"));

/// GitHub paths that are not `owner/repo`.
const NOT_OWNERS: &[&str] = &[
    "orgs",
    "features",
    "settings",
    "topics",
    "marketplace",
    "sponsors",
    "about",
    "enterprise",
    "collections",
    "explore",
    "login",
    "pricing",
    "notifications",
    "search",
    "apps",
    "users",
];

/// What `url` points to, with repository and number for GitHub (for a
/// GitHub person, the second value is the handle).
pub(crate) fn classify(url: &str) -> (LinkClass, Option<String>, Option<u64>) {
    let github = url.contains("github.com");
    if let Some((owner, repo, item)) = github.then(|| github_repo(url)).flatten()
        && !NOT_OWNERS.contains(&owner.to_lowercase().as_str())
    {
        let repo = Some(format!("{owner}/{repo}"));
        let number = item.and_then(|(_, n)| n.parse().ok());
        return match (item.map(|(k, _)| k.to_lowercase()), number) {
            (Some(k), Some(n)) if k == "issues" => (LinkClass::GithubIssue, repo, Some(n)),
            (Some(k), Some(n)) if k.starts_with("pull") => (LinkClass::GithubPull, repo, Some(n)),
            _ => (LinkClass::GithubRepo, repo, None),
        };
    }
    let lower = url.to_ascii_lowercase();
    if let Some(c) = github.then(|| GITHUB_USER.captures(url)).flatten()
        && !NOT_OWNERS.contains(&c[1].to_lowercase().as_str())
    {
        return (LinkClass::Person, Some(c[1].to_owned()), None);
    }
    let class = if lower.starts_with("mailto:") {
        LinkClass::Email
    } else if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
    {
        LinkClass::Web
    } else if SCHEME.is_match(url) {
        LinkClass::Other
    } else if url.contains('@') && !url.contains('/') {
        LinkClass::Email
    } else {
        LinkClass::Internal
    };
    (class, None, None)
}

struct Collector<'a> {
    slide: usize,
    mention_url: &'a str,
    out: Vec<Link>,
}

impl Collector<'_> {
    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Link {
                    url,
                    children,
                    span,
                    ..
                } => {
                    let (kind, repo, number) = classify(url);
                    let (repo, handle) = match kind {
                        LinkClass::Person => (None, repo),
                        _ => (repo, None),
                    };
                    self.out.push(Link {
                        url: url.clone(),
                        text: text::inlines_one_line(children),
                        kind,
                        repo,
                        number,
                        handle,
                        slide: self.slide,
                        span: *span,
                    });
                    // Mentions inside link text are the link's, not people.
                }
                Inline::Text { text, span }
                    if !self.mention_url.is_empty() && text.contains('@') =>
                {
                    // Offsets map onto the source when the text is verbatim.
                    let verbatim = span.end - span.start == text.len();
                    for c in MENTION.captures_iter(text) {
                        let m = c.get(1).expect("group");
                        let handle = m.as_str();
                        let at = m.start() - 1;
                        let mention_span = if verbatim {
                            Span::new(span.start + at, span.start + m.end())
                        } else {
                            *span
                        };
                        self.out.push(Link {
                            url: self.mention_url.replace("{handle}", handle),
                            text: format!("@{handle}"),
                            kind: LinkClass::Person,
                            repo: None,
                            number: None,
                            handle: Some(handle.to_owned()),
                            slide: self.slide,
                            span: mention_span,
                        });
                    }
                }
                other => self.inlines(other.children()),
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { inlines, .. }
                | Block::Paragraph { inlines, .. }
                | Block::Html { inlines, .. } => self.inlines(inlines),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks);
                    }
                }
                Block::Quote { blocks, .. }
                | Block::FootnoteDefinition { blocks, .. }
                | Block::Element { blocks, .. } => self.blocks(blocks),
                Block::Table { header, rows, .. } => {
                    for cell in header.iter().chain(rows.iter().flatten()) {
                        self.inlines(&cell.inlines);
                    }
                }
                Block::DefinitionList { items, .. } => {
                    for item in items {
                        self.inlines(&item.term);
                        for d in &item.definitions {
                            self.blocks(d);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Every link and mention of `deck`, slide by slide (notes after the slide's
/// content), in source order within a slide.
pub(crate) fn links(deck: &Deck, mention_url: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for slide in &deck.slides {
        let mut c = Collector {
            slide: slide.index,
            mention_url,
            out: Vec::new(),
        };
        c.blocks(&slide.blocks);
        if let Some(notes) = &slide.notes {
            c.blocks(&notes.blocks);
        }
        c.out.sort_by_key(|l| l.span.start);
        out.extend(c.out);
    }
    out
}

/// Compiles this module's patterns now (see `Options::warm_up`).
pub(crate) fn warm_up() {
    for re in [&MENTION, &GITHUB_USER, &SCHEME] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_repo_reads_what_the_old_regex_read() {
        let re = Regex::new(r"(?i)^https?://(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]*)?)/([A-Za-z0-9_.-]+?)(?:\.git)?(?:/(issues|pull|pulls)/(\d+))?(?:[/?#].*)?$").unwrap();
        for url in [
            "https://github.com/SovereignCloudStack/standards",
            "https://github.com/SovereignCloudStack/standards/",
            "https://github.com/SovereignCloudStack/standards.git",
            "https://github.com/a/b.GIT/tree/main",
            "https://github.com/a/.git",
            "https://github.com/a/x.github",
            "https://github.com/a/x.git.y",
            "HTTP://WWW.GitHub.com/a/b/Issues/12",
            "https://github.com/a/b/issues/12#issuecomment-1",
            "https://github.com/a/b/pull/7/files",
            "https://github.com/a/b/pulls/7",
            "https://github.com/a/b/pulls",
            "https://github.com/a/b/issues/12abc",
            "https://github.com/a/b/issues/",
            "https://github.com/a/b?tab=readme",
            "https://github.com/a/b%20c",
            "https://github.com/a",
            "https://github.com/-a/b",
            "https://github.com//b",
            "https://github.com/a/b\nc",
            "https://github.com/a/b/issues/1\n",
            "https://gist.github.com/a/b",
            "ftp://github.com/a/b",
            "https://github.com/a/b/issues/\u{661}",
        ] {
            let want = re.captures(url).map(|c| {
                (
                    c[1].to_owned(),
                    c[2].to_owned(),
                    // The regex's `\d` took any Unicode digit, which the
                    // number then failed to parse as: no item either way.
                    c.get(3)
                        .map(|k| (k.as_str().to_owned(), c[4].to_owned()))
                        .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit())),
                )
            });
            let got = github_repo(url).map(|(o, r, i)| {
                (
                    o.to_owned(),
                    r.to_owned(),
                    i.map(|(k, n)| (k.to_owned(), n.to_owned())),
                )
            });
            assert_eq!(got, want, "{url}");
        }
    }

    #[test]
    fn github_links_are_typed() {
        let cases: &[(&str, LinkClass, Option<&str>, Option<u64>)] = &[
            (
                "https://github.com/SovereignCloudStack/standards/issues/384",
                LinkClass::GithubIssue,
                Some("SovereignCloudStack/standards"),
                Some(384),
            ),
            (
                "https://github.com/SovereignCloudStack/standards/pull/512#discussion_r1",
                LinkClass::GithubPull,
                Some("SovereignCloudStack/standards"),
                Some(512),
            ),
            (
                "https://github.com/SovereignCloudStack/hardware-landscape/tree/main/documentation",
                LinkClass::GithubRepo,
                Some("SovereignCloudStack/hardware-landscape"),
                None,
            ),
            (
                "https://github.com/orgs/SovereignCloudStack/projects/6",
                LinkClass::Web,
                None,
                None,
            ),
            ("https://docs.scs.community/", LinkClass::Web, None, None),
            (
                "https://github.com/chess-knight",
                LinkClass::Person,
                Some("chess-knight"),
                None,
            ),
            (
                "mailto:zelke@osb-alliance.com",
                LinkClass::Email,
                None,
                None,
            ),
            ("#/3/1", LinkClass::Internal, None, None),
            ("tel:+49301234", LinkClass::Other, None, None),
        ];
        for (url, kind, repo, number) in cases {
            let (k, r, n) = classify(url);
            assert_eq!((k, r.as_deref(), n), (*kind, *repo, *number), "{url}");
        }
    }

    #[test]
    fn links_and_mentions_of_a_deck() {
        let md = "# Team Ops\n\n- see [#384](https://github.com/SovereignCloudStack/standards/issues/384) by @fkr and @garloff, mail zelke@osb-alliance.com\n- https://docs.scs.community\n\nnote:\nAsk @berendt\n";
        let parsed = decktype_parse::parse(md, &Default::default());
        let got = links(&parsed.deck, "https://github.com/{handle}");
        let summary: Vec<_> = got
            .iter()
            .map(|l| (l.kind, l.text.as_str(), &md[l.span.start..l.span.end]))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    LinkClass::GithubIssue,
                    "#384",
                    "[#384](https://github.com/SovereignCloudStack/standards/issues/384)"
                ),
                (LinkClass::Person, "@fkr", "@fkr"),
                (LinkClass::Person, "@garloff", "@garloff"),
                (
                    LinkClass::Email,
                    "zelke@osb-alliance.com",
                    "zelke@osb-alliance.com"
                ),
                (
                    LinkClass::Web,
                    "https://docs.scs.community",
                    "https://docs.scs.community"
                ),
                (LinkClass::Person, "@berendt", "@berendt"),
            ]
        );
        assert_eq!(got[1].url, "https://github.com/fkr");
        assert_eq!(got[1].handle.as_deref(), Some("fkr"));
        assert_eq!(got[0].number, Some(384));
    }
}
