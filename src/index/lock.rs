//! One writer at a time: the lock every process that writes an index holds
//! for as long as it writes (a build, an update, a watcher), and what it
//! tells a second writer about the first.
//!
//! The lock is an advisory `flock` on `.rassegna-writer.lock` in the index
//! folder, which also holds the process id and command line of its holder.
//! The kernel releases a `flock` when its process ends, however it ends, so
//! a lock left by a killed process never blocks the next run: the file
//! stays, its lock does not. tantivy's own writer lock
//! (`.tantivy-writer.lock`) is still taken inside ours; ours exists because
//! it is taken before anything in the folder changes (a first build's
//! `meta.json`, the clearing of an old index) and because it can say who
//! holds it.
//!
//! This module does not read or write the index itself.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use crate::error::{Error, Result};

/// The lock file's name in the index folder.
pub const LOCK_FILE: &str = ".rassegna-writer.lock";

/// The right to write the index in one folder, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    // Closing the file releases the lock.
    _file: File,
    dir: PathBuf,
}

impl WriterLock {
    /// Takes the writer lock of the index folder `dir` (which must exist),
    /// without waiting: [`Error::IndexLocked`] naming the holder when
    /// another process has it, [`Error::IndexWrite`] when the folder cannot
    /// be written at all.
    pub fn acquire(dir: &Path) -> Result<WriterLock> {
        let path = dir.join(LOCK_FILE);
        let unwritable = |cause| Error::IndexWrite {
            dir: dir.to_path_buf(),
            cause,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(unwritable)?;
        if !file.try_lock_exclusive().map_err(unwritable)? {
            return Err(Error::IndexLocked {
                dir: dir.to_path_buf(),
                holder: holder_of(&mut file),
            });
        }
        // Who holds it, for the next process that asks. A failure to say so
        // costs only that description.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(describe_this_process().as_bytes()));
        Ok(WriterLock {
            _file: file,
            dir: dir.to_path_buf(),
        })
    }

    /// The index folder this lock is for.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// `process 1234 (rassegna index --corpus …), since 2025-01-02 10:11:12`,
/// as the holder wrote it; a generic description when it had not yet.
fn holder_of(file: &mut File) -> String {
    let mut text = String::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.take(4096).read_to_string(&mut text));
    let text = text.trim();
    if read.is_err() || text.is_empty() {
        "another rassegna process".to_string()
    } else {
        text.to_string()
    }
}

fn describe_this_process() -> String {
    let command: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    format!(
        "process {} ({}), since {}",
        std::process::id(),
        command.join(" "),
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_first_and_free_once_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(dir.path()).unwrap();
        // flock locks belong to an open file: a second open in the same
        // process is refused like another process would be.
        match WriterLock::acquire(dir.path()) {
            Err(Error::IndexLocked { holder, .. }) => {
                assert!(
                    holder.starts_with(&format!("process {} (", std::process::id())),
                    "{holder}"
                );
            }
            other => panic!("expected IndexLocked, got {other:?}"),
        }
        drop(first);
        WriterLock::acquire(dir.path()).unwrap();
    }
}
