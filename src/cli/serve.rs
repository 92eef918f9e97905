//! `careerbook serve`: build, serve on localhost, rebuild on change, live-reload.
//!
//! A deliberately small development server, std only:
//!
//! - a [`TcpListener`] with one thread per connection (bounded), answering
//!   `GET`/`HEAD` from the built site (`out_dir`) with `Cache-Control: no-store`
//!   and `Connection: close`; request paths are percent-decoded, normalised and
//!   confined to `out_dir` (symlinks included);
//! - a build generation counter, bumped after every successful rebuild, and a
//!   long-polling endpoint ([`RELOAD_PATH`]`?since=N`) that answers as soon as
//!   the generation differs from `N` (or after 25 s);
//! - a small script, added to every HTML response on the fly (never written to
//!   disk), that polls that endpoint and reloads the page when the generation
//!   changes;
//! - a debounced file watcher (notify + notify) over the book's
//!   sources that calls the caller's `rebuild` on every change, ignoring the
//!   output folder, `.git` and editor temporary files.

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// The live-reload long-polling endpoint (`GET /__careerbook/reload?since=N`).
pub const RELOAD_PATH: &str = "/__careerbook/reload";

/// How long the reload endpoint waits for a new build before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);
/// Quiet time the watcher waits for before reporting a burst of changes.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// How often background loops look at `stop`.
const POLL: Duration = Duration::from_millis(100);
/// Sleep between `accept` attempts when no connection is waiting.
const ACCEPT_IDLE: Duration = Duration::from_millis(15);
/// Largest request head (request line + headers) accepted.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Concurrent connections served; more are turned away with 503.
const MAX_CONNECTIONS: usize = 256;

/// What `careerbook serve` serves and watches.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book folder (where `book.toml` is).
    pub root: PathBuf,
    /// Where the built site is (e.g. `root/book`); served as the web root.
    pub out_dir: PathBuf,
    /// Folders and files to watch (chapters, content, theme, `book.toml`).
    /// Those that do not exist are skipped.
    pub watch: Vec<PathBuf>,
    /// Address to listen on, normally `127.0.0.1`.
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
}

/// Runs until the process is killed (or until `stop` becomes true, for tests).
///
/// `rebuild` is called once at start and after every debounced change; it
/// returns `Ok(true)` when the build succeeded, `Ok(false)` when the content had
/// errors (it has already printed them; the old site stays served), `Err` on
/// I/O failure (printed; serving goes on).
///
/// `on_ready` is called once with the bound address after the listener is
/// bound, the watcher started and the first build done.
pub fn serve(
    opts: &ServeOptions,
    rebuild: &(dyn Fn() -> anyhow::Result<bool> + Sync),
    on_ready: &(dyn Fn(std::net::SocketAddr) + Sync),
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    let listener = bind(&opts.host, opts.port)?;
    let addr = listener
        .local_addr()
        .context("cannot read the address the server listens on")?;
    listener
        .set_nonblocking(true)
        .context("cannot configure the listening socket")?;

    let state = State {
        out_dir: absolute(&opts.out_dir),
        generation: AtomicU64::new(0),
        lock: Mutex::new(()),
        changed: Condvar::new(),
        stop,
        connections: AtomicUsize::new(0),
    };

    // Watch before the first build, so that a change made while it runs is
    // not lost.
    let filter = WatchFilter::new(opts);
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = start_watching(&filter, tx);

    run_build(rebuild, &state, true);

    on_ready(addr);
    eprintln!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        opts.root.display()
    );

    thread::scope(|s| {
        let state = &state;
        let filter = &filter;
        s.spawn(move || watch_loop(rx, filter, rebuild, state));

        while !stop.load(Ordering::SeqCst) {
            match listener.accept() {
                Ok((stream, _)) => {
                    if state.connections.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                        let resp = Response::text(503, "too many connections\n");
                        let _ = write_response(&mut &stream, &resp, false);
                        continue;
                    }
                    state.connections.fetch_add(1, Ordering::SeqCst);
                    s.spawn(move || {
                        let _guard = ConnectionGuard(&state.connections);
                        handle_connection(stream, state);
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(ACCEPT_IDLE),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // E.g. out of file descriptors: back off and try again.
                Err(_) => thread::sleep(POLL),
            }
        }
        // Wake long-polls so they notice `stop` at once.
        state.changed.notify_all();
    });

    drop(watcher);
    Ok(())
}

/// Bind the listener, explaining a port already in use.
fn bind(host: &str, port: u16) -> Result<TcpListener> {
    match TcpListener::bind((host, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == io::ErrorKind::AddrInUse => bail!(
            "port {port} is already in use on {host} (is another `careerbook serve` running?); \
             choose another one with `--port N`, or `--port 0` for any free port"
        ),
        Err(e) => Err(e).with_context(|| format!("cannot listen on {host}:{port}")),
    }
}

/// State shared by the connection threads and the watcher thread.
struct State<'a> {
    /// The web root, made absolute.
    out_dir: PathBuf,
    /// Number of successful builds so far.
    generation: AtomicU64,
    /// Guards generation changes so that waiters cannot miss one.
    lock: Mutex<()>,
    changed: Condvar,
    stop: &'a AtomicBool,
    connections: AtomicUsize,
}

impl State<'_> {
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn bump(&self) {
        {
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        self.changed.notify_all();
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Wait until the generation differs from `since`, at most `max`; return it.
    fn wait_for_change(&self, since: u64, max: Duration) -> u64 {
        let deadline = Instant::now() + max;
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let generation = self.generation();
            let now = Instant::now();
            if generation != since || now >= deadline || self.stopping() {
                return generation;
            }
            let step = (deadline - now).min(Duration::from_millis(250));
            guard = self
                .changed
                .wait_timeout(guard, step)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Decrements the connection count when a connection thread ends.
struct ConnectionGuard<'a>(&'a AtomicUsize);

impl Drop for ConnectionGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------------------
// Building

/// Run `rebuild`, report the outcome on one line, bump the generation on success.
fn run_build(rebuild: &(dyn Fn() -> Result<bool> + Sync), state: &State<'_>, initial: bool) {
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(rebuild));
    let ms = start.elapsed().as_millis();
    match outcome {
        Ok(Ok(true)) => {
            state.bump();
            if initial {
                eprintln!("built in {ms} ms");
            } else {
                eprintln!("rebuilt in {ms} ms");
            }
        }
        Ok(Ok(false)) if initial => eprintln!(
            "content has errors; serving the previous build, if any (fix them and save to rebuild)"
        ),
        Ok(Ok(false)) => eprintln!("content has errors; still serving the previous build"),
        Ok(Err(e)) => eprintln!("error: build failed: {e:#}; still serving the previous build"),
        Err(_) => eprintln!("error: build panicked; still serving the previous build"),
    }
}

// ---------------------------------------------------------------------------
// Watching

/// Which changed paths call for a rebuild.
struct WatchFilter {
    /// Folders watched recursively (absolute, canonical).
    dirs: Vec<PathBuf>,
    /// Single files watched (absolute, canonical), through their folder.
    files: Vec<PathBuf>,
    /// The output folder (as given and canonical): the build's own writes.
    ignore: Vec<PathBuf>,
}

impl WatchFilter {
    fn new(opts: &ServeOptions) -> WatchFilter {
        let mut dirs: Vec<PathBuf> = Vec::new();
        let mut files: Vec<PathBuf> = Vec::new();
        for path in &opts.watch {
            let Ok(meta) = fs::metadata(path) else {
                continue;
            };
            let path = canonical_lenient(path);
            if meta.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
        // Folders inside another watched folder are covered by it.
        dirs.sort();
        dirs.dedup();
        let all = dirs.clone();
        dirs.retain(|d| !all.iter().any(|o| o != d && d.starts_with(o)));
        files.sort();
        files.dedup();
        files.retain(|f| !dirs.iter().any(|d| f.starts_with(d)));

        let given = absolute(&opts.out_dir);
        let canonical = canonical_lenient(&opts.out_dir);
        let mut ignore = vec![canonical];
        if !ignore.contains(&given) {
            ignore.push(given);
        }
        WatchFilter {
            dirs,
            files,
            ignore,
        }
    }

    /// What to hand to the watcher: folders recursively, and the folder of
    /// each single file non-recursively (editors often replace a file on save,
    /// which would end a watch on the file itself).
    fn targets(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut targets: Vec<(PathBuf, RecursiveMode)> = self
            .dirs
            .iter()
            .map(|d| (d.clone(), RecursiveMode::Recursive))
            .collect();
        for file in &self.files {
            if let Some(parent) = file.parent()
                && !targets.iter().any(|(t, _)| t == parent)
            {
                targets.push((parent.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        targets
    }

    /// Whether a change at `path` calls for a rebuild.
    fn is_relevant(&self, path: &Path) -> bool {
        if self.ignore.iter().any(|o| path.starts_with(o)) {
            return false;
        }
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        let Some(rel) = self.dirs.iter().find_map(|d| path.strip_prefix(d).ok()) else {
            // A neighbour of a single watched file.
            return false;
        };
        if rel.components().any(|c| c.as_os_str() == ".git") {
            return false;
        }
        match path.file_name().and_then(|n| n.to_str()) {
            Some(name) => !is_temp_file(name),
            None => true,
        }
    }
}

/// Editor backup, swap and lock files, and the like.
fn is_temp_file(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913" // Vim's probe for a writable folder
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.starts_with(".#") // Emacs lock files
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
}

/// Start the watcher; on failure print a warning and serve without it.
fn start_watching(
    filter: &WatchFilter,
    tx: mpsc::Sender<notify::Result<notify::Event>>,
) -> Option<RecommendedWatcher> {
    let targets = filter.targets();
    if targets.is_empty() {
        eprintln!("warning: nothing to watch; the site will not rebuild on change");
        return None;
    }
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); the site will not rebuild");
            return None;
        }
    };
    for (path, mode) in targets {
        if let Err(e) = watcher.watch(&path, mode) {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    Some(watcher)
}

/// Rebuild once per burst of relevant changes until `stop`: after the first
/// relevant change, wait until nothing relevant has happened for
/// [`DEBOUNCE`], then build.
fn watch_loop(
    rx: Receiver<notify::Result<notify::Event>>,
    filter: &WatchFilter,
    rebuild: &(dyn Fn() -> Result<bool> + Sync),
    state: &State<'_>,
) {
    while !state.stopping() {
        match rx.recv_timeout(POLL) {
            Ok(ev) => {
                if !is_relevant_event(ev, filter) {
                    continue;
                }
                let mut quiet_since = std::time::Instant::now();
                while quiet_since.elapsed() < DEBOUNCE && !state.stopping() {
                    match rx.recv_timeout(POLL) {
                        Ok(more) => {
                            if is_relevant_event(more, filter) {
                                quiet_since = std::time::Instant::now();
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                if !state.stopping() {
                    run_build(rebuild, state, false);
                }
                // Changes made by the build itself (or during it) that are
                // irrelevant are dropped; relevant ones start a new burst.
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// A change that calls for a rebuild: not a mere read (inotify reports the
/// build's own reads as access events) and on a watched, non-temporary path.
fn is_relevant_event(ev: notify::Result<notify::Event>, filter: &WatchFilter) -> bool {
    match ev {
        Ok(e) => {
            !matches!(e.kind, EventKind::Access(_)) && e.paths.iter().any(|p| filter.is_relevant(p))
        }
        Err(e) => {
            eprintln!("warning: watching for changes: {e}");
            false
        }
    }
}

/// `path` made absolute, without touching the file system.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// `path` canonicalised as far as it exists (the rest appended as is).
fn canonical_lenient(path: &Path) -> PathBuf {
    let abs = absolute(path);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut canonical) = existing.canonicalize() {
            for name in rest.iter().rev() {
                canonical.push(name);
            }
            return canonical;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

// ---------------------------------------------------------------------------
// HTTP

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    fn text(status: u16, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_response(out: &mut impl Write, resp: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (name, value) in &resp.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&resp.body)?;
    }
    out.flush()
}

/// The request head as read from the socket.
enum Head {
    /// The head, and whether the client announced a body or sent more bytes.
    Complete(Vec<u8>, bool),
    TooLarge,
    /// Closed, timed out, failed, or the server is stopping.
    Gone,
}

fn read_head(stream: &mut TcpStream, state: &State<'_>) -> Head {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(&buf) {
            let extra = buf.len() > end;
            buf.truncate(end);
            return Head::Complete(buf, extra);
        }
        if buf.len() > MAX_HEAD {
            return Head::TooLarge;
        }
        if state.stopping() || Instant::now() >= deadline {
            return Head::Gone;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return Head::Gone,
        }
    }
}

/// Index just past the blank line that ends the head (CRLF, or bare LF).
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn handle_connection(mut stream: TcpStream, state: &State<'_>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));

    let (head, mut has_body) = match read_head(&mut stream, state) {
        Head::Complete(head, extra) => (head, extra),
        Head::TooLarge => {
            let resp = Response::text(431, "request head too large\n");
            let _ = write_response(&mut stream, &resp, false);
            finish(&mut stream, true);
            return;
        }
        Head::Gone => return,
    };
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or("");
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("transfer-encoding")
                || (name.eq_ignore_ascii_case("content-length") && value.trim() != "0")
            {
                has_body = true;
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let (resp, head_only) = match (method, target, version, parts.next()) {
        (Some(method), Some(target), Some(version), None) => {
            if !version.starts_with("HTTP/1.") {
                (Response::text(505, "only HTTP/1.x is supported\n"), false)
            } else {
                (respond(method, target, state), method == "HEAD")
            }
        }
        _ => (Response::text(400, "malformed request line\n"), false),
    };
    let _ = write_response(&mut stream, &resp, head_only);
    finish(
        &mut stream,
        has_body || (method != Some("GET") && method != Some("HEAD")),
    );
}

/// Close the connection; when the client may still be sending, read a little
/// first so that closing does not reset the connection before it reads the
/// response.
fn finish(stream: &mut TcpStream, drain: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    if drain {
        let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
        let mut sink = [0u8; 4096];
        let mut total = 0;
        while total < 256 * 1024 {
            match stream.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    }
}

/// Answer one request (`target` is the raw request-target).
fn respond(method: &str, target: &str, state: &State<'_>) -> Response {
    if method != "GET" && method != "HEAD" {
        let mut resp = Response::text(405, "method not allowed; this server only reads\n");
        resp.headers.push(("Allow", "GET, HEAD".to_string()));
        return resp;
    }
    // Absolute form (`http://host/path`), as sent to proxies.
    let target = match target.find("://") {
        Some(i) if !target.starts_with('/') => {
            let after = &target[i + 3..];
            match after.find('/') {
                Some(j) => &after[j..],
                None => "/",
            }
        }
        _ => target,
    };
    if !target.starts_with('/') {
        return Response::text(400, "bad request target\n");
    }
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, query),
        None => (target, ""),
    };

    if path == RELOAD_PATH {
        let since = query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            if key == "since" {
                value.parse::<u64>().ok()
            } else {
                None
            }
        });
        let generation = match since {
            Some(since) if method == "GET" => state.wait_for_change(since, LONG_POLL),
            _ => state.generation(),
        };
        return Response::text(200, &generation.to_string());
    }

    match request_segments(path) {
        Some(segments) => serve_path(&segments, path.ends_with('/'), query, state),
        None => Response::text(400, "bad request path\n"),
    }
}

/// The path's segments after percent-decoding and normalising `.` and `..`;
/// `None` when it is malformed or would leave the web root.
fn request_segments(path: &str) -> Option<Vec<String>> {
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    if decoded.contains(['\0', '\\']) || (cfg!(windows) && decoded.contains(':')) {
        return None;
    }
    let mut segments: Vec<String> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => {
                // Exactly one ordinary component, whatever the platform.
                let mut components = Path::new(segment).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(c)), None) if c == segment => {}
                    _ => return None,
                }
                segments.push(segment.to_string());
            }
        }
    }
    Some(segments)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn percent_encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Serve a file (or a folder's `index.html`) from the web root.
fn serve_path(
    segments: &[String],
    trailing_slash: bool,
    query: &str,
    state: &State<'_>,
) -> Response {
    let Ok(root) = state.out_dir.canonicalize() else {
        return Response::text(404, "404 Not Found: the site has not been built yet\n");
    };
    let mut full = root.clone();
    for segment in segments {
        full.push(segment);
    }
    match fs::metadata(&full) {
        Ok(meta) if meta.is_dir() => {
            if !trailing_slash && !segments.is_empty() {
                // Relative links in the page need the slash.
                let mut location = String::new();
                for segment in segments {
                    location.push('/');
                    location.push_str(&percent_encode_segment(segment));
                }
                location.push('/');
                if !query.is_empty() && query.bytes().all(|b| b.is_ascii_graphic()) {
                    location.push('?');
                    location.push_str(query);
                }
                let mut resp = Response::text(302, "moved\n");
                resp.headers.push(("Location", location));
                return resp;
            }
            full.push("index.html");
        }
        Ok(_) if trailing_slash => return not_found(&root, state),
        Ok(_) => {}
        Err(_) => return not_found(&root, state),
    }
    match read_inside(&root, &full) {
        Some((real, body)) => file_response(200, &real, body, state),
        None => not_found(&root, state),
    }
}

/// Read `path` if it is a file that really is under `root` (symlinks resolved).
fn read_inside(root: &Path, path: &Path) -> Option<(PathBuf, Vec<u8>)> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) || !real.is_file() {
        return None;
    }
    let body = fs::read(&real).ok()?;
    Some((real, body))
}

/// The site's `404.html` with status 404, or a short text.
fn not_found(root: &Path, state: &State<'_>) -> Response {
    match read_inside(root, &root.join("404.html")) {
        Some((real, body)) => file_response(404, &real, body, state),
        None => Response::text(404, "404 Not Found\n"),
    }
}

fn file_response(status: u16, path: &Path, body: Vec<u8>, state: &State<'_>) -> Response {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = if ext == "html" || ext == "htm" {
        inject_reload(body, state.generation())
    } else {
        body
    };
    Response::new(status, content_type(&ext), body)
}

/// The `Content-Type` for a file extension (lowercase, without the dot).
pub fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "eot" => "application/vnd.ms-fontobject",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The live-reload script for a page built at `generation`.
pub fn reload_script(generation: u64) -> String {
    format!(
        "<script>(async()=>{{const g=\"{generation}\";for(;;){{try{{\
         const r=await fetch(\"{RELOAD_PATH}?since=\"+g,{{cache:\"no-store\"}});\
         if(!r.ok)throw 0;if((await r.text()).trim()!==g){{location.reload();return}}\
         }}catch(e){{await new Promise(f=>setTimeout(f,2e3))}}}}}})()</script>"
    )
}

/// Insert the reload script just before the last `</body>` (or at the end).
fn inject_reload(html: Vec<u8>, generation: u64) -> Vec<u8> {
    let script = reload_script(generation);
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_normalised_and_confined() {
        assert_eq!(request_segments("/"), Some(vec![]));
        assert_eq!(
            request_segments("/sub/./a%20b.html"),
            Some(vec!["sub".to_string(), "a b.html".to_string()])
        );
        assert_eq!(
            request_segments("/sub/../a.css"),
            Some(vec!["a.css".to_string()])
        );
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/sub/../../x",
            "/a/%2e%2e/%2e%2e/x",
            "/%zz",
            "/%2",
            "/a%00b",
            "/a%5c..%5cb",
            "/%ff",
        ] {
            assert_eq!(request_segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_is_small_and_injected_before_body_end() {
        let script = reload_script(u64::MAX);
        assert!(script.len() < 600, "{}", script.len());
        let html = b"<html><body><p>x</p></BODY></html>".to_vec();
        let out = String::from_utf8(inject_reload(html, 3)).unwrap();
        assert!(out.contains("const g=\"3\""));
        assert!(out.ends_with("</script></BODY></html>"));
        let out = String::from_utf8(inject_reload(b"<p>no body</p>".to_vec(), 1)).unwrap();
        assert!(out.starts_with("<p>no body</p><script>"));
    }

    #[test]
    fn temp_files_are_recognised() {
        for name in ["a.yaml~", ".a.yaml.swp", "4913", ".#a.yaml", "#a.yaml#"] {
            assert!(is_temp_file(name), "{name}");
        }
        for name in ["a.yaml", "book.toml", "SUMMARY.md", "49130"] {
            assert!(!is_temp_file(name), "{name}");
        }
    }
}
