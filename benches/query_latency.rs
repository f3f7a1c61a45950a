//! Query latency over DICE: builds an index of `../shared/data/dice` (once,
//! in `target/bench-dice-index`) and runs the 1,000 fixed queries of
//! `../shared/data/dice-queries.tsv` through the library's `search` (top 10
//! with snippets, as the CLI does; then again without snippets), several
//! rounds, reporting per kind the median, 95th and 99th percentile of each
//! query's median time.
//!
//! Run: `cargo bench --bench query_latency` (`-- --rebuild` to rebuild the
//! index; `-- --index DIR` to measure an existing index, such as a scaled one).
//! Figures go to docs/BENCHMARKS.md.

use std::path::Path;
use std::time::Instant;

use rassegna::index::{build_index, ArticleIndex};
use rassegna::search::{search, SearchRequest};

const ROUNDS: usize = 7;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dice = root.join("../shared/data/dice");
    let queries_file = root.join("../shared/data/dice-queries.tsv");
    if !dice.is_dir() || !queries_file.is_file() {
        eprintln!("SKIP: ../shared/data/dice or dice-queries.tsv not found");
        return Ok(());
    }
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .position(|a| a == "--index")
        .and_then(|at| args.get(at + 1))
        .map(std::path::PathBuf::from);
    let index_dir = given
        .clone()
        .unwrap_or_else(|| root.join("target/bench-dice-index"));
    let rebuild = args.iter().any(|a| a == "--rebuild");
    if given.is_none() && (rebuild || ArticleIndex::open(&index_dir).is_err()) {
        let _ = std::fs::remove_dir_all(&index_dir);
        let report = build_index(&dice, &index_dir, &())?;
        eprintln!(
            "built the DICE index: {} articles in {:.2} s",
            report.indexed, report.elapsed_secs
        );
    }
    let index = ArticleIndex::open(&index_dir)?;

    let mut queries: Vec<(String, String)> = Vec::new();
    for line in std::fs::read_to_string(&queries_file)?.lines().skip(1) {
        if let Some((kind, text)) = line.split_once('\t') {
            let text = match kind {
                // Person names are searched as phrases in the text.
                "person" => format!("\"{text}\""),
                _ => text.to_string(),
            };
            queries.push((kind.to_string(), text));
        }
    }

    println!(
        "index: {}, {} articles",
        index_dir.display(),
        index.num_articles()
    );
    for skip_snippets in [false, true] {
        let timings = time_queries(&index, &queries, skip_snippets)?;
        println!(
            "\ntop 10, {}:",
            if skip_snippets {
                "stored fields loaded, no snippets"
            } else {
                "with snippets (what the CLI shows)"
            }
        );
        print_table(&timings);
    }
    Ok(())
}

/// Each query's median time over [`ROUNDS`] (after one warm-up), with its hit count.
fn time_queries(
    index: &ArticleIndex,
    queries: &[(String, String)],
    skip_snippets: bool,
) -> anyhow::Result<Vec<(String, f64, usize)>> {
    let mut timings: Vec<(String, f64, usize)> = Vec::new();
    for (kind, text) in queries {
        let request = SearchRequest {
            query: text.clone(),
            limit: 10,
            skip_snippets,
            ..SearchRequest::default()
        };
        let mut rounds = Vec::with_capacity(ROUNDS);
        let mut total = 0;
        search(index, &request)?; // warm-up
        for _ in 0..ROUNDS {
            let start = Instant::now();
            total = search(index, &request)?.total;
            rounds.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        rounds.sort_by(f64::total_cmp);
        timings.push((kind.clone(), rounds[ROUNDS / 2], total));
    }

    Ok(timings)
}

/// Percentiles per kind of query, as a Markdown table.
fn print_table(timings: &[(String, f64, usize)]) {
    println!("| kind | queries | median ms | p95 ms | p99 ms | max ms | mean hits |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for kind in ["term", "and2", "phrase", "person", "all"] {
        let mut ms: Vec<f64> = timings
            .iter()
            .filter(|(k, _, _)| kind == "all" || k == kind)
            .map(|(_, t, _)| *t)
            .collect();
        let hits: usize = timings
            .iter()
            .filter(|(k, _, _)| kind == "all" || k == kind)
            .map(|(_, _, n)| *n)
            .sum();
        if ms.is_empty() {
            continue;
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
        println!(
            "| {kind} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} |",
            ms.len(),
            at(0.5),
            at(0.95),
            at(0.99),
            ms[ms.len() - 1],
            hits as f64 / ms.len() as f64
        );
    }
}
