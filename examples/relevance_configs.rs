//! Which step of Italian analysis and ranking earns what: the experiment
//! behind the table of `docs/EVALUATION.md`, "Search relevance".
//!
//! The product has one analyzer chain and one ranking, with no switches. To
//! measure the alternatives, this program assembles variants from the
//! building blocks of `rassegna::analysis` (plain tokenizer, lower-case, the
//! Italian tokenizer with elision, stop words, Snowball stemming, accent
//! folding, the looser exact/prefix/gram forms), indexes a judged corpus in
//! memory with each, runs every query with OR semantics (top 100), and
//! scores the rankings with `rassegna::eval::search`. Each row adds one step
//! to the row above; the rows after the product's configuration change one
//! thing in it. The last row is the product itself, through
//! `rassegna::eval::search::evaluate` (what `rassegna eval search --any`
//! prints).
//!
//! Run (a few minutes in release):
//!
//! ```sh
//! cargo run --release --example relevance_configs -- ../shared/data/squad-it-dev
//! ```
//!
//! Extra arguments after the folder select rows by number (`0 5 product`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rassegna::analysis::{
    self, FoldFilter, GramFilter, ItalianStemmer, ItalianTokenizer, PrefixFilter, STOP_WORDS,
};
use rassegna::eval::search::{
    evaluate, mean, query_metrics, read_qrels, read_queries, JudgedQuery, Metrics, Qrels,
    SearchEvalOptions,
};
use rassegna::search::bm25::{Bm25Params, TunedTermQuery, QUESTION_BM25};
use rassegna::search::query::{analyzed_terms, proximity_clauses, QUESTION_FORMS};
use rassegna::search::Mode;
use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer};
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// A looser form of the words, indexed in a field of its own.
#[derive(Clone, Copy)]
enum Loose {
    /// Folded, unstemmed.
    Exact,
    /// The first N letters.
    Prefix(usize),
    /// Letter N-grams.
    Grams(usize),
}

impl Loose {
    fn analyzer(self) -> TextAnalyzer {
        let base = TextAnalyzer::builder(ItalianTokenizer::default())
            .filter(FoldFilter)
            .filter(analysis::stop_word_filter());
        match self {
            Loose::Exact => base.build(),
            Loose::Prefix(len) => base.filter(PrefixFilter { len }).build(),
            Loose::Grams(len) => base.filter(GramFilter { len }).build(),
        }
    }
}

/// One configuration: how text is analysed, and how a question becomes a query.
#[derive(Clone)]
struct Config {
    name: String,
    analyzer: fn() -> TextAnalyzer,
    drop_question_words: bool,
    /// (slop, boost) of the proximity bonus clauses.
    proximity: Option<(u32, f32)>,
    /// Looser forms and their weights; they add to the score of articles
    /// that match a stem, unless `loose_match`.
    loose: Vec<(Loose, f32)>,
    /// The looser forms also decide which articles match.
    loose_match: bool,
    stem_weight: f32,
    /// `None`: tantivy's own BM25 (k1 = 1.2, b = 0.75).
    bm25: Option<Bm25Params>,
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

/// Folding before stop words and stemming: the product's chain before
/// proper nouns were kept unstemmed (every word stemmed).
fn folding() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(FoldFilter)
        .filter(analysis::stop_word_filter())
        .filter(ItalianStemmer::new())
        .build()
}

/// The alternative order: stem the accented word, fold the stem.
fn stem_then_fold() -> TextAnalyzer {
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

fn configs() -> Vec<Config> {
    let base = Config {
        name: "plain tokenizer (tantivy `simple`)".into(),
        analyzer: simple,
        drop_question_words: false,
        proximity: None,
        loose: Vec::new(),
        loose_match: false,
        stem_weight: 1.0,
        bm25: None,
    };
    let mut rows = vec![base.clone()];
    let mut step = |name: &str, change: &dyn Fn(&mut Config)| {
        let mut next = rows.last().cloned().unwrap_or_else(|| base.clone());
        next.name = name.into();
        change(&mut next);
        rows.push(next);
    };
    step("+ lower-case", &|c| c.analyzer = lower);
    step(
        "+ elision and apostrophe accents (Italian tokenizer)",
        &|c| c.analyzer = elision,
    );
    step("+ stop words", &|c| c.analyzer = stop_words);
    step("+ Snowball stemming", &|c| c.analyzer = stemming);
    step("+ accent folding before stop words and stemming", &|c| {
        c.analyzer = folding
    });
    step("+ question words dropped (query side)", &|c| {
        c.drop_question_words = true
    });
    step("+ proximity bonus, slop 3, boost 0.1", &|c| {
        c.proximity = Some((3, 0.1))
    });
    step("+ exact (unstemmed) form field, weight 0.7", &|c| {
        c.loose.push((Loose::Exact, QUESTION_FORMS.exact))
    });
    step("+ 5-letter prefix field, weight 1", &|c| {
        c.loose.push((Loose::Prefix(5), QUESTION_FORMS.prefix))
    });
    step("+ letter 4-gram field, weight 1", &|c| {
        c.loose.push((Loose::Grams(4), QUESTION_FORMS.grams))
    });
    step("+ BM25 k1 = 0.7, b = 0.9", &|c| {
        c.bm25 = Some(QUESTION_BM25)
    });
    step("+ stem weight 1.2 (the product's configuration)", &|c| {
        c.stem_weight = QUESTION_FORMS.stem
    });
    let product = rows.last().cloned().unwrap_or(base);
    let variant = |name: &str, change: &dyn Fn(&mut Config)| {
        let mut next = product.clone();
        next.name = format!("*variant:* {name}");
        change(&mut next);
        next
    };
    rows.push(variant("stemming before folding", &|c| {
        c.analyzer = stem_then_fold
    }));
    rows.push(variant("prefix of 4 letters", &|c| {
        c.loose[1].0 = Loose::Prefix(4)
    }));
    rows.push(variant("prefix of 6 letters", &|c| {
        c.loose[1].0 = Loose::Prefix(6)
    }));
    rows.push(variant("letter 3-grams", &|c| {
        c.loose[2].0 = Loose::Grams(3)
    }));
    rows.push(variant("letter 5-grams", &|c| {
        c.loose[2].0 = Loose::Grams(5)
    }));
    rows.push(variant("no exact form field", &|c| {
        c.loose.remove(0);
    }));
    rows.push(variant("no gram field", &|c| {
        c.loose.remove(2);
    }));
    rows.push(variant("looser forms also decide the match", &|c| {
        c.loose_match = true
    }));
    rows.push(variant("BM25 k1 = 1.2, b = 0.75 (tantivy's)", &|c| {
        c.bm25 = None
    }));
    rows
}

fn read_corpus(dir: &Path) -> Result<Vec<(String, String)>> {
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
    Ok(docs)
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

/// A term's query under `config`'s BM25, times `weight`.
fn term_query(config: &Config, term: Term, weight: f32) -> Box<dyn Query> {
    match config.bm25 {
        Some(params) => Box::new(TunedTermQuery::new(term, params, weight)),
        None => {
            let query = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            if weight == 1.0 {
                query
            } else {
                Box::new(BoostQuery::new(query, weight))
            }
        }
    }
}

struct Fields {
    id: Field,
    body: Field,
    loose: Vec<Field>,
}

/// The ranked document ids of one question.
fn rank(
    config: &Config,
    searcher: &Searcher,
    fields: &Fields,
    analyzers: &mut [TextAnalyzer],
    query: &JudgedQuery,
) -> Result<Vec<String>> {
    let words: Vec<&str> = query.text.split_whitespace().collect();
    let content: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !config.drop_question_words || !analysis::is_question_word(w))
        .collect();
    let kept = if content.is_empty() { words } else { content };
    let mut sequence: Vec<Term> = Vec::new();
    let mut matching: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut bonuses: Vec<Box<dyn Query>> = Vec::new();
    let (body_analyzer, loose_analyzers) = analyzers.split_at_mut(1);
    for word in &kept {
        for (_, term) in analyzed_terms(&mut body_analyzer[0], fields.body, word) {
            matching.push((
                Occur::Should,
                term_query(config, term.clone(), config.stem_weight),
            ));
            sequence.push(term);
        }
        for (i, (_, weight)) in config.loose.iter().enumerate() {
            for (_, term) in analyzed_terms(&mut loose_analyzers[i], fields.loose[i], word) {
                let query = term_query(config, term, *weight);
                if config.loose_match {
                    matching.push((Occur::Should, query));
                } else {
                    bonuses.push(query);
                }
            }
        }
    }
    if matching.is_empty() {
        return Ok(Vec::new());
    }
    if let Some((slop, boost)) = config.proximity {
        bonuses.extend(proximity_clauses(&sequence, slop, boost));
    }
    let mut all: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(matching)))];
    all.extend(bonuses.into_iter().map(|q| (Occur::Should, q)));
    let top = searcher.search(
        &BooleanQuery::new(all),
        &TopDocs::with_limit(100).order_by_score(),
    )?;
    let mut ranked = Vec::with_capacity(top.len());
    for (_, address) in top {
        let stored: TantivyDocument = searcher.doc(address)?;
        let doc_id = stored
            .get_first(fields.id)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        ranked.push(doc_id.to_string());
    }
    Ok(ranked)
}

fn measure(
    config: &Config,
    corpus: &[(String, String)],
    queries: &[JudgedQuery],
    qrels: &Qrels,
) -> Result<Metrics> {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let body = text_field(&mut builder, "body");
    let loose: Vec<Field> = (0..config.loose.len())
        .map(|i| text_field(&mut builder, &format!("loose{i}")))
        .collect();
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("body", (config.analyzer)());
    for (i, (form, _)) in config.loose.iter().enumerate() {
        index
            .tokenizers()
            .register(&format!("loose{i}"), form.analyzer());
    }
    let mut writer = index.writer_with_num_threads(1, 100_000_000)?;
    for (doc_id, text) in corpus {
        let mut document = TantivyDocument::new();
        document.add_text(id, doc_id);
        for field in std::iter::once(body).chain(loose.iter().copied()) {
            document.add_text(field, text);
        }
        writer.add_document(document)?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let fields = Fields { id, body, loose };
    let analyzers = || -> Vec<TextAnalyzer> {
        std::iter::once((config.analyzer)())
            .chain(config.loose.iter().map(|(form, _)| form.analyzer()))
            .collect()
    };
    let per_query: Vec<Metrics> = queries
        .par_iter()
        .filter_map(|query| qrels.get(&query.id).map(|relevant| (query, relevant)))
        .map_init(analyzers, |analyzers, (query, relevant)| {
            let ranked = rank(config, &searcher, &fields, analyzers, query)?;
            Ok(query_metrics(&ranked, relevant))
        })
        .collect::<Result<_>>()?;
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
    let queries = read_queries(&set.join("queries.tsv"))?;
    let qrels = read_qrels(&set.join("qrels.tsv"))?;
    let only: BTreeSet<String> = std::env::args().skip(2).collect();
    println!("| # | configuration (OR queries, top 100) | MRR@10 | Recall@1 | Recall@10 | Recall@100 | nDCG@10 |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (i, config) in configs().iter().enumerate() {
        if !only.is_empty() && !only.contains(&i.to_string()) {
            continue;
        }
        let metrics = measure(config, &corpus, &queries, &qrels)?;
        row(&format!("{i} | {}", config.name), &metrics);
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
            "| **rassegna as shipped (`rassegna eval search --any`)**",
            &evaluation.metrics,
        );
    }
    Ok(())
}
