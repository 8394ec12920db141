//! The pages (`#[inertia_page("Name")]` handlers: their props go to
//! `frontend/src/Pages/Name.@@page_ext@@`) and the form handler.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{Checked, Rules};
use inertia_runtime::prop::{self, Prop};
use inertia_runtime::{Page, Props, InertiaRedirect, ValidationErrors, inertia_page};
use serde::{Deserialize, Serialize};
@@if ts@@
use ts_rs::TS;
@@end@@

/// The signed-in user (`auth.user` on every page).
#[derive(Clone, Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct User {
    pub(crate) name: String,
}

/// One contact.
#[derive(Clone, Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct Contact {
    id: u64,
    name: String,
    email: String,
}

/// The contacts, in memory (a real app has a database here).
#[derive(Clone)]
pub(crate) struct Contacts(Arc<Mutex<Vec<Contact>>>);

impl Contacts {
    pub(crate) fn seeded() -> Self {
        let contact = |id, name: &str, email: &str| Contact {
            id,
            name: name.into(),
            email: email.into(),
        };
        Contacts(Arc::new(Mutex::new(vec![
            contact(1, "Ada Lovelace", "ada@example.com"),
            contact(2, "Alan Turing", "alan@example.com"),
            contact(3, "Katherine Johnson", "katherine@example.com"),
        ])))
    }

    fn all(&self) -> Vec<Contact> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Removes the contact `id`, returning it (`None` if there was none).
    fn remove(&self, id: u64) -> Option<Contact> {
        let mut contacts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let index = contacts.iter().position(|c| c.id == id)?;
        Some(contacts.remove(index))
    }

    fn add(&self, name: String, email: String) {
        let mut contacts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let id = contacts.iter().map(|c| c.id).max().unwrap_or(0) + 1;
        contacts.push(Contact { id, name, email });
    }
}

/// The time of day, to see when a prop was computed.
fn now() -> String {
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

/// Numbers that take a while: the list shows first, the client asks for these after.
#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct Summary {
    total: usize,
    domains: usize,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
pub(crate) struct ContactsProps {
    contacts: Vec<Contact>,
    /// Deferred: loaded by the client right after the page shows.
    summary: Prop<Summary>,
    /// The "Refresh" button reloads only this prop (a partial reload).
    served_at: String,
}

/// `/contacts`
#[inertia_page("Contacts/Index")]
pub(crate) async fn contacts(State(contacts): State<Contacts>) -> ContactsProps {
    ContactsProps {
        contacts: contacts.all(),
        summary: prop::defer(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let all = contacts.all();
            let mut domains: Vec<&str> = all
                .iter()
                .filter_map(|c| c.email.rsplit_once('@').map(|(_, domain)| domain))
                .collect();
            domains.sort_unstable();
            domains.dedup();
            Summary {
                total: all.len(),
                domains: domains.len(),
            }
        }),
        served_at: now(),
    }
}

/// `/contacts/new`: the form (its errors and input come back by themselves).
#[inertia_page("Contacts/Create")]
pub(crate) async fn create() {}

/// The form, as the client's `useForm` sends it.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct NewContact {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

/// The longest name or email address kept (Laravel's `max:255`): without a limit, a few
/// megabyte-long entries would make the list heavy for every visitor.
pub(crate) const MAX_FIELD: usize = 255;

impl Rules for NewContact {
    fn check(&self, errors: &mut ValidationErrors) {
        let name = self.name.trim();
        if name.is_empty() {
            errors.push("name", "The name is required.");
        } else if name.chars().count() > MAX_FIELD {
            errors.push("name", "The name must not be longer than 255 characters.");
        }
        let email = self.email.trim();
        let looks_like_an_address = email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
        if email.chars().count() > MAX_FIELD {
            errors.push(
                "email",
                "The email must not be longer than 255 characters.",
            );
        } else if !looks_like_an_address {
            errors.push(
                "email",
                "The email must be an address like ada@example.com.",
            );
        }
    }
}

/// `POST /contacts`: runs only for valid input (`Checked` sends the form back with its
/// errors otherwise), then on to the list with a flash message.
pub(crate) async fn store(
    State(contacts): State<Contacts>,
    Checked(form): Checked<NewContact>,
) -> Response {
    let name = form.name.trim().to_owned();
    contacts.add(name.clone(), form.email.trim().to_owned());
    InertiaRedirect::to("/contacts")
        .flash("success", format!("{name} was added."))
        .into_response()
}

/// The path of one contact (`/contacts/{contact}`): its id.
#[derive(Deserialize@@if ts@@, TS@@end@@)]
pub(crate) struct ContactPath {
    contact: u64,
}

/// `DELETE /contacts/{contact}`: back to the list, with a message either way (a second
/// click, or another tab, may have deleted it already).
pub(crate) async fn destroy(
    State(contacts): State<Contacts>,
    Path(ContactPath { contact }): Path<ContactPath>,
) -> Response {
    let back = InertiaRedirect::to("/contacts");
    match contacts.remove(contact) {
        Some(removed) => back.flash("success", format!("{} was deleted.", removed.name)),
        None => back.flash("error", "That contact was already deleted."),
    }
    .into_response()
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
    user: Option<User>,
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
