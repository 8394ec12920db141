//! [`Rejection`]: why a form extractor did not let the handler run, and the protocol's answer
//! it becomes.

use axum::response::{IntoResponse, Response};
use http::StatusCode;

use super::precognition::{self, Precognition};
use crate::ValidationErrors;
use crate::redirect::InertiaRedirect;

/// Why a form extractor did not let the handler run; its response is the protocol's answer
/// (a redirect back with errors, a Precognition answer, `400`/`413`/`415`/`422`).
///
/// Take `Result<Validated<T>, Rejection>` to look at it first:
///
/// ```
/// use axum::response::{IntoResponse, Response};
/// use inertia_runtime::form::{Checked, Rejection, Rules};
/// use inertia_runtime::ValidationErrors;
///
/// #[derive(serde::Deserialize)]
/// struct Search { q: String }
/// impl Rules for Search {
///     fn check(&self, _: &mut ValidationErrors) {}
/// }
///
/// async fn search(form: Result<Checked<Search>, Rejection>) -> Response {
///     match form {
///         Ok(Checked(search)) => search.q.into_response(),
///         Err(rejection) => {
///             if let Some(errors) = rejection.errors() {
///                 tracing::debug!(?errors, "invalid search");
///             }
///             rejection.into_response()
///         }
///     }
/// }
/// # let _ = search;
/// ```
#[derive(Debug)]
pub struct Rejection {
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    /// Validation failed on a normal submission.
    Invalid {
        errors: ValidationErrors,
        bag: String,
        old_input: serde_json::Map<String, serde_json::Value>,
        json: bool,
    },
    /// A Precognition request, answered.
    Precognition(Precognition),
    /// The body is not what a form sends.
    Malformed {
        status: StatusCode,
        message: String,
        precognitive: bool,
    },
    /// Reading the body failed (too large, aborted): axum's own answer.
    Body(Response),
}

impl Rejection {
    /// The validation errors, when the submission was invalid (also for a Precognition
    /// request, before filtering by `Precognition-Validate-Only`).
    pub fn errors(&self) -> Option<&ValidationErrors> {
        match &self.kind {
            Kind::Invalid { errors, .. } => Some(errors),
            Kind::Precognition(p) => Some(p.errors()),
            _ => None,
        }
    }

    /// The status the response will have.
    pub fn status(&self) -> StatusCode {
        match &self.kind {
            Kind::Invalid { json: true, .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Invalid { json: false, .. } => StatusCode::SEE_OTHER,
            Kind::Precognition(p) => p.status(),
            Kind::Malformed { status, .. } => *status,
            Kind::Body(response) => response.status(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Invalid { errors, bag, .. } => write!(
                f,
                "the form is invalid ({} field(s) with errors, error bag `{bag}`)",
                errors.fields().len()
            ),
            Kind::Precognition(_) => f.write_str("a Precognition request, answered"),
            Kind::Malformed {
                status, message, ..
            } => write!(f, "{status}: {message}"),
            Kind::Body(response) => {
                write!(
                    f,
                    "the request body could not be read ({})",
                    response.status()
                )
            }
        }
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self.kind {
            Kind::Invalid {
                errors, json: true, ..
            } => precognition::errors_json(StatusCode::UNPROCESSABLE_ENTITY, &errors),
            Kind::Invalid {
                errors,
                bag,
                old_input,
                json: false,
            } => InertiaRedirect::back()
                .with_error_bag(bag, errors)
                .with_old_input(old_input)
                .into_response(),
            Kind::Precognition(answer) => answer.into_response(),
            Kind::Malformed {
                status,
                message,
                precognitive,
            } => {
                let mut response = (status, message).into_response();
                if precognitive {
                    precognition::mark(response.headers_mut());
                }
                response
            }
            Kind::Body(response) => response,
        }
    }
}
