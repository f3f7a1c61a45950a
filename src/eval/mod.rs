//! Quality measurements behind `rassegna eval`, one module per evaluation:
//!
//! * [`persons`]: person extraction against gold labels (CoNLL-style files),
//!   entity by entity with exact boundaries;
//! * [`search`]: search relevance against judged queries (MRR, recall, nDCG);
//! * [`names`]: proper nouns searched as a reader of the archive types them
//!   (precision of the top 10 and inflation, for towns and surnames);
//! * [`snippets`]: whether the snippets of the top hits show every word
//!   searched.
//!
//! Each runs the library exactly as the product does (the indexer's
//! extractor, the normal search) and scores what it finds; none may change
//! how extraction or search work. Shared here: reading an evaluation file
//! with errors that name the file and the line, and the index an evaluation
//! runs on (`EvalIndex`).

pub mod names;
pub mod persons;
pub mod search;
pub mod snippets;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::index::open::other_corpus;
use crate::index::{build_index, ArticleIndex, IndexReport};

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

/// Where the evaluated index came from.
#[derive(Debug, Clone)]
pub enum IndexOrigin {
    /// Built from the corpus for this evaluation (the indexer's report says
    /// what was skipped or warned about).
    Built(Box<IndexReport>),
    /// An existing index given with `--index`, used as it is.
    Reused(PathBuf),
}

/// The index an evaluation runs on, with where it came from.
pub(crate) struct EvalIndex {
    pub index: ArticleIndex,
    pub origin: IndexOrigin,
    /// A temporary folder holding the index, removed when dropped: keep it
    /// until the index is no longer used.
    pub temporary: Option<tempfile::TempDir>,
}

impl EvalIndex {
    /// The index in `index` if it holds one; otherwise `corpus` indexed by
    /// the normal indexer, into `index` or, without it, into a temporary
    /// folder.
    pub fn open_or_build(corpus: &Path, index: Option<&Path>) -> Result<EvalIndex> {
        let mut temporary = None;
        let (dir, reuse) = match index {
            Some(dir) => {
                // Measuring one corpus on the index of another would report
                // figures that look like a measurement of this one.
                if let Some(recorded) = other_corpus(dir, corpus) {
                    return Err(Error::OtherCorpus {
                        dir: dir.to_path_buf(),
                        recorded,
                        corpus: corpus.to_path_buf(),
                        remedy: "Its results cannot be scored against this corpus: give the corpus it was built from, or another --index folder".into(),
                    });
                }
                (dir.to_path_buf(), ArticleIndex::open(dir).is_ok())
            }
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("rassegna-eval-")
                    .tempdir()
                    .map_err(|cause| Error::EvalTempDir { cause })?;
                let path = dir.path().join("index");
                temporary = Some(dir);
                (path, false)
            }
        };
        let origin = if reuse {
            IndexOrigin::Reused(dir.clone())
        } else {
            IndexOrigin::Built(Box::new(build_index(corpus, &dir, &())?))
        };
        Ok(EvalIndex {
            index: ArticleIndex::open(&dir)?,
            origin,
            temporary,
        })
    }
}
