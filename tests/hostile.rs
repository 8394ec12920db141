//! Hostile requests: generated header sets (every protocol header, the visit cookie, forwarded
//! prefixes, `Referer`, with arbitrary bytes: empty, spaces, commas, dots, non-UTF-8, very
//! long), methods and paths go through a router with every prop kind. Nothing may panic, and
//! every answer is a well-formed protocol answer: page JSON for Inertia visits, an HTML page
//! for first visits, a 409 with a location, or a redirect.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::routing::get;
use inertia_runtime::prop::{self, Prop};
use inertia_runtime::{InertiaConfig, InertiaRedirect, Props, inertia_page};
use inertia_tests::send;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

#[derive(Props)]
struct Everything {
    plain: Vec<&'static str>,
    nested: serde_json::Value,
    optional: Prop<u32>,
    deferred: Prop<Vec<u32>>,
    grouped: Prop<u32>,
    merged: Prop<Vec<u32>>,
    once: Prop<u32>,
    always: Prop<&'static str>,
}

#[inertia_page("Everything")]
async fn everything() -> Everything {
    Everything {
        plain: vec!["a", "b"],
        nested: serde_json::json!({ "a": { "b": [1, 2, { "c": "</script>" }] } }),
        optional: prop::optional(async { 1 }),
        deferred: prop::defer(async { vec![1, 2] }),
        grouped: prop::defer(async { 3 }).group("side"),
        merged: prop::value(vec![4]).merge().match_on("id"),
        once: prop::value(5)
            .once_as("five")
            .until(std::time::Duration::from_secs(60)),
        always: prop::value("always").always(),
    }
}

async fn back() -> InertiaRedirect {
    InertiaRedirect::back_or("/").with_errors([("name", "required")])
}

fn router() -> Router {
    Router::new()
        .route("/", get(everything).post(back).put(back).delete(back))
        .route("/nested/path", get(everything))
        .layer(
            InertiaConfig::new()
                .version("v1")
                .trust_all_proxies()
                .share("app", "demo")
                .share_with("user", |parts| {
                    let agent = parts.headers.contains_key("user-agent");
                    async move { serde_json::json!({ "agent": agent }) }
                })
                .signing_key("a signing key that is long enough for the tests")
                .into_layer()
                .unwrap_or_else(|e| panic!("{e}")),
        )
}

/// The protocol's request headers, plus the generic ones it reads and two it must ignore.
fn names() -> Vec<HeaderName> {
    let mut names = inertia_runtime::headers::REQUEST_HEADERS.to_vec();
    for generic in ["referer", "host", "cookie", "accept", "vary"] {
        names.push(HeaderName::from_static(generic));
    }
    names
}

/// Header values: protocol-looking text, separators, and arbitrary (also non-UTF-8) bytes.
fn value() -> impl Strategy<Value = Vec<u8>> {
    let words = proptest::sample::select(vec![
        "true",
        "v1",
        "v2",
        "",
        " ",
        ",",
        ",,",
        ".",
        "..",
        "plain",
        "nested.a.b",
        "nested.a",
        "optional",
        "deferred",
        "grouped",
        "merged",
        "once",
        "five",
        "always",
        "errors",
        "app",
        "user",
        "Everything",
        "prepend",
        "append",
        "prefetch",
        "/app",
        "//evil.example",
        "/a/../b",
        "http://evil.example/x",
        "/nested/path#frag",
        "inertia_visit=",
        "x=y; z",
        "\u{2028}",
        "é",
        "default",
        "side",
    ]);
    prop_oneof![
        4 => proptest::collection::vec(words, 0..6).prop_map(|w| w.join(",").into_bytes()),
        2 => proptest::collection::vec(any::<u8>(), 0..64),
        1 => (proptest::sample::select(vec!["plain,", "a.", ",", "x"]), 1usize..20_000)
            .prop_map(|(s, n)| s.repeat(n).into_bytes()),
    ]
}

fn hostile_request() -> impl Strategy<Value = Request<Body>> {
    let method = proptest::sample::select(vec!["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]);
    let path = proptest::sample::select(vec![
        "/",
        "/nested/path",
        "/?q=%3C/script%3E",
        "/missing",
        "//x",
    ]);
    let headers = proptest::collection::vec((proptest::sample::select(names()), value()), 0..10);
    (method, path, headers).prop_map(|(method, path, headers)| {
        let mut req = Request::new(Body::empty());
        *req.method_mut() = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        *req.uri_mut() = path.parse().unwrap_or_default();
        for (name, value) in headers {
            // Bytes a header value cannot hold (control characters) never reach a server.
            if let Ok(value) = HeaderValue::from_bytes(&value) {
                req.headers_mut().append(name, value);
            }
        }
        req
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn hostile_requests_get_protocol_answers(req in hostile_request()) {
        let inertia = req.headers().contains_key("x-inertia");
        let method = req.method().clone();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
        let res = rt.block_on(send(&router(), req));
        let status = res.status.as_u16();
        match status {
            200 if method == Method::HEAD => {}
            200 if inertia => {
                let page = res.json();
                prop_assert_eq!(&page["component"], "Everything");
                prop_assert!(page["props"].is_object());
                prop_assert_eq!(res.header("x-inertia"), Some("true"));
            }
            200 => prop_assert!(res.body.contains("<script data-page=\"app\" type=\"application/json\">")),
            302 | 303 => prop_assert!(res.header("location").is_some()),
            409 => prop_assert!(
                res.header("x-inertia-location").is_some() || res.header("x-inertia-redirect").is_some()
            ),
            404 | 405 => {}
            other => prop_assert!(false, "unexpected status {other}: {}", res.body),
        }
        prop_assert!(res.header_all("vary").iter().any(|v| v.contains("X-Inertia")) || status == 404 || status == 405);
    }
}
