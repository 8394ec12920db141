//! Rendering props through a real router, as Laravel's tests render a `Response`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::routing::get;
use inertia_runtime::{InertiaConfig, InertiaRequest, IntoPage};
use inertia_tests::{Answer, embedded_page, request, send};
use serde_json::Value;

pub(crate) const COMPONENT: &str = "TestComponent";
pub(crate) const VERSION: &str = "123";

/// A router whose `/user/123` (any path) renders `COMPONENT` with `make()`'s props.
pub(crate) fn app<P, F>(make: F) -> Router
where
    F: Fn() -> P + Clone + Send + Sync + 'static,
    P: IntoPage + Send + 'static,
{
    app_with(InertiaConfig::new().version(VERSION), make)
}

pub(crate) fn app_with<P, F>(config: InertiaConfig, make: F) -> Router
where
    F: Fn() -> P + Clone + Send + Sync + 'static,
    P: IntoPage + Send + 'static,
{
    let handler = move |inertia: InertiaRequest| {
        let make = make.clone();
        async move { inertia.render(COMPONENT, make()).await }
    };
    Router::new()
        .fallback(get(handler))
        .layer(config.into_layer().expect("config"))
}

/// A first visit: the page object embedded in the HTML.
pub(crate) async fn html(app: &Router) -> Value {
    let res = send(app, request("GET", "/user/123", &[], "")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    embedded_page(&res.body)
}

/// A first visit with extra headers.
pub(crate) async fn html_with(app: &Router, headers: &[(&str, &str)]) -> Value {
    let res = send(app, request("GET", "/user/123", headers, "")).await;
    embedded_page(&res.body)
}

/// An Inertia visit (`X-Inertia`, current version) with extra headers.
pub(crate) async fn xhr(app: &Router, headers: &[(&str, &str)]) -> Value {
    xhr_answer(app, "/user/123", headers).await.json()
}

pub(crate) async fn xhr_answer(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut all = vec![("x-inertia", "true"), ("x-inertia-version", VERSION)];
    all.extend_from_slice(headers);
    let res = send(app, request("GET", uri, &all, "")).await;
    assert_eq!(
        res.header("x-inertia"),
        Some("true"),
        "{} {}",
        res.status,
        res.body
    );
    res
}

/// A partial reload of `COMPONENT` for `only` (comma list).
pub(crate) async fn partial(app: &Router, only: &str) -> Value {
    xhr(
        app,
        &[
            ("x-inertia-partial-component", COMPONENT),
            ("x-inertia-partial-data", only),
        ],
    )
    .await
}

/// A partial reload with extra headers.
pub(crate) async fn partial_with(app: &Router, only: &str, headers: &[(&str, &str)]) -> Value {
    let mut all = vec![
        ("x-inertia-partial-component", COMPONENT),
        ("x-inertia-partial-data", only),
    ];
    all.extend_from_slice(headers);
    xhr(app, &all).await
}

/// Whether `props` (an object) has `key`.
pub(crate) fn has(value: &Value, key: &str) -> bool {
    value.as_object().is_some_and(|o| o.contains_key(key))
}

/// Counts how often lazy props run.
#[derive(Clone, Default)]
pub(crate) struct Counter(Arc<AtomicUsize>);

impl Counter {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A future that counts a run and yields `value`.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        value: T,
    ) -> impl Future<Output = T> + Send + use<T> {
        let counter = self.0.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            value
        }
    }

    pub(crate) fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
