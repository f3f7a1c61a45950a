//! Tests of the assembled analyzers: term sequences on Italian sentences,
//! offsets, the seed article, and a real in-RAM tantivy index.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream};
use tantivy::{doc, Index, TantivyDocument};

use super::*;
use crate::test_support::{read_shared, SEED};

fn tokens_with(mut analyzer: TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

fn tokens(text: &str) -> Vec<Token> {
    tokens_with(body_analyzer(), text)
}

fn names(text: &str) -> Vec<String> {
    tokens_with(names_analyzer(), text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// (term, original slice, position) for every token.
fn spans(text: &str) -> Vec<(String, &str, usize)> {
    tokens(text)
        .into_iter()
        .map(|t| (t.text, &text[t.offset_from..t.offset_to], t.position))
        .collect()
}

#[test]
fn news_sentence_terms() {
    assert_eq!(
        analyze(
            "L’alluvione di ottobre ha colpito la città: secondo l'assessore, \
             più di 15.000 persone sono state evacuate dall’area."
        ),
        [
            "alluvion", "ottobr", "colp", "citt", "second", "assessor", "15.000", "person", "stat",
            "evacu", "are"
        ]
    );
    assert_eq!(
        analyze("Un 26enne di Carpi è stato arrestato all'alba: aveva con sé 5mila euro."),
        // `Carpi`, capitalised inside the sentence, is a name: itself, marked.
        [
            "26enn",
            "\u{2}carpi",
            "stat",
            "arrest",
            "alba",
            "5mil",
            "eur"
        ]
    );
    assert_eq!(
        analyze("C'è chi dice che quest'anno l'inflazione salirà al 3,5%."),
        ["dic", "anno", "inflazion", "salir", "3,5"]
    );
}

#[test]
fn offsets_and_positions() {
    let text = "Il sindaco ha incontrato i cittadini nell'aula dell’università.";
    assert_eq!(
        spans(text),
        [
            ("sindac".to_string(), "sindaco", 1),
            ("incontr".to_string(), "incontrato", 3),
            ("cittadin".to_string(), "cittadini", 5),
            ("aul".to_string(), "aula", 6),
            ("univers".to_string(), "università", 7),
        ]
    );
    let offsets: Vec<(usize, usize)> = tokens(text)
        .iter()
        .map(|t| (t.offset_from, t.offset_to))
        .collect();
    assert_eq!(offsets, [(3, 10), (14, 24), (27, 36), (42, 46), (54, 65)]);

    // A typewriter accent: the apostrophe is part of the word.
    assert_eq!(
        spans("Perche' la citta' e' cambiata?"),
        [
            ("citt".to_string(), "citta'", 2),
            ("camb".to_string(), "cambiata", 4),
        ]
    );
}

#[test]
fn stems_are_shared() {
    let one = |word: &str| {
        let terms = analyze(word);
        assert_eq!(terms.len(), 1, "{word} -> {terms:?}");
        terms[0].clone()
    };
    for group in [
        &[
            "incontro",
            "incontrato",
            "incontri",
            "incontrare",
            "Incontrati",
        ][..],
        &["città", "citta", "città'", "citta'", "CITTÀ", "Citta'"],
        &["alluvione", "alluvioni", "Alluvione"],
        &["università", "universita", "universita'", "Università"],
        &["già", "gia", "gia'"],
        &["lunedì", "lunedi", "lunedi'"],
        &["sarà", "sara", "Sara"],
    ] {
        let first = one(group[0]);
        for word in &group[1..] {
            assert_eq!(one(word), first, "{word} vs {}", group[0]);
        }
    }
}

#[test]
fn typewriter_text_equals_accented_text() {
    assert_eq!(
        analyze("E' piu' facile dire perche' la citta' e' cambiata cosi' tanto"),
        analyze("È più facile dire perché la città è cambiata così tanto")
    );
    assert_eq!(
        analyze("E' piu' facile dire perche' la citta' e' cambiata"),
        ["facil", "dir", "citt", "camb"]
    );
}

#[test]
fn elisions_with_and_without_space() {
    assert_eq!(
        analyze("nell' ottobre dell' OPEC. L' embargo"),
        analyze("nell'ottobre dell'OPEC. L'embargo")
    );
    assert_eq!(analyze("nell' ottobre"), ["ottobr"]);
    assert_eq!(
        analyze("tutt'altro un po' di pazienza"),
        ["altro", "po", "pazienz"]
    );
    // A capital right after an elided article is a name.
    assert_eq!(
        analyze("Sant'Egidio d'Italia"),
        ["\u{2}egidio", "\u{2}italia"]
    );
    // Lucene's Italian list has no `quell'`, `quest'`: here they elide too.
    assert_eq!(
        analyze("quell'anno, quest'estate, dell'incontro"),
        analyze("anno estate incontro")
    );
}

#[test]
fn stop_words_are_accent_insensitive() {
    assert!(analyze("perché perche perche' PERCHÉ più piu piu' è e' E'").is_empty());
    // Removed from the Snowball list on purpose.
    assert_eq!(analyze("sei fosse comuni"), ["sei", "foss", "comun"]);
}

#[test]
fn stop_word_list() {
    let folded: HashSet<String> = stopwords::STOP_WORDS.iter().map(|w| fold(w)).collect();
    assert_eq!(folded.len(), 272, "update the count in stopwords.rs");
    for word in &folded {
        assert!(!word.is_empty() && word.is_ascii(), "{word:?}");
        assert_eq!(analyze(word), Vec::<String>::new(), "{word} is not removed");
    }
}

#[test]
fn stop_words_leave_position_gaps() {
    let positions: Vec<usize> = tokens("Il ministro degli Esteri")
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(positions, [1, 3]);
}

#[test]
fn names_are_folded_but_not_stemmed() {
    assert_eq!(names("Luigi Di Maio"), ["luigi", "di", "maio"]);
    assert_eq!(
        names("Nicolò Barella, Città"),
        ["nicolo", "barella", "citta"]
    );
    assert_eq!(
        names("Sergej Lavrov e Choe Son Hui"),
        ["sergej", "lavrov", "e", "choe", "son", "hui"]
    );
    assert_eq!(names("Massimo D'Alema"), ["massimo", "alema"]);
    assert_eq!(names("Łukasz Müller"), ["lukasz", "muller"]);
}

#[test]
fn fold_function() {
    assert_eq!(fold("Città"), "citta");
    assert_eq!(fold("Perché"), "perche");
    assert_eq!(fold("NICOLÒ Barella"), "nicolo barella");
    assert_eq!(fold("Владимир Путин"), "владимир путин");
}

#[test]
fn no_panics_on_odd_input() {
    let long = "x".repeat(70_000);
    let odd = [
        "",
        " ",
        "'",
        "'''",
        "’’’",
        "l'",
        "'l'",
        "po'",
        "🙂👍🏽🇮🇹",
        "東京で会議",
        "Владимир Путин",
        "\u{2BC}\u{2BC}e\u{2BC}",
        "e\u{301}\u{301}\u{301}",
        "\u{301}",
        "\0\u{FEFF}\u{200B}",
        long.as_str(),
    ];
    for text in odd {
        for token in tokens(text) {
            assert!(!token.text.is_empty());
            assert!(token.text.len() <= 3 * tokenizer::MAX_TOKEN_BYTES);
            assert!(text.get(token.offset_from..token.offset_to).is_some());
        }
    }
    // A deterministic pseudo-random soup of the characters that matter.
    let alphabet: Vec<char> = "aeiouAEIOUàèéìòùÈlLdn 0123456789.,;:'’‘ʼ°-\n«»\"🙂é東й"
        .chars()
        .collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..2_000 {
        let mut text = String::new();
        for _ in 0..24 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        for token in tokens(&text) {
            assert!(!token.text.is_empty(), "{text:?}");
            assert!(
                text.get(token.offset_from..token.offset_to).is_some(),
                "{text:?}"
            );
        }
        names(&text);
    }
}

#[test]
fn seed_article() {
    let Some(text) = read_shared(SEED) else {
        return;
    };
    let tokens = tokens(&text);
    assert!(tokens.len() > 300, "only {} tokens", tokens.len());

    let mut reader = BodyReader::default();
    let words = reader.read(&text);
    assert_eq!(words.len(), tokens.len());
    let mut stems = StemCache::new();
    let mut last_position = None;
    for (token, word) in tokens.iter().zip(words) {
        let slice = &text[token.offset_from..token.offset_to];
        // Offsets slice back to a word that, analyzed alone, gives the
        // word's exact form; the term is that form's, as a name or not.
        assert_eq!(exact_words(slice), [word.exact()], "{slice:?}");
        assert_eq!(token.text, word.term(&mut stems).to_string(), "{slice:?}");
        assert_eq!(
            (token.offset_from, token.offset_to, token.position),
            (
                word.token.offset_from,
                word.token.offset_to,
                word.token.position
            )
        );
        assert!(
            !token.text.contains(['\'', '’']),
            "apostrophe left in {:?}",
            token.text
        );
        assert!(last_position < Some(token.position), "positions must grow");
        last_position = Some(token.position);
    }

    // Every elided article disappears and the word after it starts the token.
    for (elided, word) in [
        ("l’incontro", "incontro"),
        ("all’incontro", "incontro"),
        ("l’Ucraina", "Ucraina"),
        ("dell’esercito", "esercito"),
        ("un’importante", "importante"),
        ("L’agenzia", "agenzia"),
    ] {
        let mut found = 0;
        for (at, _) in text.match_indices(elided) {
            let from = at + elided.len() - word.len();
            assert!(
                tokens
                    .iter()
                    .any(|t| t.offset_from == from && t.offset_to == from + word.len()),
                "no token for {word} in {elided} at {at}"
            );
            assert!(
                !tokens.iter().any(|t| t.offset_from == at),
                "{elided} at {at}"
            );
            found += 1;
        }
        assert!(found > 0, "{elided} not in the seed article");
    }
    let terms: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    for elided in ["l", "dell", "all", "un", "sull", "dall"] {
        assert!(!terms.contains(&elided), "elided {elided} indexed");
    }
    assert!(terms.contains(&"15.000"));
    assert!(terms.contains(&"80"), "dell’80° gives 80");
    assert!(terms.contains(&"incontr"));
    // Names inside sentences are themselves; the same words lower-case are stems.
    assert!(terms.contains(&"\u{2}ucraina"));
}

#[test]
fn tantivy_index_search_phrase_and_snippet() -> tantivy::Result<()> {
    let mut builder = Schema::builder();
    let field = |builder: &mut tantivy::schema::SchemaBuilder, name: &str, tokenizer: &str| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        builder.add_text_field(
            name,
            TextOptions::default()
                .set_indexing_options(indexing)
                .set_stored(),
        )
    };
    // As the index does: terms, then exact forms, from the same text.
    let body = field(&mut builder, "body", ITALIAN);
    let exact = field(&mut builder, "exact", EXACT);
    let id = builder.add_u64_field("id", STORED);
    let index = Index::create_in_ram(builder.build());
    register(&index);

    let mut writer = index.writer(50_000_000)?;
    for (n, text) in [
        "Ieri il ministro degli Esteri ha incontrato a Roma il collega \
         francese per parlare dell'alluvione che ha colpito la Liguria.",
        "La città ha inaugurato la nuova sede dell’università, perché gli \
         studenti non avevano più aule: il ministro ha parlato degli esteri.",
        "A Ferrara i Ferrari di Maranello. FERRARA. Il ferro e le ferrovie.",
    ]
    .into_iter()
    .enumerate()
    {
        writer.add_document(doc!(id => n as u64 + 1, body => text, exact => text))?;
    }
    writer.commit()?;

    let searcher = index.reader()?.searcher();
    let ids_in = |field, query: &str| -> tantivy::Result<Vec<u64>> {
        let parser = QueryParser::for_index(&index, vec![field]);
        let query = parser
            .parse_query(query)
            .map_err(|err| tantivy::TantivyError::InvalidArgument(err.to_string()))?;
        let mut ids = Vec::new();
        for (_, address) in searcher.search(&query, &TopDocs::with_limit(10).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(address)?;
            ids.extend(doc.get_first(id).and_then(|v| v.as_u64()));
        }
        ids.sort_unstable();
        Ok(ids)
    };
    let ids = |query: &str| ids_in(body, query);
    // The registered exact analyzer ends with the gram-length mark, which a
    // query must not look for: queries take the exact forms of
    // `exact_analyzer`, with their positions (as `search::query` does).
    let exact_ids = |text: &str| -> tantivy::Result<Vec<u64>> {
        let terms: Vec<(usize, tantivy::Term)> = tokens_with(exact_analyzer(), text)
            .into_iter()
            .map(|t| (t.position, tantivy::Term::from_field_text(exact, &t.text)))
            .collect();
        let first = terms.first().map_or(0, |(p, _)| *p);
        let query: Box<dyn tantivy::query::Query> = if terms.len() == 1 {
            Box::new(tantivy::query::TermQuery::new(
                terms[0].1.clone(),
                IndexRecordOption::Basic,
            ))
        } else {
            Box::new(tantivy::query::PhraseQuery::new_with_offset(
                terms.into_iter().map(|(p, t)| (p - first, t)).collect(),
            ))
        };
        let mut ids = Vec::new();
        for (_, address) in searcher.search(&*query, &TopDocs::with_limit(10).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(address)?;
            ids.extend(doc.get_first(id).and_then(|v| v.as_u64()));
        }
        ids.sort_unstable();
        Ok(ids)
    };

    assert_eq!(ids("incontro")?, [1]);
    assert_eq!(ids("incontrare")?, [1]);
    assert_eq!(ids("citta")?, [2]);
    assert_eq!(ids("città")?, [2]);
    assert_eq!(ids("universita")?, [2]);
    // tantivy's query grammar reads an ASCII apostrophe as a single-quote
    // phrase delimiter: outside double quotes it must be escaped (or typed
    // as ’, which the analyzer treats alike).
    assert!(QueryParser::for_index(&index, vec![body])
        .parse_query("universita'")
        .is_err());
    assert_eq!(ids("universita\\'")?, [2]);
    assert_eq!(ids("dell’alluvione")?, [1]);
    assert_eq!(ids("alluvioni")?, [1]);
    // `Esteri`, capitalised inside its sentence, was indexed as a name and
    // `esteri` as a stem; the exact forms have both.
    assert_eq!(ids("ester")?, [2]);
    assert_eq!(exact_ids("esteri")?, [1, 2]);
    // A phrase of exact forms spans a removed stop word: positions keep the gap.
    assert_eq!(exact_ids("\"ministro degli esteri\"")?, [1]);
    assert_eq!(exact_ids("\"Ministro degli Esteri\"")?, [1]);
    // Document 2 has "ministro ... degli esteri", not the phrase.
    assert_eq!(ids("ministro")?, [1, 2]);
    assert_eq!(exact_ids("\"ministro esteri\"")?, Vec::<u64>::new());
    assert_eq!(exact_ids("\"dell'alluvione\"")?, [1]);
    // Names are never stems: `Ferrara` (also as a dateline, a place) and
    // `Ferrari` are two words, and neither is `ferro`.
    let name = |word: &str| format!("{NAME_MARK}{word}");
    let term_ids = |text: &str| -> tantivy::Result<Vec<u64>> {
        let query = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(body, text),
            IndexRecordOption::Basic,
        );
        let mut ids = Vec::new();
        for (_, address) in searcher.search(&query, &TopDocs::with_limit(10).order_by_score())? {
            let doc: TantivyDocument = searcher.doc(address)?;
            ids.extend(doc.get_first(id).and_then(|v| v.as_u64()));
        }
        Ok(ids)
    };
    assert_eq!(term_ids(&name("ferrara"))?, [3]);
    assert_eq!(term_ids(&name("ferrari"))?, [3]);
    assert_eq!(term_ids("ferrar")?, Vec::<u64>::new());
    assert_eq!(term_ids("ferr")?, [3]);

    // Highlighting uses the same analyzer and the original offsets.
    let query = QueryParser::for_index(&index, vec![body])
        .parse_query("incontro")
        .map_err(|err| tantivy::TantivyError::InvalidArgument(err.to_string()))?;
    let generator = SnippetGenerator::create(&searcher, &*query, body)?;
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let (_, address) = top[0];
    let doc: TantivyDocument = searcher.doc(address)?;
    let snippet = generator.snippet_from_doc(&doc);
    let highlighted: Vec<&str> = snippet
        .highlighted()
        .iter()
        .map(|range| &snippet.fragment()[range.clone()])
        .collect();
    assert_eq!(highlighted, ["incontrato"]);

    // An elided word is highlighted without its article.
    let snippet = generator.snippet("Dopo l’incontro di ieri");
    let highlighted: Vec<&str> = snippet
        .highlighted()
        .iter()
        .map(|range| &snippet.fragment()[range.clone()])
        .collect();
    assert_eq!(highlighted, ["incontro"]);
    Ok(())
}
