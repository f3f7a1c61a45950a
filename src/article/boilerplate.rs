//! Newspaper boilerplate: text a paper adds around every article, which is
//! not the article and must not reach headlines, snippets, persons or
//! ranking.
//!
//! The families were found by measuring DICE (Gazzetta di Modena): the lines
//! and endings repeated across thousands of articles (docs/EVALUATION.md).
//! They are matched by their wording, never by a paper's or an article's id,
//! so any paper's variants are caught:
//! - copyright and licence notices, wherever they stand: `© RIPRODUZIONE
//!   RISERVATA`, `©RIPRODUZIONE RISERVATA`, `Riproduzione riservata`, `Tutti i
//!   diritti riservati`, a Creative Commons `BY NC ND ALCUNI DIRITTI
//!   RISERVATI`, `All rights reserved`;
//! - links to other stories run into the text: `Leggi anche <their
//!   headline>` up to where this article's next sentence starts;
//! - notes that the story is being updated, at its end (`SEGUONO
//!   AGGIORNAMENTI`, `(in aggiornamento)`);
//! - a dangling dash or other separator at the end (an emptied signature).

use super::words::{
    bare, continues_phrase, is_all_capitals, is_capitalised, opens_sentence, words_with_offsets,
    LowerCaseWords,
};

/// Copyright and licence notices, lower case (matched ignoring ASCII case).
const NOTICES: &[&str] = &[
    "tutti i diritti riservati",
    "alcuni diritti riservati",
    "diritti riservati",
    "riproduzione riservata",
    "riproduzione vietata",
    "all rights reserved",
];

/// Words that may precede a notice and belong to it: `©`, `(c)`, a Creative
/// Commons licence (`CC BY-NC-ND 4.0`, `BY NC ND`), a separating dash.
fn is_notice_prefix(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "©" | "(c)" | "copyright" | "—" | "–" | "-" | "cc" | "4.0" | "3.0"
    ) || (!lower.is_empty()
        && lower
            .split('-')
            .all(|part| matches!(part, "by" | "nc" | "nd" | "sa")))
}

/// Introductions of a link to another story, as the paper capitalises them.
const LINKS: &[&str] = &["leggi anche", "vedi anche", "guarda anche", "leggi pure"];

/// Notes that a story is still being written, at its end (lower case).
const UPDATE_NOTES: &[&str] = &[
    "seguono aggiornamenti",
    "notizia in aggiornamento",
    "articolo in aggiornamento",
    "in aggiornamento",
];

/// A linked headline runs at most this many words; past it, the boundary is
/// looked for with a weaker clue.
const MAX_LINK_WORDS: usize = 25;

/// A full stop ends the linked headline only this early; later, it more
/// likely ends the article's own first sentence after the headline.
const MAX_SENTENCE_END_WORDS: usize = 15;

/// Without any clue, the headline is taken to be this long (DICE's linked
/// headlines have 10 words at the median).
const USUAL_LINK_WORDS: usize = 12;

/// Removes every boilerplate family from the paragraphs, dropping those left
/// empty.
pub(super) fn remove(paragraphs: &mut Vec<String>) {
    remove_links(paragraphs);
    for paragraph in paragraphs.iter_mut() {
        remove_notices(paragraph);
    }
    paragraphs.retain(|p| !p.is_empty());
    while let Some(last) = paragraphs.last_mut() {
        let before = last.len();
        strip_update_note(last);
        strip_trailing_separators(last);
        if last.is_empty() {
            paragraphs.pop();
        } else if last.len() == before {
            break;
        }
    }
}

/// Where `phrase` (lower-case ASCII) starts in `text`, ignoring ASCII case,
/// at the start of a word, in order. `lower` is `text.to_ascii_lowercase()`,
/// which has the same byte offsets. One pass over the text, however many
/// times the phrase occurs.
fn phrase_starts<'a>(
    text: &'a str,
    lower: &'a str,
    phrase: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    lower
        .match_indices(phrase)
        .map(|(i, _)| i)
        .filter(move |&i| !text[..i].ends_with(char::is_alphanumeric))
}

/// Removes the byte ranges `spans` (sorted by start, possibly overlapping)
/// from `text`, leaving one space where each was, in one pass.
fn cut_spans(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut kept = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in spans {
        if end <= from {
            continue;
        }
        if start > from {
            kept.push_str(text[from..start].trim_end());
            kept.push(' ');
        }
        from = from.max(end);
    }
    kept.push_str(&text[from..]);
    kept.trim().to_string()
}

/// The last word of `text` (after trailing white space) and where it starts.
fn last_word(text: &str) -> Option<(usize, &str)> {
    let head = text.trim_end();
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start < head.len()).then(|| (start, &head[start..]))
}

/// Cuts every copyright or licence notice (and the `©`, licence tags or dash
/// before it) out of the paragraph.
pub(super) fn remove_notices(paragraph: &mut String) {
    let lower = paragraph.to_ascii_lowercase();
    let mut spans = Vec::new();
    for notice in NOTICES {
        for start in phrase_starts(paragraph, &lower, notice) {
            // `©RIPRODUZIONE`: the sign glued to the notice.
            let mut cut = paragraph[..start].trim_end_matches(['©', ' ']).len();
            while let Some((offset, word)) = last_word(&paragraph[..cut]) {
                if !is_notice_prefix(word) {
                    break;
                }
                cut = offset;
            }
            let end = start + notice.len();
            let after = paragraph[end..].trim_start_matches(['.', '©', ' ']);
            spans.push((cut, paragraph.len() - after.len()));
        }
    }
    if !spans.is_empty() {
        *paragraph = cut_spans(paragraph, spans);
    }
}

/// `… SEGUONO AGGIORNAMENTI`, `… (in aggiornamento).`
fn strip_update_note(paragraph: &mut String) {
    let trimmed = paragraph.trim_end_matches(['.', ')', ' ', '-', '—', '–']);
    for note in UPDATE_NOTES {
        if trimmed.len() >= note.len() {
            let start = trimmed.len() - note.len();
            if trimmed.is_char_boundary(start)
                && trimmed[start..].eq_ignore_ascii_case(note)
                && (start == 0 || !trimmed[..start].ends_with(char::is_alphanumeric))
            {
                let kept = trimmed[..start].trim_end_matches(['(', ' ', '-', '—', '–']);
                *paragraph = kept.to_string();
                return;
            }
        }
    }
}

/// A dash, plus or other separator left dangling at the end.
fn strip_trailing_separators(paragraph: &mut String) {
    let kept = paragraph
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '—' | '–' | '-' | '+' | '*' | '=' | '#' | '_' | '|')
        })
        .len();
    paragraph.truncate(kept);
}

/// Removes `Leggi anche <headline>` from every paragraph. A linked headline
/// that is only a dateline at the end of its paragraph (`Leggi anche
/// Modena.`) goes on in the next one, which the paper's line breaks split.
fn remove_links(paragraphs: &mut Vec<String>) {
    let mut lower_case_words = None;
    let mut continues = false;
    for i in 0..paragraphs.len() {
        let paragraph = &paragraphs[i];
        let mut spans = Vec::new();
        if continues {
            // The rest of a headline cut short by the paragraph break.
            let lower = lower_case_words.get_or_insert_with(|| LowerCaseWords::of(paragraphs));
            let (end, _) = headline_end(paragraph, lower);
            spans.push((0, end));
        }
        continues = false;
        let links = find_links(paragraph);
        for (start, headline) in links {
            let lower = lower_case_words.get_or_insert_with(|| LowerCaseWords::of(paragraphs));
            let (end, truncated) = headline_end(&paragraph[headline..], lower);
            spans.push((start, headline + end));
            continues = truncated;
        }
        if !spans.is_empty() {
            paragraphs[i] = cut_spans(&paragraphs[i], spans);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
}

/// Where the linked headline at the start of `text` ends (a byte offset),
/// and whether it runs to the end of the paragraph cut short.
fn headline_end(text: &str, lower_case_words: &LowerCaseWords) -> (usize, bool) {
    let words: Vec<(usize, &str)> = words_with_offsets(text).take(MAX_LINK_WORDS + 1).collect();
    let end = link_end(&words, lower_case_words);
    match words.get(end) {
        Some(&(offset, _)) => (offset, false),
        None => {
            let headline: Vec<&str> = words.iter().map(|(_, w)| *w).collect();
            (text.len(), is_truncated_headline(&headline))
        }
    }
}

/// Every link introduction in `paragraph`, in order: where it starts and
/// where its headline starts. The introduction must be capitalised as the
/// paper writes it (`Leggi anche`, `LEGGI ANCHE`), so that `la guarda anche`
/// is text.
fn find_links(paragraph: &str) -> Vec<(usize, usize)> {
    let lower = paragraph.to_ascii_lowercase();
    let mut links: Vec<(usize, usize)> = LINKS
        .iter()
        .flat_map(|link| {
            phrase_starts(paragraph, &lower, link).filter_map(move |start| {
                if !paragraph[start..].starts_with(char::is_uppercase) {
                    return None;
                }
                let after = start + link.len();
                let rest = &paragraph[after..];
                let rest_trimmed = rest.trim_start_matches(':');
                // `Leggi anche'Ndrangheta…`: a headline glued on by its apostrophe or quote.
                let glued = rest_trimmed.starts_with(['\'', '’', '«', '“', '"']);
                (rest_trimmed.is_empty() || rest_trimmed.starts_with(char::is_whitespace) || glued)
                    .then(|| (start, after + (rest.len() - rest_trimmed.len())))
            })
        })
        .collect();
    links.sort_unstable();
    links
}

/// A linked headline cut short by a paragraph break: a dateline alone
/// (`Modena`, `Modena.`, `Vendemmia a Modena.`) or ending on an abbreviation
/// (`al S.`).
fn is_truncated_headline(words: &[&str]) -> bool {
    let last = words.last().copied().unwrap_or("");
    words.len() <= 3
        || (last.ends_with('.') && last.chars().filter(|c| c.is_alphabetic()).count() == 1)
}

/// Street words after which a capitalised word is the street's name.
const STREETS: &[&str] = &[
    "corso", "largo", "piazza", "piazzale", "strada", "via", "viale", "vicolo",
];

/// How many of `words` (those after `Leggi anche`, or the start of the
/// paragraph that continues a headline) are the linked headline: it ends
/// where this article's next sentence starts.
fn link_end(words: &[(usize, &str)], lower_case_words: &LowerCaseWords) -> usize {
    let mut open_quotes = 0i32;
    for i in 1..words.len().min(MAX_LINK_WORDS) {
        let word = words[i].1;
        let previous = words[i - 1].1;
        open_quotes += previous.matches('«').count() as i32 - previous.matches('»').count() as i32;
        if open_quotes > 0 || continues_phrase(previous) {
            continue;
        }
        let capitalised = is_capitalised(word) || word.starts_with(['«', '“', '"']);
        // `… Soldi e droga per sesso. Un giro…`: a sentence ended, once the
        // headline has a few words.
        if previous.ends_with(['.', '!', '?'])
            && (4..=MAX_SENTENCE_END_WORDS).contains(&i)
            && capitalised
        {
            return i;
        }
        // `… «Siamo danneggiati» Nel capoluogo…`: a quote closed.
        if previous.ends_with(['»', '”', '"']) && is_capitalised(word) {
            return i;
        }
        if previous.ends_with([',', ':', ';', '/', '-', '–', '—', '.']) {
            continue;
        }
        let all_capitals = is_all_capitals(word) && !is_all_capitals(previous);
        if word.starts_with(['«', '“']) {
            // `… ubriaco «A dare l'allarme…`: speech opens after running
            // text; after a name or a place it is part of the headline.
            if word.starts_with('«') && previous.starts_with(char::is_lowercase) {
                return i;
            }
            continue;
        }
        if (is_capitalised(word) && opens_sentence(word))
            || (is_capitalised(word) && !all_capitals && lower_case_words.contains(word))
            || (is_capitalised(word) && bare(word) == bare(previous))
            || (all_capitals && bare(word).chars().count() >= 3)
        {
            return i;
        }
    }
    if words.len() <= MAX_SENTENCE_END_WORDS {
        return words.len();
    }
    // Past the longest headline: the first capitalised word after a
    // lower-case content word (`… razzia di prodotti Caccia dunque…`).
    (2..MAX_LINK_WORDS.min(words.len()))
        .find(|&i| {
            let previous = words[i - 1].1;
            is_capitalised(words[i].1)
                && previous.starts_with(char::is_lowercase)
                && !previous.ends_with([',', ':', ';', '/', '-', '–', '—', '.'])
                && !continues_phrase(previous)
                && !STREETS.contains(&bare(previous).as_str())
        })
        .unwrap_or(USUAL_LINK_WORDS)
}
