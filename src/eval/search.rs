//! Search relevance: index a corpus with the normal indexer, run judged
//! queries through the normal [`search`](crate::search::search()) and score
//! the rankings against the judgements.
//!
//! # What this module owns
//!
//! * reading judged queries (`qid<TAB>text`) and relevance judgements
//!   (qrels: `qid<TAB>docid`, or TREC's `qid 0 docid relevance`) and
//!   reading/writing TREC run files (`qid Q0 docid rank score tag`), with
//!   errors that name the file and the line;
//! * the ranking metrics, computed per query on a ranked list of document
//!   ids and averaged over queries: reciprocal rank at 10, recall at 1, 10
//!   and 100, nDCG at 10 (binary relevance);
//! * [`evaluate`]: running the search engine over judged queries.
//!
//! Nothing here ranks differently from `rassegna search`: queries are read as
//! plain text ([`Syntax::PlainText`], so question marks, quotes or hyphens in
//! a question are words and punctuation, never syntax errors) and run with
//! the mode asked for, top [`RUN_DEPTH`], exactly as the library serves them.
//! It must not print anything (the CLI does) or know about a particular data set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{line_error, read_text, EvalIndex};
use crate::error::{Error, Result};
use crate::search::{search, Mode, SearchRequest, Syntax};

/// The documents judged relevant for each query id.
pub type Qrels = BTreeMap<String, BTreeSet<String>>;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedQuery {
    pub id: String,
    pub text: String,
}

/// One line of a TREC run: a document retrieved for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEntry {
    pub query: String,
    pub doc: String,
    /// 1-based.
    pub rank: usize,
    pub score: f32,
}

/// The metrics of a set of queries, averaged over queries (each query
/// counts once; a query with no hit scores 0 everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Metrics {
    /// Number of queries averaged over.
    pub queries: usize,
    pub mrr_at_10: f64,
    pub recall_at_1: f64,
    pub recall_at_10: f64,
    pub recall_at_100: f64,
    pub ndcg_at_10: f64,
}

/// The metrics of one query: `ranked` are document ids, best first.
pub fn query_metrics(ranked: &[String], relevant: &BTreeSet<String>) -> Metrics {
    Metrics {
        queries: 1,
        mrr_at_10: reciprocal_rank_at(ranked, relevant, 10),
        recall_at_1: recall_at(ranked, relevant, 1),
        recall_at_10: recall_at(ranked, relevant, 10),
        recall_at_100: recall_at(ranked, relevant, 100),
        ndcg_at_10: ndcg_at(ranked, relevant, 10),
    }
}

/// Averages per-query metrics (each with `queries == 1`) over queries.
pub fn mean(per_query: &[Metrics]) -> Metrics {
    let n = per_query.len();
    if n == 0 {
        return Metrics::default();
    }
    let average = |value: fn(&Metrics) -> f64| per_query.iter().map(value).sum::<f64>() / n as f64;
    Metrics {
        queries: n,
        mrr_at_10: average(|m| m.mrr_at_10),
        recall_at_1: average(|m| m.recall_at_1),
        recall_at_10: average(|m| m.recall_at_10),
        recall_at_100: average(|m| m.recall_at_100),
        ndcg_at_10: average(|m| m.ndcg_at_10),
    }
}

/// 1 / rank of the first relevant document within the first `k`, else 0.
pub fn reciprocal_rank_at(ranked: &[String], relevant: &BTreeSet<String>, k: usize) -> f64 {
    ranked
        .iter()
        .take(k)
        .position(|doc| relevant.contains(doc))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Share of the relevant documents found within the first `k` (0 when
/// nothing is relevant).
pub fn recall_at(ranked: &[String], relevant: &BTreeSet<String>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let found = distinct_top(ranked, k)
        .filter(|doc| relevant.contains(*doc))
        .count();
    found as f64 / relevant.len() as f64
}

/// Normalised discounted cumulative gain within the first `k`, binary
/// relevance: DCG = Σ 1/log2(rank + 1) over relevant documents, divided by
/// the DCG of the ideal ranking (all relevant documents first).
pub fn ndcg_at(ranked: &[String], relevant: &BTreeSet<String>, k: usize) -> f64 {
    let gain = |rank: usize| 1.0 / ((rank + 1) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, doc)| relevant.contains(*doc))
        .map(|(i, _)| gain(i + 1))
        .sum();
    let ideal: f64 = (1..=relevant.len().min(k)).map(gain).sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// The first `k` documents, each counted once even if a run repeats it.
fn distinct_top(ranked: &[String], k: usize) -> impl Iterator<Item = &String> {
    let mut seen = BTreeSet::new();
    ranked
        .iter()
        .take(k)
        .filter(move |doc| seen.insert(doc.as_str()))
}

/// The non-blank lines of a file, numbered from 1, without a `#` comment line.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

/// Reads judged queries: one `qid<TAB>text` per line, in file order.
pub fn read_queries(path: &Path) -> Result<Vec<JudgedQuery>> {
    parse_queries(&read_text(path)?, path)
}

/// [`read_queries`] on text already read (`path` is only for messages).
pub fn parse_queries(text: &str, path: &Path) -> Result<Vec<JudgedQuery>> {
    let mut queries = Vec::new();
    let mut seen = BTreeSet::new();
    for (line_no, line) in content_lines(text) {
        let Some((id, query)) = line.split_once('\t') else {
            return Err(line_error(
                path,
                line_no,
                "expected a query id, a tab and the query text",
            ));
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(line_error(path, line_no, "the query id is empty"));
        }
        if !seen.insert(id.to_string()) {
            return Err(line_error(
                path,
                line_no,
                format!("query id {id} appears twice"),
            ));
        }
        queries.push(JudgedQuery {
            id: id.to_string(),
            text: query.trim().to_string(),
        });
    }
    Ok(queries)
}

/// Reads relevance judgements: `qid<TAB>docid` per line (every listed
/// document is relevant), or the TREC format `qid 0 docid relevance` (a
/// document is relevant when its relevance is above 0).
pub fn read_qrels(path: &Path) -> Result<Qrels> {
    parse_qrels(&read_text(path)?, path)
}

/// [`read_qrels`] on text already read (`path` is only for messages).
pub fn parse_qrels(text: &str, path: &Path) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (line_no, line) in content_lines(text) {
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        let (query, doc, relevant) = match fields.as_slice() {
            [query, doc] => (*query, *doc, true),
            [query, _, doc, relevance] => {
                let relevance: i64 = relevance.parse().map_err(|_| {
                    line_error(
                        path,
                        line_no,
                        format!("relevance '{relevance}' is not a whole number"),
                    )
                })?;
                (*query, *doc, relevance > 0)
            }
            _ => {
                return Err(line_error(
                    path,
                    line_no,
                    "expected `qid<TAB>docid` or `qid 0 docid relevance`",
                ))
            }
        };
        if query.is_empty() || doc.is_empty() {
            return Err(line_error(path, line_no, "empty query or document id"));
        }
        let judged = qrels.entry(query.to_string()).or_default();
        if relevant {
            judged.insert(doc.to_string());
        }
    }
    Ok(qrels)
}

/// Reads a TREC run file (`qid Q0 docid rank score tag`), in file order.
pub fn read_run(path: &Path) -> Result<Vec<RunEntry>> {
    parse_run(&read_text(path)?, path)
}

/// [`read_run`] on text already read (`path` is only for messages).
pub fn parse_run(text: &str, path: &Path) -> Result<Vec<RunEntry>> {
    let mut entries = Vec::new();
    for (line_no, line) in content_lines(text) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [query, _q0, doc, rank, score, _tag] = fields.as_slice() else {
            return Err(line_error(
                path,
                line_no,
                format!(
                    "expected 6 fields `qid Q0 docid rank score tag`, found {}",
                    fields.len()
                ),
            ));
        };
        let rank: usize =
            rank.parse().ok().filter(|&r| r > 0).ok_or_else(|| {
                line_error(path, line_no, format!("rank '{rank}' is not 1, 2, 3…"))
            })?;
        let score: f32 = score
            .parse()
            .ok()
            .filter(|s: &f32| s.is_finite())
            .ok_or_else(|| line_error(path, line_no, format!("score '{score}' is not a number")))?;
        entries.push(RunEntry {
            query: query.to_string(),
            doc: doc.to_string(),
            rank,
            score,
        });
    }
    Ok(entries)
}

/// Formats run entries as a TREC run, one line each, tagged `tag`.
pub fn format_run(entries: &[RunEntry], tag: &str) -> String {
    let mut out = String::with_capacity(entries.len() * 48);
    for e in entries {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{} Q0 {} {} {} {tag}", e.query, e.doc, e.rank, e.score);
    }
    out
}

/// Writes a TREC run file, naming it on error.
pub fn write_run(path: &Path, entries: &[RunEntry], tag: &str) -> Result<()> {
    std::fs::write(path, format_run(entries, tag)).map_err(|cause| Error::EvalWrite {
        path: path.to_path_buf(),
        cause,
    })
}

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
    /// Index folder: reused when it holds an index of `corpus` (one of
    /// another corpus is refused), built into otherwise.
    /// `None`: a temporary folder, removed afterwards.
    pub index: Option<PathBuf>,
}

pub use super::IndexOrigin;

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

    let EvalIndex {
        index,
        origin,
        temporary,
    } = EvalIndex::open_or_build(&options.corpus, options.index.as_deref())?;

    let started = std::time::Instant::now();
    let rankings: Vec<Vec<(String, f32)>> = queries
        .par_iter()
        .map(|query| {
            let request = SearchRequest {
                query: query.text.clone(),
                mode: options.mode,
                syntax: Syntax::PlainText,
                limit: RUN_DEPTH,
                skip_snippets: true,
                ..SearchRequest::default()
            };
            let results = index.guarded(|| search(&index, &request))?;
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

    fn docs(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn reciprocal_rank() {
        let relevant = set(&["b"]);
        assert!(close(
            reciprocal_rank_at(&docs(&["b", "a"]), &relevant, 10),
            1.0
        ));
        assert!(close(
            reciprocal_rank_at(&docs(&["a", "c", "b"]), &relevant, 10),
            1.0 / 3.0
        ));
        // Beyond the cut-off, or absent, or no hit at all: 0.
        let late: Vec<String> = (0..10)
            .map(|i| format!("x{i}"))
            .chain(docs(&["b"]))
            .collect();
        assert!(close(reciprocal_rank_at(&late, &relevant, 10), 0.0));
        assert!(close(reciprocal_rank_at(&docs(&["a"]), &relevant, 10), 0.0));
        assert!(close(reciprocal_rank_at(&[], &relevant, 10), 0.0));
        // The first of several relevant documents counts.
        assert!(close(
            reciprocal_rank_at(&docs(&["a", "c", "b"]), &set(&["b", "c"]), 10),
            0.5
        ));
    }

    #[test]
    fn recall() {
        let ranked = docs(&["a", "b", "c", "d"]);
        assert!(close(recall_at(&ranked, &set(&["a"]), 1), 1.0));
        assert!(close(recall_at(&ranked, &set(&["b"]), 1), 0.0));
        assert!(close(
            recall_at(&ranked, &set(&["b", "d", "z"]), 10),
            2.0 / 3.0
        ));
        assert!(close(recall_at(&ranked, &set(&["b", "d"]), 2), 0.5));
        assert!(close(recall_at(&ranked, &set(&[]), 10), 0.0));
        // A document repeated by a faulty run is counted once.
        assert!(close(
            recall_at(&docs(&["a", "a"]), &set(&["a", "b"]), 10),
            0.5
        ));
    }

    #[test]
    fn ndcg() {
        let relevant = set(&["r"]);
        assert!(close(ndcg_at(&docs(&["r", "x"]), &relevant, 10), 1.0));
        // Rank 2: 1/log2(3); rank 3: 1/log2(4) = 0.5.
        assert!(close(
            ndcg_at(&docs(&["x", "r"]), &relevant, 10),
            1.0 / 3f64.log2()
        ));
        assert!(close(ndcg_at(&docs(&["x", "y", "r"]), &relevant, 10), 0.5));
        assert!(close(ndcg_at(&docs(&["x"]), &relevant, 10), 0.0));
        // Two relevant at ranks 1 and 3: (1 + 0.5) / (1 + 1/log2(3)).
        let two = set(&["r", "s"]);
        let expected = 1.5 / (1.0 + 1.0 / 3f64.log2());
        assert!(close(ndcg_at(&docs(&["r", "x", "s"]), &two, 10), expected));
        assert!(close(ndcg_at(&docs(&["r"]), &set(&[]), 10), 0.0));
    }

    #[test]
    fn means_over_queries() {
        let relevant = set(&["r"]);
        let per_query = [
            query_metrics(&docs(&["r"]), &relevant),
            query_metrics(&docs(&["x", "r"]), &relevant),
            query_metrics(&[], &relevant),
        ];
        let m = mean(&per_query);
        assert_eq!(m.queries, 3);
        assert!(close(m.mrr_at_10, 0.5));
        assert!(close(m.recall_at_1, 1.0 / 3.0));
        assert!(close(m.recall_at_10, 2.0 / 3.0));
        assert!(close(m.recall_at_100, 2.0 / 3.0));
        assert!(close(m.ndcg_at_10, (1.0 + 1.0 / 3f64.log2()) / 3.0));
        assert_eq!(mean(&[]), Metrics::default());
    }

    #[test]
    fn queries_are_read_with_line_numbers_in_errors() {
        let path = Path::new("queries.tsv");
        let queries =
            parse_queries("q1\tChi è?\r\n\n# comment\nq2\t  a (b) \"c\"\n", path).unwrap();
        assert_eq!(
            queries,
            [
                JudgedQuery {
                    id: "q1".into(),
                    text: "Chi è?".into()
                },
                JudgedQuery {
                    id: "q2".into(),
                    text: "a (b) \"c\"".into()
                },
            ]
        );
        let err = parse_queries("q1\tuno\nsenza tab\n", path)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("queries.tsv") && err.contains("line 2"),
            "{err}"
        );
        let err = parse_queries("q1\tuno\nq1\tdue\n", path)
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("twice"), "{err}");
    }

    #[test]
    fn qrels_in_both_formats() {
        let path = Path::new("qrels.tsv");
        let qrels = parse_qrels("q1\td1\nq1\td2\nq2 0 d3 1\nq3 0 d4 0\n", path).unwrap();
        assert_eq!(qrels["q1"], set(&["d1", "d2"]));
        assert_eq!(qrels["q2"], set(&["d3"]));
        // Judged, but nothing relevant.
        assert!(qrels["q3"].is_empty());
        let err = parse_qrels("q1\td1\nq2\n", path).unwrap_err().to_string();
        assert!(err.contains("qrels.tsv") && err.contains("line 2"), "{err}");
        let err = parse_qrels("q1 0 d1 high\n", path).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("high"), "{err}");
    }

    #[test]
    fn runs_round_trip_and_bad_lines_are_named() {
        let entries = vec![
            RunEntry {
                query: "q1".into(),
                doc: "d1".into(),
                rank: 1,
                score: 2.5,
            },
            RunEntry {
                query: "q1".into(),
                doc: "d2".into(),
                rank: 2,
                score: 1.25,
            },
        ];
        let text = format_run(&entries, "rassegna");
        assert_eq!(text, "q1 Q0 d1 1 2.5 rassegna\nq1 Q0 d2 2 1.25 rassegna\n");
        assert_eq!(parse_run(&text, Path::new("run")).unwrap(), entries);
        let err = parse_run("q1 Q0 d1 1 2.5\n", Path::new("run.txt"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("run.txt") && err.contains("line 1"), "{err}");
        let err = parse_run("q1 Q0 d1 0 2.5 x\n", Path::new("run"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("rank"), "{err}");
        let err = parse_run("q1 Q0 d1 1 NaN x\n", Path::new("run"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("score"), "{err}");
    }

    #[test]
    fn document_ids_drop_the_extension_only() {
        assert_eq!(document_id("dev00p000.txt"), "dev00p000");
        assert_eq!(document_id("2024/vertice.TXT"), "2024/vertice");
        assert_eq!(document_id("txt"), "txt");
        assert_eq!(document_id("è.txt"), "è");
        assert_eq!(document_id("àà"), "àà");
    }
}
