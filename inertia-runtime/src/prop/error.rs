//! [`PropsError`]: why a page's props could not be written.

use std::fmt;

use serde::ser;

/// Why props could not be written: what went wrong, and the error that caused it (a lazy
/// prop's own error, serde_json's), kept as the [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct PropsError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl PropsError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        PropsError {
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn serialize(e: serde_json::Error) -> Self {
        PropsError {
            message: "the props could not be serialized".to_owned(),
            source: Some(Box::new(e)),
        }
    }

    pub(crate) fn resolver(path: &str, e: Box<dyn std::error::Error + Send + Sync>) -> Self {
        PropsError {
            message: format!("the lazy prop `{path}` failed"),
            source: Some(e),
        }
    }
}

impl fmt::Display for PropsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause follows in the text too: logs print `Display`, not the chain.
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PropsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl ser::Error for PropsError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PropsError::new(msg.to_string())
    }
}
