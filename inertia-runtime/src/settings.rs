//! [`Settings`]: the checked configuration, built once by
//! [`InertiaConfig::into_layer`](crate::InertiaConfig::into_layer) and shared by the layer and
//! every request.

use std::sync::Arc;

use http::HeaderValue;

use crate::frontend::assets::Current;
use crate::frontend::template::{PageEmbedding, Root};
use crate::frontend::vite::ViteState;
use crate::prop::shared::SharedDef;
use crate::visit::VisitStore;
use crate::wire::forwarded::TrustedProxies;

/// What [`InertiaConfig`](crate::InertiaConfig) becomes once checked: what rendering and the
/// protocol read on every request. Immutable; held in an `Arc`.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The asset version of the build (see [`current`](Self::current) for the one in force).
    pub(crate) version: Arc<str>,
    /// `version` as a header value, made once: every page and `409` sends it in
    /// `X-Inertia-Version`, and cloning it costs a reference count, not an allocation.
    pub(crate) version_header: HeaderValue,
    pub(crate) vite: Option<ViteState>,
    pub(crate) root: Root,
    pub(crate) root_id: String,
    pub(crate) embedding: PageEmbedding,
    /// Whose forwarded headers to believe.
    pub(crate) proxies: TrustedProxies,
    /// The shared props, in the order they were registered.
    pub(crate) shared_props: Vec<SharedDef>,
    /// Keys of `shared_props`, then `errors` (unless shared explicitly).
    pub(crate) shared_keys: Box<[Box<str>]>,
    /// `,"sharedProps":[…]` as written into every page (empty when not exposed), serialized
    /// once at startup.
    pub(crate) shared_props_json: Box<[u8]>,
    /// Whether `errors` is one of the app's own shared props (then it is not added).
    pub(crate) errors_shared_explicitly: bool,
    pub(crate) all_errors: bool,
    pub(crate) encrypt_history: bool,
    /// Where visit state is kept.
    pub(crate) store: Arc<dyn VisitStore>,
    /// Fields never stored as old input.
    #[cfg(feature = "forms")]
    pub(crate) dont_flash: Box<[Box<str>]>,
    #[cfg(feature = "ssr")]
    pub(crate) ssr: Option<crate::ssr::SsrState>,
}

/// The fields a failed form never stores as old input, unless
/// [`InertiaConfig::dont_flash`](crate::InertiaConfig::dont_flash) says otherwise.
#[cfg(feature = "forms")]
pub(crate) const DONT_FLASH_DEFAULT: &[&str] =
    &["password", "password_confirmation", "current_password"];

impl Settings {
    /// The assets in force now: the Vite dev server while one runs (hot file), else the build.
    /// Looked at once per request, by the layer ([`RequestContext::assets`]); outside a
    /// request (the layer's own accessors) as needed.
    ///
    /// [`RequestContext::assets`]: crate::request::RequestContext::assets
    pub(crate) fn current(&self) -> Current {
        match self
            .vite
            .as_ref()
            .and_then(|v| v.dev.as_ref())
            .and_then(|dev| dev.url())
        {
            Some(url) => Current::Dev(url),
            None => Current::Build(self.version.clone()),
        }
    }

    /// The `X-Inertia-Version` value for `current` assets: the build's, made at startup, or
    /// the dev server's URL (development only, so a small allocation is fine there).
    pub(crate) fn version_header(&self, current: &Current) -> Option<HeaderValue> {
        match current {
            Current::Build(_) => Some(self.version_header.clone()),
            Current::Dev(url) => HeaderValue::from_str(url).ok(),
        }
    }
}
