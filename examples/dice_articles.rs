//! What the article parser makes of DICE (`../shared/data/dice`): bylines at
//! the start and at the end, headlines, and the newspaper boilerplate left in
//! the bodies, counted in the raw files and in the parsed articles.
//!
//! Run: `cargo run --release --example dice_articles [-- --list FILE.tsv]`
//!
//! `--list` writes one line per article (id, author, headline, first words
//! of the raw text) for reading a sample by hand, as docs/EVALUATION.md does.
//!
//! Journalists are recognised here, for counting only, as the full names the
//! parser takes as bylines at the end of an article somewhere in the corpus
//! (a list that does not depend on the leading-byline rule it checks); the
//! parser itself never looks beyond the article it reads.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rassegna::article::{self, Article};
use rassegna::persons::PersonExtractor;

/// Boilerplate families, as they are written in DICE (matched ignoring case).
const FAMILIES: &[(&str, &[&str])] = &[
    ("copyright notice", &["riproduzione riservata"]),
    ("licence notice", &["diritti riservati"]),
    ("related-story link", &["leggi anche"]),
    (
        "update note",
        &["seguono aggiornamenti", "in aggiornamento"],
    ),
];

fn main() -> anyhow::Result<()> {
    let dice = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/dice");
    if !dice.is_dir() {
        eprintln!("SKIP: {} not found", dice.display());
        return Ok(());
    }
    let list = std::env::args()
        .skip_while(|a| a != "--list")
        .nth(1)
        .map(PathBuf::from);

    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dice).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "txt") {
            files.push(entry.into_path());
        }
    }
    let mut articles: Vec<(Article, String)> = Vec::new();
    let mut skipped = 0;
    for path in &files {
        let id = path
            .strip_prefix(&dice)
            .unwrap_or(path)
            .to_string_lossy()
            .to_string();
        let raw = String::from_utf8_lossy(&std::fs::read(path)?).to_string();
        match article::read_file(path, id) {
            Ok((article, _)) => articles.push((article, raw)),
            Err(_) => skipped += 1,
        }
    }

    // Journalists: the full names taken as end bylines anywhere (for counting).
    let journalists: BTreeSet<String> = articles
        .iter()
        .filter_map(|(a, raw)| Some((a.author.as_deref()?, raw_text(raw))))
        .flat_map(|(author, text)| author.split(", ").map(move |name| (name, text)))
        .filter(|(name, text)| {
            name.split_whitespace().count() >= 2
                && !name.contains('.')
                && !starts_with_name(text, name)
        })
        .map(|(name, _)| name.to_string())
        .collect();
    let starts_with_journalist = |text: &str| {
        let text = text.strip_prefix("di ").unwrap_or(text);
        journalists.iter().any(|j| {
            text.strip_prefix(j.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };

    let mut leading = 0;
    let mut trailing = 0;
    let mut initials = 0;
    let mut headline_journalist = Vec::new();
    let mut headline_dateline = Vec::new();
    let mut person_journalist: BTreeMap<String, usize> = BTreeMap::new();
    let mut raw_families: BTreeMap<&str, usize> = BTreeMap::new();
    let mut body_families: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dangling = 0;
    let extractor = PersonExtractor::new();
    for (article, raw) in &articles {
        let body = article.body();
        let text = raw_text(raw);
        if let Some(author) = &article.author {
            if author.chars().filter(|c| c.is_alphabetic()).count() <= 6 || author.contains(". ") {
                initials += 1;
            } else if author
                .split(", ")
                .next()
                .is_some_and(|first| starts_with_name(text, first))
            {
                leading += 1;
            } else {
                trailing += 1;
            }
        }
        if starts_with_journalist(&article.headline) {
            headline_journalist.push(article.id.as_str());
        }
        if is_dateline_alone(&article.headline) {
            headline_dateline.push(article.headline.clone());
        }
        for person in extractor.extract(&article.paragraphs, article.author.as_deref()) {
            if journalists.contains(&person.name) {
                *person_journalist.entry(person.name).or_default() += 1;
            }
        }
        let raw_lower = raw.to_lowercase();
        let body_lower = body.to_lowercase();
        for (family, phrases) in FAMILIES {
            if phrases.iter().any(|p| raw_lower.contains(p)) {
                *raw_families.entry(family).or_default() += 1;
            }
            if phrases.iter().any(|p| body_lower.contains(p)) {
                *body_families.entry(family).or_default() += 1;
            }
        }
        dangling += usize::from(body.ends_with(['—', '–', '-', '+']));
    }

    println!(
        "{} files, {} articles, {skipped} skipped",
        files.len(),
        articles.len()
    );
    println!(
        "bylines: {} in all; {leading} at the start, {trailing} full names at the end, {initials} initials",
        leading + trailing + initials
    );
    println!(
        "journalists (full names taken as end bylines somewhere): {}",
        journalists.len()
    );
    println!(
        "headlines starting with a journalist's name: {} {:?}",
        headline_journalist.len(),
        headline_journalist
    );
    headline_dateline.sort();
    println!(
        "headlines that are a dateline or one-word kicker alone: {} {:?}",
        headline_dateline.len(),
        headline_dateline
    );
    let mut named: Vec<(usize, String)> = person_journalist
        .into_iter()
        .map(|(name, n)| (n, name))
        .collect();
    named.sort_by(|a, b| b.cmp(a));
    println!(
        "articles where a journalist is among the persons: {} ({} journalists; most: {:?})",
        named.iter().map(|(n, _)| n).sum::<usize>(),
        named.len(),
        &named[..named.len().min(6)]
    );
    for (family, _) in FAMILIES {
        println!(
            "{family}: {} raw files, {} parsed bodies",
            raw_families.get(family).unwrap_or(&0),
            body_families.get(family).unwrap_or(&0)
        );
    }
    println!("bodies ending in a dangling dash or plus: {dangling}");

    if let Some(list) = list {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&list)?);
        for (article, raw) in &articles {
            let start: String = raw_text(raw).chars().take(120).collect();
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                article.id,
                article.author.as_deref().unwrap_or(""),
                article.headline,
                start.replace(['\n', '\t'], " ")
            )?;
        }
        println!("listed in {}", list.display());
    }
    Ok(())
}

/// The raw text after the `date` header.
fn raw_text(raw: &str) -> &str {
    let text = raw.trim_start();
    match text.strip_prefix("date ") {
        Some(rest) => rest.get(11..).unwrap_or("").trim_start(),
        None => text,
    }
}

/// Does `text` start with `name` (after `di` or a kicker in capitals)?
fn starts_with_name(text: &str, name: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let joined = words.join(" ");
    joined.contains(name) && joined.find(name).is_some_and(|at| at < 40)
}

/// `Modena.`, `vignola.`, `San Cesario.`: one word, or up to three
/// capitalised ones, and a full stop.
fn is_dateline_alone(headline: &str) -> bool {
    let Some(body) = headline.strip_suffix('.') else {
        return false;
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && (words.len() == 1 || words.iter().all(|w| w.starts_with(char::is_uppercase)))
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\''))
}
