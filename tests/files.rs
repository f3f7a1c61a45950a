//! End-to-end: hostile files in the corpus folder. Each is indexed (and
//! findable by its words) or skipped with a reason that names it; the build
//! never crashes, never hangs, and leaves nothing out of the summary.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{rassegna, write_files, Fixture};

/// A run of `rassegna index` must end within this time, whatever the folder
/// holds (a FIFO that is opened would block it for ever).
const NEVER_HANGS: Duration = Duration::from_secs(120);

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(if big_endian {
            &[0xfe, 0xff]
        } else {
            &[0xff, 0xfe]
        });
    }
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// Indexes `dir/corpus` into `dir/index` with `--json` and returns the report.
fn index_report(dir: &Path) -> serde_json::Value {
    let output = common::index_command(&dir.join("corpus"), &dir.join("index"))
        .arg("--json")
        .timeout(NEVER_HANGS)
        .output()
        .expect("run rassegna index");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

/// The problems of `report[list]` as (file name, kind).
fn problems(report: &serde_json::Value, list: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = report[list]
        .as_array()
        .expect("a list of problems")
        .iter()
        .map(|p| {
            let path = Path::new(p["path"].as_str().unwrap_or_default());
            let name = path.file_name().map(|n| n.to_string_lossy().to_string());
            (
                name.unwrap_or_default(),
                p["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn encodings_line_ends_and_invisible_characters_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let body = |word: &str| {
        format!("date 2024-05-01 La città di Carpi e la parola {word}.\n\nPerché no, disse.\n")
    };
    let mixed = "date 2024-05-02 Prima riga\r\nseconda riga con mescolanza.\r\n\r\nUn paragrafo\rcon ritorni vecchi.\n\r\nE infine lunghissimo.";
    write_files(
        &dir.path().join("corpus"),
        &[
            ("utf16le-bom.txt", &utf16(&body("alfabeta"), false, true)),
            ("utf16be-bom.txt", &utf16(&body("betagamma"), true, true)),
            ("utf16le.txt", &utf16(&body("gammadelta"), false, false)),
            ("utf16be.txt", &utf16(&body("deltaepsilon"), true, false)),
            ("latin1.txt", b"date 2024-05-03 La citt\xe0 e la parola epsilonzeta, perch\xe9 s\xec."),
            ("mixed.txt", mixed.as_bytes()),
            (
                "invisible.txt",
                "date 2024-05-04 Una ra\u{200b}pina\u{feff} con escape \x1b[2J e un\u{ad}a sil\u{200d}laba.".as_bytes(),
            ),
            ("nul.txt", b"date 2024-05-05 Un articolo buono con un NUL\0 dentro: zetaeta.\n"),
        ],
    );
    let report = index_report(dir.path());
    assert_eq!(report["indexed"], 8, "{report}");
    assert_eq!(report["skipped"].as_array().unwrap().len(), 0, "{report}");
    let warnings = problems(&report, "warnings");
    for expected in [
        ("latin1.txt", "not UTF-8, read as Windows-1252"),
        ("nul.txt", "control characters removed"),
        ("invisible.txt", "control characters removed"),
        ("utf16be.txt", "UTF-16, decoded"),
        ("utf16le.txt", "UTF-16, decoded"),
    ] {
        assert!(
            warnings.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {warnings:?}"
        );
    }

    let f = Fixture { dir };
    for (word, id) in [
        ("alfabeta", "utf16le-bom.txt"),
        ("betagamma", "utf16be-bom.txt"),
        ("gammadelta", "utf16le.txt"),
        ("deltaepsilon", "utf16be.txt"),
        ("epsilonzeta", "latin1.txt"),
        ("mescolanza", "mixed.txt"),
        ("lunghissimo", "mixed.txt"),
        ("rapina", "invisible.txt"),
        ("sillaba", "invisible.txt"),
        ("zetaeta", "nul.txt"),
    ] {
        assert_eq!(f.ids(&[word]), [id], "«{word}»");
    }
    // Accents decoded right in every encoding.
    assert_eq!(f.ids(&["città"]).len(), 5);
    // The escape character is gone from what is stored and shown.
    let shown = rassegna()
        .args(["show", "invisible.txt", "--json", "--index"])
        .arg(f.index())
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let text = shown["body"].as_str().unwrap();
    assert!(
        !text.contains('\x1b') && !text.contains('\u{200b}'),
        "{text:?}"
    );
    // Mixed line ends still separate the paragraphs.
    let shown = rassegna()
        .args(["show", "mixed.txt", "--json", "--index"])
        .arg(f.index())
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        shown["body"].as_str().unwrap().split("\n\n").count(),
        3,
        "{shown}"
    );
}

#[test]
fn binary_empty_header_only_and_oversized_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let mut noise = Vec::new();
    let mut state: u32 = 0x1234_5678;
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        noise.push((state >> 24) as u8);
    }
    write_files(
        &corpus,
        &[
            ("ok.txt", "date 2024-01-01 Un articolo normale.".as_bytes()),
            ("png.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"),
            ("noise.txt", &noise),
            ("zeros.txt", &[0u8; 10_000]),
            ("empty.txt", b""),
            ("blank.txt", b" \r\n\t\n\n"),
            ("header.txt", b"date 2024-01-01"),
            ("header-blank.txt", b"  date 2024-01-01 \r\n\r\n"),
            (
                "notice.txt",
                "date 2024-01-01 © RIPRODUZIONE RISERVATA".as_bytes(),
            ),
        ],
    );
    // 40 MB on one line, and a 200 MB file (sparse: it takes no disk).
    let line: String = "parola ".repeat(40_000_000 / 7);
    std::fs::write(corpus.join("line40.txt"), format!("date 2024-01-01 {line}")).unwrap();
    std::fs::File::create(corpus.join("huge200.txt"))
        .unwrap()
        .set_len(200_000_000)
        .unwrap();

    let report = index_report(dir.path());
    assert_eq!(report["indexed"], 1, "{report}");
    assert_eq!(
        problems(&report, "skipped"),
        [
            ("blank.txt", "empty"),
            ("empty.txt", "empty"),
            ("header-blank.txt", "empty"),
            ("header.txt", "empty"),
            ("huge200.txt", "too large"),
            ("line40.txt", "too large"),
            ("noise.txt", "binary, not text"),
            ("notice.txt", "empty"),
            ("png.txt", "binary, not text"),
            ("zeros.txt", "binary, not text"),
        ]
        .map(|(name, kind)| (name.to_string(), kind.to_string()))
    );
    // The reason names the size and the limit.
    let too_large = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("huge200.txt"))
        .unwrap();
    let message = too_large["message"].as_str().unwrap();
    assert!(
        message.contains("200000000 bytes") && message.contains("8 MiB"),
        "{message}"
    );
}

#[test]
fn a_large_article_and_fifty_thousand_paragraphs_are_indexed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // One 1 MB line, a word at its very end.
    let line = "testo ".repeat(1_000_000 / 6);
    let paragraphs: Vec<String> = (0..50_000)
        .map(|i| format!("Paragrafo numero {i}."))
        .collect();
    write_files(
        &corpus,
        &[
            (
                "line.txt",
                format!("date 2024-01-01 {line}ultimaparola.").as_bytes(),
            ),
            (
                "paragraphs.txt",
                format!(
                    "date 2024-01-02 {}\n\nparolafinale.",
                    paragraphs.join("\n\n")
                )
                .as_bytes(),
            ),
        ],
    );
    let report = index_report(dir.path());
    assert_eq!(report["indexed"], 2, "{report}");
    let f = Fixture { dir };
    assert_eq!(f.ids(&["ultimaparola"]), ["line.txt"]);
    assert_eq!(f.ids(&["parolafinale"]), ["paragraphs.txt"]);
    assert_eq!(f.ids(&["49999"]), ["paragraphs.txt"]);
}

#[cfg(unix)]
#[test]
fn links_fifos_devices_and_folders_named_txt_are_walked_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let deep: String = (0..40).map(|i| format!("livello{i}/")).collect();
    let deep_file = format!("{deep}profondo.txt");
    write_files(
        &corpus,
        &[
            ("ok.txt", "date 2024-01-01 Un articolo normale.".as_bytes()),
            (
                &deep_file,
                "date 2024-01-02 Quaranta cartelle in giù: abissale.".as_bytes(),
            ),
            (
                "cartella.txt/dentro.txt",
                "date 2024-01-03 Dentro una cartella chiamata come un file: contenitore."
                    .as_bytes(),
            ),
        ],
    );
    std::os::unix::fs::symlink(&corpus, corpus.join("loop")).unwrap();
    std::os::unix::fs::symlink(corpus.join("manca.txt"), corpus.join("rotto.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink(corpus.join("ok.txt"), corpus.join("alias.txt")).unwrap();
    let fifo = corpus.join("tubo.txt");
    let fifo_c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(fifo_c.as_ptr(), 0o644) }, 0);

    let report = index_report(dir.path());
    // ok.txt, its alias, the deep one and the one inside `cartella.txt/`.
    assert_eq!(report["indexed"], 4, "{report}");
    assert_eq!(
        problems(&report, "skipped"),
        [
            ("loop", "symbolic link loop, not followed"),
            ("rotto.txt", "dangling symbolic link"),
            ("tubo.txt", "not a regular file"),
            ("zero.txt", "not a regular file"),
        ]
        .map(|(name, kind)| (name.to_string(), kind.to_string()))
    );
    let messages = report["skipped"].to_string();
    assert!(
        messages.contains("FIFO") && messages.contains("a device"),
        "{messages}"
    );

    let f = Fixture { dir };
    assert_eq!(f.ids(&["abissale"]), [deep_file.as_str()]);
    assert_eq!(f.ids(&["contenitore"]), ["cartella.txt/dentro.txt"]);
    assert_eq!(f.ids(&["normale"]), ["alias.txt", "ok.txt"]);
}

#[cfg(unix)]
#[test]
fn names_with_spaces_accents_and_bytes_that_are_not_utf8_get_distinct_reversible_ids() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let files: [(&[u8], &str); 5] = [
        (b"a\xff.txt", "date 2024-01-01 Primo con byte ff: effeeffe."),
        (
            b"a\xfe.txt",
            "date 2024-01-02 Secondo con byte fe: effeecche.",
        ),
        (
            b"a%FF.txt",
            "date 2024-01-03 Terzo con un percento: percentuale.",
        ),
        (
            "città vecchia/perché è così.txt".as_bytes(),
            "date 2024-01-04 Spazi e accenti: accentato.",
        ),
        (
            b"Cartella \xe8/nota.txt",
            "date 2024-01-05 Cartella in Latin-1: cartellina.",
        ),
    ];
    for (name, text) in files {
        let path = corpus.join(std::ffi::OsStr::from_bytes(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let report = index_report(dir.path());
    assert_eq!(report["indexed"], 5, "{report}");

    let f = Fixture { dir };
    for (word, id) in [
        ("effeeffe", "a%FF.txt"),
        ("effeecche", "a%FE.txt"),
        ("percentuale", "a%25FF.txt"),
        ("accentato", "città vecchia/perché è così.txt"),
        ("cartellina", "Cartella %E8/nota.txt"),
    ] {
        assert_eq!(f.ids(&[word]), [id], "«{word}»");
        // The id reaches the article, and names its file back.
        let output = rassegna()
            .args(["show", id, "--json", "--index"])
            .arg(f.index())
            .output()
            .unwrap();
        assert!(output.status.success(), "show {id}");
        let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(shown["body"].as_str().unwrap().contains(word), "{shown}");
        let relative = rassegna::index::walk::relative_path(id).unwrap();
        assert!(f.corpus().join(relative).is_file(), "{id}");
    }
}
