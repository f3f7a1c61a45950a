//! The server as outside clients see it, through tools that are not Rust:
//! the search page in headless Chromium (`tests/browser/page.mjs`, driven by
//! playwright-core from npm, Debian's `/usr/bin/chromium`), which also takes
//! the README's screenshots; and schemathesis (PyPI) testing the API against
//! its OpenAPI document with generated requests.
//!
//! On a machine without these tools the tests say SKIP and pass; with
//! `RASSEGNA_REQUIRE_TOOLS=1` (set by `.ci/run`, which installs them) a
//! missing tool is a failure.

mod serving;

use std::path::{Path, PathBuf};
use std::process::Command;

use serving::{bundled_corpus, Server};

/// `None` after a visible SKIP when `what` is missing, unless the tools are
/// required, then a failure.
fn missing(what: &str, install: &str) -> Option<()> {
    if std::env::var("RASSEGNA_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("RASSEGNA_REQUIRE_TOOLS=1 but {what} is missing: {install}");
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIP: {what} is missing ({install}); set RASSEGNA_REQUIRE_TOOLS=1 to fail instead"
    );
    None
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    })
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_page_works_in_a_browser() {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let browser = root().join("tests/browser");
    let Some(node) = on_path("node") else {
        return missing("node", "install Node.js 20 or newer").unwrap_or(());
    };
    if !chromium.is_file() {
        return missing("chromium", "apt-get install chromium").unwrap_or(());
    }
    if !browser.join("node_modules/playwright-core").is_dir() {
        return missing("playwright-core", "npm ci --prefix tests/browser").unwrap_or(());
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(&dir.path().join("index"), &bundled_corpus());
    // The README's screenshots are refreshed on request only, so that a
    // test run leaves the working tree as it was.
    let shots = if std::env::var("RASSEGNA_UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        root().join("docs/screenshots")
    } else {
        root().join("target/screenshots")
    };
    let output = Command::new(node)
        .arg(browser.join("page.mjs"))
        .arg(&server.base)
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for shot in [
        "search.png",
        "article.png",
        "compare.png",
        "person.png",
        "phone.png",
    ] {
        assert!(shots.join(shot).is_file(), "{shot} taken");
    }
}

#[test]
fn the_api_keeps_its_openapi_document() {
    let Some(schemathesis) = std::env::var_os("SCHEMATHESIS")
        .map(PathBuf::from)
        .or_else(|| on_path("schemathesis"))
    else {
        return missing("schemathesis", "pip install schemathesis").unwrap_or(());
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(&dir.path().join("index"), &bundled_corpus());
    // Generated requests (examples, boundaries, random) against every
    // operation: no 5xx, only documented statuses and content types, and
    // every answer valid against the document's schemas. A fixed seed and a
    // bounded number of examples keep the run short and repeatable.
    let output = Command::new(schemathesis)
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.base))
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
            "--max-examples",
            "30",
            "--seed",
            "1",
            "--no-color",
        ])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .current_dir(dir.path())
        .output()
        .expect("run schemathesis");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains("passed"), "{report}");
}
