//! What an Inertia request asks of the props: the partial-reload headers, parsed without
//! allocating, and the path rules of the protocol.

use http::HeaderValue;

use crate::wire::scan::RequestHeaders;

/// Longest comma list honoured. A longer `X-Inertia-Partial-Data` and friends is ignored (as
/// if absent): every prop is checked against every entry, so this bounds that work.
pub(crate) const MAX_LIST_LEN: usize = 8 * 1024;

/// The request headers that say what the props of the page hold: the partial-reload lists,
/// the error bag, resets, props the client holds once, the merge intent. Cloned from the
/// request (a reference count, no copy).
#[derive(Debug, Clone, Default)]
pub(crate) struct PropsHeaders {
    pub(crate) component: Option<HeaderValue>,
    pub(crate) only: Option<HeaderValue>,
    pub(crate) except: Option<HeaderValue>,
    pub(crate) reset: Option<HeaderValue>,
    pub(crate) error_bag: Option<HeaderValue>,
    pub(crate) except_once: Option<HeaderValue>,
    pub(crate) merge_intent: Option<HeaderValue>,
}

impl PropsHeaders {
    /// A request with none of the headers (most requests).
    pub(crate) const NONE: PropsHeaders = PropsHeaders {
        component: None,
        only: None,
        except: None,
        reset: None,
        error_bag: None,
        except_once: None,
        merge_intent: None,
    };

    /// The headers of a request, boxed, or `None` when it has none of them: the request
    /// extractor stays small (it is moved several times per request) for the usual visit.
    pub(crate) fn boxed_from_scan(headers: &RequestHeaders<'_>) -> Option<Box<Self>> {
        let any = [
            headers.partial_component,
            headers.partial_data,
            headers.partial_except,
            headers.reset,
            headers.error_bag,
            headers.except_once_props,
            headers.merge_intent,
        ]
        .iter()
        .any(Option::is_some);
        any.then(|| Box::new(Self::from_scan(headers)))
    }

    pub(crate) fn from_scan(headers: &RequestHeaders<'_>) -> Self {
        PropsHeaders {
            component: headers.partial_component.cloned(),
            only: headers.partial_data.cloned(),
            except: headers.partial_except.cloned(),
            reset: headers.reset.cloned(),
            error_bag: headers.error_bag.cloned(),
            except_once: headers.except_once_props.cloned(),
            merge_intent: headers.merge_intent.cloned(),
        }
    }
}

/// A comma-separated list from a header: entries trimmed, empty entries dropped. Non-UTF-8 or
/// over-long values count as absent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct List<'a>(Option<&'a str>);

impl<'a> List<'a> {
    pub(crate) fn parse(value: Option<&'a HeaderValue>) -> Self {
        let text = value
            .filter(|v| v.len() <= MAX_LIST_LEN)
            .and_then(|v| v.to_str().ok())
            .filter(|t| t.split(',').any(|e| !e.trim().is_empty()));
        List(text)
    }

    /// Whether the header was sent with at least one entry.
    pub(crate) fn is_set(self) -> bool {
        self.0.is_some()
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = &'a str> {
        self.0
            .into_iter()
            .flat_map(|t| t.split(','))
            .map(str::trim)
            .filter(|e| !e.is_empty())
    }

    pub(crate) fn contains(self, entry: &str) -> bool {
        self.iter().any(|e| e == entry)
    }
}

/// Whether `path` is `entry` or lies below it (`auth.user` is below `auth`).
pub(crate) fn is_at_or_below(path: &str, entry: &str) -> bool {
    path.strip_prefix(entry)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// Whether `path` lies strictly above `entry` (`auth` is above `auth.user`).
pub(crate) fn is_above(path: &str, entry: &str) -> bool {
    entry
        .strip_prefix(path)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// The parsed view of one request's partial-reload headers for one component.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Partial<'a> {
    /// An Inertia visit (JSON), as opposed to a first visit (HTML).
    pub(crate) is_inertia: bool,
    /// `X-Inertia-Partial-Component` equals the component being rendered.
    pub(crate) is_partial: bool,
    pub(crate) only: List<'a>,
    pub(crate) except: List<'a>,
    pub(crate) reset: List<'a>,
    pub(crate) loaded_once: List<'a>,
    pub(crate) prepend_intent: bool,
    pub(crate) error_bag: Option<&'a str>,
}

impl<'a> Partial<'a> {
    pub(crate) fn new(headers: &'a PropsHeaders, component: &str, is_inertia: bool) -> Self {
        // Only an Inertia visit for this very component is partial; a partial reload that a
        // redirect turned into another page gets the whole page.
        let is_partial = is_inertia
            && headers
                .component
                .as_ref()
                .is_some_and(|c| c.as_bytes() == component.as_bytes());
        let list = |v: &'a Option<HeaderValue>| {
            if is_partial {
                List::parse(v.as_ref())
            } else {
                List::default()
            }
        };
        Partial {
            is_inertia,
            is_partial,
            only: list(&headers.only),
            except: list(&headers.except),
            // As in Laravel, read on any request; the once exclusion itself needs an Inertia
            // visit (`Prop` checks), so a first visit always gets once-props.
            reset: List::parse(headers.reset.as_ref()),
            loaded_once: List::parse(headers.except_once.as_ref()),
            prepend_intent: is_inertia
                && headers
                    .merge_intent
                    .as_ref()
                    .is_some_and(|v| v.as_bytes().trim_ascii().eq_ignore_ascii_case(b"prepend")),
            error_bag: crate::wire::headers::error_bag(headers.error_bag.as_ref()),
        }
    }

    /// A first visit or a full Inertia visit: everything but optional and deferred props.
    #[cfg(test)]
    pub(crate) fn full() -> Self {
        Partial {
            is_inertia: false,
            is_partial: false,
            only: List::default(),
            except: List::default(),
            reset: List::default(),
            loaded_once: List::default(),
            prepend_intent: false,
            error_bag: None,
        }
    }

    /// Whether a prop at `path` survives the partial filter: asked for (or above or below
    /// something asked for), and not excepted. Always-props and children of resolved values
    /// skip this check.
    pub(crate) fn path_matches(&self, path: &str) -> bool {
        if self.only.is_set()
            && !self
                .only
                .iter()
                .any(|o| is_at_or_below(path, o) || is_above(path, o))
        {
            return false;
        }
        !self.except.iter().any(|e| is_at_or_below(path, e))
    }

    /// Whether a prop at `path` contributes metadata on a partial reload: asked for (or below
    /// something asked for; not merely above), and not excepted.
    pub(crate) fn metadata_included(&self, path: &str) -> bool {
        if !self.is_partial {
            return true;
        }
        if self.only.is_set() && !self.only.iter().any(|o| is_at_or_below(path, o)) {
            return false;
        }
        !self.except.iter().any(|e| is_at_or_below(path, e))
    }

    /// Whether the plain value at `path` must be written with its children filtered, because
    /// an `only` entry reaches below it without covering it, or an `except` entry lies below.
    pub(crate) fn filters_below(&self, path: &str) -> bool {
        if !self.is_partial {
            return false;
        }
        let only_below = self.only.is_set()
            && !self.only.iter().any(|o| is_at_or_below(path, o))
            && self.only.iter().any(|o| is_above(path, o));
        only_below || self.except.iter().any(|e| is_above(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;

    fn headers(pairs: &[(&str, &[u8])]) -> PropsHeaders {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        PropsHeaders::from_scan(&crate::wire::scan::RequestHeaders::scan(&map))
    }

    #[test]
    fn lists_are_trimmed_and_empty_entries_dropped() {
        let v = HeaderValue::from_static(" a, ,b.c ,,  ");
        let l = List::parse(Some(&v));
        assert_eq!(l.iter().collect::<Vec<_>>(), ["a", "b.c"]);
        assert!(l.contains("b.c") && !l.contains("b"));
        for empty in ["", ",", " , ,"] {
            let v = HeaderValue::from_str(empty).unwrap();
            assert!(!List::parse(Some(&v)).is_set(), "{empty:?}");
        }
        assert!(!List::parse(None).is_set());
    }

    #[test]
    fn non_utf8_and_overlong_lists_count_as_absent() {
        let v = HeaderValue::from_bytes(b"a,\xff").unwrap();
        assert!(!List::parse(Some(&v)).is_set());
        let long = HeaderValue::from_str(&"a,".repeat(MAX_LIST_LEN)).unwrap();
        assert!(!List::parse(Some(&long)).is_set());
        let ok = HeaderValue::from_str(&"a,".repeat(MAX_LIST_LEN / 2)).unwrap();
        assert!(List::parse(Some(&ok)).is_set());
    }

    #[test]
    fn path_relations() {
        assert!(is_at_or_below("auth", "auth"));
        assert!(is_at_or_below("auth.user", "auth"));
        assert!(!is_at_or_below("authx", "auth"));
        assert!(!is_at_or_below("auth", "auth.user"));
        assert!(is_above("auth", "auth.user"));
        assert!(!is_above("auth", "auth"));
        assert!(!is_above("auth", "authx.user"));
    }

    #[test]
    fn partial_only_for_the_rendered_component() {
        let h = headers(&[
            ("x-inertia-partial-component", b"Users"),
            ("x-inertia-partial-data", b"a"),
        ]);
        assert!(Partial::new(&h, "Users", true).is_partial);
        assert!(
            !Partial::new(&h, "users", true).is_partial,
            "case-sensitive"
        );
        assert!(!Partial::new(&h, "Login", true).is_partial);
        assert!(
            !Partial::new(&h, "Users", false).is_partial,
            "first visits are never partial"
        );
        let other = Partial::new(&h, "Login", true);
        assert!(
            !other.only.is_set(),
            "partial headers are ignored for another component"
        );
    }

    #[test]
    fn only_except_and_ancestors() {
        let h = headers(&[
            ("x-inertia-partial-component", b"P"),
            ("x-inertia-partial-data", b"auth.user,posts"),
            ("x-inertia-partial-except", b"posts.draft"),
        ]);
        let p = Partial::new(&h, "P", true);
        assert!(p.path_matches("auth"), "ancestor of a requested path");
        assert!(p.path_matches("auth.user"));
        assert!(p.path_matches("auth.user.name"), "descendant");
        assert!(!p.path_matches("auth.token"));
        assert!(p.path_matches("posts"));
        assert!(!p.path_matches("posts.draft"), "except wins");
        assert!(!p.path_matches("stats"));
        assert!(
            !p.metadata_included("auth"),
            "no metadata for mere ancestors"
        );
        assert!(p.metadata_included("auth.user"));
        assert!(p.filters_below("auth"));
        assert!(p.filters_below("posts"), "an except entry below");
        assert!(!p.filters_below("auth.user"));
    }

    #[test]
    fn except_only_partial_keeps_everything_else() {
        let h = headers(&[
            ("x-inertia-partial-component", b"P"),
            ("x-inertia-partial-except", b"a"),
        ]);
        let p = Partial::new(&h, "P", true);
        assert!(!p.only.is_set());
        assert!(p.path_matches("b") && !p.path_matches("a") && !p.path_matches("a.x"));
    }

    #[test]
    fn merge_intent_reset_once_and_bag() {
        let h = headers(&[
            ("x-inertia-infinite-scroll-merge-intent", b" Prepend "),
            ("x-inertia-reset", b"feed"),
            ("x-inertia-except-once-props", b"plans, countries"),
            ("x-inertia-error-bag", b" createUser "),
        ]);
        let p = Partial::new(&h, "P", true);
        assert!(p.prepend_intent);
        assert!(p.reset.contains("feed"));
        assert!(p.loaded_once.contains("countries"));
        assert_eq!(p.error_bag, Some("createUser"));
        let first_visit = Partial::new(&h, "P", false);
        assert!(!first_visit.is_inertia && first_visit.loaded_once.is_set());
    }
}
