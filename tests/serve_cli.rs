//! `careerbook serve` end to end: builds, serves, rebuilds once per change
//! (not in a loop on its own reads), and serves the new content.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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

#[test]
fn serve_builds_serves_and_rebuilds_once_per_change() {
    let dir = tempfile::TempDir::new().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_careerbook"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = loop {
        let line = rx
            .recv_timeout(deadline - Instant::now())
            .expect("serve printed its address");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].split('/').next().unwrap().to_string();
        }
    };
    let page = get(&addr, "/rest.html");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("How do I prove I am ready?"));
    assert!(
        page.contains("/__careerbook/reload"),
        "live-reload script missing"
    );

    // Idle: no rebuilds (the build's own reads must not trigger one).
    std::thread::sleep(Duration::from_secs(2));
    let idle: Vec<String> = rx.try_iter().filter(|l| l.contains("rebuilt")).collect();
    assert!(idle.is_empty(), "rebuilt without a change: {idle:?}");

    // A content change: exactly one rebuild, and the new text is served.
    let faq = dir.path().join("content/faq.yaml");
    let text = std::fs::read_to_string(&faq)
        .unwrap()
        .replace("How do I prove I am ready?", "How do I show I am ready?");
    std::fs::write(&faq, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a rebuild");
        if line.contains("rebuilt") {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(1500));
    let extra: Vec<String> = rx.try_iter().filter(|l| l.contains("rebuilt")).collect();
    assert!(extra.is_empty(), "more than one rebuild: {extra:?}");
    assert!(get(&addr, "/rest.html").contains("How do I show I am ready?"));
}
