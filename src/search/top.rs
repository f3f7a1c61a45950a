//! The best results of a search by relevance: highest score first, ties
//! broken by the rank given at indexing (newest first, then id), then by
//! address, so that the order never depends on how articles fell into
//! segments.
//!
//! tantivy's `TopDocs` ordered by a (score, rank) key reads the rank of every
//! matching article to compare keys; here an article whose score is below
//! the worst kept one is passed over without reading its rank, which is most
//! of them in a large result set.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema;

/// Collects the `offset + limit` best articles and returns `limit` of them
/// after the first `offset`, best first, with their scores.
pub(crate) struct TopByScore {
    limit: usize,
    offset: usize,
}

impl TopByScore {
    pub(crate) fn new(limit: usize, offset: usize) -> TopByScore {
        TopByScore { limit, offset }
    }

    fn window(&self) -> usize {
        self.limit.saturating_add(self.offset)
    }
}

/// One result: better ones compare greater.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kept {
    score: Score,
    /// Lower ranks come first; an article without one after all others.
    rank: u64,
    address: DocAddress,
}

impl Ord for Kept {
    fn cmp(&self, other: &Kept) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.rank.cmp(&self.rank))
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Kept) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

pub(crate) struct SegmentTop {
    segment: SegmentOrdinal,
    ranks: Column<u64>,
    window: usize,
    /// The kept results, the worst on top (`Reverse` order).
    kept: BinaryHeap<std::cmp::Reverse<Kept>>,
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<Kept>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.window == 0 {
            return;
        }
        let full = self.kept.len() >= self.window;
        if full {
            if let Some(worst) = self.kept.peek() {
                // Below the worst kept: out, whatever its rank.
                if score < worst.0.score {
                    return;
                }
            }
        }
        let rank = self.ranks.first(doc).unwrap_or(u64::MAX);
        let candidate = Kept {
            score,
            rank,
            address: DocAddress::new(self.segment, doc),
        };
        if !full {
            self.kept.push(std::cmp::Reverse(candidate));
        } else if let Some(mut worst) = self.kept.peek_mut() {
            if candidate > worst.0 {
                *worst = std::cmp::Reverse(candidate);
            }
        }
    }

    fn harvest(self) -> Vec<Kept> {
        self.kept.into_iter().map(|kept| kept.0).collect()
    }
}

impl Collector for TopByScore {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            segment,
            ranks: reader.fast_fields().u64(schema::names::RANK)?,
            window: self.window(),
            kept: BinaryHeap::with_capacity(self.window().min(1024)),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Kept>>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut all: Vec<Kept> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        Ok(all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|kept| (kept.score, kept.address))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
    use tantivy::{doc, Index, IndexWriter, Order, Term};

    use super::*;

    /// The same order as tantivy's `TopDocs` by (score, rank), on articles
    /// in several segments with many tied scores (the same texts again).
    #[test]
    fn the_same_results_as_ordering_every_article_by_score_then_rank() {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let rank = builder.add_u64_field(schema::names::RANK, FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = [
            "rapina",
            "rapina rapina",
            "rapina a modena",
            "furto",
            "rapina in banca oggi",
        ];
        let mut next_rank = 0u64;
        for segment in 0..4u64 {
            for i in 0..60u64 {
                // Ranks shuffled across segments.
                next_rank = (next_rank + 37) % 1000;
                let text = texts[((i * 7 + segment) % texts.len() as u64) as usize];
                writer
                    .add_document(doc!(body => text, rank => next_rank))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let query = TermQuery::new(
            Term::from_field_text(body, "rapina"),
            IndexRecordOption::WithFreqs,
        );
        for (limit, offset) in [(1, 0), (10, 0), (10, 5), (7, 40), (500, 0), (10, 300)] {
            let key = (
                (SortBySimilarityScore, Order::Desc),
                (
                    SortByStaticFastValue::<u64>::for_field(schema::names::RANK),
                    Order::Asc,
                ),
            );
            let expected: Vec<(Score, DocAddress)> = searcher
                .search(
                    &query,
                    &TopDocs::with_limit(limit).and_offset(offset).order_by(key),
                )
                .unwrap()
                .into_iter()
                .map(|((score, _), address)| (score, address))
                .collect();
            let found = searcher
                .search(&query, &TopByScore::new(limit, offset))
                .unwrap();
            assert_eq!(found, expected, "limit {limit}, offset {offset}");
        }
    }
}
