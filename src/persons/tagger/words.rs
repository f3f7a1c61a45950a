//! What the tagger knows about a word beyond its letters: word lists learnt from the gold
//! entities of the training splits (first names, surnames, places, organisations), and what
//! unlabelled text tells about it (its word cluster, how often it is capitalised inside a
//! sentence). Both are kept as text in the model file and keyed here by [`word_key`].

use std::collections::HashMap;

use super::super::lexicon::FxBuild;
use super::super::tokens::Token;
use super::features::FeatureHash;

/// Gazetteer flags: what a word was part of in the training gold.
pub(crate) const G_FIRST: u8 = 1 << 0;
pub(crate) const G_LAST: u8 = 1 << 1;
pub(crate) const G_LOC: u8 = 1 << 2;
pub(crate) const G_ORG: u8 = 1 << 3;
pub(crate) const G_PER: u8 = 1 << 4;
/// Seen twice or more as a person, a place, an organisation.
pub(crate) const G_PER_MANY: u8 = 1 << 5;
pub(crate) const G_LOC_MANY: u8 = 1 << 6;
pub(crate) const G_ORG_MANY: u8 = 1 << 7;
/// Every gazetteer flag.
pub(crate) const G_ALL: u8 = 0xff;

/// The hash of a word for the word table and the article's word sets: ASCII letters folded
/// to lower case, so that no lower-case copy of the word is needed.
pub(crate) fn word_key(text: &str) -> u64 {
    FeatureHash::new(0).text(text).hash()
}

/// What the model knows about one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// [`G_FIRST`] … [`G_PER`].
    pub gazetteer: u8,
    /// What unlabelled text says of the word.
    pub figures: WordFigures,
}

/// What unlabelled text says of a word (see [`word_stats`](crate::persons::word_stats)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordFigures {
    /// How often the word is written capitalised inside a sentence, in bins: 1 never … 5
    /// always (0: unknown).
    pub caps: u8,
    /// In which contexts it is capitalised: 1 mostly a place's (`a Carpi`), 2 both, 3 mostly
    /// a person's (`Mario Rossi`, `il sindaco Rossi`, `Rossi, 45 anni`) (0: unknown).
    pub role: u8,
    /// The word's cluster as a path in a binary tree: a leading 1 bit, then one bit a level
    /// (0: unknown).
    pub cluster: u16,
}

/// Words and what the model knows about each.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordTable {
    words: HashMap<u64, WordInfo, FxBuild>,
}

impl WordTable {
    /// Adds gazetteer flags to a word.
    pub(crate) fn add_flags(&mut self, word: &str, flags: u8) {
        self.words.entry(word_key(word)).or_default().gazetteer |= flags;
    }

    /// Sets what unlabelled text says of a word.
    pub(crate) fn set_figures(&mut self, word: &str, figures: WordFigures) {
        self.words.entry(word_key(word)).or_default().figures = figures;
    }

    pub(crate) fn get(&self, key: u64) -> WordInfo {
        self.words.get(&key).copied().unwrap_or_default()
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }
}

/// Word keys and word information of an article's tokens, each computed on first use and
/// kept: the features of a token read them for the token and its neighbours, and the article
/// context reads them for every capitalised word.
pub(crate) struct WordCache<'g> {
    table: &'g WordTable,
    /// Word key of each token, `0` until computed (a key that is 0 is recomputed each time).
    keys: Vec<u64>,
    infos: Vec<Option<WordInfo>>,
}

impl<'g> WordCache<'g> {
    pub(crate) fn new(table: &'g WordTable, tokens: &[Token]) -> Self {
        WordCache {
            table,
            keys: vec![0; tokens.len()],
            infos: vec![None; tokens.len()],
        }
    }

    /// [`word_key`] of token `i`.
    pub(crate) fn key(&mut self, tokens: &[Token], i: usize) -> u64 {
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

    /// What the table knows of token `i`.
    pub(crate) fn info(&mut self, tokens: &[Token], i: usize) -> WordInfo {
        if let Some(Some(info)) = self.infos.get(i) {
            return *info;
        }
        let key = self.key(tokens, i);
        let info = self.table.get(key);
        if let Some(slot) = self.infos.get_mut(i) {
            *slot = Some(info);
        }
        info
    }

    /// Gazetteer flags of token `i`.
    pub(crate) fn flags(&mut self, tokens: &[Token], i: usize) -> u8 {
        self.info(tokens, i).gazetteer
    }
}
