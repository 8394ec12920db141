//! Making a serialized page object safe where it is embedded in HTML, in one pass.
//!
//! Page objects travel three ways: as the body of an Inertia JSON response, inside
//! `<script type="application/json">` on a first visit, and (for v2 clients) inside a
//! `data-page="…"` attribute. The page is always written as plain JSON with serde_json's own
//! formatter (the fastest path it has); for HTML, the bytes of the whole page object are then
//! escaped in place, in one pass over them ([`escape_in_place`]). Escaping the serialized
//! bytes rather than each string as it is written means nothing written into the page (keys,
//! prop values, raw JSON, the URL, the metadata) can bypass it.
//!
//! Escaping bytes of valid JSON is sound: the characters replaced (`<`, `>`, `&`, and for
//! attributes `"` and `'`, and U+2028/U+2029) either occur only inside JSON strings, where a
//! `\u` escape means the same character, or (the quotes of an attribute) are decoded by the
//! HTML parser before `JSON.parse` sees them.

/// Where the JSON will be embedded, which decides how it is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escape {
    /// The text of `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 are
    /// written as `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`. The text can then never
    /// contain `</script`, `<!--` or `<script`, which are the only ways out of a script element
    /// (HTML's "script data" state); `JSON.parse` restores the characters.
    Script,
    /// The value of a double-quoted HTML attribute: `"`, `&`, `'`, `<`, `>` are written as
    /// character references; the browser decodes them before `JSON.parse` runs.
    Attribute,
}

impl Escape {
    /// The replacement for the byte at `bytes[i]`, and how many input bytes it replaces.
    #[inline]
    fn replacement(self, bytes: &[u8], i: usize) -> Option<(&'static [u8], usize)> {
        match (self, bytes[i]) {
            (Escape::Script, b'<') => Some((b"\\u003c", 1)),
            (Escape::Script, b'>') => Some((b"\\u003e", 1)),
            (Escape::Script, b'&') => Some((b"\\u0026", 1)),
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            (Escape::Script, 0xE2) if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => Some((b"\\u2028", 3)),
                Some(0xA9) => Some((b"\\u2029", 3)),
                _ => None,
            },
            // The one HTML table (inertia_vite::html), as for the rest of the document.
            (Escape::Attribute, byte) => {
                inertia_vite::html::entity(byte).map(|entity| (entity.as_bytes(), 1))
            }
            _ => None,
        }
    }

    /// The positions in `text` where a replacement may start, in order, written to `out`
    /// (SIMD searches, `memchr`); returns how many. `text` is at most [`BLOCK`] long.
    fn candidates(self, text: &[u8], separators: bool, out: &mut [u16; BLOCK]) -> usize {
        match self {
            // Without line separators in the text (the usual case), one search.
            Escape::Script if !separators => {
                let mut n = 0;
                for (slot, pos) in out
                    .iter_mut()
                    .zip(memchr::memchr3_iter(b'<', b'>', b'&', text))
                {
                    // Positions are below BLOCK, so they fit.
                    *slot = pos as u16;
                    n += 1;
                }
                n
            }
            Escape::Script => merge(
                memchr::memchr3_iter(b'<', b'>', b'&', text),
                memchr::memchr_iter(0xE2, text),
                out,
            ),
            Escape::Attribute => merge(
                memchr::memchr3_iter(b'&', b'<', b'>', text),
                memchr::memchr2_iter(b'"', b'\'', text),
                out,
            ),
        }
    }
}

/// The bytes escaped at a time: positions in a block fit a `u16`, and a block's candidate
/// list fits on the stack.
const BLOCK: usize = 512;

/// Merges two increasing sequences of positions into `out`.
fn merge(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
    out: &mut [u16; BLOCK],
) -> usize {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut n = 0;
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&x), Some(&y)) if x < y => a.next(),
            (_, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => return n,
        };
        if let (Some(pos), Some(slot)) = (next, out.get_mut(n)) {
            // Positions are below BLOCK, so they fit.
            *slot = pos as u16;
            n += 1;
        }
    }
}

/// Escapes `buf[start..]` for `escape`, in place. A first pass counts how much longer the
/// text gets; text with nothing to escape (most pages) is only read. Otherwise the buffer
/// grows once and the text moves back to front, block by block from the end: each run of
/// plain text between two bytes to escape moves once (one `memmove`), each replacement is
/// written once. Finding the bytes to escape is a SIMD search (`memchr`).
pub(crate) fn escape_in_place(buf: &mut Vec<u8>, start: usize, escape: Escape) {
    let end = buf.len();
    let (extra, separators) = growth(&buf[start..end], escape);
    if extra == 0 {
        return;
    }
    buf.resize(end + extra, 0);
    // `start..read` still holds the input in place; from `write` on is finished output.
    let (mut read, mut write) = (end, end + extra);
    let mut positions = [0u16; BLOCK];
    let mut block_end = end;
    while block_end > start {
        let block_start = block_end.saturating_sub(BLOCK).max(start);
        let n = escape.candidates(&buf[block_start..block_end], separators, &mut positions);
        for &offset in positions[..n].iter().rev() {
            let pos = block_start + usize::from(offset);
            // (`buf[..read]`: a line separator must lie wholly in the input.)
            let Some((replacement, len)) = escape.replacement(&buf[..read], pos) else {
                continue;
            };
            let tail = read - (pos + len);
            buf.copy_within(pos + len..read, write - tail);
            write -= tail;
            // Replacements are 4 to 6 bytes: a short loop the compiler unrolls, cheaper than
            // a `memcpy` call of unknown length.
            let at = write - replacement.len();
            for (to, from) in buf[at..write].iter_mut().zip(replacement) {
                *to = *from;
            }
            write = at;
            read = pos;
        }
        block_end = block_start;
    }
    // Below the lowest replacement, the input was already where it belongs.
    debug_assert_eq!(read, write);
}

/// How many bytes longer `text` gets when escaped, and whether it has line separators
/// (U+2028, U+2029).
fn growth(text: &[u8], escape: Escape) -> (usize, bool) {
    match escape {
        Escape::Script => {
            // Each `<`, `>`, `&` (one byte) becomes six.
            let ascii = count_bytes(text, |b| b == b'<' || b == b'>' || b == b'&');
            // U+2028/U+2029 (three bytes) become six; rare, so searched for only.
            let separators = match memchr::memchr(0xE2, text) {
                None => 0,
                Some(first) => memchr::memchr_iter(0xE2, &text[first..])
                    .filter(|&i| escape.replacement(&text[first..], i).is_some())
                    .count(),
            };
            (ascii * 5 + separators * 3, separators > 0)
        }
        // &amp; &lt; &gt; &quot; &#39;
        Escape::Attribute => {
            let extra = 4 * count_bytes(text, |b| b == b'&')
                + 3 * count_bytes(text, |b| b == b'<' || b == b'>')
                + 5 * count_bytes(text, |b| b == b'"')
                + 4 * count_bytes(text, |b| b == b'\'');
            (extra, false)
        }
    }
}

/// How many bytes of `text` match. Counted in byte-sized lanes over runs of 255 bytes, a loop
/// the compiler vectorizes (compare, subtract, no branches): about a cycle per 16 bytes.
#[inline(always)]
fn count_bytes(text: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    text.chunks(255)
        .map(|run| {
            let mut count = 0u8;
            for &b in run {
                count += u8::from(matches(b));
            }
            usize::from(count)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::JsonOut;
    use serde_json::json;

    fn write(value: &serde_json::Value, escape: Option<Escape>) -> String {
        let mut out = JsonOut::new(b"<prefix \"&'>".to_vec());
        let start = out.buf.len();
        out.value(value).unwrap();
        if let Some(escape) = escape {
            escape_in_place(&mut out.buf, start, escape);
        }
        let s = String::from_utf8(out.buf).unwrap();
        s.strip_prefix("<prefix \"&'>")
            .expect("bytes before the start are left alone")
            .to_owned()
    }

    #[test]
    fn json_is_plain_serde_json() {
        let v = json!({"a": "</script><!-- & ' \" \u{2028}", "b": [1, 2.5, null]});
        assert_eq!(write(&v, None), serde_json::to_string(&v).unwrap());
    }

    #[test]
    fn script_mode_escapes_markup_and_line_separators() {
        let v = json!({"</script>": "<!--<script>&\u{2028}\u{2029}é"});
        let s = write(&v, Some(Escape::Script));
        assert_eq!(
            s,
            r#"{"\u003c/script\u003e":"\u003c!--\u003cscript\u003e\u0026\u2028\u2029é"}"#
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn attribute_mode_uses_character_references() {
        let v = json!({"q": "it's \"x\" <b>&"});
        let s = write(&v, Some(Escape::Attribute));
        assert_eq!(
            s,
            "{&quot;q&quot;:&quot;it&#39;s \\&quot;x\\&quot; &lt;b&gt;&amp;&quot;}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&decode_attribute(&s)).unwrap(),
            v
        );
    }

    fn decode_attribute(s: &str) -> String {
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn text_without_anything_to_escape_is_left_as_it_is() {
        for (escape, text) in [
            (
                Escape::Script,
                &b"{\"plain\":\"text \\u00e9 \xc3\xa9 \xe2\x80\xa7\",\"n\":[1,2,3]}"[..],
            ),
            (Escape::Attribute, &b"[1,2,3,true,null,{}]"[..]),
        ] {
            let mut buf = Vec::with_capacity(64);
            buf.extend_from_slice(text);
            let ptr = buf.as_ptr();
            escape_in_place(&mut buf, 0, escape);
            assert_eq!((buf.as_ptr(), buf.as_slice()), (ptr, text), "{escape:?}");
        }
    }

    #[test]
    fn every_position_and_run_of_specials_round_trips() {
        // Specials at the start, the end, next to each other, across 8-byte words, and
        // bytes that look like the start of U+2028 but are not.
        let pieces = [
            "<",
            ">",
            "&",
            "'",
            "\"",
            "\u{2028}",
            "\u{2029}",
            "\u{2027}",
            "\u{20ac}",
            "é",
            "a",
            "abcdefgh",
            "</script>",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let v = json!({ a: [b, c, format!("{a}{b}{c}")] });
                    let script = write(&v, Some(Escape::Script));
                    assert!(
                        !script.contains('<') && !script.contains('>') && !script.contains('&'),
                        "{script}"
                    );
                    assert!(
                        !script.contains('\u{2028}') && !script.contains('\u{2029}'),
                        "{script}"
                    );
                    assert_eq!(
                        serde_json::from_str::<serde_json::Value>(&script).unwrap(),
                        v,
                        "{script}"
                    );
                    let attr = write(&v, Some(Escape::Attribute));
                    assert!(!attr.contains(['<', '>', '"', '\'']), "{attr}");
                    assert_eq!(
                        serde_json::from_str::<serde_json::Value>(&decode_attribute(&attr))
                            .unwrap(),
                        v
                    );
                }
            }
        }
    }

    /// The escaping, one character at a time: what the fast path must equal.
    fn reference(text: &str, escape: Escape) -> String {
        text.chars()
            .map(|c| match (escape, c) {
                (Escape::Script, '<') => "\\u003c".to_owned(),
                (Escape::Script, '>') => "\\u003e".to_owned(),
                (Escape::Script, '&') => "\\u0026".to_owned(),
                (Escape::Script, '\u{2028}') => "\\u2028".to_owned(),
                (Escape::Script, '\u{2029}') => "\\u2029".to_owned(),
                (Escape::Attribute, '&') => "&amp;".to_owned(),
                (Escape::Attribute, '<') => "&lt;".to_owned(),
                (Escape::Attribute, '>') => "&gt;".to_owned(),
                (Escape::Attribute, '"') => "&quot;".to_owned(),
                (Escape::Attribute, '\'') => "&#39;".to_owned(),
                (_, c) => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn long_texts_across_many_blocks_equal_the_reference() {
        // Dense, sparse and absent specials, line separators at every offset modulo the block
        // size (so some straddle block boundaries), multi-byte characters around them.
        let unit = "ab<c\u{2028}d>é&\"'\u{2029}x\u{2027}€";
        for shift in 0..7 {
            for text in [
                format!("{}{}", "z".repeat(shift), unit.repeat(400)),
                format!("{}<{}", "plain ".repeat(300 + shift), "more ".repeat(200)),
                "\u{2028}".repeat(700 + shift),
                "nothing to escape here ".repeat(100 + shift),
            ] {
                for escape in [Escape::Script, Escape::Attribute] {
                    let mut buf = b"prefix<".to_vec();
                    buf.extend_from_slice(text.as_bytes());
                    escape_in_place(&mut buf, 7, escape);
                    assert_eq!(&buf[..7], b"prefix<");
                    assert!(
                        String::from_utf8_lossy(&buf[7..]) == reference(&text, escape),
                        "{escape:?} {shift}"
                    );
                }
            }
        }
    }

    #[test]
    fn control_characters_are_escaped() {
        let v = json!("\u{0}\u{1f}\n\t\\");
        for escape in [None, Some(Escape::Script), Some(Escape::Attribute)] {
            let s = write(&v, escape);
            assert!(s.contains("\\u0000") && s.contains("\\u001f"), "{s}");
            assert!(!s.bytes().any(|b| b < 0x20), "{s}");
        }
    }
}
