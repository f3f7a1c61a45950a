//! Opening an index for reading, building it first when a front end (the
//! CLI's `search`, `persons`, `show`, or the server) meets a folder that
//! holds no usable index yet: the one policy every front end follows.
//!
//! The policy: a missing index, or a first build that was interrupted, is
//! built from the corpus; an index made by another version of rassegna is
//! rebuilt only from the corpus it recorded (or one the user named), never
//! silently from the bundled samples in place of the user's archive; a
//! folder the user named with `--index` alone is never built into. Anything
//! else is an error for the caller to show.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{build_index, ArticleIndex, BuildObserver, IndexReport};
use crate::error::{Error, Result};

/// Where an index lives and the corpus it may be built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexLocation {
    pub index: PathBuf,
    pub corpus: PathBuf,
    /// The user named the index folder (`--index`).
    pub index_named: bool,
    /// The user named the corpus folder (`--corpus`).
    pub corpus_named: bool,
}

impl IndexLocation {
    /// Building on first use is allowed only when the user did not point at
    /// a specific index, or said which corpus it comes from.
    pub fn may_build(&self) -> bool {
        !self.index_named || self.corpus_named
    }
}

/// Why [`open_or_build`] builds before it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildReason {
    /// No index in the folder yet.
    Missing { index: PathBuf, corpus: PathBuf },
    /// A first build started but never committed.
    Interrupted { index: PathBuf, corpus: PathBuf },
    /// The index was made by another version of rassegna.
    OtherVersion { index: PathBuf, corpus: PathBuf },
}

impl fmt::Display for BuildReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildReason::Missing { index, corpus } => write!(
                f,
                "No index in {} yet: building it from {} first.",
                folder(index),
                folder(corpus)
            ),
            BuildReason::Interrupted { index, corpus } => write!(
                f,
                "No complete index in {} yet: building it from {} first.",
                folder(index),
                folder(corpus)
            ),
            BuildReason::OtherVersion { index, corpus } => write!(
                f,
                "The index in {} was made by another version of rassegna: rebuilding it from {} first.",
                folder(index),
                folder(corpus)
            ),
        }
    }
}

/// A folder as shown in messages: `index/`.
pub fn folder(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.ends_with(std::path::MAIN_SEPARATOR) {
        shown
    } else {
        format!("{shown}{}", std::path::MAIN_SEPARATOR)
    }
}

/// Told what [`open_or_build`] does when it has to build.
pub trait OpenObserver: BuildObserver {
    /// A build is about to start, and why.
    fn building(&self, _reason: &BuildReason) {}
    /// The build finished.
    fn built(&self, _report: &IndexReport) {}
}

/// An observer that ignores everything.
impl OpenObserver for () {}

/// Opens the index at `location`, building it from the corpus first when the
/// policy of this module allows (telling `observer`); otherwise the error of
/// opening.
pub fn open_or_build(
    location: &IndexLocation,
    observer: &dyn OpenObserver,
) -> Result<ArticleIndex> {
    let (index, corpus) = (location.index.clone(), location.corpus.clone());
    let reason = match ArticleIndex::open(&location.index) {
        Ok(opened) => return Ok(opened),
        Err(Error::NoIndex { .. }) => BuildReason::Missing { index, corpus },
        Err(Error::InterruptedBuild { .. }) => BuildReason::Interrupted { index, corpus },
        Err(Error::OtherVersion { .. }) if rebuild_is_safe(location) => {
            BuildReason::OtherVersion { index, corpus }
        }
        Err(error) => return Err(error),
    };
    if !(location.may_build() && location.corpus.is_dir()) {
        return ArticleIndex::open(&location.index);
    }
    observer.building(&reason);
    // `&dyn OpenObserver` upcasts to the `&dyn BuildObserver` it extends.
    let report = build_index(&location.corpus, &location.index, observer)?;
    observer.built(&report);
    ArticleIndex::open(&location.index)
}

/// An index of another rassegna version is rebuilt on the fly only from the
/// corpus it was built from (or one the user names), never silently from
/// the bundled samples in place of the user's archive.
fn rebuild_is_safe(location: &IndexLocation) -> bool {
    if location.corpus_named {
        return true;
    }
    ArticleIndex::recorded_corpus(&location.index)
        .is_some_and(|recorded| same_folder(&recorded, &location.corpus))
}

/// The corpus folder the index in `index_dir` records, when it is not
/// `corpus`: building `corpus` into it would replace another archive's
/// articles. `None` when the folder holds no index with a record, or one of
/// `corpus` itself.
pub fn other_corpus(index_dir: &Path, corpus: &Path) -> Option<PathBuf> {
    ArticleIndex::recorded_corpus(index_dir).filter(|recorded| !same_folder(recorded, corpus))
}

/// Two paths name the same folder (compared canonical: `corpus`,
/// `./corpus/` and its absolute path are one). A path that no longer exists
/// is no folder's.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(dir: &Path, index_named: bool, corpus_named: bool) -> IndexLocation {
        IndexLocation {
            index: dir.join("index"),
            corpus: dir.join("corpus"),
            index_named,
            corpus_named,
        }
    }

    fn write_corpus(dir: &Path) {
        std::fs::create_dir_all(dir.join("corpus")).unwrap();
        std::fs::write(
            dir.join("corpus/a.txt"),
            "date 2024-01-02 Il sindaco ha parlato.\n",
        )
        .unwrap();
    }

    #[derive(Default)]
    struct Told(std::sync::Mutex<Vec<String>>);
    impl BuildObserver for Told {}
    impl OpenObserver for Told {
        fn building(&self, reason: &BuildReason) {
            self.0.lock().unwrap().push(reason.to_string());
        }
    }

    #[test]
    fn a_missing_index_is_built_and_the_observer_told_why() {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(dir.path());
        let told = Told::default();
        let index = open_or_build(&location(dir.path(), false, false), &told).unwrap();
        assert_eq!(index.num_articles(), 1);
        let told = told.0.into_inner().unwrap();
        assert_eq!(told.len(), 1);
        assert!(told[0].starts_with("No index in "), "{told:?}");
        // Opened again, it is not rebuilt.
        let again = Told::default();
        open_or_build(&location(dir.path(), false, false), &again).unwrap();
        assert!(again.0.into_inner().unwrap().is_empty());
    }

    #[test]
    fn a_named_index_alone_is_never_built_into() {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(dir.path());
        let opened = open_or_build(&location(dir.path(), true, false), &());
        assert!(matches!(opened, Err(Error::NoIndex { .. })));
        assert!(!dir.path().join("index").exists());
    }
}
