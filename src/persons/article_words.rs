//! Sets of the words of one article, built per article and thrown away with it: which words
//! the article writes capitalised inside a sentence, which it writes in lower case.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use super::lexicon::{self, AUX, DETERMINER, FUNCTION};
use super::tokens::{Shape, Token};

/// A set of words of one article: the words with their hashes, sorted by hash and searched by
/// bisection. Sorting integers is much faster than sorting strings, strings are compared only
/// between equal hashes, and crafted input cannot slow it as it could a hash table.
pub(crate) struct WordSet<'a>(Vec<(u64, Cow<'a, str>)>);

impl<'a> WordSet<'a> {
    pub(crate) fn new(words: impl Iterator<Item = Cow<'a, str>>) -> Self {
        let mut words: Vec<(u64, Cow<'a, str>)> = words.map(|w| (word_hash(&w), w)).collect();
        // By hash alone: a word may then stay twice (when another word has its hash and sorts
        // between the two), which costs nothing to `contains`.
        words.sort_unstable_by_key(|(hash, _)| *hash);
        words.dedup();
        WordSet(words)
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        let hash = word_hash(word);
        let start = self.0.partition_point(|(h, _)| *h < hash);
        self.0[start..]
            .iter()
            .take_while(|(h, _)| *h == hash)
            .any(|(_, w)| w == word)
    }
}

/// The words an article writes in lower case, articles, prepositions and auxiliaries aside
/// (they never stand for a name word, and leaving them out halves the set): a capitalised word
/// the article also writes in lower case is probably a common noun.
pub(crate) struct LowerWords<'t, 'a> {
    tokens: &'t [Token<'a>],
    /// Questions asked so far.
    questions: Cell<u32>,
    set: OnceCell<WordSet<'a>>,
}

impl<'t, 'a> LowerWords<'t, 'a> {
    const LEFT_OUT: u32 = FUNCTION | DETERMINER | AUX;

    pub(crate) fn new(tokens: &'t [Token<'a>]) -> Self {
        LowerWords {
            tokens,
            questions: Cell::new(0),
            set: OnceCell::new(),
        }
    }

    fn listed(t: &Token) -> bool {
        t.shape == Shape::Lower && !t.has(Self::LEFT_OUT)
    }

    /// Does the article write the word of `token`, lower-cased, as a word of the set? (A word
    /// with the flags of those left out is never in it: flags do not depend on case.)
    pub(crate) fn contains(&self, token: &Token) -> bool {
        if token.has(Self::LEFT_OUT) {
            return false;
        }
        let word = token.text.to_lowercase();
        self.questions.set(self.questions.get().saturating_add(1));
        // Most articles ask about a few words only: those are answered by a scan of the
        // tokens, and the set is built from the fifth question on, so that an article with
        // many questions still costs no more than sorting its words.
        if self.questions.get() <= 4 && self.set.get().is_none() {
            let first = word.as_bytes().first();
            return self.tokens.iter().any(|t| {
                t.text.len() == word.len()
                    && t.text.as_bytes().first() == first
                    && Self::listed(t)
                    && t.text == word
            });
        }
        let set = self.set.get_or_init(|| {
            WordSet::new(
                self.tokens
                    .iter()
                    .filter(|t| Self::listed(t))
                    .map(|t| Cow::Borrowed(t.text)),
            )
        });
        set.contains(&word)
    }
}

fn word_hash(word: &str) -> u64 {
    let mut hasher = lexicon::FxHasher::default();
    std::hash::Hasher::write(&mut hasher, word.as_bytes());
    std::hash::Hasher::finish(&hasher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_sets_find_their_words_only() {
        let words = ["di", "Putin", "di", "città", "", "putin"];
        let set = WordSet::new(words.iter().map(|w| Cow::Borrowed(*w)));
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["Di", "put", "citta", " "] {
            assert!(!set.contains(w), "{w}");
        }
        assert!(set.0.len() <= 6);
    }
}
