//! Names of the HTTP headers of the Inertia protocol.
//!
//! All lowercase, as `http` stores them; lookups are case-insensitive.

use http::HeaderName;

/// `X-Inertia`: on a request, "answer with a page object as JSON"; on a response, "this is a page".
pub const X_INERTIA: HeaderName = HeaderName::from_static("x-inertia");
/// `X-Inertia-Version`: the asset version the client has (request) or the server has (409 response).
pub const X_INERTIA_VERSION: HeaderName = HeaderName::from_static("x-inertia-version");
/// `X-Inertia-Location`: on a 409, the URL the client must load with a full page visit.
pub const X_INERTIA_LOCATION: HeaderName = HeaderName::from_static("x-inertia-location");
/// `X-Inertia-Redirect`: on a 409, a redirect target with a `#fragment` for an Inertia visit.
pub const X_INERTIA_REDIRECT: HeaderName = HeaderName::from_static("x-inertia-redirect");
/// `X-Inertia-Partial-Component`: the component a partial reload is for.
pub const X_INERTIA_PARTIAL_COMPONENT: HeaderName =
    HeaderName::from_static("x-inertia-partial-component");
/// `X-Inertia-Partial-Data`: comma-separated prop paths a partial reload asks for.
pub const X_INERTIA_PARTIAL_DATA: HeaderName = HeaderName::from_static("x-inertia-partial-data");
/// `X-Inertia-Partial-Except`: comma-separated prop paths a partial reload does not want.
pub const X_INERTIA_PARTIAL_EXCEPT: HeaderName =
    HeaderName::from_static("x-inertia-partial-except");
/// `X-Inertia-Reset`: comma-separated prop paths whose merge state the client resets.
pub const X_INERTIA_RESET: HeaderName = HeaderName::from_static("x-inertia-reset");
/// `X-Inertia-Error-Bag`: the error bag a form submission's errors belong to.
pub const X_INERTIA_ERROR_BAG: HeaderName = HeaderName::from_static("x-inertia-error-bag");
/// `X-Inertia-Except-Once-Props`: comma-separated once-prop keys the client already holds.
pub const X_INERTIA_EXCEPT_ONCE_PROPS: HeaderName =
    HeaderName::from_static("x-inertia-except-once-props");
/// `X-Inertia-Infinite-Scroll-Merge-Intent`: `append` or `prepend` for infinite scroll loads.
pub const X_INERTIA_INFINITE_SCROLL_MERGE_INTENT: HeaderName =
    HeaderName::from_static("x-inertia-infinite-scroll-merge-intent");
/// `X-Forwarded-Prefix`: the path prefix a reverse proxy stripped before forwarding (honoured
/// only from a trusted proxy; see
/// [`InertiaConfig::trusted_proxies`](crate::InertiaConfig::trusted_proxies)).
pub const X_FORWARDED_PREFIX: HeaderName = HeaderName::from_static("x-forwarded-prefix");
/// `X-Forwarded-Host`: the host the browser addressed, as a trusted proxy reports it.
pub const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
/// `X-Forwarded-Port`: the port the browser addressed, as a trusted proxy reports it.
pub const X_FORWARDED_PORT: HeaderName = HeaderName::from_static("x-forwarded-port");
/// `X-Forwarded-Proto`: `http` or `https` as the browser used it, from a trusted proxy.
pub const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
/// `Purpose` (`prefetch` on prefetch requests).
pub const PURPOSE: HeaderName = HeaderName::from_static("purpose");
/// `Sec-Purpose` (`prefetch` on browser prefetches).
pub const SEC_PURPOSE: HeaderName = HeaderName::from_static("sec-purpose");

/// `Precognition: true`: validate the request and answer without running the handler (a
/// request header; echoed on the answer).
pub const PRECOGNITION: HeaderName = HeaderName::from_static("precognition");
/// `Precognition-Validate-Only`: comma-separated fields a Precognition request validates.
pub const PRECOGNITION_VALIDATE_ONLY: HeaderName =
    HeaderName::from_static("precognition-validate-only");
/// `Precognition-Success: true`: on a `204`, the fields validated without errors.
pub const PRECOGNITION_SUCCESS: HeaderName = HeaderName::from_static("precognition-success");
/// `X-XSRF-TOKEN`: the value of the `XSRF-TOKEN` cookie, sent back by the client on every
/// request (see [`crate::csrf`]).
pub const X_XSRF_TOKEN: HeaderName = HeaderName::from_static("x-xsrf-token");

/// The request headers of forms ([`crate::form`]) and CSRF protection ([`crate::csrf`]), read
/// by those extractors and layers rather than by the [`InertiaLayer`](crate::InertiaLayer).
pub const FORM_REQUEST_HEADERS: [HeaderName; 3] =
    [PRECOGNITION, PRECOGNITION_VALIDATE_ONLY, X_XSRF_TOKEN];

/// Every request header the layer and the extractor read, besides `Cookie` (the visit state),
/// `Referer` and `Host` (redirects back): what a proxy in front of the app must pass through,
/// and what a CORS setup must allow for Inertia visits from another origin. The last three are
/// [`FORM_REQUEST_HEADERS`].
///
/// ```
/// use inertia_runtime::headers::{REQUEST_HEADERS, X_INERTIA};
/// assert!(REQUEST_HEADERS.contains(&X_INERTIA));
/// ```
pub const REQUEST_HEADERS: [HeaderName; 16] = [
    X_INERTIA,
    X_INERTIA_VERSION,
    X_INERTIA_PARTIAL_COMPONENT,
    X_INERTIA_PARTIAL_DATA,
    X_INERTIA_PARTIAL_EXCEPT,
    X_INERTIA_RESET,
    X_INERTIA_ERROR_BAG,
    X_INERTIA_EXCEPT_ONCE_PROPS,
    X_INERTIA_INFINITE_SCROLL_MERGE_INTENT,
    X_FORWARDED_PREFIX,
    PURPOSE,
    SEC_PURPOSE,
    HeaderName::from_static("x-moz"),
    PRECOGNITION,
    PRECOGNITION_VALIDATE_ONLY,
    X_XSRF_TOKEN,
];

/// The error bag a request names in `X-Inertia-Error-Bag`, if it is a name the client may
/// choose: 1 to 64 letters, digits, `_` and `-` (surrounding spaces ignored). The one rule,
/// used where errors are stored (the form extractors) and where they are read (rendering).
pub(crate) fn error_bag(value: Option<&http::HeaderValue>) -> Option<&str> {
    let bag = value?.to_str().ok()?.trim();
    let ok = !bag.is_empty()
        && bag.len() <= 64
        && bag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    ok.then_some(bag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn error_bags_are_names_not_arbitrary_text() {
        let bag =
            |v: &'static str| error_bag(Some(&HeaderValue::from_static(v))).map(str::to_owned);
        assert_eq!(bag("createUser"), Some("createUser".into()));
        assert_eq!(bag(" login-form "), Some("login-form".into()));
        assert_eq!(bag(""), None);
        assert_eq!(bag("a b"), None);
        assert_eq!(bag("a.b"), None);
        assert_eq!(
            error_bag(Some(&HeaderValue::from_bytes(b"\xff").unwrap())),
            None
        );
        let long = "x".repeat(65);
        assert_eq!(
            error_bag(Some(&HeaderValue::from_str(&long).unwrap())),
            None
        );
        assert_eq!(error_bag(None), None);
    }
}
