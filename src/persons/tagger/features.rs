//! The tagger's features: which tokens it labels, and the hashed feature buckets of each,
//! read from the token, its neighbours, the word lists, the rule stage and the article.

use super::super::lexicon::{
    ADVERB, ASIAN_SURNAME, AUX, DETERMINER, FIRST, FOREIGN_PARTICLE, FUNCTION, HARD_STOP, ORG,
    PARTICLE, PLACE_PREFIX, REGNAL, SAINT, SAY_PARTICIPLE, SAY_PRESENT, SOFT_STOP, TITLE,
};
use super::super::tokens::{Kind, Shape, Token};
use super::super::vetoes;
use super::words::{WordCache, WordInfo, G_ALL, G_FIRST};
use super::{I, O};

/// Groups of features beyond the base set, recorded in the model file: a model is always read
/// with the features it was trained with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeatureSet(pub u32);

impl FeatureSet {
    /// The word, or the word with its neighbour, is an Italian town, province or region.
    pub const PLACE: u32 = 1 << 1;
    /// A wider window: words three away, word bigrams, four-letter affixes.
    pub const WIDE: u32 = 1 << 2;
    /// What unlabelled text says of the word and its neighbours: cluster, capitalisation.
    pub const STATS: u32 = 1 << 3;
    /// Second stage: what share of the word's capitalised occurrences in the article the first
    /// stage put in a name, and how many there are.
    pub const SHARE: u32 = 1 << 5;
    /// All-capital words of three letters or more (`DE GASPERI`, a speaker in a parliament's
    /// records) are labelled too, read by their lexicon flags and word figures as any other
    /// spelling of the word.
    pub const UPPER: u32 = 1 << 6;
    /// Every group this version knows (bits 0 and 4 held groups that cross-validation
    /// dropped: see docs/EVALUATION.md).
    pub const KNOWN: u32 = Self::PLACE | Self::WIDE | Self::STATS | Self::SHARE | Self::UPPER;

    pub fn has(self, group: u32) -> bool {
        self.0 & group != 0
    }
}

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
pub(crate) struct FeatureHash(u64);

impl FeatureHash {
    pub(crate) fn new(template: u8) -> Self {
        let mut h = FeatureHash(0);
        h.add(u64::from(template) + 1);
        h
    }

    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub(crate) fn text(mut self, text: &str) -> Self {
        for b in text.bytes() {
            self.add(u64::from(b.to_ascii_lowercase()));
        }
        self
    }

    fn num(mut self, x: u64) -> Self {
        self.add(x.wrapping_add(0x9e37));
        self
    }

    pub(crate) fn hash(self) -> u64 {
        self.0
    }

    /// The bucket of the feature in a table of `2^bits` buckets.
    fn bucket(self, bits: u32) -> u32 {
        // The high bits of a multiplicative hash are the well-mixed ones.
        (self.0 >> (64 - bits)) as u32
    }
}

/// Can this token be part of a person name? Others are `O` without scoring.
pub(crate) fn eligible(tokens: &[Token], i: usize, set: FeatureSet) -> bool {
    let t = &tokens[i];
    if t.kind != Kind::Word {
        return false;
    }
    match t.shape {
        Shape::Capitalised | Shape::Initial => true,
        Shape::Upper => {
            (t.is_roman() && i > 0 && tokens[i - 1].is_name())
                || (set.has(FeatureSet::UPPER) && upper_name_word(tokens, i))
        }
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

/// Can the all-capital word `i` be a word of a name: three letters or more, or a particle
/// (`DE`, `DI`) before such a word.
fn upper_name_word(tokens: &[Token], i: usize) -> bool {
    let long = |t: &Token| {
        t.kind == Kind::Word
            && t.shape == Shape::Upper
            && !t.is_roman()
            && t.text
                .chars()
                .filter(|c| c.is_alphabetic())
                .nth(2)
                .is_some()
    };
    let t = &tokens[i];
    long(t) || (t.has(PARTICLE | FOREIGN_PARTICLE) && tokens.get(i + 1).is_some_and(long))
}

/// Segments of consecutive eligible tokens.
pub(crate) fn segments(tokens: &[Token], set: FeatureSet) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        // Nine tokens in ten are lower-case words or punctuation: a glance at the token alone,
        // without branches, rules them out before [`eligible`] looks at the neighbours.
        let word = t.kind == Kind::Word;
        let shaped = matches!(t.shape, Shape::Capitalised | Shape::Initial | Shape::Upper);
        let maybe = word & (shaped | t.is_name() | (t.flags & (PARTICLE | FOREIGN_PARTICLE) != 0));
        match (maybe && eligible(tokens, i, set), start) {
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

/// What an article tells about its words, beyond the token itself.
pub(crate) struct ArticleContext<'a> {
    pub set: FeatureSet,
    /// Rule labels (`O`/`B`/`I`) of each token, from the rule stage.
    pub rule_labels: &'a [u8],
    /// Word keys written capitalised inside a sentence somewhere in the article.
    mid_caps: Vec<u64>,
    /// Word keys that are a later word of a capitalised run opening with a first name.
    surnames: Vec<u64>,
    /// Word keys found by the rules inside a person name somewhere in the article.
    rule_words: Vec<u64>,
    /// For the second stage: what the first stage found.
    pub first_stage: Option<FirstStage>,
}

impl<'a> ArticleContext<'a> {
    pub(crate) fn new(
        tokens: &[Token],
        rule_labels: &'a [u8],
        words: &mut WordCache,
        set: FeatureSet,
    ) -> Self {
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
            set,
            rule_labels,
            mid_caps,
            surnames,
            rule_words,
            first_stage: None,
        }
    }

    /// Adds the first stage's labels, for the second stage's features.
    pub(crate) fn with_first_stage(
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
    /// Per word key: capitalised occurrences put in a name, all capitalised occurrences.
    share: Vec<(u64, u32, u32)>,
}

impl FirstStage {
    pub(crate) fn new(tokens: &[Token], labels: Vec<u8>, words: &mut WordCache) -> Self {
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
        let mut occurrences: Vec<(u64, bool)> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.shape == Shape::Capitalised)
            .map(|(k, _)| (words.key(tokens, k), labels.get(k).is_some_and(|&l| l != O)))
            .collect();
        occurrences.sort_unstable();
        let mut share: Vec<(u64, u32, u32)> = Vec::new();
        for (key, named) in occurrences {
            match share.last_mut() {
                Some((k, n, all)) if *k == key => {
                    *n += u32::from(named);
                    *all += 1;
                }
                _ => share.push((key, u32::from(named), 1)),
            }
        }
        FirstStage {
            labels,
            multi,
            any,
            share,
        }
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

/// The feature buckets (of `2^bits`) of token `i`, appended to `out`: those of
/// [`base_features`], and for the second stage those of [`first_stage_features`] after them.
pub(crate) fn features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    bits: u32,
    out: &mut Vec<u32>,
) {
    base_features(tokens, i, ctx, words, bits, out);
    if let Some(first) = &ctx.first_stage {
        first_stage_features(tokens, i, first, words, ctx.set, bits, out);
    }
}

/// The token `d` away from `i`, unless there is none or it is a paragraph break.
fn neighbour(tokens: &[Token], i: usize, d: isize) -> Option<usize> {
    let j = i.checked_add_signed(d)?;
    tokens.get(j).filter(|t| t.kind != Kind::Break).map(|_| j)
}

/// The key of no word (before the first token, across a paragraph break): the key of the
/// empty text.
const NO_WORD: u64 = 0x5fd5_a6ad_4e5b_9c11;

/// The positions, relative to the token, whose words' own features [`word_features`] gives,
/// in the order they are summed.
fn word_positions(set: FeatureSet) -> &'static [isize] {
    if set.has(FeatureSet::WIDE) {
        &[0, -1, 1, -2, 2, -3, 3]
    } else {
        &[0, -1, 1, -2, 2]
    }
}

/// The features both stages read: the token, its neighbours, the word lists, the rules and
/// the article: the features of each word around it ([`word_features`]), then those of the
/// token in its context ([`context_features`]). Their order is the order the weights are
/// summed in: training and tagging must keep it.
pub(crate) fn base_features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    bits: u32,
    out: &mut Vec<u32>,
) {
    for &d in word_positions(ctx.set) {
        let j = neighbour(tokens, i, d);
        // What the word table knows is read for the token and its two neighbours only: a
        // look-up in a table of 37,000 words is most of a feature's cost.
        let (key, info) = j.map_or((NO_WORD, WordInfo::default()), |j| {
            let info = if d.abs() <= 1 {
                words.info(tokens, j)
            } else {
                WordInfo::default()
            };
            (words.key(tokens, j), info)
        });
        word_features(tokens, j, d, key, info, ctx.set, bits, out);
    }
    let mut info = |d: isize| {
        neighbour(tokens, i, d)
            .map(|j| words.info(tokens, j))
            .unwrap_or_default()
    };
    let infos = [info(-1), info(0), info(1)];
    context_features(tokens, i, ctx, words, infos, bits, out);
}

/// The features of the word `j` (`None`: no word there) seen from the token `d` away: its
/// text, affixes, lexicon and gazetteer flags, word figures. A function of the word's text and
/// shape alone; `key` is its [`word_key`](super::words::word_key) and `info` what the word
/// table knows of it.
#[allow(clippy::too_many_arguments)]
fn word_features(
    tokens: &[Token],
    j: Option<usize>,
    d: isize,
    key: u64,
    info: WordInfo,
    set: FeatureSet,
    bits: u32,
    out: &mut Vec<u32>,
) {
    let t = j.and_then(|j| tokens.get(j));
    let text = t.map_or("", |t| t.text);
    let mut push = |h: FeatureHash| out.push(h.bucket(bits));
    // Templates by position: the word, its lexicon flags, its gazetteer flags, its cluster.
    let (text_template, flag_template, gazetteer_template, cluster_template) = match d {
        0 => (2u8, 16u8, Some(21u8), Some(53u8)),
        -1 => (7, 17, Some(22), Some(56)),
        1 => (9, 18, Some(23), Some(59)),
        -2 => (8, 19, None, None),
        2 => (10, 20, None, None),
        -3 => (44, 0, None, None),
        _ => (45, 0, None, None),
    };
    // The word by its key: one hash of its letters serves every template that reads it.
    push(FeatureHash::new(text_template).num(key));
    if d == 0 {
        push(FeatureHash::new(4).text(suffix(text, 3)));
        push(FeatureHash::new(5).text(suffix(text, 2)));
        push(FeatureHash::new(6).text(prefix(text, 3)));
        push(
            FeatureHash::new(15)
                .num(text.chars().count().min(12) as u64)
                .num(shape_code(t)),
        );
    }
    if flag_template != 0 {
        let flags = t.map_or(0, |t| t.flags);
        for (k, flag) in LEX_FLAGS.iter().enumerate() {
            if flags & flag != 0 {
                push(FeatureHash::new(flag_template).num(k as u64));
            }
        }
    }
    if let Some(template) = gazetteer_template {
        // A neighbour in lower case is no name: its gazetteer flags say nothing.
        let lower_neighbour = d != 0 && t.is_some_and(|t| t.shape == Shape::Lower);
        let mut g = if lower_neighbour {
            0
        } else {
            info.gazetteer & G_ALL
        };
        while g != 0 {
            push(FeatureHash::new(template).num(u64::from(g.trailing_zeros())));
            g &= g - 1;
        }
    }
    if d == 0 && set.has(FeatureSet::WIDE) {
        push(FeatureHash::new(48).text(suffix(text, 4)));
    }
    if set.has(FeatureSet::STATS) {
        if d == 0 {
            push(FeatureHash::new(50).num(u64::from(info.figures.caps)));
            push(FeatureHash::new(64).num(u64::from(info.figures.role)));
        }
        if let Some(template) = cluster_template {
            for (k, depth) in CLUSTER_DEPTHS.into_iter().enumerate() {
                push(
                    FeatureHash::new(template + k as u8)
                        .num(u64::from(cluster_prefix(info.figures.cluster, depth))),
                );
            }
        }
    }
}

/// The depths at which a word's cluster path is read (the word and its two neighbours).
const CLUSTER_DEPTHS: [u32; 3] = [4, 8, 12];

/// The features of the token in its context: its shape and the shapes around it, word pairs,
/// the rules' labels, what the article says of the word, places. `infos` is what the word
/// table knows of the word before, the token's and the word after.
fn context_features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    infos: [WordInfo; 3],
    bits: u32,
    out: &mut Vec<u32>,
) {
    let Some(t) = tokens.get(i) else {
        return;
    };
    let at = |d: isize| neighbour(tokens, i, d).map(|j| &tokens[j]);
    let mut key_at = |d: isize| neighbour(tokens, i, d).map_or(NO_WORD, |j| words.key(tokens, j));
    let (k_2, k_1, key, k1) = (key_at(-2), key_at(-1), key_at(0), key_at(1));
    let mut push = |h: FeatureHash| out.push(h.bucket(bits));
    push(FeatureHash::new(1));
    push(FeatureHash::new(3).num(shape_code(Some(t)) * 2 + u64::from(t.sent_start)));
    let (t_2, t_1, t1, t2) = (at(-2), at(-1), at(1), at(2));
    let s0 = shape_code(Some(t));
    push(FeatureHash::new(11).num(k_1).num(k1));
    push(FeatureHash::new(28).num(k_1).num(s0));
    let (s_2, s_1, s1, s2) = (
        shape_code(t_2),
        shape_code(t_1),
        shape_code(t1),
        shape_code(t2),
    );
    push(FeatureHash::new(12).num(s_1).num(s0).num(s1));
    push(FeatureHash::new(13).num(s_2).num(s_1).num(s0));
    push(FeatureHash::new(14).num(s0).num(s1).num(s2));
    let rule = |d: isize| -> u64 {
        i.checked_add_signed(d)
            .and_then(|j| ctx.rule_labels.get(j))
            .map_or(3, |&l| u64::from(l))
    };
    push(FeatureHash::new(24).num(rule(0)));
    push(FeatureHash::new(25).num(rule(-1)).num(rule(0)).num(rule(1)));
    let doc = u64::from(ctx.mid_caps.binary_search(&key).is_ok())
        | u64::from(ctx.surnames.binary_search(&key).is_ok()) << 1
        | u64::from(ctx.rule_words.binary_search(&key).is_ok()) << 2;
    push(FeatureHash::new(26).num(doc).num(u64::from(t.sent_start)));
    push(FeatureHash::new(27).num(doc).num(s0));

    let set = ctx.set;
    if set.has(FeatureSet::PLACE) {
        let place = |h: FeatureHash| vetoes::is_place_key(h.hash());
        let one = FeatureHash(key);
        let with_next = t1.is_some_and(|n| place(one.text(" ").text(n.text)));
        let with_prev =
            t_1.is_some_and(|p| place(FeatureHash::new(0).text(p.text).text(" ").text(t.text)));
        let code = u64::from(place(one)) | u64::from(with_next) << 1 | u64::from(with_prev) << 2;
        push(FeatureHash::new(42).num(code));
        push(
            FeatureHash::new(43)
                .num(code)
                .num(u64::from(t.sent_start))
                .num(s_1),
        );
    }
    if set.has(FeatureSet::WIDE) {
        push(FeatureHash::new(46).num(key).num(k1));
        push(FeatureHash::new(47).num(k_1).num(key));
        push(FeatureHash::new(49).num(k_2).num(k_1));
    }
    if set.has(FeatureSet::STATS) {
        let [w_1, w0, w1] = infos;
        push(
            FeatureHash::new(51)
                .num(u64::from(w0.figures.caps))
                .num(u64::from(t.sent_start)),
        );
        push(
            FeatureHash::new(52)
                .num(u64::from(w0.figures.caps))
                .num(doc),
        );
        push(
            FeatureHash::new(62)
                .num(u64::from(cluster_prefix(w0.figures.cluster, 6)))
                .num(s0)
                .num(u64::from(t.sent_start)),
        );
        push(
            FeatureHash::new(63)
                .num(u64::from(w_1.figures.caps))
                .num(u64::from(w0.figures.caps))
                .num(u64::from(w1.figures.caps)),
        );
        push(
            FeatureHash::new(65)
                .num(u64::from(w0.figures.role))
                .num(u64::from(w0.figures.caps))
                .num(s_1),
        );
        push(
            FeatureHash::new(66)
                .num(u64::from(w_1.figures.role))
                .num(u64::from(w0.figures.role))
                .num(u64::from(w1.figures.role)),
        );
    }
}

/// The first `depth` levels of a cluster path (the whole path if it is shorter).
fn cluster_prefix(cluster: u16, depth: u32) -> u16 {
    let len = 15u32.saturating_sub(cluster.leading_zeros());
    if len <= depth {
        cluster
    } else {
        cluster >> (len - depth)
    }
}

/// The features only the second stage reads: what the first stage found here and elsewhere in
/// the article. They come after the [`base_features`].
pub(crate) fn first_stage_features(
    tokens: &[Token],
    i: usize,
    first: &FirstStage,
    words: &mut WordCache,
    set: FeatureSet,
    bits: u32,
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
    let mut push = |h: FeatureHash| out.push(h.bucket(bits));
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
    if set.has(FeatureSet::SHARE) {
        let (named, all) = match first.share.binary_search_by_key(&key, |&(k, _, _)| k) {
            Ok(p) => (first.share[p].1, first.share[p].2),
            Err(_) => (0, 0),
        };
        // Elsewhere in the article: this occurrence's own label left out.
        let own = u32::from(label(0) != u64::from(O));
        let (named, all) = (named.saturating_sub(own), all.saturating_sub(1));
        let share = match (named, all) {
            (_, 0) => 0,
            (0, _) => 1,
            (n, a) if n * 2 < a => 2,
            (n, a) if n < a => 3,
            _ => 4,
        };
        let many = match all {
            0 => 0,
            1..=2 => 1,
            3..=9 => 2,
            _ => 3,
        };
        push(FeatureHash::new(34).num(share).num(label(0)));
        push(
            FeatureHash::new(35)
                .num(share)
                .num(many)
                .num(u64::from(t.sent_start)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_prefixes_cut_the_path() {
        // Path 1 0110 1 (the leading bit marks the start).
        let c = 0b10_1101_u16;
        assert_eq!(cluster_prefix(c, 4), 0b1_0110);
        assert_eq!(cluster_prefix(c, 5), c);
        assert_eq!(cluster_prefix(c, 12), c);
        assert_eq!(cluster_prefix(0, 4), 0);
        assert_eq!(cluster_prefix(1, 4), 1);
    }

    #[test]
    fn labels_are_those_of_bio() {
        use crate::persons::bio::Bio;
        assert_eq!((O, I), (Bio::O as u8, Bio::I as u8));
    }
}
