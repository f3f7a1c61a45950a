//! Looser forms of a word, for matching questions whose wording differs from
//! the article's: the word's first letters ([`PrefixFilter`]: `petrolifera`
//! → `petro`, meeting `petrolio`) and its letter n-grams ([`GramFilter`]:
//! `crisi` → `_cri`, `cris`, `risi`, `isi_`), which survive a different
//! suffix, a compound or a spelling variant.
//!
//! Neither is indexed: `search::looser` derives a question's prefix and gram
//! scores from the exact forms at query time with [`prefix_of`] and
//! [`for_each_gram`]. The two filters (after folding and stop words in a
//! chain) are what those scores must equal; its unit test indexes them and
//! compares. Tokens without letters (numbers) pass unchanged.

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The first `len` characters of a word that has letters; a token without
/// letters (a number) whole: what [`PrefixFilter`] makes of one token.
pub fn prefix_of(word: &str, len: usize) -> &str {
    if !word.chars().any(char::is_alphabetic) {
        return word;
    }
    match word.char_indices().nth(len) {
        Some((cut, _)) => &word[..cut],
        None => word,
    }
}

/// Reusable buffers for [`for_each_gram`].
#[derive(Debug, Default, Clone)]
pub struct GramScratch {
    marked: String,
    starts: Vec<usize>,
}

/// Calls `each` with every gram [`GramFilter`] makes of one token, in order
/// (a gram that occurs twice in the word is given twice): the letter
/// `len`-grams of the word marked with `_` at both ends, the marked word
/// whole when it is not longer than `len`, a token without letters whole.
pub fn for_each_gram(
    word: &str,
    len: usize,
    scratch: &mut GramScratch,
    mut each: impl FnMut(&str),
) {
    if !word.chars().any(char::is_alphabetic) {
        each(word);
        return;
    }
    let len = len.max(1);
    let marked = &mut scratch.marked;
    marked.clear();
    marked.push('_');
    marked.push_str(word);
    marked.push('_');
    let starts = &mut scratch.starts;
    starts.clear();
    starts.extend(marked.char_indices().map(|(i, _)| i));
    starts.push(marked.len());
    let chars = starts.len() - 1;
    if chars <= len {
        each(marked);
        return;
    }
    for first in 0..=chars - len {
        each(&marked[starts[first]..starts[first + len]]);
    }
}

/// How many grams [`for_each_gram`] gives for one token, without making them.
pub fn gram_count(word: &str, len: usize) -> usize {
    let (has_letter, chars) = if word.is_ascii() {
        // Most folded words: bytes are characters.
        (word.bytes().any(|b| b.is_ascii_alphabetic()), word.len())
    } else {
        (word.chars().any(char::is_alphabetic), word.chars().count())
    };
    if !has_letter {
        return 1;
    }
    let marked = chars + 2;
    let len = len.max(1);
    if marked <= len {
        1
    } else {
        marked - len + 1
    }
}

/// Keeps the first `len` characters of each word.
#[derive(Clone, Copy, Debug)]
pub struct PrefixFilter {
    pub len: usize,
}

impl TokenFilter for PrefixFilter {
    type Tokenizer<T: Tokenizer> = PrefixTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PrefixTokenizer<T> {
        PrefixTokenizer {
            inner: tokenizer,
            len: self.len,
        }
    }
}

/// What [`PrefixFilter`] makes of a tokenizer (tantivy's filter plumbing).
#[derive(Clone)]
pub struct PrefixTokenizer<T> {
    inner: T,
    len: usize,
}

impl<T: Tokenizer> Tokenizer for PrefixTokenizer<T> {
    type TokenStream<'a> = PrefixTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PrefixTokenStream {
            tail: self.inner.token_stream(text),
            len: self.len,
        }
    }
}

/// The token stream of a [`PrefixTokenizer`].
pub struct PrefixTokenStream<T> {
    tail: T,
    len: usize,
}

impl<T: TokenStream> TokenStream for PrefixTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let cut = prefix_of(&token.text, self.len).len();
        token.text.truncate(cut);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Replaces each word by its letter n-grams of `len` characters, the word
/// marked at both ends with `_` (so `_cri` says "starts with cri"). A word
/// shorter than `len` with its marks becomes one gram: `_re_`. All grams of
/// a word take the word's position and offsets.
#[derive(Clone, Copy, Debug)]
pub struct GramFilter {
    pub len: usize,
}

impl TokenFilter for GramFilter {
    type Tokenizer<T: Tokenizer> = GramTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GramTokenizer<T> {
        GramTokenizer {
            inner: tokenizer,
            len: self.len.max(1),
        }
    }
}

/// What [`GramFilter`] makes of a tokenizer (tantivy's filter plumbing).
#[derive(Clone)]
pub struct GramTokenizer<T> {
    inner: T,
    len: usize,
}

impl<T: Tokenizer> Tokenizer for GramTokenizer<T> {
    type TokenStream<'a> = GramTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GramTokenStream {
            tail: self.inner.token_stream(text),
            len: self.len,
            pending: VecDeque::new(),
            token: Token::default(),
            scratch: GramScratch::default(),
        }
    }
}

/// The token stream of a [`GramTokenizer`].
pub struct GramTokenStream<T> {
    tail: T,
    len: usize,
    /// Grams of the current word not emitted yet.
    pending: VecDeque<String>,
    token: Token,
    scratch: GramScratch,
}

impl<T: TokenStream> GramTokenStream<T> {
    fn fill(&mut self) {
        let pending = &mut self.pending;
        for_each_gram(
            &self.tail.token().text,
            self.len,
            &mut self.scratch,
            |gram| pending.push_back(gram.to_string()),
        );
    }
}

impl<T: TokenStream> TokenStream for GramTokenStream<T> {
    fn advance(&mut self) -> bool {
        while self.pending.is_empty() {
            if !self.tail.advance() {
                return false;
            }
            self.token.clone_from(self.tail.token());
            self.fill();
        }
        match self.pending.pop_front() {
            Some(gram) => {
                self.token.text = gram;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};

    use super::*;

    fn texts(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        crate::analysis::token_texts(&mut analyzer, text)
    }

    #[test]
    fn prefixes() {
        let analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(PrefixFilter { len: 5 })
            .build();
        assert_eq!(
            texts(analyzer, "petrolifera re città 15.000,00 è"),
            ["petro", "re", "città", "15.000,00", "è"]
        );
    }

    #[test]
    fn grams_with_word_marks() {
        let analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(GramFilter { len: 4 })
            .build();
        assert_eq!(
            texts(analyzer, "crisi re  1973 più"),
            ["_cri", "cris", "risi", "isi_", "_re_", "1973", "_più", "più_"]
        );
    }

    #[test]
    fn gram_count_agrees_with_the_grams() {
        let mut scratch = GramScratch::default();
        for word in [
            "",
            "a",
            "re",
            "tre",
            "casa",
            "crisi",
            "tatata",
            "1973",
            "26enne",
            "più",
            "京都市",
        ] {
            for len in 1..6 {
                let mut made = 0;
                for_each_gram(word, len, &mut scratch, |_| made += 1);
                assert_eq!(gram_count(word, len), made, "{word} {len}");
            }
        }
    }

    #[test]
    fn grams_keep_the_word_position() {
        let mut analyzer = TextAnalyzer::builder(WhitespaceTokenizer::default())
            .filter(GramFilter { len: 4 })
            .build();
        let mut stream = analyzer.token_stream("ab cdef");
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push((stream.token().text.clone(), stream.token().position));
        }
        assert_eq!(
            positions,
            [
                ("_ab_".to_string(), 0),
                ("_cde".to_string(), 1),
                ("cdef".to_string(), 1),
                ("def_".to_string(), 1)
            ]
        );
    }
}
