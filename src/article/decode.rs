//! Bytes to text: which encoding a file is in, and what in it is not text.
//!
//! Order of the decisions: a byte-order mark wins (UTF-8, UTF-16 LE/BE);
//! then UTF-16 without a mark, recognised by its zero bytes falling on one
//! side of each pair; then UTF-8; then Windows-1252, which decodes any byte.
//! A file whose decoded text is mostly control characters is binary (an
//! image, an archive); a few control characters in a good article (a stray
//! NUL, an escape sequence) are removed with a warning instead, so the
//! article stays findable. Zero-width characters, which split words
//! invisibly, are removed silently; Unicode line and paragraph separators
//! become line ends.

use super::{Skip, Warning};

/// Control characters a text may have, however short, and still be text.
const STRAY_CONTROLS: usize = 2;

/// How many bytes of a file are looked at to recognise UTF-16 without a mark.
const UTF16_SNIFF_BYTES: usize = 64 * 1024;

/// Decodes `bytes` into text with only `\n` line ends, no control characters
/// other than `\t` and `\n`, and no zero-width characters.
pub(super) fn decode(bytes: &[u8], warnings: &mut Vec<Warning>) -> Result<String, Skip> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Skip::Empty);
    }
    let raw = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding == encoding_rs::UTF_8 => {
            utf8_or_1252(&bytes[bom_len..], warnings)
        }
        Some((encoding, bom_len)) => {
            warnings.push(Warning::Utf16);
            utf16(encoding, &bytes[bom_len..])
        }
        None => match utf16_without_bom(bytes) {
            Some(encoding) => {
                warnings.push(Warning::Utf16);
                utf16(encoding, bytes)
            }
            None => utf8_or_1252(bytes, warnings),
        },
    };
    clean(&decode_entities(raw), warnings)
}

fn utf16(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> String {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

fn utf8_or_1252(bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            warnings.push(Warning::NotUtf8);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// UTF-16 without a byte-order mark: text in a Latin script has a zero high
/// byte in most code units, so zeros fill one side of the byte pairs and
/// almost never the other. Binary data has zeros on both sides (or none);
/// UTF-8 and Windows-1252 text has no zeros at all.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd, mut nul) = (0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        match (pair[0] == 0, pair[1] == 0) {
            // A NUL character, in either byte order: says nothing of the order.
            (true, true) => nul += 1,
            (even, odd) => {
                zero_even += usize::from(even);
                zero_odd += usize::from(odd);
            }
        }
    }
    // At least half the units are Latin-1 characters, the other side of the
    // pairs has (nearly) no zeros, and NUL characters are rare.
    let one_sided =
        |zeros: usize, other: usize| zeros * 2 >= pairs && other * 50 <= pairs && nul * 10 <= pairs;
    if one_sided(zero_odd, zero_even) {
        Some(encoding_rs::UTF_16LE)
    } else if one_sided(zero_even, zero_odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Zero-width characters: they join or split words invisibly (`rapi\u{200b}na`
/// must stay one word) and carry nothing a reader sees.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// A character that is neither text nor layout: C0 and C1 controls (NUL,
/// escape, delete…) other than tab, line ends and form feed.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{85}')
}

/// Line ends to `\n` (CRLF, CR, NEL, U+2028/2029, form feed, mixed in any
/// way), tabs to spaces, stray controls and zero-width characters removed.
/// More than one stray control character in ten (and more than a couple)
/// means binary data; a couple in a few words of text are strays.
fn clean(raw: &str, warnings: &mut Vec<Warning>) -> Result<String, Skip> {
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let (mut total, mut controls) = (0usize, 0usize);
    while let Some(c) = chars.next() {
        total += 1;
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                text.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{c}' => text.push('\n'),
            '\u{2029}' => text.push_str("\n\n"),
            '\t' => text.push(' '),
            c if is_stray_control(c) => controls += 1,
            c if is_zero_width(c) => {}
            c => text.push(c),
        }
    }
    if controls * 10 > total && controls > STRAY_CONTROLS {
        return Err(Skip::Binary);
    }
    if text.trim().is_empty() {
        return Err(Skip::Empty);
    }
    if controls > 0 {
        warnings.push(Warning::ControlCharacters { removed: controls });
    }
    Ok(text)
}

/// HTML entities that web-scraped articles carry (`manager&nbsp; I
/// soccorsi`): the few common named ones and numeric ones (`&#8217;`,
/// `&#x2019;`) become the characters they stand for.
const ENTITIES: &[(&str, char)] = &[
    ("&nbsp;", ' '),
    ("&amp;", '&'),
    ("&quot;", '"'),
    ("&apos;", '\''),
    ("&laquo;", '«'),
    ("&raquo;", '»'),
];

/// Longest entity decoded, in bytes (`&#x10FFFF;`).
const MAX_ENTITY_BYTES: usize = 10;

fn decode_entities(text: String) -> String {
    if !text.contains('&') {
        return text;
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((c, len)) => {
                decoded.push(c);
                rest = &rest[len..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The character an entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text
        .bytes()
        .take(MAX_ENTITY_BYTES)
        .position(|b| b == b';')?
        + 1;
    let name = &text[..end];
    if let Some(&(_, c)) = ENTITIES.iter().find(|(e, _)| *e == name) {
        return Some((c, end));
    }
    let number = name.strip_prefix("&#")?.strip_suffix(';')?;
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    Some((char::from_u32(code)?, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (Result<String, Skip>, Vec<Warning>) {
        let mut warnings = Vec::new();
        (decode(bytes, &mut warnings), warnings)
    }

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn utf16_without_a_mark_is_recognised_in_both_byte_orders() {
        let text = "date 2024-01-01 La città è in festa: perché no?";
        for bytes in [utf16le(text), utf16be(text)] {
            let (decoded, warnings) = decoded(&bytes);
            assert_eq!(decoded.as_deref(), Ok(text));
            assert_eq!(warnings, [Warning::Utf16]);
        }
    }

    #[test]
    fn text_without_zeros_is_never_taken_for_utf16() {
        assert_eq!(utf16_without_bom(b"date 2024-01-01 Testo."), None);
        assert_eq!(utf16_without_bom(&[0u8; 64]), None);
        assert_eq!(
            utf16_without_bom(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            None
        );
    }

    #[test]
    fn a_few_nul_and_escape_bytes_are_removed_with_a_warning() {
        let (decoded, warnings) = decoded(b"Un articolo\0 con un NUL e \x1b[2J un escape.\0\0");
        assert_eq!(
            decoded.as_deref(),
            Ok("Un articolo con un NUL e [2J un escape.")
        );
        assert_eq!(warnings, [Warning::ControlCharacters { removed: 4 }]);
    }

    #[test]
    fn line_ends_of_every_kind_become_newlines() {
        let (decoded, warnings) = decoded(
            "uno\r\ndue\rtre\nquattro\u{2028}cinque\u{85}sei\u{2029}sette\tfine".as_bytes(),
        );
        assert_eq!(
            decoded.as_deref(),
            Ok("uno\ndue\ntre\nquattro\ncinque\nsei\n\nsette fine")
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn common_html_entities_are_decoded() {
        let (decoded, _) =
            decoded(b"un manager&nbsp; I soccorsi &amp; la &laquo;Gazzetta&raquo; &copy;");
        assert_eq!(
            decoded.as_deref(),
            Ok("un manager  I soccorsi & la «Gazzetta» &copy;")
        );
    }

    #[test]
    fn zero_width_characters_vanish_without_splitting_words() {
        let (decoded, _) = decoded("ra\u{200b}pi\u{ad}na a Car\u{200d}pi\u{feff}".as_bytes());
        assert_eq!(decoded.as_deref(), Ok("rapina a Carpi"));
    }

    #[test]
    fn control_characters_alone_or_mostly_are_binary_or_empty() {
        assert_eq!(decoded(b"\x01\x02\x03abc\x04\x05").0, Err(Skip::Binary));
        assert_eq!(decoded(b"ab\0").0.as_deref(), Ok("ab"));
        assert_eq!(decoded("\u{200b}\u{feff} ".as_bytes()).0, Err(Skip::Empty));
        assert_eq!(decoded(b"\r\n \t\n").0, Err(Skip::Empty));
    }
}
