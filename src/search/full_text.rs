//! One article in full, with the words a query matched highlighted in its
//! whole text (where a hit's snippet highlights one passage): what a page
//! shows when a result is opened. Matching is the snippets' own
//! ([`Snippeter`]), so a word highlighted in a result's passage is
//! highlighted in the article too.

use serde::Serialize;

use super::snippet::Snippeter;
use super::{compile, Highlight, Mode, Syntax};
use crate::error::Result;
use crate::index::{ArticleIndex, FullArticle, StoredArticle};

/// An article with its body and the query's matches in it.
#[derive(Debug, Clone)]
pub struct HighlightedArticle {
    pub article: StoredArticle,
    /// Matched words as offsets in Unicode characters into the body, end
    /// excluded; empty without a query.
    pub highlights: Vec<Highlight>,
}

/// How a [`HighlightedArticle`] is serialised: the article's own JSON
/// ([`StoredArticle::with_body`]) and `highlights`.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    article: FullArticle<'a>,
    highlights: &'a [Highlight],
}

impl Serialize for HighlightedArticle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        Shown {
            article: self.article.with_body(),
            highlights: &self.highlights,
        }
        .serialize(s)
    }
}

/// The article `id` with the words of `query` (in the query language; an
/// empty query highlights nothing) highlighted in its body.
pub fn highlighted_article(
    index: &ArticleIndex,
    id: &str,
    query: &str,
    mode: Mode,
) -> Result<HighlightedArticle> {
    let searcher = index.reader().searcher();
    let fields = index.fields();
    // The query first: a malformed one is the error, whatever the id.
    let compiled = compile(query, mode, Syntax::QueryLanguage, &fields, &searcher)?;
    let article = index.article(id)?;
    let highlights =
        Snippeter::new(&searcher, &fields, &compiled.highlights).highlights(&article.body);
    Ok(HighlightedArticle {
        article,
        highlights,
    })
}
