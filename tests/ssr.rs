//! Server-side rendering against fake SSR servers: success, and every fallback path (refused,
//! timeout, error status, invalid answers) with latency bounded by the timeout, then by the
//! breaker. The real Node SSR server is covered by the browser tests (`tests/e2e/ssr.test.js`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{any, get};
use inertia_runtime::ssr::Ssr;
use inertia_runtime::vite::Vite;
use inertia_runtime::{InertiaConfig, InertiaLayer, inertia_page};
use inertia_tests::{embedded_page, eventually, inertia_get, request, send};
use serde_json::{Value, json};

#[derive(Clone, Copy)]
enum Behaviour {
    Render,
    Hang,
    Error500,
    Garbage,
    WrongShape,
}

#[derive(Clone)]
struct Fake {
    behaviour: Behaviour,
    calls: Arc<AtomicUsize>,
    last_page: Arc<std::sync::Mutex<Option<Value>>>,
    last_path: Arc<std::sync::Mutex<String>>,
}

async fn fake_render(
    State(fake): State<Fake>,
    uri: axum::http::Uri,
    body: Bytes,
) -> axum::response::Response {
    fake.calls.fetch_add(1, Ordering::SeqCst);
    *fake.last_path.lock().unwrap() = uri.path().to_owned();
    let page: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    *fake.last_page.lock().unwrap() = Some(page.clone());
    match fake.behaviour {
        Behaviour::Render => {
            let body = format!(
                "<script data-page=\"app\" type=\"application/json\">{}</script><div data-server-rendered=\"true\" id=\"app\"><h1>Rendered {}</h1></div>",
                serde_json::to_string(&page)
                    .unwrap()
                    .replace('<', "\\u003c"),
                page["component"].as_str().unwrap_or("?")
            );
            axum::Json(json!({ "head": ["<title data-inertia=\"\">SSR title</title>", "<meta name=\"x\" content=\"y\">"], "body": body })).into_response()
        }
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK.into_response()
        }
        Behaviour::Error500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"error": "boom", "type": "render"})),
        )
            .into_response(),
        Behaviour::Garbage => (StatusCode::OK, "<html>not json").into_response(),
        Behaviour::WrongShape => axum::Json(json!({"status": "NOT_FOUND"})).into_response(),
    }
}

/// Starts a fake SSR server; returns its base URL and its state.
async fn fake(behaviour: Behaviour) -> (String, Fake) {
    let state = Fake {
        behaviour,
        calls: Arc::default(),
        last_page: Arc::default(),
        last_path: Arc::default(),
    };
    let app = Router::new()
        .route("/render", any(fake_render))
        .route("/__inertia_ssr", any(fake_render))
        .route(
            "/health",
            get(|| async { axum::Json(json!({"status": "OK"})) }),
        )
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, state)
}

/// A URL on which nothing listens.
async fn refused() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[inertia_page("Home")]
async fn home() -> Value {
    json!({ "greeting": "hello" })
}

#[inertia_page("Canvas", ssr = false)]
async fn canvas() -> Value {
    json!({})
}

fn ssr(url: &str) -> Ssr {
    Ssr::new(url)
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_millis(400))
        .backoff(Duration::from_millis(800))
}

fn app(config: InertiaConfig) -> (axum::Router, InertiaLayer) {
    let layer = config.into_layer().unwrap();
    let router = Router::new()
        .route("/", get(home))
        .route("/canvas", get(canvas))
        .layer(layer.clone());
    (router, layer)
}

#[tokio::test]
async fn rendered_html_replaces_the_root_and_joins_the_head() {
    let (url, fake) = fake(Behaviour::Render).await;
    let (app, _) = app(InertiaConfig::new().version("v1").ssr(ssr(&url)));
    let res = send(&app, request("GET", "/?x=1", &[], "")).await;
    assert_eq!(res.status, 200);
    assert!(
        res.body.contains(
            "<title data-inertia=\"\">SSR title</title>\n<meta name=\"x\" content=\"y\">\n</head>"
        ),
        "{}",
        res.body
    );
    assert!(
        res.body
            .contains("<div data-server-rendered=\"true\" id=\"app\"><h1>Rendered Home</h1></div>")
    );
    assert_eq!(
        res.body.matches("<script data-page=").count(),
        1,
        "the page element once, from the SSR body"
    );
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1, "one call per request");
    // The SSR server got the page object as plain JSON.
    let page = fake.last_page.lock().unwrap().clone().unwrap();
    assert_eq!(page["component"], "Home");
    assert_eq!(page["url"], "/?x=1");
    assert_eq!(page["props"]["greeting"], "hello");
    assert_eq!(embedded_page(&res.body)["props"]["greeting"], "hello");
}

#[tokio::test]
async fn the_shell_title_gives_way_to_the_rendered_title_and_returns_on_fallback() {
    use inertia_runtime::HtmlShell;
    let (url, _fake) = fake(Behaviour::Render).await;
    let shell = || HtmlShell::new().title("Shell title");
    let (app, _) = app(InertiaConfig::new().html_shell(shell()).ssr(ssr(&url)));
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert_eq!(res.body.matches("<title").count(), 1, "{}", res.body);
    assert!(res.body.contains("SSR title</title>"));

    let (down, _) = self::app(
        InertiaConfig::new()
            .html_shell(shell())
            .ssr(ssr(&refused().await)),
    );
    let res = send(&down, request("GET", "/", &[], "")).await;
    assert!(
        res.body.contains("<title>Shell title</title>"),
        "{}",
        res.body
    );
}

#[tokio::test]
async fn inertia_visits_never_use_ssr() {
    let (url, fake) = fake(Behaviour::Render).await;
    let (app, _) = app(InertiaConfig::new().version("v1").ssr(ssr(&url)));
    let res = inertia_get(&app, "/", "v1").await;
    assert_eq!(res.json()["component"], "Home");
    assert_eq!(fake.calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn pages_can_opt_out() {
    let (url, fake) = fake(Behaviour::Render).await;
    let (app, _) = app(InertiaConfig::new().ssr(ssr(&url)));
    let res = send(&app, request("GET", "/canvas", &[], "")).await;
    assert!(!res.body.contains("data-server-rendered"));
    assert_eq!(embedded_page(&res.body)["component"], "Canvas");
    assert_eq!(fake.calls.load(Ordering::SeqCst), 0, "`ssr = false`");
}

/// The page a failed SSR falls back to: the usual client-side root, same page object.
async fn assert_falls_back(app: &axum::Router) -> Duration {
    let started = Instant::now();
    let res = send(app, request("GET", "/", &[], "")).await;
    let took = started.elapsed();
    assert_eq!(res.status, 200);
    assert!(!res.body.contains("data-server-rendered"), "{}", res.body);
    assert!(res.body.contains("<div id=\"app\"></div>"));
    let page = embedded_page(&res.body);
    assert_eq!(page["props"]["greeting"], "hello");
    assert_eq!(page["component"], "Home");
    took
}

#[tokio::test]
async fn every_failure_falls_back_to_client_rendering() {
    for behaviour in [
        Behaviour::Error500,
        Behaviour::Garbage,
        Behaviour::WrongShape,
    ] {
        let (url, fake) = fake(behaviour).await;
        let (app, _) = app(InertiaConfig::new().ssr(ssr(&url)));
        assert_falls_back(&app).await;
        assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
    }
    let (app, _) = app(InertiaConfig::new().ssr(ssr(&refused().await)));
    assert_falls_back(&app).await;
}

#[tokio::test]
async fn a_hanging_server_costs_one_timeout_then_nothing_until_the_backoff_ends() {
    let (url, fake) = fake(Behaviour::Hang).await;
    let (app, _) = app(InertiaConfig::new().ssr(ssr(&url)));
    let first = assert_falls_back(&app).await;
    assert!(
        first >= Duration::from_millis(400),
        "waited for the timeout: {first:?}"
    );
    // Bounded by the timeout (plus generous room for a busy machine: the point is that it
    // ends, where a hanging server would hold the request for ever).
    assert!(
        first < Duration::from_secs(3),
        "bounded by the timeout: {first:?}"
    );
    // Within the back-off: no SSR attempt (the fake counts them), so no waiting for one.
    for _ in 0..5 {
        let next = assert_falls_back(&app).await;
        assert!(
            next < Duration::from_millis(400),
            "the breaker skips SSR, shorter than the timeout: {next:?}"
        );
    }
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
    // After it (800 ms): tried again.
    eventually("SSR is tried again after the back-off", || async {
        assert_falls_back(&app).await;
        fake.calls.load(Ordering::SeqCst) == 2
    })
    .await;
}

#[tokio::test]
async fn a_refused_connection_is_fast() {
    let (app, _) = app(InertiaConfig::new().ssr(ssr(&refused().await)));
    let took = assert_falls_back(&app).await;
    assert!(took < Duration::from_millis(300), "{took:?}");
}

#[tokio::test]
async fn the_vite_dev_server_endpoint_is_used_while_it_runs() {
    let (url, fake) = fake(Behaviour::Render).await;
    let (app, _) = app(InertiaConfig::new()
        .vite(Vite::new().entry("src/main.tsx").dev_server(&url))
        .ssr(ssr(&refused().await)));
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert!(res.body.contains("data-server-rendered"));
    assert_eq!(*fake.last_path.lock().unwrap(), "/__inertia_ssr");
}

#[tokio::test]
async fn health_check() {
    let (url, _) = fake(Behaviour::Render).await;
    let (_, layer) = app(InertiaConfig::new().ssr(ssr(&url)));
    assert!(matches!(layer.ssr_health().await, Some(Ok(()))));
    let (_, down) = app(InertiaConfig::new().ssr(ssr(&refused().await)));
    let result = down.ssr_health().await.unwrap();
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("cannot reach the SSR server")
    );
    let (_, none) = app(InertiaConfig::new());
    assert!(none.ssr_health().await.is_none());
}

#[test]
fn invalid_ssr_urls_fail_at_startup() {
    for url in [
        "https://127.0.0.1:13714",
        "127.0.0.1:13714",
        "not a url",
        "ftp://x:1",
        "http://",
    ] {
        let err = InertiaConfig::new()
            .ssr(Ssr::new(url))
            .into_layer()
            .unwrap_err()
            .to_string();
        assert!(err.contains("SSR server URL"), "{url}: {err}");
    }
}
