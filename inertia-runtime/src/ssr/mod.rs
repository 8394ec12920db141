//! Server-side rendering through the Inertia SSR server, with a safe fallback.
//!
//! For first visits (HTML), the page object is sent to the SSR server (`@inertiajs/*/server`,
//! by default at `http://127.0.0.1:13714`), whose `head` goes into `<head>` and whose `body`
//! replaces the page root, so the browser shows rendered markup before any JavaScript runs;
//! the client then hydrates it. Inertia visits (JSON) never use it.
//!
//! ```
//! use std::time::Duration;
//! use inertia_runtime::{InertiaConfig, ssr::Ssr};
//!
//! let inertia = InertiaConfig::new()
//!     .ssr(
//!         Ssr::new("http://127.0.0.1:13714")
//!             .connect_timeout(Duration::from_millis(100))
//!             .timeout(Duration::from_millis(500))
//!             .backoff(Duration::from_secs(5)),
//!     )
//!     .into_layer()
//!     .unwrap();
//! # let _ = inertia;
//! ```
//!
//! If the SSR server cannot be reached in time, answers with an error status, or answers
//! something that is not `{"head": […], "body": "…"}`, the page is rendered on the client as
//! if SSR were off, the cause is logged (`tracing`, target `inertia_runtime::ssr`), and SSR is
//! skipped for the [`backoff`](Ssr::backoff) period, so a dead SSR server costs one timeout,
//! not one per request. One call per request at most. While a Vite dev server runs (hot
//! file), its `/__inertia_ssr` endpoint (`@inertiajs/vite`) is used instead.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde::Deserialize;

use crate::error::ConfigError;

/// The largest SSR response read (a rendered page is far smaller).
const MAX_RESPONSE: usize = 16 * 1024 * 1024;

/// SSR settings; give them to [`InertiaConfig::ssr`](crate::InertiaConfig::ssr).
#[derive(Debug, Clone)]
#[must_use]
pub struct Ssr {
    url: String,
    connect_timeout: Duration,
    timeout: Duration,
    backoff: Duration,
    vite_dev: bool,
}

impl Ssr {
    /// The SSR server at `url` (`http://host:port`; `/render` is added). The default
    /// timeouts suit a server on the same machine: connect 200 ms, whole render 2 s, and a
    /// 10 s back-off after a failure.
    pub fn new(url: impl Into<String>) -> Self {
        Ssr {
            url: url.into(),
            connect_timeout: Duration::from_millis(200),
            timeout: Duration::from_secs(2),
            backoff: Duration::from_secs(10),
            vite_dev: true,
        }
    }

    /// How long to wait for the connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a render may take in all (connecting, sending, rendering, reading).
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

/// What the SSR server answers.
#[derive(Debug, Deserialize)]
pub(crate) struct Rendered {
    pub(crate) head: Vec<String>,
    pub(crate) body: String,
}

/// Why a render failed (for the log; the page falls back either way).
#[derive(Debug)]
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
}

impl fmt::Display for SsrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SsrError::Connect(e) => write!(f, "cannot reach the SSR server: {e}"),
            SsrError::Timeout(t) => write!(f, "the SSR server took longer than {t:?}"),
            SsrError::Status(status, body) => write!(f, "the SSR server answered {status}: {body}"),
            SsrError::InvalidResponse(why) => {
                write!(f, "the SSR server's answer is invalid: {why}")
            }
            SsrError::BackingOff => f.write_str("SSR is backing off after a recent failure"),
        }
    }
}

impl std::error::Error for SsrError {}

/// The checked settings and the client, held by the layer.
pub(crate) struct SsrState {
    client: Client<HttpConnector, Full<Bytes>>,
    render_uri: Uri,
    health_uri: Uri,
    timeout: Duration,
    backoff: Duration,
    vite_dev: bool,
    /// Until when (milliseconds since `epoch`) SSR is skipped; 0 = not backing off.
    skip_until: AtomicU64,
    epoch: Instant,
}

impl fmt::Debug for SsrState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsrState")
            .field("render_uri", &self.render_uri)
            .field("timeout", &self.timeout)
            .field("backoff", &self.backoff)
            .finish_non_exhaustive()
    }
}

impl SsrState {
    pub(crate) fn new(ssr: Ssr) -> Result<Self, ConfigError> {
        let base = ssr.url.trim_end_matches('/');
        let parse = |path: &str| -> Result<Uri, ConfigError> {
            let uri: Uri = format!("{base}{path}").parse().map_err(|e| {
                ConfigError::new(format!(
                    "SSR server URL {:?} is not a valid URL: {e}",
                    ssr.url
                ))
            })?;
            if uri.scheme_str() != Some("http") || uri.host().is_none() {
                return Err(ConfigError::new(format!(
                    "SSR server URL {:?} must be http://host:port (the SSR server runs beside the app; https is not supported)",
                    ssr.url
                )));
            }
            Ok(uri)
        };
        let render_uri = parse("/render")?;
        let health_uri = parse("/health")?;
        if ssr.timeout.is_zero() {
            return Err(ConfigError::new("SSR timeout must be more than zero"));
        }
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(ssr.connect_timeout));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(SsrState {
            client,
            render_uri,
            health_uri,
            timeout: ssr.timeout,
            backoff: ssr.backoff,
            vite_dev: ssr.vite_dev,
            skip_until: AtomicU64::new(0),
            epoch: Instant::now(),
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Renders `page` (the page object as JSON); `dev_url` is the Vite dev server, if one
    /// runs. Failures are logged here and open the breaker.
    pub(crate) async fn render(
        &self,
        page: Bytes,
        dev_url: Option<&str>,
    ) -> Result<Rendered, SsrError> {
        if self.now_ms() < self.skip_until.load(Ordering::Relaxed) {
            return Err(SsrError::BackingOff);
        }
        let uri = match dev_url.filter(|_| self.vite_dev) {
            Some(dev) => match format!("{dev}/__inertia_ssr").parse::<Uri>() {
                Ok(uri) => uri,
                Err(_) => self.render_uri.clone(),
            },
            None => self.render_uri.clone(),
        };
        let result = match tokio::time::timeout(self.timeout, self.post(uri.clone(), page)).await {
            Ok(result) => result,
            Err(_) => Err(SsrError::Timeout(self.timeout)),
        };
        if let Err(e) = &result {
            self.skip_until.store(
                self.now_ms()
                    .saturating_add(u64::try_from(self.backoff.as_millis()).unwrap_or(u64::MAX)),
                Ordering::Relaxed,
            );
            tracing::warn!(
                target: "inertia_runtime::ssr",
                url = %uri, error = %e, backoff = ?self.backoff,
                "server-side rendering failed; rendering on the client"
            );
        }
        result
    }

    async fn post(&self, uri: Uri, page: Bytes) -> Result<Rendered, SsrError> {
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json")
            .body(Full::new(page))
            .map_err(|e| SsrError::Connect(e.to_string()))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| SsrError::Connect(error_chain(&e)))?;
        let status = response.status();
        let body = Limited::new(response.into_body(), MAX_RESPONSE)
            .collect()
            .await
            .map_err(|e| {
                SsrError::InvalidResponse(format!(
                    "reading the answer failed (limit {MAX_RESPONSE} bytes): {e}"
                ))
            })?
            .to_bytes();
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body[..body.len().min(500)]).into_owned();
            return Err(SsrError::Status(status, text));
        }
        serde_json::from_slice::<Rendered>(&body)
            .map_err(|e| SsrError::InvalidResponse(e.to_string()))
    }

    /// `GET /health` of the SSR server: `Ok` for a 2xx answer within the timeout.
    pub(crate) async fn health(&self) -> Result<(), SsrError> {
        let check = async {
            let request = Request::builder()
                .uri(self.health_uri.clone())
                .body(Full::new(Bytes::new()))
                .map_err(|e| SsrError::Connect(e.to_string()))?;
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| SsrError::Connect(error_chain(&e)))?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(SsrError::Status(response.status(), String::new()))
            }
        };
        match tokio::time::timeout(self.timeout, check).await {
            Ok(result) => result,
            Err(_) => Err(SsrError::Timeout(self.timeout)),
        }
    }
}

/// An error and its causes, `a: b: c` (hyper's top-level messages say little alone).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
