//! Compiling a parsed query ([`super::parse`]) into a tantivy query over
//! the index, with the same analyzers used at index time, and gathering what
//! the highlighter and the messages need: the body terms to highlight, the
//! words that were not searched, notes on how the query was read.
//!
//! Words combine by [`Mode`]: all must match, or any (natural-language
//! questions, ranked with looser word forms). `prefix*` is expanded against
//! the term dictionary, within [`MAX_PREFIX_EXPANSIONS`] per prefix and
//! [`MAX_QUERY_EXPANSIONS`] per query, so memory and time stay bounded.

use std::collections::BTreeSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::parse::{thousands, Expr, Parsed, Scope};
use crate::analysis;
use crate::error::{Error, Result};
use crate::index::Fields;
use crate::search::bm25;
use crate::search::looser::{self, Form, LooserFormsQuery};

/// How words without an operator between them combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Every word must match (the default, as in web search engines).
    #[default]
    All,
    /// Any word may match; more matches rank higher (for natural-language questions).
    Any,
}

/// Most terms one `prefix*` expands to, like Lucene's max expansions: enough
/// for any real prefix, bounded so that `a*` stays fast. A prefix that has
/// more gets the first ones in alphabetical order, and a note says so.
pub const MAX_PREFIX_EXPANSIONS: usize = 200;

/// Most terms all the prefixes of one query expand to together: each term is
/// a clause with its own postings to read, so without this bound 5,000
/// two-letter prefixes took 3.3 GB and 12 s.
pub const MAX_QUERY_EXPANSIONS: usize = 2_000;

/// A query ready to run, with what the highlighter and the messages need.
pub struct CompiledQuery {
    pub query: Box<dyn Query>,
    /// Analyzed body terms of the positive clauses: what to highlight.
    pub highlight_terms: BTreeSet<String>,
    /// Words that were not searched, each once: common words (which
    /// produce no term) and, in [`Mode::Any`], question words.
    pub ignored_words: Vec<String>,
    /// How the query was read where that differs from its letter (from the
    /// parser), and prefixes cut at [`MAX_PREFIX_EXPANSIONS`].
    pub notes: Vec<String>,
    /// True when the text query is empty or `*`: every article matches.
    pub matches_all: bool,
    /// True when every word of the query was a stop word: nothing can match.
    pub only_stop_words: bool,
}

/// Turns a parsed query into a tantivy query over the index behind
/// `searcher`. Fails only with [`Error::QueryLimit`], when the query's
/// prefixes expand to more than [`MAX_QUERY_EXPANSIONS`] terms.
pub fn compile(
    parsed: &Parsed,
    mode: Mode,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<CompiledQuery> {
    let mut compiler = Compiler {
        fields,
        searcher,
        body_analyzer: analysis::italian_analyzer(),
        names_analyzer: analysis::names_analyzer(),
        exact_analyzer: analysis::exact_analyzer(),
        highlight_terms: BTreeSet::new(),
        ignored_words: Vec::new(),
        notes: parsed.notes.clone(),
        expansions_left: MAX_QUERY_EXPANSIONS,
        over_budget: Vec::new(),
        mode,
    };
    let expr = &parsed.expr;
    let built = compiler.build(expr, true);
    if !compiler.over_budget.is_empty() {
        // Named, but not all of them: the message stays short.
        const NAMED: usize = 5;
        let over = &compiler.over_budget;
        let mut named = over[..over.len().min(NAMED)].join(", ");
        if over.len() > NAMED {
            named.push_str(&format!(" and {} more", over.len() - NAMED));
        }
        return Err(Error::QueryLimit(format!(
            "the prefixes of this query expand to more than {} words together ({named} got none left); use fewer or longer prefixes",
            thousands(MAX_QUERY_EXPANSIONS),
        )));
    }
    let matches_all = matches!(expr, Expr::All);
    let only_stop_words = built.is_none();
    Ok(CompiledQuery {
        // Only common words (stop words): nothing indexed can match them.
        query: built.unwrap_or_else(|| Box::new(EmptyQuery)),
        highlight_terms: compiler.highlight_terms,
        ignored_words: compiler.ignored_words,
        notes: compiler.notes,
        matches_all,
        only_stop_words,
    })
}

struct Compiler<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    body_analyzer: TextAnalyzer,
    names_analyzer: TextAnalyzer,
    exact_analyzer: TextAnalyzer,
    highlight_terms: BTreeSet<String>,
    ignored_words: Vec<String>,
    notes: Vec<String>,
    /// Terms the query's prefixes may still expand to.
    expansions_left: usize,
    /// Prefixes that found the budget spent (`a*`).
    over_budget: Vec<String>,
    mode: Mode,
}

impl Compiler<'_> {
    /// Records a word that was not searched, once however often it is typed.
    fn ignore(&mut self, word: String) {
        if !self.ignored_words.contains(&word) {
            self.ignored_words.push(word);
        }
    }

    /// `None` means "no constraint" (a stop word, an empty group).
    fn build(&mut self, expr: &Expr, positive: bool) -> Option<Box<dyn Query>> {
        match expr {
            Expr::All => Some(Box::new(AllQuery)),
            Expr::Word {
                scope,
                text,
                prefix,
            } => {
                let built = if *prefix {
                    self.prefix(*scope, text, positive)
                } else {
                    self.text(*scope, text, positive)
                };
                if built.is_none() {
                    self.ignore(text.clone());
                }
                built
            }
            Expr::Phrase { scope, text } => {
                let built = self.text(*scope, text, positive);
                if built.is_none() {
                    self.ignore(format!("\"{text}\""));
                }
                built
            }
            Expr::Not(inner) => {
                // A lone negation: everything except what it matches.
                let excluded = self.build(inner, !positive)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, excluded),
                ])))
            }
            Expr::Required(inner) => self.build(inner, positive),
            Expr::And(items) => self.combine(items, Occur::Must, positive),
            Expr::Implicit(items) => match self.mode {
                Mode::All => self.combine(items, Occur::Must, positive),
                Mode::Any => self.any_of(items, positive),
            },
            Expr::Or(items) => self.combine(items, Occur::Should, positive),
        }
    }

    fn combine(&mut self, items: &[Expr], occur: Occur, positive: bool) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for item in items {
            clauses.extend(self.clause(item, occur, positive));
        }
        if clauses.is_empty() {
            return None;
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// One member of a list combined with `occur`: `-x` and `+x` override it.
    fn clause(
        &mut self,
        item: &Expr,
        occur: Occur,
        positive: bool,
    ) -> Option<(Occur, Box<dyn Query>)> {
        let (item_occur, inner) = match item {
            Expr::Not(inner) => (Occur::MustNot, inner.as_ref()),
            Expr::Required(inner) => (Occur::Must, inner.as_ref()),
            other => (occur, other),
        };
        let item_positive = positive == (item_occur != Occur::MustNot);
        self.build(inner, item_positive)
            .map(|query| (item_occur, query))
    }

    /// Words side by side in [`Mode::Any`], as natural-language questions
    /// are run: any word may match and each adds its score, so articles
    /// matching more (and rarer) words rank higher. Each refinement below was
    /// measured on judged questions (docs/EVALUATION.md):
    ///
    /// * question words (`quando`, `cosa`, `quali`…) are dropped when the
    ///   query has other words: they say what kind of answer is wanted, not
    ///   what it is about, and the answer rarely contains them;
    /// * which articles match is decided by the stems in `body`, as for any
    ///   other query (so every hit has a highlighted word); how they rank
    ///   also counts, with the weights of [`QUESTION_FORMS`], each word's
    ///   exact form, its first five letters and its letter 4-grams, so that
    ///   an article worded differently from the question (`petrolifera` /
    ///   `petrolio`) still ranks well; all scored by BM25 with the
    ///   parameters of [`bm25::QUESTION_BM25`];
    /// * every pair of consecutive words adds a bonus clause matching them
    ///   close together in the article ([`PROXIMITY_SLOP`]), so an article
    ///   that says "crisi petrolifera" outranks one that has "crisi" and
    ///   "petrolifera" in unrelated sentences.
    ///
    /// Phrases, exclusions, prefixes and scoped words keep their meaning.
    fn any_of(&mut self, items: &[Expr], positive: bool) -> Option<Box<dyn Query>> {
        if !positive {
            return self.combine(items, Occur::Should, positive);
        }
        let is_question = |item: &Expr| {
            matches!(item, Expr::Word { scope: Scope::Body, text, prefix: false }
                if analysis::is_question_word(text))
        };
        let kept: Vec<&Expr> = if items.iter().all(is_question) {
            items.iter().collect()
        } else {
            let (questions, kept): (Vec<&Expr>, Vec<&Expr>) =
                items.iter().partition(|item| is_question(item));
            for question in questions {
                if let Expr::Word { text, .. } = question {
                    self.ignore(text.clone());
                }
            }
            kept
        };
        // What decides the match: stems of plain words, and the other items.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // What only adds to the score of articles that match.
        let mut bonuses: Vec<Box<dyn Query>> = Vec::new();
        // The prefixes and grams of the plain words, with their weights.
        let mut forms: Vec<(Form, f32)> = Vec::new();
        // Body stems of the plain words, in query order; stop words are
        // already gone, so `crisi del petrolio` pairs `crisi` with `petrol`.
        let mut sequence: Vec<Term> = Vec::new();
        for item in kept {
            match item {
                Expr::Word {
                    scope: Scope::Body,
                    text,
                    prefix: false,
                } => {
                    let stems = analyzed_terms(&mut self.body_analyzer, self.fields.body, text);
                    if stems.is_empty() {
                        self.ignore(text.clone());
                        continue;
                    }
                    for (_, term) in &stems {
                        if let Some(stem) = term.value().as_str() {
                            self.highlight_terms.insert(stem.to_string());
                        }
                        clauses.push((Occur::Should, tuned(term.clone(), QUESTION_FORMS.stem)));
                    }
                    sequence.extend(stems.into_iter().map(|(_, term)| term));
                    bonuses.extend(self.looser_forms(text, &mut forms));
                }
                other => clauses.extend(self.clause(other, Occur::Should, positive)),
            }
        }
        if clauses.is_empty() {
            return None;
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let words: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let looser = LooserFormsQuery::new(
            self.fields.body,
            self.fields.body_exact,
            forms,
            bm25::QUESTION_BM25,
        );
        if !looser.is_empty() {
            bonuses.push(Box::new(looser));
        }
        bonuses.extend(proximity_clauses(
            &sequence,
            PROXIMITY_SLOP,
            PROXIMITY_BOOST,
        ));
        if bonuses.is_empty() {
            return Some(words);
        }
        let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        all.extend(bonuses.into_iter().map(|q| (Occur::Should, q)));
        Some(Box::new(BooleanQuery::new(all)))
    }

    /// The ranking-only clauses of one plain question word: its exact form
    /// in `body_exact`, and its prefix and grams (added to `forms`, which
    /// become one [`LooserFormsQuery`] for the whole question), weighted by
    /// [`QUESTION_FORMS`].
    fn looser_forms(&mut self, text: &str, forms: &mut Vec<(Form, f32)>) -> Vec<Box<dyn Query>> {
        let exact = analyzed_terms(&mut self.exact_analyzer, self.fields.body_exact, text);
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for (_, term) in exact {
            if let Some(word) = term.value().as_str() {
                forms.extend(looser::forms_of(word).into_iter().map(|form| {
                    let weight = match form {
                        Form::Prefix(_) => QUESTION_FORMS.prefix,
                        Form::Gram(_) => QUESTION_FORMS.grams,
                    };
                    (form, weight)
                }));
            }
            // `body_exact` ends with a gram-length mark: `body` has the
            // same words, and so the article's length in words.
            clauses.push(Box::new(
                bm25::TunedTermQuery::new(term, bm25::QUESTION_BM25, QUESTION_FORMS.exact)
                    .with_lengths_of(self.fields.body),
            ));
        }
        clauses
    }

    fn field_and_analyzer(&mut self, scope: Scope) -> (Field, &mut TextAnalyzer) {
        match scope {
            Scope::Body => (self.fields.body, &mut self.body_analyzer),
            Scope::Person => (self.fields.person, &mut self.names_analyzer),
            Scope::Author => (self.fields.author, &mut self.names_analyzer),
        }
    }

    /// A word or phrase: one term, or a phrase of the terms the analyzer
    /// makes of it (`e-mail`, `"ministro degli esteri"`).
    fn text(&mut self, scope: Scope, text: &str, positive: bool) -> Option<Box<dyn Query>> {
        let (field, analyzer) = self.field_and_analyzer(scope);
        let terms = analyzed_terms(analyzer, field, text);
        if positive && scope == Scope::Body {
            for (_, term) in &terms {
                if let Some(text) = term.value().as_str() {
                    self.highlight_terms.insert(text.to_string());
                }
            }
        }
        term_or_phrase(terms)
    }

    /// `prefix*`: every indexed term that starts with the prefix (after the
    /// same folding and stemming as the text), up to [`MAX_PREFIX_EXPANSIONS`]
    /// and what is left of the query's [`MAX_QUERY_EXPANSIONS`].
    fn prefix(&mut self, scope: Scope, text: &str, positive: bool) -> Option<Box<dyn Query>> {
        let folded = analysis::fold(text);
        let (field, analyzer) = self.field_and_analyzer(scope);
        let analyzed = analyzed_terms(analyzer, field, text);
        // Stemming only removes endings, so the stem (when it is a prefix of
        // what was typed) finds every inflection the typed prefix could.
        let prefix = match analyzed.as_slice() {
            [(_, term)] => term
                .value()
                .as_str()
                .filter(|stem| folded.starts_with(stem))
                .unwrap_or(&folded)
                .to_string(),
            _ => folded,
        };
        let limit = MAX_PREFIX_EXPANSIONS.min(self.expansions_left);
        if limit == 0 {
            self.over_budget.push(format!("{text}*"));
            return Some(Box::new(EmptyQuery));
        }
        let (expansions, more) = expand_prefix(self.searcher, field, &prefix, limit);
        self.expansions_left -= expansions.len();
        if more && limit == MAX_PREFIX_EXPANSIONS {
            let note = format!(
                "{text}* matches more than {MAX_PREFIX_EXPANSIONS} words; only the first {MAX_PREFIX_EXPANSIONS} in alphabetical order were searched: use a longer prefix"
            );
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        } else if more {
            self.over_budget.push(format!("{text}*"));
        }
        if positive && scope == Scope::Body {
            self.highlight_terms.extend(expansions.iter().cloned());
        }
        if expansions.is_empty() {
            return Some(Box::new(EmptyQuery));
        }
        let alternatives: Vec<Box<dyn Query>> = expansions
            .iter()
            .map(|t| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, t),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>
            })
            .collect();
        Some(Box::new(BooleanQuery::union(alternatives)))
    }
}

/// How far apart (in words, stop words included) two consecutive query
/// words may be for the proximity bonus of [`Mode::Any`].
pub const PROXIMITY_SLOP: u32 = 3;

/// Weight of each proximity bonus (a phrase query's BM25 score) relative to
/// a word's own score: small, it reorders near ties.
pub const PROXIMITY_BOOST: f32 = 0.1;

/// Weights of the forms a plain question word is scored in ([`Mode::Any`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormWeights {
    /// The stem, in `body`.
    pub stem: f32,
    /// The unstemmed word, in `body_exact`.
    pub exact: f32,
    /// Its first five letters ([`LooserFormsQuery`]).
    pub prefix: f32,
    /// Each of its letter 4-grams ([`LooserFormsQuery`]).
    pub grams: f32,
}

/// The weights used, measured on SQuAD-it (docs/EVALUATION.md): the stem
/// a little above the looser forms.
pub const QUESTION_FORMS: FormWeights = FormWeights {
    stem: 1.2,
    exact: 0.7,
    prefix: 1.0,
    grams: 1.0,
};

/// A question word's term query: BM25 at [`bm25::QUESTION_BM25`], times `weight`.
fn tuned(term: Term, weight: f32) -> Box<dyn Query> {
    Box::new(bm25::TunedTermQuery::new(term, bm25::QUESTION_BM25, weight))
}

/// The proximity bonus clauses of [`Mode::Any`]: for each pair of
/// consecutive terms of `sequence` (distinct from each other), a phrase
/// query allowing `slop` words between or around them, weighted by `boost`.
/// Public so that the relevance experiments (`examples/relevance_configs.rs`)
/// build exactly the clauses the product uses.
pub fn proximity_clauses(sequence: &[Term], slop: u32, boost: f32) -> Vec<Box<dyn Query>> {
    let mut seen = BTreeSet::new();
    sequence
        .windows(2)
        .filter(|pair| pair[0] != pair[1] && seen.insert((pair[0].clone(), pair[1].clone())))
        .map(|pair| {
            let mut phrase = PhraseQuery::new(pair.to_vec());
            phrase.set_slop(slop);
            Box::new(BoostQuery::new(Box::new(phrase), boost)) as Box<dyn Query>
        })
        .collect()
}

/// The (position, term) pairs an analyzer makes of `text` in `field`.
pub fn analyzed_terms(analyzer: &mut TextAnalyzer, field: Field, text: &str) -> Vec<(usize, Term)> {
    let mut terms = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        terms.push((token.position, Term::from_field_text(field, &token.text)));
    }
    terms
}

/// One term → a term query; several → a phrase query keeping their
/// positions (so removed stop words still count as gaps); none → `None`.
pub fn term_or_phrase(mut terms: Vec<(usize, Term)>) -> Option<Box<dyn Query>> {
    match terms.len() {
        0 => None,
        1 => {
            let (_, term) = terms.remove(0);
            Some(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)))
        }
        _ => {
            let first = terms[0].0;
            let terms = terms.into_iter().map(|(p, t)| (p - first, t)).collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

/// The first `limit` terms of `field` (in byte order) that start with
/// `prefix`, across all segments, and whether there are more. Each segment
/// is read no further than `limit + 1` terms, so the work is bounded however
/// common the prefix.
fn expand_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
) -> (Vec<String>, bool) {
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
        // An unreadable dictionary is reported by the search itself, which
        // reads the same one.
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(prefix_upper_bound(prefix))
            .into_stream()
        else {
            continue;
        };
        let mut read = 0;
        while read <= limit && stream.advance() {
            read += 1;
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                found.insert(term.to_string());
            }
        }
        // Keep the smallest `limit + 1`: enough to know whether there are more.
        while found.len() > limit + 1 {
            found.pop_last();
        }
    }
    let more = found.len() > limit;
    (found.into_iter().take(limit).collect(), more)
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_upper_bound(prefix: &str) -> Vec<u8> {
    let mut bound = prefix.as_bytes().to_vec();
    while let Some(last) = bound.pop() {
        if last < u8::MAX {
            bound.push(last + 1);
            return bound;
        }
    }
    vec![u8::MAX; prefix.len() + 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_bound_of_a_prefix() {
        assert_eq!(prefix_upper_bound("abc"), b"abd".to_vec());
        assert_eq!(prefix_upper_bound(""), vec![u8::MAX]);
    }
}
