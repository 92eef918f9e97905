//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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
