//! Fuzzes the article parser (`rassegna::article::parse_bytes`) with
//! arbitrary file contents: it must never panic, and whatever it accepts must
//! be a well-formed article (non-empty one-line paragraphs without control
//! characters, a non-empty headline of bounded length). Run from the
//! repository root: `cargo +nightly fuzz run parse_article` (docs/ROBUSTNESS.md).

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use rassegna::article::{parse_bytes, HEADLINE_CHARS};

fuzz_target!(|data: &[u8]| {
    if let Ok((article, _)) = parse_bytes(data, PathBuf::from("f.txt"), "f.txt".to_string()) {
        assert!(!article.paragraphs.is_empty());
        for paragraph in &article.paragraphs {
            assert!(!paragraph.trim().is_empty());
            assert!(!paragraph.contains('\n'));
            assert!(!paragraph.chars().any(|c| c.is_control() && c != '\t'));
        }
        assert!(!article.headline.is_empty());
        assert!(article.headline.chars().count() <= HEADLINE_CHARS + 1);
        let _ = article.body();
    }
});
