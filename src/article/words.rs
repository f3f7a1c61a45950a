//! The few closed word lists the parser needs to tell a name, a dateline or a
//! sentence start from running text: Italian function words and the
//! particles of surnames. Text is split on white space here; words keep
//! their punctuation, and [`bare`] removes it for comparison.

use rustc_hash::FxHashSet;

/// Lower-case words allowed inside a name (`Paolo De Santis`, `Anna della Valle`).
pub(super) const NAME_PARTICLES: &[&str] = &[
    "d'", "da", "dal", "de", "dei", "del", "della", "der", "di", "du", "la", "le", "van", "von",
];

/// Words that open Italian sentences and are never part of a name: articles,
/// prepositions, pronouns, conjunctions, auxiliaries, common adverbs of time
/// and manner, numerals. A capitalised one right after a name or a headline
/// says a new sentence has started (`Serena Arbizzi È stato…`, `…a Modena
/// Ieri mattina…`).
const SENTENCE_OPENERS: &[&str] = &[
    "a",
    "ad",
    "adesso",
    "agli",
    "ai",
    "al",
    "alcune",
    "alcuni",
    "alla",
    "alle",
    "allo",
    "almeno",
    "altra",
    "altre",
    "altri",
    "altro",
    "anche",
    "ancora",
    "appena",
    "c'è",
    "che",
    "chi",
    "ci",
    "cinque",
    "circa",
    "come",
    "comunque",
    "con",
    "contro",
    "cosa",
    "così",
    "da",
    "dagli",
    "dai",
    "dal",
    "dalla",
    "dalle",
    "dallo",
    "degli",
    "dei",
    "del",
    "della",
    "delle",
    "dello",
    "di",
    "dieci",
    "domani",
    "domenica",
    "dopo",
    "dove",
    "due",
    "dunque",
    "durante",
    "e",
    "ebbene",
    "ed",
    "eppure",
    "era",
    "erano",
    "fino",
    "forse",
    "fra",
    "fu",
    "giovedì",
    "già",
    "gli",
    "grazie",
    "ha",
    "hanno",
    "ho",
    "i",
    "ieri",
    "il",
    "in",
    "infatti",
    "inoltre",
    "insomma",
    "intanto",
    "invece",
    "io",
    "l'",
    "la",
    "le",
    "lei",
    "lo",
    "loro",
    "lui",
    "lunedì",
    "là",
    "lì",
    "ma",
    "martedì",
    "meno",
    "mentre",
    "mercoledì",
    "mille",
    "molte",
    "molti",
    "molto",
    "ne",
    "negli",
    "nei",
    "nel",
    "nella",
    "nelle",
    "nello",
    "nemmeno",
    "neppure",
    "nessun",
    "nessuno",
    "noi",
    "non",
    "nove",
    "né",
    "o",
    "oggi",
    "ogni",
    "oltre",
    "ora",
    "otto",
    "per",
    "perché",
    "persino",
    "però",
    "più",
    "poco",
    "poi",
    "prima",
    "proprio",
    "purtroppo",
    "qualcuno",
    "quando",
    "quanti",
    "quanto",
    "quattro",
    "quei",
    "quel",
    "quella",
    "quelle",
    "quello",
    "questa",
    "queste",
    "questi",
    "questo",
    "qui",
    "sabato",
    "sarà",
    "secondo",
    "sei",
    "sempre",
    "senza",
    "sette",
    "si",
    "solo",
    "soltanto",
    "sono",
    "stamane",
    "stamattina",
    "stanotte",
    "stasera",
    "stata",
    "stato",
    "su",
    "subito",
    "sugli",
    "sui",
    "sul",
    "sulla",
    "sulle",
    "sullo",
    "tante",
    "tanti",
    "tanto",
    "tra",
    "tre",
    "troppo",
    "tutta",
    "tuttavia",
    "tutte",
    "tutti",
    "tutto",
    "un",
    "una",
    "uno",
    "venerdì",
    "verso",
    "voi",
    "è",
];

/// Elided forms that open a sentence (`L'uomo`, `Un'auto`, `Dall'inizio`).
const ELIDED_OPENERS: &[&str] = &[
    "l'", "un'", "all'", "dall'", "dell'", "nell'", "sull'", "c'", "quell'", "quest'",
];

/// Prepositions and articles after which a sentence cannot start: `di Di
/// Puorto`, `al Rally`, `a Modena` are one phrase.
const PHRASE_CONTINUERS: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "alla", "alle", "allo", "con", "da", "dagli", "dai", "dal",
    "dalla", "dalle", "dallo", "degli", "dei", "del", "della", "delle", "dello", "di", "e", "ed",
    "fra", "gli", "i", "il", "in", "la", "le", "lo", "negli", "nei", "nel", "nella", "nelle",
    "nello", "per", "su", "sugli", "sui", "sul", "sulla", "sulle", "sullo", "tra", "un", "una",
    "uno",
];

/// The word lower-cased, with `’` as `'`, without the punctuation around it
/// (quotes, brackets, `.,:;!?`). Elisions keep their apostrophe (`l'`).
pub(super) fn bare(word: &str) -> String {
    let mut bare = String::with_capacity(word.len());
    bare_into(word, &mut bare);
    bare
}

/// [`bare`] into a buffer that is reused.
fn bare_into(word: &str, bare: &mut String) {
    bare.clear();
    let trimmed = word.trim_matches(|c: char| {
        matches!(
            c,
            '«' | '»' | '“' | '”' | '"' | '(' | ')' | '[' | ']' | '.' | ',' | ':' | ';' | '!' | '?'
        )
    });
    bare.extend(
        trimmed
            .chars()
            .map(|c| if c == '’' { '\'' } else { c })
            .flat_map(char::to_lowercase),
    );
}

/// Does `word` (as written, any case) open a sentence? True for the words of
/// [`SENTENCE_OPENERS`] and for elided articles and prepositions (`L'uomo`).
pub(super) fn opens_sentence(word: &str) -> bool {
    let bare = bare(word);
    SENTENCE_OPENERS.binary_search(&bare.as_str()).is_ok()
        || ELIDED_OPENERS
            .iter()
            .any(|e| bare.len() > e.len() && bare.starts_with(e))
}

/// Is `word` a lower-case preposition or article that the next word continues?
pub(super) fn continues_phrase(word: &str) -> bool {
    word.starts_with(char::is_lowercase)
        && (PHRASE_CONTINUERS.contains(&bare(word).as_str())
            || ELIDED_OPENERS
                .iter()
                .any(|e| e.len() > 2 && bare(word).starts_with(e)))
}

/// Is `word` a surname particle (`de`, `Di`, `della`, `d'`)?
pub(super) fn is_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&bare(word).as_str())
}

/// Starts with an upper-case letter (after an opening quote or bracket).
pub(super) fn is_capitalised(word: &str) -> bool {
    word.trim_start_matches(['«', '“', '"', '(', '‘', '\''])
        .starts_with(char::is_uppercase)
}

/// Two or more letters, all of them capitals (`MODENA`, `SAN`, `CARPI.`).
pub(super) fn is_all_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// The words of `text` (split on white space) with their byte offsets.
pub(super) fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// The words an article writes in lower case: a capitalised one of them at
/// the start of a sentence is a common word (`Piazza` … `in piazza`), not a
/// name. Built in one pass, allocating once per distinct word.
pub(super) struct LowerCaseWords(FxHashSet<String>);

impl LowerCaseWords {
    pub(super) fn of(paragraphs: &[String]) -> LowerCaseWords {
        let mut words = FxHashSet::default();
        let mut word = String::new();
        for written in paragraphs
            .iter()
            .flat_map(|p| p.split_whitespace())
            .filter(|w| w.starts_with(char::is_lowercase))
        {
            bare_into(written, &mut word);
            if !words.contains(word.as_str()) {
                words.insert(word.clone());
            }
            // `sull'omicidio` also says that `omicidio` is a common word.
            if let Some((_, rest)) = word.split_once('\'') {
                if !rest.is_empty() && !words.contains(rest) {
                    words.insert(rest.to_string());
                }
            }
        }
        LowerCaseWords(words)
    }

    /// Is `word` (as written, any case) one of them?
    pub(super) fn contains(&self, word: &str) -> bool {
        self.0.contains(bare(word).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_lower_case_and_bare() {
        assert!(SENTENCE_OPENERS.windows(2).all(|w| w[0] < w[1]));
        for word in SENTENCE_OPENERS.iter().chain(PHRASE_CONTINUERS) {
            assert_eq!(bare(word), *word);
        }
    }

    #[test]
    fn openers_and_particles() {
        assert!(opens_sentence("È"));
        assert!(opens_sentence("«Il"));
        assert!(opens_sentence("L’uomo"));
        assert!(opens_sentence("Dunque,"));
        assert!(!opens_sentence("Arbizzi"));
        assert!(!opens_sentence("Lotti"));
        assert!(continues_phrase("di"));
        assert!(continues_phrase("dell'azienda"));
        assert!(!continues_phrase("Di"));
        assert!(is_particle("De"));
        assert!(is_all_capitals("CARPI."));
        assert!(!is_all_capitals("A."));
        assert!(is_capitalised("«Basta"));
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = " uno  due\ttre";
        let words: Vec<_> = words_with_offsets(text).collect();
        assert_eq!(words, [(1, "uno"), (6, "due"), (10, "tre")]);
    }
}
