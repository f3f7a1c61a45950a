//! The identity rules over a group of related names (every name that shares
//! a last word or a spelling key with another of the group, so that nothing
//! outside the group can change what the rules decide inside it).
//!
//! 1. Names with one spelling key are one person written several ways
//!    (`Gian Carlo` / `Giancarlo Muzzarelli`, `Bergamini Moreno` /
//!    `Moreno Bergamini`): a *cluster*.
//! 2. A cluster whose names end longer names of other clusters (`Menani`,
//!    `Francesco Menani` of `Gian Francesco Menani`) joins the identity those
//!    longer names have when that identity is *dominant*: the only one, or
//!    named by at least [`DOMINANT_SHARE`] of the articles that give one of
//!    those longer names (`Muzzarelli`: `Gian Carlo Muzzarelli` in 64
//!    articles, `Stefano Muzzarelli` in 1). Otherwise (`Rossi`: `Paolo Rossi`
//!    and `Anna Rossi`) a name of two words or more stays an identity of its
//!    own, while a lone surname is *no identity*: like a lone first name it
//!    is several people (listing `Giovanardi` beside `Carlo Giovanardi` and
//!    `Daniele Giovanardi` would show one of them twice, or a person who is
//!    nobody); it stays searchable with `--person`. Longer clusters are
//!    decided first, so `Carlo Muzzarelli` has joined `Gian Carlo Muzzarelli`
//!    before `Muzzarelli` counts its candidates.
//! 3. An identity is shown under a full name written given name first, the
//!    commonest, its own cluster's names weighing four times a shorter
//!    form's (see `identities`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::forms::Form;

/// The share of articles (numerator, denominator) a full name must have
/// among the full names a short name could stand for, for the short name to
/// be read as that person. A wrong link files articles under somebody else,
/// which is worse than leaving a surname alone (it is still found with
/// `--person`), hence nine in ten.
pub(crate) const DOMINANT_SHARE: (u64, u64) = (9, 10);

/// What the rules need to know of one name.
pub(crate) struct NameFacts<'a> {
    pub form: &'a Form,
    /// Articles that give the name.
    pub articles: u32,
}

/// Decides the identity of every name of `group` (all of kind
/// [`super::forms::Kind::Person`]). Returns each name's identity: the name
/// it is shown under, or `None` for a lone surname that several people of
/// the archive share.
pub(crate) fn identities<'a>(
    group: &BTreeMap<Arc<str>, NameFacts<'a>>,
) -> HashMap<Arc<str>, Option<Arc<str>>> {
    // Every proper word-suffix of every name → the names it ends: a short
    // name finds its longer names directly, so the rules cost the number of
    // words of the group, whatever the number of names sharing a surname.
    let mut ending: HashMap<&[String], Vec<&Arc<str>>> = HashMap::new();
    for (name, facts) in group {
        let words = facts.form.words.as_slice();
        for start in 1..words.len() {
            ending.entry(&words[start..]).or_default().push(name);
        }
    }
    let mut clusters: BTreeMap<&str, Vec<&Arc<str>>> = BTreeMap::new();
    for (name, facts) in group {
        clusters.entry(&facts.form.key).or_default().push(name);
    }
    let longest = |members: &[&Arc<str>]| {
        members
            .iter()
            .map(|m| group[*m].form.words.len())
            .max()
            .unwrap_or(0)
    };
    let mut order: Vec<(&str, usize)> = clusters
        .iter()
        .map(|(key, members)| (*key, longest(members)))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));

    // Cluster key → the key of the cluster whose identity it has.
    let mut root: HashMap<&str, &str> = HashMap::new();
    // Lone surnames that end the names of several people, none dominant.
    let mut shared_surnames: HashSet<&str> = HashSet::new();
    for &(key, _) in &order {
        let mut evidence: BTreeMap<&str, u64> = BTreeMap::new();
        let mut seen: HashSet<&Arc<str>> = HashSet::new();
        for member in &clusters[key] {
            let form = group[*member].form;
            for &longer in ending.get(form.words.as_slice()).into_iter().flatten() {
                let facts = &group[longer];
                if facts.form.key == key {
                    continue;
                }
                if !seen.insert(longer) {
                    continue;
                }
                let candidate = root
                    .get(facts.form.key.as_str())
                    .copied()
                    .unwrap_or(facts.form.key.as_str());
                if candidate != key {
                    *evidence.entry(candidate).or_default() += u64::from(facts.articles);
                }
            }
        }
        let total: u64 = evidence.values().sum();
        // The most articles; among equals the first key, so the choice never
        // depends on the order names arrived in.
        let top = evidence
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
        let joined = match top {
            Some((candidate, &articles))
                if articles * DOMINANT_SHARE.1 >= total * DOMINANT_SHARE.0 =>
            {
                *candidate
            }
            _ => {
                let lone = clusters[key]
                    .iter()
                    .all(|m| group[*m].form.words.len() == 1);
                if lone && !evidence.is_empty() {
                    shared_surnames.insert(key);
                }
                key
            }
        };
        root.insert(key, joined);
    }

    // A cluster may have joined one decided after it (same length, later
    // key) that joined another in turn: follow the links to the end.
    let final_root = |mut key: &'a str| -> &'a str {
        for _ in 0..clusters.len() {
            match root.get(key) {
                Some(&next) if next != key => key = next,
                _ => break,
            }
        }
        key
    };
    // The name each identity is shown under: among its names of two words or
    // more (all its names if it has none), given name first, then the most
    // articles, a name of the identity's own cluster counting four times (a
    // full name beats a shorter form unless the shorter form is much more
    // common: `Scalera Souhaib Haddada`, written once with a stray word, does
    // not name the person nineteen articles call `Souhaib Haddada`), then
    // the most words.
    let mut shown: HashMap<&str, &Arc<str>> = HashMap::new();
    let rank = |name: &Arc<str>, identity: &str| {
        let facts = &group[name];
        let own = facts.form.key == identity;
        (
            facts.form.words.len() >= 2,
            facts.form.given_first,
            u64::from(facts.articles) * if own { 4 } else { 1 },
            facts.form.words.len(),
        )
    };
    for (name, facts) in group {
        let identity = final_root(facts.form.key.as_str());
        let better = match shown.get(identity) {
            None => true,
            Some(best) => match rank(name, identity).cmp(&rank(best, identity)) {
                std::cmp::Ordering::Equal => name < *best,
                order => order.is_gt(),
            },
        };
        if better {
            shown.insert(identity, name);
        }
    }
    let mut identities = HashMap::with_capacity(group.len());
    for (name, facts) in group {
        let root = final_root(facts.form.key.as_str());
        let identity = (!shared_surnames.contains(root))
            .then(|| Arc::clone(shown.get(root).copied().unwrap_or(name)));
        identities.insert(Arc::clone(name), identity);
    }
    identities
}
