//! kill -9 at random moments of `rassegna index` on a real corpus (DICE
//! articles from the shared data): after each kill the index opens and
//! answers with the last committed state, exactly (the same articles, no
//! duplicates, the same answers to a few searches and the same persons as a
//! clean build of that corpus), or, when nothing was ever committed, says
//! that the first build never finished; the next run completes it and
//! leaves no file of an uncommitted segment behind.
//!
//! Kills land in first builds, in `--rebuild`s and in plain `rassegna
//! index` runs over an index (today a rebuild; an update in place once
//! updates land, which then makes these update kills with no change here:
//! a [`Run`] is the place to add other kinds of run).
//!
//! A build from nothing merges its segments after its commit: a kill then
//! leaves the commit whole with its segments unmerged (counted as "before
//! the merge ended"); a build that completes leaves one segment.
//!
//! `RASSEGNA_KILLS` sets the number of kills (24 by default, the CI run);
//! `RASSEGNA_KILL_SEED` replays a run (each run prints its seed).
//! docs/ROBUSTNESS.md has the long run.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{outcome_of, rassegna, segments, shared_data, spawn_index};

/// Searches whose answers must match a clean build's after every kill.
const SEARCHES: &[&[&str]] = &[
    &["rapina"],
    &["carabinieri", "--from", "2019-06"],
    &["\"polizia di stato\""],
    &["*", "--person", "muzzarelli"],
];

/// What the index answers, compared whole.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    ids: BTreeSet<String>,
    totals: Vec<u64>,
    persons: serde_json::Value,
}

/// The index's state, or the error it answers with (exit status 2).
fn state_of(index: &Path) -> Result<State, String> {
    let run = |args: &[&str]| -> Result<serde_json::Value, String> {
        let output = rassegna()
            .args(args)
            .arg("--json")
            .arg("--index")
            .arg(index)
            .output()
            .unwrap();
        outcome_of(&output)
    };
    let all = run(&["search", "*", "--sort", "date", "--limit", "10000"])?;
    let listed: Vec<String> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect();
    let ids: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(ids.len(), listed.len(), "an article listed twice");
    assert_eq!(all["total"].as_u64(), Some(ids.len() as u64));
    let mut totals = Vec::new();
    for search in SEARCHES {
        let mut args = vec!["search", "--limit", "1"];
        args.extend_from_slice(search);
        totals.push(run(&args)?["total"].as_u64().unwrap());
    }
    let persons = run(&["persons", "-n", "10"])?;
    Ok(State {
        ids,
        totals,
        persons,
    })
}

/// A small deterministic generator (xorshift), seeded per run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The kinds of run that are killed.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// `rassegna index` into a folder with no committed index.
    FirstBuild,
    /// `rassegna index --rebuild` over the committed index.
    Rebuild,
    /// Plain `rassegna index` over the committed index.
    Index,
}

impl Run {
    fn arguments(self) -> &'static [&'static str] {
        match self {
            Run::Rebuild => &["--rebuild"],
            Run::FirstBuild | Run::Index => &[],
        }
    }
}

/// Makes `corpus` hold exactly `files` (relative path, source).
fn lay_out(corpus: &Path, files: &[(String, PathBuf)]) {
    let wanted: BTreeSet<&str> = files.iter().map(|(r, _)| r.as_str()).collect();
    for entry in walkdir::WalkDir::new(corpus).into_iter().flatten() {
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(corpus)
                .unwrap()
                .to_string_lossy()
                .to_string();
            if !wanted.contains(relative.as_str()) {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    for (relative, source) in files {
        let target = corpus.join(relative);
        if !target.exists() {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(source, &target).unwrap();
        }
    }
}

fn index_to_completion(corpus: &Path, index: &Path, extra: &[&str]) -> Duration {
    let started = Instant::now();
    let status = spawn_index(corpus, index, extra).wait().unwrap();
    assert!(status.success());
    started.elapsed()
}

#[test]
fn kills_at_random_moments_leave_the_last_committed_index_and_the_next_run_completes_it() {
    let Some(dice) = shared_data("dice") else {
        return;
    };
    let kills_wanted: usize = std::env::var("RASSEGNA_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("RASSEGNA_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    eprintln!("kill harness: RASSEGNA_KILL_SEED={seed} RASSEGNA_KILLS={kills_wanted}");
    let mut random = Random(seed);
    let started = Instant::now();

    // Two versions of a corpus of real articles: the second drops 200 of
    // the first's and adds 400, so each commit is told apart.
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dice)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let relative = |range: std::ops::Range<usize>| -> Vec<(String, PathBuf)> {
        files[range]
            .iter()
            .map(|p| {
                (
                    p.strip_prefix(&dice).unwrap().to_string_lossy().to_string(),
                    p.clone(),
                )
            })
            .collect()
    };
    let versions = [relative(0..1200), relative(200..1600)];

    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    // Clean builds of each version: the states a kill may leave, and how
    // long a build takes here (kills land anywhere up to 1.2 times that).
    let mut references = Vec::new();
    let mut longest = Duration::ZERO;
    for (i, version) in versions.iter().enumerate() {
        lay_out(&corpus, version);
        let clean = dir.path().join(format!("clean-{i}"));
        longest = longest.max(index_to_completion(&corpus, &clean, &[]));
        references.push(state_of(&clean).expect("a clean build"));
    }
    assert_ne!(references[0], references[1]);
    let window_ms = (longest.as_millis() as u64 * 12 / 10).max(50);

    let mut committed: Option<usize> = None;
    let (mut kills, mut completed, mut rounds) = (0, 0, 0);
    let (mut after_commit, mut before_merged) = (0, 0);
    while kills < kills_wanted {
        rounds += 1;
        // A kill lands in most runs (the window is 1.2 builds long): bounded.
        assert!(
            rounds <= 10 * kills_wanted,
            "only {kills} kills in {rounds} runs: the runs end before the kills"
        );
        let target = random.below(2) as usize;
        let run = match (committed, random.below(4)) {
            (None, _) | (_, 0) => Run::FirstBuild,
            (_, 1) => Run::Index,
            _ => Run::Rebuild,
        };
        if matches!(run, Run::FirstBuild) && committed.is_some() {
            std::fs::remove_dir_all(&index).unwrap();
            committed = None;
        }
        lay_out(&corpus, &versions[target]);
        let segments_before = index
            .join("meta.json")
            .is_file()
            .then(|| segments(&index).0);
        let delay = Duration::from_millis(random.below(window_ms));
        let mut child = spawn_index(&corpus, &index, run.arguments());
        std::thread::sleep(delay);
        let killed = match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "{run:?} of version {target} failed");
                false
            }
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                kills += 1;
                true
            }
        };
        let context = format!(
            "round {rounds}: {run:?} of version {target} {} after {delay:?}, last commit {committed:?}",
            if killed { "killed" } else { "completed" }
        );
        match state_of(&index) {
            Err(message) => {
                assert!(killed && committed.is_none(), "{context}: {message}");
                assert!(
                    message.contains("first build never finished")
                        || message.contains("no index at"),
                    "{context}: {message}"
                );
            }
            Ok(state) => {
                if state == references[target] {
                    if killed && committed != Some(target) {
                        after_commit += 1;
                    }
                    // A build from nothing merges its segments into one
                    // after its commit: a kill in between leaves the commit
                    // with its segments as written.
                    let (named, _) = segments(&index);
                    let new_commit = segments_before.as_ref() != Some(&named);
                    if matches!(run, Run::FirstBuild | Run::Rebuild) && new_commit {
                        if !killed {
                            assert_eq!(named.len(), 1, "{context}: not merged");
                        } else if named.len() > 1 {
                            before_merged += 1;
                        }
                    }
                    committed = Some(target);
                } else {
                    let old = committed.map(|c| &references[c]);
                    assert!(killed, "{context}: a completed run left another state");
                    assert_eq!(
                        Some(&state),
                        old,
                        "{context}: neither the old nor the new index"
                    );
                }
            }
        }
        // Now and then, the next run completes what was killed.
        if killed && random.below(4) == 0 {
            index_to_completion(&corpus, &index, run.arguments());
            assert_eq!(
                state_of(&index).as_ref(),
                Ok(&references[target]),
                "{context}, then run again"
            );
            let (named, on_disk) = segments(&index);
            assert_eq!(
                named, on_disk,
                "{context}: files of uncommitted segments left"
            );
            committed = Some(target);
            completed += 1;
        }
    }
    eprintln!(
        "kill harness: {kills} kills in {rounds} runs ({after_commit} after a commit that changed \
         the state, {before_merged} between a build's commit and the end of its merge), \
         {completed} completed afterwards, {:.0} s, builds of {} ms",
        started.elapsed().as_secs_f64(),
        longest.as_millis()
    );
}
