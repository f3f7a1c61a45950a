//! Quality measurements behind `rassegna eval`, one module per evaluation:
//!
//! * [`persons`]: person extraction against gold labels (CoNLL-style files),
//!   entity by entity with exact boundaries;
//! * [`search`]: search relevance against judged queries (MRR, recall, nDCG).
//!
//! Each runs the library exactly as the product does (the indexer's
//! extractor, the normal search) and scores what it finds; none may change
//! how extraction or search work. Shared here: reading an evaluation file
//! with errors that name the file and the line.

pub mod persons;
pub mod search;

use std::path::Path;

use crate::error::{Error, Result};

/// Reads a file as UTF-8, naming it on error.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|cause| Error::EvalRead {
        path: path.to_path_buf(),
        cause,
    })
}

/// An error about one line of an evaluation file.
pub(crate) fn line_error(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::EvalLine {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}
