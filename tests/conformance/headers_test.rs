//! Header parsing is total: any bytes in the partial-reload headers give a well-formed page
//! (never a panic), and the outcome is the documented one.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request};
use inertia_runtime::Props;
use inertia_runtime::prop::{self, Prop};
use serde_json::json;

use crate::harness::*;

#[derive(Props)]
struct P {
    a: &'static str,
    b: Prop<&'static str>,
    c: Prop<&'static str>,
}

fn app_() -> Router {
    app(|| P {
        a: "A",
        b: prop::optional(async { "B" }),
        c: prop::value("C").merge().once(),
    })
}

async fn send_raw(app: &Router, headers: &[(&str, &[u8])]) -> inertia_tests::Answer {
    let mut req = Request::builder()
        .uri("/")
        .header("x-inertia", "true")
        .header("x-inertia-version", VERSION);
    for (name, value) in headers {
        req = req.header(*name, HeaderValue::from_bytes(value).unwrap());
    }
    inertia_tests::send(app, req.body(Body::empty()).unwrap()).await
}

async fn partial_raw(app: &Router, name: &str, value: &[u8]) -> serde_json::Value {
    let res = send_raw(
        app,
        &[
            ("x-inertia-partial-component", COMPONENT.as_bytes()),
            (name, value),
        ],
    )
    .await;
    assert_eq!(res.status, 200, "{name}: {}", res.body);
    res.json()
}

#[tokio::test]
async fn empty_lists_count_as_absent() {
    let app = app_();
    for value in [&b""[..], b",", b" , ,", b"   "] {
        let page = partial_raw(&app, "x-inertia-partial-data", value).await;
        // No `only`: a partial reload of everything (optional props included).
        assert_eq!(
            page["props"],
            json!({"a": "A", "b": "B", "c": "C", "errors": {}}),
            "{value:?}"
        );
        let page = partial_raw(&app, "x-inertia-partial-except", value).await;
        assert_eq!(page["props"]["a"], "A");
    }
}

#[tokio::test]
async fn spaces_around_entries_are_ignored() {
    let page = partial_raw(&app_(), "x-inertia-partial-data", b"  b ,  a ").await;
    assert_eq!(page["props"], json!({"a": "A", "b": "B", "errors": {}}));
}

#[tokio::test]
async fn duplicate_entries_and_duplicate_headers_are_harmless() {
    let page = partial_raw(&app_(), "x-inertia-partial-data", b"b,b,b").await;
    assert_eq!(page["props"], json!({"b": "B", "errors": {}}));
    // Two header lines: the first counts (as `HeaderMap::get`), deterministically.
    let res = send_raw(
        &app_(),
        &[
            ("x-inertia-partial-component", COMPONENT.as_bytes()),
            ("x-inertia-partial-data", b"a"),
            ("x-inertia-partial-data", b"b"),
        ],
    )
    .await;
    assert_eq!(res.json()["props"], json!({"a": "A", "errors": {}}));
}

#[tokio::test]
async fn unknown_paths_match_nothing() {
    let page = partial_raw(&app_(), "x-inertia-partial-data", b"nope,x.y.z,.,..,z..b").await;
    assert_eq!(page["props"], json!({"errors": {}}));
    // A path below a prop selects that prop (the ancestor rule), even if nothing is there.
    let page = partial_raw(&app_(), "x-inertia-partial-data", b"a.b.c.d").await;
    assert_eq!(page["props"], json!({"a": "A", "errors": {}}));
}

#[tokio::test]
async fn non_utf8_values_count_as_absent() {
    let app = app_();
    let page = partial_raw(&app, "x-inertia-partial-data", b"a,\xff\xfe").await;
    assert_eq!(page["props"]["b"], "B", "no `only`: everything");
    let page = send_raw(&app, &[("x-inertia-partial-component", b"\xffTest")])
        .await
        .json();
    assert!(
        !page["props"].as_object().unwrap().contains_key("b"),
        "not partial: optional left out"
    );
    let page = send_raw(&app, &[("x-inertia-except-once-props", b"\xff")])
        .await
        .json();
    assert_eq!(page["props"]["c"], "C");
    let page = send_raw(&app, &[("x-inertia-error-bag", b"\xff")])
        .await
        .json();
    assert_eq!(page["props"]["errors"], json!({}));
    let page = send_raw(
        &app,
        &[
            ("x-inertia-reset", b"\xff"),
            ("x-inertia-infinite-scroll-merge-intent", b"\xff"),
        ],
    )
    .await
    .json();
    assert_eq!(page["mergeProps"], json!(["c"]));
}

#[tokio::test]
async fn very_long_values_are_bounded() {
    let app = app_();
    // 100 KB of entries: over the 8 KiB limit, so ignored (no quadratic work, no panic).
    let long = "x,".repeat(50_000) + "a";
    let page = partial_raw(&app, "x-inertia-partial-data", long.as_bytes()).await;
    assert_eq!(page["props"]["b"], "B", "treated as absent");
    // Just under the limit still works.
    let fits = "x,".repeat(4_000) + "a";
    let page = partial_raw(&app, "x-inertia-partial-data", fits.as_bytes()).await;
    assert_eq!(page["props"], json!({"a": "A", "errors": {}}));
    let page = send_raw(&app, &[("x-inertia-except-once-props", long.as_bytes())])
        .await
        .json();
    assert_eq!(page["props"]["c"], "C");
    let page = send_raw(&app, &[("x-inertia-error-bag", long.as_bytes())])
        .await
        .json();
    assert_eq!(page["props"]["errors"], json!({}));
}

#[tokio::test]
async fn hostile_version_and_prefix_headers_are_harmless() {
    let app = app_();
    let res = send_raw(&app, &[("x-inertia-version", b"\xff\xfe")]).await;
    assert_eq!(
        res.status, 200,
        "the first x-inertia-version header (the right one) counts"
    );
    let mut req = Request::builder()
        .uri("/user?q=1")
        .header("x-inertia", "true");
    req = req.header(
        "x-inertia-version",
        HeaderValue::from_bytes(b"\xff").unwrap(),
    );
    req = req.header(
        "x-forwarded-prefix",
        HeaderValue::from_bytes(b"/a\xff").unwrap(),
    );
    let res = inertia_tests::send(&app, req.body(Body::empty()).unwrap()).await;
    assert_eq!(res.status, 409);
    assert_eq!(res.header("x-inertia-location"), Some("/user?q=1"));
}
