//! Proper nouns searched as a reader of a local archive types them: a town
//! or a surname, one word, lower case.
//!
//! # The measure
//!
//! The names are every single word that the archive writes capitalised at
//! least [`MIN_CAPITALISED`] of the time and that occurs in at least
//! [`MIN_FILES`] articles, and that is
//!
//! * a **town**: a place of ISTAT's list shipped with the program
//!   ([`analysis::place_names`]: comuni, provinces, regions) whose name is
//!   one word; or
//! * a **surname**: the last word of a person name of two or more words that
//!   the indexer's person finder stored for some article (`Ferrari` of
//!   `Enzo Ferrari`), not a town and not a regnal number (`XXIII`).
//!
//! Each is searched as `rassegna search WORD` does (all words, plain text,
//! top 10). A hit is right when its text contains the word: the article's
//! stored body, cut into maximal runs of letters and digits, folded (case
//! and accents), holds it, independently of the analyzer. For each name:
//!
//! * **precision at 10**: right hits among the first 10 (among all hits
//!   when fewer; 0 when nothing is found);
//! * **inflation**: hits / articles that contain the word (1 when the
//!   search finds exactly those; above 1 when a stem pulls in other words).
//!
//! Reported per class and together: the mean precision at 10 and the share
//! of names inflated more than [`INFLATION_LIMIT`].
//!
//! Nothing here changes how search works; it must not print (the CLI does).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::{EvalIndex, IndexOrigin};
use crate::analysis;
use crate::error::Result;
use crate::index::{tantivy_error, ArticleIndex, StoredArticle, StoredFields};
use crate::search::{search, Mode, SearchRequest, Syntax};

/// Share of its occurrences a word must be written capitalised in to count
/// as a name.
pub const MIN_CAPITALISED: f64 = 0.9;

/// Articles a name must occur in to be measured.
pub const MIN_FILES: usize = 5;

/// Hits looked at for precision.
pub const TOP: usize = 10;

/// A name whose search finds more than this many times the articles that
/// contain it is inflated.
pub const INFLATION_LIMIT: f64 = 1.2;

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct NamesEvalOptions {
    /// Folder of articles (indexed unless `index` already holds an index).
    pub corpus: PathBuf,
    /// Index folder: reused when it holds an index, built into otherwise;
    /// `None`: a temporary folder, removed afterwards.
    pub index: Option<PathBuf>,
}

/// Where a name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameClass {
    Town,
    Surname,
}

impl NameClass {
    fn label(self) -> &'static str {
        match self {
            NameClass::Town => "towns",
            NameClass::Surname => "surnames",
        }
    }
}

/// One name and how its search did.
#[derive(Debug, Clone, Serialize)]
pub struct NameResult {
    /// Folded, as searched.
    pub word: String,
    pub class: NameClass,
    /// Articles whose text contains the word.
    pub files: usize,
    /// Share of its occurrences written with a capital letter.
    pub capitalised: f64,
    /// Articles the search found.
    pub hits: usize,
    pub precision_at_10: f64,
    /// `hits / files`.
    pub inflation: f64,
}

/// The figures of a set of names.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct NamesSummary {
    pub names: usize,
    pub mean_precision_at_10: f64,
    /// Names inflated more than [`INFLATION_LIMIT`].
    pub inflated: usize,
    /// `inflated / names`.
    pub inflated_share: f64,
}

impl NamesSummary {
    fn of<'a>(results: impl Iterator<Item = &'a NameResult>) -> NamesSummary {
        let mut summary = NamesSummary::default();
        let mut precision = 0.0;
        for result in results {
            summary.names += 1;
            precision += result.precision_at_10;
            summary.inflated += usize::from(result.inflation > INFLATION_LIMIT);
        }
        if summary.names > 0 {
            summary.mean_precision_at_10 = precision / summary.names as f64;
            summary.inflated_share = summary.inflated as f64 / summary.names as f64;
        }
        summary
    }
}

/// The outcome of the evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct NamesEvaluation {
    pub towns: NamesSummary,
    pub surnames: NamesSummary,
    pub all: NamesSummary,
    /// Every name measured, worst precision first.
    pub results: Vec<NameResult>,
    #[serde(skip)]
    pub index: IndexOrigin,
    /// Seconds spent searching (indexing and reading the texts excluded).
    pub search_secs: f64,
}

/// How a candidate name occurs in the archive.
#[derive(Default)]
struct Occurrences {
    total: usize,
    capitalised: usize,
    /// Articles (by id) whose text contains it.
    files: HashSet<String>,
}

/// Runs the evaluation described by `options`.
pub fn evaluate(options: &NamesEvalOptions) -> Result<NamesEvaluation> {
    let EvalIndex {
        index,
        origin,
        temporary,
    } = EvalIndex::open_or_build(&options.corpus, options.index.as_deref())?;
    let articles = stored_articles(&index)?;

    let towns: BTreeSet<String> = analysis::place_names()
        .filter(|name| is_one_word(name))
        .map(analysis::fold)
        .collect();
    let surnames: BTreeSet<String> = articles
        .iter()
        .flat_map(|article| article.persons.iter())
        .filter_map(|person| {
            let words: Vec<&str> = person.split_whitespace().collect();
            match words.as_slice() {
                [_, .., last] if is_one_word(last) && !is_roman_numeral(last) => {
                    Some(analysis::fold(last))
                }
                _ => None,
            }
        })
        .filter(|word| !towns.contains(word))
        .collect();

    let mut occurrences: HashMap<&str, Occurrences> = HashMap::new();
    for article in &articles {
        let id = &article.id;
        for word in words(&article.body) {
            let folded = analysis::fold(word);
            let Some(candidate) = towns.get(&folded).or_else(|| surnames.get(&folded)) else {
                continue;
            };
            let seen = occurrences.entry(candidate.as_str()).or_default();
            seen.total += 1;
            seen.capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
            if !seen.files.contains(id) {
                seen.files.insert(id.clone());
            }
        }
    }
    let measured: Vec<(&str, NameClass, &Occurrences)> = occurrences
        .iter()
        .filter(|(_, seen)| {
            seen.files.len() >= MIN_FILES
                && seen.capitalised as f64 >= MIN_CAPITALISED * seen.total as f64
        })
        .map(|(word, seen)| {
            let class = if towns.contains(*word) {
                NameClass::Town
            } else {
                NameClass::Surname
            };
            (*word, class, seen)
        })
        .collect();

    let started = std::time::Instant::now();
    let mut results: Vec<NameResult> = measured
        .par_iter()
        .map(|&(word, class, seen)| {
            let request = SearchRequest {
                query: word.to_string(),
                mode: Mode::All,
                syntax: Syntax::PlainText,
                limit: TOP,
                skip_snippets: true,
                ..SearchRequest::default()
            };
            let found = index.guarded(|| search(&index, &request))?;
            let right = found
                .hits
                .iter()
                .filter(|hit| seen.files.contains(&hit.article.id))
                .count();
            let files = seen.files.len();
            Ok(NameResult {
                word: word.to_string(),
                class,
                files,
                capitalised: seen.capitalised as f64 / seen.total as f64,
                hits: found.total,
                precision_at_10: if found.hits.is_empty() {
                    0.0
                } else {
                    right as f64 / found.hits.len() as f64
                },
                inflation: found.total as f64 / files as f64,
            })
        })
        .collect::<Result<_>>()?;
    let search_secs = started.elapsed().as_secs_f64();
    results.sort_by(|a, b| {
        a.precision_at_10
            .total_cmp(&b.precision_at_10)
            .then(b.inflation.total_cmp(&a.inflation))
            .then_with(|| a.word.cmp(&b.word))
    });
    drop(index);
    drop(temporary);
    Ok(NamesEvaluation {
        towns: NamesSummary::of(results.iter().filter(|r| r.class == NameClass::Town)),
        surnames: NamesSummary::of(results.iter().filter(|r| r.class == NameClass::Surname)),
        all: NamesSummary::of(results.iter()),
        results,
        index: origin,
        search_secs,
    })
}

/// Every article of the index, as stored.
fn stored_articles(index: &ArticleIndex) -> Result<Vec<StoredArticle>> {
    let fields = index.fields();
    let err = tantivy_error(index.dir());
    let searcher = index.reader().searcher();
    let mut articles = Vec::new();
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(1)
            .map_err(|e| err(tantivy::TantivyError::from(e)))?;
        for stored in store.iter::<StoredFields>(segment.alive_bitset()) {
            articles.push(StoredArticle::from_stored(stored.map_err(&err)?, &fields));
        }
    }
    Ok(articles)
}

/// The words of a text as this evaluation counts them: maximal runs of
/// letters and digits (an apostrophe or a hyphen ends a word).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// One word of letters only (`Carpi`; not `Marano sul Panaro`, `Emilia-Romagna`, `4B`).
fn is_one_word(name: &str) -> bool {
    !name.is_empty() && name.chars().all(char::is_alphabetic)
}

/// `II`, `XXIII`: a regnal number after a name, not a surname.
fn is_roman_numeral(word: &str) -> bool {
    word.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

impl fmt::Display for NamesEvaluation {
    /// The summary table and the names that fail, worst first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "names written capitalised at least {:.0}% of the time, in at least {MIN_FILES} articles ({:.1} s of searching)",
            MIN_CAPITALISED * 100.0,
            self.search_secs
        )?;
        writeln!(
            f,
            "{:<10} {:>6} {:>9} {:>13}",
            "", "names", "P@10", "inflated>1.2"
        )?;
        for (label, summary) in [
            (NameClass::Town.label(), &self.towns),
            (NameClass::Surname.label(), &self.surnames),
            ("all", &self.all),
        ] {
            writeln!(
                f,
                "{label:<10} {:>6} {:>9.4} {:>6} {:>5.1}%",
                summary.names,
                summary.mean_precision_at_10,
                summary.inflated,
                summary.inflated_share * 100.0
            )?;
        }
        let failing: Vec<&NameResult> = self
            .results
            .iter()
            .filter(|r| r.precision_at_10 < 1.0 || r.inflation > INFLATION_LIMIT)
            .collect();
        if !failing.is_empty() {
            writeln!(
                f,
                "\n{} names below P@10 1 or inflated (word, class, P@10, hits/files):",
                failing.len()
            )?;
            for r in failing.iter().take(30) {
                writeln!(
                    f,
                    "  {:<16} {:<8} {:.1} {}/{}",
                    r.word,
                    match r.class {
                        NameClass::Town => "town",
                        NameClass::Surname => "surname",
                    },
                    r.precision_at_10,
                    r.hits,
                    r.files
                )?;
            }
            if failing.len() > 30 {
                writeln!(f, "  … and {} more (--json lists all)", failing.len() - 30)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("MIRANDOLA. Un 26enne di Carpi, l'altro d’Ancona — «Rossi»").collect::<Vec<_>>(),
            [
                "MIRANDOLA",
                "Un",
                "26enne",
                "di",
                "Carpi",
                "l",
                "altro",
                "d",
                "Ancona",
                "Rossi"
            ]
        );
    }

    #[test]
    fn which_names_are_words() {
        assert!(is_one_word("Carpi") && is_one_word("Città"));
        assert!(!is_one_word("Marano sul Panaro") && !is_one_word("Emilia-Romagna"));
        assert!(is_roman_numeral("XXIII") && !is_roman_numeral("Rossi"));
    }

    #[test]
    fn summaries_average_and_count_inflation() {
        let result = |precision: f64, inflation: f64| NameResult {
            word: "x".into(),
            class: NameClass::Town,
            files: 10,
            capitalised: 1.0,
            hits: 0,
            precision_at_10: precision,
            inflation,
        };
        let results = [result(1.0, 1.0), result(0.5, 1.5), result(0.0, 1.2)];
        let summary = NamesSummary::of(results.iter());
        assert_eq!(summary.names, 3);
        assert!((summary.mean_precision_at_10 - 0.5).abs() < 1e-12);
        assert_eq!(summary.inflated, 1);
        assert!((summary.inflated_share - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(NamesSummary::of([].iter()).names, 0);
    }
}
