//! The person tagger the binary embeds is the one that runs, and every index says which it
//! was: a model that failed to load would otherwise turn extraction into rules alone unseen.

mod common;

use common::Fixture;
use rassegna::index::ArticleIndex;
use rassegna::persons::PersonExtractor;

#[test]
fn an_index_records_the_person_model_it_was_built_with() {
    let f = Fixture::indexed();
    let index = ArticleIndex::open(&f.index()).expect("the index opens");
    let embedded = PersonExtractor::embedded().expect("the embedded model reads");
    let id = embedded.model_id().expect("a model id");
    assert!(id.starts_with("RSPER004-"), "{id}");
    assert_eq!(index.info().persons_model, id);
}
