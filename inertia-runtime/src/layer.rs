//! [`InertiaLayer`]: the protocol around every request.
//!
//! Before the handler: an Inertia `GET` whose asset version is stale is answered with `409`
//! right away (the handler does not run). After it: redirects and responses are adapted to
//! what the Inertia client expects.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{Entry, LOCATION, VARY};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri};
use http_body::Body;
use tower_layer::Layer;
use tower_service::Service;

use crate::redirect::{ExternalRedirect, RedirectBack, header_value_for_url};
use crate::request::{RequestContext, Visit};
use crate::settings::Settings;
use crate::visit::{self, Consumed, Outgoing, Store, VisitOutcome, VisitState};
use crate::wire::cookie::insecure_origin;
use crate::wire::headers::{X_INERTIA_LOCATION, X_INERTIA_REDIRECT, X_INERTIA_VERSION};
use crate::wire::scan::RequestHeaders;
use crate::wire::url::{Site, is_local_path, original_uri};

/// The layer that runs the Inertia protocol; add it to the router that holds your pages.
///
/// Build it with [`InertiaConfig::into_layer`](crate::InertiaConfig::into_layer):
///
/// ```
/// use axum::{Router, routing::get};
/// use inertia_runtime::{InertiaConfig, inertia_page};
///
/// #[inertia_page("Home")]
/// async fn home() -> serde_json::Value {
///     serde_json::json!({ "greeting": "Hello" })
/// }
///
/// let app: Router = Router::new()
///     .route("/", get(home))
///     .layer(InertiaConfig::new().version("abc123").into_layer().unwrap());
/// ```
///
/// What it does, per request:
///
/// | request | response |
/// |---|---|
/// | Inertia `GET`, `X-Inertia-Version` ≠ the asset version (missing = `""`), not in dev mode | `409`, `X-Inertia-Location` = the request URL, `X-Inertia-Version`, empty body; handler not run |
/// | Inertia `PUT`/`PATCH`/`DELETE` answered with `302` | status becomes `303`, so the client follows with `GET` |
/// | [`InertiaRedirect::location(url)`](crate::InertiaRedirect::location) from an Inertia request | `409` with `X-Inertia-Location: url` (a full page visit) |
/// | Inertia request answered with an empty `200` | `303` back to the `Referer` |
/// | Inertia request (not a prefetch) answered with a redirect to a URL with a `#fragment`, whoever made it ([`InertiaRedirect`](crate::InertiaRedirect), `axum::response::Redirect`, a hand-made `302`/`303`) | `409` with `X-Inertia-Redirect: <that URL>`, so the client visits it keeping the fragment |
/// | [`InertiaRedirect::back`](crate::InertiaRedirect::back) | `Location` = the request's `Referer` if it is this site, else the fallback |
/// | any | visit state (flash, errors) loaded before the handler, and stored, kept or cleared after it |
/// | every response | `Vary: X-Inertia` added (HTML and JSON of one URL must be cached apart) |
/// | every page (JSON or HTML) and every `409` | `X-Inertia-Version: <the version in force>` |
#[derive(Clone, Debug)]
pub struct InertiaLayer {
    settings: Arc<Settings>,
}

impl InertiaLayer {
    pub(crate) fn new(settings: Arc<Settings>) -> Self {
        InertiaLayer { settings }
    }

    /// The asset version in force now: the configured version, or the Vite dev server URL
    /// while one is running. This is what pages carry and what `X-Inertia-Version` is
    /// compared with.
    pub fn version(&self) -> String {
        self.settings.current().version().to_owned()
    }

    /// The URL of a file Vite knows by its source path (see
    /// [`RootContext::asset_url`](crate::RootContext::asset_url)).
    pub fn asset_url(&self, source_path: &str) -> Option<String> {
        let vite = self.settings.vite.as_ref()?;
        vite.asset_url(&self.settings.current(), source_path)
    }

    /// Asks the configured SSR server for its health (`GET /health`): `Ok` for a 2xx answer
    /// within the SSR timeout. For readiness probes and startup checks; `None` without SSR.
    #[cfg(feature = "ssr")]
    pub async fn ssr_health(&self) -> Option<Result<(), crate::ssr::SsrError>> {
        match &self.settings.ssr {
            Some(ssr) => Some(ssr.health().await),
            None => None,
        }
    }

    /// Whether assets come from a Vite dev server right now (no `409`s then).
    pub fn is_dev(&self) -> bool {
        self.settings.current().dev_url().is_some()
    }
}

impl<S> Layer<S> for InertiaLayer {
    type Service = InertiaService<S>;

    fn layer(&self, inner: S) -> InertiaService<S> {
        InertiaService {
            inner,
            settings: self.settings.clone(),
        }
    }
}

/// The service [`InertiaLayer`] wraps around your routes.
#[derive(Clone, Debug)]
pub struct InertiaService<S> {
    inner: S,
    settings: Arc<Settings>,
}

/// What the layer remembers about a request to adapt its response.
#[derive(Debug)]
struct Facts {
    inertia: bool,
    /// `PUT`, `PATCH` or `DELETE`: a `302` must become `303`.
    mutating: bool,
    prefetch: bool,
    /// For redirects back (cheap clones: header values share the request's buffer).
    referer: Option<HeaderValue>,
    site: Site,
    /// Where the browser says the request came from (to warn about dropped cookies).
    origin: Option<HeaderValue>,
    /// The visit state the request arrived with.
    incoming: Option<Arc<VisitState>>,
    store: Store,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for InertiaService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Body + Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        // The one pass over the request's headers; what it finds is handed to the extractors.
        let scan = RequestHeaders::scan(req.headers());
        let trusted_proxy = self.settings.proxies.trusts(req.extensions());
        // The assets in force, decided once: the version checked here is the version the page
        // carries, even if the hot file changes while the handler runs.
        let current = self.settings.current();
        let visit = Visit::from_scan(&scan, trusted_proxy);
        if scan.inertia
            && req.method() == Method::GET
            && current.dev_url().is_none()
            && !scan.version_matches(current.version())
        {
            // The page URL, made as the page's own `url` is.
            let location = visit.page_url(original_uri(req.uri(), req.extensions()));
            return ResponseFuture::ready(version_conflict(
                &location.to_string(),
                self.settings.version_header(&current),
            ));
        }
        let site = Site::new(req.uri(), &scan, trusted_proxy);
        let (referer, origin) = (scan.referer.cloned(), scan.origin.cloned());
        let incoming = match &self.settings.store {
            Store::Cookie(cookies) => cookies.load(req.headers()),
            Store::External => req.extensions_mut().remove::<VisitState>(),
        }
        .map(Arc::new);
        let facts = Facts {
            inertia: visit.inertia,
            mutating: matches!(*req.method(), Method::PUT | Method::PATCH | Method::DELETE),
            prefetch: visit.prefetch,
            referer,
            site,
            origin,
            incoming: incoming.clone(),
            store: self.settings.store.clone(),
        };
        req.extensions_mut().insert(RequestContext {
            settings: self.settings.clone(),
            assets: current,
            visit,
            incoming,
        });
        ResponseFuture::inner(self.inner.call(req), facts)
    }
}

/// `409` telling the client to reload `location` with a full page visit to get new assets.
fn version_conflict<B: Default>(location: &str, version: Option<HeaderValue>) -> Response<B> {
    let mut response = Response::new(B::default());
    *response.status_mut() = StatusCode::CONFLICT;
    let headers = response.headers_mut();
    // The location is path and query of a request that parsed, so it is a valid header value.
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(X_INERTIA_LOCATION, value);
    }
    if let Some(version) = version {
        headers.insert(X_INERTIA_VERSION, version);
    }
    response
}

/// Adapts the handler's response to the protocol (see [`InertiaLayer`]).
fn finish<B: Body + Default>(mut response: Response<B>, facts: Facts) -> Response<B> {
    if let Some(back) = response.extensions_mut().remove::<RedirectBack>() {
        let target = same_site_referer(&facts).unwrap_or(back.fallback);
        response
            .headers_mut()
            .insert(LOCATION, header_value_for_url(&target));
    }
    if facts.inertia {
        if response.extensions().get::<ExternalRedirect>().is_some() {
            // A full page visit: 409 + X-Inertia-Location (a 302 would be followed by the XHR).
            if let Some(location) = response.headers_mut().remove(LOCATION) {
                *response.status_mut() = StatusCode::CONFLICT;
                response.headers_mut().insert(X_INERTIA_LOCATION, location);
                *response.body_mut() = B::default();
            }
        } else if response.status() == StatusCode::OK
            && response.body().size_hint().exact() == Some(0)
        {
            // A handler that answered nothing: go back to where the visit came from.
            let target = same_site_referer(&facts).unwrap_or_else(|| "/".to_owned());
            *response.status_mut() = StatusCode::SEE_OTHER;
            response
                .headers_mut()
                .insert(LOCATION, header_value_for_url(&target));
        } else if facts.mutating && response.status() == StatusCode::FOUND {
            // Browsers follow a 302 after PUT/PATCH/DELETE with the same method; 303 makes it GET.
            *response.status_mut() = StatusCode::SEE_OTHER;
        }
        if response.status().is_redirection()
            && !facts.prefetch
            && let Some(location) = response.headers().get(LOCATION).cloned()
            && location.as_bytes().contains(&b'#')
        {
            // The XHR would follow the redirect and lose the fragment; let the client visit
            // the URL itself.
            *response.status_mut() = StatusCode::CONFLICT;
            response.headers_mut().remove(LOCATION);
            response.headers_mut().insert(X_INERTIA_REDIRECT, location);
            *response.body_mut() = B::default();
        }
    }
    save_visit(&mut response, &facts);
    response
}

/// Stores what the next visit needs (flash, errors), or forgets what this one showed.
fn save_visit<B>(response: &mut Response<B>, facts: &Facts) {
    let outgoing = response.extensions_mut().remove::<Outgoing>().map(|o| o.0);
    let consumed = response.extensions_mut().remove::<Consumed>().is_some();
    if facts.incoming.is_none() && outgoing.is_none() {
        return;
    }
    let outcome = visit::outcome(facts.incoming.as_deref(), consumed, outgoing);
    match &facts.store {
        Store::Cookie(cookies) => {
            if matches!(outcome, VisitOutcome::Keep(_)) {
                cookies.warn_if_dropped(insecure_origin(
                    facts.origin.as_ref(),
                    facts.referer.as_ref(),
                ));
            }
            cookies.save(&outcome, response.headers_mut());
        }
        Store::External => {
            if outcome != VisitOutcome::Unchanged {
                response.extensions_mut().insert(outcome);
            }
        }
    }
}

/// The `Referer` of the request, if it points at this site (same host and port; see
/// [`Site`]): the target of a redirect back. A `Referer` of another site would make `back()`
/// an open redirect, and so would a path-only one that a browser resolves to another host
/// (`//evil.example`).
fn same_site_referer(facts: &Facts) -> Option<String> {
    let referer = facts.referer.as_ref()?.to_str().ok()?;
    if referer.starts_with('/') {
        return is_local_path(referer).then(|| referer.to_owned());
    }
    let uri: Uri = referer.parse().ok()?;
    facts.site.is_same_site(&uri).then(|| referer.to_owned())
}

/// What every response of the layer gets, the `409` answered without the handler included:
/// the one place to add such a header. Today `Vary: X-Inertia` (HTML and JSON of one URL must
/// be cached apart), added unless it is there already.
fn every_response(headers: &mut HeaderMap) {
    // One lookup: most responses have no `Vary` yet.
    match headers.entry(VARY) {
        Entry::Vacant(entry) => {
            entry.insert(HeaderValue::from_static("X-Inertia"));
        }
        Entry::Occupied(mut entry) => {
            let present = entry.iter().any(|value| {
                value.to_str().is_ok_and(|v| {
                    v.split(',').any(|name| {
                        name.trim().eq_ignore_ascii_case("x-inertia") || name.trim() == "*"
                    })
                })
            });
            if !present {
                entry.append(HeaderValue::from_static("X-Inertia"));
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`InertiaService`].
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        // The handler is running.
        Inner { #[pin] future: F, facts: Option<Facts> },
        // Answered without the handler.
        Ready { response: Option<Response<B>> },
    }
}

impl<F, B> ResponseFuture<F, B> {
    fn inner(future: F, facts: Facts) -> Self {
        ResponseFuture {
            state: State::Inner {
                future,
                facts: Some(facts),
            },
        }
    }

    fn ready(response: Response<B>) -> Self {
        ResponseFuture {
            state: State::Ready {
                response: Some(response),
            },
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
    B: Body + Default,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Inner { future, facts } => match future.poll(cx) {
                Poll::Ready(Ok(response)) => match facts.take() {
                    Some(facts) => {
                        let mut response = finish(response, facts);
                        every_response(response.headers_mut());
                        Poll::Ready(Ok(response))
                    }
                    // Polled again after completing: only reachable by misuse of the future.
                    None => Poll::Ready(Ok(response)),
                },
                other => other,
            },
            StateProj::Ready { response } => match response.take() {
                Some(mut response) => {
                    every_response(response.headers_mut());
                    Poll::Ready(Ok(response))
                }
                // Polled again after completion: behave like a fused future that never wakes.
                None => Poll::Pending,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_is_added_once_to_every_response() {
        let mut h = HeaderMap::new();
        every_response(&mut h);
        every_response(&mut h);
        assert_eq!(h.get_all(VARY).iter().count(), 1);

        let mut h = HeaderMap::new();
        h.insert(VARY, HeaderValue::from_static("Accept-Encoding, x-inertia"));
        every_response(&mut h);
        assert_eq!(h.get_all(VARY).iter().count(), 1);

        let mut h = HeaderMap::new();
        h.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        every_response(&mut h);
        let all: Vec<_> = h.get_all(VARY).iter().collect();
        assert_eq!(all, ["Accept-Encoding", "X-Inertia"]);
    }

    fn version_matches(h: &HeaderMap, version: &str) -> bool {
        RequestHeaders::scan(h).version_matches(version)
    }

    #[test]
    fn version_comparison_is_exact() {
        let mut h = HeaderMap::new();
        assert!(version_matches(&h, ""));
        assert!(!version_matches(&h, "abc"));
        h.insert(X_INERTIA_VERSION, HeaderValue::from_static("abc"));
        assert!(version_matches(&h, "abc"));
        assert!(!version_matches(&h, "ABC"));
        assert!(!version_matches(&h, "abcd"));
        assert!(!version_matches(&h, ""));
        h.insert(
            X_INERTIA_VERSION,
            HeaderValue::from_bytes(b"ab\xffc").unwrap(),
        );
        assert!(!version_matches(&h, "abc"));
    }
}
