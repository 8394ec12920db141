//! Which assets the client should be running: a built version, or a Vite dev server.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// How often the hot file is looked at again. Starting or stopping `vite` is noticed within
/// this time; in between, requests read a cached answer (no file system access).
pub(crate) const HOT_FILE_RECHECK: Duration = Duration::from_millis(250);

/// The assets in force for one request, decided once by the layer (before the version
/// check) and carried to rendering, so the version checked is the version written even when
/// the hot file changes in between. Cloning costs a reference count.
#[derive(Debug, Clone)]
pub(crate) enum Current {
    /// Built assets with this version.
    Build(Arc<str>),
    /// A Vite dev server at this URL (which is also the version).
    Dev(Arc<str>),
}

impl Current {
    /// The value of the page object's `version` and of the version check.
    pub(crate) fn version(&self) -> &str {
        match self {
            Current::Build(v) => v,
            Current::Dev(url) => url,
        }
    }

    /// The Vite dev server's URL, when one is running.
    pub(crate) fn dev_url(&self) -> Option<&str> {
        match self {
            Current::Build(_) => None,
            Current::Dev(url) => Some(url),
        }
    }
}

/// Where the development server is announced.
#[derive(Debug)]
pub(crate) enum DevServer {
    /// Always this URL.
    Url(Arc<str>),
    /// Whatever URL a hot file holds while it exists (Laravel's `public/hot` convention,
    /// written by the Vite plugin when `vite` starts and removed when it stops).
    HotFile(HotFile),
}

impl DevServer {
    pub(crate) fn url(&self) -> Option<Arc<str>> {
        match self {
            DevServer::Url(url) => Some(url.clone()),
            DevServer::HotFile(hot) => hot.url(),
        }
    }
}

/// A hot file, read at most once per [`HOT_FILE_RECHECK`].
#[derive(Debug)]
pub(crate) struct HotFile {
    path: PathBuf,
    state: RwLock<HotState>,
}

#[derive(Debug)]
struct HotState {
    checked_at: Option<Instant>,
    url: Option<Arc<str>>,
}

impl HotFile {
    pub(crate) fn new(path: PathBuf) -> Self {
        HotFile {
            path,
            state: RwLock::new(HotState {
                checked_at: None,
                url: None,
            }),
        }
    }

    /// The dev server URL if the hot file exists (and is not empty).
    pub(crate) fn url(&self) -> Option<Arc<str>> {
        self.url_at(Instant::now())
    }

    /// [`url`](Self::url) as seen at `now` (the tests give the clock).
    fn url_at(&self, now: Instant) -> Option<Arc<str>> {
        {
            let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(at) = state.checked_at
                && now.duration_since(at) < HOT_FILE_RECHECK
            {
                return state.url.clone();
            }
        }
        let url = read_hot_file(&self.path);
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        if state.url.as_deref() != url.as_deref() {
            match &url {
                Some(url) => {
                    tracing::info!(hot_file = %self.path.display(), %url, "Vite dev server detected: serving assets from it")
                }
                None if state.checked_at.is_some() => {
                    tracing::info!(hot_file = %self.path.display(), "Vite dev server gone: serving built assets")
                }
                None => {}
            }
            state.url = url.map(Arc::from);
        }
        state.checked_at = Some(now);
        state.url.clone()
    }
}

/// Reads the URL in a hot file; `None` when it does not exist or holds nothing usable.
pub(crate) fn read_hot_file(path: &Path) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let url = text.trim().trim_end_matches('/');
            if url.is_empty() {
                tracing::warn!(hot_file = %path.display(), "hot file is empty; ignoring it");
                None
            } else {
                Some(url.to_owned())
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            tracing::warn!(hot_file = %path.display(), error = %e, "cannot read hot file; ignoring it");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_file_appears_changes_and_disappears() {
        let dir = std::env::temp_dir().join(format!("inertia-hot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("hot");
        let _ = std::fs::remove_file(&path);
        let hot = HotFile::new(path.clone());
        // The clock is the test's: nothing depends on how fast this machine runs.
        let start = Instant::now();
        let later = |n: u32| start + (HOT_FILE_RECHECK + Duration::from_millis(1)) * n;
        assert_eq!(hot.url_at(start), None);

        std::fs::write(&path, "http://localhost:5173/\n").unwrap();
        // Cached until the recheck interval passes.
        assert_eq!(
            hot.url_at(start + HOT_FILE_RECHECK - Duration::from_millis(1)),
            None
        );
        assert_eq!(
            hot.url_at(later(1)).as_deref(),
            Some("http://localhost:5173")
        );

        std::fs::write(&path, "http://[::1]:5174").unwrap();
        assert_eq!(hot.url_at(later(2)).as_deref(), Some("http://[::1]:5174"));

        std::fs::remove_file(&path).unwrap();
        assert_eq!(hot.url_at(later(3)), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn empty_hot_file_is_ignored() {
        let path = std::env::temp_dir().join(format!("inertia-hot-empty-{}", std::process::id()));
        std::fs::write(&path, "  \n").unwrap();
        assert_eq!(read_hot_file(&path), None);
        std::fs::remove_file(&path).unwrap();
    }
}
