//! Incremental updates: an index brought up to date equals an index built
//! afresh from the same folder (stored documents, persons and their counts,
//! searches in display order and the set of matches by relevance), through
//! random sequences of added, modified, deleted, renamed and touched files,
//! on the bundled corpus and on a subset of DICE; an unchanged or touched
//! file is not read again; a new full name re-links exactly the articles of
//! the surname it takes over.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rassegna::index::{build_index, update_index, ArticleIndex, IndexReport};
use rassegna::search::{self, Filters, Mode, SearchRequest, Sort};
use tantivy::schema::document::TantivyDocument;
use tantivy::{DocAddress, Document};

/// Paragraphs naming persons (written for these tests), appended to
/// articles so that identities change as articles come and go: `Rossi` and
/// `Muzzarelli` alone join the one full name the folder gives them, and
/// part from it when another person of that surname arrives.
const PERSON_PARAGRAPHS: &[&str] = &[
    "Il questore Paolo Rossi ha incontrato i cittadini in piazza.",
    "Anna Rossi, presidente della associazione, ha ringraziato tutti.",
    "Rossi ha spiegato che i controlli continueranno.",
    "Il sindaco Gian Carlo Muzzarelli ha parlato ieri in consiglio comunale.",
    "Muzzarelli ha risposto alle domande dei consiglieri.",
    "L'assessore Stefano Muzzarelli ha presentato il piano delle opere.",
    "Giancarlo Muzzarelli ha inaugurato la nuova scuola.",
];

/// Searches compared between an updated index and a fresh one.
const QUERIES: &[&str] = &[
    "*",
    "modena",
    "sindaco",
    "person:rossi",
    "person:muzzarelli",
];

/// One change to the folder. Indexes are taken modulo the current number
/// of files (or of the pool), so every generated value is meaningful.
#[derive(Debug, Clone)]
enum Change {
    /// A file of the pool not in the folder yet, with a persons paragraph.
    Add(usize, usize),
    /// A persons paragraph appended to a file.
    Append(usize, usize),
    /// A file's content replaced by another article of the pool.
    Replace(usize, usize),
    Delete(usize),
    /// Moved to another folder and name, content unchanged.
    Rename(usize),
    /// Same content, new modification time.
    Touch(usize),
}

fn change() -> impl Strategy<Value = Change> {
    let n = 0..10_000usize;
    prop_oneof![
        (n.clone(), n.clone()).prop_map(|(a, b)| Change::Add(a, b)),
        (n.clone(), n.clone()).prop_map(|(a, b)| Change::Append(a, b)),
        (n.clone(), n.clone()).prop_map(|(a, b)| Change::Replace(a, b)),
        n.clone().prop_map(Change::Delete),
        n.clone().prop_map(Change::Rename),
        n.prop_map(Change::Touch),
    ]
}

/// Articles to draw from: (name, bytes).
type Pool = Vec<(String, Vec<u8>)>;

fn pool_from(files: &[PathBuf], root: &Path) -> Pool {
    files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| {
            let name = path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('/', "-");
            (name, std::fs::read(path).expect("read pool article"))
        })
        .collect()
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The bundled sample corpus.
fn bundled_pool() -> Pool {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    pool_from(&files_below(&root), &root)
}

/// Every `step`th DICE article, or `None` (after a visible SKIP) without
/// the shared data.
fn dice_pool(step: usize) -> Option<Pool> {
    let dice = common::shared_data("dice")?;
    let files: Vec<PathBuf> = files_below(&dice).into_iter().step_by(step).collect();
    Some(pool_from(&files, &dice))
}

/// The folder under test: the files it holds, by path relative to it.
struct Folder {
    corpus: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
    /// Pool articles not in the folder yet.
    unused: Vec<(String, Vec<u8>)>,
    renames: usize,
}

impl Folder {
    fn new(dir: &Path, mut pool: Pool, initial: usize) -> Folder {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let unused = pool.split_off(initial.min(pool.len()));
        let mut folder = Folder {
            corpus,
            files: BTreeMap::new(),
            unused,
            renames: 0,
        };
        for (name, bytes) in pool {
            folder.write(&format!("a/{name}"), bytes);
        }
        folder
    }

    fn write(&mut self, relative: &str, bytes: Vec<u8>) {
        let path = self.corpus.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        self.files.insert(relative.to_string(), bytes);
    }

    fn nth(&self, i: usize) -> Option<String> {
        (!self.files.is_empty()).then(|| {
            self.files
                .keys()
                .nth(i % self.files.len())
                .cloned()
                .unwrap_or_default()
        })
    }

    fn apply(&mut self, change: &Change) {
        let with_persons = |mut bytes: Vec<u8>, p: usize| {
            bytes.extend_from_slice(b"\n\n");
            bytes.extend_from_slice(PERSON_PARAGRAPHS[p % PERSON_PARAGRAPHS.len()].as_bytes());
            bytes.push(b'\n');
            bytes
        };
        match *change {
            Change::Add(a, p) if !self.unused.is_empty() => {
                let (name, bytes) = self.unused.remove(a % self.unused.len());
                self.write(&format!("b/{name}"), with_persons(bytes, p));
            }
            Change::Add(..) => {}
            Change::Append(i, p) => {
                if let Some(id) = self.nth(i) {
                    let bytes = self.files[&id].clone();
                    self.write(&id, with_persons(bytes, p));
                }
            }
            Change::Replace(i, j) => {
                if let Some(id) = self.nth(i) {
                    let others: Vec<&Vec<u8>> = self.files.values().collect();
                    let bytes = others[j % others.len()].clone();
                    self.write(&id, with_persons(bytes, j));
                }
            }
            Change::Delete(i) => {
                if let Some(id) = self.nth(i) {
                    std::fs::remove_file(self.corpus.join(&id)).unwrap();
                    self.files.remove(&id);
                }
            }
            Change::Rename(i) => {
                if let Some(id) = self.nth(i) {
                    self.renames += 1;
                    let to = format!("moved{}/{}", self.renames, id.replace('/', "-"));
                    let target = self.corpus.join(&to);
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::rename(self.corpus.join(&id), &target).unwrap();
                    let bytes = self.files.remove(&id).unwrap();
                    self.files.insert(to, bytes);
                }
            }
            Change::Touch(i) => {
                if let Some(id) = self.nth(i) {
                    let file = std::fs::File::options()
                        .write(true)
                        .open(self.corpus.join(&id))
                        .unwrap();
                    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(7);
                    file.set_modified(later).unwrap();
                }
            }
        }
    }
}

/// What an index holds, in a form two indexes can be compared by.
#[derive(Debug, PartialEq)]
struct Contents {
    /// Every stored document as JSON, sorted.
    documents: Vec<String>,
    persons: Vec<search::PersonCount>,
    /// Per query: the ids in display order (newest first), and the ids by
    /// relevance, sorted (scores of an updated index count deleted
    /// documents' terms until segments merge, so the order may differ).
    searches: Vec<(Vec<String>, Vec<String>)>,
}

fn contents(dir: &Path) -> Contents {
    let index = ArticleIndex::open(dir).expect("open index");
    let searcher = index.reader().searcher();
    let schema = index.tantivy().schema();
    let mut documents = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let stored: TantivyDocument = searcher
                .doc(DocAddress::new(ord as u32, doc))
                .expect("stored document");
            documents.push(stored.to_json(&schema));
        }
    }
    documents.sort();
    let persons =
        search::count_persons(&index, "", Mode::All, &Filters::default(), 10_000).expect("persons");
    let ids = |sort: Sort, query: &str| -> Vec<String> {
        let request = SearchRequest {
            query: query.to_string(),
            sort,
            limit: 10_000,
            skip_snippets: true,
            ..SearchRequest::default()
        };
        search::search(&index, &request)
            .expect("search")
            .hits
            .into_iter()
            .map(|hit| hit.article.id)
            .collect()
    };
    let searches = QUERIES
        .iter()
        .map(|query| {
            let mut by_relevance = ids(Sort::Relevance, query);
            by_relevance.sort();
            (ids(Sort::Date, query), by_relevance)
        })
        .collect();
    Contents {
        documents,
        persons,
        searches,
    }
}

/// Applies `changes` one by one; after each, updates the index and checks
/// it against a fresh build of the folder.
fn updates_equal_rebuilds(pool: Pool, initial: usize, changes: &[Change]) {
    let dir = tempfile::tempdir().unwrap();
    let mut folder = Folder::new(dir.path(), pool, initial);
    let updated = dir.path().join("updated");
    let report = update_index(&folder.corpus, &updated, &()).expect("first build");
    assert!(report.rebuilt);
    for (step, change) in changes.iter().enumerate() {
        folder.apply(change);
        let report = update_index(&folder.corpus, &updated, &()).expect("update");
        assert!(!report.rebuilt, "step {step} rebuilt instead of updating");
        assert_eq!(
            report.indexed,
            folder.files.len(),
            "step {step}: {change:?}"
        );
        let fresh = tempfile::tempdir_in(dir.path()).unwrap();
        build_index(&folder.corpus, fresh.path(), &()).expect("fresh build");
        let (got, want) = (contents(&updated), contents(fresh.path()));
        assert_eq!(
            got.documents, want.documents,
            "step {step}: {change:?}: documents"
        );
        assert_eq!(
            got.persons, want.persons,
            "step {step}: {change:?}: persons"
        );
        assert_eq!(
            got.searches, want.searches,
            "step {step}: {change:?}: searches"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn updates_of_the_bundled_corpus_equal_rebuilds(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        updates_equal_rebuilds(bundled_pool(), 30, &changes);
    }

    #[test]
    fn updates_of_a_dice_subset_equal_rebuilds(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        // Every 40th article: about 260, across the years; 120 to start.
        let Some(pool) = dice_pool(40) else { return Ok(()) };
        updates_equal_rebuilds(pool, 120, &changes);
    }
}

fn update(corpus: &Path, index: &Path) -> IndexReport {
    update_index(corpus, index, &()).expect("update")
}

/// Where each article's document is: (segment, document number) by id. A
/// document written again moves to a new segment; the others stay (a
/// segment is only merged away when there are many).
fn addresses(index: &Path) -> BTreeMap<String, (String, u32)> {
    let index = ArticleIndex::open(index).unwrap();
    let searcher = index.reader().searcher();
    let mut found = BTreeMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let stored: rassegna::index::StoredFields =
                searcher.doc(DocAddress::new(ord as u32, doc)).unwrap();
            let article = rassegna::index::StoredArticle::from_stored(stored, &index.fields());
            found.insert(article.id, (segment.segment_id().uuid_string(), doc));
        }
    }
    found
}

/// Checks that between two [`addresses`] exactly the documents of
/// `expected` were written again. A document whose segment is still there
/// was rewritten when its address changed; one whose segment the writer's
/// merge policy merged away (that may happen in any update) cannot tell, so
/// it must only not contradict: an id outside `expected` is never seen
/// rewritten, and each id of `expected` is seen rewritten or merged.
fn assert_rewritten(
    before: &BTreeMap<String, (String, u32)>,
    after: &BTreeMap<String, (String, u32)>,
    expected: &[&str],
) {
    let segments_after: BTreeSet<&String> = after.values().map(|(segment, _)| segment).collect();
    for (id, at) in after {
        let Some(was) = before.get(id) else { continue };
        let merged_away = !segments_after.contains(&was.0);
        let rewritten = !merged_away && was != at;
        let wanted = expected.contains(&id.as_str());
        assert!(
            rewritten == wanted || (wanted && merged_away),
            "{id}: rewritten {rewritten}, merged away {merged_away}, expected {wanted}"
        );
    }
}

#[test]
fn an_unchanged_folder_is_not_read_and_not_committed() {
    let fixture = common::Fixture::new();
    update(&fixture.corpus(), &fixture.index());
    let meta = std::fs::read(fixture.index().join("meta.json")).unwrap();
    let report = update(&fixture.corpus(), &fixture.index());
    assert!(!report.committed && !report.rebuilt);
    assert_eq!(report.unchanged, common::ARTICLES.len());
    assert_eq!(report.bytes, 0, "nothing read");
    assert_eq!(
        std::fs::read(fixture.index().join("meta.json")).unwrap(),
        meta
    );
}

#[test]
fn one_changed_file_reindexes_exactly_that_file() {
    let fixture = common::Fixture::new();
    update(&fixture.corpus(), &fixture.index());
    let (id, text) = common::ARTICLES[3];
    let before = addresses(&fixture.index());
    let path = fixture.corpus().join(id);
    std::fs::write(
        &path,
        format!("{text}\nIl questore ha aggiunto dettagli.\n"),
    )
    .unwrap();
    let report = update(&fixture.corpus(), &fixture.index());
    assert_eq!(
        (report.added, report.updated, report.removed, report.renamed),
        (0, 1, 0, 0)
    );
    assert_eq!(report.unchanged, common::ARTICLES.len() - 1);
    assert_eq!(report.relinked, 0);
    assert_eq!(report.bytes, std::fs::metadata(&path).unwrap().len());
    // That document replaced, no other rewritten.
    assert_rewritten(&before, &addresses(&fixture.index()), &[id]);
    let index = ArticleIndex::open(&fixture.index()).unwrap();
    assert!(index
        .article(id)
        .unwrap()
        .body
        .contains("aggiunto dettagli"));

    // Touched, same content: nothing parsed; the new time is recorded so
    // that the next run does not read it again.
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .unwrap();
    let report = update(&fixture.corpus(), &fixture.index());
    assert_eq!((report.updated, report.bytes), (0, 0));
    assert_eq!(report.unchanged, common::ARTICLES.len());
    let report = update(&fixture.corpus(), &fixture.index());
    assert!(!report.committed);
}

/// The segments of the index in `index`, by id.
fn segment_ids(index: &Path) -> BTreeSet<String> {
    let index = ArticleIndex::open(index).unwrap();
    let searcher = index.reader().searcher();
    searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.segment_id().uuid_string())
        .collect()
}

#[test]
fn a_build_ends_in_one_merged_segment_that_updates_leave_alone() {
    let Some(pool) = dice_pool(5) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut folder = Folder::new(dir.path(), pool, 1500);
    let index = dir.path().join("index");
    let built = build_index(&folder.corpus, &index, &()).unwrap();
    // Each indexing thread writes its own segments, and re-linking at
    // commit more: merged into one (far under the cap).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!(built.segments_merged.from >= threads.min(2), "{built:?}");
    assert_eq!(built.segments_merged.into, 1, "{built:?}");
    let merged = segment_ids(&index);
    assert_eq!(merged.len(), 1);
    // Only the merged segment's files are left.
    let (named, on_disk) = common::segments(&index);
    assert_eq!(named, on_disk);
    assert!(built.indexed > 1000, "{built:?}");
    assert_eq!(
        ArticleIndex::open(&index).unwrap().num_articles(),
        built.indexed as u64
    );

    // An update writes its own segment and leaves the build's in place
    // (re-linked documents are deleted there and written anew).
    for i in 0..20 {
        folder.apply(&Change::Add(i, 0));
    }
    let report = update(&folder.corpus, &index);
    assert_eq!(report.added, 20);
    assert_eq!(report.segments_merged, Default::default(), "not merged");
    let after = segment_ids(&index);
    assert!(after.is_superset(&merged) && after.len() > 1, "{after:?}");
}

#[test]
fn a_renamed_file_is_moved_without_being_read_as_new() {
    let fixture = common::Fixture::new();
    update(&fixture.corpus(), &fixture.index());
    let (id, _) = common::ARTICLES[2];
    std::fs::create_dir_all(fixture.corpus().join("archivio")).unwrap();
    std::fs::rename(
        fixture.corpus().join(id),
        fixture.corpus().join("archivio/vertice.txt"),
    )
    .unwrap();
    let report = update(&fixture.corpus(), &fixture.index());
    assert_eq!(
        (report.added, report.removed, report.renamed),
        (0, 0, 1),
        "{report:?}"
    );
    let index = ArticleIndex::open(&fixture.index()).unwrap();
    assert!(index.article(id).is_err());
    let moved = index.article("archivio/vertice.txt").unwrap();
    assert!(moved.persons.iter().any(|p| p == "Vladimir Putin"));
    assert!(
        moved.path.ends_with("archivio/vertice.txt"),
        "{}",
        moved.path
    );
}

#[test]
fn a_new_full_name_relinks_exactly_the_articles_of_its_surname() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    let files: [(&str, &str); 4] = [
        ("a.txt", "date 2024-05-02 Il questore Paolo Rossi ha incontrato i cittadini in piazza.\n"),
        ("b.txt", "date 2024-05-03 Si è discusso di sicurezza.\n\nRossi ha spiegato che i controlli continueranno.\n"),
        ("c.txt", "date 2024-05-04 Il consiglio si è riunito.\n\nIl consigliere Rossi ha risposto alle domande.\n"),
        ("d.txt", "date 2024-05-04 Il sindaco Gian Carlo Muzzarelli ha parlato in consiglio comunale.\n"),
    ];
    let as_bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    common::write_files(&corpus, &as_bytes);
    update(&corpus, &index);
    let shown = |id: &str| {
        ArticleIndex::open(&index)
            .unwrap()
            .article(id)
            .unwrap()
            .persons
    };
    assert_eq!(shown("b.txt"), ["Paolo Rossi"]);

    // Another Rossi: the lone surname no longer means Paolo.
    let before = addresses(&index);
    common::write_files(
        &corpus,
        &[(
            "e.txt",
            b"date 2024-05-05 Anna Rossi, presidente della associazione, ha ringraziato tutti.\n",
        )],
    );
    let report = update(&corpus, &index);
    assert_eq!((report.added, report.relinked), (1, 2), "{report:?}");
    assert_eq!(shown("b.txt"), ["Rossi"]);
    assert_eq!(shown("c.txt"), ["Rossi"]);
    // b and c rewritten, nothing else.
    assert_rewritten(&before, &addresses(&index), &["b.txt", "c.txt"]);

    // Anna's article gone: b and c are Paolo's again.
    std::fs::remove_file(corpus.join("e.txt")).unwrap();
    let report = update(&corpus, &index);
    assert_eq!((report.removed, report.relinked), (1, 2), "{report:?}");
    assert_eq!(shown("c.txt"), ["Paolo Rossi"]);
}

#[test]
fn another_corpus_model_or_rebuild_flag_builds_anew() {
    let fixture = common::Fixture::new();
    assert!(update(&fixture.corpus(), &fixture.index()).rebuilt);
    assert!(!update(&fixture.corpus(), &fixture.index()).rebuilt);
    let report = build_index(&fixture.corpus(), &fixture.index(), &()).unwrap();
    assert!(report.rebuilt && report.committed);
    assert_eq!(report.indexed, common::ARTICLES.len());
    let other = tempfile::tempdir().unwrap();
    common::write_files(
        other.path(),
        &[("x.txt", b"date 2024-01-01 Un solo articolo di prova.\n")],
    );
    let report = update(other.path(), &fixture.index());
    assert!(report.rebuilt);
    assert_eq!(report.indexed, 1);
}

#[test]
fn the_cli_says_what_an_update_did() {
    let fixture = common::Fixture::indexed();
    std::fs::remove_file(fixture.corpus().join(common::ARTICLES[0].0)).unwrap();
    common::write_files(
        &fixture.corpus(),
        &[(
            "2025/12-nuovo.txt",
            b"date 2025-12-01 Il sindaco ha inaugurato la piazza.\n",
        )],
    );
    let output = fixture.index_command().output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "1 added, 0 updated, 1 removed, 0 renamed, 5 unchanged; 6 articles in the index."
        ),
        "{stdout}"
    );
    let output = fixture.index_command().output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("is up to date with"), "{stdout}");
    let output = fixture.index_command().arg("--rebuild").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Indexed 6 articles"), "{stdout}");
}

/// `rassegna index --watch` with its standard output read line by line.
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn start(corpus: &Path, index: &Path) -> Watching {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rassegna"))
            .args(["index", "--watch", "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start rassegna index --watch");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines }
    }

    /// Lines up to and including the first one that `done` accepts.
    fn until(&self, done: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            let Ok(line) = self.lines.recv_timeout(left) else {
                break;
            };
            let finished = done(&line);
            seen.push(line);
            if finished {
                return seen;
            }
        }
        panic!("rassegna index --watch never said it; it printed: {seen:#?}");
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_indexes_a_burst_of_ten_thousand_files_in_a_few_commits() {
    let fixture = common::Fixture::new();
    let watching = Watching::start(&fixture.corpus(), &fixture.index());
    let first = watching.until(|line| line.starts_with("Watching "));
    assert!(first[0].starts_with("Indexed 6 articles"), "{first:?}");

    // A second writer is refused while the watch holds the index.
    let output = fixture.index_command().output().unwrap();
    assert!(!output.status.success());

    let burst = fixture.corpus().join("burst");
    std::fs::create_dir_all(&burst).unwrap();
    for i in 0..10_000 {
        std::fs::write(
            burst.join(format!("{i:05}.txt")),
            format!(
                "date 2024-02-{:02} Notizia numero {i} dalla provincia.\n",
                1 + i % 28
            ),
        )
        .unwrap();
    }
    let total = "; 10006 articles in the index.";
    let updates = watching.until(|line| line.ends_with(total));
    let commits = updates.iter().filter(|l| l.starts_with("Updated ")).count();
    assert!(
        (1..=5).contains(&commits),
        "{commits} commits: {updates:#?}"
    );

    // One file changed: one update that says so.
    std::fs::write(
        burst.join("00042.txt"),
        "date 2024-02-15 Notizia corretta dalla provincia.\n",
    )
    .unwrap();
    let update = watching.until(|line| line.starts_with("Updated "));
    assert!(
        update
            .last()
            .unwrap()
            .contains(": 0 added, 1 updated, 0 removed"),
        "{update:?}"
    );
    let index = ArticleIndex::open(&fixture.index()).unwrap();
    assert_eq!(index.num_articles(), 10_006);
    assert!(index
        .article("burst/00042.txt")
        .unwrap()
        .body
        .contains("corretta"));
}
