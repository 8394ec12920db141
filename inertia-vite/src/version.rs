//! The asset version: a short, reproducible hash of a Vite manifest.
//!
//! # Algorithm
//!
//! 1. Parse the manifest file as JSON (UTF-8; a leading byte order mark is rejected like any
//!    other invalid JSON). It must be a Vite manifest: a non-empty object whose values are
//!    objects with a string `file` (see [`crate::manifest::validate`]).
//! 2. Re-serialize it in canonical form ([`crate::canonical_json`]): keys sorted by code point
//!    at every depth, no insignificant whitespace, serde_json string escaping.
//! 3. Take the SHA-256 of those bytes and keep the first [`VERSION_LEN`] lowercase hex digits.
//!
//! Nothing else goes in: no path, time, environment or `std` hasher, so the same manifest
//! content gives the same version on every machine, toolchain and build, and two servers that
//! built the same assets agree even if Vite wrote the keys in another order.
//!
//! For manifests (which contain no floating-point numbers) this equals
//!
//! ```text
//! python3 -c 'import hashlib, json, sys
//! m = json.load(open(sys.argv[1], encoding="utf-8"))
//! c = json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
//! print(hashlib.sha256(c.encode()).hexdigest()[:16])' dist/.vite/manifest.json
//! ```
//!
//! # Why 16 hex digits
//!
//! 64 bits: the chance that two different builds of one app ever share a version is about
//! `n² / 2⁶⁵` for `n` builds (below one in a billion after six million deploys), while the
//! value stays short in every `X-Inertia-Version` header and page object. Fewer digits (8 =
//! 32 bits) would make a collision between a stale and a fresh build plausible for a busy
//! project; a collision means clients silently keep old assets.

use sha2::{Digest, Sha256};

use crate::manifest::{self, ManifestError};

/// Number of hex digits in a version: 16 (64 bits of SHA-256). See the [module docs](self).
pub const VERSION_LEN: usize = 16;

/// Computes the asset version of a Vite manifest's bytes.
///
/// ```
/// // Key order and whitespace do not matter:
/// let a = inertia_vite::manifest_version(br#"{"a.js":{"file":"a-1.js","isEntry":true}}"#).unwrap();
/// let b = inertia_vite::manifest_version(b"{ \"a.js\": { \"isEntry\": true, \"file\": \"a-1.js\" } }").unwrap();
/// assert_eq!(a, b);
/// // Content does:
/// let c = inertia_vite::manifest_version(br#"{"a.js":{"file":"a-2.js","isEntry":true}}"#).unwrap();
/// assert_ne!(a, c);
/// ```
///
/// # Errors
///
/// [`ManifestError`] when the bytes are not JSON or not a Vite manifest.
pub fn manifest_version(bytes: &[u8]) -> Result<String, ManifestError> {
    let value = manifest::parse(bytes)?;
    Ok(version_of_canonical(&crate::canonical_json(&value)))
}

/// The version of bytes that are already canonical (step 3 of the [algorithm](self)).
///
/// ```
/// assert_eq!(inertia_vite::version_of_canonical(b"{}"), "44136fa355b3678a");
/// ```
pub fn version_of_canonical(canonical: &[u8]) -> String {
    short_sha256(canonical)
}

/// The first [`VERSION_LEN`] lowercase hex digits of the SHA-256 of `bytes` (also used for
/// the ETags of embedded files).
///
/// ```
/// assert_eq!(inertia_vite::short_sha256(b""), "e3b0c44298fc1c14");
/// ```
pub fn short_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(VERSION_LEN);
    for byte in digest.iter().take(VERSION_LEN / 2) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = br#"{
  "src/main.ts": {
    "file": "assets/main-BqN0ZrVw.js",
    "name": "main",
    "src": "src/main.ts",
    "isEntry": true,
    "imports": ["_vendor-C2BfmLqE.js"],
    "css": ["assets/main-DiwrgTda.css"]
  },
  "_vendor-C2BfmLqE.js": {
    "file": "assets/vendor-C2BfmLqE.js",
    "name": "vendor"
  }
}"#;

    #[test]
    fn version_is_pinned() {
        // Pins algorithm and length: changing either is a breaking change for every deploy
        // (servers of old and new builds would disagree), so it must fail a test.
        // Cross-checked with the Python one-liner in the module docs.
        assert_eq!(manifest_version(FIXTURE).unwrap(), "3ea8aa56f6007bc7");
    }

    #[test]
    fn version_is_lowercase_hex_of_fixed_length() {
        let v = manifest_version(FIXTURE).unwrap();
        assert_eq!(v.len(), VERSION_LEN);
        assert!(
            v.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }

    #[test]
    fn reordering_and_reformatting_keep_the_version() {
        let reordered =
            br#"{"_vendor-C2BfmLqE.js":{"name":"vendor","file":"assets/vendor-C2BfmLqE.js"},
            "src/main.ts":{"css":["assets/main-DiwrgTda.css"],"imports":["_vendor-C2BfmLqE.js"],
            "isEntry":true,"src":"src/main.ts","name":"main","file":"assets/main-BqN0ZrVw.js"}}"#;
        assert_eq!(
            manifest_version(FIXTURE).unwrap(),
            manifest_version(reordered).unwrap()
        );
    }

    #[test]
    fn every_content_change_changes_the_version() {
        let base = manifest_version(FIXTURE).unwrap();
        let text = std::str::from_utf8(FIXTURE).unwrap();
        let edits = [
            ("assets/main-BqN0ZrVw.js", "assets/main-XqN0ZrVw.js"), // entry file
            ("assets/main-DiwrgTda.css", "assets/main-DiwrgTdb.css"), // css
            ("\"imports\": [\"_vendor-C2BfmLqE.js\"]", "\"imports\": []"), // imports
            ("\"isEntry\": true", "\"isEntry\": false"),
            ("\"src/main.ts\": {", "\"src/app.ts\": {"), // entry key
        ];
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            let edited = text.replacen(from, to, 1);
            assert_ne!(
                base,
                manifest_version(edited.as_bytes()).unwrap(),
                "{from} -> {to}"
            );
        }
    }

    #[test]
    fn array_order_is_significant() {
        // Arrays are ordered in Vite's output (e.g. CSS order matters for the cascade).
        let a = manifest_version(br#"{"a":{"file":"a.js","css":["1.css","2.css"]}}"#).unwrap();
        let b = manifest_version(br#"{"a":{"file":"a.js","css":["2.css","1.css"]}}"#).unwrap();
        assert_ne!(a, b);
    }
}
