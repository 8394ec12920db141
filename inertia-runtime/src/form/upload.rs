//! Files in forms: [`UploadedFile`], a field type that deserializes from a file part of a
//! `multipart/form-data` submission.

use std::cell::RefCell;
use std::fmt;

use axum::body::Bytes;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A file sent with a form: a field of a form type, read by [`Checked`](super::Checked),
/// [`Validated`](super::Validated) and [`GardeValidated`](super::GardeValidated) from a
/// `multipart/form-data` body (which the Inertia client sends as soon as the form data holds
/// a `File`). Needs the `multipart` feature (on by default).
///
/// The content is in memory, within the router's body limit (axum's
/// [`DefaultBodyLimit`](axum::extract::DefaultBodyLimit), 2 MB unless set). Files are never
/// given back as old input.
///
/// ```
/// use inertia_runtime::form::{Rules, UploadedFile};
/// use inertia_runtime::ValidationErrors;
///
/// #[derive(serde::Deserialize)]
/// struct NewAvatar {
///     name: String,
///     // `Option`: a form sent without a file (the client sends `null` as "").
///     avatar: Option<UploadedFile>,
/// }
///
/// impl Rules for NewAvatar {
///     fn check(&self, errors: &mut ValidationErrors) {
///         if let Some(avatar) = &self.avatar {
///             if avatar.len() > 512 * 1024 {
///                 errors.push("avatar", "The avatar field must not be greater than 512 kilobytes.");
///             }
///             if !avatar.content_type().is_some_and(|t| t.starts_with("image/")) {
///                 errors.push("avatar", "The avatar field must be an image.");
///             }
///         }
///     }
/// }
/// # let _ = |a: NewAvatar| (a.name, a.avatar.map(|f| f.into_bytes()));
/// ```
#[derive(Clone)]
pub struct UploadedFile {
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

impl UploadedFile {
    /// A file, as the multipart reader makes them (and for tests of your own rules).
    ///
    /// ```
    /// use inertia_runtime::form::UploadedFile;
    ///
    /// let file = UploadedFile::new(Some("a.txt"), Some("text/plain"), "hello");
    /// assert_eq!(file.file_name(), Some("a.txt"));
    /// assert_eq!(file.len(), 5);
    /// ```
    pub fn new(
        file_name: Option<&str>,
        content_type: Option<&str>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        UploadedFile::from_parts(
            file_name.map(str::to_owned),
            content_type.map(str::to_owned),
            bytes.into(),
        )
    }

    /// A file from owned parts (the multipart reader's, without copying them again).
    pub(super) fn from_parts(
        file_name: Option<String>,
        content_type: Option<String>,
        bytes: Bytes,
    ) -> Self {
        UploadedFile {
            file_name,
            content_type,
            bytes,
        }
    }

    /// The file name the browser sent (untrusted: never use it as a path as it is).
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// assert_eq!(UploadedFile::new(Some("cv.pdf"), None, "").file_name(), Some("cv.pdf"));
    /// ```
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type the browser sent (untrusted: check the content if it matters).
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// let file = UploadedFile::new(None, Some("image/png"), "");
    /// assert_eq!(file.content_type(), Some("image/png"));
    /// ```
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content.
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// assert_eq!(&UploadedFile::new(None, None, "hi").bytes()[..], b"hi");
    /// ```
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The content, owned (no copy).
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// let bytes = UploadedFile::new(None, None, "hi").into_bytes();
    /// assert_eq!(&bytes[..], b"hi");
    /// ```
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The size in bytes.
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// assert_eq!(UploadedFile::new(None, None, vec![0; 3]).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    ///
    /// ```
    /// # use inertia_runtime::form::UploadedFile;
    /// assert!(UploadedFile::new(Some("empty.txt"), None, "").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadedFile")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// What a file is as data: its name, type and size, never its content (so a file in an
/// error's parameters, a log line or props shows what it was without carrying it).
///
/// ```
/// # use inertia_runtime::form::UploadedFile;
/// let file = UploadedFile::new(Some("a.txt"), Some("text/plain"), "hello");
/// assert_eq!(
///     serde_json::to_value(&file).unwrap(),
///     serde_json::json!({ "name": "a.txt", "type": "text/plain", "size": 5 })
/// );
/// ```
impl serde::Serialize for UploadedFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut file = serializer.serialize_struct("UploadedFile", 3)?;
        file.serialize_field("name", &self.file_name)?;
        file.serialize_field("type", &self.content_type)?;
        file.serialize_field("size", &self.bytes.len())?;
        file.end()
    }
}

/// The newtype name by which the form deserializer knows a file is asked for (as
/// `serde_json::RawValue` is known by its own).
pub(super) const TOKEN: &str = "$inertia_runtime::form::UploadedFile";

thread_local! {
    /// The file being handed from the form deserializer to [`UploadedFile`]'s visitor. Set
    /// and taken within one synchronous call, so nothing is left behind.
    static HANDOFF: RefCell<Option<UploadedFile>> = const { RefCell::new(None) };
}

/// Called by the form deserializer when an [`UploadedFile`] is asked for and the value is a
/// file: the visitor picks it up.
pub(super) fn hand_over<'de, V: Visitor<'de>, E: de::Error>(
    file: UploadedFile,
    visitor: V,
) -> Result<V::Value, E> {
    HANDOFF.with(|slot| *slot.borrow_mut() = Some(file));
    let result = visitor.visit_unit();
    HANDOFF.with(|slot| slot.borrow_mut().take());
    result
}

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = UploadedFile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a file (sent as multipart/form-data)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<UploadedFile, E> {
        HANDOFF
            .with(|slot| slot.borrow_mut().take())
            .ok_or_else(|| E::invalid_type(de::Unexpected::Unit, &self))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<UploadedFile, D::Error> {
        // JSON or any other format: whatever was sent is not a file.
        de::IgnoredAny::deserialize(d)?;
        Err(de::Error::invalid_type(
            de::Unexpected::Other("a value that is not a file"),
            &self,
        ))
    }
}

impl<'de> Deserialize<'de> for UploadedFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(TOKEN, FileVisitor)
    }
}

/// `#[validate(length(max = 1048576))]` on a file field limits its size in bytes (the
/// message says so: "must not be greater than 1 MB").
#[cfg(feature = "validator")]
impl validator::ValidateLength<u64> for UploadedFile {
    fn length(&self) -> Option<u64> {
        Some(self.bytes.len() as u64)
    }
}

/// `#[garde(length(max = 1048576))]` on a file field limits its size in bytes.
#[cfg(feature = "garde")]
impl garde::rules::length::HasSimpleLength for UploadedFile {
    fn length(&self) -> usize {
        self.bytes.len()
    }
}

#[cfg(feature = "typescript")]
impl ts_rs::TS for UploadedFile {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "File".to_owned()
    }

    fn inline(cfg: &ts_rs::Config) -> String {
        <Self as ts_rs::TS>::name(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Form {
        file: UploadedFile,
    }

    #[test]
    fn json_cannot_send_a_file() {
        for body in [
            r#"{"file": "x"}"#,
            r#"{"file": {"name": "a"}}"#,
            r#"{"file": null}"#,
        ] {
            let e = serde_json::from_str::<Form>(body).unwrap_err().to_string();
            assert!(e.contains("expected a file"), "{body}: {e}");
        }
    }

    #[cfg(feature = "typescript")]
    #[test]
    fn typescript_calls_it_a_file() {
        use ts_rs::TS;
        let cfg = ts_rs::Config::default();
        assert_eq!(UploadedFile::inline(&cfg), "File");
        assert_eq!(<Option<UploadedFile>>::inline(&cfg), "File | null");
        assert_eq!(<Vec<UploadedFile>>::inline(&cfg), "Array<File>");
    }

    #[test]
    fn debug_leaves_the_content_out() {
        let file = UploadedFile::new(Some("secret.txt"), Some("text/plain"), "password");
        let debug = format!("{file:?}");
        assert!(
            debug.contains("secret.txt") && debug.contains("len: 8"),
            "{debug}"
        );
        assert!(!debug.contains("password"), "{debug}");
    }
}
