//! Configuring the adapter: [`InertiaConfig`], turned into an [`InertiaLayer`].

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::assets::{Current, DevServer, HotFile};
use crate::layer::InertiaLayer;
use crate::template::{HtmlShell, Root, RootTemplate};

/// How the initial page object is embedded in the HTML of a first visit.
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

/// The settings of the Inertia adapter.
///
/// ```
/// use inertia_runtime::{HtmlShell, InertiaConfig};
///
/// let inertia = InertiaConfig::new()
///     .version("1a2b3c4d5e6f7a8b") // usually `vite_version!("dist/.vite/manifest.json")`
///     .html_shell(HtmlShell::new().title("Acme"))
///     .into_layer()
///     .unwrap();
/// assert_eq!(inertia.asset_version(), "1a2b3c4d5e6f7a8b");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct InertiaConfig {
    pub(crate) version: Cow<'static, str>,
    pub(crate) dev_url: Option<String>,
    pub(crate) hot_file: Option<PathBuf>,
    pub(crate) root: Root,
    pub(crate) root_id: String,
    pub(crate) embedding: PageEmbedding,
    pub(crate) trust_forwarded_prefix: bool,
}

impl Default for InertiaConfig {
    fn default() -> Self {
        InertiaConfig {
            version: Cow::Borrowed(""),
            dev_url: None,
            hot_file: None,
            root: Root::Shell(HtmlShell::default()),
            root_id: "app".to_owned(),
            embedding: PageEmbedding::default(),
            trust_forwarded_prefix: true,
        }
    }
}

impl InertiaConfig {
    /// Defaults: no asset version (`""`), the built-in [`HtmlShell`], root element `app`,
    /// the v3 script element.
    pub fn new() -> Self {
        Self::default()
    }

    /// The asset version of the built frontend: every page carries it, and an Inertia GET
    /// whose `X-Inertia-Version` differs is answered with `409 Conflict` so the client reloads.
    ///
    /// Use [`vite_version!`](crate::vite_version) to fix it at compile time, or
    /// [`version_from_manifest`](crate::version_from_manifest) to compute it at startup.
    pub fn version(mut self, version: impl Into<Cow<'static, str>>) -> Self {
        self.version = version.into();
        self
    }

    /// Development: assets come from the Vite dev server at `url` (e.g.
    /// `http://localhost:5173`). The page `version` becomes that URL and version mismatches
    /// never answer `409` (Vite's HMR updates the page instead of a reload).
    pub fn vite_dev_server(mut self, url: impl Into<String>) -> Self {
        self.dev_url = Some(url.into());
        self
    }

    /// Development when a hot file exists: while `path` exists it holds the Vite dev server's
    /// URL (the `public/hot` convention of `laravel-vite-plugin` and the plugin in
    /// `examples/demo`), and the adapter behaves as with
    /// [`vite_dev_server`](Self::vite_dev_server); without it, built assets and the
    /// [`version`](Self::version) are used. Switching needs no restart: the file is looked at
    /// again at most every 250 ms. Relative paths are relative to the working directory.
    pub fn vite_hot_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.hot_file = Some(path.into());
        self
    }

    /// Uses the built-in HTML document with these settings (the default is
    /// `HtmlShell::new()`).
    pub fn html_shell(mut self, shell: HtmlShell) -> Self {
        self.root = Root::Shell(shell);
        self
    }

    /// Renders first visits with your own template (for example a template engine); see
    /// [`RootTemplate`] and [`RootContext`](crate::RootContext).
    pub fn root_template(mut self, template: impl RootTemplate) -> Self {
        self.root = Root::Custom(Arc::new(template));
        self
    }

    /// The id of the element the client mounts into (`createInertiaApp({ id })`), `app` by
    /// default. Letters, digits, `-` and `_` only.
    pub fn root_id(mut self, id: impl Into<String>) -> Self {
        self.root_id = id.into();
        self
    }

    /// How the initial page is embedded; see [`PageEmbedding`].
    pub fn page_embedding(mut self, embedding: PageEmbedding) -> Self {
        self.embedding = embedding;
        self
    }

    /// Whether page URLs include the `X-Forwarded-Prefix` a reverse proxy sends (default
    /// `true`). Only a prefix that is a plain absolute path (`/app`, not `//host` or `..`) is
    /// ever used.
    pub fn trust_forwarded_prefix(mut self, trust: bool) -> Self {
        self.trust_forwarded_prefix = trust;
        self
    }

    /// Checks the settings and builds the layer to add to your router.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] for an invalid root id, dev server URL or version.
    pub fn into_layer(self) -> Result<InertiaLayer, ConfigError> {
        Shared::new(self).map(|shared| InertiaLayer::new(Arc::new(shared)))
    }
}

/// A mistake in the [`InertiaConfig`], found at startup.
#[derive(Debug)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Inertia configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The checked configuration, shared by the layer and every request.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) version: Cow<'static, str>,
    pub(crate) dev: Option<DevServer>,
    pub(crate) root: Root,
    pub(crate) root_id: String,
    pub(crate) embedding: PageEmbedding,
    pub(crate) trust_forwarded_prefix: bool,
}

impl Shared {
    fn new(config: InertiaConfig) -> Result<Self, ConfigError> {
        if config.root_id.is_empty()
            || !config
                .root_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ConfigError::new(format!(
                "root id {:?} must be non-empty and use only letters, digits, `-` and `_`",
                config.root_id
            )));
        }
        if http::HeaderValue::from_str(&config.version).is_err() {
            return Err(ConfigError::new(format!(
                "asset version {:?} cannot be sent in the `X-Inertia-Version` header (use visible ASCII)",
                config.version
            )));
        }
        let dev = match (config.dev_url, config.hot_file) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "set either `vite_dev_server` or `vite_hot_file`, not both",
                ));
            }
            (Some(url), None) => {
                let url = url.trim_end_matches('/');
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(ConfigError::new(format!(
                        "Vite dev server URL {url:?} must start with http:// or https://"
                    )));
                }
                Some(DevServer::Url(Arc::from(url)))
            }
            (None, Some(path)) => Some(DevServer::HotFile(HotFile::new(path))),
            (None, None) => None,
        };
        if let Some(DevServer::HotFile(hot)) = &dev {
            tracing::debug!(hot_file = %hot.path().display(), "watching for a Vite dev server");
        }
        Ok(Shared {
            version: config.version,
            dev,
            root: config.root,
            root_id: config.root_id,
            embedding: config.embedding,
            trust_forwarded_prefix: config.trust_forwarded_prefix,
        })
    }

    /// The assets in force now.
    pub(crate) fn current(&self) -> Current<'_> {
        match self.dev.as_ref().and_then(DevServer::url) {
            Some(url) => Current::Dev(url),
            None => Current::Build(&self.version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(config: InertiaConfig) -> String {
        config.into_layer().unwrap_err().to_string()
    }

    #[test]
    fn mistakes_are_reported_at_startup() {
        assert!(err(InertiaConfig::new().root_id("")).contains("root id"));
        assert!(err(InertiaConfig::new().root_id("a\"b")).contains("root id"));
        assert!(err(InertiaConfig::new().version("v\n1")).contains("asset version"));
        assert!(err(InertiaConfig::new().vite_dev_server("localhost:5173")).contains("http://"));
        assert!(
            err(InertiaConfig::new()
                .vite_dev_server("http://localhost:5173")
                .vite_hot_file("public/hot"))
            .contains("not both")
        );
    }

    #[test]
    fn dev_server_url_is_the_version() {
        let layer = InertiaConfig::new()
            .version("abc")
            .vite_dev_server("http://localhost:5173/")
            .into_layer()
            .unwrap();
        assert_eq!(layer.asset_version(), "http://localhost:5173");
        assert!(layer.is_dev());
    }
}
