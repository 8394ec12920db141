//! What one visit leaves for the next: flash data, validation errors, and history flags that
//! must survive a redirect.
//!
//! The state travels in a signed cookie by default (no server-side storage). To keep it in a
//! session instead, call [`InertiaConfig::external_visit_store`](crate::InertiaConfig::external_visit_store)
//! and add a middleware around the layer that follows this contract:
//!
//! - before the request reaches the layer, insert the stored [`VisitState`] (if any) into the
//!   request's extensions;
//! - after the response comes back, read the [`VisitOutcome`] from the response's
//!   extensions and store (`Keep`), delete (`Clear`) or leave (`Unchanged`) the state.
//!
//! With [tower-sessions](https://docs.rs/tower-sessions):
//!
//! ```ignore
//! use axum::{extract::Request, middleware::{self, Next}, response::Response};
//! use inertia_runtime::visit::{VisitOutcome, VisitState};
//! use tower_sessions::Session;
//!
//! async fn visits_in_session(session: Session, mut req: Request, next: Next) -> Response {
//!     if let Ok(Some(state)) = session.get::<VisitState>("inertia.visit").await {
//!         req.extensions_mut().insert(state);
//!     }
//!     let res = next.run(req).await;
//!     match res.extensions().get::<VisitOutcome>() {
//!         Some(VisitOutcome::Keep(state)) => { let _ = session.insert("inertia.visit", state).await; }
//!         Some(VisitOutcome::Clear) => { let _ = session.remove::<VisitState>("inertia.visit").await; }
//!         _ => {}
//!     }
//!     res
//! }
//!
//! // Router::new()…
//! //     .layer(InertiaConfig::new().external_visit_store().into_layer()?)
//! //     .layer(middleware::from_fn(visits_in_session))
//! //     .layer(SessionManagerLayer::new(store));
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::base64url;
use crate::config::ConfigError;

/// Validation errors of one form: field → messages.
///
/// ```
/// use inertia_runtime::visit::ValidationErrors;
///
/// let errors = ValidationErrors::new()
///     .add("email", "The email is already taken.")
///     .add("email", "The email must be a company address.")
///     .add("name", "The name is required.");
/// assert_eq!(errors.first("email"), Some("The email is already taken."));
/// assert!(!errors.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors(BTreeMap<String, Vec<String>>);

impl ValidationErrors {
    /// No errors.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message for `field` (a field may have several).
    pub fn add(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.push(field, message);
        self
    }

    /// Adds a message for `field`, in place.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_default().push(message.into());
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for `field`.
    pub fn first(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|m| m.first())
            .map(String::as_str)
    }

    /// All messages by field.
    pub fn fields(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ValidationErrors {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut errors = ValidationErrors::new();
        for (field, message) in iter {
            errors.push(field, message);
        }
        errors
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for ValidationErrors {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// The name of the error bag of errors given without one.
pub const DEFAULT_BAG: &str = "default";

/// What one visit leaves for the next page: the state a [`crate::Redirect`] carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VisitState {
    /// Flash data for the next page's `flash`.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub flash: serde_json::Map<String, serde_json::Value>,
    /// Validation errors by error bag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, ValidationErrors>,
    /// The next page clears the client's history encryption key.
    #[serde(default, skip_serializing_if = "is_false")]
    pub clear_history: bool,
    /// The next page keeps the `#fragment` of the URL the client asked for.
    #[serde(default, skip_serializing_if = "is_false")]
    pub preserve_fragment: bool,
    /// The input of a form that failed validation, for the page it goes back to (see
    /// [`crate::form::OldInput`]); fields that must never be stored (passwords) left out.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub old_input: serde_json::Map<String, serde_json::Value>,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

impl VisitState {
    /// Whether there is nothing to carry.
    pub fn is_empty(&self) -> bool {
        self.flash.is_empty()
            && self.errors.is_empty()
            && !self.clear_history
            && !self.preserve_fragment
            && self.old_input.is_empty()
    }

    /// Adds `other` on top of this state (later flash values win; error bags and old input
    /// are replaced).
    pub fn merge(&mut self, other: VisitState) {
        self.flash.extend(other.flash);
        self.errors.extend(other.errors);
        if !other.old_input.is_empty() {
            self.old_input = other.old_input;
        }
        self.clear_history |= other.clear_history;
        self.preserve_fragment |= other.preserve_fragment;
    }
}

/// What should happen to the stored visit state after a response; see the [module
/// docs](self). Found in the response's extensions when the layer uses an external store.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum VisitOutcome {
    /// Store this state (replacing what was stored).
    Keep(VisitState),
    /// Delete the stored state.
    Clear,
    /// Leave the stored state as it is.
    Unchanged,
}

/// State a response sets for the next visit (from [`crate::Redirect`] or [`crate::Page`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Outgoing(pub(crate) VisitState);

/// Marks a response that showed the incoming state to the user (a page render).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Consumed;

/// The incoming state, for the extractor.
#[derive(Debug, Clone)]
pub(crate) struct Incoming(pub(crate) Arc<VisitState>);

/// The state after this response: `incoming` unless a page showed it, plus what the response
/// sets. `None` when nothing changes.
pub(crate) fn outcome(
    incoming: Option<&VisitState>,
    consumed: bool,
    outgoing: Option<VisitState>,
) -> VisitOutcome {
    let mut next = match (incoming, consumed) {
        (Some(state), false) => state.clone(),
        _ => VisitState::default(),
    };
    if let Some(outgoing) = outgoing {
        next.merge(outgoing);
    }
    match incoming {
        Some(before) if *before == next => VisitOutcome::Unchanged,
        None if next.is_empty() => VisitOutcome::Unchanged,
        _ if next.is_empty() => VisitOutcome::Clear,
        _ => VisitOutcome::Keep(next),
    }
}

/// Where the visit state lives.
#[derive(Clone)]
pub(crate) enum Store {
    /// A signed cookie, handled by the layer.
    Cookie(Arc<CookieStore>),
    /// Request/response extensions, handled by a middleware of the app.
    External,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Store::Cookie(c) => f.debug_struct("Cookie").field("name", &c.name).finish(),
            Store::External => f.write_str("External"),
        }
    }
}

type HmacSha256 = Hmac<Sha256>;

/// How long a visit cookie is honoured: a redirect and the page after it take seconds.
const COOKIE_TTL: Duration = Duration::from_secs(15 * 60);
/// Browsers keep cookies up to 4096 bytes (name, value and attributes).
const MAX_COOKIE_LEN: usize = 4000;

/// The signed-cookie store: the state as base64url JSON with an issue time, authenticated
/// with HMAC-SHA256, in an `HttpOnly; SameSite=Lax` cookie.
pub(crate) struct CookieStore {
    key: Vec<u8>,
    pub(crate) name: String,
    secure: bool,
}

impl CookieStore {
    pub(crate) fn new(key: &[u8], name: String, secure: bool) -> Result<Self, ConfigError> {
        if key.len() < 32 {
            return Err(ConfigError::new(format!(
                "the signing key has {} bytes; use at least 32 random bytes",
                key.len()
            )));
        }
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(ConfigError::new(format!(
                "visit cookie name {name:?} must be non-empty letters, digits, `_` or `-`"
            )));
        }
        Ok(CookieStore {
            key: key.to_vec(),
            name,
            secure,
        })
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        // HMAC accepts keys of any length.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable_key());
        mac.update(payload);
        mac
    }

    /// The state from the request's cookie, if one verifies and has not expired.
    pub(crate) fn load(&self, headers: &HeaderMap) -> Option<VisitState> {
        for header in headers.get_all(COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            for pair in text.split(';') {
                let Some((name, value)) = pair.trim().split_once('=') else {
                    continue;
                };
                if name != self.name {
                    continue;
                }
                if let Some(state) = self.verify(value) {
                    return Some(state);
                }
            }
        }
        None
    }

    fn verify(&self, value: &str) -> Option<VisitState> {
        let (payload, signature) = value.split_once('.')?;
        let signature = base64url::decode(signature)?;
        self.mac(payload.as_bytes()).verify_slice(&signature).ok()?;
        let json = base64url::decode(payload)?;
        let envelope: Envelope = serde_json::from_slice(&json).ok()?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        if now.saturating_sub(envelope.iat) > COOKIE_TTL.as_secs() || envelope.iat > now + 60 {
            return None;
        }
        Some(envelope.state)
    }

    /// Adds the `Set-Cookie` that stores (or deletes) the state.
    pub(crate) fn save(&self, outcome: &VisitOutcome, headers: &mut HeaderMap) {
        let attributes = if self.secure {
            "Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "Path=/; HttpOnly; SameSite=Lax"
        };
        let cookie = match outcome {
            VisitOutcome::Unchanged => return,
            VisitOutcome::Clear => format!("{}=; Max-Age=0; {attributes}", self.name),
            VisitOutcome::Keep(state) => match self.cookie_for(state, attributes) {
                Some(cookie) => cookie,
                None if !state.old_input.is_empty() => {
                    // The errors matter more than the input the user can type again.
                    let mut without_input = state.clone();
                    without_input.old_input.clear();
                    match self.cookie_for(&without_input, attributes) {
                        Some(cookie) => {
                            tracing::warn!(
                                "the old input of this form does not fit in the visit cookie; the errors are kept, the input is not. Keep visits in a session (InertiaConfig::external_visit_store) for large forms"
                            );
                            cookie
                        }
                        None => self.too_large(attributes),
                    }
                }
                None => self.too_large(attributes),
            },
        };
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }
}

impl CookieStore {
    /// The `Set-Cookie` value for `state`, or `None` when it is too large for a browser.
    fn cookie_for(&self, state: &VisitState, attributes: &str) -> Option<String> {
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let envelope = EnvelopeRef { iat, state };
        let json = serde_json::to_vec(&envelope).ok()?;
        let payload = base64url::encode(&json);
        let signature = base64url::encode(&self.mac(payload.as_bytes()).finalize().into_bytes());
        let cookie = format!("{}={payload}.{signature}; {attributes}", self.name);
        (cookie.len() <= MAX_COOKIE_LEN).then_some(cookie)
    }

    #[cold]
    fn too_large(&self, attributes: &str) -> String {
        tracing::error!(
            "the flash data and errors of this visit do not fit in a cookie; they are dropped. Flash less data, or keep visits in a session (InertiaConfig::external_visit_store)"
        );
        format!("{}=; Max-Age=0; {attributes}", self.name)
    }
}

#[cold]
fn unreachable_key() -> HmacSha256 {
    // `new_from_slice` only fails for fixed-size-key MACs; HMAC takes any length. Should it
    // ever fail, a fixed key makes every signature check fail: state is lost, nothing forged.
    <HmacSha256 as KeyInit>::new(&Default::default())
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

/// A random key for processes that did not configure one (flash works within this process).
pub(crate) fn random_key() -> Vec<u8> {
    use std::io::Read;
    let mut key = vec![0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut key));
    if from_os.is_ok() {
        return key;
    }
    // No /dev/urandom: derive from the OS-seeded hasher keys and the time (not a CSPRNG,
    // but unpredictable enough for a per-process key, and the startup log says to set one).
    use std::hash::{BuildHasher, Hasher};
    key.clear();
    for i in 0..4u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        key.extend_from_slice(&h.finish().to_le_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> CookieStore {
        CookieStore::new(&[7u8; 32], "inertia_visit".into(), true).unwrap()
    }

    fn state() -> VisitState {
        let mut s = VisitState::default();
        s.flash.insert("success".into(), "Saved".into());
        s.errors.insert(
            DEFAULT_BAG.into(),
            ValidationErrors::from([("name", "required")]),
        );
        s.clear_history = true;
        s
    }

    fn cookie_header(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).unwrap(),
        );
        h
    }

    #[test]
    fn cookie_roundtrip() {
        let s = store();
        let mut out = HeaderMap::new();
        s.save(&VisitOutcome::Keep(state()), &mut out);
        let set = out.get(SET_COOKIE).unwrap();
        let text = set.to_str().unwrap();
        assert!(text.starts_with("inertia_visit="));
        assert!(text.ends_with("; Path=/; HttpOnly; SameSite=Lax; Secure"));
        assert_eq!(s.load(&cookie_header(set)), Some(state()));
    }

    #[test]
    fn tampered_foreign_or_garbage_cookies_are_ignored() {
        let s = store();
        let mut out = HeaderMap::new();
        s.save(&VisitOutcome::Keep(state()), &mut out);
        let good = out
            .get(SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let (name_payload, sig) = good.rsplit_once('.').unwrap();
        let mut flipped = sig.to_owned().into_bytes();
        flipped[0] = if flipped[0] == b'A' { b'B' } else { b'A' };
        let tampered = format!("{name_payload}.{}", String::from_utf8(flipped).unwrap());
        let other_key = CookieStore::new(&[8u8; 32], "inertia_visit".into(), true).unwrap();
        for cookie in [
            tampered.as_str(),
            "inertia_visit=",
            "inertia_visit=abc",
            "inertia_visit=abc.def",
            "inertia_visit=....",
            "inertia_visit",
        ] {
            let mut h = HeaderMap::new();
            h.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
            assert_eq!(s.load(&h), None, "{cookie}");
        }
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_str(&good).unwrap());
        assert_eq!(other_key.load(&h), None, "another key");
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_bytes(b"inertia_visit=\xff").unwrap(),
        );
        assert_eq!(s.load(&h), None);
    }

    #[test]
    fn expired_cookies_are_ignored() {
        let s = store();
        let old = EnvelopeRef {
            iat: 1,
            state: &state(),
        };
        let payload = base64url::encode(&serde_json::to_vec(&old).unwrap());
        let sig = base64url::encode(&s.mac(payload.as_bytes()).finalize().into_bytes());
        assert_eq!(s.verify(&format!("{payload}.{sig}")), None);
    }

    #[test]
    fn clear_expires_the_cookie_and_unchanged_writes_nothing() {
        let s = store();
        let mut out = HeaderMap::new();
        s.save(&VisitOutcome::Unchanged, &mut out);
        assert!(out.is_empty());
        s.save(&VisitOutcome::Clear, &mut out);
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
        store().save(&VisitOutcome::Keep(big), &mut out);
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
        let mut out = HeaderMap::new();
        s.save(&VisitOutcome::Keep(state.clone()), &mut out);
        let kept = s
            .load(&cookie_header(out.get(SET_COOKIE).unwrap()))
            .unwrap();
        assert!(kept.old_input.is_empty());
        state.old_input.clear();
        assert_eq!(kept, state, "errors and flash survive");
    }

    #[test]
    fn short_keys_and_bad_names_are_config_errors() {
        assert!(CookieStore::new(&[1; 16], "a".into(), true).is_err());
        assert!(CookieStore::new(&[1; 32], "a b".into(), true).is_err());
    }

    #[test]
    fn outcomes() {
        let s = state();
        assert_eq!(outcome(None, false, None), VisitOutcome::Unchanged);
        assert_eq!(
            outcome(Some(&s), false, None),
            VisitOutcome::Unchanged,
            "reflash: kept as is"
        );
        assert_eq!(
            outcome(Some(&s), true, None),
            VisitOutcome::Clear,
            "shown: cleared"
        );
        let mut add = VisitState::default();
        add.flash.insert("info".into(), "x".into());
        let VisitOutcome::Keep(kept) = outcome(Some(&s), false, Some(add.clone())) else {
            panic!()
        };
        assert_eq!(
            kept.flash.len(),
            2,
            "redirect chain keeps old and new flash"
        );
        assert_eq!(
            outcome(Some(&s), true, Some(add.clone())),
            VisitOutcome::Keep(add)
        );
    }

    #[test]
    fn random_keys_are_long_and_differ() {
        let a = random_key();
        assert!(a.len() >= 32);
        assert_ne!(a, random_key());
    }
}
