//! Forms through a real router with the layer: validation, redirects back with errors and old
//! input, error bags, JSON clients, Precognition, body limits, and the three rule sources
//! (hand-written `Rules`, `validator`, `garde`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use inertia_runtime::ValidationErrors;
use inertia_runtime::form::{
    Checked, GardeValidated, OldInput, Rejection, Rules, UploadedFile, Validated,
};
use inertia_runtime::testing::{InertiaTest, MultipartForm};
use inertia_runtime::{InertiaConfig, InertiaRedirect, inertia_page};
use inertia_tests::{request, send};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct NewTask {
    title: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    password: String,
}

impl Rules for NewTask {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.title.trim().is_empty() {
            errors.push("title", "The title field is required.");
        } else if self.title.trim().chars().count() < 3 {
            errors.push("title", "The title field must be at least 3 characters.");
        }
        if !self.due.is_empty() && self.due.len() != 10 {
            errors.push("due", "The due field must be a date like 2026-12-31.");
        }
        let _ = &self.password;
    }
}

#[derive(Deserialize, validator::Validate)]
#[serde(rename_all = "camelCase")]
struct Profile {
    #[validate(length(min = 2))]
    display_name: String,
    #[validate(email)]
    email_address: String,
    #[validate(range(min = 18, max = 130))]
    age: u32,
}

#[derive(Deserialize, garde::Validate)]
struct Signup {
    #[garde(length(min = 3))]
    name: String,
    #[garde(email)]
    email: String,
}

/// A form with files, as the Inertia client sends it once the data holds a `File`.
#[derive(Deserialize)]
struct NewPost {
    title: String,
    #[serde(default)]
    published: bool,
    #[serde(default)]
    tags: Vec<String>,
    cover: Option<UploadedFile>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
struct Attachment {
    caption: String,
    file: UploadedFile,
}

impl Rules for NewPost {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.title.trim().chars().count() < 3 {
            errors.push("title", "The title field must be at least 3 characters.");
        }
        if let Some(cover) = &self.cover
            && !cover
                .content_type()
                .is_some_and(|t| t.starts_with("image/"))
        {
            errors.push("cover", "The cover field must be an image.");
        }
        for (i, attachment) in self.attachments.iter().enumerate() {
            if attachment.file.len() > 16 {
                errors.push(
                    format!("attachments.{i}.file"),
                    "The file field must not be greater than 16 bytes.",
                );
            }
        }
        let _ = &self.password;
    }
}

/// What the handler saw of a post with files.
fn describe(post: &NewPost) -> String {
    let cover = post.cover.as_ref().map_or("no cover".to_owned(), |c| {
        format!(
            "{} {} {}",
            c.file_name().unwrap_or("?"),
            c.content_type().unwrap_or("?"),
            String::from_utf8_lossy(c.bytes())
        )
    });
    let attachments: Vec<String> = post
        .attachments
        .iter()
        .map(|a| format!("{}={}", a.caption, String::from_utf8_lossy(a.file.bytes())))
        .collect();
    format!(
        "{} published={} tags={} cover={cover} attachments={}",
        post.title,
        post.published,
        post.tags.join("+"),
        attachments.join(",")
    )
}

#[derive(Deserialize, validator::Validate)]
struct Document {
    #[validate(custom(function = "pdf"))]
    file: UploadedFile,
}

#[derive(Deserialize, validator::Validate)]
struct Avatar {
    #[validate(length(min = 1, max = 1024))]
    avatar: Option<UploadedFile>,
}

#[derive(Deserialize, garde::Validate)]
struct Banner {
    #[garde(length(max = 8))]
    banner: UploadedFile,
}

fn pdf(file: &UploadedFile) -> Result<(), validator::ValidationError> {
    if file.bytes().starts_with(b"%PDF-") {
        Ok(())
    } else {
        Err(validator::ValidationError::new("pdf")
            .with_message("The file field must be a PDF.".into()))
    }
}

#[derive(serde::Serialize)]
struct FormProps {
    old: serde_json::Map<String, serde_json::Value>,
}

#[inertia_page("Tasks/Create")]
async fn create(OldInput(old): OldInput) -> FormProps {
    FormProps { old }
}

#[inertia_page("Tasks/Show")]
async fn show() {}

/// Counts how often a handler behind a form extractor ran.
#[derive(Clone, Default)]
struct Runs(Arc<AtomicUsize>);

fn app(runs: &Runs) -> Router {
    let store_runs = runs.clone();
    let profile_runs = runs.clone();
    Router::new()
        .route("/tasks/new", get(create))
        .route("/tasks/1", get(show))
        .route(
            "/tasks",
            post(move |Checked(task): Checked<NewTask>| {
                let runs = store_runs.clone();
                async move {
                    runs.0.fetch_add(1, Ordering::SeqCst);
                    InertiaRedirect::to("/tasks/1")
                        .flash("success", format!("Created {}.", task.title))
                }
            }),
        )
        .route(
            "/profile",
            post(move |Validated(profile): Validated<Profile>| {
                let runs = profile_runs.clone();
                async move {
                    runs.0.fetch_add(1, Ordering::SeqCst);
                    InertiaRedirect::to("/tasks/1").flash("success", profile.display_name)
                }
            }),
        )
        .route(
            "/signup",
            post(
                |GardeValidated(signup): GardeValidated<Signup>| async move {
                    InertiaRedirect::to("/tasks/1").flash("success", signup.name)
                },
            ),
        )
        .route(
            "/inspect",
            post(|form: Result<Checked<NewTask>, Rejection>| async move {
                match form {
                    Ok(_) => "valid".into_response(),
                    Err(rejection) => {
                        let fields: Vec<String> = rejection
                            .errors()
                            .map(|e| e.fields().keys().cloned().collect())
                            .unwrap_or_default();
                        format!("{} {}", rejection.status().as_u16(), fields.join(","))
                            .into_response()
                    }
                }
            }),
        )
        .route(
            "/small",
            post(|Checked(task): Checked<NewTask>| async move { task.title })
                .layer(DefaultBodyLimit::max(256)),
        )
        .route(
            "/posts",
            post(|Checked(post): Checked<NewPost>| async move {
                InertiaRedirect::to("/tasks/1").flash("success", describe(&post))
            }),
        )
        .route(
            "/posts/small",
            post(|Checked(post): Checked<NewPost>| async move { describe(&post) })
                .layer(DefaultBodyLimit::max(512)),
        )
        .route(
            "/avatar",
            post(|Validated(form): Validated<Avatar>| async move {
                format!("{:?}", form.avatar.map(|a| a.len()))
            }),
        )
        .route(
            "/banner",
            post(|GardeValidated(form): GardeValidated<Banner>| async move {
                format!("{} bytes", form.banner.len())
            }),
        )
        .route(
            "/documents",
            post(|Validated(document): Validated<Document>| async move {
                format!("{} bytes", document.file.len())
            }),
        )
        .layer(
            InertiaConfig::new()
                .version("v1")
                .signing_key(b"forms test key: 8hT3kW9qZ2mX5vB7nC1rL4pD6fG0jS")
                .into_layer()
                .unwrap(),
        )
}

async fn on_form(app: Router) -> InertiaTest {
    let mut client = InertiaTest::new(app);
    client
        .get("/tasks/new")
        .await
        .assert_component("Tasks/Create");
    client
}

#[tokio::test]
async fn a_valid_submission_runs_the_handler() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    client
        .post(
            "/tasks",
            json!({ "title": "Write docs", "due": "2026-12-31" }),
        )
        .await
        .assert_component("Tasks/Show")
        .assert_flash("success", "Created Write docs.")
        .assert_no_errors();
    assert_eq!(runs.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_invalid_submission_goes_back_with_errors_and_old_input_without_secrets() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    let page = client
        .post(
            "/tasks",
            json!({ "title": "ab", "due": "soon", "password": "hunter2" }),
        )
        .await;
    page.assert_component("Tasks/Create")
        .assert_url("/tasks/new")
        .assert_error("title", "The title field must be at least 3 characters.")
        .assert_error("due", "The due field must be a date like 2026-12-31.")
        .assert_prop("old.title", "ab")
        .assert_prop("old.due", "soon")
        .assert_missing("old.password");
    assert_eq!(runs.0.load(Ordering::SeqCst), 0, "the handler never ran");

    // Shown once: the next visit has neither errors nor old input.
    client
        .get("/tasks/new")
        .await
        .assert_no_errors()
        .assert_keys("old", &[]);
}

#[tokio::test]
async fn the_redirect_is_a_303_to_the_referer() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await.follow_redirects(false);
    client
        .post("/tasks", json!({ "title": "" }))
        .await
        .assert_status(303)
        .assert_header("location", "/tasks/new");
}

#[tokio::test]
async fn errors_go_to_the_bag_the_client_names() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    client
        .post_with_bag("/tasks", "createTask", json!({ "title": "" }))
        .await
        .assert_error("createTask.title", "The title field is required.")
        .assert_missing("errors.title");
}

#[tokio::test]
async fn missing_or_mistyped_fields_are_errors_of_those_fields() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    client
        .post("/tasks", json!({ "due": "2026-01-01" }))
        .await
        .assert_error("title", "The title field is required.");
    client
        .post("/tasks", json!({ "title": ["a"] }))
        .await
        .assert_error("title", "The title field must be text.");
    client
        .post(
            "/profile",
            json!({ "displayName": "Ada", "emailAddress": "a@b.c", "age": "old" }),
        )
        .await
        .assert_error("age", "The age field must be a whole number.");
}

#[tokio::test]
async fn validator_rules_get_laravel_messages_under_the_client_names() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    client
        .post(
            "/profile",
            json!({ "displayName": "A", "emailAddress": "nope", "age": 12 }),
        )
        .await
        .assert_component("Tasks/Create")
        .assert_error(
            "displayName",
            "The display name field must be at least 2 characters.",
        )
        .assert_error(
            "emailAddress",
            "The email address field must be a valid email address.",
        )
        .assert_error("age", "The age field must be between 18 and 130.");
    client
        .post(
            "/profile",
            json!({ "displayName": "Ada", "emailAddress": "ada@example.com", "age": 36 }),
        )
        .await
        .assert_flash("success", "Ada");
    assert_eq!(runs.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn garde_rules_work_the_same_way() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    let page = client
        .post("/signup", json!({ "name": "Al", "email": "x" }))
        .await;
    page.assert_component("Tasks/Create");
    let name = page.prop("errors.name").and_then(|v| v.as_str()).unwrap();
    assert!(name.starts_with("Length is lower than 3"), "{name}");
    page.assert_has("errors.email");
    client
        .post(
            "/signup",
            json!({ "name": "Alan", "email": "alan@example.com" }),
        )
        .await
        .assert_flash("success", "Alan");
}

#[tokio::test]
async fn a_plain_html_form_post_is_redirected_back_too() {
    let runs = Runs::default();
    let mut client = InertiaTest::new(app(&runs));
    client
        .visit("/tasks/new")
        .await
        .assert_component("Tasks/Create");
    let page = client
        .post_form("/tasks", &[("title", "x"), ("password", "secret")])
        .await;
    page.assert_component("Tasks/Create")
        .assert_error("title", "The title field must be at least 3 characters.")
        .assert_prop("old.title", "x")
        .assert_missing("old.password");
    client
        .post_form("/tasks", &[("title", "Plain form")])
        .await
        .assert_flash("success", "Created Plain form.");
}

#[tokio::test]
async fn json_clients_get_422_with_every_message() {
    let runs = Runs::default();
    let answer = send(
        &app(&runs),
        request(
            "POST",
            "/tasks",
            &[
                ("accept", "application/json"),
                ("content-type", "application/json"),
            ],
            r#"{"title": "", "due": "x"}"#,
        ),
    )
    .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(
        answer.json(),
        json!({
            "message": "The due field must be a date like 2026-12-31. (and 1 more error)",
            "errors": {
                "due": ["The due field must be a date like 2026-12-31."],
                "title": ["The title field is required."],
            }
        })
    );
}

#[tokio::test]
async fn precognition_validates_without_running_the_handler() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    let data = json!({ "title": "ab", "due": "" });
    let answer = client
        .precognition("/tasks", &data)
        .only(&["title"])
        .send()
        .await;
    answer
        .assert_precognition_errors(&[("title", "The title field must be at least 3 characters.")])
        .assert_header("vary", "Precognition");
    client
        .precognition("/tasks", &data)
        .only(&["due"])
        .send()
        .await
        .assert_precognition_success()
        .assert_header("vary", "Precognition");
    client
        .precognition("/tasks", json!({ "title": "", "due": "x" }))
        .send()
        .await
        .assert_precognition_errors(&[
            ("due", "The due field must be a date like 2026-12-31."),
            ("title", "The title field is required."),
        ]);
    client
        .precognition("/tasks", json!({ "title": "Fine title" }))
        .send()
        .await
        .assert_precognition_success();
    client
        .precognition(
            "/profile",
            json!({ "displayName": "A", "emailAddress": "a@b.co", "age": 20 }),
        )
        .only(&["displayName"])
        .send()
        .await
        .assert_precognition_errors(&[(
            "displayName",
            "The display name field must be at least 2 characters.",
        )]);
    assert_eq!(
        runs.0.load(Ordering::SeqCst),
        0,
        "a Precognition request never runs the handler, valid or not"
    );
}

#[tokio::test]
async fn malformed_bodies_are_400_415_and_413_and_the_server_keeps_serving() {
    let runs = Runs::default();
    let app = app(&runs);
    let post = |content_type: &'static str, body: String| {
        request(
            "POST",
            "/small",
            &[("content-type", content_type), ("x-inertia", "true")],
            &body,
        )
    };
    let bad_json = send(&app, post("application/json", "{\"title\": ".into())).await;
    assert_eq!(bad_json.status, 400);
    assert!(
        bad_json.body.contains("not valid JSON"),
        "{}",
        bad_json.body
    );
    let other = send(&app, post("text/plain", "title=x".into())).await;
    assert_eq!(other.status, 415);
    assert!(other.body.contains("Unsupported"), "{}", other.body);
    let broken_multipart = send(
        &app,
        post("multipart/form-data; boundary=x", "--y\r\n".into()),
    )
    .await;
    assert_eq!(broken_multipart.status, 400, "{}", broken_multipart.body);
    let no_boundary = send(&app, post("multipart/form-data", String::new())).await;
    assert_eq!(no_boundary.status, 400, "{}", no_boundary.body);
    let big = format!("{{\"title\": \"{}\"}}", "x".repeat(1000));
    let too_large = send(&app, post("application/json", big)).await;
    assert_eq!(too_large.status, 413);
    let precognitive_bad = send(
        &app,
        request(
            "POST",
            "/small",
            &[
                ("content-type", "application/json"),
                ("precognition", "true"),
            ],
            "{",
        ),
    )
    .await;
    assert_eq!(precognitive_bad.status, 400);
    assert_eq!(precognitive_bad.header("precognition"), Some("true"));
    let fine = send(
        &app,
        post("application/json", r#"{"title": "still up"}"#.into()),
    )
    .await;
    assert_eq!(fine.status, 200);
    assert_eq!(fine.body, "still up");
}

#[tokio::test]
async fn hostile_form_headers_do_not_matter() {
    let runs = Runs::default();
    let app = app(&runs);
    let mut req = request(
        "POST",
        "/inspect",
        &[("content-type", "application/json"), ("x-inertia", "true")],
        r#"{"title": ""}"#,
    );
    for (name, value) in [
        ("x-inertia-error-bag", &b"\xff\xfe"[..]),
        ("precognition-validate-only", b"\xff,title"),
        ("accept", b"\x80"),
    ] {
        req.headers_mut()
            .insert(name, axum::http::HeaderValue::from_bytes(value).unwrap());
    }
    let answer = send(&app, req).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, "303 title");
}

#[tokio::test]
async fn files_arrive_with_their_form_as_the_client_encodes_it() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    // What `useForm({title, published: true, tags: [..], cover: File, attachments: [..]})`
    // sends: indices for lists, "1" for true.
    let form = MultipartForm::new()
        .text("title", "Holiday")
        .text("published", "1")
        .text("tags[0]", "sea")
        .text("tags[1]", "sun")
        .file("cover", "beach.png", "image/png", b"PNGDATA".to_vec())
        .text("attachments[0][caption]", "map")
        .file(
            "attachments[0][file]",
            "map.txt",
            "text/plain",
            b"north".to_vec(),
        )
        .text("attachments[1][caption]", "list")
        .file(
            "attachments[1][file]",
            "list.txt",
            "text/plain",
            b"towels".to_vec(),
        );
    client
        .post_multipart("/posts", form)
        .await
        .assert_component("Tasks/Show")
        .assert_flash(
            "success",
            "Holiday published=true tags=sea+sun cover=beach.png image/png PNGDATA attachments=map=north,list=towels",
        );
}

#[tokio::test]
async fn a_form_without_its_optional_file_is_none() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    // `cover: null` is sent as "", an empty file input as a part with no file name.
    for form in [
        MultipartForm::new()
            .text("title", "No cover")
            .text("cover", ""),
        MultipartForm::new().text("title", "No cover").file(
            "cover",
            "",
            "application/octet-stream",
            Vec::new(),
        ),
        MultipartForm::new().text("title", "No cover"),
    ] {
        client.post_multipart("/posts", form).await.assert_flash(
            "success",
            "No cover published=false tags= cover=no cover attachments=",
        );
    }
}

#[tokio::test]
async fn an_invalid_form_with_files_goes_back_with_errors_and_text_old_input() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    let form = MultipartForm::new()
        .text("title", "ab")
        .text("password", "hunter2")
        .text("tags[0]", "sea")
        .file("cover", "notes.txt", "text/plain", b"not an image".to_vec())
        .text("attachments[0][caption]", "big")
        .file(
            "attachments[0][file]",
            "big.bin",
            "application/octet-stream",
            vec![b'x'; 17],
        );
    client
        .post_multipart("/posts", form)
        .await
        .assert_component("Tasks/Create")
        .assert_error("title", "The title field must be at least 3 characters.")
        .assert_error("cover", "The cover field must be an image.")
        .assert_error(
            "attachments.0.file",
            "The file field must not be greater than 16 bytes.",
        )
        .assert_prop("old.title", "ab")
        .assert_prop("old.tags", json!(["sea"]))
        .assert_prop("old.attachments", json!([{ "caption": "big" }]))
        .assert_missing("old.cover")
        .assert_missing("old.password");
}

#[tokio::test]
async fn a_file_field_sent_without_a_file_is_an_error_of_that_field() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    client
        .post(
            "/posts",
            json!({ "title": "JSON", "attachments": [{ "caption": "c", "file": "x" }] }),
        )
        .await
        .assert_error("attachments.0.file", "The file field must be a file.");
    client
        .post_multipart(
            "/posts",
            MultipartForm::new()
                .text("title", "Text")
                .text("attachments[0][caption]", "c")
                .text("attachments[0][file]", "not a file"),
        )
        .await
        .assert_error("attachments.0.file", "The file field must be a file.");
    client
        .post_multipart("/documents", MultipartForm::new())
        .await
        .assert_error("file", "The file field is required.");
}

#[tokio::test]
async fn validator_rules_see_the_file() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await.follow_redirects(false);
    let answer = client
        .post_multipart(
            "/documents",
            MultipartForm::new().file(
                "file",
                "cv.pdf",
                "application/pdf",
                b"%PDF-1.7 ...".to_vec(),
            ),
        )
        .await;
    answer.assert_status(200);
    assert_eq!(answer.body, "12 bytes");
    let mut client = on_form(app(&runs)).await;
    client
        .post_multipart(
            "/documents",
            MultipartForm::new().file("file", "cv.doc", "application/msword", b"DOC".to_vec()),
        )
        .await
        .assert_error("file", "The file field must be a PDF.");
}

#[tokio::test]
async fn precognition_validates_forms_with_files() {
    let runs = Runs::default();
    let app = app(&runs);
    let (content_type, body) = {
        // Encoded by hand, so the test does not rest on the helper alone.
        let body = "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nab\r\n\
                    --b\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"a.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        ("multipart/form-data; boundary=b", body)
    };
    let ask = |only: &'static str| {
        request(
            "POST",
            "/posts",
            &[
                ("content-type", content_type),
                ("precognition", "true"),
                ("precognition-validate-only", only),
                ("x-inertia", "true"),
            ],
            body,
        )
    };
    let cover = send(&app, ask("cover")).await;
    assert_eq!(cover.status, 422, "{}", cover.body);
    assert_eq!(
        cover.json()["errors"],
        json!({ "cover": ["The cover field must be an image."] })
    );
    assert_eq!(cover.header("vary"), Some("Precognition"));
    let tags = send(&app, ask("tags")).await;
    assert_eq!(tags.status, 204);
    assert_eq!(tags.header("precognition-success"), Some("true"));
}

#[tokio::test]
async fn hostile_multipart_bodies_are_refused_and_the_server_keeps_serving() {
    let runs = Runs::default();
    let app = app(&runs);
    let multipart = |body: Vec<u8>| {
        let mut req = request(
            "POST",
            "/posts/small",
            &[
                ("content-type", "multipart/form-data; boundary=b"),
                ("x-inertia", "true"),
            ],
            "",
        );
        *req.body_mut() = axum::body::Body::from(body);
        req
    };
    let part = |name: &str, value: &[u8]| {
        let mut part =
            format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").into_bytes();
        part.extend_from_slice(value);
        part.extend_from_slice(b"\r\n");
        part
    };
    let end = b"--b--\r\n".to_vec();

    // Text that is not UTF-8.
    let mut body = part("title", b"\xff\xfe");
    body.extend_from_slice(&end);
    let not_utf8 = send(&app, multipart(body)).await;
    assert_eq!(not_utf8.status, 400);
    assert!(not_utf8.body.contains("UTF-8"), "{}", not_utf8.body);

    // Larger than the route's body limit (512 bytes).
    let mut body = part("title", &[b'x'; 600]);
    body.extend_from_slice(&end);
    assert_eq!(send(&app, multipart(body)).await.status, 413);

    // Nesting too deep.
    let mut body = part(&format!("title{}", "[a]".repeat(40)), b"x");
    body.extend_from_slice(&end);
    let deep = send(&app, multipart(body)).await;
    assert_eq!(deep.status, 400);
    assert!(deep.body.contains("nests deeper"), "{}", deep.body);

    // Cut off in the middle.
    let cut = send(&app, multipart(part("title", b"abc"))).await;
    assert_eq!(cut.status, 400, "{}", cut.body);

    let mut body = part("title", b"still up");
    body.extend_from_slice(&end);
    let fine = send(&app, multipart(body)).await;
    assert_eq!(fine.status, 200);
    assert_eq!(
        fine.body,
        "still up published=false tags= cover=no cover attachments="
    );
}

#[tokio::test]
async fn url_encoded_forms_are_read_like_multipart_ones() {
    let runs = Runs::default();
    let mut client = InertiaTest::new(app(&runs));
    client.visit("/tasks/new").await;
    client
        .post_form(
            "/posts",
            &[
                ("title", "Plain"),
                ("published", "on"),
                ("tags[]", "a"),
                ("tags[]", "b"),
            ],
        )
        .await
        .assert_flash(
            "success",
            "Plain published=true tags=a+b cover=no cover attachments=",
        );
}

#[tokio::test]
async fn length_rules_on_files_limit_their_size() {
    let runs = Runs::default();
    let mut client = on_form(app(&runs)).await;
    let avatar =
        |size: usize| MultipartForm::new().file("avatar", "a.png", "image/png", vec![1; size]);
    client
        .post_multipart("/avatar", avatar(1025))
        .await
        .assert_error(
            "avatar",
            "The avatar field must be between 1 byte and 1 KB.",
        );
    let mut plain = on_form(app(&runs)).await.follow_redirects(false);
    let ok = plain.post_multipart("/avatar", avatar(1024)).await;
    assert_eq!(ok.body, "Some(1024)");
    let none = plain
        .post_multipart("/avatar", MultipartForm::new().text("avatar", ""))
        .await;
    assert_eq!(none.body, "None");
    let banner =
        |size: usize| MultipartForm::new().file("banner", "b.png", "image/png", vec![1; size]);
    let ok = plain.post_multipart("/banner", banner(8)).await;
    assert_eq!(ok.body, "8 bytes");
    let page = client.post_multipart("/banner", banner(9)).await;
    page.assert_component("Tasks/Create")
        .assert_has("errors.banner");
}
