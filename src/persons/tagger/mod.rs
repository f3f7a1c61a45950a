//! The statistical stage of person finding: a structured averaged perceptron that labels the
//! tokens of an article `O`, `B` (first word of a person name) or `I` (inside one), decoded
//! with Viterbi over label bigrams, in two stages (the second also reads what the first found
//! elsewhere in the article). It owns the features (`features.rs`), the word table
//! (`words.rs`), decoding (`decode.rs`), the model file (`file.rs`) and running a model; it
//! must not decide how names are merged (that is [`super::merge`]) nor learn weights (that is
//! [`super::training`]).
//!
//! Only *eligible* tokens (capitalised words, initials, particles between name words) are
//! scored; every other token is `O`. News text is mostly lower-case words, so this keeps the
//! tagger to a fraction of the tokens, which is what lets it run inside the indexer.
//!
//! Features are hashed into a fixed table (no feature strings are stored, only weights), so the
//! model is the quantised weights of the buckets that have one plus the word table.

mod decode;
pub(crate) mod features;
pub(crate) mod file;
pub(crate) mod words;

use super::bio::Bio;
use super::tokens::{Shape, Token};
pub(crate) use decode::{decode, decode_segments, Transitions};
pub use features::FeatureSet;
pub(crate) use features::{
    base_features, features, first_stage_features, segments, ArticleContext, FirstStage,
};
pub use file::ModelError;
use file::ModelFile;
pub use words::WordFigures;
use words::{WordCache, WordTable};

/// Labels, as indices into weight rows.
pub(crate) const O: u8 = Bio::O as u8;
pub(crate) const B: u8 = Bio::B as u8;
pub(crate) const I: u8 = Bio::I as u8;
pub(crate) const LABELS: usize = 3;
/// Row of the transition table for "before the first token".
pub(crate) const START: usize = 3;

/// A trained model: hashed weights per label, label transitions, and the word table.
///
/// The weights stay quantised as in the file (`i16` times a scale per stage), and only the
/// buckets with a weight are kept (see [`Rows`]), both stages' weights of a bucket side by
/// side: a table that fits in a core's cache. `f32::from(w) * scale` is computed at each use,
/// and a bucket without weights reads an all-zero row and adds `+0.0`, so the scores are
/// those of a full table of expanded weights to the last bit.
#[derive(Clone)]
pub(crate) struct Model {
    bits: u32,
    set: FeatureSet,
    rows: Rows,
    scales: [f32; 2],
    transitions: [Transitions; 2],
    /// The first stage reads the token and its context; the second (when the file has one)
    /// also reads what the first found elsewhere in the article.
    two_stages: bool,
    /// Added to the second stage's `O` scores.
    o_bias: f32,
    words: WordTable,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("bits", &self.bits)
            .field("features", &self.set)
            .field("buckets", &self.rows.rows.len())
            .field("words", &self.words.len())
            .field("two_stages", &self.two_stages)
            .finish_non_exhaustive()
    }
}

/// The quantised weights of one feature bucket: per stage, per label.
#[derive(Clone, Copy, Default, PartialEq)]
#[repr(C, align(16))]
struct Row([i16; ROW]);

/// Weights in a [`Row`]: stage `s`, label `l` at `s * 4 + l`; the fourth of each four is 0, so
/// that a row is read and scaled as eight lanes at once.
const ROW: usize = 8;

/// The buckets with a non-zero weight: a bitmap over all buckets, in blocks of 64 that each
/// carry the number of set bits before them, and the rows of the set bits in bucket order
/// after an all-zero row that stands for every other bucket.
#[derive(Clone, Default)]
struct Rows {
    blocks: Vec<(u64, u32)>,
    rows: Vec<Row>,
}

impl Rows {
    /// From `(bucket, row)` in increasing bucket order, none all zero, buckets below
    /// `2^bits`.
    fn new(bits: u32, sparse: &[(u32, Row)]) -> Self {
        let n_blocks = (1usize << bits).div_ceil(64);
        let mut blocks = vec![(0u64, 0u32); n_blocks];
        let mut rows = Vec::with_capacity(sparse.len() + 1);
        rows.push(Row::default());
        for &(bucket, row) in sparse {
            let b = bucket as usize;
            if let Some(block) = blocks.get_mut(b / 64) {
                block.0 |= 1 << (b % 64);
                rows.push(row);
            }
        }
        let mut before = 0u32;
        for block in blocks.iter_mut() {
            block.1 = before;
            before += block.0.count_ones();
        }
        Rows { blocks, rows }
    }

    /// The weights of a bucket (the zero row if it has none). Whether a bucket has weights is
    /// as good as random, so the row is chosen by arithmetic, not by a branch the processor
    /// would mispredict half the time.
    #[inline]
    fn get(&self, bucket: u32) -> &Row {
        let b = bucket as usize;
        let (bits, before) = self.blocks.get(b / 64).copied().unwrap_or((0, 0));
        let below = bits & ((1u64 << (b % 64)) - 1);
        let set = ((bits >> (b % 64)) & 1) as usize;
        let index = (before as usize + below.count_ones() as usize + 1) * set;
        self.rows.get(index).unwrap_or(&ZERO_ROW)
    }
}

static ZERO_ROW: Row = Row([0; ROW]);

impl Model {
    /// Reads a model file, or says why it cannot.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let file = ModelFile::from_bytes(bytes)?;
        let mut words = WordTable::default();
        for w in &file.words {
            words.add_flags(&w.word, w.gazetteer);
            if w.figures != WordFigures::default() {
                words.set_figures(&w.word, w.figures);
            }
        }
        // Both stages' rows, merged by bucket.
        let mut sparse: Vec<(u32, Row)> = Vec::new();
        let mut scales = [0f32; 2];
        let mut transitions = [[[0f32; LABELS]; LABELS + 1]; 2];
        for (s, stage) in file.stages.iter().enumerate().take(2) {
            scales[s] = stage.scale;
            transitions[s] = stage.transitions;
            for &(bucket, weights) in &stage.rows {
                let mut row = Row::default();
                row.0[s * 4..s * 4 + LABELS].copy_from_slice(&weights);
                sparse.push((bucket, row));
            }
        }
        sparse.sort_by_key(|&(bucket, _)| bucket);
        let mut merged: Vec<(u32, Row)> = Vec::with_capacity(sparse.len());
        for (bucket, row) in sparse {
            match merged.last_mut() {
                Some((b, r)) if *b == bucket => {
                    for (x, y) in r.0.iter_mut().zip(row.0) {
                        *x |= y;
                    }
                }
                _ => merged.push((bucket, row)),
            }
        }
        merged.retain(|(_, row)| *row != Row::default());
        Ok(Model {
            bits: file.bits,
            set: file.features,
            rows: Rows::new(file.bits, &merged),
            scales,
            transitions,
            two_stages: file.stages.len() == 2,
            o_bias: file.o_bias,
            words,
        })
    }

    /// The label scores of both stages (four lanes each, the fourth unused) from the weights
    /// of `feats`, summed in the order of `feats`. A bucket without weights adds `+0.0`, as
    /// the full table did. Each lane is summed on its own (`f32::from(w) * scale`, added in
    /// turn), eight lanes side by side. Not inlined: in the caller, the sums would live on
    /// the stack, and every weight added would wait for a store and a load.
    #[inline(never)]
    fn sums(&self, feats: &[u32]) -> [[f32; 4]; 2] {
        let [s1, s2] = self.scales;
        let (scale1, scale2) = ([s1, s1, s1, 0.0], [s2, s2, s2, 0.0]);
        let (mut first, mut second) = ([0f32; 4], [0f32; 4]);
        for &f in feats {
            let Row([w0, w1, w2, w3, w4, w5, w6, w7]) = *self.rows.get(f);
            first = add_scaled(first, [w0, w1, w2, w3], scale1);
            second = add_scaled(second, [w4, w5, w6, w7], scale2);
        }
        [first, second]
    }

    /// Adds the second stage's weights of `feats` to its label scores `emit`, in order.
    #[inline]
    fn add_second(&self, feats: &[u32], emit: [f32; LABELS]) -> [f32; LABELS] {
        let scale = self.scales[1];
        let [mut o, mut b, mut i] = emit;
        for &f in feats {
            let row = &self.rows.get(f).0;
            o += f32::from(row[4]) * scale;
            b += f32::from(row[5]) * scale;
            i += f32::from(row[6]) * scale;
        }
        [o, b, i]
    }

    /// Labels every token of an article (`O` for tokens that are not eligible).
    pub(crate) fn tag(&self, tokens: &[Token], rule_labels: &[u8]) -> Vec<u8> {
        let mut labels = vec![O; tokens.len()];
        let segments = segments(tokens, self.set);
        if segments.is_empty() {
            return labels;
        }
        let bits = self.bits;
        let mut words = WordCache::new(&self.words, tokens);
        let ctx = ArticleContext::new(tokens, rule_labels, &mut words, self.set);
        // The features both stages read, scored once for both.
        let mut feats: Vec<u32> = Vec::with_capacity(64);
        let eligible: usize = segments.iter().map(|(start, end)| end - start).sum();
        let mut emits: Vec<[[f32; LABELS]; 2]> = Vec::with_capacity(eligible);
        for &(start, end) in &segments {
            for i in start..end {
                feats.clear();
                base_features(tokens, i, &ctx, &mut words, bits, &mut feats);
                let [first, second] = self.sums(&feats);
                emits.push([
                    [first[0], first[1], first[2]],
                    [second[0], second[1], second[2]],
                ]);
            }
        }
        let mut scratch = Vec::new();
        let mut stage_emits: Vec<[f32; LABELS]> = emits.iter().map(|e| e[0]).collect();
        decode_segments(
            &self.transitions[0],
            &segments,
            &stage_emits,
            &mut labels,
            &mut scratch,
        );
        if !self.two_stages {
            return labels;
        }
        let first = FirstStage::new(tokens, labels, &mut words);
        let mut k = 0;
        for &(start, end) in &segments {
            for i in start..end {
                feats.clear();
                first_stage_features(tokens, i, &first, &mut words, self.set, bits, &mut feats);
                // Summed after the base features, as training did.
                stage_emits[k] = self.add_second(&feats, emits[k][1]);
                k += 1;
            }
        }
        // The weights are learnt for accuracy per token; the bias, chosen by cross-validation,
        // trades a little precision for recall of whole names.
        for e in stage_emits.iter_mut() {
            e[0] += self.o_bias;
        }
        let mut labels = vec![O; tokens.len()];
        decode_segments(
            &self.transitions[1],
            &segments,
            &stage_emits,
            &mut labels,
            &mut scratch,
        );
        name_lone_words_as_elsewhere(tokens, &segments, &mut labels, &mut words);
        labels
    }
}

/// One sense per article for lone names: a word that the tagger named in more than half of
/// its capitalised occurrences in the article, three or more, is named wherever else it stands
/// alone (no capitalised word beside it). A novel names its heroine a hundred times, and where
/// no cue stands near her the tagger may miss her; the second stage's `SHARE` features read
/// the first stage's labels, this reads the final ones. Only lone occurrences are named, so
/// that `Foundation` of a `Wikimedia Foundation` stays out. Chosen by cross-validation
/// (docs/EVALUATION.md); linear but for sorting the capitalised words.
fn name_lone_words_as_elsewhere(
    tokens: &[Token],
    segments: &[(usize, usize)],
    labels: &mut [u8],
    words: &mut WordCache,
) {
    // Capitalised words of the segments: (word key, token, stands alone).
    let mut occurrences: Vec<(u64, usize, bool)> = Vec::new();
    for &(start, end) in segments {
        for i in start..end {
            if tokens[i].shape == Shape::Capitalised {
                occurrences.push((words.key(tokens, i), i, end == start + 1));
            }
        }
    }
    occurrences.sort_unstable();
    for word in occurrences.chunk_by(|a, b| a.0 == b.0) {
        let named = word.iter().filter(|&&(_, i, _)| labels[i] != O).count();
        if word.len() < 3 || named * 2 <= word.len() {
            continue;
        }
        for &(_, i, alone) in word {
            if alone {
                labels[i] = B;
            }
        }
    }
}

/// `sums[k] + f32::from(weights[k]) * scales[k]` for each lane.
#[inline(always)]
fn add_scaled(sums: [f32; 4], weights: [i16; 4], scales: [f32; 4]) -> [f32; 4] {
    [
        sums[0] + f32::from(weights[0]) * scales[0],
        sums[1] + f32::from(weights[1]) * scales[1],
        sums[2] + f32::from(weights[2]) * scales[2],
        sums[3] + f32::from(weights[3]) * scales[3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_named_in_most_of_its_occurrences_is_named_where_it_stands_alone() {
        let lex = crate::persons::lexicon::Lexicon::new();
        let text = "Ieri uscì Augusta. Rise poi Augusta e Augusta tacque. \
                    Vide Augusta Rossi e poi Augusta. Anche Marco partì; e Marco tornò, con Marco.";
        let mut tokens = Vec::new();
        crate::persons::tokens::tokenize(text, &lex, &mut tokens);
        let at = |word: &str| -> Vec<usize> {
            (0..tokens.len())
                .filter(|&i| tokens[i].text == word)
                .collect()
        };
        let (augusta, marco) = (at("Augusta"), at("Marco"));
        assert_eq!((augusta.len(), marco.len()), (5, 3));
        let mut labels = vec![O; tokens.len()];
        // The tagger named `Augusta` three times of five, `Marco` once of three.
        for &i in &augusta[1..4] {
            labels[i] = B;
        }
        labels[marco[0]] = B;
        let segs = segments(&tokens, FeatureSet(FeatureSet::KNOWN));
        let table = WordTable::default();
        let mut words = WordCache::new(&table, &tokens);
        name_lone_words_as_elsewhere(&tokens, &segs, &mut labels, &mut words);
        // The first and last `Augusta` stand alone: named. Beside other capitalised words,
        // nothing changes (`Vide Augusta Rossi`).
        assert_eq!(labels[augusta[0]], B);
        assert_eq!(labels[augusta[4]], B);
        assert_eq!(labels[augusta[3] - 1], O, "Vide");
        assert_eq!(labels[augusta[3] + 1], O, "Rossi");
        // `Marco`, named once of three, is left alone.
        assert_eq!(labels[marco[1]], O);
        assert_eq!(labels[marco[2]], O);
    }

    #[test]
    fn sparse_rows_find_their_buckets() {
        let row = |x: i16| Row([x, 0, 0, 0, 0, 0, 0, 0]);
        let sparse = [(0, row(1)), (63, row(2)), (64, row(3)), (1000, row(4))];
        let rows = Rows::new(10, &sparse);
        for &(bucket, r) in &sparse {
            assert!(*rows.get(bucket) == r, "{bucket}");
        }
        for bucket in [1, 62, 65, 999, 1023, 5000] {
            assert!(*rows.get(bucket) == Row::default(), "{bucket}");
        }
    }
}
