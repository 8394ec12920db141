//! The demo's pages and form handlers.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use inertia_runtime::form::{OldInput, UploadedFile, Validated};
use inertia_runtime::prop::{self, Paginated, Prop};
use inertia_runtime::{ErrorPage, InertiaRedirect, InertiaRequest, Props, component, inertia_page};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use validator::{Validate, ValidationError};

use crate::ASSETS;
use crate::store::{Attachment, Counts, Status, Store, Task};

/// The app state: the task store.
pub(crate) type AppState = Arc<Store>;

const PER_PAGE: u64 = 10;

/// The current time of day, to show when a prop was computed.
pub(crate) fn now() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let secs = millis / 1000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60,
        millis % 1000
    )
}

#[derive(Serialize, TS)]
pub(crate) struct Stats {
    counts: Counts,
    open: usize,
    computed_at: String,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
pub(crate) struct DashboardProps {
    greeting: &'static str,
    served_at: String,
    /// Slow numbers: the page shows first, then the client loads these.
    stats: Prop<Stats>,
    /// Also deferred, in its own group, and it may fail: `rescue` keeps the page working.
    tip: Prop<&'static str>,
}

/// How long the dashboard's deferred stats take.
fn stats_delay() -> Duration {
    static DELAY: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *DELAY.get_or_init(|| {
        let ms = std::env::var("DEMO_STATS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(400);
        Duration::from_millis(ms)
    })
}

/// `/`: the dashboard, with deferred props.
#[inertia_page("Dashboard")]
pub(crate) async fn dashboard(State(store): State<AppState>) -> DashboardProps {
    DashboardProps {
        greeting: "Hello from axum",
        served_at: now(),
        stats: prop::defer(async move {
            // A slow query (400 ms, so the loading state shows; `DEMO_STATS_DELAY_MS` changes
            // it, e.g. to 0 for the load test).
            tokio::time::sleep(stats_delay()).await;
            let counts = store.counts();
            Stats {
                open: counts.todo + counts.doing,
                counts,
                computed_at: now(),
            }
        })
        .group("stats"),
        tip: prop::defer(async { "Press ⌘K to search (not really)." })
            .group("tips")
            .rescue(),
    }
}

#[derive(Deserialize)]
pub(crate) struct IndexQuery {
    page: Option<u64>,
    status: Option<Status>,
}

#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CountsProp {
    counts: Counts,
    generated_at: String,
}

#[derive(Serialize, TS)]
pub(crate) struct Filters {
    status: Option<Status>,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
pub(crate) struct TasksProps {
    #[prop(ts_required)]
    tasks: Prop<Paginated<Task>>,
    filters: Filters,
    /// Reloaded on its own by the "Refresh counts" button (a partial reload).
    #[prop(ts_required)]
    counts: Prop<CountsProp>,
    served_at: String,
}

/// `/tasks`: the task list, loaded page by page as it scrolls.
#[inertia_page("Tasks/Index")]
pub(crate) async fn tasks(
    State(store): State<AppState>,
    Query(q): Query<IndexQuery>,
) -> TasksProps {
    let page = q.page.unwrap_or(1).max(1);
    let (items, total) = store.page(q.status, page, PER_PAGE);
    TasksProps {
        tasks: prop::value(Paginated::new(items, page, PER_PAGE).total(total)).scroll(),
        filters: Filters { status: q.status },
        counts: prop::lazy(async move {
            CountsProp {
                counts: store.counts(),
                generated_at: now(),
            }
        }),
        served_at: now(),
    }
}

#[derive(Serialize, TS)]
pub(crate) struct ShowProps {
    task: Task,
}

/// The props of the not-found page.
#[derive(Serialize, TS)]
pub(crate) struct NotFoundProps {
    pub(crate) message: String,
}

/// `/tasks/{id}`: one task, or the not-found page (an Inertia page) with a 404.
#[inertia_page("Tasks/Show")]
pub(crate) async fn show(
    State(store): State<AppState>,
    Path(id): Path<u64>,
) -> Result<ShowProps, ErrorPage> {
    store.get(id).map(|task| ShowProps { task }).ok_or_else(|| {
        ErrorPage::new(
            component!("Errors/NotFound"),
            NotFoundProps {
                message: format!("There is no task {id}."),
            },
        )
        .status(StatusCode::NOT_FOUND)
    })
}

/// What the form held when it last failed validation (`form::OldInput`, Laravel's `old()`):
/// the page fills its fields from it after a full reload, or when the failed post was
/// answered by another server than the one that will show the form.
#[derive(Serialize, TS, Default)]
pub(crate) struct OldTask {
    #[ts(optional)]
    title: Option<String>,
    #[ts(optional)]
    description: Option<String>,
    #[ts(optional)]
    due: Option<String>,
}

#[derive(Serialize, TS)]
pub(crate) struct CreateProps {
    old: OldTask,
}

/// `/tasks/new`: the form.
#[inertia_page("Tasks/Create")]
pub(crate) async fn create(OldInput(old): OldInput) -> CreateProps {
    let text = |field: &str| old.get(field).and_then(|v| v.as_str()).map(str::to_owned);
    CreateProps {
        old: OldTask {
            title: text("title"),
            description: text("description"),
            due: text("due"),
        },
    }
}

/// The new-task form, as `useForm` sends it (JSON, or multipart once a file is chosen). The
/// rules run before the handler: an invalid form goes back with its errors (and its input),
/// and `form.validate('title')` checks a field as the user types (Precognition), without
/// creating anything.
#[derive(Deserialize, Validate, TS)]
pub(crate) struct NewTask {
    #[serde(default)]
    #[validate(custom(function = "title"))]
    title: String,
    #[serde(default)]
    #[validate(length(
        max = 5000,
        message = "The description must not be longer than 5000 characters."
    ))]
    description: String,
    #[serde(default)]
    #[validate(custom(function = "date_or_empty"))]
    due: String,
    /// An optional file (`null` until one is chosen).
    #[serde(default)]
    #[validate(custom(function = "small_file"))]
    attachment: Option<UploadedFile>,
}

/// The largest attachment the rules accept. Larger bodies than the router's limit (2 MB,
/// axum's default) never get this far: they are answered `413`.
pub(crate) const MAX_ATTACHMENT: usize = 1024 * 1024;

/// An attachment is at most [`MAX_ATTACHMENT`] bytes, and not empty.
fn small_file(file: &UploadedFile) -> Result<(), ValidationError> {
    if file.is_empty() {
        return Err(ValidationError::new("empty").with_message("The attachment is empty.".into()));
    }
    if file.len() > MAX_ATTACHMENT {
        return Err(ValidationError::new("size")
            .with_message("The attachment must not be larger than 1 MB.".into()));
    }
    Ok(())
}

/// The name to show for an uploaded file: its last path segment, at most 100 characters
/// (browsers send a bare name, but the field is the client's to fill).
fn display_name(file: &UploadedFile) -> String {
    let name = file.file_name().unwrap_or("attachment");
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    let name: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    if name.is_empty() {
        "attachment".to_owned()
    } else {
        name
    }
}

/// The longest title kept (Laravel's `max:255`). Without a limit, twelve 1.9 MB titles made
/// the task list 10 MB for every visitor and its server render take seconds.
pub(crate) const MAX_TITLE: usize = 255;

/// A title is required, and 3 to 255 characters long once trimmed.
fn title(value: &str) -> Result<(), ValidationError> {
    let title = value.trim();
    if title.is_empty() {
        return Err(ValidationError::new("required").with_message("The title is required.".into()));
    }
    let length = title.chars().count();
    if length < 3 {
        return Err(ValidationError::new("length")
            .with_message("The title must be at least 3 characters.".into()));
    }
    if length > MAX_TITLE {
        return Err(ValidationError::new("length")
            .with_message("The title must not be longer than 255 characters.".into()));
    }
    Ok(())
}

/// `due` is empty or looks like `2026-12-31`.
fn date_or_empty(value: &str) -> Result<(), ValidationError> {
    let due = value.trim();
    if due.is_empty() || is_date(due) {
        return Ok(());
    }
    Err(ValidationError::new("date").with_message("The due date must look like 2026-12-31.".into()))
}

/// `POST /tasks`: only valid input gets here; on to the new task with a flash message.
pub(crate) async fn store(
    State(store): State<AppState>,
    Validated(input): Validated<NewTask>,
) -> Response {
    let due = input.due.trim();
    let task = store.create(
        input.title.trim().to_owned(),
        input.description.trim().to_owned(),
        (!due.is_empty()).then(|| due.to_owned()),
        input.attachment.as_ref().map(|file| Attachment {
            name: display_name(file),
            size: file.len() as u64,
        }),
    );
    InertiaRedirect::to(format!("/tasks/{}", task.id))
        .flash("success", format!("Created “{}”.", task.title))
        .into_response()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[derive(Serialize, TS)]
pub(crate) struct AboutProps {
    /// The version of the build embedded in the binary (fixed at compile time).
    version: &'static str,
    /// The version the server serves now: the same, or the Vite dev server's URL while one
    /// runs (what pages carry and the version check compares).
    serving: String,
    #[serde(rename = "crate")]
    krate: &'static str,
}

/// `/about`: the asset version the server runs with.
#[inertia_page("About")]
pub(crate) async fn about(inertia: InertiaRequest) -> AboutProps {
    AboutProps {
        version: ASSETS.version(),
        serving: inertia.version(),
        krate: "inertia-runtime",
    }
}

/// `/labs/browser-only`: a page whose component reads `window` while rendering, so its
/// server-side render fails and it is rendered in the browser (the fallback, shown).
#[inertia_page("Labs/BrowserOnly")]
pub(crate) async fn browser_only() {}

/// How deep `/labs/thread` nests at most (the deepest case of the SSR stack tests).
const MAX_THREAD_DEPTH: u32 = 200_000;

/// The query of `/labs/thread`.
#[derive(Deserialize)]
pub(crate) struct ThreadQuery {
    depth: Option<u32>,
    shape: Option<ThreadShape>,
}

/// How `/labs/thread` nests: replies (a component that renders itself for each reply) or
/// quotes (nested `<blockquote>`s, built in a loop).
#[derive(Clone, Copy, Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ThreadShape {
    Replies,
    Quotes,
}

#[derive(Serialize, TS)]
pub(crate) struct ThreadProps {
    depth: u32,
    shape: ThreadShape,
}

/// `/labs/thread?depth=600&shape=quotes`: markup nested as deep as the address asks, as a
/// reply thread, quoted mail or a category tree nests as deep as its users make it. A render
/// too deep for the server's engine throws there (QuickJS's stack limit) and the page is
/// rendered in the browser; the server keeps serving (docs/reliability.md).
#[inertia_page("Labs/Thread")]
pub(crate) async fn thread(Query(query): Query<ThreadQuery>) -> ThreadProps {
    ThreadProps {
        depth: query.depth.unwrap_or(20).min(MAX_THREAD_DEPTH),
        shape: query.shape.unwrap_or(ThreadShape::Replies),
    }
}

/// `/docs`: an external redirect (a full page visit to another site).
pub(crate) async fn docs() -> InertiaRedirect {
    InertiaRedirect::location("https://inertiajs.com/")
}
