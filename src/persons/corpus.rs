//! Persons across a whole corpus: a surname (or short name) that an article
//! uses alone is the same person as the one full name elsewhere in the
//! corpus that ends with it — `Muzzarelli` in one article and
//! `Gian Carlo Muzzarelli` in others. A short name that ends two different
//! full names (`Rossi`: `Paolo Rossi`, `Anna Rossi`) stays as it is.
//!
//! Within one article the extractor already merges aliases; this only links
//! articles to each other. It works on names alone: it reads no files and
//! knows nothing of the index.

use std::collections::{HashMap, HashSet};

use crate::analysis::fold;

/// Maps short names to the one full name of the corpus they stand for.
#[derive(Debug, Clone, Default)]
pub struct CorpusAliases {
    /// Folded short name → canonical full name.
    full_name_of: HashMap<String, String>,
}

impl CorpusAliases {
    /// Learns the aliases from every person name found in the corpus.
    pub fn build<'a>(names: impl IntoIterator<Item = &'a str>) -> CorpusAliases {
        let names: HashSet<&str> = names.into_iter().collect();
        // Folded word sequences of every full name (two words or more).
        let full_names: Vec<(&str, Vec<String>)> = names
            .iter()
            .map(|name| (*name, words(name)))
            .filter(|(_, w)| w.len() >= 2)
            .collect();
        // Every proper word-suffix of a full name ("jong un", "un" of "kim jong
        // un"; "muzzarelli" of "gian carlo muzzarelli") → the full names it ends.
        let mut ends: HashMap<String, HashSet<&str>> = HashMap::new();
        for (name, w) in &full_names {
            for start in 1..w.len() {
                ends.entry(w[start..].join(" ")).or_default().insert(*name);
            }
        }
        let mut full_name_of = HashMap::new();
        for name in &names {
            let key = words(name).join(" ");
            let Some(candidates) = ends.get(&key) else {
                continue;
            };
            // `Carlo Muzzarelli` and `Gian Carlo Muzzarelli` are one person
            // written two ways, not two candidates: keep only the fullest
            // names, those that do not end another candidate.
            let fullest: Vec<&str> = candidates
                .iter()
                .copied()
                .filter(|c| {
                    let own = words(c).join(" ");
                    !candidates.iter().any(|other| {
                        other != c && ends.get(&own).is_some_and(|e| e.contains(other))
                    })
                })
                .collect();
            if let [full] = fullest.as_slice() {
                full_name_of.insert(key, (*full).to_string());
            }
        }
        CorpusAliases { full_name_of }
    }

    /// The canonical name for `name`: its one full name in the corpus, or
    /// `name` itself.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.full_name_of
            .get(&words(name).join(" "))
            .map(String::as_str)
            .unwrap_or(name)
    }

    /// How many short names were linked to a full name.
    pub fn len(&self) -> usize {
        self.full_name_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.full_name_of.is_empty()
    }
}

fn words(name: &str) -> Vec<String> {
    name.split_whitespace().map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_alone_joins_its_one_full_name() {
        let aliases =
            CorpusAliases::build(["Gian Carlo Muzzarelli", "Muzzarelli", "Stefano Bonaccini"]);
        assert_eq!(aliases.canonical("Muzzarelli"), "Gian Carlo Muzzarelli");
        assert_eq!(aliases.canonical("MUZZARELLI"), "Gian Carlo Muzzarelli");
        assert_eq!(
            aliases.canonical("Gian Carlo Muzzarelli"),
            "Gian Carlo Muzzarelli"
        );
        assert_eq!(
            aliases.canonical("Bonaccini"),
            "Bonaccini",
            "not seen alone: no entry needed"
        );
        assert_eq!(aliases.len(), 1);
    }

    #[test]
    fn shorter_forms_of_one_full_name_are_not_rivals() {
        let aliases =
            CorpusAliases::build(["Gian Carlo Muzzarelli", "Carlo Muzzarelli", "Muzzarelli"]);
        assert_eq!(aliases.canonical("Muzzarelli"), "Gian Carlo Muzzarelli");
        assert_eq!(
            aliases.canonical("Carlo Muzzarelli"),
            "Gian Carlo Muzzarelli"
        );
        let rivals =
            CorpusAliases::build(["Gian Carlo Muzzarelli", "Anna Muzzarelli", "Muzzarelli"]);
        assert_eq!(rivals.canonical("Muzzarelli"), "Muzzarelli");
    }

    #[test]
    fn ambiguous_surnames_are_not_merged() {
        let aliases = CorpusAliases::build(["Paolo Rossi", "Anna Rossi", "Rossi"]);
        assert_eq!(aliases.canonical("Rossi"), "Rossi");
        assert!(aliases.is_empty());
    }

    #[test]
    fn particles_and_accents_are_part_of_the_surname() {
        let aliases = CorpusAliases::build([
            "Elena De Santis",
            "De Santis",
            "Niccolò Fabbri",
            "Fabbri",
            "Santis",
        ]);
        assert_eq!(aliases.canonical("De Santis"), "Elena De Santis");
        assert_eq!(aliases.canonical("Santis"), "Elena De Santis");
        assert_eq!(aliases.canonical("Fabbri"), "Niccolò Fabbri");
    }

    #[test]
    fn a_first_name_alone_is_not_a_surname() {
        let aliases = CorpusAliases::build(["Vladimir Putin", "Vladimir"]);
        assert_eq!(aliases.canonical("Vladimir"), "Vladimir");
    }
}
