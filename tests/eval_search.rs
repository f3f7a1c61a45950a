//! `rassegna eval search` end to end: the SQuAD-it targets must hold with the
//! default analyzer and ranking, questions are plain text (never a syntax
//! error), and bad judgement files are reported with file and line.

mod common;

use common::{rassegna, shared_data, success_json, write_files};
use predicates::prelude::*;

/// MRR@10 and Recall@10 the default configuration must reach on
/// squad-it-dev with OR queries (docs/EVALUATION.md, "Search relevance").
const MRR_AT_10_TARGET: f64 = 0.83;
const RECALL_AT_10_TARGET: f64 = 0.95;

/// `rassegna eval search` on the set in `dir` (`corpus/`, `qrels.tsv` and
/// the queries file `queries`), ready for more arguments.
fn eval_search(dir: &std::path::Path, queries: &str) -> assert_cmd::Command {
    let mut cmd = rassegna();
    cmd.args(["eval", "search", "--corpus"])
        .arg(dir.join("corpus"))
        .arg("--queries")
        .arg(dir.join(queries))
        .arg("--qrels")
        .arg(dir.join("qrels.tsv"));
    cmd
}

#[test]
fn squad_it_dev_meets_the_targets() {
    let Some(set) = shared_data("squad-it-dev") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let run = dir.path().join("run.txt");
    let metrics = success_json(
        eval_search(&set, "queries.tsv")
            .args(["--any", "--json"])
            .arg("--run")
            .arg(&run),
        &[
            "queries",
            "mrr_at_10",
            "recall_at_1",
            "recall_at_10",
            "recall_at_100",
            "ndcg_at_10",
        ],
    );
    // Every question counts, including those without any hit.
    assert_eq!(metrics["queries"], 4013, "{metrics}");
    let mrr = metrics["mrr_at_10"].as_f64().expect("mrr_at_10");
    let recall = metrics["recall_at_10"].as_f64().expect("recall_at_10");
    assert!(
        mrr >= MRR_AT_10_TARGET,
        "MRR@10 on squad-it-dev dropped below {MRR_AT_10_TARGET}: {metrics}"
    );
    assert!(
        recall >= RECALL_AT_10_TARGET,
        "Recall@10 on squad-it-dev dropped below {RECALL_AT_10_TARGET}: {metrics}"
    );
    let run = std::fs::read_to_string(&run).expect("run file");
    let lines: Vec<&str> = run.lines().collect();
    assert!(lines.len() > 4013 && lines.len() <= 4013 * 100);
    assert!(lines
        .iter()
        .all(|line| line.split(' ').count() == 6 && line.ends_with(" rassegna")));
}

/// A small judged set written by the test: three articles, and questions
/// full of apostrophes, quotes, question marks and stray brackets.
fn tiny_set(dir: &std::path::Path) {
    write_files(
        &dir.join("corpus"),
        &[
            (
                "incontro.txt",
                "L'incontro tra i due ministri si è svolto a Roma. Più di tre ore di colloquio, già previsto da settimane.".as_bytes(),
            ),
            (
                "mercato.txt",
                "Il mercato coperto riapre dopo i lavori: quarantadue banchi di frutta e verdura.".as_bytes(),
            ),
            (
                "quartiere.txt",
                "Quell'edificio del quartiere nord sarà abbattuto entro l'estate, perché pericolante.".as_bytes(),
            ),
        ],
    );
    std::fs::write(
        dir.join("queries.tsv"),
        "q1\tDove si è svolto dell'incontro?\n\
         q2\tQuanti banchi ha il \"mercato\" (coperto?\n\
         q3\tPerche' quell'edificio sara abbattuto?\n\
         q4\tpiu' ore di colloquio: gia' previsto?\n",
    )
    .expect("write queries");
    std::fs::write(
        dir.join("qrels.tsv"),
        "q1\tincontro\nq2\tmercato\nq3\tquartiere\nq4\tincontro\n",
    )
    .expect("write qrels");
}

#[test]
fn questions_are_plain_text_and_find_their_article() {
    let dir = tempfile::tempdir().expect("temporary folder");
    tiny_set(dir.path());
    let run = dir.path().join("run.txt");
    for any in [true, false] {
        let mut cmd = eval_search(dir.path(), "queries.tsv");
        cmd.arg("--json").arg("--run").arg(&run);
        if any {
            cmd.arg("--any");
        }
        let output = cmd.output().expect("run rassegna");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let metrics: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(metrics["queries"], 4);
        if any {
            // Every question finds its article first.
            assert_eq!(metrics["mrr_at_10"], 1.0, "{metrics}");
            assert_eq!(metrics["recall_at_1"], 1.0, "{metrics}");
            let run = std::fs::read_to_string(&run).expect("run file");
            assert!(run.starts_with("q1 Q0 incontro 1 "), "{run}");
        }
    }
}

#[test]
fn the_summary_names_every_metric() {
    let dir = tempfile::tempdir().expect("temporary folder");
    tiny_set(dir.path());
    eval_search(dir.path(), "queries.tsv")
        .args(["--any"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("4 judged queries")
                .and(predicate::str::contains("MRR@10      1.0000"))
                .and(predicate::str::contains("Recall@100"))
                .and(predicate::str::contains("nDCG@10")),
        );
}

#[test]
fn bad_judgement_files_are_named_with_the_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    tiny_set(dir.path());
    std::fs::write(dir.path().join("qrels.tsv"), "q1\tincontro\nq2\n").expect("write qrels");
    eval_search(dir.path(), "queries.tsv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("qrels.tsv").and(predicate::str::contains("line 2")));
    eval_search(dir.path(), "missing.tsv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.tsv"));
}
