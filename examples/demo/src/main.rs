//! The demo app, a small task board: `cargo run -p demo`, then open http://127.0.0.1:3000.
//!
//! One binary: the built frontend (`frontend/dist`) is embedded with `embed_assets!`, which
//! also fixes its asset version at compile time from the Vite manifest. With the Vite dev
//! server running (`npm run dev` in `frontend/`), a debug build loads modules from it instead,
//! with HMR. `DEMO_DIST=/path/to/dist cargo build -p demo` embeds another build of the
//! frontend (the browser tests use it to deploy a new version).
//!
//! Server-side rendering: built with `--features embedded-ssr`, the binary renders first
//! visits itself (QuickJS running `frontend/ssr-embedded/ssr.js`, embedded), no Node needed.
//! Or start the demo's Node SSR server (`node frontend/ssr/ssr.js`) and run with
//! `DEMO_SSR=http://127.0.0.1:13714`; `DEMO_SSR=off` turns SSR off. Whenever a render fails,
//! pages render in the browser as usual.
//!
//! Settings from the environment: `HOST` (127.0.0.1) and `PORT` (3000; 0 picks a free port),
//! `DEMO_SIGNING_KEY` (the secret for the visit cookie and CSRF tokens, the same on every
//! server; random per process without it), `DEMO_SSR`, `DEMO_TRUSTED_PROXIES`
//! (comma-separated addresses whose `X-Forwarded-*` headers count), `DEMO_SSR_ENGINES`,
//! `DEMO_STATS_DELAY_MS`, `DEMO_ASSET_RECOVERY=off` (no asset-recovery script), and the server's limits (`INERTIA_HEADER_READ_TIMEOUT=10s` and the
//! others of `inertia_runtime::server::Server::from_env`).

mod pages;
#[cfg(feature = "redis")]
mod sessions;
mod store;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use inertia_runtime::csrf::Csrf;
use inertia_runtime::server::Server;
use inertia_runtime::ssr::Ssr;
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets};
use serde::Serialize;
use ts_rs::TS;

/// The built frontend, in the binary, with the asset version of its Vite manifest.
static ASSETS: EmbeddedAssets = embed_assets!("${DEMO_DIST:-frontend/dist}");

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

/// The flash data pages may carry (`InertiaRedirect::flash`).
#[derive(Serialize, TS)]
#[allow(dead_code)]
struct Flash {
    #[ts(optional)]
    success: Option<String>,
    #[ts(optional)]
    error: Option<String>,
}

/// What the app is built from; [`Options::from_env`] reads it from the environment.
struct Options {
    /// The Vite hot file (development only).
    hot_file: Option<PathBuf>,
    /// The secret for the visit cookie and CSRF tokens.
    signing_key: Vec<u8>,
    /// Server-side rendering, if any.
    ssr: Option<Ssr>,
    /// Proxies whose forwarded headers count (addresses or ranges).
    trusted_proxies: Vec<String>,
    /// A name this server puts in `X-Demo-Instance` (to see which of several answered).
    instance: Option<String>,
    /// Redis for the visit state, instead of the encrypted cookie (feature `redis`).
    redis_url: Option<String>,
    /// The asset-recovery script on built pages (`DEMO_ASSET_RECOVERY=off` turns it off, for
    /// the tests that show what happens without it).
    asset_recovery: bool,
}

impl Options {
    fn from_env() -> Self {
        let signing_key = match std::env::var("DEMO_SIGNING_KEY") {
            Ok(key) if !key.is_empty() => key.into_bytes(),
            _ => {
                // Never a constant: a key in the source would let anyone forge flash data,
                // errors and CSRF tokens. Several servers must share one (DEMO_SIGNING_KEY).
                tracing::info!(
                    "DEMO_SIGNING_KEY is not set: signing with a random key made at startup (flash and CSRF tokens work on this process only)"
                );
                random_key()
            }
        };
        Options {
            // `npm run dev` writes this file while the dev server runs; release builds never
            // look for it.
            hot_file: cfg!(debug_assertions)
                .then(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/hot"))),
            signing_key,
            ssr: match std::env::var("DEMO_SSR").as_deref() {
                Ok("off") => None,
                Ok(url) if !url.is_empty() => Some(Ssr::new(url)),
                _ => embedded_ssr(),
            },
            trusted_proxies: std::env::var("DEMO_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            instance: std::env::var("DEMO_INSTANCE")
                .ok()
                .filter(|i| !i.is_empty()),
            redis_url: std::env::var("DEMO_REDIS_URL")
                .ok()
                .filter(|u| !u.is_empty()),
            asset_recovery: std::env::var("DEMO_ASSET_RECOVERY").as_deref() != Ok("off"),
        }
    }
}

/// The SSR bundle for the embedded engine (`npm run build` writes it), in the binary.
#[cfg(feature = "embedded-ssr")]
const SSR_BUNDLE: &str = include_str!("../frontend/ssr-embedded/ssr.js");

/// With the `embedded-ssr` feature, pages are rendered in the process by default (no Node).
/// `DEMO_SSR_ENGINES` sets how many engines render at once (default: one per core).
fn embedded_ssr() -> Option<Ssr> {
    #[cfg(feature = "embedded-ssr")]
    {
        let mut ssr = Ssr::embedded(SSR_BUNDLE);
        if let Some(engines) = std::env::var("DEMO_SSR_ENGINES")
            .ok()
            .and_then(|n| n.parse().ok())
        {
            ssr = ssr.engines(engines);
        }
        // The About page is the same for every visitor with the same page object: kept
        // rendered (docs/performance.md has the hit and miss figures; DEMO_SSR_CACHE=off
        // renders it every time, as the renderers' comparison there needs).
        if std::env::var("DEMO_SSR_CACHE").as_deref() != Ok("off") {
            ssr = ssr.cache_page("About");
        }
        Some(ssr)
    }
    #[cfg(not(feature = "embedded-ssr"))]
    None
}

/// 48 random bytes as text, from the OS.
fn random_key() -> Vec<u8> {
    let mut bytes = [0u8; 48];
    if let Err(e) = getrandom::fill(&mut bytes) {
        // No randomness at all: refuse to start rather than sign with something guessable.
        eprintln!("no random source to make a signing key ({e}); set DEMO_SIGNING_KEY");
        std::process::exit(1);
    }
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .into_bytes()
}

fn app(options: Options) -> Result<Router, Box<dyn std::error::Error>> {
    let mut vite = Vite::embedded(&ASSETS)
        .entry("src/main.tsx")
        .base("/build/")
        .react_refresh(true)
        .reload_on_asset_error(options.asset_recovery);
    if let Some(hot_file) = options.hot_file {
        vite = vite.hot_file(hot_file);
    }
    // Every POST needs the XSRF-TOKEN cookie back in X-XSRF-TOKEN, as the Inertia client
    // sends it; a stale token goes back to the form with a message instead of a 419.
    let csrf = Csrf::new()
        .signing_key(&options.signing_key)
        .secure_cookie(false)
        .redirect_back_with("error", "The page expired, please try again.")
        .into_layer()?;
    let mut inertia = InertiaConfig::new()
        // The asset version comes with the embedded build (computed at compile time).
        .vite(vite)
        .html_shell(
            HtmlShell::new()
                .title("Inertia on axum")
                .head_html(r#"<link rel="icon" href="/build/favicon.svg" type="image/svg+xml">"#)
                .head_html("<!-- Version: {{ version }} -->"),
        )
        .share("appName", "Taskboard")
        .share_with("auth", |parts| {
            let user = parts.extensions.get::<CurrentUser>().cloned();
            async move { serde_json::json!({ "user": user }) }
        })
        // The same secret as the CSRF layer's: each derives its own key from it.
        .signing_key(&options.signing_key)
        // Plain-http demo; real deployments keep the default (Secure in release builds).
        .secure_cookie(false)
        // Behind nginx (`scripts/two-servers.sh`): its forwarded headers, and only its.
        .trusted_proxies(options.trusted_proxies);
    if let Some(ssr) = options.ssr {
        inertia = inertia.ssr(ssr);
    }
    if options.redis_url.is_some() {
        // Visit state in the Redis session (src/sessions.rs) instead of the cookie.
        #[cfg(feature = "redis")]
        {
            inertia = inertia.visit_store(inertia_runtime::visit::SessionStore::new());
        }
    }
    let inertia = inertia.into_layer()?;
    // The version pages carry now: the build's, or the dev server's while it runs. (Not the
    // compile-time constant, which disagrees with the pages in development.)
    let serving = inertia.clone();
    let store = Arc::new(store::Store::seeded());
    let router = Router::new()
        .route("/", get(pages::dashboard))
        .route("/tasks", get(pages::tasks).post(pages::store))
        .route("/tasks/new", get(pages::create))
        .route("/tasks/{id}", get(pages::show))
        .route("/about", get(pages::about))
        .route("/labs/browser-only", get(pages::browser_only))
        .route("/labs/thread", get(pages::thread))
        .route("/docs", get(pages::docs))
        .route("/version", get(move || async move { serving.version() }))
        .with_state(store)
        .layer(csrf)
        .layer(inertia);
    let router = match options.redis_url {
        #[cfg(feature = "redis")]
        Some(url) => router.layer(sessions::layer(&url)?),
        #[cfg(not(feature = "redis"))]
        Some(_) => {
            return Err("DEMO_REDIS_URL needs the demo built with `--features redis`".into());
        }
        None => router,
    };
    let router = router
        .layer(axum::Extension(CurrentUser {
            name: "Ada Lovelace",
            email: "ada@example.com",
        }))
        .nest_service("/build", ASSETS.service());
    Ok(match options.instance {
        Some(name) => {
            let value = axum::http::HeaderValue::from_str(&name)?;
            router.layer(axum::middleware::map_response(
                move |mut res: axum::response::Response| {
                    res.headers_mut().insert("x-demo-instance", value.clone());
                    std::future::ready(res)
                },
            ))
        }
        None => router,
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,inertia_runtime=debug".into()),
        )
        .init();
    let app = app(Options::from_env())?;
    tracing::info!(version = ASSETS.version(), "demo starting");
    // HOST and PORT, and the production limits (timeouts, connection cap, drain), each
    // settable from the environment: inertia_runtime::server::Server::from_env.
    Server::from_env()?.serve(app).await?;
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

    fn options() -> super::Options {
        super::Options {
            hot_file: None,
            signing_key: b"demo test key: 4gR8tY2uI6oP0aS3dF7hJ1kL5zX9cV".to_vec(),
            ssr: None,
            trusted_proxies: Vec::new(),
            instance: None,
            redis_url: None,
            asset_recovery: true,
        }
    }

    fn client() -> InertiaTest {
        InertiaTest::new(super::app(options()).unwrap())
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
            .assert_version(super::ASSETS.version())
            .assert_header("x-inertia-version", super::ASSETS.version());
        client
            .get("/tasks/999")
            .await
            .assert_status(404)
            .assert_component("Errors/NotFound")
            .assert_prop("message", "There is no task 999.");
    }

    #[tokio::test]
    async fn the_version_route_reports_what_the_pages_carry_in_development_too() {
        let dir = std::env::temp_dir().join(format!("demo-hot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hot = dir.join("hot");
        let mut options = options();
        options.hot_file = Some(hot.clone());
        let mut client = InertiaTest::new(super::app(options).unwrap());
        // Built assets: the version of the embedded build.
        let built = client.get("/about").await;
        assert_eq!(client.visit("/version").await.body, super::ASSETS.version());
        built.assert_version(super::ASSETS.version());
        // A dev server: the pages carry its URL, and so does /version (the compile-time
        // constant would not).
        std::fs::write(&hot, "http://localhost:5173").unwrap();
        // Noticed within the hot file's recheck interval (250 ms); polled, not slept, so a
        // busy machine only makes it slower.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while client.visit("/version").await.body != "http://localhost:5173" {
            assert!(
                std::time::Instant::now() < deadline,
                "the hot file was not noticed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let dev = client.get("/about").await;
        dev.assert_version("http://localhost:5173");
        assert_eq!(client.visit("/version").await.body, "http://localhost:5173");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn page_numbers_from_the_query_never_overflow() {
        let mut client = client();
        for page in ["18446744073709551615", "18446744073709551614", "999999"] {
            client
                .get(&format!("/tasks?page={page}"))
                .await
                .assert_status(200)
                .assert_component("Tasks/Index")
                .assert_count("tasks.data", 0);
        }
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
    async fn titles_and_descriptions_have_a_length_limit() {
        let mut client = client();
        client.get("/tasks/new").await;
        client
            .post(
                "/tasks",
                json!({
                    "title": "t".repeat(super::pages::MAX_TITLE + 1),
                    "description": "d".repeat(5001),
                    "due": "",
                }),
            )
            .await
            .assert_component("Tasks/Create")
            .assert_error("title", "The title must not be longer than 255 characters.")
            .assert_error(
                "description",
                "The description must not be longer than 5000 characters.",
            );
        client
            .post(
                "/tasks",
                json!({ "title": "t".repeat(super::pages::MAX_TITLE), "description": "", "due": "" }),
            )
            .await
            .assert_component("Tasks/Show");
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
