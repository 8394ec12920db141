//! `HistoryTest`: history encryption, clearing, and fragment preservation.

use axum::Router;
use axum::routing::get;
use inertia_runtime::{InertiaConfig, InertiaRedirect, InertiaRequest, Page};
use inertia_tests::{request, send};
use serde_json::json;

use crate::harness::*;

fn app(config: InertiaConfig) -> Router {
    Router::new()
        .route(
            "/",
            get(|i: InertiaRequest| async move { i.render("User/Edit", json!({})).await }),
        )
        .route(
            "/plain",
            get(|i: InertiaRequest| async move {
                i.render("User/Edit", Page::new(json!({})).encrypt_history(false))
                    .await
            }),
        )
        .route(
            "/encrypted",
            get(|i: InertiaRequest| async move {
                i.render("User/Edit", Page::new(json!({})).encrypt_history(true))
                    .await
            }),
        )
        .route(
            "/cleared",
            get(|i: InertiaRequest| async move {
                i.render("User/Edit", Page::new(json!({})).clear_history())
                    .await
            }),
        )
        .route(
            "/fragment",
            get(|i: InertiaRequest| async move {
                i.render("User/Edit", Page::new(json!({})).preserve_fragment())
                    .await
            }),
        )
        .route(
            "/logout",
            get(|| async { InertiaRedirect::to("/").clear_history() }),
        )
        .route(
            "/jump",
            get(|| async { InertiaRedirect::to("/").preserve_fragment() }),
        )
        .layer(config.into_layer().unwrap())
}

async fn get_page(
    app: &Router,
    path: &str,
    cookie: Option<&str>,
) -> (serde_json::Value, Vec<String>) {
    let mut headers = vec![("x-inertia", "true"), ("x-inertia-version", VERSION)];
    if let Some(c) = cookie {
        headers.push(("cookie", c));
    }
    let res = send(app, request("GET", path, &headers, "")).await;
    let cookies = res
        .header_all("set-cookie")
        .into_iter()
        .map(str::to_owned)
        .collect();
    (res.json(), cookies)
}

fn config() -> InertiaConfig {
    InertiaConfig::new()
        .version(VERSION)
        .signing_key(b"history test key: 3fJ8wQ1zX6kV9mR2tB5nL7pC0hD4gS")
}

#[tokio::test]
async fn the_history_is_not_encrypted_or_cleared_by_default() {
    let (page, _) = get_page(&app(config()), "/", None).await;
    assert!(
        !has(&page, "encryptHistory")
            && !has(&page, "clearHistory")
            && !has(&page, "preserveFragment")
    );
}

#[tokio::test]
async fn the_history_can_be_encrypted_per_page_or_globally() {
    let (page, _) = get_page(&app(config()), "/encrypted", None).await;
    assert_eq!(page["encryptHistory"], true);
    let (page, _) = get_page(&app(config().encrypt_history(true)), "/", None).await;
    assert_eq!(page["encryptHistory"], true);
}

#[tokio::test]
async fn the_history_can_be_explicitly_not_encrypted() {
    let (page, _) = get_page(&app(config().encrypt_history(true)), "/plain", None).await;
    assert!(!has(&page, "encryptHistory"));
}

#[tokio::test]
async fn the_history_can_be_cleared() {
    let (page, _) = get_page(&app(config()), "/cleared", None).await;
    assert_eq!(page["clearHistory"], true);
}

#[tokio::test]
async fn the_history_can_be_cleared_when_redirecting() {
    let app = app(config());
    let res = send(&app, request("GET", "/logout", &[], "")).await;
    let cookie = res
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // Also on the HTML of a full page load, as in Laravel's test.
    let html = send(&app, request("GET", "/", &[("cookie", &cookie)], "")).await;
    assert!(
        html.body
            .contains(r#""version":"123","sharedProps":["errors"],"clearHistory":true}"#),
        "{}",
        html.body
    );
    let (page, _) = get_page(&app, "/", Some(&cookie)).await;
    assert_eq!(page["clearHistory"], true);
}

#[tokio::test]
async fn the_fragment_is_not_preserved_by_default_and_can_be_preserved() {
    let (page, _) = get_page(&app(config()), "/fragment", None).await;
    assert_eq!(page["preserveFragment"], true);
    let app = app(config());
    let res = send(&app, request("GET", "/jump", &[], "")).await;
    let cookie = res
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let (page, set) = get_page(&app, "/", Some(&cookie)).await;
    assert_eq!(page["preserveFragment"], true);
    assert!(
        set.iter().any(|c| c.starts_with("inertia_visit=;")),
        "used once"
    );
}
