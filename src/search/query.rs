//! The query language of `rassegna search`, parsed by hand because it has to
//! understand Italian text that tantivy's grammar trips on (an apostrophe in
//! `dell'incontro` opens a quoted string there) and field scopes with
//! rassegna's own meaning (`person:` matches inside one person's name).
//!
//! Syntax: words (all must match by default, or any with [`Mode::Any`]),
//! `"exact phrases"` (also “…” and «…») and `=word` (one exact word), `-word`
//! or `NOT word` to exclude,
//! `OR`, `AND`, parentheses, `prefix*`, and the scopes `person:`/`persona:`
//! and `author:`/`autore:` before a word or a phrase. An empty query or `*`
//! matches every article.
//!
//! Parsing ([`parse`]) gives an [`Expr`]; [`compile`] turns it into a tantivy
//! query with the same analysis used at index time, and gathers what to
//! highlight.
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

use crate::analysis::{self, BodyTerm, StemCache};
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

/// Which field a word or phrase is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Body,
    Person,
    Author,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Matches every article.
    All,
    Word {
        scope: Scope,
        text: String,
        prefix: bool,
    },
    Phrase {
        scope: Scope,
        text: String,
    },
    /// Excluded: only meaningful as a member of an `And`/`Or` list.
    Not(Box<Expr>),
    /// Explicitly required with `+word`.
    Required(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    /// Words side by side, combined by [`Mode`].
    Implicit(Vec<Expr>),
}

/// Most terms a `prefix*` expands to, like Lucene's max expansions: enough
/// for any real prefix, bounded so that `a*` stays fast.
pub const MAX_PREFIX_EXPANSIONS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Phrase(String),
    Open,
    Close,
    Minus,
    Plus,
    Or,
    And,
    Not,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '«' => Some('»'),
        '„' => Some('“'),
        _ => None,
    }
}

fn lex(query: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = query.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else if let Some(close) = closing_quote(c) {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&d| d == close || (close == '”' && d == '"'))
                .map(|p| start + p)
                .ok_or_else(|| {
                    format!(
                        "the quote {c} opened at character {} is never closed",
                        i + 1
                    )
                })?;
            tokens.push(Token::Phrase(chars[start..end].iter().collect()));
            i = end + 1;
        } else if (c == '-' || c == '+')
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
            && starts_word(&chars, i)
        {
            tokens.push(if c == '-' { Token::Minus } else { Token::Plus });
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                // A quote inside a word starts a phrase right after a scope (`person:"Kim Jong Un"`).
                if closing_quote(chars[i]).is_some() && i > start && chars[i - 1] == ':' {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(match word.as_str() {
                "OR" => Token::Or,
                "AND" => Token::And,
                "NOT" => Token::Not,
                _ => Token::Word(word),
            });
        }
    }
    Ok(tokens)
}

/// `-` and `+` are operators only at the start of a word, not inside
/// `Emilia-Romagna` (which the lexer never splits) nor after one.
fn starts_word(chars: &[char], i: usize) -> bool {
    i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '('
}

/// Reads `text` as bare words, with no syntax at all: quotes, parentheses,
/// `-`, `*`, `:` and `OR` are just characters of the text, which the
/// analyzer then treats like any other punctuation or word. This is how
/// natural-language questions and text pasted from elsewhere are searched;
/// it never fails. Words combine by [`Mode`]; an empty text matches nothing.
pub fn parse_plain(text: &str) -> Expr {
    let mut words: Vec<Expr> = text
        .split_whitespace()
        .map(|word| Expr::Word {
            scope: Scope::Body,
            text: word.to_string(),
            prefix: false,
        })
        .collect();
    if words.len() == 1 {
        words.remove(0)
    } else {
        Expr::Implicit(words)
    }
}

/// Parses a query; `Err` says what is wrong in words a user understands.
pub fn parse(query: &str) -> Result<Expr, String> {
    let tokens = lex(query)?;
    if tokens.is_empty() || tokens == [Token::Word("*".into())] {
        return Ok(Expr::All);
    }
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.or()?;
    match parser.peek() {
        None => Ok(expr),
        Some(Token::Close) => Err("a closing parenthesis ) has no matching (".into()),
        Some(other) => Err(format!("unexpected {}", describe(other))),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

fn describe(token: &Token) -> String {
    match token {
        Token::Word(w) => format!("word '{w}'"),
        Token::Phrase(p) => format!("phrase \"{p}\""),
        Token::Open => "(".into(),
        Token::Close => ")".into(),
        Token::Minus => "-".into(),
        Token::Plus => "+".into(),
        Token::Or => "OR".into(),
        Token::And => "AND".into(),
        Token::Not => "NOT".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut alternatives = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            if matches!(self.peek(), None | Some(Token::Close) | Some(Token::Or)) {
                return Err("OR must be followed by a word, a phrase or a group".into());
            }
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Expr::Or(alternatives)
        })
    }

    /// A run of clauses; `AND` between two of them makes the run explicit.
    fn and(&mut self) -> Result<Expr, String> {
        let mut clauses = Vec::new();
        let mut explicit = false;
        loop {
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => break,
                Some(Token::And) => {
                    if clauses.is_empty() {
                        return Err("AND must stand between two words, phrases or groups".into());
                    }
                    self.pos += 1;
                    if matches!(
                        self.peek(),
                        None | Some(Token::Close) | Some(Token::Or) | Some(Token::And)
                    ) {
                        return Err("AND must stand between two words, phrases or groups".into());
                    }
                    explicit = true;
                }
                Some(_) => clauses.push(self.unary()?),
            }
        }
        match clauses.len() {
            0 => Err(match self.peek() {
                Some(Token::Or) => "OR must stand between two words, phrases or groups".into(),
                Some(Token::Close) => "empty parentheses ()".into(),
                _ => "the query is empty".into(),
            }),
            1 if !matches!(clauses[0], Expr::Not(_)) => Ok(clauses.remove(0)),
            _ if explicit => Ok(Expr::And(clauses)),
            _ => Ok(Expr::Implicit(clauses)),
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(Token::Minus) | Some(Token::Not) => {
                self.pos += 1;
                if matches!(
                    self.peek(),
                    None | Some(Token::Close) | Some(Token::Or) | Some(Token::And)
                ) {
                    return Err("- and NOT must be followed by a word, a phrase or a group".into());
                }
                Ok(Expr::Not(Box::new(self.primary()?)))
            }
            Some(Token::Plus) => {
                self.pos += 1;
                Ok(Expr::Required(Box::new(self.primary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Open) => {
                if self.peek() == Some(&Token::Close) {
                    return Err("empty parentheses ()".into());
                }
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a parenthesis ( is never closed".into()),
                }
            }
            Some(Token::Phrase(text)) => Ok(Expr::Phrase {
                scope: Scope::Body,
                text,
            }),
            Some(Token::Word(word)) => self.word(word),
            Some(other) => Err(format!("unexpected {}", describe(&other))),
            None => Err("the query ends too early".into()),
        }
    }

    fn word(&mut self, word: String) -> Result<Expr, String> {
        if let Some((name, rest)) = word.split_once(':') {
            let scope = match name.to_lowercase().as_str() {
                "person" | "persona" => Some(Scope::Person),
                "author" | "autore" => Some(Scope::Author),
                _ => None,
            };
            if let Some(scope) = scope {
                if !rest.is_empty() {
                    return Ok(word_expr(scope, rest));
                }
                return match self.next() {
                    Some(Token::Phrase(text)) => Ok(Expr::Phrase { scope, text }),
                    Some(Token::Word(w)) if !word_is_operator(&w) => Ok(word_expr(scope, &w)),
                    _ => Err(format!("{name}: must be followed by a name, e.g. {name}:putin or {name}:\"Kim Jong Un\"")),
                };
            }
        }
        Ok(word_expr(Scope::Body, &word))
    }
}

fn word_is_operator(word: &str) -> bool {
    matches!(word, "OR" | "AND" | "NOT")
}

fn word_expr(scope: Scope, word: &str) -> Expr {
    // `=word`: the word exactly as written (case, accents and elisions
    // aside), never its other forms; the same as a one-word phrase.
    if let Some(exact) = word.strip_prefix('=').filter(|rest| !rest.is_empty()) {
        return Expr::Phrase {
            scope,
            text: exact.to_string(),
        };
    }
    match word.strip_suffix('*') {
        Some(stem) if !stem.is_empty() => Expr::Word {
            scope,
            text: stem.to_string(),
            prefix: true,
        },
        _ => Expr::Word {
            scope,
            text: word.to_string(),
            prefix: false,
        },
    }
}

/// A query ready to run, with what the highlighter and the messages need.
pub struct CompiledQuery {
    pub query: Box<dyn Query>,
    /// What the positive clauses match, one group per query word (each word
    /// of a phrase is a group of its own): what snippets highlight.
    pub highlights: Vec<HighlightGroup>,
    /// Words that produced no term (stop words), to tell the user.
    pub ignored_words: Vec<String>,
    /// True when the text query is empty or `*`: every article matches.
    pub matches_all: bool,
    /// True when every word of the query was a stop word: nothing can match.
    pub only_stop_words: bool,
}

/// What one word of a query matches in an article's body, for snippets: a
/// body word is matched when its term ([`analysis::term_of`]) is one of
/// `terms` or its exact (folded) form one of `exact`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HighlightGroup {
    /// Terms of `body`.
    pub terms: BTreeSet<String>,
    /// Exact forms, as `body_exact` holds them.
    pub exact: BTreeSet<String>,
}

impl HighlightGroup {
    fn terms(terms: impl IntoIterator<Item = String>) -> HighlightGroup {
        HighlightGroup {
            terms: terms.into_iter().collect(),
            exact: BTreeSet::new(),
        }
    }

    fn exact(word: &str) -> HighlightGroup {
        HighlightGroup {
            terms: BTreeSet::new(),
            exact: BTreeSet::from([word.to_string()]),
        }
    }
}

/// Turns a parsed query into a tantivy query over the index behind `searcher`.
pub fn compile(expr: &Expr, mode: Mode, fields: &Fields, searcher: &Searcher) -> CompiledQuery {
    let mut compiler = Compiler {
        fields,
        searcher,
        exact_analyzer: analysis::exact_analyzer(),
        names_analyzer: analysis::names_analyzer(),
        stems: StemCache::new(),
        highlights: Vec::new(),
        ignored_words: Vec::new(),
        mode,
    };
    let built = compiler.build(expr, true);
    let matches_all = matches!(expr, Expr::All);
    let only_stop_words = built.is_none();
    CompiledQuery {
        // Only common words (stop words): nothing indexed can match them.
        query: built.unwrap_or_else(|| Box::new(EmptyQuery)),
        highlights: compiler.highlights,
        ignored_words: compiler.ignored_words,
        matches_all,
        only_stop_words,
    }
}

struct Compiler<'a> {
    fields: &'a Fields,
    searcher: &'a Searcher,
    exact_analyzer: TextAnalyzer,
    names_analyzer: TextAnalyzer,
    stems: StemCache,
    highlights: Vec<HighlightGroup>,
    ignored_words: Vec<String>,
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
        let candidates = terms_with_prefix(
            searcher,
            fields.body,
            &marked,
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
                    self.ignored_words.push(text.clone());
                }
                built
            }
            Expr::Phrase { scope, text } => {
                let built = match scope {
                    Scope::Body => self.exact_phrase(text, positive),
                    _ => self.names(*scope, text),
                };
                if built.is_none() {
                    self.ignored_words.push(format!("\"{text}\""));
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
            items.iter().filter(|item| !is_question(item)).collect()
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
                        self.ignored_words.push(text.clone());
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
    /// each word is highlighted on its own.
    fn exact_words(&mut self, words: Vec<(usize, Term)>, positive: bool) -> Option<Box<dyn Query>> {
        if positive {
            for (_, word) in &words {
                if let Some(word) = word.value().as_str() {
                    self.highlights.push(HighlightGroup::exact(word));
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
    /// [`MAX_PREFIX_EXPANSIONS`]. In the body, the prefix is folded and, as
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
        let mut expansions = expand_prefix(self.searcher, field, &prefix);
        if scope == Scope::Body {
            // Names are indexed as themselves behind a mark: `ferr*` finds
            // `Ferrara` as well as the stems of `ferro`.
            let names = expand_prefix(self.searcher, field, &BodyTerm::Name(&prefix).to_string());
            expansions.extend(names);
            expansions.truncate(MAX_PREFIX_EXPANSIONS);
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

/// Terms of `field` that start with `prefix`, across all segments.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    terms_with_prefix(searcher, field, prefix, |_| true, usize::MAX)
}

/// Terms of `field` that start with `prefix` and that `keep` accepts, across
/// all segments, in order: at most [`MAX_PREFIX_EXPANSIONS`], looking at
/// most at `scan` terms of each segment.
fn terms_with_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    keep: impl Fn(&str) -> bool,
    scan: usize,
) -> Vec<String> {
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
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
        let mut seen = 0;
        while seen < scan && stream.advance() {
            seen += 1;
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                if keep(term) {
                    found.insert(term.to_string());
                }
            }
            if found.len() >= MAX_PREFIX_EXPANSIONS {
                break;
            }
        }
    }
    found.into_iter().take(MAX_PREFIX_EXPANSIONS).collect()
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

    fn word(text: &str) -> Expr {
        Expr::Word {
            scope: Scope::Body,
            text: text.into(),
            prefix: false,
        }
    }

    #[test]
    fn words_side_by_side_are_implicit() {
        assert_eq!(
            parse("putin kim").unwrap(),
            Expr::Implicit(vec![word("putin"), word("kim")])
        );
        assert_eq!(parse("putin").unwrap(), word("putin"));
        assert_eq!(parse("").unwrap(), Expr::All);
        assert_eq!(parse("  *  ").unwrap(), Expr::All);
    }

    #[test]
    fn operators_phrases_groups_and_scopes() {
        let parsed = parse("(alluvione OR esondazione) \"ministro degli esteri\" -calcio person:\"Kim Jong Un\" autore:lotti sicur*").unwrap();
        assert_eq!(
            parsed,
            Expr::Implicit(vec![
                Expr::Or(vec![word("alluvione"), word("esondazione")]),
                Expr::Phrase {
                    scope: Scope::Body,
                    text: "ministro degli esteri".into()
                },
                Expr::Not(Box::new(word("calcio"))),
                Expr::Phrase {
                    scope: Scope::Person,
                    text: "Kim Jong Un".into()
                },
                Expr::Word {
                    scope: Scope::Author,
                    text: "lotti".into(),
                    prefix: false
                },
                Expr::Word {
                    scope: Scope::Body,
                    text: "sicur".into(),
                    prefix: true
                },
            ])
        );
        assert_eq!(
            parse("a AND b").unwrap(),
            Expr::And(vec![word("a"), word("b")])
        );
        assert_eq!(
            parse("NOT calcio").unwrap(),
            Expr::Implicit(vec![Expr::Not(Box::new(word("calcio")))])
        );
        assert_eq!(
            parse("«una frase»").unwrap(),
            Expr::Phrase {
                scope: Scope::Body,
                text: "una frase".into()
            }
        );
        assert_eq!(
            parse("“una frase”").unwrap(),
            Expr::Phrase {
                scope: Scope::Body,
                text: "una frase".into()
            }
        );
    }

    #[test]
    fn an_equals_sign_asks_for_the_exact_word() {
        let exact = |text: &str| Expr::Phrase {
            scope: Scope::Body,
            text: text.into(),
        };
        assert_eq!(parse("=ferrara").unwrap(), exact("ferrara"));
        assert_eq!(
            parse("rapina =Carpi").unwrap(),
            Expr::Implicit(vec![word("rapina"), exact("Carpi")])
        );
        assert_eq!(parse("=").unwrap(), word("="));
        assert_eq!(parse("a=b").unwrap(), word("a=b"));
    }

    #[test]
    fn apostrophes_hyphens_and_colons_are_text() {
        assert_eq!(parse("dell'incontro").unwrap(), word("dell'incontro"));
        assert_eq!(parse("Emilia-Romagna").unwrap(), word("Emilia-Romagna"));
        assert_eq!(
            parse("ore 18:30").unwrap(),
            Expr::Implicit(vec![word("ore"), word("18:30")])
        );
        assert_eq!(parse("piu'").unwrap(), word("piu'"));
    }

    #[test]
    fn malformed_queries_are_explained() {
        for (bad, hint) in [
            ("\"non chiusa", "never closed"),
            ("(a OR b", "never closed"),
            ("a)", "no matching"),
            ("()", "empty parentheses"),
            ("a OR", "OR must"),
            ("OR a", "OR must"),
            ("a AND", "AND must"),
            ("person:", "must be followed"),
            ("- ", ""),
            ("NOT", "must be followed"),
        ] {
            match parse(bad) {
                Err(message) => assert!(message.contains(hint), "{bad:?}: {message}"),
                Ok(expr) if bad.trim() == "-" => assert_eq!(expr, word("-")),
                Ok(expr) => panic!("{bad:?} parsed as {expr:?}"),
            }
        }
    }

    #[test]
    fn upper_bound_of_a_prefix() {
        assert_eq!(prefix_upper_bound("abc"), b"abd".to_vec());
        assert_eq!(prefix_upper_bound(""), vec![u8::MAX]);
    }
}
