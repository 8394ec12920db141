//! Registration, login, logout and the password reset, at Laravel's addresses and with its
//! field names (`/register`, `/login`, `POST /logout`, `/forgot-password`,
//! `/reset-password/{token}`).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{Checked, Rules};
use inertia_runtime::{InertiaRedirect, Page, ValidationErrors, inertia_page};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tower_sessions::Session;
@@if ts@@
use ts_rs::TS;
@@end@@

use super::mail::Mail;
use super::{ClientIp, Throttle};
use crate::error::ServerError;
use crate::{AppState, contacts, rules};

/// `/login`
#[inertia_page("Auth/Login")]
pub(crate) async fn login_page() {}

/// The login form.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// "Remember me": a session that outlives the browser's (30 days without a visit).
    #[serde(default)]
    remember: bool,
}

impl Rules for LoginForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::required(errors, "email", self.email.trim(), "email");
        rules::required(errors, "password", &self.password, "password");
    }
}

/// `POST /login`: in, or back with "These credentials do not match our records." After five
/// failures for one address from one client, that pair waits a minute, and the error says
/// how long is left.
pub(crate) async fn login(
    State(state): State<AppState>,
    session: Session,
    client: ClientIp,
    Checked(form): Checked<LoginForm>,
) -> Result<Response, ServerError> {
    let key = Throttle::key(&form.email, &client);
    if let Some(wait) = state.login_throttle.wait(&key) {
        let seconds = wait.as_secs() + 1;
        return Ok(InertiaRedirect::back()
            .with_errors([(
                "email",
                format!("Too many login attempts. Please try again in {seconds} seconds."),
            )])
            .into_response());
    }
    let email = form.email.trim();
    let account = sqlx::query!(
        r#"SELECT id AS "id!", password_hash FROM users WHERE email = ?1"#,
        email
    )
    .fetch_optional(&state.db)
    .await?;
    // Checked even without an account (against a made-up hash), so both take as long.
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let matched = super::verify_password(form.password, hash).await;
    let Some(account) = account.filter(|_| matched) else {
        state.login_throttle.hit(&key);
        return Ok(no_match());
    };
    state.login_throttle.clear(&key);
    let to = super::log_in(&session, account.id, form.remember).await?;
    Ok(InertiaRedirect::to(to).into_response())
}

/// Back to the login form: one message for a wrong password and for an unknown address, so
/// the form does not tell which addresses have accounts.
fn no_match() -> Response {
    InertiaRedirect::back()
        .with_errors([("email", "These credentials do not match our records.")])
        .into_response()
}

/// `POST /logout`
pub(crate) async fn logout(session: Session) -> Result<Response, ServerError> {
    super::log_out(&session).await?;
    Ok(InertiaRedirect::to("/login").into_response())
}

/// `/register`
#[inertia_page("Auth/Register")]
pub(crate) async fn register_page() {}

/// The registration form.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

impl Rules for RegisterForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::name(errors, &self.name);
        rules::email(errors, &self.email);
        rules::new_password(errors, &self.password, &self.password_confirmation);
    }
}

/// `POST /register`: the account, signed in, on to the dashboard.
pub(crate) async fn register(
    State(state): State<AppState>,
    session: Session,
    Checked(form): Checked<RegisterForm>,
) -> Result<Response, ServerError> {
    let (name, email) = (form.name.trim(), form.email.trim());
    let hash = super::hash_password(form.password).await?;
    // The unique index decides (two registrations at once cannot both take an address).
    let created = sqlx::query_scalar!(
        r#"INSERT INTO users (name, email, password_hash) VALUES (?1, ?2, ?3)
           ON CONFLICT (email) DO NOTHING RETURNING id AS "id!""#,
        name,
        email,
        hash
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(id) = created else {
        return Ok(InertiaRedirect::back()
            .with_errors([("email", "The email has already been taken.")])
            .into_response());
    };
    contacts::add_samples(&state.db, id).await?;
    // A new account starts on the dashboard (as in Laravel's kits), whatever page a guest
    // asked for before.
    super::log_in(&session, id, false).await?;
    Ok(InertiaRedirect::to("/")
        .flash("success", format!("Welcome, {name}!"))
        .into_response())
}

/// `/forgot-password`
#[inertia_page("Auth/ForgotPassword")]
pub(crate) async fn forgot_page() {}

/// The form that asks for a reset link.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ForgotForm {
    #[serde(default)]
    email: String,
}

impl Rules for ForgotForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::email(errors, &self.email);
    }
}

/// How long a reset link works.
const RESET_EXPIRES_SECS: i64 = 60 * 60;
/// One link per address per minute at most (a form cannot be used to flood a mailbox).
const RESET_RESEND_SECS: i64 = 60;

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The SHA-256 of a token, in hex: what the database keeps.
fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 32 random bytes, in hex.
fn new_token() -> Result<String, ServerError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `POST /forgot-password`: mails a reset link when the address has an account, and says the
/// same either way (the form does not tell which addresses have accounts).
pub(crate) async fn forgot(
    State(state): State<AppState>,
    Checked(form): Checked<ForgotForm>,
) -> Result<Response, ServerError> {
    let email = form.email.trim();
    let user = sqlx::query!(r#"SELECT email AS "email!" FROM users WHERE email = ?1"#, email)
        .fetch_optional(&state.db)
        .await?;
    if let Some(user) = user {
        let token = new_token()?;
        let hash = token_hash(&token);
        let (now, recent) = (unix_now(), unix_now() - RESET_RESEND_SECS);
        // A new token replaces the address's earlier one, unless that one is under a minute old.
        let stored = sqlx::query!(
            r#"INSERT INTO password_reset_tokens (email, token_hash, created_at) VALUES (?1, ?2, ?3)
               ON CONFLICT (email) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
               WHERE password_reset_tokens.created_at < ?4"#,
            user.email,
            hash,
            now,
            recent
        )
        .execute(&state.db)
        .await?
        .rows_affected();
        if stored == 1 {
            let link = format!(
                "{}/reset-password/{token}?email={}",
                state.app_url,
                encode_query(&user.email)
            );
            let mail = Mail {
                to: user.email.clone(),
                subject: "Reset your password".into(),
                body: format!(
                    "Someone asked to reset the password of your account. If it was you, open this link within an hour:\n\n{link}\n\nIf it was not, ignore this message."
                ),
            };
            if let Err(e) = state.mailer.send(mail).await {
                tracing::error!("the password reset mail could not be sent: {e}");
            }
        }
    }
    Ok(InertiaRedirect::back()
        .flash(
            "success",
            "If an account uses that address, a link to reset its password is on its way.",
        )
        .into_response())
}

/// An email address as a query value.
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The token of a reset link (`/reset-password/{token}`).
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ResetPath {
    token: String,
}

/// `?email=` of a reset link.
#[derive(Deserialize, Default)]
pub(crate) struct ResetQuery {
    #[serde(default)]
    email: String,
}

#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct ResetProps {
    token: String,
    email: String,
}

/// `/reset-password/{token}`: the form for the new password.
#[inertia_page("Auth/ResetPassword")]
pub(crate) async fn reset_page(
    Path(ResetPath { token }): Path<ResetPath>,
    Query(query): Query<ResetQuery>,
) -> Page<ResetProps> {
    Page::new(ResetProps {
        token,
        email: query.email,
    })
}

/// The new password, with the link's token.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

impl Rules for ResetForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::email(errors, &self.email);
        rules::new_password(errors, &self.password, &self.password_confirmation);
    }
}

/// `POST /reset-password`: with a token that matches the address and is under an hour old,
/// the new password; the token is used up. Then on to the login page.
pub(crate) async fn reset(
    State(state): State<AppState>,
    Checked(form): Checked<ResetForm>,
) -> Result<Response, ServerError> {
    let email = form.email.trim();
    let hash = token_hash(&form.token);
    let oldest = unix_now() - RESET_EXPIRES_SECS;
    // The token is deleted as it is checked: a link works once.
    let used = sqlx::query_scalar!(
        r#"DELETE FROM password_reset_tokens
           WHERE email = ?1 AND token_hash = ?2 AND created_at >= ?3
           RETURNING email AS "email!""#,
        email,
        hash,
        oldest
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(email) = used else {
        return Ok(InertiaRedirect::back()
            .with_errors([("email", "This password reset link is invalid or has expired.")])
            .into_response());
    };
    let password = super::hash_password(form.password).await?;
    sqlx::query!(
        "UPDATE users SET password_hash = ?1 WHERE email = ?2",
        password,
        email
    )
    .execute(&state.db)
    .await?;
    Ok(InertiaRedirect::to("/login")
        .flash("success", "Your password has been reset. Log in with the new one.")
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn addresses_are_encoded_for_the_link() {
        assert_eq!(encode_query("ada+test@example.com"), "ada%2Btest@example.com");
        assert_eq!(encode_query("a&b=c@x.org"), "a%26b%3Dc@x.org");
    }
}
