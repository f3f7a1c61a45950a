//! Errors of the HTTP API: the library's one JSON shape
//! (`{"error": {"kind", "message"}}`, [`ErrorReport`]) with the status that
//! says whose fault it is. Library errors keep their kind; the server's own
//! (bad parameter, oversized input, busy) have kinds of their own.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rassegna::error::{Error, ErrorReport};

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub report: ErrorReport,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            report: ErrorReport::new(kind, message),
        }
    }

    /// A parameter that is malformed, out of range or unknown (400).
    pub fn parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "parameter", message)
    }

    /// More work waiting than the server queues (503, with `Retry-After`).
    pub fn busy() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the server has too many searches waiting; try again in a moment",
        )
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A failure of the server itself (500); the details go to its log.
    pub fn internal(what: &str) -> ApiError {
        eprintln!("error: {what}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the server failed: {what}"),
        )
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        let status = match &error {
            // What the request asked for: the caller can fix it.
            Error::Query(_)
            | Error::QueryLimit(_)
            | Error::Date { .. }
            | Error::InvalidName { .. }
            | Error::TooDeep { .. }
            | Error::EmptyDateRange { .. } => StatusCode::BAD_REQUEST,
            Error::UnknownArticle { .. } => StatusCode::NOT_FOUND,
            // The archive or the machine: listed, not matched by `_`, so
            // that a new variant makes whoever adds it choose a status.
            Error::Corpus { .. }
            | Error::NoIndex { .. }
            | Error::NotAnIndex { .. }
            | Error::InterruptedBuild { .. }
            | Error::OtherVersion { .. }
            | Error::OtherCorpus { .. }
            | Error::IndexLocked { .. }
            | Error::IndexWrite { .. }
            | Error::Damaged { .. }
            | Error::CreateIndexDir { .. }
            | Error::EvalRead { .. }
            | Error::EvalLine { .. }
            | Error::EvalWrite { .. }
            | Error::EvalTempDir { .. }
            | Error::IdentityTable { .. }
            | Error::Spill { .. }
            | Error::Watch { .. }
            | Error::Tantivy { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("error: {error}");
        }
        ApiError {
            status,
            report: ErrorReport::from(&error),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.report)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
