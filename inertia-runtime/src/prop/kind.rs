//! [`Prop<T>`]: one prop with a kind (lazy, optional, deferred, always) and behaviours
//! (merge, once, scroll, rescue).

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::meta::MergeSpec;
use super::scroll::{ScrollData, ScrollMeta};
use super::{Field, PropValue, PropsError};

/// The error a lazy prop's future may return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

type LazyFuture<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

/// What a lazy prop's future may produce: the value, or `Result<value, E>`.
pub trait PropOutput<T>: Send {
    /// The value or the error.
    fn into_result(self) -> Result<T, BoxError>;
}

impl<T: Send> PropOutput<T> for T {
    fn into_result(self) -> Result<T, BoxError> {
        Ok(self)
    }
}

impl<T: Send, E: Into<BoxError> + Send> PropOutput<T> for Result<T, E> {
    fn into_result(self) -> Result<T, BoxError> {
        self.map_err(Into::into)
    }
}

/// When a prop is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// Whenever it passes the partial-reload filter.
    Default,
    /// Only when a partial reload asks for it.
    Optional,
    /// Left out of the first load; the client fetches its group right after.
    Deferred,
    /// Always, even when a partial reload did not ask for it.
    Always,
}

#[derive(Debug, Clone)]
struct Once {
    key: Option<Cow<'static, str>>,
    expires: Option<Expiry>,
    fresh: bool,
}

#[derive(Debug, Clone, Copy)]
enum Expiry {
    After(Duration),
    At(SystemTime),
}

impl Expiry {
    fn epoch_millis(self) -> u64 {
        let at = match self {
            Expiry::After(d) => SystemTime::now() + d,
            Expiry::At(t) => t,
        };
        at.duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

struct Scroll<T> {
    meta: fn(&T) -> ScrollMeta,
    wrapper: &'static str,
}

/// One prop with a kind and behaviours. Build it with the functions of [`crate::prop`] and
/// refine it with the methods here; use it as a field of a `#[derive(Props)]` struct.
///
/// ```
/// use inertia_runtime::{Props, prop::{self, Prop}};
///
/// #[derive(Props)]
/// struct Feed {
///     posts: Prop<Vec<String>>,
/// }
///
/// let feed = Feed {
///     posts: prop::defer(async { vec!["hello".to_owned()] })
///         .group("feed")
///         .merge()
///         .match_on("id"),
/// };
/// # let _ = feed;
/// ```
pub struct Prop<T> {
    value: Value<T>,
    how: How<T>,
}

/// Everything about a prop but its value. The behaviours most props never use live behind
/// one optional box, so that a plain `Prop` stays small: props travel inside the handler's
/// future, which is moved several times per request.
struct How<T> {
    when: When,
    rescue: bool,
    extra: Option<Box<Extra<T>>>,
}

/// The behaviours set by the modifiers of [`Prop`] (group, merging, once, scroll).
struct Extra<T> {
    group: Cow<'static, str>,
    merge: MergeSpec,
    once: Option<Once>,
    scroll: Option<Scroll<T>>,
}

enum Value<T> {
    Ready(T),
    Lazy(LazyFuture<T>),
}

impl<T> fmt::Debug for Prop<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = &self.how;
        let extra = how.extra.as_deref();
        f.debug_struct("Prop")
            .field("lazy", &matches!(self.value, Value::Lazy(_)))
            .field("kind", &how.when)
            .field("group", &how.group())
            .field("rescue", &how.rescue)
            .field("merge", &extra.map(|e| &e.merge))
            .field("once", &extra.and_then(|e| e.once.as_ref()))
            .field(
                "scroll",
                &extra.and_then(|e| e.scroll.as_ref()).map(|s| s.wrapper),
            )
            .finish()
    }
}

impl<T> Prop<T> {
    fn new(value: Value<T>, when: When) -> Self {
        Prop {
            value,
            how: How {
                when,
                rescue: false,
                extra: None,
            },
        }
    }

    pub(crate) fn ready(value: T, kind_always: bool) -> Self {
        Prop::new(
            Value::Ready(value),
            if kind_always {
                When::Always
            } else {
                When::Default
            },
        )
    }

    pub(crate) fn from_future<F, O>(future: F, kind: LazyKind) -> Self
    where
        F: Future<Output = O> + Send + 'static,
        O: PropOutput<T> + 'static,
    {
        let kind = match kind {
            LazyKind::Lazy => When::Default,
            LazyKind::Optional => When::Optional,
            LazyKind::Deferred => When::Deferred,
        };
        Prop::new(
            Value::Lazy(Box::pin(async move { future.await.into_result() })),
            kind,
        )
    }

    /// Sends the prop on every response, even partial reloads that did not ask for it (and
    /// that listed it in `except`).
    pub fn always(mut self) -> Self {
        self.how.when = When::Always;
        self
    }

    /// The deferred group: the client loads each group with one request (`"default"` unless
    /// set). Only meaningful for [`defer`](crate::prop::defer).
    pub fn group(mut self, group: impl Into<Cow<'static, str>>) -> Self {
        self.how.extra().group = group.into();
        self
    }

    /// If the lazy value fails, leave the prop out and list it in `rescuedProps` instead of
    /// failing the response (for deferred props, so one slow widget cannot break a page).
    pub fn rescue(mut self) -> Self {
        self.how.rescue = true;
        self
    }

    /// On partial reloads, the client appends the new array items (or merges the new object
    /// keys) to the value it holds, instead of replacing it (`mergeProps`).
    pub fn merge(mut self) -> Self {
        self.how.extra().merge.enabled = true;
        self
    }

    /// Like [`merge`](Self::merge), but new items go first (`prependProps`).
    pub fn prepend(mut self) -> Self {
        let merge = &mut self.how.extra().merge;
        merge.enabled = true;
        merge.prepend = true;
        self
    }

    /// The client merges the new value into the old one recursively (`deepMergeProps`).
    pub fn deep_merge(mut self) -> Self {
        let merge = &mut self.how.extra().merge;
        merge.enabled = true;
        merge.deep = true;
        self
    }

    /// Merged array items with the same `key` field replace each other instead of repeating
    /// (`matchPropsOn`). `key` is relative to the prop: `"id"` for items at its root,
    /// `"data.id"` for items under [`append_at("data")`](Self::append_at). Implies
    /// [`merge`](Self::merge) (or keeps [`prepend`](Self::prepend)).
    ///
    /// ```
    /// use inertia_runtime::prop;
    /// # let (users, page) = (Vec::<u32>::new(), serde_json::json!({ "data": [] }));
    /// let users = prop::value(users).merge().match_on("id");
    /// let page = prop::value(page).append_at("data").match_on("data.id");
    /// # let _ = (users, page);
    /// ```
    pub fn match_on(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        let merge = &mut self.how.extra().merge;
        merge.enabled = true;
        merge.match_on.push(key.into());
        self
    }

    /// Appends at a nested path of the value (e.g. `"data"` of a paginated object) rather than
    /// at its root (Laravel's `->append('data')`). Chain [`match_on`](Self::match_on) with the
    /// full relative path (`"data.id"`) to match items.
    pub fn append_at(mut self, path: impl Into<Cow<'static, str>>) -> Self {
        let merge = &mut self.how.extra().merge;
        merge.enabled = true;
        merge.append_at.push(path.into());
        self
    }

    /// Prepends at a nested path of the value; see [`append_at`](Self::append_at).
    pub fn prepend_at(mut self, path: impl Into<Cow<'static, str>>) -> Self {
        let merge = &mut self.how.extra().merge;
        merge.enabled = true;
        merge.prepend_at.push(path.into());
        self
    }

    /// Sends the value once: the client keeps it, and later visits that announce they have
    /// it (`X-Inertia-Except-Once-Props`) skip it, even on other pages that use the same key.
    pub fn once(mut self) -> Self {
        self.how.extra().once.get_or_insert(Once {
            key: None,
            expires: None,
            fresh: false,
        });
        self
    }

    /// A once-prop under a custom key (shared by pages that name their prop differently).
    pub fn once_as(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self = self.once();
        if let Some(o) = self.how.extra().once.as_mut() {
            o.key = Some(key.into());
        }
        self
    }

    /// A once-prop that the client re-fetches after `ttl`.
    pub fn until(mut self, ttl: Duration) -> Self {
        self = self.once();
        if let Some(o) = self.how.extra().once.as_mut() {
            o.expires = Some(Expiry::After(ttl));
        }
        self
    }

    /// A once-prop that the client re-fetches after `at`.
    pub fn until_time(mut self, at: SystemTime) -> Self {
        self = self.once();
        if let Some(o) = self.how.extra().once.as_mut() {
            o.expires = Some(Expiry::At(at));
        }
        self
    }

    /// Sends a once-prop this time even if the client has it (e.g. after it changed).
    pub fn fresh(mut self, fresh: bool) -> Self {
        self = self.once();
        if let Some(o) = self.how.extra().once.as_mut() {
            o.fresh = fresh;
        }
        self
    }
}

impl<T: ScrollData> Prop<T> {
    /// An infinite-scroll prop: the client's `<InfiniteScroll>` appends (or, when loading
    /// backwards, prepends) the items under `T::WRAPPER`, and the page carries the pagination
    /// state in `scrollProps`. Resets when the reload names the prop in `X-Inertia-Reset`.
    /// On a value (`prop::value(page).scroll()`) or a lazy or deferred one.
    pub fn scroll(mut self) -> Self {
        self.how.extra().scroll = Some(Scroll {
            meta: T::scroll_meta,
            wrapper: T::WRAPPER,
        });
        self
    }
}

/// The lazy kinds, for the constructors in [`crate::prop`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum LazyKind {
    Lazy,
    Optional,
    Deferred,
}

impl<T> How<T> {
    /// The modifiers' settings, created on first use.
    fn extra(&mut self) -> &mut Extra<T> {
        self.extra.get_or_insert_with(|| {
            Box::new(Extra {
                group: Cow::Borrowed("default"),
                merge: MergeSpec::default(),
                once: None,
                scroll: None,
            })
        })
    }

    /// The deferred group (`"default"` unless set).
    fn group(&self) -> Cow<'static, str> {
        self.extra
            .as_ref()
            .map_or(Cow::Borrowed("default"), |e| e.group.clone())
    }

    fn once(&self) -> Option<&Once> {
        self.extra.as_ref()?.once.as_ref()
    }

    fn scroll(&self) -> Option<&Scroll<T>> {
        self.extra.as_ref()?.scroll.as_ref()
    }

    /// The merge behaviour for this request (a scroll prop merges under its wrapper, in the
    /// direction the client asks for).
    fn merge_spec(extra: &Extra<T>, prepend_intent: bool) -> Cow<'_, MergeSpec> {
        match &extra.scroll {
            None => Cow::Borrowed(&extra.merge),
            Some(scroll) => {
                let mut spec = extra.merge.clone();
                spec.enabled = true;
                let at = Cow::Borrowed(scroll.wrapper);
                if prepend_intent {
                    spec.prepend_at.push(at);
                } else {
                    spec.append_at.push(at);
                }
                Cow::Owned(spec)
            }
        }
    }

    /// Whether the client said it holds this once-prop (and it is not forced fresh).
    fn held_by_client(&self, field: &Field<'_, '_>) -> bool {
        let Some(once) = self.once() else {
            return false;
        };
        !once.fresh
            && field
                .partial()
                .loaded_once
                .contains(once.key.as_deref().unwrap_or(field.path()))
    }

    /// `mergeProps` & co., unless the prop is reset or outside what a partial reload asked for.
    fn collect_merge(&self, field: &mut Field<'_, '_>) {
        let Some(extra) = self.extra.as_deref() else {
            return;
        };
        if !extra.merge.enabled && extra.scroll.is_none() {
            return;
        }
        let partial = field.partial();
        let path = field.path();
        if partial.reset.contains(path) || !partial.metadata_included(path) {
            return;
        }
        let spec = Self::merge_spec(extra, partial.prepend_intent).into_owned();
        let path = path.to_owned();
        field.meta().merge(&path, &spec);
    }

    /// `onceProps`, unless outside what a partial reload asked for.
    fn collect_once(&self, field: &mut Field<'_, '_>) {
        let Some(once) = self.once() else { return };
        let path = field.path().to_owned();
        if !field.partial().metadata_included(&path) {
            return;
        }
        let key = once.key.as_deref().unwrap_or(&path).to_owned();
        let expires = once.expires.map(Expiry::epoch_millis);
        field.meta().once(&key, &path, expires);
    }
}

impl<T: PropValue> PropValue for Prop<T> {
    async fn write_prop(self, mut field: Field<'_, '_>) -> Result<(), PropsError> {
        let Prop { value, how } = self;
        if !field.passes_filter(how.when == When::Always) {
            return Ok(());
        }
        // A first load (or a non-partial visit) leaves out optional and deferred props, and
        // once-props the client already holds, reporting their metadata.
        if !field.partial().is_partial {
            if matches!(how.when, When::Optional | When::Deferred) {
                if how.when == When::Deferred && !how.held_by_client(&field) {
                    let path = field.path().to_owned();
                    field.meta().deferred(how.group(), &path);
                }
                how.collect_merge(&mut field);
                how.collect_once(&mut field);
                return Ok(());
            }
            // Never on a first visit: the HTML page must carry everything.
            if field.partial().is_inertia && how.held_by_client(&field) {
                how.collect_once(&mut field);
                return Ok(());
            }
        }
        let value = match value {
            Value::Ready(value) => value,
            // Only now, for a prop that is sent, does the lazy value run.
            Value::Lazy(future) => match future.await {
                Ok(value) => value,
                Err(e) if how.rescue => {
                    tracing::warn!(prop = field.path(), error = %e, "a rescued prop failed; leaving it out");
                    let path = field.path().to_owned();
                    field.meta().rescued(&path);
                    return Ok(());
                }
                Err(e) => return Err(PropsError::resolver(field.path(), e)),
            },
        };
        how.collect_merge(&mut field);
        if let Some(scroll) = how.scroll() {
            let path = field.path().to_owned();
            let reset = field.partial().reset.contains(&path);
            let meta = (scroll.meta)(&value);
            field.meta().scroll(&path, meta, reset);
        }
        how.collect_once(&mut field);
        // The value was produced by the prop: its children are not filtered again.
        value.write_prop(field.resolved()).await
    }
}

/// An array whose items are props themselves (structs with `#[derive(Props)]`, or [`Prop`]s):
/// each item is written at `<path>.<index>`, so kinds inside items apply (an optional field of
/// every row, left out until a partial reload asks for the list). Build it with
/// [`list`](crate::prop::list).
#[derive(Debug)]
pub struct PropList<T>(pub(crate) Vec<T>);

impl<T: PropValue> PropValue for PropList<T> {
    async fn write_prop(self, field: Field<'_, '_>) -> Result<(), PropsError> {
        if !field.passes_filter(false) {
            return Ok(());
        }
        field.write_array(self.0).await
    }
}
