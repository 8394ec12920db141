//! Helpers shared by the cross-crate tests: send a request through a router in-process and
//! look at the answer. Also the home of the documentation pages in `docs/` whose examples are
//! compiled and run as doctests.

// The guide shows `#[test]` functions as users write them in their own test files; as
// doctests they only need to compile.
#![allow(clippy::test_attr_in_doctest)]

/// `README.md`: its example (the recommended setup) compiles as a doctest; its
/// `frontend/dist` is `tests/frontend/dist`.
#[doc = include_str!("../../README.md")]
pub mod readme {}

/// The crates' own READMEs (what crates.io shows): their examples compile too.
pub mod crate_readmes {
    /// `inertia-runtime/README.md`.
    #[doc = include_str!("../../inertia-runtime/README.md")]
    pub mod inertia_runtime {}
    /// `inertia-macros/README.md`.
    #[doc = include_str!("../../inertia-macros/README.md")]
    pub mod inertia_macros {}
    /// `inertia-vite/README.md`.
    #[doc = include_str!("../../inertia-vite/README.md")]
    pub mod inertia_vite {}
    /// `cargo-inertia/README.md`.
    #[doc = include_str!("../../cargo-inertia/README.md")]
    pub mod cargo_inertia {}
}

/// The guide (`docs/guide/src/`, an mdBook): every Rust example of every chapter is a doctest
/// here, compiled, and run unless marked `no_run`.
pub mod guide {
    /// `docs/guide/src/introduction.md`.
    #[doc = include_str!("../../docs/guide/src/introduction.md")]
    pub mod introduction {}
    /// `docs/guide/src/quick-start.md`.
    #[doc = include_str!("../../docs/guide/src/quick-start.md")]
    pub mod quick_start {}
    /// `docs/guide/src/props.md`.
    #[doc = include_str!("../../docs/guide/src/props.md")]
    pub mod props {}
    /// `docs/guide/src/forms.md`.
    #[doc = include_str!("../../docs/guide/src/forms.md")]
    pub mod forms {}
    /// `docs/guide/src/types.md`.
    #[doc = include_str!("../../docs/guide/src/types.md")]
    pub mod types {}
    /// `docs/guide/src/versioning.md`.
    #[doc = include_str!("../../docs/guide/src/versioning.md")]
    pub mod versioning {}
    /// `docs/guide/src/development.md`.
    #[doc = include_str!("../../docs/guide/src/development.md")]
    pub mod development {}
    /// `docs/guide/src/ssr.md`.
    #[doc = include_str!("../../docs/guide/src/ssr.md")]
    pub mod ssr {}
    /// `docs/guide/src/testing.md`.
    #[doc = include_str!("../../docs/guide/src/testing.md")]
    pub mod testing {}
    /// `docs/guide/src/deployment.md`.
    #[doc = include_str!("../../docs/guide/src/deployment.md")]
    pub mod deployment {}
    /// `docs/guide/src/troubleshooting.md`.
    #[doc = include_str!("../../docs/guide/src/troubleshooting.md")]
    pub mod troubleshooting {}
    /// `docs/guide/src/further.md`.
    #[doc = include_str!("../../docs/guide/src/further.md")]
    pub mod further {}
}

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response, read to the end.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl Answer {
    /// A header's value as text, or `None`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All values of a header.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// If the body is not JSON (these are test helpers).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }
}

/// Builds a request; `headers` are `(name, value)` pairs.
///
/// # Panics
///
/// On an invalid method, URI or header (these are test helpers).
pub fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

/// Polls `check` every 20 ms until it is true, for at most 10 s (then panics naming `what`).
/// For what becomes true after a while (a hot file noticed, a back-off over): the test waits
/// as long as it takes on a busy machine, and no longer than needed on a quiet one.
///
/// # Panics
///
/// If `check` is still false after 10 s.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "still not true after 10 s: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Sends `req` through `app` and reads the whole response.
///
/// # Panics
///
/// If the body cannot be read or is not UTF-8 (these are test helpers).
pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let response = app.clone().oneshot(req).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

/// A GET as the Inertia client sends it (`X-Inertia: true`, `X-Inertia-Version`).
pub async fn inertia_get(app: &Router, uri: &str, version: &str) -> Answer {
    send(
        app,
        request(
            "GET",
            uri,
            &[
                ("x-inertia", "true"),
                ("x-inertia-version", version),
                ("x-requested-with", "XMLHttpRequest"),
                ("accept", "text/html, application/xhtml+xml"),
            ],
            "",
        ),
    )
    .await
}

/// The page object embedded in an HTML first-visit response (script element form).
///
/// # Panics
///
/// If there is no `<script data-page="app" type="application/json">` element.
pub fn embedded_page(html: &str) -> serde_json::Value {
    let start_tag = "<script data-page=\"app\" type=\"application/json\">";
    let start = html.find(start_tag).expect("page script element") + start_tag.len();
    let end = start + html[start..].find("</script>").expect("end of script");
    serde_json::from_str(&html[start..end]).expect("page JSON")
}

/// Scratch crates built with the `cargo` that runs the tests: for what only a real build
/// shows (rebuild tracking, settings read from a crate's own Cargo.toml).
pub mod scratch {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// A binary crate under `target/<name>`, in its own workspace and target directory,
    /// depending on `inertia-macros` by path and built offline with this workspace's lock
    /// file, so nothing is downloaded.
    pub struct Crate {
        /// The crate's directory.
        pub dir: PathBuf,
        name: String,
    }

    /// The result of one `cargo build`.
    #[derive(Debug)]
    pub struct Build {
        /// Whether cargo succeeded.
        pub success: bool,
        /// Whether the scratch crate itself was compiled in this run (not fresh).
        pub compiled: bool,
        /// What cargo and rustc printed for humans.
        pub stderr: String,
        /// The rendered compiler messages (errors and warnings), one after the other.
        pub messages: String,
    }

    /// The workspace root.
    pub fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root")
            .to_owned()
    }

    impl Crate {
        /// Creates (or resets the sources of) the crate `name` with `main_rs` and extra
        /// Cargo.toml text (`[package.metadata…]` tables) after its `[dependencies]`.
        ///
        /// # Panics
        ///
        /// When the files cannot be written (these are test helpers).
        pub fn new(name: &str, cargo_toml_extra: &str, main_rs: &str) -> Crate {
            let ws = workspace();
            let dir = ws.join("target").join(name);
            std::fs::create_dir_all(dir.join("src")).expect("scratch dir");
            let krate = Crate {
                dir,
                name: name.to_owned(),
            };
            krate.set_cargo_toml(cargo_toml_extra);
            std::fs::copy(ws.join("Cargo.lock"), krate.dir.join("Cargo.lock")).expect("lock");
            krate.write("src/main.rs", main_rs);
            krate
        }

        /// Rewrites Cargo.toml with other extra text.
        pub fn set_cargo_toml(&self, extra: &str) {
            let toml = format!(
                "[package]\nname = {:?}\nversion = \"0.0.0\"\nedition = \"2024\"\n\
                 [dependencies]\ninertia-macros = {{ package = \"inertia-runtime-macros\", path = {:?} }}\n{extra}\n[workspace]\n",
                self.name,
                workspace().join("inertia-macros"),
            );
            self.write("Cargo.toml", &toml);
        }

        /// Writes a file below the crate's directory (creating directories), then waits long
        /// enough that it is younger than the last build's dep-info even on file systems
        /// with coarse timestamps.
        pub fn write(&self, path: &str, contents: &str) {
            let path = self.dir.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
            std::fs::write(path, contents).expect("write");
            Self::settle();
        }

        /// Renames a file below the crate's directory (see [`write`](Self::write)).
        pub fn rename(&self, from: &str, to: &str) {
            std::fs::rename(self.dir.join(from), self.dir.join(to)).expect("rename");
            Self::settle();
        }

        fn settle() {
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }

        /// `cargo build`.
        ///
        /// # Panics
        ///
        /// When cargo cannot be started.
        pub fn build(&self) -> Build {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            let out = Command::new(&cargo)
                .args(["build", "--offline", "--quiet", "--message-format=json"])
                .current_dir(&self.dir)
                .env("CARGO_TARGET_DIR", self.dir.join("target"))
                .env_remove("RUSTFLAGS")
                .output()
                .expect("run cargo");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let name = format!("\"name\":\"{}\"", self.name);
            // cargo reports `"fresh":false` for a unit it compiled in this run.
            let compiled = stdout.lines().any(|line| {
                line.contains("\"reason\":\"compiler-artifact\"")
                    && line.contains(&name)
                    && line.contains("\"fresh\":false")
            });
            let messages = stdout
                .lines()
                .filter(|line| line.contains("\"reason\":\"compiler-message\""))
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter_map(|v| v["message"]["rendered"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
                .join("\n");
            Build {
                success: out.status.success(),
                compiled,
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                messages,
            }
        }

        /// Runs the built binary; its standard output, trimmed.
        ///
        /// # Panics
        ///
        /// When the binary cannot be run.
        pub fn run(&self) -> String {
            let out = Command::new(self.dir.join("target/debug").join(&self.name))
                .output()
                .expect("run the scratch binary");
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        }
    }
}
