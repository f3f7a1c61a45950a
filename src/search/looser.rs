//! The looser forms of question words, scored from the exact-form field.
//!
//! A natural-language question is often worded differently from the article
//! that answers it (`petrolifera` / `petrolio`). Besides its stem and its
//! exact form, each question word therefore earns partial credit for its
//! first [`analysis::PREFIX_LEN`] letters and for its letter
//! [`analysis::GRAM_LEN`]-grams ([`analysis::prefix_of`],
//! [`analysis::for_each_gram`]), each form scored with BM25 at
//! [`bm25::QUESTION_BM25`] like a term of its own.
//!
//! # Why at query time
//!
//! These forms are not indexed. Indexing them (a prefix field and a gram
//! field, five or six grams per word) cost more than half of the CPU of an
//! index build, for a feature only `--any` questions use. Every form of an
//! indexed word is a function of the word, so the postings of a form are the
//! union of the postings of the `body_exact` terms that have it, with the
//! form's term frequency in an article the sum of theirs (times the number of
//! times the term has the form: `tatata` has the gram `tata` twice):
//! [`LooserFormsQuery`] matches the forms of a question against each
//! segment's exact-form vocabulary (listed once per process, see
//! `SegmentForms`), merges the postings of the terms that have them, and
//! computes BM25 from the merged counts. Document frequencies are counted
//! over the whole index, as tantivy would for an indexed term.
//!
//! The field lengths are those the indexed fields would have had: a word
//! has one prefix, so a prefix field's length is the article's length in
//! words (`body`'s field length); a word of n letters has n − 1 grams, and
//! each article's length in grams is indexed as one mark at the end of its
//! exact forms (`analysis::GramLengthMark`). The scores equal those of
//! indexed prefix and gram fields (a unit test compares them), and so do
//! the evaluation's figures (docs/EVALUATION.md).
//!
//! Only the articles a question's stems match are ranked, so these scores
//! only reorder matches (they are `Should` clauses beside the stems' `Must`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::{InvertedIndexReader, SegmentId};
use tantivy::postings::Postings;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

use super::bm25::{self, Bm25Params};
use super::segment_cache::SegmentCache;
use crate::analysis::{self, GramScratch};

/// A looser form of a question word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Form {
    /// The first [`analysis::PREFIX_LEN`] letters ([`analysis::prefix_of`]).
    Prefix(String),
    /// One letter gram ([`analysis::for_each_gram`]).
    Gram(String),
}

/// The prefix and gram forms of the exact (folded, unstemmed) form of a word.
pub fn forms_of(exact: &str) -> Vec<Form> {
    let mut forms = vec![Form::Prefix(
        analysis::prefix_of(exact, analysis::PREFIX_LEN).to_string(),
    )];
    analysis::for_each_gram(
        exact,
        analysis::GRAM_LEN,
        &mut GramScratch::default(),
        |gram| forms.push(Form::Gram(gram.to_string())),
    );
    forms
}

/// Scores articles by the looser forms of a question's words, each form with
/// its weight, as the sum of the forms' BM25 scores computed from the
/// exact-form field (see the module documentation). Matches every article
/// that has at least one of the forms; meant as a ranking-only clause.
#[derive(Clone)]
pub struct LooserFormsQuery {
    /// The stemmed body: its lengths are the articles' lengths in words.
    body_field: Field,
    /// The exact forms, ending with each article's gram-length mark.
    exact_field: Field,
    /// Distinct forms with their summed weights.
    forms: Vec<(Form, f32)>,
    params: Bm25Params,
}

impl fmt::Debug for LooserFormsQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LooserFormsQuery")
            .field("exact_field", &self.exact_field)
            .field("forms", &self.forms)
            .finish()
    }
}

impl LooserFormsQuery {
    /// `forms` with their weights; a form given twice counts twice, as two
    /// clauses of the same term would.
    pub fn new(
        body_field: Field,
        exact_field: Field,
        forms: impl IntoIterator<Item = (Form, f32)>,
        params: Bm25Params,
    ) -> LooserFormsQuery {
        let mut distinct: Vec<(Form, f32)> = Vec::new();
        for (form, weight) in forms {
            match distinct.iter_mut().find(|(known, _)| *known == form) {
                Some((_, total)) => *total += weight,
                None => distinct.push((form, weight)),
            }
        }
        LooserFormsQuery {
            body_field,
            exact_field,
            forms: distinct,
            params,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// For each form, the (document, term frequency) pairs of one segment,
    /// sorted by document.
    fn segment_frequencies(
        &self,
        inverted: &InvertedIndexReader,
        vocabulary: &SegmentForms,
    ) -> tantivy::Result<Vec<Vec<(DocId, u32)>>> {
        let matcher = FormMatcher::new(&self.forms);
        // The exact terms having each form, with how many times they have it.
        let mut having: Vec<Vec<(tantivy::postings::TermInfo, u32)>> =
            vec![Vec::new(); self.forms.len()];
        let mut counts: Vec<(usize, u32)> = Vec::new();
        for term in vocabulary.terms() {
            counts.clear();
            matcher.forms_of_term(term, &mut counts);
            if counts.is_empty() {
                continue;
            }
            let Some(info) = inverted.terms().get(term)? else {
                continue;
            };
            for &(i, times) in &counts {
                having[i].push((info.clone(), times));
            }
        }
        // Merge their postings into one (document, frequency) list per form.
        let mut per_form = Vec::with_capacity(self.forms.len());
        for terms in having {
            let mut pairs: Vec<(DocId, u32)> = Vec::new();
            for (info, times) in terms {
                let mut postings =
                    inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    pairs.push((doc, postings.term_freq() * times));
                    doc = postings.advance();
                }
            }
            sum_by_document(&mut pairs);
            per_form.push(pairs);
        }
        Ok(per_form)
    }
}

/// What questions need from one segment's exact-form field, read once.
///
/// Walking tantivy's term dictionary (an FST) for every question costs more
/// than the rest of the question; segments never change, so each segment's
/// terms are listed once per process and kept (about the size of the
/// dictionary itself) while the segment is in use, with the articles'
/// lengths in grams read from their marks.
struct SegmentForms {
    /// The words of the dictionary, packed (marks left out).
    bytes: Vec<u8>,
    /// End of each word in `bytes`.
    ends: Vec<usize>,
    /// Each article's length in letter grams (from its mark).
    gram_lengths: Vec<u32>,
    /// Their sum.
    total_grams: u64,
}

impl SegmentForms {
    fn read(inverted: &InvertedIndexReader, max_doc: u32) -> tantivy::Result<SegmentForms> {
        let mut forms = SegmentForms {
            bytes: Vec::new(),
            ends: Vec::with_capacity(inverted.terms().num_terms()),
            gram_lengths: vec![0; max_doc as usize],
            total_grams: 0,
        };
        let mut marks = Vec::new();
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            match analysis::parse_gram_length_mark(stream.key()) {
                Some(grams) => marks.push((grams, stream.value().clone())),
                None => {
                    forms.bytes.extend_from_slice(stream.key());
                    forms.ends.push(forms.bytes.len());
                }
            }
        }
        for (grams, info) in marks {
            let grams = u32::try_from(grams).unwrap_or(u32::MAX);
            let mut postings =
                inverted.read_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if let Some(length) = forms.gram_lengths.get_mut(doc as usize) {
                    *length = grams;
                    forms.total_grams += u64::from(grams);
                }
                doc = postings.advance();
            }
        }
        Ok(forms)
    }

    fn terms(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.bytes[start..end])
    }
}

/// The vocabularies read, kept while a reader holds their segment
/// (`segment_cache::SegmentsWarmer`).
static SEGMENTS: SegmentCache<SegmentId, SegmentForms> = SegmentCache::new();

/// The [`SegmentForms`] of a segment's exact-form field, read on first use.
fn segment_forms(
    segment: SegmentId,
    inverted: &InvertedIndexReader,
    max_doc: u32,
) -> tantivy::Result<Arc<SegmentForms>> {
    SEGMENTS.get_or_read(segment, || SegmentForms::read(inverted, max_doc))
}

/// Finds which of a question's forms an indexed exact term has. The
/// dictionary walk calls it for every term of a segment, so the common case
/// (an ASCII term, as folded Italian words are) compares bytes and packed
/// 4-byte grams; other terms go through [`analysis::for_each_gram`].
struct FormMatcher<'a> {
    /// (prefix, form index).
    prefixes: Vec<(&'a [u8], usize)>,
    /// (packed ASCII gram, form index), sorted.
    ascii_grams: Vec<(u32, usize)>,
    /// A Bloom filter of `ascii_grams`' keys, one bit per [`bloom_bit`]: most
    /// grams of most terms are rejected by one bit test.
    bloom: Vec<u64>,
    /// Other grams (non-ASCII, or numbers kept whole), by text.
    other_grams: HashMap<&'a str, usize>,
    scratch: RefCell<GramScratch>,
    /// The ASCII term being matched, marked with `_` at both ends.
    marked: RefCell<Vec<u8>>,
}

/// Words of the Bloom filter of [`FormMatcher`]: 2^16 bits.
const BLOOM_WORDS: usize = 1 << 10;

/// The Bloom filter bit of a packed gram (multiplicative hashing).
fn bloom_bit(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// A gram of at most four ASCII bytes as one number (shorter ones padded
/// with zero bytes, which no term contains).
fn pack(gram: &[u8]) -> Option<u32> {
    if gram.len() > 4 || !gram.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; 4];
    bytes[..gram.len()].copy_from_slice(gram);
    Some(u32::from_le_bytes(bytes))
}

impl<'a> FormMatcher<'a> {
    fn new(forms: &'a [(Form, f32)]) -> FormMatcher<'a> {
        let mut matcher = FormMatcher {
            prefixes: Vec::new(),
            ascii_grams: Vec::new(),
            bloom: vec![0; BLOOM_WORDS],
            other_grams: HashMap::new(),
            scratch: Default::default(),
            marked: Default::default(),
        };
        for (i, (form, _)) in forms.iter().enumerate() {
            match form {
                Form::Prefix(text) => matcher.prefixes.push((text.as_bytes(), i)),
                Form::Gram(text) => {
                    let has_letter = text.chars().any(char::is_alphabetic);
                    match pack(text.as_bytes()).filter(|_| has_letter) {
                        Some(key) => matcher.ascii_grams.push((key, i)),
                        None => {
                            matcher.other_grams.insert(text.as_str(), i);
                        }
                    }
                }
            }
        }
        matcher.ascii_grams.sort_unstable();
        for &(key, _) in &matcher.ascii_grams {
            let bit = bloom_bit(key);
            matcher.bloom[bit / 64] |= 1 << (bit % 64);
        }
        matcher
    }

    /// Adds (form index, times the term has it) for each form `term` has.
    fn forms_of_term(&self, term: &[u8], counts: &mut Vec<(usize, u32)>) {
        let mut add = |i: usize| match counts.iter_mut().find(|(form, _)| *form == i) {
            Some((_, n)) => *n += 1,
            None => counts.push((i, 1)),
        };
        if term.is_ascii() {
            let has_letter = term.iter().any(u8::is_ascii_alphabetic);
            let prefix = if has_letter {
                &term[..term.len().min(analysis::PREFIX_LEN)]
            } else {
                term
            };
            for &(known, i) in &self.prefixes {
                if known == prefix {
                    add(i);
                }
            }
            if !has_letter {
                if let Some(&i) = std::str::from_utf8(term)
                    .ok()
                    .and_then(|t| self.other_grams.get(t))
                {
                    add(i);
                }
                return;
            }
            if self.ascii_grams.is_empty() {
                return;
            }
            let mut marked = self.marked.borrow_mut();
            marked.clear();
            marked.push(b'_');
            marked.extend_from_slice(term);
            marked.push(b'_');
            let marked = marked.as_slice();
            let len = analysis::GRAM_LEN;
            let mut find = |gram: &[u8]| {
                let Some(key) = pack(gram) else {
                    return;
                };
                let bit = bloom_bit(key);
                if self.bloom[bit / 64] & (1 << (bit % 64)) != 0 {
                    let at = self.ascii_grams.partition_point(|&(k, _)| k < key);
                    for &(k, i) in &self.ascii_grams[at..] {
                        if k != key {
                            break;
                        }
                        add(i);
                    }
                }
            };
            if marked.len() <= len {
                find(marked);
            } else {
                marked.windows(len).for_each(&mut find);
            }
            return;
        }
        let Ok(word) = std::str::from_utf8(term) else {
            return;
        };
        let prefix = analysis::prefix_of(word, analysis::PREFIX_LEN).as_bytes();
        for &(known, i) in &self.prefixes {
            if known == prefix {
                add(i);
            }
        }
        if !self.other_grams.is_empty() {
            let mut scratch = self.scratch.borrow_mut();
            analysis::for_each_gram(word, analysis::GRAM_LEN, &mut scratch, |gram| {
                if let Some(&i) = self.other_grams.get(gram) {
                    add(i);
                }
            });
        }
    }
}

impl Query for LooserFormsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let EnableScoring::Enabled {
            searcher,
            statistics_provider,
        } = scoring
        else {
            // Counting only: a ranking clause adds nothing.
            return Ok(Box::new(LooserFormsWeight::default()));
        };
        // Per segment: its reader, its vocabulary and gram lengths, and each
        // form's (document, term frequency) pairs.
        let mut segments = Vec::new();
        let mut doc_freqs = vec![0u64; self.forms.len()];
        let mut grams = 0u64;
        for reader in searcher.segment_readers() {
            let inverted = reader.inverted_index(self.exact_field)?;
            let vocabulary = segment_forms(reader.segment_id(), &inverted, reader.max_doc())?;
            let per_form = self.segment_frequencies(&inverted, &vocabulary)?;
            for (total, pairs) in doc_freqs.iter_mut().zip(&per_form) {
                *total += pairs.len() as u64;
            }
            grams += vocabulary.total_grams;
            segments.push((reader, vocabulary, per_form));
        }
        let docs = statistics_provider.total_num_docs()?.max(1);
        let average = |total: u64| (total as f32 / docs as f32).max(1.0);
        let words = statistics_provider.total_num_tokens(self.body_field)?;
        let norms = FormNorms {
            words: bm25::length_norms(self.params, average(words)),
            grams: bm25::length_norms(self.params, average(grams)),
        };
        // idf · weight · (k1 + 1) of each form.
        let form_weights: Vec<f32> = self
            .forms
            .iter()
            .zip(&doc_freqs)
            .map(|((_, weight), &df)| bm25::idf(df, docs) * weight * (1.0 + self.params.k1))
            .collect();
        let mut scores = HashMap::new();
        for (reader, vocabulary, per_form) in segments {
            let lengths = SegmentLengths {
                words: reader.get_fieldnorms_reader(self.body_field)?,
                grams: vocabulary,
            };
            let scored = self.segment_scores(&per_form, &form_weights, &norms, &lengths);
            scores.insert(reader.segment_id(), scored);
        }
        Ok(Box::new(LooserFormsWeight { scores }))
    }
}

/// BM25's length normalisation for each encoded field length, by the
/// article's length in words (prefixes) and in grams (grams).
struct FormNorms {
    words: [f32; 256],
    grams: [f32; 256],
}

/// The lengths of a segment's articles.
struct SegmentLengths {
    words: FieldNormReader,
    /// Holds the lengths in grams.
    grams: Arc<SegmentForms>,
}

impl LooserFormsQuery {
    /// The summed BM25 score of the forms for each document of a segment,
    /// sorted by document.
    fn segment_scores(
        &self,
        per_form: &[Vec<(DocId, u32)>],
        form_weights: &[f32],
        norms: &FormNorms,
        lengths: &SegmentLengths,
    ) -> Vec<(DocId, Score)> {
        let mut scored: Vec<(DocId, Score)> = Vec::new();
        for ((pairs, &weight), (form, _)) in per_form.iter().zip(form_weights).zip(&self.forms) {
            for &(doc, tf) in pairs {
                let norm = match form {
                    Form::Prefix(_) => norms.words[usize::from(lengths.words.fieldnorm_id(doc))],
                    Form::Gram(_) => {
                        let grams = lengths.grams.gram_lengths.get(doc as usize).copied();
                        norms.grams
                            [usize::from(FieldNormReader::fieldnorm_to_id(grams.unwrap_or(0)))]
                    }
                };
                let tf = tf as f32;
                scored.push((doc, weight * tf / (tf + norm)));
            }
        }
        sum_by_document(&mut scored);
        scored
    }
}

/// Sorts (document, value) pairs by document and adds up the values of each
/// document into one pair.
fn sum_by_document<T: std::ops::AddAssign + Copy>(pairs: &mut Vec<(DocId, T)>) {
    pairs.sort_by_key(|&(doc, _)| doc);
    pairs.dedup_by(|later, kept| {
        if later.0 == kept.0 {
            kept.1 += later.1;
            true
        } else {
            false
        }
    });
}

#[derive(Default)]
struct LooserFormsWeight {
    /// Per segment, the score of each document that has a form.
    scores: HashMap<SegmentId, Vec<(DocId, Score)>>,
}

impl Weight for LooserFormsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.scores.get(&reader.segment_id()) {
            Some(scores) if !scores.is_empty() => Ok(Box::new(ListScorer {
                scores: scores.clone(),
                at: 0,
                boost,
            })),
            _ => Ok(Box::new(EmptyScorer)),
        }
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Ok(Explanation::new("no looser form", 0.0));
        }
        Ok(Explanation::new(
            "BM25 of prefixes and grams (tuned k1, b)",
            scorer.score(),
        ))
    }
}

/// Walks a precomputed list of (document, score).
struct ListScorer {
    scores: Vec<(DocId, Score)>,
    at: usize,
    boost: Score,
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.scores[self.at.min(self.scores.len())..];
        self.at += rest.partition_point(|&(doc, _)| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.scores.get(self.at).map_or(TERMINATED, |&(doc, _)| doc)
    }

    fn size_hint(&self) -> u32 {
        self.scores.len().saturating_sub(self.at) as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.scores
            .get(self.at)
            .map_or(0.0, |&(_, score)| score * self.boost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur};
    use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::TextAnalyzer;
    use tantivy::{Index, TantivyDocument, Term};

    use crate::analysis::{exact_analyzer, FoldFilter, GramFilter, ItalianTokenizer, PrefixFilter};
    use crate::index::schema::build_schema;
    use crate::index::Fields;

    const ARTICLES: [&str; 6] = [
        "La crisi petrolifera del 1973 colpì l'Italia: domeniche a piedi e prezzi alle stelle.",
        "Il prezzo del petrolio è salito ancora; la crisi del greggio preoccupa il governo.",
        "Tatata tatata: il rullo dei tamburi aprì la festa del paese, tra canti e balli.",
        "Il governo ha approvato il decreto sul prezzo dei carburanti dopo una lunga crisi.",
        "Nessuna parola in comune con le domande qui.",
        "",
    ];

    /// Each article's score for the looser forms of `question`, through
    /// [`LooserFormsQuery`] on the product's schema.
    fn derived_scores(question: &str) -> Vec<f32> {
        let schema = build_schema();
        let fields = Fields::from_schema(&schema).expect("schema");
        let index = Index::create_in_ram(schema);
        analysis::register(&index);
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for text in ARTICLES {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.body, text);
            doc.add_text(fields.body_exact, text);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let forms: Vec<(Form, f32)> = exact_words(question)
            .iter()
            .flat_map(|word| forms_of(word))
            .map(|form| (form, 1.0))
            .collect();
        let query =
            LooserFormsQuery::new(fields.body, fields.body_exact, forms, bm25::QUESTION_BM25);
        scores(&index, &query)
    }

    /// The same scores from prefix and gram fields indexed as such, the way
    /// rassegna did before deriving them.
    fn indexed_scores(question: &str) -> Vec<f32> {
        let mut builder = Schema::builder();
        let field = |builder: &mut tantivy::schema::SchemaBuilder, name: &str| {
            builder.add_text_field(
                name,
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(name)
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            )
        };
        let prefix = field(&mut builder, "prefix");
        let grams = field(&mut builder, "grams");
        let index = Index::create_in_ram(builder.build());
        let base = || {
            TextAnalyzer::builder(ItalianTokenizer::default())
                .filter(FoldFilter)
                .filter(analysis::stop_word_filter())
        };
        let prefixes = base()
            .filter(PrefixFilter {
                len: analysis::PREFIX_LEN,
            })
            .build();
        let gram_analyzer = base()
            .filter(GramFilter {
                len: analysis::GRAM_LEN,
            })
            .build();
        index.tokenizers().register("prefix", prefixes);
        index.tokenizers().register("grams", gram_analyzer);
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for text in ARTICLES {
            let mut doc = TantivyDocument::default();
            doc.add_text(prefix, text);
            doc.add_text(grams, text);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in exact_words(question) {
            for form in forms_of(&word) {
                let term = match form {
                    Form::Prefix(text) => Term::from_field_text(prefix, &text),
                    Form::Gram(text) => Term::from_field_text(grams, &text),
                };
                let clause = bm25::TunedTermQuery::new(term, bm25::QUESTION_BM25, 1.0);
                clauses.push((Occur::Should, Box::new(clause)));
            }
        }
        scores(&index, &BooleanQuery::new(clauses))
    }

    fn exact_words(text: &str) -> Vec<String> {
        let mut analyzer = exact_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        words
    }

    /// The score of every article (0 when it does not match), in order.
    fn scores(index: &Index, query: &dyn Query) -> Vec<f32> {
        let searcher = index.reader().expect("reader").searcher();
        let top = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search");
        let mut scores = vec![0.0; ARTICLES.len()];
        for (score, address) in top {
            scores[address.doc_id as usize] = score;
        }
        scores
    }

    #[test]
    fn derived_forms_score_as_indexed_forms_would() {
        for question in [
            "crisi petrolio",
            "Quando ci fu la crisi petrolifera?",
            "tatata tamburi",
            "prezzi governativi 1973",
            "parola",
        ] {
            let derived = derived_scores(question);
            let indexed = indexed_scores(question);
            assert!(derived.iter().any(|&score| score > 0.0), "{question}");
            for (d, i) in derived.iter().zip(&indexed) {
                assert!(
                    (d - i).abs() <= 1e-4 * i.abs().max(1.0),
                    "{question}: {derived:?} {indexed:?}"
                );
            }
        }
    }

    #[test]
    fn forms_of_a_word() {
        assert_eq!(
            forms_of("crisi"),
            [
                Form::Prefix("crisi".into()),
                Form::Gram("_cri".into()),
                Form::Gram("cris".into()),
                Form::Gram("risi".into()),
                Form::Gram("isi_".into()),
            ]
        );
        assert_eq!(
            forms_of("1973"),
            [Form::Prefix("1973".into()), Form::Gram("1973".into())]
        );
    }

    #[test]
    fn a_form_given_twice_weighs_twice() {
        let mut schema = tantivy::schema::Schema::builder();
        let field = schema.add_text_field("x", tantivy::schema::TEXT);
        let lengths = schema.add_u64_field("n", tantivy::schema::FAST);
        let query = LooserFormsQuery::new(
            field,
            lengths,
            [
                (Form::Gram("tata".into()), 1.0),
                (Form::Gram("tata".into()), 1.0),
                (Form::Prefix("tatat".into()), 0.5),
            ],
            bm25::QUESTION_BM25,
        );
        assert_eq!(
            query.forms,
            [
                (Form::Gram("tata".into()), 2.0),
                (Form::Prefix("tatat".into()), 0.5)
            ]
        );
    }
}
