//! The extractor end to end: what it finds in short Italian texts, written for each decision.

use super::*;

fn paragraphs(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

fn names(texts: &[&str]) -> Vec<String> {
    names_by(&PersonExtractor::new(), texts)
}

/// The rule stage alone. The tests using it pin rule decisions (a lone first name, a
/// surname without a cue, East Asian aliases) that the tagger, trained on gold labels
/// where `Bruno` alone is a person, does not share.
fn rule_names(texts: &[&str]) -> Vec<String> {
    names_by(&PersonExtractor::rules_only(), texts)
}

fn names_by(extractor: &PersonExtractor, texts: &[&str]) -> Vec<String> {
    extractor
        .extract(&paragraphs(texts), None)
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn mentions_of(texts: &[&str], name: &str) -> usize {
    PersonExtractor::rules_only()
        .extract(&paragraphs(texts), None)
        .into_iter()
        .find(|p| p.name == name)
        .map_or(0, |p| p.mentions)
}

/// The seed article: header stripped, paragraphs split on blank lines, last one the byline.
#[test]
fn seed_article() {
    let Some(text) = crate::test_support::read_shared(crate::test_support::SEED) else {
        return;
    };
    let body = text.trim_start();
    let body = match body.strip_prefix("date ") {
        // `date YYYY-MM-DD ` is 16 bytes; the date itself is ASCII.
        Some(rest) => rest.get(11..).unwrap_or(""),
        None => body,
    };
    let mut paras: Vec<String> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    let author = paras.pop().expect("the seed has a byline");
    assert_eq!(author, "Anna Lotti");
    let persons = PersonExtractor::new().extract(&paras, Some(&author));
    let found: Vec<&str> = persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        found,
        [
            "Vladimir Putin",
            "Donald Trump",
            "Choe Son Hui",
            "Kim Jong Un",
            "Sergej Lavrov"
        ]
    );
    assert!(persons.iter().all(|p| p.mentions >= 2), "{persons:?}");
}

#[test]
fn datelines_are_not_persons() {
    let found = names(&[
        "SASSUOLO. Un furgone è finito fuori strada ieri sera.",
        "FORMIGINE. Il sindaco Alberto Ferrari ha inaugurato la nuova biblioteca.",
    ]);
    assert_eq!(found, ["Alberto Ferrari"]);
}

#[test]
fn titles_and_roles_are_stripped() {
    let found = names(&[
        "Ieri il presidente Sergio Mattarella ha ricevuto il sindaco Giulia Ferretti al Quirinale.",
        "Alla marcia c'era anche don Luigi Ciotti, accolto dal dott. Marco Bianchi e dall'avv. Paola Neri.",
        "Il prof. Carlo Zanni e il sig. Franco Gatti hanno firmato.",
    ]);
    assert_eq!(
        found,
        [
            "Sergio Mattarella",
            "Giulia Ferretti",
            "Luigi Ciotti",
            "Marco Bianchi",
            "Paola Neri",
            "Carlo Zanni",
            "Franco Gatti"
        ]
    );
}

#[test]
fn popes_keep_their_title_saints_are_places_priests_need_a_surname() {
    let found = rule_names(&[
        "Papa Francesco ha celebrato la messa. Francesco ha poi salutato i fedeli.",
        "La festa di San Geminiano e la chiesa di san Francesco erano affollate, come Santa Rita.",
        "Don Mario ha letto il Vangelo.",
    ]);
    assert_eq!(found, ["Papa Francesco"]);
    assert_eq!(
        mentions_of(
            &["Papa Francesco ha celebrato la messa. Francesco ha poi salutato."],
            "Papa Francesco"
        ),
        2
    );
}

#[test]
fn surname_particles() {
    let found = names(&[
        "A Bruxelles Ursula von der Leyen ha incontrato Marine Le Pen.",
        "Elena De Santis e Luca Di Marco hanno ricordato Marcello Dell'Utri.",
        "Il documentario su Osama bin Laden è stato girato dove visse Vincent van Gogh.",
        "Anche Massimo d'Alema era presente, con Carla Del Ponte.",
    ]);
    assert_eq!(
        found,
        [
            "Ursula von der Leyen",
            "Marine Le Pen",
            "Elena De Santis",
            "Luca Di Marco",
            "Marcello Dell'Utri",
            "Osama bin Laden",
            "Vincent van Gogh",
            "Massimo d'Alema",
            "Carla Del Ponte",
        ]
    );
}

#[test]
fn aliases_merge_and_add_up() {
    let text = [
        "Il premier Mario Draghi ha incontrato la ministra Marta Cartabia.",
        "Draghi ha detto che la riforma è pronta. Secondo Cartabia servono tempi brevi.",
        "Più tardi Draghi ha lasciato Palazzo Chigi. Von der Leyen ha chiamato Draghi.",
    ];
    let persons = PersonExtractor::new().extract(&paragraphs(&text), None);
    assert_eq!(
        persons,
        [
            Person {
                name: "Mario Draghi".into(),
                mentions: 4
            },
            Person {
                name: "Marta Cartabia".into(),
                mentions: 2
            },
        ]
    );
}

#[test]
fn a_surname_goes_to_the_nearest_full_name() {
    let text = [
        "Mario Bertoni e il figlio Luca Bertoni sono stati fermati.",
        "Luca Bertoni era alla guida. Bertoni ha confessato.",
    ];
    assert_eq!(mentions_of(&text, "Luca Bertoni"), 3);
    assert_eq!(mentions_of(&text, "Mario Bertoni"), 1);
}

#[test]
fn kim_jong_un_keeps_un() {
    let text = [
        "Il leader nordcoreano Kim Jong Un ha assistito al lancio. Kim ha espresso soddisfazione.",
        "Un portavoce ha poi smentito.",
    ];
    let persons = PersonExtractor::new().extract(&paragraphs(&text), None);
    assert_eq!(
        persons,
        [Person {
            name: "Kim Jong Un".into(),
            mentions: 2
        }]
    );
}

#[test]
fn east_asian_names_without_a_title() {
    let found = names(&[
        "Vladimir Putin e Kim Jong Un si sono visti ieri.",
        "Il treno è stato accolto da Xi Jinping. Poi il corteo ha raggiunto Hong Kong.",
        "Quando al potere c'era il padre dell'attuale leader, Kim Jong Il, i rapporti erano tesi.",
    ]);
    assert_eq!(
        found,
        ["Vladimir Putin", "Kim Jong Un", "Xi Jinping", "Kim Jong Il"]
    );
    // At the start of a paragraph, with nothing around it (the rules alone).
    assert_eq!(
        rule_names(&["Moon Jae In ha inviato un messaggio."]),
        ["Moon Jae In"]
    );
}

#[test]
fn a_full_name_listed_with_a_person_is_a_person() {
    let found = names(&["Hanno firmato Giorgia Meloni, Olaf Scholz e Rishi Sunak."]);
    assert_eq!(found, ["Giorgia Meloni", "Olaf Scholz", "Rishi Sunak"]);
}

#[test]
fn partial_east_asian_names_are_aliases() {
    let text =
        ["Il ministro degli Esteri Choe Son Hui è arrivato a Mosca. Choe ha firmato l'accordo."];
    assert_eq!(mentions_of(&text, "Choe Son Hui"), 2);
}

#[test]
fn byline_author_is_excluded_unless_named_in_the_text() {
    let ex = PersonExtractor::new();
    let body = paragraphs(&[
        "Il sindaco Pietro Malavasi ha aperto la seduta.",
        "di Anna Lotti",
    ]);
    let found: Vec<String> = ex
        .extract(&body, Some("Anna Lotti"))
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(found, ["Pietro Malavasi"]);

    let named =
        paragraphs(&["Lo ha raccontato alla nostra Anna Lotti il sindaco Pietro Malavasi."]);
    let found: Vec<String> = ex
        .extract(&named, Some("Anna Lotti"))
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(found, ["Anna Lotti", "Pietro Malavasi"]);
}

#[test]
fn lone_surname_needs_a_cue() {
    // Title before, verb of saying after or before.
    assert_eq!(
        names(&["In conferenza stampa il questore Bellini ha illustrato i dati."]),
        ["Bellini"]
    );
    assert_eq!(
        names(&["La situazione è sotto controllo, Rossi ha detto ai cronisti."]),
        ["Rossi"]
    );
    assert_eq!(
        names(&["«Siamo pronti», ha affermato Lavrov davanti alle telecamere."]),
        ["Lavrov"]
    );
    assert_eq!(
        names(&["Il corteo è partito, spiega il comandante Govoni."]),
        ["Govoni"]
    );
    // No cue: a capitalised word alone may be a place, a firm, a nickname. The tagger
    // keeps some lone surnames the rules drop (`da Bellini`); a town it does not keep.
    assert!(rule_names(&["I lavori da Bellini sono finiti in anticipo."]).is_empty());
    assert!(names(&["Il furto è avvenuto vicino a Montale durante la notte."]).is_empty());
    // Sentence-initial and never written inside a sentence: no evidence it is a name.
    assert!(names(&["Pacatamente ha detto di no."]).is_empty());
    // Once cued, every mention counts.
    assert_eq!(
        mentions_of(
            &["Il sindaco Tosi è arrivato. Poi Tosi ha parlato a lungo."],
            "Tosi"
        ),
        2
    );
}

#[test]
fn a_verb_after_a_complement_has_another_subject() {
    // `Sabbioneta` follows a preposition: it is not who comments.
    assert!(names(&["Il legale dei ragazzi di Sabbioneta commenta la sentenza."]).is_empty());
    assert!(names(&["Secondo gli agenti della Volpara hanno detto di no."]).is_empty());
}

#[test]
fn dateline_without_a_full_stop() {
    assert!(names(&["MIRANDOLA Doppia denuncia per furto aggravato."]).is_empty());
}

#[test]
fn a_known_first_name_alone_is_not_a_person() {
    assert!(rule_names(&[
        "Il cane Tommy è stato ritrovato.",
        "Tommy ha abbaiato tutta la notte."
    ])
    .is_empty());
}

#[test]
fn organisations_and_places_are_not_persons() {
    let found = names(&[
        "Secondo la Korean Central News Agency, la KCNA, la Corea del Nord ha risposto agli Stati Uniti.",
        "Il Cremlino ha convocato l'ambasciatore. Pechino e Mosca tacciono, come Washington, Seul e Pyongyang.",
        "La Polizia Municipale e la Procura hanno avvisato il Comune. La Gazzetta ha scritto di Kursk.",
        "La Juventus ha vinto. Lungo la Via Emilia sono caduti i Vigili del Fuoco, come nella Seconda Guerra Mondiale.",
        "Il corteo ha raggiunto via Giuseppe Garibaldi e la scuola media Giovanni Pascoli.",
        "AP e ANSA riportano che Poste Italiane ha detto di no.",
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn sentence_initial_common_words_are_not_persons() {
    let found = names(&[
        "Lunedì il consiglio si è riunito. Secondo fonti vicine, Prima o poi cambierà.",
        "Le due parti hanno firmato. Il mese di Marzo e Giovedì sono passati. Martedì Mattina piove.",
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn towns_and_regions_alone_are_not_persons() {
    let found = names(&[
        "Il furgone era diretto a Rubiera. Dopo Castelvetro, la colonna ha raggiunto Polinago.",
        "I contagi calano in Emilia Romagna e in Lombardia. Da Pievepelago arrivano i soccorsi.",
        "Il cantiere di Lama Mocogno riapre lunedì. I ladri hanno preso venti Gratta e Vinci.",
    ]);
    assert!(found.is_empty(), "{found:?}");
    // A town name that is the surname of a full name of the article, or has a title before
    // it, is a person.
    assert_eq!(
        names(&["L'ex premier Mario Monti ha parlato a lungo. Poi Monti è ripartito."]),
        ["Mario Monti"]
    );
    assert_eq!(
        names(&["Il museo ricorda Leonardo da Vinci con una mostra."]),
        ["Leonardo da Vinci"]
    );
}

#[test]
fn places_after_a_place_noun_and_di_are_not_persons() {
    let found = names(&[
        "Le pattuglie dell'Unione Terre di Castelli hanno chiuso la strada.",
        "Il piano riguarda la provincia di Frosinone e il comune di Zocca.",
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn sentence_initial_pronouns_and_adverbs_are_not_persons() {
    let found = names(&[
        "Li hanno fermati all'uscita del supermercato. Ma nessuno ha sporto denuncia.",
        "Meglio non uscire di casa stasera. Ebbene, la neve è arrivata.",
    ]);
    assert!(found.is_empty(), "{found:?}");
    // Opening a longer span, the function word is dropped.
    assert_eq!(
        names(&["Anche Stefania Morselli ha firmato la petizione."]),
        ["Stefania Morselli"]
    );
}

#[test]
fn saints_listed_together_are_not_persons() {
    let found = names(&[
        "La pala con i santi Giovanni Evangelista e Gregorio Taumaturgo è stata restaurata.",
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn regnal_numbers_initials_and_towns_of_origin() {
    assert_eq!(
        names(&["Il trattato fu firmato dal re Leopoldo II in persona."]),
        ["Leopoldo II"]
    );
    assert_eq!(
        names(&["Lo ha raccontato Gianni Ferri, con Pier Luigi B., volontario."]),
        ["Gianni Ferri", "Pier Luigi B."]
    );
    assert_eq!(
        names(&["Un grazie va ad Anna Ferri di Castelvetro e ai volontari."]),
        ["Anna Ferri"]
    );
    assert_eq!(
        names(&["È esposta una lettera del cardinale J. H. Newman ai fedeli."]),
        ["J. H. Newman"]
    );
    assert!(names(&["La rivista Der Spiegel ne ha scritto."]).is_empty());
    assert!(names(&["Il corteo ha attraversato Hyde Park fino al Foreign Office."]).is_empty());
}

#[test]
fn pets_are_not_persons() {
    let found = names(&[
        "Il cane Tommy è stato ritrovato dai vigili. I cani antidroga Brando ed Ettore hanno fiutato l'hashish.",
        "La gatta Matilde è tornata a casa da Lucia Ferri.",
    ]);
    assert_eq!(found, ["Lucia Ferri"]);
    // A verb between the animal and the name: the name is a person's.
    assert_eq!(
        names(&["Il cane aggredisce Mario Bertolini davanti a casa."]),
        ["Mario Bertolini"]
    );
}

#[test]
fn a_nickname_in_quotes_is_part_of_the_name() {
    let text = [
        "Al circolo si è visto Ermanno “Bubi” Ferraresi con la moglie Teresa Galli.",
        "Ferraresi ha poi salutato tutti.",
    ];
    let persons = PersonExtractor::new().mentions(&paragraphs(&text), None);
    let found: Vec<&str> = persons.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(found, ["Ermanno Ferraresi", "Teresa Galli"]);
    // The mention covers the nickname.
    let first = &persons.mentions[0];
    assert_eq!(&text[0][first.range.clone()], "Ermanno “Bubi” Ferraresi");
}

#[test]
fn a_byline_run_into_the_first_sentence_stops_at_a_function_word() {
    assert_eq!(
        names(&["Paolo Ferrarini Un uomo di quarant'anni è stato fermato ieri sera."]),
        ["Paolo Ferrarini"]
    );
}

#[test]
fn two_names_run_together_are_two_persons() {
    assert_eq!(
        names(&["Paola Ferrarini Luca Benedetti CARPI. Il sindaco ha firmato ieri l'ordinanza."]),
        ["Paola Ferrarini", "Luca Benedetti"]
    );
}

#[test]
fn typographic_apostrophes_are_accepted() {
    let text = ["Marcello Dell’Utri è tornato a parlare. Dell'Utri ha detto che l’avvocato Cantù lo difende."];
    let persons = PersonExtractor::rules_only().extract(&paragraphs(&text), None);
    assert_eq!(
        persons,
        [
            Person {
                name: "Marcello Dell'Utri".into(),
                mentions: 2
            },
            Person {
                name: "Cantù".into(),
                mentions: 1
            }
        ]
    );
}

#[test]
fn ages_and_initials() {
    assert_eq!(
        names(&["Arrestato Gheorghiu, 34 anni, residente in città."]),
        ["Gheorghiu"]
    );
    assert_eq!(
        names(&["Un ritratto di John F. Kennedy. Kennedy sorride."]),
        ["John F. Kennedy"]
    );
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let ex = PersonExtractor::new();
    assert!(ex.extract(&[], None).is_empty());
    assert!(ex.extract(&[], Some("")).is_empty());
    let odd = paragraphs(&[
        "",
        "   ",
        "’'’ «» — … ?! ., ;:",
        "Владимир Путин и Ким Чен Ын встретились. 北京 東京",
        "De Di Da Von der Le La Papa San Via",
        "Mario\u{301} Rossi\u{2019} e\u{301}",
        "A. B. C. D.",
    ]);
    let _ = ex.extract(&odd, Some("’"));
    let long = "Il sindaco Mario Rossi ha detto che Bianchi, 40 anni, va. ".repeat(5_000);
    let persons = ex.extract(&[long], None);
    assert_eq!(
        persons[0],
        Person {
            name: "Mario Rossi".into(),
            mentions: 5_000
        }
    );
}

#[test]
fn the_embedded_tagger_is_present_and_used() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PersonExtractor>();
    let embedded = PersonExtractor::embedded();
    assert!(embedded.is_ok(), "{:?}", embedded.err());
    let extractor = PersonExtractor::new();
    assert_eq!(extractor.model_error(), None);
    let id = extractor.model_id().unwrap_or_default();
    assert!(id.starts_with("RSPER004-"), "{id}");
    assert_eq!(PersonExtractor::default().model_id(), Some(id));
    // A lone first name in a story: the rules never keep one, the tagger does.
    let story = ["«Vieni», disse Marta. Il ragazzo la seguì fino al fiume."];
    assert!(rule_names(&story).is_empty());
    assert_eq!(names(&story), ["Marta"]);
}

#[test]
fn a_model_that_cannot_be_read_says_why() {
    let model = extractor::MODEL;
    let mut old = model.to_vec();
    old[..8].copy_from_slice(b"RSPER003");
    let err = PersonExtractor::with_model(&old).err();
    assert!(matches!(err, Some(ModelError::Version { .. })), "{err:?}");
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("RSPER003") && message.contains("train_persons"),
        "{message}"
    );
    let cut = PersonExtractor::with_model(&model[..model.len() / 2]).err();
    assert!(matches!(cut, Some(ModelError::Truncated { .. })), "{cut:?}");
    assert_eq!(
        PersonExtractor::with_model(&[]).err(),
        Some(ModelError::Empty)
    );
    // Asked for, the rules alone are no error.
    let rules = PersonExtractor::rules_only();
    assert_eq!((rules.model_id(), rules.model_error()), (None, None));
}

#[test]
fn a_priest_is_mentioned_with_don_and_named_without_it() {
    let text = ["Alla messa don Luigi Ciotti ha parlato ai ragazzi; poi don Ciotti è ripartito."];
    let found = PersonExtractor::new().mentions(&paragraphs(&text), None);
    let names: Vec<&str> = found.persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Luigi Ciotti"]);
    let written: Vec<&str> = found
        .mentions
        .iter()
        .map(|m| &text[0][m.range.clone()])
        .collect();
    assert_eq!(written, ["don Luigi Ciotti", "don Ciotti"]);
}

#[test]
fn a_capitalised_word_after_an_article_is_no_name_word() {
    let found = names(&["Secondo il Vicesindaco Gianni Ferrari i controlli aumenteranno."]);
    assert_eq!(found, ["Gianni Ferrari"]);
    let found = names(&["L'assessore alla Sicurezza Rinaldi ha presentato ieri il piano."]);
    assert!(
        !found.iter().any(|n| n.starts_with("Sicurezza")),
        "{found:?}"
    );
}

/// A full name written after a street noun is that street wherever the article writes it; a
/// word joined by `e` to a town, and the tail of a street's name, are places.
#[test]
fn streets_and_towns_named_elsewhere_are_places() {
    for text in [
        "Un furto in via Mario Bianchi ieri sera. I ladri sono fuggiti verso Mario Bianchi e poi verso piazza Grande.",
        "I carabinieri di Modena e Crespellano hanno fermato due uomini. Abitano in via Fratelli Cervi da anni, a Crespellano.",
    ] {
        let found = names(&[text]);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

#[test]
fn an_all_capital_speaker_is_a_person() {
    let found =
        names(&["DE GASPERI. Onorevoli colleghi, il governo ha deciso di presentare la legge."]);
    assert_eq!(found, ["DE GASPERI"]);
}
