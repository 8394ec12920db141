//! The error of a request that failed on the server's side.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A failure the visitor cannot fix (the database is unreachable, its disk is full, the
/// session store fails): logged with its cause, answered with a 500 that tells nothing of it.
/// `?` turns any error into one.
#[derive(Debug)]
pub(crate) struct ServerError(Box<dyn std::error::Error + Send + Sync>);

impl<E: std::error::Error + Send + Sync + 'static> From<E> for ServerError {
    fn from(error: E) -> Self {
        ServerError(Box::new(error))
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        tracing::error!("a request failed: {}", self.0);
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Please try again in a moment.",
        )
            .into_response()
    }
}
