//! CSRF protection the way the Inertia client expects it: the `XSRF-TOKEN` cookie, sent back
//! by the client in the `X-XSRF-TOKEN` header (double submit).
//!
//! ```
//! use axum::{Router, routing::post};
//! use inertia_runtime::{InertiaConfig, csrf::Csrf};
//!
//! # fn main() -> Result<(), inertia_runtime::ConfigError> {
//! let app: Router = Router::new()
//!     .route("/tasks", post(|| async { "created" }))
//!     // Inside the Inertia layer, so that `Csrf::redirect_back_with` answers are protocol
//!     // redirects; outside any layer that serves files or health checks it need not see.
//!     .layer(Csrf::new().signing_key(b"kJ3v9Qw2ZxP0mN8rT5yU1aB6cD4eF7gH").into_layer()?)
//!     .layer(InertiaConfig::new().into_layer()?);
//! # Ok(()) }
//! ```
//!
//! # What the layer does
//!
//! - Every response to a request without a valid token cookie sets one:
//!   `XSRF-TOKEN=<token>; Path=/; SameSite=Lax; Secure` (not `HttpOnly`: the client's
//!   JavaScript must read it). The token is 16 random bytes and an HMAC-SHA256 tag of them
//!   with a key derived from the layer's secret, so a value the server never issued (a guess,
//!   a token of another app) is refused.
//! - A `POST`, `PUT`, `PATCH` or `DELETE` (any method but `GET`, `HEAD`, `OPTIONS`, `TRACE`)
//!   passes only with that cookie *and* the same value in `X-XSRF-TOKEN` (or `X-CSRF-TOKEN`),
//!   compared in constant time, and never when the browser says the request comes from
//!   another site (`Sec-Fetch-Site: cross-site`). Another site can make the browser send the
//!   cookie but cannot read it to set the header.
//! - Otherwise the handler does not run: `419` ("Page Expired", as in Laravel) with a short
//!   text, or, with [`Csrf::redirect_back_with`], a `303` back to the page with a flash
//!   message, which reads better in an Inertia app. Either way a fresh token is set, so the
//!   next try succeeds.
//!
//! Paths under [`Csrf::exempt`] (webhooks, APIs with their own authentication) are not
//! checked. Plain HTML forms without JavaScript cannot send the header; post them through
//! the Inertia client (`useForm`, `<Form>`), which always does.
//!
//! Per request, the layer reads the `Cookie` header and verifies the tag without allocating;
//! only issuing a new token allocates.
//!
//! # What it does not stop
//!
//! Double submit trusts that only this site can *set* the token cookie. A sibling subdomain
//! (`evil.example.com` next to `app.example.com`) can set a cookie for the parent domain; if
//! it also holds a token this server issued (any visitor can get one), it can plant that
//! cookie and send the matching header from its own pages' scripts only to its own origin,
//! so the browser's same-origin rule still blocks the cross-site request from reading
//! anything, but a planted token is not refused by its signature alone. To shut that door,
//! name the cookie with the `__Host-` prefix (`Csrf::cookie_name("__Host-XSRF-TOKEN")`, with
//! the client's `xsrfCookieName` set to match): browsers refuse a `__Host-` cookie set by
//! another host or for a domain, so no sibling can plant one. It needs `Secure` cookies, so
//! HTTPS.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::IntoResponse;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use tower_layer::Layer;
use tower_service::Service;

use crate::error::ConfigError;
use crate::keys::{self, Purpose};
use crate::redirect::InertiaRedirect;
use crate::visit::cookie::check_cookie_name;
use crate::wire::cookie;
use crate::wire::headers::X_XSRF_TOKEN;

type HmacSha256 = Hmac<Sha256>;

/// `X-CSRF-TOKEN`, accepted like `X-XSRF-TOKEN` (Laravel's other name for it).
const X_CSRF_TOKEN: http::HeaderName = http::HeaderName::from_static("x-csrf-token");
const SEC_FETCH_SITE: http::HeaderName = http::HeaderName::from_static("sec-fetch-site");

/// Random bytes in a token, and bytes of its tag.
const NONCE_LEN: usize = 16;
const TAG_LEN: usize = 16;

/// `419`: the status Laravel (and so many Inertia apps' error pages) use for an expired or
/// missing CSRF token.
pub const PAGE_EXPIRED: StatusCode = match StatusCode::from_u16(419) {
    Ok(status) => status,
    Err(_) => StatusCode::FORBIDDEN,
};

/// The settings of the CSRF layer; [`into_layer`](Self::into_layer) checks them.
///
/// ```
/// use inertia_runtime::csrf::Csrf;
///
/// let layer = Csrf::new()
///     .signing_key(b"y7Qe2LmN9pVx4RtK8sWz1HcJ6bFd3GaU") // e.g. from an environment variable
///     .exempt("/webhooks/")
///     .redirect_back_with("error", "The page expired, please try again.")
///     .into_layer()
///     .unwrap();
/// # let _ = layer;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Csrf {
    key: Option<Vec<u8>>,
    cookie_name: String,
    secure: bool,
    exempt: Vec<String>,
    failure: Failure,
}

#[derive(Debug, Clone)]
enum Failure {
    Status,
    RedirectBack { key: String, message: String },
}

impl Default for Csrf {
    fn default() -> Self {
        Csrf {
            key: None,
            cookie_name: "XSRF-TOKEN".to_owned(),
            secure: crate::wire::cookie::SECURE_BY_DEFAULT,
            exempt: Vec::new(),
            failure: Failure::Status,
        }
    }
}

impl Csrf {
    /// Defaults: cookie `XSRF-TOKEN` (what the Inertia client reads), `Secure` in release builds, answer `419`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key that signs tokens: at least 32 random bytes, the same on every server (a
    /// token from one server must pass on another). Without one, a random key is made at
    /// startup: fine for one process, but every token dies with it.
    pub fn signing_key(mut self, key: impl AsRef<[u8]>) -> Self {
        self.key = Some(key.as_ref().to_vec());
        self
    }

    /// Another cookie name (set the client's `xsrfCookieName` to match).
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// Whether the cookie is `Secure` (HTTPS only): by default in release builds, not in
    /// debug builds, as for [`InertiaConfig::secure_cookie`](crate::InertiaConfig::secure_cookie),
    /// whose reasons apply here too (without the cookie, every form post fails the check).
    pub fn secure_cookie(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// Does not check requests whose path starts with `prefix` (e.g. `/webhooks/`).
    pub fn exempt(mut self, prefix: impl Into<String>) -> Self {
        self.exempt.push(prefix.into());
        self
    }

    /// Answers a failed check with a redirect back (`303` to the `Referer`) that flashes
    /// `key: message`, instead of `419`. The [`InertiaLayer`](crate::InertiaLayer) must be
    /// outside this layer (added after it) to resolve the redirect and store the flash.
    pub fn redirect_back_with(
        mut self,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        self.failure = Failure::RedirectBack {
            key: key.into(),
            message: message.into(),
        };
        self
    }

    /// Checks the settings and builds the layer.
    ///
    /// # Errors
    ///
    /// A key shorter than 32 bytes, or a cookie name that is not a plain token.
    pub fn into_layer(self) -> Result<CsrfLayer, ConfigError> {
        let secret = match self.key {
            Some(key) => {
                keys::check_secret(&key, "the CSRF signing key")?;
                key
            }
            None => {
                tracing::info!(
                    "no Csrf::signing_key: CSRF tokens are signed with a random key, valid for this process only"
                );
                keys::random_key("Csrf::signing_key")?.to_vec()
            }
        };
        check_cookie_name(&self.cookie_name, self.secure, "CSRF cookie name")?;
        let attributes = if self.secure {
            "; Path=/; SameSite=Lax; Secure"
        } else {
            "; Path=/; SameSite=Lax"
        };
        let key = keys::derive(&secret, Purpose::Csrf);
        // HMAC takes keys of any length, so this cannot fail.
        let sign = <HmacSha256 as KeyInit>::new_from_slice(&key)
            .map_err(|e| ConfigError::new(format!("the CSRF key was refused: {e}")))?;
        Ok(CsrfLayer {
            inner: Arc::new(Inner {
                sign,
                secure: self.secure,
                warned: AtomicBool::new(false),
                cookie_name: self.cookie_name,
                attributes,
                exempt: self.exempt,
                failure: self.failure,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    /// Tags tokens.
    sign: HmacSha256,
    secure: bool,
    /// The plain-http warning was logged.
    warned: AtomicBool,
    cookie_name: String,
    attributes: &'static str,
    exempt: Vec<String>,
    failure: Failure,
}

impl Inner {
    fn tag(&self, nonce: &[u8]) -> [u8; TAG_LEN] {
        let mut mac = self.sign.clone();
        mac.update(nonce);
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&full[..TAG_LEN]);
        tag
    }

    /// A new token: 16 bytes from the OS's CSPRNG and their tag. `None` (logged) in the
    /// unheard-of case that the OS has no randomness: no token is set, and the next unsafe
    /// request fails the check rather than use a guessable token.
    fn issue(&self) -> Option<String> {
        let nonce = match keys::random::<NONCE_LEN>() {
            Ok(nonce) => nonce,
            Err(e) => {
                tracing::error!(error = %e, "no randomness for a CSRF token; none is issued");
                return None;
            }
        };
        let mut token = URL_SAFE_NO_PAD.encode(nonce);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(self.tag(&nonce), &mut token);
        Some(token)
    }

    /// Whether `token` is one this layer issued.
    fn verify(&self, token: &str) -> bool {
        let Some((nonce, tag)) = token.split_once('.') else {
            return false;
        };
        let mut nonce_bytes = [0u8; NONCE_LEN];
        let mut tag_bytes = [0u8; TAG_LEN];
        if URL_SAFE_NO_PAD.decode_slice(nonce, &mut nonce_bytes) != Ok(NONCE_LEN)
            || URL_SAFE_NO_PAD.decode_slice(tag, &mut tag_bytes) != Ok(TAG_LEN)
        {
            return false;
        }
        let mut mac = self.sign.clone();
        mac.update(&nonce_bytes);
        mac.verify_truncated_left(&tag_bytes).is_ok()
    }

    /// The token cookie of the request, if one verifies.
    fn cookie<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        cookie::values(headers, &self.cookie_name).find(|value| self.verify(value))
    }

    /// Warns once when a `Secure` token cookie goes to a page loaded over plain http from
    /// another host: the browser drops it, and every form post then fails the check.
    fn warn_if_dropped(&self, insecure_origin: Option<&str>) {
        if let Some(origin) = insecure_origin.filter(|_| self.secure)
            && !self.warned.swap(true, Ordering::Relaxed)
        {
            tracing::warn!(
                origin,
                "the CSRF cookie is Secure, but this page was loaded over plain http from {origin}; the browser will drop it and every form post will fail the CSRF check. Serve the app over https, or call Csrf::secure_cookie(false) where plain http is intended"
            );
        }
    }

    fn exempt(&self, path: &str) -> bool {
        self.exempt
            .iter()
            .any(|prefix| path.starts_with(prefix.as_str()))
    }

    fn set_cookie(&self, headers: &mut HeaderMap) {
        let Some(token) = self.issue() else { return };
        let cookie = format!("{}={token}{}", self.cookie_name, self.attributes);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }

    fn rejection(&self) -> Response<Body> {
        match &self.failure {
            Failure::Status => (
                PAGE_EXPIRED,
                "Page Expired: the CSRF token is missing or does not match. Reload the page and try again.",
            )
                .into_response(),
            Failure::RedirectBack { key, message } => InertiaRedirect::back()
                .flash(key.clone(), message.clone())
                .into_response(),
        }
    }
}

/// Whether the request may change state only with a token.
fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// The layer built by [`Csrf::into_layer`]; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct CsrfLayer {
    inner: Arc<Inner>,
}

impl<S> Layer<S> for CsrfLayer {
    type Service = CsrfService<S>;

    fn layer(&self, service: S) -> CsrfService<S> {
        CsrfService {
            service,
            inner: self.inner.clone(),
        }
    }
}

/// The service [`CsrfLayer`] wraps around your routes.
#[derive(Debug, Clone)]
pub struct CsrfService<S> {
    service: S,
    inner: Arc<Inner>,
}

impl<S, B> Service<Request<B>> for CsrfService<S>
where
    S: Service<Request<B>, Response = Response<Body>>,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = CsrfFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.service.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let cookie = self.inner.cookie(req.headers());
        let issue = cookie.is_none();
        if issue {
            let headers = req.headers();
            self.inner.warn_if_dropped(cookie::insecure_origin(
                headers.get(http::header::ORIGIN),
                headers.get(http::header::REFERER),
            ));
        }
        if is_unsafe(req.method()) && !self.inner.exempt(req.uri().path()) {
            let headers = req.headers();
            let cross_site = headers
                .get(SEC_FETCH_SITE)
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
            let sent = headers
                .get(X_XSRF_TOKEN)
                .or_else(|| headers.get(X_CSRF_TOKEN))
                .map(HeaderValue::as_bytes);
            let matches = match (cookie, sent) {
                // Constant time (`subtle`); slices of different lengths are unequal at once,
                // and a token's length is no secret.
                (Some(cookie), Some(sent)) => bool::from(cookie.as_bytes().ct_eq(sent)),
                _ => false,
            };
            if cross_site || !matches {
                tracing::debug!(
                    method = %req.method(),
                    path = req.uri().path(),
                    cross_site,
                    has_cookie = cookie.is_some(),
                    has_header = sent.is_some(),
                    "CSRF check failed"
                );
                let mut response = self.inner.rejection();
                self.inner.set_cookie(response.headers_mut());
                return CsrfFuture {
                    state: State::Ready {
                        response: Some(response),
                    },
                };
            }
        }
        CsrfFuture {
            state: State::Inner {
                future: self.service.call(req),
                issue: issue.then(|| self.inner.clone()),
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`CsrfService`].
    pub struct CsrfFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F> {
        Inner { #[pin] future: F, issue: Option<Arc<Inner>> },
        Ready { response: Option<Response<Body>> },
    }
}

impl<F, E> Future for CsrfFuture<F>
where
    F: Future<Output = Result<Response<Body>, E>>,
{
    type Output = Result<Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Inner { future, issue } => match future.poll(cx) {
                Poll::Ready(Ok(mut response)) => {
                    if let Some(inner) = issue.take() {
                        inner.set_cookie(response.headers_mut());
                    }
                    Poll::Ready(Ok(response))
                }
                other => other,
            },
            StateProj::Ready { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                None => Poll::Pending,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"kJ3v9Qw2ZxP0mN8rT5yU1aB6cD4eF7gH";

    fn inner() -> Arc<Inner> {
        Csrf::new().signing_key(KEY).into_layer().unwrap().inner
    }

    #[test]
    fn issued_tokens_verify_and_differ() {
        let csrf = inner();
        let a = csrf.issue().unwrap();
        let b = csrf.issue().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 22 + 1 + 22);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(&c))
        );
        assert!(csrf.verify(&a) && csrf.verify(&b));
    }

    #[test]
    fn forged_tampered_and_foreign_tokens_do_not_verify() {
        let csrf = inner();
        let other = Csrf::new()
            .signing_key(b"another key: 5tG8hJ2kL9mN4bV7cX1zQ3wE6rT0yU")
            .into_layer()
            .unwrap()
            .inner;
        let good = csrf.issue().unwrap();
        assert!(!other.verify(&good), "another key");
        let (nonce, tag) = good.split_once('.').unwrap();
        let mut flipped = tag.as_bytes().to_vec();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        let tampered = format!("{nonce}.{}", String::from_utf8(flipped).unwrap());
        for bad in [
            tampered.as_str(),
            "",
            ".",
            "abc",
            nonce,
            &format!("{nonce}."),
            &format!("{nonce}.{tag}x"),
            &format!("{nonce}A.{tag}"),
        ] {
            assert!(!csrf.verify(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let csrf = inner();
        let token = csrf.issue().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_str(&format!("a=1; XSRF-TOKEN=forged; XSRF-TOKEN={token}; b=2"))
                .unwrap(),
        );
        assert_eq!(csrf.cookie(&headers), Some(token.as_str()));
        headers.insert(
            http::header::COOKIE,
            HeaderValue::from_bytes(b"XSRF-TOKEN=\xff").unwrap(),
        );
        assert_eq!(csrf.cookie(&headers), None);
    }

    #[test]
    fn settings_are_checked() {
        assert!(Csrf::new().signing_key(&KEY[..16]).into_layer().is_err());
        assert!(
            Csrf::new().signing_key([1u8; 32]).into_layer().is_err(),
            "not random"
        );
        assert!(
            Csrf::new()
                .cookie_name("__Host-XSRF-TOKEN")
                .secure_cookie(true)
                .into_layer()
                .is_ok()
        );
        assert!(
            Csrf::new()
                .cookie_name("__Host-XSRF-TOKEN")
                .secure_cookie(false)
                .into_layer()
                .is_err()
        );
        assert!(Csrf::new().cookie_name("a b").into_layer().is_err());
        assert!(Csrf::new().cookie_name("").into_layer().is_err());
        assert!(Csrf::new().into_layer().is_ok());
    }

    #[test]
    fn page_expired_is_419() {
        assert_eq!(PAGE_EXPIRED.as_u16(), 419);
    }
}
