//! README.md shows real output: every `$ rassegna …` (or `$ cargo run
//! --release -- …`) line in a fenced block is run, in README order, in one
//! temporary folder holding a copy of the bundled `corpus/` (and of
//! `tests/messy-corpus/`), and what it prints (standard error, then standard
//! output) must be the lines below it in the block. Only what legitimately
//! varies is masked: timings and speeds, the random name of a temporary
//! folder, and the order of warnings printed by parallel workers.
//!
//! When an example drifts, the failure says which one and how to update
//! README: `RASSEGNA_UPDATE_README=1 cargo test --release --test readme`
//! rewrites each drifted block with the program's output (check the diff
//! before committing it). Examples that read `../shared/data` follow the
//! shared-data rule (skipped visibly without it, unless
//! `RASSEGNA_REQUIRE_SHARED=1`).
//!
//! README's stated limits are checked against the constants the program
//! enforces, so they cannot drift either.

mod common;

use std::path::{Path, PathBuf};

use regex::Regex;

use rassegna::search::parse::{thousands, MAX_NESTING, MAX_QUERY_CHARS, MAX_QUERY_WORDS};
use rassegna::search::query::{MAX_PREFIX_EXPANSIONS, MAX_QUERY_EXPANSIONS};
use rassegna::search::{MAX_LIMIT, MAX_RESULT_WINDOW};

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// One `$` line of README and the output shown below it.
struct Example {
    /// 1-based line of the `$` line.
    line: usize,
    /// The command as written (continuations joined).
    command: String,
    /// rassegna's arguments.
    args: Vec<String>,
    /// Lines of README (0-based, end excluded) holding the expected output.
    output_lines: std::ops::Range<usize>,
}

const PROMPTS: [&str; 2] = ["$ rassegna ", "$ cargo run --release -- "];

fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut examples = Vec::new();
    let mut in_block = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            i += 1;
            continue;
        }
        let Some(rest) = in_block
            .then(|| PROMPTS.iter().find_map(|p| line.strip_prefix(p)))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let start = i;
        let mut command = rest.to_string();
        while command.ends_with('\\') && i + 1 < lines.len() {
            command.pop();
            i += 1;
            command.push(' ');
            command.push_str(lines[i].trim());
        }
        let first_output = i + 1;
        let mut end = first_output;
        while end < lines.len()
            && !lines[end].trim_start().starts_with("```")
            && !lines[end].starts_with("$ ")
        {
            end += 1;
        }
        let args = shlex::split(&command)
            .unwrap_or_else(|| panic!("README.md line {}: cannot split «{command}»", start + 1));
        examples.push(Example {
            line: start + 1,
            command: command.clone(),
            args,
            output_lines: first_output..end,
        });
        i = end;
    }
    examples
}

/// Masks what varies from run to run, and orders runs of warnings.
fn normalize(text: &str) -> String {
    let masks = [
        (r"in [0-9.]+ s \([0-9.]+ MB/s\)", "in … s (… MB/s)"),
        (r"checked in [0-9.]+ s", "checked in … s"),
        (r"\([0-9.]+ s of searching\)", "(… s of searching)"),
        (r", [0-9]+ ms\)", ", … ms)"),
        (r#""took_ms": [0-9.eE+-]+"#, r#""took_ms": …"#),
        (r"rassegna-eval-[A-Za-z0-9]+", "rassegna-eval-…"),
    ];
    let mut text = text.to_string();
    for (pattern, replacement) in masks {
        let regex = Regex::new(pattern).expect("a valid pattern");
        text = regex.replace_all(&text, replacement).into_owned();
    }
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    // Parallel workers print their warnings in any order.
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && lines[end].starts_with("warning: ") {
            end += 1;
        }
        lines[start..end].sort();
        start = end.max(start + 1);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable folder");
        let target = to.join(entry.path().strip_prefix(from).expect("below"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

#[test]
fn readme_examples_are_real_output() {
    let readme = std::fs::read_to_string(readme_path()).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 5,
        "README.md has {} examples",
        examples.len()
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&root.join("corpus"), &dir.path().join("corpus"));
    copy_tree(
        &root.join("tests/messy-corpus"),
        &dir.path().join("tests/messy-corpus"),
    );

    let readme_lines: Vec<&str> = readme.lines().collect();
    let mut drifted = Vec::new();
    let mut updates: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for example in &examples {
        let mut args = example.args.clone();
        if args.iter().any(|a| a.contains("../shared/data/")) {
            // Every shared file or folder the example names must be there.
            let needed: Vec<&str> = args
                .iter()
                .filter_map(|a| a.split_once("../shared/data/").map(|(_, rest)| rest))
                .collect();
            if !needed
                .iter()
                .all(|relative| common::shared_data(relative).is_some())
            {
                common::skip(&format!(
                    "README.md line {}: `{}`",
                    example.line, example.command
                ));
                continue;
            }
            let shared = common::shared_root().display().to_string();
            for arg in &mut args {
                *arg = arg.replace("../shared/data", &shared);
            }
        }
        let output = common::rassegna()
            .args(&args)
            .current_dir(dir.path())
            .env("TMPDIR", "/tmp")
            .output()
            .expect("run rassegna");
        let mut actual = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        // Paths into the shared data as README writes them.
        if example.command.contains("../shared/data/") {
            let shared = common::shared_root().display().to_string();
            actual = actual.replace(&shared, "../shared/data");
        }
        let expected = readme_lines[example.output_lines.clone()].join("\n");
        if normalize(&actual) != normalize(&expected) {
            drifted.push(format!(
                "README.md line {}: `{}` printed\n---\n{}\n---\ninstead of\n---\n{}\n---",
                example.line,
                example.command,
                actual.trim_end(),
                expected.trim_end()
            ));
            updates.push((example.output_lines.clone(), actual.trim_end().to_string()));
        }
    }
    if drifted.is_empty() {
        return;
    }
    if std::env::var("RASSEGNA_UPDATE_README").as_deref() == Ok("1") {
        let mut lines: Vec<String> = readme_lines.iter().map(|l| l.to_string()).collect();
        for (range, actual) in updates.into_iter().rev() {
            lines.splice(range, actual.lines().map(str::to_string));
        }
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(readme_path(), text).expect("write README.md");
        panic!(
            "README.md rewritten with the program's output for {} example(s); check `git diff README.md`, then run the tests again:\n\n{}",
            drifted.len(),
            drifted.join("\n\n")
        );
    }
    panic!(
        "{} README example(s) no longer match what rassegna prints. If the new output is right, update README.md \
         (RASSEGNA_UPDATE_README=1 cargo test --release --test readme rewrites the blocks; check the diff); \
         otherwise fix the program.\n\n{}",
        drifted.len(),
        drifted.join("\n\n")
    );
}

#[test]
fn readme_states_the_limits_the_program_enforces() {
    let readme = std::fs::read_to_string(readme_path()).expect("README.md");
    for (limit, before, after) in [
        (MAX_QUERY_CHARS, "", " characters"),
        (MAX_QUERY_WORDS, "", " words"),
        (MAX_NESTING, "", " levels of parentheses"),
        (MAX_PREFIX_EXPANSIONS, "", " words per prefix"),
        (
            MAX_QUERY_EXPANSIONS,
            "",
            " words for all the prefixes of a query",
        ),
        (MAX_LIMIT, "", " results per search"),
        (MAX_RESULT_WINDOW, "offset + limit at most ", ""),
    ] {
        let stated = format!("{before}{}{after}", thousands(limit));
        assert!(
            readme.contains(&stated),
            "README.md should say «{stated}» (the limit the program enforces)"
        );
    }
}

#[test]
fn examples_are_found_with_their_output() {
    let readme = "text\n```\n$ rassegna search a \\\n    --limit 2\nuno\ndue\n$ rassegna persons\ntre\n```\n$ rassegna not-in-a-block\n";
    let found = examples(readme);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].args, ["search", "a", "--limit", "2"]);
    assert_eq!(found[0].output_lines, 4..6);
    assert_eq!(found[1].args, ["persons"]);
    assert_eq!(found[1].output_lines, 7..8);
    assert_eq!(
        normalize("warning: b\nwarning: a\nIndexed 3 in 0.02 s (2.9 MB/s).\n\n"),
        "warning: a\nwarning: b\nIndexed 3 in … s (… MB/s)."
    );
}
