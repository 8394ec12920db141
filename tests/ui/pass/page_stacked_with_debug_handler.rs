//! `#[inertia_page]` above `#[axum::debug_handler]`: debug_handler checks the rewritten handler.
use axum::extract::State;
use axum::routing::get;
use inertia_runtime::inertia_page;

#[derive(Clone)]
struct AppState;

#[inertia_page("Dashboard")]
#[axum::debug_handler]
async fn dashboard(State(_): State<AppState>, body: String) -> serde_json::Value {
    serde_json::json!({ "body": body })
}

fn main() {
    let _: axum::Router = axum::Router::new()
        .route("/", get(dashboard))
        .with_state(AppState);
}
