//! End-to-end on real news: the 10,372 articles of DICE (Gazzetta di Modena,
//! read from `../shared/data/dice` at run time). Every article must be
//! indexed, date filters must agree with the year folders, ranking must put
//! articles that repeat the query words above those that say them once, and
//! the most frequent persons must be people, each listed once; a
//! phrase's snippets must mark the phrase, never its words alone.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{shared_data, Fixture};
use rassegna::analysis;
use rassegna::article;

const DICE_ARTICLES: u64 = 10_372;

fn build(dice: &Path) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let report_path = dir.path().join("report.json");
    common::index_command(dice, &dir.path().join("index"))
        .arg("--report")
        .arg(&report_path)
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(
        report["indexed"], DICE_ARTICLES,
        "every DICE article is indexed"
    );
    assert_eq!(
        report["skipped"].as_array().unwrap().len(),
        0,
        "{}",
        report["skipped"]
    );
    Fixture { dir }
}

/// Article files per year folder, with the stems of their words (the
/// Snowball stem of every exact form, whether the article wrote it as a
/// name or not).
fn stems_by_year(dice: &Path) -> BTreeMap<String, Vec<(PathBuf, Vec<String>)>> {
    let mut stems = analysis::StemCache::new();
    let mut years = BTreeMap::new();
    for entry in std::fs::read_dir(dice).unwrap() {
        let year_dir = entry.unwrap().path();
        let year = year_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut articles = Vec::new();
        for file in std::fs::read_dir(&year_dir).unwrap() {
            let path = file.unwrap().path();
            let (a, _) =
                article::read_file(&path, String::new()).expect("DICE articles are readable");
            let words = analysis::exact_words(&a.body())
                .iter()
                .map(|word| stems.stem(word).to_string())
                .collect();
            articles.push((path, words));
        }
        years.insert(year, articles);
    }
    years
}

/// The Snowball stem of a word typed alone.
fn stem(word: &str) -> String {
    let words = analysis::exact_words(word);
    let [word] = words.as_slice() else {
        panic!("{word:?} is not one word");
    };
    analysis::StemCache::new().stem(word).to_string()
}

#[test]
fn dice_is_indexed_whole_filtered_by_year_and_ranked_by_term_frequency() {
    let Some(dice) = shared_data("dice") else {
        return;
    };
    let f = build(&dice);
    assert_eq!(
        f.search_json(&["*", "--limit", "1"])["total"],
        DICE_ARTICLES
    );

    let years = stems_by_year(&dice);
    assert_eq!(years.len(), 11);
    // Common words find their inflections (`carabiniere`, `rapine`), and
    // each year's count agrees with the year folders.
    for word in ["carabinieri", "rapina", "incidente", "spaccio"] {
        let stem = stem(word);
        let hits: BTreeSet<PathBuf> = f.search_json(&[word, "--limit", "10000"])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| PathBuf::from(h["path"].as_str().unwrap()))
            .collect();
        let with_stem: BTreeSet<&PathBuf> = years
            .values()
            .flatten()
            .filter(|(_, stems)| stems.contains(&stem))
            .map(|(path, _)| path)
            .collect();
        // Every hit has a word of the stem; nearly every article with one is
        // a hit (not those that wrote a form of it only as a name that the
        // archive mostly writes as a name, such as `Compagnia`).
        for hit in &hits {
            assert!(
                with_stem.contains(hit),
                "«{word}»: {} has no word of its stem",
                hit.display()
            );
        }
        assert!(
            hits.len() as f64 >= 0.9 * with_stem.len() as f64,
            "«{word}»: {} hits, {} articles with a word of its stem",
            hits.len(),
            with_stem.len()
        );
        for (year, articles) in &years {
            let expected = articles
                .iter()
                .filter(|(path, _)| hits.contains(path))
                .count();
            let found = f.search_json(&[word, "--from", year, "--to", year, "--limit", "1"])
                ["total"]
                .as_u64()
                .unwrap();
            assert_eq!(found, expected as u64, "«{word}» in {year}");
        }
    }

    // Ranking: term frequency of each hit for a one-word query.
    let rapina = stem("rapina");
    let term_frequency: BTreeMap<PathBuf, usize> = years
        .values()
        .flatten()
        .map(|(path, terms)| (path.clone(), terms.iter().filter(|t| **t == rapina).count()))
        .collect();
    let json = f.search_json(&["rapina", "--limit", "10000"]);
    let frequencies: Vec<usize> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| term_frequency[&PathBuf::from(h["path"].as_str().unwrap())])
        .collect();
    assert!(
        frequencies.iter().all(|&tf| tf > 0),
        "every hit contains the word"
    );
    assert!(
        frequencies[0] >= 3,
        "the best hit repeats the word: {:?}",
        &frequencies[..10]
    );
    let median_rank = |keep: &dyn Fn(usize) -> bool| {
        let ranks: Vec<usize> = frequencies
            .iter()
            .enumerate()
            .filter(|(_, &tf)| keep(tf))
            .map(|(r, _)| r)
            .collect();
        ranks[ranks.len() / 2]
    };
    let many = median_rank(&|tf| tf >= 4);
    let once = median_rank(&|tf| tf == 1);
    assert!(many * 3 < once, "articles saying «rapina» 4+ times rank well above those saying it once (median ranks {many} vs {once})");
    let top10_once = frequencies[..10].iter().filter(|&&tf| tf == 1).count();
    assert_eq!(
        top10_once,
        0,
        "top 10 term frequencies: {:?}",
        &frequencies[..10]
    );
}

/// The persons list of the whole archive, most articles first.
fn persons(f: &Fixture, args: &[&str]) -> Vec<serde_json::Value> {
    let json = common::success_json(
        common::rassegna()
            .args(["persons", "--json"])
            .args(args)
            .arg("--index")
            .arg(f.index()),
        &[],
    );
    json.as_array().expect("a list").clone()
}

/// Folded words of a name, for comparing names as the reader would.
fn words(name: &str) -> Vec<String> {
    name.split_whitespace().map(analysis::fold).collect()
}

/// The review of docs/EVALUATION.md ("DICE: the persons list"), kept true:
/// the top 100 hold none of the non-persons that once ranked there, no lone
/// first name or initials, and no person twice (a surname alone, a shorter
/// form, another spelling or the surname-first form beside the full name).
#[test]
fn dice_persons_are_people_each_listed_once() {
    let Some(dice) = shared_data("dice") else {
        return;
    };
    let f = build(&dice);
    let everyone = persons(&f, &["--limit", "1000000"]);
    let names: Vec<&str> = everyone.iter().filter_map(|p| p["name"].as_str()).collect();
    let top: Vec<&str> = names.iter().copied().take(100).collect();

    // The mayor of Modena, written three ways, is one person and the first.
    let mayor = &everyone[0];
    assert_eq!(mayor["name"], "Gian Carlo Muzzarelli", "{top:?}");
    let variants: Vec<&str> = mayor["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert!(
        variants.contains(&"Muzzarelli") && variants.contains(&"Giancarlo Muzzarelli"),
        "{mayor}"
    );
    let articles = mayor["articles"].as_u64().expect("a count");
    assert!(articles >= 95, "{mayor}");
    assert_eq!(
        f.search_json(&["*", "--person", "Gian Carlo Muzzarelli", "--limit", "1"])["total"],
        articles,
        "the person filter finds every article of the person"
    );

    // Things that are not persons, which extraction once let through:
    // places, streets and churches, sentence-initial words, products, a
    // saint in a painting's title, the tail of a street's name (`via
    // Fratelli Rosselli`). (`Bazzano`, a town no longer a comune, is still
    // listed at 8 articles, just under the top 100: an extraction error to
    // add here once it is gone. `Ciro Menotti` now counts the articles that
    // mean the patriot, not those of `via Ciro Menotti`.)
    for wrong in [
        "Soldi",
        "Rosselli",
        "Romagna",
        "Rubiera",
        "Li",
        "Vinci",
        "Castelli",
        "Gregorio Taumaturgo",
        "Meglio",
        "Green",
        "Manzolino",
        "Cialdini",
        "San Vincenzo",
        "Kalashnikov",
        "Patek Philippe",
    ] {
        assert!(
            !top.contains(&wrong),
            "{wrong} among the top persons: {top:?}"
        );
    }
    // A capitalised title or common noun after an article is no part of the
    // name after it (`il Vincesindaco Gian Francesco Menani`, `alla
    // Sicurezza Muzzarelli`), at any rank.
    for glued in ["Vincesindaco Gian Francesco Menani", "Sicurezza Muzzarelli"] {
        assert!(!names.contains(&glued), "{glued} is listed as a person");
    }
    // Lone first names and initials are many people each: never listed.
    for nobody in [
        "Luca", "Davide", "Anna", "Marco", "Andrea", "Giuseppe", "A. B.",
    ] {
        assert!(!names.contains(&nobody), "{nobody} is listed as a person");
    }
    // ... but `--person luca` still finds the articles that name a Luca,
    // alone or in full.
    let lucas = f.search_json(&["*", "--person", "luca", "--limit", "10000"]);
    let shown: Vec<Vec<&str>> = lucas["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            h["persons"]
                .as_array()
                .expect("persons")
                .iter()
                .filter_map(|p| p.as_str())
                .collect()
        })
        .collect();
    assert!(shown.iter().any(|p| p.contains(&"Luca")), "a lone Luca");
    assert!(
        shown.iter().any(|p| p.contains(&"Luca Lugari")),
        "a Luca in full"
    );

    // No person twice in the top 100.
    for a in &top {
        for b in &top {
            let (wa, wb) = (words(a), words(b));
            if a == b {
                continue;
            }
            assert!(
                !(wb.len() > wa.len() && wb.ends_with(&wa)),
                "{a} is listed beside {b}, which it is a shorter form of"
            );
            assert!(
                wa.concat() != wb.concat(),
                "{a} and {b} are one name spelt two ways"
            );
            let mut rotated = wa.clone();
            for _ in 1..wa.len() {
                rotated.rotate_left(1);
                assert!(rotated != wb, "{a} and {b} are one name in two orders");
            }
        }
    }
}

/// The exact forms of `text` with their positions, as `body_exact` holds
/// them (stop words leave gaps).
fn positioned_words(text: &str) -> Vec<(String, usize)> {
    let mut analyzer = analysis::exact_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        words.push((token.text.clone(), token.position));
    }
    words
}

/// `"via Emilia"`: in every snippet, the highlights are `via` and `Emilia`
/// side by side (the phrase), never either word alone; and every hit whose
/// article has the phrase (all of them: the index matched it) shows it.
#[test]
fn dice_phrase_snippets_mark_the_phrase_and_never_its_words_alone() {
    let Some(dice) = shared_data("dice") else {
        return;
    };
    let f = build(&dice);
    let json = f.search_json(&["\"via Emilia\"", "--limit", "10000"]);
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.len() > 100, "{} hits", hits.len());
    let is_phrase = |words: &[(String, usize)], i: usize| {
        words[i].0 == "via"
            && words
                .get(i + 1)
                .is_some_and(|(w, p)| w == "emilia" && *p == words[i].1 + 1)
    };
    let (mut with_phrase, mut lone_words_unmarked) = (0, 0);
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
        let spans: Vec<(usize, usize)> = hit["snippet"]["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["start"].as_u64().unwrap() as usize,
                    h["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let marked = |&(start, end): &(usize, usize)| -> String {
            analysis::fold(&text[start..end].iter().collect::<String>())
        };
        // The highlights go by pairs: `via`, then `Emilia` with no word
        // between them.
        assert!(
            spans.len().is_multiple_of(2),
            "{id}: a word alone among {:?}",
            spans.iter().map(marked).collect::<Vec<_>>()
        );
        for pair in spans.chunks(2) {
            let between: String = text[pair[0].1..pair[1].0].iter().collect();
            assert_eq!(
                (marked(&pair[0]), marked(&pair[1])),
                ("via".to_string(), "emilia".to_string()),
                "{id}: {}",
                hit["snippet"]["text"]
            );
            assert!(
                positioned_words(&between).is_empty() && !between.contains('…'),
                "{id}: {between:?} between via and Emilia"
            );
        }
        // The article has the phrase; so does its snippet.
        let path = hit["path"].as_str().unwrap();
        let (article, _) = article::read_file(Path::new(path), String::new()).unwrap();
        let body = positioned_words(&article.body());
        if (0..body.len()).any(|i| is_phrase(&body, i)) {
            with_phrase += 1;
            assert!(
                !spans.is_empty(),
                "{id}: the snippet does not show the phrase: {}",
                hit["snippet"]["text"]
            );
        }
        // And its snippet leaves a lone `via` or `Emilia` unmarked, at
        // least somewhere in the archive (what the test is about).
        let shown = positioned_words(&text.iter().collect::<String>());
        lone_words_unmarked += (0..shown.len())
            .filter(|&i| {
                let word = shown[i].0.as_str();
                (word == "via" && !is_phrase(&shown, i))
                    || (word == "emilia" && !(i > 0 && is_phrase(&shown, i - 1)))
            })
            .count();
    }
    assert_eq!(with_phrase, hits.len(), "every hit has the phrase");
    assert!(lone_words_unmarked > 10, "{lone_words_unmarked} lone words");
}
