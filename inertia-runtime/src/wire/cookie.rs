//! Cookies on the wire: the one reader of `Cookie` request headers (visit store, CSRF) and of
//! `Set-Cookie` response headers (the test client).
//!
//! Own code rather than the `cookie` crate: the request side is a split over borrowed text
//! that must not allocate (it runs on every request), and neither side needs more of
//! RFC 6265 than `name=value` pairs and the `Max-Age`/`Expires` of a deletion.

use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};

/// Whether cookies are `Secure` unless the app says otherwise: yes in release builds, no in
/// debug builds, so that a development server reached over plain http from another machine (a
/// phone on the LAN, a container's host name) keeps its flash data and errors, while a
/// production build never sends session state over plain http by default.
pub(crate) const SECURE_BY_DEFAULT: bool = !cfg!(debug_assertions);

/// The `http://…` origin a browser says the request came from (`Origin`, else `Referer`),
/// when that is plain http to a host other than this machine: there the browser drops a
/// `Secure` cookie. (`http://localhost` and loopback addresses count as secure, as browsers
/// treat them.)
pub(crate) fn insecure_origin<'h>(
    origin: Option<&'h HeaderValue>,
    referer: Option<&'h HeaderValue>,
) -> Option<&'h str> {
    let url = origin.or(referer)?.to_str().ok()?;
    let rest = url.strip_prefix("http://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1";
    (!loopback && !host.is_empty()).then_some(url)
}

/// The values of the cookie `name` in a request, in the order the browser sent them (a
/// browser sends one per matching path and domain, most specific first). Nothing is
/// allocated; headers that are not UTF-8 are skipped.
///
/// ```ignore
/// let token = cookie::values(req.headers(), "XSRF-TOKEN").find(|v| verify(v));
/// ```
pub(crate) fn values<'h, 'n>(
    headers: &'h HeaderMap,
    name: &'n str,
) -> impl Iterator<Item = &'h str> + use<'h, 'n> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|header| header.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(move |(n, _)| *n == name)
        .map(|(_, value)| value.trim())
}

/// One `Set-Cookie` of a response, as a browser reads it.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SetCookie<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    /// `Max-Age=0` (or negative), or an `Expires` in the past: the browser deletes it.
    pub(crate) deletes: bool,
}

/// Reads a `Set-Cookie` header value; `None` when it has no `name=`.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn parse_set_cookie(header: &str) -> Option<SetCookie<'_>> {
    let mut parts = header.split(';');
    let (name, value) = parts.next()?.trim().split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let deletes = parts.any(|attribute| {
        let (key, val) = attribute
            .trim()
            .split_once('=')
            .unwrap_or((attribute.trim(), ""));
        (key.eq_ignore_ascii_case("max-age") && val.trim().parse::<i64>().is_ok_and(|s| s <= 0))
            || (key.eq_ignore_ascii_case("expires") && val.contains("1970"))
    });
    Some(SetCookie {
        name,
        value: value.trim(),
        deletes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn values_of_one_name_across_headers() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; b=2;c=3"));
        headers.append(COOKIE, HeaderValue::from_bytes(b"b=\xff").unwrap());
        headers.append(COOKIE, HeaderValue::from_static("b = 4; bb=5; b"));
        assert_eq!(values(&headers, "b").collect::<Vec<_>>(), ["2"]);
        assert_eq!(values(&headers, "c").collect::<Vec<_>>(), ["3"]);
        assert_eq!(values(&headers, "zz").count(), 0);
        headers.append(COOKIE, HeaderValue::from_static("b=6"));
        assert_eq!(values(&headers, "b").collect::<Vec<_>>(), ["2", "6"]);
    }

    #[test]
    fn plain_http_origins_other_than_this_machine_are_insecure() {
        let value = |v: &'static str| Some(HeaderValue::from_static(v));
        for insecure in [
            "http://192.168.1.20:3000",
            "http://app.internal/tasks/new",
            "http://[2001:db8::1]:8080/x",
            "http://devbox",
        ] {
            assert!(
                insecure_origin(value(insecure).as_ref(), None).is_some(),
                "{insecure}"
            );
            assert!(
                insecure_origin(None, value(insecure).as_ref()).is_some(),
                "{insecure}"
            );
        }
        for secure in [
            "https://192.168.1.20",
            "http://localhost:3000/x",
            "http://LOCALHOST",
            "http://app.localhost:5173",
            "http://127.0.0.1:3000/tasks",
            "http://[::1]:3000",
            "null",
            "",
        ] {
            assert!(
                insecure_origin(value(secure).as_ref(), None).is_none(),
                "{secure}"
            );
        }
        assert!(insecure_origin(None, None).is_none());
        // `Origin` wins over `Referer`.
        assert!(
            insecure_origin(
                value("https://a.example").as_ref(),
                value("http://b.example").as_ref()
            )
            .is_none()
        );
    }

    #[test]
    fn set_cookie_values_and_deletions() {
        assert_eq!(
            parse_set_cookie("XSRF-TOKEN=abc.def; Path=/; SameSite=Lax"),
            Some(SetCookie {
                name: "XSRF-TOKEN",
                value: "abc.def",
                deletes: false
            })
        );
        assert!(parse_set_cookie("v=; Max-Age=0; Path=/").unwrap().deletes);
        assert!(parse_set_cookie("v=; max-age=-1").unwrap().deletes);
        assert!(
            parse_set_cookie("v=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
                .unwrap()
                .deletes
        );
        assert!(!parse_set_cookie("v=1; Max-Age=60").unwrap().deletes);
        assert_eq!(parse_set_cookie("=1"), None);
        assert_eq!(parse_set_cookie("novalue"), None);
    }
}
