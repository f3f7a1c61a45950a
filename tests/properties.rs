//! Properties of reading files, checked on generated input (proptest; the
//! same properties are fuzzed with `cargo fuzz`, see docs/EVALUATION.md):
//! parsing never panics and always gives a well-formed article or a skip;
//! every readable text keeps its words whatever its encoding, line ends or
//! stray control characters; ids are unique and give their file name back.

use std::path::PathBuf;

use proptest::prelude::*;
use rassegna::article::{parse_bytes, HEADLINE_CHARS};

fn parse(bytes: &[u8]) -> rassegna::article::ReadResult {
    parse_bytes(bytes, PathBuf::from("a.txt"), "a.txt".to_string())
}

/// Pieces that stress the parser: headers, datelines, bylines, boilerplate,
/// quotes, multi-byte punctuation, line ends of every kind, stray bytes.
const PIECES: &[&str] = &[
    "date ",
    "date 2024-01-01 ",
    "date 2024-13-45 ",
    "\u{feff}",
    "\r\n",
    "\n\n",
    "\r",
    " ",
    "«",
    "»",
    "“",
    "”",
    "…",
    ".",
    "?",
    "—",
    "-",
    "(",
    ")",
    "©RIPRODUZIONE RISERVATA",
    "BY NC ND ALCUNI DIRITTI RISERVATI",
    "Leggi anche ",
    "Anna Lotti",
    "di ",
    "MODENA. ",
    "Modena.",
    "San Felice",
    "È",
    "L'",
    "città",
    "dell'",
    "(s. a.)",
    "— F. D.",
    "F.",
    "\u{0}",
    "\u{1b}",
    "\u{200b}",
    "\t",
    "漢字",
    "🙂",
    "e\u{301}",
    "15.000",
    "Un",
    "De",
    "Kim Jong Un",
    "&nbsp;",
    "@",
    "SEGUONO AGGIORNAMENTI",
    "Ha collaborato ",
];

fn pieces() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Plain lower-case words, sentences and paragraphs: text no rule may cut.
fn plain_text() -> impl Strategy<Value = Vec<Vec<String>>> {
    let word = prop::sample::select(
        &[
            "rapina",
            "carpi",
            "città",
            "perché",
            "uomo",
            "arrestato",
            "ieri",
            "sera",
            "polizia",
            "euro",
            "ventenne",
            "così",
            "però",
            "ladri",
            "furto",
            "notte",
            "giù",
            "più",
        ][..],
    )
    .prop_map(str::to_string);
    let sentence = prop::collection::vec(word, 1..12).prop_map(|words| words.join(" ") + ".");
    let paragraph = prop::collection::vec(sentence, 1..4);
    prop::collection::vec(paragraph, 1..5)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The ways one text may be written to a file.
#[derive(Debug, Clone, Copy)]
enum Layout {
    Utf8,
    Utf8Bom,
    Crlf,
    OldMac,
    Utf16LeBom,
    Utf16Be,
    Utf16Le,
    Windows1252,
}

fn write(text: &str, layout: Layout) -> Vec<u8> {
    let utf16 = |big: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    match layout {
        Layout::Utf8 => text.as_bytes().to_vec(),
        Layout::Utf8Bom => [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat(),
        Layout::Crlf => text.replace('\n', "\r\n").into_bytes(),
        Layout::OldMac => text.replace('\n', "\r").into_bytes(),
        Layout::Utf16LeBom => [&b"\xff\xfe"[..], &utf16(false)].concat(),
        Layout::Utf16Be => utf16(true),
        Layout::Utf16Le => utf16(false),
        Layout::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any bytes: an article with text, a clean headline, or a skip; no panic.
    #[test]
    fn any_bytes_give_an_article_or_a_skip(bytes in pieces()) {
        if let Ok((article, _)) = parse(&bytes) {
            prop_assert!(!article.paragraphs.is_empty());
            for paragraph in &article.paragraphs {
                prop_assert!(!paragraph.trim().is_empty());
                prop_assert!(!paragraph.contains('\n'));
                prop_assert!(!paragraph.chars().any(|c| c.is_control() && c != '\t'), "{paragraph:?}");
            }
            prop_assert!(article.headline.chars().count() <= HEADLINE_CHARS + 1);
            prop_assert!(!article.headline.is_empty());
        }
    }

    /// Readable text keeps every word, whatever encoding and line ends it
    /// is written with, and whatever stray controls sit between its words.
    #[test]
    fn readable_text_keeps_its_words(
        paragraphs in plain_text(),
        layout in prop::sample::select(&[
            Layout::Utf8, Layout::Utf8Bom, Layout::Crlf, Layout::OldMac,
            Layout::Utf16LeBom, Layout::Utf16Be, Layout::Utf16Le, Layout::Windows1252,
        ][..]),
        dated in any::<bool>(),
        stray in prop::option::of(prop::sample::select(&["\u{0}", "\u{1b}", "\u{200b}", "\u{7}"][..])),
    ) {
        let mut text = paragraphs
            .iter()
            .map(|p| p.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
        let expected = words(&text);
        if let Some(stray) = stray {
            text = text.replacen(' ', &format!(" {stray}"), 1);
        }
        if dated {
            text = format!("date 2024-02-29 {text}");
        }
        let (article, _) = parse(&write(&text, layout)).expect("readable text is an article");
        prop_assert_eq!(words(&article.body()), expected);
        prop_assert_eq!(article.paragraphs.len(), paragraphs.len());
        prop_assert_eq!(article.author, None);
    }
}

#[cfg(unix)]
proptest! {
    /// Different file names never share an id, and an id gives its name back.
    #[test]
    fn ids_are_unique_and_reversible(
        names in prop::collection::btree_set(
            prop::collection::vec(
                prop_oneof![any::<u8>().prop_filter("no / or NUL", |b| *b != b'/' && *b != 0), Just(b'%')],
                1..8,
            ),
            1..12,
        )
    ) {
        // `.` and `..` name no file.
        let names: Vec<_> = names.into_iter().filter(|n| n != b"." && n != b"..").collect();
        use std::os::unix::ffi::OsStrExt;
        use rassegna::index::walk::{article_id, relative_path};
        let corpus = std::path::Path::new("/corpus");
        let mut ids = std::collections::BTreeSet::new();
        for name in &names {
            let relative = PathBuf::from(std::ffi::OsStr::from_bytes(name));
            let id = article_id(corpus, &corpus.join(&relative));
            prop_assert_eq!(relative_path(&id), Some(relative));
            prop_assert!(ids.insert(id));
        }
    }
}
