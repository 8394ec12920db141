//! Server-side rendering, with a safe fallback: through the Inertia SSR server over HTTP, or
//! (feature `embedded-ssr`) inside the process, by QuickJS engines running the app's SSR
//! bundle, so that one binary renders without Node.
//!
//! For first visits (HTML), the page object is rendered by the app's own JavaScript: its
//! `head` goes into `<head>` and its `body` replaces the page root, so the browser shows
//! rendered markup before any JavaScript runs; the client then hydrates it. Inertia visits
//! (JSON) never use it.
//!
//! ```
//! use std::time::Duration;
//! use inertia_runtime::{InertiaConfig, ssr::Ssr};
//!
//! let inertia = InertiaConfig::new()
//!     .ssr(
//!         Ssr::new("http://127.0.0.1:13714") // `node ssr/ssr.js`, the official server
//!             .connect_timeout(Duration::from_millis(100))
//!             .timeout(Duration::from_millis(500))
//!             .backoff(Duration::from_secs(5)),
//!     )
//!     .into_layer()
//!     .unwrap();
//! # let _ = inertia;
//! ```
//!
//! If a render fails (the server cannot be reached in time or answers an error or something
//! that is not `{"head": […], "body": "…"}`; the embedded bundle throws, runs past its time
//! limit or its memory), the page is rendered on the client as if SSR were off and the cause
//! is logged (`tracing`, target `inertia_runtime::ssr`; at most one warning per 10 s, with
//! the number of failures it stands for, so a burst does not flood the log). A failure that
//! costs time also makes SSR skip the [`backoff`](Ssr::backoff) period, so a broken renderer
//! costs one timeout, not one per request:
//!
//! - a failure of the renderer (an unreachable or hung SSR server, an error status, an
//!   engine that does not load, renders queued past the timeout) turns SSR off for every
//!   page for the back-off period;
//! - an embedded render that ran past its own time or memory limit, or threw after a
//!   quarter of its time limit or more, turns it off for **that page component** only: one
//!   slow page (a long list, a deep thread) does not switch off SSR for the rest of the site;
//! - an embedded render that merely threw at once (one page's component bug) costs no time
//!   and backs off nothing.
//!
//! One render per request at most. While a Vite dev server runs (hot file), its
//! `/__inertia_ssr` endpoint (`@inertiajs/vite`) is used instead, so development renders
//! the modules being edited.
//!
//! # In the process: `Ssr::embedded` (feature `embedded-ssr`)
//!
//! ```ignore
//! let inertia = InertiaConfig::new()
//!     .ssr(Ssr::embedded(include_str!("../frontend/ssr-embedded/ssr.js")))
//!     .into_layer()?;
//! ```
//!
//! The bundle is built by Vite from an entry that sets `globalThis.render` to what the
//! official adapter's `createInertiaApp` returns for a page (the README has the entry for
//! React, Vue and Svelte and the Vite settings: `ssr.target = 'webworker'`,
//! `ssr.noExternal = true`, format `iife`). Before it, each engine evaluates a shim for what
//! QuickJS lacks and renderers use (timers, `MessageChannel`, `TextEncoder`/`TextDecoder`,
//! `URL`/`URLSearchParams`, `Blob`/`FormData`, `console` to the log). A pool of engines (one
//! per core by default, [`Ssr::engines`]), each on its own thread, renders; a render past
//! [`Ssr::timeout`] is interrupted, an engine past [`Ssr::memory_limit`] fails its render,
//! and an engine whose render failed is replaced before the next.

mod breaker;
mod cache;
#[cfg(feature = "embedded-ssr")]
mod engine;
mod server;
#[cfg(feature = "embedded-ssr")]
mod web;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Uri;
use serde::Deserialize;

use crate::error::ConfigError;
use server::HttpRenderer;

/// SSR settings; give them to [`InertiaConfig::ssr`](crate::InertiaConfig::ssr).
#[derive(Debug, Clone)]
#[must_use]
pub struct Ssr {
    backend: Backend,
    connect_timeout: Duration,
    timeout: Duration,
    backoff: Duration,
    vite_dev: bool,
    engines: Option<usize>,
    memory_limit: usize,
    /// Load the engines at the first embedded render instead of at startup.
    lazy: bool,
    /// Components whose renders are cached, and the cache's bound.
    cached: Vec<String>,
    cache_bytes: usize,
}

#[derive(Debug, Clone)]
enum Backend {
    Http(String),
    #[cfg(feature = "embedded-ssr")]
    Embedded(&'static str),
}

impl Ssr {
    /// The SSR server at `url` (`http://host:port`; `/render` is added). The default
    /// timeouts suit a server on the same machine: connect 200 ms, whole render 2 s, and a
    /// 10 s back-off after a failure.
    pub fn new(url: impl Into<String>) -> Self {
        Ssr {
            backend: Backend::Http(url.into()),
            connect_timeout: Duration::from_millis(200),
            timeout: Duration::from_secs(2),
            backoff: Duration::from_secs(10),
            vite_dev: true,
            engines: None,
            memory_limit: 64 * 1024 * 1024,
            lazy: false,
            cached: Vec::new(),
            cache_bytes: 16 * 1024 * 1024,
        }
    }

    /// Renders inside the process with `bundle`, the app's SSR bundle (usually
    /// `include_str!`ed, so it is part of the binary and cargo rebuilds when it changes); see
    /// the [module docs](self). A bundle that does not load is a
    /// [`ConfigError`] at startup. Defaults: one engine per core, 64 MiB
    /// per engine, 2 s per render, 10 s back-off.
    ///
    /// ```
    /// use inertia_runtime::{InertiaConfig, ssr::Ssr};
    ///
    /// // What a bundle built from the official adapter does, in miniature.
    /// const BUNDLE: &str = r#"
    ///     globalThis.render = async (page) => ({
    ///         head: [`<title>${page.component}</title>`],
    ///         body: `<div id="app" data-server-rendered="true">${page.props.greeting}</div>`,
    ///     })
    /// "#;
    /// let inertia = InertiaConfig::new().ssr(Ssr::embedded(BUNDLE).engines(1)).into_layer().unwrap();
    /// # let _ = inertia;
    /// ```
    #[cfg(feature = "embedded-ssr")]
    #[cfg_attr(docsrs, doc(cfg(feature = "embedded-ssr")))]
    pub fn embedded(bundle: &'static str) -> Self {
        Ssr {
            backend: Backend::Embedded(bundle),
            ..Self::new("")
        }
    }

    /// How many engines render at once ([`embedded`](Self::embedded) only; default: the
    /// number of cores). Each has its own thread and memory; renders beyond that wait.
    pub fn engines(mut self, engines: usize) -> Self {
        self.engines = Some(engines.max(1));
        self
    }

    /// Loads the engines at the first render that needs them instead of at startup
    /// ([`embedded`](Self::embedded) only; default `false`). For development: while the Vite
    /// dev server renders (its hot file), the bundle is never needed, so a server restarted
    /// after each Rust edit does not load it. The first embedded render waits for the load;
    /// a bundle that does not load is logged and its pages render in the browser, where at
    /// startup (the default, for production) it is refused before the server listens.
    ///
    /// ```
    /// use inertia_runtime::ssr::Ssr;
    ///
    /// const BUNDLE: &str = "globalThis.render = async (page) => ({ head: [], body: '' })";
    /// let ssr = Ssr::embedded(BUNDLE).lazy(cfg!(debug_assertions));
    /// # let _ = ssr;
    /// ```
    pub fn lazy(mut self, lazy: bool) -> Self {
        self.lazy = lazy;
        self
    }

    /// The memory one engine may use ([`embedded`](Self::embedded) only; default 64 MiB): the
    /// bundle, and what a render allocates. Past it a render fails (and falls back).
    pub fn memory_limit(mut self, bytes: usize) -> Self {
        self.memory_limit = bytes;
        self
    }

    /// Keeps the rendered pages of `component` (call again for more), so the next visit
    /// whose page object is the same byte for byte (props, shared props, the user, flash,
    /// errors, url and version) gets the markup without a render. Only for components whose
    /// markup follows from their page object alone: no clock or randomness while rendering.
    /// Bounded by [`cache_bytes`](Self::cache_bytes); a new asset version empties it; the
    /// Vite dev server's renders are never cached. Figures: docs/performance.md.
    ///
    /// ```
    /// use inertia_runtime::ssr::Ssr;
    ///
    /// let ssr = Ssr::new("http://127.0.0.1:13714")
    ///     .cache_page("About")
    ///     .cache_page("Pricing")
    ///     .cache_bytes(8 * 1024 * 1024);
    /// # let _ = ssr;
    /// ```
    pub fn cache_page(mut self, component: impl Into<String>) -> Self {
        self.cached.push(component.into());
        self
    }

    /// The most the render cache keeps, page objects and markup counted (default 16 MiB);
    /// the oldest entries go first.
    pub fn cache_bytes(mut self, bytes: usize) -> Self {
        self.cache_bytes = bytes;
        self
    }

    /// How long to wait for the connection (HTTP only).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a render may take in all: connecting, sending, rendering, reading over HTTP;
    /// waiting for an engine and running the script in the process (a script still running
    /// then is interrupted).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// After a failure, how long to render on the client without trying SSR.
    pub fn backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Whether to use the Vite dev server's `/__inertia_ssr` while it runs (default `true`).
    pub fn vite_dev_endpoint(mut self, enabled: bool) -> Self {
        self.vite_dev = enabled;
        self
    }
}

/// What a render gives: the tags for `<head>` and the markup of the page root.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Rendered {
    pub(crate) head: Vec<String>,
    pub(crate) body: String,
}

/// Why a render failed (for the log; the page falls back either way).
#[derive(Debug)]
#[non_exhaustive]
pub enum SsrError {
    /// The server could not be reached, or the connection failed.
    Connect(String),
    /// The whole render took longer than the timeout.
    Timeout(Duration),
    /// The server answered with an error status.
    Status(http::StatusCode, String),
    /// The answer was not `{"head": [...], "body": "..."}`.
    InvalidResponse(String),
    /// SSR is backing off after a recent failure.
    BackingOff,
    /// The embedded engine failed: the bundle did not load, or the engines stopped.
    Engine(String),
    /// The embedded render of this page ran past its time or memory limit: SSR backs off
    /// for this page component only.
    LimitExceeded(String),
    /// The embedded render threw (a component's error, e.g. one that reads `window`). It
    /// costs no time, so it does not make SSR back off for other pages.
    Threw(String),
}

impl fmt::Display for SsrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SsrError::Connect(e) => write!(f, "cannot reach the SSR server: {e}"),
            SsrError::Timeout(t) => write!(f, "the render took longer than {t:?}"),
            SsrError::Status(status, body) => write!(f, "the SSR server answered {status}: {body}"),
            SsrError::InvalidResponse(why) => write!(f, "the render's answer is invalid: {why}"),
            SsrError::BackingOff => f.write_str("SSR is backing off after a recent failure"),
            SsrError::Engine(why) | SsrError::LimitExceeded(why) => {
                write!(f, "embedded SSR: {why}")
            }
            SsrError::Threw(why) => write!(f, "embedded SSR: the render threw: {why}"),
        }
    }
}

impl std::error::Error for SsrError {}

/// How much longer than its timeout an embedded render is waited for before the engine is
/// taken to have stopped answering (the engine interrupts the script at the timeout itself).
#[cfg(feature = "embedded-ssr")]
const ENGINE_GRACE: Duration = Duration::from_millis(250);

/// Who renders in production.
enum Renderer {
    Http {
        render: Uri,
        health: Uri,
    },
    #[cfg(feature = "embedded-ssr")]
    Embedded(Box<Engines>),
}

/// The embedded engines: loaded at startup, or at the first render that needs them
/// ([`Ssr::lazy`]).
#[cfg(feature = "embedded-ssr")]
#[derive(Debug)]
struct Engines {
    settings: engine::EngineSettings,
    count: usize,
    pool: tokio::sync::OnceCell<engine::EnginePool>,
}

#[cfg(feature = "embedded-ssr")]
impl Engines {
    /// The pool, loaded now if it is not yet (on the blocking pool: loading evaluates the
    /// bundle in each engine). Concurrent callers wait for the one load.
    async fn pool(&self) -> Result<&engine::EnginePool, SsrError> {
        self.pool
            .get_or_try_init(|| {
                let (settings, count) = (self.settings.clone(), self.count);
                async move {
                    tokio::task::spawn_blocking(move || engine::EnginePool::start(settings, count))
                        .await
                        .map_err(|e| SsrError::Engine(format!("the engines did not load: {e}")))?
                        .map_err(|e| SsrError::Engine(e.to_string()))
                }
            })
            .await
    }
}

/// The checked settings, the renderer and the breaker, held by the layer.
pub(crate) struct SsrState {
    renderer: Renderer,
    /// For the SSR server, and the Vite dev server's endpoint in development.
    http: HttpRenderer,
    timeout: Duration,
    backoff: Duration,
    vite_dev: bool,
    /// Until when (milliseconds since `epoch`) SSR is skipped for every page; 0 = not
    /// backing off.
    skip_until: AtomicU64,
    /// The same per page component, for renders that ran past their own limits.
    pages: breaker::PageBreaker,
    /// At most one warning per window.
    log: breaker::LogLimiter,
    epoch: Instant,
    /// The opt-in render cache, when the app names components for it.
    cache: Option<cache::RenderCache>,
}

impl fmt::Debug for SsrState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("SsrState");
        match &self.renderer {
            Renderer::Http { render, .. } => s.field("render_uri", render),
            #[cfg(feature = "embedded-ssr")]
            Renderer::Embedded(engines) => s.field("engines", engines),
        };
        s.field("timeout", &self.timeout)
            .field("backoff", &self.backoff)
            .finish_non_exhaustive()
    }
}

impl SsrState {
    pub(crate) fn new(ssr: Ssr) -> Result<Self, ConfigError> {
        if ssr.timeout.is_zero() {
            return Err(ConfigError::new("SSR timeout must be more than zero"));
        }
        let renderer = match ssr.backend {
            Backend::Http(url) => Renderer::Http {
                render: server::endpoint(&url, "/render")?,
                health: server::endpoint(&url, "/health")?,
            },
            #[cfg(feature = "embedded-ssr")]
            Backend::Embedded(bundle) => {
                let engines = ssr.engines.unwrap_or_else(|| {
                    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
                });
                let settings = engine::EngineSettings {
                    bundle,
                    memory_limit: ssr.memory_limit,
                    render_timeout: ssr.timeout,
                };
                // At startup unless lazy: a bundle that does not load stops the server
                // before it listens.
                let pool = if ssr.lazy {
                    tokio::sync::OnceCell::new()
                } else {
                    tokio::sync::OnceCell::new_with(Some(engine::EnginePool::start(
                        settings.clone(),
                        engines,
                    )?))
                };
                Renderer::Embedded(Box::new(Engines {
                    settings,
                    count: engines,
                    pool,
                }))
            }
        };
        Ok(SsrState {
            renderer,
            http: HttpRenderer::new(ssr.connect_timeout),
            timeout: ssr.timeout,
            backoff: ssr.backoff,
            vite_dev: ssr.vite_dev,
            skip_until: AtomicU64::new(0),
            pages: breaker::PageBreaker::default(),
            log: breaker::LogLimiter::default(),
            epoch: Instant::now(),
            cache: (!ssr.cached.is_empty())
                .then(|| cache::RenderCache::new(ssr.cached, ssr.cache_bytes)),
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Renders `page` (the page object of `component` for asset `version`, as JSON);
    /// `dev_url` is the Vite dev server, if one runs. Failures are logged here and open the
    /// breakers.
    pub(crate) async fn render(
        &self,
        component: &str,
        version: &str,
        page: Bytes,
        dev_url: Option<&str>,
    ) -> Result<Rendered, SsrError> {
        let cache = self
            .cache
            .as_ref()
            .filter(|c| dev_url.is_none() && c.covers(component));
        if let Some(cache) = cache {
            if let Some(hit) = cache.get(version, &page) {
                return Ok(hit);
            }
            let rendered = self.render_now(component, page.clone(), dev_url).await?;
            cache.put(version, page, &rendered);
            return Ok(rendered);
        }
        self.render_now(component, page, dev_url).await
    }

    async fn render_now(
        &self,
        component: &str,
        page: Bytes,
        dev_url: Option<&str>,
    ) -> Result<Rendered, SsrError> {
        let now = self.now_ms();
        if now < self.skip_until.load(Ordering::Relaxed) || self.pages.is_open(component, now) {
            return Err(SsrError::BackingOff);
        }
        let dev = dev_url
            .filter(|_| self.vite_dev)
            .and_then(|dev| format!("{dev}/__inertia_ssr").parse::<Uri>().ok());
        // A lazy pool loads at the first render that needs it, once, outside the render's
        // time limit (a load that fails backs off like a failed render).
        #[cfg(feature = "embedded-ssr")]
        let pool = match (&dev, &self.renderer) {
            (None, Renderer::Embedded(engines)) => match engines.pool().await {
                Ok(pool) => Some(pool),
                Err(e) => {
                    self.failed(component, &Target::Engines, &e, Duration::ZERO);
                    return Err(e);
                }
            },
            _ => None,
        };
        let (target, rendering, limit) = match (&dev, &self.renderer) {
            (Some(dev), _) => (
                Target::Uri(dev),
                Box::pin(self.http.render(dev.clone(), page)) as RenderFuture<'_>,
                self.timeout,
            ),
            (None, Renderer::Http { render, .. }) => (
                Target::Uri(render),
                Box::pin(self.http.render(render.clone(), page)) as RenderFuture<'_>,
                self.timeout,
            ),
            // The engines enforce the timeout themselves and say whether the page ran past it
            // or waited in the queue; this limit only catches an engine that stopped
            // answering.
            #[cfg(feature = "embedded-ssr")]
            (None, Renderer::Embedded(_)) => (
                Target::Engines,
                match pool {
                    Some(pool) => Box::pin(pool.render(page)) as RenderFuture<'_>,
                    None => return Err(SsrError::Engine("the engines are not loaded".into())),
                },
                self.timeout + ENGINE_GRACE,
            ),
        };
        let started = Instant::now();
        let result = match tokio::time::timeout(limit, rendering).await {
            Ok(result) => result,
            Err(_) => Err(SsrError::Timeout(self.timeout)),
        };
        if let Err(e) = &result {
            self.failed(component, &target, e, started.elapsed());
        }
        result
    }

    /// Opens the breaker a failure calls for (see the [module docs](self)) and logs it.
    fn failed(&self, component: &str, target: &Target<'_>, e: &SsrError, took: Duration) {
        let now = self.now_ms();
        let until = now.saturating_add(u64::try_from(self.backoff.as_millis()).unwrap_or(u64::MAX));
        // A render that threw after a long time (a stack overflow deep in a huge tree) is as
        // costly as one that ran out of time: without a back-off, a request that asks for it
        // again and again would keep the engines busy.
        let costly_throw = matches!(e, SsrError::Threw(_)) && took >= self.timeout / 4;
        let backs_off = match e {
            SsrError::Threw(_) if !costly_throw => "nothing",
            SsrError::BackingOff => "nothing",
            SsrError::Threw(_) | SsrError::LimitExceeded(_) => {
                self.pages.open(component, until);
                "this page"
            }
            _ => {
                self.skip_until.store(until, Ordering::Relaxed);
                "every page"
            }
        };
        if let Some(suppressed) = self.log.admit(now) {
            tracing::warn!(
                target: "inertia_runtime::ssr",
                component, renderer = %target, error = %e, backoff = ?self.backoff,
                backs_off, similar_failures_not_logged = suppressed,
                "server-side rendering failed; rendering on the client"
            );
        }
    }

    /// For the SSR server: `GET /health` within the timeout. The embedded engines are
    /// healthy when a render succeeds, so this renders nothing and answers `Ok`.
    pub(crate) async fn health(&self) -> Result<(), SsrError> {
        match &self.renderer {
            Renderer::Http { health, .. } => {
                match tokio::time::timeout(self.timeout, self.http.health(health.clone())).await {
                    Ok(result) => result,
                    Err(_) => Err(SsrError::Timeout(self.timeout)),
                }
            }
            #[cfg(feature = "embedded-ssr")]
            Renderer::Embedded(_) => Ok(()),
        }
    }
}

/// Who was asked to render, for the log.
enum Target<'a> {
    Uri(&'a Uri),
    #[cfg(feature = "embedded-ssr")]
    Engines,
}

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Uri(uri) => write!(f, "{uri}"),
            #[cfg(feature = "embedded-ssr")]
            Target::Engines => f.write_str("the embedded engines"),
        }
    }
}

type RenderFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Rendered, SsrError>> + Send + 'a>>;
