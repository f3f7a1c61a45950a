//! Persons across the corpus: a surname used alone in one article is counted
//! as the one full name other articles give it, and `--person` finds both
//! kinds of article; a surname shared by two different full names is not
//! merged.

mod common;

use common::{write_files, Fixture};

fn corpus() -> Fixture {
    let f = Fixture::new();
    std::fs::remove_dir_all(f.corpus()).unwrap();
    write_files(
        &f.corpus(),
        &[
            ("a.txt", "date 2024-01-10 Il sindaco Giulia Ferretti ha aperto il consiglio comunale.\n\nFerretti ha parlato a lungo.".as_bytes()),
            ("b.txt", "date 2024-02-11 Il bilancio è stato approvato ieri sera.\n\nIl sindaco Ferretti ha ringraziato la giunta.".as_bytes()),
            ("c.txt", "date 2024-03-12 Il professor Paolo Rossi ha tenuto una lezione.".as_bytes()),
            ("d.txt", "date 2024-04-13 L'avvocato Anna Rossi ha presentato ricorso.".as_bytes()),
            ("e.txt", "date 2024-05-14 Il tribunale ha respinto il ricorso.\n\nL'avvocato Rossi ha annunciato appello.".as_bytes()),
        ],
    );
    f.index_command().assert().success();
    f
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
    // Two different Rossi: the lone one stays apart.
    assert_eq!(find("Paolo Rossi").unwrap()["articles"], 1);
    assert_eq!(find("Anna Rossi").unwrap()["articles"], 1);
    assert_eq!(
        find("Rossi").expect("lone Rossi kept")["articles"],
        1,
        "{persons}"
    );
    assert_eq!(f.ids(&["*", "--person", "paolo rossi"]), ["c.txt"]);
}
