//! Accounts: who is signed in (a session, in the database), the guards that send guests to
//! the login page, and passwords (Argon2id).
//!
//! Laravel's starter kits, route for route: `pages.rs` has registration, login, logout and
//! the password reset; `crate::settings` the profile and password settings.

pub(crate) mod mail;
pub(crate) mod pages;
mod throttle;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use inertia_runtime::InertiaRedirect;
use serde::Serialize;
use sqlx::SqlitePool;
use tower_sessions::Session;
use tower_sessions::cookie::time::Duration;
use tower_sessions::session::Expiry;
@@if ts@@
use ts_rs::TS;
@@end@@

pub(crate) use throttle::{ClientIp, Throttle};

use crate::appearance::Appearance;
use crate::error::ServerError;

/// The session key of the signed-in user's id.
const USER_ID: &str = "user_id";
/// The session key of the page a guest asked for before logging in.
const INTENDED: &str = "url.intended";

/// How long "Remember me" keeps a user signed in without a visit.
const REMEMBER_FOR: Duration = Duration::days(30);

/// A user, as pages see it (`auth.user`).
#[derive(Clone, Debug, Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct User {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) email: String,
    /// Their theme (the pages get it as the shared `appearance` prop, not in `auth.user`).
    #[serde(skip)]
    pub(crate) appearance: Appearance,
}

/// The signed-in user, as an extractor. Without one, the visitor is sent to the login page
/// (the routes that take it are behind [`require_user`] too).
#[derive(Clone, Debug)]
pub(crate) struct CurrentUser(pub(crate) User);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| InertiaRedirect::to("/login").into_response())
    }
}

/// Middleware on every request: the session's user, when there is one, as a [`CurrentUser`]
/// for the handlers, the guards and the shared `auth.user` prop.
pub(crate) async fn load_user(
    State(db): State<SqlitePool>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    match session.get::<i64>(USER_ID).await {
        Ok(Some(id)) => {
            let user = sqlx::query_as!(
                User,
                r#"SELECT id AS "id!", name, email, appearance AS "appearance: Appearance" FROM users WHERE id = ?1"#,
                id
            )
            .fetch_optional(&db)
            .await;
            match user {
                Ok(Some(user)) => {
                    // Their theme, for `appearance::apply`.
                    request.extensions_mut().insert(user.appearance);
                    request.extensions_mut().insert(CurrentUser(user));
                }
                // The account was deleted (from another browser): a guest now.
                Ok(None) => {
                    if let Err(e) = session.flush().await {
                        tracing::error!("a session could not be ended: {e}");
                    }
                }
                Err(e) => return ServerError::from(e).into_response(),
            }
        }
        Ok(None) => {}
        // An unreadable session is no session: the visitor logs in again.
        Err(e) => tracing::error!("a session could not be read: {e}"),
    }
    next.run(request).await
}

/// Route layer: guests go to the login page, and come back to the page they asked for after
/// logging in.
pub(crate) async fn require_user(session: Session, request: Request, next: Next) -> Response {
    if request.extensions().get::<CurrentUser>().is_some() {
        return next.run(request).await;
    }
    if request.method() == Method::GET
        && let Some(asked) = request.uri().path_and_query()
        && let Err(e) = session.insert(INTENDED, asked.as_str()).await
    {
        tracing::error!("a session could not be written: {e}");
    }
    InertiaRedirect::to("/login").into_response()
}

/// Route layer: the login, registration and password reset pages are for guests; a
/// signed-in user goes to the dashboard.
pub(crate) async fn guest_only(request: Request, next: Next) -> Response {
    if request.extensions().get::<CurrentUser>().is_some() {
        return InertiaRedirect::to("/").into_response();
    }
    next.run(request).await
}

/// Signs `user_id` in and says where to go: the page a guard sent the visitor away from, or
/// the dashboard. The session gets a new id, so an id an attacker planted before the login
/// (session fixation) is worth nothing after it; without "Remember me" the cookie ends with
/// the browser session.
pub(crate) async fn log_in(
    session: &Session,
    user_id: i64,
    remember: bool,
) -> Result<String, ServerError> {
    let intended = session
        .remove::<String>(INTENDED)
        .await?
        // Only a path of this site: never `//evil.example` (an open redirect).
        .filter(|url| url.starts_with('/') && !url.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    session.set_expiry(Some(if remember {
        Expiry::OnInactivity(REMEMBER_FOR)
    } else {
        Expiry::OnSessionEnd
    }));
    Ok(intended)
}

/// Signs out: the session's data and its record are deleted, and the next visit starts a new
/// one.
pub(crate) async fn log_out(session: &Session) -> Result<(), ServerError> {
    session.flush().await?;
    Ok(())
}

/// The Argon2id hash of `password` (PHC string, random salt), on the blocking pool: a hash
/// takes tens of milliseconds of CPU, which must not stall the server's other requests.
pub(crate) async fn hash_password(password: String) -> Result<String, ServerError> {
    let hash = tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await??;
    Ok(hash)
}

/// Whether `password` matches `hash`. Without a hash (no such user) a made-up one is checked,
/// so the answer takes as long and does not tell which addresses have accounts.
pub(crate) async fn verify_password(password: String, hash: Option<String>) -> bool {
    let checked = tokio::task::spawn_blocking(move || {
        let hash = hash.as_deref().unwrap_or(UNKNOWN_USER_HASH);
        let matched = Argon2::default()
            .verify_password(password.as_bytes(), hash)
            .is_ok();
        matched && hash != UNKNOWN_USER_HASH
    })
    .await;
    checked.unwrap_or(false)
}

/// An Argon2id hash (default parameters) of a password nobody has, for [`verify_password`].
const UNKNOWN_USER_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5K7y9m0oLhNvpnmFqGk0+5uU1b4Qd3cGWrLbNpfhLrw";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_are_hashed_with_a_salt_and_verified() {
        let one = hash_password("correct horse".into()).await.unwrap();
        let two = hash_password("correct horse".into()).await.unwrap();
        assert!(one.starts_with("$argon2id$"), "{one}");
        assert_ne!(one, two, "each hash has its own salt");
        assert!(verify_password("correct horse".into(), Some(one.clone())).await);
        assert!(!verify_password("correct horsf".into(), Some(one)).await);
        assert!(!verify_password("anything".into(), None).await);
        assert!(!verify_password("x".into(), Some("not a hash".into())).await);
    }

    #[tokio::test]
    async fn the_stand_in_hash_is_a_valid_hash() {
        // Checked as a real hash (so it costs what a real check costs), not rejected at parse.
        let parsed = argon2::password_hash::phc::PasswordHash::new(UNKNOWN_USER_HASH);
        assert!(parsed.is_ok(), "{parsed:?}");
    }
}
