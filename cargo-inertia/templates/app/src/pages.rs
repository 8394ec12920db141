//! The pages that are not contacts (`#[inertia_page("Name")]` handlers: their props go to
//! `frontend/src/Pages/Name.@@page_ext@@`), and what every page shares.

use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use inertia_runtime::prop::{self, Prop};
use inertia_runtime::{Page, Props, inertia_page};
use serde::Serialize;
use sqlx::SqlitePool;
@@if ts@@
use ts_rs::TS;
@@end@@

use crate::auth::CurrentUser;
use crate::clock::now;
use crate::contacts::{self, Contact};
use crate::error::{ErrorProps, ServerError};

/// The dashboard's figures, counted in one query.
#[derive(Serialize@@if ts@@, TS@@end@@)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Counts {
    contacts: i64,
    /// Distinct address domains.
    domains: i64,
    /// Added in the last seven days.
    this_week: i64,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
pub(crate) struct DashboardProps {
    greeting: String,
    counts: Counts,
    /// Deferred: the page shows at once, with a placeholder, and the client asks for these.
    latest: Prop<Vec<Contact>>,
    served_at: String,
}

/// `/`: the user's figures and latest contacts.
#[inertia_page("Dashboard")]
pub(crate) async fn dashboard(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
) -> Result<DashboardProps, ServerError> {
    let counts = sqlx::query_as!(
        Counts,
        r#"SELECT COUNT(*) AS "contacts!: i64",
           COUNT(DISTINCT lower(substr(email, instr(email, '@') + 1))) AS "domains!: i64",
           COUNT(*) FILTER (WHERE created_at >= datetime('now', '-7 days')) AS "this_week!: i64"
           FROM contacts WHERE user_id = ?1"#,
        user.id
    )
    .fetch_one(&db)
    .await?;
    Ok(DashboardProps {
        greeting: "Hello from axum".into(),
        counts,
        latest: prop::defer(async move { contacts::latest(&db, user.id, 5).await }),
        served_at: now(),
    })
}


/// Any other address: the error page, an Inertia page like the others, with a 404.
#[inertia_page("ErrorPage")]
pub(crate) async fn not_found(OriginalUri(uri): OriginalUri) -> Page<ErrorProps> {
    Page::new(ErrorProps::new(
        StatusCode::NOT_FOUND,
        format!("There is no page at {}.", uri.path()),
    ))
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
    appearance: crate::appearance::Appearance,
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
