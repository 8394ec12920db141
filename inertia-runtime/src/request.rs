//! The request side: [`InertiaRequest`], the extractor every page handler gets.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderValue, StatusCode, Uri};

use crate::config::Shared;
use crate::page::IntoPage;
use crate::props::partial::PartialHeaders;
use crate::render::{self, SizeHint};
use crate::scan::RequestHeaders;
use crate::shared::{Pending, SharedDef};
use crate::template::CspNonce;
use crate::url::{self, RequestUrl};
use crate::visit::{Incoming, VisitState};

/// What the [`InertiaLayer`](crate::InertiaLayer) hands to handlers through request extensions.
#[derive(Clone, Debug)]
pub(crate) struct InertiaContext(pub(crate) Arc<Shared>);

/// The Inertia view of a request: is it an Inertia visit, which URL, which settings.
///
/// `#[inertia_page]` adds this extractor to your handler for you. Take it yourself to render
/// without the macro, or to look at the request:
///
/// ```
/// use inertia_runtime::InertiaRequest;
/// use axum::response::Response;
///
/// async fn dashboard(inertia: InertiaRequest) -> Response {
///     let props = serde_json::json!({ "greeting": "Hello" });
///     inertia.render("Dashboard", props).await
/// }
/// # let _ = dashboard;
/// ```
///
/// Extraction fails with `500 Internal Server Error` (and an error in the log) when the router
/// has no [`InertiaLayer`](crate::InertiaLayer).
pub struct InertiaRequest {
    pub(crate) shared: Arc<Shared>,
    pub(crate) is_inertia: bool,
    pub(crate) uri: Uri,
    pub(crate) prefix: Option<HeaderValue>,
    pub(crate) nonce: Option<CspNonce>,
    /// The partial-reload headers, when the request has any.
    pub(crate) partial: Option<Box<PartialHeaders>>,
    pub(crate) incoming: Option<Arc<VisitState>>,
    pub(crate) prefetch: bool,
    /// Futures of the per-request shared props, by index into `shared.shared`.
    pub(crate) pending_shared: Vec<(usize, Pending)>,
}

impl std::fmt::Debug for InertiaRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InertiaRequest")
            .field("is_inertia", &self.is_inertia)
            .field("uri", &self.uri)
            .field("partial", &self.partial)
            .field("incoming", &self.incoming)
            .field("prefetch", &self.prefetch)
            .finish_non_exhaustive()
    }
}

impl InertiaRequest {
    /// Whether this is an Inertia visit (`X-Inertia` header): answered with page JSON rather
    /// than an HTML document.
    pub fn is_inertia(&self) -> bool {
        self.is_inertia
    }

    /// The asset version in force for this request: the configured version, or the Vite dev
    /// server URL in development.
    pub fn asset_version(&self) -> String {
        self.shared.current().version().to_owned()
    }

    /// The URL of a file Vite knows by its source path (see
    /// [`RootContext::asset_url`](crate::RootContext::asset_url)).
    pub fn asset_url(&self, source_path: &str) -> Option<String> {
        let vite = self.shared.vite.as_ref()?;
        vite.asset_url(&self.shared.current(), source_path)
    }

    /// The page URL for this request (path and query as the browser shows them).
    pub fn url(&self) -> String {
        self.page_url().to_string()
    }

    pub(crate) fn context(&self) -> crate::render::PageContext<'_> {
        crate::render::PageContext {
            shared: &self.shared,
            partial: self.partial.as_deref().unwrap_or(&PartialHeaders::NONE),
            incoming: self.incoming.as_deref(),
            url: self.page_url(),
            is_inertia: self.is_inertia,
        }
    }

    pub(crate) fn page_url(&self) -> RequestUrl<'_> {
        let prefix = self
            .prefix
            .as_ref()
            .and_then(|p| p.to_str().ok())
            .map_or("", |p| p.trim().trim_end_matches('/'));
        RequestUrl::from_parts(prefix, &self.uri)
    }

    /// Renders `component` with `props` (anything an `#[inertia_page]` handler may return):
    /// page JSON for Inertia visits, the HTML document otherwise.
    pub async fn render<P: IntoPage>(self, component: &str, props: P) -> Response {
        static HINT: SizeHint = SizeHint::new();
        render::render(self, component, &HINT, props.into_page()).await
    }
}

impl<S: Send + Sync> FromRequestParts<S> for InertiaRequest {
    type Rejection = MissingLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, MissingLayer> {
        let Some(InertiaContext(shared)) = parts.extensions.get::<InertiaContext>() else {
            return Err(MissingLayer);
        };
        let headers = RequestHeaders::scan(&parts.headers);
        let prefix = if shared.trust_forwarded_prefix
            && !url::forwarded_prefix(headers.forwarded_prefix).is_empty()
        {
            headers.forwarded_prefix.cloned()
        } else {
            None
        };
        let pending_shared = shared
            .shared
            .iter()
            .enumerate()
            .filter_map(|(i, def)| match def {
                SharedDef::PerRequest { make, .. } => Some((i, make(parts))),
                SharedDef::Static { .. } => None,
            })
            .collect();
        Ok(InertiaRequest {
            shared: shared.clone(),
            is_inertia: headers.inertia,
            uri: url::original_uri(&parts.uri, &parts.extensions).clone(),
            prefix,
            nonce: parts.extensions.get::<CspNonce>().cloned(),
            partial: PartialHeaders::boxed_from_scan(&headers),
            incoming: parts.extensions.get::<Incoming>().map(|i| i.0.clone()),
            prefetch: headers.prefetch(),
            pending_shared,
        })
    }
}

/// The rejection of [`InertiaRequest`] when the router has no [`InertiaLayer`](crate::InertiaLayer).
#[derive(Debug)]
pub struct MissingLayer;

impl IntoResponse for MissingLayer {
    fn into_response(self) -> Response {
        tracing::error!(
            "an Inertia page was requested but the router has no InertiaLayer: add \
             `.layer(InertiaConfig::new().into_layer()?)` to the Router that holds the route"
        );
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}
