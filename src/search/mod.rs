//! Searching an article index: the query language, date/person/author
//! filters, ranking (BM25 or by date), snippets with highlights, counts of
//! persons over the matching articles, articles per period and one person's
//! profile (`facets`), an article's full text highlighted (`full_text`), and
//! an explanation when nothing matches.
//!
//! This module reads the index; it never writes it, and it does not format
//! output for a terminal (that is `cli`). Its functions do not catch
//! tantivy's panics on a damaged index: each front end runs what it asks
//! for inside [`ArticleIndex::guarded`], once per command or request.

pub mod bm25;
pub mod facets;
pub mod filters;
pub mod full_text;
pub mod looser;
pub mod parse;
pub mod persons;
pub mod query;
mod segment_cache;
pub mod snippet;
pub mod timeline;
mod top;

use std::time::Instant;

use serde::Serialize;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Order, Searcher};

pub use facets::{FacetCollector, FacetCounts, FacetRequest};
pub use filters::{Filter, Filters, Spelling};
pub use persons::{PersonCount, PersonTally, Variant};
pub use query::Mode;
pub use segment_cache::SegmentsWarmer;
pub use snippet::{Highlight, Snippet};

use crate::error::{Error, Result};
use crate::index::{schema, tantivy_error, ArticleIndex, Fields, StoredArticle, StoredFields};
use query::CompiledQuery;
use snippet::Snippeter;
use top::TopByScore;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Newest first; articles without a date last.
    Date,
}

/// How the text of a [`SearchRequest`] is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// The query language: phrases, `-word`, `OR`, groups, `prefix*`,
    /// `person:` (see [`query`]). Malformed queries are errors.
    #[default]
    QueryLanguage,
    /// Bare words, whatever characters they contain: for natural-language
    /// questions and pasted text, where `"`, `(`, `-`, `*` or `:` are part
    /// of the text, not operators. Never a syntax error.
    PlainText,
}

/// A search as asked for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub mode: Mode,
    pub syntax: Syntax,
    pub filters: Filters,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// Leave each hit's snippet empty (for callers that only rank, such as
    /// the relevance evaluation and the latency benchmark's lean mode).
    pub skip_snippets: bool,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based position in the full result list (offset included).
    pub rank: usize,
    /// BM25 score (absent when sorted by date).
    pub score: Option<f32>,
    #[serde(flatten)]
    pub article: StoredArticle,
    pub snippet: Snippet,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Number of matching articles (not only those shown).
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub sort: Sort,
    pub took_ms: f64,
    /// Query words that were not searched, each once: common words (not
    /// indexed) and, with [`Mode::Any`], question words.
    pub ignored_words: Vec<String>,
    /// How the query was read where that differs from what was typed
    /// (`titolo:rapina`, lower-case `or`, a prefix with too many words…).
    pub notes: Vec<String>,
    /// When nothing matches: why, in words (which filter removed everything).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    pub hits: Vec<Hit>,
}

/// Most results one search returns (`--limit`): ranking keeps them all in
/// memory, with their snippets.
pub const MAX_LIMIT: usize = 10_000;

/// The deepest result a search can reach (offset + limit): ranking keeps
/// offset + limit documents in memory, so deep paging is bounded, as search
/// engines bound it.
pub const MAX_RESULT_WINDOW: usize = 100_000;

/// Runs a search.
pub fn search(index: &ArticleIndex, request: &SearchRequest) -> Result<SearchResults> {
    search_with_facets(index, request, &FacetRequest::default()).map(|(results, _)| results)
}

/// Runs a search and counts `facets` over its whole result set, in the
/// same pass over the matching articles as the ranking.
pub fn search_with_facets(
    index: &ArticleIndex,
    request: &SearchRequest,
    facets: &FacetRequest,
) -> Result<(SearchResults, FacetCounts)> {
    let started = Instant::now();
    let searcher = index.reader().searcher();
    let fields = index.fields();
    let compiled = compile(
        &request.query,
        request.mode,
        request.syntax,
        &fields,
        &searcher,
    )?;
    let query = with_filters(&compiled, &request.filters, &fields);
    let err = tantivy_error(index.dir());

    let limit = request.limit.max(1);
    if limit > MAX_LIMIT {
        return Err(Error::QueryLimit(format!(
            "a limit of {} results is more than the {} one search returns; page with an offset instead",
            parse::thousands(limit),
            parse::thousands(MAX_LIMIT)
        )));
    }
    let window = request.offset.saturating_add(limit);
    if window > MAX_RESULT_WINDOW {
        return Err(Error::TooDeep {
            first: request.offset.saturating_add(1),
            last: window,
            max: MAX_RESULT_WINDOW,
        });
    }
    let counting = (!facets.is_empty())
        .then(|| FacetCollector::new(&searcher, &request.filters, facets))
        .transpose()
        .map_err(&err)?;
    let (scored, total, counts): (Vec<(Option<f32>, DocAddress)>, usize, _) = match request.sort {
        // Ties are broken by date (newest first), then by id (the index's
        // rank), so that the order never depends on how documents fell into
        // segments.
        Sort::Relevance => {
            let best = TopByScore::new(limit, request.offset);
            let (docs, total, counts) = searcher
                .search(&*query, &(best, Count, counting))
                .map_err(&err)?;
            (
                docs.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                total,
                counts,
            )
        }
        Sort::Date => {
            let key = (display_order(), Order::Asc);
            let top = TopDocs::with_limit(limit).and_offset(request.offset);
            let (docs, total, counts) = searcher
                .search(&*query, &(top.order_by(key), Count, counting))
                .map_err(&err)?;
            (
                docs.into_iter().map(|(_, a)| (None, a)).collect(),
                total,
                counts,
            )
        }
    };

    let mut snippeter =
        (!request.skip_snippets).then(|| Snippeter::new(&searcher, &fields, &compiled.highlights));
    let mut hits = Vec::with_capacity(scored.len());
    for (i, (score, address)) in scored.into_iter().enumerate() {
        let stored: StoredFields = searcher.doc(address).map_err(&err)?;
        let article = StoredArticle::from_stored(stored, &fields);
        let snippet = snippeter
            .as_mut()
            .map(|snippeter| snippeter.snippet(&article.body, &article.headline))
            .unwrap_or_default();
        hits.push(Hit {
            rank: request.offset + i + 1,
            score,
            article,
            snippet,
        });
    }
    let explanation = if total == 0 {
        Some(explain_no_results(
            &searcher,
            &compiled,
            request,
            &fields,
            index.dir(),
        )?)
    } else {
        None
    };
    let results = SearchResults {
        query: request.query.clone(),
        total,
        offset: request.offset,
        limit,
        sort: request.sort,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        ignored_words: compiled.ignored_words,
        notes: compiled.notes,
        explanation,
        hits,
    };
    Ok((results, counts.unwrap_or_default()))
}

/// The persons mentioned in the articles matching `query` and `filters`,
/// most frequent first (ties by name), each with the other ways the
/// matching articles wrote them: the one function the CLI's `persons` and the
/// server call.
pub fn count_persons(
    index: &ArticleIndex,
    query: &str,
    mode: Mode,
    filters: &Filters,
    limit: usize,
) -> Result<Vec<PersonCount>> {
    let request = FacetRequest {
        persons: limit,
        ..FacetRequest::default()
    };
    let counts = facets::count_facets(index, query, mode, filters, &request)?;
    Ok(counts.persons.unwrap_or_default())
}

/// Newest first, undated last, then by id: the rank given at indexing.
fn display_order() -> SortByStaticFastValue<u64> {
    SortByStaticFastValue::for_field(schema::names::RANK)
}

fn compile(
    text: &str,
    mode: Mode,
    syntax: Syntax,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<CompiledQuery> {
    let parsed = match syntax {
        Syntax::QueryLanguage => parse::parse(text)?,
        Syntax::PlainText => parse::parse_plain(text)?,
    };
    query::compile(&parsed, mode, fields, searcher)
}

fn with_filters(compiled: &CompiledQuery, filters: &Filters, fields: &Fields) -> Box<dyn Query> {
    if filters.is_empty() {
        return compiled.query.box_clone();
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, compiled.query.box_clone())];
    for filter in filters.list() {
        // Filters must not change scores: they only select.
        let constant = tantivy::query::ConstScoreQuery::new(filter.query(fields), 0.0);
        clauses.push((Occur::Must, Box::new(constant)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Says why a search found nothing: the query itself, or which filter.
fn explain_no_results(
    searcher: &Searcher,
    compiled: &CompiledQuery,
    request: &SearchRequest,
    fields: &Fields,
    dir: &std::path::Path,
) -> Result<String> {
    let err = tantivy_error(dir);
    let count = |query: &dyn Query| searcher.search(query, &Count).map_err(&err);
    let what = if compiled.matches_all {
        "the index".to_string()
    } else {
        format!("«{}»", request.query)
    };
    if compiled.only_stop_words {
        return Ok(format!(
            "«{}» has only common words, which are not indexed ({}); add a more specific word",
            request.query,
            compiled.ignored_words.join(", ")
        ));
    }
    if !compiled.matches_all {
        let alone = count(&*compiled.query)?;
        if alone == 0 {
            let mut message = format!("no article matches «{}»", request.query);
            if !compiled.ignored_words.is_empty() {
                message.push_str(&format!(
                    " (words not searched: {})",
                    compiled.ignored_words.join(", ")
                ));
            }
            return Ok(message);
        }
    }
    let total = count(&*compiled.query)?;
    for filter in request.filters.list() {
        let one = BooleanQuery::new(vec![
            (Occur::Must, compiled.query.box_clone()),
            (Occur::Must, filter.query(fields)),
        ]);
        if count(&one)? == 0 {
            let noun = if total == 1 { "article" } else { "articles" };
            let found = if compiled.matches_all {
                format!("the index has {total} {noun}")
            } else {
                format!("{what} has {total} matching {noun}")
            };
            return Ok(format!("{found}, but none {}", filter.describe()));
        }
    }
    Ok(format!(
        "{what} has {total} matching articles and each filter keeps some of them, but no article passes all the filters together"
    ))
}
