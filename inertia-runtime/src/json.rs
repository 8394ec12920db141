//! Writing the page object as JSON that is safe where it is embedded, in one pass.
//!
//! Page objects travel three ways: as the body of an Inertia JSON response, inside
//! `<script type="application/json">` on a first visit, and (for v2 clients) inside a
//! `data-page="…"` attribute. Instead of serializing and then escaping a copy, the escaping is
//! done by a [`serde_json`] formatter while the bytes are produced, so every string (keys,
//! prop values, the URL, the component) is escaped exactly once and nothing can bypass it.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// Where the JSON will be embedded, which decides how it is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escape {
    /// A JSON response body: standard JSON.
    Json,
    /// The text of `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 are
    /// written as `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`. The text can then never
    /// contain `</script`, `<!--` or `<script`, which are the only ways out of a script element
    /// (HTML's "script data" state); `JSON.parse` restores the characters.
    Script,
    /// The value of a double-quoted HTML attribute: JSON whose `"`, `&`, `'`, `<`, `>` are
    /// written as character references; the browser decodes them before `JSON.parse` runs.
    Attribute,
}

/// The [`Formatter`] that applies an [`Escape`] to everything serde_json writes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EscapingFormatter(pub(crate) Escape);

impl Formatter for EscapingFormatter {
    #[inline]
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(quote(self.0))
    }

    #[inline]
    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(quote(self.0))
    }

    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        match self.0 {
            Escape::Json => w.write_all(s.as_bytes()),
            Escape::Script => write_script_escaped(w, s.as_bytes()),
            Escape::Attribute => write_attribute_escaped(w, s.as_bytes()),
        }
    }

    fn write_char_escape<W: ?Sized + Write>(&mut self, w: &mut W, e: CharEscape) -> io::Result<()> {
        let short: &[u8] = match e {
            CharEscape::Quote if self.0 == Escape::Attribute => b"\\&quot;",
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::Backspace => b"\\b",
            CharEscape::FormFeed => b"\\f",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(byte) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let escaped = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xf)],
                ];
                return w.write_all(&escaped);
            }
        };
        w.write_all(short)
    }

    // Raw JSON (serde_json's `RawValue`) is written verbatim by default, which would let a
    // stored `"</script>"` through. In valid JSON the characters we escape occur only inside
    // strings, so escaping them byte-wise keeps the JSON valid and equal after decoding.
    fn write_raw_fragment<W: ?Sized + Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        match self.0 {
            Escape::Json => w.write_all(s.as_bytes()),
            Escape::Script => write_script_escaped(w, s.as_bytes()),
            Escape::Attribute => write_attribute_escaped(w, s.as_bytes()),
        }
    }
}

fn quote(escape: Escape) -> &'static [u8] {
    match escape {
        Escape::Attribute => b"&quot;",
        Escape::Json | Escape::Script => b"\"",
    }
}

/// Escapes `<`, `>`, `&`, U+2028, U+2029 of JSON text bound for a script element.
fn write_script_escaped<W: ?Sized + Write>(w: &mut W, bytes: &[u8]) -> io::Result<()> {
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // (replacement, number of input bytes it replaces)
        let (replacement, len): (&[u8], usize) = match bytes[i] {
            b'<' => (b"\\u003c", 1),
            b'>' => (b"\\u003e", 1),
            b'&' => (b"\\u0026", 1),
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => {
                (b"\\u2028", 3)
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => {
                (b"\\u2029", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(replacement)?;
        i += len;
        start = i;
    }
    w.write_all(&bytes[start..])
}

/// Escapes every byte that matters in a double-quoted attribute value. (In string fragments
/// `"` never occurs: serde_json reports it as a [`CharEscape::Quote`]; raw JSON has it.)
fn write_attribute_escaped<W: ?Sized + Write>(w: &mut W, bytes: &[u8]) -> io::Result<()> {
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let replacement: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(replacement)?;
        start = i + 1;
    }
    w.write_all(&bytes[start..])
}

/// A page object being written: a byte buffer plus the escaping every string goes through.
pub(crate) struct JsonOut {
    pub(crate) buf: Vec<u8>,
    pub(crate) escape: Escape,
}

/// The serde_json serializer that writes into a [`JsonOut`].
pub(crate) type JsonSerializer<'a> = serde_json::Serializer<&'a mut Vec<u8>, EscapingFormatter>;

impl JsonOut {
    pub(crate) fn new(buf: Vec<u8>, escape: Escape) -> Self {
        JsonOut { buf, escape }
    }

    /// Structural JSON that contains no string: `{`, `}`, `,`, `:`, `true`, ….
    #[inline]
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A JSON string, escaped for the target.
    #[inline]
    pub(crate) fn string(&mut self, s: &str) {
        // Serializing a `str` into a Vec cannot fail.
        let _ = s.serialize(&mut self.serializer());
    }

    /// `"key":`
    #[inline]
    pub(crate) fn key(&mut self, key: &str) {
        self.string(key);
        self.buf.push(b':');
    }

    /// Already serialized JSON (trusted to be valid), escaped for the target in one pass.
    pub(crate) fn raw_json(&mut self, json: &[u8]) {
        // Writing into a Vec cannot fail. In valid JSON, the characters the escapes replace
        // occur only inside strings, so byte-wise escaping keeps it valid and equal.
        let _ = match self.escape {
            Escape::Json => {
                self.buf.extend_from_slice(json);
                Ok(())
            }
            Escape::Script => write_script_escaped(&mut self.buf, json),
            Escape::Attribute => write_attribute_escaped(&mut self.buf, json),
        };
    }

    /// Any serializable value.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Result<()> {
        value.serialize(&mut self.serializer())
    }

    pub(crate) fn serializer(&mut self) -> JsonSerializer<'_> {
        serde_json::Serializer::with_formatter(&mut self.buf, EscapingFormatter(self.escape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(value: &serde_json::Value, escape: Escape) -> String {
        let mut out = JsonOut::new(Vec::new(), escape);
        out.value(value).unwrap();
        String::from_utf8(out.buf).unwrap()
    }

    #[test]
    fn json_mode_is_plain_serde_json() {
        let v = json!({"a": "</script><!-- & ' \" \u{2028}", "b": [1, 2.5, null]});
        assert_eq!(write(&v, Escape::Json), serde_json::to_string(&v).unwrap());
    }

    #[test]
    fn script_mode_escapes_markup_and_line_separators() {
        let v = json!({"</script>": "<!--<script>&\u{2028}\u{2029}é"});
        let s = write(&v, Escape::Script);
        assert_eq!(
            s,
            r#"{"\u003c/script\u003e":"\u003c!--\u003cscript\u003e\u0026\u2028\u2029é"}"#
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn attribute_mode_uses_character_references() {
        let v = json!({"q": "it's \"x\" <b>&"});
        let s = write(&v, Escape::Attribute);
        assert_eq!(
            s,
            "{&quot;q&quot;:&quot;it&#39;s \\&quot;x\\&quot; &lt;b&gt;&amp;&quot;}"
        );
        let decoded = s
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&decoded).unwrap(),
            v
        );
    }

    #[test]
    fn raw_json_is_escaped_like_serialized_json() {
        let v = json!({"x": "a</script>b&c\u{2029}", "y": ["'\""]});
        let plain = serde_json::to_vec(&v).unwrap();
        for mode in [Escape::Json, Escape::Script, Escape::Attribute] {
            let mut out = JsonOut::new(Vec::new(), mode);
            out.raw_json(&plain);
            assert_eq!(
                String::from_utf8(out.buf).unwrap(),
                write(&v, mode),
                "{mode:?}"
            );
        }
    }

    #[test]
    fn control_characters_are_escaped_in_every_mode() {
        let v = json!("\u{0}\u{1f}\n\t\\");
        for mode in [Escape::Json, Escape::Script, Escape::Attribute] {
            let s = write(&v, mode);
            assert!(s.contains("\\u0000") && s.contains("\\u001f"), "{s}");
            assert!(!s.bytes().any(|b| b < 0x20), "{s}");
        }
    }
}
