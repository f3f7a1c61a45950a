//! What unlabelled text says of words, for the tagger: how often a word is written with a
//! capital inside a sentence (`soldi` never is, `Muzzarelli` always is), and a word cluster
//! (words used in the same contexts — towns with towns, surnames with surnames) as a path in
//! a binary tree, so that features can read it at several depths as Brown clusters are read.
//!
//! It also counts in which contexts a capitalised word stands: a person's (after a known
//! first name, after a title, before an age) or a place's (after `in`, `verso`, `presso`,
//! `residente a`, `comune di`).
//!
//! Clusters come from bisecting spherical k-means over each word's contexts: the word before
//! and the word after it (one of the most frequent words, or else its class: a known first
//! name, a title, or the shape of the word: capitalised, lower case, number, mark), weighted
//! by positive pointwise mutual information.
//! Deterministic: the same texts give the same table. The output is a word list (no sentence
//! survives), written by `examples/word_stats.rs` to `models/word_stats.tsv`.

use std::collections::HashMap;

use super::super::lexicon::{FxBuild, Lexicon, FIRST, TITLE};
use super::super::tagger::WordFigures;
use super::super::text::nfc;
use super::super::tokens::{self, Kind, Shape, Token};
use super::WordStats;

/// Words seen fewer times get no figures.
const MIN_COUNT: u32 = 3;
/// Words seen fewer times get no cluster (too few contexts to place them).
const MIN_CLUSTER_COUNT: u32 = 5;
/// Context words kept as themselves; the others are read by their shape.
const CONTEXT_WORDS: usize = 2000;
/// Depth of the cluster tree (a path fits a `u16` with its leading 1).
const MAX_DEPTH: usize = 15;
/// A cluster with fewer words is not split further.
const MIN_SPLIT: usize = 8;
/// Passes of 2-means at each split.
const PASSES: usize = 6;

/// The capitalisation bin of a word from its occurrences inside a sentence: `1` never or
/// nearly never capitalised … `5` nearly always (`0`: too few occurrences).
fn caps_bin(capitalised: u32, all: u32) -> u8 {
    if all < MIN_COUNT {
        return 0;
    }
    let ratio = f64::from(capitalised) / f64::from(all);
    match ratio {
        r if r < 0.05 => 1,
        r if r < 0.3 => 2,
        r if r < 0.7 => 3,
        r if r < 0.95 => 4,
        _ => 5,
    }
}

/// The role bin from the counts of a word's person and place contexts: 1 mostly a place's,
/// 2 both, 3 mostly a person's (0: fewer than two such contexts).
fn role_bin(person: u32, place: u32) -> u8 {
    let all = person + place;
    if all < 2 {
        return 0;
    }
    match f64::from(person) / f64::from(all) {
        r if r < 0.25 => 1,
        r if r <= 0.75 => 2,
        _ => 3,
    }
}

/// Is the capitalised word at `k` in a person's context (after a known first name or a title,
/// before an age), in a place's (after `in`, `verso`, `presso`, `residente a`, `comune di`)?
fn context_roles(tokens: &[Token], k: usize) -> (bool, bool) {
    let at = |j: Option<usize>| j.and_then(|j| tokens.get(j));
    let prev = at(k.checked_sub(1));
    let word = |t: Option<&Token>, words: &[&str]| {
        t.is_some_and(|t| t.kind == Kind::Word && words.contains(&t.text))
    };
    let first_before = prev.is_some_and(|p| p.shape == Shape::Capitalised && p.has(FIRST));
    let title_before = prev.is_some_and(|p| p.shape == Shape::Lower && p.has(TITLE));
    let age_after = at(Some(k + 1)).is_some_and(|t| t.text == ",")
        && at(Some(k + 2)).is_some_and(|t| t.kind == Kind::Number)
        && at(Some(k + 3)).is_some_and(|t| t.text == "anni");
    // `a Carpi` but also `disse ad Ada`: `a` and `di` count only after a word of residence.
    let place = word(prev, &["in", "verso", "presso"])
        || (word(prev, &["a", "ad", "di"])
            && word(
                at(k.checked_sub(2)),
                &[
                    "abita",
                    "comune",
                    "frazione",
                    "località",
                    "nata",
                    "nato",
                    "paese",
                    "provincia",
                    "residente",
                    "residenti",
                    "zona",
                ],
            ));
    (first_before || title_before || age_after, place)
}

/// What a context slot holds: one of the frequent words (by index) or a shape.
fn shape_context(t: Option<&Token>) -> u32 {
    match t {
        None => 0,
        Some(t) if t.kind == Kind::Break => 0,
        Some(t) if t.kind == Kind::Number => 1,
        Some(t) if t.kind == Kind::Punct => match t.text.chars().next() {
            Some('.' | '!' | '?' | '…') => 2,
            Some(',') => 3,
            Some('(' | ')' | '[' | ']') => 4,
            Some(':' | ';') => 5,
            _ => 6,
        },
        Some(t) if t.has(FIRST) && t.shape == Shape::Capitalised => 14,
        Some(t) if t.has(TITLE) && t.shape == Shape::Lower => 15,
        Some(t) => match t.shape {
            Shape::Capitalised if t.sent_start => 7,
            Shape::Capitalised => 8,
            Shape::Upper => 9,
            Shape::Initial => 10,
            Shape::Elision => 11,
            Shape::Lower => 12,
            Shape::Caseless => 13,
        },
    }
}

const SHAPES: u32 = 16;

/// Computes the table from paragraphs of unlabelled text.
pub fn word_stats<S: AsRef<str>>(paragraphs: &[S]) -> WordStats {
    let lexicon = Lexicon::new();
    // Pass 1: counts, and capitalisation inside sentences.
    let mut ids: HashMap<String, u32, FxBuild> = HashMap::default();
    let mut words: Vec<String> = Vec::new();
    let mut count: Vec<u32> = Vec::new();
    let mut mid: Vec<(u32, u32)> = Vec::new();
    // Capitalised inside a sentence in a person's context, in a place's.
    let mut roles: Vec<(u32, u32)> = Vec::new();
    let mut sequences: Vec<Vec<(u32, u32)>> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let text = nfc(p.as_ref());
        let mut tokens = Vec::new();
        tokens::tokenize(&text, &lexicon, &mut tokens);
        // Each token as (word id or u32::MAX, shape context).
        let mut seq = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let shape = shape_context(Some(t));
            if t.kind != Kind::Word {
                seq.push((u32::MAX, shape));
                continue;
            }
            let lower = t.text.to_lowercase().replace('\u{2019}', "'");
            let id = *ids.entry(lower).or_insert_with_key(|w| {
                words.push(w.clone());
                count.push(0);
                mid.push((0, 0));
                roles.push((0, 0));
                (words.len() - 1) as u32
            });
            count[id as usize] += 1;
            if !t.sent_start && matches!(t.shape, Shape::Capitalised | Shape::Lower) {
                let m = &mut mid[id as usize];
                m.1 += 1;
                m.0 += u32::from(t.shape == Shape::Capitalised);
            }
            seq.push((id, shape));
        }
        for k in 0..tokens.len() {
            let t = &tokens[k];
            if t.kind != Kind::Word || t.shape != Shape::Capitalised || t.sent_start {
                continue;
            }
            let (person, place) = context_roles(&tokens, k);
            if let Some(&(id, _)) = seq.get(k) {
                if let Some(r) = roles.get_mut(id as usize) {
                    r.0 += u32::from(person);
                    r.1 += u32::from(place);
                }
            }
        }
        sequences.push(seq);
    }
    // The frequent words are context features of their own.
    let mut by_count: Vec<u32> = (0..words.len() as u32).collect();
    by_count.sort_by(|&a, &b| count[b as usize].cmp(&count[a as usize]).then(a.cmp(&b)));
    let mut context_index: HashMap<u32, u32, FxBuild> = HashMap::default();
    for (k, &id) in by_count.iter().take(CONTEXT_WORDS).enumerate() {
        context_index.insert(id, SHAPES + k as u32);
    }
    let dims_per_side = SHAPES + CONTEXT_WORDS as u32;
    let ctx_of =
        |(id, shape): (u32, u32)| -> u32 { context_index.get(&id).copied().unwrap_or(shape) };
    // The words to cluster, and their context counts (left: d, right: dims_per_side + d).
    let clustered: Vec<u32> = by_count
        .iter()
        .copied()
        .filter(|&id| count[id as usize] >= MIN_CLUSTER_COUNT)
        .collect();
    let mut row_of: HashMap<u32, usize, FxBuild> = HashMap::default();
    for (r, &id) in clustered.iter().enumerate() {
        row_of.insert(id, r);
    }
    let mut pairs: HashMap<(u32, u32), f32, FxBuild> = HashMap::default();
    for seq in &sequences {
        for (k, &(id, _)) in seq.iter().enumerate() {
            let Some(&r) = row_of.get(&id) else {
                continue;
            };
            let left = k.checked_sub(1).map_or(0, |j| ctx_of(seq[j]));
            let right = seq.get(k + 1).map_or(0, |&x| ctx_of(x));
            *pairs.entry((r as u32, left)).or_default() += 1.0;
            *pairs.entry((r as u32, dims_per_side + right)).or_default() += 1.0;
        }
    }
    let vectors = ppmi_rows(clustered.len(), 2 * dims_per_side as usize, pairs);
    let paths = bisect(&vectors, 2 * dims_per_side as usize);

    let mut out = WordStats::default();
    for (id, word) in words.iter().enumerate() {
        let (capitalised, all) = mid[id];
        let figures = WordFigures {
            caps: caps_bin(capitalised, all),
            role: role_bin(roles[id].0, roles[id].1),
            cluster: row_of.get(&(id as u32)).map_or(0, |&r| paths[r]),
        };
        if figures != WordFigures::default() {
            out.words.push((word.clone(), figures));
        }
    }
    out.words.sort();
    out
}

/// Sparse rows, each `(dimension, weight)` sorted by dimension and of unit length.
type Rows = Vec<Vec<(u32, f32)>>;

/// Positive pointwise mutual information of the counts, rows normalised to unit length.
fn ppmi_rows(n_rows: usize, dims: usize, pairs: HashMap<(u32, u32), f32, FxBuild>) -> Rows {
    let mut row_sum = vec![0f64; n_rows];
    let mut col_sum = vec![0f64; dims];
    let mut total = 0f64;
    let mut entries: Vec<((u32, u32), f32)> = pairs.into_iter().collect();
    entries.sort_unstable_by_key(|&(k, _)| k);
    for &((r, d), c) in &entries {
        row_sum[r as usize] += f64::from(c);
        col_sum[d as usize] += f64::from(c);
        total += f64::from(c);
    }
    let mut rows: Rows = vec![Vec::new(); n_rows];
    for ((r, d), c) in entries {
        let pmi = (f64::from(c) * total / (row_sum[r as usize] * col_sum[d as usize])).ln();
        if pmi > 0.0 {
            rows[r as usize].push((d, pmi as f32));
        }
    }
    for row in &mut rows {
        let norm = row.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            row.iter_mut().for_each(|(_, w)| *w /= norm);
        }
    }
    rows
}

fn dot(row: &[(u32, f32)], centre: &[f32]) -> f32 {
    row.iter().map(|&(d, w)| w * centre[d as usize]).sum()
}

/// The cluster path of every row: splits the rows in two by spherical 2-means, then each half
/// again, down to [`MAX_DEPTH`] levels or clusters of fewer than [`MIN_SPLIT`] rows.
fn bisect(rows: &Rows, dims: usize) -> Vec<u16> {
    let mut paths = vec![1u16; rows.len()];
    // Rows are in decreasing frequency: the first row of a cluster is its most frequent word.
    let mut work: Vec<(Vec<usize>, usize)> = vec![((0..rows.len()).collect(), 0)];
    let mut centres = [vec![0f32; dims], vec![0f32; dims]];
    while let Some((members, depth)) = work.pop() {
        if depth >= MAX_DEPTH || members.len() < MIN_SPLIT {
            continue;
        }
        // Seeds: the most frequent word, and the word least like it.
        let first = members[0];
        let far = members
            .iter()
            .copied()
            .min_by(|&a, &b| {
                let (x, y) = (
                    similarity(&rows[a], &rows[first]),
                    similarity(&rows[b], &rows[first]),
                );
                x.total_cmp(&y).then(a.cmp(&b))
            })
            .unwrap_or(first);
        for (c, seed) in centres.iter_mut().zip([first, far]) {
            c.iter_mut().for_each(|x| *x = 0.0);
            for &(d, w) in &rows[seed] {
                c[d as usize] = w;
            }
        }
        let mut side = vec![false; members.len()];
        for _ in 0..PASSES {
            for (k, &m) in members.iter().enumerate() {
                side[k] = dot(&rows[m], &centres[1]) > dot(&rows[m], &centres[0]);
            }
            for (s, c) in centres.iter_mut().enumerate() {
                c.iter_mut().for_each(|x| *x = 0.0);
                for (k, &m) in members.iter().enumerate() {
                    if side[k] == (s == 1) {
                        for &(d, w) in &rows[m] {
                            c[d as usize] += w;
                        }
                    }
                }
                let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    c.iter_mut().for_each(|x| *x /= norm);
                }
            }
        }
        let mut zero = Vec::new();
        let mut one = Vec::new();
        for (&m, &s) in members.iter().zip(&side) {
            if s {
                one.push(m);
            } else {
                zero.push(m);
            }
        }
        if zero.is_empty() || one.is_empty() {
            continue;
        }
        for &m in &zero {
            paths[m] <<= 1;
        }
        for &m in &one {
            paths[m] = (paths[m] << 1) | 1;
        }
        work.push((one, depth + 1));
        work.push((zero, depth + 1));
    }
    paths
}

/// Cosine similarity of two unit rows.
fn similarity(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Levels two cluster paths share from the root.
    fn shared_levels(a: u16, b: u16) -> u32 {
        let (la, lb) = (15 - a.leading_zeros(), 15 - b.leading_zeros());
        let len = la.min(lb);
        let (a, b) = (a >> (la - len), b >> (lb - len));
        len - (16 - (a ^ b).leading_zeros()).min(len)
    }

    #[test]
    fn words_in_like_contexts_share_a_cluster() {
        let towns = [
            "Carpi",
            "Sassuolo",
            "Vignola",
            "Mirandola",
            "Pavullo",
            "Finale",
        ];
        let names = [
            "Rossi",
            "Bianchi",
            "Ferrari",
            "Malagoli",
            "Gualtieri",
            "Bertoni",
        ];
        let mut text = Vec::new();
        for (k, (town, name)) in towns.iter().zip(names).enumerate() {
            let other = towns[(k + 1) % towns.len()];
            for _ in 0..4 {
                text.push(format!(
                    "Ieri in {town} il signor {name} ha detto che piove."
                ));
                text.push(format!("Il sindaco {name} abita vicino a {other} da anni."));
                text.push(format!(
                    "Da {town} a {other} la strada è chiusa, dice {name}."
                ));
            }
        }
        let stats = word_stats(&text);
        let path = |w: &str| {
            let lower = w.to_lowercase();
            stats
                .words
                .iter()
                .find(|(x, _)| *x == lower)
                .map_or(0, |x| x.1.cluster)
        };
        // Towns share a cluster, surnames share another.
        let town = path(towns[0]);
        let name = path(names[0]);
        assert!(town > 1 && name > 1 && town != name, "{:?}", stats.words);
        assert!(towns.iter().all(|t| path(t) == town), "{:?}", stats.words);
        assert!(names.iter().all(|n| path(n) == name), "{:?}", stats.words);
        assert!(shared_levels(town, path("ieri")) < shared_levels(town, town));
        // Always capitalised inside a sentence; `ieri` only opens sentences here.
        let caps = |w: &str| {
            stats
                .words
                .iter()
                .find(|x| x.0 == w)
                .map_or(0, |x| x.1.caps)
        };
        let role = |w: &str| {
            stats
                .words
                .iter()
                .find(|x| x.0 == w)
                .map_or(0, |x| x.1.role)
        };
        assert_eq!((role("carpi"), role("rossi"), role("ieri")), (1, 3, 0));
        assert_eq!(
            (caps("carpi"), caps("rossi"), caps("ieri"), caps("strada")),
            (5, 5, 0, 1)
        );
        // Same input, same table.
        assert_eq!(word_stats(&text).words, stats.words);
    }

    #[test]
    fn capitalisation_bins() {
        assert_eq!(caps_bin(0, 2), 0);
        assert_eq!(caps_bin(0, 100), 1);
        assert_eq!(caps_bin(50, 100), 3);
        assert_eq!(caps_bin(100, 100), 5);
        assert_eq!(
            (
                role_bin(1, 0),
                role_bin(0, 5),
                role_bin(3, 3),
                role_bin(9, 1)
            ),
            (0, 1, 2, 3)
        );
    }
}
