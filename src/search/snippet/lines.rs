//! Which lines of an article's body, and which parts of them between
//! spaces, can hold a match, found without reading its words: reading words
//! (the tokenizer, case, folding) is most of what a snippet costs, and a
//! hit's matches are a few words of one or two of its lines.
//!
//! Every folded word that matches starts with a key (a stem's prefix, an
//! exact form, a name). A line is read when, folded, a key stands at the
//! start of a word there and that word can match: a word is asked about
//! when the folded text shows where it ends for sure, and otherwise the
//! line is read.
//!
//! Within such a line only the parts (the text between two spaces) where
//! such a key stands are read, where the tokenizer can start there as at a
//! line ([`parts_of_line`] says when). This leaves no match out:
//! - tokens never span a line break, and the tokenizer starts afresh after
//!   one (`WordsTokenizer::token_stream_from`);
//! - the folded text of a token is the folded line's at the token's place:
//!   folding goes letter by letter, and a typewriter accent (`perche'`)
//!   folds to the letters before the apostrophe;
//! - a token starts after a byte that is not an ASCII letter or digit once
//!   folded, because word segmentation never splits two letters or digits
//!   (UAX#29 WB5, WB8–WB10) and every character that folds to ASCII letters
//!   is a letter; a key found anywhere else only makes a line read for
//!   nothing;
//! - where an ASCII word is followed by white space, most punctuation or an
//!   apostrophe and no letter, its token is that word, or nothing (an elided
//!   article dropped); where it is followed by anything that can join words
//!   (`_`; `.` `,` `:` `;` or an apostrophe before a letter or digit; a
//!   non-ASCII character other than quotes and dashes), the line is read
//!   without asking.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::analysis::{fold_into, is_apostrophe, MAX_TOKEN_BYTES};

/// Past this many keys (a prefix query's many words), looking for each in
/// every line costs more than reading the words.
const MAX_KEYS: usize = 32;

/// Finds the lines of a body that can hold a match; one per search.
pub(super) struct LineFilter {
    keys: Vec<Finder<'static>>,
    /// A line of the body, folded (reused).
    folded: String,
}

impl LineFilter {
    /// A filter for words starting with one of `keys` (folded); `None` when
    /// some key could start a word that the search would not see (an empty
    /// one, or one whose first character is not an ASCII letter or digit),
    /// or when there are too many.
    pub(super) fn new<'a>(keys: impl IntoIterator<Item = &'a String>) -> Option<LineFilter> {
        let mut keys: Vec<&String> = keys.into_iter().collect();
        if keys.iter().any(|key| {
            !key.as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphanumeric)
        }) {
            return None;
        }
        keys.sort();
        // A key that starts with another is found where that one is.
        keys.dedup_by(|longer, shorter| longer.starts_with(shorter.as_str()));
        if keys.len() > MAX_KEYS {
            return None;
        }
        Some(LineFilter {
            keys: keys
                .into_iter()
                .map(|key| Finder::new(key.as_bytes()).into_owned())
                .collect(),
            folded: String::new(),
        })
    }

    /// The keys, for the tests.
    #[cfg(test)]
    pub(super) fn keys(&self) -> Vec<&str> {
        self.keys
            .iter()
            .map(|finder| std::str::from_utf8(finder.needle()).unwrap_or_default())
            .collect()
    }

    /// The byte ranges of `body` that can hold a match, ranges next to each
    /// other joined; `can_match` tells whether a whole folded word (ASCII
    /// letters and digits) can. Within a line that can, only its
    /// space-separated parts that can are read where the tokenizer may start
    /// there ([`parts_of_line`]); otherwise the whole line.
    pub(super) fn lines(
        &mut self,
        body: &str,
        mut can_match: impl FnMut(&str) -> bool,
    ) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut push = |range: Range<usize>| match ranges.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => ranges.push(range),
        };
        let mut hits = Vec::new();
        let mut parts = Vec::new();
        let mut start = 0;
        for line in body.split_inclusive('\n') {
            let end = start + line.len();
            self.find_hits(line, &mut can_match, &mut hits);
            if !hits.is_empty() {
                if parts_of_line(line, &self.folded, &mut hits, &mut parts) {
                    for part in &parts {
                        push(start + part.start..start + part.end);
                    }
                } else {
                    push(start..end);
                }
            }
            start = end;
        }
        ranges
    }

    /// Where, in `line` folded (left in `self.folded`), a key stands at the
    /// start of a word that can match: into `hits`, emptied first.
    fn find_hits(
        &mut self,
        line: &str,
        can_match: &mut impl FnMut(&str) -> bool,
        hits: &mut Vec<usize>,
    ) {
        hits.clear();
        fold_into(line, &mut self.folded);
        let folded = self.folded.as_str();
        let bytes = folded.as_bytes();
        let starts_a_word = |at: usize| at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        for key in &self.keys {
            hits.extend(
                key.find_iter(bytes).filter(|&at| starts_a_word(at)).filter(
                    |&at| match whole_word(folded, at) {
                        Some(word) => can_match(word),
                        None => true,
                    },
                ),
            );
        }
    }
}

/// Puts into `parts` the parts of `line` (byte ranges in it, in order) that
/// hold the `hits` of its folded text `folded`, the line cut at ASCII
/// spaces; `false` when the whole line must be read instead.
///
/// The tokenizer can start afresh at a part as at a line: no token spans a
/// space, and after a space no word-segmentation rule looks back (UAX#29
/// WB3d, WB4 aside: a part must start with an ASCII character or an opening
/// quote, never with a combining mark). Its one state within a line is an
/// open single quote (an apostrophe that opens a word: `'ndrangheta`,
/// `‘Carpi’`), so a part is read alone only where no such apostrophe comes
/// before it in the line. An ASCII line folds to as many bytes; in another,
/// folding keeps every space and makes none where the line has as many as
/// its folded text (a no-break space folds to one): then the `k`-th space
/// of one is the `k`-th of the other.
fn parts_of_line(
    line: &str,
    folded: &str,
    hits: &mut [usize],
    parts: &mut Vec<Range<usize>>,
) -> bool {
    hits.sort_unstable();
    parts.clear();
    let bytes = line.as_bytes();
    let spaces = |text: &[u8]| text.iter().filter(|&&b| b == b' ').count();
    let ascii = line.len() == folded.len() && line.is_ascii();
    if !ascii && spaces(bytes) != spaces(folded.as_bytes()) {
        return false;
    }
    // Outside ASCII: the folded text read up to `folded_at`, and where the
    // line's part after as many spaces starts.
    let (mut folded_at, mut start) = (0, 0);
    for &hit in hits.iter() {
        if ascii {
            start = memchr::memrchr(b' ', &bytes[..hit]).map_or(0, |at| at + 1);
        } else {
            for _ in 0..spaces(&folded.as_bytes()[folded_at..hit]) {
                start += memchr::memchr(b' ', &bytes[start..]).map_or(0, |at| at + 1);
            }
            folded_at = hit;
        }
        if parts.last().is_some_and(|last| last.start == start) {
            continue;
        }
        let safe_start = line[start..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii() || matches!(c, '«' | '“' | '‘' | '’'));
        if !safe_start {
            return false;
        }
        let end = memchr::memchr(b' ', &bytes[start..]).map_or(line.len(), |at| start + at);
        parts.push(start..end);
    }
    !quote_opens_before(line, start)
}

/// Whether an apostrophe that opens a word (not after a letter or digit)
/// stands in `line` before byte `end`; a full-width form (`＇`, first byte
/// 0xEF) anywhere before counts as one.
fn quote_opens_before(line: &str, end: usize) -> bool {
    let before = &line.as_bytes()[..end];
    if memchr::memchr(0xEF, before).is_some() {
        return true;
    }
    // `'`, and the first bytes of `‘` `’` (0xE2) and `ʼ` (0xCA): each
    // starts a character.
    memchr::memchr3_iter(b'\'', 0xE2, 0xCA, before).any(|at| {
        line[at..].chars().next().is_some_and(is_apostrophe)
            && !line[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The word of `folded` starting at byte `at` when the text shows for sure
/// that the tokenizer reads it whole (see the module documentation); `None`
/// when it may read it otherwise.
fn whole_word(folded: &str, at: usize) -> Option<&str> {
    let bytes = folded.as_bytes();
    let len = bytes[at..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len() - at);
    let end = at + len;
    if len > MAX_TOKEN_BYTES {
        return None;
    }
    let rest = &folded[end..];
    let mut chars = rest.chars();
    // What may join the word to the next (UAX#29 WB6, WB7, WB11–WB13a):
    // `_`; a full stop, comma, colon, semicolon or apostrophe before a letter
    // or digit; any non-ASCII character but quotes and dashes.
    let before_a_letter =
        |next: Option<char>| next.is_some_and(|c| !c.is_ascii() || c.is_ascii_alphanumeric());
    let joins = match chars.next() {
        None => false,
        Some('_') => true,
        Some('.' | ',' | ':' | ';') => before_a_letter(chars.next()),
        Some(c) if is_apostrophe(c) => before_a_letter(chars.next()),
        Some('«' | '»' | '“' | '”' | '…' | '–' | '—') => false,
        Some(c) => !c.is_ascii(),
    };
    (!joins).then(|| &folded[at..end])
}
