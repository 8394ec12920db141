//! Forms: extractors that read and validate a submission, and answer the Inertia way when
//! it is invalid.
//!
//! ```
//! use axum::response::{IntoResponse, Response};
//! use inertia_runtime::InertiaRedirect;
//! use inertia_runtime::form::{Checked, Rules};
//! use inertia_runtime::ValidationErrors;
//!
//! #[derive(serde::Deserialize)]
//! struct NewTask {
//!     title: String,
//! }
//!
//! impl Rules for NewTask {
//!     fn check(&self, errors: &mut ValidationErrors) {
//!         if self.title.trim().chars().count() < 3 {
//!             errors.push("title", "The title field must be at least 3 characters.");
//!         }
//!     }
//! }
//!
//! // The handler only runs for valid input.
//! async fn store(Checked(task): Checked<NewTask>) -> Response {
//!     InertiaRedirect::to("/tasks").flash("success", format!("Created {}.", task.title)).into_response()
//! }
//! # let _ = store;
//! ```
//!
//! Three extractors share one behaviour and differ in who writes the rules:
//!
//! | extractor | rules | feature |
//! |---|---|---|
//! | [`Checked<T>`] | your own [`Rules`] impl | always |
//! | [`Validated<T>`] | [`validator`](https://docs.rs/validator)'s `#[derive(Validate)]` | `validator` |
//! | [`GardeValidated<T>`] | [`garde`](https://docs.rs/garde)'s `#[derive(Validate)]` | `garde` |
//!
//! # What happens to a submission
//!
//! 1. The body is read (within axum's body limit, 2 MB unless you set
//!    [`DefaultBodyLimit`](axum::extract::DefaultBodyLimit): larger is `413`) and parsed by its
//!    `Content-Type`: JSON (what the Inertia client sends), `multipart/form-data` (what it
//!    sends when the data holds a file; files are [`UploadedFile`] fields; feature
//!    `multipart`, on by default) or `application/x-www-form-urlencoded` (a plain HTML
//!    form); an empty body is `{}`. Form fields are read as the client encodes them:
//!    bracketed names (`items[0][qty]`, `tags[]`) are structure, `"1"`/`"0"`/`"on"` are
//!    booleans, `""` is `None`. A body that is not JSON at all or a broken multipart body is
//!    `400`; another content type is `415`.
//! 2. It is deserialized into `T`. A field that is missing or of the wrong type is a
//!    validation error *of that field* ("The due date field is required.", "The age field
//!    must be a whole number."), not a bare `422`.
//! 3. The rules run. With errors:
//!    - an Inertia visit (or a plain form post) is redirected back (`303` to the `Referer`)
//!      with the errors in the error bag the client named (`X-Inertia-Error-Bag`) and the
//!      input as old input (see [`OldInput`]; passwords are never stored, see
//!      [`InertiaConfig::dont_flash`](crate::InertiaConfig::dont_flash)), so `useForm` shows
//!      them without any code of yours;
//!    - a JSON client (`Accept: application/json`, no `X-Inertia`) gets `422` with
//!      `{"message": …, "errors": {field: [messages]}}`, as Laravel answers it.
//! 4. A [Precognition](https://laravel.com/docs/precognition) request (`Precognition: true`,
//!    sent by `useForm(…).validate('field')`) never reaches the handler: `204` with
//!    `Precognition-Success: true` when the fields asked for in `Precognition-Validate-Only`
//!    (or all) are valid, else `422` with their errors; both with `Precognition: true` and
//!    `Vary: Precognition`.
//!
//! Field names in errors are the names the client sent (serde's, after `rename`), except
//! for messages written by `validator`/`garde`, which use the names those crates report.
//! A form with numeric or optional inputs is friendliest with `String` fields (an empty
//! input is `""`) or `#[serde(default)]`, as Laravel validates strings.

mod body;
mod fields;
#[cfg(feature = "garde")]
mod garde;
mod messages;
mod precognition;
mod rejection;
mod upload;
#[cfg(feature = "validator")]
mod validator;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::IntoResponse;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::ValidationErrors;
use crate::request::RequestContext;
use crate::settings::{DONT_FLASH_DEFAULT, Settings};
use crate::visit::DEFAULT_BAG;
use crate::wire::headers::{X_INERTIA, X_INERTIA_ERROR_BAG, error_bag};

pub use precognition::Precognition;
use rejection::Kind;
pub use rejection::Rejection;
pub use upload::UploadedFile;

/// Rules of a form, written by hand: add a message per failing field.
///
/// ```
/// use inertia_runtime::form::Rules;
/// use inertia_runtime::ValidationErrors;
///
/// #[derive(serde::Deserialize)]
/// struct SignUp { email: String, name: String }
///
/// impl Rules for SignUp {
///     fn check(&self, errors: &mut ValidationErrors) {
///         if !self.email.contains('@') {
///             errors.push("email", "The email field must be a valid email address.");
///         }
///         if self.name.trim().is_empty() {
///             errors.push("name", "The name field is required.");
///         }
///     }
/// }
///
/// let mut errors = ValidationErrors::new();
/// SignUp { email: "ada".into(), name: "Ada".into() }.check(&mut errors);
/// assert_eq!(errors.first("email"), Some("The email field must be a valid email address."));
/// ```
pub trait Rules {
    /// Pushes an error for every field that breaks a rule (nested fields by dot path,
    /// `items.0.name`). Nothing pushed means valid.
    fn check(&self, errors: &mut ValidationErrors);
}

/// A submission whose [`Rules`] passed; see the [module docs](self).
///
/// ```
/// use inertia_runtime::form::{Checked, Rules};
/// use inertia_runtime::ValidationErrors;
///
/// #[derive(serde::Deserialize)]
/// struct Comment { body: String }
///
/// impl Rules for Comment {
///     fn check(&self, errors: &mut ValidationErrors) {
///         if self.body.is_empty() {
///             errors.push("body", "The body field is required.");
///         }
///     }
/// }
///
/// async fn comment(Checked(comment): Checked<Comment>) -> String {
///     comment.body
/// }
/// # let _ = comment;
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Checked<T>(pub T);

/// A submission that passed the [`validator`](https://docs.rs/validator) rules derived on
/// `T` (feature `validator`); see the [module docs](self).
///
/// ```
/// # #[cfg(feature = "validator")] {
/// use inertia_runtime::form::Validated;
///
/// #[derive(serde::Deserialize, validator::Validate)]
/// struct NewUser {
///     #[validate(email(message = "That is not an email address."))]
///     email: String,
///     #[validate(length(min = 8))] // "The password field must be at least 8 characters."
///     password: String,
/// }
///
/// async fn create(Validated(user): Validated<NewUser>) -> String {
///     user.email
/// }
/// # let _ = create;
/// # }
/// ```
///
/// Messages the rules do not set are written from the rule (`length`, `range`, `email`,
/// `url`, `required`, `must_match`, …) in Laravel's words.
#[cfg(feature = "validator")]
#[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
#[derive(Debug, Clone, Copy, Default)]
pub struct Validated<T>(pub T);

/// A submission that passed the [`garde`](https://docs.rs/garde) rules derived on `T`
/// (feature `garde`); see the [module docs](self).
///
/// ```
/// # #[cfg(feature = "garde")] {
/// use inertia_runtime::form::GardeValidated;
///
/// #[derive(serde::Deserialize, garde::Validate)]
/// struct NewUser {
///     #[garde(length(min = 3))]
///     name: String,
/// }
///
/// async fn create(GardeValidated(user): GardeValidated<NewUser>) -> String {
///     user.name
/// }
/// # let _ = create;
/// # }
/// ```
///
/// garde's messages (translatable with `garde::i18n`) are kept, capitalized, as
/// "Length is lower than 3."; rules with a context need `Context: Default`.
#[cfg(feature = "garde")]
#[cfg_attr(docsrs, doc(cfg(feature = "garde")))]
#[derive(Debug, Clone, Copy, Default)]
pub struct GardeValidated<T>(pub T);

impl<T, S> FromRequest<S> for Checked<T>
where
    T: DeserializeOwned + Rules,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        extract(req, state, |value: &T| {
            let mut errors = ValidationErrors::new();
            value.check(&mut errors);
            errors
        })
        .await
        .map(Checked)
    }
}

#[cfg(feature = "validator")]
impl<T, S> FromRequest<S> for Validated<T>
where
    T: DeserializeOwned + ::validator::Validate,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        extract(req, state, validator::errors::<T>)
            .await
            .map(Validated)
    }
}

#[cfg(feature = "garde")]
impl<T, S> FromRequest<S> for GardeValidated<T>
where
    T: DeserializeOwned + ::garde::Validate,
    T::Context: Default,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        extract(req, state, garde::errors::<T>)
            .await
            .map(GardeValidated)
    }
}

/// The input of the form that was last sent back with errors, as the client sent it (minus
/// the fields in [`InertiaConfig::dont_flash`](crate::InertiaConfig::dont_flash)); empty
/// otherwise. For pages that render forms without `useForm`'s own state, e.g. after a
/// plain HTML form post:
///
/// ```
/// use inertia_runtime::{form::OldInput, inertia_page};
///
/// #[derive(serde::Serialize)]
/// struct CreateProps { old: serde_json::Map<String, serde_json::Value> }
///
/// #[inertia_page("Tasks/Create")]
/// async fn create(OldInput(old): OldInput) -> CreateProps {
///     CreateProps { old }
/// }
/// # let _ = create;
/// ```
#[derive(Debug, Clone, Default)]
pub struct OldInput(pub serde_json::Map<String, serde_json::Value>);

impl OldInput {
    /// The old value of a top-level field.
    pub fn get(&self, field: &str) -> Option<&serde_json::Value> {
        self.0.get(field)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for OldInput {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(OldInput(
            parts
                .extensions
                .get::<RequestContext>()
                .and_then(|context| context.incoming.as_ref())
                .map(|incoming| incoming.old_input.clone())
                .unwrap_or_default(),
        ))
    }
}

/// What the request says about how to answer a form.
struct Context {
    precognition: Option<precognition::Request>,
    bag: String,
    /// A JSON client that is not the Inertia client (answered `422`, not redirected).
    json_client: bool,
    /// The settings (for `dont_flash`), when the router has the layer.
    settings: Option<Arc<Settings>>,
}

impl Context {
    fn from_parts(headers: &HeaderMap, extensions: &http::Extensions) -> Self {
        let layer = extensions.get::<RequestContext>();
        // Decided by the layer when there is one; a form route outside it reads the header.
        let inertia = match layer {
            Some(context) => context.visit.inertia,
            None => headers.contains_key(X_INERTIA),
        };
        let json_client = !inertia
            && headers
                .get_all(ACCEPT)
                .iter()
                .any(|v| v.as_bytes().windows(16).any(|w| w == b"application/json"));
        let bag = error_bag(headers.get(X_INERTIA_ERROR_BAG))
            .unwrap_or(DEFAULT_BAG)
            .to_owned();
        Context {
            precognition: precognition::Request::from_headers(headers),
            bag,
            json_client,
            settings: layer.map(|context| context.settings.clone()),
        }
    }
}

/// Reads, parses and validates a submission (the shared body of the form extractors).
async fn extract<T, S>(
    req: Request,
    state: &S,
    rules: impl FnOnce(&T) -> ValidationErrors,
) -> Result<T, Rejection>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    let context = Context::from_parts(req.headers(), req.extensions());
    let precognitive = context.precognition.is_some();
    let malformed = |status, message| Rejection {
        kind: Kind::Malformed {
            status,
            message,
            precognitive,
        },
    };
    let format = body::Format::of(req.headers().get(CONTENT_TYPE))
        .map_err(|message| malformed(StatusCode::UNSUPPORTED_MEDIA_TYPE, message))?;
    let body = match format {
        body::Format::Json => body::Body::Json(read_bytes(req, state).await?),
        body::Format::UrlEncoded => {
            let bytes = read_bytes(req, state).await?;
            let fields = fields::Fields::from_urlencoded(&bytes)
                .map_err(|refused| malformed(StatusCode::BAD_REQUEST, refused.to_string()))?;
            body::Body::Fields(fields)
        }
        body::Format::Multipart => body::Body::Fields(read_multipart(req, state, malformed).await?),
    };
    let (value, errors) = match body::parse::<T>(&body) {
        body::Parsed::Value(value) => {
            let errors = rules(&value);
            (Some(value), errors)
        }
        body::Parsed::Invalid(errors) => (None, errors),
        body::Parsed::Malformed(message) => {
            return Err(malformed(StatusCode::BAD_REQUEST, message));
        }
    };
    let parsed = value.is_some();
    if errors.is_empty()
        && context.precognition.is_none()
        && let Some(value) = value
    {
        return Ok(value);
    }
    // The submission has errors, or is a Precognition request: the input is read again, to
    // name rule errors as the client named the fields and to give the input back.
    let input = body::input(&body);
    let errors = if parsed && !errors.is_empty() {
        body::align(errors, &input)
    } else {
        errors
    };
    if let Some(request) = context.precognition {
        return Err(Rejection {
            kind: Kind::Precognition(request.answer(errors)),
        });
    }
    Err(Rejection {
        kind: Kind::Invalid {
            old_input: if context.json_client {
                serde_json::Map::new()
            } else {
                match &context.settings {
                    Some(settings) => body::old_input(input, &settings.dont_flash),
                    None => body::old_input(input, DONT_FLASH_DEFAULT),
                }
            },
            errors,
            bag: context.bag,
            json: context.json_client,
        },
    })
}

/// The whole body, within the router's body limit (`413` beyond it).
async fn read_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Rejection> {
    Bytes::from_request(req, state)
        .await
        .map_err(|rejection| Rejection {
            kind: Kind::Body(rejection.into_response()),
        })
}

/// The parts of a `multipart/form-data` body as fields: text parts as text (UTF-8, or
/// `400`), file parts as [`UploadedFile`]s; an empty file input (no name, no content) as
/// `""`, as for a form sent without a file. axum's reader keeps the body limit (`413`).
#[cfg(feature = "multipart")]
async fn read_multipart<S: Send + Sync>(
    req: Request,
    state: &S,
    malformed: impl Fn(StatusCode, String) -> Rejection,
) -> Result<fields::Fields, Rejection> {
    let body_error = |response: axum::response::Response| Rejection {
        kind: Kind::Body(response),
    };
    let mut multipart = axum::extract::Multipart::from_request(req, state)
        .await
        .map_err(|rejection| body_error(rejection.into_response()))?;
    let mut fields = fields::Fields::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(body_error(error.into_response())),
        };
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|error| body_error(error.into_response()))?;
        let node = match file_name {
            Some(file_name) if file_name.is_empty() && bytes.is_empty() => {
                fields::Node::Text(String::new())
            }
            Some(file_name) => fields::Node::File(UploadedFile::from_parts(
                Some(file_name),
                content_type,
                bytes,
            )),
            None => match String::from_utf8(Vec::from(bytes)) {
                Ok(text) => fields::Node::Text(text),
                Err(_) => {
                    return Err(malformed(
                        StatusCode::BAD_REQUEST,
                        format!("The form field {name:?} is not UTF-8 text."),
                    ));
                }
            },
        };
        fields
            .insert(&name, node)
            .map_err(|refused| malformed(StatusCode::BAD_REQUEST, refused.to_string()))?;
    }
    Ok(fields)
}

/// Without the `multipart` feature, [`body::Format::of`] refuses multipart bodies first.
#[cfg(not(feature = "multipart"))]
async fn read_multipart<S: Send + Sync>(
    _: Request,
    _: &S,
    malformed: impl Fn(StatusCode, String) -> Rejection,
) -> Result<fields::Fields, Rejection> {
    Err(malformed(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "multipart bodies need the `multipart` feature".to_owned(),
    ))
}
