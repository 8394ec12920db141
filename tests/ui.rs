//! Compile errors of the macros, checked against the committed `.stderr` files.
//!
//! Regenerate after an intended change with `TRYBUILD=overwrite cargo test -p inertia-tests --test ui`
//! and review the diff.

#[test]
fn ui() {
    // Fixture manifests for the `vite_version!` cases: trybuild compiles the cases in a project
    // under `target/`, so they reach the fixtures through this variable, not a relative path.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/fixtures");
    // SAFETY: `set_var` is unsafe because another thread may read the environment at the
    // same time; this test binary holds this one test, and it sets the variable before
    // starting anything else.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("INERTIA_UI_FIXTURES", fixtures);
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
