//! The byline: a paragraph that is just the author's name is not read for persons (the
//! author named in the body text is a person like any other).

use super::lexicon::is_apostrophe;

/// Is this paragraph just the byline (`Anna Lotti`, `di Anna Lotti`, `ANNA LOTTI.`)?
/// `key` is the author's [`byline_key`].
pub(crate) fn is_byline(paragraph: &str, key: &str) -> bool {
    // A paragraph much longer than the name is body text: no need to normalise it.
    paragraph.len() <= 2 * key.len() + 16 && byline_key(paragraph) == key
}

/// A name reduced for comparison: lower case, `'` apostrophes, no punctuation around words,
/// no leading `di`/`da`/`by`.
pub(crate) fn byline_key(text: &str) -> String {
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
