//! The HTML document of a first visit: the built-in [`HtmlShell`] or your own [`RootTemplate`].

use crate::json::JsonOut;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::error::ConfigError;
use crate::frontend::assets::Current;
use crate::frontend::vite::ViteState;

/// How the initial page object is embedded in the HTML of a first visit.
///
/// ```
/// use inertia_runtime::{InertiaConfig, PageEmbedding};
///
/// // For clients of Inertia 2 that read `data-page` on the root element.
/// let config = InertiaConfig::new().page_embedding(PageEmbedding::DataAttribute);
/// # let _ = config;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageEmbedding {
    /// `<script data-page="app" type="application/json">…</script><div id="app"></div>`: what
    /// Inertia 3 clients read (and 2.x clients with
    /// `future.useScriptElementForInitialPage`).
    #[default]
    ScriptElement,
    /// `<div id="app" data-page="…"></div>`: what Inertia 2 clients read by default.
    DataAttribute,
}

/// The context a [`RootTemplate`] renders with.
///
/// ```
/// use inertia_runtime::RootContext;
///
/// fn template(cx: &RootContext<'_>) -> Result<String, std::convert::Infallible> {
///     Ok(format!(
///         "<!DOCTYPE html><html><head>{head}<meta name=\"asset-version\" content=\"{v}\"></head>\
///          <body>{root}</body></html>",
///         head = cx.head(),
///         v = cx.version(),
///         root = cx.page_root(),
///     ))
/// }
/// # let _ = template;
/// ```
#[derive(Debug)]
pub struct RootContext<'a> {
    pub(crate) component: &'a str,
    pub(crate) version: &'a str,
    pub(crate) page_root: &'a str,
    pub(crate) head: &'a str,
    pub(crate) nonce: Option<&'a str>,
    pub(crate) html_class: Option<&'a str>,
    pub(crate) assets: Option<AssetUrls<'a>>,
}

/// Resolves asset URLs for a template (the Vite state and the assets in force).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AssetUrls<'a> {
    pub(crate) vite: &'a ViteState,
    pub(crate) current: &'a Current,
}

impl<'a> RootContext<'a> {
    /// The element the client boots from, ready to insert into `<body>`: by default
    /// `<script data-page="app" type="application/json">{page}</script><div id="app"></div>`
    /// with the page object escaped so that no prop can end the element. Insert it as is
    /// (unescaped, e.g. `{{ page_root | safe }}` in minijinja).
    pub fn page_root(&self) -> &'a str {
        self.page_root
    }

    /// HTML for `<head>` that the adapter manages: the Vite tags that load the frontend
    /// (built files, or the dev server's client and entries), then the head of a server-side
    /// render when there is one. Insert it as is.
    pub fn head(&self) -> &'a str {
        self.head
    }

    /// The CSP nonce of this request ([`CspNonce`] in the request extensions), already put on
    /// the tags of [`head`](Self::head); use it for your own inline scripts.
    pub fn nonce(&self) -> Option<&'a str> {
        self.nonce
    }

    /// The class of this request's `<html>` element ([`HtmlClass`] in the request
    /// extensions), e.g. `"dark"`. Plain text: escape it if you put it in HTML.
    pub fn html_class(&self) -> Option<&'a str> {
        self.html_class
    }

    /// The URL of a file Vite knows by its source path, e.g. `src/images/logo.png` (Laravel's
    /// `Vite::asset`): the fingerprinted file of the build, or the file on the dev server.
    /// `None` without Vite, or for a path the manifest does not have.
    pub fn asset_url(&self, source_path: &str) -> Option<String> {
        let assets = self.assets?;
        assets.vite.asset_url(assets.current, source_path)
    }

    /// The asset version of this response (the Vite dev server URL in development).
    /// Plain text: escape it if you put it in HTML.
    pub fn version(&self) -> &'a str {
        self.version
    }

    /// The page component being rendered, e.g. `"Users/Index"`. Plain text: escape it if you
    /// put it in HTML.
    pub fn component(&self) -> &'a str {
        self.component
    }
}

/// A user-supplied root template: renders the whole HTML document of a first visit.
///
/// Implemented for closures `Fn(&RootContext) -> Result<String, E>`, which is how a template
/// engine plugs in; see [`RootContext`] for an example. The built-in [`HtmlShell`] is used when
/// no template is configured.
pub trait RootTemplate: Send + Sync + 'static {
    /// Renders the document.
    ///
    /// # Errors
    ///
    /// Any error of the template engine; the request is answered with a 500 and the error is
    /// logged.
    fn render(
        &self,
        cx: &RootContext<'_>,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>>;
}

impl<F, E> RootTemplate for F
where
    F: Fn(&RootContext<'_>) -> Result<String, E> + Send + Sync + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn render(
        &self,
        cx: &RootContext<'_>,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        self(cx).map_err(Into::into)
    }
}

/// A Content-Security-Policy nonce for this request: insert it into the request's extensions
/// (in a middleware that also sets the `Content-Security-Policy` header) and the tags the
/// adapter writes carry it.
///
/// ```
/// use axum::{extract::Request, middleware::Next, response::Response};
/// use inertia_runtime::CspNonce;
///
/// async fn csp(mut req: Request, next: Next) -> Response {
///     let nonce = "r4nd0m".to_owned(); // use a fresh random value per request
///     req.extensions_mut().insert(CspNonce(nonce.clone()));
///     let mut res = next.run(req).await;
///     let policy = format!("script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'");
///     res.headers_mut().insert("content-security-policy", policy.parse().unwrap());
///     res
/// }
/// # let _ = csp;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub String);

/// A class for this request's `<html>` element: insert it into the request's extensions (in
/// a middleware) and the built-in [`HtmlShell`] writes `<html lang="en" class="dark">`; a
/// [`RootTemplate`] reads it as [`RootContext::html_class`].
///
/// What it is for: a theme the user chose (light or dark) in force from the document's first
/// byte, with or without server-side rendering and before any script runs, so the page never
/// flashes the other theme (the class Tailwind's and shadcn's `dark` styles key on). The class
/// is escaped where it is written.
///
/// ```
/// use axum::{extract::Request, middleware::Next, response::Response};
/// use inertia_runtime::HtmlClass;
///
/// async fn appearance(mut req: Request, next: Next) -> Response {
///     let dark = req
///         .headers()
///         .get("cookie")
///         .and_then(|c| c.to_str().ok())
///         .is_some_and(|c| c.split("; ").any(|c| c == "appearance=dark"));
///     if dark {
///         // A `&'static str` class costs no allocation.
///         req.extensions_mut().insert(HtmlClass::from("dark"));
///     }
///     next.run(req).await
/// }
/// # let _ = appearance;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlClass(pub Cow<'static, str>);

impl From<&'static str> for HtmlClass {
    fn from(class: &'static str) -> Self {
        HtmlClass(Cow::Borrowed(class))
    }
}

impl From<String> for HtmlClass {
    fn from(class: String) -> Self {
        HtmlClass(Cow::Owned(class))
    }
}

/// The built-in HTML document: doctype, `<html lang>` (and the request's [`HtmlClass`]), charset and viewport, `<title>`, your
/// extra head HTML, the Vite tags, and the page root in `<body>`.
///
/// ```
/// use inertia_runtime::HtmlShell;
///
/// let shell = HtmlShell::new()
///     .title("Acme")
///     .lang("en-GB")
///     .head_html(r#"<link rel="icon" href="/favicon.svg">"#)
///     // Values of the response, HTML-escaped where they are placed:
///     .head_html("<!-- Version: {{ version }} -->")
///     .head_html(r#"<meta name="inertia-component" content="{{ component }}">"#);
/// # let _ = shell;
/// ```
///
/// # Values in the head
///
/// [`head_html`](Self::head_html) may place the values a [`RootTemplate`] gets, each written
/// HTML-escaped (safe in element text and in quoted attributes):
///
/// | placeholder | value |
/// |---|---|
/// | `{{ version }}` (or `{{ vite_version }}`) | the asset version of the response ([`RootContext::version`]) |
/// | `{{ component }}` | the page component ([`RootContext::component`]) |
/// | `{{ nonce }}` | the request's [`CspNonce`] (empty without one) |
/// | `{{ asset:src/images/logo.svg }}` | the URL of a file Vite knows ([`RootContext::asset_url`]) |
///
/// Any other `{{ … }}` is a [`ConfigError`](crate::ConfigError) at startup, as is an
/// `asset:` path the Vite manifest does not have, so a typo cannot ship. The head is split
/// at startup; a request only writes the pieces.
#[derive(Clone, Debug)]
pub struct HtmlShell {
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) head_html: String,
}

impl Default for HtmlShell {
    fn default() -> Self {
        HtmlShell {
            lang: "en".to_owned(),
            title: String::new(),
            head_html: String::new(),
        }
    }
}

impl HtmlShell {
    /// The default shell: `lang="en"`, no title.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document `<title>` (plain text; it is escaped). Left out when a server-rendered
    /// head (SSR) brings its own `<title>`, which then names the page from the first byte.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The `lang` attribute of `<html>` (plain text; it is escaped).
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = lang.into();
        self
    }

    /// Extra HTML for `<head>`, inserted as is (it is yours, so it is trusted), except for
    /// the `{{ … }}` values listed [above](Self#values-in-the-head). Can be called more than
    /// once.
    pub fn head_html(mut self, html: impl AsRef<str>) -> Self {
        self.head_html.push_str(html.as_ref());
        self
    }

    /// Checks the placeholders of the head and splits it into pieces, once, at startup.
    pub(crate) fn check(self, vite: Option<&ViteState>) -> Result<Shell, ConfigError> {
        let mut head = Vec::new();
        let mut rest = self.head_html.as_str();
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else {
                return Err(ConfigError::new(format!(
                    "HtmlShell::head_html: `{{{{` without a closing `}}}}` in {:?}",
                    &rest[open..]
                )));
            };
            if open > 0 {
                head.push(HeadPiece::Html(rest[..open].to_owned()));
            }
            let name = rest[open + 2..open + close].trim();
            head.push(match name {
                "version" | "vite_version" => HeadPiece::Version,
                "component" => HeadPiece::Component,
                "nonce" => HeadPiece::Nonce,
                _ => match name.strip_prefix("asset:").map(str::trim) {
                    Some(path) if !path.is_empty() => {
                        if let Some(vite) = vite
                            && !vite.knows_asset(path)
                        {
                            return Err(ConfigError::new(format!(
                                "HtmlShell::head_html: `{{{{ asset:{path} }}}}` is not in the Vite manifest; name a source file Vite built (a key of the manifest, e.g. `src/images/logo.svg`)"
                            )));
                        }
                        HeadPiece::Asset(path.to_owned())
                    }
                    _ => {
                        return Err(ConfigError::new(format!(
                            "HtmlShell::head_html: unknown placeholder `{{{{ {name} }}}}`; the shell knows `{{{{ version }}}}`, `{{{{ component }}}}`, `{{{{ nonce }}}}` and `{{{{ asset:src/… }}}}`"
                        )));
                    }
                },
            });
            rest = &rest[open + close + 2..];
        }
        if !rest.is_empty() {
            head.push(HeadPiece::Html(rest.to_owned()));
        }
        Ok(Shell {
            lang: self.lang,
            title: self.title,
            head,
        })
    }
}

/// A checked [`HtmlShell`]: its head split into markup and the values placed in it.
#[derive(Clone, Debug)]
pub(crate) struct Shell {
    lang: String,
    title: String,
    head: Vec<HeadPiece>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum HeadPiece {
    Html(String),
    Version,
    Component,
    Nonce,
    Asset(String),
}

/// The values of one response that the shell's head may place.
pub(crate) struct ShellValues<'a> {
    pub(crate) version: &'a str,
    pub(crate) component: &'a str,
    pub(crate) nonce: Option<&'a str>,
    pub(crate) html_class: Option<&'a str>,
    pub(crate) assets: Option<AssetUrls<'a>>,
}

impl Shell {
    /// Everything before the page root. `head`: the adapter's tags (Vite, SSR);
    /// `rendered_title`: the SSR head has its own `<title>`.
    pub(crate) fn write_start(
        &self,
        out: &mut Vec<u8>,
        head: &str,
        rendered_title: bool,
        values: &ShellValues<'_>,
    ) {
        out.extend_from_slice(b"<!DOCTYPE html>\n<html lang=\"");
        escape_html_into(&self.lang, out);
        if let Some(class) = values.html_class.filter(|class| !class.is_empty()) {
            out.extend_from_slice(b"\" class=\"");
            escape_html_into(class, out);
        }
        out.extend_from_slice(b"\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // A server-rendered head brings the page's own title; a second one would win the tab.
        if !self.title.is_empty() && !rendered_title {
            out.extend_from_slice(b"<title>");
            escape_html_into(&self.title, out);
            out.extend_from_slice(b"</title>\n");
        }
        if !self.head.is_empty() {
            for piece in &self.head {
                match piece {
                    HeadPiece::Html(html) => out.extend_from_slice(html.as_bytes()),
                    HeadPiece::Version => escape_html_into(values.version, out),
                    HeadPiece::Component => escape_html_into(values.component, out),
                    HeadPiece::Nonce => escape_html_into(values.nonce.unwrap_or(""), out),
                    HeadPiece::Asset(path) => {
                        let url = values
                            .assets
                            .and_then(|assets| assets.vite.asset_url(assets.current, path));
                        escape_html_into(url.as_deref().unwrap_or(""), out);
                    }
                }
            }
            if out.last() != Some(&b'\n') {
                out.push(b'\n');
            }
        }
        if !head.is_empty() {
            out.extend_from_slice(head.as_bytes());
            if !head.ends_with('\n') {
                out.push(b'\n');
            }
        }
        out.extend_from_slice(b"</head>\n<body>\n");
    }

    /// Everything after the page root.
    pub(crate) fn write_end(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\n</body>\n</html>\n");
    }
}

/// Whether head markup has a `<title` element (ASCII case-insensitive).
#[cfg(feature = "ssr")]
pub(crate) fn has_title(head: &str) -> bool {
    head.as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"<title"))
}

/// Escapes text for HTML element content and quoted attribute values (the one table,
/// [`inertia_vite::html`]).
pub(crate) fn escape_html_into(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(inertia_vite::html::escape(text).as_bytes());
}

/// Which root template renders first visits.
#[derive(Clone)]
pub(crate) enum Root {
    Shell(Shell),
    Custom(Arc<dyn RootTemplate>),
}

impl fmt::Debug for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Root::Shell(shell) => f.debug_tuple("Shell").field(shell).finish(),
            Root::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

/// `<script data-page="app" type="application/json">` or `<div id="app" data-page="`.
pub(crate) fn write_root_open(out: &mut JsonOut, id: &str, embedding: PageEmbedding) {
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

pub(crate) fn write_root_close(out: &mut JsonOut, id: &str, embedding: PageEmbedding) {
    match embedding {
        PageEmbedding::ScriptElement => {
            out.raw(b"</script><div id=\"");
            out.raw(id.as_bytes());
            out.raw(b"\"></div>");
        }
        PageEmbedding::DataAttribute => out.raw(b"\"></div>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> ShellValues<'static> {
        ShellValues {
            version: "v\"1<2>",
            component: "Users/<Index>",
            nonce: Some("n&1"),
            html_class: None,
            assets: None,
        }
    }

    fn start(shell: HtmlShell) -> String {
        let mut out = Vec::new();
        shell
            .check(None)
            .unwrap()
            .write_start(&mut out, "", false, &values());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn shell_escapes_title_and_lang() {
        let html = start(
            HtmlShell::new()
                .title("<b>Tom & \"Jerry\"</b>")
                .lang("en\"><x"),
        );
        assert!(html.contains("<title>&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;</title>"));
        assert!(html.contains("<html lang=\"en&quot;&gt;&lt;x\">"));
    }

    #[test]
    fn the_html_element_takes_the_requests_class_escaped() {
        let mut out = Vec::new();
        let dark = ShellValues {
            html_class: Some("dark\"><script>"),
            ..values()
        };
        let shell = HtmlShell::new().check(None).unwrap();
        shell.write_start(&mut out, "", false, &dark);
        let html = String::from_utf8(out).unwrap();
        assert!(
            html.contains("<html lang=\"en\" class=\"dark&quot;&gt;&lt;script&gt;\">\n<head>"),
            "{html}"
        );
        // An empty class writes no attribute.
        let mut out = Vec::new();
        let empty = ShellValues {
            html_class: Some(""),
            ..values()
        };
        shell.write_start(&mut out, "", false, &empty);
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("<html lang=\"en\">\n<head>")
        );
    }

    #[test]
    fn shell_without_title_has_no_title_element() {
        assert!(!start(HtmlShell::new()).contains("<title>"));
    }

    #[test]
    fn the_head_places_the_values_of_the_response_escaped() {
        let html = start(
            HtmlShell::new()
                .head_html("<!-- Version: {{ version }} -->")
                .head_html("<meta name=\"c\" content=\"{{component}}\"><meta name=\"n\" content=\"{{ nonce }}\">{{ vite_version }}"),
        );
        assert!(
            html.contains("<!-- Version: v&quot;1&lt;2&gt; -->"),
            "{html}"
        );
        assert!(html.contains("<meta name=\"c\" content=\"Users/&lt;Index&gt;\">"));
        assert!(html.contains("<meta name=\"n\" content=\"n&amp;1\">v&quot;1&lt;2&gt;\n"));
    }

    #[test]
    fn unknown_or_unclosed_placeholders_are_startup_errors() {
        for (head, expected) in [
            ("{{ verison }}", "unknown placeholder `{{ verison }}`"),
            ("<x>{{ version", "without a closing"),
            ("{{ asset: }}", "unknown placeholder"),
        ] {
            let error = HtmlShell::new().head_html(head).check(None).unwrap_err();
            assert!(error.to_string().contains(expected), "{head}: {error}");
        }
    }
}
