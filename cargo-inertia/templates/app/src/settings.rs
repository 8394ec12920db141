//! The signed-in user's settings: the profile (name, email, deleting the account) at
//! `/settings/profile`, the password at `/settings/password`, as in Laravel's kits, and the
//! appearance at `/settings/appearance` (`PUT /appearance` serves guests too).

use axum::Extension;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{Checked, Rules};
use inertia_runtime::{InertiaRedirect, ValidationErrors, inertia_page};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
@@if ts@@
use ts_rs::TS;
@@end@@

use crate::appearance::{self, Appearance, AppearanceForm};
use crate::auth::{self, CurrentUser, User};
use crate::error::ServerError;
use crate::{AppState, rules};

#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct ProfileProps {
    user: User,
}

/// `/settings/profile`
#[inertia_page("Settings/Profile")]
pub(crate) async fn profile(CurrentUser(user): CurrentUser) -> ProfileProps {
    ProfileProps { user }
}

/// The profile form.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

impl Rules for ProfileForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::name(errors, &self.name);
        rules::email(errors, &self.email);
    }
}

/// `PATCH /settings/profile`
pub(crate) async fn update_profile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Checked(form): Checked<ProfileForm>,
) -> Result<Response, ServerError> {
    let (name, email) = (form.name.trim(), form.email.trim());
    let result = sqlx::query!(
        "UPDATE users SET name = ?1, email = ?2 WHERE id = ?3",
        name,
        email,
        user.id
    )
    .execute(&state.db)
    .await;
    match result {
        Ok(_) => Ok(InertiaRedirect::back()
            .flash("success", "Profile saved.")
            .into_response()),
        // The address is another account's (the unique index says so).
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(InertiaRedirect::back()
            .with_errors([("email", "The email has already been taken.")])
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// Deleting the account: the password again, to be sure.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct DeleteAccountForm {
    #[serde(default)]
    password: String,
}

impl Rules for DeleteAccountForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::required(errors, "password", &self.password, "password");
    }
}

/// The password hash of `user`.
async fn password_hash(state: &AppState, user: &User) -> Result<Option<String>, ServerError> {
    Ok(
        sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = ?1", user.id)
            .fetch_optional(&state.db)
            .await?,
    )
}

/// `DELETE /settings/profile`: with the right password, the account and its contacts go, and
/// the session ends.
pub(crate) async fn destroy(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(user): CurrentUser,
    Checked(form): Checked<DeleteAccountForm>,
) -> Result<Response, ServerError> {
    let hash = password_hash(&state, &user).await?;
    if !auth::verify_password(form.password, hash).await {
        return Ok(InertiaRedirect::back()
            .with_errors([("password", "The password is incorrect.")])
            .into_response());
    }
    sqlx::query!("DELETE FROM users WHERE id = ?1", user.id)
        .execute(&state.db)
        .await?;
    auth::log_out(&session).await?;
    Ok(InertiaRedirect::to("/login")
        .flash("success", "Your account was deleted.")
        .into_response())
}

/// `/settings/password`
#[inertia_page("Settings/Password")]
pub(crate) async fn password() {}

/// The password form.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirmation: String,
}

impl Rules for PasswordForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::required(
            errors,
            "current_password",
            &self.current_password,
            "current password",
        );
        rules::new_password(errors, &self.password, &self.password_confirmation);
    }
}

/// `PUT /settings/password`: with the current password right, the new one.
pub(crate) async fn update_password(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Checked(form): Checked<PasswordForm>,
) -> Result<Response, ServerError> {
    let hash = password_hash(&state, &user).await?;
    if !auth::verify_password(form.current_password, hash).await {
        return Ok(InertiaRedirect::back()
            .with_errors([("current_password", "The password is incorrect.")])
            .into_response());
    }
    let hash = auth::hash_password(form.password).await?;
    sqlx::query!(
        "UPDATE users SET password_hash = ?1 WHERE id = ?2",
        hash,
        user.id
    )
    .execute(&state.db)
    .await?;
    Ok(InertiaRedirect::back()
        .flash("success", "Password saved.")
        .into_response())
}

/// `/settings/appearance`
#[inertia_page("Settings/Appearance")]
pub(crate) async fn appearance() {}

/// `PUT /appearance`, for guests and users: the choice goes in the cookie, and with the user
/// when one is signed in (so it follows them to another browser).
pub(crate) async fn update_appearance(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Checked(form): Checked<AppearanceForm>,
) -> Result<Response, ServerError> {
    let choice = Appearance::parse(&form.appearance).unwrap_or_default();
    if let Some(Extension(CurrentUser(user))) = user {
        sqlx::query!(
            "UPDATE users SET appearance = ?1 WHERE id = ?2",
            choice,
            user.id
        )
        .execute(&state.db)
        .await?;
    }
    let mut response = InertiaRedirect::back().into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, appearance::cookie(choice));
    Ok(response)
}
