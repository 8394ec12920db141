//! The opt-in render cache ([`Ssr::cache_page`](super::Ssr::cache_page)): rendered pages of
//! the components an app names, keyed by the exact page object.
//!
//! - **The key is the page object's bytes:** component, props (shared ones, the signed-in
//!   user, flash and errors included), url and version. Two visitors share an entry only when
//!   their pages are the same byte for byte, so one user's page is never shown to another;
//!   what is left to the app is to name only components whose markup follows from their page
//!   object alone (no clock, no randomness while rendering).
//! - **Bounded in bytes** (keys and rendered markup counted); the oldest entry goes first. A
//!   page larger than the whole bound is not kept.
//! - **A new version clears it:** entries of the previous build are never hit again, so
//!   they are dropped at once rather than left to age out.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;

use super::Rendered;

/// The cache: which components, how many bytes, and the entries.
#[derive(Debug)]
pub(super) struct RenderCache {
    components: Vec<String>,
    max_bytes: usize,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    /// The version every entry was rendered for.
    version: String,
    map: HashMap<Bytes, Arc<Rendered>>,
    /// Keys, oldest first.
    order: VecDeque<Bytes>,
    bytes: usize,
}

fn size(key: &Bytes, rendered: &Rendered) -> usize {
    key.len() + rendered.body.len() + rendered.head.iter().map(String::len).sum::<usize>()
}

impl RenderCache {
    pub(super) fn new(components: Vec<String>, max_bytes: usize) -> Self {
        RenderCache {
            components,
            max_bytes,
            inner: Mutex::new(Entries::default()),
        }
    }

    /// Whether pages of `component` are cached.
    pub(super) fn covers(&self, component: &str) -> bool {
        self.components.iter().any(|c| c == component)
    }

    /// The rendered page for `page` of `version`, if kept.
    pub(super) fn get(&self, version: &str, page: &Bytes) -> Option<Rendered> {
        let found = {
            let entries = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            (entries.version == version)
                .then(|| entries.map.get(page).cloned())
                .flatten()
        };
        // Copied outside the lock.
        found.map(|rendered| Rendered::clone(&rendered))
    }

    /// Keeps `rendered` for `page`, dropping the oldest entries past the bound, or every
    /// entry if `version` is new.
    pub(super) fn put(&self, version: &str, page: Bytes, rendered: &Rendered) {
        let cost = size(&page, rendered);
        if cost > self.max_bytes {
            return;
        }
        let mut entries = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.version != version {
            *entries = Entries {
                version: version.to_owned(),
                ..Entries::default()
            };
        }
        if entries.map.contains_key(&page) {
            return;
        }
        while entries.bytes + cost > self.max_bytes {
            let Some(oldest) = entries.order.pop_front() else {
                break;
            };
            if let Some(gone) = entries.map.remove(&oldest) {
                entries.bytes -= size(&oldest, &gone);
            }
        }
        entries.bytes += cost;
        entries.order.push_back(page.clone());
        entries.map.insert(page, Arc::new(rendered.clone()));
    }

    /// The bytes kept.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(body: &str) -> Rendered {
        Rendered {
            head: vec!["<title>t</title>".into()],
            body: body.into(),
        }
    }

    fn key(text: &str) -> Bytes {
        Bytes::copy_from_slice(text.as_bytes())
    }

    #[test]
    fn hits_need_the_same_page_bytes_and_version() {
        let cache = RenderCache::new(vec!["About".into()], 1 << 20);
        assert!(cache.covers("About") && !cache.covers("Dashboard"));
        assert!(cache.get("v1", &key("{\"a\":1}")).is_none());
        cache.put("v1", key("{\"a\":1}"), &rendered("one"));
        assert_eq!(cache.get("v1", &key("{\"a\":1}")).unwrap().body, "one");
        assert!(cache.get("v1", &key("{\"a\":2}")).is_none(), "other props");
        assert!(
            cache.get("v2", &key("{\"a\":1}")).is_none(),
            "another version"
        );
    }

    #[test]
    fn a_new_version_clears_every_entry() {
        let cache = RenderCache::new(vec!["About".into()], 1 << 20);
        cache.put("v1", key("a"), &rendered("one"));
        cache.put("v2", key("b"), &rendered("two"));
        assert!(cache.get("v1", &key("a")).is_none());
        assert_eq!(cache.get("v2", &key("b")).unwrap().body, "two");
        assert_eq!(cache.bytes(), 1 + 3 + 16, "only v2's entry is counted");
    }

    #[test]
    fn the_bound_drops_the_oldest_and_refuses_the_too_large() {
        let each = 1 + 100 + 16;
        let cache = RenderCache::new(vec!["About".into()], 2 * each);
        let body = "x".repeat(100);
        for k in ["a", "b", "c"] {
            cache.put("v", key(k), &rendered(&body));
        }
        assert!(cache.get("v", &key("a")).is_none(), "the oldest went");
        assert!(cache.get("v", &key("b")).is_some() && cache.get("v", &key("c")).is_some());
        assert_eq!(cache.bytes(), 2 * each);
        cache.put("v", key("huge"), &rendered(&"x".repeat(3 * each)));
        assert!(
            cache.get("v", &key("huge")).is_none(),
            "larger than the bound: not kept"
        );
        assert!(
            cache.get("v", &key("c")).is_some(),
            "and nothing dropped for it"
        );
    }
}
