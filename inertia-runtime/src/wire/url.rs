//! The URL of a request as the browser addressed it.

use std::fmt;

use axum::extract::OriginalUri;
use http::uri::{Authority, Scheme};
use http::{Extensions, HeaderValue, Uri};

use crate::wire::scan::RequestHeaders;

/// Path and query of the request (before any `Router::nest` stripped a prefix), behind the
/// `X-Forwarded-Prefix` a proxy stripped. Displays as the URL the browser shows, e.g.
/// `/app/users?page=2`; nothing is allocated.
///
/// Always a path on this site: a request for `//evil.example/x` (or `/\evil.example`) is
/// shown as `/evil.example/x`, because a browser resolves a URL that starts with two slashes
/// (or a slash and a backslash) to another host, and this URL becomes the page's `url` and the
/// `X-Inertia-Location` of a `409`, which the client navigates to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestUrl<'a> {
    prefix: &'a str,
    path_and_query: &'a str,
}

impl<'a> RequestUrl<'a> {
    pub(crate) fn from_parts(prefix: &'a str, uri: &'a Uri) -> Self {
        let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
        // An absolute-form request target carries scheme and authority; only its path counts.
        let path_and_query = if path_and_query.is_empty() {
            "/"
        } else {
            path_and_query
        };
        RequestUrl {
            prefix,
            // Written after one `/` (see the type's docs).
            path_and_query: path_and_query.trim_start_matches(['/', '\\']),
        }
    }
}

impl fmt::Display for RequestUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix)?;
        f.write_str("/")?;
        f.write_str(self.path_and_query)
    }
}

/// Whether a path-only URL (a `Referer` without scheme and host) stays on this site: it starts
/// with one `/`, not `//` or `/\`, which browsers resolve to another host, and holds no tab,
/// CR or LF, which browsers remove from URLs before they resolve them (`/<TAB>/evil.example`
/// is `//evil.example` to a browser).
pub(crate) fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !matches!(path.as_bytes().get(1), Some(b'/' | b'\\'))
        && !path.bytes().any(|b| matches!(b, b'\t' | b'\r' | b'\n'))
}

/// This site's address as the browser sees it, to tell whether a `Referer` is on this site.
/// Cheap to keep (header values share the request's buffer); only looked at when a response
/// redirects back.
#[derive(Debug, Default)]
pub(crate) struct Site {
    /// `X-Forwarded-Host` (from a trusted proxy), else `Host`.
    host: Option<HeaderValue>,
    /// The request target's authority: HTTP/2 carries the host there (`:authority`), and
    /// sends no `Host` header.
    uri_authority: Option<Authority>,
    /// `X-Forwarded-Port` (from a trusted proxy).
    forwarded_port: Option<HeaderValue>,
    /// `X-Forwarded-Proto` (from a trusted proxy), else the request target's scheme.
    scheme: Option<HeaderValue>,
    uri_scheme: Option<Scheme>,
}

impl Site {
    pub(crate) fn new(uri: &Uri, headers: &RequestHeaders<'_>, trusted: bool) -> Self {
        let trusted_header = |value: Option<&HeaderValue>| value.filter(|_| trusted).cloned();
        Site {
            host: trusted_header(headers.forwarded_host).or_else(|| headers.host.cloned()),
            uri_authority: uri.authority().cloned(),
            forwarded_port: trusted_header(headers.forwarded_port),
            scheme: trusted_header(headers.forwarded_proto),
            uri_scheme: uri.scheme().cloned(),
        }
    }

    /// Whether the absolute URL `url` (a `Referer`) is on this site: the same host, and the
    /// same port once default ports are filled in.
    pub(crate) fn is_same_site(&self, url: &Uri) -> bool {
        let (Some(url_authority), Some(url_scheme)) = (url.authority(), url.scheme_str()) else {
            return false;
        };
        let Some(url_port) = url_authority
            .port_u16()
            .or_else(|| default_port(url_scheme))
        else {
            return false;
        };
        let host = self
            .host
            .as_ref()
            .and_then(|h| first_of_list(h))
            .and_then(|h| h.parse::<Authority>().ok())
            .or_else(|| self.uri_authority.clone());
        let Some(host) = host else {
            return false;
        };
        // The site's port: in its host, else the proxy's `X-Forwarded-Port`, else the
        // default of its scheme (the proxy's, the request's, or, when neither is known, the
        // one the browser used).
        let scheme = self
            .scheme
            .as_ref()
            .and_then(|s| first_of_list(s))
            .or_else(|| self.uri_scheme.as_ref().map(Scheme::as_str))
            .unwrap_or(url_scheme);
        let port = host.port_u16().or_else(|| {
            self.forwarded_port
                .as_ref()
                .and_then(|p| first_of_list(p))
                .and_then(|p| p.parse().ok())
                .or_else(|| default_port(scheme))
        });
        host.host().eq_ignore_ascii_case(url_authority.host()) && port == Some(url_port)
    }
}

/// The first entry of a comma-separated header (a proxy chain appends its own).
fn first_of_list(value: &HeaderValue) -> Option<&str> {
    let first = value.to_str().ok()?.split(',').next()?.trim();
    (!first.is_empty()).then_some(first)
}

fn default_port(scheme: &str) -> Option<u16> {
    if scheme.eq_ignore_ascii_case("http") {
        Some(80)
    } else if scheme.eq_ignore_ascii_case("https") {
        Some(443)
    } else {
        None
    }
}

/// The URI as the outermost router saw it.
pub(crate) fn original_uri<'a>(uri: &'a Uri, extensions: &'a Extensions) -> &'a Uri {
    extensions.get::<OriginalUri>().map_or(uri, |o| &o.0)
}

/// A usable `X-Forwarded-Prefix`, without its trailing slash, or `""`.
///
/// Used only if it is a plain absolute path: starts with one `/`, has no empty, `.` or `..`
/// segments, and only URL path characters. Anything else (`//evil.example`, `/a/../b`,
/// `javascript:`) would let a header turn page URLs and `409` locations into another site's.
pub(crate) fn forwarded_prefix(value: Option<&HeaderValue>) -> &str {
    let Some(value) = value else {
        return "";
    };
    let Ok(prefix) = value.to_str() else {
        return "";
    };
    let prefix = prefix.trim().trim_end_matches('/');
    if is_plain_absolute_path(prefix) {
        prefix
    } else {
        if !prefix.is_empty() {
            tracing::debug!(
                prefix,
                "ignoring an X-Forwarded-Prefix that is not a plain path"
            );
        }
        ""
    }
}

fn is_plain_absolute_path(prefix: &str) -> bool {
    let Some(rest) = prefix.strip_prefix('/') else {
        return false;
    };
    rest.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'-' | b'.'
                            | b'_'
                            | b'~'
                            | b'!'
                            | b'$'
                            | b'&'
                            | b'\''
                            | b'('
                            | b')'
                            | b'*'
                            | b'+'
                            | b','
                            | b';'
                            | b'='
                            | b':'
                            | b'@'
                            | b'%'
                    )
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::headers::X_FORWARDED_PREFIX;
    use http::HeaderMap;

    fn url(uri: &str, prefix: Option<&str>) -> String {
        let uri: Uri = uri.parse().unwrap();
        let mut headers = HeaderMap::new();
        if let Some(p) = prefix {
            headers.insert(X_FORWARDED_PREFIX, HeaderValue::from_str(p).unwrap());
        }
        // As `Visit::from_scan` and `Visit::page_url` make it for a trusted proxy.
        RequestUrl::from_parts(forwarded_prefix(headers.get(X_FORWARDED_PREFIX)), &uri).to_string()
    }

    #[test]
    fn keeps_path_query_and_trailing_slash() {
        assert_eq!(url("/users?page=2&q=a%20b", None), "/users?page=2&q=a%20b");
        assert_eq!(url("/users/", None), "/users/");
        assert_eq!(url("/users/?page=2", None), "/users/?page=2");
        assert_eq!(url("/users", None), "/users");
        assert_eq!(url("http://example.com/x?y", None), "/x?y");
        assert_eq!(url("http://example.com", None), "/");
    }

    fn site(uri: &str, headers: &[(&str, &str)], trusted: bool) -> Site {
        let uri: Uri = uri.parse().unwrap();
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        Site::new(&uri, &RequestHeaders::scan(&map), trusted)
    }

    fn same(site: &Site, referer: &str) -> bool {
        site.is_same_site(&referer.parse().unwrap())
    }

    #[test]
    fn a_referer_is_on_this_site_by_host_and_port() {
        let plain = site("/tasks", &[("host", "127.0.0.1:3000")], false);
        assert!(same(&plain, "http://127.0.0.1:3000/tasks/new"));
        assert!(same(&plain, "https://127.0.0.1:3000/x"));
        assert!(!same(&plain, "http://127.0.0.1:3001/tasks/new"));
        assert!(!same(&plain, "http://evil.example:3000/"));
        let default_port = site("/", &[("host", "Example.com")], false);
        assert!(same(&default_port, "https://example.com/a"));
        assert!(same(&default_port, "http://example.com:80/a"));
        assert!(!same(&default_port, "http://example.com:8080/a"));
        // HTTP/2: no Host, the authority is in the request target.
        let h2 = site("http://127.0.0.1:3000/tasks", &[], false);
        assert!(same(&h2, "http://127.0.0.1:3000/tasks/new"));
        assert!(!same(&h2, "http://127.0.0.1:4000/tasks/new"));
        assert!(!same(&site("/x", &[], false), "http://127.0.0.1:3000/"));
    }

    #[test]
    fn a_trusted_proxy_says_which_host_and_port_the_browser_used() {
        // nginx with `proxy_set_header Host $host`: the port is gone from `Host`.
        let headers = [
            ("host", "127.0.0.1"),
            ("x-forwarded-host", "127.0.0.1"),
            ("x-forwarded-port", "8080"),
            ("x-forwarded-proto", "http"),
        ];
        let trusted = site("/tasks", &headers, true);
        assert!(same(&trusted, "http://127.0.0.1:8080/tasks/new"));
        assert!(!same(&trusted, "http://127.0.0.1/tasks/new"));
        // Not trusted: the forwarded headers are ignored, and `Host` has no port.
        let untrusted = site("/tasks", &headers, false);
        assert!(!same(&untrusted, "http://127.0.0.1:8080/tasks/new"));
        let proxied = site(
            "/",
            &[
                ("host", "app:3000"),
                ("x-forwarded-host", "shop.example, proxy.internal"),
                ("x-forwarded-proto", "https"),
            ],
            true,
        );
        assert!(same(&proxied, "https://shop.example/cart"));
        assert!(!same(&proxied, "https://app:3000/cart"));
    }

    #[test]
    fn never_a_url_of_another_host() {
        for (request, shown) in [
            ("//evil.example/x", "/evil.example/x"),
            ("///evil.example", "/evil.example"),
            ("/\\evil.example/x?y=1", "/evil.example/x?y=1"),
            ("/\\/evil.example", "/evil.example"),
        ] {
            assert_eq!(url(request, None), shown, "{request}");
            assert_eq!(
                url(request, Some("/app")),
                format!("/app{shown}"),
                "{request}"
            );
        }
        assert!(is_local_path("/tasks/new?x=//y"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "evil",
            "",
            "http://a/",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/tasks\t/x",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }

    #[test]
    fn honours_a_plain_forwarded_prefix() {
        assert_eq!(url("/users?page=2", Some("/app")), "/app/users?page=2");
        assert_eq!(url("/users", Some("/app/")), "/app/users");
        assert_eq!(url("/", Some("/a/b")), "/a/b/");
    }

    #[test]
    fn ignores_dangerous_prefixes() {
        for bad in [
            "//evil.example",
            "/a/../b",
            "/./a",
            "javascript:alert(1)",
            "https://evil.example",
            "/a b",
            "/a\\b",
            "/a//b",
            "/",
        ] {
            assert_eq!(url("/users", Some(bad)), "/users", "{bad}");
        }
    }

    #[test]
    fn uses_the_original_uri_inside_nested_routers() {
        let mut ext = Extensions::new();
        ext.insert(OriginalUri("/admin/users?x=1".parse().unwrap()));
        let nested: Uri = "/users?x=1".parse().unwrap();
        assert_eq!(
            RequestUrl::from_parts("", original_uri(&nested, &ext)).to_string(),
            "/admin/users?x=1"
        );
    }
}
