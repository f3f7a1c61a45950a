//! The identity table saved with the commit it belongs to: a file
//! `identities-OPSTAMP.json` beside tantivy's, written (atomically) before
//! the commit that names it in its payload, so a reader or an update always
//! finds the table of the documents it sees, and a build killed before its
//! commit leaves only a file no commit names, removed by the next build.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::identities::IdentityTable;

const PREFIX: &str = "identities-";
const SUFFIX: &str = ".json";
/// A table being written (left behind if the build is killed meanwhile).
const TEMPORARY_PREFIX: &str = ".identities-";

/// Writes `table` for the commit `opstamp` of the index in `dir`; returns the
/// file's name, for the commit payload. Written to a temporary file, synced,
/// then renamed: the name never holds half a table. (Not through tantivy's
/// directory, whose garbage collection would delete a file no segment uses.)
pub(crate) fn save(dir: &Path, opstamp: u64, table: &IdentityTable) -> Result<String> {
    let name = format!("{PREFIX}{opstamp}{SUFFIX}");
    let failed = |reason: String| Error::IdentityTable {
        action: "write",
        path: dir.join(&name),
        reason,
    };
    let json = serde_json::to_vec(table).map_err(|e| failed(e.to_string()))?;
    let mut file = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| failed(e.to_string()))?;
    file.write_all(&json)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| failed(e.to_string()))?;
    file.persist(dir.join(&name))
        .map_err(|e| failed(e.to_string()))?;
    // The rename itself must reach the disk before the commit names the file.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(name)
}

/// Reads the table a commit named.
pub(crate) fn load(dir: &Path, name: &str) -> Result<IdentityTable> {
    let path = dir.join(name);
    let failed = |reason: String| Error::IdentityTable {
        action: "read",
        path: path.clone(),
        reason: format!(
            "{reason}. Rebuild the index with `rassegna index --corpus <DIR> --index {}`",
            dir.display()
        ),
    };
    if !is_table_file(name) {
        return Err(failed("the commit names no identity table".into()));
    }
    let bytes = std::fs::read(&path).map_err(|e| failed(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| failed(e.to_string()))
}

/// Removes the tables of `dir` that no commit names any more (all but
/// `keep`), and tables a killed build left half written; a file that cannot
/// be removed stays until the next build.
pub(crate) fn remove_others(dir: &Path, keep: Option<&str>) {
    for path in table_files(dir) {
        if path.file_name().and_then(|n| n.to_str()) != keep {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The identity table files in `dir`, finished or not.
pub(crate) fn table_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(is_table_or_temporary)
        })
        .map(|entry| entry.path())
        .collect()
}

/// A table file, finished or being written.
pub(crate) fn is_table_or_temporary(name: &str) -> bool {
    is_table_file(name) || name.starts_with(TEMPORARY_PREFIX)
}

fn is_table_file(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|opstamp| !opstamp.is_empty() && opstamp.bytes().all(|b| b.is_ascii_digit()))
}
