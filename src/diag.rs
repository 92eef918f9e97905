//! Diagnostics: what every stage reports, and how `check` prints it.
//!
//! A [`Diagnostic`] names a file, a 1-based line and column, what is wrong and
//! (often) a hint. [`Report`] collects them with the text of every file they
//! point into, sorts them, and renders them as human-readable snippets
//! (annotate-snippets, the renderer serde-saphyr uses for its own errors),
//! JSON, or GitHub Actions workflow commands.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::model::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file, with an optional label shown under the caret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Path relative to the book root, with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub offset: Option<usize>,
    #[serde(skip)]
    pub len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Label {
    pub fn new(file: impl Into<String>, pos: Pos) -> Label {
        Label {
            file: file.into(),
            line: pos.line.max(1),
            column: pos.col.max(1),
            offset: pos.offset,
            len: pos.len,
            label: None,
        }
    }

    /// The start of a file (for problems with the file as a whole).
    pub(crate) fn file_start(file: impl Into<String>) -> Label {
        Label::new(
            file,
            Pos {
                line: 1,
                col: 1,
                offset: Some(0),
                len: 0,
            },
        )
    }

    pub(crate) fn with_label(mut self, label: impl Into<String>) -> Label {
        self.label = Some(label.into());
        self
    }

    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code, e.g. `yaml::syntax`, `ref::unknown-id`.
    pub code: &'static str,
    pub message: String,
    #[serde(flatten)]
    pub at: Label,
    /// Other places that explain the problem (e.g. the first definition of
    /// a duplicated id).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, at: Label) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            at,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, at: Label) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, at)
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_related(mut self, label: Label) -> Diagnostic {
        self.related.push(label);
        self
    }

    /// A one-line form: `file:line:col: error[code]: message`.
    pub fn short(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!(
            "{}: {sev}[{}]: {}",
            self.at.location(),
            self.code,
            self.message
        );
        if let Some(h) = &self.help {
            let _ = write!(s, " (help: {h})");
        }
        s
    }
}

/// "did you mean `x`?" — the closest candidate, if any is close enough.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The hint for a word that is not one of `candidates`: "did you mean …?"
/// when one is close, else `otherwise` (e.g. "levels are: a, b, c").
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match suggest(word, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise(),
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// All diagnostics of a run, with the text of the files they point into.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
    /// The book's folder, when known: `Format::Github` names files from the
    /// repository root through it (see [`Report::set_book_dir`]).
    book_dir: Option<PathBuf>,
}

impl Report {
    pub fn new() -> Report {
        Report::default()
    }

    /// Remember a file's text so that snippets can be shown from it.
    pub fn add_source(&mut self, file: &str, text: &str) {
        self.sources.insert(file.to_string(), text.to_string());
    }

    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(String::as_str)
    }

    /// The folder the diagnostics' file names are relative to. GitHub
    /// annotations must name files from the repository root, so
    /// `Format::Github` puts the book's path in the repository before each
    /// name (`book/content/faq.yaml` for a handbook in `book/`).
    pub(crate) fn set_book_dir(&mut self, dir: &Path) {
        self.book_dir = Some(dir.to_path_buf());
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(ds);
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// Sort by file, line and column, and drop exact duplicates.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.at.file, a.at.line, a.at.column, a.severity, &a.message).cmp(&(
                &b.at.file,
                b.at.line,
                b.at.column,
                b.severity,
                &b.message,
            ))
        });
        self.diagnostics.dedup();
    }

    pub fn render(&self, format: Format, color: bool) -> String {
        match format {
            Format::Human => self.render_human(color),
            Format::Json => self.render_json(),
            Format::Github => self.render_github(),
        }
    }

    fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: &'a [Diagnostic],
        }
        let mut s = serde_json::to_string_pretty(&Out {
            errors: self.errors(),
            warnings: self.warnings(),
            diagnostics: &self.diagnostics,
        })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    fn render_github(&self) -> String {
        let prefix = self
            .book_dir
            .as_deref()
            .map(repository_prefix)
            .unwrap_or_default();
        let file = |f: &str| from_repository_root(&prefix, f);
        let mut out = String::new();
        for d in &self.diagnostics {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut msg = d.message.clone();
            for r in &d.related {
                let _ = write!(
                    msg,
                    "\n{}:{}:{}: {}",
                    file(&r.file),
                    r.line,
                    r.column,
                    r.label.as_deref().unwrap_or("see also")
                );
            }
            if let Some(h) = &d.help {
                let _ = write!(msg, "\nhelp: {h}");
            }
            let _ = writeln!(
                out,
                "::{cmd} file={},line={},col={},title={}::{}",
                gh_property(&file(&d.at.file)),
                d.at.line,
                d.at.column,
                gh_property(d.code),
                gh_data(&msg)
            );
        }
        out
    }

    fn render_human(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let mut group = Group::with_title(level.primary_title(d.message.as_str()).id(d.code));
            let mut labels = vec![(&d.at, AnnotationKind::Primary)];
            labels.extend(d.related.iter().map(|r| (r, AnnotationKind::Context)));
            // One snippet per file, in order of first mention.
            let mut files: Vec<&str> = Vec::new();
            for (l, _) in &labels {
                if !files.contains(&l.file.as_str()) {
                    files.push(&l.file);
                }
            }
            let mut plain_lines = Vec::new();
            for f in files {
                match self.sources.get(f) {
                    Some(src) => {
                        let mut snippet = Snippet::source(src.as_str()).path(f).fold(true);
                        for (l, kind) in labels.iter().filter(|(l, _)| l.file == f) {
                            let range = byte_range(src, l);
                            let mut a = kind.span(range);
                            if let Some(text) = &l.label {
                                a = a.label(text.as_str());
                            }
                            snippet = snippet.annotation(a);
                        }
                        group = group.element(snippet);
                    }
                    None => {
                        for (l, _) in labels.iter().filter(|(l, _)| l.file == f) {
                            plain_lines.push(format!(
                                "{}{}",
                                l.location(),
                                l.label
                                    .as_ref()
                                    .map(|t| format!(": {t}"))
                                    .unwrap_or_default()
                            ));
                        }
                    }
                }
            }
            let mut report = vec![group];
            for p in &plain_lines {
                report.push(Group::with_title(Level::NOTE.secondary_title(p.as_str())));
            }
            if let Some(h) = &d.help {
                report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
            }
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        let (e, w) = (self.errors(), self.warnings());
        let _ = writeln!(
            out,
            "{} error{}, {} warning{}",
            e,
            if e == 1 { "" } else { "s" },
            w,
            if w == 1 { "" } else { "s" }
        );
        out
    }
}

/// The byte range to underline for a label: its recorded span, else the
/// token starting at its line and column.
fn byte_range(src: &str, l: &Label) -> std::ops::Range<usize> {
    let start = l
        .offset
        .filter(|o| *o <= src.len() && src.is_char_boundary(*o))
        .unwrap_or_else(|| offset_of(src, l.line, l.column));
    let mut end = start + l.len;
    if l.len == 0 || end > src.len() || !src.is_char_boundary(end) {
        end = start
            + src[start..]
                .char_indices()
                .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':'))
                .map(|(i, _)| i)
                .unwrap_or(src.len() - start);
        if end == start {
            end = start + src[start..].chars().next().map_or(0, char::len_utf8);
        }
    }
    start..end
}

/// Byte offset of a 1-based line and (character) column.
pub(crate) fn offset_of(src: &str, line: u32, column: u32) -> usize {
    let mut off = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let chars = column.saturating_sub(1) as usize;
            let within = l
                .char_indices()
                .nth(chars)
                .map(|(b, _)| b)
                .unwrap_or(l.trim_end_matches(['\n', '\r']).len());
            return off + within;
        }
        off += l.len();
    }
    src.len()
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(src.len());
    let before = &src.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

/// The book folder's path from the repository root, ending in `/` (empty
/// at the root, or when there is no repository). The root is
/// `GITHUB_WORKSPACE` when it is set and holds the book, else git's top
/// level.
fn repository_prefix(book: &Path) -> String {
    let Ok(book) = std::fs::canonicalize(book) else {
        return String::new();
    };
    let git_top = || {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&book)
            .args(["rev-parse", "--show-toplevel"])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    };
    let workspace = std::env::var_os("GITHUB_WORKSPACE")
        .filter(|w| !w.is_empty())
        .map(PathBuf::from);
    let roots = workspace
        .map(Some)
        .into_iter()
        .chain(std::iter::once_with(git_top));
    for root in roots {
        let Some(root) = root.and_then(|r| std::fs::canonicalize(r).ok()) else {
            continue;
        };
        if let Ok(rel) = book.strip_prefix(&root) {
            let mut s: String = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if !s.is_empty() {
                s.push('/');
            }
            return s;
        }
    }
    String::new()
}

/// `prefix` + `file`, with `..` steps resolved (a schema above the book).
fn from_repository_root(prefix: &str, file: &str) -> String {
    if prefix.is_empty() {
        return file.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(&format!("{prefix}{file}")).components() {
        match c {
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::CurDir => {}
            c => parts.push(c.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// Escape workflow-command data as the Actions toolkit does.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property as the Actions toolkit does.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_the_toolkit() {
        assert_eq!(gh_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(gh_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn github_paths_start_at_the_repository_root() {
        assert_eq!(from_repository_root("", "content/a.yaml"), "content/a.yaml");
        assert_eq!(
            from_repository_root("book/", "content/a.yaml"),
            "book/content/a.yaml"
        );
        assert_eq!(
            from_repository_root("docs/book/", "../schema/s.json"),
            "docs/schema/s.json"
        );
    }

    #[test]
    fn offsets_and_positions_round_trip() {
        let src = "a: 1\nbé: 2\r\nc: 3\n";
        let off = offset_of(src, 2, 5);
        assert_eq!(&src[off..off + 1], "2");
        assert_eq!(line_col(src, off), (2, 5));
        assert_eq!(line_col(src, offset_of(src, 3, 1)), (3, 1));
    }

    #[test]
    fn suggestions_pick_the_closest_candidate() {
        assert_eq!(suggest("titel", ["id", "title", "summary"]), Some("title"));
        assert_eq!(suggest("zzz", ["id", "title"]), None);
    }
}
