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
        if (mode === 'late-throw') { const end = Date.now() + 300; while (Date.now() < end) {} throw new Error('late') }
        if (mode === 'slow') { const end = Date.now() + 100; while (Date.now() < end) {} }
        if (mode === 'recurse') { const down = (n) => down(n + 1) + 1; down(0) }
        if (mode === 'deep-props') { let n = 0; for (let t = page.props.thread; t; t = t.reply) n++; return { head: [], body: `<div id="app" data-server-rendered="true">${n}</div>` } }
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
    // Each mode is its own page component, as the breakers see it.
    let component = if mode == "fine" {
        "Home".to_owned()
    } else {
        mode.clone()
    };
    inertia
        .render(&component, json!({ "greeting": "Grüß dich", "mode": mode }))
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
            took < Duration::from_secs(3),
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
    // Spawned all at once (a lazy iterator would start each only when the last finished).
    let renders: Vec<_> = renders.collect();
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

/// Renders say how many renders their engine has done.
const NUMBERED: &str = r#"
    globalThis.renders = 0;
    globalThis.render = async (page) => ({
        head: [],
        body: `<div id="app" data-server-rendered="true">render ${++renders} of ${page.component} at ${page.url}</div>`,
    });
"#;

#[tokio::test]
async fn the_render_cache_serves_only_the_named_pages_with_the_same_page_object() {
    let app = app(Ssr::embedded(NUMBERED).engines(1).cache_page("Home"));
    let body = |res: &inertia_tests::Answer| {
        let start = res.body.find("render ").unwrap();
        res.body[start..res.body[start..].find('<').unwrap() + start].to_owned()
    };
    let first = send(&app, request("GET", "/fine", &[], "")).await;
    assert_eq!(body(&first), "render 1 of Home at /fine");
    // The same page object again: the kept markup, no render.
    let again = send(&app, request("GET", "/fine", &[], "")).await;
    assert_eq!(body(&again), "render 1 of Home at /fine");
    // Another url is another page object.
    let other = send(&app, request("GET", "/fine?page=2", &[], "")).await;
    assert_eq!(body(&other), "render 2 of Home at /fine?page=2");
    // A component the app did not name is rendered every time.
    let unnamed = send(&app, request("GET", "/plain", &[], "")).await;
    assert_eq!(body(&unnamed), "render 3 of plain at /plain");
    let unnamed = send(&app, request("GET", "/plain", &[], "")).await;
    assert_eq!(body(&unnamed), "render 4 of plain at /plain");
    let back = send(&app, request("GET", "/fine", &[], "")).await;
    assert_eq!(body(&back), "render 1 of Home at /fine");
}

/// One request at a time goes to the engine that finished last, whose heap is still in the
/// CPU's caches (alternating between engines made each render start cold: docs/performance.md),
/// and concurrent requests still spread over every engine.
#[tokio::test]
async fn renders_go_to_the_engine_idle_last_and_spread_when_busy() {
    let one_by_one = app(Ssr::embedded(NUMBERED).engines(3));
    let count = |res: &inertia_tests::Answer| -> u32 {
        let start = res.body.find("render ").unwrap() + "render ".len();
        res.body[start..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    for expected in 1..=6 {
        let res = send(
            &one_by_one,
            request("GET", &format!("/fine?n={expected}"), &[], ""),
        )
        .await;
        assert_eq!(
            count(&res),
            expected,
            "one engine renders them all: {}",
            res.body
        );
    }
    // Six at once on three engines: while one renders (each takes 50 ms here), the others
    // take the rest, so no engine renders all six.
    let slow = app(Ssr::embedded(
        "globalThis.renders = 0; globalThis.render = async (page) => { const end = Date.now() + 50; while (Date.now() < end) {} return { head: [], body: `<div>render ${++renders} of ${page.url}</div>` } }",
    ).engines(3));
    let visit = |n: u32| send(&slow, request("GET", &format!("/fine?n={n}"), &[], ""));
    let started = Instant::now();
    let all = tokio::join!(visit(1), visit(2), visit(3), visit(4), visit(5), visit(6));
    let counts = [&all.0, &all.1, &all.2, &all.3, &all.4, &all.5].map(count);
    assert!(counts.iter().all(|&c| c <= 4), "{counts:?}");
    assert!(
        started.elapsed() < Duration::from_millis(290),
        "{:?}",
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
async fn lazy_engines_load_at_the_first_render_that_needs_them() {
    // Refused at startup (above), a broken bundle is not even loaded at startup when lazy:
    // the server starts, and its first page falls back to the browser.
    let broken = app(Ssr::embedded("throw new Error('boom at load')")
        .engines(1)
        .lazy(true)
        .backoff(Duration::ZERO));
    let res = send(&broken, request("GET", "/fine", &[], "")).await;
    assert_eq!(res.status, 200);
    assert!(!rendered(&res.body), "{}", res.body);
    assert!(res.body.contains("data-page=\"app\""), "{}", res.body);
    // A good bundle: the first renders wait for the one load (four at once), then render.
    let app = app(ssr().lazy(true));
    let visit = || send(&app, request("GET", "/fine", &[], ""));
    let (a, b, c, d) = tokio::join!(visit(), visit(), visit(), visit());
    for res in [a, b, c, d] {
        assert!(rendered(&res.body), "{}", res.body);
    }
    assert!(rendered(&visit().await.body));
}

#[tokio::test]
async fn a_page_that_throws_or_runs_away_costs_that_page_only() {
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
    let started = Instant::now();
    let again = send(&app, request("GET", "/loop", &[], "")).await;
    assert!(!rendered(&again.body));
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "a page that ran past its time limit is not tried again during the back-off (a try costs the 400 ms limit)"
    );
    let other = send(&app, request("GET", "/fine", &[], "")).await;
    assert!(
        rendered(&other.body),
        "one slow page does not switch SSR off for the rest of the site"
    );
    assert_eq!(other.status, 200);
    // A throw after a quarter of the time limit or more is as costly as a runaway: that page
    // backs off, the others render.
    let late = send(&app, request("GET", "/late-throw", &[], "")).await;
    assert!(!rendered(&late.body));
    let started = Instant::now();
    send(&app, request("GET", "/late-throw", &[], "")).await;
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "not tried again during the back-off (a try costs 300 ms)"
    );
    assert!(rendered(
        &send(&app, request("GET", "/fine", &[], "")).await.body
    ));
}

/// Renders that wait in the queue past the timeout (more slow renders than engines) mean the
/// renderer is overloaded: SSR backs off for every page.
#[tokio::test]
async fn an_overloaded_pool_backs_off_for_every_page() {
    let app = app(Ssr::embedded(BUNDLE)
        .engines(1)
        .timeout(Duration::from_millis(300))
        .backoff(Duration::from_secs(60)));
    // Ten renders of 100 ms each on one engine: the last ones wait past the 300 ms timeout.
    let renders = (0..10).map(|i| {
        let app = app.clone();
        tokio::spawn(
            async move { send(&app, request("GET", &format!("/slow?n={i}"), &[], "")).await },
        )
    });
    let renders: Vec<_> = renders.collect();
    let mut fell_back = 0;
    for render in renders {
        fell_back += usize::from(!rendered(&render.await.unwrap().body));
    }
    assert!(fell_back > 0, "some renders waited past the timeout");
    let after = send(&app, request("GET", "/fine", &[], "")).await;
    assert!(
        !rendered(&after.body),
        "an overloaded renderer backs off for every page"
    );
    assert_eq!(after.status, 200);
}

/// A script that recurses without end throws QuickJS's own "stack overflow" error: the page
/// falls back, the engine is replaced, and the process lives. (Before the engine threads got
/// a stack larger than QuickJS's limit, this overflowed the thread and aborted the process.)
#[tokio::test]
async fn runaway_recursion_falls_back_and_the_process_lives() {
    let app = app(ssr());
    for _ in 0..3 {
        let res = send(&app, request("GET", "/recurse", &[], "")).await;
        assert_eq!(res.status, 200);
        assert!(!rendered(&res.body), "not server-rendered");
        assert_eq!(embedded_page(&res.body)["props"]["mode"], "recurse");
        let next = send(&app, request("GET", "/fine", &[], "")).await;
        assert!(
            rendered(&next.body),
            "the engine was replaced: {}",
            next.body
        );
    }
}

/// The demo's real SSR bundle (React 19 `renderToString` through `@inertiajs/react`), whose
/// `Labs/Thread` page nests as deep as its props say.
const DEMO_BUNDLE: &str = include_str!("../examples/demo/frontend/ssr-embedded/ssr.js");

async fn thread(
    inertia: InertiaRequest,
    axum::extract::Path((shape, depth)): axum::extract::Path<(String, u32)>,
) -> axum::response::Response {
    inertia
        .render(
            "Labs/Thread",
            // The demo's layout reads its shared props.
            json!({ "depth": depth, "shape": shape, "appName": "Demo", "auth": { "user": null } }),
        )
        .await
}

/// Pages whose markup follows user-controlled nesting (reply threads, quoted mail) at the
/// depths that aborted the process before (150 replies, 600 quotes) and far beyond: each
/// renders or falls back to the browser, and the server keeps rendering other pages.
#[tokio::test]
async fn deep_react_renders_fall_back_and_the_process_lives() {
    let app = Router::new()
        .route("/thread/{shape}/{depth}", get(thread))
        .layer(
            InertiaConfig::new()
                .version("v1")
                .ssr(
                    Ssr::embedded(DEMO_BUNDLE)
                        .engines(1)
                        .timeout(Duration::from_secs(20))
                        .backoff(Duration::ZERO),
                )
                .into_layer()
                .unwrap(),
        );
    let shallow = "/thread/replies/3";
    for shape in ["replies", "quotes"] {
        for depth in [150, 600, 4_000, 200_000] {
            let started = Instant::now();
            let res = send(
                &app,
                request("GET", &format!("/thread/{shape}/{depth}"), &[], ""),
            )
            .await;
            assert_eq!(res.status, 200);
            assert_eq!(embedded_page(&res.body)["props"]["depth"], depth);
            let took = started.elapsed();
            println!(
                "{shape} {depth}: {} in {took:?}",
                if rendered(&res.body) {
                    "rendered"
                } else {
                    "fell back"
                },
            );
            // QuickJS's 4 MiB stack holds thousands of levels; far past that, its own
            // "stack overflow" exception ends the render.
            assert_eq!(
                rendered(&res.body),
                depth <= 4_000,
                "{shape} {depth}: server-rendered only while the stack holds"
            );
            let next = send(&app, request("GET", shallow, &[], "")).await;
            assert!(rendered(&next.body), "after {shape} {depth}: {}", next.body);
        }
    }
}

/// A page object nested deeper than QuickJS's stack allows (a JSON viewer, a category tree
/// from user input): `JSON.parse` in the engine throws, and the page falls back.
#[tokio::test]
async fn deeply_nested_props_fall_back_and_the_process_lives() {
    async fn deep(inertia: InertiaRequest) -> axum::response::Response {
        // Written as text: serializing (or dropping) a 200,000-level value would recurse as
        // deep in Rust too, which is the app's own affair.
        let depth = 200_000;
        let mut thread = String::with_capacity(depth * 12);
        for _ in 0..depth {
            thread.push_str(r#"{"reply":"#);
        }
        thread.push_str("null");
        thread.push_str(&"}".repeat(depth));
        #[derive(serde::Serialize)]
        struct Deep {
            mode: &'static str,
            thread: Box<serde_json::value::RawValue>,
        }
        let thread = serde_json::value::RawValue::from_string(thread).unwrap();
        inertia
            .render(
                "Home",
                Deep {
                    mode: "deep-props",
                    thread,
                },
            )
            .await
    }
    let app = Router::new()
        .route("/deep", get(deep))
        .route("/{mode}", get(page))
        .layer(
            InertiaConfig::new()
                .version("v1")
                .ssr(ssr())
                .into_layer()
                .unwrap(),
        );
    let res = send(&app, request("GET", "/deep", &[], "")).await;
    assert_eq!(res.status, 200, "{}", &res.body[..res.body.len().min(300)]);
    assert!(!rendered(&res.body), "not server-rendered");
    assert!(res.body.contains(r#""mode":"deep-props""#));
    let next = send(&app, request("GET", "/fine", &[], "")).await;
    assert!(
        rendered(&next.body),
        "the engine was replaced: {}",
        next.body
    );
}

/// The engines' `URL` (the shim's class over the native parser) against Node's, the WHATWG
/// reference: the same program (tests/fixtures/url-conformance.js: the URLs Inertia builds,
/// edge cases, 3,000 generated relative URLs, every setter and `searchParams` kept in step)
/// runs in an engine and in `node`, and every observation must be equal.
#[tokio::test]
async fn url_in_the_engines_matches_node() {
    const PROGRAM: &str = include_str!("fixtures/url-conformance.js");
    let bundle = format!(
        "{PROGRAM}\nglobalThis.render = async () => ({{ head: [], body: 'URL-CONFORMANCE<' + urlConformance() + '>URL-CONFORMANCE' }})"
    );
    let app = app(Ssr::embedded(Box::leak(bundle.into_boxed_str())).engines(1));
    let res = send(&app, request("GET", "/fine", &[], "")).await;
    let ours = res
        .body
        .split_once("URL-CONFORMANCE<")
        .and_then(|(_, rest)| rest.rsplit_once(">URL-CONFORMANCE"))
        .map(|(json, _)| json)
        .unwrap_or_else(|| panic!("the engine did not render the program: {}", res.body));
    let node = std::process::Command::new("node")
        .arg("-e")
        .arg(format!("{PROGRAM}\nprocess.stdout.write(urlConformance())"))
        .output()
        .expect("this test runs the program in `node` too: install Node.js");
    assert!(
        node.status.success(),
        "{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let ours: Vec<serde_json::Value> = serde_json::from_str(ours).unwrap();
    let theirs: Vec<serde_json::Value> = serde_json::from_slice(&node.stdout).unwrap();
    assert_eq!(ours.len(), theirs.len());
    assert!(ours.len() > 3000, "{}", ours.len());
    let differ: Vec<_> = ours
        .iter()
        .zip(&theirs)
        .filter(|(a, b)| a != b)
        .take(5)
        .collect();
    assert!(
        differ.is_empty(),
        "the engine's URL differs from Node's (engine, node): {differ:#?}"
    );
}
