//! Prop kinds: build the fields of a `#[derive(Props)]` struct.
//!
//! | constructor | first visit / full reload | partial reload | metadata |
//! |---|---|---|---|
//! | plain field (no `Prop`) | sent | sent if asked for | — |
//! | [`value`] | sent | sent if asked for | — |
//! | [`lazy`] | future runs, sent | runs and is sent only if asked for | — |
//! | [`optional`] | left out, never runs | runs if asked for | — |
//! | [`defer`] | left out, never runs | runs if asked for | `deferredProps` (by [`group`](Prop::group)) |
//! | [`always`] / [`.always()`](Prop::always) | sent | always sent | — |
//! | [`merge`] / [`.merge()`](Prop::merge), [`prepend`] / [`.prepend()`](Prop::prepend), [`deep_merge`] / [`.deep_merge()`](Prop::deep_merge), [`.match_on()`](Prop::match_on), [`.append_at()`](Prop::append_at), [`.prepend_at()`](Prop::prepend_at) | as its kind | as its kind | `mergeProps`, `prependProps`, `deepMergeProps`, `matchPropsOn` |
//! | [`.once()`](Prop::once), [`.once_as()`](Prop::once_as), [`.until()`](Prop::until), [`.fresh()`](Prop::fresh) | sent (skipped on visits whose client holds it) | as its kind | `onceProps` |
//! | [`scroll`] / [`.scroll()`](Prop::scroll) | sent | sent if asked for, merged | `scrollProps`, `mergeProps`/`prependProps` |
//! | [`.rescue()`](Prop::rescue) | — | a failing future leaves the prop out | `rescuedProps` |
//! | [`list`] of `#[derive(Props)]` rows | each row's fields by their kinds | each row's fields by their kinds | paths `list.0.field` |
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
//!         activity: prop::scroll(Paginated::new(vec!["signed in".into()], 1, 20)),
//!         plans: prop::lazy(async { vec!["free", "pro"] }).once().until(Duration::from_secs(3600)),
//!     }
//! }
//! # let _ = dashboard;
//! ```

use std::future::Future;

pub use crate::props::kind::{BoxError, Prop, PropList, PropOutput};
pub use crate::props::scroll::{PageRef, Paginated, ScrollData, ScrollMeta};

use crate::props::kind::PropKind;

/// A plain value as a `Prop`, to give it behaviours (`prop::value(list).merge()`).
pub fn value<T>(value: T) -> Prop<T> {
    Prop::ready(value, false)
}

/// A value sent on every response, even partial reloads that did not ask for it.
pub fn always<T>(value: T) -> Prop<T> {
    Prop::ready(value, true)
}

/// A value computed by `future` only when the prop is sent: on full loads, and on partial
/// reloads that ask for it (Laravel's closure props).
pub fn lazy<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, PropKind::Lazy)
}

/// A value computed only when a partial reload asks for it (`router.reload({ only: [...] })`);
/// left out of full loads.
pub fn optional<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, PropKind::Optional)
}

/// A value left out of the first load and fetched by the client right after the page shows,
/// together with the other props of its [`group`](Prop::group).
pub fn defer<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    Prop::from_future(future, PropKind::Deferred)
}

/// A value the client appends to what it holds on partial reloads (`mergeProps`).
pub fn merge<T>(value: T) -> Prop<T> {
    Prop::ready(value, false).merge()
}

/// A value the client puts in front of what it holds on partial reloads (`prependProps`).
pub fn prepend<T>(value: T) -> Prop<T> {
    Prop::ready(value, false).prepend()
}

/// A value the client merges recursively into what it holds (`deepMergeProps`).
pub fn deep_merge<T>(value: T) -> Prop<T> {
    Prop::ready(value, false).deep_merge()
}

/// A lazy value sent once and then kept by the client (see [`Prop::once`]).
pub fn once<T, F, O>(future: F) -> Prop<T>
where
    F: Future<Output = O> + Send + 'static,
    O: PropOutput<T> + 'static,
{
    lazy(future).once()
}

/// An infinite-scroll page (see [`Prop::scroll`]).
pub fn scroll<T: ScrollData>(page: T) -> Prop<T> {
    Prop::ready(page, false).scroll()
}

/// An array of props (rows that are `#[derive(Props)]` structs), written item by item so the
/// kinds of their fields apply. A plain `Vec` of `Serialize` values needs no wrapper.
pub fn list<T>(items: Vec<T>) -> PropList<T> {
    PropList(items)
}
