//! `careerbook serve` end to end: builds, serves on loopback, rebuilds once
//! per change (not in a loop on its own reads), serves the new content, and
//! sends a broken content file's diagnostics to open pages until it is fixed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use tempfile::TempDir;

mod common;
use common::next_status;

struct Server {
    child: Child,
    addr: String,
    /// What the server prints, line by line.
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the minimal fixture book (without a built site).
fn minimal_book() -> TempDir {
    let dir = TempDir::new().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        if rel.starts_with("book") {
            continue;
        }
        let to = dir.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

/// `careerbook serve --port 0 DIR`, once it has printed its address.
fn start(dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerbook"))
        .args(["serve", "--port", "0"])
        .arg(dir)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut server = Server {
        child,
        addr: String::new(),
        lines,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    server.addr = loop {
        let line = server
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].split('/').next().unwrap().to_string();
        }
    };
    server
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// Wait for a line of the server's output that contains `what`.
fn wait_for_line(server: &Server, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no line with {what:?}"));
        if line.contains(what) {
            return;
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serve_builds_serves_and_rebuilds_once_per_change() {
    let dir = minimal_book();
    let server = start(dir.path());
    let addr = server.addr.clone();
    // Loopback by default.
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let page = get(&addr, "/rest.html");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("How do I prove I am ready?"));
    assert!(
        page.contains("/__careerbook/reload"),
        "live-reload script missing"
    );

    // Idle: no rebuilds (the build's own reads must not trigger one).
    std::thread::sleep(Duration::from_secs(2));
    let idle: Vec<String> = server
        .lines
        .try_iter()
        .filter(|l| l.contains("rebuilt"))
        .collect();
    assert!(idle.is_empty(), "rebuilt without a change: {idle:?}");

    // A content change: exactly one rebuild, and the new text is served.
    edit(
        &dir.path().join("content/faq.yaml"),
        "How do I prove I am ready?",
        "How do I show I am ready?",
    );
    wait_for_line(&server, "rebuilt");
    std::thread::sleep(Duration::from_millis(1500));
    let later: Vec<String> = server.lines.try_iter().collect();
    let extra: Vec<&String> = later.iter().filter(|l| l.contains("rebuilt")).collect();
    assert!(extra.is_empty(), "more than one rebuild: {extra:?}");
    assert!(get(&addr, "/rest.html").contains("How do I show I am ready?"));
    // The search index (left out of the fast rebuild) follows.
    if !later.iter().any(|l| l.contains("search index updated")) {
        wait_for_line(&server, "search index updated");
    }
    let index = std::fs::read_dir(dir.path().join("book"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("searchindex"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("a search index");
    assert!(
        index.contains("show I am ready"),
        "the search index is stale"
    );
}

#[test]
fn content_errors_reach_open_pages_until_fixed() {
    let dir = minimal_book();
    let server = start(dir.path());
    let stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let (mut ws, _) =
        tungstenite::client(format!("ws://{}/__careerbook/reload", server.addr), stream).unwrap();
    let good = next_status(&mut ws);
    assert_eq!(good["error"], serde_json::Value::Null);

    // An id that does not exist: the same diagnostic `careerbook check`
    // prints, without colours.
    let faq = dir.path().join("content/faq.yaml");
    edit(&faq, "related: [portfolio]", "related: [portfolioo]");
    let broken = next_status(&mut ws);
    assert_eq!(
        broken["version"], good["version"],
        "a broken build moved on"
    );
    let shown = broken["error"].as_str().expect("no diagnostics sent");
    let check = Command::new(env!("CARGO_BIN_EXE_careerbook"))
        .arg("check")
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let printed = String::from_utf8(check.stdout).unwrap();
    assert!(printed.contains("portfolioo"), "{printed}");
    assert_eq!(shown, printed);
    assert!(shown.contains("content/faq.yaml:9:"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "colours in {shown}");
    // The last good site is still served.
    assert!(get(&server.addr, "/rest.html").contains("How do I prove I am ready?"));

    // Fixed: a new version and no error.
    edit(&faq, "related: [portfolioo]", "related: [portfolio]");
    let fixed = next_status(&mut ws);
    assert_ne!(fixed["version"], good["version"]);
    assert_eq!(fixed["error"], serde_json::Value::Null);
}
