//! Map keys as JSON object keys.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::error::PropsError;

/// Turns a map key into the string JSON needs, as serde_json does: strings, chars, integers
/// and booleans.
pub(crate) struct KeySerializer<'a>(pub(crate) &'a mut String);

impl KeySerializer<'_> {
    fn display(self, value: impl fmt::Display) -> Result<(), PropsError> {
        use fmt::Write;
        write!(self.0, "{value}").map_err(ser::Error::custom)
    }
}

fn bad_key(what: &str) -> PropsError {
    PropsError::new(format!(
        "a props map key must be a string, number or boolean, not {what}"
    ))
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
