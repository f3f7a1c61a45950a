//! The words of a text, as every body analysis sees them: the Italian
//! tokenizer, then each word's case noted ([`Case`]), folded, and stop
//! words dropped. This is the whole chain before the choice of a term
//! (`body.rs`), assembled here once: the exact forms of `body_exact`, the
//! words of `body` and of the snippets, and the words of a query all come
//! from [`WordsTokenizer`].
//!
//! The case is noted before folding removes it: it is the only evidence of
//! a proper noun that the text gives word by word (see `proper_nouns.rs`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::folding::fold_in_place;
use super::proper_nouns::{case_of, Case};
use super::stopwords::is_stop_word;
use super::tokenizer::{ItalianTokenStream, ItalianTokenizer};

/// Tokenizer, case, folding, stop words. The tokens' text is the folded
/// word; [`WordsStream::case`] tells how the current one was written.
#[derive(Clone, Default)]
pub struct WordsTokenizer {
    tokenizer: ItalianTokenizer,
    /// Reused between tokens to avoid an allocation per non-ASCII word.
    buffer: String,
}

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = WordsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsStream<'a> {
        self.token_stream_from(text, 0)
    }
}

impl WordsTokenizer {
    /// The words of `text` from the line starting at byte `line_start`
    /// (`0`, or right after a line feed) on, each as the whole text's
    /// stream gives it (case included: it reads the text before the word).
    pub fn token_stream_from<'a>(
        &'a mut self,
        text: &'a str,
        line_start: usize,
    ) -> WordsStream<'a> {
        WordsStream {
            text,
            tokens: self.tokenizer.token_stream_from(text, line_start),
            buffer: &mut self.buffer,
            case: Case::Lower,
        }
    }
}

/// The token stream of a [`WordsTokenizer`].
pub struct WordsStream<'a> {
    text: &'a str,
    tokens: ItalianTokenStream<'a>,
    buffer: &'a mut String,
    case: Case,
}

impl WordsStream<'_> {
    /// How the current word was written.
    pub fn case(&self) -> Case {
        self.case
    }
}

impl TokenStream for WordsStream<'_> {
    fn advance(&mut self) -> bool {
        while self.tokens.advance() {
            let token = self.tokens.token_mut();
            let case = case_of(self.text, token);
            fold_in_place(&mut token.text, self.buffer);
            // A stop word keeps the position the tokenizer gave it, so a
            // removed one leaves a gap (see the module `analysis`).
            if is_stop_word(&token.text) {
                continue;
            }
            self.case = case;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.tokens.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tokens.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, Case, usize)> {
        let mut tokenizer = WordsTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((
                stream.token().text.clone(),
                stream.case(),
                stream.token().position,
            ));
        }
        out
    }

    #[test]
    fn folded_words_with_their_case_and_stop_word_gaps() {
        assert_eq!(
            words("MODENA. Il ministro degli Esteri è a Carpi; Città nuova"),
            [
                ("modena".to_string(), Case::Unknown, 0),
                ("ministro".to_string(), Case::Lower, 2),
                ("esteri".to_string(), Case::Capital, 4),
                ("carpi".to_string(), Case::Capital, 7),
                ("citta".to_string(), Case::Capital, 8),
                ("nuova".to_string(), Case::Lower, 9),
            ]
        );
    }
}
