//! Candidate finder: cuts runs of capitalised words into name candidates and reads the context
//! cues around each one. It decides nothing about aliases; [`super::merge`] does.
//!
//! A *run* is a maximal sequence of capitalised words, joined by surname particles
//! (`Ursula von der Leyen`, `Carlo Alberto dalla Chiesa`), initials (`John F. Kennedy`) and a closing
//! roman numeral (`Benedetto XVI`). A run is then split at words that cannot belong to a
//! person name (titles, places, institutions, months, sentence-initial function words), and
//! each piece is trimmed into a candidate.

use super::article_words::WordSet;
use super::lexicon::{
    plain_apostrophes, ADVERB, ASIAN_SURNAME, AUX, DETERMINER, FIRST, FOREIGN_PARTICLE, FUNCTION,
    HARD_STOP, ORG, PARTICLE, PLACE_PREFIX, REGNAL, SAINT, SAY_PARTICIPLE, SAY_PRESENT, SOFT_STOP,
    TITLE,
};
use super::tokens::{Kind, Shape, Token};

/// Context evidence that a candidate is a person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cues {
    /// A title or role right before the name (`il sindaco Rossi`, `il presidente russo Putin`).
    pub title_near: bool,
    /// A title or role a few words before, in the same clause
    /// (`il ministro degli Esteri nordcoreano Choe Son Hui`).
    pub title_wide: bool,
    /// A verb of saying after (`Rossi ha detto`) or before (`ha affermato Lavrov`).
    pub saying: bool,
    /// An age next to the name (`Mario Rossi, 45 anni`, `il 45enne Rossi`).
    pub age: bool,
}

/// A possible person name: a token range with what the context says about it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Token range of the name, titles and stop words already cut off.
    pub start: usize,
    pub end: usize,
    /// A regnal title right before the name (`Papa` in `Papa Francesco`).
    pub regnal: Option<usize>,
    /// One name word only, leading particles aside (`Rossi`, `De Santis`, `Kim`).
    pub lone: bool,
    /// The first word is a known first name.
    pub first_name: bool,
    /// Contains a foreign surname particle (`bin Laden`, `von der Leyen`): name-shaped on its own.
    pub foreign_particle: bool,
    /// The name opens a sentence, so its capital letter proves nothing.
    pub sentence_initial: bool,
    /// Right after an article or preposition (`la Coldiretti`, `i ragazzi di Correggio`): the
    /// name is a complement, so a verb after it has another subject.
    pub after_determiner: bool,
    pub cues: Cues,
}

/// Finds the candidates of an article. `mid_caps` holds the capitalised words seen inside a
/// sentence somewhere in the article: a sentence-initial word found there is a proper noun.
pub(crate) fn find(tokens: &[Token], mid_caps: &WordSet) -> Vec<Candidate> {
    let mut out = Vec::new();
    // The pieces of a run, reused from run to run.
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_name() {
            let end = run_end(tokens, i);
            split_run(tokens, i, end, mid_caps, &mut pieces, &mut out);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// End (exclusive) of the run of name words starting at `start`.
fn run_end(tokens: &[Token], start: usize) -> usize {
    let mut end = start + 1;
    loop {
        if tokens.get(end).is_some_and(Token::is_name) {
            end += 1;
            continue;
        }
        // Up to three connectors (`von der`) must be followed by another name word.
        let mut k = end;
        while k < tokens.len() && k - end < 3 && is_connector(tokens, start, end, k) {
            k += 1;
        }
        if k > end && tokens.get(k).is_some_and(Token::is_name) {
            end = k + 1;
            continue;
        }
        if tokens.get(end).is_some_and(Token::is_roman) {
            end += 1;
        }
        return end;
    }
}

/// Can token `k` join the run `start..end` to a following name word?
fn is_connector(tokens: &[Token], start: usize, end: usize, k: usize) -> bool {
    let t = &tokens[k];
    match t.shape {
        Shape::Initial => true,
        Shape::Lower if t.has(FOREIGN_PARTICLE) => true,
        // `di`, `della`, `dell'` mostly mean "of/from" (`Mario Rossi di Modena`): they join only
        // right after a first name (`Carlo Alberto dalla Chiesa`), and `di`/`da` not before
        // another first name (`il Cesare di Andrea Frediani` is a book and its author).
        Shape::Lower | Shape::Elision if t.has(PARTICLE) => {
            end > start
                && tokens[end - 1].has(FIRST)
                // `De Rosa dello Studio…`: a first name after a particle is a surname.
                && !(end - 1 > start && tokens[end - 2].has(PARTICLE | FOREIGN_PARTICLE))
                && !(matches!(t.text, "di" | "da")
                    && tokens.get(k + 1).is_some_and(|n| n.has(FIRST)))
        }
        _ => false,
    }
}

/// Cuts the run `start..end` at words that cannot be part of a name, and finishes each piece.
fn split_run(
    tokens: &[Token],
    start: usize,
    end: usize,
    mid_caps: &WordSet,
    pieces: &mut Vec<(usize, usize)>,
    out: &mut Vec<Candidate>,
) {
    pieces.clear();
    let mut piece_start = None;
    let mut org = false;
    for k in start..end {
        let t = &tokens[k];
        let breaks = t.is_name() && {
            let empty = piece_start.is_none();
            // `Carla Del Ponte`, `Diego Della Valle`: after a first name and a particle, even a
            // place word is a surname.
            let after_particle = piece_start.is_some_and(|p| k >= p + 2)
                && tokens[k - 1].is_name()
                && tokens[k - 1].has(PARTICLE | FOREIGN_PARTICLE)
                && tokens[k - 2].has(FIRST);
            if t.has(TITLE | SAINT) {
                true
            } else if t.has(PLACE_PREFIX | HARD_STOP) {
                !after_particle
            } else if t.has(FIRST) {
                false
            } else if t.has(SOFT_STOP) {
                // `Elisabetta Ferrara`, `Luca Di Napoli`: a city name as a surname.
                let prev = k
                    .checked_sub(1)
                    .map(|p| &tokens[p])
                    .filter(|p| !empty && p.is_name());
                !prev.is_some_and(|p| p.has(FIRST | PARTICLE))
            } else if t.has(FUNCTION) && empty {
                // A capitalised article opens a sentence (`Le due parti`), unless it is the
                // particle of a surname (`Le Pen`, `Di Maio`); inside a name it stays (`Kim Jong Un`).
                let next_is_name = tokens.get(k + 1).is_some_and(Token::is_name);
                !(t.has(PARTICLE | FOREIGN_PARTICLE) && next_is_name)
            } else {
                false
            }
        };
        if breaks {
            org |= t.has(ORG);
            if let Some(s) = piece_start.take() {
                pieces.push((s, k));
            }
        } else if piece_start.is_none() {
            piece_start = Some(k);
        }
    }
    if let Some(s) = piece_start {
        pieces.push((s, end));
    }
    for &(s, e) in pieces.iter() {
        if let Some(c) = finish(tokens, s, e, mid_caps) {
            // In `Juventus Andrea Agnelli` the person is clear; `Korean Central News Agency` is not one.
            if !org || c.first_name {
                out.push(c);
            }
        }
    }
}

/// Trims a piece into a candidate and reads its cues; `None` if nothing name-like is left or
/// the name is that of a street, a building or a saint.
fn finish(tokens: &[Token], mut s: usize, mut e: usize, mid_caps: &WordSet) -> Option<Candidate> {
    trim(tokens, &mut s, &mut e);
    if s >= e {
        return None;
    }
    // A capital at the start of a sentence is no evidence: keep the first word only if it is
    // a first name or written with a capital inside a sentence somewhere else in the article.
    if tokens[s].sent_start
        && !leads_name(tokens, s, e)
        && !mid_caps.contains(&plain_apostrophes(tokens[s].text))
    {
        s += 1;
        trim(tokens, &mut s, &mut e);
        if s >= e {
            return None;
        }
    }
    // `Pdl Bruno Rinaldi`, `Stamattina Marco Rossi`: words before a first name are a party, an
    // adverb, a place; the name starts at the first name.
    if let Some(k) = (s..e).find(|&k| tokens[k].is_name() && tokens[k].has(FIRST)) {
        s = k;
    }
    let core_words = (s..e)
        .filter(|&k| {
            let t = &tokens[k];
            (t.is_name() && !t.has(PARTICLE | FOREIGN_PARTICLE)) || t.is_roman()
        })
        .count();
    if core_words == 0 || names_a_place(tokens, s) {
        return None;
    }
    let regnal = s.checked_sub(1).filter(|&p| tokens[p].has(REGNAL));
    let (title_near, age_before) = title_or_age_before(tokens, s);
    let after_determiner = s
        .checked_sub(1)
        .is_some_and(|p| is_word(&tokens[p]) && tokens[p].has(DETERMINER));
    let cues = Cues {
        title_near,
        // `il comandante della polizia dell'Unione Terre`: a complement, not an apposition.
        title_wide: title_near || (!after_determiner && title_in_clause(tokens, s)),
        saying: saying_after(tokens, e) || saying_before(tokens, s),
        age: age_before || age_after(tokens, e),
    };
    Some(Candidate {
        start: s,
        end: e,
        regnal,
        lone: core_words == 1,
        first_name: leads_name(tokens, s, e),
        foreign_particle: (s..e)
            .any(|k| tokens[k].has(FOREIGN_PARTICLE) && !tokens[k].has(FUNCTION)),
        sentence_initial: tokens[s].sent_start,
        after_determiner,
        cues,
    })
}

/// Does the name word at `k` open a full name? A known first name does; so does an East Asian
/// surname followed by a short given name in one or two words (`Kim Jong Un`, `Xi Jinping`,
/// `Choe Son Hui`), where the surname comes first.
fn leads_name(tokens: &[Token], k: usize, e: usize) -> bool {
    let t = &tokens[k];
    if t.has(FIRST) {
        return true;
    }
    let given = &tokens[k + 1..e];
    t.has(ASIAN_SURNAME)
        && (1..=2).contains(&given.len())
        && given.iter().all(|g| {
            // Syllables such as `Un`, `Il`, `In` are Italian words too, but not places or offices.
            g.is_name()
                && !g.has(HARD_STOP | SOFT_STOP | ORG | TITLE | PLACE_PREFIX | SAINT)
                && g.text.chars().filter(|c| c.is_alphabetic()).count() <= 7
        })
}

/// Drops connectors and initials at both ends, capitalised particles at the end (`Mario De`),
/// and a closing roman numeral unless only first names precede it (`Benedetto XVI` is a pope,
/// in `Gabriele Farina I` the `I` starts the next sentence).
fn trim(tokens: &[Token], s: &mut usize, e: &mut usize) {
    while *s < *e && !tokens[*s].is_name() {
        *s += 1;
    }
    while *e > *s {
        let t = &tokens[*e - 1];
        let regnal_number = t.is_roman()
            && *e - 1 > *s
            && tokens[*s..*e - 1]
                .iter()
                .all(|w| w.has(FIRST) || !w.is_name());
        if (t.is_name() && !t.has(PARTICLE | FOREIGN_PARTICLE)) || regnal_number {
            break;
        }
        *e -= 1;
    }
}

fn is_word(t: &Token) -> bool {
    t.kind == Kind::Word
}

/// A lower-case word that may stand between a title and the name (`presidente russo Putin`):
/// an adjective, not a function word, verb or particle.
fn is_plain_lower(t: &Token) -> bool {
    is_word(t)
        && t.shape == Shape::Lower
        && !t.has(
            FUNCTION | PARTICLE | FOREIGN_PARTICLE | AUX | SAY_PRESENT | SAY_PARTICIPLE | ADVERB,
        )
}

/// `via Emilia`, `scuola media Pascoli`, `ospedale Papa Giovanni XXIII`, `San Francesco`.
pub(crate) fn names_a_place(tokens: &[Token], s: usize) -> bool {
    let mut p = s;
    for _ in 0..2 {
        let Some(prev) = p.checked_sub(1) else {
            return false;
        };
        let t = &tokens[prev];
        if t.has(PLACE_PREFIX | SAINT) && is_word(t) {
            return true;
        }
        // `scuola media Pascoli`, `via Padre Candido`, `ospedale Papa Giovanni XXIII`.
        if !(is_plain_lower(t) || t.has(TITLE)) {
            return false;
        }
        p = prev;
    }
    false
}

/// An age word: `45enne`, `trentenne`.
fn is_age_word(t: &Token) -> bool {
    let text = t.text;
    match t.kind {
        Kind::Number => text.ends_with("enne"),
        Kind::Word => {
            t.shape == Shape::Lower && text.ends_with("enne") && text.chars().count() >= 8
        }
        _ => false,
    }
}

/// (title right before, age word right before).
pub(crate) fn title_or_age_before(tokens: &[Token], s: usize) -> (bool, bool) {
    let Some(p) = s.checked_sub(1) else {
        return (false, false);
    };
    let t = &tokens[p];
    if is_age_word(t) {
        return (false, true);
    }
    if is_word(t) && t.has(TITLE) {
        return (true, false);
    }
    let title_two_back = p
        .checked_sub(1)
        .is_some_and(|q| is_word(&tokens[q]) && tokens[q].has(TITLE));
    (is_plain_lower(t) && title_two_back, false)
}

/// A title within six words before the name, with no punctuation between except a comma
/// right before the name (`il padre dell'attuale leader, Kim Jong Il`).
pub(crate) fn title_in_clause(tokens: &[Token], s: usize) -> bool {
    let end = match s.checked_sub(1) {
        Some(p) if tokens[p].is_punct(',') => p,
        _ => s,
    };
    tokens[end.saturating_sub(6)..end]
        .iter()
        .rev()
        .take_while(|t| is_word(t))
        .any(|t| t.has(TITLE))
}

/// `Rossi ha detto`, `Rossi ha poi aggiunto`, `Rossi spiega`.
pub(crate) fn saying_after(tokens: &[Token], e: usize) -> bool {
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|t| is_word(t) && t.shape == Shape::Lower)
    };
    let mut k = e;
    let aux = word(k).is_some_and(|t| t.has(AUX));
    if aux {
        k += 1;
        for _ in 0..2 {
            if word(k).is_some_and(|t| t.has(ADVERB)) {
                k += 1;
            }
        }
    }
    let verb = if aux { SAY_PARTICIPLE } else { SAY_PRESENT };
    word(k).is_some_and(|t| t.has(verb))
}

/// `spiega Rossi`, `ha affermato Lavrov`. A bare participle is not enough: `Mario detto Pippo`.
pub(crate) fn saying_before(tokens: &[Token], s: usize) -> bool {
    let Some(p) = s.checked_sub(1) else {
        return false;
    };
    let t = &tokens[p];
    if !is_word(t) || t.shape != Shape::Lower {
        return false;
    }
    if t.has(SAY_PRESENT) {
        return true;
    }
    t.has(SAY_PARTICIPLE)
        && (p.checked_sub(1).is_some_and(|q| tokens[q].has(AUX))
            || p.checked_sub(2)
                .is_some_and(|q| tokens[q].has(AUX) && tokens[q + 1].has(ADVERB)))
}

/// `Mario Rossi, 45 anni`, `Mario Rossi di 45 anni`, `Mario Rossi (45)`, `Mario Rossi, 45enne`.
fn age_after(tokens: &[Token], e: usize) -> bool {
    let at = |k: usize| tokens.get(e + k);
    let years = |k: usize| {
        at(k).is_some_and(|t| t.kind == Kind::Number) && at(k + 1).is_some_and(|t| t.text == "anni")
    };
    let Some(first) = at(0) else {
        return false;
    };
    if first.is_punct(',') {
        years(1)
            || at(1).is_some_and(is_age_word)
            || (at(1).is_some_and(|t| t.text == "di") && years(2))
    } else if first.text == "di" {
        years(1)
    } else if first.is_punct('(') {
        at(1).is_some_and(|t| t.kind == Kind::Number)
    } else {
        false
    }
}
