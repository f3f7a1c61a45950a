//! Values read once per index segment (a segment's vocabulary, its articles
//! per day) and kept while a reader holds the segment: a segment never
//! changes, so what was read from it stays true while it is searched.
//!
//! The caches follow the readers' segments: [`SegmentsWarmer`], registered
//! with each `ArticleIndex`'s reader as a tantivy warmer, learns the
//! segments of every searcher generation, and when a segment leaves all of
//! that reader's live generations (merged away by an update or `--watch`,
//! or the whole index rebuilt) every cache drops what it read from it; the
//! rest goes when the reader is dropped. Nothing is read ahead: a value is
//! read on the first search that needs it, so new segments cost nothing
//! until asked. A generous bound ([`KEPT_AT_MOST`], oldest dropped first)
//! still guards a process whose readers were built without the warmer.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::{Searcher, SearcherGeneration, Warmer};

/// The most values a cache keeps, whatever the readers hold.
const KEPT_AT_MOST: usize = 1024;

/// A cache key: a segment, or a segment and something more.
pub(crate) trait SegmentKey: PartialEq + Copy + Send + Sync + 'static {
    fn segment(&self) -> SegmentId;
}

impl SegmentKey for SegmentId {
    fn segment(&self) -> SegmentId {
        *self
    }
}

impl SegmentKey for (SegmentId, u32) {
    fn segment(&self) -> SegmentId {
        self.0
    }
}

/// Values by segment key.
pub(crate) struct SegmentCache<K, V> {
    entries: Mutex<Vec<(K, Arc<V>)>>,
    registered: AtomicBool,
}

/// What the warmers need of a cache of any type.
trait Forget: Sync {
    fn forget(&self, gone: &HashSet<SegmentId>);
}

/// Every cache that has held a value (they are statics).
static CACHES: Mutex<Vec<&'static dyn Forget>> = Mutex::new(Vec::new());

impl<K: SegmentKey, V: Send + Sync + 'static> SegmentCache<K, V> {
    pub(crate) const fn new() -> Self {
        SegmentCache {
            entries: Mutex::new(Vec::new()),
            registered: AtomicBool::new(false),
        }
    }

    /// The value kept for `key`, or `read()` kept now. Reading happens
    /// outside the lock: two threads may both read a new segment, and the
    /// first to finish is kept.
    pub(crate) fn get_or_read(
        &'static self,
        key: K,
        read: impl FnOnce() -> tantivy::Result<V>,
    ) -> tantivy::Result<Arc<V>> {
        let known = |entries: &Vec<(K, Arc<V>)>| {
            entries
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, value)| Arc::clone(value))
        };
        if let Some(found) = known(&self.entries.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(found);
        }
        if !self.registered.swap(true, Ordering::AcqRel) {
            CACHES.lock().unwrap_or_else(|e| e.into_inner()).push(self);
        }
        let value = Arc::new(read()?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = known(&entries) {
            return Ok(found);
        }
        entries.push((key, Arc::clone(&value)));
        if entries.len() > KEPT_AT_MOST {
            entries.remove(0);
        }
        Ok(value)
    }

    /// Whether a value read from `segment` is kept.
    #[cfg(test)]
    pub(crate) fn holds(&self, segment: SegmentId) -> bool {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().any(|(k, _)| k.segment() == segment)
    }
}

impl<K: SegmentKey, V: Send + Sync> Forget for SegmentCache<K, V> {
    fn forget(&self, gone: &HashSet<SegmentId>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(k, _)| !gone.contains(&k.segment()));
    }
}

/// Drops every cached value read from `gone`.
fn forget(gone: &HashSet<SegmentId>) {
    if gone.is_empty() {
        return;
    }
    let caches = CACHES.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for cache in caches {
        cache.forget(gone);
    }
}

/// Makes the caches follow one reader's segments (see the module's
/// documentation). Register it with `IndexReaderBuilder::warmers` and keep
/// it for as long as the reader: the reader holds it weakly.
#[derive(Debug, Default)]
pub struct SegmentsWarmer {
    live: Mutex<HashSet<SegmentId>>,
}

impl Warmer for SegmentsWarmer {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.extend(searcher.segment_readers().iter().map(|r| r.segment_id()));
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let now: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|generation| generation.segments().keys().copied())
            .collect();
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        let gone: HashSet<SegmentId> = live.difference(&now).copied().collect();
        *live = now;
        drop(live);
        forget(&gone);
    }
}

impl Drop for SegmentsWarmer {
    fn drop(&mut self) {
        let live = std::mem::take(self.live.get_mut().unwrap_or_else(|e| e.into_inner()));
        forget(&live);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NUMBERS: SegmentCache<SegmentId, u32> = SegmentCache::new();

    #[test]
    fn values_leave_with_the_segments_a_reader_no_longer_holds() {
        let (kept, merged) = (SegmentId::generate_random(), SegmentId::generate_random());
        for (segment, n) in [(kept, 1), (merged, 2)] {
            assert_eq!(*NUMBERS.get_or_read(segment, || Ok(n)).unwrap(), n);
        }
        // Read once: a second read is not called.
        assert_eq!(
            *NUMBERS.get_or_read(kept, || panic!("read again")).unwrap(),
            1
        );
        let warmer = SegmentsWarmer::default();
        warmer.live.lock().unwrap().extend([kept, merged]);
        // A new generation without `merged`: its value goes, `kept`'s stays.
        let gone: HashSet<SegmentId> = [merged].into();
        warmer.live.lock().unwrap().remove(&merged);
        forget(&gone);
        assert!(NUMBERS.holds(kept) && !NUMBERS.holds(merged));
        // The reader dropped: everything it held goes.
        drop(warmer);
        assert!(!NUMBERS.holds(kept));
    }
}
