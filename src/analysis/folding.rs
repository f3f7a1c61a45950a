//! Lower-casing and accent folding, as one token filter and as a plain
//! function.
//!
//! Folding is limited to the Latin script: `Città` → `citta`,
//! `Łódź` → `lodz`, but Greek, Cyrillic, CJK or Hangul text is only
//! lower-cased (folding `й` to `и` would change the letter, and a canonical
//! decomposition of Hangul would hand the index jamo instead of syllables).

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Whether `c` belongs to the Latin blocks whose letters we fold: Latin-1
/// Supplement, Latin Extended-A and -B, IPA extensions, Latin Extended
/// Additional.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{02AF}' | '\u{1E00}'..='\u{1EFF}')
}

/// Writes the folded form of the already lower-case `c` into `out`.
///
/// `after_latin` tells whether the previous character written was a Latin
/// letter: a combining mark that follows one (text in decomposed form,
/// `e\u{301}`) is dropped, one that follows another script is kept.
fn push_folded(c: char, out: &mut String, after_latin: &mut bool) {
    if is_combining_mark(c) {
        if !*after_latin {
            out.push(c);
        }
        return;
    }
    if !is_latin(c) || c.is_ascii() {
        *after_latin = c.is_ascii_alphabetic();
        out.push(c);
        return;
    }
    *after_latin = true;
    // Letters with no canonical decomposition that a reader still sees as
    // "a letter with a mark" or a ligature: they occur in foreign names.
    let replacement = match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'ħ' => "h",
        'ı' => "i",
        'þ' => "th",
        _ => "",
    };
    if !replacement.is_empty() {
        out.push_str(replacement);
        return;
    }
    decompose_canonical(c, |d| {
        if !is_combining_mark(d) {
            out.push(d);
        }
    });
}

/// Lower-cases and folds `text` into `out` (cleared first).
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut after_latin = false;
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, most of an Italian text, are lower-cased as blocks.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            after_latin = rest.as_bytes()[ascii - 1].is_ascii_alphabetic();
            rest = &rest[ascii..];
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            for lower in c.to_lowercase() {
                push_folded(lower, out, &mut after_latin);
            }
            rest = chars.as_str();
        }
    }
}

/// Folds `word` in place; `buffer` is scratch space kept between words, so
/// that a word with accents costs no allocation.
pub(crate) fn fold_in_place(word: &mut String, buffer: &mut String) {
    if word.is_ascii() {
        // Most Italian words: nothing to fold, lower-case in place.
        word.make_ascii_lowercase();
    } else {
        fold_into(word, buffer);
        mem::swap(word, buffer);
    }
}

/// Token filter: lower-case plus Latin accent folding.
///
/// Unlike tantivy's `LowerCaser` followed by `AsciiFoldingFilter`, it leaves
/// non-Latin scripts alone (`AsciiFoldingFilter` would, for instance, map
/// some Greek and Cyrillic look-alikes) and does the work in one pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldFilter;

impl TokenFilter for FoldFilter {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// What [`FoldFilter`] makes of a tokenizer (tantivy's filter plumbing).
#[derive(Clone)]
pub struct FoldTokenizer<T> {
    inner: T,
    /// Reused between tokens to avoid an allocation per non-ASCII token.
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldTokenStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of a [`FoldTokenizer`].
pub struct FoldTokenStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for FoldTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        fold_in_place(&mut self.tail.token_mut().text, self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold_into(text, &mut out);
        out
    }

    #[test]
    fn italian_accents() {
        assert_eq!(folded("Città"), "citta");
        assert_eq!(folded("Perché"), "perche");
        assert_eq!(folded("PIÙ"), "piu");
        assert_eq!(folded("già"), "gia");
        assert_eq!(folded("È così"), "e cosi");
        assert_eq!(folded("Università àèéìíòóù"), "universita aeeiioou");
    }

    #[test]
    fn decomposed_input_and_foreign_names() {
        assert_eq!(folded("cafe\u{301}"), "cafe");
        assert_eq!(folded("Łódź"), "lodz");
        assert_eq!(folded("Müller Straße"), "muller strasse");
        assert_eq!(folded("Søren Kierkegaard"), "soren kierkegaard");
        assert_eq!(folded("Erdoğan"), "erdogan");
        assert_eq!(folded("Nguyễn"), "nguyen");
        assert_eq!(folded("İstanbul"), "istanbul");
    }

    #[test]
    fn other_scripts_are_only_lower_cased() {
        assert_eq!(folded("Йошкар-Ола"), "йошкар-ола");
        assert_eq!(folded("Ἀθῆναι"), "ἀθῆναι");
        assert_eq!(folded("서울"), "서울");
        assert_eq!(folded("東京"), "東京");
        assert_eq!(folded("🙂 ok"), "🙂 ok");
        assert_eq!(folded(""), "");
    }
}
