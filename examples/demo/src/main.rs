//! The demo app, a small task board: `cargo run -p demo`, then open http://127.0.0.1:3000.
//!
//! One binary: the built frontend (`frontend/dist`) is embedded with `embed_assets!`, and its
//! asset version is fixed at compile time with `vite_version!`. With the Vite dev server
//! running (`npm run dev` in `frontend/`), a debug build loads modules from it instead, with
//! HMR. `DEMO_DIST=/path/to/dist cargo build -p demo` embeds another build of the frontend
//! (the browser tests use it to deploy a new version).
//!
//! Server-side rendering: start the demo's SSR server (`node frontend/ssr/ssr.js`, built by
//! `npm run build`) and run with `DEMO_SSR=http://127.0.0.1:13714`. Without it, or while the
//! SSR server is down, pages render in the browser as usual.

mod pages;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use inertia_runtime::csrf::Csrf;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets, vite_version};
use serde::Serialize;
use ts_rs::TS;

/// The built frontend, in the binary.
static ASSETS: EmbeddedAssets = embed_assets!("${DEMO_DIST:-frontend/dist}");

/// The asset version of that build, computed from its Vite manifest at compile time.
const ASSET_VERSION: &str = vite_version!("${DEMO_DIST:-frontend/dist}/.vite/manifest.json");

/// The user every page knows about (a real app would read a session here).
#[derive(Clone, Serialize, TS)]
struct CurrentUser {
    name: &'static str,
    email: &'static str,
}

/// The props every page shares (`share` and `share_with` below), for the TypeScript types.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct SharedProps {
    app_name: String,
    auth: Auth,
}

/// `auth` of [`SharedProps`].
#[derive(Serialize, TS)]
#[allow(dead_code)]
struct Auth {
    user: Option<CurrentUser>,
}

/// The flash data pages may carry (`Redirect::flash`).
#[derive(Serialize, TS)]
#[allow(dead_code)]
struct Flash {
    #[ts(optional)]
    success: Option<String>,
    #[ts(optional)]
    error: Option<String>,
}

fn app() -> Result<Router, inertia_runtime::ConfigError> {
    let mut vite = Vite::embedded(&ASSETS)
        .entry("src/main.tsx")
        .base("/build/")
        .react_refresh(true);
    if cfg!(debug_assertions) {
        // `npm run dev` writes this file while the dev server runs.
        vite = vite.hot_file(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/hot"));
    }
    let signing_key = std::env::var("DEMO_SIGNING_KEY")
        .unwrap_or_else(|_| "demo-signing-key-change-me-in-production!!".to_owned());
    // Every POST needs the XSRF-TOKEN cookie back in X-XSRF-TOKEN, as the Inertia client
    // sends it; a stale token goes back to the form with a message instead of a 419.
    let csrf = Csrf::new()
        .signing_key(&signing_key)
        .secure_cookie(false)
        .redirect_back_with("error", "The page expired, please try again.")
        .into_layer()?;
    let inertia = InertiaConfig::new()
        .version(ASSET_VERSION)
        .vite(vite)
        .html_shell(
            HtmlShell::new()
                .title("Inertia on axum")
                .head_html(r#"<link rel="icon" href="/build/favicon.svg" type="image/svg+xml">"#),
        )
        .share("appName", "Taskboard")
        .share_with("auth", |parts| {
            let user = parts.extensions.get::<CurrentUser>().cloned();
            async move { serde_json::json!({ "user": user }) }
        })
        .signing_key(signing_key)
        // Plain-http demo on 127.0.0.1; real deployments keep the default (Secure).
        .secure_cookies(false);
    let inertia = match std::env::var("DEMO_SSR") {
        Ok(url) if !url.is_empty() => inertia.ssr(Ssr::new(url)),
        _ => inertia,
    }
    .into_layer()?;
    let store = Arc::new(store::Store::seeded());
    Ok(Router::new()
        .route("/", get(pages::dashboard))
        .route("/tasks", get(pages::tasks).post(pages::store))
        .route("/tasks/new", get(pages::create))
        .route("/tasks/{id}", get(pages::show))
        .route("/about", get(pages::about))
        .route("/docs", get(pages::docs))
        .route("/version", get(|| async { ASSET_VERSION }))
        .with_state(store)
        .layer(csrf)
        .layer(inertia)
        .layer(axum::Extension(CurrentUser {
            name: "Ada Lovelace",
            email: "ada@example.com",
        }))
        .nest_service("/build", ASSETS.service()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,inertia_runtime=debug".into()),
        )
        .init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(
        version = ASSET_VERSION,
        "demo listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app()?)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The demo through its real router, in process, with the crate's test client.

    use inertia_runtime::testing::InertiaTest;
    use serde_json::json;

    /// The TypeScript types of the demo's pages, written to `frontend/src/types/pages.d.ts`
    /// (`INERTIA_WRITE_TYPES=1 cargo test -p demo`; a test checks the committed file).
    fn typescript() -> inertia_runtime::typescript::TypeScript {
        inertia_runtime::typescript::TypeScript::new()
            .shared_props::<super::SharedProps>()
            .flash::<super::Flash>()
            .page::<super::pages::NotFoundProps>("Errors/NotFound")
            .with_type::<super::pages::NewTask>()
            .regenerate_with("INERTIA_WRITE_TYPES=1 cargo test -p demo")
    }

    fn client() -> InertiaTest {
        InertiaTest::new(super::app().unwrap())
    }

    #[test]
    fn typescript_types_are_current() {
        typescript()
            .check_or_write(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/frontend/src/types/pages.d.ts"
            ))
            .unwrap();
    }

    #[tokio::test]
    async fn pages_have_their_props_and_the_shared_ones() {
        let mut client = client();
        client
            .get("/tasks/1")
            .await
            .assert_component("Tasks/Show")
            .assert_prop("task.id", 1)
            .assert_type("task.title", "string")
            .assert_prop("appName", "Taskboard")
            .assert_prop("auth.user.name", "Ada Lovelace")
            .assert_version(super::ASSET_VERSION);
        client
            .get("/tasks/999")
            .await
            .assert_status(404)
            .assert_component("Errors/NotFound")
            .assert_prop("message", "There is no task 999.");
    }

    #[tokio::test]
    async fn the_task_form_validates_and_goes_back_with_errors() {
        let mut client = client();
        client
            .get("/tasks/new")
            .await
            .assert_component("Tasks/Create");
        client
            .post("/tasks", json!({ "title": "ab", "due": "soon" }))
            .await
            .assert_component("Tasks/Create")
            .assert_url("/tasks/new")
            .assert_error("title", "The title must be at least 3 characters.")
            .assert_error("due", "The due date must look like 2026-12-31.");
        client
            .post("/tasks", json!({ "title": "  ", "due": "" }))
            .await
            .assert_error("title", "The title is required.");
        let created = client
            .post(
                "/tasks",
                json!({ "title": "Write docs", "due": "2026-12-31" }),
            )
            .await;
        created
            .assert_component("Tasks/Show")
            .assert_prop("task.title", "Write docs")
            .assert_flash("success", "Created “Write docs”.");
    }

    #[tokio::test]
    async fn precognition_checks_one_field_without_creating_a_task() {
        let mut client = client();
        client.get("/tasks/new").await;
        let count = |page: &inertia_runtime::testing::TestPage| {
            page.prop("counts.counts.todo").and_then(|v| v.as_u64())
        };
        let before = count(&client.get("/tasks").await);
        client
            .precognition(
                "/tasks",
                json!({ "title": "ab", "description": "", "due": "" }),
            )
            .only(&["title"])
            .send()
            .await
            .assert_precognition_errors(&[("title", "The title must be at least 3 characters.")]);
        client
            .precognition(
                "/tasks",
                json!({ "title": "A good title", "description": "", "due": "x" }),
            )
            .only(&["title"])
            .send()
            .await
            .assert_precognition_success();
        assert_eq!(
            count(&client.get("/tasks").await),
            before,
            "nothing was created"
        );
    }

    #[tokio::test]
    async fn a_task_can_have_an_attachment_of_at_most_1_mb() {
        use inertia_runtime::testing::MultipartForm;
        let mut client = client();
        client.get("/tasks/new").await;
        let form = |file: Vec<u8>| {
            MultipartForm::new()
                .text("title", "With a file")
                .text("description", "")
                .text("due", "")
                .file("attachment", "C:\\fakepath\\notes.txt", "text/plain", file)
        };
        client
            .post_multipart("/tasks", form(b"remember the milk".to_vec()))
            .await
            .assert_component("Tasks/Show")
            .assert_prop(
                "task.attachment",
                json!({ "name": "notes.txt", "size": 17 }),
            );
        client.get("/tasks/new").await;
        client
            .post_multipart("/tasks", form(vec![b'x'; super::pages::MAX_ATTACHMENT + 1]))
            .await
            .assert_component("Tasks/Create")
            .assert_error("attachment", "The attachment must not be larger than 1 MB.")
            .assert_prop(
                "errors.attachment",
                "The attachment must not be larger than 1 MB.",
            );
        client
            .post(
                "/tasks",
                json!({ "title": "No file", "description": "", "due": "", "attachment": null }),
            )
            .await
            .assert_component("Tasks/Show")
            .assert_prop("task.attachment", json!(null));
    }

    #[tokio::test]
    async fn a_post_without_the_csrf_token_goes_back_with_a_message() {
        let mut client = client();
        client.get("/tasks/new").await;
        client.forget_cookie("XSRF-TOKEN");
        client
            .post("/tasks", json!({ "title": "Sneaky" }))
            .await
            .assert_component("Tasks/Create")
            .assert_flash("error", "The page expired, please try again.");
    }
}
