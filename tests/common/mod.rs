//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture book under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copy a folder recursively, leaving out a built site (`book/`) at its top.
pub fn copy_dir(from: &Path, to: &Path) {
    copy(from, to, true);
}

fn copy(from: &Path, to: &Path, top: bool) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        let is_dir = e.file_type().unwrap().is_dir();
        if top && is_dir && e.file_name() == "book" {
            continue;
        }
        if is_dir {
            copy(&e.path(), &dest, false);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A temporary copy of a fixture book.
pub fn fixture_copy(name: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// What a run of the `careerbook` binary printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// stdout then stderr.
    pub out: String,
}

/// Run the `careerbook` binary (no colour; killed after a minute, so a hang
/// fails the test instead of stalling the suite).
pub fn careerbook(args: &[&std::ffi::OsStr]) -> Run {
    run(assert_cmd::Command::cargo_bin("careerbook")
        .unwrap()
        .args(args))
}

/// `careerbook ARGS` run from `cwd`, as [`careerbook`] runs it.
pub fn careerbook_in(cwd: &Path, args: &[&str]) -> Run {
    run(assert_cmd::Command::cargo_bin("careerbook")
        .unwrap()
        .current_dir(cwd)
        .args(args))
}

fn run(command: &mut assert_cmd::Command) -> Run {
    let o = command
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    Run {
        code: o.status.code().unwrap_or(-1),
        out: stdout.clone() + &stderr,
        stdout,
        stderr,
    }
}

/// How a build went.
pub struct Out {
    pub ok: bool,
    pub stderr: String,
}

/// The `mdbook` command: $MDBOOK, else on PATH, else ~/.cargo/bin/mdbook.
pub fn mdbook() -> PathBuf {
    if let Some(p) = std::env::var_os("MDBOOK") {
        return p.into();
    }
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let cargo_bin = home.join(".cargo/bin/mdbook");
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if dir.join("mdbook").is_file() {
            return dir.join("mdbook");
        }
    }
    assert!(
        cargo_bin.is_file(),
        "these tests need the mdbook 0.5 command: cargo install mdbook --version 0.5.4 --locked (scripts/test.sh does this)"
    );
    cargo_bin
}

/// A plain `mdbook build`, with our shim first on PATH.
pub fn mdbook_build(dir: &Path) -> Out {
    let shim_dir = Path::new(env!("CARGO_BIN_EXE_mdbook-careerbook"))
        .parent()
        .unwrap();
    let path = std::env::join_paths(std::iter::once(shim_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let o = Command::new(mdbook())
        .arg("build")
        .arg(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Out {
        ok: o.status.success(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Assert that `text` contains `part`; when it does not, the message shows
/// what was looked for and the whole text.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} is not in:\n{text}");
}

/// A client's end of `serve`'s reload websocket.
pub type Socket = tungstenite::WebSocket<std::net::TcpStream>;

/// The next status the server sends on a reload socket.
pub fn next_status(ws: &mut Socket) -> serde_json::Value {
    loop {
        match ws.read().expect("no status on the reload socket") {
            tungstenite::Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            tungstenite::Message::Ping(_) | tungstenite::Message::Pong(_) => {}
            other => panic!("unexpected message {other:?}"),
        }
    }
}
