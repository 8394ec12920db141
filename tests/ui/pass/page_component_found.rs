//! The component check passes for existing files of any framework, and does nothing without a
//! setting: trybuild's Cargo.toml has no `[package.metadata.inertia]`, so a name with no file
//! anywhere compiles.
#![deny(warnings)]

use inertia_runtime::{component, inertia_page};

#[inertia_page("Users/Index", pages = "$INERTIA_UI_FIXTURES/pages")]
async fn react_page() {}

#[inertia_page("Dashboard", pages = "$INERTIA_UI_FIXTURES/pages", ssr = false)]
async fn vue_page() {}

#[inertia_page("Not/Checked/Anywhere")]
async fn unchecked() {}

const NOT_FOUND: &str = component!("Errors/NotFound");

fn main() {
    assert_eq!(NOT_FOUND, "Errors/NotFound");
    let _: axum::Router = axum::Router::new()
        .route("/a", axum::routing::get(react_page))
        .route("/b", axum::routing::get(vue_page))
        .route("/c", axum::routing::get(unchecked));
}
