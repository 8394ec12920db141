//! Asset versioning as the documentation promises it: `X-Inertia-Version` on every page, the
//! version in the built-in document's head, the manifest carried in the binary, and the
//! errors about run-time paths.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use inertia_runtime::vite::{EmbeddedManifest, Vite};
use inertia_runtime::{HtmlShell, InertiaConfig, inertia_page, vite_manifest, vite_version};
use inertia_tests::{embedded_page, inertia_get, request, send};

/// The fixture build's manifest, in the binary (relative to this crate's Cargo.toml).
static MANIFEST: EmbeddedManifest = vite_manifest!("fixtures/vite-app/dist/.vite/manifest.json");
const VERSION: &str = vite_version!("fixtures/vite-app/dist/.vite/manifest.json");

#[derive(serde::Serialize)]
struct Home {
    items: Vec<u32>,
}

#[inertia_page("Home")]
async fn home() -> Home {
    Home {
        items: vec![1, 2, 3],
    }
}

fn app(config: InertiaConfig) -> Router {
    Router::new()
        .route("/", get(home))
        .layer(config.into_layer().unwrap())
}

fn embedded() -> InertiaConfig {
    InertiaConfig::new().vite(
        Vite::manifest(&MANIFEST)
            .entry("src/admin.ts")
            .base("/build/"),
    )
}

#[tokio::test]
async fn every_page_response_names_the_servers_version() {
    let app = app(embedded());
    let first_visit = send(&app, request("GET", "/", &[], "")).await;
    assert_eq!(first_visit.status, StatusCode::OK);
    assert_eq!(first_visit.header("x-inertia-version"), Some(VERSION));
    let visit = inertia_get(&app, "/", VERSION).await;
    assert_eq!(visit.header("x-inertia-version"), Some(VERSION));
    let partial = send(
        &app,
        request(
            "GET",
            "/",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-inertia-partial-component", "Home"),
                ("x-inertia-partial-data", "items"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(partial.status, StatusCode::OK);
    assert_eq!(partial.header("x-inertia-version"), Some(VERSION));
    let stale = inertia_get(&app, "/", "old").await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.header("x-inertia-version"), Some(VERSION));
}

#[tokio::test]
async fn in_development_the_header_is_the_dev_servers_url() {
    let app = app(InertiaConfig::new().vite(
        Vite::new()
            .entry("src/admin.ts")
            .dev_server("http://localhost:5173"),
    ));
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert_eq!(
        res.header("x-inertia-version"),
        Some("http://localhost:5173")
    );
    assert_eq!(embedded_page(&res.body)["version"], "http://localhost:5173");
}

#[tokio::test]
async fn the_embedded_manifest_gives_tags_and_version_with_no_file_at_run_time() {
    assert_eq!(MANIFEST.version(), VERSION);
    let layer = embedded().into_layer().unwrap();
    assert_eq!(layer.version(), VERSION);
    let res = send(&app(embedded()), request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .contains("<script type=\"module\" crossorigin src=\"/build/assets/admin-"),
        "{}",
        res.body
    );
    // A CDN base works the same way: the binary knows the files, something else serves them.
    let cdn = app(InertiaConfig::new().vite(
        Vite::manifest(&MANIFEST)
            .entry("src/admin.ts")
            .base("https://cdn.example.com/app/"),
    ));
    let res = send(&cdn, request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .contains("src=\"https://cdn.example.com/app/assets/admin-")
    );
}

#[tokio::test]
async fn the_built_in_document_places_the_version_and_other_values_in_its_head() {
    let config = embedded().html_shell(
        HtmlShell::new()
            .head_html("<!-- Version: {{ version }} -->")
            .head_html(r#"<meta name="page" content="{{ component }}">"#)
            .head_html(r#"<link rel="icon" href="{{ asset:src/logo.svg }}">"#),
    );
    let res = send(&app(config), request("GET", "/", &[], "")).await;
    assert!(
        res.body.contains(&format!("<!-- Version: {VERSION} -->")),
        "{}",
        res.body
    );
    assert!(res.body.contains(r#"<meta name="page" content="Home">"#));
    assert!(
        res.body
            .contains(r#"<link rel="icon" href="/build/assets/logo-BOTr4nl2.svg">"#),
        "{}",
        res.body
    );
    // An asset the manifest does not have cannot ship.
    let error = embedded()
        .html_shell(HtmlShell::new().head_html("{{ asset:src/missing.svg }}"))
        .into_layer()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`{{ asset:src/missing.svg }}` is not in the Vite manifest"),
        "{error}"
    );
}

#[test]
fn runtime_paths_are_explained_with_the_working_directory() {
    let cwd = std::env::current_dir().unwrap();
    let error = InertiaConfig::new()
        .vite(Vite::manifest_file("app/frontend/dist/.vite/manifest.json").entry("src/admin.ts"))
        .into_layer()
        .unwrap_err()
        .to_string();
    for expected in [
        "`app/frontend/dist/.vite/manifest.json` (relative to the working directory".to_owned(),
        cwd.join("app/frontend/dist/.vite/manifest.json")
            .display()
            .to_string(),
        "not at the crate".to_owned(),
        "vite_manifest!".to_owned(),
    ] {
        assert!(error.contains(&expected), "{expected:?} not in: {error}");
    }
    let error = inertia_runtime::version_from_manifest("no/such.json")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("relative to the working directory"),
        "{error}"
    );
}

/// The assets in force are decided once per request: when the Vite dev server starts (the hot
/// file appears) while a handler runs, the page still carries the version the request was
/// checked against, so a client never receives a page of one version after passing the check
/// for another. (Looked up twice, in the layer and again when rendering, the page would carry
/// the dev server's URL here.)
#[tokio::test]
async fn the_version_checked_is_the_version_written_across_a_hot_file_change() {
    let dir = std::env::temp_dir().join(format!("inertia-once-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hot = dir.join("hot");
    let _ = std::fs::remove_file(&hot);
    let started_dev = hot.clone();
    let handler = move |inertia: inertia_runtime::InertiaRequest| {
        let hot = started_dev.clone();
        async move {
            // `vite` starts while this request is under way; the hot file's cached answer
            // (250 ms) has run out by the time the page is rendered.
            std::fs::write(&hot, "http://127.0.0.1:5173").unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            inertia
                .render("Home", serde_json::json!({ "items": [] }))
                .await
        }
    };
    let app = Router::new().route("/", get(handler)).layer(
        InertiaConfig::new()
            .vite(
                Vite::manifest(&MANIFEST)
                    .entry("src/admin.ts")
                    .hot_file(&hot),
            )
            .into_layer()
            .unwrap(),
    );
    let page = inertia_get(&app, "/", VERSION).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the check passed with the build's version"
    );
    assert_eq!(page.json()["version"], VERSION, "and the page carries it");
    assert_eq!(page.header("x-inertia-version"), Some(VERSION));
    std::fs::remove_file(&hot).unwrap();
    // A first visit likewise: the document's page object and its asset tags agree.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let html = send(&app, request("GET", "/", &[], "")).await;
    assert_eq!(embedded_page(&html.body)["version"], VERSION);
    assert!(
        !html.body.contains("@vite/client"),
        "built tags, as the version says"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
