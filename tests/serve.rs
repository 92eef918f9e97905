//! `careerbook serve`: the development server, driven in-process through
//! `careerbook::cli::serve::serve` with a raw std HTTP client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use careerbook::cli::serve::{ServeOptions, serve};
use tempfile::TempDir;

const INDEX: &str = "<!DOCTYPE html>\n<html><head><title>Home</title></head>\n<body><h1>Home page</h1></body>\n</html>\n";
const SUB_INDEX: &str = "<html><body><p>Sub page</p></body></html>";
const NOT_FOUND: &str = "<html><body><p>Custom not found page</p></body></html>";
const CSS: &str = "body { color: black; }\n";
const SECRET: &str = "TOP SECRET outside the site";

/// A book folder: `book/` is the built site, `content/` and `book.toml` are watched.
fn book() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    let site = root.join("book");
    std::fs::create_dir_all(site.join("sub")).unwrap();
    std::fs::write(site.join("index.html"), INDEX).unwrap();
    std::fs::write(site.join("a.css"), CSS).unwrap();
    std::fs::write(site.join("sub/index.html"), SUB_INDEX).unwrap();
    std::fs::write(site.join("404.html"), NOT_FOUND).unwrap();
    std::fs::write(site.join("notes.md"), "# notes\n").unwrap();
    std::fs::write(site.join("data.json"), "{}").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.yaml"), "kind: faq\n").unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"t\"\n").unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    dir
}

struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// Calls of the rebuild closure.
    builds: Arc<AtomicUsize>,
    /// What the rebuild closure reports (true: built, false: content errors).
    succeed: Arc<AtomicBool>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
    dir: TempDir,
}

impl Server {
    fn start(dir: TempDir) -> Server {
        let root = dir.path().to_path_buf();
        let opts = ServeOptions {
            root: root.clone(),
            out_dir: root.join("book"),
            watch: vec![
                root.join("src"), // does not exist: skipped
                root.join("content"),
                root.join("theme"), // does not exist: skipped
                root.join("book.toml"),
            ],
            host: "127.0.0.1".to_string(),
            port: 0,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let builds = Arc::new(AtomicUsize::new(0));
        let succeed = Arc::new(AtomicBool::new(true));
        let (tx, rx) = mpsc::sync_channel::<SocketAddr>(1);
        let handle = {
            let (stop, builds, succeed) = (stop.clone(), builds.clone(), succeed.clone());
            thread::spawn(move || {
                let out_dir = opts.out_dir.clone();
                let rebuild = move || -> anyhow::Result<bool> {
                    let n = builds.fetch_add(1, Ordering::SeqCst) + 1;
                    // Like a real build, write into the output folder: this
                    // must not trigger another rebuild.
                    std::fs::write(out_dir.join("build-stamp.txt"), n.to_string())?;
                    Ok(succeed.load(Ordering::SeqCst))
                };
                let on_ready = move |addr: SocketAddr| {
                    tx.send(addr).unwrap();
                };
                serve(&opts, &rebuild, &on_ready, &stop)
            })
        };
        let addr = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("server did not become ready");
        Server {
            addr,
            stop,
            builds,
            succeed,
            handle: Some(handle),
            dir,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn builds(&self) -> usize {
        self.builds.load(Ordering::SeqCst)
    }

    fn get(&self, target: &str) -> Reply {
        self.request(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    fn request(&self, raw: &str) -> Reply {
        request(self.addr, raw)
    }

    /// The current generation, through the endpoint (a `since` that never matches).
    fn generation(&self) -> u64 {
        let reply = self.get("/__careerbook/reload?since=18446744073709551615");
        assert_eq!(reply.status, 200);
        reply.text().trim().parse().unwrap()
    }

    /// Stop the server and wait (bounded) for `serve` to return.
    fn stop(&mut self) -> anyhow::Result<()> {
        self.stop.store(true, Ordering::SeqCst);
        let handle = self.handle.take().unwrap();
        assert!(
            wait_until(Duration::from_secs(5), || handle.is_finished()),
            "serve did not return after stop"
        );
        handle.join().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.handle.take()
            && wait_until(Duration::from_secs(5), || handle.is_finished())
        {
            let _ = handle.join();
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Send a raw request and read the whole reply (the server closes the connection).
fn request(addr: SocketAddr, raw: &str) -> Reply {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut data = Vec::new();
    stream.read_to_end(&mut data).unwrap();
    let end = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of head in reply");
    let head = String::from_utf8(data[..end].to_vec()).unwrap();
    let body = data[end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    Reply {
        status,
        headers,
        body,
    }
}

fn wait_until(timeout: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Quiet time after which a rebuild that has not happened is taken not to come.
const SETTLE: Duration = Duration::from_millis(1500);

fn write(path: PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn serves_files_with_content_types() {
    let server = Server::start(book());
    assert_eq!(server.builds(), 1, "one build at start");

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.text().contains("<h1>Home page</h1>"));
    assert_eq!(
        home.header("content-length"),
        Some(home.body.len().to_string().as_str())
    );

    let css = server.get("/a.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("cache-control"), Some("no-store"));
    assert_eq!(css.text(), CSS);

    for (path, ty) in [
        ("/index.html", "text/html; charset=utf-8"),
        ("/notes.md", "text/markdown; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/build-stamp.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(ty), "{path}");
    }

    // Query strings and fragments do not take part in the lookup.
    let css = server.get("/a.css?v=3#top");
    assert_eq!(css.status, 200);
    assert_eq!(css.text(), CSS);
    // Percent-escapes are decoded.
    assert_eq!(server.get("/%61.css").text(), CSS);

    // HEAD: the same head, no body.
    let head = server.request(&format!(
        "HEAD /a.css HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    ));
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(CSS.len().to_string().as_str())
    );
    assert!(head.body.is_empty());
}

#[test]
fn directory_index() {
    let server = Server::start(book());
    let sub = server.get("/sub/");
    assert_eq!(sub.status, 200);
    assert_eq!(sub.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(sub.text().contains("Sub page"));

    // Without the slash, relative links would break: redirect.
    let redirect = server.get("/sub?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/sub/?x=1"));
}

#[test]
fn missing_file_gives_the_404_page() {
    let server = Server::start(book());
    for path in ["/nope.html", "/sub/nope/", "/a.css/", "/nope/"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.text().contains("Custom not found page"), "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }

    // Without a 404.html: a short text.
    std::fs::remove_file(server.root().join("book/404.html")).unwrap();
    let reply = server.get("/nope.html");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(reply.text().contains("Not Found"));
}

#[test]
fn traversal_never_escapes_the_site() {
    let server = Server::start(book());
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        server.root().join("secret.txt"),
        server.root().join("book/link.txt"),
    )
    .unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//secret.txt",
        "/./../secret.txt",
        "/%00",
        "/%zz",
        "/link.txt",
        "/../Cargo.toml",
        "/%2e%2e/x",
        "/sub/../../x",
    ] {
        let reply = server.get(path);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{path}: status {}",
            reply.status
        );
        assert!(!reply.text().contains(SECRET), "{path} leaked the file");
    }
    // A request target that is not a path.
    let reply = server.get("secret.txt");
    assert_eq!(reply.status, 400);
    // `..` that stays inside the site is normalised.
    assert_eq!(server.get("/sub/../a.css").text(), CSS);
}

#[test]
fn only_get_and_head() {
    let server = Server::start(book());
    let reply = server.request(&format!(
        "POST /index.html HTTP/1.1\r\nHost: {}\r\nContent-Length: 5\r\n\r\nhello",
        server.addr
    ));
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    let reply = server.request("garbage\r\n\r\n");
    assert_eq!(reply.status, 400);
}

#[test]
fn html_gets_the_reload_script_and_nothing_else_does() {
    let server = Server::start(book());
    let generation = server.generation();
    for path in ["/", "/sub/", "/nope.html"] {
        let html = server.get(path).text();
        let script = html
            .find("<script>")
            .unwrap_or_else(|| panic!("{path}: no script"));
        let end = html.rfind("</body>").unwrap();
        assert!(script < end, "{path}: script after </body>");
        let script_text = &html[script..end];
        assert!(script_text.contains("/__careerbook/reload?since="));
        assert!(script_text.contains(&format!("\"{generation}\"")));
        assert!(script_text.contains("location.reload()"));
        assert!(script_text.len() < 600, "{}", script_text.len());
        assert_eq!(html.matches("<script>").count(), 1, "{path}");
    }
    // The page on disk is untouched.
    assert_eq!(
        std::fs::read_to_string(server.root().join("book/index.html")).unwrap(),
        INDEX
    );
    // Non-HTML is served as is.
    assert_eq!(server.get("/a.css").text(), CSS);
    assert!(!server.get("/notes.md").text().contains("<script>"));
}

#[test]
fn reload_endpoint_answers_at_once_when_the_generation_differs() {
    let server = Server::start(book());
    for target in [
        "/__careerbook/reload?since=0",
        "/__careerbook/reload?since=41",
        "/__careerbook/reload",
        "/__careerbook/reload?since=nonsense",
    ] {
        let start = Instant::now();
        let reply = server.get(target);
        assert!(start.elapsed() < Duration::from_secs(2), "{target} waited");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        // The successful first build is generation 1.
        assert_eq!(reply.text().trim(), "1", "{target}");
    }
}

#[test]
fn a_change_rebuilds_once_and_wakes_the_long_poll() {
    let server = Server::start(book());
    assert_eq!(server.builds(), 1);
    assert_eq!(server.generation(), 1);

    // A page loaded now waits on generation 1.
    let addr = server.addr;
    let poll = thread::spawn(move || {
        let start = Instant::now();
        let reply = request(
            addr,
            "GET /__careerbook/reload?since=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        );
        (reply.text(), start.elapsed())
    });
    thread::sleep(Duration::from_millis(300));
    assert!(
        !poll.is_finished(),
        "the long-poll answered without a change"
    );

    write(server.root().join("content/new.yaml"), "kind: faq\n");
    assert!(
        wait_until(Duration::from_secs(10), || server.builds() >= 2),
        "no rebuild after a change"
    );
    let (text, waited) = poll.join().unwrap();
    assert_eq!(text.trim(), "2");
    assert!(waited < Duration::from_secs(15));
    assert_eq!(server.generation(), 2);

    // Exactly one rebuild: the build's own writes into book/ are ignored.
    thread::sleep(SETTLE);
    assert_eq!(server.builds(), 2);

    // book.toml is watched too.
    write(server.root().join("book.toml"), "[book]\ntitle = \"u\"\n");
    assert!(
        wait_until(Duration::from_secs(10), || server.builds() >= 3),
        "no rebuild after book.toml changed"
    );
    assert!(wait_until(Duration::from_secs(2), || server.generation() == 3));
}

#[test]
fn ignored_changes_do_not_rebuild() {
    let server = Server::start(book());
    let root = server.root().to_path_buf();
    write(root.join("content/.a.yaml.swp"), "x");
    write(root.join("content/a.yaml~"), "x");
    write(root.join("content/4913"), "x");
    write(root.join("content/.git/HEAD"), "x");
    write(root.join("book/index.html"), INDEX);
    write(root.join("book/new/page.html"), INDEX);
    // A neighbour of book.toml, which is not itself watched.
    write(root.join("notes.txt"), "x");
    thread::sleep(SETTLE);
    assert_eq!(server.builds(), 1);
    assert_eq!(server.generation(), 1);

    // The watcher is alive: a real change still rebuilds.
    write(root.join("content/b.yaml"), "kind: faq\n");
    assert!(
        wait_until(Duration::from_secs(10), || server.builds() >= 2),
        "no rebuild after a change"
    );
}

#[test]
fn a_failed_build_keeps_the_generation() {
    let server = Server::start(book());
    server.succeed.store(false, Ordering::SeqCst);
    write(server.root().join("content/a.yaml"), "kind: [broken\n");
    assert!(
        wait_until(Duration::from_secs(10), || server.builds() >= 2),
        "no rebuild after a change"
    );
    thread::sleep(Duration::from_millis(200));
    assert_eq!(server.generation(), 1);
    // The previous site is still served.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn port_in_use_is_explained() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = book();
    let opts = ServeOptions {
        root: dir.path().to_path_buf(),
        out_dir: dir.path().join("book"),
        watch: vec![dir.path().join("content")],
        host: "127.0.0.1".to_string(),
        port,
    };
    let builds = AtomicUsize::new(0);
    let rebuild = || -> anyhow::Result<bool> {
        builds.fetch_add(1, Ordering::SeqCst);
        Ok(true)
    };
    let stop = AtomicBool::new(false);
    let err = serve(&opts, &rebuild, &|_| {}, &stop).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("in use"), "{message}");
    assert!(message.contains("--port"), "{message}");
    assert!(message.contains(&port.to_string()), "{message}");
    assert_eq!(builds.load(Ordering::SeqCst), 0);
}

#[test]
fn stop_ends_the_server_even_with_open_connections() {
    let mut server = Server::start(book());
    let addr = server.addr;
    // A long-poll in flight and an idle connection that never sends a request.
    let poll = thread::spawn(move || {
        request(
            addr,
            "GET /__careerbook/reload?since=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        )
        .text()
    });
    let _idle = TcpStream::connect(addr).unwrap();
    thread::sleep(Duration::from_millis(300));

    let start = Instant::now();
    server.stop().unwrap();
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(poll.join().unwrap().trim(), "1");
    // Nothing listens any more.
    let refused = TcpStream::connect_timeout(&addr, Duration::from_secs(2));
    assert!(refused.is_err());
}
