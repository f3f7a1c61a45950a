//! The reference for the tokenizer's fast word boundaries: the tokenizer as
//! it was before them, word for word, on `split_word_bound_indices` (only
//! renamed). The equivalence tests compare every token of both.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use super::super::elision::{accent_final_vowel, is_apocope, is_apostrophe, is_elided};
use super::MAX_TOKEN_BYTES;

/// The Italian word tokenizer. See the module documentation.
#[derive(Clone, Default)]
pub struct ReferenceTokenizer {
    token: Token,
}

impl Tokenizer for ReferenceTokenizer {
    type TokenStream<'a> = ReferenceTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReferenceTokenStream<'a> {
        self.token.reset();
        ReferenceTokenStream {
            text,
            segments: text.split_word_bound_indices(),
            token: &mut self.token,
            word: None,
            quote_open: false,
        }
    }
}

/// What follows a word in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    /// No apostrophe.
    Nothing,
    /// An apostrophe and then a letter or digit (`l'8`, `anni'90`): the word
    /// is an elision of what follows.
    ApostropheThenWord,
    /// An apostrophe (of this many bytes) then a space, punctuation or the
    /// end of the text.
    FinalApostrophe(usize),
}

/// The part of the current word that has not been turned into tokens yet.
#[derive(Clone, Copy, Debug)]
struct PendingWord {
    start: usize,
    end: usize,
    after: After,
}

/// One token to emit: a byte range of the original text, and, for a
/// typewriter accent, the accented vowel that replaces the word's last
/// character in the token text.
struct Piece {
    start: usize,
    end: usize,
    offset_to: usize,
    accent: Option<char>,
}

/// The token stream of an [`ReferenceTokenizer`].
pub struct ReferenceTokenStream<'a> {
    text: &'a str,
    segments: UWordBoundIndices<'a>,
    token: &'a mut Token,
    word: Option<PendingWord>,
    /// A single quote opened before a word and not closed yet in this
    /// paragraph: the next word-final apostrophe closes it rather than being
    /// an accent.
    quote_open: bool,
}

fn first_char(text: &str) -> Option<char> {
    text.chars().next()
}

fn last_char(text: &str) -> Option<char> {
    text.chars().next_back()
}

impl ReferenceTokenStream<'_> {
    /// Moves to the next word segment; false at the end of the text.
    fn next_word(&mut self) -> bool {
        for (seg_start, segment) in self.segments.by_ref() {
            if !segment.chars().any(char::is_alphanumeric) {
                if segment.contains('\n') {
                    // Quotes do not span paragraphs; an unmatched one (an
                    // aphaeresis such as 'ndrangheta) must not leak further.
                    self.quote_open = false;
                }
                continue;
            }
            // U+02BC is a letter for UAX#29, so it can start or end a
            // segment: trim apostrophes so they are only ever inside.
            let trimmed_front = segment.trim_start_matches(is_apostrophe);
            let word = trimmed_front.trim_end_matches(is_apostrophe);
            if word.is_empty() {
                continue;
            }
            let start = seg_start + (segment.len() - trimmed_front.len());
            let end = start + word.len();

            let before = &self.text[..start];
            if let Some(quote) = last_char(before).filter(|&c| is_apostrophe(c)) {
                let before_quote = &before[..before.len() - quote.len_utf8()];
                let opens = !last_char(before_quote).is_some_and(char::is_alphanumeric);
                // `'90` is an abbreviated year, not a quotation.
                if opens && first_char(word).is_some_and(char::is_alphabetic) {
                    self.quote_open = true;
                }
            }

            let rest = &self.text[end..];
            let after = match first_char(rest).filter(|&c| is_apostrophe(c)) {
                None => After::Nothing,
                Some(apostrophe) => {
                    let len = apostrophe.len_utf8();
                    if first_char(&rest[len..]).is_some_and(char::is_alphanumeric) {
                        After::ApostropheThenWord
                    } else {
                        After::FinalApostrophe(len)
                    }
                }
            };
            self.word = Some(PendingWord { start, end, after });
            return true;
        }
        false
    }

    /// The next token-to-be of the text, elisions already dropped.
    fn next_piece(&mut self) -> Option<Piece> {
        loop {
            let Some(word) = self.word.take() else {
                if self.next_word() {
                    continue;
                }
                return None;
            };
            let text = &self.text[word.start..word.end];
            if let Some((i, apostrophe)) = text.char_indices().find(|&(_, c)| is_apostrophe(c)) {
                // An internal apostrophe: `text[..i]` is an elision.
                let rest_start = word.start + i + apostrophe.len_utf8();
                self.word = Some(PendingWord {
                    start: rest_start,
                    ..word
                });
                let prefix = &text[..i];
                if prefix.is_empty() || is_elided(prefix) {
                    continue;
                }
                let end = word.start + i;
                return Some(Piece {
                    start: word.start,
                    end,
                    offset_to: end,
                    accent: None,
                });
            }
            let plain = Piece {
                start: word.start,
                end: word.end,
                offset_to: word.end,
                accent: None,
            };
            match word.after {
                After::Nothing => return Some(plain),
                After::ApostropheThenWord => {
                    if is_elided(text) {
                        continue;
                    }
                    return Some(plain);
                }
                After::FinalApostrophe(len) => {
                    if is_elided(text) {
                        continue;
                    }
                    if self.quote_open {
                        self.quote_open = false;
                        return Some(plain);
                    }
                    if is_apocope(text) {
                        return Some(Piece {
                            offset_to: word.end + len,
                            ..plain
                        });
                    }
                    return Some(match accent_final_vowel(text) {
                        Some(accent) => Piece {
                            offset_to: word.end + len,
                            accent: Some(accent),
                            ..plain
                        },
                        None => plain,
                    });
                }
            }
        }
    }
}

impl TokenStream for ReferenceTokenStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(piece) = self.next_piece() {
            if piece.end - piece.start > MAX_TOKEN_BYTES {
                continue;
            }
            let word = &self.text[piece.start..piece.end];
            let token = &mut *self.token;
            token.text.clear();
            match piece.accent {
                Some(accent) => {
                    // The accent replaces the final (ASCII) vowel.
                    token.text.push_str(&word[..word.len() - 1]);
                    token.text.push(accent);
                }
                None => token.text.push_str(word),
            }
            token.offset_from = piece.start;
            token.offset_to = piece.offset_to;
            token.position = token.position.wrapping_add(1);
            token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
