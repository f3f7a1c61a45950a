//! Building an index from a corpus folder: walk the folder, read and analyse
//! every article on all cores, write them with one tantivy writer, commit
//! once, and report what was indexed, skipped and why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError};

use super::walk::list_corpus;
use super::{
    open_tantivy, saved_identities, schema, tantivy_error, to_tantivy_date, CommitInfo, Fields,
    FORMAT_VERSION,
};
use crate::analysis;
use crate::article::{self, Article, Skip};
use crate::error::{Error, Result};
use crate::identities::{variant_term, IdentityTable};
use crate::persons::{Person, PersonExtractor};

/// Memory the tantivy writer may use per indexing thread before flushing a
/// segment. Fewer, larger segments make every query cheaper (each segment
/// costs a dictionary lookup and column openings per query): at 256 MB a
/// thread fills its budget after about 160,000 DICE articles, so DICE x10
/// (103,720) ends in two segments and x50 (518,600) in four
/// (docs/BENCHMARKS.md).
/// The budget is only reached by large corpora: the x10 build peaks near
/// 300 MB.
const WRITER_MEMORY_PER_THREAD: usize = 256 * 1024 * 1024;

/// Cap on the writer's total budget, for machines with many cores.
const WRITER_MEMORY_TOTAL: usize = 768 * 1024 * 1024;

/// A file that was skipped, or indexed with a warning.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileProblem {
    pub path: PathBuf,
    /// Stable short name of the problem, used to group them.
    pub kind: String,
    /// The full message, as shown to the user.
    pub message: String,
}

/// What a build did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct IndexReport {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Articles in the index after the build.
    pub indexed: usize,
    /// Bytes of the article files read.
    pub bytes: u64,
    pub elapsed_secs: f64,
    /// Files not indexed, with the reason.
    pub skipped: Vec<FileProblem>,
    /// Indexed files that had something odd about them.
    pub warnings: Vec<FileProblem>,
    /// Files passed over because they are hidden or not `.txt`.
    pub ignored: usize,
}

impl IndexReport {
    pub fn skipped_by_kind(&self) -> BTreeMap<&str, usize> {
        count_kinds(&self.skipped)
    }

    pub fn warnings_by_kind(&self) -> BTreeMap<&str, usize> {
        count_kinds(&self.warnings)
    }

    /// Throughput in MB/s (10^6 bytes) of article text read and indexed.
    pub fn megabytes_per_second(&self) -> f64 {
        if self.elapsed_secs > 0.0 {
            self.bytes as f64 / 1e6 / self.elapsed_secs
        } else {
            0.0
        }
    }
}

fn count_kinds(problems: &[FileProblem]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for problem in problems {
        *counts.entry(problem.kind.as_str()).or_insert(0) += 1;
    }
    counts
}

/// Told about the progress of a build (the CLI draws a progress bar and
/// prints warnings as they come). Called from several threads.
pub trait BuildObserver: Sync {
    /// The corpus has been listed: `files` articles are to be read.
    fn started(&self, _files: u64) {}
    /// One file was read (and indexed, unless `problems` holds a skip).
    fn file_done(&self, _problems: &[FileProblem]) {}
    /// All files were read; the articles are being indexed.
    fn indexing(&self) {}
    /// The index is being committed.
    fn committing(&self) {}
}

/// An observer that ignores everything.
impl BuildObserver for () {}

/// Builds (or rebuilds) the index in `index_dir` from every `.txt` file under
/// `corpus`. A rebuild replaces the previous contents in one commit, so
/// articles are never duplicated and readers see either the old index or the
/// new one.
pub fn build_index(
    corpus: &Path,
    index_dir: &Path,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    let start = Instant::now();
    let listing = list_corpus(corpus)?;
    let index = create_or_open(index_dir)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|reason| Error::OtherVersion {
        dir: index_dir.to_path_buf(),
        reason,
    })?;
    let mut writer = open_writer(&index, index_dir)?;
    writer
        .delete_all_documents()
        .map_err(tantivy_error(index_dir))?;

    // Phase 1, on all cores: read, parse and find persons in every file.
    // Only the persons are kept: holding every article until the identities
    // across the archive are known would make memory grow with the corpus.
    observer.started(listing.files.len() as u64);
    let extractor = PersonExtractor::new();
    let analysed: Vec<FileOutcome> = listing
        .files
        .par_iter()
        .map(|(path, id)| {
            let outcome = analyse_file(path, id, &extractor);
            observer.file_done(&outcome.problems);
            outcome
        })
        .collect();

    // Phase 2: learn which person each name stands for across the archive
    // (`identities`), then read each article again (the page cache still
    // holds it) and hand it to tantivy's indexing threads, so that memory
    // stays bounded by the writer's budget rather than by the corpus.
    let identities = IdentityTable::from_articles(
        analysed
            .iter()
            .filter_map(|outcome| outcome.persons.as_ref())
            .map(|persons| persons.iter().map(|p| p.name.as_str())),
    );
    let ranks = display_ranks(&listing.files, &analysed);
    observer.indexing();
    let vanished: Vec<Option<FileProblem>> = listing
        .files
        .par_iter()
        .zip(&analysed)
        .zip(&ranks)
        .map(|(((path, id), outcome), &rank)| {
            let Some(persons) = &outcome.persons else {
                return Ok(None);
            };
            match reread_file(path, id) {
                Ok(article) => writer
                    .add_document(to_document(&article, persons, &identities, &fields, rank))
                    .map(|_| None),
                Err(skip) => Ok(Some(problem(
                    path,
                    skip.kind(),
                    format!("{skip} (the file changed while it was being indexed)"),
                ))),
            }
        })
        .collect::<std::result::Result<_, TantivyError>>()
        .map_err(tantivy_error(index_dir))?;

    let mut report = IndexReport {
        corpus: corpus.to_path_buf(),
        index: index_dir.to_path_buf(),
        ignored: listing.ignored,
        skipped: listing.walk_problems,
        ..IndexReport::default()
    };
    for (outcome, vanished) in analysed.into_iter().zip(vanished) {
        if let Some(skip) = vanished {
            report.skipped.push(skip);
        } else if outcome.persons.is_some() {
            report.bytes += outcome.bytes;
            report.indexed += 1;
            report.warnings.extend(outcome.problems);
        } else {
            report.skipped.extend(outcome.problems);
        }
    }

    observer.committing();
    let mut commit = writer.prepare_commit().map_err(tantivy_error(index_dir))?;
    // The identity table goes with the commit that names it.
    let identities_file = saved_identities::save(index_dir, commit.opstamp(), &identities)?;
    let info = CommitInfo {
        rassegna_format: FORMAT_VERSION,
        // Absolute, so that a later run from another folder compares it right.
        corpus: corpus
            .canonicalize()
            .unwrap_or_else(|_| corpus.to_path_buf()),
        articles: report.indexed as u64,
        identities: identities_file,
    };
    let payload = serde_json::to_string(&info).unwrap_or_default();
    commit.set_payload(&payload);
    commit.commit().map_err(tantivy_error(index_dir))?;
    saved_identities::remove_others(index_dir, Some(&info.identities));
    writer
        .wait_merging_threads()
        .map_err(tantivy_error(index_dir))?;
    report.elapsed_secs = start.elapsed().as_secs_f64();
    Ok(report)
}

fn problem(path: &Path, kind: &str, message: String) -> FileProblem {
    FileProblem {
        path: path.to_path_buf(),
        kind: kind.to_string(),
        message,
    }
}

/// One file after phase 1: the persons of its article, or why it was skipped.
struct FileOutcome {
    persons: Option<Vec<Person>>,
    /// The article's date, for its rank in the display order.
    date: Option<NaiveDate>,
    bytes: u64,
    /// Warnings if indexed, the skip reason if not.
    problems: Vec<FileProblem>,
}

fn analyse_file(path: &Path, id: &str, extractor: &PersonExtractor) -> FileOutcome {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // A bug in parsing or extraction must cost one file, not the whole run:
    // a panic becomes a skip that names the file.
    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        article::read_file(path, id.to_string()).map(|(article, warnings)| {
            let persons = extractor.extract(&article.paragraphs, article.author.as_deref());
            (article, persons, warnings)
        })
    }))
    .unwrap_or(Err(Skip::Unreadable {
        error: "internal error while analysing it (please report this file)".into(),
    }));
    match analysed {
        Err(skip) => FileOutcome {
            persons: None,
            date: None,
            bytes: 0,
            problems: vec![problem(path, skip.kind(), skip.to_string())],
        },
        Ok((article, persons, warnings)) => FileOutcome {
            persons: Some(persons),
            date: article.date,
            bytes,
            problems: warnings
                .iter()
                .map(|w| problem(path, w.kind(), w.to_string()))
                .collect(),
        },
    }
}

/// Each file's place in the display order of the index: newest first,
/// undated last, then by id (`Fields::rank`). Skipped files get a rank too
/// (never used). If a file changes between the phases, its rank follows the
/// date phase 1 read.
fn display_ranks(files: &[(PathBuf, String)], outcomes: &[FileOutcome]) -> Vec<u64> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| {
        // `Reverse(None)` sorts after every `Reverse(Some(_))`: undated last.
        let newest = |i: usize| std::cmp::Reverse(outcomes.get(i).and_then(|o| o.date));
        newest(a)
            .cmp(&newest(b))
            .then_with(|| files[a].1.cmp(&files[b].1))
    });
    let mut ranks = vec![0; files.len()];
    for (rank, i) in order.into_iter().enumerate() {
        ranks[i] = rank as u64;
    }
    ranks
}

/// Reads and parses an article again for phase 2 (its warnings were
/// reported in phase 1). A panic is a skip, as in [`analyse_file`].
fn reread_file(path: &Path, id: &str) -> std::result::Result<Article, Skip> {
    std::panic::catch_unwind(|| article::read_file(path, id.to_string()))
        .unwrap_or(Err(Skip::Unreadable {
            error: "internal error while reading it (please report this file)".into(),
        }))
        .map(|(article, _)| article)
}

/// The tantivy document for an article and the persons it mentions, as the
/// identity table reads them (`identities::ArticlePersons`): the names a
/// person filter finds it by, the persons shown, the identities counted and
/// the variants written.
pub fn to_document(
    article: &Article,
    persons: &[Person],
    identities: &IdentityTable,
    fields: &Fields,
    rank: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_u64(fields.rank, rank);
    doc.add_text(fields.path, article.path.to_string_lossy());
    // Header dates are within the storable days (`article::date`), which
    // tantivy represents.
    if let Some(date) = article.date.and_then(to_tantivy_date) {
        doc.add_date(fields.date, date);
    }
    doc.add_text(fields.headline, &article.headline);
    let body = article.body();
    doc.add_text(fields.body, &body);
    doc.add_text(fields.body_exact, &body);
    if let Some(author) = &article.author {
        doc.add_text(fields.author, author);
    }
    let persons = identities.article_persons(persons);
    for name in &persons.searchable {
        doc.add_text(fields.person, name);
    }
    for name in &persons.shown {
        doc.add_text(fields.persons_shown, name);
    }
    for identity in &persons.identities {
        doc.add_text(fields.identity, identity);
    }
    for (identity, written) in &persons.variants {
        doc.add_text(fields.identity, variant_term(identity, written));
    }
    doc
}

/// Opens the index in `dir` for writing, creating it if the folder is empty
/// or missing. An index with another schema (made by another version of
/// rassegna, which this one cannot read anyway) is cleared and created anew.
/// A folder with other files in it is refused rather than written into.
fn create_or_open(dir: &Path) -> Result<Index> {
    if super::ArticleIndex::exists(dir) {
        let index = open_tantivy(dir)?;
        let expected = schema::build_schema();
        if serde_json::to_value(index.schema()).ok() == serde_json::to_value(&expected).ok() {
            return Ok(index);
        }
        clear_stale_index(&index, dir)?;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let foreign = entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !(name.starts_with('.') || name == "README.md")
        });
        if foreign {
            return Err(Error::NotAnIndex {
                dir: dir.to_path_buf(),
            });
        }
    }
    std::fs::create_dir_all(dir).map_err(|cause| Error::CreateIndexDir {
        dir: dir.to_path_buf(),
        cause,
    })?;
    let index = Index::create_in_dir(dir, schema::build_schema()).map_err(tantivy_error(dir))?;
    analysis::register(&index);
    Ok(index)
}

/// Deletes the files of an index made by another version of rassegna, holding
/// its writer lock meanwhile so that a writer of that version is not pulled
/// out from under. Only the files tantivy lists as its own are removed, so the
/// folder's other contents (such as `index/README.md`) stay.
fn clear_stale_index(index: &Index, dir: &Path) -> Result<()> {
    let writer: IndexWriter = open_writer(index, dir)?;
    let stale = |reason: String| Error::OtherVersion {
        dir: dir.to_path_buf(),
        reason,
    };
    let managed = std::fs::read_to_string(dir.join(".managed.json"))
        .ok()
        .and_then(|listing| serde_json::from_str::<Vec<String>>(&listing).ok())
        .unwrap_or_default();
    let mut files: Vec<&str> = managed
        .iter()
        .map(String::as_str)
        .filter(|name| !name.ends_with(".lock") && !name.contains(['/', '\\']))
        .collect();
    // meta.json last: until it goes, the folder still reads as an index.
    files.retain(|name| *name != "meta.json");
    saved_identities::remove_others(dir, None);
    files.extend([".managed.json", "meta.json"]);
    for name in files {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(stale(format!(
                    "its schema differs from this version's, and removing {name} failed: {error}"
                )))
            }
        }
    }
    drop(writer);
    Ok(())
}

fn open_writer(index: &Index, dir: &Path) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    index
        .writer_with_num_threads(
            threads,
            (threads * WRITER_MEMORY_PER_THREAD).min(WRITER_MEMORY_TOTAL),
        )
        .map_err(|error| match error {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                dir: dir.to_path_buf(),
            },
            cause => Error::Tantivy {
                dir: dir.to_path_buf(),
                cause,
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_ranks_put_the_newest_first_undated_last_then_by_id() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 5, d);
        let files: Vec<(PathBuf, String)> = ["b.txt", "a.txt", "c.txt", "d.txt", "a-1.txt"]
            .iter()
            .map(|id| (PathBuf::from(id), id.to_string()))
            .collect();
        let outcome = |date| FileOutcome {
            persons: Some(Vec::new()),
            date,
            bytes: 0,
            problems: Vec::new(),
        };
        let outcomes = [
            outcome(day(1)),
            outcome(day(1)),
            outcome(None),
            outcome(day(9)),
            outcome(None),
        ];
        // d (newest), then a and b (same day, by id), then the undated by id.
        assert_eq!(display_ranks(&files, &outcomes), [2, 1, 4, 0, 3]);
    }
}
