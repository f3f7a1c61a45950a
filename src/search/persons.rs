//! Counting persons over the articles a search matches: the persons list of
//! `rassegna persons` and of the server's result pages.
//!
//! Each article's identities are values of a fast string column
//! (`identity`, written by the index from `identities::ArticlePersons`):
//! within a segment every identity is a term ordinal, so counting is one
//! array increment per identity of each matching article; the ordinals that
//! were counted are then named once per segment, in dictionary order, and
//! the segments' counts summed by name. The variants written for each
//! identity (`identity_variant`) are counted the same way, in the same pass.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::identities::split_variant_term;
use crate::index::schema::names;

/// A person and the number of matching articles that mention them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PersonCount {
    /// The identity's name: the spelling the archive uses most for the person.
    pub name: String,
    pub articles: u64,
    /// Other ways the matching articles wrote the person (a surname alone, a
    /// shorter form, another spelling), with the number of matching
    /// articles that wrote each.
    pub variants: Vec<Variant>,
}

/// A way a person's name was written, merged into the identity's name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub articles: u64,
}

/// Counts the identities, and their variants, of the documents a query
/// matches. Use it with other collectors in one search (a tuple of
/// collectors), or through [`super::count_persons`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonCollector;

/// What a [`PersonCollector`] counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonTally {
    /// Identity → matching articles.
    pub identities: HashMap<String, u64>,
    /// Variant term (`identities::variant_term`) → matching articles.
    pub variants: HashMap<String, u64>,
}

impl PersonTally {
    /// The `limit` most mentioned persons, most articles first (ties by
    /// name), each with its variants (most articles first).
    pub fn top(&self, limit: usize) -> Vec<PersonCount> {
        let mut persons: Vec<PersonCount> = self
            .identities
            .iter()
            .map(|(name, &articles)| PersonCount {
                name: name.clone(),
                articles,
                variants: Vec::new(),
            })
            .collect();
        let order = |a: &u64, b: &u64, x: &str, y: &str| b.cmp(a).then_with(|| x.cmp(y));
        persons.sort_by(|a, b| order(&a.articles, &b.articles, &a.name, &b.name));
        persons.truncate(limit);
        let listed: HashMap<&str, usize> = persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.as_str(), i))
            .collect();
        let mut variants: Vec<(usize, Variant)> = self
            .variants
            .iter()
            .filter_map(|(term, &articles)| {
                let (identity, written) = split_variant_term(term)?;
                let &i = listed.get(identity)?;
                Some((
                    i,
                    Variant {
                        name: written.to_string(),
                        articles,
                    },
                ))
            })
            .collect();
        variants.sort_by(|(_, a), (_, b)| order(&a.articles, &b.articles, &a.name, &b.name));
        for (i, variant) in variants {
            persons[i].variants.push(variant);
        }
        persons
    }
}

impl Collector for PersonCollector {
    type Fruit = PersonTally;
    type Child = SegmentPersons;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPersons> {
        let column = |name: &str| -> tantivy::Result<Option<OrdinalCounts>> {
            Ok(reader.fast_fields().str(name)?.map(|column| OrdinalCounts {
                counts: vec![0; column.num_terms()],
                column,
            }))
        };
        Ok(SegmentPersons {
            identities: column(names::IDENTITY)?,
            variants: column(names::IDENTITY_VARIANT)?,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentTally>) -> tantivy::Result<PersonTally> {
        let mut tally = PersonTally::default();
        for segment in segments {
            let segment = segment?;
            for (name, articles) in segment.identities {
                *tally.identities.entry(name).or_default() += articles;
            }
            for (term, articles) in segment.variants {
                *tally.variants.entry(term).or_default() += articles;
            }
        }
        Ok(tally)
    }
}

/// One segment's counts, by name; an error if its dictionary was unreadable.
pub type SegmentTally = Result<SegmentNamed, tantivy::TantivyError>;

/// One segment's counts by name.
#[derive(Debug, Default)]
pub struct SegmentNamed {
    identities: Vec<(String, u64)>,
    variants: Vec<(String, u64)>,
}

/// The [`PersonCollector`] of one segment.
pub struct SegmentPersons {
    identities: Option<OrdinalCounts>,
    variants: Option<OrdinalCounts>,
}

/// Counts by term ordinal of one fast string column of one segment.
struct OrdinalCounts {
    column: StrColumn,
    counts: Vec<u32>,
}

impl OrdinalCounts {
    #[inline]
    fn count(&mut self, doc: DocId) {
        for ordinal in self.column.term_ords(doc) {
            if let Some(count) = self.counts.get_mut(ordinal as usize) {
                *count += 1;
            }
        }
    }

    /// The counted terms with their counts, named in one walk of the
    /// dictionary.
    fn named(self) -> tantivy::Result<Vec<(String, u64)>> {
        let counted: Vec<u64> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(ordinal, _)| ordinal as u64)
            .collect();
        let mut named = Vec::with_capacity(counted.len());
        let mut counts = counted.iter().map(|&o| self.counts[o as usize]);
        self.column
            .dictionary()
            .sorted_ords_to_term_cb(&counted, |term| {
                let articles = counts.next().unwrap_or(0);
                named.push((
                    String::from_utf8_lossy(term).into_owned(),
                    u64::from(articles),
                ));
            })?;
        Ok(named)
    }
}

impl SegmentCollector for SegmentPersons {
    type Fruit = SegmentTally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(identities) = &mut self.identities {
            identities.count(doc);
        }
        if let Some(variants) = &mut self.variants {
            variants.count(doc);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(identities) = &mut self.identities {
            for &doc in docs {
                identities.count(doc);
            }
        }
        if let Some(variants) = &mut self.variants {
            for &doc in docs {
                variants.count(doc);
            }
        }
    }

    fn harvest(self) -> SegmentTally {
        Ok(SegmentNamed {
            identities: self
                .identities
                .map(OrdinalCounts::named)
                .transpose()?
                .unwrap_or_default(),
            variants: self
                .variants
                .map(OrdinalCounts::named)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}
