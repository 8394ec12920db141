//! What the encrypted visit cookie costs: `cargo bench -p inertia-bench --bench visit_cookie`.
//!
//! The cookie is only read on requests that carry one (the page after a redirect with flash
//! data or errors) and only written on responses that leave state for the next page. So the
//! pairs to compare, each through the whole router like `benches/requests.rs`:
//!
//! - `page/plain` vs `page/with-cookie`: an Inertia visit to a 2 KB page, without a visit
//!   cookie and with one carrying a flash message, two validation errors and three fields of
//!   old input (opened: base64, XChaCha20-Poly1305, JSON; the page shows it; the response
//!   clears the cookie);
//! - `redirect/plain` vs `redirect/with-state`: a form post answered with a redirect, without
//!   state and with that same state (serialized, sealed with a fresh nonce from the OS, set).

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request};
use axum::routing::{get, post};
use criterion::{Criterion, criterion_group, criterion_main};
use inertia_bench::requests::send;
use inertia_bench::{COMPONENT, SMALL, VERSION, shared_rows};
use inertia_runtime::{InertiaConfig, InertiaRedirect, InertiaRequest, ValidationErrors};

const KEY: &[u8] = b"bench key: Zq4Xw8Rt2Yp6Lm0Nc3Vb7Kj1Hg5Fd9Sa";

fn router() -> Router {
    let rows = shared_rows(SMALL);
    let page = move |inertia: InertiaRequest| async move {
        inertia
            .render(
                COMPONENT,
                serde_json::json!({ "rows": rows, "total": rows.len() }),
            )
            .await
    };
    Router::new()
        .route("/", get(page))
        .route("/plain", post(|| async { InertiaRedirect::to("/") }))
        .route(
            "/with-state",
            post(|| async {
                let mut old = serde_json::Map::new();
                old.insert("title".into(), "ab".into());
                old.insert("description".into(), "A longer text the user typed".into());
                old.insert("due".into(), "soon".into());
                InertiaRedirect::back_or("/")
                    .flash("success", "Saved.")
                    .with_errors(
                        ValidationErrors::new()
                            .add("title", "The title must be at least 3 characters.")
                            .add("due", "The due date must look like 2026-12-31."),
                    )
                    .with_old_input(old)
            }),
        )
        .layer(
            InertiaConfig::new()
                .version(VERSION)
                .signing_key(KEY)
                .into_layer()
                .unwrap_or_else(|e| panic!("{e}")),
        )
}

fn inertia_get(cookie: Option<&HeaderValue>) -> Request<Body> {
    let mut builder = Request::get("/")
        .header("host", HeaderValue::from_static("bench.local"))
        .header("x-inertia", HeaderValue::from_static("true"))
        .header("x-inertia-version", HeaderValue::from_static(VERSION));
    if let Some(cookie) = cookie {
        builder = builder.header("cookie", cookie.clone());
    }
    builder.body(Body::empty()).unwrap_or_default()
}

fn post_to(path: &str) -> Request<Body> {
    Request::post(path)
        .header("host", HeaderValue::from_static("bench.local"))
        .header("x-inertia", HeaderValue::from_static("true"))
        .body(Body::empty())
        .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let router = router();
    // The cookie a redirect with state sets, as the browser sends it back.
    let cookie = {
        let res = rt.block_on(router.clone().oneshot(post_to("/with-state")));
        let set = res
            .ok()
            .and_then(|res| res.headers().get("set-cookie").cloned())
            .unwrap_or_else(|| panic!("no visit cookie"));
        let pair = set
            .to_str()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .to_owned();
        HeaderValue::from_str(&pair).unwrap_or_else(|e| panic!("{e}"))
    };
    // The page shows the state it carries.
    let (_, body) = rt.block_on(send(&router, inertia_get(Some(&cookie))));
    let shown = String::from_utf8_lossy(&body);
    assert!(
        shown.contains("\"flash\":{\"success\":\"Saved.\"}"),
        "{shown}"
    );
    assert!(shown.contains("The title must be at least 3 characters."));

    c.bench_function("page/plain", |b| {
        b.iter(|| rt.block_on(send(&router, inertia_get(None))).1.len())
    });
    c.bench_function("page/with-cookie", |b| {
        b.iter(|| {
            rt.block_on(send(&router, inertia_get(Some(&cookie))))
                .1
                .len()
        })
    });
    c.bench_function("redirect/plain", |b| {
        b.iter(|| rt.block_on(send(&router, post_to("/plain"))).0)
    });
    c.bench_function("redirect/with-state", |b| {
        b.iter(|| rt.block_on(send(&router, post_to("/with-state"))).0)
    });
}

use tower::ServiceExt as _;

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
