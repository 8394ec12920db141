//! [`JsonOut`]: the page object written as plain compact JSON, with serde_json's own
//! formatter (the fastest path it has). Where the page is embedded in HTML, the bytes are
//! then escaped in place ([`escape`](crate::escape)).

use serde::Serialize;

/// A page object being written: plain compact JSON in a byte buffer.
pub(crate) struct JsonOut {
    pub(crate) buf: Vec<u8>,
}

impl JsonOut {
    pub(crate) fn new(buf: Vec<u8>) -> Self {
        JsonOut { buf }
    }

    /// JSON written as is: structure (`{`, `,"clearHistory":true`, …) or JSON serialized
    /// beforehand (trusted to be valid). For HTML the whole page is escaped afterwards.
    #[inline]
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A JSON string.
    #[inline]
    pub(crate) fn string(&mut self, s: &str) {
        // Serializing a `str` into a Vec cannot fail.
        let _ = self.value(s);
    }

    /// `"key":`
    #[inline]
    pub(crate) fn key(&mut self, key: &str) {
        self.string(key);
        self.buf.push(b':');
    }

    /// Any serializable value, with serde_json's own compact formatter.
    #[inline]
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Result<()> {
        value.serialize(&mut self.serializer())
    }

    pub(crate) fn serializer(&mut self) -> serde_json::Serializer<&mut Vec<u8>> {
        serde_json::Serializer::new(&mut self.buf)
    }
}
