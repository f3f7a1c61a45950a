//! [`PersonExtractor`]: the pipeline from an article's paragraphs to its persons and their
//! mentions — text read (bylines skipped, NFC), tokens, the rule stage, the tagger, the
//! vetoes, alias merging, and the mentions mapped back to byte ranges of the paragraphs. It
//! holds the embedded model and says why it could not be loaded.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::article_words::{LowerWords, WordSet};
use super::bio::{self, Bio};
use super::byline::{byline_key, is_byline};
use super::lexicon::{self, plain_apostrophes, Lexicon};
use super::merge::{self, MergedPerson};
use super::tagger::{file::model_id, Model, ModelError};
use super::text::{nfc, offset_in};
use super::tokens::{self, Kind, Shape, Token};
use super::{candidates, vetoes, Extraction, Mention, Person};

/// The tagger model trained on the KIND training splits by
/// `cargo run --release --example train_persons` (see `docs/EVALUATION.md`). Embedded so that
/// the binary works from any folder.
pub(super) static MODEL: &[u8] = include_bytes!("../../models/persons.model");

/// Finds the persons of an article. Build it once (it indexes the word lists and reads the
/// model) and share it: it is immutable, so `extract` can run from many threads at once.
#[derive(Clone)]
pub struct PersonExtractor {
    lexicon: Lexicon,
    tagger: Tagger,
}

/// The tagger an extractor runs, or why it runs none.
#[derive(Clone)]
enum Tagger {
    Model {
        model: Arc<Model>,
        id: String,
    },
    /// Rules only: asked for, or the model could not be read.
    None(Option<ModelError>),
}

impl fmt::Debug for PersonExtractor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonExtractor")
            .field("model", &self.model_id())
            .field("model_error", &self.model_error())
            .finish_non_exhaustive()
    }
}

impl Default for PersonExtractor {
    fn default() -> Self {
        Self::new()
    }
}

/// The paragraphs of an article that are read, tokenized together.
pub(crate) struct Tokenized<'a> {
    pub tokens: Vec<Token<'a>>,
    /// For each paragraph read: its index in the caller's slice, its first token, its text.
    pub paragraphs: Vec<(usize, usize, &'a str)>,
}

impl PersonExtractor {
    /// The extractor the indexer uses: rules, then the embedded tagger. If the embedded model
    /// cannot be read (a build defect the unit tests catch), the extractor runs the rules
    /// alone and [`PersonExtractor::model_error`] says why; [`PersonExtractor::embedded`]
    /// returns the error instead.
    pub fn new() -> Self {
        Self::embedded().unwrap_or_else(|err| Self {
            lexicon: Lexicon::new(),
            tagger: Tagger::None(Some(err)),
        })
    }

    /// The extractor with the embedded tagger, or why its model cannot be read.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::with_model(MODEL)
    }

    /// An extractor with another tagger model (the bytes
    /// [`train_tagger`](super::train_tagger) returns), or why they cannot be read.
    pub fn with_model(model: &[u8]) -> Result<Self, ModelError> {
        Ok(Self {
            lexicon: Lexicon::new(),
            tagger: Tagger::Model {
                model: Arc::new(Model::from_bytes(model)?),
                id: model_id(model),
            },
        })
    }

    /// The rule stage alone, without the tagger (to measure what the tagger adds).
    pub fn rules_only() -> Self {
        Self {
            lexicon: Lexicon::new(),
            tagger: Tagger::None(None),
        }
    }

    /// The id of the tagger model (its version and a hash of its bytes, e.g.
    /// `RSPER004-3b1f…`); `None` when the extractor runs the rules alone.
    pub fn model_id(&self) -> Option<&str> {
        match &self.tagger {
            Tagger::Model { id, .. } => Some(id),
            Tagger::None(_) => None,
        }
    }

    /// What the index records of the tagger: its model id, or `rules only` and why.
    pub fn model_description(&self) -> String {
        match (&self.tagger, self.model_error()) {
            (Tagger::Model { id, .. }, _) => id.clone(),
            (_, Some(err)) => format!("rules only: {err}"),
            (_, None) => "rules only".to_string(),
        }
    }

    /// Why the model this extractor was built with could not be read, if it could not.
    pub fn model_error(&self) -> Option<&ModelError> {
        match &self.tagger {
            Tagger::None(error) => error.as_ref(),
            Tagger::Model { .. } => None,
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

    pub(crate) fn tokenize<'a>(&self, texts: &'a [(usize, Cow<'a, str>)]) -> Tokenized<'a> {
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
        let Tagger::Model { model, .. } = &self.tagger else {
            return ruled;
        };
        let rule_labels = labels_of(&ruled, tokens.len());
        let tags: Vec<Bio> = model
            .tag(tokens, &rule_labels)
            .into_iter()
            .map(|l| Bio::from_index(usize::from(l)))
            .collect();
        // The tagger's boundaries stand: it reads the rules' labels as features, and letting
        // the rules' spans override it cost 0.7 points of F1 in cross-validation. Names in
        // East Asian order (`Kim Jong Un`, whose `Un` reads as an article) are the exception:
        // the rules know them, the training data hardly has them.
        let mut rule_spans: Vec<(usize, usize)> =
            ruled.iter().flat_map(|p| p.spans.iter().copied()).collect();
        rule_spans.sort_unstable();
        let asian: Vec<(usize, usize)> = rule_spans
            .iter()
            .copied()
            .filter(|&(s, e)| e > s + 1 && tokens[s].has(lexicon::ASIAN_SURNAME))
            .collect();
        let mut spans: Vec<(usize, usize)> = bio::spans(&tags)
            .into_iter()
            .map(|r| (r.start, r.end))
            .filter(|&(s, e)| {
                let k = asian.partition_point(|&(_, b)| b <= s);
                asian.get(k).is_none_or(|&(a, _)| a >= e)
            })
            .chain(asian.iter().copied())
            .collect();
        spans.sort_unstable();
        let spans = vetoes::join_nicknames(tokens, spans);
        let context = vetoes::Context::new(tokens, &rule_spans, &spans, &lower);
        let mentions: Vec<merge::Mention> = spans
            .iter()
            .flat_map(|&(s, e)| vetoes::split_glued(tokens, s, e))
            .filter_map(|(s, e)| {
                // Titles and roles are stripped from the name (`Don Mario` → `Mario`; the
                // mention keeps `don`: see `written_with_title`), and a name after
                // `via`, `scuola`, `San` names a place: the rules' decisions stand.
                let s = (s..e)
                    .find(|&k| !tokens[k].has(lexicon::TITLE) || tokens[k].has(lexicon::FIRST))?;
                // The tail of a place's name is a place too (`via Fratelli Rosselli`, where
                // only `Rosselli` was proposed).
                let mut run = s;
                while run > 0 && s - run < 2 && tokens[run - 1].is_name() {
                    run -= 1;
                }
                if candidates::names_a_place(tokens, s)
                    || (run < s && candidates::names_a_place(tokens, run))
                {
                    return None;
                }
                // Towns, sentence-initial function words, saints, initials, two names run
                // together (`vetoes.rs`).
                let (s, e) = context.check(s, e)?;
                Some(merge::tagged(tokens, written_with_title(tokens, s), s, e))
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

    /// The rule stage's labels of every token, which the tagger reads as features.
    pub(crate) fn rule_labels(&self, tokens: &[Token]) -> Vec<u8> {
        let lower = LowerWords::new(tokens);
        labels_of(&self.rule_persons(tokens, &lower), tokens.len())
    }
}

/// Where a name's mention begins: at the title before it when names are written with that
/// title. `don` is (a priest's `don Sturzo`, a novel's `don Zame`): in the three KIND training
/// splits it stands inside the gold name 55 times and before it 4 times, where every other
/// title stands mostly outside. The person's name is still the name without it.
fn written_with_title(tokens: &[Token], start: usize) -> usize {
    match start.checked_sub(1).map(|p| &tokens[p]) {
        Some(t) if t.kind == Kind::Word && t.text.eq_ignore_ascii_case("don") => start - 1,
        _ => start,
    }
}

/// The labels (as tagger indices) of every token from the persons' mention spans.
fn labels_of(persons: &[MergedPerson], len: usize) -> Vec<u8> {
    bio::labels(persons.iter().flat_map(|p| p.spans.iter().copied()), len)
        .into_iter()
        .map(|l| l as u8)
        .collect()
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
