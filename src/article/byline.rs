//! Who wrote the article: the byline, at the start of the text or at its end,
//! and the initials some papers sign with (`— F. D.`, `(s. a.)`).
//!
//! The byline is taken out of the paragraphs, so that nothing downstream
//! (headline, snippets, persons, ranking) reads the author's name as text;
//! this is the one place that decides what a byline is.
//!
//! A leading byline is a name of two to four capitalised words (surname
//! particles allowed) directly followed by the start of a sentence: an
//! all-capitals or single-word dateline (`VIGNOLA`, `Pavullo.`), an opening
//! quote, a word that opens sentences (`È`, `Un`, `L'uomo`), or a capitalised
//! word the article writes in lower case elsewhere (`Piazza` … `in piazza`).
//! `Serena Arbizzi È stato…` is a byline; `Mario Rossi è stato arrestato…` is
//! a sentence whose subject is Mario Rossi. After `di` (`di Carlo Gregori
//! Una madre…`) any capitalised word will do. Only the article itself is
//! consulted, never other articles, so a file parses the same way in any
//! corpus.

use std::ops::Range;

use super::words::{
    bare, is_all_capitals, is_capitalised, is_particle, opens_sentence, words_with_offsets,
    LowerCaseWords,
};

/// Longest kicker or dateline in capitals before a leading byline.
const MAX_KICKER_WORDS: usize = 3;

/// Longest name a byline may have, in words (`Maria Vittoria Scaglioni`,
/// `Anna della Valle`, or two names run together).
const MAX_NAME_WORDS: usize = 4;

/// Capitalised last lines that are not a person.
const NOT_NAMES: &[&str] = &[
    "aggiornamenti",
    "ansa",
    "fine",
    "foto",
    "riproduzione",
    "riservata",
    "seguono",
    "video",
];

/// Bracketed end notes that are not somebody's initials.
const NOT_INITIALS: &[&str] = &["agi", "ansa", "fine", "foto", "ndr", "video"];

/// Takes the byline off the start of the first paragraph (or the whole first
/// paragraph, when that is only a name and more text follows).
pub(super) fn take_leading(paragraphs: &mut Vec<String>) -> Option<String> {
    let (author, taken) = leading_byline(paragraphs)?;
    match taken {
        Some(range) => {
            paragraphs[0].replace_range(range, "");
        }
        None => {
            paragraphs.remove(0);
        }
    }
    Some(author)
}

/// The leading byline and the byte range of the first paragraph it takes
/// (`None`: the paragraph is all byline). A kicker or dateline in capitals
/// may come first (`L'INTERVENTO Laura Solieri La baby gang…`) and stays.
fn leading_byline(paragraphs: &[String]) -> Option<(String, Option<Range<usize>>)> {
    let first = paragraphs.first()?;
    let words: Vec<(usize, &str)> = words_with_offsets(first)
        .take(MAX_KICKER_WORDS + MAX_NAME_WORDS + 4)
        .collect();
    let kicker = words
        .iter()
        .take(MAX_KICKER_WORDS)
        .take_while(|(_, w)| is_all_capitals(w.trim_end_matches(['.', ','])))
        .count();
    let prefixed = words
        .get(kicker)
        .is_some_and(|(_, w)| matches!(*w, "di" | "Di" | "DI" | "by" | "By"));
    let start = kicker + usize::from(prefixed);
    let lower = LowerCaseWords::of(paragraphs);
    // `Omicidio Vacchi La procura…`, `Piazza Matteotti`: a word the article
    // also writes in lower case is a common noun, not part of a name.
    let run = words
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take(MAX_NAME_WORDS)
        .take_while(|(_, w)| is_leading_name_word(w) && (is_particle(w) || !lower.contains(w)))
        .count();
    let byline_start = words.get(kicker).map_or(0, |&(offset, _)| offset);
    for len in (2..=run).rev() {
        let name = &words[start..start + len];
        if is_particle(name[0].1) || is_particle(name[len - 1].1) || !ends_a_name(name[len - 1].1) {
            continue;
        }
        if is_place_or_title(name[0].1) {
            return None;
        }
        let author = name.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
        let Some(&(offset, next)) = words.get(start + len) else {
            return (kicker == 0 && paragraphs.len() > 1).then_some((author, None));
        };
        // `Daniele Montanari / PAVULLO…`, `Piero Innocenti * A Modena…`: a
        // separator after the name, then a dateline or a new sentence.
        if next.chars().all(|c| !c.is_alphanumeric()) && !next.starts_with(['«', '“', '"']) {
            let &(rest, after) = words.get(start + len + 1)?;
            let dateline = is_all_capitals(after.trim_end_matches(['.', ',']));
            if dateline || matches!(next, "*" | "•" | "|") {
                return Some((author, Some(byline_start..rest)));
            }
            continue;
        }
        let after = words.get(start + len + 1).map(|(_, w)| *w);
        // `di Stefano Totaro Funzionale, discreta…` opens a sentence; `di
        // Francesco Dondi Gastone Ferrarini, 66 anni` ends a longer name.
        let comma_after_name = len > 2 && next.ends_with(',');
        if !comma_after_name && starts_sentence(next, after, prefixed, &lower) {
            return Some((author, Some(byline_start..offset)));
        }
    }
    None
}

/// `San`, `Santa`, `Don`, `Via` open the name of a town, a church, a priest
/// or a street, not a byline (`San Felice - Una volta…`).
fn is_place_or_title(word: &str) -> bool {
    matches!(
        bare(word).as_str(),
        "san" | "santa" | "santo" | "sant'" | "don" | "monte" | "via" | "viale" | "piazza"
    )
}

/// A byline never ends with a word that opens a place name or a title
/// (`Mattia Vernelli San Cesario.`).
fn ends_a_name(word: &str) -> bool {
    !is_place_or_title(word)
}

/// Lower-case words that join a surname to a given name at the start of an
/// article (`Anna della Valle`); `di`, `da`, `dal` are left out there, as
/// they more often join two phrases (`Furto di Parmigiano`, `Debra Granik di
/// Alberto Morsiani`, `Promosso dal Presidio`).
const LEADING_PARTICLES: &[&str] = &["de", "dei", "del", "della", "der", "du", "van", "von"];

/// A word that may be part of a leading byline: see [`is_name_word`], with
/// only [`LEADING_PARTICLES`] in lower case.
fn is_leading_name_word(word: &str) -> bool {
    is_name_word(word)
        && (!word.starts_with(char::is_lowercase)
            || LEADING_PARTICLES.contains(&bare(word).as_str()))
}

/// A word that may be part of a name: capitalised letters (with `'`, `’`,
/// `-` inside), not all capitals, not a word that opens sentences. A
/// lower-case particle counts too (`Anna della Valle`).
fn is_name_word(word: &str) -> bool {
    let letters_only = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'));
    let shaped = word.starts_with(char::is_uppercase) && word.chars().any(char::is_lowercase);
    letters_only
        && word.chars().last().is_some_and(char::is_alphabetic)
        && ((shaped && (!opens_sentence(word) || is_particle(word))) || is_particle(word))
}

/// Does `next` (followed by `after`) begin a sentence or a dateline, so that
/// the name before it stands alone?
fn starts_sentence(
    next: &str,
    after: Option<&str>,
    prefixed: bool,
    lower_case_words: &LowerCaseWords,
) -> bool {
    let capitalised = is_capitalised(next);
    let quote = next.starts_with(['«', '“', '"']);
    // `VIGNOLA`, `SAN CESARIO.`, `CASTElFRANCO.`: a dateline in capitals.
    let capitals = next
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(2)
        .filter(|c| c.is_uppercase())
        .count()
        == 2;
    // `Pavullo. Un uomo…`, `mirandola. In tanti…`: a one-word dateline.
    let one_word_dateline = next.ends_with('.')
        && next[..next.len() - 1].chars().all(char::is_alphabetic)
        && next.chars().count() > 2
        && after.is_none_or(|a| is_capitalised(a) || a.starts_with(['«', '“', '"']));
    // `san cesario.`, `San Cesario.`: a two-word dateline of a saint's town.
    let saint_town = matches!(bare(next).as_str(), "san" | "santa" | "sant'" | "santo")
        && after.is_some_and(|a| a.ends_with('.'));
    let common_word = capitalised && lower_case_words.contains(next);
    quote
        || capitals
        || one_word_dateline
        || saint_town
        || (capitalised && opens_sentence(next))
        || common_word
        // After `di`, any capitalised word or a number.
        || (prefixed && (capitalised || next.starts_with(|c: char| c.is_ascii_digit())))
}

/// Takes the byline or signature off the end of the text: a last paragraph
/// that is a name (`Anna Lotti`, `(Andrea Minghelli)`, `Ha collaborato
/// Valeria Cammarota`, `Claudia Benatti c. benatti @ …`), a name after the
/// last sentence, or initials.
pub(super) fn take_trailing(paragraphs: &mut Vec<String>) -> Option<String> {
    if let Some(initials) = take_signature(paragraphs) {
        return Some(initials);
    }
    let last = paragraphs.last()?;
    if paragraphs.len() >= 2 {
        if let Some(author) = byline_name(last) {
            paragraphs.pop();
            return Some(author);
        }
    }
    // A name after the last sentence of the paragraph: `… carabinieri.
    // Serena Rossi`, `… ai ladri. (Rino Filippin)`.
    let (text, author) = match last.strip_suffix(')').and_then(|l| l.rfind('(')) {
        Some(open) if ends_sentence(&last[..open]) => {
            (&last[..open], byline_name(&last[open + 1..last.len() - 1])?)
        }
        _ => {
            let (cut, mark) = last
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '»' | '”' | '"' | ')'))?;
            let (text, name) = last.split_at(cut + mark.len_utf8());
            if !name.starts_with(char::is_whitespace) {
                return None;
            }
            let name = name.trim_start().trim_start_matches(['—', '–', '-']);
            (text, byline_name(name)?)
        }
    };
    let text = text.trim_end().to_string();
    if text.is_empty() {
        if paragraphs.len() < 2 {
            return None;
        }
        paragraphs.pop();
    } else if let Some(last) = paragraphs.last_mut() {
        *last = text;
    }
    Some(author)
}

/// `Some(name)` if `candidate` reads as a byline: one or two names (`Carlo
/// Gregori e Gino Esposito`) of 2–4 capitalised words (lower-case particles
/// allowed, no word that opens sentences), at most 60 characters, ending in
/// a letter; optionally in brackets, after `di` or `Ha collaborato`, or
/// before the author's e-mail address.
fn byline_name(candidate: &str) -> Option<String> {
    let mut candidate = candidate.trim();
    candidate = candidate
        .strip_prefix('(')
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or(candidate)
        .trim();
    for prefix in ["di ", "ha collaborato ", "hanno collaborato "] {
        if candidate.len() > prefix.len()
            && candidate.is_char_boundary(prefix.len())
            && candidate[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            candidate = &candidate[prefix.len()..];
        }
    }
    if candidate.contains('@') {
        // `Claudia Benatti c. benatti @ gazzettadimodena. it`: the name is
        // the capitalised words before the address.
        let end = words_with_offsets(candidate)
            .find(|(_, w)| !w.starts_with(char::is_uppercase))
            .map_or(candidate.len(), |(offset, _)| offset);
        candidate = candidate[..end].trim_end();
    }
    if candidate.chars().count() > 60 {
        return None;
    }
    let names: Vec<&str> = candidate.split(" e ").collect();
    if names.len() > 2 {
        return None;
    }
    let names = names
        .iter()
        .map(|name| one_name(name))
        .collect::<Option<Vec<String>>>()?;
    Some(names.join(" e "))
}

/// One name of a byline: 2–4 capitalised words, particles allowed.
fn one_name(candidate: &str) -> Option<String> {
    if !candidate.chars().last()?.is_alphabetic() {
        return None;
    }
    let words: Vec<&str> = candidate.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    let all_name_words = words.iter().all(|w| {
        let lower = bare(w);
        let is_word = w
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-' || c == '.');
        is_word
            && !NOT_NAMES.contains(&lower.as_str())
            && (is_particle(w) || (w.starts_with(char::is_uppercase) && !opens_sentence(w)))
    });
    ((2..=MAX_NAME_WORDS).contains(&words.len()) && capitalised >= 2 && all_name_words)
        .then(|| words.join(" "))
}

/// Where initials stand, which says how sure their shape must make us.
#[derive(Clone, Copy, PartialEq)]
enum Marked {
    /// In brackets (`(dm)`, `(m. ped.)`): any short word.
    Bracketed,
    /// After a dash (`— Vale. C.`, `— GIB`): short words with a dot, or capitals.
    Dashed,
    /// Alone: one or two letters with a dot (`F.`), or two or three capitals (`TO`).
    Bare,
}

/// One piece of a signature in initials: `F.`, `Vale.`, `ped.`, `GIB`, `to`.
fn is_initial(token: &str, marked: Marked) -> bool {
    let letters = token.strip_suffix('.').unwrap_or(token);
    let count = letters.chars().count();
    if count == 0 || count > 4 || !letters.chars().all(char::is_alphabetic) {
        return false;
    }
    let capitals = letters.chars().all(char::is_uppercase);
    match marked {
        Marked::Bracketed => true,
        Marked::Dashed => token.ends_with('.') || capitals,
        Marked::Bare => (token.ends_with('.') && count <= 2) || (capitals && count <= 3),
    }
}

/// 1–3 initials: `F. D.`, `S. TO`, `GIB`.
fn are_initials(text: &str, marked: Marked) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    (1..=3).contains(&tokens.len())
        && tokens.iter().all(|t| is_initial(t, marked))
        && !NOT_INITIALS.contains(&bare(text).as_str())
}

/// Signatures in initials at the end of the text: `… arrestato. — F. D.`,
/// `… in fuga. (s. a.)`, `… denunciato. F. D.`, or initials the paragraph
/// rebuilding split off (`… — C.` then a paragraph `G.`).
fn take_signature(paragraphs: &mut Vec<String>) -> Option<String> {
    let last = paragraphs.last()?.trim();
    if paragraphs.len() >= 2 && are_initials(last, Marked::Bare) {
        let initials = last.to_string();
        let previous = &paragraphs[paragraphs.len() - 2];
        let split = dash_signature(previous, true)
            .filter(|(cut, _)| paragraphs.len() > 2 || !previous[..*cut].trim().is_empty());
        paragraphs.pop();
        let Some((cut, head)) = split else {
            return Some(initials);
        };
        let previous = paragraphs.last_mut()?;
        previous.truncate(cut);
        trim_end_in_place(previous);
        if previous.is_empty() {
            paragraphs.pop();
        }
        return Some(format!("{head} {initials}").trim().to_string());
    }
    let (cut, author) = bracketed_signature(last)
        .or_else(|| dash_signature(last, false))
        .or_else(|| bare_initials(last))?;
    if paragraphs.len() == 1 && last[..cut].trim().is_empty() {
        return None;
    }
    let last = paragraphs.last_mut()?;
    last.truncate(cut);
    trim_end_in_place(last);
    if last.is_empty() {
        paragraphs.pop();
    }
    Some(author)
}

fn trim_end_in_place(text: &mut String) {
    let len = text.trim_end().len();
    text.truncate(len);
}

/// Does the text before a signature end a sentence (or is it empty)?
fn ends_sentence(text: &str) -> bool {
    let text = text.trim_end();
    text.is_empty() || text.ends_with(['.', '!', '?', '»', '”', '"', '…', ')', ':'])
}

/// `… fine. (s. a.)` → (cut, `s. a.`); also `(dm)` and an unclosed `(m. ped.`.
fn bracketed_signature(text: &str) -> Option<(usize, String)> {
    let open = text.rfind('(')?;
    let inner = &text[open + 1..];
    let inner = inner.strip_suffix(')').unwrap_or(inner);
    let before = &text[..open];
    (are_initials(inner, Marked::Bracketed)
        && (before.is_empty() || before.ends_with(char::is_whitespace))
        && ends_sentence(before))
    .then(|| (open, inner.trim().to_string()))
}

/// `… fine. — F. D.` → (cut, `F. D.`). With `allow_empty`, a dash alone at
/// the end (whose initials were split into the next paragraph) matches too.
fn dash_signature(text: &str, allow_empty: bool) -> Option<(usize, String)> {
    let dash = text.rfind(['—', '–', '-'])?;
    let tail = text[dash..].trim_start_matches(['—', '–', '-']);
    let before = &text[..dash];
    let spaced = before.ends_with(char::is_whitespace) || before.is_empty();
    let tail = tail.trim();
    let signed = if tail.is_empty() {
        allow_empty
    } else {
        are_initials(tail, Marked::Dashed)
    };
    (spaced && signed && ends_sentence(before)).then(|| (dash, tail.to_string()))
}

/// `… denunciato. F. D.` → (cut, `F. D.`): single capitals with dots after
/// the end of a sentence.
fn bare_initials(text: &str) -> Option<(usize, String)> {
    let words: Vec<(usize, &str)> = words_with_offsets(text).collect();
    let single_capital = |w: &str| {
        w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let count = words
        .iter()
        .rev()
        .take(3)
        .take_while(|(_, w)| single_capital(w))
        .count();
    if count == 0 || count == words.len() {
        return None;
    }
    let (cut, _) = words[words.len() - count];
    let before = &text[..cut];
    let previous = words[words.len() - count - 1].1;
    (ends_sentence(before) && previous.chars().filter(|c| c.is_alphabetic()).count() > 1)
        .then(|| (cut, text[cut..].trim().to_string()))
}
