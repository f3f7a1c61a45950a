//! Training the tagger: articles with gold entities in, model file bytes out. It owns the
//! averaged structured perceptron, the jack-knifing that lets the weights learn how far word
//! lists and first-stage labels made on *other* text can be trusted, and the word lists taken
//! from the gold. It runs only in `examples/train_persons.rs` and the tests, never in the
//! product; it must not change what the extractor does at run time (the model file is the
//! whole interface).

mod word_stats;

pub use word_stats::word_stats;

use std::borrow::Cow;
use std::ops::Range;

use super::bio::{self, Bio};
use super::extractor::{PersonExtractor, Tokenized};
use super::tagger::file::{ModelFile, StageFile, WordEntry};
use super::tagger::words::{
    WordCache, WordTable, G_FIRST, G_LAST, G_LOC, G_LOC_MANY, G_ORG, G_ORG_MANY, G_PER, G_PER_MANY,
};
use super::tagger::{
    features, segments, ArticleContext, FeatureSet, Transitions, WordFigures, LABELS, O,
};
use super::text::{nfc, offset_in};
use super::tokens::{Kind, Shape, Token};

/// What a gold entity of a training article is, for the tagger's word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Other,
}

/// An entity of a training article: a byte range of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEntity {
    pub paragraph: usize,
    pub range: Range<usize>,
    pub kind: EntityKind,
}

/// An article with gold entities, to train the tagger on.
#[derive(Debug, Clone, Default)]
pub struct LabelledArticle {
    pub paragraphs: Vec<String>,
    pub entities: Vec<GoldEntity>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainingOptions {
    /// Passes over the training articles.
    pub epochs: usize,
    /// Perceptrons averaged, each seeing the articles in another order.
    pub runs: usize,
    /// Feature groups beyond the base set.
    pub features: FeatureSet,
    /// log2 of the number of feature buckets.
    pub bits: u32,
    /// Added to the second stage's `O` scores at run time (negative: more names).
    pub o_bias: f32,
    /// What unlabelled text says of words ([`WordStats`]); needed by [`FeatureSet::STATS`].
    pub word_stats: Option<WordStats>,
}

impl Default for TrainingOptions {
    /// The options of the shipped model, chosen by 5-fold cross-validation on the training
    /// splits (docs/EVALUATION.md); the word statistics must be given.
    fn default() -> Self {
        TrainingOptions {
            epochs: 16,
            runs: 4,
            features: FeatureSet(
                FeatureSet::PLACE
                    | FeatureSet::WIDE
                    | FeatureSet::STATS
                    | FeatureSet::SHARE
                    | FeatureSet::UPPER,
            ),
            bits: 18,
            o_bias: -10.0,
            word_stats: None,
        }
    }
}

/// What unlabelled text says of words, word by word (lower case, sorted).
#[derive(Debug, Clone, Default)]
pub struct WordStats {
    pub words: Vec<(String, WordFigures)>,
}

/// Folds of the jack-knife.
const FOLDS: usize = 5;

/// Trains the tagger on labelled articles and returns the model file's bytes (to be written
/// to `models/persons.model`). Deterministic: the same articles give the same bytes.
pub fn train_tagger(articles: &[LabelledArticle], options: &TrainingOptions) -> Vec<u8> {
    let rules = PersonExtractor::rules_only();
    let texts: Vec<Vec<(usize, Cow<str>)>> = articles
        .iter()
        .map(|a| {
            a.paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| (i, nfc(p)))
                .collect()
        })
        .collect();
    let mut prepared = Vec::with_capacity(articles.len());
    for (article, texts) in articles.iter().zip(&texts) {
        let tokenized = rules.tokenize(texts);
        let rule_labels = rules.rule_labels(&tokenized.tokens);
        let (gold, words) = gold_of(&tokenized, article, options.features);
        prepared.push(TrainingArticle {
            tokens: tokenized.tokens,
            rule_labels,
            gold,
            words,
        });
    }
    train(&prepared, options)
}

/// Gold labels of an article's tokens (only eligible tokens may be in a name, as at run time)
/// and the word lists of its entities.
fn gold_of(
    article: &Tokenized,
    labelled: &LabelledArticle,
    set: FeatureSet,
) -> (Vec<u8>, WordLists) {
    let tokens = &article.tokens;
    let mut gold = vec![Bio::O; tokens.len()];
    let mut words = WordLists::default();
    for entity in &labelled.entities {
        let inside = tokens_in(article, entity);
        let named: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|&i| tokens[i].shape == Shape::Capitalised)
            .collect();
        match entity.kind {
            EntityKind::Person => {
                for (k, &i) in inside.iter().enumerate() {
                    gold[i] = if k == 0 { Bio::B } else { Bio::I };
                }
                for &i in &named {
                    words.add(tokens[i].text, G_PER);
                }
                if let (Some(&first), true) = (named.first(), named.len() > 1) {
                    words.add(tokens[first].text, G_FIRST);
                }
                if let Some(&last) = named.last() {
                    words.add(tokens[last].text, G_LAST);
                }
            }
            EntityKind::Place => named.iter().for_each(|&i| words.add(tokens[i].text, G_LOC)),
            EntityKind::Organisation => {
                named.iter().for_each(|&i| words.add(tokens[i].text, G_ORG))
            }
            EntityKind::Other => {}
        }
    }
    // The tagger only labels eligible tokens: the gold it learns from is the same.
    let eligible: Vec<bool> = (0..tokens.len())
        .map(|i| super::tagger::features::eligible(tokens, i, set))
        .collect();
    for (label, ok) in gold.iter_mut().zip(eligible) {
        if !ok {
            *label = Bio::O;
        }
    }
    let gold = bio::normalised(&gold)
        .into_iter()
        .map(|l| l as u8)
        .collect();
    (gold, words)
}

/// Tokens of an article overlapping a gold entity.
fn tokens_in(article: &Tokenized, entity: &GoldEntity) -> Vec<usize> {
    let Some(k) = article
        .paragraphs
        .iter()
        .position(|&(i, _, _)| i == entity.paragraph)
    else {
        return Vec::new();
    };
    let (_, first, text) = article.paragraphs[k];
    let end = article
        .paragraphs
        .get(k + 1)
        .map_or(article.tokens.len(), |&(_, f, _)| f);
    (first..end)
        .filter(|&i| {
            let t = &article.tokens[i];
            let from = offset_in(text, t);
            t.kind != Kind::Break
                && from < entity.range.end
                && from + t.text.len() > entity.range.start
        })
        .collect()
}

/// The words the training gold gives to the gazetteer, kept as text in the model file.
#[derive(Debug, Clone, Default)]
struct WordLists {
    words: Vec<(String, u8)>,
}

impl WordLists {
    fn add(&mut self, word: &str, flag: u8) {
        self.words.push((word.to_lowercase(), flag));
    }

    /// The table of these words on top of `base` (what unlabelled text says).
    fn table(&self, base: &WordTable) -> WordTable {
        let mut table = base.clone();
        for (w, f) in &self.words {
            table.add_flags(w, *f);
        }
        table
    }

    /// One entry per word, sorted, its flags joined; a word seen twice or more as a person,
    /// a place or an organisation also gets the `MANY` flag of that kind (a word seen once as
    /// a place, `Ada` of a Wikinews street name, must not weigh like `Roma`).
    fn merged(mut self) -> Self {
        self.words.sort();
        let mut out: Vec<(String, u8)> = Vec::new();
        let mut counts = [0u32; 3];
        let kinds = [
            (G_PER, G_PER_MANY),
            (G_LOC, G_LOC_MANY),
            (G_ORG, G_ORG_MANY),
        ];
        for (w, f) in self.words {
            match out.last_mut() {
                Some((lw, lf)) if *lw == w => *lf |= f,
                _ => {
                    counts = [0; 3];
                    out.push((w, f));
                }
            }
            if let Some((_, lf)) = out.last_mut() {
                for (count, (kind, many)) in counts.iter_mut().zip(kinds) {
                    if f & kind != 0 {
                        *count += 1;
                        if *count >= 2 {
                            *lf |= many;
                        }
                    }
                }
            }
        }
        WordLists { words: out }
    }
}

/// One article of the training split, prepared: tokens' rule labels, gold labels and the word
/// lists of its gold entities.
struct TrainingArticle<'a> {
    tokens: Vec<Token<'a>>,
    rule_labels: Vec<u8>,
    gold: Vec<u8>,
    /// Word lists from this article's gold entities (added to the other folds' gazetteers).
    words: WordLists,
}

/// Trains a model with the averaged perceptron; deterministic for a given input.
fn train(articles: &[TrainingArticle], options: &TrainingOptions) -> Vec<u8> {
    let set = options.features;
    let bits = options.bits;
    let mut base = WordTable::default();
    if let Some(stats) = &options.word_stats {
        for (word, figures) in &stats.words {
            base.set_figures(word, *figures);
        }
    }
    // Jack-knife: each article sees word lists built from the other folds only, so that the
    // weights learn how far a list learnt on *other* text can be trusted.
    let fold_tables: Vec<WordTable> = (0..FOLDS)
        .map(|f| {
            let mut lists = WordLists::default();
            for (a, art) in articles.iter().enumerate() {
                if a % FOLDS != f {
                    lists.words.extend(art.words.words.iter().cloned());
                }
            }
            lists.merged().table(&base)
        })
        .collect();
    let contexts: Vec<ArticleContext> = articles
        .iter()
        .enumerate()
        .map(|(a, art)| {
            let mut words = WordCache::new(&fold_tables[a % FOLDS], &art.tokens);
            ArticleContext::new(&art.tokens, &art.rule_labels, &mut words, set)
        })
        .collect();
    let first_segs = training_segments(articles, &contexts, &fold_tables, options);
    let first = perceptron(articles, &first_segs, options, |_| true);
    // The second stage learns from first-stage labels of text the first stage was not trained
    // on (jack-knifed again), as it will see at run time.
    let mut first_labels: Vec<Vec<u8>> = articles.iter().map(|a| vec![O; a.tokens.len()]).collect();
    for f in 0..FOLDS {
        let held_out = perceptron(articles, &first_segs, options, |a| a % FOLDS != f);
        for (a, art) in articles.iter().enumerate().filter(|(a, _)| a % FOLDS == f) {
            let mut words = WordCache::new(&fold_tables[a % FOLDS], &art.tokens);
            first_labels[a] = held_out.tag(&art.tokens, &contexts[a], &mut words, bits);
        }
    }
    let contexts: Vec<ArticleContext> = contexts
        .into_iter()
        .zip(first_labels)
        .zip(articles)
        .enumerate()
        .map(|(a, ((ctx, labels), art))| {
            let mut words = WordCache::new(&fold_tables[a % FOLDS], &art.tokens);
            ctx.with_first_stage(&art.tokens, labels, &mut words)
        })
        .collect();
    let second_segs = training_segments(articles, &contexts, &fold_tables, options);
    let second = perceptron(articles, &second_segs, options, |_| true);

    let mut all = WordLists::default();
    for art in articles {
        all.words.extend(art.words.words.iter().cloned());
    }
    let all = all.merged();
    let mut words: Vec<WordEntry> = Vec::new();
    let stats = options
        .word_stats
        .as_ref()
        .map_or(&[][..], |s| &s.words[..]);
    let mut stats_sorted: Vec<&(String, WordFigures)> = stats.iter().collect();
    stats_sorted.sort();
    // One entry per word: the gold's flags and the unlabelled text's figures, merged.
    let (mut a, mut b) = (0, 0);
    while a < all.words.len() || b < stats_sorted.len() {
        let gold = all.words.get(a);
        let stat = stats_sorted.get(b);
        match (gold, stat) {
            (Some((gw, gf)), Some((sw, figures))) if gw == sw => {
                words.push(WordEntry {
                    word: gw.clone(),
                    gazetteer: *gf,
                    figures: *figures,
                });
                a += 1;
                b += 1;
            }
            (Some((gw, gf)), s) if s.is_none_or(|(sw, _)| gw < sw) => {
                words.push(WordEntry {
                    word: gw.clone(),
                    gazetteer: *gf,
                    figures: WordFigures::default(),
                });
                a += 1;
            }
            (_, Some((sw, figures))) => {
                words.push(WordEntry {
                    word: sw.clone(),
                    gazetteer: 0,
                    figures: *figures,
                });
                b += 1;
            }
            (_, None) => break,
        }
    }
    ModelFile {
        bits,
        features: set,
        o_bias: options.o_bias,
        words,
        stages: vec![first.quantised(), second.quantised()],
    }
    .to_bytes()
}

/// The eligible segments of the training articles with their features, computed once.
struct Segment {
    article: usize,
    start: usize,
    feats: Vec<Vec<u32>>,
}

fn training_segments(
    articles: &[TrainingArticle],
    contexts: &[ArticleContext],
    tables: &[WordTable],
    options: &TrainingOptions,
) -> Vec<Segment> {
    let mut segs = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        let mut words = WordCache::new(&tables[a % tables.len()], &art.tokens);
        for (start, end) in segments(&art.tokens, options.features) {
            let feats = (start..end)
                .map(|i| {
                    let mut f = Vec::new();
                    features(
                        &art.tokens,
                        i,
                        &contexts[a],
                        &mut words,
                        options.bits,
                        &mut f,
                    );
                    f
                })
                .collect();
            segs.push(Segment {
                article: a,
                start,
                feats,
            });
        }
    }
    segs
}

/// The weights of one stage, as training makes them.
#[derive(Clone)]
struct Stage {
    weights: Vec<f32>,
    transitions: Transitions,
}

impl Stage {
    /// Labels every token (`O` for tokens that are not eligible), with the weights as they
    /// are during training.
    fn tag(
        &self,
        tokens: &[Token],
        ctx: &ArticleContext,
        words: &mut WordCache,
        bits: u32,
    ) -> Vec<u8> {
        let mut labels = vec![O; tokens.len()];
        let mut feats: Vec<u32> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut decoded: Vec<u8> = Vec::new();
        for (start, end) in segments(tokens, ctx.set) {
            feats.clear();
            ends.clear();
            for i in start..end {
                features(tokens, i, ctx, words, bits, &mut feats);
                ends.push(feats.len());
            }
            let slices: Vec<&[u32]> = (0..ends.len())
                .map(|k| &feats[if k == 0 { 0 } else { ends[k - 1] }..ends[k]])
                .collect();
            decoded.clear();
            viterbi(&self.weights, &self.transitions, &slices, &mut decoded);
            labels[start..end].copy_from_slice(&decoded);
        }
        labels
    }

    /// The stage as the model file keeps it: `i16` weights and a scale.
    fn quantised(&self) -> StageFile {
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = max / f32::from(i16::MAX);
        let rows = self
            .weights
            .chunks_exact(LABELS)
            .enumerate()
            .filter_map(|(bucket, w)| {
                let mut q = [0i16; LABELS];
                for (q, w) in q.iter_mut().zip(w) {
                    *q = (w / scale).round() as i16;
                }
                (q != [0; LABELS]).then_some((bucket as u32, q))
            })
            .collect();
        StageFile {
            scale,
            transitions: self.transitions,
            rows,
        }
    }
}

/// Viterbi over one segment whose features are `feats[k]` for its k-th token, with the
/// weights of training.
fn viterbi(weights: &[f32], transitions: &Transitions, feats: &[&[u32]], out: &mut Vec<u8>) {
    let emits: Vec<[f32; LABELS]> = feats
        .iter()
        .map(|fs| {
            let mut emit = [0f32; LABELS];
            for &f in fs.iter() {
                let row = f as usize * LABELS;
                for (l, e) in emit.iter_mut().enumerate() {
                    *e += weights.get(row + l).copied().unwrap_or(0.0);
                }
            }
            emit
        })
        .collect();
    let start = out.len();
    out.resize(start + emits.len(), O);
    super::tagger::decode(transitions, &emits, &mut out[start..], &mut Vec::new());
}

/// The averaged structured perceptron over the segments of the articles `use_article` accepts.
fn perceptron(
    articles: &[TrainingArticle],
    segs: &[Segment],
    options: &TrainingOptions,
    use_article: impl Fn(usize) -> bool,
) -> Stage {
    // Several perceptrons, each seeing the segments in its own order, averaged: the order
    // moves a single perceptron by a point of F1; their mean moves much less.
    let runs = options.runs.max(1);
    let mut mean: Option<Stage> = None;
    for run in 0..runs {
        let stage = one_perceptron(articles, segs, options, &use_article, 0x5eed + run as u64);
        match &mut mean {
            None => mean = Some(stage),
            Some(m) => {
                for (x, y) in m.weights.iter_mut().zip(&stage.weights) {
                    *x += y;
                }
                for (row, other) in m.transitions.iter_mut().zip(&stage.transitions) {
                    for (x, y) in row.iter_mut().zip(other) {
                        *x += y;
                    }
                }
            }
        }
    }
    let mut mean = mean.unwrap_or(Stage {
        weights: Vec::new(),
        transitions: [[0f32; LABELS]; LABELS + 1],
    });
    let k = runs as f32;
    mean.weights.iter_mut().for_each(|x| *x /= k);
    mean.transitions.iter_mut().flatten().for_each(|x| *x /= k);
    mean
}

/// One averaged perceptron, the segments shuffled by `seed`.
fn one_perceptron(
    articles: &[TrainingArticle],
    segs: &[Segment],
    options: &TrainingOptions,
    use_article: &impl Fn(usize) -> bool,
    seed: u64,
) -> Stage {
    let n = (1usize << options.bits) * LABELS;
    let mut w = vec![0f32; n];
    let mut u = vec![0f32; n];
    let mut tw = [[0f32; LABELS]; LABELS + 1];
    let mut tu = [[0f32; LABELS]; LABELS + 1];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..segs.len())
        .filter(|&s| use_article(segs[s].article))
        .collect();
    let mut seed = seed;
    let mut predicted = Vec::new();
    for _ in 0..options.epochs {
        // Fisher–Yates with a fixed-seed generator: the same model on every run.
        for k in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = (seed >> 33) as usize % (k + 1);
            order.swap(k, j);
        }
        for &s in &order {
            let seg = &segs[s];
            let gold = &articles[seg.article].gold[seg.start..seg.start + seg.feats.len()];
            let slices: Vec<&[u32]> = seg.feats.iter().map(Vec::as_slice).collect();
            predicted.clear();
            viterbi(&w, &tw, &slices, &mut predicted);
            if predicted != gold {
                let mut update = |labels: &[u8], delta: f32| {
                    let mut prev = usize::from(O);
                    for (k, &l) in labels.iter().enumerate() {
                        let l = usize::from(l);
                        for &f in &seg.feats[k] {
                            let idx = f as usize * LABELS + l;
                            w[idx] += delta;
                            u[idx] += c * delta;
                        }
                        tw[prev][l] += delta;
                        tu[prev][l] += c * delta;
                        prev = l;
                    }
                    tw[prev][usize::from(O)] += delta;
                    tu[prev][usize::from(O)] += c * delta;
                };
                update(gold, 1.0);
                update(&predicted, -1.0);
            }
            c += 1.0;
        }
    }
    // Averaged weights: w - u / c.
    let weights = w.iter().zip(&u).map(|(w, u)| w - u / c).collect();
    let mut transitions = [[0f32; LABELS]; LABELS + 1];
    for p in 0..=LABELS {
        for l in 0..LABELS {
            transitions[p][l] = tw[p][l] - tu[p][l] / c;
        }
    }
    Stage {
        weights,
        transitions,
    }
}
