//! Person extraction against gold labels: reads CoNLL-style files (`token<TAB>label`, BIO
//! labels, a blank line between sentences), groups sentences into articles, runs
//! [`PersonExtractor`] on them exactly as the indexer does, and scores the `PER` entities
//! entity by entity with exact boundaries (the CoNLL rule).

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use super::{line_error, read_text};
use crate::error::Result;
use crate::persons::bio::{self, Bio};
use crate::persons::{EntityKind, GoldEntity, LabelledArticle, PersonExtractor};

/// One gold sentence: its tokens and their labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub labels: Vec<String>,
    /// Line of the file where the sentence starts (1-based).
    pub line: usize,
}

/// Reads a CoNLL-style file.
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>> {
    let text = read_text(path)?;
    parse_conll(&text, path)
}

/// Parses CoNLL-style text; `path` is for error messages only.
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut current = Sentence {
        tokens: Vec::new(),
        labels: Vec::new(),
        line: 1,
    };
    let malformed = |line: usize, message: String| line_error(path, line, message);
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        tokens: Vec::new(),
                        labels: Vec::new(),
                        line: line_no + 1,
                    },
                ));
            } else {
                current.line = line_no + 1;
            }
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(token), Some(label)) = (fields.next(), fields.next()) else {
            return Err(malformed(
                line_no,
                "expected `token<TAB>label`, found no tab".into(),
            ));
        };
        let label = label.trim();
        let valid = label == "O"
            || label
                .split_once('-')
                .is_some_and(|(bio, kind)| matches!(bio, "B" | "I") && !kind.is_empty());
        if !valid {
            return Err(malformed(
                line_no,
                format!("label `{label}` is not O, B-TYPE or I-TYPE"),
            ));
        }
        if token.is_empty() || token.contains(char::is_whitespace) {
            return Err(malformed(
                line_no,
                format!("token `{token}` is empty or has spaces"),
            ));
        }
        current.tokens.push(token.to_string());
        current.labels.push(label.to_string());
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Groups sentences into articles: a title (a sentence without final punctuation) starts a
/// new article, so that the extractor sees what it would see in a real article.
pub fn articles(sentences: &[Sentence]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, s) in sentences.iter().enumerate() {
        if i > start && is_title(s) {
            out.push(start..i);
            start = i;
        }
    }
    if start < sentences.len() {
        out.push(start..sentences.len());
    }
    out
}

fn is_title(sentence: &Sentence) -> bool {
    !sentence.tokens.last().is_some_and(|t| {
        matches!(
            t.as_str(),
            "." | "!" | "?" | "…" | "..." | ":" | ";" | "»" | "\"" | ")" | "”"
        )
    })
}

/// The sentence as text (tokens joined by single spaces) and each token's byte range.
pub fn sentence_text(tokens: &[String]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(t);
        ranges.push(start..text.len());
    }
    (text, ranges)
}

/// Entities of one type in a BIO labelling, as token ranges, read by the extractor's one
/// rule ([`bio::spans`], CoNLL's): labels of other types are `O` for this one, so an `I-`
/// after anything but the same type opens an entity.
pub fn entities<S: AsRef<str>>(labels: &[S], kind: &str) -> Vec<Range<usize>> {
    let of_kind: Vec<Bio> = labels
        .iter()
        .map(|label| match label.as_ref().split_once('-') {
            Some(("B", k)) if k == kind => Bio::B,
            Some(("I", k)) if k == kind => Bio::I,
            _ => Bio::O,
        })
        .collect();
    bio::spans(&of_kind)
}

/// Exact-boundary counts and the figures made from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Score {
    /// Figures from counts; 0 where a denominator is 0.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            precision,
            recall,
            f1,
            tp,
            fp,
            fn_,
        }
    }
}

/// Scores predicted against gold entities, sentence by sentence: a predicted entity is a true
/// positive only if a gold entity has exactly its boundaries.
pub fn score<S: AsRef<str>, T: AsRef<str>>(gold: &[Vec<S>], predicted: &[Vec<T>]) -> Score {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (g, p) in gold.iter().zip(predicted) {
        let g = entities(g, "PER");
        let p = entities(p, "PER");
        let hits = p.iter().filter(|e| g.contains(e)).count();
        tp += hits;
        fp += p.len() - hits;
        fn_ += g.len() - hits;
    }
    Score::from_counts(tp, fp, fn_)
}

/// The predicted `PER` labels of every sentence, by the extractor run on whole articles.
pub fn predict(extractor: &PersonExtractor, sentences: &[Sentence]) -> Vec<Vec<&'static str>> {
    let mut predicted: Vec<Vec<&'static str>> = sentences
        .iter()
        .map(|s| vec!["O"; s.tokens.len()])
        .collect();
    for article in articles(sentences) {
        let (texts, ranges): (Vec<String>, Vec<Vec<Range<usize>>>) = sentences[article.clone()]
            .iter()
            .map(|s| sentence_text(&s.tokens))
            .unzip();
        let extraction = extractor.mentions(&texts, None);
        for mention in extraction.mentions {
            let Some(labels) = predicted.get_mut(article.start + mention.paragraph) else {
                continue;
            };
            let Some(token_ranges) = ranges.get(mention.paragraph) else {
                continue;
            };
            let mut first = true;
            for (k, r) in token_ranges.iter().enumerate() {
                if r.start < mention.range.end && r.end > mention.range.start {
                    labels[k] = if first { "B-PER" } else { "I-PER" };
                    first = false;
                }
            }
        }
    }
    predicted
}

/// Gold `PER` labels, other types mapped to `O`.
pub fn gold_persons(sentence: &Sentence) -> Vec<&str> {
    sentence
        .labels
        .iter()
        .map(|l| match l.as_str() {
            "B-PER" | "I-PER" => l.as_str(),
            _ => "O",
        })
        .collect()
}

/// Scores the extractor on gold sentences; returns the score and the predicted labels.
pub fn evaluate(
    extractor: &PersonExtractor,
    sentences: &[Sentence],
) -> (Score, Vec<Vec<&'static str>>) {
    let predicted = predict(extractor, sentences);
    let gold: Vec<Vec<&str>> = sentences.iter().map(gold_persons).collect();
    (score(&gold, &predicted), predicted)
}

/// Writes `token<TAB>gold<TAB>predicted` for every token, a blank line between sentences.
pub fn write_predictions<S: AsRef<str>>(
    out: &mut impl Write,
    sentences: &[Sentence],
    predicted: &[Vec<S>],
) -> io::Result<()> {
    for (i, (sentence, labels)) in sentences.iter().zip(predicted).enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for ((token, gold), p) in sentence
            .tokens
            .iter()
            .zip(gold_persons(sentence))
            .zip(labels)
        {
            writeln!(out, "{token}\t{gold}\t{}", p.as_ref())?;
        }
    }
    Ok(())
}

/// Articles with their gold entities, to train the tagger on (see `examples/train_persons.rs`).
pub fn labelled_articles(sentences: &[Sentence]) -> Vec<LabelledArticle> {
    articles(sentences)
        .into_iter()
        .map(|range| {
            let mut article = LabelledArticle::default();
            for (p, s) in sentences[range].iter().enumerate() {
                let (text, token_ranges) = sentence_text(&s.tokens);
                for kind in ["PER", "LOC", "ORG"] {
                    for e in entities(&s.labels, kind) {
                        let (Some(first), Some(last)) =
                            (token_ranges.get(e.start), token_ranges.get(e.end - 1))
                        else {
                            continue;
                        };
                        article.entities.push(GoldEntity {
                            paragraph: p,
                            range: first.start..last.end,
                            kind: match kind {
                                "PER" => EntityKind::Person,
                                "LOC" => EntityKind::Place,
                                _ => EntityKind::Organisation,
                            },
                        });
                    }
                }
                article.paragraphs.push(text);
            }
            article
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Sentence>> {
        parse_conll(text, Path::new("gold.tsv"))
    }

    #[test]
    fn reads_sentences_and_lines() {
        let s = parse("Il\tO\nsindaco\tO\nMario\tB-PER\nRossi\tI-PER\n.\tO\n\n\nTitolo\tO\n")
            .expect("valid");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["Il", "sindaco", "Mario", "Rossi", "."]);
        assert_eq!(s[0].labels[2], "B-PER");
        assert_eq!(s[0].line, 1);
        assert_eq!(s[1].line, 8);
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let err = parse("Il\tO\nsindaco O\n").expect_err("no tab");
        let message = err.to_string();
        assert!(
            message.contains("gold.tsv") && message.contains("line 2"),
            "{message}"
        );
        let err = parse("Il\tX-PER\n").expect_err("bad label");
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn titles_start_articles() {
        let s =
            parse("Titolo\tO\nuno\tO\n\nFrase\tO\n.\tO\n\nAltro\tO\ntitolo\tO\n\nFine\tO\n!\tO\n")
                .expect("valid");
        assert_eq!(articles(&s), [0..2, 2..4]);
    }

    #[test]
    fn conll_entities() {
        let labels = ["B-PER", "I-PER", "O", "I-PER", "B-PER", "B-LOC", "I-PER"];
        assert_eq!(entities(&labels, "PER"), [0..2, 3..4, 4..5, 6..7]);
        assert_eq!(entities(&labels, "LOC"), vec![5..6]);
    }

    #[test]
    fn exact_boundaries() {
        let gold = vec![
            vec!["B-PER", "I-PER", "O", "B-PER"],
            vec!["O", "B-PER", "I-PER", "I-PER"],
        ];
        let predicted = vec![
            // One exact match, one missed.
            vec!["B-PER", "I-PER", "O", "O"],
            // Boundary mismatch: a false positive and a false negative.
            vec!["O", "B-PER", "I-PER", "O"],
        ];
        let s = score(&gold, &predicted);
        assert_eq!((s.tp, s.fp, s.fn_), (1, 1, 2));
        assert!((s.precision - 0.5).abs() < 1e-9);
        assert!((s.recall - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.f1 - 0.4).abs() < 1e-9);
        assert_eq!(Score::from_counts(0, 0, 0).f1, 0.0);
    }

    #[test]
    fn sentence_text_keeps_token_ranges() {
        let tokens: Vec<String> = ["Kim", "Jong", "Un", "."].map(String::from).into();
        let (text, ranges) = sentence_text(&tokens);
        assert_eq!(text, "Kim Jong Un .");
        assert_eq!(&text[ranges[2].clone()], "Un");
    }

    #[test]
    fn predictions_map_back_to_tokens() {
        let s =
            parse("Il\tO\nsindaco\tO\nGiulia\tB-PER\nFerretti\tI-PER\nha\tO\nparlato\tO\n.\tO\n")
                .expect("valid");
        let (score, predicted) = evaluate(&PersonExtractor::new(), &s);
        assert_eq!(predicted[0][2..4], ["B-PER", "I-PER"]);
        assert_eq!((score.tp, score.fp, score.fn_), (1, 0, 0));
        let mut out = Vec::new();
        write_predictions(&mut out, &s, &predicted).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text.lines().count(), 7);
        assert!(text.contains("Giulia\tB-PER\tB-PER\n"));
    }
}
