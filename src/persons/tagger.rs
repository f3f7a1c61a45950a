//! The statistical stage of person finding: a structured averaged perceptron that labels the
//! tokens of an article `O`, `B` (first word of a person name) or `I` (inside one), decoded
//! with Viterbi over label bigrams. It owns the features, the model file format, decoding and
//! training; it must not decide how names are merged (that is [`super::merge`]).
//!
//! Only *eligible* tokens (capitalised words, initials, particles between name words) are
//! scored; every other token is `O`. News text is mostly lower-case words, so this keeps the
//! tagger to a fraction of the tokens, which is what lets it run inside the indexer.
//!
//! Features are hashed into a fixed table (no feature strings are stored, only weights), so the
//! model is a few hundred kilobytes of quantised weights plus the word lists learnt from the
//! training split.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::lexicon::{
    FxHasher, ADVERB, ASIAN_SURNAME, AUX, DETERMINER, FIRST, FOREIGN_PARTICLE, FUNCTION, HARD_STOP,
    ORG, PARTICLE, PLACE_PREFIX, REGNAL, SAINT, SAY_PARTICIPLE, SAY_PRESENT, SOFT_STOP, TITLE,
};
use super::tokens::{Kind, Shape, Token};

/// Labels, as indices into weight rows.
pub(crate) const O: u8 = 0;
pub(crate) const B: u8 = 1;
pub(crate) const I: u8 = 2;
const LABELS: usize = 3;
/// Row of the transition table for "before the first token".
const START: usize = 3;

/// Word-list flags learnt from the training split (see [`Gazetteer`]).
pub(crate) const G_FIRST: u8 = 1 << 0;
pub(crate) const G_LAST: u8 = 1 << 1;
pub(crate) const G_LOC: u8 = 1 << 2;
pub(crate) const G_ORG: u8 = 1 << 3;
pub(crate) const G_PER: u8 = 1 << 4;

const MAGIC: &[u8; 8] = b"RSPER003";
/// log2 of the number of hashed feature buckets.
pub(crate) const BITS: u32 = 18;

/// Lexicon flags that are worth a feature.
const LEX_FLAGS: [u32; 17] = [
    FIRST,
    PARTICLE,
    FOREIGN_PARTICLE,
    TITLE,
    REGNAL,
    FUNCTION,
    HARD_STOP,
    SOFT_STOP,
    ORG,
    PLACE_PREFIX,
    SAINT,
    SAY_PRESENT,
    SAY_PARTICIPLE,
    AUX,
    ADVERB,
    DETERMINER,
    ASIAN_SURNAME,
];

/// A feature hash: Fx over the template number and the bytes, ASCII letters folded to lower
/// case so that no lower-case copy of the word is needed.
#[derive(Clone, Copy)]
struct FeatureHash(u64);

impl FeatureHash {
    fn new(template: u8) -> Self {
        let mut h = FeatureHash(0);
        h.add(u64::from(template) + 1);
        h
    }

    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn text(mut self, text: &str) -> Self {
        for b in text.bytes() {
            self.add(u64::from(b.to_ascii_lowercase()));
        }
        self
    }

    /// `hashes[k].text(text)` for every `k`, in one pass over the text.
    fn texts<const N: usize>(mut hashes: [FeatureHash; N], text: &str) -> [FeatureHash; N] {
        for b in text.bytes() {
            let x = u64::from(b.to_ascii_lowercase());
            for h in hashes.iter_mut() {
                h.add(x);
            }
        }
        hashes
    }

    fn num(mut self, x: u64) -> Self {
        self.add(x.wrapping_add(0x9e37));
        self
    }

    fn bucket(self) -> u32 {
        // The high bits of a multiplicative hash are the well-mixed ones.
        (self.0 >> (64 - BITS)) as u32
    }
}

/// The hash of a word for the word lists and the article's word sets.
fn word_key(text: &str) -> u64 {
    FeatureHash::new(0).text(text).0
}

/// Words learnt from the training split with what they were part of: the first word of a
/// multi-word person name, the last word of a person name, a word of a place or of an
/// organisation. Keyed by [`word_key`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Gazetteer {
    words: HashMap<u64, u8, BuildHasherDefault<FxHasher>>,
}

impl Gazetteer {
    fn add(&mut self, text: &str, flag: u8) {
        *self.words.entry(word_key(text)).or_insert(0) |= flag;
    }
}

/// The words the training split gives to a gazetteer, kept as text in the model file.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordLists {
    pub words: Vec<(String, u8)>,
}

impl WordLists {
    pub(crate) fn add(&mut self, word: &str, flag: u8) {
        self.words.push((word.to_lowercase(), flag));
    }

    pub(crate) fn gazetteer(&self) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (w, f) in &self.words {
            g.add(w, *f);
        }
        g
    }

    fn merged(mut self) -> Self {
        self.words.sort();
        let mut out: Vec<(String, u8)> = Vec::new();
        for (w, f) in self.words {
            match out.last_mut() {
                Some((lw, lf)) if *lw == w => *lf |= f,
                _ => out.push((w, f)),
            }
        }
        WordLists { words: out }
    }
}

/// Can this token be part of a person name? Others are `O` without scoring.
pub(crate) fn eligible(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.kind != Kind::Word {
        return false;
    }
    match t.shape {
        Shape::Capitalised | Shape::Initial => true,
        Shape::Upper => t.is_roman() && i > 0 && tokens[i - 1].is_name(),
        Shape::Lower | Shape::Elision => {
            let particle = |t: &Token| t.kind == Kind::Word && t.has(PARTICLE | FOREIGN_PARTICLE);
            if t.is_name() {
                return true;
            }
            if !particle(t) {
                return false;
            }
            // `von der Leyen`: up to three particles between two name words.
            let name_before = tokens[i.saturating_sub(3)..i]
                .iter()
                .rev()
                .find(|t| !particle(t))
                .is_some_and(Token::is_name);
            name_before
                && tokens[i + 1..(i + 4).min(tokens.len())]
                    .iter()
                    .find(|t| !particle(t))
                    .is_some_and(Token::is_name)
        }
        Shape::Caseless => false,
    }
}

/// Word keys and gazetteer flags of an article's tokens, each computed on first use and kept:
/// the features of a token read them for the token and both its neighbours, and the article
/// context reads them for every capitalised word.
pub(crate) struct WordCache<'g> {
    gazetteer: &'g Gazetteer,
    /// Word key of each token, `0` until computed (a key that is 0 is recomputed each time).
    keys: Vec<u64>,
    /// Gazetteer flags of each token, [`UNKNOWN`] until looked up.
    flags: Vec<u8>,
}

/// Not a combination of the gazetteer flags this crate writes (they use five bits).
const UNKNOWN: u8 = 0xFF;

impl<'g> WordCache<'g> {
    pub(crate) fn new(gazetteer: &'g Gazetteer, tokens: &[Token]) -> Self {
        WordCache {
            gazetteer,
            keys: vec![0; tokens.len()],
            flags: vec![UNKNOWN; tokens.len()],
        }
    }

    /// [`word_key`] of token `i`.
    fn key(&mut self, tokens: &[Token], i: usize) -> u64 {
        match self.keys.get(i) {
            Some(&key) if key != 0 => key,
            _ => {
                let key = word_key(tokens.get(i).map_or("", |t| t.text));
                if let Some(slot) = self.keys.get_mut(i) {
                    *slot = key;
                }
                key
            }
        }
    }

    /// [`Gazetteer`] flags of token `i` (a model whose flags use all eight bits is only
    /// slower: its `0xFF` words are looked up each time).
    fn flags(&mut self, tokens: &[Token], i: usize) -> u8 {
        match self.flags.get(i) {
            Some(&flags) if flags != UNKNOWN => flags,
            _ => {
                let key = self.key(tokens, i);
                let flags = self.gazetteer.words.get(&key).copied().unwrap_or(0);
                if let Some(slot) = self.flags.get_mut(i) {
                    *slot = flags;
                }
                flags
            }
        }
    }
}

/// What an article tells about its words, beyond the token itself.
pub(crate) struct ArticleContext<'a> {
    /// Rule labels (`O`/`B`/`I`) of each token, from the rule stage.
    pub rule_labels: &'a [u8],
    /// Word keys written capitalised inside a sentence somewhere in the article.
    pub mid_caps: Vec<u64>,
    /// Word keys that are a later word of a capitalised run opening with a first name.
    pub surnames: Vec<u64>,
    /// Word keys found by the rules inside a person name somewhere in the article.
    pub rule_words: Vec<u64>,
    /// For the second stage: what the first stage found.
    pub first_stage: Option<FirstStage>,
}

impl<'a> ArticleContext<'a> {
    pub(crate) fn new(tokens: &[Token], rule_labels: &'a [u8], words: &mut WordCache) -> Self {
        let mut mid_caps = Vec::new();
        let mut surnames = Vec::new();
        let mut rule_words = Vec::new();
        let mut run_has_first = false;
        for (i, t) in tokens.iter().enumerate() {
            let ruled = rule_labels.get(i).is_some_and(|&l| l != O);
            if t.shape != Shape::Capitalised {
                run_has_first = false;
                if ruled {
                    rule_words.push(words.key(tokens, i));
                }
                continue;
            }
            let key = words.key(tokens, i);
            if !t.sent_start {
                mid_caps.push(key);
            }
            if ruled {
                rule_words.push(key);
            }
            if run_has_first {
                surnames.push(key);
            }
            run_has_first = t.has(FIRST) || words.flags(tokens, i) & G_FIRST != 0;
        }
        for set in [&mut mid_caps, &mut surnames, &mut rule_words] {
            set.sort_unstable();
            set.dedup();
        }
        ArticleContext {
            rule_labels,
            mid_caps,
            surnames,
            rule_words,
            first_stage: None,
        }
    }

    /// Adds the first stage's labels, for the second stage's features.
    fn with_first_stage(
        mut self,
        tokens: &[Token],
        labels: Vec<u8>,
        words: &mut WordCache,
    ) -> Self {
        self.first_stage = Some(FirstStage::new(tokens, labels, words));
        self
    }
}

/// The first stage's labels, and the word keys it put inside a multi-word name and inside any
/// name somewhere in the article (alias consistency), for the second stage's features.
pub(crate) struct FirstStage {
    labels: Vec<u8>,
    multi: Vec<u64>,
    any: Vec<u64>,
}

impl FirstStage {
    fn new(tokens: &[Token], labels: Vec<u8>, words: &mut WordCache) -> Self {
        let mut multi = Vec::new();
        let mut any = Vec::new();
        let mut i = 0;
        while i < labels.len() {
            if labels[i] == O {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < labels.len() && labels[i] == I {
                i += 1;
            }
            for k in start..i {
                let key = words.key(tokens, k);
                any.push(key);
                if i - start > 1 {
                    multi.push(key);
                }
            }
        }
        for set in [&mut multi, &mut any] {
            set.sort_unstable();
            set.dedup();
        }
        FirstStage { labels, multi, any }
    }
}

fn shape_code(t: Option<&Token>) -> u64 {
    match t {
        None => 0,
        Some(t) if t.kind == Kind::Break => 0,
        Some(t) if t.kind == Kind::Punct => 1 + u64::from(t.text.bytes().next().unwrap_or(0)) * 8,
        Some(t) if t.kind == Kind::Number => 2,
        Some(t) => match t.shape {
            Shape::Lower => 3,
            Shape::Capitalised => 4,
            Shape::Upper => 5,
            Shape::Initial => 6,
            Shape::Elision => 7,
            Shape::Caseless => 8,
        },
    }
}

/// Last `n` characters of a word.
fn suffix(text: &str, n: usize) -> &str {
    let start = text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &text[start..]
}

fn prefix(text: &str, n: usize) -> &str {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The feature buckets of token `i`, appended to `out`: those of [`base_features`], and for
/// the second stage those of [`first_stage_features`] after them.
fn features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    out: &mut Vec<u32>,
) {
    base_features(tokens, i, ctx, words, out);
    if let Some(first) = &ctx.first_stage {
        first_stage_features(tokens, i, first, words, out);
    }
}

/// The features both stages read: the token, its neighbours, the word lists, the rules and
/// the article. Their order is the order the weights are summed in, which decoding depends on
/// to the last bit: do not reorder them.
fn base_features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    out: &mut Vec<u32>,
) {
    let Some(t) = tokens.get(i) else {
        return;
    };
    let index = |d: isize| -> Option<usize> {
        let j = i.checked_add_signed(d)?;
        tokens.get(j).filter(|t| t.kind != Kind::Break).map(|_| j)
    };
    let at = |d: isize| index(d).map(|j| &tokens[j]);
    let mut push = |h: FeatureHash| out.push(h.bucket());
    push(FeatureHash::new(1));
    push(FeatureHash::new(2).text(t.text));
    push(FeatureHash::new(3).num(shape_code(Some(t)) * 2 + u64::from(t.sent_start)));
    push(FeatureHash::new(4).text(suffix(t.text, 3)));
    push(FeatureHash::new(5).text(suffix(t.text, 2)));
    push(FeatureHash::new(6).text(prefix(t.text, 3)));
    let (t_2, t_1, t1, t2) = (at(-2), at(-1), at(1), at(2));
    fn word<'t>(t: Option<&Token<'t>>) -> &'t str {
        t.map_or("", |t| t.text)
    }
    // Templates 7, 11 and 28 all begin with the previous word, 9 and 11 go on with the next:
    // hashing them side by side is one pass over each word and keeps the multipliers busy.
    let [h7, h11, h28] = FeatureHash::texts(
        [
            FeatureHash::new(7),
            FeatureHash::new(11),
            FeatureHash::new(28),
        ],
        word(t_1),
    );
    let [h9, h11] = FeatureHash::texts([FeatureHash::new(9), h11.text(" ")], word(t1));
    push(h7);
    push(FeatureHash::new(8).text(word(t_2)));
    push(h9);
    push(FeatureHash::new(10).text(word(t2)));
    push(h11);
    let (s_2, s_1, s1, s2) = (
        shape_code(t_2),
        shape_code(t_1),
        shape_code(t1),
        shape_code(t2),
    );
    let s0 = shape_code(Some(t));
    push(FeatureHash::new(12).num(s_1).num(s0).num(s1));
    push(FeatureHash::new(13).num(s_2).num(s_1).num(s0));
    push(FeatureHash::new(14).num(s0).num(s1).num(s2));
    push(
        FeatureHash::new(15)
            .num(t.text.chars().count().min(12) as u64)
            .num(s0),
    );
    // Lexicon flags of the token and its neighbours, flag by flag; most tokens have none, so
    // the flags of all five are checked at once first.
    let flags = |t: Option<&Token>| t.map_or(0, |t| t.flags);
    let near = [
        (16u8, flags(at(0))),
        (17, flags(t_1)),
        (18, flags(t1)),
        (19, flags(t_2)),
        (20, flags(t2)),
    ];
    // Whether a flag is set is as good as random: the flags (and then the positions) that are
    // set are found as bits, not tested one by one with a branch each.
    let any = near.iter().fold(0, |acc, &(_, f)| acc | f);
    let mut listed = 0u32;
    for (k, flag) in LEX_FLAGS.iter().enumerate() {
        listed |= u32::from(any & flag != 0) << k;
    }
    while listed != 0 {
        let k = listed.trailing_zeros() as usize;
        listed &= listed - 1;
        let flag = LEX_FLAGS[k];
        let mut at_positions = 0u32;
        for (p, &(_, f)) in near.iter().enumerate() {
            at_positions |= u32::from(f & flag != 0) << p;
        }
        while at_positions != 0 {
            let (template, _) = near[at_positions.trailing_zeros() as usize];
            at_positions &= at_positions - 1;
            push(FeatureHash::new(template).num(k as u64));
        }
    }
    for (template, d) in [(21u8, 0isize), (22, -1), (23, 1)] {
        let g = index(d).map_or(0, |j| {
            if tokens[j].shape == Shape::Lower && d != 0 {
                0
            } else {
                words.flags(tokens, j)
            }
        });
        let mut bits = g & 0x1f;
        while bits != 0 {
            push(FeatureHash::new(template).num(u64::from(bits.trailing_zeros())));
            bits &= bits - 1;
        }
    }
    let rule = |d: isize| -> u64 {
        i.checked_add_signed(d)
            .and_then(|j| ctx.rule_labels.get(j))
            .map_or(3, |&l| u64::from(l))
    };
    push(FeatureHash::new(24).num(rule(0)));
    push(FeatureHash::new(25).num(rule(-1)).num(rule(0)).num(rule(1)));
    let key = words.key(tokens, i);
    let doc = u64::from(ctx.mid_caps.binary_search(&key).is_ok())
        | u64::from(ctx.surnames.binary_search(&key).is_ok()) << 1
        | u64::from(ctx.rule_words.binary_search(&key).is_ok()) << 2;
    push(FeatureHash::new(26).num(doc).num(u64::from(t.sent_start)));
    push(FeatureHash::new(27).num(doc).num(s0));
    push(h28.num(s0));
}

/// The features only the second stage reads: what the first stage found here and elsewhere in
/// the article. They come after the [`base_features`].
fn first_stage_features(
    tokens: &[Token],
    i: usize,
    first: &FirstStage,
    words: &mut WordCache,
    out: &mut Vec<u32>,
) {
    let Some(t) = tokens.get(i) else {
        return;
    };
    let s0 = shape_code(Some(t));
    let key = words.key(tokens, i);
    let label = |d: isize| -> u64 {
        i.checked_add_signed(d)
            .and_then(|j| first.labels.get(j))
            .map_or(3, |&l| u64::from(l))
    };
    let mut push = |h: FeatureHash| out.push(h.bucket());
    push(FeatureHash::new(30).num(label(0)));
    push(
        FeatureHash::new(31)
            .num(label(-1))
            .num(label(0))
            .num(label(1)),
    );
    let alias = u64::from(first.multi.binary_search(&key).is_ok())
        | u64::from(first.any.binary_search(&key).is_ok()) << 1;
    push(FeatureHash::new(32).num(alias).num(label(0)));
    push(
        FeatureHash::new(33)
            .num(alias)
            .num(s0)
            .num(u64::from(t.sent_start)),
    );
}

/// A trained model: hashed weights per label, label transitions, and the learnt word lists.
///
/// The weights stay quantised as in the file (`i16` times a scale per stage), and only the
/// buckets with a weight are kept (about one in twelve; see [`Rows`]), both stages' weights of
/// a bucket side by side: some 400 KB that fit in a core's cache, instead of 6 MB of floats.
/// `f32::from(w) * scale` is computed at each use, which gives the very `f32` a table of
/// expanded weights would hold, and a bucket without weights reads an all-zero row and adds
/// `+0.0` as the full table did: the scores are those of the full table to the last bit.
#[derive(Clone)]
pub(crate) struct Model {
    rows: Rows,
    scales: [f32; 2],
    transitions: [[[f32; LABELS]; LABELS + 1]; 2],
    /// The first stage reads the token and its context; the second (when the file has one)
    /// also reads what the first found elsewhere in the article.
    two_stages: bool,
    pub gazetteer: Gazetteer,
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
    fn new(full: &[Row]) -> Self {
        let mut rows = Rows {
            blocks: Vec::with_capacity(full.len() / 64 + 1),
            rows: vec![Row::default()],
        };
        for chunk in full.chunks(64) {
            let mut bits = 0u64;
            let before = (rows.rows.len() - 1) as u32;
            for (k, row) in chunk.iter().enumerate() {
                if *row != Row::default() {
                    bits |= 1 << k;
                    rows.rows.push(*row);
                }
            }
            rows.blocks.push((bits, before));
        }
        rows
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

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("buckets", &self.rows.rows.len())
            .field("two_stages", &self.two_stages)
            .finish_non_exhaustive()
    }
}

/// The weights of one stage, as training makes them.
#[derive(Clone)]
struct Stage {
    weights: Vec<f32>,
    transitions: [[f32; LABELS]; LABELS + 1],
}

impl std::fmt::Debug for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stage")
            .field("weights", &self.weights.len())
            .finish_non_exhaustive()
    }
}

impl Stage {
    /// Labels of every token (`O` for tokens that are not eligible); for training, where the
    /// weights are still being learnt.
    fn tag(&self, tokens: &[Token], ctx: &ArticleContext, words: &mut WordCache) -> Vec<u8> {
        let mut labels = vec![O; tokens.len()];
        let mut feats: Vec<u32> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut decoded: Vec<u8> = Vec::new();
        for (start, end) in segments(tokens) {
            feats.clear();
            ends.clear();
            for i in start..end {
                features(tokens, i, ctx, words, &mut feats);
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
}

/// Segments of consecutive eligible tokens.
fn segments(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        // Nine tokens in ten are lower-case words or punctuation: a glance at the token alone,
        // without branches, rules them out before [`eligible`] looks at the neighbours.
        let word = t.kind == Kind::Word;
        let shaped = matches!(t.shape, Shape::Capitalised | Shape::Initial | Shape::Upper);
        let maybe = word & (shaped | t.is_name() | (t.flags & (PARTICLE | FOREIGN_PARTICLE) != 0));
        match (maybe && eligible(tokens, i), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, tokens.len()));
    }
    out
}

/// Label bigrams that BIO forbids: `I` after `O` or at the start.
fn allowed(prev: usize, label: usize) -> bool {
    !(label == usize::from(I) && (prev == usize::from(O) || prev == START))
}

/// Viterbi over one segment whose features are `feats[k]` for its k-th token, with the
/// weights of training.
fn viterbi(
    weights: &[f32],
    transitions: &[[f32; LABELS]; LABELS + 1],
    feats: &[&[u32]],
    out: &mut Vec<u8>,
) {
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
    decode(transitions, &emits, &mut out[start..], &mut Vec::new());
}

/// Viterbi over one segment whose k-th token scores `emits[k]` for each label; the tokens
/// around the segment are `O`. Writes the labels into `out` (as long as `emits`); `scratch`
/// is reused between calls.
fn decode(
    transitions: &[[f32; LABELS]; LABELS + 1],
    emits: &[[f32; LABELS]],
    out: &mut [u8],
    scratch: &mut Vec<([f32; LABELS], [u8; LABELS])>,
) {
    let n = emits.len().min(out.len());
    if n == 0 {
        return;
    }
    scratch.clear();
    scratch.resize(n, ([f32::NEG_INFINITY; LABELS], [0u8; LABELS]));
    // The token before a segment is `O` (or nothing): same row.
    let mut before: Option<[f32; LABELS]> = None;
    for (emit, (score, back)) in emits[..n].iter().zip(scratch.iter_mut()) {
        for (l, &e) in emit.iter().enumerate() {
            let Some(prev_scores) = before else {
                let prev = usize::from(O);
                if allowed(prev, l) {
                    score[l] = transitions[prev][l] + e;
                }
                continue;
            };
            for (p, (row, &prev_score)) in transitions.iter().zip(&prev_scores).enumerate() {
                if !allowed(p, l) {
                    continue;
                }
                let s = prev_score + row[l] + e;
                if s > score[l] {
                    score[l] = s;
                    back[l] = p as u8;
                }
            }
        }
        before = Some(*score);
    }
    // The token after the segment is `O`.
    let mut best = 0usize;
    let mut best_score = f32::NEG_INFINITY;
    let last = before.unwrap_or([f32::NEG_INFINITY; LABELS]);
    for (l, (&score, row)) in last.iter().zip(transitions).enumerate() {
        let s = score + row[usize::from(O)];
        if s > best_score {
            best_score = s;
            best = l;
        }
    }
    let mut l = best;
    for k in (0..n).rev() {
        out[k] = l as u8;
        l = usize::from(scratch[k].1[l]);
    }
}

impl Model {
    /// Reads a model file; `None` if it is empty or not a model of this version, in which
    /// case the extractor works with its rules alone.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut r = Reader(bytes);
        if r.take(8)? != MAGIC {
            return None;
        }
        let bits = r.u32()?;
        if bits != BITS {
            return None;
        }
        let n_words = r.u32()? as usize;
        let mut gazetteer = Gazetteer::default();
        for _ in 0..n_words {
            let flag = r.take(1)?[0];
            let len = r.take(1)?[0] as usize;
            let word = std::str::from_utf8(r.take(len)?).ok()?;
            gazetteer.add(word, flag);
        }
        let n_stages = (r.u32()? as usize).min(2);
        if n_stages == 0 {
            return None;
        }
        let mut rows = vec![Row::default(); 1 << BITS];
        let mut scales = [0f32; 2];
        let mut transitions = [[[0f32; LABELS]; LABELS + 1]; 2];
        for s in 0..n_stages {
            scales[s] = r.f32()?;
            for row in transitions[s].iter_mut() {
                for w in row.iter_mut() {
                    *w = r.f32()?;
                }
            }
            let raw = r.take(rows.len() * LABELS * 2)?;
            for (row, bytes) in rows.iter_mut().zip(raw.chunks_exact(LABELS * 2)) {
                for (w, c) in row.0[s * 4..s * 4 + LABELS]
                    .iter_mut()
                    .zip(bytes.chunks_exact(2))
                {
                    *w = i16::from_le_bytes([c[0], c[1]]);
                }
            }
        }
        Some(Model {
            rows: Rows::new(&rows),
            scales,
            transitions,
            two_stages: n_stages == 2,
            gazetteer,
        })
    }

    /// The label scores of both stages from the weights of `feats`, summed in the order of
    /// `feats` (the order training summed them in). A bucket without weights adds `+0.0`, as
    /// the full table did. Each lane is summed on its own (`f32::from(w) * scale`, added in
    /// turn), eight lanes side by side. Not inlined: in the caller, the sums would live on
    /// the stack, and every weight added would wait for a store and a load.
    #[inline(never)]
    fn scores(&self, feats: &[u32]) -> [[f32; LABELS]; 2] {
        let [s1, s2] = self.scales;
        let (scale1, scale2) = ([s1, s1, s1, 0.0], [s2, s2, s2, 0.0]);
        let (mut first, mut second) = ([0f32; 4], [0f32; 4]);
        for &f in feats {
            let Row([w0, w1, w2, w3, w4, w5, w6, w7]) = *self.rows.get(f);
            first = add_scaled(first, [w0, w1, w2, w3], scale1);
            second = add_scaled(second, [w4, w5, w6, w7], scale2);
        }
        [
            [first[0], first[1], first[2]],
            [second[0], second[1], second[2]],
        ]
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
        let segments = segments(tokens);
        if segments.is_empty() {
            return labels;
        }
        let mut words = WordCache::new(&self.gazetteer, tokens);
        let ctx = ArticleContext::new(tokens, rule_labels, &mut words);
        // The features both stages read, scored once for both.
        let mut feats: Vec<u32> = Vec::with_capacity(64);
        let eligible: usize = segments.iter().map(|(start, end)| end - start).sum();
        let mut emits: Vec<[[f32; LABELS]; 2]> = Vec::with_capacity(eligible);
        for &(start, end) in &segments {
            for i in start..end {
                feats.clear();
                base_features(tokens, i, &ctx, &mut words, &mut feats);
                emits.push(self.scores(&feats));
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
                first_stage_features(tokens, i, &first, &mut words, &mut feats);
                // Summed after the base features, as training did.
                stage_emits[k] = self.add_second(&feats, emits[k][1]);
                k += 1;
            }
        }
        let mut labels = vec![O; tokens.len()];
        decode_segments(
            &self.transitions[1],
            &segments,
            &stage_emits,
            &mut labels,
            &mut scratch,
        );
        labels
    }
}

/// Decodes every segment; `emits` holds the scores of the segments' tokens one after another.
fn decode_segments(
    transitions: &[[f32; LABELS]; LABELS + 1],
    segments: &[(usize, usize)],
    emits: &[[f32; LABELS]],
    labels: &mut [u8],
    scratch: &mut Vec<([f32; LABELS], [u8; LABELS])>,
) {
    let mut k = 0;
    for &(start, end) in segments {
        let n = end - start;
        if let (Some(emits), Some(out)) = (emits.get(k..k + n), labels.get_mut(start..end)) {
            decode(transitions, emits, out, scratch);
        }
        k += n;
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

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// One article of the training split, prepared: tokens' rule labels, gold labels and which
/// fold of the jack-knife it belongs to.
pub(crate) struct TrainingArticle<'a> {
    pub tokens: Vec<Token<'a>>,
    pub rule_labels: Vec<u8>,
    pub gold: Vec<u8>,
    /// Word lists from this article's gold entities (added to the other folds' gazetteers).
    pub words: WordLists,
}

/// Trains a model with the averaged perceptron; deterministic for a given input.
pub(crate) fn train(articles: &[TrainingArticle], epochs: usize, folds: usize) -> Vec<u8> {
    let folds = folds.max(2);
    // Jack-knife: each article sees word lists built from the other folds only, so that the
    // weights learn how far a list learnt on *other* text can be trusted.
    let fold_gazetteers: Vec<Gazetteer> = (0..folds)
        .map(|f| {
            let mut lists = WordLists::default();
            for (a, art) in articles.iter().enumerate() {
                if a % folds != f {
                    lists.words.extend(art.words.words.iter().cloned());
                }
            }
            lists.gazetteer()
        })
        .collect();
    let contexts: Vec<ArticleContext> = articles
        .iter()
        .enumerate()
        .map(|(a, art)| {
            let mut words = WordCache::new(&fold_gazetteers[a % folds], &art.tokens);
            ArticleContext::new(&art.tokens, &art.rule_labels, &mut words)
        })
        .collect();
    let first_segs = training_segments(articles, &contexts, &fold_gazetteers);
    let first = perceptron(articles, &first_segs, epochs, |_| true);
    // The second stage learns from first-stage labels of text the first stage was not trained
    // on (jack-knifed again), as it will see at run time.
    let mut first_labels: Vec<Vec<u8>> = articles.iter().map(|a| vec![O; a.tokens.len()]).collect();
    for f in 0..folds {
        let held_out = perceptron(articles, &first_segs, epochs, |a| a % folds != f);
        for (a, art) in articles.iter().enumerate().filter(|(a, _)| a % folds == f) {
            let mut words = WordCache::new(&fold_gazetteers[a % folds], &art.tokens);
            first_labels[a] = held_out.tag(&art.tokens, &contexts[a], &mut words);
        }
    }
    let contexts: Vec<ArticleContext> = contexts
        .into_iter()
        .zip(first_labels)
        .zip(articles)
        .enumerate()
        .map(|(a, ((ctx, labels), art))| {
            let mut words = WordCache::new(&fold_gazetteers[a % folds], &art.tokens);
            ctx.with_first_stage(&art.tokens, labels, &mut words)
        })
        .collect();
    let second_segs = training_segments(articles, &contexts, &fold_gazetteers);
    let second = perceptron(articles, &second_segs, epochs, |_| true);

    let mut all = WordLists::default();
    for art in articles {
        all.words.extend(art.words.words.iter().cloned());
    }
    let all = all.merged();
    let mut out = Vec::with_capacity((1 << BITS) * LABELS * 4 + 1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&BITS.to_le_bytes());
    let words: Vec<&(String, u8)> = all
        .words
        .iter()
        .filter(|(w, _)| !w.is_empty() && w.len() < 256)
        .collect();
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for (word, flag) in words {
        out.push(*flag);
        out.push(word.len() as u8);
        out.extend_from_slice(word.as_bytes());
    }
    out.extend_from_slice(&2u32.to_le_bytes());
    for stage in [first, second] {
        let max = stage
            .weights
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = max / f32::from(i16::MAX);
        out.extend_from_slice(&scale.to_le_bytes());
        for row in &stage.transitions {
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        for x in &stage.weights {
            out.extend_from_slice(&((x / scale).round() as i16).to_le_bytes());
        }
    }
    out
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
    gazetteers: &[Gazetteer],
) -> Vec<Segment> {
    let mut segs = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        let mut words = WordCache::new(&gazetteers[a % gazetteers.len()], &art.tokens);
        for (start, end) in segments(&art.tokens) {
            let feats = (start..end)
                .map(|i| {
                    let mut f = Vec::new();
                    features(&art.tokens, i, &contexts[a], &mut words, &mut f);
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

/// The averaged structured perceptron over the segments of the articles `use_article` accepts.
fn perceptron(
    articles: &[TrainingArticle],
    segs: &[Segment],
    epochs: usize,
    use_article: impl Fn(usize) -> bool,
) -> Stage {
    let n = (1usize << BITS) * LABELS;
    let mut w = vec![0f32; n];
    let mut u = vec![0f32; n];
    let mut tw = [[0f32; LABELS]; LABELS + 1];
    let mut tu = [[0f32; LABELS]; LABELS + 1];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..segs.len())
        .filter(|&s| use_article(segs[s].article))
        .collect();
    let mut seed: u64 = 0x5eed;
    let mut predicted = Vec::new();
    for _ in 0..epochs {
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
