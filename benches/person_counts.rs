//! Latency of counting persons over the whole result set
//! (`search::count_persons`, what `rassegna persons` and the server's result
//! pages call): over all articles, and over each of the 1,000 queries of
//! `../shared/data/dice-queries.tsv` (a `person` query runs as `*` with the
//! person filter, as a user looks for a person), top 20 persons with their
//! variants. One thread, warm; each query's median of several rounds, then
//! percentiles over queries; then the throughput of two threads running the
//! queries round after round, as a server on two cores would.
//!
//! Run: `cargo bench --bench person_counts -- --index DIR` (an index built by
//! `rassegna index`, such as `target/bench/index-x10` of `scripts/bench.sh`;
//! without `--index`, the DICE index of `target/bench-dice-index`, built once
//! as `query_latency` builds it). `--rounds N` (default 5), `--seconds S` for
//! the throughput run (default 10). Figures go to docs/BENCHMARKS.md.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rassegna::index::ArticleIndex;
use rassegna::search::{count_persons, Filters, Mode};

#[path = "support/cpu_time.rs"]
mod cpu_time;
#[path = "support/dice.rs"]
mod dice;
use cpu_time::cpu_time;

/// Persons listed per count, as a page would show them.
const LIMIT: usize = 20;

struct Query {
    kind: &'static str,
    text: String,
    filters: Filters,
}

fn main() -> anyhow::Result<()> {
    let Some(shared) = dice::shared_data()? else {
        return Ok(());
    };
    let flags = dice::Flags::from_args();
    let rounds = flags.positive("--rounds", 5)?;
    let seconds = flags.positive("--seconds", 10)?;
    let index_dir = dice::index_to_measure(&flags, &shared.dice)?;
    let index = ArticleIndex::open(&index_dir)?;

    let mut queries = vec![Query {
        kind: "all articles",
        text: "*".into(),
        filters: Filters::default(),
    }];
    for line in std::fs::read_to_string(&shared.queries)?.lines().skip(1) {
        let Some((kind, text)) = line.split_once('\t') else {
            continue;
        };
        queries.push(match kind {
            "person" => Query {
                kind: "person",
                text: "*".into(),
                filters: Filters {
                    persons: vec![text.to_string()],
                    ..Filters::default()
                },
            },
            "term" | "and2" | "phrase" => Query {
                kind: match kind {
                    "term" => "term",
                    "and2" => "and2",
                    _ => "phrase",
                },
                text: text.to_string(),
                filters: Filters::default(),
            },
            other => anyhow::bail!("unknown query kind '{other}'"),
        });
    }
    let count = |q: &Query| count_persons(&index, &q.text, Mode::All, &q.filters, LIMIT);

    println!(
        "index: {}, {} articles; top {LIMIT} persons; one thread, warm; each query's median of {rounds} rounds after a warm-up",
        index_dir.display(),
        index.num_articles()
    );
    let mut by_kind: Vec<(&str, Vec<f64>)> = Vec::new();
    for q in &queries {
        count(q)?;
        let mut times: Vec<f64> = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let _ = count(q);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        match by_kind.iter_mut().find(|(k, _)| *k == q.kind) {
            Some((_, list)) => list.push(median),
            None => by_kind.push((q.kind, vec![median])),
        }
    }
    let mut all_queries: Vec<f64> = by_kind
        .iter()
        .filter(|(k, _)| *k != "all articles")
        .flat_map(|(_, t)| t.iter().copied())
        .collect();
    by_kind.push(("1,000 queries", std::mem::take(&mut all_queries)));
    println!("| queries | n | p50 ms | p95 ms | p99 ms | max ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (kind, mut times) in by_kind {
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!(
            "| {kind} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            times.len(),
            at(0.5),
            at(0.95),
            at(0.99),
            at(1.0)
        );
    }

    // Two threads, each running the 1,000 queries (not the all-articles
    // count) in turn, each from its own starting point, for `seconds`.
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let cpu_before = cpu_time();
    let typical = &queries[1..];
    std::thread::scope(|scope| {
        for thread in 0..2 {
            let (done, stop, count) = (&done, &stop, &count);
            scope.spawn(move || {
                let mut i = thread * typical.len() / 2;
                while !stop.load(Ordering::Relaxed) {
                    let _ = count(&typical[i % typical.len()]);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_secs(seconds as u64));
        stop.store(true, Ordering::Relaxed);
    });
    let cpu = cpu_time().saturating_sub(cpu_before).as_secs_f64();
    let counts = done.load(Ordering::Relaxed) as f64;
    // On a shared machine the wall-clock rate depends on what else runs;
    // counts per second of CPU the process used do much less.
    println!(
        "\ntwo threads, the 1,000 queries in turn for {seconds} s: {:.0} counts/s, {:.0} counts per CPU second ({cpu:.1} CPU s used)",
        counts / seconds as f64,
        counts / cpu.max(1e-9)
    );
    Ok(())
}
