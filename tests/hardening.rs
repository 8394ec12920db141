//! Regression tests for what an attack on the running demo found (docs/reliability.md lists
//! each finding with its test). Each failed before its fix.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, Version};
use axum::routing::{get, post};
use inertia_runtime::csrf::Csrf;
use inertia_runtime::{InertiaConfig, InertiaRedirect, inertia_page};
use inertia_tests::{Answer, inertia_get, request, send};
use serde_json::json;

const VERSION: &str = "v1";

#[inertia_page("Home")]
async fn home() {}

async fn failed_form() -> InertiaRedirect {
    InertiaRedirect::back_or("/fallback").with_errors([("title", "The title field is required.")])
}

fn app(config: InertiaConfig) -> Router {
    Router::new()
        .route("/tasks", post(failed_form))
        .fallback(get(home))
        .layer(config.version(VERSION).into_layer().unwrap())
}

/// A POST as HTTP/2 sends it: the host in the request target (`:authority`), no `Host`.
fn http2_post(uri: &str, referer: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .version(Version::HTTP_2)
        .uri(uri)
        .header("referer", referer)
        .header("x-inertia", "true")
        .body(Body::empty())
        .unwrap()
}

fn with_peer(mut req: Request<Body>, peer: &str) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    req
}

// Finding 1 (medium): going back ignored the Referer without a `Host` header (HTTP/2) and
// behind a proxy that rewrites `Host` without the port.

#[tokio::test]
async fn going_back_over_http2_uses_the_request_targets_authority() {
    let app = app(InertiaConfig::new());
    let res = send(
        &app,
        http2_post(
            "http://127.0.0.1:3000/tasks",
            "http://127.0.0.1:3000/tasks/new",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.header("location"),
        Some("http://127.0.0.1:3000/tasks/new")
    );
    // Another site's page is still not a place to go back to.
    let res = send(
        &app,
        http2_post("http://127.0.0.1:3000/tasks", "http://evil.example/phish"),
    )
    .await;
    assert_eq!(res.header("location"), Some("/fallback"));
}

#[tokio::test]
async fn going_back_behind_a_trusted_proxy_uses_its_forwarded_host_and_port() {
    // nginx: `proxy_set_header Host $host` (no port) plus the forwarded headers.
    let proxied = |peer: &str| {
        with_peer(
            request(
                "POST",
                "/tasks",
                &[
                    ("host", "127.0.0.1"),
                    ("x-forwarded-host", "127.0.0.1"),
                    ("x-forwarded-port", "8080"),
                    ("x-forwarded-proto", "http"),
                    ("referer", "http://127.0.0.1:8080/tasks/new"),
                    ("x-inertia", "true"),
                ],
                "",
            ),
            peer,
        )
    };
    let trusting = app(InertiaConfig::new().trusted_proxies(["127.0.0.1"]));
    let res = send(&trusting, proxied("127.0.0.1:50000")).await;
    assert_eq!(
        res.header("location"),
        Some("http://127.0.0.1:8080/tasks/new")
    );
    // The same headers from a peer that is not the proxy prove nothing.
    let res = send(&trusting, proxied("192.0.2.7:50000")).await;
    assert_eq!(res.header("location"), Some("/fallback"));
    // And with no proxy trusted (the default) neither.
    let res = send(&app(InertiaConfig::new()), proxied("127.0.0.1:50000")).await;
    assert_eq!(res.header("location"), Some("/fallback"));
}

// Finding 2 (low): the 409's `X-Inertia-Location` copied the raw path, so `//evil.com/x`
// sent the client off-site; a path-only `Referer` did the same for redirects back.

#[tokio::test]
async fn a_409_never_points_at_another_host() {
    let app = app(InertiaConfig::new());
    for (path, location) in [
        ("//evil.example/x", "/evil.example/x"),
        ("/\\evil.example/x", "/evil.example/x"),
        ("//evil.example/x?y=1", "/evil.example/x?y=1"),
    ] {
        let res = inertia_get(&app, path, "stale").await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{path}");
        assert_eq!(res.header("x-inertia-location"), Some(location), "{path}");
        // Nor does the page's own `url`.
        let page = inertia_get(&app, path, VERSION).await.json();
        assert_eq!(page["url"], location, "{path}");
    }
}

#[tokio::test]
async fn a_path_only_referer_to_another_host_is_not_followed_back() {
    let app = app(InertiaConfig::new());
    // Browsers drop tabs from a URL before resolving it: `/<TAB>/evil.example` is
    // `//evil.example` (finding 4 of the third round).
    for referer in [
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "/\t\t/evil.example/x",
    ] {
        let res = send(
            &app,
            request(
                "POST",
                "/tasks",
                &[("referer", referer), ("host", "localhost")],
                "",
            ),
        )
        .await;
        assert_eq!(res.header("location"), Some("/fallback"), "{referer}");
    }
    let res = send(
        &app,
        request(
            "POST",
            "/tasks",
            &[("referer", "/tasks/new"), ("host", "localhost")],
            "",
        ),
    )
    .await;
    assert_eq!(res.header("location"), Some("/tasks/new"));
}

// Finding 8 (info): `X-Forwarded-Prefix` was trusted by default: any client could rewrite the
// page `url` and the 409 location (and poison a cache that keeps the header).

#[tokio::test]
async fn forwarded_headers_count_only_from_a_trusted_proxy() {
    let prefixed = |peer: &str| {
        with_peer(
            request(
                "GET",
                "/tasks",
                &[("x-inertia", "true"), ("x-forwarded-prefix", "/evil")],
                "",
            ),
            peer,
        )
    };
    let default = send(&app(InertiaConfig::new()), prefixed("192.0.2.7:1")).await;
    assert_eq!(default.status, StatusCode::CONFLICT);
    assert_eq!(default.header("x-inertia-location"), Some("/tasks"));
    let trusting = app(InertiaConfig::new().trusted_proxies(["10.0.0.0/8"]));
    let stranger = send(&trusting, prefixed("192.0.2.7:1")).await;
    assert_eq!(stranger.header("x-inertia-location"), Some("/tasks"));
    let proxy = send(&trusting, prefixed("10.1.2.3:1")).await;
    assert_eq!(proxy.header("x-inertia-location"), Some("/evil/tasks"));
    assert!(
        InertiaConfig::new()
            .trusted_proxies(["10.0.0.0/40"])
            .into_layer()
            .unwrap_err()
            .to_string()
            .contains("10.0.0.0/40")
    );
}

// Finding 9 (info): 128 or more shared props overflowed a `u128` bit mask.

#[tokio::test]
async fn any_number_of_shared_props_and_page_props_that_hide_them() {
    #[inertia_page("Home")]
    async fn page() -> serde_json::Value {
        json!({ "shared5": "page", "shared200": "page", "shared299": "page" })
    }
    let mut config = InertiaConfig::new().version(VERSION);
    for i in 0..300 {
        config = config.share(format!("shared{i}"), i);
    }
    let app = Router::new()
        .route("/", get(page))
        .layer(config.into_layer().unwrap());
    let page = inertia_get(&app, "/", VERSION).await.json();
    let props = page["props"].as_object().unwrap();
    assert_eq!(props.len(), 300 + 1, "every shared prop once, and errors");
    assert_eq!(props["shared5"], "page");
    assert_eq!(props["shared200"], "page");
    assert_eq!(props["shared299"], "page");
    assert_eq!(props["shared4"], 4);
    assert_eq!(props["shared201"], 201);
    assert_eq!(props["errors"], json!({}));
}

// Finding 10 (info): the CSRF token cookie could not use the `__Host-` prefix, which is what
// keeps a sibling subdomain from planting one.

#[tokio::test]
async fn the_csrf_cookie_can_be_a_host_only_cookie() {
    let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = runs.clone();
    let app = Router::new()
        .route(
            "/tasks",
            post(move || {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                async { "created" }
            }),
        )
        .route("/", get(|| async { "home" }))
        .layer(
            Csrf::new()
                .cookie_name("__Host-XSRF-TOKEN")
                .secure_cookie(true)
                .into_layer()
                .unwrap(),
        );
    let first = send(&app, request("GET", "/", &[], "")).await;
    let cookie = first.header("set-cookie").unwrap().to_owned();
    assert!(cookie.starts_with("__Host-XSRF-TOKEN="), "{cookie}");
    // What browsers require of a `__Host-` cookie: Secure, Path=/, no Domain.
    assert!(
        cookie.contains("; Path=/") && cookie.ends_with("; Secure"),
        "{cookie}"
    );
    assert!(!cookie.to_ascii_lowercase().contains("domain="), "{cookie}");
    let pair = cookie.split(';').next().unwrap();
    let token = pair.split_once('=').unwrap().1;
    let post = |headers: &[(&str, &str)]| send(&app, request("POST", "/tasks", headers, ""));
    let ok: Answer = post(&[("cookie", pair), ("x-xsrf-token", token)]).await;
    assert_eq!(ok.status, StatusCode::OK);
    let refused = post(&[
        ("cookie", &format!("XSRF-TOKEN={token}")),
        ("x-xsrf-token", token),
    ])
    .await;
    assert_eq!(
        refused.status.as_u16(),
        419,
        "the unprefixed name is not the cookie"
    );
    assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
}
