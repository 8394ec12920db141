//! [`ValidationErrors`]: the errors of one form, as the page's `errors` prop shows them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Validation errors of one form: field → messages.
///
/// ```
/// use inertia_runtime::ValidationErrors;
///
/// let errors = ValidationErrors::new()
///     .add("email", "The email is already taken.")
///     .add("email", "The email must be a company address.")
///     .add("name", "The name is required.");
/// assert_eq!(errors.first("email"), Some("The email is already taken."));
/// assert!(!errors.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors(BTreeMap<String, Vec<String>>);

impl ValidationErrors {
    /// No errors.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message for `field` (a field may have several).
    pub fn add(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.push(field, message);
        self
    }

    /// Adds a message for `field`, in place.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_default().push(message.into());
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for `field`.
    pub fn first(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|m| m.first())
            .map(String::as_str)
    }

    /// All messages by field.
    pub fn fields(&self) -> &BTreeMap<String, Vec<String>> {
        &self.0
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ValidationErrors {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut errors = ValidationErrors::new();
        for (field, message) in iter {
            errors.push(field, message);
        }
        errors
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for ValidationErrors {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}
