//! What the benchmarks over DICE share: finding `../shared/data` (or saying
//! why they skip), their few command-line flags, and the DICE index they
//! measure. Included with `#[path = "support/dice.rs"] mod dice;`.

use std::path::{Path, PathBuf};

use rassegna::index::{build_index, ArticleIndex};

/// The shared data the DICE benchmarks read.
pub struct SharedData {
    /// `../shared/data/dice`, the articles.
    pub dice: PathBuf,
    /// `../shared/data/dice-queries.tsv`, the 1,000 fixed queries.
    pub queries: PathBuf,
}

/// The shared data, or `None` after a `SKIP:` line when it is not beside
/// the repository; with `RASSEGNA_REQUIRE_SHARED=1` (CI) missing data is an
/// error, as it is for the tests.
pub fn shared_data() -> anyhow::Result<Option<SharedData>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let shared = SharedData {
        dice: data.join("dice"),
        queries: data.join("dice-queries.tsv"),
    };
    if shared.dice.is_dir() && shared.queries.is_file() {
        return Ok(Some(shared));
    }
    let missing = "../shared/data/dice or dice-queries.tsv not found";
    if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") {
        anyhow::bail!("{missing}, and RASSEGNA_REQUIRE_SHARED=1 requires it");
    }
    eprintln!("SKIP: {missing}");
    Ok(None)
}

/// The benchmark's command-line flags (`--name value` and `--name`).
pub struct Flags(Vec<String>);

impl Flags {
    pub fn from_args() -> Flags {
        Flags(std::env::args().skip(1).collect())
    }

    /// The value after `flag`, if given.
    pub fn value(&self, flag: &str) -> Option<&str> {
        let at = self.0.iter().position(|a| a == flag)?;
        self.0.get(at + 1).map(String::as_str)
    }

    /// Whether `flag` is given.
    pub fn has(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }

    /// The positive number after `flag`, or `default` when it is not given.
    pub fn positive(&self, flag: &str, default: usize) -> anyhow::Result<usize> {
        match self.value(flag) {
            Some(n) => n
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| anyhow::anyhow!("{flag} needs a positive number, not {n:?}")),
            None => Ok(default),
        }
    }
}

/// The index to measure: `--index DIR` as given, or the DICE index of
/// `target/bench-dice-index`, built when it is missing or `--rebuild` asks.
pub fn index_to_measure(flags: &Flags, dice: &Path) -> anyhow::Result<PathBuf> {
    if let Some(dir) = flags.value("--index") {
        return Ok(PathBuf::from(dir));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-dice-index");
    if flags.has("--rebuild") || ArticleIndex::open(&dir).is_err() {
        let _ = std::fs::remove_dir_all(&dir);
        let report = build_index(dice, &dir, &())?;
        eprintln!(
            "built the DICE index: {} articles in {:.2} s",
            report.indexed, report.elapsed_secs
        );
    }
    Ok(dir)
}
