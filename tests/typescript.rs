//! The TypeScript export: every `#[inertia_page]` in this binary, with its props type, the
//! shared props and flash types, checked against a committed file (`fixtures/typescript`)
//! that `tsc` compiles in CI (`tests/fixtures/typescript/check.ts`, run by scripts/test.sh).
//!
//! Regenerate after an intended change with
//! `INERTIA_WRITE_TYPES=1 cargo test -p inertia-tests --test typescript` and review the diff.

use axum::http::StatusCode;
use inertia_runtime::prop::{Paginated, Prop};
use inertia_runtime::routes::Routes;
use inertia_runtime::typescript::TypeScript;
use inertia_runtime::{ErrorPage, Page, Props, inertia_page};
use serde::Serialize;
use ts_rs::TS;

/// A task, as the frontend sees it.
#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
struct Task {
    id: u64,
    title: String,
    due_date: Option<String>,
    status: Status,
}

#[derive(Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Status {
    Todo,
    Done,
}

#[derive(Serialize, TS)]
struct Stats {
    open: u32,
}

#[derive(Props)]
struct Common {
    version: &'static str,
}

#[derive(Props)]
#[prop(rename_all = "camelCase")]
struct Board {
    tasks: Prop<Paginated<Task>>,
    stats: Prop<Stats>,
    #[prop(ts_required)]
    lazy_count: Prop<u32>,
    served_at: String,
    #[prop(rename = "motd")]
    message_of_the_day: &'static str,
    #[prop(skip_if = "Option::is_none")]
    banner: Option<String>,
    #[prop(ts_type = "`#${string}`")]
    accent: String,
    #[prop(skip)]
    #[allow(dead_code)]
    internal: u32,
    #[prop(flatten)]
    common: Common,
    nested: Common,
}

#[inertia_page("Board")]
async fn board() -> Board {
    unimplemented!()
}

#[derive(Serialize, TS)]
struct ShowProps {
    task: Task,
}

#[inertia_page("Tasks/Show")]
async fn show() -> Result<ShowProps, ErrorPage> {
    unimplemented!()
}

#[inertia_page("Tasks/Edit")]
async fn edit() -> Result<Page<ShowProps>, StatusCode> {
    unimplemented!()
}

#[derive(Serialize, TS)]
struct Pick {
    choices: Vec<String>,
}

/// Two handlers of one component: the props are either.
#[inertia_page("Tasks/Show")]
async fn show_pick() -> Pick {
    unimplemented!()
}

#[inertia_page("Empty")]
async fn empty() {}

#[inertia_page("Raw")]
async fn raw() -> serde_json::Value {
    unimplemented!()
}

#[inertia_page("Opaque")]
async fn opaque() -> impl Serialize {
    serde_json::json!({})
}

#[derive(Serialize, TS)]
#[serde(rename_all = "camelCase")]
struct Shared {
    app_name: String,
    auth: Auth,
}

#[derive(Serialize, TS)]
struct Auth {
    user: Option<String>,
}

#[derive(Serialize, TS)]
struct Flash {
    #[ts(optional)]
    success: Option<String>,
}

#[derive(Serialize, TS)]
struct NotFound {
    message: String,
}

/// `Path<T>` of the route below that takes a task.
#[derive(serde::Deserialize, TS)]
#[allow(dead_code)]
struct TaskPath {
    task: u64,
}

/// `Query<T>` of the task list.
#[derive(serde::Deserialize, TS)]
#[allow(dead_code)]
struct TaskQuery {
    page: Option<u32>,
    search: Option<String>,
}

/// The form `tasks.store` takes (`Checked<NewTask>`).
#[derive(serde::Deserialize, TS)]
#[allow(dead_code)]
struct NewTask {
    title: String,
    due_date: Option<String>,
}

async fn handler() {}

/// Routes of every shape the generated helpers know: plain, typed and untyped parameters, a
/// typed query, a catch-all, nested groups, each method. `fixtures/typescript/routes-check.ts`
/// type-checks their use and `routes.test.mjs` runs them (scripts/test.sh).
fn routes() -> Routes {
    Routes::new()
        .get("dashboard", "/", handler)
        .get("tasks.index", "/tasks", handler)
        .query::<TaskQuery>()
        .post("tasks.store", "/tasks", handler)
        .form::<NewTask>()
        .get("tasks.show", "/tasks/{task}", handler)
        .params::<TaskPath>()
        .put("tasks.update", "/tasks/{task}", handler)
        .params::<TaskPath>()
        .patch("tasks.complete", "/tasks/{task}/complete", handler)
        .delete("tasks.destroy", "/tasks/{task}", handler)
        .get(
            "teams.members.show",
            "/teams/{team}/members/{member}",
            handler,
        )
        .get("files.show", "/files/{*path}", handler)
}

fn exporter() -> TypeScript {
    TypeScript::new()
        .declare(routes().table())
        .shared_props::<Shared>()
        .flash::<Flash>()
        .page::<NotFound>("Errors/NotFound")
        .regenerate_with("INERTIA_WRITE_TYPES=1 cargo test -p inertia-tests --test typescript")
}

#[test]
fn the_generated_file_matches_the_committed_one() {
    // The handlers are registered, not called.
    let _ = (board, show, edit, show_pick, empty, raw, opaque);
    exporter()
        .check_or_write(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/typescript/pages.d.ts"
        ))
        .unwrap();
}

#[test]
fn the_generated_routes_match_the_committed_ones() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/typescript");
    let table = routes().into_parts().1;
    table
        .typescript_importing("./pages")
        .unwrap()
        .check_or_write(format!("{dir}/routes.ts"))
        .unwrap();
    // `.mjs`: Node runs it as a module without a package.json.
    table
        .javascript()
        .unwrap()
        .check_or_write(format!("{dir}/routes.mjs"))
        .unwrap();
}

#[test]
fn props_structs_type_their_props_as_sent() {
    let ts = exporter().render().unwrap();
    let board = ts
        .lines()
        .find(|l| l.starts_with("export type Board = "))
        .unwrap();
    assert_eq!(
        board,
        "export type Board = { tasks?: Paginated<Task>, stats?: Stats, lazyCount: number, servedAt: string, motd: string, banner?: string | null, accent: `#${string}`, nested: Common, } & { version: string, };"
    );
    assert!(ts.contains("export type Paginated<T> = { data: Array<T>, currentPage: number, perPage: number, total?: number, lastPage?: number, };"), "{ts}");
    assert!(ts.contains("  \"Tasks/Show\": Pick | ShowProps,"), "{ts}");
    assert!(ts.contains("  \"Tasks/Edit\": ShowProps,"), "{ts}");
    assert!(ts.contains("  \"Empty\": Record<string, never>,"), "{ts}");
    assert!(
        ts.contains("  \"Opaque\": Record<string, unknown>,"),
        "{ts}"
    );
    assert!(ts.contains("  \"Errors/NotFound\": NotFound,"), "{ts}");
    assert!(ts.contains("export type SharedProps = Shared;"), "{ts}");
    assert!(
        !ts.contains("export type Flash = Flash"),
        "no alias of itself: {ts}"
    );
    assert!(
        ts.contains("id: number"),
        "64-bit integers are numbers: {ts}"
    );
}

#[test]
fn two_rust_types_with_one_typescript_name_are_an_error() {
    mod other {
        #[derive(ts_rs::TS)]
        #[allow(dead_code)]
        pub(super) struct Stats {
            pub(super) closed: u32,
        }
    }
    let error = exporter()
        .with_type::<other::Stats>()
        .render()
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("two Rust types are named `Stats`"),
        "{error}"
    );
}
