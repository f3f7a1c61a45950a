//! BM25 with its two parameters chosen, for natural-language questions.
//!
//! tantivy's `TermQuery` scores with BM25 at fixed `k1 = 1.2`, `b = 0.75`.
//! Questions run with any-word semantics ([`super::Mode::Any`]) rank better
//! with a lower `k1` (a word's fifth occurrence adds little over its first:
//! matching *more* question words matters more than repeating one) and a
//! higher `b` (a long paragraph that mentions a word is less about it than a
//! short one); docs/EVALUATION.md has the measurements. [`TunedTermQuery`]
//! is a term query with those parameters; everything else (postings, field
//! lengths, document frequencies) is tantivy's.
//!
//! It scores every matching document (no block-max pruning), which is fine
//! for the few clauses of a question; `Mode::All` keeps tantivy's own term
//! queries and their pruning.

use std::fmt;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

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

/// A term query scored with BM25 at the given parameters, times `boost`.
#[derive(Clone)]
pub struct TunedTermQuery {
    term: Term,
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
            term,
            params,
            boost,
        }
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
            .field("term", &self.term)
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
                let doc_freq = statistics_provider.doc_freq(&self.term)?;
                let weight = idf(doc_freq, docs) * self.boost * (1.0 + self.params.k1);
                (weight, (tokens as f32 / docs as f32).max(1.0))
            }
            // Counting only: any constant will do.
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        Ok(Box::new(TunedTermWeight {
            term: self.term.clone(),
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
    term: Term,
    lengths: Field,
    /// idf · boost · (k1 + 1).
    weight: f32,
    norms: [f32; 256],
}

impl TunedTermWeight {
    fn postings(&self, reader: &SegmentReader) -> tantivy::Result<Option<SegmentPostings>> {
        let inverted = reader.inverted_index(self.term.field())?;
        Ok(inverted.read_postings(&self.term, IndexRecordOption::WithFreqs)?)
    }
}

impl Weight for TunedTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(postings) = self.postings(reader)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let fieldnorms = reader.get_fieldnorms_reader(self.lengths)?;
        Ok(Box::new(TunedTermScorer {
            postings,
            fieldnorms,
            weight: self.weight * boost,
            norms: self.norms,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Ok(Explanation::new("no match", 0.0));
        }
        Ok(Explanation::new("BM25 (tuned k1, b)", scorer.score()))
    }
}

struct TunedTermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norms: [f32; 256],
}

impl DocSet for TunedTermScorer {
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

impl Scorer for TunedTermScorer {
    fn score(&mut self) -> Score {
        let tf = self.postings.term_freq() as f32;
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
