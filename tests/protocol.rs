//! The Inertia protocol core through a real axum router (tower `oneshot`): first visits,
//! Inertia visits, asset versions, redirects, dev mode, `Vary`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use inertia_runtime::{
    HtmlShell, InertiaConfig, InertiaRedirect, InertiaRequest, Page, PageEmbedding, RootContext,
    inertia_page, vite::Vite,
};
use inertia_tests::{embedded_page, eventually, inertia_get, request, send};
use serde::Serialize;
use serde_json::json;

const VERSION: &str = "3ea8aa56f6007bc7";

#[derive(Serialize)]
struct Dashboard {
    user: &'static str,
    unread: u32,
}

#[inertia_page("Dashboard")]
async fn dashboard(State(runs): State<Arc<AtomicUsize>>) -> Dashboard {
    runs.fetch_add(1, Ordering::SeqCst);
    Dashboard {
        user: "Ada",
        unread: 3,
    }
}

#[inertia_page("Errors/NotFound")]
async fn missing() -> Page<serde_json::Value> {
    Page::new(json!({ "path": "/nope" })).status(StatusCode::NOT_FOUND)
}

#[inertia_page("Broken")]
async fn broken() -> serde_json::Value {
    json!([1, 2, 3])
}

async fn found() -> Response {
    (StatusCode::FOUND, [(header::LOCATION, "/dashboard")]).into_response()
}

async fn away() -> InertiaRedirect {
    InertiaRedirect::location("https://pay.example.com/checkout?session=42")
}

fn app_with(config: InertiaConfig) -> (Router, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    let router = Router::new()
        .route("/dashboard", get(dashboard))
        .route("/missing", get(missing))
        .route("/broken", get(broken))
        .route("/form", post(found).put(found).patch(found).delete(found))
        .route("/away", get(away).post(away))
        .with_state(runs.clone())
        .layer(config.into_layer().unwrap());
    (router, runs)
}

fn app() -> (Router, Arc<AtomicUsize>) {
    app_with(InertiaConfig::new().version(VERSION))
}

const DASHBOARD_JSON: &str = r#"{"component":"Dashboard","props":{"user":"Ada","unread":3,"errors":{}},"url":"/dashboard?tab=2","version":"3ea8aa56f6007bc7","sharedProps":["errors"]}"#;

#[tokio::test]
async fn first_visit_is_an_html_document_embedding_the_page() {
    let (app, runs) = app();
    let res = send(&app, request("GET", "/dashboard?tab=2", &[], "")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
    assert_eq!(res.header("x-inertia"), None);
    let root = format!(
        "<script data-page=\"app\" type=\"application/json\">{DASHBOARD_JSON}</script><div id=\"app\"></div>"
    );
    assert!(res.body.contains(&root), "{}", res.body);
    assert!(res.body.starts_with("<!DOCTYPE html>"));
    assert!(res.body.trim_end().ends_with("</html>"));
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn first_visit_ignores_the_version_header() {
    // A plain browser visit is never a 409: it gets the current assets anyway.
    let (app, _) = app();
    let res = send(
        &app,
        request("GET", "/dashboard", &[("x-inertia-version", "stale")], ""),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn inertia_visit_is_page_json_with_exact_headers() {
    let (app, _) = app();
    let res = inertia_get(&app, "/dashboard?tab=2", VERSION).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, DASHBOARD_JSON);
    let mut names: Vec<_> = res.headers.keys().map(|k| k.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "content-length",
            "content-type",
            "vary",
            "x-inertia",
            "x-inertia-version"
        ]
    );
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.header("x-inertia"), Some("true"));
    // As the protocol's docs promise: every Inertia response names the server's version.
    assert_eq!(res.header("x-inertia-version"), Some(VERSION));
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
}

#[tokio::test]
async fn mismatching_version_is_409_without_running_the_handler() {
    let (app, runs) = app();
    let res = inertia_get(&app, "/dashboard?tab=2&q=a%20b", "old-version").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.header("x-inertia-location"),
        Some("/dashboard?tab=2&q=a%20b")
    );
    assert_eq!(res.header("x-inertia-version"), Some(VERSION));
    assert_eq!(
        res.header("x-inertia"),
        None,
        "a 409 with X-Inertia is not treated as a reload"
    );
    assert_eq!(res.body, "");
    assert_eq!(runs.load(Ordering::SeqCst), 0, "handler must not run");
}

#[tokio::test]
async fn absent_version_header_counts_as_empty() {
    let (app, runs) = app();
    let res = send(
        &app,
        request("GET", "/dashboard", &[("x-inertia", "true")], ""),
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(runs.load(Ordering::SeqCst), 0);

    // An unversioned server matches a client that sends no version.
    let (app, _) = app_with(InertiaConfig::new());
    let res = send(
        &app,
        request("GET", "/dashboard", &[("x-inertia", "true")], ""),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["version"], "");
}

#[tokio::test]
async fn any_x_inertia_value_makes_an_inertia_request() {
    let (app, _) = app();
    let res = send(
        &app,
        request(
            "GET",
            "/dashboard",
            &[("x-inertia", "1"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await;
    assert_eq!(res.header("x-inertia"), Some("true"));
}

#[tokio::test]
async fn non_get_requests_never_get_a_version_409() {
    let (app, _) = app();
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        let res = send(
            &app,
            request(
                method,
                "/form",
                &[("x-inertia", "true"), ("x-inertia-version", "stale")],
                "{}",
            ),
        )
        .await;
        assert_ne!(res.status, StatusCode::CONFLICT, "{method}");
    }
}

#[tokio::test]
async fn found_after_put_patch_delete_becomes_see_other() {
    let (app, _) = app();
    for method in ["PUT", "PATCH", "DELETE"] {
        let res = send(&app, request(method, "/form", &[("x-inertia", "true")], "")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{method}");
        assert_eq!(res.header("location"), Some("/dashboard"));
        assert_eq!(res.header_all("vary"), ["X-Inertia"]);
    }
    // POST may stay 302 (XHR follows it with GET), and non-Inertia requests are left alone.
    let res = send(&app, request("POST", "/form", &[("x-inertia", "true")], "")).await;
    assert_eq!(res.status, StatusCode::FOUND);
    let res = send(&app, request("PUT", "/form", &[], "")).await;
    assert_eq!(res.status, StatusCode::FOUND);
}

#[tokio::test]
async fn external_location_is_409_for_inertia_and_302_otherwise() {
    let (app, _) = app();
    for method in ["GET", "POST"] {
        let res = send(
            &app,
            request(
                method,
                "/away",
                &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
                "",
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{method}");
        assert_eq!(
            res.header("x-inertia-location"),
            Some("https://pay.example.com/checkout?session=42")
        );
        assert_eq!(res.header("location"), None);
        assert_eq!(
            res.header("x-inertia-version"),
            None,
            "not a version change"
        );
        assert_eq!(res.body, "");
    }
    let res = send(&app, request("GET", "/away", &[], "")).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(
        res.header("location"),
        Some("https://pay.example.com/checkout?session=42")
    );
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
}

#[tokio::test]
async fn dev_server_mode_never_answers_409() {
    let (app, runs) = app_with(
        InertiaConfig::new().version(VERSION).vite(
            Vite::new()
                .entry("src/main.ts")
                .dev_server("http://localhost:5173"),
        ),
    );
    for client in ["", "stale", VERSION] {
        let res = inertia_get(&app, "/dashboard", client).await;
        assert_eq!(res.status, StatusCode::OK, "client version {client:?}");
        assert_eq!(res.json()["version"], "http://localhost:5173");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn hot_file_switches_between_dev_and_build_without_restart() {
    let dir = std::env::temp_dir().join(format!("inertia-protocol-hot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hot = dir.join("hot");
    let _ = std::fs::remove_file(&hot);
    let (app, _) = app_with(
        InertiaConfig::new()
            .version(VERSION)
            .vite(Vite::new().entry("src/main.ts").hot_file(&hot)),
    );

    // No hot file: built assets, stale clients reload.
    assert_eq!(
        inertia_get(&app, "/dashboard", "stale").await.status,
        StatusCode::CONFLICT
    );

    // `vite` starts and writes the hot file: dev mode, version = URL, no 409 (noticed within
    // the recheck interval).
    std::fs::write(&hot, "http://127.0.0.1:5173\n").unwrap();
    eventually("the hot file is noticed", || async {
        inertia_get(&app, "/dashboard", "stale").await.status == StatusCode::OK
    })
    .await;
    let res = inertia_get(&app, "/dashboard", "stale").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()["version"], "http://127.0.0.1:5173");

    // `vite` stops: back to the build, and the dev page's version is now stale.
    std::fs::remove_file(&hot).unwrap();
    eventually("the hot file's removal is noticed", || async {
        inertia_get(&app, "/dashboard", "http://127.0.0.1:5173")
            .await
            .status
            == StatusCode::CONFLICT
    })
    .await;
    let res = inertia_get(&app, "/dashboard", "http://127.0.0.1:5173").await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.header("x-inertia-version"), Some(VERSION));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn props_cannot_break_out_of_the_script_element() {
    #[inertia_page("Hostile")]
    async fn hostile() -> serde_json::Value {
        json!({
            "a": "</script><script>alert(1)</script>",
            "b": "<!--<script>",
            "</script>": "key too",
            "c": "\u{2028}\u{2029}&<>'\"",
        })
    }
    let router = Router::new()
        .route("/x", get(hostile))
        .layer(InertiaConfig::new().into_layer().unwrap());
    let res = send(&router, request("GET", "/x?q=%3C/script%3E", &[], "")).await;
    assert_eq!(res.body.matches("<script").count(), 1, "{}", res.body);
    assert_eq!(res.body.matches("</script").count(), 1, "{}", res.body);
    assert!(!res.body.contains("<!--"));
    let page = embedded_page(&res.body);
    assert_eq!(page["props"]["a"], "</script><script>alert(1)</script>");
    assert_eq!(page["props"]["b"], "<!--<script>");
    assert_eq!(page["props"]["</script>"], "key too");
    assert_eq!(page["props"]["c"], "\u{2028}\u{2029}&<>'\"");
    assert_eq!(page["url"], "/x?q=%3C/script%3E");
}

#[tokio::test]
async fn data_attribute_mode_for_v2_clients() {
    #[inertia_page("Q")]
    async fn quoted() -> serde_json::Value {
        json!({ "s": "it's \"quoted\" <b>&amp;" })
    }
    let router = Router::new().route("/", get(quoted)).layer(
        InertiaConfig::new()
            .page_embedding(PageEmbedding::DataAttribute)
            .into_layer()
            .unwrap(),
    );
    let res = send(&router, request("GET", "/", &[], "")).await;
    let start = res.body.find("<div id=\"app\" data-page=\"").unwrap() + 25;
    let end = start + res.body[start..].find('"').unwrap();
    let attr = &res.body[start..end];
    assert!(!attr.contains(['<', '>', '\'']), "{attr}");
    let decoded = attr
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let page: serde_json::Value = serde_json::from_str(&decoded).unwrap();
    assert_eq!(page["props"]["s"], "it's \"quoted\" <b>&amp;");
    assert!(res.body[end..].starts_with("\"></div>"));
}

/// Regression: metadata keys (`"clearHistory":true`, `"encryptHistory":true`, …) were
/// written as raw bytes past the attribute escaping, so their quotes ended the attribute.
#[tokio::test]
async fn data_attribute_mode_escapes_the_metadata_too() {
    #[inertia_page("Q")]
    async fn history() -> Page<serde_json::Value> {
        Page::new(json!({}))
            .encrypt_history(true)
            .clear_history()
            .preserve_fragment()
    }
    let router = Router::new().route("/", get(history)).layer(
        InertiaConfig::new()
            .page_embedding(PageEmbedding::DataAttribute)
            .into_layer()
            .unwrap(),
    );
    let res = send(&router, request("GET", "/", &[], "")).await;
    let start = res.body.find("data-page=\"").unwrap() + "data-page=\"".len();
    let end = start + res.body[start..].find('"').unwrap();
    assert!(res.body[end..].starts_with("\"></div>"), "{}", res.body);
    let page: serde_json::Value = serde_json::from_str(
        &res.body[start..end]
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
    .unwrap();
    assert_eq!(page["clearHistory"], true);
    assert_eq!(page["encryptHistory"], true);
    assert_eq!(page["preserveFragment"], true);
}

#[tokio::test]
async fn custom_root_template_gets_the_page_root_and_version() {
    let (app, _) = app_with(
        InertiaConfig::new()
            .version(VERSION)
            .root_id("root")
            .root_template(|cx: &RootContext<'_>| {
                Ok::<_, std::convert::Infallible>(format!(
                    "<html data-version=\"{}\" data-component=\"{}\"><body>{}</body></html>",
                    cx.version(),
                    cx.component(),
                    cx.page_root()
                ))
            }),
    );
    let res = send(&app, request("GET", "/dashboard", &[], "")).await;
    assert!(res.body.starts_with(&format!(
        "<html data-version=\"{VERSION}\" data-component=\"Dashboard\"><body><script data-page=\"root\" type=\"application/json\">{{\"component\":\"Dashboard\""
    )), "{}", res.body);
    assert!(
        res.body
            .ends_with("</script><div id=\"root\"></div></body></html>")
    );
}

#[tokio::test]
async fn failing_root_template_is_a_500() {
    let (app, _) = app_with(InertiaConfig::new().root_template(|_: &RootContext<'_>| {
        Err::<String, _>(std::io::Error::other("template broke"))
    }));
    let res = send(&app, request("GET", "/dashboard", &[], "")).await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn html_shell_settings_are_used() {
    let (app, _) = app_with(
        InertiaConfig::new().html_shell(
            HtmlShell::new()
                .title("Acme <Admin>")
                .lang("de")
                .head_html("<link rel=\"icon\" href=\"/i.svg\">"),
        ),
    );
    let res = send(&app, request("GET", "/dashboard", &[], "")).await;
    assert!(res.body.contains("<html lang=\"de\">"));
    assert!(res.body.contains("<title>Acme &lt;Admin&gt;</title>"));
    assert!(
        res.body
            .contains("<link rel=\"icon\" href=\"/i.svg\">\n</head>")
    );
}

#[tokio::test]
async fn pages_can_carry_error_statuses() {
    let (app, _) = app();
    let res = inertia_get(&app, "/missing", VERSION).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.header("x-inertia"), Some("true"));
    assert_eq!(res.json()["component"], "Errors/NotFound");
    let res = send(&app, request("GET", "/missing", &[], "")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(embedded_page(&res.body)["props"]["path"], "/nope");
}

#[tokio::test]
async fn props_that_are_not_an_object_are_a_500_not_a_panic() {
    let (app, _) = app();
    assert_eq!(
        inertia_get(&app, "/broken", VERSION).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        send(&app, request("GET", "/broken", &[], "")).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn missing_layer_is_a_500() {
    #[inertia_page("Home")]
    async fn home() {}
    let router = Router::new().route("/", get(home));
    let res = send(&router, request("GET", "/", &[], "")).await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn nested_routers_and_proxy_prefixes_keep_the_browser_url() {
    let (inner, runs) = app_with(InertiaConfig::new().version(VERSION).trust_all_proxies());
    let app = Router::new().nest("/admin", inner);
    let res = send(
        &app,
        request(
            "GET",
            "/admin/dashboard?tab=2",
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", VERSION),
                ("x-forwarded-prefix", "/app"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(res.json()["url"], "/app/admin/dashboard?tab=2");
    let res = send(
        &app,
        request(
            "GET",
            "/admin/dashboard?tab=2",
            &[("x-inertia", "true"), ("x-forwarded-prefix", "/app")],
            "",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.header("x-inertia-location"),
        Some("/app/admin/dashboard?tab=2")
    );
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn rendering_without_the_macro() {
    async fn by_hand(inertia: InertiaRequest) -> Response {
        assert!(inertia.is_inertia());
        assert_eq!(inertia.version(), VERSION);
        assert_eq!(inertia.url(), "/by-hand?x=1");
        inertia.render("ByHand", json!({ "ok": true })).await
    }
    let router = Router::new()
        .route("/by-hand", get(by_hand))
        .layer(InertiaConfig::new().version(VERSION).into_layer().unwrap());
    let res = inertia_get(&router, "/by-hand?x=1", VERSION).await;
    assert_eq!(
        res.body,
        r#"{"component":"ByHand","props":{"ok":true,"errors":{}},"url":"/by-hand?x=1","version":"3ea8aa56f6007bc7","sharedProps":["errors"]}"#
    );
}

#[test]
fn the_version_can_be_read_from_the_layer() {
    let layer = InertiaConfig::new().version(VERSION).into_layer().unwrap();
    assert_eq!(layer.version(), VERSION);
    assert!(!layer.is_dev());
}

#[tokio::test]
async fn a_location_redirect_carries_flash_through_the_full_page_visit() {
    let app = Router::new()
        .route(
            "/logout",
            post(|| async {
                inertia_runtime::InertiaRedirect::location("/login").flash("success", "Signed out.")
            }),
        )
        .route("/login", get(dashboard))
        .with_state(Arc::new(AtomicUsize::new(0)))
        .layer(InertiaConfig::new().version(VERSION).into_layer().unwrap());
    let res = send(
        &app,
        request(
            "POST",
            "/logout",
            &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
            "",
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.header("x-inertia-location"), Some("/login"));
    let cookie = res
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("the flash is stored")
        .to_owned();
    // The client sets `window.location`: a plain browser visit with the cookie.
    let page = send(&app, request("GET", "/login", &[("cookie", &cookie)], "")).await;
    assert_eq!(
        embedded_page(&page.body)["flash"],
        json!({ "success": "Signed out." })
    );
    // Without the Inertia header it is an ordinary redirect.
    let plain = send(&app, request("POST", "/logout", &[], "")).await;
    assert_eq!(plain.status, StatusCode::FOUND);
    assert_eq!(plain.header("location"), Some("/login"));
}

#[tokio::test]
async fn any_redirect_to_a_fragment_becomes_a_409_for_inertia_visits() {
    // Not only `inertia_runtime::InertiaRedirect`: the layer looks at every redirect's `Location`.
    let app = Router::new()
        .route(
            "/axum",
            post(|| async { axum::response::Redirect::to("/docs#install") }),
        )
        .route(
            "/found",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/a#b")]) }),
        )
        .layer(InertiaConfig::new().version(VERSION).into_layer().unwrap());
    for (method, uri, target) in [
        ("POST", "/axum", "/docs#install"),
        ("GET", "/found", "/a#b"),
    ] {
        let res = send(
            &app,
            request(
                method,
                uri,
                &[("x-inertia", "true"), ("x-inertia-version", VERSION)],
                "",
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{uri}");
        assert_eq!(res.header("x-inertia-redirect"), Some(target));
        assert_eq!(res.header("location"), None);
    }
}

#[tokio::test]
async fn prop_builders_are_symmetric() {
    use inertia_runtime::Props;
    use inertia_runtime::prop::{self, Prop};

    // `#[prop(rename_all)]` on the struct, like the field attribute.
    #[derive(Props)]
    #[prop(rename_all = "camelCase")]
    struct Feed {
        new_posts: Prop<Vec<u32>>,
        older_posts: Prop<Vec<u32>>,
        page_data: Prop<serde_json::Value>,
    }

    #[inertia_page("Feed")]
    async fn feed() -> Feed {
        Feed {
            new_posts: prop::value(vec![3]).prepend(),
            older_posts: prop::value(vec![1]).merge().match_on("id"),
            page_data: prop::value(json!({ "data": [] }))
                .append_at("data")
                .match_on("data.id"),
        }
    }

    let app = Router::new()
        .route("/feed", get(feed))
        .layer(InertiaConfig::new().version(VERSION).into_layer().unwrap());
    let page = inertia_get(&app, "/feed", VERSION).await.json();
    assert_eq!(page["prependProps"], json!(["newPosts"]));
    assert_eq!(page["mergeProps"], json!(["olderPosts", "pageData.data"]));
    assert_eq!(
        page["matchPropsOn"],
        json!(["olderPosts.id", "pageData.data.id"])
    );
    assert_eq!(page["props"]["newPosts"], json!([3]));
}

#[tokio::test]
async fn the_visit_cookie_is_secure_in_release_builds_only() {
    let app = Router::new()
        .route(
            "/save",
            post(|| async { inertia_runtime::InertiaRedirect::to("/").flash("a", 1) }),
        )
        .layer(InertiaConfig::new().into_layer().unwrap());
    let res = send(&app, request("POST", "/save", &[], "")).await;
    let cookie = res.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly; SameSite=Lax"), "{cookie}");
    assert_eq!(
        cookie.ends_with("; Secure"),
        !cfg!(debug_assertions),
        "{cookie}"
    );
}
