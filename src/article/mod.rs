//! One file on disk becomes one [`Article`]: decoding, the `date` header,
//! paragraphs, the byline and a headline for display.
//!
//! This module decides whether a file is readable and says why not; it never
//! drops a readable article. It knows nothing about analysis, persons or the
//! index: it only turns bytes into structured text plus [`Warning`]s.

pub mod date;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

/// A news article as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Unique id: the path relative to the corpus folder, with `/` separators.
    pub id: String,
    /// Where the file was read from.
    pub path: PathBuf,
    /// Date from the header, if the header had a valid one.
    pub date: Option<NaiveDate>,
    /// Body paragraphs, byline excluded, each on one line.
    pub paragraphs: Vec<String>,
    /// The byline: a last short line of capitalised words.
    pub author: Option<String>,
    /// First sentence of the body, cut at about [`HEADLINE_CHARS`] characters.
    pub headline: String,
}

impl Article {
    /// The body text as stored and searched: paragraphs separated by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Something odd about a file that was still indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1).
    NotUtf8,
    /// Started with a UTF-16 byte order mark and was decoded from UTF-16.
    Utf16,
    /// No `date YYYY-MM-DD` header: indexed without a date.
    MissingDate,
    /// A `date` header whose value is not a real day: indexed without a date.
    InvalidDate { value: String },
}

impl Warning {
    /// A stable short name, used to group warnings in the summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::NotUtf8 => "not UTF-8, read as Windows-1252",
            Warning::Utf16 => "UTF-16, decoded",
            Warning::MissingDate => "no date header, indexed without a date",
            Warning::InvalidDate { .. } => "invalid date, indexed without a date",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::InvalidDate { value } => write!(
                f,
                "invalid date '{value}' in the header (expected date YYYY-MM-DD), indexed without a date"
            ),
            other => f.write_str(other.kind()),
        }
    }
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Skip {
    /// The file is empty or holds only white space (and perhaps a date header).
    Empty,
    /// NUL bytes or mostly control characters: not a text file.
    Binary,
    /// The file could not be read.
    Unreadable { error: String },
}

impl Skip {
    /// A stable short name, used to group skips in the summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Skip::Empty => "empty",
            Skip::Binary => "binary, not text",
            Skip::Unreadable { .. } => "unreadable",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Unreadable { error } => write!(f, "could not be read: {error}"),
            Skip::Empty => f.write_str("empty file, nothing to index"),
            Skip::Binary => {
                f.write_str("binary file (NUL bytes or control characters), not an article")
            }
        }
    }
}

/// The result of reading one file: an article with its warnings, or a skip.
pub type ReadResult = Result<(Article, Vec<Warning>), Skip>;

/// Headlines longer than this many characters are cut at a word boundary.
pub const HEADLINE_CHARS: usize = 140;

/// Reads and parses the file at `path`, giving it the id `id`.
pub fn read_file(path: &Path, id: String) -> ReadResult {
    let bytes = std::fs::read(path).map_err(|error| Skip::Unreadable {
        error: error.to_string(),
    })?;
    parse_bytes(&bytes, path.to_path_buf(), id)
}

/// Parses the raw bytes of an article file.
pub fn parse_bytes(bytes: &[u8], path: PathBuf, id: String) -> ReadResult {
    let mut warnings = Vec::new();
    let text = decode(bytes, &mut warnings)?;
    let text = normalize_line_ends(&text);
    let (date, rest) = split_date_header(&text, &mut warnings);
    let mut paragraphs = split_paragraphs(rest);
    if paragraphs.is_empty() {
        return Err(Skip::Empty);
    }
    let author = take_byline(&mut paragraphs);
    let headline = headline(&paragraphs[0]);
    Ok((
        Article {
            id,
            path,
            date,
            paragraphs,
            author,
            headline,
        },
        warnings,
    ))
}

/// UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.
fn decode(bytes: &[u8], warnings: &mut Vec<Warning>) -> Result<String, Skip> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding == encoding_rs::UTF_8 => {
            decode_utf8_or_1252(&bytes[bom_len..], warnings)
        }
        Some((encoding, bom_len)) => {
            warnings.push(Warning::Utf16);
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            text.into_owned()
        }
        None => {
            if bytes.contains(&0) {
                return Err(Skip::Binary);
            }
            decode_utf8_or_1252(bytes, warnings)
        }
    };
    if looks_binary(&text) {
        return Err(Skip::Binary);
    }
    Ok(text)
}

fn decode_utf8_or_1252(bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            warnings.push(Warning::NotUtf8);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// Text files have few control characters; more than one in ten means the
/// bytes are something else (an image, an archive) that happened to decode.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            control += 1;
        }
    }
    control * 10 > total
}

fn normalize_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Splits off the `date YYYY-MM-DD` header. A header whose value contains a
/// digit but is not a day is a broken header (warned, dropped); text that
/// does not start with `date` followed by something date-like is all body
/// (Italian sentences may start with the word "date").
fn split_date_header<'t>(
    text: &'t str,
    warnings: &mut Vec<Warning>,
) -> (Option<NaiveDate>, &'t str) {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if let Some(after) = trimmed.strip_prefix("date") {
        let after = after.strip_prefix(':').unwrap_or(after);
        if after.starts_with([' ', '\t']) {
            let after = after.trim_start_matches([' ', '\t']);
            let value_end = after.find(char::is_whitespace).unwrap_or(after.len());
            let value = &after[..value_end];
            if value.chars().any(|c| c.is_ascii_digit()) {
                let rest = &after[value_end..];
                return match date::parse_day(value) {
                    Ok(day) => (Some(day), rest),
                    Err(_) => {
                        warnings.push(Warning::InvalidDate {
                            value: value.to_string(),
                        });
                        (None, rest)
                    }
                };
            }
        }
    }
    warnings.push(Warning::MissingDate);
    (None, trimmed)
}

/// Paragraphs are separated by blank lines; the lines of one paragraph are
/// joined with a space.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Lower-case words allowed inside a name (`Paolo De Santis`, `Anna della Valle`).
const NAME_PARTICLES: &[&str] = &[
    "d'", "da", "dal", "de", "dei", "del", "della", "der", "di", "du", "la", "le", "van", "von",
];

/// Capitalised last lines that are boilerplate, not a person.
const NOT_BYLINES: &[&str] = &[
    "aggiornamenti",
    "ansa",
    "fine",
    "foto",
    "riproduzione",
    "riservata",
    "seguono",
    "video",
];

/// Copyright boilerplate that may follow the byline on the last line.
const RESERVED: &[&str] = &[
    "©RIPRODUZIONE RISERVATA",
    "© RIPRODUZIONE RISERVATA",
    "RIPRODUZIONE RISERVATA",
];

/// Removes and returns the byline. Either the whole last paragraph is one
/// short line of 2–4 capitalised words (particles allowed) without final
/// punctuation, optionally after `di` ("di Anna Lotti"); or such a name is
/// glued after the last sentence of the last paragraph ("…ai carabinieri.
/// Serena Arbizzi"), as in archives whose line breaks were lost. Copyright
/// boilerplate after the name is dropped with it.
fn take_byline(paragraphs: &mut Vec<String>) -> Option<String> {
    if paragraphs.len() < 2 {
        return None;
    }
    let last = paragraphs.last()?;
    let mut tail = last.trim_end();
    for reserved in RESERVED {
        if let Some(rest) = tail.strip_suffix(reserved) {
            tail = rest.trim_end();
            break;
        }
    }
    if let Some(author) = byline_name(tail) {
        paragraphs.pop();
        return Some(author);
    }
    // A name after the last sentence-final punctuation of the paragraph.
    let (cut, mark) = tail
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '»' | '”' | '"' | ')'))?;
    let (text, name) = tail.split_at(cut + mark.len_utf8());
    if !name.starts_with(char::is_whitespace) {
        return None;
    }
    let name = name.trim_start().trim_start_matches(['—', '–', '-']);
    let author = byline_name(name)?;
    let text = text.trim_end().to_string();
    if let Some(last) = paragraphs.last_mut() {
        *last = text;
    }
    Some(author)
}

/// `Some(name)` if `candidate` reads as a byline: 2–4 capitalised words
/// (lower-case particles allowed), at most 60 characters, ending in a letter.
fn byline_name(candidate: &str) -> Option<String> {
    let candidate = candidate.trim();
    let candidate = candidate.strip_prefix("di ").unwrap_or(candidate);
    if candidate.chars().count() > 60 || !candidate.chars().last()?.is_alphabetic() {
        return None;
    }
    let words: Vec<&str> = candidate.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let all_name_words = words.iter().all(|w| {
        let lower = w.to_lowercase();
        let is_particle = NAME_PARTICLES.contains(&lower.as_str());
        let is_word = w
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || c == '-' || c == '.');
        is_word
            && !NOT_BYLINES.contains(&lower.as_str())
            && (is_particle || w.chars().next().is_some_and(char::is_uppercase))
    });
    ((2..=4).contains(&words.len()) && capitalised >= 2 && all_name_words).then(|| words.join(" "))
}

/// The first sentence of the first paragraph, without a leading all-capitals
/// dateline (`MODENA. `), cut at a word boundary near [`HEADLINE_CHARS`].
pub fn headline(first_paragraph: &str) -> String {
    let text = strip_dateline(first_paragraph);
    let sentence = first_sentence(text);
    cut_at_word(sentence, HEADLINE_CHARS)
}

/// `MODENA. Un uomo…` → `Un uomo…`; `SAN CESARIO SUL PANARO. Ieri…` → `Ieri…`.
pub fn strip_dateline(text: &str) -> &str {
    if let Some(dot) = text.find(". ") {
        let head = &text[..dot];
        let letters = head.chars().filter(|c| c.is_alphabetic()).count();
        let is_capitals = letters >= 2
            && head.chars().all(|c| {
                c.is_uppercase() || c.is_whitespace() || matches!(c, '\'' | '’' | '-' | ',' | '/')
            });
        if is_capitals && head.split_whitespace().count() <= 5 {
            return text[dot + 1..].trim_start();
        }
    }
    text
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

#[cfg(test)]
mod tests;
