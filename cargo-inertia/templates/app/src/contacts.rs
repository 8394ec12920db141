//! Contacts, each user's own: the list (searched, and loaded page by page as it scrolls), the
//! form to add or change one, and deleting one. Every query names the signed-in user, so no
//! address reaches another user's contacts.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{Checked, Rules};
use inertia_runtime::prop::{self, Paginated, Prop};
use inertia_runtime::{InertiaRedirect, Page, Props, ValidationErrors, inertia_page};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
@@if ts@@
use ts_rs::TS;
@@end@@

use crate::auth::CurrentUser;
use crate::error::ServerError;
use crate::clock::now;
use crate::rules;

/// Contacts per page of the list (the next page loads as the list scrolls to its end).
pub(crate) const PER_PAGE: u64 = 20;

/// One contact.
#[derive(Clone, Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct Contact {
    id: i64,
    name: String,
    email: String,
}

/// `?search=…&page=…` of the list.
#[derive(Deserialize, Default@@if ts@@, TS@@end@@)]
pub(crate) struct ListQuery {
    #[serde(default)]
    search: String,
    page: Option<u64>,
}

/// The search the list shows, given back so the search box keeps it.
#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct Filters {
    search: String,
}

/// Numbers that take a while: the list shows first, the client asks for these after.
#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct Summary {
    total: i64,
    domains: i64,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
pub(crate) struct ContactsProps {
    /// One page of contacts; the client's `<InfiniteScroll>` asks for the next and appends it.
    #[prop(ts_required)]
    contacts: Prop<Paginated<Contact>>,
    filters: Filters,
    /// Deferred: loaded by the client right after the page shows.
    summary: Prop<Summary>,
    /// The "Refresh" button reloads only this prop (a partial reload).
    served_at: String,
}

/// A `LIKE` pattern that finds `search` anywhere, its own `%` and `_` taken literally.
fn containing(search: &str) -> String {
    let mut pattern = String::with_capacity(search.len() + 2);
    pattern.push('%');
    for c in search.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `/contacts`
#[inertia_page("Contacts/Index")]
pub(crate) async fn index(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<ContactsProps, ServerError> {
    let search = query.search.trim().to_owned();
    let pattern = containing(&search);
    let page = query.page.unwrap_or(1).clamp(1, i64::MAX as u64 / PER_PAGE);
    let (limit, offset) = (PER_PAGE as i64, ((page - 1) * PER_PAGE) as i64);
    let contacts = sqlx::query_as!(
        Contact,
        r#"SELECT id AS "id!", name, email FROM contacts
           WHERE user_id = ?1 AND (name LIKE ?2 ESCAPE '\' OR email LIKE ?2 ESCAPE '\')
           ORDER BY name COLLATE NOCASE, id LIMIT ?3 OFFSET ?4"#,
        user.id,
        pattern,
        limit,
        offset
    )
    .fetch_all(&db)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "count!: i64" FROM contacts
           WHERE user_id = ?1 AND (name LIKE ?2 ESCAPE '\' OR email LIKE ?2 ESCAPE '\')"#,
        user.id,
        pattern
    )
    .fetch_one(&db)
    .await?;
    Ok(ContactsProps {
        contacts: prop::value(Paginated::new(contacts, page, PER_PAGE).total(total as u64))
            .scroll(),
        filters: Filters { search },
        summary: prop::defer(async move {
            let summary = sqlx::query_as!(
                Summary,
                r#"SELECT COUNT(*) AS "total!: i64",
                   COUNT(DISTINCT lower(substr(email, instr(email, '@') + 1))) AS "domains!: i64"
                   FROM contacts WHERE user_id = ?1"#,
                user.id
            )
            .fetch_one(&db)
            .await;
            // A deferred prop has no error page of its own: an empty summary, and the log.
            summary.unwrap_or_else(|e| {
                tracing::error!("the contacts' summary failed: {e}");
                Summary { total: 0, domains: 0 }
            })
        }),
        served_at: now(),
    })
}

/// The user's `limit` most recently added contacts (for the dashboard). A failure is logged
/// and shows as none: a deferred prop has no error page of its own.
pub(crate) async fn latest(db: &SqlitePool, user_id: i64, limit: i64) -> Vec<Contact> {
    let latest = sqlx::query_as!(
        Contact,
        r#"SELECT id AS "id!", name, email FROM contacts WHERE user_id = ?1
           ORDER BY id DESC LIMIT ?2"#,
        user_id,
        limit
    )
    .fetch_all(db)
    .await;
    latest.unwrap_or_else(|e| {
        tracing::error!("the latest contacts failed: {e}");
        Vec::new()
    })
}

/// `/contacts/new`: the form (its errors and input come back by themselves).
#[inertia_page("Contacts/Create")]
pub(crate) async fn create() {}

/// The form, as the client's `useForm` sends it (to add a contact or change one).
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ContactForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

impl Rules for ContactForm {
    fn check(&self, errors: &mut ValidationErrors) {
        rules::name(errors, &self.name);
        rules::email(errors, &self.email);
    }
}

/// `POST /contacts`: runs only for valid input (`Checked` sends the form back with its
/// errors otherwise), then on to the list with a flash message.
pub(crate) async fn store(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
    Checked(form): Checked<ContactForm>,
) -> Result<Response, ServerError> {
    let (name, email) = (form.name.trim(), form.email.trim());
    sqlx::query!(
        "INSERT INTO contacts (user_id, name, email) VALUES (?1, ?2, ?3)",
        user.id,
        name,
        email
    )
    .execute(&db)
    .await?;
    Ok(InertiaRedirect::to("/contacts")
        .flash("success", format!("{name} was added."))
        .into_response())
}

/// The path of one contact (`/contacts/{contact}`): its id.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ContactPath {
    contact: i64,
}

#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct EditProps {
    contact: Contact,
}

/// Back to the list, saying the contact is gone (another tab may have deleted it).
fn gone() -> Response {
    InertiaRedirect::to("/contacts")
        .flash("error", "That contact was deleted.")
        .into_response()
}

/// `/contacts/{contact}/edit`: the form, filled in.
#[inertia_page("Contacts/Edit")]
pub(crate) async fn edit(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
    Path(ContactPath { contact }): Path<ContactPath>,
) -> Result<Page<EditProps>, Response> {
    let found = sqlx::query_as!(
        Contact,
        r#"SELECT id AS "id!", name, email FROM contacts WHERE id = ?1 AND user_id = ?2"#,
        contact,
        user.id
    )
    .fetch_optional(&db)
    .await
    .map_err(|e| ServerError::from(e).into_response())?;
    match found {
        Some(contact) => Ok(Page::new(EditProps { contact })),
        None => Err(gone()),
    }
}

/// `PUT /contacts/{contact}`: the changed contact, then back to the list.
pub(crate) async fn update(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
    Path(ContactPath { contact }): Path<ContactPath>,
    Checked(form): Checked<ContactForm>,
) -> Result<Response, ServerError> {
    let (name, email) = (form.name.trim(), form.email.trim());
    let changed = sqlx::query!(
        "UPDATE contacts SET name = ?1, email = ?2 WHERE id = ?3 AND user_id = ?4",
        name,
        email,
        contact,
        user.id
    )
    .execute(&db)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(gone());
    }
    Ok(InertiaRedirect::to("/contacts")
        .flash("success", format!("{name} was saved."))
        .into_response())
}

/// `DELETE /contacts/{contact}`: back to the list, with a message either way (a second
/// click, or another tab, may have deleted it already).
pub(crate) async fn destroy(
    State(db): State<SqlitePool>,
    CurrentUser(user): CurrentUser,
    Path(ContactPath { contact }): Path<ContactPath>,
) -> Result<Response, ServerError> {
    let removed = sqlx::query_scalar!(
        "DELETE FROM contacts WHERE id = ?1 AND user_id = ?2 RETURNING name",
        contact,
        user.id
    )
    .fetch_optional(&db)
    .await?;
    let back = InertiaRedirect::to("/contacts");
    Ok(match removed {
        Some(name) => back.flash("success", format!("{name} was deleted.")),
        None => back.flash("error", "That contact was already deleted."),
    }
    .into_response())
}

/// Three contacts for a new account, so its list is not empty on the first visit. Delete this
/// (and its call in `auth/pages.rs`) when the app's users should start with none.
pub(crate) async fn add_samples(db: &SqlitePool, user_id: i64) -> Result<(), ServerError> {
    sqlx::query!(
        "INSERT INTO contacts (user_id, name, email) VALUES
            (?1, 'Ada Lovelace', 'ada@example.com'),
            (?1, 'Alan Turing', 'alan@example.com'),
            (?1, 'Katherine Johnson', 'katherine@example.com')",
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::containing;

    #[test]
    fn searches_take_wildcards_literally() {
        assert_eq!(containing("ada"), "%ada%");
        assert_eq!(containing("100%_a\\b"), "%100\\%\\_a\\\\b%");
    }
}
