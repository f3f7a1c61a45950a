//! Agreement of rassegna's persons with the silver person list of DICE
//! (`../shared/data/dice-persons.tsv`, made by the Tint tagger, with known
//! errors such as upper-case datelines taken for persons). Silver labels are
//! noisy, so this is a report, not a target: read the figures as agreement,
//! not accuracy.
//!
//! Run: `cargo run --release --example dice_persons_agreement`
//!
//! It runs the same extractor and identity table as `rassegna index`, then
//! compares per article (case and accents folded) our persons with all
//! silver names, and with the silver names of two words or more that are not
//! all capitals (closer to what a person list should hold), in two ways: the
//! names the index shows for the article (each person under their identity's
//! name, a lone first name as written), and each person under any name the
//! article gives them (the identity's name or the name as written), which
//! does not count against us an article whose `Muzzarelli` the archive reads
//! as `Gian Carlo Muzzarelli` where the silver tagger kept `Muzzarelli`. The
//! most frequent persons are counted as `rassegna persons` counts them:
//! identities only.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rassegna::analysis::fold;
use rassegna::article;
use rassegna::identities::IdentityTable;
use rassegna::persons::{Person, PersonExtractor};

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let dice = root.join("dice");
    let silver_file = root.join("dice-persons.tsv");
    if !dice.is_dir() || !silver_file.is_file() {
        eprintln!("SKIP: ../shared/data/dice or dice-persons.tsv not found");
        return Ok(());
    }

    let mut silver: HashMap<String, Vec<String>> = HashMap::new();
    for line in std::fs::read_to_string(&silver_file)?.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(id), Some(_date)) = (cols.next(), cols.next()) else {
            continue;
        };
        let names = cols.next().unwrap_or("");
        silver.insert(
            id.to_string(),
            names
                .split('|')
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
                .collect(),
        );
    }

    let extractor = PersonExtractor::new();
    let mut extracted: BTreeMap<String, Vec<Person>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&dice).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let id = entry
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Ok((a, _)) = article::read_file(entry.path(), id.clone()) {
            extracted.insert(id, extractor.extract(&a.paragraphs, a.author.as_deref()));
        }
    }
    let table = IdentityTable::from_articles(
        extracted
            .values()
            .map(|persons| persons.iter().map(|p| p.name.as_str())),
    );
    let indexed: BTreeMap<&String, _> = extracted
        .iter()
        .map(|(id, persons)| (id, table.article_persons(persons)))
        .collect();
    // Each person of an article under every name the article gives them:
    // their identity's name and the name as written (`Muzzarelli` in an
    // article that says only that is `Gian Carlo Muzzarelli` in the index).
    let ours: BTreeMap<&String, Vec<HashSet<String>>> = extracted
        .iter()
        .map(|(id, persons)| {
            let mut by_shown: BTreeMap<String, HashSet<String>> = BTreeMap::new();
            for person in persons {
                let shown = table.identity_of(&person.name).unwrap_or(&person.name);
                by_shown
                    .entry(fold(shown))
                    .or_default()
                    .extend([fold(shown), fold(&person.name)]);
            }
            (id, by_shown.into_values().collect())
        })
        .collect();

    let is_clean =
        |name: &str| name.split_whitespace().count() >= 2 && name.chars().any(|c| c.is_lowercase());
    for (label, keep) in [
        (
            "all silver names",
            &(|_: &str| true) as &dyn Fn(&str) -> bool,
        ),
        ("silver names of 2+ words, not all capitals", &is_clean),
    ] {
        let (
            mut shown_both,
            mut shown_ours,
            mut any_both,
            mut persons,
            mut found,
            mut silver_names,
        ) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
        for (id, article) in &ours {
            let silver_set: HashSet<String> = silver
                .get(*id)
                .into_iter()
                .flatten()
                .filter(|n| keep(n))
                .map(|n| fold(n))
                .collect();
            silver_names += silver_set.len();
            for person in article {
                persons += 1;
                if !person.is_disjoint(&silver_set) {
                    found += 1;
                }
            }
            let shown: HashSet<String> = indexed[*id].shown.iter().map(|n| fold(n)).collect();
            shown_both += shown.intersection(&silver_set).count();
            shown_ours += shown.len();
            any_both += silver_set
                .iter()
                .filter(|s| article.iter().any(|person| person.contains(*s)))
                .count();
        }
        let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
        println!(
            "{label}, names shown: {shown_both} names in both; {:.1}% of ours are in silver, {:.1}% of silver are in ours",
            percent(shown_both, shown_ours),
            percent(shown_both, silver_names)
        );
        println!(
            "{label}, persons under any name the article gives them: {:.1}% of our {persons} persons are in silver, {:.1}% of {silver_names} silver names are ours",
            percent(found, persons),
            percent(any_both, silver_names)
        );
    }

    let mut articles_per_person: HashMap<&str, usize> = HashMap::new();
    for persons in indexed.values() {
        for name in &persons.identities {
            *articles_per_person.entry(name).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = articles_per_person.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("most frequent persons (articles):");
    for (name, n) in top.iter().take(10) {
        println!("  {n:4}  {name}");
    }
    Ok(())
}
