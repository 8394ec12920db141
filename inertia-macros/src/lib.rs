//! Procedural macros of [`inertia-runtime`](https://docs.rs/inertia-runtime). Depend on
//! `inertia-runtime`, which re-exports them (feature `macros`, on by default); the code they
//! generate refers to it.
//!
//! This crate only holds the entry points; the logic lives in one module per macro, in plain
//! functions over `proc_macro2` types that are unit-tested. The examples below compile and run
//! against `inertia-runtime` (a dev-dependency, as axum-macros does with axum), with the small
//! build in `doc-fixtures/`.

mod args;
mod component;
#[cfg(feature = "embed")]
mod compress;
#[cfg(feature = "embed")]
mod embed;
mod page;
mod paths;
mod props;
mod vite;

use proc_macro::TokenStream;

/// Turns an `async fn` axum handler that returns props into an Inertia page.
///
/// ```
/// use axum::extract::{Path, State};
/// use axum::http::StatusCode;
/// use inertia_runtime::inertia_page;
///
/// #[derive(Clone)]
/// struct Db;
/// impl Db {
///     async fn user(&self, id: u64) -> Result<String, StatusCode> {
///         if id == 1 { Ok("Ada".into()) } else { Err(StatusCode::NOT_FOUND) }
///     }
/// }
///
/// #[derive(serde::Serialize)]
/// struct UserProps {
///     user: String,
/// }
///
/// #[inertia_page("Users/Show")]
/// async fn show(State(db): State<Db>, Path(id): Path<u64>) -> Result<UserProps, StatusCode> {
///     let user = db.user(id).await?;
///     Ok(UserProps { user })
/// }
///
/// let app: axum::Router = axum::Router::new()
///     .route("/users/{id}", axum::routing::get(show))
///     .with_state(Db)
///     .layer(inertia_runtime::InertiaConfig::new().into_layer().unwrap());
/// # let _ = app;
/// ```
///
/// The handler's body produces the props; the rewritten handler answers a first visit with
/// the HTML document embedding the page object, an Inertia visit with the page object as JSON,
/// and runs the rest of the protocol through the `InertiaLayer`.
///
/// # What the handler may return
///
/// - Props: any `serde::Serialize` type that serializes to a JSON object (a struct with named
///   fields, a map, `serde_json::Value` holding an object), or nothing (`()`: no props).
/// - `inertia_runtime::Page<Props>`, to set the status code and other response options.
/// - `Result<T, E>` where `T` is one of the above and `E: IntoResponse`; `?` works in the
///   body. Any return type spelled `…Result<…>` (`Result`, `anyhow::Result`, an alias named
///   `AppResult`) is treated as a `Result` and must be one.
///
/// # What changes
///
/// Attributes, docs, visibility, generics and `where` clauses, and your extractors in their
/// order are kept. An `InertiaRequest` extractor is added as the *first* parameter (axum
/// requires a body-consuming extractor to be last, so a new parameter can only go first) and
/// the return type becomes `axum::response::Response`.
///
/// Put `#[inertia_page]` above `#[axum::debug_handler]`, so that `debug_handler` checks the
/// rewritten handler.
///
/// # Options
///
/// `#[inertia_page("Editor", ssr = false)]`: never render this page on the server (e.g. it
/// uses browser-only APIs), even when SSR is configured.
///
/// `#[inertia_page("Editor", pages = "frontend/src/Pages")]`: check that the component exists
/// in that directory (relative to the crate's Cargo.toml, `$VAR`s expanded), for this handler.
///
/// # The component check
///
/// With the directory of the page components in the crate's Cargo.toml,
///
/// ```toml
/// [package.metadata.inertia]
/// pages = "frontend/src/Pages"      # or a list of directories
/// ```
///
/// every `#[inertia_page("Users/Index")]` only compiles if `Users/Index.tsx` (or `.jsx`,
/// `.vue`, `.svelte`, `.ts`, `.js`) exists there, with exactly that case; otherwise the error
/// points at the name and suggests the closest existing one. Cargo recompiles the crate when
/// the component file is renamed or removed (the macro `include_bytes!`es it, as
/// `vite_version!` does the manifest), and when Cargo.toml changes. Without the setting
/// nothing is checked.
///
/// # Errors at compile time
///
/// The component name missing, empty or not a string literal, a component with no file when
/// the component check is on, unknown options, a handler that
/// is not `async`, takes `self`, or is not a function at all, and props that are not
/// `Serialize` (reported at the return type).
#[proc_macro_attribute]
pub fn inertia_page(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    // On an error, the item as written goes out too: the rest of the crate still resolves the
    // function's name, and this error is the one the user sees.
    expand_with(&item, |env| {
        page::try_expand(args.into(), item.clone(), env)
    })
}

/// A page component name, checked at compile time like `#[inertia_page]`'s: for the
/// components a handler names at run time (an error page, a component chosen by a `match`).
///
/// ```
/// use inertia_runtime::{ErrorPage, component};
///
/// let page = ErrorPage::new(component!("Errors/NotFound"), serde_json::json!({ "id": 7 }));
/// # let _ = page;
/// ```
///
/// Expands to the name as a `&'static str`. With `[package.metadata.inertia] pages = "…"` in
/// the crate's Cargo.toml, a name without a matching file is a compile error with a "did you
/// mean" suggestion; without the setting it is the literal, unchecked.
#[proc_macro]
pub fn component(input: TokenStream) -> TokenStream {
    expand_with(&quote::quote!(), |env| {
        component::try_expand_component(input.into(), env)
    })
}

/// The asset version of a Vite manifest, computed at compile time: a `&'static str` usable in
/// a `const`.
///
/// ```
/// use inertia_runtime::vite_version;
///
/// // In an app: `vite_version!("frontend/dist/.vite/manifest.json")`.
/// const ASSET_VERSION: &str = vite_version!("doc-fixtures/dist/.vite/manifest.json");
/// assert_eq!(ASSET_VERSION.len(), 16);
/// assert!(ASSET_VERSION.bytes().all(|b| b.is_ascii_hexdigit()));
/// ```
///
/// The path is relative to the calling crate's `Cargo.toml` (`CARGO_MANIFEST_DIR`), never the
/// working directory. `$VAR` and `${VAR}` are replaced by environment variables of the build,
/// e.g. `"$OUT_DIR/manifest.json"` for a manifest a build script produced, and
/// `${VAR:-default}` uses `default` when `VAR` is unset or empty (a build can point at another
/// frontend build without the default build needing the variable); `$$` is a `$`.
///
/// The value is the first 16 lowercase hex digits of the SHA-256 of the manifest in canonical
/// JSON form (keys sorted, no whitespace), so reordered keys or reformatting do not change it
/// and the same build gives the same version on every machine; see `inertia_vite::version`
/// for the exact algorithm. Cargo rebuilds the crate when the manifest (or a variable used in
/// the path) changes.
///
/// A missing file, invalid JSON, or JSON that is not a Vite manifest is a compile error at the
/// argument, naming the resolved path and the fix.
#[proc_macro]
pub fn vite_version(input: TokenStream) -> TokenStream {
    expand_with(&quote::quote!(), |env| vite::try_expand(input.into(), env))
}

/// The whole Vite manifest, carried in the binary and checked at compile time: an
/// `inertia_runtime::vite::EmbeddedManifest`, usable in a `static`, for
/// `Vite::manifest(&MANIFEST)`. The compile-time twin of `Vite::manifest_file`: the same path
/// string, but relative to the crate's `Cargo.toml` (like `vite_version!`), read while the
/// crate compiles, so the binary needs no manifest file at run time, whatever its working
/// directory, even when the built files are served by a CDN or a web server.
///
/// ```
/// use inertia_runtime::{InertiaConfig, vite::{EmbeddedManifest, Vite}, vite_manifest, vite_version};
///
/// // In an app: `vite_manifest!("frontend/dist/.vite/manifest.json")`.
/// static MANIFEST: EmbeddedManifest = vite_manifest!("doc-fixtures/dist/.vite/manifest.json");
///
/// let inertia = InertiaConfig::new()
///     .vite(Vite::manifest(&MANIFEST).entry("src/main.tsx").base("https://cdn.example.com/app/"))
///     .into_layer()
///     .unwrap();
/// assert_eq!(inertia.version(), vite_version!("doc-fixtures/dist/.vite/manifest.json"));
/// ```
///
/// Errors as for `vite_version!`, plus a manifest the runtime would refuse (an entry without
/// a `file`, say), all at the argument. Cargo rebuilds when the manifest changes.
#[proc_macro]
pub fn vite_manifest(input: TokenStream) -> TokenStream {
    expand_with(&quote::quote!(), |env| {
        vite::try_expand_manifest(input.into(), env)
    })
}

/// Embeds a built frontend directory (Vite's `dist/`) in the binary, for deploys of a single
/// file: an `inertia_runtime::EmbeddedAssets`, usable in a `static`.
///
/// ```
/// use inertia_runtime::{EmbeddedAssets, embed_assets, vite_version};
///
/// // In an app: `embed_assets!("frontend/dist")`.
/// static ASSETS: EmbeddedAssets = embed_assets!("doc-fixtures/dist");
///
/// let main = ASSETS.get("assets/main-D4x7Qm2a.js").unwrap();
/// assert_eq!(main.content_type(), "text/javascript; charset=utf-8");
/// assert!(main.is_immutable(), "named in the manifest: fingerprinted");
/// assert_eq!(ASSETS.version(), vite_version!("doc-fixtures/dist/.vite/manifest.json"));
/// ```
///
/// The path resolves like `vite_version!`'s. Every file is included with `include_bytes!`, so
/// cargo rebuilds when one changes; with a manifest (`.vite/manifest.json`) the version is
/// computed at compile time and fingerprinted files are marked cacheable forever. `.br`/`.gz`
/// files next to a file become its precompressed variants. A missing directory is a compile
/// error at the argument. A file that appears later in the directory without any embedded
/// file changing (Vite's manifest changes on every build that adds files) needs a build
/// script line `println!("cargo:rerun-if-changed=frontend/dist");` to be noticed.
#[cfg(feature = "embed")]
#[proc_macro]
pub fn embed_assets(input: TokenStream) -> TokenStream {
    expand_with(&quote::quote!(), |env| embed::try_expand(input.into(), env))
}

/// Derives `inertia_runtime::Props` for a struct whose fields are props: plain values
/// (`Serialize`), `inertia_runtime::prop::Prop<T>`s with a kind, or nested structs that derive
/// `Props` too.
///
/// ```
/// use inertia_runtime::{Props, inertia_page, prop::{self, Prop}};
///
/// #[derive(serde::Serialize)]
/// struct Stats { open: u32 }
///
/// #[derive(Props)]
/// struct CommonProps { locale: &'static str }
///
/// #[derive(Props)]
/// #[prop(rename_all = "camelCase")]
/// struct Dashboard {
///     user_name: String,
///     stats: Prop<Stats>,
///     #[prop(rename = "feed")] activity: Prop<Vec<String>>,
///     #[prop(skip_if = "Option::is_none")] banner: Option<String>,
///     #[prop(flatten)] common: CommonProps,
///     #[prop(skip)] internal: u32,
/// }
///
/// #[inertia_page("Dashboard")]
/// async fn dashboard() -> Dashboard {
///     Dashboard {
///         user_name: "Ada".into(),
///         stats: prop::defer(async { Stats { open: 3 } }),
///         activity: prop::value(vec!["signed in".to_owned()]).merge(),
///         banner: None,
///         common: CommonProps { locale: "en" },
///         internal: 0,
///     }
/// }
/// # let _ = dashboard;
/// ```
///
/// Options, all in `#[prop(…)]`: on the struct `rename_all = "…"` (serde's rules:
/// `camelCase`, `snake_case`, `PascalCase`, `kebab-case`, …); on fields `rename = "…"`, `skip`, `skip_if = "path"` (a `fn(&T) -> bool`),
/// `flatten` (the field's own props at this level).
///
/// With the `typescript` feature the struct also gets a `ts_rs::TS` type, keyed by prop name:
/// `Prop<T>` fields are optional (`stats?: Stats`: deferred and optional props are not in the
/// first load), unless marked `#[prop(ts_required)]` (a lazy, scroll or merge prop the
/// component always has); `skip_if` fields are optional; `#[prop(ts_type = "…")]` writes a
/// field's TypeScript type out.
#[proc_macro_derive(Props, attributes(props, prop))]
pub fn derive_props(input: TokenStream) -> TokenStream {
    expand_with(&quote::quote!(), |_| props::try_expand(input.into()))
}

/// The one funnel of every macro (as axum-macros' `expand_with`): the macro's logic, a plain
/// function over `proc_macro2` tokens given the build's environment (so that tests give
/// theirs), and on an error its `compile_error!`s followed by `keep` (the item as written,
/// for attribute macros).
fn expand_with(
    keep: &proc_macro2::TokenStream,
    logic: impl FnOnce(&dyn Fn(&str) -> Option<String>) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    match logic(&|name| std::env::var(name).ok()) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            let mut tokens = error.into_compile_error();
            tokens.extend(keep.clone());
            tokens.into()
        }
    }
}
