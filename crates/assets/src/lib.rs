//! Image resolution for decktype's exports: which bytes an image URL in a
//! deck stands for, read only from the places the user allowed.
//!
//! Shared by the HTML and PDF backends. An image is found, in this order:
//!
//! 1. **A local path** (`img/logo.png`, `./a b.png`, `logo%20x.png`),
//!    resolved against the deck's folder. The file, after following
//!    symlinks, must lie inside the deck's folder or one of the asset folders
//!    the user named; `../../etc/passwd`, absolute paths, `file:` URLs and
//!    symlinks that point out are refused.
//! 2. **The SCS upload convention**: for a remote URL
//!    (`https://input.scs.community/uploads/abc.png`), a file with the same
//!    name next to the deck or directly in an asset folder.
//! 3. **Fetching**, only when the user opted in ([`Fetch`]): the URL is
//!    downloaded once (with a timeout and a size limit) into a cache folder.
//!
//! Anything else is [`Missing`], with the reason: the exporters then draw a
//! visible placeholder. Nothing here ever panics on a deck's URL, and only
//! image bytes (PNG, JPEG, GIF, WebP, SVG, AVIF, BMP, ICO) are returned.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};

/// The largest image read from disk or the network, by default (25 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 25 * 1024 * 1024;

/// Opt-in download of remote images.
#[derive(Debug, Clone)]
pub struct Fetch {
    /// Where downloads are kept (created when missing); a second export
    /// reads them from here.
    pub cache_dir: PathBuf,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Largest download accepted.
    pub max_bytes: u64,
}

impl Fetch {
    /// Fetching into `cache_dir` with a 10 s timeout and the default limit.
    pub fn new(cache_dir: impl Into<PathBuf>) -> Self {
        Fetch {
            cache_dir: cache_dir.into(),
            timeout: Duration::from_secs(10),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Where an image's bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A local file, named by a path in the deck.
    Local(PathBuf),
    /// A local file with the file name of a remote URL (SCS convention).
    Upload(PathBuf),
    /// Downloaded (or read from the fetch cache).
    Fetched(PathBuf),
    /// A `data:` URI in the deck itself.
    Data,
}

/// A resolved image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its media type, from its content (`image/png` ...).
    pub mime: &'static str,
    /// Where it came from.
    pub source: Source,
}

impl Asset {
    /// The image as a `data:` URI.
    pub fn data_uri(&self) -> String {
        format!(
            "data:{};base64,{}",
            self.mime,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// Why an image could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// An empty URL.
    Empty,
    /// A local path that names no file in the allowed folders.
    NotFound(String),
    /// A path that leaves the allowed folders (`..`, absolute, a symlink out).
    Outside(String),
    /// A remote URL with no local copy, and fetching is off.
    Remote(String),
    /// A scheme decktype does not read (`file:`, `ftp:`, `javascript:` ...).
    Scheme(String),
    /// A `data:` URI that is not a base64 image.
    BadData,
    /// Larger than the limit.
    TooLarge(u64),
    /// The bytes are not an image decktype knows.
    NotAnImage,
    /// Downloading failed.
    Fetch(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Empty => write!(f, "the image has no URL"),
            Missing::NotFound(p) => {
                write!(f, "no file `{p}` next to the deck or in the asset folders")
            }
            Missing::Outside(p) => write!(
                f,
                "`{p}` is outside the deck's folder and the asset folders; decktype does not read it"
            ),
            Missing::Remote(_) => write!(
                f,
                "it is remote and no file of that name is stored locally (pass --assets DIR, or --fetch-images to download)"
            ),
            Missing::Scheme(s) => write!(f, "decktype does not read `{s}:` URLs"),
            Missing::BadData => write!(f, "the data: URI is not a base64 image"),
            Missing::TooLarge(n) => write!(f, "the image is larger than the limit of {n} bytes"),
            Missing::NotAnImage => write!(
                f,
                "the file is not an image (PNG, JPEG, GIF, WebP, SVG, AVIF, BMP, ICO)"
            ),
            Missing::Fetch(e) => write!(f, "downloading failed: {e}"),
        }
    }
}

/// Resolves the images of one deck. Cheap to share across threads; results
/// are memoised per URL.
#[derive(Debug)]
pub struct Resolver {
    deck_dir: Option<PathBuf>,
    asset_dirs: Vec<PathBuf>,
    fetch: Option<Fetch>,
    max_bytes: u64,
    memo: Mutex<HashMap<String, Result<Arc<Asset>, Missing>>>,
}

impl Resolver {
    /// A resolver for a deck in `deck_dir` (`None`: a deck read from stdin
    /// or embedded, with no folder of its own) and the user's asset folders.
    /// Folders that do not exist are ignored.
    pub fn new(deck_dir: Option<&Path>, asset_dirs: &[PathBuf]) -> Self {
        Resolver {
            deck_dir: deck_dir.and_then(|d| d.canonicalize().ok()),
            asset_dirs: asset_dirs
                .iter()
                .filter_map(|d| d.canonicalize().ok())
                .collect(),
            fetch: None,
            max_bytes: DEFAULT_MAX_BYTES,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// A resolver that reads nothing from disk or the network: only `data:`
    /// images resolve.
    pub fn none() -> Self {
        Resolver::new(None, &[])
    }

    /// Downloads remote images that have no local copy.
    pub fn with_fetch(mut self, fetch: Fetch) -> Self {
        self.fetch = Some(fetch);
        self
    }

    /// The largest image accepted (default [`DEFAULT_MAX_BYTES`]).
    pub fn with_max_bytes(mut self, max: u64) -> Self {
        self.max_bytes = max;
        self
    }

    /// The image `url` stands for.
    pub fn resolve(&self, url: &str) -> Result<Arc<Asset>, Missing> {
        if let Some(found) = self.memo.lock().ok().and_then(|m| m.get(url).cloned()) {
            return found;
        }
        let found = self.resolve_uncached(url.trim()).map(Arc::new);
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert(url.to_owned(), found.clone());
        }
        found
    }

    fn resolve_uncached(&self, url: &str) -> Result<Asset, Missing> {
        if url.is_empty() {
            return Err(Missing::Empty);
        }
        if let Some(scheme) = scheme_of(url) {
            return match scheme.to_ascii_lowercase().as_str() {
                "data" => data_image(url, self.max_bytes),
                "http" | "https" => self.remote(url),
                _ => Err(Missing::Scheme(scheme.to_owned())),
            };
        }
        if url.starts_with("//") {
            return self.remote(&format!("https:{url}"));
        }
        self.local(url)
    }

    /// Every URL [`Resolver::resolve`] was asked for so far, sorted: what an
    /// export read (or tried to), for incremental builds.
    pub fn requested(&self) -> Vec<String> {
        let mut urls: Vec<String> = self
            .memo
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        urls.sort();
        urls
    }

    /// The file [`Resolver::resolve`] would read for `url`, without reading
    /// it: `Ok(None)` for a `data:` URI, which needs no file. Same rules as
    /// `resolve` (allowed folders, SCS upload names, the fetch cache; no
    /// download).
    pub fn which(&self, url: &str) -> Result<Option<PathBuf>, Missing> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Missing::Empty);
        }
        let remote = match scheme_of(url) {
            Some(s) if s.eq_ignore_ascii_case("data") => return Ok(None),
            Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
                url.to_owned()
            }
            Some(s) => return Err(Missing::Scheme(s.to_owned())),
            None if url.starts_with("//") => format!("https:{url}"),
            None => {
                let real = self.local_path(url)?;
                return if real.is_file() {
                    Ok(Some(real))
                } else {
                    Err(Missing::NotFound(percent_decode(strip_query(url))))
                };
            }
        };
        if let Some(name) = file_name_of(&remote) {
            for dir in self.deck_dir.iter().chain(&self.asset_dirs) {
                if let Ok(real) = dir.join(&name).canonicalize()
                    && self.allowed(&real)
                    && real.is_file()
                {
                    return Ok(Some(real));
                }
            }
        }
        if let Some(fetch) = &self.fetch {
            let cached = fetch_cache_path(&remote, fetch);
            if cached.is_file() {
                return Ok(Some(cached));
            }
        }
        Err(Missing::Remote(remote))
    }

    /// The file a local image path names, without reading it: the same
    /// rules as [`Resolver::resolve`] (inside the allowed folders, after
    /// following symlinks). For `decktype check`, which reports missing and
    /// outside files without reading images.
    pub fn locate(&self, url: &str) -> Result<PathBuf, Missing> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Missing::Empty);
        }
        if let Some(scheme) = scheme_of(url) {
            return Err(Missing::Scheme(scheme.to_owned()));
        }
        let real = self.local_path(url)?;
        if real.is_file() {
            Ok(real)
        } else {
            Err(Missing::NotFound(percent_decode(strip_query(url))))
        }
    }

    /// The canonical path of a local image path, checked to be allowed.
    fn local_path(&self, url: &str) -> Result<PathBuf, Missing> {
        let path = percent_decode(strip_query(url));
        let relative = Path::new(&path);
        if relative.is_absolute()
            || path.starts_with(['/', '\\'])
            || relative
                .components()
                .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        {
            return Err(Missing::Outside(path));
        }
        let Some(deck_dir) = &self.deck_dir else {
            return Err(Missing::NotFound(path));
        };
        let candidate = deck_dir.join(relative);
        let Ok(real) = candidate.canonicalize() else {
            // A path that climbs out is refused even when nothing is there.
            return Err(if escapes(relative) {
                Missing::Outside(path)
            } else {
                Missing::NotFound(path)
            });
        };
        if !self.allowed(&real) {
            return Err(Missing::Outside(path));
        }
        Ok(real)
    }

    /// A path relative to the deck's folder.
    fn local(&self, url: &str) -> Result<Asset, Missing> {
        let real = self.local_path(url)?;
        read_image(&real, self.max_bytes, Source::Local(real.clone()))
    }

    /// A remote URL: a local file of the same name, else the fetch cache or
    /// a download when allowed.
    fn remote(&self, url: &str) -> Result<Asset, Missing> {
        if let Some(name) = file_name_of(url) {
            let dirs = self.deck_dir.iter().chain(&self.asset_dirs);
            for dir in dirs {
                if let Ok(real) = dir.join(&name).canonicalize()
                    && self.allowed(&real)
                    && real.is_file()
                {
                    return read_image(&real, self.max_bytes, Source::Upload(real.clone()));
                }
            }
        }
        match &self.fetch {
            Some(fetch) => fetch_image(url, fetch, self.max_bytes),
            None => Err(Missing::Remote(url.to_owned())),
        }
    }

    fn allowed(&self, real: &Path) -> bool {
        self.deck_dir
            .iter()
            .chain(&self.asset_dirs)
            .any(|dir| real.starts_with(dir))
    }
}

/// Whether a relative path climbs above its start at some point.
fn escapes(path: &Path) -> bool {
    let mut depth: i64 = 0;
    for c in path.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// The scheme of `url` (`https` in `https://...`), if it has one. A single
/// letter before `:` is a Windows drive, which counts as a scheme too (it is
/// refused either way).
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// `%20` → space and so on; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The last path segment of a URL, decoded, if it is a plain file name.
fn file_name_of(url: &str) -> Option<String> {
    let path = strip_query(url);
    let after_host = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, path) = after_host.split_once('/')?;
    let name = percent_decode(path.rsplit('/').next()?);
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('.');
    plain.then_some(name)
}

fn read_image(path: &Path, max: u64, source: Source) -> Result<Asset, Missing> {
    let file =
        std::fs::File::open(path).map_err(|_| Missing::NotFound(path.display().to_string()))?;
    let meta = file
        .metadata()
        .map_err(|_| Missing::NotFound(path.display().to_string()))?;
    if !meta.is_file() {
        return Err(Missing::NotFound(path.display().to_string()));
    }
    if meta.len() > max {
        return Err(Missing::TooLarge(max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| Missing::NotFound(path.display().to_string()))?;
    if bytes.len() as u64 > max {
        return Err(Missing::TooLarge(max));
    }
    let mime = sniff(&bytes).ok_or(Missing::NotAnImage)?;
    Ok(Asset {
        bytes,
        mime,
        source,
    })
}

/// A `data:image/...;base64,` URI, checked to hold an image.
fn data_image(url: &str, max: u64) -> Result<Asset, Missing> {
    let (head, payload) = url.split_once(',').ok_or(Missing::BadData)?;
    if !head.to_ascii_lowercase().ends_with(";base64") {
        return Err(Missing::BadData);
    }
    let cleaned: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.len() as u64 > max.saturating_mul(4) / 3 + 4 {
        return Err(Missing::TooLarge(max));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned)
        .map_err(|_| Missing::BadData)?;
    let mime = sniff(&bytes).ok_or(Missing::NotAnImage)?;
    Ok(Asset {
        bytes,
        mime,
        source: Source::Data,
    })
}

/// Where a download of `url` is kept.
fn fetch_cache_path(url: &str, fetch: &Fetch) -> PathBuf {
    let key = Sha256::digest(url.as_bytes());
    let name: String = key.iter().take(16).map(|b| format!("{b:02x}")).collect();
    fetch.cache_dir.join(name)
}

/// Whether this build can download images (the `fetch` feature): without
/// it [`Fetch`] settings are refused by the binary, and a download asked
/// for anyway fails with [`Missing::Fetch`].
pub const CAN_FETCH: bool = cfg!(feature = "fetch");

/// Without the `fetch` feature: the cache is still read (a download kept
/// by a full build), nothing is downloaded.
#[cfg(not(feature = "fetch"))]
fn fetch_image(url: &str, fetch: &Fetch, max: u64) -> Result<Asset, Missing> {
    let max = max.min(fetch.max_bytes);
    let cached = fetch_cache_path(url, fetch);
    if cached.is_file() {
        return read_image(&cached, max, Source::Fetched(cached.clone()));
    }
    Err(Missing::Fetch(
        "this decktype was built without downloading images (the `fetch` feature)".to_owned(),
    ))
}

/// Downloads `url` into the cache (or reads it from there).
#[cfg(feature = "fetch")]
fn fetch_image(url: &str, fetch: &Fetch, max: u64) -> Result<Asset, Missing> {
    let max = max.min(fetch.max_bytes);
    let cached = fetch_cache_path(url, fetch);
    if cached.is_file() {
        return read_image(&cached, max, Source::Fetched(cached.clone()));
    }
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(fetch.timeout))
        .max_redirects(5)
        .build();
    let agent: ureq::Agent = config.into();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| Missing::Fetch(e.to_string()))?;
    let mut body = response.into_body();
    let bytes = body
        .with_config()
        .limit(max)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => Missing::TooLarge(max),
            e => Missing::Fetch(e.to_string()),
        })?;
    sniff(&bytes).ok_or(Missing::NotAnImage)?;
    std::fs::create_dir_all(&fetch.cache_dir).map_err(|e| Missing::Fetch(e.to_string()))?;
    // Written under a temporary name and renamed: a cut-off run leaves no
    // half file in the cache.
    let partial = fetch.cache_dir.join(format!(
        ".{}.part",
        cached.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    std::fs::write(&partial, &bytes)
        .and_then(|()| std::fs::rename(&partial, &cached))
        .map_err(|e| Missing::Fetch(e.to_string()))?;
    read_image(&cached, max, Source::Fetched(cached.clone()))
}

/// The media type of image bytes, from their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some("image/avif")
    } else if starts(b"BM") && bytes.len() > 14 {
        Some("image/bmp")
    } else if starts(b"\0\0\x01\0") {
        Some("image/x-icon")
    } else if is_svg(bytes) {
        Some("image/svg+xml")
    } else {
        None
    }
}

fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml")
        || text.starts_with("<svg")
        || text.starts_with("<!--")
        || text.starts_with("<!DOCTYPE svg"))
        && text.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn deck_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("deck")).unwrap();
        std::fs::create_dir(dir.path().join("deck/img")).unwrap();
        std::fs::write(dir.path().join("deck/img/logo.png"), PNG).unwrap();
        std::fs::write(dir.path().join("deck/a b.png"), PNG).unwrap();
        std::fs::write(dir.path().join("deck/upload.png"), PNG).unwrap();
        std::fs::write(dir.path().join("deck/notes.txt"), "hello").unwrap();
        std::fs::write(dir.path().join("secret.png"), PNG).unwrap();
        dir
    }

    #[test]
    fn local_paths_inside_the_deck_folder_resolve() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]);
        for url in [
            "img/logo.png",
            "./img/logo.png",
            "img/../img/logo.png",
            "a%20b.png",
            "a b.png",
            "img/logo.png?x=1#y",
        ] {
            let asset = r.resolve(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(asset.mime, "image/png");
            assert!(matches!(asset.source, Source::Local(_)));
        }
        assert!(
            r.resolve("img/logo.png")
                .unwrap()
                .data_uri()
                .starts_with("data:image/png;base64,iVBORw0KGgo")
        );
    }

    #[test]
    fn which_names_the_file_resolve_reads_and_requested_lists_urls() {
        let dir = deck_dir();
        let deck = dir.path().join("deck");
        let r = Resolver::new(Some(&deck), &[]);
        let urls = [
            "img/logo.png",
            "https://input.scs.community/uploads/upload.png",
            "//input.scs.community/uploads/upload.png",
            "https://example.org/gone.png",
            "../secret.png",
            "missing.png",
            "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==",
            "ftp://x/y.png",
        ];
        for url in urls {
            let resolved = r.resolve(url);
            let which = r.which(url);
            match (&resolved, &which) {
                (Ok(asset), Ok(path)) => match &asset.source {
                    Source::Local(p) | Source::Upload(p) | Source::Fetched(p) => {
                        assert_eq!(path.as_ref(), Some(p), "{url}");
                    }
                    Source::Data => assert_eq!(path, &None, "{url}"),
                },
                (Err(a), Err(b)) => assert_eq!(
                    std::mem::discriminant(a),
                    std::mem::discriminant(b),
                    "{url}"
                ),
                _ => panic!("{url}: resolve {resolved:?} but which {which:?}"),
            }
        }
        let mut expected: Vec<String> = urls.iter().map(|u| (*u).to_owned()).collect();
        expected.sort();
        assert_eq!(r.requested(), expected);
    }

    #[test]
    fn paths_out_of_the_allowed_folders_are_refused() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]);
        let secret = dir.path().join("secret.png");
        for url in [
            "../secret.png".to_owned(),
            "img/../../secret.png".to_owned(),
            "../../../../../../etc/passwd".to_owned(),
            "/etc/passwd".to_owned(),
            secret.display().to_string(),
            "..%2Fsecret.png".to_owned(),
        ] {
            assert!(
                matches!(r.resolve(&url), Err(Missing::Outside(_))),
                "{url}: {:?}",
                r.resolve(&url)
            );
        }
        assert!(matches!(
            r.resolve(&format!("file://{}", secret.display())),
            Err(Missing::Scheme(_))
        ));
        assert!(matches!(r.resolve("C:\\x.png"), Err(Missing::Scheme(_))));
        assert!(matches!(
            r.resolve("javascript:alert(1)"),
            Err(Missing::Scheme(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_are_refused_and_symlinks_in_followed() {
        let dir = deck_dir();
        let deck = dir.path().join("deck");
        std::os::unix::fs::symlink(dir.path().join("secret.png"), deck.join("out.png")).unwrap();
        std::os::unix::fs::symlink(deck.join("img/logo.png"), deck.join("in.png")).unwrap();
        let r = Resolver::new(Some(&deck), &[]);
        assert!(matches!(r.resolve("out.png"), Err(Missing::Outside(_))));
        assert!(r.resolve("in.png").is_ok());
        // The upload convention follows the same rule.
        assert!(matches!(
            r.resolve("https://input.scs.community/uploads/out.png"),
            Err(Missing::Remote(_))
        ));
    }

    #[test]
    fn locate_follows_the_same_rules_without_reading() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]);
        assert!(
            r.locate("img/logo.png")
                .unwrap()
                .ends_with("deck/img/logo.png")
        );
        assert!(
            r.locate("notes.txt").is_ok(),
            "existence only, not the content"
        );
        assert!(matches!(
            r.locate("../secret.png"),
            Err(Missing::Outside(_))
        ));
        assert!(matches!(r.locate("nope.png"), Err(Missing::NotFound(_))));
        assert!(matches!(r.locate("img"), Err(Missing::NotFound(_))));
        assert!(matches!(
            r.locate("https://x/y.png"),
            Err(Missing::Scheme(_))
        ));
    }

    #[test]
    fn an_asset_folder_the_user_names_is_allowed() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[dir.path().to_path_buf()]);
        assert!(r.resolve("../secret.png").is_ok());
        assert!(
            r.resolve("https://input.scs.community/uploads/secret.png")
                .is_ok()
        );
    }

    #[test]
    fn remote_uploads_resolve_by_file_name_and_are_not_fetched_by_default() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]);
        let found = r
            .resolve("https://input.scs.community/uploads/upload.png")
            .unwrap();
        assert!(matches!(found.source, Source::Upload(_)));
        assert!(matches!(
            r.resolve("https://example.org/other.png"),
            Err(Missing::Remote(_))
        ));
        assert!(matches!(
            r.resolve("https://example.org/"),
            Err(Missing::Remote(_))
        ));
        assert!(matches!(
            r.resolve("https://example.org/..%2F..%2Fsecret.png"),
            Err(Missing::Remote(_))
        ));
    }

    #[test]
    fn non_images_missing_files_and_data_uris() {
        let dir = deck_dir();
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]).with_max_bytes(100);
        assert_eq!(r.resolve("notes.txt"), Err(Missing::NotAnImage));
        assert!(matches!(r.resolve("nope.png"), Err(Missing::NotFound(_))));
        assert!(matches!(r.resolve("img"), Err(Missing::NotFound(_))));
        assert_eq!(r.resolve(""), Err(Missing::Empty));
        let data = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(PNG)
        );
        assert_eq!(r.resolve(&data).unwrap().mime, "image/png");
        assert_eq!(
            r.resolve("data:text/html,<script>alert(1)</script>"),
            Err(Missing::BadData)
        );
        let big = vec![0u8; 200];
        std::fs::write(dir.path().join("deck/big.png"), [PNG, &big].concat()).unwrap();
        assert_eq!(r.resolve("big.png"), Err(Missing::TooLarge(100)));
        assert!(Resolver::none().resolve("img/logo.png").is_err());
    }

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("a%20b%zz%4"), "a b%zz%4");
        assert!(escapes(Path::new("a/../../x")));
        assert!(!escapes(Path::new("./a/../b")));
    }

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff(b"<?xml version='1.0'?><svg/>"), Some("image/svg+xml"));
        assert_eq!(sniff(b"<html><svg/>"), None);
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a..."), Some("image/gif"));
        assert_eq!(sniff(b"hello"), None);
    }

    /// A one-shot HTTP server on localhost: the fetch path, for real.
    #[cfg(feature = "fetch")]
    fn serve(body: Vec<u8>, delay: Duration) -> String {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(1) {
                let mut stream = stream.unwrap();
                let mut buf = [0u8; 2048];
                let _ = stream.read(&mut buf);
                std::thread::sleep(delay);
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        format!("http://{addr}/uploads/remote.png")
    }

    #[test]
    #[cfg(feature = "fetch")]
    fn fetching_is_opt_in_cached_limited_and_timed_out() {
        let dir = deck_dir();
        let cache = dir.path().join("cache");
        let url = serve(PNG.to_vec(), Duration::ZERO);
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]);
        assert!(matches!(r.resolve(&url), Err(Missing::Remote(_))));
        let r = Resolver::new(Some(&dir.path().join("deck")), &[]).with_fetch(Fetch::new(&cache));
        let got = r.resolve(&url).unwrap();
        assert!(matches!(got.source, Source::Fetched(_)));
        // The server is gone; a new resolver reads the cache.
        let r2 = Resolver::new(Some(&dir.path().join("deck")), &[]).with_fetch(Fetch::new(&cache));
        assert_eq!(r2.resolve(&url).unwrap().bytes, PNG);
        assert_eq!(
            std::fs::read_dir(&cache).unwrap().count(),
            1,
            "no partial files left"
        );

        let url = serve([PNG, &[0u8; 1000]].concat(), Duration::ZERO);
        let r = Resolver::new(None, &[]).with_fetch(Fetch {
            max_bytes: 100,
            ..Fetch::new(dir.path().join("c2"))
        });
        assert_eq!(r.resolve(&url), Err(Missing::TooLarge(100)));

        let url = serve(b"<html>not an image</html>".to_vec(), Duration::ZERO);
        let r = Resolver::new(None, &[]).with_fetch(Fetch::new(dir.path().join("c3")));
        assert_eq!(r.resolve(&url), Err(Missing::NotAnImage));

        let url = serve(PNG.to_vec(), Duration::from_secs(3));
        let r = Resolver::new(None, &[]).with_fetch(Fetch {
            timeout: Duration::from_millis(300),
            ..Fetch::new(dir.path().join("c4"))
        });
        assert!(matches!(r.resolve(&url), Err(Missing::Fetch(_))));
    }

    /// Without the `fetch` feature nothing is downloaded (no request is
    /// made: the URL's port is closed), the reason is said, and a download
    /// a full build left in the cache is still used.
    #[test]
    #[cfg(not(feature = "fetch"))]
    fn without_the_fetch_feature_only_the_cache_is_read() {
        let dir = deck_dir();
        let cache = dir.path().join("cache");
        let url = "https://127.0.0.1:9/logo.png";
        let r = Resolver::new(None, &[]).with_fetch(Fetch::new(&cache));
        match r.resolve(url) {
            Err(Missing::Fetch(why)) => assert!(why.contains("`fetch` feature"), "{why}"),
            other => panic!("{other:?}"),
        }
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(super::fetch_cache_path(url, &Fetch::new(&cache)), PNG).unwrap();
        let r = Resolver::new(None, &[]).with_fetch(Fetch::new(&cache));
        assert_eq!(r.resolve(url).unwrap().bytes, PNG);
    }
}
