//! `decktype build` end to end on a folder: outputs per deck, feeds that hold
//! what the per-deck JSON says, a broken deck reported while the others
//! build, incremental rebuilds (nothing, one changed deck, an image that
//! appears, a deck removed), and the whole corpus when present.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use decktype_build::{Formats, Options, Progress, Status, Summary, build};

#[path = "../../parse/tests/common/mod.rs"]
mod common;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds `dir` into `site`; returns the summary and each deck's report
/// (path, status, error count).
fn run(dir: &Path, site: &Path, options: &Options) -> (Summary, Vec<(String, Status, usize)>) {
    let reports = Mutex::new(Vec::new());
    let found = Mutex::new(None);
    let summary = build(dir, site, options, &|p| match p {
        Progress::Found { total } => *found.lock().unwrap() = Some(total),
        Progress::Deck(r) => reports
            .lock()
            .unwrap()
            .push((r.path.clone(), r.status, r.errors)),
    })
    .expect("the build runs");
    let mut reports = reports.into_inner().unwrap();
    reports.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found.into_inner().unwrap(), Some(reports.len()));
    assert_eq!(summary.decks, reports.len());
    (summary, reports)
}

fn json_html() -> Options {
    Options {
        formats: Formats {
            json: true,
            html: true,
            pdf: false,
        },
        ..Options::default()
    }
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A folder with the two seed decks (one in a subfolder), a note that is
/// not a deck, and an image.
fn small_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let f = workspace().join("fixtures");
    std::fs::create_dir(dir.path().join("2023")).unwrap();
    std::fs::copy(
        f.join("seed-community-call-2024-04-18.md"),
        dir.path().join("20240418.md"),
    )
    .unwrap();
    std::fs::copy(
        f.join("seed-community-call-2023-08.md"),
        dir.path().join("2023/20230831.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "# Minutes\n\nNot slides.\n").unwrap();
    dir
}

#[test]
fn a_folder_builds_into_outputs_and_feeds_and_rebuilds_incrementally() {
    let dir = small_folder();
    let site = tempfile::tempdir().unwrap();
    let options = Options::default();
    let (summary, reports) = run(dir.path(), site.path(), &options);
    assert_eq!(
        reports,
        [
            ("2023/20230831.md".to_owned(), Status::Built, 0),
            ("20240418.md".to_owned(), Status::Built, 0),
        ]
    );
    assert_eq!(summary.not_decks, ["README.md"]);
    for out in [
        "decks/20240418.json",
        "decks/20240418.html",
        "decks/20240418.pdf",
        "decks/2023/20230831.json",
        "decks/2023/20230831.html",
        "decks/2023/20230831.pdf",
        "archive.json",
        "index.jsonl",
        "events.ics",
        "index.html",
    ] {
        let path = site.path().join(out);
        assert!(path.is_file(), "{out} missing");
        assert!(
            summary.written.iter().any(|w| w == out),
            "{out} not reported"
        );
    }
    assert!(
        std::fs::read(site.path().join("decks/20240418.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
    // The per-deck JSON is decktype's deck JSON, and the index lists it.
    let deck = read_json(&site.path().join("decks/20240418.json"));
    assert_eq!(deck["format_version"], 1);
    assert_eq!(deck["source"]["path"], "20240418.md");
    let index = std::fs::read_to_string(site.path().join("index.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = index
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], "20240418.md");
    assert_eq!(lines[0]["outputs"]["pdf"], "decks/20240418.pdf");
    assert_eq!(
        lines[0]["counts"]["slides"],
        deck["deck"]["slides"].as_array().unwrap().len()
    );
    let archive = read_json(&site.path().join("archive.json"));
    assert_eq!(archive["decks"].as_array().unwrap().len(), 2);

    // Nothing changed: nothing is rebuilt or written.
    let (again, reports) = run(dir.path(), site.path(), &options);
    assert!(
        reports.iter().all(|r| r.1 == Status::Unchanged),
        "{reports:?}"
    );
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(again.slides, summary.slides);

    // One deck edited: only it is rebuilt.
    let edited = dir.path().join("20240418.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("Status Page", "Status Page (edited)")).unwrap();
    let (_, reports) = run(dir.path(), site.path(), &options);
    assert_eq!(reports[0].1, Status::Unchanged);
    assert_eq!(reports[1].1, Status::Built);
    assert!(
        std::fs::read_to_string(site.path().join("decks/20240418.html"))
            .unwrap()
            .contains("Status Page (edited)")
    );

    // Other options rebuild everything; a deleted output is made again.
    std::fs::remove_file(site.path().join("decks/2023/20230831.html")).unwrap();
    let (_, reports) = run(dir.path(), site.path(), &json_html());
    assert!(reports.iter().all(|r| r.1 == Status::Built), "{reports:?}");
    assert!(site.path().join("decks/2023/20230831.html").is_file());
    // ... and the PDFs that are no longer asked for are removed.
    assert!(!site.path().join("decks/20240418.pdf").exists());

    // A deck removed from the folder: its outputs go too.
    std::fs::remove_file(dir.path().join("2023/20230831.md")).unwrap();
    let (summary, _) = run(dir.path(), site.path(), &json_html());
    assert!(!site.path().join("decks/2023/20230831.json").exists());
    assert!(
        summary
            .removed
            .iter()
            .any(|r| r == "decks/2023/20230831.json")
    );
    let index = std::fs::read_to_string(site.path().join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), 1);
}

#[test]
fn an_image_that_appears_rebuilds_the_decks_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "---\ntype: slide\n---\n\n# Call 2024-05-02\n\n![logo](https://input.scs.community/uploads/logo.png)\n\n---\n\n# Other\n";
    std::fs::write(dir.path().join("20240502.md"), deck).unwrap();
    std::fs::write(
        dir.path().join("20240509.md"),
        deck.replace(
            "![logo](https://input.scs.community/uploads/logo.png)",
            "no image",
        ),
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    let options = json_html();
    run(dir.path(), site.path(), &options);
    let html = std::fs::read_to_string(site.path().join("decks/20240502.html")).unwrap();
    assert!(!html.contains("data:image/png"));
    // The image is stored next to the deck now.
    let png = std::fs::read(workspace().join("fixtures/check/img/logo.png")).unwrap();
    std::fs::write(dir.path().join("logo.png"), png).unwrap();
    let (_, reports) = run(dir.path(), site.path(), &options);
    assert_eq!(
        reports.iter().map(|r| r.1).collect::<Vec<_>>(),
        [Status::Built, Status::Unchanged]
    );
    let html = std::fs::read_to_string(site.path().join("decks/20240502.html")).unwrap();
    assert!(html.contains("data:image/png"));
}

#[test]
fn a_broken_deck_is_reported_and_skipped_and_the_others_build() {
    let dir = small_folder();
    let f = workspace().join("fixtures");
    std::fs::copy(f.join("broken-yaml.md"), dir.path().join("broken-yaml.md")).unwrap();
    let mut not_utf8 = b"---\ntype: slide\n---\n\n# Call\n\nBad byte: ".to_vec();
    not_utf8.extend([0xff, 0xfe, b'\n']);
    std::fs::write(dir.path().join("latin1.md"), not_utf8).unwrap();
    let site = tempfile::tempdir().unwrap();
    let (summary, reports) = run(dir.path(), site.path(), &json_html());
    let failed: Vec<&str> = reports
        .iter()
        .filter(|r| r.1 == Status::Failed)
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(failed, ["broken-yaml.md", "latin1.md"]);
    assert_eq!(summary.failed, ["broken-yaml.md", "latin1.md"]);
    assert!(summary.errors >= 2);
    assert_eq!(summary.built, 2);
    assert!(!site.path().join("decks/broken-yaml.json").exists());
    assert!(!site.path().join("decks/latin1.html").exists());
    let index = std::fs::read_to_string(site.path().join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), 2);
    // Still broken next time: reported again, not taken as unchanged.
    let (_, reports) = run(dir.path(), site.path(), &json_html());
    assert_eq!(reports.iter().filter(|r| r.1 == Status::Failed).count(), 2);
}

#[test]
fn the_site_folder_inside_the_decks_folder_is_left_out() {
    let dir = small_folder();
    let site = dir.path().join("site");
    let (summary, _) = run(dir.path(), &site, &json_html());
    assert_eq!(summary.decks, 2);
    // Building again does not pick up the outputs (or anything in them).
    let (summary, _) = run(dir.path(), &site, &json_html());
    assert_eq!(summary.unchanged, 2);
    // A folder that does not exist is an error of the build, not a panic.
    let err = build(&dir.path().join("nope"), &site, &json_html(), &|_| {}).unwrap_err();
    assert!(err.to_string().contains("is not a folder"), "{err}");
}

#[test]
fn a_second_build_into_the_same_site_is_refused_while_one_runs() {
    let dir = small_folder();
    let site = tempfile::tempdir().unwrap();
    // The first build leaves its lock file, unlocked.
    run(dir.path(), site.path(), &json_html());
    let lock_path = site.path().join(decktype_build::LOCK_FILE);
    assert!(lock_path.is_file());
    // Another build (here: another open file holding the lock) is running.
    let other = std::fs::File::open(&lock_path).unwrap();
    other.lock().unwrap();
    let before = std::fs::read(site.path().join(decktype_build::STATE_FILE)).unwrap();
    let err = build(dir.path(), site.path(), &json_html(), &|_| {}).unwrap_err();
    assert!(
        err.to_string()
            .contains("another `decktype build` is writing to"),
        "{err}"
    );
    // Refused before touching anything.
    assert_eq!(
        std::fs::read(site.path().join(decktype_build::STATE_FILE)).unwrap(),
        before
    );
    // Once the other build is done, building works again.
    other.unlock().unwrap();
    let (summary, _) = run(dir.path(), site.path(), &json_html());
    assert_eq!(summary.unchanged, 2);
}

/// Copies the `*.md` and image files of `from` into `to`.
fn copy_folder(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn the_corpus_builds_and_its_feeds_hold_the_per_deck_data() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("scs-community-call");
    let site = tempfile::tempdir().unwrap();
    let options = Options::default();
    let (summary, reports) = run(&dir, site.path(), &options);
    let decks = common::markdown_files(&dir);
    assert_eq!(reports.len(), decks.len());
    assert!(
        reports.iter().all(|r| r.1 == Status::Built),
        "{:?}",
        reports
            .iter()
            .filter(|r| r.1 != Status::Built)
            .collect::<Vec<_>>()
    );
    assert!(summary.not_decks.is_empty());
    let index = std::fs::read_to_string(site.path().join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), decks.len());
    let page = std::fs::read_to_string(site.path().join("index.html")).unwrap();
    let ics = std::fs::read_to_string(site.path().join("events.ics")).unwrap();
    let calendar: icalendar::Calendar = ics.parse().expect("events.ics parses");
    let uids: Vec<String> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .filter_map(|e| icalendar::Component::get_uid(e).map(str::to_owned))
        .collect();
    // Which archive event each announcement (deck, span) belongs to.
    let archive = read_json(&site.path().join("archive.json"));
    let mut event_of = std::collections::HashMap::new();
    for e in archive["events"].as_array().unwrap() {
        for m in e["announced_in"].as_array().unwrap() {
            event_of.insert((m["deck"].to_string(), m["span"].to_string()), e.clone());
        }
    }
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    for line in index.lines() {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = line["path"].as_str().unwrap();
        for ext in ["json", "html", "pdf"] {
            let out = line["outputs"][ext].as_str().unwrap();
            assert!(site.path().join(out).is_file(), "{out}");
            assert!(
                page.contains(&format!("href=\"{}\"", escape(out))),
                "{out} not linked"
            );
        }
        let deck = read_json(&site.path().join(line["outputs"]["json"].as_str().unwrap()));
        assert_eq!(deck["source"]["path"], path);
        let pdf =
            std::fs::read(site.path().join(line["outputs"]["pdf"].as_str().unwrap())).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // The tender board shows every status the deck's JSON has.
        for t in deck["deck"]["tenders"].as_array().unwrap() {
            let status = t["status"].as_str().unwrap();
            assert!(
                page.contains(&escape(status)),
                "{path}: tender status {status:?}"
            );
        }
        // The calendar (page and events.ics) has every event it announces.
        for e in deck["deck"]["events"].as_array().unwrap() {
            let start = e["start"].as_str().unwrap();
            assert!(page.contains(start), "{path}: event on {start}");
            let event = event_of
                .get(&(serde_json::json!(path).to_string(), e["span"].to_string()))
                .unwrap_or_else(|| panic!("{path}: {e} not in archive.json"));
            assert_eq!(event["start"], e["start"]);
            let uid = event["uid"].as_str().unwrap();
            assert!(
                uids.iter().any(|u| u == uid),
                "{path}: {uid} not in events.ics"
            );
            assert!(page.contains(&escape(event["name"].as_str().unwrap())));
        }
    }

    // A second build with no change rebuilds and writes nothing.
    let (again, reports) = run(&dir, site.path(), &options);
    assert!(reports.iter().all(|r| r.1 == Status::Unchanged));
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert!(again.removed.is_empty());
}

#[test]
fn a_broken_deck_in_a_copy_of_the_corpus_is_reported_while_all_others_build() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_folder(&corpus.join("scs-community-call"), dir.path());
    let victim = dir.path().join("20240418.md");
    let text = std::fs::read_to_string(&victim).unwrap();
    // Invalid YAML in the front matter.
    std::fs::write(&victim, text.replacen("title:", "title: [unclosed:", 1)).unwrap();
    let site = tempfile::tempdir().unwrap();
    let (summary, reports) = run(dir.path(), site.path(), &json_html());
    assert_eq!(summary.failed, ["20240418.md"]);
    assert_eq!(summary.built, reports.len() - 1);
    assert!(!site.path().join("decks/20240418.html").exists());
    let index = std::fs::read_to_string(site.path().join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), reports.len() - 1);
    assert!(!index.contains("\"20240418.md\""));
}

#[test]
fn files_section_gitignore_and_hidden_folders_choose_the_decks() {
    let dir = small_folder();
    let d = dir.path();
    let deck = std::fs::read_to_string(d.join("20240418.md")).unwrap();
    for rel in [
        "template.md",
        "drafts/idea.md",
        "ignored/old.md",
        ".github/pr.md",
    ] {
        let path = d.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &deck).unwrap();
    }
    std::fs::write(
        d.join("decktype.toml"),
        "[files]\nexclude = [\"template.md\", \"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::write(d.join(".gitignore"), "/ignored/\n").unwrap();
    let site = tempfile::tempdir().unwrap();
    let options = Options {
        formats: Formats {
            json: true,
            html: false,
            pdf: false,
        },
        ..Options::default()
    };
    let (summary, reports) = run(d, site.path(), &options);
    let built: Vec<&str> = reports.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(built, ["2023/20230831.md", "20240418.md"]);
    assert_eq!(summary.not_decks, ["README.md"]);

    // A `[files]` the build cannot read is an error of the build.
    std::fs::write(d.join("decktype.toml"), "[files]\nexclud = []\n").unwrap();
    let e = build(d, site.path(), &options, &|_| {}).unwrap_err();
    assert!(e.to_string().contains("unknown field `exclud`"), "{e}");
}

/// The parser's and the semantic pass's findings, as `(code, severity)`,
/// sorted (the codes `parse`, `check` and `build` all report).
fn analysis_findings<'a>(
    diagnostics: impl IntoIterator<Item = &'a decktype_model::Diagnostic>,
) -> Vec<(String, String)> {
    use decktype_model::codes::{Stage, info};
    let mut out: Vec<(String, String)> = diagnostics
        .into_iter()
        .filter(|d| {
            info(&d.code).is_some_and(|i| matches!(i.stage, Stage::Parse | Stage::Semantics))
        })
        .map(|d| (d.code.clone(), format!("{:?}", d.severity)))
        .collect();
    out.sort();
    out
}

#[test]
fn a_finding_has_the_same_level_in_parse_check_and_build() {
    // Every check fixture (one deck per code, and each fixed), built as a
    // folder, parsed and checked one by one.
    let fixtures = workspace().join("fixtures/check");
    let dir = tempfile::tempdir().unwrap();
    copy_folder(&fixtures, dir.path());
    let site = tempfile::tempdir().unwrap();
    let options = Options {
        formats: Formats {
            json: true,
            html: false,
            pdf: false,
        },
        ..Options::default()
    };
    let from_build = Mutex::new(Vec::new());
    let summary = build(dir.path(), site.path(), &options, &|p| {
        if let Progress::Deck(r) = p {
            from_build
                .lock()
                .unwrap()
                .push((r.path.clone(), analysis_findings(&r.diagnostics)));
        }
    })
    .unwrap();
    let from_build = from_build.into_inner().unwrap();
    assert!(from_build.len() > 40, "{}", from_build.len());
    let analysis = decktype_pipeline::Options::new(options.profile.clone(), None);
    let mut seen = std::collections::BTreeSet::new();
    for (rel, build_findings) in &from_build {
        let file = dir.path().join(rel);
        let bytes = std::fs::read(&file).unwrap();
        // `decktype parse FILE`: what it reports, as it reports it.
        let parse = match decktype_pipeline::decode(bytes) {
            Ok(source) => {
                let analysed = decktype_pipeline::analyse(Some(rel), source.as_str(), &analysis);
                let check = decktype_check::check_source(
                    &source,
                    Some(&file),
                    &analysis,
                    &decktype_check::Config::default(),
                )
                .1;
                assert_eq!(
                    analysis_findings(&analysed.diagnostics),
                    analysis_findings(&check),
                    "{rel}: parse vs check"
                );
                analysis_findings(&analysed.diagnostics)
            }
            Err(failure) => {
                let check =
                    decktype_check::Config::default().apply(vec![failure.diagnostic.clone()]);
                assert_eq!(
                    analysis_findings([&failure.diagnostic]),
                    analysis_findings(&check),
                    "{rel}: parse vs check"
                );
                analysis_findings([&failure.diagnostic])
            }
        };
        assert_eq!(&parse, build_findings, "{rel}: parse vs build");
        seen.extend(parse.into_iter().map(|(code, _)| code));
    }
    // The codes whose level used to differ are among those compared.
    for code in ["DT001", "DT011", "DT004", "DT020", "DT030"] {
        assert!(seen.contains(code), "{code} not compared: {seen:?}");
    }
    // DT006's deck is not a deck: not built, and checked only when named.
    assert!(summary.not_decks.iter().any(|f| f == "DT006.md"));
}
