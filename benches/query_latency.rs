//! Query latency over DICE: builds an index of `../shared/data/dice` (once,
//! in `target/bench-dice-index`) and runs the 1,000 fixed queries of
//! `../shared/data/dice-queries.tsv` through the library's `search` (top 10
//! with snippets, as the CLI does; then again without snippets), several
//! rounds, reporting per kind the median, 95th and 99th percentile of each
//! query's median time.
//!
//! Run: `cargo bench --bench query_latency` (`-- --rebuild` to rebuild the
//! index; `-- --index DIR` to measure an existing index, such as a scaled one
//! built by `scripts/bench.sh`; `-- --rounds N` for N timed rounds, default 7).
//! Figures go to docs/BENCHMARKS.md.
//!
//! Queries of kind `person` are run as a user looks for a person: `*` with
//! the person filter (`rassegna search '*' --person NAME`), which matches the
//! name within the persons extracted from each article. The same names are
//! also run as phrases in the text (kind `person-text`, reported apart and
//! left out of `all`), as the data set's README suggests and as earlier
//! figures did.

use std::time::Instant;

use rassegna::index::ArticleIndex;
use rassegna::search::{search, Filters, SearchRequest};

#[path = "support/dice.rs"]
mod dice;

/// Timed rounds per query unless `--rounds N` says otherwise.
const ROUNDS: usize = 7;

/// One query of the fixed set: its kind, its text and the person filter.
struct Query {
    kind: &'static str,
    text: String,
    person: Option<String>,
}

fn main() -> anyhow::Result<()> {
    let Some(shared) = dice::shared_data()? else {
        return Ok(());
    };
    let flags = dice::Flags::from_args();
    let rounds = flags.positive("--rounds", ROUNDS)?;
    let index_dir = dice::index_to_measure(&flags, &shared.dice)?;
    let index = ArticleIndex::open(&index_dir)?;

    let mut queries: Vec<Query> = Vec::new();
    for line in std::fs::read_to_string(&shared.queries)?.lines().skip(1) {
        let Some((kind, text)) = line.split_once('\t') else {
            continue;
        };
        match kind {
            "person" => {
                queries.push(Query {
                    kind: "person",
                    text: "*".into(),
                    person: Some(text.to_string()),
                });
                queries.push(Query {
                    kind: "person-text",
                    text: format!("\"{text}\""),
                    person: None,
                });
            }
            "term" | "and2" | "phrase" => queries.push(Query {
                kind: match kind {
                    "term" => "term",
                    "and2" => "and2",
                    _ => "phrase",
                },
                text: text.to_string(),
                person: None,
            }),
            other => anyhow::bail!(
                "unknown query kind '{other}' in {}",
                shared.queries.display()
            ),
        }
    }

    println!(
        "index: {}, {} articles",
        index_dir.display(),
        index.num_articles()
    );
    println!("one thread, warm, top 10; each query's median of {rounds} rounds after a warm-up");
    for skip_snippets in [false, true] {
        let timings = time_queries(&index, &queries, skip_snippets, rounds)?;
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

/// Each query's median time over `rounds` (after one warm-up), with its hit count.
fn time_queries(
    index: &ArticleIndex,
    queries: &[Query],
    skip_snippets: bool,
    rounds: usize,
) -> anyhow::Result<Vec<(&'static str, f64, usize)>> {
    let mut timings = Vec::new();
    for query in queries {
        let request = SearchRequest {
            query: query.text.clone(),
            filters: Filters {
                persons: query.person.iter().cloned().collect(),
                ..Filters::default()
            },
            limit: 10,
            skip_snippets,
            ..SearchRequest::default()
        };
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        search(index, &request)?; // warm-up
        for _ in 0..rounds {
            let start = Instant::now();
            total = search(index, &request)?.total;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        timings.push((query.kind, times[rounds / 2], total));
    }

    Ok(timings)
}

/// Percentiles per kind of query, as a Markdown table; `all` is the 1,000
/// queries of the set (persons through the filter, not `person-text`).
fn print_table(timings: &[(&'static str, f64, usize)]) {
    println!("| kind | queries | median ms | p95 ms | p99 ms | max ms | mean hits |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for kind in ["term", "and2", "phrase", "person", "all", "person-text"] {
        let chosen = |k: &str| k == kind || (kind == "all" && k != "person-text");
        let mut ms: Vec<f64> = timings
            .iter()
            .filter(|(k, _, _)| chosen(k))
            .map(|(_, t, _)| *t)
            .collect();
        let hits: usize = timings
            .iter()
            .filter(|(k, _, _)| chosen(k))
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
