//! How errors reach the user through the real binary: once each (no cause
//! printed twice), with what went wrong, where and what to do; exit status
//! 2; and with `--json`, as one JSON document `{"error": {"kind",
//! "message"}}` on standard output.

mod common;

use common::{index_command, rassegna, Fixture};
use predicates::prelude::*;

/// Fails if any stretch of 16 characters or more occurs twice in `text`:
/// an error that repeats its cause (`…: not a real date: not a real date`).
fn assert_says_once(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    const SPAN: usize = 16;
    let mut seen = std::collections::HashMap::new();
    for start in 0..chars.len().saturating_sub(SPAN - 1) {
        let piece: String = chars[start..start + SPAN].iter().collect();
        if let Some(first) = seen.insert(piece.clone(), start) {
            // Overlapping repeats of one character (`……`) are not a cause said twice.
            if start - first >= SPAN {
                panic!("«{piece}» appears twice in: {text}");
            }
        }
    }
}

/// Runs `rassegna ARGS` expecting exit status 2 and returns standard error.
fn fails(args: &[&str], cwd: &std::path::Path) -> String {
    let output = rassegna()
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run rassegna");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    // The error is the last line (a build on first use may say so before).
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: "), "{args:?}: {stderr}");
    last.to_string()
}

#[test]
fn each_error_says_its_cause_once_and_what_to_do() {
    let f = Fixture::indexed();
    let dir = f.dir.path();
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::write(dir.join("a-file"), "not a folder").unwrap();
    let index = f.index();
    let index = index.to_str().unwrap();
    for (args, what, remedy) in [
        (
            vec!["search", "x", "--from", "2021-02-30", "--index", index],
            "invalid date --from 2021-02-30: '2021-02-30' is not a real calendar date",
            "check month and day",
        ),
        (
            vec!["index", "--corpus", "missing", "--index", "new-index"],
            "cannot read the corpus folder missing: ",
            "Check the path given with --corpus",
        ),
        (
            vec!["index", "--corpus", "empty", "--index", "new-index"],
            "cannot read the corpus folder empty: no article files (*.txt) found in it",
            "Check the path given with --corpus",
        ),
        (
            vec!["index", "--corpus", "corpus", "--index", "a-file"],
            "cannot create the index folder a-file: ",
            "Give --index a folder",
        ),
        (
            vec!["search", "x", "--corpus", "corpus", "--index", "a-file"],
            "cannot create the index folder a-file: ",
            "Give --index a folder",
        ),
        (
            vec!["eval", "persons", "--gold", "missing.tsv"],
            "cannot read missing.tsv: ",
            "Check the file name",
        ),
        (
            vec!["search", "x", "--person", "?!", "--index", index],
            "--person '?!' is not a name",
            "e.g. --person putin",
        ),
        (
            vec!["search", "(x", "--index", index],
            "invalid query: a parenthesis ( is never closed in «(x»",
            "",
        ),
        (
            vec!["show", "nope.txt", "--index", index],
            "no article with id 'nope.txt'",
            "as shown by `rassegna search`",
        ),
    ] {
        let stderr = fails(&args, dir);
        assert!(stderr.contains(what), "{args:?}: {stderr}");
        assert!(stderr.contains(remedy), "{args:?}: {stderr}");
        assert_says_once(&stderr);
    }
}

#[test]
fn json_errors_are_json_on_standard_output() {
    let f = Fixture::indexed();
    let index = f.index();
    let index = index.to_str().unwrap();
    for (args, kind) in [
        (
            vec!["search", "(putin", "--json", "--index", index],
            "query",
        ),
        (
            vec![
                "search", "putin", "--from", "2025-13", "--json", "--index", index,
            ],
            "date",
        ),
        (
            vec![
                "search", "putin", "--person", "?", "--json", "--index", index,
            ],
            "invalid_name",
        ),
        (
            vec![
                "search",
                &"putin OR ".repeat(2_000),
                "--json",
                "--index",
                index,
            ],
            "query_limit",
        ),
        (vec!["search", "putin", "--limit", "0", "--json"], "usage"),
        (
            vec!["show", "nope.txt", "--json", "--index", index],
            "unknown_article",
        ),
        (
            vec!["persons", "--query", "(", "--json", "--index", index],
            "query",
        ),
        (
            vec!["eval", "persons", "--gold", "missing.tsv", "--json"],
            "eval_read",
        ),
    ] {
        let output = rassegna()
            .args(&args)
            .current_dir(f.dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stdout))
        });
        assert_eq!(json["error"]["kind"], kind, "{json}");
        let message = json["error"]["message"].as_str().expect("a message");
        assert!(!message.is_empty());
        assert_says_once(message);
        assert_eq!(json.as_object().map(|o| o.len()), Some(1), "{json}");
    }
}

#[test]
fn an_index_of_another_corpus_is_replaced_only_with_force() {
    let f = Fixture::indexed();
    let other = f.dir.path().join("other");
    common::write_files(&other, &[("a.txt", b"date 2024-01-01 Un solo articolo.\n")]);
    // Relative paths: the message then holds no long stretch twice.
    let relative = |corpus: &str| {
        let mut cmd = rassegna();
        cmd.args(["index", "--corpus", corpus, "--index", "index"])
            .current_dir(f.dir.path());
        cmd
    };
    let stderr = String::from_utf8(
        relative("other")
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(
        stderr.contains("error: the index at index holds the articles of "),
        "{stderr}"
    );
    assert!(stderr.contains("/corpus, not of other."), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_says_once(&stderr);
    // Nothing was replaced.
    assert_eq!(
        f.ids(&["*", "--limit", "100"]).len(),
        common::ARTICLES.len()
    );
    // The same corpus, named another way, is no other corpus.
    relative("./corpus/../corpus/").assert().success();
    index_command(&f.corpus(), &f.index()).assert().success();
    relative("other").arg("--force").assert().success();
    assert_eq!(f.ids(&["*"]), ["a.txt"]);
}

#[test]
fn eval_search_refuses_an_index_of_another_corpus() {
    let f = Fixture::indexed();
    let other = f.dir.path().join("other");
    common::write_files(&other, &[("a.txt", b"date 2024-01-01 Un solo articolo.\n")]);
    std::fs::write(f.dir.path().join("q.tsv"), "q1\tarticolo\n").unwrap();
    std::fs::write(f.dir.path().join("r.tsv"), "q1\ta\n").unwrap();
    rassegna()
        .args([
            "eval",
            "search",
            "--queries",
            "q.tsv",
            "--qrels",
            "r.tsv",
            "--corpus",
            "other",
            "--index",
        ])
        .arg(f.index())
        .current_dir(f.dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds the articles of"))
        .stderr(predicate::str::contains(
            "give the corpus it was built from",
        ));
    // The evaluations of issue 11 share the rule.
    for eval in [&["names"][..], &["snippets", "--queries", "q.tsv"][..]] {
        rassegna()
            .arg("eval")
            .args(eval)
            .args(["--corpus", "other", "--index"])
            .arg(f.index())
            .current_dir(f.dir.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("holds the articles of"));
    }
    rassegna()
        .args([
            "eval",
            "search",
            "--queries",
            "q.tsv",
            "--qrels",
            "r.tsv",
            "--corpus",
            "corpus",
            "--index",
        ])
        .arg(f.index())
        .current_dir(f.dir.path())
        .assert()
        .success();
}
