//! Prop kinds: build the fields of a `#[derive(Props)]` struct. A constructor says how the
//! value is obtained; methods on [`Prop`] say how it behaves (one way each).
//!
//! | constructor | first visit / full reload | partial reload | metadata |
//! |---|---|---|---|
//! | plain field (no `Prop`) | sent | sent if asked for | — |
//! | [`value`] | sent | sent if asked for | — |
//! | [`lazy`] | future runs, sent | runs and is sent only if asked for | — |
//! | [`optional`] | left out, never runs | runs if asked for | — |
//! | [`defer`] | left out, never runs | runs if asked for | `deferredProps` (by [`group`](Prop::group)) |
//! | [`list`] of `#[derive(Props)]` rows | each row's fields by their kinds | each row's fields by their kinds | paths `list.0.field` |
//!
//! | method | effect | metadata |
//! |---|---|---|
//! | [`.always()`](Prop::always) | sent on every response, even partial reloads that did not ask for it | — |
//! | [`.merge()`](Prop::merge), [`.prepend()`](Prop::prepend), [`.deep_merge()`](Prop::deep_merge), [`.match_on()`](Prop::match_on), [`.append_at()`](Prop::append_at), [`.prepend_at()`](Prop::prepend_at) | the client merges the value into what it holds | `mergeProps`, `prependProps`, `deepMergeProps`, `matchPropsOn` |
//! | [`.once()`](Prop::once), [`.once_as()`](Prop::once_as), [`.until()`](Prop::until), [`.fresh()`](Prop::fresh) | sent once, then skipped on visits whose client holds it | `onceProps` |
//! | [`.scroll()`](Prop::scroll) | an infinite-scroll page, merged | `scrollProps`, `mergeProps`/`prependProps` |
//! | [`.group()`](Prop::group) | which deferred props load together | `deferredProps` |
//! | [`.rescue()`](Prop::rescue) | a failing future leaves the prop out | `rescuedProps` |
//!
//! Lazy values are futures (`async move { … }`) that are only polled when the prop is sent;
//! a future may return the value or `Result<value, E>` with `E: Into<BoxError>`.
//!
//! ```
//! use std::time::Duration;
//! use inertia_runtime::{Props, inertia_page, prop::{self, Paginated, Prop}};
//!
//! #[derive(Props)]
//! #[prop(rename_all = "camelCase")]
//! struct Dashboard {
//!     user_name: String,                        // plain
//!     stats: Prop<u64>,                         // deferred
//!     activity: Prop<Paginated<String>>,        // infinite scroll
//!     plans: Prop<Vec<&'static str>>,           // sent once, kept by the client
//! }
//!
//! #[inertia_page("Dashboard")]
//! async fn dashboard() -> Dashboard {
//!     Dashboard {
//!         user_name: "Ada".into(),
//!         stats: prop::defer(async { 42 }).group("widgets"),
//!         activity: prop::value(Paginated::new(vec!["signed in".into()], 1, 20)).scroll(),
//!         plans: prop::lazy(async { vec!["free", "pro"] }).once().until(Duration::from_secs(3600)),
//!     }
//! }
//! # let _ = dashboard;
//! ```

// The engine that writes props into the page (crate-private; `Props`, `PropValue` and
// `PropsError` are public at the crate root).
pub(crate) mod error;
mod filter;
mod key;
pub(crate) mod kind;
pub(crate) mod meta;
pub(crate) mod partial;
pub(crate) mod root;
pub(crate) mod scroll;
pub(crate) mod shared;
pub(crate) mod write;

use std::future::Future;

pub(crate) use error::PropsError;
pub use kind::{BoxError, Prop, PropList, PropOutput};
pub use scroll::{PageRef, Paginated, ScrollData, ScrollMeta};
pub(crate) use write::{Field, Overridden, PropValue, Props, PropsWriter};

use kind::LazyKind;

/// A plain value as a `Prop`, to give it behaviours (`prop::value(list).merge()`).
pub fn value<T>(value: T) -> Prop<T> {
    Prop::ready(value, false)
}

/// A value computed by `future` only when the prop is sent: on full loads, and on partial
/// reloads that ask for it (Laravel's closure props).
pub fn lazy<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, LazyKind::Lazy)
}

/// A value computed only when a partial reload asks for it (`router.reload({ only: [...] })`);
/// left out of full loads.
pub fn optional<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, LazyKind::Optional)
}

/// A value left out of the first load and fetched by the client right after the page shows,
/// together with the other props of its [`group`](Prop::group).
pub fn defer<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, LazyKind::Deferred)
}

/// An array of props (rows that are `#[derive(Props)]` structs), written item by item so the
/// kinds of their fields apply. A plain `Vec` of `Serialize` values needs no wrapper.
pub fn list<T>(items: Vec<T>) -> PropList<T> {
    PropList(items)
}
