//! `mdbook-careerbook` under the mdBook versions that may call it: the
//! input mdBook sends a preprocessor is crafted here and fed on standard
//! input, as `mdbook build` does.

mod common;
use common::assert_contains;

use std::io::Write;
use std::process::{Command, Stdio};

use mdbook_preprocessor::book::{Book, BookItem, Chapter};

/// Run the shim with `input` on standard input: (exit code, stdout, stderr).
fn shim(input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mdbook-careerbook"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The context mdBook sends (`[context, book]`'s first half).
fn context(root: &std::path::Path, version: &str) -> serde_json::Value {
    serde_json::json!({
        "root": root,
        "config": {
            "book": { "title": "Minimal Handbook", "src": "src", "language": "en" },
            "preprocessor": { "careerbook": {} }
        },
        "renderer": "html",
        "mdbook_version": version
    })
}

/// What mdBook 0.4 sends: its book has `sections` (0.5 renamed them `items`).
fn mdbook_04_input(root: &std::path::Path, version: &str) -> String {
    serde_json::json!([
        context(root, version),
        {
            "sections": [{ "Chapter": {
                "name": "Ladder",
                "content": "# Ladder\n\n{{#careerbook ladder}}\n",
                "number": [1],
                "sub_items": [],
                "path": "ladder.md",
                "source_path": "ladder.md",
                "parent_names": []
            }}],
            "__non_exhaustive": null
        }
    ])
    .to_string()
}

/// What mdBook 0.5 sends, with the book serialized by mdBook 0.5's own types.
fn mdbook_05_input(root: &std::path::Path, version: &str) -> String {
    let mut book = Book::new();
    book.push_item(BookItem::Chapter(Chapter::new(
        "Ladder",
        "# Ladder\n\n{{#careerbook ladder}}\n".to_string(),
        "ladder.md",
        Vec::new(),
    )));
    serde_json::json!([context(root, version), book]).to_string()
}

#[test]
fn under_mdbook_04_it_says_which_version_it_needs_and_which_called_it() {
    let book = common::fixture_copy("minimal");
    let (code, stdout, stderr) = shim(&mdbook_04_input(book.path(), "0.4.40"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.is_empty(),
        "nothing may be written for mdBook: {stdout}"
    );
    assert!(
        stderr.contains("needs mdBook 0.5"),
        "the needed version is not named: {stderr}"
    );
    assert!(
        stderr.contains("called by mdBook 0.4.40"),
        "the calling version is not named: {stderr}"
    );
    assert!(
        stderr.contains("cargo install mdbook --version 0.5"),
        "no way out is offered: {stderr}"
    );
    assert!(
        !stderr.contains("missing field"),
        "the parse error leaks through: {stderr}"
    );
}

#[test]
fn input_that_is_not_from_mdbook_is_refused_with_a_reason() {
    let (code, _, stderr) = shim("this is not JSON");
    assert_eq!(code, 1);
    assert_contains(&stderr, "is not JSON");
    let (code, _, stderr) = shim("[{\"root\": \"/\"}, {}]");
    assert_eq!(code, 1);
    assert_contains(&stderr, "no `mdbook_version`");
}

#[test]
fn under_mdbook_05_it_renders_the_book() {
    let book = common::fixture_copy("minimal");
    careerbook::mdbook::assets::install(book.path()).unwrap();
    // The exact version it is built against, and another 0.5 release (which
    // only gets a warning).
    for (version, warns) in [
        (mdbook_preprocessor::MDBOOK_VERSION, false),
        ("0.5.99", true),
    ] {
        let (code, stdout, stderr) = shim(&mdbook_05_input(book.path(), version));
        assert_eq!(code, 0, "{version}: {stderr}");
        let out: Book = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        let ladder = out
            .iter()
            .find_map(|item| match item {
                BookItem::Chapter(ch) => Some(ch.content.clone()),
                _ => None,
            })
            .unwrap();
        assert!(
            !ladder.contains("{{#careerbook"),
            "{version}: the directive was not rendered: {ladder}"
        );
        assert!(ladder.contains("id=\"ladder\""), "{version}: {ladder}");
        assert_eq!(
            stderr.contains("called by mdBook 0.5.99"),
            warns,
            "{version}: {stderr}"
        );
    }
}
