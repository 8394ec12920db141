//! Paths read at run time, explained in errors: a relative path starts at the process's
//! working directory (unlike the macros' paths, which start at the crate's `Cargo.toml`), so
//! a message names that directory and the absolute path it gave.

use std::path::Path;

/// `` `frontend/hot` (relative to the working directory `/srv`: `/srv/frontend/hot`) `` for a
/// relative path, `` `/srv/frontend/hot` `` for an absolute one.
pub(crate) fn describe(path: &Path) -> String {
    if path.is_absolute() {
        return format!("`{}`", path.display());
    }
    match std::env::current_dir() {
        Ok(cwd) => format!(
            "`{}` (relative to the working directory `{}`: `{}`)",
            path.display(),
            cwd.display(),
            cwd.join(path).display()
        ),
        Err(e) => format!(
            "`{}` (relative to the working directory, which cannot be read: {e})",
            path.display()
        ),
    }
}

/// What to do about a manifest file that cannot be read.
pub(crate) const MANIFEST_FIX: &str = "a relative path starts at the working directory of the \
    process, not at the crate as in `vite_version!`: start the server from the directory the \
    path is relative to, give an absolute path, or carry the manifest in the binary with \
    `vite_manifest!` (or `embed_assets!` with `Vite::embedded`) so no file is read at run \
    time; if the frontend was never built, run `vite build` with `build.manifest: true`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_name_the_working_directory_and_the_result() {
        let cwd = std::env::current_dir().unwrap();
        let text = describe(Path::new("dist/.vite/manifest.json"));
        assert!(text.starts_with("`dist/.vite/manifest.json` (relative to the working directory"));
        assert!(text.contains(&cwd.display().to_string()), "{text}");
        assert!(
            text.contains(&cwd.join("dist/.vite/manifest.json").display().to_string()),
            "{text}"
        );
        assert_eq!(describe(Path::new("/srv/m.json")), "`/srv/m.json`");
    }
}
