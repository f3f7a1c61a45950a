//! End-to-end: `rassegna serve` on a free port over a temporary index of the
//! bundled corpus, asked by a real HTTP client: every endpoint, the same JSON
//! as the command line, every error path, the bounds, reloading after a
//! rebuild, shutting down on SIGTERM.

mod common;
mod serving;

use common::{rassegna, success_json, write_files};
use serving::{bundled_corpus, encode, Server};

/// A server over a fresh index of the bundled corpus (built on start).
fn bundled() -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(&dir.path().join("index"), &bundled_corpus());
    (dir, server)
}

fn without_time(mut json: serde_json::Value) -> serde_json::Value {
    json.as_object_mut().expect("object").remove("took_ms");
    json
}

#[test]
fn a_fresh_index_is_built_from_the_corpus_on_start() {
    let (dir, server) = bundled();
    assert!(
        server.started.iter().any(|l| l.starts_with("No index in ")),
        "{:?}",
        server.started
    );
    let health = server.get("/health");
    assert_eq!(health.status, 200);
    let all = success_json(
        rassegna()
            .args(["search", "*", "--json", "--index"])
            .arg(dir.path().join("index")),
        &["total"],
    );
    assert_eq!(health.json()["articles"], all["total"]);
    assert_eq!(health.json()["status"], "ok");
}

#[test]
fn search_answers_the_json_of_the_command_line_plus_facets() {
    let (dir, server) = bundled();
    let index = dir.path().join("index");
    for (query, args) in [
        ("q=putin&facets=none", vec!["putin"]),
        (
            "q=incontro&person=kim&limit=1&facets=none",
            vec!["incontro", "--person", "kim", "--limit", "1"],
        ),
        (
            "q=trump&sort=date&offset=1&limit=2&facets=none",
            vec!["trump", "--sort", "date", "--offset", "1", "--limit", "2"],
        ),
        (
            "q=putin&from=2023-10&to=2023-12&facets=none",
            vec!["putin", "--from", "2023-10", "--to", "2023-12"],
        ),
    ] {
        let api = server.get(&format!("/api/search?{query}"));
        assert_eq!(api.status, 200, "{}", api.body);
        assert_eq!(api.content_type, "application/json");
        // Exit status 1 when nothing matches: the JSON is printed all the same.
        let output = rassegna()
            .arg("search")
            .args(&args)
            .args(["--json", "--index"])
            .arg(&index)
            .output()
            .expect("run rassegna");
        let cli: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(without_time(api.json()), without_time(cli), "{query}");
    }
}

#[test]
fn the_facets_count_the_whole_result_set() {
    let (dir, server) = bundled();
    let page = server.get("/api/search?q=putin&limit=1").json();
    let total = page["total"].as_u64().expect("total");
    assert_eq!(page["hits"].as_array().expect("hits").len(), 1);
    // Persons: those of `rassegna persons --query putin`, top 10.
    let persons = success_json(
        rassegna()
            .args([
                "persons", "--query", "putin", "--limit", "10", "--json", "--index",
            ])
            .arg(dir.path().join("index")),
        &[],
    );
    assert_eq!(page["persons"], persons);
    assert_eq!(page["persons"][0]["name"], "Vladimir Putin");
    assert_eq!(page["persons"][0]["articles"].as_u64(), Some(total));
    // Timeline: every matching article in one period (or undated), and the
    // periods' denominators add up to the dated articles of the index.
    let timeline = &page["timeline"];
    let periods = timeline["periods"].as_array().expect("periods");
    let sum = |key: &str| {
        periods
            .iter()
            .map(|p| p[key].as_u64().expect("count"))
            .sum::<u64>()
    };
    assert_eq!(
        sum("articles") + timeline["undated"].as_u64().expect("undated"),
        total
    );
    let everything = server.get("/api/search?facets=timeline&limit=1").json();
    let undated_all = everything["timeline"]["undated"].as_u64().expect("undated");
    assert_eq!(
        sum("all_articles") + undated_all,
        everything["total"].as_u64().expect("total")
    );
    assert!(periods
        .iter()
        .all(|p| p["articles"].as_u64() <= p["all_articles"].as_u64()));
    // The bundled corpus spans under five years: months, consecutive.
    assert_eq!(timeline["interval"], "month");
    let names: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().expect("period"))
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    // By year on request; a period used as from/to selects its articles.
    let years = server
        .get("/api/search?q=putin&facets=timeline&interval=year&limit=1")
        .json();
    for period in years["timeline"]["periods"].as_array().expect("periods") {
        let year = period["period"].as_str().expect("year");
        assert_eq!(year.len(), 4);
        let narrowed = server
            .get(&format!(
                "/api/search?q=putin&from={year}&to={year}&facets=timeline&limit=1"
            ))
            .json();
        assert_eq!(narrowed["total"], period["articles"], "{year}");
        let inside = narrowed["timeline"]["periods"].as_array().expect("periods");
        assert!(inside
            .iter()
            .all(|p| p["period"].as_str().is_some_and(|m| m.starts_with(year))));
        let all_in_year: u64 = inside
            .iter()
            .map(|p| p["all_articles"].as_u64().expect("n"))
            .sum();
        assert_eq!(
            all_in_year,
            period["all_articles"].as_u64().expect("n"),
            "{year}"
        );
    }
    // Dates far outside what the index can hold are the ends of time.
    let wide = server
        .get("/api/search?q=putin&from=1500&to=2500&facets=none")
        .json();
    assert_eq!(wide["total"].as_u64(), Some(total));
    // Facets can be left out.
    let lean = server.get("/api/search?q=putin&facets=none").json();
    assert!(lean.get("persons").is_none() && lean.get("timeline").is_none());
}

#[test]
fn an_article_has_its_body_with_the_matched_words_highlighted() {
    let (dir, server) = bundled();
    let id = "2024/2024-06-19-putin-visita-pyongyang.txt";
    let article = server.get(&format!("/api/articles/{id}?q=putin"));
    assert_eq!(article.status, 200, "{}", article.body);
    let json = article.json();
    let shown = success_json(
        rassegna()
            .args(["show", id, "--json", "--index"])
            .arg(dir.path().join("index")),
        &["body"],
    );
    for key in [
        "id", "path", "date", "author", "headline", "persons", "body",
    ] {
        assert_eq!(json[key], shown[key], "{key}");
    }
    let body: Vec<char> = json["body"].as_str().expect("body").chars().collect();
    let highlights = json["highlights"].as_array().expect("highlights");
    assert!(highlights.len() >= 2, "{highlights:?}");
    for h in highlights {
        let (start, end) = (
            h["start"].as_u64().expect("start") as usize,
            h["end"].as_u64().expect("end") as usize,
        );
        let word: String = body[start..end].iter().collect();
        assert_eq!(word.to_lowercase(), "putin");
    }
    // Without a query nothing is highlighted; `/` may come encoded.
    let plain = server.get(&format!("/api/articles/{}", encode(id))).json();
    assert_eq!(plain["id"], id);
    assert_eq!(plain["highlights"], serde_json::json!([]));
}

#[test]
fn ids_never_read_outside_the_index() {
    let (_dir, server) = bundled();
    for id in [
        "../Cargo.toml",
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "2024/../../Cargo.toml",
        "README.md",
        "2024",
    ] {
        let answer = server.get(&format!("/api/articles/{id}"));
        assert_eq!(answer.error_kind(404), "unknown_article", "{id}");
    }
    let (status, text) = server.raw(b"GET /api/articles/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 404, "{text}");
    assert!(!text.contains("root:"), "{text}");
}

#[test]
fn persons_and_a_person_s_profile() {
    let (dir, server) = bundled();
    let list = server.get("/api/persons?limit=8");
    assert_eq!(list.status, 200);
    let cli = success_json(
        rassegna()
            .args(["persons", "--limit", "8", "--json", "--index"])
            .arg(dir.path().join("index")),
        &[],
    );
    assert_eq!(list.json(), cli);
    let filtered = server.get("/api/persons?q=putin&from=2024&limit=3").json();
    assert!(filtered.as_array().expect("list").len() <= 3);

    let putin = server.get(&format!(
        "/api/persons/{}",
        encode("Vladimir Putin").replace('+', "%20")
    ));
    assert_eq!(putin.status, 200, "{}", putin.body);
    let profile = putin.json();
    let count = cli
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["name"] == "Vladimir Putin")
        .map(|p| p["articles"].clone())
        .expect("Putin listed");
    assert_eq!(profile["articles"], count);
    let co: Vec<&str> = profile["co_mentioned"]
        .as_array()
        .expect("co-mentioned")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert!(co.contains(&"Kim Jong Un"), "{co:?}");
    assert!(!co.contains(&"Vladimir Putin"), "{co:?}");
    let periods = profile["timeline"]["periods"].as_array().expect("periods");
    let dated: u64 = periods
        .iter()
        .map(|p| p["articles"].as_u64().expect("n"))
        .sum();
    assert_eq!(
        Some(dated + profile["timeline"]["undated"].as_u64().expect("n")),
        count.as_u64()
    );

    let nobody = server.get("/api/persons/Nessuno%20Mainominato");
    assert_eq!(nobody.error_kind(404), "unknown_person");
}

#[test]
fn csv_has_one_row_a_result() {
    let (_dir, server) = bundled();
    let csv = server.get("/api/search.csv?q=putin");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert!(csv
        .header("content-disposition")
        .is_some_and(|d| d.contains("attachment")));
    let text = csv.body.strip_prefix('\u{feff}').expect("byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        headers,
        ["rank", "date", "author", "id", "headline", "persons"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let total = server.get("/api/search?q=putin&facets=none").json()["total"]
        .as_u64()
        .expect("total");
    assert_eq!(rows.len() as u64, total);
    assert_eq!(&rows[0][0], "1");
    assert!(rows.iter().all(|r| r[5].contains("Vladimir Putin")));
}

#[test]
fn errors_about_filters_name_the_api_s_parameters_not_the_command_line_s() {
    let (_dir, server) = bundled();
    for (path, said) in [
        (
            "/api/search?person=%2E%2E",
            "person='..' is not a name: give a name or part of one, e.g. person=putin",
        ),
        ("/api/search?author=%3F", "author='?' is not a name"),
        ("/api/search?q=x&from=ieri", "invalid date from=ieri"),
        (
            "/api/search?from=2025&to=2024",
            "from=2025-01-01 is after to=2024-12-31",
        ),
    ] {
        let answer = server.get(path);
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(said), "{path}: {message}");
        assert!(!message.contains("--"), "{path}: {message}");
    }
}

#[test]
fn bad_input_is_a_json_error_with_the_right_status() {
    let (_dir, server) = bundled();
    let long = "a".repeat(1_001);
    for (path, status, kind) in [
        ("/api/search?q=%22non%20chiusa", 400, "query"),
        ("/api/search?q=x&from=2024-13", 400, "date"),
        ("/api/search?q=x&from=ieri", 400, "date"),
        ("/api/search?from=2025&to=2024", 400, "empty_date_range"),
        ("/api/search?offset=99995&limit=10", 400, "too_deep"),
        ("/api/search?limit=0", 400, "parameter"),
        ("/api/search?limit=101", 400, "parameter"),
        ("/api/search?limit=dieci", 400, "parameter"),
        ("/api/search?sort=random", 400, "parameter"),
        ("/api/search?any=forse", 400, "parameter"),
        ("/api/search?facets=people", 400, "parameter"),
        ("/api/search?interval=week", 400, "parameter"),
        ("/api/search?qq=putin", 400, "parameter"),
        ("/api/search?q=a&q=b", 400, "parameter"),
        ("/api/search?person=%2E%2E", 400, "invalid_name"),
        (
            "/api/search?person=a&person=b&person=c&person=d&person=e&person=f",
            400,
            "parameter",
        ),
        ("/api/search.csv?limit=10001", 400, "parameter"),
        ("/api/persons?limit=1000", 400, "parameter"),
        ("/api/articles/x?q=%28", 400, "query"),
        (&format!("/api/search?q={long}"), 414, "too_long"),
        (
            &format!("/api/search?person={}", "b".repeat(201)),
            414,
            "too_long",
        ),
        (
            &format!("/api/search?q={}", "a".repeat(9_000)),
            414,
            "too_long",
        ),
        ("/api/nothing", 404, "not_found"),
        ("/assets/nothing.js", 404, "not_found"),
    ] {
        assert_eq!(server.get(path).error_kind(status), kind, "{path}");
    }
    // What polite clients never send: a body, huge headers, another method.
    let (status, text) = server.raw(b"GET /api/search?q=x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("body_not_allowed"), "{text}");
    let big = format!(
        "GET /api/search?q=x HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(20_000)
    );
    let (status, text) = server.raw(big.as_bytes());
    assert_eq!(status, 431, "{text}");
    let huge = format!(
        "GET /api/search?q=x HTTP/1.1\r\nHost: x\r\nX-Huge: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(1_000_000)
    );
    let (status, _) = server.raw(huge.as_bytes());
    assert_eq!(status, 431);
    let (status, text) = server.raw(
        b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405, "{text}");
    assert!(text.contains("method_not_allowed"), "{text}");
    // The server is still there after all that.
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn other_sites_cannot_read_the_api_and_the_page_loads_only_its_own_files() {
    let (_dir, server) = bundled();
    let (status, text) = server.raw(b"GET /api/search?q=putin HTTP/1.1\r\nHost: x\r\nOrigin: https://example.org\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 200);
    assert!(
        !text
            .to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{text}"
    );
    let (status, text) = server.raw(b"OPTIONS /api/search HTTP/1.1\r\nHost: x\r\nOrigin: https://example.org\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
    assert!(
        !text.to_ascii_lowercase().contains("access-control-allow"),
        "{text}"
    );

    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let policy = page.header("content-security-policy").expect("CSP");
    assert!(
        policy.contains("default-src 'none'") && policy.contains("script-src 'self'"),
        "{policy}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    // Everything the page links to is served here, and all of it is small.
    let mut bytes = page.body.len();
    for asset in ["/assets/app.js", "/assets/style.css", "/assets/favicon.svg"] {
        assert!(page.body.contains(asset), "{asset} linked");
        let answer = server.get(asset);
        assert_eq!(answer.status, 200, "{asset}");
        bytes += answer.body.len();
    }
    assert!(!page.body.contains("http://") && !page.body.contains("https://"));
    assert!(bytes < 100_000, "first render: {bytes} bytes of assets");
    let openapi = server.get("/api/openapi.json").json();
    assert_eq!(openapi["openapi"], "3.0.3");
    for path in [
        "/api/search",
        "/api/search.csv",
        "/api/articles/{id}",
        "/api/persons",
        "/api/persons/{name}",
        "/health",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path} documented");
    }
}

#[test]
fn a_rebuild_while_serving_is_seen_without_a_restart() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    write_files(
        &corpus,
        &[(
            "2024/a.txt",
            "date 2024-01-02 Il sindaco ha parlato del bilancio.\n".as_bytes(),
        )],
    );
    let server = Server::start(&index, &corpus);
    assert_eq!(
        server.get("/api/search?q=zanzariera&facets=none").json()["total"],
        0
    );
    write_files(
        &corpus,
        &[(
            "2024/b.txt",
            "date 2024-02-03 La zanzariera del municipio è rotta.\n".as_bytes(),
        )],
    );
    common::index_command(&corpus, &index).assert().success();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found = server.get("/api/search?q=zanzariera&facets=none").json();
        if found["total"] == 1 {
            assert_eq!(found["hits"][0]["id"], "2024/b.txt");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new commit was never seen"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(server.get("/health").json()["articles"], 2);
    // The timeline's denominators follow the new index too.
    let timeline = server.get("/api/search?facets=timeline").json();
    let all: u64 = timeline["timeline"]["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p["all_articles"].as_u64().expect("n"))
        .sum();
    assert_eq!(all, 2);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let (_dir, server) = bundled();
    assert_eq!(server.get("/health").status, 200);
    let (status, lines) = server.terminate();
    assert!(status.success(), "{status:?} {lines:?}");
    assert!(lines.iter().any(|l| l == "Stopped."), "{lines:?}");
}

#[test]
fn an_address_beyond_loopback_is_warned_about() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start_with(&dir.path().join("index"), &bundled_corpus(), "0.0.0.0:0");
    assert!(
        server
            .started
            .iter()
            .any(|l| l.starts_with("warning: listening on 0.0.0.0:")),
        "{:?}",
        server.started
    );
    let (status, _) = server.terminate();
    assert!(status.success());
}

#[test]
fn the_readme_s_api_example_is_what_the_server_answers() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let section = readme
        .split("#### The API")
        .nth(1)
        .expect("README has an API section");
    let request = section
        .lines()
        .find_map(|line| line.strip_prefix("GET "))
        .expect("an example request");
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("an example answer");
    // As the README runs it: from the repository, `--corpus corpus`
    // (paths in the answer are as given).
    let dir = tempfile::tempdir().expect("temporary folder");
    let server = Server::start(&dir.path().join("index"), std::path::Path::new("corpus"));
    let answer = server.get(request.trim());
    assert_eq!(answer.status, 200, "{}", answer.body);
    let shown: serde_json::Value = serde_json::from_str(example).expect("the example is JSON");
    assert_eq!(without_time(answer.json()), without_time(shown));
}
