//! The requests each scenario sends (the same for every adapter).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::{COMPONENT, VERSION};

/// What a request exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// An Inertia visit (`X-Inertia`, current version): the page as JSON.
    Json,
    /// A first visit: the HTML document with the page embedded.
    Html,
    /// An Inertia visit with a stale version: `409`, the handler does not run.
    Conflict,
    /// A partial reload of `rows` (the expensive optional prop is not asked for).
    Partial,
}

impl Scenario {
    /// All scenarios, in table order.
    pub const ALL: [Scenario; 4] = [
        Scenario::Json,
        Scenario::Html,
        Scenario::Conflict,
        Scenario::Partial,
    ];

    /// The name used in benchmark ids and the table.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Json => "json",
            Scenario::Html => "html",
            Scenario::Conflict => "409",
            Scenario::Partial => "partial",
        }
    }

    /// The headers of the request, as `(name, value)` pairs.
    pub fn headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Scenario::Json => &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            Scenario::Html => &[("accept", "text/html")],
            Scenario::Conflict => &[("x-inertia", "true"), ("x-inertia-version", "stale")],
            Scenario::Partial => &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-inertia-partial-component", COMPONENT),
                ("x-inertia-partial-data", "rows"),
            ],
        }
    }

    /// An axum request for `/`. Header values are static, so that cloning one costs what it
    /// costs with a request parsed by hyper (a reference count, not a copy).
    pub fn request(self) -> Request<Body> {
        let mut builder = Request::get("/").header("host", HeaderValue::from_static("bench.local"));
        for (name, value) in self.headers() {
            builder = builder.header(*name, HeaderValue::from_static(value));
        }
        builder.body(Body::empty()).unwrap_or_default()
    }
}

/// Sends `req` through the whole router (layers, extractors, handler) and reads the body to
/// the end: one request, as the benchmarks and tests time and check it.
pub async fn send(router: &Router, req: Request<Body>) -> (StatusCode, Bytes) {
    let res = router
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let status = res.status();
    let body = res
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (status, body)
}
