//! The command-line front end: runs the commands parsed by [`args`] against
//! the library and prints the results with [`output`]. Everything a user
//! sees on the terminal is decided here, nothing about search itself.

pub mod args;
pub mod output;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use args::{
    Cli, ColorArg, Command, EvalCommand, EvalCorpusArgs, EvalPersonsArgs, EvalSearchArgs,
    EvalSnippetsArgs, FilterArgs, Location, SortArg,
};
use output::FileList;
use rassegna::error::{Error, ErrorReport};
use rassegna::eval;
use rassegna::eval::search::{IndexOrigin, SearchEvalOptions, RUN_TAG};
use rassegna::index::open::{folder, other_corpus};
use rassegna::index::watch::{watch, DEFAULT_QUIET};
use rassegna::index::{
    build_index, open_or_build, rebuild_index, update_index, ArticleIndex, BuildObserver,
    BuildReason, FileProblem, IndexReport, OpenObserver, Start,
};
use rassegna::persons::PersonExtractor;
use rassegna::search::{self, FacetRequest, Filters, Mode, SearchRequest, Sort, Syntax};

/// What the process should exit with after a command that did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; for a search, something matched.
    Success,
    /// A search that matched nothing (like grep: status 1).
    NothingFound,
}

/// Prints an error of a command: `error: …` on standard error, or, when
/// the command asked for JSON, the [`ErrorReport`] on standard output.
pub fn print_error(error: &anyhow::Error, json: bool) {
    let message = format!("{error:#}");
    if json {
        let report = ErrorReport::new(error_kind(error), message);
        // Nothing more can be said if standard output is gone too.
        let _ = output::json(&mut std::io::stdout().lock(), &report);
    } else {
        eprintln!("error: {}", output::terminal_safe(&message));
    }
}

/// The kind of a command's error: the library's [`Error::kind`] when it
/// came from the library, `io` for the front end's own reading and writing.
fn error_kind(error: &anyhow::Error) -> &'static str {
    error
        .chain()
        .find_map(|cause| cause.downcast_ref::<Error>().map(Error::kind))
        .unwrap_or("io")
}

/// A command line clap refused: help and version as clap prints them; an
/// error as clap prints it (exit status 2), or as an [`ErrorReport`] of kind
/// `usage` when the arguments ask for `--json`.
pub fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let asks_json = std::env::args_os().any(|arg| arg == "--json");
    if !asks_json
        || matches!(
            error.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        error.exit();
    }
    let rendered = error.render().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let message = first.strip_prefix("error: ").unwrap_or(first);
    let report = ErrorReport::new("usage", format!("{message} (see --help)"));
    let _ = output::json(&mut std::io::stdout().lock(), &report);
    ExitCode::from(2)
}

/// Keeps glibc's allocator from holding freed memory as the index grows.
/// By default glibc raises its threshold for serving large blocks with
/// `mmap` each time such a block is freed, so after the index writer's first
/// flush its megabyte-sized arena blocks come from the heap, where they
/// fragment: building DICE x50 peaked 480–600 MiB instead of about 350
/// (docs/BENCHMARKS.md). A fixed threshold keeps large blocks mapped and
/// returned to the system when freed. Other platforms' allocators are left
/// alone.
pub fn bound_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets allocator parameters; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
    }
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => {
            let index_dir = args.location.index_dir();
            let corpus = args.location.corpus_dir();
            // An index of another version is replaced as before: this
            // rassegna cannot read its articles anyway.
            if !args.force && ArticleIndex::open(&index_dir).is_ok() {
                if let Some(recorded) = other_corpus(&index_dir, &corpus) {
                    return Err(Error::OtherCorpus {
                        dir: index_dir,
                        recorded,
                        corpus,
                        remedy: "Rebuilding it from this corpus would replace all of its articles: add --force to do so, or choose another folder with --index".into(),
                    }
                    .into());
                }
            }
            let start = if args.rebuild {
                Start::Rebuild
            } else {
                Start::Update
            };
            if args.watch {
                return watch_corpus(&corpus, &index_dir, start, args.verbose);
            }
            let report = build_with_progress(&corpus, &index_dir, start, args.verbose, !args.json)?;
            if let Some(path) = &args.report {
                let json = serde_json::to_string_pretty(&report)?;
                std::fs::write(path, json)
                    .with_context(|| format!("cannot write the report to {}", path.display()))?;
            }
            let mut out = std::io::stdout().lock();
            if args.json {
                output::json(&mut out, &report)?;
            } else {
                let files = if args.verbose || args.report.is_some() {
                    FileList::Listed
                } else {
                    FileList::Hinted
                };
                output::index_summary(&mut out, &report, files)?;
            }
            Ok(Outcome::Success)
        }
        Command::Search(args) => {
            let index = open_index(&args.location)?;
            let request = SearchRequest {
                query: args.query.join(" "),
                mode: if args.any { Mode::Any } else { Mode::All },
                syntax: if args.plain {
                    Syntax::PlainText
                } else {
                    Syntax::QueryLanguage
                },
                filters: filters(&args.filters)?,
                sort: match args.sort {
                    SortArg::Relevance => Sort::Relevance,
                    SortArg::Date => Sort::Date,
                },
                limit: usize::try_from(args.limit).unwrap_or(usize::MAX),
                offset: args.offset,
                skip_snippets: false,
            };
            let results = index.guarded(|| search::search(&index, &request))?;
            let mut out = std::io::stdout().lock();
            if args.json {
                output::json(&mut out, &results)?;
            } else {
                let color = match args.color {
                    ColorArg::Always => true,
                    ColorArg::Never => false,
                    ColorArg::Auto => {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                };
                output::search_results(&mut out, &results, color)?;
            }
            Ok(found(results.total))
        }
        Command::Persons(args) => {
            let index = open_index(&args.location)?;
            let filters = filters(&args.filters)?;
            // The articles the persons are counted over, as `search` finds
            // them (its notes, and why nothing matches when nothing does),
            // counted in the same pass.
            let request = SearchRequest {
                query: args.query.clone(),
                filters,
                limit: 1,
                skip_snippets: true,
                ..SearchRequest::default()
            };
            let persons_wanted = FacetRequest {
                persons: args.limit,
                ..FacetRequest::default()
            };
            let (matching, counts) =
                index.guarded(|| search::search_with_facets(&index, &request, &persons_wanted))?;
            let persons = counts.persons.unwrap_or_default();
            let mut out = std::io::stdout().lock();
            if args.json {
                // The JSON stays a plain list; notes go where a script's
                // reader still sees them.
                for note in &matching.notes {
                    eprintln!("note: {}", output::terminal_safe(note));
                }
                output::json(&mut out, &persons)?;
            } else {
                output::persons(&mut out, &matching, &persons)?;
            }
            Ok(found(matching.total))
        }
        Command::Show(args) => {
            let index = open_index(&args.location)?;
            let article = index.guarded(|| index.article(&args.id))?;
            let mut out = std::io::stdout().lock();
            if args.json {
                output::json(&mut out, &article.with_body())?;
            } else {
                output::article(&mut out, &article)?;
            }
            Ok(Outcome::Success)
        }
        Command::Serve(args) => {
            let index = open_index(&args.location)?;
            crate::server::serve(index, args.addr)?;
            Ok(Outcome::Success)
        }
        Command::Eval(args) => match args.what {
            EvalCommand::Persons(args) => eval_persons(&args),
            EvalCommand::Search(args) => eval_search(&args),
            EvalCommand::Names(args) => eval_names(&args),
            EvalCommand::Snippets(args) => eval_snippets(&args),
        },
    }
}

/// A search's outcome: something matched, or nothing did.
fn found(total: usize) -> Outcome {
    if total == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    }
}

/// `rassegna eval persons`: scores the indexer's extractor on a gold file.
fn eval_persons(args: &EvalPersonsArgs) -> Result<Outcome> {
    let sentences = eval::persons::read_conll(&args.gold)?;
    let extractor = if args.rules_only {
        PersonExtractor::rules_only()
    } else {
        PersonExtractor::new()
    };
    let (score, predicted) = eval::persons::evaluate(&extractor, &sentences);
    if let Some(path) = &args.predictions {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut writer = std::io::BufWriter::new(file);
        eval::persons::write_predictions(&mut writer, &sentences, &predicted)
            .and_then(|()| writer.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json(&mut out, &score)?;
    } else {
        output::person_score(&mut out, &args.gold, sentences.len(), &score)?;
    }
    Ok(Outcome::Success)
}

/// `rassegna eval search`: the metrics on standard output, what happened
/// to the corpus (one summary line, not a warning per file) on standard error.
fn eval_search(args: &EvalSearchArgs) -> Result<Outcome> {
    let options = SearchEvalOptions {
        corpus: args.corpus.clone(),
        queries: args.queries.clone(),
        qrels: args.qrels.clone(),
        mode: if args.any { Mode::Any } else { Mode::All },
        index: args.index.clone(),
    };
    let evaluation = eval::search::evaluate(&options)?;
    report_origin(&evaluation.index)?;
    let mut err = std::io::stderr().lock();
    if evaluation.unjudged > 0 {
        writeln!(
            err,
            "{} quer{} without judgements in {} not scored.",
            evaluation.unjudged,
            if evaluation.unjudged == 1 { "y" } else { "ies" },
            args.qrels.display()
        )?;
    }
    if let Some(path) = &args.run {
        eval::search::write_run(path, &evaluation.run, RUN_TAG)?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json(&mut out, &evaluation.metrics)?;
    } else {
        output::search_evaluation(&mut out, &evaluation)?;
    }
    Ok(Outcome::Success)
}

/// `rassegna eval names`: proper nouns searched as one word.
fn eval_names(args: &EvalCorpusArgs) -> Result<Outcome> {
    let evaluation = eval::names::evaluate(&eval::names::NamesEvalOptions {
        corpus: args.corpus.clone(),
        index: args.index.clone(),
    })?;
    report_origin(&evaluation.index)?;
    print_evaluation(&evaluation, args.json)
}

/// `rassegna eval snippets`: do the top snippets show the words searched.
fn eval_snippets(args: &EvalSnippetsArgs) -> Result<Outcome> {
    let evaluation = eval::snippets::evaluate(&eval::snippets::SnippetEvalOptions {
        corpus: args.corpus.corpus.clone(),
        queries: args.queries.clone(),
        index: args.corpus.index.clone(),
    })?;
    report_origin(&evaluation.index)?;
    print_evaluation(&evaluation, args.corpus.json)
}

/// What happened to the corpus of an evaluation, on standard error.
fn report_origin(origin: &IndexOrigin) -> Result<()> {
    let mut err = std::io::stderr().lock();
    match origin {
        IndexOrigin::Built(report) => output::index_summary(&mut err, report, FileList::Counted)?,
        IndexOrigin::Reused(dir) => writeln!(err, "Using the existing index in {}.", folder(dir))?,
    }
    Ok(())
}

/// An evaluation's figures on standard output, as a table or as JSON.
fn print_evaluation<T: serde::Serialize + std::fmt::Display>(
    evaluation: &T,
    json: bool,
) -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, evaluation)?;
        writeln!(out)?;
    } else {
        write!(out, "{evaluation}")?;
    }
    Ok(Outcome::Success)
}

fn filters(args: &FilterArgs) -> Result<Filters, Error> {
    Filters::new(
        args.from.as_deref(),
        args.to.as_deref(),
        args.person.clone(),
        args.author.clone(),
    )
}

/// Opens the index, building it from the corpus first when there is none
/// yet (the first `rassegna search` on a fresh clone), saying so on
/// standard error: the library's policy ([`open_or_build`]) with the
/// terminal's progress bar and summary.
fn open_index(location: &Location) -> Result<ArticleIndex> {
    let observer = CliObserver::new(false, true);
    let index = open_or_build(&location.resolve(), &observer)?;
    observer.bar.finish_and_clear();
    Ok(index)
}

/// Builds or updates the index with a progress bar on a terminal and
/// warnings on standard error as they come (the first [`WARNINGS_SHOWN`]
/// unless verbose).
fn build_with_progress(
    corpus: &Path,
    index_dir: &Path,
    start: Start,
    verbose: bool,
    show_warnings: bool,
) -> Result<IndexReport> {
    let observer = CliObserver::new(verbose, show_warnings);
    let built = match start {
        Start::Update => update_index(corpus, index_dir, &observer),
        Start::Fresh => build_index(corpus, index_dir, &observer),
        Start::Rebuild => rebuild_index(corpus, index_dir, &observer),
    };
    // The progress bar goes before the error is printed.
    observer.bar.finish_and_clear();
    let report = built?;
    observer.report_hidden_warnings();
    Ok(report)
}

/// `rassegna index --watch`: indexes, then updates after each burst of
/// changes, printing each update's summary, until interrupted.
fn watch_corpus(corpus: &Path, index_dir: &Path, start: Start, verbose: bool) -> Result<Outcome> {
    let observer = CliObserver::new(verbose, true);
    let mut first = true;
    let mut updated = |report: rassegna::error::Result<IndexReport>| {
        observer.bar.finish_and_clear();
        let mut out = std::io::stdout().lock();
        match report {
            // Only what changed is worth a line once watching.
            Ok(report) if first || report.committed => {
                let files = if verbose {
                    FileList::Listed
                } else {
                    FileList::Counted
                };
                let _ = output::index_summary(&mut out, &report, files);
            }
            Ok(_) => {}
            Err(error) => {
                eprintln!("error: {error} (the index keeps its last update; watching goes on)")
            }
        }
        if first {
            let _ = writeln!(
                out,
                "Watching {} for changes (Ctrl-C to stop).",
                output::one_line(&corpus.display().to_string())
            );
            first = false;
        }
        let _ = out.flush();
        std::ops::ControlFlow::Continue(())
    };
    watch(
        corpus,
        index_dir,
        start,
        DEFAULT_QUIET,
        &observer,
        &mut updated,
    )?;
    Ok(Outcome::Success)
}

const WARNINGS_SHOWN: usize = 20;

struct CliObserver {
    bar: ProgressBar,
    shown: AtomicUsize,
    verbose: bool,
    show_warnings: bool,
}

impl CliObserver {
    fn new(verbose: bool, show_warnings: bool) -> CliObserver {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40.cyan/blue} {pos}/{len} articles  {per_sec}  {msg}",
        ) {
            bar.set_style(style);
        }
        CliObserver {
            bar,
            shown: AtomicUsize::new(0),
            verbose,
            show_warnings,
        }
    }
}

impl CliObserver {
    /// Says how many warnings were not printed, and how to see them.
    fn report_hidden_warnings(&self) {
        let hidden = self
            .shown
            .load(Ordering::Relaxed)
            .saturating_sub(WARNINGS_SHOWN);
        if self.show_warnings && !self.verbose && hidden > 0 {
            eprintln!(
                "… and {hidden} more; run with --verbose (or --report FILE) to list them all."
            );
        }
    }
}

impl OpenObserver for CliObserver {
    fn building(&self, reason: &BuildReason) {
        eprintln!("{reason}");
    }

    fn built(&self, report: &IndexReport) {
        self.bar.finish_and_clear();
        self.report_hidden_warnings();
        // The summary goes where the progress went: standard error, so that
        // standard output holds only the answer.
        let _ = output::index_summary(&mut std::io::stderr().lock(), report, FileList::Hinted);
    }
}

impl BuildObserver for CliObserver {
    fn started(&self, files: u64) {
        self.bar.set_length(files);
    }

    fn file_done(&self, problems: &[FileProblem]) {
        self.bar.inc(1);
        if !self.show_warnings {
            return;
        }
        for problem in problems {
            let seen = self.shown.fetch_add(1, Ordering::Relaxed);
            if self.verbose || seen < WARNINGS_SHOWN {
                self.bar.suspend(|| {
                    eprintln!(
                        "warning: {}: {}",
                        output::one_line(&problem.path.display().to_string()),
                        output::one_line(&problem.message)
                    )
                });
            }
        }
    }

    fn indexing(&self) {
        self.bar.set_message("indexing");
    }

    fn committing(&self) {
        self.bar.set_message("committing");
    }

    fn merging(&self) {
        self.bar.set_message("merging segments");
    }
}
