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

use axum::Router;
use axum::body::Body;
use http::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde::Serialize;
use tower::ServiceExt;

mod multipart;
mod page;
mod precognition;
mod reload;

pub use multipart::MultipartForm;
pub use page::TestPage;
pub use precognition::Precognitive;
pub use reload::Reload;

use page::{embedded_page, header};

use crate::wire::cookie::parse_set_cookie;
use crate::wire::headers::{X_INERTIA, X_INERTIA_ERROR_BAG, X_INERTIA_VERSION, X_XSRF_TOKEN};

/// The cookie the Inertia client reads the CSRF token from.
const XSRF_COOKIE: &str = "XSRF-TOKEN";

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
