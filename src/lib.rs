//! rassegna: full-text search for archives of Italian news articles.
//!
//! The library follows the data: [`article`] reads one file into an
//! [`article::Article`]; [`analysis`] is the Italian analyzer used for
//! indexing, querying and highlighting; [`persons`] finds who an article
//! mentions; [`identities`] tells which person each name stands for across
//! the archive; [`index`] builds and opens the tantivy index; [`search`] answers
//! queries with filters, ranking, snippets and person counts; [`eval`]
//! measures search relevance on judged queries. The front ends (the
//! command line, the HTTP server) live in the `rassegna` binary and only
//! call this library. `docs/ARCHITECTURE.md` explains the design.
//!
//! # Example
//!
//! Build an index from a folder of articles and search it:
//!
//! ```
//! use rassegna::index::{build_index, ArticleIndex};
//! use rassegna::search::{search, Filters, SearchRequest};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir_all(corpus.join("2025"))?;
//! std::fs::write(
//!     corpus.join("2025/vertice.txt"),
//!     "date 2025-10-29 Il presidente russo Vladimir Putin ha incontrato il ministro.\n\n\
//!      L’incontro è durato due ore.\n\nAnna Lotti\n",
//! )?;
//!
//! let report = build_index(&corpus, &dir.path().join("index"), &())?;
//! assert_eq!(report.indexed, 1);
//!
//! let index = ArticleIndex::open(&dir.path().join("index"))?;
//! let request = SearchRequest {
//!     query: "incontro".into(),
//!     filters: Filters::new(Some("2025-10"), None, vec!["putin".into()], None)?,
//!     limit: 10,
//!     ..SearchRequest::default()
//! };
//! let results = search(&index, &request)?;
//! assert_eq!(results.total, 1);
//! let hit = &results.hits[0];
//! assert_eq!(hit.article.id, "2025/vertice.txt");
//! assert_eq!(hit.article.author.as_deref(), Some("Anna Lotti"));
//! // `incontro` matched `incontrato` and `L’incontro`, both highlighted:
//! assert_eq!(hit.snippet.marked("[", "]").matches('[').count(), 2);
//! # Ok(())
//! # }
//! ```

pub mod analysis;
pub mod article;
pub mod error;
pub mod eval;
pub mod identities;
pub mod index;
pub mod persons;
pub mod search;
#[cfg(test)]
mod test_support;

pub use error::{Error, Result};
