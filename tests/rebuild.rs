//! Cargo rebuilds a crate that uses `vite_version!` when its manifest changes.
//!
//! Builds a scratch binary crate (in its own workspace and target directory under
//! `target/`) whose `main` prints `vite_version!("dist/.vite/manifest.json")`, then edits the
//! manifest and builds again. Uses the `cargo` that runs the tests, offline, with this
//! workspace's lock file, so nothing is downloaded.

use std::path::Path;

use inertia_tests::scratch::Crate;

/// `cargo build` of the scratch crate; returns (whether the crate itself was compiled, the
/// version its binary prints).
fn build_and_run(probe: &Crate) -> (bool, String) {
    let build = probe.build();
    assert!(
        build.success,
        "scratch build failed:\n{}{}",
        build.messages, build.stderr
    );
    (build.compiled, probe.run())
}

#[test]
fn editing_the_manifest_rebuilds_with_the_new_version() {
    let probe = Crate::new(
        "rebuild-probe",
        "",
        "const VERSION: &str = inertia_macros::vite_version!(\"dist/.vite/manifest.json\");\n\
         fn main() { println!(\"{VERSION}\"); }\n",
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let set_manifest = |name: &str| {
        let text = std::fs::read_to_string(fixtures.join(name)).unwrap();
        probe.write("dist/.vite/manifest.json", &text);
    };
    let runtime = |name: &str| inertia_runtime::version_from_manifest(fixtures.join(name)).unwrap();

    set_manifest("manifest.json");
    let (_, first) = build_and_run(&probe);
    assert_eq!(first, runtime("manifest.json"));

    // Nothing changed: nothing is rebuilt.
    let (compiled, again) = build_and_run(&probe);
    assert!(
        !compiled,
        "an unchanged manifest must not rebuild the crate"
    );
    assert_eq!(again, first);

    // Same content, other key order and formatting: rebuilt, same version.
    set_manifest("manifest-reordered.json");
    let (compiled, reordered) = build_and_run(&probe);
    assert!(compiled, "a changed manifest file must rebuild the crate");
    assert_eq!(reordered, first);

    // Changed content: rebuilt, new version, equal to the runtime computation.
    set_manifest("manifest-changed.json");
    let (compiled, changed) = build_and_run(&probe);
    assert!(compiled, "a changed manifest file must rebuild the crate");
    assert_ne!(changed, first);
    assert_eq!(changed, runtime("manifest-changed.json"));
}
