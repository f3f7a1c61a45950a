//! Keeping an index current while its corpus folder changes (`rassegna
//! index --watch`): file system events (the `notify` crate) are gathered
//! into bursts (a burst ends when the folder has been quiet for a while, or
//! has been busy for [`LONGEST_BURST`]), and each burst is one update
//! session of the one write path
//! (`build::index_changes` through an [`ArticleWriter`] held open, and so
//! the index's writer lock, for as long as the watch runs).
//!
//! An event only says that something changed: the update compares the whole
//! folder with the index as any update does (a `stat` per file), so a lost
//! or coalesced event, or an overflow of the system's event queue, never
//! leaves a change out of the next update. This module does not print: the
//! caller is handed each update's report.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::build::{index_changes, BuildObserver, IndexReport};
use super::writer::{ArticleWriter, Start};
use crate::error::{Error, Result};
use crate::persons::PersonExtractor;

/// How long the folder must be quiet before a burst of changes is indexed.
pub const DEFAULT_QUIET: Duration = Duration::from_secs(1);

/// A folder that never stays quiet is indexed at least this often.
pub const LONGEST_BURST: Duration = Duration::from_secs(20);

/// Indexes `corpus` into `index_dir` (an update, unless `start` says
/// rebuild), then again after every burst of changes in the folder, handing
/// each run's report (or error: a failed update leaves the last commit in
/// place, and the next burst tries again) to `updated`, until it returns
/// `Break`. Fails if the index cannot be opened for writing or the folder
/// cannot be watched.
pub fn watch(
    corpus: &Path,
    index_dir: &Path,
    start: Start,
    quiet: Duration,
    observer: &dyn BuildObserver,
    updated: &mut dyn FnMut(Result<IndexReport>) -> ControlFlow<()>,
) -> Result<()> {
    let extractor = PersonExtractor::new();
    let mut writer = ArticleWriter::open(index_dir, corpus, start, &extractor.model_description())?;
    let (events, received) = mpsc::channel();
    let watch_error = |cause: String| Error::Watch {
        dir: corpus.to_path_buf(),
        cause,
    };
    let mut watcher =
        notify::recommended_watcher(events).map_err(|e| watch_error(e.to_string()))?;
    // Watching starts before the first update, so that nothing changed
    // during it is missed. Events name paths as the watch was given:
    // absolute, like the index's.
    let absolute = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    watcher
        .watch(&absolute(corpus), RecursiveMode::Recursive)
        .map_err(|e| watch_error(e.to_string()))?;
    let index_dir = absolute(writer.dir());
    // A corpus that holds its index sees the index's own commits, and the
    // updates' reads are events too: neither calls for an update.
    let calls_for_update = |event: &notify::Result<notify::Event>| match event {
        Ok(event) => {
            !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|path| !path.starts_with(&index_dir))
        }
        // The watcher lost track (a queue overflow): compare everything.
        Err(_) => true,
    };
    if run(&mut writer, corpus, &extractor, observer, updated)?.is_break() {
        return writer.finish();
    }
    loop {
        // The first event of a burst…
        loop {
            let Ok(event) = received.recv() else {
                return Err(watch_error("the file system watcher stopped".into()));
            };
            if calls_for_update(&event) {
                break;
            }
        }
        // …and the rest, until the folder is quiet.
        let started = Instant::now();
        while started.elapsed() < LONGEST_BURST {
            match received.recv_timeout(quiet) {
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(watch_error("the file system watcher stopped".into()))
                }
            }
        }
        // Events that arrive during the update make another one after it
        // (which finds nothing to do if this one saw their changes).
        if run(&mut writer, corpus, &extractor, observer, updated)?.is_break() {
            return writer.finish();
        }
    }
}

/// One update; after a failure, the writer goes back to the last commit.
fn run(
    writer: &mut ArticleWriter,
    corpus: &Path,
    extractor: &PersonExtractor,
    observer: &dyn BuildObserver,
    updated: &mut dyn FnMut(Result<IndexReport>) -> ControlFlow<()>,
) -> Result<ControlFlow<()>> {
    let report = index_changes(writer, corpus, extractor, observer);
    if report.is_err() {
        writer.rollback()?;
    }
    Ok(updated(report))
}
