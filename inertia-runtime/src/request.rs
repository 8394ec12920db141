//! The request side: what the layer learned about a request ([`RequestContext`]), and
//! [`InertiaRequest`], the extractor every page handler gets.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{StatusCode, Uri};

use crate::frontend::assets::Current;
use crate::frontend::template::{CspNonce, HtmlClass};
use crate::prop::partial::PropsHeaders;
use crate::prop::shared::{Pending, SharedDef};
use crate::settings::Settings;
use crate::visit::VisitState;
use crate::wire::scan::RequestHeaders;
use crate::wire::url::{self, RequestUrl};

/// What kind of visit a request is, decided once by the layer from its one scan of the
/// request's headers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Visit {
    /// An Inertia visit (`X-Inertia`): answered with page JSON.
    pub(crate) inertia: bool,
    /// A prefetch (by the client or the browser): it must not consume flash data.
    pub(crate) prefetch: bool,
    /// The `X-Forwarded-Prefix` to put in front of page URLs (from a trusted proxy, a plain
    /// path, without its trailing slash), checked once here. Allocated only when present.
    pub(crate) prefix: Option<Arc<str>>,
    /// The partial-reload headers, when the request has any (boxed: most requests have none).
    pub(crate) partial: Option<Box<PropsHeaders>>,
}

impl Visit {
    /// `trusted_proxy`: the request came from a proxy whose forwarded headers count.
    pub(crate) fn from_scan(headers: &RequestHeaders<'_>, trusted_proxy: bool) -> Self {
        let prefix = Some(url::forwarded_prefix(headers.forwarded_prefix))
            .filter(|prefix| trusted_proxy && !prefix.is_empty())
            .map(Arc::from);
        Visit {
            inertia: headers.inertia,
            prefetch: headers.prefetch(),
            prefix,
            partial: PropsHeaders::boxed_from_scan(headers),
        }
    }

    /// The page URL of a request with this `uri` (path and query as the browser shows them).
    pub(crate) fn page_url<'a>(&'a self, uri: &'a Uri) -> RequestUrl<'a> {
        RequestUrl::from_parts(self.prefix.as_deref().unwrap_or(""), uri)
    }
}

/// What the [`InertiaLayer`](crate::InertiaLayer) hands to the extractors through the
/// request's extensions (one insertion per request): the settings, the kind of visit, and
/// the visit state the request arrived with.
#[derive(Clone, Debug)]
pub(crate) struct RequestContext {
    pub(crate) settings: Arc<Settings>,
    /// The assets in force for this request (a build, or the Vite dev server), decided once.
    pub(crate) assets: Current,
    pub(crate) visit: Visit,
    pub(crate) incoming: Option<Arc<VisitState>>,
}

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
    pub(crate) settings: Arc<Settings>,
    pub(crate) assets: Current,
    pub(crate) visit: Visit,
    pub(crate) uri: Uri,
    pub(crate) nonce: Option<CspNonce>,
    pub(crate) html_class: Option<HtmlClass>,
    pub(crate) incoming: Option<Arc<VisitState>>,
    /// Futures of the per-request shared props, by index into `settings.shared_props`.
    pub(crate) pending_shared: Vec<(usize, Pending)>,
}

impl std::fmt::Debug for InertiaRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InertiaRequest")
            .field("visit", &self.visit)
            .field("uri", &self.uri)
            .field("incoming", &self.incoming)
            .finish_non_exhaustive()
    }
}

impl InertiaRequest {
    /// Whether this is an Inertia visit (`X-Inertia` header): answered with page JSON rather
    /// than an HTML document.
    pub fn is_inertia(&self) -> bool {
        self.visit.inertia
    }

    /// The asset version in force for this request: the configured version, or the Vite dev
    /// server URL in development.
    pub fn version(&self) -> String {
        self.assets.version().to_owned()
    }

    /// The URL of a file Vite knows by its source path (see
    /// [`RootContext::asset_url`](crate::RootContext::asset_url)).
    pub fn asset_url(&self, source_path: &str) -> Option<String> {
        let vite = self.settings.vite.as_ref()?;
        vite.asset_url(&self.assets, source_path)
    }

    /// The page URL for this request (path and query as the browser shows them).
    pub fn url(&self) -> String {
        self.visit.page_url(&self.uri).to_string()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for InertiaRequest {
    type Rejection = MissingLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, MissingLayer> {
        let Some(context) = parts.extensions.get::<RequestContext>() else {
            return Err(MissingLayer);
        };
        let pending_shared = context
            .settings
            .shared_props
            .iter()
            .enumerate()
            .filter_map(|(i, def)| match def {
                SharedDef::PerRequest { make, .. } => Some((i, make(parts))),
                SharedDef::Static { .. } => None,
            })
            .collect();
        Ok(InertiaRequest {
            settings: context.settings.clone(),
            assets: context.assets.clone(),
            visit: context.visit.clone(),
            uri: url::original_uri(&parts.uri, &parts.extensions).clone(),
            nonce: parts.extensions.get::<CspNonce>().cloned(),
            html_class: parts.extensions.get::<HtmlClass>().cloned(),
            incoming: context.incoming.clone(),
            pending_shared,
        })
    }
}

/// The rejection of [`InertiaRequest`] when the router has no [`InertiaLayer`](crate::InertiaLayer):
/// `500 Internal Server Error`, with the fix in the log.
#[derive(Debug)]
pub struct MissingLayer;

impl std::fmt::Display for MissingLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the router has no InertiaLayer: add `.layer(InertiaConfig::new().into_layer()?)` to the Router that holds the route",
        )
    }
}

impl std::error::Error for MissingLayer {}

impl IntoResponse for MissingLayer {
    fn into_response(self) -> Response {
        tracing::error!("an Inertia page was requested but {self}");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}
