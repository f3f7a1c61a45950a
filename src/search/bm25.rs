//! BM25 with its two parameters chosen, over one term or over the several
//! terms of one word.
//!
//! tantivy's `TermQuery` scores with BM25 at fixed `k1 = 1.2`, `b = 0.75`
//! ([`DEFAULT_BM25`]). Questions run with any-word semantics
//! ([`super::Mode::Any`]) rank better with a lower `k1` (a word's fifth
//! occurrence adds little over its first: matching *more* question words
//! matters more than repeating one) and a higher `b` (a long paragraph that
//! mentions a word is less about it than a short one); docs/EVALUATION.md
//! has the measurements. [`TunedTermQuery`] is a term query with chosen
//! parameters; everything else (postings, field lengths, document
//! frequencies) is tantivy's.
//!
//! It also scores one word indexed under several terms as one term, as
//! Lucene's `SynonymQuery` does: a common word is its stem, and also its
//! forms where an article indexed them as names (`analysis::proper_nouns`),
//! all occurrences of the same word. Term frequencies add up, and the
//! document frequency is the largest of the terms' (the union's is not
//! known without reading the postings); summing term queries instead would
//! rank an article that writes the word both ways above one that repeats
//! it, and would give the rarer form the weight of a rare word.
//!
//! It scores every matching document (no block-max pruning: every search
//! counts all its matches anyway), without a virtual call per document.

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// BM25 parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    /// Term-frequency saturation: lower means repeated words add less.
    pub k1: f32,
    /// Length normalisation, from 0 (none) to 1 (full).
    pub b: f32,
}

/// The parameters used for natural-language questions (measured on
/// SQuAD-it, see docs/EVALUATION.md).
pub const QUESTION_BM25: Bm25Params = Bm25Params { k1: 0.7, b: 0.9 };

/// tantivy's (and Lucene's) parameters, those of every other query.
pub const DEFAULT_BM25: Bm25Params = Bm25Params { k1: 1.2, b: 0.75 };

/// A term query scored with BM25 at the given parameters, times `boost`;
/// or several terms of one field scored as one.
#[derive(Clone)]
pub struct TunedTermQuery {
    /// One or more terms of one field.
    terms: Vec<Term>,
    /// The field whose lengths normalise the score (the term's own, unless
    /// [`TunedTermQuery::with_lengths_of`] says otherwise).
    lengths: Field,
    params: Bm25Params,
    boost: f32,
}

impl TunedTermQuery {
    /// Matches the documents containing `term`, scored by BM25 at `params`
    /// times `boost`.
    pub fn new(term: Term, params: Bm25Params, boost: f32) -> TunedTermQuery {
        TunedTermQuery {
            lengths: term.field(),
            terms: vec![term],
            params,
            boost,
        }
    }

    /// Also matches `term` (of the same field), scored with the others as
    /// one term: the sum of their frequencies in each document, the largest
    /// of their document frequencies.
    pub fn with_term(mut self, term: Term) -> TunedTermQuery {
        self.terms.push(term);
        self
    }

    /// Normalises by the lengths of `field` (the number of tokens of each
    /// article and their total) instead of the term's own field: for a field
    /// whose length counts something other than its words (`body_exact`
    /// ends with a mark), a field of the same words gives the lengths.
    pub fn with_lengths_of(mut self, field: Field) -> TunedTermQuery {
        self.lengths = field;
        self
    }
}

impl fmt::Debug for TunedTermQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TunedTermQuery")
            .field("terms", &self.terms)
            .field("lengths", &self.lengths)
            .field("params", &self.params)
            .field("boost", &self.boost)
            .finish()
    }
}

/// The inverse document frequency, as tantivy and Lucene compute it.
pub(crate) fn idf(doc_freq: u64, docs: u64) -> f32 {
    let df = doc_freq as f32;
    let n = docs as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

impl Query for TunedTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let (weight, average_length) = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let docs = statistics_provider.total_num_docs()?.max(1);
                let tokens = statistics_provider.total_num_tokens(self.lengths)?;
                let mut doc_freq = 0;
                for term in &self.terms {
                    doc_freq = doc_freq.max(statistics_provider.doc_freq(term)?);
                }
                let weight = idf(doc_freq, docs) * self.boost * (1.0 + self.params.k1);
                (weight, (tokens as f32 / docs as f32).max(1.0))
            }
            // Counting only: any constant will do.
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        Ok(Box::new(TunedTermWeight {
            terms: self.terms.clone(),
            lengths: self.lengths,
            weight,
            norms: length_norms(self.params, average_length),
        }))
    }
}

/// `k1 · (1 − b + b · length / average)` for each of tantivy's 256 encoded
/// field lengths, computed once per query term.
pub(crate) fn length_norms(params: Bm25Params, average_length: f32) -> [f32; 256] {
    let mut norms = [0.0; 256];
    for (id, norm) in norms.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
        *norm = params.k1 * (1.0 - params.b + params.b * length / average_length);
    }
    norms
}

struct TunedTermWeight {
    terms: Vec<Term>,
    lengths: Field,
    /// idf · boost · (k1 + 1).
    weight: f32,
    norms: [f32; 256],
}

impl TunedTermWeight {
    /// The postings of the terms that occur in this segment.
    fn postings(&self, reader: &SegmentReader) -> tantivy::Result<Vec<SegmentPostings>> {
        let mut found = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            let inverted = reader.inverted_index(term.field())?;
            if let Some(postings) = inverted.read_postings(term, IndexRecordOption::WithFreqs)? {
                found.push(postings);
            }
        }
        Ok(found)
    }
}

/// The scorer of a weight in one segment: over one term's postings (most
/// segments of most words) or over several, chosen once so that each loop
/// is compiled for its own postings.
enum SegmentScorer {
    One(TunedTermScorer<SegmentPostings>),
    Several(TunedTermScorer<SeveralPostings>),
}

impl TunedTermWeight {
    /// The scorer of this weight in `reader` (`None`: no term of the weight
    /// occurs in the segment).
    fn specialized(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<SegmentScorer>> {
        let mut postings = self.postings(reader)?;
        let fieldnorms = reader.get_fieldnorms_reader(self.lengths)?;
        let weight = self.weight * boost;
        let scorer = |postings| TunedTermScorer {
            postings,
            fieldnorms,
            weight,
            norms: self.norms,
        };
        Ok(match postings.len() {
            0 => None,
            1 => postings.pop().map(|one| SegmentScorer::One(scorer(one))),
            _ => Some(SegmentScorer::Several(TunedTermScorer {
                postings: SeveralPostings::new(postings),
                fieldnorms: reader.get_fieldnorms_reader(self.lengths)?,
                weight,
                norms: self.norms,
            })),
        })
    }
}

/// Calls `callback` with every document of `scorer` and its score.
fn for_each_scored<P: Frequencies>(
    scorer: &mut TunedTermScorer<P>,
    callback: &mut dyn FnMut(DocId, Score),
) {
    let mut doc = scorer.doc();
    while doc != TERMINATED {
        callback(doc, scorer.score());
        doc = scorer.advance();
    }
}

/// The documents of `docs` that `alive` keeps (all without deletions).
fn count_alive(docs: &mut impl DocSet, alive: Option<&tantivy::fastfield::AliveBitSet>) -> u32 {
    let mut count = 0;
    let mut doc = docs.doc();
    while doc != TERMINATED {
        count += u32::from(alive.is_none_or(|alive| alive.is_alive(doc)));
        doc = docs.advance();
    }
    count
}

impl Weight for TunedTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.specialized(reader, boost)? {
            Some(SegmentScorer::One(scorer)) => Box::new(scorer),
            Some(SegmentScorer::Several(scorer)) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Ok(Explanation::new("no match", 0.0));
        }
        Ok(Explanation::new("BM25 (tuned k1, b)", scorer.score()))
    }

    /// As the default, without a virtual call per document (as tantivy's
    /// own term weight does): a search scores every match.
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        match self.specialized(reader, 1.0)? {
            Some(SegmentScorer::One(mut scorer)) => for_each_scored(&mut scorer, callback),
            Some(SegmentScorer::Several(mut scorer)) => for_each_scored(&mut scorer, callback),
            None => {}
        }
        Ok(())
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        let alive = reader.alive_bitset();
        Ok(match self.specialized(reader, 1.0)? {
            Some(SegmentScorer::One(mut scorer)) => count_alive(&mut scorer.postings, alive),
            Some(SegmentScorer::Several(mut scorer)) => count_alive(&mut scorer.postings, alive),
            None => 0,
        })
    }
}

/// Postings with the frequency of their current document.
trait Frequencies: DocSet + 'static {
    fn frequency(&self) -> u32;
}

impl Frequencies for SegmentPostings {
    fn frequency(&self) -> u32 {
        self.term_freq()
    }
}

impl Frequencies for SeveralPostings {
    fn frequency(&self) -> u32 {
        self.term_freq()
    }
}

/// The union of several terms' postings: the longest list (the stem's,
/// usually) and a few short ones (its forms written as names), so that a
/// document of the long list alone costs little more than with one term.
struct SeveralPostings {
    long: SegmentPostings,
    short: Vec<SegmentPostings>,
    /// The current documents of the long list and of the short lists.
    long_doc: DocId,
    short_doc: DocId,
    doc: DocId,
}

impl SeveralPostings {
    fn new(mut postings: Vec<SegmentPostings>) -> SeveralPostings {
        let longest = (0..postings.len())
            .max_by_key(|&i| postings[i].size_hint())
            .unwrap_or(0);
        let long = postings.swap_remove(longest);
        let mut several = SeveralPostings {
            long_doc: long.doc(),
            long,
            short: postings,
            short_doc: TERMINATED,
            doc: TERMINATED,
        };
        several.settle_short();
        several
    }

    /// Recomputes the short lists' first document, and the current one.
    fn settle_short(&mut self) -> DocId {
        self.short_doc = self
            .short
            .iter()
            .map(DocSet::doc)
            .min()
            .unwrap_or(TERMINATED);
        self.doc = self.long_doc.min(self.short_doc);
        self.doc
    }

    #[inline]
    fn term_freq(&self) -> u32 {
        let mut freq = 0;
        if self.long_doc == self.doc {
            freq += self.long.term_freq();
        }
        if self.short_doc == self.doc {
            freq += self
                .short
                .iter()
                .filter(|p| p.doc() == self.doc)
                .map(|p| p.term_freq())
                .sum::<u32>();
        }
        freq
    }
}

impl DocSet for SeveralPostings {
    #[inline]
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        if self.long_doc == current {
            self.long_doc = self.long.advance();
        }
        if self.short_doc == current {
            for postings in &mut self.short {
                if postings.doc() == current {
                    postings.advance();
                }
            }
            return self.settle_short();
        }
        self.doc = self.long_doc.min(self.short_doc);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.long_doc < target {
            self.long_doc = self.long.seek(target);
        }
        if self.short_doc < target {
            for postings in &mut self.short {
                if postings.doc() < target {
                    postings.seek(target);
                }
            }
            return self.settle_short();
        }
        self.doc = self.long_doc.min(self.short_doc);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.long.size_hint() + self.short.iter().map(|p| p.size_hint()).sum::<u32>()
    }
}

struct TunedTermScorer<P> {
    postings: P,
    fieldnorms: FieldNormReader,
    weight: f32,
    norms: [f32; 256],
}

impl<P: Frequencies> DocSet for TunedTermScorer<P> {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl<P: Frequencies> Scorer for TunedTermScorer<P> {
    #[inline]
    fn score(&mut self) -> Score {
        let tf = self.postings.frequency() as f32;
        let norm = self.norms[usize::from(self.fieldnorms.fieldnorm_id(self.doc()))];
        self.weight * tf / (tf + norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more() {
        assert!(idf(1, 1000) > idf(10, 1000));
        assert!(idf(1000, 1000) > 0.0);
    }

    #[test]
    fn longer_fields_are_normalised_more() {
        let norms = length_norms(QUESTION_BM25, 50.0);
        assert!(norms[10] < norms[100]);
        assert!(norms.iter().all(|n| n.is_finite() && *n >= 0.0));
    }
}
