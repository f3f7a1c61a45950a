//! The library's error type. Every variant names the file, folder or argument
//! concerned and, where there is one, what the user can do about it; the CLI
//! prints these messages as they are, and `--json` and the HTTP API send them
//! with their [`Error::kind`].
//!
//! A message says its cause once: a variant that wraps another error shows
//! that error's text in its own message (between what failed and what to
//! do, where it reads best) and so does not also expose it as
//! [`std::error::Error::source`], which `anyhow`'s `{:#}` would print a
//! second time. Such fields are named `cause`, not `source`, because
//! `thiserror` treats a field named `source` as the source.

use std::path::PathBuf;

use thiserror::Error;

use crate::article::date::DateError;

/// Errors of the rassegna library.
#[derive(Debug, Error)]
pub enum Error {
    #[error("cannot read the corpus folder {dir}: {cause}. Check the path given with --corpus")]
    Corpus { dir: PathBuf, cause: std::io::Error },

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

    #[error("the index at {dir} holds the articles of {recorded}, not of {corpus}. {remedy}")]
    OtherCorpus {
        dir: PathBuf,
        /// The corpus the index was built from, as its last commit recorded it.
        recorded: PathBuf,
        /// The corpus named now.
        corpus: PathBuf,
        /// What to do, in the words of the command that met the index.
        remedy: String,
    },

    #[error("{holder} is writing to the index at {dir}. Wait for it to finish and try again")]
    IndexLocked {
        dir: PathBuf,
        /// Who holds the writer lock: `process 1234 (rassegna index …), since …`.
        holder: String,
    },

    /// Writing the index failed for lack of room or of permission; the last
    /// committed index is untouched.
    #[error("cannot write in the index folder {dir}: {cause}. The index there is unchanged and can still be searched; free disk space or make the folder writable, then run `rassegna index` again")]
    IndexWrite { dir: PathBuf, cause: std::io::Error },

    /// Files of the index are missing, truncated or garbled.
    #[error("the index at {dir} is damaged: {what}. Rebuild it with `rassegna index --rebuild --corpus <DIR> --index {dir}`")]
    Damaged { dir: PathBuf, what: String },

    #[error("cannot create the index folder {dir}: {cause}. Give --index a folder that is empty, new, or an index")]
    CreateIndexDir { dir: PathBuf, cause: std::io::Error },

    #[error("invalid query: {0}")]
    Query(String),

    /// A query beyond one of the bounds that keep every search's time and
    /// memory bounded (length, words, nesting, prefix expansions, results).
    #[error("query too large: {0}")]
    QueryLimit(String),

    #[error("invalid date {argument}: {cause}")]
    Date { argument: String, cause: DateError },

    #[error("{flag} '{name}' is not a name: give a name or part of one, e.g. {flag} putin")]
    InvalidName { flag: &'static str, name: String },

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

    #[error("cannot read {path}: {cause}. Check the file name")]
    EvalRead {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{path}, line {line}: {message}")]
    EvalLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error(
        "cannot write the run file {path}: {cause}. Check that its folder exists and is writable"
    )]
    EvalWrite {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error(
        "cannot create a temporary folder for the evaluation index: {cause}. Give one with --index"
    )]
    EvalTempDir { cause: std::io::Error },

    #[error("cannot {action} the identity table {path}: {reason}")]
    IdentityTable {
        /// `read` or `write`.
        action: &'static str,
        path: PathBuf,
        /// What went wrong, and what to do.
        reason: String,
    },

    #[error("cannot watch {dir} for changes: {cause}. On Linux, a folder with very many subfolders may need a higher fs.inotify.max_user_watches")]
    Watch { dir: PathBuf, cause: String },

    #[error("cannot write the temporary list of the articles being indexed in {dir}: {cause}. Check that the index folder is writable and the disk is not full")]
    Spill { dir: PathBuf, cause: std::io::Error },

    #[error("index error in {dir}: {cause}. If it persists, rebuild the index with `rassegna index --corpus <DIR> --index {dir}`")]
    Tantivy {
        dir: PathBuf,
        cause: tantivy::TantivyError,
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
            Error::OtherCorpus { .. } => "other_corpus",
            Error::IndexLocked { .. } => "index_locked",
            Error::IndexWrite { .. } => "index_write",
            Error::Damaged { .. } => "damaged_index",
            Error::CreateIndexDir { .. } => "create_index_dir",
            Error::Query(_) => "query",
            Error::QueryLimit(_) => "query_limit",
            Error::Date { .. } => "date",
            Error::InvalidName { .. } => "invalid_name",
            Error::TooDeep { .. } => "too_deep",
            Error::EmptyDateRange { .. } => "empty_date_range",
            Error::UnknownArticle { .. } => "unknown_article",
            Error::EvalRead { .. } => "eval_read",
            Error::EvalLine { .. } => "eval_line",
            Error::EvalWrite { .. } => "eval_write",
            Error::EvalTempDir { .. } => "eval_temp_dir",
            Error::IdentityTable { .. } => "identity_table",
            Error::Spill { .. } => "spill",
            Error::Watch { .. } => "watch",
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// One error of every variant, as the library makes them.
    fn one_of_each() -> Vec<Error> {
        let dir = || PathBuf::from("archivio/index");
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
        vec![
            Error::Corpus {
                dir: PathBuf::from("archivio"),
                cause: io(),
            },
            Error::NoIndex { dir: dir() },
            Error::NotAnIndex { dir: dir() },
            Error::InterruptedBuild { dir: dir() },
            Error::OtherVersion {
                dir: dir(),
                reason: "format 4 where this rassegna reads format 5".into(),
            },
            Error::OtherCorpus {
                dir: dir(),
                recorded: PathBuf::from("/srv/gazzetta"),
                corpus: PathBuf::from("corpus"),
                remedy: "Add --force to replace it".into(),
            },
            Error::IndexLocked {
                dir: dir(),
                holder:
                    "process 4242 (rassegna index --corpus archivio), since 2025-11-02 10:00:00"
                        .into(),
            },
            Error::IndexWrite {
                dir: dir(),
                cause: std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ),
            },
            Error::Damaged {
                dir: dir(),
                what: "0f3a.idx is truncated (Footer magic byte mismatch)".into(),
            },
            Error::CreateIndexDir {
                dir: dir(),
                cause: io(),
            },
            Error::Query("a parenthesis ( is never closed in «(putin»".into()),
            Error::QueryLimit("the query is 12,000 characters long".into()),
            Error::Date {
                argument: "--from 2021-02-30".into(),
                cause: DateError::Invalid("2021-02-30".into()),
            },
            Error::InvalidName {
                flag: "--person",
                name: "?".into(),
            },
            Error::TooDeep {
                first: 100_001,
                last: 100_010,
                max: 100_000,
            },
            Error::EmptyDateRange {
                from: "2025-01-01".into(),
                to: "2024-12-31".into(),
            },
            Error::UnknownArticle {
                id: "2024/nope.txt".into(),
            },
            Error::EvalRead {
                path: PathBuf::from("gold.tsv"),
                cause: io(),
            },
            Error::EvalLine {
                path: PathBuf::from("qrels.tsv"),
                line: 3,
                message: "expected `qid<TAB>docid`".into(),
            },
            Error::EvalWrite {
                path: PathBuf::from("run.txt"),
                cause: io(),
            },
            Error::EvalTempDir { cause: io() },
            Error::Spill {
                dir: dir(),
                cause: io(),
            },
            Error::Watch {
                dir: PathBuf::from("archivio"),
                cause: "No space left on device (os error 28)".into(),
            },
            Error::IdentityTable {
                action: "read",
                path: dir().join("identities-12.json"),
                reason: "it is not valid JSON. Rebuild the index with `rassegna index`".into(),
            },
            Error::Tantivy {
                dir: dir(),
                cause: tantivy::TantivyError::InvalidArgument("bad".into()),
            },
        ]
    }

    /// A compile-time list of the variants: a new variant fails to build
    /// here until it has an example in [`one_of_each`] (checked below).
    fn variant(error: &Error) -> usize {
        match error {
            Error::Corpus { .. } => 0,
            Error::NoIndex { .. } => 1,
            Error::NotAnIndex { .. } => 2,
            Error::InterruptedBuild { .. } => 3,
            Error::OtherVersion { .. } => 4,
            Error::OtherCorpus { .. } => 5,
            Error::IndexLocked { .. } => 6,
            Error::IndexWrite { .. } => 7,
            Error::Damaged { .. } => 8,
            Error::CreateIndexDir { .. } => 9,
            Error::Query(_) => 10,
            Error::QueryLimit(_) => 11,
            Error::Date { .. } => 12,
            Error::InvalidName { .. } => 13,
            Error::TooDeep { .. } => 14,
            Error::EmptyDateRange { .. } => 15,
            Error::UnknownArticle { .. } => 16,
            Error::EvalRead { .. } => 17,
            Error::EvalLine { .. } => 18,
            Error::EvalWrite { .. } => 19,
            Error::EvalTempDir { .. } => 20,
            Error::IdentityTable { .. } => 21,
            Error::Tantivy { .. } => 22,
            Error::Spill { .. } => 23,
            Error::Watch { .. } => 24,
        }
    }
    const VARIANTS: usize = 25;

    #[test]
    fn every_variant_has_an_example() {
        let covered: std::collections::BTreeSet<usize> =
            one_of_each().iter().map(variant).collect();
        assert_eq!(covered.len(), VARIANTS);
    }

    /// What `anyhow`'s `{:#}` prints (as the CLI does) says every cause
    /// once: no stretch of 16 characters appears twice.
    #[test]
    fn no_message_repeats_itself() {
        for error in one_of_each() {
            let kind = error.kind();
            let shown = format!("{:#}", anyhow::Error::from(error));
            let chars: Vec<char> = shown.chars().collect();
            let mut seen = std::collections::HashMap::new();
            for start in 0..chars.len().saturating_sub(15) {
                let piece: String = chars[start..start + 16].iter().collect();
                if let Some(first) = seen.insert(piece.clone(), start) {
                    assert!(start - first < 16, "{kind}: «{piece}» twice in: {shown}");
                }
            }
        }
    }

    #[test]
    fn kinds_are_distinct_and_reports_carry_them() {
        let errors = one_of_each();
        let kinds: std::collections::BTreeSet<&str> = errors.iter().map(Error::kind).collect();
        assert_eq!(kinds.len(), errors.len());
        let date = &errors[12];
        let report = serde_json::to_value(ErrorReport::from(date)).unwrap();
        assert_eq!(report["error"]["kind"], "date");
        assert_eq!(
            report["error"]["message"],
            "invalid date --from 2021-02-30: '2021-02-30' is not a real calendar date (check month and day)"
        );
    }
}
