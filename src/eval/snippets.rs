//! Whether the snippets of the top hits show the words searched.
//!
//! # The measure
//!
//! Queries come one a line as `kind<TAB>query` (the form of
//! `dice-queries.tsv`; a first line `kind<TAB>query` is a header). Each runs
//! as `rassegna search` runs it (the query language, all words must match,
//! top [`TOP`] with snippets); a query of kind `person` is a name and runs
//! as a phrase, `"NAME"`. A snippet is **complete** when, for every word of
//! the query that is not a stop word, one of its highlights is that word or
//! a word of the same stem (case and accents folded): `rapina` is shown by
//! a highlighted `rapine`. Reported per kind and for all: snippets looked
//! at, complete ones, and their share.
//!
//! Nothing here changes how search or snippets work; it must not print
//! (the CLI does).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{line_error, read_text, EvalIndex, IndexOrigin};
use crate::analysis::{self, ItalianStemmer};
use crate::error::Result;
use crate::search::{search, SearchRequest, Snippet};

/// Hits per query whose snippets are looked at.
pub const TOP: usize = 10;

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct SnippetEvalOptions {
    /// Folder of articles (indexed unless `index` already holds an index).
    pub corpus: PathBuf,
    /// `kind<TAB>query` per line.
    pub queries: PathBuf,
    /// Index folder: reused when it holds an index, built into otherwise;
    /// `None`: a temporary folder, removed afterwards.
    pub index: Option<PathBuf>,
}

/// One query to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindQuery {
    pub kind: String,
    pub query: String,
}

/// The figures of one kind of query (or of all).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SnippetScore {
    pub queries: usize,
    /// Snippets looked at: the top hits of every query.
    pub snippets: usize,
    /// Snippets that highlight every non-stop word of their query.
    pub complete: usize,
    /// `complete / snippets`.
    pub share: f64,
}

impl SnippetScore {
    fn add(&mut self, other: &SnippetScore) {
        self.queries += other.queries;
        self.snippets += other.snippets;
        self.complete += other.complete;
        self.share = if self.snippets == 0 {
            0.0
        } else {
            self.complete as f64 / self.snippets as f64
        };
    }
}

/// A snippet that misses a word of its query.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub query: String,
    /// The article's id.
    pub article: String,
    /// The snippet, highlights in `[…]`.
    pub snippet: String,
}

/// The outcome of the evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct SnippetEvaluation {
    pub kinds: BTreeMap<String, SnippetScore>,
    pub all: SnippetScore,
    /// Up to 20 snippets that miss a word.
    pub examples: Vec<Miss>,
    #[serde(skip)]
    pub index: IndexOrigin,
}

/// Reads `kind<TAB>query` lines (a `kind<TAB>query` header is skipped).
pub fn read_kind_queries(path: &Path) -> Result<Vec<KindQuery>> {
    let text = read_text(path)?;
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, query)) = line.split_once('\t') else {
            return Err(line_error(
                path,
                i + 1,
                "expected a kind, a tab and the query",
            ));
        };
        if i == 0 && kind == "kind" && query == "query" {
            continue;
        }
        queries.push(KindQuery {
            kind: kind.trim().to_string(),
            query: query.trim().to_string(),
        });
    }
    Ok(queries)
}

/// The words of `query` that a complete snippet must show: every folded,
/// non-stop word of its text (operators and quotes are punctuation to the
/// analyzer), each with its stem.
fn required_words(query: &str, stemmer: &ItalianStemmer) -> Vec<(String, String)> {
    analysis::exact_words(query)
        .into_iter()
        .map(|word| {
            let stem = stemmer.stem(&word).unwrap_or_else(|| word.clone());
            (word, stem)
        })
        .collect()
}

/// Whether `snippet` highlights each of `words` (or a word of its stem).
fn is_complete(snippet: &Snippet, words: &[(String, String)], stemmer: &ItalianStemmer) -> bool {
    let chars: Vec<char> = snippet.text.chars().collect();
    let shown: Vec<(String, String)> = snippet
        .highlights
        .iter()
        .filter_map(|h| chars.get(h.start..h.end))
        .map(|span| {
            let folded = analysis::fold(&span.iter().collect::<String>());
            let folded = folded
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            let stem = stemmer.stem(&folded).unwrap_or_else(|| folded.clone());
            (folded, stem)
        })
        .collect();
    words.iter().all(|(word, stem)| {
        shown
            .iter()
            .any(|(shown_word, shown_stem)| shown_word == word || shown_stem == stem)
    })
}

/// Runs the evaluation described by `options`.
pub fn evaluate(options: &SnippetEvalOptions) -> Result<SnippetEvaluation> {
    let queries = read_kind_queries(&options.queries)?;
    let EvalIndex {
        index,
        origin,
        temporary,
    } = EvalIndex::open_or_build(&options.corpus, options.index.as_deref())?;
    let per_query: Vec<(String, SnippetScore, Vec<Miss>)> = queries
        .par_iter()
        .map(|query| {
            let text = if query.kind == "person" {
                format!("\"{}\"", query.query.replace('"', " "))
            } else {
                query.query.clone()
            };
            let stemmer = ItalianStemmer::new();
            let words = required_words(&text, &stemmer);
            let request = SearchRequest {
                query: text.clone(),
                limit: TOP,
                ..SearchRequest::default()
            };
            let found = index.guarded(|| search(&index, &request))?;
            let mut score = SnippetScore {
                queries: 1,
                ..SnippetScore::default()
            };
            let mut misses = Vec::new();
            for hit in &found.hits {
                score.snippets += 1;
                if is_complete(&hit.snippet, &words, &stemmer) {
                    score.complete += 1;
                } else if misses.len() < 2 {
                    misses.push(Miss {
                        query: text.clone(),
                        article: hit.article.id.clone(),
                        snippet: hit.snippet.marked("[", "]"),
                    });
                }
            }
            Ok((query.kind.clone(), score, misses))
        })
        .collect::<Result<_>>()?;
    drop(index);
    drop(temporary);

    let mut kinds: BTreeMap<String, SnippetScore> = BTreeMap::new();
    let mut all = SnippetScore::default();
    let mut examples = Vec::new();
    for (kind, score, misses) in per_query {
        kinds.entry(kind).or_default().add(&score);
        all.add(&score);
        examples.extend(misses.into_iter().take(20 - examples.len().min(20)));
    }
    examples.truncate(20);
    Ok(SnippetEvaluation {
        kinds,
        all,
        examples,
        index: origin,
    })
}

impl fmt::Display for SnippetEvaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "top-{TOP} snippets highlighting every non-stop word of their query"
        )?;
        writeln!(
            f,
            "{:<10} {:>7} {:>9} {:>9} {:>7}",
            "kind", "queries", "snippets", "complete", "share"
        )?;
        for (kind, score) in self.kinds.iter().chain([(&"all".to_string(), &self.all)]) {
            writeln!(
                f,
                "{kind:<10} {:>7} {:>9} {:>9} {:>6.1}%",
                score.queries,
                score.snippets,
                score.complete,
                score.share * 100.0
            )?;
        }
        if !self.examples.is_empty() {
            writeln!(f, "\nsnippets missing a word (query, article, snippet):")?;
            for miss in &self.examples {
                writeln!(
                    f,
                    "  {} · {}\n    {}",
                    miss.query, miss.article, miss.snippet
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Highlight;

    #[test]
    fn a_snippet_is_complete_when_every_word_or_its_stem_is_highlighted() {
        let stemmer = ItalianStemmer::new();
        let words = required_words("rapina della Carpi", &stemmer);
        assert_eq!(words.len(), 2, "{words:?}");
        let text = "Due rapine a CARPI.";
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            Highlight {
                start: text[..start].chars().count(),
                end: text[..start].chars().count() + word.chars().count(),
            }
        };
        let both = Snippet {
            text: text.into(),
            highlights: vec![at("rapine"), at("CARPI")],
        };
        assert!(is_complete(&both, &words, &stemmer));
        let one = Snippet {
            text: text.into(),
            highlights: vec![at("CARPI")],
        };
        assert!(!is_complete(&one, &words, &stemmer));
    }

    #[test]
    fn kind_query_files_skip_their_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.tsv");
        std::fs::write(
            &path,
            "kind\tquery\nand2\trapina carpi\n\nperson\tAnna Rossi\n",
        )
        .unwrap();
        let queries = read_kind_queries(&path).unwrap();
        assert_eq!(
            queries,
            [
                KindQuery {
                    kind: "and2".into(),
                    query: "rapina carpi".into()
                },
                KindQuery {
                    kind: "person".into(),
                    query: "Anna Rossi".into()
                }
            ]
        );
        std::fs::write(&path, "and2 rapina\n").unwrap();
        let err = read_kind_queries(&path).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
