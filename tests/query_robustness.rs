//! Any query string gets an answer or a clear error, never a panic: random
//! queries built from the pieces of the query language run against a real
//! index through the library.

mod common;

use rassegna::index::{build_index, ArticleIndex};
use rassegna::search::{count_persons, search, Filters, Mode, SearchRequest, Sort};
use rassegna::Error;

#[test]
fn random_queries_never_panic() {
    let fixture = common::Fixture::new();
    build_index(&fixture.corpus(), &fixture.index(), &()).unwrap();
    let index = ArticleIndex::open(&fixture.index()).unwrap();
    const PIECES: &[&str] = &[
        "putin",
        "alluvione",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "(",
        ")",
        "-",
        "+",
        "*",
        "OR",
        "AND",
        "NOT",
        "person:",
        "author:",
        "persona:",
        ":",
        "'",
        "’",
        "dell'",
        "incontr*",
        "il",
        "perché",
        " ",
        "  ",
        "漢",
        "🙂",
        "15.000",
        "\\",
        "^",
        "~",
        "a*",
        "-*",
        "\"\"",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3000 {
        let query: String = (0..next() % 8)
            .map(|_| PIECES[next() as usize % PIECES.len()])
            .collect();
        let request = SearchRequest {
            query: query.clone(),
            mode: if round % 2 == 0 { Mode::All } else { Mode::Any },
            sort: if round % 3 == 0 {
                Sort::Date
            } else {
                Sort::Relevance
            },
            limit: 5,
            ..SearchRequest::default()
        };
        match search(&index, &request) {
            Ok(results) => assert!(results.hits.len() <= results.total.min(5), "{query:?}"),
            Err(Error::Query(message)) => assert!(!message.is_empty()),
            Err(other) => panic!("{query:?}: unexpected error {other}"),
        }
        let _ = count_persons(&index, &query, Mode::All, &Filters::default(), 5);
    }
}
