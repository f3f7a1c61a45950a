//! Person extraction's share of indexing DICE, in CPU time.
//!
//! Each round, side by side in one process: (a) a full build of the DICE index into a temporary
//! folder (`build_index`, exactly what `rassegna index` runs: walk, read, parse, extract on
//! all cores, tantivy indexing, commit), and (b) person extraction alone over the same
//! articles, parsed beforehand, both with the indexer's parallelism (rayon's global pool) and
//! on one thread. CPU time is the process's user + system time from `getrusage(RUSAGE_SELF)`
//! (all threads), read before and after each step. The share is
//! `extraction CPU seconds / index build CPU seconds` of the same round, median over the
//! rounds; it is printed for both extraction runs, and the larger one is the figure to quote.
//!
//! Run: `cargo bench --bench extraction_share` (`-- ROUNDS` to change the 7 rounds;
//! `-- --scale 10 ROUNDS` for DICE x10, the corpus `scripts/bench.sh` builds: ten copies of
//! DICE as hard links under `target/bench/corpus-x10`, made here if missing).
//! Figures go to docs/BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rassegna::article::{self, Article};
use rassegna::index::{build_index, walk::article_id};
use rassegna::persons::PersonExtractor;
use rayon::prelude::*;

#[path = "support/cpu_time.rs"]
mod cpu_time;
use cpu_time::cpu_time;

/// CPU and wall seconds spent by `f`.
fn measure<T>(f: impl FnOnce() -> T) -> (f64, f64, T) {
    let (cpu, wall) = (cpu_time(), Instant::now());
    let out = f();
    let cpu = cpu_time().saturating_sub(cpu).as_secs_f64();
    (cpu, wall.elapsed().as_secs_f64(), out)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => 0.0,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn articles_of(corpus: &Path) -> Vec<Article> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            article::read_file(path, article_id(corpus, path))
                .ok()
                .map(|(a, _)| a)
        })
        .collect()
}

/// `BENCH/corpus-xN/copy-NN/…`: N copies of DICE as hard links (copies where links cannot
/// be made), as `scripts/bench.sh` lays them out; kept once complete.
fn scaled_corpus(dice: &Path, bench: &Path, n: usize) -> anyhow::Result<PathBuf> {
    let dir = bench.join(format!("corpus-x{n}"));
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    for i in 0..n {
        let copy = dir.join(format!("copy-{i:02}"));
        for entry in walkdir::WalkDir::new(dice).into_iter().flatten() {
            let rel = entry.path().strip_prefix(dice)?;
            let target = copy.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)?;
            } else if std::fs::hard_link(entry.path(), &target).is_err() {
                std::fs::copy(entry.path(), &target)?;
            }
        }
    }
    std::fs::write(dir.join(".complete"), b"")?;
    Ok(dir)
}

fn extract_all(extractor: &PersonExtractor, articles: &[Article], parallel: bool) -> usize {
    let one = |a: &Article| extractor.extract(&a.paragraphs, a.author.as_deref()).len();
    if parallel {
        articles.par_iter().map(one).sum()
    } else {
        articles.iter().map(one).sum()
    }
}

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dice = root.join("../shared/data/dice");
    if !dice.is_dir() {
        eprintln!("SKIP: ../shared/data/dice not found");
        return Ok(());
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scale: usize = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|k| args.get(k + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1);
    let rounds: usize = args
        .iter()
        .enumerate()
        .filter(|(k, _)| *k == 0 || args[k - 1] != "--scale")
        .find_map(|(_, a)| a.parse().ok())
        .unwrap_or(7)
        .max(1);
    let corpus = if scale == 1 {
        dice.clone()
    } else {
        scaled_corpus(&dice, &root.join("target/bench"), scale)?
    };
    let dice = corpus;
    println!("corpus {} (DICE x{scale})", dice.display());
    let articles = articles_of(&dice);
    let extractor = PersonExtractor::new();
    let rules = PersonExtractor::rules_only();
    let work = tempfile::tempdir()?;
    println!(
        "{} articles, {} threads, {rounds} rounds",
        articles.len(),
        rayon::current_num_threads()
    );
    // Warm-up: page cache, allocator, rayon pool.
    build_index(&dice, &work.path().join("warm"), &())?;
    extract_all(&extractor, &articles, true);

    let (mut index_cpu, mut index_wall) = (Vec::new(), Vec::new());
    let (mut par_cpu, mut par_wall) = (Vec::new(), Vec::new());
    let (mut one_cpu, mut rules_cpu) = (Vec::new(), Vec::new());
    let mut persons = 0;
    for round in 0..rounds {
        let dir = work.path().join(format!("round{round}"));
        let (cpu, wall, report) = measure(|| build_index(&dice, &dir, &()));
        report?;
        index_cpu.push(cpu);
        index_wall.push(wall);
        let _ = std::fs::remove_dir_all(&dir);
        // The extractor is built inside the timed run, as the indexer builds it (1 ms).
        let (cpu, wall, n) = measure(|| extract_all(&PersonExtractor::new(), &articles, true));
        par_cpu.push(cpu);
        par_wall.push(wall);
        persons = n;
        let (cpu, _, _) = measure(|| extract_all(&extractor, &articles, false));
        one_cpu.push(cpu);
        let (cpu, _, _) = measure(|| extract_all(&rules, &articles, false));
        rules_cpu.push(cpu);
    }
    // Each round's share, from runs side by side, then the median: steadier on a busy machine
    // than the ratio of the medians.
    let share = |xs: &[f64]| {
        100.0
            * median(
                xs.iter()
                    .zip(&index_cpu)
                    .map(|(x, index)| x / index)
                    .collect(),
            )
    };
    let (par_share, one_share) = (share(&par_cpu), share(&one_cpu));
    let index_cpu = median(index_cpu);
    let par_cpu = median(par_cpu);
    let one_cpu = median(one_cpu);
    let rules_cpu = median(rules_cpu);
    println!("{persons} persons found (article-level)");
    println!("medians of {rounds} rounds, CPU = user + system of all threads (getrusage):");
    println!(
        "  index build            CPU {index_cpu:6.3} s   wall {:6.3} s",
        median(index_wall)
    );
    println!(
        "  extraction, parallel   CPU {par_cpu:6.3} s   wall {:6.3} s",
        median(par_wall)
    );
    println!("  extraction, 1 thread   CPU {one_cpu:6.3} s");
    println!("    of which rules stage CPU {rules_cpu:6.3} s (rules-only extractor, 1 thread)");
    println!("share = extraction CPU / index build CPU of the same round, median over rounds:");
    println!("  parallel extraction  {par_share:5.1} %");
    println!("  1-thread extraction  {one_share:5.1} %");
    Ok(())
}
