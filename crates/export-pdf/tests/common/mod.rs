//! Shared by the PDF tests: a deck through parse, semantics and the PDF
//! export, and poppler's tools to read the result back.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Command;

use decktype_assets::Resolver;
use decktype_format::Envelope;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The deck at `path` as the JSON envelope `decktype export` builds.
pub fn envelope(path: &Path) -> Envelope {
    let text = std::fs::read_to_string(path).unwrap();
    let mut parsed = decktype_parse::parse(&text, &Default::default());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let options = decktype_semantics::Options::new(Some(&name), None);
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
    Envelope::new(Some(&name), &text, parsed.deck, &parsed.diagnostics)
}

/// Exports the deck at `path` with `configure`d options, images next to it.
pub fn export_with(
    path: &Path,
    configure: impl FnOnce(&mut decktype_export_pdf::Options<'_>),
) -> Result<decktype_export_pdf::Export, decktype_export_pdf::Failure> {
    let envelope = envelope(path);
    let resolver = Resolver::new(path.parent(), &[]);
    let mut options = decktype_export_pdf::Options::new(&resolver);
    configure(&mut options);
    decktype_export_pdf::export(&envelope, &options)
}

/// Exports the deck at `path` with the default options.
pub fn export(path: &Path) -> decktype_export_pdf::Export {
    export_with(path, |_| {}).unwrap_or_else(|f| panic!("{}: {f}", path.display()))
}

/// Whether poppler's tools are here. Without them the tests that read PDFs
/// back skip, unless `DECKTYPE_REQUIRE_POPPLER` is set (as `scripts/test.sh`
/// does after installing them).
pub fn poppler() -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        decktype_test_support::skip("POPPLER", "poppler-utils (pdftotext) not installed");
    }
    found
}

fn with_file<T>(pdf: &[u8], f: impl FnOnce(&Path) -> T) -> T {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    f(&path)
}

fn run(program: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of each page, as `pdftotext` extracts it.
pub fn page_texts(pdf: &[u8]) -> Vec<String> {
    let text = with_file(pdf, |p| run("pdftotext", &["-enc", "UTF-8"], p));
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    // pdftotext ends every page with a form feed.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Every word `pdftotext -bbox` finds: page (from 0), left edge and top
/// in points, and the word.
pub fn words(pdf: &[u8]) -> Vec<(usize, f64, f64, String)> {
    word_boxes(pdf)
        .into_iter()
        .map(|(page, x, _, y, word)| (page, x, y, word))
        .collect()
}

/// Every word `pdftotext -bbox` finds: page (from 0), left edge, right
/// edge and top in points, and the word.
pub fn word_boxes(pdf: &[u8]) -> Vec<(usize, f64, f64, f64, String)> {
    let html = with_file(pdf, |p| run("pdftotext", &["-bbox", "-enc", "UTF-8"], p));
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    let mut page = None::<usize>;
    let mut out = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page = Some(page.map_or(0, |p| p + 1));
        } else if line.starts_with("<word ") {
            let word = line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_owned();
            out.push((
                page.unwrap(),
                attr(line, "xMin"),
                attr(line, "xMax"),
                attr(line, "yMin"),
                word,
            ));
        }
    }
    out
}

/// `pdfinfo`'s report (title, keywords, creator, page size ...) by key.
pub fn info(pdf: &[u8]) -> std::collections::BTreeMap<String, String> {
    with_file(pdf, |p| {
        let out = Command::new("pdfinfo").arg(p).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    })
}

/// The XMP metadata (`pdfinfo -meta`): the PDF/A identification is here.
pub fn xmp(pdf: &[u8]) -> String {
    with_file(pdf, |p| {
        let out = Command::new("pdfinfo")
            .arg("-meta")
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    })
}

/// The outline and links as `pdftohtml -xml` sees them.
pub fn xml(pdf: &[u8]) -> String {
    with_file(pdf, |p| {
        let out = Command::new("pdftohtml")
            .args(["-xml", "-i", "-q", "-stdout", "-nodrm"])
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    })
}

/// Lower case, without whitespace and hyphens: how titles are compared
/// with page text (headings are set in capitals, as reveal.js's theme shows
/// them; a long word such as a URL may break across lines; and pdftotext
/// drops a hyphen at the end of a line).
pub fn normal(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase()
}

/// A PDF text snapshot: each page's text under a `--- page N ---` line, then
/// the export's diagnostics, one `CODE message` a line.
pub fn page_dump(pages: &[String], diagnostics: &[decktype_model::Diagnostic]) -> String {
    let dump: String = pages
        .iter()
        .enumerate()
        .map(|(i, p)| format!("--- page {} ---\n{}\n", i + 1, p.trim_end()))
        .collect();
    let diagnostics: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    format!(
        "{dump}\n-- export diagnostics --\n{}\n",
        diagnostics.join("\n")
    )
}

/// Page 1 of `pdf` rasterised at `dpi` by `pdftoppm`: width, height and
/// RGB bytes.
pub fn raster(pdf: &[u8], dpi: u32) -> (usize, usize, Vec<u8>) {
    raster_page(pdf, dpi, 1)
}

/// Page `page` (from 1) of `pdf` rasterised at `dpi` by `pdftoppm`:
/// width, height and RGB bytes.
pub fn raster_page(pdf: &[u8], dpi: u32, page: usize) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    let page = page.to_string();
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-f",
            &page,
            "-l",
            &page,
            "-singlefile",
        ])
        .arg(&path)
        .output()
        .expect("pdftoppm");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Binary PPM: `P6 <width> <height> <max>` and one whitespace byte.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    assert_eq!(fields[3], "255");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = data[i + 1..].to_vec();
    assert_eq!(pixels.len(), w * h * 3);
    (w, h, pixels)
}
