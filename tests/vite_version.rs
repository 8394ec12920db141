//! `vite_version!` against the runtime computation, on committed fixture manifests.

use inertia_runtime::{version_from_manifest, vite_version};

const EMBEDDED: &str = vite_version!("fixtures/manifest.json");
const REORDERED: &str = vite_version!("fixtures/manifest-reordered.json");
const CHANGED: &str = vite_version!("fixtures/manifest-changed.json");
const FROM_ENV: &str = vite_version!("$CARGO_MANIFEST_DIR/fixtures/manifest.json");
const FROM_DEFAULT: &str = vite_version!("${INERTIA_TEST_UNSET_DIR:-fixtures}/manifest.json");

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn embedded_version_equals_the_runtime_computation() {
    assert_eq!(
        EMBEDDED,
        version_from_manifest(fixture("manifest.json")).unwrap()
    );
    assert_eq!(
        CHANGED,
        version_from_manifest(fixture("manifest-changed.json")).unwrap()
    );
}

#[test]
fn reordering_and_reformatting_keep_the_version() {
    let a = std::fs::read(fixture("manifest.json")).unwrap();
    let b = std::fs::read(fixture("manifest-reordered.json")).unwrap();
    assert_ne!(a, b, "the fixtures must differ byte-wise");
    assert_eq!(EMBEDDED, REORDERED);
}

#[test]
fn a_content_change_changes_the_version() {
    assert_ne!(EMBEDDED, CHANGED);
}

#[test]
fn environment_variables_resolve() {
    assert_eq!(EMBEDDED, FROM_ENV);
    // `${VAR:-default}`: the default when the variable is unset.
    assert_eq!(EMBEDDED, FROM_DEFAULT);
}

#[test]
fn the_version_is_usable_in_const_and_static_context() {
    static S: &str = vite_version!("fixtures/manifest.json");
    const LEN: usize = vite_version!("fixtures/manifest.json").len();
    assert_eq!(S, EMBEDDED);
    assert_eq!(LEN, 16);
}

#[test]
fn the_version_is_what_the_documented_algorithm_gives() {
    // Computed independently by the Python one-liner in `inertia_vite::version`'s docs.
    assert_eq!(EMBEDDED, "3ea8aa56f6007bc7");
}
