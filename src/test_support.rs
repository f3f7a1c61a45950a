//! Helpers for the library's unit tests: reading the shared data sets that
//! sit beside the repository (`../shared/data`), which a user's clone lacks.

use std::io::Write;

/// The text of `../shared/data/RELATIVE`; `None` after a visible `SKIP`
/// when it is absent, unless `RASSEGNA_REQUIRE_SHARED=1` makes that a failure.
pub fn read_shared(relative: &str) -> Option<String> {
    let path = format!("{}/../shared/data/{relative}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(err) if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") => {
            panic!("RASSEGNA_REQUIRE_SHARED=1 but {path} cannot be read: {err}")
        }
        Err(err) => {
            // Written to the stream itself, not with `eprintln!`, which the test
            // harness captures and hides for a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "SKIP: {path} not found ({err}); set RASSEGNA_REQUIRE_SHARED=1 to fail instead"
            );
            None
        }
    }
}

/// The seed article the project started from.
pub const SEED: &str = "seed/000_26093e7993c18241.txt";

/// The files below the folder `../shared/data/RELATIVE`, sorted by path;
/// `None` after a visible `SKIP` when it is absent, unless
/// `RASSEGNA_REQUIRE_SHARED=1` makes that a failure.
pub fn shared_files(relative: &str) -> Option<Vec<std::path::PathBuf>> {
    let path = format!("{}/../shared/data/{relative}", env!("CARGO_MANIFEST_DIR"));
    if !std::path::Path::new(&path).is_dir() {
        if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") {
            panic!("RASSEGNA_REQUIRE_SHARED=1 but the folder {path} is missing");
        }
        let _ = writeln!(
            std::io::stderr(),
            "SKIP: {path} not found; set RASSEGNA_REQUIRE_SHARED=1 to fail instead"
        );
        return None;
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
