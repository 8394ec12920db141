//! [`TestPage`]: what a test request got back, with `assertInertia`-style assertions.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::fmt;

use http::{HeaderMap, HeaderName, StatusCode};
use serde::Serialize;
use serde_json::Value;

use crate::page::PageObject;
use crate::wire::headers::X_INERTIA_LOCATION;

/// A response: a page (its page object) or anything else (status, headers, body).
#[derive(Clone)]
pub struct TestPage {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
    /// The page object, if the response is a page (Inertia JSON, or HTML embedding one).
    pub page: Option<PageObject>,
}

impl TestPage {
    /// The page object; panics if the response is not a page.
    pub fn object(&self) -> &PageObject {
        match &self.page {
            Some(page) => page,
            None => panic!(
                "expected an Inertia page, got {} with headers {:?} and body {:?}",
                self.status, self.headers, self.body
            ),
        }
    }

    /// The prop at a dot path (`users.0.name`; array items by index).
    pub fn prop(&self, path: &str) -> Option<&Value> {
        lookup(&self.object().props, path)
    }

    /// Asserts the status code.
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "status of {self:?}");
        self
    }

    /// Asserts the page component.
    pub fn assert_component(&self, component: &str) -> &Self {
        assert_eq!(self.object().component, component, "component of {self:?}");
        self
    }

    /// Asserts the prop at `path` equals `expected` (compared as JSON).
    pub fn assert_prop(&self, path: &str, expected: impl Serialize) -> &Self {
        let expected = serde_json::to_value(expected).expect("serializable expectation");
        match self.prop(path) {
            Some(actual) => assert_eq!(actual, &expected, "prop `{path}` of {self:?}"),
            None => panic!("prop `{path}` is missing from {self:?}"),
        }
        self
    }

    /// Asserts there is a prop at `path`.
    pub fn assert_has(&self, path: &str) -> &Self {
        assert!(
            self.prop(path).is_some(),
            "prop `{path}` is missing from {self:?}"
        );
        self
    }

    /// Asserts there is no prop at `path`.
    pub fn assert_missing(&self, path: &str) -> &Self {
        assert!(
            self.prop(path).is_none(),
            "prop `{path}` should be missing from {self:?}"
        );
        self
    }

    /// Asserts the array (or object) at `path` has `count` items.
    pub fn assert_count(&self, path: &str, count: usize) -> &Self {
        let len = match self.prop(path) {
            Some(Value::Array(items)) => items.len(),
            Some(Value::Object(map)) => map.len(),
            other => panic!("prop `{path}` is not an array or object but {other:?} in {self:?}"),
        };
        assert_eq!(len, count, "number of items at `{path}` in {self:?}");
        self
    }

    /// Asserts the deferred group `group` lists exactly `paths`.
    pub fn assert_deferred(&self, group: &str, paths: &[&str]) -> &Self {
        let actual = self.object().deferred_props.get(group);
        assert_eq!(
            actual,
            Some(&serde_json::json!(paths)),
            "deferred group `{group}` of {self:?}"
        );
        self
    }

    /// Asserts the page's `flash` has `key: expected`.
    pub fn assert_flash(&self, key: &str, expected: impl Serialize) -> &Self {
        let expected = serde_json::to_value(expected).expect("serializable expectation");
        assert_eq!(
            self.object().flash.get(key),
            Some(&expected),
            "flash `{key}` of {self:?}"
        );
        self
    }

    /// Asserts the validation error of `field` is `message` (with
    /// [`all_errors`](crate::InertiaConfig::all_errors), compare the list with
    /// [`prop`](Self::prop) instead). Error keys are flat, as Laravel sends them (`items.0.quantity` is one key); a field in
    /// a named error bag is `bag.field`.
    pub fn assert_error(&self, field: &str, message: &str) -> &Self {
        let errors = self.prop("errors");
        let flat = errors.and_then(|e| e.get(field));
        let in_bag = || {
            let (bag, rest) = field.split_once('.')?;
            errors?.get(bag)?.get(rest)
        };
        match flat.or_else(in_bag) {
            Some(actual) => assert_eq!(
                actual,
                &Value::from(message),
                "error of `{field}` in {self:?}"
            ),
            None => panic!("no error for `{field}` in {self:?}"),
        }
        self
    }

    /// Asserts the page has no validation errors.
    pub fn assert_no_errors(&self) -> &Self {
        self.assert_prop("errors", serde_json::json!({}))
    }

    /// Asserts a response header's value.
    pub fn assert_header(&self, name: &str, expected: &str) -> &Self {
        let actual = self.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(actual, Some(expected), "header `{name}` of {self:?}");
        self
    }

    /// Asserts the page's asset version.
    pub fn assert_version(&self, version: &str) -> &Self {
        assert_eq!(
            self.object().version.as_deref(),
            Some(version),
            "version of {self:?}"
        );
        self
    }

    /// Asserts the page's URL (path and query).
    pub fn assert_url(&self, url: &str) -> &Self {
        assert_eq!(self.object().url, url, "url of {self:?}");
        self
    }

    /// Asserts the prop at `path` is of a JSON type: `"string"`, `"number"`, `"boolean"`,
    /// `"array"`, `"object"` or `"null"` (Laravel's `whereType`).
    pub fn assert_type(&self, path: &str, json_type: &str) -> &Self {
        let actual = match self.prop(path) {
            Some(Value::String(_)) => "string",
            Some(Value::Number(_)) => "number",
            Some(Value::Bool(_)) => "boolean",
            Some(Value::Array(_)) => "array",
            Some(Value::Object(_)) => "object",
            Some(Value::Null) => "null",
            None => panic!("prop `{path}` is missing from {self:?}"),
        };
        assert_eq!(actual, json_type, "type of prop `{path}` in {self:?}");
        self
    }

    /// Asserts the props at `path` (an object) have exactly these keys, in any order
    /// (Laravel's `has` without `etc()`): no prop sent by accident.
    pub fn assert_keys(&self, path: &str, keys: &[&str]) -> &Self {
        let object = if path.is_empty() {
            Some(&self.object().props)
        } else {
            self.prop(path)
        };
        let Some(Value::Object(map)) = object else {
            panic!("prop `{path}` is not an object in {self:?}");
        };
        let mut actual: Vec<&str> = map.keys().map(String::as_str).collect();
        let mut expected = keys.to_vec();
        actual.sort_unstable();
        expected.sort_unstable();
        assert_eq!(actual, expected, "keys of `{path}` in {self:?}");
        self
    }

    /// The body as JSON (for `422` answers and other non-page responses).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {self:?}"))
    }

    /// Asserts a Precognition answer with no errors for the fields validated (`204`,
    /// `Precognition: true`, `Precognition-Success: true`).
    pub fn assert_precognition_success(&self) -> &Self {
        self.assert_status(204)
            .assert_header("precognition", "true")
            .assert_header("precognition-success", "true")
    }

    /// Asserts a Precognition answer with exactly these errors (`422`, first message per
    /// field).
    pub fn assert_precognition_errors(&self, errors: &[(&str, &str)]) -> &Self {
        self.assert_status(422)
            .assert_header("precognition", "true");
        let body = self.json();
        let Some(actual) = body["errors"].as_object() else {
            panic!("no `errors` in {self:?}");
        };
        let actual: Vec<(&str, &str)> = actual
            .iter()
            .map(|(field, messages)| (field.as_str(), messages[0].as_str().unwrap_or("")))
            .collect();
        let mut expected = errors.to_vec();
        expected.sort_unstable();
        assert_eq!(actual, expected, "Precognition errors of {self:?}");
        self
    }

    /// Asserts the response is an Inertia location visit (`409` + `X-Inertia-Location`) to `url`.
    pub fn assert_location(&self, url: &str) -> &Self {
        assert_eq!(self.status, StatusCode::CONFLICT, "status of {self:?}");
        assert_eq!(
            header(&self.headers, &X_INERTIA_LOCATION).as_deref(),
            Some(url),
            "location of {self:?}"
        );
        self
    }
}

impl fmt::Debug for TestPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.page {
            Some(page) => write!(
                f,
                "page {} ({}): {}",
                page.component,
                self.status,
                serde_json::to_string_pretty(page).unwrap_or_default()
            ),
            None => write!(f, "response {} {:?}", self.status, self.body),
        }
    }
}

pub(super) fn header(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The value at a dot path; array items by index.
pub(super) fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |v, segment| match v {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The page object of an HTML first visit: the script element, or the v2 data attribute.
pub(super) fn embedded_page(html: &str) -> Option<PageObject> {
    if let Some(start) = html.find("<script data-page=") {
        let open_end = start + html[start..].find('>')? + 1;
        let close = open_end + html[open_end..].find("</script>")?;
        return serde_json::from_str(&html[open_end..close]).ok();
    }
    let attr = html.find(" data-page=\"")? + " data-page=\"".len();
    let end = attr + html[attr..].find('"')?;
    let decoded = html[attr..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_by_dot_path() {
        let v = json!({"a": {"b": [{"c": 1}]}});
        assert_eq!(lookup(&v, "a.b.0.c"), Some(&json!(1)));
        assert_eq!(lookup(&v, "a.b.1"), None);
        assert_eq!(lookup(&v, "a.x"), None);
    }
}
