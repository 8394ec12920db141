//! @@title@@: an axum server whose pages are @@framework_name@@ components (Inertia.js), built
//! by Vite in `frontend/`.
//!
//! - `cargo inertia dev`: the server and the Vite dev server together, with hot module
//!   replacement; the server restarts when a Rust file changes.
//! - `cargo inertia build`: the frontend, then one release binary with everything inside
//!   (`target/release/@@name@@`).
//!
//! Settings from the environment: `HOST` (127.0.0.1; `0.0.0.0` in a container) and `PORT`
//! (3000), `DATABASE_URL` (`sqlite:data/@@name@@.sqlite`, created on the first start),
//! `APP_URL` (the address in password reset links), `APP_KEY` (the secret that signs
//! cookies; set it, the same on every server, in production), `RUST_LOG`, and the server's
//! limits (`INERTIA_HEADER_READ_TIMEOUT=10s` and the others of
//! `inertia_runtime::server::Server::from_env`).

mod appearance;
mod auth;
mod clock;
mod contacts;
mod db;
mod error;
mod pages;
mod routes;
mod rules;
mod settings;

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::FromRef;
use inertia_runtime::csrf::Csrf;
use inertia_runtime::server::Server;
@@if ssr@@
use inertia_runtime::ssr::Ssr;
@@end@@
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, HtmlShell, InertiaConfig, embed_assets};
use sqlx::SqlitePool;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::appearance::Appearance;
use crate::auth::mail::{LogMailer, Mailer};
use crate::auth::{CurrentUser, Throttle};

/// The frontend build (`frontend/dist`), inside the binary, with its asset version: computed
/// at compile time from the Vite manifest, so every server built from one commit agrees.
static ASSETS: EmbeddedAssets = embed_assets!("frontend/dist");

@@if ssr@@
/// The server-side rendering bundle (`frontend/ssr/ssr.js`, from `npm run build`): the
/// binary renders first visits itself, no Node process needed.
const SSR_BUNDLE: &str = include_str!("../frontend/ssr/ssr.js");

@@end@@
/// What the handlers share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) db: SqlitePool,
    /// Sends the password reset links ([`LogMailer`] writes them to the log).
    pub(crate) mailer: Arc<dyn Mailer>,
    /// Failed logins per address and client.
    pub(crate) login_throttle: Arc<Throttle>,
    /// This app's address, for links in mail (`APP_URL`; never the request's `Host`, which
    /// a client chooses).
    pub(crate) app_url: Arc<str>,
}

impl AppState {
    /// The state of an app on `db`, with the settings of the environment.
    pub(crate) fn new(db: SqlitePool, mailer: Arc<dyn Mailer>) -> Self {
        let app_url = std::env::var("APP_URL")
            .ok()
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| "http://localhost:3000".to_owned());
        AppState {
            db,
            mailer,
            // Laravel's kits: five failures per address and client, then a minute's wait.
            login_throttle: Arc::new(Throttle::new(5, Duration::from_secs(60))),
            app_url: app_url.trim_end_matches('/').into(),
        }
    }
}

impl FromRef<AppState> for SqlitePool {
    fn from_ref(state: &AppState) -> SqlitePool {
        state.db.clone()
    }
}

/// The app on `state`: its routes, with the session, Inertia and CSRF layers.
async fn app(state: AppState) -> Result<Router, Box<dyn std::error::Error>> {
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
            let user = parts.extensions.get::<CurrentUser>().map(|u| u.0.clone());
            async move { serde_json::json!({ "user": user }) }
        })
        // Light, dark or system (`appearance::apply` put it there).
        .share_with("appearance", |parts| {
            let appearance = parts.extensions.get::<Appearance>().copied().unwrap_or_default();
            async move { appearance }
        });
    if let Some(key) = &key {
        csrf = csrf.signing_key(key);
        inertia = inertia.signing_key(key);
    }
    @@if ssr@@
    // Pages arrive rendered (the client hydrates them). In development the Vite dev server
    // renders instead, from the current sources, so debug builds load the bundle only if a
    // page needs it (`lazy`); release builds load it at startup and refuse a broken one. A
    // page that fails to render on the server is rendered in the browser.
    inertia = inertia.ssr(Ssr::embedded(SSR_BUNDLE).lazy(cfg!(debug_assertions)));
    @@end@@
    // Sessions live in the database (table `tower_sessions`): a restart or a deploy keeps
    // everyone signed in. The cookie holds the session id only.
    let sessions = SqliteStore::new(state.db.clone());
    sessions.migrate().await?;
    let sessions = SessionManagerLayer::new(sessions)
        .with_name("session")
        .with_secure(!cfg!(debug_assertions))
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnSessionEnd);
    // From the outside in: the session, the signed-in user, their theme, Inertia, CSRF, the
    // routes.
    Ok(Router::from(routes::routes())
        .fallback(pages::not_found)
        .layer(csrf.into_layer()?)
        .layer(inertia.into_layer()?)
        .layer(axum::middleware::from_fn(appearance::apply))
        .layer(axum::middleware::from_fn_with_state(
            state.db.clone(),
            auth::load_user,
        ))
        .layer(sessions)
        .with_state(state)
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
    let db = db::connect(&database_url).await?;
    // Expired sessions are deleted every hour.
    tokio::spawn(
        SqliteStore::new(db.clone()).continuously_delete_expired(Duration::from_secs(3600)),
    );
    let app = app(AppState::new(db, Arc::new(LogMailer))).await?;
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
    //! The app through its real router, in process (no browser, no port), each test on a
    //! database of its own, in memory.

    use std::sync::Arc;

    use axum::http::Method;
    use inertia_runtime::testing::InertiaTest;
    use serde_json::json;

    use super::auth::mail::MemoryMailer;

    const PASSWORD: &str = "correct horse battery";

    /// A guest's browser on a new app (migrated, no users), and the mail the app sends.
    async fn guest() -> (InertiaTest, Arc<MemoryMailer>) {
        let (client, mailer, _) = guest_and_database().await;
        (client, mailer)
    }

    /// [`guest`], and the app's database, for a test to change behind the app's back.
    async fn guest_and_database() -> (InertiaTest, Arc<MemoryMailer>, sqlx::SqlitePool) {
        let db = super::db::connect("sqlite::memory:").await.unwrap();
        let mailer = Arc::new(MemoryMailer::default());
        let state = super::AppState::new(db.clone(), mailer.clone());
        (InertiaTest::new(super::app(state).await.unwrap()), mailer, db)
    }

    /// Registers `name` <`email`> with [`PASSWORD`] (the client is then signed in).
    async fn register(client: &mut InertiaTest, name: &str, email: &str) {
        client.get("/register").await.assert_component("Auth/Register");
        client
            .post(
                "/register",
                json!({ "name": name, "email": email, "password": PASSWORD, "password_confirmation": PASSWORD }),
            )
            .await
            .assert_component("Dashboard")
            .assert_prop("auth.user.email", email);
    }

    /// A signed-in user's browser: Ada, with the three sample contacts.
    async fn client() -> InertiaTest {
        let (mut client, _) = guest().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client
    }

    async fn log_in(client: &mut InertiaTest, email: &str, password: &str) -> inertia_runtime::testing::TestPage {
        client.get("/login").await;
        client
            .post("/login", json!({ "email": email, "password": password }))
            .await
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
    async fn guests_log_in_first_and_then_see_the_page_they_asked_for() {
        let (mut client, _) = guest().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.post("/logout", json!({})).await.assert_component("Auth/Login");
        client
            .get("/contacts?search=ada")
            .await
            .assert_component("Auth/Login")
            .assert_url("/login")
            .assert_prop("auth.user", serde_json::Value::Null);
        let guest_session = client.cookie("session").map(str::to_owned);
        assert!(guest_session.is_some(), "the page asked for is kept in a session");
        client
            .post("/login", json!({ "email": "ADA@lovelace.test", "password": PASSWORD }))
            .await
            .assert_component("Contacts/Index")
            .assert_url("/contacts?search=ada");
        // A new session id at login: one planted before it is worth nothing.
        assert_ne!(client.cookie("session").map(str::to_owned), guest_session);
        // Signed in, the guests' pages send to the dashboard.
        client.get("/login").await.assert_component("Dashboard");
        client.get("/register").await.assert_component("Dashboard");
    }

    #[tokio::test]
    async fn registration_checks_its_fields_and_takes_an_address_once() {
        let (mut client, _) = guest().await;
        // A guest sent to the login page who registers instead starts on the dashboard.
        client.get("/contacts").await.assert_component("Auth/Login");
        client.get("/register").await;
        client
            .post("/register", json!({ "name": "", "email": "ada", "password": "short", "password_confirmation": "short" }))
            .await
            .assert_component("Auth/Register")
            .assert_error("name", "The name is required.")
            .assert_error("email", "The email must be an address like ada@example.com.")
            .assert_error("password", "The password must be at least 8 characters.");
        client
            .post("/register", json!({ "name": "Ada", "email": "ada@lovelace.test", "password": PASSWORD, "password_confirmation": "something else" }))
            .await
            .assert_error("password", "The password confirmation does not match.");
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.post("/logout", json!({})).await;
        client.get("/register").await;
        client
            .post("/register", json!({ "name": "Ada Again", "email": "Ada@Lovelace.test", "password": PASSWORD, "password_confirmation": PASSWORD }))
            .await
            .assert_component("Auth/Register")
            .assert_error("email", "The email has already been taken.");
    }

    #[tokio::test]
    async fn wrong_passwords_are_refused_then_throttled() {
        let (mut client, _) = guest().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.post("/logout", json!({})).await;
        for _ in 0..5 {
            log_in(&mut client, "ada@lovelace.test", "wrong password")
                .await
                .assert_component("Auth/Login")
                .assert_error("email", "These credentials do not match our records.");
        }
        // Locked for this address (even with the right password), with the wait in the error.
        let page = log_in(&mut client, "ada@lovelace.test", PASSWORD).await;
        page.assert_component("Auth/Login");
        let message = page.prop("errors.email").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        assert!(
            message.starts_with("Too many login attempts. Please try again in ") && message.ends_with(" seconds."),
            "{message}"
        );
        // An address without an account gets the same answer as a wrong password.
        log_in(&mut client, "nobody@lovelace.test", PASSWORD)
            .await
            .assert_error("email", "These credentials do not match our records.");
    }

    #[tokio::test]
    async fn a_password_is_reset_through_the_mailed_link_once() {
        let (mut client, mailer) = guest().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.post("/logout", json!({})).await;
        client.get("/forgot-password").await.assert_component("Auth/ForgotPassword");
        let said = "If an account uses that address, a link to reset its password is on its way.";
        client
            .post("/forgot-password", json!({ "email": "nobody@lovelace.test" }))
            .await
            .assert_flash("success", said);
        assert!(mailer.0.lock().unwrap().is_empty(), "no mail for an address without an account");
        client
            .post("/forgot-password", json!({ "email": "ada@lovelace.test" }))
            .await
            .assert_component("Auth/ForgotPassword")
            .assert_flash("success", said);
        let mail = mailer.0.lock().unwrap().pop().expect("the link was mailed");
        assert_eq!(mail.to, "ada@lovelace.test");
        let link = mail.body.split_whitespace().find(|w| w.contains("/reset-password/")).unwrap().to_owned();
        let path = link.strip_prefix("http://localhost:3000").expect("the link starts with APP_URL");
        let token = path.trim_start_matches("/reset-password/").split('?').next().unwrap().to_owned();
        client
            .get(path)
            .await
            .assert_component("Auth/ResetPassword")
            .assert_prop("token", &token)
            .assert_prop("email", "ada@lovelace.test");
        let new_password = "a brand new password";
        let reset = json!({ "token": token, "email": "ada@lovelace.test", "password": new_password, "password_confirmation": new_password });
        client
            .post("/reset-password", reset.clone())
            .await
            .assert_component("Auth/Login")
            .assert_flash("success", "Your password has been reset. Log in with the new one.");
        client.get(path).await;
        client
            .post("/reset-password", reset)
            .await
            .assert_error("email", "This password reset link is invalid or has expired.");
        log_in(&mut client, "ada@lovelace.test", PASSWORD)
            .await
            .assert_error("email", "These credentials do not match our records.");
        log_in(&mut client, "ada@lovelace.test", new_password).await.assert_component("Dashboard");
    }

    #[tokio::test]
    async fn reset_links_are_mailed_once_a_minute_and_expire_after_an_hour() {
        let (mut client, mailer, db) = guest_and_database().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.post("/logout", json!({})).await;
        client.get("/forgot-password").await;
        for _ in 0..3 {
            client
                .post("/forgot-password", json!({ "email": "ada@lovelace.test" }))
                .await
                .assert_component("Auth/ForgotPassword");
        }
        assert_eq!(mailer.0.lock().unwrap().len(), 1, "one link a minute");
        let mail = mailer.0.lock().unwrap().pop().unwrap();
        let link = mail.body.split_whitespace().find(|w| w.contains("/reset-password/")).unwrap().to_owned();
        let token = link.split("/reset-password/").nth(1).unwrap().split('?').next().unwrap().to_owned();
        // An hour and a second later.
        sqlx::query("UPDATE password_reset_tokens SET created_at = created_at - 3601")
            .execute(&db)
            .await
            .unwrap();
        client.get("/forgot-password").await;
        let password = "a brand new password";
        client
            .post(
                "/reset-password",
                json!({ "token": token, "email": "ada@lovelace.test", "password": password, "password_confirmation": password }),
            )
            .await
            .assert_error("email", "This password reset link is invalid or has expired.");
        // A minute after the first link, another one can be asked for.
        client
            .post("/forgot-password", json!({ "email": "ada@lovelace.test" }))
            .await;
        assert_eq!(mailer.0.lock().unwrap().len(), 1, "a new link once the old one is over a minute old");
    }

    #[tokio::test]
    async fn the_profile_and_the_password_are_changed_in_the_settings() {
        let (mut client, _) = guest().await;
        register(&mut client, "Grace Hopper", "grace@navy.test").await;
        client.post("/logout", json!({})).await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client
            .get("/settings/profile")
            .await
            .assert_component("Settings/Profile")
            .assert_prop("user.name", "Ada Lovelace");
        client
            .submit(Method::PATCH, "/settings/profile", json!({ "name": "Ada King", "email": "grace@navy.test" }))
            .await
            .assert_error("email", "The email has already been taken.");
        client
            .submit(Method::PATCH, "/settings/profile", json!({ "name": "Ada King", "email": "ada@king.test" }))
            .await
            .assert_component("Settings/Profile")
            .assert_flash("success", "Profile saved.")
            .assert_prop("auth.user.name", "Ada King")
            .assert_prop("user.email", "ada@king.test");

        client.get("/settings/password").await.assert_component("Settings/Password");
        let new_password = "another long password";
        client
            .submit(Method::PUT, "/settings/password", json!({ "current_password": "wrong", "password": new_password, "password_confirmation": new_password }))
            .await
            .assert_error("current_password", "The password is incorrect.");
        client
            .submit(Method::PUT, "/settings/password", json!({ "current_password": PASSWORD, "password": new_password, "password_confirmation": new_password }))
            .await
            .assert_component("Settings/Password")
            .assert_flash("success", "Password saved.");
        client.post("/logout", json!({})).await;
        log_in(&mut client, "ada@king.test", new_password).await.assert_component("Dashboard");
    }

    #[tokio::test]
    async fn an_account_is_deleted_with_its_password_and_its_contacts_go_with_it() {
        let mut client = client().await;
        client.get("/settings/profile").await;
        client
            .submit(Method::DELETE, "/settings/profile", json!({ "password": "wrong" }))
            .await
            .assert_component("Settings/Profile")
            .assert_error("password", "The password is incorrect.");
        client
            .submit(Method::DELETE, "/settings/profile", json!({ "password": PASSWORD }))
            .await
            .assert_component("Auth/Login")
            .assert_flash("success", "Your account was deleted.")
            .assert_prop("auth.user", serde_json::Value::Null);
        log_in(&mut client, "ada@lovelace.test", PASSWORD)
            .await
            .assert_error("email", "These credentials do not match our records.");
        // The address is free again, and a new account starts with the samples only.
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.get("/contacts").await.assert_prop("contacts.total", 3);
    }

    #[tokio::test]
    async fn a_users_contacts_are_out_of_reach_of_other_users() {
        let (mut client, _) = guest().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.get("/contacts/new").await;
        client
            .post("/contacts", json!({ "name": "Ada's friend", "email": "friend@ada.test" }))
            .await
            .assert_prop("contacts.total", 4);
        client.post("/logout", json!({})).await;
        register(&mut client, "Grace Hopper", "grace@navy.test").await;
        client
            .get("/contacts?search=friend")
            .await
            .assert_prop("contacts.total", 0);
        // Ada's contacts have ids 1 to 4.
        client.get("/contacts/4/edit").await.assert_flash("error", "That contact was deleted.");
        client
            .submit(Method::PUT, "/contacts/4", json!({ "name": "Taken", "email": "taken@navy.test" }))
            .await
            .assert_flash("error", "That contact was deleted.");
        client
            .submit(Method::DELETE, "/contacts/4", json!({}))
            .await
            .assert_flash("error", "That contact was already deleted.");
        client.post("/logout", json!({})).await;
        log_in(&mut client, "ada@lovelace.test", PASSWORD).await;
        client
            .get("/contacts?search=friend")
            .await
            .assert_prop("contacts.data.0.name", "Ada's friend");
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
        let app = |db| super::app(super::AppState::new(db, Arc::new(MemoryMailer::default())));
        {
            let db = super::db::connect(&url).await.unwrap();
            let mut client = InertiaTest::new(app(db.clone()).await.unwrap());
            register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
            client.get("/contacts/new").await;
            client
                .post("/contacts", json!({ "name": "Grace Hopper", "email": "grace@navy.mil" }))
                .await
                .assert_flash("success", "Grace Hopper was added.");
            db.close().await;
        }
        // Opened again (and migrated again, which changes nothing): the account, its contact
        // once, and the session, still there.
        let db = super::db::connect(&url).await.unwrap();
        let mut client = InertiaTest::new(app(db.clone()).await.unwrap());
        log_in(&mut client, "ada@lovelace.test", PASSWORD).await.assert_component("Dashboard");
        client
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
        let long = "x".repeat(super::rules::MAX_FIELD + 1);
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

    /// The `<html>` start tag of a first visit to `uri`.
    async fn html_tag(client: &mut InertiaTest, uri: &str) -> String {
        let page = client.visit(uri).await;
        let start = page.body.find("<html").expect("an HTML document");
        let end = page.body[start..].find('>').unwrap();
        page.body[start..=start + end].to_owned()
    }

    #[tokio::test]
    async fn the_appearance_is_kept_in_a_cookie_for_guests_and_with_the_user() {
        let (mut client, _) = guest().await;
        // Nothing chosen: the system's theme (no class; the CSS follows the browser).
        assert_eq!(html_tag(&mut client, "/login").await, r#"<html lang="en">"#);
        client.get("/login").await.assert_prop("appearance", "system");
        // A guest's choice lives in a cookie.
        client
            .submit(Method::PUT, "/appearance", json!({ "appearance": "dark" }))
            .await
            .assert_component("Auth/Login")
            .assert_prop("appearance", "dark");
        assert_eq!(client.cookie("appearance"), Some("dark"));
        assert_eq!(html_tag(&mut client, "/login").await, r#"<html lang="en" class="dark">"#);
        client
            .submit(Method::PUT, "/appearance", json!({ "appearance": "purple" }))
            .await
            .assert_error("appearance", "Choose light, dark or system.");
        assert_eq!(client.cookie("appearance"), Some("dark"));

        // A user's choice is theirs, whatever the browser's cookie says.
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        client.get("/settings/appearance").await.assert_component("Settings/Appearance");
        client
            .submit(Method::PUT, "/appearance", json!({ "appearance": "light" }))
            .await
            .assert_component("Settings/Appearance")
            .assert_prop("appearance", "light");
        client.post("/logout", json!({})).await;
        client.forget_cookie("appearance");
        assert_eq!(html_tag(&mut client, "/login").await, r#"<html lang="en">"#);
        // A new browser, dark: after login, the user's own.
        client
            .submit(Method::PUT, "/appearance", json!({ "appearance": "dark" }))
            .await;
        log_in(&mut client, "ada@lovelace.test", PASSWORD)
            .await
            .assert_component("Dashboard")
            .assert_prop("appearance", "light");
        assert_eq!(html_tag(&mut client, "/").await, r#"<html lang="en" class="light">"#);
    }

    #[tokio::test]
    async fn the_dashboard_counts_the_contacts_and_defers_the_latest() {
        let mut client = client().await;
        let page = client.get("/").await;
        page.assert_prop("counts.contacts", 3)
            .assert_prop("counts.domains", 1)
            .assert_prop("counts.thisWeek", 3)
            .assert_missing("latest")
            .assert_deferred("default", &["latest"]);
        client.get("/contacts/new").await;
        client
            .post("/contacts", json!({ "name": "Grace Hopper", "email": "grace@navy.mil" }))
            .await
            .assert_no_errors();
        let page = client.get("/").await;
        page.assert_prop("counts.contacts", 4).assert_prop("counts.domains", 2);
        client
            .reload(&page)
            .only(&["latest"])
            .send()
            .await
            .assert_count("latest", 4)
            .assert_prop("latest.0.name", "Grace Hopper");
        // A new account without contacts: zeros, and an empty list (the page says so).
        for id in 1..=4 {
            client.submit(Method::DELETE, &format!("/contacts/{id}"), json!({})).await;
        }
        let page = client.get("/").await;
        page.assert_prop("counts.contacts", 0);
        client.reload(&page).only(&["latest"]).send().await.assert_count("latest", 0);
    }

    #[tokio::test]
    async fn a_page_that_fails_on_the_server_is_the_error_page_with_a_500() {
        let (mut client, _, db) = guest_and_database().await;
        register(&mut client, "Ada Lovelace", "ada@lovelace.test").await;
        // The database loses a table behind the app's back.
        sqlx::query("DROP TABLE contacts").execute(&db).await.unwrap();
        client
            .get("/contacts")
            .await
            .assert_status(500)
            .assert_component("ErrorPage")
            .assert_prop("status", 500)
            .assert_prop("message", "Something went wrong on our side. Please try again in a moment.")
            // In the layout: the shared props are there.
            .assert_prop("auth.user.name", "Ada Lovelace");
        let first_visit = client.visit("/contacts").await;
        first_visit.assert_status(500).assert_component("ErrorPage");
        // A form post that fails answers with the plain 500.
        client.get("/contacts/new").await;
        let post = client
            .post("/contacts", json!({ "name": "Grace Hopper", "email": "grace@navy.mil" }))
            .await;
        assert_eq!(post.status, 500);
        assert!(post.page.is_none(), "{}", post.body);
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
