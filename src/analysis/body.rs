//! The body analyzer: each word of an article becomes one term, its stem
//! or, for a proper noun, the word itself.
//!
//! [`BodyReader`] reads a whole text into [`BodyWord`]s (the words of
//! `words.rs`, with each one's proper-noun decision, `proper_nouns.rs`);
//! [`term_of`] is the one function from a word to its term: a name's term
//! is the word itself behind [`NAME_MARK`], any other word's its stem. Indexing
//! ([`BodyTokenizer`], registered as [`super::ITALIAN`]), snippets
//! (`search::snippet`) and queries (`search::query`, which decides a typed
//! word's name-ness from the index) all go through them, so a highlighted
//! word is always one the index matched.
//!
//! The decisions need the whole article (a word opening a sentence is a
//! name when the article also writes it with a capital inside one), so the
//! text is read to its end before the first term is handed out. The words
//! read are kept for the exact-form field: tantivy indexes `body_exact`
//! right after `body`, from the same text, and `shared.rs` replays them
//! instead of tokenizing again.

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::proper_nouns::{is_name, Case};
use super::shared;
use super::stemmer::StemCache;
use super::words::WordsTokenizer;

/// One word of a body: its token (folded text, offsets in the original
/// text, position), how it was written, and whether it is a name there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyWord {
    pub token: Token,
    pub case: Case,
    pub name: bool,
}

impl BodyWord {
    /// The folded word.
    pub fn exact(&self) -> &str {
        &self.token.text
    }

    /// Its term in `body` ([`term_of`]).
    pub fn term<'a>(&'a self, stems: &'a mut StemCache) -> BodyTerm<'a> {
        term_of(&self.token.text, self.name, stems)
    }
}

/// First character of a name's term in `body`: a control character, which
/// no word contains, so that a name's term never meets a stem (the stem of
/// `Davide`, `Davida` or `davidico` is `david`; the name `David` is
/// `\u{2}david`) and the index can count how often a word was a name.
pub const NAME_MARK: char = '\u{2}';

/// The term of a word in `body`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyTerm<'a> {
    /// A proper noun: the folded word, written behind [`NAME_MARK`].
    Name(&'a str),
    /// Any other word: its Snowball stem.
    Stem(&'a str),
}

impl BodyTerm<'_> {
    /// The term as indexed, into `out` (cleared first).
    pub fn write_to(self, out: &mut String) {
        out.clear();
        match self {
            BodyTerm::Name(word) => {
                out.push(NAME_MARK);
                out.push_str(word);
            }
            BodyTerm::Stem(stem) => out.push_str(stem),
        }
    }
}

impl std::fmt::Display for BodyTerm<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyTerm::Name(word) => write!(f, "{NAME_MARK}{word}"),
            BodyTerm::Stem(stem) => f.write_str(stem),
        }
    }
}

/// The term of a folded word in `body`: a name is itself (behind
/// [`NAME_MARK`]), any other word its Snowball stem. Every analysis of body
/// text and every query word comes through here.
pub fn term_of<'a>(folded: &'a str, name: bool, stems: &'a mut StemCache) -> BodyTerm<'a> {
    if name {
        BodyTerm::Name(folded)
    } else {
        BodyTerm::Stem(stems.stem(folded))
    }
}

/// Reads texts into their [`BodyWord`]s, keeping its buffers between texts.
#[derive(Clone, Default)]
pub struct BodyReader {
    words: WordsTokenizer,
    list: Vec<BodyWord>,
    /// How many of `list` belong to the last text (the vector is reused).
    len: usize,
}

impl BodyReader {
    /// The words of `text`, each with its proper-noun decision.
    pub fn read(&mut self, text: &str) -> &[BodyWord] {
        self.fill(text);
        &self.list[..self.len]
    }

    fn fill(&mut self, text: &str) {
        self.len = 0;
        let mut stream = self.words.token_stream(text);
        while stream.advance() {
            let case = stream.case();
            let token = stream.token();
            match self.list.get_mut(self.len) {
                Some(slot) => {
                    slot.token.clone_from(token);
                    slot.case = case;
                }
                None => self.list.push(BodyWord {
                    token: token.clone(),
                    case,
                    name: false,
                }),
            }
            self.len += 1;
        }
        // The words this article writes with a capital inside a sentence,
        // gathered only when some word's case says nothing.
        let names: Vec<bool> = {
            let words = &self.list[..self.len];
            let mut inside: Option<FxHashSet<&str>> = None;
            words
                .iter()
                .map(|word| {
                    is_name(word.case, &word.token.text, || {
                        inside
                            .get_or_insert_with(|| {
                                words
                                    .iter()
                                    .filter(|w| w.case == Case::Capital)
                                    .map(|w| w.token.text.as_str())
                                    .collect()
                            })
                            .contains(word.token.text.as_str())
                    })
                })
                .collect()
        };
        for (word, name) in self.list.iter_mut().zip(names) {
            word.name = name;
        }
    }
}

/// The tantivy tokenizer of `body`: each word's term ([`term_of`]), at the
/// word's offsets and position. Stop words leave their position empty.
#[derive(Clone, Default)]
pub struct BodyTokenizer {
    reader: BodyReader,
    stems: StemCache,
    token: Token,
}

impl Tokenizer for BodyTokenizer {
    type TokenStream<'a> = BodyStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BodyStream<'a> {
        self.reader.fill(text);
        self.token.reset();
        BodyStream {
            text,
            reader: &mut self.reader,
            stems: &mut self.stems,
            token: &mut self.token,
            next: 0,
        }
    }
}

/// The token stream of a [`BodyTokenizer`].
pub struct BodyStream<'a> {
    text: &'a str,
    reader: &'a mut BodyReader,
    stems: &'a mut StemCache,
    token: &'a mut Token,
    /// The next word to hand out.
    next: usize,
}

impl TokenStream for BodyStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(word) = self.reader.list[..self.reader.len].get(self.next) else {
            if self.next == self.reader.len {
                // Read to the end: the exact-form field may replay the words.
                self.next += 1;
                shared::record(self.text, &mut self.reader.list, self.reader.len);
                self.reader.len = 0;
            }
            return false;
        };
        self.next += 1;
        let token = &mut *self.token;
        token.offset_from = word.token.offset_from;
        token.offset_to = word.token.offset_to;
        token.position = word.token.position;
        token.position_length = 1;
        term_of(&word.token.text, word.name, self.stems).write_to(&mut token.text);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, bool)> {
        BodyReader::default()
            .read(text)
            .iter()
            .map(|w| (w.exact().to_string(), w.name))
            .collect()
    }

    #[test]
    fn names_by_case_article_and_places() {
        assert_eq!(
            read("MIRANDOLA. Rapina a Carpi. Rossi ha visto Rossi. Ferrara è vicina."),
            [
                ("mirandola".to_string(), true),
                ("rapina".to_string(), false),
                ("carpi".to_string(), true),
                ("rossi".to_string(), true),
                ("visto".to_string(), false),
                ("rossi".to_string(), true),
                // A place opening a sentence.
                ("ferrara".to_string(), true),
                ("vicina".to_string(), false),
            ]
        );
        // Without a capital inside a sentence, a word opening one is not a name.
        assert_eq!(
            read("Rossi ha visto."),
            [("rossi".to_string(), false), ("visto".to_string(), false)]
        );
    }

    #[test]
    fn names_are_their_own_term_other_words_their_stem() {
        let mut stems = StemCache::new();
        let term =
            |word: &str, name: bool, stems: &mut StemCache| term_of(word, name, stems).to_string();
        assert_eq!(term("ferrara", true, &mut stems), "\u{2}ferrara");
        assert_eq!(term("ferrara", false, &mut stems), "ferrar");
        assert_eq!(term("rapinatori", false, &mut stems), "rapin");
        assert_eq!(term("david", false, &mut stems), "david");
        assert_eq!(term("davide", false, &mut stems), "david");
        assert_eq!(term("david", true, &mut stems), "\u{2}david");
    }
}
