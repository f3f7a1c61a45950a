//! Place names shipped with the program: ISTAT's list of Italian comuni,
//! provinces and regions (`src/persons/data/comuni.txt`, the same file the
//! person finder's vetoes read; its header says where it comes from and
//! under which licence).
//!
//! The analyzer uses it for one decision only: a capitalised word that opens
//! a sentence, or a word in capitals (`MIRANDOLA.`, the dateline that opens
//! many articles), carries no evidence of being a name by its case, so it
//! is a name when the article also writes it capitalised inside a sentence
//! or when it is a place of this list named by that one word (see
//! `proper_nouns.rs`). The
//! evaluation of names (`eval::names`) reads the same list for its towns.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use super::fold;

/// The list as shipped: one name a line, `#` comment lines.
static PLACES: &str = include_str!("../persons/data/comuni.txt");

/// Every place name of the list, as written (`Marano sul Panaro`,
/// `Emilia-Romagna`).
pub fn place_names() -> impl Iterator<Item = &'static str> {
    PLACES
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Whether `folded` (a folded word, as the analyzer makes it) is a place
/// of the list whose name is that one word (`carpi`, `mirandola`; also
/// `emilia` and `romagna`, which the list writes apart). Words of longer
/// names are not places by themselves: `Città` (`Città di Castello`),
/// `San`, `Monte` and `Villa` open sentences and headlines as common words.
pub fn is_place_word(folded: &str) -> bool {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            place_names()
                .filter(|name| name.chars().all(char::is_alphabetic))
                .map(fold)
                .collect()
        })
        .contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_named_by_one_word() {
        assert!(place_names().any(|name| name == "Mirandola"));
        assert!(place_names().all(|name| !name.starts_with('#')));
        for word in ["mirandola", "carpi", "modena", "mira", "emilia", "romagna"] {
            assert!(is_place_word(word), "{word}");
        }
        // Words of longer names are not places by themselves.
        for word in [
            "sul", "di", "marano", "panaro", "citta", "san", "monte", "rapina",
        ] {
            assert!(!is_place_word(word), "{word}");
        }
    }
}
