use std::collections::BTreeSet;

use super::*;
use crate::search::query::PhrasePlace;

#[test]
fn one_line_collapses_white_space_and_maps_offsets() {
    let text = "Città  nuova.\n\nL’incontro è finito.";
    let (line, char_at) = one_line(text);
    assert_eq!(line, "Città nuova. L’incontro è finito.");
    let chars: Vec<char> = line.chars().collect();
    let slice = |start: usize, end: usize| {
        chars[char_at[start]..char_at[end]]
            .iter()
            .collect::<String>()
    };
    let word = |w: &str| {
        let start = text.find(w).expect("word in text");
        slice(start, start + w.len())
    };
    for w in ["Città", "nuova", "incontro", "è", "finito"] {
        assert_eq!(word(w), w);
    }
    assert_eq!(char_at[text.len()], chars.len());
}

#[test]
fn words_start_with_the_prefix_of_their_stem() {
    // Suffix replacements (`-enza` → `-ente`), attached pronouns,
    // `-ch` endings, derivations; every distinct word of DICE was also
    // checked once (65k words: a stem never differs from its word before
    // its last letter).
    let mut stems = StemCache::new();
    for word in [
        "partenza",
        "presenze",
        "farlo",
        "mangiandolo",
        "amiche",
        "biologia",
        "soluzione",
        "velocemente",
        "incontrato",
        "universita",
        "antiviolenza",
        "dirglielo",
    ] {
        let stem = stems.stem(word).to_string();
        let prefix = stem_prefix(&stem).unwrap_or_default();
        assert!(word.starts_with(prefix), "{word} → {stem}");
    }
    assert_eq!(stem_prefix("incontr"), Some("inco"));
    assert_eq!(stem_prefix("pd"), None);
    assert_eq!(stem_prefix("città"), Some("cit"));
}

#[test]
fn marked_wraps_highlights() {
    let snippet = Snippet {
        text: "…la città è".into(),
        highlights: vec![Highlight { start: 4, end: 9 }],
    };
    assert_eq!(snippet.marked("[", "]"), "…la [città] è");
}

/// A group of body terms (stems, or names behind the mark).
fn terms(terms: &[&str]) -> HighlightGroup {
    HighlightGroup {
        terms: terms.iter().map(|t| t.to_string()).collect(),
        exact: BTreeSet::new(),
        phrase: None,
    }
}

/// A group of exact forms.
fn exact(words: &[&str]) -> HighlightGroup {
    HighlightGroup {
        terms: BTreeSet::new(),
        exact: words.iter().map(|t| t.to_string()).collect(),
        phrase: None,
    }
}

/// The groups of the phrase number `phrase` of a query: its words (exact
/// forms) with their offsets, as `query::exact_words` makes them.
fn phrase(phrase: usize, words: &[(&str, usize)]) -> Vec<HighlightGroup> {
    words
        .iter()
        .map(|&(word, offset)| HighlightGroup {
            phrase: Some(PhrasePlace { phrase, offset }),
            ..exact(&[word])
        })
        .collect()
}

fn snippet(groups: &[HighlightGroup], body: &str) -> String {
    Snippeter::with_frequencies(groups, |_| 1)
        .snippet(body, "")
        .marked("[", "]")
}

#[test]
fn a_passage_that_reaches_the_end_keeps_the_articles_last_character() {
    assert_eq!(
        snippet(&[terms(&["gatt"])], "Solo una frase con gatto!"),
        "Solo una frase con [gatto]!"
    );
    assert_eq!(
        snippet(&[terms(&["gatt"])], "Solo una frase con gatto?\n\n"),
        "Solo una frase con [gatto]?"
    );
    // Cut before the end: the cut is marked.
    let long = format!("Il gatto dorme. {}", "Poi si sveglia e mangia. ".repeat(20));
    let shown = snippet(&[terms(&["gatt"])], &long);
    assert!(
        shown.starts_with("Il [gatto] dorme.") && shown.ends_with('…'),
        "{shown}"
    );
}

#[test]
fn a_passage_with_every_word_beats_one_with_one_word_twice() {
    let filler = "e poi ancora altre parole che non contano nulla per la ricerca. ".repeat(4);
    let body = format!(
        "Una rapina e una rapina ancora. {filler}Una rapina a Carpi, di sera. {filler}Fine."
    );
    let shown = snippet(&[terms(&["rapin"]), exact(&["carpi"])], &body);
    assert!(shown.contains("[rapina] a [Carpi]"), "{shown}");
}

#[test]
fn words_far_apart_are_shown_in_two_parts() {
    let filler = "e poi ancora altre parole che non contano nulla per la ricerca. ".repeat(6);
    let body = format!(
        "CARPI. Un furto in centro. {filler}Il ladro aveva commesso una rapina. {filler}Fine."
    );
    let shown = snippet(&[terms(&["rapin"]), exact(&["carpi"])], &body);
    assert!(
        shown.starts_with("[CARPI]. Un furto in centro.")
            && shown.contains(" …")
            && shown.contains("[rapina]"),
        "{shown}"
    );
    assert!(shown.chars().count() <= SNIPPET_CHARS + 8, "{shown}");
}

#[test]
fn names_are_marked_only_as_names() {
    // `Ferrari` is not `Ferrara`; the stem of `mare` does not mark `Mario`.
    let body = "Ieri Mario guidava una Ferrari da Ferrara al mare.";
    assert_eq!(
        snippet(&[exact(&["ferrara"])], body),
        "Ieri Mario guidava una Ferrari da [Ferrara] al mare."
    );
    assert_eq!(
        snippet(&[terms(&["mar"])], body),
        "Ieri Mario guidava una Ferrari da Ferrara al [mare]."
    );
    assert_eq!(
        snippet(&[terms(&["\u{2}mario"])], body),
        "Ieri [Mario] guidava una Ferrari da Ferrara al mare."
    );
    // Opening the text, with no capital elsewhere to vouch for it, `Mario`
    // is not known to be a name: the index has its stem, and so does the
    // snippet.
    assert_eq!(
        snippet(&[terms(&["mar"])], "Mario guida."),
        "[Mario] guida."
    );
}

/// What the index holds for each word of `body`: (offsets, term in `body`,
/// exact form), from the analyzer registered for `body` and the exact-form
/// analyzer.
fn indexed_words(
    body_analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    body: &str,
) -> Vec<(usize, usize, String, String)> {
    let mut terms = Vec::new();
    let mut stream = body_analyzer.token_stream(body);
    while let Some(t) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        terms.push((t.offset_from, t.offset_to, t.text.clone()));
    }
    drop(stream);
    let mut exact = crate::analysis::exact_analyzer();
    let mut stream = exact.token_stream(body);
    let mut forms = Vec::new();
    while let Some(t) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        forms.push(t.text.clone());
    }
    assert_eq!(terms.len(), forms.len());
    terms
        .into_iter()
        .zip(forms)
        .map(|((from, to, term), form)| (from, to, term, form))
        .collect()
}

#[test]
fn snippets_mark_exactly_the_words_the_index_matched_on_dice() {
    let Some(files) = crate::test_support::shared_files("dice") else {
        return;
    };
    let index = tantivy::Index::create_in_ram(crate::index::schema::build_schema());
    crate::analysis::register(&index);
    let mut body_analyzer = index
        .tokenizers()
        .get(crate::analysis::ITALIAN)
        .expect("registered");
    let mut checked = 0;
    for path in files.iter().step_by(37) {
        let Ok((article, _)) = crate::article::read_file(path, String::new()) else {
            continue;
        };
        let body = article.body();
        let words = indexed_words(&mut body_analyzer, &body);
        if words.len() < 10 {
            continue;
        }
        // Groups made of the article's own words, of every kind: a word's
        // term (a stem or a name), the term of a name it holds, exact forms,
        // and a stem it may not hold.
        let at = |i: usize| &words[i * (words.len() - 1) / 7];
        let name = words.iter().find(|w| w.2.starts_with(NAME_MARK));
        let mut groups = vec![
            terms(&[&at(1).2]),
            terms(&[&at(3).2, &at(5).2]),
            exact(&[&at(2).3, &at(6).3]),
            terms(&["rapin", "carabin", "\u{2}modena"]),
        ];
        if let Some(name) = name {
            groups.push(terms(&[&name.2]));
            groups.push(exact(&[&name.3]));
        }
        let mut snippeter = Snippeter::with_frequencies(&groups, |_| 1);
        let found: Vec<(usize, usize, u64)> = snippeter
            .matches(&body)
            .iter()
            .map(|m| (m.from, m.to, m.groups))
            .collect();
        let expected: Vec<(usize, usize, u64)> = words
            .iter()
            .filter_map(|(from, to, term, form)| {
                let set = groups.iter().enumerate().fold(0u64, |set, (i, g)| {
                    if g.terms.contains(term) || g.exact.contains(form) {
                        set | 1 << i
                    } else {
                        set
                    }
                });
                (set != 0).then_some((*from, *to, set))
            })
            .collect();
        assert_eq!(found, expected, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 200, "only {checked} articles checked");
}

/// The matches of `groups` in `body`, reading only the lines that can
/// match, and reading every line.
type Found = Vec<(usize, usize, u64)>;
fn matches_both_ways(groups: &[HighlightGroup], body: &str) -> (Found, Found) {
    let as_tuples = |matches: Vec<Match>| -> Found {
        matches.iter().map(|m| (m.from, m.to, m.groups)).collect()
    };
    let mut filtered = Snippeter::with_frequencies(groups, |_| 1);
    let mut every_line = Snippeter::with_frequencies(groups, |_| 1);
    every_line.lines = None;
    (
        as_tuples(filtered.matches(body)),
        as_tuples(every_line.matches(body)),
    )
}

/// The lines of `body` that a snippeter for `groups` reads.
fn lines_read<'a>(groups: &[HighlightGroup], body: &'a str) -> Option<Vec<&'a str>> {
    let ranges = Snippeter::with_frequencies(groups, |_| 1).lines_to_read(body)?;
    Some(ranges.into_iter().map(|range| &body[range]).collect())
}

#[test]
fn lines_that_cannot_match_are_not_read() {
    let groups = [
        terms(&["rapin"]),
        terms(&["\u{2}modena"]),
        exact(&["perche"]),
    ];
    let snippeter = Snippeter::with_frequencies(&groups, |_| 1);
    assert_eq!(
        snippeter.lines.as_ref().map(LineFilter::keys),
        Some(vec!["modena", "perche", "ra"])
    );
    let body = "Nessuna parola qui.\nUna rapina a Modena.\n\nRaro: la terapia.\nPerche' no?\nRapine, rapinatori.";
    assert_eq!(
        lines_read(&groups, body),
        Some(vec![
            "rapina",
            "Modena.\n",
            "Perche'",
            "Rapine,",
            "rapinatori."
        ])
    );
    // Within a line, only the parts between spaces that can match, unless
    // an apostrophe opening a word (a single quote still open, for all the
    // tokenizer knows) comes before one, or a part starts with a combining
    // mark.
    assert_eq!(
        lines_read(
            &groups,
            "Una rapina a ‘Modena’\nla 'ndrangheta e la rapina\nIl ‘no’ e la rapina"
        ),
        Some(vec![
            "rapina",
            "‘Modena’\nla 'ndrangheta e la rapina\nIl ‘no’ e la rapina"
        ])
    );
    assert_eq!(
        lines_read(&groups, "x \u{301}rapina e rapina"),
        Some(vec!["x \u{301}rapina e rapina"])
    );
    // A word that may not be read whole makes its line read.
    assert_eq!(
        lines_read(&groups, "Ra.dio\nRa’x\nRa\u{ad}x\nRa x\nRa\u{301}x"),
        Some(vec!["Ra.dio\nRa’x\nRa\u{ad}x\n"])
    );
    // A short stem has no prefix: every word must be stemmed, but a word
    // stemming to it starts with its first letter.
    assert_eq!(
        lines_read(&[terms(&["zon"])], "Le zone.\nUna zanzara.\nIn zona"),
        Some(vec!["zone.\n", "zona"])
    );
    // A key that is not ASCII could start a word unseen: every line is read.
    assert!(lines_read(&[terms(&["\u{2}élan"])], "a\nb").is_none());
}

#[test]
fn reading_only_the_lines_that_can_match_finds_every_match() {
    let groups = [
        terms(&["citt"]),
        terms(&["\u{2}etna", "etn"]),
        terms(&["\u{2}muller"]),
        exact(&["perche"]),
        terms(&["rapin"]),
        terms(&["\u{2}rossi", "ross"]),
        exact(&["15.000", "po"]),
    ];
    for body in [
        "Città di Modena.\nLa CITTÀ.\n\nl'Ètna erutta.\ndell’Etna\r\nMüller e MULLER.\nperche' no",
        "ROSSI\nIl signor Rossi parla.\nrossi i capelli.\nRossi.\n«Rossi»\nRossi…",
        "Cittadini\u{301}\n\u{301}citta\nc\u{301}itta\ne\u{301}tna Etna",
        "rapina\u{ad}tore\nx\u{200b}rapina\n中rapina\nカrapina\n1rapina\n'rapina'\n«Rapina»",
        "15.000 euro\n15,000\nun po' di\npo'\nS.p.A. rapina_x rapina:x",
        "",
        "\n\n\n",
        "rapina",
    ] {
        let (filtered, every_line) = matches_both_ways(&groups, body);
        assert_eq!(filtered, every_line, "{body:?}");
    }
}
#[test]
fn reading_only_the_lines_that_can_match_finds_every_match_on_dice() {
    let Some(files) = crate::test_support::shared_files("dice") else {
        return;
    };
    let mut stems = StemCache::new();
    let (mut checked, mut read_less) = (0, 0);
    for path in files.iter().step_by(7) {
        let Ok((article, _)) = crate::article::read_file(path, String::new()) else {
            continue;
        };
        let body = article.body();
        // Groups from the article's own words, on lines of their own, as
        // stems, names and exact forms.
        let words: Vec<String> = body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 6)
            .map(crate::analysis::fold)
            .collect();
        let short: Vec<String> = body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| (2..=4).contains(&w.chars().count()))
            .map(crate::analysis::fold)
            .collect();
        if words.len() < 8 || short.len() < 8 {
            continue;
        }
        let short_one = short[short.len() / 2].clone();
        let at = |i: usize| words[i * (words.len() - 1) / 7].clone();
        let stem = |word: String, stems: &mut StemCache| stems.stem(&word).to_string();
        let groups = [
            terms(&[&stem(at(1), &mut stems)]),
            terms(&[&format!("{NAME_MARK}{}", at(4)), &stem(at(4), &mut stems)]),
            exact(&[&at(6)]),
            terms(&[&stem(at(7), &mut stems)]),
            terms(&[&stem(short_one, &mut stems)]),
        ];
        let (filtered, every_line) = matches_both_ways(&groups, &body);
        assert_eq!(filtered, every_line, "{}", path.display());
        if let Some(lines) = lines_read(&groups, &body) {
            let read: usize = lines.iter().map(|line| line.len()).sum();
            read_less += usize::from(read < body.len());
        }
        checked += 1;
    }
    assert!(checked > 1000, "only {checked} articles checked");
    // The point of it: most articles are read only in part.
    assert!(
        read_less * 2 > checked,
        "{read_less} of {checked} read in part"
    );
}

proptest::proptest! {
    /// Texts made of matching words and of everything that can change how
    /// a word is read: apostrophes, joining punctuation, accents, combining
    /// marks, other scripts, line breaks.
    #[test]
    fn reading_only_the_lines_that_can_match_finds_every_match_in_any_text(
        pieces in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)
    ) {
        let body: String = pieces.iter().map(|&i| FRAGMENTS[i]).collect();
        let groups = [
            terms(&["rapin", "\u{2}rapina"]),
            terms(&["\u{2}etna", "etn"]),
            exact(&["perche", "15.000"]),
            terms(&["citt"]),
        ];
        let (filtered, every_line) = matches_both_ways(&groups, &body);
        proptest::prop_assert_eq!(filtered, every_line, "{:?}", body);
    }
}

const FRAGMENTS: &[&str] = &[
    "rapina",
    "Rapina",
    "RAPINA",
    "rapine",
    "ra",
    "Etna",
    "ètna",
    "È",
    "e\u{301}tna",
    "perche",
    "perché",
    "citta",
    "città",
    "Città",
    "15",
    "000",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "'",
    "’",
    "‘",
    "ʼ",
    ".",
    ",",
    ":",
    ";",
    "_",
    "-",
    "«",
    "»",
    "…",
    "\u{ad}",
    "\u{200b}",
    "\u{301}",
    "中",
    "カ",
    "l'",
    "dell’",
    "po'",
    "x",
    "1",
    "tore",
    "(",
    "\"",
];

/// The groups of the phrase number `n` of a query, made of `text` as the
/// query side makes them (`query::exact_words`): its exact forms, each with
/// its offset from the first.
fn phrase_of(n: usize, text: &str) -> Vec<HighlightGroup> {
    let mut analyzer = crate::analysis::exact_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while let Some(token) = tantivy::tokenizer::TokenStream::next(&mut stream) {
        words.push((token.text.clone(), token.position));
    }
    let first = words.first().map_or(0, |(_, position)| *position);
    words
        .iter()
        .map(|(word, position)| HighlightGroup {
            phrase: Some(PhrasePlace {
                phrase: n,
                offset: position - first,
            }),
            ..exact(&[word])
        })
        .collect()
}

/// `body` whole, with the words the query of `groups` matched in `[…]`.
fn marked(groups: &[HighlightGroup], body: &str) -> String {
    marked_by(&mut Snippeter::with_frequencies(groups, |_| 1), body)
}

fn marked_by(snippeter: &mut Snippeter, body: &str) -> String {
    Snippet {
        text: body.to_string(),
        highlights: snippeter.highlights(body),
    }
    .marked("[", "]")
}

fn stem(word: &str) -> String {
    StemCache::new().stem(word).to_string()
}

#[test]
fn phrases_take_the_positions_of_the_index() {
    let offsets = |text: &str| -> Vec<(String, usize)> {
        phrase_of(0, text)
            .into_iter()
            .filter_map(|g| Some((g.exact.first()?.clone(), g.phrase?.offset)))
            .collect()
    };
    let owned = |words: &[(&str, usize)]| -> Vec<(String, usize)> {
        words.iter().map(|&(w, o)| (w.to_string(), o)).collect()
    };
    // A stop word leaves a gap; an elided article takes no position.
    assert_eq!(
        offsets("ministro degli esteri"),
        owned(&[("ministro", 0), ("esteri", 2)])
    );
    assert_eq!(
        offsets("dell'ospedale di Carpi"),
        owned(&[("ospedale", 0), ("carpi", 2)])
    );
    assert_eq!(
        phrase_of(0, "via Emilia"),
        phrase(0, &[("via", 0), ("emilia", 1)])
    );
}

#[test]
fn words_of_a_phrase_are_marked_only_in_the_phrase() {
    let via_emilia = phrase_of(0, "via Emilia");
    let body = "Abita in via Roma, vicino all'Emilia.\nLavora in via Emilia, dalla via.";
    assert_eq!(
        marked(&via_emilia, body),
        "Abita in via Roma, vicino all'Emilia.\nLavora in [via] [Emilia], dalla via."
    );
    // In the other order, the words are not the phrase.
    assert_eq!(
        marked(&via_emilia, "Dall'Emilia via treno."),
        "Dall'Emilia via treno."
    );
    // Typed alone as well, the word is marked alone too.
    let mut with_via = via_emilia.clone();
    with_via.push(terms(&[&stem("via")]));
    assert_eq!(
        marked(&with_via, body),
        "Abita in [via] Roma, vicino all'Emilia.\nLavora in [via] [Emilia], dalla [via]."
    );
    // The passage: the phrase, not the lone word.
    assert_eq!(
        snippet(&via_emilia, body),
        "…Lavora in [via] [Emilia], dalla via."
    );
}

#[test]
fn a_phrase_is_found_across_parts_and_lines() {
    let groups = phrase_of(0, "via Emilia");
    // `via` and `Emilia` are parts of their own (the text between spaces),
    // read apart; as the index counts, punctuation takes no position and a
    // line break does not stop a phrase.
    let body = "Nessuna parola qui, ma tante altre.\nTra la via Emilia e la via, Emilia Est.\nLa via\nEmilia.\nLa via Roma e l'Emilia.";
    assert_eq!(
        lines_read(&groups, body),
        Some(vec![
            "via",
            "Emilia",
            "via,",
            "Emilia",
            "via\nEmilia.\n",
            "via",
            "l'Emilia."
        ])
    );
    assert_eq!(
        marked(&groups, body),
        "Nessuna parola qui, ma tante altre.\nTra la [via] [Emilia] e la [via], [Emilia] Est.\nLa [via]\n[Emilia].\nLa via Roma e l'Emilia."
    );
    let (filtered, every_line) = matches_both_ways(&groups, body);
    assert_eq!(filtered, every_line);
    // Stop words between two parts count, unread: `degli` fills the gap,
    // `e gli` is one word too many, no word is one too few.
    let groups = phrase_of(0, "ministro degli esteri");
    assert_eq!(
        marked(
            &groups,
            "Il ministro degli esteri; il ministro e gli esteri; il ministro esteri; il ministro dei esteri."
        ),
        "Il [ministro] degli [esteri]; il ministro e gli esteri; il ministro esteri; il [ministro] dei [esteri]."
    );
}

#[test]
fn a_phrase_with_an_elided_word_is_marked_as_the_index_matches_it() {
    // `dell'`, `all'`, `nell'` take no position; `di` and `a` are stop
    // words, each one position.
    let groups = phrase_of(0, "dell'ospedale di Carpi");
    assert_eq!(
        marked(
            &groups,
            "Portato all'ospedale di Carpi, non all'ospedale Carpi ma nell'ospedale a Carpi."
        ),
        "Portato all'[ospedale] di [Carpi], non all'ospedale Carpi ma nell'[ospedale] a [Carpi]."
    );
}

#[test]
fn a_phrase_matches_exact_forms_and_a_lone_word_its_stem() {
    // A phrase is its words as written (`body_exact`): `rapine` is not
    // `rapina`, nor `Ferrara` `Ferrari`, in any case; the same word typed
    // alone matches its stem, and a name alone only itself.
    let body = "Una rapina a Ferrara. Le rapine Ferrari. La rapina FERRARI rossa.";
    let mut groups = phrase_of(0, "rapina Ferrari");
    assert_eq!(
        marked(&groups, body),
        "Una rapina a Ferrara. Le rapine Ferrari. La [rapina] [FERRARI] rossa."
    );
    groups.push(terms(&[&stem("rapina")]));
    groups.push(exact(&["ferrara"]));
    assert_eq!(
        marked(&groups, body),
        "Una [rapina] a [Ferrara]. Le [rapine] Ferrari. La [rapina] [FERRARI] rossa."
    );
}

#[test]
fn a_passage_shows_a_phrase_whole_or_does_not_mark_it() {
    let groups = phrase_of(0, "via Emilia");
    // The passage ends between the `via` and `Emilia` of a second
    // occurrence: that `via` is not marked.
    let mut body = String::from("In via Emilia c'è traffico. ");
    while body.len() + 4 <= 191 {
        body.push_str("poi ");
    }
    body.push_str(&"o".repeat(194 - body.len()));
    body.push(' ');
    // The second `via` at byte 195: a passage of 200 bytes from the first
    // `via` (at 3) cannot hold the second phrase, and one from the start
    // of the text ends after that `via`.
    assert_eq!(body.len(), 195);
    body.push_str("via Emilia e altro ancora per finire la frase.");
    let shown = snippet(&groups, &body);
    assert!(shown.starts_with("In [via] [Emilia] c'è"), "{shown}");
    assert!(shown.ends_with(" via…"), "{shown}");
    assert_eq!(shown.matches('[').count(), 2, "{shown}");
    // A phrase longer than a passage is shown whole, every word marked.
    let words: Vec<String> = (0..40).map(|i| format!("parola{i}")).collect();
    let long = words.join(" ");
    assert!(long.len() > SNIPPET_CHARS);
    let shown = snippet(
        &phrase_of(0, &long),
        &format!("Prima parola0. Poi {long}. Fine."),
    );
    for word in &words {
        assert!(shown.contains(&format!("[{word}]")), "{word}: {shown}");
    }
    assert!(!shown.contains("Prima [parola0]"), "{shown}");
}

#[test]
fn a_phrase_missing_from_the_index_marks_none_of_its_words() {
    // A word of the phrase that no article has: the phrase matches
    // nothing, and its other words are not marked either.
    let mut groups = phrase_of(0, "via Emilia");
    groups.push(terms(&[&stem("traffico")]));
    let mut snippeter =
        Snippeter::with_frequencies(&groups, |g| u64::from(!g.exact.contains("emilia")));
    assert_eq!(
        marked_by(&mut snippeter, "Traffico in via Emilia."),
        "[Traffico] in via Emilia."
    );
}

#[test]
fn phrases_are_marked_where_the_index_has_them_on_dice() {
    let Some(files) = crate::test_support::shared_files("dice") else {
        return;
    };
    let mut exact_analyzer = crate::analysis::exact_analyzer();
    let (mut checked, mut occurrences) = (0, 0);
    for path in files.iter().step_by(23) {
        let Ok((article, _)) = crate::article::read_file(path, String::new()) else {
            continue;
        };
        let body = article.body();
        // The article's exact forms and their positions, read whole, as
        // `body_exact` holds them.
        let mut words: Vec<(usize, usize, String, usize)> = Vec::new();
        let mut stream = exact_analyzer.token_stream(&body);
        while let Some(t) = tantivy::tokenizer::TokenStream::next(&mut stream) {
            words.push((t.offset_from, t.offset_to, t.text.clone(), t.position));
        }
        drop(stream);
        if words.len() < 40 {
            continue;
        }
        // Phrases of the article's own consecutive words (two and three,
        // gaps of stop words kept), and one of its words against a word of
        // elsewhere.
        let phrase_at = |n: usize, at: usize, len: usize| -> Vec<HighlightGroup> {
            let first = words[at].3;
            words[at..at + len]
                .iter()
                .map(|w| HighlightGroup {
                    phrase: Some(PhrasePlace {
                        phrase: n,
                        offset: w.3 - first,
                    }),
                    ..exact(&[&w.2])
                })
                .collect()
        };
        let mut groups = phrase_at(0, words.len() / 5, 2);
        groups.extend(phrase_at(1, words.len() / 2, 3));
        groups.extend(phrase_at(2, words.len() * 4 / 5, 2));
        let mut odd = phrase_at(3, words.len() / 3, 1);
        odd.extend(phrase_at(3, words.len() / 3 + 7, 1));
        if let Some(HighlightGroup {
            phrase: Some(place),
            ..
        }) = odd.last_mut()
        {
            place.offset = 1;
        }
        groups.extend(odd);
        // What the index matches: each word of a phrase at its offset from
        // an occurrence of the first.
        let mut expected = vec![0u64; words.len()];
        let at_position = |p: usize| words.binary_search_by_key(&p, |w| w.3).ok();
        for n in 0..4 {
            let phrase: Vec<(usize, &HighlightGroup)> = groups
                .iter()
                .enumerate()
                .filter(|(_, g)| g.phrase.is_some_and(|place| place.phrase == n))
                .collect();
            for start in &words {
                let found: Option<Vec<(usize, u64)>> = phrase
                    .iter()
                    .map(|(bit, g)| {
                        let offset = g.phrase.map_or(0, |place| place.offset);
                        let i = at_position(start.3 + offset)?;
                        g.exact.contains(&words[i].2).then_some((i, 1 << bit))
                    })
                    .collect();
                for (i, bit) in found.into_iter().flatten() {
                    expected[i] |= bit;
                }
            }
        }
        let expected: Found = words
            .iter()
            .zip(&expected)
            .filter(|(_, &set)| set != 0)
            .map(|(w, &set)| (w.0, w.1, set))
            .collect();
        occurrences += expected.len();
        let (filtered, every_line) = matches_both_ways(&groups, &body);
        assert_eq!(filtered, expected, "{}", path.display());
        assert_eq!(every_line, expected, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 300, "only {checked} articles checked");
    assert!(occurrences > 5 * checked, "{occurrences} words in phrases");
}

proptest::proptest! {
    /// Phrases in texts of the fragments above and of a phrase's words:
    /// reading only the parts that can match finds the phrases that
    /// reading the whole text finds.
    #[test]
    fn reading_only_the_lines_that_can_match_finds_every_phrase_in_any_text(
        pieces in proptest::collection::vec(0..FRAGMENTS.len() + PHRASE_WORDS.len(), 0..40)
    ) {
        let body: String = pieces
            .iter()
            .map(|&i| FRAGMENTS.get(i).copied().unwrap_or_else(|| PHRASE_WORDS[i - FRAGMENTS.len()]))
            .collect();
        let mut groups = phrase_of(0, "via della rapina");
        groups.extend(phrase_of(1, "Etna via"));
        groups.push(terms(&["rapin"]));
        let (filtered, every_line) = matches_both_ways(&groups, &body);
        proptest::prop_assert_eq!(filtered, every_line, "{:?}", body);
    }
}

const PHRASE_WORDS: &[&str] = &[" via ", "via", " della ", "Via", " e "];
