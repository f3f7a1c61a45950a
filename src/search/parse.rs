//! The query language of `rassegna search`, read by hand because it has to
//! understand Italian text that tantivy's grammar trips on (an apostrophe in
//! `dell'incontro` opens a quoted string there) and field scopes with
//! rassegna's own meaning (`person:` matches inside one person's name).
//!
//! Syntax: words (combined by the search's [`Mode`](super::query::Mode)),
//! phrases in quotes (any opening quote mark, `"`, `“`, `«`, `„`, pairs with
//! any closing one), `=word` for one word exactly as written (never its other
//! forms: `=ferrara` is `"ferrara"`), `-word` or `NOT word` to exclude,
//! `+word` to require,
//! `OR`, `AND`, parentheses, `prefix*`, and the scopes `person:`/`persona:`
//! and `author:`/`autore:` before a word or a phrase. An empty query or `*`
//! matches every article.
//!
//! What a user plainly meant is read that way and said in a note (never a
//! silent change of meaning): an unknown scope (`titolo:rapina` searches
//! `rapina`), a `*` that is not at the end of a word, lower-case `or`/`and`
//! between two words, a lone `-` or `+`.
//!
//! Every query is bounded before it costs anything: at most
//! [`MAX_QUERY_CHARS`] characters, [`MAX_QUERY_WORDS`] words and
//! [`MAX_NESTING`] levels of parentheses, so parsing (recursive descent),
//! compiling and running the tantivy query (whose scorers nest as the query
//! does) take bounded stack, time and memory. Beyond a bound the answer is
//! an [`Error::QueryLimit`] that says which bound and what to do.
//!
//! This module only reads text into an [`Expr`]; turning it into a tantivy
//! query is `query.rs`'s job.

use std::fmt;

use crate::error::{Error, Result};

/// Longest query read, in characters (both syntaxes): a pasted paragraph
/// fits; a pasted book does not.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Most words a query may hold, counting the words of its phrases (Lucene's
/// classic limit on clauses is 1,024 too).
pub const MAX_QUERY_WORDS: usize = 1_024;

/// Deepest nesting of parentheses: far beyond what anyone types, and low
/// enough that parsing and the nested query it compiles to stay shallow.
pub const MAX_NESTING: usize = 32;

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
    /// Matches every article (`*`, or an empty query).
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
    /// Words side by side, combined by the search's mode.
    Implicit(Vec<Expr>),
}

/// A query as understood: the expression and what the user should be told
/// about how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub expr: Expr,
    /// How something typed was read differently from its letter, in words
    /// (each once, in query order).
    pub notes: Vec<String>,
}

/// The expression written back in the query language, with parentheses
/// only where the grammar needs them: parsing what it prints gives the same
/// expression (a property the tests check), so it can show a user how a
/// query was understood.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::All => f.write_str("*"),
            Expr::Word {
                scope,
                text,
                prefix,
            } => {
                let star = if *prefix { "*" } else { "" };
                if *scope == Scope::Body && is_operator_word(text) {
                    // Bare, it would be read as the operator between two words.
                    write!(f, "({text}{star})")
                } else {
                    write!(f, "{}{text}{star}", scope.marker())
                }
            }
            Expr::Phrase { scope, text } => write!(f, "{}\"{text}\"", scope.marker()),
            Expr::Not(inner) => write!(f, "-{}", Grouped(inner, true)),
            Expr::Required(inner) => write!(f, "+{}", Grouped(inner, true)),
            Expr::And(items) => list(f, items, " AND ", |_| true),
            Expr::Implicit(items) => list(f, items, " ", |_| true),
            // Runs of words bind tighter than OR: only an OR inside an OR
            // needs its parentheses.
            Expr::Or(items) => list(f, items, " OR ", |item| matches!(item, Expr::Or(_))),
        }
    }
}

/// An expression inside another: in parentheses if `lists` and it is a
/// list that the grammar would otherwise merge into its surroundings.
struct Grouped<'a>(&'a Expr, bool);

impl fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Grouped(expr, lists) = *self;
        let is_list = matches!(expr, Expr::And(_) | Expr::Or(_) | Expr::Implicit(_));
        if lists && is_list {
            write!(f, "({expr})")
        } else {
            write!(f, "{expr}")
        }
    }
}

fn list(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    separator: &str,
    needs_group: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write!(f, "{}", Grouped(item, needs_group(item)))?;
    }
    Ok(())
}

impl Scope {
    /// How the scope is written before a word: `person:`, or nothing.
    fn marker(self) -> &'static str {
        match self {
            Scope::Body => "",
            Scope::Person => "person:",
            Scope::Author => "author:",
        }
    }
}

/// Words read as an operator between two words (`or`, `And`…), as
/// `read_loose_operators` reads them.
fn is_operator_word(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "or" | "and")
}

/// Parses a query of the query language. Errors are [`Error::Query`] for a
/// malformed query and [`Error::QueryLimit`] beyond a bound, with a message
/// saying what is wrong and what to do.
pub fn parse(query: &str) -> Result<Parsed> {
    check_length(query)?;
    let mut notes = Notes::default();
    let tokens = lex(query).map_err(|message| syntax_error(&message, query))?;
    let tokens = read_loose_operators(tokens, &mut notes);
    check_words(
        tokens.iter().map(|token| match token {
            Token::Word(_) => 1,
            Token::Phrase(text) => text.split_whitespace().count().max(1),
            _ => 0,
        }),
        query,
    )?;
    if tokens.is_empty() {
        return if notes.0.is_empty() {
            Ok(Parsed {
                expr: Expr::All,
                notes: Vec::new(),
            })
        } else {
            Err(syntax_error(
                "a lone - or + is not a query: write -word to exclude a word, +word to require one",
                query,
            ))
        };
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        notes,
    };
    let expr = parser.or().map_err(|problem| problem.into_error(query))?;
    match parser.peek() {
        None => Ok(Parsed {
            expr,
            notes: parser.notes.0,
        }),
        Some(Token::Close) => Err(syntax_error(
            "a closing parenthesis ) has no matching (",
            query,
        )),
        Some(other) => Err(syntax_error(
            &format!("unexpected {}", describe(other)),
            query,
        )),
    }
}

/// Reads `text` as bare words, with no syntax at all: quotes, parentheses,
/// `-`, `*`, `:` and `OR` are just characters of the text, which the
/// analyzer then treats like any other punctuation or word. This is how
/// natural-language questions and text pasted from elsewhere are searched;
/// it is never a syntax error, only bounded like any query. Words combine
/// by the search's mode; an empty text matches nothing.
pub fn parse_plain(text: &str) -> Result<Parsed> {
    check_length(text)?;
    check_words(text.split_whitespace().map(|_| 1), text)?;
    let mut words: Vec<Expr> = text
        .split_whitespace()
        .map(|word| Expr::Word {
            scope: Scope::Body,
            text: word.to_string(),
            prefix: false,
        })
        .collect();
    let expr = if words.len() == 1 {
        words.remove(0)
    } else {
        Expr::Implicit(words)
    };
    Ok(Parsed {
        expr,
        notes: Vec::new(),
    })
}

fn check_length(query: &str) -> Result<()> {
    // Bytes first: no need to count the characters of a short query.
    if query.len() > MAX_QUERY_CHARS {
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(Error::QueryLimit(format!(
                "the query is {} characters long; at most {} are read. Shorten it to the words that matter",
                thousands(chars),
                thousands(MAX_QUERY_CHARS)
            )));
        }
    }
    Ok(())
}

fn check_words(counts: impl Iterator<Item = usize>, query: &str) -> Result<()> {
    let words: usize = counts.sum();
    if words > MAX_QUERY_WORDS {
        return Err(Error::QueryLimit(format!(
            "the query {} has {} words; at most {} are searched at once. Keep the words that matter, or split it into several searches",
            excerpt(query),
            thousands(words),
            thousands(MAX_QUERY_WORDS)
        )));
    }
    Ok(())
}

/// `12345` → `12,345`, as the README writes its limits.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The query as quoted in messages: whole when short, its start otherwise
/// (a message should not repeat a 10,000-character query).
fn excerpt(query: &str) -> String {
    const SHOWN: usize = 60;
    let mut chars = query.chars();
    let start: String = chars.by_ref().take(SHOWN).collect();
    if chars.next().is_some() {
        format!("«{start}…»")
    } else {
        format!("«{start}»")
    }
}

fn syntax_error(message: &str, query: &str) -> Error {
    Error::Query(format!("{message} in {}", excerpt(query)))
}

/// What went wrong inside the parser, before it knows the query text.
enum Problem {
    Syntax(String),
    TooDeep,
}

impl Problem {
    fn into_error(self, query: &str) -> Error {
        match self {
            Problem::Syntax(message) => syntax_error(&message, query),
            Problem::TooDeep => Error::QueryLimit(format!(
                "the query {} nests parentheses more than {MAX_NESTING} deep. Remove the extra parentheses",
                excerpt(query)
            )),
        }
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Problem {
        Problem::Syntax(message.to_string())
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem::Syntax(message)
    }
}

/// Notes, each kept once.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, note: String) {
        if !self.0.contains(&note) {
            self.0.push(note);
        }
    }
}

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

/// Quote marks: each opens a phrase, and the next one of any kind closes it,
/// so `"via Emilia”`, `“via Emilia"` and `«via Emilia»` are the same phrase
/// (keyboards and word processors mix them).
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
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
        } else if is_quote(c) {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&d| is_quote(d))
                .map(|p| start + p)
                .ok_or_else(|| {
                    format!(
                        "the quote {c} opened at character {} is never closed (close it, or search with --plain to read quotes as text)",
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
                if is_quote(chars[i]) && i > start && chars[i - 1] == ':' {
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

/// Reads what users type loosely as they meant it, with a note: a lone `-`
/// or `+` (with a space after it) excludes or requires nothing and is
/// dropped; lower-case `or`/`and` between two words is the operator.
fn read_loose_operators(tokens: Vec<Token>, notes: &mut Notes) -> Vec<Token> {
    let mut kept: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        if let Token::Word(word) = &token {
            if !word.is_empty() && word.chars().all(|c| c == '-') {
                notes.add(
                    "a lone - excludes nothing and was ignored: write it against the word to exclude (-calcio)".into(),
                );
                continue;
            }
            if !word.is_empty() && word.chars().all(|c| c == '+') {
                notes.add(
                    "a lone + requires nothing and was ignored: write it against the word to require (+calcio)".into(),
                );
                continue;
            }
        }
        kept.push(token);
    }
    let ends_operand = |t: &Token| matches!(t, Token::Word(_) | Token::Phrase(_) | Token::Close);
    let starts_operand = |t: &Token| {
        matches!(
            t,
            Token::Word(_)
                | Token::Phrase(_)
                | Token::Open
                | Token::Minus
                | Token::Plus
                | Token::Not
        )
    };
    for i in 1..kept.len().saturating_sub(1) {
        let Token::Word(word) = &kept[i] else {
            continue;
        };
        let operator = match word.to_lowercase().as_str() {
            "or" => Token::Or,
            "and" => Token::And,
            _ => continue,
        };
        if ends_operand(&kept[i - 1]) && starts_operand(&kept[i + 1]) {
            let name = if operator == Token::Or { "OR" } else { "AND" };
            notes.add(format!(
                "«{word}» between two words was read as {name}; put it in quotes (\"{word}\") to search the word itself"
            ));
            kept[i] = operator;
        }
    }
    kept
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Parentheses open at this point.
    depth: usize,
    notes: Notes,
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

    fn or(&mut self) -> Result<Expr, Problem> {
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
    fn and(&mut self) -> Result<Expr, Problem> {
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

    fn unary(&mut self) -> Result<Expr, Problem> {
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

    fn primary(&mut self) -> Result<Expr, Problem> {
        match self.next() {
            Some(Token::Open) => {
                if self.peek() == Some(&Token::Close) {
                    return Err("empty parentheses ()".into());
                }
                // The one place the parser recurses into itself: bounded here.
                if self.depth == MAX_NESTING {
                    return Err(Problem::TooDeep);
                }
                self.depth += 1;
                let inner = self.or()?;
                self.depth -= 1;
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
            Some(other) => Err(format!("unexpected {}", describe(&other)).into()),
            None => Err("the query ends too early".into()),
        }
    }

    fn word(&mut self, word: String) -> Result<Expr, Problem> {
        if let Some((name, rest)) = word.split_once(':') {
            if let Some(scope) = known_scope(name) {
                if !rest.is_empty() {
                    return Ok(self.word_expr(scope, rest));
                }
                return match self.next() {
                    Some(Token::Phrase(text)) => Ok(Expr::Phrase { scope, text }),
                    Some(Token::Word(w)) => Ok(self.word_expr(scope, &w)),
                    _ => Err(format!("{name}: must be followed by a name, e.g. {name}:putin or {name}:\"Kim Jong Un\"").into()),
                };
            }
            let phrase_follows = matches!(self.peek(), Some(Token::Phrase(_)));
            if looks_like_a_scope(name, rest) && (phrase_follows || !rest.is_empty()) {
                return Ok(self.unknown_scope(name, rest));
            }
        }
        Ok(self.word_expr(Scope::Body, &word))
    }

    /// `titolo:rapina` or `titolo:"rapina in banca"`: there is no such
    /// field, so the text after the colon is searched in the article text.
    fn unknown_scope(&mut self, name: &str, rest: &str) -> Expr {
        let (expr, searched) = match (rest.is_empty(), self.peek()) {
            (true, Some(Token::Phrase(text))) => {
                let text = text.clone();
                self.pos += 1;
                let searched = format!("\"{text}\"");
                (
                    Expr::Phrase {
                        scope: Scope::Body,
                        text,
                    },
                    searched,
                )
            }
            _ => (self.word_expr(Scope::Body, rest), format!("«{rest}»")),
        };
        self.notes.add(format!(
            "{name}: is not a field (only person: and author: are), so {searched} was searched in the article text"
        ));
        expr
    }

    /// A word of the text, or a prefix with a final `*`. A word made of `*`
    /// alone is every article (`putin OR *`). A `*` elsewhere in a word
    /// cannot stand for letters (that would need a scan of every term), so
    /// the pieces around it are searched as a phrase, as the analyzer would
    /// split them anyway, with a note. Leading `-`, `+` or quote marks left
    /// on a word (`--calcio`) are punctuation to the analyzer and are dropped
    /// here, so that the word reads back as typed ([`Expr`]'s `Display`).
    /// `=word` is the word exactly as written, a phrase of one word (as
    /// Elasticsearch's `.exact` sub-fields and a quoted word on the web).
    fn word_expr(&mut self, scope: Scope, word: &str) -> Expr {
        if let Some(exact) = word.strip_prefix('=') {
            // A phrase holds no quote marks (the lexer ends it at one).
            let exact: String = exact
                .trim_start_matches('=')
                .chars()
                .filter(|&c| !is_quote(c))
                .collect();
            if exact.contains('*') {
                self.notes.add(format!(
                    "= asks for one exact word and * for any ending, which do not go together: «{word}» was searched as «{exact}»"
                ));
                return self.word_expr(scope, &exact);
            }
            if exact.chars().any(char::is_alphanumeric) {
                return Expr::Phrase { scope, text: exact };
            }
        }
        let stem = word.trim_end_matches('*');
        let prefix = stem.len() < word.len();
        if stem.is_empty() {
            return Expr::All;
        }
        let stem = stem.trim_start_matches(|c: char| c == '-' || c == '+' || is_quote(c));
        if stem.is_empty() {
            // Signs and quote marks only (`-»`): nothing to search, said as
            // an ignored (empty) phrase.
            return Expr::Phrase {
                scope,
                text: String::new(),
            };
        }
        if stem.contains('*') {
            // Quote marks inside are punctuation to the analyzer; a phrase
            // holds none (the lexer ends phrases at them).
            let unquoted: String = stem.chars().filter(|&c| !is_quote(c)).collect();
            let pieces: Vec<&str> = unquoted.split('*').filter(|p| !p.is_empty()).collect();
            let text = pieces.join(" ");
            self.notes.add(format!(
                "* stands for any ending only at the end of a word (incontr*), so «{word}» was searched as «{text}»"
            ));
            return match pieces.as_slice() {
                // Without stars now, so no deeper than this.
                [single] => self.word_expr(scope, single),
                _ => Expr::Phrase { scope, text },
            };
        }
        // A text word that reads like a scope (`*autore:x` without its
        // star) would read back as one: as a phrase it means the same (the
        // analyzer makes the same terms of it) and stays text.
        let reads_as_scope = stem.split_once(':').is_some_and(|(name, rest)| {
            looks_like_a_scope(name, rest) || known_scope(name).is_some()
        });
        // Likewise `*OR` without its star.
        let reads_as_operator = matches!(stem, "OR" | "AND" | "NOT");
        if scope == Scope::Body && (reads_as_scope || reads_as_operator) {
            return Expr::Phrase {
                scope,
                // A phrase holds no quote marks (the lexer ends it at one).
                text: stem.chars().filter(|&c| !is_quote(c)).collect(),
            };
        }
        Expr::Word {
            scope,
            text: stem.to_string(),
            prefix,
        }
    }
}

/// The scope a name before a colon stands for, if any.
fn known_scope(name: &str) -> Option<Scope> {
    match name.to_lowercase().as_str() {
        "person" | "persona" => Some(Scope::Person),
        "author" | "autore" => Some(Scope::Author),
        _ => None,
    }
}

/// `name:rest` reads as a field scope the user meant (`titolo:rapina`, or
/// `titolo:` before a phrase) when the name is letters and what follows the
/// colon starts with a letter or digit; `18:30` or `http://…` are text.
fn looks_like_a_scope(name: &str, rest: &str) -> bool {
    !name.is_empty()
        && name.chars().all(char::is_alphabetic)
        && rest.chars().next().is_none_or(char::is_alphanumeric)
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

    fn expr(query: &str) -> Expr {
        parse(query).expect("parses").expr
    }

    fn notes(query: &str) -> Vec<String> {
        parse(query).expect("parses").notes
    }

    fn error(query: &str) -> String {
        match parse(query) {
            Err(error) => error.to_string(),
            Ok(parsed) => panic!("{query:?} parsed as {parsed:?}"),
        }
    }

    #[test]
    fn words_side_by_side_are_implicit() {
        assert_eq!(
            expr("putin kim"),
            Expr::Implicit(vec![word("putin"), word("kim")])
        );
        assert_eq!(expr("putin"), word("putin"));
        assert_eq!(expr(""), Expr::All);
        assert_eq!(expr("  *  "), Expr::All);
    }

    #[test]
    fn operators_phrases_groups_and_scopes() {
        let parsed = expr("(alluvione OR esondazione) \"ministro degli esteri\" -calcio person:\"Kim Jong Un\" autore:lotti sicur*");
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
        assert_eq!(expr("a AND b"), Expr::And(vec![word("a"), word("b")]));
        assert_eq!(
            expr("NOT calcio"),
            Expr::Implicit(vec![Expr::Not(Box::new(word("calcio")))])
        );
    }

    #[test]
    fn any_opening_quote_pairs_with_any_closing_one() {
        let phrase = Expr::Phrase {
            scope: Scope::Body,
            text: "via Emilia".into(),
        };
        for query in [
            "\"via Emilia\"",
            "“via Emilia”",
            "«via Emilia»",
            "„via Emilia“",
            "\"via Emilia”",
            "“via Emilia\"",
            "«via Emilia\"",
            "\"via Emilia»",
        ] {
            assert_eq!(expr(query), phrase, "{query}");
        }
    }

    #[test]
    fn an_equals_sign_asks_for_the_exact_word() {
        let exact = |text: &str| Expr::Phrase {
            scope: Scope::Body,
            text: text.into(),
        };
        assert_eq!(expr("=ferrara"), exact("ferrara"));
        assert_eq!(
            expr("rapina =Carpi"),
            Expr::Implicit(vec![word("rapina"), exact("Carpi")])
        );
        assert_eq!(
            expr("person:=Rossi"),
            Expr::Phrase {
                scope: Scope::Person,
                text: "Rossi".into()
            }
        );
        assert_eq!(expr("=="), word("=="));
        assert_eq!(expr("a=b"), word("a=b"));
        assert_eq!(
            expr("=ferr*"),
            Expr::Word {
                scope: Scope::Body,
                text: "ferr".into(),
                prefix: true
            }
        );
        assert_eq!(notes("=ferr*").len(), 1);
        assert!(notes("=ferrara").is_empty());
    }

    #[test]
    fn apostrophes_hyphens_and_colons_are_text() {
        assert_eq!(expr("dell'incontro"), word("dell'incontro"));
        assert_eq!(expr("Emilia-Romagna"), word("Emilia-Romagna"));
        assert_eq!(
            expr("ore 18:30"),
            Expr::Implicit(vec![word("ore"), word("18:30")])
        );
        assert_eq!(expr("piu'"), word("piu'"));
        assert!(notes("ore 18:30 http://www.comune.modena.it").is_empty());
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
            ("NOT", "must be followed"),
            ("-", "a lone -"),
            (" + ", "a lone - or +"),
        ] {
            let message = error(bad);
            assert!(message.contains(hint), "{bad:?}: {message}");
            assert!(message.starts_with("invalid query: "), "{message}");
        }
    }

    #[test]
    fn unknown_scopes_search_the_text_and_say_so() {
        let parsed = parse("titolo:rapina carpi").unwrap();
        assert_eq!(
            parsed.expr,
            Expr::Implicit(vec![word("rapina"), word("carpi")])
        );
        assert_eq!(parsed.notes.len(), 1);
        assert!(
            parsed.notes[0].contains("titolo: is not a field"),
            "{parsed:?}"
        );
        let phrase = parse("titolo:\"rapina in banca\"").unwrap();
        assert_eq!(
            phrase.expr,
            Expr::Phrase {
                scope: Scope::Body,
                text: "rapina in banca".into()
            }
        );
        assert_eq!(phrase.notes.len(), 1);
    }

    #[test]
    fn stars_inside_words_are_read_as_spaces_with_a_note() {
        let parsed = parse("*pina").unwrap();
        assert_eq!(parsed.expr, word("pina"));
        assert!(parsed.notes[0].contains("«*pina» was searched as «pina»"));
        let inner = parse("ra*ina").unwrap();
        assert_eq!(
            inner.expr,
            Expr::Phrase {
                scope: Scope::Body,
                text: "ra ina".into(),
            }
        );
        assert!(inner.notes[0].contains("«ra*ina» was searched as «ra ina»"));
        // A lone star is every article, wherever it stands.
        assert_eq!(expr("putin OR *"), Expr::Or(vec![word("putin"), Expr::All]));
        assert!(notes("incontr**").is_empty());
    }

    #[test]
    fn lower_case_or_and_between_words_are_operators_with_a_note() {
        let parsed = parse("rapina or furto").unwrap();
        assert_eq!(parsed.expr, Expr::Or(vec![word("rapina"), word("furto")]));
        assert!(parsed.notes[0].contains("read as OR"), "{parsed:?}");
        assert_eq!(
            expr("rapina and \"via Emilia\""),
            Expr::And(vec![
                word("rapina"),
                Expr::Phrase {
                    scope: Scope::Body,
                    text: "via Emilia".into()
                }
            ])
        );
        // At an edge, or quoted, `or` is a word.
        assert_eq!(
            expr("or rapina"),
            Expr::Implicit(vec![word("or"), word("rapina")])
        );
        let quoted = parse("rapina \"or\" furto").unwrap();
        assert!(quoted.notes.is_empty());
    }

    #[test]
    fn a_lone_minus_is_dropped_with_a_note() {
        let parsed = parse("rapina - furto").unwrap();
        assert_eq!(
            parsed.expr,
            Expr::Implicit(vec![word("rapina"), word("furto")])
        );
        assert_eq!(parsed.notes.len(), 1);
        assert!(parsed.notes[0].contains("a lone -"));
    }

    #[test]
    fn nesting_is_bounded_whatever_the_depth() {
        let nested =
            |open: &str, depth: usize| format!("{}putin{}", open.repeat(depth), ")".repeat(depth));
        assert_eq!(expr(&nested("(", MAX_NESTING)), word("putin"));
        for open in ["(", "-(", "NOT (", "((a OR "] {
            for depth in [MAX_NESTING + 1, 940, 11_400] {
                let query = nested(open, depth);
                if query.chars().count() > MAX_QUERY_CHARS {
                    assert!(matches!(parse(&query), Err(Error::QueryLimit(_))));
                    continue;
                }
                let message = error(&query);
                assert!(
                    message.contains("parentheses more than 32 deep") || message.contains("words"),
                    "{open} x {depth}: {message}"
                );
            }
        }
    }

    #[test]
    fn length_and_words_are_bounded() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert!(matches!(parse(&long), Err(Error::QueryLimit(_))));
        assert!(matches!(parse_plain(&long), Err(Error::QueryLimit(_))));
        // Accented letters are one character each, though two bytes.
        assert!(parse(&"è".repeat(MAX_QUERY_CHARS)).is_ok());
        let many = vec!["ab"; MAX_QUERY_WORDS + 1].join(" OR ");
        let message = parse(&many).unwrap_err().to_string();
        assert!(message.contains("1,025 words"), "{message}");
        assert!(message.len() < 300, "{message}");
        assert!(parse(&vec!["parola"; MAX_QUERY_WORDS].join(" ")).is_ok());
        let phrase = format!("\"{}\"", vec!["parola"; MAX_QUERY_WORDS + 1].join(" "));
        assert!(matches!(parse(&phrase), Err(Error::QueryLimit(_))));
    }

    #[test]
    fn plain_text_is_never_a_syntax_error() {
        let parsed = parse_plain("\"(putin -OR* titolo:x").unwrap();
        assert_eq!(
            parsed.expr,
            Expr::Implicit(vec![word("\"(putin"), word("-OR*"), word("titolo:x")])
        );
        assert!(parsed.notes.is_empty());
    }

    #[test]
    fn numbers_are_written_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
