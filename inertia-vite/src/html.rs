//! HTML escaping: the one table of characters that are written as character references, for
//! element text and quoted attribute values. The runtime escapes its document, its asset tags
//! and (for the `data-page` attribute) the page JSON with it, so every place agrees.

use std::borrow::Cow;

/// The character reference for `byte` in HTML text or a single- or double-quoted attribute
/// value, or `None` when it stands for itself. Only ASCII bytes are ever replaced, so the
/// other bytes of a UTF-8 text pass through untouched.
///
/// ```
/// assert_eq!(inertia_vite::html::entity(b'<'), Some("&lt;"));
/// assert_eq!(inertia_vite::html::entity(b'a'), None);
/// ```
#[inline]
pub const fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// `text` escaped for HTML text or a quoted attribute value; borrowed when nothing needs
/// escaping (the usual case), so it allocates only when it must.
///
/// ```
/// use inertia_vite::html::escape;
///
/// assert_eq!(escape(r#"<b title="x">Tom & 'Jerry'</b>"#), "&lt;b title=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;");
/// assert!(matches!(escape("plain"), std::borrow::Cow::Borrowed("plain")));
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|&b| entity(b).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..first]);
    let mut start = first;
    for (i, &byte) in bytes.iter().enumerate().skip(first) {
        if let Some(replacement) = entity(byte) {
            // `i` is at an ASCII byte, so both slices end on character boundaries.
            out.push_str(&text[start..i]);
            out.push_str(replacement);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_five_characters_change_and_unicode_passes_through() {
        assert_eq!(escape("é<ü>&\"'x"), "é&lt;ü&gt;&amp;&quot;&#39;x");
        assert_eq!(escape(""), "");
        for byte in 0..=255u8 {
            assert_eq!(entity(byte).is_some(), b"&<>\"'".contains(&byte), "{byte}");
        }
    }
}
