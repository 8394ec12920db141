//! Writing page props: the [`Props`] and [`PropValue`] traits and the writer their
//! implementations write into.
//!
//! Two ways to provide props, both written straight into the response buffer (no
//! intermediate `serde_json::Value`):
//!
//! - any [`Serialize`] type that serializes to a JSON object;
//! - a struct with `#[derive(Props)]`, whose fields are plain values or [`Prop`](crate::prop::Prop)s with a
//!   kind (lazy, optional, deferred, always, merge, once, scroll); see [`crate::prop`].

use std::future::Future;

use serde::Serialize;

use super::error::PropsError;
use super::filter::Filtered;
use super::meta::Metadata;
use super::partial::Partial;
use crate::json::JsonOut;

/// A value that provides the props of a page.
///
/// Every [`Serialize`] type that serializes to a JSON object (a struct with named fields, a
/// map, `()` for "no props") is `Props`:
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Dashboard {
///     user: String,
///     unread: u32,
/// }
/// fn assert_props<P: inertia_runtime::Props>() {}
/// assert_props::<Dashboard>();
/// assert_props::<std::collections::BTreeMap<String, u32>>();
/// assert_props::<serde_json::Value>(); // must hold an object at run time
/// ```
///
/// So is every struct with `#[derive(Props)]`, whose fields may be [`Prop`](crate::prop::Prop)s:
///
/// ```
/// use inertia_runtime::{Props, prop::{self, Prop}};
///
/// #[derive(Props)]
/// struct Dashboard {
///     user: String,
///     stats: Prop<u64>, // e.g. prop::defer(async { 42 })
/// }
/// ```
///
/// Props are written straight into the response buffer while they are serialized: there is no
/// intermediate `serde_json::Value` and no second copy.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the props of an Inertia page",
    label = "page props must implement `serde::Serialize` (and serialize to a JSON object) or derive `inertia_runtime::Props`",
    note = "derive one of them: `#[derive(serde::Serialize)]` for plain data, `#[derive(inertia_runtime::Props)]` for fields of type `Prop<T>`"
)]
pub trait Props: Send {
    /// Writes the props as entries of the page's `props` object. Called by the crate, and
    /// implemented for every `Serialize` type and by `#[derive(Props)]`; its argument is the
    /// crate's own writer, so implementations by hand are not supported.
    #[doc(hidden)]
    fn write_props(
        self,
        w: &mut PropsWriter<'_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send;
}

/// A value that can be one prop: a [`Serialize`] value, a [`Prop`](crate::prop::Prop), or a struct with
/// `#[derive(Props)]` (a nested object whose fields are props in turn).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a prop",
    label = "a prop must implement `serde::Serialize`, be a `Prop<T>`, or derive `inertia_runtime::Props`",
    note = "for a struct with `Prop<T>` fields, derive `inertia_runtime::Props` on it too"
)]
pub trait PropValue: Send {
    /// Writes the prop at the field `field` (or nothing, if the request leaves it out).
    /// Implemented for every `Serialize` type, for [`Prop`](crate::prop::Prop) and by
    /// `#[derive(Props)]`; implementations by hand are not supported.
    #[doc(hidden)]
    fn write_prop(
        self,
        field: Field<'_, '_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send;
}

impl<T: Serialize + Send> PropValue for T {
    fn write_prop(
        self,
        field: Field<'_, '_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send {
        let result = if field.passes_filter(false) {
            field.write_serialize(&self)
        } else {
            Ok(())
        };
        std::future::ready(result)
    }
}

/// Where props are written: an open JSON object of a page being rendered (`props`, or a
/// nested object), with what the request asks for and the metadata collected so far.
///
/// Only the crate creates one; implementations of [`Props`] pass it along.
pub struct PropsWriter<'a> {
    pub(crate) out: &'a mut JsonOut,
    pub(crate) partial: &'a Partial<'a>,
    pub(crate) meta: &'a mut Metadata,
    /// Dot path of the object being written (`""` at the top level).
    pub(crate) path: &'a mut String,
    pub(crate) first: bool,
    /// Inside a value a closure or a `Prop` produced: the partial filter no longer applies.
    pub(crate) resolved: bool,
    /// At the top level: keys of shared props, and which of them the page defines.
    pub(crate) shared: Option<(&'a [Box<str>], &'a mut Overridden)>,
}

impl<'a> PropsWriter<'a> {
    pub(crate) fn new(
        out: &'a mut JsonOut,
        partial: &'a Partial<'a>,
        meta: &'a mut Metadata,
        path: &'a mut String,
        shared: Option<(&'a [Box<str>], &'a mut Overridden)>,
    ) -> Self {
        PropsWriter {
            out,
            partial,
            meta,
            path,
            first: true,
            resolved: false,
            shared,
        }
    }

    /// Writes (or leaves out) the prop `key` of this object.
    pub(crate) async fn field<V: PropValue>(
        &mut self,
        key: &str,
        value: V,
    ) -> Result<(), PropsError> {
        self.note_key(key);
        let mark = self.path.len();
        if mark > 0 {
            self.path.push('.');
        }
        self.path.push_str(key);
        // `Field::resolved` marks this field's subtree only.
        let resolved = self.resolved;
        let result = value
            .write_prop(Field {
                w: self,
                key: Some(key),
            })
            .await;
        self.resolved = resolved;
        self.path.truncate(mark);
        result
    }

    /// Writes (or leaves out) element `index` of the array being written.
    pub(crate) async fn element<V: PropValue>(
        &mut self,
        index: usize,
        value: V,
    ) -> Result<(), PropsError> {
        use std::fmt::Write;
        let mark = self.path.len();
        let _ = write!(self.path, ".{index}");
        let resolved = self.resolved;
        let result = value.write_prop(Field { w: self, key: None }).await;
        self.resolved = resolved;
        self.path.truncate(mark);
        result
    }

    /// Records that the page defines top-level `key`, which hides a shared prop of that name.
    pub(crate) fn note_key(&mut self, key: &str) {
        if let Some((keys, overridden)) = &mut self.shared
            && let Some(i) = keys.iter().position(|k| &**k == key)
        {
            overridden.insert(i);
        }
    }

    /// Whether the page's own props define the shared prop at `index` (hiding it).
    pub(crate) fn defines_shared(&self, index: usize) -> bool {
        self.shared
            .as_ref()
            .is_some_and(|(_, overridden)| overridden.contains(index))
    }

    /// Writes a shared prop (after the page's props; not recorded as a page key).
    pub(crate) async fn shared_field<V: PropValue>(
        &mut self,
        key: &str,
        value: V,
    ) -> Result<(), PropsError> {
        let shared = self.shared.take();
        let result = self.field(key, value).await;
        self.shared = shared;
        result
    }

    /// `"key":` (or, in an array, nothing) with the comma before it when needed.
    pub(crate) fn open_entry(&mut self, key: Option<&str>) {
        if !self.first {
            self.out.raw(b",");
        }
        self.first = false;
        if let Some(key) = key {
            self.out.key(key);
        }
    }

    /// Writes a plain entry at the top level (plain `Serialize` props), filtering it and its
    /// children as the request asks.
    pub(crate) fn entry<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), PropsError> {
        self.note_key(key);
        let partial = self.partial;
        if partial.is_partial && !partial.path_matches(key) {
            return Ok(());
        }
        self.open_entry(Some(key));
        if partial.filters_below(key) {
            let filtered = Filtered::new(value, key.to_owned(), partial);
            self.out.value(&filtered).map_err(PropsError::serialize)
        } else {
            self.out.value(value).map_err(PropsError::serialize)
        }
    }

    /// A writer for the entries of a nested object at the current path.
    pub(crate) fn nested(&mut self, resolved: bool) -> PropsWriter<'_> {
        PropsWriter {
            out: self.out,
            partial: self.partial,
            meta: self.meta,
            path: self.path,
            first: true,
            resolved: self.resolved || resolved,
            shared: None,
        }
    }
}

/// Which shared props the page's own props define (a page prop hides the shared prop of the
/// same name), by index into the shared keys. The first 128 are bits of one word, so the
/// usual app never allocates for this; beyond that (an app may share any number of props)
/// a list on the heap, one allocation per page.
#[derive(Debug, Default)]
pub(crate) struct Overridden {
    pub(crate) low: u128,
    pub(crate) high: Vec<bool>,
}

impl Overridden {
    pub(crate) fn insert(&mut self, index: usize) {
        match index.checked_sub(128) {
            None => self.low |= 1 << index,
            Some(high) => {
                if self.high.len() <= high {
                    self.high.resize(high + 1, false);
                }
                self.high[high] = true;
            }
        }
    }

    pub(crate) fn contains(&self, index: usize) -> bool {
        match index.checked_sub(128) {
            None => self.low & (1 << index) != 0,
            Some(high) => self.high.get(high).copied().unwrap_or(false),
        }
    }
}

/// One prop about to be written: the key in its object and its dot path. What a
/// [`PropValue`] gets to decide whether and how it appears.
pub struct Field<'w, 'a> {
    pub(crate) w: &'w mut PropsWriter<'a>,
    /// `None` for an array element.
    pub(crate) key: Option<&'w str>,
}

impl Field<'_, '_> {
    /// The dot path of the prop (`auth.user`).
    pub(crate) fn path(&self) -> &str {
        self.w.path
    }

    pub(crate) fn partial(&self) -> &Partial<'_> {
        self.w.partial
    }

    pub(crate) fn meta(&mut self) -> &mut Metadata {
        self.w.meta
    }

    /// Whether the prop survives the partial-reload filter (always-props and children of
    /// resolved values always do).
    pub(crate) fn passes_filter(&self, always: bool) -> bool {
        let partial = self.w.partial;
        !partial.is_partial || always || self.w.resolved || partial.path_matches(self.path())
    }

    /// Marks the rest of this field's subtree as resolved (no partial filter below).
    pub(crate) fn resolved(self) -> Self {
        self.w.resolved = true;
        self
    }

    /// Writes `"key": value`, filtering the value's children if the request reaches into it.
    pub(crate) fn write_serialize<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<(), PropsError> {
        let filter = !self.w.resolved && self.w.partial.filters_below(self.w.path);
        self.w.open_entry(self.key);
        if filter {
            let filtered = Filtered::new(value, self.w.path.clone(), self.w.partial);
            self.w.out.value(&filtered).map_err(PropsError::serialize)
        } else {
            self.w.out.value(value).map_err(PropsError::serialize)
        }
    }

    /// Writes `"key": <json>` for JSON serialized beforehand.
    pub(crate) fn write_raw_json(self, json: &[u8]) {
        self.w.open_entry(self.key);
        self.w.out.raw(json);
    }

    /// Writes `"key": {…}` with the entries of `props`.
    pub(crate) async fn write_object<P: Props>(self, props: P) -> Result<(), PropsError> {
        self.w.open_entry(self.key);
        self.w.out.raw(b"{");
        {
            let mut nested = self.w.nested(false);
            props.write_props(&mut nested).await?;
        }
        self.w.out.raw(b"}");
        Ok(())
    }

    /// Writes `"key": [ … ]` with each item a prop at `path.<index>`.
    pub(crate) async fn write_array<V: PropValue>(self, items: Vec<V>) -> Result<(), PropsError> {
        self.w.open_entry(self.key);
        self.w.out.raw(b"[");
        {
            let mut nested = self.w.nested(false);
            for (index, item) in items.into_iter().enumerate() {
                nested.element(index, item).await?;
            }
        }
        self.w.out.raw(b"]");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn props<P: Props>(p: P) -> Result<String, PropsError> {
        let mut out = JsonOut::new(Vec::new());
        out.raw(b"{");
        {
            let partial = Partial::full();
            let mut meta = Metadata::default();
            let mut path = String::new();
            let mut w = PropsWriter::new(&mut out, &partial, &mut meta, &mut path, None);
            // `write_props` of a Serialize type completes without awaiting anything.
            let mut fut = std::pin::pin!(p.write_props(&mut w));
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            match fut.as_mut().poll(&mut cx) {
                std::task::Poll::Ready(r) => r?,
                std::task::Poll::Pending => panic!("serialize props are never pending"),
            }
        }
        out.raw(b"}");
        Ok(String::from_utf8(out.buf).unwrap())
    }

    #[derive(Serialize)]
    struct User {
        name: &'static str,
        #[serde(rename = "isAdmin")]
        admin: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        nick: Option<&'static str>,
    }

    #[test]
    fn structs_maps_and_values_become_props() {
        let user = User {
            name: "Ada",
            admin: true,
            nick: None,
        };
        assert_eq!(props(user).unwrap(), r#"{"name":"Ada","isAdmin":true}"#);
        let map: BTreeMap<u32, bool> = [(1, true), (2, false)].into();
        assert_eq!(props(map).unwrap(), r#"{"1":true,"2":false}"#);
        assert_eq!(
            props(json!({"a": [1], "b": {"c": null}})).unwrap(),
            r#"{"a":[1],"b":{"c":null}}"#
        );
        assert_eq!(props(()).unwrap(), "{}");
        assert_eq!(props(None::<User>).unwrap(), "{}");
    }

    #[test]
    fn flatten_works_at_the_top_level() {
        #[derive(Serialize)]
        struct Page {
            title: &'static str,
            #[serde(flatten)]
            user: User,
        }
        let page = Page {
            title: "t",
            user: User {
                name: "n",
                admin: false,
                nick: Some("x"),
            },
        };
        assert_eq!(
            props(page).unwrap(),
            r#"{"title":"t","name":"n","isAdmin":false,"nick":"x"}"#
        );
    }

    #[test]
    fn non_objects_are_rejected_with_a_reason() {
        for (value, what) in [
            (json!([1, 2]), "not an array"),
            (json!("x"), "not a string"),
            (json!(3), "not a number"),
            (json!(true), "not a boolean"),
        ] {
            let err = props(value).unwrap_err().to_string();
            assert!(err.contains("must serialize to a JSON object"), "{err}");
            assert!(err.contains(what), "{err}");
        }
        assert!(props(vec![1]).unwrap_err().to_string().contains("array"));
    }

    #[test]
    fn bad_map_keys_are_rejected() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(props(map).unwrap_err().to_string().contains("map key"));
    }
}
