//! The expansion is warning-free under strict lints (including in the user's own block).
#![deny(warnings, unused, unreachable_code, clippy::all)]
#![forbid(unsafe_code)]

use inertia_runtime::{Page, inertia_page};

/// Documented handler.
#[inertia_page("Dashboard")]
pub async fn dashboard() -> Result<Page<serde_json::Value>, axum::http::StatusCode> {
    let value = serde_json::json!({ "a": 1 });
    if value.is_null() {
        return Err(axum::http::StatusCode::NOT_FOUND);
    }
    Ok(Page::new(value))
}

#[inertia_page("Empty")]
async fn empty() {}

fn main() {
    let _: axum::Router = axum::Router::new()
        .route("/", axum::routing::get(dashboard))
        .route("/e", axum::routing::get(empty));
}
