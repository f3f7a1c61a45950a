//! One reading of a body for two fields: the body analyzer keeps the words
//! it read, and the exact-form analyzer replays them.
//!
//! An article's body is indexed twice: as terms (`body`, [`super::ITALIAN`]:
//! stems, and names as themselves) and as exact forms (`body_exact`,
//! [`super::EXACT`]). Both come from the same words (tokenizer → case →
//! folding → stop words, `words.rs`), and reading them is the costly part,
//! so the body analyzer (`body.rs`), once it has handed out the last term
//! of a text, leaves the words it read here ([`record`]), and
//! [`ReplayTokenizer`], the first stage of the exact analyzer, hands them
//! out again instead of tokenizing when it is given the same text.
//!
//! The recording is per thread (tantivy indexes each document on one
//! thread, field after field) and holds the last text analysed to its end
//! only. A replay happens only for a text equal to that one, and only when
//! its analysis ran to the end; anything else is tokenized afresh, so the
//! tokens are always exactly what the exact chain would make (a unit test
//! checks both ways agree). In an index build the recording is made by the
//! document's own `body` field, right before its `body_exact` field: nothing
//! is carried from one article to another. This per-thread recording is the
//! only state the analysis keeps outside its analyzers.
//!
//! [`GramLengthMark`] ends the exact forms with one more token, the mark of
//! the article's length in letter grams, counted as the forms go by.

use std::cell::RefCell;

use tantivy::tokenizer::{
    BoxTokenStream, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use super::body::BodyWord;

/// The words of the last text this thread's body analyzer ran through to
/// its end.
#[derive(Default)]
struct Recording {
    text: String,
    words: Vec<BodyWord>,
    /// How many of `words` belong to `text` (the vector is reused).
    len: usize,
    /// The analysis of `text` reached its end: `words[..len]` is complete.
    complete: bool,
}

thread_local! {
    static RECORDING: RefCell<Recording> = RefCell::new(Recording::default());
}

/// Keeps `words[..len]`, all the words of `text`, for a replay: the vector
/// is exchanged with the recording's previous one, which `words` gets back
/// for reuse (nothing is copied but the text).
pub(crate) fn record(text: &str, words: &mut Vec<BodyWord>, len: usize) {
    RECORDING.with_borrow_mut(|recording| {
        recording.text.clear();
        recording.text.push_str(text);
        std::mem::swap(&mut recording.words, words);
        recording.len = len;
        recording.complete = true;
    });
}

/// Replays the recording of [`record`] for the same text, and
/// otherwise runs `fallback` (the chain that makes the same tokens).
#[derive(Clone)]
pub struct ReplayTokenizer {
    fallback: TextAnalyzer,
    token: Token,
}

impl ReplayTokenizer {
    pub fn new(fallback: TextAnalyzer) -> ReplayTokenizer {
        ReplayTokenizer {
            fallback,
            token: Token::default(),
        }
    }
}

impl Tokenizer for ReplayTokenizer {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        // The stream takes the tokens, so that no other analysis on this
        // thread can change them under it; it gives the buffer back at the end.
        let taken = RECORDING.with_borrow_mut(|recording| {
            if !(recording.complete && recording.text == text) {
                return None;
            }
            recording.complete = false;
            let len = recording.len;
            Some((std::mem::take(&mut recording.words), len))
        });
        match taken {
            Some((words, len)) => ReplayStream::Replay(Replay {
                words,
                len,
                next: 0,
                before_first: &mut self.token,
            }),
            None => ReplayStream::Fresh(self.fallback.token_stream(text)),
        }
    }
}

/// The token stream of a [`ReplayTokenizer`].
pub enum ReplayStream<'a> {
    Replay(Replay<'a>),
    Fresh(BoxTokenStream<'a>),
}

/// Recorded words being handed out, in place (not copied).
pub struct Replay<'a> {
    words: Vec<BodyWord>,
    len: usize,
    /// How many have been handed out: the current one is `next - 1`.
    next: usize,
    /// What `token()` gives before the first `advance()`.
    before_first: &'a mut Token,
}

impl Replay<'_> {
    fn current(&self) -> &Token {
        match self.next.checked_sub(1).and_then(|i| self.words.get(i)) {
            Some(word) => &word.token,
            None => self.before_first,
        }
    }

    fn current_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.words.len() => &mut self.words[i].token,
            _ => self.before_first,
        }
    }
}

impl Drop for Replay<'_> {
    fn drop(&mut self) {
        let words = std::mem::take(&mut self.words);
        RECORDING.with_borrow_mut(|recording| {
            if recording.words.is_empty() {
                recording.words = words;
            }
        });
    }
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            ReplayStream::Fresh(stream) => stream.advance(),
            ReplayStream::Replay(replay) => {
                if replay.next >= replay.len.min(replay.words.len()) {
                    return false;
                }
                replay.next += 1;
                true
            }
        }
    }

    fn token(&self) -> &Token {
        match self {
            ReplayStream::Fresh(stream) => stream.token(),
            ReplayStream::Replay(replay) => replay.current(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            ReplayStream::Fresh(stream) => stream.token_mut(),
            ReplayStream::Replay(replay) => replay.current_mut(),
        }
    }
}

/// First character of the gram-length mark (see [`GramLengthMark`]): a
/// control character, which no word contains, so the mark cannot meet a
/// query term.
pub const GRAM_LENGTH_MARK: char = '\u{1}';

/// The gram-length mark of a text whose words have `grams` letter grams.
pub fn gram_length_mark(grams: u64) -> String {
    format!("{GRAM_LENGTH_MARK}{grams}")
}

/// The number a gram-length mark (`GRAM_LENGTH_MARK` and digits) stands
/// for; `None` for any other term.
pub fn parse_gram_length_mark(term: &[u8]) -> Option<u64> {
    let digits = std::str::from_utf8(term.strip_prefix(&[GRAM_LENGTH_MARK as u8])?).ok()?;
    digits.parse().ok()
}

/// Passes the tokens through and then adds one more: the mark of how many
/// letter grams ([`super::gram_count`]) the words before it have. Indexed
/// with the exact forms of a body, the mark gives each article its length
/// in grams, which normalises the BM25 scores of questions' grams
/// (`search::looser`), for the price of one posting per article; it is
/// counted in the same pass as the words, not in one of its own.
#[derive(Clone, Copy, Debug, Default)]
pub struct GramLengthMark;

impl TokenFilter for GramLengthMark {
    type Tokenizer<T: Tokenizer> = GramLengthTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GramLengthTokenizer<T> {
        GramLengthTokenizer { inner: tokenizer }
    }
}

/// What [`GramLengthMark`] makes of a tokenizer (tantivy's filter plumbing).
#[derive(Clone)]
pub struct GramLengthTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for GramLengthTokenizer<T> {
    type TokenStream<'a> = GramLengthStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GramLengthStream {
            tail: self.inner.token_stream(text),
            grams: 0,
            end: 0,
            next_position: 0,
            mark: None,
            done: false,
        }
    }
}

/// The token stream of a [`GramLengthTokenizer`].
pub struct GramLengthStream<T> {
    tail: T,
    grams: u64,
    /// Where the last word ended, and the position after it: the mark's.
    end: usize,
    next_position: usize,
    /// The mark, once the words are over.
    mark: Option<Token>,
    /// The mark has been handed out.
    done: bool,
}

impl<T: TokenStream> TokenStream for GramLengthStream<T> {
    fn advance(&mut self) -> bool {
        if self.mark.is_some() {
            self.done = true;
        }
        if self.done {
            return false;
        }
        if self.tail.advance() {
            let word = self.tail.token();
            self.grams += super::gram_count(&word.text, super::GRAM_LEN) as u64;
            self.end = word.offset_to;
            self.next_position = word.position.wrapping_add(1);
            return true;
        }
        self.mark = Some(Token {
            offset_from: self.end,
            offset_to: self.end,
            position: self.next_position,
            text: gram_length_mark(self.grams),
            position_length: 1,
        });
        true
    }

    fn token(&self) -> &Token {
        self.mark.as_ref().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match &mut self.mark {
            Some(mark) => mark,
            None => self.tail.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{body_analyzer, exact_analyzer, replaying_exact_analyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    /// Every bundled article, the seed, and awkward texts.
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> =
            walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
                .into_iter()
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.file_type().is_file())
                .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
                .collect();
        assert!(texts.len() > 10, "the bundled corpus is missing");
        texts.extend(crate::test_support::read_shared(crate::test_support::SEED));
        for odd in [
            "",
            "'",
            "di del della",
            "L'anno piu' lungo: 15.000 e' tanti",
            "🙂 京都",
        ] {
            texts.push(odd.to_string());
        }
        texts
    }

    /// What the registered exact analyzer must give: the plain exact
    /// analyzer's tokens, then the mark of their length in grams.
    fn expected(plain: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut words = tokens(plain, text);
        let grams: usize = words
            .iter()
            .map(|(word, ..)| crate::analysis::gram_count(word, crate::analysis::GRAM_LEN))
            .sum();
        let (end, position) = words
            .last()
            .map_or((0, 0), |&(_, _, to, position)| (to, position + 1));
        words.push((gram_length_mark(grams as u64), end, end, position));
        words
    }

    #[test]
    fn a_replay_gives_the_exact_analyzers_tokens_and_the_mark() {
        let mut italian = body_analyzer();
        let mut replaying = replaying_exact_analyzer();
        let mut plain = exact_analyzer();
        for text in texts() {
            let stems = tokens(&mut italian, &text);
            let replayed = tokens(&mut replaying, &text);
            assert_eq!(replayed, expected(&mut plain, &text), "{text}");
            // The stems are of the same words, at the same places.
            assert_eq!(stems.len() + 1, replayed.len());
            // The recording was handed out: a second exact analysis of the
            // same text is made afresh, and is equal too.
            assert_eq!(tokens(&mut replaying, &text), replayed);
        }
    }

    #[test]
    fn only_a_complete_recording_of_the_same_text_is_replayed() {
        let mut italian = body_analyzer();
        let mut replaying = replaying_exact_analyzer();
        let mut plain = exact_analyzer();
        let (first, second) = ("il ministro degli esteri", "la crisi del petrolio");
        tokens(&mut italian, first);
        assert_eq!(tokens(&mut replaying, second), expected(&mut plain, second));
        // An analysis stopped halfway records nothing usable.
        let mut stream = italian.token_stream(second);
        assert!(stream.advance());
        drop(stream);
        assert_eq!(tokens(&mut replaying, second), expected(&mut plain, second));
        // crisi, petrolio and the mark of their 4 + 7 grams.
        let texts: Vec<String> = tokens(&mut replaying, second)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(texts, ["crisi", "petrolio", "\u{1}11"]);
    }

    #[test]
    fn marks_read_back() {
        assert_eq!(
            parse_gram_length_mark(gram_length_mark(0).as_bytes()),
            Some(0)
        );
        assert_eq!(
            parse_gram_length_mark(gram_length_mark(1234).as_bytes()),
            Some(1234)
        );
        assert_eq!(parse_gram_length_mark(b"1234"), None);
        assert_eq!(parse_gram_length_mark(b"\x01"), None);
        assert_eq!(parse_gram_length_mark(b"\x01x"), None);
    }
}
