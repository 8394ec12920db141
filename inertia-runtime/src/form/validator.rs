//! The `validator` crate's errors as [`ValidationErrors`], with Laravel-style messages for
//! the rules whose message the app did not set.

use serde_json::Value;
use validator::{ValidationError, ValidationErrorsKind};

use super::messages::sentence;
use crate::ValidationErrors;

/// Runs `T`'s rules.
pub(super) fn errors<T: validator::Validate>(value: &T) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    if let Err(errors) = value.validate() {
        collect("", &errors, &mut out);
    }
    out
}

fn collect(prefix: &str, errors: &validator::ValidationErrors, out: &mut ValidationErrors) {
    // `validator` keeps fields in a HashMap; sorted, the messages come in a stable order.
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (name, kind) in fields {
        let field = if prefix.is_empty() {
            name.to_string()
        } else if name == "__all__" {
            prefix.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    out.push(field.clone(), message(&field, error));
                }
            }
            ValidationErrorsKind::Struct(nested) => collect(&field, nested, out),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    collect(&format!("{field}.{index}"), nested, out);
                }
            }
        }
    }
}

/// The app's message, or one written from the rule and its parameters.
pub(super) fn message(field: &str, error: &ValidationError) -> String {
    if let Some(message) = &error.message {
        return message.to_string();
    }
    let params = &error.params;
    let param = |name: &str| params.get(name).map(show);
    let unit = match params.get("value") {
        Some(Value::Array(_)) => "items",
        _ => "characters",
    };
    // A file (serialized as name, type and size): its length is its size in bytes.
    let file = matches!(params.get("value"), Some(Value::Object(o)) if o.contains_key("size"));
    if file && error.code == "length" {
        let size = |name: &str| params.get(name).and_then(Value::as_u64).map(bytes);
        let rest = match (size("equal"), size("min"), size("max")) {
            (Some(n), _, _) => format!("must be {n}."),
            (None, Some(min), Some(max)) => format!("must be between {min} and {max}."),
            (None, Some(min), None) => format!("must be at least {min}."),
            (None, None, Some(max)) => format!("must not be greater than {max}."),
            (None, None, None) => "has an invalid size.".to_owned(),
        };
        return sentence(field, &rest);
    }
    let rest = match error.code.as_ref() {
        "required" => "is required.".to_owned(),
        "email" => "must be a valid email address.".to_owned(),
        "url" => "must be a valid URL.".to_owned(),
        "ip" => "must be a valid IP address.".to_owned(),
        "credit_card" => "must be a valid card number.".to_owned(),
        "non_control_character" => "must not contain control characters.".to_owned(),
        "regex" => "format is invalid.".to_owned(),
        "contains" => match param("needle") {
            Some(needle) => format!("must contain {needle}."),
            None => "is invalid.".to_owned(),
        },
        "does_not_contain" => match param("needle") {
            Some(needle) => format!("must not contain {needle}."),
            None => "is invalid.".to_owned(),
        },
        "must_match" => match param("other") {
            Some(_) => "confirmation does not match.".to_owned(),
            None => "does not match.".to_owned(),
        },
        "length" => match (param("equal"), param("min"), param("max")) {
            (Some(n), _, _) => format!("must be {n} {unit}."),
            (None, Some(min), Some(max)) => format!("must be between {min} and {max} {unit}."),
            (None, Some(min), None) => format!("must be at least {min} {unit}."),
            (None, None, Some(max)) => format!("must not be greater than {max} {unit}."),
            (None, None, None) => "has an invalid length.".to_owned(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}."),
            (Some(min), None) => format!("must be at least {min}."),
            (None, Some(max)) => format!("must not be greater than {max}."),
            (None, None) => match (param("exclusive_min"), param("exclusive_max")) {
                (Some(min), _) => format!("must be greater than {min}."),
                (_, Some(max)) => format!("must be less than {max}."),
                _ => "is out of range.".to_owned(),
            },
        },
        _ => "is invalid.".to_owned(),
    };
    sentence(field, &rest)
}

/// A size as a person reads it: `1 MB`, `512 KB`, `1500 bytes`.
fn bytes(n: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    match n {
        0 => "0 bytes".to_owned(),
        n if n % MB == 0 => format!("{} MB", n / MB),
        n if n % KB == 0 => format!("{} KB", n / KB),
        1 => "1 byte".to_owned(),
        n => format!("{n} bytes"),
    }
}

/// A parameter as a person reads it (strings without quotes).
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn error(code: &'static str, params: &[(&'static str, Value)]) -> ValidationError {
        let mut e = ValidationError::new(code);
        for (k, v) in params {
            e.add_param(Cow::Borrowed(k), v);
        }
        e
    }

    #[test]
    fn default_messages_follow_the_rule() {
        let m = |code, params: &[(&'static str, Value)]| message("dueDate", &error(code, params));
        assert_eq!(m("required", &[]), "The due date field is required.");
        assert_eq!(
            m("email", &[]),
            "The due date field must be a valid email address."
        );
        assert_eq!(
            m("length", &[("min", 3.into()), ("value", "ab".into())]),
            "The due date field must be at least 3 characters."
        );
        assert_eq!(
            m(
                "length",
                &[
                    ("min", 1.into()),
                    ("max", 5.into()),
                    ("value", Value::Array(vec![]))
                ]
            ),
            "The due date field must be between 1 and 5 items."
        );
        assert_eq!(
            m("length", &[("equal", 4.into())]),
            "The due date field must be 4 characters."
        );
        assert_eq!(
            m("length", &[("max", 4.into())]),
            "The due date field must not be greater than 4 characters."
        );
        assert_eq!(
            m("range", &[("min", 18.into())]),
            "The due date field must be at least 18."
        );
        assert_eq!(
            m("range", &[("min", 1.into()), ("max", 9.into())]),
            "The due date field must be between 1 and 9."
        );
        assert_eq!(
            m("range", &[("exclusive_max", 9.into())]),
            "The due date field must be less than 9."
        );
        assert_eq!(
            m("contains", &[("needle", "@".into())]),
            "The due date field must contain @."
        );
        assert_eq!(
            m("must_match", &[("other", "x".into())]),
            "The due date field confirmation does not match."
        );
        assert_eq!(m("my_rule", &[]), "The due date field is invalid.");
        let file = || serde_json::json!({ "name": "a.png", "type": "image/png", "size": 9 });
        assert_eq!(
            message(
                "avatar",
                &error("length", &[("max", (1u64 << 20).into()), ("value", file())])
            ),
            "The avatar field must not be greater than 1 MB."
        );
        assert_eq!(
            message(
                "avatar",
                &error(
                    "length",
                    &[("min", 10.into()), ("max", 2048.into()), ("value", file())]
                )
            ),
            "The avatar field must be between 10 bytes and 2 KB."
        );
        let mut custom = error("length", &[]);
        custom.message = Some("Too short!".into());
        assert_eq!(message("x", &custom), "Too short!");
    }
}
