//! Snippets: the passage of an article that best matches a query, with the
//! matched words marked. Matching uses the same Italian analyzer as the
//! index, so `incontro` highlights `incontrato`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::analysis::{self, ItalianStemmer};
use crate::article::{cut_at_word, strip_dateline};

/// About two lines of a terminal.
pub const SNIPPET_CHARS: usize = 200;

/// A passage of an article with highlighted ranges.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, on one line; `…` marks text cut before or after it.
    pub text: String,
    /// Matched words, as offsets in Unicode characters into `text`, end excluded.
    pub highlights: Vec<Highlight>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
}

/// Makes snippets for one query; build it once per search.
///
/// The passage is chosen as tantivy's `SnippetGenerator` chooses it (the
/// body cut into consecutive windows of at most [`SNIPPET_CHARS`] bytes, the
/// window with the highest sum of matched term weights wins, the earliest on
/// ties), and a word matches when the Italian analyzer makes it one of the
/// query's terms. What is cheaper: stemming was the largest cost, so
/// the body goes through the analyzer's chain without its last step (the
/// exact-form analyzer: same tokens, offsets and stop words), and only the
/// words that can stem to a query term are stemmed, each distinct word once
/// per search (see `stem_prefix`).
pub struct Snippeter {
    /// Analyzed body term → weight; empty when nothing can be highlighted.
    weights: BTreeMap<String, f32>,
    /// Folded words start with one of these when they can stem to a term;
    /// `None` when every word must be stemmed (short or very many terms).
    prefixes: Option<Vec<String>>,
    /// The Italian analyzer up to, not including, stemming.
    words: TextAnalyzer,
    stemmer: ItalianStemmer,
    /// Folded word → weight of the term it stems to, for this search.
    seen: HashMap<String, Option<f32>>,
}

/// Past this many distinct prefixes, checking them costs more than stemming.
const MAX_PREFIXES: usize = 16;

/// The start that every word stemming to `term` has. Italian Snowball stems
/// a folded word by cutting suffixes; the only rules that append letters
/// (`-enza` → `-ente`, and an attached pronoun after `-ar/-er/-ir` → `-e`)
/// change at most the last two letters of the stem, so the word starts with
/// the stem less its last three bytes (one of margin), cut back to a
/// character boundary. `None` when that leaves nothing.
fn stem_prefix(term: &str) -> Option<&str> {
    let mut cut = term.len().saturating_sub(3);
    while !term.is_char_boundary(cut) {
        cut -= 1;
    }
    (cut > 0).then(|| &term[..cut])
}

/// A window of the body: its byte range, score and matched words.
struct Window {
    score: f32,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Window {
    fn at(start: usize) -> Window {
        Window {
            score: 0.0,
            start,
            stop: start,
            highlighted: Vec::new(),
        }
    }
}

impl Snippeter {
    /// `terms` are the analyzed body terms to highlight; rarer terms weigh
    /// more when choosing the passage.
    pub fn new(searcher: &Searcher, body: Field, terms: &BTreeSet<String>) -> Snippeter {
        let weights: BTreeMap<String, f32> = terms
            .iter()
            .filter_map(|t| {
                let df = searcher.doc_freq(&Term::from_field_text(body, t)).ok()?;
                (df > 0).then(|| (t.clone(), 1.0 / (1.0 + df as f32)))
            })
            .collect();
        let mut prefixes: Option<Vec<String>> = weights
            .keys()
            .map(|t| stem_prefix(t).map(str::to_string))
            .collect();
        if let Some(list) = &mut prefixes {
            list.sort();
            list.dedup();
            if list.len() > MAX_PREFIXES {
                prefixes = None;
            }
        }
        Snippeter {
            weights,
            prefixes,
            words: analysis::exact_analyzer(),
            stemmer: ItalianStemmer::new(),
            seen: HashMap::new(),
        }
    }

    /// The best passage of `body`, or its opening after the `headline` when
    /// nothing matches.
    pub fn snippet(&mut self, body: &str, headline: &str) -> Snippet {
        if let Some(best) = self.best_window(body) {
            let (line, char_at) = one_line(&body[best.start..best.stop]);
            let lead = usize::from(best.start > 0);
            let mut text = String::with_capacity(line.len() + 8);
            if lead == 1 {
                text.push('…');
            }
            text.push_str(&line);
            if best.stop < body.trim_end().len() {
                text.push('…');
            }
            let relative: Vec<Range<usize>> = best
                .highlighted
                .iter()
                .map(|r| r.start - best.start..r.end - best.start)
                .collect();
            let highlights = tantivy::snippet::collapse_overlapped_ranges(&relative)
                .into_iter()
                .filter_map(|r| {
                    Some(Highlight {
                        start: lead + *char_at.get(r.start)?,
                        end: lead + *char_at.get(r.end)?,
                    })
                })
                .collect();
            return Snippet { text, highlights };
        }
        // Nothing to highlight (a filter-only search): show how the article
        // goes on after the headline, which is printed anyway.
        let lead = strip_dateline(body);
        let after_headline = lead
            .strip_prefix(headline)
            .map(str::trim_start)
            .filter(|rest| !rest.is_empty())
            .unwrap_or(lead);
        let (opening, _) = one_line(after_headline);
        Snippet {
            text: cut_at_word(&opening, SNIPPET_CHARS),
            highlights: Vec::new(),
        }
    }

    /// The window with the highest score, `None` when no word matches.
    fn best_window(&mut self, body: &str) -> Option<Window> {
        if self.weights.is_empty() {
            return None;
        }
        let mut windows: Vec<Window> = Vec::new();
        let mut window = Window::at(0);
        self.for_each_word(body, |word, weight| {
            if word.end - window.start > SNIPPET_CHARS {
                let next = Window::at(word.start);
                let full = std::mem::replace(&mut window, next);
                if full.score > 0.0 {
                    windows.push(full);
                }
            }
            window.stop = word.end;
            if let Some(weight) = weight {
                window.score += weight;
                window.highlighted.push(word);
            }
        });
        if window.score > 0.0 {
            windows.push(window);
        }
        // Highest score; on equal scores the earliest window.
        windows.into_iter().reduce(
            |best, next| {
                if next.score > best.score {
                    next
                } else {
                    best
                }
            },
        )
    }

    /// Every matched word of the whole `text` (not one passage), as offsets
    /// in Unicode characters into `text`: for showing a full article.
    pub fn highlights(&mut self, text: &str) -> Vec<Highlight> {
        let mut matched = Vec::new();
        if !self.weights.is_empty() {
            self.for_each_word(text, |word, weight| {
                if weight.is_some() {
                    matched.push(word);
                }
            });
        }
        // Byte offsets to character offsets, counting as the ranges go by.
        let (mut byte, mut chars) = (0, 0);
        let mut to_chars = |offset: usize| {
            chars += text.get(byte..offset).map_or(0, |s| s.chars().count());
            byte = offset;
            chars
        };
        tantivy::snippet::collapse_overlapped_ranges(&matched)
            .into_iter()
            .map(|r| Highlight {
                start: to_chars(r.start),
                end: to_chars(r.end),
            })
            .collect()
    }

    /// Calls `f` with each word of `text` (its byte range) and the weight of
    /// the query term it stems to, if any.
    fn for_each_word(&mut self, text: &str, mut f: impl FnMut(Range<usize>, Option<f32>)) {
        let Snippeter {
            weights,
            prefixes,
            words,
            stemmer,
            seen,
        } = self;
        let mut tokens = words.token_stream(text);
        while let Some(token) = tokens.next() {
            let weight = word_weight(weights, prefixes, stemmer, seen, &token.text);
            f(token.offset_from..token.offset_to, weight);
        }
    }
}

/// The weight of the query term `word` (a folded word) stems to, `None`
/// when it stems to none; each distinct word is stemmed once per search.
fn word_weight(
    weights: &BTreeMap<String, f32>,
    prefixes: &Option<Vec<String>>,
    stemmer: &ItalianStemmer,
    seen: &mut HashMap<String, Option<f32>>,
    word: &str,
) -> Option<f32> {
    if let Some(prefixes) = prefixes {
        if !prefixes.iter().any(|p| word.starts_with(p.as_str())) {
            return None;
        }
    }
    if let Some(weight) = seen.get(word) {
        return *weight;
    }
    let stem = stemmer.stem(word);
    let weight = weights.get(stem.as_deref().unwrap_or(word)).copied();
    seen.insert(word.to_string(), weight);
    weight
}

/// Puts a passage on one line: every run of white space (paragraph breaks
/// included) becomes one space. Also returns, for each byte offset of the
/// input, the character offset it maps to in the output (one entry past the
/// end), so highlight ranges can follow.
fn one_line(text: &str) -> (String, Vec<usize>) {
    let mut line = String::with_capacity(text.len());
    let mut char_at = vec![0; text.len() + 1];
    let mut chars = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                line.push(' ');
                chars += 1;
            }
            in_space = true;
            // Every byte of the run maps to the one space that replaces it.
            char_at[i..i + c.len_utf8()].fill(chars - 1);
        } else {
            in_space = false;
            char_at[i..i + c.len_utf8()].fill(chars);
            line.push(c);
            chars += 1;
        }
    }
    char_at[text.len()] = chars;
    (line, char_at)
}

impl Snippet {
    /// The text with each highlight wrapped in `open` … `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut next = 0;
        let chars: Vec<char> = self.text.chars().collect();
        for h in &self.highlights {
            out.extend(&chars[next.min(chars.len())..h.start.min(chars.len())]);
            out.push_str(open);
            out.extend(&chars[h.start.min(chars.len())..h.end.min(chars.len())]);
            out.push_str(close);
            next = h.end;
        }
        out.extend(&chars[next.min(chars.len())..]);
        out
    }
}

#[cfg(test)]
mod tests {
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
        let stemmer = ItalianStemmer::new();
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
            let stem = stemmer.stem(word).unwrap_or_else(|| word.to_string());
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
}
