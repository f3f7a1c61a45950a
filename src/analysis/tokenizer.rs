//! The word tokenizer: UAX#29 word boundaries plus Italian apostrophes.
//!
//! Words are the segments of Unicode word segmentation (UAX#29, through
//! `unicode-segmentation`) that contain a letter or a digit, so `26enne`,
//! `5mila`, `15.000` and `3,5` stay whole and `80°` gives `80`. UAX#29 keeps
//! `l'incontro` and `c’è` as one word (the apostrophe is `MidNumLet`); this
//! tokenizer then splits it at the apostrophe and drops the elided article.
//!
//! Apostrophes, in order of precedence:
//!
//! 1. inside a word or right before one (`l'8`, `dell' ottobre`): the part
//!    before it is an elision; it is dropped if it is a listed elided
//!    function word (see [`super::elision`]), and otherwise kept as a token
//!    of its own (`po'di` → `po`, `di`; `O'Brien` → `O`, `Brien`);
//! 2. at the end of a word, followed by a space, punctuation or the end:
//!    * a listed elided word is dropped (`L' embargo` → `embargo`);
//!    * inside single quotes (`'mostro'`) it is a closing quote;
//!    * an apocope keeps its form (`po'` → `po`);
//!    * after a final vowel it is a typewriter accent: `perche'` → `perché`,
//!      `citta'` → `città`, `E'` → `È`;
//!    * otherwise it is punctuation (`Reuters'`).
//!
//! The tokenizer does not change case; filters downstream lower-case, fold
//! and stem.
//!
//! The UAX#29 segments come from [`word_bounds`]: a byte-level scanner that
//! knows the Word_Break classes of ASCII, Latin-1, Latin Extended-A and the
//! common typographic punctuation, and asks `unicode-segmentation` for any
//! segment that involves another character. Its segments are exactly the
//! crate's `split_word_bound_indices` (the module says why), at a fraction of
//! the cost of the crate's per-character table look-ups; the tests in
//! `tokenizer/equivalence.rs` compare segments and tokens with the crate-based
//! tokenizer kept in `tokenizer/reference.rs`, on hand-written and random
//! strings and on every text of the shared data sets.
//!
//! Offsets are byte offsets into the original text covering exactly what the
//! token stands for: without an elided prefix (`dell’incontro` → `incontro`)
//! and with the apostrophe when it is part of the word (`perche'`, `po'`),
//! so that highlighting marks the right span. Positions grow by one per
//! token emitted here; dropped elisions take no position, because they are
//! part of the next word, not a word of their own.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use self::word_bounds::{WordBounds, WordSegment};
use super::elision::{accent_final_vowel, is_apocope, is_apostrophe, is_elided};

mod word_bounds;

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;

/// Tokens longer than this many bytes are dropped: they are never words (URLs
/// without separators, base64, runs of digits), and tantivy refuses terms
/// over 65,530 bytes.
pub(crate) const MAX_TOKEN_BYTES: usize = 100;

/// The Italian word tokenizer. See the module documentation.
#[derive(Clone, Default)]
pub struct ItalianTokenizer {
    token: Token,
}

impl Tokenizer for ItalianTokenizer {
    type TokenStream<'a> = ItalianTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ItalianTokenStream<'a> {
        self.token_stream_from(text, 0)
    }
}

impl ItalianTokenizer {
    /// The tokens of `text` from the line starting at byte `line_start`
    /// (`0`, or right after a line feed) on: the same tokens, with the same
    /// offsets, as the whole text's from there, since no token and no
    /// tokenizer state spans a line break. Positions count from there.
    ///
    /// `line_start` may also be right after an ASCII space, before an ASCII
    /// character or an opening quote, where no apostrophe opening a word
    /// (an open single quote, the one state that spans a space) comes
    /// before it in its line: no token spans a space either.
    pub fn token_stream_from<'a>(
        &'a mut self,
        text: &'a str,
        line_start: usize,
    ) -> ItalianTokenStream<'a> {
        self.token.reset();
        ItalianTokenStream {
            text,
            segments: WordBounds::starting_at(text, line_start),
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

/// The token stream of an [`ItalianTokenizer`].
pub struct ItalianTokenStream<'a> {
    text: &'a str,
    segments: WordBounds<'a>,
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

/// The first apostrophe of `text` and its byte index, as
/// `text.char_indices().find(|&(_, c)| is_apostrophe(c))` but without
/// decoding every character: an apostrophe is `'` or starts with the byte
/// 0xCA (U+02BC), 0xE2 (U+2018, U+2019) or 0xEF (U+FF07), which are never
/// continuation bytes.
fn find_apostrophe(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .iter()
        .position(|&b| matches!(b, b'\'' | 0xca | 0xe2 | 0xef))
    {
        let at = from + i;
        if let Some(c) = text.get(at..).and_then(first_char) {
            if is_apostrophe(c) {
                return Some((at, c));
            }
        }
        from = at + 1;
    }
    None
}

impl ItalianTokenStream<'_> {
    /// Moves to the next word segment; false at the end of the text.
    fn next_word(&mut self) -> bool {
        while let Some(WordSegment {
            start: seg_start,
            end: seg_end,
            newline_before,
        }) = self.segments.next_word()
        {
            if newline_before {
                // Quotes do not span paragraphs; an unmatched one (an
                // aphaeresis such as 'ndrangheta) must not leak further.
                self.quote_open = false;
            }
            // Segment bounds are character boundaries of `text`.
            let segment = &self.text[seg_start..seg_end];
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
            if let Some((i, apostrophe)) = find_apostrophe(text) {
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

impl TokenStream for ItalianTokenStream<'_> {
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

/// Texts made of little but apostrophes, symbols and line breaks, for the
/// unit tests here and the equivalence tests.
#[cfg(test)]
const DEGENERATE_INPUT: &[&str] = &[
    "",
    "'",
    "'''",
    "’’’",
    "\u{2BC}\u{2BC}",
    "l'",
    "'l",
    "l' ",
    " 'e' ",
    "po'",
    "'po'",
    "🙂🙂",
    "—",
    "\n\n'",
    "a'b'c'd'",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, from, to, position) for every token.
    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = ItalianTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            assert!(text.get(t.offset_from..t.offset_to).is_some());
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn words_numbers_and_offsets() {
        assert_eq!(
            tokens("Un 26enne, 5mila euro e 15.000 soldati: il 3,5% all’80°."),
            vec![
                ("Un".to_string(), 0, 2, 0),
                ("26enne".to_string(), 3, 9, 1),
                ("5mila".to_string(), 11, 16, 2),
                ("euro".to_string(), 17, 21, 3),
                ("e".to_string(), 22, 23, 4),
                ("15.000".to_string(), 24, 30, 5),
                ("soldati".to_string(), 31, 38, 6),
                ("il".to_string(), 40, 42, 7),
                ("3,5".to_string(), 43, 46, 8),
                ("80".to_string(), 54, 56, 9),
            ]
        );
    }

    #[test]
    fn elisions_are_dropped_and_take_no_position() {
        assert_eq!(
            tokens("dell’incontro l'anno"),
            vec![
                ("incontro".to_string(), 7, 15, 0),
                ("anno".to_string(), 18, 22, 1),
            ]
        );
        assert_eq!(
            texts(
                "l'incontro l’incontro dell'anno all’alba nell'area un'indagine \
                 quell'anno quest'anno tutt'altro sant'Antonio c'è d'Italia"
            ),
            [
                "incontro", "incontro", "anno", "alba", "area", "indagine", "anno", "anno",
                "altro", "Antonio", "è", "Italia"
            ]
        );
        // Less common apostrophes.
        assert_eq!(
            texts("l\u{2BC}anno l\u{2018}anno l\u{FF07}anno"),
            ["anno"; 3]
        );
    }

    #[test]
    fn elision_followed_by_a_space() {
        assert_eq!(
            tokens("nell' ottobre dell' OPEC. L' embargo"),
            vec![
                ("ottobre".to_string(), 6, 13, 0),
                ("OPEC".to_string(), 20, 24, 1),
                ("embargo".to_string(), 29, 36, 2),
            ]
        );
    }

    #[test]
    fn unknown_elisions_and_glued_words_are_split() {
        assert_eq!(texts("un po'di tempo"), ["un", "po", "di", "tempo"]);
        assert_eq!(texts("O'Brien"), ["O", "Brien"]);
        assert_eq!(texts("vent'anni"), ["vent", "anni"]);
        assert_eq!(texts("negli anni'90"), ["negli", "anni", "90"]);
        assert_eq!(texts("dell'80"), ["80"]);
    }

    #[test]
    fn typewriter_accents() {
        assert_eq!(
            texts("piu' gia' perche' e' cosi' citta'. E' PERCHE'"),
            ["più", "già", "perché", "è", "così", "città", "È", "PERCHÉ"]
        );
        // The apostrophe is the accent, so it belongs to the token.
        assert_eq!(tokens("citta'!"), vec![("città".to_string(), 0, 6, 0)]);
        // An apocope keeps its form and its apostrophe.
        assert_eq!(
            tokens("un po' di"),
            vec![
                ("un".to_string(), 0, 2, 0),
                ("po".to_string(), 3, 6, 1),
                ("di".to_string(), 7, 9, 2),
            ]
        );
        // After a consonant it is just punctuation.
        assert_eq!(tokens("Reuters' news")[0], ("Reuters".to_string(), 0, 7, 0));
    }

    #[test]
    fn single_quotes_are_not_accents() {
        assert_eq!(
            tokens("il 'mostro' e' qui"),
            vec![
                ("il".to_string(), 0, 2, 0),
                ("mostro".to_string(), 4, 10, 1),
                ("è".to_string(), 12, 14, 2),
                ("qui".to_string(), 15, 18, 3),
            ]
        );
        assert_eq!(
            texts("‘operazione mostro’ piu'"),
            ["operazione", "mostro", "più"]
        );
        // '90 is a year, not a quote: the following accent is still one.
        assert_eq!(texts("anni '90 piu'"), ["anni", "90", "più"]);
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let text = format!("prima {long} dopo");
        assert_eq!(
            tokens(&text),
            vec![
                ("prima".to_string(), 0, 5, 0),
                ("dopo".to_string(), 7 + long.len(), 11 + long.len(), 1),
            ]
        );
    }

    #[test]
    fn degenerate_input() {
        for text in DEGENERATE_INPUT {
            for (token, from, to, _) in tokens(text) {
                assert!(!token.is_empty(), "{text:?}");
                assert!(from < to && to <= text.len(), "{text:?}");
            }
        }
        assert_eq!(texts("a'b'c'd'"), ["a", "b"]);
    }
}
