//! The demo app, a small task board: `cargo run -p demo`, then open http://127.0.0.1:3000.
//!
//! One binary: the built frontend (`frontend/dist`) is embedded with `embed_assets!`, and its
//! asset version is fixed at compile time with `vite_version!`. With the Vite dev server
//! running (`npm run dev` in `frontend/`), a debug build loads modules from it instead, with
//! HMR. `DEMO_DIST=/path/to/dist cargo build -p demo` embeds another build of the frontend
//! (the browser tests use it to deploy a new version).
//!
//! Server-side rendering: start the demo's SSR server (`node frontend/ssr/ssr.js`, built by
//! `npm run build`) and run with `DEMO_SSR=http://127.0.0.1:13714`. Without it, or while the
//! SSR server is down, pages render in the browser as usual.

mod pages;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets, vite_version};
use serde::Serialize;

/// The built frontend, in the binary.
static ASSETS: EmbeddedAssets = embed_assets!("${DEMO_DIST:-frontend/dist}");

/// The asset version of that build, computed from its Vite manifest at compile time.
const ASSET_VERSION: &str = vite_version!("${DEMO_DIST:-frontend/dist}/.vite/manifest.json");

/// The user every page knows about (a real app would read a session here).
#[derive(Clone, Serialize)]
struct CurrentUser {
    name: &'static str,
    email: &'static str,
}

fn app() -> Result<Router, inertia_runtime::ConfigError> {
    let mut vite = Vite::embedded(&ASSETS)
        .entry("src/main.tsx")
        .base("/build/")
        .react_refresh(true);
    if cfg!(debug_assertions) {
        // `npm run dev` writes this file while the dev server runs.
        vite = vite.hot_file(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/hot"));
    }
    let signing_key = std::env::var("DEMO_SIGNING_KEY")
        .unwrap_or_else(|_| "demo-signing-key-change-me-in-production!!".to_owned());
    let inertia = InertiaConfig::new()
        .version(ASSET_VERSION)
        .vite(vite)
        .html_shell(
            HtmlShell::new()
                .title("Inertia on axum")
                .head_html(r#"<link rel="icon" href="/build/favicon.svg" type="image/svg+xml">"#),
        )
        .share("appName", "Taskboard")
        .share_with("auth", |parts| {
            let user = parts.extensions.get::<CurrentUser>().cloned();
            async move { serde_json::json!({ "user": user }) }
        })
        .signing_key(signing_key)
        // Plain-http demo on 127.0.0.1; real deployments keep the default (Secure).
        .secure_cookies(false);
    let inertia = match std::env::var("DEMO_SSR") {
        Ok(url) if !url.is_empty() => inertia.ssr(Ssr::new(url)),
        _ => inertia,
    }
    .into_layer()?;
    let store = Arc::new(store::Store::seeded());
    Ok(Router::new()
        .route("/", get(pages::dashboard))
        .route("/tasks", get(pages::tasks).post(pages::store))
        .route("/tasks/new", get(pages::create))
        .route("/tasks/{id}", get(pages::show))
        .route("/about", get(pages::about))
        .route("/docs", get(pages::docs))
        .route("/version", get(|| async { ASSET_VERSION }))
        .with_state(store)
        .layer(inertia)
        .layer(axum::Extension(CurrentUser {
            name: "Ada Lovelace",
            email: "ada@example.com",
        }))
        .nest_service("/build", ASSETS.service()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,inertia_runtime=debug".into()),
        )
        .init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(
        version = ASSET_VERSION,
        "demo listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app()?)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
