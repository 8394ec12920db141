//! Where an embedded render's time goes: renders one page object again and again through the
//! runtime's QuickJS engine (`Ssr::embedded`, in process, no HTTP), and reports the render's
//! p50 and the time spent in the web APIs the engine's shim provides (`URL`,
//! `URLSearchParams`, `TextEncoder`, timers…), which are the part of a render that is ours
//! rather than the app's, React's or Inertia's. `scripts/ssr-profile.sh` runs it on the
//! demo's pages; docs/performance.md has the figures.
//!
//! ```text
//! cargo run --release -p inertia-tests --example ssr_profile -- BUNDLE.js PAGE.json [RENDERS]
//! ```
//!
//! PAGE.json is a page object as the server sends it (what `data-page` holds). A script is
//! added after the bundle that wraps `render` and the shim's classes with timers
//! (`performance.now()`) and reports the sums in the rendered `head`.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::Request;
use http_body_util::BodyExt;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::{InertiaConfig, InertiaRequest};
use serde_json::Value;
use tower::ServiceExt;

/// Appended to the bundle: timers around `render` and the shim's web APIs, the sums reported
/// in each render's `head` as `<!--ssr-profile {…}-->`.
const PROFILER: &str = r#"
;(() => {
  const now = () => performance.now()
  const spent = {}
  const add = (label, t) => { const e = (spent[label] ??= { calls: 0, ms: 0 }); e.calls++; e.ms += now() - t }
  const wrap = (f, label) => function (...a) { const t = now(); try { return new.target ? Reflect.construct(f, a, new.target) : f.apply(this, a) } finally { add(label, t) } }
  for (const name of ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'MessageChannel', 'FormData', 'Blob']) {
    const C = globalThis[name]
    if (typeof C !== 'function') continue
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === 'constructor') continue
      const d = Object.getOwnPropertyDescriptor(C.prototype, key)
      for (const kind of ['value', 'get', 'set']) if (typeof d[kind] === 'function') d[kind] = wrap(d[kind], `${name}.${key}`)
      Object.defineProperty(C.prototype, key, d)
    }
    const W = wrap(C, `new ${name}`)
    W.prototype = C.prototype
    Object.setPrototypeOf(W, C)
    globalThis[name] = W
  }
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'encodeURIComponent', 'decodeURIComponent'])
    if (typeof globalThis[name] === 'function') globalThis[name] = wrap(globalThis[name], name)
  const render = globalThis.render
  globalThis.render = async (page) => {
    const t = now()
    const out = await render(page)
    add('render', t)
    return { head: [...out.head, `<!--ssr-profile ${JSON.stringify(spent)}-->`], body: out.body }
  }
})()
"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bundle, page, rest @ ..] = args.as_slice() else {
        eprintln!("usage: ssr_profile BUNDLE.js PAGE.json [RENDERS]");
        std::process::exit(2);
    };
    let renders: usize = rest.first().and_then(|n| n.parse().ok()).unwrap_or(500);
    let read = |path: &str| {
        std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        })
    };
    let bundle: &'static str = Box::leak(format!("{}\n{PROFILER}", read(bundle)).into_boxed_str());
    let page: Value = serde_json::from_str(&read(page)).unwrap_or_else(|e| {
        eprintln!("the page is not JSON: {e}");
        std::process::exit(2);
    });
    let component = page["component"].as_str().unwrap_or_default().to_owned();
    let version = page["version"].as_str().unwrap_or_default().to_owned();
    let url = page["url"].as_str().unwrap_or("/").to_owned();
    let props = page["props"].clone();
    let app = Router::new()
        .fallback(get(move |inertia: InertiaRequest| {
            let (component, props) = (component.clone(), props.clone());
            async move { inertia.render(&component, props).await }
        }))
        .layer(
            InertiaConfig::new()
                .version(version)
                .ssr(
                    Ssr::embedded(bundle)
                        .engines(1)
                        .timeout(Duration::from_secs(10)),
                )
                .into_layer()
                .unwrap_or_else(|e| {
                    eprintln!("the bundle does not load: {e}");
                    std::process::exit(1);
                }),
        );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let (times, last) = runtime.block_on(async {
        let mut times = Vec::with_capacity(renders);
        let mut last = String::new();
        for _ in 0..renders {
            let request = Request::get(&url)
                .header("accept", "text/html")
                .body(Body::empty())
                .unwrap_or_else(|e| panic!("{e}"));
            let started = Instant::now();
            let response = app
                .clone()
                .oneshot(request)
                .await
                .unwrap_or_else(|e| match e {});
            let body = response.into_body().collect().await.map(|b| b.to_bytes());
            times.push(started.elapsed());
            last = String::from_utf8_lossy(&body.unwrap_or_default()).into_owned();
        }
        (times, last)
    });
    report(times, &last, renders);
}

fn report(mut times: Vec<Duration>, html: &str, renders: usize) {
    if !html.contains("data-server-rendered") {
        eprintln!(
            "the page was not server-rendered (the render failed; run with RUST_LOG to see why)"
        );
        std::process::exit(1);
    }
    // The first third warms the engine up.
    let mut warm = times.split_off(renders / 3);
    warm.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("renders {renders} (the last {} counted)", warm.len());
    println!(
        "request p50 {:.3} ms, min {:.3} ms (in process: the page, the engine's thread hop and the render)",
        ms(warm[warm.len() / 2]),
        ms(warm[0])
    );
    let Some(profile) = html
        .split("<!--ssr-profile ")
        .nth(1)
        .and_then(|rest| rest.split("-->").next())
        .and_then(|json| serde_json::from_str::<serde_json::Map<String, Value>>(json).ok())
    else {
        return;
    };
    let per_render = |label: &str| {
        profile
            .get(label)
            .and_then(|e| e["ms"].as_f64())
            .unwrap_or(0.0)
            / renders as f64
    };
    let total = per_render("render");
    println!("render (inside the engine) {total:.3} ms on average");
    let mut rows: Vec<_> = profile
        .iter()
        .filter(|(label, _)| *label != "render")
        .collect();
    rows.sort_by(|a, b| {
        b.1["ms"]
            .as_f64()
            .partial_cmp(&a.1["ms"].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (label, entry) in rows {
        let calls = entry["calls"].as_f64().unwrap_or(0.0) / renders as f64;
        let each = per_render(label);
        println!(
            "  {label:<36} {calls:>6.1} calls  {each:>7.4} ms  {:>5.1}%",
            100.0 * each / total
        );
    }
}
