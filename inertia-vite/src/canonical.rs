//! Canonical JSON: one byte sequence for every way of writing the same JSON value.

use serde_json::Value;

/// Writes `value` in canonical form: object keys sorted by their UTF-8 bytes (which is Unicode
/// code point order), no whitespace, strings escaped exactly as `serde_json` escapes them
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as lowercase `\u00xx`,
/// everything else literal UTF-8), numbers as `serde_json` prints them.
///
/// The key order is established here explicitly rather than by relying on
/// `serde_json::Map` being a `BTreeMap`: another crate in the build enabling serde_json's
/// `preserve_order` feature would otherwise silently change every version.
///
/// ```
/// use serde_json::json;
/// let a = inertia_vite::canonical_json(&json!({"b": 1, "a": [true, null, "x"]}));
/// assert_eq!(a, br#"{"a":[true,null,"x"],"b":1}"#);
/// ```
pub fn canonical_json(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    // serde_json's string escaping is the documented canonical escaping; writing into a Vec
    // cannot fail, and if it ever did the output would simply be shorter, never wrong JSON
    // for a reader of the docs to reproduce.
    let _ = serde_json::to_writer(&mut *out, s);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_at_every_depth_and_drops_whitespace() {
        let v: Value =
            serde_json::from_str(r#" { "z" : { "b" : 1 , "a" : [ { "y":1,"x":2 } ] }, "a": "" } "#)
                .unwrap();
        assert_eq!(
            canonical_json(&v),
            br#"{"a":"","z":{"a":[{"x":2,"y":1}],"b":1}}"#
        );
    }

    #[test]
    fn key_order_is_by_code_point_not_by_utf16() {
        // U+FF5E (3 UTF-8 bytes) sorts before U+1F600 (4 bytes) by code point; UTF-16 order
        // (JCS) would put the surrogate pair first. We document code point order.
        let v = json!({"\u{1F600}": 1, "\u{FF5E}": 2, "a": 3, "B": 4});
        assert_eq!(
            String::from_utf8(canonical_json(&v)).unwrap(),
            "{\"B\":4,\"a\":3,\"\u{FF5E}\":2,\"\u{1F600}\":1}"
        );
    }

    #[test]
    fn escapes_like_serde_json() {
        let v = json!({"k": "quote\" back\\ nl\n tab\t bell\u{7} del\u{7f} ü </script>"});
        assert_eq!(
            String::from_utf8(canonical_json(&v)).unwrap(),
            "{\"k\":\"quote\\\" back\\\\ nl\\n tab\\t bell\\u0007 del\u{7f} ü </script>\"}"
        );
    }

    #[test]
    fn numbers_keep_serde_json_form() {
        let v: Value = serde_json::from_str(r#"[1, -0, 1.5, 1e3, 12345678901234567890]"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            b"[1,-0.0,1.5,1000.0,12345678901234567890]"
        );
    }
}
