//! Helpers shared by the end-to-end tests: temporary corpora written by the
//! tests themselves, the binary under test, and the shared data sets.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `rassegna` binary built by cargo for this test run.
pub fn rassegna() -> Command {
    let mut cmd = Command::cargo_bin("rassegna").expect("the rassegna binary is built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs a command that must succeed and print one JSON document, and
/// returns it with the keys `keys` checked present.
pub fn success_json(cmd: &mut Command, keys: &[&str]) -> serde_json::Value {
    let output = cmd.output().expect("run rassegna");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for key in keys {
        assert!(json.get(key).is_some(), "missing {key}: {json}");
    }
    json
}

/// `rassegna persons --json` on `index`: the persons and a lookup by name.
pub struct PersonsList(pub serde_json::Value);

impl PersonsList {
    pub fn of(index: &Path) -> PersonsList {
        PersonsList(success_json(
            rassegna().args(["persons", "--json", "--index"]).arg(index),
            &[],
        ))
    }

    /// The entry named exactly `name`, if listed.
    pub fn find(&self, name: &str) -> Option<&serde_json::Value> {
        self.0
            .as_array()
            .expect("persons --json prints an array")
            .iter()
            .find(|p| p["name"] == name)
    }
}

/// `rassegna index --corpus CORPUS --index INDEX`, ready for more arguments.
pub fn index_command(corpus: &Path, index: &Path) -> Command {
    let mut cmd = rassegna();
    cmd.arg("index")
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index);
    cmd
}

/// Starts `rassegna index --corpus CORPUS --index INDEX EXTRA…` in the
/// background, its output discarded (to be waited for, or killed).
pub fn spawn_index(corpus: &Path, index: &Path, extra: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("rassegna"))
        .args(["index", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the rassegna binary starts")
}

/// Writes `files` (path relative to `dir`, bytes) below `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create corpus folder");
        }
        std::fs::write(&path, bytes).expect("write article");
    }
}

/// A small corpus of articles written for these tests.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "2023/01-alluvione.txt",
        "date 2023-01-20 MODENA. L’alluvione del Secchia ha allagato tre quartieri. L'alluvione, dicono i tecnici, era prevista: un'alluvione annunciata. Dopo l'alluvione il sindaco Giulia Ferretti ha chiesto aiuti.\n\nFerretti ha visitato gli sfollati. «L’alluvione ci ha colpiti duramente», ha detto Ferretti.\n\nAnna Lotti\n",
    ),
    (
        "2023/06-consiglio.txt",
        "date 2023-06-14 Il consiglio comunale ha approvato il bilancio. Nel dibattito si è parlato anche dell'alluvione di gennaio.\n\nIl sindaco Giulia Ferretti ha ringraziato i consiglieri.\n",
    ),
    (
        "2024/03-vertice.txt",
        "date 2024-03-05 Il presidente russo Vladimir Putin ha incontrato il leader nordcoreano Kim Jong Un a Vladivostok. Putin ha parlato di cooperazione militare.\n\nL’incontro è durato tre ore, secondo il ministro degli Esteri Sergej Lavrov.\n\nPaolo De Santis\n",
    ),
    (
        "2024/10-questura.txt",
        "date 2024-10-02 CARPI. Il questore Marco Bellini ha presentato i dati sulle rapine: 15.000 euro rubati in un mese. Un 26enne è stato arrestato.\n\nBellini ha spiegato perché i controlli sono aumentati in città.\n",
    ),
    (
        "2025/10-mosca.txt",
        "date 2025-10-29 Il ministro degli Esteri nordcoreano Choe Son Hui ha visitato Mosca. Ha avuto un incontro con il presidente Vladimir Putin e con Sergej Lavrov.\n\nKim Jong Un ha inviato un messaggio. La citta' di Mosca era blindata.\n\nAnna Lotti\n",
    ),
    (
        "2025/11-universita.txt",
        "date 2025-11-15 L'università di Modena ha inaugurato l'anno accademico. Il rettore Luca Di Marco ha parlato di ricerca e di città.\n\nPresente anche il sindaco Giulia Ferretti.\n",
    ),
];

/// Writes [`ARTICLES`] into a fresh temporary folder and returns it with
/// the corpus and index paths.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        let files: Vec<(&str, &[u8])> = ARTICLES.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
        write_files(&dir.path().join("corpus"), &files);
        Fixture { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// `rassegna index` from this fixture's corpus into its index.
    pub fn index_command(&self) -> Command {
        index_command(&self.corpus(), &self.index())
    }

    /// Builds the index, asserting success.
    pub fn indexed() -> Fixture {
        let fixture = Fixture::new();
        fixture.index_command().assert().success();
        fixture
    }

    /// `rassegna search ARGS --index <index> --json`, parsed.
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let output = rassegna()
            .arg("search")
            .args(args)
            .arg("--json")
            .arg("--index")
            .arg(self.index())
            .output()
            .expect("run rassegna");
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("search --json prints JSON")
    }

    /// Ids of the hits of a search, in rank order.
    pub fn ids(&self, args: &[&str]) -> Vec<String> {
        let json = self.search_json(args);
        json["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_str().expect("id").to_string())
            .collect()
    }
}

/// The shared data sets: `../shared/data` beside the repository, or the
/// folder named by `RASSEGNA_SHARED_DATA` (point it at an empty folder to
/// see what a clone without the data does).
pub fn shared_root() -> PathBuf {
    match std::env::var_os("RASSEGNA_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
}

/// A shared data set below [`shared_root`] (`""` for the root itself, with
/// a trailing `/`), or `None` (after a visible `SKIP`) when it is absent
/// and RASSEGNA_REQUIRE_SHARED is not 1.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "{} is missing and RASSEGNA_REQUIRE_SHARED=1: place the shared data beside the repository",
            path.display()
        );
    }
    skip(&format!(
        "{} not found (shared data absent)",
        path.display()
    ));
    None
}

/// Says visibly that a test skipped part of its work. Written to the
/// process's standard error itself: `eprintln!` goes through the test
/// harness's capture, which hides it for a passing test.
pub fn skip(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIP: {what}; set RASSEGNA_REQUIRE_SHARED=1 to make this a failure"
    );
}

/// The JSON of a command that succeeded (or found nothing), or the error
/// message of one that exited with 2; anything else fails the test.
pub fn outcome_of(output: &std::process::Output) -> Result<serde_json::Value, String> {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    match output.status.code() {
        Some(0 | 1) => Ok(serde_json::from_slice(&output.stdout).expect("JSON")),
        // With --json, the error is a JSON document on standard output.
        Some(2) => Err(format!(
            "{stderr}{}",
            String::from_utf8_lossy(&output.stdout)
        )),
        other => panic!("exit status {other:?}: {stderr}"),
    }
}

/// The segment ids meta.json names, and those with files in the folder.
pub fn segments(
    index: &Path,
) -> (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<String>,
) {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    let named = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    let on_disk = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let (stem, _) = name.split_once('.')?;
            (stem.len() == 32).then(|| stem.to_string())
        })
        .collect();
    (named, on_disk)
}
