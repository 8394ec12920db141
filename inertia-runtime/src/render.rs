//! Rendering a page: the page object as JSON for Inertia visits, an HTML document otherwise.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use serde::Serializer as _;

use crate::config::PageEmbedding;
use crate::headers::X_INERTIA;
use crate::json::{Escape, JsonOut};
use crate::page::Page;
use crate::props::{Props, PropsError, PropsWriter};
use crate::request::InertiaRequest;
use crate::template::{AssetUrls, Root, RootContext};

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

/// Renders a page for `req`.
pub(crate) async fn render<P: Props>(
    req: InertiaRequest,
    component: &str,
    hint: &SizeHint,
    page: Page<P>,
) -> Response {
    let current = req.shared.current();
    let version = current.version();
    if req.is_inertia {
        let mut out = JsonOut::new(Vec::with_capacity(hint.get()), Escape::Json);
        if let Err(e) = write_page(&mut out, &req, component, version, page.props).await {
            return props_failed(component, &e);
        }
        hint.record(out.buf.len());
        let mut response = Response::new(Body::from(out.buf));
        *response.status_mut() = page.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(X_INERTIA, HeaderValue::from_static("true"));
        return response;
    }

    let shared = &req.shared;
    let escape = match shared.embedding {
        PageEmbedding::ScriptElement => Escape::Script,
        PageEmbedding::DataAttribute => Escape::Attribute,
    };
    let nonce = req.nonce.as_ref().map(|n| n.0.as_str());
    let vite_tags = shared
        .vite
        .as_ref()
        .map(|vite| vite.tags(&current, nonce))
        .unwrap_or_default();
    let head: &str = &vite_tags;
    let mut out = JsonOut::new(Vec::with_capacity(hint.get() + 1024), escape);
    if let Root::Shell(shell) = &shared.root {
        shell.write_start(&mut out.buf, head);
    }
    let root_start = out.buf.len();
    write_root_open(&mut out, &shared.root_id, shared.embedding);
    if let Err(e) = write_page(&mut out, &req, component, version, page.props).await {
        return props_failed(component, &e);
    }
    write_root_close(&mut out, &shared.root_id, shared.embedding);
    hint.record(out.buf.len() - root_start);

    let body = match &shared.root {
        Root::Shell(shell) => {
            shell.write_end(&mut out.buf);
            out.buf
        }
        Root::Custom(template) => {
            // The page root is ASCII-safe JSON inside our own markup, so it is UTF-8.
            let page_root = String::from_utf8_lossy(&out.buf[root_start..]);
            let cx = RootContext {
                component,
                version,
                page_root: &page_root,
                head,
                nonce,
                assets: shared.vite.as_ref().map(|vite| AssetUrls {
                    vite,
                    current: &current,
                }),
            };
            match template.render(&cx) {
                Ok(html) => html.into_bytes(),
                Err(e) => {
                    tracing::error!(component, error = %e, "the root template failed to render");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            }
        }
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = page.status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn props_failed(component: &str, e: &PropsError) -> Response {
    tracing::error!(component, error = %e, "Inertia page props could not be rendered");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// `<script data-page="app" type="application/json">` or `<div id="app" data-page="`.
fn write_root_open(out: &mut JsonOut, id: &str, embedding: PageEmbedding) {
    // `id` was checked at startup to be [A-Za-z0-9_-]+, so it needs no escaping.
    match embedding {
        PageEmbedding::ScriptElement => {
            out.raw(b"<script data-page=\"");
            out.raw(id.as_bytes());
            out.raw(b"\" type=\"application/json\">");
        }
        PageEmbedding::DataAttribute => {
            out.raw(b"<div id=\"");
            out.raw(id.as_bytes());
            out.raw(b"\" data-page=\"");
        }
    }
}

fn write_root_close(out: &mut JsonOut, id: &str, embedding: PageEmbedding) {
    match embedding {
        PageEmbedding::ScriptElement => {
            out.raw(b"</script><div id=\"");
            out.raw(id.as_bytes());
            out.raw(b"\"></div>");
        }
        PageEmbedding::DataAttribute => out.raw(b"\"></div>"),
    }
}

/// Writes the page object: `{"component":…,"props":{…},"url":…,"version":…}`.
async fn write_page<P: Props>(
    out: &mut JsonOut,
    req: &InertiaRequest,
    component: &str,
    version: &str,
    props: P,
) -> Result<(), PropsError> {
    out.raw(b"{");
    out.key("component");
    out.string(component);
    out.raw(b",");
    out.key("props");
    out.raw(b"{");
    {
        let mut w = PropsWriter::new(out);
        props.write_props(&mut w).await?;
    }
    out.raw(b"},");
    out.key("url");
    // Written straight from the request's parts; never fails for a Display of &strs.
    let _ = (&mut out.serializer()).collect_str(&req.page_url());
    out.raw(b",");
    out.key("version");
    out.string(version);
    out.raw(b"}");
    Ok(())
}
