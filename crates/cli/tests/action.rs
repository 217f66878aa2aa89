//! The GitHub Action (`action.yml`, `scripts/action/run.sh`) run here: a
//! temporary git repository with a base commit and a pull request's commit,
//! a fake event and the `GITHUB_*` files, the inputs passed as `INPUT_*`
//! variables the way action.yml maps them (its declared defaults when a test
//! sets none), and this build's decktype as `DECKTYPE_BIN`. Skipped, with a
//! reason, where `git` or `bash` is missing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::workspace;

/// Why the tests cannot run here, if they cannot.
fn missing_tool() -> Option<&'static str> {
    for tool in ["git", "bash"] {
        let ok = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return Some(tool);
        }
    }
    None
}

macro_rules! require_tools {
    () => {
        if let Some(tool) = missing_tool() {
            eprintln!("skipped: `{tool}` is not installed; the action's tests need git and bash");
            return;
        }
    };
}

/// An empty git configuration file, for `GIT_CONFIG_GLOBAL`: the tests
/// must not see the user's.
fn empty_git_config() -> PathBuf {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-empty.gitconfig");
    if std::fs::read(&file).map_or(true, |b| !b.is_empty()) {
        std::fs::write(&file, "").unwrap();
    }
    file
}

/// `git ARGS` in `dir`, isolated from the user's and the system's git
/// configuration; its standard output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=decktype test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", empty_git_config())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

const GOOD: &str = "---\ntitle: Community Call\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\n\n* Welcome\n";
/// DT043, an error (the repository's decktype.toml says so): an image
/// that is not there.
const BROKEN: &str = "---\ntitle: Community Call\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\n\n![The logo](missing.png)\n";
/// The levels of the rules the tests use, whatever the defaults become.
const CONFIG: &str = "[check]\nrules = { DT042 = \"warning\", DT043 = \"error\", DT045 = \"warning\", DT017 = \"warning\" }\n";
/// DT042, a warning: a template placeholder.
const WARN: &str =
    "---\ntitle: Community Call\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\n\n* @todo\n";

/// A repository whose base commit has a good, a broken and a warning deck,
/// two READMEs and a decktype.toml.
struct Repo {
    dir: tempfile::TempDir,
    base: String,
}

impl Repo {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        let repo = Repo {
            dir,
            base: String::new(),
        };
        repo.write("README.md", "# The community's decks\n");
        repo.write("decktype.toml", CONFIG);
        repo.write(
            "decks/README.md",
            "# About these decks\n\nOne file per call.\n",
        );
        repo.write("decks/20240418.md", GOOD);
        repo.write("decks/broken.md", BROKEN);
        repo.write("decks/warn.md", WARN);
        let base = repo.commit("base");
        Repo { base, ..repo }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let file = self.path().join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    fn commit(&self, message: &str) -> String {
        git(self.path(), &["add", "-A"]);
        git(self.path(), &["commit", "-q", "-m", message]);
        git(self.path(), &["rev-parse", "HEAD"])
    }

    /// Commits the pull request's changes (files to write, files to
    /// delete) and returns its event JSON.
    fn pull_request(&self, write: &[(&str, &str)], delete: &[&str]) -> String {
        for (rel, text) in write {
            self.write(rel, text);
        }
        for rel in delete {
            std::fs::remove_file(self.path().join(rel)).unwrap();
        }
        let head = self.commit("pull request");
        serde_json::json!({
            "pull_request": { "number": 1, "base": { "sha": self.base }, "head": { "sha": head } }
        })
        .to_string()
    }
}

/// What a run of the action left behind.
struct Run {
    status: Option<i32>,
    log: String,
    summary: String,
    outputs: BTreeMap<String, String>,
    report: serde_json::Value,
    temp: tempfile::TempDir,
}

impl Run {
    /// The paths in the JSON report, in order.
    fn checked(&self) -> Vec<String> {
        self.report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The annotation lines of the log.
    fn annotations(&self) -> Vec<&str> {
        self.log
            .lines()
            .filter(|l| {
                ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect()
    }
}

/// The inputs action.yml declares, with their defaults.
fn declared_inputs() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(workspace().join("action.yml")).unwrap();
    let mut inputs = Vec::new();
    let mut in_inputs = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_inputs = line == "inputs:";
            continue;
        }
        if !in_inputs {
            continue;
        }
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
            && !name.starts_with(' ')
        {
            inputs.push((name.to_owned(), String::new()));
        } else if let Some(default) = line.strip_prefix("    default:") {
            let default = default.trim().trim_matches('"');
            inputs.last_mut().expect("an input before its default").1 = default.to_owned();
        }
    }
    inputs
}

/// `fail-on` → `INPUT_FAIL_ON`, as action.yml maps it.
fn env_name(input: &str) -> String {
    format!("INPUT_{}", input.to_uppercase().replace('-', "_"))
}

/// Runs `scripts/action/run.sh` in `repo` for `event` with `inputs` (the
/// others at action.yml's defaults).
fn run_action(repo: &Path, event: &str, event_json: &str, inputs: &[(&str, &str)]) -> Run {
    let temp = tempfile::tempdir().unwrap();
    let event_path = temp.path().join("event.json");
    std::fs::write(&event_path, event_json).unwrap();
    let summary = temp.path().join("summary.md");
    let output = temp.path().join("output");
    std::fs::write(&summary, "").unwrap();
    std::fs::write(&output, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(workspace().join("scripts/action/run.sh"))
        .current_dir(repo)
        .env("DECKTYPE_BIN", env!("CARGO_BIN_EXE_decktype"))
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_WORKSPACE", repo)
        .env("RUNNER_TEMP", temp.path())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("GIT_CONFIG_GLOBAL", empty_git_config())
        .env("GIT_CONFIG_NOSYSTEM", "1");
    for (name, default) in declared_inputs() {
        let value = inputs
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(default, |(_, v)| (*v).to_owned());
        cmd.env(env_name(&name), value);
    }
    for (name, _) in inputs {
        assert!(
            declared_inputs().iter().any(|(n, _)| n == name),
            "action.yml has no input {name}"
        );
    }
    let out = cmd.output().expect("bash runs");
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let outputs: BTreeMap<String, String> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let report = outputs
        .get("report")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map_or(serde_json::Value::Null, |t| {
            serde_json::from_str(&t).unwrap_or_else(|e| panic!("{e}: {t}\n{log}"))
        });
    Run {
        status: out.status.code(),
        log,
        summary: std::fs::read_to_string(&summary).unwrap(),
        outputs,
        report,
        temp,
    }
}

#[test]
fn pull_request_checks_only_the_decks_it_changes() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(
        &[
            ("decks/broken.md", &format!("{BROKEN}\n* More\n")),
            ("decks/new.md", GOOD),
            ("README.md", "# The community's decks, edited\n"),
            ("decks/README.md", "# About these decks, edited\n"),
            ("notes.txt", "not Markdown\n"),
        ],
        &[],
    );
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.status, Some(1), "{}", run.log);
    assert_eq!(
        run.checked(),
        ["decks/broken.md", "decks/new.md"],
        "{}",
        run.log
    );
    assert_eq!(run.outputs["errors"], "1", "{}", run.log);
    assert_eq!(run.outputs["warnings"], "0");
    assert_eq!(run.outputs["files"], "2");
    let report = run.outputs["report"].clone();
    assert!(report.starts_with(run.temp.path().to_str().unwrap()));
    // The READMEs are not decks: skipped, said so, not annotated.
    assert!(
        run.log
            .contains("skipped README.md: not a deck (no type: slide front matter)"),
        "{}",
        run.log
    );
    assert!(run.log.contains("skipped decks/README.md"), "{}", run.log);
    assert_eq!(
        run.annotations()
            .iter()
            .map(|l| l.split(',').next().unwrap())
            .collect::<Vec<_>>(),
        ["::error file=decks/broken.md"],
        "{}",
        run.log
    );
    assert!(
        run.summary
            .starts_with("### decktype check: 1 error, 0 warnings, 0 infos in 2 files\n"),
        "{}",
        run.summary
    );
    assert!(
        run.summary
            .contains("| error | decks\\/broken\\.md\\:8\\:1 | DT043 | the image file"),
        "{}",
        run.summary
    );
    // Every finding is in the log too.
    assert!(
        run.log
            .contains("decks/broken.md:8:1: error[DT043]: the image file"),
        "{}",
        run.log
    );
}

#[test]
fn a_readme_edit_alone_checks_nothing_and_passes() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(&[("README.md", "# Edited\n\n---\n\ntext\n")], &[]);
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert!(run.checked().is_empty(), "{}", run.log);
    assert_eq!(run.report["summary"]["files"], 0);
    assert_eq!(run.outputs["errors"], "0");
    assert_eq!(run.outputs["files"], "0");
    assert!(run.annotations().is_empty(), "{}", run.log);
    assert!(run.summary.contains("no changed decks"), "{}", run.summary);
    // A deleted deck is not checked either.
    let repo = Repo::new();
    let event = repo.pull_request(&[], &["decks/broken.md"]);
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert!(run.checked().is_empty(), "{}", run.log);
}

#[test]
fn fail_on_decides_the_exit_status() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(&[("decks/warn.md", &format!("{WARN}* @todo again\n"))], &[]);
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.status, Some(0), "warnings pass by default: {}", run.log);
    assert_eq!(run.outputs["warnings"], "2");
    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("fail-on", "warning")],
    );
    assert_eq!(run.status, Some(1), "{}", run.log);
    // --deny warnings: the warnings are reported as errors.
    assert_eq!(run.outputs["errors"], "2", "{}", run.log);
    assert!(run.annotations()[0].starts_with("::error file=decks/warn.md"));
    let run = run_action(repo.path(), "pull_request", &event, &[("fail-on", "never")]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("fail-on", "errors")],
    );
    assert_eq!(run.status, Some(2), "{}", run.log);
    assert!(run.log.contains("fail-on must be error, warning or never"));

    let repo = Repo::new();
    let event = repo.pull_request(&[("decks/broken.md", &format!("{BROKEN}x\n"))], &[]);
    let run = run_action(repo.path(), "pull_request", &event, &[("fail-on", "never")]);
    assert_eq!(run.status, Some(0), "{}", run.log);
    assert_eq!(run.outputs["errors"], "1");
    let run = run_action(repo.path(), "pull_request", &event, &[("fail-on", "error")]);
    assert_eq!(run.status, Some(1), "{}", run.log);
    // A usage or I/O failure fails the step whatever fail-on says.
    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("fail-on", "never"), ("config", "missing.toml")],
    );
    assert_eq!(run.status, Some(2), "{}", run.log);
    assert!(
        run.log.contains("cannot read `missing.toml`"),
        "{}",
        run.log
    );
    assert!(!run.outputs.contains_key("report"), "no report to point at");
}

#[test]
fn a_changed_config_a_push_or_all_check_every_deck() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(
        &[(
            "decktype.toml",
            &CONFIG.replace("DT042 = \"warning\"", "DT042 = \"allow\""),
        )],
        &[],
    );
    let inputs = [("paths", "decks")];
    let run = run_action(repo.path(), "pull_request", &event, &inputs);
    let every = ["decks/20240418.md", "decks/broken.md", "decks/warn.md"];
    for deck in every {
        assert!(
            run.checked().iter().any(|p| p == deck),
            "{deck} not checked: {}",
            run.log
        );
    }
    assert!(run.log.contains("decktype.toml changed"), "{}", run.log);
    // The new levels apply: DT042 is allowed.
    assert!(!run.report.to_string().contains("DT042"), "{}", run.report);

    let repo = Repo::new();
    let event = repo.pull_request(&[("README.md", "# Edited\n")], &[]);
    for (event_name, inputs) in [
        ("push", vec![("paths", "decks")]),
        ("pull_request", vec![("paths", "decks"), ("all", "true")]),
    ] {
        let run = run_action(repo.path(), event_name, &event, &inputs);
        for deck in every {
            assert!(
                run.checked().iter().any(|p| p == deck),
                "{event_name} {inputs:?}: {deck} not checked: {}",
                run.log
            );
        }
        assert_eq!(run.status, Some(1), "{}", run.log);
    }

    // A deleted image can break a deck the pull request did not change.
    let repo = Repo::new();
    repo.write("decks/logo.png", "png");
    repo.write(
        "decks/20240418.md",
        &format!("{GOOD}\n![The logo](logo.png)\n"),
    );
    let base = repo.commit("logo");
    let repo = Repo { base, ..repo };
    let event = repo.pull_request(&[], &["decks/logo.png"]);
    let run = run_action(repo.path(), "pull_request", &event, &inputs);
    assert!(
        run.checked().iter().any(|p| p == "decks/20240418.md"),
        "{}",
        run.log
    );
    assert!(run.report.to_string().contains("DT043"), "{}", run.report);
}

#[test]
fn paths_limit_the_changed_decks() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(
        &[
            ("decks/broken.md", &format!("{BROKEN}x\n")),
            ("talks/2024/a.md", GOOD),
            ("talks/2024/more.md", WARN),
        ],
        &[],
    );
    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("paths", "./talks/\n\ndecks/20240418.md\n")],
    );
    assert_eq!(
        run.checked(),
        ["talks/2024/a.md", "talks/2024/more.md"],
        "{}",
        run.log
    );
    assert_eq!(run.status, Some(0), "{}", run.log);
    let run = run_action(repo.path(), "pull_request", &event, &[("paths", "nowhere")]);
    assert_eq!(run.status, Some(2), "{}", run.log);
    assert!(
        run.log.contains("no such deck or folder: 'nowhere'"),
        "{}",
        run.log
    );
}

#[test]
fn annotations_come_errors_first_within_githubs_limits() {
    require_tools!();
    let mut deck = String::from(GOOD);
    for i in 0..12 {
        deck.push_str(&format!("\n* @todo {i}\n"));
    }
    for i in 0..12 {
        deck.push_str(&format!("\n![Image {i}](missing-{i}.png)\n"));
    }
    let repo = Repo::new();
    let event = repo.pull_request(&[("decks/many.md", &deck)], &[]);
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.status, Some(1), "{}", run.log);
    let annotations = run.annotations();
    let kinds: Vec<&str> = annotations
        .iter()
        .map(|l| l.split([' ', ':']).nth(2).unwrap())
        .collect();
    let mut expected = vec!["error"; 10];
    expected.extend(["warning"; 10]);
    expected.push("notice");
    assert_eq!(kinds, expected, "{}", run.log);
    assert!(
        annotations[0].contains("missing-0.png"),
        "{}",
        annotations[0]
    );
    assert!(annotations[10].contains("title=decktype DT042"));
    assert!(
        annotations[20].contains("2 more errors and 2 more warnings not shown as annotations"),
        "{}",
        annotations[20]
    );
    // The summary has them all, errors first.
    let rows: Vec<&str> = run
        .summary
        .lines()
        .filter(|l| l.starts_with("| error") || l.starts_with("| warning"))
        .collect();
    assert_eq!(rows.len(), 24, "{}", run.summary);
    assert!(rows[..12].iter().all(|r| r.starts_with("| error | ")));
    assert_eq!(
        (
            run.outputs["errors"].as_str(),
            run.outputs["warnings"].as_str()
        ),
        ("12", "12")
    );

    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("annotations", "false")],
    );
    assert!(run.annotations().is_empty(), "{}", run.log);
    assert_eq!(run.status, Some(1));
    assert!(run.summary.contains("12 errors, 12 warnings"));
}

#[test]
fn the_summary_escapes_deck_text() {
    require_tools!();
    let hostile = "---\ntitle: x\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\n\n---\n\n# Team <img src=x onerror=alert(1)> | **Ops**\n\n* news\n\n![](a|b*c*_d_.png)\n";
    let repo = Repo::new();
    let event = repo.pull_request(&[("decks/a|<b>`x`.md", hostile)], &[]);
    let run = run_action(repo.path(), "pull_request", &event, &[]);
    assert_eq!(run.checked(), ["decks/a|<b>`x`.md"], "{}", run.log);
    let rows: Vec<&str> = run
        .summary
        .lines()
        .filter(|l| {
            ["| error", "| warning", "| info"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert!(!rows.is_empty(), "{}", run.summary);
    for row in rows {
        assert!(row.contains("decks\\/a\\|\\<b\\>\\`x\\`\\.md"), "{row}");
        // Four cells: only the table's own pipes are unescaped.
        let unescaped = row
            .char_indices()
            .filter(|&(i, c)| c == '|' && (i == 0 || !row[..i].ends_with('\\')))
            .count();
        assert_eq!(unescaped, 5, "{row}");
    }
    // Deck text: the image's path, the HTML.
    assert!(
        run.summary.contains("\\`a\\|b\\*c\\*\\_d\\_\\.png\\`"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("\\<img\\>"), "{}", run.summary);
    for (i, c) in run.summary.char_indices() {
        if "<>|*_[]`&".contains(c)
            && !(c == '|' && run.summary[..i].ends_with(['\n', ' ']))
            && !(c == '|' && run.summary[i + 1..].starts_with(['\n', ' ']))
        {
            assert!(
                run.summary[..i].ends_with('\\'),
                "unescaped {c:?} at {i}: {}",
                run.summary
            );
        }
    }
}

#[test]
fn sarif_is_written_when_asked() {
    require_tools!();
    let repo = Repo::new();
    let event = repo.pull_request(&[("decks/broken.md", &format!("{BROKEN}x\n"))], &[]);
    let temp = tempfile::tempdir().unwrap();
    let sarif = temp.path().join("out/decktype.sarif");
    let run = run_action(
        repo.path(),
        "pull_request",
        &event,
        &[("sarif", sarif.to_str().unwrap())],
    );
    assert_eq!(run.status, Some(1), "{}", run.log);
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "DT043");
    assert_eq!(run.outputs["sarif"], sarif.to_str().unwrap());
}

/// actions/checkout fetches one commit by default: the script fetches the
/// base it needs and, without a merge base, compares base and head.
#[test]
fn a_shallow_checkout_fetches_the_base() {
    require_tools!();
    let origin = Repo::new();
    // As GitHub does: a commit can be fetched by its id.
    git(
        origin.path(),
        &["config", "uploadpack.allowReachableSHA1InWant", "true"],
    );
    let event = origin.pull_request(&[("decks/broken.md", &format!("{BROKEN}x\n"))], &[]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth=1", &url, "checkout"],
    );
    let checkout: PathBuf = clone.path().join("checkout");
    assert!(
        Command::new("git")
            .args(["cat-file", "-e", &format!("{}^{{commit}}", origin.base)])
            .current_dir(&checkout)
            .output()
            .is_ok_and(|o| !o.status.success()),
        "the shallow clone should not have the base"
    );
    let run = run_action(&checkout, "pull_request", &event, &[]);
    assert_eq!(run.checked(), ["decks/broken.md"], "{}", run.log);
    assert_eq!(run.status, Some(1), "{}", run.log);
}

/// action.yml maps every input it declares to the `INPUT_*` variable the
/// scripts read, and the scripts read no other; every output it declares
/// is one run.sh writes.
#[test]
fn action_yml_and_the_scripts_agree() {
    let action = std::fs::read_to_string(workspace().join("action.yml")).unwrap();
    let mut scripts = String::new();
    for name in ["run.sh", "install.sh"] {
        scripts += &std::fs::read_to_string(workspace().join("scripts/action").join(name)).unwrap();
    }
    let declared: Vec<String> = declared_inputs().into_iter().map(|(n, _)| n).collect();
    assert!(declared.len() >= 8, "{declared:?}");
    // `INPUT_X: ${{ inputs.x }}` lines of the steps' env.
    let mut mapped = std::collections::BTreeSet::new();
    for line in action.lines() {
        let line = line.trim();
        if let Some((var, value)) = line.split_once(": ${{ inputs.")
            && var.starts_with("INPUT_")
        {
            let input = value.strip_suffix(" }}").unwrap();
            assert_eq!(var, env_name(input), "{line}");
            mapped.insert(input.to_owned());
        }
    }
    assert_eq!(
        mapped.iter().cloned().collect::<Vec<_>>(),
        {
            let mut d = declared.clone();
            d.sort();
            d
        },
        "inputs declared but not passed to the scripts, or the reverse"
    );
    let read: std::collections::BTreeSet<String> = scripts
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("INPUT_") && w.len() > 6)
        .map(str::to_owned)
        .collect();
    let expected: std::collections::BTreeSet<String> =
        declared.iter().map(|n| env_name(n)).collect();
    assert_eq!(read, expected, "the INPUT_* variables the scripts read");
    // Outputs: `value: ${{ steps.check.outputs.X }}`, written by run.sh.
    for line in action.lines() {
        if let Some(rest) = line.trim().strip_prefix("value: ${{ steps.check.outputs.") {
            let name = rest.strip_suffix(" }}").unwrap();
            assert!(
                scripts.contains(&format!("output {name} ")),
                "run.sh does not write the output {name}"
            );
        }
    }
}

/// The action's test of "is this changed Markdown file a deck?" (an awk
/// sniff in run.sh) agrees with decktype's own
/// (`decktype_parse::is_slide_deck`, which the folder walk uses), on edge
/// cases and on every Markdown file of the fixtures.
#[test]
fn the_scripts_deck_sniff_agrees_with_decktype() {
    require_tools!();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        "---\ntype: slide\n---\n# A\n",
        "\n\n---\ntype: 'slide'\n---\n# A\n",
        "\u{feff}---\ntitle: x\ntype: slide\n---\n",
        "---\ntype: slide\nbad: [\n---\n",
        "---\ntitle: notes\n---\n# A\n",
        "---\ntype: note\n---\n",
        "# Just Markdown\n\ntype: slide\n",
        "",
        "---\r\ntype: slide\r\n---\r\n# A\r\n",
        "---\ntype: slide # a comment\n---\n",
        "---\ntype: \"slide\"\n---\n",
        "---\nmeta:\n  type: slide\n---\n",
        "---\ntitle: x\n...\ntype: slide\n",
        "---\ntitle: x\n---\ntype: slide\n",
        "  ---\ntype: slide\n---\n",
        "text\n---\ntype: slide\n---\n",
        "---\ntype:slide\n---\n",
        "---\ntype: slides\n---\n",
        "---\ntype: slide\n",
    ];
    let mut files: Vec<PathBuf> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let file = dir.path().join(format!("case{i}.md"));
        std::fs::write(&file, case).unwrap();
        files.push(file);
    }
    let mut stack = vec![workspace().join("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    let script = std::fs::read_to_string(workspace().join("scripts/action/run.sh")).unwrap();
    let start = script
        .find("\nis_deck() {")
        .expect("run.sh defines is_deck");
    let end = start + script[start..].find("\n}\n").unwrap() + 3;
    let program = format!(
        "{}\nfor f in \"$@\"; do if is_deck \"$f\"; then echo yes; else echo no; fi; done\n",
        &script[start..end]
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .arg("sniff")
        .args(&files)
        .output()
        .unwrap();
    let answers: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        answers.len(),
        files.len(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut disagree = Vec::new();
    for (file, answer) in files.iter().zip(&answers) {
        let bytes = std::fs::read(file).unwrap();
        let expected = decktype_parse::is_slide_deck(&String::from_utf8_lossy(&bytes));
        if (answer == "yes") != expected {
            disagree.push(format!(
                "{}: script {answer}, decktype {expected}",
                file.display()
            ));
        }
    }
    assert!(disagree.is_empty(), "{disagree:#?}");
    assert!(files.len() > 100, "the fixtures are there");
}

/// Runs `scripts/action/install.sh ARGS` with `env`; (exit status, log,
/// the outputs it wrote).
fn install(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, BTreeMap<String, String>) {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("output");
    std::fs::write(&output, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(workspace().join("scripts/action/install.sh"))
        .args(args)
        // A test run inside GitHub Actions must not leak its own.
        .env_remove("DECKTYPE_BIN")
        .env_remove("GITHUB_ACTION_REF")
        .env_remove("GITHUB_ACTION_REPOSITORY")
        .env_remove("GITHUB_SERVER_URL")
        .env("GITHUB_OUTPUT", &output)
        .env("RUNNER_TEMP", temp.path())
        .env("HOME", temp.path())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("GITHUB_ACTION_PATH", workspace());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let outputs = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    (out.status.code(), log, outputs)
}

/// The install step: `DECKTYPE_BIN`, a decktype of the wanted version on
/// `PATH`, a release archive verified against its checksum (served from a
/// `file://` "server"), and the fallback to a cached source build.
#[test]
fn install_finds_verifies_or_falls_back_to_building() {
    require_tools!();
    for tool in ["curl", "tar"] {
        if !Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            eprintln!("skipped: `{tool}` is not installed");
            return;
        }
    }
    let bin = env!("CARGO_BIN_EXE_decktype");
    let (status, log, out) = install(&[], &[("DECKTYPE_BIN", bin)]);
    assert_eq!(status, Some(0), "{log}");
    assert_eq!(out["bin"], bin);
    let (status, log, _) = install(&[], &[("DECKTYPE_BIN", "/nonexistent/decktype")]);
    assert_eq!(status, Some(2), "{log}");

    // A release: decktype-<tag>-<target>.tar.gz and its .sha256.
    let server = tempfile::tempdir().unwrap();
    let release = server.path().join("org/decktype/releases/download/v9.9.9");
    let staging = server
        .path()
        .join("staging/decktype-v9.9.9-x86_64-unknown-linux-musl");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::create_dir_all(&staging).unwrap();
    let fake = staging.join("decktype");
    std::fs::write(&fake, "#!/bin/sh\necho 'decktype 9.9.9'\n").unwrap();
    let chmod = Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    assert!(chmod.success());
    let archive = release.join("decktype-v9.9.9-x86_64-unknown-linux-musl.tar.gz");
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(server.path().join("staging"))
        .arg("decktype-v9.9.9-x86_64-unknown-linux-musl")
        .status()
        .unwrap();
    assert!(tar.success());
    // The digest as the release workflow writes it (sha256sum, or shasum
    // on macOS).
    let digest = ["sha256sum", "shasum -a 256"]
        .iter()
        .find_map(|tool| {
            let mut words = tool.split(' ');
            let out = Command::new(words.next().unwrap())
                .args(words)
                .arg(&archive)
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8(out.stdout).unwrap()[..64].to_owned())
        })
        .expect("sha256sum or shasum");
    let sums = release.join("decktype-v9.9.9-x86_64-unknown-linux-musl.tar.gz.sha256");
    std::fs::write(
        &sums,
        format!("{digest}  decktype-v9.9.9-x86_64-unknown-linux-musl.tar.gz\n"),
    )
    .unwrap();
    let url = format!("file://{}", server.path().display());
    let env = [
        ("GITHUB_SERVER_URL", url.as_str()),
        ("ACTION_REPOSITORY", "org/decktype"),
        ("INPUT_VERSION", "v9.9.9"),
    ];
    let (status, log, out) = install(&[], &env);
    assert_eq!(status, Some(0), "{log}");
    assert!(out["bin"].ends_with("/decktype"), "{out:?}");
    assert!(log.contains("decktype 9.9.9"), "{log}");
    assert!(!out.contains_key("need-build"));
    // The action's ref is the default version.
    let env_ref = [
        ("GITHUB_SERVER_URL", url.as_str()),
        ("ACTION_REPOSITORY", "org/decktype"),
        ("ACTION_REF", "v9.9.9"),
    ];
    let (status, log, out) = install(&[], &env_ref);
    assert_eq!(status, Some(0), "{log}");
    assert!(out.contains_key("bin"), "{log}");
    // ... or, when the runner leaves that empty, its folder in `_actions`.
    let actions = server.path().join("runner/_actions/org/decktype/v9.9.9");
    std::fs::create_dir_all(&actions).unwrap();
    let from_path = [
        ("GITHUB_SERVER_URL", url.as_str()),
        ("GITHUB_ACTION_PATH", actions.to_str().unwrap()),
    ];
    let (status, log, out) = install(&[], &from_path);
    assert_eq!(status, Some(0), "{log}");
    assert!(out.contains_key("bin"), "{log}");
    // A tampered archive is refused.
    std::fs::write(&sums, format!("{}  x\n", "0".repeat(64))).unwrap();
    let (status, log, out) = install(&[], &env);
    assert_eq!(status, Some(2), "{log}");
    assert!(log.contains("checksum mismatch"), "{log}");
    assert!(!out.contains_key("bin"));
    // No binary for this runner: a source build, cached by runner, version
    // and source.
    let mac = [
        ("GITHUB_SERVER_URL", url.as_str()),
        ("ACTION_REPOSITORY", "org/decktype"),
        ("INPUT_VERSION", "v9.9.9"),
        ("RUNNER_OS", "macOS"),
        ("RUNNER_ARCH", "ARM64"),
    ];
    let (status, log, out) = install(&[], &mac);
    assert_eq!(status, Some(0), "{log}");
    assert_eq!(out["need-build"], "true");
    assert!(
        out["cache-key"].starts_with("decktype-macOS-ARM64-v9.9.9-"),
        "{out:?}"
    );
    assert!(
        out["cache-dir"].ends_with("/.cache/decktype-action/v9.9.9"),
        "{out:?}"
    );
    assert!(!out.contains_key("bin"));
    // The build step after a cache hit: the restored binary, no cargo.
    let home = tempfile::tempdir().unwrap();
    let cached = home.path().join(".cache/decktype-action/v9.9.9/bin");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(&fake, cached.join("decktype")).unwrap();
    let home_str = home.path().to_str().unwrap();
    let (status, log, out) = install(
        &["build"],
        &[
            ("HOME", home_str),
            ("INPUT_VERSION", "v9.9.9"),
            ("PATH", "/usr/bin:/bin"),
        ],
    );
    assert_eq!(status, Some(0), "{log}");
    assert_eq!(Path::new(&out["bin"]), cached.join("decktype"));
    assert!(log.contains("restored from the cache"), "{log}");
    let (status, log, _) = install(&[], &[("RUNNER_OS", "Windows")]);
    assert_eq!(status, Some(2), "{log}");
    assert!(log.contains("Windows runners are not supported"), "{log}");
    // A decktype of the wanted version on PATH is used as it is.
    let path = format!(
        "{}:{}",
        staging.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (status, log, out) = install(&[], &[("PATH", path.as_str()), ("INPUT_VERSION", "v9.9.9")]);
    assert_eq!(status, Some(0), "{log}");
    assert_eq!(Path::new(&out["bin"]), fake, "{log}");
}
