//! Plain [`Serialize`] values as page props: the top level of such a value becomes the
//! entries of the page's `props` object (a struct's fields or a map's entries); anything but
//! an object is refused with a message that says so.

use serde::Serialize;
use serde::ser::{self, Impossible, SerializeMap, SerializeStruct};

use super::error::PropsError;
use super::key::KeySerializer;
use super::{Props, PropsWriter};

impl<T: Serialize + Send> Props for T {
    fn write_props(
        self,
        w: &mut PropsWriter<'_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send {
        std::future::ready(self.serialize(RootSerializer { w }))
    }
}

/// Props whose type is not known where they are kept ([`ErrorPage`](crate::ErrorPage)):
/// serialized once, straight into the page, when it is written.
#[derive(Clone)]
pub(crate) struct AnyProps(std::sync::Arc<dyn WriteAny>);

impl AnyProps {
    pub(crate) fn new<T: Serialize + Send + Sync + 'static>(props: T) -> Self {
        AnyProps(std::sync::Arc::new(props))
    }
}

impl std::fmt::Debug for AnyProps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnyProps(..)")
    }
}

/// The object-safe half of [`Props`] for plain values.
trait WriteAny: Send + Sync {
    fn write_any(&self, w: &mut PropsWriter<'_>) -> Result<(), PropsError>;
}

impl<T: Serialize + Send + Sync> WriteAny for T {
    fn write_any(&self, w: &mut PropsWriter<'_>) -> Result<(), PropsError> {
        self.serialize(RootSerializer { w })
    }
}

impl Props for AnyProps {
    fn write_props(
        self,
        w: &mut PropsWriter<'_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send {
        std::future::ready(self.0.write_any(w))
    }
}

/// Serializes the top level of a props value as the entries of the `props` object.
struct RootSerializer<'w, 'a> {
    w: &'w mut PropsWriter<'a>,
}

fn not_an_object(what: &str) -> PropsError {
    PropsError::new(format!(
        "page props must serialize to a JSON object (a struct with named fields or a map), not {what}"
    ))
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
