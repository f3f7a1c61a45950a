//! The index under faults, with real processes: one writer at a time,
//! searches while a build runs, damaged files, a read-only index, a full
//! disk, and what a killed or failed build leaves behind. The kill harness
//! (random kills during builds on a real corpus) is in `tests/kills.rs`.
//!
//! Read-only mounts and a full disk need a mount namespace (`unshare -rm`);
//! where the machine refuses one, those tests skip with a visible message
//! (and fail under `CI=true`, where it must work).

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{index_command, outcome_of, rassegna, segments, spawn_index, write_files, Fixture};

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rassegna")
}

/// Writes `count` articles below `corpus/bulk/`, long enough that building
/// them takes a few seconds.
fn write_bulk_articles(corpus: &Path, count: usize) {
    const WORDS: [&str; 16] = [
        "consiglio",
        "comunale",
        "bilancio",
        "lavori",
        "strada",
        "scuola",
        "ponte",
        "piazza",
        "sindaco",
        "assessore",
        "progetto",
        "cantiere",
        "quartiere",
        "mercato",
        "teatro",
        "parco",
    ];
    let mut state: u32 = 12345;
    for i in 0..count {
        // Words and numbers varied enough that the index is not all repeats.
        let body: Vec<String> = (0..400)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let n = state >> 16;
                format!("{}{}", WORDS[(n % 16) as usize], n % 997)
            })
            .collect();
        let path = corpus.join(format!("bulk/{:03}/{i:05}.txt", i / 500));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!(
                "date 2024-05-05 Seduta numero {i} del consiglio. {}.\n\nMario Rossi\n",
                body.join(" ")
            ),
        )
        .unwrap();
    }
}

/// What `rassegna search '*' --json` on `index` answers: the number of
/// articles, or the error message (exit status 2). Any other outcome (a
/// panic's 101, a signal) fails the test.
fn total(index: &Path) -> Result<u64, String> {
    let output = rassegna()
        .args(["search", "--json", "--limit", "1", "*", "--index"])
        .arg(index)
        .output()
        .unwrap();
    outcome_of(&output).map(|json| json["total"].as_u64().unwrap())
}

/// Bytes of the files in a folder (not below).
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Waits until `dir/.rassegna-writer.lock` names process `pid`, i.e. the
/// process holds the writer lock.
fn wait_for_lock_holder(dir: &Path, pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let needle = format!("process {pid} (");
    while Instant::now() < deadline {
        let holder = std::fs::read_to_string(dir.join(".rassegna-writer.lock")).unwrap_or_default();
        if holder.starts_with(&needle) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!(
        "process {pid} never took the writer lock of {}",
        dir.display()
    );
}

#[test]
fn a_second_writer_is_refused_at_once_naming_the_first_and_a_killed_one_blocks_nothing() {
    let f = Fixture::indexed();
    write_bulk_articles(&f.corpus(), 3000);
    let mut first = spawn_index(&f.corpus(), &f.index(), &[]);
    wait_for_lock_holder(&f.index(), first.id());
    let second = f.index_command().output().unwrap();
    // Refused while the first is still at work, not after waiting for it.
    assert!(first.try_wait().unwrap().is_none(), "the first build ended");
    assert_eq!(second.status.code(), Some(2));
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(
        message.contains(&format!("process {} (", first.id()))
            && message.contains(" index --corpus ")
            && message.contains("is writing to the index at"),
        "{message}"
    );
    // `--rebuild` is a writer too; searching is not.
    let rebuild = f.index_command().arg("--rebuild").output().unwrap();
    assert_eq!(rebuild.status.code(), Some(2));
    assert_eq!(total(&f.index()), Ok(6));

    // Killed, the first leaves its lock file but not its lock.
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(f.index().join(".rassegna-writer.lock").exists());
    f.index_command().assert().success();
    assert_eq!(total(&f.index()), Ok(3006));
}

#[test]
fn searches_during_a_rebuild_see_the_last_commit_and_never_fail() {
    let f = Fixture::indexed();
    write_bulk_articles(&f.corpus(), 3000);
    let mut build = spawn_index(&f.corpus(), &f.index(), &["--rebuild"]);
    let mut rounds = 0;
    let mut seen = BTreeSet::new();
    loop {
        let finished = build.try_wait().unwrap();
        let answer = total(&f.index()).unwrap_or_else(|error| panic!("round {rounds}: {error}"));
        assert!(answer == 6 || answer == 3006, "round {rounds}: {answer}");
        seen.insert(answer);
        // Each answer comes with the articles of that commit, readable.
        let persons = outcome_of(
            &rassegna()
                .args(["persons", "--json", "--index"])
                .arg(f.index())
                .output()
                .unwrap(),
        );
        assert!(persons.is_ok(), "round {rounds}: {persons:?}");
        rounds += 1;
        if let Some(status) = finished {
            assert!(status.success());
            break;
        }
    }
    assert_eq!(total(&f.index()), Ok(3006));
    assert!(
        seen.contains(&6),
        "no search ran before the commit ({rounds} rounds)"
    );
    eprintln!("{rounds} rounds of searches during the rebuild, all answered");
}

/// A damage done to a copy of a good index.
struct Damage {
    name: &'static str,
    /// Whether opening must already refuse the index (a file cut short or
    /// missing, meta.json wrong): then plain `rassegna index` refuses it too.
    found_on_open: bool,
    apply: fn(&Path),
}

fn segment_file(index: &Path, extension: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files.into_iter().next().expect("a segment file")
}

fn truncate(index: &Path, extension: &str) {
    let file = segment_file(index, extension);
    let length = std::fs::metadata(&file).unwrap().len();
    let handle = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    handle.set_len(length / 2).unwrap();
}

/// Overwrites the body of a segment file (all but its footer) with
/// pseudo-random bytes.
fn garble(index: &Path, extension: &str) {
    let file = segment_file(index, extension);
    let mut bytes = std::fs::read(&file).unwrap();
    let footer = 128.min(bytes.len());
    let body = bytes.len() - footer;
    let mut state: u32 = 0x9e37_79b9;
    for byte in &mut bytes[..body] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte = state as u8;
    }
    std::fs::write(&file, bytes).unwrap();
}

/// Overwrites the start of the skip index of a segment's document store
/// (found through the store's footer, under tantivy's own footer) with a
/// number of layers in the billions: tantivy would allocate by it.
fn garble_store_skip_index(index: &Path) {
    let file = segment_file(index, "store");
    let mut bytes = std::fs::read(&file).unwrap();
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let tantivy_footer = u32_at(bytes.len() - 8) + 8;
    let store_footer = bytes.len() - tantivy_footer - 28;
    let skip_index = u64::from_le_bytes(
        bytes[store_footer + 4..store_footer + 12]
            .try_into()
            .unwrap(),
    ) as usize;
    bytes[skip_index..skip_index + 5].copy_from_slice(&[0x7f, 0x7f, 0x7f, 0x7f, 0x8f]);
    std::fs::write(&file, bytes).unwrap();
}

fn edit_meta(index: &Path, edit: fn(&mut serde_json::Value)) {
    let path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut meta);
    std::fs::write(&path, serde_json::to_vec(&meta).unwrap()).unwrap();
}

const DAMAGES: &[Damage] = &[
    Damage {
        name: "truncated .idx",
        found_on_open: true,
        apply: |i| truncate(i, "idx"),
    },
    Damage {
        name: "truncated .term",
        found_on_open: true,
        apply: |i| truncate(i, "term"),
    },
    Damage {
        name: "truncated .fast",
        found_on_open: true,
        apply: |i| truncate(i, "fast"),
    },
    Damage {
        name: "truncated .store",
        found_on_open: true,
        apply: |i| truncate(i, "store"),
    },
    Damage {
        name: "truncated .pos",
        found_on_open: true,
        apply: |i| truncate(i, "pos"),
    },
    Damage {
        name: "garbled .idx",
        found_on_open: false,
        apply: |i| garble(i, "idx"),
    },
    Damage {
        name: "garbled .term",
        found_on_open: false,
        apply: |i| garble(i, "term"),
    },
    Damage {
        name: "garbled .fast",
        found_on_open: false,
        apply: |i| garble(i, "fast"),
    },
    Damage {
        name: "garbled .store",
        found_on_open: false,
        apply: |i| garble(i, "store"),
    },
    Damage {
        name: "garbled skip index of .store",
        found_on_open: true,
        apply: garble_store_skip_index,
    },
    Damage {
        name: "garbled .pos",
        found_on_open: false,
        apply: |i| garble(i, "pos"),
    },
    Damage {
        name: "deleted .store",
        found_on_open: true,
        apply: |i| std::fs::remove_file(segment_file(i, "store")).unwrap(),
    },
    Damage {
        name: "empty meta.json",
        found_on_open: true,
        apply: |i| std::fs::write(i.join("meta.json"), "").unwrap(),
    },
    Damage {
        name: "garbage meta.json",
        found_on_open: true,
        apply: |i| std::fs::write(i.join("meta.json"), b"\x00\xffgarbage{\"segments\":").unwrap(),
    },
    Damage {
        name: "meta.json with max_doc doubled",
        found_on_open: true,
        apply: |i| {
            edit_meta(i, |meta| {
                let segment = &mut meta["segments"][0];
                let doubled = segment["max_doc"].as_u64().unwrap() * 2;
                segment["max_doc"] = doubled.into();
            })
        },
    },
    Damage {
        name: "deleted meta.json",
        found_on_open: true,
        apply: |i| std::fs::remove_file(i.join("meta.json")).unwrap(),
    },
    Damage {
        name: "garbage .managed.json",
        found_on_open: true,
        apply: |i| std::fs::write(i.join(".managed.json"), "{{{").unwrap(),
    },
];

/// Runs `search`, `persons` and `show` on a damaged index: each answers or
/// exits 2 saying the index is damaged and how to rebuild it, never a
/// panic. Returns how many were refused.
fn read_damaged(index: &Path, damage: &str) -> usize {
    let commands: [&[&str]; 4] = [
        &["search", "--json", "consiglio"],
        &["search", "--json", "--sort", "date", "*"],
        &["persons", "--json"],
        &["show", "--json", "2024/03-vertice.txt"],
    ];
    let mut refused = 0;
    for args in commands {
        let output = rassegna()
            .args(args)
            .arg("--index")
            .arg(index)
            .output()
            .unwrap();
        if let Err(message) = outcome_of(&output) {
            assert!(
                message.contains("is damaged")
                    && message.contains("rassegna index --rebuild --corpus <DIR> --index"),
                "{damage}, {args:?}: {message}"
            );
            refused += 1;
        }
    }
    refused
}

#[test]
fn damaged_index_files_are_reported_never_a_panic_and_rebuild_repairs_them() {
    let f = Fixture::new();
    write_bulk_articles(&f.corpus(), 300);
    f.index_command().assert().success();
    let mut garbled_refused = 0;
    for damage in DAMAGES {
        let copy = tempfile::tempdir().unwrap();
        let index = copy.path().join("index");
        std::fs::create_dir(&index).unwrap();
        for entry in std::fs::read_dir(f.index()).unwrap().flatten() {
            std::fs::copy(entry.path(), index.join(entry.file_name())).unwrap();
        }
        std::fs::write(index.join("README.md"), "notes of the archivist\n").unwrap();
        (damage.apply)(&index);

        let refused = read_damaged(&index, damage.name);
        if damage.found_on_open {
            assert_eq!(refused, 4, "{}", damage.name);
        } else {
            garbled_refused += refused;
        }
        // Plain `index` says what to do; `--rebuild` always succeeds.
        let plain = index_command(&f.corpus(), &index).output().unwrap();
        if damage.found_on_open {
            assert_eq!(plain.status.code(), Some(2), "{}", damage.name);
            assert!(
                String::from_utf8_lossy(&plain.stderr).contains("rassegna index --rebuild"),
                "{}",
                damage.name
            );
        }
        index_command(&f.corpus(), &index)
            .arg("--rebuild")
            .assert()
            .success();
        assert_eq!(total(&index), Ok(306), "{}", damage.name);
        assert_eq!(read_damaged(&index, damage.name), 0, "{}", damage.name);
        // Only the index's own files were deleted.
        assert_eq!(
            std::fs::read_to_string(index.join("README.md")).unwrap(),
            "notes of the archivist\n"
        );
        let (named, on_disk) = segments(&index);
        assert_eq!(named, on_disk, "{}: files of no segment left", damage.name);
    }
    // Garbled bytes inside a file are not looked for on every search (that
    // means reading the whole index), but where tantivy trips on them the
    // answer is an error naming the damage, not a crash.
    assert!(garbled_refused > 0, "no garbled file was noticed");
}

#[test]
fn a_folder_that_is_not_an_index_is_never_cleared_by_rebuild() {
    let f = Fixture::new();
    let folder = f.dir.path().join("documents");
    write_files(
        &folder,
        &[("lettera.txt", b"cara Anna"), ("meta.json", b"{}")],
    );
    let output = index_command(&f.corpus(), &folder)
        .arg("--rebuild")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a rassegna index"));
    assert_eq!(
        std::fs::read(folder.join("lettera.txt")).unwrap(),
        b"cara Anna"
    );
    assert!(!folder.join(".rassegna-writer.lock").exists());
}

/// Runs `script` with `sh` inside a new user and mount namespace, where it
/// may mount; `None` (after a visible SKIP) where the machine refuses one.
fn in_mount_namespace(script: &str, env: &[(&str, &Path)]) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["-rm", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but `unshare -rm` is refused: the mount tests cannot run"
        );
        let _ = writeln!(
            std::io::stderr(),
            "SKIP: `unshare -rm` is refused here, so no read-only mount or small tmpfs can be made"
        );
        return None;
    }
    let mut command = Command::new("unshare");
    command
        .args(["-rm", "sh", "-c", script])
        .env("BIN", binary());
    for (name, path) in env {
        command.env(name, path);
    }
    Some(command.output().unwrap())
}

/// The lines `KEY=value` a namespace script printed, by key.
fn reported(output: &Output) -> std::collections::BTreeMap<String, String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_read_only_mount_is_searchable_and_refuses_writers_clearly() {
    let f = Fixture::indexed();
    // One copy without tantivy's meta lock file, which a reader may not create.
    let bare = f.dir.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    for entry in std::fs::read_dir(f.index()).unwrap().flatten() {
        if !entry.file_name().to_string_lossy().ends_with(".lock") {
            std::fs::copy(entry.path(), bare.join(entry.file_name())).unwrap();
        }
    }
    let mount = f.dir.path().join("mnt");
    std::fs::create_dir(&mount).unwrap();
    let script = r#"
        check() {
            mount --bind "$1" "$MNT" && mount -o remount,bind,ro "$MNT" || exit 90
            "$BIN" search --json '*' --index "$MNT" > "$OUT/search-$2.json"; echo "search_$2=$?"
            "$BIN" persons --json --index "$MNT" > /dev/null; echo "persons_$2=$?"
            "$BIN" show --json 2024/03-vertice.txt --index "$MNT" > /dev/null; echo "show_$2=$?"
            "$BIN" index --corpus "$CORPUS" --index "$MNT" 2> "$OUT/index-$2.err"; echo "index_$2=$?"
            "$BIN" index --rebuild --corpus "$CORPUS" --index "$MNT" 2> /dev/null; echo "rebuild_$2=$?"
            "$BIN" search --json '*' --index "$MNT" > "$OUT/after-$2.json"; echo "after_$2=$?"
            umount "$MNT"
        }
        check "$INDEX" locked
        check "$BARE" bare
    "#;
    let out = f.dir.path().to_path_buf();
    let Some(output) = in_mount_namespace(
        script,
        &[
            ("MNT", &mount),
            ("INDEX", &f.index()),
            ("BARE", &bare),
            ("CORPUS", &f.corpus()),
            ("OUT", &out),
        ],
    ) else {
        return;
    };
    let report = reported(&output);
    for copy in ["locked", "bare"] {
        for command in ["search", "persons", "show", "after"] {
            assert_eq!(
                report.get(&format!("{command}_{copy}")).map(String::as_str),
                Some("0"),
                "{command} on the read-only {copy} copy: {output:?}"
            );
        }
        for command in ["index", "rebuild"] {
            assert_eq!(
                report.get(&format!("{command}_{copy}")).map(String::as_str),
                Some("2"),
                "{command} on the read-only {copy} copy: {output:?}"
            );
        }
        let message = std::fs::read_to_string(out.join(format!("index-{copy}.err"))).unwrap();
        assert!(
            message.contains("cannot write in the index folder")
                && message.contains("Read-only file system")
                && message.contains("can still be searched"),
            "{message}"
        );
        for file in ["search", "after"] {
            let json: serde_json::Value = serde_json::from_slice(
                &std::fs::read(out.join(format!("{file}-{copy}.json"))).unwrap(),
            )
            .unwrap();
            assert_eq!(json["total"], 6, "{file} {copy}");
        }
    }
}

#[test]
fn an_index_the_user_cannot_write_is_searchable() {
    let f = Fixture::indexed();
    // Readable by all, writable by its owner only.
    let index = f.index();
    for path in [f.dir.path(), index.as_path()] {
        let status = Command::new("chmod").arg("755").arg(path).status().unwrap();
        assert!(status.success());
    }
    std::fs::remove_file(index.join(".tantivy-meta.lock")).ok();
    // As root, another user; otherwise the folder made read-only for its owner.
    let as_other = |args: &[&str]| -> Output {
        if unsafe { libc::geteuid() } == 0 {
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(binary())
                .args(args)
                .output()
                .unwrap()
        } else {
            Command::new(binary()).args(args).output().unwrap()
        }
    };
    if unsafe { libc::geteuid() } != 0 {
        assert!(Command::new("chmod")
            .arg("555")
            .arg(&index)
            .status()
            .unwrap()
            .success());
    }
    let index_arg = index.to_str().unwrap();
    let search = as_other(&["search", "--json", "*", "--index", index_arg]);
    let json = outcome_of(&search).expect("search as a user who cannot write");
    assert_eq!(json["total"], 6);
    for args in [
        &["persons", "--json", "--index", index_arg][..],
        &["show", "2024/03-vertice.txt", "--index", index_arg][..],
    ] {
        assert_eq!(as_other(args).status.code(), Some(0), "{args:?}");
    }
    let write = as_other(&[
        "index",
        "--corpus",
        f.corpus().to_str().unwrap(),
        "--index",
        index_arg,
    ]);
    assert_eq!(write.status.code(), Some(2));
    let message = String::from_utf8_lossy(&write.stderr);
    assert!(
        message.contains("cannot write in the index folder")
            && message.contains("Permission denied"),
        "{message}"
    );
    Command::new("chmod")
        .arg("755")
        .arg(&index)
        .status()
        .unwrap();
    assert_eq!(total(&index), Ok(6));
}

#[test]
fn a_full_disk_fails_clearly_keeps_the_last_index_and_leaves_no_leftovers() {
    let f = Fixture::new();
    let big = f.dir.path().join("big");
    write_files(
        &big,
        &common::ARTICLES
            .iter()
            .map(|(p, t)| (*p, t.as_bytes()))
            .collect::<Vec<_>>(),
    );
    write_bulk_articles(&big, 3000);
    let mount = f.dir.path().join("mnt");
    std::fs::create_dir(&mount).unwrap();
    // 3,000 articles need about 3 MB of index, the 6 small ones 60 kB: the
    // disk holds the small index and part of the large one.
    let script = r#"
        mount -t tmpfs -o size=1500k tmpfs "$MNT" || exit 90
        size() { du -sb "$MNT/index" | cut -f1; }
        count() { "$BIN" search --json '*' --limit 1 --index "$MNT/index" | sed -n 's/^  "total": \([0-9]*\),$/\1/p'; }
        "$BIN" index --corpus "$SMALL" --index "$MNT/index" > /dev/null; echo "first=$?"
        echo "size_before=$(size)"
        "$BIN" index --force --corpus "$BIG" --index "$MNT/index" > /dev/null 2> "$OUT/full.err"; echo "full=$?"
        echo "size_after=$(size)"
        echo "count_after=$(count)"
        ls -a "$MNT/index" > "$OUT/files-after"
        "$BIN" index --corpus "$SMALL" --index "$MNT/index" > /dev/null; echo "again=$?"
        echo "count_again=$(count)"
        echo "size_again=$(size)"
    "#;
    let out = f.dir.path().to_path_buf();
    let Some(output) = in_mount_namespace(
        script,
        &[
            ("MNT", &mount),
            ("SMALL", &f.corpus()),
            ("BIG", &big),
            ("OUT", &out),
        ],
    ) else {
        return;
    };
    let report = reported(&output);
    let get = |key: &str| -> u64 {
        report
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {output:?}"))
    };
    assert_eq!(get("first"), 0, "{output:?}");
    assert_eq!(get("full"), 2, "{output:?}");
    let message = std::fs::read_to_string(out.join("full.err")).unwrap();
    assert!(
        message.contains("cannot write in the index folder")
            && message.to_lowercase().contains("no space left on")
            && message.contains("free disk space"),
        "{message}"
    );
    assert_eq!(get("count_after"), 6, "the last index, searchable");
    // The failed build took back what it wrote: only the old index remains
    // (a few bytes of bookkeeping may differ).
    let files = std::fs::read_to_string(out.join("files-after")).unwrap();
    assert!(
        get("size_after") <= get("size_before") + 4096,
        "{} bytes before, {} after:\n{files}",
        get("size_before"),
        get("size_after")
    );
    assert!(!files.contains(".tmp"), "{files}");
    assert_eq!(get("again"), 0);
    assert_eq!(get("count_again"), 6);
}

/// What a build killed after writing segments leaves: files of segments no
/// commit names, a temporary file of tantivy's, an identity table being
/// written. The next run deletes them before it needs the room.
#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next_run() {
    let f = Fixture::indexed();
    let clean_bytes = folder_bytes(&f.index());
    // A build killed after writing its segments, before its commit: its
    // files are registered with tantivy (.managed.json) but no commit names them.
    {
        let other = tempfile::tempdir().unwrap();
        let other_index = other.path().join("index");
        write_bulk_articles(&f.corpus(), 500);
        index_command(&f.corpus(), &other_index).assert().success();
        let mut managed: Vec<String> =
            serde_json::from_slice(&std::fs::read(f.index().join(".managed.json")).unwrap())
                .unwrap();
        let (named, _) = segments(&other_index);
        for entry in std::fs::read_dir(&other_index).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if named.iter().any(|id| name.starts_with(id.as_str())) {
                std::fs::copy(entry.path(), f.index().join(&name)).unwrap();
                managed.push(name);
            }
        }
        std::fs::write(
            f.index().join(".managed.json"),
            serde_json::to_vec(&managed).unwrap(),
        )
        .unwrap();
        std::fs::write(f.index().join(".tmpXk3J9a"), vec![0u8; 4096]).unwrap();
        std::fs::write(f.index().join(".identities-Ab12Cd"), b"{\"half\":").unwrap();
        for i in 0..500 {
            std::fs::remove_file(f.corpus().join(format!("bulk/{:03}/{i:05}.txt", i / 500)))
                .unwrap();
        }
    }
    let (named, on_disk) = segments(&f.index());
    assert!(on_disk.len() > named.len());
    assert!(folder_bytes(&f.index()) > clean_bytes + 100_000);
    // Searching ignores them.
    assert_eq!(total(&f.index()), Ok(6));

    f.index_command().assert().success();
    let (named, on_disk) = segments(&f.index());
    assert_eq!(named, on_disk);
    let names: Vec<String> = std::fs::read_dir(f.index())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with(".tmp") || n.starts_with(".identities-")),
        "{names:?}"
    );
    let after = folder_bytes(&f.index());
    assert!(
        after <= clean_bytes + clean_bytes / 10,
        "{clean_bytes} bytes before, {after} after"
    );
    assert_eq!(total(&f.index()), Ok(6));
}
