//! The app `cargo inertia dev` and `build` work on: the Cargo package whose directory has
//! the frontend (`frontend/package.json`), as `cargo inertia new` lays it out.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::steps::Error;

/// An app: a Cargo package with a Vite frontend in `frontend/`.
#[derive(Debug)]
pub(crate) struct App {
    /// The directory of its Cargo.toml.
    pub(crate) root: PathBuf,
    /// The package name.
    pub(crate) name: String,
    /// Its binary (the one named like the package, or its only one).
    pub(crate) bin: String,
    /// The Vite project.
    pub(crate) frontend: PathBuf,
    /// The page component directories (`[package.metadata.inertia] pages`).
    pub(crate) pages: Vec<PathBuf>,
    /// Where cargo builds (`target/`, or `CARGO_TARGET_DIR`).
    pub(crate) target_dir: PathBuf,
}

impl App {
    /// The app at or above `start`.
    pub(crate) fn find(start: &Path) -> Result<App, Error> {
        let root = start
            .ancestors()
            .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("frontend/package.json").is_file())
            .ok_or_else(|| {
                Error::new(format!(
                    "no app here: {} and the directories above it have no Cargo.toml next to frontend/package.json. Run this in an app made by `cargo inertia new NAME`",
                    start.display()
                ))
            })?
            .to_path_buf();
        let manifest = root.join("Cargo.toml");
        let output = Command::new(cargo())
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(&manifest)
            .output()
            .map_err(|e| Error::new(format!("cannot run `cargo metadata` ({e})")))?;
        if !output.status.success() {
            return Err(Error::new(format!(
                "{} cannot be read by cargo:\n{}",
                manifest.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
            Error::new(format!(
                "`cargo metadata` answered something unexpected ({e})"
            ))
        })?;
        Self::from_metadata(&root, &metadata)
    }

    fn from_metadata(root: &Path, metadata: &serde_json::Value) -> Result<App, Error> {
        let manifest = root.join("Cargo.toml");
        let package = metadata["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["manifest_path"].as_str().map(Path::new) == Some(manifest.as_path()))
            .ok_or_else(|| {
                Error::new(format!(
                    "{} is a workspace without a package of its own; run this in the app's directory",
                    manifest.display()
                ))
            })?;
        let name = package["name"].as_str().unwrap_or_default().to_owned();
        let bins: Vec<&str> = package["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == "bin"))
            })
            .filter_map(|t| t["name"].as_str())
            .collect();
        let bin = match bins.as_slice() {
            [] => {
                return Err(Error::new(format!(
                    "{name} has no binary to run; an app has a src/main.rs"
                )));
            }
            [only] => (*only).to_owned(),
            many => many
                .iter()
                .find(|b| **b == name)
                .map(|b| (*b).to_owned())
                .ok_or_else(|| {
                    Error::new(format!(
                        "{name} has several binaries ({}) and none is named like the package",
                        many.join(", ")
                    ))
                })?,
        };
        let pages = match &package["metadata"]["inertia"]["pages"] {
            serde_json::Value::String(dir) => vec![root.join(dir)],
            serde_json::Value::Array(dirs) => dirs
                .iter()
                .filter_map(|d| d.as_str())
                .map(|d| root.join(d))
                .collect(),
            _ => vec![root.join("frontend/src/Pages")],
        };
        let target_dir = metadata["target_directory"]
            .as_str()
            .map_or_else(|| root.join("target"), PathBuf::from);
        Ok(App {
            root: root.to_path_buf(),
            name,
            bin,
            frontend: root.join("frontend"),
            pages,
            target_dir,
        })
    }

    /// The hot file the Vite plugin writes (its default, `hot` in the Vite root).
    pub(crate) fn hot_file(&self) -> PathBuf {
        self.frontend.join("hot")
    }

    /// Whether the frontend must be built before the server compiles: `embed_assets!` needs
    /// the manifest, and an SSR app's `include_str!` its bundle.
    pub(crate) fn frontend_build_missing(&self) -> bool {
        !self.frontend.join("dist/.vite/manifest.json").is_file()
            || (self.has_ssr_bundle() && !self.frontend.join("ssr/ssr.js").is_file())
    }

    /// Whether the app builds an SSR bundle for the server.
    pub(crate) fn has_ssr_bundle(&self) -> bool {
        ["vite.ssr.config.ts", "vite.ssr.config.js"]
            .iter()
            .any(|f| self.frontend.join(f).is_file())
    }
}

/// The cargo that runs us (`CARGO`, set by cargo for subcommands), or `cargo`.
pub(crate) fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn metadata(
        root: &Path,
        targets: serde_json::Value,
        inertia: serde_json::Value,
    ) -> serde_json::Value {
        json!({ "packages": [{
            "name": "shop",
            "manifest_path": root.join("Cargo.toml"),
            "targets": targets,
            "metadata": { "inertia": inertia },
        }]})
    }

    #[test]
    fn the_binary_and_pages_come_from_the_manifest() {
        let root = Path::new("/apps/shop");
        let bin = |name: &str| json!({ "name": name, "kind": ["bin"] });
        let app = App::from_metadata(
            root,
            &metadata(
                root,
                json!([bin("shop"), bin("tool"), { "name": "shop", "kind": ["lib"] }]),
                json!({ "pages": ["a", "b"] }),
            ),
        )
        .unwrap();
        assert_eq!(app.bin, "shop");
        assert_eq!(app.pages, vec![root.join("a"), root.join("b")]);
        let app =
            App::from_metadata(root, &metadata(root, json!([bin("server")]), json!(null))).unwrap();
        assert_eq!(app.bin, "server");
        assert_eq!(app.pages, vec![root.join("frontend/src/Pages")]);
        let none = App::from_metadata(root, &metadata(root, json!([]), json!(null))).unwrap_err();
        assert!(none.to_string().contains("no binary"), "{none}");
        let ambiguous = App::from_metadata(
            root,
            &metadata(root, json!([bin("a"), bin("b")]), json!(null)),
        )
        .unwrap_err();
        assert!(
            ambiguous.to_string().contains("several binaries (a, b)"),
            "{ambiguous}"
        );
    }

    #[test]
    fn outside_an_app_the_error_says_where_to_run() {
        let dir = std::env::temp_dir().join(format!("cargo-inertia-noapp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let err = App::find(&dir).unwrap_err().to_string();
        assert!(
            err.contains("no app here") && err.contains("cargo inertia new"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
