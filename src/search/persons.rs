//! Counting persons over the articles a search matches: the persons list of
//! `rassegna persons` and of the server's result pages.
//!
//! Each article's identities, and the variants it wrote them in
//! (`identities::variant_term`), are values of one fast string column
//! (`identity`). Within a segment every value is a term ordinal, and every
//! article's ordinals are read once into a flat table, so counting is one
//! array increment per value of each matching article (a run of consecutive
//! articles, as a query matching everything gives, is one slice of the
//! table). The ordinals counted are then named from the segment's terms
//! (read from its dictionary once per process and kept), the segments'
//! sorted lists merged by name, and only the persons listed become strings
//! of their own. A variant's term sorts right after its identity's
//! (`Muzzarelli` + U+001F + `…` before any other name starting with
//! `Muzzarelli`), so each person's variants follow it in that order.

use std::cmp::Ordering;
use std::sync::Arc;

use serde::Serialize;
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

use super::segment_cache::SegmentCache;

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

/// The terms of one segment's `identity` column, in term order (the term
/// of ordinal `i` is the `i`-th): read once per segment and kept, so that
/// naming what a search counted is a look-up, not a walk of the column's
/// dictionary.
#[derive(Debug, Default, PartialEq, Eq)]
struct TermList {
    /// The terms, one after the other.
    text: String,
    /// Where each term ends in `text`.
    ends: Vec<usize>,
    /// Whether each term is a variant's (`identities::variant_term`), not
    /// an identity's: read once here, not from the text at every search.
    variants: Vec<bool>,
}

impl TermList {
    fn get(&self, ordinal: usize) -> &str {
        let start = match ordinal {
            0 => 0,
            _ => self.ends.get(ordinal - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(ordinal).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or_default()
    }

    fn is_variant(&self, ordinal: usize) -> bool {
        self.variants.get(ordinal).copied().unwrap_or(false)
    }

    fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len());
        self.variants.push(split_variant_term(term).is_some());
    }

    /// Every term of `column`'s dictionary.
    fn of(column: &StrColumn) -> std::io::Result<TermList> {
        let mut list = TermList::default();
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            // Terms are the names the index wrote, always UTF-8; another
            // keeps its place, empty, so that ordinals stay in step.
            list.push(std::str::from_utf8(terms.key()).unwrap_or_default());
        }
        Ok(list)
    }
}

/// Segments' term lists, kept while a reader holds the segment
/// (`segment_cache::SegmentsWarmer`; a few hundred kB each on DICE x10).
static SEGMENT_TERMS: SegmentCache<SegmentId, TermList> = SegmentCache::new();

/// What a segment counted, or a search once the segments' tallies are
/// merged: every identity and variant term of the matching articles, in
/// term order, with its number of articles.
#[derive(Debug, Clone, Default)]
pub struct PersonTally {
    /// The term lists the terms are named from (one a segment).
    lists: Vec<Arc<TermList>>,
    /// Each term counted, as (list, ordinal in it), with its count, in term
    /// order.
    terms: Vec<(usize, usize, u64)>,
}

impl PersonTally {
    fn term(&self, i: usize) -> &str {
        self.terms
            .get(i)
            .and_then(|&(list, ordinal, _)| Some(self.lists.get(list)?.get(ordinal)))
            .unwrap_or_default()
    }

    fn is_variant(&self, i: usize) -> bool {
        self.terms
            .get(i)
            .and_then(|&(list, ordinal, _)| Some(self.lists.get(list)?.is_variant(ordinal)))
            .unwrap_or(false)
    }

    /// The `limit` most mentioned persons, most articles first (ties by
    /// name), each with its variants (most articles first, ties by name).
    pub fn top(&self, limit: usize) -> Vec<PersonCount> {
        // `terms` is in term order: a tie broken by position is broken by
        // name, without reading the names.
        let by_count = |a: &(u64, usize), b: &(u64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut identities: Vec<(u64, usize)> = (0..self.terms.len())
            .filter(|&i| !self.is_variant(i))
            .map(|i| (self.terms[i].2, i))
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
                            articles: self.terms[j].2,
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
    pub(crate) fn merge(mut tallies: Vec<PersonTally>) -> PersonTally {
        if tallies.len() <= 1 {
            return tallies.pop().unwrap_or_default();
        }
        let mut merged = PersonTally::default();
        // Each tally's lists, after those of the tallies before it.
        let mut first_list = Vec::with_capacity(tallies.len());
        for tally in &tallies {
            first_list.push(merged.lists.len());
            merged.lists.extend(tally.lists.iter().cloned());
        }
        let mut next = vec![0usize; tallies.len()];
        loop {
            // The smallest term not yet merged, where it is, and its total.
            let mut smallest: Option<(&str, usize)> = None;
            for (t, (tally, &i)) in tallies.iter().zip(&next).enumerate() {
                if i < tally.terms.len() {
                    let term = tally.term(i);
                    if smallest.is_none_or(|(s, _)| term.cmp(s) == Ordering::Less) {
                        smallest = Some((term, t));
                    }
                }
            }
            let Some((term, t)) = smallest else {
                break;
            };
            let (list, ordinal, _) = tallies[t].terms[next[t]];
            let mut total = 0;
            for (tally, i) in tallies.iter().zip(next.iter_mut()) {
                if *i < tally.terms.len() && tally.term(*i) == term {
                    total += tally.terms[*i].2;
                    *i += 1;
                }
            }
            merged.terms.push((first_list[t] + list, ordinal, total));
        }
        merged
    }
}

/// Every article's `identity` ordinals of one segment, laid out flat: what
/// the column's index and bit-packed values say, read once per segment and
/// kept (`SEGMENT_ORDINALS`), so that counting an article's persons is a
/// slice of an array rather than a walk through the column's index.
#[derive(Debug, Default)]
struct ArticleOrdinals {
    /// Where each article's ordinals start in `ordinals`, and one entry
    /// more: where the last article's ordinals end.
    starts: Vec<usize>,
    ordinals: Vec<u32>,
}

impl ArticleOrdinals {
    fn of(column: &StrColumn, articles: DocId) -> ArticleOrdinals {
        let column = column.ords();
        let mut table = ArticleOrdinals {
            starts: Vec::with_capacity(articles as usize + 1),
            ordinals: Vec::new(),
        };
        for doc in 0..articles {
            table.starts.push(table.ordinals.len());
            // An ordinal past u32 (never on a real index) counts nothing.
            table.ordinals.extend(
                column
                    .values_for_doc(doc)
                    .map(|o| u32::try_from(o).unwrap_or(u32::MAX)),
            );
        }
        table.starts.push(table.ordinals.len());
        table
    }

    /// The ordinals of the articles `docs` (`first..=last` of the segment).
    fn of_range(&self, first: DocId, last: DocId) -> &[u32] {
        let start = self.starts.get(first as usize).copied().unwrap_or(0);
        let end = self.starts.get(last as usize + 1).copied().unwrap_or(start);
        self.ordinals.get(start..end).unwrap_or_default()
    }
}

/// Segments' article ordinals (`SegmentsWarmer` drops them with their
/// segment; about 2 MB for DICE x10's one segment).
static SEGMENT_ORDINALS: SegmentCache<SegmentId, ArticleOrdinals> = SegmentCache::new();

/// Counts the identities, and their variants, of one segment's matching
/// articles: one part of [`super::facets::FacetCollector`].
pub(crate) struct SegmentPersons {
    /// `None` in a segment where no article has a person.
    column: Option<(StrColumn, Arc<ArticleOrdinals>)>,
    /// Articles per term ordinal.
    counts: Vec<u32>,
    segment: SegmentId,
}

impl SegmentPersons {
    pub(crate) fn for_segment(reader: &SegmentReader) -> tantivy::Result<SegmentPersons> {
        let segment = reader.segment_id();
        let column = match reader.fast_fields().str(names::IDENTITY)? {
            Some(column) => {
                let table = SEGMENT_ORDINALS.get_or_read(segment, || {
                    Ok(ArticleOrdinals::of(&column, reader.max_doc()))
                })?;
                Some((column, table))
            }
            None => None,
        };
        Ok(SegmentPersons {
            counts: vec![0; column.as_ref().map_or(0, |(c, _)| c.num_terms())],
            column,
            segment,
        })
    }

    /// Counts the values of `docs` (in increasing order).
    pub(crate) fn count(&mut self, docs: &[DocId]) {
        let Some((_, table)) = self.column.as_ref() else {
            return;
        };
        let counts = &mut self.counts;
        let mut add = |ordinals: &[u32]| {
            for &ordinal in ordinals {
                if let Some(count) = counts.get_mut(ordinal as usize) {
                    *count += 1;
                }
            }
        };
        match (docs.first(), docs.last()) {
            // Consecutive articles: their values are one range.
            (Some(&first), Some(&last)) if (last - first) as usize + 1 == docs.len() => {
                add(table.of_range(first, last));
            }
            _ => {
                for &doc in docs {
                    add(table.of_range(doc, doc));
                }
            }
        }
    }

    /// The counted terms, in term order.
    pub(crate) fn harvest(self) -> tantivy::Result<PersonTally> {
        let Some((column, _)) = self.column else {
            return Ok(PersonTally::default());
        };
        let list = SEGMENT_TERMS.get_or_read(self.segment, || Ok(TermList::of(&column)?))?;
        let terms = (0..self.counts.len())
            .filter(|&ordinal| self.counts[ordinal] > 0)
            .map(|ordinal| (0, ordinal, u64::from(self.counts[ordinal])))
            .collect();
        Ok(PersonTally {
            lists: vec![list],
            terms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(terms: &[(&str, u64)]) -> PersonTally {
        let mut list = TermList::default();
        for (term, _) in terms {
            list.push(term);
        }
        PersonTally {
            lists: vec![Arc::new(list)],
            terms: terms
                .iter()
                .enumerate()
                .map(|(i, &(_, count))| (0, i, count))
                .collect(),
        }
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

    #[test]
    fn persons_with_as_many_articles_are_listed_by_name_across_segments() {
        let v = |identity, written| crate::identities::variant_term(identity, written);
        let first = tally(&[
            ("Carla Verdi", 1),
            (&v("Carla Verdi", "Verdi"), 1),
            ("Zeno Neri", 1),
        ]);
        let second = tally(&[("Anna Rossi", 1), ("Bruno Bianchi", 1), ("Ugo Gallo", 2)]);
        let top = PersonTally::merge(vec![first, second]).top(4);
        let listed: Vec<&str> = top.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            listed,
            ["Ugo Gallo", "Anna Rossi", "Bruno Bianchi", "Carla Verdi"]
        );
        assert_eq!(top[3].variants.len(), 1);
    }
}
