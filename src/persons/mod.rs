//! Person names in an article: this module finds the persons an article mentions (each
//! mention a byte range of a paragraph, as KIND scores them) and merges their aliases within
//! the article (`Vladimir Putin` … `Putin` is one person, two mentions). It works on text it
//! is given; it must not read files or touch the index, and it decides nothing across
//! articles (`crate::identities` does, reading [`is_first_name`] and [`is_surname_particle`]).
//! It uses the Italian analyzer's one definition of an apostrophe (`crate::analysis`).
//!
//! # How it works
//! 1. **Text** (`text.rs`, `byline.rs`): paragraphs composed to NFC; a paragraph that is just
//!    the byline is skipped.
//! 2. **Tokens** (`tokens.rs`, word lists in `lexicon.rs`): words with their case shape,
//!    elisions split off, apostrophe surnames kept whole, initials, sentence starts.
//! 3. **Rules** (`candidates.rs`, `merge.rs`): runs of capitalised words, joined by surname
//!    particles (`Ursula von der Leyen`, `Luca Di Marco`), are cut at words that cannot be in
//!    a name (titles, places, institutions, months) and annotated with context cues (a title
//!    before, a verb of saying, an age); a multi-word name with a known first name, a foreign
//!    particle or a cue is a person; a lone surname needs a cue or a full name it ends.
//! 4. **Tagger** (`tagger/`, trained by `training.rs`): a two-stage averaged perceptron over
//!    the capitalised tokens labels them `B`/`I`/`O` (`bio.rs`), reading the rules' labels,
//!    word lists learnt from the training gold, word clusters and capitalisation figures from
//!    unlabelled text, and the article's other words; the rules' boundaries win where both
//!    found a name.
//! 5. **Vetoes** (`vetoes.rs`): what the article's context shows is no person (a town or
//!    region alone, a pronoun opening a sentence, saints listed together, a place after
//!    `Terre di`, a pet); a quoted nickname joined to its name, two names run together split.
//! 6. **Alias merging** (`merge.rs`): a partial name (`Putin`, `Kim`, `De Santis`) counts as a
//!    mention of the full name it is part of, the one named nearest before it.
//!
//! `extractor.rs` runs the pipeline and maps the mentions back to the paragraphs;
//! `article_words.rs` holds the per-article word sets the stages share.
//!
//! # Decisions
//! - Titles and roles are stripped (`il presidente Sergio Mattarella` → `Sergio Mattarella`,
//!   `don Luigi Ciotti` → `Luigi Ciotti`, `dott.`, `avv.`, `prof.`, `sig.`).
//! - A sovereign's title stays when only a first name follows, since the first name alone
//!   identifies nobody: `Papa Francesco`, `Regina Elisabetta`; `Papa Giovanni Paolo II` →
//!   `Giovanni Paolo II`.
//! - Saints (`San Francesco`, `santa Rita`) are not persons: in news the phrase names a town
//!   (`San Felice sul Panaro`), a church, a hospital or a feast, not somebody who acts.
//!   Likewise names after `via`, `piazza`, `scuola`, `ospedale`… are places.
//! - A lone first name (`Luca`) is a person mention, as KIND counts it; which identity it
//!   belongs to is decided across articles, not here.
//! - Names are given with `'` apostrophes whatever the article used.
//! - The byline author is not a mention: a paragraph that is just the byline is skipped, but
//!   the author named in the body text is a person like any other.
//! - Cost is linear in the article's length: every article-wide question (word sets, alias
//!   look-ups) is answered from a sorted table or a hash map built once per article.

mod article_words;
pub mod bio;
mod byline;
mod candidates;
mod extractor;
mod lexicon;
mod merge;
mod tagger;
mod text;
mod tokens;
mod training;
mod vetoes;

use std::ops::Range;

pub use extractor::PersonExtractor;
pub use tagger::{FeatureSet, ModelError, WordFigures};
pub use training::{
    train_tagger, word_stats, EntityKind, GoldEntity, LabelledArticle, TrainingOptions, WordStats,
};

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
    /// Byte range of the name in the paragraph, e.g. `Putin`: titles excluded, save `don`,
    /// which priests' names are written with (`don Sturzo`; the person's name is `Sturzo`).
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
    static LEXICON: std::sync::OnceLock<lexicon::Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(lexicon::Lexicon::new).flags(word)
}

#[cfg(test)]
mod tests;
