//! Italian text analysis: the one analyzer that turns Italian news text into
//! index terms.
//!
//! # What this module owns
//!
//! The same analysis must be used at index time, at query time and for
//! snippet highlighting, otherwise a query term cannot meet the indexed term
//! or the highlighted span drifts from the word. This module is the single
//! place that defines it:
//!
//! * [`WordsTokenizer`] (`words.rs`): the chain every body analysis starts
//!   with, assembled once: tokenizer, each word's case, folding, stop words;
//! * [`BodyReader`] and [`term_of`] (`body.rs`): the words of a text with
//!   each one's proper-noun decision (`proper_nouns.rs`), and the one
//!   function from a word to its term (a name is itself, any other word its
//!   stem); [`ITALIAN`] / [`body_analyzer`] index `body` with them, and
//!   snippets and queries call them too;
//! * [`EXACT`] / [`exact_analyzer`]: the exact (folded, unstemmed) forms of
//!   the same words, for `body_exact`;
//! * [`NAMES`] / [`names_analyzer`] for person and author names: the same
//!   tokenizer and folding, but no stop words and no stemming, so `Rossi`
//!   does not become `ross` and `Di Maio` keeps its `di`;
//! * [`register`], which installs the three on a tantivy index;
//! * [`fold`], [`analyze`] and [`exact_words`], the same normalisation
//!   outside tantivy.
//!
//! It must not: know about fields, schemas, documents or queries (callers
//! pick the analyzer by name), read files, keep state that outlives an
//! analyzer other than the per-thread recording of one text's words
//! (`shared.rs`), or depend on any other module of the crate. (The place
//! names it ships are a data file of the person finder's folder, read at
//! compile time: `gazetteer.rs`.)
//!
//! # The chain and its order
//!
//! `tokenizer` (UAX#29 words, elision removal, typewriter accents)
//! → `case` (how the word is written where it stands: evidence of a name)
//! → `fold` (lower-case and accent folding)
//! → `stop words` (compared on the folded form)
//! → the term: the folded word itself for a proper noun, otherwise its
//! Snowball Italian stem.
//!
//! * Elisions are handled in the tokenizer, not in a filter, because they
//!   need the original text around the word: whether an apostrophe is
//!   followed by a space (`dell' ottobre`), a letter (`l'8`) or nothing
//!   (`perche'`), and whether a quote is open (`'mostro'`).
//! * The case is read before folding removes it; whether a word is a name
//!   also needs the rest of its article (`proper_nouns.rs`), so a body is
//!   read whole before its first term is given.
//! * Folding comes before the stop-word check so that `perché`, `perche`
//!   and `perche'` are all stop words (the list is folded once at start-up).
//! * Folding comes before stemming, so the stemmer only sees unaccented
//!   words. Stemming first and folding after would break `università` /
//!   `universita`: the stemmer removes the suffix `-ità` (`univers`) but not
//!   `-ita` (`universit`), and unaccented spellings are what people type in
//!   queries and what old typewriter text contains. The price: the few
//!   Snowball rules written for accented endings no longer fire, so the
//!   future tense (`incontrerà` → `incontrer`) does not meet the infinitive
//!   (`incontr`). Every spelling of a word still gets the same term, which
//!   is the property search needs.
//!
//! # Positions
//!
//! Each token that leaves the tokenizer takes the next position. A removed
//! stop word keeps the position the tokenizer gave it, so it leaves a gap:
//! `ministro degli esteri` is indexed as `ministr`@0 and `ester`@2. The
//! query parser builds phrase queries from the same positions, so the phrase
//! `"ministro degli esteri"` matches it, and `"ministro esteri"` does not
//! (the phrase stays honest). Elided articles never take a position:
//! `dell'anno` and `dell' anno` are one word. Tokens over 100 bytes are
//! dropped without taking one.

mod body;
mod elision;
mod folding;
mod forms;
mod gazetteer;
mod proper_nouns;
mod shared;
mod stemmer;
mod stopwords;
mod tokenizer;
mod words;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::sync::OnceLock;

use tantivy::tokenizer::{StopWordFilter, TextAnalyzer, TokenStream};

pub(crate) use self::folding::fold_into;

pub use self::body::{
    term_of, BodyReader, BodyStream, BodyTerm, BodyTokenizer, BodyWord, NAME_MARK,
};
pub use self::proper_nouns::{is_name, typed_word_is_name, Case, NAME_MAJORITY};
pub use self::stemmer::StemCache;
pub use self::words::{WordsStream, WordsTokenizer};

// The building blocks of the analyzers, public so that experiments
// (`examples/relevance_configs.rs`) can assemble variants of the chain and
// measure each step. The product indexes with the analyzers `register`
// installs, and `search::looser` derives questions' prefixes and grams with
// `prefix_of` and `for_each_gram` (its unit test checks the derived forms
// against `PrefixFilter` and `GramFilter` chains).
/// Persons read apostrophes by the same rule as the analyzer.
pub(crate) use self::elision::is_apostrophe;
pub use self::folding::{FoldFilter, FoldTokenStream, FoldTokenizer};
pub use self::forms::{
    for_each_gram, gram_count, prefix_of, GramFilter, GramScratch, GramTokenStream, GramTokenizer,
    PrefixFilter, PrefixTokenStream, PrefixTokenizer,
};
pub use self::gazetteer::{is_place_word, place_names};
pub use self::shared::{
    gram_length_mark, parse_gram_length_mark, GramLengthMark, GRAM_LENGTH_MARK,
};
pub use self::stemmer::{ItalianStemmer, StemmerTokenStream, StemmerTokenizer};
pub use self::stopwords::STOP_WORDS;
pub(crate) use self::tokenizer::MAX_TOKEN_BYTES;
pub use self::tokenizer::{ItalianTokenStream, ItalianTokenizer};

/// Name under which the Italian analyzer is registered with tantivy (body text).
pub const ITALIAN: &str = "rassegna_italian";

/// Name of the analyzer for names (persons, authors): same tokenizer, elision,
/// lower-case and accent folding, but no stop words and no stemming.
pub const NAMES: &str = "rassegna_names";

/// The stop-word filter of the Italian analyzer ([`STOP_WORDS`], folded),
/// built once: folding the list at every analyzer
/// construction would be wasted work (the filter shares its set through an
/// `Arc`, so clones are cheap).
pub fn stop_word_filter() -> StopWordFilter {
    static FILTER: OnceLock<StopWordFilter> = OnceLock::new();
    FILTER
        .get_or_init(|| StopWordFilter::remove(stopwords::STOP_WORDS.iter().map(|w| fold(w))))
        .clone()
}

/// The body analyzer: the words of [`WordsTokenizer`], each as its term
/// ([`term_of`]: a proper noun as itself, any other word as its Snowball
/// stem). See the module documentation for the order of the chain.
pub fn body_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(BodyTokenizer::default())
}

/// The analyzer for names: the Italian tokenizer and folding, without stop
/// words and stemming (`Di Maio` → `di`, `maio`; `Città` → `citta`).
pub fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ItalianTokenizer::default())
        .filter(FoldFilter)
        .build()
}

/// Name of the analyzer for the exact (unstemmed) form of body words.
pub const EXACT: &str = "rassegna_exact";

/// Letters kept by [`prefix_of`] for questions' looser forms: five, the length at which Italian
/// word families usually part (`petro|lio`, `petro|lifera`, `gover|no`).
pub const PREFIX_LEN: usize = 5;

/// Length of the grams of [`for_each_gram`] for questions' looser forms (4
/// measured best, against 3 and 5).
pub const GRAM_LEN: usize = 4;

/// The exact form of body words: the body analyzer's words, not turned into
/// terms (tokenizer, folding, stop words), so `petrolifera` also matches as
/// itself and not only as the stem it shares with `petrolifero`, and a
/// phrase or `=word` matches the words as written.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WordsTokenizer::default())
}

/// Registers the three analyzers on an index's tokenizer manager, under
/// [`ITALIAN`] (the body's terms), [`NAMES`] and [`EXACT`] (the exact forms
/// followed by the text's gram-length mark).
///
/// The body's two analyzers share one reading of each body when tantivy
/// indexes a document: the body analyzer leaves the words it read, and the
/// exact analyzer replays them for the same text (see `shared.rs`). Queries
/// and snippets use the plain analyzers and [`BodyReader`].
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(ITALIAN, body_analyzer());
    manager.register(NAMES, names_analyzer());
    manager.register(EXACT, replaying_exact_analyzer());
}

/// [`exact_analyzer`] that replays the words the body analyzer read when
/// given the same text, and ends with the mark of the text's length in
/// grams ([`GramLengthMark`]).
pub(crate) fn replaying_exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(shared::ReplayTokenizer::new(exact_analyzer()))
        .filter(GramLengthMark)
        .build()
}

/// Whether `word` (as typed, any case or accents, punctuation around it
/// ignored: `Quando`, `perche'`, `cosa?`) is an Italian interrogative such as
/// `quando`, `cosa`, `quali`. Natural-language questions run with any-word
/// semantics drop these words; see `stopwords::QUESTION_WORDS` for why they
/// are not stop words.
pub fn is_question_word(word: &str) -> bool {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() {
        return false;
    }
    let folded = fold(bare);
    stopwords::QUESTION_WORDS
        .iter()
        .any(|question| fold(question) == folded)
}

/// Lower-cases and strips accents: "Città" → "citta", "Perché" → "perche".
/// Used to compare names case- and accent-insensitively outside tantivy.
///
/// Only Latin letters are folded; other scripts are only lower-cased. Spaces,
/// punctuation and apostrophes are kept as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    fold_into(text, &mut out);
    out
}

/// The terms the body analyzer produces for a text, in order (a
/// convenience for tests and evaluation).
pub fn analyze(text: &str) -> Vec<String> {
    // One analyzer per thread, kept alive so that its stem cache pays off
    // when `analyze` is called in a loop (evaluation, tests over a corpus).
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(body_analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| token_texts(analyzer, text))
}

/// The exact forms of a text's words, in order: folded, stop words
/// dropped, not stemmed (what `body_exact` indexes, without its mark).
pub fn exact_words(text: &str) -> Vec<String> {
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(exact_analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| token_texts(analyzer, text))
}

/// The texts of the tokens `analyzer` makes of `text`.
fn token_texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut texts = Vec::new();
    while stream.advance() {
        texts.push(stream.token().text.clone());
    }
    texts
}
