//! Fuzzes article ids (`rassegna::index::walk::article_id`) with arbitrary
//! file names: an id must give its name back, so two names never share one.

#![no_main]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use rassegna::index::walk::{article_id, relative_path};

fuzz_target!(|data: &[u8]| {
    let relative = PathBuf::from(OsStr::from_bytes(data));
    // Only paths a walk can meet: no NUL, no root, no `.`/`..`, no empty
    // parts (`a//b`), no trailing `/`.
    let normal: PathBuf = relative.components().collect();
    let walkable = !data.contains(&0)
        && !data.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && normal.as_os_str().as_bytes() == data;
    if !walkable {
        return;
    }
    let corpus = Path::new("/corpus");
    let id = article_id(corpus, &corpus.join(&relative));
    assert_eq!(relative_path(&id), Some(relative));
});
