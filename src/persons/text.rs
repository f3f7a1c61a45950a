//! The article's text as the extractor reads it: paragraphs composed to NFC (so that `e` +
//! combining acute and `é` read the same), and byte offsets of tokens in their paragraph.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tokens::Token;

/// Composes accents, so that `e` + combining acute and `é` read the same; a no-op (and no
/// copy) for the usual already-composed text.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if is_plainly_nfc(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Is the text made only of characters that are composed and never combine with a neighbour:
/// U+0000–U+02FF (Latin letters with their accents) and U+2010–U+203F (dashes, quotes,
/// ellipsis)? Such text is NFC as it is, and news text nearly always is; scanning its bytes is
/// much cheaper than the general check. A false answer only means "check properly".
fn is_plainly_nfc(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at a time: most of the text.
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        match bytes[i] {
            0x00..=0x7F => i += 1,
            // Lead bytes of U+0080–U+02FF; the text is valid UTF-8, so one continuation byte.
            0xC2..=0xCB => i += 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && bytes.get(i + 2).is_some_and(|b| (0x90..=0xBF).contains(b)) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Byte offset of a token in the paragraph it was read from.
pub(crate) fn offset_in(text: &str, token: &Token) -> usize {
    (token.text.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plainly_nfc_text_is_nfc() {
        // Every character the fast path accepts is NFC by itself and starts no composition.
        let plain: String = ('\0'..'\u{300}').chain('\u{2010}'..'\u{2040}').collect();
        assert!(is_plainly_nfc(plain.as_bytes()));
        assert_eq!(is_nfc_quick(plain.chars()), IsNormalized::Yes);
        for c in plain.chars() {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        for other in [
            "e\u{301}", "\u{2000}", "\u{2040}", "\u{300}", "\u{20ac}", "\u{1e9b}",
        ] {
            assert!(!is_plainly_nfc(other.as_bytes()), "{other:?}");
        }
        assert_eq!(
            nfc("perche\u{301} l\u{2019}altro"),
            "perch\u{e9} l\u{2019}altro"
        );
        assert!(matches!(
            nfc("caff\u{e8} \u{ab}s\u{ec}\u{bb} \u{2014} l\u{2019}ok\u{2026}"),
            Cow::Borrowed(_)
        ));
    }
}
