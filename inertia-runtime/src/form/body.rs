//! Request bodies of forms: JSON, URL-encoded or multipart, into the form's type, with
//! deserialization failures turned into field errors.

use http::HeaderValue;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::fields::Fields;
use super::messages;
use crate::ValidationErrors;

/// How the body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    UrlEncoded,
    /// `multipart/form-data`: what the Inertia client sends when the data holds a file.
    Multipart,
}

impl Format {
    /// The format of a `Content-Type` (JSON without one, as an empty `DELETE` has none).
    pub(super) fn of(content_type: Option<&HeaderValue>) -> Result<Format, String> {
        let Some(value) = content_type else {
            return Ok(Format::Json);
        };
        let essence = value
            .to_str()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json"
            || (essence.starts_with("application/") && essence.ends_with("+json"))
        {
            Ok(Format::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            Ok(Format::UrlEncoded)
        } else if essence == "multipart/form-data" {
            if cfg!(feature = "multipart") {
                Ok(Format::Multipart)
            } else {
                Err("This form takes JSON or URL-encoded data; for file uploads (multipart), enable the `multipart` feature of inertia-runtime.".to_owned())
            }
        } else {
            Err(format!(
                "Unsupported form content type {:?}; send JSON, URL-encoded or multipart data.",
                value.to_str().unwrap_or("(not text)")
            ))
        }
    }
}

/// A body read off the request.
pub(super) enum Body {
    Json(axum::body::Bytes),
    /// URL-encoded or multipart: named text fields and files.
    Fields(Fields),
}

/// The outcome of parsing a body into `T`.
pub(super) enum Parsed<T> {
    Value(T),
    /// The body is well formed, but a field is missing or of the wrong type.
    Invalid(ValidationErrors),
    /// The body is not well formed at all (`400`).
    Malformed(String),
}

pub(super) fn parse<T: DeserializeOwned>(body: &Body) -> Parsed<T> {
    match body {
        Body::Json(bytes) => {
            let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
                &b"{}"[..]
            } else {
                &bytes[..]
            };
            let mut de = serde_json::Deserializer::from_slice(bytes);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(value) => match de.end() {
                    Ok(()) => Parsed::Value(value),
                    Err(error) => {
                        Parsed::Malformed(format!("The request body is not valid JSON: {error}"))
                    }
                },
                Err(error) if error.inner().is_data() => {
                    Parsed::Invalid(field_error(error.path(), &error.inner().to_string()))
                }
                Err(error) => Parsed::Malformed(format!(
                    "The request body is not valid JSON: {}",
                    error.inner()
                )),
            }
        }
        Body::Fields(fields) => match serde_path_to_error::deserialize::<_, T>(fields) {
            Ok(value) => Parsed::Value(value),
            Err(error) => Parsed::Invalid(field_error(error.path(), &error.inner().to_string())),
        },
    }
}

/// A deserialization error at `path` as the error of a field, in words for people.
fn field_error(path: &serde_path_to_error::Path, message: &str) -> ValidationErrors {
    let mut field: Vec<String> = path
        .iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    // serde reports a missing field at its parent, naming it in the message.
    if let Some(missing) = quoted_after(message, "missing field `") {
        field.push(missing.to_owned());
        let field = field.join(".");
        let text = messages::sentence(&field, "is required.");
        return ValidationErrors::new().add(field, text);
    }
    if let Some(unknown) = quoted_after(message, "unknown field `") {
        field.push(unknown.to_owned());
        let field = field.join(".");
        let text = messages::sentence(&field, "is not allowed.");
        return ValidationErrors::new().add(field, text);
    }
    let field = if field.is_empty() {
        "form".to_owned()
    } else {
        field.join(".")
    };
    let text = messages::sentence(&field, &messages::type_problem(message));
    tracing::debug!(field, error = message, "form field did not deserialize");
    ValidationErrors::new().add(field, text)
}

/// The text between `prefix` and the next backtick.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    // Only at the start: serde's own wording. Further in, the text may quote the submitted
    // value ("invalid type: string \"missing field `admin`\"…"), which must not name a field.
    let rest = message.strip_prefix(prefix)?;
    Some(&rest[..rest.find('`')?])
}

/// The submitted fields as JSON (form values as strings, files left out); empty when the
/// body is not an object. Only read again on the failure path.
pub(super) fn input(body: &Body) -> Map<String, Value> {
    match body {
        Body::Json(bytes) => match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        },
        Body::Fields(fields) => fields.to_json(),
    }
}

/// The input to give back to the form, without the fields never to be stored.
pub(super) fn old_input<S: AsRef<str>>(
    mut input: Map<String, Value>,
    dont_flash: &[S],
) -> Map<String, Value> {
    redact(&mut input, dont_flash);
    input
}

/// Renames the fields of rule errors to the names the client sent. Validation crates report
/// Rust field names (`due_date`); a form whose serde names differ (`dueDate`, through
/// `rename_all`) must get its errors under those, or the client shows none. A segment that
/// is not in the input as written is matched ignoring case, `_` and `-`.
pub(super) fn align(errors: ValidationErrors, input: &Map<String, Value>) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    for (field, messages) in errors.fields() {
        let field = align_path(field, input);
        for message in messages {
            out.push(field.clone(), message.clone());
        }
    }
    out
}

fn align_path(field: &str, input: &Map<String, Value>) -> String {
    let normal = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut current = Some(input);
    let mut items: Option<&Vec<Value>> = None;
    let mut out: Vec<String> = Vec::new();
    for segment in field.split('.') {
        let mut next_map = None;
        let mut next_items = None;
        let mut name = segment.to_owned();
        if let Some(map) = current {
            let found = map
                .get_key_value(segment)
                .or_else(|| map.iter().find(|(k, _)| normal(k) == normal(segment)));
            if let Some((key, value)) = found {
                name = key.clone();
                next_map = value.as_object();
                next_items = value.as_array();
            }
        } else if let (Some(list), Ok(index)) = (items, segment.parse::<usize>())
            && let Some(value) = list.get(index)
        {
            next_map = value.as_object();
            next_items = value.as_array();
        }
        out.push(name);
        current = next_map;
        items = next_items;
    }
    out.join(".")
}

fn redact<S: AsRef<str>>(map: &mut Map<String, Value>, dont_flash: &[S]) {
    map.retain(|key, _| !dont_flash.iter().any(|f| f.as_ref() == key));
    for value in map.values_mut() {
        redact_value(value, dont_flash);
    }
}

fn redact_value<S: AsRef<str>>(value: &mut Value, dont_flash: &[S]) {
    match value {
        Value::Object(map) => redact(map, dont_flash),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, dont_flash)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn body(format: Format, bytes: &[u8]) -> Body {
        match format {
            Format::Json => Body::Json(axum::body::Bytes::copy_from_slice(bytes)),
            _ => Body::Fields(Fields::from_urlencoded(bytes).unwrap()),
        }
    }

    fn parse<T: DeserializeOwned>(format: Format, bytes: &[u8]) -> Parsed<T> {
        super::parse(&body(format, bytes))
    }

    fn input(format: Format, bytes: &[u8]) -> Map<String, Value> {
        super::input(&body(format, bytes))
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Form {
        title: String,
        due_date: Option<String>,
        #[serde(default)]
        count: u32,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    fn errors(format: Format, body: &str) -> ValidationErrors {
        match parse::<Form>(format, body.as_bytes()) {
            Parsed::Invalid(errors) => errors,
            Parsed::Value(v) => panic!("parsed: {v:?}"),
            Parsed::Malformed(m) => panic!("malformed: {m}"),
        }
    }

    #[test]
    fn a_submitted_value_cannot_name_the_field_of_its_error() {
        // The value quotes serde's wording for another field; the error stays on `count`.
        for (format, body) in [
            (
                Format::Json,
                r#"{"title": "t", "count": "missing field `admin`"}"#,
            ),
            (
                Format::Json,
                r#"{"title": "t", "count": "unknown field `admin`"}"#,
            ),
            (
                Format::UrlEncoded,
                "title=t&count=missing+field+%60admin%60",
            ),
        ] {
            let errors = errors(format, body);
            let fields: Vec<_> = errors.fields().keys().cloned().collect();
            assert_eq!(fields, ["count"], "{body}");
        }
        // serde's own "missing field" still names the field.
        let errors = errors(Format::Json, r#"{"count": 1}"#);
        assert_eq!(errors.first("title"), Some("The title field is required."));
    }

    #[test]
    fn content_types() {
        let of = |v: &'static str| Format::of(Some(&HeaderValue::from_static(v)));
        assert_eq!(Format::of(None), Ok(Format::Json));
        assert_eq!(of("application/json; charset=utf-8"), Ok(Format::Json));
        assert_eq!(of("Application/JSON"), Ok(Format::Json));
        assert_eq!(of("application/vnd.api+json"), Ok(Format::Json));
        assert_eq!(
            of("application/x-www-form-urlencoded"),
            Ok(Format::UrlEncoded)
        );
        let multipart = of("multipart/form-data; boundary=x");
        if cfg!(feature = "multipart") {
            assert_eq!(multipart, Ok(Format::Multipart));
        } else {
            assert!(multipart.unwrap_err().contains("`multipart` feature"));
        }
        assert!(of("text/plain").unwrap_err().contains("Unsupported"));
        assert!(Format::of(Some(&HeaderValue::from_bytes(b"\xff").unwrap())).is_err());
    }

    #[test]
    fn fields_that_do_not_deserialize_are_field_errors() {
        let e = errors(Format::Json, r#"{"dueDate": null}"#);
        assert_eq!(e.first("title"), Some("The title field is required."));
        let e = errors(Format::Json, r#"{"title": 3}"#);
        assert_eq!(e.first("title"), Some("The title field must be text."));
        let e = errors(Format::Json, r#"{"title": "a", "count": "many"}"#);
        assert_eq!(
            e.first("count"),
            Some("The count field must be a whole number.")
        );
        let e = errors(
            Format::Json,
            r#"{"title": "a", "items": [{"name": "x"}, {}]}"#,
        );
        assert_eq!(e.first("items.1.name"), Some("The name field is required."));
        let e = errors(Format::Json, r#"{"title": "a", "dueDate": 5}"#);
        assert_eq!(e.first("dueDate"), Some("The due date field must be text."));
        let e = errors(Format::Json, "[1]");
        assert_eq!(e.fields().len(), 1, "{e:?}");
        let e = errors(Format::UrlEncoded, "title=a&count=x");
        assert_eq!(
            e.first("count"),
            Some("The count field must be a whole number.")
        );
        let e = errors(Format::UrlEncoded, "count=1");
        assert_eq!(e.first("title"), Some("The title field is required."));
    }

    #[test]
    fn well_formed_bodies_parse() {
        let Parsed::Value(form) = parse::<Form>(Format::UrlEncoded, b"title=Hi%20there&count=2")
        else {
            panic!()
        };
        assert_eq!(form.title, "Hi there");
        assert_eq!(form.count, 2);
        assert!(matches!(
            parse::<std::collections::HashMap<String, String>>(Format::Json, b"  "),
            Parsed::Value(m) if m.is_empty()
        ));
    }

    #[test]
    fn malformed_json_is_not_a_field_error() {
        for body in [
            "{",
            "{\"title\": }",
            "nope",
            "{\"title\": \"a\"} {}",
            "\u{feff}{}",
        ] {
            assert!(
                matches!(
                    parse::<Form>(Format::Json, body.as_bytes()),
                    Parsed::Malformed(_)
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn old_input_leaves_out_secrets_at_any_depth() {
        let dont: Vec<Box<str>> = vec!["password".into(), "card".into()];
        let kept = old_input(
            input(
                Format::Json,
                br#"{"email": "a@b", "password": "x", "billing": {"card": "4242", "name": "A"}, "rows": [{"password": "y", "k": 1}]}"#,
            ),
            &dont,
        );
        assert_eq!(
            Value::Object(kept),
            serde_json::json!({"email": "a@b", "billing": {"name": "A"}, "rows": [{"k": 1}]})
        );
        let kept = old_input(input(Format::UrlEncoded, b"a=1&password=2"), &dont);
        assert_eq!(Value::Object(kept), serde_json::json!({"a": "1"}));
        assert!(old_input(input(Format::Json, b"[1]"), &dont).is_empty());
    }

    #[test]
    fn rule_errors_are_renamed_to_the_names_the_client_sent() {
        let sent = input(
            Format::Json,
            br#"{"dueDate": "", "homeAddress": {"zip_code": ""}, "lineItems": [{"unitPrice": 1}], "title": ""}"#,
        );
        let errors = ValidationErrors::from([
            ("due_date", "a"),
            ("home_address.zip_code", "b"),
            ("line_items.0.unit_price", "c"),
            ("title", "d"),
            ("not_sent", "e"),
        ]);
        let aligned = align(errors, &sent);
        let fields: Vec<&str> = aligned.fields().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "dueDate",
                "homeAddress.zip_code",
                "lineItems.0.unitPrice",
                "not_sent",
                "title"
            ]
        );
    }
}
