//! `MiddlewareTest`: the layer around pages: empty responses, versions, validation errors and
//! bags, shared props, flash across redirects, fragment redirects.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use inertia_runtime::ValidationErrors;
use inertia_runtime::prop;
use inertia_runtime::{HtmlShell, InertiaConfig, InertiaRedirect, InertiaRequest};
use inertia_tests::{Answer, request, send};
use serde_json::{Value, json};

use crate::harness::*;

async fn page(inertia: InertiaRequest) -> Response {
    inertia
        .render("User/Edit", json!({ "user": { "name": "Jonathan" } }))
        .await
}

/// A body whose length is not known in advance (like a stream).
struct Streamed(Option<Bytes>);

impl http_body::Body for Streamed {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(self.0.take().map(|b| Ok(http_body::Frame::data(b))))
    }
}

fn routes(config: InertiaConfig) -> Router {
    Router::new()
        .route("/", get(page).put(|| async {}))
        .route("/zero", get(|| async { "0" }))
        .route(
            "/stream",
            get(|| async { Body::new(Streamed(Some(Bytes::from_static(b"content")))) }),
        )
        .route(
            "/action",
            get(|| async { InertiaRedirect::to("/dashboard").flash("message", "Success!") }),
        )
        .route("/dashboard", get(page))
        .route(
            "/store",
            post(|| async {
                InertiaRedirect::back().with_errors(
                    ValidationErrors::new()
                        .add("name", "The name field is required.")
                        .add("email", "Not a valid email address.")
                        .add("email", "Another email error."),
                )
            }),
        )
        .route(
            "/store-bag",
            post(|| async {
                InertiaRedirect::back().with_error_bag(
                    "example",
                    ValidationErrors::from([("name", "The name field is required.")]),
                )
            }),
        )
        .route(
            "/fragment",
            get(|| async { InertiaRedirect::to("/article#section") })
                .post(|| async { InertiaRedirect::to("/article#section") }),
        )
        .route("/plain", post(|| async { InertiaRedirect::to("/article") }))
        .layer(config.into_layer().unwrap())
}

fn config() -> InertiaConfig {
    InertiaConfig::new()
        .version(VERSION)
        .signing_key(b"middleware key: 7kP2xM9qW4zR1tN6vB3cL8hJ5fD0gS")
}

/// The `name=value` of the visit cookie a response sets.
fn visit_cookie(res: &Answer) -> String {
    res.header_all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("inertia_visit="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no visit cookie in {:?}", res.headers))
        .to_owned()
}

#[tokio::test]
async fn no_response_value_by_default_means_automatically_redirecting_back_for_inertia_requests() {
    let app = routes(config());
    let res = send(
        &app,
        request(
            "PUT",
            "/",
            &[
                ("x-inertia", "true"),
                ("referer", "http://localhost/foo"),
                ("host", "localhost"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("http://localhost/foo"));
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
}

#[tokio::test]
async fn no_response_means_no_response_for_non_inertia_requests() {
    let res = send(
        &routes(config()),
        request("PUT", "/", &[("referer", "/foo")], ""),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "");
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
}

#[tokio::test]
async fn back_never_leaves_the_site() {
    let app = routes(config());
    let res = send(
        &app,
        request(
            "PUT",
            "/",
            &[
                ("x-inertia", "true"),
                ("referer", "https://evil.example/x"),
                ("host", "localhost"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(res.header("location"), Some("/"));
}

#[tokio::test]
async fn zero_content_and_streamed_responses_are_not_treated_as_empty_responses() {
    let app = routes(config());
    let zero = send(
        &app,
        request(
            "GET",
            "/zero",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await;
    assert_eq!((zero.status, zero.body.as_str()), (StatusCode::OK, "0"));
    let stream = send(
        &app,
        request(
            "GET",
            "/stream",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await;
    assert_eq!(
        (stream.status, stream.body.as_str()),
        (StatusCode::OK, "content")
    );
}

#[tokio::test]
async fn the_version_is_optional_or_a_number_or_a_string() {
    for version in ["", "1597347897973", "foo-version"] {
        let app = routes(InertiaConfig::new().version(version));
        let headers: Vec<(&str, &str)> = if version.is_empty() {
            vec![("x-inertia", "true")]
        } else {
            vec![("x-inertia", "true"), ("x-inertia-version", version)]
        };
        let res = send(&app, request("GET", "/", &headers, "")).await;
        assert_eq!(res.status, StatusCode::OK, "{version:?}");
        assert_eq!(res.json()["component"], "User/Edit");
    }
}

#[tokio::test]
async fn it_will_instruct_inertia_to_reload_on_a_version_mismatch() {
    let app = routes(InertiaConfig::new().version("1234"));
    let res = send(
        &app,
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", "4321")],
            "",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.header("x-inertia-location"), Some("/"));
    assert_eq!(res.header("x-inertia-version"), Some("1234"));
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
    assert_eq!(res.body, "");
}

#[tokio::test]
async fn validation_errors_are_registered_as_of_default_and_can_be_empty() {
    let page = send(
        &routes(config()),
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(page["props"]["errors"], json!({}));
    // An always-prop: present on partial reloads that did not ask for it.
    let page = send(
        &routes(config()),
        request(
            "GET",
            "/",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-inertia-partial-component", "User/Edit"),
                ("x-inertia-partial-data", "user"),
            ],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(
        page["props"],
        json!({"user": {"name": "Jonathan"}, "errors": {}})
    );
}

/// Posts to `post_path` (which redirects back with errors), then follows the redirect as the
/// client would, with the visit cookie and `extra` headers; returns the page.
async fn errors_after_redirect(
    config: InertiaConfig,
    post_path: &str,
    extra: &[(&str, &str)],
) -> Value {
    let app = routes(config);
    let posted = send(
        &app,
        request(
            "POST",
            post_path,
            &[
                ("x-inertia", "true"),
                ("referer", "/"),
                ("host", "localhost"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    let cookie = visit_cookie(&posted);
    let mut headers = vec![
        ("x-inertia", "true"),
        ("x-inertia-version", VERSION),
        ("cookie", cookie.as_str()),
    ];
    headers.extend_from_slice(extra);
    let res = send(
        &app,
        request("GET", posted.header("location").unwrap(), &headers, ""),
    )
    .await;
    // Shown once: the cookie is cleared by the page that showed the errors.
    let cleared = visit_cookie(&res);
    assert_eq!(cleared, "inertia_visit=");
    res.json()
}

#[tokio::test]
async fn validation_errors_are_mapped_to_strings_by_default() {
    let page = errors_after_redirect(config(), "/store", &[]).await;
    assert_eq!(
        page["props"]["errors"],
        json!({"name": "The name field is required.", "email": "Not a valid email address."})
    );
}

#[tokio::test]
async fn validation_errors_can_remain_multiple_per_field() {
    let page = errors_after_redirect(config().all_errors(true), "/store", &[]).await;
    assert_eq!(
        page["props"]["errors"],
        json!({"name": ["The name field is required."], "email": ["Not a valid email address.", "Another email error."]})
    );
}

#[tokio::test]
async fn validation_errors_with_named_error_bags_are_scoped() {
    let page = errors_after_redirect(config(), "/store-bag", &[]).await;
    assert_eq!(
        page["props"]["errors"],
        json!({"example": {"name": "The name field is required."}})
    );
}

#[tokio::test]
async fn validation_errors_are_scoped_to_error_bag_header() {
    let page =
        errors_after_redirect(config(), "/store", &[("x-inertia-error-bag", "example")]).await;
    assert_eq!(
        page["props"]["errors"]["example"]["name"],
        "The name field is required."
    );
    let page = errors_after_redirect(config(), "/store", &[("x-inertia-error-bag", "0")]).await;
    assert_eq!(
        page["props"]["errors"]["0"]["name"],
        "The name field is required."
    );
}

#[tokio::test]
async fn default_validation_errors_can_be_overwritten() {
    let app = Router::new()
        .route(
            "/",
            get(|i: InertiaRequest| async move { i.render("X", json!({"errors": "foo"})).await }),
        )
        .layer(config().into_layer().unwrap());
    let page = send(
        &app,
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(page["props"]["errors"], "foo");
}

#[tokio::test]
async fn the_root_view_can_differ_per_router() {
    let admin = routes(config().html_shell(HtmlShell::new().title("Admin")));
    let site = routes(config().html_shell(HtmlShell::new().title("Site")));
    assert!(
        send(&admin, request("GET", "/", &[], ""))
            .await
            .body
            .contains("<title>Admin</title>")
    );
    assert!(
        send(&site, request("GET", "/", &[], ""))
            .await
            .body
            .contains("<title>Site</title>")
    );
}

#[tokio::test]
async fn middleware_share_once() {
    let config = config()
        .share_with("permissions", |_| async {
            prop::lazy(async { json!({"admin": true}) }).once()
        })
        .share_with("settings", |_| async {
            prop::lazy(async { json!({"theme": "dark"}) })
                .once()
                .once_as("app-settings")
                .until(Duration::from_secs(60))
        });
    let page = send(
        &routes(config),
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(page["props"]["permissions"], json!({"admin": true}));
    assert_eq!(page["props"]["settings"], json!({"theme": "dark"}));
    assert_eq!(
        page["onceProps"]["permissions"],
        json!({"prop": "permissions", "expiresAt": null})
    );
    assert_eq!(page["onceProps"]["app-settings"]["prop"], "settings");
    assert!(page["onceProps"]["app-settings"]["expiresAt"].is_u64());
}

#[tokio::test]
async fn middleware_share_and_share_once_are_merged() {
    let config = config()
        .share("flash_like", json!({"message": "Hello"}))
        .share_with("permissions", |_| async {
            prop::lazy(async { json!({"admin": true}) }).once()
        });
    let page = send(
        &routes(config),
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(page["props"]["flash_like"], json!({"message": "Hello"}));
    assert_eq!(page["props"]["permissions"], json!({"admin": true}));
    assert_eq!(
        page["onceProps"],
        json!({"permissions": {"prop": "permissions", "expiresAt": null}})
    );
    assert_eq!(
        page["sharedProps"],
        json!(["flash_like", "permissions", "errors"])
    );
}

#[tokio::test]
async fn flash_data_is_preserved_on_non_inertia_redirect() {
    let app = routes(config());
    let action = send(&app, request("GET", "/action", &[], "")).await;
    assert_eq!(action.status, StatusCode::SEE_OTHER);
    assert_eq!(action.header("location"), Some("/dashboard"));
    let cookie = visit_cookie(&action);
    let page = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("cookie", &cookie),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(page.json()["flash"], json!({"message": "Success!"}));
    // Shown, then gone.
    let again = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("cookie", &visit_cookie(&page)),
            ],
            "",
        ),
    )
    .await;
    assert!(!has(&again.json(), "flash"));
}

#[tokio::test]
async fn flash_survives_a_version_409_and_a_prefetch() {
    let app = routes(config());
    let cookie = visit_cookie(&send(&app, request("GET", "/action", &[], "")).await);
    // A stale client reloads first: the flash waits.
    let conflict = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", "old"),
                ("cookie", &cookie),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.header_all("set-cookie").is_empty());
    // A prefetch shows it but does not use it up.
    let prefetch = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("purpose", "prefetch"),
                ("cookie", &cookie),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(prefetch.json()["flash"], json!({"message": "Success!"}));
    assert!(prefetch.header_all("set-cookie").is_empty());
    let page = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("cookie", &cookie),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(page.json()["flash"], json!({"message": "Success!"}));
}

#[tokio::test]
async fn redirect_with_hash_fragment_returns_409_for_inertia_get_and_post() {
    let app = routes(config());
    for method in ["GET", "POST"] {
        let res = send(
            &app,
            request(
                method,
                "/fragment",
                &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
                "",
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{method}");
        assert_eq!(res.header("x-inertia-redirect"), Some("/article#section"));
        assert_eq!(res.header("location"), None);
        assert_eq!(res.header_all("vary"), ["X-Inertia"]);
        assert_eq!(res.body, "");
    }
}

#[tokio::test]
async fn redirect_without_hash_fragment_is_not_intercepted() {
    let res = send(
        &routes(config()),
        request("POST", "/plain", &[("x-inertia", "true")], ""),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/article"));
}

#[tokio::test]
async fn redirect_with_hash_fragment_is_not_intercepted_for_non_inertia_or_prefetch_requests() {
    let app = routes(config());
    let plain = send(&app, request("GET", "/fragment", &[], "")).await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert_eq!(plain.header("location"), Some("/article#section"));
    let prefetch = send(
        &app,
        request(
            "GET",
            "/fragment",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("purpose", "prefetch"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(prefetch.status, StatusCode::SEE_OTHER);
    assert_eq!(prefetch.header("location"), Some("/article#section"));
}

#[tokio::test]
async fn shared_props_are_filtered_like_page_props_and_their_closures_only_run_when_sent() {
    let runs = Counter::new();
    let r = runs.clone();
    let config = config().share_with("auth", move |_| r.run(json!({"user": "Ada"})));
    let app = routes(config);
    let partial = send(
        &app,
        request(
            "GET",
            "/",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-inertia-partial-component", "User/Edit"),
                ("x-inertia-partial-data", "user"),
            ],
            "",
        ),
    )
    .await
    .json();
    assert!(!has(&partial["props"], "auth"));
    assert_eq!(
        runs.count(),
        0,
        "a shared closure left out by a partial reload does not run"
    );
    let full = send(
        &app,
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(full["props"]["auth"], json!({"user": "Ada"}));
    assert_eq!(runs.count(), 1);
}

#[tokio::test]
async fn shared_props_see_the_request_and_page_props_win() {
    #[derive(Clone)]
    struct CurrentUser(&'static str);
    let config = config()
        .share_with("auth", |parts| {
            let user = parts.extensions.get::<CurrentUser>().map(|u| u.0);
            async move { json!({"user": user}) }
        })
        .share("user", "shared user");
    let app = routes(config).layer(axum::Extension(CurrentUser("Ada")));
    let page = send(
        &app,
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert_eq!(page["props"]["auth"], json!({"user": "Ada"}));
    assert_eq!(
        page["props"]["user"],
        json!({"name": "Jonathan"}),
        "the page's own prop wins"
    );
    assert_eq!(
        page["sharedProps"],
        json!(["auth", "user", "errors"]),
        "listed even when overridden"
    );
}

#[tokio::test]
async fn shared_prop_keys_can_be_hidden() {
    let page = send(
        &routes(config().expose_shared_prop_keys(false)),
        request(
            "GET",
            "/",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await
    .json();
    assert!(!has(&page, "sharedProps"));
}
