//! Italian apostrophes: elisions (`l'incontro`), apocopes (`po'`) and
//! typewriter accents (`perche'` for `perché`).
//!
//! The tokenizer asks two questions about a word that touches an apostrophe:
//! is it an elided function word that must disappear ([`is_elided`]), and if
//! not, does a word-final apostrophe stand for the accent the word lost on a
//! typewriter ([`accent_final_vowel`])?

/// Characters used as an apostrophe in Italian text.
///
/// U+0027 and U+2019 are what newspapers actually use; U+2018 shows up when a
/// "smart quote" converter guesses the wrong side, U+02BC (modifier letter
/// apostrophe) and U+FF07 (full-width) in text pasted from other systems.
/// Recognising them costs one comparison each.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}')
}

/// Elided words, lower-case, without the apostrophe.
///
/// They are removed together with their apostrophe: `dell'anno` indexes only
/// `anno`. They are function words (articles, articulated prepositions,
/// pronouns, clitics, conjunctions and adverbs) or the short modifiers the
/// grammar elides before a vowel (`sant'`, `bell'`, `buon'`, `mezz'`,
/// `tutt'`, `grand'`), which carry little for search and would otherwise
/// become odd stems. Apocopated numerals (`vent'anni`, `trent'anni`) are
/// deliberately absent: the number matters, so `vent` is kept as a token of
/// its own (and stems like `venti`).
///
/// Anything not listed is not dropped: a word before an internal apostrophe
/// becomes a token of its own (`O'Brien` → `o`, `brien`; `po'di` → `po`,
/// `di`), so an unlisted elision costs a stray token, never a lost word.
///
/// Looked up linearly: only words touching an apostrophe are looked up, and
/// comparing a few dozen short strings costs less than hashing.
#[rustfmt::skip]
const ELIDED: &[&str] = &[
    // Articles and articulated prepositions: l'anno, un'ora, dell'anno,
    // sull'auto, agl'italiani / gl'italiani (archaic), pell'anima (archaic).
    "l", "un", "gl",
    "all", "dall", "dell", "nell", "sull", "coll", "pell",
    "agl", "dagl", "degl", "negl", "sugl",
    // di, ci/ce, clitic pronouns: d'Italia, c'è, m'ha, t'ho, s'è, v'è, ce n'è,
    // gliel'ha.
    "d", "c", "m", "t", "s", "v", "n", "gliel",
    // Demonstratives and indefinites: quell'anno, quest'anno, nessun'altra,
    // ciascun'altra, alcun'altra, qualcun'altra, qualcos'altro,
    // nient'altro, null'altro, tant'è, quant'è.
    "quell", "quest", "nessun", "ciascun", "alcun", "qualcun", "qualcos",
    "nient", "null", "tant", "quant",
    // Conjunctions, adverbs, prepositions: anch'io, com'è, dov'è, cos'è,
    // quand'ecco, ch'io (archaic che), senz'altro, sott'acqua, dev'essere,
    // qual'è (a common misspelling of qual è).
    "anch", "com", "dov", "cos", "quand", "ch", "senz", "sott", "dev", "qual",
    // Elided modifiers: sant'Antonio, bell'uomo, buon'anima, mezz'ora,
    // tutt'altro, grand'uomo.
    "sant", "bell", "buon", "mezz", "tutt", "grand",
];

/// Words that end in an apostrophe because they are truncated (apocope), not
/// because they lost an accent: `po'` (poco), `mo'` (modo), `ca'` (casa),
/// `pie'` (piede), `be'` (bene), `de'`/`ne'` (dei/nei), the imperatives
/// `di'`, `da'`, `fa'`, `sta'`, `va'`, `to'` and `vo'` (voglio).
const APOCOPES: &[&str] = &[
    "po", "mo", "ca", "pie", "be", "de", "ne", "di", "da", "fa", "sta", "va", "to", "vo",
];

/// Longest entry of [`ELIDED`] and [`APOCOPES`], in bytes: words longer than
/// this are not looked up at all.
const MAX_LISTED_LEN: usize = 8;

/// Lower-cases an ASCII word into `buf` when it is short enough to be listed.
fn ascii_lower(word: &str, buf: &mut [u8; MAX_LISTED_LEN]) -> Option<usize> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_LISTED_LEN || !word.is_ascii() {
        return None;
    }
    for (dst, src) in buf.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    Some(bytes.len())
}

fn listed(list: &[&str], word: &str) -> bool {
    let mut buf = [0u8; MAX_LISTED_LEN];
    let Some(len) = ascii_lower(word, &mut buf) else {
        return false;
    };
    list.iter().any(|entry| entry.as_bytes() == &buf[..len])
}

/// Whether `word` (any case, without its apostrophe) is an elided function
/// word that disappears with its apostrophe.
pub(crate) fn is_elided(word: &str) -> bool {
    listed(ELIDED, word)
}

/// Whether `word` is a truncated word whose apostrophe is not an accent.
pub(crate) fn is_apocope(word: &str) -> bool {
    listed(APOCOPES, word)
}

/// The accented form of a word-final vowel, as a typewriter apostrophe
/// stands for it: `a` → `à`, `e` → `è` (`é` after `ch`: perché, poiché,
/// affinché), `i` → `ì`, `o` → `ò`, `u` → `ù`; upper case is kept.
///
/// Returns `None` when the word does not end in a plain vowel.
pub(crate) fn accent_final_vowel(word: &str) -> Option<char> {
    let mut rev = word.chars().rev();
    let last = rev.next()?;
    let accented = match last {
        'a' => 'à',
        'A' => 'À',
        'i' => 'ì',
        'I' => 'Ì',
        'o' => 'ò',
        'O' => 'Ò',
        'u' => 'ù',
        'U' => 'Ù',
        'e' | 'E' => {
            let h = rev.next().map(|c| c.to_ascii_lowercase());
            let c = rev.next().map(|c| c.to_ascii_lowercase());
            let acute = h == Some('h') && c == Some('c');
            match (last, acute) {
                ('e', true) => 'é',
                ('e', false) => 'è',
                (_, true) => 'É',
                (_, false) => 'È',
            }
        }
        _ => return None,
    };
    Some(accented)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_unique_lower_case_and_short() {
        for list in [ELIDED, APOCOPES] {
            let unique: std::collections::HashSet<_> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "duplicates in {list:?}");
            for word in list {
                assert!(word.len() <= MAX_LISTED_LEN, "{word} too long");
                assert_eq!(*word, word.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn elided_lookup_ignores_case() {
        assert!(is_elided("L"));
        assert!(is_elided("Dell"));
        assert!(is_elided("QUEST"));
        assert!(is_elided("sant"));
        assert!(!is_elided("po"));
        assert!(!is_elided("vent"));
        assert!(!is_elided(""));
        assert!(!is_elided("più"));
        assert!(!is_elided("unbelievably"));
        assert!(is_apocope("Po"));
        assert!(!is_apocope("perche"));
    }

    #[test]
    fn typewriter_accents() {
        assert_eq!(accent_final_vowel("piu"), Some('ù'));
        assert_eq!(accent_final_vowel("perche"), Some('é'));
        assert_eq!(accent_final_vowel("PERCHE"), Some('É'));
        assert_eq!(accent_final_vowel("E"), Some('È'));
        assert_eq!(accent_final_vowel("caffe"), Some('è'));
        assert_eq!(accent_final_vowel("citta"), Some('à'));
        assert_eq!(accent_final_vowel("cosi"), Some('ì'));
        assert_eq!(accent_final_vowel("pero"), Some('ò'));
        assert_eq!(accent_final_vowel("dell"), None);
        assert_eq!(accent_final_vowel(""), None);
    }
}
