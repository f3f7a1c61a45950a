//! Helpers for the library's unit tests: reading the shared data sets that
//! sit beside the repository (`../shared/data`), which a user's clone lacks.

use std::io::Write;

/// The shared data sets: `../shared/data` beside the repository, or the
/// folder named by `RASSEGNA_SHARED_DATA` (point it at an empty folder to
/// see what a clone without the data does).
fn shared_root() -> String {
    std::env::var("RASSEGNA_SHARED_DATA")
        .unwrap_or_else(|_| format!("{}/../shared/data", env!("CARGO_MANIFEST_DIR")))
}

/// The text of `../shared/data/RELATIVE`; `None` after a visible `SKIP`
/// when it is absent, unless `RASSEGNA_REQUIRE_SHARED=1` makes that a failure.
pub fn read_shared(relative: &str) -> Option<String> {
    let path = format!("{}/{relative}", shared_root());
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) => missing(&format!("{path} cannot be read ({err})")),
    }
}

/// What a test gets for shared data that is not there: a failure under
/// `RASSEGNA_REQUIRE_SHARED=1` (CI), otherwise `None` after a visible `SKIP`.
fn missing<T>(what: &str) -> Option<T> {
    if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("RASSEGNA_REQUIRE_SHARED=1 but {what}");
    }
    // Written to the stream itself, not with `eprintln!`, which the test
    // harness captures and hides for a passing test.
    let _ = writeln!(
        std::io::stderr(),
        "SKIP: {what}; set RASSEGNA_REQUIRE_SHARED=1 to fail instead"
    );
    None
}

/// The seed article the project started from.
pub const SEED: &str = "seed/000_26093e7993c18241.txt";

/// The files below the folder `../shared/data/RELATIVE`, sorted by path;
/// `None` after a visible `SKIP` when it is absent, unless
/// `RASSEGNA_REQUIRE_SHARED=1` makes that a failure.
pub fn shared_files(relative: &str) -> Option<Vec<std::path::PathBuf>> {
    let path = format!("{}/{relative}", shared_root());
    if !std::path::Path::new(&path).is_dir() {
        return missing(&format!("the folder {path} is missing"));
    }
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&path)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    Some(files)
}
