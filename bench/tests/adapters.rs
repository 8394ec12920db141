//! The benchmark compares like with like: every adapter answers each scenario correctly (same
//! page, same props, 409 without running the handler, a partial reload without the
//! expensive prop). Peers are checked when the `peers` feature is on: the test command runs
//! `cargo test -p inertia-bench --features peers --test adapters`, which also compiles the
//! peer code the benchmarks run.

use axum::Router;
use inertia_bench::requests::Scenario;
use inertia_bench::{COMPONENT, SMALL, VERSION, ours, plain};
use serde_json::Value;

async fn send(router: &Router, scenario: Scenario) -> (u16, String) {
    let (status, body) = inertia_bench::requests::send(router, scenario.request()).await;
    (status.as_u16(), String::from_utf8_lossy(&body).into_owned())
}

/// The page object inside an HTML document (script element or `data-page` attribute).
fn page_in_html(html: &str) -> Value {
    if let Some(start) = html.find("type=\"application/json\">") {
        let rest = &html[start + "type=\"application/json\">".len()..];
        let end = rest.find("</script>").unwrap_or(rest.len());
        return serde_json::from_str(&rest[..end])
            .unwrap_or_else(|e| panic!("page JSON: {e}\n{html}"));
    }
    let start = html
        .find("data-page=\"")
        .unwrap_or_else(|| panic!("no page in\n{html}"))
        + "data-page=\"".len();
    let rest = &html[start..];
    let raw = &rest[..rest.find('"').unwrap_or(rest.len())];
    let unescaped = raw
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    serde_json::from_str(&unescaped).unwrap_or_else(|e| panic!("page JSON: {e}\n{html}"))
}

fn assert_full_page(page: &Value, adapter: &str) {
    assert_eq!(page["component"], COMPONENT, "{adapter}");
    assert_eq!(page["version"], VERSION, "{adapter}");
    assert_eq!(
        page["props"]["rows"].as_array().map(Vec::len),
        Some(SMALL),
        "{adapter}"
    );
    assert_eq!(
        page["props"]["rows"][3]["title"], "Task #3: ship </script> & \"quotes\" safely",
        "{adapter}"
    );
    assert_eq!(page["props"]["total"], SMALL, "{adapter}");
    assert!(
        page["props"].get("report").is_none(),
        "{adapter}: the optional prop is left out"
    );
}

async fn check_inertia_adapter(router: &Router, adapter: &str) {
    let (status, body) = send(router, Scenario::Json).await;
    assert_eq!(status, 200, "{adapter}");
    assert_full_page(&serde_json::from_str(&body).unwrap_or_default(), adapter);

    let (status, body) = send(router, Scenario::Html).await;
    assert_eq!(status, 200, "{adapter}");
    assert!(
        body.starts_with("<!DOCTYPE html>") || body.starts_with("<!doctype html>"),
        "{adapter}: {body}"
    );
    assert_full_page(&page_in_html(&body), adapter);

    let (status, body) = send(router, Scenario::Conflict).await;
    assert_eq!(status, 409, "{adapter}");
    assert!(body.is_empty(), "{adapter}");

    let (status, body) = send(router, Scenario::Partial).await;
    assert_eq!(status, 200, "{adapter}");
    let page: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(
        page["props"]["rows"].as_array().map(Vec::len),
        Some(SMALL),
        "{adapter}"
    );
    assert!(
        page["props"].get("report").is_none(),
        "{adapter}: not asked for"
    );
}

#[tokio::test]
async fn the_floor_answers_with_the_page_json() {
    let (status, body) = send(&plain::router(SMALL), Scenario::Json).await;
    assert_eq!(status, 200);
    assert_full_page(
        &serde_json::from_str(&body).unwrap_or_default(),
        "axum-json",
    );
}

#[tokio::test]
async fn ours_answers_every_scenario() {
    check_inertia_adapter(&ours::router(SMALL), "ours").await;
}

#[cfg(feature = "peers")]
#[tokio::test]
async fn axum_peers_answer_every_scenario() {
    use inertia_bench::peers::{axum_inertia_adapter, veer_adapter};
    check_inertia_adapter(&veer_adapter::router(SMALL), "veer").await;
    check_inertia_adapter(&axum_inertia_adapter::router(SMALL), "axum-inertia").await;
}

#[cfg(feature = "peers")]
#[actix_rt::test]
async fn inertia_rust_answers_every_scenario() {
    use actix_web::dev::Service;
    use inertia_bench::peers::inertia_rust_adapter;

    let app = inertia_rust_adapter::service(SMALL).await;
    for scenario in Scenario::ALL {
        let mut req = actix_web::test::TestRequest::get()
            .uri("/")
            .insert_header(("host", "bench.local"));
        for (name, value) in scenario.headers() {
            req = req.insert_header((*name, *value));
        }
        let res = app
            .call(req.to_request())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = res.status().as_u16();
        let body = actix_web::body::to_bytes(res.into_body())
            .await
            .unwrap_or_default();
        let body = String::from_utf8_lossy(&body);
        match scenario {
            Scenario::Conflict => assert_eq!(status, 409, "inertia-rust"),
            Scenario::Html => assert_full_page(&page_in_html(&body), "inertia-rust"),
            Scenario::Json => assert_full_page(
                &serde_json::from_str(&body).unwrap_or_default(),
                "inertia-rust",
            ),
            Scenario::Partial => {
                let page: Value = serde_json::from_str(&body).unwrap_or_default();
                assert_eq!(page["props"]["rows"].as_array().map(Vec::len), Some(SMALL));
                assert!(page["props"].get("report").is_none());
            }
        }
    }
}
