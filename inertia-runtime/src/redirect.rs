//! Redirects the Inertia client cannot follow by itself.

use axum::body::Body;
use axum::response::Response;
use http::header::LOCATION;
use http::{HeaderValue, StatusCode};

/// Marks a response made by [`location`], for the layer to turn into a `409` on Inertia visits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ExternalRedirect;

/// A full page visit to `url`: for another site, a non-Inertia page of this one, or a file
/// download.
///
/// For an Inertia visit the [`InertiaLayer`](crate::InertiaLayer) answers `409 Conflict` with
/// `X-Inertia-Location: url`, and the client sets `window.location` (an XHR would follow a
/// plain redirect invisibly and fail on another origin). For other requests it is a
/// `302 Found` with `Location: url`.
///
/// ```
/// use inertia_runtime::location;
///
/// async fn pay() -> axum::response::Response {
///     location("https://checkout.example.com/session/42")
/// }
/// # let _ = pay;
/// ```
///
/// Characters that may not appear in a header (spaces, non-ASCII, controls) are
/// percent-encoded, so any `&str` gives a valid response.
pub fn location(url: impl AsRef<str>) -> Response {
    let value = header_value_for_url(url.as_ref());
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::FOUND;
    response.headers_mut().insert(LOCATION, value);
    response.extensions_mut().insert(ExternalRedirect);
    response
}

/// A header value for a URL, percent-encoding bytes a header cannot carry verbatim.
pub(crate) fn header_value_for_url(url: &str) -> HeaderValue {
    if let Ok(value) = HeaderValue::from_str(url)
        && url.is_ascii()
    {
        return value;
    }
    let mut encoded = String::with_capacity(url.len() + 16);
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
            encoded.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    // Only visible ASCII remains, which is always a valid header value.
    HeaderValue::from_str(&encoded).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_url_gives_a_valid_header() {
        assert_eq!(
            header_value_for_url("https://a.example/x?y=1"),
            "https://a.example/x?y=1"
        );
        assert_eq!(header_value_for_url("/a b\n"), "/a%20b%0A");
        assert_eq!(header_value_for_url("/café"), "/caf%C3%A9");
    }
}
