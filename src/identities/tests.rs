use proptest::prelude::*;

use super::*;

fn table(articles: &[&[&str]]) -> IdentityTable {
    IdentityTable::from_articles(articles.iter().map(|names| names.iter().copied()))
}

/// `names` each given by `n` articles of their own.
fn each(names: &[(&str, usize)]) -> IdentityTable {
    IdentityTable::from_articles(
        names
            .iter()
            .flat_map(|&(name, n)| std::iter::repeat_n(name, n))
            .map(std::iter::once),
    )
}

#[test]
fn a_surname_alone_joins_its_one_full_name() {
    let t = table(&[
        &["Gian Carlo Muzzarelli", "Stefano Bonaccini"],
        &["Muzzarelli"],
        &["MUZZARELLI"],
    ]);
    assert_eq!(t.identity_of("Muzzarelli"), Some("Gian Carlo Muzzarelli"));
    assert_eq!(t.identity_of("MUZZARELLI"), Some("Gian Carlo Muzzarelli"));
    assert_eq!(
        t.identity_of("Gian Carlo Muzzarelli"),
        Some("Gian Carlo Muzzarelli")
    );
    assert_eq!(
        t.identity_of("Stefano Bonaccini"),
        Some("Stefano Bonaccini")
    );
    // A name no article gives is read alone.
    assert_eq!(t.identity_of("Bonaccini"), Some("Bonaccini"));
}

#[test]
fn shorter_forms_of_one_full_name_are_not_rivals() {
    let t = table(&[
        &["Gian Francesco Menani"],
        &["Francesco Menani"],
        &["Menani"],
    ]);
    assert_eq!(t.identity_of("Menani"), Some("Gian Francesco Menani"));
    assert_eq!(
        t.identity_of("Francesco Menani"),
        Some("Gian Francesco Menani")
    );
}

#[test]
fn a_surname_two_people_share_is_no_identity() {
    let t = table(&[&["Paolo Rossi"], &["Anna Rossi"], &["Rossi"]]);
    assert_eq!(t.identity_of("Rossi"), None);
    assert_eq!(t.identity_of("Paolo Rossi"), Some("Paolo Rossi"));
    assert_eq!(t.identity_of("Anna Rossi"), Some("Anna Rossi"));
    // Also when one of them is named more often, but not nine times in ten.
    let t = each(&[("Paolo Rossi", 8), ("Anna Rossi", 2), ("Rossi", 1)]);
    assert_eq!(t.identity_of("Rossi"), None);
}

#[test]
fn a_surname_joins_the_person_the_archive_clearly_means() {
    // The mayor of Modena in 64 articles, the mayor of Fanano in one.
    let t = each(&[
        ("Gian Carlo Muzzarelli", 58),
        ("Giancarlo Muzzarelli", 6),
        ("Stefano Muzzarelli", 1),
        ("Muzzarelli", 37),
    ]);
    assert_eq!(t.identity_of("Muzzarelli"), Some("Gian Carlo Muzzarelli"));
    assert_eq!(
        t.identity_of("Stefano Muzzarelli"),
        Some("Stefano Muzzarelli")
    );
    let t = each(&[("Paolo Rossi", 9), ("Anna Rossi", 1), ("Rossi", 1)]);
    assert_eq!(t.identity_of("Rossi"), Some("Paolo Rossi"));
}

#[test]
fn spelling_variants_are_one_person_under_the_commonest_spelling() {
    let t = each(&[
        ("Gian Carlo Muzzarelli", 3),
        ("Giancarlo Muzzarelli", 1),
        ("Muzzarelli", 1),
    ]);
    assert_eq!(
        t.identity_of("Giancarlo Muzzarelli"),
        Some("Gian Carlo Muzzarelli")
    );
    assert_eq!(t.identity_of("Muzzarelli"), Some("Gian Carlo Muzzarelli"));
    let t = each(&[("Gian Carlo Muzzarelli", 1), ("Giancarlo Muzzarelli", 3)]);
    assert_eq!(
        t.identity_of("Gian Carlo Muzzarelli"),
        Some("Giancarlo Muzzarelli")
    );
}

#[test]
fn a_person_is_shown_under_a_full_name_the_archive_uses() {
    // The full name, although a shorter form is a little more common.
    let t = each(&[
        ("Gian Francesco Menani", 19),
        ("Francesco Menani", 23),
        ("Menani", 14),
    ]);
    assert_eq!(t.identity_of("Menani"), Some("Gian Francesco Menani"));
    // Not a longer form written once beside nineteen shorter ones.
    let t = each(&[("Scalera Souhaib Haddada", 1), ("Souhaib Haddada", 19)]);
    assert_eq!(
        t.identity_of("Scalera Souhaib Haddada"),
        Some("Souhaib Haddada")
    );
    // Never a surname alone when there is a full name.
    let t = each(&[("Paolo Rossi", 1), ("Rossi", 9)]);
    assert_eq!(t.identity_of("Rossi"), Some("Paolo Rossi"));
}

#[test]
fn surname_first_names_join_the_given_name_first_form() {
    let t = each(&[
        ("Bergamini Moreno", 2),
        ("Moreno Bergamini", 1),
        ("Bergamini", 1),
    ]);
    assert_eq!(t.identity_of("Bergamini Moreno"), Some("Moreno Bergamini"));
    assert_eq!(t.identity_of("Bergamini"), Some("Moreno Bergamini"));
    // Alone, a surname-first name is shown as written and still links its surname.
    let t = each(&[("Chiletti Antonio", 1), ("Chiletti", 1)]);
    assert_eq!(t.identity_of("Chiletti"), Some("Chiletti Antonio"));
}

#[test]
fn particles_and_accents_are_part_of_the_surname() {
    let t = table(&[
        &["Elena De Santis"],
        &["De Santis"],
        &["Niccolò Fabbri"],
        &["Fabbri"],
        &["Santis"],
    ]);
    assert_eq!(t.identity_of("Fabbri"), Some("Niccolò Fabbri"));
    assert_eq!(t.identity_of("De Santis"), Some("Elena De Santis"));
    assert_eq!(t.identity_of("Santis"), Some("Elena De Santis"));
    // `Fabio Desantis` is `Fabio De Santis` written without the space, and a
    // rival of Elena: `De Santis` alone stays apart.
    let t = table(&[
        &["Elena De Santis"],
        &["Fabio Desantis"],
        &["Fabio De Santis"],
        &["De Santis"],
    ]);
    assert_eq!(t.identity_of("De Santis"), Some("De Santis"));
    assert_eq!(t.identity_of("Fabio Desantis"), Some("Fabio De Santis"));
}

#[test]
fn a_first_name_alone_is_no_identity() {
    let t = table(&[
        &["Vladimir Putin", "Vladimir"],
        &["Luca"],
        &["Luca Lugari"],
        &["Carlo De Chiara"],
        &["Chiara"],
    ]);
    assert_eq!(t.identity_of("Vladimir"), None);
    assert_eq!(t.identity_of("Luca"), None);
    assert_eq!(t.identity_of("Chiara"), None);
    assert_eq!(t.identity_of("Carlo De Chiara"), Some("Carlo De Chiara"));
    assert_eq!(t.identity_of("Luca Lugari"), Some("Luca Lugari"));
    // Nor are initials.
    assert_eq!(t.identity_of("A. B."), None);
}

#[test]
fn an_article_holds_identities_variants_and_what_it_is_found_by() {
    let t = each(&[
        ("Gian Carlo Muzzarelli", 3),
        ("Giancarlo Muzzarelli", 1),
        ("Muzzarelli", 2),
        ("Luca", 1),
    ]);
    let person = |name: &str| Person {
        name: name.to_string(),
        mentions: 1,
    };
    let persons = t.article_persons(&[
        person("Giancarlo Muzzarelli"),
        person("Luca"),
        person("Gian Carlo Muzzarelli"),
    ]);
    assert_eq!(persons.shown, ["Gian Carlo Muzzarelli", "Luca"]);
    assert_eq!(persons.identities, ["Gian Carlo Muzzarelli"]);
    assert_eq!(
        persons.variants,
        [(
            "Gian Carlo Muzzarelli".to_string(),
            "Giancarlo Muzzarelli".to_string()
        )]
    );
    assert_eq!(
        persons.searchable,
        ["Gian Carlo Muzzarelli", "Giancarlo Muzzarelli", "Luca"]
    );
    let term = variant_term("Gian Carlo Muzzarelli", "Muzzarelli");
    assert_eq!(
        split_variant_term(&term),
        Some(("Gian Carlo Muzzarelli", "Muzzarelli"))
    );
}

#[test]
fn a_delta_reports_the_names_whose_identity_changed() {
    let mut t = table(&[&["Paolo Rossi"], &["Rossi"], &["Mario Bianchi"]]);
    assert_eq!(t.identity_of("Rossi"), Some("Paolo Rossi"));

    // A second Rossi arrives: the lone Rossi is nobody's in particular any more.
    let mut delta = IdentityDelta::new();
    delta.add_article(["Anna Rossi", "Mario Bianchi"]);
    let changes = t.apply(&delta);
    assert_eq!(
        changes,
        [IdentityChange {
            name: "Rossi".into(),
            before: Some("Paolo Rossi".into()),
            after: None,
        }]
    );

    // Nothing about Rossi changes: nothing to report.
    let mut delta = IdentityDelta::new();
    delta.add_article(["Mario Bianchi"]);
    assert!(t.apply(&delta).is_empty());

    // Anna Rossi's article is withdrawn: Rossi is Paolo again.
    let mut delta = IdentityDelta::new();
    delta.remove_article(["Anna Rossi"]);
    assert_eq!(
        t.apply(&delta),
        [IdentityChange {
            name: "Rossi".into(),
            before: None,
            after: Some("Paolo Rossi".into()),
        }]
    );

    // A spelling now more frequent renames the identity for all its names.
    let mut delta = IdentityDelta::new();
    delta.add_article(["Paolo  Rossi"]);
    delta.add_article(["Paolo  Rossi"]);
    let changed: Vec<String> = t.apply(&delta).into_iter().map(|c| c.name).collect();
    assert_eq!(changed, ["Paolo Rossi", "Rossi"]);
    assert_eq!(t.identity_of("Rossi"), Some("Paolo  Rossi"));
}

#[test]
fn the_table_is_saved_as_its_counts() {
    let t = each(&[("Gian Carlo Muzzarelli", 2), ("Muzzarelli", 1), ("Luca", 3)]);
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(
        json,
        r#"{"articles_per_name":{"Gian Carlo Muzzarelli":2,"Luca":3,"Muzzarelli":1}}"#
    );
    let loaded: IdentityTable = serde_json::from_str(&json).unwrap();
    assert_eq!(loaded.names(), t.names());
    assert_eq!(
        loaded.identity_of("Muzzarelli"),
        Some("Gian Carlo Muzzarelli")
    );
}

/// Names that interact: shared surnames, variants, shorter forms, surname
/// first, first names and initials.
const NAMES: &[&str] = &[
    "Gian Carlo Muzzarelli",
    "Giancarlo Muzzarelli",
    "Muzzarelli Gian Carlo",
    "Carlo Muzzarelli",
    "Stefano Muzzarelli",
    "Muzzarelli",
    "Paolo Rossi",
    "Anna Rossi",
    "Rossi Paolo",
    "Rossi",
    "Lo Savio",
    "Losavio",
    "Paola Losavio",
    "Paola Lo Savio",
    "Savio",
    "Luca",
    "A. B.",
    "De Luca",
    "Anna De Luca",
];

/// One step of an archive's life: an article with these names (indexes into
/// [`NAMES`]) added, or the article added at that step removed.
#[derive(Debug, Clone)]
enum Step {
    Add(Vec<usize>),
    Remove(usize),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        3 => proptest::collection::vec(0..NAMES.len(), 1..4).prop_map(Step::Add),
        1 => any::<usize>().prop_map(Step::Remove),
    ];
    proptest::collection::vec(step, 1..40)
}

/// Each name's identity, for every name an article gives.
fn identities(t: &IdentityTable) -> Vec<(String, Option<String>)> {
    t.names()
        .into_iter()
        .map(|(name, _)| (name.to_string(), t.identity_of(name).map(str::to_string)))
        .collect()
}

proptest! {
    /// Updating article by article gives the table a fresh build gives, and
    /// each update reports exactly the names whose identity changed.
    #[test]
    fn updates_equal_a_fresh_build(steps in steps(), batch in 1usize..4) {
        let mut live: Vec<Vec<&str>> = Vec::new();
        let mut table = IdentityTable::new();
        for chunk in steps.chunks(batch) {
            let before = table.clone();
            let mut delta = IdentityDelta::new();
            for step in chunk {
                match step {
                    Step::Add(names) => {
                        let names: Vec<&str> = names.iter().map(|&i| NAMES[i]).collect();
                        delta.add_article(names.iter().copied());
                        live.push(names);
                    }
                    Step::Remove(i) if !live.is_empty() => {
                        let names = live.remove(i % live.len());
                        delta.remove_article(names.iter().copied());
                    }
                    Step::Remove(_) => {}
                }
            }
            let changes = table.apply(&delta);
            let fresh = IdentityTable::from_articles(live.iter().map(|a| a.iter().copied()));
            prop_assert_eq!(table.names(), fresh.names());
            prop_assert_eq!(identities(&table), identities(&fresh));
            let expected: Vec<IdentityChange> = identities(&before)
                .into_iter()
                .filter(|(name, _)| fresh.articles_giving(name) > 0)
                .filter_map(|(name, was)| {
                    let now = fresh.identity_of(&name).map(str::to_string);
                    (was != now).then_some(IdentityChange { name, before: was, after: now })
                })
                .collect();
            prop_assert_eq!(changes, expected);
        }
    }

    /// The order articles arrive in does not matter.
    #[test]
    fn any_order_gives_one_table(
        articles in proptest::collection::vec(proptest::collection::vec(0..NAMES.len(), 1..4), 1..30),
        seed in any::<u64>(),
    ) {
        let named: Vec<Vec<&str>> = articles
            .iter()
            .map(|a| a.iter().map(|&i| NAMES[i]).collect())
            .collect();
        let mut shuffled = named.clone();
        // A Fisher-Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut one_by_one = IdentityTable::new();
        for names in &shuffled {
            let mut delta = IdentityDelta::new();
            delta.add_article(names.iter().copied());
            one_by_one.apply(&delta);
        }
        let fresh = IdentityTable::from_articles(named.iter().map(|a| a.iter().copied()));
        prop_assert_eq!(identities(&one_by_one), identities(&fresh));
    }
}
