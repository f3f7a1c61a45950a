//! Word boundaries for the tokenizer: exactly the segments of
//! `unicode_segmentation`'s `split_word_bound_indices` (UAX#29), found by a
//! byte-level scanner for the characters of Italian news and by the crate
//! itself for everything else.
//!
//! # Why the fast path is exact
//!
//! The crate's forward iterator (`UWordBounds::next`) computes each segment
//! from the remaining text alone: it starts in its `Start` state at every
//! boundary and keeps no state across segments (its cached category is
//! always the category of the first remaining character). So the segments
//! of `text` are: the first segment of `text[p..]`, for `p` = 0 and then each
//! segment's end. Any procedure that finds the same first segment from each
//! such `p` gives the same segmentation, and different procedures can be
//! mixed from one segment to the next.
//!
//! The scanner classifies the characters it knows with the crate's own
//! Word_Break table (Unicode 17, `unicode-segmentation` 1.13): ASCII,
//! U+0080..U+017F (Latin-1 and Latin Extended-A), U+2010..U+2027 (dashes,
//! quotes, bullets, ellipsis) and U+20AC (€). On those characters the crate's
//! state machine reduces to:
//!
//! * ALetter, Numeric and ExtendNumLet (`_`) run together (WB5, WB8–WB10,
//!   WB13a/b): `26enne`, `5mila`, `a_1`;
//! * one MidLetter (`:`, `·`), MidNumLet (`.`, `‘`, `’`, `․`) or
//!   Single_Quote (`'`) between two letters joins them (WB6/WB7): `U.S.A`,
//!   `l'anno`, `a:b`; one MidNum (`,`, `;`) or MidNumLet or Single_Quote
//!   between two digits joins them (WB11/WB12): `15.000`, `3,5`. The state is
//!   that of the last character: after `_` nothing joins over a middle
//!   character, after a letter only a letter, after a digit only a digit;
//! * a run of spaces (U+0020, WSegSpace) is one segment (WB3d);
//! * CR LF is one segment (WB3), every other character is a segment of its
//!   own (WB3a/b, WB999).
//!
//! The rules that involve other characters (WB4's Extend/Format/ZWJ, which
//! are skipped inside a segment and glue to the character before; Hebrew
//! letters, Katakana, regional indicators, emoji ZWJ sequences, other
//! WSegSpace characters) can only change a segment through a character the
//! crate looks at; the scanner looks at the same characters (the segment and
//! the one or two after it that decide its end), and as soon as one of them is
//! not in its table it gives up on this segment and asks the crate for it,
//! starting at the segment's start. U+00AD (soft hyphen, Format) and U+02BC
//! (a letter for UAX#29, and an apostrophe for us) are left to the crate too.
//!
//! `equivalence.rs` checks the segments and the tokens against the crate on
//! hand-written, random and real text.

use unicode_segmentation::UnicodeSegmentation;

/// A Word_Break class of the scanner (the low bits of a table entry).
type Class = u8;

/// Not in the scanner's table: the crate decides.
const UNKNOWN: Class = 0;
/// ALetter.
const LETTER: Class = 1;
/// Numeric.
const NUMERIC: Class = 2;
/// ExtendNumLet (`_`).
const EXTEND_NUM_LET: Class = 3;
/// MidLetter: joins letters only.
const MID_LETTER: Class = 4;
/// MidNum: joins digits only.
const MID_NUM: Class = 5;
/// MidNumLet and Single_Quote: join letters, or digits. (Single_Quote
/// differs only after a Hebrew letter, which the scanner does not handle.)
const MID_NUM_LET: Class = 6;
/// WSegSpace (U+0020 only in the table).
const SPACE: Class = 7;
/// CR.
const CR: Class = 8;
/// LF, and Newline (VT, FF, NEL): a segment of their own.
const LINE_BREAK: Class = 9;
/// Any other character (including Double_Quote, which only matters after a
/// Hebrew letter): a segment of its own.
const OTHER: Class = 10;

const CLASS_MASK: u8 = 0x0f;
/// The character is alphanumeric (`char::is_alphanumeric`).
const ALNUM: u8 = 0x80;

/// The table entry of `c` for the characters the scanner knows, `UNKNOWN`
/// for the others. Evaluated at compile time into the tables below.
const fn entry(c: u32) -> u8 {
    match c {
        0x0a | 0x0b | 0x0c | 0x85 => LINE_BREAK,
        0x0d => CR,
        0x20 => SPACE,
        0x27 | 0x2e => MID_NUM_LET,
        0x2c | 0x3b => MID_NUM,
        0x3a | 0xb7 => MID_LETTER,
        0x30..=0x39 => NUMERIC | ALNUM,
        0x41..=0x5a | 0x61..=0x7a => LETTER | ALNUM,
        0x5f => EXTEND_NUM_LET,
        // Format: WB4 applies, leave it to the crate.
        0xad => UNKNOWN,
        // ª µ º
        0xaa | 0xb5 | 0xba => LETTER | ALNUM,
        // ¸ (cedilla) is ALetter for UAX#29 but a symbol, not alphabetic.
        0xb8 => LETTER,
        0xc0..=0xd6 | 0xd8..=0xf6 | 0xf8..=0x17f => LETTER | ALNUM,
        // ² ³ ¹ ¼ ½ ¾: Word_Break Other, but numeric characters.
        0xb2 | 0xb3 | 0xb9 | 0xbc..=0xbe => OTHER | ALNUM,
        0x00..=0x17f => OTHER,
        // ‘ ’ ․
        0x2018 | 0x2019 | 0x2024 => MID_NUM_LET,
        // ‧
        0x2027 => MID_LETTER,
        0x2010..=0x2026 | 0x20ac => OTHER,
        _ => UNKNOWN,
    }
}

const fn table<const N: usize>(first: u32) -> [u8; N] {
    let mut out = [UNKNOWN; N];
    let mut i = 0;
    while i < N {
        out[i] = entry(first + i as u32);
        i += 1;
    }
    out
}

/// U+0000..U+007F.
static ASCII: [u8; 0x80] = table(0);
/// U+0080..U+017F: the two-byte sequences with a lead byte C2..C5.
static LATIN: [u8; 0x100] = table(0x80);
/// U+2010..U+2027: E2 80 90..A7.
static PUNCTUATION: [u8; 0x18] = table(0x2010);

/// The table entry and UTF-8 length of the character at byte `i` (a
/// character boundary below `bytes.len()`); `(UNKNOWN, 0)` for characters
/// outside the tables.
#[inline(always)]
fn classify(bytes: &[u8], i: usize) -> (u8, usize) {
    let Some(&b0) = bytes.get(i) else {
        return (UNKNOWN, 0);
    };
    if b0 < 0x80 {
        return (ASCII[b0 as usize], 1);
    }
    let b1 = bytes.get(i + 1).copied().unwrap_or(0);
    if (0xc2..=0xc5).contains(&b0) {
        let c = (((b0 & 0x1f) as usize) << 6) | (b1 & 0x3f) as usize;
        return (LATIN[c - 0x80], 2);
    }
    if b0 == 0xe2 {
        let b2 = bytes.get(i + 2).copied().unwrap_or(0);
        if b1 == 0x80 && (0x90..=0xa7).contains(&b2) {
            return (PUNCTUATION[(b2 - 0x90) as usize], 3);
        }
        if b1 == 0x82 && b2 == 0xac {
            return (entry(0x20ac), 3);
        }
    }
    (UNKNOWN, 0)
}

/// Segment flags: it contains an alphanumeric character...
const SEG_ALNUM: u8 = 1;
/// ... it contains a line feed.
const SEG_NEWLINE: u8 = 2;

/// The end and flags of the segment that starts at `start` (a boundary
/// below `bytes.len()`), or `None` when a character that decides it is not
/// in the tables. Mirrors `UWordBounds::next` as described in the module
/// documentation.
#[inline(always)]
fn fast_segment(bytes: &[u8], start: usize) -> Option<(usize, u8)> {
    let (entry, len) = classify(bytes, start);
    let mut flags = if entry & ALNUM != 0 { SEG_ALNUM } else { 0 };
    let mut end = start + len;
    match entry & CLASS_MASK {
        LETTER | NUMERIC | EXTEND_NUM_LET => {
            let mut last = entry & CLASS_MASK;
            while end < bytes.len() {
                let (entry, len) = classify(bytes, end);
                let class = entry & CLASS_MASK;
                match class {
                    LETTER | NUMERIC | EXTEND_NUM_LET => {
                        if entry & ALNUM != 0 {
                            flags = SEG_ALNUM;
                        }
                        last = class;
                        end += len;
                    }
                    MID_LETTER | MID_NUM | MID_NUM_LET => {
                        let wanted = match (last, class) {
                            (LETTER, MID_LETTER | MID_NUM_LET) => LETTER,
                            (NUMERIC, MID_NUM | MID_NUM_LET) => NUMERIC,
                            _ => break,
                        };
                        let after = end + len;
                        if after >= bytes.len() {
                            break;
                        }
                        let (entry, len) = classify(bytes, after);
                        match entry & CLASS_MASK {
                            UNKNOWN => return None,
                            class if class == wanted => {
                                if entry & ALNUM != 0 {
                                    flags = SEG_ALNUM;
                                }
                                end = after + len;
                            }
                            // The crate rewinds to before the middle character.
                            _ => break,
                        }
                    }
                    UNKNOWN => return None,
                    _ => break,
                }
            }
            Some((end, flags))
        }
        SPACE => {
            while end < bytes.len() {
                let (entry, len) = classify(bytes, end);
                match entry & CLASS_MASK {
                    SPACE => end += len,
                    UNKNOWN => return None,
                    _ => break,
                }
            }
            Some((end, flags))
        }
        CR => {
            if bytes.get(end) == Some(&b'\n') {
                return Some((end + 1, SEG_NEWLINE));
            }
            Some((end, 0))
        }
        LINE_BREAK => {
            let newline = if bytes[start] == b'\n' {
                SEG_NEWLINE
            } else {
                0
            };
            Some((end, newline))
        }
        UNKNOWN => None,
        // A character of its own, unless Extend/Format/ZWJ follow (WB4).
        _ => {
            if end < bytes.len() && classify(bytes, end).0 & CLASS_MASK == UNKNOWN {
                return None;
            }
            Some((end, flags))
        }
    }
}

/// A word segment: one that contains a letter or a digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct WordSegment {
    pub start: usize,
    pub end: usize,
    /// A line feed occurs between the previous word segment and this one.
    pub newline_before: bool,
}

/// The UAX#29 word segments of a text, as `split_word_bound_indices`.
#[derive(Clone, Debug)]
pub(super) struct WordBounds<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> WordBounds<'a> {
    /// The segments of `text` from byte `start` on, which must be `0`,
    /// right after a line feed (a boundary after which no rule looks back,
    /// UAX#29 WB3a), or right after an ASCII space before an ASCII character
    /// or an opening quote (no rule joins them to the space, WB3d and WB4
    /// aside): so they are the segments of the whole text there.
    pub fn starting_at(text: &'a str, start: usize) -> Self {
        debug_assert!(
            start == 0
                || matches!(
                    text.as_bytes().get(start.wrapping_sub(1)),
                    Some(b'\n' | b' ')
                )
        );
        WordBounds { text, pos: start }
    }

    /// The next segment: `(start, end, flags)`.
    #[inline(always)]
    fn next_segment(&mut self) -> Option<(usize, usize, u8)> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        if start >= bytes.len() {
            return None;
        }
        let (end, flags) = match fast_segment(bytes, start) {
            Some(found) => found,
            None => {
                // `start` is a boundary of the crate's segmentation, hence a
                // character boundary.
                let segment = self.text.get(start..)?.split_word_bounds().next()?;
                let mut flags = 0;
                if segment.chars().any(char::is_alphanumeric) {
                    flags |= SEG_ALNUM;
                }
                if segment.contains('\n') {
                    flags |= SEG_NEWLINE;
                }
                (start + segment.len(), flags)
            }
        };
        self.pos = end;
        Some((start, end, flags))
    }

    /// The next segment that contains a letter or a digit.
    #[inline]
    pub fn next_word(&mut self) -> Option<WordSegment> {
        let mut newline_before = false;
        loop {
            let (start, end, flags) = self.next_segment()?;
            if flags & SEG_ALNUM != 0 {
                return Some(WordSegment {
                    start,
                    end,
                    newline_before,
                });
            }
            if flags & SEG_NEWLINE != 0 {
                newline_before = true;
            }
        }
    }
}

/// Every segment with its flags (alphanumeric, line feed), for the tests.
#[cfg(test)]
pub(super) fn segments(text: &str) -> Vec<(usize, &str, bool, bool)> {
    let mut bounds = WordBounds::starting_at(text, 0);
    let mut out = Vec::new();
    while let Some((start, end, flags)) = bounds.next_segment() {
        out.push((
            start,
            &text[start..end],
            flags & SEG_ALNUM != 0,
            flags & SEG_NEWLINE != 0,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the tables know.
    fn known_chars() -> impl Iterator<Item = char> {
        (0u32..0x180)
            .chain(0x2010..0x2028)
            .chain([0x20ac])
            .filter_map(char::from_u32)
            .filter(|&c| entry(c as u32) != UNKNOWN)
    }

    #[test]
    fn alphanumeric_flag_matches_std() {
        for c in known_chars() {
            assert_eq!(
                entry(c as u32) & ALNUM != 0,
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn classify_decodes_every_known_char() {
        for c in known_chars() {
            let s = c.to_string();
            assert_eq!(classify(s.as_bytes(), 0), (entry(c as u32), c.len_utf8()));
        }
        // Characters beside the tables are unknown.
        for c in [
            '\u{180}', '\u{2bc}', '\u{300}', '\u{200f}', '\u{2028}', '\u{20ab}', '🙂',
        ] {
            let s = c.to_string();
            assert_eq!(classify(s.as_bytes(), 0).0, UNKNOWN, "{c:?}");
        }
    }

    /// Each known character in every context of two probes (known classes,
    /// and characters that make the crate apply other rules): the same
    /// segments as the crate. This pins each table entry to the crate's own
    /// Word_Break table.
    #[test]
    fn every_known_char_in_context() {
        let probes = [
            "", "a", "Z", "é", "1", "_", ".", ",", ";", ":", "'", "’", "·", " ", "  ", "\n", "\r",
            "\r\n", "\t", "\"", "-", "²", "¸", "\u{ad}", "\u{301}", "\u{200d}", "\u{2060}",
            "\u{2bc}", "א", "ア", "🇮", "🙂", "\u{3000}", "\u{a0}",
        ];
        for c in known_chars() {
            for x in probes {
                for y in probes {
                    for text in [format!("{x}{c}{y}"), format!("{c}{x}{c}{y}")] {
                        let expected: Vec<(usize, &str)> =
                            text.split_word_bound_indices().collect();
                        let got: Vec<(usize, &str)> = segments(&text)
                            .into_iter()
                            .map(|(i, s, _, _)| (i, s))
                            .collect();
                        assert_eq!(got, expected, "{text:?}");
                    }
                }
            }
        }
    }
}
