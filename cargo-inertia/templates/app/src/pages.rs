//! The pages that are not contacts (`#[inertia_page("Name")]` handlers: their props go to
//! `frontend/src/Pages/Name.@@page_ext@@`), and what every page shares.

use axum::extract::OriginalUri;
use axum::http::StatusCode;
use inertia_runtime::{Page, inertia_page};
use serde::Serialize;
@@if ts@@
use ts_rs::TS;
@@end@@

/// The time of day, to see when a prop was computed.
pub(crate) fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{:02}:{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60, secs % 60)
}

#[derive(Serialize@@if ts@@, TS@@end@@)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DashboardProps {
    greeting: String,
    served_at: String,
}

/// `/`
#[inertia_page("Dashboard")]
pub(crate) async fn dashboard() -> DashboardProps {
    DashboardProps {
        greeting: "Hello from axum".into(),
        served_at: now(),
    }
}

#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct ErrorProps {
    status: u16,
    message: String,
}

/// Any other address: the error page, an Inertia page like the others, with a 404.
#[inertia_page("ErrorPage")]
pub(crate) async fn not_found(OriginalUri(uri): OriginalUri) -> Page<ErrorProps> {
    Page::new(ErrorProps {
        status: 404,
        message: format!("There is no page at {}.", uri.path()),
    })
    .status(StatusCode::NOT_FOUND)
}
@@if ts@@

/// Shared props, for the TypeScript types (`share` and `share_with` in main.rs).
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct SharedProps {
    app_name: String,
    auth: Auth,
}

/// `auth` of [`SharedProps`].
#[derive(Serialize, TS)]
#[allow(dead_code)]
struct Auth {
    user: Option<crate::auth::User>,
}

/// Flash data (`InertiaRedirect::flash`).
#[derive(Serialize, TS)]
#[allow(dead_code)]
struct Flash {
    #[ts(optional)]
    success: Option<String>,
    #[ts(optional)]
    error: Option<String>,
}

/// The TypeScript types of every page, for `frontend/src/types/pages.d.ts` (`routes.rs`
/// adds the types its routes take and writes it).
pub(crate) fn typescript() -> inertia_runtime::typescript::TypeScript {
    inertia_runtime::typescript::TypeScript::new()
        .shared_props::<SharedProps>()
        .flash::<Flash>()
        .regenerate_with("INERTIA_WRITE_TYPES=1 cargo test")
}
@@end@@
