use super::*;

fn parse(bytes: &[u8]) -> ReadResult {
    parse_bytes(bytes, PathBuf::from("a/b.txt"), "a/b.txt".to_string())
}

fn article(bytes: &[u8]) -> (Article, Vec<Warning>) {
    parse(bytes).expect("readable article")
}

const SAMPLE: &str = "date 2024-03-05 MODENA. Un uomo di 26 anni è stato fermato ieri sera dalla polizia. Aveva con sé 1.200 euro.\n\nIl questore Marco Bellini ha spiegato che l’indagine continua.\n\nAnna Lotti\n";

#[test]
fn reads_header_paragraphs_and_byline() {
    let (a, warnings) = article(SAMPLE.as_bytes());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(a.paragraphs.len(), 2);
    assert!(a.paragraphs[0].starts_with("MODENA. Un uomo"));
    assert_eq!(a.author.as_deref(), Some("Anna Lotti"));
    assert!(!a.body().contains("Anna Lotti"));
    assert_eq!(
        a.headline,
        "Un uomo di 26 anni è stato fermato ieri sera dalla polizia."
    );
}

#[test]
fn crlf_bom_and_leading_space_are_accepted() {
    let crlf = format!("\u{feff}  {}", SAMPLE.replace('\n', "\r\n"));
    let (a, warnings) = article(crlf.as_bytes());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(a.paragraphs.len(), 2);
    assert!(a.paragraphs.iter().all(|p| !p.contains('\r')));
    assert_eq!(a.author.as_deref(), Some("Anna Lotti"));
}

#[test]
fn latin1_is_decoded_with_a_warning() {
    // "città perché" in Windows-1252: à = 0xE0, é = 0xE9; ’ = 0x92.
    let bytes = b"date 2023-01-02 La citt\xe0 si chiede perch\xe9 l\x92incontro salt\xf2.\n";
    let (a, warnings) = article(bytes);
    assert_eq!(warnings, vec![Warning::NotUtf8]);
    assert_eq!(
        a.paragraphs[0],
        "La città si chiede perché l’incontro saltò."
    );
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xff, 0xfe];
    for unit in "date 2023-01-02 Perché no.".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (a, warnings) = article(&bytes);
    assert_eq!(warnings, vec![Warning::Utf16]);
    assert_eq!(a.paragraphs[0], "Perché no.");
}

#[test]
fn missing_and_invalid_dates_keep_the_article() {
    let (a, w) = article("Un articolo senza intestazione.\n\nSecondo paragrafo.".as_bytes());
    assert_eq!(w, vec![Warning::MissingDate]);
    assert_eq!(a.date, None);
    assert_eq!(a.paragraphs[0], "Un articolo senza intestazione.");

    let (a, w) = article("date 2024-02-30 Il testo resta.".as_bytes());
    assert_eq!(
        w,
        vec![Warning::InvalidDate {
            value: "2024-02-30".into()
        }]
    );
    assert_eq!(a.paragraphs[0], "Il testo resta.");

    let (_, w) = article("date 29/10/2025 Il testo resta.".as_bytes());
    assert!(matches!(&w[..], [Warning::InvalidDate { value }] if value == "29/10/2025"));
}

#[test]
fn a_sentence_starting_with_date_is_not_a_header() {
    let (a, w) = article("date le circostanze, il sindaco ha parlato.".as_bytes());
    assert_eq!(w, vec![Warning::MissingDate]);
    assert_eq!(
        a.paragraphs[0],
        "date le circostanze, il sindaco ha parlato."
    );
}

#[test]
fn empty_and_binary_files_are_skipped() {
    assert_eq!(parse(b""), Err(Skip::Empty));
    assert_eq!(parse(b" \n\r\n\t"), Err(Skip::Empty));
    assert_eq!(parse(b"date 2024-01-01   \n\n"), Err(Skip::Empty));
    assert_eq!(parse(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(Skip::Binary));
    let controls: Vec<u8> = (1u8..9).cycle().take(200).collect();
    assert_eq!(parse(&controls), Err(Skip::Binary));
}

#[test]
fn byline_needs_a_short_capitalised_last_line() {
    let with = |last: &str| {
        let text = format!("date 2024-01-01 Primo paragrafo del pezzo.\n\n{last}");
        article(text.as_bytes()).0.author
    };
    assert_eq!(with("Paolo De Santis").as_deref(), Some("Paolo De Santis"));
    assert_eq!(
        with("di Maria della Valle").as_deref(),
        Some("Maria della Valle")
    );
    assert_eq!(with("Ha detto Rossi."), None);
    assert_eq!(with("Fine"), None);
    assert_eq!(with("Riproduzione Riservata"), None);
    assert_eq!(with("Il Sindaco Della Città Di Modena Ha Parlato"), None);
    assert_eq!(with("© RIPRODUZIONE RISERVATA"), None);
    // A one-paragraph article is never all byline.
    assert_eq!(article(b"date 2024-01-01 Anna Lotti").0.author, None);
}

#[test]
fn headline_is_the_first_sentence_cut_at_a_word() {
    assert_eq!(
        headline("Sono arrivati 15.000 soldati. Poi altri."),
        "Sono arrivati 15.000 soldati."
    );
    assert_eq!(
        headline("CARPI. «Basta», dice lui. Altro."),
        "«Basta», dice lui."
    );
    let long = "Parola ".repeat(40);
    let h = headline(&long);
    assert!(h.ends_with('…'));
    assert!(h.chars().count() <= HEADLINE_CHARS + 1, "{h}");
    assert!(h.trim_end_matches('…').ends_with("Parola"));
}

#[test]
fn odd_bytes_never_panic() {
    for bytes in [
        &b"date"[..],
        b"date ",
        b"date 2024",
        b"date \xff\xfe",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbfdate 2024-01-01 \xe0",
        b"\n\n\n.\n\n",
        b"date 2024-01-01 .",
    ] {
        let _ = parse(bytes);
    }
}

#[test]
fn a_byline_glued_after_the_last_sentence_is_taken() {
    let byline = |text: &str| {
        let (a, _) = article(text.as_bytes());
        (a.author, a.paragraphs.last().cloned().unwrap_or_default())
    };
    let (author, last) =
        byline("date 2020-01-01 Primo.\n\nHanno chiamato i carabinieri. Serena Rossi");
    assert_eq!(author.as_deref(), Some("Serena Rossi"));
    assert_eq!(last, "Hanno chiamato i carabinieri.");
    let (author, last) = byline("date 2020-01-01 Primo.\n\nDisse: «no?» Carla Bianchi");
    assert_eq!(author.as_deref(), Some("Carla Bianchi"));
    assert_eq!(last, "Disse: «no?»");
    let (author, _) = byline("date 2020-01-01 Primo.\n\nFinisce con una citazione»");
    assert_eq!(author, None);
    let (author, last) =
        byline("date 2020-01-01 Primo.\n\n«Non si passava». — Marco Neri ©RIPRODUZIONE RISERVATA");
    assert_eq!(author.as_deref(), Some("Marco Neri"));
    assert_eq!(last, "«Non si passava».");
    // A sentence that ends without punctuation is not a byline.
    let (author, _) = byline("date 2020-01-01 Primo.\n\nLo ha detto il sindaco Mario Rossi");
    assert_eq!(author, None);
    let (author, _) =
        byline("date 2020-01-01 Primo.\n\nNotizia in evoluzione. SEGUONO AGGIORNAMENTI");
    assert_eq!(author, None);
    // Boilerplate alone is not an author.
    let (author, _) = byline("date 2020-01-01 Primo.\n\nFine del pezzo. ©RIPRODUZIONE RISERVATA");
    assert_eq!(author, None);
}

/// Thousands of random files built from pieces that stress the parser
/// (multi-byte punctuation, headers, blank lines, stray bytes) never panic.
#[test]
fn random_files_never_panic() {
    const PIECES: &[&str] = &[
        "date ",
        "2024-01-01 ",
        "date 2024-13-01 ",
        "\u{feff}",
        "\r\n",
        "\n\n",
        " ",
        "«",
        "»",
        "”",
        "“",
        "…",
        ".",
        "?",
        "!",
        "—",
        "©RIPRODUZIONE RISERVATA",
        "Anna Lotti",
        "di ",
        "MODENA. ",
        "città",
        "l’",
        "dell'",
        "\u{0}",
        "\t",
        "Ü",
        "漢字",
        "🙂",
        "e\u{301}",
        "15.000",
        "Un",
        "De",
        "Kim Jong Un",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..5000 {
        let mut bytes = Vec::new();
        for _ in 0..(next() % 24) {
            let r = next();
            if r % 11 == 0 {
                bytes.push((r >> 8) as u8);
            } else {
                bytes.extend_from_slice(PIECES[(r >> 8) as usize % PIECES.len()].as_bytes());
            }
        }
        if let Ok((article, _)) = parse(&bytes) {
            assert!(!article.paragraphs.is_empty());
            let _ = headline(&article.paragraphs[0]);
        }
    }
}
