//! The URL of a request as the browser addressed it.

use std::fmt;

use axum::extract::OriginalUri;
use http::{Extensions, HeaderValue, Uri};

use crate::wire::scan::RequestHeaders;

/// Path and query of the request (before any `Router::nest` stripped a prefix), behind the
/// `X-Forwarded-Prefix` a proxy stripped. Displays as the URL the browser shows, e.g.
/// `/app/users?page=2`; nothing is allocated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestUrl<'a> {
    prefix: &'a str,
    path_and_query: &'a str,
}

impl<'a> RequestUrl<'a> {
    pub(crate) fn new(
        uri: &'a Uri,
        extensions: &'a Extensions,
        headers: &RequestHeaders<'a>,
        trust_prefix: bool,
    ) -> Self {
        let uri = original_uri(uri, extensions);
        let prefix = if trust_prefix {
            forwarded_prefix(headers.forwarded_prefix)
        } else {
            ""
        };
        RequestUrl::from_parts(prefix, uri)
    }

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
            path_and_query,
        }
    }
}

impl fmt::Display for RequestUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix)?;
        f.write_str(self.path_and_query)
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
        RequestUrl::new(
            &uri,
            &Extensions::new(),
            &RequestHeaders::scan(&headers),
            true,
        )
        .to_string()
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
        let headers = HeaderMap::new();
        assert_eq!(
            RequestUrl::new(&nested, &ext, &RequestHeaders::scan(&headers), true).to_string(),
            "/admin/users?x=1"
        );
    }
}
