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
    assert_eq!(parse(&[0u8; 4096]), Err(Skip::Binary));
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

fn headline_of(paragraphs: &[&str]) -> String {
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
    headline(&paragraphs)
}

#[test]
fn headline_is_the_first_sentence_cut_at_a_word() {
    assert_eq!(
        headline_of(&["Sono arrivati 15.000 soldati. Poi altri."]),
        "Sono arrivati 15.000 soldati."
    );
    assert_eq!(
        headline_of(&["CARPI. «Basta», dice lui. Altro."]),
        "«Basta», dice lui."
    );
    let long = "Parola ".repeat(40);
    let h = headline_of(&[&long]);
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
            assert!(
                !article.paragraphs.is_empty(),
                "{:?}",
                String::from_utf8_lossy(&bytes)
            );
            let _ = headline(&article.paragraphs);
        }
    }
}

#[test]
fn a_nul_byte_inside_a_good_article_is_removed_not_fatal() {
    let (a, warnings) =
        article(b"date 2024-01-01 Rapina a Carpi\0: arrestato un uomo.\n\nSecondo.");
    assert_eq!(a.paragraphs[0], "Rapina a Carpi: arrestato un uomo.");
    assert_eq!(warnings, [Warning::ControlCharacters { removed: 1 }]);
}

#[test]
fn utf16_without_a_mark_is_read() {
    let bytes: Vec<u8> = "date 2023-01-02 Perché no.\r\n\r\nAnna Lotti\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let (a, warnings) = article(&bytes);
    assert_eq!(warnings, [Warning::Utf16]);
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2023, 1, 2));
    assert_eq!(a.paragraphs, ["Perché no."]);
    assert_eq!(a.author.as_deref(), Some("Anna Lotti"));
}

#[test]
fn mixed_line_ends_still_separate_paragraphs() {
    let (a, _) = article(b"date 2024-01-01 Uno\r\ndue.\r\n\nTre\rquattro.\r\rCinque.\n\r\nSei.");
    assert_eq!(
        a.paragraphs,
        ["Uno due.", "Tre quattro.", "Cinque.", "Sei."]
    );
}

#[test]
fn a_header_alone_is_empty() {
    assert_eq!(parse(b"date 2024-01-01"), Err(Skip::Empty));
    assert_eq!(parse(b"date 2024-01-01\r\n\r\n \t"), Err(Skip::Empty));
    assert_eq!(
        parse("date 2024-01-01 © RIPRODUZIONE RISERVATA".as_bytes()),
        Err(Skip::Empty)
    );
}

/// The leading byline: a name followed by the start of a sentence.
fn leading(text: &str) -> (Option<String>, String) {
    let (a, _) = article(format!("date 2019-03-19 {text}\n\nSecondo paragrafo.").as_bytes());
    (a.author, a.paragraphs[0].clone())
}

#[test]
fn a_byline_at_the_start_is_the_author() {
    let (author, first) = leading("Serena Arbizzi È stato arrestato ieri.");
    assert_eq!(author.as_deref(), Some("Serena Arbizzi"));
    assert_eq!(first, "È stato arrestato ieri.");
    let (author, first) = leading("di Carlo Gregori Bankitalia presenta i conti.");
    assert_eq!(author.as_deref(), Some("Carlo Gregori"));
    assert_eq!(first, "Bankitalia presenta i conti.");
    let (author, first) = leading("di Francesco Dondi Gastone Ferrarini, 66 anni, stava salendo.");
    assert_eq!(author.as_deref(), Some("Francesco Dondi"));
    assert_eq!(first, "Gastone Ferrarini, 66 anni, stava salendo.");
    let (author, first) = leading("di Stefano Totaro Funzionale, discreta, fruibile.");
    assert_eq!(author.as_deref(), Some("Stefano Totaro"));
    assert_eq!(first, "Funzionale, discreta, fruibile.");
    let (author, first) = leading("Daniele Montanari Troppo simili. Così sono apparsi.");
    assert_eq!(author.as_deref(), Some("Daniele Montanari"));
    assert_eq!(first, "Troppo simili. Così sono apparsi.");
    let (author, first) = leading("Pier Luigi Salinaro Un consulente finanziario.");
    assert_eq!(author.as_deref(), Some("Pier Luigi Salinaro"));
    assert_eq!(first, "Un consulente finanziario.");
    // A dateline after the name, in capitals, in title case or in lower case.
    for (text, rest) in [
        ("Carlo Gregori VIGNOLA Assolto.", "VIGNOLA Assolto."),
        (
            "Stefania Piscitello Formigine. Tutto è fermo.",
            "Formigine. Tutto è fermo.",
        ),
        (
            "Francesco Dondi mirandola. In tanti.",
            "mirandola. In tanti.",
        ),
        (
            "Elena Pelloni san cesario. Sono entrati.",
            "san cesario. Sono entrati.",
        ),
        (
            "Serena Arbizzi «È sbagliato», dice.",
            "«È sbagliato», dice.",
        ),
        ("Daniele Montanari / PAVULLO Colpita.", "PAVULLO Colpita."),
        (
            "di Piero Innocenti * A Modena, il mercato.",
            "A Modena, il mercato.",
        ),
    ] {
        let (author, first) = leading(text);
        assert!(author.is_some(), "{text}");
        assert_eq!(first, rest, "{text}");
    }
    // A kicker in capitals before the byline stays.
    let (author, first) = leading("L'INTERVENTO Laura Solieri La baby gang.");
    assert_eq!(author.as_deref(), Some("Laura Solieri"));
    assert_eq!(first, "L'INTERVENTO La baby gang.");
}

#[test]
fn a_subject_is_not_a_byline() {
    for text in [
        "Mario Rossi è stato arrestato ieri.",
        "Mario Rossi, 45 anni, è stato arrestato.",
        "Luciano Lanzoni, carpigiano, è ricoverato.",
        "Francesca Brandoli e Luca Zambelli sono sposati.",
        "Il Consorzio Aceto Balsamico applaude.",
        "Via Emilia Est È chiusa da ieri.",
        "San Felice - Una volta sono riusciti.",
        "Gian Carlo Muzzarelli ha detto.",
        "Furto di Parmigiano - Reggiano, la scorsa notte.",
        "Promosso dal Presidio Libera \"Peppe Tizian\" di Carpi.",
    ] {
        let (author, first) = leading(text);
        assert_eq!(author, None, "{text}");
        assert_eq!(first, text);
    }
    // A first word the article writes in lower case is a common noun.
    let (author, _) = leading("Omicidio Vacchi La procura indaga sull'omicidio.");
    assert_eq!(author, None);
}

#[test]
fn a_leading_byline_paragraph_alone_is_taken() {
    let (a, _) = article(b"date 2020-01-01 Serena Arbizzi\n\nUn uomo arrestato.\n\nSecondo.");
    assert_eq!(a.author.as_deref(), Some("Serena Arbizzi"));
    assert_eq!(a.paragraphs, ["Un uomo arrestato.", "Secondo."]);
    assert_eq!(a.headline, "Un uomo arrestato.");
}

#[test]
fn bylines_at_both_ends_are_both_kept() {
    let (a, _) =
        article(b"date 2020-01-01 Serena Arbizzi Un uomo arrestato.\n\nFine.\n\nCarlo Gregori");
    assert_eq!(a.author.as_deref(), Some("Serena Arbizzi, Carlo Gregori"));
    assert_eq!(a.paragraphs, ["Un uomo arrestato.", "Fine."]);
}

#[test]
fn end_bylines_in_brackets_with_credits_and_addresses() {
    let last = |text: &str| {
        let (a, _) = article(format!("date 2020-01-01 Primo.\n\n{text}").as_bytes());
        (a.author, a.paragraphs.last().cloned().unwrap_or_default())
    };
    assert_eq!(
        last("Indagano i carabinieri. (Andrea Minghelli)"),
        (
            Some("Andrea Minghelli".into()),
            "Indagano i carabinieri.".into()
        )
    );
    assert_eq!(
        last("Fine del pezzo.\n\n(Ha collaborato Valeria Cammarota)")
            .0
            .as_deref(),
        Some("Valeria Cammarota")
    );
    assert_eq!(
        last("Fine del pezzo.\n\nClaudia Benatti c. benatti @ gazzettadimodena. it")
            .0
            .as_deref(),
        Some("Claudia Benatti")
    );
    assert_eq!(
        last("Fine del pezzo.\n\nCarlo Gregori e Gino Esposito")
            .0
            .as_deref(),
        Some("Carlo Gregori e Gino Esposito")
    );
    // Capitals with a function word are a note, not a name.
    assert_eq!(last("Fine del pezzo.\n\nIL TESTO DEL DECRETO").0, None);
    // A sentence in brackets is text.
    assert_eq!(last("Lo ha detto (il sindaco Mario Rossi)").0, None);
}

#[test]
fn initials_signatures_are_the_author() {
    let signed = |text: &str| {
        let (a, _) = article(format!("date 2020-01-01 Primo.\n\n{text}").as_bytes());
        (a.author, a.paragraphs.last().cloned().unwrap_or_default())
    };
    for (text, author) in [
        ("Denunciato per furto. — F. D.", "F. D."),
        ("Denunciato per furto. (s. a.)", "s. a."),
        ("Denunciato per furto. (dm)", "dm"),
        ("Denunciato per furto. (m. ped.", "m. ped."),
        ("Denunciato per furto. — GIB", "GIB"),
        ("Denunciato per furto. — S. TO", "S. TO"),
        ("Denunciato per furto. F. D.", "F. D."),
        ("Denunciato per furto. — C.\n\nG.", "C. G."),
        (
            "Denunciato per furto. — F. D. © RIPRODUZIONE RISERVATA",
            "F. D.",
        ),
    ] {
        assert_eq!(
            signed(text),
            (
                Some(author.to_string()),
                "Denunciato per furto.".to_string()
            ),
            "{text}"
        );
    }
    // Brackets and dashes that are text.
    for text in [
        "Lo prevede la legge (art. 3)",
        "Ha parlato Rossi (Pd)",
        "Il bilancio è in rosso — 3 milioni",
        "Lo ha chiesto l'ANSA. (ansa)",
    ] {
        assert_eq!(signed(text).0, None, "{text}");
    }
}

#[test]
fn copyright_and_licence_notices_are_not_text() {
    let body = |text: &str| {
        let (a, _) = article(format!("date 2020-01-01 {text}").as_bytes());
        (a.body(), a.author)
    };
    for text in [
        "Arrestato. © RIPRODUZIONE RISERVATA",
        "Arrestato. ©RIPRODUZIONE RISERVATA",
        "Arrestato. — © RIPRODUZIONE RISERVATA",
        "Arrestato. Riproduzione riservata.",
        "Arrestato. — BY NC ND ALCUNI DIRITTI RISERVATI",
        "Arrestato. CC BY-NC-SA 4.0 Alcuni diritti riservati",
        "Arrestato. © Tutti i diritti riservati",
        "Arrestato.\n\n© RIPRODUZIONE RISERVATA ++++++",
        "Arrestato. SEGUONO AGGIORNAMENTI",
        "Arrestato. (in aggiornamento)",
        "Arrestato. —",
    ] {
        assert_eq!(body(text), ("Arrestato.".to_string(), None), "{text}");
    }
    // The byline after the notice is still the author.
    let (text, author) = body("Recuperata.\n\nFine. ©RIPRODUZIONE RISERVATA di Carlo Gregori");
    assert_eq!(text, "Recuperata.\n\nFine.");
    assert_eq!(author.as_deref(), Some("Carlo Gregori"));
    // The same words in a sentence are text.
    let (text, _) = body("La riproduzione è riservata ai soci.");
    assert_eq!(text, "La riproduzione è riservata ai soci.");
}

#[test]
fn links_to_other_stories_are_cut_out_of_the_text() {
    let body = |text: &str| {
        let (a, _) = article(format!("date 2020-01-01 {text}").as_bytes());
        a.body()
    };
    for (text, kept) in [
        (
            "La rapina è avvenuta ieri. Leggi anche Carpi, negoziante picchiato da un ubriaco Ieri mattina i carabinieri sono arrivati.",
            "La rapina è avvenuta ieri. Ieri mattina i carabinieri sono arrivati.",
        ),
        (
            "Prima. Leggi anche Credem di Mirandola, bruciati milioni dalla bancaria sospesa È questo il nuovo capitolo.",
            "Prima. È questo il nuovo capitolo.",
        ),
        (
            "Prima. Leggi anche Modena, i negozianti: «Siamo danneggiati» Nel capoluogo il cemento è stato posato.",
            "Prima. Nel capoluogo il cemento è stato posato.",
        ),
        (
            "Prima. Leggi anche Pedofilia, l'accusa di “Veleno” alle istituzioni È stata ascoltata.",
            "Prima. È stata ascoltata.",
        ),
        (
            "Prima. Leggi anche Vignola. Soldi e droga per sesso. Un giro vasto ancora da definire.",
            "Prima. Un giro vasto ancora da definire.",
        ),
        (
            "Prima. Leggi anche Modena.\n\nIn centinaia sfilano per Zeus Intanto proseguono le indagini.",
            "Prima.\n\nIntanto proseguono le indagini.",
        ),
        ("Prima. Leggi anche Toni e la rapina.", "Prima."),
    ] {
        assert_eq!(body(text), kept, "{text}");
    }
    // Lower case, the words are text.
    let text = "Invito a tenere alta la guarda anche negli altri comuni.";
    assert_eq!(body(text), text);
}

#[test]
fn a_dateline_alone_is_not_the_headline() {
    for (first, expected) in [
        (
            "Modena. Un uomo è stato arrestato.",
            "Un uomo è stato arrestato.",
        ),
        (
            "vignola. Un uomo è stato arrestato.",
            "Un uomo è stato arrestato.",
        ),
        ("Ergastolo. La corte ha deciso.", "La corte ha deciso."),
        ("San Cesario. Un incendio.", "Un incendio."),
        ("San Felice sul Panaro. Un incendio.", "Un incendio."),
        ("MODENA La polizia indaga.", "La polizia indaga."),
        ("SAN FELICE Un incendio.", "Un incendio."),
        (
            "CARPI - Continua l'ondata di furti.",
            "Continua l'ondata di furti.",
        ),
        ("PAVULLO E POLINAGO. Aveva sperato.", "Aveva sperato."),
        ("Paura a Carpi. Un uomo.", "Paura a Carpi."),
        ("Il Pd. Un uomo.", "Il Pd."),
    ] {
        assert_eq!(headline_of(&[first]), expected, "{first}");
    }
    assert_eq!(
        headline_of(&["Modena.", "Un uomo è stato arrestato."]),
        "Un uomo è stato arrestato."
    );
    // Only datelines: shown as they are rather than nothing.
    assert_eq!(
        headline_of(&["Modena. Carpi. Vignola. Sassuolo. Mirandola."]),
        "Modena."
    );
}

#[test]
fn html_entities_and_zero_width_characters_do_not_split_words() {
    let (a, _) = article("date 2020-01-01 La ra\u{200b}pina&nbsp;a Carpi.".as_bytes());
    assert_eq!(a.paragraphs, ["La rapina a Carpi."]);
}

/// Found by the property tests (tests/properties.rs).
#[test]
fn property_test_regressions() {
    // A dateline alone is its own headline, never an empty one.
    let (a, _) = article(b"MODENA. ");
    assert_eq!(a.headline, "MODENA.");
    // A NUL character in UTF-16 without a mark leaves the byte order readable.
    let bytes: Vec<u8> = "rapina \0rapina."
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let (a, warnings) = article(&bytes);
    assert_eq!(a.paragraphs, ["rapina rapina."]);
    assert_eq!(
        warnings,
        [
            Warning::Utf16,
            Warning::ControlCharacters { removed: 1 },
            Warning::MissingDate
        ]
    );
}
