//! Cookies on the wire: the one reader of `Cookie` request headers (visit store, CSRF) and of
//! `Set-Cookie` response headers (the test client).
//!
//! Own code rather than the `cookie` crate: the request side is a split over borrowed text
//! that must not allocate (it runs on every request), and neither side needs more of
//! RFC 6265 than `name=value` pairs and the `Max-Age`/`Expires` of a deletion.

use http::HeaderMap;
use http::header::COOKIE;

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
