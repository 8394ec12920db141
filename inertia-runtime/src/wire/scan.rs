//! Reading every request header the protocol uses in one pass over the header map.
//!
//! The layer and the extractor need about fifteen headers, most of which a request does not
//! have. Looking each up hashes its name and probes the map; walking the request's own headers
//! once and matching their names costs less than that for the ten to twenty headers a browser
//! sends, and nothing at all for the headers it does not send. Nothing is allocated.

use http::{HeaderMap, HeaderValue};

/// The protocol's request headers, borrowed from the request. For a header sent more than
/// once, the first value counts (as with [`HeaderMap::get`]).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RequestHeaders<'a> {
    /// `X-Inertia` is present (whatever its value).
    pub(crate) inertia: bool,
    pub(crate) version: Option<&'a HeaderValue>,
    pub(crate) partial_component: Option<&'a HeaderValue>,
    pub(crate) partial_data: Option<&'a HeaderValue>,
    pub(crate) partial_except: Option<&'a HeaderValue>,
    pub(crate) reset: Option<&'a HeaderValue>,
    pub(crate) error_bag: Option<&'a HeaderValue>,
    pub(crate) except_once_props: Option<&'a HeaderValue>,
    pub(crate) merge_intent: Option<&'a HeaderValue>,
    pub(crate) forwarded_prefix: Option<&'a HeaderValue>,
    pub(crate) forwarded_host: Option<&'a HeaderValue>,
    pub(crate) forwarded_port: Option<&'a HeaderValue>,
    pub(crate) forwarded_proto: Option<&'a HeaderValue>,
    pub(crate) referer: Option<&'a HeaderValue>,
    pub(crate) origin: Option<&'a HeaderValue>,
    pub(crate) host: Option<&'a HeaderValue>,
    purpose: Option<&'a HeaderValue>,
    sec_purpose: Option<&'a HeaderValue>,
    x_moz: Option<&'a HeaderValue>,
}

impl<'a> RequestHeaders<'a> {
    /// Reads the protocol's headers from `headers`.
    pub(crate) fn scan(headers: &'a HeaderMap) -> Self {
        let mut found = RequestHeaders::default();
        for (name, value) in headers {
            // `http` stores names in lowercase; these literals are checked against the
            // constants in `crate::headers` by a test below.
            let slot = match name.as_str() {
                "x-inertia" => {
                    found.inertia = true;
                    continue;
                }
                "x-inertia-version" => &mut found.version,
                "x-inertia-partial-component" => &mut found.partial_component,
                "x-inertia-partial-data" => &mut found.partial_data,
                "x-inertia-partial-except" => &mut found.partial_except,
                "x-inertia-reset" => &mut found.reset,
                "x-inertia-error-bag" => &mut found.error_bag,
                "x-inertia-except-once-props" => &mut found.except_once_props,
                "x-inertia-infinite-scroll-merge-intent" => &mut found.merge_intent,
                "x-forwarded-prefix" => &mut found.forwarded_prefix,
                "x-forwarded-host" => &mut found.forwarded_host,
                "x-forwarded-port" => &mut found.forwarded_port,
                "x-forwarded-proto" => &mut found.forwarded_proto,
                "referer" => &mut found.referer,
                "origin" => &mut found.origin,
                "host" => &mut found.host,
                "purpose" => &mut found.purpose,
                "sec-purpose" => &mut found.sec_purpose,
                "x-moz" => &mut found.x_moz,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        found
    }

    /// Whether the browser or the Inertia client is prefetching (`Purpose: prefetch`,
    /// `Sec-Purpose: prefetch`, `X-Moz: prefetch`; `Sec-Purpose` may add parameters, as in
    /// `prefetch;prerender`).
    pub(crate) fn prefetch(&self) -> bool {
        [self.purpose, self.sec_purpose, self.x_moz]
            .into_iter()
            .flatten()
            .any(|v| {
                v.as_bytes()
                    .split(|&b| b == b';')
                    .next()
                    .is_some_and(|p| p.trim_ascii().eq_ignore_ascii_case(b"prefetch"))
            })
    }

    /// Whether the client's `X-Inertia-Version` equals `version` (a missing header counts as
    /// the empty string). Byte comparison: no allocation, no decoding.
    pub(crate) fn version_matches(&self, version: &str) -> bool {
        self.version.map_or(&b""[..], HeaderValue::as_bytes) == version.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::headers::*;
    use http::HeaderName;
    use http::header::{HOST, ORIGIN, REFERER};

    /// Every name the scan matches (the form headers are read by the form extractors).
    fn names() -> Vec<HeaderName> {
        let mut names: Vec<HeaderName> = REQUEST_HEADERS
            .into_iter()
            .filter(|h| !FORM_REQUEST_HEADERS.contains(h))
            .collect();
        names.extend([
            REFERER,
            ORIGIN,
            HOST,
            X_FORWARDED_HOST,
            X_FORWARDED_PORT,
            X_FORWARDED_PROTO,
        ]);
        names
    }

    #[test]
    fn every_protocol_header_is_found_under_its_constant_name() {
        for name in names() {
            let mut headers = HeaderMap::new();
            headers.insert(name.clone(), HeaderValue::from_static("prefetch"));
            let scan = RequestHeaders::scan(&headers);
            let found = [
                scan.inertia.then_some(&headers[&name]),
                scan.version,
                scan.partial_component,
                scan.partial_data,
                scan.partial_except,
                scan.reset,
                scan.error_bag,
                scan.except_once_props,
                scan.merge_intent,
                scan.forwarded_prefix,
                scan.forwarded_host,
                scan.forwarded_port,
                scan.forwarded_proto,
                scan.referer,
                scan.origin,
                scan.host,
                scan.purpose,
                scan.sec_purpose,
                scan.x_moz,
            ];
            assert_eq!(found.iter().flatten().count(), 1, "{name}");
        }
    }

    #[test]
    fn the_first_of_repeated_headers_counts_as_with_get() {
        let mut headers = HeaderMap::new();
        headers.append(X_INERTIA_PARTIAL_DATA, HeaderValue::from_static("a"));
        headers.append(HOST, HeaderValue::from_static("h"));
        headers.append(X_INERTIA_PARTIAL_DATA, HeaderValue::from_static("b"));
        let scan = RequestHeaders::scan(&headers);
        assert_eq!(scan.partial_data, headers.get(X_INERTIA_PARTIAL_DATA));
        assert_eq!(
            scan.partial_data.map(HeaderValue::as_bytes),
            Some(&b"a"[..])
        );
    }

    #[test]
    fn prefetch_and_version() {
        let mut headers = HeaderMap::new();
        assert!(!RequestHeaders::scan(&headers).prefetch());
        assert!(RequestHeaders::scan(&headers).version_matches(""));
        headers.insert(SEC_PURPOSE, HeaderValue::from_static("Prefetch;prerender"));
        headers.insert(X_INERTIA_VERSION, HeaderValue::from_static("abc"));
        let scan = RequestHeaders::scan(&headers);
        assert!(scan.prefetch());
        assert!(scan.version_matches("abc"));
        assert!(!scan.version_matches("ABC"));
        assert!(!scan.version_matches(""));
    }
}
