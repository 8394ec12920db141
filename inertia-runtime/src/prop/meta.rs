//! The page-object metadata collected while props are written: merge paths, deferred
//! groups, once props, scroll state, rescued props.

use std::borrow::Cow;

use crate::json::JsonOut;
use crate::prop::scroll::ScrollMeta;

/// How the client combines a prop's new value with the one it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MergeSpec {
    /// Merge at all.
    pub(crate) enabled: bool,
    /// Recursive merge (`deepMergeProps`).
    pub(crate) deep: bool,
    /// Prepend rather than append at the root.
    pub(crate) prepend: bool,
    /// Nested paths to append at (relative to the prop).
    pub(crate) append_at: Vec<Cow<'static, str>>,
    /// Nested paths to prepend at.
    pub(crate) prepend_at: Vec<Cow<'static, str>>,
    /// Match keys, relative to the prop (`"id"`, or `"data.id"` for a nested merge).
    pub(crate) match_on: Vec<Cow<'static, str>>,
}

/// Metadata for the page object, in the order it is written.
#[derive(Debug, Default)]
pub(crate) struct Metadata {
    merge: Vec<String>,
    prepend: Vec<String>,
    deep_merge: Vec<String>,
    match_on: Vec<String>,
    deferred: Vec<(Cow<'static, str>, String)>,
    rescued: Vec<String>,
    scroll: Vec<(String, ScrollMeta, bool)>,
    once: Vec<(String, String, Option<u64>)>,
}

impl Metadata {
    pub(crate) fn merge(&mut self, path: &str, spec: &MergeSpec) {
        if !spec.enabled {
            return;
        }
        if spec.deep {
            self.deep_merge.push(path.to_owned());
        } else if spec.append_at.is_empty() && spec.prepend_at.is_empty() {
            if spec.prepend {
                self.prepend.push(path.to_owned());
            } else {
                self.merge.push(path.to_owned());
            }
        } else {
            for at in &spec.append_at {
                self.merge.push(format!("{path}.{at}"));
            }
            for at in &spec.prepend_at {
                self.prepend.push(format!("{path}.{at}"));
            }
        }
        for key in &spec.match_on {
            self.match_on.push(format!("{path}.{key}"));
        }
    }

    pub(crate) fn deferred(&mut self, group: Cow<'static, str>, path: &str) {
        self.deferred.push((group, path.to_owned()));
    }

    pub(crate) fn rescued(&mut self, path: &str) {
        self.rescued.push(path.to_owned());
    }

    pub(crate) fn scroll(&mut self, path: &str, meta: ScrollMeta, reset: bool) {
        self.scroll.push((path.to_owned(), meta, reset));
    }

    pub(crate) fn once(&mut self, key: &str, path: &str, expires_at: Option<u64>) {
        // One entry per key: a later prop with the same key wins, as in a PHP array.
        self.once.retain(|(k, _, _)| k != key);
        self.once
            .push((key.to_owned(), path.to_owned(), expires_at));
    }

    /// Writes `,"mergeProps":[…]` … for every non-empty list, in Laravel's order (after
    /// `sharedProps`, which the caller writes).
    pub(crate) fn write(&self, out: &mut JsonOut) {
        write_list(out, "mergeProps", &self.merge);
        write_list(out, "prependProps", &self.prepend);
        write_list(out, "deepMergeProps", &self.deep_merge);
        write_list(out, "matchPropsOn", &self.match_on);
        if !self.deferred.is_empty() {
            out.raw(b",");
            out.key("deferredProps");
            out.raw(b"{");
            // Groups in the order they first appear, each with its paths in order.
            let mut groups: Vec<&str> = Vec::new();
            for (group, _) in &self.deferred {
                if !groups.contains(&group.as_ref()) {
                    groups.push(group);
                }
            }
            for (i, group) in groups.iter().enumerate() {
                if i > 0 {
                    out.raw(b",");
                }
                out.key(group);
                out.raw(b"[");
                let paths = self.deferred.iter().filter(|(g, _)| g == group);
                for (j, (_, path)) in paths.enumerate() {
                    if j > 0 {
                        out.raw(b",");
                    }
                    out.string(path);
                }
                out.raw(b"]");
            }
            out.raw(b"}");
        }
        write_list(out, "rescuedProps", &self.rescued);
        if !self.scroll.is_empty() {
            out.raw(b",");
            out.key("scrollProps");
            out.raw(b"{");
            for (i, (path, meta, reset)) in self.scroll.iter().enumerate() {
                if i > 0 {
                    out.raw(b",");
                }
                out.key(path);
                meta.write(out, *reset);
            }
            out.raw(b"}");
        }
        if !self.once.is_empty() {
            out.raw(b",");
            out.key("onceProps");
            out.raw(b"{");
            for (i, (key, path, expires_at)) in self.once.iter().enumerate() {
                if i > 0 {
                    out.raw(b",");
                }
                out.key(key);
                out.raw(b"{");
                out.key("prop");
                out.string(path);
                out.raw(b",");
                out.key("expiresAt");
                match expires_at {
                    Some(ms) => {
                        let _ = out.value(ms);
                    }
                    None => out.raw(b"null"),
                }
                out.raw(b"}");
            }
            out.raw(b"}");
        }
    }
}

/// `,"name":["a","b"]` unless `items` is empty.
pub(crate) fn write_list<S: AsRef<str>>(out: &mut JsonOut, name: &str, items: &[S]) {
    if items.is_empty() {
        return;
    }
    out.raw(b",");
    out.key(name);
    out.raw(b"[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.raw(b",");
        }
        out.string(item.as_ref());
    }
    out.raw(b"]");
}
