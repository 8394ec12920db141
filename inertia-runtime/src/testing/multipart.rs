//! [`MultipartForm`]: a `multipart/form-data` body, as the Inertia client sends a form with files.

/// A `multipart/form-data` body for [`InertiaTest::post_multipart`](super::InertiaTest::post_multipart): text fields and files,
/// named as the Inertia client names them (`items[0][name]`, `photos[0]`).
///
/// ```
/// use inertia_runtime::testing::MultipartForm;
///
/// let form = MultipartForm::new()
///     .text("title", "Holiday")
///     .file("photos[0]", "beach.jpg", "image/jpeg", b"...".to_vec());
/// # let _ = form;
/// ```
#[derive(Debug, Default, Clone)]
pub struct MultipartForm {
    parts: Vec<Part>,
}

/// One part of a [`MultipartForm`].
#[derive(Debug, Clone)]
struct Part {
    name: String,
    /// The file name and content type, for a file.
    file: Option<(String, String)>,
    content: Vec<u8>,
}

impl MultipartForm {
    /// An empty form.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new();
    /// # let _ = form;
    /// ```
    pub fn new() -> Self {
        MultipartForm::default()
    }

    /// Adds a text field.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new().text("tags[]", "a").text("tags[]", "b");
    /// # let _ = form;
    /// ```
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file: None,
            content: value.as_bytes().to_vec(),
        });
        self
    }

    /// Adds a file.
    ///
    /// ```
    /// let form = inertia_runtime::testing::MultipartForm::new()
    ///     .file("cv", "cv.pdf", "application/pdf", b"%PDF-1.7".to_vec());
    /// # let _ = form;
    /// ```
    pub fn file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file: Some((file_name.to_owned(), content_type.to_owned())),
            content: content.into(),
        });
        self
    }

    /// The `Content-Type` (with its boundary) and the body.
    pub(super) fn encode(&self) -> (String, Vec<u8>) {
        // A boundary that no part contains, as browsers choose one.
        let mut boundary = String::from("----InertiaTestBoundary");
        let mut n = 0u32;
        while self
            .parts
            .iter()
            .any(|part| memchr::memmem::find(&part.content, boundary.as_bytes()).is_some())
        {
            n += 1;
            boundary = format!("----InertiaTestBoundary{n}");
        }
        // Escaped as browsers do (the HTML standard's multipart encoding).
        let quoted = |s: &str| {
            s.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for Part {
            name,
            file,
            content,
        } in &self.parts
        {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match file {
                Some((file_name, content_type)) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                        quoted(name),
                        quoted(file_name)
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quoted(name)
                    )
                    .as_bytes(),
                ),
            }
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}
