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

use crate::page::PageObject;
use crate::wire::cookie::parse_set_cookie;
use crate::wire::headers::{
    PRECOGNITION, PRECOGNITION_VALIDATE_ONLY, X_INERTIA, X_INERTIA_ERROR_BAG,
    X_INERTIA_EXCEPT_ONCE_PROPS, X_INERTIA_LOCATION, X_INERTIA_PARTIAL_COMPONENT,
    X_INERTIA_PARTIAL_DATA, X_INERTIA_PARTIAL_EXCEPT, X_INERTIA_RESET, X_INERTIA_VERSION,
    X_XSRF_TOKEN,
};

/// The cookie the Inertia client reads the CSRF token from.
const XSRF_COOKIE: &str = "XSRF-TOKEN";

/// A `multipart/form-data` body for [`InertiaTest::post_multipart`]: text fields and files,
/// named as the Inertia client names them (`items[0][name]`, `photos[0]`).
///
/// ```
/// use inertia_runtime::testing::MultipartForm;
///
/// let form = MultipartForm::new()
///     .text("title", "Holiday")
///     .file("photos[0]", "beach.jpg", "image/jpeg", b"...".to_vec());
/// # let _ = form;
/// ```
#[derive(Debug, Default, Clone)]
pub struct MultipartForm {
    parts: Vec<Part>,
}

/// One part of a [`MultipartForm`].
#[derive(Debug, Clone)]
struct Part {
    name: String,
    /// The file name and content type, for a file.
    file: Option<(String, String)>,
    content: Vec<u8>,
}

impl MultipartForm {
    /// An empty form.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new();
    /// # let _ = form;
    /// ```
    pub fn new() -> Self {
        MultipartForm::default()
    }

    /// Adds a text field.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new().text("tags[]", "a").text("tags[]", "b");
    /// # let _ = form;
    /// ```
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file: None,
            content: value.as_bytes().to_vec(),
        });
        self
    }

    /// Adds a file.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new()
    ///     .file("cv", "cv.pdf", "application/pdf", b"%PDF-1.7".to_vec());
    /// # let _ = form;
    /// ```
    pub fn file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file: Some((file_name.to_owned(), content_type.to_owned())),
            content: content.into(),
        });
        self
    }

    /// The `Content-Type` (with its boundary) and the body.
    fn encode(&self) -> (String, Vec<u8>) {
        // A boundary that no part contains, as browsers choose one.
        let mut boundary = String::from("----InertiaTestBoundary");
        let mut n = 0u32;
        while self
            .parts
            .iter()
            .any(|part| memchr::memmem::find(&part.content, boundary.as_bytes()).is_some())
        {
            n += 1;
            boundary = format!("----InertiaTestBoundary{n}");
        }
        // Escaped as browsers do (the HTML standard's multipart encoding).
        let quoted = |s: &str| {
            s.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for Part {
            name,
            file,
            content,
        } in &self.parts
        {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match file {
                Some((file_name, content_type)) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                        quoted(name),
                        quoted(file_name)
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quoted(name)
                    )
                    .as_bytes(),
                ),
            }
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

/// A Precognition request being built; see [`InertiaTest::precognition`].
pub struct Precognitive<'c> {
    client: &'c mut InertiaTest,
    method: Method,
    uri: String,
    body: Vec<u8>,
    only: Vec<String>,
}

impl Precognitive<'_> {
    /// Validate only these fields (`Precognition-Validate-Only`), as `form.validate('email')`.
    pub fn only(mut self, fields: &[&str]) -> Self {
        self.only = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Another method than `POST` (the form's own, e.g. `PUT`).
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sends it (never following anything: Precognition answers are final).
    pub async fn send(self) -> TestPage {
        let mut headers = vec![(PRECOGNITION, "true".to_owned())];
        if !self.only.is_empty() {
            headers.push((PRECOGNITION_VALIDATE_ONLY, self.only.join(",")));
        }
        headers.push((http::header::ACCEPT, "application/json".to_owned()));
        headers.push((CONTENT_TYPE, "application/json".to_owned()));
        self.client
            .once(&self.method, &self.uri, &headers, Some(self.body), false)
            .await
    }
}

/// A client for one router, with the state a browser would keep: the asset version of the
/// last page and its cookies.
pub struct InertiaTest {
    router: Router,
    version: Option<String>,
    cookies: Vec<(String, String)>,
    headers: HeaderMap,
    /// The URL of the last page, sent as `Referer` (as a browser does).
    referer: Option<String>,
    follow_redirects: bool,
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
            referer: None,
            follow_redirects: true,
        }
    }

    /// Whether redirects (and the reload after a version `409`) are followed (the default),
    /// or returned as they are, to assert on them.
    ///
    /// ```
    /// # use inertia_runtime::{InertiaConfig, InertiaRedirect, testing::InertiaTest};
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let app = axum::Router::new()
    ///     .route("/old", axum::routing::get(|| async { InertiaRedirect::to("/new") }))
    ///     .layer(InertiaConfig::new().into_layer().unwrap());
    /// let mut client = InertiaTest::new(app).follow_redirects(false);
    /// client.get("/old").await.assert_status(303).assert_header("location", "/new");
    /// # }
    /// ```
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// Pretends the client holds assets of `version` (e.g. an old deploy's), for the next
    /// Inertia visits; `None` forgets it.
    ///
    /// ```
    /// # use inertia_runtime::{InertiaConfig, inertia_page, testing::InertiaTest};
    /// # #[inertia_page("Home")] async fn home() {}
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let app = axum::Router::new().route("/", axum::routing::get(home))
    /// #     .layer(InertiaConfig::new().version("v2").into_layer().unwrap());
    /// let mut client = InertiaTest::new(app).follow_redirects(false);
    /// client.set_version(Some("v1"));
    /// client.get("/").await.assert_status(409).assert_header("x-inertia-location", "/");
    /// # }
    /// ```
    pub fn set_version(&mut self, version: Option<&str>) {
        self.version = version.map(str::to_owned);
    }

    /// Forgets a cookie (an expired session, a cleared browser).
    pub fn forget_cookie(&mut self, name: &str) {
        self.cookies.retain(|(n, _)| n != name);
    }

    /// The value of a cookie the client holds.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
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

    /// A plain HTML form submission (`application/x-www-form-urlencoded`, no `X-Inertia`), as
    /// a browser sends it without JavaScript.
    pub async fn post_form(&mut self, uri: &str, fields: &[(&str, &str)]) -> TestPage {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish()
            .into_bytes();
        let headers = vec![(CONTENT_TYPE, "application/x-www-form-urlencoded".to_owned())];
        self.send(Method::POST, uri, headers, Some(body), false)
            .await
    }

    /// An Inertia form submission with files (`multipart/form-data`), as the client sends
    /// it when the data holds a `File`; redirects followed.
    ///
    /// ```
    /// # use inertia_runtime::{InertiaConfig, InertiaRedirect, ValidationErrors, form::{Checked, Rules, UploadedFile}};
    /// use inertia_runtime::testing::{InertiaTest, MultipartForm};
    /// # #[derive(serde::Deserialize)] struct Avatar { name: String, avatar: UploadedFile }
    /// # impl Rules for Avatar { fn check(&self, _: &mut ValidationErrors) {} }
    /// # async fn upload(Checked(a): Checked<Avatar>) -> String { format!("{} {}", a.name, a.avatar.len()) }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let app = axum::Router::new().route("/avatar", axum::routing::post(upload))
    /// #     .layer(InertiaConfig::new().into_layer().unwrap());
    /// let mut client = InertiaTest::new(app);
    /// let form = MultipartForm::new()
    ///     .text("name", "Ada")
    ///     .file("avatar", "ada.png", "image/png", vec![0x89, b'P', b'N', b'G']);
    /// let answer = client.post_multipart("/avatar", form).await;
    /// assert_eq!(answer.body, "Ada 4");
    /// # }
    /// ```
    pub async fn post_multipart(&mut self, uri: &str, form: MultipartForm) -> TestPage {
        let (content_type, body) = form.encode();
        self.send(
            Method::POST,
            uri,
            vec![(CONTENT_TYPE, content_type)],
            Some(body),
            true,
        )
        .await
    }

    /// A Precognition request (`useForm(…).validate(…)`): the form's data, validated by the
    /// server without running the handler. Set the fields with
    /// [`only`](Precognitive::only), then [`send`](Precognitive::send).
    ///
    /// ```
    /// # use inertia_runtime::{InertiaConfig, ValidationErrors, form::{Checked, Rules}, testing::InertiaTest};
    /// # #[derive(serde::Deserialize)] struct Signup { email: String, name: String }
    /// # impl Rules for Signup { fn check(&self, e: &mut ValidationErrors) {
    /// #   if !self.email.contains('@') { e.push("email", "The email field must be a valid email address."); }
    /// #   if self.name.is_empty() { e.push("name", "The name field is required."); } } }
    /// # async fn signup(Checked(_): Checked<Signup>) -> &'static str { "created" }
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # let app = axum::Router::new().route("/signup", axum::routing::post(signup))
    /// #     .layer(InertiaConfig::new().into_layer().unwrap());
    /// let mut client = InertiaTest::new(app);
    /// let data = serde_json::json!({ "email": "ada", "name": "" });
    /// client
    ///     .precognition("/signup", &data)
    ///     .only(&["email"])
    ///     .send()
    ///     .await
    ///     .assert_precognition_errors(&[("email", "The email field must be a valid email address.")]);
    /// let data = serde_json::json!({ "email": "ada@example.com", "name": "" });
    /// client.precognition("/signup", &data).only(&["email"]).send().await.assert_precognition_success();
    /// # }
    /// ```
    pub fn precognition(&mut self, uri: &str, data: impl Serialize) -> Precognitive<'_> {
        Precognitive {
            client: self,
            method: Method::POST,
            uri: uri.to_owned(),
            body: serde_json::to_vec(&data).expect("serializable data"),
            only: Vec::new(),
        }
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
            if !self.follow_redirects {
                self.remember(&response);
                return response;
            }
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
            self.remember(&response);
            return response;
        }
        panic!("more than 10 redirects from {uri}");
    }

    /// Keeps what a browser keeps from a page: its asset version and its URL (the next
    /// request's `Referer`).
    fn remember(&mut self, response: &TestPage) {
        if let Some(page) = &response.page {
            self.version = page.version.clone();
            self.referer = Some(page.url.clone());
        }
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
        if let Some(referer) = &self.referer {
            req = req.header(http::header::REFERER, referer);
        }
        // As the Inertia client (and axios) do: the XSRF-TOKEN cookie back as a header.
        if let Some(token) = self.cookie(XSRF_COOKIE) {
            req = req.header(X_XSRF_TOKEN, token);
        }
        let has_content_type = extra.iter().any(|(name, _)| *name == CONTENT_TYPE);
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
            Some(body) if has_content_type => req.body(Body::from(body)),
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
            let Some(cookie) = set.to_str().ok().and_then(parse_set_cookie) else {
                continue;
            };
            self.cookies.retain(|(n, _)| n != cookie.name);
            if !cookie.deletes && !cookie.value.is_empty() {
                self.cookies
                    .push((cookie.name.to_owned(), cookie.value.to_owned()));
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

    /// Asserts the validation error of `field` is `message` (with
    /// [`all_errors`](crate::InertiaConfig::all_errors), compare the list with
    /// [`prop`](Self::prop) instead). Error keys are flat, as Laravel sends them (`items.0.quantity` is one key); a field in
    /// a named error bag is `bag.field`.
    pub fn assert_error(&self, field: &str, message: &str) -> &Self {
        let errors = self.prop("errors");
        let flat = errors.and_then(|e| e.get(field));
        let in_bag = || {
            let (bag, rest) = field.split_once('.')?;
            errors?.get(bag)?.get(rest)
        };
        match flat.or_else(in_bag) {
            Some(actual) => assert_eq!(
                actual,
                &Value::from(message),
                "error of `{field}` in {self:?}"
            ),
            None => panic!("no error for `{field}` in {self:?}"),
        }
        self
    }

    /// Asserts the page has no validation errors.
    pub fn assert_no_errors(&self) -> &Self {
        self.assert_prop("errors", serde_json::json!({}))
    }

    /// Asserts a response header's value.
    pub fn assert_header(&self, name: &str, expected: &str) -> &Self {
        let actual = self.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(actual, Some(expected), "header `{name}` of {self:?}");
        self
    }

    /// Asserts the page's asset version.
    pub fn assert_version(&self, version: &str) -> &Self {
        assert_eq!(
            self.object().version.as_deref(),
            Some(version),
            "version of {self:?}"
        );
        self
    }

    /// Asserts the page's URL (path and query).
    pub fn assert_url(&self, url: &str) -> &Self {
        assert_eq!(self.object().url, url, "url of {self:?}");
        self
    }

    /// Asserts the prop at `path` is of a JSON type: `"string"`, `"number"`, `"boolean"`,
    /// `"array"`, `"object"` or `"null"` (Laravel's `whereType`).
    pub fn assert_type(&self, path: &str, json_type: &str) -> &Self {
        let actual = match self.prop(path) {
            Some(Value::String(_)) => "string",
            Some(Value::Number(_)) => "number",
            Some(Value::Bool(_)) => "boolean",
            Some(Value::Array(_)) => "array",
            Some(Value::Object(_)) => "object",
            Some(Value::Null) => "null",
            None => panic!("prop `{path}` is missing from {self:?}"),
        };
        assert_eq!(actual, json_type, "type of prop `{path}` in {self:?}");
        self
    }

    /// Asserts the props at `path` (an object) have exactly these keys, in any order
    /// (Laravel's `has` without `etc()`): no prop sent by accident.
    pub fn assert_keys(&self, path: &str, keys: &[&str]) -> &Self {
        let object = if path.is_empty() {
            Some(&self.object().props)
        } else {
            self.prop(path)
        };
        let Some(Value::Object(map)) = object else {
            panic!("prop `{path}` is not an object in {self:?}");
        };
        let mut actual: Vec<&str> = map.keys().map(String::as_str).collect();
        let mut expected = keys.to_vec();
        actual.sort_unstable();
        expected.sort_unstable();
        assert_eq!(actual, expected, "keys of `{path}` in {self:?}");
        self
    }

    /// The body as JSON (for `422` answers and other non-page responses).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {self:?}"))
    }

    /// Asserts a Precognition answer with no errors for the fields validated (`204`,
    /// `Precognition: true`, `Precognition-Success: true`).
    pub fn assert_precognition_success(&self) -> &Self {
        self.assert_status(204)
            .assert_header("precognition", "true")
            .assert_header("precognition-success", "true")
    }

    /// Asserts a Precognition answer with exactly these errors (`422`, first message per
    /// field).
    pub fn assert_precognition_errors(&self, errors: &[(&str, &str)]) -> &Self {
        self.assert_status(422)
            .assert_header("precognition", "true");
        let body = self.json();
        let Some(actual) = body["errors"].as_object() else {
            panic!("no `errors` in {self:?}");
        };
        let actual: Vec<(&str, &str)> = actual
            .iter()
            .map(|(field, messages)| (field.as_str(), messages[0].as_str().unwrap_or("")))
            .collect();
        let mut expected = errors.to_vec();
        expected.sort_unstable();
        assert_eq!(actual, expected, "Precognition errors of {self:?}");
        self
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
