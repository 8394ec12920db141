//! [`InertiaConfig`]: the builder of the adapter's settings, checked and turned into an
//! [`InertiaLayer`] by [`InertiaConfig::into_layer`].

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use std::future::Future;

use http::request::Parts;
use serde::Serialize;

use crate::error::ConfigError;
use crate::frontend::template::{HtmlShell, PageEmbedding, Root, RootTemplate};
use crate::frontend::vite::{Vite, ViteState};
use crate::keys::{self, Purpose};
use crate::layer::InertiaLayer;
use crate::prop::PropValue;
use crate::prop::shared::SharedDef;
use crate::settings::Settings;
use crate::visit::{CookieStore, VisitStore};
use crate::wire::forwarded::{IpRange, TrustedProxies};

/// The root document chosen on the builder (checked into a [`Root`] by `into_layer`).
#[derive(Clone)]
pub(crate) enum RootChoice {
    Shell(HtmlShell),
    Custom(Arc<dyn RootTemplate>),
}

impl fmt::Debug for RootChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RootChoice::Shell(shell) => f.debug_tuple("Shell").field(shell).finish(),
            RootChoice::Custom(_) => f.write_str("Custom(..)"),
        }
    }
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
/// assert_eq!(inertia.version(), "1a2b3c4d5e6f7a8b");
/// ```
///
/// Add [`vite`](Self::vite) to load the frontend's assets (and take the version from the Vite
/// manifest).
#[derive(Debug, Clone)]
#[must_use]
pub struct InertiaConfig {
    pub(crate) version: Option<Cow<'static, str>>,
    /// The app said it has no asset version ([`InertiaConfig::unversioned`]).
    pub(crate) unversioned: bool,
    pub(crate) vite: Option<Vite>,
    pub(crate) root: RootChoice,
    pub(crate) root_id: String,
    pub(crate) embedding: PageEmbedding,
    pub(crate) proxies: TrustedProxies,
    /// Ranges given to `trusted_proxies`, parsed by `into_layer`.
    pub(crate) proxy_ranges: Vec<String>,
    pub(crate) shared: Vec<SharedDef>,
    pub(crate) all_errors: bool,
    pub(crate) encrypt_history: bool,
    pub(crate) expose_shared_prop_keys: bool,
    pub(crate) signing_key: Option<Vec<u8>>,
    pub(crate) cookie_name: String,
    pub(crate) secure_cookie: bool,
    pub(crate) store: Option<Arc<dyn VisitStore>>,
    #[cfg(feature = "forms")]
    pub(crate) dont_flash: Vec<String>,
    #[cfg(feature = "ssr")]
    pub(crate) ssr: Option<crate::ssr::Ssr>,
    /// A mistake found by a builder method, reported by `into_layer`.
    pub(crate) deferred_error: Option<String>,
}

impl Default for InertiaConfig {
    fn default() -> Self {
        InertiaConfig {
            version: None,
            unversioned: false,
            vite: None,
            root: RootChoice::Shell(HtmlShell::default()),
            root_id: "app".to_owned(),
            embedding: PageEmbedding::default(),
            proxies: TrustedProxies::None,
            proxy_ranges: Vec::new(),
            shared: Vec::new(),
            all_errors: false,
            encrypt_history: false,
            expose_shared_prop_keys: true,
            signing_key: None,
            cookie_name: "inertia_visit".to_owned(),
            secure_cookie: crate::wire::cookie::SECURE_BY_DEFAULT,
            store: None,
            #[cfg(feature = "forms")]
            dont_flash: crate::settings::DONT_FLASH_DEFAULT
                .iter()
                .map(|f| f.to_string())
                .collect(),
            #[cfg(feature = "ssr")]
            ssr: None,
            deferred_error: None,
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
    /// Use [`vite_version!`](crate::vite_version) to fix it at compile time. Without this
    /// setting the version of the [`vite`](Self::vite) manifest is used, or `""` (no
    /// versioning) without one.
    pub fn version(mut self, version: impl Into<Cow<'static, str>>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Declares that this app has no asset version: a client is never told to reload for new
    /// assets (no `409`). For a frontend that Vite does not build, or a test.
    ///
    /// Without a version ([`version`](Self::version), a [`vite`](Self::vite) manifest) and
    /// without this, the layer warns at startup in debug builds and refuses to start in
    /// release builds: a deployed app whose clients never reload after a deploy keeps running
    /// the old JavaScript against the new server.
    ///
    /// ```
    /// use inertia_runtime::InertiaConfig;
    ///
    /// let layer = InertiaConfig::new().unversioned().into_layer().unwrap();
    /// # let _ = layer;
    /// ```
    pub fn unversioned(mut self) -> Self {
        self.unversioned = true;
        self
    }
    /// Loads the frontend with Vite: its tags go into `<head>` (built files from the manifest,
    /// or the dev server while it runs), and the manifest gives the asset version. See
    /// [`Vite`].
    pub fn vite(mut self, vite: Vite) -> Self {
        self.vite = Some(vite);
        self
    }

    /// Uses the built-in HTML document with these settings (the default is
    /// `HtmlShell::new()`).
    pub fn html_shell(mut self, shell: HtmlShell) -> Self {
        self.root = RootChoice::Shell(shell);
        self
    }

    /// Renders first visits with your own template (for example a template engine); see
    /// [`RootTemplate`] and [`RootContext`](crate::RootContext).
    pub fn root_template(mut self, template: impl RootTemplate) -> Self {
        self.root = RootChoice::Custom(Arc::new(template));
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

    /// The reverse proxies whose forwarded headers the layer believes, by address (an IP or a
    /// range such as `10.0.0.0/8`; IPv6 too), as Rails' `trusted_proxies`. From a request
    /// whose peer is one of them:
    ///
    /// - `X-Forwarded-Prefix` (the path prefix the proxy stripped) goes in front of page URLs
    ///   and `409` locations; only a plain absolute path (`/app`, not `//host` or `..`) is used;
    /// - `X-Forwarded-Host`, `X-Forwarded-Port` and `X-Forwarded-Proto` say which site the
    ///   browser addressed, so [`InertiaRedirect::back`](crate::InertiaRedirect::back) recognises its
    ///   `Referer` behind a proxy that rewrites `Host` (nginx's `proxy_set_header Host $host`
    ///   drops the port).
    ///
    /// By default no proxy is trusted and these headers are ignored: anyone can send them to
    /// an app reachable without a proxy (and a cache that keeps them could be poisoned). The
    /// peer address comes from axum's `ConnectInfo<SocketAddr>`: serve with
    /// `app.into_make_service_with_connect_info::<SocketAddr>()`. A range that does not parse
    /// is a [`ConfigError`] at startup.
    ///
    /// ```
    /// use inertia_runtime::InertiaConfig;
    ///
    /// // nginx on the same machine, and the load balancers of a private network.
    /// let config = InertiaConfig::new().trusted_proxies(["127.0.0.1", "::1", "10.0.0.0/8"]);
    /// # config.into_layer().unwrap();
    /// ```
    pub fn trusted_proxies<I, S>(mut self, proxies: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.proxy_ranges
            .extend(proxies.into_iter().map(Into::into));
        self
    }

    /// Believes the forwarded headers of every request (see
    /// [`trusted_proxies`](Self::trusted_proxies)): for an app that only its proxy can reach
    /// (a private network, a Unix socket) and where peer addresses are not available.
    pub fn trust_all_proxies(mut self) -> Self {
        self.proxies = TrustedProxies::All;
        self
    }

    /// Shares a prop with every page: `value` is serialized once, now. A page's own prop of
    /// the same name wins. Sharing a key again replaces the earlier value.
    ///
    /// ```
    /// use inertia_runtime::InertiaConfig;
    ///
    /// let config = InertiaConfig::new()
    ///     .share("appName", "Acme")
    ///     .share("features", serde_json::json!({ "billing": true }));
    /// # let _ = config;
    /// ```
    pub fn share(mut self, key: impl Into<Cow<'static, str>>, value: impl Serialize) -> Self {
        let key = key.into();
        match SharedDef::value(key.clone(), &value) {
            Ok(def) => self.push_shared(def),
            Err(e) => {
                self.deferred_error
                    .get_or_insert(format!("the shared prop `{key}` cannot be serialized: {e}"));
            }
        }
        self
    }

    /// Shares a prop computed for each request. `make` gets the request's head (headers,
    /// extensions such as the logged-in user a middleware inserted) and returns a future,
    /// which runs only if the page is sent with that prop (not on partial reloads that leave
    /// it out). The value may be plain data or a [`Prop`](crate::prop::Prop) of any kind.
    /// Capture what else it needs (a database pool, the app state) in the closure.
    ///
    /// ```
    /// use inertia_runtime::{InertiaConfig, prop};
    ///
    /// #[derive(Clone, serde::Serialize)]
    /// struct User { name: String }
    ///
    /// let config = InertiaConfig::new()
    ///     .share_with("auth", |parts| {
    ///         let user = parts.extensions.get::<User>().cloned();
    ///         async move { serde_json::json!({ "user": user }) }
    ///     })
    ///     .share_with("notifications", |_| async {
    ///         prop::defer(async { vec!["Welcome!"] }).group("sidebar")
    ///     });
    /// # let _ = config;
    /// ```
    pub fn share_with<F, Fut, V>(mut self, key: impl Into<Cow<'static, str>>, make: F) -> Self
    where
        F: Fn(&Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = V> + Send + 'static,
        V: PropValue + 'static,
    {
        self.push_shared(SharedDef::per_request(key.into(), make));
        self
    }

    fn push_shared(&mut self, def: SharedDef) {
        self.shared.retain(|d| d.key() != def.key());
        self.shared.push(def);
    }

    /// Sends every validation message of a field (`{"email": ["…", "…"]}`) instead of the
    /// first (`{"email": "…"}`).
    pub fn all_errors(mut self, all: bool) -> Self {
        self.all_errors = all;
        self
    }

    /// Encrypts the history entries of all pages (`encryptHistory`) unless a page says
    /// otherwise with [`Page::encrypt_history`](crate::Page::encrypt_history).
    pub fn encrypt_history(mut self, encrypt: bool) -> Self {
        self.encrypt_history = encrypt;
        self
    }

    /// Whether pages list the keys of shared props in `sharedProps` (default `true`; the
    /// client uses them for instant visits).
    pub fn expose_shared_prop_keys(mut self, expose: bool) -> Self {
        self.expose_shared_prop_keys = expose;
        self
    }

    /// The app's secret for the visit cookie (flash data, validation errors and old input
    /// between a redirect and the page after it): at least 32 random bytes, the same on every
    /// server. The cookie is encrypted and authenticated with a key derived from it for that
    /// purpose only, so the same secret may also be given to [`Csrf`](crate::csrf::Csrf).
    /// Short or obviously non-random secrets (repeated characters, a repeating pattern) are
    /// refused by [`into_layer`](Self::into_layer).
    ///
    /// Without one, a random key is made at startup, which works for a single process only
    /// (and the log says so).
    pub fn signing_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.signing_key = Some(key.as_ref().to_vec());
        self
    }

    /// The name of the visit cookie (`inertia_visit` by default).
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// Whether the visit cookie is `Secure` (sent over HTTPS only). By default it is in
    /// release builds and is not in debug builds: a development server reached over plain
    /// http from another machine (a phone on the LAN, a container's host name) would
    /// otherwise lose every flash message and validation error, because browsers drop
    /// `Secure` cookies there (they accept them from `http://localhost`). When a `Secure`
    /// cookie is set for a page loaded over plain http from another host, the log says so,
    /// once. Set it explicitly to decide yourself.
    pub fn secure_cookie(mut self, secure: bool) -> Self {
        self.secure_cookie = secure;
        self
    }

    /// Keeps what one visit leaves for the next (flash, errors, old input) in `store` instead
    /// of the encrypted cookie: a session ([`visit::SessionStore`](crate::visit::SessionStore),
    /// feature `tower-sessions`) or a [`VisitStore`](crate::visit::VisitStore) of your own.
    /// [`signing_key`](Self::signing_key), [`cookie_name`](Self::cookie_name) and
    /// [`secure_cookie`](Self::secure_cookie) then do not apply.
    pub fn visit_store(mut self, store: impl VisitStore) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// Form fields that are never stored as old input when a form fails validation (see
    /// [`crate::form`]), at any depth; replaces the default list `password`,
    /// `password_confirmation`, `current_password` (as Laravel's `dontFlash`).
    ///
    /// ```
    /// use inertia_runtime::InertiaConfig;
    ///
    /// let config = InertiaConfig::new()
    ///     .dont_flash(["password", "password_confirmation", "card_number", "cvc"]);
    /// # let _ = config;
    /// ```
    #[cfg(feature = "forms")]
    #[cfg_attr(docsrs, doc(cfg(feature = "forms")))]
    pub fn dont_flash<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.dont_flash = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Renders first visits on the server through the Inertia SSR server; see
    /// [`crate::ssr`].
    #[cfg(feature = "ssr")]
    #[cfg_attr(docsrs, doc(cfg(feature = "ssr")))]
    pub fn ssr(mut self, ssr: crate::ssr::Ssr) -> Self {
        self.ssr = Some(ssr);
        self
    }

    /// Checks the settings (and reads a Vite manifest file) and builds the layer to add to
    /// your router.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] naming the mistake and the fix: an invalid root id or version, a Vite
    /// manifest that is missing or invalid, an unknown entry, an invalid dev server URL.
    pub fn into_layer(self) -> Result<InertiaLayer, ConfigError> {
        self.into_settings()
            .map(|settings| InertiaLayer::new(Arc::new(settings)))
    }

    /// Checks every setting and computes what requests read (the version in force, the
    /// shared keys, the Vite tags).
    fn into_settings(self) -> Result<Settings, ConfigError> {
        if self.root_id.is_empty()
            || !self
                .root_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ConfigError::new(format!(
                "root id {:?} must be non-empty and use only letters, digits, `-` and `_`",
                self.root_id
            )));
        }
        if let Some(error) = self.deferred_error {
            return Err(ConfigError::new(error));
        }
        let mut shared_keys: Vec<Box<str>> = self.shared.iter().map(|d| d.key().into()).collect();
        if !shared_keys.iter().any(|k| &**k == "errors") {
            shared_keys.push("errors".into());
        }
        let store: Arc<dyn VisitStore> = if let Some(store) = self.store {
            store
        } else {
            let secret = match self.signing_key {
                Some(key) => {
                    keys::check_secret(&key, "InertiaConfig::signing_key")?;
                    key
                }
                None => {
                    tracing::info!(
                        "no InertiaConfig::signing_key: the visit cookie (flash, errors) is signed with a random key, valid for this process only"
                    );
                    keys::random_key("InertiaConfig::signing_key")?.to_vec()
                }
            };
            Arc::new(CookieStore::new(
                keys::derive(&secret, Purpose::VisitCookie),
                self.cookie_name,
                self.secure_cookie,
            )?)
        };
        let proxies = if self.proxy_ranges.is_empty() {
            self.proxies
        } else {
            TrustedProxies::Ranges(
                self.proxy_ranges
                    .iter()
                    .map(|range| IpRange::parse(range))
                    .collect::<Result<_, _>>()?,
            )
        };
        let vite = self.vite.map(ViteState::new).transpose()?;
        let root = match self.root {
            RootChoice::Shell(shell) => Root::Shell(shell.check(vite.as_ref())?),
            RootChoice::Custom(template) => Root::Custom(template),
        };
        #[cfg(feature = "ssr")]
        let ssr = self.ssr.map(crate::ssr::SsrState::new).transpose()?;
        let manifest_version = vite.as_ref().and_then(|v| v.manifest_version.clone());
        let version = match (self.version, manifest_version) {
            (Some(explicit), Some(manifest)) => {
                if explicit != manifest {
                    // A binary built against one frontend build, deployed with another.
                    tracing::warn!(
                        configured = %explicit, manifest = %manifest,
                        "the configured asset version differs from the Vite manifest's; was the frontend rebuilt after the server? Pages carry the configured version"
                    );
                }
                explicit
            }
            (Some(explicit), None) => explicit,
            (None, Some(manifest)) => manifest,
            (None, None) => {
                no_version(self.unversioned, cfg!(debug_assertions))?;
                Cow::Borrowed("")
            }
        };
        let version_header = http::HeaderValue::from_str(&version).map_err(|_| {
            ConfigError::new(format!(
                "asset version {version:?} cannot be sent in the `X-Inertia-Version` header (use visible ASCII)"
            ))
        })?;
        let errors_shared_explicitly = self.shared.iter().any(|d| d.key() == "errors");
        Ok(Settings {
            version: std::sync::Arc::from(&*version),
            version_header,
            vite,
            root,
            root_id: self.root_id,
            embedding: self.embedding,
            proxies,
            shared_props: self.shared,
            shared_props_json: if self.expose_shared_prop_keys {
                let mut out = crate::json::JsonOut::new(Vec::new());
                crate::prop::meta::write_list(&mut out, "sharedProps", &shared_keys);
                out.buf.into_boxed_slice()
            } else {
                Box::default()
            },
            errors_shared_explicitly,
            shared_keys: shared_keys.into_boxed_slice(),
            all_errors: self.all_errors,
            encrypt_history: self.encrypt_history,
            store,
            #[cfg(feature = "forms")]
            dont_flash: self.dont_flash.into_iter().map(Into::into).collect(),
            #[cfg(feature = "ssr")]
            ssr,
        })
    }
}

/// An app without an asset version: fine if it said so ([`InertiaConfig::unversioned`]);
/// otherwise a warning in a debug build and an error in a release build.
fn no_version(declared: bool, debug_build: bool) -> Result<(), ConfigError> {
    if declared {
        return Ok(());
    }
    let why = "no asset version: neither InertiaConfig::version (e.g. vite_version!(\"dist/.vite/manifest.json\")) nor a Vite manifest (InertiaConfig::vite with Vite::embedded, Vite::manifest or a manifest path) is set, so clients are never told to reload after a deploy. Set one, or call InertiaConfig::unversioned() if that is intended";
    if debug_build {
        tracing::warn!("{why}");
        Ok(())
    } else {
        Err(ConfigError::new(why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_version_is_a_warning_in_debug_builds_and_an_error_in_release_builds() {
        assert!(no_version(false, true).is_ok());
        let error = no_version(false, false).unwrap_err().to_string();
        assert!(error.contains("no asset version"), "{error}");
        assert!(error.contains("unversioned()"), "{error}");
        assert!(no_version(true, false).is_ok(), "declared: no error");
        assert!(InertiaConfig::new().unversioned().into_layer().is_ok());
    }

    fn err(config: InertiaConfig) -> String {
        config.into_layer().unwrap_err().to_string()
    }

    #[test]
    fn mistakes_are_reported_at_startup() {
        assert!(err(InertiaConfig::new().root_id("")).contains("root id"));
        assert!(err(InertiaConfig::new().root_id("a\"b")).contains("root id"));
        assert!(err(InertiaConfig::new().version("v\n1")).contains("asset version"));
        let vite = || Vite::new().entry("src/main.ts");
        assert!(
            err(InertiaConfig::new().vite(vite().dev_server("localhost:5173"))).contains("http://")
        );
        assert!(
            err(InertiaConfig::new().vite(
                vite()
                    .dev_server("http://localhost:5173")
                    .hot_file("public/hot")
            ))
            .contains("not both")
        );
        assert!(
            err(InertiaConfig::new().vite(Vite::new().dev_server("http://localhost:5173")))
                .contains("no entry point")
        );
        let missing =
            err(InertiaConfig::new()
                .vite(Vite::manifest_file("nope/.vite/manifest.json").entry("a")));
        assert!(missing.contains("`nope/.vite/manifest.json`"), "{missing}");
        assert!(missing.contains("build.manifest: true"), "{missing}");
    }

    #[test]
    fn dev_server_url_is_the_version() {
        let layer = InertiaConfig::new()
            .version("abc")
            .vite(
                Vite::new()
                    .entry("src/main.ts")
                    .dev_server("http://localhost:5173/"),
            )
            .into_layer()
            .unwrap();
        assert_eq!(layer.version(), "http://localhost:5173");
        assert!(layer.is_dev());
    }
}
