//! The library's error type. Every variant names the file, folder or argument
//! concerned and, where there is one, what the user can do about it; the CLI
//! prints these messages as they are.

use std::path::PathBuf;

use thiserror::Error;

use crate::article::date::DateError;

/// Errors of the rassegna library.
#[derive(Debug, Error)]
pub enum Error {
    #[error("cannot read the corpus folder {dir}: {source}. Check the path given with --corpus")]
    Corpus {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("no index at {dir}. Build one with `rassegna index --corpus <DIR> --index {dir}`")]
    NoIndex { dir: PathBuf },

    #[error(
        "{dir} is not empty and is not a rassegna index; choose an empty or new folder for --index"
    )]
    NotAnIndex { dir: PathBuf },

    #[error("the index at {dir} is incomplete: its first build never finished. Build it with `rassegna index --corpus <DIR> --index {dir}`")]
    InterruptedBuild { dir: PathBuf },

    #[error("the index at {dir} was made by another version of rassegna ({reason}). Rebuild it with `rassegna index --corpus <DIR> --index {dir}`, which replaces it")]
    OtherVersion { dir: PathBuf, reason: String },

    #[error("another rassegna process is writing to the index at {dir}. Wait for it to finish and try again")]
    IndexLocked { dir: PathBuf },

    #[error("cannot create the index folder {dir}: {source}")]
    CreateIndexDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid query: {0}")]
    Query(String),

    #[error("invalid date {argument}: {source}")]
    Date {
        argument: String,
        #[source]
        source: DateError,
    },

    #[error("results {first}–{last} are too deep: offset + limit may reach at most {max}. Narrow the search with words or filters instead")]
    TooDeep {
        first: usize,
        last: usize,
        max: usize,
    },

    #[error("the date range is empty: --from {from} is after --to {to}")]
    EmptyDateRange { from: String, to: String },

    #[error("no article with id '{id}' in the index. Ids are paths relative to the corpus folder, as shown by `rassegna search`")]
    UnknownArticle { id: String },

    #[error("cannot read {path}: {source}")]
    EvalRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}, line {line}: {message}")]
    EvalLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("cannot write the run file {path}: {source}")]
    EvalWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot create a temporary folder for the evaluation index: {source}. Give one with --index")]
    EvalTempDir {
        #[source]
        source: std::io::Error,
    },

    #[error("index error in {dir}: {source}")]
    Tantivy {
        dir: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
}

impl Error {
    /// A stable short name of the error's kind, for machine-readable output
    /// (`--json`, the HTTP API): the message may be reworded, the kind not.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Corpus { .. } => "corpus",
            Error::NoIndex { .. } => "no_index",
            Error::NotAnIndex { .. } => "not_an_index",
            Error::InterruptedBuild { .. } => "interrupted_build",
            Error::OtherVersion { .. } => "other_version",
            Error::IndexLocked { .. } => "index_locked",
            Error::CreateIndexDir { .. } => "create_index_dir",
            Error::Query(_) => "query",
            Error::Date { .. } => "date",
            Error::TooDeep { .. } => "too_deep",
            Error::EmptyDateRange { .. } => "empty_date_range",
            Error::UnknownArticle { .. } => "unknown_article",
            Error::EvalRead { .. } => "eval_read",
            Error::EvalLine { .. } => "eval_line",
            Error::EvalWrite { .. } => "eval_write",
            Error::EvalTempDir { .. } => "eval_temp_dir",
            Error::Tantivy { .. } => "index",
        }
    }
}

/// An error as JSON: `{"error": {"kind": "...", "message": "..."}}`, the one
/// shape of errors in `--json` output and in the HTTP API.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct ErrorReport {
    pub error: ErrorBody,
}

/// The body of an [`ErrorReport`].
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// [`Error::kind`], or a front end's own kind for errors outside the library.
    pub kind: String,
    pub message: String,
}

impl ErrorReport {
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> ErrorReport {
        ErrorReport {
            error: ErrorBody {
                kind: kind.into(),
                message: message.into(),
            },
        }
    }
}

impl From<&Error> for ErrorReport {
    fn from(error: &Error) -> ErrorReport {
        ErrorReport::new(error.kind(), error.to_string())
    }
}

/// Result with the library's [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
