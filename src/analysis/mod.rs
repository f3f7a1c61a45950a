//! TEMPORARY STUB, replaced by the real analyzer.
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
pub const ITALIAN: &str = "rassegna_italian";
pub const NAMES: &str = "rassegna_names";
pub fn italian_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}
pub fn names_analyzer() -> TextAnalyzer {
    italian_analyzer()
}
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(ITALIAN, italian_analyzer());
    index.tokenizers().register(NAMES, names_analyzer());
}
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}
pub fn analyze(text: &str) -> Vec<String> {
    let mut a = italian_analyzer();
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = tantivy::tokenizer::TokenStream::next(&mut s) {
        out.push(t.text.clone());
    }
    out
}
