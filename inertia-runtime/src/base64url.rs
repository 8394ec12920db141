//! Base64url without padding (RFC 4648 §5), for cookie values.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Decodes canonical base64url (no padding, no stray bits); `None` for anything else.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = vec![0u8; text.len() * 3 / 4];
    let n = decode_into(text, &mut out)?;
    out.truncate(n);
    Some(out)
}

fn value(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(v.into())
}

/// Decodes into `out` without allocating; the number of bytes, or `None` when the text is
/// not canonical base64url or does not fit.
pub(crate) fn decode_into(text: &str, out: &mut [u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 || bytes.len() * 3 / 4 > out.len() {
        return None;
    }
    let mut written = 0;
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let produced = chunk.len() - 1;
        for i in 0..produced {
            out[written] = (n >> (16 - 8 * i)) as u8;
            written += 1;
        }
        // Reject non-canonical encodings (set bits in the unused tail).
        let used_bits = produced * 8;
        if produced < 3 && n & ((1u32 << (24 - used_bits)) - 1) != 0 {
            return None;
        }
    }
    Some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_roundtrips_every_length() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = encode(&bytes);
            assert!(!text.contains(['+', '/', '=']));
            assert_eq!(decode(&text).unwrap(), bytes, "{len}");
        }
        assert_eq!(encode(b"hello"), "aGVsbG8");
        assert_eq!(decode("a"), None);
        assert_eq!(decode("a*bc"), None);
        assert_eq!(decode("aGVsbG9"), None, "non-canonical tail bits");
    }

    #[test]
    fn decoding_in_place_agrees_with_decode() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 53 + 7) as u8).collect();
            let text = encode(&bytes);
            let mut buf = [0u8; 32];
            match decode_into(&text, &mut buf) {
                Some(n) => assert_eq!(&buf[..n], &bytes[..], "{len}"),
                None => assert!(len > 32, "{len}"),
            }
        }
        let mut buf = [0u8; 8];
        assert_eq!(decode_into("a", &mut buf), None);
        assert_eq!(decode_into("aGVsbG9", &mut buf), None);
        assert_eq!(decode_into("a*bc", &mut buf), None);
    }
}
