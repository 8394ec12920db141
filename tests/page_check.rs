//! The compile-time page component check, configured the way apps do it: in the crate's own
//! `Cargo.toml` (`[package.metadata.inertia] pages = "…"`), which trybuild's generated
//! projects cannot carry. A scratch crate names components with `component!` (the check
//! `#[inertia_page]` runs too) and is rebuilt as files and settings change: cargo must
//! notice each change without a `cargo clean`.

use inertia_tests::scratch::{Build, Crate};

const SETTING: &str = "[package.metadata.inertia]\npages = \"frontend/Pages\"\n";

const MAIN: &str = "const HOME: &str = inertia_macros::component!(\"Home\");\n\
                    const SHOW: &str = inertia_macros::component!(\"Users/Show\");\n\
                    fn main() { println!(\"{HOME} {SHOW}\"); }\n";

#[track_caller]
fn assert_builds(build: &Build) {
    assert!(
        build.success,
        "expected a successful build:\n{}{}",
        build.messages, build.stderr
    );
}

#[track_caller]
fn assert_fails_with(build: &Build, expected: &str) {
    assert!(!build.success, "expected a compile error, the build passed");
    assert!(
        build.messages.contains(expected),
        "expected `{expected}` in:\n{}",
        build.messages
    );
}

#[test]
fn components_are_checked_against_the_directory_named_in_cargo_toml() {
    let app = Crate::new("page-check-probe", SETTING, MAIN);
    let _ = std::fs::remove_dir_all(app.dir.join("frontend"));
    app.write("frontend/Pages/Home.tsx", "export default () => null\n");
    app.write("frontend/Pages/Users/Show.vue", "<template />\n");
    let build = app.build();
    assert_builds(&build);
    assert_eq!(app.run(), "Home Users/Show");

    // Renaming a component rebuilds the crate that names it, and the error points at the
    // name with the closest existing one.
    app.rename("frontend/Pages/Home.tsx", "frontend/Pages/HomePage.tsx");
    let build = app.build();
    assert_fails_with(&build, "no page component `Home` in `frontend/Pages`");
    assert_fails_with(&build, "did you mean `HomePage`?");
    assert_fails_with(&build, "src/main.rs:1:47");

    app.rename("frontend/Pages/HomePage.tsx", "frontend/Pages/Home.tsx");
    assert_builds(&app.build());

    // A setting that changes is seen at once (Cargo.toml is tracked too).
    app.set_cargo_toml("[package.metadata.inertia]\npages = \"frontend/Views\"\n");
    assert_fails_with(
        &app.build(),
        "the page components directory `frontend/Views` does not exist",
    );
    app.set_cargo_toml("[package.metadata.inertia]\npage = \"frontend/Pages\"\n");
    assert_fails_with(&app.build(), "unknown key `page`");

    // Without the setting nothing is checked: unknown names compile.
    app.set_cargo_toml("");
    app.write(
        "src/main.rs",
        "fn main() { println!(\"{}\", inertia_macros::component!(\"Nowhere/To/Be/Found\")); }\n",
    );
    assert_builds(&app.build());
    assert_eq!(app.run(), "Nowhere/To/Be/Found");
}
