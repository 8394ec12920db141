//! Built frontend files embedded in the binary, and the service that serves them.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use axum::body::Body;
use http::header::{
    ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, VARY, X_CONTENT_TYPE_OPTIONS,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower_service::Service;

/// A directory of built files (Vite's `dist/`), embedded at compile time by
/// [`embed_assets!`](crate::embed_assets).
///
/// ```
/// use inertia_runtime::{EmbeddedAssets, embed_assets};
///
/// // Relative to the crate's Cargo.toml; cargo rebuilds when an embedded file changes.
/// static ASSETS: EmbeddedAssets = embed_assets!("doc-fixtures/dist");
///
/// let logo = ASSETS.get("assets/logo-BOTr4nl2.svg").unwrap();
/// assert_eq!(logo.content_type(), "image/svg+xml");
/// assert_eq!(ASSETS.version().len(), 16); // the manifest's asset version
/// ```
///
/// Serve the files with [`EmbeddedAssets::service`] and give the manifest to
/// [`Vite::embedded`](crate::vite::Vite::embedded); the binary then needs no files beside it.
#[derive(Debug)]
pub struct EmbeddedAssets {
    files: &'static [EmbeddedFile],
    manifest: Option<&'static [u8]>,
    version: &'static str,
    earlier_versions: &'static [&'static str],
}

/// One embedded file.
#[derive(Debug)]
pub struct EmbeddedFile {
    path: &'static str,
    bytes: &'static [u8],
    content_type: &'static str,
    etag: &'static str,
    immutable: bool,
    brotli: Option<&'static [u8]>,
    gzip: Option<&'static [u8]>,
}

impl EmbeddedFile {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        path: &'static str,
        bytes: &'static [u8],
        content_type: &'static str,
        etag: &'static str,
        immutable: bool,
        brotli: Option<&'static [u8]>,
        gzip: Option<&'static [u8]>,
    ) -> Self {
        EmbeddedFile {
            path,
            bytes,
            content_type,
            etag,
            immutable,
            brotli,
            gzip,
        }
    }

    /// The path relative to the embedded directory, with `/` separators.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The content.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// The `Content-Type`, from the file extension.
    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    /// The strong `ETag` of the uncompressed content (SHA-256 based, quoted).
    pub fn etag(&self) -> &'static str {
        self.etag
    }

    /// Whether the file is fingerprinted (named in the Vite manifest, or a file of an earlier
    /// build in the build history), so it can be cached forever.
    pub fn is_immutable(&self) -> bool {
        self.immutable
    }

    /// The precompressed `.br` variant, if the build has one.
    pub fn brotli(&self) -> Option<&'static [u8]> {
        self.brotli
    }

    /// The precompressed `.gz` variant, if the build has one.
    pub fn gzip(&self) -> Option<&'static [u8]> {
        self.gzip
    }
}

impl EmbeddedAssets {
    #[doc(hidden)]
    pub const fn __new(
        files: &'static [EmbeddedFile],
        manifest: Option<&'static [u8]>,
        version: &'static str,
        earlier_versions: &'static [&'static str],
    ) -> Self {
        EmbeddedAssets {
            files,
            manifest,
            version,
            earlier_versions,
        }
    }

    /// The file at `path` (relative, `/`-separated, e.g. `assets/main-4f3a.js`).
    pub fn get(&self, path: &str) -> Option<&'static EmbeddedFile> {
        let files: &'static [EmbeddedFile] = self.files;
        files
            .binary_search_by(|f| f.path.cmp(path))
            .ok()
            .map(|i| &files[i])
    }

    /// All served files, sorted by path. Dot-directories (`.vite/`) and the precompressed
    /// `.br`/`.gz` variants of other files are not among them.
    pub fn files(&self) -> &'static [EmbeddedFile] {
        self.files
    }

    /// The bytes of `.vite/manifest.json`, if the directory has one.
    pub fn manifest(&self) -> Option<&'static [u8]> {
        self.manifest
    }

    /// The asset version of the embedded manifest (computed at compile time, as
    /// [`vite_version!`](crate::vite_version) does), or `""` without a manifest.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The asset versions of the earlier builds whose files are embedded too (the build
    /// history the Vite plugin keeps, oldest first; empty without one). Their files are
    /// served, with `immutable` caching, so tabs still running one of those builds load what
    /// they need during and after a rolling deploy; they are never in the tags or the version.
    ///
    /// ```
    /// # use inertia_runtime::{EmbeddedAssets, embed_assets};
    /// static ASSETS: EmbeddedAssets = embed_assets!("doc-fixtures/dist");
    /// assert!(ASSETS.earlier_versions().iter().all(|v| *v != ASSETS.version()));
    /// ```
    pub fn earlier_versions(&self) -> &'static [&'static str] {
        self.earlier_versions
    }

    /// A service that serves the files: mount it where Vite's `base` points, e.g.
    /// `router.nest_service("/build", ASSETS.service())` for `base: "/build/"`, or
    /// `router.fallback_service(ASSETS.service())` for `base: "/"`.
    ///
    /// - `GET` and `HEAD`; other methods get `405` with `Allow: GET, HEAD`.
    /// - `Content-Type` from the extension, `X-Content-Type-Options: nosniff`.
    /// - `Cache-Control: public, max-age=31536000, immutable` for fingerprinted files (those
    ///   the manifest names), `no-cache` (revalidate with the ETag) for the rest.
    /// - A strong `ETag` per representation; `If-None-Match` answers `304 Not Modified`.
    /// - The precompressed `.br` or `.gz` variant when the build has one and the request's
    ///   `Accept-Encoding` allows it (Brotli first), with `Content-Encoding` and
    ///   `Vary: Accept-Encoding`.
    /// - Unknown paths, paths into dot-directories, and malformed paths get `404`.
    pub fn service(&'static self) -> ServeEmbedded {
        ServeEmbedded { assets: self }
    }

    /// Answers one request (what [`ServeEmbedded`] does).
    pub fn respond(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response<Body> {
        if method != Method::GET && method != Method::HEAD {
            let mut response = empty(StatusCode::METHOD_NOT_ALLOWED);
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let mut decoded = [0u8; 512];
        let Some(path) = percent_decode(path.trim_start_matches('/'), &mut decoded) else {
            return empty(StatusCode::NOT_FOUND);
        };
        let Some(file) = self.get(path) else {
            return empty(StatusCode::NOT_FOUND);
        };
        let has_variants = file.brotli.is_some() || file.gzip.is_some();
        let (bytes, encoding, etag) = match preferred_encoding(headers, file) {
            Some(Encoding::Brotli(bytes)) => (bytes, Some("br"), Etag::Suffixed(file.etag, "br")),
            Some(Encoding::Gzip(bytes)) => (bytes, Some("gzip"), Etag::Suffixed(file.etag, "gz")),
            None => (file.bytes, None, Etag::Plain(file.etag)),
        };

        let mut headers_out = HeaderMap::with_capacity(8);
        headers_out.insert(ETAG, etag.value());
        headers_out.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(if file.immutable {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            }),
        );
        if has_variants {
            headers_out.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        }

        let not_modified = headers
            .get_all(IF_NONE_MATCH)
            .iter()
            .any(|value| etag.matches(value.as_bytes()));
        if not_modified {
            let mut response = empty(StatusCode::NOT_MODIFIED);
            *response.headers_mut() = headers_out;
            return response;
        }

        headers_out.insert(CONTENT_TYPE, HeaderValue::from_static(file.content_type));
        headers_out.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers_out.insert(CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        if let Some(encoding) = encoding {
            headers_out.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        let mut response = Response::new(body);
        *response.headers_mut() = headers_out;
        response
    }
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

enum Encoding {
    Brotli(&'static [u8]),
    Gzip(&'static [u8]),
}

/// The variant to send, by the request's `Accept-Encoding` (RFC 9110 §12.5.3): the coding
/// with the highest q-value among those the file has (Brotli, gzip, identity); on a tie the
/// smaller (Brotli, then gzip). `q=0` refuses a coding, `*` stands for the codings not named
/// (identity too); identity, always acceptable unless refused, is chosen over a copy only when
/// it is given a higher q-value. Without the header, identity.
/// When nothing acceptable exists (`identity;q=0` and no copy), identity is sent anyway, as
/// most servers do, rather than an error.
fn preferred_encoding(headers: &HeaderMap, file: &EmbeddedFile) -> Option<Encoding> {
    if file.brotli.is_none() && file.gzip.is_none() {
        return None;
    }
    let mut brotli: Option<f32> = None;
    let mut gzip: Option<f32> = None;
    let mut identity: Option<f32> = None;
    let mut any: Option<f32> = None;
    let mut present = false;
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        present = true;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            if coding.is_empty() {
                continue;
            }
            let q = parts
                .filter_map(|p| {
                    let (name, value) = p.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| value.trim().parse::<f32>().ok())
                        .flatten()
                })
                .next()
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut brotli
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if coding.eq_ignore_ascii_case("identity") {
                &mut identity
            } else if coding == "*" {
                &mut any
            } else {
                continue;
            };
            // A coding named twice: the first counts.
            slot.get_or_insert(q);
        }
    }
    if !present {
        return None;
    }
    let brotli_q = file.brotli.and(brotli.or(any)).unwrap_or(0.0);
    let gzip_q = file.gzip.and(gzip.or(any)).unwrap_or(0.0);
    let best = brotli_q.max(gzip_q);
    // Identity wins only when the client asks for it more than for any copy (unlisted, it is
    // acceptable but the last choice).
    if best <= 0.0 || identity.or(any).is_some_and(|q| q > best) {
        return None;
    }
    match (file.brotli, file.gzip) {
        (Some(bytes), _) if brotli_q == best => Some(Encoding::Brotli(bytes)),
        (_, Some(bytes)) if gzip_q == best => Some(Encoding::Gzip(bytes)),
        _ => None,
    }
}

/// The ETag of one representation: the file's, or the file's with an encoding suffix.
#[derive(Clone, Copy)]
enum Etag {
    Plain(&'static str),
    Suffixed(&'static str, &'static str),
}

impl Etag {
    fn value(self) -> HeaderValue {
        match self {
            Etag::Plain(etag) => HeaderValue::from_static(etag),
            Etag::Suffixed(etag, suffix) => {
                // `"abc"` + `br` -> `"abc-br"`; built from a quoted hex string, so valid.
                let inner = etag.trim_matches('"');
                HeaderValue::from_str(&format!("\"{inner}-{suffix}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static(etag))
            }
        }
    }

    /// Whether an `If-None-Match` value (a list of entity tags, or `*`) matches, with the
    /// weak comparison RFC 9110 prescribes for it.
    fn matches(self, if_none_match: &[u8]) -> bool {
        let Ok(list) = std::str::from_utf8(if_none_match) else {
            return false;
        };
        list.split(',').any(|tag| {
            let tag = tag.trim();
            if tag == "*" {
                return true;
            }
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            let Some(opaque) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
                return false;
            };
            match self {
                Etag::Plain(etag) => etag.trim_matches('"') == opaque,
                Etag::Suffixed(etag, suffix) => opaque
                    .strip_suffix(suffix)
                    .and_then(|o| o.strip_suffix('-'))
                    .is_some_and(|o| o == etag.trim_matches('"')),
            }
        })
    }
}

/// Decodes `%XX` escapes into `buf`; `None` for malformed escapes, non-UTF-8 results, paths
/// longer than `buf`, and any `..`, empty or dot-leading segment (dot-directories are private).
fn percent_decode<'a>(path: &str, buf: &'a mut [u8]) -> Option<&'a str> {
    let bytes = path.as_bytes();
    let mut len = 0;
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            i += 3;
            hi << 4 | lo
        } else {
            i += 1;
            bytes[i - 1]
        };
        *buf.get_mut(len)? = byte;
        len += 1;
    }
    let decoded = std::str::from_utf8(&buf[..len]).ok()?;
    let valid = !decoded.is_empty()
        && decoded.split('/').all(|segment| {
            !segment.is_empty() && !segment.starts_with('.') && !segment.contains('\\')
        });
    valid.then_some(decoded)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// The [`Service`] that serves [`EmbeddedAssets`]; see [`EmbeddedAssets::service`].
#[derive(Clone, Copy, Debug)]
pub struct ServeEmbedded {
    assets: &'static EmbeddedAssets,
}

impl<B> Service<Request<B>> for ServeEmbedded {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        ready(Ok(self.assets.respond(
            req.method(),
            req.uri().path(),
            req.headers(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_rejects_traversal_and_dot_segments() {
        let mut buf = [0u8; 512];
        assert_eq!(
            percent_decode("assets/a%20b.js", &mut buf),
            Some("assets/a b.js")
        );
        for bad in [
            "",
            "../etc/passwd",
            "assets/../x",
            "%2e%2e/x",
            ".vite/manifest.json",
            "a//b",
            "a/%2Fb/",
            "%zz",
            "%4",
            "a\\b",
            "%ff",
        ] {
            assert_eq!(percent_decode(bad, &mut [0u8; 512]), None, "{bad}");
        }
        let long = "a".repeat(600);
        assert_eq!(percent_decode(&long, &mut buf), None);
    }

    fn chosen(accept: Option<&str>, brotli: bool, gzip: bool) -> &'static str {
        static BYTES: &[u8] = b"x";
        let file = EmbeddedFile::__new(
            "a.js",
            BYTES,
            "text/javascript",
            "\"e\"",
            true,
            brotli.then_some(BYTES),
            gzip.then_some(BYTES),
        );
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        }
        match preferred_encoding(&headers, &file) {
            Some(Encoding::Brotli(_)) => "br",
            Some(Encoding::Gzip(_)) => "gzip",
            None => "identity",
        }
    }

    #[test]
    fn accept_encoding_with_q_values_and_identity() {
        for (accept, expected) in [
            (None, "identity"),
            (Some("gzip, deflate, br, zstd"), "br"),
            (Some("gzip"), "gzip"),
            (Some("br;q=0.5, gzip;q=0.8"), "gzip"),
            (Some("br;q=1.0, gzip;q=1.0"), "br"),
            (Some("gzip;q=0.5, identity"), "identity"),
            (Some("br;q=0, gzip;q=0"), "identity"),
            (Some("*"), "br"),
            (Some("*;q=0.3, identity;q=0.2"), "br"),
            (Some("*;q=0"), "identity"),
            (Some("identity;q=0, gzip"), "gzip"),
            (Some("deflate"), "identity"),
            (Some("BR;Q=0.9, GZip;q=0.1"), "br"),
            (Some("br;q=abc"), "br"),
            (Some(""), "identity"),
            (Some(" , ;q=1"), "identity"),
            (Some("x-gzip"), "gzip"),
        ] {
            assert_eq!(chosen(accept, true, true), expected, "{accept:?}");
        }
        // Only the copies the file has.
        assert_eq!(chosen(Some("br, gzip"), false, true), "gzip");
        assert_eq!(chosen(Some("br"), false, true), "identity");
        assert_eq!(chosen(Some("br;q=1, gzip;q=0.5"), false, true), "gzip");
        assert_eq!(chosen(Some("gzip, br"), false, false), "identity");
    }

    #[test]
    fn if_none_match_uses_weak_comparison() {
        let etag = Etag::Plain("\"abc\"");
        assert!(etag.matches(b"\"abc\""));
        assert!(etag.matches(b"W/\"abc\""));
        assert!(etag.matches(b"\"x\", \"abc\""));
        assert!(etag.matches(b"*"));
        assert!(!etag.matches(b"\"abcd\""));
        assert!(!etag.matches(b"abc"));
        assert!(!etag.matches(b"\xff"));
        let br = Etag::Suffixed("\"abc\"", "br");
        assert!(br.matches(b"\"abc-br\""));
        assert!(!br.matches(b"\"abc\""));
        assert_eq!(br.value(), "\"abc-br\"");
    }
}
