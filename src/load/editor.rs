//! Editor setup checks: what keeps a contributor's editor validating and
//! completing content files, and what `careerbook new` left to fill in.
//!
//! Each content file may start with a modeline that the YAML language server
//! (VS Code's YAML extension, Neovim, Helix, …) reads:
//!
//! ```yaml
//! # yaml-language-server: $schema=../../schema/careerbook.schema.json
//! ```
//!
//! Three things break that setup silently, and each becomes a warning here
//! (with `file:line:col` and a hint):
//!
//! - the `$schema` path points at nothing (the file was moved to another
//!   folder, or the schema was never written): the editor stops validating;
//! - the handbook's copy of the schema differs from the running careerbook's
//!   (it was written by another version): the editor validates against an
//!   outdated format;
//! - a file still holds the placeholder text `careerbook new` wrote (every
//!   placeholder in its skeletons starts with [`PLACEHOLDER`]), which would
//!   be published as it is.
//!
//! [`check`] is called once from `load` (see `load/mod.rs`).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Label, Report};
use crate::load::ContentFile;
use crate::load::config::Config;
use crate::model::Pos;
use crate::model::schema;

/// How every placeholder text in `scaffold/new/*.yaml` starts.
pub const PLACEHOLDER: &str = "TODO:";

/// Run the editor checks on the content files that were read (their text is
/// in `report`), adding warnings to `report`.
pub fn check(config: &Config, content: &[ContentFile], report: &mut Report) {
    let root = std::fs::canonicalize(&config.root).unwrap_or_else(|_| config.root.clone());
    let mut diags = Vec::new();
    // Every schema file that some `$schema` line points at, with the name
    // it is shown under (relative to the book).
    let mut schemas: BTreeMap<PathBuf, String> = BTreeMap::new();
    // Lines pointing at nothing, by the missing file (in file order).
    let mut missing: BTreeMap<PathBuf, Vec<(&str, PathBuf, Modeline)>> = BTreeMap::new();
    for c in content {
        let Some(text) = report.source(&c.file) else {
            continue;
        };
        if let Some(line) = modeline(text) {
            let dir = normalize(&root.join(&c.file))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.clone());
            match line.local_path(&dir) {
                Some(target) if target.is_file() => {
                    let target = std::fs::canonicalize(&target).unwrap_or(target);
                    let shown = relative_path(&root, &target);
                    schemas.entry(target).or_insert(shown);
                }
                Some(target) => {
                    missing
                        .entry(target)
                        .or_default()
                        .push((c.file.as_str(), dir, line))
                }
                None => {} // a URL: not checked (it may need the network)
            }
        }
        if let Some(d) = placeholders(&c.file, text) {
            diags.push(d);
        }
    }
    let nearest = nearest_schema(&root);
    for (target, files) in missing {
        diags.push(missing_schema(config, nearest.as_deref(), &target, &files));
    }
    let current = schema::json();
    for (path, shown) in schemas {
        if path.file_name().and_then(|n| n.to_str()) != Some(schema::FILE_NAME) {
            continue; // somebody else's schema
        }
        let Ok(copy) = std::fs::read_to_string(&path) else {
            continue;
        };
        if copy.replace("\r\n", "\n").trim_end() != current.trim_end() {
            diags.push(outdated_schema(config, &path, &shown));
        }
    }
    report.extend(diags);
}

/// The `# yaml-language-server: $schema=…` line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Modeline {
    /// What follows `$schema=`.
    value: String,
    pos: Pos,
}

impl Modeline {
    /// The file the line points at, resolved from the file's folder as the
    /// language server does; `None` for a URL other than `file://`.
    fn local_path(&self, dir: &Path) -> Option<PathBuf> {
        let v = self.value.as_str();
        if let Some(p) = v.strip_prefix("file://") {
            return Some(PathBuf::from(p));
        }
        if v.contains("://") {
            return None;
        }
        Some(normalize(&dir.join(v)))
    }
}

/// The first `$schema` modeline in a file's comments.
fn modeline(text: &str) -> Option<Modeline> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let Some(rest) = comment
            .trim_start()
            .strip_prefix("yaml-language-server:")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("$schema="))
        else {
            continue;
        };
        let value = rest.split_whitespace().next().unwrap_or("");
        let at = line.len() - rest.len();
        return Some(Modeline {
            value: value.to_string(),
            pos: Pos {
                line: i as u32 + 1,
                col: line[..at].chars().count() as u32 + 1,
                offset: Some(start + at),
                len: value.len(),
            },
        });
    }
    None
}

/// One warning for the `$schema` lines that point at the same missing
/// file, at the first of them.
fn missing_schema(
    config: &Config,
    nearest: Option<&Path>,
    target: &Path,
    files: &[(&str, PathBuf, Modeline)],
) -> Diagnostic {
    let (file, dir, line) = &files[0];
    let others = files.len() - 1;
    let mut message = format!(
        "the `$schema` line points at `{}`, which does not exist: editors neither validate nor complete this file",
        line.value
    );
    if others > 0 {
        message.push_str(&format!(
            " (nor {others} other file{} whose `$schema` line points there: {})",
            if others == 1 { "" } else { "s" },
            files[1..]
                .iter()
                .map(|(f, _, _)| *f)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let help = match nearest {
        // The handbook has a schema that the line misses (a file moved to
        // another folder keeps a path that no longer resolves).
        Some(found) if others == 0 => format!(
            "point it at `{}`, the handbook's schema seen from this file's folder",
            relative_path(dir, found)
        ),
        Some(found) => format!(
            "point each line at the handbook's schema (from this file's folder: `{}`)",
            relative_path(dir, found)
        ),
        None => format!(
            "write the schema there: `careerbook schema --out {}`",
            shown_dir(config, target.parent().unwrap_or(Path::new(".")))
        ),
    };
    Diagnostic::warning(
        "editor::schema-missing",
        message,
        Label::new(*file, line.pos).with_label("no file here"),
    )
    .with_help(help)
}

fn outdated_schema(config: &Config, path: &Path, shown: &str) -> Diagnostic {
    let dir = path.parent().unwrap_or(Path::new("."));
    Diagnostic::warning(
        "editor::schema-outdated",
        format!(
            "`{shown}` differs from the schema of careerbook {} (it was written by another version): editors check the content against another format than `careerbook check` does",
            env!("CARGO_PKG_VERSION")
        ),
        Label::file_start(shown),
    )
    .with_help(format!(
        "refresh it: `careerbook schema --out {}`",
        shown_dir(config, dir)
    ))
}

/// A folder as the user can type it: relative to the current folder when
/// the book was given by a relative path, absolute otherwise.
fn shown_dir(config: &Config, dir: &Path) -> String {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| normalize(dir));
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    match cwd {
        Some(cwd) if config.root.is_relative() => {
            let rel = relative_path(&cwd, &dir);
            if rel.is_empty() { ".".into() } else { rel }
        }
        _ => dir.to_string_lossy().replace('\\', "/"),
    }
}

/// One warning for the placeholder texts of a file, at the first one.
fn placeholders(file: &str, text: &str) -> Option<Diagnostic> {
    let mut found: Vec<Pos> = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if let Some(at) = placeholder_in(line) {
            found.push(Pos {
                line: i as u32 + 1,
                col: line[..at].chars().count() as u32 + 1,
                offset: Some(start + at),
                len: PLACEHOLDER.len(),
            });
        }
    }
    let first = *found.first()?;
    let mut message = "placeholder text from `careerbook new` is still here".to_string();
    if found.len() > 1 {
        let more: Vec<String> = found[1..].iter().map(|p| p.line.to_string()).collect();
        message.push_str(&format!(
            " (and on line{} {})",
            if more.len() == 1 { "" } else { "s" },
            more.join(", ")
        ));
    }
    Some(
        Diagnostic::warning(
            "editor::placeholder",
            message,
            Label::new(file, first).with_label("written by `careerbook new`"),
        )
        .with_help(format!(
            "replace every text starting with `{PLACEHOLDER}` with your own: it would be published as it is"
        )),
    )
}

/// Where a value on this line starts with [`PLACEHOLDER`]: after the
/// indentation, a `- `, a `key: ` and an opening quote, each optional.
/// Comment lines never match.
fn placeholder_in(line: &str) -> Option<usize> {
    let mut rest = line.trim_start();
    if rest.starts_with('#') {
        return None;
    }
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start();
    }
    if rest.starts_with(PLACEHOLDER) {
        return Some(line.len() - rest.len());
    }
    if let Some(colon) = rest.find(": ") {
        let key = &rest[..colon];
        if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
        {
            rest = rest[colon + 1..].trim_start();
        }
    }
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    rest.starts_with(PLACEHOLDER)
        .then(|| line.len() - rest.len())
}

/// The schema a new content file in `book` should point at: the nearest
/// `schema/careerbook.schema.json` in the book's folder or one of its
/// parents (where `careerbook init` and `careerbook schema --out schema`
/// put it).
pub(crate) fn nearest_schema(book: &Path) -> Option<PathBuf> {
    let book = std::fs::canonicalize(book).ok()?;
    book.ancestors()
        .map(|dir| dir.join("schema").join(schema::FILE_NAME))
        .find(|p| p.is_file())
}

/// Remove `.` and resolve `..` without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The path from folder `from` to `to`, with `/` separators.
pub(crate) fn relative_path(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_are_found_with_their_position() {
        let m = modeline("# yaml-language-server: $schema=../s.json\nkind: faq\n").unwrap();
        assert_eq!(m.value, "../s.json");
        assert_eq!((m.pos.line, m.pos.col, m.pos.offset), (1, 33, Some(32)));
        let m = modeline("kind: faq\n  #yaml-language-server:  $schema=x.json  # note\n").unwrap();
        assert_eq!(m.value, "x.json");
        assert_eq!((m.pos.line, m.pos.col), (2, 35));
        assert_eq!(modeline("kind: faq\n# $schema=x.json\n"), None);
        let url = modeline("# yaml-language-server: $schema=https://x/s.json\n").unwrap();
        assert_eq!(url.local_path(Path::new("/b")), None);
        assert_eq!(
            m.local_path(Path::new("/b/content")),
            Some(PathBuf::from("/b/content/x.json"))
        );
    }

    #[test]
    fn placeholders_are_values_starting_with_the_marker() {
        assert_eq!(placeholder_in("answer: \"TODO: the answer\"\n"), Some(9));
        assert_eq!(placeholder_in("  - TODO: something to do.\n"), Some(4));
        assert_eq!(placeholder_in("    - id: x\n"), None);
        assert_eq!(placeholder_in("  TODO: inside a block\n"), Some(2));
        assert_eq!(placeholder_in("# TODO: a comment\n"), None);
        assert_eq!(placeholder_in("text: Do the TODO: list\n"), None);
        assert_eq!(placeholder_in("text: 'TODO: quoted'\n"), Some(7));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(
                Path::new("/a/book/content/faq"),
                Path::new("/a/book/schema/s.json")
            ),
            "../../schema/s.json"
        );
        assert_eq!(
            relative_path(
                Path::new("/a/book/content/faq"),
                Path::new("/a/schema/s.json")
            ),
            "../../../schema/s.json"
        );
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
