//! One of each: every diagnostic code in the registry
//! (`decktype_model::codes::ALL`) has a fixture: `fixtures/check/DTnnn.md` for
//! the codes a check reports (the check's own fixture, with its `.ok.md`
//! twin), `fixtures/codes/DTnnn-<name>.md` for the exports' and the build's,
//! and the stage that emits the code reports it on that fixture: the parser
//! and the semantic pass through `decktype_pipeline::analyse` (and
//! `decode` for bytes that are not UTF-8), the check rules through
//! `decktype_check::check_source`, the exports through `Analysed::to_html`
//! and `Analysed::to_pdf`, and the build through a build whose output path
//! is taken by a folder. A code that cannot have a fixture is listed in
//! [`NO_FIXTURE`] with the reason.
//!
//! Needs the PDF export (the `pdf` feature, on by default).
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::workspace;
use decktype_model::codes::{self, CodeInfo, Stage};

/// Codes no deck can trigger, and why.
const NO_FIXTURE: &[(&str, &str)] = &[
    (
        codes::SCHEMA_INVALID,
        "the deck's JSON fails the committed schema only through a decktype bug; \
         decktype-check's schema.rs unit-tests the rule on hand-broken JSON",
    ),
    (
        codes::INPUT_TOO_LARGE,
        "a fixture would be over 64 MiB; crates/cli/tests/bounded.rs reads \
         /dev/zero, a sparse 100 MB file and standard input over a lowered limit",
    ),
];

/// The fixtures by code: `fixtures/check/DTnnn.md`, and every file in
/// `fixtures/codes/`, named after a registered code and its registry name.
fn fixtures() -> BTreeMap<&'static str, PathBuf> {
    let mut out = BTreeMap::new();
    for info in codes::ALL {
        let path = workspace().join(format!("fixtures/check/{}.md", info.code));
        if path.is_file() {
            out.insert(info.code, path);
        }
    }
    let dir = workspace().join("fixtures/codes");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((code, name)) = file
            .strip_suffix(".md")
            .and_then(|stem| stem.split_once('-'))
        else {
            panic!("fixtures/codes/{file} is not named DTnnn-<name>.md");
        };
        let info = codes::info(code)
            .unwrap_or_else(|| panic!("fixtures/codes/{file}: {code} is not a registered code"));
        assert_eq!(
            name, info.name,
            "fixtures/codes/{file}: the registry names {code} `{}`",
            info.name
        );
        assert!(
            out.insert(info.code, path).is_none(),
            "two fixtures for {code}"
        );
    }
    out
}

/// The stages that emit `info`'s code: its own, and the PDF export for the
/// image both exports report.
fn stages(info: &CodeInfo) -> Vec<Stage> {
    if info.code == codes::IMAGE_NOT_EMBEDDED {
        vec![Stage::Html, Stage::Pdf]
    } else {
        vec![info.stage]
    }
}

/// PDF settings for a fixture: the defaults, but PDF/UA-1 for the deck
/// that fails it.
fn pdf_settings(code: &str) -> decktype_pipeline::PdfSettings {
    let mut settings = decktype_pipeline::PdfSettings::default();
    if code == codes::TYPST_FAILED {
        settings.standard = decktype_export_pdf::Standard::Ua1;
    }
    settings
}

/// The codes `stage` reports for the fixture at `path` (of `code`).
fn emitted(stage: Stage, code: &str, path: &Path) -> Vec<String> {
    let source = match decktype_pipeline::decode(std::fs::read(path).unwrap()) {
        Ok(source) => source,
        Err(not_utf8) => return vec![not_utf8.diagnostic.code],
    };
    let name = path.to_string_lossy();
    let options = decktype_pipeline::Options::default();
    let analysed = decktype_pipeline::analyse(Some(name.as_ref()), source.as_str(), &options);
    let resolver = decktype_pipeline::Images::default().resolver(path.parent());
    let diagnostics = match stage {
        Stage::Parse | Stage::Semantics => analysed.diagnostics,
        Stage::Check => {
            let config = decktype_check::Config::default();
            decktype_check::check_source(&source, Some(path), &options, &config).1
        }
        Stage::Html => analysed.to_html(&resolver).diagnostics,
        Stage::Pdf => match analysed.to_pdf(&resolver, &pdf_settings(code)) {
            Ok(export) => export.diagnostics,
            Err(failure) => failure.diagnostics,
        },
        Stage::Build if code == codes::DECK_OVER_BUDGET => over_budget(path),
        Stage::Build => built(path),
    };
    diagnostics.into_iter().map(|d| d.code).collect()
}

/// The diagnostics of building a folder with the deck at `path` into a site
/// where a folder stands at the deck's JSON output.
fn built(path: &Path) -> Vec<decktype_model::Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::copy(path, decks.join("deck.md")).unwrap();
    let site = dir.path().join("site");
    let blocked = site.join("decks/deck.json");
    std::fs::create_dir_all(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), "a folder where the JSON goes").unwrap();
    let options = decktype_build::Options {
        formats: decktype_build::Formats {
            json: true,
            html: false,
            pdf: false,
        },
        ..Default::default()
    };
    let found = std::sync::Mutex::new(Vec::new());
    decktype_build::build(&decks, &site, &options, &|p| {
        if let decktype_build::Progress::Deck(report) = p {
            found.lock().unwrap().extend(report.diagnostics.clone());
        }
    })
    .expect("the build runs");
    found.into_inner().unwrap()
}

/// The diagnostics of building a folder with the deck at `path` with a
/// time budget (1 ms) no deck can keep, in worker processes of the binary.
fn over_budget(path: &Path) -> Vec<decktype_model::Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::copy(path, decks.join("deck.md")).unwrap();
    let site = dir.path().join("site");
    let worker = decktype_build::WorkerCommand {
        program: env!("CARGO_BIN_EXE_decktype").into(),
        args: ["__export-deck", "decks", "-o", "site", "--to", "json"]
            .map(Into::into)
            .to_vec(),
    };
    let options = decktype_build::Options {
        formats: decktype_build::Formats {
            json: true,
            html: false,
            pdf: false,
        },
        budget: Some(decktype_build::Budget {
            time: std::time::Duration::from_millis(1),
            memory: None,
            worker,
        }),
        ..Default::default()
    };
    let found = std::sync::Mutex::new(Vec::new());
    decktype_build::build(&decks, &site, &options, &|p| {
        if let decktype_build::Progress::Deck(report) = p {
            found.lock().unwrap().extend(report.diagnostics.clone());
        }
    })
    .expect("the build runs");
    found.into_inner().unwrap()
}

#[test]
fn every_code_fires_on_its_fixture() {
    let fixtures = fixtures();
    let mut missing = Vec::new();
    let mut silent = Vec::new();
    for info in codes::ALL {
        let reason = NO_FIXTURE.iter().find(|(c, _)| *c == info.code);
        let path = match (fixtures.get(info.code), reason) {
            (Some(_), Some(_)) => panic!("{} has a fixture and a reason not to", info.code),
            (None, Some(_)) => continue,
            (None, None) => {
                missing.push(format!("fixtures/codes/{}-{}.md", info.code, info.name));
                continue;
            }
            (Some(path), None) => path,
        };
        for stage in stages(info) {
            let got = emitted(stage, info.code, path);
            if !got.iter().any(|c| c == info.code) {
                silent.push(format!(
                    "{}: the {} stage does not report {}, only {got:?}",
                    path.strip_prefix(workspace()).unwrap_or(path).display(),
                    stage.name(),
                    info.code
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a fixture or a reason in NO_FIXTURE: {missing:?}"
    );
    assert!(silent.is_empty(), "{}", silent.join("\n"));
}
