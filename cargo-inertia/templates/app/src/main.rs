//! @@title@@: an axum server whose pages are @@framework_name@@ components (Inertia.js), built
//! by Vite in `frontend/`.
//!
//! - `cargo inertia dev`: the server and the Vite dev server together, with hot module
//!   replacement; the server restarts when a Rust file changes.
//! - `cargo inertia build`: the frontend, then one release binary with everything inside
//!   (`target/release/@@name@@`).
//!
//! Settings from the environment: `HOST` (127.0.0.1; `0.0.0.0` in a container) and `PORT`
//! (3000), `DATABASE_URL` (`sqlite:data/@@name@@.sqlite`, created on the first start), `APP_KEY` (the secret that signs cookies; set it, the same on every server, in
//! production), `RUST_LOG`, and the server's limits (`INERTIA_HEADER_READ_TIMEOUT=10s` and
//! the others of `inertia_runtime::server::Server::from_env`).

mod contacts;
mod db;
mod pages;
mod routes;

use std::io::IsTerminal;

use axum::Router;
use sqlx::SqlitePool;
use inertia_runtime::csrf::Csrf;
use inertia_runtime::server::Server;
@@if ssr@@
use inertia_runtime::ssr::Ssr;
@@end@@
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets};

/// The frontend build (`frontend/dist`), inside the binary, with its asset version: computed
/// at compile time from the Vite manifest, so every server built from one commit agrees.
static ASSETS: EmbeddedAssets = embed_assets!("frontend/dist");

@@if ssr@@
/// The server-side rendering bundle (`frontend/ssr/ssr.js`, from `npm run build`): the
/// binary renders first visits itself, no Node process needed.
const SSR_BUNDLE: &str = include_str!("../frontend/ssr/ssr.js");

@@end@@
/// The app on the database `db`: its routes, with the Inertia and CSRF layers.
fn app(db: SqlitePool) -> Result<Router, Box<dyn std::error::Error>> {
    let mut vite = Vite::embedded(&ASSETS)
        .entry("src/main.@@entry_ext@@")
        .base("/build/")@@if react@@
        .react_refresh(true)@@end@@;
    if cfg!(debug_assertions) {
        // While `cargo inertia dev` runs Vite, this file holds its URL: pages load their
        // modules from it, with hot module replacement. Release builds never look.
        vite = vite.hot_file(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/hot"));
    }
    let key = std::env::var("APP_KEY").ok().filter(|key| !key.is_empty());
    if key.is_none() && !cfg!(debug_assertions) {
        tracing::warn!(
            "APP_KEY is not set: cookies are signed with a random key made at startup, so flash messages and form tokens do not survive a restart or reach another server"
        );
    }
    // Form posts carry the XSRF-TOKEN cookie back (the Inertia client does it); a stale
    // token goes back to the form with a message.
    let mut csrf = Csrf::new().redirect_back_with("error", "The page expired, please try again.");
    let mut inertia = InertiaConfig::new()
        .vite(vite)
        .html_shell(HtmlShell::new().title("@@title@@").head_html(
            r#"<link rel="icon" href="/build/favicon.svg" type="image/svg+xml">"#,
        ))
        // Props every page gets (the layout shows them).
        .share("appName", "@@title@@")
        .share_with("auth", |parts| {
            let user = parts.extensions.get::<pages::User>().cloned();
            async move { serde_json::json!({ "user": user }) }
        });
    if let Some(key) = &key {
        csrf = csrf.signing_key(key);
        inertia = inertia.signing_key(key);
    }
    @@if ssr@@
    // Pages arrive rendered (the client hydrates them). In development the Vite dev server
    // renders instead, from the current sources; a page that fails to render on the server
    // is rendered in the browser.
    inertia = inertia.ssr(Ssr::embedded(SSR_BUNDLE));
    @@end@@
    Ok(Router::from(routes::routes())
        .fallback(pages::not_found)
        .with_state(db)
        .layer(csrf.into_layer()?)
        .layer(inertia.into_layer()?)
        // A signed-in user (a real app would read its session here).
        .layer(axum::Extension(pages::User {
            name: "Ada Lovelace".into(),
        }))
        .nest_service("/build", ASSETS.service()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,inertia_runtime=info".into()),
        )
        // Colors on a terminal, or when `cargo inertia dev` (which reads the output) asks.
        .with_ansi(
            (std::io::stdout().is_terminal() || std::env::var_os("FORCE_COLOR").is_some())
                && std::env::var_os("NO_COLOR").is_none(),
        )
        .init();
    if cfg!(debug_assertions) && std::env::var_os("INERTIA_WRITE_TYPES").is_some_and(|v| v != "0") {
        // `cargo inertia dev` asks: the frontend's route helpers follow the Rust routes. A
        // failure (a route name JavaScript cannot use, a read-only checkout) is told, and the
        // server runs anyway; `cargo test` then names the problem too.
        if let Err(error) = routes::write_generated_files() {
            tracing::warn!("the frontend's generated files were not written: {error}");
        }
    }
    let database_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| db::DEFAULT_URL.to_owned());
    let app = app(db::connect(&database_url).await?)?;
    if cfg!(debug_assertions) {
        // Development: the build is a fallback; pages follow Vite while it runs.
        tracing::info!(
            build = ASSETS.version(),
            "starting; while Vite runs (`cargo inertia dev`), pages load their modules from it and carry its URL as their version"
        );
    } else {
        tracing::info!(version = ASSETS.version(), "starting");
    }
    // HOST and PORT (127.0.0.1:3000 without them; HOST=0.0.0.0 in a container), and the
    // production server: timeouts, a connection cap, graceful shutdown on Ctrl-C and
    // SIGTERM, security headers. Each limit can be set from the environment
    // (INERTIA_HEADER_READ_TIMEOUT=10s, …): see inertia_runtime::server::Server::from_env.
    Server::from_env()?.serve(app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The app through its real router, in process (no browser, no port).

    use axum::http::Method;
    use inertia_runtime::testing::InertiaTest;
    use serde_json::json;

    /// The app on a database of its own, in memory, migrated (with the sample contacts).
    async fn client() -> InertiaTest {
        let db = super::db::connect("sqlite::memory:").await.unwrap();
        InertiaTest::new(super::app(db).unwrap())
    }

    /// `frontend/src/routes.@@if ts@@ts@@else@@js@@end@@`@@if ts@@ and `frontend/src/types/pages.d.ts`@@end@@ say what the Rust code
    /// does; after a change to a route@@if ts@@ or to props@@end@@, `INERTIA_WRITE_TYPES=1 cargo test` (or
    /// `cargo inertia dev`) writes them again.
    #[test]
    fn generated_files_are_current() {
        for (path, file) in super::routes::generated_files().unwrap() {
            file.check_or_write(path).unwrap();
        }
    }

    #[tokio::test]
    async fn the_dashboard_has_its_props_and_the_shared_ones() {
        client()
            .await
            .get("/")
            .await
            .assert_component("Dashboard")
            .assert_prop("appName", "@@title@@")
            .assert_prop("auth.user.name", "Ada Lovelace")
            .assert_version(super::ASSETS.version());
    }

    #[tokio::test]
    async fn a_contact_is_added_after_the_form_is_corrected() {
        let mut client = client().await;
        client.get("/contacts/new").await.assert_component("Contacts/Create");
        client
            .post("/contacts", json!({ "name": "", "email": "ada" }))
            .await
            .assert_component("Contacts/Create")
            .assert_error("name", "The name is required.")
            .assert_error("email", "The email must be an address like ada@example.com.");
        client
            .post("/contacts", json!({ "name": "Grace Hopper", "email": "grace@example.com" }))
            .await
            .assert_component("Contacts/Index")
            .assert_flash("success", "Grace Hopper was added.");
    }

    #[tokio::test]
    async fn a_contact_is_deleted_once() {
        let mut client = client().await;
        client.get("/contacts").await.assert_prop("contacts.data.0.name", "Ada Lovelace");
        client
            .submit(Method::DELETE, "/contacts/1", json!({}))
            .await
            .assert_component("Contacts/Index")
            .assert_flash("success", "Ada Lovelace was deleted.")
            .assert_prop("contacts.data.0.name", "Alan Turing");
        client
            .submit(Method::DELETE, "/contacts/1", json!({}))
            .await
            .assert_flash("error", "That contact was already deleted.");
    }

    #[tokio::test]
    async fn a_contact_is_changed_through_its_form() {
        let mut client = client().await;
        client
            .get("/contacts/2/edit")
            .await
            .assert_component("Contacts/Edit")
            .assert_prop("contact.name", "Alan Turing");
        client
            .submit(Method::PUT, "/contacts/2", json!({ "name": "", "email": "alan@example.com" }))
            .await
            .assert_component("Contacts/Edit")
            .assert_error("name", "The name is required.");
        client
            .submit(
                Method::PUT,
                "/contacts/2",
                json!({ "name": "Alan M. Turing", "email": "alan@example.com" }),
            )
            .await
            .assert_component("Contacts/Index")
            .assert_flash("success", "Alan M. Turing was saved.")
            .assert_prop("contacts.data.1.name", "Alan M. Turing");
        // A contact that is gone: back to the list, saying so.
        client
            .get("/contacts/99/edit")
            .await
            .assert_component("Contacts/Index")
            .assert_flash("error", "That contact was deleted.");
    }

    #[tokio::test]
    async fn the_list_is_searched_and_paged() {
        let mut client = client().await;
        for n in 0..45 {
            client.get("/contacts/new").await;
            client
                .post(
                    "/contacts",
                    json!({ "name": format!("Test {n:02}"), "email": format!("t{n}@test.org") }),
                )
                .await
                .assert_no_errors();
        }
        // By name; 48 contacts in pages of 20.
        client
            .get("/contacts")
            .await
            .assert_count("contacts.data", 20)
            .assert_prop("contacts.total", 48)
            .assert_prop("contacts.data.0.name", "Ada Lovelace");
        client
            .get("/contacts?page=3")
            .await
            .assert_count("contacts.data", 8)
            .assert_prop("contacts.data.7.name", "Test 44");
        // In names and addresses, case-insensitively; `%` and `_` are not wildcards.
        client
            .get("/contacts?search=TURING")
            .await
            .assert_count("contacts.data", 1)
            .assert_prop("filters.search", "TURING");
        client
            .get("/contacts?search=test.org")
            .await
            .assert_prop("contacts.total", 45);
        client
            .get("/contacts?search=%25")
            .await
            .assert_count("contacts.data", 0);
        // A page far past the end is empty, not an error.
        client
            .get("/contacts?page=18446744073709551615")
            .await
            .assert_status(200)
            .assert_count("contacts.data", 0);
    }

    #[tokio::test]
    async fn contacts_outlive_the_server() {
        let dir = std::env::temp_dir().join(format!("@@name@@-test-{}", std::process::id()));
        let url = format!("sqlite:{}/app.sqlite", dir.display());
        {
            let db = super::db::connect(&url).await.unwrap();
            let mut client = InertiaTest::new(super::app(db.clone()).unwrap());
            client.get("/contacts/new").await;
            client
                .post("/contacts", json!({ "name": "Grace Hopper", "email": "grace@navy.mil" }))
                .await
                .assert_flash("success", "Grace Hopper was added.");
            db.close().await;
        }
        // Opened again (and migrated again, which changes nothing): still there, once.
        let db = super::db::connect(&url).await.unwrap();
        InertiaTest::new(super::app(db.clone()).unwrap())
            .get("/contacts?search=grace")
            .await
            .assert_count("contacts.data", 1)
            .assert_prop("contacts.total", 1);
        db.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn names_and_addresses_have_a_length_limit() {
        let mut client = client().await;
        client.get("/contacts/new").await;
        let long = "x".repeat(super::contacts::MAX_FIELD + 1);
        client
            .post(
                "/contacts",
                json!({ "name": long, "email": format!("{long}@example.com") }),
            )
            .await
            .assert_component("Contacts/Create")
            .assert_error("name", "The name must not be longer than 255 characters.")
            .assert_error("email", "The email must not be longer than 255 characters.");
    }

    #[tokio::test]
    async fn unknown_addresses_get_the_error_page() {
        client()
            .await
            .get("/nowhere")
            .await
            .assert_status(404)
            .assert_component("ErrorPage")
            .assert_prop("status", 404);
    }
}
