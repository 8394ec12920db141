//! Helpers shared by the cross-crate tests: send a request through a router in-process and
//! look at the answer. Also the home of the documentation pages in `docs/` whose examples are
//! compiled and run as doctests.

/// `docs/props.md`: every example on the page runs as a doctest.
#[doc = include_str!("../../docs/props.md")]
pub mod props_guide {}

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response, read to the end.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl Answer {
    /// A header's value as text, or `None`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All values of a header.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// If the body is not JSON (these are test helpers).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }
}

/// Builds a request; `headers` are `(name, value)` pairs.
///
/// # Panics
///
/// On an invalid method, URI or header (these are test helpers).
pub fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

/// Sends `req` through `app` and reads the whole response.
///
/// # Panics
///
/// If the body cannot be read or is not UTF-8 (these are test helpers).
pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let response = app.clone().oneshot(req).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

/// A GET as the Inertia client sends it (`X-Inertia: true`, `X-Inertia-Version`).
pub async fn inertia_get(app: &Router, uri: &str, version: &str) -> Answer {
    send(
        app,
        request(
            "GET",
            uri,
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", version),
                ("x-requested-with", "XMLHttpRequest"),
                ("accept", "text/html, application/xhtml+xml"),
            ],
            "",
        ),
    )
    .await
}

/// The page object embedded in an HTML first-visit response (script element form).
///
/// # Panics
///
/// If there is no `<script data-page="app" type="application/json">` element.
pub fn embedded_page(html: &str) -> serde_json::Value {
    let start_tag = "<script data-page=\"app\" type=\"application/json\">";
    let start = html.find(start_tag).expect("page script element") + start_tag.len();
    let end = start + html[start..].find("</script>").expect("end of script");
    serde_json::from_str(&html[start..end]).expect("page JSON")
}
