//! The default visit store: the state in an encrypted cookie.
//!
//! The value is `v2.` then base64url of a random 24-byte nonce and the XChaCha20-Poly1305
//! encryption of `{"iat": <unix seconds>, "state": {…}}`, with the cookie's name as associated
//! data. Encrypted, not only signed: old input (everything a failed form held except the
//! `dont_flash` fields) must not be readable in the browser or in logs that record cookies.
//! The key is derived from the app's secret for this purpose only ([`crate::keys`]).
//! Values of the earlier, signed-only format (no `v2.` prefix), tampered or expired values,
//! and values sealed with another key are ignored: the request arrives with no visit state.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use http::header::SET_COOKIE;
use http::{Extensions, HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};

use super::{Handle, Load, Saved, Saving, VisitOutcome, VisitState, VisitStore};
use crate::error::ConfigError;
use crate::keys::{self, KEY_LEN};
use crate::wire::cookie;
use crate::wire::cookie::insecure_origin;

/// How long a visit cookie is honoured: a redirect and the page after it take seconds.
const COOKIE_TTL: Duration = Duration::from_secs(15 * 60);
/// Browsers keep cookies up to 4096 bytes (name, value and attributes).
const MAX_COOKIE_LEN: usize = 4000;
/// The format marker in front of every value this version writes.
const FORMAT: &str = "v2.";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// The encrypted-cookie store, in an `HttpOnly; SameSite=Lax` cookie.
pub(crate) struct CookieStore {
    cipher: XChaCha20Poly1305,
    pub(crate) name: String,
    attributes: &'static str,
    secure: bool,
    /// The plain-http warning was logged (once per store is enough to be seen).
    warned: AtomicBool,
}

impl std::fmt::Debug for CookieStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookieStore")
            .field("name", &self.name)
            .field("attributes", &self.attributes)
            .finish_non_exhaustive()
    }
}

impl VisitStore for CookieStore {
    fn load(&self, headers: &HeaderMap, _: &Extensions) -> Load {
        Load::ready(self.read(headers), Handle::none())
    }

    fn save(&self, saving: Saving<'_>) -> Saved {
        if matches!(saving.outcome, VisitOutcome::Keep(_)) {
            self.warn_if_dropped(insecure_origin(saving.origin, saving.referer));
        }
        self.write(&saving.outcome, saving.headers);
        Saved::done()
    }
}

impl CookieStore {
    /// A store sealing with `key` (already derived for this purpose) in the cookie `name`.
    pub(crate) fn new(key: [u8; KEY_LEN], name: String, secure: bool) -> Result<Self, ConfigError> {
        check_cookie_name(&name, secure, "visit cookie name")?;
        Ok(CookieStore {
            cipher: XChaCha20Poly1305::new(&Key::from(key)),
            name,
            attributes: if secure {
                "; Path=/; HttpOnly; SameSite=Lax; Secure"
            } else {
                "; Path=/; HttpOnly; SameSite=Lax"
            },
            secure,
            warned: AtomicBool::new(false),
        })
    }

    /// Warns (once) when this store sets a `Secure` cookie in answer to a page the browser
    /// loaded over plain http from another machine: the browser drops the cookie, so flash
    /// data and errors would vanish without a word. Returns whether it warned now.
    pub(crate) fn warn_if_dropped(&self, insecure_origin: Option<&str>) -> bool {
        let Some(origin) = insecure_origin.filter(|_| self.secure) else {
            return false;
        };
        if self.warned.swap(true, Ordering::Relaxed) {
            return false;
        }
        tracing::warn!(
            origin,
            cookie = %self.name,
            "the visit cookie is Secure, but this page was loaded over plain http from {origin}; the browser will drop it, so flash messages and validation errors will not arrive. Serve the app over https, or call InertiaConfig::secure_cookie(false) where plain http is intended"
        );
        true
    }

    /// The state from the request's cookie, if one opens and has not expired.
    pub(crate) fn read(&self, headers: &HeaderMap) -> Option<VisitState> {
        cookie::values(headers, &self.name).find_map(|value| self.open(value))
    }

    fn open(&self, value: &str) -> Option<VisitState> {
        let sealed = URL_SAFE_NO_PAD.decode(value.strip_prefix(FORMAT)?).ok()?;
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        let mut json = ciphertext.to_vec();
        self.cipher
            .decrypt_in_place(&nonce, self.name.as_bytes(), &mut json)
            .ok()?;
        let envelope: Envelope = serde_json::from_slice(&json).ok()?;
        let now = unix_now()?;
        if now.saturating_sub(envelope.iat) > COOKIE_TTL.as_secs() || envelope.iat > now + 60 {
            return None;
        }
        Some(envelope.state)
    }

    /// Adds the `Set-Cookie` that stores (or deletes) the state.
    pub(crate) fn write(&self, outcome: &VisitOutcome, headers: &mut HeaderMap) {
        let cookie = match outcome {
            VisitOutcome::Unchanged => return,
            VisitOutcome::Clear => self.deletion(),
            VisitOutcome::Keep(state) => match self.cookie_for(state) {
                Some(cookie) => cookie,
                None if !state.old_input.is_empty() => {
                    // The errors matter more than the input the user can type again.
                    let mut without_input = state.clone();
                    without_input.old_input.clear();
                    match self.cookie_for(&without_input) {
                        Some(cookie) => {
                            tracing::warn!(
                                "the old input of this form does not fit in the visit cookie; the errors are kept, the input is not. Keep visits in a session (InertiaConfig::visit_store with visit::SessionStore) for large forms"
                            );
                            cookie
                        }
                        None => self.too_large(),
                    }
                }
                None => self.too_large(),
            },
        };
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }

    /// The `Set-Cookie` value for `state`, or `None` when it is too large for a browser (or,
    /// never in practice, the OS has no randomness for the nonce).
    fn cookie_for(&self, state: &VisitState) -> Option<String> {
        let sealed = self.seal(state)?;
        let mut cookie = String::with_capacity(
            self.name.len() + 1 + FORMAT.len() + sealed.len() * 4 / 3 + 4 + self.attributes.len(),
        );
        cookie.push_str(&self.name);
        cookie.push('=');
        cookie.push_str(FORMAT);
        URL_SAFE_NO_PAD.encode_string(&sealed, &mut cookie);
        cookie.push_str(self.attributes);
        (cookie.len() <= MAX_COOKIE_LEN).then_some(cookie)
    }

    /// Nonce, then the encrypted envelope and its tag.
    fn seal(&self, state: &VisitState) -> Option<Vec<u8>> {
        let nonce_bytes = match keys::random::<NONCE_LEN>() {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::error!(error = %e, "no randomness for the visit cookie's nonce; its state is dropped");
                return None;
            }
        };
        let envelope = EnvelopeRef {
            iat: unix_now().unwrap_or(0),
            state,
        };
        let mut sealed = Vec::with_capacity(512);
        sealed.extend_from_slice(&nonce_bytes);
        serde_json::to_writer(&mut sealed, &envelope).ok()?;
        let mut body = sealed.split_off(NONCE_LEN);
        self.cipher
            .encrypt_in_place(&XNonce::from(nonce_bytes), self.name.as_bytes(), &mut body)
            .ok()?;
        sealed.append(&mut body);
        Some(sealed)
    }

    fn deletion(&self) -> String {
        format!("{}=; Max-Age=0{}", self.name, self.attributes)
    }

    #[cold]
    fn too_large(&self) -> String {
        tracing::error!(
            "the flash data and errors of this visit do not fit in a cookie; they are dropped. Flash less data, or keep visits in a session (InertiaConfig::external_visit_store)"
        );
        self.deletion()
    }
}

/// Checks a cookie name: a plain token, and the `__Host-` prefix only with `Secure` (browsers
/// refuse such a cookie otherwise).
pub(crate) fn check_cookie_name(name: &str, secure: bool, what: &str) -> Result<(), ConfigError> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(ConfigError::new(format!(
            "{what} {name:?} must be non-empty letters, digits, `_` or `-`"
        )));
    }
    if !secure && (name.starts_with("__Host-") || name.starts_with("__Secure-")) {
        return Err(ConfigError::new(format!(
            "{what} {name:?} has a `__Host-`/`__Secure-` prefix, which browsers accept only on `Secure` cookies; keep cookies Secure or drop the prefix"
        )));
    }
    Ok(())
}

fn unix_now() -> Option<u64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

#[derive(Deserialize)]
struct Envelope {
    iat: u64,
    state: VisitState,
}

#[derive(Serialize)]
struct EnvelopeRef<'a> {
    iat: u64,
    state: &'a VisitState,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::ValidationErrors;
    use crate::visit::DEFAULT_BAG;
    use http::header::COOKIE;

    fn store() -> CookieStore {
        CookieStore::new([7u8; 32], "inertia_visit".into(), true).unwrap()
    }

    fn state() -> VisitState {
        let mut s = VisitState::default();
        s.flash.insert("success".into(), "Saved".into());
        s.errors.insert(
            DEFAULT_BAG.into(),
            ValidationErrors::from([("name", "required")]),
        );
        s.old_input.insert("email".into(), "ada@example.com".into());
        s.clear_history = true;
        s
    }

    /// The `name=value` of a `Set-Cookie`, as the browser sends it back.
    fn pair(set_cookie: &HeaderValue) -> String {
        set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    }

    fn request_with(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; {cookie}")).unwrap(),
        );
        h
    }

    fn saved(store: &CookieStore, state: VisitState) -> String {
        let mut out = HeaderMap::new();
        store.write(&VisitOutcome::Keep(state), &mut out);
        pair(out.get(SET_COOKIE).unwrap())
    }

    #[test]
    fn cookie_roundtrip() {
        let s = store();
        let mut out = HeaderMap::new();
        s.write(&VisitOutcome::Keep(state()), &mut out);
        let text = out.get(SET_COOKIE).unwrap().to_str().unwrap();
        assert!(text.starts_with("inertia_visit=v2."), "{text}");
        assert!(text.ends_with("; Path=/; HttpOnly; SameSite=Lax; Secure"));
        assert_eq!(
            s.read(&request_with(&pair(out.get(SET_COOKIE).unwrap()))),
            Some(state())
        );
    }

    #[test]
    fn the_state_cannot_be_read_from_the_cookie() {
        let cookie = saved(&store(), state());
        let value = cookie.strip_prefix("inertia_visit=v2.").unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(value).unwrap();
        for needle in [&b"ada@example.com"[..], b"Saved", b"required", b"email"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{:?} is readable",
                String::from_utf8_lossy(needle)
            );
        }
        // A fresh nonce each time: the same state never gives the same value.
        assert_ne!(cookie, saved(&store(), state()));
    }

    #[test]
    fn tampered_foreign_old_or_garbage_cookies_are_ignored() {
        let s = store();
        let good = saved(&s, state());
        let (prefix, value) = good.split_at(good.len() - 4);
        let flipped = format!(
            "{prefix}{}",
            if value.starts_with('A') { "B" } else { "A" }.to_owned() + &value[1..]
        );
        let other_key = CookieStore::new([8u8; 32], "inertia_visit".into(), true).unwrap();
        let renamed = CookieStore::new([7u8; 32], "other_name".into(), true).unwrap();
        let moved = good.replacen("inertia_visit=", "other_name=", 1);
        // The signed-only format of earlier versions: `base64(json).base64(hmac)`.
        let old_format = "inertia_visit=eyJpYXQiOjEsInN0YXRlIjp7fX0.c2lnbmF0dXJl";
        for cookie in [
            flipped.as_str(),
            old_format,
            "inertia_visit=",
            "inertia_visit=v2.",
            "inertia_visit=v2.abc",
            "inertia_visit=abc.def",
            "inertia_visit=....",
            "inertia_visit",
        ] {
            assert_eq!(s.read(&request_with(cookie)), None, "{cookie}");
        }
        assert_eq!(other_key.read(&request_with(&good)), None, "another key");
        assert_eq!(
            renamed.read(&request_with(&moved)),
            None,
            "bound to its name"
        );
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_bytes(b"inertia_visit=\xff").unwrap(),
        );
        assert_eq!(s.read(&h), None);
    }

    #[test]
    fn expired_cookies_are_ignored() {
        let s = store();
        let nonce = [3u8; NONCE_LEN];
        let mut body = serde_json::to_vec(&EnvelopeRef {
            iat: 1,
            state: &state(),
        })
        .unwrap();
        s.cipher
            .encrypt_in_place(&XNonce::from(nonce), b"inertia_visit", &mut body)
            .unwrap();
        let mut sealed = nonce.to_vec();
        sealed.extend(body);
        let value = format!("{FORMAT}{}", URL_SAFE_NO_PAD.encode(&sealed));
        assert_eq!(s.open(&value), None);
    }

    #[test]
    fn clear_expires_the_cookie_and_unchanged_writes_nothing() {
        let s = store();
        let mut out = HeaderMap::new();
        s.write(&VisitOutcome::Unchanged, &mut out);
        assert!(out.is_empty());
        s.write(&VisitOutcome::Clear, &mut out);
        assert!(
            out.get(SET_COOKIE)
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("inertia_visit=; Max-Age=0")
        );
    }

    #[test]
    fn oversized_state_is_dropped_with_a_clear() {
        let mut big = VisitState::default();
        big.flash.insert("x".into(), "y".repeat(5000).into());
        let mut out = HeaderMap::new();
        store().write(&VisitOutcome::Keep(big), &mut out);
        assert!(
            out.get(SET_COOKIE)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
    }

    #[test]
    fn oversized_old_input_is_dropped_before_the_errors() {
        let mut state = state();
        state
            .old_input
            .insert("bio".into(), "z".repeat(5000).into());
        let s = store();
        let kept = s.read(&request_with(&saved(&s, state.clone()))).unwrap();
        assert!(kept.old_input.is_empty());
        state.old_input.clear();
        assert_eq!(kept, state, "errors and flash survive");
    }

    #[test]
    fn a_secure_cookie_over_plain_http_is_warned_about_once() {
        let secure = store();
        assert!(!secure.warn_if_dropped(None));
        assert!(secure.warn_if_dropped(Some("http://192.168.1.20:3000")));
        assert!(
            !secure.warn_if_dropped(Some("http://192.168.1.20:3000")),
            "once"
        );
        let plain = CookieStore::new([7u8; 32], "inertia_visit".into(), false).unwrap();
        assert!(
            !plain.warn_if_dropped(Some("http://192.168.1.20:3000")),
            "not Secure"
        );
    }

    #[test]
    fn cookie_names_are_checked() {
        assert!(CookieStore::new([1; 32], "a b".into(), true).is_err());
        assert!(CookieStore::new([1; 32], "".into(), true).is_err());
        assert!(CookieStore::new([1; 32], "__Host-visit".into(), true).is_ok());
        let error = CookieStore::new([1; 32], "__Host-visit".into(), false).unwrap_err();
        assert!(error.to_string().contains("Secure"), "{error}");
    }
}
