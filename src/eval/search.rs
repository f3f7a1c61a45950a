//! Search relevance: index a corpus with the normal indexer, run judged
//! queries through the normal [`search`](crate::search::search) and score
//! the rankings against the judgements.
//!
//! Nothing here ranks differently from `rassegna search`: queries are read as
//! plain text ([`Syntax::PlainText`], so question marks, quotes or hyphens in
//! a question are words and punctuation, never syntax errors) and run with
//! the mode asked for, top [`RUN_DEPTH`], exactly as the library serves them.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{mean, query_metrics, read_qrels, read_queries, Metrics, RunEntry};
use crate::error::{Error, Result};
use crate::index::{build_index, ArticleIndex, IndexReport};
use crate::search::{search, Mode, SearchRequest, Syntax};

/// Documents retrieved per query: enough for Recall@100.
pub const RUN_DEPTH: usize = 100;

/// Tag written in the last column of TREC run files.
pub const RUN_TAG: &str = "rassegna";

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct SearchEvalOptions {
    /// Folder of articles (one `.txt` file per document; the document id
    /// in the judgements is the path relative to it without `.txt`).
    pub corpus: PathBuf,
    /// `qid<TAB>text` per line.
    pub queries: PathBuf,
    /// `qid<TAB>docid` per line (or TREC qrels).
    pub qrels: PathBuf,
    /// All words or any word.
    pub mode: Mode,
    /// Index folder: reused when it holds an index, built into otherwise.
    /// `None`: a temporary folder, removed afterwards.
    pub index: Option<PathBuf>,
}

/// Where the evaluated index came from.
#[derive(Debug, Clone)]
pub enum IndexOrigin {
    /// Built from the corpus for this evaluation (the indexer's report says
    /// what was skipped or warned about).
    Built(Box<IndexReport>),
    /// An existing index given with `--index`, used as it is.
    Reused(PathBuf),
}

/// The outcome of an evaluation.
#[derive(Debug, Clone)]
pub struct SearchEvaluation {
    /// Averaged over the judged queries.
    pub metrics: Metrics,
    /// Queries of the queries file without any judgement: not scored.
    pub unjudged: usize,
    /// Every query's ranking, as a TREC run.
    pub run: Vec<RunEntry>,
    pub index: IndexOrigin,
    /// Seconds spent running the queries (indexing excluded).
    pub search_secs: f64,
}

/// Runs the evaluation described by `options`.
pub fn evaluate(options: &SearchEvalOptions) -> Result<SearchEvaluation> {
    // Read the small files first: a typo there should not cost an indexing.
    let queries = read_queries(&options.queries)?;
    let qrels = read_qrels(&options.qrels)?;

    // Held until the end: dropping it removes the temporary index.
    let mut temporary = None;
    let (index_dir, reuse) = match &options.index {
        Some(dir) => (dir.clone(), ArticleIndex::open(dir).is_ok()),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("rassegna-eval-")
                .tempdir()
                .map_err(|source| Error::EvalTempDir { source })?;
            let path = dir.path().join("index");
            temporary = Some(dir);
            (path, false)
        }
    };
    let origin = if reuse {
        IndexOrigin::Reused(index_dir.clone())
    } else {
        IndexOrigin::Built(Box::new(build_index(&options.corpus, &index_dir, &())?))
    };
    let index = ArticleIndex::open(&index_dir)?;

    let started = std::time::Instant::now();
    let rankings: Vec<Vec<(String, f32)>> = queries
        .par_iter()
        .map(|query| {
            let request = SearchRequest {
                query: query.text.clone(),
                mode: options.mode,
                syntax: Syntax::PlainText,
                limit: RUN_DEPTH,
                ..SearchRequest::default()
            };
            let results = search(&index, &request)?;
            Ok(results
                .hits
                .into_iter()
                .map(|hit| (document_id(&hit.article.id), hit.score.unwrap_or(0.0)))
                .collect())
        })
        .collect::<Result<_>>()?;
    let search_secs = started.elapsed().as_secs_f64();

    let mut per_query = Vec::with_capacity(queries.len());
    let mut unjudged = 0;
    let mut run = Vec::new();
    for (query, ranking) in queries.iter().zip(rankings) {
        let ranked: Vec<String> = ranking.iter().map(|(doc, _)| doc.clone()).collect();
        match qrels.get(&query.id) {
            Some(relevant) => per_query.push(query_metrics(&ranked, relevant)),
            None => unjudged += 1,
        }
        run.extend(
            ranking
                .into_iter()
                .enumerate()
                .map(|(i, (doc, score))| RunEntry {
                    query: query.id.clone(),
                    doc,
                    rank: i + 1,
                    score,
                }),
        );
    }
    drop(index);
    drop(temporary);
    Ok(SearchEvaluation {
        metrics: mean(&per_query),
        unjudged,
        run,
        index: origin,
        search_secs,
    })
}

/// The id judgements use for an article: its id (path relative to the
/// corpus) without the `.txt` extension.
pub fn document_id(article_id: &str) -> String {
    let cut = article_id.len().saturating_sub(4);
    match article_id.get(cut..) {
        Some(ext) if ext.eq_ignore_ascii_case(".txt") => article_id[..cut].to_string(),
        _ => article_id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids_drop_the_extension_only() {
        assert_eq!(document_id("dev00p000.txt"), "dev00p000");
        assert_eq!(document_id("2024/vertice.TXT"), "2024/vertice");
        assert_eq!(document_id("txt"), "txt");
        assert_eq!(document_id("è.txt"), "è");
        assert_eq!(document_id("àà"), "àà");
    }
}
