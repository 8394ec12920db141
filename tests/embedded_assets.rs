//! Every file of the fixture `vite build`, embedded with `embed_assets!` and served through a
//! router: content types, caching, ETags and 304s, HEAD, precompressed variants, refusals.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use inertia_runtime::vite::Vite;
use inertia_runtime::{EmbeddedAssets, InertiaConfig, embed_assets, inertia_page, vite_version};
use inertia_tests::{Answer, request, send};

static ASSETS: EmbeddedAssets = embed_assets!("fixtures/vite-app/dist");
const VERSION: &str = vite_version!("fixtures/vite-app/dist/.vite/manifest.json");

fn dist() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vite-app/dist")
}

/// Every servable file on disk: not in a dot-directory, not a precompressed variant.
fn files_on_disk() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut all = Vec::new();
    walk(&dist(), &dist(), &mut all);
    let originals = all.clone();
    let in_dot_dir = |p: &str| p.split('/').any(|s| s.starts_with('.'));
    let is_variant = |p: &str| {
        p.strip_suffix(".br")
            .or_else(|| p.strip_suffix(".gz"))
            .is_some_and(|original| originals.iter().any(|o| o == original))
    };
    all.retain(|p| !in_dot_dir(p) && !is_variant(p));
    all.sort();
    all
}

fn router() -> Router {
    Router::new().nest_service("/build", ASSETS.service())
}

async fn get_file(path: &str, headers: &[(&str, &str)]) -> Answer {
    send(
        &router(),
        request("GET", &format!("/build/{path}"), headers, ""),
    )
    .await
}

fn expected_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("html") => "text/html; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        other => panic!("unexpected extension {other:?}"),
    }
}

#[tokio::test]
async fn every_file_is_served_with_the_right_headers() {
    let files = files_on_disk();
    assert_eq!(files.len(), 11, "{files:?}");
    let embedded: Vec<&str> = ASSETS.files().iter().map(|f| f.path()).collect();
    assert_eq!(embedded, files);
    let manifest = inertia_vite::manifest::Manifest::parse(ASSETS.manifest().unwrap()).unwrap();
    let fingerprinted = manifest.files();

    for path in &files {
        let on_disk = std::fs::read_to_string(dist().join(path)).unwrap();
        let res = get_file(path, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.body, on_disk, "{path}");
        assert_eq!(
            res.header("content-type"),
            Some(expected_type(path)),
            "{path}"
        );
        assert_eq!(
            res.header("content-length"),
            Some(on_disk.len().to_string().as_str())
        );
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(res.header("content-encoding"), None);
        let etag = res.header("etag").unwrap().to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() == 18,
            "{etag}"
        );
        let cache = res.header("cache-control").unwrap();
        if fingerprinted.contains(path.as_str()) {
            assert_eq!(cache, "public, max-age=31536000, immutable", "{path}");
        } else {
            assert_eq!(cache, "no-cache", "{path}: not fingerprinted");
        }

        // Revalidation: 304 with no body, same ETag; also for weak and listed forms.
        for inm in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"other\", {etag}"),
        ] {
            let again = get_file(path, &[("if-none-match", &inm)]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path} {inm}");
            assert_eq!(again.body, "");
            assert_eq!(again.header("etag"), Some(etag.as_str()));
            assert_eq!(again.header("cache-control"), Some(cache));
        }
        let changed = get_file(path, &[("if-none-match", "\"0000000000000000\"")]).await;
        assert_eq!(changed.status, StatusCode::OK);

        // HEAD: headers without the body.
        let head = send(
            &router(),
            request("HEAD", &format!("/build/{path}"), &[], ""),
        )
        .await;
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.body, "");
        assert_eq!(
            head.header("content-length"),
            Some(on_disk.len().to_string().as_str())
        );
    }
    assert!(
        fingerprinted.len() >= 8,
        "the fixture must exercise immutable files"
    );
}

#[tokio::test]
async fn precompressed_variants_follow_accept_encoding() {
    let path = "assets/index-kMexQv-j.js";
    let brotli = std::fs::read(dist().join(format!("{path}.br"))).unwrap();
    let gzip = std::fs::read(dist().join(format!("{path}.gz"))).unwrap();
    // `send` reads bodies as UTF-8, so compare through the embedded table instead.
    let file = ASSETS.get(path).unwrap();
    assert_eq!(file.brotli().unwrap(), brotli.as_slice());
    assert_eq!(file.gzip().unwrap(), gzip.as_slice());

    let cases: [(&str, Option<&str>); 7] = [
        ("gzip, deflate, br, zstd", Some("br")),
        ("gzip", Some("gzip")),
        ("br;q=0, gzip", Some("gzip")),
        ("br;q=0, gzip;q=0", None),
        ("*", Some("br")),
        ("identity", None),
        ("", None),
    ];
    for (accept, encoding) in cases {
        let res = raw_get(path, &[("accept-encoding", accept)]).await;
        assert_eq!(
            res.0
                .headers
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(res.0.headers.get("vary").unwrap(), "Accept-Encoding");
        let expected: &[u8] = match encoding {
            Some("br") => &brotli,
            Some("gzip") => &gzip,
            _ => file.bytes(),
        };
        assert_eq!(res.1, expected, "{accept:?}");
        let etag = res
            .0
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        match encoding {
            Some("br") => assert!(etag.ends_with("-br\"")),
            Some("gzip") => assert!(etag.ends_with("-gz\"")),
            _ => assert_eq!(etag, file.etag()),
        }
    }
    // Files without variants do not vary.
    let svg = get_file("assets/logo-BOTr4nl2.svg", &[("accept-encoding", "br")]).await;
    assert_eq!(svg.header("vary"), None);
}

async fn raw_get(path: &str, headers: &[(&str, &str)]) -> (axum::http::response::Parts, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = router()
        .oneshot(request("GET", &format!("/build/{path}"), headers, ""))
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    (parts, body.collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn private_unknown_and_malformed_paths_are_404_and_other_methods_405() {
    for path in [
        ".vite/manifest.json",
        "assets/index-kMexQv-j.js.br",
        "assets/index-kMexQv-j.js.gz",
        "assets/nope.js",
        "../Cargo.toml",
        "assets/%2e%2e/index.html",
        "%ff",
        "",
    ] {
        assert_eq!(
            get_file(path, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{path:?}"
        );
    }
    let res = send(&router(), request("POST", "/build/robots.txt", &[], "")).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.header("allow"), Some("GET, HEAD"));
}

#[tokio::test]
async fn one_binary_serves_pages_and_assets_with_the_compile_time_version() {
    #[inertia_page("Home")]
    async fn home() {}
    assert_eq!(ASSETS.version(), VERSION);
    let app = Router::new()
        .route("/", get(home))
        .layer(
            InertiaConfig::new()
                .vite(Vite::embedded(&ASSETS).entry("index.html").base("/build/"))
                .into_layer()
                .unwrap(),
        )
        .nest_service("/build", ASSETS.service());
    let page = send(&app, request("GET", "/", &[], "")).await;
    assert!(page.body.contains(&format!("\"version\":\"{VERSION}\"")));
    let script = "/build/assets/index-kMexQv-j.js";
    assert!(page.body.contains(&format!("src=\"{script}\"")));
    let js = send(&app, request("GET", script, &[], "")).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
}

/// The demo's real frontend build, compressed while this crate compiles (`compress = true`;
/// debug builds leave it off by default).
static DEMO: EmbeddedAssets = embed_assets!("../examples/demo/frontend/dist", compress = true);

fn decompressed_brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut brotli::Decompressor::new(bytes, 4096), &mut out).unwrap();
    out
}

fn decompressed_gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
    out
}

#[test]
fn compile_time_copies_decompress_to_their_files_and_skip_what_does_not_pay() {
    let mut compressed = 0;
    for file in DEMO.files() {
        let text_like = [".js", ".css", ".svg", ".json", ".html"]
            .iter()
            .any(|ext| file.path().ends_with(ext));
        match (file.brotli(), file.gzip()) {
            (Some(br), Some(gz)) => {
                assert!(text_like, "{} compressed", file.path());
                assert_eq!(decompressed_brotli(br), file.bytes(), "{}", file.path());
                assert_eq!(decompressed_gzip(gz), file.bytes(), "{}", file.path());
                assert!(
                    br.len() * 10 <= file.bytes().len() * 9,
                    "{} saves 10%",
                    file.path()
                );
                compressed += 1;
            }
            (None, None) => assert!(
                !text_like || file.bytes().len() < 1024,
                "{} ({} bytes) was left uncompressed",
                file.path(),
                file.bytes().len()
            ),
            other => panic!("{}: only one copy: {other:?}", file.path()),
        }
    }
    assert!(compressed >= 2, "the main script and stylesheet");
    // Files the build compressed already are used as they are, not compressed again.
    for file in ASSETS.files() {
        if let Some(br) = file.brotli() {
            let on_disk = std::fs::read(dist().join(format!("{}.br", file.path()))).unwrap();
            assert_eq!(br, &on_disk[..], "{}", file.path());
        }
    }
}

#[tokio::test]
async fn compressed_files_are_served_by_accept_encoding_with_their_own_etags() {
    // Bodies are compressed bytes: read them raw, straight from the service.
    let app = |method: &str, path: &str, headers: &[(&str, &str)]| {
        let mut map = axum::http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                axum::http::HeaderValue::from_str(value).unwrap(),
            );
        }
        let path = path.strip_prefix("/build").unwrap().to_owned();
        let method: axum::http::Method = method.parse().unwrap();
        async move {
            let res = DEMO.respond(&method, &path, &map);
            let status = res.status();
            let headers = res.headers().clone();
            let body = http_body_util::BodyExt::collect(res.into_body())
                .await
                .unwrap()
                .to_bytes();
            Raw {
                status,
                headers,
                body,
            }
        }
    };
    let script = DEMO
        .files()
        .iter()
        .find(|f| f.path().starts_with("assets/main-") && f.path().ends_with(".js"))
        .unwrap();
    let path = format!("/build/{}", script.path());
    let browser = "gzip, deflate, br, zstd";
    let br = app("GET", &path, &[("accept-encoding", browser)]).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));
    assert_eq!(
        br.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let br_len: usize = br.header("content-length").unwrap().parse().unwrap();
    assert_eq!(br_len, script.brotli().unwrap().len());
    let gzip = app("GET", &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    let plain = app("GET", &path, &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("Accept-Encoding"));
    assert_eq!(&plain.body[..], script.bytes());
    let refused = app("GET", &path, &[("accept-encoding", "br;q=0, gzip;q=0")]).await;
    assert_eq!(refused.header("content-encoding"), None);
    // One ETag per representation, each revalidating only itself.
    let etags = [&br, &gzip, &plain].map(|r| r.header("etag").unwrap().to_owned());
    assert!(etags[0] != etags[1] && etags[1] != etags[2] && etags[0] != etags[2]);
    let revalidated = app(
        "GET",
        &path,
        &[("accept-encoding", browser), ("if-none-match", &etags[0])],
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    let other = app(
        "GET",
        &path,
        &[("accept-encoding", browser), ("if-none-match", &etags[2])],
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "the identity ETag does not match the br copy"
    );
    let head = app("HEAD", &path, &[("accept-encoding", browser)]).await;
    assert_eq!(
        head.header("content-length"),
        Some(br_len.to_string().as_str())
    );
    assert!(head.body.is_empty());
    // What a first visit downloads from the build (script and stylesheet), both ways.
    let first_load = |compressed: bool| -> usize {
        DEMO.files()
            .iter()
            .filter(|f| f.path().ends_with(".js") || f.path().ends_with(".css"))
            .map(|f| match (compressed, f.brotli()) {
                (true, Some(br)) => br.len(),
                _ => f.bytes().len(),
            })
            .sum()
    };
    println!(
        "first-load scripts and styles: {} bytes as built, {} bytes with Brotli",
        first_load(false),
        first_load(true)
    );
    assert!(first_load(true) * 3 < first_load(false));
}

/// A response with its body as bytes.
struct Raw {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
