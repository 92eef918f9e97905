//! The edit loop of `careerbook serve`, timed as a writer lives it: save a
//! content file, wait for the open page to be told to reload, fetch the page
//! again.
//!
//! ```sh
//! cargo run --release --example edit_loop -- target/release/careerbook RUNS BOOK_DIR...
//! ```
//!
//! (`scripts/bench.sh serve` generates the books and runs it.) For each book
//! (made by `gen_handbook`) it starts `careerbook serve --port 0 BOOK_DIR`,
//! opens the reload websocket as the page's script does, then RUNS times, the
//! books taking turns (interleaved, so that they see the same noise): edits
//! the summary of `content/part-00000.yaml`, measures the time until the
//! socket announces a new version whose page carries the edit (**edit →
//! reload**), then until `parts/part-00000.html` has been fetched (**edit →
//! page**). Prints the median, min and max of each per book, and how many
//! reloads came with a page that did not have the edit yet. A server
//! without the websocket (careerbook before it) is long-polled instead, so
//! that an older binary can be compared: `CAREERBOOK_OLD=path` runs it too,
//! on copies of the books, interleaved with the new one.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

type Socket = tungstenite::WebSocket<TcpStream>;

/// How a server tells its pages to reload.
enum Channel {
    /// The reload websocket (sends `{"version", "error"}`).
    Socket(Box<Socket>),
    /// The long-poll of careerbook before the websocket
    /// (`GET /__careerbook/reload?since=N` answers the build generation),
    /// for comparing with an older binary.
    LongPoll,
}

struct Server {
    child: Child,
    book: PathBuf,
    addr: String,
    channel: Channel,
    version: String,
    reload: Vec<Duration>,
    page: Vec<Duration>,
    /// Reloads whose page did not have the edit yet.
    stale: usize,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: edit_loop CAREERBOOK_BIN RUNS BOOK_DIR...";
    let bin = PathBuf::from(args.next().expect(usage));
    let runs: usize = args.next().and_then(|s| s.parse().ok()).expect(usage);
    let books: Vec<PathBuf> = args.map(PathBuf::from).collect();
    assert!(!books.is_empty(), "{usage}");

    let mut servers: Vec<Server> = books.iter().map(|b| start(&bin, b)).collect();
    if let Some(old) = std::env::var_os("CAREERBOOK_OLD") {
        for book in &books {
            let copy = PathBuf::from(format!("{}.old", book.display()));
            let _ = std::fs::remove_dir_all(&copy);
            copy_dir(book, &copy);
            servers.push(start(Path::new(&old), &copy));
        }
    }
    for run in 0..=runs {
        for server in &mut servers {
            let (reload, page) = edit_once(server, run);
            // Run 0 is a warm-up (first rebuild after start: caches, page-ins).
            if run > 0 {
                server.reload.push(reload);
                server.page.push(page);
            }
            // Let the machine settle between edits.
            std::thread::sleep(Duration::from_millis(300));
        }
    }
    for server in &servers {
        println!(
            "{}: edit -> reload message {}, edit -> page fetched {} ({runs} interleaved runs, {} reloads without the edit)",
            server.book.display(),
            summary(&server.reload),
            summary(&server.page),
            server.stale,
        );
    }
}

/// `careerbook serve --port 0 BOOK`, ready, with its reload socket open.
fn start(bin: &Path, book: &Path) -> Server {
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0"])
        .arg(book)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start careerbook serve");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if std::env::var_os("EDIT_LOOP_VERBOSE").is_some() {
                eprintln!("  | {line}");
            }
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(300))
            .expect("serve did not print its address");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].split('/').next().unwrap().to_string();
        }
    };
    let stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let (channel, version) =
        match tungstenite::client(format!("ws://{addr}/__careerbook/reload"), stream) {
            Ok((mut ws, _)) => {
                let status = next_status(&mut ws);
                assert!(
                    status["error"].is_null(),
                    "the book does not build: {status}"
                );
                let version = status["version"].as_str().unwrap().to_string();
                (Channel::Socket(Box::new(ws)), version)
            }
            Err(_) => {
                let version = long_poll(&addr, u64::MAX);
                eprintln!("{}: no reload socket; long-polling", book.display());
                (Channel::LongPoll, version)
            }
        };
    Server {
        child,
        book: book.to_path_buf(),
        addr,
        version,
        channel,
        reload: Vec::new(),
        page: Vec::new(),
        stale: 0,
    }
}

/// One edit: (edit → reload message, edit → page fetched with the edit).
fn edit_once(server: &mut Server, run: usize) -> (Duration, Duration) {
    let file = server.book.join("content/part-00000.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let start_line = text.find("  Part 0 ").expect("a gen_handbook book");
    let end_line = start_line + text[start_line..].find('\n').unwrap();
    let marker = format!("edit-{run}-{}", std::process::id());
    let new = format!(
        "{}  Part 0 ({marker}) of the generated handbook.{}",
        &text[..start_line],
        &text[end_line..]
    );
    let start = Instant::now();
    std::fs::write(&file, new).unwrap();
    // A reload whose page does not have the edit yet (a build that had
    // started before the save) is not the end of the loop: wait for the next.
    loop {
        let version = match &mut server.channel {
            Channel::Socket(ws) => {
                let status = next_status(ws);
                assert!(
                    status["error"].is_null(),
                    "the edit broke the build: {status}"
                );
                status["version"].as_str().unwrap().to_string()
            }
            Channel::LongPoll => long_poll(&server.addr, server.version.parse().unwrap()),
        };
        if version == server.version {
            continue;
        }
        server.version = version;
        let reload = start.elapsed();
        if get(&server.addr, "/parts/part-00000.html").contains(&marker) {
            return (reload, start.elapsed());
        }
        server.stale += 1;
        eprintln!(
            "{}: run {run}: a reload without the edit",
            server.book.display()
        );
    }
}

fn next_status(ws: &mut Socket) -> serde_json::Value {
    loop {
        if let tungstenite::Message::Text(text) = ws.read().expect("reload socket closed") {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// The old server's build generation, once it differs from `since`.
fn long_poll(addr: &str, since: u64) -> String {
    let reply = get(addr, &format!("/__careerbook/reload?since={since}"));
    let body = &reply[reply.find("\r\n\r\n").expect("a reply") + 4..];
    body.trim().to_string()
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{path}: {out:.200}");
    out
}

/// Copy a book, leaving out its built site (`book/`).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_name() == "book" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn summary(times: &[Duration]) -> String {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    format!(
        "median {median:.0} ms (min {:.0}, max {:.0})",
        ms[0],
        ms[ms.len() - 1]
    )
}
