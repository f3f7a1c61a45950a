//! Italian stop words for body text.
//!
//! # Why this list, and why this length
//!
//! The base is the Snowball Italian stop list (279 entries: articles, simple
//! and articulated prepositions, personal and possessive pronouns, the most
//! common conjunctions, and the full conjugations of `avere`, `essere`,
//! `fare`, `stare`). It is a conservative list: it removes words that carry
//! no topic, and keeps adverbs and content-bearing function words (`dopo`,
//! `sempre`, `mai`, `senza`) whose removal would hurt phrase queries.
//!
//! Changes, each because the analyzer compares the *accent-folded* form and
//! because this is a news archive:
//!
//! * removed `sarà`, `sarò`, `farà`, `farò`: folded they become `sara` (a
//!   common first name), `saro`, `fara` and `faro` (lighthouse), which must
//!   stay searchable;
//! * removed `sei`, `fosse`, `faccia`: in news they are as often the number
//!   six, "fosse comuni" (mass graves) and "faccia" (face) as verb forms;
//! * added `fra` (a synonym of `tra`, which Snowball lists); `né` needs no
//!   entry, it folds to `ne`.
//!
//! Accents are written as Italian spells them; the analyzer folds every
//! entry before use, so `perché`/`perche` and `più`/`piu` are stop words
//! alike, and entries that fold together (`e`/`è`) count once: 273 entries,
//! 272 distinct folded stop words (checked by a test).
//!
//! Why not longer: lists of 400–600 words add adverbs and common verbs
//! (`sempre`, `ancora`, `detto`, `stato`) that are frequent but meaningful in
//! news phrases, and BM25 already gives frequent words little weight. Why
//! not shorter: the conjugations of the four auxiliaries are a large share
//! of running text, and removing them keeps postings lists and OR queries of
//! natural-language questions focused on content words.

/// The stop words, as spelled in Italian (folded before use).
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    // Prepositions, simple and articulated (including elided forms, which
    // survive when the apostrophe is missing or the text is malformed).
    "a", "ad", "al", "allo", "ai", "agli", "all", "agl", "alla", "alle",
    "con", "col", "coi",
    "da", "dal", "dallo", "dai", "dagli", "dall", "dagl", "dalla", "dalle",
    "di", "del", "dello", "dei", "degli", "dell", "degl", "della", "delle",
    "in", "nel", "nello", "nei", "negli", "nell", "negl", "nella", "nelle",
    "su", "sul", "sullo", "sui", "sugli", "sull", "sugl", "sulla", "sulle",
    "per", "tra", "fra", "contro",
    // Pronouns and possessives.
    "io", "tu", "lui", "lei", "noi", "voi", "loro",
    "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi", "tue",
    "suo", "sua", "suoi", "sue", "nostro", "nostra", "nostri", "nostre",
    "vostro", "vostra", "vostri", "vostre",
    "mi", "ti", "ci", "vi", "lo", "la", "li", "le", "gli", "ne", "si",
    // Articles.
    "il", "un", "uno", "una",
    // Conjunctions, relatives, interrogatives, a few adverbs.
    "ma", "ed", "se", "perché", "anche", "come", "dov", "dove", "che", "chi",
    "cui", "non", "più", "quale", "quanto", "quanti", "quanta", "quante",
    "quello", "quelli", "quella", "quelle", "questo", "questi", "questa",
    "queste", "tutto", "tutti",
    // Single letters: elided forms left over from malformed text, and the
    // conjunctions/verb `e`, `è`, `o`.
    "c", "e", "è", "i", "l", "o",
    // avere
    "ho", "hai", "ha", "abbiamo", "avete", "hanno",
    "abbia", "abbiate", "abbiano",
    "avrò", "avrai", "avrà", "avremo", "avrete", "avranno",
    "avrei", "avresti", "avrebbe", "avremmo", "avreste", "avrebbero",
    "avevo", "avevi", "aveva", "avevamo", "avevate", "avevano",
    "ebbi", "avesti", "ebbe", "avemmo", "aveste", "ebbero",
    "avessi", "avesse", "avessimo", "avessero",
    "avendo", "avuto", "avuta", "avuti", "avute",
    // essere (without `sei`, `sarò`, `sarà`, `fosse`: see the module doc)
    "sono", "siamo", "siete", "sia", "siate", "siano",
    "sarai", "saremo", "sarete", "saranno",
    "sarei", "saresti", "sarebbe", "saremmo", "sareste", "sarebbero",
    "ero", "eri", "era", "eravamo", "eravate", "erano",
    "fui", "fosti", "fu", "fummo", "foste", "furono",
    "fossi", "fossimo", "fossero", "essendo",
    // fare (without `faccia`, `farò`, `farà`)
    "faccio", "fai", "facciamo", "fanno", "facciate", "facciano",
    "farai", "faremo", "farete", "faranno",
    "farei", "faresti", "farebbe", "faremmo", "fareste", "farebbero",
    "facevo", "facevi", "faceva", "facevamo", "facevate", "facevano",
    "feci", "facesti", "fece", "facemmo", "faceste", "fecero",
    "facessi", "facesse", "facessimo", "facessero", "facendo",
    // stare
    "sto", "stai", "sta", "stiamo", "stanno", "stia", "stiate", "stiano",
    "starò", "starai", "starà", "staremo", "starete", "staranno",
    "starei", "staresti", "starebbe", "staremmo", "stareste", "starebbero",
    "stavo", "stavi", "stava", "stavamo", "stavate", "stavano",
    "stetti", "stesti", "stette", "stemmo", "steste", "stettero",
    "stessi", "stesse", "stessimo", "stessero", "stando",
];

/// Italian interrogatives, as spelled in Italian (compared folded).
///
/// They are not stop words: `quando`, `cosa` or `dove` can matter in a
/// phrase (`"la cosa pubblica"`). Only natural-language questions run with
/// any-word semantics drop them (see `search::query`), because there they
/// ask for the kind of answer rather than name what it is about. Several
/// (`chi`, `che`, `come`, `dove`, `perché`, `quale`, `quanto`…) are stop
/// words anyway; they are listed so that the list reads as what it is.
#[rustfmt::skip]
pub(crate) const QUESTION_WORDS: &[&str] = &[
    "chi", "che", "cosa", "cos", "quale", "quali", "qual", "quando", "dove",
    "come", "perché", "quanto", "quanta", "quanti", "quante",
];

/// Whether a folded word is a stop word ([`STOP_WORDS`], folded once).
pub(crate) fn is_stop_word(folded: &str) -> bool {
    static FOLDED: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    FOLDED
        .get_or_init(|| STOP_WORDS.iter().map(|w| super::fold(w)).collect())
        .contains(folded)
}
