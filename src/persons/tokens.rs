//! Tokenizer tailored to name finding: words with their case shape, elisions split off
//! (`l'Ucraina` → `l'` + `Ucraina`) but apostrophe surnames kept whole (`D'Alema`), initials
//! and title abbreviations keeping their full stop, and a flag for sentence-initial words.

use super::lexicon::{is_apostrophe, packed_key, Lexicon, ABBREVIATIONS, NAME_APOSTROPHE_PREFIXES};
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    Punct,
    /// Between two paragraphs: no cue may be read across it.
    Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `presidente`, `al-Assad` (see [`Token::is_name`]).
    Lower,
    /// `Putin`, `McDonald`, `D'Alema`.
    Capitalised,
    /// `KCNA`, `MODENA`, `II`.
    Upper,
    /// `F.`: one capital letter and a full stop.
    Initial,
    /// An elided article or preposition with its apostrophe: `l'`, `dell'`, `L'`.
    Elision,
    /// Scripts without case, digits, punctuation.
    Caseless,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub kind: Kind,
    pub shape: Shape,
    /// First word of a paragraph or after a sentence-opening mark: its capital proves nothing.
    pub sent_start: bool,
    /// Lexicon flags of the word (0 for other tokens).
    pub flags: u32,
    /// Can be a word of a person name (see [`Token::is_name`]); computed once.
    name: bool,
}

impl<'a> Token<'a> {
    fn new(text: &'a str, kind: Kind, shape: Shape, sent_start: bool, flags: u32) -> Self {
        let mut token = Token {
            text,
            kind,
            shape,
            sent_start,
            flags,
            name: false,
        };
        token.name = token.compute_is_name();
        token
    }

    /// Can this token be a word of a person name?
    pub fn is_name(&self) -> bool {
        self.name
    }

    fn compute_is_name(&self) -> bool {
        match self.shape {
            Shape::Capitalised => true,
            // Arabic names carry a lower-case article glued with a hyphen: `al-Assad`.
            Shape::Lower => is_arabic_article_name(self.text),
            _ => false,
        }
    }

    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// Roman numeral of a sovereign or pope (`II`, `XVI`), read only after a name.
    pub fn is_roman(&self) -> bool {
        self.shape == Shape::Upper
            && self.text.len() <= 6
            && self.text.bytes().all(|b| b"IVXL".contains(&b))
    }
}

fn is_arabic_article_name(text: &str) -> bool {
    // The articles below have two or three letters: with no hyphen at the third or fourth
    // byte there is nothing to split, and most words have none.
    let bytes = text.as_bytes();
    if bytes.get(2) != Some(&b'-') && bytes.get(3) != Some(&b'-') {
        return false;
    }
    let Some((article, rest)) = text.split_once('-') else {
        return false;
    };
    matches!(
        article,
        "al" | "el" | "ul" | "ad" | "as" | "ash" | "ar" | "an" | "bin" | "ibn" | "abu"
    ) && rest.chars().next().is_some_and(char::is_uppercase)
        && rest.chars().skip(1).any(char::is_lowercase)
}

fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7f}' => false,
        // Latin-1 letters (`à`, `É`…) and general punctuation (`’`, `–`, `…`) without a
        // look-up in the Unicode tables.
        '\u{c0}'..='\u{ff}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphabetic() || is_combining_mark(c),
    }
}

/// Marks after which the next word opens a sentence, a quotation or an aside.
fn opens_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | ':'
            | ';'
            | '«'
            | '“'
            | '"'
            | '„'
            | '('
            | '['
            | '–'
            | '—'
            | '-'
            | '‘'
            | '\''
    )
}

/// The character at byte `i` of `text` (a char boundary), read without decoding when ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// The end of the run of ASCII letters starting at byte `i`.
#[inline]
fn ascii_letters_end(bytes: &[u8], mut i: usize) -> usize {
    const LO: u64 = u64::from_le_bytes([1; 8]);
    const HI: u64 = LO << 7;
    while let Some(chunk) = bytes
        .get(i..i + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        let x = u64::from_le_bytes(chunk);
        // Folded to lower case, seven bits: `a` to `z`, and no sum carries into the next byte.
        let y = (x | (0x20 * LO)) & !HI;
        let letters = (y + 0x1f * LO) & !(y + 0x05 * LO) & !x & HI;
        let run = (!letters & HI).trailing_zeros() as usize / 8;
        i += run;
        if run < 8 {
            return i;
        }
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Appends the tokens of one paragraph to `out`.
pub(crate) fn tokenize<'a>(text: &'a str, lex: &Lexicon, out: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    let mut scratch = String::new();
    let mut sent_start = true;
    let mut pos = 0;
    while let Some(c) = char_at(text, pos) {
        let start = pos;
        pos += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = pos;
            let mut split_at_elision = false;
            loop {
                // Most of a word is ASCII letters: skipped eight bytes at a time.
                end = ascii_letters_end(bytes, end);
                let i = end;
                let Some(d) = char_at(text, i) else {
                    break;
                };
                if is_word_char(d) {
                    end = i + d.len_utf8();
                    continue;
                }
                // Only apostrophes, hyphens and full stops can join more to the word; most words
                // end at a space or a comma.
                if !(is_apostrophe(d) || matches!(d, '.' | '-' | '\u{2010}')) {
                    break;
                }
                // `D' Alema`, `Dell' Utri`: a surname written with a space after the
                // apostrophe (typists and tokenised text do it) is still one word.
                let after = &text[i + d.len_utf8()..];
                if is_apostrophe(d) {
                    if let Some(rest) = after.strip_prefix(' ') {
                        let spaced = rest.chars().next().filter(|&n| n.is_uppercase());
                        if spaced.is_some_and(|n| joins_surname(&text[start..end], n)) {
                            end = i + d.len_utf8() + 1;
                            continue;
                        }
                    }
                }
                // Apostrophes, hyphens and inner full stops join only two letters.
                let next = after.chars().next();
                let Some(next) = next.filter(|&n| is_word_char(n)) else {
                    break;
                };
                if is_apostrophe(d) {
                    end = i + d.len_utf8();
                    if joins_surname(&text[start..i], next) {
                        continue;
                    }
                    // An elision: the article keeps the apostrophe, the word starts anew.
                    split_at_elision = true;
                    break;
                }
                let inner_dot = d == '.'
                    && next.is_lowercase()
                    && text[start..end].chars().all(char::is_lowercase);
                if matches!(d, '-' | '\u{2010}') || inner_dot {
                    end = i + d.len_utf8();
                    continue;
                }
                break;
            }
            // A full stop after an initial or a known abbreviation belongs to the word, so that
            // `dott. Rossi` and `John F. Kennedy` do not end a sentence.
            if !split_at_elision && bytes.get(end) == Some(&b'.') {
                let word = &text[start..end];
                let is_initial = end - start == c.len_utf8() && c.is_uppercase();
                if is_initial || is_abbreviation(word, &mut scratch) {
                    end += 1;
                }
            }
            pos = end;
            let word = &text[start..end];
            let shape = shape_of(word, split_at_elision);
            // An all-capital word is read by the flags of its lower-case spelling (`DE`, a
            // particle; `MARIO`, a first name): the tagger's features see them.
            let flags = match shape {
                Shape::Caseless => 0,
                Shape::Upper => lex.flags_of(word, &mut scratch),
                _ => word_flags(lex, word, &bytes[start..], &mut scratch),
            };
            out.push(Token::new(word, Kind::Word, shape, sent_start, flags));
            // An all-capital word carries no case information: after a dateline without a full
            // stop (`MIRANDOLA Doppia denuncia…`) the sentence still starts at the next word.
            sent_start = sent_start && shape == Shape::Upper;
        } else if c.is_numeric() {
            let mut end = pos;
            while let Some(d) = char_at(text, end) {
                let glue = matches!(d, '.' | ',' | ':')
                    && text[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_numeric());
                if d.is_numeric() || is_word_char(d) || glue {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            pos = end;
            let number = &text[start..end];
            out.push(Token::new(
                number,
                Kind::Number,
                Shape::Caseless,
                sent_start,
                0,
            ));
            sent_start = false;
        } else {
            let mark = &text[start..pos];
            out.push(Token::new(mark, Kind::Punct, Shape::Caseless, false, 0));
            if opens_sentence(c) {
                sent_start = true;
            } else if c == ',' {
                sent_start = false;
            }
        }
    }
}

/// The lexicon flags of a word: [`Lexicon::flags_of`], with short words of ASCII and
/// lower-case Latin-1 letters (nearly all) looked up as integers read from `tail`, the text
/// from the word on (see [`packed_key`]).
fn word_flags(lex: &Lexicon, word: &str, tail: &[u8], scratch: &mut String) -> u32 {
    match packed_key(tail, word.len()) {
        Some(key) => lex.flags_of_packed(key),
        None => lex.flags_of(word, scratch),
    }
}

/// The paragraph separator token.
pub(crate) fn paragraph_break() -> Token<'static> {
    Token::new("", Kind::Break, Shape::Caseless, true, 0)
}

/// `D'` + `Alema`, `Dell'` + `Utri`, `O'` + `Brien`: a capitalised prefix and a capitalised word.
fn joins_surname(prefix: &str, next: char) -> bool {
    if !next.is_uppercase() || !prefix.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let lower = prefix.to_lowercase();
    NAME_APOSTROPHE_PREFIXES
        .binary_search(&lower.as_str())
        .is_ok()
}

fn is_abbreviation(word: &str, scratch: &mut String) -> bool {
    // Lower-casing never makes fewer characters: a word with as many characters as the longest
    // abbreviation has bytes (its full stop included) is none. Most words before a full stop
    // end a sentence and are longer.
    if word.chars().count() >= MAX_ABBREVIATION_BYTES {
        return false;
    }
    scratch.clear();
    scratch.extend(word.chars().flat_map(char::to_lowercase));
    scratch.push('.');
    ABBREVIATIONS.binary_search(&scratch.as_str()).is_ok()
}

/// Bytes of the longest abbreviation, its full stop included.
const MAX_ABBREVIATION_BYTES: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > max {
            max = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    max
};

fn shape_of(word: &str, elision: bool) -> Shape {
    if elision {
        return Shape::Elision;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Caseless;
    };
    if word.ends_with('.') && word.chars().count() == 2 && first.is_uppercase() {
        return Shape::Initial;
    }
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if !first.is_uppercase() {
        return Shape::Caseless;
    }
    // Acronyms, datelines and lone capitals (`A`, `E`) have no lower-case letter: never names.
    if letters.any(char::is_lowercase) {
        Shape::Capitalised
    } else {
        Shape::Upper
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, Shape, bool)> {
        let lex = Lexicon::new();
        let mut out = Vec::new();
        tokenize(text, &lex, &mut out);
        out.iter()
            .map(|t| (t.text.to_string(), t.shape, t.sent_start))
            .collect()
    }

    #[test]
    fn elisions_split_but_apostrophe_surnames_stay_whole() {
        let t = toks("l’Ucraina e Dell'Utri, D’Alema, dell'Utri, L'agenzia");
        let words: Vec<&str> = t.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(
            words,
            [
                "l’",
                "Ucraina",
                "e",
                "Dell'Utri",
                ",",
                "D’Alema",
                ",",
                "dell'",
                "Utri",
                ",",
                "L'",
                "agenzia"
            ]
        );
        assert_eq!(t[0].1, Shape::Elision);
        assert_eq!(t[3].1, Shape::Capitalised);
    }

    #[test]
    fn initials_and_abbreviations_keep_the_stop() {
        let t = toks("MODENA. Il dott. Rossi e John F. Kennedy.");
        let words: Vec<&str> = t.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(
            words,
            ["MODENA", ".", "Il", "dott.", "Rossi", "e", "John", "F.", "Kennedy", "."]
        );
        assert_eq!(t[0].1, Shape::Upper);
        assert!(t[2].2, "Il opens a sentence");
        assert!(!t[4].2, "Rossi after dott. does not");
        assert_eq!(t[7].1, Shape::Initial);
    }

    #[test]
    fn word_flags_are_the_lexicon_flags() {
        let lex = Lexicon::new();
        let mut scratch = String::new();
        let mut words: Vec<String> = vec![
            "Il",
            "il",
            "IL",
            "Mario",
            "mario",
            "di",
            "Di",
            "DI",
            "dott.",
            "Dott.",
            "presidente",
            "Presidente",
            "ha",
            "detto",
            "Putin",
            "von",
            "Von",
            "dell'",
            "Dell'",
            "città",
            "Città",
            "l\u{2019}",
            "L'",
            "precipitevolissimevolmente",
            "x\u{0}",
            "",
            "a",
            "San",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for list in [ABBREVIATIONS, NAME_APOSTROPHE_PREFIXES] {
            for w in list {
                words.push(w.to_string());
                words.push(w.to_uppercase());
            }
        }
        for w in [
            "più",
            "Più",
            "PIÙ",
            "città",
            "è",
            "È",
            "così",
            "cécile",
            "Cécile",
            "ß",
            "ÿ",
            "l\u{2019}",
            "dell\u{2019}",
            "São",
            "Ærø",
            "naïve",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "precipitevolissimevolmente",
            "x\u{0}y",
            "Dott.ssa",
        ] {
            words.push(w.to_string());
        }
        let mut found = 0;
        for w in &words {
            let expected = lex.flags_of(w, &mut scratch);
            // The word alone, and followed by more text, as the tokenizer reads it.
            assert_eq!(
                word_flags(&lex, w, w.as_bytes(), &mut scratch),
                expected,
                "{w:?}"
            );
            let tail = format!("{w} e poi ancora altro testo");
            let flags = word_flags(&lex, w, tail.as_bytes(), &mut scratch);
            assert_eq!(flags, expected, "{w:?}");
            found += usize::from(expected != 0);
        }
        assert!(found > 10, "the sample should hit the lexicon");
    }

    #[test]
    fn ascii_letter_runs_end_where_a_byte_is_no_letter() {
        let text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for other in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = text.as_bytes()[..20].to_vec();
                bytes[at] = other;
                let expected = bytes
                    .iter()
                    .position(|b| !b.is_ascii_alphabetic())
                    .unwrap_or(bytes.len());
                assert_eq!(ascii_letters_end(&bytes, 0), expected, "{other} at {at}");
                let from = at.min(3);
                let expected = from
                    + bytes[from..]
                        .iter()
                        .position(|b| !b.is_ascii_alphabetic())
                        .unwrap_or(bytes.len() - from);
                assert_eq!(ascii_letters_end(&bytes, from), expected);
            }
        }
        assert_eq!(ascii_letters_end(b"", 0), 0);
        assert_eq!(ascii_letters_end(b"ab", 5), 5);
    }

    #[test]
    fn word_chars_are_letters_and_combining_marks() {
        for c in ('\0'..='\u{3000}').chain(['\u{1e9b}', '\u{10400}', '\u{1f600}']) {
            let expected = c.is_alphabetic() || is_combining_mark(c);
            assert_eq!(is_word_char(c), expected, "{c:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "’",
            "'a",
            "a'",
            "-",
            "..",
            "1.",
            "Å’Ø",
            "北京 Пу́тин",
            "\u{301}x",
            "x\u{301}'",
        ] {
            toks(text);
        }
    }
}
