//! Page props: what a handler returns, written into the page object's `props`.

use std::fmt;
use std::future::Future;

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeMap, SerializeStruct};

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
/// Props are written straight into the response buffer while they are serialized: there is no
/// intermediate `serde_json::Value` and no second copy.
pub trait Props: Send {
    /// Writes the props as entries of the page's `props` object.
    fn write_props(
        self,
        w: &mut PropsWriter<'_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send;
}

impl<T: Serialize + Send> Props for T {
    fn write_props(
        self,
        w: &mut PropsWriter<'_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send {
        std::future::ready(self.serialize(RootSerializer { w }))
    }
}

/// Where props are written: the open `props` object of a page being rendered.
///
/// Only the crate creates one; implementations of [`Props`] pass it along.
pub struct PropsWriter<'a> {
    out: &'a mut JsonOut,
    first: bool,
}

impl<'a> PropsWriter<'a> {
    pub(crate) fn new(out: &'a mut JsonOut) -> Self {
        PropsWriter { out, first: true }
    }

    /// Writes one prop: `"key": value`.
    pub(crate) fn entry<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), PropsError> {
        if !self.first {
            self.out.raw(b",");
        }
        self.first = false;
        self.out.key(key);
        self.out.value(value).map_err(PropsError::serialize)
    }
}

/// Why props could not be written.
#[derive(Debug)]
pub struct PropsError {
    message: String,
}

impl PropsError {
    fn serialize(e: serde_json::Error) -> Self {
        PropsError {
            message: e.to_string(),
        }
    }
}

impl fmt::Display for PropsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PropsError {}

impl ser::Error for PropsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PropsError {
            message: msg.to_string(),
        }
    }
}

/// Serializes the top level of a props value as the entries of the `props` object.
struct RootSerializer<'w, 'a> {
    w: &'w mut PropsWriter<'a>,
}

fn not_an_object(what: &str) -> PropsError {
    PropsError {
        message: format!(
            "page props must serialize to a JSON object (a struct with named fields or a map), not {what}"
        ),
    }
}

macro_rules! reject {
    ($($method:ident($($arg:ty),*) => $what:literal;)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<(), PropsError> {
                Err(not_an_object($what))
            }
        )*
    };
}

impl<'w, 'a> ser::Serializer for RootSerializer<'w, 'a> {
    type Ok = ();
    type Error = PropsError;
    type SerializeSeq = Impossible<(), PropsError>;
    type SerializeTuple = Impossible<(), PropsError>;
    type SerializeTupleStruct = Impossible<(), PropsError>;
    type SerializeTupleVariant = Impossible<(), PropsError>;
    type SerializeMap = RootMap<'w, 'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), PropsError>;

    reject! {
        serialize_bool(bool) => "a boolean";
        serialize_i8(i8) => "a number";
        serialize_i16(i16) => "a number";
        serialize_i32(i32) => "a number";
        serialize_i64(i64) => "a number";
        serialize_i128(i128) => "a number";
        serialize_u8(u8) => "a number";
        serialize_u16(u16) => "a number";
        serialize_u32(u32) => "a number";
        serialize_u64(u64) => "a number";
        serialize_u128(u128) => "a number";
        serialize_f32(f32) => "a number";
        serialize_f64(f64) => "a number";
        serialize_char(char) => "a string";
        serialize_str(&str) => "a string";
        serialize_bytes(&[u8]) => "an array";
        serialize_unit_variant(&'static str, u32, &'static str) => "a string (a unit enum variant)";
    }

    /// `()` and `None`: a page without props.
    fn serialize_unit(self) -> Result<(), PropsError> {
        Ok(())
    }

    fn serialize_none(self) -> Result<(), PropsError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), PropsError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), PropsError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), PropsError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), PropsError> {
        Err(not_an_object("an enum variant wrapped in an object"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, PropsError> {
        Err(not_an_object("an array"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, PropsError> {
        Err(not_an_object("an array (a tuple)"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, PropsError> {
        Err(not_an_object("an array (a tuple struct)"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, PropsError> {
        Err(not_an_object("an enum variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, PropsError> {
        Ok(RootMap {
            w: self.w,
            key: String::new(),
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, PropsError> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, PropsError> {
        Err(not_an_object("an enum variant"))
    }
}

impl SerializeStruct for RootSerializer<'_, '_> {
    type Ok = ();
    type Error = PropsError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), PropsError> {
        self.w.entry(key, value)
    }

    fn end(self) -> Result<(), PropsError> {
        Ok(())
    }
}

/// The entries of a map at the top level of the props.
struct RootMap<'w, 'a> {
    w: &'w mut PropsWriter<'a>,
    key: String,
}

impl SerializeMap for RootMap<'_, '_> {
    type Ok = ();
    type Error = PropsError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), PropsError> {
        self.key.clear();
        key.serialize(KeySerializer(&mut self.key))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), PropsError> {
        self.w.entry(&self.key, value)
    }

    fn end(self) -> Result<(), PropsError> {
        Ok(())
    }
}

/// Turns a map key into the string JSON needs, as serde_json does: strings, chars, integers
/// and booleans.
struct KeySerializer<'a>(&'a mut String);

impl KeySerializer<'_> {
    fn display(self, value: impl fmt::Display) -> Result<(), PropsError> {
        use fmt::Write;
        write!(self.0, "{value}").map_err(ser::Error::custom)
    }
}

fn bad_key(what: &str) -> PropsError {
    PropsError {
        message: format!("a props map key must be a string, number or boolean, not {what}"),
    }
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = PropsError;
    type SerializeSeq = Impossible<(), PropsError>;
    type SerializeTuple = Impossible<(), PropsError>;
    type SerializeTupleStruct = Impossible<(), PropsError>;
    type SerializeTupleVariant = Impossible<(), PropsError>;
    type SerializeMap = Impossible<(), PropsError>;
    type SerializeStruct = Impossible<(), PropsError>;
    type SerializeStructVariant = Impossible<(), PropsError>;

    fn serialize_str(self, v: &str) -> Result<(), PropsError> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), PropsError> {
        self.0.push(v);
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), PropsError> {
        self.display(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), PropsError> {
        Err(bad_key("a float"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), PropsError> {
        Err(bad_key("a float"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), PropsError> {
        Err(bad_key("bytes"))
    }
    fn serialize_none(self) -> Result<(), PropsError> {
        Err(bad_key("`None`"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), PropsError> {
        Err(bad_key("an `Option`"))
    }
    fn serialize_unit(self) -> Result<(), PropsError> {
        Err(bad_key("`()`"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), PropsError> {
        Err(bad_key("a unit struct"))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), PropsError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), PropsError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), PropsError> {
        Err(bad_key("an enum variant with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, PropsError> {
        Err(bad_key("a sequence"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, PropsError> {
        Err(bad_key("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, PropsError> {
        Err(bad_key("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, PropsError> {
        Err(bad_key("an enum variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, PropsError> {
        Err(bad_key("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, PropsError> {
        Err(bad_key("a struct"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, PropsError> {
        Err(bad_key("an enum variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Escape;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn props<P: Props>(p: P) -> Result<String, PropsError> {
        let mut out = JsonOut::new(Vec::new(), Escape::Json);
        out.raw(b"{");
        {
            let mut w = PropsWriter::new(&mut out);
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
