//! Computing the asset version at startup, for apps that cannot embed it at compile time.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::frontend::paths;

/// Computes the asset version of a Vite manifest file, exactly as
/// [`vite_version!`](crate::vite_version) does at compile time (same algorithm, same result for
/// the same content; see [`inertia_vite::version`]).
///
/// Use it when the frontend is built after the server binary, or shipped separately. A
/// relative `path` is relative to the working directory of the process (the macros' paths
/// start at the crate's `Cargo.toml` instead; [`vite_manifest!`](crate::vite_manifest) carries
/// the manifest in the binary so that no path is read at run time).
///
/// ```no_run
/// use inertia_runtime::{InertiaConfig, version_from_manifest};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let layer = InertiaConfig::new()
///     .version(version_from_manifest("dist/.vite/manifest.json")?)
///     .into_layer()?;
/// # let _ = layer; Ok(()) }
/// ```
///
/// # Errors
///
/// [`VersionError`] when the file cannot be read or is not a Vite manifest; its message names
/// the path and the fix.
pub fn version_from_manifest(path: impl AsRef<Path>) -> Result<String, VersionError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| VersionError {
        path: path.to_owned(),
        kind: VersionErrorKind::Read(source),
    })?;
    inertia_vite::manifest_version(&bytes).map_err(|source| VersionError {
        path: path.to_owned(),
        kind: VersionErrorKind::Manifest(source),
    })
}

/// Why [`version_from_manifest`] failed.
#[derive(Debug)]
pub struct VersionError {
    path: PathBuf,
    kind: VersionErrorKind,
}

#[derive(Debug)]
enum VersionErrorKind {
    Read(std::io::Error),
    Manifest(inertia_vite::ManifestError),
}

impl VersionError {
    /// The manifest path that was given.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            VersionErrorKind::Read(e) => write!(
                f,
                "cannot read the Vite manifest {}: {e}; {}",
                paths::describe(&self.path),
                paths::MANIFEST_FIX
            ),
            VersionErrorKind::Manifest(e) => {
                write!(
                    f,
                    "the Vite manifest {} is {e}",
                    paths::describe(&self.path)
                )
            }
        }
    }
}

impl std::error::Error for VersionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            VersionErrorKind::Read(e) => Some(e),
            VersionErrorKind::Manifest(e) => Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_manifest_names_path_and_fix() {
        let err = version_from_manifest("no/such/manifest.json").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`no/such/manifest.json`"), "{text}");
        assert!(text.contains("vite build"), "{text}");
        assert!(text.contains("build.manifest: true"), "{text}");
        assert_eq!(err.path(), Path::new("no/such/manifest.json"));
    }

    #[test]
    fn invalid_manifest_is_explained() {
        let path = std::env::temp_dir().join(format!("inertia-bad-{}.json", std::process::id()));
        std::fs::write(&path, "[1,2]").unwrap();
        let text = version_from_manifest(&path).unwrap_err().to_string();
        std::fs::remove_file(&path).unwrap();
        assert!(text.contains("not a Vite manifest"), "{text}");
    }
}
