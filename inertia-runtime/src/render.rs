//! Rendering a request's page: the page object as JSON for Inertia visits, an HTML document
//! (the built-in shell or your template, with the Vite tags and, with SSR, the rendered
//! markup) otherwise.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::ValidationErrors;
use crate::escape::{Escape, escape_in_place};
use crate::frontend::template::{AssetUrls, PageEmbedding, Root, RootContext, ShellValues};
use crate::json::JsonOut;
use crate::page::{IntoPage, Page};
use crate::prop::meta::Metadata;
use crate::prop::partial::{Partial, PropsHeaders};
use crate::prop::shared::{Pending, PerRequest, RawJson, SharedDef};
use crate::prop::{Overridden, Props, PropsError, PropsWriter};
use crate::request::InertiaRequest;
use crate::settings::Settings;
use crate::visit::{Consumed, DEFAULT_BAG, VisitState};
use crate::wire::headers::{X_INERTIA, X_INERTIA_VERSION};
use crate::wire::url::RequestUrl;

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

    /// What writing the page reads from this request.
    fn context(&self) -> PageContext<'_> {
        PageContext {
            settings: &self.settings,
            partial: self.visit.partial.as_deref().unwrap_or(&PropsHeaders::NONE),
            incoming: self.incoming.as_deref(),
            url: self.visit.page_url(&self.uri),
            is_inertia: self.visit.inertia,
        }
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

    let settings = &req.settings;
    let escape = match settings.embedding {
        PageEmbedding::ScriptElement => Escape::Script,
        PageEmbedding::DataAttribute => Escape::Attribute,
    };
    let nonce = req.nonce.as_ref().map(|n| n.0.as_str());
    let vite_tags = settings
        .vite
        .as_ref()
        .map(|vite| vite.tags(&current, nonce))
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
            match ssr.render(component, json.clone(), current.dev_url()).await {
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
            assets: settings.vite.as_ref().map(|vite| AssetUrls {
                vite,
                current: &current,
            }),
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
                assets: settings.vite.as_ref().map(|vite| AssetUrls {
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
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // As on Inertia responses, so a proxy or a `curl -I` shows the version of every page.
    if let Some(version) = settings.version_header(&current) {
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

/// Writes the page object: `{"component":…,"props":{…},"url":…,"version":…}` and the
/// metadata keys that apply, in the order Laravel writes them.
async fn write_page<P: Props>(
    out: &mut JsonOut,
    req: &PageContext<'_>,
    mut pending: PendingShared,
    component: &str,
    version: &str,
    page: Page<P>,
) -> Result<(), PropsError> {
    let settings = req.settings;
    let partial = Partial::new(req.partial, component, req.is_inertia);
    let mut meta = Metadata::default();
    let mut path = String::new();
    let mut overridden = Overridden::default();
    let incoming = req.incoming;

    // Constant keys as bytes (the page is escaped as a whole for HTML afterwards).
    out.raw(b"{\"component\":");
    out.string(component);
    out.raw(b",\"props\":{");
    {
        let keys: &[Box<str>] = &settings.shared_keys;
        let mut w = PropsWriter::new(
            out,
            &partial,
            &mut meta,
            &mut path,
            Some((keys, &mut overridden)),
        );
        page.props.write_props(&mut w).await?;
        // Shared props after the page's, unless the page has a prop of the same name.
        for (i, def) in settings.shared_props.iter().enumerate() {
            if w.defines_shared(i) {
                continue;
            }
            match def {
                SharedDef::Static { key, json } => w.shared_field(key, RawJson(json)).await?,
                SharedDef::PerRequest { key, .. } => {
                    if let Some(future) = pending.take(i) {
                        w.shared_field(key, PerRequest(future)).await?;
                    }
                }
            }
        }
        let errors_index = settings.shared_keys.len() - 1;
        if !settings.errors_shared_explicitly && !w.defines_shared(errors_index) {
            let errors = Errors {
                state: incoming,
                bag: partial.error_bag,
                all: settings.all_errors,
            };
            w.shared_field("errors", crate::prop::value(errors).always())
                .await?;
        }
    }
    out.raw(b"},\"url\":");
    // Written straight from the request's parts; never fails for a Display of &strs.
    let _ = (&mut out.serializer()).collect_str(&req.url);
    out.raw(b",\"version\":");
    out.string(version);

    out.raw(&settings.shared_props_json);
    meta.write(out);
    if page.clear_history || incoming.is_some_and(|s| s.clear_history) {
        out.raw(b",\"clearHistory\":true");
    }
    if page.encrypt_history.unwrap_or(settings.encrypt_history) {
        out.raw(b",\"encryptHistory\":true");
    }
    let incoming_flash = incoming.map(|s| &s.flash).filter(|f| !f.is_empty());
    if incoming_flash.is_some() || !page.flash.is_empty() {
        out.raw(b",");
        out.key("flash");
        let flash = Flash {
            incoming: incoming_flash,
            page: &page.flash,
        };
        out.value(&flash).map_err(PropsError::serialize)?;
    }
    if page.preserve_fragment || incoming.is_some_and(|s| s.preserve_fragment) {
        out.raw(b",\"preserveFragment\":true");
    }
    out.raw(b"}");
    Ok(())
}

/// What writing a page reads from the request. Only shared references to `Sync` data, so the
/// rendering future stays `Send` (the request also holds the boxed per-request shared
/// futures, which are only `Send`).
struct PageContext<'a> {
    settings: &'a Settings,
    partial: &'a PropsHeaders,
    incoming: Option<&'a VisitState>,
    url: RequestUrl<'a>,
    is_inertia: bool,
}

/// The per-request shared futures, taken by index as their props are written.
struct PendingShared(Vec<(usize, Pending)>);

impl PendingShared {
    fn take(&mut self, index: usize) -> Option<Pending> {
        let at = self.0.iter().position(|(i, _)| *i == index)?;
        Some(self.0.swap_remove(at).1)
    }
}

/// The `errors` prop: `{}` without errors; the default bag's fields (nested under the
/// `X-Inertia-Error-Bag` name when the request sends one); otherwise every bag by name.
struct Errors<'a> {
    state: Option<&'a VisitState>,
    bag: Option<&'a str>,
    all: bool,
}

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(bags) = self.state.map(|s| &s.errors).filter(|b| !b.is_empty()) else {
            return serializer.serialize_map(Some(0))?.end();
        };
        let fields = |errors| Fields {
            errors,
            all: self.all,
        };
        match (bags.get(DEFAULT_BAG), self.bag) {
            (Some(default), Some(name)) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(name, &fields(default))?;
                map.end()
            }
            (Some(default), None) => fields(default).serialize(serializer),
            (None, _) => {
                let mut map = serializer.serialize_map(Some(bags.len()))?;
                for (name, errors) in bags {
                    map.serialize_entry(name, &fields(errors))?;
                }
                map.end()
            }
        }
    }
}

struct Fields<'a> {
    errors: &'a ValidationErrors,
    all: bool,
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = self.errors.fields();
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for (field, messages) in fields {
            if self.all {
                map.serialize_entry(field, messages)?;
            } else {
                map.serialize_entry(field, messages.first().map_or("", String::as_str))?;
            }
        }
        map.end()
    }
}

/// The page's `flash`: what the previous visit flashed, then this page's own.
struct Flash<'a> {
    incoming: Option<&'a serde_json::Map<String, serde_json::Value>>,
    page: &'a [(String, Box<serde_json::value::RawValue>)],
}

impl Serialize for Flash<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(incoming) = self.incoming {
            let own = |key: &str| self.page.iter().any(|(k, _)| k == key);
            for (key, value) in incoming.iter().filter(|(k, _)| !own(k)) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in self.page {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
