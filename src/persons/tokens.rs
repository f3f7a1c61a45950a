//! Tokenizer tailored to name finding: words with their case shape, elisions split off
//! (`l'Ucraina` → `l'` + `Ucraina`) but apostrophe surnames kept whole (`D'Alema`), initials
//! and title abbreviations keeping their full stop, and a flag for sentence-initial words.

use super::lexicon::{is_apostrophe, Lexicon, ABBREVIATIONS, NAME_APOSTROPHE_PREFIXES, PACKED};
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
    // The articles below have at most three letters: with no hyphen in the first four bytes
    // there is nothing to split, and most words have none.
    if !text.bytes().take(4).any(|b| b == b'-') {
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
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic() || is_combining_mark(c)
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

/// Appends the tokens of one paragraph to `out`.
pub(crate) fn tokenize<'a>(text: &'a str, lex: &Lexicon, out: &mut Vec<Token<'a>>) {
    let mut scratch = String::new();
    let mut sent_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            let mut split_at_elision = false;
            while let Some(&(i, d)) = chars.peek() {
                if is_word_char(d) {
                    chars.next();
                    end = i + d.len_utf8();
                    continue;
                }
                // `D' Alema`, `Dell' Utri`: a surname written with a space after the
                // apostrophe (typists and tokenised text do it) is still one word.
                let after = &text[i + d.len_utf8()..];
                if is_apostrophe(d) {
                    if let Some(rest) = after.strip_prefix(' ') {
                        let spaced = rest.chars().next().filter(|&n| n.is_uppercase());
                        if spaced.is_some_and(|n| joins_surname(&text[start..end], n)) {
                            chars.next();
                            chars.next();
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
                    if joins_surname(&text[start..end], next) {
                        chars.next();
                        end = i + d.len_utf8();
                        continue;
                    }
                    // An elision: the article keeps the apostrophe, the word starts anew.
                    chars.next();
                    end = i + d.len_utf8();
                    split_at_elision = true;
                    break;
                }
                let inner_dot = d == '.'
                    && next.is_lowercase()
                    && text[start..end].chars().all(char::is_lowercase);
                if matches!(d, '-' | '\u{2010}') || inner_dot {
                    chars.next();
                    end = i + d.len_utf8();
                    continue;
                }
                break;
            }
            // A full stop after an initial or a known abbreviation belongs to the word, so that
            // `dott. Rossi` and `John F. Kennedy` do not end a sentence.
            if !split_at_elision {
                if let Some(&(i, '.')) = chars.peek() {
                    let word = &text[start..end];
                    let is_initial = word.chars().count() == 1 && c.is_uppercase();
                    if is_initial || is_abbreviation(word, &mut scratch) {
                        chars.next();
                        end = i + 1;
                    }
                }
            }
            let word = &text[start..end];
            let shape = shape_of(word, split_at_elision);
            let flags = match shape {
                Shape::Upper | Shape::Caseless => 0,
                _ => word_flags(lex, word, &mut scratch),
            };
            out.push(Token::new(word, Kind::Word, shape, sent_start, flags));
            // An all-capital word carries no case information: after a dateline without a full
            // stop (`MIRANDOLA Doppia denuncia…`) the sentence still starts at the next word.
            sent_start = sent_start && shape == Shape::Upper;
        } else if c.is_numeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                let glue = matches!(d, '.' | ',' | ':')
                    && text[i + 1..].chars().next().is_some_and(|n| n.is_numeric());
                if d.is_numeric() || is_word_char(d) || glue {
                    chars.next();
                    end = i + d.len_utf8();
                } else {
                    break;
                }
            }
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
            let end = start + c.len_utf8();
            let mark = &text[start..end];
            out.push(Token::new(mark, Kind::Punct, Shape::Caseless, false, 0));
            if opens_sentence(c) {
                sent_start = true;
            } else if c == ',' {
                sent_start = false;
            }
        }
    }
}

/// The lexicon flags of a word: [`Lexicon::flags_of`], with ASCII words (nine in ten) lower-cased
/// on the stack and looked up as integers.
fn word_flags(lex: &Lexicon, word: &str, scratch: &mut String) -> u32 {
    let bytes = word.as_bytes();
    if !bytes.is_empty() && bytes.len() <= PACKED && bytes.is_ascii() {
        let mut lower = [0u8; PACKED];
        for (l, b) in lower.iter_mut().zip(bytes) {
            *l = b.to_ascii_lowercase();
        }
        if let Some(flags) = lex.flags_of_packed(lower, bytes.len()) {
            return flags;
        }
    }
    lex.flags_of(word, scratch)
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
        let mut found = 0;
        for w in &words {
            let expected = lex.flags_of(w, &mut scratch);
            assert_eq!(word_flags(&lex, w, &mut scratch), expected, "{w:?}");
            found += usize::from(expected != 0);
        }
        assert!(found > 10, "the sample should hit the lexicon");
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
