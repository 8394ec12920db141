//! Security headers on every response that does not set them itself.

use http::HeaderMap;
use http::header::{
    CONTENT_SECURITY_POLICY, HeaderName, HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};

/// What Rails sends by default, less what browsers no longer use (`X-XSS-Protection`), plus
/// the standard way to forbid framing (`frame-ancestors`) beside the old one:
/// - `nosniff`: a browser must not run an upload served as text as a script;
/// - `SAMEORIGIN` / `frame-ancestors 'self'`: no other site can frame the app (clickjacking);
/// - `strict-origin-when-cross-origin`: other sites see the origin, never the path and query
///   (which can carry tokens).
///
/// The CSP is only added when the app sends none: an app with its own policy decides its
/// `frame-ancestors` there.
const HEADERS: [(HeaderName, &str); 4] = [
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (X_FRAME_OPTIONS, "SAMEORIGIN"),
    (CONTENT_SECURITY_POLICY, "frame-ancestors 'self'"),
    (REFERRER_POLICY, "strict-origin-when-cross-origin"),
];

/// Adds each of [`HEADERS`] that `headers` does not have.
pub(super) fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_unless_the_app_set_them() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
        add_security_headers(&mut headers);
        assert_eq!(headers["content-security-policy"], "default-src 'self'");
        assert_eq!(headers["x-frame-options"], "SAMEORIGIN");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(headers.len(), 4);
    }
}
