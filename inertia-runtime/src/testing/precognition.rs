//! [`Precognitive`]: a Precognition request, as `form.validate(...)` sends it.

use http::Method;
use http::header::CONTENT_TYPE;

use super::{InertiaTest, TestPage};
use crate::wire::headers::{PRECOGNITION, PRECOGNITION_VALIDATE_ONLY};

/// A Precognition request being built; see [`InertiaTest::precognition`].
pub struct Precognitive<'c> {
    pub(super) client: &'c mut InertiaTest,
    pub(super) method: Method,
    pub(super) uri: String,
    pub(super) body: Vec<u8>,
    pub(super) only: Vec<String>,
}

impl Precognitive<'_> {
    /// Validate only these fields (`Precognition-Validate-Only`), as `form.validate('email')`.
    pub fn only(mut self, fields: &[&str]) -> Self {
        self.only = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Another method than `POST` (the form's own, e.g. `PUT`).
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sends it (never following anything: Precognition answers are final).
    pub async fn send(self) -> TestPage {
        let mut headers = vec![(PRECOGNITION, "true".to_owned())];
        if !self.only.is_empty() {
            headers.push((PRECOGNITION_VALIDATE_ONLY, self.only.join(",")));
        }
        headers.push((http::header::ACCEPT, "application/json".to_owned()));
        headers.push((CONTENT_TYPE, "application/json".to_owned()));
        self.client
            .once(&self.method, &self.uri, &headers, Some(self.body), false)
            .await
    }
}
