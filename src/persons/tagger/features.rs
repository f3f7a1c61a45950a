//! The tagger's features: which tokens it labels, and the hashed feature buckets of each,
//! read from the token, its neighbours, the word lists, the rule stage and the article.

use super::super::lexicon::{
    ADVERB, ASIAN_SURNAME, AUX, DETERMINER, FIRST, FOREIGN_PARTICLE, FUNCTION, HARD_STOP, ORG,
    PARTICLE, PLACE_PREFIX, REGNAL, SAINT, SAY_PARTICIPLE, SAY_PRESENT, SOFT_STOP, TITLE,
};
use super::super::tokens::{Kind, Shape, Token};
use super::super::vetoes;
use super::words::{WordCache, G_ALL, G_FIRST};
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
    /// Every group this version knows (bits 0 and 4 held groups that cross-validation
    /// dropped: see docs/EVALUATION.md).
    pub const KNOWN: u32 = Self::PLACE | Self::WIDE | Self::STATS | Self::SHARE;

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

/// Segments of consecutive eligible tokens.
pub(crate) fn segments(tokens: &[Token]) -> Vec<(usize, usize)> {
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

/// The features both stages read: the token, its neighbours, the word lists, the rules and
/// the article. Their order is the order the weights are summed in, which decoding depends on
/// to the last bit: do not reorder them.
pub(crate) fn base_features(
    tokens: &[Token],
    i: usize,
    ctx: &ArticleContext,
    words: &mut WordCache,
    bits: u32,
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
    let mut push = |h: FeatureHash| out.push(h.bucket(bits));
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
        let mut bits = g & G_ALL;
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

    // The optional groups, after the base set.
    let set = ctx.set;
    if set.has(FeatureSet::PLACE) {
        let place = |h: FeatureHash| vetoes::is_place_key(h.hash());
        let one = FeatureHash::new(0).text(t.text);
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
        let (t_3, t3) = (at(-3), at(3));
        push(FeatureHash::new(44).text(word(t_3)));
        push(FeatureHash::new(45).text(word(t3)));
        push(FeatureHash::new(46).text(t.text).text(" ").text(word(t1)));
        push(FeatureHash::new(47).text(word(t_1)).text(" ").text(t.text));
        push(FeatureHash::new(48).text(suffix(t.text, 4)));
        push(
            FeatureHash::new(49)
                .text(word(t_2))
                .text(" ")
                .text(word(t_1)),
        );
    }
    if set.has(FeatureSet::STATS) {
        let mut info = |d: isize| index(d).map(|j| words.info(tokens, j)).unwrap_or_default();
        let (w0, w_1, w1) = (info(0), info(-1), info(1));
        push(FeatureHash::new(50).num(u64::from(w0.figures.caps)));
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
        for (template, c) in [
            (53u8, w0.figures.cluster),
            (56, w_1.figures.cluster),
            (59, w1.figures.cluster),
        ] {
            for (k, depth) in [4u32, 8, 12].into_iter().enumerate() {
                push(FeatureHash::new(template + k as u8).num(u64::from(cluster_prefix(c, depth))));
            }
        }
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
        push(FeatureHash::new(64).num(u64::from(w0.figures.role)));
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
