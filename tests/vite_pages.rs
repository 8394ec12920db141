//! Pages with Vite: built tags from a real manifest, dev-server tags while the hot file exists,
//! asset URLs, CSP nonces, and startup errors for a bad configuration.

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use inertia_runtime::vite::Vite;
use inertia_runtime::{CspNonce, HtmlClass, InertiaConfig, RootContext, inertia_page};
use inertia_tests::{eventually, inertia_get, request, send};

const MANIFEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/vite-app/dist/.vite/manifest.json"
);

#[inertia_page("Home")]
async fn home() {}

fn app(vite: Vite) -> Router {
    Router::new()
        .route("/", get(home))
        .layer(InertiaConfig::new().vite(vite).into_layer().unwrap())
}

fn built() -> Vite {
    Vite::manifest_file(MANIFEST)
        .entry("src/admin.ts")
        .base("/build")
}

const ADMIN_TAGS: &str = "<script type=\"module\" crossorigin src=\"/build/assets/admin-CrvqPIWj.js\"></script>\n\
<link rel=\"modulepreload\" crossorigin href=\"/build/assets/shared-DmnGZtPG.js\">\n\
<link rel=\"stylesheet\" crossorigin href=\"/build/assets/shared-BiEJP_uy.css\">\n\
<link rel=\"stylesheet\" crossorigin href=\"/build/assets/admin-Bl7QkjV4.css\">\n";

#[tokio::test]
async fn built_tags_are_in_the_head_and_the_manifest_gives_the_version() {
    let res = send(&app(built()), request("GET", "/", &[], "")).await;
    assert!(
        res.body.contains(&format!("{ADMIN_TAGS}</head>")),
        "{}",
        res.body
    );
    let version = inertia_runtime::version_from_manifest(MANIFEST).unwrap();
    assert!(res.body.contains(&format!("\"version\":\"{version}\"")));
    // ...and drives the 409.
    assert_eq!(
        inertia_get(&app(built()), "/", "old").await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        inertia_get(&app(built()), "/", &version).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn hot_file_switches_the_tags_to_the_dev_server_and_back() {
    let dir = std::env::temp_dir().join(format!("inertia-vite-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let hot = dir.join("hot");
    let _ = std::fs::remove_file(&hot);
    let app = app(built().hot_file(&hot).react_refresh(true));

    let res = send(&app, request("GET", "/", &[], "")).await;
    assert!(res.body.contains(ADMIN_TAGS), "no hot file: built assets");
    assert!(!res.body.contains("@vite/client"));

    std::fs::write(&hot, "http://localhost:5173").unwrap();
    eventually("the hot file is noticed", || async {
        send(&app, request("GET", "/", &[], ""))
            .await
            .body
            .contains("@vite/client")
    })
    .await;
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert!(!res.body.contains("/build/assets/"), "{}", res.body);
    let refresh = res
        .body
        .find("import RefreshRuntime from \"http://localhost:5173/@react-refresh\"")
        .unwrap();
    let client = res
        .body
        .find("<script type=\"module\" src=\"http://localhost:5173/@vite/client\"></script>")
        .unwrap();
    let entry = res
        .body
        .find("<script type=\"module\" src=\"http://localhost:5173/src/admin.ts\"></script>")
        .unwrap();
    assert!(
        refresh < client && client < entry,
        "preamble, client, entry in that order"
    );
    assert!(res.body.contains("\"version\":\"http://localhost:5173\""));
    // Dev mode: no 409s.
    assert_eq!(
        inertia_get(&app, "/", "anything").await.status,
        StatusCode::OK
    );

    std::fs::remove_file(&hot).unwrap();
    eventually("the hot file's removal is noticed", || async {
        !send(&app, request("GET", "/", &[], ""))
            .await
            .body
            .contains("@vite/client")
    })
    .await;
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert!(res.body.contains(ADMIN_TAGS));
    assert!(!res.body.contains("5173"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn no_react_preamble_unless_asked_and_css_entries_are_links() {
    let app = app(Vite::new()
        .entry("src/main.ts")
        .entry("src/app.css")
        .dev_server("http://127.0.0.1:5173"));
    let res = send(&app, request("GET", "/", &[], "")).await;
    assert!(!res.body.contains("RefreshRuntime"));
    assert!(
        res.body
            .contains("<link rel=\"stylesheet\" href=\"http://127.0.0.1:5173/src/app.css\">")
    );
}

#[tokio::test]
async fn csp_nonce_goes_on_every_tag() {
    let router = app(built()).layer(axum::Extension(CspNonce("n0nce".into())));
    let res = send(&router, request("GET", "/", &[], "")).await;
    let tags: Vec<&str> = res
        .body
        .lines()
        .filter(|l| l.contains("/build/assets/"))
        .collect();
    assert_eq!(tags.len(), 4);
    assert!(
        tags.iter().all(|t| t.contains(" nonce=\"n0nce\" ")),
        "{tags:?}"
    );
}

#[tokio::test]
async fn the_requests_html_class_is_on_the_html_element_from_the_first_byte() {
    let router = app(built()).layer(axum::Extension(HtmlClass::from("dark")));
    let res = send(&router, request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .starts_with("<!DOCTYPE html>\n<html lang=\"en\" class=\"dark\">\n<head>"),
        "{}",
        res.body
    );
    // Without one, the element has no class.
    let res = send(&app(built()), request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n")
    );
    // A template reads it.
    let router = Router::new()
        .route("/", get(home))
        .layer(
            InertiaConfig::new()
                .root_template(|cx: &RootContext<'_>| {
                    Ok::<_, std::convert::Infallible>(format!("{:?}", cx.html_class()))
                })
                .into_layer()
                .unwrap(),
        )
        .layer(axum::Extension(HtmlClass::from(String::from("light"))));
    assert_eq!(
        send(&router, request("GET", "/", &[], "")).await.body,
        "Some(\"light\")"
    );
}

#[tokio::test]
async fn custom_templates_get_head_nonce_and_asset_urls() {
    let router = Router::new()
        .route("/", get(home))
        .layer(
            InertiaConfig::new()
                .vite(built())
                .root_template(|cx: &RootContext<'_>| {
                    Ok::<_, std::convert::Infallible>(format!(
                        "<head>{}</head><img src=\"{}\"><i>{:?}</i><i>{:?}</i>{}",
                        cx.head(),
                        cx.asset_url("src/logo.svg").unwrap_or_default(),
                        cx.asset_url("src/missing.svg"),
                        cx.nonce(),
                        cx.page_root()
                    ))
                })
                .into_layer()
                .unwrap(),
        )
        .layer(axum::Extension(CspNonce("abc".into())));
    let res = send(&router, request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .contains("<img src=\"/build/assets/logo-BOTr4nl2.svg\">")
    );
    assert!(res.body.contains("<i>None</i><i>Some(\"abc\")</i>"));
    assert!(res.body.contains("<script nonce=\"abc\" type=\"module\""));
}

#[test]
fn asset_urls_follow_the_mode() {
    let layer = InertiaConfig::new().vite(built()).into_layer().unwrap();
    assert_eq!(
        layer.asset_url("src/logo.svg").as_deref(),
        Some("/build/assets/logo-BOTr4nl2.svg")
    );
    let dev = InertiaConfig::new()
        .vite(
            Vite::new()
                .entry("src/main.ts")
                .dev_server("http://localhost:5173"),
        )
        .into_layer()
        .unwrap();
    assert_eq!(
        dev.asset_url("src/logo.svg").as_deref(),
        Some("http://localhost:5173/src/logo.svg")
    );
}

#[test]
fn startup_fails_with_the_path_and_the_fix() {
    let err = |vite: Vite| {
        InertiaConfig::new()
            .vite(vite)
            .into_layer()
            .unwrap_err()
            .to_string()
    };
    let missing =
        err(Vite::manifest_file("no/frontend/dist/.vite/manifest.json").entry("src/main.tsx"));
    assert!(
        missing.contains("cannot read the Vite manifest `no/frontend/dist/.vite/manifest.json`"),
        "{missing}"
    );
    assert!(
        missing.contains("run `vite build` with `build.manifest: true`"),
        "{missing}"
    );

    let dir = std::env::temp_dir().join(format!("inertia-vite-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("manifest.json"), "{\"a\":").unwrap();
    let invalid = err(Vite::manifest_file(dir.join("manifest.json")).entry("a"));
    assert!(invalid.contains("is not valid JSON"), "{invalid}");
    std::fs::remove_dir_all(&dir).unwrap();

    let unknown = err(Vite::manifest_file(MANIFEST).entry("src/main.tsx"));
    assert!(unknown.contains("no entry `src/main.tsx`"), "{unknown}");
    assert!(
        unknown.contains("`index.html`, `src/admin.ts`"),
        "{unknown}"
    );
}

#[test]
fn a_missing_manifest_is_fine_while_the_dev_server_runs() {
    let dir = std::env::temp_dir().join(format!("inertia-vite-devonly-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hot"), "http://localhost:5173").unwrap();
    let layer = InertiaConfig::new()
        .vite(
            Vite::manifest_file(dir.join("dist/.vite/manifest.json"))
                .entry("src/main.ts")
                .hot_file(dir.join("hot")),
        )
        .into_layer();
    assert!(layer.is_ok(), "{:?}", layer.err());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Built pages carry the asset-recovery script right before the Vite tags (with the page's CSP
/// nonce, naming the build's base), so a tab whose files are gone reloads once instead of
/// staying blank; never in development (HMR), never when turned off. The browser side is
/// tests/e2e/recovery.test.js.
#[tokio::test]
async fn built_pages_carry_the_asset_recovery_script_before_the_tags() {
    let script_start = "<script>(function(){var key=\"inertia-axum:asset-reload\",base=new URL(\"/build/\",location.href).href";
    let res = send(&app(built()), request("GET", "/", &[], "")).await;
    let at = res.body.find(script_start).expect("the script is there");
    let tags = res.body.find(ADMIN_TAGS).expect("the tags are there");
    assert!(at < tags);
    assert!(
        res.body[at..tags].ends_with("})();</script>\n"),
        "right before the tags"
    );

    let router = app(built()).layer(axum::Extension(CspNonce("n0nce".into())));
    let res = send(&router, request("GET", "/", &[], "")).await;
    assert!(
        res.body
            .contains("<script nonce=\"n0nce\">(function(){var key=\"inertia-axum:asset-reload\""),
        "{}",
        res.body
    );

    let res = send(
        &app(built().reload_on_asset_error(false)),
        request("GET", "/", &[], ""),
    )
    .await;
    assert!(!res.body.contains("inertia-axum:asset-reload"));
    assert!(res.body.contains(ADMIN_TAGS));

    let dev = app(Vite::new()
        .entry("src/main.ts")
        .dev_server("http://127.0.0.1:5173"));
    let res = send(&dev, request("GET", "/", &[], "")).await;
    assert!(!res.body.contains("inertia-axum:asset-reload"));
}
