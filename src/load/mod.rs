//! Stage 1 — loading: find the content files and chapters, read them safely,
//! and turn each YAML file into a [`Document`].
//!
//! Per content file: the bytes are read (size limit, UTF-8), parsed into a
//! positioned node tree ([`yaml::parse`]), validated against the model's
//! schema with every problem reported ([`crate::model::validate`]), and a
//! file without errors becomes a typed [`Document`] whose own rules are
//! checked. A file with errors still contributes its ids (so references to
//! them are not reported a second time, and duplicate ids are found).
//!
//! Nothing outside the book folder is read: a content file or chapter that
//! is (or lies under) a symbolic link pointing outside is refused, naming
//! the link. Nothing here panics on bad input: every problem becomes a
//! [`Diagnostic`] with a file, line and column, and loading goes on with the
//! next file so that one run reports everything.

pub mod config;
pub mod editor;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Label, Report, line_col};
use crate::model::node::Value;
use crate::model::{Document, EntryKind, Pos, validate};
use config::Config;

/// A content file that loaded without errors.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Path relative to the book root, `/`-separated (as shown in diagnostics).
    pub file: String,
    pub doc: Document,
}

/// A content file that could not be loaded, and the ids it seems to define
/// (they take part in the namespace: no "does not exist" errors elsewhere
/// for them, and a duplicate is still found).
#[derive(Debug, Clone)]
pub struct BrokenFile {
    pub file: String,
    pub ids: Vec<(String, EntryKind, Pos)>,
}

/// A chapter of the book (a Markdown file under the source folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// Path under the source folder, `/`-separated (`levels/senior.md`).
    pub path: String,
    /// Its name in the table of contents (the path when read from disk).
    pub name: String,
    /// Path from the book root, `/`-separated (as shown in diagnostics).
    pub file: String,
    pub text: String,
}

impl Chapter {
    /// A chapter at `path` under the source folder `src` (relative to the
    /// book root; both as given by the book, e.g. by mdBook: separators are
    /// normalised here, once).
    pub fn new(src: &Path, path: &Path, name: &str, text: String) -> Chapter {
        let path = slashed(path);
        let src = slashed(src);
        let file = if src.is_empty() || src == "." {
            path.clone()
        } else {
            format!("{}/{path}", src.trim_end_matches('/'))
        };
        Chapter {
            file,
            path,
            name: name.to_string(),
            text,
        }
    }

    /// Its page in the built site, from the site root (`levels/senior.html`,
    /// `index.html` for a `README.md`), as mdBook names it.
    pub fn html(&self) -> String {
        html_path(&self.path)
    }
}

/// The page mdBook writes for a chapter path (`a/README.md` → `a/index.html`).
pub(crate) fn html_path(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, f)) if f.eq_ignore_ascii_case("readme.md") => format!("{dir}/index.html"),
        None if path.eq_ignore_ascii_case("readme.md") => "index.html".into(),
        _ => match path.strip_suffix(".md") {
            Some(stem) => format!("{stem}.html"),
            None => format!("{path}.html"),
        },
    }
}

/// A path with `/` separators.
pub(crate) fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Everything read from a book folder.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub content: Vec<ContentFile>,
    pub broken: Vec<BrokenFile>,
    pub chapters: Vec<Chapter>,
}

/// Load a book folder: its config, every content file and every chapter
/// (read from the source folder, or as given, e.g. by mdBook, in book
/// order). Problems with the content are added to `report`; an `Err` means
/// the book could not be read at all (exit 2).
pub fn load(
    root: &Path,
    chapters: Option<Vec<Chapter>>,
    report: &mut Report,
) -> anyhow::Result<Loaded> {
    let (config, diags) = Config::load(root)?;
    if !diags.is_empty() {
        if let Ok(text) = std::fs::read_to_string(root.join("book.toml")) {
            report.add_source("book.toml", &text);
        }
        report.extend(diags);
    }
    let (content, broken) = load_content(&config, report)?;
    // Editor setup checks (`$schema` lines, the schema copy, placeholders
    // left by `careerbook new`): warnings only, see editor.rs.
    editor::check(&config, &content, report);
    let chapters = match chapters {
        Some(mut given) => {
            for ch in &mut given {
                // mdBook has read the chapter already; a chapter that leads
                // outside the book is refused, and its text dropped unseen.
                if check_inside(&config, &config.src_dir.join(&ch.path), &ch.file, report) {
                    report.add_source(&ch.file, &ch.text);
                } else {
                    ch.text.clear();
                }
            }
            given
        }
        None => load_chapters(&config, report)?,
    };
    Ok(Loaded {
        config,
        content,
        broken,
        chapters,
    })
}

fn rel(root: &Path, path: &Path) -> String {
    slashed(path.strip_prefix(root).unwrap_or(path))
}

/// The canonical book root (for containment checks).
fn canonical_root(config: &Config) -> PathBuf {
    config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone())
}

/// Whether `path` resolves to a place inside the book folder; when not,
/// reports it (naming the link, never what it points to) and returns false.
fn check_inside(config: &Config, path: &Path, name: &str, report: &mut Report) -> bool {
    let Ok(real) = path.canonicalize() else {
        return true; // a missing file is reported where it is read
    };
    if real.starts_with(canonical_root(config)) {
        return true;
    }
    report.push(
        Diagnostic::error(
            "io::outside-book",
            format!("`{name}` leads outside the book folder (a symbolic link?)"),
            Label::file_start(name).with_label("not read"),
        )
        .with_help("content and chapters must be files inside the book folder; replace the link with the file itself"),
    );
    false
}

/// Walk a folder (following symlinks, in a stable order), yielding files with
/// one of `exts` that lie inside the book; loops, unreadable entries and
/// links out of the book become diagnostics.
fn walk(
    config: &Config,
    dir: &Path,
    exts: &[&str],
    report: &mut Report,
) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let root = &config.root;
    if !check_inside(config, dir, &rel(root, dir), report) {
        return Ok(Vec::new());
    }
    let real_root = canonical_root(config);
    let mut out = Vec::new();
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        match entry {
            Ok(e) => {
                let p = e.path();
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                if hidden {
                    if e.file_type().is_dir() {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                if e.path_is_symlink()
                    && !p
                        .canonicalize()
                        .is_ok_and(|real| real.starts_with(&real_root))
                {
                    check_inside(config, p, &rel(root, p), report);
                    if e.file_type().is_dir() {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                if e.file_type().is_file()
                    && p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| exts.contains(&x))
                {
                    out.push(p.to_path_buf());
                }
            }
            Err(err) => {
                let where_ = err.path().map(|p| rel(root, p)).unwrap_or_default();
                let (code, msg, help) = if err.loop_ancestor().is_some() {
                    (
                        "io::symlink-loop",
                        format!("symbolic link loop at `{where_}`"),
                        "the link points back to a folder that contains it; remove it or point it elsewhere",
                    )
                } else {
                    (
                        "io::unreadable",
                        format!("cannot read `{where_}`: {err}"),
                        "check the file's permissions",
                    )
                };
                report
                    .push(Diagnostic::error(code, msg, Label::file_start(where_)).with_help(help));
            }
        }
    }
    Ok(out)
}

/// What loading one content file gave.
enum FileResult {
    Loaded(Box<Document>, Vec<Diagnostic>),
    Broken(Vec<(String, EntryKind, Pos)>, Vec<Diagnostic>),
}

fn load_content(
    config: &Config,
    report: &mut Report,
) -> anyhow::Result<(Vec<ContentFile>, Vec<BrokenFile>)> {
    let dir = config.content_dir();
    if !dir.is_dir() {
        if config.content_explicit {
            report.push(
                Diagnostic::error(
                    "io::no-content",
                    format!("the content folder `{}` does not exist", config.content),
                    Label::file_start("book.toml"),
                )
                .with_help("create it, or set `content = \"…\"` under [preprocessor.careerbook]"),
            );
        }
        return Ok((Vec::new(), Vec::new()));
    }
    let paths = walk(config, &dir, &["yaml", "yml"], report)?;
    // Files are independent: read and parse them in parallel, then report in
    // file order.
    let loaded = crate::par::map(&paths, |path| {
        let file = rel(&config.root, path);
        match read_text(path, &file, config.max_file_bytes) {
            Ok(text) => {
                let result = load_file(&file, &text);
                (file, Some(text), result)
            }
            Err(d) => (file, None, FileResult::Broken(Vec::new(), vec![*d])),
        }
    });
    let mut content = Vec::new();
    let mut broken = Vec::new();
    for (file, text, result) in loaded {
        if let Some(text) = &text {
            report.add_source(&file, text);
        }
        match result {
            FileResult::Loaded(doc, diags) => {
                report.extend(diags);
                content.push(ContentFile { file, doc: *doc });
            }
            FileResult::Broken(ids, diags) => {
                report.extend(diags);
                broken.push(BrokenFile { file, ids });
            }
        }
    }
    Ok((content, broken))
}

/// Parse, validate and type one content file's text. `Err` holds the
/// problems when it has errors; `Ok` the document and its warnings.
pub fn parse_document(
    file: &str,
    text: &str,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    match load_file(file, text) {
        FileResult::Loaded(doc, warnings) => Ok((*doc, warnings)),
        FileResult::Broken(_, problems) => Err(problems),
    }
}

/// Parse, validate and type one content file.
fn load_file(file: &str, text: &str) -> FileResult {
    if is_blank(text) {
        return FileResult::Broken(
            Vec::new(),
            vec![
                Diagnostic::error("yaml::empty", format!("`{file}` is empty"), Label::file_start(file))
                    .with_help("a content file holds one document: start with `kind:`, `id:` and `title:`, or delete the file"),
            ],
        );
    }
    let mut root = match yaml::parse(file, text) {
        Ok(node) => node,
        Err(d) => return FileResult::Broken(Vec::new(), vec![*d]),
    };
    let checked = validate::validate(file, &root);
    let (Some(kind), false) = (checked.kind, checked.has_errors()) else {
        return FileResult::Broken(checked.ids, checked.problems);
    };
    let mut problems = checked.problems;
    if let Value::Map(entries) = &mut root.value {
        entries.retain(|(k, _)| k.as_str() != Some("kind"));
    }
    match Document::from_node(kind, &root) {
        Ok(doc) => {
            problems.extend(doc.check(file));
            FileResult::Loaded(Box::new(doc), problems)
        }
        // Validation passed, so the schema and the types disagree: a bug,
        // reported rather than hidden.
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    "model::internal",
                    format!("careerbook could not read this file although it is valid: {e}"),
                    Label::new(file, e.pos.unwrap_or(Pos::START)),
                )
                .with_help("please report this as a careerbook bug, with the file"),
            );
            FileResult::Broken(checked.ids, problems)
        }
    }
}

fn load_chapters(config: &Config, report: &mut Report) -> anyhow::Result<Vec<Chapter>> {
    let mut out = Vec::new();
    for path in walk(config, &config.src_dir, &["md"], report)? {
        let file = rel(&config.root, &path);
        match read_text(&path, &file, config.max_file_bytes.max(4 * 1024 * 1024)) {
            Err(d) => report.push(*d),
            Ok(text) => {
                report.add_source(&file, &text);
                let under_src = path.strip_prefix(&config.src_dir).unwrap_or(&path);
                // mdBook reads SUMMARY.md as the table of contents; it is
                // not a chapter and no preprocessor sees it.
                if under_src == Path::new("SUMMARY.md") {
                    continue;
                }
                let name = slashed(under_src);
                let src = config
                    .src_dir
                    .strip_prefix(&config.root)
                    .unwrap_or(&config.src_dir);
                out.push(Chapter::new(src, under_src, &name, text));
            }
        }
    }
    Ok(out)
}

/// Read a file as UTF-8 text, refusing files over `limit` bytes, and drop a
/// leading byte-order mark.
pub(crate) fn read_text(path: &Path, file: &str, limit: u64) -> Result<String, Box<Diagnostic>> {
    let io_err = |e: std::io::Error| {
        Box::new(
            Diagnostic::error(
                "io::unreadable",
                format!("cannot read `{file}`: {e}"),
                Label::file_start(file),
            )
            .with_help("check the file's permissions"),
        )
    };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > limit {
        return Err(Box::new(
            Diagnostic::error(
                "io::too-large",
                format!("`{file}` is {size} bytes, over the limit of {limit} bytes"),
                Label::file_start(file),
            )
            .with_help("split it into several files, or raise `max-file-bytes` under [preprocessor.careerbook] in book.toml"),
        ));
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    decode(file, bytes)
}

/// Decode UTF-8 (with or without a byte-order mark). Invalid UTF-8 is
/// reported at its line and column.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..good]);
            let (line, col) = line_col(&text, good);
            Err(Box::new(
                Diagnostic::error(
                    "io::not-utf8",
                    format!(
                        "`{file}` is not valid UTF-8: byte 0x{:02x} at line {line}, column {col}",
                        bytes[good]
                    ),
                    Label::new(
                        file,
                        Pos {
                            line,
                            col,
                            offset: None,
                            len: 0,
                        },
                    ),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// True when a file has no YAML content (only blank lines and comments).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}
