//! Cargo rebuilds a crate that uses `vite_version!` when its manifest changes.
//!
//! Builds a scratch binary crate (in its own workspace and target directory under
//! `target/`) whose `main` prints `vite_version!("dist/.vite/manifest.json")`, then edits the
//! manifest and builds again. Uses the `cargo` that runs the tests, offline, with this
//! workspace's lock file, so nothing is downloaded.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// `cargo build` of the scratch crate; returns (whether the crate itself was compiled, the
/// version its binary prints).
fn build_and_run(dir: &Path) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(&cargo)
        .args(["build", "--offline", "--quiet", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "scratch build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // cargo reports `"fresh":false` for a unit it compiled in this run.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let compiled = stdout.lines().any(|line| {
        line.contains("\"reason\":\"compiler-artifact\"")
            && line.contains("\"name\":\"rebuild-probe\"")
            && line.contains("\"fresh\":false")
    });
    let run = Command::new(dir.join("target/debug/rebuild-probe"))
        .output()
        .expect("run probe");
    (
        compiled,
        String::from_utf8_lossy(&run.stdout).trim().to_owned(),
    )
}

#[test]
fn editing_the_manifest_rebuilds_with_the_new_version() {
    let ws = workspace();
    let dir = ws.join("target/rebuild-probe");
    let manifest_dir = dir.join("dist/.vite");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(&manifest_dir).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             [dependencies]\ninertia-macros = {{ path = {:?} }}\n[workspace]\n",
            ws.join("inertia-macros")
        ),
    )
    .unwrap();
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "const VERSION: &str = inertia_macros::vite_version!(\"dist/.vite/manifest.json\");\n\
         fn main() { println!(\"{VERSION}\"); }\n",
    )
    .unwrap();
    let manifest = manifest_dir.join("manifest.json");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let set_manifest = |name: &str| {
        std::fs::copy(fixtures.join(name), &manifest).unwrap();
        // Make sure the new file is younger than the last build's dep-info even on file
        // systems with coarse timestamps.
        std::thread::sleep(std::time::Duration::from_millis(1100));
    };
    let runtime = |name: &str| inertia_runtime::version_from_manifest(fixtures.join(name)).unwrap();

    set_manifest("manifest.json");
    let (_, first) = build_and_run(&dir);
    assert_eq!(first, runtime("manifest.json"));

    // Nothing changed: nothing is rebuilt.
    let (compiled, again) = build_and_run(&dir);
    assert!(
        !compiled,
        "an unchanged manifest must not rebuild the crate"
    );
    assert_eq!(again, first);

    // Same content, other key order and formatting: rebuilt, same version.
    set_manifest("manifest-reordered.json");
    let (compiled, reordered) = build_and_run(&dir);
    assert!(compiled, "a changed manifest file must rebuild the crate");
    assert_eq!(reordered, first);

    // Changed content: rebuilt, new version, equal to the runtime computation.
    set_manifest("manifest-changed.json");
    let (compiled, changed) = build_and_run(&dir);
    assert!(compiled, "a changed manifest file must rebuild the crate");
    assert_ne!(changed, first);
    assert_eq!(changed, runtime("manifest-changed.json"));
}
