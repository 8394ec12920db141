//! The error of a request that failed on the server's side.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use inertia_runtime::ErrorPage;
use serde::Serialize;
@@if ts@@
use ts_rs::TS;
@@end@@


/// A failure the visitor cannot fix (the database is unreachable, its disk is full, the
/// session store fails): logged with its cause, answered with a 500 that tells nothing of it
/// (on a page, the error page).
/// `?` turns any error into one.
#[derive(Debug)]
pub(crate) struct ServerError(Box<dyn std::error::Error + Send + Sync>);

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ServerError {
    fn from(error: E) -> Self {
        ServerError(Box::new(error))
    }
}

/// What the visitor reads.
const MESSAGE: &str = "Something went wrong on our side. Please try again in a moment.";

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        tracing::error!("a request failed: {}", self.0);
        let mut response = (StatusCode::INTERNAL_SERVER_ERROR, MESSAGE).into_response();
        // A page handler (`#[inertia_page]`) shows the error page instead, in the app's
        // layout; the others send this response.
        response.extensions_mut().insert(ErrorPage::new(
            "ErrorPage",
            ErrorProps::new(StatusCode::INTERNAL_SERVER_ERROR, MESSAGE),
        ));
        response
    }
}

/// The error page's props (`ErrorPage`: 404 for an unknown address in `pages.rs`, 500 from `ServerError`).
#[derive(Serialize@@if ts@@, TS@@end@@)]
pub(crate) struct ErrorProps {
    status: u16,
    message: String,
}

impl ErrorProps {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ErrorProps {
            status: status.as_u16(),
            message: message.into(),
        }
    }
}
