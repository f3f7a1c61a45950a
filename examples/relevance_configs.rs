//! Which step of Italian analysis and ranking earns what: the experiment
//! behind the table of `docs/EVALUATION.md`.
//!
//! The product has one analyzer and one ranking, with no switches. To
//! measure the alternatives, this program assembles variants of the chain
//! from the building blocks of `rassegna::analysis` (plain tokenizer,
//! lower-case, the Italian tokenizer with elision, stop words, Snowball
//! stemming, accent folding), indexes a judged corpus in memory with each,
//! runs every query with OR semantics (top 100, BM25), and scores the
//! rankings with `rassegna::eval`. The query side (dropping question words,
//! proximity bonus) uses the same functions as the product. The last row is
//! the product itself, through `rassegna::eval::search::evaluate`.
//!
//! Run (about a minute in release):
//!
//! ```sh
//! cargo run --release --example relevance_configs -- ../shared/data/squad-it-dev
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rassegna::analysis::{self, FoldFilter, ItalianStemmer, ItalianTokenizer, STOP_WORDS};
use rassegna::eval::search::{evaluate, SearchEvalOptions};
use rassegna::eval::search::{mean, query_metrics, read_qrels, read_queries, Metrics};
use rassegna::search::query::{analyzed_terms, proximity_clauses};
use rassegna::search::Mode;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer};
use tantivy::{doc, Index, TantivyDocument, Term};

/// One configuration: how text is analysed, and how a question becomes a query.
struct Config {
    name: &'static str,
    analyzer: fn() -> TextAnalyzer,
    drop_question_words: bool,
    /// (slop, boost) of the proximity bonus clauses.
    proximity: Option<(u32, f32)>,
    /// Also index an unstemmed (folded) form and match it, with this weight.
    exact_form: Option<f32>,
}

fn simple() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default()).build()
}

fn lower() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

fn elision() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Stop words as spelled (accents kept), since nothing folds yet.
fn unfolded_stop_words() -> StopWordFilter {
    StopWordFilter::remove(STOP_WORDS.iter().map(|w| w.to_string()))
}

fn stop_words() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(LowerCaser)
        .filter(unfolded_stop_words())
        .build()
}

fn stemming() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(LowerCaser)
        .filter(unfolded_stop_words())
        .filter(ItalianStemmer::new())
        .build()
}

/// Folding before stop words and stemming: the product's analyzer.
fn folding() -> TextAnalyzer {
    analysis::italian_analyzer()
}

fn stem_fold() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            STOP_WORDS
                .iter()
                .map(|w| w.to_string())
                .chain(STOP_WORDS.iter().map(|w| analysis::fold(w))),
        ))
        .filter(ItalianStemmer::new())
        .filter(FoldFilter)
        .build()
}

/// The unstemmed form for the exact-form field: folded, no stop words.
fn exact() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(FoldFilter)
        .filter(analysis::stop_word_filter())
        .build()
}

const CONFIGS: &[Config] = &[
    Config {
        name: "plain tokenizer (tantivy `simple`)",
        analyzer: simple,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ lower-case",
        analyzer: lower,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ elision and apostrophe accents (Italian tokenizer)",
        analyzer: elision,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ stop words",
        analyzer: stop_words,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ Snowball stemming",
        analyzer: stemming,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ accent folding before stop words and stemming",
        analyzer: folding,
        drop_question_words: false,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ question words dropped (query side)",
        analyzer: folding,
        drop_question_words: true,
        proximity: None,
        exact_form: None,
    },
    Config {
        name: "+ proximity bonus, slop 3, boost 0.1",
        analyzer: folding,
        drop_question_words: true,
        proximity: Some((3, 0.1)),
        exact_form: None,
    },
    Config {
        name: "+ exact (unstemmed) form field, weight 0.5",
        analyzer: folding,
        drop_question_words: true,
        proximity: Some((3, 0.1)),
        exact_form: Some(0.5),
    },
];

struct Corpus {
    docs: Vec<(String, String)>,
}

fn read_corpus(dir: &Path) -> Result<Corpus> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            docs.push((id, text));
        }
    }
    docs.sort();
    Ok(Corpus { docs })
}

fn text_field(builder: &mut tantivy::schema::SchemaBuilder, name: &str) -> Field {
    builder.add_text_field(
        name,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    )
}

fn measure(config: &Config, corpus: &Corpus, set: &Path) -> Result<Metrics> {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let body = text_field(&mut builder, "body");
    let exact_field = text_field(&mut builder, "exact");
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("body", (config.analyzer)());
    index.tokenizers().register("exact", exact());
    let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
    for (doc_id, text) in &corpus.docs {
        let mut document = doc!(id => doc_id.as_str(), body => text.as_str());
        if config.exact_form.is_some() {
            document.add_text(exact_field, text);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();

    let queries = read_queries(&set.join("queries.tsv"))?;
    let qrels = read_qrels(&set.join("qrels.tsv"))?;
    let mut analyzer = (config.analyzer)();
    let mut exact_analyzer = exact();
    let mut per_query = Vec::new();
    for query in &queries {
        let Some(relevant) = qrels.get(&query.id) else {
            continue;
        };
        let words: Vec<&str> = query.text.split_whitespace().collect();
        let content: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !config.drop_question_words || !(analysis::is_question_word(w) || extra(w)))
            .collect();
        let kept = if content.is_empty() { words } else { content };
        let mut sequence: Vec<Term> = Vec::new();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &kept {
            for (_, term) in analyzed_terms(&mut analyzer, body, word) {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                ));
                sequence.push(term);
            }
            if let Some(weight) = config.exact_form {
                for (_, term) in analyzed_terms(&mut exact_analyzer, exact_field, word) {
                    let exact = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(exact), weight)),
                    ));
                }
            }
        }
        let ranked: Vec<String> = if clauses.is_empty() {
            Vec::new()
        } else {
            let words_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
            let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words_query)];
            if let Some((slop, boost)) = config.proximity {
                all.extend(
                    proximity_clauses(&sequence, slop, boost)
                        .into_iter()
                        .map(|q| (Occur::Should, q)),
                );
            }
            let top = searcher.search(
                &BooleanQuery::new(all),
                &TopDocs::with_limit(100).order_by_score(),
            )?;
            let mut ranked = Vec::with_capacity(top.len());
            for (_, address) in top {
                let stored: TantivyDocument = searcher.doc(address)?;
                let doc_id = stored
                    .get_first(id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                ranked.push(doc_id.to_string());
            }
            ranked
        };
        per_query.push(query_metrics(&ranked, relevant));
    }
    Ok(mean(&per_query))
}

fn row(name: &str, m: &Metrics) {
    println!(
        "| {name} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} |",
        m.mrr_at_10, m.recall_at_1, m.recall_at_10, m.recall_at_100, m.ndcg_at_10
    );
}

fn main() -> Result<()> {
    let set = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/squad-it-dev"));
    let corpus = read_corpus(&set.join("corpus"))?;
    let only: BTreeSet<String> = std::env::args().skip(2).collect();
    println!("| configuration (OR queries, top 100) | MRR@10 | Recall@1 | Recall@10 | Recall@100 | nDCG@10 |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (i, config) in CONFIGS.iter().enumerate() {
        if !only.is_empty() && !only.contains(&i.to_string()) {
            continue;
        }
        row(config.name, &measure(config, &corpus, &set)?);
    }
    if let Ok(spec) = std::env::var("CUSTOM") {
        let v: Vec<f32> = spec.split(',').map(|x| x.parse().unwrap()).collect();
        let c = Config {
            name: "custom",
            analyzer: if std::env::var("STEMFOLD").is_ok() {
                stem_fold
            } else {
                folding
            },
            drop_question_words: true,
            proximity: if v[1] > 0.0 {
                Some((v[0] as u32, v[1]))
            } else {
                None
            },
            exact_form: if v[2] > 0.0 { Some(v[2]) } else { None },
        };
        row(&spec, &measure(&c, &corpus, &set)?);
    }
    if only.is_empty() || only.contains("product") {
        let evaluation = evaluate(&SearchEvalOptions {
            corpus: set.join("corpus"),
            queries: set.join("queries.tsv"),
            qrels: set.join("qrels.tsv"),
            mode: Mode::Any,
            index: None,
        })?;
        row(
            "**rassegna (default analyzer and ranking, `rassegna eval search --any`)**",
            &evaluation.metrics,
        );
    }
    Ok(())
}

fn extra(w: &str) -> bool {
    let Ok(list) = std::env::var("EXTRA") else {
        return false;
    };
    let f = analysis::fold(w.trim_matches(|c: char| !c.is_alphanumeric()));
    list.split(',').any(|x| x == f)
}
