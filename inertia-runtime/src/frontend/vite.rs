//! Vite: which assets a page loads, in development (the dev server) and in production (the
//! manifest of `vite build`).
//!
//! ```
//! use inertia_runtime::{InertiaConfig, vite::Vite};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = std::env::temp_dir().join(format!("inertia-vite-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(dir.join(".vite"))?;
//! # std::fs::write(dir.join(".vite/manifest.json"), r#"{"src/main.tsx":{"file":"assets/main-1.js","isEntry":true}}"#)?;
//! # let manifest = dir.join(".vite/manifest.json");
//! let inertia = InertiaConfig::new()
//!     .vite(
//!         Vite::manifest_file(manifest) // e.g. "frontend/dist/.vite/manifest.json"
//!             .entry("src/main.tsx")
//!             .base("/build/")
//!             .hot_file("frontend/public/hot")
//!             .react_refresh(true),
//!     )
//!     .into_layer()?;
//! // The version is the manifest's unless one is set with `InertiaConfig::version`.
//! assert_eq!(inertia.version().len(), 16);
//! # Ok(()) }
//! ```
//!
//! Switching between development and production needs no code change: while the hot file
//! exists (the Vite plugin writes it when `vite` starts and deletes it when it stops), pages
//! load `@vite/client` and the entries from the dev server; otherwise they load the built
//! files named in the manifest.

use std::borrow::Cow;
use std::path::PathBuf;

use inertia_vite::manifest::{Manifest, Tags};

use crate::error::ConfigError;
use crate::frontend::assets::{Current, DevServer, HotFile};
#[cfg(feature = "embed")]
use crate::frontend::embed::EmbeddedAssets;
use crate::frontend::{paths, recovery};

/// The Vite settings of an app; give them to [`InertiaConfig::vite`](crate::InertiaConfig::vite).
#[derive(Debug, Clone)]
#[must_use]
pub struct Vite {
    manifest: Option<ManifestSource>,
    entries: Vec<String>,
    base: String,
    dev_url: Option<String>,
    hot_file: Option<PathBuf>,
    react_refresh: bool,
    reload_on_asset_error: bool,
}

#[derive(Debug, Clone)]
enum ManifestSource {
    File(PathBuf),
    /// In the binary: from [`vite_manifest!`](crate::vite_manifest) or
    /// [`embed_assets!`](crate::embed_assets).
    Static {
        bytes: Option<&'static [u8]>,
        version: &'static str,
        origin: &'static str,
    },
}

/// A Vite manifest carried in the binary: its bytes and asset version, read and checked at
/// compile time by [`vite_manifest!`](crate::vite_manifest); give it to [`Vite::manifest`].
///
/// ```
/// use inertia_runtime::vite::{EmbeddedManifest, Vite};
///
/// static MANIFEST: EmbeddedManifest = inertia_runtime::vite_manifest!("doc-fixtures/dist/.vite/manifest.json");
///
/// assert_eq!(MANIFEST.version().len(), 16);
/// let vite = Vite::manifest(&MANIFEST).entry("src/main.tsx");
/// # let _ = vite;
/// ```
#[derive(Debug)]
pub struct EmbeddedManifest {
    bytes: &'static [u8],
    version: &'static str,
}

impl EmbeddedManifest {
    #[doc(hidden)]
    pub const fn __new(bytes: &'static [u8], version: &'static str) -> Self {
        EmbeddedManifest { bytes, version }
    }

    /// The manifest as Vite wrote it.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// Its asset version, as [`vite_version!`](crate::vite_version) computes it.
    pub fn version(&self) -> &'static str {
        self.version
    }
}

impl Default for Vite {
    fn default() -> Self {
        Vite {
            manifest: None,
            entries: Vec::new(),
            base: "/".to_owned(),
            dev_url: None,
            hot_file: None,
            react_refresh: false,
            reload_on_asset_error: true,
        }
    }
}

impl Vite {
    /// No manifest: only useful with a dev server ([`dev_server`](Self::dev_server)).
    pub fn new() -> Self {
        Self::default()
    }

    /// Built assets described by a manifest carried in the binary (from
    /// [`vite_manifest!`](crate::vite_manifest)): nothing is read at run time, whatever the
    /// working directory; the built files may be served by anything (this binary, a web
    /// server, a CDN under [`base`](Self::base)). Its version becomes the asset version.
    pub fn manifest(manifest: &'static EmbeddedManifest) -> Self {
        Vite {
            manifest: Some(ManifestSource::Static {
                bytes: Some(manifest.bytes),
                version: manifest.version,
                origin: "vite_manifest!",
            }),
            ..Self::default()
        }
    }

    /// Built assets described by the manifest at `path`, read once, at startup. A relative
    /// `path` starts at the process's working directory (not at the crate, as the macros'
    /// paths do); to depend on no file at run time use [`manifest`](Self::manifest) or
    /// [`embedded`](Self::embedded). Its version becomes the asset version unless
    /// [`InertiaConfig::version`](crate::InertiaConfig::version) sets one. For a frontend that
    /// is deployed apart from the binary and may change without rebuilding it.
    pub fn manifest_file(path: impl Into<PathBuf>) -> Self {
        Vite {
            manifest: Some(ManifestSource::File(path.into())),
            ..Self::default()
        }
    }

    /// Built assets embedded in the binary with [`embed_assets!`](crate::embed_assets): their
    /// manifest and the version computed from it at compile time.
    #[cfg(feature = "embed")]
    #[cfg_attr(docsrs, doc(cfg(feature = "embed")))]
    pub fn embedded(assets: &'static EmbeddedAssets) -> Self {
        Vite {
            manifest: Some(ManifestSource::Static {
                bytes: assets.manifest(),
                version: assets.version(),
                origin: "Vite::embedded",
            }),
            ..Self::default()
        }
    }

    /// Adds an entry point: a key of the manifest, i.e. a path relative to Vite's root as
    /// given in `build.rollupOptions.input` (e.g. `src/main.tsx`).
    pub fn entry(mut self, entry: impl Into<String>) -> Self {
        self.entries.push(entry.into());
        self
    }

    /// The public URL prefix of built files: Vite's `base` (`/` by default; `/build/` in
    /// Laravel-style setups; a CDN URL works too). A missing trailing `/` is added.
    pub fn base(mut self, base: impl Into<String>) -> Self {
        let mut base = base.into();
        if !base.ends_with('/') {
            base.push('/');
        }
        self.base = base;
        self
    }

    /// Development, always: assets come from the Vite dev server at `url`. Pages carry that
    /// URL as their version, and version mismatches never answer `409` (HMR updates pages).
    pub fn dev_server(mut self, url: impl Into<String>) -> Self {
        self.dev_url = Some(url.into());
        self
    }

    /// Development while a hot file exists: it holds the dev server's URL (the convention of
    /// `laravel-vite-plugin`, whose `public/hot` works here; `vite-plugin-inertia-axum`, which
    /// `cargo inertia new` apps and the demo use, writes `frontend/hot`). It is looked at
    /// again at most every 250 ms, so starting or stopping `vite` needs no restart. Relative
    /// paths are relative to the working directory.
    pub fn hot_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.hot_file = Some(path.into());
        self
    }

    /// In development, add the preamble `@vitejs/plugin-react` needs for Fast Refresh.
    pub fn react_refresh(mut self, enabled: bool) -> Self {
        self.react_refresh = enabled;
        self
    }

    /// Whether built pages carry the asset-recovery script (on by default): when a built file
    /// fails to load (a page chunk or an entry that no server has any more after a deploy),
    /// the tab does one full page load (to the URL of the Inertia visit under way, if any)
    /// instead of staying blank, and never more than one per 10 seconds. About 800 bytes,
    /// before the Vite tags, with the page's CSP nonce. Off: Vite's `vite:preloadError` is
    /// left to the app.
    ///
    /// ```
    /// use inertia_runtime::vite::Vite;
    ///
    /// let vite = Vite::new().reload_on_asset_error(false);
    /// # let _ = vite;
    /// ```
    pub fn reload_on_asset_error(mut self, enabled: bool) -> Self {
        self.reload_on_asset_error = enabled;
        self
    }
}

/// The checked Vite settings, held by the layer.
#[derive(Debug)]
pub(crate) struct ViteState {
    pub(crate) dev: Option<DevServer>,
    manifest: Option<Manifest>,
    /// Manifest version, if there is a manifest.
    pub(crate) manifest_version: Option<Cow<'static, str>>,
    entries: Vec<String>,
    base: String,
    build_tags: Option<Tags>,
    build_tags_html: String,
    react_refresh: bool,
    reload_on_asset_error: bool,
}

impl ViteState {
    pub(crate) fn new(vite: Vite) -> Result<Self, ConfigError> {
        let dev = match (vite.dev_url, vite.hot_file) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "Vite: set either `dev_server` or `hot_file`, not both",
                ));
            }
            (Some(url), None) => {
                let url = url.trim_end_matches('/');
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(ConfigError::new(format!(
                        "Vite dev server URL {url:?} must start with http:// or https://"
                    )));
                }
                Some(DevServer::Url(url.into()))
            }
            (None, Some(path)) => Some(DevServer::HotFile(HotFile::new(path))),
            (None, None) => None,
        };
        let dev_running_now = dev.as_ref().and_then(DevServer::url).is_some();

        let (manifest, manifest_version) = match vite.manifest {
            None => (None, None),
            Some(ManifestSource::Static {
                bytes,
                version,
                origin,
            }) => {
                let Some(bytes) = bytes else {
                    return Err(ConfigError::new(format!(
                        "{origin}: the embedded directory has no `.vite/manifest.json`; \
                         build with `build.manifest: true`"
                    )));
                };
                // Checked, and its version computed, when the macro ran: the model the tags
                // and asset URLs come from is built from those bytes here, once; the version
                // is the macro's, not computed again.
                let manifest = Manifest::parse(bytes).map_err(|e| {
                    ConfigError::new(format!("the Vite manifest of {origin} is {e}"))
                })?;
                (Some(manifest), Some(Cow::Borrowed(version)))
            }
            Some(ManifestSource::File(path)) => match std::fs::read(&path) {
                Ok(bytes) => {
                    let invalid = |e: &dyn std::fmt::Display| {
                        ConfigError::new(format!(
                            "the Vite manifest {} is {e}",
                            paths::describe(&path)
                        ))
                    };
                    let (manifest, version) =
                        Manifest::parse_versioned(&bytes).map_err(|e| invalid(&e))?;
                    (Some(manifest), Some(Cow::Owned(version)))
                }
                // In development the dev server serves the assets; a manifest is only needed
                // once it stops (restart after `vite build` then).
                Err(e) if dev_running_now => {
                    tracing::warn!(
                        manifest = %path.display(), error = %e,
                        "no Vite manifest yet; serving from the Vite dev server. Run `vite build` and restart to serve built assets"
                    );
                    (None, None)
                }
                Err(e) => {
                    return Err(ConfigError::new(format!(
                        "cannot read the Vite manifest {}: {e}; {}{}",
                        paths::describe(&path),
                        paths::MANIFEST_FIX,
                        if dev.is_some() {
                            "; or start the Vite dev server"
                        } else {
                            ""
                        }
                    )));
                }
            },
        };

        if vite.entries.is_empty() && (manifest.is_some() || dev.is_some()) {
            return Err(ConfigError::new(
                "Vite: no entry point; add one with `.entry(\"src/main.tsx\")` (a key of the manifest)",
            ));
        }
        let build_tags = match &manifest {
            Some(manifest) => {
                let entries: Vec<&str> = vite.entries.iter().map(String::as_str).collect();
                Some(
                    manifest
                        .tags(&entries, &vite.base)
                        .map_err(|e| ConfigError::new(e.to_string()))?,
                )
            }
            None => None,
        };
        let build_tags_html = match &build_tags {
            Some(tags) if vite.reload_on_asset_error => {
                recovery::script_tag(&vite.base, None) + &tags.to_html(None)
            }
            Some(tags) => tags.to_html(None),
            None => String::new(),
        };
        Ok(ViteState {
            dev,
            manifest,
            manifest_version,
            entries: vite.entries,
            base: vite.base,
            build_tags,
            build_tags_html,
            react_refresh: vite.react_refresh,
            reload_on_asset_error: vite.reload_on_asset_error,
        })
    }

    /// The tags that load the frontend for `current` assets.
    pub(crate) fn tags(&self, current: &Current, nonce: Option<&str>) -> Cow<'_, str> {
        match current {
            Current::Dev(url) => Cow::Owned(self.dev_tags(url, nonce)),
            Current::Build(_) => match (nonce, &self.build_tags) {
                (None, _) => Cow::Borrowed(&self.build_tags_html),
                (Some(nonce), Some(tags)) if self.reload_on_asset_error => Cow::Owned(
                    recovery::script_tag(&self.base, Some(nonce)) + &tags.to_html(Some(nonce)),
                ),
                (Some(nonce), Some(tags)) => Cow::Owned(tags.to_html(Some(nonce))),
                (Some(_), None) => Cow::Borrowed(""),
            },
        }
    }

    fn dev_tags(&self, url: &str, nonce: Option<&str>) -> String {
        let mut nonce_attr = String::new();
        if let Some(nonce) = nonce {
            nonce_attr.push_str(" nonce=\"");
            nonce_attr.push_str(&inertia_vite::html::escape(nonce));
            nonce_attr.push('"');
        }
        let mut html = String::new();
        let src = |path: &str| {
            let mut escaped = String::new();
            escaped.push_str(&inertia_vite::html::escape(&format!("{url}/{path}")));
            escaped
        };
        if self.react_refresh {
            // What `@vitejs/plugin-react` expects before any module: see its README,
            // "Consistent components exports" / backend integration.
            html.push_str(&format!(
                "<script type=\"module\"{nonce_attr}>\n\
                 import RefreshRuntime from \"{}\"\n\
                 RefreshRuntime.injectIntoGlobalHook(window)\n\
                 window.$RefreshReg$ = () => {{}}\n\
                 window.$RefreshSig$ = () => (type) => type\n\
                 window.__vite_plugin_react_preamble_installed__ = true\n\
                 </script>\n",
                src("@react-refresh")
            ));
        }
        html.push_str(&format!(
            "<script type=\"module\"{nonce_attr} src=\"{}\"></script>\n",
            src("@vite/client")
        ));
        for entry in &self.entries {
            if is_stylesheet(entry) {
                html.push_str(&format!(
                    "<link rel=\"stylesheet\"{nonce_attr} href=\"{}\">\n",
                    src(entry)
                ));
            } else {
                html.push_str(&format!(
                    "<script type=\"module\"{nonce_attr} src=\"{}\"></script>\n",
                    src(entry)
                ));
            }
        }
        html
    }

    /// Whether the manifest (if there is one) knows `key`; without a manifest (a dev server
    /// only) every path is taken on trust.
    pub(crate) fn knows_asset(&self, key: &str) -> bool {
        self.manifest
            .as_ref()
            .is_none_or(|manifest| manifest.file(key).is_some())
    }

    /// The URL of a file the manifest knows by its source path (e.g. `src/images/logo.png`),
    /// or of that source path on the dev server.
    pub(crate) fn asset_url(&self, current: &Current, key: &str) -> Option<String> {
        match current {
            Current::Dev(url) => Some(format!("{url}/{}", key.trim_start_matches('/'))),
            Current::Build(_) => {
                let file = self.manifest.as_ref()?.file(key)?;
                Some(format!("{}{file}", self.base))
            }
        }
    }
}

fn is_stylesheet(entry: &str) -> bool {
    [
        ".css", ".scss", ".sass", ".less", ".styl", ".stylus", ".pcss", ".postcss",
    ]
    .iter()
    .any(|ext| entry.ends_with(ext))
}
