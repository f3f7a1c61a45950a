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
    bare, continues_phrase, is_all_capitals, is_capitalised, is_lower_case_word,
    lower_case_words_of, opens_sentence, words_with_offsets,
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

/// Byte offsets where `phrase` (lower-case ASCII) starts in `text`, ignoring
/// ASCII case, at a word start.
fn find_phrase(text: &str, phrase: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let needle = phrase.as_bytes();
    (0..bytes.len().saturating_sub(needle.len() - 1)).find(|&i| {
        bytes[i..i + needle.len()].eq_ignore_ascii_case(needle)
            && (i == 0 || !text[..i].ends_with(char::is_alphanumeric))
    })
}

/// Cuts every copyright or licence notice (and the `©`, licence tags or dash
/// before it) out of the paragraph.
pub(super) fn remove_notices(paragraph: &mut String) {
    for notice in NOTICES {
        while let Some(start) = find_phrase(paragraph, notice) {
            let mut cut = start;
            // `©RIPRODUZIONE`: the sign glued to the notice.
            cut = paragraph[..cut].trim_end_matches(['©', ' ']).len().min(cut);
            while let Some((offset, word)) = words_with_offsets(&paragraph[..cut]).last() {
                if !is_notice_prefix(word) {
                    break;
                }
                cut = offset;
            }
            let end = start + notice.len();
            let end = end + paragraph[end..].len()
                - paragraph[end..].trim_start_matches(['.', '©', ' ']).len();
            let kept = format!("{} {}", paragraph[..cut].trim_end(), &paragraph[end..]);
            *paragraph = kept.trim().to_string();
        }
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
    let has_link = |p: &String| LINKS.iter().any(|l| find_link(p, l).is_some());
    if !paragraphs.iter().any(has_link) {
        return;
    }
    let lower = lower_case_words_of(paragraphs);
    let mut i = 0;
    while i < paragraphs.len() {
        let mut continues = false;
        while let Some((start, after)) = LINKS.iter().find_map(|l| find_link(&paragraphs[i], l)) {
            let rest = &paragraphs[i][after..];
            let words: Vec<(usize, &str)> = words_with_offsets(rest).collect();
            let end = link_end(&words, &lower);
            let headline: Vec<&str> = words[..end].iter().map(|(_, w)| *w).collect();
            continues = end == words.len() && is_truncated_headline(&headline);
            let tail = words.get(end).map_or("", |&(offset, _)| &rest[offset..]);
            let kept = format!("{} {}", paragraphs[i][..start].trim_end(), tail);
            paragraphs[i] = kept.trim().to_string();
        }
        if continues && i + 1 < paragraphs.len() {
            let next = &paragraphs[i + 1];
            let words: Vec<(usize, &str)> = words_with_offsets(next).collect();
            let end = link_end(&words, &lower);
            let tail = words
                .get(end)
                .map_or(String::new(), |&(offset, _)| next[offset..].to_string());
            paragraphs[i + 1] = tail;
        }
        i += 1;
    }
    paragraphs.retain(|p| !p.is_empty());
}

/// Where a link introduction starts in `paragraph`, and where its headline
/// starts. The introduction must be capitalised as the paper writes it
/// (`Leggi anche`, `LEGGI ANCHE`), so that `la guarda anche` is text.
fn find_link(paragraph: &str, link: &str) -> Option<(usize, usize)> {
    let start = find_phrase(paragraph, link)?;
    if !paragraph[start..].starts_with(char::is_uppercase) {
        return None;
    }
    let after = start + link.len();
    let rest = &paragraph[after..];
    let rest_trimmed = rest.trim_start_matches(':');
    // `Leggi anche'Ndrangheta…`: a headline glued on by its apostrophe or quote.
    let glued = rest_trimmed.starts_with(['\'', '’', '«', '“', '"']);
    if !(rest_trimmed.is_empty() || rest_trimmed.starts_with(char::is_whitespace) || glued) {
        return None;
    }
    Some((start, after + (rest.len() - rest_trimmed.len())))
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
fn link_end(words: &[(usize, &str)], lower_case_words: &[String]) -> usize {
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
            || (is_capitalised(word) && !all_capitals && is_lower_case_word(lower_case_words, word))
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
