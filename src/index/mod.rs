//! The article index on disk: its schema, how it is built from a corpus
//! folder, and how it is opened for reading.
//!
//! Safety rests on tantivy's commit protocol: a build adds every article and
//! then commits once, so a crash or kill at any point leaves the last
//! committed index readable; a writer lock ([`lock`]) refuses a second
//! writer, naming the first ([`Error::IndexLocked`]). Each commit carries a
//! small payload marking the folder as a complete rassegna index of a known
//! format. Readers need no write access ([`directory`]); a damaged index is
//! reported as such, never a panic ([`integrity`]).
//!
//! This module does not rank or format results: that is `search`.

pub mod build;
pub mod directory;
pub mod files;
pub mod integrity;
pub mod lock;
pub mod open;
mod saved_identities;
pub mod schema;
pub mod walk;
pub mod watch;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::OwnedValue;
use tantivy::{Index, IndexReader};

use crate::analysis;
use crate::error::{Error, Result};
use crate::search::SegmentsWarmer;
pub use build::{
    build_index, rebuild_index, update_index, BuildObserver, FileProblem, IndexReport,
};
pub use open::{open_or_build, BuildReason, IndexLocation, OpenObserver};
pub use schema::Fields;
pub use writer::{ArticleWriter, Start};

/// Version of the on-disk layout (schema + analyzers). Bump it when either
/// changes so that old indexes are reported instead of misread.
pub const FORMAT_VERSION: u32 = 11;

/// What each commit records about the index, as JSON in tantivy's commit payload.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CommitInfo {
    pub rassegna_format: u32,
    /// The corpus folder the index was built from (made absolute when the
    /// build could resolve it; older indexes recorded it as typed).
    pub corpus: PathBuf,
    pub articles: u64,
    /// The person tagger the persons were found with: its model id (`RSPER004-…`), or
    /// `rules only` and why (`PersonExtractor::model_description`): an
    /// update with another one rebuilds. Empty in indexes written before it
    /// was recorded.
    #[serde(default)]
    pub persons_model: String,
    /// The file of the identity table the documents were written with
    /// (`identities-OPSTAMP.json`; empty before format 6).
    #[serde(default)]
    pub identities: String,
}

/// An opened article index, ready to search.
pub struct ArticleIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    info: CommitInfo,
    /// Keeps what searches read per segment (vocabularies, days) to this
    /// reader's segments (the reader holds it weakly).
    _vocabularies: Arc<SegmentsWarmer>,
}

impl ArticleIndex {
    /// True if `dir` holds a tantivy index (complete or not).
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// The corpus folder the last commit in `dir` recorded, read from
    /// `meta.json` alone, so that it works for an index of any rassegna
    /// version (`None` when there is no readable record).
    pub fn recorded_corpus(dir: &Path) -> Option<PathBuf> {
        #[derive(Deserialize)]
        struct Meta {
            payload: Option<String>,
        }
        #[derive(Deserialize)]
        struct Recorded {
            corpus: PathBuf,
        }
        let meta = std::fs::read_to_string(dir.join("meta.json")).ok()?;
        let payload = serde_json::from_str::<Meta>(&meta).ok()?.payload?;
        Some(serde_json::from_str::<Recorded>(&payload).ok()?.corpus)
    }

    /// Opens the index in `dir` for reading (no write access needed),
    /// checking that it is a complete rassegna index of the current format
    /// and that its files are whole ([`integrity`]).
    pub fn open(dir: &Path) -> Result<ArticleIndex> {
        if !Self::exists(dir) {
            if integrity::holds_index_remains(dir) {
                return Err(Error::Damaged {
                    dir: dir.to_path_buf(),
                    what: "its meta.json is missing".into(),
                });
            }
            return Err(Error::NoIndex {
                dir: dir.to_path_buf(),
            });
        }
        // A writer may commit, and then delete the files of the commit read
        // before, between the reading of meta.json and the opening of its
        // files (tantivy's meta lock prevents that where the folder is
        // writable, `directory` explains where it is not): a missing file
        // with a meta.json that changed meanwhile is tried again.
        let mut attempts = 0;
        loop {
            let meta_before = std::fs::read(dir.join("meta.json")).ok();
            match Self::open_once(dir) {
                Err(Error::Damaged { .. })
                    if attempts < 3 && std::fs::read(dir.join("meta.json")).ok() != meta_before =>
                {
                    attempts += 1;
                }
                opened => return opened,
            }
        }
    }

    fn open_once(dir: &Path) -> Result<ArticleIndex> {
        let directory = directory::ReaderDirectory::open(dir)
            .map_err(|cause| integrity::classify(dir, cause))?;
        let index = open_tantivy_in(directory, dir)?;
        // The commit first: an interrupted first build is told apart from an
        // index of another version whatever its schema.
        let info = commit_info(&index, dir)?;
        let fields =
            Fields::from_schema(&index.schema()).map_err(|reason| Error::OtherVersion {
                dir: dir.to_path_buf(),
                reason,
            })?;
        let vocabularies = Arc::new(SegmentsWarmer::default());
        let warmer: Arc<dyn tantivy::Warmer> = vocabularies.clone();
        let reader = integrity::guarded(&index, dir, || {
            integrity::check_document_stores(&index, dir)?;
            let reader = index
                .reader_builder()
                .warmers(vec![Arc::downgrade(&warmer)])
                .try_into()
                .map_err(|cause| integrity::classify(dir, cause))?;
            integrity::check_on_open(&reader.searcher(), dir)?;
            Ok(reader)
        })?;
        Ok(ArticleIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            info,
            _vocabularies: vocabularies,
        })
    }

    /// Runs `work` on this index with a panic inside tantivy (garbled
    /// files) turned into [`Error::Damaged`], and a failed reading
    /// explained by the files' checksums. The library's readings
    /// ([`ArticleIndex::article`], `search`) do not guard themselves: each
    /// front end runs what one command or request reads through here, once.
    pub fn guarded<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        integrity::guarded(&self.index, &self.dir, work)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// What the last commit recorded: format, corpus folder, article count.
    pub fn info(&self) -> &CommitInfo {
        &self.info
    }

    /// The identity table the index's documents were written with: how many
    /// articles give each person's name, and so which person each name
    /// stands for (what an update of the index starts from).
    pub fn identities(&self) -> Result<crate::identities::IdentityTable> {
        saved_identities::load(&self.dir, &self.info.identities)
    }

    /// Number of articles in the index.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The article with the given id (its path relative to the corpus).
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        let searcher = self.reader.searcher();
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let top = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .map_err(tantivy_error(&self.dir))?;
        let (_, address) = top
            .first()
            .ok_or_else(|| Error::UnknownArticle { id: id.to_string() })?;
        let stored: StoredFields = searcher.doc(*address).map_err(tantivy_error(&self.dir))?;
        Ok(StoredArticle::from_stored(stored, &self.fields))
    }
}

/// Opens a tantivy index for writing and registers rassegna's analyzers on it.
fn open_tantivy(dir: &Path) -> Result<Index> {
    let directory = tantivy::directory::MmapDirectory::open(dir)
        .map_err(|cause| integrity::classify(dir, cause.into()))?;
    open_tantivy_in(directory, dir)
}

/// Opens the tantivy index of `directory` (the folder `dir`) and registers
/// rassegna's analyzers on it.
fn open_tantivy_in(directory: impl tantivy::directory::Directory, dir: &Path) -> Result<Index> {
    let index = Index::open(directory).map_err(|source| match source {
        tantivy::TantivyError::SchemaError(reason) => Error::OtherVersion {
            dir: dir.to_path_buf(),
            reason,
        },
        // Opening reads these two files alone.
        tantivy::TantivyError::DataCorruption(_) => Error::Damaged {
            dir: dir.to_path_buf(),
            what: "its meta.json or .managed.json is empty, cut short or garbled".into(),
        },
        cause => integrity::classify(dir, cause),
    })?;
    analysis::register(&index);
    Ok(index)
}

fn commit_info(index: &Index, dir: &Path) -> Result<CommitInfo> {
    let incompatible = |reason: String| Error::OtherVersion {
        dir: dir.to_path_buf(),
        reason,
    };
    let metas = index
        .load_metas()
        .map_err(|cause| integrity::classify(dir, cause))?;
    let payload = metas.payload.ok_or_else(|| Error::InterruptedBuild {
        dir: dir.to_path_buf(),
    })?;
    let info: CommitInfo = serde_json::from_str(&payload)
        .map_err(|e| incompatible(format!("unreadable commit payload: {e}")))?;
    if info.rassegna_format != FORMAT_VERSION {
        return Err(incompatible(format!(
            "format {} where this rassegna reads format {FORMAT_VERSION}",
            info.rassegna_format
        )));
    }
    Ok(info)
}

/// Wraps a tantivy error with the index folder it happened in, telling
/// damage and a lack of room or permission apart ([`integrity::classify`]).
pub(crate) fn tantivy_error(dir: &Path) -> impl Fn(tantivy::TantivyError) -> Error + '_ {
    move |cause| integrity::classify(dir, cause)
}

/// An article as stored in the index.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: String,
    pub path: String,
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub headline: String,
    pub persons: Vec<String>,
    #[serde(skip)]
    pub body: String,
}

fn serialize_date<S: serde::Serializer>(
    date: &Option<NaiveDate>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// An article with its body: how `rassegna show --json` and the server's
/// article endpoint serialise a [`StoredArticle`].
#[derive(Debug, Serialize)]
pub struct FullArticle<'a> {
    #[serde(flatten)]
    pub article: &'a StoredArticle,
    pub body: &'a str,
}

impl StoredArticle {
    /// The article with its body, for serialising.
    pub fn with_body(&self) -> FullArticle<'_> {
        FullArticle {
            article: self,
            body: &self.body,
        }
    }

    /// The article of `fields` as the store gave them: each string moved,
    /// not copied; the first value of a field where it has one value.
    pub fn from_stored(stored: StoredFields, fields: &Fields) -> StoredArticle {
        let (mut id, mut path, mut date, mut author, mut headline, mut body) =
            (None, None, None, None, None, None);
        let mut persons = Vec::new();
        for (field, value) in stored.0 {
            match value {
                OwnedValue::Str(text) if field == fields.persons_shown => persons.push(text),
                OwnedValue::Str(text) => {
                    let slot = if field == fields.id {
                        &mut id
                    } else if field == fields.path {
                        &mut path
                    } else if field == fields.author {
                        &mut author
                    } else if field == fields.headline {
                        &mut headline
                    } else if field == fields.body {
                        &mut body
                    } else {
                        continue;
                    };
                    slot.get_or_insert(text);
                }
                OwnedValue::Date(day) if field == fields.date => {
                    date.get_or_insert(to_naive_date(day));
                }
                _ => {}
            }
        }
        StoredArticle {
            id: id.unwrap_or_default(),
            path: path.unwrap_or_default(),
            date: date.flatten(),
            author: author.filter(|a: &String| !a.is_empty()),
            headline: headline.unwrap_or_default(),
            persons,
            body: body.unwrap_or_default(),
        }
    }
}

/// A stored article's fields as tantivy's document store gives them, each
/// value whole: reading an article builds no document of tantivy's (an
/// arena of values) to copy the strings out of again.
#[derive(Debug, Default)]
pub struct StoredFields(Vec<(tantivy::schema::Field, OwnedValue)>);

impl DocumentDeserialize for StoredFields {
    fn deserialize<'de, D>(mut stored: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut fields = Vec::with_capacity(stored.size_hint());
        while let Some(entry) = stored.next_field::<OwnedValue>()? {
            fields.push(entry);
        }
        Ok(StoredFields(fields))
    }
}

/// Dates are stored as midnight UTC of the day. `None` for a day tantivy
/// cannot represent (it counts nanoseconds in 64 bits: 1677-09-21 to
/// 2262-04-11), which `from_timestamp_secs` would silently wrap into
/// another date; articles are dated within
/// [`STORABLE_DAYS`](crate::article::date::STORABLE_DAYS), well inside.
pub fn to_tantivy_date(day: NaiveDate) -> Option<tantivy::DateTime> {
    let seconds = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    let nanos = seconds.checked_mul(1_000_000_000)?;
    Some(tantivy::DateTime::from_timestamp_nanos(nanos))
}

pub fn to_naive_date(date: tantivy::DateTime) -> Option<NaiveDate> {
    DateTime::from_timestamp(date.into_timestamp_secs(), 0).map(|t| t.date_naive())
}
