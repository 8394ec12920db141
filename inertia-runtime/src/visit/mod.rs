//! What one visit leaves for the next: flash data, validation errors, and history flags that
//! must survive a redirect.
//!
//! The state travels in an encrypted cookie by default (no server-side storage; see
//! [`InertiaConfig::signing_key`](crate::InertiaConfig::signing_key)). To keep it in a
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

pub(crate) mod cookie;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use cookie::CookieStore;

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

/// What one visit leaves for the next page: the state a [`crate::InertiaRedirect`] carries.
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

/// State a response sets for the next visit (from [`crate::InertiaRedirect`] or [`crate::Page`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Outgoing(pub(crate) VisitState);

/// Marks a response that showed the incoming state to the user (a page render).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Consumed;

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
    /// An encrypted cookie, handled by the layer.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
