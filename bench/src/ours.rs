//! This crate: `#[inertia_page]` with a derived `Props` struct and an optional prop.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use inertia_runtime::prop::{self, Prop};
use inertia_runtime::{InertiaConfig, Props, inertia_page};

use crate::{COMPONENT, Row, VERSION, expensive_report, shared_rows};

#[derive(Props)]
struct RowsPage {
    rows: &'static [Row],
    total: usize,
    report: Prop<u64>,
}

#[inertia_page("Bench/Rows")]
async fn page(State(rows): State<&'static [Row]>) -> RowsPage {
    RowsPage {
        rows,
        total: rows.len(),
        report: prop::optional(async { expensive_report() }),
    }
}

/// The router serving `/` with `n` rows (see [`router_for`]).
pub fn router(n: usize) -> Router {
    router_for(shared_rows(n))
}

/// The router serving `/` with `rows`, behind the Inertia layer.
pub fn router_for(rows: &'static [Row]) -> Router {
    let layer = InertiaConfig::new()
        .version(VERSION)
        .into_layer()
        .unwrap_or_else(|e| panic!("benchmark config: {e}"));
    Router::new()
        .route("/", get(page))
        .with_state(rows)
        .layer(layer)
}

// The macro takes a literal; keep it the shared component name.
const _: () = assert!(COMPONENT.len() == "Bench/Rows".len());
