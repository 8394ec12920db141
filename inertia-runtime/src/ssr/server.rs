//! Rendering through an SSR server over HTTP: the official `@inertiajs/*/server` process, or
//! the Vite dev server's `/__inertia_ssr` endpoint while it runs.

use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::{Rendered, SsrError};
use crate::error::ConfigError;

/// The largest SSR response read (a rendered page is far smaller).
const MAX_RESPONSE: usize = 16 * 1024 * 1024;

/// An HTTP client for SSR servers.
pub(super) struct HttpRenderer {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl HttpRenderer {
    pub(super) fn new(connect_timeout: Duration) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(connect_timeout));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        HttpRenderer { client }
    }

    /// `POST`s the page object to `uri` and reads `{head, body}`.
    pub(super) async fn render(&self, uri: Uri, page: Bytes) -> Result<Rendered, SsrError> {
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

    /// `GET`s `uri`: `Ok` for a 2xx answer.
    pub(super) async fn health(&self, uri: Uri) -> Result<(), SsrError> {
        let request = Request::builder()
            .uri(uri)
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
    }
}

/// `base` + `path` as an `http://host:port` URI, or why not.
pub(super) fn endpoint(base: &str, path: &str) -> Result<Uri, ConfigError> {
    let trimmed = base.trim_end_matches('/');
    let uri: Uri = format!("{trimmed}{path}").parse().map_err(|e| {
        ConfigError::new(format!("SSR server URL {base:?} is not a valid URL: {e}"))
    })?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err(ConfigError::new(format!(
            "SSR server URL {base:?} must be http://host:port (the SSR server runs beside the app; https is not supported)"
        )));
    }
    Ok(uri)
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
