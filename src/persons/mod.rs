//! TEMPORARY STUB, replaced by the real extractor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub mentions: usize,
}
#[derive(Debug, Clone, Default)]
pub struct PersonExtractor;
impl PersonExtractor {
    pub fn new() -> Self {
        PersonExtractor
    }
    pub fn extract(&self, _paragraphs: &[String], _author: Option<&str>) -> Vec<Person> {
        Vec::new()
    }
}
