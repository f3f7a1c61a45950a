//! The tantivy schema of an article index and typed handles to its fields.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

use crate::analysis;

/// Field names, as used in stored documents and in query scopes (`person:`, `author:`).
pub mod names {
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const DATE: &str = "date";
    pub const HEADLINE: &str = "headline";
    pub const BODY: &str = "body";
    pub const BODY_EXACT: &str = "body_exact";
    pub const AUTHOR: &str = "author";
    pub const PERSON: &str = "person";
    pub const PERSONS_SHOWN: &str = "persons";
    pub const IDENTITY: &str = "identity";
    pub const RANK: &str = "rank";
    pub const NAMES: &str = "names";
    pub const FILE_SIZE: &str = "file_size";
    pub const FILE_MODIFIED: &str = "file_modified";
    pub const FILE_HASH: &str = "file_hash";
}

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Path relative to the corpus, `/`-separated: the article's unique id
    /// (raw, exact; fast, so that an update reads every id and file state
    /// in one pass over columns, `index::files`).
    pub id: Field,
    /// The file's path as given when indexing (stored only).
    pub path: Field,
    /// Publication date at midnight UTC (indexed, fast, stored); absent when unknown.
    pub date: Field,
    /// First sentence, for display (stored only).
    pub headline: Field,
    /// Full text, body analyzer (each word's stem, or a proper noun as
    /// itself) with positions (stored, for snippets and `show`).
    pub body: Field,
    /// The body again, as its words' exact forms (folded, unstemmed:
    /// exact-form analyzer), with positions: what a name (`ferrara`), a
    /// phrase or `=word` matches, whatever each occurrence was indexed as in
    /// `body`; and for questions, the exact form of their words and, derived
    /// from it at query time, their prefixes and grams (`search::looser`).
    /// Each article's words end with the mark of its length in letter grams
    /// (`analysis::GramLengthMark`), so this field's lengths are one more
    /// than `body`'s: word counts come from `body`.
    pub body_exact: Field,
    /// Byline, names analyzer (stored).
    pub author: Field,
    /// Every name a person filter finds the article by, one value each
    /// (`identities::ArticlePersons::searchable`: identities' names and the
    /// names as written), names analyzer with positions, so a phrase matches
    /// inside one name and never across two persons. Not stored.
    pub person: Field,
    /// The persons shown with the article (stored only): each under their
    /// identity's name, or as written when the name is no identity (a lone
    /// first name).
    pub persons_shown: Field,
    /// The article's identities, each once, and for each name written
    /// otherwise than its identity the variant term (identity + U+001F + the
    /// name as written, `identities::variant_term`): raw, indexed, fast.
    /// Counted per request by term ordinal (`search::persons`); found exactly
    /// by an update whose identities changed.
    pub identity: Field,
    /// The article's place in the display order of the index: newest first
    /// (undated last), then a stable order within the day (fast), derived
    /// from the article alone (`index::writer::display_rank`), so that adding
    /// an article never shifts another's. One number breaks score ties and
    /// sorts by date, where comparing dates and then id strings for every
    /// match cost a fifth of a query.
    pub rank: Field,
    /// The persons' names as the extractor wrote them, in order of first
    /// mention, each once (raw, indexed, stored): what the article gives the
    /// identity table, so that an update can take it out again, find the
    /// articles that give a name whose identity changed, and write their
    /// documents again from the stored fields alone.
    pub names: Field,
    /// The file's size in bytes, modification time (nanoseconds since
    /// 1970) and content hash (xxh3) when it was read (fast, stored): what
    /// an update compares the folder with (`index::files`).
    pub file_size: Field,
    pub file_modified: Field,
    pub file_hash: Field,
}

impl Fields {
    /// Looks the fields up in an existing schema; `Err` names the first one missing.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field '{name}' missing"))
        };
        Ok(Fields {
            id: get(names::ID)?,
            path: get(names::PATH)?,
            date: get(names::DATE)?,
            headline: get(names::HEADLINE)?,
            body: get(names::BODY)?,
            body_exact: get(names::BODY_EXACT)?,
            author: get(names::AUTHOR)?,
            person: get(names::PERSON)?,
            persons_shown: get(names::PERSONS_SHOWN)?,
            identity: get(names::IDENTITY)?,
            rank: get(names::RANK)?,
            names: get(names::NAMES)?,
            file_size: get(names::FILE_SIZE)?,
            file_modified: get(names::FILE_MODIFIED)?,
            file_hash: get(names::FILE_HASH)?,
        })
    }
}

/// The schema every rassegna index is created with.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let analyzed = |tokenizer: &str| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    builder.add_text_field(names::ID, STRING | STORED | FAST);
    builder.add_text_field(names::PATH, STORED);
    builder.add_date_field(
        names::DATE,
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field(names::HEADLINE, STORED);
    builder.add_text_field(names::BODY, analyzed(analysis::ITALIAN));
    // The exact forms of the body: not stored (`body` is).
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analysis::EXACT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field(names::BODY_EXACT, exact);
    builder.add_text_field(names::AUTHOR, analyzed(analysis::NAMES));
    builder.add_text_field(
        names::PERSON,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analysis::NAMES)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    builder.add_text_field(names::PERSONS_SHOWN, STORED);
    builder.add_text_field(names::IDENTITY, STRING | FAST);
    builder.add_u64_field(names::RANK, FAST);
    builder.add_text_field(names::NAMES, STRING | STORED);
    for file_field in [names::FILE_SIZE, names::FILE_MODIFIED, names::FILE_HASH] {
        builder.add_u64_field(file_field, FAST | STORED);
    }
    builder.build()
}
