//! A real `rassegna serve` for the end-to-end tests: the binary started on
//! a free loopback port, with an HTTP client for it. The server is stopped
//! (SIGTERM) when the value is dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The bundled sample articles of the repository.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// What the server printed on standard error, line by line, as it comes.
    pub lines: mpsc::Receiver<String>,
    /// The lines printed before it said where it listens.
    pub started: Vec<String>,
    agent: ureq::Agent,
}

/// An answer: status, headers, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The error's kind, checking the error shape and the status.
    pub fn error_kind(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type.starts_with("application/json"),
            "{}",
            self.content_type
        );
        let json = self.json();
        assert!(
            json["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{json}"
        );
        json["error"]["kind"]
            .as_str()
            .expect("error kind")
            .to_string()
    }
}

impl Server {
    /// `rassegna serve --index INDEX --corpus CORPUS --addr 127.0.0.1:0`,
    /// once it says where it listens.
    pub fn start(index: &Path, corpus: &Path) -> Server {
        Server::start_with(index, corpus, "127.0.0.1:0")
    }

    /// The same on another address.
    pub fn start_with(index: &Path, corpus: &Path, addr: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rassegna"))
            .arg("serve")
            .arg("--index")
            .arg(index)
            .arg("--corpus")
            .arg(corpus)
            .args(["--addr", addr])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rassegna serve");
        let stderr = child.stderr.take().expect("stderr piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut seen = Vec::new();
        let base = loop {
            let line = lines
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("the server never said where it listens: {seen:?}"));
            if let Some(rest) = line.split(" at http://").nth(1) {
                let addr = rest.split('/').next().expect("address");
                break format!("http://{addr}");
            }
            seen.push(line);
        };
        let started = seen;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            child,
            base,
            lines,
            started,
            agent,
        }
    }

    /// GET `path` (with its query string, already encoded).
    pub fn get(&self, path: &str) -> Answer {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect::<Vec<_>>();
        let content_type = headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        Answer {
            status: response.status().as_u16(),
            content_type,
            headers,
            body: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// Sends `request` as raw bytes (for what a polite client never sends)
    /// and returns the status line and the rest.
    pub fn raw(&self, request: &[u8]) -> (u16, String) {
        let addr = self.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        // The server may answer and close before reading all of a large
        // request: a failed write is then not the test's failure.
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer).to_string();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        (status, text)
    }

    /// Sends SIGTERM and returns the exit status and the last lines printed.
    pub fn terminate(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid");
        // SAFETY: kill(2) on the pid of our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let status = self.child.wait().expect("wait for the server");
        // Until the reader thread has seen the end of the stream.
        let mut rest = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(10)) {
            rest.push(line);
        }
        (status, rest)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query-string value.
pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
