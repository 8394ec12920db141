//! The per-request allocation budget, counted by a global allocator, so that a regression
//! fails CI (`cargo test --workspace`). Figures are per request, after one warm-up request
//! (lazy statics, size hints), on a current-thread runtime so that the counting thread does
//! all the work.

#![allow(unsafe_code)] // The counting allocator implements `GlobalAlloc`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use inertia_bench::requests::Scenario;
use inertia_bench::{LARGE, SMALL, VERSION, ours, plain, shared_rows};
use inertia_runtime::InertiaConfig;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes asked for (allocations and growth), not net of frees: the work done.
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        let _ = BYTES.try_with(|n| n.set(n.get() + layout.size()));
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        let _ = BYTES.try_with(|n| n.set(n.get() + new_size.saturating_sub(layout.size())));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Allocations (and reallocations) of one request through `router`, body read to the end.
fn count(router: &Router, make: impl Fn() -> Request<Body>) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let once = |req: Request<Body>| {
        drop(rt.block_on(inertia_bench::requests::send(router, req)));
    };
    once(make());
    let req = make();
    let before = allocations();
    once(req);
    allocations() - before
}

fn scenario(router: &Router, scenario: Scenario) -> usize {
    count(router, || scenario.request())
}

/// What serializing the props once costs: the floor for any adapter.
fn serialize_props_once(n: usize) -> usize {
    #[derive(serde::Serialize)]
    struct Props {
        rows: &'static [inertia_bench::Row],
        total: usize,
    }
    let rows = shared_rows(n);
    let before = allocations();
    let json = serde_json::to_vec(&Props {
        rows,
        total: rows.len(),
    });
    let n = allocations() - before;
    drop(json);
    n
}

/// Allocations of a JSON visit beyond serializing the props once: routing, request
/// extensions, response headers. Measured at 15 (2 KB props) and 9 (200 KB: the size hint
/// saves the buffer's regrowths) on 2026-11-24; raise it only with a reason.
const JSON_VISIT_CONSTANT: usize = 16;

/// Allocations of a JSON visit beyond the hand-written `axum::Json` handler's. Measured at
/// +1 (2 KB) and −5 (200 KB) on 2026-11-24.
const OVER_PLAIN_AXUM: usize = 2;

#[test]
fn a_json_visit_costs_serializing_the_props_once_plus_a_constant() {
    for n in [SMALL, LARGE] {
        let ours = scenario(&ours::router(n), Scenario::Json);
        let once = serialize_props_once(n);
        println!("{n} rows: ours {ours}, serializing once {once}");
        assert!(
            ours <= once + JSON_VISIT_CONSTANT,
            "{n} rows: a JSON visit made {ours} allocations; serializing the props once makes {once}"
        );
    }
    // The same constant whatever the props' size: nothing is copied per row or per byte.
    let small = scenario(&ours::router(SMALL), Scenario::Json) as isize
        - serialize_props_once(SMALL) as isize;
    let large = scenario(&ours::router(LARGE), Scenario::Json) as isize
        - serialize_props_once(LARGE) as isize;
    assert!(
        large <= small.max(0) + 2,
        "per-request overhead grows with the props: {small} → {large}"
    );
}

#[test]
fn a_json_visit_allocates_no_more_than_the_plain_axum_json_handler_plus_a_constant() {
    for n in [SMALL, LARGE] {
        let ours = scenario(&ours::router(n), Scenario::Json);
        let floor = scenario(&plain::router(n), Scenario::Json);
        println!("{n} rows: ours {ours}, axum::Json {floor}");
        assert!(
            ours <= floor + OVER_PLAIN_AXUM,
            "{n} rows: ours {ours}, axum::Json {floor}"
        );
    }
}

#[test]
fn the_html_page_costs_a_constant_more_than_the_json_visit() {
    for n in [SMALL, LARGE] {
        let router = ours::router(n);
        let json = scenario(&router, Scenario::Json);
        let html = scenario(&router, Scenario::Html);
        println!("{n} rows: html {html}, json {json}");
        // No second copy of the page: escaping writes into the one document buffer.
        assert!(html <= json + 6, "{n} rows: html {html}, json {json}");
    }
}

#[test]
fn the_version_check_does_not_allocate() {
    // A handler that allocates nothing, behind the layer: the only difference between the
    // two requests is the version check (and it matches).
    let router = Router::new().route("/", get(|| async { "ok" })).layer(
        InertiaConfig::new()
            .version(VERSION)
            .into_layer()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let plain_get = count(&router, || {
        Request::get("/").body(Body::empty()).unwrap_or_default()
    });
    let long_version: &'static str = "v".repeat(4096).leak();
    for version in [VERSION, long_version] {
        let router = Router::new().route("/", get(|| async { "ok" })).layer(
            InertiaConfig::new()
                .version(version)
                .into_layer()
                .unwrap_or_else(|e| panic!("{e}")),
        );
        let checked = count(&router, || {
            Request::get("/")
                .header("x-inertia", "true")
                .header("x-inertia-version", version)
                .body(Body::empty())
                .unwrap_or_default()
        });
        assert_eq!(checked, plain_get, "version of {} bytes", version.len());
    }
}

#[test]
fn a_409_allocates_little_and_less_than_the_plain_handler() {
    // What axum's router costs for a route whose handler allocates nothing.
    let routing = count(&Router::new().route("/", get(|| async { "" })), || {
        Scenario::Conflict.request()
    });
    for n in [SMALL, LARGE] {
        let conflict = scenario(&ours::router(n), Scenario::Conflict);
        let floor = scenario(&plain::router(n), Scenario::Json);
        println!("{n} rows: 409 {conflict}, routing alone {routing}, axum::Json {floor}");
        // Beyond routing: the location string and the two header values; no handler.
        assert!(
            conflict <= routing + 3,
            "a 409 made {conflict} allocations, routing alone {routing}"
        );
        assert!(conflict < floor);
    }
}

#[test]
fn the_csrf_check_does_not_allocate() {
    // The layer around a service that allocates nothing, called directly: a router's own
    // layering costs allocations of its own that would hide the layer's.
    use inertia_runtime::csrf::Csrf;
    use tower::{Layer, ServiceExt, service_fn};

    let layer = Csrf::new()
        .signing_key(b"bench key: Zq4Xw8Rt2Yp6Lm0Nc3Vb7Kj1Hg5Fd9Sa")
        .into_layer()
        .unwrap_or_else(|e| panic!("{e}"));
    let service = layer.layer(service_fn(|_: Request<Body>| async {
        Ok::<_, std::convert::Infallible>(axum::response::Response::new(Body::empty()))
    }));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let call = |req: Request<Body>| {
        let service = service.clone();
        let before = allocations();
        let response = rt
            .block_on(service.oneshot(req))
            .unwrap_or_else(|e| match e {});
        (allocations() - before, response)
    };
    // A first visit is given a token (that allocates: the cookie is new).
    let (_, first) = call(Request::get("/").body(Body::empty()).unwrap_or_default());
    let token = first
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.strip_prefix("XSRF-TOKEN="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no XSRF-TOKEN cookie"));
    let cookie = format!("theme=dark; XSRF-TOKEN={token}; lang=en");
    let (get, response) = call(
        Request::get("/")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap_or_default(),
    );
    assert_eq!(get, 0, "GET with a valid token");
    assert!(response.headers().get("set-cookie").is_none());
    let (post, response) = call(
        Request::post("/")
            .header("cookie", &cookie)
            .header("x-xsrf-token", &token)
            .body(Body::empty())
            .unwrap_or_default(),
    );
    assert_eq!(post, 0, "POST with the matching header");
    assert_eq!(response.status(), 200);
    // And the check does refuse, so the zero is not a check that did nothing.
    let (_, refused) = call(
        Request::post("/")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap_or_default(),
    );
    assert_eq!(refused.status().as_u16(), 419);
}

fn bytes() -> usize {
    BYTES.with(Cell::get)
}

#[test]
fn hostile_form_bodies_cost_bounded_memory() {
    // Finding 5 of the attack on the demo: a 2 MB `a[][][]…` field name cost ~18 MB before its
    // 400, and a 380 KB `Precognition-Validate-Only` ~12 MB per request. The request (with its
    // body) is built before counting; what is counted is the server's work.
    use inertia_runtime::ValidationErrors;
    use inertia_runtime::form::{Checked, Rules};

    #[derive(serde::Deserialize)]
    struct Form {
        #[serde(default)]
        title: String,
    }
    impl Rules for Form {
        fn check(&self, errors: &mut ValidationErrors) {
            if self.title.is_empty() {
                errors.push("title", "The title field is required.");
            }
        }
    }
    let router = Router::new()
        .route(
            "/",
            axum::routing::post(|Checked(_): Checked<Form>| async { "ok" }),
        )
        .layer(
            InertiaConfig::new()
                .into_layer()
                .unwrap_or_else(|e| panic!("{e}")),
        );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let measure = |req: Request<Body>| {
        let before = bytes();
        let (status, _) = rt.block_on(inertia_bench::requests::send(&router, req));
        (status, bytes() - before)
    };

    let name = format!("a{}", "[]".repeat(1_000_000));
    let body = format!("{name}=1");
    let (status, cost) = measure(
        Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.clone()))
            .unwrap_or_default(),
    );
    println!("2 MB field name: {status}, {} KB allocated", cost / 1024);
    assert_eq!(status, 400);
    // Reading the body (one copy) and decoding the name (one more) at most; nothing per bracket.
    assert!(
        cost < 3 * body.len(),
        "{cost} bytes for a {} byte body",
        body.len()
    );

    let only = "title,".repeat(65_000);
    let (status, cost) = measure(
        Request::post("/")
            .header("content-type", "application/json")
            .header("precognition", "true")
            .header("precognition-validate-only", only.as_str())
            .body(Body::from("{}"))
            .unwrap_or_default(),
    );
    println!(
        "390 KB Precognition-Validate-Only: {status}, {} KB allocated",
        cost / 1024
    );
    assert_eq!(status, 422);
    assert!(
        cost < 64 * 1024,
        "{cost} bytes for a {} byte header",
        only.len()
    );
}
