//! The one write path of an index: [`ArticleWriter`] opens it (to update
//! what it holds, or to start it anew), upserts articles, removes ids, and
//! commits, with the identity table the commit's documents were written
//! with. A full build, an update, `rassegna index --watch` (and later the
//! server) all write through it.
//!
//! Each document depends on its own article alone ([`ArticleRecord`]: its
//! text, its persons as written, its file's state, and a display rank
//! derived from its date and id, [`display_rank`]), plus the identities of
//! its persons' names, which depend on the whole archive. The writer keeps
//! those right: an upserted batch of articles changes the name counts of the
//! identity table first and is written with the table as it then stands;
//! at commit, the documents whose names now stand for another identity than
//! the one they were written with are written again ("re-linked") — from
//! their stored fields for documents of earlier commits, from their file
//! (parsed again, persons not extracted again) for documents of this
//! session. Nothing else is rewritten, and nothing grows with the number of
//! articles but a temporary file of the session's documents' names.
//!
//! This module does not walk folders or decide what changed in one
//! (`build`), find persons in text (`persons`) or decide identities
//! (`identities`).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::index::SegmentId;
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use super::files::{self, FileState};
use super::lock::WriterLock;
use super::{
    build, commit_info, directory, integrity, saved_identities, tantivy_error, to_naive_date,
    to_tantivy_date, CommitInfo, Fields, FORMAT_VERSION,
};
use crate::article::{self, Article};
use crate::error::{Error, Result};
use crate::identities::{variant_term, IdentityDelta, IdentityTable};
use crate::persons::Person;

/// Everything a document is made of: one article, its persons as written,
/// and the state of its file. Built from a parsed article, or from a stored
/// document (to move or re-link it without reading its file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRecord {
    pub id: String,
    pub path: String,
    pub date: Option<NaiveDate>,
    pub headline: String,
    pub body: String,
    pub author: Option<String>,
    /// The persons' names as the extractor wrote them, in order of first
    /// mention, each once.
    pub names: Vec<String>,
    pub file: FileState,
}

impl ArticleRecord {
    /// The record of a parsed article with the persons found in it.
    pub fn new(article: &Article, persons: &[Person], file: FileState) -> ArticleRecord {
        ArticleRecord::with_names(article, persons.iter().map(|p| p.name.as_str()), file)
    }

    fn with_names<'a>(
        article: &Article,
        names: impl IntoIterator<Item = &'a str>,
        file: FileState,
    ) -> ArticleRecord {
        let mut seen = HashSet::new();
        ArticleRecord {
            id: article.id.clone(),
            path: article.path.to_string_lossy().into_owned(),
            date: article.date,
            headline: article.headline.clone(),
            body: article.body(),
            author: article.author.clone(),
            names: names
                .into_iter()
                .filter(|name| seen.insert(*name))
                .map(str::to_string)
                .collect(),
            file,
        }
    }

    /// The record a stored document was written from.
    fn from_stored(doc: &TantivyDocument, fields: &Fields) -> ArticleRecord {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let date = doc
            .get_first(fields.date)
            .and_then(|v| match OwnedValue::from(v) {
                OwnedValue::Date(d) => to_naive_date(d),
                _ => None,
            });
        ArticleRecord {
            id: text(fields.id),
            path: text(fields.path),
            date,
            headline: text(fields.headline),
            body: text(fields.body),
            author: doc
                .get_first(fields.author)
                .and_then(|v| v.as_str())
                .map(str::to_string),
            names: doc
                .get_all(fields.names)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            file: FileState {
                size: number(fields.file_size),
                modified: number(fields.file_modified),
                hash: number(fields.file_hash),
            },
        }
    }
}

/// Bits of a display rank below the day: the order within one day.
const ORDER_BITS: u32 = 42;
/// Days are counted from year 1 (`num_days_from_ce`); every storable day
/// (1678–2261, `article::date`) is below this.
const DAY_LIMIT: u64 = 1 << 20;

/// An article's place in the display order (`Fields::rank`, smallest first):
/// newest day first, undated last, and within a day an order fixed by the
/// id (a hash of it: stable across builds and updates, and two articles
/// share a rank only if 42 bits of their ids' hashes collide). Derived from
/// the article alone, so adding an article never moves another.
pub fn display_rank(date: Option<NaiveDate>, id: &str) -> u64 {
    let day = match date {
        Some(date) => {
            let from_ce = u64::try_from(date.num_days_from_ce()).unwrap_or(0);
            DAY_LIMIT - 1 - from_ce.min(DAY_LIMIT - 1)
        }
        None => DAY_LIMIT,
    };
    let order = files::content_hash(id.as_bytes()) >> (64 - ORDER_BITS);
    (day << ORDER_BITS) | order
}

/// The tantivy document of a record, its persons under the identities
/// `table` gives their names (`identities::ArticlePersons`): the names a
/// person filter finds it by, the persons shown, the identities counted and
/// the variants written.
fn to_document(record: &ArticleRecord, table: &IdentityTable, fields: &Fields) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &record.id);
    doc.add_u64(fields.rank, display_rank(record.date, &record.id));
    doc.add_text(fields.path, &record.path);
    // Header dates are within the storable days (`article::date`), which
    // tantivy represents.
    if let Some(date) = record.date.and_then(to_tantivy_date) {
        doc.add_date(fields.date, date);
    }
    doc.add_text(fields.headline, &record.headline);
    doc.add_text(fields.body, &record.body);
    doc.add_text(fields.body_exact, &record.body);
    if let Some(author) = &record.author {
        doc.add_text(fields.author, author);
    }
    let persons = table.article_names(record.names.iter().map(String::as_str));
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
    for name in &record.names {
        doc.add_text(fields.names, name);
    }
    doc.add_u64(fields.file_size, record.file.size);
    doc.add_u64(fields.file_modified, record.file.modified);
    doc.add_u64(fields.file_hash, record.file.hash);
    doc
}

/// How [`ArticleWriter::open`] starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Update the index in place when it is a complete index of this
    /// format, person model and corpus; otherwise start anew. A damaged
    /// index is refused ([`Error::Damaged`] says to rebuild it).
    Update,
    /// Start anew: the commit replaces every article. A damaged index is
    /// refused.
    Fresh,
    /// Start anew, also over a damaged index (`rassegna index --rebuild`):
    /// the files of an index that cannot be opened are deleted first (only
    /// files that rassegna or tantivy wrote); an index that opens stays
    /// searchable until the first commit.
    Rebuild,
}

/// What a commit did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Committed {
    /// Articles in the index after it.
    pub articles: u64,
    /// Documents written again because a name of theirs now stands for
    /// another identity.
    pub relinked: u64,
}

/// One document written in the current session, as the spill file keeps
/// it: enough to tell whether its identities are still right at commit and
/// to write it again from its file.
#[derive(Debug, Serialize, Deserialize)]
struct Spilled {
    id: String,
    path: String,
    file: FileState,
    /// Each name with the identity it was written under.
    names: Vec<(String, Option<String>)>,
}

/// What the current session (since open or the last commit) did.
#[derive(Default)]
struct Session {
    /// Name counts of removed articles, not yet applied to the table.
    delta: IdentityDelta,
    /// The identity at the session's start of every name whose identity
    /// changed during it (the documents of earlier commits were written
    /// with it).
    before: HashMap<String, Option<String>>,
    /// Ids written or removed in the session: their documents of earlier
    /// commits are gone.
    touched: HashSet<String>,
    /// The documents written in the session (a temporary file, gone with
    /// the process).
    spill: Option<BufWriter<File>>,
    /// Whether the session changed anything to commit.
    changed: bool,
}

/// The writer of an article index. One at a time per index (tantivy's lock,
/// held from [`ArticleWriter::open`] until the writer is dropped).
pub struct ArticleWriter {
    dir: PathBuf,
    corpus: PathBuf,
    fields: Fields,
    writer: IndexWriter,
    reader: IndexReader,
    /// The last commit's documents, which the session changes; `None` when
    /// the session started from an empty index.
    base: Option<Searcher>,
    table: IdentityTable,
    persons_model: String,
    /// Live articles after what the session did so far.
    articles: u64,
    session: Session,
    /// rassegna's writer lock, held as long as the writer (declared last:
    /// released after tantivy's).
    _lock: WriterLock,
}

impl ArticleWriter {
    /// Opens the index in `dir` (creating it if needed) for writing the
    /// articles of `corpus`, whose persons `persons_model` finds. With
    /// [`Start::Update`], a complete index of this format, person model and
    /// corpus is updated in place; anything else starts anew. Readers keep
    /// seeing the last commit until [`ArticleWriter::commit`].
    pub fn open(
        dir: &Path,
        corpus: &Path,
        start: Start,
        persons_model: &str,
    ) -> Result<ArticleWriter> {
        build::prepare_folder(dir)?;
        // Held until the writer is dropped: nothing in the folder changes
        // before it is ours.
        let lock = WriterLock::acquire(dir)?;
        if let Err(damaged @ Error::Damaged { .. }) = super::ArticleIndex::open(dir) {
            match start {
                Start::Rebuild => integrity::clear(dir)?,
                Start::Update | Start::Fresh => return Err(damaged),
            }
        }
        let index = build::create_or_open(dir)?;
        let fields =
            Fields::from_schema(&index.schema()).map_err(|reason| Error::OtherVersion {
                dir: dir.to_path_buf(),
                reason,
            })?;
        let writer = build::open_writer(&index, dir)?;
        // What a killed or failed run left behind goes before this run needs
        // the room (issue 13: up to 169 MB after a failed build).
        remove_leftovers(&index, &writer, dir);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_error(dir))?;
        let corpus = corpus
            .canonicalize()
            .unwrap_or_else(|_| corpus.to_path_buf());
        let mut opened = ArticleWriter {
            dir: dir.to_path_buf(),
            corpus,
            fields,
            writer,
            reader,
            base: None,
            table: IdentityTable::new(),
            persons_model: persons_model.to_string(),
            articles: 0,
            session: Session::default(),
            _lock: lock,
        };
        opened.begin(&index, start)?;
        Ok(opened)
    }

    /// Starts a session from the last commit (or from nothing).
    fn begin(&mut self, index: &Index, start: Start) -> Result<()> {
        self.session = Session::default();
        match self.updatable(index, start) {
            Some(table) => {
                self.writer.set_merge_policy(build::merge_policy(false));
                self.reader.reload().map_err(tantivy_error(&self.dir))?;
                let searcher = self.reader.searcher();
                self.articles = searcher.num_docs();
                self.base = Some(searcher);
                self.table = table;
            }
            None => {
                self.writer.set_merge_policy(build::merge_policy(true));
                self.writer
                    .delete_all_documents()
                    .map_err(tantivy_error(&self.dir))?;
                self.base = None;
                self.table = IdentityTable::new();
                self.articles = 0;
                self.session.changed = true;
            }
        }
        Ok(())
    }

    /// Drops what the session did (after an error: a watch goes on from the
    /// last commit, as a new run would), and the files it wrote.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback().map_err(tantivy_error(&self.dir))?;
        let index = self.writer.index().clone();
        remove_leftovers(&index, &self.writer, &self.dir);
        self.begin(&index, Start::Update)
    }

    /// After `error` in a session: back to the last commit, and its files
    /// only (a failed run leaves the disk as it found it); returns the
    /// error, naming a full disk when that was its cause.
    pub fn fail(&mut self, error: Error) -> Error {
        // Measured before the failed session's files are deleted.
        let error = name_a_full_disk(error, &self.dir);
        if self.writer.rollback().is_ok() {
            let index = self.writer.index().clone();
            remove_leftovers(&index, &self.writer, &self.dir);
        }
        error
    }

    /// The identity table of the index when it can be updated in place.
    fn updatable(&self, index: &Index, start: Start) -> Option<IdentityTable> {
        if start != Start::Update {
            return None;
        }
        let info = commit_info(index, &self.dir).ok()?;
        let same_corpus = info.corpus.canonicalize().ok().as_ref() == Some(&self.corpus);
        if !same_corpus || info.persons_model != self.persons_model {
            return None;
        }
        saved_identities::load(&self.dir, &info.identities).ok()
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Articles in the index once the session is committed.
    pub fn articles(&self) -> u64 {
        self.articles
    }

    /// Whether the session updates the last commit (rather than replacing it).
    pub fn is_update(&self) -> bool {
        self.base.is_some()
    }

    /// The id and file state of every article of the last commit, sorted
    /// by id (none when the session started anew).
    pub fn indexed_files(&self) -> Result<Vec<(String, FileState)>> {
        match &self.base {
            Some(searcher) => files::indexed_files(searcher).map_err(tantivy_error(&self.dir)),
            None => Ok(Vec::new()),
        }
    }

    /// The record of the article `id` as the last commit stored it (to move
    /// it to another id, or record its file's new time, without reading
    /// the file); `None` if the last commit has no such article or the
    /// session already changed it.
    pub fn stored(&self, id: &str) -> Result<Option<ArticleRecord>> {
        let Some(address) = self.base_doc(id)? else {
            return Ok(None);
        };
        self.stored_at(address).map(Some)
    }

    fn stored_at(&self, address: DocAddress) -> Result<ArticleRecord> {
        let searcher = self.base.as_ref().ok_or_else(|| Error::Tantivy {
            dir: self.dir.clone(),
            cause: tantivy::TantivyError::InternalError("no committed documents".into()),
        })?;
        let doc: TantivyDocument = searcher.doc(address).map_err(tantivy_error(&self.dir))?;
        Ok(ArticleRecord::from_stored(&doc, &self.fields))
    }

    /// The live documents of the last commit that hold `value` in `field`.
    fn base_docs(&self, field: tantivy::schema::Field, value: &str) -> Result<Vec<DocAddress>> {
        let Some(searcher) = &self.base else {
            return Ok(Vec::new());
        };
        let term = Term::from_field_text(field, value);
        let mut found = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment
                .inverted_index(field)
                .map_err(tantivy_error(&self.dir))?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(|e| tantivy_error(&self.dir)(e.into()))?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if !segment.is_deleted(doc) {
                    found.push(DocAddress::new(ord as u32, doc));
                }
                doc = postings.advance();
            }
        }
        Ok(found)
    }

    /// The last commit's document of `id`, unless the session changed it.
    fn base_doc(&self, id: &str) -> Result<Option<DocAddress>> {
        if self.session.touched.contains(id) {
            return Ok(None);
        }
        Ok(self.base_docs(self.fields.id, id)?.into_iter().next())
    }

    /// Takes the article `id` out: its last committed document is deleted
    /// (at commit) and its names leave the identity counts. True if there
    /// was one. Each id is written or removed at most once per session.
    fn take_out(&mut self, id: &str) -> Result<bool> {
        let existed = match self.base_doc(id)? {
            Some(address) => {
                let record = self.stored_at(address)?;
                self.session
                    .delta
                    .remove_article(record.names.iter().map(String::as_str));
                self.articles = self.articles.saturating_sub(1);
                true
            }
            None => false,
        };
        // A session that started from nothing has no earlier documents to
        // delete or tell apart (and keeps no set of ids in memory).
        if self.base.is_some() {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, id));
            self.session.touched.insert(id.to_string());
        }
        self.session.changed = true;
        Ok(existed)
    }

    /// Removes the article `id`; true if the index had it.
    pub fn remove(&mut self, id: &str) -> Result<bool> {
        self.take_out(id)
    }

    /// Writes a batch of articles, each replacing the article of its id if
    /// the index has one. Their names are counted in the identity table
    /// first, so that they are written with the identities the table then
    /// gives (the larger the batch, the fewer re-linked at commit).
    pub fn upsert(&mut self, records: Vec<ArticleRecord>) -> Result<()> {
        for record in &records {
            self.take_out(&record.id)?;
            self.session
                .delta
                .add_article(record.names.iter().map(String::as_str));
        }
        self.articles += records.len() as u64;
        self.apply_delta();
        self.write_documents(&records)?;
        let table = &self.table;
        let spilled: Vec<Spilled> = records
            .into_iter()
            .map(|record| Spilled {
                names: record
                    .names
                    .iter()
                    .map(|name| {
                        let identity = table.identity_of(name).map(str::to_string);
                        (name.clone(), identity)
                    })
                    .collect(),
                id: record.id,
                path: record.path,
                file: record.file,
            })
            .collect();
        let dir = self.dir.clone();
        let spill = self.spill()?;
        for line in &spilled {
            serde_json::to_writer(&mut *spill, line)
                .map_err(std::io::Error::other)
                .and_then(|()| spill.write_all(b"\n"))
                .map_err(|cause| spill_error(&dir, cause))?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<&mut BufWriter<File>> {
        if self.session.spill.is_none() {
            // Unnamed where the platform allows: nothing is left behind by a kill.
            let file =
                tempfile::tempfile_in(&self.dir).map_err(|cause| spill_error(&self.dir, cause))?;
            self.session.spill = Some(BufWriter::new(file));
        }
        self.session
            .spill
            .as_mut()
            .ok_or_else(|| spill_error(&self.dir, std::io::Error::other("no spill file")))
    }

    /// Applies the pending name counts to the identity table, remembering
    /// what each changed name stood for at the session's start.
    fn apply_delta(&mut self) {
        let delta = std::mem::take(&mut self.session.delta);
        if delta.is_empty() {
            return;
        }
        for change in self.table.apply(&delta) {
            self.session
                .before
                .entry(change.name)
                .or_insert(change.before);
        }
    }

    /// Re-links, then commits what the session did, with the identity table
    /// it was written with; `None` when the session changed nothing (no
    /// commit is made). Readers see the whole session at once, or nothing of
    /// it if the process dies first. The writer stays open for the next
    /// session.
    pub fn commit(&mut self) -> Result<Option<Committed>> {
        self.apply_delta();
        if !self.session.changed {
            return Ok(None);
        }
        let relinked = self.relink_session()? + self.relink_base()?;
        let dir = self.dir.clone();
        let mut commit = self.writer.prepare_commit().map_err(tantivy_error(&dir))?;
        // The identity table goes with the commit that names it.
        let identities = saved_identities::save(&dir, commit.opstamp(), &self.table)?;
        let info = CommitInfo {
            rassegna_format: FORMAT_VERSION,
            corpus: self.corpus.clone(),
            articles: self.articles,
            identities,
            persons_model: self.persons_model.clone(),
        };
        let payload = serde_json::to_string(&info).unwrap_or_default();
        commit.set_payload(&payload);
        commit.commit().map_err(tantivy_error(&dir))?;
        saved_identities::remove_others(&dir, Some(&info.identities));
        directory::share_with_readers(&dir);
        self.reader.reload().map_err(tantivy_error(&dir))?;
        let searcher = self.reader.searcher();
        self.articles = searcher.num_docs();
        self.base = Some(searcher);
        self.session = Session::default();
        Ok(Some(Committed {
            articles: self.articles,
            relinked,
        }))
    }

    /// Writes again the session's documents whose names now stand for
    /// other identities than they were written with: from their files,
    /// parsed again with the names the extractor found then. A file changed
    /// since (another hash) keeps the document it gave; the next update
    /// sees the change and indexes it.
    fn relink_session(&mut self) -> Result<u64> {
        let Some(spill) = self.session.spill.take() else {
            return Ok(0);
        };
        let mut file = spill
            .into_inner()
            .map_err(|e| spill_error(&self.dir, e.into_error()))?;
        file.rewind().map_err(|e| spill_error(&self.dir, e))?;
        let mut stale = Vec::new();
        let mut relinked = 0;
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|e| spill_error(&self.dir, e))?;
            let spilled: Spilled = serde_json::from_str(&line)
                .map_err(|e| spill_error(&self.dir, std::io::Error::other(e)))?;
            let current = spilled
                .names
                .iter()
                .any(|(name, was)| self.table.identity_of(name) != was.as_deref());
            if current {
                stale.push(spilled);
            }
            if stale.len() >= RELINK_BATCH {
                relinked += self.rewrite_from_files(std::mem::take(&mut stale))?;
            }
        }
        relinked += self.rewrite_from_files(stale)?;
        Ok(relinked)
    }

    fn rewrite_from_files(&mut self, stale: Vec<Spilled>) -> Result<u64> {
        let records: Vec<ArticleRecord> = stale
            .into_par_iter()
            .filter_map(|spilled| {
                let (bytes, metadata) = article::read_bytes(Path::new(&spilled.path)).ok()?;
                let file = FileState::of(&bytes, &metadata);
                if file.hash != spilled.file.hash {
                    return None;
                }
                let (article, _) =
                    article::parse_bytes(&bytes, PathBuf::from(&spilled.path), spilled.id).ok()?;
                let names = spilled.names.iter().map(|(name, _)| name.as_str());
                Some(ArticleRecord::with_names(&article, names, spilled.file))
            })
            .collect();
        self.rewrite(&records)
    }

    /// Writes again the documents of earlier commits that give a name whose
    /// identity changed in the session, from their stored fields.
    fn relink_base(&mut self) -> Result<u64> {
        let changed: Vec<String> = self
            .session
            .before
            .iter()
            .filter(|(name, was)| self.table.identity_of(name) != was.as_deref())
            .map(|(name, _)| name.clone())
            .collect();
        let mut addresses = HashSet::new();
        for name in &changed {
            addresses.extend(self.base_docs(self.fields.names, name)?);
        }
        let addresses: Vec<DocAddress> = addresses.into_iter().collect();
        let mut relinked = 0;
        for chunk in addresses.chunks(RELINK_BATCH) {
            let records = chunk
                .par_iter()
                .map(|&address| self.stored_at(address))
                .collect::<Result<Vec<_>>>()?;
            let records: Vec<ArticleRecord> = records
                .into_iter()
                .filter(|record| !self.session.touched.contains(&record.id))
                .collect();
            relinked += self.rewrite(&records)?;
        }
        Ok(relinked)
    }

    /// Deletes the documents of `records`' ids and writes them again with
    /// the current identities (their names are counted already).
    fn rewrite(&mut self, records: &[ArticleRecord]) -> Result<u64> {
        for record in records {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, &record.id));
            self.session.touched.insert(record.id.clone());
        }
        self.write_documents(records)?;
        Ok(records.len() as u64)
    }

    /// Hands `records` to tantivy as documents (in parallel), with the
    /// identities the table gives now.
    fn write_documents(&self, records: &[ArticleRecord]) -> Result<()> {
        let (table, fields, writer) = (&self.table, &self.fields, &self.writer);
        records
            .par_iter()
            .try_for_each(|record| {
                writer
                    .add_document(to_document(record, table, fields))
                    .map(|_| ())
            })
            .map_err(tantivy_error(&self.dir))
    }

    /// Merges the segments of the last commit into as few as possible, none
    /// larger than `most_bytes` (the bytes of the segments merged into it),
    /// one merge at a time: a merge maps every byte of its segments, so
    /// `most_bytes` bounds the memory it adds. Each merge is published by
    /// tantivy on its own, atomically (`meta.json` names the merged segment
    /// in place of its parts, with the commit's payload and identity table
    /// unchanged: the same articles), and the parts' files are deleted
    /// after; a kill at any moment leaves the last commit, merged or not.
    /// After it, the session merges as updates do. A build from nothing
    /// calls it after its commit (its writer merged nothing while it wrote).
    pub fn merge_segments(&mut self, most_bytes: u64) -> Result<SegmentsMerged> {
        // The writer's view of the last commit maps the segments too: it goes
        // while they merge, so that the pages each merge reads are released
        // with its segments.
        self.base = None;
        release_free_heap();
        let merged = self.merge_groups(most_bytes);
        if merged.is_err() {
            // A failed merge's files (the commit names none of them; no
            // merge runs now).
            let index = self.writer.index().clone();
            remove_leftovers(&index, &self.writer, &self.dir);
        }
        self.writer.set_merge_policy(build::merge_policy(false));
        directory::share_with_readers(&self.dir);
        self.reader.reload().map_err(tantivy_error(&self.dir))?;
        self.base = Some(self.reader.searcher());
        merged
    }

    fn merge_groups(&mut self, most_bytes: u64) -> Result<SegmentsMerged> {
        // Ids and sizes only: a segment's metadata, while held, keeps its
        // files from tantivy's garbage collection.
        let sizes = segment_bytes(&self.dir);
        let segments: Vec<(SegmentId, u64)> = self
            .writer
            .index()
            .searchable_segment_ids()
            .map_err(tantivy_error(&self.dir))?
            .into_iter()
            .map(|id| (id, sizes.get(&id.uuid_string()).copied().unwrap_or(0)))
            .collect();
        let from = segments.len();
        for group in plan_merges(segments, most_bytes) {
            self.writer
                .merge(&group)
                .wait()
                .map_err(tantivy_error(&self.dir))?;
            // The reader lets go of the merged parts (and their pages).
            self.reader.reload().map_err(tantivy_error(&self.dir))?;
        }
        self.writer
            .garbage_collect_files()
            .wait()
            .map_err(tantivy_error(&self.dir))?;
        let into = self.reader.searcher().segment_readers().len();
        Ok(SegmentsMerged { from, into })
    }

    /// Waits for the segment merges the commits started, then releases the
    /// index (a process that ends right after a build calls it, so that the
    /// index it leaves is merged).
    pub fn finish(self) -> Result<()> {
        let dir = self.dir.clone();
        self.writer
            .wait_merging_threads()
            .map_err(tantivy_error(&dir))?;
        // The merged segments' files too.
        directory::share_with_readers(&dir);
        Ok(())
    }
}

/// Gives the allocator's free pages back to the system before a merge maps
/// its segments: what the build freed (the corpus listing, allocated first,
/// 80 MB at DICE x50) lies below memory still in use, where the allocator's
/// own trimming (of the heap's top) never reaches it.
fn release_free_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Segments before and after [`ArticleWriter::merge_segments`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SegmentsMerged {
    pub from: usize,
    pub into: usize,
}

/// Bytes on disk of each segment in `dir` (all its files), by segment id.
fn segment_bytes(dir: &Path) -> HashMap<String, u64> {
    let mut sizes = HashMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some((stem, _)) = name.to_str().and_then(|name| name.split_once('.')) else {
            continue;
        };
        if stem.len() == 32 {
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            *sizes.entry(stem.to_string()).or_insert(0) += bytes;
        }
    }
    sizes
}

/// Which segments to merge, each group into one: as few groups as the
/// largest-first first-fit packing gives, none of more than `most_bytes`
/// (a segment larger than that stays alone); groups of one are left out.
fn plan_merges<T>(segments: Vec<(T, u64)>, most_bytes: u64) -> Vec<Vec<T>> {
    let mut segments = segments;
    segments.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    let mut groups: Vec<(u64, Vec<T>)> = Vec::new();
    for (segment, bytes) in segments {
        match groups
            .iter_mut()
            .find(|(total, _)| total.saturating_add(bytes) <= most_bytes)
        {
            Some((total, group)) => {
                *total += bytes;
                group.push(segment);
            }
            None => groups.push((bytes, vec![segment])),
        }
    }
    groups
        .into_iter()
        .map(|(_, group)| group)
        .filter(|group| group.len() > 1)
        .collect()
}

/// Below this, a failed session is taken to have filled the disk.
const FULL_DISK_BYTES: u64 = 1024 * 1024;

/// tantivy's indexing threads report a failed write as "an index writer was
/// killed", without its cause: when the disk is nearly full at that moment
/// (measured before the failed session's files are deleted), that is the
/// cause to report.
fn name_a_full_disk(error: Error, dir: &Path) -> Error {
    if !matches!(
        error,
        Error::Tantivy { .. }
            | Error::Spill { .. }
            | Error::IdentityTable {
                action: "write",
                ..
            }
    ) {
        return error;
    }
    match fs4::available_space(dir) {
        Ok(free) if free < FULL_DISK_BYTES => Error::IndexWrite {
            dir: dir.to_path_buf(),
            cause: std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                format!("no space left on the device ({free} bytes free)"),
            ),
        },
        _ => error,
    }
}

/// Deletes what no commit uses: segment files of a killed or failed run
/// (tantivy's garbage collection; the committed files are never among
/// them), tantivy's temporary files, identity tables no commit names. The
/// caller holds both writer locks, so no other process is writing any of
/// these. Best effort: what cannot be deleted now is tried again next time.
fn remove_leftovers(index: &Index, writer: &IndexWriter, dir: &Path) {
    let _ = writer.garbage_collect_files().wait();
    let metas = index.load_metas().ok();
    // tantivy deletes only the files it recorded as its own, and on a full
    // disk that record may be the write that failed: the segment files no
    // commit names go too (no merge runs while the writer is new or rolled
    // back, so none is being written).
    let committed_segments: Option<HashSet<String>> = metas.as_ref().map(|metas| {
        metas
            .segments
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect()
    });
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let orphan_segment_file = committed_segments
                .as_ref()
                .is_some_and(|committed| is_segment_file(&name, committed));
            if name.starts_with(".tmp") || orphan_segment_file {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let committed = metas
        .and_then(|metas| metas.payload)
        .and_then(|payload| serde_json::from_str::<CommitInfo>(&payload).ok())
        .map(|info| info.identities);
    saved_identities::remove_others(dir, committed.as_deref());
}

/// A file of a segment that is not among `committed`: named
/// `<32 hex digits>.<one of tantivy's segment components>` (deletes:
/// `<32 hex digits>.<opstamp>.del`).
fn is_segment_file(name: &str, committed: &HashSet<String>) -> bool {
    let Some((stem, rest)) = name.split_once('.') else {
        return false;
    };
    let extension = rest.rsplit('.').next().unwrap_or(rest);
    stem.len() == 32
        && stem.bytes().all(|b| b.is_ascii_hexdigit())
        && !committed.contains(stem)
        && matches!(
            extension,
            "fast" | "fieldnorm" | "idx" | "pos" | "store" | "term" | "del" | "temp"
        )
}

/// Documents re-linked per batch (read, parsed and written in parallel).
const RELINK_BATCH: usize = 1024;

fn spill_error(dir: &Path, cause: std::io::Error) -> Error {
    Error::Spill {
        dir: dir.to_path_buf(),
        cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_segments_no_commit_names_are_leftovers() {
        let kept = "0123456789abcdef0123456789abcdef";
        let orphan = "fedcba9876543210fedcba9876543210";
        let committed = HashSet::from([kept.to_string()]);
        for name in [format!("{orphan}.store"), format!("{orphan}.7.del")] {
            assert!(is_segment_file(&name, &committed), "{name}");
        }
        for name in [
            format!("{kept}.store"),
            format!("{kept}.7.del"),
            format!("{orphan}.json"),
            "meta.json".to_string(),
            "identities-8.json".to_string(),
            "README.md".to_string(),
        ] {
            assert!(!is_segment_file(&name, &committed), "{name}");
        }
    }

    #[test]
    fn merges_pack_segments_into_as_few_as_fit_under_the_cap() {
        const MB: u64 = 1_000_000;
        // DICE x10 as a build leaves it: one segment.
        let x10 = vec![
            ("a", 110 * MB),
            ("b", 110 * MB),
            ("c", 24 * MB),
            ("d", 19 * MB),
        ];
        let groups = plan_merges(x10, 300 * MB);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].len(), 4);

        // Twelve segments of 110 MB and two small ones: two large ones per
        // merge, the small ones where they fit, none over the cap.
        let mut x50: Vec<(usize, u64)> = (0..12).map(|i| (i, 110 * MB)).collect();
        x50.extend([(12, 30 * MB), (13, 8 * MB)]);
        let sizes: HashMap<usize, u64> = x50.iter().copied().collect();
        let groups = plan_merges(x50, 300 * MB);
        assert_eq!(groups.len(), 6, "{groups:?}");
        let mut seen: Vec<usize> = groups.iter().flatten().copied().collect();
        seen.sort();
        assert_eq!(
            seen,
            (0..14).collect::<Vec<_>>(),
            "each segment merged once"
        );
        for group in &groups {
            assert!(group.iter().map(|i| sizes[i]).sum::<u64>() <= 300 * MB);
        }

        // A segment over the cap, or alone, is not merged.
        assert!(plan_merges(vec![("big", 400 * MB), ("small", 1)], 300 * MB).is_empty());
        assert!(plan_merges(vec![("one", MB)], 300 * MB).is_empty());
        assert!(plan_merges(Vec::<(u8, u64)>::new(), 300 * MB).is_empty());
    }

    #[test]
    fn display_ranks_put_the_newest_day_first_and_the_undated_last() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 5, d);
        let newer = display_rank(day(9), "z.txt");
        let older = display_rank(day(1), "a.txt");
        let undated = display_rank(None, "a.txt");
        assert!(newer < older && older < undated);
        // Within a day, a fixed order that depends on the id alone.
        let same_day: Vec<u64> = ["a.txt", "b.txt", "c.txt"]
            .iter()
            .map(|id| display_rank(day(1), id))
            .collect();
        assert_eq!(
            same_day.iter().collect::<HashSet<_>>().len(),
            3,
            "{same_day:?}"
        );
        assert!(same_day.iter().all(|&r| r > newer && r < undated));
        assert_eq!(display_rank(day(1), "b.txt"), same_day[1]);
        // The oldest and newest storable days keep their order.
        let first = NaiveDate::from_ymd_opt(1678, 1, 1);
        let last = NaiveDate::from_ymd_opt(2261, 12, 31);
        assert!(display_rank(last, "x") < display_rank(first, "x"));
        assert!(display_rank(first, "x") < display_rank(None, "x"));
    }
}
