//! Whole requests through a router with every prop kind: the input is split into header lines
//! (`name: value`, names from the protocol's headers by index so that every parser is
//! reached), the first byte picks the method. Answers must be protocol answers; nothing may
//! panic.
#![no_main]

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::routing::get;
use http_body_util::BodyExt;
use inertia_runtime::prop::{self, Prop};
use inertia_runtime::{InertiaConfig, InertiaRedirect, Props, inertia_page};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

#[derive(Props)]
struct Everything {
    plain: Vec<&'static str>,
    optional: Prop<u32>,
    deferred: Prop<Vec<u32>>,
    merged: Prop<Vec<u32>>,
    once: Prop<u32>,
}

#[inertia_page("Everything")]
async fn everything() -> Everything {
    Everything {
        plain: vec!["a"],
        optional: prop::optional(async { 1 }),
        deferred: prop::defer(async { vec![2] }).group("side"),
        merged: prop::value(vec![3]).merge().match_on("id"),
        once: prop::value(4).once(),
    }
}

async fn back() -> InertiaRedirect {
    InertiaRedirect::back().with_errors([("name", "required")])
}

static ROUTER: LazyLock<Router> = LazyLock::new(|| {
    Router::new().route("/", get(everything).post(back)).layer(
        InertiaConfig::new()
            .version("v1")
            .trust_all_proxies()
            .signing_key("a signing key that is long enough for fuzzing")
            .into_layer()
            .expect("config"),
    )
});

/// The protocol's request headers and the generic ones it reads.
static NAMES: LazyLock<Vec<HeaderName>> = LazyLock::new(|| {
    let mut names = inertia_runtime::headers::REQUEST_HEADERS.to_vec();
    for generic in ["referer", "host", "cookie"] {
        names.push(HeaderName::from_static(generic));
    }
    names
});

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let mut req = Request::new(Body::empty());
    *req.method_mut() = if first % 2 == 0 {
        Method::GET
    } else {
        Method::POST
    };
    for line in rest.split(|&b| b == b'\n') {
        let Some((&index, value)) = line.split_first() else {
            continue;
        };
        let name = NAMES[usize::from(index) % NAMES.len()].clone();
        if let Ok(value) = HeaderValue::from_bytes(value) {
            req.headers_mut().append(name, value);
        }
    }
    let inertia = req.headers().contains_key("x-inertia");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let res = ROUTER.clone().oneshot(req).await.expect("infallible");
        let status = res.status().as_u16();
        let has = |name: &str| res.headers().contains_key(name);
        match status {
            200 | 302 | 303 | 409 => {}
            other => panic!("unexpected status {other}"),
        }
        if status == 409 {
            assert!(has("x-inertia-location") || has("x-inertia-redirect"));
        }
        let body = res.into_body().collect().await.expect("body").to_bytes();
        if status == 200 && inertia {
            let page: serde_json::Value = serde_json::from_slice(&body).expect("page JSON");
            assert_eq!(page["component"], "Everything");
        }
    });
});
