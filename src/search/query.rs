//! Compiling a parsed query ([`super::parse`]) into a tantivy query over
//! the index, with the same analyzers used at index time, and gathering what
//! the highlighter and the messages need: the body terms to highlight, the
//! words that were not searched, notes on how the query was read.
//!
//! Words combine by [`Mode`]: all must match, or any (natural-language
//! questions, ranked with looser word forms). `prefix*` is expanded against
//! the term dictionary, within [`MAX_PREFIX_EXPANSIONS`] per prefix and
//! [`MAX_QUERY_EXPANSIONS`] per query, so memory and time stay bounded.
//!
//! How a body word compiles: the exact-form analyzer folds it; the index
//! then says whether it is a name ([`WordPlan`], `analysis::proper_nouns`).
//! A name matches itself in `body_exact` (any case, never another word of
//! its stem: `ferrara` does not find `Ferrari`); any other word matches its
//! stem in `body` (`rapina` finds `rapine`, `rapinatori`), and its forms
//! that articles wrote as names. Phrases and `=word` match exact forms in
//! `body_exact`, in order.

use std::collections::BTreeSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::parse::{thousands, Expr, Parsed, Scope};
use crate::analysis::{self, BodyTerm, StemCache};
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
    /// What the positive clauses match, one group per query word (each word
    /// of a phrase is a group of its own, marked only within the phrase):
    /// what snippets highlight.
    pub highlights: Vec<HighlightGroup>,
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

/// What one word of a query matches in an article's body, for snippets: a
/// body word is matched when its term ([`analysis::term_of`]) is one of
/// `terms` or its exact (folded) form one of `exact`, and, for a word of a
/// phrase, only where it stands in that phrase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightGroup {
    /// Terms of `body`.
    pub terms: BTreeSet<String>,
    /// Exact forms, as `body_exact` holds them.
    pub exact: BTreeSet<String>,
    /// Where the word stands in its phrase, for a word of a phrase (or of
    /// a typed word the analyzer cuts in several, searched as one).
    pub phrase: Option<PhrasePlace>,
}

/// Where a word of a phrase stands in it: the groups of one phrase share
/// `phrase`, and `offset` is the word's position after the phrase's first
/// word, as the phrase query has it (a stop word dropped from the phrase
/// leaves a gap: in `"ministro degli esteri"`, `esteri` is at 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhrasePlace {
    /// Which phrase of the query, counted from 0.
    pub phrase: usize,
    pub offset: usize,
}

impl HighlightGroup {
    fn terms(terms: impl IntoIterator<Item = String>) -> HighlightGroup {
        HighlightGroup {
            terms: terms.into_iter().collect(),
            ..HighlightGroup::default()
        }
    }

    fn exact(word: &str) -> HighlightGroup {
        HighlightGroup {
            exact: BTreeSet::from([word.to_string()]),
            ..HighlightGroup::default()
        }
    }
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
        exact_analyzer: analysis::exact_analyzer(),
        names_analyzer: analysis::names_analyzer(),
        stems: StemCache::new(),
        highlights: Vec::new(),
        phrases: 0,
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
        highlights: compiler.highlights,
        ignored_words: compiler.ignored_words,
        notes: compiler.notes,
        matches_all,
        only_stop_words,
    })
}

struct Compiler<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    exact_analyzer: TextAnalyzer,
    names_analyzer: TextAnalyzer,
    stems: StemCache,
    highlights: Vec<HighlightGroup>,
    /// Phrases among the highlight groups so far.
    phrases: usize,
    ignored_words: Vec<String>,
    notes: Vec<String>,
    /// Terms the query's prefixes may still expand to.
    expansions_left: usize,
    /// Prefixes that found the budget spent (`a*`).
    over_budget: Vec<String>,
    mode: Mode,
}

/// How one typed word (one folded word) is searched in the body, decided
/// from the index it runs on (see `analysis::proper_nouns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPlan {
    /// A name (most articles that contain the word indexed it as a name):
    /// the word itself, in any case, wherever it occurs (`body_exact`),
    /// never other words of its stem.
    Name(String),
    /// Any other word: its stem, and, where an article indexed them as
    /// names, the forms of its stem that are common words too (the word
    /// itself, `Anziani` for `anziano`), but not names that happen to share
    /// the stem (`Mario` for `marito`).
    Word {
        stem: String,
        /// Folded forms whose name occurrences count as the word.
        names: Vec<String>,
        /// The word as typed, when most articles of its stem do not have
        /// it (`mare`, whose stem `mar` is mostly `marito`): the articles
        /// that have it rank first ([`TYPED_FORM_BONUS`]).
        typed: Option<String>,
    },
}

/// How many more bytes than its stem a form may have to count as one of the
/// word's forms when written as a name: Italian inflections (`compagn|o`,
/// `compagn|ia`, `anzian|i`) are short; a longer word sharing the stem is
/// another word (`mir|andola` for `mira`).
const NAME_FORM_ENDING: usize = 3;

/// Most terms looked at when listing a stem's forms indexed as names.
const MAX_NAME_FORM_SCAN: usize = 5_000;

impl WordPlan {
    /// The plan for the folded word `word` in the index behind `searcher`.
    pub fn of(word: &str, fields: &Fields, searcher: &Searcher, stems: &mut StemCache) -> WordPlan {
        // A count that cannot be read counts as 0; the search itself then
        // reports what is wrong with the index.
        let count = |field, text: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, text))
                .unwrap_or(0)
        };
        // (articles containing the form, indexed as a name somewhere, a
        // name by majority)
        let is_name = |form: &str| {
            let as_name = count(fields.body, &BodyTerm::Name(form).to_string());
            let containing = count(fields.body_exact, form);
            (
                containing,
                as_name > 0,
                analysis::typed_word_is_name(as_name, containing),
            )
        };
        let (containing, word_as_name, word_is_name) = is_name(word);
        if word_is_name {
            return WordPlan::Name(word.to_string());
        }
        let stem = analysis::term_of(word, false, stems).to_string();
        let marked = BodyTerm::Name(&stem).to_string();
        let (candidates, _) = terms_with_prefix(
            searcher,
            fields.body,
            &marked,
            MAX_PREFIX_EXPANSIONS,
            |term| term.len() <= marked.len() + NAME_FORM_ENDING,
            MAX_NAME_FORM_SCAN,
        );
        let mut names = Vec::new();
        for form in candidates
            .iter()
            .filter_map(|term| term.strip_prefix(analysis::NAME_MARK))
        {
            let same_stem =
                form == word || analysis::term_of(form, false, stems).to_string() == stem;
            if same_stem && (form == word || !is_name(form).2) {
                names.push(form.to_string());
            }
        }
        if !names.iter().any(|form| form == word) && word_as_name {
            // The word itself, when its stem is shorter than `NAME_FORM_ENDING` allows.
            names.push(word.to_string());
        }
        let typed_is_rare =
            containing as f64 <= TYPED_FORM_SHARE * count(fields.body, &stem) as f64;
        WordPlan::Word {
            typed: typed_is_rare.then(|| word.to_string()),
            stem,
            names,
        }
    }

    /// The word's terms in `body`: those that decide its match, except for
    /// a name (matched in `body_exact`), whose term in `body` only serves
    /// proximity.
    fn body_terms(&self, fields: &Fields) -> Vec<Term> {
        let name =
            |word: &str| Term::from_field_text(fields.body, &BodyTerm::Name(word).to_string());
        match self {
            WordPlan::Name(word) => vec![name(word)],
            WordPlan::Word { stem, names, .. } => {
                std::iter::once(Term::from_field_text(fields.body, stem))
                    .chain(names.iter().map(|form| name(form)))
                    .collect()
            }
        }
    }

    /// What the snippets highlight for this word.
    fn highlight(&self) -> HighlightGroup {
        match self {
            WordPlan::Name(word) => HighlightGroup::exact(word),
            WordPlan::Word { stem, names, .. } => HighlightGroup::terms(
                std::iter::once(stem.clone())
                    .chain(names.iter().map(|form| BodyTerm::Name(form).to_string())),
            ),
        }
    }
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
                let built = match (prefix, scope) {
                    (true, _) => self.prefix(*scope, text, positive),
                    (false, Scope::Body) => self.body_word(text, positive),
                    (false, _) => self.names(*scope, text),
                };
                if built.is_none() {
                    self.ignore(text.clone());
                }
                built
            }
            Expr::Phrase { scope, text } => {
                let built = match scope {
                    Scope::Body => self.exact_phrase(text, positive),
                    _ => self.names(*scope, text),
                };
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
                    let words = analyzed_words(&mut self.exact_analyzer, text);
                    if words.is_empty() {
                        self.ignore(text.clone());
                        continue;
                    }
                    for (_, word) in &words {
                        let plan = WordPlan::of(word, self.fields, self.searcher, &mut self.stems);
                        self.highlights.push(plan.highlight());
                        let body_terms = plan.body_terms(self.fields);
                        match &plan {
                            WordPlan::Name(word) => {
                                // Matched by the word itself, in any case; `body`
                                // has the article lengths in words.
                                let exact = Term::from_field_text(self.fields.body_exact, word);
                                clauses.push((
                                    Occur::Should,
                                    Box::new(
                                        bm25::TunedTermQuery::new(
                                            exact,
                                            bm25::QUESTION_BM25,
                                            QUESTION_FORMS.stem,
                                        )
                                        .with_lengths_of(self.fields.body),
                                    ),
                                ));
                            }
                            WordPlan::Word { .. } => {
                                clauses.extend(
                                    one_word(
                                        body_terms.clone(),
                                        bm25::QUESTION_BM25,
                                        QUESTION_FORMS.stem,
                                    )
                                    .map(|query| (Occur::Should, query)),
                                );
                            }
                        }
                        // The word's first body term stands for it in proximity.
                        sequence.extend(body_terms.into_iter().take(1));
                    }
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

    /// A plain word of the body. One folded word is searched as
    /// [`WordPlan`] says; a typed word that the analyzer cuts in several
    /// (`Emilia-Romagna`, `e-mail`) is searched as the phrase of their exact
    /// forms.
    fn body_word(&mut self, text: &str, positive: bool) -> Option<Box<dyn Query>> {
        let words = analyzed_terms(&mut self.exact_analyzer, self.fields.body_exact, text);
        let [(_, word)] = words.as_slice() else {
            return self.exact_words(words, positive);
        };
        let word = word.value().as_str()?.to_string();
        let word = word.as_str();
        let plan = WordPlan::of(word, self.fields, self.searcher, &mut self.stems);
        if positive {
            self.highlights.push(plan.highlight());
        }
        let term_query = |term: Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        match &plan {
            WordPlan::Name(word) => Some(term_query(Term::from_field_text(
                self.fields.body_exact,
                word,
            ))),
            WordPlan::Word { typed, .. } => {
                let matched = one_word(plan.body_terms(self.fields), bm25::DEFAULT_BM25, 1.0)?;
                let Some(typed) = typed else {
                    return Some(matched);
                };
                let typed = Term::from_field_text(self.fields.body_exact, typed);
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, matched),
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(term_query(typed), TYPED_FORM_BONUS)),
                    ),
                ])))
            }
        }
    }

    /// `"a phrase"` or `=word`: the words as written (case, accents and
    /// elisions folded, never stemmed), in order, from `body_exact`.
    fn exact_phrase(&mut self, text: &str, positive: bool) -> Option<Box<dyn Query>> {
        let words = analyzed_terms(&mut self.exact_analyzer, self.fields.body_exact, text);
        self.exact_words(words, positive)
    }

    /// The exact forms `words` (positions kept) as one term or a phrase;
    /// each word is a group of its own, which, in a phrase, knows its
    /// place in it (the offsets of [`term_or_phrase`]).
    fn exact_words(&mut self, words: Vec<(usize, Term)>, positive: bool) -> Option<Box<dyn Query>> {
        if positive {
            let phrase = self.phrases;
            if words.len() > 1 {
                self.phrases += 1;
            }
            let first = words.first().map_or(0, |(position, _)| *position);
            for (position, word) in &words {
                if let Some(word) = word.value().as_str() {
                    self.highlights.push(HighlightGroup {
                        phrase: (words.len() > 1).then_some(PhrasePlace {
                            phrase,
                            offset: position - first,
                        }),
                        ..HighlightGroup::exact(word)
                    });
                }
            }
        }
        term_or_phrase(words)
    }

    /// A word or phrase scoped to persons or authors: one term, or a phrase
    /// of the terms the names analyzer makes of it (`"Kim Jong Un"`).
    fn names(&mut self, scope: Scope, text: &str) -> Option<Box<dyn Query>> {
        let field = match scope {
            Scope::Author => self.fields.author,
            Scope::Person | Scope::Body => self.fields.person,
        };
        term_or_phrase(analyzed_terms(&mut self.names_analyzer, field, text))
    }

    /// `prefix*`: every indexed term that starts with the prefix, up to
    /// [`MAX_PREFIX_EXPANSIONS`] and what is left of the query's
    /// [`MAX_QUERY_EXPANSIONS`]. In the body, the prefix is folded and, as
    /// a word, stemmed: stemming only removes endings, so the stem (when it
    /// is a prefix of what was typed) finds every inflection the typed
    /// prefix could.
    fn prefix(&mut self, scope: Scope, text: &str, positive: bool) -> Option<Box<dyn Query>> {
        let folded = analysis::fold(text);
        let (field, prefix) = match scope {
            Scope::Body => {
                let words = analyzed_words(&mut self.exact_analyzer, text);
                let prefix = match words.as_slice() {
                    [(_, word)] => {
                        let stem = analysis::term_of(word, false, &mut self.stems).to_string();
                        if folded.starts_with(&stem) {
                            stem
                        } else {
                            folded.clone()
                        }
                    }
                    _ => folded.clone(),
                };
                (self.fields.body, prefix)
            }
            Scope::Person => (self.fields.person, folded),
            Scope::Author => (self.fields.author, folded),
        };
        let limit = MAX_PREFIX_EXPANSIONS.min(self.expansions_left);
        if limit == 0 {
            self.over_budget.push(format!("{text}*"));
            return Some(Box::new(EmptyQuery));
        }
        let (mut expansions, mut more) = expand_prefix(self.searcher, field, &prefix, limit);
        if scope == Scope::Body {
            // Names are indexed as themselves behind a mark: `ferr*` finds
            // `Ferrara` as well as the stems of `ferro`.
            let marked = BodyTerm::Name(&prefix).to_string();
            let (names, more_names) =
                expand_prefix(self.searcher, field, &marked, limit - expansions.len());
            expansions.extend(names);
            more |= more_names;
        }
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
            self.highlights
                .push(HighlightGroup::terms(expansions.iter().cloned()));
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

/// When the articles containing a word as typed are at most this share of
/// those its stem matches, the stem gathers mostly other words, and an
/// ordinary search ranks the typed form first.
pub const TYPED_FORM_SHARE: f64 = 0.5;

/// Weight of that bonus relative to the word's match: half, so that it
/// orders articles that match alike without outweighing how often they say
/// the word.
pub const TYPED_FORM_BONUS: f32 = 0.5;

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

/// A word of the body indexed under `terms` (its stem, and its forms written
/// as names) scored as one term: a plain term query for one term, BM25 at
/// `params` over the summed frequencies for several ([`bm25::TunedTermQuery`]),
/// times `boost`.
fn one_word(mut terms: Vec<Term>, params: bm25::Bm25Params, boost: f32) -> Option<Box<dyn Query>> {
    if terms.len() == 1 && params == bm25::DEFAULT_BM25 && boost == 1.0 {
        return Some(Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::WithFreqs,
        )));
    }
    let mut terms = terms.into_iter();
    let first = terms.next()?;
    Some(Box::new(terms.fold(
        bm25::TunedTermQuery::new(first, params, boost),
        bm25::TunedTermQuery::with_term,
    )))
}

/// The (position, text) of the tokens an analyzer makes of `text`.
fn analyzed_words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut words = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        words.push((token.position, token.text.clone()));
    }
    words
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
    terms_with_prefix(searcher, field, prefix, limit, |_| true, usize::MAX)
}

/// The first `limit` terms of `field` (in byte order) that start with
/// `prefix` and that `keep` accepts, across all segments, and whether there
/// are more; each segment is read no further than `limit + 1` kept terms
/// and `scan` terms in all.
fn terms_with_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
    keep: impl Fn(&str) -> bool,
    scan: usize,
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
        let (mut read, mut kept) = (0, 0);
        while read < scan && kept <= limit && stream.advance() {
            read += 1;
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                if keep(term) {
                    found.insert(term.to_string());
                    kept += 1;
                }
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
