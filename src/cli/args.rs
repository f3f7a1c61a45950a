//! Command-line arguments, defined once with their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rassegna::index::IndexLocation;
use rassegna::search::MAX_LIMIT;

/// Full-text search for archives of Italian news articles.
///
/// rassegna indexes a folder of articles (one text file each, first line
/// `date YYYY-MM-DD` followed by the text) with Italian text analysis and
/// finds the persons they mention; then it answers searches with ranked,
/// highlighted results, filtered by date, person and author.
#[derive(Debug, Parser)]
#[command(name = "rassegna", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from a folder of articles, or bring it up to date.
    ///
    /// On an index of the same folder, only what changed is read: new files
    /// are added, changed ones indexed again, deleted ones removed, renamed
    /// ones moved, in one commit (searches see the index before or after it,
    /// never half of it).
    Index(IndexArgs),
    /// Search the index: ranked articles with highlighted passages.
    ///
    /// Query syntax: all words must match (use --any for any); "exact phrase";
    /// -word or NOT word to exclude; OR; (groups); prefix*; person:name,
    /// person:"Kim Jong Un", author:name. An empty query or * matches all.
    /// Several arguments are one query: `rassegna search rapina carpi`.
    /// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
    Search(SearchArgs),
    /// Persons mentioned in the (matching) articles, by number of articles.
    Persons(PersonsArgs),
    /// Show one article with its metadata and persons.
    Show(ShowArgs),
    /// Measure quality against judged data: person extraction, search relevance.
    Eval(EvalArgs),
    /// Serve the HTTP API and the search page (http://127.0.0.1:7700/ by default).
    Serve(ServeArgs),
}

/// Where the index and the corpus are.
#[derive(Debug, Args, Clone)]
pub struct Location {
    /// Index folder [default: index]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Corpus folder, read to build the index when there is none yet [default: corpus]
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

pub const DEFAULT_INDEX: &str = "index";
pub const DEFAULT_CORPUS: &str = "corpus";

impl Location {
    pub fn index_dir(&self) -> PathBuf {
        self.index
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
    }

    pub fn corpus_dir(&self) -> PathBuf {
        self.corpus
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS))
    }

    /// The folders with the defaults filled in, and which the user named.
    pub fn resolve(&self) -> IndexLocation {
        IndexLocation {
            index: self.index_dir(),
            corpus: self.corpus_dir(),
            index_named: self.index.is_some(),
            corpus_named: self.corpus.is_some(),
        }
    }
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub location: Location,
    /// List every file skipped or warned about (by default the first 20 are shown).
    #[arg(short, long)]
    pub verbose: bool,
    /// Also write the full report (every file skipped or warned about) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print the report as JSON on standard output instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Replace an index that was built from another corpus folder.
    #[arg(long)]
    pub force: bool,
    /// Build the index from scratch instead of updating it, also over a
    /// damaged one (whose files are deleted first).
    #[arg(long)]
    pub rebuild: bool,
    /// Keep the index current: after indexing, watch the folder and update
    /// the index after each burst of changes (one commit per burst), until
    /// interrupted. Holds the index's writer lock meanwhile.
    #[arg(long, conflicts_with_all = ["json", "report"])]
    pub watch: bool,
}

/// Filters shared by `search` and `persons`.
#[derive(Debug, Args, Clone)]
pub struct FilterArgs {
    /// Only articles dated on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD (2025-10 = from 1 October).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles dated on or before DATE: YYYY, YYYY-MM or YYYY-MM-DD (2025-10 = up to 31 October).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles mentioning a person whose name contains NAME (case and accents ignored); repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only articles whose byline contains NAME.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first (BM25)
    Relevance,
    /// Newest first
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, e.g. putin, "ministro degli esteri", 'alluvione -calcio', incontr*; several
    /// arguments are joined with spaces into one query. A word starting with - is an option
    /// to the shell's eye: quote the query, or put it after -- (rassegna search -- -calcio).
    // Not `allow_hyphen_values`: on a list of values it would swallow the
    // options that follow (`rapina carpi --limit 1`, clap issue 4283).
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of the results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Number of results to show (at most 10,000).
    #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=MAX_LIMIT as u64))]
    pub limit: u64,
    /// Results to skip before the first shown (for paging; offset + limit at most 100,000).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Any word may match instead of all (for natural-language questions).
    #[arg(long)]
    pub any: bool,
    /// Read the query as plain words, with no operators: quotes, brackets, -, *, : and OR are
    /// text, never a syntax error (for pasted questions: --any --plain).
    #[arg(long)]
    pub plain: bool,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// When to highlight with colours; without colour, matches are marked **like this**.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    #[command(flatten)]
    pub location: Location,
}

#[derive(Debug, Args)]
pub struct PersonsArgs {
    /// Count only in the articles matching this query (same syntax as search).
    #[arg(
        short,
        long,
        value_name = "QUERY",
        default_value = "",
        allow_hyphen_values = true
    )]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of persons to list.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub location: Location,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article id: its path relative to the corpus, as printed by search.
    pub id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub location: Location,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Person extraction against gold labels
    Persons(EvalPersonsArgs),
    /// Search relevance against judged queries
    ///
    /// Indexes the corpus with the normal indexer (into a temporary folder
    /// unless --index is given), runs every query as plain text (no query
    /// syntax) with the normal search, top 100, and prints MRR@10, Recall@1,
    /// Recall@10, Recall@100 and nDCG@10 averaged over the judged queries.
    /// A query with no hit scores 0.
    Search(EvalSearchArgs),
    /// Towns and surnames searched as one word: precision of the top 10 and inflation
    ///
    /// For every one-word town (ISTAT list) and surname (last word of a person name the indexer
    /// found) written capitalised at least 90% of the time in at least 5 articles: the share of
    /// the top 10 hits whose text contains the word, and hits / articles containing it.
    Names(EvalCorpusArgs),
    /// Whether the top 10 snippets highlight every word searched
    ///
    /// Runs `kind<TAB>query` lines as `rassegna search` does (kind `person` as a phrase) and
    /// counts the snippets that highlight every non-stop word of their query (or a word of the
    /// same stem).
    Snippets(EvalSnippetsArgs),
}

/// The corpus and index of an evaluation that needs nothing else.
#[derive(Debug, Args)]
pub struct EvalCorpusArgs {
    /// Folder of articles, indexed with the normal indexer unless --index holds an index.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Index folder: used as it is if it already holds an index of the same corpus (one of another corpus is refused), built into if it holds none.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `eval snippets`: a corpus, its index and the queries.
#[derive(Debug, Args)]
pub struct EvalSnippetsArgs {
    #[command(flatten)]
    pub corpus: EvalCorpusArgs,
    /// Queries, one `kind<TAB>query` per line (as ../shared/data/dice-queries.tsv).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
}

/// Runs the indexer's person extractor on CoNLL-style gold data and scores PER entities with
/// exact boundaries (precision, recall, F1).
#[derive(Debug, Args)]
pub struct EvalPersonsArgs {
    /// Gold file: `token<TAB>label` per line, BIO labels (B-PER, I-PER, B-LOC, …, O), a blank
    /// line between sentences; a sentence without final punctuation is a title and starts a new
    /// article.
    #[arg(long, value_name = "FILE.tsv")]
    pub gold: PathBuf,
    /// Also write every token as `token<TAB>gold<TAB>predicted` (BIO, PER only) to FILE.
    #[arg(long, value_name = "FILE.tsv")]
    pub predictions: Option<PathBuf>,
    /// Print one JSON object with precision, recall, f1, tp, fp, fn.
    #[arg(long)]
    pub json: bool,
    /// Use the rule stage alone, without the tagger (to see what the tagger adds).
    #[arg(long)]
    pub rules_only: bool,
}

/// Indexes a corpus, runs judged queries through the normal search and scores the rankings
/// (MRR@10, Recall@1/10/100, nDCG@10).
#[derive(Debug, Args)]
pub struct EvalSearchArgs {
    /// Folder of documents, one *.txt file each; a document's id is its path relative to DIR without .txt.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Queries, one `qid<TAB>text` per line.
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Relevance judgements, one `qid<TAB>docid` per line (or TREC qrels `qid 0 docid relevance`).
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// Any word may match instead of all (how natural-language questions are run).
    #[arg(long)]
    pub any: bool,
    /// Also write the rankings as a TREC run file (`qid Q0 docid rank score rassegna`).
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// Index folder: used as it is if it already holds an index of the same corpus, built into if it holds none.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Print one JSON object: queries, mrr_at_10, recall_at_1, recall_at_10, recall_at_100, ndcg_at_10.
    #[arg(long)]
    pub json: bool,
}

impl Cli {
    /// Whether the command asked for JSON output, so that errors are JSON too.
    pub fn wants_json(&self) -> bool {
        match &self.command {
            Command::Index(args) => args.json,
            Command::Search(args) => args.json,
            Command::Persons(args) => args.json,
            Command::Show(args) => args.json,
            Command::Eval(args) => match &args.what {
                EvalCommand::Persons(args) => args.json,
                EvalCommand::Search(args) => args.json,
                EvalCommand::Names(args) => args.json,
                EvalCommand::Snippets(args) => args.corpus.json,
            },
            Command::Serve(_) => false,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub location: Location,
    /// Address and port to listen on; anything but a loopback address
    /// (127.0.0.1, ::1) opens the archive to the network, with a warning.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
}
