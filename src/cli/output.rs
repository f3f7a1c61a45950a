//! Printers for the terminal: the indexing summary, search hits with
//! highlighted snippets, person counts and single articles. All write to a
//! `Write` and return its errors, so a closed pipe (`| head`) ends the
//! program quietly instead of panicking.

use std::io::{self, Write};

use rassegna::eval::persons::Score;
use rassegna::eval::search::SearchEvaluation;
use rassegna::index::{IndexReport, StoredArticle};
use rassegna::search::{PersonCount, SearchResults};

const BOLD_YELLOW: &str = "\x1b[1;33m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Markers around matched words when colour is off.
pub const PLAIN_OPEN: &str = "**";
pub const PLAIN_CLOSE: &str = "**";

pub fn index_summary(
    out: &mut impl Write,
    report: &IndexReport,
    list_files: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "Indexed {} article{} ({}) from {} into {} in {:.2} s ({:.1} MB/s).",
        report.indexed,
        plural(report.indexed),
        size(report.bytes),
        report.corpus.display(),
        report.index.display(),
        report.elapsed_secs,
        report.megabytes_per_second(),
    )?;
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
    if list_files {
        for problem in &report.skipped {
            writeln!(
                out,
                "  skipped  {}: {}",
                problem.path.display(),
                problem.message
            )?;
        }
        for problem in &report.warnings {
            writeln!(
                out,
                "  warning  {}: {}",
                problem.path.display(),
                problem.message
            )?;
        }
    } else if !report.skipped.is_empty() || !report.warnings.is_empty() {
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
    if results.total == 0 {
        writeln!(
            out,
            "No results: {}.",
            results.explanation.as_deref().unwrap_or("nothing matches")
        )?;
        return Ok(());
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
                "; ignored common words: {}",
                results.ignored_words.join(", ")
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
            meta.push(author.clone());
        }
        meta.push(a.id.clone());
        writeln!(out)?;
        writeln!(
            out,
            "{bold}{}.{reset} {dim}{}{reset}",
            hit.rank,
            meta.join(" · ")
        )?;
        writeln!(out, "   {bold}{}{reset}", a.headline)?;
        writeln!(out, "   {}", hit.snippet.marked(open, close))?;
        if !a.persons.is_empty() {
            writeln!(out, "   {dim}persons: {}{reset}", a.persons.join(", "))?;
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

pub fn persons(out: &mut impl Write, persons: &[PersonCount]) -> io::Result<()> {
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
            writeln!(out, "{:>width$}  {}", p.articles, p.name)?;
        } else {
            let variants: Vec<String> = p
                .variants
                .iter()
                .map(|v| format!("{} {}", v.name, v.articles))
                .collect();
            writeln!(
                out,
                "{:>width$}  {}  (also written: {})",
                p.articles,
                p.name,
                variants.join(", ")
            )?;
        }
    }
    Ok(())
}

pub fn article(out: &mut impl Write, a: &StoredArticle) -> io::Result<()> {
    writeln!(out, "id:       {}", a.id)?;
    writeln!(out, "path:     {}", a.path)?;
    writeln!(
        out,
        "date:     {}",
        a.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "(none)".into())
    )?;
    writeln!(out, "author:   {}", a.author.as_deref().unwrap_or("(none)"))?;
    writeln!(
        out,
        "persons:  {}",
        if a.persons.is_empty() {
            "(none)".into()
        } else {
            a.persons.join(", ")
        }
    )?;
    writeln!(out, "headline: {}", a.headline)?;
    writeln!(out)?;
    writeln!(out, "{}", a.body)?;
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
