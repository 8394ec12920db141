//! [`PropsError`]: why a page's props could not be written.

use std::fmt;

use serde::ser;

/// Why props could not be written.
#[derive(Debug)]
pub struct PropsError {
    message: String,
}

impl PropsError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        PropsError {
            message: message.into(),
        }
    }

    pub(crate) fn serialize(e: serde_json::Error) -> Self {
        PropsError {
            message: e.to_string(),
        }
    }

    pub(crate) fn resolver(path: &str, e: &(dyn std::error::Error + Send + Sync)) -> Self {
        PropsError {
            message: format!("the lazy prop `{path}` failed: {e}"),
        }
    }
}

impl fmt::Display for PropsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PropsError {}

impl ser::Error for PropsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PropsError {
            message: msg.to_string(),
        }
    }
}
