//! End-to-end: build an index from a temporary corpus and search it with
//! every option, through the real binary.

mod common;

use common::{rassegna, Fixture, PersonsList};
use predicates::prelude::*;

#[test]
fn all_words_must_match_and_results_are_ranked() {
    let f = Fixture::indexed();
    // "alluvione" is in two articles; five times in one, once in the other.
    assert_eq!(
        f.ids(&["alluvione"]),
        ["2023/01-alluvione.txt", "2023/06-consiglio.txt"]
    );
    // Both words must match.
    assert_eq!(f.ids(&["alluvione bilancio"]), ["2023/06-consiglio.txt"]);
    assert_eq!(f.ids(&["alluvione OR rettore"]).len(), 3);
    assert_eq!(f.ids(&["alluvione -bilancio"]), ["2023/01-alluvione.txt"]);
    assert_eq!(f.ids(&["(bilancio OR rettore) ferretti"]).len(), 2);
    assert_eq!(f.ids(&["alluvione", "--any"]).len(), 2);
    assert_eq!(f.ids(&["alluvione rettore", "--any"]).len(), 3);
}

#[test]
fn italian_analysis_applies_to_queries() {
    let f = Fixture::indexed();
    // Stemming: incontro ~ incontrato.
    let incontro = f.ids(&["incontro"]);
    assert!(
        incontro.contains(&"2024/03-vertice.txt".to_string()),
        "{incontro:?}"
    );
    assert!(
        incontro.contains(&"2025/10-mosca.txt".to_string()),
        "{incontro:?}"
    );
    // Elision typed in the query, with either apostrophe.
    assert_eq!(f.ids(&["dell'alluvione"]), f.ids(&["alluvione"]));
    assert_eq!(f.ids(&["l’incontro"]), incontro);
    // Accent folding both ways, and the old apostrophe accent in the text.
    assert!(f.ids(&["citta"]).contains(&"2025/10-mosca.txt".to_string()));
    assert_eq!(f.ids(&["città"]), f.ids(&["citta"]));
    assert_eq!(f.ids(&["universita"]), ["2025/11-universita.txt"]);
    // Numbers as written.
    assert_eq!(f.ids(&["15.000"]), ["2024/10-questura.txt"]);
    assert_eq!(f.ids(&["26enne"]), ["2024/10-questura.txt"]);
}

#[test]
fn phrases_and_prefixes() {
    let f = Fixture::indexed();
    assert_eq!(f.ids(&["\"ministro degli esteri\""]).len(), 2);
    assert!(f.ids(&["\"esteri ministro\""]).is_empty());
    assert_eq!(f.ids(&["rapin*"]), ["2024/10-questura.txt"]);
    assert_eq!(f.ids(&["allu*"]).len(), 2);
}

#[test]
fn date_filters_take_years_months_and_days_inclusively() {
    let f = Fixture::indexed();
    assert_eq!(f.ids(&["*", "--from", "2024", "--to", "2024"]).len(), 2);
    assert_eq!(
        f.ids(&["*", "--from", "2025-10", "--to", "2025-10"]),
        ["2025/10-mosca.txt"]
    );
    assert_eq!(
        f.ids(&["*", "--from", "2025-10-29", "--to", "2025-10-29"]),
        ["2025/10-mosca.txt"]
    );
    assert_eq!(f.ids(&["*", "--to", "2023-06-14"]).len(), 2);
    assert_eq!(
        f.ids(&["*", "--from", "2025-11"]),
        ["2025/11-universita.txt"]
    );
}

#[test]
fn person_filters_match_parts_of_one_name() {
    let f = Fixture::indexed();
    let putin = f.ids(&["*", "--person", "putin"]);
    assert_eq!(putin.len(), 2, "{putin:?}");
    assert_eq!(f.ids(&["*", "--person", "PUTIN"]), putin);
    assert_eq!(f.ids(&["*", "--person", "Vladimir Putin"]), putin);
    assert_eq!(f.ids(&["*", "--person", "Kim Jong Un"]).len(), 2);
    assert_eq!(f.ids(&["*", "--person", "lavrov"]).len(), 2);
    // Two persons of the same article never combine into one name.
    assert!(f.ids(&["*", "--person", "Putin Kim"]).is_empty());
    // Repeated --person requires all of them.
    assert_eq!(
        f.ids(&["*", "--person", "putin", "--person", "choe"]),
        ["2025/10-mosca.txt"]
    );
    // The query scope does the same.
    let mut scoped = f.ids(&["person:putin"]);
    scoped.sort();
    let mut filtered = putin.clone();
    filtered.sort();
    assert_eq!(scoped, filtered);
    assert_eq!(f.ids(&["person:\"Choe Son Hui\""]), ["2025/10-mosca.txt"]);
}

#[test]
fn author_filter_and_scope() {
    let f = Fixture::indexed();
    let lotti = f.ids(&["*", "--author", "lotti"]);
    assert_eq!(lotti.len(), 2);
    assert_eq!(f.ids(&["author:\"anna lotti\""]), lotti);
    // The byline is not body text and not a person.
    assert!(f.ids(&["lotti"]).is_empty());
    assert!(f.ids(&["*", "--person", "lotti"]).is_empty());
}

#[test]
fn sort_limit_and_offset() {
    let f = Fixture::indexed();
    let by_date = f.ids(&["*", "--sort", "date"]);
    assert_eq!(
        by_date.first().map(String::as_str),
        Some("2025/11-universita.txt")
    );
    assert_eq!(
        by_date.last().map(String::as_str),
        Some("2023/01-alluvione.txt")
    );
    let page = f.search_json(&["*", "--sort", "date", "--limit", "2", "--offset", "2"]);
    assert_eq!(page["total"], 6);
    let ids: Vec<&str> = page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, &by_date[2..4]);
    assert_eq!(page["hits"][0]["rank"], 3);
}

#[test]
fn json_has_the_documented_shape_and_highlight_offsets() {
    let f = Fixture::indexed();
    let json = f.search_json(&["incontro", "--person", "kim"]);
    for key in [
        "query",
        "total",
        "offset",
        "limit",
        "sort",
        "took_ms",
        "ignored_words",
        "hits",
    ] {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    assert!(json["took_ms"].as_f64().is_some());
    let hit = &json["hits"][0];
    for key in [
        "rank", "score", "id", "path", "date", "author", "headline", "persons", "snippet",
    ] {
        assert!(hit.get(key).is_some(), "missing hit.{key}: {hit}");
    }
    assert!(hit["persons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "Kim Jong Un"));
    let text: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            text[s..e].iter().collect()
        })
        .collect();
    assert!(!marked.is_empty());
    for word in &marked {
        assert!(
            ["incontrato", "incontro", "Incontro"].contains(&word.as_str()),
            "{marked:?}"
        );
    }
}

#[test]
fn a_stemmed_match_is_highlighted_in_text_output() {
    let f = Fixture::indexed();
    rassegna()
        .args([
            "search", "incontro", "--person", "putin", "--from", "2024", "--to", "2024", "--index",
        ])
        .arg(f.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("**incontrato**"))
        .stdout(predicate::str::contains("1 article matches"))
        .stdout(predicate::str::contains(
            "2024-03-05 · Paolo De Santis · 2024/03-vertice.txt",
        ))
        .stdout(predicate::str::contains("persons: Vladimir Putin"));
    rassegna()
        .args(["search", "incontro", "--color", "always", "--index"])
        .arg(f.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[1;33mincontrato\x1b[0m"));
}

#[test]
fn no_results_say_which_filter_removed_everything() {
    let f = Fixture::indexed();
    rassegna()
        .args([
            "search", "putin", "--from", "2023", "--to", "2023", "--index",
        ])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "«putin» has 2 matching articles, but none dated between 2023-01-01 and 2023-12-31",
        ));
    rassegna()
        .args(["search", "alluvione", "--person", "lavrov", "--index"])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "none mentioning a person named «lavrov»",
        ));
    rassegna()
        .args(["search", "zanzibar", "--index"])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no article matches «zanzibar»"));
    rassegna()
        .args(["search", "il perché", "--index"])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "only common words, which are not indexed (il, perché)",
        ));
}

#[test]
fn malformed_queries_and_dates_exit_with_2() {
    let f = Fixture::indexed();
    for (args, message) in [
        (vec!["\"non chiusa"], "never closed"),
        (vec!["putin", "--limit", "10001"], "10000"),
        (vec!["(putin"], "never closed"),
        (vec!["putin OR"], "OR must"),
        (
            vec!["putin", "--from", "2025-13"],
            "not a real calendar date",
        ),
        (vec!["putin", "--to", "ieri"], "--to ieri"),
        (
            vec!["putin", "--from", "2025", "--to", "2024"],
            "--from 2025-01-01 is after --to 2024-12-31",
        ),
        (vec!["putin", "--sort", "colore"], "invalid value"),
        (vec!["putin", "--limit", "0"], "0"),
        (vec!["putin", "--offset", "1000000000"], "too deep"),
        (
            vec!["putin", "--offset", "18446744073709551615"],
            "too deep",
        ),
    ] {
        rassegna()
            .arg("search")
            .args(&args)
            .arg("--index")
            .arg(f.index())
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn a_missing_index_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    rassegna()
        .args(["search", "putin", "--index"])
        .arg(dir.path().join("nowhere"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index at"))
        .stderr(predicate::str::contains("rassegna index"));
}

#[test]
fn output_piped_into_head_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Enough output to fill a pipe buffer several times.
    let body = "L'alluvione ha colpito la pianura. ".repeat(20);
    let files: Vec<(String, Vec<u8>)> = (0..400)
        .map(|i| {
            (
                format!("a/{i:03}.txt"),
                format!("date 2024-01-01 {body}").into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    common::write_files(&dir.path().join("corpus"), &refs);
    let bin = assert_cmd::cargo::cargo_bin("rassegna");
    let script = format!(
        "set -o pipefail; '{bin}' index --corpus corpus --index index >/dev/null && '{bin}' search alluvione --limit 400 --index index | head -1; echo \"status=${{PIPESTATUS[0]}}\"",
        bin = bin.display()
    );
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.starts_with("400 articles match"), "{stdout}");
    assert!(stdout.contains("status=0"), "{stdout}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn persons_are_counted_over_matching_articles() {
    let f = Fixture::indexed();
    let persons = PersonsList::of(&f.index());
    let count = |name: &str| {
        persons
            .find(name)
            .map(|p| p["articles"].as_u64().expect("a count"))
    };
    assert_eq!(count("Giulia Ferretti"), Some(3));
    assert_eq!(count("Vladimir Putin"), Some(2));
    assert_eq!(count("Anna Lotti"), None);
    assert_eq!(persons.0[0]["name"], "Giulia Ferretti");
    rassegna()
        .args([
            "persons", "--query", "incontro", "--from", "2025", "--index",
        ])
        .arg(f.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("1  Vladimir Putin"))
        .stdout(predicate::str::contains("Ferretti").not());
}

#[test]
fn show_prints_one_article() {
    let f = Fixture::indexed();
    rassegna()
        .args(["show", "2024/03-vertice.txt", "--index"])
        .arg(f.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("date:     2024-03-05"))
        .stdout(predicate::str::contains("author:   Paolo De Santis"))
        .stdout(predicate::str::contains("Vladimir Putin"))
        .stdout(predicate::str::contains("L’incontro è durato tre ore"));
    rassegna()
        .args(["show", "2024/nope.txt", "--index"])
        .arg(f.index())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no article with id '2024/nope.txt'",
        ));
}

#[test]
fn plain_questions_are_never_syntax_errors() {
    let f = Fixture::indexed();
    // Rejected by the query language, read as words with --plain.
    for question in [
        "\"putin non chiusa",
        "(putin",
        "putin OR",
        "Quando c'è stato l'incontro con Putin (a Mosca?",
    ] {
        let ids = f.ids(&[question, "--any", "--plain"]);
        assert!(!ids.is_empty(), "{question}");
    }
    // `dell'incontro` typed in a question finds `incontro` and `incontrato`.
    let ids = f.ids(&["Dov'è avvenuto dell'incontro?", "--any", "--plain"]);
    assert!(ids.contains(&"2024/03-vertice.txt".to_string()), "{ids:?}");
    assert!(ids.contains(&"2025/10-mosca.txt".to_string()), "{ids:?}");
    // Question words are dropped: `quando` alone would match nothing here.
    assert_eq!(
        f.ids(&["Quando ha parlato il rettore?", "--any", "--plain"])[0],
        "2025/11-universita.txt"
    );
}

#[test]
fn several_words_are_one_query() {
    let f = Fixture::indexed();
    assert_eq!(
        f.ids(&["alluvione", "bilancio"]),
        f.ids(&["alluvione bilancio"])
    );
    assert_eq!(f.ids(&["alluvione", "bilancio"]), ["2023/06-consiglio.txt"]);
    // Options after the words are still options.
    let page = f.search_json(&["alluvione", "OR", "rettore", "--limit", "1"]);
    assert_eq!(page["total"], 3);
    assert_eq!(page["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["query"], "alluvione OR rettore");
}

#[test]
fn any_opening_quote_pairs_with_any_closing_one() {
    let f = Fixture::indexed();
    let phrase = f.ids(&["\"ministro degli esteri\""]);
    assert_eq!(phrase.len(), 2);
    for query in [
        "“ministro degli esteri”",
        "\"ministro degli esteri”",
        "“ministro degli esteri\"",
        "«ministro degli esteri\"",
        "„ministro degli esteri“",
    ] {
        assert_eq!(f.ids(&[query]), phrase, "{query}");
    }
}

#[test]
fn what_was_read_loosely_is_said_in_notes() {
    let f = Fixture::indexed();
    for (query, same_as, note) in [
        ("titolo:alluvione", "alluvione", "titolo: is not a field"),
        ("*luvione", "luvione", "only at the end of a word"),
        ("alluvione or rettore", "alluvione OR rettore", "read as OR"),
        ("alluvione - rettore", "alluvione rettore", "a lone -"),
    ] {
        let json = f.search_json(&[query]);
        let notes = json["notes"].as_array().expect("notes");
        assert_eq!(notes.len(), 1, "{query}: {json}");
        assert!(
            notes[0].as_str().unwrap().contains(note),
            "{query}: {notes:?}"
        );
        assert_eq!(f.ids(&[query]), f.ids(&[same_as]), "{query}");
        let output = rassegna()
            .args(["search", query, "--index"])
            .arg(f.index())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.starts_with("note: "), "{query}: {text}");
        assert!(text.contains(note), "{query}: {text}");
    }
    // A plain query has an empty list.
    assert_eq!(
        f.search_json(&["alluvione"])["notes"],
        serde_json::json!([])
    );
}

#[test]
fn ignored_words_are_listed_once_with_the_question_words_dropped() {
    let f = Fixture::indexed();
    let json = f.search_json(&["il rettore e il sindaco", "--any"]);
    assert_eq!(json["ignored_words"], serde_json::json!(["il", "e"]));
    let json = f.search_json(&["Quando ha parlato il rettore?", "--any", "--plain"]);
    let ignored = json["ignored_words"].as_array().unwrap();
    assert!(ignored.iter().any(|w| w == "Quando"), "{ignored:?}");
    assert!(ignored.iter().any(|w| w == "il"), "{ignored:?}");
}

#[test]
fn control_characters_in_articles_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // The article parser removes control characters from the text (with a
    // warning); a file name keeps them in the id, which every front end
    // prints.
    let id = "trappola\u{1b}[2J.txt";
    common::write_files(
        &dir.path().join("corpus"),
        &[(
            id,
            "date 2024-05-01 La rapina \u{1b}[2J\u{1b}]0;titolo\u{7} in banca \u{202e}al contrario\u{9b}31m.\n\nSecondo paragrafo.\n"
                .as_bytes(),
        )],
    );
    let index = dir.path().join("index");
    common::index_command(&dir.path().join("corpus"), &index)
        .assert()
        .success();
    for args in [
        vec!["search", "rapina"],
        vec!["search", "rapina", "--color", "always"],
        vec!["show", id],
        vec!["persons", "--query", "rapina"],
    ] {
        let output = rassegna()
            .args(&args)
            .arg("--index")
            .arg(&index)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let ours = ["\u{1b}[1;33m", "\u{1b}[0m", "\u{1b}[2m", "\u{1b}[1m"];
        let mut rest = text.clone();
        for code in ours {
            rest = rest.replace(code, "");
        }
        assert!(
            !rest
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{args:?}: {text:?}"
        );
        if args[0] != "persons" {
            assert!(text.contains("␛[2J"), "{args:?}: {text}");
        }
    }
    // JSON carries the id as it is, escaped by JSON itself.
    let output = rassegna()
        .args(["show", id, "--json", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["id"], id);
    assert!(json["body"].as_str().unwrap().contains("La rapina [2J"));
}

#[test]
fn persons_of_a_query_that_matches_nothing_say_so_like_search() {
    let f = Fixture::indexed();
    rassegna()
        .args(["persons", "--query", "zzzqqq", "--index"])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "No results: no article matches «zzzqqq»",
        ));
    rassegna()
        .args([
            "persons", "--query", "putin", "--from", "2023", "--to", "2023", "--index",
        ])
        .arg(f.index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "none dated between 2023-01-01 and 2023-12-31",
        ));
    let output = rassegna()
        .args(["persons", "--query", "zzzqqq", "--json", "--index"])
        .arg(f.index())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap(),
        serde_json::json!([])
    );
    rassegna()
        .args(["persons", "--query", "putin", "--index"])
        .arg(f.index())
        .assert()
        .success()
        .stdout(predicate::str::contains("Vladimir Putin"));
}

#[test]
fn dates_beyond_what_an_index_holds_are_refused_not_moved() {
    let dir = tempfile::tempdir().unwrap();
    common::write_files(
        &dir.path().join("corpus"),
        &[
            ("antico.txt", b"date 1500-06-01 Una cronaca antica.\n"),
            ("futuro.txt", b"date 2300-01-01 Una cronaca futura.\n"),
            ("oggi.txt", b"date 2024-06-01 Una cronaca di oggi.\n"),
        ],
    );
    let index = dir.path().join("index");
    common::index_command(&dir.path().join("corpus"), &index)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "antico.txt: invalid date '1500-06-01'",
        ))
        .stderr(predicate::str::contains(
            "futuro.txt: invalid date '2300-01-01'",
        ));
    let search = |args: &[&str]| {
        let output = rassegna()
            .arg("search")
            .args(args)
            .args(["--json", "--limit", "10", "--index"])
            .arg(&index)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["id"].as_str().unwrap().to_string(), h["date"].clone()))
            .collect::<Vec<_>>()
    };
    let mut all = search(&["cronaca", "--sort", "date"]);
    assert_eq!(
        all[0],
        ("oggi.txt".to_string(), serde_json::json!("2024-06-01"))
    );
    // The undated last, in an order fixed by their ids (`display_rank`).
    all[1..].sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        all[1..],
        [
            ("antico.txt".to_string(), serde_json::Value::Null),
            ("futuro.txt".to_string(), serde_json::Value::Null),
        ]
    );
    assert!(search(&["cronaca", "--from", "2263"]).is_empty());
    assert!(search(&["cronaca", "--to", "1000"]).is_empty());
    assert_eq!(search(&["cronaca", "--from", "1000"]).len(), 1);
}
