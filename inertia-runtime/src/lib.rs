//! Server-side [Inertia.js](https://inertiajs.com) for [axum], declared on your handlers.
//!
//! ```
//! use axum::{Router, routing::get};
//! use inertia_runtime::{InertiaConfig, inertia_page};
//!
//! #[derive(serde::Serialize)]
//! struct Dashboard {
//!     user: String,
//!     unread: u32,
//! }
//!
//! /// The handler returns the props; the macro turns it into an Inertia page: HTML on a first
//! /// visit, page JSON on Inertia visits, 409 when the client's assets are stale.
//! #[inertia_page("Dashboard")]
//! async fn dashboard() -> Dashboard {
//!     Dashboard { user: "Ada".into(), unread: 3 }
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let inertia = InertiaConfig::new()
//!     // In an app: `vite_version!("dist/.vite/manifest.json")`, fixed at compile time.
//!     .version("3ea8aa56f6007bc7")
//!     .into_layer()?;
//! let app: Router = Router::new().route("/", get(dashboard)).layer(inertia);
//! # Ok(()) }
//! ```
//!
//! # The pieces
//!
//! - [`#[inertia_page("Component")]`](inertia_page) on an `async fn` handler that returns
//!   props (any [`Serialize`](serde::Serialize) type that serializes to an object, or a
//!   [`Page`], or `Result<_, E>` with `E: IntoResponse`).
//! - [`vite_version!("dist/.vite/manifest.json")`](vite_version): the asset version, hashed
//!   from the Vite manifest at compile time and embedded in the binary.
//! - [`InertiaConfig`] → [`InertiaLayer`]: the protocol around every request (version check,
//!   `409`s, `303`s, `Vary`, flash data and errors between visits).
//! - [`InertiaRequest`]: the extractor behind the macro, for rendering by hand.
//! - [`InertiaRedirect`]: redirects with flash data and errors, back to the form, or a full
//!   page visit ([`InertiaRedirect::location`]).
//! - [`prop`]: prop kinds (deferred, optional, merge, once, infinite scroll) for
//!   `#[derive(Props)]` structs.
//! - [`routes`]: named routes that build the axum router and the frontend's route helpers
//!   (`routes.ts`: `contacts.destroy({ contact: 7 })` instead of a URL written by hand).
//!
//! The wire format follows the Inertia 3 protocol; v2 clients are served with
//! [`PageEmbedding::DataAttribute`].
//!
//! # Features
//!
//! The protocol core (layer, extractor, rendering, props, redirects, Vite tags, visit state)
//! is always compiled. The rest is opt-in or opt-out, in the style of tower-http:
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `macros` | yes | [`inertia_page`], [`vite_version!`](vite_version), [`vite_manifest!`](vite_manifest), [`derive(Props)`](derive@Props), [`component!`](component), and with `embed` [`embed_assets!`](embed_assets) |
//! | `forms` | yes | [`form`]: extractors that validate a submission and go back with errors and old input, Precognition |
//! | `multipart` | yes | [`form`] extractors read `multipart/form-data` bodies (what the client sends when the data holds a file) into [`form::UploadedFile`] fields; without it such bodies get `415` (the type exists either way, so a form type compiles with or without the feature) |
//! | `csrf` | yes | [`csrf`]: the `XSRF-TOKEN` double-submit layer the Inertia client speaks |
//! | `embed` | yes | [`EmbeddedAssets`]: the built frontend inside the binary, served with caching headers |
//! | `server` | yes | [`server::Server`]: the production HTTP server (timeouts, a connection cap that cannot lock clients out, graceful shutdown, security headers) |
//! | `ssr` | no | [`ssr`]: first visits rendered by the Inertia SSR server (an HTTP client) |
//! | `embedded-ssr` | no | [`ssr::Ssr::embedded`]: first visits rendered inside the process by QuickJS engines running the app's SSR bundle (no Node); compiles QuickJS (C) |
//! | `validator` | no | [`form::Validated`]: forms checked with the `validator` crate's derive |
//! | `garde` | no | [`form::GardeValidated`]: forms checked with the `garde` crate's derive |
//! | `typescript` | no | [`typescript`]: the TypeScript types of every page, generated from the Rust props (ts-rs); typed parameters, query and forms for [`routes`] |
//! | `testing` | no | [`testing`]: an in-process client with `assertInertia`-style assertions (for `[dev-dependencies]`) |
//!
//! Why these defaults: a typical Inertia app has forms (often with a file field), must refuse
//! cross-site posts, and is deployed as one binary that serves the internet itself; those cost
//! little to compile (the server's hyper and tokio are in every axum app already) and nothing
//! per request when unused. SSR needs a JavaScript renderer you run yourself, TypeScript
//! generation and the validators pull in large derive crates, embedded SSR compiles a
//! JavaScript engine, and the test client belongs in dev-dependencies, so those are opt-in:
//!
//! ```toml
//! [dependencies]
//! inertia-runtime = { version = "0.1", features = ["validator"] }
//!
//! [dev-dependencies]
//! inertia-runtime = { version = "0.1", features = ["testing"] }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod config;
#[cfg(feature = "csrf")]
#[cfg_attr(docsrs, doc(cfg(feature = "csrf")))]
pub mod csrf;
mod error;
mod escape;
#[cfg(feature = "forms")]
#[cfg_attr(docsrs, doc(cfg(feature = "forms")))]
pub mod form;
mod frontend;
mod generated;
mod json;
mod keys;
mod layer;
mod page;
pub mod prop;
mod redirect;
mod render;
mod request;
pub mod routes;
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub mod server;
mod settings;
#[cfg(feature = "ssr")]
#[cfg_attr(docsrs, doc(cfg(feature = "ssr")))]
pub mod ssr;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
#[cfg(feature = "typescript")]
#[cfg_attr(docsrs, doc(cfg(feature = "typescript")))]
pub mod typescript;
mod validation;
pub mod visit;
mod wire;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use config::InertiaConfig;
pub use error::ConfigError;
#[cfg(feature = "embed")]
#[cfg_attr(docsrs, doc(cfg(feature = "embed")))]
pub use frontend::embed::{EmbeddedAssets, EmbeddedFile, ServeEmbedded};
pub use frontend::template::{
    CspNonce, HtmlClass, HtmlShell, PageEmbedding, RootContext, RootTemplate,
};
pub use frontend::version::{VersionError, version_from_manifest};
pub use frontend::vite;
pub use generated::{GeneratedFile, GeneratedFileError};
pub use layer::InertiaLayer;

/// The service [`InertiaLayer`] wraps around your routes, and its response future: named
/// here for types that spell them out (as tower-http keeps each middleware's service and
/// future in its module).
pub mod service {
    pub use crate::layer::{InertiaService, ResponseFuture};
}
pub use page::{ErrorPage, IntoPage, Page, PageError, PageObject};
pub use prop::error::PropsError;
pub use prop::write::{PropValue, Props};
pub use redirect::InertiaRedirect;
pub use request::{InertiaRequest, MissingLayer};
pub use validation::ValidationErrors;
pub use wire::headers;

/// Turns an `async fn` axum handler that returns props into an Inertia page.
///
/// See the [crate documentation](crate) and the `inertia-runtime-macros` docs for details.
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use inertia_macros::inertia_page;

/// The asset version of a Vite manifest, computed at compile time.
///
/// See the [crate documentation](crate) and the `inertia-runtime-macros` docs for details.
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use inertia_macros::vite_version;

/// The whole Vite manifest in the binary, checked at compile time, for
/// [`Vite::manifest`](vite::Vite::manifest).
///
/// See [`vite::EmbeddedManifest`] and the `inertia-runtime-macros` docs for details.
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use inertia_macros::vite_manifest;

/// A page component name checked at compile time like `#[inertia_page]`'s (for components
/// named at run time, e.g. an [`ErrorPage`]); expands to the `&'static str`.
///
/// ```
/// use inertia_runtime::{ErrorPage, component};
///
/// // With `[package.metadata.inertia] pages = "frontend/src/Pages"` in Cargo.toml, a name
/// // without a file there is a compile error that suggests the closest one.
/// let not_found = ErrorPage::new(component!("Errors/NotFound"), serde_json::json!({}));
/// # let _ = not_found;
/// ```
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use inertia_macros::component;

/// Derives [`Props`] for a struct whose fields are props; see [`prop`].
#[cfg(feature = "macros")]
#[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
pub use inertia_macros::Props;

/// Embeds a built frontend directory in the binary.
///
/// See [`EmbeddedAssets`] and the `inertia-runtime-macros` docs for details.
#[cfg(all(feature = "macros", feature = "embed"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "macros", feature = "embed"))))]
pub use inertia_macros::embed_assets;
