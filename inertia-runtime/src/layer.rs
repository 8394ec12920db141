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
use crate::visit::{
    self, Consumed, Handle, LoadState, Outgoing, Saved, Saving, VisitOutcome, VisitState,
    VisitStore,
};
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
    #[cfg_attr(docsrs, doc(cfg(feature = "ssr")))]
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
    /// What the store's `load` handed over for its `save`.
    handle: Handle,
    store: Arc<dyn VisitStore>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for InertiaService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone,
    ResBody: Body + Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S, ReqBody, ResBody>;

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
        let store = self.settings.store.clone();
        let loaded = store.load(req.headers(), req.extensions()).0;
        let mut facts = Facts {
            inertia: visit.inertia,
            mutating: matches!(*req.method(), Method::PUT | Method::PATCH | Method::DELETE),
            prefetch: visit.prefetch,
            referer,
            site,
            origin,
            incoming: None,
            handle: Handle::none(),
            store,
        };
        let context = RequestContext {
            settings: self.settings.clone(),
            assets: current,
            visit,
            incoming: None,
        };
        match loaded {
            // The store answered at once (the cookie): the handler runs now.
            LoadState::Ready(state, handle) => {
                let incoming = state.map(Arc::new);
                facts.incoming.clone_from(&incoming);
                facts.handle = handle;
                req.extensions_mut().insert(RequestContext {
                    incoming,
                    ..context
                });
                ResponseFuture::inner(self.inner.call(req), facts)
            }
            // It must wait (a session): the handler runs once the state is there, with the
            // service that was made ready (a clone stays behind for the next request).
            LoadState::Pending(loading) => {
                let ready = self.inner.clone();
                let inner = std::mem::replace(&mut self.inner, ready);
                ResponseFuture::loading(loading, inner, req, context, facts)
            }
        }
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
fn finish<B: Body + Default>(mut response: Response<B>, facts: &Facts) -> Response<B> {
    if let Some(back) = response.extensions_mut().remove::<RedirectBack>() {
        let target = same_site_referer(facts).unwrap_or(back.fallback);
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
            let target = same_site_referer(facts).unwrap_or_else(|| "/".to_owned());
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
    response
}

/// Stores what the next visit needs (flash, errors), or forgets what this one showed; what
/// the store's `save` gives (a future to wait for, with a session).
fn save_visit<B>(response: &mut Response<B>, facts: Facts) -> Saved {
    let outgoing = response.extensions_mut().remove::<Outgoing>().map(|o| o.0);
    let consumed = response.extensions_mut().remove::<Consumed>().is_some();
    if facts.incoming.is_none() && outgoing.is_none() {
        return Saved::done();
    }
    let outcome = visit::outcome(facts.incoming.as_deref(), consumed, outgoing);
    if outcome == VisitOutcome::Unchanged {
        return Saved::done();
    }
    facts.store.save(Saving {
        outcome,
        handle: facts.handle,
        headers: response.headers_mut(),
        origin: facts.origin.as_ref(),
        referer: facts.referer.as_ref(),
    })
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
    pub struct ResponseFuture<S, R, B>
    where
        S: Service<Request<R>>,
    {
        #[pin]
        state: State<S, R, B>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<S, R, B>
    where
        S: Service<Request<R>>,
    {
        // The store is loading the visit state; then the handler runs.
        Loading {
            loading: Pin<Box<dyn Future<Output = (Option<VisitState>, Handle)> + Send>>,
            waiting: Option<Waiting<S, R>>,
        },
        // The handler is running.
        Inner { #[pin] future: S::Future, facts: Option<Facts> },
        // The store is saving the visit state; then the response leaves.
        Saving {
            saving: Pin<Box<dyn Future<Output = ()> + Send>>,
            response: Option<Response<B>>,
        },
        // Answered without the handler.
        Ready { response: Option<Response<B>> },
    }
}

/// What waits for the visit state before the handler can run.
struct Waiting<S, R> {
    inner: S,
    request: Request<R>,
    context: RequestContext,
    facts: Facts,
}

impl<S: Service<Request<R>>, R, B> ResponseFuture<S, R, B> {
    fn inner(future: S::Future, facts: Facts) -> Self {
        ResponseFuture {
            state: State::Inner {
                future,
                facts: Some(facts),
            },
        }
    }

    fn loading(
        loading: Pin<Box<dyn Future<Output = (Option<VisitState>, Handle)> + Send>>,
        inner: S,
        request: Request<R>,
        context: RequestContext,
        facts: Facts,
    ) -> Self {
        ResponseFuture {
            state: State::Loading {
                loading,
                waiting: Some(Waiting {
                    inner,
                    request,
                    context,
                    facts,
                }),
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

impl<S, R, B> Future for ResponseFuture<S, R, B>
where
    S: Service<Request<R>, Response = Response<B>>,
    B: Body + Default,
{
    type Output = Result<Response<B>, S::Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let next = match self.as_mut().project().state.project() {
                StateProj::Loading { loading, waiting } => {
                    let (state, handle) = std::task::ready!(loading.as_mut().poll(cx));
                    // Polled again after completing: only reachable by misuse of the future.
                    let Some(Waiting {
                        mut inner,
                        mut request,
                        context,
                        mut facts,
                    }) = waiting.take()
                    else {
                        return Poll::Pending;
                    };
                    let incoming = state.map(Arc::new);
                    facts.incoming.clone_from(&incoming);
                    facts.handle = handle;
                    request.extensions_mut().insert(RequestContext {
                        incoming,
                        ..context
                    });
                    State::Inner {
                        future: inner.call(request),
                        facts: Some(facts),
                    }
                }
                StateProj::Inner { future, facts } => {
                    let response = match std::task::ready!(future.poll(cx)) {
                        Ok(response) => response,
                        Err(e) => return Poll::Ready(Err(e)),
                    };
                    // Polled again after completing: only reachable by misuse of the future.
                    let Some(facts) = facts.take() else {
                        return Poll::Ready(Ok(response));
                    };
                    let mut response = finish(response, &facts);
                    every_response(response.headers_mut());
                    match save_visit(&mut response, facts).0 {
                        None => return Poll::Ready(Ok(response)),
                        Some(saving) => State::Saving {
                            saving,
                            response: Some(response),
                        },
                    }
                }
                StateProj::Saving { saving, response } => {
                    std::task::ready!(saving.as_mut().poll(cx));
                    return match response.take() {
                        Some(response) => Poll::Ready(Ok(response)),
                        None => Poll::Pending,
                    };
                }
                StateProj::Ready { response } => {
                    return match response.take() {
                        Some(mut response) => {
                            every_response(response.headers_mut());
                            Poll::Ready(Ok(response))
                        }
                        // Polled again after completion: behave like a fused future that
                        // never wakes.
                        None => Poll::Pending,
                    };
                }
            };
            self.as_mut().project().state.set(next);
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
