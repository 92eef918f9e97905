//! `careerbook serve`: build, serve on localhost, rebuild on change, reload
//! the browser, and show build errors over the page.
//!
//! Built from the crates `mdbook serve` uses:
//!
//! - `http`: an axum router on a small tokio runtime. Files come from the
//!   built site (`out_dir`) through tower-http's `ServeFile` (MIME types,
//!   `HEAD`, ranges); the request path is resolved by us first, so that it
//!   can never leave `out_dir`, symlinks included. Every answer carries
//!   `Cache-Control: no-store`. HTML gets a small script (`client.js`)
//!   added on the fly (never written to disk).
//! - the reload channel: a websocket ([`RELOAD_PATH`]) on which the server
//!   sends the current [`Status`] at once and again after every build; a
//!   page reloads when the status's version is not the one it was served
//!   with, and shows the diagnostics of a failed build in an overlay. The
//!   same status is at [`STATUS_PATH`] as JSON. Waiting sockets are tasks,
//!   not threads: any number can be open while pages are served.
//! - `watch`: notify-debouncer-mini over the book's sources (access
//!   events, the output folder, `.git` and editor temporary files ignored),
//!   calling the caller's `rebuild` once per burst of changes.

mod http;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::Serialize;
use tokio::sync::watch as channel;

/// The reload websocket (`GET` with `Upgrade: websocket`).
pub const RELOAD_PATH: &str = "/__careerbook/reload";
/// The current [`Status`] as JSON (for tools and tests; pages use the websocket).
pub const STATUS_PATH: &str = "/__careerbook/status";

/// How often the server looks at `stop`.
const POLL: Duration = Duration::from_millis(100);

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

/// What one call of the `rebuild` callback produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The site in `out_dir` was (re)built: open pages reload.
    Built,
    /// Nothing was written (the previous site stays served). `diagnostics`
    /// is shown over open pages as plain text: for content errors, what
    /// `careerbook check` prints, without colours.
    Failed { diagnostics: String },
}

/// The build callback: called once at start and after every burst of
/// changes, on a thread of its own. `Err` is an unexpected failure (I/O…):
/// it is printed and shown like [`Outcome::Failed`]; so is a panic.
pub(crate) type Rebuild<'a> = dyn Fn() -> Result<Outcome> + Sync + 'a;

/// What the reload channel says, as JSON: `{"version":"…","error":null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Changes after every successful build, and from one server run to the
    /// next; a page served at another version reloads.
    pub version: String,
    /// The diagnostics of the last build when it failed (the site served is
    /// then the last good one); `None` after a successful build.
    pub error: Option<String>,
}

/// The server's side of the reload channel.
struct Reload {
    /// Tells this server run from the previous one.
    boot: u64,
    /// Number of successful builds.
    generation: AtomicU64,
    tx: channel::Sender<Status>,
}

impl Reload {
    fn new() -> Reload {
        let boot = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let status = Status {
            version: format!("{boot:x}-0"),
            error: None,
        };
        Reload {
            boot,
            generation: AtomicU64::new(0),
            tx: channel::Sender::new(status),
        }
    }

    fn built(&self) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.tx.send_replace(Status {
            version: format!("{:x}-{generation}", self.boot),
            error: None,
        });
    }

    fn failed(&self, diagnostics: String) {
        self.tx.send_modify(|s| s.error = Some(diagnostics));
    }
}

/// Runs until `stop` becomes true (the CLI never sets it: Ctrl-C ends the
/// process).
///
/// `rebuild` is called once before serving and after every debounced change.
/// `on_ready` is called once with the bound address after the listener is
/// bound, the watcher started and the first build done.
pub fn serve(
    opts: &ServeOptions,
    rebuild: &Rebuild<'_>,
    on_ready: &(dyn Fn(SocketAddr) + Sync),
    stop: &AtomicBool,
) -> Result<()> {
    let listener = bind(&opts.host, opts.port)?;
    let addr = listener
        .local_addr()
        .context("cannot read the address the server listens on")?;
    listener
        .set_nonblocking(true)
        .context("cannot configure the listening socket")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("careerbook-serve")
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;

    let reload = Reload::new();
    // Watch before the first build, so that a change made while it runs is
    // not lost.
    let filter = watch::WatchFilter::new(opts);
    let (tx, rx) = mpsc::channel();
    let watcher = watch::start(&filter, tx);

    run_build(rebuild, &reload, true);

    let app = http::router(http::absolute(&opts.out_dir), reload.tx.subscribe());
    on_ready(addr);
    eprintln!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        opts.root.display()
    );

    // Set when the server ends on its own (an error), to end the watcher too.
    let ended = AtomicBool::new(false);
    let stopping = || stop.load(Ordering::SeqCst) || ended.load(Ordering::SeqCst);
    let served = thread::scope(|s| {
        s.spawn(|| {
            watch::watch_loop(rx, &filter, &stopping, |changed| {
                eprintln!("changed: {}", list_paths(&opts.root, changed));
                run_build(rebuild, &reload, false)
            })
        });
        let served = runtime.block_on(async {
            let listener = tokio::net::TcpListener::from_std(listener)
                .context("cannot configure the listening socket")?;
            tokio::select! {
                served = axum::serve(listener, app) => served.context("the server stopped"),
                () = wait_for(stop) => Ok(()),
            }
        });
        ended.store(true, Ordering::SeqCst);
        served
    });
    // Open connections (reload sockets included) end with the runtime.
    runtime.shutdown_timeout(Duration::from_secs(1));
    drop(watcher);
    served
}

/// Resolves once `stop` is true.
async fn wait_for(stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        tokio::time::sleep(POLL).await;
    }
}

/// Bind the listener, explaining a port already in use.
fn bind(host: &str, port: u16) -> Result<TcpListener> {
    match TcpListener::bind((host, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {port} is already in use on {host} (is another `careerbook serve` running?); \
             choose another one with `--port N`, or `--port 0` for any free port"
        ),
        Err(e) => Err(e).with_context(|| format!("cannot listen on {host}:{port}")),
    }
}

/// The changed paths for the terminal: relative to the book, the first few.
fn list_paths(root: &std::path::Path, paths: &[PathBuf]) -> String {
    let root = watch::canonical_lenient(root);
    let mut names: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    if paths.len() > 3 {
        names.push(format!("and {} more", paths.len() - 3));
    }
    names.join(", ")
}

/// Run `rebuild`, report the outcome on one line, and tell open pages.
fn run_build(rebuild: &Rebuild<'_>, reload: &Reload, initial: bool) {
    let start = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(rebuild));
    let ms = start.elapsed().as_millis();
    let keep = if initial {
        "serving the previous build, if any"
    } else {
        "still serving the previous build"
    };
    match outcome {
        Ok(Ok(Outcome::Built)) => {
            reload.built();
            eprintln!("{} in {ms} ms", if initial { "built" } else { "rebuilt" });
        }
        Ok(Ok(Outcome::Failed { diagnostics })) => {
            eprintln!("content has errors; {keep} (fix them and save to rebuild)");
            reload.failed(diagnostics);
        }
        Ok(Err(e)) => {
            eprintln!("error: build failed: {e:#}; {keep}");
            reload.failed(format!("error: build failed: {e:#}\n"));
        }
        Err(_) => {
            eprintln!("error: build panicked; {keep}");
            reload.failed("error: the build panicked (a bug in careerbook)\n".to_string());
        }
    }
}
