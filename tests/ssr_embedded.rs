//! Server-side rendering inside the process (`Ssr::embedded`, QuickJS): a bundle that renders,
//! and bundles that loop for ever, throw, or allocate without end, each falling back within
//! the limits and leaving the server healthy; engines under concurrent load; bundles that do
//! not load are startup errors.

use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::{InertiaConfig, InertiaRequest};
use inertia_tests::{embedded_page, inertia_get, request, send};
use serde_json::json;

/// A bundle in miniature, shaped like one built from the official adapters: it sets
/// `globalThis.render`, and misbehaves when the page asks it to.
const BUNDLE: &str = r#"
    globalThis.render = async (page) => {
        const mode = page.props.mode
        if (mode === 'loop') { for (;;) {} }
        if (mode === 'throw') { throw new Error('the component broke') }
        if (mode === 'alloc') { const hoard = []; for (;;) hoard.push(new Array(100000).fill(mode)) }
        if (mode === 'hang') { return new Promise(() => {}) }
        // What renderers and Inertia use from the host: timers, MessageChannel, URL,
        // TextEncoder, console.
        await new Promise((resolve) => setTimeout(resolve, 10))
        await new Promise((resolve) => {
            const channel = new MessageChannel()
            channel.port1.onmessage = resolve
            channel.port2.postMessage('tick')
        })
        const url = new URL(page.url, 'http://localhost')
        url.searchParams.set('rendered', 'yes')
        const bytes = new TextEncoder().encode(page.props.greeting).length
        console.log('rendering', page.component)
        return {
            head: [`<title inertia>${page.component}</title>`],
            body: `<div id="app" data-server-rendered="true"><p>${page.props.greeting}</p><a href="${url.pathname}${url.search}">${bytes}</a></div>`,
        }
    }
"#;

async fn page(
    inertia: InertiaRequest,
    axum::extract::Path(mode): axum::extract::Path<String>,
) -> axum::response::Response {
    inertia
        .render("Home", json!({ "greeting": "Grüß dich", "mode": mode }))
        .await
}

fn app(ssr: Ssr) -> Router {
    Router::new().route("/{mode}", get(page)).layer(
        InertiaConfig::new()
            .version("v1")
            .ssr(ssr)
            .into_layer()
            .unwrap(),
    )
}

fn ssr() -> Ssr {
    Ssr::embedded(BUNDLE)
        .engines(2)
        .timeout(Duration::from_millis(400))
        .memory_limit(32 * 1024 * 1024)
        // No back-off, so each request shows what that one render did.
        .backoff(Duration::ZERO)
}

fn rendered(body: &str) -> bool {
    body.contains("data-server-rendered=\"true\"")
}

#[tokio::test]
async fn pages_render_in_the_process() {
    let app = app(ssr());
    let res = send(&app, request("GET", "/fine?x=1", &[], "")).await;
    assert_eq!(res.status, 200);
    assert!(rendered(&res.body), "{}", res.body);
    assert!(res.body.contains("<p>Grüß dich</p>"));
    // URLSearchParams, TextEncoder (UTF-8: 11 bytes) and the rendered title.
    assert!(
        res.body.contains("href=\"/fine?x=1&amp;rendered=yes\"")
            || res.body.contains("href=\"/fine?x=1&rendered=yes\""),
        "{}",
        res.body
    );
    assert!(res.body.contains(">11</a>"));
    assert!(res.body.contains("<title inertia>Home</title>"));
    // Inertia visits are JSON, never rendered.
    let json = inertia_get(&app, "/fine", "v1").await;
    assert_eq!(json.json()["component"], "Home");
}

#[tokio::test]
async fn runaway_throwing_and_hoarding_bundles_fall_back_and_the_server_stays_healthy() {
    let app = app(ssr());
    for mode in ["loop", "throw", "alloc", "hang"] {
        let started = Instant::now();
        let res = send(&app, request("GET", &format!("/{mode}"), &[], "")).await;
        let took = started.elapsed();
        assert_eq!(res.status, 200, "{mode}");
        assert!(!rendered(&res.body), "{mode}: not server-rendered");
        // The page still works: rendered on the client from the embedded page object.
        assert_eq!(embedded_page(&res.body)["props"]["mode"], mode);
        assert!(
            took < Duration::from_secs(2),
            "{mode}: fell back after {took:?}"
        );
        // The engine that failed was replaced: the next render works.
        let next = send(&app, request("GET", "/fine", &[], "")).await;
        assert!(rendered(&next.body), "after {mode}: {}", next.body);
        println!("{mode}: fell back in {took:?}, next render fine");
    }
}

#[tokio::test]
async fn engines_under_concurrent_load() {
    let app = app(ssr().timeout(Duration::from_secs(5)));
    let started = Instant::now();
    let renders = (0..64).map(|i| {
        let app = app.clone();
        tokio::spawn(async move {
            let res = send(&app, request("GET", &format!("/fine?n={i}"), &[], "")).await;
            rendered(&res.body)
        })
    });
    let mut ok = 0;
    for render in renders {
        ok += usize::from(render.await.unwrap());
    }
    assert_eq!(ok, 64, "every render succeeded");
    println!(
        "64 concurrent renders on 2 engines in {:?}",
        started.elapsed()
    );
}

#[test]
fn bundles_that_do_not_load_are_startup_errors() {
    for (bundle, expected) in [
        ("this is not javascript", "the bundle threw while loading"),
        ("globalThis.other = 1", "does not set `globalThis.render`"),
        ("throw new Error('boom at load')", "boom at load"),
    ] {
        let error = InertiaConfig::new()
            .ssr(Ssr::embedded(bundle).engines(1))
            .into_layer()
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("the embedded SSR bundle cannot be loaded"),
            "{error}"
        );
        assert!(error.contains(expected), "{expected:?} not in {error}");
    }
}

#[tokio::test]
async fn a_page_that_throws_does_not_stop_ssr_for_others_but_a_runaway_does() {
    let app = app(ssr().backoff(Duration::from_secs(60)));
    let threw = send(&app, request("GET", "/throw", &[], "")).await;
    assert!(!rendered(&threw.body));
    let next = send(&app, request("GET", "/fine", &[], "")).await;
    assert!(
        rendered(&next.body),
        "one page's exception costs that page only"
    );
    let looped = send(&app, request("GET", "/loop", &[], "")).await;
    assert!(!rendered(&looped.body));
    let backing_off = send(&app, request("GET", "/fine", &[], "")).await;
    assert!(
        !rendered(&backing_off.body),
        "a render that cost the whole time limit makes SSR back off"
    );
    assert_eq!(backing_off.status, 200);
}
