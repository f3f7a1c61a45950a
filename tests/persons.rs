//! Persons across the corpus (identities): a surname used alone in one
//! article is counted as the one full name other articles give it, and
//! `--person` finds both kinds of article; a surname shared by two different
//! full names is not merged; spellings and surname-first forms of one name
//! are one person; a first name alone is never listed; the identity table is
//! saved with the index's commit.

mod common;

use common::{write_files, Fixture};

/// A corpus of these articles (file name, text), indexed.
fn indexed(articles: &[(&str, &str)]) -> Fixture {
    let f = Fixture::new();
    std::fs::remove_dir_all(f.corpus()).unwrap();
    let files: Vec<(&str, &[u8])> = articles.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    write_files(&f.corpus(), &files);
    f.index_command().assert().success();
    f
}

fn corpus() -> Fixture {
    indexed(&[
        ("a.txt", "date 2024-01-10 Il sindaco Giulia Ferretti ha aperto il consiglio comunale.\n\nFerretti ha parlato a lungo."),
        ("b.txt", "date 2024-02-11 Il bilancio è stato approvato ieri sera.\n\nIl sindaco Ferretti ha ringraziato la giunta."),
        ("c.txt", "date 2024-03-12 Il professor Paolo Rossi ha tenuto una lezione."),
        ("d.txt", "date 2024-04-13 L'avvocato Anna Rossi ha presentato ricorso."),
        ("e.txt", "date 2024-05-14 Il tribunale ha respinto il ricorso.\n\nL'avvocato Rossi ha annunciato appello."),
    ])
}

#[test]
fn a_lone_surname_joins_its_one_full_name_across_articles() {
    let f = corpus();
    let list = common::PersonsList::of(&f.index());
    let persons = &list.0;
    let find = |name: &str| list.find(name).cloned();
    let ferretti = find("Giulia Ferretti").expect("Giulia Ferretti is listed");
    assert_eq!(ferretti["articles"], 2, "{persons}");
    assert_eq!(ferretti["variants"][0]["name"], "Ferretti", "{persons}");
    assert_eq!(ferretti["variants"][0]["articles"], 1, "{persons}");
    assert!(find("Ferretti").is_none(), "{persons}");
    // `--person` finds the article that only wrote the surname.
    assert_eq!(
        f.ids(&["*", "--person", "giulia ferretti"]),
        ["b.txt", "a.txt"]
    );
    // Two different Rossi stay apart; the lone one could be either, so it
    // is no person of its own, but `--person rossi` still finds it.
    assert_eq!(find("Paolo Rossi").unwrap()["articles"], 1);
    assert_eq!(find("Anna Rossi").unwrap()["articles"], 1);
    assert!(find("Rossi").is_none(), "{persons}");
    assert_eq!(f.ids(&["*", "--person", "paolo rossi"]), ["c.txt"]);
    let mut rossi = f.ids(&["*", "--person", "rossi"]);
    rossi.sort();
    assert_eq!(rossi, ["c.txt", "d.txt", "e.txt"]);
}

/// A corpus where one person is written three ways and first names stand
/// alone.
fn variants_corpus() -> Fixture {
    indexed(&[
        ("a.txt", "date 2024-01-10 Il sindaco Gian Carlo Muzzarelli ha aperto il consiglio comunale."),
        ("b.txt", "date 2024-02-11 Il bilancio è stato approvato.\n\nIl sindaco Giancarlo Muzzarelli ha ringraziato la giunta."),
        ("c.txt", "date 2024-03-12 Il sindaco Muzzarelli ha incontrato i commercianti."),
        ("d.txt", "date 2024-04-13 Denunciato Bergamini Moreno, 45 anni, per furto."),
        ("e.txt", "date 2024-05-14 Il signor Moreno Bergamini ha ritrovato la bicicletta."),
        ("f.txt", "date 2024-06-15 Luca, 23 anni, è stato arrestato ieri sera."),
        ("g.txt", "date 2024-07-16 L'avvocato Luca Lugari ha chiesto il rito abbreviato."),
    ])
}

#[test]
fn one_person_written_several_ways_is_listed_once_and_first_names_alone_never() {
    let f = variants_corpus();
    let list = common::PersonsList::of(&f.index());
    let persons = &list.0;
    let mayor = list.find("Gian Carlo Muzzarelli").expect("listed");
    assert_eq!(mayor["articles"], 3, "{persons}");
    let variants: Vec<(&str, u64)> = mayor["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        variants,
        [("Giancarlo Muzzarelli", 1), ("Muzzarelli", 1)],
        "{persons}"
    );
    let moreno = list.find("Moreno Bergamini").expect("listed");
    assert_eq!(moreno["articles"], 2, "{persons}");
    assert_eq!(moreno["variants"][0]["name"], "Bergamini Moreno");
    for name in [
        "Muzzarelli",
        "Giancarlo Muzzarelli",
        "Bergamini Moreno",
        "Luca",
    ] {
        assert!(list.find(name).is_none(), "{name} listed: {persons}");
    }
    // The person filter finds a person by their listed name, or by the name as
    // an article wrote it.
    assert_eq!(f.ids(&["*", "--person", "Gian Carlo Muzzarelli"]).len(), 3);
    assert_eq!(f.ids(&["*", "--person", "giancarlo"]), ["b.txt"]);
    assert_eq!(f.ids(&["*", "--person", "bergamini moreno"]), ["d.txt"]);
    assert_eq!(f.ids(&["*", "--person", "moreno bergamini"]).len(), 2);
    // A first name alone finds every Luca, named in full or not.
    assert_eq!(f.ids(&["*", "--person", "luca"]), ["g.txt", "f.txt"]);
    // Articles show their persons under the listed name; a lone first name as written.
    assert_eq!(
        f.search_json(&["*", "--person", "giancarlo"])["hits"][0]["persons"],
        serde_json::json!(["Gian Carlo Muzzarelli"])
    );
    assert_eq!(
        f.search_json(&["*", "--person", "luca", "--sort", "date"])["hits"][1]["persons"],
        serde_json::json!(["Luca"])
    );
}

#[test]
fn the_identity_table_is_saved_with_its_commit() {
    let f = corpus();
    // A second build replaces the first one's table.
    f.index_command().assert().success();
    let tables: Vec<String> = std::fs::read_dir(f.index())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("identities-") || name.starts_with(".identities-"))
        .collect();
    assert_eq!(tables.len(), 1, "{tables:?}");
    let index = rassegna::index::ArticleIndex::open(&f.index()).unwrap();
    assert_eq!(index.info().identities, tables[0]);
    let table = index.identities().unwrap();
    assert_eq!(table.identity_of("Ferretti"), Some("Giulia Ferretti"));
    assert_eq!(table.identity_of("Paolo Rossi"), Some("Paolo Rossi"));
    assert_eq!(table.identity_of("Rossi"), None);
    assert_eq!(table.articles_giving("Giulia Ferretti"), 1);
    // Gone or damaged, it is an error that says what to do.
    std::fs::write(f.index().join(&tables[0]), b"{").unwrap();
    let error = index.identities().unwrap_err().to_string();
    assert!(
        error.contains(&tables[0]) && error.contains("rassegna index"),
        "{error}"
    );
}
