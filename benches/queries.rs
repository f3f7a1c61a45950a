//! Criterion benchmarks of single queries on the DICE index (x1): one of
//! each kind of `dice-queries.tsv` (term, two words, phrase, person filter),
//! top 10, with and without snippets, through the library's `search` as the
//! CLI calls it.
//!
//! The index is `target/bench/index-x1` when `scripts/bench.sh` has built
//! it, otherwise `target/bench-dice-index` (built here once, as
//! `query_latency` does). Run: `cargo bench --bench queries`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use rassegna::index::{build_index, ArticleIndex};
use rassegna::search::{search, Filters, SearchRequest};

/// The x1 index, built if missing; `None` without the shared data.
fn dice_index() -> Option<ArticleIndex> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dice = root.join("../shared/data/dice");
    if !dice.is_dir() {
        return None;
    }
    for dir in ["target/bench/index-x1", "target/bench-dice-index"] {
        if let Ok(index) = ArticleIndex::open(&root.join(dir)) {
            return Some(index);
        }
    }
    let dir = root.join("target/bench-dice-index");
    let _ = std::fs::remove_dir_all(&dir);
    build_index(&dice, &dir, &()).ok()?;
    ArticleIndex::open(&dir).ok()
}

fn bench_queries(c: &mut Criterion) {
    let Some(index) = dice_index() else {
        eprintln!("SKIP: ../shared/data/dice not found");
        return;
    };
    // (name, query, person filter)
    let queries = [
        ("term carabinieri", "carabinieri", None),
        ("and2 rapina banca", "rapina banca", None),
        ("phrase \"mano armata\"", "\"mano armata\"", None),
        ("person filter muzzarelli", "*", Some("muzzarelli")),
    ];
    let mut group = c.benchmark_group("query");
    for skip_snippets in [false, true] {
        for (name, query, person) in queries {
            let request = SearchRequest {
                query: query.into(),
                filters: Filters {
                    persons: person.iter().map(|p| p.to_string()).collect(),
                    ..Filters::default()
                },
                limit: 10,
                skip_snippets,
                ..SearchRequest::default()
            };
            let label = if skip_snippets {
                "no snippets"
            } else {
                "snippets"
            };
            group.bench_function(format!("{name}, {label}"), |b| {
                b.iter(|| search(&index, &request).map(|r| r.total).unwrap_or(0))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_queries);
criterion_main!(benches);
