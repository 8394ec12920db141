//! Testing your pages in-process, in the style of Laravel's `assertInertia`.
//!
//! [`InertiaTest`] drives a router the way the Inertia client does (no server, no browser):
//! first visits and Inertia visits, partial reloads, form posts whose redirects it follows,
//! the visit cookie that carries flash data and errors. [`TestPage`] is what it gets back,
//! with assertions on the component, props by dot path, and the protocol metadata.
//!
//! ```
//! use axum::{Router, routing::get};
//! use inertia_runtime::{InertiaConfig, inertia_page, testing::InertiaTest};
//!
//! #[inertia_page("Users/Index")]
//! async fn users() -> serde_json::Value {
//!     serde_json::json!({ "users": [{ "name": "Ada" }, { "name": "Grace" }] })
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let app = Router::new()
//!     .route("/users", get(users))
//!     .layer(InertiaConfig::new().version("v1").into_layer().unwrap());
//!
//! let mut client = InertiaTest::new(app);
//! client
//!     .get("/users")
//!     .await
//!     .assert_component("Users/Index")
//!     .assert_count("users", 2)
//!     .assert_prop("users.1.name", "Grace")
//!     .assert_missing("users.2");
//! # }
//! ```
//!
//! The assertion methods panic with a message that shows the page, which is how test
//! helpers report failures.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::fmt;

use axum::Router;
use axum::body::Body;
use http::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde::Serialize;
use serde_json::Value;
use tower::ServiceExt;

use crate::headers::{
    X_INERTIA, X_INERTIA_ERROR_BAG, X_INERTIA_EXCEPT_ONCE_PROPS, X_INERTIA_LOCATION,
    X_INERTIA_PARTIAL_COMPONENT, X_INERTIA_PARTIAL_DATA, X_INERTIA_PARTIAL_EXCEPT, X_INERTIA_RESET,
    X_INERTIA_VERSION,
};
use crate::page::PageObject;

/// A client for one router, with the state a browser would keep: the asset version of the
/// last page and its cookies.
pub struct InertiaTest {
    router: Router,
    version: Option<String>,
    cookies: Vec<(String, String)>,
    headers: HeaderMap,
}

/// A response: a page (its page object) or anything else (status, headers, body).
#[derive(Clone)]
pub struct TestPage {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
    /// The page object, if the response is a page (Inertia JSON, or HTML embedding one).
    pub page: Option<PageObject>,
}

/// A partial reload being built; see [`InertiaTest::reload`].
pub struct Reload<'c> {
    client: &'c mut InertiaTest,
    url: String,
    component: String,
    headers: Vec<(HeaderName, String)>,
}

impl InertiaTest {
    /// A client for `router` (which must have the `InertiaLayer`).
    pub fn new(router: Router) -> Self {
        InertiaTest {
            router,
            version: None,
            cookies: Vec::new(),
            headers: HeaderMap::new(),
        }
    }

    /// Sends `name: value` with every request.
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).expect("a valid header value"),
        );
        self
    }

    /// A first visit (no `X-Inertia`): the page embedded in the HTML.
    pub async fn visit(&mut self, uri: &str) -> TestPage {
        self.send(Method::GET, uri, Vec::new(), None, false).await
    }

    /// An Inertia visit (`X-Inertia`), as a `<Link>` click makes.
    pub async fn get(&mut self, uri: &str) -> TestPage {
        self.send(Method::GET, uri, Vec::new(), None, true).await
    }

    /// An Inertia form submission with a JSON body (as `router.post(url, data)` sends),
    /// following redirects as the browser's XHR does.
    pub async fn post(&mut self, uri: &str, data: impl Serialize) -> TestPage {
        self.submit(Method::POST, uri, data).await
    }

    /// Like [`post`](Self::post) with another method (`PUT`, `PATCH`, `DELETE`).
    pub async fn submit(&mut self, method: Method, uri: &str, data: impl Serialize) -> TestPage {
        let body = serde_json::to_vec(&data).expect("serializable data");
        self.send(method, uri, Vec::new(), Some(body), true).await
    }

    /// A form submission whose errors go to the error bag `bag` (`X-Inertia-Error-Bag`).
    pub async fn post_with_bag(&mut self, uri: &str, bag: &str, data: impl Serialize) -> TestPage {
        let body = serde_json::to_vec(&data).expect("serializable data");
        let headers = vec![(X_INERTIA_ERROR_BAG, bag.to_owned())];
        self.send(Method::POST, uri, headers, Some(body), true)
            .await
    }

    /// A partial reload of `page` (`router.reload()`): set what to ask for, then
    /// [`send`](Reload::send).
    pub fn reload(&mut self, page: &TestPage) -> Reload<'_> {
        let object = page.object();
        Reload {
            url: object.url.clone(),
            component: object.component.clone(),
            client: self,
            headers: Vec::new(),
        }
    }

    /// The asset version the client holds (from the last page).
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    async fn send(
        &mut self,
        method: Method,
        uri: &str,
        extra: Vec<(HeaderName, String)>,
        body: Option<Vec<u8>>,
        inertia: bool,
    ) -> TestPage {
        let mut method = method;
        let mut uri = uri.to_owned();
        let mut body = body;
        // Redirects (followed like XHR does) and one version reload, at most.
        for _ in 0..10 {
            let response = self
                .once(&method, &uri, &extra, body.clone(), inertia)
                .await;
            let status = response.status;
            if inertia && status == StatusCode::CONFLICT {
                if let Some(version) = header(&response.headers, &X_INERTIA_VERSION) {
                    // The browser reloads and gets the new assets' version.
                    if self.version.as_deref() != Some(version.as_str()) {
                        self.version = Some(version);
                        continue;
                    }
                }
                return response;
            }
            if status.is_redirection()
                && let Some(location) = header(&response.headers, &LOCATION)
            {
                uri = location;
                if status == StatusCode::SEE_OTHER
                    || (status != StatusCode::TEMPORARY_REDIRECT
                        && status != StatusCode::PERMANENT_REDIRECT)
                {
                    method = Method::GET;
                    body = None;
                }
                continue;
            }
            if let Some(page) = &response.page {
                self.version = page.version.clone();
            }
            return response;
        }
        panic!("more than 10 redirects from {uri}");
    }

    async fn once(
        &mut self,
        method: &Method,
        uri: &str,
        extra: &[(HeaderName, String)],
        body: Option<Vec<u8>>,
        inertia: bool,
    ) -> TestPage {
        let mut req = Request::builder().method(method.clone()).uri(uri);
        for (name, value) in &self.headers {
            req = req.header(name, value);
        }
        if inertia {
            req = req
                .header(X_INERTIA, "true")
                .header("x-requested-with", "XMLHttpRequest")
                .header("accept", "text/html, application/xhtml+xml");
            if let Some(version) = self.version.as_deref().filter(|v| !v.is_empty()) {
                req = req.header(X_INERTIA_VERSION, version);
            }
        }
        for (name, value) in extra {
            req = req.header(name, value);
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            req = req.header(COOKIE, jar.join("; "));
        }
        let req = match body {
            Some(body) => req
                .header(CONTENT_TYPE, "application/json")
                .body(Body::from(body)),
            None => req.body(Body::empty()),
        }
        .expect("a valid request");
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        self.keep_cookies(&headers);
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let page = if headers.contains_key(X_INERTIA) {
            serde_json::from_str(&body).ok()
        } else {
            embedded_page(&body)
        };
        TestPage {
            status,
            headers,
            body,
            page,
        }
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for set in headers.get_all(SET_COOKIE) {
            let Ok(text) = set.to_str() else { continue };
            let Some((name, rest)) = text.split_once('=') else {
                continue;
            };
            let value = rest.split(';').next().unwrap_or("");
            let expired = text.to_ascii_lowercase().contains("max-age=0");
            self.cookies.retain(|(n, _)| n != name);
            if !expired && !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }
}

impl Reload<'_> {
    /// Ask for these props (`only`).
    pub fn only(mut self, paths: &[&str]) -> Self {
        self.headers.push((X_INERTIA_PARTIAL_DATA, paths.join(",")));
        self
    }

    /// Leave out these props (`except`).
    pub fn except(mut self, paths: &[&str]) -> Self {
        self.headers
            .push((X_INERTIA_PARTIAL_EXCEPT, paths.join(",")));
        self
    }

    /// Reset the merge state of these props (`reset`; they are also asked for).
    pub fn reset(mut self, paths: &[&str]) -> Self {
        self.headers.push((X_INERTIA_RESET, paths.join(",")));
        self
    }

    /// Announce once-props the client already holds.
    pub fn except_once(mut self, keys: &[&str]) -> Self {
        self.headers
            .push((X_INERTIA_EXCEPT_ONCE_PROPS, keys.join(",")));
        self
    }

    /// Any other header (e.g. `x-inertia-infinite-scroll-merge-intent`).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers
            .push((HeaderName::from_static(name), value.to_owned()));
        self
    }

    /// Sends the reload.
    pub async fn send(self) -> TestPage {
        let mut headers = self.headers;
        headers.push((X_INERTIA_PARTIAL_COMPONENT, self.component));
        self.client
            .send(Method::GET, &self.url, headers, None, true)
            .await
    }
}

impl TestPage {
    /// The page object; panics if the response is not a page.
    pub fn object(&self) -> &PageObject {
        match &self.page {
            Some(page) => page,
            None => panic!(
                "expected an Inertia page, got {} with headers {:?} and body {:?}",
                self.status, self.headers, self.body
            ),
        }
    }

    /// The prop at a dot path (`users.0.name`; array items by index).
    pub fn prop(&self, path: &str) -> Option<&Value> {
        lookup(&self.object().props, path)
    }

    /// Asserts the status code.
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "status of {self:?}");
        self
    }

    /// Asserts the page component.
    pub fn assert_component(&self, component: &str) -> &Self {
        assert_eq!(self.object().component, component, "component of {self:?}");
        self
    }

    /// Asserts the prop at `path` equals `expected` (compared as JSON).
    pub fn assert_prop(&self, path: &str, expected: impl Serialize) -> &Self {
        let expected = serde_json::to_value(expected).expect("serializable expectation");
        match self.prop(path) {
            Some(actual) => assert_eq!(actual, &expected, "prop `{path}` of {self:?}"),
            None => panic!("prop `{path}` is missing from {self:?}"),
        }
        self
    }

    /// Asserts there is a prop at `path`.
    pub fn assert_has(&self, path: &str) -> &Self {
        assert!(
            self.prop(path).is_some(),
            "prop `{path}` is missing from {self:?}"
        );
        self
    }

    /// Asserts there is no prop at `path`.
    pub fn assert_missing(&self, path: &str) -> &Self {
        assert!(
            self.prop(path).is_none(),
            "prop `{path}` should be missing from {self:?}"
        );
        self
    }

    /// Asserts the array (or object) at `path` has `count` items.
    pub fn assert_count(&self, path: &str, count: usize) -> &Self {
        let len = match self.prop(path) {
            Some(Value::Array(items)) => items.len(),
            Some(Value::Object(map)) => map.len(),
            other => panic!("prop `{path}` is not an array or object but {other:?} in {self:?}"),
        };
        assert_eq!(len, count, "number of items at `{path}` in {self:?}");
        self
    }

    /// Asserts the deferred group `group` lists exactly `paths`.
    pub fn assert_deferred(&self, group: &str, paths: &[&str]) -> &Self {
        let actual = self.object().deferred_props.get(group);
        assert_eq!(
            actual,
            Some(&serde_json::json!(paths)),
            "deferred group `{group}` of {self:?}"
        );
        self
    }

    /// Asserts the page's `flash` has `key: expected`.
    pub fn assert_flash(&self, key: &str, expected: impl Serialize) -> &Self {
        let expected = serde_json::to_value(expected).expect("serializable expectation");
        assert_eq!(
            self.object().flash.get(key),
            Some(&expected),
            "flash `{key}` of {self:?}"
        );
        self
    }

    /// Asserts `errors.<field>` (a dot path below `errors`) is `message`.
    pub fn assert_error(&self, field: &str, message: &str) -> &Self {
        self.assert_prop(&format!("errors.{field}"), message)
    }

    /// Asserts the page has no validation errors.
    pub fn assert_no_errors(&self) -> &Self {
        self.assert_prop("errors", serde_json::json!({}))
    }

    /// Asserts the response is an Inertia location visit (`409` + `X-Inertia-Location`) to `url`.
    pub fn assert_location(&self, url: &str) -> &Self {
        assert_eq!(self.status, StatusCode::CONFLICT, "status of {self:?}");
        assert_eq!(
            header(&self.headers, &X_INERTIA_LOCATION).as_deref(),
            Some(url),
            "location of {self:?}"
        );
        self
    }
}

impl fmt::Debug for TestPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.page {
            Some(page) => write!(
                f,
                "page {} ({}): {}",
                page.component,
                self.status,
                serde_json::to_string_pretty(page).unwrap_or_default()
            ),
            None => write!(f, "response {} {:?}", self.status, self.body),
        }
    }
}

fn header(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The value at a dot path; array items by index.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |v, segment| match v {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The page object of an HTML first visit: the script element, or the v2 data attribute.
fn embedded_page(html: &str) -> Option<PageObject> {
    if let Some(start) = html.find("<script data-page=") {
        let open_end = start + html[start..].find('>')? + 1;
        let close = open_end + html[open_end..].find("</script>")?;
        return serde_json::from_str(&html[open_end..close]).ok();
    }
    let attr = html.find(" data-page=\"")? + " data-page=\"".len();
    let end = attr + html[attr..].find('"')?;
    let decoded = html[attr..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_by_dot_path() {
        let v = json!({"a": {"b": [{"c": 1}]}});
        assert_eq!(lookup(&v, "a.b.0.c"), Some(&json!(1)));
        assert_eq!(lookup(&v, "a.b.1"), None);
        assert_eq!(lookup(&v, "a.x"), None);
    }
}
