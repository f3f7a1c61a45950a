//! Printers for the terminal: the indexing summary, search hits with
//! highlighted snippets, person counts and single articles, and JSON. All
//! write to a `Write` and return its errors, so a closed pipe (`| head`)
//! ends the program quietly instead of panicking.
//!
//! Text from articles, file names and queries goes through
//! [`terminal_safe`] first: an article holding `ESC[2J` must not clear the
//! reader's screen. JSON needs no such care (serde escapes control
//! characters).

use std::borrow::Cow;
use std::io::{self, Write};

use rassegna::eval::persons::Score;
use rassegna::eval::search::SearchEvaluation;
use rassegna::index::{IndexReport, StoredArticle};
use rassegna::search::{PersonCount, SearchResults, Snippet};

/// One JSON document, indented, and a new line.
pub fn json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `text` with every character that a terminal would act on instead of
/// showing replaced by one visible character: C0 controls (but line feeds
/// and tabs) by their Control Pictures symbol (ESC → `␛`), DEL by `␡`, C1
/// controls and the bidirectional overrides (which reorder what is shown)
/// by `�`. One character for one, so highlight offsets stay right.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(shown_as).collect())
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn shown_as(c: char) -> char {
    match c {
        '\n' | '\t' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if needs_escape(c) => '\u{fffd}',
        c => c,
    }
}

/// A one-line field: [`terminal_safe`], and line breaks shown as `␊` too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| needs_escape(c) || c == '\n' || c == '\t')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\u{240a}',
                '\t' => ' ',
                c => shown_as(c),
            })
            .collect(),
    )
}

/// The snippet with its matches marked by `open`/`close`, its text made
/// [`terminal_safe`] (character for character, so the marks fall right).
fn marked_snippet(snippet: &Snippet, open: &str, close: &str) -> String {
    let safe = Snippet {
        text: one_line(&snippet.text).into_owned(),
        highlights: snippet.highlights.clone(),
    };
    safe.marked(open, close)
}

const BOLD_YELLOW: &str = "\x1b[1;33m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Markers around matched words when colour is off.
pub const PLAIN_OPEN: &str = "**";
pub const PLAIN_CLOSE: &str = "**";

/// How an indexing summary treats the files skipped or warned about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileList {
    /// Lists every one (`--verbose`, `--report`).
    Listed,
    /// Says how to list them (`rassegna index`).
    Hinted,
    /// Counts them only (where `rassegna index --verbose` is not the next step).
    Counted,
}

pub fn index_summary(
    out: &mut impl Write,
    report: &IndexReport,
    files: FileList,
) -> io::Result<()> {
    let (corpus, index) = (
        one_line(&report.corpus.display().to_string()).into_owned(),
        one_line(&report.index.display().to_string()).into_owned(),
    );
    if report.rebuilt {
        writeln!(
            out,
            "Indexed {} article{} ({}) from {corpus} into {index} in {:.2} s ({:.1} MB/s).",
            report.indexed,
            plural(report.indexed),
            size(report.bytes),
            report.elapsed_secs,
            report.megabytes_per_second(),
        )?;
    } else if report.committed {
        writeln!(
            out,
            "Updated {index} from {corpus} in {:.2} s: {} added, {} updated, {} removed, {} renamed, {} unchanged; {} article{} in the index.",
            report.elapsed_secs,
            report.added,
            report.updated,
            report.removed,
            report.renamed,
            report.unchanged,
            report.indexed,
            plural(report.indexed),
        )?;
    } else {
        writeln!(
            out,
            "{index} is up to date with {corpus} ({} article{}, {} file{} unchanged), checked in {:.2} s.",
            report.indexed,
            plural(report.indexed),
            report.unchanged,
            plural(report.unchanged),
            report.elapsed_secs,
        )?;
    }
    if !report.rebuilt && report.relinked > 0 {
        writeln!(
            out,
            "Re-linked {} other article{} whose persons' names now stand for another person.",
            report.relinked,
            plural(report.relinked)
        )?;
    }
    let counted = |counts: std::collections::BTreeMap<&str, usize>| {
        counts
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if report.skipped.is_empty() {
        writeln!(out, "Skipped: none.")?;
    } else {
        writeln!(
            out,
            "Skipped {} file{}: {}.",
            report.skipped.len(),
            plural(report.skipped.len()),
            counted(report.skipped_by_kind())
        )?;
    }
    if !report.warnings.is_empty() {
        writeln!(
            out,
            "Warnings on indexed articles: {}.",
            counted(report.warnings_by_kind())
        )?;
    }
    if report.ignored > 0 {
        writeln!(
            out,
            "Ignored {} file{} not named *.txt.",
            report.ignored,
            plural(report.ignored)
        )?;
    }
    if files == FileList::Listed {
        for problem in &report.skipped {
            writeln!(
                out,
                "  skipped  {}: {}",
                one_line(&problem.path.display().to_string()),
                one_line(&problem.message)
            )?;
        }
        for problem in &report.warnings {
            writeln!(
                out,
                "  warning  {}: {}",
                one_line(&problem.path.display().to_string()),
                one_line(&problem.message)
            )?;
        }
    } else if files == FileList::Hinted
        && (!report.skipped.is_empty() || !report.warnings.is_empty())
    {
        writeln!(
            out,
            "Run `rassegna index --verbose` to list the files concerned."
        )?;
    }
    Ok(())
}

pub fn search_results(
    out: &mut impl Write,
    results: &SearchResults,
    color: bool,
) -> io::Result<()> {
    let (open, close) = if color {
        (BOLD_YELLOW, RESET)
    } else {
        (PLAIN_OPEN, PLAIN_CLOSE)
    };
    let (dim, bold, reset) = if color {
        (DIM, BOLD, RESET)
    } else {
        ("", "", "")
    };
    notes(out, results)?;
    if results.total == 0 {
        return no_results(out, results);
    }
    let first = results.offset + 1;
    let last = results.offset + results.hits.len();
    let shown = if results.hits.is_empty() {
        format!("none shown from {first}")
    } else {
        format!("{first}–{last} shown")
    };
    writeln!(
        out,
        "{} article{} match{} ({shown}, {:.0} ms){}",
        results.total,
        plural(results.total),
        if results.total == 1 { "es" } else { "" },
        results.took_ms,
        if results.ignored_words.is_empty() {
            String::new()
        } else {
            format!(
                "; words not searched: {}",
                one_line(&results.ignored_words.join(", "))
            )
        }
    )?;
    for hit in &results.hits {
        let a = &hit.article;
        let date = a
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into());
        let mut meta = vec![date];
        if let Some(author) = &a.author {
            meta.push(one_line(author).into_owned());
        }
        meta.push(one_line(&a.id).into_owned());
        writeln!(out)?;
        writeln!(
            out,
            "{bold}{}.{reset} {dim}{}{reset}",
            hit.rank,
            meta.join(" · ")
        )?;
        writeln!(out, "   {bold}{}{reset}", one_line(&a.headline))?;
        writeln!(out, "   {}", marked_snippet(&hit.snippet, open, close))?;
        if !a.persons.is_empty() {
            writeln!(
                out,
                "   {dim}persons: {}{reset}",
                one_line(&a.persons.join(", "))
            )?;
        }
    }
    if last < results.total && !results.hits.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{dim}More: --offset {last} for the next {}.{reset}",
            results.limit.min(results.total - last)
        )?;
    }
    Ok(())
}

/// How the query was read, one `note:` line each, before the results.
fn notes(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    for note in &results.notes {
        writeln!(out, "note: {}", one_line(note))?;
    }
    Ok(())
}

/// Why nothing matched.
fn no_results(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    writeln!(
        out,
        "No results: {}.",
        one_line(results.explanation.as_deref().unwrap_or("nothing matches"))
    )
}

/// The persons of the articles `matching` found (a search's notes and, when
/// nothing matched, why, as `search` says them).
pub fn persons(
    out: &mut impl Write,
    matching: &SearchResults,
    persons: &[PersonCount],
) -> io::Result<()> {
    notes(out, matching)?;
    if matching.total == 0 {
        return no_results(out, matching);
    }
    if persons.is_empty() {
        writeln!(out, "No persons found in the matching articles.")?;
    }
    let width = persons
        .iter()
        .map(|p| p.articles.to_string().len())
        .max()
        .unwrap_or(1);
    for p in persons {
        if p.variants.is_empty() {
            writeln!(out, "{:>width$}  {}", p.articles, one_line(&p.name))?;
        } else {
            let variants: Vec<String> = p
                .variants
                .iter()
                .map(|v| format!("{} {}", one_line(&v.name), v.articles))
                .collect();
            writeln!(
                out,
                "{:>width$}  {}  (also written: {})",
                p.articles,
                one_line(&p.name),
                variants.join(", ")
            )?;
        }
    }
    Ok(())
}

pub fn article(out: &mut impl Write, a: &StoredArticle) -> io::Result<()> {
    writeln!(out, "id:       {}", one_line(&a.id))?;
    writeln!(out, "path:     {}", one_line(&a.path))?;
    writeln!(
        out,
        "date:     {}",
        a.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "(none)".into())
    )?;
    writeln!(
        out,
        "author:   {}",
        one_line(a.author.as_deref().unwrap_or("(none)"))
    )?;
    writeln!(
        out,
        "persons:  {}",
        if a.persons.is_empty() {
            "(none)".into()
        } else {
            one_line(&a.persons.join(", ")).into_owned()
        }
    )?;
    writeln!(out, "headline: {}", one_line(&a.headline))?;
    writeln!(out)?;
    writeln!(out, "{}", terminal_safe(&a.body))?;
    Ok(())
}

/// The metrics of `rassegna eval search`, one per line.
pub fn search_evaluation(out: &mut impl Write, evaluation: &SearchEvaluation) -> io::Result<()> {
    let m = &evaluation.metrics;
    writeln!(
        out,
        "{} judged quer{} ({:.1} s of searching)",
        m.queries,
        if m.queries == 1 { "y" } else { "ies" },
        evaluation.search_secs
    )?;
    for (name, value) in [
        ("MRR@10", m.mrr_at_10),
        ("Recall@1", m.recall_at_1),
        ("Recall@10", m.recall_at_10),
        ("Recall@100", m.recall_at_100),
        ("nDCG@10", m.ndcg_at_10),
    ] {
        writeln!(out, "{name:<11} {value:.4}")?;
    }
    Ok(())
}

/// Bytes in kB below a megabyte, in MB above (decimal units, as in MB/s).
fn size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The result of `rassegna eval persons`.
pub fn person_score(
    out: &mut impl Write,
    gold: &std::path::Path,
    sentences: usize,
    score: &Score,
) -> io::Result<()> {
    writeln!(
        out,
        "Persons (PER, exact boundaries) on {} ({sentences} sentence{}):",
        gold.display(),
        plural(sentences)
    )?;
    writeln!(out, "  precision {:.4}", score.precision)?;
    writeln!(out, "  recall    {:.4}", score.recall)?;
    writeln!(out, "  F1        {:.4}", score.f1)?;
    writeln!(
        out,
        "  tp {}  fp {}  fn {}  (gold {}, predicted {})",
        score.tp,
        score.fp,
        score.fn_,
        score.tp + score.fn_,
        score.tp + score.fp
    )
}
