//! Which file gave which document: the size, modification time and content
//! hash each document records of its file, and reading them back for the
//! whole index in one pass over columns. An update compares the corpus
//! folder with them: size and time first (a `stat`), the hash to confirm a
//! change and to recognise a renamed file.
//!
//! The states live in the documents themselves, so they are committed with
//! them and can never disagree with the index. This module reads no article
//! text and decides nothing: `build` compares, `writer` writes.

use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use tantivy::Searcher;

use super::schema::names;

/// What a document records of the file it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileState {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970 (0 when the platform has none).
    pub modified: u64,
    /// xxh3 of the file's bytes.
    pub hash: u64,
}

impl FileState {
    /// The state of a file read as `bytes`, with the metadata of the open
    /// file they came from.
    pub fn of(bytes: &[u8], metadata: &std::fs::Metadata) -> FileState {
        FileState {
            size: metadata.len(),
            modified: modified_nanos(metadata),
            hash: content_hash(bytes),
        }
    }

    /// Whether the file, as `stat` shows it now, looks as it did: same size
    /// and modification time. When it does not, the hash decides.
    pub fn looks_like(&self, metadata: &std::fs::Metadata) -> bool {
        self.size == metadata.len() && self.modified == modified_nanos(metadata)
    }
}

/// The content hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

fn modified_nanos(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| {
            u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
        })
}

/// The metadata of the file at `path` (following symbolic links, as the
/// corpus walk does), or `None` when it cannot be read now.
pub fn stat(path: &Path) -> Option<std::fs::Metadata> {
    std::fs::metadata(path).ok()
}

/// Every live document's id with the state of its file, read from the fast
/// columns of `searcher`'s segments (no stored document is opened), sorted
/// by id.
pub fn indexed_files(searcher: &Searcher) -> tantivy::Result<Vec<(String, FileState)>> {
    let mut files = Vec::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let columns = segment.fast_fields();
        let Some(ids) = columns.str(names::ID)? else {
            continue;
        };
        // The ids in term order, so that each document's ordinal is an index.
        let mut id_of_ord: Vec<String> = Vec::with_capacity(ids.num_terms());
        let mut stream = ids.dictionary().stream()?;
        while stream.advance() {
            id_of_ord.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        let size = columns.u64(names::FILE_SIZE)?;
        let modified = columns.u64(names::FILE_MODIFIED)?;
        let hash = columns.u64(names::FILE_HASH)?;
        for doc in segment.doc_ids_alive() {
            // Each id is one document's: taken, not copied.
            let Some(id) = ids
                .term_ords(doc)
                .next()
                .and_then(|ord| id_of_ord.get_mut(ord as usize))
                .map(std::mem::take)
            else {
                continue;
            };
            let state = FileState {
                size: size.first(doc).unwrap_or(0),
                modified: modified.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            files.push((id, state));
        }
    }
    files.sort_unstable_by(|(left, _), (right, _)| left.cmp(right));
    Ok(files)
}
