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
//! - Names are given with `'` apostrophes whatever the article used (`’` is accepted).
//! - The byline author is not a mention: a paragraph that is just the byline is skipped, but
//!   the author named in the body text is a person like any other.

mod candidates;
pub mod corpus;
mod lexicon;
mod merge;
mod tokens;

use std::borrow::Cow;
use std::cell::OnceCell;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use lexicon::{is_apostrophe, plain_apostrophes, Lexicon, AUX, DETERMINER, FUNCTION};
use tokens::{Shape, Token};

/// A person mentioned in one article, under the fullest name the article uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Canonical name, e.g. "Vladimir Putin" (titles and roles stripped).
    pub name: String,
    /// How many times the article mentions the person, aliases included.
    pub mentions: usize,
}

/// Finds the persons of an article. Build it once (it indexes the word lists) and share it:
/// it is immutable, so `extract` can run from many threads at once.
#[derive(Debug, Clone, Default)]
pub struct PersonExtractor {
    lexicon: Lexicon,
}

impl PersonExtractor {
    pub fn new() -> Self {
        Self {
            lexicon: Lexicon::new(),
        }
    }

    /// Persons mentioned in the article's paragraphs, in order of first mention.
    /// `author` is the byline (e.g. "Anna Lotti"); the author is not a person mentioned unless named in the text itself.
    pub fn extract(&self, paragraphs: &[String], author: Option<&str>) -> Vec<Person> {
        let byline = author.map(byline_key).filter(|key| !key.is_empty());
        let texts: Vec<Cow<str>> = paragraphs
            .iter()
            .filter(|p| !byline.as_deref().is_some_and(|key| is_byline(p, key)))
            .map(|p| nfc(p))
            .collect();
        let mut tokens: Vec<Token> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                tokens.push(tokens::paragraph_break());
            }
            tokens::tokenize(text, &self.lexicon, &mut tokens);
        }

        let mid_caps = WordSet::new(
            tokens
                .iter()
                .filter(|t| t.shape == Shape::Capitalised && !t.sent_start)
                .map(|t| plain_apostrophes(t.text)),
        );
        let candidates = candidates::find(&tokens, &mid_caps);
        if candidates.is_empty() {
            return Vec::new();
        }

        // Only some candidates need to know whether a word is also used in lower case, so
        // the set of lower-case words is built on first use.
        let lower_words: OnceCell<WordSet> = OnceCell::new();
        let is_lower_word = |word: &str| {
            let set = lower_words.get_or_init(|| {
                WordSet::new(
                    tokens
                        .iter()
                        // Articles and auxiliaries never stand for a name word: leaving them
                        // out halves the set.
                        .filter(|t| t.shape == Shape::Lower && !t.has(FUNCTION | DETERMINER | AUX))
                        .map(|t| Cow::Borrowed(t.text)),
                )
            });
            set.contains(&word.to_lowercase())
        };
        let mentions = merge::mentions(&tokens, &candidates, &is_lower_word);
        merge::merge(&mentions)
    }
}

/// A set of words of one article, as a sorted vector searched by bisection: for the few
/// hundred words of an article it is as fast as hashing, and crafted input cannot slow it.
pub(crate) struct WordSet<'a>(Vec<Cow<'a, str>>);

impl<'a> WordSet<'a> {
    fn new(words: impl Iterator<Item = Cow<'a, str>>) -> Self {
        let mut words: Vec<Cow<'a, str>> = words.collect();
        words.sort_unstable();
        words.dedup();
        WordSet(words)
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.0.binary_search_by(|w| w.as_ref().cmp(word)).is_ok()
    }
}

/// Composes accents, so that `e` + combining acute and `é` read the same; a no-op (and no
/// copy) for the usual already-composed text.
fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
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
    use std::io::Write;

    fn paragraphs(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    fn names(texts: &[&str]) -> Vec<String> {
        PersonExtractor::new()
            .extract(&paragraphs(texts), None)
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    fn mentions_of(texts: &[&str], name: &str) -> usize {
        PersonExtractor::new()
            .extract(&paragraphs(texts), None)
            .into_iter()
            .find(|p| p.name == name)
            .map_or(0, |p| p.mentions)
    }

    /// The seed article: header stripped, paragraphs split on blank lines, last one the byline.
    #[test]
    fn seed_article() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/seed/000_26093e7993c18241.txt"
        );
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if std::env::var("RASSEGNA_REQUIRE_SHARED").as_deref() == Ok("1") => {
                panic!("RASSEGNA_REQUIRE_SHARED=1 but the seed article {path} cannot be read: {e}")
            }
            Err(_) => {
                // Written to the stream itself, not with `eprintln!`, which the test harness
                // captures and hides for a passing test.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIP: seed article {path} not found (set RASSEGNA_REQUIRE_SHARED=1 to fail instead)"
                );
                return;
            }
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
        let found = names(&[
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
        // At the start of a paragraph, with nothing around it.
        assert_eq!(
            names(&["Moon Jae In ha inviato un messaggio."]),
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
        // No cue: a capitalised word alone may be a place, a firm, a nickname.
        assert!(names(&["I lavori da Bellini sono finiti in anticipo."]).is_empty());
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
        assert!(names(&[
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
    fn typographic_apostrophes_are_accepted() {
        let text = ["Marcello Dell’Utri è tornato a parlare. Dell'Utri ha detto che l’avvocato Cantù lo difende."];
        let persons = PersonExtractor::new().extract(&paragraphs(&text), None);
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
