//! The release files agree with each other: the targets and archive names
//! of `.github/workflows/release.yml`, the `cargo binstall` metadata in
//! crates/cli/Cargo.toml (which must find those archives), the CHANGELOG
//! section the release notes are cut from, and the crates.io metadata of
//! every crate. A rename in one of them fails here, not at release time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(workspace().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn toml(rel: &str) -> toml::Table {
    read(rel)
        .parse()
        .unwrap_or_else(|e| panic!("{rel} is not TOML: {e}"))
}

fn workflow() -> Value {
    serde_saphyr::from_str(&read(".github/workflows/release.yml")).expect("release.yml is YAML")
}

/// The workspace version (`[workspace.package] version`).
fn version() -> String {
    toml("Cargo.toml")["workspace"]["package"]["version"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The release workflow's build matrix: target → archive extension.
fn matrix(workflow: &Value) -> BTreeMap<String, String> {
    workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a build matrix with `include`")
        .iter()
        .map(|row| {
            (
                row["target"].as_str().unwrap().to_owned(),
                row["ext"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// `template` with each `{ key }` (or `${{ key }}`) replaced.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out
            .replace(&format!("${{{{ {key} }}}}"), value)
            .replace(&format!("{{ {key} }}"), value);
    }
    assert!(
        !out.contains('{'),
        "`{template}` has a placeholder this test does not know: {out}"
    );
    out
}

#[test]
fn the_release_builds_every_supported_platform_on_a_version_tag() {
    let workflow = workflow();
    assert_eq!(
        workflow["on"]["push"]["tags"],
        serde_json::json!(["v*"]),
        "releases are cut from `v*` tags"
    );
    let targets: Vec<String> = matrix(&workflow).into_keys().collect();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-gnu",
        ]
    );
    for (target, ext) in matrix(&workflow) {
        let expected = if target.contains("windows") {
            "zip"
        } else {
            "tar.gz"
        };
        assert_eq!(ext, expected, "{target}'s archive");
    }
}

/// What `cargo binstall` downloads for each target is what the workflow
/// uploads, and the binary is where binstall looks for it in the archive.
#[test]
fn binstall_finds_the_archives_the_workflow_attaches() {
    let workflow = workflow();
    let manifest = toml("crates/cli/Cargo.toml");
    let package = &manifest["package"];
    let binstall = package["metadata"]["binstall"].as_table().unwrap();
    let name = package["name"].as_str().unwrap();
    let bin = manifest["bin"][0]["name"].as_str().unwrap();
    let repo = toml("Cargo.toml")["workspace"]["package"]["repository"]
        .as_str()
        .unwrap()
        .to_owned();
    let version = version();
    let tag = format!("v{version}");
    let archive_template = workflow["jobs"]["build"]["env"]["ARCHIVE"]
        .as_str()
        .expect("the build job names its archive in env.ARCHIVE");
    let package_step = workflow["jobs"]["build"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Package")
        .expect("a Package step")["run"]
        .as_str()
        .unwrap()
        .to_owned();
    // The binary goes into a folder named as the archive, which is packed.
    assert!(package_step.contains(r#"mkdir "$ARCHIVE""#));
    assert!(package_step.contains(r#"/release/decktype${exe}" "$ARCHIVE/""#));
    assert!(package_step.contains(r#"tar czf "$ARCHIVE.tar.gz" "$ARCHIVE""#));
    assert!(package_step.contains(r#"7z a -tzip "$ARCHIVE.zip" "$ARCHIVE""#));

    let overrides = binstall
        .get("overrides")
        .and_then(|o| o.as_table())
        .cloned()
        .unwrap_or_default();
    for target in overrides.keys() {
        assert!(
            matrix(&workflow).contains_key(target),
            "a binstall override for {target}, which the release does not build"
        );
    }
    for (target, ext) in matrix(&workflow) {
        let setting = |key: &str| {
            overrides
                .get(&target)
                .and_then(|o| o.get(key))
                .or_else(|| binstall.get(key))
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("no binstall {key} for {target}"))
                .to_owned()
        };
        let suffix = match setting("pkg-fmt").as_str() {
            "tgz" => ".tar.gz",
            "zip" => ".zip",
            other => panic!("pkg-fmt {other}: not what the workflow makes"),
        };
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let archive = fill(
            archive_template,
            &[("github.ref_name", &tag), ("matrix.target", &target)],
        );
        assert_eq!(format!(".{ext}"), suffix, "{target}'s archive format");
        let values = [
            ("repo", repo.as_str()),
            ("name", name),
            ("version", version.as_str()),
            ("target", target.as_str()),
            ("archive-suffix", suffix),
            ("bin", bin),
            ("binary-ext", exe),
        ];
        assert_eq!(
            fill(&setting("pkg-url"), &values),
            format!("{repo}/releases/download/{tag}/{archive}.{ext}"),
            "binstall's download for {target}"
        );
        assert_eq!(
            fill(&setting("bin-dir"), &values),
            format!("{archive}/{bin}{exe}"),
            "the binary's place in {target}'s archive"
        );
        assert_eq!(archive, format!("decktype-{tag}-{target}"));
    }
}

/// The GitHub Action's installer (scripts/action/install.sh) downloads the
/// archives the workflow attaches, with their `.sha256`, and for every
/// runner it knows one of the targets it tries is released.
#[test]
fn the_action_downloads_the_released_archives() {
    let script = read("scripts/action/install.sh");
    assert!(script.contains(r#"name="decktype-$version-$target.tar.gz""#));
    assert!(script.contains(r#"url="$server/$repo/releases/download/$version/$name""#));
    assert!(script.contains(r#""$url.sha256""#));
    let built = matrix(&workflow());
    // `Linux/X64 | Linux/x86_64) echo "TARGET..." ;;` (not the `*)` line).
    let runners: Vec<&str> = script
        .lines()
        .filter(|l| l.contains(") echo \"") && !l.trim_start().starts_with('*'))
        .collect();
    assert!(runners.len() >= 4, "the runners of targets(): {runners:?}");
    for line in runners {
        let tried = line.split('"').nth(1).unwrap();
        assert!(
            tried
                .split_whitespace()
                .any(|t| built.get(t).is_some_and(|ext| ext == "tar.gz")),
            "install.sh tries {tried}, none of which the release builds as .tar.gz"
        );
    }
}

/// The release notes are the version's CHANGELOG section (the workflow
/// fails without one): the version being released has one.
#[test]
fn the_changelog_has_the_workspace_version() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("## [Unreleased]"));
    let heading = format!("## [{}]", version());
    assert!(
        changelog.lines().any(|l| l.starts_with(&heading)),
        "CHANGELOG.md has no `{heading}` section"
    );
}

/// Every crate can go to crates.io (or says it does not): description,
/// readme, licence, repository, at most five keywords, known categories;
/// and every workspace crate another one depends on has a version next to
/// its path.
#[test]
fn every_crate_is_publishable() {
    // The crates.io category slugs these crates use (crates.io rejects
    // unknown ones).
    const CATEGORIES: &[&str] = &[
        "command-line-utilities",
        "data-structures",
        "date-and-time",
        "development-tools",
        "encoding",
        "multimedia::images",
        "parser-implementations",
        "rendering",
        "template-engine",
        "text-processing",
        "web-programming",
    ];
    let root = toml("Cargo.toml");
    let shared = root["workspace"]["package"].as_table().unwrap();
    for key in ["license", "repository", "readme", "version"] {
        assert!(shared.contains_key(key), "[workspace.package] has no {key}");
    }
    let mut published = Vec::new();
    let mut crates: Vec<_> = std::fs::read_dir(workspace().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    crates.sort();
    for dir in crates {
        let rel = format!(
            "crates/{}/Cargo.toml",
            dir.file_name().unwrap().to_string_lossy()
        );
        let package = toml(&rel)["package"].as_table().unwrap().clone();
        let name = package["name"].as_str().unwrap().to_owned();
        if package.get("publish").and_then(|p| p.as_bool()) == Some(false) {
            assert!(
                name.starts_with("decktype-test-"),
                "{name} is not published"
            );
            continue;
        }
        for key in ["description", "readme", "license", "repository"] {
            assert!(package.contains_key(key), "{rel}: no {key}");
        }
        let keywords = package["keywords"].as_array().expect("keywords");
        assert!((1..=5).contains(&keywords.len()), "{rel}: 1 to 5 keywords");
        for k in keywords {
            let k = k.as_str().unwrap();
            assert!(
                k.len() <= 20
                    && k.starts_with(|c: char| c.is_ascii_alphabetic())
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{rel}: keyword `{k}` is not one crates.io takes"
            );
        }
        for c in package["categories"].as_array().expect("categories") {
            let c = c.as_str().unwrap();
            assert!(CATEGORIES.contains(&c), "{rel}: category `{c}`");
        }
        published.push(name);
    }
    assert!(published.contains(&"decktype".to_owned()));
    for (name, dep) in root["workspace"]["dependencies"].as_table().unwrap() {
        if published.contains(name) {
            assert_eq!(
                dep.get("version").and_then(|v| v.as_str()),
                shared["version"].as_str(),
                "[workspace.dependencies] {name}: a published crate needs its version next to its path"
            );
        }
    }
}

/// What a crate embeds must be inside the crate's folder (`cargo package`
/// takes nothing else), so three files have a packaged copy beside the code
/// that embeds them; the copies must stay equal to the files the rest of
/// the workspace (tests, docs, `decktype schema`) uses.
#[test]
fn packaged_copies_match_the_workspace_files() {
    for (copy, original) in [
        (
            "crates/build/templates/scs-community-call.md",
            "fixtures/templates/scs-community-call.md",
        ),
        (
            "crates/check/schemas/deck.v1.schema.json",
            "schemas/deck.v1.schema.json",
        ),
        (
            "crates/cli/sample/seed-community-call-2024-04-18.md",
            "fixtures/seed-community-call-2024-04-18.md",
        ),
    ] {
        assert!(
            read(copy) == read(original),
            "{copy} differs from {original}: copy the file over (cp {original} {copy})"
        );
    }
    // And no crate embeds a file from outside its own folder.
    for entry in std::fs::read_dir(workspace().join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert!(
                        !text.contains("include_str!(\"../../../")
                            && !text.contains("include_bytes!(\"../../../"),
                        "{} embeds a file outside its crate",
                        path.display()
                    );
                }
            }
        }
    }
}
