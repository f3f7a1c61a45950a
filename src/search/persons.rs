//! Counting persons over the articles a search matches: the persons list of
//! `rassegna persons` and of the server's result pages.
//!
//! Each article's identities, and the variants it wrote them in
//! (`identities::variant_term`), are values of one fast string column
//! (`identity`). Within a segment every value is a term ordinal, so counting
//! is one array increment per value of each matching article (a run of
//! consecutive articles, as a query matching everything gives, reads its
//! values as one range without looking each article up). The ordinals
//! counted are then named in one walk of the segment's dictionary into one
//! buffer, the segments' sorted lists merged by name, and only the persons
//! listed become strings of their own. A variant's term sorts right after its
//! identity's (`Muzzarelli` + U+001F + `…` before any other name starting
//! with `Muzzarelli`), so each person's variants follow it in that order.

use std::cmp::Ordering;
use std::ops::Range;

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

/// What a [`PersonCollector`] counted: every identity and variant term of the
/// matching articles, in term order, with its number of articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonTally {
    /// The terms, one after the other.
    text: String,
    /// Each term's bytes in `text` and its count, in term order.
    terms: Vec<(Range<usize>, u64)>,
}

impl PersonTally {
    fn term(&self, i: usize) -> &str {
        self.terms
            .get(i)
            .and_then(|(range, _)| self.text.get(range.clone()))
            .unwrap_or_default()
    }

    fn push(&mut self, term: &str, count: u64) {
        let start = self.text.len();
        self.text.push_str(term);
        self.terms.push((start..self.text.len(), count));
    }

    /// The `limit` most mentioned persons, most articles first (ties by
    /// name), each with its variants (most articles first, ties by name).
    pub fn top(&self, limit: usize) -> Vec<PersonCount> {
        let by_count = |a: &(u64, usize), b: &(u64, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.term(a.1).cmp(self.term(b.1)))
        };
        let mut identities: Vec<(u64, usize)> = (0..self.terms.len())
            .filter(|&i| split_variant_term(self.term(i)).is_none())
            .map(|i| (self.terms[i].1, i))
            .collect();
        if limit < identities.len() {
            if limit > 0 {
                identities.select_nth_unstable_by(limit - 1, by_count);
            }
            identities.truncate(limit);
        }
        identities.sort_unstable_by(by_count);
        identities
            .into_iter()
            .map(|(articles, i)| {
                let name = self.term(i);
                let mut variants: Vec<Variant> = (i + 1..self.terms.len())
                    .map_while(|j| {
                        let (identity, written) = split_variant_term(self.term(j))?;
                        (identity == name).then(|| Variant {
                            name: written.to_string(),
                            articles: self.terms[j].1,
                        })
                    })
                    .collect();
                variants.sort_by(|a, b| {
                    b.articles
                        .cmp(&a.articles)
                        .then_with(|| a.name.cmp(&b.name))
                });
                PersonCount {
                    name: name.to_string(),
                    articles,
                    variants,
                }
            })
            .collect()
    }

    /// The tallies of several segments as one: their sorted term lists
    /// merged, the counts of a term summed.
    fn merge(mut tallies: Vec<PersonTally>) -> PersonTally {
        if tallies.len() <= 1 {
            return tallies.pop().unwrap_or_default();
        }
        let mut merged = PersonTally::default();
        let mut next = vec![0usize; tallies.len()];
        loop {
            // The smallest term not yet merged, and its total.
            let mut smallest: Option<&str> = None;
            for (tally, &i) in tallies.iter().zip(&next) {
                if i < tally.terms.len() {
                    let term = tally.term(i);
                    if smallest.is_none_or(|s| term.cmp(s) == Ordering::Less) {
                        smallest = Some(term);
                    }
                }
            }
            let Some(term) = smallest else {
                break;
            };
            let mut total = 0;
            for (tally, i) in tallies.iter().zip(next.iter_mut()) {
                if *i < tally.terms.len() && tally.term(*i) == term {
                    total += tally.terms[*i].1;
                    *i += 1;
                }
            }
            merged.push(term, total);
        }
        merged
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
        let column = reader.fast_fields().str(names::IDENTITY)?;
        Ok(SegmentPersons {
            counts: vec![0; column.as_ref().map_or(0, |c| c.num_terms())],
            column,
            values: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<tantivy::Result<PersonTally>>,
    ) -> tantivy::Result<PersonTally> {
        Ok(PersonTally::merge(
            segments.into_iter().collect::<tantivy::Result<_>>()?,
        ))
    }
}

/// The [`PersonCollector`] of one segment.
pub struct SegmentPersons {
    /// `None` in a segment where no article has a person.
    column: Option<StrColumn>,
    /// Articles per term ordinal.
    counts: Vec<u32>,
    /// Scratch space for the values of a run of articles.
    values: Vec<u64>,
}

impl SegmentPersons {
    fn count(&mut self, ordinal: u64) {
        if let Some(count) = self.counts.get_mut(ordinal as usize) {
            *count += 1;
        }
    }
}

impl SegmentCollector for SegmentPersons {
    type Fruit = tantivy::Result<PersonTally>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(column) = self.column.take() else {
            return;
        };
        for ordinal in column.term_ords(doc) {
            self.count(ordinal);
        }
        self.column = Some(column);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(column) = self.column.take() else {
            return;
        };
        let ordinals = column.ords();
        match (docs.first(), docs.last()) {
            // Consecutive articles: their values are one range of rows.
            (Some(&first), Some(&last)) if (last - first) as usize + 1 == docs.len() => {
                let rows = ordinals.index.docid_range_to_rowids(first..last + 1);
                self.values.clear();
                self.values.resize(rows.len(), 0);
                ordinals
                    .values
                    .get_range(u64::from(rows.start), &mut self.values);
                for i in 0..self.values.len() {
                    self.count(self.values[i]);
                }
            }
            _ => {
                for &doc in docs {
                    for ordinal in ordinals.values_for_doc(doc) {
                        self.count(ordinal);
                    }
                }
            }
        }
        self.column = Some(column);
    }

    fn harvest(self) -> tantivy::Result<PersonTally> {
        let mut tally = PersonTally::default();
        let Some(column) = self.column else {
            return Ok(tally);
        };
        let counted: Vec<u64> = (0..self.counts.len())
            .filter(|&ordinal| self.counts[ordinal] > 0)
            .map(|ordinal| ordinal as u64)
            .collect();
        let mut counts = counted.iter().map(|&o| self.counts[o as usize]);
        column
            .dictionary()
            .sorted_ords_to_term_cb(&counted, |term| {
                let count = counts.next().unwrap_or(0);
                // Terms are the names the index wrote, always UTF-8.
                if let Ok(term) = std::str::from_utf8(term) {
                    tally.push(term, u64::from(count));
                }
            })?;
        Ok(tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(terms: &[(&str, u64)]) -> PersonTally {
        let mut tally = PersonTally::default();
        for (term, count) in terms {
            tally.push(term, *count);
        }
        tally
    }

    #[test]
    fn segments_merge_by_term_and_persons_list_their_variants() {
        let v = |identity, written| crate::identities::variant_term(identity, written);
        let first = tally(&[
            ("Anna Rossi", 2),
            ("Gian Carlo Muzzarelli", 3),
            (&v("Gian Carlo Muzzarelli", "Muzzarelli"), 1),
            ("Gian Carlo Muzzarelli Jr", 1),
        ]);
        let second = tally(&[
            ("Bruno Bianchi", 4),
            ("Gian Carlo Muzzarelli", 2),
            (&v("Gian Carlo Muzzarelli", "Giancarlo Muzzarelli"), 2),
            (&v("Gian Carlo Muzzarelli", "Muzzarelli"), 1),
        ]);
        let merged = PersonTally::merge(vec![first, second]);
        let top = merged.top(3);
        let listed: Vec<(&str, u64)> = top.iter().map(|p| (p.name.as_str(), p.articles)).collect();
        assert_eq!(
            listed,
            [
                ("Gian Carlo Muzzarelli", 5),
                ("Bruno Bianchi", 4),
                ("Anna Rossi", 2)
            ]
        );
        let variants: Vec<(&str, u64)> = top[0]
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.articles))
            .collect();
        assert_eq!(variants, [("Giancarlo Muzzarelli", 2), ("Muzzarelli", 2)]);
        assert!(top[1].variants.is_empty());
        assert_eq!(merged.top(0), []);
        assert_eq!(merged.top(10).len(), 4);
    }
}
