//! Any text as a query: parsed, compiled and run against a small real index,
//! in both syntaxes and both modes. The search may refuse a query (a syntax
//! error, a bound), never panic, overflow the stack or run away with memory
//! (libFuzzer's `-rss_limit_mb` and `-timeout` catch the last two).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rassegna::index::{build_index, ArticleIndex};
use rassegna::search::{search, Mode, SearchRequest, Sort, Syntax};

const ARTICLES: &[(&str, &str)] = &[
    (
        "2023/alluvione.txt",
        "date 2023-01-20 MODENA. L'alluvione del Secchia ha allagato tre quartieri. Il sindaco Giulia Ferretti ha chiesto aiuti.\n\nAnna Lotti\n",
    ),
    (
        "2024/vertice.txt",
        "date 2024-03-05 Il presidente russo Vladimir Putin ha incontrato Kim Jong Un a Vladivostok. L’incontro è durato tre ore.\n",
    ),
    (
        "2024/rapina.txt",
        "date 2024-10-02 CARPI. Rapina in via Emilia: 15.000 euro rubati, un 26enne arrestato. «Una rapina annunciata», dice il questore Marco Bellini.\n",
    ),
    ("senza-data.txt", "Un articolo senza data sulla città di Modena e la sua università.\n"),
];

fn index() -> &'static ArticleIndex {
    static INDEX: OnceLock<(tempfile::TempDir, ArticleIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let corpus = dir.path().join("corpus");
            for (path, text) in ARTICLES {
                let path = corpus.join(path);
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
                std::fs::write(path, text).expect("article");
            }
            build_index(&corpus, &dir.path().join("index"), &()).expect("index");
            let index = ArticleIndex::open(&dir.path().join("index")).expect("open");
            (dir, index)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else {
        return;
    };
    let Ok(query) = std::str::from_utf8(text) else {
        return;
    };
    let request = SearchRequest {
        query: query.to_string(),
        mode: if flags & 1 == 0 { Mode::All } else { Mode::Any },
        syntax: if flags & 2 == 0 {
            Syntax::QueryLanguage
        } else {
            Syntax::PlainText
        },
        sort: if flags & 4 == 0 {
            Sort::Relevance
        } else {
            Sort::Date
        },
        limit: 3,
        ..SearchRequest::default()
    };
    if let Ok(results) = search(index(), &request) {
        assert!(results.hits.len() <= results.total.min(3));
    }
});
