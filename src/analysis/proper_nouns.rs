//! Which words are proper nouns: read from the article itself, word by word,
//! and, for a word typed in a query, from the index.
//!
//! Snowball stems names like any word, and a local archive searched by town
//! and surname pays for it: `Ferrara` and `Ferrari` share `ferrar`,
//! `Marano` becomes `mar` beside `Mario`, `Maria`, `marito` and `mare`,
//! `Mirandola` becomes `mir` beside "prendere di *mira*". A name is
//! therefore indexed as the word itself (folded, unstemmed) and every other
//! word as its stem (`body.rs`).
//!
//! # In an article
//!
//! Each occurrence is decided on its own, from its own article and the
//! place names shipped with the program, never from the rest of the
//! archive: an article's terms depend on nothing else, so adding one article
//! never changes how another is indexed.
//!
//! * A word written with a capital inside a sentence ([`Case::Capital`]) is
//!   a name: `a Carpi`, `dai Carabinieri`, `dell'Emilia`.
//! * A word whose case says nothing ([`Case::Unknown`]: the first word of a
//!   sentence, or a word in capitals such as the dateline `MIRANDOLA.`) is
//!   a name when the same article writes it with a capital inside a
//!   sentence, or when it is a place of the shipped list
//!   ([`super::is_place_word`]).
//! * Any other word is not ([`Case::Lower`]).
//!
//! Institutions written with a capital (`la Procura`, `la Squadra Mobile`)
//! come out as names too. That costs little: a name still matches itself in
//! any case, and a query for such a word decides by the index what it is
//! (below).
//!
//! # In a query
//!
//! A typed word has no sentence around it and is usually in lower case, so
//! its case says nothing. The index does: [`typed_word_is_name`] compares
//! the articles where the word was indexed as a name with all the articles
//! that contain the word in any form. A word that most articles write as a
//! name is searched as that word only; any other word is searched as its
//! stem and as itself. Both counts are read from the index the query runs
//! on, so the decision always agrees with what was indexed.

use tantivy::tokenizer::Token;

use super::elision::is_apostrophe;
use super::is_place_word;

/// How a word is written where it stands, as evidence of a proper noun.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Case {
    /// Starts with a lower-case letter, or with no letter at all (`26enne`).
    #[default]
    Lower,
    /// Capitalised inside a sentence: the writer chose the capital.
    Capital,
    /// Capitalised where every word is (the first word of a sentence, of a
    /// paragraph, of a quotation), or written in capitals throughout
    /// (`MODENA`, `ASL`): the case says nothing.
    Unknown,
}

/// How far back [`opens_sentence`] looks through spaces and quotes: enough
/// for any real text, bounded for hostile input.
const LOOK_BACK_CHARS: usize = 32;

/// The case of `token` (still as written) in `text`, which it was cut from.
pub(crate) fn case_of(text: &str, token: &Token) -> Case {
    let word = token.text.as_str();
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return Case::Lower;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let capitals_only = letters.clone().nth(1).is_some() && !letters.any(char::is_lowercase);
    if capitals_only || opens_sentence(text, token.offset_from) {
        Case::Unknown
    } else {
        Case::Capital
    }
}

/// Whether a word starting at byte `at` of `text` is where a sentence (a
/// paragraph, a quotation, a list item) starts: nothing before it but
/// spaces, opening quotes, brackets and dashes since the start of the text,
/// a line break, or a full stop, question or exclamation mark, ellipsis or
/// colon, or a dash between spaces; or right after a word in capitals,
/// which in news is a dateline
/// (`MODENA Rapina all'emporio…`) or an acronym. A word right after an
/// apostrophe (`dell'Emilia`, `L'Aquila`) is inside: an elided article was
/// written before it.
fn opens_sentence(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return true;
    };
    for (i, c) in before.char_indices().rev().take(LOOK_BACK_CHARS) {
        match c {
            '\n' | '.' | '!' | '?' | '…' | ':' => return true,
            c if is_apostrophe(c) => return false,
            // A dash between spaces opens an aside or a list item, after
            // which a capital is the writer's habit: `- racconta - Solo…`.
            '-' | '–' | '—' if before[..i].ends_with(char::is_whitespace) => return true,
            c if c.is_whitespace() => {}
            '«' | '»' | '"' | '“' | '”' | '„' | '(' | ')' | '[' | ']' | '-' | '–' | '—' | '*'
            | '•' => {}
            c if c.is_alphabetic() => return ends_word_in_capitals(&before[..i + c.len_utf8()]),
            _ => return false,
        }
    }
    // The start of the text, or a long run of spaces and quotes.
    true
}

/// Whether `text` ends with a word of two or more letters, all capitals.
fn ends_word_in_capitals(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars().rev().take(LOOK_BACK_CHARS) {
        if !c.is_alphabetic() {
            break;
        }
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Whether the word `folded`, written as `case`, is a name in its article.
/// `written_capital_inside` says whether the article writes the same folded
/// word as [`Case::Capital`] somewhere; it is asked only for a word of
/// [`Case::Unknown`] that is not a place.
pub fn is_name(case: Case, folded: &str, written_capital_inside: impl FnOnce() -> bool) -> bool {
    match case {
        Case::Lower => false,
        Case::Capital => true,
        Case::Unknown => is_place_word(folded) || written_capital_inside(),
    }
}

/// Share of the articles containing a typed word that must have indexed it
/// as a name for the query to search the word only, not its stem: a
/// majority. Measured on DICE (docs/EVALUATION.md): towns and surnames are
/// above 0.6, nearly all at 1; common words below 0.3, institutions written
/// with a capital (`Regione`, `Compagnia`, `Volante`) between.
pub const NAME_MAJORITY: f64 = 0.5;

/// Whether a word typed in a query is a name: `as_name` articles indexed it
/// as a name, out of `containing` articles that contain it in any form
/// (see the module documentation).
pub fn typed_word_is_name(as_name: u64, containing: u64) -> bool {
    containing > 0 && as_name as f64 >= NAME_MAJORITY * containing as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ItalianTokenizer;
    use tantivy::tokenizer::{TokenStream, Tokenizer};

    fn cases(text: &str) -> Vec<(String, Case)> {
        let mut tokenizer = ItalianTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((token.text.clone(), case_of(text, token)));
        }
        out
    }

    fn case(text: &str, word: &str) -> Case {
        cases(text)
            .into_iter()
            .find(|(w, _)| w == word)
            .map(|(_, c)| c)
            .unwrap_or_else(|| panic!("{word} not in {text}"))
    }

    #[test]
    fn capitals_inside_a_sentence_are_evidence() {
        let text =
            "MIRANDOLA. Rapina a Carpi dell'Emilia. «Ferrara» e (Modena); Ha detto: Rossi\n\nMario";
        assert_eq!(case(text, "MIRANDOLA"), Case::Unknown);
        assert_eq!(case(text, "Rapina"), Case::Unknown);
        assert_eq!(case(text, "a"), Case::Lower);
        assert_eq!(case(text, "Carpi"), Case::Capital);
        assert_eq!(case(text, "Emilia"), Case::Capital);
        assert_eq!(case(text, "Ferrara"), Case::Unknown);
        assert_eq!(case(text, "Modena"), Case::Capital);
        assert_eq!(case(text, "Ha"), Case::Capital);
        assert_eq!(case(text, "Rossi"), Case::Unknown);
        assert_eq!(case(text, "Mario"), Case::Unknown);
        assert_eq!(case("L'Aquila", "Aquila"), Case::Capital);
        assert_eq!(case("Un 26enne", "26enne"), Case::Lower);
        // One capital letter is a capitalised word, not a word in capitals.
        assert_eq!(case("la lettera A", "A"), Case::Capital);
        assert_eq!(case("dalla ASL", "ASL"), Case::Unknown);
        // After a dateline without its full stop, or an acronym.
        assert_eq!(case("MODENA Rapina all'emporio", "Rapina"), Case::Unknown);
        assert_eq!(case("la ASL Modena", "Modena"), Case::Unknown);
        assert_eq!(case("il PD e Rossi", "Rossi"), Case::Capital);
        assert_eq!(case("«Basta» - racconta - Solo", "Solo"), Case::Unknown);
        assert_eq!(case("la Modena-Mantova", "Mantova"), Case::Capital);
    }

    #[test]
    fn a_long_run_of_spaces_and_quotes_opens_a_sentence() {
        let text = format!("parola{}Rossi", " «".repeat(LOOK_BACK_CHARS));
        assert_eq!(case(&text, "Rossi"), Case::Unknown);
    }

    #[test]
    fn names_in_an_article() {
        assert!(is_name(Case::Capital, "procura", || false));
        assert!(!is_name(Case::Lower, "ferrara", || true));
        assert!(is_name(Case::Unknown, "mirandola", || false));
        assert!(!is_name(Case::Unknown, "rapina", || false));
        assert!(is_name(Case::Unknown, "rossi", || true));
    }

    #[test]
    fn typed_words_are_names_by_majority() {
        assert!(typed_word_is_name(116, 116));
        assert!(typed_word_is_name(5, 10));
        assert!(!typed_word_is_name(4, 10));
        assert!(!typed_word_is_name(0, 0));
    }
}
