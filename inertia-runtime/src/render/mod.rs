//! Rendering a request's page: the page object as JSON for Inertia visits
//! ([`page_object`]), an HTML document otherwise ([`document`]: the built-in shell or your
//! template, with the Vite tags and, with SSR, the rendered markup).

mod document;
mod page_object;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use crate::json::JsonOut;
use crate::page::{IntoPage, Page};
use crate::prop::{Props, PropsError};
use crate::request::InertiaRequest;
use crate::visit::Consumed;
use crate::wire::headers::{X_INERTIA, X_INERTIA_VERSION};
use page_object::{PendingShared, write_page};

/// The size of the last response of one page, so the next one is written into a buffer that
/// is already large enough: one allocation per response instead of a series of doublings,
/// each of which copies everything written so far.
#[derive(Debug)]
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    /// Starts with no knowledge (a small first buffer).
    pub const fn new() -> Self {
        SizeHint(AtomicUsize::new(0))
    }

    fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed).max(256)
    }

    fn record(&self, len: usize) {
        // An eighth of slack, so a page that grows a little still fits.
        self.0.store(len + len / 8, Ordering::Relaxed);
    }
}

impl Default for SizeHint {
    fn default() -> Self {
        Self::new()
    }
}

impl InertiaRequest {
    /// Renders `component` with `props` (anything an `#[inertia_page]` handler may return):
    /// page JSON for Inertia visits, the HTML document otherwise.
    pub async fn render<P: IntoPage>(self, component: &str, props: P) -> Response {
        static HINT: SizeHint = SizeHint::new();
        render(self, component, &HINT, props.into_page()).await
    }
}

/// Renders a page for `req`.
pub(crate) async fn render<P: Props>(
    mut req: InertiaRequest,
    component: &str,
    hint: &SizeHint,
    page: Page<P>,
) -> Response {
    let current = req.assets.clone();
    let version = current.version();
    let status = page.status;
    let consumed = req.incoming.is_some() && !req.visit.prefetch;
    let pending = PendingShared(std::mem::take(&mut req.pending_shared));
    if req.visit.inertia {
        let mut out = JsonOut::new(Vec::with_capacity(hint.get()));
        if let Err(e) =
            write_page(&mut out, &req.context(), pending, component, version, page).await
        {
            return props_failed(component, &e);
        }
        hint.record(out.buf.len());
        let mut response = Response::new(Body::from(out.buf));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(X_INERTIA, HeaderValue::from_static("true"));
        if let Some(version) = req.settings.version_header(&current) {
            headers.insert(X_INERTIA_VERSION, version);
        }
        if consumed {
            response.extensions_mut().insert(Consumed);
        }
        return response;
    }
    document::render(
        req, component, hint, page, pending, &current, status, consumed,
    )
    .await
}

fn props_failed(component: &str, e: &PropsError) -> Response {
    tracing::error!(component, error = %e, "Inertia page props could not be rendered");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
