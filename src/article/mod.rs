//! One file on disk becomes one [`Article`]: decoding, the `date` header,
//! paragraphs, boilerplate, the byline and a headline for display.
//!
//! This module decides whether a file is readable and says why not; it never
//! drops a readable article. It knows nothing about analysis, persons or the
//! index: it only turns bytes into structured text plus [`Warning`]s.
//!
//! The steps, each in its own module: [`decode`](self) bytes to clean text
//! (`decode.rs`); split the `date` header ([`date`]) and the paragraphs;
//! take out newspaper boilerplate (`boilerplate.rs`); take the byline off the
//! end and then off the start (`byline.rs`); pick the headline
//! (`headline.rs`). A file is read only if it is a regular file no larger
//! than [`MAX_ARTICLE_BYTES`], so that no file can take unbounded memory or
//! block the reader.

mod boilerplate;
mod byline;
pub mod date;
mod decode;
mod headline;
mod words;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

pub use headline::{cut_at_word, headline, strip_dateline, HEADLINE_CHARS};

/// Largest article file read, in bytes (8 MiB). The longest DICE article is
/// 25 kB and a long feature a few hundred kB; a bigger `.txt` file is a
/// dump, a log or a book, and reading it as one article would cost seconds
/// of CPU and hundreds of MB per file (docs/BENCHMARKS.md). Larger files are
/// skipped, with their size, before any of them is read.
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;

/// A news article as read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Unique id: the path relative to the corpus folder, with `/` separators.
    pub id: String,
    /// Where the file was read from.
    pub path: PathBuf,
    /// Date from the header, if the header had a valid one.
    pub date: Option<NaiveDate>,
    /// Body paragraphs, byline and boilerplate excluded, each on one line.
    pub paragraphs: Vec<String>,
    /// The byline: a name (or initials) at the end or at the start of the text.
    pub author: Option<String>,
    /// First real sentence of the body, cut at about [`HEADLINE_CHARS`] characters.
    pub headline: String,
}

impl Article {
    /// The body text as stored and searched: paragraphs separated by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Something odd about a file that was still indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1).
    NotUtf8,
    /// UTF-16 (with or without a byte order mark), decoded.
    Utf16,
    /// NUL bytes or other control characters inside the text, removed.
    ControlCharacters { removed: usize },
    /// No `date YYYY-MM-DD` header: indexed without a date.
    MissingDate,
    /// A `date` header whose value is not a real day: indexed without a date.
    InvalidDate { value: String },
}

impl Warning {
    /// A stable short name, used to group warnings in the summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::NotUtf8 => "not UTF-8, read as Windows-1252",
            Warning::Utf16 => "UTF-16, decoded",
            Warning::ControlCharacters { .. } => "control characters removed",
            Warning::MissingDate => "no date header, indexed without a date",
            Warning::InvalidDate { .. } => "invalid date, indexed without a date",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::InvalidDate { value } => write!(
                f,
                "invalid date '{value}' in the header (expected date YYYY-MM-DD), indexed without a date"
            ),
            Warning::ControlCharacters { removed } => write!(
                f,
                "{removed} control character{} (such as NUL) removed from the text",
                if *removed == 1 { "" } else { "s" }
            ),
            other => f.write_str(other.kind()),
        }
    }
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Skip {
    /// The file holds no article text: empty, white space, only a date
    /// header, or only boilerplate.
    Empty,
    /// Mostly NUL bytes or control characters: not a text file.
    Binary,
    /// Larger than [`MAX_ARTICLE_BYTES`].
    TooLarge { bytes: u64 },
    /// Not a regular file: a FIFO, a socket or a device (such as a link to
    /// `/dev/zero`), which may never end or block whoever opens it.
    NotAFile { what: String },
    /// The file could not be read.
    Unreadable { error: String },
}

impl Skip {
    /// A stable short name, used to group skips in the summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Skip::Empty => "empty",
            Skip::Binary => "binary, not text",
            Skip::TooLarge { .. } => "too large",
            Skip::NotAFile { .. } => "not a regular file",
            Skip::Unreadable { .. } => "unreadable",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::Unreadable { error } => write!(f, "could not be read: {error}"),
            Skip::Empty => {
                f.write_str("no article text (empty, or only a header or boilerplate), nothing to index")
            }
            Skip::Binary => {
                f.write_str("binary file (NUL bytes or control characters), not an article")
            }
            Skip::TooLarge { bytes } => write!(
                f,
                "{bytes} bytes, larger than the {MAX_ARTICLE_BYTES} bytes (8 MiB) an article may have; not read (split it into articles to index it)"
            ),
            Skip::NotAFile { what } => write!(f, "{what}, not a regular file; not read"),
        }
    }
}

/// The result of reading one file: an article with its warnings, or a skip.
pub type ReadResult = Result<(Article, Vec<Warning>), Skip>;

/// Reads and parses the file at `path`, giving it the id `id`: [`read_bytes`]
/// then [`parse_bytes`].
pub fn read_file(path: &Path, id: String) -> ReadResult {
    let (bytes, _) = read_bytes(path)?;
    parse_bytes(&bytes, path.to_path_buf(), id)
}

/// The bytes of the file at `path`, with the metadata of the file they were
/// read from (an update records its size and modification time). Only a
/// regular file of at most [`MAX_ARTICLE_BYTES`] is read: the size is checked
/// on the open file before reading, and the read stops past the limit in
/// case the file grows meanwhile. A FIFO is opened without blocking and
/// refused, so a reader never waits for a writer that may not come.
pub fn read_bytes(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), Skip> {
    let unreadable = |error: std::io::Error| Skip::Unreadable {
        error: error.to_string(),
    };
    let file = open_without_blocking(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(Skip::NotAFile {
            what: file_type_name(&metadata.file_type()).to_string(),
        });
    }
    if metadata.len() > MAX_ARTICLE_BYTES {
        return Err(Skip::TooLarge {
            bytes: metadata.len(),
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(Skip::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok((bytes, metadata))
}

/// Opens for reading; on Unix with `O_NONBLOCK`, so that opening a FIFO
/// returns at once instead of waiting for a writer (regular files ignore
/// the flag).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// What a file that is not a regular file is, in words.
pub fn file_type_name(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Parses the raw bytes of an article file.
pub fn parse_bytes(bytes: &[u8], path: PathBuf, id: String) -> ReadResult {
    let mut warnings = Vec::new();
    let text = decode::decode(bytes, &mut warnings)?;
    let (date, rest) = split_date_header(&text, &mut warnings);
    let mut paragraphs = split_paragraphs(rest);
    boilerplate::remove(&mut paragraphs);
    if paragraphs.is_empty() {
        return Err(Skip::Empty);
    }
    let trailing = byline::take_trailing(&mut paragraphs);
    let leading = byline::take_leading(&mut paragraphs);
    let author = match (leading, trailing) {
        (Some(leading), Some(trailing)) if leading != trailing => {
            Some(format!("{leading}, {trailing}"))
        }
        (leading, trailing) => leading.or(trailing),
    };
    // The byline rules never take the last of the text (an article that is
    // only a name keeps it as text); this keeps it so whatever they become.
    paragraphs.retain(|p| !p.trim().is_empty());
    if paragraphs.is_empty() {
        return Err(Skip::Empty);
    }
    let headline = headline(&paragraphs);
    Ok((
        Article {
            id,
            path,
            date,
            paragraphs,
            author,
            headline,
        },
        warnings,
    ))
}

/// Splits off the `date YYYY-MM-DD` header. A header whose value contains a
/// digit but is not a day is a broken header (warned, dropped); text that
/// does not start with `date` followed by something date-like is all body
/// (Italian sentences may start with the word "date").
fn split_date_header<'t>(
    text: &'t str,
    warnings: &mut Vec<Warning>,
) -> (Option<NaiveDate>, &'t str) {
    let trimmed = text.trim_start();
    if let Some(after) = trimmed.strip_prefix("date") {
        let after = after.strip_prefix(':').unwrap_or(after);
        if after.starts_with([' ', '\t']) {
            let after = after.trim_start_matches([' ', '\t']);
            let value_end = after.find(char::is_whitespace).unwrap_or(after.len());
            let value = &after[..value_end];
            if value.chars().any(|c| c.is_ascii_digit()) {
                let rest = &after[value_end..];
                return match date::parse_day(value) {
                    Ok(day) => (Some(day), rest),
                    Err(_) => {
                        warnings.push(Warning::InvalidDate {
                            value: value.to_string(),
                        });
                        (None, rest)
                    }
                };
            }
        }
    }
    warnings.push(Warning::MissingDate);
    (None, trimmed)
}

/// Paragraphs are separated by blank lines; the lines of one paragraph are
/// joined with a space, and runs of spaces inside a line kept as they are.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests;
