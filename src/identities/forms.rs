//! How a written name reads for the identity rules: its words folded, in
//! given-name-first order, the spelling key that tells variants of one name
//! apart from different names, and whether the name can stand for one person
//! at all.

use crate::analysis::fold;
use crate::persons::{is_first_name, is_surname_particle};

/// What kind of name a written name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A name that can stand for one person: a full name, or a surname
    /// (or short name) that the archive may link to a full name.
    Person,
    /// A known first name alone (`Luca`): many different people, never an
    /// identity across articles (within its article the extractor has
    /// already merged it into a full name when the article says whose it is).
    FirstNameAlone,
    /// Initials only (`A. B.`): police reports keep people anonymous this
    /// way, and the same initials are many people.
    InitialsOnly,
}

/// A written name as the identity rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    pub kind: Kind,
    /// Folded words (case and accents ignored; the extractor writes every
    /// apostrophe as `'`), given names first: `Bergamini Moreno` reads as
    /// `moreno bergamini`.
    pub words: Vec<String>,
    /// The words run together without punctuation, with the spellings that
    /// vary in Italian compound first names made one (`n` before `p` or `b`
    /// as `m`): `Gian Carlo` and `Giancarlo`, `Gian Piero` and `Giampiero`,
    /// `De Santis` and `Desantis`, `D'Elia` and `d'Elia` have one key.
    pub key: String,
    /// The name was written in given-name-first order (the order shown).
    pub given_first: bool,
}

impl Form {
    pub fn of(name: &str) -> Form {
        let written: Vec<String> = name.split_whitespace().map(fold).collect();
        let kind = if written.is_empty() || written.iter().all(|w| is_initial(w)) {
            Kind::InitialsOnly
        } else if written.len() == 1 && is_first_name(&written[0]) {
            Kind::FirstNameAlone
        } else {
            Kind::Person
        };
        let words = given_names_first(&written);
        let given_first = words == written;
        let key = spelling_key(&words);
        Form {
            kind,
            words,
            key,
            given_first,
        }
    }

    /// The last word in given-name-first order: names that can be forms of
    /// one another share it, unless their spellings differ (see `key`).
    pub fn last_word(&self) -> &str {
        self.words.last().map(String::as_str).unwrap_or_default()
    }
}

/// An initial: one letter, with or without its full stop.
fn is_initial(word: &str) -> bool {
    let mut letters = word.trim_end_matches('.').chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic())
}

/// Police reports and lists write the surname first (`Bergamini Moreno`,
/// `De Luca Anna Maria`): when a name ends with known first names and does
/// not start with one, the trailing first names are moved to the front.
fn given_names_first(words: &[String]) -> Vec<String> {
    let starts_with_first_name = words.first().is_some_and(|w| is_first_name(w));
    if words.len() < 2 || starts_with_first_name {
        return words.to_vec();
    }
    let mut trailing = words
        .iter()
        .rev()
        .take(words.len() - 1)
        .take_while(|w| is_first_name(w))
        .count();
    // A particle belongs to the surname with the word after it: `De Luca`.
    while trailing > 0 && is_surname_particle(&words[words.len() - trailing - 1]) {
        trailing -= 1;
    }
    let (surname, given) = words.split_at(words.len() - trailing);
    given.iter().chain(surname).cloned().collect()
}

fn spelling_key(words: &[String]) -> String {
    let joined: String = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphanumeric())
        .collect();
    joined.replace("np", "mp").replace("nb", "mb")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(Form::of("Gian Carlo Muzzarelli").kind, Kind::Person);
        assert_eq!(Form::of("Muzzarelli").kind, Kind::Person);
        assert_eq!(Form::of("Luca").kind, Kind::FirstNameAlone);
        assert_eq!(Form::of("LUCA").kind, Kind::FirstNameAlone);
        assert_eq!(Form::of("A. B.").kind, Kind::InitialsOnly);
        assert_eq!(Form::of("B. M. M.").kind, Kind::InitialsOnly);
        assert_eq!(Form::of("A B").kind, Kind::InitialsOnly);
        assert_eq!(Form::of("Luca B.").kind, Kind::Person);
        assert_eq!(Form::of("").kind, Kind::InitialsOnly);
    }

    #[test]
    fn surname_first_names_read_given_names_first() {
        let form = Form::of("Bergamini Moreno");
        assert_eq!(form.words, ["moreno", "bergamini"]);
        assert!(!form.given_first);
        assert_eq!(form.key, Form::of("Moreno Bergamini").key);
        assert_eq!(
            Form::of("De Luca Anna Maria").words,
            ["anna", "maria", "de", "luca"]
        );
        // Given names first already, or no first name at either end: as written.
        assert_eq!(Form::of("Moreno Bergamini").words, ["moreno", "bergamini"]);
        assert!(Form::of("Moreno Bergamini").given_first);
        assert_eq!(Form::of("Pini Bentivoglio").words, ["pini", "bentivoglio"]);
        assert_eq!(Form::of("Luigi Fabio").words, ["luigi", "fabio"]);
    }

    #[test]
    fn spelling_variants_share_a_key() {
        let key = |name: &str| Form::of(name).key;
        assert_eq!(key("Gian Carlo Muzzarelli"), key("Giancarlo Muzzarelli"));
        assert_eq!(key("Gian Carlo Muzzarelli"), key("Muzzarelli Giancarlo"));
        assert_eq!(key("Gian Piero Samorì"), key("Giampiero Samori"));
        assert_eq!(key("Lucia De Santis"), key("Lucia Desantis"));
        assert_eq!(key("Adriano D'Elia"), key("Adriano d’Elia"));
        assert_ne!(key("Paolo Rossi"), key("Paola Rossi"));
        assert_ne!(key("Carlo Muzzarelli"), key("Gian Carlo Muzzarelli"));
    }
}
