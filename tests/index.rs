//! End-to-end: building the index from messy folders, rebuilding, building
//! on first use, and keeping the index safe from a second writer or a kill.

mod common;

use std::time::Duration;

use common::{rassegna, write_files, Fixture};
use predicates::prelude::*;

#[test]
fn messy_files_are_indexed_or_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let mut latin1 =
        b"date 2024-02-02 La citt\xe0 ha festeggiato il patrono. Perch\xe9 no.".to_vec();
    latin1.extend_from_slice(b"\r\n");
    write_files(
        &corpus,
        &[
            (
                "ok.txt",
                "date 2024-01-01 Un articolo normale sull'alluvione.".as_bytes(),
            ),
            (
                "crlf.txt",
                b"date 2024-01-02 Primo paragrafo.\r\n\r\nSecondo paragrafo sull'alluvione.\r\n",
            ),
            (
                "bom.txt",
                "\u{feff}  date 2024-01-03 Con BOM e spazi.".as_bytes(),
            ),
            ("latin1.txt", &latin1),
            (
                "nodate.txt",
                "Un articolo senza data sull'alluvione.".as_bytes(),
            ),
            (
                "baddate.txt",
                "date 2024-02-31 Una data impossibile.".as_bytes(),
            ),
            ("empty.txt", b""),
            ("blank.txt", b"  \n\n \r\n"),
            ("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            (
                "deep/er/still.TXT",
                "date 2024-03-03 Annidato in profondità.".as_bytes(),
            ),
            (".hidden.txt", "date 2024-01-01 Nascosto.".as_bytes()),
            (".git/objects.txt", "date 2024-01-01 Nascosto.".as_bytes()),
            ("notes.md", b"# not an article"),
        ],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(&corpus, corpus.join("deep/loop")).unwrap();

    let report_path = dir.path().join("report.json");
    let assert = common::index_command(&corpus, &dir.path().join("index"))
        .arg("--verbose")
        .arg("--report")
        .arg(&report_path)
        .assert()
        .success();
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("Indexed 7 articles"), "{stdout}");
    assert!(stdout.contains("1 binary, not text"), "{stdout}");
    assert!(stdout.contains("2 empty"), "{stdout}");
    assert!(
        stdout.contains("Ignored 1 file not named *.txt"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 not UTF-8, read as Windows-1252"),
        "{stdout}"
    );
    assert!(stdout.contains("1 no date header"), "{stdout}");
    assert!(stdout.contains("1 invalid date"), "{stdout}");
    // Each problem names its file, on stderr as it happens and in the listing.
    for name in [
        "binary.txt",
        "empty.txt",
        "blank.txt",
        "latin1.txt",
        "nodate.txt",
        "baddate.txt",
    ] {
        assert!(stderr.contains(name), "stderr lacks {name}: {stderr}");
        assert!(stdout.contains(name), "stdout lacks {name}: {stdout}");
    }
    #[cfg(unix)]
    assert!(
        stdout.contains("1 symbolic link loop, not followed"),
        "the symlink loop is reported: {stdout}"
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report["indexed"], 7);
    assert!(report["skipped"].as_array().unwrap().len() >= 3);

    let f = Fixture { dir };
    assert_eq!(f.ids(&["alluvione"]).len(), 3);
    assert_eq!(
        f.ids(&["città", "--from", "2024-02", "--to", "2024-02"]),
        ["latin1.txt"]
    );
    assert_eq!(f.ids(&["profondità"]), ["deep/er/still.TXT"]);
    assert!(f.ids(&["nascosto"]).is_empty());
    let nodate = f.search_json(&["senza data"]);
    assert_eq!(nodate["hits"][0]["date"], serde_json::Value::Null);
}

#[test]
fn rebuilding_never_duplicates_and_follows_the_folder() {
    let f = Fixture::indexed();
    assert_eq!(f.search_json(&["*"])["total"], 6);
    f.index_command().assert().success();
    assert_eq!(f.search_json(&["*"])["total"], 6);
    std::fs::remove_file(f.corpus().join("2023/06-consiglio.txt")).unwrap();
    write_files(
        &f.corpus(),
        &[(
            "2026/new.txt",
            "date 2026-01-01 Nuovo articolo sull'alluvione.".as_bytes(),
        )],
    );
    f.index_command().assert().success();
    assert_eq!(f.search_json(&["*"])["total"], 6);
    assert_eq!(
        f.ids(&["alluvione"]),
        ["2023/01-alluvione.txt", "2026/new.txt"]
    );
}

#[test]
fn search_builds_the_default_index_on_first_use() {
    let f = Fixture::new();
    rassegna()
        .current_dir(f.dir.path())
        .args(["search", "putin"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "No index in index/ yet: building it from corpus/ first",
        ))
        .stderr(predicate::str::contains("Indexed 6 articles"))
        .stdout(predicate::str::contains("2 articles match"));
    // Second time: no rebuild.
    rassegna()
        .current_dir(f.dir.path())
        .args(["search", "putin"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

/// Writes, in `dir`, a tantivy index with another schema and a commit that
/// records `corpus`: what an older rassegna leaves behind.
fn write_index_of_another_version(dir: &std::path::Path, corpus: &std::path::Path) {
    use tantivy::schema::{Schema, TEXT};
    std::fs::create_dir_all(dir).unwrap();
    let mut schema = Schema::builder();
    let text = schema.add_text_field("text", TEXT);
    let index = tantivy::Index::create_in_dir(dir, schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(text => "un vecchio articolo"))
        .unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    let payload = serde_json::json!({"rassegna_format": 1, "corpus": corpus, "articles": 1});
    commit.set_payload(&payload.to_string());
    commit.commit().unwrap();
}

#[test]
fn an_index_of_another_version_is_rebuilt_from_its_own_corpus_only() {
    let f = Fixture::new();
    write_index_of_another_version(&f.index(), &f.dir.path().join("elsewhere"));
    write_files(&f.index(), &[("README.md", b"notes kept")]);
    // Pointed at explicitly, it is explained rather than rebuilt.
    rassegna()
        .args(["search", "putin", "--index"])
        .arg(f.index())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another version of rassegna"))
        .stderr(predicate::str::contains("rassegna index --corpus"));
    // The default index recorded another corpus: not rebuilt from corpus/.
    rassegna()
        .current_dir(f.dir.path())
        .args(["search", "putin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another version of rassegna"));
    // `rassegna index` replaces it, keeping the folder's other files.
    f.index_command()
        .assert()
        .success()
        .stdout(predicate::str::contains("Indexed 6 articles"));
    assert_eq!(
        std::fs::read_to_string(f.index().join("README.md")).unwrap(),
        "notes kept"
    );
    assert_eq!(f.ids(&["putin"]).len(), 2);
}

#[test]
fn the_default_index_of_another_version_is_rebuilt_on_first_search() {
    let f = Fixture::new();
    write_index_of_another_version(&f.index(), &f.corpus());
    rassegna()
        .current_dir(f.dir.path())
        .args(["search", "putin"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "The index in index/ was made by another version of rassegna: rebuilding it from corpus/ first",
        ))
        .stdout(predicate::str::contains("2 articles match"));
}

#[test]
fn a_folder_that_is_not_an_index_is_not_written_into() {
    let f = Fixture::new();
    write_files(&f.index(), &[("precious.doc", b"keep me")]);
    f.index_command()
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not empty and is not a rassegna index",
        ));
    assert!(f.index().join("precious.doc").exists());
}

#[test]
fn a_missing_corpus_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    common::index_command(&dir.path().join("nope"), &dir.path().join("index"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the corpus folder"))
        .stderr(predicate::str::contains("--corpus"));
}

#[test]
fn a_second_writer_is_refused() {
    let f = Fixture::indexed();
    // Hold tantivy's writer lock as a running `rassegna index` would.
    let index = tantivy::Index::open_in_dir(f.index()).unwrap();
    rassegna::analysis::register(&index);
    let _writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    f.index_command()
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "another process (it holds tantivy's .tantivy-writer.lock) is writing to the index at",
        ));
    // Readers are not blocked by the writer.
    assert_eq!(f.search_json(&["*"])["total"], 6);
}

#[test]
fn killing_a_build_leaves_the_last_committed_index_readable() {
    let f = Fixture::indexed();
    // A larger corpus so that the rebuild is still running when killed.
    let body = "Il consiglio comunale ha discusso a lungo del bilancio e dei lavori. ".repeat(40);
    let files: Vec<(String, Vec<u8>)> = (0..3000)
        .map(|i| {
            (
                format!("bulk/{i:04}.txt"),
                format!("date 2024-05-05 {body}").into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    write_files(&f.corpus(), &refs);
    for delay_ms in [50u64, 200, 400] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rassegna"))
            .args(["index", "--corpus"])
            .arg(f.corpus())
            .arg("--index")
            .arg(f.index())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        // Either the old index (6 articles) or, if the kill came after the
        // commit, the new one (3006): never a broken or partial one.
        let total = f.search_json(&["*"])["total"].as_u64().unwrap();
        assert!(
            total == 6 || total == 3006,
            "after a kill at {delay_ms} ms: {total} articles"
        );
    }
    // And the next build completes normally over whatever was left behind.
    f.index_command().assert().success();
    assert_eq!(f.search_json(&["*"])["total"], 3006);
}
