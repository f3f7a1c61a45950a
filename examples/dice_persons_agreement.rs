//! Agreement of rassegna's persons with the silver person list of DICE
//! (`../shared/data/dice-persons.tsv`, made by the Tint tagger, with known
//! errors such as upper-case datelines taken for persons). Silver labels are
//! noisy, so this is a report, not a target: read the figures as agreement,
//! not accuracy.
//!
//! Run: `cargo run --release --example dice_persons_agreement`
//!
//! It runs the same extractor and corpus-wide alias merging as `rassegna
//! index`, then compares per article the sets of names (case and accents
//! folded): all silver names, and silver names of two words or more that are
//! not all capitals (closer to what a person list should hold).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rassegna::analysis::fold;
use rassegna::article;
use rassegna::persons::corpus::CorpusAliases;
use rassegna::persons::PersonExtractor;

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
    let mut ours: BTreeMap<String, Vec<String>> = BTreeMap::new();
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
            let persons = extractor.extract(&a.paragraphs, a.author.as_deref());
            ours.insert(id, persons.into_iter().map(|p| p.name).collect());
        }
    }
    let aliases = CorpusAliases::build(ours.values().flatten().map(String::as_str));
    for names in ours.values_mut() {
        let mut canonical: Vec<String> = names
            .iter()
            .map(|n| aliases.canonical(n).to_string())
            .collect();
        canonical.sort();
        canonical.dedup();
        *names = canonical;
    }

    let is_clean =
        |name: &str| name.split_whitespace().count() >= 2 && name.chars().any(|c| c.is_lowercase());
    for (label, keep) in [
        (
            "all silver names",
            &(|_: &str| true) as &dyn Fn(&str) -> bool,
        ),
        ("silver names of 2+ words, not all capitals", &is_clean),
    ] {
        let (mut both, mut only_ours, mut only_silver) = (0usize, 0usize, 0usize);
        for (id, names) in &ours {
            let our_set: HashSet<String> = names.iter().map(|n| fold(n)).collect();
            let silver_set: HashSet<String> = silver
                .get(id)
                .into_iter()
                .flatten()
                .filter(|n| keep(n))
                .map(|n| fold(n))
                .collect();
            both += our_set.intersection(&silver_set).count();
            only_ours += our_set.difference(&silver_set).count();
            only_silver += silver_set.difference(&our_set).count();
        }
        let share_ours = both as f64 / (both + only_ours).max(1) as f64;
        let share_silver = both as f64 / (both + only_silver).max(1) as f64;
        println!(
            "{label}: {both} names in both; {:.1}% of ours are in silver, {:.1}% of silver are in ours ({only_ours} only ours, {only_silver} only silver)",
            share_ours * 100.0,
            share_silver * 100.0
        );
    }

    let mut articles_per_person: HashMap<&str, usize> = HashMap::new();
    for names in ours.values() {
        for name in names {
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
