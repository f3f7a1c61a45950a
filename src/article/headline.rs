//! The headline shown for an article: its first real sentence. Archives of
//! article bodies rarely keep the printed headline, so the first sentence,
//! without the dateline that opens it, stands in for it.
//!
//! A dateline is not a sentence: `MODENA.`, `SAN FELICE Un uomo…`, `CARPI -
//! Continua…` lose their capitals; a first "sentence" that is only a place
//! or a one-word kicker (`Modena.`, `vignola.`, `Ergastolo.`, `San
//! Cesario.`) is passed over for the next one.

use super::words::{is_all_capitals, is_capitalised, opens_sentence};

/// Headlines longer than this many characters are cut at a word boundary.
pub const HEADLINE_CHARS: usize = 140;

/// Datelines and kickers passed over before giving up and showing what is there.
const MAX_SKIPPED: usize = 3;

/// Longest dateline, in words (`SAN FELICE SUL PANARO`, `San Felice sul Panaro.`).
const MAX_DATELINE_WORDS: usize = 5;

/// The first real sentence of the article, cut at a word boundary near
/// [`HEADLINE_CHARS`].
pub fn headline(paragraphs: &[String]) -> String {
    let mut skipped = 0;
    for paragraph in paragraphs {
        let mut text = strip_dateline(paragraph);
        while !text.is_empty() {
            let sentence = first_sentence(text);
            if !is_dateline_sentence(sentence) {
                return cut_at_word(sentence, HEADLINE_CHARS);
            }
            skipped += 1;
            if skipped > MAX_SKIPPED {
                // Only datelines and kickers (`Incredulità. Collera.
                // Delusione.`): show the first rather than hunt on.
                let first = paragraphs.first().map_or("", |p| strip_dateline(p));
                return cut_at_word(first_sentence(first), HEADLINE_CHARS);
            }
            text = text[sentence.len()..].trim_start();
        }
    }
    let first = paragraphs.first().map_or("", |p| strip_dateline(p));
    cut_at_word(first_sentence(first), HEADLINE_CHARS)
}

/// `Modena.`, `vignola.`, `Ergastolo.`, `San Cesario.`, `San Felice sul
/// Panaro.`: one word, or a few capitalised ones (with `sul`, `di`…), and a
/// full stop.
fn is_dateline_sentence(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else {
        return false;
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let letters_only = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
    };
    if words.is_empty() || words.len() > MAX_DATELINE_WORDS || !words.iter().all(letters_only) {
        return false;
    }
    let saint = matches!(
        super::words::bare(words[0]).as_str(),
        "san" | "santa" | "sant'" | "santo"
    );
    words.len() == 1
        || (saint && words.len() == 2)
        || (is_capitalised(words[0])
            && is_capitalised(words[words.len() - 1])
            && words
                .iter()
                .all(|w| (is_capitalised(w) && !opens_sentence(w)) || joins_place_name(w)))
}

/// The lower-case words inside Italian place names (`San Felice sul Panaro`,
/// `San Polo d'Enza`, `Prignano sulla Secchia`).
fn joins_place_name(word: &str) -> bool {
    matches!(
        word,
        "sul" | "sulla" | "di" | "del" | "della" | "de" | "nel" | "nell'" | "in"
    ) || word.starts_with("d'")
        || word.starts_with("d’")
        || word.starts_with("nell'")
}

/// Takes a leading dateline in capitals off the text: `MODENA. Un uomo…`,
/// `SAN CESARIO SUL PANARO. Ieri…`, `CARPI - Continua…`, `MODENA La
/// polizia…` all start at the sentence after it. Text that is only a
/// dateline is left as it is.
pub fn strip_dateline(text: &str) -> &str {
    let stripped = dateline_end(text);
    if stripped.is_empty() {
        text
    } else {
        stripped
    }
}

fn dateline_end(text: &str) -> &str {
    let mut words = super::words::words_with_offsets(text).peekable();
    let mut capitals = 0;
    while let Some(&(offset, word)) = words.peek() {
        // `PAVULLO E POLINAGO.`: a conjunction between two places.
        let conjunction = capitals > 0 && word == "E";
        if capitals == MAX_DATELINE_WORDS || !(is_dateline_word(word) || conjunction) {
            break;
        }
        capitals += 1;
        words.next();
        let end = offset + word.len();
        if word.ends_with('.') {
            return text[end..].trim_start();
        }
        if let Some(&(next_offset, next)) = words.peek() {
            if matches!(next, "-" | "–" | "—") {
                return text[next_offset + next.len()..].trim_start();
            }
            if !is_dateline_word(next)
                && next != "E"
                && (is_capitalised(next) || next.starts_with(['«', '“', '"']))
            {
                return text[next_offset..].trim_start();
            }
        }
    }
    text
}

/// A word of a dateline: two or more capitals (`SAN`, `CARPI.`, `CARPI,`,
/// `DELL'EMILIA`).
fn is_dateline_word(word: &str) -> bool {
    let bare = word.strip_suffix(['.', ',']).unwrap_or(word);
    bare.chars()
        .all(|c| c.is_uppercase() || matches!(c, '\'' | '’' | '-' | '/'))
        && is_all_capitals(bare)
}

/// Ends at `.`, `!`, `?` or `…` followed by white space and a capital letter,
/// a quote or a digit; `15.000` or `dott. rossi` do not end a sentence.
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '…') {
            let end = i + c.len_utf8();
            let rest = &text[end..];
            let after_space = rest.trim_start();
            if after_space.len() < rest.len() {
                let next = after_space.chars().next();
                if next.is_none_or(|n| n.is_uppercase() || matches!(n, '«' | '“' | '"')) {
                    return &text[..end];
                }
            }
        }
    }
    text
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…`.
pub fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(max)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let cut = text[..limit]
        .rfind(char::is_whitespace)
        .filter(|&i| i > limit / 2)
        .unwrap_or(limit);
    let kept = text[..cut]
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':');
    format!("{kept}…")
}
