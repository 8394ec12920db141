//! The CSRF layer through a real router: the XSRF-TOKEN cookie, the header the Inertia
//! client sends back, and every way a request can fail the check.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::routing::{get, post};
use inertia_runtime::csrf::Csrf;
use inertia_runtime::testing::InertiaTest;
use inertia_runtime::{InertiaConfig, InertiaRedirect, inertia_page};
use inertia_tests::{Answer, request, send};

#[inertia_page("Home")]
async fn home() {}

const KEY: &[u8] = b"csrf test key: 9dF2gH7jK4lZ1xC6vB3nM8qW5eR0tY";

fn app(csrf: Csrf, runs: &Arc<AtomicUsize>) -> Router {
    let runs = runs.clone();
    Router::new()
        .route("/", get(home))
        .route(
            "/tasks",
            post(move || {
                let runs = runs.clone();
                async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    InertiaRedirect::to("/").flash("success", "Saved.")
                }
            }),
        )
        .route("/webhooks/stripe", post(|| async { "hook" }))
        .layer(csrf.into_layer().unwrap())
        .layer(InertiaConfig::new().into_layer().unwrap())
}

fn csrf() -> Csrf {
    Csrf::new().signing_key(KEY).exempt("/webhooks/")
}

/// The token a first visit sets.
async fn first_token(app: &Router) -> String {
    let answer = send(app, request("GET", "/", &[], "")).await;
    let cookie = answer
        .header_all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("XSRF-TOKEN="))
        .expect("an XSRF-TOKEN cookie")
        .to_owned();
    cookie["XSRF-TOKEN=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn post_with(app: &Router, headers: &[(&str, &str)]) -> Answer {
    let mut all = vec![("x-inertia", "true"), ("content-type", "application/json")];
    all.extend_from_slice(headers);
    send(app, request("POST", "/tasks", &all, "{}")).await
}

#[tokio::test]
async fn a_first_visit_gets_a_readable_token_cookie() {
    let runs = Arc::new(AtomicUsize::new(0));
    let app = app(csrf(), &runs);
    let answer = send(&app, request("GET", "/", &[], "")).await;
    let cookie = answer
        .header_all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("XSRF-TOKEN="))
        .unwrap()
        .to_owned();
    // `Secure` in release builds only (a development server on the LAN must keep working);
    // these tests run in a debug build.
    assert_eq!(
        cfg!(debug_assertions),
        !cookie.ends_with("; Secure"),
        "{cookie}"
    );
    assert!(cookie.contains("; Path=/; SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("HttpOnly"),
        "the client must read it: {cookie}"
    );
    // A request that has a valid token is not given another.
    let token = first_token(&app).await;
    let again = send(
        &app,
        request(
            "GET",
            "/",
            &[("cookie", &format!("XSRF-TOKEN={token}"))],
            "",
        ),
    )
    .await;
    assert!(again.header_all("set-cookie").is_empty());
}

#[tokio::test]
async fn unsafe_methods_need_the_cookie_and_the_same_header() {
    let runs = Arc::new(AtomicUsize::new(0));
    let app = app(csrf(), &runs);
    let token = first_token(&app).await;
    let cookie = format!("XSRF-TOKEN={token}");
    let other = first_token(&app).await;
    let forged = "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA";
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("nothing", vec![]),
        ("cookie only", vec![("cookie", &cookie)]),
        ("header only", vec![("x-xsrf-token", &token)]),
        (
            "another valid token",
            vec![("cookie", &cookie), ("x-xsrf-token", &other)],
        ),
        (
            "a token this server did not make",
            vec![
                (
                    "cookie",
                    "XSRF-TOKEN=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
                ),
                ("x-xsrf-token", forged),
            ],
        ),
        (
            "from another site",
            vec![
                ("cookie", &cookie),
                ("x-xsrf-token", &token),
                ("sec-fetch-site", "cross-site"),
            ],
        ),
    ];
    for (case, headers) in cases {
        let answer = post_with(&app, &headers).await;
        assert_eq!(answer.status, 419, "{case}");
        assert!(answer.body.contains("Page Expired"), "{case}");
        assert!(
            answer
                .header_all("set-cookie")
                .iter()
                .any(|c| c.starts_with("XSRF-TOKEN=")),
            "{case}: a fresh token comes with the refusal"
        );
    }
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "no refused request ran the handler"
    );

    for (name, site) in [("x-xsrf-token", "same-origin"), ("x-csrf-token", "none")] {
        let answer = post_with(
            &app,
            &[
                ("cookie", &cookie),
                (name, &token),
                ("sec-fetch-site", site),
            ],
        )
        .await;
        assert_eq!(answer.status, 303, "{name}");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn safe_methods_and_exempt_paths_are_not_checked() {
    let runs = Arc::new(AtomicUsize::new(0));
    let app = app(csrf(), &runs);
    assert_eq!(send(&app, request("GET", "/", &[], "")).await.status, 200);
    assert_eq!(send(&app, request("HEAD", "/", &[], "")).await.status, 200);
    let hook = send(&app, request("POST", "/webhooks/stripe", &[], "{}")).await;
    assert_eq!(hook.status, 200);
    assert_eq!(hook.body, "hook");
}

#[tokio::test]
async fn servers_with_one_key_accept_each_others_tokens() {
    let runs = Arc::new(AtomicUsize::new(0));
    let a = app(csrf(), &runs);
    let b = app(csrf(), &runs);
    let other_key = app(
        Csrf::new().signing_key(b"another key: 5tG8hJ2kL9mN4bV7cX1zQ3wE6rT0yU"),
        &runs,
    );
    let token = first_token(&a).await;
    let cookie = format!("XSRF-TOKEN={token}");
    let headers = [
        ("cookie", cookie.as_str()),
        ("x-xsrf-token", token.as_str()),
    ];
    assert_eq!(post_with(&b, &headers).await.status, 303);
    assert_eq!(post_with(&other_key, &headers).await.status, 419);
}

#[tokio::test]
async fn the_test_client_sends_the_token_like_the_inertia_client() {
    let runs = Arc::new(AtomicUsize::new(0));
    let mut client = InertiaTest::new(app(csrf(), &runs));
    client.get("/").await.assert_component("Home");
    assert!(client.cookie("XSRF-TOKEN").is_some());
    client
        .post("/tasks", serde_json::json!({}))
        .await
        .assert_component("Home")
        .assert_flash("success", "Saved.");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_check_can_go_back_with_a_flash_message() {
    let runs = Arc::new(AtomicUsize::new(0));
    let app = app(
        csrf().redirect_back_with("error", "The page expired, please try again."),
        &runs,
    );
    let mut client = InertiaTest::new(app);
    client.get("/").await;
    // The token is gone (an expired cookie, a cleared browser): the post is refused.
    client.forget_cookie("XSRF-TOKEN");
    client
        .post("/tasks", serde_json::json!({}))
        .await
        .assert_component("Home")
        .assert_flash("error", "The page expired, please try again.");
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    // The refusal set a fresh token; the retry passes.
    client
        .post("/tasks", serde_json::json!({}))
        .await
        .assert_flash("success", "Saved.");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}
