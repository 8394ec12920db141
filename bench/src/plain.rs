//! The floor: a hand-written axum handler that returns the same page object with
//! `axum::Json`, with no Inertia protocol at all (no version check, no HTML, no partials).

use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::routing::get;
use serde::Serialize;

use crate::{COMPONENT, Row, VERSION, shared_rows};

#[derive(Serialize)]
struct PageObject {
    component: &'static str,
    props: Props,
    url: String,
    version: &'static str,
}

#[derive(Serialize)]
struct Props {
    rows: &'static [Row],
    total: usize,
}

async fn page(
    State(rows): State<&'static [Row]>,
    OriginalUri(uri): OriginalUri,
) -> axum::Json<PageObject> {
    axum::Json(PageObject {
        component: COMPONENT,
        props: Props {
            rows,
            total: rows.len(),
        },
        url: uri.to_string(),
        version: VERSION,
    })
}

/// The router serving `/` with `n` rows (see [`router_for`]).
pub fn router(n: usize) -> Router {
    router_for(shared_rows(n))
}

/// The router serving `/` with `rows`.
pub fn router_for(rows: &'static [Row]) -> Router {
    Router::new().route("/", get(page)).with_state(rows)
}
