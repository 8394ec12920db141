//! [`ConfigError`]: a mistake in the settings, found at startup.

use std::fmt;

/// A mistake in the settings of the Inertia layer (or the CSRF layer), found when the layer is
/// built, at startup. The message names what is wrong and how to fix it.
///
/// Both `Display` and `Debug` print that sentence, so `fn main() -> Result<(), Box<dyn Error>>`
/// (which prints the `Debug` form) reads well:
///
/// ```
/// use inertia_runtime::InertiaConfig;
///
/// let error = InertiaConfig::new().root_id("not valid").into_layer().unwrap_err();
/// assert_eq!(
///     format!("{error:?}"),
///     "invalid Inertia configuration: root id \"not valid\" must be non-empty and use only letters, digits, `-` and `_`",
/// );
/// assert_eq!(format!("{error:?}"), error.to_string());
/// ```
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }

    /// What is wrong and how to fix it, without the leading "invalid Inertia configuration".
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Inertia configuration: {}", self.message)
    }
}

// The sentence, not `ConfigError { message: "…" }`: `main` returning an error prints `Debug`.
impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ConfigError {}
