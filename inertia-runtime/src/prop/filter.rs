//! Serializing a plain value with the partial-reload filter applied to its nested fields
//! (`only: auth.user` writes `auth` with only its `user`).
//!
//! A serializer adapter: every call is forwarded to the real serializer, except that struct
//! fields and map entries are checked against the filter (and wrapped again, to reach deeper).
//! Sequences and enum variants are written whole: dot paths do not index into them.

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeStruct};

use super::key::KeySerializer;
use super::partial::Partial;

/// `value`, serialized with the fields below `path` filtered.
pub(crate) struct Filtered<'a, T: ?Sized> {
    value: &'a T,
    path: String,
    partial: &'a Partial<'a>,
}

impl<'a, T: ?Sized> Filtered<'a, T> {
    pub(crate) fn new(value: &'a T, path: String, partial: &'a Partial<'a>) -> Self {
        Filtered {
            value,
            path,
            partial,
        }
    }
}

impl<T: Serialize + ?Sized> Serialize for Filtered<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(FilterSerializer {
            inner: serializer,
            path: &self.path,
            partial: self.partial,
        })
    }
}

/// Writes `value` at the child path `path.key`: left out, filtered further, or whole.
enum Child {
    Skip,
    Filter(String),
    Whole,
}

fn child(path: &str, key: &str, partial: &Partial<'_>) -> Child {
    let child = format!("{path}.{key}");
    if !partial.path_matches(&child) {
        Child::Skip
    } else if partial.filters_below(&child) {
        Child::Filter(child)
    } else {
        Child::Whole
    }
}

struct FilterSerializer<'a, S> {
    inner: S,
    path: &'a str,
    partial: &'a Partial<'a>,
}

impl<'a, S: ser::Serializer> ser::Serializer for FilterSerializer<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = FilterMap<'a, S::SerializeMap>;
    type SerializeStruct = FilterStruct<'a, S::SerializeMap>;
    type SerializeStructVariant = S::SerializeStructVariant;

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.inner.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.inner.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.inner.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.inner.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.inner.serialize_i64(v)
    }
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.inner.serialize_i128(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.inner.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.inner.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.inner.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.inner.serialize_u64(v)
    }
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.inner.serialize_u128(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.inner.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.inner.serialize_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.inner.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.inner.serialize_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.inner.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        let filtered = Filtered::new(value, self.path.to_owned(), self.partial);
        self.inner.serialize_some(&filtered)
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let filtered = Filtered::new(value, self.path.to_owned(), self.partial);
        self.inner.serialize_newtype_struct(name, &filtered)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner
            .serialize_newtype_variant(name, index, variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<S::SerializeSeq, S::Error> {
        self.inner.serialize_seq(len)
    }
    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(FilterMap {
            inner: self.inner.serialize_map(len)?,
            path: self.path,
            partial: self.partial,
            key: String::new(),
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        // Written as a map: the number of fields that remain is not known in advance.
        Ok(FilterStruct {
            inner: self.inner.serialize_map(Some(len))?,
            path: self.path,
            partial: self.partial,
        })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.inner
            .serialize_struct_variant(name, index, variant, len)
    }
}

struct FilterStruct<'a, M> {
    inner: M,
    path: &'a str,
    partial: &'a Partial<'a>,
}

impl<M: SerializeMap> SerializeStruct for FilterStruct<'_, M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        match child(self.path, key, self.partial) {
            Child::Skip => Ok(()),
            Child::Whole => self.inner.serialize_entry(key, value),
            Child::Filter(path) => {
                let filtered = Filtered::new(value, path, self.partial);
                self.inner.serialize_entry(key, &filtered)
            }
        }
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.inner.end()
    }
}

struct FilterMap<'a, M> {
    inner: M,
    path: &'a str,
    partial: &'a Partial<'a>,
    key: String,
}

impl<M: SerializeMap> SerializeMap for FilterMap<'_, M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        self.key.clear();
        key.serialize(KeySerializer(&mut self.key))
            .map_err(<M::Error as ser::Error>::custom)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        match child(self.path, &self.key, self.partial) {
            Child::Skip => Ok(()),
            Child::Whole => self.inner.serialize_entry(&self.key, value),
            Child::Filter(path) => {
                let filtered = Filtered::new(value, path, self.partial);
                self.inner.serialize_entry(&self.key, &filtered)
            }
        }
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.inner.end()
    }
}
