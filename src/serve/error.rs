//! Every failure of a request becomes one [`ApiError`]: a status and the CLI's one-line
//! message, sent as `{"error": "..."}`. Nothing here panics or shows a stack trace.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::{IndexError, QueryError};

/// A failed request: what status it gets and the one line that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// 400, 404, 500 or 503.
    pub status: StatusCode,
    /// The message, as the command line would print it after `newsdex: `.
    pub message: String,
}

impl ApiError {
    /// 400: the request or its query is wrong.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: no such story or page.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 503: the index cannot answer now (missing, damaged, being rebuilt) or it took too long.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }

    /// 500: a bug; the message stays generic.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }

    /// An index that cannot be opened: 503, since another run may be building it.
    pub fn from_index(error: IndexError) -> ApiError {
        ApiError::unavailable(error.to_string())
    }

    /// Whether the index itself failed, so it should be opened afresh next time.
    pub(crate) fn is_index_failure(&self) -> bool {
        self.status == StatusCode::SERVICE_UNAVAILABLE
    }
}

impl From<QueryError> for ApiError {
    fn from(error: QueryError) -> ApiError {
        match error {
            // The index failed: not the caller's fault.
            QueryError::Search(_) => ApiError::unavailable(error.to_string()),
            // Everything else is about the query as written.
            _ => ApiError::bad_request(error.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = Vec::new();
        // Writing JSON into a Vec cannot fail.
        let _ = crate::render::json::error_line(&mut body, &self.message);
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
