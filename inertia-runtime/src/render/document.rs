//! The HTML document of a first visit. The markup itself (the shell, the root element) is
//! written by `frontend::template`; this assembles it with the page object or the SSR
//! render.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use super::page_object::{PendingShared, write_page};
use super::{SizeHint, props_failed};
use crate::escape::{Escape, escape_in_place};
use crate::frontend::assets::Current;
use crate::frontend::template::{
    AssetUrls, PageEmbedding, Root, RootContext, ShellValues, write_root_close, write_root_open,
};
use crate::json::JsonOut;
use crate::page::Page;
use crate::prop::Props;
use crate::request::InertiaRequest;
use crate::settings::Settings;
use crate::visit::Consumed;
use crate::wire::headers::X_INERTIA_VERSION;

/// The HTML document of a first visit: the shell's (or the template's) markup around the
/// page root, which is the page object (escaped where it lies) or, with SSR, the markup the
/// renderer made.
#[allow(clippy::too_many_arguments)]
pub(super) async fn render<P: Props>(
    req: InertiaRequest,
    component: &str,
    hint: &SizeHint,
    page: Page<P>,
    pending: PendingShared,
    current: &Current,
    status: StatusCode,
    consumed: bool,
) -> Response {
    let version = current.version();
    let settings = &req.settings;
    let escape = match settings.embedding {
        PageEmbedding::ScriptElement => Escape::Script,
        PageEmbedding::DataAttribute => Escape::Attribute,
    };
    let nonce = req.nonce.as_ref().map(|n| n.0.as_str());
    let html_class = req.html_class.as_ref().map(|c| c.0.as_ref());
    let vite_tags = settings
        .vite
        .as_ref()
        .map(|vite| vite.tags(current, nonce))
        .unwrap_or_default();
    #[cfg_attr(not(feature = "ssr"), allow(unused_mut))]
    let mut head: std::borrow::Cow<'_, str> = vite_tags;
    // Whether the SSR head brings a `<title>` (then the shell leaves its own out).
    #[cfg_attr(not(feature = "ssr"), allow(unused_mut))]
    let mut rendered_title = false;
    let mut out = JsonOut::new(Vec::with_capacity(hint.get() + 1024));

    // Server-side rendering: the page object goes to the SSR server as plain JSON; its
    // `head` joins ours and its `body` is the page root. On failure, the same JSON is
    // copied into the usual root element and escaped there.
    let root = match ssr_for(settings, &page) {
        #[cfg(feature = "ssr")]
        Some(ssr) => {
            let mut json = JsonOut::new(Vec::with_capacity(hint.get()));
            if let Err(e) =
                write_page(&mut json, &req.context(), pending, component, version, page).await
            {
                return props_failed(component, &e);
            }
            hint.record(json.buf.len());
            let json = bytes::Bytes::from(json.buf);
            match ssr
                .render(component, version, json.clone(), current.dev_url())
                .await
            {
                Ok(rendered) => {
                    let mut combined = head.into_owned();
                    for tag in &rendered.head {
                        rendered_title |= crate::frontend::template::has_title(tag);
                        combined.push_str(tag);
                        combined.push('\n');
                    }
                    head = combined.into();
                    PageRoot::Rendered(rendered.body)
                }
                Err(_) => PageRoot::Json(json),
            }
        }
        _ => PageRoot::Direct(pending, page),
    };

    if let Root::Shell(shell) = &settings.root {
        let values = ShellValues {
            version,
            component,
            nonce,
            html_class,
            assets: settings
                .vite
                .as_ref()
                .map(|vite| AssetUrls { vite, current }),
        };
        shell.write_start(&mut out.buf, &head, rendered_title, &values);
    }
    let root_start = out.buf.len();
    match root {
        #[cfg(feature = "ssr")]
        PageRoot::Rendered(body) => out.raw(body.as_bytes()),
        #[cfg(feature = "ssr")]
        PageRoot::Json(json) => {
            write_root_open(&mut out, &settings.root_id, settings.embedding);
            let json_start = out.buf.len();
            out.raw(&json);
            escape_in_place(&mut out.buf, json_start, escape);
            write_root_close(&mut out, &settings.root_id, settings.embedding);
        }
        PageRoot::Direct(pending, page) => {
            // The usual path: the page JSON is written straight into the document, then
            // escaped where it lies, in one pass over its bytes.
            write_root_open(&mut out, &settings.root_id, settings.embedding);
            let json_start = out.buf.len();
            if let Err(e) =
                write_page(&mut out, &req.context(), pending, component, version, page).await
            {
                return props_failed(component, &e);
            }
            hint.record(out.buf.len() - json_start);
            escape_in_place(&mut out.buf, json_start, escape);
            write_root_close(&mut out, &settings.root_id, settings.embedding);
        }
    }

    let body = match &settings.root {
        Root::Shell(shell) => {
            shell.write_end(&mut out.buf);
            out.buf
        }
        Root::Custom(template) => {
            // The page root is our markup around escaped JSON, or the SSR server's HTML.
            let page_root = String::from_utf8_lossy(&out.buf[root_start..]);
            let cx = RootContext {
                component,
                version,
                page_root: &page_root,
                head: &head,
                nonce,
                html_class,
                assets: settings
                    .vite
                    .as_ref()
                    .map(|vite| AssetUrls { vite, current }),
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
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // As on Inertia responses, so a proxy or a `curl -I` shows the version of every page.
    if let Some(version) = settings.version_header(current) {
        headers.insert(X_INERTIA_VERSION, version);
    }
    if consumed {
        response.extensions_mut().insert(Consumed);
    }
    response
}

/// Where the page root of an HTML response comes from.
enum PageRoot<P> {
    /// Written straight into the document (no SSR).
    Direct(PendingShared, Page<P>),
    /// The SSR server's HTML.
    #[cfg(feature = "ssr")]
    Rendered(String),
    /// The page JSON, already written for an SSR attempt that failed.
    #[cfg(feature = "ssr")]
    Json(bytes::Bytes),
}

/// The SSR server to use for this page, if any.
#[cfg(feature = "ssr")]
fn ssr_for<'a, P>(settings: &'a Settings, page: &Page<P>) -> Option<&'a crate::ssr::SsrState> {
    settings.ssr.as_ref().filter(|_| page.ssr)
}

#[cfg(not(feature = "ssr"))]
fn ssr_for<P>(_: &Settings, _: &Page<P>) -> Option<std::convert::Infallible> {
    None
}
