//! Secrets: random keys from the operating system, and one key per purpose derived from the
//! app's secret, so that the visit cookie and CSRF tokens never share a key.

use hkdf::Hkdf;
use sha2::Sha256;

use crate::error::ConfigError;

/// Bytes in a generated or derived key.
pub(crate) const KEY_LEN: usize = 32;

/// What a derived key is for: the label HKDF binds it to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// Signs and encrypts the visit cookie (flash, errors, old input).
    VisitCookie,
    /// Tags CSRF tokens.
    #[cfg(feature = "csrf")]
    Csrf,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::VisitCookie => b"inertia-runtime visit cookie v2",
            #[cfg(feature = "csrf")]
            Purpose::Csrf => b"inertia-runtime csrf token v1",
        }
    }
}

/// `N` random bytes from the operating system's CSPRNG (`getrandom`).
///
/// # Errors
///
/// When the operating system has no random source; there is no weaker fallback.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

/// A fresh random key for a process that was given none (state signed with it dies with the
/// process, and the log says so).
pub(crate) fn random_key(what: &str) -> Result<[u8; KEY_LEN], ConfigError> {
    random().map_err(|e| {
        ConfigError::new(format!(
            "no {what} was given and the operating system has no random source to make one ({e}); set one explicitly"
        ))
    })
}

/// Fewest bytes an app's secret may have.
pub(crate) const MIN_SECRET_LEN: usize = 32;

/// Refuses a secret that is short or obviously not random: a key that anyone could guess
/// lets them forge flash data, validation errors and CSRF tokens.
///
/// Length alone is not enough (`"x".repeat(32)` is long). Refused as well: fewer than 8
/// distinct byte values, one value making up more than a quarter of the key, a key that
/// repeats itself (`abcabc…`, `0101…`), and one that is mostly a counting run (`abcdef…`,
/// `012345…`). A key from a CSPRNG passes all of them (32 random bytes have ~30 distinct
/// values; 64 random hex digits ~16; no value is likely to fill a quarter). These catch typed
/// keys and placeholders, not every weak key: use `openssl rand -base64 48` or the like.
pub(crate) fn check_secret(secret: &[u8], what: &str) -> Result<(), ConfigError> {
    let fix = "use at least 32 random bytes, e.g. from `openssl rand -base64 48`, the same on every server";
    if secret.len() < MIN_SECRET_LEN {
        return Err(ConfigError::new(format!(
            "{what} has {} bytes; {fix}",
            secret.len()
        )));
    }
    let mut counts = [0usize; 256];
    for &byte in secret {
        counts[usize::from(byte)] += 1;
    }
    let distinct = counts.iter().filter(|&&n| n > 0).count();
    let most = counts.iter().copied().max().unwrap_or(0);
    let periodic = (1..=secret.len() / 2)
        .any(|period| secret.iter().zip(&secret[period..]).all(|(a, b)| a == b));
    let counting = secret
        .windows(2)
        .filter(|w| w[1] == w[0].wrapping_add(1))
        .count();
    if distinct < 8 || most * 4 > secret.len() || periodic || counting * 2 > secret.len() {
        return Err(ConfigError::new(format!(
            "{what} is not random enough (it repeats characters or a short pattern); {fix}"
        )));
    }
    if let Some(word) = placeholder_word(secret) {
        return Err(ConfigError::new(format!(
            "{what} looks like a placeholder (it contains \"{word}\"), the kind of value that is copied from examples into production; {fix}"
        )));
    }
    Ok(())
}

/// Words that mark a key someone was meant to replace (`please-change-this-secret-key`,
/// `your-key-goes-here`, `example-key-do-not-use`), six letters or more so that random keys
/// do not contain them by chance: hex cannot spell any of them, and 64 random base64
/// characters hold one with a chance below one in a million.
const PLACEHOLDER_WORDS: [&str; 12] = [
    "change",
    "secret",
    "example",
    "placeholder",
    "replace",
    "insecure",
    "default",
    "sample",
    "password",
    "keyhere",
    "goeshere",
    "xxxxxx",
];

/// The first placeholder word `secret` contains, ignoring case and separators.
fn placeholder_word(secret: &[u8]) -> Option<&'static str> {
    let letters: Vec<u8> = secret
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    PLACEHOLDER_WORDS.into_iter().find(|word| {
        letters
            .windows(word.len())
            .any(|window| window == word.as_bytes())
    })
}

/// The key for `purpose` derived from the app's `secret` (HKDF-SHA256, RFC 5869), so one
/// secret can serve several uses without one use's outputs helping an attack on another.
pub(crate) fn derive(secret: &[u8], purpose: Purpose) -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    // 32 bytes is far below HKDF-SHA256's limit (255 × 32), so `expand` cannot fail.
    let _ = Hkdf::<Sha256>::new(None, secret).expand(purpose.label(), &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_differ() {
        let a = random_key("test key").unwrap();
        assert_ne!(a, random_key("test key").unwrap());
        assert_ne!(a, [0u8; KEY_LEN]);
    }

    #[test]
    fn weak_secrets_are_refused() {
        let strong = random::<48>().unwrap();
        assert!(check_secret(&strong, "key").is_ok());
        for weak in [
            &b"short"[..],
            &[b'x'; 64][..],
            b"abcabcabcabcabcabcabcabcabcabcabcabcabc",
            b"0101010101010101010101010101010101010101",
            b"aaaaaaaaaaaaaaaaaaaabcdefghijklmnopqrstuvwxyz",
            b"abababababababababababababababababababab",
            b"0123456789abcdef0123456789abcdef0123456789abcdef",
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            // Placeholders copied from examples (the third attack round got in with the
            // first).
            b"please-change-this-secret-key-in-production",
            b"CHANGE_ME_to_something_long_and_random_1234",
            b"your-app-key-goes-here-make-it-long-enough",
            b"SuperSecretPassword!2026-and-some-more-chars",
            b"example key for the docs, do not use it: 9f8e7d",
        ] {
            let error = check_secret(weak, "InertiaConfig::signing_key").unwrap_err();
            assert!(
                error.message().contains("InertiaConfig::signing_key"),
                "{error}"
            );
        }
        // What people paste: hex and base64 of random bytes, and passphrases.
        assert!(
            check_secret(
                b"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "key"
            )
            .is_ok()
        );
        assert!(check_secret(b"kJ3v9Qw2ZxP0mN8rT5yU1aB6cD4eF7gH", "key").is_ok());
        assert!(check_secret(b"correct horse battery staple and more words", "key").is_ok());
        // Random keys as generators print them (hex, base64) are not taken for placeholders:
        // 4,000 of them, from a fixed seed so that the test is the same on every run.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()
        };
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..6).flat_map(|_| next()).collect();
            let hex: String = bytes[..32].iter().map(|b| format!("{b:02x}")).collect();
            assert!(check_secret(hex.as_bytes(), "key").is_ok(), "{hex}");
            let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
            assert!(check_secret(b64.as_bytes(), "key").is_ok(), "{b64}");
        }
    }

    #[cfg(feature = "csrf")]
    #[test]
    fn purposes_get_different_keys_from_one_secret() {
        let secret = [7u8; 40];
        let visit = derive(&secret, Purpose::VisitCookie);
        let csrf = derive(&secret, Purpose::Csrf);
        assert_ne!(visit, csrf);
        assert_eq!(
            visit,
            derive(&secret, Purpose::VisitCookie),
            "deterministic"
        );
        assert_ne!(visit, derive(&[8u8; 40], Purpose::VisitCookie));
    }
}
