//! Snippets: the passage of an article that best matches a query, with the
//! matched words marked. Matching uses the same Italian analyzer as the
//! index, so `incontro` highlights `incontrato`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, Term};

use crate::analysis;
use crate::article::{cut_at_word, strip_dateline};

/// About two lines of a terminal.
pub const SNIPPET_CHARS: usize = 200;

/// A passage of an article with highlighted ranges.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
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
pub struct Snippeter {
    generator: Option<SnippetGenerator>,
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
        let generator = (!weights.is_empty()).then(|| {
            SnippetGenerator::new(weights, analysis::italian_analyzer(), body, SNIPPET_CHARS)
        });
        Snippeter { generator }
    }

    /// The best passage of `body`, or its opening when nothing matches.
    pub fn snippet(&self, body: &str) -> Snippet {
        if let Some(generator) = &self.generator {
            let found = generator.snippet(body);
            if !found.highlighted().is_empty() {
                let range = found.fragment_range();
                let fragment = found.fragment();
                let mut text = String::new();
                let mut shift = 0;
                if range.start > 0 {
                    text.push('…');
                    shift = 1;
                }
                text.push_str(&one_line(fragment));
                let highlights = merge(found.highlighted())
                    .into_iter()
                    .filter(|r| r.end <= fragment.len())
                    .map(|r| Highlight {
                        start: shift + fragment[..r.start].chars().count(),
                        end: shift + fragment[..r.end].chars().count(),
                    })
                    .collect();
                if range.end < body.trim_end().len() {
                    text.push('…');
                }
                return Snippet { text, highlights };
            }
        }
        Snippet {
            text: cut_at_word(&one_line(strip_dateline(body)), SNIPPET_CHARS),
            highlights: Vec::new(),
        }
    }
}

/// Paragraph breaks become spaces (same byte length, so offsets hold).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

fn merge(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    tantivy::snippet::collapse_overlapped_ranges(ranges)
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
