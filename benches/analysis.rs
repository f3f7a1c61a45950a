//! Criterion benchmarks of the analysis of one DICE article: the body
//! analyzer over its body (words, proper-noun decisions, terms), the
//! analysis of the body fields that indexing runs over it, one paragraph,
//! and person extraction.
//!
//! The article is chosen, not written here: the DICE file of median size
//! (files sorted by size, then path), read from `../shared/data/dice` at run
//! time. Run: `cargo bench --bench analysis`; figures go to
//! docs/BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rassegna::analysis;
use rassegna::article::read_file;
use rassegna::persons::PersonExtractor;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// The DICE article of median size, or `None` without the shared data.
fn median_article() -> Option<PathBuf> {
    let dice = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/dice");
    let mut files: Vec<(u64, PathBuf)> = walkdir::WalkDir::new(&dice)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.into_path())))
        .collect();
    files.sort();
    files.get(files.len() / 2).map(|(_, path)| path.clone())
}

/// Number of tokens `analyzer` makes of `text`.
fn count_tokens(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn bench_analysis(c: &mut Criterion) {
    let Some(path) = median_article() else {
        eprintln!("SKIP: ../shared/data/dice not found");
        return;
    };
    let Ok((article, _)) = read_file(&path, "median".into()) else {
        eprintln!("SKIP: {} could not be read", path.display());
        return;
    };
    let body = article.body();
    let paragraph = article
        .paragraphs
        .iter()
        .max_by_key(|p| p.len())
        .cloned()
        .unwrap_or_default();

    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(body.len() as u64));
    let mut italian = analysis::body_analyzer();
    group.bench_function("body analyzer, one article", |b| {
        b.iter(|| count_tokens(&mut italian, black_box(&body)))
    });
    // The body fields as the index builder analyses them: the body analyzer
    // (leaving the words it read) and the exact-form analyzer (replaying
    // them, then the gram-length mark), as registered on an index.
    let index = tantivy::Index::create_in_ram(rassegna::index::schema::build_schema());
    analysis::register(&index);
    let registered = |name: &str| {
        index
            .tokenizers()
            .get(name)
            .expect("analysis::register installs this analyzer")
    };
    let mut body_analyzers = [registered(analysis::ITALIAN), registered(analysis::EXACT)];
    group.bench_function("body fields as indexed, one article", |b| {
        b.iter(|| {
            body_analyzers
                .iter_mut()
                .map(|a| count_tokens(a, black_box(&body)))
                .sum::<usize>()
        })
    });
    let extractor = PersonExtractor::new();
    group.bench_function("person extraction, one article", |b| {
        b.iter(|| extractor.extract(black_box(&article.paragraphs), article.author.as_deref()))
    });
    group.throughput(Throughput::Bytes(paragraph.len() as u64));
    group.bench_function("body analyzer, longest paragraph", |b| {
        b.iter(|| count_tokens(&mut italian, black_box(&paragraph)))
    });
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
