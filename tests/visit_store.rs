//! Visit state kept somewhere else than the cookie: in a tower-sessions session
//! (`visit::SessionStore`, the store that must wait for its session), and in a store of the
//! app's own (`VisitStore`). Errors, old input and flash go from the redirect to the page
//! after it, and are gone on the visit after that.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use inertia_runtime::testing::InertiaTest;
use inertia_runtime::visit::{
    Handle, Load, Saved, Saving, SessionStore, VisitOutcome, VisitState, VisitStore,
};
use inertia_runtime::{InertiaConfig, InertiaRedirect, ValidationErrors, inertia_page};
use tower_sessions::{MemoryStore, SessionManagerLayer};

#[inertia_page("Form")]
async fn form() {}

async fn submit() -> InertiaRedirect {
    InertiaRedirect::back_or("/form")
        .with_errors(ValidationErrors::new().add("name", "The name is required."))
        .flash("notice", "Check the form.")
}

fn routes(config: InertiaConfig) -> Router {
    Router::new()
        .route("/form", get(form))
        .route("/submit", post(submit))
        .layer(config.into_layer().unwrap())
}

async fn errors_and_flash_reach_the_next_page_once(mut client: InertiaTest) {
    client.get("/form").await.assert_component("Form");
    client
        .post("/submit", serde_json::json!({ "name": "" }))
        .await
        .assert_component("Form")
        .assert_error("name", "The name is required.")
        .assert_flash("notice", "Check the form.");
    let again = client.get("/form").await;
    again.assert_component("Form");
    assert_eq!(
        again.prop("errors"),
        Some(&serde_json::json!({})),
        "shown once"
    );
}

#[tokio::test]
async fn in_a_tower_sessions_session() {
    let app = routes(InertiaConfig::new().visit_store(SessionStore::new()))
        .layer(SessionManagerLayer::new(MemoryStore::default()).with_secure(false));
    errors_and_flash_reach_the_next_page_once(InertiaTest::new(app)).await;
}

/// A store of the app's own: every visitor shares one slot (enough for one test client),
/// and it counts what the layer asked of it.
#[derive(Debug, Default, Clone)]
struct OneSlot(Arc<Slot>);

#[derive(Debug, Default)]
struct Slot {
    state: Mutex<Option<VisitState>>,
    saves: Mutex<Vec<&'static str>>,
}

impl std::ops::Deref for OneSlot {
    type Target = Slot;
    fn deref(&self) -> &Slot {
        &self.0
    }
}

impl VisitStore for OneSlot {
    fn load(&self, _: &http::HeaderMap, _: &http::Extensions) -> Load {
        Load::ready(self.state.lock().unwrap().clone(), Handle::new("from load"))
    }

    fn save(&self, saving: Saving<'_>) -> Saved {
        assert_eq!(saving.handle.take::<&str>(), Some("from load"));
        let (state, what) = match saving.outcome {
            VisitOutcome::Keep(state) => (Some(state), "keep"),
            VisitOutcome::Clear => (None, "clear"),
            _ => return Saved::done(),
        };
        *self.state.lock().unwrap() = state;
        self.saves.lock().unwrap().push(what);
        Saved::done()
    }
}

#[tokio::test]
async fn in_a_store_of_the_apps_own() {
    let slot = OneSlot::default();
    let app = routes(InertiaConfig::new().visit_store(slot.clone()));
    errors_and_flash_reach_the_next_page_once(InertiaTest::new(app)).await;
    assert_eq!(
        *slot.saves.lock().unwrap(),
        ["keep", "clear"],
        "stored by the redirect, cleared by the page that showed it; nothing for the rest"
    );
}
