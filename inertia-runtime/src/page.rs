//! What a page handler returns, and the page object as a plain data type.

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::prop::Props;
use crate::prop::root::AnyProps;

/// Props plus response options: the full form of what an `#[inertia_page]` handler returns.
///
/// Returning the props alone is the same as returning `Page::new(props)`.
///
/// ```
/// use inertia_runtime::{Page, inertia_page};
/// use axum::http::StatusCode;
///
/// #[derive(serde::Serialize)]
/// struct NotFound { path: String }
///
/// #[inertia_page("Errors/NotFound")]
/// async fn not_found(uri: axum::http::Uri) -> Page<NotFound> {
///     Page::new(NotFound { path: uri.path().to_owned() }).status(StatusCode::NOT_FOUND)
/// }
/// # let _ = not_found;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Page<P> {
    pub(crate) props: P,
    pub(crate) status: StatusCode,
    /// This page's own flash data, each value serialized once, here, and written into the
    /// page as it is.
    pub(crate) flash: Vec<(String, Box<serde_json::value::RawValue>)>,
    pub(crate) encrypt_history: Option<bool>,
    pub(crate) clear_history: bool,
    pub(crate) preserve_fragment: bool,
    pub(crate) ssr: bool,
}

impl<P> Page<P> {
    /// A page with these props, answered with `200 OK`.
    pub fn new(props: P) -> Self {
        Page {
            props,
            status: StatusCode::OK,
            flash: Vec::new(),
            encrypt_history: None,
            clear_history: false,
            preserve_fragment: false,
            ssr: true,
        }
    }

    /// Answers with another status, e.g. for error pages rendered as Inertia pages. The client
    /// fires its `httpException` event for statuses of 400 and above, then shows the page.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Adds `key: value` to this page's `flash` (one-time data the client does not keep in
    /// history). To flash data for the page after a redirect, use
    /// [`InertiaRedirect::flash`](crate::InertiaRedirect::flash).
    pub fn flash(mut self, key: impl Into<String>, value: impl Serialize) -> Self {
        match serde_json::value::to_raw_value(&value) {
            Ok(value) => {
                let key = key.into();
                // A key given again replaces the earlier value.
                self.flash.retain(|(k, _)| *k != key);
                self.flash.push((key, value));
            }
            Err(e) => {
                tracing::error!(error = %e, "flash value cannot be serialized; leaving it out")
            }
        }
        self
    }

    /// Encrypts (or, with `false`, does not encrypt) this page's history entry, overriding
    /// [`InertiaConfig::encrypt_history`](crate::InertiaConfig::encrypt_history).
    pub fn encrypt_history(mut self, encrypt: bool) -> Self {
        self.encrypt_history = Some(encrypt);
        self
    }

    /// The client deletes its history encryption key before showing this page, so older
    /// encrypted entries can no longer be read (e.g. after logout).
    pub fn clear_history(mut self) -> Self {
        self.clear_history = true;
        self
    }

    /// The client keeps the `#fragment` of the URL it requested.
    pub fn preserve_fragment(mut self) -> Self {
        self.preserve_fragment = true;
        self
    }

    /// Renders this page on the client even when server-side rendering is configured
    /// (e.g. a page that uses browser-only APIs). `#[inertia_page("X", ssr = false)]` does
    /// this for every response of a handler.
    pub fn without_ssr(mut self) -> Self {
        self.ssr = false;
        self
    }
}

/// Another page to show instead, typically for an error: the `Err` of an `#[inertia_page]`
/// handler. It is rendered as an Inertia page (page JSON for Inertia visits, the HTML
/// document otherwise) with its status, so the client shows it like any page.
///
/// An error type of your own can bring one too, and stay a plain response elsewhere: put an
/// `ErrorPage` in the extensions of the response its `IntoResponse` makes, and the `Err` of an
/// `#[inertia_page]` handler is that page (with the shared props, in the app's layout), while
/// other handlers send the response as it is. That is how an app's one error type gives its
/// pages a styled 500 (Laravel's `Inertia::handleExceptionsUsing`):
///
/// ```
/// use axum::http::StatusCode;
/// use axum::response::{IntoResponse, Response};
/// use inertia_runtime::{ErrorPage, inertia_page};
///
/// struct ServerError;
///
/// impl IntoResponse for ServerError {
///     fn into_response(self) -> Response {
///         let mut response = (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.").into_response();
///         let page = ErrorPage::new("ErrorPage", serde_json::json!({ "status": 500 }));
///         response.extensions_mut().insert(page);
///         response
///     }
/// }
///
/// #[inertia_page("Dashboard")]
/// async fn dashboard() -> Result<serde_json::Value, ServerError> {
///     Err(ServerError) // the page `ErrorPage`, with a 500
/// }
/// # let _ = dashboard;
/// ```
///
/// ```
/// use axum::{extract::Path, http::StatusCode};
/// use inertia_runtime::{ErrorPage, inertia_page};
///
/// #[derive(serde::Serialize)]
/// struct Show { name: String }
///
/// #[inertia_page("Users/Show")]
/// async fn show(Path(id): Path<u32>) -> Result<Show, ErrorPage> {
///     if id != 1 {
///         return Err(ErrorPage::new("Errors/NotFound", serde_json::json!({ "id": id }))
///             .status(StatusCode::NOT_FOUND));
///     }
///     Ok(Show { name: "Ada".into() })
/// }
/// # let _ = show;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ErrorPage {
    pub(crate) component: std::borrow::Cow<'static, str>,
    /// Kept as they are and serialized once, into the page (a failure is the page's `500`,
    /// logged, as for any page).
    pub(crate) props: AnyProps,
    pub(crate) status: StatusCode,
}

impl ErrorPage {
    /// `component` with `props` (which must serialize to an object), status `500` until
    /// [`status`](Self::status) says otherwise.
    pub fn new(
        component: impl Into<std::borrow::Cow<'static, str>>,
        props: impl Serialize + Send + Sync + 'static,
    ) -> Self {
        ErrorPage {
            component: component.into(),
            props: AnyProps::new(props),
            status: StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The status code.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}

/// What a page handler may return: props, or a [`Page`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the props of an Inertia page",
    label = "page props must implement `serde::Serialize` (and serialize to a JSON object)",
    note = "derive it: `#[derive(serde::Serialize)]`, or return `Result<Props, E>` where `E: IntoResponse`"
)]
pub trait IntoPage {
    /// The props type.
    type Props: Props;
    /// Converts into a page.
    fn into_page(self) -> Page<Self::Props>;
}

impl<P: Props> IntoPage for P {
    type Props = P;
    fn into_page(self) -> Page<P> {
        Page::new(self)
    }
}

impl<P: Props> IntoPage for Page<P> {
    type Props = P;
    fn into_page(self) -> Page<P> {
        self
    }
}

/// The page object of the Inertia protocol, as plain data.
///
/// The server writes page objects directly while it serializes props; this type is for
/// reading them (tests, tools, an SSR client) and for documentation. Its JSON form equals what
/// the server sends: optional fields are left out when empty or `false`.
///
/// ```
/// use inertia_runtime::PageObject;
///
/// let page: PageObject = serde_json::from_str(
///     r#"{"component":"Home","props":{"errors":{}},"url":"/","version":"abc"}"#,
/// ).unwrap();
/// assert_eq!(page.component, "Home");
/// assert!(!page.encrypt_history);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PageObject {
    /// The page component, e.g. `"Users/Index"`.
    pub component: String,
    /// The resolved props (a JSON object).
    pub props: serde_json::Value,
    /// The URL the browser shows: path and query, without scheme and host.
    pub url: String,
    /// The asset version (`null` is accepted when reading).
    pub version: Option<String>,
    /// Top-level prop keys that came from shared props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_props: Vec<String>,
    /// Prop paths whose arrays the client appends on partial reloads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_props: Vec<String>,
    /// Prop paths whose arrays the client prepends on partial reloads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prepend_props: Vec<String>,
    /// Prop paths the client merges recursively.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deep_merge_props: Vec<String>,
    /// `"<path>.<key>"` entries: merged array items are matched by that key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_props_on: Vec<String>,
    /// Deferred prop paths by group; the client loads each group after the page is shown.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub deferred_props: serde_json::Map<String, serde_json::Value>,
    /// Deferred props whose resolver failed and were left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rescued_props: Vec<String>,
    /// Infinite-scroll state by prop path.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub scroll_props: serde_json::Map<String, serde_json::Value>,
    /// Once-props by key: `{prop, expiresAt}`.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub once_props: serde_json::Map<String, serde_json::Value>,
    /// The client deletes its history encryption key before showing this page.
    #[serde(default, skip_serializing_if = "is_false")]
    pub clear_history: bool,
    /// The client encrypts this page's history entry.
    #[serde(default, skip_serializing_if = "is_false")]
    pub encrypt_history: bool,
    /// One-time data shown once and not kept in history.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub flash: serde_json::Map<String, serde_json::Value>,
    /// The client keeps the `#fragment` of the URL it requested across a redirect.
    #[serde(default, skip_serializing_if = "is_false")]
    pub preserve_fragment: bool,
}

// serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

/// What the `Err` of an `#[inertia_page]` handler may be: any
/// [`IntoResponse`](axum::response::IntoResponse) (sent as the response), or an [`ErrorPage`]
/// (rendered as a page for this request).
///
/// ```
/// use axum::http::StatusCode;
/// use inertia_runtime::{ErrorPage, inertia_page};
///
/// #[inertia_page("Users/Show")]
/// async fn show() -> Result<serde_json::Value, StatusCode> {
///     Err(StatusCode::NOT_FOUND) // a plain 404
/// }
///
/// #[inertia_page("Users/Edit")]
/// async fn edit() -> Result<serde_json::Value, ErrorPage> {
///     Err(ErrorPage::new("Errors/NotFound", serde_json::json!({}))) // the app's error page
/// }
/// # let _ = (show, edit);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the error of an `#[inertia_page]` handler",
    label = "the error type must implement `axum::response::IntoResponse` (or be an `inertia_runtime::ErrorPage`)",
    note = "implement `IntoResponse` for it (the `Err` value is sent as the response), or convert it with `.map_err(..)?`"
)]
pub trait PageError {
    /// The response or the page (called by the code `#[inertia_page]` writes).
    #[doc(hidden)]
    fn into_outcome(self) -> crate::__private::Outcome;
}

impl<E: axum::response::IntoResponse> PageError for E {
    fn into_outcome(self) -> crate::__private::Outcome {
        crate::__private::Outcome::Response(self.into_response())
    }
}

impl PageError for ErrorPage {
    fn into_outcome(self) -> crate::__private::Outcome {
        crate::__private::Outcome::Page(self)
    }
}
