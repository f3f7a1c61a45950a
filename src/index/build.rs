//! Indexing a corpus folder: walk it, compare it with what the index holds
//! (everything is new to an index built anew), read and analyse the new and
//! changed articles on all cores in batches, write them through the one
//! [`ArticleWriter`], commit once, and report what was added, updated,
//! removed, unchanged and skipped, and why.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::indexer::{LogMergePolicy, MergePolicy, NoMergePolicy};
use tantivy::{Index, IndexWriter, TantivyError};

use super::files::{self, FileState};
use super::walk::{list_corpus, CorpusListing};
use super::writer::{ArticleRecord, ArticleWriter, SegmentsMerged, Start};
use super::{integrity, open_tantivy, saved_identities, schema};
use crate::analysis;
use crate::article::{self, Skip};
use crate::error::{Error, Result};
use crate::persons::PersonExtractor;

/// Memory the tantivy writer may use, all indexing threads together, before
/// it flushes a segment: with the batch of articles being analysed and the
/// identity table (which grows with the distinct names, not the articles),
/// what bounds a build's memory, whatever the size of the archive
/// (docs/BENCHMARKS.md: DICE x1, x10, x50). Larger budgets make fewer,
/// larger segments before merging; tantivy's merge policy then merges
/// segments of similar size in the background.
const WRITER_MEMORY_TOTAL: usize = 192 * 1024 * 1024;

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
    /// Articles in the index after the run.
    pub indexed: usize,
    /// Whether the index was built anew (rather than updated in place).
    pub rebuilt: bool,
    /// Whether anything changed, so that a commit was made.
    pub committed: bool,
    /// Articles of new files.
    pub added: usize,
    /// Articles of changed files, indexed again.
    pub updated: usize,
    /// Articles whose file is gone (or is no longer an article).
    pub removed: usize,
    /// Articles whose file was moved or renamed (same content elsewhere).
    pub renamed: usize,
    /// Files as they were (their time may have moved, not their content).
    pub unchanged: usize,
    /// Articles written again because a person's name in them now stands
    /// for another identity (counted apart from the above).
    pub relinked: usize,
    /// Bytes of the article files read and indexed.
    pub bytes: u64,
    /// Segments a build from nothing merged after its commit, and into how
    /// many ([`ArticleWriter::merge_segments`]).
    pub segments_merged: SegmentsMerged,
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
    /// The segments of a build from nothing are being merged (seconds, after
    /// the commit: the index is already searchable).
    fn merging(&self) {}
}

/// An observer that ignores everything.
impl BuildObserver for () {}

/// Builds (or rebuilds) the index in `index_dir` from every `.txt` file under
/// `corpus`. A rebuild replaces the previous contents in one commit, so
/// articles are never duplicated and readers see either the old index or the
/// new one. A damaged index is refused ([`Error::Damaged`] says to use
/// [`rebuild_index`]).
pub fn build_index(
    corpus: &Path,
    index_dir: &Path,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    index_corpus(corpus, index_dir, Start::Fresh, observer)
}

/// Builds the index in `index_dir` from scratch, as [`build_index`] does,
/// and also over a damaged index (`rassegna index --rebuild`): the files of
/// an index that cannot be opened are deleted first (only files that
/// rassegna or tantivy wrote, never a README or a user's file); an index that opens
/// stays searchable until the new one is committed.
pub fn rebuild_index(
    corpus: &Path,
    index_dir: &Path,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    index_corpus(corpus, index_dir, Start::Rebuild, observer)
}

/// Brings the index in `index_dir` up to date with `corpus`: when it is a
/// complete index of this format and person model built from `corpus`, new
/// files are added, changed ones indexed again, deleted ones removed and
/// renamed ones moved, in one commit (none if nothing changed); otherwise it
/// is built anew, as [`build_index`] does. A damaged index is refused.
pub fn update_index(
    corpus: &Path,
    index_dir: &Path,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    index_corpus(corpus, index_dir, Start::Update, observer)
}

fn index_corpus(
    corpus: &Path,
    index_dir: &Path,
    start: Start,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    let started = Instant::now();
    let extractor = PersonExtractor::new();
    let open = || -> Result<(ArticleWriter, Vec<(String, FileState)>)> {
        let writer = ArticleWriter::open(index_dir, corpus, start, &extractor.model_description())?;
        let indexed = writer.indexed_files()?;
        Ok((writer, indexed))
    };
    let (listing, (mut writer, indexed)) = if start == Start::Update {
        // An update walks the folder while it reads what the index recorded
        // of each file (half of an unchanged run's time at DICE x50); opening
        // for an update changes nothing in the index, so a corpus that cannot
        // be read still leaves it alone.
        let (listing, opened) = rayon::join(|| list_corpus(corpus), open);
        (listing?, opened?)
    } else {
        // The walk first: a corpus that cannot be read leaves the index
        // alone (a rebuild may clear a damaged index when it opens).
        let listing = list_corpus(corpus)?;
        (listing, open()?)
    };
    let report = write_changes(
        &mut writer,
        corpus,
        listing,
        indexed,
        started,
        &extractor,
        observer,
    )
    .map_err(|error| writer.fail(error))?;
    writer.finish()?;
    Ok(report)
}

/// Articles read, parsed and written per batch: their names are counted in
/// the identity table before they are written, so a larger batch re-links
/// fewer at commit, and holds more article text in memory (a DICE article
/// is about 4 kB, so a batch is about 16 MB of text).
const BATCH_FILES: usize = 4096;

/// One update session through an open writer: compares `corpus` with what
/// the writer's index holds (size and modification time first, the content
/// hash to confirm), writes what changed in batches, and commits. `rassegna
/// index` runs it once, `--watch` after each burst of changes.
pub fn index_changes(
    writer: &mut ArticleWriter,
    corpus: &Path,
    extractor: &PersonExtractor,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    let start = Instant::now();
    let listing = list_corpus(corpus)?;
    let indexed = writer.indexed_files()?;
    write_changes(writer, corpus, listing, indexed, start, extractor, observer)
}

/// [`index_changes`] of a corpus already listed, with what the writer's
/// index recorded of its files ([`ArticleWriter::indexed_files`]).
fn write_changes(
    writer: &mut ArticleWriter,
    corpus: &Path,
    listing: CorpusListing,
    indexed: Vec<(String, FileState)>,
    start: Instant,
    extractor: &PersonExtractor,
    observer: &dyn BuildObserver,
) -> Result<IndexReport> {
    let mut report = IndexReport {
        corpus: corpus.to_path_buf(),
        index: writer.dir().to_path_buf(),
        ignored: listing.ignored,
        skipped: listing.walk_problems,
        rebuilt: !writer.is_update(),
        ..IndexReport::default()
    };
    // Known files whose size and time are as recorded are unchanged; the
    // others and the new ones are read. (A build from nothing reads the
    // listing as it is: nothing per file is added to it.)
    let mut gone: FxHashMap<String, FileState> = FxHashMap::default();
    let mut known: FxHashMap<String, FileState> = FxHashMap::default();
    let to_read: Vec<(PathBuf, String)> = if indexed.is_empty() {
        listing.files
    } else {
        // Both lists are sorted by id: one walk pairs each listed file with
        // what the index recorded of it (half a million hash lookups cost
        // more than the walk), and leaves the indexed files not listed.
        let mut paired = Vec::with_capacity(listing.files.len());
        let mut indexed = indexed.into_iter().peekable();
        for (path, id) in listing.files {
            while let Some((gone_id, state)) = indexed.next_if(|(known_id, _)| *known_id < id) {
                gone.insert(gone_id, state);
            }
            let state = indexed
                .next_if(|(known_id, _)| *known_id == id)
                .map(|(_, state)| state);
            paired.push((path, id, state));
        }
        gone.extend(indexed);
        let listed: Vec<Listed> = paired
            .into_par_iter()
            .map(|(path, id, state)| match state {
                Some(state) if files::stat(&path).is_some_and(|m| state.looks_like(&m)) => {
                    Listed::Unchanged
                }
                state => Listed::Read(path, id, state),
            })
            .collect();
        let mut to_read = Vec::new();
        for entry in listed {
            match entry {
                Listed::Unchanged => report.unchanged += 1,
                Listed::Read(path, id, state) => {
                    if let Some(state) = state {
                        known.insert(id.clone(), state);
                    }
                    to_read.push((path, id));
                }
            }
        }
        to_read
    };
    // What is left of `gone` are files no longer in the folder, or moved: a
    // new file with the same content takes one of them over.
    let mut gone_by_hash: HashMap<u64, Vec<String>> = HashMap::new();
    for (id, state) in &gone {
        gone_by_hash.entry(state.hash).or_default().push(id.clone());
    }

    observer.started(to_read.len() as u64);
    for batch in to_read.chunks(BATCH_FILES) {
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .map(|(path, id)| {
                let outcome = read_one(path, id, known.get(id).copied(), &gone_by_hash, extractor);
                observer.file_done(outcome.problems());
                outcome
            })
            .collect();
        let mut records = Vec::with_capacity(outcomes.len());
        for (outcome, (path, id)) in outcomes.into_iter().zip(batch) {
            let known = known.contains_key(id);
            match outcome {
                Outcome::Article {
                    record,
                    problems,
                    bytes,
                } => {
                    if known {
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    report.bytes += bytes;
                    report.warnings.extend(problems);
                    records.push(record);
                }
                Outcome::Skipped { problems } => {
                    report.skipped.extend(problems);
                    if known && writer.remove(id)? {
                        report.removed += 1;
                    }
                }
                Outcome::SameContent { file } => match writer.stored(id)? {
                    // Only the time moved: the document records the new one.
                    Some(mut record) => {
                        record.file = file;
                        record.path = path.to_string_lossy().into_owned();
                        report.unchanged += 1;
                        records.push(record);
                    }
                    None => {
                        let outcome = read_one(path, id, None, &HashMap::new(), extractor);
                        push_read(&mut report, &mut records, outcome, true);
                    }
                },
                Outcome::SameAsGone { file } => {
                    let claimed = gone_by_hash
                        .get_mut(&file.hash)
                        .and_then(Vec::pop)
                        .and_then(|from| gone.remove_entry(&from));
                    let moved = match claimed {
                        Some((from, _)) => {
                            let record = writer.stored(&from)?;
                            writer.remove(&from)?;
                            record
                        }
                        None => None,
                    };
                    match moved {
                        Some(mut record) => {
                            record.id = id.clone();
                            record.path = path.to_string_lossy().into_owned();
                            record.file = file;
                            report.renamed += 1;
                            records.push(record);
                        }
                        None => {
                            let outcome = read_one(path, id, None, &HashMap::new(), extractor);
                            push_read(&mut report, &mut records, outcome, false);
                        }
                    }
                }
            }
        }
        writer.upsert(records)?;
    }
    // The listing (80 MB at DICE x50) is not kept through the commit and
    // the merge.
    drop(to_read);
    for id in gone.keys() {
        if writer.remove(id)? {
            report.removed += 1;
        }
    }
    observer.committing();
    if let Some(committed) = writer.commit()? {
        report.relinked = committed.relinked as usize;
        report.committed = true;
        if report.rebuilt {
            observer.merging();
            // The articles are committed: a merge that fails (a full disk)
            // costs speed, not the build.
            match writer.merge_segments(LARGEST_BUILT_SEGMENT_BYTES) {
                Ok(merged) => report.segments_merged = merged,
                Err(error) => report.warnings.push(problem(
                    writer.dir(),
                    "segments not merged",
                    format!(
                        "every article is indexed, but merging the index's segments failed \
                         ({error}); searches are slower until the next --rebuild"
                    ),
                )),
            }
        }
    }
    report.indexed = writer.articles() as usize;
    report.elapsed_secs = start.elapsed().as_secs_f64();
    Ok(report)
}

/// A listed file: unchanged as far as `stat` tells, or to be read (with
/// what the index recorded of it, if anything).
enum Listed {
    Unchanged,
    Read(PathBuf, String, Option<FileState>),
}

/// What reading one file gave.
enum Outcome {
    /// An article to write.
    Article {
        record: ArticleRecord,
        /// Warnings about the file.
        problems: Vec<FileProblem>,
        bytes: u64,
    },
    /// Not an article; the reason.
    Skipped { problems: Vec<FileProblem> },
    /// The file its document was read from, with another time but the same
    /// content.
    SameContent { file: FileState },
    /// A new file with the content of one that is gone: moved, probably.
    SameAsGone { file: FileState },
}

impl Outcome {
    fn problems(&self) -> &[FileProblem] {
        match self {
            Outcome::Article { problems, .. } | Outcome::Skipped { problems } => problems,
            Outcome::SameContent { .. } | Outcome::SameAsGone { .. } => &[],
        }
    }
}

/// Adds an outcome of reading a file again (a rare path: a moved or touched
/// file whose document was not where expected) to the batch and report.
fn push_read(
    report: &mut IndexReport,
    records: &mut Vec<ArticleRecord>,
    outcome: Outcome,
    known: bool,
) {
    match outcome {
        Outcome::Article {
            record,
            problems,
            bytes,
        } => {
            if known {
                report.updated += 1;
            } else {
                report.added += 1;
            }
            report.bytes += bytes;
            report.warnings.extend(problems);
            records.push(record);
        }
        Outcome::Skipped { problems } => report.skipped.extend(problems),
        // `read_one` with nothing known and nothing gone parses the file.
        Outcome::SameContent { .. } | Outcome::SameAsGone { .. } => {}
    }
}

/// Reads one file: its hash decides whether it is the content its document
/// already holds (`known`) or that of a file that is gone; otherwise it is
/// parsed and its persons found. A panic in parsing or extraction costs
/// this file, reported, not the run.
fn read_one(
    path: &Path,
    id: &str,
    known: Option<FileState>,
    gone_by_hash: &HashMap<u64, Vec<String>>,
    extractor: &PersonExtractor,
) -> Outcome {
    let skipped = |skip: Skip| Outcome::Skipped {
        problems: vec![problem(path, skip.kind(), skip.to_string())],
    };
    let (bytes, metadata) = match article::read_bytes(path) {
        Ok(read) => read,
        Err(skip) => return skipped(skip),
    };
    let file = FileState::of(&bytes, &metadata);
    match known {
        Some(known) if known.hash == file.hash => return Outcome::SameContent { file },
        None if gone_by_hash
            .get(&file.hash)
            .is_some_and(|ids| !ids.is_empty()) =>
        {
            return Outcome::SameAsGone { file }
        }
        _ => {}
    }
    let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        article::parse_bytes(&bytes, path.to_path_buf(), id.to_string()).map(
            |(article, warnings)| {
                let persons = extractor.extract(&article.paragraphs, article.author.as_deref());
                (ArticleRecord::new(&article, &persons, file), warnings)
            },
        )
    }))
    .unwrap_or(Err(Skip::Unreadable {
        error: "internal error while analysing it (please report this file)".into(),
    }));
    match analysed {
        Err(skip) => skipped(skip),
        Ok((record, warnings)) => Outcome::Article {
            record,
            problems: warnings
                .iter()
                .map(|w| problem(path, w.kind(), w.to_string()))
                .collect(),
            bytes: file.size,
        },
    }
}

fn problem(path: &Path, kind: &str, message: String) -> FileProblem {
    FileProblem {
        path: path.to_path_buf(),
        kind: kind.to_string(),
        message,
    }
}

/// Makes sure `dir` can hold an index: created when missing; refused
/// ([`Error::NotAnIndex`]) when it holds files that are neither an index's
/// nor hidden nor a README, so that a wrong `--index` never writes into a
/// user's folder (not even a lock file).
pub(super) fn prepare_folder(dir: &Path) -> Result<()> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let foreign = entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !(name.starts_with('.') || name == "README.md" || integrity::is_index_file(&name))
        });
        if foreign {
            return Err(Error::NotAnIndex {
                dir: dir.to_path_buf(),
            });
        }
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|cause| {
        if integrity::is_write_failure(&cause) {
            Error::IndexWrite {
                dir: dir.to_path_buf(),
                cause,
            }
        } else {
            Error::CreateIndexDir {
                dir: dir.to_path_buf(),
                cause,
            }
        }
    })
}

/// Opens the index in `dir` for writing, creating it if the folder holds
/// none ([`prepare_folder`] made sure it may). An index with another schema
/// (made by another version of rassegna, which this one cannot read anyway)
/// is cleared and created anew.
pub(super) fn create_or_open(dir: &Path) -> Result<Index> {
    if super::ArticleIndex::exists(dir) {
        let index = open_tantivy(dir)?;
        let expected = schema::build_schema();
        if serde_json::to_value(index.schema()).ok() == serde_json::to_value(&expected).ok() {
            return Ok(index);
        }
        clear_stale_index(&index, dir)?;
    }
    let index = Index::builder()
        .schema(schema::build_schema())
        .settings(tantivy::IndexSettings {
            docstore_blocksize: DOC_STORE_BLOCK_BYTES,
            ..tantivy::IndexSettings::default()
        })
        .create_in_dir(dir)
        .map_err(|cause| integrity::classify(dir, cause))?;
    analysis::register(&index);
    Ok(index)
}

/// Bytes of stored documents compressed together. Showing a hit reads its
/// stored article, which decompresses its whole block: tantivy's 16 KiB
/// blocks hold about eight articles of DICE, so each hit decompressed seven
/// it did not show (a tenth of a result page's CPU under load,
/// docs/BENCHMARKS.md); 4 KiB blocks hold one or two, for a store a few per
/// cent larger.
pub const DOC_STORE_BLOCK_BYTES: usize = 4 * 1024;

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

/// Segments of more articles than this are never merged by the policy of
/// updates: an update or `--watch` merges its own small segments into larger
/// ones, but never rewrites the large segments of a build (a merge of every
/// segment of DICE x50 takes 1.2 GB and 23 s, docs/BENCHMARKS.md).
const LARGEST_MERGED_SEGMENT: usize = 40_000;

/// The largest segment a build from nothing merges its segments into, in
/// bytes of the segments merged (their files, deletes included). A merge
/// reads every byte of its segments through memory maps, and those pages
/// count in the process's memory until the merge ends, so this bounds what
/// the final merge adds to a build's memory, on any input (docs/BENCHMARKS.md
/// "Build memory": DICE x10, 262 MB, is one segment; x50 five or six).
const LARGEST_BUILT_SEGMENT_BYTES: u64 = 300_000_000;

/// The merge policy of a session: none while a build from nothing writes
/// (its segments are merged once, after its commit, by
/// [`ArticleWriter::merge_segments`]); for updates, small segments merge
/// four at a time (tantivy's default waits for eight), so that a hundred
/// updates leave few segments for queries to visit (docs/BENCHMARKS.md).
pub(super) fn merge_policy(from_nothing: bool) -> Box<dyn MergePolicy> {
    if from_nothing {
        return Box::new(NoMergePolicy);
    }
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(LARGEST_MERGED_SEGMENT);
    policy.set_min_num_segments(4);
    Box::new(policy)
}

pub(super) fn open_writer(index: &Index, dir: &Path) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let writer = index
        .writer_with_num_threads(threads, WRITER_MEMORY_TOTAL)
        .map_err(|error| match error {
            // Ours is free, so tantivy's is held by a process that does not
            // take ours (another program, or an older rassegna).
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                dir: dir.to_path_buf(),
                holder: "another process (it holds tantivy's .tantivy-writer.lock)".into(),
            },
            cause => integrity::classify(dir, cause),
        })?;
    writer.set_merge_policy(merge_policy(false));
    Ok(writer)
}
