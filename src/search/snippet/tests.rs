use std::collections::BTreeSet;

use super::*;

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
    }
}

/// A group of exact forms.
fn exact(words: &[&str]) -> HighlightGroup {
    HighlightGroup {
        terms: BTreeSet::new(),
        exact: words.iter().map(|t| t.to_string()).collect(),
    }
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
