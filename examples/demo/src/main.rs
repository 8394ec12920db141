//! The demo app: `cargo run -p demo`, then open http://127.0.0.1:3000.
//!
//! One binary: the built frontend (`frontend/dist`) is embedded with `embed_assets!`, and its
//! asset version is fixed at compile time with `vite_version!`. With the Vite dev server
//! running (`npm run dev` in `frontend/`), a debug build loads modules from it instead, with HMR.

use std::net::SocketAddr;

use axum::Router;
use axum::routing::get;
use inertia_runtime::vite::Vite;
use inertia_runtime::{
    EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets, inertia_page, vite_version,
};
use serde::Serialize;

/// The built frontend, in the binary.
static ASSETS: EmbeddedAssets = embed_assets!("frontend/dist");

/// The asset version of that build, computed from its Vite manifest at compile time.
const ASSET_VERSION: &str = vite_version!("frontend/dist/.vite/manifest.json");

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HomeProps {
    greeting: &'static str,
    served_at: String,
}

/// The home page.
#[inertia_page("Home")]
async fn home() -> HomeProps {
    HomeProps {
        greeting: "Hello from axum",
        served_at: now(),
    }
}

#[derive(Serialize)]
struct AboutProps {
    version: &'static str,
    #[serde(rename = "crate")]
    krate: &'static str,
}

/// A second page, to navigate to.
#[inertia_page("About")]
async fn about() -> AboutProps {
    AboutProps {
        version: ASSET_VERSION,
        krate: "inertia-runtime",
    }
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{:02}:{:02}:{:02} UTC",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
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
    let inertia = InertiaConfig::new()
        .version(ASSET_VERSION)
        .vite(vite)
        .html_shell(
            HtmlShell::new()
                .title("Inertia on axum")
                .head_html(r#"<link rel="icon" href="/build/favicon.svg" type="image/svg+xml">"#),
        )
        .into_layer()?;
    Ok(Router::new()
        .route("/", get(home))
        .route("/about", get(about))
        .route("/version", get(|| async { ASSET_VERSION }))
        .layer(inertia)
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
    tracing::info!("demo listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app()?)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
