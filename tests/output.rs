//! The published site is never broken: a build killed at any moment, or two
//! builds at once, leave the output folder holding a complete site.

mod common;
use common::assert_contains;
use common::careerbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn build_command(book: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_careerbook"));
    c.arg("build")
        .arg(book)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// The bundled handbook (a few seconds to build in a debug build), built
/// once; then builds killed at ten moments spread over a build's length.
/// After each kill the site is exactly the complete site, and while a
/// build runs its pages can be read at every moment.
#[test]
fn a_killed_build_never_breaks_the_site() {
    let d = tempfile::TempDir::new().unwrap();
    common::copy_dir(&common::repo().join("book"), d.path());
    let book = d.path();
    let out = book.join("book");

    let start = Instant::now();
    assert_eq!(careerbook(&["build".as_ref(), book.as_os_str()]).code, 0);
    let length = start.elapsed();
    let reference = tree(&out);
    assert!(reference.contains_key(Path::new("index.html")));

    // Readers during a whole build: every page read succeeds.
    let stop = AtomicBool::new(false);
    let reads = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                for page in ["index.html", "print.html", "glossary.html", "ladder.html"] {
                    let p = out.join(page);
                    assert!(
                        std::fs::read(&p).is_ok_and(|b| !b.is_empty()),
                        "{page} missing during a build"
                    );
                }
                n += 1;
            }
            n
        });
        let status = build_command(book).status().unwrap();
        stop.store(true, Ordering::Relaxed);
        assert!(status.success());
        reader.join().unwrap()
    });
    assert!(reads > 10, "only {reads} reads during a build");

    for k in 1..=10u32 {
        let mut child = build_command(book).spawn().unwrap();
        std::thread::sleep(length * k / 11);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&out);
        assert!(
            now == reference,
            "after a kill at {}/11 of a build the site differs: {} files, {} expected",
            k,
            now.len(),
            reference.len()
        );
    }
    // No temporary folder is left behind by the next build.
    assert_eq!(careerbook(&["build".as_ref(), book.as_os_str()]).code, 0);
    let leftovers: Vec<_> = std::fs::read_dir(book)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("careerbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Two builds at once: the second waits for the first (and says so), both
/// succeed, and the site is complete.
#[test]
fn concurrent_builds_take_turns() {
    let d = common::fixture_copy("minimal");
    let book = d.path();
    let a = build_command(book).spawn().unwrap();
    let b = build_command(book).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert!(book.join("book/index.html").is_file());
}

/// A second build started while one holds the lock says it waits.
#[test]
fn a_waiting_build_says_so() {
    let d = common::fixture_copy("minimal");
    let out = d.path().join("book");
    let lock = careerbook::mdbook::output::lock(&out).unwrap();
    let mut child = build_command(d.path()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    // It cannot finish while the lock is held.
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait for the lock"
    );
    drop(lock);
    let o = child.wait_with_output().unwrap();
    assert!(Instant::now() < deadline);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("another careerbook build is writing"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An output path that is a file is an I/O problem (exit 2), not a content
/// error (exit 1), and the file is left alone.
#[test]
fn an_output_path_that_is_a_file_exits_2() {
    let d = common::fixture_copy("minimal");
    std::fs::write(d.path().join("book"), "not a folder").unwrap();
    let r = careerbook(&["build".as_ref(), d.path().as_os_str()]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert_contains(&r.out, "is a file, not a folder");
    assert_eq!(
        std::fs::read_to_string(d.path().join("book")).unwrap(),
        "not a folder"
    );
}

/// A book given by a relative path (`careerbook build book`, as in the
/// README) is built into its own output folder.
#[test]
fn a_relative_book_path_builds_in_place() {
    let d = common::fixture_copy("minimal");
    let parent = d.path().parent().unwrap();
    let name = d.path().file_name().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_careerbook"))
        .current_dir(parent)
        .arg("build")
        .arg(name)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.path().join("book/index.html").is_file());
    assert!(!d.path().join(name).exists(), "built into a nested folder");
}
