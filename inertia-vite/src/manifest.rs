//! Reading and validating Vite's `.vite/manifest.json`.

use std::fmt;

use serde_json::Value;

/// Why bytes could not be used as a Vite manifest.
///
/// The `Display` text is written to be shown to a person as is: it says what is wrong and,
/// where there is one, the fix.
///
/// ```
/// let err = inertia_vite::manifest_version(b"[]").unwrap_err();
/// assert!(err.to_string().contains("not a Vite manifest"));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ManifestError {
    /// The bytes are not JSON.
    Json(serde_json::Error),
    /// The JSON is not shaped like a Vite manifest.
    Shape(String),
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ManifestError::Json(e) => write!(f, "not valid JSON: {e}"),
            ManifestError::Shape(why) => write!(
                f,
                "not a Vite manifest: {why} (expected the `.vite/manifest.json` that `vite build` writes with `build.manifest: true`)"
            ),
        }
    }
}

impl std::error::Error for ManifestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ManifestError::Json(e) => Some(e),
            ManifestError::Shape(_) => None,
        }
    }
}

/// Parses manifest bytes and checks that they look like a Vite manifest.
///
/// # Errors
///
/// [`ManifestError::Json`] for invalid JSON, [`ManifestError::Shape`] when [`validate`] fails.
pub fn parse(bytes: &[u8]) -> Result<Value, ManifestError> {
    let value: Value = serde_json::from_slice(bytes).map_err(ManifestError::Json)?;
    validate(&value)?;
    Ok(value)
}

/// Checks the shape Vite guarantees: a non-empty object mapping each source path to a chunk
/// object with a string `file`; `css`, `imports`, `dynamicImports` and `assets`, when present,
/// are arrays of strings and `isEntry` is a boolean.
///
/// # Errors
///
/// [`ManifestError::Shape`] naming the first entry and field that is wrong.
pub fn validate(value: &Value) -> Result<(), ManifestError> {
    let shape = |why: String| Err(ManifestError::Shape(why));
    let Value::Object(entries) = value else {
        return shape(format!("the top level is {}, not an object", kind(value)));
    };
    if entries.is_empty() {
        return shape("it has no entries".to_owned());
    }
    for (key, chunk) in entries {
        let Value::Object(fields) = chunk else {
            return shape(format!("entry `{key}` is {}, not an object", kind(chunk)));
        };
        match fields.get("file") {
            Some(Value::String(file)) if !file.is_empty() => {}
            Some(other) => {
                return shape(format!(
                    "entry `{key}` has a `file` that is {}, not a file name",
                    kind(other)
                ));
            }
            None => return shape(format!("entry `{key}` has no `file`")),
        }
        for list in ["css", "imports", "dynamicImports", "assets"] {
            match fields.get(list) {
                None => {}
                Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
                Some(_) => {
                    return shape(format!(
                        "entry `{key}` has a `{list}` that is not a list of strings"
                    ));
                }
            }
        }
        if let Some(flag) = fields.get("isEntry")
            && !flag.is_boolean()
        {
            return shape(format!(
                "entry `{key}` has an `isEntry` that is not true/false"
            ));
        }
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if s.is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        parse(bytes).unwrap_err().to_string()
    }

    #[test]
    fn rejects_what_is_not_a_manifest() {
        assert!(err(b"").contains("not valid JSON"));
        assert!(err(b"{\"a\":").contains("not valid JSON"));
        assert!(err(b"\xEF\xBB\xBF{}").contains("not valid JSON"));
        assert!(err(b"[]").contains("the top level is an array"));
        assert!(err(b"{}").contains("no entries"));
        assert!(err(br#"{"a":1}"#).contains("entry `a` is a number"));
        assert!(err(br#"{"a":{}}"#).contains("entry `a` has no `file`"));
        assert!(err(br#"{"a":{"file":""}}"#).contains("`file` that is an empty string"));
        assert!(err(br#"{"a":{"file":"a.js","css":"a.css"}}"#).contains("`css`"));
        assert!(err(br#"{"a":{"file":"a.js","imports":[1]}}"#).contains("`imports`"));
        assert!(err(br#"{"a":{"file":"a.js","isEntry":"yes"}}"#).contains("`isEntry`"));
    }

    #[test]
    fn shape_errors_name_the_fix() {
        assert!(err(b"[]").contains("build.manifest: true"));
    }

    #[test]
    fn accepts_a_real_manifest() {
        parse(
            br#"{"index.html":{"file":"assets/index-abc.js","isEntry":true,"src":"index.html",
            "css":["assets/index-x.css"],"imports":["_shared.js"],"dynamicImports":["src/lazy.ts"],
            "assets":["assets/logo.svg"]},"_shared.js":{"file":"assets/shared.js"}}"#,
        )
        .unwrap();
    }
}
