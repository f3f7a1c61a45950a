//! Keeping an index current while its corpus folder changes (`rassegna
//! index --watch`): file system events (the `notify` crate) are debounced
//! into bursts, and each burst is one update session of the one write path
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
use std::time::Duration;

use notify::RecursiveMode;

use super::build::{index_changes, BuildObserver, IndexReport};
use super::writer::{ArticleWriter, Start};
use crate::error::{Error, Result};
use crate::persons::PersonExtractor;

/// How long the folder must be quiet before a burst of changes is indexed.
pub const DEFAULT_QUIET: Duration = Duration::from_millis(500);

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
    let (events, bursts) = mpsc::channel();
    let watch_error = |cause: String| Error::Watch {
        dir: corpus.to_path_buf(),
        cause,
    };
    let mut debouncer = notify_debouncer_mini::new_debouncer(quiet, events)
        .map_err(|e| watch_error(e.to_string()))?;
    // Watching starts before the first update, so that nothing changed
    // during it is missed.
    // Events name paths as the watch was given: absolute, like the index's.
    let absolute = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    debouncer
        .watcher()
        .watch(&absolute(corpus), RecursiveMode::Recursive)
        .map_err(|e| watch_error(e.to_string()))?;
    let index_dir = absolute(writer.dir());
    if updated(index_changes(&mut writer, corpus, &extractor, observer)).is_break() {
        return writer.finish();
    }
    loop {
        let Ok(burst) = bursts.recv() else {
            return Err(watch_error("the file system watcher stopped".into()));
        };
        // Bursts that came while the last update ran are one update now.
        let mut bursts_now = vec![burst];
        bursts_now.extend(bursts.try_iter());
        let outside_index = |path: &Path| !path.starts_with(&index_dir);
        let relevant = bursts_now.iter().any(|burst| match burst {
            // A corpus that holds its index sees the index's own commits:
            // those alone need no update.
            Ok(events) => events.iter().any(|event| outside_index(&event.path)),
            // The watcher lost track (a queue overflow): compare everything.
            Err(_) => true,
        });
        if relevant && updated(index_changes(&mut writer, corpus, &extractor, observer)).is_break()
        {
            return writer.finish();
        }
    }
}
