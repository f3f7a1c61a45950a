//! Damaged indexes: telling damage apart from other failures, the cheap
//! checks made whenever an index is opened, the full checksum check that
//! names the damaged files, the last line of defence against a panic
//! inside tantivy, and clearing a damaged folder for `--rebuild`.
//!
//! Why in this order (`docs/ARCHITECTURE.md`, "Damaged indexes"): a file
//! cut short or missing, or an unreadable `meta.json`, is found when the
//! index is opened (tantivy checks each file's footer, this module checks
//! that the segments agree on their number of documents) and costs nothing
//! extra. Bytes garbled inside a file are found only by its checksum, which
//! means reading the whole index: too slow for every search of a large
//! archive, so it is run when something has already gone wrong, to say
//! which files are damaged. tantivy trusts its files and can panic on
//! garbled ones; [`guarded`] turns such a panic into [`Error::Damaged`]
//! instead of a crash.
//!
//! This module does not build or search.

use std::cell::{Cell, RefCell};
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use tantivy::directory::error::{OpenReadError, OpenWriteError};
use tantivy::directory::Directory;
use tantivy::index::SegmentComponent;
use tantivy::{HasLen, Index, Searcher, TantivyError};

use crate::error::{Error, Result};

/// The error for a tantivy failure on the index in `dir`: [`Error::Damaged`]
/// when its files are missing, cut short or unreadable,
/// [`Error::IndexWrite`] when writing failed for room or permission,
/// [`Error::Tantivy`] otherwise.
pub(crate) fn classify(dir: &Path, cause: TantivyError) -> Error {
    let damaged = |what: String| Error::Damaged {
        dir: dir.to_path_buf(),
        what,
    };
    match &cause {
        // Its text can quote a whole garbled file: the first words only.
        TantivyError::DataCorruption(corruption) => {
            damaged(shortened(&format!("{corruption:?}"), 160))
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            damaged(format!("{} is missing", file_name(path)))
        }
        TantivyError::IoError(io_error) if is_damage(io_error) => damaged(format!(
            "tantivy could not read it ({})",
            shortened(&io_error.to_string(), 120)
        )),
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if is_damage(io_error) =>
        {
            damaged(format!(
                "{} is cut short or its end is garbled",
                file_name(filepath)
            ))
        }
        _ => match write_failure(&cause) {
            Some(io) => Error::IndexWrite {
                dir: dir.to_path_buf(),
                cause: io::Error::new(io.kind(), io.to_string()),
            },
            None => Error::Tantivy {
                dir: dir.to_path_buf(),
                cause,
            },
        },
    }
}

/// An I/O error that says the bytes read are not what was written.
fn is_damage(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
    )
}

/// The I/O error inside `cause` when it is a lack of room or permission.
pub(crate) fn write_failure(cause: &TantivyError) -> Option<&io::Error> {
    let io = match cause {
        TantivyError::IoError(io) => io.as_ref(),
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => io_error.as_ref(),
        _ => return None,
    };
    is_write_failure(io).then_some(io)
}

/// No room, no permission, or a read-only file system.
pub(crate) fn is_write_failure(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::PermissionDenied
            | io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::FileTooLarge
    )
}

/// `text` up to `limit` characters, one line, with `…` when cut.
fn shortened(text: &str, limit: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one_line = one_line.trim_end_matches(['.', ' ']);
    match one_line.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line.to_string(),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The checks made on every opening, reading no more than a few bytes per
/// file: every segment's document count agrees with its field norms (one
/// byte per document, written with the segment), which finds a `meta.json`
/// whose counts were changed or that names another segment's size.
pub(crate) fn check_on_open(searcher: &Searcher, dir: &Path) -> Result<()> {
    let schema = searcher.schema();
    for segment in searcher.segment_readers() {
        let max_doc = segment.max_doc();
        for (field, entry) in schema.fields() {
            if !entry.has_fieldnorms() {
                continue;
            }
            let Some(norms) = segment
                .fieldnorms_readers()
                .get_field(field)
                .map_err(|cause| classify(dir, cause))?
            else {
                continue;
            };
            if norms.num_docs() != max_doc {
                return Err(Error::Damaged {
                    dir: dir.to_path_buf(),
                    what: format!(
                        "meta.json says segment {} holds {max_doc} documents, its files hold {}",
                        segment.segment_id().uuid_string(),
                        norms.num_docs()
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The size of the document store's own footer at the end of a `.store`
/// file (tantivy's `DocStoreFooter`: version u32, offset of the skip index
/// u64, compressor id, 15 reserved bytes).
const STORE_FOOTER_BYTES: usize = 28;

/// Checks, before tantivy opens them, the one number in each segment's
/// document store that tantivy allocates by without a bound: the count of
/// the store's skip-index layers. Garbled, it asks for hundreds of
/// gigabytes, and a failed allocation aborts the process, which no
/// [`guarded`] can catch. Reads a few bytes per segment (the store's footer
/// and the first bytes of its skip index); a count larger than the bytes
/// that follow it, or a skip index outside the file, is damage.
pub(crate) fn check_document_stores(index: &Index, dir: &Path) -> Result<()> {
    let metas = index
        .searchable_segment_metas()
        .map_err(|cause| classify(dir, cause))?;
    for meta in metas {
        let path = meta.relative_path(SegmentComponent::Store);
        let damaged = |what: &str| Error::Damaged {
            dir: dir.to_path_buf(),
            what: format!("{} {what}", file_name(&path)),
        };
        // Through tantivy's directory: its own footer (checksum, version)
        // is checked and cut off first.
        let file = index
            .directory()
            .open_read(&path)
            .map_err(|cause| classify(dir, cause.into()))?;
        let length = file.len();
        let Some(body) = length.checked_sub(STORE_FOOTER_BYTES) else {
            return Err(damaged("is too short to hold a document store"));
        };
        let footer = file
            .read_bytes_slice(body..length)
            .map_err(|cause| classify(dir, cause.into()))?;
        let offset = footer
            .as_slice()
            .get(4..12)
            .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
            .map(u64::from_le_bytes)
            .unwrap_or(u64::MAX);
        let Some(skip_start) = usize::try_from(offset).ok().filter(|&o| o <= body) else {
            return Err(damaged("points outside itself (garbled)"));
        };
        let skip_index = file
            .read_bytes_slice(skip_start..body)
            .map_err(|cause| classify(dir, cause.into()))?;
        match layer_count(skip_index.as_slice()) {
            Some((count, used)) if count <= (skip_index.len() - used) as u64 => {}
            _ => return Err(damaged("has a garbled index of its documents")),
        }
    }
    Ok(())
}

/// The variable-length number tantivy writes first in a skip index (seven
/// bits a byte, least significant first, the high bit set on the last
/// byte), with the number of bytes it took; `None` when it runs past the
/// bytes or past 64 bits.
fn layer_count(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f).checked_shl(7 * i as u32)?;
        if byte & 0x80 != 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Reads every file of the last commit and compares it with the checksum
/// tantivy wrote in its footer: `Err(Damaged)` naming the files that
/// differ. Takes as long as reading the whole index.
pub fn verify_checksums(index: &Index, dir: &Path) -> Result<()> {
    let damaged = guarded_call(|| index.validate_checksum().map_err(|e| classify(dir, e)))
        .unwrap_or_else(|message| {
            Err(Error::Damaged {
                dir: dir.to_path_buf(),
                what: format!("reading it failed ({message})"),
            })
        })?;
    if damaged.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = damaged.iter().map(|p| file_name(p)).collect();
    names.sort();
    Err(Error::Damaged {
        dir: dir.to_path_buf(),
        what: format!(
            "{} {} not match {} checksum",
            names.join(", "),
            if names.len() == 1 { "does" } else { "do" },
            if names.len() == 1 { "its" } else { "their" }
        ),
    })
}

/// Runs `work` on the index in `dir`; a panic inside it (tantivy panics on
/// some garbled files rather than returning an error) becomes
/// [`Error::Damaged`], without the panic's message on standard error. When
/// reading failed (a panic, or an error of tantivy's), the checksums of the
/// index's files decide: files that do not match are named as the damage.
pub fn guarded<T>(index: &Index, dir: &Path, work: impl FnOnce() -> Result<T>) -> Result<T> {
    let failure = match guarded_call(work) {
        Ok(Err(failure @ (Error::Tantivy { .. } | Error::Damaged { .. }))) => failure,
        Ok(result) => return result,
        Err(message) => Error::Damaged {
            dir: dir.to_path_buf(),
            what: format!(
                "reading it failed inside tantivy ({}), although its files match their checksums",
                shortened(&message, 200)
            ),
        },
    };
    Err(match verify_checksums(index, dir) {
        Err(damaged) => damaged,
        Ok(()) => failure,
    })
}

thread_local! {
    /// Set while [`guarded_call`] runs on this thread.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic caught on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`, returning the message of a panic inside it instead of
/// unwinding further. The panic hook is wrapped once per process so that a
/// caught panic is not also printed; panics elsewhere go to the previous
/// hook as before.
fn guarded_call<T>(work: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static QUIET_HOOK: Once = Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let payload = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_string());
                CAUGHT.with(|caught| *caught.borrow_mut() = Some(format!("{payload}{location}")));
            } else {
                previous(info);
            }
        }));
    });
    let was_guarded = GUARDED.with(|g| g.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(was_guarded));
    outcome.map_err(|_| {
        CAUGHT
            .with(|caught| caught.borrow_mut().take())
            .unwrap_or_else(|| "panic".to_string())
    })
}

/// Files in an index folder that rassegna or tantivy wrote, which
/// `--rebuild` may delete: segment files (`<32 hex digits>.<component>`,
/// deletes `<32 hex>.<opstamp>.del`), `meta.json`, `.managed.json`,
/// tantivy's lock and temporary files, identity tables. Anything else (a
/// README, a user's file) is not rassegna's to delete.
pub(crate) fn is_index_file(name: &str) -> bool {
    const COMPONENTS: [&str; 8] = [
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "temp",
    ];
    if matches!(
        name,
        "meta.json" | ".managed.json" | ".tantivy-meta.lock" | ".tantivy-writer.lock"
    ) {
        return true;
    }
    if name.starts_with(".tmp") || super::saved_identities::is_table_or_temporary(name) {
        return true;
    }
    let mut parts = name.split('.');
    let segment = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let is_segment_id = segment.len() == 32 && segment.bytes().all(|b| b.is_ascii_hexdigit());
    is_segment_id
        && match rest.as_slice() {
            [component] => COMPONENTS.contains(component),
            [opstamp, "del"] => opstamp.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
}

/// Whether the folder holds what is left of an index (its `meta.json` gone
/// or unreadable): some of tantivy's files and nothing that is not.
pub(crate) fn holds_index_remains(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut any = false;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_index_file(&name) && !name.starts_with('.') {
            any = true;
        } else if !(name.starts_with('.') || name == "README.md") {
            return false;
        }
    }
    any
}

/// Deletes every index file in `dir` (see [`is_index_file`]), `meta.json`
/// last so that the folder reads as an index until the end; the caller
/// holds the writer lock. Other files stay.
pub(crate) fn clear(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|cause| Error::IndexWrite {
        dir: dir.to_path_buf(),
        cause,
    })?;
    let mut doomed: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            is_index_file(&name) && !name.ends_with(".lock") && name != "meta.json"
        })
        .map(|entry| entry.path())
        .collect();
    doomed.push(dir.join("meta.json"));
    for path in doomed {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(cause) => {
                return Err(Error::IndexWrite {
                    dir: dir.to_path_buf(),
                    cause,
                })
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_are_told_apart_from_others() {
        for name in [
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.store",
            "0123456789abcdef0123456789abcdef.42.del",
            "meta.json",
            ".managed.json",
            ".tmpA1b2C3",
            ".tantivy-writer.lock",
            "identities-12.json",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            "README.md",
            "notes.txt",
            "0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdeg.idx",
            "0123456789abcdef0123456789abcdef.txt",
            "0123456789abcdef0123456789abcdef.x.del",
            "meta.json.bak",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    #[test]
    fn a_panic_is_caught_quietly_with_its_message() {
        let caught = guarded_call(|| -> u32 { panic!("garbled block {}", 7) });
        let message = caught.unwrap_err();
        assert!(message.starts_with("garbled block 7 at "), "{message}");
        // Outside the guard, the hook is the previous one again; inside,
        // results pass through.
        assert_eq!(guarded_call(|| 5), Ok(5));
    }
}
