//! Generated code uses absolute paths: user items named like the ones it needs cannot break it.
#![allow(dead_code, non_camel_case_types)]

mod inertia_runtime {}
mod core {}
struct Result;
struct Ok;
struct Err;
struct Response;
struct Option;

#[::inertia_runtime::inertia_page("Dashboard")]
async fn dashboard() -> ::std::result::Result<::serde_json::Value, ::axum::http::StatusCode> {
    ::std::result::Result::Ok(::serde_json::json!({}))
}

const VERSION: &str = ::inertia_runtime::vite_version!("$INERTIA_UI_FIXTURES/manifest.json");

fn main() {
    let _: ::axum::Router = ::axum::Router::new().route("/", ::axum::routing::get(dashboard));
    let _ = VERSION;
}
