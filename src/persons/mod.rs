//! Person names in an article: this module finds the persons an article mentions and merges
//! their aliases within the article (`Vladimir Putin` … `Putin` is one person, two mentions).
//! It works on text it is given; it must not read files, touch the index, or depend on other
//! modules of the crate.
//!
//! # How it works
//! Rules and compact gazetteers, in three stages that a statistical tagger can later replace
//! one at a time:
//! 1. **Candidate finder** (`candidates.rs`): runs of capitalised words, joined by surname
//!    particles (`Ursula von der Leyen`, `Luca Di Marco`, `Marcello dell'Utri`), are cut at
//!    words that cannot be in a name (titles, places, institutions, months, sentence-initial
//!    function words) and annotated with context cues: a title or role before the name, a
//!    verb of saying before or after it, an age next to it.
//! 2. **Filters** (`merge.rs`): a multi-word name is a person if it starts with a
//!    known first name (or an East Asian surname: `Kim Jong Un`, `Xi Jinping`), contains a
//!    foreign particle, is listed with a person (`Putin e Kim Jong Un`), or has a cue whose
//!    words do not read as common nouns (`Polizia Municipale ha detto` is no person); a lone
//!    first name (`Tommy`) is never a person by itself; a lone surname is a person only if it
//!    is an alias of a full name or one of its mentions has a cue (`il questore Bellini`,
//!    `Rossi ha detto`, `ha affermato Lavrov`), not after an article or preposition
//!    (`i ragazzi di Correggio commenta…`).
//! 3. **Alias merging** (`merge.rs`): a partial name (`Putin`, `Kim`, `Choe`, `De Santis`)
//!    counts as a mention of the full name it is part of, the one named nearest before it.
//!
//! With the tagger (`tagger.rs`), the rules' labels are features and their boundaries win
//! where both found a name; then `vetoes.rs` drops what the article's context shows is no
//! person (a town or region alone, checked against ISTAT's list of comuni in
//! `data/comuni.txt`; a pronoun or adverb opening a sentence; saints listed together; a place
//! after `Terre di`), joins a quoted nickname to its name and splits two names run together.
//!
//! The word lists (first names, titles, stop words, places…) are in `lexicon.rs`, the
//! tokenizer (elisions, initials, sentence starts) in `tokens.rs`.
//!
//! # Decisions
//! - Titles and roles are stripped (`il presidente Sergio Mattarella` → `Sergio Mattarella`,
//!   `don Luigi Ciotti` → `Luigi Ciotti`, `dott.`, `avv.`, `prof.`, `sig.`).
//! - A sovereign's title stays when only a first name follows, since the first name alone
//!   identifies nobody: `Papa Francesco`, `Regina Elisabetta`; `Papa Giovanni Paolo II` →
//!   `Giovanni Paolo II`. A priest's `don Mario` is a lone first name and is dropped.
//! - Saints (`San Francesco`, `santa Rita`) are not persons: in news the phrase names a town
//!   (`San Felice sul Panaro`), a church, a hospital or a feast, not somebody who acts.
//!   Likewise names after `via`, `piazza`, `scuola`, `ospedale`… are places.
//! - Sentence-initial capitals prove nothing: a sentence-initial word is a name word only if it
//!   is a known first name or the article also writes it capitalised inside a sentence.
//! - All-capital words (datelines such as `MODENA.`, acronyms such as `KCNA`) are never names.
//! - A lone word that names an Italian town or region is a place unless a title, a verb of
//!   saying or a full name of the article (`Mario Monti` … `Monti`) says it is a person.
//! - Names are given with `'` apostrophes whatever the article used (`’` is accepted).
//! - The byline author is not a mention: a paragraph that is just the byline is skipped, but
//!   the author named in the body text is a person like any other.

mod candidates;
mod lexicon;
mod merge;
mod tagger;
mod tokens;
mod vetoes;

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use lexicon::{is_apostrophe, plain_apostrophes, Lexicon, AUX, DETERMINER, FUNCTION};
use merge::MergedPerson;
use tagger::Model;
use tokens::{Kind, Shape, Token};

/// The tagger model trained on the KIND Wikinews training split by
/// `cargo run --release --example train_persons` (see `docs/EVALUATION.md`). Embedded so that
/// the binary works from any folder; an empty or unreadable file means rules only.
static MODEL: &[u8] = include_bytes!("../../models/persons.model");

/// A person mentioned in one article, under the fullest name the article uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Canonical name, e.g. "Vladimir Putin" (titles and roles stripped).
    pub name: String,
    /// How many times the article mentions the person, aliases included.
    pub mentions: usize,
}

/// Where a person is named: a byte range of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the paragraph in the slice given to [`PersonExtractor::mentions`].
    pub paragraph: usize,
    /// Byte range of the name in the paragraph (titles excluded), e.g. `Putin`.
    pub range: Range<usize>,
    /// Index into [`Extraction::persons`].
    pub person: usize,
}

/// The persons of an article and where each is named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// In order of first mention.
    pub persons: Vec<Person>,
    /// In text order.
    pub mentions: Vec<Mention>,
}

/// Finds the persons of an article. Build it once (it indexes the word lists and reads the
/// model) and share it: it is immutable, so `extract` can run from many threads at once.
#[derive(Clone)]
pub struct PersonExtractor {
    lexicon: Lexicon,
    model: Option<Arc<Model>>,
}

impl fmt::Debug for PersonExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonExtractor")
            .field("tagger", &self.model.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for PersonExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// The paragraphs of an article that are read, tokenized together.
struct Tokenized<'a> {
    tokens: Vec<Token<'a>>,
    /// For each paragraph read: its index in the caller's slice, its first token, its text.
    paragraphs: Vec<(usize, usize, &'a str)>,
}

impl PersonExtractor {
    /// The extractor the indexer uses: rules, then the embedded tagger.
    pub fn new() -> Self {
        Self {
            lexicon: Lexicon::new(),
            model: Model::from_bytes(MODEL).map(Arc::new),
        }
    }

    /// An extractor with another tagger model (the bytes [`train_tagger`] returns); `None` if
    /// they are not a model of this version.
    pub fn with_model(model: &[u8]) -> Option<Self> {
        Some(Self {
            lexicon: Lexicon::new(),
            model: Some(Arc::new(Model::from_bytes(model)?)),
        })
    }

    /// The rule stage alone, without the tagger (to measure what the tagger adds).
    pub fn rules_only() -> Self {
        Self {
            lexicon: Lexicon::new(),
            model: None,
        }
    }

    /// What the index records of the tagger (so that an update of an index
    /// whose persons another model found rebuilds it): the model's version
    /// and a hash of its bytes, or `rules only`.
    pub fn model_description(&self) -> String {
        match &self.model {
            Some(_) => format!(
                "{}-{:016x}",
                String::from_utf8_lossy(MODEL.get(..8).unwrap_or_default()),
                xxhash_rust::xxh3::xxh3_64(MODEL)
            ),
            None => "rules only".to_string(),
        }
    }

    /// Persons mentioned in the article's paragraphs, in order of first mention.
    /// `author` is the byline (e.g. "Anna Lotti"); the author is not a person mentioned unless named in the text itself.
    pub fn extract(&self, paragraphs: &[String], author: Option<&str>) -> Vec<Person> {
        self.mentions(paragraphs, author).persons
    }

    /// Persons mentioned in the article's paragraphs and every place each one is named. This
    /// is what [`PersonExtractor::extract`] returns, with the mentions kept.
    pub fn mentions(&self, paragraphs: &[String], author: Option<&str>) -> Extraction {
        let byline = author.map(byline_key).filter(|key| !key.is_empty());
        let texts: Vec<(usize, Cow<str>)> = paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| !byline.as_deref().is_some_and(|key| is_byline(p, key)))
            .map(|(i, p)| (i, nfc(p)))
            .collect();
        let article = self.tokenize(&texts);
        let merged = self.persons_of(&article.tokens);
        extraction(&article, merged)
    }

    fn tokenize<'a>(&self, texts: &'a [(usize, Cow<'a, str>)]) -> Tokenized<'a> {
        // News text has about one token per five bytes: one allocation instead of a dozen.
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let mut tokens: Vec<Token> = Vec::with_capacity(bytes / 4 + texts.len() + 8);
        let mut paragraphs = Vec::with_capacity(texts.len());
        for (k, (i, text)) in texts.iter().enumerate() {
            if k > 0 {
                tokens.push(tokens::paragraph_break());
            }
            paragraphs.push((*i, tokens.len(), text.as_ref()));
            tokens::tokenize(text, &self.lexicon, &mut tokens);
        }
        Tokenized { tokens, paragraphs }
    }

    /// Rules, then (when there is a model) the tagger, which reads the rules' labels.
    fn persons_of(&self, tokens: &[Token]) -> Vec<MergedPerson> {
        let lower = LowerWords::new(tokens);
        let ruled = self.rule_persons(tokens, &lower);
        let Some(model) = &self.model else {
            return ruled;
        };
        let rule_labels = labels_of(&ruled, tokens.len());
        let tags = model.tag(tokens, &rule_labels);
        // The rules are precise about boundaries (`Kim Jong Un`, titles, particles): where
        // they found a name the tagger also found, their span stands.
        let rule_spans: Vec<(usize, usize)> =
            ruled.iter().flat_map(|p| p.spans.iter().copied()).collect();
        let mut spans: Vec<(usize, usize)> = spans_of(&tags)
            .into_iter()
            .map(|(s, e)| {
                rule_spans
                    .iter()
                    .copied()
                    .find(|&(rs, re)| rs < e && s < re)
                    .unwrap_or((s, e))
            })
            .collect();
        spans.dedup();
        let spans = vetoes::join_nicknames(tokens, spans);
        let context = vetoes::Context::new(tokens, &rule_spans, &spans, &lower);
        let mentions: Vec<merge::Mention> = spans
            .iter()
            .flat_map(|&(s, e)| vetoes::split_glued(tokens, s, e))
            .filter_map(|(s, e)| {
                // Titles and roles are stripped (`Don Mario` → `Mario`), and a name after
                // `via`, `scuola`, `San` names a place: the rules' decisions stand.
                let s = (s..e)
                    .find(|&k| !tokens[k].has(lexicon::TITLE) || tokens[k].has(lexicon::FIRST))?;
                if candidates::names_a_place(tokens, s) {
                    return None;
                }
                // Towns, sentence-initial function words, saints, initials, two names run
                // together (`vetoes.rs`).
                let (s, e) = context.check(s, e)?;
                Some(merge::tagged(tokens, s, e))
            })
            .collect();
        merge::merge(&mentions)
    }

    /// The rule stage: candidates, filters, alias merging.
    fn rule_persons(&self, tokens: &[Token], lower: &LowerWords) -> Vec<MergedPerson> {
        let mid_caps = WordSet::new(
            tokens
                .iter()
                .filter(|t| t.shape == Shape::Capitalised && !t.sent_start)
                .map(|t| plain_apostrophes(t.text)),
        );
        let candidates = candidates::find(tokens, &mid_caps);
        if candidates.is_empty() {
            return Vec::new();
        }

        let mentions = merge::mentions(tokens, &candidates, lower);
        merge::merge(&mentions)
    }
}

/// Whether `word` (any case, any apostrophe) is a known first name of the extractor's word
/// lists. The identities across articles (`crate::identities`) read a lone first name as
/// nobody in particular and tell a surname written first (`Bergamini Moreno`) by it.
pub fn is_first_name(word: &str) -> bool {
    lexicon_flags(word) & lexicon::FIRST != 0
}

/// Whether `word` is a surname particle (`de`, `di`, `della`, `van`): `De Luca Anna` is
/// `Anna De Luca` written surname first, not `Luca Anna De`.
pub fn is_surname_particle(word: &str) -> bool {
    lexicon_flags(word) & (lexicon::PARTICLE | lexicon::FOREIGN_PARTICLE) != 0
}

fn lexicon_flags(word: &str) -> u32 {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(Lexicon::new).flags(word)
}

/// What a gold entity of a training article is, for the tagger's word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Other,
}

/// An entity of a training article: a byte range of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEntity {
    pub paragraph: usize,
    pub range: Range<usize>,
    pub kind: EntityKind,
}

/// An article with gold entities, to train the tagger on.
#[derive(Debug, Clone, Default)]
pub struct LabelledArticle {
    pub paragraphs: Vec<String>,
    pub entities: Vec<GoldEntity>,
}

/// Trains the tagger on labelled articles and returns the model file's bytes (to be written
/// to `models/persons.model`). Deterministic: the same articles give the same bytes.
pub fn train_tagger(articles: &[LabelledArticle], epochs: usize) -> Vec<u8> {
    let rules = PersonExtractor::rules_only();
    let texts: Vec<Vec<(usize, Cow<str>)>> = articles
        .iter()
        .map(|a| {
            a.paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| (i, nfc(p)))
                .collect()
        })
        .collect();
    let mut prepared = Vec::with_capacity(articles.len());
    for (article, texts) in articles.iter().zip(&texts) {
        let tokenized = rules.tokenize(texts);
        let tokens = &tokenized.tokens;
        let lower = LowerWords::new(tokens);
        let rule_labels = labels_of(&rules.rule_persons(tokens, &lower), tokens.len());
        let mut gold = vec![tagger::O; tokens.len()];
        let mut words = tagger::WordLists::default();
        for entity in &article.entities {
            let inside = tokens_in(&tokenized, entity);
            let named: Vec<usize> = inside
                .iter()
                .copied()
                .filter(|&i| tokens[i].shape == Shape::Capitalised)
                .collect();
            match entity.kind {
                EntityKind::Person => {
                    for (k, &i) in inside.iter().enumerate() {
                        gold[i] = if k == 0 { tagger::B } else { tagger::I };
                    }
                    for &i in &named {
                        words.add(tokens[i].text, tagger::G_PER);
                    }
                    if let (Some(&first), true) = (named.first(), named.len() > 1) {
                        words.add(tokens[first].text, tagger::G_FIRST);
                    }
                    if let Some(&last) = named.last() {
                        words.add(tokens[last].text, tagger::G_LAST);
                    }
                }
                EntityKind::Place => named
                    .iter()
                    .for_each(|&i| words.add(tokens[i].text, tagger::G_LOC)),
                EntityKind::Organisation => named
                    .iter()
                    .for_each(|&i| words.add(tokens[i].text, tagger::G_ORG)),
                EntityKind::Other => {}
            }
        }
        // The tagger only labels eligible tokens: the gold it learns from is the same.
        for i in 0..gold.len() {
            if !tagger::eligible(tokens, i) {
                gold[i] = tagger::O;
            } else if gold[i] == tagger::I && (i == 0 || gold[i - 1] == tagger::O) {
                gold[i] = tagger::B;
            }
        }
        prepared.push(tagger::TrainingArticle {
            tokens: tokenized.tokens,
            rule_labels,
            gold,
            words,
        });
    }
    tagger::train(&prepared, epochs, 5)
}

/// Tokens of an article overlapping a gold entity.
fn tokens_in(article: &Tokenized, entity: &GoldEntity) -> Vec<usize> {
    let Some(k) = article
        .paragraphs
        .iter()
        .position(|&(i, _, _)| i == entity.paragraph)
    else {
        return Vec::new();
    };
    let (_, first, text) = article.paragraphs[k];
    let end = article
        .paragraphs
        .get(k + 1)
        .map_or(article.tokens.len(), |&(_, f, _)| f);
    (first..end)
        .filter(|&i| {
            let t = &article.tokens[i];
            let from = offset_in(text, t);
            t.kind != Kind::Break
                && from < entity.range.end
                && from + t.text.len() > entity.range.start
        })
        .collect()
}

/// `B`/`I`/`O` labels of every token from the persons' mention spans.
fn labels_of(persons: &[MergedPerson], len: usize) -> Vec<u8> {
    let mut labels = vec![tagger::O; len];
    for (s, e) in persons.iter().flat_map(|p| p.spans.iter().copied()) {
        if s < e && e <= len {
            labels[s] = tagger::B;
            labels[s + 1..e].fill(tagger::I);
        }
    }
    labels
}

/// Token ranges of the names in a BIO labelling.
fn spans_of(labels: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &l) in labels.iter().enumerate() {
        if l != tagger::I {
            if let Some(s) = open.take() {
                spans.push((s, i));
            }
        }
        if l == tagger::B || (l == tagger::I && open.is_none()) {
            open = Some(i);
        }
    }
    if let Some(s) = open {
        spans.push((s, labels.len()));
    }
    spans
}

/// Byte offset of a token in the paragraph it was read from.
fn offset_in(text: &str, token: &Token) -> usize {
    (token.text.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// Paragraph of the caller's slice and byte range of the tokens `start..end`.
fn locate(article: &Tokenized, start: usize, end: usize) -> Option<(usize, Range<usize>)> {
    let k = article
        .paragraphs
        .partition_point(|&(_, first, _)| first <= start)
        .checked_sub(1)?;
    let (paragraph, _, text) = article.paragraphs[k];
    let first = article.tokens.get(start)?;
    let last = article.tokens.get(end.checked_sub(1)?)?;
    if first.kind == Kind::Break || last.kind == Kind::Break {
        return None;
    }
    let from = offset_in(text, first);
    let to = (offset_in(text, last) + last.text.len()).min(text.len());
    Some((paragraph, from..to.max(from)))
}

fn extraction(article: &Tokenized, merged: Vec<MergedPerson>) -> Extraction {
    let mut mentions = Vec::new();
    let mut persons = Vec::with_capacity(merged.len());
    for (person, m) in merged.into_iter().enumerate() {
        for &(s, e) in &m.spans {
            if let Some((paragraph, range)) = locate(article, s, e) {
                mentions.push((
                    s,
                    Mention {
                        paragraph,
                        range,
                        person,
                    },
                ));
            }
        }
        persons.push(m.person);
    }
    mentions.sort_by_key(|(s, _)| *s);
    Extraction {
        persons,
        mentions: mentions.into_iter().map(|(_, m)| m).collect(),
    }
}

/// A set of words of one article: the words with their hashes, sorted by hash and searched by
/// bisection. Sorting integers is much faster than sorting strings, strings are compared only
/// between equal hashes, and crafted input cannot slow it as it could a hash table.
pub(crate) struct WordSet<'a>(Vec<(u64, Cow<'a, str>)>);

impl<'a> WordSet<'a> {
    fn new(words: impl Iterator<Item = Cow<'a, str>>) -> Self {
        let mut words: Vec<(u64, Cow<'a, str>)> = words.map(|w| (word_hash(&w), w)).collect();
        // By hash alone: a word may then stay twice (when another word has its hash and sorts
        // between the two), which costs nothing to `contains`.
        words.sort_unstable_by_key(|(hash, _)| *hash);
        words.dedup();
        WordSet(words)
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        let hash = word_hash(word);
        let start = self.0.partition_point(|(h, _)| *h < hash);
        self.0[start..]
            .iter()
            .take_while(|(h, _)| *h == hash)
            .any(|(_, w)| w == word)
    }
}

/// The words an article writes in lower case, articles, prepositions and auxiliaries aside
/// (they never stand for a name word, and leaving them out halves the set): a capitalised word
/// the article also writes in lower case is probably a common noun.
pub(crate) struct LowerWords<'t, 'a> {
    tokens: &'t [Token<'a>],
    /// Questions asked so far.
    questions: Cell<u32>,
    set: OnceCell<WordSet<'a>>,
}

impl<'t, 'a> LowerWords<'t, 'a> {
    const LEFT_OUT: u32 = FUNCTION | DETERMINER | AUX;

    fn new(tokens: &'t [Token<'a>]) -> Self {
        LowerWords {
            tokens,
            questions: Cell::new(0),
            set: OnceCell::new(),
        }
    }

    fn listed(t: &Token) -> bool {
        t.shape == Shape::Lower && !t.has(Self::LEFT_OUT)
    }

    /// Does the article write the word of `token`, lower-cased, as a word of the set? (A word
    /// with the flags of those left out is never in it: flags do not depend on case.)
    pub(crate) fn contains(&self, token: &Token) -> bool {
        if token.has(Self::LEFT_OUT) {
            return false;
        }
        let word = token.text.to_lowercase();
        self.questions.set(self.questions.get().saturating_add(1));
        // Most articles ask about a few words only: those are answered by a scan of the
        // tokens, and the set is built from the fifth question on, so that an article with
        // many questions still costs no more than sorting its words.
        if self.questions.get() <= 4 && self.set.get().is_none() {
            let first = word.as_bytes().first();
            return self.tokens.iter().any(|t| {
                t.text.len() == word.len()
                    && t.text.as_bytes().first() == first
                    && Self::listed(t)
                    && t.text == word
            });
        }
        let set = self.set.get_or_init(|| {
            WordSet::new(
                self.tokens
                    .iter()
                    .filter(|t| Self::listed(t))
                    .map(|t| Cow::Borrowed(t.text)),
            )
        });
        set.contains(&word)
    }
}

fn word_hash(word: &str) -> u64 {
    let mut hasher = lexicon::FxHasher::default();
    std::hash::Hasher::write(&mut hasher, word.as_bytes());
    std::hash::Hasher::finish(&hasher)
}

/// Composes accents, so that `e` + combining acute and `é` read the same; a no-op (and no
/// copy) for the usual already-composed text.
fn nfc(text: &str) -> Cow<'_, str> {
    if is_plainly_nfc(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Is the text made only of characters that are composed and never combine with a neighbour:
/// U+0000–U+02FF (Latin letters with their accents) and U+2010–U+203F (dashes, quotes,
/// ellipsis)? Such text is NFC as it is, and news text nearly always is; scanning its bytes is
/// much cheaper than the general check. A false answer only means "check properly".
fn is_plainly_nfc(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time: most of the text.
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        match bytes[i] {
            0x00..=0x7F => i += 1,
            // Lead bytes of U+0080–U+02FF; the text is valid UTF-8, so one continuation byte.
            0xC2..=0xCB => i += 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && bytes.get(i + 2).is_some_and(|b| (0x90..=0xBF).contains(b)) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Is this paragraph just the byline (`Anna Lotti`, `di Anna Lotti`, `ANNA LOTTI.`)?
/// `key` is the author's [`byline_key`].
fn is_byline(paragraph: &str, key: &str) -> bool {
    // A paragraph much longer than the name is body text: no need to normalise it.
    paragraph.len() <= 2 * key.len() + 16 && byline_key(paragraph) == key
}

/// A name reduced for comparison: lower case, `'` apostrophes, no punctuation around words,
/// no leading `di`/`da`/`by`.
fn byline_key(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && !is_apostrophe(c))
                .chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    let words = match words.first().map(String::as_str) {
        Some("di" | "by" | "da") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    fn names(texts: &[&str]) -> Vec<String> {
        names_by(&PersonExtractor::new(), texts)
    }

    /// The rule stage alone. The tests using it pin rule decisions (a lone first name, a
    /// surname without a cue, East Asian aliases) that the tagger, trained on gold labels
    /// where `Bruno` alone is a person, does not share.
    fn rule_names(texts: &[&str]) -> Vec<String> {
        names_by(&PersonExtractor::rules_only(), texts)
    }

    fn names_by(extractor: &PersonExtractor, texts: &[&str]) -> Vec<String> {
        extractor
            .extract(&paragraphs(texts), None)
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    fn mentions_of(texts: &[&str], name: &str) -> usize {
        PersonExtractor::rules_only()
            .extract(&paragraphs(texts), None)
            .into_iter()
            .find(|p| p.name == name)
            .map_or(0, |p| p.mentions)
    }

    /// The seed article: header stripped, paragraphs split on blank lines, last one the byline.
    #[test]
    fn seed_article() {
        let Some(text) = crate::test_support::read_shared(crate::test_support::SEED) else {
            return;
        };
        let body = text.trim_start();
        let body = match body.strip_prefix("date ") {
            // `date YYYY-MM-DD ` is 16 bytes; the date itself is ASCII.
            Some(rest) => rest.get(11..).unwrap_or(""),
            None => body,
        };
        let mut paras: Vec<String> = body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect();
        let author = paras.pop().expect("the seed has a byline");
        assert_eq!(author, "Anna Lotti");
        let persons = PersonExtractor::new().extract(&paras, Some(&author));
        let found: Vec<&str> = persons.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            found,
            [
                "Vladimir Putin",
                "Donald Trump",
                "Choe Son Hui",
                "Kim Jong Un",
                "Sergej Lavrov"
            ]
        );
        assert!(persons.iter().all(|p| p.mentions >= 2), "{persons:?}");
    }

    #[test]
    fn datelines_are_not_persons() {
        let found = names(&[
            "SASSUOLO. Un furgone è finito fuori strada ieri sera.",
            "FORMIGINE. Il sindaco Alberto Ferrari ha inaugurato la nuova biblioteca.",
        ]);
        assert_eq!(found, ["Alberto Ferrari"]);
    }

    #[test]
    fn titles_and_roles_are_stripped() {
        let found = names(&[
            "Ieri il presidente Sergio Mattarella ha ricevuto il sindaco Giulia Ferretti al Quirinale.",
            "Alla marcia c'era anche don Luigi Ciotti, accolto dal dott. Marco Bianchi e dall'avv. Paola Neri.",
            "Il prof. Carlo Zanni e il sig. Franco Gatti hanno firmato.",
        ]);
        assert_eq!(
            found,
            [
                "Sergio Mattarella",
                "Giulia Ferretti",
                "Luigi Ciotti",
                "Marco Bianchi",
                "Paola Neri",
                "Carlo Zanni",
                "Franco Gatti"
            ]
        );
    }

    #[test]
    fn popes_keep_their_title_saints_are_places_priests_need_a_surname() {
        let found = rule_names(&[
            "Papa Francesco ha celebrato la messa. Francesco ha poi salutato i fedeli.",
            "La festa di San Geminiano e la chiesa di san Francesco erano affollate, come Santa Rita.",
            "Don Mario ha letto il Vangelo.",
        ]);
        assert_eq!(found, ["Papa Francesco"]);
        assert_eq!(
            mentions_of(
                &["Papa Francesco ha celebrato la messa. Francesco ha poi salutato."],
                "Papa Francesco"
            ),
            2
        );
    }

    #[test]
    fn surname_particles() {
        let found = names(&[
            "A Bruxelles Ursula von der Leyen ha incontrato Marine Le Pen.",
            "Elena De Santis e Luca Di Marco hanno ricordato Marcello Dell'Utri.",
            "Il documentario su Osama bin Laden è stato girato dove visse Vincent van Gogh.",
            "Anche Massimo d'Alema era presente, con Carla Del Ponte.",
        ]);
        assert_eq!(
            found,
            [
                "Ursula von der Leyen",
                "Marine Le Pen",
                "Elena De Santis",
                "Luca Di Marco",
                "Marcello Dell'Utri",
                "Osama bin Laden",
                "Vincent van Gogh",
                "Massimo d'Alema",
                "Carla Del Ponte",
            ]
        );
    }

    #[test]
    fn aliases_merge_and_add_up() {
        let text = [
            "Il premier Mario Draghi ha incontrato la ministra Marta Cartabia.",
            "Draghi ha detto che la riforma è pronta. Secondo Cartabia servono tempi brevi.",
            "Più tardi Draghi ha lasciato Palazzo Chigi. Von der Leyen ha chiamato Draghi.",
        ];
        let persons = PersonExtractor::new().extract(&paragraphs(&text), None);
        assert_eq!(
            persons,
            [
                Person {
                    name: "Mario Draghi".into(),
                    mentions: 4
                },
                Person {
                    name: "Marta Cartabia".into(),
                    mentions: 2
                },
            ]
        );
    }

    #[test]
    fn a_surname_goes_to_the_nearest_full_name() {
        let text = [
            "Mario Bertoni e il figlio Luca Bertoni sono stati fermati.",
            "Luca Bertoni era alla guida. Bertoni ha confessato.",
        ];
        assert_eq!(mentions_of(&text, "Luca Bertoni"), 3);
        assert_eq!(mentions_of(&text, "Mario Bertoni"), 1);
    }

    #[test]
    fn kim_jong_un_keeps_un() {
        let text = [
            "Il leader nordcoreano Kim Jong Un ha assistito al lancio. Kim ha espresso soddisfazione.",
            "Un portavoce ha poi smentito.",
        ];
        let persons = PersonExtractor::new().extract(&paragraphs(&text), None);
        assert_eq!(
            persons,
            [Person {
                name: "Kim Jong Un".into(),
                mentions: 2
            }]
        );
    }

    #[test]
    fn east_asian_names_without_a_title() {
        let found = names(&[
            "Vladimir Putin e Kim Jong Un si sono visti ieri.",
            "Il treno è stato accolto da Xi Jinping. Poi il corteo ha raggiunto Hong Kong.",
            "Quando al potere c'era il padre dell'attuale leader, Kim Jong Il, i rapporti erano tesi.",
        ]);
        assert_eq!(
            found,
            ["Vladimir Putin", "Kim Jong Un", "Xi Jinping", "Kim Jong Il"]
        );
        // At the start of a paragraph, with nothing around it (the rules alone).
        assert_eq!(
            rule_names(&["Moon Jae In ha inviato un messaggio."]),
            ["Moon Jae In"]
        );
    }

    #[test]
    fn a_full_name_listed_with_a_person_is_a_person() {
        let found = names(&["Hanno firmato Giorgia Meloni, Olaf Scholz e Rishi Sunak."]);
        assert_eq!(found, ["Giorgia Meloni", "Olaf Scholz", "Rishi Sunak"]);
    }

    #[test]
    fn partial_east_asian_names_are_aliases() {
        let text = [
            "Il ministro degli Esteri Choe Son Hui è arrivato a Mosca. Choe ha firmato l'accordo.",
        ];
        assert_eq!(mentions_of(&text, "Choe Son Hui"), 2);
    }

    #[test]
    fn byline_author_is_excluded_unless_named_in_the_text() {
        let ex = PersonExtractor::new();
        let body = paragraphs(&[
            "Il sindaco Pietro Malavasi ha aperto la seduta.",
            "di Anna Lotti",
        ]);
        let found: Vec<String> = ex
            .extract(&body, Some("Anna Lotti"))
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(found, ["Pietro Malavasi"]);

        let named =
            paragraphs(&["Lo ha raccontato alla nostra Anna Lotti il sindaco Pietro Malavasi."]);
        let found: Vec<String> = ex
            .extract(&named, Some("Anna Lotti"))
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(found, ["Anna Lotti", "Pietro Malavasi"]);
    }

    #[test]
    fn lone_surname_needs_a_cue() {
        // Title before, verb of saying after or before.
        assert_eq!(
            names(&["In conferenza stampa il questore Bellini ha illustrato i dati."]),
            ["Bellini"]
        );
        assert_eq!(
            names(&["La situazione è sotto controllo, Rossi ha detto ai cronisti."]),
            ["Rossi"]
        );
        assert_eq!(
            names(&["«Siamo pronti», ha affermato Lavrov davanti alle telecamere."]),
            ["Lavrov"]
        );
        assert_eq!(
            names(&["Il corteo è partito, spiega il comandante Govoni."]),
            ["Govoni"]
        );
        // No cue: a capitalised word alone may be a place, a firm, a nickname. The tagger
        // keeps some lone surnames the rules drop (`da Bellini`); a town it does not keep.
        assert!(rule_names(&["I lavori da Bellini sono finiti in anticipo."]).is_empty());
        assert!(names(&["Il furto è avvenuto vicino a Montale durante la notte."]).is_empty());
        // Sentence-initial and never written inside a sentence: no evidence it is a name.
        assert!(names(&["Pacatamente ha detto di no."]).is_empty());
        // Once cued, every mention counts.
        assert_eq!(
            mentions_of(
                &["Il sindaco Tosi è arrivato. Poi Tosi ha parlato a lungo."],
                "Tosi"
            ),
            2
        );
    }

    #[test]
    fn a_verb_after_a_complement_has_another_subject() {
        // `Sabbioneta` follows a preposition: it is not who comments.
        assert!(names(&["Il legale dei ragazzi di Sabbioneta commenta la sentenza."]).is_empty());
        assert!(names(&["Secondo gli agenti della Volpara hanno detto di no."]).is_empty());
    }

    #[test]
    fn dateline_without_a_full_stop() {
        assert!(names(&["MIRANDOLA Doppia denuncia per furto aggravato."]).is_empty());
    }

    #[test]
    fn a_known_first_name_alone_is_not_a_person() {
        assert!(rule_names(&[
            "Il cane Tommy è stato ritrovato.",
            "Tommy ha abbaiato tutta la notte."
        ])
        .is_empty());
    }

    #[test]
    fn organisations_and_places_are_not_persons() {
        let found = names(&[
            "Secondo la Korean Central News Agency, la KCNA, la Corea del Nord ha risposto agli Stati Uniti.",
            "Il Cremlino ha convocato l'ambasciatore. Pechino e Mosca tacciono, come Washington, Seul e Pyongyang.",
            "La Polizia Municipale e la Procura hanno avvisato il Comune. La Gazzetta ha scritto di Kursk.",
            "La Juventus ha vinto. Lungo la Via Emilia sono caduti i Vigili del Fuoco, come nella Seconda Guerra Mondiale.",
            "Il corteo ha raggiunto via Giuseppe Garibaldi e la scuola media Giovanni Pascoli.",
            "AP e ANSA riportano che Poste Italiane ha detto di no.",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn sentence_initial_common_words_are_not_persons() {
        let found = names(&[
            "Lunedì il consiglio si è riunito. Secondo fonti vicine, Prima o poi cambierà.",
            "Le due parti hanno firmato. Il mese di Marzo e Giovedì sono passati. Martedì Mattina piove.",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn towns_and_regions_alone_are_not_persons() {
        let found = names(&[
            "Il furgone era diretto a Rubiera. Dopo Castelvetro, la colonna ha raggiunto Polinago.",
            "I contagi calano in Emilia Romagna e in Lombardia. Da Pievepelago arrivano i soccorsi.",
            "Il cantiere di Lama Mocogno riapre lunedì. I ladri hanno preso venti Gratta e Vinci.",
        ]);
        assert!(found.is_empty(), "{found:?}");
        // A town name that is the surname of a full name of the article, or has a title before
        // it, is a person.
        assert_eq!(
            names(&["L'ex premier Mario Monti ha parlato a lungo. Poi Monti è ripartito."]),
            ["Mario Monti"]
        );
        assert_eq!(
            names(&["Il museo ricorda Leonardo da Vinci con una mostra."]),
            ["Leonardo da Vinci"]
        );
    }

    #[test]
    fn places_after_a_place_noun_and_di_are_not_persons() {
        let found = names(&[
            "Le pattuglie dell'Unione Terre di Castelli hanno chiuso la strada.",
            "Il piano riguarda la provincia di Frosinone e il comune di Zocca.",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn sentence_initial_pronouns_and_adverbs_are_not_persons() {
        let found = names(&[
            "Li hanno fermati all'uscita del supermercato. Ma nessuno ha sporto denuncia.",
            "Meglio non uscire di casa stasera. Ebbene, la neve è arrivata.",
        ]);
        assert!(found.is_empty(), "{found:?}");
        // Opening a longer span, the function word is dropped.
        assert_eq!(
            names(&["Anche Stefania Morselli ha firmato la petizione."]),
            ["Stefania Morselli"]
        );
    }

    #[test]
    fn saints_listed_together_are_not_persons() {
        let found = names(&[
            "La pala con i santi Giovanni Evangelista e Gregorio Taumaturgo è stata restaurata.",
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn regnal_numbers_initials_and_towns_of_origin() {
        assert_eq!(
            names(&["Il trattato fu firmato dal re Leopoldo II in persona."]),
            ["Leopoldo II"]
        );
        assert_eq!(
            names(&["Lo ha raccontato Gianni Ferri, con Pier Luigi B., volontario."]),
            ["Gianni Ferri", "Pier Luigi B."]
        );
        assert_eq!(
            names(&["Un grazie va ad Anna Ferri di Castelvetro e ai volontari."]),
            ["Anna Ferri"]
        );
        assert_eq!(
            names(&["È esposta una lettera del cardinale J. H. Newman ai fedeli."]),
            ["J. H. Newman"]
        );
        assert!(names(&["La rivista Der Spiegel ne ha scritto."]).is_empty());
        assert!(names(&["Il corteo ha attraversato Hyde Park fino al Foreign Office."]).is_empty());
    }

    #[test]
    fn pets_are_not_persons() {
        let found = names(&[
            "Il cane Tommy è stato ritrovato dai vigili. I cani antidroga Brando ed Ettore hanno fiutato l'hashish.",
            "La gatta Matilde è tornata a casa da Lucia Ferri.",
        ]);
        assert_eq!(found, ["Lucia Ferri"]);
        // A verb between the animal and the name: the name is a person's.
        assert_eq!(
            names(&["Il cane aggredisce Mario Bertolini davanti a casa."]),
            ["Mario Bertolini"]
        );
    }

    #[test]
    fn a_nickname_in_quotes_is_part_of_the_name() {
        let text = [
            "Al circolo si è visto Ermanno “Bubi” Ferraresi con la moglie Teresa Galli.",
            "Ferraresi ha poi salutato tutti.",
        ];
        let persons = PersonExtractor::new().mentions(&paragraphs(&text), None);
        let found: Vec<&str> = persons.persons.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(found, ["Ermanno Ferraresi", "Teresa Galli"]);
        // The mention covers the nickname.
        let first = &persons.mentions[0];
        assert_eq!(&text[0][first.range.clone()], "Ermanno “Bubi” Ferraresi");
    }

    #[test]
    fn a_byline_run_into_the_first_sentence_stops_at_a_function_word() {
        assert_eq!(
            names(&["Paolo Ferrarini Un uomo di quarant'anni è stato fermato ieri sera."]),
            ["Paolo Ferrarini"]
        );
    }

    #[test]
    fn two_names_run_together_are_two_persons() {
        assert_eq!(
            names(&[
                "Paola Ferrarini Luca Benedetti CARPI. Il sindaco ha firmato ieri l'ordinanza."
            ]),
            ["Paola Ferrarini", "Luca Benedetti"]
        );
    }

    #[test]
    fn typographic_apostrophes_are_accepted() {
        let text = ["Marcello Dell’Utri è tornato a parlare. Dell'Utri ha detto che l’avvocato Cantù lo difende."];
        let persons = PersonExtractor::rules_only().extract(&paragraphs(&text), None);
        assert_eq!(
            persons,
            [
                Person {
                    name: "Marcello Dell'Utri".into(),
                    mentions: 2
                },
                Person {
                    name: "Cantù".into(),
                    mentions: 1
                }
            ]
        );
    }

    #[test]
    fn ages_and_initials() {
        assert_eq!(
            names(&["Arrestato Gheorghiu, 34 anni, residente in città."]),
            ["Gheorghiu"]
        );
        assert_eq!(
            names(&["Un ritratto di John F. Kennedy. Kennedy sorride."]),
            ["John F. Kennedy"]
        );
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        let ex = PersonExtractor::new();
        assert!(ex.extract(&[], None).is_empty());
        assert!(ex.extract(&[], Some("")).is_empty());
        let odd = paragraphs(&[
            "",
            "   ",
            "’'’ «» — … ?! ., ;:",
            "Владимир Путин и Ким Чен Ын встретились. 北京 東京",
            "De Di Da Von der Le La Papa San Via",
            "Mario\u{301} Rossi\u{2019} e\u{301}",
            "A. B. C. D.",
        ]);
        let _ = ex.extract(&odd, Some("’"));
        let long = "Il sindaco Mario Rossi ha detto che Bianchi, 40 anni, va. ".repeat(5_000);
        let persons = ex.extract(&[long], None);
        assert_eq!(
            persons[0],
            Person {
                name: "Mario Rossi".into(),
                mentions: 5_000
            }
        );
    }

    #[test]
    fn plainly_nfc_text_is_nfc() {
        // Every character the fast path accepts is NFC by itself and starts no composition.
        let plain: String = ('\0'..'\u{300}').chain('\u{2010}'..'\u{2040}').collect();
        assert!(is_plainly_nfc(plain.as_bytes()));
        assert_eq!(is_nfc_quick(plain.chars()), IsNormalized::Yes);
        for c in plain.chars() {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        for other in [
            "e\u{301}", "\u{2000}", "\u{2040}", "\u{300}", "\u{20ac}", "\u{1e9b}",
        ] {
            assert!(!is_plainly_nfc(other.as_bytes()), "{other:?}");
        }
        assert_eq!(
            nfc("perche\u{301} l\u{2019}altro"),
            "perch\u{e9} l\u{2019}altro"
        );
        assert!(matches!(
            nfc("caff\u{e8} \u{ab}s\u{ec}\u{bb} \u{2014} l\u{2019}ok\u{2026}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn word_sets_find_their_words_only() {
        let words = ["di", "Putin", "di", "città", "", "putin"];
        let set = WordSet::new(words.iter().map(|w| Cow::Borrowed(*w)));
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["Di", "put", "citta", " "] {
            assert!(!set.contains(w), "{w}");
        }
        assert!(set.0.len() <= 6);
    }

    #[test]
    fn extractor_is_shareable_and_default_works() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PersonExtractor>();
        let text = paragraphs(&["Il sindaco Giulia Ferretti ha parlato."]);
        assert_eq!(
            PersonExtractor::default().extract(&text, None),
            PersonExtractor::new().extract(&text, None)
        );
    }
}
