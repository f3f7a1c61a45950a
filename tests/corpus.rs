//! The bundled sample corpus (`corpus/`) indexes cleanly and shows every
//! feature: dates over several years, recurring persons, bylines, elisions,
//! typographic apostrophes, accents and stemming.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{rassegna, Fixture};
use predicates::prelude::*;
use rassegna::article;

fn bundled() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let output = common::index_command(&corpus, &dir.path().join("index"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["indexed"].as_u64().unwrap() >= 30, "{report}");
    assert_eq!(report["skipped"].as_array().unwrap().len(), 0, "{report}");
    assert_eq!(report["warnings"].as_array().unwrap().len(), 0, "{report}");
    Fixture { dir }
}

#[test]
fn articles_span_years_and_months_with_bylines() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut months = BTreeSet::new();
    let mut bylines = 0;
    for entry in walkdir::WalkDir::new(&corpus) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "txt") {
            let (a, warnings) = article::read_file(entry.path(), String::new()).unwrap();
            assert!(
                warnings.is_empty(),
                "{}: {warnings:?}",
                entry.path().display()
            );
            let date = a.date.expect("every sample article has a date");
            months.insert(date.format("%Y-%m").to_string());
            bylines += usize::from(a.author.is_some());
        }
    }
    let years: BTreeSet<&str> = months.iter().map(|m| &m[..4]).collect();
    assert!(years.len() >= 3, "{years:?}");
    assert!(months.len() >= 20, "{months:?}");
    assert!(bylines >= 5, "{bylines} bylines");
}

#[test]
fn searches_on_the_sample_corpus_show_the_features() {
    let f = bundled();
    // Recurring persons, several articles each.
    let output = rassegna()
        .args(["persons", "--json", "--index"])
        .arg(f.index())
        .output()
        .unwrap();
    let persons: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let recurring = persons
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["articles"].as_u64().unwrap() >= 4)
        .count();
    assert!(recurring >= 5, "{persons}");
    // Person filters, dates and stemming all have something to show.
    assert!(f.ids(&["*", "--person", "putin"]).len() >= 3);
    assert!(!f.ids(&["*", "--person", "Kim Jong Un"]).is_empty());
    let all_years = f.ids(&["alluvione"]).len();
    let one_year = f
        .ids(&["alluvione", "--from", "2023", "--to", "2023"])
        .len();
    assert!(one_year > 0 && one_year < all_years);
    rassegna()
        .args(["search", "incontro", "--index"])
        .arg(f.index())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("**incontrati**")
                .or(predicate::str::contains("**incontrato**")),
        );
    // Elisions with both apostrophes and the accent spellings.
    let citta = f.ids(&["città"]);
    assert!(citta.len() >= 5, "{citta:?}");
    assert_eq!(f.ids(&["citta"]), citta);
    assert_eq!(f.ids(&["citta'"]), citta);
    assert_eq!(f.ids(&["dell'unione"]), f.ids(&["dell’Unione"]));
    assert!(!f.ids(&["unione"]).is_empty());
}
