//! Values read once per index segment and kept for the life of the process
//! (a segment's vocabulary, its articles per day): a segment never changes,
//! so what was read from it stays true while it is searched. A bounded
//! number are kept, the oldest dropped first, so that a long-running
//! process that sees rebuilds holds only what it uses.

use std::sync::{Arc, Mutex};

/// Values by segment key, at most `kept` of them.
pub(crate) struct SegmentCache<K, V> {
    entries: Mutex<Vec<(K, Arc<V>)>>,
    kept: usize,
}

impl<K: PartialEq + Copy, V> SegmentCache<K, V> {
    pub(crate) const fn new(kept: usize) -> Self {
        SegmentCache {
            entries: Mutex::new(Vec::new()),
            kept,
        }
    }

    /// The value kept for `key`, or `read()` kept now. Reading happens
    /// outside the lock: two threads may both read a new segment, and the
    /// first to finish is kept.
    pub(crate) fn get_or_read(
        &self,
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
        let value = Arc::new(read()?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = known(&entries) {
            return Ok(found);
        }
        entries.push((key, Arc::clone(&value)));
        if entries.len() > self.kept {
            entries.remove(0);
        }
        Ok(value)
    }
}
