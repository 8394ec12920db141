//! The build history beside a build: `dist/.vite/history.json`, which the Vite plugin
//! (`vite-plugin-inertia-axum`) writes after each client build. It lists the earlier builds the
//! plugin keeps, each with its Vite manifest and the fingerprinted files it copied into `dist/`
//! for them, so that a server of the new build still serves what tabs of an old one load next.
//!
//! ```
//! use inertia_vite::history::History;
//!
//! let json = br#"{"format": 1, "builds": [{
//!     "builtAt": "2026-12-01T10:00:00.000Z",
//!     "files": ["assets/main-OLD.js", "assets/Contacts-OLD.js"],
//!     "manifest": {"src/main.ts": {"file": "assets/main-OLD.js", "isEntry": true}}
//! }]}"#;
//! let history = History::parse(json).unwrap();
//! let build = &history.builds()[0];
//! assert_eq!(build.version(), inertia_vite::manifest_version(
//!     br#"{"src/main.ts": {"file": "assets/main-OLD.js", "isEntry": true}}"#).unwrap());
//! assert_eq!(build.files(), ["assets/main-OLD.js", "assets/Contacts-OLD.js"]);
//! ```

use std::fmt;

use serde_json::Value;

use crate::manifest::{self, ManifestError};

/// The earlier builds listed in a `history.json`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    builds: Vec<EarlierBuild>,
}

/// One earlier build: its asset version, when it was built, and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierBuild {
    version: String,
    built_at: String,
    files: Vec<String>,
}

impl EarlierBuild {
    /// The asset version the build had (computed from its manifest as
    /// [`manifest_version`](crate::manifest_version) does).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// When the plugin first recorded it (ISO 8601, UTC).
    pub fn built_at(&self) -> &str {
        &self.built_at
    }

    /// Its fingerprinted files (paths relative to the build directory, `/`-separated).
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

impl History {
    /// Parses a `history.json`.
    ///
    /// # Errors
    ///
    /// [`HistoryError`] when the bytes are not JSON, not the format the plugin writes, or a
    /// build's manifest is not a Vite manifest.
    pub fn parse(bytes: &[u8]) -> Result<Self, HistoryError> {
        let value: Value = serde_json::from_slice(bytes).map_err(HistoryError::Json)?;
        if value.get("format").and_then(Value::as_u64) != Some(1) {
            return Err(HistoryError::Shape(
                "it has no `\"format\": 1` (written by another version of the plugin?)".into(),
            ));
        }
        let Some(Value::Array(builds)) = value.get("builds") else {
            return Err(HistoryError::Shape("it has no `builds` array".into()));
        };
        let mut out = Vec::with_capacity(builds.len());
        for (i, build) in builds.iter().enumerate() {
            let built_at = match build.get("builtAt") {
                Some(Value::String(at)) => at.clone(),
                _ => return Err(HistoryError::Shape(format!("build {i} has no `builtAt`"))),
            };
            let files = match build.get("files") {
                Some(Value::Array(files)) => files
                    .iter()
                    .map(|f| f.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        HistoryError::Shape(format!("build {i} has a file that is not a string"))
                    })?,
                _ => return Err(HistoryError::Shape(format!("build {i} has no `files`"))),
            };
            let Some(manifest_value) = build.get("manifest") else {
                return Err(HistoryError::Shape(format!("build {i} has no `manifest`")));
            };
            manifest::validate(manifest_value).map_err(|e| HistoryError::Manifest(i, e))?;
            let version = crate::version_of_canonical(&crate::canonical_json(manifest_value));
            out.push(EarlierBuild {
                version,
                built_at,
                files,
            });
        }
        Ok(History { builds: out })
    }

    /// The earlier builds, oldest first.
    pub fn builds(&self) -> &[EarlierBuild] {
        &self.builds
    }
}

/// Why a `history.json` could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum HistoryError {
    /// The bytes are not JSON.
    Json(serde_json::Error),
    /// The JSON is not what the plugin writes.
    Shape(String),
    /// The manifest of the build at this index is not a Vite manifest.
    Manifest(usize, ManifestError),
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryError::Json(e) => write!(f, "not valid JSON: {e}"),
            HistoryError::Shape(why) => write!(f, "not a build history: {why}"),
            HistoryError::Manifest(i, e) => write!(f, "build {i} of the history: {e}"),
        }
    }
}

impl std::error::Error for HistoryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HistoryError::Json(e) => Some(e),
            HistoryError::Manifest(_, e) => Some(e),
            HistoryError::Shape(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_are_those_of_the_manifests_in_any_key_order() {
        let history = History::parse(
            br#"{"format":1,"builds":[{"builtAt":"t","files":[],"manifest":{"b.js":{"isEntry":true,"file":"b-1.js"},"a.js":{"file":"a-1.js"}}}]}"#,
        )
        .unwrap();
        let expected = crate::manifest_version(
            br#"{"a.js":{"file":"a-1.js"},"b.js":{"file":"b-1.js","isEntry":true}}"#,
        )
        .unwrap();
        assert_eq!(history.builds()[0].version(), expected);
        assert_eq!(history.builds()[0].built_at(), "t");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let cases: [(&[u8], &str); 6] = [
            (b"nope", "not valid JSON"),
            (br#"{"builds":[]}"#, "no `\"format\": 1`"),
            (br#"{"format":1}"#, "no `builds` array"),
            (
                br#"{"format":1,"builds":[{"files":[],"manifest":{}}]}"#,
                "build 0 has no `builtAt`",
            ),
            (
                br#"{"format":1,"builds":[{"builtAt":"t","files":[1],"manifest":{}}]}"#,
                "a file that is not a string",
            ),
            (
                br#"{"format":1,"builds":[{"builtAt":"t","files":[],"manifest":{}}]}"#,
                "build 0 of the history: not a Vite manifest: it has no entries",
            ),
        ];
        for (bytes, expected) in cases {
            let e = History::parse(bytes).unwrap_err().to_string();
            assert!(e.contains(expected), "{e}");
        }
    }
}
