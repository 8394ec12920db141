//! Light, dark or the system's theme: chosen in Settings → Appearance (or on the guests'
//! pages), stored with the user and in a cookie (so the login page of a browser that chose
//! dark is dark too), and in force from the first byte of every page.
//!
//! The server writes the choice as the class of `<html>` (`HtmlClass`); `app.css` keys its
//! colours on it, and without a class follows `prefers-color-scheme`. No script decides the
//! theme, so a server-rendered first load never shows the other one for a moment.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{Checked, Rules};
use inertia_runtime::{HtmlClass, InertiaRedirect, ValidationErrors, inertia_page};
use serde::{Deserialize, Serialize};
@@if ts@@
use ts_rs::TS;
@@end@@

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ServerError;

/// The cookie that keeps a browser's choice (a guest's, and the last user's after logout).
const COOKIE_NAME: &str = "appearance";

/// A theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, sqlx::Type@@if ts@@, TS@@end@@)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub(crate) enum Appearance {
    Light,
    Dark,
    /// The browser's `prefers-color-scheme`.
    #[default]
    System,
}

impl Appearance {
    /// The value of a cookie or a column (`None` for anything else).
    fn parse(value: &str) -> Option<Self> {
        match value {
            "light" => Some(Appearance::Light),
            "dark" => Some(Appearance::Dark),
            "system" => Some(Appearance::System),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Appearance::Light => "light",
            Appearance::Dark => "dark",
            Appearance::System => "system",
        }
    }

    /// The browser's choice, from its `appearance` cookie (without allocating).
    fn from_cookies(headers: &HeaderMap) -> Option<Self> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE_NAME)
            .and_then(|(_, value)| Appearance::parse(value))
    }
}

/// Middleware, after the user is loaded: the signed-in user's choice (or else the cookie's)
/// as the class of `<html>` and as the `appearance` prop every page shares.
pub(crate) async fn apply(mut request: Request, next: Next) -> Response {
    let appearance = match request.extensions().get::<CurrentUser>() {
        Some(CurrentUser(user)) => user.appearance,
        None => Appearance::from_cookies(request.headers()).unwrap_or_default(),
    };
    match appearance {
        Appearance::Light => request.extensions_mut().insert(HtmlClass::from("light")),
        Appearance::Dark => request.extensions_mut().insert(HtmlClass::from("dark")),
        Appearance::System => None,
    };
    request.extensions_mut().insert(appearance);
    next.run(request).await
}

/// `/settings/appearance`
#[inertia_page("Settings/Appearance")]
pub(crate) async fn edit() {}

/// The appearance form (the settings page's, and the switch on the guests' pages).
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct AppearanceForm {
    #[serde(default)]
    appearance: String,
}

impl Rules for AppearanceForm {
    fn check(&self, errors: &mut ValidationErrors) {
        if Appearance::parse(&self.appearance).is_none() {
            errors.push("appearance", "Choose light, dark or system.");
        }
    }
}

/// `PUT /appearance`, for guests and users: the choice goes in the cookie, and with the user
/// when one is signed in (so it follows them to a new browser).
pub(crate) async fn update(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Checked(form): Checked<AppearanceForm>,
) -> Result<Response, ServerError> {
    let appearance = Appearance::parse(&form.appearance).unwrap_or_default();
    if let Some(Extension(CurrentUser(user))) = user {
        sqlx::query!(
            "UPDATE users SET appearance = ?1 WHERE id = ?2",
            appearance,
            user.id
        )
        .execute(&state.db)
        .await?;
    }
    let mut response = InertiaRedirect::back().into_response();
    // A year; not secret, so readable by scripts too, and sent on top-level navigations.
    let cookie = format!(
        "{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        appearance.as_str()
    );
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookies(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_cookie_is_read_among_others_and_nonsense_is_ignored() {
        assert_eq!(
            Appearance::from_cookies(&cookies("session=abc; appearance=dark; XSRF-TOKEN=x")),
            Some(Appearance::Dark)
        );
        assert_eq!(Appearance::from_cookies(&cookies("appearance=light")), Some(Appearance::Light));
        assert_eq!(Appearance::from_cookies(&cookies("appearance=DARK")), None);
        assert_eq!(Appearance::from_cookies(&cookies("xappearance=dark")), None);
        assert_eq!(Appearance::from_cookies(&HeaderMap::new()), None);
    }
}
