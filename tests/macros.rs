//! What `#[inertia_page]` handlers can look like: extractors, state, `Result` and `?`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use inertia_runtime::{InertiaConfig, Page, inertia_page};
use inertia_tests::{embedded_page, inertia_get, request, send};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

#[derive(Serialize)]
struct UserProps {
    id: u32,
    greeting: &'static str,
    tab: Option<String>,
}

#[derive(Deserialize)]
struct Tab {
    tab: Option<String>,
}

#[derive(Debug)]
enum AppError {
    NotFound,
    Parse(std::num::ParseIntError),
}

impl From<std::num::ParseIntError> for AppError {
    fn from(e: std::num::ParseIntError) -> Self {
        AppError::Parse(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "no such user").into_response(),
            AppError::Parse(e) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        }
    }
}

/// State, path and query extractors, kept in order after the added one; `?` with `From`.
#[inertia_page("Users/Show")]
async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<Tab>,
) -> Result<UserProps, AppError> {
    let id: u32 = id.parse()?;
    if id == 0 {
        return Err(AppError::NotFound);
    }
    Ok(UserProps {
        id,
        greeting: state.greeting,
        tab: q.tab,
    })
}

/// A body-consuming extractor stays last.
#[inertia_page("Echo")]
async fn echo(State(_): State<AppState>, body: String) -> serde_json::Value {
    json!({ "body": body })
}

/// No return type: a page without props.
#[inertia_page("About")]
async fn about() {}

/// `impl Serialize` works too.
#[inertia_page("Opaque")]
async fn opaque() -> impl Serialize {
    json!({ "opaque": true })
}

/// Generic over the state.
#[inertia_page("Generic")]
async fn generic<S>(State(_): State<S>) -> serde_json::Value
where
    S: Clone + Send + Sync + 'static,
{
    json!({ "generic": true })
}

/// `anyhow`-style single-parameter Result alias.
type AppResult<T> = Result<T, AppError>;

#[inertia_page("Alias")]
async fn alias() -> AppResult<Page<serde_json::Value>> {
    Ok(Page::new(json!({ "alias": true })).status(StatusCode::ACCEPTED))
}

/// The generated locals are hygienic: a user variable of the same name does not clash.
#[inertia_page("Hygiene")]
#[allow(non_snake_case)]
async fn hygiene() -> serde_json::Value {
    let __inertia_request = 1;
    let __inertia_output = 2;
    let __INERTIA_SIZE_HINT = 3;
    json!({ "sum": __inertia_request + __inertia_output + __INERTIA_SIZE_HINT })
}

/// Associated functions without a receiver can be pages too.
struct Pages;
impl Pages {
    #[inertia_page("Assoc")]
    async fn assoc() -> serde_json::Value {
        json!({ "assoc": true })
    }
}

fn app() -> Router {
    Router::new()
        .route("/users/{id}", get(show))
        .route("/echo", post(echo))
        .route("/about", get(about))
        .route("/opaque", get(opaque))
        .route("/generic", get(generic::<AppState>))
        .route("/alias", get(alias))
        .route("/hygiene", get(hygiene))
        .route("/assoc", get(Pages::assoc))
        .with_state(AppState { greeting: "hi" })
        .layer(InertiaConfig::new().into_layer().unwrap())
}

#[tokio::test]
async fn extractors_state_and_ok_results_render() {
    let res = inertia_get(&app(), "/users/7?tab=posts", "").await;
    assert_eq!(
        res.json(),
        json!({"component": "Users/Show", "props": {"id": 7, "greeting": "hi", "tab": "posts", "errors": {}},
               "url": "/users/7?tab=posts", "version": "", "sharedProps": ["errors"]})
    );
}

#[tokio::test]
async fn errors_and_question_mark_become_the_error_response() {
    let res = inertia_get(&app(), "/users/0", "").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body, "no such user");
    let res = inertia_get(&app(), "/users/x", "").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("invalid digit"));
    assert_eq!(res.header_all("vary"), ["X-Inertia"]);
}

#[tokio::test]
async fn body_extractor_still_works() {
    let res = send(
        &app(),
        request("POST", "/echo", &[("x-inertia", "true")], "hello body"),
    )
    .await;
    assert_eq!(res.json()["props"]["body"], "hello body");
}

#[tokio::test]
async fn every_return_form_renders() {
    let app = app();
    assert_eq!(
        inertia_get(&app, "/about", "").await.json()["props"],
        json!({ "errors": {} })
    );
    assert_eq!(
        inertia_get(&app, "/opaque", "").await.json()["props"]["opaque"],
        true
    );
    assert_eq!(
        inertia_get(&app, "/generic", "").await.json()["props"]["generic"],
        true
    );
    let alias = inertia_get(&app, "/alias", "").await;
    assert_eq!(alias.status, StatusCode::ACCEPTED);
    assert_eq!(alias.json()["props"]["alias"], true);
    assert_eq!(
        inertia_get(&app, "/hygiene", "").await.json()["props"]["sum"],
        6
    );
    assert_eq!(
        inertia_get(&app, "/assoc", "").await.json()["props"]["assoc"],
        true
    );
    let html = send(&app, request("GET", "/about", &[], "")).await;
    assert_eq!(embedded_page(&html.body)["component"], "About");
}

/// An `ErrorPage` error is rendered as another page, for the same request, with its status.
#[inertia_page("Users/Show")]
async fn maybe_user(Path(id): Path<u32>) -> Result<serde_json::Value, inertia_runtime::ErrorPage> {
    if id == 1 {
        return Ok(json!({ "name": "Ada" }));
    }
    Err(
        inertia_runtime::ErrorPage::new("Errors/NotFound", json!({ "id": id }))
            .status(StatusCode::NOT_FOUND),
    )
}

#[tokio::test]
async fn error_pages_render_as_pages_with_their_status() {
    let app = Router::new()
        .route("/u/{id}", get(maybe_user))
        .layer(InertiaConfig::new().into_layer().unwrap());
    let ok = inertia_get(&app, "/u/1", "").await;
    assert_eq!(ok.json()["component"], "Users/Show");
    let missing = inertia_get(&app, "/u/2", "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("x-inertia"), Some("true"));
    assert_eq!(missing.json()["component"], "Errors/NotFound");
    assert_eq!(missing.json()["props"]["id"], 2);
    let html = send(&app, request("GET", "/u/2", &[], "")).await;
    assert_eq!(html.status, StatusCode::NOT_FOUND);
    assert_eq!(embedded_page(&html.body)["component"], "Errors/NotFound");
}

/// An app's own error type: a plain 500 wherever it is returned, and the error page (with
/// the shared props) when a page handler returns it, through the `ErrorPage` its response
/// carries.
struct Failed;

impl axum::response::IntoResponse for Failed {
    fn into_response(self) -> axum::response::Response {
        let mut response = (StatusCode::INTERNAL_SERVER_ERROR, "failed").into_response();
        response
            .extensions_mut()
            .insert(inertia_runtime::ErrorPage::new(
                "ErrorPage",
                json!({ "status": 500 }),
            ));
        response
    }
}

#[inertia_page("Users/Show")]
async fn failing_page() -> Result<serde_json::Value, Failed> {
    Err(Failed)
}

async fn failing_action() -> Result<(), Failed> {
    Err(Failed)
}

#[tokio::test]
async fn an_error_whose_response_carries_an_error_page_renders_it_on_page_handlers() {
    let app = Router::new()
        .route("/page", get(failing_page))
        .route("/action", axum::routing::post(failing_action))
        .layer(
            InertiaConfig::new()
                .share("appName", "Acme")
                .into_layer()
                .unwrap(),
        );
    let page = inertia_get(&app, "/page", "").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(page.header("x-inertia"), Some("true"));
    assert_eq!(page.json()["component"], "ErrorPage");
    assert_eq!(page.json()["props"]["status"], 500);
    assert_eq!(
        page.json()["props"]["appName"],
        "Acme",
        "with the shared props"
    );
    let html = send(&app, request("GET", "/page", &[], "")).await;
    assert_eq!(html.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(embedded_page(&html.body)["component"], "ErrorPage");
    // Elsewhere the error is its own response.
    let action = send(&app, request("POST", "/action", &[], "")).await;
    assert_eq!(action.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(action.body, "failed");
}
