//! [`Reload`]: a partial reload, as `router.reload({ only, except, reset })` sends it.

use http::{HeaderName, Method};

use super::{InertiaTest, TestPage};
use crate::wire::headers::{
    X_INERTIA_EXCEPT_ONCE_PROPS, X_INERTIA_PARTIAL_COMPONENT, X_INERTIA_PARTIAL_DATA,
    X_INERTIA_PARTIAL_EXCEPT, X_INERTIA_RESET,
};

/// A partial reload being built; see [`InertiaTest::reload`].
pub struct Reload<'c> {
    pub(super) client: &'c mut InertiaTest,
    pub(super) url: String,
    pub(super) component: String,
    pub(super) headers: Vec<(HeaderName, String)>,
}

impl Reload<'_> {
    /// Ask for these props (`only`).
    pub fn only(mut self, paths: &[&str]) -> Self {
        self.headers.push((X_INERTIA_PARTIAL_DATA, paths.join(",")));
        self
    }

    /// Leave out these props (`except`).
    pub fn except(mut self, paths: &[&str]) -> Self {
        self.headers
            .push((X_INERTIA_PARTIAL_EXCEPT, paths.join(",")));
        self
    }

    /// Reset the merge state of these props (`reset`; they are also asked for).
    pub fn reset(mut self, paths: &[&str]) -> Self {
        self.headers.push((X_INERTIA_RESET, paths.join(",")));
        self
    }

    /// Announce once-props the client already holds.
    pub fn except_once(mut self, keys: &[&str]) -> Self {
        self.headers
            .push((X_INERTIA_EXCEPT_ONCE_PROPS, keys.join(",")));
        self
    }

    /// Any other header (e.g. `x-inertia-infinite-scroll-merge-intent`).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers
            .push((HeaderName::from_static(name), value.to_owned()));
        self
    }

    /// Sends the reload.
    pub async fn send(self) -> TestPage {
        let mut headers = self.headers;
        headers.push((X_INERTIA_PARTIAL_COMPONENT, self.component));
        self.client
            .send(Method::GET, &self.url, headers, None, true)
            .await
    }
}
