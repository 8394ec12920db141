//! Precognition: validating a form as the user types, without running the handler.
//!
//! The client (`useForm(method, url, data).validate('title')`, through `laravel-precognition`
//! inside `@inertiajs/core`) sends the form with `Precognition: true` and, usually,
//! `Precognition-Validate-Only: title,due`. It expects `Precognition: true` on every answer
//! (else it throws "Did not receive a Precognition response"), `204` with
//! `Precognition-Success: true` when the fields are valid, and `422` with
//! `{"errors": {field: [messages]}}` otherwise.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, VARY};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::ValidationErrors;
use crate::headers::{PRECOGNITION, PRECOGNITION_SUCCESS, PRECOGNITION_VALIDATE_ONLY};

/// Longest `Precognition-Validate-Only` honoured (the partial-reload headers' limit).
const MAX_VALIDATE_ONLY_LEN: usize = 8 * 1024;

/// The Precognition headers of a request.
#[derive(Debug)]
pub(super) struct Request {
    /// The fields to validate (`Precognition-Validate-Only`); `None` means all.
    only: Option<Vec<String>>,
}

impl Request {
    /// `Some` for a request with `Precognition: true`.
    pub(super) fn from_headers(headers: &HeaderMap) -> Option<Request> {
        let on = headers
            .get(PRECOGNITION)
            .is_some_and(|v| v.as_bytes().trim_ascii().eq_ignore_ascii_case(b"true"));
        if !on {
            return None;
        }
        // Bounded before any work: a longer list (no form has that many fields) is ignored, and
        // every field is validated, as without the header.
        let only = headers
            .get(PRECOGNITION_VALIDATE_ONLY)
            .filter(|v| v.len() <= MAX_VALIDATE_ONLY_LEN)
            .and_then(|v| v.to_str().ok())
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|fields| !fields.is_empty());
        Some(Request { only })
    }

    /// The answer, given every error of the submission.
    pub(super) fn answer(self, errors: ValidationErrors) -> Precognition {
        let reported = match &self.only {
            None => errors.clone(),
            Some(only) => errors
                .fields()
                .iter()
                .filter(|(field, _)| only.iter().any(|wanted| covers(wanted, field)))
                .flat_map(|(field, messages)| {
                    messages.iter().map(move |m| (field.clone(), m.clone()))
                })
                .collect(),
        };
        Precognition {
            all: errors,
            reported,
        }
    }
}

/// Whether the field the client asked to validate covers an error's field: the same field,
/// one below it (`address` covers `address.city`), with `*` standing for one segment.
fn covers(wanted: &str, field: &str) -> bool {
    let mut wanted = wanted.split('.');
    let mut field = field.split('.');
    loop {
        match (wanted.next(), field.next()) {
            (None, _) => return true,
            (Some(_), None) => return false,
            (Some(w), Some(f)) if w == "*" || w == f => {}
            _ => return false,
        }
    }
}

/// The answer to a Precognition request: what the form extractors reject it with, before
/// the handler runs.
#[derive(Debug)]
pub struct Precognition {
    all: ValidationErrors,
    reported: ValidationErrors,
}

impl Precognition {
    /// Every error of the submission (also of fields not asked for).
    pub fn errors(&self) -> &ValidationErrors {
        &self.all
    }

    /// `204` when the fields asked for are valid, else `422`.
    pub fn status(&self) -> StatusCode {
        if self.reported.is_empty() {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

impl IntoResponse for Precognition {
    fn into_response(self) -> Response {
        let mut response = if self.reported.is_empty() {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NO_CONTENT;
            response
                .headers_mut()
                .insert(PRECOGNITION_SUCCESS, HeaderValue::from_static("true"));
            response
        } else {
            errors_json(StatusCode::UNPROCESSABLE_ENTITY, &self.reported)
        };
        mark(response.headers_mut());
        response
    }
}

/// `Precognition: true` and `Vary: Precognition` on an answer to a Precognition request.
pub(super) fn mark(headers: &mut HeaderMap) {
    headers.insert(PRECOGNITION, HeaderValue::from_static("true"));
    headers.append(VARY, HeaderValue::from_static("Precognition"));
}

/// `{"message": "…", "errors": {field: [messages]}}`, as Laravel answers JSON clients.
pub(super) fn errors_json(status: StatusCode, errors: &ValidationErrors) -> Response {
    let count: usize = errors.fields().values().map(Vec::len).sum();
    let first = errors
        .fields()
        .values()
        .find_map(|m| m.first())
        .map_or("The given data was invalid.", String::as_str);
    let message = match count {
        0 | 1 => first.to_owned(),
        2 => format!("{first} (and 1 more error)"),
        n => format!("{first} (and {} more errors)", n - 1),
    };
    let body = serde_json::json!({ "message": message, "errors": errors });
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(only: Option<&'static str>) -> Request {
        let mut h = HeaderMap::new();
        h.insert(PRECOGNITION, HeaderValue::from_static("true"));
        if let Some(only) = only {
            h.insert(PRECOGNITION_VALIDATE_ONLY, HeaderValue::from_static(only));
        }
        Request::from_headers(&h).unwrap()
    }

    fn errors() -> ValidationErrors {
        ValidationErrors::from([
            ("title", "The title field is required."),
            ("address.city", "The city field is required."),
            ("items.0.name", "The name field is required."),
            ("items.1.name", "The name field is required."),
        ])
    }

    #[test]
    fn only_precognition_true_turns_it_on() {
        let mut h = HeaderMap::new();
        assert!(Request::from_headers(&h).is_none());
        h.insert(PRECOGNITION, HeaderValue::from_static("false"));
        assert!(Request::from_headers(&h).is_none());
        h.insert(PRECOGNITION, HeaderValue::from_static(" TRUE "));
        assert!(Request::from_headers(&h).is_some());
        h.insert(PRECOGNITION_VALIDATE_ONLY, HeaderValue::from_static(" , "));
        assert!(Request::from_headers(&h).unwrap().only.is_none());
    }

    #[test]
    fn an_oversized_validate_only_list_is_not_split() {
        let mut h = HeaderMap::new();
        h.insert(PRECOGNITION, HeaderValue::from_static("true"));
        let huge = "a,".repeat(190_000);
        h.insert(
            PRECOGNITION_VALIDATE_ONLY,
            HeaderValue::from_str(&huge).unwrap(),
        );
        assert!(Request::from_headers(&h).unwrap().only.is_none());
        let fits = "a,".repeat(MAX_VALIDATE_ONLY_LEN / 2);
        h.insert(
            PRECOGNITION_VALIDATE_ONLY,
            HeaderValue::from_str(&fits).unwrap(),
        );
        assert!(Request::from_headers(&h).unwrap().only.is_some());
    }

    #[test]
    fn validate_only_reports_the_fields_asked_for() {
        let fields = |only| {
            let answer = request(only).answer(errors());
            answer.reported.fields().keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(fields(None).len(), 4);
        assert_eq!(fields(Some("title")), ["title"]);
        assert_eq!(fields(Some("address")), ["address.city"]);
        assert_eq!(
            fields(Some("items.*.name")),
            ["items.0.name", "items.1.name"]
        );
        assert_eq!(
            fields(Some("items.1.name,title")),
            ["items.1.name", "title"]
        );
        assert!(fields(Some("due")).is_empty());
        assert!(
            fields(Some("tit")).is_empty(),
            "a prefix of a name is another field"
        );
    }

    #[test]
    fn answers() {
        let ok = request(Some("due")).answer(errors()).into_response();
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        assert_eq!(ok.headers()[PRECOGNITION], "true");
        assert_eq!(ok.headers()[PRECOGNITION_SUCCESS], "true");
        assert_eq!(ok.headers()[VARY], "Precognition");
        let bad = request(Some("title")).answer(errors()).into_response();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.headers()[PRECOGNITION], "true");
        assert!(bad.headers().get(PRECOGNITION_SUCCESS).is_none());
        assert_eq!(bad.headers()[CONTENT_TYPE], "application/json");
    }
}
