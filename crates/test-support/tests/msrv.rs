//! The minimum supported Rust version is one number, kept everywhere.
//!
//! CI cannot install a second toolchain here (rustup fetches nothing), so
//! the MSRV is checked three ways instead: clippy's `incompatible_msrv` lint
//! (on in `scripts/test.sh`, reading `rust-version`) refuses std APIs newer
//! than it; this test refuses a dependency that needs a newer compiler; and
//! the README says the same version as `Cargo.toml`.

use std::process::Command;

fn workspace_msrv() -> String {
    let manifest =
        std::fs::read_to_string(decktype_test_support::workspace().join("Cargo.toml")).unwrap();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("rust-version in [workspace.package]")
        .trim_matches('"')
        .to_owned()
}

/// `1.89` and `1.89.0` compare equal.
fn version(v: &str) -> [u32; 3] {
    let mut out = [0; 3];
    for (slot, part) in out.iter_mut().zip(v.split('.')) {
        *slot = part.parse().unwrap_or(0);
    }
    out
}

#[test]
fn the_readme_names_the_msrv() {
    let msrv = workspace_msrv();
    let readme =
        std::fs::read_to_string(decktype_test_support::workspace().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("({msrv} or newer")),
        "README.md must say the Rust version is {msrv} or newer (Cargo.toml's rust-version)"
    );
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_msrv() {
    let msrv = workspace_msrv();
    // The packages built on this machine (other platforms' crates are not
    // downloaded here).
    let rustc = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc names its host");
    // Its own target folder and no standard input: cargo probes rustc with
    // `rustc -`, and caches what it answers (failures too) in the target
    // folder's `.rustc_info.json`; a test run whose standard input carried
    // a browser's messages left a failed probe there for every later run.
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .env(
            "CARGO_TARGET_DIR",
            std::env::temp_dir().join("decktype-msrv-metadata"),
        )
        .stdin(std::process::Stdio::null())
        .current_dir(decktype_test_support::workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut newer = Vec::new();
    for p in meta["packages"].as_array().unwrap() {
        if let Some(v) = p["rust_version"].as_str()
            && version(v) > version(&msrv)
        {
            newer.push(format!("{} {} needs Rust {v}", p["name"], p["version"]));
        }
    }
    assert!(
        newer.is_empty(),
        "rust-version is {msrv}, but: {newer:#?}\nraise rust-version (and the README) or pin an older dependency"
    );
}
