//! Light, dark or the system's theme: chosen in Settings → Appearance (or on the guests'
//! pages), stored with the user and in a cookie (so the login page of a browser that chose
//! dark is dark too), and in force from the first byte of every page.
//!
//! The server writes the choice as the class of `<html>` (`HtmlClass`); `app.css` keys its
//! colours on it, and without a class follows `prefers-color-scheme`. No script decides the
//! theme, so a server-rendered first load never shows the other one for a moment.
//!
//! The settings page and `PUT /appearance` are in `crate::settings`; this module is what they
//! and the accounts share (the type, the cookie, the middleware).

use axum::extract::Request;
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use inertia_runtime::form::Rules;
use inertia_runtime::{HtmlClass, ValidationErrors};
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::Cookie;
@@if ts@@
use ts_rs::TS;
@@end@@

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
    /// The value of a cookie or a form (`None` for anything else).
    pub(crate) fn parse(value: &str) -> Option<Self> {
        match value {
            "light" => Some(Appearance::Light),
            "dark" => Some(Appearance::Dark),
            "system" => Some(Appearance::System),
            _ => None,
        }
    }

    /// The browser's choice, from its `appearance` cookie (read with the `cookie` crate's
    /// parser, as the session's is; nothing is allocated).
    fn from_cookies(headers: &HeaderMap) -> Option<Self> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|cookie| cookie.name() == COOKIE_NAME)
            .and_then(|cookie| Appearance::parse(cookie.value()))
    }
}

/// Middleware, after the user is loaded: the signed-in user's choice (which `auth::load_user`
/// put in the extensions) or else the cookie's, as the class of `<html>` and as the
/// `appearance` prop every page shares.
pub(crate) async fn apply(mut request: Request, next: Next) -> Response {
    let appearance = match request.extensions().get::<Appearance>() {
        Some(users) => *users,
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

/// The `Set-Cookie` that keeps `appearance` in this browser: a year; not secret, so readable
/// by scripts too, and sent on top-level navigations.
pub(crate) fn cookie(appearance: Appearance) -> HeaderValue {
    HeaderValue::from_static(match appearance {
        Appearance::Light => "appearance=light; Path=/; Max-Age=31536000; SameSite=Lax",
        Appearance::Dark => "appearance=dark; Path=/; Max-Age=31536000; SameSite=Lax",
        Appearance::System => "appearance=system; Path=/; Max-Age=31536000; SameSite=Lax",
    })
}

/// The appearance form (the settings page's, and the switch on the guests' pages).
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct AppearanceForm {
    #[serde(default)]
    pub(crate) appearance: String,
}

impl Rules for AppearanceForm {
    fn check(&self, errors: &mut ValidationErrors) {
        if Appearance::parse(&self.appearance).is_none() {
            errors.push("appearance", "Choose light, dark or system.");
        }
    }
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

    #[test]
    fn the_cookie_written_is_the_cookie_read() {
        for appearance in [Appearance::Light, Appearance::Dark, Appearance::System] {
            let set = cookie(appearance);
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            assert_eq!(Appearance::from_cookies(&cookies(pair)), Some(appearance));
        }
    }
}
