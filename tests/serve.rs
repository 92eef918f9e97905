//! `careerbook serve`: the development server, driven in-process through
//! `careerbook::cli::serve::serve` with a raw std HTTP client (so that
//! request paths go out exactly as written) and a websocket client for the
//! reload channel.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

mod common;
use common::{Socket, next_status};

use careerbook::cli::serve::{Outcome, RELOAD_PATH, STATUS_PATH, ServeOptions, serve};
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
    std::fs::write(site.join("app.js"), "let x = 1;\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("content/a.yaml"), "kind: faq\n").unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"t\"\n").unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    std::fs::create_dir_all(root.join("private")).unwrap();
    std::fs::write(root.join("private/index.html"), SECRET).unwrap();
    dir
}

struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// Calls of the rebuild closure.
    builds: Arc<AtomicUsize>,
    /// What the rebuild closure reports: `None` built, `Some(text)` failed
    /// with these diagnostics.
    failure: Arc<Mutex<Option<String>>>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
    dir: TempDir,
}

impl Server {
    fn start(dir: TempDir) -> Server {
        Server::start_with(dir, None)
    }

    /// A server whose builds fail with `diagnostics` until told otherwise.
    fn start_failing(dir: TempDir, diagnostics: &str) -> Server {
        Server::start_with(dir, Some(diagnostics.to_string()))
    }

    fn start_with(dir: TempDir, failure: Option<String>) -> Server {
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
        let failure = Arc::new(Mutex::new(failure));
        let (tx, rx) = mpsc::sync_channel::<SocketAddr>(1);
        let handle = {
            let (stop, builds, failure) = (stop.clone(), builds.clone(), failure.clone());
            thread::spawn(move || {
                let out_dir = opts.out_dir.clone();
                let rebuild = move || -> anyhow::Result<Outcome> {
                    let n = builds.fetch_add(1, Ordering::SeqCst) + 1;
                    // Like a real build, read the sources and write into the
                    // output folder: neither may trigger another rebuild.
                    for e in std::fs::read_dir(out_dir.parent().unwrap().join("content"))? {
                        std::fs::read(e?.path())?;
                    }
                    if out_dir.is_dir() {
                        std::fs::write(out_dir.join("build-stamp.txt"), n.to_string())?;
                    }
                    Ok(match failure.lock().unwrap().clone() {
                        None => Outcome::Built,
                        Some(diagnostics) => Outcome::Failed { diagnostics },
                    })
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
            failure,
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

    fn fail_with(&self, diagnostics: Option<&str>) {
        *self.failure.lock().unwrap() = diagnostics.map(str::to_string);
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

    /// The reload channel's status, from the JSON endpoint.
    fn status(&self) -> serde_json::Value {
        let reply = self.get(STATUS_PATH);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        serde_json::from_slice(&reply.body).unwrap()
    }

    fn version(&self) -> String {
        self.status()["version"].as_str().unwrap().to_string()
    }

    /// A reload socket, as a page opens it.
    fn socket(&self) -> Socket {
        socket(self.addr, None).expect("reload socket refused")
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

/// Open the reload websocket (with an `Origin` header if given).
fn socket(addr: SocketAddr, origin: Option<&str>) -> Result<Socket, tungstenite::Error> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut req = tungstenite::client::IntoClientRequest::into_client_request(format!(
        "ws://{addr}{RELOAD_PATH}"
    ))
    .unwrap();
    if let Some(origin) = origin {
        req.headers_mut().insert("Origin", origin.parse().unwrap());
    }
    tungstenite::client(req, stream)
        .map(|(ws, _)| ws)
        .map_err(|e| match e {
            tungstenite::HandshakeError::Failure(e) => e,
            tungstenite::HandshakeError::Interrupted(_) => panic!("handshake interrupted"),
        })
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

/// Send a raw request and read the whole reply (the request asks the server
/// to close the connection, or the server closes it after an error).
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
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/build-stamp.txt", "text/plain; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(ty), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }

    // Query strings and fragments do not take part in the lookup.
    let css = server.get("/a.css?v=3#top");
    assert_eq!(css.status, 200);
    assert_eq!(css.text(), CSS);
    // Percent-escapes are decoded.
    assert_eq!(server.get("/%61.css").text(), CSS);

    // HEAD: the same head, no body.
    for (path, len) in [("/a.css", CSS.len()), ("/", home.body.len())] {
        let head = server.request(&format!(
            "HEAD {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ));
        assert_eq!(head.status, 200, "{path}");
        assert_eq!(
            head.header("content-length"),
            Some(len.to_string().as_str()),
            "{path}"
        );
        assert!(head.body.is_empty(), "{path}");
    }
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
        assert!(reply.text().contains(RELOAD_PATH), "{path}: no reload");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    // A range asked of a missing file does not apply to the 404 page.
    let reply = server.request(&format!(
        "GET /nope.html HTTP/1.1\r\nHost: {}\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(reply.status, 404);
    assert!(reply.text().contains("Custom not found page"));

    // Without a 404.html: a page of our own, which reloads too.
    std::fs::remove_file(server.root().join("book/404.html")).unwrap();
    let reply = server.get("/nope.html");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(reply.text().contains("Not Found"));
    assert!(reply.text().contains(RELOAD_PATH));
}

#[test]
fn a_book_whose_first_build_fails_gets_a_page_that_says_why() {
    let dir = book();
    std::fs::remove_dir_all(dir.path().join("book")).unwrap();
    let server = Server::start_failing(dir, "error: content/a.yaml:1:1: no kind\n");
    let home = server.get("/");
    assert_eq!(home.status, 404);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("not been built yet"));
    assert!(home.text().contains(RELOAD_PATH));
    let mut ws = server.socket();
    let failed = next_status(&mut ws);
    assert_eq!(failed["error"], "error: content/a.yaml:1:1: no kind\n");

    // Fixed: the page is told to reload, and now there is a site.
    server.fail_with(None);
    write(server.root().join("book/index.html"), INDEX);
    write(server.root().join("content/a.yaml"), "kind: faq\n");
    let built = next_status(&mut ws);
    assert_ne!(built["version"], failed["version"]);
    assert_eq!(built["error"], serde_json::Value::Null);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn traversal_never_escapes_the_site() {
    let server = Server::start(book());
    #[cfg(unix)]
    {
        let root = server.root();
        std::os::unix::fs::symlink(root.join("secret.txt"), root.join("book/link.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("private"), root.join("book/out")).unwrap();
    }
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
        "/out/",
        "/out",
        "/out/index.html",
        "/../Cargo.toml",
        "/%2e%2e/x",
        "/sub/../../x",
        "/../private/",
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
    assert!(!reply.text().contains(SECRET));
    // `..` that stays inside the site is normalised.
    assert_eq!(server.get("/sub/../a.css").text(), CSS);
}

#[test]
fn only_get_and_head() {
    let server = Server::start(book());
    let reply = server.request(&format!(
        "POST /index.html HTTP/1.1\r\nHost: {}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        server.addr
    ));
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    let reply = server.request("garbage\r\n\r\n");
    assert_eq!(reply.status, 400);
}

#[test]
fn html_gets_the_snippet_on_the_fly_and_nothing_else_does() {
    let server = Server::start(book());
    let version = server.version();
    for path in ["/", "/sub/", "/nope.html"] {
        let html = server.get(path).text();
        let script = html
            .find("<script>")
            .unwrap_or_else(|| panic!("{path}: no script"));
        let end = html.rfind("</body>").unwrap();
        assert!(script < end, "{path}: script after </body>");
        let snippet = &html[script..end];
        assert!(snippet.contains(RELOAD_PATH));
        assert!(snippet.contains(&format!("\"{version}\"")));
        assert!(snippet.contains("location.reload()"));
        assert!(snippet.len() < 2500, "{}", snippet.len());
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
fn the_socket_says_the_version_at_once_and_after_each_rebuild() {
    let server = Server::start(book());
    assert_eq!(server.builds(), 1);
    let first = server.status();
    assert_eq!(first["error"], serde_json::Value::Null);

    // A page loaded now is told the version it was served with.
    let mut ws = server.socket();
    assert_eq!(next_status(&mut ws), first);

    write(server.root().join("content/new.yaml"), "kind: faq\n");
    let second = next_status(&mut ws);
    assert_ne!(second["version"], first["version"], "no new version");
    assert_eq!(second["error"], serde_json::Value::Null);
    assert_eq!(server.builds(), 2);
    assert_eq!(server.status(), second);
    // The page served now carries the new version.
    let version = second["version"].as_str().unwrap();
    assert!(server.get("/").text().contains(&format!("\"{version}\"")));

    // Exactly one rebuild: the build's own reads and writes are ignored.
    thread::sleep(SETTLE);
    assert_eq!(server.builds(), 2);

    // book.toml is watched too.
    write(server.root().join("book.toml"), "[book]\ntitle = \"u\"\n");
    let third = next_status(&mut ws);
    assert_ne!(third["version"], second["version"]);
    assert_eq!(server.builds(), 3);
}

#[test]
fn ignored_changes_do_not_rebuild() {
    let server = Server::start(book());
    let root = server.root().to_path_buf();
    let version = server.version();
    write(root.join("content/.a.yaml.swp"), "x");
    write(root.join("content/a.yaml~"), "x");
    write(root.join("content/4913"), "x");
    write(root.join("content/.git/HEAD"), "x");
    write(root.join("book/index.html"), INDEX);
    write(root.join("book/new/page.html"), INDEX);
    // A neighbour of book.toml, which is not itself watched.
    write(root.join("notes.txt"), "x");
    // Reading the sources (as every build does).
    std::fs::read(root.join("content/a.yaml")).unwrap();
    std::fs::read(root.join("book.toml")).unwrap();
    thread::sleep(SETTLE);
    assert_eq!(server.builds(), 1);
    assert_eq!(server.version(), version);

    // The watcher is alive: a real change still rebuilds.
    write(root.join("content/b.yaml"), "kind: faq\n");
    assert!(
        wait_until(Duration::from_secs(10), || server.builds() >= 2),
        "no rebuild after a change"
    );
}

#[test]
fn a_failed_build_keeps_the_site_and_sends_its_diagnostics() {
    let server = Server::start(book());
    let mut ws = server.socket();
    let good = next_status(&mut ws);

    // Content is untrusted: the diagnostics go out as data, never as markup.
    let diagnostics =
        "error: bad YAML\n --> content/a.yaml:1:7\n  = help: <script>alert(1)</script>\n";
    server.fail_with(Some(diagnostics));
    write(server.root().join("content/a.yaml"), "kind: [broken\n");
    let failed = next_status(&mut ws);
    assert_eq!(failed["version"], good["version"], "the version moved on");
    assert_eq!(failed["error"], diagnostics);
    assert_eq!(server.status(), failed);
    // The previous site is still served, with the same version.
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("<h1>Home page</h1>"));
    assert!(home.text().contains(good["version"].as_str().unwrap()));
    // A page opened now learns of the failure at once.
    let mut late = server.socket();
    assert_eq!(next_status(&mut late), failed);

    // Fixed: a new version, no error (pages reload, the overlay is gone).
    server.fail_with(None);
    write(server.root().join("content/a.yaml"), "kind: faq\n");
    let fixed = next_status(&mut ws);
    assert_ne!(fixed["version"], good["version"]);
    assert_eq!(fixed["error"], serde_json::Value::Null);
    assert_eq!(next_status(&mut late), fixed);
}

#[test]
fn many_open_reload_sockets_do_not_stop_pages() {
    let server = Server::start(book());
    // More than the old server's 256 connections.
    let mut sockets: Vec<Socket> = (0..300).map(|_| server.socket()).collect();
    let first = next_status(&mut sockets[0]);
    for ws in &mut sockets[1..] {
        assert_eq!(next_status(ws), first);
    }
    for path in ["/", "/a.css", "/sub/", STATUS_PATH] {
        assert_eq!(server.get(path).status, 200, "{path}");
    }
    // And every one of them still hears of the next build.
    write(server.root().join("content/new.yaml"), "kind: faq\n");
    for ws in &mut sockets {
        assert_ne!(next_status(ws)["version"], first["version"]);
    }
}

#[test]
fn another_sites_page_cannot_open_the_reload_socket() {
    let server = Server::start(book());
    let own = format!("http://{}", server.addr);
    assert!(socket(server.addr, Some(&own)).is_ok());
    match socket(server.addr, Some("http://evil.example")) {
        Err(tungstenite::Error::Http(resp)) => assert_eq!(resp.status(), 403),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a cross-origin reload socket was accepted"),
    }
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
    let rebuild = || -> anyhow::Result<Outcome> {
        builds.fetch_add(1, Ordering::SeqCst);
        Ok(Outcome::Built)
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
    // An open reload socket and an idle connection that never sends a request.
    let mut ws = server.socket();
    next_status(&mut ws);
    let _idle = TcpStream::connect(addr).unwrap();
    thread::sleep(Duration::from_millis(300));

    let start = Instant::now();
    server.stop().unwrap();
    assert!(start.elapsed() < Duration::from_secs(5));
    // The reload socket was closed (the page will try to reconnect).
    assert!(ws.read().is_err());
    // Nothing listens any more.
    let refused = TcpStream::connect_timeout(&addr, Duration::from_secs(2));
    assert!(refused.is_err());
}

#[test]
fn saving_again_rebuilds_even_without_a_change() {
    let server = Server::start(book());
    let mut ws = server.socket();
    let first = next_status(&mut ws);
    for n in 2..=3 {
        // The same bytes as before: a writer's way to ask for a rebuild.
        write(server.root().join("content/a.yaml"), "kind: faq\n");
        let next = next_status(&mut ws);
        assert_ne!(next["version"], first["version"]);
        assert_eq!(server.builds(), n);
        thread::sleep(SETTLE);
        assert_eq!(server.builds(), n, "more than one rebuild for one save");
    }
}
