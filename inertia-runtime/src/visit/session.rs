//! [`SessionStore`]: the visit state in a tower-sessions session (feature `tower-sessions`).

use http::{Extensions, HeaderMap};
use tower_sessions::Session;

use super::{Handle, Load, Saved, Saving, VisitOutcome, VisitState, VisitStore};

/// The visit state in the request's [tower-sessions](https://docs.rs/tower-sessions)
/// session, under one key: no size limit (old input of any form), kept server-side (in
/// memory, Redis, a database: whatever store the session layer has). The
/// `SessionManagerLayer` must wrap the Inertia layer (be added after it), so the session is
/// there when the Inertia layer runs; without it, requests go on without visit state and an
/// error is logged once.
///
/// A session store that fails (Redis down) costs the visit state and nothing else: the
/// failure is logged and the request goes on without it (for the session layer's own save
/// failing, wrap the store as the demo's `sessions.rs` shows).
///
/// ```
/// use inertia_runtime::{InertiaConfig, visit::SessionStore};
///
/// let inertia = InertiaConfig::new()
///     .visit_store(SessionStore::new().key("my_app.visit"))
///     .into_layer()
///     .unwrap();
/// # let _ = inertia;
/// ```
#[derive(Debug, Clone)]
pub struct SessionStore {
    key: &'static str,
    missing_logged: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Default for SessionStore {
    fn default() -> Self {
        Self::new()
    }
}

impl SessionStore {
    /// A store under the session key `inertia.visit`.
    pub fn new() -> Self {
        SessionStore {
            key: "inertia.visit",
            missing_logged: std::sync::Arc::default(),
        }
    }

    /// Another session key.
    pub fn key(mut self, key: &'static str) -> Self {
        self.key = key;
        self
    }
}

impl VisitStore for SessionStore {
    fn load(&self, _: &HeaderMap, extensions: &Extensions) -> Load {
        let Some(session) = extensions.get::<Session>().cloned() else {
            if !self
                .missing_logged
                .swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                tracing::error!(
                    "visit::SessionStore found no tower-sessions Session in the request: add the SessionManagerLayer after (around) the Inertia layer. Going on without visit state"
                );
            }
            return Load::ready(None, Handle::none());
        };
        let key = self.key;
        Load::pending(async move {
            let state = match session.get::<VisitState>(key).await {
                Ok(state) => state,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the visit state from the session; going on without it");
                    None
                }
            };
            (state, Handle::new(session))
        })
    }

    fn save(&self, saving: Saving<'_>) -> Saved {
        let Some(session) = saving.handle.take::<Session>() else {
            return Saved::done();
        };
        let key = self.key;
        match saving.outcome {
            VisitOutcome::Keep(state) => Saved::pending(async move {
                if let Err(e) = session.insert(key, state).await {
                    tracing::warn!(error = %e, "cannot store the visit state in the session; it is lost");
                }
            }),
            VisitOutcome::Clear => Saved::pending(async move {
                if let Err(e) = session.remove::<VisitState>(key).await {
                    tracing::warn!(error = %e, "cannot clear the visit state in the session");
                }
            }),
            VisitOutcome::Unchanged => Saved::done(),
        }
    }
}
