//! Identities across the archive: which person each name an article gives
//! stands for. The extractor (`persons`) finds the persons of one article and
//! merges their aliases within it; this module links the articles to each
//! other, so that the persons list, the person counts and `--person` work on
//! people rather than on ways of writing them:
//!
//! - one spelling key, one person: `Gian Carlo` / `Giancarlo Muzzarelli`,
//!   `Bergamini Moreno` (surname first, as police reports write it) /
//!   `Moreno Bergamini`, `Lucia De Santis` / `Lucia Desantis`;
//! - a shorter form (`Menani`, `Francesco Menani`) joins the full name it
//!   ends (`Gian Francesco Menani`) when that person is the only one, or
//!   clearly the one the archive means (nine articles in ten among the full
//!   names it could be); two different people who share a surname (`Paolo
//!   Rossi`, `Anna Rossi`) make a lone `Rossi` no identity, as a lone first
//!   name is;
//! - a lone first name (`Luca`) or initials (`A. B.`) are no identity: each is
//!   many people. They stay searchable and are shown with their article, but
//!   are not counted as persons.
//!
//! The one piece of state is how many articles give each written name (the
//! [`IdentityTable`]): it grows with the number of distinct names, not of
//! articles, it is saved with the index's commit, and everything else is
//! derived from it. An update that adds or removes articles tells the table
//! their names ([`IdentityDelta`]) and learns which names now stand for
//! another identity ([`IdentityChange`]): only the articles that give those
//! names need indexing again. The rules work on groups of names that share a
//! last word or a spelling key, so an update decides again only the groups it
//! touches.
//!
//! This module works on names alone: it reads no files, finds no persons in
//! text, and knows nothing of the index except the form of the terms it hands
//! it ([`variant_term`]).

mod forms;
mod resolve;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::persons::Person;
use forms::{Form, Kind};

/// How many articles give each written name, and the identity each name
/// stands for. Build it from every article's persons
/// ([`IdentityTable::from_articles`]), keep it current with
/// [`IdentityTable::apply`]; serialised (serde) it is the counts alone.
#[derive(Debug, Clone, Default)]
pub struct IdentityTable {
    names: HashMap<Arc<str>, Entry>,
    /// Names that can be persons, by the last word of their given-name-first
    /// form: a name's shorter forms share it.
    by_last_word: HashMap<String, BTreeSet<Arc<str>>>,
    /// Names that can be persons, by spelling key: a name's variants share it.
    by_key: HashMap<String, BTreeSet<Arc<str>>>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Articles that give the name (always at least 1).
    articles: u32,
    form: Form,
    /// The name of the identity; `None` for a name that is no identity.
    identity: Option<Arc<str>>,
}

/// Articles added to or removed from the archive, by the names they give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityDelta {
    /// Written name → change in the number of articles that give it.
    articles: BTreeMap<String, i64>,
}

impl IdentityDelta {
    pub fn new() -> IdentityDelta {
        IdentityDelta::default()
    }

    /// An article that gives `names` (each counted once) joins the archive.
    pub fn add_article<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.count(names, 1);
    }

    /// An article that gave `names` leaves the archive (or is replaced: remove
    /// the old names, add the new ones).
    pub fn remove_article<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.count(names, -1);
    }

    fn count<'a>(&mut self, names: impl IntoIterator<Item = &'a str>, step: i64) {
        let distinct: BTreeSet<&str> = names.into_iter().collect();
        for name in distinct {
            *self.articles.entry(name.to_string()).or_default() += step;
        }
    }

    /// Whether the delta changes no count.
    pub fn is_empty(&self) -> bool {
        self.articles.values().all(|&n| n == 0)
    }
}

/// A written name that articles give both before and after a delta, and
/// that now stands for another identity: the articles that give it must be
/// indexed again.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IdentityChange {
    pub name: String,
    /// The identity before (`None`: no identity).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What the index holds for the persons of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticlePersons {
    /// Shown with the article, in order of first mention and each once: a
    /// person under their identity's name, a name that is no identity (a lone
    /// first name) as written.
    pub shown: Vec<String>,
    /// The identities, each once: what person counts count.
    pub identities: Vec<String>,
    /// `(identity, as written)` for each name written otherwise than its
    /// identity's name, each once: the variants a persons list shows.
    pub variants: Vec<(String, String)>,
    /// Every name a person filter should find the article by, each a value of
    /// its own: the names shown and the names as written.
    pub searchable: Vec<String>,
}

/// The character between an identity and a way of writing it in
/// [`variant_term`]: a control character no name contains.
const VARIANT_SEPARATOR: char = '\u{1F}';

/// The term that records, in one article, that `identity` was written
/// `written`. It sorts right after the identity's own name and before any
/// other name that starts with it, so an identity's variants follow it in
/// term order.
pub fn variant_term(identity: &str, written: &str) -> String {
    format!("{identity}{VARIANT_SEPARATOR}{written}")
}

/// `(identity, written)` of a [`variant_term`].
pub fn split_variant_term(term: &str) -> Option<(&str, &str)> {
    term.split_once(VARIANT_SEPARATOR)
}

impl IdentityTable {
    /// An empty table (an archive without articles).
    pub fn new() -> IdentityTable {
        IdentityTable::default()
    }

    /// The table of an archive whose articles give these names (the persons'
    /// names of each article; a name given twice by one article counts once).
    pub fn from_articles<'a, A, N>(articles: A) -> IdentityTable
    where
        A: IntoIterator<Item = N>,
        N: IntoIterator<Item = &'a str>,
    {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for names in articles {
            let distinct: BTreeSet<&str> = names.into_iter().collect();
            for name in distinct {
                *counts.entry(name).or_default() += 1;
            }
        }
        IdentityTable::from_counts(counts)
    }

    fn from_counts<N: AsRef<str>>(counts: impl IntoIterator<Item = (N, u32)>) -> IdentityTable {
        let mut table = IdentityTable::new();
        for (name, articles) in counts {
            if articles > 0 {
                table.insert(Arc::from(name.as_ref()), articles);
            }
        }
        let everyone: BTreeSet<Arc<str>> = table
            .names
            .iter()
            .filter(|(_, e)| e.form.kind == Kind::Person)
            .map(|(name, _)| Arc::clone(name))
            .collect();
        table.decide(&everyone);
        table
    }

    /// The identity `name` stands for: the name it is listed and counted
    /// under (`Muzzarelli` → `Gian Carlo Muzzarelli`), itself when nothing
    /// links it, `None` when it is no identity (a lone first name, initials,
    /// a lone surname several people share).
    /// A name no article of the table gives is read alone.
    pub fn identity_of<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        match self.names.get(name) {
            Some(entry) => entry.identity.as_deref(),
            None => (Form::of(name).kind == Kind::Person).then_some(name),
        }
    }

    /// Number of articles that give `name`.
    pub fn articles_giving(&self, name: &str) -> u32 {
        self.names.get(name).map_or(0, |e| e.articles)
    }

    /// Number of distinct written names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The written names and how many articles give each, in name order.
    pub fn names(&self) -> Vec<(&str, u32)> {
        let mut names: Vec<(&str, u32)> = self
            .names
            .iter()
            .map(|(name, e)| (name.as_ref(), e.articles))
            .collect();
        names.sort_unstable();
        names
    }

    /// What the index holds for an article with these persons.
    pub fn article_persons(&self, persons: &[Person]) -> ArticlePersons {
        self.article_names(persons.iter().map(|p| p.name.as_str()))
    }

    /// What the index holds for an article whose persons are written
    /// `names`, in order of first mention (what the index stores of an
    /// article's persons, so that an update can write its document again).
    pub fn article_names<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> ArticlePersons {
        // Each list holds a value once, in order of first mention; the sets
        // keep an article with very many persons linear.
        fn push_once<'a>(list: &mut Vec<String>, seen: &mut HashSet<&'a str>, value: &'a str) {
            if seen.insert(value) {
                list.push(value.to_string());
            }
        }
        let mut out = ArticlePersons::default();
        let (mut shown, mut identities, mut searchable) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        let mut variants: HashSet<(&str, &str)> = HashSet::new();
        for written in names {
            let identity = self.identity_of(written);
            let name = identity.unwrap_or(written);
            push_once(&mut out.shown, &mut shown, name);
            push_once(&mut out.searchable, &mut searchable, name);
            push_once(&mut out.searchable, &mut searchable, written);
            if let Some(identity) = identity {
                push_once(&mut out.identities, &mut identities, identity);
                if identity != written && variants.insert((identity, written)) {
                    out.variants
                        .push((identity.to_string(), written.to_string()));
                }
            }
        }
        out
    }

    /// Adds and removes articles, and returns every name that articles give
    /// both before and after whose identity changed, in name order. Removing
    /// more articles than gave a name leaves it at none.
    pub fn apply(&mut self, delta: &IdentityDelta) -> Vec<IdentityChange> {
        let touched: Vec<(&str, i64)> = delta
            .articles
            .iter()
            .filter(|(_, &n)| n != 0)
            .map(|(name, &n)| (name.as_str(), n))
            .collect();
        let seeds: Vec<Bucket> = touched
            .iter()
            .map(|(name, _)| Form::of(name))
            .filter(|form| form.kind == Kind::Person)
            .flat_map(|form| Bucket::of(&form))
            .collect();
        let before_group = self.group_around(seeds.iter().cloned());
        let before: Vec<(Arc<str>, Option<Arc<str>>)> = before_group
            .iter()
            .map(|name| (Arc::clone(name), self.names[name].identity.clone()))
            .collect();

        for &(name, step) in &touched {
            let had = self.articles_giving(name);
            let has = u32::try_from((i64::from(had) + step).max(0)).unwrap_or(u32::MAX);
            if had == has {
                continue;
            }
            if had == 0 {
                self.insert(Arc::from(name), has);
            } else if has == 0 {
                self.remove(name);
            } else if let Some(entry) = self.names.get_mut(name) {
                entry.articles = has;
            }
        }

        // The groups after the change: those of the touched names, and those
        // a removal may have split the old groups into.
        let mut after_seeds = seeds;
        for name in &before_group {
            if let Some(entry) = self.names.get(name) {
                after_seeds.extend(Bucket::of(&entry.form));
            }
        }
        let after_group = self.group_around(after_seeds.into_iter());
        self.decide(&after_group);

        let mut changes: Vec<IdentityChange> = before
            .into_iter()
            .filter_map(|(name, was)| {
                let now = self.names.get(&name)?.identity.clone();
                (was != now).then(|| IdentityChange {
                    name: name.to_string(),
                    before: was.map(|n| n.to_string()),
                    after: now.map(|n| n.to_string()),
                })
            })
            .collect();
        changes.sort();
        changes
    }

    fn insert(&mut self, name: Arc<str>, articles: u32) {
        let form = Form::of(&name);
        let identity = (form.kind == Kind::Person).then(|| Arc::clone(&name));
        if form.kind == Kind::Person {
            self.by_last_word
                .entry(form.last_word().to_string())
                .or_default()
                .insert(Arc::clone(&name));
            self.by_key
                .entry(form.key.clone())
                .or_default()
                .insert(Arc::clone(&name));
        }
        self.names.insert(
            name,
            Entry {
                articles,
                form,
                identity,
            },
        );
    }

    fn remove(&mut self, name: &str) {
        let Some(entry) = self.names.remove(name) else {
            return;
        };
        if entry.form.kind != Kind::Person {
            return;
        }
        for (buckets, bucket) in [
            (&mut self.by_last_word, entry.form.last_word()),
            (&mut self.by_key, entry.form.key.as_str()),
        ] {
            if let Some(names) = buckets.get_mut(bucket) {
                names.remove(name);
                if names.is_empty() {
                    buckets.remove(bucket);
                }
            }
        }
    }

    /// Every name linked to the seed buckets through shared last words and
    /// spelling keys: whole groups, which the rules decide on their own.
    fn group_around(&self, seeds: impl Iterator<Item = Bucket>) -> BTreeSet<Arc<str>> {
        let mut group = BTreeSet::new();
        let mut visited: HashSet<Bucket> = HashSet::new();
        let mut queue: VecDeque<Bucket> = seeds.collect();
        while let Some(bucket) = queue.pop_front() {
            if !visited.insert(bucket.clone()) {
                continue;
            }
            let names = match &bucket {
                Bucket::LastWord(word) => self.by_last_word.get(word),
                Bucket::Key(key) => self.by_key.get(key),
            };
            for name in names.into_iter().flatten() {
                if group.insert(Arc::clone(name)) {
                    queue.extend(Bucket::of(&self.names[name].form));
                }
            }
        }
        group
    }

    /// Decides the identity of every name of `group` (whole groups).
    fn decide(&mut self, group: &BTreeSet<Arc<str>>) {
        let facts: BTreeMap<Arc<str>, resolve::NameFacts> = group
            .iter()
            .filter_map(|name| {
                let entry = self.names.get(name)?;
                Some((
                    Arc::clone(name),
                    resolve::NameFacts {
                        form: &entry.form,
                        articles: entry.articles,
                    },
                ))
            })
            .collect();
        let decided = resolve::identities(&facts);
        for (name, identity) in decided {
            if let Some(entry) = self.names.get_mut(&name) {
                entry.identity = identity;
            }
        }
    }
}

/// A bucket of names that may be forms of one another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Bucket {
    LastWord(String),
    Key(String),
}

impl Bucket {
    fn of(form: &Form) -> [Bucket; 2] {
        [
            Bucket::LastWord(form.last_word().to_string()),
            Bucket::Key(form.key.clone()),
        ]
    }
}

/// The table as saved: the counts alone, everything else is derived.
#[derive(Serialize, Deserialize)]
struct Saved<N: Ord> {
    /// Written name → number of articles that give it.
    articles_per_name: BTreeMap<N, u32>,
}

impl Serialize for IdentityTable {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Saved {
            articles_per_name: self.names().into_iter().collect::<BTreeMap<&str, u32>>(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for IdentityTable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let saved = Saved::<String>::deserialize(deserializer)?;
        Ok(IdentityTable::from_counts(saved.articles_per_name))
    }
}

#[cfg(test)]
mod tests;
