//! What one visit leaves for the next: flash data, validation errors, old input and history
//! flags that must survive a redirect ([`VisitState`]), and where it is kept
//! ([`VisitStore`]).
//!
//! By default the state travels in an encrypted cookie: no server-side storage, nothing to
//! configure but the secret ([`InertiaConfig::signing_key`](crate::InertiaConfig::signing_key)),
//! the same on every server. For more than a cookie holds (about 4 KB, so large forms' old
//! input), keep it in a session instead. With [tower-sessions](https://docs.rs/tower-sessions)
//! (feature `tower-sessions`), [`SessionStore`] does it; the session layer goes outside the
//! Inertia layer:
//!
//! ```
//! # #[cfg(feature = "tower-sessions")] {
//! use axum::Router;
//! use inertia_runtime::{InertiaConfig, visit::SessionStore};
//! use tower_sessions::{MemoryStore, SessionManagerLayer};
//!
//! let app: Router = Router::new()
//!     // .route(…)
//!     .layer(InertiaConfig::new().visit_store(SessionStore::new()).into_layer().unwrap())
//!     .layer(SessionManagerLayer::new(MemoryStore::default()));
//! # let _ = app;
//! # }
//! ```
//!
//! Any other store implements [`VisitStore`].

pub(crate) mod cookie;
#[cfg(feature = "tower-sessions")]
mod session;
mod store;

pub(crate) use cookie::CookieStore;
#[cfg(feature = "tower-sessions")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower-sessions")))]
pub use session::SessionStore;
pub(crate) use store::LoadState;
pub use store::{Handle, Load, Saved, Saving, VisitStore};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validation::ValidationErrors;

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

/// What should happen to the stored visit state after a response ([`Saving::outcome`]).
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
