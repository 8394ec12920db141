//! Redirects the Inertia client cannot follow by itself.

use axum::body::Body;
use axum::response::Response;
use http::header::LOCATION;
use http::{HeaderValue, StatusCode};
use percent_encoding::{AsciiSet, CONTROLS, percent_encode};

use crate::validation::ValidationErrors;
use crate::visit::{DEFAULT_BAG, Outgoing, VisitState};

/// Marks a response made by [`InertiaRedirect::location`], for the layer to turn into a `409` on Inertia visits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ExternalRedirect;

/// A header value for a URL, percent-encoding bytes a header cannot carry verbatim.
pub(crate) fn header_value_for_url(url: &str) -> HeaderValue {
    // Only visible ASCII goes through as it is: a header value may also hold a tab, which
    // browsers strip from a URL before resolving it (`/<TAB>/evil.example` would take them to
    // another host).
    if url.bytes().all(|b| b.is_ascii_graphic())
        && let Ok(value) = HeaderValue::from_str(url)
    {
        return value;
    }
    // Everything but visible ASCII (controls, space, DEL, non-ASCII bytes) is escaped; what
    // remains is always a valid header value.
    const NOT_VISIBLE: &AsciiSet = &CONTROLS.add(b' ').add(0x7f);
    let encoded = percent_encode(url.as_bytes(), NOT_VISIBLE).to_string();
    HeaderValue::from_str(&encoded).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_url_gives_a_valid_header() {
        assert_eq!(
            header_value_for_url("https://a.example/x?y=1"),
            "https://a.example/x?y=1"
        );
        assert_eq!(header_value_for_url("/a b\n"), "/a%20b%0A");
        assert_eq!(header_value_for_url("/café"), "/caf%C3%A9");
        assert_eq!(
            header_value_for_url("/\t/evil.example"),
            "/%09/evil.example"
        );
        assert_eq!(header_value_for_url("/a\tb"), "/a%09b");
    }
}

/// A redirect that carries state to the next page: flash data, validation errors, history
/// flags. `303 See Other`, so the client follows it with a `GET` whatever the method was.
///
/// | constructor | where to | for an Inertia visit |
/// |---|---|---|
/// | [`InertiaRedirect::to`] | a URL of this app | `303`; the client follows it with an XHR |
/// | [`InertiaRedirect::back`], [`InertiaRedirect::back_or`] | the `Referer` (this site only) | as `to` |
/// | [`InertiaRedirect::location`] | any URL: another site, a non-Inertia page, a download | `409` + `X-Inertia-Location`: a full page visit |
///
/// A redirect to a URL with a `#fragment`, from this builder or any other (a plain
/// [`axum::response::Redirect`] too), is answered to an Inertia visit with `409` and
/// `X-Inertia-Redirect`, so the client visits it itself and keeps the fragment (the XHR would
/// drop it); see [`InertiaLayer`](crate::InertiaLayer). Flash data and errors survive every
/// one of them.
///
/// ```
/// use inertia_runtime::{InertiaRedirect, ValidationErrors};
/// use axum::response::{IntoResponse, Response};
///
/// async fn store(axum::Form(input): axum::Form<std::collections::HashMap<String, String>>) -> Response {
///     if input.get("name").is_none_or(|n| n.trim().is_empty()) {
///         // Back to the form, with an error for the field (and `errors` on that page).
///         return InertiaRedirect::back()
///             .with_errors(ValidationErrors::new().add("name", "The name is required."))
///             .into_response();
///     }
///     InertiaRedirect::to("/users").flash("success", "User created.").into_response()
/// }
/// # let _ = store;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct InertiaRedirect {
    target: Target,
    state: VisitState,
    status: StatusCode,
}

#[derive(Debug, Clone)]
enum Target {
    Url(String),
    Back {
        fallback: String,
    },
    /// A full page visit.
    Location(String),
}

/// Marks a redirect to the `Referer`, for the layer to resolve (it has the request).
#[derive(Debug, Clone)]
pub(crate) struct RedirectBack {
    pub(crate) fallback: String,
}

impl InertiaRedirect {
    /// To `url` (a path such as `/users`, or an absolute URL of this site).
    pub fn to(url: impl Into<String>) -> Self {
        InertiaRedirect {
            target: Target::Url(url.into()),
            state: VisitState::default(),
            status: StatusCode::SEE_OTHER,
        }
    }

    /// A full page visit to `url`: for another site, a non-Inertia page of this one, or a
    /// file download. It can carry flash data like any redirect (the page after the visit
    /// shows it).
    ///
    /// For an Inertia visit the [`InertiaLayer`](crate::InertiaLayer) answers `409 Conflict`
    /// with `X-Inertia-Location: url`, and the client sets `window.location` (an XHR would
    /// follow a plain redirect invisibly and fail on another origin). For other requests it
    /// is a `302 Found` with `Location: url`.
    ///
    /// ```
    /// use inertia_runtime::InertiaRedirect;
    ///
    /// async fn logout() -> InertiaRedirect {
    ///     InertiaRedirect::location("/login").flash("success", "You are signed out.")
    /// }
    /// # let _ = logout;
    /// ```
    ///
    /// Characters that may not appear in a header (spaces, non-ASCII, controls) are
    /// percent-encoded, so any `&str` gives a valid response.
    pub fn location(url: impl Into<String>) -> Self {
        InertiaRedirect {
            target: Target::Location(url.into()),
            state: VisitState::default(),
            status: StatusCode::FOUND,
        }
    }

    /// Back to the page the request came from (its `Referer`, when that is this site), or to
    /// `/` without one.
    pub fn back() -> Self {
        Self::back_or("/")
    }

    /// Back to the page the request came from, or to `fallback` without one.
    pub fn back_or(fallback: impl Into<String>) -> Self {
        InertiaRedirect {
            target: Target::Back {
                fallback: fallback.into(),
            },
            state: VisitState::default(),
            status: StatusCode::SEE_OTHER,
        }
    }

    /// Flashes `key: value` to the next page (its `flash`; the client fires `inertia:flash`).
    pub fn flash(mut self, key: impl Into<String>, value: impl serde::Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.state.flash.insert(key.into(), value);
            }
            Err(e) => {
                tracing::error!(error = %e, "flash value cannot be serialized; leaving it out")
            }
        }
        self
    }

    /// Validation errors for the next page's `errors` (the default error bag).
    pub fn with_errors(self, errors: impl Into<ValidationErrors>) -> Self {
        self.with_error_bag(DEFAULT_BAG, errors)
    }

    /// Validation errors in a named bag (`errors.<bag>` on the next page), for pages with
    /// several forms.
    pub fn with_error_bag(
        mut self,
        bag: impl Into<String>,
        errors: impl Into<ValidationErrors>,
    ) -> Self {
        let errors = errors.into();
        if !errors.is_empty() {
            self.state.errors.insert(bag.into(), errors);
        }
        self
    }

    /// The input of a form, for the page the redirect goes to ([`OldInput`](crate::form::OldInput)).
    /// The [form extractors](crate::form) set it when validation fails.
    pub fn with_old_input(mut self, input: serde_json::Map<String, serde_json::Value>) -> Self {
        self.state.old_input = input;
        self
    }

    /// The next page clears the client's history encryption key (e.g. after logout).
    pub fn clear_history(mut self) -> Self {
        self.state.clear_history = true;
        self
    }

    /// The next page keeps the `#fragment` of the URL the client originally asked for.
    pub fn preserve_fragment(mut self) -> Self {
        self.state.preserve_fragment = true;
        self
    }

    /// Another redirect status (`303 See Other` by default).
    pub fn status(mut self, status: StatusCode) -> Self {
        if status.is_redirection() {
            self.status = status;
        }
        self
    }
}

impl axum::response::IntoResponse for InertiaRedirect {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        match self.target {
            Target::Url(url) => {
                response
                    .headers_mut()
                    .insert(LOCATION, header_value_for_url(&url));
            }
            Target::Location(url) => {
                response
                    .headers_mut()
                    .insert(LOCATION, header_value_for_url(&url));
                response.extensions_mut().insert(ExternalRedirect);
            }
            Target::Back { fallback } => {
                // Resolved by the layer from the request's `Referer`; a router without the
                // layer still redirects somewhere sensible.
                response
                    .headers_mut()
                    .insert(LOCATION, header_value_for_url(&fallback));
                response.extensions_mut().insert(RedirectBack { fallback });
            }
        }
        if !self.state.is_empty() {
            response.extensions_mut().insert(Outgoing(self.state));
        }
        response
    }
}
