//! [`GeneratedFile`]: a file the app generates from its Rust code (its routes, its page
//! types) and keeps in the repository, written or checked by a test.

use std::path::Path;

/// The environment variable that makes [`GeneratedFile::check_or_write`] write.
const WRITE_VARIABLE: &str = "INERTIA_WRITE_TYPES";

/// A generated source file: its text, and the command that writes it again.
///
/// Keep the file in the repository and check it in a test, so that a change on the Rust side
/// that the frontend has not seen fails CI; `INERTIA_WRITE_TYPES=1 cargo test` writes it.
///
/// ```
/// use inertia_runtime::routes::Routes;
///
/// async fn dashboard() {}
///
/// let routes: Routes = Routes::new().get("dashboard", "/", dashboard);
/// let file = routes.table().typescript()?;
/// assert!(file.text().contains("export const dashboard = fixed('get', \"/\")"));
///
/// let dir = std::env::temp_dir().join(format!("generated-doc-{}", std::process::id()));
/// let path = dir.join("routes.ts");
/// assert!(file.check(&path).is_err()); // missing
/// file.write(&path)?;
/// file.check(&path)?;
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct GeneratedFile {
    text: String,
    regenerate: String,
}

/// Why a [`GeneratedFile`] could not be written, or is not what the code gives.
#[derive(Debug)]
pub struct GeneratedFileError {
    message: String,
}

impl std::fmt::Display for GeneratedFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GeneratedFileError {}

impl GeneratedFileError {
    pub(crate) fn new(message: String) -> Self {
        GeneratedFileError { message }
    }

    #[cfg(feature = "typescript")]
    pub(crate) fn into_message(self) -> String {
        self.message
    }
}

impl GeneratedFile {
    pub(crate) fn new(text: String, regenerate: &str) -> Self {
        GeneratedFile {
            text,
            regenerate: regenerate.to_owned(),
        }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's text, owned.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Writes the file (creating its directory) unless it already holds the text; whether
    /// it changed.
    ///
    /// # Errors
    ///
    /// The file system's, naming the file.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<bool, GeneratedFileError> {
        let path = path.as_ref();
        if std::fs::read_to_string(path).ok().as_deref() == Some(self.text.as_str()) {
            return Ok(false);
        }
        let io = |e: std::io::Error| {
            GeneratedFileError::new(format!("cannot write `{}`: {e}", path.display()))
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(path, &self.text).map_err(io)?;
        Ok(true)
    }

    /// Compares the file with the text.
    ///
    /// # Errors
    ///
    /// When it differs (naming the first different line and the command that writes it
    /// again) or cannot be read.
    pub fn check(&self, path: impl AsRef<Path>) -> Result<(), GeneratedFileError> {
        let path = path.as_ref();
        let expected = &self.text;
        let actual = std::fs::read_to_string(path).map_err(|e| {
            GeneratedFileError::new(format!(
                "cannot read `{}` ({e}); generate it with `{}`",
                path.display(),
                self.regenerate
            ))
        })?;
        if &actual == expected {
            return Ok(());
        }
        let line = expected
            .lines()
            .zip(actual.lines().chain(std::iter::repeat("")))
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        Err(GeneratedFileError::new(format!(
            "`{}` is not what the Rust code gives (first difference at line {}):\n  file:     {}\n  expected: {}\nRegenerate it with `{}` and commit it.",
            path.display(),
            line + 1,
            actual.lines().nth(line).unwrap_or("(end of file)"),
            expected.lines().nth(line).unwrap_or("(end of file)"),
            self.regenerate
        )))
    }

    /// [`write`](Self::write) when the environment variable `INERTIA_WRITE_TYPES` is set
    /// (to anything but `0`), else [`check`](Self::check): for a test.
    ///
    /// # Errors
    ///
    /// Those of `write` or `check`.
    pub fn check_or_write(&self, path: impl AsRef<Path>) -> Result<(), GeneratedFileError> {
        if write_requested() {
            self.write(path).map(|_| ())
        } else {
            self.check(path)
        }
    }
}

/// Whether `INERTIA_WRITE_TYPES` asks generated files to be written (set, and not `0`).
pub(crate) fn write_requested() -> bool {
    std::env::var_os(WRITE_VARIABLE).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Whether `key` can be written bare as a JavaScript property name or binding.
pub(crate) fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_the_first_different_line() {
        let dir = std::env::temp_dir().join(format!("generated-{}", std::process::id()));
        let path = dir.join("a.ts");
        let file = GeneratedFile::new("one\ntwo\nthree\n".into(), "make it");
        assert!(file.write(&path).unwrap());
        assert!(!file.write(&path).unwrap(), "same text: not written again");
        file.check(&path).unwrap();
        std::fs::write(&path, "one\n2\nthree\n").unwrap();
        let message = file.check(&path).unwrap_err().to_string();
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("file:     2"), "{message}");
        assert!(message.contains("expected: two"), "{message}");
        assert!(message.contains("`make it`"), "{message}");
        std::fs::write(&path, "one\n").unwrap();
        let message = file.check(&path).unwrap_err().to_string();
        assert!(message.contains("file:     (end of file)"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
        let message = file.check(&path).unwrap_err().to_string();
        assert!(
            message.contains("cannot read") && message.contains("make it"),
            "{message}"
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("userName"));
        assert!(is_identifier("_x$"));
        assert!(!is_identifier("1a"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier(""));
    }
}
