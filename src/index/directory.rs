//! The tantivy directory readers open an index through: tantivy's own
//! memory-mapped directory, except that a reader which cannot write in the
//! folder (a read-only mount, an archive share, a folder of another user)
//! reads it without the lock file tantivy would create there.
//!
//! tantivy takes `META_LOCK` (`.tantivy-meta.lock`, created on first use)
//! while it opens a commit's segments, so that a writer's garbage collection
//! cannot delete them half-way (tantivy issue #557). Creating that file needs
//! write access, which searching must not. Where the folder is writable the
//! lock is taken as usual; where it is not, opening goes ahead unlocked: no
//! writer of this machine can collect files there either, and a writer
//! elsewhere (the owner of a shared folder) could at worst make the opening
//! fail, which [`super::ArticleIndex::open`] retries.
//!
//! Readers also need to read what the writer wrote: tantivy writes
//! `meta.json` and `.managed.json` through temporary files created for the
//! writer alone (mode 0600), so after each commit a writer calls
//! [`share_with_readers`].
//!
//! This module must not be used for writing: writers open the plain
//! directory, whose locks are always taken.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// tantivy's memory-mapped directory, with `META_LOCK` skipped when the
/// folder cannot be written.
#[derive(Debug, Clone)]
pub struct ReaderDirectory {
    inner: MmapDirectory,
}

impl ReaderDirectory {
    pub fn open(root: &Path) -> tantivy::Result<ReaderDirectory> {
        Ok(ReaderDirectory {
            inner: MmapDirectory::open(root)?,
        })
    }
}

/// The lock file could not be created because the reader may not write here.
fn is_unwritable(error: &LockError) -> bool {
    match error {
        LockError::IoError(cause) => matches!(
            cause.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        ),
        LockError::LockBusy => false,
    }
}

impl Directory for ReaderDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(error) if is_unwritable(&error) && lock.filepath == meta_lock_path() => {
                // Nothing to hold: see the module's documentation.
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

/// Gives the index's small files written through temporary files (tantivy's
/// `meta.json` and `.managed.json`, rassegna's identity tables) the
/// permissions of the folder (less its execute bits), as its segment files
/// have: with the usual umask, readable by all who may read the folder.
/// Best effort: a failure leaves the file readable by its writer only.
pub fn share_with_readers(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(folder) = std::fs::metadata(dir) else {
            return;
        };
        let mode = folder.permissions().mode() & 0o666;
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let small = name == "meta.json"
                || name == ".managed.json"
                || super::saved_identities::is_table_or_temporary(&name) && !name.starts_with('.');
            if small {
                let _ =
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn meta_lock_path() -> &'static Path {
    tantivy::directory::META_LOCK.filepath.as_path()
}
