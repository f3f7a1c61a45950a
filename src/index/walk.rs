//! The corpus walk: which entries below the corpus folder are candidate
//! articles, the id each gets, and what the walk could not follow.
//!
//! Every `*.txt` regular file below the folder (any depth, symbolic links
//! followed) is a candidate article; hidden files and folders (name starting
//! with `.`) are passed over, other names counted as ignored. Whatever else
//! is named `*.txt` is reported, never silently dropped: a FIFO, socket or
//! device (it is never opened, so it cannot block the walk), a dangling
//! symbolic link, a link loop, a folder that cannot be read. This module
//! reads no file's contents: that is `article`.
//!
//! An id is the path relative to the corpus with `/` separators, unique and
//! reversible: bytes of a name that are not UTF-8 are written `%XX`, and `%`
//! itself `%25`, so `a\xff.txt` and `a\xfe.txt` are `a%FF.txt` and
//! `a%FE.txt`, and [`relative_path`] gives the name back.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::build::FileProblem;
use crate::article::{self, Skip};
use crate::error::{Error, Result};

/// What the walk found below a corpus folder.
pub struct CorpusListing {
    /// (path on disk, id) of every candidate article, sorted by id.
    pub files: Vec<(PathBuf, String)>,
    /// Entries the walk could not follow or that are not files to read
    /// (permissions, link loops, dangling links, FIFOs named `*.txt`).
    pub walk_problems: Vec<FileProblem>,
    /// Files passed over because they are not named `*.txt`.
    pub ignored: usize,
}

/// Lists the `.txt` files below `corpus`, following symbolic links (walkdir
/// detects loops) and passing over hidden files and folders.
pub fn list_corpus(corpus: &Path) -> Result<CorpusListing> {
    let metadata = std::fs::metadata(corpus).map_err(|cause| Error::Corpus {
        dir: corpus.to_path_buf(),
        cause,
    })?;
    if !metadata.is_dir() {
        return Err(Error::Corpus {
            dir: corpus.to_path_buf(),
            cause: std::io::Error::other("not a folder"),
        });
    }
    let mut listing = CorpusListing {
        files: Vec::new(),
        walk_problems: Vec::new(),
        ignored: 0,
    };
    // Not walkdir's `sort_by_file_name`: it finds each name again in its
    // full path for every comparison (a tenth of an unchanged update of
    // half a million files); one sort of the ids at the end is cheaper.
    let walker = WalkDir::new(corpus)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Err(error) => listing.walk_problems.push(walk_problem(corpus, &error)),
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) if !is_txt(entry.path()) => listing.ignored += 1,
            Ok(entry) if entry.file_type().is_file() => {
                let id = article_id(corpus, entry.path());
                listing.files.push((entry.into_path(), id));
            }
            Ok(entry) => {
                let skip = Skip::NotAFile {
                    what: article::file_type_name(&entry.file_type()).to_string(),
                };
                listing
                    .walk_problems
                    .push(problem(entry.path(), skip.kind(), skip.to_string()));
            }
        }
    }
    listing
        .files
        .sort_unstable_by(|(_, left), (_, right)| left.cmp(right));
    listing
        .walk_problems
        .sort_by(|left, right| left.path.cmp(&right.path));
    if listing.files.is_empty() && listing.walk_problems.is_empty() {
        return Err(Error::Corpus {
            dir: corpus.to_path_buf(),
            cause: std::io::Error::other("no article files (*.txt) found in it"),
        });
    }
    Ok(listing)
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

/// Hidden: the name starts with a dot (checked on the bytes, so that a name
/// that is not UTF-8 is judged too).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// What the walk could not follow, named after the entry and the reason.
fn walk_problem(corpus: &Path, error: &walkdir::Error) -> FileProblem {
    let path = error
        .path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| corpus.to_path_buf());
    if error.loop_ancestor().is_some() {
        return problem(&path, "symbolic link loop, not followed", error.to_string());
    }
    let dangling = error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if dangling {
        let target = std::fs::read_link(&path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return problem(
            &path,
            "dangling symbolic link",
            format!("symbolic link to {target}, which does not exist; not followed"),
        );
    }
    let skip = Skip::Unreadable {
        error: error.to_string(),
    };
    problem(&path, skip.kind(), skip.to_string())
}

fn problem(path: &Path, kind: &str, message: String) -> FileProblem {
    FileProblem {
        path: path.to_path_buf(),
        kind: kind.to_string(),
        message,
    }
}

/// The article id: its path relative to the corpus, with `/` separators on
/// every platform; bytes that are not UTF-8 written `%XX` and `%` as `%25`,
/// so that two names never share an id and the id gives the name back.
pub fn article_id(corpus: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(corpus).unwrap_or(path);
    let mut id = String::new();
    for (i, component) in relative.components().enumerate() {
        if i > 0 {
            id.push('/');
        }
        for chunk in component.as_os_str().as_encoded_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '%' {
                    id.push_str("%25");
                } else {
                    id.push(c);
                }
            }
            for byte in chunk.invalid() {
                id.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    id
}

/// The path relative to the corpus that [`article_id`] made `id` from
/// (`None` if `id` has an escape that `article_id` never writes).
#[cfg(unix)]
pub fn relative_path(id: &str) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let bytes = id.as_bytes();
    let mut name = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            name.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            name.push(bytes[i]);
            i += 1;
        }
    }
    Some(PathBuf::from(std::ffi::OsString::from_vec(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_paths_with_slashes() {
        let corpus = Path::new("/archivio");
        let path = Path::new("/archivio/2024/03 vertice à Mosca.txt");
        assert_eq!(article_id(corpus, path), "2024/03 vertice à Mosca.txt");
    }

    #[cfg(unix)]
    #[test]
    fn ids_escape_bytes_that_are_not_utf8_and_percent_reversibly() {
        use std::os::unix::ffi::OsStrExt;
        let corpus = Path::new("/c");
        let name = |bytes: &[u8]| Path::new("/c").join(std::ffi::OsStr::from_bytes(bytes));
        let ff = article_id(corpus, &name(b"a\xff.txt"));
        let fe = article_id(corpus, &name(b"a\xfe.txt"));
        let percent = article_id(corpus, &name(b"a%FF.txt"));
        assert_eq!(ff, "a%FF.txt");
        assert_eq!(fe, "a%FE.txt");
        assert_eq!(percent, "a%25FF.txt");
        for (bytes, id) in [
            (&b"a\xff.txt"[..], &ff),
            (b"a\xfe.txt", &fe),
            (b"a%FF.txt", &percent),
            (
                "città/perché.txt".as_bytes(),
                &article_id(corpus, &name("città/perché.txt".as_bytes())),
            ),
        ] {
            assert_eq!(
                relative_path(id),
                Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
            );
        }
        assert_eq!(relative_path("a%G1.txt"), None);
        assert_eq!(relative_path("a%F"), None);
    }

    #[test]
    fn hidden_names_start_with_a_dot() {
        assert!(is_hidden(std::ffi::OsStr::new(".git")));
        assert!(!is_hidden(std::ffi::OsStr::new("a.txt")));
    }
}
