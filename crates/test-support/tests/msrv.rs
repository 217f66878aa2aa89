//! The minimum supported Rust version is one number, kept everywhere.
//!
//! `scripts/test.sh` builds the tests with that toolchain when rustup can
//! install it (the build is the MSRV check). Where it cannot, three checks
//! still hold: clippy's `incompatible_msrv` lint (reading `rust-version`)
//! refuses std APIs newer than it; this test refuses a dependency that
//! needs a newer compiler; and the README says the same version as
//! `Cargo.toml`.

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
    // The locked packages, read from Cargo.lock, and each one's manifest
    // from cargo's registry sources: those built on this machine are there
    // (other platforms' crates are not downloaded, and are skipped). No
    // `cargo metadata`: inside the whole suite its rustc probe (`rustc -`)
    // read stray input from the browser tests and failed.
    let lock = std::fs::read_to_string(decktype_test_support::workspace().join("Cargo.lock"))
        .expect("Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let sources: Vec<std::path::PathBuf> = std::fs::read_dir(cargo_home.join("registry/src"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    let mut newer = Vec::new();
    let mut checked = 0;
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|l| {
                l.strip_prefix(key)
                    .and_then(|r| r.trim().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_owned())
            })
        };
        let (Some(name), Some(ver), Some(source)) =
            (field("name"), field("version"), field("source"))
        else {
            continue;
        };
        if !source.starts_with("registry+") {
            continue;
        }
        let Some(manifest) = sources
            .iter()
            .map(|s| s.join(format!("{name}-{ver}")).join("Cargo.toml"))
            .find(|m| m.is_file())
        else {
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(&manifest).unwrap_or_default();
        let rust_version = text.lines().find_map(|l| {
            l.strip_prefix("rust-version")
                .and_then(|r| r.trim().strip_prefix('='))
                .map(|v| v.trim().trim_matches('"').to_owned())
        });
        if let Some(v) = rust_version
            && version(&v) > version(&msrv)
        {
            newer.push(format!("{name} {ver} needs Rust {v}"));
        }
    }
    assert!(
        checked > 200,
        "only {checked} locked packages found in {}: the check would prove nothing",
        cargo_home.display()
    );
    assert!(
        newer.is_empty(),
        "rust-version is {msrv}, but: {newer:#?}\nraise rust-version (and the README) or pin an older dependency"
    );
}
