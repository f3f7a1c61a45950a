//! The fast word boundaries change nothing: on hand-written, random and real
//! text, the segments equal `split_word_bound_indices` (with the same
//! alphanumeric and line-feed flags the tokenizer derives from them) and the
//! tokens (text, offsets, position) equal those of [`super::reference`], the
//! tokenizer as it was on the crate's segments.

use std::path::Path;

use tantivy::tokenizer::{TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use super::reference::ReferenceTokenizer;
use super::word_bounds::segments;
use super::{ItalianTokenizer, DEGENERATE_INPUT, MAX_TOKEN_BYTES};
use crate::test_support::shared_files;

type Tokens = Vec<(String, usize, usize, usize)>;

fn run<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Tokens {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
    }
    out
}

/// `text` shortened around byte `at` for a failure message.
fn around(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(60).min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

/// The two tokenizers, reused across texts as tantivy does.
#[derive(Default)]
struct Checker {
    fast: ItalianTokenizer,
    reference: ReferenceTokenizer,
    texts: usize,
    segments: usize,
    tokens: usize,
}

impl Checker {
    /// Panics, with the place, unless segments and tokens are identical.
    fn check(&mut self, name: &str, text: &str) {
        let expected: Vec<(usize, &str, bool, bool)> = text
            .split_word_bound_indices()
            .map(|(i, s)| (i, s, s.chars().any(char::is_alphanumeric), s.contains('\n')))
            .collect();
        let got = segments(text);
        if got != expected {
            let i = got
                .iter()
                .zip(&expected)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(expected.len()));
            let at = expected.get(i).or(got.get(i)).map_or(text.len(), |s| s.0);
            panic!(
                "{name}: segment {i} differs: fast {:?}, crate {:?}, near {:?}",
                got.get(i),
                expected.get(i),
                around(text, at)
            );
        }
        let fast = run(&mut self.fast, text);
        let reference = run(&mut self.reference, text);
        if fast != reference {
            let i = fast
                .iter()
                .zip(&reference)
                .position(|(a, b)| a != b)
                .unwrap_or(fast.len().min(reference.len()));
            let at = reference.get(i).or(fast.get(i)).map_or(text.len(), |t| t.1);
            panic!(
                "{name}: token {i} differs: fast {:?}, reference {:?}, near {:?}",
                fast.get(i),
                reference.get(i),
                around(text, at)
            );
        }
        assert_eq!(
            super::find_apostrophe(text),
            text.char_indices().find(|&(_, c)| super::is_apostrophe(c)),
            "{name}"
        );
        for (token, from, to, _) in &fast {
            assert!(!token.is_empty() && from < to && text.get(*from..*to).is_some());
        }
        self.texts += 1;
        self.segments += expected.len();
        self.tokens += fast.len();
    }
}

/// The strings of the tokenizer's and the analyzers' unit tests.
const UNIT_TEST_STRINGS: &[&str] = &[
    "Un 26enne, 5mila euro e 15.000 soldati: il 3,5% all’80°.",
    "dell’incontro l'anno",
    "l'incontro l’incontro dell'anno all’alba nell'area un'indagine \
     quell'anno quest'anno tutt'altro sant'Antonio c'è d'Italia",
    "l\u{2BC}anno l\u{2018}anno l\u{FF07}anno",
    "nell' ottobre dell' OPEC. L' embargo",
    "un po'di tempo",
    "O'Brien",
    "vent'anni",
    "negli anni'90",
    "dell'80",
    "piu' gia' perche' e' cosi' citta'. E' PERCHE'",
    "citta'!",
    "un po' di",
    "Reuters' news",
    "il 'mostro' e' qui",
    "‘operazione mostro’ piu'",
    "anni '90 piu'",
    "'l'",
    "L’alluvione di ottobre ha colpito la città: secondo l'assessore, \
     più di 15.000 persone sono state evacuate dall’area.",
    "Un 26enne di Carpi è stato arrestato all'alba: aveva con sé 5mila euro.",
    "C'è chi dice che quest'anno l'inflazione salirà al 3,5%.",
    "Il sindaco ha incontrato i cittadini nell'aula dell’università.",
    "Perche' la citta' e' cambiata?",
    "E' piu' facile dire perche' la citta' e' cambiata cosi' tanto",
    "È più facile dire perché la città è cambiata così tanto",
    "nell'ottobre dell'OPEC. L'embargo",
    "tutt'altro un po' di pazienza",
    "Sant'Egidio d'Italia",
    "quell'anno, quest'estate, dell'incontro",
    "perché perche perche' PERCHÉ più piu piu' è e' E'",
    "Il ministro degli Esteri",
    "Luigi Di Maio",
    "Nicolò Barella, Città",
    "Massimo D'Alema",
    "Łukasz Müller",
    "Владимир Путин",
    "🙂👍🏽🇮🇹",
    "東京で会議",
    "\u{2BC}\u{2BC}e\u{2BC}",
    "e\u{301}\u{301}\u{301}",
    "\u{301}",
    "\0\u{FEFF}\u{200B}",
];

/// Hand-written strings for the rules and the fallback's edges.
const TRICKY_STRINGS: &[&str] = &[
    // Apostrophes of every kind, inside, before and after words.
    "l'anno l’anno l‘anno lʼanno l＇anno l`anno l´anno l′anno",
    "'anno' ’anno’ ‘anno’ ʼannoʼ ＇anno＇ ''anno'' l''anno l’’anno",
    "dell' anno dell’ anno dell‘ anno dellʼ anno dell＇ anno",
    "e' E’ piu‘ citta＇ percheʼ po' po’ mo' di'",
    "l'8 l’8 anni'90 anni’90 '90 ’90 ‘90 ʼ90 1'000 1’000 1ʼ000",
    "L'ONU, l'UE e l'USL; d'accordo: c'era un'altra volta.",
    "rock'n'roll rock’n’roll O'Neill D'Annunzio dall'Europa",
    "'ndrangheta\n'mostro\nperche'\n\n'a' b' c'",
    "' ' ’ ’ ‘ ‘ a ' b ’ c",
    // Quotes.
    "«Sì» “no” \"forse\" „certo“ ‹uno› 'due' ‚tre‘",
    "\"a\"b\"c\" a\"b 1\"2",
    // Numbers and separators.
    "15.000 3,5 1.234.567,89 1,2,3 1;2 1:2 1..2 1,,2 1.a a.1 1.' 1._2",
    "3,5% 80° 10€ €10 1/2 ½ ² m² 2² 10¹ x³ ¼ ¾ 1½",
    "12:30 12.30 12,30 2011-03-19 19/03/2011 +39 055 123456",
    "0,5mila 5mila 26enne 3D 4x4 1a 2b3c d4e5 ore9.30 n.1 n°1",
    "1.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000.000",
    // Letters with middle characters.
    "U.S.A. e.g. i.e. a.b.c a..b a.:b a:b a::b a·b l·l a‧b a․b a‘b a’b",
    "S.p.A. s.r.l. Dott.ssa Sig.ra ecc... pag.12 art.3 c.p.p.",
    // URLs, e-mails, paths, hashtags.
    "https://www.gazzettadimodena.it/cronaca/2011/03/19/news/abc_def-123.html?x=1&y=2#z",
    "mario.rossi@example.com mario_rossi@posta.it @mario #Modena #m5s C:\\dir\\file.txt",
    // Hyphens, dashes, underscores.
    "anti-mafia anti–mafia anti—mafia -a- a-b-c __init__ a_b _a a_ __ _1 1_ a_.b a_'b",
    "snake_case_word CONST_NAME x_1_y 1_000 _ ___ a__b",
    // Spaces and line breaks.
    "a  b\tc\u{a0}d\u{2009}e\u{3000}f\u{202f}g\u{2007}h\u{200b}i",
    "a\r\nb\rc\nd\r\r\n\n\u{b}e\u{c}f\u{85}g\u{2028}h\u{2029}i",
    "\r\n\r\n'x' e'\r\ne'",
    "   leading and trailing   ",
    // Format and Extend characters (WB4), ZWJ, emoji.
    "e\u{301} E\u{301}\u{302} 1\u{301}2 a\u{301}.b a.\u{301}b a'\u{301}b 1.\u{301}2",
    "soft\u{ad}hyphen \u{ad}a a\u{ad} \u{ad}\u{ad} .\u{ad}. a\u{ad}'b",
    "a\u{200d}b \u{200d}a 🙂\u{200d}🙂 👨\u{200d}👩\u{200d}👧 a\u{200d}🙂 .\u{200d}🙂",
    "👍🏽 🏳\u{fe0f}\u{200d}🌈 🇮🇹🇫🇷 🇮🇹🇫 a🇮🇹b 🇮 🇮a",
    "a\u{2060}b a\u{feff}b \u{feff}\u{feff}x x\u{200e}y",
    " \u{301} \u{301}a  \u{200d} \u{ad} ",
    // Other scripts.
    "Ελλάδα Россия Україна Հայաստան",
    "שלום עולם ג'ירפה צה\"ל א\"ב א'ב א''ב",
    "カタカナ_テスト ｶﾀｶﾅ ひらがな 漢字 한국어 ภาษาไทย",
    "عربي ١٢٣ ٣٫٥ हिन्दी ১২৩",
    "Ａｂｃ１２３．４ ａ：ｂ",
    // Mixed.
    "Modena – 19 marzo 2011 — «L'ho visto», ha detto… Il 2° piano, n. 5/a.",
    "ʼ ʼa aʼ aʼb ʼʼ a'ʼb 1ʼ2 ʻokina ˈstress ˆ ˇ ¸ a¸b ¸a",
    "Ŀ ŀ ŉ ſ Ĳ ĳ ß ẞ ǅ ǆ Ǳ ɐ ʰ ˀ",
    "ªº µ· ×÷ ¡¿ ©® §¶ ¬ ¯ ´ ¨ °±",
];

/// A small deterministic generator (splitmix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Characters of every Word_Break class the scanner knows and of many it
/// leaves to the crate.
const ALPHABET: &[char] = &[
    'a',
    'e',
    'l',
    'o',
    'Z',
    'E',
    'à',
    'è',
    'È',
    'é',
    'ì',
    'ò',
    'ù',
    'ß',
    'ł',
    'Ł',
    'ſ',
    'ª',
    'µ',
    '¸',
    '0',
    '1',
    '9',
    '²',
    '½',
    '_',
    '.',
    ',',
    ';',
    ':',
    '·',
    '\'',
    '’',
    '‘',
    'ʼ',
    '＇',
    '`',
    '"',
    '„',
    '“',
    '”',
    '«',
    '»',
    ' ',
    ' ',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u{b}',
    '\u{85}',
    '\u{a0}',
    '\u{2009}',
    '\u{3000}',
    '\u{2028}',
    '\u{ad}',
    '\u{301}',
    '\u{200d}',
    '\u{200b}',
    '\u{2060}',
    '\u{feff}',
    '\u{fe0f}',
    '🙂',
    '👍',
    '\u{1f3fd}',
    '🇮',
    '🇹',
    'א',
    'ב',
    'ア',
    'ｶ',
    '中',
    'ж',
    'Ω',
    '١',
    '٫',
    '-',
    '–',
    '—',
    '…',
    '€',
    '°',
    '@',
    '/',
    '#',
    '%',
    '&',
    '?',
    '!',
    '(',
    ')',
    '\u{2024}',
    '\u{2027}',
    '\u{fe50}',
    '\u{ff0e}',
    '\u{ff1a}',
    '\u{202f}',
    '\u{203f}',
    'Ａ',
    '１',
    '\0',
    '\u{7f}',
];

/// Pieces of Italian text, so that random texts also hit the apostrophe
/// rules (elisions, accents, apocopes, quotes) with varied neighbours.
const FRAGMENTS: &[&str] = &[
    "l", "dell", "un", "po", "perche", "citta", "E", "e", "anni", "90", "Brien", "O", "anno",
    "mostro", "quest", "sant", "Reuters", "c", "è", "più", "15", "000", "3", "5mila", "26enne",
    "'", "'", "’", "’", "‘", "ʼ", "＇", " ", " ", " ", "  ", ".", ",", ":", ";", "\n", "\n\n",
    "\r\n", "«", "»", "\"", "-", "_", "…", "🙂", "\u{301}", "\u{ad}", "\u{200d}", "א", "ア",
    "\u{a0}", "\t", "·", "²", "U.S.A", "e.g.", "www.x.it",
];

#[test]
fn unit_test_and_tricky_strings() {
    let mut checker = Checker::default();
    let strings = UNIT_TEST_STRINGS
        .iter()
        .chain(DEGENERATE_INPUT)
        .chain(TRICKY_STRINGS);
    for (i, text) in strings.enumerate() {
        checker.check(&format!("string {i}"), text);
        // Every suffix and prefix too: the scanner must be right from any
        // start and at any end of the text.
        for (at, _) in text.char_indices() {
            checker.check(&format!("string {i} from {at}"), &text[at..]);
            checker.check(&format!("string {i} to {at}"), &text[..at]);
        }
    }
    let long = format!("prima {} dopo'", "a".repeat(MAX_TOKEN_BYTES + 1));
    checker.check("long", &long);
    checker.check("very long", &"x".repeat(70_000));
    checker.check("very long digits", &"1.".repeat(35_000));
}

#[test]
fn random_character_soup() {
    let mut checker = Checker::default();
    let mut random = Random(0x0005_EED0_F7A5_770C);
    for case in 0..30_000 {
        let len = random.below(40);
        let text: String = (0..len)
            .map(|_| ALPHABET[random.below(ALPHABET.len())])
            .collect();
        checker.check(&format!("soup {case}"), &text);
    }
    assert_eq!(checker.texts, 30_000);
}

#[test]
fn random_italian_fragments() {
    let mut checker = Checker::default();
    let mut random = Random(0xF2A6_3E17);
    for case in 0..30_000 {
        let len = random.below(16);
        let text: String = (0..len)
            .map(|_| FRAGMENTS[random.below(FRAGMENTS.len())])
            .collect();
        checker.check(&format!("fragments {case}"), &text);
    }
    assert!(checker.tokens > 50_000, "{}", checker.tokens);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Every file of a shared folder, whole; `None` without the shared data.
fn check_shared_folder(relative: &str) -> Option<Checker> {
    let files = shared_files(relative)?;
    let mut checker = Checker::default();
    for path in &files {
        checker.check(&path.display().to_string(), &read(path));
    }
    assert!(!files.is_empty(), "{relative} is empty");
    Some(checker)
}

#[test]
fn every_dice_article() {
    let Some(checker) = check_shared_folder("dice") else {
        return;
    };
    assert!(checker.texts >= 10_000, "{} DICE files", checker.texts);
    assert!(checker.tokens > 3_000_000, "{} tokens", checker.tokens);
}

#[test]
fn every_squad_it_paragraph() {
    let Some(checker) = check_shared_folder("squad-it-dev/corpus") else {
        return;
    };
    assert!(checker.texts >= 1_000, "{} SQuAD-it files", checker.texts);
}

#[test]
fn every_kind_wikinews_sentence() {
    let Some(files) = shared_files("kind-wikinews") else {
        return;
    };
    let mut checker = Checker::default();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
    {
        let name = path.display().to_string();
        let tsv = read(path);
        // The file as it is, and its sentences as text: tokens joined by
        // spaces.
        checker.check(&name, &tsv);
        for (i, sentence) in tsv.split("\n\n").enumerate() {
            let text: Vec<&str> = sentence
                .lines()
                .filter_map(|line| line.split('\t').next())
                .collect();
            checker.check(&format!("{name} sentence {i}"), &text.join(" "));
        }
    }
    assert!(checker.texts > 13_000, "{} texts", checker.texts);
}
