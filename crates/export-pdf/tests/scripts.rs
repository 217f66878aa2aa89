//! Every script in the PDF: the bundled fonts first, then `--font-path`
//! folders and the machine's fonts for the characters they lack; which
//! font serves which script in `/pdf.json`; and one DT061 per slide for
//! the characters no font has.
//!
//! The tests that need the machine's CJK and Devanagari fonts
//! (`fonts-noto-cjk`, `fonts-lohit-deva`) skip without them, unless
//! `DECKTYPE_REQUIRE_FONTS=1` (`scripts/test.sh` sets it after installing
//! them).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{page_texts, poppler, root};
use decktype_export_pdf::{Export, FontSource, MISSING_GLYPH, Options, View};

fn deck() -> PathBuf {
    root().join("fixtures/scripts/scripts-world.md")
}

/// The fixture's slides' text, by heading.
const CHINESE: &str = "你好，世界！这是一张中文幻灯片。";
const JAPANESE: &str = "こんにちは、世界。ひらがなとカタカナと漢字。";
const KOREAN: &str = "안녕하세요, 세계! 한국어 슬라이드입니다.";
const ARABIC: &str = "مرحبا بالعالم";
const HEBREW: &str = "שלום עולם";
const DEVANAGARI: &str = "नमस्ते दुनिया";

/// The files of the machine's fonts for `lang` (fontconfig's `fc-list`),
/// or none after skipping the running test.
fn machine_fonts(langs: &[&str]) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for lang in langs {
        let found: Vec<PathBuf> = Command::new("fc-list")
            .arg(format!(":lang={lang}"))
            .arg("file")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
            .lines()
            .map(|l| PathBuf::from(l.trim().trim_end_matches(':')))
            .filter(|p| p.is_file())
            .collect();
        if found.is_empty() {
            decktype_test_support::skip(
                "FONTS",
                &format!(
                    "no font for `{lang}` on this machine (install fonts-noto-cjk and fonts-lohit-deva)"
                ),
            );
            return None;
        }
        files.extend(found);
    }
    files.sort();
    Some(files)
}

/// The fixture as a PDF, with fonts from `font_paths` and (`system_fonts`)
/// the machine.
fn export(font_paths: &[PathBuf], system_fonts: bool) -> Export {
    let envelope = common::envelope(&deck());
    let resolver = decktype_assets::Resolver::none();
    let mut options = Options::new(&resolver);
    options.font_paths = font_paths;
    options.system_fonts = system_fonts;
    decktype_export_pdf::export(&envelope, &options).unwrap_or_else(|f| panic!("{f}"))
}

fn view(font_paths: &[PathBuf], system_fonts: bool) -> View {
    let envelope = common::envelope(&deck());
    let resolver = decktype_assets::Resolver::none();
    let mut options = Options::new(&resolver);
    options.font_paths = font_paths;
    options.system_fonts = system_fonts;
    decktype_export_pdf::view(&envelope, &options).0
}

/// The family and source that serve `script`, as `/pdf.json` says.
fn serving(view: &View, script: &str) -> Vec<(String, FontSource)> {
    view.fonts
        .iter()
        .filter(|f| f.script == script)
        .map(|f| (f.family.clone(), f.source))
        .collect()
}

fn glyph_messages(out: &Export) -> Vec<&str> {
    out.diagnostics
        .iter()
        .filter(|d| d.code == MISSING_GLYPH)
        .map(|d| d.message.as_str())
        .collect()
}

/// Without whitespace: pdftotext breaks lines where the layout did.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The letters of `text` (not its punctuation, which the bundled fonts
/// may have).
fn letters(text: &str) -> Vec<char> {
    text.chars().filter(|c| c.is_alphabetic()).collect()
}

#[test]
fn the_machine_s_fonts_serve_every_script() {
    if machine_fonts(&["zh", "ja", "ko", "hi"]).is_none() {
        return;
    }
    let out = export(&[], true);
    assert_eq!(out.pages, 7);
    assert!(
        glyph_messages(&out).is_empty(),
        "{:?}",
        glyph_messages(&out)
    );

    let view = view(&[], true);
    assert_eq!(view.missing_glyphs, "");
    assert_eq!(
        serving(&view, "Latin"),
        [("Lato".to_owned(), FontSource::Bundled)]
    );
    // Arabic and Hebrew: DejaVu Sans has them.
    for script in ["Arabic", "Hebrew"] {
        assert_eq!(
            serving(&view, script),
            [("DejaVu Sans".to_owned(), FontSource::Bundled)],
            "{script}"
        );
    }
    // One CJK family for all of Chinese, Japanese and Korean (Japanese,
    // as the deck has kana), from the machine.
    let cjk = serving(&view, "Han");
    assert_eq!(cjk.len(), 1, "{cjk:?}");
    assert_eq!(cjk[0].1, FontSource::System);
    assert!(cjk[0].0.ends_with(" JP"), "{cjk:?}");
    for script in ["Hiragana", "Katakana", "Hangul"] {
        assert_eq!(serving(&view, script), cjk, "{script}");
    }
    let devanagari = serving(&view, "Devanagari");
    assert_eq!(devanagari.len(), 1, "{devanagari:?}");
    assert_eq!(devanagari[0].1, FontSource::System);

    if !poppler() {
        return;
    }
    let pages: Vec<String> = page_texts(&out.pdf).iter().map(|p| squeezed(p)).collect();
    assert_eq!(pages.len(), 7);
    for (page, text) in [
        (1, CHINESE),
        (2, JAPANESE),
        (3, KOREAN),
        (4, ARABIC),
        (5, HEBREW),
        (6, DEVANAGARI),
    ] {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            assert!(
                pages[page].contains(c),
                "page {}: `{c}` not in {:?}",
                page + 1,
                pages[page]
            );
        }
        for word in text.split([' ', '，', '、', '。', '！', ',', '!', '.']) {
            // pdftotext reads a vowel sign drawn before its consonant
            // (`ि` in `दुनिया`) out of order.
            if word.is_empty() || word.contains('\u{093F}') {
                continue;
            }
            assert!(
                pages[page].contains(word) || pages[page].contains(&reversed(word)),
                "page {}: `{word}` not in {:?}",
                page + 1,
                pages[page]
            );
        }
        assert!(
            !pages[page].contains("U+"),
            "page {}: {}",
            page + 1,
            pages[page]
        );
    }
}

/// `word` in visual order, as some extractors give right-to-left text.
fn reversed(word: &str) -> String {
    word.chars().rev().collect()
}

#[test]
fn without_the_machine_s_fonts_each_slide_lists_its_missing_characters_once() {
    let out = export(&[], false);
    let messages = glyph_messages(&out);
    // Chinese, Japanese and Korean: one diagnostic each. (Devanagari is
    // set with typst's math font, the last resort.)
    assert_eq!(messages.len(), 3, "{messages:?}");
    for (slide, text) in [(2, CHINESE), (3, JAPANESE), (4, KOREAN)] {
        let prefix = format!("slide {slide}: ");
        let on_slide: Vec<&&str> = messages.iter().filter(|m| m.starts_with(&prefix)).collect();
        assert_eq!(on_slide.len(), 1, "slide {slide}: {messages:?}");
        for c in letters(text) {
            assert!(
                on_slide[0].contains(c),
                "slide {slide}: `{c}` not listed: {}",
                on_slide[0]
            );
        }
    }
    assert!(
        messages[0].contains("U+4F60"),
        "the first characters' codes: {}",
        messages[0]
    );
    let help = out
        .diagnostics
        .iter()
        .find(|d| d.code == MISSING_GLYPH)
        .and_then(|d| d.help.as_deref())
        .unwrap_or_default();
    assert!(help.contains("--ignore-system-fonts"), "{help}");

    let view = view(&[], false);
    assert!(view.missing_glyphs.contains("\\x{4F60}"));
    assert!(serving(&view, "Han").is_empty());
    assert_eq!(
        serving(&view, "Devanagari"),
        [("New Computer Modern Math".to_owned(), FontSource::Bundled)]
    );
    assert_eq!(
        serving(&view, "Arabic"),
        [("DejaVu Sans".to_owned(), FontSource::Bundled)]
    );

    if !poppler() {
        return;
    }
    let pages = page_texts(&out.pdf);
    assert!(pages[1].contains("U+4F60"), "{}", pages[1]);
    assert!(!pages[6].contains("U+"), "{}", pages[6]);
}

#[test]
fn a_font_path_folder_serves_what_the_bundled_fonts_lack() {
    let Some(files) = machine_fonts(&["hi"]) else {
        return;
    };
    // A Devanagari font that has no CJK, in a subfolder of the folder.
    let font = files
        .iter()
        .find(|f| !f.to_string_lossy().to_lowercase().contains("cjk"))
        .expect("a Devanagari font");
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("deva");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(font, sub.join(Path::new(font.file_name().unwrap()))).unwrap();
    let paths = vec![dir.path().to_path_buf()];

    let out = export(&paths, false);
    // Devanagari comes from the folder (before typst's math font); the CJK
    // slides still miss theirs.
    assert_eq!(glyph_messages(&out).len(), 3, "{:?}", glyph_messages(&out));

    let view = view(&paths, false);
    let devanagari = serving(&view, "Devanagari");
    assert_eq!(devanagari.len(), 1, "{devanagari:?}");
    assert_eq!(devanagari[0].1, FontSource::Path);
    assert!(!view.missing_glyphs.contains("\\x{928}"));
    assert!(
        !serving(&view, "Devanagari")
            .iter()
            .any(|(_, source)| *source == FontSource::Bundled)
    );
    assert!(view.missing_glyphs.contains("\\x{4F60}"));
}

#[test]
fn the_view_with_fonts_validates() {
    let schema: serde_json::Value =
        serde_json::from_str(&decktype_export_pdf::view_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for system in [true, false] {
        let json = serde_json::to_value(view(&[], system)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(json["fonts"].as_array().is_some_and(|f| !f.is_empty()));
    }
}

#[test]
fn the_theme_s_body_font_serves_latin() {
    let text = std::fs::read_to_string(deck()).unwrap().replacen(
        "type: slide\n",
        "type: slide\nslideOptions:\n  theme: serif\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serif.md");
    std::fs::write(&path, text).unwrap();
    let envelope = common::envelope(&path);
    let resolver = decktype_assets::Resolver::none();
    let mut options = Options::new(&resolver);
    options.system_fonts = false;
    let view = decktype_export_pdf::view(&envelope, &options).0;
    assert_eq!(
        serving(&view, "Latin"),
        [(view.theme.body_font.clone(), FontSource::Bundled)]
    );
}
